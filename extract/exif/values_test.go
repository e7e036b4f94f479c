package exif

import (
	"encoding/binary"
	"os"
	"testing"

	exifcommon "github.com/dsoprea/go-exif/v3/common"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/embedmeta/embedmeta/extract"
	"github.com/embedmeta/embedmeta/schema"
)

// goExifValue decodes one entry's stored bytes with go-exif's value parser (the decoder of
// the production path until the direct decoder replaced it), in the entry's form.
func goExifValue(t *testing.T, e extract.RawEntry, raw []byte) extract.RawEntry {
	var bo binary.ByteOrder = binary.LittleEndian
	if e.BigEndian {
		bo = binary.BigEndian
	}
	var p exifcommon.Parser
	var got extract.RawEntry
	ints := func(n int, at func(int) int64) {
		got.Ints = make([]int64, n)
		for i := range n {
			got.Ints[i] = at(i)
		}
	}
	require.NoError(t, guard(func() error {
		switch e.Type {
		case schema.TypeByte:
			v, err := p.ParseBytes(raw, e.Count)
			ints(len(v), func(i int) int64 { return int64(v[i]) })
			return err
		case schema.TypeShort:
			v, err := p.ParseShorts(raw, e.Count, bo)
			ints(len(v), func(i int) int64 { return int64(v[i]) })
			return err
		case schema.TypeLong:
			v, err := p.ParseLongs(raw, e.Count, bo)
			ints(len(v), func(i int) int64 { return int64(v[i]) })
			return err
		case schema.TypeSLong:
			v, err := p.ParseSignedLongs(raw, e.Count, bo)
			ints(len(v), func(i int) int64 { return int64(v[i]) })
			return err
		case schema.TypeRational:
			v, err := p.ParseRationals(raw, e.Count, bo)
			for _, r := range v {
				got.Rats = append(got.Rats, extract.Rational{Num: int64(r.Numerator), Den: int64(r.Denominator)})
			}
			return err
		case schema.TypeSRational:
			v, err := p.ParseSignedRationals(raw, e.Count, bo)
			for _, r := range v {
				got.Rats = append(got.Rats, extract.Rational{Num: int64(r.Numerator), Den: int64(r.Denominator)})
			}
			return err
		case schema.TypeFloat:
			v, err := p.ParseFloats(raw, e.Count, bo)
			for _, x := range v {
				got.Floats = append(got.Floats, float64(x))
			}
			return err
		case schema.TypeDouble:
			v, err := p.ParseDoubles(raw, e.Count, bo)
			got.Floats = v
			return err
		}
		got.Bytes = raw // ASCII, UNDEFINED and the types go-exif does not parse are stored bytes
		return nil
	}), "go-exif on %s 0x%04X", e.Dir, e.ID)
	return got
}

// TestValuesMatchGoExif decodes the EXIF of the reference image and of every corpus JPEG
// and requires each entry's value to equal what go-exif's value parser makes of the same
// bytes (for the types it parses; the stored bytes for the others).
func TestValuesMatchGoExif(t *testing.T) {
	payloads := []extract.Payload{refPayload(t)}
	for _, f := range corpusJPEGs(t) {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		payloads = append(payloads, app1Exif(b)...)
	}
	checked := 0
	for _, p := range payloads {
		for _, e := range Decode(p, extract.Limits{}, &extract.Warnings{}) {
			size := int64(e.Type.Size()) * int64(e.Count)
			at := e.Offset - p.Offset
			if at < 0 || at+size > int64(len(p.Data)) {
				t.Fatalf("%s 0x%04X: value outside the payload", e.Dir, e.ID)
			}
			switch e.Type {
			case schema.TypeSByte, schema.TypeSShort, schema.TypeIFD,
				schema.TypeLong8, schema.TypeSLong8, schema.TypeIFD8:
				continue // go-exif has no parser for these types: nothing to compare with
			}
			want := goExifValue(t, e, p.Data[at:at+size])
			if len(want.Bytes) > 0 || e.Bytes != nil {
				assert.Equal(t, want.Bytes, e.Bytes, "%s 0x%04X", e.Dir, e.ID)
			}
			assert.Equal(t, want.Ints, e.Ints, "%s 0x%04X", e.Dir, e.ID)
			assert.Equal(t, want.Rats, e.Rats, "%s 0x%04X", e.Dir, e.ID)
			assert.Equal(t, want.Floats, e.Floats, "%s 0x%04X", e.Dir, e.ID)
			checked++
		}
	}
	assert.Greater(t, checked, 1000, "values compared")
}

// TestDecoderReuse decodes the reference EXIF and every corpus JPEG's with one Decoder, in
// rounds separated by Reset: each round equals what fresh DecodeAppend calls give, and the
// values of earlier payloads survive later ones within a round.
func TestDecoderReuse(t *testing.T) {
	payloads := []extract.Payload{refPayload(t)}
	for _, f := range corpusJPEGs(t) {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		payloads = append(payloads, app1Exif(b)...)
	}
	var want []extract.RawEntry
	for _, p := range payloads {
		want = DecodeAppend(want, p, extract.Limits{}, &extract.Warnings{})
	}
	var d Decoder
	for round := range 2 {
		var got []extract.RawEntry
		for _, p := range payloads {
			got = d.DecodeAppend(got, p, extract.Limits{}, &extract.Warnings{})
		}
		require.Equal(t, want, got, "round %d", round)
		d.Reset()
	}
}
