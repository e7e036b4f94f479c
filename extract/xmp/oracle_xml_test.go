package xmp

// The encoding/xml implementation of the tree builder, which Decode used before the
// single-pass tokenizer of lex.go replaced it, kept unchanged (but for its name) as the
// differential oracle of that tokenizer and of tree.go: see differential_test.go. (Only
// the bookkeeping of each open element's prefix and last child moved from elem to stacks.)

import (
	"bytes"
	"encoding/xml"
	"io"
)

// xmlBuild is the builder Decode used, over encoding/xml's RawToken stream.
func xmlBuild(data []byte, maxDepth int, warn warnFunc) tree {
	p := &xmlParser{maxDepth: maxDepth, warn: warn}
	root, err := p.parse(data)
	return tree{root: root, err: err, end: p.end, elems: p.elems, referenced: p.referenced}
}

// xmlParser builds the element tree of a packet from encoding/xml's raw token stream. It
// resolves namespaces itself (so it can tell an undeclared prefix from a declared one),
// checks that end tags match, bounds the depth, and stops at the end of the root element,
// so trailing padding or garbage after </x:xmpmeta> is never read.
type xmlParser struct {
	dec      *xml.Decoder
	maxDepth int
	warn     func(code string, off int, format string, args ...any)

	root      *elem
	stack     []*elem
	prefixes  []string // the prefix of each open element as written, to check the end tag
	lasts     []*elem  // the last child of each open element
	nsMarks   []int    // len(bindings) before each open element's declarations
	bindings  []binding
	pending   []byte // character data of the top element while it has no child elements
	skipDepth int    // >0 while skipping a subtree deeper than maxDepth
	undecl    map[string]string
	warned    map[string]bool // warnings given once per packet
	end       int             // offset where tokenizing stopped
	elems     int             // elements kept
	slab      []elem          // elements are allocated in blocks
	// referenced are the rdf:nodeID values found on elements below the children of rdf:RDF.
	referenced map[string]bool
}

// parse tokenizes data and returns the root element (possibly incomplete) and the error
// that stopped it, if any. Whatever was built before an error is kept.
func (p *xmlParser) parse(data []byte) (*elem, error) {
	p.dec = xml.NewDecoder(bytes.NewReader(data))
	p.dec.Strict = true
	// The packet is already UTF-8 (prepare transcoded it); an encoding declaration that
	// still says otherwise is ignored.
	p.dec.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }
	for {
		pos := int(p.dec.InputOffset())
		tok, err := p.dec.RawToken()
		if err != nil {
			p.end = pos
			if err == io.EOF {
				if len(p.stack) > 0 {
					return p.root, errUnexpectedEOF
				}
				return p.root, nil
			}
			return p.root, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			p.start(t, pos)
		case xml.EndElement:
			done, err := p.close(t)
			if err != nil {
				p.end = pos
				return p.root, err
			}
			if done {
				p.end = int(p.dec.InputOffset())
				return p.root, nil
			}
		case xml.CharData:
			p.charData(t, pos)
		case xml.Directive:
			if bytes.HasPrefix(t, []byte("DOCTYPE")) && p.once("doctype") {
				p.warn("xmp.doctype", pos, "<!DOCTYPE> ignored; its entity declarations are not expanded")
			}
		}
	}
}

// once records that the warning key was given and reports whether it was new.
func (p *xmlParser) once(key string) bool {
	if p.warned[key] {
		return false
	}
	if p.warned == nil {
		p.warned = make(map[string]bool)
	}
	p.warned[key] = true
	return true
}

// start opens an element.
func (p *xmlParser) start(t xml.StartElement, pos int) {
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
	for _, a := range t.Attr {
		switch {
		case a.Name.Space == "xmlns":
			p.bindings = append(p.bindings, binding{a.Name.Local, a.Value})
		case a.Name.Space == "" && a.Name.Local == "xmlns":
			p.bindings = append(p.bindings, binding{"", a.Value})
		default:
			nattr++
		}
	}
	if len(p.slab) == 0 {
		p.slab = make([]elem, 64)
	}
	e := &p.slab[0]
	p.slab = p.slab[1:]
	*e = elem{local: t.Name.Local, off: pos, textOff: -1, open: true}
	e.ns = p.resolve(t.Name.Space, true, pos)
	if nattr > 0 {
		e.attrs = make([]attr, 0, nattr)
		for _, a := range t.Attr {
			if a.Name.Space == "xmlns" || (a.Name.Space == "" && a.Name.Local == "xmlns") {
				continue
			}
			ns := p.resolve(a.Name.Space, false, pos)
			if ns == nsXML && a.Name.Local == "lang" {
				e.lang, e.hasLang = a.Value, true
				continue
			}
			e.attrs = append(e.attrs, attr{ns: ns, local: a.Name.Local, value: a.Value})
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
			p.checkSpace(p.pending, parent.textOff)
		}
		if last := p.lasts[n-1]; last == nil {
			parent.first = e
		} else {
			last.next = e
		}
		p.lasts[n-1] = e
	} else {
		p.root = e
	}
	p.pending = p.pending[:0]
	p.stack = append(p.stack, e)
	p.prefixes = append(p.prefixes, t.Name.Space)
	p.lasts = append(p.lasts, nil)
}

// close ends the top element; done reports that the root element closed.
func (p *xmlParser) close(t xml.EndElement) (done bool, err error) {
	if p.skipDepth > 0 {
		p.skipDepth--
		return false, nil
	}
	n := len(p.stack)
	if n == 0 {
		return false, errEndMismatch
	}
	e := p.stack[n-1]
	if t.Name.Local != e.local || t.Name.Space != p.prefixes[n-1] {
		return false, errEndMismatch
	}
	e.open = false
	if e.first == nil && len(p.pending) > 0 {
		e.text = string(p.pending)
	}
	p.pending = p.pending[:0]
	p.bindings = p.bindings[:p.nsMarks[n-1]]
	p.nsMarks = p.nsMarks[:n-1]
	p.stack = p.stack[:n-1]
	p.prefixes = p.prefixes[:n-1]
	p.lasts = p.lasts[:n-1]
	return n == 1, nil
}

// charData collects text for the top element while it has no child elements; text after
// a child element (mixed content, not RDF) is ignored with a warning unless it is space.
func (p *xmlParser) charData(t xml.CharData, pos int) {
	n := len(p.stack)
	if p.skipDepth > 0 || n == 0 {
		return
	}
	e := p.stack[n-1]
	if e.first != nil {
		p.checkSpace(t, pos)
		return
	}
	if e.textOff < 0 {
		e.textOff = pos
	}
	p.pending = append(p.pending, t...)
}

// checkSpace warns once if text that RDF does not allow beside child elements is not white space.
func (p *xmlParser) checkSpace(b []byte, pos int) {
	if xmlIsSpace(b) || !p.once("mixed") {
		return
	}
	p.warn("xmp.mixed-content", pos, "text beside child elements ignored")
}

// resolve returns the namespace URI of prefix. An unprefixed element name takes the
// default namespace; an unprefixed attribute has none.
func (p *xmlParser) resolve(prefix string, element bool, pos int) string {
	if prefix == "" && !element {
		return ""
	}
	if prefix == "xml" {
		return nsXML
	}
	for i := len(p.bindings) - 1; i >= 0; i-- {
		if p.bindings[i].prefix == prefix {
			return p.bindings[i].uri
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

// xmlIsSpace reports whether b is XML white space only.
func xmlIsSpace(b []byte) bool {
	for _, c := range b {
		if c != ' ' && c != '\t' && c != '\n' && c != '\r' {
			return false
		}
	}
	return true
}
