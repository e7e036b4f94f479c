package exif

import (
	"encoding/binary"
	"math"
	"strconv"

	"github.com/embedmeta/embedmeta/extract"
	"github.com/embedmeta/embedmeta/schema"
)

// Sub-IFD pointer tags (Exif 2.32 §4.6.3).
const (
	tagExifIFD    = 0x8769
	tagGPSIFD     = 0x8825
	tagInteropIFD = 0xA005
)

// Tags whose values are whole payloads of other kinds: XMP (0x02BC, XMP Specification
// Part 3 §1.1.4), IPTC-NAA (0x83BB) and Photoshop image resources (0x8649). A walk over a
// TIFF file (DecodeAt, WalkAt) leaves them to the container walker, which hands them over
// as payloads; the schema omits them (spec S5) either way.
const (
	tagXMP       = 0x02BC
	tagIPTC      = 0x83BB
	tagPhotoshop = 0x8649
)

// dirPanasonicRaw is the directory of the entries of a Panasonic RW2 IFD0 whose ids lie
// below the TIFF range: ExifTool reads them with its PanasonicRaw table (0x0002
// SensorWidth, 0x0017 ISO, ...), where the Exif table would give other names (0x0001
// InteropIndex, ...), so they are kept apart from DirIFD0. It is extract.dirPanasonicRaw.
const dirPanasonicRaw = extract.DirPanasonicRaw

// Tags of a Panasonic RW2 IFD0: the ids below tagFirstTIFF are PanasonicRaw's own, and
// tagJpgFromRaw holds an embedded JPEG.
const (
	tagFirstTIFF  = 0x00FE
	tagJpgFromRaw = 0x002E
)

// TIFF header magic numbers (TIFF 6.0 §2; BigTIFF; and the variants of TIFF-based raws).
const (
	magicTIFF    = 0x2A
	magicBigTIFF = 0x2B
	magicRW2     = 0x55   // Panasonic RW2/RWL/RAW
	magicORF     = 0x4F52 // Olympus ORF "IIRO" / "MMOR"
	magicORFS    = 0x5352 // Olympus ORF "IIRS"
)

// field is one IFD entry the walk accepted.
type field struct {
	dir    string
	entry  uint64 // offset of the entry in the structure
	id     uint16
	format schema.Type
	count  uint32
	at     uint64 // offset of the value (inside the entry when stored inline)
	size   uint32 // count * size of the type
	inline []byte // the value when stored inline in the entry
}

// fault is one entry or link the walk refused, with where to neutralise it.
type fault struct {
	entry uint64 // offset of the entry, or of the next-IFD link when link is set
	link  bool
}

// header is a parsed TIFF or BigTIFF header.
type header struct {
	bo      binary.ByteOrder
	bigTIFF bool
	magic   uint16
	first   uint64 // offset of IFD0
	linkAt  uint64 // where the offset of IFD0 is stored
}

// Header is a parsed TIFF or BigTIFF header (TIFF 6.0 §2; BigTIFF).
type Header struct {
	ByteOrder binary.ByteOrder
	Magic     uint16 // 42 TIFF, 43 BigTIFF, or a raw's own (MagicRW2, MagicORF, MagicORFS)
	BigTIFF   bool
	First     uint64 // offset of IFD0
}

// Magic numbers of TIFF-based raws that keep the classic TIFF layout.
const (
	MagicRW2  = magicRW2  // Panasonic RW2 / RWL / RAW ("IIU\0")
	MagicORF  = magicORF  // Olympus ORF ("IIRO", "MMOR")
	MagicORFS = magicORFS // Olympus ORF ("IIRS")
)

// ParseHeader reads a TIFF or BigTIFF header at the start of h (16 bytes are enough); with
// raw set the magic numbers of TIFF-based raws are accepted too.
func ParseHeader(h []byte, raw bool) (Header, bool) {
	hd, ok := parseHeader(h, raw)
	return Header{ByteOrder: hd.bo, Magic: hd.magic, BigTIFF: hd.bigTIFF, First: hd.first}, ok
}

