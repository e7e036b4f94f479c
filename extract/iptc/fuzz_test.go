package iptc

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/embedmeta/embedmeta/extract"
	"github.com/embedmeta/embedmeta/schema"
)

// fuzzLimits are small enough that a fuzzed input cannot hide a large allocation.
var fuzzLimits = extract.Limits{MaxSegment: 1 << 20, MaxValueBytes: 1 << 16, MaxEntries: 1000, MaxWarnings: 10}

// seedIRBs returns the IRBs of the JPEG fixtures and of the reference image.
func seedIRBs(f *testing.F) [][]byte {
	paths, _ := filepath.Glob(filepath.Join("testdata", "*.jpg"))
	paths = append(paths, referenceImage)
	var out [][]byte
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		if irb, _ := app13IRB(f, b); len(irb) > 0 {
			out = append(out, irb)
		}
	}
	return out
}

// checkBounded asserts the properties every decoder result must have: entries alias the
// input, warnings stay within their bound.
func checkBounded(t *testing.T, data []byte, es []extract.RawEntry, ws *extract.Warnings) {
	for _, e := range es {
		if e.Source == schema.SourceIPTC && (len(e.Bytes) > len(data) || int(e.Count) != len(e.Bytes)) {
			t.Fatalf("entry %s %d: %d bytes from %d of input", e.Dir, e.ID, len(e.Bytes), len(data))
		}
		if e.Offset < -1 || e.Offset > int64(len(data)) {
			t.Fatalf("entry %s %d: offset %d outside input", e.Dir, e.ID, e.Offset)
		}
	}
	if len(es) > fuzzLimits.MaxEntries+1 || len(ws.List) > fuzzLimits.MaxWarnings {
		t.Fatalf("%d entries, %d warnings", len(es), len(ws.List))
	}
}

func FuzzDecode(f *testing.F) {
	f.Add(cat(ds(1, 90, []byte("\x1b%G")), ds(2, 25, []byte("k")), []byte{0, 0}))
	f.Add(cat(dsExt(2, 120, 4, []byte("caption")), []byte("junk")))
	f.Add([]byte{tagMarker, 2, 120, 0x80, 8, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff})
	for _, irb := range seedIRBs(f) {
		for _, e := range DecodeIRB(extract.Payload{Data: irb}, extract.Limits{}, nil) {
			if e.Source == schema.SourcePhotoshop && e.Type == schema.TypeDigest {
				// The IIM block follows its digest entry; seed with the whole resource data.
				if end := int(e.Offset); end >= 0 && end <= len(irb) {
					f.Add(irb[end:])
				}
			}
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		ws := extract.Warnings{Max: fuzzLimits.MaxWarnings}
		es := Decode(extract.Payload{Data: data}, fuzzLimits, &ws)
		checkBounded(t, data, es, &ws)
	})
}

func FuzzDecodeIRB(f *testing.F) {
	f.Add(cat(res("8BIM", 0x0404, "n", ds(2, 5, []byte("t"))), res("8BIM", 0x0425, "", make([]byte, 16))))
	f.Add([]byte("8BIM\x04\x04\x00\x00\xff\xff\xff\xff"))
	for _, irb := range seedIRBs(f) {
		f.Add(irb)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		ws := extract.Warnings{Max: fuzzLimits.MaxWarnings}
		es := DecodeIRB(extract.Payload{Data: data}, fuzzLimits, &ws)
		checkBounded(t, data, es, &ws)
	})
}
