package cliapp

import (
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
)

// Cloud is set by a command that links the bucket drivers (embedmeta-cloud) before it calls
// Run: such a command reads object URLs itself. embedmeta leaves the drivers out — the
// AWS, Google Cloud and Azure SDKs triple its size and add their package initialisation to
// every run, most of which read local files — and hands a command line with URLs over to
// embedmeta-cloud.
var Cloud bool

// cloudCommand is the command that reads URLs.
const cloudCommand = "embedmeta-cloud"

// listEnv names, for embedmeta-cloud, the file holding the paths embedmeta read from
// standard input for --files-from - before it found URLs among them (standard input cannot
// be read twice). The file is removed once read.
const listEnv = "EMBEDMETA_FILES_FROM_STDIN"

// hasRemote reports whether inputs hold an object URL.
func hasRemote(inputs []input) bool {
	return slices.ContainsFunc(inputs, func(in input) bool { return in.remote })
}

// handOver runs embedmeta-cloud with this command line (replacing this process where the
// system allows): beside this executable, else on PATH. The paths already read from
// standard input (--files-from -) go to it in a temporary file.
func handOver(args []string, cfg *config, inputs []input, stdin io.Reader, stdout, stderr io.Writer) int {
	path, dirs, ok := findCommand(cloudCommand)
	if !ok {
		where := "on PATH"
		if len(dirs) > 0 {
			where = "in " + dirs[0] + " (beside embedmeta) or on PATH"
		}
		fmt.Fprintf(stderr, "embedmeta: reading URLs needs %s, not found %s; install it with: "+
			"go install github.com/embedmeta/embedmeta/cmd/...@latest\n", cloudCommand, where)
		return exitUsage
	}
	var env []string
	if cfg.filesFrom == stdinName {
		f, err := os.CreateTemp("", "embedmeta-list-*")
		if err != nil {
			fmt.Fprintf(stderr, "embedmeta: %v\n", err)
			return exitFailed
		}
		for _, p := range cfg.listed {
			fmt.Fprintln(f, p)
		}
		if err := f.Close(); err != nil {
			fmt.Fprintf(stderr, "embedmeta: %v\n", err)
			return exitFailed
		}
		env = append(env, listEnv+"="+f.Name())
	}
	return execCommand("embedmeta", path, args, env, stdin, stdout, stderr)
}

// listedFromEnv returns the paths embedmeta handed over in the file named by listEnv, and
// removes the file; ok is false when there is none.
func listedFromEnv() (paths []string, ok bool, err error) {
	name := os.Getenv(listEnv)
	if name == "" {
		return nil, false, nil
	}
	os.Unsetenv(listEnv)
	defer os.Remove(name)
	b, err := os.ReadFile(name)
	if err != nil {
		return nil, true, err
	}
	for _, line := range strings.Split(string(b), "\n") {
		if line != "" {
			paths = append(paths, line)
		}
	}
	return paths, true, nil
}
