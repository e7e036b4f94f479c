// Package exif decodes a TIFF/Exif structure (the payload of a JPEG APP1 Exif segment, a
// TIFF file's header and IFDs, a PNG eXIf chunk, ...) into raw entries.
//
// Decoding is two steps. A bounded structural walk over the blob (walk.go) validates every
// IFD offset, entry count, field type, value size and value offset against the bytes that
// exist and the Limits, detects IFD loops and caps the number and depth of IFDs; it fixes
// the order of the entries (spec O1). The values of the entries it accepted are then
// decoded directly from slices already checked to hold count*size bytes, into a few
// blocks shared by all entries of the payload (values.go). go-exif is not on the decoding
// path (docs/decisions.md says why): its value parser (github.com/dsoprea/go-exif/v3/common.Parser)
// and its IFD walk (Visit, fed the neutralised copy built by sanitize) are the differential
// oracles of the tests.
//
// The walk is also the IFD reader of the TIFF container walker (extract/tiff): WalkAt reads
// a TIFF file's IFDs once, decoding the entries and showing the container walker every IFD
// (Tap), whose reads (Walk) share the walk's bounds, loop detection, read budget and
// warning codes. The payload WalkAt returns hands the decoded entries to Decode.
package exif

import (
	"io"

	"github.com/embedmeta/embedmeta/extract"
	"github.com/embedmeta/embedmeta/schema"
)

// Warning codes reported by Decode.
const (
	WarnBadHeader      = "exif.bad-header"          // no TIFF byte-order mark / magic number
	WarnOffsetRange    = "exif.offset-out-of-range" // an IFD or value offset outside the blob
	WarnCountRange     = "exif.count-out-of-range"  // count*size overflows, exceeds the blob or MaxValueBytes
	WarnBadType        = "exif.bad-type"            // an unknown TIFF field type
	WarnIFDLoop        = "exif.ifd-loop"            // an IFD offset already visited
	WarnTooManyIFDs    = "exif.too-many-ifds"       // Limits.MaxIFDs reached
	WarnDirProblems    = "exif.too-many-problems"   // Limits.MaxDirWarnings reached in one IFD
	WarnTooDeep        = "exif.too-deep"            // Limits.MaxDepth reached
	WarnTooManyEntries = "exif.too-many-entries"    // an IFD with more than Limits.MaxIFDEntries entries
	WarnTruncatedIFD   = "exif.truncated-ifd"       // an IFD whose entries run past the blob
	WarnBadPointer     = "exif.bad-pointer"         // a sub-IFD pointer of the wrong type or count
	WarnEntryLimit     = "exif.entry-limit"         // Limits.MaxEntries reached
	WarnReadLimit      = "exif.read-limit"          // Limits.MaxTotalRead spent (a structure read in place)
)

// Decode returns the raw entries of the TIFF structure in p (p.Data starts at the byte-order
// mark, p.Offset is its file offset) in spec O1 order: IFD0's entries in stored order with
// the Exif IFD's entries (and, inside it, the Interop IFD's) and the GPS IFD's entries
// inserted where their pointer tags sit, then IFD1's entries. Pointer tags are not emitted.
// Values are native: integers in Ints, rationals in Rats, FLOAT/DOUBLE in Floats, and
// ASCII, UTF-8 and UNDEFINED as the stored bytes, untrimmed: a sub-slice of p.Data (capped
// at its length, so appending copies), which the caller must not modify while it uses the
// entries. The numeric slices of all entries share a few blocks. Problems become warnings in ws
// and the entries read before them are returned. Decode is safe for concurrent use.
//
// A payload passed by reference (p.Data nil, p.Reader set: a TIFF file) is decoded as
// DecodeAt does.
func Decode(p extract.Payload, lim extract.Limits, ws *extract.Warnings) []extract.RawEntry {
	return DecodeAppend(nil, p, lim, ws)
}

// DecodeAppend is Decode appending the entries to dst, which saves copying them when the
// caller collects the entries of several payloads in one slice.
func DecodeAppend(dst []extract.RawEntry, p extract.Payload, lim extract.Limits, ws *extract.Warnings) []extract.RawEntry {
	return decodeAppend(dst, p, lim, ws, nil)
}

// Decoder is DecodeAppend with memory kept from call to call: the numeric values of the
// entries of every payload it decodes are carved from the same blocks, which Reset hands
// back for reuse, so a file with many EXIF payloads, or a pipeline that decodes file after
// file, does not allocate them anew. The entries' numeric slices are valid until Reset.
// The zero value is ready to use; a Decoder is not safe for concurrent use.
type Decoder struct {
	vals values
	w    walk // the walk of the payload being decoded, reused
}

