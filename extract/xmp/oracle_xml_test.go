package xmp

// The encoding/xml implementation of the tree builder, which Decode used before the
// single-pass tokenizer of lex.go replaced it, kept unchanged (but for its name) as the
// differential oracle of that tokenizer and of tree.go: see differential_test.go. (Only
// the bookkeeping of each open element's prefix and last child moved from elem to stacks,
// the tree holds indices and strs instead of pointers and strings, with every string of
// the oracle in the tree's extra table, and undefined entity references are kept as text,
// as Decode now keeps them.)

import (
	"bytes"
	"encoding/xml"
	"io"
	"strings"
)

// xmlBuild is the builder Decode used, over encoding/xml's RawToken stream.
func xmlBuild(data []byte, maxDepth int, warn warnFunc) *tree {
	p := &xmlParser{maxDepth: maxDepth, warn: warn}
	p.t.elems = make([]elem, 1) // element 0 is a placeholder
	p.t.err = p.parse(data)
	p.t.end = p.end
	return &p.t
}

// xmlParser builds the element tree of a packet from encoding/xml's raw token stream. It
// resolves namespaces itself (so it can tell an undeclared prefix from a declared one),
// checks that end tags match, bounds the depth, and stops at the end of the root element,
// so trailing padding or garbage after </x:xmpmeta> is never read.
type xmlParser struct {
	dec      *xml.Decoder
	maxDepth int
	warn     func(code string, off int, format string, args ...any)

	t         tree     // the tree being built: all its strings are in t.extra
	stack     []int32  // the open elements
	prefixes  []string // the prefix of each open element as written, to check the end tag
	locals    []string // the local name of each open element as written
	lasts     []int32  // the last child of each open element
	nsMarks   []int    // len(bindings) before each open element's declarations
	bindings  []xmlBinding
	pending   []byte // character data of the top element while it has no child elements
	skipDepth int    // >0 while skipping a subtree deeper than maxDepth
	undecl    map[string]string
	warned    map[string]bool // warnings given once per packet
	end       int             // offset where tokenizing stopped
}

// xmlBinding is one namespace declaration in scope.
type xmlBinding struct {
	prefix, uri string
}

// parse tokenizes data into p.t and returns the error that stopped it, if any. Whatever
// was built before an error is kept.
func (p *xmlParser) parse(data []byte) error {
	p.dec = xml.NewDecoder(bytes.NewReader(data))
	p.dec.Strict = true
	// The packet is already UTF-8 (prepare transcoded it); an encoding declaration that
	// still says otherwise is ignored.
	p.dec.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }
	// An undefined entity reference is kept as its text: every &name; in the packet that
	// is not predefined maps to itself (encoding/xml consults the map only for names).
	p.dec.Entity = literalEntities(data)
	for {
		pos := int(p.dec.InputOffset())
		tok, err := p.dec.RawToken()
		if err != nil {
			p.end = pos
			if err == io.EOF {
				if len(p.stack) > 0 {
					return errUnexpectedEOF
				}
				return nil
			}
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			p.undefined(data[pos:p.dec.InputOffset()], pos)
			p.start(t, pos)
		case xml.EndElement:
			done, err := p.close(t)
			if err != nil {
				p.end = pos
				return err
			}
			if done {
				p.end = int(p.dec.InputOffset())
				return nil
			}
		case xml.CharData:
			if !bytes.HasPrefix(data[pos:], []byte("<![CDATA[")) {
				p.undefined(data[pos:p.dec.InputOffset()], pos)
			}
			p.charData(t, pos)
		case xml.Directive:
			if bytes.HasPrefix(t, []byte("DOCTYPE")) && p.once("doctype") {
				p.warn("xmp.doctype", pos, "<!DOCTYPE> ignored; its entity declarations are not expanded")
			}
		}
	}
}

// literalEntities maps the name of every entity reference in data other than the five
// predefined ones to the reference itself.
func literalEntities(data []byte) map[string]string {
	m := map[string]string{}
	for i := 0; i < len(data); i++ {
		if data[i] != '&' {
			continue
		}
		j := i + 1
		for j < len(data) && (data[j] >= 0x80 || class[data[j]]&clsName != 0) {
			j++
		}
		if j < len(data) && data[j] == ';' && j > i+1 {
			if name := string(data[i+1 : j]); !isPredefinedName(name) {
				m[name] = "&" + name + ";"
			}
		}
	}
	return m
}

