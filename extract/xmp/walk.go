package xmp

import (
	"github.com/embedmeta/embedmeta/extract"
	"github.com/embedmeta/embedmeta/schema"
)

// walker turns the element tree of rdf:RDF into raw entries (RDF/XML syntax as profiled by
// XMP Part 1 §7.4–7.9). w.path is a stack: the step of the property being decoded is on top.
type walker struct {
	out   []extract.RawEntry
	path  []extract.XMPStep
	arena []extract.XMPStep // backing store the entries' paths are carved from
	max   int
	full  bool
	pkt   *packet
	// pktBuf holds the packet pkt points to, so that it is not allocated apart.
	pktBuf packet
	ws     *extract.Warnings // where packetWarn adds the warnings
	// self and direct are set for a Decoder's walker: direct is self.packetWarn, made once.
	self   *walker
	direct warnFunc
	t      *tree // the element tree being walked
	pOff   int64
	warn   warnFunc

	// nodes are the definitions of each rdf:nodeID in document order: the children of
	// rdf:RDF that carry it and the rdf:Description elements anywhere below that carry it.
	// All of them together are the node that property elements refer to (<dc:subject
	// rdf:nodeID="n1"/>, or a property whose value is a <rdf:Description rdf:nodeID="n1">);
	// referenced are the ids referred to below the children of rdf:RDF.
	nodes      map[string][]*elem
	referenced map[string]bool
	resolving  map[string]bool // ids being expanded, to break cycles
	// budget bounds the elements visited, so that nodeID references cannot multiply work.
	budget int
	// streamed reports that the streaming decoder decoded the packet (stream.go), not the
	// tree decoder.
	streamed bool
}

// spend uses one unit of the visit budget and reports whether the walk may go on.
func (w *walker) spend(e *elem) bool {
	if w.full {
		return false
	}
	if w.budget--; w.budget < 0 {
		w.full = true
		w.warn("xmp.too-many-entries", int(e.off), "rdf:nodeID references expand beyond the limits; the rest ignored")
		return false
	}
	return true
}

// offset maps an offset in the parsed data to a file offset.
func (w *walker) offset(rel int) int64 {
	if !w.pkt.exact || rel < 0 {
		return w.pOff
	}
	return w.pOff + w.pkt.base + int64(rel)
}

// emit records one leaf value at the current path.
func (w *walker) emit(text, lang string, rel int) { w.emitStep(nil, text, lang, rel) }

// emitStep is emit at the current path extended by step, when step is not nil: the
// streaming decoder's fast path (streamer.leaf) gives the step of its property this way
// instead of pushing it.
func (w *walker) emitStep(step *extract.XMPStep, text, lang string, rel int) {
	n := len(w.path)
	if step != nil {
		n++
	}
	if n == 0 {
		return
	}
	if len(w.out) >= w.max {
		if !w.full {
			w.full = true
			w.warn("xmp.too-many-entries", rel, "more than %d values; the rest ignored", w.max)
		}
		return
	}
	if cap(w.arena)-len(w.arena) < n {
		// A new block (the entries keep the old one): doubling, so that the block a Decoder
		// keeps soon fits its usual packets.
		w.arena = make([]extract.XMPStep, 0, max(512, 2*cap(w.arena), 4*n))
	}
	start := len(w.arena)
	w.arena = w.arena[:start+n] // a path is a few steps: assigned one by one, not copied by a call
	for k := range w.path {
		w.arena[start+k] = w.path[k]
	}
	if step != nil {
		w.arena[start+n-1] = *step
	}
	w.out = append(w.out, extract.RawEntry{
		Source: schema.SourceXMP, Type: schema.TypeXMPText,
		Text: text, Lang: lang, Path: w.arena[start : start+n : start+n], Offset: w.offset(rel),
	})
}

// rdf decodes the node elements (rdf:Description, or typed nodes) of an rdf:RDF element.
func (w *walker) rdf(e *elem) {
	if len(w.referenced) > 0 {
		for k := w.t.child(e.first); k != nil; k = w.t.child(k.next) {
			if id, ok := w.t.syntax(k, synNodeID); ok {
				w.define(id, k)
			}
			w.collect(k)
		}
	}
	for k := w.t.child(e.first); k != nil; k = w.t.child(k.next) {
		if id, ok := w.t.syntax(k, synNodeID); ok && w.referenced[id] {
			continue // a value referred to by a property, decoded there
		}
		if _, ok := containerOf(k.rdf); ok {
			continue // a container can only be the value of a property
		}
		if about, ok := w.t.syntax(k, synAbout); ok && about != "" {
			// The subject of a top-level node is reported as the property rdf:about, as
			// ExifTool does (XMP-rdf:About).
			w.path = append(w.path[:0], extract.XMPStep{NS: nsRDF, Name: "about"})
			w.emit(about, "", int(k.off))
			w.path = w.path[:0]
		}
		w.node(k, "")
	}
}

