package xmp

import (
	"errors"
	"math"
	"strings"
	"sync"
	"unsafe"
)

// str is a string of the element tree: s[off:off+n] of the packet when n >= 0, else
// extra[off] (text whose references were decoded, a URI not written in the packet). Elements and attributes hold strs and indices instead of
// strings and pointers, so that the garbage collector never scans the blocks that hold them
// (most of Decode's cost was that scanning).
type str struct{ off, n int32 }

// elem is one XML element of the packet with its namespace resolved.
type elem struct {
	ns, local str
	lang      str   // xml:lang on this element, if hasLang
	text      str   // character data; kept only for an element without child elements
	attrs     int32 // the attributes (without namespace declarations): tree.attrs[attrs:attrs+nattrs]
	nattrs    int32
	first     int32         // first child element; 0 for none (tree.elems[0] is no element)
	next      int32         // next sibling; 0 for none
	off       int32         // offset of '<' in the parsed data
	textOff   int32         // offset of the first character data, -1 if none
	qlen      int32         // length of the name as written (at off+1), to check the end tag
	syn       [numSyn]int32 // the syntax attributes (annotate): index + 1 into tree.attrs, 0 for none
	rdf       rdfName       // what the name means to RDF/XML (annotate)
	hasLang   bool
	skipped   bool // a child element was skipped (too deep): the element is incomplete
	open      bool // no end tag was read (the packet is malformed): its text may be cut
	// fieldAttrs reports attributes that are values (fields, qualifiers or rdf:value),
	// making an empty element a struct written in shorthand (annotate).
	fieldAttrs bool
}

// attr is an attribute with its namespace resolved.
type attr struct {
	ns, local, value str
	kind             attrKind // what the attribute is to the walker (annotate)
}

// str returns the string x.
func (t *tree) str(x str) string {
	if x.n >= 0 {
		return t.s[x.off : x.off+x.n]
	}
	return t.extra[x.off]
}

// add stores a string that is not a substring of the packet and returns it as a str.
func (t *tree) add(s string) str {
	if s == "" {
		return str{}
	}
	t.extra = append(t.extra, s)
	return str{off: int32(len(t.extra) - 1), n: -1}
}

// addBytes is add for a decoded string held in reused memory: it copies b into the
// tree's text block, so that the decoded values of a packet cost one allocation between
// them instead of one each (the reference image's packet has eight).
//
// The strings are made with unsafe.String over the block: bytes of it are written once,
// before the string over them is made, and never again (a full block is left to the
// strings made over it and a new one started; release drops it instead of recycling it),
// which is the guarantee unsafe.String asks for, as in strings.Builder.
func (t *tree) addBytes(b []byte) str {
	if len(b) == 0 {
		return str{}
	}
	if cap(t.text)-len(t.text) < len(b) {
		t.text = make([]byte, 0, max(512, 2*cap(t.text), len(b)))
	}
	start := len(t.text)
	t.text = append(t.text, b...)
	return t.add(unsafe.String(&t.text[start], len(b)))
}

// sub returns s[i:i+n] of the packet as a str.
func sub(i, n int) str { return str{off: int32(i), n: int32(n)} }

// attrsOf returns the attributes of e.
func (t *tree) attrsOf(e *elem) []attr { return t.attrs[e.attrs : e.attrs+e.nattrs] }

// newElem appends a zeroed element and returns its index.
func (t *tree) newElem() int32 {
	t.elems = append(t.elems, elem{})
	return int32(len(t.elems) - 1)
}

// binding is one namespace declaration in scope.
type binding struct {
	prefix string
	uri    str
}

// rawAttr is an attribute as written in a start tag.
type rawAttr struct {
	prefix, local string
	localAt       int // offset of local in the packet
	value         str
}

// errEndMismatch reports an end tag that does not close the open element.
var errEndMismatch = errors.New("element end tag does not match start tag")

// errUnexpectedEOF reports a packet that ends inside the root element.
var errUnexpectedEOF = errors.New("unexpected end of packet inside an element")

