package normalize

import (
	"strings"

	"github.com/embedmeta/embedmeta/extract"
	"github.com/embedmeta/embedmeta/schema"
)

// xmpEntries names, types and collects every XMP leaf (N3, X3, V6, L1–L4).
func (n *normalizer) xmpEntries(entries []extract.RawEntry) {
	occ := -1 // the first entry of the current top-level property (P3)
	var top extract.XMPStep
	var part uint16
	// The definition of the last leaf, by namespace and flattened id: the leaves of a list,
	// and the fields of the structs of a list, come one after the other with the same
	// flattened id, and the definition found for the previous leaf serves. The cache is
	// made of locals, on the stack: updating it at every leaf takes none of the write
	// barriers that stores into the normalizer (heap memory) take while the GC marks.
	flat, lastFlat := n.buf[:0], n.lastFlat[:0]
	var lastNS string
	var last, miss xmpDef
	for i := 0; i < len(entries); {
		e := &entries[i]
		if e.Source != schema.SourceXMP || len(e.Path) == 0 {
			i++
			continue
		}
		// A property repeated by the next packet (RawEntry.Part) is a new occurrence even
		// when it follows the same property of the packet before: it replaces it (P3).
		if p := &e.Path[0]; occ < 0 || p.NS != top.NS || p.Name != top.Name || e.Part != part {
			occ, top, part = i, *p, e.Part
		}
		// X3: the items of one language alternative yield one value.
		end, src := i+1, i
		if k := lastAlt(e.Path); k >= 0 {
			for end < len(entries) && sameAlt(e, &entries[end], k) {
				end++
			}
			src += pickLang(entries[i:end])
			e = &entries[src]
		}
		flat = appendFlatID(flat[:0], e.Path)
		ns := e.Path[0].NS
		d := &last
		if last.tag == nil || ns != lastNS || string(flat) != string(lastFlat) {
			if n.xmpDefinition(&miss, e.Path, flat) {
				lastNS, lastFlat, last = ns, append(lastFlat[:0], flat...), miss
			} else {
				last = xmpDef{} // a fallback definition depends on more than the flattened id
				d = &miss
			}
		}
		n.xmpLeaf(e, src, d, i, occ)
		i = end
	}
	n.buf, n.lastFlat = flat, lastFlat
}

// xmpLeaf converts one leaf value, e (entries[src]), and adds it under its key, whose
// definition is d. Text values are collected as the entry holds them: normalizer.values
// copies those the output keeps.
func (n *normalizer) xmpLeaf(e *extract.RawEntry, src int, d *xmpDef, pos, occ int) {
	t := d.tag
	if t.Omit {
		return // S6
	}
	if t.Conv == schema.ConvXMPVector { // T3: a text holding the numbers of a fixed vector
		if items, ok := xmpVector(n.items[:0], e.Text, t.Kind); ok {
			n.c.add(blockXMP, d.key, t, d.kind, d.shape, items, pos, occ)
			n.items = items[:0]
		} else {
			n.kindMismatch(e, *d)
		}
		return
	}
	var sc Scalar
	if t.Conv == schema.ConvLabel {
		// V6b labels are applied when the whole value is known (labelXMP): a list such as
		// tiff:YCbCrSubSampling "2","2" is labelled as one code "2 2".
		if sc.Str = strings.TrimSpace(e.Text); sc.Str == "" {
			return
		}
	} else if !convertXMP(&sc, e.Text, t, &n.c.made) {
		if strings.Contains(t.Rule, "T3") && strings.TrimSpace(e.Text) != "" {
			n.kindMismatch(e, *d)
		}
		return // V6c, D5, L4
	}
	it := n.c.next()
	it.i, it.f, it.offsetKnown = sc.Int, sc.Num, sc.OffsetKnown
	n.c.setText(it, sc.Str, src, e.Text)
	n.c.keep(it, blockXMP, d, pos, occ)
}

// values makes the collector's values (collector.values) in the output's memory. Text is
// collected as the entries hold it and copied once, when the values are known, only for
// live values, into one piece of the size they need. Output made in new memory
// (NormalizeWith) never refers to the entries' memory, which may be a packet read in place
// (xmp.Decoder.InPlace) that the caller reuses: all of its text is copied. Output made in
// an Arena lives only as long as the entries' memory anyway: its XMP text refers to it.
func (n *normalizer) values() {
	n.text = textArena{}
	if n.out != nil {
		n.text.buf = n.out.text
	}
	// Room for the item of each composite (S7) too.
	n.c.values(n.out, &n.text, n.out == nil, len(schema.Composites()))
	if n.out != nil {
		n.out.text = n.text.buf // the text made in it (or the new buffer it moved on to)
	}
}

// xmpDef is the key and definition of an XMP path.
type xmpDef struct {
	key   string
	tag   *schema.Tag // never nil: unlisted properties get a definition made by N3
	kind  schema.Kind
	shape schema.Shape
	id    int32 // keyID of key, found once with the definition
}

