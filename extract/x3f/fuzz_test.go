package x3f

import (
	"testing"

	"github.com/embedmeta/embedmeta/extract"
	"github.com/embedmeta/embedmeta/internal/testcorpus"
)

// FuzzLocate: no panic, no error once the header is there, payloads within the input.
func FuzzLocate(f *testing.F) {
	testcorpus.AddFiles(f, "../../testdata/formats/x3f/*.x3f")
	f.Add(x3fOf(2, 3, 2640, 1760, sec{"IMA2", image(jpegOf(640, 480, true), true)}, sec{"PROP", []byte("SECp")}))
	f.Add(x3fOf(4, 0, 1, 1, sec{"IMAG", image(jpegOf(1, 1, true), true)}))
	lim := extract.Limits{MaxTotalRead: 1 << 16}
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := Locate(extract.Bytes(b), int64(len(b)), lim, &extract.Warnings{})
		if err != nil {
			if len(b) >= minHeader && IsX3F(b) {
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
	})
}