// build is the tree builder of Decode: one pass of the tokenizer of lex.go over a copy of
// data, which the tree's strings refer to. The tree lives in a pooled parser until its
// release.
func build(data []byte, maxDepth int, warn warnFunc) *tree {
	return buildString(packetString(data, false), maxDepth, warn)
}

// buildInPlace is build reading data in place (Decoder.InPlace).
func buildInPlace(data []byte, maxDepth int, warn warnFunc) *tree {
	return buildString(packetString(data, true), maxDepth, warn)
}

// packetString returns data as the string both decoders read: a copy, or with inPlace
// data itself, so that the entries' strings are substrings of data (Decoder.InPlace),
// which must then stay unmodified while they are in use.
func packetString(data []byte, inPlace bool) string {
	if inPlace {
		return unsafe.String(unsafe.SliceData(data), len(data))
	}
	return string(data)
}

// buildString is build over the packet s.
func buildString(s string, maxDepth int, warn warnFunc) *tree {
	if len(s) > math.MaxInt32 { // offsets are int32 (Limits.MaxXMPBytes is far below)
		return &tree{err: errors.New("packet too large to parse"), end: 0}
	}
	p := parsers.Get().(*parser)
	p.reset(s, maxDepth, warn)
	t := &p.t
	t.pooled = p
	t.err = p.parse()
	t.end = p.end
	return t
}

// parser builds the element tree of a packet in one pass over its text. It resolves
// namespaces itself (so it can tell an undeclared prefix from a declared one), checks that
// end tags match, bounds the depth, and stops at the end of the root element, so trailing
// padding or garbage after </x:xmpmeta> is never read. Names and values are substrings of s
// unless references had to be expanded.
type parser struct {
	t        tree   // the tree being built
	s        string // the packet
	maxDepth int
	warn     warnFunc

	stack    []int32 // the open elements
	last     []int32 // the last child of each open element
	nsMarks  []int   // len(bindings) before each open element's declarations
	bindings []binding
	// scope indexes bindings by prefix (each prefix's URIs innermost last) once there are
	// more than maxScan of them, so that a packet declaring many namespaces cannot make
	// resolving quadratic.
	scope     map[string][]str
	skipDepth int // >0 while skipping a subtree deeper than maxDepth
	// st, when not nil, is the streaming decoder this parser feeds (stream.go): the tree
	// then holds only the open elements, each handed to st when it opens and closes.
	st     *streamer
	sbuf   streamer // the memory of st, recycled with the parser
	undecl map[string]str
	xmlNS  str             // nsXML, once stored
	warned map[string]bool // warnings given once per packet
	end    int             // offset where tokenizing stopped
	raw    []rawAttr       // the attributes of the start tag being read
	buf    []byte          // decoded text of the token being read
	// The character data of the top element while it has no child elements: pendMode 0
	// none, 1 the substring pendStr of the packet, 2 the bytes pend.
	pendMode int
	pendStr  str
	pend     []byte
	// pendBlank reports that the pending text (pendMode 1) is white space, known when the
	// parser read it (checkSpace need not look at it again).
	pendBlank bool

	// special holds, for each byte that character data needs a look at (see textLook),
	// the index of its next occurrence at or after the last position asked about, or
	// len(s) when there is none (cleanText).
	special [len(textLook)]int

	// Backing arrays of the stacks for the usual depth, part of the parser's allocation.
	stackBuf, lastBuf [24]int32
	marksBuf          [24]int
	bindingsBuf       [32]binding
	rawBuf            [16]rawAttr
}

