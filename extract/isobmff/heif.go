package isobmff

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"math"
	"slices"

	"github.com/embedmeta/embedmeta/extract"
	"github.com/embedmeta/embedmeta/schema"
)

// alphaURN reports whether urn is an auxiliary type of an alpha plane (ISO/IEC 23008-12
// §6.5.8 "auxC"; the HEVC and MPEG-B CICP URNs).
func alphaURN(urn string) bool {
	return urn == "urn:mpeg:mpegB:cicp:systems:auxiliary:alpha" || urn == "urn:mpeg:hevc:2015:auxid:1"
}

// item is one entry of "iinf" with its location from "iloc".
type item struct {
	id          uint32
	typ         string // item_type, e.g. "Exif", "mime", "hvc1"
	contentType string // for "mime" items
	loc         *location
}

// location is an item's "iloc" entry (ISO/IEC 14496-12 §8.11.3).
type location struct {
	method  uint8 // construction_method: 0 file offset, 1 idat offset, 2 item offset (unsupported)
	base    uint64
	extents [][2]uint64 // offset, length (0 = to the end)
}

// heif is what a HEIF meta box says.
type heif struct {
	primary    uint32
	hasPrimary bool
	items      []*item
	byID       map[uint32]*item
	idat       Box
	hasIdat    bool
	props      []memBox            // ipco properties, index 0 is property 1
	assoc      map[uint32][]uint16 // ipma: item -> 1-based property indices
	auxl       map[uint32][]uint32 // iref auxl: auxiliary item -> the items it serves
}

// memBox is a box parsed from bytes already in memory.
type memBox struct {
	typ  string
	data []byte
}

// memChildren splits d into boxes; it stops at the first bad header.
func memChildren(d []byte, max int) (out []memBox, ok bool) {
	for len(d) > 0 {
		if len(d) < 8 || len(out) >= max {
			return out, len(d) == 0
		}
		size := uint64(binary.BigEndian.Uint32(d))
		hl := uint64(8)
		switch size {
		case 0:
			size = uint64(len(d))
		case 1:
			if len(d) < 16 {
				return out, false
			}
			size, hl = binary.BigEndian.Uint64(d[8:]), 16
		}
		if size < hl || size > uint64(len(d)) {
			return out, false
		}
		out = append(out, memBox{typ: string(d[4:8]), data: d[hl:size]})
		d = d[size:]
	}
	return out, true
}

// heifMeta reads the top-level meta box of a HEIF file and the Exif and XMP items it names.
func (w *walker) heifMeta(b Box) {
	if b.Len() < 4 {
		w.rd.Warn(WarnBadBox, b.Offset, "meta box too short")
		return
	}
	h := &heif{byID: map[uint32]*item{}, assoc: map[uint32][]uint16{}, auxl: map[uint32][]uint32{}}
	w.rd.Children(b.Data()+4, b.End(), 1, func(c Box) bool {
		if c.Type == "idat" {
			h.idat, h.hasIdat = c, true
			return true
		}
		switch c.Type {
		case "pitm", "iinf", "iloc", "iprp", "iref":
		default:
			return true
		}
		d, ok := w.rd.Payload(c, w.rd.Lim.MaxSegment)
		if !ok {
			return true
		}
		var good bool
		switch c.Type {
		case "pitm":
			good = h.pitm(d)
		case "iinf":
			good = h.iinf(d)
		case "iloc":
			good = h.iloc(d)
		case "iprp":
			good = h.iprp(d)
		case "iref":
			good = h.iref(d)
		}
		if !good {
			w.rd.Warn(WarnBadBox, c.Offset, "%q box is damaged; what was read before the damage is used", c.Type)
		}
		return true
	})
	w.heifFacts(h)
	w.prefetch(h, b.End())
	for _, it := range h.items {
		max, ok := w.itemMax(it)
		switch {
		case !ok:
		case it.typ == "Exif":
			w.exifItem(h, it, max)
		default:
			if d, at, ok := w.itemData(h, it, max); ok && len(d) > 0 {
				w.out.XMP = append(w.out.XMP, extract.Payload{Data: d, Offset: fileOffset(at, 0)})
			}
		}
	}
}

// itemMax returns the most bytes read of an item when it is an Exif or XMP item (XMP is a
// "mime" item of type application/rdf+xml).
func (w *walker) itemMax(it *item) (int64, bool) {
	switch {
	case it.typ == "Exif":
		return w.rd.Lim.MaxSegment, true
	case it.typ == "mime" && it.contentType == "application/rdf+xml":
		return min(w.rd.Lim.MaxXMPBytes, w.rd.Lim.MaxSegment), true
	}
	return 0, false
}

