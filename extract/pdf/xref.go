package pdf

import (
	"bytes"
	"strconv"
)

// entry is where one object lives according to a cross-reference section.
type entry struct {
	found  bool  // the section has an entry for the object
	free   bool  // the object is free (deleted)
	offset int64 // byte offset of "n g obj" (in use)
	stream int64 // object number of the object stream holding it (compressed); 0 otherwise
	index  int64 // index within that object stream
}

// section is one cross-reference section: a classic table (§7.5.4) or a decoded
// cross-reference stream (§7.5.8).
type section struct {
	// classic: subsections (first object number, count, file offset of the first entry)
	subs [][3]int64
	// stream: the decoded entries, field widths and subsections (first, count)
	data  []byte
	w     [3]int
	index [][2]int64
}

// lookup returns the section's entry for object number n.
func (d *doc) lookupIn(s *section, n int64) entry {
	if s.data != nil {
		row := int64(s.w[0] + s.w[1] + s.w[2])
		base := int64(0)
		for _, ix := range s.index {
			if n >= ix[0] && n < ix[0]+ix[1] {
				at := (base + n - ix[0]) * row
				if row == 0 || at+row > int64(len(s.data)) {
					return entry{}
				}
				f := s.data[at : at+row]
				t := int64(1) // type defaults to 1 when its width is 0
				if s.w[0] > 0 {
					t = field(f[:s.w[0]])
				}
				a := field(f[s.w[0] : s.w[0]+s.w[1]])
				b := field(f[s.w[0]+s.w[1]:])
				switch t {
				case 0:
					return entry{found: true, free: true}
				case 1:
					return entry{found: true, offset: a}
				case 2:
					return entry{found: true, stream: a, index: b}
				}
				return entry{}
			}
			base += ix[1]
		}
		return entry{}
	}
	for _, sub := range s.subs {
		if n < sub[0] || n >= sub[0]+sub[1] {
			continue
		}
		b, ok := d.Read(sub[2]+(n-sub[0])*20, 20)
		if !ok {
			return entry{}
		}
		f := bytes.Fields(b)
		if len(f) < 3 {
			return entry{}
		}
		off, err := strconv.ParseInt(string(f[0]), 10, 64)
		if err != nil {
			return entry{}
		}
		if f[2][0] == 'f' {
			return entry{found: true, free: true}
		}
		return entry{found: true, offset: off}
	}
	return entry{}
}

// field reads a big-endian unsigned integer of up to 8 bytes.
func field(b []byte) int64 {
	var v int64
	for _, c := range b {
		v = v<<8 | int64(c)
	}
	return v
}

// loadXref reads the cross-reference section at off and the ones it chains to (/XRefStm,
// /Prev), newest first, and returns the newest trailer dictionary.
func (d *doc) loadXref(off int64) (object, bool) {
	var trailer object
	seen := map[int64]bool{}
	for n := 0; n < maxSections; n++ {
		if seen[off] {
			d.warn(WarnXref, off, "cross-reference sections form a loop")
			break
		}
		seen[off] = true
		tr, ok := d.section(off)
		if !ok {
			break
		}
		if trailer.kind != kDict {
			trailer = tr
		}
		if xs := tr.get("XRefStm"); xs.kind == kInt && xs.i > 0 && !seen[xs.i] {
			seen[xs.i] = true
			d.section(xs.i)
		}
		prev := tr.get("Prev")
		if prev.kind != kInt || prev.i <= 0 {
			break
		}
		off = prev.i
	}
	return trailer, trailer.kind == kDict
}

// section reads one cross-reference section at off, appends it to d.xref and returns its
// trailer (the trailer dictionary of a table, the stream dictionary of a stream).
func (d *doc) section(off int64) (object, bool) {
	b, ok := d.Read(off, min(int64(32), d.size-off))
	if !ok {
		d.warn(WarnXref, off, "cross-reference offset outside the file")
		return object{}, false
	}
	if bytes.HasPrefix(bytes.TrimLeft(b, " \t\r\n"), []byte("xref")) {
		return d.table(off)
	}
	o, ok := d.object(off)
	if !ok || o.val.get("Type").s != "XRef" || !o.isStream {
		d.warn(WarnXref, off, "no cross-reference table or stream at the startxref offset")
		return object{}, false
	}
	data, ok := d.streamData(o, d.lim.MaxSegment)
	if !ok {
		return object{}, false
	}
	s := &section{data: data}
	w := o.val.get("W")
	if w.kind != kArray || len(w.arr) != 3 {
		d.warn(WarnXref, off, "cross-reference stream without /W")
		return object{}, false
	}
	for i, x := range w.arr {
		if x.kind != kInt || x.i < 0 || x.i > 8 {
			d.warn(WarnXref, off, "cross-reference stream with a bad /W")
			return object{}, false
		}
		s.w[i] = int(x.i)
	}
	if ix := o.val.get("Index"); ix.kind == kArray {
		for i := 0; i+1 < len(ix.arr); i += 2 {
			if ix.arr[i].kind == kInt && ix.arr[i+1].kind == kInt && ix.arr[i].i >= 0 && ix.arr[i+1].i >= 0 {
				s.index = append(s.index, [2]int64{ix.arr[i].i, ix.arr[i+1].i})
			}
		}
	} else if sz := o.val.get("Size"); sz.kind == kInt && sz.i > 0 {
		s.index = [][2]int64{{0, sz.i}}
	}
	d.xref = append(d.xref, s)
	return o.val, true
}

// table reads a classic cross-reference table at off (§7.5.4) and its trailer (§7.5.5).
func (d *doc) table(off int64) (object, bool) {
	s := &section{}
	pos := off
	buf, ok := d.Read(pos, min(int64(64), d.size-pos))
	if !ok {
		return object{}, false
	}
	i := bytes.Index(buf, []byte("xref")) + 4
	pos += int64(i)
	for n := 0; n < maxSubsections; n++ {
		line, ok := d.Read(pos, min(int64(64), d.size-pos))
		if !ok {
			return object{}, false
		}
		p := &parser{b: line}
		p.skipSpace()
		if bytes.HasPrefix(line[p.pos:], []byte("trailer")) {
			pos += int64(p.pos + len("trailer"))
			tr, ok := d.parseAt(pos)
			if !ok || tr.kind != kDict {
				d.warn(WarnXref, pos, "unreadable trailer dictionary")
				return object{}, false
			}
			d.xref = append(d.xref, s)
			return tr, true
		}
		first, err1 := p.object(0)
		count, err2 := p.object(0)
		if err1 != nil || err2 != nil || first.kind != kInt || count.kind != kInt || first.i < 0 || count.i < 0 {
			d.warn(WarnXref, pos, "malformed cross-reference subsection header")
			return object{}, false
		}
		// The entries start after the header line's end of line.
		q := p.pos
		for q < len(line) && (line[q] == ' ' || line[q] == '\r' || line[q] == '\n') {
			q++
		}
		start := pos + int64(q)
		if count.i > (d.size-start)/20+1 {
			d.warn(WarnXref, pos, "cross-reference subsection of %d entries runs past the end of the file", count.i)
			return object{}, false
		}
		s.subs = append(s.subs, [3]int64{first.i, count.i, start})
		pos = start + count.i*20
	}
	d.warn(WarnXref, pos, "too many cross-reference subsections")
	return object{}, false
}