// parse reads the packet up to the end of its root element and returns the error that
// stopped it, if any. Whatever was built before an error is kept.
func (p *parser) parse() error {
	s := p.s
	for i := 0; i < len(s); {
		if s[i] != '<' {
			// White space without CR before markup (the indentation of the packet) needs
			// no decoding: beside child elements charData would only find that it is white
			// space; else it is the pending text of the open element.
			if j := skipBlank(s, i); j < len(s) && s[j] == '<' {
				if !p.ignoresText() {
					first := p.pendMode == 0
					p.charData(s[i:j], i, true, i)
					p.pendBlank = first
				}
				i = j
				continue
			}
			if end, ok := p.cleanText(i); ok { // the usual case: no byte needs a look
				p.charData(s[i:end], i, true, i)
				i = end
				continue
			}
			undef := -1
			end, clean, err := scanText(s, i, &p.buf, &undef)
			if err != nil {
				p.end = i
				return err
			}
			p.undefined(undef)
			p.charData(s[i:end], i, clean, i)
			i = end
			continue
		}
		next, done, err := p.markup(i)
		if err != nil {
			p.end = i
			return err
		}
		if p.st != nil && p.st.failed {
			p.end = i
			return errGaveUp
		}
		if done {
			p.end = next
			return nil
		}
		i = next
	}
	p.end = len(s)
	if len(p.stack) > 0 {
		return errUnexpectedEOF
	}
	return nil
}

// markup reads the tag, comment, CDATA section, processing instruction or declaration at
// s[i] == '<' and returns the index after it; done reports that the root element closed.
func (p *parser) markup(i int) (next int, done bool, err error) {
	s := p.s
	if i+1 >= len(s) {
		return len(s), false, errEOF
	}
	switch s[i+1] {
	case '/':
		if j, ok := p.endOfTop(i + 2); ok {
			return j, p.pop(), nil
		}
		_, _, j0, err := scanQName(s, i+2)
		if err != nil {
			return j0, false, err
		}
		j := skipSpace(s, j0)
		if j >= len(s) {
			return j, false, errEOF
		}
		if s[j] != '>' {
			return j, false, errEndTag
		}
		done, err := p.close(s[i+2 : j0])
		return j + 1, done, err
	case '?':
		j, err := scanProcInst(s, i+2)
		return j, false, err
	case '!':
		return p.declaration(i)
	}
	return p.startTag(i)
}

// endOfTop is the fast path of an end tag whose name starts at i: when it is the name of
// the open element as written (a name its start tag already validated), it returns the
// index after the end tag's '>'.
func (p *parser) endOfTop(i int) (int, bool) {
	n := len(p.stack)
	if n == 0 || p.skipDepth > 0 {
		return 0, false
	}
	e := &p.t.elems[p.stack[n-1]]
	qlen, off := int(e.qlen), int(e.off)
	s := p.s
	j := i + qlen
	if j >= len(s) || s[i:j] != s[off+1:off+1+qlen] || class[s[j]]&clsName != 0 {
		return 0, false
	}
	j = skipSpace(s, j)
	if j >= len(s) || s[j] != '>' {
		return 0, false
	}
	return j + 1, true
}

// declaration reads a comment, a CDATA section or a directive at s[i:] == "<!".
func (p *parser) declaration(i int) (next int, done bool, err error) {
	s := p.s
	j := i + 2
	if j >= len(s) {
		return j, false, errEOF
	}
	switch s[j] {
	case '-':
		if j+1 >= len(s) {
			return j, false, errEOF
		}
		if s[j+1] != '-' {
			return j, false, errCommentStart
		}
		j, err = scanComment(s, j+2)
		return j, false, err
	case '[':
		const cdata = "CDATA["
		for k := 0; k < len(cdata); k++ {
			if j+1+k >= len(s) {
				return j, false, errEOF
			}
			if s[j+1+k] != cdata[k] {
				return j, false, errCDATAStart
			}
		}
		at := j + 1 + len(cdata)
		end, text, clean, err := scanCDATA(s, at, &p.buf)
		if err != nil {
			return end, false, err
		}
		p.charData(text, at, clean, i)
		return end, false, nil
	}
	j, doctype, err := scanDirective(s, j)
	if err == nil && doctype && p.once("doctype") {
		p.warn("xmp.doctype", i, "<!DOCTYPE> ignored; its entity declarations are not expanded")
	}
	return j, false, err
}

