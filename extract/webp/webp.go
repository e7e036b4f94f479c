// Package webp locates the metadata payloads of a WebP file (WebP Container Specification,
// "RIFF container"; RIFF: Microsoft/IBM Multimedia Programming Interface 1.0):
//
//   - the "EXIF" chunk: a TIFF structure (a leading "Exif\0\0", written by some encoders, is
//     stripped with a warning);
//   - the "XMP " chunk: an XMP packet.
//
// It also reads the file facts: canvas size and alpha flag from VP8X, else the frame size
// from the VP8 (lossy) key-frame header or the VP8L (lossless) header, and the duration of
// an animation from its ANMF frames.
//
// The walker reads the 8-byte header of every chunk and the data of only the chunks it
// needs (VP8X, the first bytes of VP8/VP8L/ANMF, EXIF, XMP); image data is never read.
// Sizes are checked against the file size and extract.Limits before anything is allocated.
// Bad structure gives warnings and the payloads found so far, never a panic.
package webp

import (
	"encoding/binary"
	"io"

	"github.com/embedmeta/embedmeta/extract"
	"github.com/embedmeta/embedmeta/extract/riff"
	"github.com/embedmeta/embedmeta/schema"
)

// Warning codes reported by Locate.
const (
	WarnTruncated  = "webp." + riff.WarnTruncated // a chunk runs past the end of the file
	WarnRIFFSize   = "webp.riff-size"             // the RIFF size disagrees with the file size
	WarnReadLimit  = "webp.read-limit"            // Limits.MaxTotalRead reached
	WarnTooLarge   = "webp.chunk-too-large"       // a metadata chunk above Limits.MaxSegment / MaxXMPBytes
	WarnTooMany    = "webp." + riff.WarnTooMany   // more chunks than the walker visits
	WarnExifHeader = "webp.exif-header"           // an EXIF chunk that starts with "Exif\0\0"
	WarnBadExif    = "webp.exif-no-tiff"          // an EXIF chunk without a TIFF header
	WarnBadFrame   = "webp.bad-frame-header"      // a VP8/VP8L/VP8X header too short or without its signature
	headerLen      = 12                           // "RIFF", size, "WEBP"
	anmfHeaderLen  = 16                           // ANMF: X, Y, width-1, height-1 (24 bits each), duration (24), flags
	vp8HeaderLen   = 10                           // VP8: frame tag (3), start code (3), width (2), height (2)
	vp8lHeaderLen  = 5                            // VP8L: signature 0x2F, then 32 bits of size and flags
	vp8xLen        = 10                           // VP8X: flags (1), reserved (3), canvas width-1 (3), height-1 (3)
	vp8xAlpha      = 0x10                         // VP8X flag: the image has alpha
	vp8StartCode   = "\x9d\x01\x2a"               // VP8 key frame start code (RFC 6386 §9.1)
	vp8lSignature  = 0x2F                         // VP8L signature byte (WebP Lossless Bitstream §3)
)

// IsWebP reports whether head, the first bytes of a file, is a RIFF file of form type WEBP.
func IsWebP(head []byte) bool {
	return len(head) >= headerLen && string(head[:4]) == "RIFF" && string(head[8:12]) == "WEBP"
}

// Locate walks the WebP file r of size bytes and returns its metadata payloads in file order
// and its facts (MIME image/webp, size, alpha, animation duration). A file that is not RIFF
// WEBP gives a *extract.FormatError wrapping extract.ErrUnsupportedFormat; every other
// problem is a warning in ws and the payloads complete before it are returned.
//
// Chunks are walked to the end of the file even when the RIFF size says otherwise (writers
// get it wrong, and ExifTool reads past it too); a chunk that runs past the end of the file
// ends the walk and is not used.
func Locate(r io.ReaderAt, size int64, lim extract.Limits, ws *extract.Warnings) (extract.Payloads, error) {
	lim = lim.Resolved()
	w := &walker{Reader: riff.Reader{Budget: extract.Budget{R: r, End: extract.EndOf(r, size), Max: lim.MaxTotalRead, WS: ws, Code: WarnReadLimit}, Prefix: "webp"}, lim: lim, ws: ws}
	head, ok := w.Read(0, headerLen)
	if !ok || !IsWebP(head) {
		return extract.Payloads{}, &extract.FormatError{Format: "webp", Offset: 0, Msg: "missing RIFF WEBP header", Err: extract.ErrUnsupportedFormat}
	}
	w.out.Facts = extract.Facts{FileType: "image", MIME: "image/webp"}
	mark := len(ws.List)
	w.walk(headerLen)
	// The RIFF size is compared with the file's after the walk, which reads to the end of
	// the file: a stream's end is then known, where before the walk it would have to be
	// read to its end first. The warning still comes first, as the first problem met.
	if riff, size := int64(binary.LittleEndian.Uint32(head[4:]))+8, w.End.Size(); riff != size {
		warnAt(ws, mark, WarnRIFFSize, 0, 4, "RIFF size says %d bytes, the file has %d", riff, size)
	}
	w.finish()
	return w.out, nil
}

