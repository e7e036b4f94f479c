//go:build !unix

package cliapp

import (
	"errors"
	"fmt"
	"io"
	"os"
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

// execCommand runs the command at path (embedmeta-serve, embedmeta-cloud) as a child with
// this process's standard streams and environment (plus env) and returns its exit status.
// An interrupt reaches both processes (the console delivers it to the group); this one
// waits for the child to end. what names a failure in the message.
func execCommand(what, path string, args, env []string, stdin io.Reader, stdout, stderr io.Writer) int {
	cmd := exec.Command(path, args...)
	cmd.Env = append(os.Environ(), env...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = stdin, stdout, stderr
	err := cmd.Run()
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee) && ee.ExitCode() >= 0:
		return ee.ExitCode()
	case err != nil:
		fmt.Fprintf(stderr, "%s: %v\n", what, err)
		return exitFailed
	}
	return exitOK
}
