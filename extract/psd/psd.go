// Package psd locates the metadata payloads of an Adobe Photoshop document (PSD, and the
// large-document variant PSB): the image-resources section and, inside it, the IPTC-IIM
// (resource 0x0404), EXIF (0x0422) and XMP (0x0424) resources.
//
// The layout read is that of the Adobe Photoshop File Formats Specification: a 26-byte
// file header ("8BPS", version 1 PSD or 2 PSB, channels, height, width, depth, colour
// mode), the colour-mode data section (skipped), then the image-resources section, each
// section prefixed by a big-endian uint32 length. The layer and image data are never read.
package psd

import (
	"bytes"
	"encoding/binary"
	"io"

	"github.com/embedmeta/embedmeta/extract"
	"github.com/embedmeta/embedmeta/extract/iptc"
	"github.com/embedmeta/embedmeta/schema"
)

// Warning codes reported by Locate and SplitIRB.
const (
	WarnTruncated = "psd.truncated"     // a section runs past the end of the file
	WarnTooLarge  = "psd.too-large"     // the resources section exceeds Limits.MaxSegment
	WarnEXIF      = "psd.exif-no-tiff"  // an EXIF resource that is not a TIFF structure
	WarnXMPLarge  = "psd.xmp-too-large" // an XMP resource above Limits.MaxXMPBytes
	headerLen     = 26                  // file header: signature .. colour mode
	mimePSD       = "application/vnd.adobe.photoshop"
)

// Photoshop resource ids the walker hands to the EXIF and XMP decoders (Photoshop File
// Formats Specification, "Image Resource IDs").
const (
	resourceEXIF1 uint16 = 0x0422 // EXIF data 1: a TIFF structure
	resourceXMP   uint16 = 0x0424 // XMP metadata: an XMP packet
)

// maxResources bounds the resources visited in one block.
const maxResources = 1 << 16

// IsPSD reports whether head starts with a Photoshop file header: "8BPS" and version 1
// (PSD) or 2 (PSB).
func IsPSD(head []byte) bool {
	return len(head) >= 6 && bytes.HasPrefix(head, []byte("8BPS")) && head[4] == 0 && (head[5] == 1 || head[5] == 2)
}

// Locate reads the Photoshop document r of size bytes: the file facts from its header and
// the image-resources section, which becomes Payloads.IRB, with its EXIF and XMP resources
// in Payloads.EXIF and Payloads.XMP (see SplitIRB). A file that does not start with a
// Photoshop header gives a *extract.FormatError wrapping extract.ErrUnsupportedFormat.
func Locate(r io.ReaderAt, size int64, lim extract.Limits, ws *extract.Warnings) (extract.Payloads, error) {
	lim = lim.Resolved()
	var out extract.Payloads
	end := extract.EndOf(r, size)
	h := make([]byte, headerLen)
	if !end.Has(headerLen) || !extract.ReadFull(r, h, 0) || !IsPSD(h) {
		return out, &extract.FormatError{Format: "psd", Offset: 0, Msg: "missing 8BPS header", Err: extract.ErrUnsupportedFormat}
	}
	out.Facts = facts(h)
	// Colour-mode data section: length, data (skipped).
	pos := int64(headerLen)
	cm, ok := sectionLen(r, end, pos)
	if !ok {
		ws.Add(WarnTruncated, 0, pos, "colour-mode data section runs past the end of the file")
		return out, nil
	}
	pos += 4 + cm
	n, ok := sectionLen(r, end, pos)
	if !ok {
		ws.Add(WarnTruncated, 0, pos, "image-resources section runs past the end of the file")
		return out, nil
	}
	start := pos + 4
	if n > lim.MaxSegment || n+headerLen+cm > lim.MaxTotalRead {
		ws.Add(WarnTooLarge, schema.SourcePhotoshop, pos, "image-resources section of %d bytes exceeds the limit", n)
		return out, nil
	}
	data, ok := extract.ReadSlice(r, start, n) // in place when r is in memory; a stream keeps it
	if !ok {
		ws.Add(WarnTruncated, 0, start, "image-resources section unreadable")
		return out, nil
	}
	SplitIRB(extract.Payload{Data: data, Offset: start}, lim, ws, &out)
	return out, nil
}

// SplitIRB records the Photoshop image-resource block p: the block itself is appended to
// out.IRB (its IIM and IPTC digest are decoded from there), and the data of its EXIF
// (0x0422, when it is a TIFF structure) and XMP (0x0424) resources are appended to out.EXIF
// and out.XMP, in stored order. Oversized XMP and non-TIFF EXIF resources are skipped with a
// warning. Other containers that carry a Photoshop block (PDF's ImageResources stream, TIFF
// tag 0x8649) can use it too.
func SplitIRB(p extract.Payload, lim extract.Limits, ws *extract.Warnings, out *extract.Payloads) {
	lim = lim.Resolved()
	if len(p.Data) == 0 {
		return
	}
	out.IRB = append(out.IRB, p)
	iptc.Resources(p, maxResources, nil, func(res iptc.Resource) bool {
		if !res.Standard {
			return true
		}
		switch res.ID {
		case resourceEXIF1:
			if !isTIFF(res.Data.Data) {
				ws.Add(WarnEXIF, schema.SourceEXIF, res.Data.Offset, "EXIF resource without a TIFF header")
				return true
			}
			out.EXIF = append(out.EXIF, res.Data)
		case resourceXMP:
			if int64(len(res.Data.Data)) > lim.MaxXMPBytes {
				ws.Add(WarnXMPLarge, schema.SourceXMP, res.Data.Offset, "XMP resource of %d bytes exceeds the limit", len(res.Data.Data))
				return true
			}
			out.XMP = append(out.XMP, res.Data)
		}
		return true
	})
}

// facts reads the file facts from the 26-byte header: height and width (uint32 at 14 and
// 18), and the alpha channel implied by a channel count above the colour mode's.
func facts(h []byte) extract.Facts {
	f := extract.Facts{
		FileType: "image",
		MIME:     mimePSD,
		Height:   int(binary.BigEndian.Uint32(h[14:])),
		Width:    int(binary.BigEndian.Uint32(h[18:])),
	}
	channels := int(binary.BigEndian.Uint16(h[12:]))
	if base := modeChannels(binary.BigEndian.Uint16(h[24:])); base > 0 {
		f.HasAlpha = extract.Bool(channels > base)
	}
	return f
}

// modeChannels is the number of colour channels of a Photoshop colour mode; 0 when the
// mode does not fix it (multichannel, unknown).
func modeChannels(mode uint16) int {
	switch mode {
	case 0, 1, 2, 8: // bitmap, grayscale, indexed, duotone
		return 1
	case 3, 9: // RGB, Lab
		return 3
	case 4: // CMYK
		return 4
	}
	return 0
}

// sectionLen reads the uint32 length at pos and checks that the section fits in the input.
func sectionLen(r io.ReaderAt, end extract.End, pos int64) (int64, bool) {
	b := make([]byte, 4)
	if !end.Fits(pos, 4) || !extract.ReadFull(r, b, pos) {
		return 0, false
	}
	n := int64(binary.BigEndian.Uint32(b))
	return n, end.Fits(pos+4, n)
}

func isTIFF(b []byte) bool {
	return bytes.HasPrefix(b, []byte("II*\x00")) || bytes.HasPrefix(b, []byte("MM\x00*"))
}
