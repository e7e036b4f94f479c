// Package jp2 locates the metadata payloads of JPEG 2000 files: the JP2 family (JP2, JPX,
// JPM and Motion JPEG 2000, ISO/IEC 15444-1 Annex I, -2 Annex M, -6, -3), whose boxes are
// read with extract/isobmff's Reader, and bare J2C/J2K codestreams (facts only).
//
// Metadata is found, at the top level or inside "asoc" association boxes, in:
//
//   - uuid boxes: the XMP UUID (BE7ACFCB-97A9-42E8-9C71-999491E3AFAC), the Exif UUID
//     "JpgTiffExif->JP2" (a TIFF structure, after "Exif\0\0" in files written by digiKam),
//     Adobe's Exif UUID 0537CDAB-9D0C-4431-A72A-FA561F2A113E, the GeoJP2 UUID
//     B14BF8BD-083D-4B43-A5AE-8CD7D5A6CE03 (a degenerate GeoTIFF whose IFD0 ExifTool reads
//     as the file's), the IPTC UUIDs 33C7A4D2-B81D-4723-A0BA-F1A3E097AD38 and Adobe's
//     09A14E97-C0B4-42E0-BEBF-36DF6F0CE36F (IIM datasets), Adobe's Photoshop UUID
//     2C4C0100-8504-40B9-A03E-562148D6DFEB (image resources);
//   - the "Exif" box (a 4-byte offset, then the TIFF structure, as in JPEG XL);
//   - the "jp2i" intellectual property box (XMP) and "xml " boxes that hold an XMP packet
//     (other XML, such as JPX's own metadata schema, is not XMP and is left out).
//
// The facts: MIME as ExifTool 12.57 gives it (image/jp2, image/jpx, image/jpm by the ftyp
// brand; video/mj2 for Motion JPEG 2000, which ExifTool takes for a JP2), the size from the
// JP2 header's ihdr box, alpha from its cdef box. A codestream's size comes from its SIZ
// marker segment (MIME image/x-j2c).
package jp2

import (
	"bytes"
	"encoding/binary"
	"io"

	"github.com/embedmeta/embedmeta/extract"
	"github.com/embedmeta/embedmeta/extract/isobmff"
	"github.com/embedmeta/embedmeta/schema"
)

// Warning codes reported by Locate besides the box Reader's ("jp2.box-size", ...).
const (
	WarnExif   = "jp2.exif-header" // an Exif box or uuid without a TIFF header where it should be
	WarnHeader = "jp2.bad-header"  // an ihdr, cdef or SIZ shorter than its fields
	formatName = "jp2"
	ihdrLen    = 14 // HEIGHT (4), WIDTH (4), NC (2), BPC, C, UnkC, IPR (ISO/IEC 15444-1 §I.5.3.1)
	sizLen     = 16 // FF4F, FF51, Lsiz, Rsiz, Xsiz, Ysiz (ISO/IEC 15444-1 §A.5.1)
)

// The signature boxes (ISO/IEC 15444-1 §I.5.1; the second of early drafts, read by ExifTool)
// and the codestream start: SOC, SIZ, the high byte of Lsiz.
var (
	signature      = []byte("\x00\x00\x00\x0cjP  \r\n\x87\n")
	signatureDraft = []byte("\x00\x00\x00\x0cjP\x1a\x1a\r\n\x87\n")
	codestream     = []byte{0xFF, 0x4F, 0xFF, 0x51, 0x00}
)

// The extended types of the uuid boxes read.
var (
	uuidXMP       = [16]byte{0xBE, 0x7A, 0xCF, 0xCB, 0x97, 0xA9, 0x42, 0xE8, 0x9C, 0x71, 0x99, 0x94, 0x91, 0xE3, 0xAF, 0xAC}
	uuidExif      = [16]byte{'J', 'p', 'g', 'T', 'i', 'f', 'f', 'E', 'x', 'i', 'f', '-', '>', 'J', 'P', '2'} // "JpgTiffExif->JP2"
	uuidExifAdobe = [16]byte{0x05, 0x37, 0xCD, 0xAB, 0x9D, 0x0C, 0x44, 0x31, 0xA7, 0x2A, 0xFA, 0x56, 0x1F, 0x2A, 0x11, 0x3E}
	uuidGeoJP2    = [16]byte{0xB1, 0x4B, 0xF8, 0xBD, 0x08, 0x3D, 0x4B, 0x43, 0xA5, 0xAE, 0x8C, 0xD7, 0xD5, 0xA6, 0xCE, 0x03}
	uuidIPTC      = [16]byte{0x33, 0xC7, 0xA4, 0xD2, 0xB8, 0x1D, 0x47, 0x23, 0xA0, 0xBA, 0xF1, 0xA3, 0xE0, 0x97, 0xAD, 0x38}
	uuidIPTCAdobe = [16]byte{0x09, 0xA1, 0x4E, 0x97, 0xC0, 0xB4, 0x42, 0xE0, 0xBE, 0xBF, 0x36, 0xDF, 0x6F, 0x0C, 0xE3, 0x6F}
	uuidPhotoshop = [16]byte{0x2C, 0x4C, 0x01, 0x00, 0x85, 0x04, 0x40, 0xB9, 0xA0, 0x3E, 0x56, 0x21, 0x48, 0xD6, 0xDF, 0xEB}
)

