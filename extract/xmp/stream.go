package xmp

import (
	"bytes"
	"errors"
	"math"
	"slices"
	"strings"

	"github.com/embedmeta/embedmeta/extract"
)

// This file is the streaming decoder: the walk of walk.go done while the parser of tree.go
// reads the packet, element by element as each opens and closes, instead of over a tree
// built first. The parser runs in stream mode (parser.st set): it keeps only the open
// elements (their slots are reused once they close) and hands each one, annotated as for
// the tree, to the streamer when its start tag has been read (open) and when its end tag has
// (close). The streamer keeps one level per open element (its RDF role, the xml:lang in
// effect below it, the path step it pushed, the state of an array) and calls the walker's
// own emit and attrs, so the entries are the tree decoder's, in the same order, with the
// same Path, Text, Lang and Offset.
//
// A text-only property element or rdf:li item is decoded by leaf as soon as its start tag
// is read, when its end tag follows the text: the parser opens no element and the streamer
// pushes no level for it, and its entry is the one open, the parser's character data and
// end tag, and close would have produced, with the same warnings in the same order.
// Anything else about it sends it the general way.
//
// What the walk decides from an element's children is decided when its first child opens
// or, if none did, when it closes: a property element's attributes (qualifiers or fields)
// are emitted before its first child, or after its text when it has no child, as
// walker.value does.
//
// The streamer gives up on the packet (streamer.fail) on whatever the walk handles in a way
// it does not reproduce, and the packet is then decoded by the tree decoder from the start:
//   - rdf:nodeID on any element (the walk merges a node's definitions across the packet);
//   - rdf:parseType="Literal" (its value depends on whether the element has children);
//   - an element nested deeper than Limits.MaxDepth (the walk reads what was kept of it);
//   - a packet that is not well-formed or ends inside its root element (the walk reads
//     the partial tree);
//   - more entries than Limits.MaxEntries (the walk stops visiting).
//
// Warnings: the parser's (undeclared prefix, DOCTYPE, undefined entity, mixed content) go
// to the caller's Warnings as it reads, as with the tree decoder; the walk's (unqualified
// attribute, unexpected element, unsupported rdf:parseType) are held and added after the
// parser's, where the tree decoder adds them. Giving up removes every warning the attempt
// added.

// errGaveUp stops the parser when the streamer gave up on the packet.
var errGaveUp = errors.New("streaming decoder gave up")

// role is what an open element is to the walk.
type role uint8

const (
	roleOutside role = iota // outside every rdf:RDF: an rdf:RDF child is looked for
	roleRDF                 // rdf:RDF: its children are the top-level nodes
	roleNode                // a node element (rdf:Description, typed node): children are properties or fields
	roleFields              // a value with rdf:parseType="Resource": children are fields or qualifiers
	roleValue               // a property element or item whose children are not seen yet (walker.value)
	roleArray               // rdf:Bag, rdf:Seq or rdf:Alt: children are items
	roleSkip                // ignored with its whole subtree
)

// level is the walk's state for one open element, kept small: one is pushed per element.
type level struct {
	role   role
	pushed bool   // a path step was pushed when the element opened: pop it when it closes
	child  bool   // roleValue: a child element opened (the attributes were emitted then)
	lang   string // the xml:lang in effect for the element's value and children
}

// arrayState is the state of an open rdf:Bag, rdf:Seq or rdf:Alt (walker.array): the path
// step its items mark, that step's value before the array, whether the step was added
// for an array nested in an item, the kind and the last item index.
type arrayState struct {
	top    int
	saved  extract.XMPStep
	nested bool
	kind   extract.Container
	index  int
}

// heldWarning is a warning of the walk held until the parser's are added.
type heldWarning struct {
	code, format string
	rel          int
	args         []any
}

// streamer is the streaming decoder's state for one packet. It lives in the pooled parser
// that feeds it (parser.sbuf), so its stacks are reused from packet to packet.
type streamer struct {
	p       *parser
	w       *walker
	failed  bool
	levels  []level       // one per open element, parallel to p.stack
	arrays  []arrayState  // one per open roleArray level, innermost last
	rdfs    int           // rdf:RDF elements found outside another
	rootOff int           // offset of the root element
	held    []heldWarning // the walk's warnings, in order
	hold    warnFunc      // st.holdWarning, made once per parser
}

