package normalize

import (
	"slices"
	"unsafe"

	"github.com/embedmeta/embedmeta/extract"
	"github.com/embedmeta/embedmeta/schema"
)

// slot is one key as one source produced it.
type slot struct {
	key   string
	tag   *schema.Tag
	kind  schema.Kind
	shape schema.Shape
	block block
	pos   int      // index of the raw entry of the occurrence that won within the source (O1)
	occ   int      // identifies the occurrence the items come from (P3)
	gen   int32    // items of older generations were replaced (P3)
	live  int32    // items of the current generation
	text  int32    // bytes of their text that are parts of their entries' (values copies them)
	first int32    // where values put them: out[first : first+live]
	fill  int32    // how many of them values has put there so far
	part  uint16   // the block of the source the items came from (RawEntry.Part)
	peers [3]int32 // the slots of the same key per block, index + 1 (0: none); kept current
}

// collected is one typed value of a slot, in the order it was met: a Scalar (its Int, Num
// and OffsetKnown) whose text is held without a pointer, so that the GC has nothing to scan
// or shade in the collector's items, neither as they are written nor when release clears
// them. When src >= 0 the text is a part of an entry as it holds it, [off:off+n] of
// entries[src].Text for an XMP slot, of entries[src].Bytes for an EXIF or IIM slot; when
// src is srcMade it is made.buf[off:off+n]; else it is strs[-src-1] (labels, other text
// made by a conversion); n is 0 for the empty string.
type collected struct {
	slot        int32
	gen         int32
	src, off, n int32
	offsetKnown bool
	i           int64
	f           float64
}

// srcMade is collected.src for a text made in collector.made.
const srcMade = -1 << 31

// setText makes s the item's text: a part of the entry src's text when it is one, else a
// part of the text made in c.made when it is one, else one of the collector's strs, kept as
// it is. The last case covers labels and other strings of their own. It would also cover
// text made in an earlier array of c.made that an append has since replaced (that array
// is never written again, so the string would stay valid), but no caller makes that case
// today: a conversion makes at most one text in c.made and setText runs on it before
// anything else is appended; the fallback is defensive.
func (c *collector) setText(it *collected, s string, src int, text string) {
	if s == "" {
		it.n = 0
		return
	}
	if off, ok := partOf(s, text); ok {
		it.src, it.off, it.n = int32(src), int32(off), int32(len(s))
		return
	}
	if off, ok := partOf(s, viewOf(c.made.buf)); ok {
		it.src, it.off, it.n = srcMade, int32(off), int32(len(s))
		return
	}
	c.strs = append(c.strs, s)
	it.src, it.n = -int32(len(c.strs)), int32(len(s))
}

// partOf reports whether the bytes of s lie within those of text (TrimSpace, TrimRight, ...
// return such parts), and at which offset.
func partOf(s, text string) (int, bool) {
	if len(s) > len(text) {
		return 0, false
	}
	off := uintptr(unsafe.Pointer(unsafe.StringData(s))) - uintptr(unsafe.Pointer(unsafe.StringData(text)))
	return int(off), off <= uintptr(len(text)-len(s))
}

// collector gathers the typed values of every key of every source. It keeps all items in one
// slice and builds each key's item list once at the end, so that collecting costs no
// allocation per key.
type collector struct {
	slots []slot
	// The slots of each key, index + 1 per block (0: none): for a key of the dictionary in
	// keys[byID[id]-1], where id is its schema.KeyID (arrays: no hashing per value; byID
	// is 2 bytes per dictionary key, keys as long as this file has keys), for any other key
	// (N3 fallback names) in index. touched lists the KeyIDs set, for release.
	byID    []uint16
	keys    [][3]int32
	touched []int32
	index   map[string][3]int32
	items   []collected
	strs    []string           // the text of the items that is not a part of an entry's
	made    madeText           // ... but for the text conversions made here
	entries []extract.RawEntry // the entries normalized, whose text items refer to
	out     []Scalar           // every slot's live items (values), in the output's memory
	spare   []Scalar           // items values took with them for takeSpare
	winners []int32            // memory of merge, kept for the next file
}

// init prepares the collector for the entries of a file, reusing the memory of an earlier
// file when it has some.
func (c *collector) init(entries []extract.RawEntry) {
	if c.byID == nil {
		c.byID = make([]uint16, schema.NumKeys+1)
	}
	c.entries = entries
	c.slots = slices.Grow(c.slots[:0], len(entries)+8)
	c.items = slices.Grow(c.items[:0], len(entries)+8)
	// A key per entry at most: sized once, so that a fresh process does not fault in the
	// steps of growing arrays (issue 16.3); reused memory keeps its capacity.
	keys := min(len(entries), schema.NumKeys) + 8
	c.keys = slices.Grow(c.keys[:0], keys)
	c.touched = slices.Grow(c.touched[:0], keys)
	c.winners = slices.Grow(c.winners[:0], len(entries)+8)
}