// prefetch reads the extents in the file of the Exif and XMP items that lie after the meta
// box (which ends at from) in file order, when the input is a stream whose end is still
// ahead: a stream is read forward once and keeps what is read, so that the items, read
// afterwards in item order, are found also when an item lies before the one read before it
// (beyond the stream's window, it would be gone). Only what the items' reads would take is
// read: whole extents up to the item's limit, within the read budget left. Nothing is
// decided here, and bytes the stream has passed are not asked for (it may have dropped
// them, a trouble the stream reports), so the warnings stay those of the items' reads.
func (w *walker) prefetch(h *heif, from int64) {
	sl, ok := w.rd.R.(extract.Slicer)
	if _, known := w.rd.End.Known(); known || !ok || w.rd.limited {
		return
	}
	type extent struct{ off, n int64 }
	var todo []extent
	for _, it := range h.items {
		max, ok := w.itemMax(it)
		if !ok || it.loc == nil || it.loc.method != 0 {
			continue
		}
		left := uint64(max)
		for _, e := range it.loc.extents {
			start := it.loc.base + e[0]
			if start < it.loc.base || start > math.MaxInt64 || e[1] == 0 || e[1] > left {
				break
			}
			left -= e[1]
			if int64(start) >= from {
				todo = append(todo, extent{int64(start), int64(e[1])})
			}
		}
	}
	if len(todo) < 2 {
		return // one extent is read in order anyway
	}
	slices.SortStableFunc(todo, func(a, b extent) int { return cmp.Compare(a.off, b.off) })
	budget := w.rd.Lim.MaxTotalRead - w.rd.total
	for _, e := range todo {
		if e.n > budget {
			return
		}
		budget -= e.n
		sl.Slice(e.off, e.n)
	}
}

// pitm reads the primary item id (ISO/IEC 14496-12 §8.11.4).
func (h *heif) pitm(d []byte) bool {
	c := &cursor{b: d}
	v, _ := c.fullBox()
	id := uint32(c.u16())
	if v != 0 {
		c = &cursor{b: d, p: 4}
		id = c.u32()
	}
	if c.bad {
		return false
	}
	h.primary, h.hasPrimary = id, true
	return true
}

// iinf reads the item infos (ISO/IEC 14496-12 §8.11.6); only "infe" versions 2 and 3 carry
// an item_type.
func (h *heif) iinf(d []byte) bool {
	c := &cursor{b: d}
	v, _ := c.fullBox()
	if v == 0 {
		c.u16()
	} else {
		c.u32()
	}
	if c.bad {
		return false
	}
	boxes, ok := memChildren(d[c.p:], maxItems)
	for _, e := range boxes {
		if e.typ != "infe" {
			continue
		}
		ec := &cursor{b: e.data}
		ev, _ := ec.fullBox()
		if ev < 2 {
			continue
		}
		it := &item{}
		it.id = ec.u16or32(ev == 2)
		ec.u16() // item_protection_index
		it.typ = ec.fourCC()
		if ec.bad {
			ok = false
			continue
		}
		ec.cstring() // item_name
		if it.typ == "mime" {
			it.contentType = ec.cstring()
		}
		if prev, seen := h.byID[it.id]; seen {
			if prev.typ != "" {
				continue // a second info for the same item
			}
			prev.typ, prev.contentType = it.typ, it.contentType // located before its info
			it = prev
		}
		h.byID[it.id] = it
		h.items = append(h.items, it)
	}
	return ok
}

// iloc reads the item locations (ISO/IEC 14496-12 §8.11.3, versions 0 to 2).
func (h *heif) iloc(d []byte) bool {
	c := &cursor{b: d}
	v, _ := c.fullBox()
	if v > 2 {
		return false
	}
	sz := c.u8()
	offSize, lenSize := int(sz>>4), int(sz&15)
	sz = c.u8()
	baseSize, idxSize := int(sz>>4), 0
	if v >= 1 {
		idxSize = int(sz & 15)
	}
	for _, n := range []int{offSize, lenSize, baseSize, idxSize} {
		if n != 0 && n != 4 && n != 8 {
			return false
		}
	}
	count := c.u16or32(v < 2)
	for i := uint32(0); i < count && i < maxItems && !c.bad; i++ {
		id := c.u16or32(v < 2)
		loc := &location{}
		if v >= 1 {
			loc.method = uint8(c.u16() & 15)
		}
		c.u16() // data_reference_index
		loc.base = c.uint(baseSize)
		n := int(c.u16())
		per := idxSize + offSize + lenSize
		if n*per > c.left() {
			return false
		}
		for j := 0; j < n; j++ {
			c.uint(idxSize)
			o := c.uint(offSize)
			l := c.uint(lenSize)
			loc.extents = append(loc.extents, [2]uint64{o, l})
		}
		if c.bad {
			return false
		}
		if it := h.byIDOrNew(id); it.loc == nil {
			it.loc = loc
		}
	}
	return !c.bad
}

