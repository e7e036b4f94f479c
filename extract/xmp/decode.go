package xmp

import (
	"slices"

	"github.com/embedmeta/embedmeta/extract"
	"github.com/embedmeta/embedmeta/schema"
)

// Decode decodes one XMP packet into one raw entry per leaf value, in document order
// (Source XMP, Type TypeXMPText; Path, Text, Lang and Offset as the package
// documentation describes).
//
// The packet may carry an <?xpacket?> wrapper, an x:xmpmeta or legacy x:xapmeta root or a
// bare rdf:RDF; it may be UTF-8 (with or without BOM), UTF-16 or UTF-32; anything after the
// root element (NUL padding, garbage) is ignored. Decode never panics and never fails
// whole: a malformed packet yields every value decoded before the defect plus a warning
// "xmp.malformed". A packet larger than lim.MaxXMPBytes is refused ("xmp.too-large");
// elements nested deeper than lim.MaxDepth are skipped ("xmp.too-deep"); at most
// lim.MaxEntries entries are returned ("xmp.too-many-entries"). ws may be nil.
//
// The streaming decoder reads the packet first; a packet it gives up on is read again by
// the tree decoder, with the same result (see "Two decoders, chosen per packet" in the
// package documentation).
func Decode(p extract.Payload, lim extract.Limits, ws *extract.Warnings) []extract.RawEntry {
	return decode(nil, p, lim, ws, streamFirst)
}

// DecodeAppend is Decode appending the entries to dst, which saves copying them when the
// caller collects the entries of several payloads in one slice.
func DecodeAppend(dst []extract.RawEntry, p extract.Payload, lim extract.Limits, ws *extract.Warnings) []extract.RawEntry {
	return decode(dst, p, lim, ws, streamFirst)
}

// Decoder is DecodeAppend with memory kept from call to call: the steps of the entries'
// paths are carved from one block, which Reset hands back for reuse, so a pipeline that
// decodes file after file allocates nothing for them. The entries a call returns are
// valid until Reset. The zero value is ready to use; a Decoder is not safe for concurrent
// use.
type Decoder struct {
	// InPlace makes the entries' strings (names, values) substrings of the payload's bytes
	// instead of a copy of the packet made per call. The caller promises that the bytes stay
	// unmodified while it uses the entries and whatever it derived from their strings:
	// set it when the payload lives as long as the results (a file read into buffers that
	// outlive them), never for bytes the caller goes on to reuse.
	InPlace bool

	steps []extract.XMPStep
	path  []extract.XMPStep // the walker's path stack
	tree  bool              // decode with the tree decoder alone (tests and benchmarks)
	// w is the walker of every call, kept so that it and its warning function are not
	// allocated per packet; between calls it holds nothing but that function.
	w walker
}

// DecodeAppend is the package's DecodeAppend. The paths of the entries of earlier calls
// stay valid until Reset.
func (d *Decoder) DecodeAppend(dst []extract.RawEntry, p extract.Payload, lim extract.Limits, ws *extract.Warnings) []extract.RawEntry {
	w := &d.w
	if w.self != w { // first use, or the Decoder was copied: bind the warning function here
		w.self, w.direct = w, w.packetWarn
	}
	// Start from a clean walker: a call that panicked (recovered above the decoder) left the
	// last packet's state in it.
	*w = walker{self: w.self, direct: w.direct}
	w.arena, w.path = d.steps, d.path[:0] // carve after the paths of earlier calls
	how := streamFirst
	switch {
	case d.tree && d.InPlace:
		how = strategy{build: buildInPlace}
	case d.tree:
		how = treeOnly
	case d.InPlace:
		how = streamFirstInPlace
	}
	out := w.decode(dst, p, lim, ws, how)
	if cap(w.arena) >= cap(d.steps) && cap(w.arena) <= maxSteps {
		d.steps = w.arena // the block that served last (grown, if the first was too small)
	}
	if cap(w.path) <= maxSteps {
		d.path = w.path[:0]
	}
	*w = walker{self: w.self, direct: w.direct} // keep nothing of the packet
	return out
}

// numberPart gives the entries of this call, es[start:], the Part after that of the XMP
// entries just before them (RawEntry.Part: the ordinal of the packet among the file's XMP
// packets, decoded one call each), so that normalize can tell a property repeated by a
// second packet from more items of the first's (P3: the later packet's value replaces).
func numberPart(es []extract.RawEntry, start int) {
	if start == len(es) || start == 0 || es[start-1].Source != schema.SourceXMP {
		return
	}
	part := es[start-1].Part
	if part < 0xFFFF {
		part++
	}
	for i := start; i < len(es); i++ {
		es[i].Part = part
	}
}

// Reset ends the use of the entries of the calls before it: it drops the references the
// Decoder's memory holds to their strings and lets the next call reuse that memory.
func (d *Decoder) Reset() {
	clear(d.steps)
	d.steps = d.steps[:0]
	clear(d.path[:cap(d.path)])
}

// maxSteps bounds the path block a Decoder keeps between calls.
const maxSteps = 1 << 12

// warnFunc reports a warning at an offset in the parsed data (-1: the packet).
type warnFunc func(code string, off int, format string, args ...any)