// release drops the references the collector holds, keeping its memory for reuse.
func (c *collector) release() {
	if len(c.index) > 0 {
		clear(c.index)
	}
	for _, id := range c.touched {
		c.byID[id] = 0
	}
	c.touched, c.keys = c.touched[:0], c.keys[:0]
	clear(c.slots)
	clear(c.strs)
	c.slots, c.items, c.strs, c.out, c.spare, c.entries = c.slots[:0], c.items[:0], c.strs[:0], nil, nil, nil
	c.made.buf = c.made.buf[:0]
	if cap(c.made.buf) > maxMade {
		c.made.buf = nil
	}
}

// add records items for key from occurrence occ of source block b. Items of one occurrence
// of a list-capable key accumulate (L1: the items of one XMP array or struct list, the
// repetitions of one IIM dataset); a new occurrence, or a second value of a non-list key,
// replaces what was there: within one source the later occurrence wins (P3). Callers drop
// empty strings first (L4).
func (c *collector) add(b block, key string, t *schema.Tag, kind schema.Kind, shape schema.Shape, items []Scalar, pos, occ int) {
	c.addPart(b, key, t, kind, shape, items, pos, occ, 0)
}

// maxMade bounds the memory of collector.made kept from file to file.
const maxMade = 1 << 16

// viewOf returns b as a string without a copy: a view of b's memory, kept no longer than
// viewText's (setText holds one that is a part of its entry by its offset).
func viewOf(b []byte) string { return unsafe.String(unsafe.SliceData(b), len(b)) }

// addPart is add for items of block part of the source. The text of an EXIF or IIM item may
// be a view of the bytes of its entry, entries[pos] (viewText): values copies it.
func (c *collector) addPart(b block, key string, t *schema.Tag, kind schema.Kind, shape schema.Shape, items []Scalar, pos, occ int, part uint16) {
	if len(items) == 0 {
		return
	}
	idx := c.slotFor(b, key, keyID(key, t), t, kind, shape, pos, occ)
	sl := &c.slots[idx]
	sl.part = part
	sl.live += int32(len(items))
	gen := sl.gen
	start := len(c.items)
	c.items = slices.Grow(c.items, len(items))[:start+len(items)]
	var raw string
	if b != blockXMP { // XMP items added here are numbers (xmpVector)
		raw = viewOf(c.entries[pos].Bytes)
	}
	for i := range items {
		it, sc := &c.items[start+i], &items[i]
		it.slot, it.gen, it.i, it.f, it.offsetKnown = idx, gen, sc.Int, sc.Num, sc.OffsetKnown
		c.setText(it, sc.Str, pos, raw)
		if it.src >= 0 {
			sl.text += it.n
		}
	}
}

// next returns a zeroed item at the end of the collector's items, for a caller that fills
// its value in place and then files it (keep).
func (c *collector) next() *collected {
	c.items = append(c.items, collected{})
	return &c.items[len(c.items)-1]
}

// keep files the item next returned under the key of d from occurrence occ of source block
// b, as add does with one item.
func (c *collector) keep(it *collected, b block, d *xmpDef, pos, occ int) {
	idx := c.slotFor(b, d.key, int(d.id), d.tag, d.kind, d.shape, pos, occ)
	sl := &c.slots[idx]
	sl.part = 0
	sl.live++
	if it.src >= 0 {
		sl.text += it.n
	}
	it.slot, it.gen = idx, sl.gen
}

// slotFor returns the slot that takes the next items of key, whose keyID is id, replacing
// an older occurrence.
func (c *collector) slotFor(b block, key string, id int, t *schema.Tag, kind schema.Kind, shape schema.Shape, pos, occ int) int32 {
	per := c.lookup(key, id)
	if per[b] == 0 {
		c.slots = append(c.slots, slot{})
		sl := &c.slots[len(c.slots)-1]
		sl.key, sl.tag, sl.kind, sl.shape, sl.block, sl.pos, sl.occ = key, t, kind, shape, b, pos, occ
		per[b] = int32(len(c.slots))
		c.store(key, id, per)
		for _, i := range per { // every slot of the key knows the others (merge's winners)
			if i > 0 {
				c.slots[i-1].peers = per
			}
		}
		return per[b] - 1
	}
	idx := per[b] - 1
	sl := &c.slots[idx]
	if occ != sl.occ || shape == schema.Scalar || shape == schema.FixedVector {
		sl.key, sl.tag, sl.kind, sl.shape, sl.pos, sl.occ = key, t, kind, shape, pos, occ
		sl.gen++
		sl.live, sl.text, sl.part = 0, 0, 0
	}
	return idx
}

