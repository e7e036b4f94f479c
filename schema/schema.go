// Package schema is embedmeta's dictionary: for every EXIF tag, IPTC-IIM dataset and XMP
// property it knows, the output key (ExifTool's tag name without '-', spec N1), the kind of
// its value (T1), its shape class (T2, section 6), the conversion applied to its stored value
// (V, D) and whether a scope rule leaves it out (S).
//
// The tables are data: they are generated (go generate) from a checked-in data file that is
// itself built from `exiftool -listx` plus the spec's own decisions (overrides). The package
// imports nothing from this module. Its tables are static data laid out by the linker (sorted
// arrays and static hash indexes, no maps), so the package has no initialisation cost, is
// immutable and safe for concurrent use.
package schema

// Kind is the type of a key's values (spec T1).
type Kind uint8

// Value kinds.
const (
	String  Kind = iota + 1 // JSON string
	Integer                 // JSON number without fraction; Go int64
	Number                  // JSON number; Go float64
	Date                    // UTC instant, JSON "YYYY-MM-DDTHH:mm:ss.sssZ"; Go time.Time
)

// String returns the kind's name as `*.types.json` writes it.
func (k Kind) String() string {
	switch k {
	case String:
		return "string"
	case Integer:
		return "integer"
	case Number:
		return "number"
	case Date:
		return "date"
	}
	return "invalid"
}

// Shape is a key's shape class (spec section 6, T2).
type Shape uint8

// Shape classes.
const (
	Scalar      Shape = iota + 1 // one value; a later occurrence replaces it (P3)
	Collapsing                   // list-capable (L1): one value -> scalar, several -> array (L2)
	AlwaysList                   // an array even with one value (L3)
	FixedVector                  // an EXIF tag defined with count > 1: always an array (L5)
)

// String names the shape class.
func (s Shape) String() string {
	switch s {
	case Scalar:
		return "scalar"
	case Collapsing:
		return "collapsing list"
	case AlwaysList:
		return "always list"
	case FixedVector:
		return "fixed vector"
	}
	return "invalid"
}

// Conv is the conversion normalize applies to a stored value (spec V and D rules).
type Conv uint8

// Conversions. Each names the spec rule it implements.
const (
	ConvNone         Conv = iota // the stored value typed by Kind (V1, V3, V5, V6)
	ConvLabel                    // V2: the code's label from Labels; "Unknown (<code>)" without one
	ConvLabelEach                // V2b: every component labelled, joined with ","
	ConvASCIIBytes               // V4: UNDEFINED bytes read as ASCII text (ExifVersion "0232")
	ConvCodedText                // V4: 8-byte character-code prefix + text (UserComment)
	ConvGPSCoord                 // V3b: (deg, min, sec) rationals -> d + m/60 + s/3600
	ConvAPEXShutter              // V3b: ShutterSpeedValue v -> 2^-v
	ConvAPEXAperture             // V3b: ApertureValue v -> 2^(v/2)
	ConvGPSTime                  // V3b: GPSTimeStamp (h, m, s) -> "HH:MM:SS"
	ConvEXIFDateTime             // D1: "YYYY:MM:DD HH:MM:SS" local time, offset from OffsetTag
	ConvEXIFDate                 // D1: GPSDateStamp "YYYY:MM:DD" -> 00:00 UTC
	ConvIIMDate                  // D3: CCYYMMDD -> 00:00 UTC
	ConvIIMTime                  // D3: HHMMSS±HHMM -> "HH:MM:SS±HH:MM"
	ConvXMPDate                  // D4: W3C-DTF of any precision -> UTC instant
	ConvXMPGPSCoord              // V6b: top-level "DDD,MM.mmk" / "DDD,MM,SSk" -> signed degrees
	ConvXMPMeters                // V7a: struct-field exif:GPSAltitude "n/d" -> "<n/d> m"
	ConvUTF16LE                  // Windows XP* tags: UTF-16LE bytes -> text
	ConvTrimRight                // V1: EXIF text whose trailing blanks are padding (Make, Model, ...)
	ConvCopyright                // V1: EXIF Copyright "photographer\0editor" -> "photographer\neditor"
	ConvBitmask                  // V2: a set of bits (ExifTool BITMASK): labels of the set bits joined with ", "; Labels codes are 1<<bit
	ConvXMPVector                // T3: an XMP text holding a fixed vector ("15/1 85/1 0/0 0/0", "2.2.0.0") -> its numbers
	convCount                    // number of conversions; keep last
)

// ConvCount is the number of defined conversions; a table sanity test uses it to prove that
// normalize implements every one.
const ConvCount = int(convCount)

// String names the conversion.
func (c Conv) String() string {
	names := [...]string{"none", "label", "label-each", "ascii-bytes", "coded-text", "gps-coord",
		"apex-shutter", "apex-aperture", "gps-time", "exif-datetime", "exif-date", "iim-date",
		"iim-time", "xmp-date", "xmp-gps-coord", "xmp-meters", "utf16le", "trim-right", "copyright", "bitmask",
		"xmp-vector"}
	if int(c) < len(names) {
		return names[c]
	}
	return "invalid"
}

