package xmlfile

import (
	"io"

	"github.com/embedmeta/embedmeta/extract"
	"github.com/embedmeta/embedmeta/schema"
)

// Warning codes reported by the walkers of this package.
const (
	WarnTooLarge  = "xmlfile.too-large"      // the XMP exceeds Limits.MaxXMPBytes or MaxTotalRead
	WarnUnread    = "xmlfile.read-error"     // the file could not be read
	WarnNoXMP     = "xmlfile.svg-no-xmp"     // an SVG <metadata> element without an XMP packet
	WarnUnclosed  = "xmlfile.svg-unclosed"   // the XMP element in <metadata> is not closed
	WarnScanLimit = "xmlfile.svg-scan-limit" // the search for <metadata> stopped at the read limit
	mimeXMP       = "application/rdf+xml"    // ExifTool's MIMEType of an XMP sidecar
	mimeSVG       = "image/svg+xml"          // ExifTool's MIMEType of an SVG file
	fileNonImage  = "non-image"              // Facts.FileType of a sidecar
	fileImage     = "image"                  // Facts.FileType of an SVG
)

// LocateXMP reads a standalone XMP file (a sidecar) of size bytes: the whole file is one
// XMP packet (XMP Part 3 §2.3), handed over as Payloads.XMP with its encoding and byte-order
// mark untouched (the XMP decoder reads UTF-16 and UTF-32). A file larger than
// Limits.MaxXMPBytes gives only the facts and a warning. A file that does not start like an
// XMP packet gives a *extract.FormatError wrapping extract.ErrUnsupportedFormat.
func LocateXMP(r io.ReaderAt, size int64, lim extract.Limits, ws *extract.Warnings) (extract.Payloads, error) {
	out, size, err := open(r, size, xmpFile)
	if err != nil {
		return out, err
	}
	lim = lim.Resolved()
	if size > lim.MaxXMPBytes || size > lim.MaxTotalRead {
		ws.Add(WarnTooLarge, schema.SourceXMP, 0, "XMP file of %d bytes exceeds the limit", size)
		return out, nil
	}
	data := make([]byte, size)
	if !extract.ReadFull(r, data, 0) {
		ws.Add(WarnUnread, schema.SourceXMP, 0, "XMP file unreadable")
		return out, nil
	}
	out.XMP = append(out.XMP, extract.Payload{Data: data, Offset: 0})
	return out, nil
}

// fileFormat is an XML format read from a whole file: how its start is recognised and the
// facts every such file has.
type fileFormat struct {
	name, notIt    string // FormatError's Format and Msg for a file of another format
	fileType, mime string
	is             func(head []byte) bool
}

var (
	xmpFile = fileFormat{"xmp", "not an XMP packet", fileNonImage, mimeXMP, IsXMP}
	svgFile = fileFormat{"svg", "not an SVG document", fileImage, mimeSVG, IsSVG}
)

// open starts reading the file r of format f: it returns the Payloads with f's facts and
// the input's size (a stream is read whole: it keeps what it passes for this container)
// once f.is accepts the first 512 bytes. A file that does not start like f gives empty
// Payloads and a *extract.FormatError wrapping extract.ErrUnsupportedFormat.
func open(r io.ReaderAt, size int64, f fileFormat) (extract.Payloads, int64, error) {
	size = extract.EndOf(r, size).Size()
	head := make([]byte, min(size, 512))
	if !extract.ReadFull(r, head, 0) || !f.is(head) {
		return extract.Payloads{}, 0, &extract.FormatError{Format: f.name, Offset: 0, Msg: f.notIt, Err: extract.ErrUnsupportedFormat}
	}
	return extract.Payloads{Facts: extract.Facts{FileType: f.fileType, MIME: f.mime}}, size, nil
}
