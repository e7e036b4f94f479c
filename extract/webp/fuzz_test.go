package webp

import (
	"bytes"
	"testing"

	"github.com/embedmeta/embedmeta/extract"
	"github.com/embedmeta/embedmeta/internal/testcorpus"
)

// FuzzLocate: no panic, no error once the RIFF WEBP header is there, payloads within the
// input and the limits.
func FuzzLocate(f *testing.F) {
	testcorpus.AddFiles(f, "testdata/*.webp")
	f.Add(riffFile(vp8x(0x1E, 4, 4), chunk("ALPH", []byte{0}), vp8(4, 4), chunk("EXIF", []byte("Exif\x00\x00"), tiffBlob(1)), chunk("XMP ", []byte(packet))))
	f.Add(riffFile(vp8x(0x02, 4, 4), anmf(10), anmf(20), vp8l(3, 3, true)))
	lim := extract.Limits{MaxXMPBytes: 1 << 16, MaxSegment: 1 << 16}
	f.Fuzz(func(t *testing.T, b []byte) {
		var ws extract.Warnings
		p, err := Locate(bytes.NewReader(b), int64(len(b)), lim, &ws)
		if err != nil {
			if IsWebP(b) {
				t.Fatalf("error after the header: %v", err)
			}
			return
		}
		for _, q := range append(p.EXIF, p.XMP...) {
			if q.Offset < 0 || q.Offset+int64(len(q.Data)) > int64(len(b)) || !bytes.Equal(q.Data, b[q.Offset:q.Offset+int64(len(q.Data))]) {
				t.Fatalf("payload at %d (%d bytes) is not the input's bytes", q.Offset, len(q.Data))
			}
		}
	})
}
