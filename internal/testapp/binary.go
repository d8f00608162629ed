package testapp

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// RunWithBinary builds the didstock binary into a temporary folder, points
// *bin at it, runs the package's tests and removes the folder: the TestMain
// of packages whose end-to-end tests run the real binary, as a user would.
func RunWithBinary(m *testing.M, bin *string) int {
	dir, err := os.MkdirTemp("", "didstock-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "TestMain:", err)
		return 1
	}
	defer os.RemoveAll(dir)
	*bin = filepath.Join(dir, "didstock")
	build := exec.Command("go", "build", "-o", *bin, "github.com/didstock/didstock/cmd/didstock")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "TestMain: building didstock:", err)
		return 1
	}
	return m.Run()
}
