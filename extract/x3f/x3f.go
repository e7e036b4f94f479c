// Package x3f locates the metadata of a Sigma/Foveon X3F raw image.
//
// An X3F file (ExifTool 12.57 SigmaRaw.pm, ProcessX3F; little-endian) starts with a header:
// "FOVb", the file version (uint32: major << 16 | minor), a 16-byte ImageUniqueID, mark
// bits, and the image width, height and rotation (uint32 at 28, 32, 36; at 40, 44, 48 from
// version 4), followed in versions 2.1 to 3 by an extended header. The last 4 bytes of the
// file give the offset of the section directory: "SECd", a version, an entry count, then per
// section its offset, length and a 4-byte type (IMAG and IMA2 images, PROP properties, CAMF
// calibration).
//
// The camera's EXIF is in the JPEG of an IMA2 image section whose image header (28 bytes,
// "SECi", version 2.0, type 2, format 18) is followed by a JPEG starting with an Exif APP1:
// ExifTool's JpgFromRaw, which is walked with the JPEG walker. Older files (SD9, SD10) have
// none. The header's ImageUniqueID and the PROP properties are Sigma's own tags, not EXIF,
// IPTC or XMP (spec S1), and are not read.
//
// The directory sits at the end of the file and points anywhere: scan's format table marks
// X3F random (a stream keeps what it passes).
package x3f

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"strconv"

	"github.com/embedmeta/embedmeta/extract"
	"github.com/embedmeta/embedmeta/extract/jpeg"
)

// Warning codes reported by Locate.
const (
	WarnTruncated   = "x3f.truncated"         // the header, the directory or a section runs past the end of the file
	WarnBadDir      = "x3f.bad-directory"     // the directory pointer does not lead to a "SECd" directory
	WarnManySection = "x3f.too-many-sections" // a directory of more than maxSections entries (the rest is skipped)
	WarnReadLimit   = "x3f.read-limit"        // Limits.MaxTotalRead spent
)

// magic starts every X3F file.
const magic = "FOVb"

// mimeType is ExifTool's MIMEType for X3F.
const mimeType = "image/x-sigma-x3f"

const (
	minHeader   = 40 // ExifTool reads no less
	imageHead   = 28 // an image section's header
	maxSections = 4096
)

// jpegImage is the start of the header of an image section that holds a JPEG (ExifTool:
// "SECi", version 2.0, type 2, format 18).
var jpegImage = []byte("SECi\x00\x00\x02\x00\x02\x00\x00\x00\x12\x00\x00\x00")

// IsX3F reports whether head starts with "FOVb".
func IsX3F(head []byte) bool { return bytes.HasPrefix(head, []byte(magic)) }

// Locate reads the X3F file r of size bytes: the payloads of its JpgFromRaw and the file
// facts. A file that does not start with "FOVb" gives a *extract.FormatError wrapping
// extract.ErrUnsupportedFormat, one whose 40-byte header is cut short a *extract.FormatError;
// every other problem is a warning in ws, with what was found before it.
func Locate(r io.ReaderAt, size int64, lim extract.Limits, ws *extract.Warnings) (extract.Payloads, error) {
	lim = lim.Resolved()
	var out extract.Payloads
	b := &extract.Budget{R: r, End: extract.EndOf(r, size), Max: lim.MaxTotalRead, WS: ws, Code: WarnReadLimit}
	hd, ok := b.Read(0, minHeader)
	if !ok {
		if m, ok := b.Read(0, b.End.Avail(0, int64(len(magic)))); !ok || !IsX3F(m) {
			return out, &extract.FormatError{Format: "x3f", Offset: 0, Msg: "no X3F header", Err: extract.ErrUnsupportedFormat}
		}
		return out, &extract.FormatError{Format: "x3f", Offset: 0, Msg: "X3F header cut short"}
	}
	if !IsX3F(hd) {
		return out, &extract.FormatError{Format: "x3f", Offset: 0, Msg: "no X3F header", Err: extract.ErrUnsupportedFormat}
	}
	out.Facts = extract.Facts{FileType: "image", MIME: mimeType, HasAlpha: extract.Bool(false)}
	le := binary.LittleEndian
	v := le.Uint32(hd[4:])
	ver, _ := strconv.ParseFloat(fmt.Sprintf("%d.%d", v>>16, v&0xFFFF), 64) // as ExifTool compares it
	// ExifTool reads the extended header of versions above 2, and nothing more when it is
	// cut short.
	need, widthAt := int64(minHeader), 28
	switch {
	case ver >= 4:
		need, widthAt = 0x300, 40
	case ver > 2.2:
		need = 104 + 160
	case ver > 2:
		need = 72 + 160
	}
	if !b.End.Has(need) {
		ws.Add(WarnTruncated, 0, 0, "X3F header of %d bytes runs past the end of the file", need)
		return out, nil
	}
	w, h := int64(-1), int64(-1)
	if dims, ok := b.Read(int64(widthAt), 8); ok {
		w, h = int64(le.Uint32(dims)), int64(le.Uint32(dims[4:]))
	}
	// The directory pointer ends the file: its exact size is the answer here.
	n := b.End.Size()
	pb, ok := b.Read(n-4, 4)
	if !ok || n-4 < minHeader {
		ws.Add(WarnTruncated, 0, max(n-4, 0), "no directory pointer after the header")
		setSize(&out.Facts, w, h)
		return out, nil
	}
	dir := int64(le.Uint32(pb))
	for _, s := range sections(b, dir, ws) {
		if s.tag != "IMAG" && s.tag != "IMA2" && s.tag != "PROP" {
			continue // ExifTool reads only these
		}
		// ExifTool stops at a section it cannot read whole.
		if !b.End.Fits(s.off, s.n) {
			ws.Add(WarnTruncated, 0, s.off, "%s section of %d bytes at %d runs past the end of the file", s.tag, s.n, s.off)
			break
		}
		if s.tag != "IMA2" || s.n < imageHead+4 {
			continue
		}
		ih, ok := b.Read(s.off, imageHead+4)
		if !ok || !bytes.HasPrefix(ih, jpegImage) || !bytes.Equal(ih[imageHead:], []byte{0xFF, 0xD8, 0xFF, 0xE1}) {
			continue // not a JPEG, or one without Exif first: a PreviewImage, not read
		}
		p := jpgFromRaw(r, b, s.off+imageHead, s.n-imageHead, lim, ws)
		out.EXIF = append(out.EXIF, p.EXIF...)
		out.XMP = append(out.XMP, p.XMP...)
		out.IRB = append(out.IRB, p.IRB...)
		out.IIM = append(out.IIM, p.IIM...)
		if p.Facts.Width > 0 && p.Facts.Height > 0 {
			w, h = int64(p.Facts.Width), int64(p.Facts.Height) // the JPEG's SOF comes later: it wins
		}
	}
	setSize(&out.Facts, w, h)
	return out, nil
}

