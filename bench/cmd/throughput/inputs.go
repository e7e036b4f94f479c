package main

import (
	"bufio"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// file is one input held in memory.
type file struct {
	path string
	data []byte
}

// inputs returns the paths named by the list file (one per line, blank lines skipped)
// followed by those of args; directories are walked for regular files in lexical order.
func inputs(list string, args []string) ([]string, error) {
	var out []string
	if list != "" {
		f, err := os.Open(list)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if p := strings.TrimSpace(sc.Text()); p != "" {
				out = append(out, p)
			}
		}
		if err := sc.Err(); err != nil {
			return nil, err
		}
	}
	for _, a := range args {
		st, err := os.Stat(a)
		if err != nil {
			return nil, err
		}
		if !st.IsDir() {
			out = append(out, a)
			continue
		}
		err = filepath.WalkDir(a, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.Type().IsRegular() {
				out = append(out, p)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// load reads every path into memory.
func load(paths []string) ([]file, error) {
	files := make([]file, 0, len(paths))
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		files = append(files, file{path: p, data: b})
	}
	return files, nil
}
