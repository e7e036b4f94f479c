package jpeg

import (
	"bytes"
	"encoding/binary"
	"io"
	"sort"

	"github.com/embedmeta/embedmeta/extract"
	"github.com/embedmeta/embedmeta/schema"
)

// extended collects Extended XMP chunks (XMP Part 3 §1.1.3.1) per GUID.
type extended struct {
	byGUID map[string]*extPart
	order  []string // GUIDs in order of first appearance
	bytes  int64    // chunk bytes held, all GUIDs together (bounded by MaxXMPBytes)
	wanted string   // the GUID named by the last standard packet's xmpNote:HasExtendedXMP
}

// extPart is the chunks seen for one GUID.
type extPart struct {
	full   uint32            // the full length every chunk claims
	chunks map[uint32][]byte // data by chunk offset; a repeated offset replaces the earlier chunk
	first  map[uint32]int64  // file offset of each chunk's data
	bad    bool              // a problem was seen: the extension is dropped
}

// add records one Extended XMP APP1 segment's data (starting at file offset off).
func (e *extended) add(w *walker, data []byte, off int64) {
	if len(data) <= extendedXMPHeadLen {
		w.ws.Add(WarnExtBadSegment, schema.SourceXMP, off, "Extended XMP segment of %d bytes has no data", len(data))
		return
	}
	guid := string(data[len(sigXMPExt) : len(sigXMPExt)+32])
	if !isGUID(guid) {
		w.ws.Add(WarnExtBadSegment, schema.SourceXMP, off, "Extended XMP GUID %q is not 32 hex digits", guid)
		return
	}
	full := binary.BigEndian.Uint32(data[len(sigXMPExt)+32:])
	at := binary.BigEndian.Uint32(data[len(sigXMPExt)+36:])
	chunk := data[extendedXMPHeadLen:]
	if e.byGUID == nil {
		e.byGUID = map[string]*extPart{}
	}
	p := e.byGUID[guid]
	if p == nil {
		p = &extPart{full: full, chunks: map[uint32][]byte{}, first: map[uint32]int64{}}
		e.byGUID[guid] = p
		e.order = append(e.order, guid)
	}
	switch {
	case p.bad:
		return
	case full != p.full:
		w.ws.Add(WarnExtSize, schema.SourceXMP, off, "Extended XMP %s: full length %d, earlier %d", guid, full, p.full)
		p.bad = true
	case int64(full) > w.lim.MaxXMPBytes || e.bytes+int64(len(chunk)) > w.lim.MaxXMPBytes:
		w.ws.Add(WarnExtSize, schema.SourceXMP, off, "Extended XMP %s of %d bytes exceeds the limit", guid, full)
		p.bad = true
	}
	if p.bad {
		e.drop(p)
		return
	}
	e.bytes += int64(len(chunk)) - int64(len(p.chunks[at]))
	p.chunks[at] = chunk
	p.first[at] = off + extendedXMPHeadLen
}

// drop releases the chunks of a part found bad.
func (e *extended) drop(p *extPart) {
	for _, c := range p.chunks {
		e.bytes -= int64(len(c))
	}
	p.chunks, p.first = nil, nil
}

// finish joins the complete extension whose GUID the standard packet names and appends it
// to w.out.XMP; every other extension is reported and dropped.
func (e *extended) finish(w *walker) {
	for _, guid := range e.order {
		p := e.byGUID[guid]
		if p.bad {
			continue
		}
		data, off, ok := p.join(w.R)
		if !ok {
			w.ws.Add(WarnExtIncomplete, schema.SourceXMP, -1, "Extended XMP %s: chunks do not cover %d bytes exactly", guid, p.full)
			continue
		}
		if guid != e.wanted {
			w.ws.Add(WarnExtUnreferred, schema.SourceXMP, off, "Extended XMP %s is not the packet's HasExtendedXMP %q", guid, e.wanted)
			continue
		}
		w.out.XMP = append(w.out.XMP, extract.Payload{Data: data, Offset: off})
	}
}

// join assembles the chunks from offset 0, each starting where the previous ended, into a
// buffer for a payload of r (lent when r lends), and reports whether they cover exactly
// the full length (no gap, no overlap).
func (p *extPart) join(r io.ReaderAt) ([]byte, int64, bool) {
	offs := make([]uint32, 0, len(p.chunks))
	for o := range p.chunks {
		offs = append(offs, o)
	}
	sort.Slice(offs, func(i, j int) bool { return offs[i] < offs[j] })
	var at uint64
	for _, o := range offs {
		if uint64(o) != at {
			return nil, 0, false
		}
		at += uint64(len(p.chunks[o]))
	}
	if at != uint64(p.full) || len(offs) == 0 {
		return nil, 0, false
	}
	if len(offs) == 1 {
		return p.chunks[0], p.first[0], true
	}
	out := extract.Buffer(r, int(p.full))[:0]
	for _, o := range offs {
		out = append(out, p.chunks[o]...)
	}
	return out, p.first[0], true
}

// isGUID reports whether s is 32 ASCII letters or digits (Adobe writes an upper-case hex MD5;
// ExifTool accepts any alphanumerics).
func isGUID(s string) bool {
	if len(s) != 32 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z') {
			return false
		}
	}
	return true
}

// hasExtendedXMP returns the GUID of the xmpNote:HasExtendedXMP property of a standard XMP
// packet, written as an attribute (HasExtendedXMP="…") or an element (>…<), or "".
func hasExtendedXMP(packet []byte) string {
	name := []byte(schema.ExtendedXMPProperty)
	for rest := packet; ; {
		i := bytes.Index(rest, name)
		if i < 0 {
			return ""
		}
		rest = rest[i+len(name):]
		v := bytes.TrimLeft(rest, " \t\r\n")
		switch {
		case len(v) > 0 && v[0] == '=':
			v = bytes.TrimLeft(v[1:], " \t\r\n")
			if len(v) == 0 || (v[0] != '"' && v[0] != '\'') {
				continue
			}
			v = v[1:]
		case len(v) > 0 && v[0] == '>':
			v = bytes.TrimLeft(v[1:], " \t\r\n")
		default:
			continue
		}
		if len(v) >= 32 && isGUID(string(v[:32])) {
			return string(v[:32])
		}
	}
}
