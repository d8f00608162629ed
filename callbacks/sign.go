package callbacks

import (
	"crypto/hmac"
	"crypto/sha1" // SHA-1 because the DIDWW signature is defined as HMAC-SHA1; receivers verify exactly that.
	"encoding/hex"
	"fmt"
	"sort"
	"strings"
)

// SignatureHeader carries the signature of a callback request.
const SignatureHeader = "X-DIDWW-Signature"

// Sign returns the X-DIDWW-Signature of a callback: the lowercase hex
// HMAC-SHA1, keyed with the account's API key, of the normalized callback URL
// followed by every parameter as key then value, keys in ascending order,
// without separators.
//
// callbackURL is normalized here, so passing the stored (already normalized)
// URL or the one the customer typed gives the same signature.
func Sign(apiKey, callbackURL string, params map[string]string) (string, error) {
	// An empty key would make the signature computable by anyone, which is
	// worse than sending none.
	if apiKey == "" {
		return "", fmt.Errorf("callbacks: sign: %w", ErrNoAPIKey)
	}
	normalized, err := NormalizeURL(callbackURL)
	if err != nil {
		return "", err
	}
	mac := hmac.New(sha1.New, []byte(apiKey))
	mac.Write([]byte(signedMessage(normalized, params)))
	return hex.EncodeToString(mac.Sum(nil)), nil
}

// signedMessage concatenates the normalized URL and the sorted parameters.
func signedMessage(normalizedURL string, params map[string]string) string {
	keys := make([]string, 0, len(params))
	for k := range params {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	b.WriteString(normalizedURL)
	for _, k := range keys {
		b.WriteString(k)
		b.WriteString(params[k])
	}
	return b.String()
}