// xmpDefinition resolves a path, whose flattened id is flat, through the dictionary into d,
// without allocating for listed properties (it returns true for those); definitions made by
// the fallback rule are computed once per key (and kept for later files, see
// normalizer.fallback).
func (n *normalizer) xmpDefinition(d *xmpDef, path []extract.XMPStep, flat []byte) (listed bool) {
	ns := path[0].NS
	if ns != n.nsURI || !n.nsKnown { // consecutive leaves mostly share their namespace
		n.nsURI, n.ns, n.nsKnown = ns, schema.XMPNamespaceOf(ns), true
	}
	if t := n.ns.Flat(flat); t != nil {
		d.key, d.tag, d.kind, d.shape, d.id = t.Name, t, t.Kind, t.Shape, int32(keyID(t.Name, t))
		return true
	}
	n.buf2 = appendPathKey(n.buf2[:0], path)
	if f, ok := n.fallback[string(n.buf2)]; ok {
		*d = f
		return false
	}
	key, t, kind, shape := xmpDefinition(path)
	// The definition outlives this file (n.fallback) while a made-up key may be a substring
	// of the packet, which an Extractor reuses for the next file: the key gets its own copy.
	key = strings.Clone(key)
	if t == nil {
		// N3 fallback: a definition made from the path, an unlisted string property.
		t = &schema.Tag{Name: key, Source: schema.SourceXMP, Kind: kind, Shape: shape, Rule: "N3", Ref: "XMP " + string(flat)}
	}
	*d = oneKind(xmpDef{key: key, tag: t, kind: kind, shape: shape})
	d.id = int32(keyID(d.key, d.tag))
	if n.fallback == nil {
		n.fallback = make(map[string]xmpDef)
	}
	n.fallback[string(n.buf2)] = *d
	return false
}

// oneKind makes a definition made at run time (N3) read its values as the dictionary
// types its key when the made-up name is a dictionary key (T3: one kind and shape per key):
// an unlisted exif:ImageNumber in another namespace is an integer like aux:ImageNumber, a
// text where the key is a fixed vector is split into its numbers, and a value that cannot
// be the key's kind (a date against a number) is left out.
func oneKind(d xmpDef) xmpDef {
	p, ok := schema.Lookup(d.key)
	if !ok || p.Omit || d.tag.Omit || p.Kind == d.kind && p.Shape == d.shape {
		return d
	}
	t := *d.tag
	t.Rule = "N3,T3"
	numeric := func(k schema.Kind) bool { return k == schema.Integer || k == schema.Number }
	switch {
	case p.Kind == d.kind:
	case d.kind == schema.String && (numeric(p.Kind) || p.Kind == schema.Date),
		numeric(d.kind) && (numeric(p.Kind) || p.Kind == schema.String):
		t.Kind = p.Kind
	default: // a date against a number
		t.Omit = true
	}
	t.Shape = p.Shape
	if p.Shape == schema.FixedVector && d.shape == schema.Scalar {
		if !numeric(p.Kind) {
			t.Omit = true
		}
		t.Conv = schema.ConvXMPVector
	}
	return xmpDef{key: d.key, tag: &t, kind: t.Kind, shape: t.Shape}
}

// appendPathKey appends what an N3 definition depends on to dst: the namespace, and every
// step's name, its namespace where it differs and whether it is an item of a Bag or Seq
// (not the item's index, nor the language). Two paths with one key get one definition.
func appendPathKey(dst []byte, path []extract.XMPStep) []byte {
	ns := path[0].NS
	dst = append(append(dst, ns...), 0)
	for _, s := range path {
		dst = append(append(dst, s.Name...), 0)
		if s.NS != ns {
			dst = append(dst, s.NS...)
		}
		c := byte('-')
		if s.Container == extract.Bag || s.Container == extract.Seq {
			c = 'L'
		}
		dst = append(dst, 0, c)
	}
	return dst
}

// appendFlatID appends the flattened id of a path (N3) to dst.
func appendFlatID(dst []byte, path []extract.XMPStep) []byte {
	dst = append(dst, path[0].Name...)
	for _, s := range path[1:] {
		if s.Name == "" {
			continue
		}
		if c := s.Name[0]; c >= 'a' && c <= 'z' {
			dst = append(dst, c-'a'+'A')
			dst = append(dst, s.Name[1:]...)
		} else {
			dst = append(dst, s.Name...)
		}
	}
	return dst
}

// labelXMP replaces the stored codes of a V6b-labelled XMP value by labels (V2): the items
// of a list joined with spaces when the table has a label for the joined codes (ExifTool's
// "2 2" -> "YCbCr4:2:0 (2 2)"), else each item by itself. Under RawValues the codes stay.
// The labels are written over the items; the result is a prefix of items.
func labelXMP(t *schema.Tag, items []Scalar, raw bool) []Scalar {
	if raw {
		return items
	}
	if len(items) > 1 {
		codes := make([]string, len(items))
		for i, it := range items {
			codes[i] = it.Str
		}
		if l, ok := lookupLabel(t, strings.Join(codes, " ")); ok {
			items[0] = Scalar{Str: l}
			return items[:1:1]
		}
	}
	for i := range items {
		items[i].Str = label(t, items[i].Str)
	}
	return items
}

