package schema

import "strconv"

// This file is the vocabulary the whole pipeline speaks about where a value comes from and
// how it was stored: the container walkers and decoders (extract) label raw entries and
// warnings with it, the dictionary's definitions carry it, and normalize orders and merges
// by it.

// Source is the kind of metadata payload a value comes from; its String is ExifTool's
// family-0 group name.
type Source uint8

// The payload sources, in the order of output blocks (spec O1: EXIF, then IIM, then XMP).
const (
	SourceEXIF      Source = iota + 1 // a TIFF/EXIF structure (APP1 Exif, TIFF IFDs, ...)
	SourceIPTC                        // an IPTC-IIM block (Photoshop resource 0x0404, TIFF 0x83BB, ...)
	SourceXMP                         // an XMP packet (after Extended XMP is joined)
	SourcePhotoshop                   // a Photoshop image resource other than the IIM block
	SourceComposite                   // a value derived from several others (spec S7)
)

// sourceNames are the sources' family-0 group names.
var sourceNames = [...]string{SourceEXIF: "EXIF", SourceIPTC: "IPTC", SourceXMP: "XMP",
	SourcePhotoshop: "Photoshop", SourceComposite: "Composite"}

// String returns the group name ("EXIF", "IPTC", "XMP", "Photoshop", "Composite").
func (s Source) String() string {
	if s > 0 && int(s) < len(sourceNames) {
		return sourceNames[s]
	}
	return "Source(" + strconv.Itoa(int(s)) + ")"
}

// MarshalText writes the group name (String), so that JSON shows "EXIF", not a number.
func (s Source) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// SourceSet is a set of payload sources; the zero value is the empty set.
type SourceSet uint8

// SetOf returns the set of the given sources.
func SetOf(sources ...Source) SourceSet {
	var s SourceSet
	for _, src := range sources {
		s |= 1 << (src - 1)
	}
	return s
}

// Has reports whether src is in s.
func (s SourceSet) Has(src Source) bool { return src > 0 && s&(1<<(src-1)) != 0 }

// Type is the stored type of a value: for EXIF the TIFF field type (TIFF 6.0 §2, Exif 3.0
// §4.6.2: 1 BYTE ... 13 IFD, 16-18 BigTIFF, 129 UTF-8), for the other sources a type above
// 200.
type Type uint16

// TIFF and Exif field types.
const (
	TypeByte      Type = 1
	TypeASCII     Type = 2
	TypeShort     Type = 3
	TypeLong      Type = 4
	TypeRational  Type = 5
	TypeSByte     Type = 6
	TypeUndefined Type = 7
	TypeSShort    Type = 8
	TypeSLong     Type = 9
	TypeSRational Type = 10
	TypeFloat     Type = 11
	TypeDouble    Type = 12
	TypeIFD       Type = 13
	TypeLong8     Type = 16 // BigTIFF
	TypeSLong8    Type = 17 // BigTIFF
	TypeIFD8      Type = 18 // BigTIFF
	TypeUTF8      Type = 129
)

// Stored types of the other sources.
const (
	TypeIIM     Type = 201 // an IIM dataset's bytes, undecoded
	TypeXMPText Type = 202 // an XMP leaf value: character data after XML entity decoding
	TypeBinary  Type = 203 // opaque bytes (a Photoshop resource)
	TypeDigest  Type = 204 // an MD5 digest computed by the walker over stored bytes
)

// String names the type as TIFF and ExifTool documentation do ("SHORT", "RATIONAL", ...).
func (t Type) String() string {
	switch t {
	case TypeByte:
		return "BYTE"
	case TypeASCII:
		return "ASCII"
	case TypeShort:
		return "SHORT"
	case TypeLong:
		return "LONG"
	case TypeRational:
		return "RATIONAL"
	case TypeSByte:
		return "SBYTE"
	case TypeUndefined:
		return "UNDEFINED"
	case TypeSShort:
		return "SSHORT"
	case TypeSLong:
		return "SLONG"
	case TypeSRational:
		return "SRATIONAL"
	case TypeFloat:
		return "FLOAT"
	case TypeDouble:
		return "DOUBLE"
	case TypeIFD:
		return "IFD"
	case TypeLong8:
		return "LONG8"
	case TypeSLong8:
		return "SLONG8"
	case TypeIFD8:
		return "IFD8"
	case TypeUTF8:
		return "UTF-8"
	case TypeIIM:
		return "IIM"
	case TypeXMPText:
		return "XMP"
	case TypeBinary:
		return "binary"
	case TypeDigest:
		return "MD5"
	}
	return "Type(" + strconv.Itoa(int(t)) + ")"
}

// Size returns the size in bytes of one value of a TIFF field type, 0 for a type that is not
// a TIFF field type.
func (t Type) Size() uint64 {
	switch t {
	case TypeByte, TypeASCII, TypeSByte, TypeUndefined, TypeUTF8:
		return 1
	case TypeShort, TypeSShort:
		return 2
	case TypeLong, TypeSLong, TypeFloat, TypeIFD:
		return 4
	case TypeRational, TypeSRational, TypeDouble, TypeLong8, TypeSLong8, TypeIFD8:
		return 8
	}
	return 0
}

// ExtendedXMPProperty is the local name of the xmpNote property by which a JPEG's standard
// XMP packet names the GUID of its extended part (XMP Specification Part 3, §1.1.3.1): the
// JPEG walker reads it to join the extended part's segments.
const ExtendedXMPProperty = "HasExtendedXMP"
