package embedmeta

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/embedmeta/embedmeta/internal/testcorpus"
)

// corpusFiles lists the regular files of the shared corpus, or skips the test.
func corpusFiles(t *testing.T) []string {
	t.Helper()
	dir := testcorpus.Dir()
	if dir == "" {
		t.Skip("shared corpus not present")
	}
	var files []string
	_ = filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			files = append(files, path)
		}
		return nil
	})
	require.Greater(t, len(files), 100)
	return files
}

// record prints what a read gave: format, facts, fields, warnings and error.
func record(md *Metadata, err error) string {
	if md == nil {
		return fmt.Sprintf("error %v", err)
	}
	js, jerr := md.MarshalJSON()
	if jerr != nil {
		return fmt.Sprintf("marshal error %v", jerr)
	}
	facts, jerr := json.Marshal(md.Facts)
	if jerr != nil {
		return fmt.Sprintf("marshal error %v", jerr)
	}
	return fmt.Sprintf("%s %s %s %v error %v", md.Format, facts, js, md.Warnings, err)
}

// TestExtractorMatchesExtract reads every corpus file with one Extractor, from the file and
// from its bytes, and requires what each call returns to equal what the package's
// functions return: reusing the memory of earlier files, and reading strings in place,
// must change nothing. Options apply to every call.
func TestExtractorMatchesExtract(t *testing.T) {
	for _, opts := range []Options{{}, {RawValues: true, Sources: SourceXMP | SourceIPTC}} {
		x := NewExtractor(opts)
		for _, path := range corpusFiles(t) {
			want := record(ExtractFile(path, opts))
			require.Equal(t, want, record(x.ExtractFile(path)), "%s from the file", path)
			data, err := os.ReadFile(path)
			require.NoError(t, err)
			want = record(ExtractBytes(data, opts))
			require.Equal(t, want, record(x.ExtractBytes(data)), "%s from bytes", path)
			want = record(Extract(bytes.NewReader(data), int64(len(data)), opts))
			require.Equal(t, want, record(x.Extract(bytes.NewReader(data), int64(len(data)))), "%s from a ReaderAt", path)
		}
		x.Reset()
		x.Reset() // twice is harmless
	}
}

// TestExtractorAlone reads the corpus with Extractors and nothing else: the package
// functions run first, then the pools they warmed are dropped (two collections empty a
// sync.Pool), so that whatever is carried from file to file (the pooled normalizers' N3
// definitions, lent buffers) was made from payloads read in place and reused. Two
// Extractors read the corpus at once, one forwards and one backwards, as two CLI workers
// do; each result must equal what the package functions gave. (A cached definition whose
// key was a substring of one Extractor's payload read garbage once that Extractor had
// moved on: this test caught it.)
func TestExtractorAlone(t *testing.T) {
	files := corpusFiles(t)
	want := make([]string, len(files))
	for i, path := range files {
		want[i] = record(ExtractFile(path))
	}
	runtime.GC()
	runtime.GC()
	fwd, back := NewExtractor(), NewExtractor()
	for round := range 2 {
		for i, path := range files {
			require.Equal(t, want[i], record(fwd.ExtractFile(path)), "%s, forwards, round %d", path, round)
			j := len(files) - 1 - i
			require.Equal(t, want[j], record(back.ExtractFile(files[j])), "%s, backwards, round %d", files[j], round)
		}
	}
}

// TestExtractorResultValidUntilNextCall: a result read in place stays intact while other
// goroutines' Extractors read other files through the same pools, until the next call.
func TestExtractorResultValidUntilNextCall(t *testing.T) {
	files := corpusFiles(t)
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			x := NewExtractor()
			for i := w; i < len(files); i += 4 {
				md, err := x.ExtractFile(files[i])
				first := record(md, err)
				for range 2 { // others read meanwhile
					require.Equal(t, first, record(md, err), files[i])
				}
			}
		}()
	}
	wg.Wait()
}

// TestExtractorMissingFile: an error leaves the Extractor ready for the next file.
func TestExtractorMissingFile(t *testing.T) {
	x := NewExtractor()
	_, err := x.ExtractFile(filepath.Join(t.TempDir(), "absent.jpg"))
	require.ErrorIs(t, err, os.ErrNotExist)
	md, err := x.ExtractFile("testdata/IPTC-PhotometadataRef-Std2019.1.jpg")
	require.NoError(t, err)
	require.Positive(t, md.Len())
}
