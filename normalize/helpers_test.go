package normalize

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/embedmeta/embedmeta/extract"
	"github.com/embedmeta/embedmeta/schema"
)

// Namespace URIs used by the synthetic XMP entries of the tests.
const (
	nsDC        = "http://purl.org/dc/elements/1.1/"
	nsXMP       = "http://ns.adobe.com/xap/1.0/"
	nsPhotoshop = "http://ns.adobe.com/photoshop/1.0/"
	nsExt       = "http://iptc.org/std/Iptc4xmpExt/2008-02-29/"
	nsCore      = "http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/"
	nsPlus      = "http://ns.useplus.org/ldf/xmp/1.0/"
	nsEXIF      = "http://ns.adobe.com/exif/1.0/"
	nsTIFF      = "http://ns.adobe.com/tiff/1.0/"
	nsUnknown   = "http://example.com/ns/private/"
)

func ascii(dir string, id uint16, s string) extract.RawEntry {
	return extract.RawEntry{Source: schema.SourceEXIF, Dir: dir, ID: id, Type: schema.TypeASCII,
		Count: uint32(len(s) + 1), Bytes: append([]byte(s), 0)}
}

func short(dir string, id uint16, v ...int64) extract.RawEntry {
	return extract.RawEntry{Source: schema.SourceEXIF, Dir: dir, ID: id, Type: schema.TypeShort,
		Count: uint32(len(v)), Ints: v}
}

func rational(dir string, id uint16, v ...extract.Rational) extract.RawEntry {
	return extract.RawEntry{Source: schema.SourceEXIF, Dir: dir, ID: id, Type: schema.TypeRational,
		Count: uint32(len(v)), Rats: v}
}

func undef(dir string, id uint16, b []byte) extract.RawEntry {
	return extract.RawEntry{Source: schema.SourceEXIF, Dir: dir, ID: id, Type: schema.TypeUndefined,
		Count: uint32(len(b)), Bytes: b}
}

func iim(record uint8, ds uint16, b string) extract.RawEntry {
	return extract.RawEntry{Source: schema.SourceIPTC, Dir: "IPTC" + string('0'+record), Record: record,
		ID: ds, Type: schema.TypeIIM, Count: uint32(len(b)), Bytes: []byte(b)}
}

func digest(id uint16, f schema.Type, b []byte) extract.RawEntry {
	return extract.RawEntry{Source: schema.SourcePhotoshop, Dir: "Photoshop", ID: id, Type: f, Bytes: b}
}

func st(ns, name string) extract.XMPStep { return extract.XMPStep{NS: ns, Name: name} }

func item(ns, name string, c extract.Container, i int) extract.XMPStep {
	return extract.XMPStep{NS: ns, Name: name, Container: c, Index: i}
}

func xmpv(text string, path ...extract.XMPStep) extract.RawEntry {
	return extract.RawEntry{Source: schema.SourceXMP, Type: schema.TypeXMPText, Text: text, Path: path}
}

func xmpLang(text, lang string, path ...extract.XMPStep) extract.RawEntry {
	e := xmpv(text, path...)
	e.Lang = lang
	return e
}

// render normalizes entries and returns the JSON text and the warnings.
func render(t *testing.T, entries ...extract.RawEntry) string {
	t.Helper()
	ws := &extract.Warnings{}
	fields := Normalize(entries, ws)
	return string(AppendJSON(nil, fields))
}

// field returns the field named key.
func field(t *testing.T, entries []extract.RawEntry, key string) Field {
	t.Helper()
	for _, f := range Normalize(entries, &extract.Warnings{}) {
		if f.Key == key {
			return f
		}
	}
	require.Failf(t, "key missing", "%s not in output", key)
	return Field{}
}
