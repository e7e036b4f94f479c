// Package pdf locates the metadata payloads of a PDF document (ISO 32000-1): the XMP
// packet of the document catalog's /Metadata stream (§14.3.2) and the Photoshop image
// resources Photoshop stores in a page's /PieceInfo /AdobePhotoshop /Private
// /ImageResources stream (page-piece dictionaries, §14.5), whose IIM, EXIF and XMP
// resources ExifTool reads too.
//
// The walker reads the file's tail for startxref, then the cross-reference sections
// (classic tables and cross-reference streams, newest first through /Prev, so the latest
// incremental update wins, §7.5.6), the trailer's /Root catalog and the objects it needs, by
// offset; compressed objects in object streams and FlateDecode streams are decoded with
// bounded output. When the cross-reference data is unusable it falls back to scanning the
// file's first bytes for an "<?xpacket begin" ... "<?xpacket end" packet. The /Info
// dictionary is not read (spec S1: only EXIF, IPTC-IIM and XMP count).
package pdf

import (
	"bytes"
	"errors"
	"io"

	"github.com/embedmeta/embedmeta/extract"
	"github.com/embedmeta/embedmeta/extract/psd"
)

// Warning codes reported by Locate.
const (
	WarnXref      = "pdf.bad-xref"         // cross-reference data unusable (the packet scan is tried)
	WarnReadLimit = "pdf.read-limit"       // Limits.MaxTotalRead reached
	WarnTooLarge  = "pdf.stream-too-large" // a stream above Limits.MaxSegment / MaxXMPBytes
	WarnFilter    = "pdf.filter"           // a stream filter other than FlateDecode
	WarnInflate   = "pdf.inflate"          // a FlateDecode stream is corrupt or exceeds the limit
	WarnStream    = "pdf.bad-stream"       // a stream without a usable length
	WarnCatalog   = "pdf.bad-catalog"      // the trailer's /Root is not a dictionary
	WarnScanned   = "pdf.xmp-scanned"      // the XMP was found by scanning, not through the catalog
	mimePDF       = "application/pdf"
	mimeAI        = "application/vnd.adobe.illustrator" // ExifTool's MIMEType of FileType AI
	scanCap       = 16 << 20                            // bytes scanned for a packet when the cross-reference data is unusable
)

var errInflateLimit = errors.New("inflated stream exceeds the limit; the rest is ignored")

// IsPDF reports whether head starts with the PDF header "%PDF-" (§7.5.2).
func IsPDF(head []byte) bool { return bytes.HasPrefix(head, []byte("%PDF-")) }

// Locate reads the PDF document r of size bytes and returns its XMP (catalog /Metadata) and
// Photoshop image resources (with their EXIF and XMP resources, see psd.SplitIRB), with the
// file facts (MIME application/pdf, or application/vnd.adobe.illustrator for an Illustrator
// document, see pieceInfo; FileType non-image). A file without the PDF header gives
// a *extract.FormatError wrapping extract.ErrUnsupportedFormat.
func Locate(r io.ReaderAt, size int64, lim extract.Limits, ws *extract.Warnings) (extract.Payloads, error) {
	lim = lim.Resolved()
	// A PDF is read from its end (startxref): a stream is read to its end first (it keeps the
	// bytes it passes for this container, see scan's random formats).
	size = extract.EndOf(r, size).Size()
	d := &doc{Budget: extract.Budget{R: r, End: extract.SizeEnd(size), Max: lim.MaxTotalRead, WS: ws, Code: WarnReadLimit}, size: size, lim: lim, ws: ws}
	head, ok := d.Read(0, min(size, 8))
	if !ok || !IsPDF(head) {
		return extract.Payloads{}, &extract.FormatError{Format: "pdf", Offset: 0, Msg: "missing %PDF- header", Err: extract.ErrUnsupportedFormat}
	}
	out := extract.Payloads{Facts: extract.Facts{FileType: "non-image", MIME: mimePDF}}
	var trailer object
	if off, ok := d.startxref(); !ok {
		d.warn(WarnXref, -1, "no startxref in the file's tail")
	} else if trailer, ok = d.loadXref(off); !ok {
		trailer = object{}
	}
	catalog := d.resolve(trailer.get("Root"))
	if catalog.kind != kDict {
		if trailer.kind == kDict {
			d.warn(WarnCatalog, -1, "the trailer's /Root is not a usable dictionary")
		}
		d.scanPacket(&out)
		return out, nil
	}
	d.catalogXMP(catalog, &out)
	d.pages(catalog, &out)
	return out, nil
}

