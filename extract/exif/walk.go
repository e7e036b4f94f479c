package exif

import (
	"encoding/binary"
	"math"

	exifv3 "github.com/dsoprea/go-exif/v3"

	"github.com/embedmeta/embedmeta/extract"
)

// Sub-IFD pointer tags (Exif 2.32 §4.6.3).
const (
	tagExifIFD    = 0x8769
	tagGPSIFD     = 0x8825
	tagInteropIFD = 0xA005
)

// typeSize returns the size in bytes of one value of a TIFF field type, 0 if unknown.
func typeSize(f extract.Format) uint64 {
	switch f {
	case extract.FormatByte, extract.FormatASCII, extract.FormatSByte, extract.FormatUndefined, extract.FormatUTF8:
		return 1
	case extract.FormatShort, extract.FormatSShort:
		return 2
	case extract.FormatLong, extract.FormatSLong, extract.FormatFloat, extract.FormatIFD:
		return 4
	case extract.FormatRational, extract.FormatSRational, extract.FormatDouble,
		extract.FormatLong8, extract.FormatSLong8, extract.FormatIFD8:
		return 8
	}
	return 0
}

// field is one IFD entry the walk accepted.
type field struct {
	dir    string
	entry  uint32 // offset of the 12-byte entry in the blob
	id     uint16
	format extract.Format
	count  uint32
	at     uint32 // offset of the value in the blob (entry+8 when stored inline)
	size   uint32 // count * size of the type
}

// fault is one entry or link the walk refused, with where to neutralise it.
type fault struct {
	entry uint32 // offset of the 12-byte entry, or of the 4-byte next-IFD link when link is set
	link  bool
}

// walk is the state of one bounded structural walk over a TIFF blob.
type walk struct {
	b       []byte
	bo      binary.ByteOrder
	big     bool
	first   uint32
	base    int64
	lim     extract.Limits
	ws      *extract.Warnings
	visited map[uint32]bool
	ifds    int
	stopped bool // MaxEntries reached
	n       int  // fields accepted
	faults  []fault
	out     []extract.RawEntry
}

// newWalk checks the TIFF header (through go-exif's parser) and returns nil with a warning
// when there is none.
func newWalk(p extract.Payload, lim extract.Limits, ws *extract.Warnings) *walk {
	var eh exifv3.ExifHeader
	err := guard(func() error {
		var err error
		eh, err = exifv3.ParseExifHeader(p.Data)
		return err
	})
	if err != nil || eh.ByteOrder == nil {
		ws.Add(WarnBadHeader, extract.SourceEXIF, p.Offset, "no TIFF header")
		return nil
	}
	b := p.Data
	if uint64(len(b)) > math.MaxUint32 { // TIFF offsets are 32-bit: nothing beyond is addressable
		b = b[:math.MaxUint32]
	}
	return &walk{
		b: b, bo: eh.ByteOrder, big: eh.ByteOrder == binary.BigEndian, first: eh.FirstIfdOffset,
		base: p.Offset, lim: lim, ws: ws, visited: map[uint32]bool{},
	}
}

// warn records a warning at blob offset off.
func (t *walk) warn(code string, off uint32, format string, args ...any) {
	t.ws.Add(code, extract.SourceEXIF, t.base+int64(off), format, args...)
}

// u16 and u32 read at off, reporting false when the bytes are not there.
func (t *walk) u16(off uint32) (uint16, bool) {
	if uint64(off)+2 > uint64(len(t.b)) {
		return 0, false
	}
	return t.bo.Uint16(t.b[off:]), true
}

func (t *walk) u32(off uint32) (uint32, bool) {
	if uint64(off)+4 > uint64(len(t.b)) {
		return 0, false
	}
	return t.bo.Uint32(t.b[off:]), true
}

// run walks IFD0, its sub-IFDs and IFD1, calling visit for every accepted field in spec O1
// order. IFDs chained after IFD1 (rare, not in the spec's scope) are not read.
func (t *walk) run(visit func(field)) {
	next, link := t.ifd(extract.DirIFD0, t.first, 4, 0, visit)
	if next == 0 {
		return
	}
	next, link = t.ifd(extract.DirIFD1, next, link, 0, visit)
	if next != 0 && t.visited[next] {
		t.warn(WarnIFDLoop, link, "IFD1 links back to the IFD at %d", next)
		t.faults = append(t.faults, fault{entry: link, link: true})
	}
}

