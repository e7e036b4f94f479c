// Package normalize turns the raw entries of extract into embeddedMetadata: one flat,
// ordered list of typed fields, following the numbered rules of the normalization contract
// (spec/normalization.md): scope (S), names (N), values (V), dates (D), shape (L),
// precedence (P), order (O), aliases (A) and types (T). It consults schema for every key and
// never reads bytes of a file; MarshalJSON-ready output is written by AppendJSON (J).
package normalize

import (
	"bytes"
	"cmp"
	"slices"
	"sync"

	"github.com/embedmeta/embedmeta/extract"
	"github.com/embedmeta/embedmeta/schema"
)

// block is an output block of O1 (EXIF, then IIM, then XMP) as a dense index from 0: the
// payload source (schema.Source) less SourceEXIF, so that per-block arrays have no hole.
type block uint8

const (
	blockEXIF = block(schema.SourceEXIF - schema.SourceEXIF)
	blockIIM  = block(schema.SourceIPTC - schema.SourceEXIF)
	blockXMP  = block(schema.SourceXMP - schema.SourceEXIF)
)

// source returns the payload source of b.
func (b block) source() schema.Source { return schema.SourceEXIF + schema.Source(b) }

// Normalize builds embeddedMetadata from raw entries (in the order extract produced them).
// Trouble that does not stop normalization (an unknown IIM character set, ...) is added to ws.
func Normalize(entries []extract.RawEntry, ws *extract.Warnings) []Field {
	return NormalizeWith(entries, ws, Options{})
}

// Options change normalization. The zero value applies the spec as written.
type Options struct {
	// RawValues keeps the stored codes of enumerations instead of their labels (V2 and V6b
	// off), like ExifTool's -n: ResolutionUnit 2 instead of "inches". Such keys then carry
	// integers (or the stored characters) although the dictionary types them as strings.
	RawValues bool
}

// NormalizeWith is Normalize with options. Its output never refers to the entries' memory
// (their byte slices, their strings): what it keeps is copied, so that the caller may reuse
// the payloads the entries were decoded from.
func NormalizeWith(entries []extract.RawEntry, ws *extract.Warnings, opts Options) []Field {
	return normalize(nil, entries, ws, opts)
}

// normalize is NormalizeWith making the output in out (in new memory when out is nil).
func normalize(out *Arena, entries []extract.RawEntry, ws *extract.Warnings, opts Options) []Field {
	n := scratch.Get().(*normalizer)
	defer n.release()
	n.ws, n.opts, n.out = ws, opts, out
	n.c.init(entries)
	n.scan(entries)
	for i := range entries {
		e := &entries[i]
		switch e.Source {
		case schema.SourceEXIF:
			n.exifEntry(e, i)
		case schema.SourceIPTC:
			n.iimEntry(e, i)
		}
	}
	n.xmpEntries(entries)
	return n.merge()
}

// scratch recycles normalizers: their collector memory (slots, items, index) is the bulk of
// what normalizing allocates, and none of it escapes into the result.
var scratch = sync.Pool{New: func() any { return &normalizer{iimSets: new(iimDatasets)} }}

// maxFallback bounds the N3 definitions a pooled normalizer keeps between files.
const maxFallback = 1 << 12

// release resets n and returns it to the pool.
func (n *normalizer) release() {
	n.c.release()
	sets := n.iimSets
	if sets == nil {
		sets = new(iimDatasets)
	} else {
		sets.reset()
	}
	c, buf, buf2, items, fallback, lastFlat := n.c, n.buf[:0], n.buf2[:0], n.items[:0], n.fallback, n.lastFlat[:0]
	if len(fallback) > maxFallback {
		fallback = nil
	}
	clear(n.exifIFD)
	clear(items[:cap(items)])
	*n = normalizer{c: c, buf: buf, buf2: buf2, items: items, exifIFD: n.exifIFD[:0], iimSets: sets, fallback: fallback, lastFlat: lastFlat}
	scratch.Put(n)
}

