package embedmeta_test

import (
	"bytes"
	"crypto/md5"
	"encoding/binary"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/embedmeta/embedmeta"
)

// jpegBuilder assembles a synthetic JPEG from marker segments.
type jpegBuilder struct{ bytes.Buffer }

func newJPEG() *jpegBuilder {
	b := &jpegBuilder{}
	b.Write([]byte{0xFF, 0xD8})
	return b
}

func (b *jpegBuilder) segment(marker byte, payload []byte) *jpegBuilder {
	b.Write([]byte{0xFF, marker})
	_ = binary.Write(b, binary.BigEndian, uint16(len(payload)+2))
	b.Write(payload)
	return b
}

func (b *jpegBuilder) finish() []byte {
	b.Write([]byte{0xFF, 0xDA, 0x00, 0x02, 0x11, 0x22, 0xFF, 0xD9}) // SOS, some data, EOI
	return b.Bytes()
}

// exifApp1 builds an APP1 Exif payload (little-endian TIFF) with IFD0 Make and an Exif IFD
// holding DateTimeOriginal without OffsetTimeOriginal.
func exifApp1() []byte {
	le := binary.LittleEndian
	var t bytes.Buffer
	t.Write([]byte{'I', 'I', 42, 0, 8, 0, 0, 0})
	make_ := []byte("Synth\x00")
	dto := []byte("2020:01:02 03:04:05\x00")
	// IFD0 at 8: 2 entries (Make, ExifIFD pointer) = 2+24+4 = 30 bytes -> data at 38.
	exifIFD := uint32(38 + len(make_))
	entry := func(tag, typ uint16, count, val uint32) {
		_ = binary.Write(&t, le, tag)
		_ = binary.Write(&t, le, typ)
		_ = binary.Write(&t, le, count)
		_ = binary.Write(&t, le, val)
	}
	_ = binary.Write(&t, le, uint16(2))
	entry(0x010F, 2, uint32(len(make_)), 38)
	entry(0x8769, 4, 1, exifIFD)
	_ = binary.Write(&t, le, uint32(0))
	t.Write(make_)
	// Exif IFD: 1 entry = 2+12+4 = 18 bytes -> data after it.
	_ = binary.Write(&t, le, uint16(1))
	entry(0x9003, 2, uint32(len(dto)), exifIFD+18)
	_ = binary.Write(&t, le, uint32(0))
	t.Write(dto)
	return append([]byte("Exif\x00\x00"), t.Bytes()...)
}

// irb builds a Photoshop APP13 payload: IIM (Latin-1 City, no 1:90) and a stored IPTCDigest.
func irb(iim []byte, digest []byte) []byte {
	var b bytes.Buffer
	b.WriteString("Photoshop 3.0\x00")
	res := func(id uint16, data []byte) {
		b.WriteString("8BIM")
		_ = binary.Write(&b, binary.BigEndian, id)
		b.Write([]byte{0, 0}) // empty name, padded
		_ = binary.Write(&b, binary.BigEndian, uint32(len(data)))
		b.Write(data)
		if len(data)%2 == 1 {
			b.WriteByte(0)
		}
	}
	res(0x0404, iim)
	if digest != nil {
		res(0x0425, digest)
	}
	return b.Bytes()
}

func dataset(rec, ds byte, v string) []byte {
	return append([]byte{0x1C, rec, ds, byte(len(v) >> 8), byte(len(v))}, v...)
}

const xmpHead = `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">`
const xmpTail = `</rdf:RDF></x:xmpmeta>`

// TestSyntheticJPEGEndToEnd covers, through real bytes: an EXIF date without offset (D2),
// Latin-1 IIM without 1:90 (V1), a stale IPTCDigest (P2), Extended XMP joined to the
// standard packet (S1), a lang-alt without x-default (X3) and a one-item struct list (L2/L3).
func TestSyntheticJPEGEndToEnd(t *testing.T) {
	ext := xmpHead + `<rdf:Description xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/">` +
		`<Iptc4xmpExt:PersonInImageWDetails><rdf:Bag><rdf:li rdf:parseType="Resource">` +
		`<Iptc4xmpExt:PersonName><rdf:Alt><rdf:li xml:lang="de">Erika</rdf:li><rdf:li xml:lang="en">Erica</rdf:li></rdf:Alt></Iptc4xmpExt:PersonName>` +
		`</rdf:li></rdf:Bag></Iptc4xmpExt:PersonInImageWDetails></rdf:Description>` + xmpTail
	guid := fmt.Sprintf("%X", md5.Sum([]byte(ext)))
	std := xmpHead + `<rdf:Description xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" ` +
		`xmlns:xmpNote="http://ns.adobe.com/xmp/note/" xmpNote:HasExtendedXMP="` + guid + `" ` +
		`photoshop:City="XMP City" photoshop:Headline="XMP Headline"/>` + xmpTail
	chunk := func(off int, part string) []byte {
		var b bytes.Buffer
		b.WriteString("http://ns.adobe.com/xmp/extension/\x00")
		b.WriteString(guid)
		_ = binary.Write(&b, binary.BigEndian, uint32(len(ext)))
		_ = binary.Write(&b, binary.BigEndian, uint32(off))
		b.WriteString(part)
		return b.Bytes()
	}
	iim := append(dataset(2, 90, "K\xf6ln"), dataset(2, 105, "IIM Headline")...)
	half := len(ext) / 2

	build := func(storedDigest []byte) []byte {
		return newJPEG().
			segment(0xE1, exifApp1()).
			segment(0xED, irb(iim, storedDigest)).
			segment(0xE1, append([]byte("http://ns.adobe.com/xap/1.0/\x00"), std...)).
			segment(0xE1, chunk(half, ext[half:])). // chunks out of order
			segment(0xE1, chunk(0, ext[:half])).
			finish()
	}
	stale := build([]byte("0123456789abcdef"))
	md, err := embedmeta.Extract(bytes.NewReader(stale), int64(len(stale)))
	require.NoError(t, err)
	js, _ := md.MarshalJSON()
	assert.Equal(t, `{"Make":"Synth","DateTimeOriginal":"2020-01-02T03:04:05.000Z","City":"Köln","Headline":"IIM Headline",`+
		`"HasExtendedXMP":"`+guid+`","PersonInImageName":["Erika"]}`, string(js))
	_, known, _ := mustGet(t, md, "DateTimeOriginal").Time()
	assert.False(t, known, "no OffsetTimeOriginal: the offset is unknown (D2)")
	_, ok := md.Get("Keywords") // a few fields are searched without building the key index
	assert.False(t, ok)

	sum := md5.Sum(iim)
	fresh := build(sum[:])
	md, err = embedmeta.Extract(bytes.NewReader(fresh), int64(len(fresh)))
	require.NoError(t, err)
	js, _ = md.MarshalJSON()
	assert.Equal(t, `{"Make":"Synth","DateTimeOriginal":"2020-01-02T03:04:05.000Z","HasExtendedXMP":"`+guid+`",`+
		`"City":"XMP City","Headline":"XMP Headline","PersonInImageName":["Erika"]}`, string(js))
}

func mustGet(t *testing.T, md *embedmeta.Metadata, key string) embedmeta.Value {
	t.Helper()
	v, ok := md.Get(key)
	require.True(t, ok, key)
	return v
}
