package scan

import (
	"io"

	"github.com/embedmeta/embedmeta/extract"
	"github.com/embedmeta/embedmeta/extract/jpeg"
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

// formats lists the containers in detection order: the most specific magic first.
// One line per container walker.
var formats = []format{
	{"jpeg", jpeg.IsJPEG, jpeg.Locate},
	// containers: one line per walker below (keep this comment as the anchor)
}
