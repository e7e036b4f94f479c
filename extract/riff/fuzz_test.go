package riff

import (
	"testing"

	"github.com/embedmeta/embedmeta/extract"
	"github.com/embedmeta/embedmeta/internal/testcorpus"
)

// FuzzLocate: no panic, no error once the header is there, payloads within the input
// (Casio's EXIF is a copy of its chunk with a TIFF header in place of the first 8 bytes).
func FuzzLocate(f *testing.F) {
	testcorpus.AddFiles(f, "../../testdata/formats/avi/*.avi")
	f.Add(aviOf(hdrl, movi, chunk("EXIF", tiffII), chunk("_PMX", packet)))
	f.Add(cat(aviOf(hdrl), chunk("RIFF", []byte("AVIX"), list("hdrl", avih(1, 1, 1, 1)), chunk("JUNK", []byte("QVMI\x00\x00\x00\x00\x00\x00\x00\x00")))))
	lim := extract.Limits{MaxTotalRead: 1 << 16, MaxSegment: 1 << 14, MaxXMPBytes: 1 << 14}
	f.Fuzz(func(t *testing.T, b []byte) {
		var ws extract.Warnings
		p, err := LocateAVI(extract.Bytes(b), int64(len(b)), lim, &ws)
		if err != nil {
			if IsAVI(b) {
				t.Fatalf("error after the header: %v", err)
			}
			return
		}
		for _, ps := range [][]extract.Payload{p.EXIF, p.XMP} {
			for _, q := range ps {
				if q.Offset < 0 || q.Offset+int64(len(q.Data)) > int64(len(b)) || len(q.Data) > 1<<14 {
					t.Fatalf("payload at %d (%d bytes) outside the input (%d bytes)", q.Offset, len(q.Data), len(b))
				}
			}
		}
	})
}