// stream decodes the prepared packet s (w.pkt) with the streaming decoder, appending to
// dst. When it gives up it reports false and leaves w's output, path and path block and
// ws as they were, so that the tree decoder can decode the packet instead.
func (w *walker) stream(dst []extract.RawEntry, s string, lim extract.Limits, ws *extract.Warnings) ([]extract.RawEntry, bool) {
	if len(s) > math.MaxInt32 { // offsets are int32: let the tree decoder report it
		return dst, false
	}
	mark, dropped := len(ws.List), ws.Dropped
	arena, direct := w.arena, w.warn

	p := parsers.Get().(*parser)
	p.reset(s, lim.MaxDepth, direct)
	p.t.pooled = p
	st := &p.sbuf
	st.begin(p, w)
	p.st = st
	w.t, w.warn = &p.t, st.hold
	// The output is sized from the packet only when dst has no room left: a caller that
	// left room (scan sizes its output with EstimateEntries, a reused Decoder's dst keeps
	// its capacity) is not counted for again nor copied into a larger array, and appends
	// grow it if the packet holds more.
	if cap(w.out) == len(w.out) {
		w.out = slices.Grow(w.out, min(estimateEntries(s), lim.MaxEntries))
	}
	err := p.parse()
	ok := err == nil && !st.failed && !w.full
	w.warn = direct
	if ok {
		// The tree decoder's order: the parser's warnings (added already), control
		// characters, the walk's warnings, no rdf:RDF.
		if f := w.pkt.firstIllegal; f >= 0 && f < p.end {
			w.warn("xmp.illegal-char", f, "control characters (NUL padding?) read as spaces")
		}
		for _, h := range st.held {
			w.warn(h.code, h.rel, h.format, h.args...)
		}
		if p.t.root != 0 && st.rdfs == 0 {
			w.warn("xmp.no-rdf", st.rootOff, "no rdf:RDF element in the packet")
		}
	}
	st.end()
	w.t = nil
	p.t.release()
	if !ok {
		clear(w.out[len(dst):])
		w.out, w.path, w.full = dst, w.path[:0], false
		if cap(w.arena) == cap(arena) {
			w.arena = arena // the steps carved since are free again
		} else {
			w.arena = w.arena[:0] // a block made during the attempt: only its entries used it
		}
		clear(ws.List[mark:])
		ws.List, ws.Dropped = ws.List[:mark], dropped
		return dst, false
	}
	w.streamed = true
	if len(w.out) == 0 {
		return nil, true
	}
	return w.out, true
}

// MaxEstimate caps EstimateEntries (and the decoder's own guess): the output memory
// reserved before anything is parsed (192 KB of entries). A packet with more entries grows
// its output as it goes; a caller summing the guesses of several packets caps the sum with
// it too.
const MaxEstimate = 1024

// estimateEntries guesses the entries of the packet s, to size the output once: a leaf
// value is about one element in two (start and end tag, and as many for the structure
// around it) and one attribute in two (namespace declarations are attributes too). Two
// vectorised byte counts; measured on the corpus, the guess is within a factor of two. The
// counts include bytes in comments and values, so that a packet of 200 KB of '=' would
// reserve 100,000 entries (19 MB) for none: the guess is at most MaxEstimate.
func estimateEntries(s string) int {
	return estimateFrom(strings.Count(s, "<"), strings.Count(s, "="))
}

// estimateFrom is estimateEntries from the packet's counts of '<' and '='.
func estimateFrom(tags, equals int) int { return min(tags/4+equals/2, MaxEstimate) }

// EstimateEntries guesses how many entries the packet p gives, as the decoder does to size
// its output once (at most MaxEstimate): a caller that decodes other payloads into the same slice
// first can make room for all of them at once, so that the XMP decoder does not copy their
// entries into a larger array. It counts bytes of p.Data; it does not decode the packet.
func EstimateEntries(p extract.Payload) int {
	return estimateFrom(bytes.Count(p.Data, []byte("<")), bytes.Count(p.Data, []byte("=")))
}