// parseHeader reads a TIFF header ("II*\0" / "MM\0*" + 4-byte offset) or a BigTIFF header
// ("II+\0" / "MM\0+" + 8, 0 + 8-byte offset) from h. With raw set it also accepts the
// magic numbers of TIFF-based raws (RW2 0x55, ORF 0x4F52 / 0x5352), whose layout is classic.
func parseHeader(h []byte, raw bool) (header, bool) {
	if len(h) < 8 {
		return header{}, false
	}
	var hd header
	switch string(h[:2]) {
	case "II":
		hd.bo = binary.LittleEndian
	case "MM":
		hd.bo = binary.BigEndian
	default:
		return header{}, false
	}
	hd.magic = hd.bo.Uint16(h[2:])
	switch {
	case hd.magic == magicTIFF, raw && (hd.magic == magicRW2 || hd.magic == magicORF || hd.magic == magicORFS):
		hd.first, hd.linkAt = uint64(hd.bo.Uint32(h[4:])), 4
	case hd.magic == magicBigTIFF && len(h) >= 16 && hd.bo.Uint16(h[4:]) == 8 && hd.bo.Uint16(h[6:]) == 0:
		hd.bigTIFF, hd.first, hd.linkAt = true, hd.bo.Uint64(h[8:]), 8
	default:
		return header{}, false
	}
	return hd, true
}

// walk is the state of one bounded structural walk over a TIFF structure.
type walk struct {
	nwarn   int // warnings reported so far (Limits.MaxDirWarnings)
	src     source
	b       []byte        // the blob when src is one (sanitize rewrites a copy), else nil
	blob    blobSource    // the storage src points to for a blob
	rs      *readerSource // src when it is a reader, for its budget
	bo      binary.ByteOrder
	big     bool // big-endian
	bigTIFF bool
	first   uint64
	linkAt  uint64
	pages   int  // IFDs of the main chain to read: 2 (IFD0, IFD1) for blobs, MaxIFDs for files
	skip    bool // leave the payload tags (TagXMP, TagIPTC, TagPhotoshop) to the container walker
	rw2     bool // IFD0 follows the PanasonicRaw table (header magic 0x55)
	base    int64
	lim     extract.Limits
	ws      *extract.Warnings
	visited []uint64        // offsets of the IFDs read, while few
	many    map[uint64]bool // the same, once there are more than maxScanIFDs (a raised MaxIFDs)
	ifds    int
	stopped bool    // MaxEntries reached
	n       int     // fields accepted
	faults  []fault // what the walk refused, kept only when keepFaults is set (sanitize)
	// keepFaults is set by sanitize, the tests' oracle feeder: decoding needs no record of
	// refused entries (a count of 65535 would otherwise cost 1.5 MB of them).
	keepFaults bool
	out        []extract.RawEntry
	vals       *values // where the entries' value slices are carved from
	// tap sees every IFD read (WalkAt); its reads warn into tws, the container walker's
	// warnings, while tapping is set.
	tap     Tap
	tws     *extract.Warnings
	tapping bool
	read0   bool // IFD0's table was read
}

// maxScanIFDs is the number of IFD offsets up to which seen scans a list.
const maxScanIFDs = 64

// fault records something the walk refused, for sanitize.
func (t *walk) fault(f fault) {
	if t.keepFaults {
		t.faults = append(t.faults, f)
	}
}

// seen reports whether the IFD at off was read already.
func (t *walk) seen(off uint64) bool {
	if t.many != nil {
		return t.many[off]
	}
	for _, v := range t.visited {
		if v == off {
			return true
		}
	}
	return false
}

// maxTIFFBlob is the largest blob classic TIFF offsets address.
var maxTIFFBlob uint64 = math.MaxUint32

// newWalk checks the TIFF header of a blob and returns nil with a warning when there is none.
func newWalk(p extract.Payload, lim extract.Limits, ws *extract.Warnings) *walk {
	t := new(walk)
	if !t.initBlob(p, lim, ws) {
		return nil
	}
	return t
}

// initBlob prepares t (new or reused) for the blob of p, or reports false with a warning
// when it has no TIFF header.
func (t *walk) initBlob(p extract.Payload, lim extract.Limits, ws *extract.Warnings) bool {
	hd, ok := parseHeader(p.Data, false)
	if !ok || hd.bigTIFF {
		ws.Add(WarnBadHeader, schema.SourceEXIF, p.Offset, "no TIFF header")
		return false
	}
	b := p.Data
	if uint64(len(b)) > maxTIFFBlob { // TIFF offsets are 32-bit: nothing beyond is addressable
		b = b[:int(maxTIFFBlob)] // (a variable: the constant would not fit a 32-bit int)
	}
	t.init(hd, nil, p.Offset, lim, ws)
	t.blob = blobSource(b)
	t.src = &t.blob // a pointer in the interface: boxing the slice would allocate
	t.b, t.pages = b, 2
	return true
}

