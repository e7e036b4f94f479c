// Package mrw locates the metadata of a Konica Minolta MRW raw image.
//
// An MRW file (ExifTool 12.57 MinoltaRaw.pm, ProcessMRW) starts with "\0MRM" (big-endian;
// "\0MRI" little-endian, as the MRW information Sony embeds in some ARW files) and a uint32
// length: the metadata blocks that follow fill that many bytes, and the image data comes
// after them. Each block is a 4-byte name, a uint32 length and its data:
//
//	"\0PRD"  picture dimensions: firmware id, sensor height and width, image height and
//	         width (uint16 at 12 and 14), bit depths, storage method, Bayer pattern
//	"\0TTW"  a TIFF structure (IFD0 with its Exif IFD): the camera's EXIF
//	"\0WBG"  white-balance gains, "\0RIF" requested image format, "\0PAD" padding
//
// The TTW block is read whole (its offsets are relative to its own start) and walked with the
// TIFF walker, which gives its EXIF and any XMP and IPTC in IFD0. The blocks are read in file
// order, and the image data never.
package mrw

import (
	"bytes"
	"encoding/binary"
	"io"

	"github.com/embedmeta/embedmeta/extract"
	"github.com/embedmeta/embedmeta/extract/tiff"
	"github.com/embedmeta/embedmeta/schema"
)

// Warning codes reported by Locate.
const (
	WarnTruncated = "mrw.truncated"    // a block runs past the end of the file
	WarnStructure = "mrw.format-error" // the blocks do not fill the metadata length exactly (ExifTool's "MRW format error")
	WarnTooLarge  = "mrw.too-large"    // a TTW block above Limits.MaxSegment
	WarnBadTTW    = "mrw.bad-ttw"      // a TTW block that is not a readable TIFF structure
	WarnReadLimit = "mrw.read-limit"   // Limits.MaxTotalRead spent
)

// mimeType is ExifTool's MIMEType for MRW.
const mimeType = "image/x-minolta-mrw"

const (
	headerLen = 8 // magic and metadata length
	blockHead = 8 // block name and length
	// PRD: image height and width (ExifTool MinoltaRaw::PRD 12 and 14).
	prdHeight = 12
	prdWidth  = 14
)

// IsMRW reports whether head starts with "\0MRM" or "\0MRI".
func IsMRW(head []byte) bool {
	return len(head) >= 4 && bytes.HasPrefix(head, []byte("\x00MR")) && (head[3] == 'M' || head[3] == 'I')
}

