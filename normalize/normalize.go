// Package normalize turns the raw entries of extract into embeddedMetadata: one flat,
// ordered list of typed fields, following the numbered rules of the normalization contract
// (spec/normalization.md): scope (S), names (N), values (V), dates (D), shape (L),
// precedence (P), order (O), aliases (A) and types (T). It consults schema for every key and
// never reads bytes of a file; MarshalJSON-ready output is written by AppendJSON (J).
package normalize

import (
	"bytes"
	"sort"

	"github.com/embedmeta/embedmeta/extract"
	"github.com/embedmeta/embedmeta/schema"
)

// block is an output block of O1: EXIF, then IIM, then XMP.
type block uint8

const (
	blockEXIF block = iota
	blockIIM
	blockXMP
)

// slot accumulates one key's items from one source.
type slot struct {
	key   string
	tag   *schema.Tag
	kind  schema.Kind
	shape schema.Shape
	items []Scalar
	pos   int // index of the raw entry of the occurrence that won within the source (O1)
	occ   int // identifies the occurrence the items come from (P3)
}

// sourceSlots holds the keys one source produced, in first-seen order.
type sourceSlots struct {
	index map[string]*slot
	order []*slot
}

// add records items for key from occurrence occ. Items of one occurrence of a list-capable
// key accumulate (L1: the items of one XMP array or struct list, the repetitions of one IIM
// dataset); a new occurrence, or a second value of a non-list key, replaces what was there:
// within one source the later occurrence wins (P3). Empty strings never get here (L4).
func (s *sourceSlots) add(key string, t *schema.Tag, kind schema.Kind, shape schema.Shape, items []Scalar, pos, occ int) {
	if len(items) == 0 {
		return
	}
	if s.index == nil {
		s.index = make(map[string]*slot)
	}
	sl, ok := s.index[key]
	if !ok {
		sl = &slot{key: key, tag: t, kind: kind, shape: shape, pos: pos, occ: occ}
		s.index[key] = sl
		s.order = append(s.order, sl)
	} else if occ != sl.occ || shape == schema.Scalar || shape == schema.FixedVector {
		*sl = slot{key: key, tag: t, kind: kind, shape: shape, items: sl.items[:0], pos: pos, occ: occ}
	}
	sl.items = append(sl.items, items...)
}

// Normalize builds embeddedMetadata from raw entries (in the order extract produced them).
// Trouble that does not stop normalization (an unknown IIM character set, ...) is added to ws.
func Normalize(entries []extract.RawEntry, ws *extract.Warnings) []Field {
	n := normalizer{ws: ws}
	n.scan(entries)
	for i := range entries {
		e := &entries[i]
		switch e.Source {
		case extract.SourceEXIF:
			n.exifEntry(e, i)
		case extract.SourceIPTC:
			n.iimEntry(e, i)
		}
	}
	n.xmpEntries(entries)
	return n.merge()
}

type normalizer struct {
	ws          *extract.Warnings
	exifOffsets map[uint16]string // ExifIFD OffsetTime* values by tag id (D1)
	iim         iimState
	iimWins     bool // P2: a stored IPTCDigest disagrees with the IIM block
	iimRaw      map[uint8]string
	iimKeys     map[uint8]string // record-2 dataset -> key it produced (A1)
	src         [3]sourceSlots
}