// begin prepares st for a packet read by p and decoded by w.
func (st *streamer) begin(p *parser, w *walker) {
	st.p, st.w, st.failed, st.rdfs, st.rootOff = p, w, false, 0, 0
	st.levels, st.arrays, st.held = st.levels[:0], st.arrays[:0], st.held[:0]
	if st.levels == nil { // room for a typical packet's depth at once (see parser.reset)
		st.levels, st.arrays = make([]level, 0, 32), make([]arrayState, 0, 8)
	}
	if st.hold == nil {
		st.hold = st.holdWarning
	}
}

// end drops what st refers to of the packet and of the caller, so that the pool keeps
// none of it alive.
func (st *streamer) end() {
	clear(st.levels[:cap(st.levels)])
	clear(st.arrays[:cap(st.arrays)])
	clear(st.held[:cap(st.held)])
	st.levels, st.arrays, st.held = st.levels[:0], st.arrays[:0], st.held[:0]
	st.p, st.w = nil, nil
}

// holdWarning is the walker's warnFunc while streaming: it keeps the warning for later.
func (st *streamer) holdWarning(code string, rel int, format string, args ...any) {
	st.held = append(st.held, heldWarning{code: code, format: format, rel: rel, args: args})
}

// fail gives up on the packet.
func (st *streamer) fail() { st.failed = true }

// push opens the level of the element that just opened.
func (st *streamer) push(l level) { st.levels = append(st.levels, l) }

// open decodes what can be decoded of the element at index ei, which just opened (its
// start tag read, its attributes annotated), and pushes its level.
func (st *streamer) open(ei int32) {
	t := &st.p.t
	e := &t.elems[ei]
	if e.syn[synNodeID] != 0 || st.w.full {
		st.fail()
		return
	}
	n := len(st.levels)
	if n == 0 { // the root (walker.decodePacket, findRDF)
		st.rootOff = int(e.off)
		st.outside(e)
		return
	}
	parent := &st.levels[n-1]
	switch parent.role {
	case roleOutside:
		st.outside(e)
	case roleRDF:
		st.topNode(e)
	case roleNode, roleFields:
		st.property(e, parent.lang)
	case roleValue:
		lang := parent.lang
		if !parent.child {
			parent.child = true
			st.w.attrs(&t.elems[st.p.stack[n-1]], lang) // qualifiers written as attributes
		}
		st.valueChild(e, lang)
	case roleArray:
		st.item(e, n-1)
	default:
		st.push(level{role: roleSkip})
	}
}

// outside looks for rdf:RDF below the root (findRDF).
func (st *streamer) outside(e *elem) {
	if e.rdf == rdfRDF {
		st.rdfs++
		st.push(level{role: roleRDF})
		return
	}
	st.push(level{role: roleOutside})
}

// topNode opens a child of rdf:RDF (walker.rdf).
func (st *streamer) topNode(e *elem) {
	if _, ok := containerOf(e.rdf); ok {
		st.push(level{role: roleSkip}) // a container can only be the value of a property
		return
	}
	w := st.w
	if about, ok := w.t.syntax(e, synAbout); ok && about != "" {
		w.path = append(w.path[:0], extract.XMPStep{NS: nsRDF, Name: "about"})
		w.emit(about, "", int(e.off))
		w.path = w.path[:0]
	}
	st.node(e, "", false)
}

// node opens a node element (walker.node); pushed tells whether a path step was pushed
// for it.
func (st *streamer) node(e *elem, lang string, pushed bool) {
	w := st.w
	if e.hasLang {
		lang = w.t.str(e.lang)
	}
	w.attrs(e, lang)
	st.push(level{role: roleNode, lang: lang, pushed: pushed})
}

