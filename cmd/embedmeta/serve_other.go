//go:build !unix

package main

import (
	"errors"
	"fmt"
	"io"
	"os/exec"
)

// executable returns path, completed with an executable extension (.exe) where the system
// wants one, when it names an executable file.
func executable(path string) (string, bool) {
	p, err := exec.LookPath(path)
	return p, err == nil
}

// lookPath finds name on PATH (never in the current directory).
func lookPath(name string) (string, bool) {
	p, err := exec.LookPath(name)
	return p, err == nil
}

// execServe runs embedmeta-serve at path as a child with this process's standard streams
// and returns its exit status. An interrupt reaches both processes (the console delivers
// it to the group); this one waits for the service to shut down.
func execServe(path string, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	cmd := exec.Command(path, args...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = stdin, stdout, stderr
	err := cmd.Run()
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee) && ee.ExitCode() >= 0:
		return ee.ExitCode()
	case err != nil:
		fmt.Fprintf(stderr, "embedmeta serve: %v\n", err)
		return exitFailed
	}
	return exitOK
}