// tree is the element tree of a packet as a tree builder returns it. Elements refer to
// each other by index into elems and to their strings by str (see tree.go).
type tree struct {
	s     string   // the packet
	elems []elem   // elems[0] is a placeholder: index 0 means none
	attrs []attr   // the elements' attributes
	extra []string // strings that are not substrings of s
	// text is the block decoded strings (text and attribute values with references) are
	// copied into (addBytes); it is never reused, since the entries keep its strings.
	text       []byte
	root       int32           // the root element, 0 if none
	err        error           // what stopped the builder before the root element closed
	end        int             // offset where tokenizing stopped
	count      int             // elements kept
	leaves     int             // an estimate of the entries, for the output's capacity; 0 if unknown
	referenced map[string]bool // rdf:nodeID values referred to by property elements
	pooled     *parser         // the pooled parser that holds the tree (release), nil if not pooled
	// rdfNS and otherNS remember the last namespace found to be RDF's and the last found
	// not to be (isRDF).
	rdfNS, otherNS str
}

// builder builds the element tree of a prepared packet: build, or in tests the former
// encoding/xml builder that serves as its oracle.
type builder func(data []byte, maxDepth int, warn warnFunc) *tree

// strategy chooses the decoders of a packet: the streaming decoder first (stream.go),
// the tree decoder for the packets it gives up on; or the tree decoder alone, over the
// given builder (the tests' oracles).
type strategy struct {
	stream  bool    // try the streaming decoder first; the fallback then builds with buildString
	inPlace bool    // with stream: read the packet in place (Decoder.InPlace), not a copy
	build   builder // without stream: the tree builder
}

// The strategies of the package's decoders (streamFirst, streamFirstInPlace) and of the
// tree decoder alone (treeOnly: the streaming decoder's fallback, and its oracle in tests).
var (
	streamFirst        = strategy{stream: true}
	streamFirstInPlace = strategy{stream: true, inPlace: true}
	treeOnly           = strategy{build: build}
)

// decode is DecodeAppend with the decoders as a parameter.
func decode(dst []extract.RawEntry, p extract.Payload, lim extract.Limits, ws *extract.Warnings, how strategy) []extract.RawEntry {
	var w walker
	return w.decode(dst, p, lim, ws, how)
}

// decode is decode with a walker that may hold a path block to carve from.
func (w *walker) decode(dst []extract.RawEntry, p extract.Payload, lim extract.Limits, ws *extract.Warnings, how strategy) []extract.RawEntry {
	out := w.decodePacket(dst, p, lim, ws, how)
	numberPart(out, len(dst))
	return out
}

func (w *walker) decodePacket(dst []extract.RawEntry, p extract.Payload, lim extract.Limits, ws *extract.Warnings, how strategy) []extract.RawEntry {
	lim = lim.Resolved()
	if ws == nil {
		ws = &extract.Warnings{}
	}
	if int64(len(p.Data)) > lim.MaxXMPBytes {
		ws.Add("xmp.too-large", schema.SourceXMP, p.Offset,
			"packet of %d bytes exceeds the limit of %d", len(p.Data), lim.MaxXMPBytes)
		return dst
	}
	w.pktBuf = prepare(p.Data)
	w.max, w.pkt, w.pOff, w.out, w.ws = len(dst)+lim.MaxEntries, &w.pktBuf, p.Offset, dst, ws
	warn := w.direct
	if warn == nil {
		warn = w.packetWarn
	}
	w.warn = warn
	pkt := w.pkt
	if pkt.invalidUTF8 {
		warn("xmp.invalid-utf8", -1, "invalid UTF-8 replaced by U+FFFD")
	}
	if len(pkt.data) == 0 {
		warn("xmp.no-rdf", -1, "no XML element in the packet")
		return dst
	}
	var t *tree
	if how.stream {
		s := packetString(pkt.data, how.inPlace)
		if out, ok := w.stream(dst, s, lim, ws); ok {
			return out
		}
		w.streamed = false
		t = buildString(s, lim.MaxDepth, warn) // the same string: no second copy
	} else {
		t = how.build(pkt.data, lim.MaxDepth, warn)
	}
	defer t.release()
	if pkt.firstIllegal >= 0 && pkt.firstIllegal < t.end {
		warn("xmp.illegal-char", pkt.firstIllegal, "control characters (NUL padding?) read as spaces")
	}
	if t.err != nil {
		warn("xmp.malformed", t.end, "%v; values decoded before it are kept", t.err)
	}
	if t.root == 0 {
		return dst
	}
	w.t = t
	w.referenced = t.referenced
	w.budget = t.count + lim.MaxEntries
	if t.leaves > 0 {
		w.out = slices.Grow(w.out, min(t.leaves, lim.MaxEntries))
	}
	if n := w.findRDF(&t.elems[t.root]); n == 0 {
		warn("xmp.no-rdf", int(t.elems[t.root].off), "no rdf:RDF element in the packet")
	}
	if len(w.out) == 0 {
		return nil
	}
	return w.out
}

// packetWarn is the walker's warnFunc for the packet: it adds the warning to w.ws at the
// file offset of rel.
func (w *walker) packetWarn(code string, rel int, format string, args ...any) {
	w.ws.Add(code, schema.SourceXMP, w.offset(rel), format, args...)
}

// findRDF decodes every rdf:RDF element at or below e that is not inside another one
// (normally the one child of x:xmpmeta) and returns how many it found.
func (w *walker) findRDF(e *elem) int {
	if e.rdf == rdfRDF {
		w.rdf(e)
		return 1
	}
	n := 0
	for k := e.first; k != 0; {
		c := &w.t.elems[k]
		n += w.findRDF(c)
		k = c.next
	}
	return n
}