// xmpDefinition returns the key of an XMP path and its definition (N3). A path the
// dictionary lists gets the listed name; a field of a known struct the dictionary does not
// list gets the parent's name plus its own capitalised local name; an unknown property gets
// its capitalised flattened id. Unlisted keys are strings, list-capable when any level of
// the path is a Bag or Seq (L1), and always lists inside an L3 struct list.
func xmpDefinition(path []extract.XMPStep) (key string, t *schema.Tag, kind schema.Kind, shape schema.Shape) {
	ns := path[0].NS
	flat := flatID(path)
	if t = schema.XMP(ns, flat); t != nil {
		return t.Name, t, t.Kind, t.Shape
	}
	shape = schema.Scalar
	for _, s := range path {
		if s.Container == extract.Bag || s.Container == extract.Seq {
			shape = schema.Collapsing
		}
	}
	for j := len(path) - 1; j >= 1; j-- {
		parent := schema.XMP(ns, flatID(path[:j]))
		if parent == nil {
			continue
		}
		if parent.Shape == schema.AlwaysList {
			shape = schema.AlwaysList
		}
		if parent.Omit {
			return parent.Name + ucfirst(flatID(path[j:])), parent, schema.String, shape
		}
		// A field from another namespace inside an open struct (mwg-rs Extensions, ...) is
		// named and typed as its own namespace defines it, after the parent's name.
		if ns2 := path[j].NS; ns2 != ns {
			if own := schema.XMP(ns2, flatID(path[j:])); own != nil && !own.Omit {
				def := *own
				def.Name, def.Shape, def.Rule = parent.Name+own.Name, shape, "N3"
				return def.Name, &def, def.Kind, shape
			}
		}
		return tagName(parent.Name + ucfirst(flatID(path[j:]))), nil, schema.String, shape
	}
	return tagName(ucfirst(flat)), nil, schema.String, shape
}

// tagName keeps of a made-up name only what an ExifTool tag name may hold (letters, digits,
// '_'; '-' is removed by N1): an XML name such as "Customↂ0020Property" becomes
// "Custom0020Property", as ExifTool names it.
func tagName(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_') {
			b := make([]byte, 0, len(s))
			for j := 0; j < len(s); j++ {
				if c := s[j]; c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' {
					b = append(b, c)
				}
			}
			return string(b)
		}
	}
	return s
}

// flatID concatenates the local names along a path, each after the first capitalised (N3).
// Anonymous steps (an array written directly inside an array item) add nothing.
func flatID(path []extract.XMPStep) string {
	if len(path) == 1 {
		return path[0].Name
	}
	var sb strings.Builder
	sb.WriteString(path[0].Name)
	for _, s := range path[1:] {
		sb.WriteString(ucfirst(s.Name))
	}
	return sb.String()
}

func ucfirst(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}

// lastAlt returns the index of the last path step written as an rdf:Alt, or -1.
func lastAlt(path []extract.XMPStep) int {
	for k := len(path) - 1; k >= 0; k-- {
		if path[k].Container == extract.Alt {
			return k
		}
	}
	return -1
}

// sameAlt reports whether b is another item of the alternative a's step k belongs to.
func sameAlt(a, b *extract.RawEntry, k int) bool {
	if b.Source != schema.SourceXMP || len(b.Path) != len(a.Path) {
		return false
	}
	for i := range a.Path {
		x, y := a.Path[i], b.Path[i]
		if x.NS != y.NS || x.Name != y.Name || x.Container != y.Container {
			return false
		}
		if i != k && x.Index != y.Index {
			return false
		}
	}
	return true
}

// pickLang chooses the x-default item of a language alternative, else the first (X3): it
// returns its index in items.
func pickLang(items []extract.RawEntry) int {
	for i := range items {
		if strings.EqualFold(items[i].Lang, "x-default") {
			return i
		}
	}
	return 0
}

// kindMismatch warns that an XMP value was left out because it is not of its key's kind,
// a kind the key has from another definition (T3): the same key from EXIF or another
// namespace is a number, and this text is not one.
func (n *normalizer) kindMismatch(e *extract.RawEntry, d xmpDef) {
	if n.ws == nil {
		return
	}
	n.ws.Add("xmp.kind-mismatch", schema.SourceXMP, e.Offset,
		"%s (%s) %q is not a %s, the kind of %s: dropped", d.key, d.tag.Ref, clip(e.Text, 40), d.kind, d.key)
}

// clip shortens s to at most n bytes for a message, marking the cut.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