// ifd walks the IFD at off; linkAt is where its offset was read (a next-IFD link or a
// pointer entry). It returns the next-IFD offset (0 when there is none or it may not be
// followed) and where that offset is stored.
func (t *walk) ifd(dir string, off, linkAt uint32, depth int, visit func(field)) (uint32, uint32) {
	refuse := func(code, format string, args ...any) (uint32, uint32) {
		t.warn(code, linkAt, format, args...)
		t.faults = append(t.faults, fault{entry: linkAt, link: dir == extract.DirIFD0 || dir == extract.DirIFD1})
		return 0, 0
	}
	switch {
	case t.stopped:
		return 0, 0
	case t.visited[off]:
		return refuse(WarnIFDLoop, "%s at %d was already read", dir, off)
	case off < 8 || uint64(off)+2 > uint64(len(t.b)):
		return refuse(WarnOffsetRange, "%s offset %d outside the %d-byte blob", dir, off, len(t.b))
	case t.ifds >= t.lim.MaxIFDs:
		return refuse(WarnTooManyIFDs, "more than %d IFDs", t.lim.MaxIFDs)
	case depth > t.lim.MaxDepth:
		return refuse(WarnTooDeep, "%s nested deeper than %d", dir, t.lim.MaxDepth)
	}
	t.visited[off] = true
	t.ifds++
	stored, _ := t.u16(off)
	n := uint32(stored)
	if n > uint32(t.lim.MaxIFDEntries) {
		t.warn(WarnTooManyEntries, off, "%s has %d entries, reading %d", dir, n, t.lim.MaxIFDEntries)
		for i := uint32(t.lim.MaxIFDEntries); i < n; i++ {
			t.faults = append(t.faults, fault{entry: off + 2 + 12*i})
		}
		n = uint32(t.lim.MaxIFDEntries)
	}
	truncated := false
	if avail := (uint32(len(t.b)) - off - 2) / 12; n > avail {
		t.warn(WarnTruncatedIFD, off, "%s has %d entries, %d fit in the blob", dir, n, avail)
		n, truncated = avail, true
	}
	for i := uint32(0); i < n && !t.stopped; i++ {
		t.entry(dir, off+2+12*i, depth, visit)
	}
	if truncated || t.stopped {
		return 0, 0
	}
	linkAt = off + 2 + 12*uint32(stored)
	next, ok := t.u32(linkAt)
	if !ok {
		return 0, 0
	}
	return next, linkAt
}

// entry checks the 12-byte entry at e and either descends (a sub-IFD pointer) or visits it.
func (t *walk) entry(dir string, e uint32, depth int, visit func(field)) {
	id, _ := t.u16(e)
	ft, _ := t.u16(e + 2)
	count, _ := t.u32(e + 4)
	f := extract.Format(ft)
	size := typeSize(f)
	if size == 0 {
		t.warn(WarnBadType, e, "%s tag 0x%04X: unknown type %d", dir, id, ft)
		t.faults = append(t.faults, fault{entry: e})
		return
	}
	total := uint64(count) * size // cannot overflow: both below 2^32
	if total > uint64(t.lim.MaxValueBytes) || total > uint64(len(t.b)) {
		t.warn(WarnCountRange, e, "%s tag 0x%04X: %d values of %d bytes", dir, id, count, size)
		t.faults = append(t.faults, fault{entry: e})
		return
	}
	at := e + 8
	if total > 4 {
		at, _ = t.u32(e + 8)
		if uint64(at)+total > uint64(len(t.b)) {
			t.warn(WarnOffsetRange, e, "%s tag 0x%04X: %d bytes at offset %d outside the %d-byte blob", dir, id, total, at, len(t.b))
			t.faults = append(t.faults, fault{entry: e})
			return
		}
	}
	if child := subIFD(dir, id); child != "" {
		if (f != extract.FormatLong && f != extract.FormatIFD) || count == 0 {
			t.warn(WarnBadPointer, e, "%s pointer 0x%04X: type %d, count %d", dir, id, ft, count)
			t.faults = append(t.faults, fault{entry: e})
			return
		}
		off, _ := t.u32(at)
		t.ifd(child, off, e, depth+1, visit)
		return
	}
	if t.n >= t.lim.MaxEntries {
		t.warn(WarnEntryLimit, e, "more than %d entries", t.lim.MaxEntries)
		t.stopped = true
		return
	}
	t.n++
	visit(field{dir: dir, entry: e, id: id, format: f, count: count, at: at, size: uint32(total)})
}

// subIFD returns the directory a pointer tag leads to, or "" when id is not a pointer in dir.
func subIFD(dir string, id uint16) string {
	if dir != extract.DirIFD0 && dir != extract.DirIFD1 && dir != extract.DirExifIFD {
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
