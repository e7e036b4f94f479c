// Package png locates the metadata payloads of a PNG file (PNG Specification, Third
// Edition, W3C; Extensions to the PNG 1.2 Specification for eXIf):
//
//   - eXIf chunks: a raw TIFF structure (PNG spec §11.3.3.6), before or after IDAT;
//   - XMP in an iTXt, zTXt or tEXt chunk with the keyword "XML:com.adobe.xmp" (XMP Part 3
//     §1.1.5; iTXt §11.3.3.4 may be zlib-compressed);
//   - ImageMagick's "Raw profile type <name>" text chunks (exif, APP1, iptc, 8bim, xmp): the
//     profile bytes written as hexadecimal text after its name and decimal length.
//
// The walker reads the 8-byte header of every chunk through an io.ReaderAt and the data of
// only the chunks it needs (IHDR, tRNS is noted by its type alone, metadata chunks), skips
// image data unread, and stops at IEND. Lengths are checked against the end of the input
// (extract.End: a file's size, or where a stream ends) and extract.Limits before anything
// is allocated; decompression is bounded. Bad structure gives warnings and the payloads
// found so far, never a panic.
package png

import (
	"encoding/binary"
	"io"

	"github.com/embedmeta/embedmeta/extract"
	"github.com/embedmeta/embedmeta/extract/internal/checksum"
	"github.com/embedmeta/embedmeta/schema"
)

// Warning codes reported by Locate.
const (
	WarnTruncated   = "png.truncated-chunk"    // a chunk runs past the end of the file
	WarnBadCRC      = "png.bad-crc"            // a metadata chunk's CRC does not match (its data is used anyway, as ExifTool does)
	WarnReadLimit   = "png.read-limit"         // Limits.MaxTotalRead reached
	WarnTooLarge    = "png.chunk-too-large"    // a metadata chunk above Limits.MaxSegment
	WarnNoIEND      = "png.no-iend"            // the file ended before IEND
	WarnTooMany     = "png.too-many-chunks"    // more chunks than the walker visits
	WarnBadType     = "png.bad-chunk-type"     // a chunk type that is not four ASCII letters: the walk stops
	WarnBadIHDR     = "png.bad-ihdr"           // IHDR missing, short or not first
	WarnEmptyExif   = "png.empty-exif"         // an eXIf chunk without a TIFF header
	WarnExifHeader  = "png.exif-header"        // an eXIf chunk that starts with "Exif\0\0"
	WarnBadText     = "png.bad-text-chunk"     // a tEXt/zTXt/iTXt chunk that does not parse
	WarnBadZlib     = "png.bad-zlib"           // a compressed text chunk that does not inflate
	WarnInflateSize = "png.inflate-limit"      // decompressed text above the limit (zip bomb guard)
	WarnRawProfile  = "png.bad-raw-profile"    // an ImageMagick raw profile that does not parse
	WarnRawShort    = "png.raw-profile-short"  // a raw profile with fewer hex digits than its length says
	WarnRawUnknown  = "png.raw-profile-ignore" // a raw profile whose content is not EXIF, IPTC or XMP
)

// signature is the 8-byte PNG file signature (PNG spec §5.2).
var signature = []byte("\x89PNG\r\n\x1a\n")

// maxChunks bounds the chunks visited in one file (a real PNG has at most some ten thousand).
const maxChunks = 1 << 20

// Chunk types the walker distinguishes (PNG spec §5.6, §11.2, §11.3).
const (
	typeIHDR = "IHDR"
	typeIEND = "IEND"
	typeTRNS = "tRNS"
	typeEXIF = "eXIf"
	typeTEXT = "tEXt"
	typeZTXT = "zTXt"
	typeITXT = "iTXt"
)

// IsPNG reports whether head, the first bytes of a file, starts with the PNG signature.
func IsPNG(head []byte) bool {
	return len(head) >= len(signature) && string(head[:len(signature)]) == string(signature)
}

// Locate walks the PNG file r of size bytes and returns its metadata payloads in file order
// and its facts (MIME image/png, IHDR width and height, alpha from the colour type or a tRNS
// chunk). A file without the PNG signature gives a *extract.FormatError wrapping
// extract.ErrUnsupportedFormat; every other problem is a warning in ws and the payloads
// complete before it are returned.
func Locate(r io.ReaderAt, size int64, lim extract.Limits, ws *extract.Warnings) (extract.Payloads, error) {
	lim = lim.Resolved()
	w := &walker{Budget: extract.Budget{R: r, End: extract.EndOf(r, size), Max: lim.MaxTotalRead, WS: ws, Code: WarnReadLimit}, lim: lim, ws: ws}
	head, ok := w.Read(0, int64(len(signature)))
	if !ok || !IsPNG(head) {
		return extract.Payloads{}, &extract.FormatError{Format: "png", Offset: 0, Msg: "missing PNG signature", Err: extract.ErrUnsupportedFormat}
	}
	w.out.Facts = extract.Facts{FileType: "image", MIME: "image/png"}
	w.walk(int64(len(signature)))
	if w.alpha != nil {
		w.out.Facts.HasAlpha = w.alpha
	}
	return w.out, nil
}