// property opens a property element: a top-level property, a struct field or a
// qualifier (walker.property).
func (st *streamer) property(e *elem, lang string) {
	w := st.w
	if e.rdf != notRDF {
		switch e.rdf {
		case rdfValue:
			if len(w.path) > 0 {
				st.value(e, lang, false)
				return
			}
		case rdfType:
		default:
			w.warn("xmp.unexpected-element", int(e.off), "rdf:%s where a property was expected ignored", w.t.str(e.local))
		}
		st.push(level{role: roleSkip})
		return
	}
	w.path = append(w.path, extract.XMPStep{NS: w.t.str(e.ns), Name: w.t.str(e.local)})
	st.value(e, lang, true)
}

// value opens an element whose value is decoded at the current path: a property element
// or an rdf:li item (walker.value, up to what depends on its children).
func (st *streamer) value(e *elem, lang string, pushed bool) {
	w := st.w
	if e.hasLang {
		lang = w.t.str(e.lang)
	}
	if pt, ok := w.t.syntax(e, synParseType); ok {
		switch pt {
		case "Resource":
			w.attrs(e, lang)
			st.push(level{role: roleFields, lang: lang, pushed: pushed})
		case "Literal":
			st.fail()
			st.push(level{role: roleSkip, pushed: pushed})
		default:
			w.warn("xmp.unsupported-syntax", int(e.off), "rdf:parseType=%q ignored", pt)
			st.push(level{role: roleSkip, pushed: pushed})
		}
		return
	}
	if res, ok := w.t.syntax(e, synResource); ok {
		w.emit(res, lang, int(e.off))
		w.attrs(e, lang)
		st.push(level{role: roleSkip, pushed: pushed})
		return
	}
	st.push(level{role: roleValue, lang: lang, pushed: pushed})
}

// valueChild opens a child element of a value (walker.value's loop): an array, a nested
// rdf:Description, or a field written without rdf:parseType="Resource".
func (st *streamer) valueChild(e *elem, lang string) {
	if kind, ok := containerOf(e.rdf); ok {
		st.array(e, kind, lang)
		return
	}
	if e.rdf == rdfDescription {
		st.node(e, lang, false)
		return
	}
	st.property(e, lang)
}

// array opens an rdf:Bag, rdf:Seq or rdf:Alt (walker.array).
func (st *streamer) array(e *elem, kind extract.Container, lang string) {
	w := st.w
	if e.hasLang {
		lang = w.t.str(e.lang)
	}
	top := len(w.path) - 1
	if top < 0 {
		st.push(level{role: roleSkip})
		return
	}
	a := arrayState{kind: kind, saved: w.path[top]}
	if a.saved.Container != extract.NoContainer {
		w.path = append(w.path, extract.XMPStep{})
		top++
		a.nested = true
	}
	a.top = top
	st.arrays = append(st.arrays, a)
	st.push(level{role: roleArray, lang: lang})
}

// item opens a child of the array at level a: an rdf:li item, or another element, which
// is skipped (walker.array's loop).
func (st *streamer) item(e *elem, a int) {
	w := st.w
	if e.rdf != rdfLi {
		array := &w.t.elems[st.p.stack[a]]
		w.warn("xmp.unexpected-element", int(e.off), "%s in rdf:%s ignored", w.t.str(e.local), w.t.str(array.local))
		st.push(level{role: roleSkip})
		return
	}
	s := &st.arrays[len(st.arrays)-1]
	s.index++
	w.path[s.top].Container, w.path[s.top].Index = s.kind, s.index
	st.value(e, st.levels[a].lang, false)
}

// close finishes the element at index ei, whose end tag was read, and pops its level.
func (st *streamer) close(ei int32) {
	n := len(st.levels)
	if n == 0 || st.failed {
		return
	}
	l := &st.levels[n-1]
	w := st.w
	switch l.role {
	case roleValue:
		if !l.child { // no child element: simple text, or a struct in shorthand
			e := &st.p.t.elems[ei]
			if !e.fieldAttrs || !isSpace(w.t.str(e.text)) {
				w.emit(w.t.str(e.text), l.lang, textOr(e))
			}
			w.attrs(e, l.lang)
		}
	case roleArray:
		a := &st.arrays[len(st.arrays)-1]
		if a.nested {
			w.path = w.path[:a.top]
		} else {
			w.path[a.top] = a.saved
		}
		st.arrays = st.arrays[:len(st.arrays)-1]
	}
	if l.pushed {
		w.path = w.path[:len(w.path)-1]
	}
	st.levels = st.levels[:n-1] // end clears the strings left in the slots
}