// newState returns a walk over src with header hd.
func newState(hd header, src source, base int64, lim extract.Limits, ws *extract.Warnings) *walk {
	t := new(walk)
	t.init(hd, src, base, lim, ws)
	return t
}

// init prepares t, new or reused (keeping the memory of its list of IFDs), for a walk over
// src with header hd. Its value blocks stay as they are (nil: made on first use).
func (t *walk) init(hd header, src source, base int64, lim extract.Limits, ws *extract.Warnings) {
	*t = walk{
		src: src, bo: hd.bo, big: hd.bo == binary.BigEndian, bigTIFF: hd.bigTIFF,
		first: hd.first, linkAt: hd.linkAt, base: base, lim: lim, ws: ws,
		visited: t.visited[:0], vals: t.vals,
	}
}

// warn records a warning at structure offset off.
func (t *walk) warn(code string, off uint64, format string, args ...any) {
	ws := t.ws
	if t.tapping {
		ws = t.tws // a read the tap asked for: not a problem of the directory decoded
	} else {
		t.nwarn++
	}
	ws.Add(code, schema.SourceEXIF, t.base+int64(min(off, math.MaxInt64/2)), format, args...)
}

// layout returns the sizes of an IFD's entry count, of one entry and of the next-IFD link.
func (t *walk) layout() (count, entry, link uint64) {
	if t.bigTIFF {
		return 8, 20, 8
	}
	return 2, 12, 4
}

// offset reads an offset-sized unsigned integer (4 bytes, 8 in BigTIFF) from b.
func (t *walk) offset(b []byte) uint64 {
	if t.bigTIFF {
		return t.bo.Uint64(b)
	}
	return uint64(t.bo.Uint32(b))
}

// pageDir names the n-th IFD of the main chain as ExifTool does: IFD0, IFD1, IFD2, ...
func pageDir(n int) string {
	switch n {
	case 0:
		return extract.DirIFD0
	case 1:
		return extract.DirIFD1
	}
	return "IFD" + strconv.Itoa(n)
}

// run walks IFD0 (with its sub-IFDs) and the IFDs chained after it, up to t.pages of them,
// calling visit for every accepted field in spec O1 order.
func (t *walk) run(visit func(field)) {
	next, link := t.ifd(extract.DirIFD0, t.first, t.linkAt, 0, true, visit)
	for page := 1; next != 0 && page < t.pages; page++ {
		next, link = t.ifd(pageDir(page), next, link, 0, true, visit)
	}
	if next != 0 && t.seen(next) {
		t.warn(WarnIFDLoop, link, "the IFD chain links back to the IFD at %d", next)
		t.fault(fault{entry: link, link: true})
	}
}

// ifd walks the IFD at off; linkAt is where its offset was read (a next-IFD link when page
// is set, else a pointer entry). It returns the next-IFD offset (0 when there is none or it
// may not be followed) and where that offset is stored.
func (t *walk) ifd(dir string, off, linkAt uint64, depth int, page bool, visit func(field)) (uint64, uint64) {
	tab, ok := t.table(dir, off, linkAt, depth, page)
	if !ok {
		return 0, 0
	}
	if page && depth == 0 && dir == extract.DirIFD0 {
		t.read0 = true
	}
	var shown []Entry // the entries parsed for the tap, if any
	if t.tap != nil {
		shown = t.show(dir, depth, tab)
	}
	truncated := tab.truncated
	before := t.nwarn
	for i := uint64(0); i < tab.n && !t.stopped; i++ {
		if t.nwarn-before > t.lim.MaxDirWarnings {
			t.warn(WarnDirProblems, off, "%s: more than %d problems; the rest of it is skipped", dir, t.lim.MaxDirWarnings)
			truncated = true
			break
		}
		if shown != nil {
			t.entry(dir, shown[i], tab.field(t, i), depth, visit)
		} else {
			t.entry(dir, tab.entry(t, i), tab.field(t, i), depth, visit)
		}
	}
	_, es, ls := t.layout()
	if truncated || t.stopped || !tab.complete {
		return 0, 0
	}
	linkAt = tab.off + tab.head + es*tab.stored
	lb := t.src.at(linkAt, ls)
	if lb == nil {
		return 0, 0
	}
	return t.offset(lb), linkAt
}

// table is one IFD's table of entries as the walk read it.
type table struct {
	off       uint64 // offset of the IFD
	head      uint64 // size of its entry count
	stored    uint64 // the entry count it stores
	n         uint64 // entries read: at most Limits.MaxIFDEntries, and those in the structure
	truncated bool   // fewer than the stored entries are in the structure
	complete  bool   // every stored entry is in the structure, so is the next-IFD link's offset
	raw       []byte // the n entries
}

