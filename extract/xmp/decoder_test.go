package xmp

import (
	"bytes"
	"strings"
	"testing"
	"unsafe"

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

// TestDecoderInPlace checks that an InPlace Decoder gives the entries of a copying one, and
// that its strings are read from the payload itself instead of a copy of it.
func TestDecoderInPlace(t *testing.T) {
	ref, off := referencePacket(t)
	p := extract.Payload{Data: bytes.Clone(ref), Offset: off}
	want := Decode(p, extract.Limits{}, nil)
	d := Decoder{InPlace: true}
	got := d.DecodeAppend(nil, p, extract.Limits{}, nil)
	require.Equal(t, want, got)
	inPayload := func(s string) bool {
		if s == "" {
			return true
		}
		start := uintptr(unsafe.Pointer(unsafe.SliceData(p.Data)))
		at := uintptr(unsafe.Pointer(unsafe.StringData(s)))
		return at >= start && at < start+uintptr(len(p.Data))
	}
	inPlace := 0
	for _, e := range got {
		if inPayload(e.Text) {
			inPlace++
			continue
		}
		// Only text whose references were decoded is made anew.
		require.Truef(t, strings.ContainsAny(e.Text, `'"&<>`), "%q is not read in place", e.Text)
	}
	require.Greater(t, inPlace, len(got)/2)
	for _, e := range want {
		if e.Text != "" {
			require.False(t, inPayload(e.Text), "a copying Decoder refers to the payload")
		}
	}
}