// catalogXMP reads the catalog's /Metadata stream (§14.3.2).
func (d *doc) catalogXMP(catalog object, out *extract.Payloads) {
	if p, ok := d.refStream(catalog.get("Metadata"), d.lim.MaxXMPBytes); ok {
		out.XMP = append(out.XMP, p)
	}
}

// refStream returns the decoded data (at most max bytes) of the directly addressed stream
// that ref refers to, with the file offset of its data; false when ref is not an indirect
// reference or the stream is missing, unreadable or empty.
func (d *doc) refStream(ref object, max int64) (extract.Payload, bool) {
	if ref.kind != kRef {
		return extract.Payload{}, false
	}
	st, ok := d.fetchStreamOnly(ref.i)
	if !ok {
		return extract.Payload{}, false
	}
	data, ok := d.streamData(st, max)
	if !ok || len(data) == 0 {
		return extract.Payload{}, false
	}
	return extract.Payload{Data: data, Offset: st.dataOff}, true
}

// pages walks the page tree (§7.7.3) depth first and reads each page's Photoshop image
// resources from /PieceInfo /AdobePhotoshop /Private /ImageResources.
func (d *doc) pages(catalog object, out *extract.Payloads) {
	type item struct {
		o     object
		depth int
	}
	stack := []item{{catalog.get("Pages"), 0}}
	seen := map[int64]bool{}
	for visited := 0; len(stack) > 0 && visited < maxPages; visited++ {
		it := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if it.o.kind == kRef {
			if seen[it.o.i] {
				continue
			}
			seen[it.o.i] = true
		}
		node := d.resolve(it.o)
		if node.kind != kDict || it.depth > maxNesting {
			continue
		}
		if kids := d.resolve(node.get("Kids")); kids.kind == kArray {
			for i := len(kids.arr) - 1; i >= 0 && len(stack) < maxPages; i-- {
				stack = append(stack, item{kids.arr[i], it.depth + 1})
			}
			continue
		}
		d.pieceInfo(node, it.depth == 1, out)
	}
}

// pieceInfo reads a page's Photoshop image-resource stream, if any. A page-piece
// dictionary of Adobe Illustrator (/PieceInfo /Illustrator) on a page the root /Pages node
// lists itself (top) makes the file an Illustrator document (MIME
// application/vnd.adobe.illustrator), as ExifTool decides (PDF.pm: the PieceInfo table, read
// in the Kids of /Pages, deeper Kids only with its ExtractEmbedded option; ExifTool keeps
// application/pdf for a file named .pdf, a name this walker does not see).
func (d *doc) pieceInfo(page object, top bool, out *extract.Payloads) {
	info := d.resolve(page.get("PieceInfo"))
	if _, ok := info.dict["Illustrator"]; ok && top && info.kind == kDict {
		out.Facts.MIME = mimeAI
	}
	ps := d.resolve(d.resolve(info.get("AdobePhotoshop")).get("Private"))
	if p, ok := d.refStream(ps.get("ImageResources"), d.lim.MaxSegment); ok {
		psd.SplitIRB(p, d.lim, d.ws, out)
	}
}

// scanPacket looks for the first uncompressed XMP packet in the file's first bytes, for
// files whose cross-reference data is unusable (XMP Part 3 §1.1.2: packets are meant to
// be found by scanning).
func (d *doc) scanPacket(out *extract.Payloads) {
	n := min(d.size, scanCap, d.lim.MaxTotalRead-d.Total)
	b, ok := d.Read(0, n)
	if !ok {
		return
	}
	i := bytes.Index(b, []byte("<?xpacket begin"))
	if i < 0 {
		return
	}
	j := bytes.Index(b[i:], []byte("<?xpacket end"))
	if j < 0 {
		return
	}
	k := bytes.Index(b[i+j:], []byte("?>"))
	if k < 0 {
		return
	}
	end := i + j + k + 2
	if int64(end-i) > d.lim.MaxXMPBytes {
		d.warn(WarnTooLarge, int64(i), "scanned XMP packet exceeds the limit")
		return
	}
	d.warn(WarnScanned, int64(i), "XMP packet found by scanning the file")
	out.XMP = append(out.XMP, extract.Payload{Data: b[i:end:end], Offset: int64(i)})
}
