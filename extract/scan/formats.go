package scan

import (
	"io"

	"github.com/embedmeta/embedmeta/extract"
	"github.com/embedmeta/embedmeta/extract/bitmap"
	"github.com/embedmeta/embedmeta/extract/crw"
	"github.com/embedmeta/embedmeta/extract/gif"
	"github.com/embedmeta/embedmeta/extract/isobmff"
	"github.com/embedmeta/embedmeta/extract/jp2"
	"github.com/embedmeta/embedmeta/extract/jpeg"
	"github.com/embedmeta/embedmeta/extract/jxl"
	"github.com/embedmeta/embedmeta/extract/mrw"
	"github.com/embedmeta/embedmeta/extract/pdf"
	"github.com/embedmeta/embedmeta/extract/png"
	"github.com/embedmeta/embedmeta/extract/ps"
	"github.com/embedmeta/embedmeta/extract/psd"
	"github.com/embedmeta/embedmeta/extract/raf"
	"github.com/embedmeta/embedmeta/extract/riff"
	"github.com/embedmeta/embedmeta/extract/tiff"
	"github.com/embedmeta/embedmeta/extract/webp"
	"github.com/embedmeta/embedmeta/extract/x3f"
	"github.com/embedmeta/embedmeta/extract/xmlfile"
)

// headLen is how many leading bytes content detection may look at.
const headLen = 512

// locator is a container walker: it finds the metadata payloads (and the file facts) of the
// size bytes behind r, reading only what it needs.
type locator func(r io.ReaderAt, size int64, lim extract.Limits, ws *extract.Warnings) (extract.Payloads, error)

// format is one recognised container: detection by content (magic bytes), never by name.
type format struct {
	name   string                 // short name, e.g. "jpeg"; also the warning-code prefix
	detect func(head []byte) bool // head holds up to headLen leading bytes
	locate locator
	// random marks containers whose walkers read at any offset, backwards too (a TIFF's
	// directories point anywhere) or from the end (a PDF's cross-reference table): a stream
	// of one of these keeps the bytes it passes (extract.Stream.KeepAll).
	random bool
}

// formats lists the containers in detection order: the most specific magic first.
// One line per container walker.
var formats = []format{
	{"jpeg", jpeg.IsJPEG, jpeg.Locate, false},
	{"psd", psd.IsPSD, psd.Locate, false},
	{"png", png.IsPNG, png.Locate, false},
	{"svg", xmlfile.IsSVG, xmlfile.LocateSVG, true},
	{"xmp", xmlfile.IsXMP, xmlfile.LocateXMP, true},
	{"webp", webp.IsWebP, webp.Locate, false},
	{"gif", gif.IsGIF, gif.Locate, false},
	{"avi", riff.IsAVI, riff.LocateAVI, false},
	{"jp2", jp2.IsJP2, jp2.Locate, false},
	{"isobmff", isobmff.IsISOBMFF, isobmff.Locate, false},
	{"jxl", jxl.IsJXL, jxl.Locate, false},
	{"pdf", pdf.IsPDF, pdf.Locate, true},
	{"ps", ps.IsPS, ps.Locate, false},
	{"raf", raf.IsRAF, raf.Locate, false},
	{"mrw", mrw.IsMRW, mrw.Locate, false},
	{"x3f", x3f.IsX3F, x3f.Locate, true},
	{"crw", crw.IsCRW, crw.Locate, true},
	{"tiff", tiff.IsTIFF, tiff.Locate, true},
	// containers: one line per walker below (keep this comment as the anchor)
	{"bitmap", bitmap.IsBitmap, bitmap.Locate, false},
	// TGA has no magic number: its strict header check must come after every other format.
	{"tga", bitmap.IsTGA, bitmap.LocateTGA, false},
}
