// Package crw reads the file facts of a Canon CRW raw file (CIFF, the Camera Image File
// Format of Canon's first raw cameras).
//
// A CIFF file is a 14-byte header (byte order "II" or "MM", header length, "HEAP" and
// "CCDR" or "JPGM"), then one heap that runs to the end of the file. A heap's last 4 bytes
// give the offset of its directory (relative to the heap): a count, then 10-byte entries
// (tag, size, offset relative to the heap). Bits 8..13 of a tag give its type, and types
// 0x28 and 0x30 are heaps of their own; bit 14 puts an 8-byte value in the entry itself.
//
// CIFF records are Canon's own (ExifTool files them as maker notes, group CanonRaw): outside
// the map (spec S1, S5). The metadata a CRW can carry is the XMP packet of a Canon VRD
// trailer (see vrd). The image size is record 0x1810 (ImageInfo: width, height) in the
// ImageProps heap, as ExifTool's ImageWidth and ImageHeight. The directories sit at the end
// of their heaps, so the walker reads from the end of the file (a stream keeps what it
// passes: scan's random).
package crw

import (
	"encoding/binary"
	"io"

	"github.com/embedmeta/embedmeta/extract"
	"github.com/embedmeta/embedmeta/schema"
)

// Warning codes reported by Locate.
const (
	WarnBadDir    = "crw.bad-directory" // a heap directory outside its heap or cut off
	WarnReadLimit = "crw.read-limit"    // Limits.MaxTotalRead reached
	WarnVRD       = "crw.vrd-bad"       // a Canon VRD trailer whose header or blocks are not where it says
	WarnXMPLarge  = "crw.xmp-too-large" // a VRD XMP packet above Limits.MaxXMPBytes
	headerLen     = 14
	entryLen      = 10
	maxEntries    = 4096 // entries read from one directory
	maxDirs       = 64   // heaps visited
	maxDepth      = 8    // heap nesting
	tagImageInfo  = 0x1810
	valueInEntry  = 0x4000
	mime          = "image/x-canon-crw"
)

// IsCRW reports whether head starts with a CIFF header: a byte-order mark, and "HEAPCCDR"
// or "HEAPJPGM" at offset 6.
func IsCRW(head []byte) bool {
	if len(head) < headerLen || !(head[0] == 'I' && head[1] == 'I' || head[0] == 'M' && head[1] == 'M') {
		return false
	}
	sig := string(head[6:14])
	return sig == "HEAPCCDR" || sig == "HEAPJPGM"
}

// Locate reads the facts of the CRW file r of size bytes and the XMP of its Canon VRD
// trailer, if any (CIFF itself holds no EXIF, IPTC or XMP). A file without a CIFF header gives a *extract.FormatError wrapping
// extract.ErrUnsupportedFormat; a damaged heap gives warnings and the facts known.
func Locate(r io.ReaderAt, size int64, lim extract.Limits, ws *extract.Warnings) (extract.Payloads, error) {
	lim = lim.Resolved()
	w := &walker{Budget: extract.Budget{R: r, End: extract.EndOf(r, size), Max: lim.MaxTotalRead, WS: ws, Code: WarnReadLimit}, ws: ws, lim: lim}
	h, ok := w.Read(0, headerLen)
	if !ok || !IsCRW(h) {
		return extract.Payloads{}, &extract.FormatError{Format: "crw", Offset: 0, Msg: "missing CIFF header", Err: extract.ErrUnsupportedFormat}
	}
	w.order = binary.ByteOrder(binary.LittleEndian)
	if h[0] == 'M' {
		w.order = binary.BigEndian
	}
	start := int64(w.order.Uint32(h[2:]))
	w.out.Facts = extract.Facts{FileType: "image", MIME: mime, HasAlpha: extract.Bool(false)}
	// The root heap runs to the end of the file: the exact size is the answer here.
	end := w.End.Size()
	w.heap(start, end-start, 0)
	w.vrd(max(start, headerLen), end)
	return w.out, nil
}

// Canon VRD (recipe data) trailer, as Canon's Digital Photo Professional appends it to
// CRW (and other) files: a 0x1C-byte header and a 0x40-byte footer, both starting
// "CANON OPTIONAL DATA\0" (the footer then holds the big-endian length of what lies between
// them), and between them blocks of a big-endian type and length. Block 0xFFFF00F6 is an
// XMP packet (ExifTool's CanonVRD XMP; in scope as XMP, S1).
const (
	vrdSig    = "CANON OPTIONAL DATA\x00"
	vrdHeader = 0x1C
	vrdFooter = 0x40
	vrdXMP    = 0xFFFF00F6
	maxBlocks = 256
)

