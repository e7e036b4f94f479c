// Package tiff locates the metadata of TIFF files and TIFF-based raw images: TIFF 6.0 in
// both byte orders ("II*\0", "MM\0*"), BigTIFF ("II+\0" / "MM\0+", 8-byte offsets, the
// LONG8/IFD8 types), and the raws built on them — DNG, Canon CR2 ("CR" at offset 8), Nikon
// NEF, Sony ARW, Pentax PEF, Olympus ORF ("IIRO", "MMOR", "IIRS"), Panasonic RW2
// ("IIU\0") and Phase One IIQ.
//
// The metadata of a TIFF file is its TIFF structure, which may sit anywhere among
// gigabytes of image data, so nothing is read whole, and its IFDs are read once: by the
// EXIF decoder's bounded walk (exif.WalkAt), which reads only the IFD tables and the values
// it decodes and shows this walker every IFD it reads. The EXIF payload is handed on by
// reference (extract.Payload.Reader), carrying the entries that walk decoded. This walker
// reads, through the same reader and within the same limits and read budget, the values
// that decide the file facts (in IFD0, the later pages, their SubIFDs — which the walk
// reads for it alone — and the Exif IFD) and those of three IFD0 tags that carry payloads
// of other kinds:
//
//   - 0x02BC XMP (XMP Specification Part 3 §1.1.4) -> Payloads.XMP;
//   - 0x83BB IPTC-NAA (often stored as LONG or BYTE rather than UNDEFINED) -> the IIM
//     block, wrapped as a Photoshop IPTC-NAA resource in Payloads.IRB so that it gets the
//     digest ExifTool computes over it (CurrentIPTCDigest, spec rule P2);
//   - 0x8649 Photoshop image resources -> Payloads.IRB without their IPTC-NAA resource:
//     ExifTool reads IPTC found there as non-standard and computes no digest from it, so
//     when 0x83BB exists the IRB copy is dropped (ExifTool gives it the lowest priority),
//     and when it does not, the IRB copy is handed over as a bare IIM block (no digest).
//     The IRB's stored IPTCDigest (resource 0x0425) stays, for P2.
//
// Facts follow ExifTool 12.57 (File:MIMEType and Composite:ImageSize): see facts.go.
package tiff

import (
	"io"
	"math"

	"github.com/embedmeta/embedmeta/extract"
	"github.com/embedmeta/embedmeta/extract/exif"
)

// WarnBadIRB is the warning code of a tag 0x8649 that does not hold well-formed image
// resources. The other problems of a TIFF structure are reported with the codes of the
// IFD reader shared with the EXIF decoder (exif.WarnOffsetRange, exif.WarnIFDLoop, ...).
const WarnBadIRB = "tiff.bad-irb"

// IsTIFF reports whether head starts with a TIFF, BigTIFF, ORF or RW2 header.
func IsTIFF(head []byte) bool {
	_, ok := exif.ParseHeader(head, true)
	return ok
}

// maxSubIFDs bounds the SubIFDs followed from one 0x014A tag (ExifTool follows 10).
const maxSubIFDs = 10

// Locate reads the TIFF structure of the size bytes behind r and returns its payloads and
// facts. A file without a TIFF header gives a *extract.FormatError wrapping
// extract.ErrUnsupportedFormat; one whose IFD0 cannot be read, a *extract.FormatError (a
// damaged TIFF); every other problem is a warning in ws and what was found before it is
// returned.
//
// The IFDs are read once, by the EXIF decoder's walk (exif.WalkAt), which decodes the EXIF
// entries and shows this walker every IFD it reads: the EXIF payload returned carries the
// entries, and decoding it (exif.Decode with the same Limits) hands them out, with the
// warnings of the walk, without reading the IFDs again.
func Locate(r io.ReaderAt, size int64, lim extract.Limits, ws *extract.Warnings) (extract.Payloads, error) {
	lim = lim.Resolved()
	var p extract.Payloads
	head := make([]byte, min(24, max(size, 0)))
	n, _ := r.ReadAt(head, 0)
	hd, ok := exif.ParseHeader(head[:n], true)
	if !ok {
		return p, &extract.FormatError{Format: "tiff", Offset: 0, Msg: "no TIFF header", Err: extract.ErrUnsupportedFormat}
	}
	s := newScan(r, hd, head[:n], lim, ws)
	pl, ok := exif.WalkAt(r, size, lim, ws, s.tap)
	if !ok {
		end := extract.EndOf(r, size)
		return p, &extract.FormatError{Format: "tiff", Offset: int64(min(hd.First, uint64(end.Clamp(math.MaxInt64)))), Msg: "IFD0 cannot be read"}
	}
	s.done()
	p.EXIF = append([]extract.Payload{pl}, s.embedded...)
	p.XMP, p.IRB, p.IIM = s.xmp, s.irb, s.iim
	p.Facts = s.facts()
	return p, nil
}
