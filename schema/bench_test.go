package schema

import "testing"

// Benchmarks of the lookups normalize makes per entry. The ids are a realistic mix of hits
// and misses. Each has a "static" sub-benchmark (the package's binary searches over its
// generated static tables) and a "map" one: the map layout the tables had before they became
// static data (built here from the tables), so that one run compares both.

var sinkTag *Tag

func BenchmarkLookupEXIF(b *testing.B) {
	ids := []uint16{0x010F, 0x0110, 0x0132, 0x829A, 0x8827, 0x9003, 0xA434, 0xC4A5, 0x1234, 0x0001}
	b.Run("static", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			sinkTag = EXIF(TableExif, ids[i%len(ids)])
		}
	})
	b.Run("map", func(b *testing.B) {
		m := map[uint16]*Tag{}
		for _, e := range exifTags {
			m[e.id] = &tagData[e.tag]
		}
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			sinkTag = m[ids[i%len(ids)]]
		}
	})
}

func BenchmarkLookupXMPFlat(b *testing.B) {
	type q struct {
		ns string
		id []byte
	}
	qs := []q{
		{nsIptcExt, []byte("ImageRegionRegionBoundaryRbH")},
		{nsIptcExt, []byte("LocationCreatedCity")},
		{nsExif, []byte("GPSLatitude")},
		{nsXMP, []byte("CreateDate")},
		{"http://purl.org/dc/elements/1.1/", []byte("creator")},
		{"http://ns.adobe.com/photoshop/1.0/", []byte("DateCreated")},
		{nsPlus, []byte("LicensorName")},
		{nsXMP, []byte("NoSuchProperty")},
		{"http://example.com/unknown/", []byte("Foo")},
	}
	b.Run("static", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			x := qs[i%len(qs)]
			sinkTag = XMPFlat(x.ns, x.id)
		}
	})
	b.Run("map", func(b *testing.B) {
		m := map[string]map[string]*Tag{}
		for _, n := range namespaces {
			inner := map[string]*Tag{}
			for _, e := range xmpTags[n.lo:n.hi] {
				inner[e.name] = &tagData[e.tag]
			}
			m[n.ns.URI] = inner
		}
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			x := qs[i%len(qs)]
			sinkTag = m[x.ns][string(x.id)]
		}
	})
}

func BenchmarkLookup(b *testing.B) {
	keys := []string{"Make", "DateTimeOriginal", "GPSLatitude", "Keywords", "Creator",
		"ImageRegionBoundaryH", "DateTimeCreated", "Caption", "NoSuchKey", "ISO"}
	b.Run("static", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			sinkTag, _ = Lookup(keys[i%len(keys)])
		}
	})
	b.Run("map", func(b *testing.B) {
		m := map[string]*Tag{}
		for _, e := range byKey {
			m[e.name] = &tagData[e.tag]
		}
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			sinkTag = m[keys[i%len(keys)]]
		}
	})
}
