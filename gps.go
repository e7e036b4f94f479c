package embedmeta

import (
	"strings"
	"time"

	"github.com/embedmeta/embedmeta/normalize"
	"github.com/embedmeta/embedmeta/schema"
)

// Position is a place in signed decimal degrees, as mapping libraries take it: north and
// east positive, south and west negative.
type Position struct {
	Latitude, Longitude float64
	// Altitude is in metres above sea level (negative below it); HasAltitude says whether
	// the metadata records one.
	Altitude    float64
	HasAltitude bool
	// Source is the payload the coordinates come from: SourceEXIF (its GPS IFD, whose
	// unsigned degrees the GPSLatitudeRef/GPSLongitudeRef/GPSAltitudeRef keys sign) or
	// SourceXMP (exif:GPSLatitude and the like, signed already).
	Source schema.Source
}

// GPS returns the position the metadata records (the winning GPSLatitude and GPSLongitude,
// spec P) in signed decimal degrees, and false when either coordinate is missing. The map
// keeps EXIF's unsigned values beside their Ref keys, as ExifTool prints them; GPS applies
// the references, as exifr's gps() and go-exif's GpsInfo do.
func (m *Metadata) GPS() (Position, bool) {
	lat, latSrc, okLat := m.signed(schema.RoleLatitude)
	lon, _, okLon := m.signed(schema.RoleLongitude)
	if !okLat || !okLon {
		return Position{}, false
	}
	p := Position{Latitude: lat, Longitude: lon, Source: latSrc}
	if alt, _, ok := m.signed(schema.RoleAltitude); ok {
		p.Altitude, p.HasAltitude = alt, true
	}
	return p, true
}

// signed returns the number of the first key playing role that the metadata holds (the
// dictionary names it: GPSLatitude, ...), negated when it came from EXIF and its reference
// key holds one of the role's negative codes (the stored code, or its label).
func (m *Metadata) signed(role schema.Role) (float64, schema.Source, bool) {
	for _, k := range schema.KeysOf(role) {
		if v, src, ok := m.signedKey(k.Key, k.Ref, k.Negative); ok {
			return v, src, true
		}
	}
	return 0, 0, false
}

func (m *Metadata) signedKey(key, ref string, negative []string) (float64, schema.Source, bool) {
	i, ok := m.find(key)
	if !ok {
		return 0, 0, false
	}
	v, ok := m.fields[i].Value.Float()
	if !ok {
		return 0, 0, false
	}
	src := m.fields[i].Source
	if src != schema.SourceEXIF {
		return v, src, true // signed already
	}
	if r, ok := m.Get(ref); ok {
		for _, n := range negative {
			if strings.EqualFold(r.String(), n) {
				return -v, src, true
			}
		}
	}
	return v, src, true
}

// Date returns the UTC instant of a date key and whether its UTC offset was known: false
// means the source recorded a local time without an offset, which was read as UTC (spec D2)
// and may be off by the camera's time zone.
func (m *Metadata) Date(key string) (t time.Time, offsetKnown, ok bool) {
	v, ok := m.Get(key)
	if !ok {
		return time.Time{}, false, false
	}
	return v.Time()
}

// Clone returns a copy of m that owns all its memory: the way to keep a result of an
// Extractor past its next call.
func (m *Metadata) Clone() *Metadata {
	c := &Metadata{Format: strings.Clone(m.Format), Facts: m.Facts, DroppedWarnings: m.DroppedWarnings}
	if m.Warnings != nil {
		c.Warnings = make([]Warning, len(m.Warnings))
	}
	for i, w := range m.Warnings {
		w.Code, w.Msg = strings.Clone(w.Code), strings.Clone(w.Msg)
		c.Warnings[i] = w
	}
	if m.Facts.HasAlpha != nil {
		a := *m.Facts.HasAlpha
		c.Facts.HasAlpha = &a
	}
	c.Facts.FileType, c.Facts.MIME = strings.Clone(m.Facts.FileType), strings.Clone(m.Facts.MIME)
	c.Facts.VideoCodec, c.Facts.AudioCodec = strings.Clone(m.Facts.VideoCodec), strings.Clone(m.Facts.AudioCodec)
	c.fields = make([]Field, len(m.fields))
	for i, f := range m.fields {
		items := make([]normalize.Scalar, len(f.Value.Items))
		for j, it := range f.Value.Items {
			it.Str = strings.Clone(it.Str)
			items[j] = it
		}
		f.Key = strings.Clone(f.Key)
		f.Value.Items = items
		// f.Tag is the dictionary's or a fallback definition that owns its memory (N3).
		c.fields[i] = f
	}
	return c
}
