package cliapp

import (
	"syscall"
	"unsafe"
)

// terminal reports whether fd is a terminal: whether the TCGETS ioctl, which only a
// terminal answers, succeeds (what golang.org/x/term's IsTerminal does on Linux). It is its
// own on Linux because x/term links golang.org/x/sys/unix, whose package initialiser runs at
// every start (issue 16.3); other systems use x/term (terminal_other.go).
func terminal(fd uintptr) bool {
	var t syscall.Termios
	_, _, errno := syscall.Syscall(syscall.SYS_IOCTL, fd, syscall.TCGETS, uintptr(unsafe.Pointer(&t)))
	return errno == 0
}
