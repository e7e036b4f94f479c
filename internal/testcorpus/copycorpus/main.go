// Command copycorpus copies the redistributable part of the shared test corpus into the
// project's testdata/corpus, so that the differential tests run whole on a fresh clone.
//
//	go run ./internal/testcorpus/copycorpus [-allow CLASSES] FROM [TO]
//
// FROM is the folder of the workplace's corpus (holding corpus/, corpus-exiftool/ and
// expected/), which users of the project do not have; TO defaults to testdata/corpus. It
// reads <from>/corpus/manifest.csv
// and copies every file whose redistribution column is one of -allow (by default: ok,
// copyleft, attribution-sharealike) and whose license column does not defer to a per-file
// licence nobody checked (uncheckedLicense), with ExifTool's two answers for it
// (<from>/corpus-exiftool/<path>.G1.json and .G1n.json) and its spec-normalized expectation
// (<from>/expected/<path>.json), into <to>/files, <to>/exiftool and <to>/expected. It writes
// <to>/manifest.csv holding the rows it copied (the source and license of each file) and
// removes from those three folders any file the new manifest does not list. A file whose
// bytes do not match the manifest's sha256 is an error.
package main

import (
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// uncheckedLicense marks the license column of a file whose licence is on a page of its own
// (the Wikimedia Commons images of exif-samples) that nobody checked file by file: such files
// are left out.
const uncheckedLicense = "per-file license"

func main() {
	allow := flag.String("allow", "ok,copyleft,attribution-sharealike", "redistribution classes to copy")
	flag.Parse()
	if flag.NArg() < 1 || flag.NArg() > 2 {
		fmt.Fprintln(os.Stderr, "usage: copycorpus [-allow CLASSES] FROM [TO]   (FROM holds corpus/, corpus-exiftool/ and expected/)")
		os.Exit(2)
	}
	from, to := flag.Arg(0), "testdata/corpus"
	if flag.NArg() > 1 {
		to = flag.Arg(1)
	}
	n, err := copyCorpus(from, to, strings.Split(*allow, ","), uncheckedLicense)
	if err != nil {
		fmt.Fprintln(os.Stderr, "copycorpus:", err)
		os.Exit(1)
	}
	fmt.Printf("copied %d files into %s\n", n, to)
}

// copyCorpus copies the rows of the manifest whose class allow lists and whose license does
// not contain unchecked (when not empty), and returns how many files it copied.
func copyCorpus(from, to string, allow []string, unchecked string) (int, error) {
	f, err := os.Open(filepath.Join(from, "corpus", "manifest.csv"))
	if err != nil {
		return 0, err
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return 0, fmt.Errorf("manifest: %w", err)
	}
	if len(rows) < 1 {
		return 0, errors.New("manifest: empty")
	}
	header := rows[0]
	col := func(name string) int { return slices.Index(header, name) }
	pathCol, shaCol, redistCol, licenseCol := col("path"), col("sha256"), col("redistribution"), col("license")
	if pathCol < 0 || shaCol < 0 || redistCol < 0 || licenseCol < 0 {
		return 0, errors.New("manifest: missing path, sha256, license or redistribution column")
	}
	kept := [][]string{header}
	want := map[string]bool{} // paths written below to, slash-separated
	for _, row := range rows[1:] {
		if !slices.Contains(allow, row[redistCol]) || unchecked != "" && strings.Contains(row[licenseCol], unchecked) {
			continue
		}
		p := row[pathCol]
		copies := []struct{ src, dst string }{
			{filepath.Join(from, "corpus", p), filepath.Join("files", p)},
			{filepath.Join(from, "corpus-exiftool", p+".G1.json"), filepath.Join("exiftool", p+".G1.json")},
			{filepath.Join(from, "corpus-exiftool", p+".G1n.json"), filepath.Join("exiftool", p+".G1n.json")},
			{filepath.Join(from, "expected", p+".json"), filepath.Join("expected", p+".json")},
		}
		for i, c := range copies {
			b, err := os.ReadFile(c.src)
			if errors.Is(err, fs.ErrNotExist) && i > 0 {
				continue // no answer for this file (ExifTool could not read it)
			}
			if err != nil {
				return 0, err
			}
			if i == 0 {
				sum := sha256.Sum256(b)
				if hex.EncodeToString(sum[:]) != row[shaCol] {
					return 0, fmt.Errorf("%s: sha256 does not match the manifest", p)
				}
			}
			dst := filepath.Join(to, c.dst)
			if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
				return 0, err
			}
			if err := os.WriteFile(dst, b, 0o644); err != nil {
				return 0, err
			}
			want[filepath.ToSlash(c.dst)] = true
		}
		kept = append(kept, row)
	}
	if err := removeUnlisted(to, want); err != nil {
		return 0, err
	}
	out, err := os.Create(filepath.Join(to, "manifest.csv"))
	if err != nil {
		return 0, err
	}
	w := csv.NewWriter(out)
	if err := w.WriteAll(kept); err != nil {
		out.Close()
		return 0, err
	}
	return len(kept) - 1, out.Close()
}

// removeUnlisted deletes the files below to/files, to/exiftool and to/expected that want does
// not hold, so that a class taken out of -allow leaves nothing behind.
func removeUnlisted(to string, want map[string]bool) error {
	for _, dir := range []string{"files", "exiftool", "expected"} {
		err := filepath.WalkDir(filepath.Join(to, dir), func(p string, d fs.DirEntry, err error) error {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			if err != nil || d.IsDir() {
				return err
			}
			rel, _ := filepath.Rel(to, p)
			if !want[filepath.ToSlash(rel)] {
				return os.Remove(p)
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}
