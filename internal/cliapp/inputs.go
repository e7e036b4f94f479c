package cliapp

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// stdinName is the argument that means standard input.
const stdinName = "-"

// input is what one argument contributes to the files read: a path, or a directory whose
// files are listed only when reading reaches it (expand), so that a large tree's first
// records are printed while the rest of it is still being walked.
type input struct {
	path   string
	dir    bool  // a directory, or with remote a bucket prefix, to list
	remote bool  // a URL (isURL) other than file://
	err    error // set for a pattern that matched nothing: reported as that input's error
}

// entry is one file to read as the listing hands it out: its path, whether a directory
// walk found it (walked: skipped unless its content is recognised, see --all-files), or
// the error that stands for it (a pattern that matched nothing).
type entry struct {
	path   string
	walked bool
	err    error
}

// errNoMatch is the error of a pattern, or an --ext filter, that matched no file.
var errNoMatch = errors.New("no file matches")

// collect turns the arguments into inputs, in argument order: files as given, globs
// expanded (sorted), directories to walk when recursive; then the paths listed by
// --files-from. Usage errors (a directory without -r, a bad pattern) are found here,
// before anything is read.
func collect(cfg *config, stdin io.Reader) ([]input, error) {
	args := cfg.args
	if cfg.filesFrom != "" {
		listed, handed, err := listedFromEnv() // embedmeta read them before handing over
		if !handed {
			listed, err = readList(cfg.filesFrom, stdin)
		}
		if err != nil {
			return nil, err
		}
		cfg.listed = listed
		args = append(append([]string{}, args...), listed...)
	}
	var out []input
	for _, a := range args {
		if a == stdinName {
			out = append(out, input{path: a})
			continue
		}
		if isURL(a) && !strings.HasPrefix(a, "file://") {
			prefix := strings.HasSuffix(a, "/") || cfg.recursive && !strings.HasPrefix(a, "http")
			if prefix && !cfg.recursive {
				return nil, fmt.Errorf("%s is a prefix (use -r to read the objects under it)", a)
			}
			out = append(out, input{path: a, dir: prefix, remote: true})
			continue
		}
		a = strings.TrimPrefix(a, "file://")
		st, err := os.Stat(a)
		switch {
		case err == nil && st.IsDir():
			if !cfg.recursive {
				return nil, fmt.Errorf("%s is a directory (use -r)", a)
			}
			out = append(out, input{path: a, dir: true})
		case err != nil && hasMeta(a):
			matches, gerr := filepath.Glob(a)
			if gerr != nil {
				return nil, fmt.Errorf("bad pattern %q: %v", a, gerr)
			}
			n := len(out)
			for _, m := range matches {
				if st, err := os.Stat(m); err == nil && st.Mode().IsRegular() && extOK(m, cfg.exts) {
					out = append(out, input{path: m})
				}
			}
			if len(out) == n {
				out = append(out, input{path: a, err: errNoMatch})
			}
		default:
			out = append(out, input{path: a}) // a file (a missing one is reported when it is read)
		}
	}
	return out, nil
}

// expand passes every file of inputs to emit, in order, walking directories (regular files
// with one of exts, lexical order) and listing bucket prefixes (with lister, key order) as
// it reaches them. It stops when emit returns false, and returns the error that ended a
// walk early, if any.
func expand(ctx context.Context, inputs []input, exts []string, lister ObjectReader, emit func(e entry) bool) error {
	for _, in := range inputs {
		if !in.dir {
			if !emit(entry{path: in.path, err: in.err}) {
				return nil
			}
			continue
		}
		if in.remote {
			stopped := false
			err := lister.List(ctx, in.path, func(u string) bool {
				if !extOK(u, exts) {
					return true
				}
				stopped = !emit(entry{path: u, walked: true})
				return !stopped
			})
			if err != nil {
				return err
			}
			if stopped {
				return nil
			}
			continue
		}
		stopped := false
		err := filepath.WalkDir(in.path, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.Type().IsRegular() && extOK(p, exts) && !emit(entry{path: p, walked: true}) {
				stopped = true
				return filepath.SkipAll
			}
			return nil
		})
		if err != nil {
			return err
		}
		if stopped {
			return nil
		}
	}
	return nil
}

// readList reads paths, one per line (blank lines skipped), from a file or "-" (stdin).
func readList(name string, stdin io.Reader) ([]string, error) {
	r := stdin
	if name != stdinName {
		f, err := os.Open(name)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		r = f
	}
	if r == nil {
		return nil, fmt.Errorf("--files-from %s: nothing to read", name)
	}
	var out []string
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		if line := strings.TrimRight(sc.Text(), "\r"); line != "" {
			out = append(out, line)
		}
	}
	return out, sc.Err()
}

func hasMeta(p string) bool { return strings.ContainsAny(p, "*?[") }

// extOK reports whether path has one of the extensions (any when there are none).
func extOK(path string, exts []string) bool {
	if len(exts) == 0 {
		return true
	}
	ext := strings.TrimPrefix(filepath.Ext(path), ".")
	for _, e := range exts {
		if strings.EqualFold(strings.TrimPrefix(e, "."), ext) {
			return true
		}
	}
	return false
}