// Locate reads the MRW file r of size bytes: the payloads of its TTW block and the file
// facts. A file that does not start with the MRW magic gives a *extract.FormatError wrapping
// extract.ErrUnsupportedFormat, one whose 8-byte header is cut short a *extract.FormatError;
// every other problem is a warning in ws, with what was found before it.
func Locate(r io.ReaderAt, size int64, lim extract.Limits, ws *extract.Warnings) (extract.Payloads, error) {
	lim = lim.Resolved()
	var out extract.Payloads
	b := &extract.Budget{R: r, End: extract.EndOf(r, size), Max: lim.MaxTotalRead, WS: ws, Code: WarnReadLimit}
	hd, ok := b.Read(0, 4)
	if !ok || !IsMRW(hd) {
		return out, &extract.FormatError{Format: "mrw", Offset: 0, Msg: "no MRW header", Err: extract.ErrUnsupportedFormat}
	}
	var bo binary.ByteOrder = binary.BigEndian
	if hd[3] == 'I' {
		bo = binary.LittleEndian
	}
	lb, ok := b.Read(4, 4)
	if !ok {
		return out, &extract.FormatError{Format: "mrw", Offset: 4, Msg: "MRW header cut short"}
	}
	out.Facts = extract.Facts{FileType: "image", MIME: mimeType, HasAlpha: extract.Bool(false)}
	dataOff := headerLen + int64(bo.Uint32(lb))
	var (
		prdW, prdH int
		prd        bool
		ttwFacts   extract.Facts
	)
	pos, complete := int64(headerLen), true
	for pos < dataOff && complete {
		complete = false
		if !b.End.Fits(pos, blockHead) {
			ws.Add(WarnTruncated, 0, pos, "block header at %d runs past the end of the file", pos)
			break
		}
		bh, ok := b.Read(pos, blockHead)
		if !ok {
			break
		}
		name, n := string(bh[:4]), int64(bo.Uint32(bh[4:]))
		start := pos + blockHead
		if !b.End.Fits(start, n) {
			ws.Add(WarnTruncated, 0, pos, "block %q of %d bytes at %d runs past the end of the file", name, n, pos)
			break
		}
		complete = true
		switch name {
		case "\x00PRD":
			if n >= prdWidth+2 && !prd {
				v, ok := b.Read(start+prdHeight, 4)
				if !ok {
					break
				}
				prdH, prdW, prd = int(bo.Uint16(v)), int(bo.Uint16(v[2:])), true
			}
		case "\x00TTW":
			ttw(b, start, n, lim, ws, &out, &ttwFacts)
		}
		pos = start + n
	}
	if complete && pos != dataOff {
		ws.Add(WarnStructure, 0, pos, "metadata blocks end at %d, not at %d where the header says", pos, dataOff)
	}
	// ExifTool's Composite:ImageSize: PRD's ImageWidth/ImageHeight take precedence over
	// IFD0's (the Exif table gives those priority 0).
	switch {
	case prd:
		if prdW > 0 && prdH > 0 {
			out.Facts.Width, out.Facts.Height = prdW, prdH
		}
	default:
		out.Facts.Width, out.Facts.Height = ttwFacts.Width, ttwFacts.Height
	}
	return out, nil
}

// ttw reads the TTW block of n bytes at start and walks it with the TIFF walker: its EXIF
// (the block itself), XMP and IPTC go to out, with their offsets in the file; its size facts
// to facts (the first TTW block's).
func ttw(b *extract.Budget, start, n int64, lim extract.Limits, ws *extract.Warnings, out *extract.Payloads, facts *extract.Facts) {
	if n > lim.MaxSegment {
		ws.Add(WarnTooLarge, schema.SourceEXIF, start, "TTW block of %d bytes exceeds the limit", n)
		return
	}
	data, ok := b.Read(start, n)
	if !ok {
		return
	}
	sub := lim
	sub.MaxTotalRead = max(b.Max-b.Total, 1)
	first := len(ws.List)
	p, err := tiff.Locate(extract.Bytes(data), n, sub, ws)
	shiftWarnings(ws, first, start)
	if err != nil {
		ws.Add(WarnBadTTW, schema.SourceEXIF, start, "TTW block at %d: %v", start, err)
		return
	}
	if len(out.EXIF) == 0 {
		*facts = p.Facts
	}
	out.EXIF = append(out.EXIF, extract.Payload{Data: data, Offset: start})
	for _, e := range p.EXIF[1:] { // embedded JPEG Exif (a Panasonic structure's, not expected here)
		out.EXIF = append(out.EXIF, extract.Payload{Data: e.Data, Offset: e.Offset + start})
	}
	for _, q := range p.XMP {
		out.XMP = append(out.XMP, extract.Payload{Data: q.Data, Offset: q.Offset + start})
	}
	for _, q := range p.IRB {
		out.IRB = append(out.IRB, extract.Payload{Data: q.Data, Offset: q.Offset + start})
	}
	for _, q := range p.IIM {
		out.IIM = append(out.IIM, extract.Payload{Data: q.Data, Offset: q.Offset + start})
	}
}

// shiftWarnings moves the offsets of the warnings from first on, which a walker run over an
// embedded structure gave relative to it, by base: to offsets in the file.
func shiftWarnings(ws *extract.Warnings, first int, base int64) {
	for i := first; i < len(ws.List); i++ {
		if ws.List[i].Offset >= 0 {
			ws.List[i].Offset += base
		}
	}
}
