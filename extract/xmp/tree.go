package xmp

import (
	"bytes"
	"errors"
	"math"
)

// elem is one XML element of the packet with its namespace resolved.
type elem struct {
	ns, local string
	attrs     []attr // without namespace declarations
	first     *elem  // first child element
	next      *elem  // next sibling
	text      string // character data; kept only for an element without child elements
	off       int    // offset of '<' in the parsed data
	textOff   int    // offset of the first character data, -1 if none
	lang      string // xml:lang on this element
	qlen      int32  // length of the name as written (at off+1), to check the end tag
	hasLang   bool
	skipped   bool // a child element was skipped (too deep): the element is incomplete
	open      bool // no end tag was read (the packet is malformed): its text may be cut
}

// attr is an attribute with its namespace resolved.
type attr struct {
	ns, local, value string
}

// is reports whether e is the element ns:local.
func (e *elem) is(ns, local string) bool { return e.local == local && e.ns == ns }

// binding is one namespace declaration in scope.
type binding struct {
	prefix, uri string
}

// rawAttr is an attribute as written in a start tag.
type rawAttr struct {
	prefix, local, value string
}

// errEndMismatch reports an end tag that does not close the open element.
var errEndMismatch = errors.New("element end tag does not match start tag")

// errUnexpectedEOF reports a packet that ends inside the root element.
var errUnexpectedEOF = errors.New("unexpected end of packet inside an element")

// build is the tree builder of Decode: one pass of the tokenizer of lex.go over data.
func build(data []byte, maxDepth int, warn warnFunc) tree {
	if len(data) > math.MaxInt32 { // names are measured in int32 (Limits.MaxXMPBytes is far below)
		return tree{err: errors.New("packet too large to parse"), end: 0}
	}
	p := &parser{s: string(data), maxDepth: maxDepth, warn: warn}
	p.stack, p.last, p.nsMarks = p.stackBuf[:0], p.lastBuf[:0], p.marksBuf[:0]
	p.bindings, p.raw = p.bindingsBuf[:0], p.rawBuf[:0]
	// Blocks sized from cheap estimates, so that a usual packet takes one allocation for its
	// elements and one for its attributes: in a packet of element pairs, half of the '<'
	// start a start tag; an attribute has an '='. The estimates are capped (so that hostile
	// input cannot make them allocate ahead of real elements); beyond them, smaller blocks
	// follow.
	p.slab = make([]elem, min(bytes.Count(data, []byte{'<'})/2+8, maxBlock))
	p.attrSlab = make([]attr, 0, min(bytes.Count(data, []byte{'='})+1, maxBlock))
	err := p.parse()
	return tree{root: p.root, err: err, end: p.end, elems: p.elems, leaves: p.leaves, referenced: p.referenced}
}

