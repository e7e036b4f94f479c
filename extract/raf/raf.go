// Package raf locates the metadata of a Fujifilm RAF raw image.
//
// A RAF file starts with a big-endian header (ExifTool 12.57 FujiFilm.pm, ProcessRAF):
//
//	0x00  "FUJIFILMCCD-RAW " magic, then format version, camera id and model (ASCII)
//	0x3C  RAF version (4 ASCII digits)
//	0x54  offset and length of the embedded JPEG preview (uint32 each)
//	0x5C  offset and length of the RAF directory
//	0x64  offset and length of the CFA data (raw image, or a TIFF-like FujiIFD)
//	0x78  offset and length of a second RAF directory (two-sensor models), 0x80 its CFA
//
// The camera's EXIF is not in the RAF structure: it is the Exif APP1 of the JPEG preview,
// which is walked with the JPEG walker (its XMP and Photoshop IPTC, if any, come along).
// A RAF directory is a uint32 entry count followed by entries of a uint16 tag, a uint16
// length and that many bytes of value; it gives the size ExifTool reports for the image
// (tag 0x111 RawImageCroppedSize). The CFA data is never read.
//
// The preview and the directories are read in ascending offset order, each starting at or
// after the claimed end of the previous one: the file is read forward, as a stream can be
// (scan's format table does not mark RAF random), and a region that overlaps one read
// before (never seen in a camera's file) is skipped with a warning.
package raf

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"slices"

	"github.com/embedmeta/embedmeta/extract"
	"github.com/embedmeta/embedmeta/extract/jpeg"
)

// Warning codes reported by Locate.
const (
	WarnTruncated = "raf.truncated"        // the preview or a RAF directory runs past the end of the file
	WarnOverlap   = "raf.overlap"          // a region that starts inside one read before: skipped
	WarnBadDir    = "raf.bad-directory"    // a RAF directory with an impossible entry count
	WarnReadLimit = "raf.read-limit"       // Limits.MaxTotalRead spent
	WarnNoJPEG    = "raf.preview-not-jpeg" // the preview does not start like a JPEG
)

// magic is the start of every RAF file.
const magic = "FUJIFILMCCD-RAW "

// mimeType is ExifTool's MIMEType for RAF.
const mimeType = "image/x-fujifilm-raf"

// Header layout (offsets of big-endian uint32 fields).
const (
	minHeader  = 0x5C // through the JPEG length: ExifTool reads no less
	maxHeader  = 0x80 // through the second RAF directory's fields
	offJPEG    = 0x54
	offRAFDir  = 0x5C
	offRAFDir2 = 0x78
)

// RAF directory tags (ExifTool FujiFilm::RAF).
const (
	tagRawImageCroppedSize = 0x111 // int16u[2]: height, width
	maxDirEntries          = 256   // ExifTool rejects a directory of 256 entries or more
)

// IsRAF reports whether head starts with the RAF magic.
func IsRAF(head []byte) bool { return bytes.HasPrefix(head, []byte(magic)) }

// region is a part of the file the walker reads: the preview or a RAF directory.
type region struct {
	off, n int64
	dir    int // index of the RAF directory (0 first, 1 second), -1 for the preview
}

// Locate reads the RAF file r of size bytes: the payloads of its JPEG preview and the file
// facts. A file that does not start with the RAF magic gives a *extract.FormatError wrapping
// extract.ErrUnsupportedFormat, one whose header is cut short a *extract.FormatError; every
// other problem is a warning in ws, with what was found before it.
func Locate(r io.ReaderAt, size int64, lim extract.Limits, ws *extract.Warnings) (extract.Payloads, error) {
	lim = lim.Resolved()
	var out extract.Payloads
	b := &extract.Budget{R: r, End: extract.EndOf(r, size), Max: lim.MaxTotalRead, WS: ws, Code: WarnReadLimit}
	magic, ok := b.Read(0, int64(len(magic)))
	if !ok || !IsRAF(magic) {
		return out, &extract.FormatError{Format: "raf", Offset: 0, Msg: "no RAF header", Err: extract.ErrUnsupportedFormat}
	}
	hn := b.End.Avail(0, maxHeader)
	hd, ok := b.Read(0, hn)
	if !ok || hn < minHeader {
		return out, &extract.FormatError{Format: "raf", Offset: 0, Msg: "RAF header cut short"}
	}
	be := binary.BigEndian
	field := func(at int) (int64, int64, bool) {
		if at+8 > len(hd) {
			return 0, 0, false
		}
		return int64(be.Uint32(hd[at:])), int64(be.Uint32(hd[at+4:])), true
	}
	out.Facts = extract.Facts{FileType: "image", MIME: mimeType, HasAlpha: extract.Bool(false)}

	var regions []region
	jpos, jlen, _ := field(offJPEG)
	if jpos != 0 && jlen != 0 {
		regions = append(regions, region{off: jpos, n: jlen, dir: -1})
	}
	for i, at := range []int{offRAFDir, offRAFDir2} {
		// ExifTool reads a directory field only when it lies before the preview.
		if jpos != 0 && int64(at) >= jpos {
			break
		}
		if off, n, ok := field(at); ok && off != 0 {
			regions = append(regions, region{off: off, n: n, dir: i})
		}
	}
	slices.SortStableFunc(regions, func(a, b region) int {
		switch {
		case a.off < b.off:
			return -1
		case a.off > b.off:
			return 1
		}
		return 0
	})

	var (
		cropped [2]bool     // per directory: RawImageCroppedSize found
		sizes   [2][2]int64 // per directory: RawImageCroppedSize (height, width)
		jw, jh  int         // the preview's size (its SOF)
		next    int64       // where the last region read ends (the header is kept whole)
	)
	for _, rg := range regions {
		if rg.off < next {
			ws.Add(WarnOverlap, 0, rg.off, "region at %d starts inside one read before (which ends at %d): skipped", rg.off, next)
			continue
		}
		if rg.dir < 0 {
			p, whole := preview(r, b, rg, lim, ws)
			out.EXIF, out.XMP, out.IRB, out.IIM = p.EXIF, p.XMP, p.IRB, p.IIM
			jw, jh = p.Facts.Width, p.Facts.Height
			if !whole {
				break // the file ends inside the preview: the regions after it are not there
			}
			next = rg.off + rg.n
			continue
		}
		end, h, w, found, whole := directory(b, rg, ws)
		if found {
			cropped[rg.dir] = true
			sizes[rg.dir] = [2]int64{h, w}
		}
		if !whole {
			break
		}
		next = end
	}
	// ExifTool's Composite:ImageSize: RawImageCroppedSize (the first directory's first) when
	// the preview gave ImageWidth and ImageHeight, else those.
	if jw > 0 && jh > 0 {
		out.Facts.Width, out.Facts.Height = jw, jh
		for i := range cropped {
			if cropped[i] {
				if h, w := sizes[i][0], sizes[i][1]; h > 0 && w > 0 {
					out.Facts.Width, out.Facts.Height = int(w), int(h)
				}
				break
			}
		}
	}
	return out, nil
}

