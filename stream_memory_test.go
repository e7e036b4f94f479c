package embedmeta_test

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/embedmeta/embedmeta"
	"github.com/embedmeta/embedmeta/internal/hostile"
)

// TestStreamMemoryBounded (issue 12, point 3): small files that claim far offsets cost less
// than 1 MiB; a stream that never reaches its image data keeps a bounded amount however
// long it runs.
func TestStreamMemoryBounded(t *testing.T) {
	for _, c := range []struct {
		name string
		data []byte
	}{{"far-offset TIFF", hostile.FarTIFF()}, {"far-offset MP4", hostile.FarMP4()}} {
		var st embedmeta.ReadStats
		var before, after runtimeMem
		before.read()
		_, _ = embedmeta.ExtractReader(context.Background(), struct{ io.Reader }{bytes.NewReader(c.data)}, embedmeta.WithStats(&st))
		after.read()
		if grown := after.total - before.total; grown >= 1<<20 {
			t.Errorf("%s: allocated %d bytes", c.name, grown)
		}
		if st.Retained >= 1<<20 || st.Consumed != int64(len(c.data)) {
			t.Errorf("%s: %+v", c.name, st)
		}
	}
	size := int64(256 << 20)
	if testing.Short() {
		size = 32 << 20
	}
	var st embedmeta.ReadStats
	var before, after runtimeMem
	before.read()
	md, err := embedmeta.ExtractReader(context.Background(), hostile.NoSOS(size), embedmeta.WithStats(&st))
	after.read()
	if err != nil || md == nil {
		t.Fatalf("no-SOS stream: %v", err)
	}
	if st.Consumed != size {
		t.Errorf("consumed %d of %d bytes", st.Consumed, size)
	}
	// The window, the arena and ~52 bytes per segment header read (4,096 segments).
	if st.Retained > 1<<20 {
		t.Errorf("no-SOS stream of %d bytes retained %d", size, st.Retained)
	}
	if grown := after.total - before.total; grown > 4<<20 {
		t.Errorf("no-SOS stream of %d bytes allocated %d", size, grown)
	}
}

// TestStreamRetainsPayloads (issue 12, point 3): streaming a JPEG keeps at most its
// metadata segments plus a constant.
func TestStreamRetainsPayloads(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.jpg"))
	if c, err := filepath.Glob(filepath.Join(corpusDir, "jpeg", "*.jpg")); err == nil {
		files = append(files, c...)
	}
	for _, p := range files {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		var st embedmeta.ReadStats
		if _, err := embedmeta.ExtractReader(context.Background(), struct{ io.Reader }{bytes.NewReader(data)}, embedmeta.WithStats(&st)); err != nil {
			continue
		}
		const constant = 64<<10 + 16<<10 + 4<<10 // window, arena chunk, span bookkeeping
		if limit := appSegments(data) + constant; st.Retained > limit {
			t.Errorf("%s: retained %d, metadata segments + constant %d", p, st.Retained, limit)
		}
	}
}

// appSegments returns the bytes of a JPEG's APP1 and APP13 segments before its SOS.
func appSegments(b []byte) int64 {
	var n int64
	for i := 2; i+4 <= len(b); {
		if b[i] != 0xFF {
			break
		}
		m := b[i+1]
		if m == 0xDA || m == 0xD9 {
			break
		}
		l := int(b[i+2])<<8 | int(b[i+3])
		if m == 0xE1 || m == 0xED {
			n += int64(l) + 2
		}
		i += 2 + l
	}
	return n
}
