package pdf

import (
	"bytes"
	"io"
	"strconv"

	"github.com/embedmeta/embedmeta/extract"
	"github.com/embedmeta/embedmeta/extract/internal/inflate"
)

// Bounds of the walk.
const (
	maxSections    = 64      // cross-reference sections followed through /Prev
	maxSubsections = 4096    // subsections of one classic table
	maxResolve     = 16      // reference hops resolved for one value
	maxObjWindow   = 1 << 20 // largest window read to parse one object's dictionary
	firstWindow    = 4 << 10 // first window read to parse an object
	maxPages       = 1000    // pages visited for Photoshop image resources
	maxObjStmN     = 1 << 16 // objects listed in one object stream
)

// indirect is one indirect object read from the file (§7.3.10).
type indirect struct {
	val      object
	isStream bool
	dataOff  int64 // file offset of the stream data
	inStream bool  // the object came from an object stream (no stream of its own)
}

// doc is the state of one Locate call.
type doc struct {
	extract.Budget       // the file, read within MaxTotalRead (read buffers are never written to)
	size           int64 // the file's size: a PDF is read from its end
	lim            extract.Limits
	ws             *extract.Warnings
	xref           []*section       // newest first
	objstm         map[int64][]byte // decoded object streams by object number
}

func (d *doc) warn(code string, off int64, format string, args ...any) {
	d.ws.Add(code, 0, off, format, args...)
}

// inWindow runs parse over the bytes at off, first a window of firstWindow bytes, then
// windows four times larger while parse reports errShort (what it reads runs past the
// window) and a larger window exists (up to the end of the file and maxObjWindow). last
// tells parse that no larger window will follow. Any other error is a failure.
func inWindow[T any](d *doc, off int64, parse func(b []byte, last bool) (T, error)) (T, bool) {
	var none T
	for w := int64(firstWindow); ; w *= 4 {
		n := min(w, d.size-off)
		b, ok := d.Read(off, n)
		if !ok {
			return none, false
		}
		last := n == d.size-off || w >= maxObjWindow
		v, err := parse(b, last)
		switch {
		case err == nil:
			return v, true
		case err != errShort || last:
			return none, false
		}
	}
}

// parseAt parses one direct object at off.
func (d *doc) parseAt(off int64) (object, bool) {
	return inWindow(d, off, func(b []byte, _ bool) (object, error) {
		p := &parser{b: b}
		return p.object(0)
	})
}

// object reads the indirect object "n g obj ... endobj" at off (§7.3.10).
func (d *doc) object(off int64) (indirect, bool) {
	return inWindow(d, off, func(b []byte, last bool) (indirect, error) {
		p := &parser{b: b}
		num, e1 := p.object(0)
		gen, e2 := p.object(0)
		kw, e3 := p.object(0)
		if e1 == errShort || e2 == errShort || e3 == errShort {
			return indirect{}, errShort
		}
		if e1 != nil || e2 != nil || e3 != nil || num.kind != kInt || gen.kind != kInt || kw.kind != kKeyword || kw.s != "obj" {
			return indirect{}, errBad
		}
		v, err := p.object(0)
		if err != nil {
			return indirect{}, err
		}
		ind := indirect{val: v}
		if v.kind == kDict {
			save := p.pos
			kw, err := p.object(0)
			if err == errShort && !last {
				return indirect{}, errShort
			}
			if err == nil && kw.kind == kKeyword && kw.s == "stream" {
				// The keyword is followed by CRLF or LF (§7.3.8.1); tolerate a lone CR.
				q := p.pos
				if q < len(b) && b[q] == '\r' {
					q++
				}
				if q < len(b) && b[q] == '\n' {
					q++
				}
				ind.isStream, ind.dataOff = true, off+int64(q)
			} else {
				p.pos = save
			}
		}
		return ind, nil
	})
}

// lookup finds object number n in the cross-reference sections, newest first.
func (d *doc) lookup(n int64) entry {
	for _, s := range d.xref {
		if e := d.lookupIn(s, n); e.found {
			return e
		}
	}
	return entry{}
}

// fetch reads the indirect object number n.
func (d *doc) fetch(n int64) (indirect, bool) {
	e := d.lookup(n)
	switch {
	case !e.found || e.free:
		return indirect{}, false
	case e.stream > 0:
		return d.fromObjStm(e.stream, e.index, n)
	}
	ind, ok := d.object(e.offset)
	return ind, ok
}

