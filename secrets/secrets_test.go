package secrets

import (
	"os"
	"path/filepath"
	"testing"
)

func TestLoadOrCreateSealOpen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "secret")
	box, err := LoadOrCreate(path)
	if err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Fatalf("secret file mode = %v, want 0600", st.Mode().Perm())
	}
	sealed, err := box.Seal("k3y")
	if err != nil {
		t.Fatal(err)
	}
	again, err := LoadOrCreate(path) // reads the same secret back
	if err != nil {
		t.Fatal(err)
	}
	if got, err := again.Open(sealed); err != nil || got != "k3y" {
		t.Fatalf("Open = %q, %v", got, err)
	}
	other, _ := LoadOrCreate(filepath.Join(t.TempDir(), "other"))
	if _, err := other.Open(sealed); err == nil {
		t.Fatal("a different secret opened the sealed key")
	}
}

func TestHashKeyIsStableAndDistinct(t *testing.T) {
	first, again := HashKey("a"), HashKey("a")
	if first != again || first == HashKey("b") {
		t.Fatal("HashKey must be deterministic and distinguish keys")
	}
	if k := NewAPIKey(); len(k) != 32 {
		t.Fatalf("NewAPIKey length = %d", len(k))
	}
}
