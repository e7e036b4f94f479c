// Package gif locates the XMP packet of a GIF file (GIF89a Specification, W3C/CompuServe
// 1990; XMP Specification Part 3 §1.1.2 "GIF") and reads its facts.
//
// XMP lives in an application extension whose identifier and authentication code are
// "XMP Data" and "XMP". Its data is not split into sub-blocks the GIF way: the packet's
// bytes follow the identifier block verbatim, so a reader walking sub-blocks treats the
// packet's own bytes as sub-block lengths, and a 258-byte "magic trailer" (0x01, 0xFF,
// 0xFE, ..., 0x01, 0x00, then the block terminator 0x00) brings every such walk back to the
// terminator. The packet is therefore the raw bytes from the end of the identifier block to
// the terminator, less the trailer.
//
// The walker reads the header, the logical screen descriptor and the block structure through
// an io.ReaderAt; image data sub-blocks are stepped over by reading only their length bytes.
// Bad structure gives warnings and the payloads found so far, never a panic.
package gif

import (
	"bytes"
	"encoding/binary"
	"io"
	"math"

	"github.com/embedmeta/embedmeta/extract"
	"github.com/embedmeta/embedmeta/schema"
)

// Warning codes reported by Locate.
const (
	WarnTruncated   = "gif.truncated"       // the block structure runs past the end of the file
	WarnBadBlock    = "gif.bad-block"       // a byte that introduces no known block
	WarnReadLimit   = "gif.read-limit"      // Limits.MaxTotalRead reached
	WarnTooLarge    = "gif.xmp-too-large"   // an XMP extension above Limits.MaxXMPBytes
	WarnXMPTrailer  = "gif.xmp-no-trailer"  // an XMP extension without the magic trailer
	WarnTooMany     = "gif.too-many-blocks" // more blocks than the walker visits
	screenLen       = 13                    // header (6) + logical screen descriptor (7)
	imageDescLen    = 10                    // image separator + descriptor (GIF89a §20)
	gceLen          = 4                     // graphic control extension data (GIF89a §23)
	maxBlocks       = 1 << 20               // blocks (extensions and images) visited
	maxSubBlocks    = 1 << 26               // data sub-blocks stepped over altogether
	trailerLen      = 257                   // magic trailer bytes before the block terminator
	blockImage      = 0x2C                  // image separator
	blockExtension  = 0x21                  // extension introducer
	blockTrailer    = 0x3B                  // GIF trailer
	labelGCE        = 0xF9                  // graphic control extension label
	labelApp        = 0xFF                  // application extension label
	appIDLen        = 11                    // application identifier (8) + authentication code (3)
	appIDXMP        = "XMP DataXMP"         // XMP Part 3 §1.1.2
	colorTableFlag  = 0x80                  // global/local colour table flag
	transparentFlag = 0x01                  // graphic control: transparent colour flag (GIF89a §23)
)

// IsGIF reports whether head, the first bytes of a file, starts with a GIF87a or GIF89a
// header.
func IsGIF(head []byte) bool {
	return len(head) >= 6 && (string(head[:6]) == "GIF89a" || string(head[:6]) == "GIF87a")
}

// Locate walks the GIF file r of size bytes and returns its XMP packets and its facts (MIME
// image/gif, logical screen size, alpha when a graphic control extension names a
// transparent colour, and the duration of an animation: the sum of its frame
// delays). A file without a GIF header gives a *extract.FormatError wrapping
// extract.ErrUnsupportedFormat; every other problem is a warning in ws and the payloads
// complete before it are returned.
func Locate(r io.ReaderAt, size int64, lim extract.Limits, ws *extract.Warnings) (extract.Payloads, error) {
	lim = lim.Resolved()
	w := &walker{Budget: extract.Budget{R: r, End: extract.EndOf(r, size), Max: lim.MaxTotalRead, WS: ws, Code: WarnReadLimit}, lim: lim, ws: ws}
	_, w.stream = r.(extract.Ender)
	head, ok := w.Read(0, screenLen)
	if !ok || !IsGIF(head) {
		return extract.Payloads{}, &extract.FormatError{Format: "gif", Offset: 0, Msg: "missing GIF header", Err: extract.ErrUnsupportedFormat}
	}
	w.out.Facts = extract.Facts{
		FileType: "image",
		MIME:     "image/gif",
		Width:    int(binary.LittleEndian.Uint16(head[6:])),
		Height:   int(binary.LittleEndian.Uint16(head[8:])),
	}
	w.walk(screenLen + colorTableLen(head[10]))
	w.out.Facts.HasAlpha = extract.Bool(w.transparent)
	if w.frames > 1 && w.delay > 0 {
		w.out.Facts.Duration = float64(w.delay) / 100
	}
	return w.out, nil
}

