package jpeg

import (
	"bytes"
	"encoding/binary"

	"github.com/embedmeta/embedmeta/extract"
	"github.com/embedmeta/embedmeta/schema"
)

// Trailers: data appended after a JPEG's image data, found from the end of the file (as
// ExifTool finds them, once the walk has reached SOS). Two of them carry an IPTC-IIM block,
// which goes to Payloads.IIM and ranks after the APP13 block (RawEntry.Part; ExifTool
// names its group IPTC2):
//
//   - AFCP (AXS File Concatenation Protocol): a 12-byte header ("AXS!" big-endian or "AXS*"
//     little-endian, version, entry count, 0), a directory of 12-byte entries (four-character
//     tag, size, file offset of the data), the data, and a 12-byte end record (the header's
//     signature, the header's file offset, 0). The "IPTC" entry is an IIM block. A header
//     not at the offset the end record names (the file was edited in front of it) is looked
//     for in the trailer window and the offsets are corrected, with a warning.
//   - FotoStation (FotoWare): records chained from the end backwards, each its data followed
//     by a 10-byte footer (big-endian tag, record size including the footer, signature
//     0xA1B2C3D4). Tag 1 is an IIM block.
//
// A Canon VRD trailer, which holds no IIM, is stepped over (see canonVRD).
//
// One trailer may follow another (each is looked for where the last one starts). Trailer
// bytes are read only within the last Limits.MaxTrailer bytes of the file (64 KiB at
// most): a stream keeps that many behind its end, so a stream and a file of the same bytes
// read the same trailers (docs/decisions.md, "JPEG trailers").
const (
	maxTrailers     = 8    // trailers followed, one before the other
	maxTrailerItems = 1024 // AFCP entries or FotoStation records visited
	afcpRecord      = 12   // AFCP header, directory entry and end record
	fotoFooter      = 10   // FotoStation record footer
	fotoSignature   = 0xA1B2C3D4
	afcpTagIPTC     = "IPTC"
	fotoTagIPTC     = 1
)

// Warning codes of trailers.
const (
	WarnAFCPOffsets  = "jpeg.afcp-offsets"     // AFCP offsets corrected for data inserted before the trailer
	WarnAFCPBad      = "jpeg.afcp-bad"         // an AFCP header, directory or entry that cannot be read
	WarnTrailerFar   = "jpeg.trailer-too-far"  // trailer data further than Limits.MaxTrailer from the end of the file
	WarnFotoStation  = "jpeg.fotostation-bad"  // a FotoStation record that cannot be read
	WarnTrailerLimit = "jpeg.trailer-too-many" // more trailers or trailer records than are followed
)

// trailers reads the trailers at the end of the file, whose image data start after sos.
// On a stream this reads the stream to its end.
func (w *walker) trailers(sos int64) {
	end := w.End.Size()
	lo := max(sos, end-w.lim.MaxTrailer)
	for range maxTrailers {
		if end-lo < 4 {
			return
		}
		// The last 64 bytes (as ExifTool reads them) tell the trailer.
		tail, ok := w.Read(end-min(end-lo, vrdFooter), min(end-lo, vrdFooter))
		if !ok {
			return
		}
		rec := tail[max(0, len(tail)-afcpRecord):]
		var start int64
		switch {
		case len(rec) == afcpRecord && bytes.HasPrefix(rec, []byte("AXS")) && (rec[3] == '!' || rec[3] == '*'):
			start, ok = w.afcp(rec, lo, end)
		case binary.BigEndian.Uint32(tail[len(tail)-4:]) == fotoSignature:
			start, ok = w.fotoStation(lo, end)
		case len(tail) == vrdFooter && bytes.HasPrefix(tail, []byte(vrdSig)):
			start, ok = w.canonVRD(tail, lo, end)
		default:
			return
		}
		if !ok || start >= end {
			return
		}
		end = start
	}
	w.ws.Add(WarnTrailerLimit, 0, end, "stopped after %d trailers", maxTrailers)
}