// entry parses the i-th entry of tab.
func (tab *table) entry(t *walk, i uint64) Entry {
	_, es, _ := t.layout()
	return t.parse(tab.off+tab.head+es*i, tab.raw[es*i:es*(i+1)])
}

// field returns the value/offset field of the i-th entry of tab.
func (tab *table) field(t *walk, i uint64) []byte {
	_, es, ls := t.layout()
	return tab.raw[es*(i+1)-ls : es*(i+1)]
}

// table reads the table of the IFD at off, the bounded IFD reader of every walk: it refuses
// (with a warning, and a fault where linkAt stored the offset) an IFD already read, one
// inside the header or outside the structure, one beyond Limits.MaxIFDs or Limits.MaxDepth;
// it reads at most Limits.MaxIFDEntries entries and those the structure holds, warning
// about the others.
func (t *walk) table(dir string, off, linkAt uint64, depth int, page bool) (table, bool) {
	cs, es, _ := t.layout()
	refuse := func(code, format string, args ...any) (table, bool) {
		t.warn(code, linkAt, format, args...)
		t.fault(fault{entry: linkAt, link: page})
		return table{}, false
	}
	switch {
	case t.stopped:
		return table{}, false
	case t.seen(off):
		return refuse(WarnIFDLoop, "%s at %d was already read", dir, off)
	case off < 8:
		// Inside the header: no need to learn the structure's size (on a stream, its end).
		return refuse(WarnOffsetRange, "%s offset %d inside the 8-byte TIFF header", dir, off)
	case off > math.MaxUint64-cs || !t.src.has(off+cs):
		return refuse(WarnOffsetRange, "%s offset %d outside the %d-byte structure", dir, off, t.src.size())
	case t.ifds >= t.lim.MaxIFDs:
		return refuse(WarnTooManyIFDs, "more than %d IFDs", t.lim.MaxIFDs)
	case depth > t.lim.MaxDepth:
		return refuse(WarnTooDeep, "%s nested deeper than %d", dir, t.lim.MaxDepth)
	}
	head := t.src.at(off, cs)
	if head == nil {
		t.budget(off)
		return table{}, false
	}
	t.visited = append(t.visited, off)
	if t.many != nil || len(t.visited) > maxScanIFDs {
		if t.many == nil {
			t.many = make(map[uint64]bool, 2*len(t.visited))
		}
		for _, v := range t.visited {
			t.many[v] = true
		}
		t.visited = t.visited[:0]
	}
	t.ifds++
	tab := table{off: off, head: cs}
	if t.bigTIFF {
		tab.stored = t.bo.Uint64(head)
	} else {
		tab.stored = uint64(t.bo.Uint16(head))
	}
	n := tab.stored
	if n > uint64(t.lim.MaxIFDEntries) {
		t.warn(WarnTooManyEntries, off, "%s has %d entries, reading %d", dir, n, t.lim.MaxIFDEntries)
		if t.keepFaults && !t.bigTIFF { // faults serve sanitize, which only sees classic blobs
			for i := uint64(t.lim.MaxIFDEntries); i < n; i++ {
				t.fault(fault{entry: off + cs + es*i})
			}
		}
		n = uint64(t.lim.MaxIFDEntries)
	}
	if !t.src.has(off + cs + n*es) {
		avail := (t.src.size() - off - cs) / es
		t.warn(WarnTruncatedIFD, off, "%s has %d entries, %d fit in the structure", dir, n, avail)
		n, tab.truncated = avail, true
	}
	tab.complete = !tab.truncated && tab.stored <= (math.MaxUint64-off-cs)/es && t.src.has(off+cs+tab.stored*es)
	tab.n = n
	tab.raw = t.src.at(off+cs, n*es)
	if tab.raw == nil {
		t.budget(off)
		return table{}, false
	}
	return tab, true
}

// budget reports a read refused because Limits.MaxTotalRead is spent.
func (t *walk) budget(off uint64) {
	if t.rs != nil && t.rs.exhausted {
		t.warn(WarnReadLimit, off, "more than %d bytes read", t.lim.MaxTotalRead)
		t.stopped = true
	}
}