// colorTableLen is the size of the colour table a packed-fields byte announces.
func colorTableLen(packed byte) int64 {
	if packed&colorTableFlag == 0 {
		return 0
	}
	return 3 << (packed&7 + 1)
}

// walker is the state of one Locate call.
type walker struct {
	extract.Budget // the file, read within Limits.MaxTotalRead
	lim            extract.Limits
	ws             *extract.Warnings
	subs           int // data sub-blocks stepped over
	out            extract.Payloads
	frames         int   // images seen
	delay          int64 // sum of graphic control delays, 1/100 s
	// transparent is set when a graphic control extension names a transparent colour
	// index (GIF89a §23): the image then has (1-bit) alpha.
	transparent bool
	one         [1]byte
	// stream is set when r is read forward only (an extract.Ender): it keeps only the bytes
	// the walker reads, so the XMP extension is read whole as it is walked (see xmp).
	stream bool
}

// readByte returns the byte at off without allocating, or false when it does not exist or
// the read budget is spent.
func (w *walker) readByte(off int64) (byte, bool) {
	if !w.End.Fits(off, 1) {
		return 0, false
	}
	if w.Total >= w.lim.MaxTotalRead {
		if !w.Limited {
			w.Limited = true
			w.ws.Add(WarnReadLimit, 0, off, "read limit of %d bytes reached", w.lim.MaxTotalRead)
		}
		return 0, false
	}
	w.Total++
	if m, err := w.R.ReadAt(w.one[:], off); m < 1 && err != nil {
		return 0, false
	}
	return w.one[0], true
}

// truncated reports the end of the data met at pos (unless the read budget ran out).
func (w *walker) truncated(pos int64) {
	if !w.Limited {
		w.ws.Add(WarnTruncated, 0, pos, "block structure cut off by the end of the file")
	}
}

// walk visits the blocks from pos (GIF89a Appendix B grammar) until the trailer.
func (w *walker) walk(pos int64) {
	for i := 0; ; i++ {
		if i >= maxBlocks {
			w.ws.Add(WarnTooMany, 0, pos, "stopped after %d blocks", maxBlocks)
			return
		}
		b, ok := w.readByte(pos)
		if !ok {
			w.truncated(pos)
			return
		}
		switch b {
		case blockTrailer:
			return
		case blockImage:
			pos, ok = w.image(pos)
		case blockExtension:
			pos, ok = w.extension(pos)
		default:
			w.ws.Add(WarnBadBlock, 0, pos, "byte 0x%02X introduces no block", b)
			return
		}
		if !ok {
			return
		}
	}
}

// image steps over an image descriptor, its local colour table and its LZW data.
func (w *walker) image(pos int64) (int64, bool) {
	d, ok := w.Read(pos, imageDescLen)
	if !ok {
		w.truncated(pos)
		return 0, false
	}
	w.frames++
	pos += imageDescLen + colorTableLen(d[9]) + 1 // + LZW minimum code size
	return w.skipSubBlocks(pos, 0)
}

