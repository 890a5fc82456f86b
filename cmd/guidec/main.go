// Command guidec compiles identity-provider integration guides into a static
// site and checks every snippet in them. See `guidec --help`.
package main

import (
	"os"

	"github.com/guidec/guidec/internal/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:], os.Stdout, os.Stderr))
}
