package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// didstockBin is the didstock binary built once for the package's
// end-to-end tests, which run it as a user would: as a separate process
// with arguments, environment and standard streams.
var didstockBin string

// TestMain builds the binary into a temporary folder before the tests and
// removes it afterwards. It is the package's only TestMain: tests of any
// command share didstockBin.
func TestMain(m *testing.M) {
	os.Exit(buildAndRun(m))
}

func buildAndRun(m *testing.M) int {
	dir, err := os.MkdirTemp("", "didstock-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "TestMain:", err)
		return 1
	}
	defer os.RemoveAll(dir)
	didstockBin = filepath.Join(dir, "didstock")
	build := exec.Command("go", "build", "-o", didstockBin, ".")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "TestMain: building didstock:", err)
		return 1
	}
	return m.Run()
}
