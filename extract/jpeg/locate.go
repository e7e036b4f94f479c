// Package jpeg locates the metadata payloads of a JPEG file: Exif (APP1), XMP and Extended
// XMP (APP1) and Photoshop image resources (APP13).
//
// The walker reads marker headers and the bytes of the segments it needs through an
// io.ReaderAt, checks every length against the file size and extract.Limits, and stops at
// the first SOS (image data is never read) or EOI; after SOS it reads the trailers at the
// end of the file (AFCP, FotoStation) that hold IPTC-IIM. Bad structure gives warnings and the
// payloads found so far, never a panic.
package jpeg

import (
	"bytes"
	"io"
	"sync"

	"github.com/embedmeta/embedmeta/extract"
	"github.com/embedmeta/embedmeta/schema"
)

// Warning codes reported by Locate.
const (
	WarnTruncated      = "jpeg.truncated-segment"   // a segment runs past the end of the file
	WarnMissingSOI     = "jpeg.missing-soi"         // the stream starts with APP1 instead of SOI
	WarnBadLength      = "jpeg.bad-length"          // a segment length word below 2
	WarnGarbage        = "jpeg.garbage"             // bytes that are not a marker between segments
	WarnReadLimit      = "jpeg.read-limit"          // Limits.MaxTotalRead reached
	WarnTooLarge       = "jpeg.segment-too-large"   // a payload above Limits.MaxSegment
	WarnExifHeader     = "jpeg.exif-header"         // a non-standard Exif APP1 header
	WarnExifContinued  = "jpeg.exif-multi-segment"  // Exif continued in a following APP1
	WarnExifOrphan     = "jpeg.exif-no-tiff-header" // an Exif APP1 without a TIFF header
	WarnXMPHeader      = "jpeg.xmp-header"          // XMP in APP1 with a non-standard header
	WarnExtBadSegment  = "jpeg.xmp-ext-bad-segment" // an Extended XMP segment too short or with a bad GUID
	WarnExtSize        = "jpeg.xmp-ext-size"        // Extended XMP full lengths disagree or exceed MaxXMPBytes
	WarnExtIncomplete  = "jpeg.xmp-ext-incomplete"  // Extended XMP chunks with gaps or overlaps
	WarnExtUnreferred  = "jpeg.xmp-ext-ignored"     // Extended XMP whose GUID is not the packet's HasExtendedXMP
	WarnNoSOS          = "jpeg.no-sos"              // the stream ended before SOS or EOI
	headerReadChunk    = 512                        // bytes read at once while scanning for a marker
	extendedXMPHeadLen = 35 + 32 + 4 + 4            // signature, GUID, full length, chunk offset
)

// Locate walks the JPEG stream r of size bytes and returns its metadata payloads in file
// order, with the file facts (MIME image/jpeg, no alpha, and the size of the first SOFn
// frame header, which precedes SOS). A stream that does not start with SOI gives a *extract.FormatError wrapping
// extract.ErrUnsupportedFormat; every other problem is a warning in ws and the payloads
// complete before it are returned. A JPEG without metadata gives empty Payloads and nil.
//
// Photoshop APP13 segments that follow each other are joined into one IRB payload, as are
// Exif APP1 segments whose continuation lacks a TIFF header (ExifTool reads both so).
// Extended XMP chunks are reassembled by offset; the extension whose GUID the standard
// packet names in xmpNote:HasExtendedXMP is appended to Payloads.XMP after the standard
// packets (XMP Part 3 §1.1.3.1); other extensions are dropped with a warning, as ExifTool does.
//
// Once the walk has reached SOS, the AFCP and FotoStation trailers at the end of the file
// are read (see trailers), unless Limits.MaxTrailer is negative: their IPTC-IIM blocks are
// Payloads.IIM. On a stream this reads the stream to its end, keeping only its last 64 KiB.
func Locate(r io.ReaderAt, size int64, lim extract.Limits, ws *extract.Warnings) (extract.Payloads, error) {
	lim = lim.Resolved()
	w := walkers.Get().(*walker)
	defer func() {
		*w = walker{} // keeps nothing of the file
		walkers.Put(w)
	}()
	*w = walker{Budget: extract.Budget{R: r, End: extract.EndOf(r, size), Max: lim.MaxTotalRead, WS: ws, Code: WarnReadLimit}, lim: lim, ws: ws}
	head, ok := w.Read(0, 16)
	if !ok {
		head, ok = w.Read(0, 2)
	}
	start := int64(2)
	switch {
	case ok && len(head) >= 2 && head[0] == 0xFF && head[1] == markerSOI:
	case ok && missingSOI(head):
		// A stream that lost its SOI but starts with an Exif/XMP APP1: read its segments.
		w.ws.Add(WarnMissingSOI, 0, 0, "no SOI marker; the stream starts with an APP1 segment")
		start = 0
	default:
		return extract.Payloads{}, &extract.FormatError{Format: "jpeg", Offset: 0, Msg: "missing SOI marker", Err: extract.ErrUnsupportedFormat}
	}
	w.out.Facts = extract.Facts{FileType: "image", MIME: "image/jpeg", HasAlpha: extract.Bool(false)}
	w.walk(start)
	w.flush()
	w.ext.finish(w)
	if w.sos > 0 && lim.MaxTrailer > 0 {
		w.trailers(w.sos)
	}
	return w.out, nil
}