// node decodes a node element: its property attributes and property elements are
// properties (at the top level) or struct fields (below a property) of the current path.
func (w *walker) node(e *elem, lang string) {
	if !w.spend(e) {
		return
	}
	if e.hasLang {
		lang = w.t.str(e.lang)
	}
	w.attrs(e, lang)
	for k := w.t.child(e.first); k != nil; k = w.t.child(k.next) {
		w.property(k, lang)
	}
}

// attrKind classifies an attribute of a node or property element.
type attrKind uint8

const (
	attrSkip     attrKind = iota // syntax (rdf:about, rdf:parseType, ...) or not a property
	attrValue                    // rdf:value: the value of the enclosing property
	attrProperty                 // a property, struct field or qualifier
	attrUnqualified
)

// rdfSyntaxAttr reports whether local names an RDF attribute that is syntax, not a
// property. Old writers (Photoshop 7) put some of them without prefix ("about"). A switch,
// not a map literal built by a package initialiser at every start (issue 16.3).
func rdfSyntaxAttr(local string) bool {
	switch local {
	case "about", "ID", "nodeID", "parseType", "resource", "datatype", "bagID", "aboutEach", "aboutEachPrefix", "type":
		return true
	}
	return false
}

func classify(ns, local string) attrKind {
	switch ns {
	case nsRDF:
		if local == "value" {
			return attrValue
		}
		return attrSkip
	case nsXML, nsMeta:
		return attrSkip
	case "":
		if local == "value" {
			return attrValue
		}
		if rdfSyntaxAttr(local) {
			return attrSkip
		}
		return attrUnqualified
	}
	return attrProperty
}

// child returns the element at index i, or nil for 0.
func (t *tree) child(i int32) *elem {
	if i == 0 {
		return nil
	}
	return &t.elems[i]
}

// attrs emits the property attributes of e as fields of the current path, and an
// rdf:value attribute as the value of the current path itself.
func (w *walker) attrs(e *elem, lang string) {
	t := w.t
	for _, a := range t.attrsOf(e) {
		switch a.kind {
		case attrValue:
			w.emit(t.str(a.value), lang, int(e.off))
		case attrProperty:
			w.path = append(w.path, extract.XMPStep{NS: t.str(a.ns), Name: t.str(a.local)})
			w.emit(t.str(a.value), lang, int(e.off))
			w.path = w.path[:len(w.path)-1]
		case attrUnqualified:
			w.warn("xmp.unqualified-attribute", int(e.off), "attribute %q without namespace ignored", t.str(a.local))
		}
	}
}

// property decodes a property element (a top-level property, a struct field or a
// qualifier) below the current path.
func (w *walker) property(e *elem, lang string) {
	if e.rdf != notRDF {
		switch e.rdf {
		case rdfValue: // XMP Part 1 §7.9.2.5: the value of a property with qualifiers
			if len(w.path) > 0 {
				w.value(e, lang)
			}
		case rdfType: // an RDF type statement, not XMP data
		default:
			w.warn("xmp.unexpected-element", int(e.off), "rdf:%s where a property was expected ignored", w.t.str(e.local))
		}
		return
	}
	w.path = append(w.path, extract.XMPStep{NS: w.t.str(e.ns), Name: w.t.str(e.local)})
	w.value(e, lang)
	w.path = w.path[:len(w.path)-1]
}

// value decodes the value of element e (a property element or an rdf:li item) whose step
// is on top of the path: simple text, rdf:resource, a struct (nested rdf:Description,
// rdf:parseType="Resource" or shorthand attributes) or an array.
func (w *walker) value(e *elem, lang string) {
	if !w.spend(e) {
		return
	}
	if e.hasLang {
		lang = w.t.str(e.lang)
	}
	if id, ok := w.t.syntax(e, synNodeID); ok && e.first == 0 {
		w.reference(e, id, lang)
		return
	}
	if pt, ok := w.t.syntax(e, synParseType); ok {
		switch pt {
		case "Resource": // XMP Part 1 §7.9.2.4: struct (or qualified value) without rdf:Description
			w.attrs(e, lang)
			for k := w.t.child(e.first); k != nil; k = w.t.child(k.next) {
				w.property(k, lang)
			}
		case "Literal":
			if e.first != 0 {
				w.warn("xmp.unsupported-syntax", int(e.off), "rdf:parseType=\"Literal\" with markup ignored")
				return
			}
			w.emit(w.t.str(e.text), lang, textOr(e))
		default:
			w.warn("xmp.unsupported-syntax", int(e.off), "rdf:parseType=%q ignored", pt)
		}
		return
	}
	if res, ok := w.t.syntax(e, synResource); ok { // XMP Part 1 §7.5: a URI value
		w.emit(res, lang, int(e.off))
		w.attrs(e, lang)
		return
	}
	if e.first != 0 {
		w.attrs(e, lang) // qualifiers written as attributes
		for k := w.t.child(e.first); k != nil; k = w.t.child(k.next) {
			if kind, ok := containerOf(k.rdf); ok {
				w.array(k, kind, lang)
				continue
			}
			switch k.rdf {
			case rdfDescription:
				if id, ok := w.t.syntax(k, synNodeID); ok {
					w.reference(k, id, lang) // one of the node's definitions: all of them
				} else {
					w.node(k, lang)
				}
			default:
				// Not RDF (a field without rdf:parseType="Resource"); read it as a field.
				w.property(k, lang)
			}
		}
		return
	}
	if e.skipped || e.open { // incomplete: the text may be cut, the attributes are whole
		w.attrs(e, lang)
		return
	}
	if e.fieldAttrs && isSpace(w.t.str(e.text)) { // XMP Part 1 §7.9.2.3: shorthand struct
		w.attrs(e, lang)
		return
	}
	w.emit(w.t.str(e.text), lang, textOr(e))
	w.attrs(e, lang)
}