// startTag reads the start tag at s[i] == '<', opens its element and, for an empty-element
// tag, closes it.
func (p *parser) startTag(i int) (next int, done bool, err error) {
	s := p.s
	prefix, local, j0, err := scanQName(s, i+1)
	if err != nil {
		return j0, false, err
	}
	j := j0
	p.raw = p.raw[:0]
	empty := false
	undef := -1
	for {
		j = skipSpace(s, j)
		if j >= len(s) {
			return j, false, errEOF
		}
		if c := s[j]; c == '>' {
			j++
			break
		} else if c == '/' {
			if j+1 >= len(s) {
				return j, false, errEOF
			}
			if s[j+1] != '>' {
				return j, false, errEmptyTag
			}
			j += 2
			empty = true
			break
		}
		var a rawAttr
		if a.prefix, a.local, j, err = scanQName(s, j); err != nil {
			return j, false, err
		}
		a.localAt = j - len(a.local)
		j = skipSpace(s, j)
		if j >= len(s) {
			return j, false, errEOF
		}
		if s[j] != '=' {
			return j, false, errAttrEq
		}
		j = skipSpace(s, j+1)
		if j >= len(s) {
			return j, false, errEOF
		}
		q := s[j]
		if q != '"' && q != '\'' {
			return j, false, errAttrQuote
		}
		end, clean, err := scanAttrValue(s, j+1, q, &p.buf, &undef)
		if err != nil {
			return end, false, err
		}
		if clean {
			a.value = sub(j+1, end-1-(j+1))
		} else {
			a.value = p.t.addBytes(p.buf)
		}
		j = end
		p.raw = append(p.raw, a)
	}
	if undef >= 0 {
		p.undefined(undef)
	}
	if !empty && p.st != nil {
		if next, ok := p.st.leaf(prefix, local, i, j0, j); ok {
			return next, false, nil
		}
	}
	p.start(prefix, sub(j0-len(local), len(local)), j0-i-1, i)
	if empty {
		done, err = p.close(s[i+1 : j0])
	}
	return j, done, err
}

// undefined warns, once per packet, of an undefined entity reference at pos (if pos >= 0)
// that was kept as text.
func (p *parser) undefined(pos int) {
	if pos >= 0 && p.once("entity") {
		p.warn("xmp.undefined-entity", pos, "undefined entity reference %s kept as text", entityAt(p.s, pos))
	}
}

// once records that the warning key was given and reports whether it was new.
func (p *parser) once(key string) bool {
	if p.warned[key] {
		return false
	}
	if p.warned == nil {
		p.warned = make(map[string]bool)
	}
	p.warned[key] = true
	return true
}

// isDecl reports whether the attribute declares a namespace (xmlns:p or xmlns).
func (a *rawAttr) isDecl() bool {
	return a.prefix == "xmlns" || a.prefix == "" && a.local == "xmlns"
}

// parsers recycles parsers with their trees (build, release): the element and attribute
// blocks hold no pointers, and nothing refers to a tree once Decode returns.
var parsers = sync.Pool{New: func() any { return new(parser) }}

// reset prepares a parser, new or recycled, for the packet s, keeping the memory of its
// slices and maps.
func (p *parser) reset(s string, maxDepth int, warn warnFunc) {
	t := &p.t // release cleared what the last packet left
	if t.elems == nil {
		// A first packet starts with room for a typical packet's open elements, attributes
		// and decoded strings: growing from nothing took a dozen allocations, each step
		// memory a fresh process faults in (issue 16.3). Pooled parsers keep theirs.
		t.elems, t.attrs, t.extra = make([]elem, 0, 64), make([]attr, 0, 32), make([]string, 0, 16)
	}
	*t = tree{s: s, elems: append(t.elems[:0], elem{}), attrs: t.attrs[:0], extra: t.extra[:0], referenced: t.referenced}
	p.s, p.maxDepth, p.warn = s, maxDepth, warn
	p.stack, p.last, p.nsMarks = p.stack[:0], p.last[:0], p.nsMarks[:0]
	p.bindings, p.raw = p.bindings[:0], p.raw[:0]
	if p.stack == nil {
		p.stack, p.last, p.nsMarks = p.stackBuf[:0], p.lastBuf[:0], p.marksBuf[:0]
		p.bindings, p.raw = p.bindingsBuf[:0], p.rawBuf[:0]
	}
	clear(p.warned)
	p.st = nil
	p.skipDepth, p.xmlNS, p.end, p.pendMode, p.pendStr, p.pendBlank = 0, str{}, 0, 0, str{}, false
	p.special = [len(textLook)]int{-1, -1, -1, -1} // not yet searched
}