// preview runs the JPEG walker over the preview in rg and returns its payloads, their
// offsets in the file, and whether the preview lies whole in the file.
func preview(r io.ReaderAt, b *extract.Budget, rg region, lim extract.Limits, ws *extract.Warnings) (extract.Payloads, bool) {
	n := b.End.Avail(rg.off, rg.n)
	whole := n == rg.n
	if !whole {
		ws.Add(WarnTruncated, 0, rg.off, "JPEG preview of %d bytes at %d runs past the end of the file (%d bytes)", rg.n, rg.off, b.End.Size())
	}
	if n == 0 {
		return extract.Payloads{}, whole
	}
	sub := lim
	sub.MaxTotalRead = max(b.Max-b.Total, 1)
	first := len(ws.List)
	p, err := jpeg.Locate(io.NewSectionReader(r, rg.off, n), n, sub, ws)
	shiftWarnings(ws, first, rg.off)
	if err != nil {
		ws.Add(WarnNoJPEG, 0, rg.off, "the preview at %d is not a JPEG", rg.off)
		return extract.Payloads{}, whole
	}
	for _, ps := range [][]extract.Payload{p.EXIF, p.XMP, p.IRB, p.IIM} {
		for i := range ps {
			b.Total += int64(len(ps[i].Data))
			ps[i].Offset += rg.off
		}
	}
	return p, whole
}

// directory reads the RAF directory in rg (ExifTool FujiFilm.pm ProcessFujiDir) for its
// RawImageCroppedSize. It returns the offset after the directory (rg's claimed end, or
// where reading stopped when none was claimed), the size found, and false when the file
// ends inside the directory.
func directory(b *extract.Budget, rg region, ws *extract.Warnings) (end, h, w int64, found, whole bool) {
	claimed := rg.n > 0 // the header gives the directory's length (ExifTool does not use it)
	end, whole = rg.off+rg.n, true
	// fits reports whether the n bytes at pos lie in the directory and in the file, and
	// warns once when they do not.
	fits := func(pos, n int64, what string) bool {
		switch {
		case claimed && pos+n > end:
			ws.Add(WarnBadDir, 0, pos, "RAF directory at %d: %s runs past its length (%d bytes)", rg.off, what, rg.n)
		case !b.End.Fits(pos, n):
			ws.Add(WarnTruncated, 0, pos, "RAF directory at %d: %s runs past the end of the file", rg.off, what)
			whole = false
		default:
			return true
		}
		return false
	}
	pos := rg.off
	defer func() {
		if !claimed {
			end = pos
		}
	}()
	if !fits(pos, 4, "the entry count") {
		return
	}
	cb, ok := b.Read(pos, 4)
	if !ok {
		return
	}
	pos += 4
	count := binary.BigEndian.Uint32(cb)
	if count >= maxDirEntries {
		ws.Add(WarnBadDir, 0, rg.off, "RAF directory at %d claims %d entries", rg.off, count)
		return
	}
	for range count {
		if !fits(pos, 4, "an entry") {
			return
		}
		eb, ok := b.Read(pos, 4)
		if !ok {
			return
		}
		tag, n := binary.BigEndian.Uint16(eb), int64(binary.BigEndian.Uint16(eb[2:]))
		pos += 4
		if !fits(pos, n, fmt.Sprintf("entry 0x%04X of %d bytes", tag, n)) {
			return
		}
		if tag == tagRawImageCroppedSize && n >= 4 && !found {
			v, ok := b.Read(pos, 4)
			if !ok {
				return
			}
			h, w, found = int64(binary.BigEndian.Uint16(v)), int64(binary.BigEndian.Uint16(v[2:])), true
		}
		pos += n
	}
	return
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
