package main

import (
	"os"
	"testing"

	"github.com/didstock/didstock/internal/testapp"
)

// didstockBin is the didstock binary built once for the package's
// end-to-end tests, which run it as a user would: as a separate process
// with arguments, environment and standard streams.
var didstockBin string

// TestMain builds the binary into a temporary folder before the tests and
// removes it afterwards. It is the package's only TestMain: tests of any
// command share didstockBin.
func TestMain(m *testing.M) {
	os.Exit(testapp.RunWithBinary(m, &didstockBin))
}
