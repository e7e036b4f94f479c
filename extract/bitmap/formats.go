package bitmap

import (
	"encoding/binary"

	"github.com/embedmeta/embedmeta/extract"
)

// BMP (Microsoft Windows Bitmap; OS/2 1.x and 2.x bitmaps): "BM", the file header (14
// bytes), then the info header, whose first field is its own length: 12 (OS/2 1.x:
// 16-bit width and height), 16 or 64 (OS/2 2.x), 40 and more (Windows V3, V4 108, V5 124).
const (
	bmpFileHeader = 14
	bmpMinInfo    = 12  // the shortest info header: OS/2 1.x
	bmpAlphaMask  = 52  // the alpha mask in an info header of 56 bytes or more
	bmpMaxInfo    = 1e6 // info headers at least this long are not taken for BMP (as ExifTool)
	bmpJPEG       = 4   // compression: the bitmap is a JPEG stream
	bmpPNG        = 5   // compression: the bitmap is a PNG stream
)

// isBMP: "BM" and an info-header length that some BMP version has.
func isBMP(head []byte) bool {
	if len(head) < bmpFileHeader+4 || head[0] != 'B' || head[1] != 'M' {
		return false
	}
	n := binary.LittleEndian.Uint32(head[bmpFileHeader:])
	return n == 12 || n == 16 || (n >= 40 && n < bmpMaxInfo)
}

// readBMP reads the info header: width and height (a negative height is a top-down
// bitmap), bit depth and compression. Alpha: an alpha mask in the header of a 16- or 32-bit
// bitmap says; 32 bits without one may be alpha or padding (unknown); JPEG and PNG
// bitmaps are unknown; other depths have none.
func readBMP(h *header) (extract.Facts, bool) {
	hb, ok := h.Read(0, bmpFileHeader+bmpMinInfo)
	if !ok {
		return extract.Facts{}, false
	}
	n := le32(hb, bmpFileHeader)
	if n == 12 { // OS/2 1.x
		return h.image("image/bmp", le16(hb, 18), le16(hb, 20), extract.Bool(false)), true
	}
	want := min(n, bmpAlphaMask+4)
	if !h.End.Fits(bmpFileHeader, n) {
		h.ws.Add(WarnTruncated, 0, bmpFileHeader, "bitmap info header of %d bytes cut off by the end of the file", n)
		want = h.End.Avail(bmpFileHeader, want)
	}
	info, ok := h.Read(bmpFileHeader, want)
	if !ok || len(info) < bmpMinInfo {
		return extract.Facts{}, false
	}
	w := le32(info, 4)
	ht := int64(int32(binary.LittleEndian.Uint32(info[8:])))
	ht = max(ht, -ht)
	if n == 16 || n == 64 { // OS/2 2.x: no alpha
		return h.image("image/bmp", w, ht, extract.Bool(false)), true
	}
	if len(info) < 20 { // no bit depth or compression: alpha unknown
		return h.image("image/bmp", w, ht, nil), true
	}
	depth := le16(info, 14)
	var alpha *bool
	switch {
	case le32(info, 16) == bmpJPEG || le32(info, 16) == bmpPNG:
	case len(info) >= bmpAlphaMask+4 && (depth == 16 || depth == 32):
		alpha = extract.Bool(le32(info, bmpAlphaMask) != 0)
	case depth != 32:
		alpha = extract.Bool(false)
	}
	return h.image("image/bmp", w, ht, alpha), true
}

// ICO and CUR (Windows icon and cursor resources): a 6-byte directory header (reserved 0,
// type 1 icon or 2 cursor, image count), then one 16-byte entry per image: width, height
// (0 meaning 256), colour count, reserved, planes or hotspot x, bit count or hotspot y,
// data size, data offset. The facts are the first image's, as ExifTool's ImageWidth and
// ImageHeight.
const (
	icoHeader = 6
	icoEntry  = 16
)

// isICO: reserved 0, type 1 or 2, at least one image, and a first entry whose reserved byte
// is 0 and whose data lie after the directory.
func isICO(head []byte) bool {
	if len(head) < icoHeader+icoEntry || head[0] != 0 || head[1] != 0 || (head[2] != 1 && head[2] != 2) || head[3] != 0 {
		return false
	}
	count := le16(head, 4)
	e := head[icoHeader:]
	return count > 0 && e[3] == 0 && le32(e, 8) > 0 && le32(e, 12) >= icoHeader+icoEntry*count
}