// textLook are the bytes scanText looks at besides '<': references, CR (line ends are
// normalised), ']' (of "]]>") and 0xEF (which starts U+FFFE and U+FFFF).
const textLook = "&\r]\xEF"

// cleanText is the fast path of scanText: when the character data at i runs to the next
// '<' (or the end) without any byte of textLook, it returns its end. Each such byte's next
// occurrence is found with one vectorised search and remembered until the text passes it,
// so a packet costs one search per occurrence of each byte plus one per text.
func (p *parser) cleanText(i int) (int, bool) {
	s := p.s
	// Short text (the indentation between tags) is looked at byte by byte: cheaper than
	// starting a search.
	j, short := i, min(i+16, len(s))
	for j < short && class[s[j]]&clsText == 0 {
		j++
	}
	if j < short {
		return j, s[j] == '<'
	}
	end := len(s)
	if k := strings.IndexByte(s[j:], '<'); k >= 0 {
		end = j + k
	}
	for c := range len(textLook) {
		at := p.special[c]
		if at < i {
			at = len(s)
			if k := strings.IndexByte(s[i:], textLook[c]); k >= 0 {
				at = i + k
			}
			p.special[c] = at
		}
		if at < end {
			return 0, false
		}
	}
	return end, true
}

// release returns a built tree's parser to the pool; the tree must not be used after it.
// A parser whose blocks grew past maxBlock is dropped, so that one huge packet does not
// pin memory.
func (t *tree) release() {
	p := t.pooled
	if p == nil {
		return
	}
	t.pooled = nil
	if cap(t.elems) <= maxBlock && cap(t.attrs) <= maxBlock && cap(p.buf) <= maxBlock*16 {
		// Keep no packet alive in the pool: every string the parser holds is a substring of
		// it (names in the bindings and attributes, map keys) or a decoded copy.
		p.warn, p.s, t.s, t.text = nil, "", "", nil
		clear(t.extra)
		clear(t.referenced)
		clear(p.bindings[:cap(p.bindings)])
		clear(p.raw[:cap(p.raw)])
		clear(p.undecl)
		p.scope = nil
		parsers.Put(p)
	}
}

// maxBlock bounds the elements or attributes allocated at once.
const maxBlock = 4096

