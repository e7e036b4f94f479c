package xmp

import (
	"testing"

	"github.com/embedmeta/embedmeta/extract"
)

func BenchmarkDecodeReference(b *testing.B) {
	pkt, off := referencePacket(b)
	p := extract.Payload{Data: pkt, Offset: off}
	b.ReportAllocs()
	b.SetBytes(int64(len(pkt)))
	for b.Loop() {
		var ws extract.Warnings
		if got := Decode(p, extract.Limits{}, &ws); len(got) != 232 {
			b.Fatalf("%d entries", len(got))
		}
	}
}

// BenchmarkGoXMPReference measures the library this package replaced, for comparison.
func BenchmarkGoXMPReference(b *testing.B) {
	pkt, _ := referencePacket(b)
	b.ReportAllocs()
	b.SetBytes(int64(len(pkt)))
	for b.Loop() {
		if _, err := oracle(pkt); err != nil {
			b.Fatal(err)
		}
	}
}
