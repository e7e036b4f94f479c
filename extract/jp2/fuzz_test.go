package jp2

import (
	"testing"

	"github.com/embedmeta/embedmeta/extract"
	"github.com/embedmeta/embedmeta/internal/testcorpus"
)

// FuzzLocate: no panic, no error once the signature is there, payloads within the input.
func FuzzLocate(f *testing.F) {
	testcorpus.AddFiles(f, "../../testdata/formats/jp2/*.j*")
	f.Add(file("jpx ", box("jp2h", ihdr(2, 3, 4), cdef(0, 0, 0, 1)), box("asoc", box("jp2i", packet), uuidBox(uuidIPTC, iim))))
	f.Add(file("jp2 ", uuidBox(uuidExif, []byte("Exif\x00\x00"), tiffMM), box("Exif", []byte{0, 0, 0, 0}, tiffMM)))
	f.Add(siz(3, 2))
	lim := extract.Limits{MaxTotalRead: 1 << 16, MaxSegment: 1 << 14, MaxXMPBytes: 1 << 14}
	f.Fuzz(func(t *testing.T, b []byte) {
		var ws extract.Warnings
		p, err := Locate(extract.Bytes(b), int64(len(b)), lim, &ws)
		if err != nil {
			if IsJP2(b) {
				t.Fatalf("error after the signature: %v", err)
			}
			return
		}
		for _, ps := range [][]extract.Payload{p.EXIF, p.XMP, p.IRB, p.IIM} {
			for _, q := range ps {
				if q.Offset < 0 || q.Offset+int64(len(q.Data)) > int64(len(b)) || len(q.Data) > 1<<14 {
					t.Fatalf("payload at %d (%d bytes) outside the input (%d bytes)", q.Offset, len(q.Data), len(b))
				}
			}
		}
	})
}