// walkers recycles the state of Locate calls (half a kilobyte, the largest allocation of
// reading an ordinary JPEG through an embedmeta.Extractor).
var walkers = sync.Pool{New: func() any { return new(walker) }}

// walker is the state of one Locate call.
type walker struct {
	// The file, read within MaxTotalRead: in memory without copying (the bytes are never
	// written to; the joins of continued segments copy), through a Lender into lent buffers.
	extract.Budget
	lim extract.Limits
	ws  *extract.Warnings
	out extract.Payloads

	sawSOF      bool             // the first SOFn was seen (its size is in out.Facts)
	sos         int64            // the offset after the SOS marker, 0 when the walk ended before one
	pendingIRB  *extract.Payload // Photoshop data still open for continuation (&irbSlot)
	pendingEXIF *extract.Payload // Exif data still open for continuation (&exifSlot)
	// The storage of the pending payloads: flush copies them out before they are reused.
	irbSlot, exifSlot extract.Payload
	ext               extended
}

// walk reads segments from pos until SOS, EOI, the end of the data or a fatal problem.
func (w *walker) walk(pos int64) {
	for {
		marker, mpos, ok := w.nextMarker(pos)
		if !ok {
			if !w.Limited {
				w.ws.Add(WarnNoSOS, 0, pos, "stream ended before SOS or EOI")
			}
			return
		}
		pos = mpos + 2
		if marker == markerSOS {
			w.sos = pos
		}
		if marker == markerSOS || marker == markerEOI {
			return
		}
		if standalone(marker) {
			w.flush()
			continue
		}
		lb, ok := w.Read(pos, 2)
		if !ok {
			w.ws.Add(WarnTruncated, 0, mpos, "segment 0x%02X: length word missing", marker)
			return
		}
		length := int64(lb[0])<<8 | int64(lb[1])
		if length < 2 {
			w.ws.Add(WarnBadLength, 0, mpos, "segment 0x%02X: length %d", marker, length)
			return
		}
		start, n := pos+2, length-2
		if !w.End.Fits(start, n) {
			w.ws.Add(WarnTruncated, 0, mpos, "segment 0x%02X: %d bytes claimed, %d present", marker, n, w.End.Size()-start)
			return
		}
		pos = start + n
		if isSOF(marker) {
			w.sof(start, n)
		}
		if marker != markerAPP1 && marker != markerAPP13 {
			w.flush()
			continue
		}
		if n > w.lim.MaxSegment {
			w.ws.Add(WarnTooLarge, 0, mpos, "segment of %d bytes exceeds the limit", n)
			w.flush()
			continue
		}
		data, ok := w.Read(start, n)
		if !ok {
			return
		}
		if marker == markerAPP1 {
			w.app1(data, start)
		} else {
			w.app13(data, start)
		}
	}
}

// sof reads the image size from the first start-of-frame segment (T.81 §B.2.2: sample
// precision P, lines Y, samples per line X), whose data of n bytes starts at off. Later
// frames (a hierarchical JPEG's) do not change the facts.
func (w *walker) sof(off, n int64) {
	if w.sawSOF || n < 5 {
		return
	}
	w.sawSOF = true
	b, ok := w.Read(off, 5)
	if !ok {
		return
	}
	w.out.Facts.Height = int(b[1])<<8 | int(b[2])
	w.out.Facts.Width = int(b[3])<<8 | int(b[4])
}

// nextMarker finds the marker at or after pos, skipping fill bytes (0xFF) and, with a
// warning, bytes that are not part of a marker. It returns the marker code and the offset
// of its last 0xFF.
func (w *walker) nextMarker(pos int64) (byte, int64, bool) {
	// Fast path: a marker right at pos, no padding.
	if b, ok := w.Read(pos, 2); ok && b[0] == 0xFF && b[1] != 0xFF && b[1] != 0x00 {
		return b[1], pos, true
	} else if !ok {
		return 0, 0, false
	}
	start, garbage, sawFF := pos, int64(0), false
	for w.End.Has(pos + 1) {
		n := w.End.Avail(pos, headerReadChunk)
		buf, ok := w.Read(pos, n)
		if !ok {
			return 0, 0, false
		}
		for i, c := range buf {
			switch {
			case c == 0xFF:
				sawFF = true
			case sawFF && c != 0x00:
				if garbage > 0 {
					w.ws.Add(WarnGarbage, 0, start, "skipped %d bytes that are not a marker", garbage)
				}
				return c, pos + int64(i) - 1, true
			default:
				sawFF = false
				garbage++
			}
		}
		pos += n
	}
	return 0, 0, false
}

