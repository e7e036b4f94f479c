package embedmeta_test

import (
	"bytes"
	"encoding/binary"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/embedmeta/embedmeta"
)

// ifdEntry is one entry of a synthetic little-endian IFD: the value bytes, inline when they
// fit in 4 bytes.
type ifdEntry struct {
	tag, typ uint16
	count    uint32
	val      []byte
}

// tiffLE lays out a little-endian TIFF with IFD0 and an Exif IFD (IFD0 gets the 0x8769
// pointer last); out-of-line values follow the two IFDs.
func tiffLE(ifd0, exif []ifdEntry) []byte {
	le := binary.LittleEndian
	ifd0 = append(ifd0, ifdEntry{tag: 0x8769, typ: 4, count: 1})
	off0 := uint32(8)
	offE := off0 + 2 + 12*uint32(len(ifd0)) + 4
	data := offE + 2 + 12*uint32(len(exif)) + 4
	var head, tail bytes.Buffer
	head.Write([]byte{'I', 'I', 42, 0})
	_ = binary.Write(&head, le, off0)
	for _, ifd := range [][]ifdEntry{ifd0, exif} {
		_ = binary.Write(&head, le, uint16(len(ifd)))
		for _, e := range ifd {
			_ = binary.Write(&head, le, e.tag)
			_ = binary.Write(&head, le, e.typ)
			_ = binary.Write(&head, le, e.count)
			v := e.val
			if e.tag == 0x8769 {
				v = le.AppendUint32(nil, offE)
			}
			if len(v) <= 4 {
				head.Write(append(v, make([]byte, 4-len(v))...))
				continue
			}
			_ = binary.Write(&head, le, data+uint32(tail.Len()))
			tail.Write(v)
			if tail.Len()%2 == 1 {
				tail.WriteByte(0)
			}
		}
		_ = binary.Write(&head, le, uint32(0))
	}
	return append(head.Bytes(), tail.Bytes()...)
}

func leU16(v uint16) []byte { return binary.LittleEndian.AppendUint16(nil, v) }
func leU32(v uint32) []byte { return binary.LittleEndian.AppendUint32(nil, v) }

// TestIssue13UnseenFileClasses builds one JPEG with every bug class of issue 13 point 3 (APP1
// Exif, APP13 IIM, two APP1 XMP packets) and checks the map end to end; each value was
// compared with ExifTool 12.57 on the same bytes (spec rules in the comments).
func TestIssue13UnseenFileClasses(t *testing.T) {
	ifd0 := []ifdEntry{
		{0x010F, 2, 6, []byte("Synth\x00")},
		{0x0124, 4, 1, leU32(5)},              // V2 bitmask: "2-Dimensional encoding, Fill bits added"
		{0x0125, 4, 1, leU32(0)},              // V2 bitmask: "(none)"
		{0xC68B, 1, 8, []byte("abc.CR2\x00")}, // V1: text stored as BYTE
	}
	exif := []ifdEntry{
		{0x9003, 2, 26, []byte("2015:06:29 18:19:12+01:00\x00")}, // D1: its own offset
		{0x9204, 1, 4, []byte{36, 0, 18, 0}},                     // T1: dropped with a warning
		{0x9286, 7, 16, []byte("Comment:hello  x")},              // V4: unknown code, whole value
		{0xA001, 3, 1, leU16(0)},                                 // V2: "Unknown (0)"
	}
	iim := append(dataset(2, 55, "20150629"), dataset(2, 60, "135926.054-0600")...) // D3, S7
	packet := func(body string) []byte {
		return append([]byte("http://ns.adobe.com/xap/1.0/\x00"), xmpHead+
			`<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">`+body+`</rdf:Description>`+xmpTail...)
	}
	file := newJPEG().
		segment(0xE1, append([]byte("Exif\x00\x00"), tiffLE(ifd0, exif)...)).
		segment(0xED, irb(iim, nil)).
		segment(0xE1, packet(`<dc:subject><rdf:Bag><rdf:li>a</rdf:li><rdf:li>b</rdf:li></rdf:Bag></dc:subject>`)).
		segment(0xE1, packet(`<dc:subject><rdf:Bag><rdf:li>c</rdf:li></rdf:Bag></dc:subject>`)). // P3
		finish()
	md, err := embedmeta.Extract(bytes.NewReader(file), int64(len(file)))
	require.NoError(t, err)
	js, _ := md.MarshalJSON()
	assert.Equal(t, `{"Make":"Synth","T4Options":"2-Dimensional encoding, Fill bits added","T6Options":"(none)",`+
		`"OriginalRawFileName":"abc.CR2","DateTimeOriginal":"2015-06-29T17:19:12.000Z","UserComment":"Comment:hello  x",`+
		`"ColorSpace":"Unknown (0)","DateCreated":"2015-06-29T00:00:00.000Z","TimeCreated":"13:59:26.054-06:00",`+
		`"Subject":"c","DateTimeCreated":"2015-06-29T19:59:26.054Z"}`, string(js))
	var codes []string
	for _, w := range md.Warnings {
		codes = append(codes, w.Code)
	}
	assert.Contains(t, codes, "exif.unexpected-count")
}
