package embedmeta_test

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/embedmeta/embedmeta"
	"github.com/embedmeta/embedmeta/schema"
)

// gpsApp1 builds an APP1 Exif payload whose GPS IFD holds latitude 41°24'30" S, longitude
// 2°10'12" W and an altitude of 100 m below sea level.
func gpsApp1() []byte {
	le := binary.LittleEndian
	type ent struct {
		tag, typ uint16
		count    uint32
		data     []byte // inline when <= 4 bytes
	}
	rat := func(vs ...uint32) []byte {
		var b []byte
		for _, v := range vs {
			b = le.AppendUint32(b, v)
			b = le.AppendUint32(b, 1)
		}
		return b
	}
	gps := []ent{
		{0x0001, 2, 2, []byte("S\x00")},
		{0x0002, 5, 3, rat(41, 24, 30)},
		{0x0003, 2, 2, []byte("W\x00")},
		{0x0004, 5, 3, rat(2, 10, 12)},
		{0x0005, 1, 1, []byte{1}},
		{0x0006, 5, 1, rat(100)},
	}
	var t bytes.Buffer
	t.Write([]byte{'I', 'I', 42, 0, 8, 0, 0, 0})
	// IFD0 at 8: one entry, the GPS IFD pointer, at 8+2+12+4 = 26.
	t.Write(le.AppendUint16(nil, 1))
	t.Write(le.AppendUint16(nil, 0x8825))
	t.Write(le.AppendUint16(nil, 4))
	t.Write(le.AppendUint32(nil, 1))
	t.Write(le.AppendUint32(nil, 26))
	t.Write(le.AppendUint32(nil, 0))
	dataAt := uint32(26 + 2 + 12*len(gps) + 4)
	var data []byte
	t.Write(le.AppendUint16(nil, uint16(len(gps))))
	for _, e := range gps {
		t.Write(le.AppendUint16(nil, e.tag))
		t.Write(le.AppendUint16(nil, e.typ))
		t.Write(le.AppendUint32(nil, e.count))
		if len(e.data) <= 4 {
			t.Write(append(bytes.Clone(e.data), make([]byte, 4-len(e.data))...))
		} else {
			t.Write(le.AppendUint32(nil, dataAt+uint32(len(data))))
			data = append(data, e.data...)
		}
	}
	t.Write(le.AppendUint32(nil, 0))
	t.Write(data)
	return append([]byte("Exif\x00\x00"), t.Bytes()...)
}

// TestGPSSignedDecimal (issue 17): GPS applies EXIF's reference keys and takes XMP's signed
// values as they are.
func TestGPSSignedDecimal(t *testing.T) {
	exif := newJPEG().segment(0xE1, gpsApp1()).finish()
	xmp := newJPEG().segment(0xE1, append([]byte("http://ns.adobe.com/xap/1.0/\x00"),
		`<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">`+
			`<rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="41,24.5S" exif:GPSLongitude="2,10.2W"/>`+
			`</rdf:RDF></x:xmpmeta>`...)).finish()
	for _, c := range []struct {
		name    string
		file    []byte
		opts    []embedmeta.Option
		src     schema.Source
		alt     float64
		withAlt bool
	}{
		{"EXIF labels", exif, nil, schema.SourceEXIF, -100, true},
		{"EXIF raw codes", exif, []embedmeta.Option{embedmeta.WithRawValues()}, schema.SourceEXIF, -100, true},
		{"XMP", xmp, nil, schema.SourceXMP, 0, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			md, err := embedmeta.ExtractBytes(c.file, c.opts...)
			require.NoError(t, err)
			p, ok := md.GPS()
			require.True(t, ok)
			assert.InDelta(t, -(41 + 24.5/60), p.Latitude, 1e-9)
			assert.InDelta(t, -(2 + 10.2/60), p.Longitude, 1e-9)
			assert.Equal(t, c.src, p.Source)
			assert.Equal(t, c.withAlt, p.HasAltitude)
			assert.InDelta(t, c.alt, p.Altitude, 1e-9)
		})
	}
	md, err := embedmeta.ExtractBytes(newJPEG().segment(0xE1, exifApp1()).finish())
	require.NoError(t, err)
	_, ok := md.GPS()
	assert.False(t, ok, "no GPS in the file")
}

// TestDateOffsetKnown (issue 17): Date says whether the offset was known.
func TestDateOffsetKnown(t *testing.T) {
	md, err := embedmeta.ExtractBytes(newJPEG().segment(0xE1, exifApp1()).finish())
	require.NoError(t, err)
	_, known, ok := md.Date("DateTimeOriginal")
	require.True(t, ok)
	assert.False(t, known, "DateTimeOriginal without OffsetTimeOriginal")
	md, err = embedmeta.ExtractFile(reference + ".jpg")
	require.NoError(t, err)
	_, known, ok = md.Date("DateCreated")
	require.True(t, ok)
	assert.True(t, known, "an XMP date with its TZD")
}

// TestCloneOutlivesTheExtractor (issue 17): a clone of an Extractor's result keeps its
// values after the Extractor reads the next file.
func TestCloneOutlivesTheExtractor(t *testing.T) {
	x := embedmeta.NewExtractor()
	md, err := x.ExtractFile(reference + ".jpg")
	require.NoError(t, err)
	want, _ := md.MarshalJSON()
	c := md.Clone()
	_, err = x.ExtractBytes(newJPEG().segment(0xE1, gpsApp1()).finish())
	require.NoError(t, err)
	got, _ := c.MarshalJSON()
	assert.Equal(t, string(want), string(got))
	assert.Equal(t, "jpeg", c.Format)
}

// TestFactsAndWarningJSON (issue 17): encoding/json writes Facts with the CLI's member
// names, and a Warning with its code, source, offset and message.
func TestFactsAndWarningJSON(t *testing.T) {
	alpha := false
	js, err := json.Marshal(embedmeta.Facts{FileType: "image", MIME: "image/jpeg", Width: 3, Height: 2, HasAlpha: &alpha})
	require.NoError(t, err)
	assert.JSONEq(t, `{"fileType":"image","mime":"image/jpeg","width":3,"height":2,"hasAlpha":false}`, string(js))
	js, err = json.Marshal(embedmeta.Warning{Code: "exif.ifd-loop", Source: schema.SourceEXIF, Offset: 8, Msg: "loop"})
	require.NoError(t, err)
	assert.JSONEq(t, `{"code":"exif.ifd-loop","source":"EXIF","offset":8,"message":"loop"}`, string(js))
}
