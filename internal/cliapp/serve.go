package cliapp

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// serveCommand is the program `embedmeta serve` runs: the HTTP service (internal/serve) is a
// binary of its own so that this one does not link client_golang (with protobuf and procfs)
// and pay its package initialisation on every file run.
const serveCommand = "embedmeta-serve"

// serveInstall says how to get serveCommand.
const serveInstall = "go install github.com/embedmeta/embedmeta/cmd/...@latest (installs embedmeta and " + serveCommand + ")"

// serve runs embedmeta-serve with args (serve's flags): the one in this executable's
// directory, else the one on PATH. On unix it replaces this process (see execServe), so that
// signals, the process id and the exit status are the service's own. Without embedmeta-serve
// it says how to install it and returns exitUsage.
func serve(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	path, dirs, ok := findCommand(serveCommand)
	if !ok {
		where := "on PATH"
		if len(dirs) > 0 {
			where = "in " + dirs[0] + " (beside embedmeta) or on PATH"
		}
		fmt.Fprintf(stderr, "embedmeta serve: %s not found %s; install it with: %s\n", serveCommand, where, serveInstall)
		return exitUsage
	}
	return execCommand("embedmeta serve", path, args, nil, stdin, stdout, stderr)
}

// findCommand returns the path of the command name (embedmeta-serve, embedmeta-cloud): in
// the directory of this executable (or, when that is a symbolic link, of its target), else
// on PATH; dirs are the directories looked in first.
func findCommand(name string) (path string, dirs []string, ok bool) {
	if exe, err := os.Executable(); err == nil {
		dirs = append(dirs, filepath.Dir(exe))
		if real, err := filepath.EvalSymlinks(exe); err == nil && filepath.Dir(real) != dirs[0] {
			dirs = append(dirs, filepath.Dir(real))
		}
	}
	for _, dir := range dirs {
		if p, ok := executable(filepath.Join(dir, name)); ok {
			return p, dirs, true
		}
	}
	path, ok = lookPath(name)
	return path, dirs, ok
}