// rdfNS marks an XML document that holds an XMP packet.
var rdfNS = []byte("http://www.w3.org/1999/02/22-rdf-syntax-ns#")

// IsJP2 reports whether head starts a JP2-family file (its signature box) or a bare
// JPEG 2000 codestream (SOC then SIZ).
func IsJP2(head []byte) bool {
	return bytes.HasPrefix(head, signature) || bytes.HasPrefix(head, signatureDraft) || bytes.HasPrefix(head, codestream)
}

// walker is the state of one Locate call.
type walker struct {
	rd      *isobmff.Reader
	out     extract.Payloads
	sawIHDR bool // the first ihdr gave the size
	// xml holds the XMP packets of xml boxes, which ExifTool files under its XML group, not
	// XMP: they are listed before the XMP boxes' packets, so that where both hold a property
	// the XMP box's value is kept (within one source the later occurrence wins, spec P3).
	xml []extract.Payload
}

// Locate returns the EXIF, XMP, IPTC-IIM and Photoshop payloads of a JPEG 2000 file in box
// order (the XMP of xml boxes first) and its facts. Input that is neither a JP2-family file nor a codestream gives a
// *extract.FormatError wrapping extract.ErrUnsupportedFormat; damage after the signature
// gives warnings and what was found before it.
func Locate(r io.ReaderAt, size int64, lim extract.Limits, ws *extract.Warnings) (extract.Payloads, error) {
	w := &walker{rd: &isobmff.Reader{R: r, End: extract.EndOf(r, size), Lim: lim.Resolved(), WS: ws, Prefix: formatName}}
	head, _ := w.rd.ReadAt(0, w.rd.End.Avail(0, int64(len(signature))))
	if !IsJP2(head) {
		return extract.Payloads{}, &extract.FormatError{Format: formatName, Offset: 0, Msg: "no JPEG 2000 signature", Err: extract.ErrUnsupportedFormat}
	}
	if head[0] == 0xFF {
		w.codestream()
		return w.out, nil
	}
	w.out.Facts = extract.Facts{FileType: "image", MIME: "image/jp2"}
	w.rd.Children(int64(len(signature)), size, 0, func(b isobmff.Box) bool { return w.box(b, 0) })
	if len(w.xml) > 0 {
		w.out.XMP = append(w.xml, w.out.XMP...)
	}
	return w.out, nil
}

// codestream reads the SIZ marker segment of a bare codestream: Xsiz and Ysiz, the
// reference grid's size, as ExifTool's ImageWidth and ImageHeight.
func (w *walker) codestream() {
	w.out.Facts = extract.Facts{FileType: "image", MIME: "image/x-j2c"}
	b, ok := w.rd.ReadAt(0, sizLen)
	if !ok {
		w.rd.WS.Add(WarnHeader, 0, 0, "SIZ marker segment cut off by the end of the file")
		return
	}
	w.out.Facts.Width = int(binary.BigEndian.Uint32(b[8:]))
	w.out.Facts.Height = int(binary.BigEndian.Uint32(b[12:]))
}

// box handles one box at nesting depth depth (0 at the top level).
func (w *walker) box(b isobmff.Box, depth int) bool {
	switch b.Type {
	case "ftyp":
		if depth == 0 && b.Len() >= 4 {
			if d, ok := w.rd.ReadAt(b.Data(), 4); ok {
				w.brand(string(d))
			}
		}
	case "jp2h":
		if depth == 0 {
			w.rd.Children(b.Data(), b.End(), depth+1, w.header)
		}
	case "asoc":
		w.rd.Children(b.Data(), b.End(), depth+1, func(c isobmff.Box) bool { return w.box(c, depth+1) })
	case "uuid":
		w.uuid(b)
	case "Exif":
		if d, ok := w.rd.Payload(b, w.rd.Lim.MaxSegment); ok {
			start, exact := isobmff.TIFFStart(d)
			if start < 0 || !exact {
				w.rd.WS.Add(WarnExif, schema.SourceEXIF, b.Data(), "Exif box without a TIFF header where its offset says")
				if start < 0 {
					break
				}
			}
			w.out.EXIF = append(w.out.EXIF, extract.Payload{Data: d[start:], Offset: b.Data() + int64(start)})
		}
	case "jp2i":
		w.xmp(b, false)
	case "xml ":
		w.xmp(b, true)
	}
	return true
}