// parser builds the element tree of a packet in one pass over its text. It resolves
// namespaces itself (so it can tell an undeclared prefix from a declared one), checks that
// end tags match, bounds the depth, and stops at the end of the root element, so trailing
// padding or garbage after </x:xmpmeta> is never read. Names and values are substrings of s
// unless references had to be expanded.
type parser struct {
	s        string // the packet
	maxDepth int
	warn     warnFunc

	root     *elem
	stack    []*elem
	last     []*elem // the last child of each open element
	nsMarks  []int   // len(bindings) before each open element's declarations
	bindings []binding
	// scope indexes bindings by prefix (each prefix's URIs innermost last) once there are
	// more than maxScan of them, so that a packet declaring many namespaces cannot make
	// resolving quadratic.
	scope     map[string][]string
	skipDepth int // >0 while skipping a subtree deeper than maxDepth
	undecl    map[string]string
	warned    map[string]bool // warnings given once per packet
	end       int             // offset where tokenizing stopped
	elems     int             // elements kept
	leaves    int             // elements without child elements plus attributes: about the entries
	slab      []elem          // elements are allocated in blocks
	attrSlab  []attr          // the elements' attributes are carved from it
	raw       []rawAttr       // the attributes of the start tag being read
	buf       []byte          // decoded text of the token being read
	// The character data of the top element while it has no child elements: pendMode 0
	// none, 1 the substring pendStr, 2 the bytes pend.
	pendMode int
	pendStr  string
	pend     []byte
	// referenced are the rdf:nodeID values found on elements below the children of rdf:RDF.
	referenced map[string]bool

	// Backing arrays of the stacks for the usual depth, part of the parser's allocation.
	stackBuf, lastBuf [24]*elem
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
			end, clean, err := scanText(s, i, &p.buf)
			if err != nil {
				p.end = i
				return err
			}
			p.charData(s[i:end], clean, i)
			i = end
			continue
		}
		next, done, err := p.markup(i)
		if err != nil {
			p.end = i
			return err
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
			done, err := p.close(s[i+2 : i+2+int(p.stack[len(p.stack)-1].qlen)])
			return j, done, err
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
	e := p.stack[n-1]
	qlen := int(e.qlen)
	s := p.s
	j := i + qlen
	if j >= len(s) || s[i:j] != s[e.off+1:e.off+1+qlen] || class[s[j]]&clsName != 0 {
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
		end, text, clean, err := scanCDATA(s, j+1+len(cdata), &p.buf)
		if err != nil {
			return end, false, err
		}
		p.charData(text, clean, i)
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
		end, clean, err := scanAttrValue(s, j+1, q, &p.buf)
		if err != nil {
			return end, false, err
		}
		if clean {
			a.value = s[j+1 : end-1]
		} else {
			a.value = string(p.buf)
		}
		j = end
		p.raw = append(p.raw, a)
	}
	p.start(prefix, local, j0-i-1, i)
	if empty {
		done, err = p.close(s[i+1 : j0])
	}
	return j, done, err
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

// maxBlock bounds the elements or attributes allocated at once.
const maxBlock = 4096

// newElem returns a zeroed element from the slab (never used before: make zeroed it).
func (p *parser) newElem() *elem {
	if len(p.slab) == 0 {
		p.slab = make([]elem, 256)
	}
	e := &p.slab[0]
	p.slab = p.slab[1:]
	return e
}

// start opens the element whose start tag (attributes in p.raw) is at pos.
func (p *parser) start(prefix, local string, qlen, pos int) {
	if p.skipDepth > 0 {
		p.skipDepth++
		return
	}
	if p.root != nil && len(p.stack) == 0 {
		return // a second root cannot happen: parse stops when the first one closes
	}
	if len(p.stack) >= p.maxDepth {
		p.skipDepth = 1
		p.stack[len(p.stack)-1].skipped = true
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
	e := p.newElem() // zeroed: set only what is not zero, without a typed copy of the whole struct
	e.local, e.qlen, e.off, e.textOff, e.open = local, int32(qlen), pos, -1, true
	e.ns = p.resolve(prefix, true, pos)
	if nattr > 0 {
		if cap(p.attrSlab)-len(p.attrSlab) < nattr {
			p.attrSlab = make([]attr, 0, max(256, nattr))
		}
		first := len(p.attrSlab)
		for k := range p.raw {
			a := &p.raw[k]
			if a.isDecl() {
				continue
			}
			ns := p.resolve(a.prefix, false, pos)
			if ns == nsXML && a.local == "lang" {
				e.lang, e.hasLang = a.value, true
				continue
			}
			p.attrSlab = append(p.attrSlab, attr{ns: ns, local: a.local, value: a.value})
		}
		if n := len(p.attrSlab); n > first {
			e.attrs = p.attrSlab[first:n:n]
			p.leaves += n - first
		}
	}
	p.elems++
	if n := len(p.stack); n > 0 {
		parent := p.stack[n-1]
		if !parent.is(nsRDF, "RDF") {
			if id, ok := e.rdfAttr("nodeID"); ok {
				if p.referenced == nil {
					p.referenced = make(map[string]bool)
				}
				p.referenced[id] = true
			}
		}
		if parent.first == nil {
			p.checkSpace(p.pending(), parent.textOff)
		}
		if last := p.last[n-1]; last == nil {
			parent.first = e
		} else {
			last.next = e
		}
		p.last[n-1] = e
	} else {
		p.root = e
	}
	p.pendMode = 0
	p.stack = append(p.stack, e)
	p.last = append(p.last, nil)
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
	e := p.stack[n-1]
	if qname != p.s[e.off+1:e.off+1+int(e.qlen)] {
		return false, errEndMismatch
	}
	e.open = false
	if e.first == nil {
		p.leaves++
		switch p.pendMode {
		case 1:
			e.text = p.pendStr
		case 2:
			if len(p.pend) > 0 {
				e.text = string(p.pend)
			}
		}
	}
	p.pendMode = 0
	p.unbind(p.nsMarks[n-1])
	p.nsMarks = p.nsMarks[:n-1]
	p.stack = p.stack[:n-1]
	p.last = p.last[:n-1]
	return n == 1, nil
}

// pending returns the character data collected for the top element.
func (p *parser) pending() string {
	switch p.pendMode {
	case 1:
		return p.pendStr
	case 2:
		return string(p.pend) // a copy, but only for text with references before a child
	}
	return ""
}

// charData collects text for the top element while it has no child elements; text after
// a child element (mixed content, not RDF) is ignored with a warning unless it is space.
// The text is raw when clean, else the decoded bytes in p.buf.
func (p *parser) charData(raw string, clean bool, pos int) {
	n := len(p.stack)
	if p.skipDepth > 0 || n == 0 {
		return
	}
	e := p.stack[n-1]
	if e.first != nil {
		if clean {
			p.checkSpace(raw, pos)
		} else {
			p.checkSpace(string(p.buf), pos)
		}
		return
	}
	if e.textOff < 0 {
		e.textOff = pos
	}
	switch {
	case p.pendMode == 0 && clean:
		p.pendMode, p.pendStr = 1, raw
		return
	case p.pendMode == 0:
		p.pend = p.pend[:0]
	case p.pendMode == 1:
		p.pend = append(p.pend[:0], p.pendStr...)
	}
	p.pendMode = 2
	if clean {
		p.pend = append(p.pend, raw...)
	} else {
		p.pend = append(p.pend, p.buf...)
	}
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
func (p *parser) resolve(prefix string, element bool, pos int) string {
	if prefix == "" && !element {
		return ""
	}
	if prefix == "xml" {
		return nsXML
	}
	if p.scope != nil {
		if uris := p.scope[prefix]; len(uris) > 0 {
			return uris[len(uris)-1]
		}
	} else {
		for i := len(p.bindings) - 1; i >= 0; i-- {
			if p.bindings[i].prefix == prefix {
				return p.bindings[i].uri
			}
		}
	}
	if prefix == "" {
		return ""
	}
	if uri, ok := p.undecl[prefix]; ok {
		return uri
	}
	uri, known := standardPrefixes[prefix]
	if !known {
		uri = undeclaredPrefix + prefix
	}
	if p.undecl == nil {
		p.undecl = make(map[string]string)
	}
	p.undecl[prefix] = uri
	p.warn("xmp.undeclared-prefix", pos, "namespace prefix %q used without declaration; assumed %s", prefix, uri)
	return uri
}

// maxScan is the number of namespace declarations in scope up to which resolve searches
// them one by one.
const maxScan = 64

// bind declares prefix (empty: the default namespace) for the element being opened.
func (p *parser) bind(prefix, uri string) {
	p.bindings = append(p.bindings, binding{prefix, uri})
	switch {
	case p.scope != nil:
		p.scope[prefix] = append(p.scope[prefix], uri)
	case len(p.bindings) > maxScan:
		p.scope = make(map[string][]string)
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