// warnAt adds a warning to ws as Add would have when ws held mark warnings: before the
// ones added since, and when the list is full in place of the last of them (Dropped counts
// the one left out either way).
func warnAt(ws *extract.Warnings, mark int, code string, src schema.Source, off int64, format string, args ...any) {
	n := len(ws.List)
	ws.Add(code, src, off, format, args...)
	if mark >= n {
		return
	}
	if len(ws.List) == n { // full: it takes the place of the last one
		ws.List = ws.List[:n-1]
		ws.Add(code, src, off, format, args...)
	}
	l := ws.List
	last := l[len(l)-1]
	copy(l[mark+1:], l[mark:len(l)-1])
	l[mark] = last
}

// walker is the state of one Locate call.
type walker struct {
	riff.Reader // the file's chunks, read within Limits.MaxTotalRead
	lim         extract.Limits
	ws          *extract.Warnings
	out         extract.Payloads

	canvas        bool  // VP8X gave the canvas size
	frameW        int   // size from the first VP8/VP8L frame header
	frameH        int   //
	alpha         *bool // alpha from VP8X, VP8L or ALPH
	durationMS    int64 // sum of ANMF frame durations
	frames        int   // ANMF chunks seen
	frameSizeSeen bool  // frameW/frameH set
}

// walk visits the chunks from pos: four-character code, little-endian size, data, a pad
// byte when the size is odd (RIFF container spec), to the end of the file.
func (w *walker) walk(pos int64) {
	w.Chunks(pos, -1, func(c riff.Chunk) bool {
		w.chunk(c.ID, c.Offset, c.Data(), c.Size)
		return true
	})
}

// chunk dispatches one chunk whose data is the n bytes at start.
func (w *walker) chunk(fourcc string, pos, start, n int64) {
	switch fourcc {
	case "VP8X":
		if b, ok := w.head(fourcc, pos, start, n, vp8xLen); ok {
			w.vp8x(b)
		}
	case "VP8 ":
		if b, ok := w.head(fourcc, pos, start, n, vp8HeaderLen); ok {
			w.vp8(b, pos)
		}
	case "VP8L":
		if b, ok := w.head(fourcc, pos, start, n, vp8lHeaderLen); ok {
			w.vp8l(b, pos)
		}
	case "ALPH":
		w.alpha = extract.Bool(true)
	case "ANMF":
		if b, ok := w.head(fourcc, pos, start, n, anmfHeaderLen); ok {
			w.frames++
			w.durationMS += int64(uint24(b[12:]))
			// The frame's own bitstream chunks follow its header (VP8/VP8L/ALPH); their
			// sizes are within the canvas given by VP8X, so they are not visited.
		}
	case "EXIF":
		if b, ok := w.payload(fourcc, pos, start, n, w.lim.MaxSegment); ok {
			w.exif(b, start)
		}
	case "XMP ":
		if b, ok := w.payload(fourcc, pos, start, n, w.lim.MaxXMPBytes); ok && len(b) > 0 {
			w.out.XMP = append(w.out.XMP, extract.Payload{Data: b, Offset: start})
		}
	}
}

// head reads the first want bytes of a chunk, or warns when the chunk is shorter.
func (w *walker) head(fourcc string, pos, start, n, want int64) ([]byte, bool) {
	if n < want {
		w.ws.Add(WarnBadFrame, 0, pos, "chunk %q of %d bytes, want at least %d", fourcc, n, want)
		return nil, false
	}
	return w.Read(start, want)
}

// payload reads a metadata chunk's data, at most limit bytes.
func (w *walker) payload(fourcc string, pos, start, n, limit int64) ([]byte, bool) {
	if n > limit {
		w.ws.Add(WarnTooLarge, 0, pos, "chunk %q of %d bytes exceeds the limit", fourcc, n)
		return nil, false
	}
	return w.Read(start, n)
}

// exif records an EXIF chunk's TIFF structure.
func (w *walker) exif(data []byte, off int64) {
	if len(data) >= 6 && string(data[:6]) == "Exif\x00\x00" {
		w.ws.Add(WarnExifHeader, schema.SourceEXIF, off, "EXIF chunk starts with an Exif APP1 header")
		data, off = data[6:], off+6
	}
	if len(data) < 8 || (string(data[:4]) != "II*\x00" && string(data[:4]) != "MM\x00*") {
		w.ws.Add(WarnBadExif, schema.SourceEXIF, off, "EXIF chunk of %d bytes without a TIFF header", len(data))
		return
	}
	w.out.EXIF = append(w.out.EXIF, extract.Payload{Data: data, Offset: off})
}

// uint24 reads a 24-bit little-endian number.
func uint24(b []byte) int { return int(b[0]) | int(b[1])<<8 | int(b[2])<<16 }
