package main

import (
	"bufio"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// stdinName is the argument that means standard input.
const stdinName = "-"

// collect expands the arguments into the list of inputs, in argument order: files as given,
// globs expanded (sorted), directories walked in lexical order when recursive; then the
// paths listed by --files-from.
func collect(cfg *config, stdin io.Reader) ([]string, error) {
	args := cfg.args
	if cfg.filesFrom != "" {
		listed, err := readList(cfg.filesFrom, stdin)
		if err != nil {
			return nil, err
		}
		args = append(append([]string{}, args...), listed...)
	}
	var out []string
	for _, a := range args {
		if a == stdinName {
			out = append(out, a)
			continue
		}
		st, err := os.Stat(a)
		switch {
		case err == nil && st.IsDir():
			if !cfg.recursive {
				return nil, fmt.Errorf("%s is a directory (use -r)", a)
			}
			files, err := walk(a, cfg.exts)
			if err != nil {
				return nil, err
			}
			out = append(out, files...)
		case err != nil && hasMeta(a):
			matches, gerr := filepath.Glob(a)
			if gerr != nil {
				return nil, fmt.Errorf("bad pattern %q: %v", a, gerr)
			}
			for _, m := range matches {
				if st, err := os.Stat(m); err == nil && st.Mode().IsRegular() && extOK(m, cfg.exts) {
					out = append(out, m)
				}
			}
		default:
			out = append(out, a) // a file (a missing one is reported when it is read)
		}
	}
	return out, nil
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

// walk lists the regular files under dir in lexical order.
func walk(dir string, exts []string) ([]string, error) {
	var files []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type().IsRegular() && extOK(p, exts) {
			files = append(files, p)
		}
		return nil
	})
	return files, err
}

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