// setSize sets the facts' size from ImageWidth and ImageHeight (ExifTool's
// Composite:ImageSize), when both are known.
func setSize(f *extract.Facts, w, h int64) {
	if w > 0 && h > 0 && w <= 1<<31 && h <= 1<<31 {
		f.Width, f.Height = int(w), int(h)
	}
}

// section is one entry of the section directory.
type section struct {
	off, n int64
	tag    string
}

// sections reads the section directory at off (ExifTool SigmaRaw.pm ProcessX3FDirectory).
func sections(b *extract.Budget, off int64, ws *extract.Warnings) []section {
	if !b.End.Fits(off, 12) {
		ws.Add(WarnTruncated, 0, off, "section directory at %d runs past the end of the file", off)
		return nil
	}
	dh, ok := b.Read(off, 12)
	if !ok {
		return nil
	}
	if string(dh[:4]) != "SECd" {
		ws.Add(WarnBadDir, 0, off, "no section directory at %d", off)
		return nil
	}
	count := int64(binary.LittleEndian.Uint32(dh[8:]))
	if count > maxSections {
		ws.Add(WarnManySection, 0, off, "section directory of %d entries: the first %d are read", count, maxSections)
		count = maxSections
	}
	if !b.End.Fits(off+12, count*12) {
		ws.Add(WarnTruncated, 0, off, "section directory of %d entries at %d runs past the end of the file", count, off)
		return nil // ExifTool reads none of it
	}
	d, ok := b.Read(off+12, count*12)
	if !ok {
		return nil
	}
	out := make([]section, 0, count)
	for i := int64(0); i < count; i++ {
		e := d[i*12:]
		out = append(out, section{off: int64(binary.LittleEndian.Uint32(e)), n: int64(binary.LittleEndian.Uint32(e[4:])), tag: string(e[8:12])})
	}
	return out
}

// jpgFromRaw runs the JPEG walker over the n bytes at off and returns its payloads, their
// offsets in the file.
func jpgFromRaw(r io.ReaderAt, b *extract.Budget, off, n int64, lim extract.Limits, ws *extract.Warnings) extract.Payloads {
	sub := lim
	sub.MaxTotalRead = max(b.Max-b.Total, 1)
	first := len(ws.List)
	p, err := jpeg.Locate(io.NewSectionReader(r, off, n), n, sub, ws)
	shiftWarnings(ws, first, off)
	if err != nil {
		return extract.Payloads{}
	}
	for _, ps := range [][]extract.Payload{p.EXIF, p.XMP, p.IRB, p.IIM} {
		for i := range ps {
			b.Total += int64(len(ps[i].Data))
			ps[i].Offset += off
		}
	}
	return p
}

// shiftWarnings moves the offsets of the warnings from first on, which a walker run over an
// embedded structure gave relative to it, by base: to offsets in the file.
func shiftWarnings(ws *extract.Warnings, first int, base int64) {
	for i := first; i < len(ws.List); i++ {
		if ws.List[i].Offset >= 0 {
			ws.List[i].Offset += base
		}
	}
}
