package jxl

// bits reads a JPEG XL codestream's bit fields: least significant bit first within each byte
// (ISO/IEC 18181-1 §B.2.1). Reads past the end set bad.
type bits struct {
	b   []byte
	pos int // bit position
	bad bool
}

// u reads an n-bit unsigned integer (n <= 32).
func (r *bits) u(n int) uint32 {
	var v uint32
	for i := 0; i < n; i++ {
		byteAt := r.pos >> 3
		if byteAt >= len(r.b) {
			r.bad = true
			return 0
		}
		v |= uint32(r.b[byteAt]>>(r.pos&7)&1) << i
		r.pos++
	}
	return v
}

// dim reads a U32(1 + u(9), 1 + u(13), 1 + u(18), 1 + u(30)) dimension.
func (r *bits) dim() uint32 {
	switch r.u(2) {
	case 0:
		return 1 + r.u(9)
	case 1:
		return 1 + r.u(13)
	case 2:
		return 1 + r.u(18)
	}
	return 1 + r.u(30)
}

// sizeHeader parses the SizeHeader that follows the 0xFF 0x0A signature of a codestream
// (ISO/IEC 18181-1 §A.3.1): the height, then the width either stored or derived from the
// height by a fixed aspect ratio.
func sizeHeader(b []byte) (width, height uint32, ok bool) {
	if len(b) < 2 || b[0] != 0xFF || b[1] != 0x0A {
		return 0, 0, false
	}
	r := &bits{b: b[2:]}
	small := r.u(1) == 1
	if small {
		height = (r.u(5) + 1) * 8
	} else {
		height = r.dim()
	}
	ratio := r.u(3)
	switch {
	case ratio != 0:
		num, den := aspect(ratio)
		width = uint32(uint64(height) * num / den)
	case small:
		width = (r.u(5) + 1) * 8
	default:
		width = r.dim()
	}
	return width, height, !r.bad
}

// aspect returns the width:height ratio of a SizeHeader ratio code 1..7.
func aspect(ratio uint32) (num, den uint64) {
	switch ratio {
	case 1:
		return 1, 1
	case 2:
		return 12, 10
	case 3:
		return 4, 3
	case 4:
		return 3, 2
	case 5:
		return 16, 9
	case 6:
		return 5, 4
	}
	return 2, 1
}

// codestream reads the SizeHeader of the codestream that starts at off (n bytes available).
func (w *walker) codestream(off, n int64) {
	if w.sawSize || n < 2 {
		return
	}
	head, ok := w.rd.ReadAt(off, min(n, codestreamHead))
	if !ok {
		return
	}
	wd, ht, ok := sizeHeader(head)
	if !ok {
		return
	}
	w.sawSize = true
	w.out.Facts.Width, w.out.Facts.Height = int(wd), int(ht)
}
