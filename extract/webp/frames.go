package webp

import "github.com/embedmeta/embedmeta/extract"

// vp8x reads the extended header (WebP container spec, "Extended File Format"): flags and
// the canvas width and height, each stored minus one in 24 bits.
func (w *walker) vp8x(b []byte) {
	w.canvas = true
	w.out.Facts.Width = uint24(b[4:]) + 1
	w.out.Facts.Height = uint24(b[7:]) + 1
	w.alpha = extract.Bool(b[0]&vp8xAlpha != 0)
}

// vp8 reads a lossy frame header (RFC 6386 §9.1): a 3-byte frame tag whose low bit is 0 for
// a key frame, the start code 9D 01 2A, then width and height in 14 bits each (the top two
// bits are a scale).
func (w *walker) vp8(b []byte, pos int64) {
	if b[0]&1 != 0 || string(b[3:6]) != vp8StartCode {
		w.ws.Add(WarnBadFrame, 0, pos, "VP8 chunk without a key frame header")
		return
	}
	w.frameSize(int(b[6])|int(b[7]&0x3F)<<8, int(b[8])|int(b[9]&0x3F)<<8)
}

// vp8l reads a lossless header (WebP Lossless Bitstream §3.2): signature 0x2F, then 14 bits
// width-1, 14 bits height-1, 1 bit alpha_is_used and 3 bits version, least significant first.
func (w *walker) vp8l(b []byte, pos int64) {
	if b[0] != vp8lSignature {
		w.ws.Add(WarnBadFrame, 0, pos, "VP8L chunk without its signature")
		return
	}
	v := uint32(b[1]) | uint32(b[2])<<8 | uint32(b[3])<<16 | uint32(b[4])<<24
	w.frameSize(int(v&0x3FFF)+1, int(v>>14&0x3FFF)+1)
	if w.alpha == nil {
		w.alpha = extract.Bool(v>>28&1 != 0)
	}
}

// frameSize records the size of the first frame header met.
func (w *walker) frameSize(width, height int) {
	if !w.frameSizeSeen {
		w.frameSizeSeen = true
		w.frameW, w.frameH = width, height
	}
}

// finish completes the facts: the VP8X canvas wins over a frame header's size; a simple
// lossy file without ALPH has no alpha.
func (w *walker) finish() {
	if !w.canvas && w.frameSizeSeen {
		w.out.Facts.Width, w.out.Facts.Height = w.frameW, w.frameH
	}
	if w.alpha == nil && w.frameSizeSeen {
		w.alpha = extract.Bool(false)
	}
	w.out.Facts.HasAlpha = w.alpha
	if w.frames > 1 && w.durationMS > 0 {
		w.out.Facts.Duration = float64(w.durationMS) / 1000
	}
}