// afcp reads the AFCP trailer ending at end, whose end record is rec, and returns where it
// starts.
func (w *walker) afcp(rec []byte, lo, end int64) (int64, bool) {
	var order binary.ByteOrder = binary.BigEndian
	if rec[3] == '*' {
		order = binary.LittleEndian
	}
	sig := rec[:4]
	stated := int64(order.Uint32(rec[4:]))
	recPos := end - afcpRecord
	start, fix := stated, int64(0)
	if h, ok := w.readWithin(start, afcpRecord, lo, recPos); !ok || !bytes.Equal(h[:4], sig) {
		// The header is not where the end record says: look for it in the trailer window.
		win, ok := w.Read(lo, recPos-lo)
		i := bytes.Index(win, sig)
		switch {
		case ok && i >= 0:
		case stated >= w.sos && stated < lo && w.End.Fits(stated, afcpRecord):
			w.ws.Add(WarnTrailerFar, 0, stated, "AFCP trailer further than %d bytes from the end of the file", w.lim.MaxTrailer)
			return end, false
		default:
			w.ws.Add(WarnAFCPBad, 0, recPos, "AFCP end record names a header at %d that is not there", stated)
			return end, false
		}
		start = lo + int64(i)
		fix = start - stated
		w.ws.Add(WarnAFCPOffsets, 0, start, "AFCP offsets adjusted by %d", fix)
	}
	h, ok := w.readWithin(start, afcpRecord, lo, recPos)
	if !ok {
		w.ws.Add(WarnAFCPBad, 0, start, "AFCP header cut off")
		return end, false
	}
	n := int64(order.Uint16(h[6:]))
	dir, ok := w.readWithin(start+afcpRecord, afcpRecord*min(n, maxTrailerItems), lo, recPos)
	if !ok {
		w.ws.Add(WarnAFCPBad, 0, start, "AFCP directory of %d entries cut off", n)
		return start, true
	}
	for e := dir; len(e) >= afcpRecord; e = e[afcpRecord:] {
		size, off := int64(order.Uint32(e[4:])), int64(order.Uint32(e[8:]))+fix
		if size >= 0x80000000 || !w.End.Fits(off, size) {
			w.ws.Add(WarnAFCPBad, 0, start, "AFCP entry %q of %d bytes at %d outside the file", e[:4], size, off)
			break
		}
		if string(e[:4]) == afcpTagIPTC {
			w.trailerIIM(off, size, lo, end)
		}
	}
	return start, true
}

// fotoStation reads the FotoStation records ending at end and returns where the first
// starts.
func (w *walker) fotoStation(lo, end int64) (int64, bool) {
	pos := end
	for i := 0; ; i++ {
		if i == maxTrailerItems {
			w.ws.Add(WarnTrailerLimit, 0, pos, "stopped after %d FotoStation records", maxTrailerItems)
			return pos, true
		}
		f, ok := w.readWithin(pos-fotoFooter, fotoFooter, lo, pos)
		if !ok || binary.BigEndian.Uint32(f[6:]) != fotoSignature {
			return pos, pos < end
		}
		tag, size := binary.BigEndian.Uint16(f), int64(binary.BigEndian.Uint32(f[2:]))
		if size < fotoFooter || size > pos {
			w.ws.Add(WarnFotoStation, 0, pos-fotoFooter, "FotoStation record of %d bytes", size)
			return pos, pos < end
		}
		if tag == fotoTagIPTC {
			w.trailerIIM(pos-size, size-fotoFooter, lo, pos)
		}
		pos -= size
	}
}

// trailerIIM adds the IIM block of n bytes at off, which must lie in [lo, hi).
func (w *walker) trailerIIM(off, n, lo, hi int64) {
	if n > w.lim.MaxSegment {
		w.ws.Add(WarnTooLarge, schema.SourceIPTC, off, "trailer IPTC block of %d bytes exceeds the limit", n)
		return
	}
	if off < lo || off > hi-n {
		w.ws.Add(WarnTrailerFar, schema.SourceIPTC, off, "trailer IPTC block of %d bytes further than %d bytes from the end of the file", n, w.lim.MaxTrailer)
		return
	}
	if b, ok := w.Read(off, n); ok && n > 0 {
		w.out.IIM = append(w.out.IIM, extract.Payload{Data: b, Offset: off})
	}
}

// readWithin reads the n bytes at off when they lie in [lo, hi).
func (w *walker) readWithin(off, n, lo, hi int64) ([]byte, bool) {
	if off < lo || n < 0 || off > hi-n {
		return nil, false
	}
	return w.Read(off, n)
}

// Canon VRD (recipe data) trailer: a 0x1C-byte header and a 0x40-byte footer that both start
// "CANON OPTIONAL DATA\x00", the footer then holding the big-endian length of what lies
// between them. It carries no IIM; it is stepped over so that the trailers before it are
// read (ExifTool reads on past it too).
const (
	vrdSig    = "CANON OPTIONAL DATA\x00"
	vrdHeader = 0x1C
	vrdFooter = 0x40
)

// canonVRD returns where the VRD trailer whose footer f ends at end starts; false when its
// header is not there.
func (w *walker) canonVRD(f []byte, lo, end int64) (int64, bool) {
	start := end - vrdFooter - vrdHeader - int64(binary.BigEndian.Uint32(f[len(vrdSig):]))
	h, ok := w.readWithin(start, vrdHeader, lo, end-vrdFooter)
	if !ok || !bytes.HasPrefix(h, []byte(vrdSig)) {
		return end, false
	}
	return start, true
}
