package webp

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/embedmeta/embedmeta/extract"
	"github.com/embedmeta/embedmeta/internal/testcorpus"
)

// pieces hands out its bytes in reads of 1 to 4099 bytes, cut differently for every seed:
// a stream must not depend on how its reads are cut.
type pieces struct {
	b    []byte
	seed int
}

func (r *pieces) Read(p []byte) (int, error) {
	if len(r.b) == 0 {
		return 0, io.EOF
	}
	r.seed = (r.seed*1103515245 + 12345) & 0x7FFFFFFF
	n := min(len(p), len(r.b), 1+r.seed%4099)
	copy(p, r.b[:n])
	r.b = r.b[n:]
	return n, nil
}

// streamDiff compares Locate over data as a stream (read as scan reads one: head first,
// settled and walked again when the stream ended before an answer it was given) with
// Locate over the same bytes in memory: payloads, facts, warnings and error. "" when they
// agree.
func streamDiff(data []byte, seed int) string {
	lim := extract.DefaultLimits()
	var wws, sws extract.Warnings
	want, werr := Locate(extract.Bytes(data), int64(len(data)), lim, &wws)
	s := extract.NewStream(context.Background(), &pieces{b: data, seed: seed}, lim)
	_, _ = s.ReadAt(make([]byte, 512), 0)
	got, gerr := Locate(s, lim.MaxStreamRead, lim, &sws)
	if !s.Settle() {
		sws = extract.Warnings{}
		got, gerr = Locate(s, lim.MaxStreamRead, lim, &sws)
	}
	s.Warn(&sws)
	switch {
	case fmt.Sprint(werr) != fmt.Sprint(gerr):
		return fmt.Sprintf("errors: bytes %v, stream %v", werr, gerr)
	case !reflect.DeepEqual(wws, sws):
		return fmt.Sprintf("warnings:\n bytes:  %q\n stream: %q", wws.List, sws.List)
	case !reflect.DeepEqual(want, got):
		return fmt.Sprintf("payloads:\n bytes:  %.300v\n stream: %.300v", want, got)
	}
	return ""
}

// TestStreamMatchesBytes: over a stream, Locate gives what it gives over the same bytes in
// memory, for the fixtures, the corpus files and streamInputs, each cut at some 60 points.
func TestStreamMatchesBytes(t *testing.T) {
	inputs := streamInputs()
	names, _ := filepath.Glob("testdata/*.webp")
	for _, f := range testcorpus.Files(t, IsWebP) {
		names = append(names, filepath.Join(testcorpus.Dir(), f.Name))
	}
	for _, name := range names {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		inputs[name] = data
	}
	for name, data := range inputs {
		n := len(data)
		for i := range 61 {
			cut := n * i / 60
			if i < 30 {
				cut = min(n, 4096) * i / 30 // the head, where the metadata is
			}
			if d := streamDiff(data[:cut], cut); d != "" {
				t.Errorf("%s cut at %d of %d: %s", name, cut, n, d)
				break
			}
		}
	}
}

// streamInputs are files larger than the stream's window (64 KiB), which a stream must
// drop the skipped parts of: metadata after 300 KiB of image data, and a 100 KiB XMP chunk.
func streamInputs() map[string][]byte {
	img := chunk("VP8L", vp8l(64, 64, true)[8:], bytes.Repeat([]byte{7}, 300<<10))
	xmp := chunk("XMP ", []byte(packet+strings.Repeat(" ", 100<<10)))
	return map[string][]byte{
		"big-image-then-exif": riffFile(vp8x(0x10, 64, 64), img, chunk("EXIF", tiffBlob(6)), xmp),
		"big-xmp-then-image":  riffFile(xmp, img, chunk("EXIF", tiffBlob(3))),
		"riff-size-short":     riffFile(img, chunk("EXIF", tiffBlob(6)))[:200<<10],
	}
}
