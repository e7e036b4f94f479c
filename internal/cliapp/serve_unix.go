//go:build unix

package cliapp

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"syscall"
)

// executable returns path when it names an executable regular file.
func executable(path string) (string, bool) {
	fi, err := os.Stat(path)
	return path, err == nil && fi.Mode().IsRegular() && fi.Mode().Perm()&0o111 != 0
}

// lookPath finds name in the absolute directories of PATH. Relative ones (the current
// directory among them) are passed over, as os/exec.LookPath refuses them; it is not used
// here because it would add os/exec's initialisation to every run of the CLI.
func lookPath(name string) (string, bool) {
	for _, dir := range filepath.SplitList(os.Getenv("PATH")) {
		if !filepath.IsAbs(dir) {
			continue
		}
		if p, ok := executable(filepath.Join(dir, name)); ok {
			return p, true
		}
	}
	return "", false
}

// execCommand replaces this process with the command at path (embedmeta-serve,
// embedmeta-cloud): it inherits the standard streams, the environment (plus env) and the
// process id, and handles SIGTERM and SIGINT itself. It returns only if the exec failed;
// what names the failure in the message.
func execCommand(what, path string, args, env []string, _ io.Reader, _, stderr io.Writer) int {
	err := syscall.Exec(path, append([]string{path}, args...), append(os.Environ(), env...))
	fmt.Fprintf(stderr, "%s: %v\n", what, &os.PathError{Op: "exec", Path: path, Err: err})
	return exitFailed
}
