//go:build !linux

package cliapp

import "golang.org/x/term"

// terminal reports whether fd is a terminal (see terminal_linux.go).
func terminal(fd uintptr) bool { return term.IsTerminal(int(fd)) }
