package scan

import (
	"io"

	"github.com/embedmeta/embedmeta/extract"
	"github.com/embedmeta/embedmeta/extract/gif"
	"github.com/embedmeta/embedmeta/extract/isobmff"
	"github.com/embedmeta/embedmeta/extract/jpeg"
	"github.com/embedmeta/embedmeta/extract/jxl"
	"github.com/embedmeta/embedmeta/extract/pdf"
	"github.com/embedmeta/embedmeta/extract/png"
	"github.com/embedmeta/embedmeta/extract/psd"
	"github.com/embedmeta/embedmeta/extract/tiff"
	"github.com/embedmeta/embedmeta/extract/webp"
	"github.com/embedmeta/embedmeta/extract/xmlfile"
)

// HeadLen is how many leading bytes content detection may look at.
const HeadLen = 512

// locator is a container walker: it finds the metadata payloads (and the file facts) of the
// size bytes behind r, reading only what it needs.
type locator func(r io.ReaderAt, size int64, lim extract.Limits, ws *extract.Warnings) (extract.Payloads, error)

// format is one recognised container: detection by content (magic bytes), never by name.
type format struct {
	name   string                 // short name, e.g. "jpeg"; also the warning-code prefix
	detect func(head []byte) bool // head holds up to HeadLen leading bytes
	locate locator
}

// wholeFile lists the containers whose walkers need the file's exact size before they can
// find the metadata (a PDF's cross-reference table at its end; an SVG or an XMP sidecar read
// as a whole). A stream of one of these is read to its end, within the read budget, first.
var wholeFile = map[string]bool{"pdf": true, "svg": true, "xmp": true}

// NeedsWholeStream reports whether the file that starts with head must be read to its end
// before its metadata can be located (see ExtractReader in the root package).
func NeedsWholeStream(head []byte) bool {
	f, ok := detect(head)
	return ok && wholeFile[f.name]
}

// formats lists the containers in detection order: the most specific magic first.
// One line per container walker.
var formats = []format{
	{"jpeg", jpeg.IsJPEG, jpeg.Locate},
	{"psd", psd.IsPSD, psd.Locate},
	{"png", png.IsPNG, png.Locate},
	{"svg", xmlfile.IsSVG, xmlfile.LocateSVG},
	{"xmp", xmlfile.IsXMP, xmlfile.LocateXMP},
	{"webp", webp.IsWebP, webp.Locate},
	{"gif", gif.IsGIF, gif.Locate},
	{"isobmff", isobmff.IsISOBMFF, isobmff.Locate},
	{"jxl", jxl.IsJXL, jxl.Locate},
	{"pdf", pdf.IsPDF, pdf.Locate},
	{"tiff", tiff.IsTIFF, tiff.Locate},
	// containers: one line per walker below (keep this comment as the anchor)
}
