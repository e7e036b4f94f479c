package exif

import (
	"encoding/binary"
	"os"
	"testing"

	"github.com/embedmeta/embedmeta/extract"
)

// FuzzDecode: no panic, output bounded by the blob, and go-exif's walk over the sanitised
// copy stays safe.
func FuzzDecode(f *testing.F) {
	if b, err := os.ReadFile("testdata/iptc-ref-2019.1.tiff"); err == nil {
		f.Add(b)
	}
	for _, o := range orders {
		bo := o.bo
		f.Add(build(bo,
			tIFD{entries: []tEntry{short(bo, 0x0112, 1), ptr(0x8769, 2), ptr(0x8825, 3)}, next: 4},
			tIFD{entries: []tEntry{{id: 0x9286, typ: 7, count: 12, val: []byte("UNICODE\x00a\x00b\x00")}, ptr(0xA005, 3)}},
			tIFD{entries: []tEntry{{id: 0x0002, typ: 5, count: 3, val: enc(bo, uint32(1), uint32(1), uint32(2), uint32(1), uint32(3), uint32(1))}}},
			tIFD{entries: []tEntry{short(bo, 0x0103, 6), ptr(0x8769, 2)}, next: 1}))
	}
	f.Add(build(binary.LittleEndian, tIFD{entries: []tEntry{{id: 0x0112, typ: 3, count: 0x10000000, raw: u32p(8)}}}))
	lim := extract.Limits{MaxValueBytes: 1 << 16}
	f.Fuzz(func(t *testing.T, b []byte) {
		var ws extract.Warnings
		es := Decode(extract.Payload{Data: b}, lim, &ws)
		if len(es) > extract.DefaultLimits().MaxIFDs*(len(b)/12+1) { // overlapping IFDs may share entries
			t.Fatalf("%d entries from %d bytes", len(es), len(b))
		}
		for _, e := range es {
			if len(e.Bytes)+8*len(e.Ints)+16*len(e.Rats)+8*len(e.Floats) > 8*len(b)+8 {
				t.Fatalf("entry 0x%04X larger than the blob", e.ID)
			}
		}
		if s := sanitize(extract.Payload{Data: b}, lim); s != nil && len(b) < 4096 {
			_, _ = oracle(s)
		}
	})
}