// DecodeAppend is the package's DecodeAppend with d's value blocks.
func (d *Decoder) DecodeAppend(dst []extract.RawEntry, p extract.Payload, lim extract.Limits, ws *extract.Warnings) []extract.RawEntry {
	return decodeAppend(dst, p, lim, ws, d)
}

// Reset ends the use of the entries decoded since the last Reset: their numeric slices will
// be overwritten.
func (d *Decoder) Reset() {
	d.vals.ints, d.vals.rats, d.vals.floats = d.vals.ints[:0], d.vals.rats[:0], d.vals.floats[:0]
}

// decodeAppend is DecodeAppend with d's walk and value blocks (new ones when d is nil).
func decodeAppend(dst []extract.RawEntry, p extract.Payload, lim extract.Limits, ws *extract.Warnings, d *Decoder) []extract.RawEntry {
	if p.Data == nil && p.Reader != nil {
		return append(dst, DecodeAt(p.Reader, p.Offset, p.Size, lim, ws)...)
	}
	var t *walk
	if d == nil {
		t = newWalk(p, lim.Resolved(), ws)
		if t == nil {
			return dst
		}
	} else {
		t = &d.w
		t.vals = &d.vals
		if !t.initBlob(p, lim.Resolved(), ws) {
			return dst
		}
	}
	t.out = dst
	t.run(t.emit)
	out := t.out
	t.out, t.src, t.b, t.blob, t.ws = nil, nil, nil, nil, nil // keep no payload alive in the Decoder
	return out
}

// DecodeAt is Decode for a TIFF structure read in place: the size bytes of r from file
// offset base, starting at the byte-order mark (a TIFF file: base 0, size the file size).
// It reads only the header, the IFD tables and the values it decodes, within
// Limits.MaxTotalRead ("exif.read-limit" when spent), so the image data of a huge file is
// never touched. Beyond Decode it accepts BigTIFF ("II+\0" / "MM\0+", 8-byte offsets, the
// LONG8/SLONG8/IFD8 types) and the header magics of TIFF-based raws (RW2 0x55, ORF
// "IIRO"/"MMOR"/"IIRS"); it reads every IFD of the main chain, named IFD0, IFD1, IFD2, ...
// (later pages of a multi-page file, kept apart like IFD1); and it skips the tags whose
// values are whole payloads (TagXMP, TagIPTC, TagPhotoshop), which the container walker
// hands over to their own decoders. In a Panasonic RW2 (magic 0x55) the PanasonicRaw tags of
// IFD0 get Dir DirPanasonicRaw and the embedded JPEG (0x002E) is skipped. Entry offsets are
// file offsets. A payload WalkAt returned is not walked again: with the same Limits, its
// entries and warnings are those of WalkAt's walk.
// Values read through r share its memory as ReadSlice hands it out: in place for an
// extract.Slicer, in buffers lent until its release for an extract.Lender.
func DecodeAt(r io.ReaderAt, base, size int64, lim extract.Limits, ws *extract.Warnings) []extract.RawEntry {
	lim = lim.Resolved()
	if w, ok := r.(*walked); ok {
		if base == 0 && size == w.size && lim == w.lim {
			replay(ws, w.warnings)
			return w.entries[:len(w.entries):len(w.entries)]
		}
		r = w.ReaderAt
	}
	t := walkAt(r, base, size, lim, ws, nil, nil)
	if t == nil {
		return nil
	}
	return t.out
}

// walkAt walks the structure DecodeAt reads, showing tap (if not nil) every IFD read, with
// tws for the warnings of the reads tap asks for. It returns nil when there is no header.
func walkAt(r io.ReaderAt, base, size int64, lim extract.Limits, ws, tws *extract.Warnings, tap Tap) *walk {
	if r == nil || base < 0 || size <= 0 {
		ws.Add(WarnBadHeader, schema.SourceEXIF, base, "no TIFF header")
		return nil
	}
	rs := &readerSource{r: r, base: base, n: uint64(size), end: extract.EndOf(r, base+size), budget: lim.MaxTotalRead}
	hd, ok := parseHeader(rs.at(0, uint64(min(rs.end.Avail(base, 16), size))), true)
	if !ok {
		ws.Add(WarnBadHeader, schema.SourceEXIF, base, "no TIFF header")
		return nil
	}
	t := newState(hd, rs, base, lim, ws)
	t.rs, t.pages, t.skip, t.rw2 = rs, lim.MaxIFDs, true, hd.magic == magicRW2
	t.tap, t.tws = tap, tws
	t.run(t.emit)
	return t
}
