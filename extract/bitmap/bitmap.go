// Package bitmap reads the file facts of raster formats that carry no EXIF, IPTC or XMP:
// BMP (and OS/2 bitmaps), ICO and CUR, PCX, the Netpbm family (PBM, PGM, PPM, PAM) with
// PFM, and TGA. Their metadata map is empty; what the platform needs is the file object
// (type, MIME, width, height, alpha), read from the header alone.
//
// Detection is by content. Every format but TGA has a magic number, checked together with
// the header fields that follow it (so that two bytes of "BM" alone are not a bitmap); TGA
// has none and is recognised by a strict check of its 18-byte header only (IsTGA), tried
// after every other container. Facts follow ExifTool 12.57's MIMEType, ImageWidth and
// ImageHeight where ExifTool reads the format (docs/decisions.md lists where they part).
package bitmap

import (
	"encoding/binary"
	"io"

	"github.com/embedmeta/embedmeta/extract"
)

// Warning codes reported by Locate and LocateTGA.
const (
	WarnTruncated = "bitmap.truncated"     // a header or directory runs past the end of the file
	WarnBadSize   = "bitmap.bad-size"      // header dimensions that give no positive size
	WarnReadLimit = "bitmap.read-limit"    // Limits.MaxTotalRead reached
	maxPNMHeader  = 64 << 10               // most bytes of a Netpbm header read (comments included)
	pnmChunk      = 512                    // bytes of a Netpbm header read at once
	headLen       = 128                    // bytes Locate detects the format in (a PCX header)
	errFormat     = "bitmap"               // FormatError.Format
	errMissing    = "missing image header" // FormatError.Msg when the header cannot be read
)

// kind is one format of the package: its detection and its header reader.
type kind struct {
	is   func(head []byte) bool
	read func(h *header) (extract.Facts, bool)
}

// kinds lists the formats Locate reads, in detection order.
var kinds = []kind{
	{isBMP, readBMP},
	{isICO, readICO},
	{isPCX, readPCX},
	{isPNM, readPNM},
}

// IsBitmap reports whether head, the first bytes of a file, starts with the header of a
// BMP, ICO/CUR, PCX or Netpbm/PFM image.
func IsBitmap(head []byte) bool {
	_, ok := find(head)
	return ok
}

func find(head []byte) (kind, bool) {
	for _, k := range kinds {
		if k.is(head) {
			return k, true
		}
	}
	return kind{}, false
}

// Locate reads the facts of the BMP, ICO/CUR, PCX or Netpbm/PFM image r of size bytes.
// Its Payloads hold no metadata. A file whose header is not one of these, or is cut
// before the image size, gives a *extract.FormatError wrapping extract.ErrUnsupportedFormat.
func Locate(r io.ReaderAt, size int64, lim extract.Limits, ws *extract.Warnings) (extract.Payloads, error) {
	h := newHeader(r, size, lim, ws)
	head, _ := h.Read(0, h.End.Avail(0, headLen))
	k, ok := find(head)
	if !ok {
		return extract.Payloads{}, missing()
	}
	facts, ok := k.read(h)
	if !ok {
		return extract.Payloads{}, missing()
	}
	return extract.Payloads{Facts: facts}, nil
}

// LocateTGA reads the facts of the TGA image r of size bytes (see IsTGA).
func LocateTGA(r io.ReaderAt, size int64, lim extract.Limits, ws *extract.Warnings) (extract.Payloads, error) {
	h := newHeader(r, size, lim, ws)
	b, ok := h.Read(0, tgaHeaderLen)
	if !ok || !IsTGA(b) {
		return extract.Payloads{}, missing()
	}
	return extract.Payloads{Facts: tgaFacts(b)}, nil
}

func missing() error {
	return &extract.FormatError{Format: errFormat, Offset: 0, Msg: errMissing, Err: extract.ErrUnsupportedFormat}
}

// header reads a file's header within the read budget.
type header struct {
	extract.Budget
	ws *extract.Warnings
}

func newHeader(r io.ReaderAt, size int64, lim extract.Limits, ws *extract.Warnings) *header {
	lim = lim.Resolved()
	return &header{Budget: extract.Budget{R: r, End: extract.EndOf(r, size), Max: lim.MaxTotalRead, WS: ws, Code: WarnReadLimit}, ws: ws}
}

// image returns the facts of an image of w × h pixels with MIME type mime; a size that is
// not positive is reported and left unknown (0).
func (h *header) image(mime string, w, ht int64, alpha *bool) extract.Facts {
	if w <= 0 || ht <= 0 {
		h.ws.Add(WarnBadSize, 0, 0, "image size %d x %d in the header", w, ht)
		w, ht = max(w, 0), max(ht, 0)
	}
	return extract.Facts{FileType: "image", MIME: mime, Width: int(w), Height: int(ht), HasAlpha: alpha}
}

func le16(b []byte, i int) int64 { return int64(binary.LittleEndian.Uint16(b[i:])) }
func le32(b []byte, i int) int64 { return int64(binary.LittleEndian.Uint32(b[i:])) }
