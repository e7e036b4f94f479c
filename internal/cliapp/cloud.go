package cliapp

import (
	"context"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/embedmeta/embedmeta"
)

// Objects reads stored objects: set by a command that links the remote package and the
// bucket drivers (embedmeta-cloud) before it calls Run. embedmeta leaves it nil — gocloud.dev
// and the AWS, Google Cloud and Azure SDKs would triple its size and add their package
// initialisation (gRPC, protobuf, OpenTelemetry) to every run, most of which read local
// files — and hands a command line with URLs over to embedmeta-cloud.
var Objects func() ObjectReader

// ObjectReader reads the metadata of stored objects (remote.Client, behind this interface so
// that this package does not link it).
type ObjectReader interface {
	// Extract reads the object at url.
	Extract(ctx context.Context, url string, opts embedmeta.Options) (*embedmeta.Metadata, error)
	// List calls yield with the URL of every object under prefix, until it returns false.
	List(ctx context.Context, prefix string, yield func(url string) bool) error
	// Close releases what the reader holds (buckets).
	Close() error
}

// isURL reports whether s names a stored object or prefix rather than a local path: a
// scheme of two or more letters before "://" (remote.IsURL's rule; "C:\x" is a path).
func isURL(s string) bool {
	i := strings.Index(s, "://")
	return i >= 2 && !strings.ContainsAny(s[:i], "/\\.")
}

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
