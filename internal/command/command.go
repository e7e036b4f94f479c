// Package command holds what the module's small maintenance commands (keysdoc, listx,
// gentables) share: how they end on an error and how they write the one file they make.
package command

import (
	"fmt"
	"os"
)

// Check ends the command named name when err is not nil: it prints "name: err" on
// standard error and exits with status 1. A nil err returns.
func Check(name string, err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, name+":", err)
		os.Exit(1)
	}
}

// Write runs build and writes what it returns to the file path (mode 0644), ending the
// command as Check does when either fails.
func Write(name, path string, build func() ([]byte, error)) {
	b, err := build()
	if err == nil {
		err = os.WriteFile(path, b, 0o644)
	}
	Check(name, err)
}
