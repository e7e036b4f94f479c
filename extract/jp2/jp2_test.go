package jp2

import (
	"bytes"
	"encoding/binary"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/embedmeta/embedmeta/extract"
)

// box builds a JPEG 2000 box.
func box(typ string, parts ...[]byte) []byte {
	body := cat(parts...)
	return append(append(binary.BigEndian.AppendUint32(nil, uint32(8+len(body))), typ...), body...)
}

// uuidBox builds a uuid box of extended type u.
func uuidBox(u [16]byte, parts ...[]byte) []byte { return box("uuid", u[:], cat(parts...)) }

func cat(parts ...[]byte) []byte {
	var out []byte
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

// file builds a JP2-family file of the given ftyp brand and boxes.
func file(brand string, boxes ...[]byte) []byte {
	return cat(signature, box("ftyp", []byte(brand), []byte{0, 0, 0, 0}, []byte(brand)), cat(boxes...))
}

// ihdr is an image header box of h x w with nc components.
func ihdr(h, w uint32, nc uint16) []byte {
	b := binary.BigEndian.AppendUint32(nil, h)
	b = binary.BigEndian.AppendUint32(b, w)
	b = binary.BigEndian.AppendUint16(b, nc)
	return box("ihdr", b, []byte{7, 7, 0, 0})
}

// cdef is a channel definition box of the given channel types.
func cdef(types ...uint16) []byte {
	b := binary.BigEndian.AppendUint16(nil, uint16(len(types)))
	for i, t := range types {
		b = binary.BigEndian.AppendUint16(b, uint16(i))
		b = binary.BigEndian.AppendUint16(b, t)
		b = binary.BigEndian.AppendUint16(b, 0)
	}
	return box("cdef", b)
}

// siz is a codestream start: SOC, then a SIZ segment for a w x h grid.
func siz(w, h uint32) []byte {
	b := []byte{0xFF, 0x4F, 0xFF, 0x51, 0x00, 0x29, 0x00, 0x00}
	b = binary.BigEndian.AppendUint32(b, w)
	b = binary.BigEndian.AppendUint32(b, h)
	return append(b, make([]byte, 33)...)
}

var (
	tiffMM  = []byte("MM\x00*\x00\x00\x00\x08\x00\x00\x00\x00\x00\x00")
	packet  = []byte(`<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/></x:xmpmeta>`)
	iim     = []byte{0x1C, 0x02, 0x00, 0x00, 0x02, 0x00, 0x04}
	irb     = []byte("8BIM\x04\x04\x00\x00\x00\x00\x00\x07\x1c\x02\x00\x00\x02\x00\x04\x00")
	notXMP  = []byte(`<?xml version="1.0"?><IMAGE_CREATION xmlns="http://www.jpeg.org/jpx/1.0/xml"/>`)
	jp2Head = int64(len(signature) + 20) // signature and a 20-byte ftyp
)

func TestLocate(t *testing.T) {
	no, yes := extract.Bool(false), extract.Bool(true)
	exifBox := cat([]byte{0, 0, 0, 6}, []byte("Exif\x00\x00"), tiffMM)
	tests := []struct {
		name  string
		in    []byte
		facts extract.Facts
		exif  []int64 // payload offsets
		xmp   []int64
		iim   []int64
		irb   []int64
		warns []string
	}{
		{name: "jp2 header", in: file("jp2 ", box("jp2h", ihdr(20, 30, 3))),
			facts: extract.Facts{FileType: "image", MIME: "image/jp2", Width: 30, Height: 20, HasAlpha: no}},
		{name: "jpx with an opacity channel", in: file("jpx ", box("jp2h", ihdr(2, 3, 4), cdef(0, 0, 0, 1))),
			facts: extract.Facts{FileType: "image", MIME: "image/jpx", Width: 3, Height: 2, HasAlpha: yes}},
		{name: "jpm, cdef without opacity", in: file("jpm ", box("jp2h", ihdr(2, 3, 4), cdef(0, 0, 0, 0))),
			facts: extract.Facts{FileType: "image", MIME: "image/jpm", Width: 3, Height: 2, HasAlpha: no}},
		{name: "mj2", in: file("mjp2", box("moov")),
			facts: extract.Facts{FileType: "non-image", MIME: "video/mj2"}},
		{name: "only the first ihdr", in: file("jp2 ", box("jp2h", ihdr(20, 30, 2), ihdr(1, 1, 1))),
			facts: extract.Facts{FileType: "image", MIME: "image/jp2", Width: 30, Height: 20}},
		{name: "short ihdr", in: file("jp2 ", box("jp2h", box("ihdr", []byte{0, 0, 0, 1}))),
			facts: extract.Facts{FileType: "image", MIME: "image/jp2"}, warns: []string{WarnHeader}},
		{name: "codestream", in: siz(640, 480),
			facts: extract.Facts{FileType: "image", MIME: "image/x-j2c", Width: 640, Height: 480}},
		{name: "codestream cut in SIZ", in: siz(640, 480)[:12],
			facts: extract.Facts{FileType: "image", MIME: "image/x-j2c"}, warns: []string{WarnHeader}},
		{name: "every uuid", in: file("jp2 ",
			uuidBox(uuidExif, tiffMM), uuidBox(uuidExif, []byte("Exif\x00\x00"), tiffMM), uuidBox(uuidExifAdobe, tiffMM),
			uuidBox(uuidGeoJP2, tiffMM), uuidBox(uuidIPTC, iim), uuidBox(uuidIPTCAdobe, iim), uuidBox(uuidXMP, packet),
			uuidBox(uuidPhotoshop, irb)),
			facts: extract.Facts{FileType: "image", MIME: "image/jp2"},
			// box sizes: 38, 44, 38, 38 (EXIF), 31, 31 (IIM), 24+packet (XMP)
			exif: []int64{jp2Head + 24, jp2Head + 38 + 30, jp2Head + 82 + 24, jp2Head + 120 + 24},
			iim:  []int64{jp2Head + 158 + 24, jp2Head + 189 + 24},
			xmp:  []int64{jp2Head + 220 + 24},
			irb:  []int64{jp2Head + 220 + 24 + len64(packet) + 24}},
		{name: "exif uuid without tiff", in: file("jp2 ", uuidBox(uuidExif, []byte("garbage!!"))),
			facts: extract.Facts{FileType: "image", MIME: "image/jp2"}, warns: []string{WarnExif}},
		{name: "unknown uuid", in: file("jp2 ", uuidBox([16]byte{1}, tiffMM)),
			facts: extract.Facts{FileType: "image", MIME: "image/jp2"}},
		{name: "exif box", in: file("jp2 ", box("Exif", exifBox)),
			facts: extract.Facts{FileType: "image", MIME: "image/jp2"}, exif: []int64{jp2Head + 8 + 10}},
		{name: "exif box without tiff", in: file("jp2 ", box("Exif", []byte{0, 0, 0, 0, 1, 2, 3})),
			facts: extract.Facts{FileType: "image", MIME: "image/jp2"}, warns: []string{WarnExif}},
		{name: "xml: XMP first, JPX XML left out", in: file("jp2 ", uuidBox(uuidXMP, packet), box("xml ", notXMP), box("xml ", packet)),
			facts: extract.Facts{FileType: "image", MIME: "image/jp2"},
			xmp:   []int64{jp2Head + 24 + len64(packet) + 8 + len64(notXMP) + 8, jp2Head + 24}},
		{name: "asoc holds jp2i and nested uuid", in: file("jpx ", box("asoc", box("lbl ", []byte("x")), box("jp2i", packet), box("asoc", uuidBox(uuidIPTC, iim)))),
			facts: extract.Facts{FileType: "image", MIME: "image/jpx"},
			xmp:   []int64{jp2Head + 8 + 9 + 8}, iim: []int64{jp2Head + 8 + 9 + 8 + len64(packet) + 8 + 24}},
		{name: "box past the end", in: file("jp2 ", box("jp2h", ihdr(2, 3, 3)), []byte{0, 0, 1, 0, 'x', 'm', 'l', ' ', 'a'}),
			facts: extract.Facts{FileType: "image", MIME: "image/jp2", Width: 3, Height: 2, HasAlpha: no}, warns: []string{"jp2.box-size"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var ws extract.Warnings
			p, err := Locate(extract.Bytes(tc.in), int64(len(tc.in)), extract.DefaultLimits(), &ws)
			require.NoError(t, err)
			assert.Equal(t, tc.facts, p.Facts)
			assert.Equal(t, tc.exif, offsets(p.EXIF), "exif")
			assert.Equal(t, tc.xmp, offsets(p.XMP), "xmp")
			assert.Equal(t, tc.iim, offsets(p.IIM), "iim")
			assert.Equal(t, tc.irb, offsets(p.IRB), "irb")
			for _, q := range p.EXIF {
				assert.True(t, bytes.HasPrefix(q.Data, tiffMM[:4]))
				assert.Equal(t, tc.in[q.Offset:q.Offset+4], q.Data[:4])
			}
			var codes []string
			for _, w := range ws.List {
				codes = append(codes, w.Code)
			}
			assert.Equal(t, tc.warns, codes)
		})
	}
}

func TestLocateNotJP2(t *testing.T) {
	for _, in := range [][]byte{nil, []byte("\x00\x00\x00\x0cjP  \r\n"), []byte("\xff\x4f\xff\x51\x01"), []byte("\x00\x00\x00\x0cJXL \r\n\x87\n")} {
		var ws extract.Warnings
		_, err := Locate(extract.Bytes(in), int64(len(in)), extract.DefaultLimits(), &ws)
		assert.True(t, errors.Is(err, extract.ErrUnsupportedFormat), "%q: %v", in, err)
		assert.False(t, IsJP2(in))
	}
}

// TestLimits: a metadata box above the limits is not read.
func TestLimits(t *testing.T) {
	in := file("jp2 ", uuidBox(uuidXMP, packet), uuidBox(uuidIPTC, bytes.Repeat(iim, 100)))
	var ws extract.Warnings
	p, err := Locate(extract.Bytes(in), int64(len(in)), extract.Limits{MaxSegment: 200, MaxXMPBytes: 50}, &ws)
	require.NoError(t, err)
	assert.Empty(t, p.XMP)
	assert.Empty(t, p.IIM)
	require.Len(t, ws.List, 2)
	assert.Equal(t, "jp2.too-large", ws.List[0].Code)
}

func offsets(ps []extract.Payload) []int64 {
	var out []int64
	for _, p := range ps {
		out = append(out, p.Offset)
	}
	return out
}

func len64(b []byte) int64 { return int64(len(b)) }
