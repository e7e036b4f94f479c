package png

import (
	"bytes"
	"testing"

	"github.com/embedmeta/embedmeta/extract"
	"github.com/embedmeta/embedmeta/internal/testcorpus"
)

// FuzzLocate: no panic, no error once the signature is there, payloads bounded by the limits.
func FuzzLocate(f *testing.F) {
	testcorpus.AddFiles(f, "testdata/*.png")
	f.Add(pngOf(chunk(typeEXIF, tiffBlob(1)), iTXt(keywordXMP, []byte(packet), true), tEXt("Raw profile type iptc", rawProfile("iptc", []byte{0x1C, 2, 25, 0, 1, 'a'}))))
	f.Add(pngOf(zTXt("Raw profile type exif", rawProfile("exif", append([]byte("Exif\x00\x00"), tiffBlob(8)...)))))
	f.Add(hugeLength())
	lim := extract.Limits{MaxXMPBytes: 1 << 16, MaxSegment: 1 << 16}
	f.Fuzz(func(t *testing.T, b []byte) {
		var ws extract.Warnings
		p, err := Locate(bytes.NewReader(b), int64(len(b)), lim, &ws)
		if err != nil {
			if IsPNG(b) {
				t.Fatalf("error after the signature: %v", err)
			}
			return
		}
		for _, ps := range [][]extract.Payload{p.EXIF, p.XMP, p.IRB, p.IIM} {
			for _, q := range ps {
				if int64(len(q.Data)) > 2*lim.MaxSegment+rawProfileSlack {
					t.Fatalf("payload of %d bytes", len(q.Data))
				}
				if q.Offset < 0 || q.Offset > int64(len(b)) {
					t.Fatalf("offset %d outside %d bytes", q.Offset, len(b))
				}
			}
		}
	})
}