// resolve follows references from o to a direct object.
func (d *doc) resolve(o object) object {
	for i := 0; o.kind == kRef && i < maxResolve; i++ {
		ind, ok := d.fetch(o.i)
		if !ok {
			return object{}
		}
		o = ind.val
	}
	if o.kind == kRef {
		return object{}
	}
	return o
}

// fromObjStm reads object number n, stored at index idx of object stream sn (§7.5.7).
func (d *doc) fromObjStm(sn, _, n int64) (indirect, bool) {
	data, ok := d.objstm[sn]
	var hdr object
	st, okst := d.fetchStreamOnly(sn)
	if !okst {
		return indirect{}, false
	}
	hdr = st.val
	if !ok {
		data, ok = d.streamData(st, d.lim.MaxSegment)
		if !ok {
			return indirect{}, false
		}
		if d.objstm == nil {
			d.objstm = map[int64][]byte{}
		}
		d.objstm[sn] = data
	}
	cnt, first := hdr.get("N"), hdr.get("First")
	if cnt.kind != kInt || first.kind != kInt || cnt.i < 0 || cnt.i > maxObjStmN || first.i < 0 || first.i > int64(len(data)) {
		return indirect{}, false
	}
	p := &parser{b: data[:first.i], complete: true}
	for i := int64(0); i < cnt.i; i++ {
		num, e1 := p.object(0)
		off, e2 := p.object(0)
		if e1 != nil || e2 != nil || num.kind != kInt || off.kind != kInt {
			return indirect{}, false
		}
		if num.i == n { // idx is a hint; the number decides
			at := first.i + off.i
			if off.i < 0 || at > int64(len(data)) {
				return indirect{}, false
			}
			q := &parser{b: data[at:], complete: true}
			v, err := q.object(0)
			if err != nil {
				return indirect{}, false
			}
			return indirect{val: v, inStream: true}, true
		}
	}
	return indirect{}, false
}

// fetchStreamOnly reads object n when it is an uncompressed (directly addressed) stream.
func (d *doc) fetchStreamOnly(n int64) (indirect, bool) {
	e := d.lookup(n)
	if !e.found || e.free || e.stream > 0 {
		return indirect{}, false
	}
	ind, ok := d.object(e.offset)
	if !ok || !ind.isStream || ind.val.kind != kDict {
		return indirect{}, false
	}
	return ind, true
}

// streamData returns a stream's decoded data, at most max bytes (§7.3.8). FlateDecode
// (with the PNG predictors of §7.4.4.4) is decoded; a stream with another filter is not
// read.
func (d *doc) streamData(st indirect, max int64) ([]byte, bool) {
	length := st.val.get("Length")
	if length.kind == kRef {
		length = d.resolve(length)
	}
	var n int64
	switch {
	case length.kind == kInt && length.i >= 0 && length.i <= d.size-st.dataOff:
		n = length.i
	default:
		// A missing or wrong /Length: look for "endstream" within the limit.
		end := d.findEndstream(st.dataOff, max)
		if end < 0 {
			d.warn(WarnStream, st.dataOff, "stream without a usable /Length or endstream")
			return nil, false
		}
		n = end - st.dataOff
	}
	filters := filterNames(d.resolve(st.val.get("Filter")))
	if len(filters) == 0 {
		if n > max {
			d.warn(WarnTooLarge, st.dataOff, "stream of %d bytes exceeds the limit", n)
			return nil, false
		}
		return d.Read(st.dataOff, n)
	}
	if len(filters) > 1 || filters[0] != "FlateDecode" && filters[0] != "Fl" {
		d.warn(WarnFilter, st.dataOff, "stream filter %v not supported", filters)
		return nil, false
	}
	if n > d.lim.MaxSegment {
		d.warn(WarnTooLarge, st.dataOff, "compressed stream of %d bytes exceeds the limit", n)
		return nil, false
	}
	raw, ok := d.Read(st.dataOff, n)
	if !ok {
		return nil, false
	}
	out, err := inflateZlib(raw, max)
	if err != nil {
		d.warn(WarnInflate, st.dataOff, "%v", err)
		if len(out) == 0 || err == errInflateLimit {
			return nil, false
		}
	}
	parms := d.resolve(st.val.get("DecodeParms"))
	if parms.kind == kArray && len(parms.arr) > 0 {
		parms = d.resolve(parms.arr[0])
	}
	if pr := parms.get("Predictor"); pr.kind == kInt && pr.i >= 10 {
		cols := parms.get("Columns")
		c := int64(1)
		if cols.kind == kInt && cols.i > 0 && cols.i <= 1<<16 {
			c = cols.i
		}
		colors, bpc := int64(1), int64(8)
		if v := parms.get("Colors"); v.kind == kInt && v.i > 0 && v.i <= 32 {
			colors = v.i
		}
		if v := parms.get("BitsPerComponent"); v.kind == kInt && v.i > 0 && v.i <= 16 {
			bpc = v.i
		}
		out = unpredict(out, int((c*colors*bpc+7)/8), int((colors*bpc+7)/8))
	}
	return out, true
}