// leaf is the fast path of the streaming decoder for the commonest element: a property
// element, struct field or rdf:li item that holds only text, <ns:name>text</ns:name>
// (with xml:lang as its only attribute, if any). Its start tag, at i, has been read up to
// end (the name ends at nameEnd, the attributes are in p.raw). When the end tag follows
// the text, leaf decodes the element the way open, the parser's character data (decoded
// as scanText decodes it) and end tag, and close would, without opening an element or a
// level for it, and returns the index after the end tag. Otherwise it reports false,
// having changed nothing but the namespace resolution (whose warning open gives first
// anyway), and the element is read the general way.
func (st *streamer) leaf(prefix, local string, i, nameEnd, end int) (int, bool) {
	p := st.p
	n := len(p.stack)
	if st.failed || st.w.full || p.skipDepth > 0 || n == 0 || n >= p.maxDepth || len(st.levels) != n {
		return 0, false
	}
	var lang string
	hasLang := false
	switch len(p.raw) {
	case 0:
	case 1:
		if a := &p.raw[0]; a.prefix == "xml" && a.local == "lang" {
			lang, hasLang = p.t.str(a.value), true
			break
		}
		return 0, false
	default:
		return 0, false
	}
	// The text and the end tag.
	s := p.s
	if k := skipBlank(s, end); k+1 < len(s) && s[k] == '<' && s[k+1] != '/' {
		return 0, false // indentation before a child element: not a leaf
	}
	textEnd, decoded, undef := end, false, -1
	if end < len(s) && s[end] != '<' {
		k, ok := p.cleanText(end)
		if !ok { // references, CR or "]": as the parser reads it, into p.buf if decoded
			clean, err := false, error(nil)
			if k, clean, err = scanText(s, end, &p.buf, &undef); err != nil {
				return 0, false
			}
			decoded = !clean
		}
		textEnd = k
	}
	qlen := nameEnd - i - 1
	j := textEnd + 2 + qlen
	if j >= len(s) || s[textEnd+1] != '/' || s[textEnd+2:j] != s[i+1:nameEnd] || class[s[j]]&clsName != 0 {
		return 0, false
	}
	if j = skipSpace(s, j); j >= len(s) || s[j] != '>' {
		return 0, false
	}
	// The role the element would get (open).
	t := &p.t
	parent := &st.levels[n-1]
	ns := p.resolve(prefix, true, i)
	isRDF := t.isRDF(ns)
	switch parent.role {
	case roleNode, roleFields:
		if isRDF {
			return 0, false
		}
	case roleArray:
		if !isRDF || local != "li" {
			return 0, false
		}
	default:
		return 0, false
	}
	// The parser's part of opening the element (start).
	t.count++
	t.leaves++
	pe := &t.elems[p.stack[n-1]]
	if pe.first == 0 {
		p.checkPending(int(pe.textOff))
		pe.first = int32(len(t.elems)) // any index: in stream mode only its being set counts
	}
	p.last[n-1] = int32(len(t.elems))
	p.pendMode = 0
	// The parser's part of reading the text.
	if undef >= 0 {
		p.undefined(undef)
	}
	text := s[end:textEnd]
	if decoded {
		text = t.str(t.addBytes(p.buf))
	}
	// The walk's (open, close).
	w := st.w
	if !hasLang {
		lang = parent.lang
	}
	off := i
	if textEnd > end {
		off = end
	}
	if parent.role == roleArray {
		a := &st.arrays[len(st.arrays)-1]
		a.index++
		w.path[a.top].Container, w.path[a.top].Index = a.kind, a.index
		w.emit(text, lang, off)
		return j + 1, true
	}
	step := extract.XMPStep{NS: t.str(ns), Name: local}
	w.emitStep(&step, text, lang, off)
	return j + 1, true
}
