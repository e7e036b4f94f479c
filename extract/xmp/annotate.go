package xmp

// This file classifies the RDF syntax of each element and attribute once, when the tree
// builder adds it, so that the walker compares small integers instead of namespace URIs and
// local names, and finds rdf:nodeID, rdf:parseType, rdf:resource and rdf:about without
// scanning the attributes again.

// rdfName is what an element name means to RDF/XML: notRDF for any name outside the RDF
// namespace, else which RDF syntax element it is.
type rdfName uint8

const (
	notRDF rdfName = iota
	rdfRDF
	rdfDescription
	rdfBag
	rdfSeq
	rdfAlt
	rdfLi
	rdfValue
	rdfType
	rdfOther // another name in the RDF namespace
)

// rdfNameOf classifies the local name of an element in the RDF namespace.
func rdfNameOf(local string) rdfName {
	switch local {
	case "RDF":
		return rdfRDF
	case "Description":
		return rdfDescription
	case "Bag":
		return rdfBag
	case "Seq":
		return rdfSeq
	case "Alt":
		return rdfAlt
	case "li":
		return rdfLi
	case "value":
		return rdfValue
	case "type":
		return rdfType
	}
	return rdfOther
}

// synAttr names the RDF syntax attributes the walker looks up: rdf:about, rdf:nodeID,
// rdf:parseType and rdf:resource (or the same local name without prefix, as old writers
// put them).
type synAttr uint8

const (
	synAbout synAttr = iota
	synNodeID
	synParseType
	synResource
	numSyn
)

// synAttrOf returns which syntax attribute local names, if any.
func synAttrOf(local string) (synAttr, bool) {
	switch local {
	case "about":
		return synAbout, true
	case "nodeID":
		return synNodeID, true
	case "parseType":
		return synParseType, true
	case "resource":
		return synResource, true
	}
	return 0, false
}

// annotate classifies e (whose ns, local and attributes are set) and its attributes. Every
// tree builder calls it for each element it adds.
func (t *tree) annotate(e *elem) {
	if t.isRDF(e.ns) {
		e.rdf = rdfNameOf(t.str(e.local))
	}
	for i := e.attrs; i < e.attrs+e.nattrs; i++ {
		a := &t.attrs[i]
		ns, local := t.str(a.ns), t.str(a.local)
		a.kind = classify(ns, local)
		if a.kind == attrValue || a.kind == attrProperty {
			e.fieldAttrs = true
		}
		if ns == nsRDF || ns == "" {
			if s, ok := synAttrOf(local); ok && e.syn[s] == 0 {
				e.syn[s] = i + 1
			}
		}
	}
}

// isRDF reports whether the namespace ns is RDF's. A packet's elements use one or two
// strs for RDF's namespace and a few for others, in runs, so the last answer of each kind
// is remembered, and most calls compare no string.
func (t *tree) isRDF(ns str) bool {
	switch {
	case ns.n == 0 || ns == t.otherNS: // the empty namespace, which rdfNS's zero value is
		return false
	case ns == t.rdfNS:
		return true
	}
	if t.str(ns) == nsRDF {
		t.rdfNS = ns
		return true
	}
	t.otherNS = ns
	return false
}

// syntax returns the value of e's syntax attribute s (the first one written).
func (t *tree) syntax(e *elem, s synAttr) (string, bool) {
	i := e.syn[s]
	if i == 0 {
		return "", false
	}
	return t.str(t.attrs[i-1].value), true
}
