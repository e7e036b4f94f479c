package raf

import (
	"testing"

	"github.com/embedmeta/embedmeta/extract"
	"github.com/embedmeta/embedmeta/internal/testcorpus"
)

// FuzzLocate: no panic, no error once the header is there, payloads within the input.
func FuzzLocate(f *testing.F) {
	testcorpus.AddFiles(f, "../../testdata/formats/raf/*.raf")
	f.Add(rafOf(jpegOf(160, 120, true), dir(cropped(4256, 1424)), dir(cropped(10, 20)), nil))
	f.Add(rafOf(jpegOf(0, 0, false), []byte{0, 0, 0, 2, 1, 0x11, 0, 2, 1}, nil, nil))
	lim := extract.Limits{MaxTotalRead: 1 << 16}
	f.Fuzz(func(t *testing.T, b []byte) {
		r := &orderReader{b: b}
		p, err := Locate(r, int64(len(b)), lim, &extract.Warnings{})
		if err != nil {
			if len(b) >= minHeader && IsRAF(b) {
				t.Fatalf("error after the header: %v", err)
			}
			return
		}
		for _, ps := range [][]extract.Payload{p.EXIF, p.XMP, p.IRB, p.IIM} {
			for _, q := range ps {
				// (a JPEG's continued Exif segments are joined: not always one run of bytes)
				if q.Offset < 0 || q.Offset > int64(len(b)) || len(q.Data) > len(b) {
					t.Fatalf("payload at %d (%d bytes) outside the input (%d bytes)", q.Offset, len(q.Data), len(b))
				}
			}
		}
		if p.Facts.Width < 0 || p.Facts.Height < 0 {
			t.Fatalf("facts %+v", p.Facts)
		}
	})
}
