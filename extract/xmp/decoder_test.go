package xmp

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/embedmeta/embedmeta/extract"
)

// TestDecoderReuse decodes two packets with one Decoder, twice (Reset between the rounds):
// every entry equals what a fresh DecodeAppend gives, and the first packet's paths survive
// the second call.
func TestDecoderReuse(t *testing.T) {
	ref, off := referencePacket(t)
	small := []byte(`<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">` +
		`<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:subject><rdf:Bag><rdf:li>a</rdf:li><rdf:li>b</rdf:li></rdf:Bag></dc:subject>` +
		`</rdf:Description></rdf:RDF></x:xmpmeta>`)
	payloads := []extract.Payload{{Data: ref, Offset: off}, {Data: small, Offset: 7}}
	var want []extract.RawEntry
	for _, p := range payloads {
		want = DecodeAppend(want, p, extract.Limits{}, nil)
	}
	var d Decoder
	var dst []extract.RawEntry
	for round := range 2 {
		got := dst[:0]
		for _, p := range payloads {
			got = d.DecodeAppend(got, p, extract.Limits{}, nil)
		}
		require.Equal(t, want, got, "round %d", round)
		clear(got) // as scan.Scratch does: the slots past len stay zero
		dst = got[:0]
		d.Reset()
	}
}