// start opens the element whose start tag (attributes in p.raw) is at pos.
func (p *parser) start(prefix string, local str, qlen, pos int) {
	if p.skipDepth > 0 {
		p.skipDepth++
		return
	}
	t := &p.t
	if t.root != 0 && len(p.stack) == 0 {
		return // a second root cannot happen: parse stops when the first one closes
	}
	if len(p.stack) >= p.maxDepth {
		if p.st != nil {
			p.st.fail() // the tree decoder marks the element incomplete (elem.skipped)
		}
		p.skipDepth = 1
		t.elems[p.stack[len(p.stack)-1]].skipped = true
		if p.once("depth") {
			p.warn("xmp.too-deep", pos, "elements nested deeper than %d skipped", p.maxDepth)
		}
		return
	}
	p.nsMarks = append(p.nsMarks, len(p.bindings))
	nattr := 0
	for k := range p.raw {
		a := &p.raw[k]
		switch {
		case a.prefix == "xmlns":
			p.bind(a.local, a.value)
		case a.prefix == "" && a.local == "xmlns":
			p.bind("", a.value)
		default:
			nattr++
		}
	}
	ei := t.newElem()
	e := &t.elems[ei] // zeroed: set only what is not zero
	e.local, e.qlen, e.off, e.textOff, e.open = local, int32(qlen), int32(pos), -1, true
	e.attrs = int32(len(t.attrs)) // where its attributes start (stream mode truncates to it)
	e.ns = p.resolve(prefix, true, pos)
	if nattr > 0 {
		first := len(t.attrs)
		for k := range p.raw {
			a := &p.raw[k]
			if a.isDecl() {
				continue
			}
			ns := p.resolve(a.prefix, false, pos)
			if a.local == "lang" && t.str(ns) == nsXML {
				e.lang, e.hasLang = a.value, true
				continue
			}
			t.attrs = append(t.attrs, attr{ns: ns, local: sub(a.localAt, len(a.local)), value: a.value})
		}
		if n := len(t.attrs); n > first {
			e.attrs, e.nattrs = int32(first), int32(n-first)
			t.leaves += n - first
		}
	}
	t.annotate(e)
	t.count++
	if n := len(p.stack); n > 0 {
		parent := &t.elems[p.stack[n-1]]
		if parent.rdf != rdfRDF {
			if id, ok := t.syntax(e, synNodeID); ok {
				if t.referenced == nil {
					t.referenced = make(map[string]bool)
				}
				t.referenced[id] = true
			}
		}
		if parent.first == 0 {
			p.checkPending(int(parent.textOff))
		}
		if last := p.last[n-1]; last == 0 {
			parent.first = ei
		} else if p.st == nil { // in stream mode the last child is gone (its slot reused)
			t.elems[last].next = ei
		}
		p.last[n-1] = ei
	} else {
		t.root = ei
	}
	p.pendMode = 0
	p.stack = append(p.stack, ei)
	p.last = append(p.last, 0)
	if p.st != nil {
		p.st.open(ei)
	}
}

// close ends the top element, given the name of the end tag as written; done reports that
// the root element closed. (Names as written are equal exactly when their prefix and local
// parts are.)
func (p *parser) close(qname string) (done bool, err error) {
	if p.skipDepth > 0 {
		p.skipDepth--
		return false, nil
	}
	n := len(p.stack)
	if n == 0 {
		return false, errEndMismatch
	}
	e := &p.t.elems[p.stack[n-1]]
	if off := int(e.off); qname != p.s[off+1:off+1+int(e.qlen)] {
		return false, errEndMismatch
	}
	return p.pop(), nil
}

// pop closes the top element, whose end tag was read, and reports whether it was the root.
func (p *parser) pop() bool {
	n := len(p.stack)
	ei := p.stack[n-1]
	e := &p.t.elems[ei]
	e.open = false
	if e.first == 0 {
		p.t.leaves++
		switch p.pendMode {
		case 1:
			e.text = p.pendStr
		case 2:
			if len(p.pend) > 0 {
				e.text = p.t.addBytes(p.pend)
			}
		}
	}
	p.pendMode = 0
	if p.st != nil {
		p.st.close(ei)
		// The element and its attributes are done with: their slots serve the next one.
		p.t.attrs = p.t.attrs[:e.attrs]
		p.t.elems = p.t.elems[:ei]
	}
	p.unbind(p.nsMarks[n-1])
	p.nsMarks = p.nsMarks[:n-1]
	p.stack = p.stack[:n-1]
	p.last = p.last[:n-1]
	return n == 1
}

// pending returns the character data collected for the top element.
func (p *parser) pending() string {
	switch p.pendMode {
	case 1:
		return p.t.str(p.pendStr)
	case 2:
		return string(p.pend) // a copy, but only for text with references before a child
	}
	return ""
}

// charData collects text for the top element while it has no child elements; text after
// a child element (mixed content, not RDF) is ignored with a warning unless it is space.
// The text is raw, the substring of the packet at rawAt, when clean, else the decoded
// bytes in p.buf. pos is the offset of the token.
func (p *parser) charData(raw string, rawAt int, clean bool, pos int) {
	p.pendBlank = false
	n := len(p.stack)
	if p.skipDepth > 0 || n == 0 {
		return
	}
	e := &p.t.elems[p.stack[n-1]]
	if e.first != 0 {
		if clean {
			p.checkSpace(raw, pos)
		} else {
			p.checkSpace(string(p.buf), pos)
		}
		return
	}
	if e.textOff < 0 {
		e.textOff = int32(pos)
	}
	switch {
	case p.pendMode == 0 && clean:
		p.pendMode, p.pendStr = 1, sub(rawAt, len(raw))
		return
	case p.pendMode == 0:
		p.pend = p.pend[:0]
	case p.pendMode == 1:
		p.pend = append(p.pend[:0], p.t.str(p.pendStr)...)
	}
	p.pendMode = 2
	if clean {
		p.pend = append(p.pend, raw...)
	} else {
		p.pend = append(p.pend, p.buf...)
	}
}

