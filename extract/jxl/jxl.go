// Package jxl locates the metadata payloads of JPEG XL files (ISO/IEC 18181-2): the "Exif"
// and "xml " boxes of the container, also when they are Brotli-compressed in "brob" boxes,
// and reads the image size from the codestream's SizeHeader (ISO/IEC 18181-1 §A.3.1).
//
// A naked codestream (starting with 0xFF 0x0A) carries no metadata boxes; only its size is
// read. Box headers are parsed by extract/isobmff's Reader, so the same bounds apply: sizes
// checked against the file and parent, Limits.MaxTotalRead, MaxSegment and MaxXMPBytes, and
// Brotli output cut at the limit (a decompression bomb gives a warning, not an allocation).
package jxl

import (
	"bytes"
	"io"

	"github.com/embedmeta/embedmeta/extract"
	"github.com/embedmeta/embedmeta/extract/isobmff"
	"github.com/embedmeta/embedmeta/schema"
)

// Warning codes reported by Locate besides the box Reader's ("jxl.box-size", ...).
const (
	WarnBrotli     = "jxl.brotli"       // a brob box whose Brotli data cannot be decoded
	WarnBrotliSize = "jxl.brotli-limit" // a brob box that decompresses beyond the limits
	WarnExif       = "jxl.exif-header"  // an Exif box without a TIFF header where its offset says
	WarnSize       = "jxl.size-header"  // no codestream SizeHeader could be read
	formatName     = "jxl"
	codestreamHead = 64 // bytes of the codestream read for the SizeHeader
)

// signature is the JPEG XL signature box that starts a container (ISO/IEC 18181-2 §3.1).
var signature = []byte("\x00\x00\x00\x0cJXL \r\n\x87\n")

// IsJXL reports whether head starts a JPEG XL container or a naked codestream.
func IsJXL(head []byte) bool {
	return bytes.HasPrefix(head, signature) || (len(head) >= 2 && head[0] == 0xFF && head[1] == 0x0A)
}

// walker is the state of one Locate call.
type walker struct {
	rd        *isobmff.Reader
	out       extract.Payloads
	sawSize   bool // the SizeHeader was read
	firstPart bool // the first jxlp box was seen
}

// Locate returns the Exif and XMP payloads of a JPEG XL file in box order and its facts:
// MIME image/jxl, FileType image and the size from the codestream's SizeHeader. Input that is
// neither a container nor a codestream gives a *extract.FormatError.
func Locate(r io.ReaderAt, size int64, lim extract.Limits, ws *extract.Warnings) (extract.Payloads, error) {
	w := &walker{rd: &isobmff.Reader{R: r, End: extract.EndOf(r, size), Lim: lim.Resolved(), WS: ws, Prefix: formatName}}
	head, _ := w.rd.ReadAt(0, w.rd.End.Avail(0, int64(len(signature))))
	if !IsJXL(head) {
		return extract.Payloads{}, &extract.FormatError{Format: formatName, Offset: 0, Msg: "no JPEG XL signature", Err: extract.ErrUnsupportedFormat}
	}
	w.out.Facts = extract.Facts{FileType: "image", MIME: "image/jxl"}
	if head[0] == 0xFF {
		w.codestream(0, w.rd.End.Avail(0, codestreamHead))
	} else {
		w.rd.Children(int64(len(signature)), size, 0, w.box)
	}
	if !w.sawSize {
		ws.Add(WarnSize, 0, -1, "no codestream SizeHeader found")
	}
	return w.out, nil
}

// box handles one top-level box.
func (w *walker) box(b isobmff.Box) bool {
	switch b.Type {
	case "Exif", "xml ":
		max := w.rd.Lim.MaxSegment
		if b.Type == "xml " {
			max = min(max, w.rd.Lim.MaxXMPBytes)
		}
		if d, ok := w.rd.Payload(b, max); ok {
			w.payload(b.Type, d, b.Data())
		}
	case "brob":
		w.brob(b)
	case "jxlc":
		w.codestream(b.Data(), b.Len())
	case "jxlp":
		// the first part box holds the codestream start after a 4-byte sequence index
		if !w.firstPart && b.Len() > 4 {
			w.firstPart = true
			w.codestream(b.Data()+4, b.Len()-4)
		}
	}
	return true
}

// payload records the contents of an Exif or xml box found at off.
func (w *walker) payload(typ string, d []byte, off int64) {
	if typ == "xml " {
		if len(d) > 0 {
			w.out.XMP = append(w.out.XMP, extract.Payload{Data: d, Offset: off})
		}
		return
	}
	start, exact := isobmff.TIFFStart(d)
	if start < 0 {
		w.rd.WS.Add(WarnExif, schema.SourceEXIF, off, "Exif box holds no TIFF header")
		return
	}
	if !exact {
		w.rd.WS.Add(WarnExif, schema.SourceEXIF, off, "Exif box: TIFF header found at %d, not where its offset says", start)
	}
	w.out.EXIF = append(w.out.EXIF, extract.Payload{Data: d[start:], Offset: off + int64(start)})
}

// brob decompresses a Brotli-compressed box (ISO/IEC 18181-2 §3.5): a 4-byte original box
// type, then Brotli data. Only compressed Exif and xml boxes are decoded. Offsets of their
// payloads are those of the compressed data.
func (w *walker) brob(b isobmff.Box) {
	if b.Len() < 4 {
		w.rd.Warn(isobmff.WarnBadBox, b.Offset, "brob box too short")
		return
	}
	t, ok := w.rd.ReadAt(b.Data(), 4)
	if !ok {
		return
	}
	typ := string(t)
	if typ != "Exif" && typ != "xml " {
		return
	}
	max := w.rd.Lim.MaxSegment
	if typ == "xml " {
		max = min(max, w.rd.Lim.MaxXMPBytes)
	}
	if b.Len()-4 > w.rd.Lim.MaxSegment {
		w.rd.Warn(isobmff.WarnTooLarge, b.Offset, "brob box of %d bytes exceeds the limit", b.Len())
		return
	}
	comp, ok := w.rd.ReadAt(b.Data()+4, b.Len()-4)
	if !ok {
		return
	}
	d, err := unbrotli(comp, max)
	switch {
	case err == errTooLarge:
		w.rd.WS.Add(WarnBrotliSize, 0, b.Offset, "brob %q decompresses beyond %d bytes", typ, max)
		return
	case err != nil:
		w.rd.WS.Add(WarnBrotli, 0, b.Offset, "brob %q: %v", typ, err)
		return
	}
	w.payload(typ, d, b.Data()+4)
}