type normalizer struct {
	ws        *extract.Warnings
	opts      Options
	out       *Arena    // where the output is made; nil: new memory
	text      textArena // where the output's text is made (values)
	exifIFD   exifDir   // the Exif IFD's entries, where a date-time's OffsetTag is looked up (D1)
	iim       iimState
	iimWins   bool         // P2: a stored IPTCDigest disagrees with the IIM block
	iimSets   *iimDatasets // first value and key of each record-2 dataset (S7, A1)
	c         collector
	buf, buf2 []byte   // scratch for XMP flattened ids and path keys
	items     []Scalar // scratch for the items of one entry (add copies them)
	// The namespace of the last XMP leaf looked up, once for the leaves that share it.
	nsURI   string
	ns      schema.XMPNS
	nsKnown bool
	// The memory of xmpEntries' cache of the last flattened id, kept for the next file.
	lastFlat []byte
	// N3 fallback definitions made so far, by path key (appendPathKey): kept with the pooled
	// normalizer from file to file (they are immutable), up to maxFallback of them.
	fallback map[string]xmpDef
}

// scan collects what converting single entries needs from others: EXIF offsets (D1), the IIM
// character set (V1) and the IPTC digests (P2).
func (n *normalizer) scan(entries []extract.RawEntry) {
	var stored, current []byte
	for i := range entries {
		e := &entries[i]
		switch e.Source {
		case schema.SourceEXIF:
			if e.Dir == extract.DirExifIFD {
				n.exifIFD = append(n.exifIFD, e)
			}
		case schema.SourceIPTC:
			if e.Record == 1 && iimCharset(uint8(e.ID)) {
				n.iim.utf8 = bytes.Contains(e.Bytes, []byte("\x1b%G"))
				if !n.iim.utf8 && bytes.IndexByte(e.Bytes, 0x1b) >= 0 && n.ws != nil {
					n.ws.Add("iim.charset-unsupported", schema.SourceIPTC, e.Offset,
						"coded character set %q is not UTF-8; text decoded as UTF-8 or Windows-1252", e.Bytes)
				}
			}
		case schema.SourcePhotoshop:
			switch {
			case e.ID == extract.ResourceIPTCDigest && e.Type == schema.TypeBinary:
				stored = e.Bytes
			case e.ID == extract.ResourceIPTC && e.Type == schema.TypeDigest:
				current = e.Bytes
			}
		}
	}
	// P2: only a stored digest that disagrees with the block hands precedence to IIM.
	n.iimWins = stored != nil && current != nil && !bytes.Equal(stored, current)
}