// Label maps one stored code to its English label (ExifTool 12.57's print conversion).
// Code is the decimal form of an integer code, or the character(s) of a text code ("N").
type Label struct {
	Code string
	Text string
}

// Tag is the definition of one key as one source carries it.
type Tag struct {
	// Name is the output key (spec N1): ExifTool 12.57's tag name with every '-' removed.
	Name string
	// Source is the payload kind the definition belongs to (SourceComposite for S7's
	// composites).
	Source Source
	// Kind is the element kind of the key's values (T1).
	Kind Kind
	// Shape is the key's shape class (T2).
	Shape Shape
	// Conv is the value conversion (V, D).
	Conv Conv
	// Labels are the code labels for ConvLabel / ConvLabelEach / ConvBitmask, sorted by Code.
	Labels []Label
	// OffsetTag is, for ConvEXIFDateTime, the ExifIFD tag id holding the UTC offset of this
	// date-time (0x9010, 0x9011, 0x9012; D1); 0 when the date has none.
	OffsetTag uint16
	// ReadAs is, for an EXIF tag ExifTool reads in another format than the stored one, that
	// format as a TIFF field type (3 = SHORT): the stored bytes are the values in that type,
	// in the entry's byte order (PanasonicRaw NoiseReductionParams: UNDEFINED[26] read as
	// 13 SHORTs); 2 (ASCII) for a tag ExifTool reads as text whatever its stored type
	// (OriginalRawFileName stored as BYTE). 0 when the value is read as stored.
	ReadAs Type
	// PrintHex is set for an enumeration whose codes without a label print in hex, as
	// ExifTool prints them ("Unknown (0x26f1)" for Flash; V2).
	PrintHex bool
	// Omit is set when a scope rule leaves the key out of embeddedMetadata; Rule names it.
	Omit bool
	// Rule cites the spec rule(s) behind Omit or an unusual Conv/Shape, e.g. "S3", "L3", "V7a".
	Rule string
	// Ref names the source definition, e.g. "EXIF 0x0128", "IIM 2:120",
	// "XMP Iptc4xmpExt:ImageRegionRegionBoundaryRbH".
	Ref string
	// Role is the part the key plays in a rule beyond its own value (RoleFirst, ...); most
	// keys have none. Every definition of a key carries the key's role.
	Role Role
}

// Role is a part a key plays in a rule that reads or orders keys by what they mean rather
// than by their value: the tag names such rules need are data (overrides.tsv "role" rows),
// never spelled in code outside this package.
type Role uint8

// Roles.
const (
	RoleNone        Role = iota
	RoleFirst            // O4: the key is moved to the very front of the map (ExifVersion)
	RoleIIMCharset       // the IIM dataset naming the coded character set of record 2 (1:90)
	RoleImageWidth       // the image's width in pixels, by rank (a sidecar's facts: ImageWidth, ExifImageWidth)
	RoleImageHeight      // the image's height in pixels, paired with RoleImageWidth by rank
	RoleLatitude         // GPS latitude; Ref names its hemisphere key, Negative its southern codes
	RoleLongitude        // GPS longitude; Ref and Negative as for RoleLatitude (west)
	RoleAltitude         // GPS altitude in metres; Ref and Negative: below sea level
	roleCount
)

// RoleKey is one key playing a role.
type RoleKey struct {
	Role Role
	// Rank orders the keys of one role, best first (1, 2, ...).
	Rank uint8
	Key  string
	// Ref is the key whose value qualifies this one (GPSLatitudeRef for GPSLatitude).
	Ref string
	// Negative lists the values of Ref (stored codes and their labels) that make the value
	// negative ("S", "South").
	Negative []string
}

// Table selects one of the EXIF tag tables. Tag ids repeat across tables (N2).
type Table uint8

// EXIF tables (ExifTool's Exif::Main serves IFD0, ExifIFD, InteropIFD and IFD1; GPS::Main
// the GPS IFD; PanasonicRaw::Main the IFD0 of a Panasonic RW2/RWL raw, whose ids below the
// TIFF range are Panasonic's own: 0x0001 PanasonicRawVersion, 0x0002 SensorWidth, ...).
const (
	TableExif Table = iota + 1
	TableGPS
	TablePanasonicRaw
)

// Namespace describes an XMP namespace the dictionary knows.
type Namespace struct {
	URI    string // namespace URI
	Prefix string // ExifTool's preferred prefix, e.g. "Iptc4xmpExt"
	Group  string // ExifTool's family-1 group, e.g. "XMP-iptcExt"
}

// Alias is a second key emitted for an IIM dataset (spec A1) when the key is not present.
type Alias struct {
	Record, Dataset uint8
	Key             string
}

// Composite is a derived key (spec S7): an IIM date dataset and a time dataset joined into
// one instant (D3). It exists only when both datasets exist.
type Composite struct {
	Key                      string
	Record                   uint8
	DateDataset, TimeDataset uint8
}
