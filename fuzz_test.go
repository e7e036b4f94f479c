package embedmeta_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/embedmeta/embedmeta"
	"github.com/embedmeta/embedmeta/extract"
)

// FuzzExtract feeds arbitrary bytes to the whole path, every container included. Properties:
// no panic, a result or a typed error, output that marshals to valid JSON, and bounded
// allocation. Seeded from every fixture under testdata/ of the module.
func FuzzExtract(f *testing.F) {
	_ = filepath.WalkDir(".", func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Base(filepath.Dir(p)) != "testdata" && !isUnder(p, "testdata") {
			return nil
		}
		if st, err := d.Info(); err == nil && st.Size() <= 1<<20 {
			if b, err := os.ReadFile(p); err == nil {
				f.Add(b)
			}
		}
		return nil
	})
	f.Fuzz(func(t *testing.T, data []byte) {
		// First an Extractor that read every earlier input, each in place from one buffer
		// that the next input overwrites, as a CLI worker reads file after file: nothing it
		// carries over may refer to an earlier input's bytes.
		fuzzExtractor.Lock()
		defer fuzzExtractor.Unlock()
		fx := &fuzzExtractor
		fx.buf = append(fx.buf[:0], data...)
		reused, rerr := fx.x.ExtractBytes(fx.buf)
		var js4 []byte
		if rerr == nil {
			js4, _ = reused.MarshalJSON()
		}

		var before, after runtimeMem
		before.read()
		md, err := embedmeta.Extract(bytes.NewReader(data), int64(len(data)))
		after.read()
		if (err == nil) != (rerr == nil) {
			t.Fatalf("Extract and the Extractor disagree: %v, %v", err, rerr)
		}
		if err != nil {
			var fe *embedmeta.FormatError
			if !errors.Is(err, embedmeta.ErrUnsupportedFormat) && !errors.As(err, &fe) {
				t.Fatalf("untyped error %T: %v", err, err)
			}
			return
		}
		js, _ := md.MarshalJSON()
		if !json.Valid(js) {
			t.Fatalf("invalid JSON: %s", js)
		}
		if grown := after.total - before.total; grown > 256<<20 {
			t.Fatalf("allocated %d bytes for a %d-byte input", grown, len(data))
		}
		// The four ways of reading give the same result: copies (above), in place from
		// memory, lent buffers of a BlockReader (ExtractFile's way) and the Extractor.
		inPlace, err := embedmeta.ExtractBytes(bytes.Clone(data))
		if err != nil {
			t.Fatalf("ExtractBytes failed where Extract did not: %v", err)
		}
		br := extract.NewBlockReader(bytes.NewReader(data), int64(len(data)))
		lent, err := embedmeta.Extract(br, int64(len(data)))
		if err != nil {
			t.Fatalf("through a BlockReader failed where Extract did not: %v", err)
		}
		js2, _ := inPlace.MarshalJSON()
		js3, _ := lent.MarshalJSON()
		_ = br.Close()
		if !bytes.Equal(js, js2) || !bytes.Equal(js, js3) || !bytes.Equal(js, js4) {
			t.Fatalf("read paths disagree:\ncopy      %s\nplace     %s\nlent      %s\nExtractor %s", js, js2, js3, js4)
		}
	})
}

// fuzzExtractor is the Extractor FuzzExtract reads every input with, and the buffer it
// reads them from.
var fuzzExtractor = struct {
	sync.Mutex
	x   *embedmeta.Extractor
	buf []byte
}{x: embedmeta.NewExtractor()}

func isUnder(p, dir string) bool {
	for q := filepath.Dir(p); q != "." && q != "/"; q = filepath.Dir(q) {
		if filepath.Base(q) == dir {
			return true
		}
	}
	return false
}