// scan collects what converting single entries needs from others: EXIF offsets (D1), the IIM
// character set (V1) and the IPTC digests (P2).
func (n *normalizer) scan(entries []extract.RawEntry) {
	var stored, current []byte
	for i := range entries {
		e := &entries[i]
		switch e.Source {
		case extract.SourceEXIF:
			if e.Dir == extract.DirExifIFD && e.ID >= 0x9010 && e.ID <= 0x9012 {
				if n.exifOffsets == nil {
					n.exifOffsets = make(map[uint16]string)
				}
				n.exifOffsets[e.ID] = string(cString(e.Bytes))
			}
		case extract.SourceIPTC:
			if e.Record == 1 && e.ID == 90 {
				n.iim.utf8 = bytes.Contains(e.Bytes, []byte("\x1b%G"))
				if !n.iim.utf8 && bytes.IndexByte(e.Bytes, 0x1b) >= 0 && n.ws != nil {
					n.ws.Add("iim.charset-unsupported", extract.SourceIPTC, e.Offset,
						"coded character set %q is not UTF-8; text decoded as UTF-8 or Windows-1252", e.Bytes)
				}
			}
		case extract.SourcePhotoshop:
			switch {
			case e.ID == extract.ResourceIPTCDigest && e.Format == extract.FormatBinary:
				stored = e.Bytes
			case e.ID == extract.ResourceIPTC && e.Format == extract.FormatDigest:
				current = e.Bytes
			}
		}
	}
	// P2: only a stored digest that disagrees with the block hands precedence to IIM.
	// ExifTool's MWG module treats an all-zero stored digest as absent.
	n.iimWins = len(stored) == 16 && len(current) == 16 && !bytes.Equal(stored, current) &&
		!bytes.Equal(stored, make([]byte, 16))
}

// exifTable maps an EXIF directory to its tag table; ok is false for directories outside
// S1 (IFD1 and any other).
func exifTable(dir string) (schema.Table, bool) {
	switch dir {
	case extract.DirIFD0, extract.DirExifIFD, extract.DirInterop:
		return schema.TableExif, true
	case extract.DirGPS:
		return schema.TableGPS, true
	}
	return 0, false
}

func (n *normalizer) exifEntry(e *extract.RawEntry, pos int) {
	table, ok := exifTable(e.Dir)
	if !ok {
		return // S5: IFD1 and other directories are out
	}
	t := schema.EXIF(table, e.ID)
	if t == nil || t.Omit {
		return // S3, S5: omitted or unknown tags
	}
	items := convertEXIF(e, t, n.exifOffsets)
	items = dropEmpty(t.Kind, items)
	n.src[blockEXIF].add(t.Name, t, t.Kind, t.Shape, items, pos, pos) // every EXIF entry is an occurrence
}

func (n *normalizer) iimEntry(e *extract.RawEntry, pos int) {
	if e.Record != 2 {
		return // S2
	}
	t := schema.IIM(2, uint8(e.ID))
	if t == nil || t.Omit {
		return
	}
	ds := uint8(e.ID)
	if n.iimRaw == nil {
		n.iimRaw = make(map[uint8]string)
		n.iimKeys = make(map[uint8]string)
	}
	if _, seen := n.iimRaw[ds]; !seen {
		n.iimRaw[ds] = string(bytes.TrimSpace(e.Bytes))
	}
	items := dropEmpty(t.Kind, convertIIM(e, t, n.iim))
	if len(items) > 0 {
		n.iimKeys[ds] = t.Name
	}
	n.src[blockIIM].add(t.Name, t, t.Kind, t.Shape, items, pos, int(e.ID)) // repetitions of a dataset accumulate
}

func dropEmpty(k schema.Kind, items []Scalar) []Scalar {
	if k != schema.String {
		return items
	}
	out := items[:0]
	for _, it := range items {
		if it.Str != "" { // L4
			out = append(out, it)
		}
	}
	return out
}