// vrd reads the XMP of a VRD trailer ending at end, which may start no earlier than lo.
func (w *walker) vrd(lo, end int64) {
	f, ok := w.Read(end-vrdFooter, vrdFooter)
	if end-lo < vrdHeader+vrdFooter || !ok || string(f[:len(vrdSig)]) != vrdSig {
		return
	}
	n := int64(binary.BigEndian.Uint32(f[len(vrdSig):]))
	start := end - vrdFooter - n - vrdHeader
	h, ok := w.Read(start, vrdHeader)
	if start < lo || !ok || string(h[:len(vrdSig)]) != vrdSig {
		w.ws.Add(WarnVRD, 0, end-vrdFooter, "Canon VRD trailer of %d bytes without its header", n)
		return
	}
	pos, stop := start+vrdHeader, end-vrdFooter
	for range maxBlocks {
		if pos+8 > stop {
			return
		}
		b, ok := w.Read(pos, 8)
		if !ok {
			return
		}
		typ, size := binary.BigEndian.Uint32(b), int64(binary.BigEndian.Uint32(b[4:]))
		pos += 8
		if size > stop-pos {
			w.ws.Add(WarnVRD, 0, pos-8, "Canon VRD block of %d bytes runs past the trailer", size)
			return
		}
		if typ == vrdXMP {
			w.xmp(pos, size)
		}
		pos += size
	}
}

// xmp adds the XMP packet of n bytes at off.
func (w *walker) xmp(off, n int64) {
	if n > w.lim.MaxXMPBytes {
		w.ws.Add(WarnXMPLarge, schema.SourceXMP, off, "XMP packet of %d bytes exceeds the limit", n)
		return
	}
	if b, ok := w.Read(off, n); ok && n > 0 {
		w.out.XMP = append(w.out.XMP, extract.Payload{Data: b, Offset: off})
	}
}

// walker is the state of one Locate call.
type walker struct {
	extract.Budget
	lim   extract.Limits
	ws    *extract.Warnings
	order binary.ByteOrder
	out   extract.Payloads
	dirs  int
	found bool
}

// heap reads the directory of the heap of n bytes at start and visits its entries.
func (w *walker) heap(start, n int64, depth int) {
	if w.found || n < 4 || depth > maxDepth {
		return
	}
	if w.dirs++; w.dirs > maxDirs {
		w.ws.Add(WarnBadDir, 0, start, "more than %d heaps", maxDirs)
		return
	}
	p, ok := w.Read(start+n-4, 4)
	if !ok {
		w.ws.Add(WarnBadDir, 0, start, "heap of %d bytes cut off", n)
		return
	}
	dir := int64(w.order.Uint32(p))
	c, ok := w.Read(start+dir, 2)
	if !ok || dir > n-6 {
		w.ws.Add(WarnBadDir, 0, start+dir, "directory outside its heap")
		return
	}
	count := min(int64(w.order.Uint16(c)), maxEntries, (n-4-dir-2)/entryLen)
	es, ok := w.Read(start+dir+2, count*entryLen)
	if !ok {
		w.ws.Add(WarnBadDir, 0, start+dir, "directory cut off")
		return
	}
	for e := es; len(e) >= entryLen && !w.found; e = e[entryLen:] {
		tag := w.order.Uint16(e)
		size, off := int64(w.order.Uint32(e[2:])), int64(w.order.Uint32(e[6:]))
		if tag&0x8000 != 0 {
			w.ws.Add(WarnBadDir, 0, start+dir, "bad directory entry 0x%04X", tag)
			return
		}
		inEntry, typ := tag&valueInEntry != 0, tag>>8&0x38
		switch {
		case (typ == 0x28 || typ == 0x30) && !inEntry:
			if off <= n && size <= n-off {
				w.heap(start+off, size, depth+1)
			}
		case tag&0x3FFF == tagImageInfo:
			v := e[2:]
			if !inEntry {
				if off > n-8 {
					continue
				}
				if v, ok = w.Read(start+off, 8); !ok {
					continue
				}
			}
			w.out.Facts.Width = int(w.order.Uint32(v))
			w.out.Facts.Height = int(w.order.Uint32(v[4:]))
			w.found = true
		}
	}
}