// Entry is one IFD entry as stored, before the walk checks it: what a Tap sees.
type Entry struct {
	At    uint64 // offset of the entry
	ID    uint16
	Type  schema.Type
	Count uint64
	// Value is the offset of the value: inside the entry when Size fits there (4 bytes,
	// 8 in BigTIFF), else the offset the entry stores.
	Value uint64
	// Size is Count times the size of one value of Type; 0 for an unknown Type or a
	// Count above 2^32-1.
	Size uint64
}

// parse reads the entry at e from its bytes raw.
func (t *walk) parse(e uint64, raw []byte) Entry {
	en := Entry{At: e, ID: t.bo.Uint16(raw), Type: schema.Type(t.bo.Uint16(raw[2:]))}
	var field []byte // the value/offset field
	if t.bigTIFF {
		en.Count, field = t.bo.Uint64(raw[4:]), raw[12:20]
	} else {
		en.Count, field = uint64(t.bo.Uint32(raw[4:])), raw[8:12]
	}
	en.Value = e + uint64(len(raw)-len(field))
	if size := en.Type.Size(); size != 0 && en.Count <= math.MaxUint32 {
		en.Size = en.Count * size
		if en.Size > uint64(len(field)) {
			en.Value = t.offset(field)
		}
	}
	return en
}

// entry checks the entry en, whose value/offset field is inline, and either descends (a
// sub-IFD pointer) or visits it.
func (t *walk) entry(dir string, en Entry, inline []byte, depth int, visit func(field)) {
	id, e, count := en.ID, en.At, en.Count
	if t.skip && (id == tagXMP || id == tagIPTC || id == tagPhotoshop) {
		return // handed over as a payload by the container walker
	}
	if t.rw2 && dir == extract.DirIFD0 && id < tagFirstTIFF {
		if id == tagJpgFromRaw {
			return // an embedded JPEG: its Exif is handed over by the container walker
		}
		dir = dirPanasonicRaw
	}
	f := en.Type
	size := f.Size()
	if size == 0 {
		t.warn(WarnBadType, e, "%s tag 0x%04X: unknown type %d", dir, id, uint16(f))
		t.fault(fault{entry: e})
		return
	}
	if count > math.MaxUint32 || count*size > uint64(t.lim.MaxValueBytes) || !t.src.has(count*size) {
		t.warn(WarnCountRange, e, "%s tag 0x%04X: %d values of %d bytes", dir, id, count, size)
		t.fault(fault{entry: e})
		return
	}
	total, at := en.Size, en.Value
	if total > uint64(len(inline)) {
		inline = nil
		if at > math.MaxUint64-total || !t.src.has(at+total) {
			t.warn(WarnOffsetRange, e, "%s tag 0x%04X: %d bytes at offset %d outside the %d-byte structure", dir, id, total, at, t.src.size())
			t.fault(fault{entry: e})
			return
		}
	} else {
		inline = inline[:total]
	}
	if child := subIFD(dir, id); child != "" {
		if !t.pointerType(f) || count == 0 {
			t.warn(WarnBadPointer, e, "%s pointer 0x%04X: type %d, count %d", dir, id, uint16(f), count)
			t.fault(fault{entry: e})
			return
		}
		v := inline
		if v == nil {
			v = t.src.at(at, size)
		}
		if v == nil {
			t.budget(e)
			return
		}
		var off uint64
		if size == 8 {
			off = t.bo.Uint64(v)
		} else {
			off = uint64(t.bo.Uint32(v))
		}
		t.ifd(child, off, e, depth+1, false, visit)
		return
	}
	if t.n >= t.lim.MaxEntries {
		t.warn(WarnEntryLimit, e, "more than %d entries", t.lim.MaxEntries)
		t.stopped = true
		return
	}
	t.n++
	visit(field{dir: dir, entry: e, id: id, format: f, count: uint32(count), at: at, size: uint32(total), inline: inline})
}

// pointerType reports whether a sub-IFD pointer may have type f (LONG or IFD; in BigTIFF
// also LONG8 and IFD8).
func (t *walk) pointerType(f schema.Type) bool {
	switch f {
	case schema.TypeLong, schema.TypeIFD:
		return true
	case schema.TypeLong8, schema.TypeIFD8:
		return t.bigTIFF
	}
	return false
}

// subIFD returns the directory a pointer tag leads to, or "" when id is not a pointer in dir.
func subIFD(dir string, id uint16) string {
	if dir == extract.DirGPS || dir == extract.DirInterop {
		return ""
	}
	switch id {
	case tagExifIFD:
		return extract.DirExifIFD
	case tagGPSIFD:
		return extract.DirGPS
	case tagInteropIFD:
		return extract.DirInterop
	}
	return ""
}