// app1 dispatches an APP1 segment's data (which starts at file offset off).
func (w *walker) app1(data []byte, off int64) {
	switch {
	case bytes.HasPrefix(data, sigXMPExt):
		w.flush()
		w.ext.add(w, data, off)
	case bytes.HasPrefix(data, sigXMP):
		w.flush()
		w.addXMP(data[len(sigXMP):], off+int64(len(sigXMP)))
	case bytes.HasPrefix(data, sigXMPLegacy):
		w.flush()
		w.ws.Add(WarnXMPHeader, schema.SourceXMP, off, "XMP with the non-standard header \"XMP\\0\"")
		w.addXMP(data[len(sigXMPLegacy):], off+int64(len(sigXMPLegacy)))
	case bytes.HasPrefix(data, []byte("<?xpacket")) || bytes.HasPrefix(data, []byte("<x:xmpmeta")):
		w.flush()
		w.ws.Add(WarnXMPHeader, schema.SourceXMP, off, "XMP without a namespace header")
		w.addXMP(data, off)
	default:
		if i := exifStart(data); i >= 0 {
			w.exif(data, off, i)
			return
		}
		w.flush()
	}
}

// addXMP records one standard XMP packet.
func (w *walker) addXMP(data []byte, off int64) {
	if int64(len(data)) > w.lim.MaxXMPBytes {
		w.ws.Add(WarnTooLarge, schema.SourceXMP, off, "XMP packet of %d bytes exceeds the limit", len(data))
		return
	}
	w.out.XMP = append(w.out.XMP, extract.Payload{Data: data, Offset: off})
	if g := hasExtendedXMP(data); g != "" {
		w.ext.wanted = g
	}
}

// exifStart returns the index of "Exif\0" in the first bytes of an APP1 segment (ExifTool
// accepts up to 4 bytes of garbage before it and any letter case), or -1.
func exifStart(data []byte) int {
	for i := 0; i <= 4 && i+len(sigExif) <= len(data); i++ {
		if bytes.EqualFold(data[i:i+len(sigExif)], sigExif) {
			return i
		}
	}
	return -1
}

// exif handles an Exif APP1 segment whose "Exif\0" starts at data[at].
func (w *walker) exif(data []byte, off int64, at int) {
	std := at == 0 && bytes.HasPrefix(data, []byte("Exif\x00\x00"))
	body := at + len(sigExif) + 1 // "Exif\0" + pad byte (Exif 2.3 §4.7.2)
	switch {
	case body <= len(data) && isTIFFHeader(data[body:]):
	case isTIFFHeader(data[at+len(sigExif):]): // pad byte missing (seen from Kodak cameras)
		body = at + len(sigExif)
		std = false
	default:
		if w.pendingEXIF != nil && std {
			w.continueEXIF(data[min(body, len(data)):], off)
			return
		}
		w.flush()
		w.ws.Add(WarnExifOrphan, schema.SourceEXIF, off, "Exif APP1 segment without a TIFF header")
		return
	}
	w.flush()
	if !std {
		w.ws.Add(WarnExifHeader, schema.SourceEXIF, off, "non-standard Exif APP1 header %q", data[:body])
	}
	w.exifSlot = extract.Payload{Data: data[body:], Offset: off + int64(body)}
	w.pendingEXIF = &w.exifSlot
}

// continueEXIF appends a continuation segment to the open Exif payload.
func (w *walker) continueEXIF(more []byte, off int64) {
	p := w.pendingEXIF
	if int64(len(p.Data))+int64(len(more)) > w.lim.MaxSegment {
		w.ws.Add(WarnTooLarge, schema.SourceEXIF, off, "multi-segment Exif exceeds the limit")
		return
	}
	w.ws.Add(WarnExifContinued, schema.SourceEXIF, off, "Exif continued in a following APP1 segment")
	p.Data = w.join(p.Data, more)
}

// join returns a followed by b in a buffer for a payload (lent when the reader lends).
func (w *walker) join(a, b []byte) []byte {
	joined := extract.Buffer(w.R, len(a)+len(b))
	copy(joined[copy(joined, a):], b)
	return joined
}

// app13 handles an APP13 segment: Photoshop image resources, joined across consecutive segments.
func (w *walker) app13(data []byte, off int64) {
	if !bytes.HasPrefix(data, sigPhotoshop) {
		w.flush()
		return
	}
	body, boff := data[len(sigPhotoshop):], off+int64(len(sigPhotoshop))
	if p := w.pendingIRB; p != nil {
		if int64(len(p.Data))+int64(len(body)) > w.lim.MaxSegment {
			w.ws.Add(WarnTooLarge, schema.SourcePhotoshop, off, "multi-segment Photoshop data exceeds the limit")
			return
		}
		p.Data = w.join(p.Data, body)
		return
	}
	w.flush()
	w.irbSlot = extract.Payload{Data: body, Offset: boff}
	w.pendingIRB = &w.irbSlot
}

// flush closes the payloads that were open for continuation.
func (w *walker) flush() {
	if w.pendingEXIF != nil {
		w.out.EXIF = append(w.out.EXIF, *w.pendingEXIF)
		w.pendingEXIF = nil
	}
	if w.pendingIRB != nil {
		w.out.IRB = append(w.out.IRB, *w.pendingIRB)
		w.pendingIRB = nil
	}
}
