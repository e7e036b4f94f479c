package jpeg

import (
	"bytes"
	"os"
	"testing"

	"github.com/embedmeta/embedmeta/extract"
)

// FuzzLocate: no panic, no error once SOI is there, payloads within the input.
func FuzzLocate(f *testing.F) {
	if b, err := os.ReadFile("testdata/IPTC-PhotometadataRef-Std2019.1.jpg"); err == nil {
		f.Add(b)
	}
	f.Add(jpegOf(exifSeg(1), xmpSeg(`<x HasExtendedXMP="`+guidA+`"/>`), extSeg(guidA, 6, 3, "def"), extSeg(guidA, 6, 0, "abc"), irbSeg("8BIM"), irbSeg("more")))
	f.Add(jpegOf([]byte{0xFF, 0xFF, 0xD0}, []byte("junk"), seg(markerAPP1), seg(markerAPP1, []byte("Exif\x00\x00"))))
	f.Fuzz(func(t *testing.T, b []byte) {
		var ws extract.Warnings
		p, err := Locate(bytes.NewReader(b), int64(len(b)), extract.Limits{MaxXMPBytes: 1 << 20}, &ws)
		if err != nil {
			if len(b) >= 2 && b[0] == 0xFF && b[1] == markerSOI {
				t.Fatalf("error after SOI: %v", err)
			}
			return
		}
		total := 0
		for _, ps := range [][]extract.Payload{p.EXIF, p.XMP, p.IRB} {
			for _, q := range ps {
				total += len(q.Data)
				if q.Offset < 0 || q.Offset > int64(len(b)) {
					t.Fatalf("offset %d outside %d bytes", q.Offset, len(b))
				}
			}
		}
		if total > 2*len(b) {
			t.Fatalf("%d payload bytes from %d input bytes", total, len(b))
		}
	})
}