// readICO reads the first directory entry. Alpha: an icon entry of 32 bits per pixel has an
// alpha channel; of other entries (and of cursors, whose entries hold the hotspot instead)
// the entry does not tell.
func readICO(h *header) (extract.Facts, bool) {
	b, ok := h.Read(0, icoHeader+icoEntry)
	if !ok {
		return extract.Facts{}, false
	}
	count := le16(b, 4)
	if !h.End.Fits(icoHeader, icoEntry*count) {
		h.ws.Add(WarnTruncated, 0, icoHeader, "icon directory of %d entries cut off by the end of the file", count)
	}
	e := b[icoHeader:]
	size := func(v byte) int64 {
		if v == 0 {
			return 256
		}
		return int64(v)
	}
	mime := "image/x-cursor"
	var alpha *bool
	if b[2] == 1 {
		mime = "image/x-icon"
		if le16(e, 6) == 32 {
			alpha = extract.Bool(true)
		}
	}
	return h.image(mime, size(e[0]), size(e[1]), alpha), true
}

// PCX (ZSoft PC Paintbrush): a 128-byte header: manufacturer 0x0A, version 0..5, encoding
// 1 (RLE), bits per pixel and plane, the window Xmin, Ymin, Xmax, Ymax (inclusive), ...,
// colour planes at 0x41 and the palette type at 0x44.
const (
	pcxHeader  = 0x45 // the bytes detection and the facts need
	pcxPlanes  = 0x41
	pcxPalette = 0x44
)

// isPCX: ExifTool's check of the header's fixed fields.
func isPCX(head []byte) bool {
	return len(head) >= pcxHeader && head[0] == 0x0A && head[1] <= 5 && head[2] == 1 &&
		(head[3] == 1 || head[3] == 2 || head[3] == 4 || head[3] == 8) && head[pcxPalette] <= 2
}

// readPCX reads the window's size. Alpha: PCX has none, except that four planes of 8 bits
// may be RGBA (unknown).
func readPCX(h *header) (extract.Facts, bool) {
	b, ok := h.Read(0, pcxHeader)
	if !ok {
		return extract.Facts{}, false
	}
	alpha := extract.Bool(false)
	if b[pcxPlanes] == 4 && b[3] == 8 {
		alpha = nil
	}
	return h.image("image/pcx", le16(b, 8)-le16(b, 4)+1, le16(b, 10)-le16(b, 6)+1, alpha), true
}

// TGA (Truevision TGA 2.0): an 18-byte header with no magic number: ID length, colour-map
// type, image type, the colour-map specification (first index, length, entry size), the
// image specification (x and y origin, width, height, pixel depth, descriptor: alpha bits
// in 0..3, origin in 4..5, 6..7 zero). The optional "TRUEVISION-XFILE" footer is at the
// end of the file, where detection does not look.
const tgaHeaderLen = 18

// IsTGA reports whether head starts with a TGA header whose every field holds a value
// the format defines and whose fields agree with each other: a colour-mapped image type
// with a colour map of a defined entry size, a true-colour or grey image type without one
// (its colour-map fields zero), a non-empty image, a pixel depth of the image type, and
// alpha bits no more than the pixel depth leaves.
func IsTGA(head []byte) bool {
	if len(head) < tgaHeaderLen {
		return false
	}
	cmType, imType := head[1], head[2]
	cmFirst, cmLen, cmSize := le16(head, 3), le16(head, 5), head[7]
	w, ht, depth, desc := le16(head, 12), le16(head, 14), head[16], head[17]
	if w == 0 || ht == 0 || desc&0xC0 != 0 {
		return false
	}
	switch cmType {
	case 0:
		if cmFirst != 0 || cmLen != 0 || cmSize != 0 {
			return false
		}
	case 1:
		if cmLen == 0 || (cmSize != 15 && cmSize != 16 && cmSize != 24 && cmSize != 32) {
			return false
		}
	default:
		return false
	}
	alphaBits := desc & 0x0F
	switch imType {
	case 1, 9: // colour-mapped
		return cmType == 1 && (depth == 8 || depth == 16) && alphaBits == 0
	case 2, 10: // true colour
		return cmType == 0 && ((depth == 15 || depth == 16) && alphaBits <= 1 ||
			depth == 24 && alphaBits == 0 || depth == 32 && (alphaBits == 0 || alphaBits == 8))
	case 3, 11: // grey
		return cmType == 0 && (depth == 8 && alphaBits == 0 || depth == 16 && (alphaBits == 0 || alphaBits == 8))
	}
	return false
}

// tgaFacts: the image size; alpha when the descriptor counts alpha bits, unknown for 32
// bits without (the fourth byte may be alpha or unused: only the extension area, at the
// end of the file, says), none otherwise.
func tgaFacts(b []byte) extract.Facts {
	alpha := extract.Bool(b[17]&0x0F != 0)
	if b[17]&0x0F == 0 && b[16] == 32 {
		alpha = nil
	}
	return extract.Facts{FileType: "image", MIME: "image/x-tga", Width: int(le16(b, 12)), Height: int(le16(b, 14)), HasAlpha: alpha}
}
