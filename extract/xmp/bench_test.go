package xmp

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/embedmeta/embedmeta/extract"
)

func BenchmarkDecodeReference(b *testing.B) { benchDecode(b, Decode) }

// benchDecode measures decode over the reference packet, which has 232 values.
func benchDecode(b *testing.B, decode func(extract.Payload, extract.Limits, *extract.Warnings) []extract.RawEntry) {
	pkt, off := referencePacket(b)
	p := extract.Payload{Data: pkt, Offset: off}
	b.ReportAllocs()
	b.SetBytes(int64(len(pkt)))
	for b.Loop() {
		var ws extract.Warnings
		if got := decode(p, extract.Limits{}, &ws); len(got) != 232 {
			b.Fatalf("%d entries", len(got))
		}
	}
}

// BenchmarkDecoderReference is BenchmarkDecodeReference the way the pipeline decodes (scan.Scratch):
// one Decoder and one entry slice reused from call to call.
func BenchmarkDecoderReference(b *testing.B) {
	pkt, off := referencePacket(b)
	p := extract.Payload{Data: pkt, Offset: off}
	b.ReportAllocs()
	b.SetBytes(int64(len(pkt)))
	var d Decoder
	var dst []extract.RawEntry
	for b.Loop() {
		var ws extract.Warnings
		got := d.DecodeAppend(dst[:0], p, extract.Limits{}, &ws)
		if len(got) != 232 {
			b.Fatalf("%d entries", len(got))
		}
		clear(got)
		dst = got[:0]
		d.Reset()
	}
}

// BenchmarkDecodeReferenceOracle measures Decode over the encoding/xml tree builder it
// used before the single-pass tokenizer (the differential oracle), for comparison.
func BenchmarkDecodeReferenceOracle(b *testing.B) { benchDecode(b, decodeOracle) }

// BenchmarkBarePass is the floor the decoder is measured against: one string conversion
// of the packet and one pass over its bytes that classifies each of them.
func BenchmarkBarePass(b *testing.B) {
	pkt, _ := referencePacket(b)
	b.ReportAllocs()
	b.SetBytes(int64(len(pkt)))
	for b.Loop() {
		s := string(pkt)
		n := 0
		for i := 0; i < len(s); i++ {
			if class[s[i]]&clsText != 0 {
				n++
			}
		}
		if n == 0 {
			b.Fatal("no markup")
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

// BenchmarkBuildReference measures the tree builder alone (tokenizer, namespaces, tree) on
// the prepared reference packet.
func BenchmarkBuildReference(b *testing.B) {
	pkt, _ := referencePacket(b)
	data := prepare(pkt).data
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	warn := func(string, int, string, ...any) {}
	for b.Loop() {
		t := build(data, 64, warn)
		if t.err != nil || t.root == 0 {
			b.Fatal(t.err)
		}
		t.release()
	}
}

// BenchmarkDecode compares the streaming decoder (Decode's first choice) with the tree
// decoder alone, both through a reused Decoder reading in place as the pipeline does, on
// the reference packet and on corpus packets of other writers (skipped when absent).
func BenchmarkDecode(b *testing.B) {
	type packet struct {
		name string
		data []byte
	}
	ref, _ := referencePacket(b)
	packets := []packet{{"reference", ref}}
	for _, name := range []string{"jpeg/xmp/no_exif.jpg", "jpeg/iptc/iptc-staff-photographer-example.jpg", "xmp-sidecar/exiftool-XMP.xmp"} {
		if corpusDir == "" {
			break
		}
		data, err := os.ReadFile(filepath.Join(corpusDir, name))
		if err != nil {
			continue
		}
		if !strings.HasSuffix(name, ".xmp") {
			data, _ = findPacket(data)
		}
		packets = append(packets, packet{filepath.Base(name), data})
	}
	// A large packet (a 1 MB sidecar's worth of keywords and structs): the tree decoder's
	// element block grows with the packet, the streaming decoder's with its depth.
	large := wrap(`<dc:subject><rdf:Bag>` + strings.Repeat(`<rdf:li>keyword</rdf:li>`, 20000) + `</rdf:Bag></dc:subject>` +
		`<ex:list><rdf:Seq>` + strings.Repeat(`<rdf:li rdf:parseType="Resource"><ex:f>a</ex:f><ex:g>b</ex:g></rdf:li>`, 10000) + `</rdf:Seq></ex:list>`)
	packets = append(packets, packet{"large", []byte(large)})
	for _, pkt := range packets {
		for _, tree := range []bool{false, true} {
			name := pkt.name + "/stream"
			if tree {
				name = pkt.name + "/tree"
			}
			b.Run(name, func(b *testing.B) {
				p := extract.Payload{Data: pkt.data}
				d := Decoder{InPlace: true, tree: tree}
				var dst []extract.RawEntry
				if got, ok := decodeStreamed(nil, p, extract.Limits{}, nil); !ok && !tree {
					b.Fatalf("the streaming decoder gives up (%d entries)", len(got))
				}
				b.ReportAllocs()
				b.SetBytes(int64(len(pkt.data)))
				for b.Loop() {
					var ws extract.Warnings
					dst = d.DecodeAppend(dst[:0], p, extract.Limits{}, &ws)
					clear(dst)
					d.Reset()
				}
			})
		}
	}
}
