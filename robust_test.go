package embedmeta_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/embedmeta/embedmeta"
	"github.com/embedmeta/embedmeta/schema"
)

// hangGuard is how long one hostile file may take before the test calls it a hang (issue:
// "every file returns within 1 s"), scaled under the race detector. It is a guard against
// loops, not a speed target: benchmarks measure speed.
const hangGuard = time.Second * raceSlowdown

// heapBudget bounds the bytes allocated while reading one hostile file (an upper bound of
// its peak heap).
const heapBudget = 64 << 20

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
			var before, after runtimeMem
			go func() {
				defer close(done)
				before.read()
				md, xerr = embedmeta.ExtractFile(f)
				after.read()
			}()
			select {
			case <-done:
			case <-time.After(hangGuard):
				t.Fatalf("no result after %v", hangGuard)
			}
			assert.Less(t, after.total-before.total, uint64(heapBudget), "bytes allocated")
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

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// countingReaderAt counts the bytes read through it.
type countingReaderAt struct {
	r io.ReaderAt
	n atomic.Int64
}

func (c *countingReaderAt) ReadAt(p []byte, off int64) (int, error) {
	n, err := c.r.ReadAt(p, off)
	c.n.Add(int64(n))
	return n, err
}

// endless is an io.Reader of zero bytes that never ends.
type endless struct{}

func (endless) Read(p []byte) (int, error) { clear(p); return len(p), nil }

// TestExtractReaderStopsAtImageData: a stream is read only as far as the metadata reaches,
// even when the image data behind it never ends. A JPEG's metadata reaches its end when it
// may have trailers (Limits.MaxTrailer, docs/decisions.md "JPEG trailers"): without them
// (as a Tee reads) the walk stops at SOS.
func TestExtractReaderStopsAtImageData(t *testing.T) {
	data, err := os.ReadFile(reference + ".jpg")
	require.NoError(t, err)
	sos := bytes.Index(data, []byte{0xFF, 0xDA})
	require.Positive(t, sos)
	cr := &countingReader{r: io.MultiReader(bytes.NewReader(data[:sos+4]), endless{})}
	md, err := embedmeta.ExtractReader(context.Background(), cr, embedmeta.WithLimits(embedmeta.Limits{MaxTrailer: -1}))
	require.NoError(t, err)
	js, _ := md.MarshalJSON()
	want, _ := os.ReadFile(reference + ".json")
	assert.Equal(t, string(want), string(js))
	assert.Less(t, cr.n, int64(sos+256<<10), "bytes read from the stream")
}

func TestExtractReaderCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := embedmeta.ExtractReader(ctx, endless{})
	assert.ErrorIs(t, err, context.Canceled)
}

// TestSparseHugeFile: a 2 GiB file whose metadata is at the start is handled reading less
// than 1 MiB.
func TestSparseHugeFile(t *testing.T) {
	data, err := os.ReadFile(reference + ".jpg")
	require.NoError(t, err)
	sos := bytes.Index(data, []byte{0xFF, 0xDA})
	path := filepath.Join(t.TempDir(), "huge.jpg")
	require.NoError(t, os.WriteFile(path, data[:sos+4], 0o644))
	require.NoError(t, os.Truncate(path, 2<<30)) // sparse: no disk used
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	cr := &countingReaderAt{r: f}
	md, err := embedmeta.Extract(cr, 2<<30)
	require.NoError(t, err)
	assert.Equal(t, 179, md.Len())
	assert.Less(t, cr.n.Load(), int64(1<<20))
}

// TestWarningsBounded: Limits.MaxWarnings bounds the warnings of one call, across the walker,
// the decoders and normalize (one collector), and DroppedWarnings counts the rest.
func TestWarningsBounded(t *testing.T) {
	path := filepath.Join("testdata", "corpus", "files", "malformed", "gen-unknown-type-codes.jpg")
	all, err := embedmeta.ExtractFile(path)
	require.NoError(t, err)
	require.Greater(t, len(all.Warnings), 1)
	assert.Zero(t, all.DroppedWarnings)
	for _, extract := range []func(opt embedmeta.Option) (*embedmeta.Metadata, error){
		func(opt embedmeta.Option) (*embedmeta.Metadata, error) { return embedmeta.ExtractFile(path, opt) },
		func(opt embedmeta.Option) (*embedmeta.Metadata, error) {
			return embedmeta.NewExtractor(opt).ExtractFile(path)
		},
	} {
		md, err := extract(embedmeta.WithLimits(embedmeta.Limits{MaxWarnings: 1}))
		require.NoError(t, err)
		assert.Equal(t, all.Warnings[:1], md.Warnings)
		assert.Equal(t, len(all.Warnings)-1, md.DroppedWarnings)
		assert.Equal(t, all.Fields(), md.Fields())
		c := md.Clone()
		assert.Equal(t, md.Warnings, c.Warnings)
		assert.Equal(t, md.DroppedWarnings, c.DroppedWarnings)
	}
}

// TestSourcesLeaveOutTheirWarnings: a payload Options.Sources leaves out is not decoded, and
// the warnings about it are left out with it.
func TestSourcesLeaveOutTheirWarnings(t *testing.T) {
	path := filepath.Join("testdata", "corpus", "files", "malformed", "gen-xmp-not-well-formed.jpg")
	all, err := embedmeta.ExtractFile(path)
	require.NoError(t, err)
	xmpWarnings := 0
	for _, w := range all.Warnings {
		if w.Source == schema.SourceXMP {
			xmpWarnings++
		}
	}
	require.Positive(t, xmpWarnings, "the file's XMP is damaged")
	md, err := embedmeta.ExtractFile(path, embedmeta.WithSources(embedmeta.SourceEXIF|embedmeta.SourceIPTC))
	require.NoError(t, err)
	for _, w := range md.Warnings {
		assert.NotEqual(t, schema.SourceXMP, w.Source, "%v", w)
	}
	assert.Len(t, md.Warnings, len(all.Warnings)-xmpWarnings)
}
