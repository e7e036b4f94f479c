package tiff

import (
	"bytes"
	"encoding/binary"
	"os"
	"testing"

	"github.com/embedmeta/embedmeta/extract"
	"github.com/embedmeta/embedmeta/extract/exif"
)

// FuzzLocate: no panic, bounded reads, and the EXIF payload decodes safely.
func FuzzLocate(f *testing.F) {
	for _, name := range []string{"gen-tiff-iptc-long-type.tif", "gen-tiff-ii-two-pages.tif"} {
		if b, err := os.ReadFile("testdata/" + name); err == nil {
			f.Add(b)
		}
	}
	bo := binary.LittleEndian
	f.Add(build(bo, 0x2A, []byte("CR\x02\x00\x00\x00\x00\x00"), []int{2},
		[]ent{short(bo, 0x100, 1), {id: 0x14A, ptr: 2}, {id: 0x8769, ptr: 2}, undef(0x8649, irbRes(0x0404, []byte("\x1c\x02\x19\x00\x01k")))},
		[]ent{short(bo, 0xA002, 3), long(bo, 0xFE, 0)}))
	f.Add(bigTIFF(bo, [][2]uint16{{0x100, 8}}, []byte("<x/>")))
	f.Add(build(bo, 0x55, nil, nil, []ent{short(bo, 4, 1), undef(0x2E, []byte("\xff\xd8\xff\xd9"))}))
	lim := extract.Limits{MaxTotalRead: 1 << 20}
	f.Fuzz(func(t *testing.T, b []byte) {
		r := &hugeReader{head: b, size: int64(len(b))}
		ws := &extract.Warnings{}
		p, err := Locate(r, r.size, lim, ws)
		if err != nil {
			return
		}
		for _, pl := range p.EXIF {
			_ = exif.Decode(pl, lim, ws)
		}
		for _, x := range append(append(p.XMP, p.IRB...), p.IIM...) {
			if len(x.Data) > len(b)+16 {
				t.Fatalf("payload of %d bytes from %d", len(x.Data), len(b))
			}
			_ = bytes.Clone(x.Data)
		}
		if r.read > 4*lim.MaxTotalRead {
			t.Fatalf("%d bytes read", r.read)
		}
	})
}
