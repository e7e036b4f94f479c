// Package isobmff locates the metadata payloads of files built from ISO base media file
// format boxes (ISO/IEC 14496-12): HEIF, HEIC and AVIF images (ISO/IEC 23008-12), Canon CR3
// raw files, and MP4 / QuickTime movies.
//
// The walker reads box headers and only the boxes it needs through an io.ReaderAt: media data
// ("mdat", gigabytes in a video) is skipped by offset and never read. Every size and offset is
// checked against the file, its parent box and extract.Limits before anything is allocated;
// nesting is bounded by Limits.MaxDepth and the box count by a fixed bound. Damage gives the
// payloads found so far and warnings, never a panic.
//
//   - HEIF: the top-level "meta" box — its "iinf" item infos name the Exif items (type
//     "Exif") and XMP items (type "mime", content type application/rdf+xml), "iloc" says where
//     their bytes are (in the file or in "idat"), "pitm" names the primary item and
//     "iprp"/"ipco"/"ipma" hold its properties ("ispe" size, "auxC" alpha planes).
//   - CR3: the Canon box (uuid 85C0B687-820F-11E0-8111-F4CE462B6A48) in "moov" holds CMT1
//     (IFD0), CMT2 (Exif IFD) and CMT4 (GPS IFD) as TIFF structures; XMP is in the XMP uuid box.
//   - MP4/MOV: XMP in the uuid box BE7ACFCB-97A9-42E8-9C71-999491E3AFAC (top level or in
//     moov/udta) and in moov/udta/XMP_; facts from mvhd, tkhd, hdlr, stsd and mdat sizes.
package isobmff

import (
	"io"

	"github.com/embedmeta/embedmeta/extract"
)

// Warning codes reported by Locate besides the Reader's ("isobmff." + WarnBoxSize, ...).
const (
	WarnItem   = "isobmff.bad-item"    // an Exif/XMP item whose location cannot be resolved
	WarnExif   = "isobmff.exif-header" // Exif item data without a TIFF header where its offset says
	WarnCanon  = "isobmff.cr3-tiff"    // a CR3 CMTn box that is not a TIFF structure
	formatName = "isobmff"
	maxItems   = 1 << 14 // items, extents and properties read from one meta box
	maxTracks  = 256     // tracks read from one moov
)

// The extended types of the uuid boxes read.
var (
	uuidXMP   = [16]byte{0xBE, 0x7A, 0xCF, 0xCB, 0x97, 0xA9, 0x42, 0xE8, 0x9C, 0x71, 0x99, 0x94, 0x91, 0xE3, 0xAF, 0xAC}
	uuidCanon = [16]byte{0x85, 0xC0, 0xB6, 0x87, 0x82, 0x0F, 0x11, 0xE0, 0x81, 0x11, 0xF4, 0xCE, 0x46, 0x2B, 0x6A, 0x48}
)

// walker is the state of one Locate call.
type walker struct {
	rd   *Reader
	info brandInfo
	out  extract.Payloads
	mov  movie
}

// Locate walks the boxes of the size bytes behind r and returns the metadata payloads in file
// order with the file facts: MIME per the ftyp major brand (video/quicktime without ftyp),
// FileType "image" for HEIF/AVIF/CR3 and "non-image" for movies, the primary item's size
// (HEIF "ispe") or the first video track's size ("tkhd"), HasAlpha for HEIF, and for movies
// Duration, BitRate (media data bits per second, as ExifTool's AvgBitrate), VideoCodec and
// AudioCodec. A file whose first box is unreadable gives a *extract.FormatError.
func Locate(r io.ReaderAt, size int64, lim extract.Limits, ws *extract.Warnings) (extract.Payloads, error) {
	w := &walker{rd: &Reader{R: r, End: extract.EndOf(r, size), Lim: lim.Resolved(), WS: ws, Prefix: formatName}}
	first, ok := w.rd.Header(0, size)
	if !ok {
		return extract.Payloads{}, &extract.FormatError{Format: formatName, Offset: 0, Msg: "no readable box header", Err: extract.ErrUnsupportedFormat}
	}
	w.info = brandInfo{kindMovie, "video/quicktime", false}
	if first.Type == "ftyp" {
		if b, ok := w.rd.ReadAt(first.Data(), 4); ok && first.Len() >= 4 {
			w.info = brandOf(string(b))
		}
	}
	w.out.Facts.MIME = w.info.mime
	w.out.Facts.FileType = "non-image"
	if w.info.image {
		w.out.Facts.FileType = "image"
	}
	w.rd.Children(0, size, 0, w.top)
	w.finishFacts()
	return w.out, nil
}

// top handles one top-level box.
func (w *walker) top(b Box) bool {
	switch b.Type {
	case "meta":
		if w.info.kind == kindHEIF {
			w.heifMeta(b)
		}
	case "moov":
		w.moov(b)
	case "mdat":
		w.mov.mdatBytes += b.Len()
	case "uuid":
		w.uuid(b)
	}
	return true
}

// uuid reads the XMP uuid box (top level or in moov/udta).
func (w *walker) uuid(b Box) {
	if b.UUID == uuidXMP {
		w.addXMP(b.Data(), b.Len())
	}
}

// addXMP reads n bytes at off as one XMP packet.
func (w *walker) addXMP(off, n int64) {
	if n <= 0 {
		return
	}
	if n > w.rd.Lim.MaxXMPBytes || n > w.rd.Lim.MaxSegment {
		w.rd.Warn(WarnTooLarge, off, "XMP of %d bytes exceeds the limits", n)
		return
	}
	if d, ok := w.rd.ReadAt(off, n); ok {
		w.out.XMP = append(w.out.XMP, extract.Payload{Data: d, Offset: off})
	}
}