// exifTable maps an EXIF directory to its tag table; ok is false for directories outside
// S1 (IFD1 and any other).
func exifTable(dir string) (schema.Table, bool) {
	switch dir {
	case extract.DirIFD0, extract.DirExifIFD, extract.DirInterop:
		return schema.TableExif, true
	case extract.DirGPS:
		return schema.TableGPS, true
	case extract.DirPanasonicRaw: // N2: a Panasonic RW2's IFD0 ids below 0x00FE
		return schema.TablePanasonicRaw, true
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
	if n.opts.RawValues && (t.Conv == schema.ConvLabel || t.Conv == schema.ConvLabelEach || t.Conv == schema.ConvBitmask) {
		kind, shape, items := rawCodes(e, t)
		n.c.add(blockEXIF, t.Name, t, kind, shape, items, pos, pos)
		return
	}
	items := convertEXIF(n.items[:0], e, t, n.exifIFD, &n.c.made)
	n.items = items[:0]
	if t.Shape == schema.Scalar && len(items) > 1 {
		// T1/T2: a scalar key never becomes an array. A value stored with several components
		// where one is defined (ExposureCompensation as 4 BYTEs, ExposureTime as 2 SHORTs)
		// is not the tag's value: it is dropped, with a warning.
		if n.ws != nil {
			n.ws.Add("exif.unexpected-count", schema.SourceEXIF, e.Offset,
				"%s (0x%04x) stored as %d %s values where one is defined: dropped", t.Name, e.ID, e.Count, e.Type)
		}
		items = nil
	} else if len(items) == 0 && (t.Kind == schema.Integer || t.Kind == schema.Number) &&
		e.Type == schema.TypeUndefined && len(e.Bytes) > 0 && t.ReadAs == 0 && n.ws != nil {
		// T1: a numeric key stored as UNDEFINED bytes has no number to give (ExposureCompensation
		// as UNDEFINED[4]): the value is dropped, with a warning.
		n.ws.Add("exif.unexpected-type", schema.SourceEXIF, e.Offset,
			"%s (0x%04x) stored as %d UNDEFINED bytes where a %s is defined: dropped", t.Name, e.ID, e.Count, t.Kind)
	}
	items = dropEmpty(t.Kind, items)
	n.c.add(blockEXIF, t.Name, t, t.Kind, t.Shape, items, pos, pos) // every EXIF entry is an occurrence
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
	if _, seen := n.iimSets.raw(ds); !seen {
		n.iimSets.setRaw(ds, bytes.TrimSpace(e.Bytes))
	}
	items := convertIIM(n.items[:0], e, t, n.iim, &n.c.made)
	n.items = items[:0]
	items = dropEmpty(t.Kind, items)
	if len(items) > 0 {
		n.iimSets.setKey(ds, t.Name)
	}
	if idx := n.c.slotsOf(t.Name, t)[blockIIM]; idx > 0 && n.c.slots[idx-1].part < e.Part {
		return // a later IIM block ranks below the first that has the key (ExifTool's IPTC2)
	}
	// Repetitions of a dataset within one block accumulate (L1).
	n.c.addPart(blockIIM, t.Name, t, t.Kind, t.Shape, items, pos, int(e.ID)|int(e.Part)<<16, e.Part)
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
	rank := [3]int{blockEXIF: 0, blockXMP: 1, blockIIM: 2} // P1: EXIF > XMP > IIM
	if n.iimWins {
		rank[blockIIM], rank[blockXMP] = 1, 2 // P2
	}
	// Winners in slot order: within a block, slots are made in entry order, so each block's
	// winners are already in O1 order unless a later occurrence replaced one (P3).
	slots := n.c.slots
	winners := n.c.winners[:0]
	defer func() { n.c.winners = winners[:0] }()
	for b := range blockXMP + 1 {
		start := len(winners)
		for i := range slots {
			sl := &slots[i]
			if sl.block != b {
				continue
			}
			best := int32(-1)
			for ob, idx := range sl.peers {
				if idx > 0 && (best < 0 || rank[ob] < rank[slots[best].block]) {
					best = idx - 1
				}
			}
			if best == int32(i) {
				winners = append(winners, best)
			}
		}
		part := winners[start:]
		if !slices.IsSortedFunc(part, func(a, b int32) int { return cmp.Compare(slots[a].pos, slots[b].pos) }) {
			slices.SortFunc(part, func(a, b int32) int { return cmp.Compare(slots[a].pos, slots[b].pos) })
		}
	}
	n.values()
	for i := range slots {
		if sl := &slots[i]; sl.block == blockXMP && sl.tag != nil && sl.tag.Conv == schema.ConvLabel {
			sl.live = int32(len(labelXMP(sl.tag, n.c.itemsOf(int32(i)), n.opts.RawValues)))
		}
	}
	fields := n.out.takeFields(len(winners) + 4)
	fields = fields[:len(winners)] // takeFields made room for them
	for i, w := range winners {
		// Field by field: a composite literal copied whole is slower (it goes through the stack).
		sl, f := &slots[w], &fields[i]
		f.Key, f.Source, f.Tag = sl.key, sl.block.source(), sl.tag
		items := n.c.itemsOf(w)
		f.Value.Kind, f.Value.Shape, f.Value.Items = sl.kind, sl.shape, items
		f.Value.List = isList(sl.shape, len(items))
	}
	won := len(fields)
	fields = n.composites(fields, won) // O2
	fields = n.aliases(fields, won)    // O3
	return exifVersionFirst(fields)    // O4
}

// present reports whether key is already an output field: a key the collector has slots
// for (each such key has exactly one winning field), or one of the fields composites and
// aliases appended after the winners (fields[winners:]).
func (n *normalizer) present(fields []Field, winners int, key string) bool {
	if n.c.slotsOf(key, nil) != ([3]int32{}) {
		return true
	}
	for i := winners; i < len(fields); i++ {
		if fields[i].Key == key {
			return true
		}
	}
	return false
}

// makeValue shapes items per the key's shape class (L2, L3, L5).
func makeValue(k schema.Kind, sh schema.Shape, items []Scalar) Value {
	return Value{Kind: k, Shape: sh, List: isList(sh, len(items)), Items: items}
}

// isList reports whether a value of shape sh with n items is an array (L2, L3, L5).
func isList(sh schema.Shape, n int) bool {
	return sh == schema.AlwaysList || sh == schema.FixedVector || n > 1
}

// composites adds the IIM date+time composites (S7, D3).
func (n *normalizer) composites(fields []Field, winners int) []Field {
	for _, c := range schema.Composites() {
		if c.Record != 2 || n.present(fields, winners, c.Key) {
			continue
		}
		ds, okD := n.iimSets.raw(c.DateDataset)
		ts, okT := n.iimSets.raw(c.TimeDataset)
		if !okD || !okT {
			continue
		}
		d, ok := parseIIMDate(string(ds))
		if !ok {
			continue
		}
		tm, ok := parseIIMTime(string(ts))
		if !ok {
			continue
		}
		inst, ok := makeDate(d.Year(), int(d.Month()), d.Day(), tm.h, tm.m, tm.s, tm.ms, tm.offset)
		if !ok {
			continue
		}
		def, _ := schema.Lookup(c.Key)
		items := n.c.takeSpare(1)
		items[0] = dateItem(inst, tm.hasOffset)
		fields = append(fields, Field{Key: c.Key, Source: schema.SourceComposite, Tag: def,
			Value: Value{Kind: schema.Date, Shape: schema.Scalar, Items: items}})
	}
	return fields
}

// aliases adds the A1 alias keys, in IIM storage order, where the key is not present.
func (n *normalizer) aliases(fields []Field, winners int) []Field {
	type pending struct {
		key  string
		slot int32
	}
	var room [8]pending // A1 lists a handful of aliases
	todo := room[:0]
	for _, a := range schema.Aliases() {
		if a.Record != 2 || n.present(fields, winners, a.Key) {
			continue
		}
		key, ok := n.iimSets.key(a.Dataset)
		if !ok {
			continue
		}
		if idx := n.c.slotsOf(key, nil)[blockIIM]; idx > 0 {
			todo = append(todo, pending{a.Key, idx - 1})
		}
	}
	slices.SortStableFunc(todo, func(a, b pending) int { return cmp.Compare(n.c.slots[a.slot].pos, n.c.slots[b.slot].pos) })
	for _, p := range todo {
		if n.present(fields, winners, p.key) {
			continue
		}
		sl := &n.c.slots[p.slot]
		def, _ := schema.Lookup(p.key)
		fields = append(fields, Field{Key: p.key, Source: schema.SourceIPTC, Tag: def,
			Value: makeValue(sl.kind, sl.shape, n.c.itemsOf(p.slot))})
	}
	return fields
}

// exifVersionFirst moves the key the dictionary gives RoleFirst (ExifVersion) to the front
// (O4).
func exifVersionFirst(fields []Field) []Field {
	for _, first := range schema.KeysOf(schema.RoleFirst) {
		for i, f := range fields {
			if f.Key == first.Key {
				copy(fields[1:i+1], fields[:i])
				fields[0] = f
				break
			}
		}
	}
	return fields
}

// iimCharset reports whether record 1's dataset ds names the coded character set of record
// 2 (RoleIIMCharset: 1:90).
func iimCharset(ds uint8) bool {
	t := schema.IIM(1, ds)
	return t != nil && t.Role == schema.RoleIIMCharset
}
