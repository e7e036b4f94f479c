package isobmff

import (
	"testing"

	"github.com/embedmeta/embedmeta/extract"
	"github.com/embedmeta/embedmeta/internal/testcorpus"
)

// FuzzLocate: no panic, no error once a box header is readable, payloads bounded by the input.
func FuzzLocate(f *testing.F) {
	testcorpus.AddFiles(f, "testdata/*")
	f.Add(heifFile(heifOpts{alpha: true, split: true}))
	f.Add(heifFile(heifOpts{exifInIdat: true, ilocFirst: true}))
	f.Add(movieFile(movieOpts{brand: "qt  ", xmpUdta: true, xmpUUID: true, mdatSize: 10}))
	f.Add(cr3File())
	f.Fuzz(func(t *testing.T, b []byte) {
		var ws extract.Warnings
		p, err := Locate(bytesReader(b), int64(len(b)), extract.Limits{MaxSegment: 1 << 20, MaxXMPBytes: 1 << 20}, &ws)
		if err != nil {
			return
		}
		checkInside(t, p, len(b))
		total := 0
		for _, ps := range [][]extract.Payload{p.EXIF, p.XMP} {
			for _, q := range ps {
				total += len(q.Data)
			}
		}
		// every payload byte is a file byte read once, apart from the 18-byte CR3 wrapper IFDs
		if total > 4*len(b)+64 {
			t.Fatalf("%d payload bytes from %d input bytes", total, len(b))
		}
	})
}
