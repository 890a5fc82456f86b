// Command guidec compiles identity-provider integration guides into a static
// site and checks every snippet in them. See `guidec --help`.
package main

import (
	"os"
	"runtime"
	"strings"

	"github.com/guidec/guidec/internal/cli"
)

func main() {
	// Heap profiling samples an allocation every 512 KiB with a stack
	// unwind each time, ~3 % of the CPU of a short run; only --memprofile
	// needs it, and turns it back on (cli's profiling.start). A rate the
	// user set with GODEBUG=memprofilerate stands.
	if !strings.Contains(os.Getenv("GODEBUG"), "memprofilerate=") {
		runtime.MemProfileRate = 0
	}
	os.Exit(cli.Main(os.Args[1:], os.Stdout, os.Stderr))
}
