// Command embedmeta prints the embeddedMetadata of media files as JSON.
//
//	embedmeta FILE            one file: its embeddedMetadata object and a newline
//	embedmeta FILE...         several files: one NDJSON line per file
//	embedmeta -r DIR...       every file under DIR, one NDJSON line per file
//
// An NDJSON line is {"file":"…","embeddedMetadata":{…}}, with "warnings":[…] when reading met
// recoverable trouble and "error":"…" when the file could not be read. The exit status is 0
// when every file was read, 1 when at least one could not be read at all, 2 on bad usage.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/embedmeta/embedmeta"
	"github.com/embedmeta/embedmeta/normalize"
)

// Exit codes.
const (
	exitOK     = 0
	exitFailed = 1 // at least one file could not be read
	exitUsage  = 2
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("embedmeta", flag.ContinueOnError)
	fl.SetOutput(stderr)
	recursive := fl.Bool("r", false, "recurse into the given directories")
	fl.Usage = func() {
		fmt.Fprintf(stderr, "usage: embedmeta [-r] FILE|DIR...\n\n"+
			"Prints the embeddedMetadata (EXIF, IPTC, XMP) of each file as JSON.\n"+
			"One file: the object. Several files or -r: one NDJSON line per file.\n\n"+
			"examples:\n  embedmeta photo.jpg\n  embedmeta -r ./uploads > metadata.ndjson\n\nflags:\n")
		fl.PrintDefaults()
	}
	if err := fl.Parse(args); err != nil {
		return exitUsage
	}
	if fl.NArg() == 0 {
		fl.Usage()
		return exitUsage
	}
	files, err := collect(fl.Args(), *recursive)
	if err != nil {
		fmt.Fprintf(stderr, "embedmeta: %v\n", err)
		return exitFailed
	}
	w := bufio.NewWriterSize(stdout, 64<<10)
	defer w.Flush()
	single := len(files) == 1 && !*recursive
	status := exitOK
	var buf []byte
	for _, path := range files {
		md, err := embedmeta.ExtractFile(path)
		if err != nil {
			status = exitFailed
			fmt.Fprintf(stderr, "embedmeta: %s: %v\n", path, err)
		}
		buf = buf[:0]
		if single {
			if err != nil {
				return status
			}
			buf, _ = appendMetadata(buf, md)
		} else {
			buf = appendRecord(buf, path, md, err)
		}
		buf = append(buf, '\n')
		if _, werr := w.Write(buf); werr != nil {
			fmt.Fprintf(stderr, "embedmeta: %v\n", werr)
			return exitFailed
		}
	}
	return status
}

// collect expands the arguments into files, walking directories when recursive.
func collect(args []string, recursive bool) ([]string, error) {
	var files []string
	for _, a := range args {
		st, err := os.Stat(a)
		if err != nil || !st.IsDir() {
			files = append(files, a) // a missing file is reported when it is read
			continue
		}
		if !recursive {
			return nil, fmt.Errorf("%s is a directory (use -r)", a)
		}
		err = filepath.WalkDir(a, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.Type().IsRegular() {
				files = append(files, p)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return files, nil
}

func appendMetadata(dst []byte, md *embedmeta.Metadata) ([]byte, error) {
	js, err := md.MarshalJSON()
	return append(dst, js...), err
}

// appendRecord writes one NDJSON record.
func appendRecord(dst []byte, path string, md *embedmeta.Metadata, err error) []byte {
	dst = append(dst, `{"file":`...)
	dst = normalize.AppendString(dst, path)
	if md != nil && err == nil {
		dst = append(dst, `,"embeddedMetadata":`...)
		dst, _ = appendMetadata(dst, md)
	}
	if md != nil && len(md.Warnings) > 0 {
		dst = append(dst, `,"warnings":[`...)
		for i, w := range md.Warnings {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = normalize.AppendString(dst, w.String())
		}
		dst = append(dst, ']')
	}
	if err != nil {
		dst = append(dst, `,"error":`...)
		dst = normalize.AppendString(dst, err.Error())
	}
	return append(dst, '}')
}