// byIDOrNew returns the item with id, remembering a location that comes before its info.
func (h *heif) byIDOrNew(id uint32) *item {
	if it, ok := h.byID[id]; ok {
		return it
	}
	it := &item{id: id}
	h.byID[id] = it // not in h.items: an item without info is never extracted
	return it
}

// iprp reads the item properties: the "ipco" container and the "ipma" associations
// (ISO/IEC 23008-12 §9.3).
func (h *heif) iprp(d []byte) bool {
	boxes, ok := memChildren(d, 64)
	for _, b := range boxes {
		switch b.typ {
		case "ipco":
			var good bool
			h.props, good = memChildren(b.data, maxItems)
			ok = ok && good
		case "ipma":
			ok = h.ipma(b.data) && ok
		}
	}
	return ok
}

// ipma reads property associations.
func (h *heif) ipma(d []byte) bool {
	c := &cursor{b: d}
	v, flags := c.fullBox()
	n := c.u32()
	for i := uint32(0); i < n && i < maxItems && !c.bad; i++ {
		id := c.u16or32(v < 1)
		k := int(c.u8())
		for j := 0; j < k && !c.bad; j++ {
			var idx uint16
			if flags&1 != 0 {
				idx = c.u16() & 0x7FFF
			} else {
				idx = uint16(c.u8() & 0x7F)
			}
			if !c.bad && len(h.assoc[id]) < maxItems {
				h.assoc[id] = append(h.assoc[id], idx)
			}
		}
	}
	return !c.bad
}

// iref reads the "auxl" item references (ISO/IEC 14496-12 §8.11.12).
func (h *heif) iref(d []byte) bool {
	c := &cursor{b: d}
	v, _ := c.fullBox()
	if c.bad {
		return false
	}
	boxes, ok := memChildren(d[4:], maxItems)
	for _, b := range boxes {
		if b.typ != "auxl" {
			continue
		}
		rc := &cursor{b: b.data}
		from := rc.u16or32(v == 0)
		n := int(rc.u16())
		for j := 0; j < n && !rc.bad; j++ {
			if to := rc.u16or32(v == 0); !rc.bad {
				h.auxl[from] = append(h.auxl[from], to)
			}
		}
	}
	return ok
}

// property returns the payload of the first property of type typ associated with item id.
func (h *heif) property(id uint32, typ string) ([]byte, bool) {
	for _, idx := range h.assoc[id] {
		if idx >= 1 && int(idx) <= len(h.props) && h.props[idx-1].typ == typ {
			return h.props[idx-1].data, true
		}
	}
	return nil, false
}

// heifFacts sets the size of the primary item ("ispe", ISO/IEC 23008-12 §6.5.3) and whether
// an alpha plane ("auxC" with an alpha URN) serves it.
func (w *walker) heifFacts(h *heif) {
	primary := h.primary
	if !h.hasPrimary && len(h.items) > 0 {
		primary = h.items[0].id
	}
	if d, ok := h.property(primary, "ispe"); ok {
		c := &cursor{b: d}
		c.fullBox()
		wd, ht := c.u32(), c.u32()
		if !c.bad && wd <= 1<<30 && ht <= 1<<30 {
			w.out.Facts.Width, w.out.Facts.Height = int(wd), int(ht)
		}
	}
	alpha := false
	for id := range h.assoc {
		d, ok := h.property(id, "auxC")
		if !ok || len(d) < 4 {
			continue
		}
		urn := (&cursor{b: d, p: 4}).cstring()
		if !alphaURN(urn) {
			continue
		}
		targets, referenced := h.auxl[id]
		if !referenced {
			alpha = true // no iref: an alpha plane in the file serves the image
		}
		for _, t := range targets {
			if t == primary {
				alpha = true
			}
		}
	}
	w.out.Facts.HasAlpha = extract.Bool(alpha)
}

