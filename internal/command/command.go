// Package command holds what the module's maintenance commands that write one file
// (keysdoc, listx, gentables) share: the -o flag, writing the file, ending on an error.
package command

import (
	"flag"
	"fmt"
	"os"
)

// Main is the main of a command named name that writes one file: it adds the -o flag (the
// file to write, default out) to the flags the caller defined, parses the command line,
// runs build and writes what it returns to the -o file (mode 0644). When build or the
// write fails it prints "name: err" on standard error and exits with status 1.
func Main(name, out string, build func() ([]byte, error)) {
	path := flag.String("o", out, "output file")
	flag.Parse()
	b, err := build()
	if err == nil {
		err = os.WriteFile(*path, b, 0o644)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, name+":", err)
		os.Exit(1)
	}
}
