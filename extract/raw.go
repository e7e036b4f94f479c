// Package extract holds the types shared by embedmeta's container walkers and payload
// decoders: the raw entries they produce, the warnings they report, the limits they obey
// and the errors they return.
//
// Data flows one way: bytes -> extract (this package and its sub-packages) -> normalize.
// Nothing here names an output key or converts a value into its printed form; a raw entry
// keeps the native value exactly as it was stored, with its provenance.
package extract

import (
	"io"

	"github.com/embedmeta/embedmeta/schema"
)

// Directory names used in RawEntry.Dir for EXIF entries. They are ExifTool's family-1 group
// names of the TIFF/EXIF directories.
const (
	DirIFD0    = "IFD0"
	DirIFD1    = "IFD1" // the thumbnail directory: decoded and kept apart (spec S5 drops it)
	DirExifIFD = "ExifIFD"
	DirGPS     = "GPS"
	DirInterop = "InteropIFD"
	// DirPanasonicRaw holds the entries of a Panasonic RW2 IFD0 whose ids lie below the TIFF
	// range: ExifTool reads them with its PanasonicRaw table (0x0002 SensorWidth, ...), where
	// the Exif table would give other names (0x0001 InteropIndex, ...).
	DirPanasonicRaw = "PanasonicRaw"
)

// Photoshop image resource ids that carry or guard IPTC data (Photoshop File Formats
// Specification, "Image resource IDs").
const (
	ResourceIPTC       uint16 = 0x0404 // IPTC-NAA record (the IIM block)
	ResourceIPTCDigest uint16 = 0x0425 // MD5 of the IIM block as last written by Photoshop
)

// Rational is an EXIF RATIONAL or SRATIONAL: Num/Den as stored, never reduced.
type Rational struct {
	Num, Den int64
}

// Container is the RDF container kind an XMP property's value is written in.
type Container uint8

// RDF containers (XMP Specification Part 1, §7.7).
const (
	NoContainer Container = iota // a simple value or a struct
	Bag                          // rdf:Bag: unordered list
	Seq                          // rdf:Seq: ordered list
	Alt                          // rdf:Alt: alternatives (language alternatives when xml:lang is set)
)

// String returns the RDF element name of the container.
func (c Container) String() string {
	switch c {
	case Bag:
		return "Bag"
	case Seq:
		return "Seq"
	case Alt:
		return "Alt"
	}
	return ""
}

// XMPStep is one property on the path from a top-level XMP property down to a leaf value.
type XMPStep struct {
	NS        string    // namespace URI of the property
	Name      string    // local name of the property
	Container Container // the container its value is written in, if any
	Index     int       // 1-based item index within Container; 0 when NoContainer
}

// RawEntry is one stored metadata value with its provenance.
//
// Exactly one of the value fields is set, according to Type:
//   - Ints for the TIFF integer types (BYTE, SHORT, LONG, SBYTE, SSHORT, SLONG, LONG8, ...),
//   - Rats for RATIONAL and SRATIONAL,
//   - Floats for FLOAT and DOUBLE,
//   - Bytes for ASCII, UTF-8, UNDEFINED, IIM datasets, Photoshop resources and digests,
//   - Text (with Path and Lang) for XMP.
type RawEntry struct {
	// The small fields come first, packed into 16 bytes (an entry is 192 bytes; in the
	// order of the documentation it was 216, and a packet's entries are written and read
	// once each).

	Source schema.Source
	// Record is the IIM record number (1 envelope, 2 application, ...); 0 otherwise.
	Record uint8
	// ID is the EXIF tag id, the IIM dataset number or the Photoshop resource id.
	ID uint16
	// Type is the stored type.
	Type schema.Type
	// Part is the ordinal of the block the entry came from among the blocks of its source in
	// the file, 0 for the first: a second IPTC-IIM block (another 0x0404 resource, or the same
	// IIM in another profile) has Part 1, and so has a second XMP packet. normalize ranks
	// later IIM parts below earlier ones (ExifTool's IPTC2); a property repeated by a later
	// XMP part replaces the earlier one (P3).
	Part uint16
	// Count is the stored component count (EXIF) or byte length (IIM, Photoshop).
	Count uint32
	// BigEndian is the byte order of the TIFF structure an EXIF entry came from (it selects
	// the byte order of UNICODE UserComment text).
	BigEndian bool

	// Dir is the directory: for EXIF one of the Dir* constants; for IPTC "IPTC<record>"
	// (e.g. "IPTC2"); for Photoshop "Photoshop"; empty for XMP.
	Dir string

	Ints   []int64
	Rats   []Rational
	Floats []float64
	Bytes  []byte
	Text   string

	// Path is the XMP property path, outermost first; nil for other sources.
	Path []XMPStep
	// Lang is the xml:lang of an XMP value in effect at the leaf, if any.
	Lang string
	// Offset is the byte offset of the value (or of its entry) in the file, -1 when unknown.
	Offset int64
}

// Payload is one located metadata payload: the bytes and where they start in the file.
//
// A payload too large to hold in memory (the IFDs of a TIFF file, which may sit anywhere in
// gigabytes of image data) is passed by reference instead: Data is nil and the payload is
// the Size bytes of Reader from Offset. Only the EXIF decoder accepts such payloads; it
// reads just the IFD tables and the values it decodes (exif.Decode).
type Payload struct {
	Data   []byte
	Offset int64 // file offset of Data[0] (or of the payload in Reader)

	Reader io.ReaderAt // set, with Data nil, for a payload read in place
	Size   int64       // bytes of the payload in Reader
}

// Payloads are the metadata payloads a container walker located, each kind in file order.
type Payloads struct {
	EXIF []Payload // TIFF structures, each starting at its byte-order mark ("II*\0" / "MM\0*")
	XMP  []Payload // complete XMP packets (a JPEG's Extended XMP already joined to its packet)
	IRB  []Payload // Photoshop image-resource blocks (sequences of "8BIM" resources)
	IIM  []Payload // bare IPTC-IIM blocks not wrapped in an IRB (TIFF tag 0x83BB, ...)
	// Facts are the container's facts about the file (never part of embeddedMetadata).
	Facts Facts
}
