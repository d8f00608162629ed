package demo

import (
	"strings"

	"github.com/google/uuid"
)

// namespace roots every demo ID. Deriving IDs from stable names (rather than
// random UUIDs) keeps them identical across runs and databases, so docs,
// tests and bookmarked URLs keep working after a reseed.
var namespace = uuid.NewSHA1(uuid.NameSpaceURL, []byte("https://github.com/didstock/didstock/demo"))

// id returns the deterministic UUID for an entity kind and its natural key,
// e.g. id("city", "GB", "London").
func id(kind string, key ...string) string {
	name := kind + ":" + strings.Join(key, ":")
	return uuid.NewSHA1(namespace, []byte(name)).String()
}