// findEndstream returns the offset of the first "endstream" at or after off within max
// bytes, or -1.
func (d *doc) findEndstream(off, max int64) int64 {
	n := min(max+16, d.size-off)
	b, ok := d.Read(off, n)
	if !ok {
		return -1
	}
	i := bytes.Index(b, []byte("endstream"))
	if i < 0 {
		return -1
	}
	return off + int64(len(bytes.TrimRight(b[:i], "\r\n")))
}

// filterNames returns the filter names of a /Filter value (a name or an array of names).
func filterNames(f object) []string {
	switch f.kind {
	case kName:
		return []string{f.s}
	case kArray:
		var out []string
		for _, x := range f.arr {
			if x.kind == kName {
				out = append(out, x.s)
			}
		}
		return out
	}
	return nil
}

// inflateZlib decompresses zlib data, stopping at max bytes of output (bounded: zip bombs).
func inflateZlib(raw []byte, max int64) ([]byte, error) {
	zr, err := inflate.NewZlibReader(bytes.NewReader(raw))
	if err != nil {
		return nil, err
	}
	defer zr.Close()
	var buf bytes.Buffer
	n, err := io.Copy(&buf, io.LimitReader(zr, max+1))
	if n > max {
		return buf.Bytes()[:max], errInflateLimit
	}
	if err == io.ErrUnexpectedEOF && buf.Len() > 0 {
		return buf.Bytes(), err
	}
	return buf.Bytes(), err
}

// unpredict reverses the PNG predictors (§7.4.4.4): each row is a filter-type byte and
// rowLen bytes; bpp is the bytes per pixel.
func unpredict(b []byte, rowLen, bpp int) []byte {
	if rowLen <= 0 {
		return b
	}
	out := make([]byte, 0, len(b))
	prev := make([]byte, rowLen)
	for i := 0; i+1+rowLen <= len(b); i += 1 + rowLen {
		ft, row := b[i], append([]byte(nil), b[i+1:i+1+rowLen]...)
		for j := range row {
			var left, up, ul byte
			if j >= bpp {
				left, ul = row[j-bpp], prev[j-bpp]
			}
			up = prev[j]
			switch ft {
			case 1:
				row[j] += left
			case 2:
				row[j] += up
			case 3:
				row[j] += byte((int(left) + int(up)) / 2)
			case 4:
				row[j] += paeth(left, up, ul)
			}
		}
		out = append(out, row...)
		prev = row
	}
	return out
}

func paeth(a, b, c byte) byte {
	p := int(a) + int(b) - int(c)
	pa, pb, pc := abs(p-int(a)), abs(p-int(b)), abs(p-int(c))
	switch {
	case pa <= pb && pa <= pc:
		return a
	case pb <= pc:
		return b
	}
	return c
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// startxref finds the offset named by the last "startxref" in the file's tail (§7.5.5).
func (d *doc) startxref() (int64, bool) {
	n := min(int64(2048), d.size)
	b, ok := d.Read(d.size-n, n)
	if !ok {
		return 0, false
	}
	i := bytes.LastIndex(b, []byte("startxref"))
	if i < 0 {
		return 0, false
	}
	f := bytes.Fields(b[i+len("startxref"):])
	if len(f) == 0 {
		return 0, false
	}
	off, err := strconv.ParseInt(string(f[0]), 10, 64)
	if err != nil || off <= 0 || off >= d.size {
		return 0, false
	}
	return off, true
}
