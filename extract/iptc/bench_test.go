package iptc

import (
	"testing"

	"github.com/embedmeta/embedmeta/extract"
)

// BenchmarkDecode decodes the IIM block of the IPTC 2019.1 reference image (688 bytes,
// 26 datasets) and, for comparison, the whole IRB around it.
func BenchmarkDecode(b *testing.B) {
	p := referenceIRB(b)
	es := DecodeIRB(p, extract.Limits{}, nil)
	iim := extract.Payload{Data: p.Data[es[0].Offset-p.Offset:], Offset: es[0].Offset}
	b.Run("IIM", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			Decode(iim, extract.Limits{}, nil)
		}
	})
	b.Run("IRB", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			DecodeIRB(p, extract.Limits{}, nil)
		}
	})
}
