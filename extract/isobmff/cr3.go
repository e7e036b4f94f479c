package isobmff

import (
	"encoding/binary"

	"github.com/embedmeta/embedmeta/extract"
	"github.com/embedmeta/embedmeta/schema"
)

// TIFF tags of the sub-IFD pointers written into the wrapper IFD0 (TIFF/EP, Exif 2.3 §4.6.3).
const (
	tagExifIFD = 0x8769
	tagGPSIFD  = 0x8825
)

// canon reads Canon's metadata box of a CR3 file (moov/uuid 85C0B687-...): CMT1 is a TIFF
// structure whose first IFD is IFD0, CMT2 one whose first IFD is the Exif IFD and CMT4 one
// whose first IFD is the GPS IFD. CMT3 (the Canon maker notes) is outside the spec's sources
// (S1) and is not read.
//
// extract/exif.Decode names a structure's first IFD IFD0. So that the entries of CMT2 and
// CMT4 come out under ExifIFD and GPS, their payload is the stored structure followed by a
// wrapper IFD0 of one pointer entry (0x8769 or 0x8825) to the stored first IFD; the header's
// first-IFD offset is rewritten to the wrapper. Stored bytes keep their offsets, and pointer
// tags are never emitted, so the raw entries are exactly the stored ones.
func (w *walker) canon(b Box) {
	w.rd.Children(b.Data(), b.End(), 2, func(c Box) bool {
		var tag uint16
		switch c.Type {
		case "CMT1":
		case "CMT2":
			tag = tagExifIFD
		case "CMT4":
			tag = tagGPSIFD
		default:
			return true
		}
		d, ok := w.rd.Payload(c, w.rd.Lim.MaxSegment)
		if !ok {
			return true
		}
		if !isTIFF(d) {
			w.rd.WS.Add(WarnCanon, schema.SourceEXIF, c.Data(), "%s box is not a TIFF structure", c.Type)
			return true
		}
		if tag != 0 {
			d = wrapSubIFD(d, tag)
		}
		w.out.EXIF = append(w.out.EXIF, extract.Payload{Data: d, Offset: c.Data()})
		return true
	})
}

// isTIFF reports whether d starts with a TIFF header ("II*\0" or "MM\0*").
func isTIFF(d []byte) bool {
	return len(d) >= 8 && (string(d[:4]) == "II*\x00" || string(d[:4]) == "MM\x00*")
}

// wrapSubIFD returns a copy of the TIFF structure d whose first IFD becomes the target of a
// pointer tag in a new one-entry IFD0 appended at the end.
func wrapSubIFD(d []byte, tag uint16) []byte {
	var bo binary.ByteOrder = binary.LittleEndian
	if d[0] == 'M' {
		bo = binary.BigEndian
	}
	first := bo.Uint32(d[4:8])
	at := len(d) + len(d)%2 // IFDs start on a word boundary
	out := make([]byte, at+2+12+4)
	copy(out, d)
	bo.PutUint32(out[4:8], uint32(at))
	bo.PutUint16(out[at:], 1)
	bo.PutUint16(out[at+2:], tag)
	bo.PutUint16(out[at+4:], uint16(schema.TypeLong))
	bo.PutUint32(out[at+6:], 1)
	bo.PutUint32(out[at+10:], first)
	// next-IFD offset (out[at+14:]) stays 0: no IFD1
	return out
}