// merge applies precedence (P1, P2), order (O1–O4), composites (S7) and aliases (A1).
func (n *normalizer) merge() []Field {
	type cand struct {
		sl     *slot
		block  block
		origin schema.Origin
	}
	winners := make(map[string]cand)
	rank := func(b block) int { // P1: EXIF > XMP > IIM; P2 swaps XMP and IIM
		switch b {
		case blockEXIF:
			return 0
		case blockXMP:
			if n.iimWins {
				return 2
			}
			return 1
		}
		if n.iimWins {
			return 1
		}
		return 2
	}
	origins := [3]schema.Origin{schema.OriginEXIF, schema.OriginIIM, schema.OriginXMP}
	for b := range n.src {
		for _, sl := range n.src[b].order {
			c, ok := winners[sl.key]
			if !ok || rank(block(b)) < rank(c.block) {
				winners[sl.key] = cand{sl: sl, block: block(b), origin: origins[b]}
			}
		}
	}
	ordered := make([]cand, 0, len(winners))
	for _, c := range winners {
		ordered = append(ordered, c)
	}
	sort.Slice(ordered, func(i, j int) bool { // O1
		if ordered[i].block != ordered[j].block {
			return ordered[i].block < ordered[j].block
		}
		return ordered[i].sl.pos < ordered[j].sl.pos
	})
	fields := make([]Field, 0, len(ordered)+4)
	present := make(map[string]bool, len(ordered)+4)
	for _, c := range ordered {
		fields = append(fields, Field{Key: c.sl.key, Value: makeValue(c.sl.kind, c.sl.shape, c.sl.items), Origin: c.origin, Tag: c.sl.tag})
		present[c.sl.key] = true
	}
	fields = n.composites(fields, present) // O2
	fields = n.aliases(fields, present)    // O3
	return exifVersionFirst(fields)        // O4
}

// makeValue shapes items per the key's shape class (L2, L3, L5).
func makeValue(k schema.Kind, sh schema.Shape, items []Scalar) Value {
	list := sh == schema.AlwaysList || sh == schema.FixedVector || len(items) > 1
	return Value{Kind: k, Shape: sh, List: list, Items: items}
}

// composites adds the IIM date+time composites (S7, D3).
func (n *normalizer) composites(fields []Field, present map[string]bool) []Field {
	for _, c := range schema.Composites() {
		if c.Record != 2 || present[c.Key] {
			continue
		}
		ds, okD := n.iimRaw[c.DateDataset]
		ts, okT := n.iimRaw[c.TimeDataset]
		if !okD || !okT {
			continue
		}
		d, ok := parseIIMDate(ds)
		if !ok {
			continue
		}
		tm, ok := parseIIMTime(ts)
		if !ok {
			continue
		}
		inst, ok := makeDate(d.Year(), int(d.Month()), d.Day(), tm.h, tm.m, tm.s, 0, tm.offset)
		if !ok {
			continue
		}
		def, _ := schema.Lookup(c.Key)
		fields = append(fields, Field{Key: c.Key, Origin: schema.OriginComposite, Tag: def,
			Value: Value{Kind: schema.Date, Shape: schema.Scalar, Items: []Scalar{{Time: inst, OffsetKnown: tm.hasOffset}}}})
		present[c.Key] = true
	}
	return fields
}

// aliases adds the A1 alias keys, in IIM storage order, where the key is not present.
func (n *normalizer) aliases(fields []Field, present map[string]bool) []Field {
	iim := &n.src[blockIIM]
	type pending struct {
		key string
		sl  *slot
	}
	var todo []pending
	for _, a := range schema.Aliases() {
		if a.Record != 2 || present[a.Key] {
			continue
		}
		key, ok := n.iimKeys[a.Dataset]
		if !ok {
			continue
		}
		if sl := iim.index[key]; sl != nil {
			todo = append(todo, pending{a.Key, sl})
		}
	}
	sort.SliceStable(todo, func(i, j int) bool { return todo[i].sl.pos < todo[j].sl.pos })
	for _, p := range todo {
		if present[p.key] {
			continue
		}
		def, _ := schema.Lookup(p.key)
		fields = append(fields, Field{Key: p.key, Origin: schema.OriginIIM, Tag: def,
			Value: makeValue(p.sl.kind, p.sl.shape, p.sl.items)})
		present[p.key] = true
	}
	return fields
}

// exifVersionFirst moves ExifVersion to the front (O4).
func exifVersionFirst(fields []Field) []Field {
	for i, f := range fields {
		if f.Key == "ExifVersion" {
			copy(fields[1:i+1], fields[:i])
			fields[0] = f
			break
		}
	}
	return fields
}
