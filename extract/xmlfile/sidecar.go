package xmlfile

import (
	"io"

	"github.com/embedmeta/embedmeta/extract"
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
	lim = lim.Resolved()
	size, err := whole(r, size, IsXMP, "xmp", "not an XMP packet")
	if err != nil {
		return extract.Payloads{}, err
	}
	out := extract.Payloads{Facts: extract.Facts{FileType: fileNonImage, MIME: mimeXMP}}
	if size > lim.MaxXMPBytes || size > lim.MaxTotalRead {
		ws.Add(WarnTooLarge, extract.SourceXMP, 0, "XMP file of %d bytes exceeds the limit", size)
		return out, nil
	}
	data := make([]byte, size)
	if !extract.ReadFull(r, data, 0) {
		ws.Add(WarnUnread, extract.SourceXMP, 0, "XMP file unreadable")
		return out, nil
	}
	out.XMP = append(out.XMP, extract.Payload{Data: data, Offset: 0})
	return out, nil
}

// whole returns the size of the XML file r (a stream is read whole: it keeps what it passes
// for this container) after checking with is that its first 512 bytes start the format;
// when they do not, the error is a *extract.FormatError naming format, with msg, wrapping
// extract.ErrUnsupportedFormat.
func whole(r io.ReaderAt, size int64, is func([]byte) bool, format, msg string) (int64, error) {
	size = extract.EndOf(r, size).Size()
	head := make([]byte, min(size, 512))
	if !extract.ReadFull(r, head, 0) || !is(head) {
		return 0, &extract.FormatError{Format: format, Offset: 0, Msg: msg, Err: extract.ErrUnsupportedFormat}
	}
	return size, nil
}