// brand sets the MIME type from the ftyp major brand.
func (w *walker) brand(major string) {
	switch major {
	case "jpx ":
		w.out.Facts.MIME = "image/jpx"
	case "jpm ":
		w.out.Facts.MIME = "image/jpm"
	case "mjp2":
		w.out.Facts.MIME, w.out.Facts.FileType = "video/mj2", "non-image"
	}
}

// header handles a box of the JP2 header: ihdr (the size) and cdef (alpha).
func (w *walker) header(b isobmff.Box) bool {
	switch b.Type {
	case "ihdr":
		if w.sawIHDR {
			break
		}
		d, ok := w.read(b, ihdrLen)
		if !ok {
			break
		}
		w.sawIHDR = true
		w.out.Facts.Height = int(binary.BigEndian.Uint32(d))
		w.out.Facts.Width = int(binary.BigEndian.Uint32(d[4:]))
		if nc := binary.BigEndian.Uint16(d[8:]); w.out.Facts.HasAlpha == nil && (nc == 1 || nc == 3) {
			w.out.Facts.HasAlpha = extract.Bool(false) // grey or colour, no extra channel
		}
	case "cdef":
		w.cdef(b)
	}
	return true
}

// cdef reads a channel definition box (ISO/IEC 15444-1 §I.5.3.6): N, then N entries of
// channel, type and association (2 bytes each); type 1 or 2 is an opacity channel.
func (w *walker) cdef(b isobmff.Box) {
	d, ok := w.read(b, 2)
	if !ok {
		return
	}
	n := int64(binary.BigEndian.Uint16(d))
	if d, ok = w.read(b, 2+6*n); !ok {
		return
	}
	alpha := false
	for i := range n {
		if t := binary.BigEndian.Uint16(d[2+6*i+2:]); t == 1 || t == 2 {
			alpha = true
		}
	}
	w.out.Facts.HasAlpha = extract.Bool(alpha)
}

// read returns the first n bytes of a header box's payload, with a warning when the box is
// shorter.
func (w *walker) read(b isobmff.Box, n int64) ([]byte, bool) {
	if b.Len() < n {
		w.rd.WS.Add(WarnHeader, 0, b.Offset, "%q box of %d bytes, want %d", b.Type, b.Len(), n)
		return nil, false
	}
	return w.rd.ReadAt(b.Data(), n)
}

// uuid reads a uuid box that holds metadata.
func (w *walker) uuid(b isobmff.Box) {
	switch b.UUID {
	case uuidXMP:
		w.xmp(b, false)
	case uuidExif, uuidExifAdobe, uuidGeoJP2:
		d, ok := w.rd.Payload(b, w.rd.Lim.MaxSegment)
		if !ok {
			return
		}
		off := b.Data()
		if b.UUID == uuidExif && bytes.HasPrefix(d, []byte("Exif\x00\x00")) {
			d, off = d[6:], off+6
		}
		if len(d) < 8 || (string(d[:4]) != "II*\x00" && string(d[:4]) != "MM\x00*") {
			w.rd.WS.Add(WarnExif, schema.SourceEXIF, off, "Exif uuid box without a TIFF header")
			return
		}
		w.out.EXIF = append(w.out.EXIF, extract.Payload{Data: d, Offset: off})
	case uuidIPTC, uuidIPTCAdobe:
		if d, ok := w.rd.Payload(b, w.rd.Lim.MaxSegment); ok && len(d) > 0 {
			w.out.IIM = append(w.out.IIM, extract.Payload{Data: d, Offset: b.Data()})
		}
	case uuidPhotoshop:
		if d, ok := w.rd.Payload(b, w.rd.Lim.MaxSegment); ok && len(d) > 0 {
			w.out.IRB = append(w.out.IRB, extract.Payload{Data: d, Offset: b.Data()})
		}
	}
}

// xmp reads a box's payload as an XMP packet; xml boxes only when they hold RDF.
func (w *walker) xmp(b isobmff.Box, xml bool) {
	d, ok := w.rd.Payload(b, min(w.rd.Lim.MaxSegment, w.rd.Lim.MaxXMPBytes))
	if !ok || len(d) == 0 || (xml && !bytes.Contains(d, rdfNS)) {
		return
	}
	p := extract.Payload{Data: d, Offset: b.Data()}
	if xml {
		w.xml = append(w.xml, p)
		return
	}
	w.out.XMP = append(w.out.XMP, p)
}