// undefined warns, once per packet, of the first undefined entity reference in raw, the
// text of a start tag or of character data (not CDATA) at pos that encoding/xml accepted:
// every reference in it is well-formed, so a named one that is not predefined was kept
// as text.
func (p *xmlParser) undefined(raw []byte, pos int) {
	for i := 0; i < len(raw); i++ {
		if raw[i] != '&' || i+1 < len(raw) && raw[i+1] == '#' {
			continue
		}
		k := bytes.IndexByte(raw[i:], ';')
		if k < 0 {
			return
		}
		if ref := string(raw[i : i+k+1]); !isPredefinedName(ref[1 : len(ref)-1]) {
			if p.once("entity") {
				p.warn("xmp.undefined-entity", pos+i, "undefined entity reference %s kept as text", ref)
			}
			return
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
	tr := &p.t
	if tr.root != 0 && len(p.stack) == 0 {
		return // a second root cannot happen: parse stops when the first one closes
	}
	if len(p.stack) >= p.maxDepth {
		p.skipDepth = 1
		tr.elems[p.stack[len(p.stack)-1]].skipped = true
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
			p.bindings = append(p.bindings, xmlBinding{a.Name.Local, a.Value})
		case a.Name.Space == "" && a.Name.Local == "xmlns":
			p.bindings = append(p.bindings, xmlBinding{"", a.Value})
		default:
			nattr++
		}
	}
	ei := tr.newElem()
	e := elem{local: tr.add(t.Name.Local), off: int32(pos), textOff: -1, open: true}
	e.ns = tr.add(p.resolve(t.Name.Space, true, pos))
	if nattr > 0 {
		first := len(tr.attrs)
		for _, a := range t.Attr {
			if a.Name.Space == "xmlns" || (a.Name.Space == "" && a.Name.Local == "xmlns") {
				continue
			}
			ns := p.resolve(a.Name.Space, false, pos)
			if ns == nsXML && a.Name.Local == "lang" {
				e.lang, e.hasLang = tr.add(a.Value), true
				continue
			}
			tr.attrs = append(tr.attrs, attr{ns: tr.add(ns), local: tr.add(a.Name.Local), value: tr.add(a.Value)})
		}
		e.attrs, e.nattrs = int32(first), int32(len(tr.attrs)-first)
	}
	tr.elems[ei] = e
	tr.annotate(&tr.elems[ei])
	tr.count++
	if n := len(p.stack); n > 0 {
		parent := &tr.elems[p.stack[n-1]]
		if parent.rdf != rdfRDF {
			if id, ok := tr.syntax(&tr.elems[ei], synNodeID); ok {
				if tr.referenced == nil {
					tr.referenced = make(map[string]bool)
				}
				tr.referenced[id] = true
			}
		}
		if parent.first == 0 {
			p.checkSpace(p.pending, int(parent.textOff))
		}
		if last := p.lasts[n-1]; last == 0 {
			parent.first = ei
		} else {
			tr.elems[last].next = ei
		}
		p.lasts[n-1] = ei
	} else {
		tr.root = ei
	}
	p.pending = p.pending[:0]
	p.stack = append(p.stack, ei)
	p.prefixes = append(p.prefixes, t.Name.Space)
	p.locals = append(p.locals, t.Name.Local)
	p.lasts = append(p.lasts, 0)
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
	e := &p.t.elems[p.stack[n-1]]
	if t.Name.Local != p.locals[n-1] || t.Name.Space != p.prefixes[n-1] {
		return false, errEndMismatch
	}
	e.open = false
	if e.first == 0 && len(p.pending) > 0 {
		e.text = p.t.add(string(p.pending))
	}
	p.pending = p.pending[:0]
	p.bindings = p.bindings[:p.nsMarks[n-1]]
	p.nsMarks = p.nsMarks[:n-1]
	p.stack = p.stack[:n-1]
	p.prefixes = p.prefixes[:n-1]
	p.locals = p.locals[:n-1]
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
	e := &p.t.elems[p.stack[n-1]]
	if e.first != 0 {
		p.checkSpace(t, pos)
		return
	}
	if e.textOff < 0 {
		e.textOff = int32(pos)
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
	uri, known := standardPrefix(prefix)
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

// validUnicodeName is the tokenizer's former name check, kept as the oracle of the
// differential tests: it asks encoding/xml to read the name (colons, which it splits on,
// read as '_') in a tag of its own. The tokenizer asks xmlname.Valid, whose tables are
// generated from encoding/xml's.
func validUnicodeName(name string) bool {
	d := xml.NewDecoder(strings.NewReader("<" + strings.ReplaceAll(name, ":", "_") + "/>"))
	_, err := d.RawToken()
	return err == nil
}

// isPredefinedName reports whether name is one of the five entities XML predefines.
func isPredefinedName(name string) bool {
	_, ok := predefined(name)
	return ok
}