// keyID returns the schema.KeyID of key, or 0 when the dictionary lacks it. t is the
// definition the value was typed by: when it is the dictionary's own definition of key, its
// id is at hand; otherwise (an N3 definition made at run time, whose made-up name may
// still be a dictionary key, e.g. an unlisted exif:Orientation) the key is looked up by
// name, so that every value of one key shares one entry.
func keyID(key string, t *schema.Tag) int {
	if t != nil && t.Name == key {
		if id := schema.KeyID(t); id > 0 {
			return id
		}
	}
	return schema.KeyIDOf(key)
}

// byIDFits fails to compile if a dictionary key's index in collector.keys could overflow
// collector.byID's uint16.
const byIDFits = uint16(schema.NumKeys)

// lookup returns the slots of key (whose keyID is id).
func (c *collector) lookup(key string, id int) [3]int32 {
	if id > 0 {
		if k := c.byID[id]; k > 0 {
			return c.keys[k-1]
		}
		return [3]int32{}
	}
	return c.index[key]
}

// store records the slots of key (whose keyID is id).
func (c *collector) store(key string, id int, per [3]int32) {
	if id > 0 {
		if k := c.byID[id]; k > 0 {
			c.keys[k-1] = per
			return
		}
		c.keys = append(c.keys, per)
		c.byID[id] = uint16(len(c.keys)) // at most NumKeys: fits (byIDFits)
		c.touched = append(c.touched, int32(id))
		return
	}
	if c.index == nil {
		c.index = make(map[string][3]int32)
	}
	c.index[key] = per
}

// slotsOf returns the slots of key per block, index + 1 (0: none); t is its definition
// when the caller has it (nil: looked up by name).
func (c *collector) slotsOf(key string, t *schema.Tag) [3]int32 {
	return c.lookup(key, keyID(key, t))
}

// values makes every slot's live items, all in one array taken from mem, the slot's at
// out[first:first+live] (itemsOf), with spare more items after them for takeSpare. Their
// text that is a part of an entry is copied into text, but for XMP text when copyXMP is
// false: that refers to the entries' memory.
func (c *collector) values(mem *Arena, text *textArena, copyXMP bool, spare int) {
	live, size := 0, 0
	for i := range c.slots {
		sl := &c.slots[i]
		sl.first, sl.fill = int32(live), 0
		live += int(sl.live)
		if copyXMP || sl.block != blockXMP {
			size += int(sl.text)
		}
	}
	out := mem.takeItems(live + spare)
	out, c.spare = out[:live:live], out[live:]
	c.out = out
	size += len(c.made.buf) // all of it, live or not: it is small
	if size > 0 {
		text.reserve(size)
	}
	for i := range c.items {
		it := &c.items[i]
		sl := &c.slots[it.slot]
		if it.gen != sl.gen {
			continue
		}
		dst := &out[sl.first+sl.fill]
		sl.fill++
		dst.Int, dst.Num, dst.OffsetKnown = it.i, it.f, it.offsetKnown
		switch {
		case it.n == 0:
		case it.src == srcMade:
			dst.Str = text.copy(viewOf(c.made.buf[it.off : it.off+it.n]))
		case it.src < 0:
			dst.Str = c.strs[-it.src-1]
		case sl.block != blockXMP:
			dst.Str = text.copy(viewOf(c.entries[it.src].Bytes[it.off : it.off+it.n]))
		case copyXMP:
			dst.Str = text.copy(c.entries[it.src].Text[it.off : it.off+it.n])
		default:
			dst.Str = c.entries[it.src].Text[it.off : it.off+it.n]
		}
	}
}

// takeSpare returns k zeroed items of the output's memory, those values took for it while
// they last.
func (c *collector) takeSpare(k int) []Scalar {
	if len(c.spare) < k {
		return make([]Scalar, k)
	}
	s := c.spare[:k:k]
	c.spare = c.spare[k:]
	return s
}

// itemsOf returns the live items of slot i, once values has made them.
func (c *collector) itemsOf(i int32) []Scalar {
	sl := &c.slots[i]
	return c.out[sl.first : sl.first+sl.live : sl.first+sl.live]
}
