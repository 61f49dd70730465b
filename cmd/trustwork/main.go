// Command trustwork is a terminal workbook for repairing trust in a
// relationship. Run it with no arguments to open the workbook; see --help
// for the other commands.
package main

import (
	"os"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.Getenv))
}
