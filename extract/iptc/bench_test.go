package iptc

import (
	"testing"

	"github.com/embedmeta/embedmeta/extract"
)

// BenchmarkDecode decodes the IIM block of the IPTC 2019.1 reference image (688 bytes,
// 26 datasets) and, for comparison, the whole IRB around it; the -goiptc variants run the
// former hot path, every header also decoded by go-iptc (the differential oracle).
func BenchmarkDecode(b *testing.B) {
	p := referenceIRB(b)
	es := DecodeIRB(p, extract.Limits{}, nil)
	iim := extract.Payload{Data: p.Data[es[0].Offset-p.Offset:], Offset: es[0].Offset}
	for _, bc := range []struct {
		name   string
		decode func(extract.Payload, extract.Limits, *extract.Warnings) []extract.RawEntry
		p      extract.Payload
	}{
		{"IIM", Decode, iim},
		{"IIM-goiptc", decodeOracle, iim},
		{"IRB", DecodeIRB, p},
		{"IRB-goiptc", decodeIRBOracle, p},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				bc.decode(bc.p, extract.Limits{}, nil)
			}
		})
	}
}