// extension handles an extension block at pos: graphic control (frame delay), application
// (XMP); every other extension is stepped over.
func (w *walker) extension(pos int64) (int64, bool) {
	h, ok := w.Read(pos+1, 2) // label, first sub-block size
	if !ok {
		w.truncated(pos)
		return 0, false
	}
	label, n := h[0], int64(h[1])
	first := pos + 2 // the first sub-block's size byte
	switch {
	case label == labelGCE && n >= gceLen:
		if g, ok := w.Read(first+1, gceLen); ok {
			w.delay += int64(binary.LittleEndian.Uint16(g[1:]))
			w.transparent = w.transparent || g[0]&transparentFlag != 0
		}
	case label == labelApp && n == appIDLen:
		if id, ok := w.Read(first+1, appIDLen); ok && string(id) == appIDXMP {
			return w.xmp(pos, first+1+appIDLen)
		}
	}
	return w.skipSubBlocks(first, 0)
}

// skipSubBlocks steps over data sub-blocks from pos, reading only their size bytes, and
// returns the offset after the block terminator. The data of the sub-blocks that end by
// offset keep is read too (outside the read budget, its result unused): a stream keeps
// the bytes a walker reads, and drops the others.
func (w *walker) skipSubBlocks(pos, keep int64) (int64, bool) {
	for {
		if w.subs++; w.subs > maxSubBlocks {
			w.ws.Add(WarnTooMany, 0, pos, "stopped after %d data sub-blocks", maxSubBlocks)
			return 0, false
		}
		b, ok := w.readByte(pos)
		if !ok {
			w.truncated(pos)
			return 0, false
		}
		if b == 0 {
			return pos + 1, true
		}
		if pos+1+int64(b) <= keep {
			extract.ReadSlice(w.R, pos+1, int64(b))
		}
		pos += 1 + int64(b)
	}
}

// xmp reads the XMP application extension whose packet starts at data (just after the
// identifier block), ext being the offset of its introducer, and returns the offset after
// its block terminator.
//
// The packet's bytes are walked as sub-blocks to find its end, then read as one range. A
// stream would have dropped them in between: on a stream they are read as they are walked,
// as far as a packet within the limit can reach.
func (w *walker) xmp(ext, data int64) (int64, bool) {
	keep := int64(0)
	if w.stream {
		keep = data + min(w.lim.MaxXMPBytes, math.MaxInt64-data-trailerLen) + trailerLen
	}
	end, ok := w.skipSubBlocks(data, keep)
	if !ok {
		return 0, false
	}
	raw := end - 1 - data // the packet and the trailer, without the terminator
	if raw > w.lim.MaxXMPBytes+trailerLen {
		w.ws.Add(WarnTooLarge, schema.SourceXMP, ext, "XMP extension of %d bytes exceeds the limit", raw)
		return end, true
	}
	b, ok := w.Read(data, raw)
	if !ok {
		return 0, false
	}
	packet, trailed := trimTrailer(b)
	if !trailed {
		w.ws.Add(WarnXMPTrailer, schema.SourceXMP, ext, "XMP extension without the magic trailer")
	}
	if len(packet) > 0 {
		w.out.XMP = append(w.out.XMP, extract.Payload{Data: packet, Offset: data})
	}
	return end, true
}

// trimTrailer removes the magic trailer (0x01, 0xFF down to 0x00) from the end of b. Without
// it the packet is cut after its last '>' (the trailing bytes are then sub-block lengths a
// writer added some other way).
func trimTrailer(b []byte) ([]byte, bool) {
	if len(b) >= trailerLen && isTrailer(b[len(b)-trailerLen:]) {
		return b[:len(b)-trailerLen], true
	}
	if i := bytes.LastIndexByte(b, '>'); i >= 0 {
		return b[:i+1], false
	}
	return b, false
}

// isTrailer reports whether t is the 257 bytes 0x01, 0xFF, 0xFE, ..., 0x00.
func isTrailer(t []byte) bool {
	if t[0] != 0x01 {
		return false
	}
	for i, c := range t[1:] {
		if c != byte(0xFF-i) {
			return false
		}
	}
	return true
}
