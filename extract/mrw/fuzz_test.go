package mrw

import (
	"encoding/binary"
	"testing"

	"github.com/embedmeta/embedmeta/extract"
	"github.com/embedmeta/embedmeta/extract/exif"
	"github.com/embedmeta/embedmeta/internal/testcorpus"
)

// FuzzLocate: no panic, no error once the header is there, payloads within the input, and
// the EXIF payload decodes safely.
func FuzzLocate(f *testing.F) {
	testcorpus.AddFiles(f, "../../testdata/formats/mrw/*.mrw")
	be, le := binary.BigEndian, binary.LittleEndian
	f.Add(mrwOf(be, block(be, "\x00PRD", prd(be, 30, 20)), block(be, "\x00TTW", ttwOf(be, 640, 480, packet))))
	f.Add(mrwOf(le, block(le, "\x00TTW", ttwOf(le, 640, 480, "")), block(le, "\x00PRD", prd(le, 30, 20))))
	lim := extract.Limits{MaxTotalRead: 1 << 16}
	f.Fuzz(func(t *testing.T, b []byte) {
		ws := &extract.Warnings{}
		p, err := Locate(extract.Bytes(b), int64(len(b)), lim, ws)
		if err != nil {
			if len(b) >= headerLen && IsMRW(b) {
				t.Fatalf("error after the header: %v", err)
			}
			return
		}
		for _, ps := range [][]extract.Payload{p.EXIF, p.XMP, p.IRB, p.IIM} {
			for _, q := range ps {
				if q.Offset < 0 || q.Offset > int64(len(b)) || len(q.Data) > len(b)+16 {
					t.Fatalf("payload at %d (%d bytes) outside the input (%d bytes)", q.Offset, len(q.Data), len(b))
				}
			}
		}
		for _, q := range p.EXIF {
			_ = exif.Decode(q, lim, ws)
		}
	})
}