// itemData returns the bytes of an item, its extents joined, and where each extent lies
// (fileOffset maps a byte of the data to the file); at most max bytes.
func (w *walker) itemData(h *heif, it *item, max int64) ([]byte, []extentAt, bool) {
	loc := it.loc
	if loc == nil || len(loc.extents) == 0 {
		w.rd.WS.Add(WarnItem, 0, -1, "item %d (%s) has no location", it.id, it.typ)
		return nil, nil, false
	}
	// The region extents live in: [lo, hi) for idat; the whole input for the file (method 0),
	// whose end is asked of w.rd.End (a stream learns it by reading).
	var lo, hi uint64
	inFile := false
	switch loc.method {
	case 0:
		inFile = true
	case 1:
		if !h.hasIdat {
			w.rd.WS.Add(WarnItem, 0, -1, "item %d is in idat but there is no idat box", it.id)
			return nil, nil, false
		}
		lo, hi = uint64(h.idat.Data()), uint64(h.idat.End())
	default:
		w.rd.WS.Add(WarnItem, 0, -1, "item %d uses construction method %d (not supported)", it.id, loc.method)
		return nil, nil, false
	}
	// reaches reports whether the region holds its first x bytes.
	reaches := func(x uint64) bool {
		if inFile {
			return x <= math.MaxInt64 && w.rd.End.Has(int64(x))
		}
		return x <= hi-lo
	}
	var out []byte
	var at []extentAt
	for _, e := range loc.extents {
		rel := loc.base + e[0]
		if rel < loc.base || !reaches(rel) { // overflow or outside
			w.rd.WS.Add(WarnItem, 0, -1, "item %d: extent offset outside the file", it.id)
			return nil, nil, false
		}
		start := lo + rel
		n := e[1]
		if n == 0 && inFile {
			n = uint64(w.rd.End.Size()) - start // to the end of the file
		} else if n == 0 {
			n = hi - start
		}
		if start+n < start || !reaches(start+n-lo) {
			w.rd.WS.Add(WarnItem, 0, int64(start), "item %d: extent of %d bytes runs past the data", it.id, n)
			return nil, nil, false
		}
		// An item's extents do not overlap, so together they hold no more bytes than the
		// region: more is a file repeating its bytes to make a small input a large payload.
		if total := uint64(len(out)) + n; total < n || !reaches(total) {
			w.rd.WS.Add(WarnItem, 0, int64(start), "item %d: its extents add up to more bytes than the data holds", it.id)
			return nil, nil, false
		}
		if n > uint64(max)-uint64(len(out)) {
			w.rd.Warn(WarnTooLarge, int64(start), "item %d exceeds the limit of %d bytes", it.id, max)
			return nil, nil, false
		}
		d, ok := w.rd.ReadAt(int64(start), int64(n))
		if !ok {
			return nil, nil, false
		}
		at = append(at, extentAt{data: int64(len(out)), file: int64(start)})
		out = append(out, d...)
	}
	return out, at, true
}

// extentAt is where one extent of an item lies: the offset of its first byte in the
// item's data (its extents one after the other) and in the file.
type extentAt struct{ data, file int64 }

// fileOffset returns the file offset of byte k of an item's data whose extents are at. An
// item of several extents is contiguous in its data, not in the file: a byte past the
// first extent lies in a later one (or, for k at the data's end, just past the last).
func fileOffset(at []extentAt, k int64) int64 {
	i := len(at) - 1
	for i > 0 && at[i].data > k {
		i--
	}
	return at[i].file + k - at[i].data
}

// exifItem locates the TIFF structure of an Exif item: the data starts with a 4-byte
// big-endian offset from its end to the TIFF header (ISO/IEC 23008-12 Annex A.2.1), usually
// pointing past "Exif\0\0". Writers that got the offset wrong are tolerated.
func (w *walker) exifItem(h *heif, it *item, max int64) {
	d, at, ok := w.itemData(h, it, max)
	if !ok {
		return
	}
	off := fileOffset(at, 0)
	skip, exact := TIFFStart(d)
	if skip < 0 {
		w.rd.WS.Add(WarnExif, schema.SourceEXIF, off, "Exif item %d holds no TIFF header", it.id)
		return
	}
	if !exact {
		w.rd.WS.Add(WarnExif, schema.SourceEXIF, off, "Exif item %d: TIFF header found at %d, not where its offset says", it.id, skip)
	}
	w.out.EXIF = append(w.out.EXIF, extract.Payload{Data: d[skip:], Offset: fileOffset(at, int64(skip))})
}

// TIFFStart returns where the TIFF header of Exif data that starts with a 4-byte big-endian
// offset lies (HEIF Exif items, JPEG XL "Exif" boxes: 4 + offset, normally just past
// "Exif\0\0"). When the offset does not point at a TIFF header, the first TIFF header in
// the leading 64 bytes is taken and exact is false; -1 means there is none.
func TIFFStart(d []byte) (start int, exact bool) {
	if len(d) >= 4 {
		s := uint64(binary.BigEndian.Uint32(d))
		if s <= uint64(len(d)-4) && isTIFF(d[4+s:]) {
			return 4 + int(s), true
		}
	}
	start = -1
	head := d[:min(len(d), 64)]
	for _, m := range []string{"II*\x00", "MM\x00*"} {
		if i := bytes.Index(head, []byte(m)); i >= 0 && (start < 0 || i < start) && isTIFF(d[i:]) {
			start = i
		}
	}
	return start, false
}