// walker is the state of one Locate call.
type walker struct {
	extract.Budget // the file, read within Limits.MaxTotalRead
	lim            extract.Limits
	ws             *extract.Warnings
	out            extract.Payloads
	alpha          *bool
}

// walk visits the chunks from pos (PNG spec §5.3: length, type, data, CRC) until IEND.
func (w *walker) walk(pos int64) {
	for i := 0; ; i++ {
		if i >= maxChunks {
			w.ws.Add(WarnTooMany, 0, pos, "stopped after %d chunks", maxChunks)
			return
		}
		if !w.End.Has(pos + 1) {
			w.ws.Add(WarnNoIEND, 0, pos, "file ended before IEND")
			return
		}
		hdr, ok := w.Read(pos, 8)
		if !ok {
			if !w.Limited {
				w.ws.Add(WarnTruncated, 0, pos, "chunk header cut off by the end of the file")
			}
			return
		}
		n := int64(binary.BigEndian.Uint32(hdr))
		typ := string(hdr[4:8])
		start := pos + 8
		if !w.End.Fits(start, n+4) { // data and CRC
			w.ws.Add(WarnTruncated, 0, pos, "chunk %q: %d bytes claimed, %d present", typ, n, w.End.Size()-start)
			return
		}
		if !validType(hdr[4:8]) {
			w.ws.Add(WarnBadType, 0, pos, "chunk type %q is not four letters", typ)
			return
		}
		if i == 0 && typ != typeIHDR {
			w.ws.Add(WarnBadIHDR, 0, pos, "first chunk is %q, not IHDR", typ)
		}
		switch typ {
		case typeIEND:
			return
		case typeTRNS:
			w.alpha = extract.Bool(true)
		case typeIHDR, typeEXIF, typeTEXT, typeZTXT, typeITXT:
			w.chunk(typ, pos, start, n)
		}
		pos = start + n + 4
	}
}

// chunk reads the data of a chunk the walker needs, checks its CRC and dispatches it.
func (w *walker) chunk(typ string, pos, start, n int64) {
	if n > w.lim.MaxSegment {
		w.ws.Add(WarnTooLarge, 0, pos, "chunk %q of %d bytes exceeds the limit", typ, n)
		return
	}
	b, ok := w.Read(start-4, n+8) // type, data, CRC
	if !ok {
		return
	}
	data := b[4 : 4+n]
	if checksum.CRC32(b[:4+n]) != binary.BigEndian.Uint32(b[4+n:]) {
		w.ws.Add(WarnBadCRC, 0, pos, "chunk %q: CRC mismatch", typ)
	}
	switch typ {
	case typeIHDR:
		w.ihdr(data, pos)
	case typeEXIF:
		w.exif(data, start)
	default:
		w.text(typ, data, start)
	}
}

// ihdr reads the image header (PNG spec §11.2.1): width, height, bit depth, colour type.
func (w *walker) ihdr(data []byte, pos int64) {
	if len(data) < 13 {
		w.ws.Add(WarnBadIHDR, 0, pos, "IHDR of %d bytes", len(data))
		return
	}
	w.out.Facts.Width = int(binary.BigEndian.Uint32(data))
	w.out.Facts.Height = int(binary.BigEndian.Uint32(data[4:]))
	ct := data[9]
	a := ct == 4 || ct == 6 // greyscale with alpha, truecolour with alpha
	if w.alpha == nil || a {
		w.alpha = extract.Bool(a)
	}
}

// exif records an eXIf chunk's TIFF structure (eXIf extension §3.7). A leading
// "Exif\0\0", which some writers copy from JPEG, is stripped with a warning.
func (w *walker) exif(data []byte, off int64) {
	if len(data) >= 6 && string(data[:6]) == "Exif\x00\x00" {
		w.ws.Add(WarnExifHeader, schema.SourceEXIF, off, "eXIf chunk starts with an Exif APP1 header")
		data, off = data[6:], off+6
	}
	if !isTIFFHeader(data) {
		w.ws.Add(WarnEmptyExif, schema.SourceEXIF, off, "eXIf chunk of %d bytes without a TIFF header", len(data))
		return
	}
	w.out.EXIF = append(w.out.EXIF, extract.Payload{Data: data, Offset: off})
}

// isTIFFHeader reports whether b starts with a TIFF byte-order mark and magic number 42.
func isTIFFHeader(b []byte) bool {
	return len(b) >= 8 && (string(b[:4]) == "II*\x00" || string(b[:4]) == "MM\x00*")
}

// validType reports whether a chunk type is four ASCII letters (PNG spec §5.3).
func validType(t []byte) bool {
	for _, c := range t {
		if !('A' <= c && c <= 'Z' || 'a' <= c && c <= 'z') {
			return false
		}
	}
	return true
}