// containerOf returns the array kind of an rdf:Bag, rdf:Seq or rdf:Alt element.
func containerOf(r rdfName) (extract.Container, bool) {
	switch r {
	case rdfBag:
		return extract.Bag, true
	case rdfSeq:
		return extract.Seq, true
	case rdfAlt:
		return extract.Alt, true
	}
	return extract.NoContainer, false
}

// textOr returns the offset of e's character data, or of e when it has none.
func textOr(e *elem) int {
	if e.textOff >= 0 {
		return int(e.textOff)
	}
	return int(e.off)
}

// array decodes the rdf:li items of an rdf:Bag, rdf:Seq or rdf:Alt. The items mark the
// step on top of the path with the container and their index; an array that is itself an
// item's value gets an anonymous step of its own.
func (w *walker) array(e *elem, kind extract.Container, lang string) {
	if e.hasLang {
		lang = w.t.str(e.lang)
	}
	top := len(w.path) - 1
	if top < 0 {
		return
	}
	saved := w.path[top]
	nested := saved.Container != extract.NoContainer
	if nested {
		w.path = append(w.path, extract.XMPStep{})
		top++
	}
	i := 0
	for li := w.t.child(e.first); li != nil; li = w.t.child(li.next) {
		if li.rdf != rdfLi {
			w.warn("xmp.unexpected-element", int(li.off), "%s in rdf:%s ignored", w.t.str(li.local), w.t.str(e.local))
			continue
		}
		i++
		w.path[top].Container, w.path[top].Index = kind, i
		w.value(li, lang)
	}
	if nested {
		w.path = w.path[:top]
	} else {
		w.path[top] = saved
	}
}

// define records el as one of the definitions of node id.
func (w *walker) define(id string, el *elem) {
	if w.nodes == nil {
		w.nodes = make(map[string][]*elem)
	}
	w.nodes[id] = append(w.nodes[id], el)
}

// collect records, in document order, the rdf:Description elements below e that carry
// rdf:nodeID (e is a child of rdf:RDF). It runs only when some property refers to a node
// id, and visits each element once; the depth is bounded by the builder's MaxDepth.
func (w *walker) collect(e *elem) {
	for k := w.t.child(e.first); k != nil; k = w.t.child(k.next) {
		if k.rdf == rdfDescription {
			if id, ok := w.t.syntax(k, synNodeID); ok {
				w.define(id, k)
			}
		}
		w.collect(k)
	}
}

// reference decodes the value of element e (a property element or an rdf:li item, or an
// rdf:Description that is such an element's value) that is the node id: every definition
// of the node, in document order, whether written at the top of rdf:RDF (f-spot writes
// this) or as the value of another property. Like ExifTool, which merges the descriptions
// of a blank node, each property that refers to the node gets all of its fields. A node
// referred to while it is being expanded (a cycle) is cut with a warning.
func (w *walker) reference(e *elem, id, lang string) {
	defs := w.nodes[id]
	if len(defs) == 0 || w.resolving[id] {
		w.warn("xmp.bad-node-id", int(e.off), "rdf:nodeID %q not found or circular", id)
		return
	}
	if w.resolving == nil {
		w.resolving = make(map[string]bool)
	}
	w.resolving[id] = true
	if e.rdf != rdfDescription {
		w.attrs(e, lang) // qualifiers of the referring property element
	}
	for _, ref := range defs {
		if kind, ok := containerOf(ref.rdf); ok {
			w.array(ref, kind, lang)
		} else {
			w.node(ref, lang)
		}
	}
	delete(w.resolving, id)
}