// ignoresText reports whether charData ignores white space at this point: outside every
// element, in a skipped subtree, or beside child elements of the open element.
func (p *parser) ignoresText() bool {
	n := len(p.stack)
	return p.skipDepth > 0 || n == 0 || p.t.elems[p.stack[n-1]].first != 0
}

// checkPending is checkSpace for the pending text of the top element, whose first child
// element is opening; the text at pos.
func (p *parser) checkPending(pos int) {
	if p.pendMode == 1 && p.pendBlank {
		return
	}
	p.checkSpace(p.pending(), pos)
}

// checkSpace warns once if text that RDF does not allow beside child elements is not white space.
func (p *parser) checkSpace(s string, pos int) {
	if isSpace(s) || !p.once("mixed") {
		return
	}
	p.warn("xmp.mixed-content", pos, "text beside child elements ignored")
}

// resolve returns the namespace URI of prefix. An unprefixed element name takes the
// default namespace; an unprefixed attribute has none.
func (p *parser) resolve(prefix string, element bool, pos int) str {
	if prefix == "" && !element {
		return str{}
	}
	if prefix == "xml" {
		if p.xmlNS == (str{}) {
			p.xmlNS = p.t.add(nsXML)
		}
		return p.xmlNS
	}
	if p.scope != nil {
		if uris := p.scope[prefix]; len(uris) > 0 {
			return uris[len(uris)-1]
		}
	} else {
		for i := len(p.bindings) - 1; i >= 0; i-- {
			// Length and first byte tell most prefixes apart without a call to compare.
			if b := &p.bindings[i]; len(b.prefix) == len(prefix) && (prefix == "" || b.prefix[0] == prefix[0]) && b.prefix == prefix {
				return b.uri
			}
		}
	}
	if prefix == "" {
		return str{}
	}
	if uri, ok := p.undecl[prefix]; ok {
		return uri
	}
	uri, known := standardPrefix(prefix)
	if !known {
		uri = undeclaredPrefix + prefix
	}
	if p.undecl == nil {
		p.undecl = make(map[string]str)
	}
	x := p.t.add(uri)
	p.undecl[prefix] = x
	p.warn("xmp.undeclared-prefix", pos, "namespace prefix %q used without declaration; assumed %s", prefix, uri)
	return x
}

// maxScan is the number of namespace declarations in scope up to which resolve searches
// them one by one.
const maxScan = 64

// bind declares prefix (empty: the default namespace) for the element being opened.
func (p *parser) bind(prefix string, uri str) {
	p.bindings = append(p.bindings, binding{prefix, uri})
	switch {
	case p.scope != nil:
		p.scope[prefix] = append(p.scope[prefix], uri)
	case len(p.bindings) > maxScan:
		p.scope = make(map[string][]str)
		for _, b := range p.bindings {
			p.scope[b.prefix] = append(p.scope[b.prefix], b.uri)
		}
	}
}

// unbind drops the declarations from index mark on (those of the element being closed).
func (p *parser) unbind(mark int) {
	if p.scope != nil {
		for _, b := range p.bindings[mark:] {
			uris := p.scope[b.prefix]
			p.scope[b.prefix] = uris[:len(uris)-1]
		}
	}
	p.bindings = p.bindings[:mark]
}

// isSpace reports whether s is XML white space only.
func isSpace(s string) bool {
	for i := 0; i < len(s); i++ {
		if class[s[i]]&clsSpace == 0 {
			return false
		}
	}
	return true
}
