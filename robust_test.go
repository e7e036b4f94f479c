package embedmeta_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/embedmeta/embedmeta"
)

// hangGuard is how long one hostile file may take before the test calls it a hang. It is a
// guard against loops, not a speed target (benchmarks measure speed).
const hangGuard = 10 * time.Second

// TestMalformedCorpus reads every damaged file of the shared corpus: each must come back with a
// result or a typed error, never a panic or a hang, and its JSON must be valid.
func TestMalformedCorpus(t *testing.T) {
	dir := filepath.Join(corpusDir, "malformed")
	files, err := filepath.Glob(filepath.Join(dir, "*"))
	if err != nil || len(files) == 0 {
		t.Skip("shared corpus not present")
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			done := make(chan struct{})
			var md *embedmeta.Metadata
			var xerr error
			go func() {
				defer close(done)
				md, xerr = embedmeta.ExtractFile(f)
			}()
			select {
			case <-done:
			case <-time.After(hangGuard):
				t.Fatalf("no result after %v", hangGuard)
			}
			if xerr != nil {
				var fe *embedmeta.FormatError
				assert.True(t, errors.Is(xerr, embedmeta.ErrUnsupportedFormat) || errors.As(xerr, &fe),
					"untyped error %v", xerr)
				return
			}
			js, err := md.MarshalJSON()
			require.NoError(t, err)
			assert.True(t, json.Valid(js), "%s", js)
		})
	}
}

// TestConcurrentExtract runs Extract on shared inputs from many goroutines (run with -race).
func TestConcurrentExtract(t *testing.T) {
	data, err := os.ReadFile(reference + ".jpg")
	require.NoError(t, err)
	want, err := os.ReadFile(reference + ".json")
	require.NoError(t, err)
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 5; i++ {
				md, err := embedmeta.Extract(bytes.NewReader(data), int64(len(data)))
				if !assert.NoError(t, err) {
					return
				}
				js, _ := md.MarshalJSON()
				assert.Equal(t, string(want), string(js))
			}
		}()
	}
	wg.Wait()
}

// TestHostileEXIFBoundedMemory: a 26-byte EXIF blob declaring 0x10000000 SHORTs (which makes
// go-exif allocate 512 MiB) inside a JPEG gives a result with a warning and allocates little.
func TestHostileEXIFBoundedMemory(t *testing.T) {
	tiff := []byte{'M', 'M', 0, 42, 0, 0, 0, 8, // header, IFD0 at 8
		0, 1, // one entry
		0x01, 0x0F, 0, 3, 0x10, 0, 0, 0, 0, 0, 0, 0x1A, // Make, SHORT, count 0x10000000, offset 26
		0, 0, 0, 0} // no next IFD
	app1 := append([]byte("Exif\x00\x00"), tiff...)
	jpg := []byte{0xFF, 0xD8, 0xFF, 0xE1, byte((len(app1) + 2) >> 8), byte(len(app1) + 2)}
	jpg = append(jpg, app1...)
	jpg = append(jpg, 0xFF, 0xD9)
	var before, after runtimeMem
	before.read()
	md, err := embedmeta.Extract(bytes.NewReader(jpg), int64(len(jpg)))
	after.read()
	require.NoError(t, err)
	assert.Equal(t, 0, md.Len())
	assert.NotEmpty(t, md.Warnings)
	assert.Less(t, after.total-before.total, uint64(8<<20), "bytes allocated")
}
