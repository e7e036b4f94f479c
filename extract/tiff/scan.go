package tiff

import (
	"bytes"
	"io"
	"strconv"

	"github.com/embedmeta/embedmeta/extract"
	"github.com/embedmeta/embedmeta/extract/exif"
	"github.com/embedmeta/embedmeta/extract/jpeg"
)

// Tags read by the walker (TIFF 6.0, Exif 2.32, DNG 1.6, XMP Part 3, Photoshop TIFF notes).
const (
	tagSubfileType     = 0x00FE
	tagOldSubfileType  = 0x00FF
	tagImageWidth      = 0x0100
	tagImageHeight     = 0x0101
	tagCompression     = 0x0103
	tagMake            = 0x010F
	tagSubIFDs         = 0x014A
	tagExtraSamples    = 0x0152
	tagXMP             = 0x02BC
	tagIPTC            = 0x83BB
	tagPhotoshop       = 0x8649
	tagExifImageWidth  = 0xA002
	tagExifImageHeight = 0xA003
	tagDNGVersion      = 0xC612
	// Panasonic RW2 IFD0 (ExifTool PanasonicRaw table).
	tagSensorTopBorder    = 0x0004
	tagSensorLeftBorder   = 0x0005
	tagSensorBottomBorder = 0x0006
	tagSensorRightBorder  = 0x0007
	tagJpgFromRaw         = 0x002E
)

// scan is the container walker's share of the one walk over a TIFF structure
// (exif.WalkAt), which decodes the EXIF entries and shows it every IFD read: the payloads
// and facts are read from IFD0, the pages, their SubIFDs (which the walk reads for it
// alone) and the Exif IFD, in the order ExifTool processes them (IFD0's entries in stored
// order, descending into SubIFDs where their pointer sits, then IFD1, IFD2, ...), because
// the facts depend on that order.
type scan struct {
	r    io.ReaderAt
	hd   exif.Header
	lim  extract.Limits
	ws   *extract.Warnings
	kind string // ExifTool's FileType: TIFF, BTF, CR2, DNG, NEF, ...
	// identified is set once a Compression value named the raw type (ExifTool checks once).
	identified bool
	dng        bool
	make       string
	priority   string // the first directory whose SubfileType says "full resolution"
	width      sizeVal
	height     sizeVal
	exifW      int64
	exifH      int64
	borders    [4]int64 // RW2 sensor borders: top, left, bottom, right (-1 unknown)
	alpha      map[string]bool
	xmp        []extract.Payload
	irb        []extract.Payload
	iim        []extract.Payload
	embedded   []extract.Payload // EXIF blobs of embedded JPEGs (RW2 JpgFromRaw)
}

// sizeVal is an ImageWidth/ImageHeight candidate with the directory it came from.
type sizeVal struct {
	v   int64
	dir string
	set bool
}

// offer applies ExifTool's priority to a new ImageWidth/ImageHeight: the tag has priority
// 0, so the first one found stays unless a later one sits in the priority directory.
func (s *scan) offer(sv *sizeVal, v int64, dir string) {
	if v < 0 {
		return
	}
	if !sv.set || (dir == s.priority && sv.dir != s.priority) {
		*sv = sizeVal{v: v, dir: dir, set: true}
	}
}

func newScan(r io.ReaderAt, hd exif.Header, head []byte, lim extract.Limits, ws *extract.Warnings) *scan {
	s := &scan{r: r, hd: hd, lim: lim, ws: ws, kind: "TIFF", borders: [4]int64{-1, -1, -1, -1}, alpha: map[string]bool{}}
	switch {
	case hd.BigTIFF:
		s.kind = "BTF"
	case hd.Magic == exif.MagicORF || hd.Magic == exif.MagicORFS:
		s.kind = "ORF"
	case exif.MagicRW2 == hd.Magic:
		// RW2/RWL carry a 16-byte signature after the header; without it ExifTool says RAW.
		s.kind = "RAW"
		if len(head) >= 24 && string(head[8:24]) == "\x88\xe7\x74\xd8\xf8\x25\x1d\x4d\x94\x7a\x6e\x77\x82\x2b\x5d\x6a" {
			s.kind = "RW2"
		}
	case hd.First >= 16 && len(head) >= 16 && string(head[8:12]) == "CR\x02\x00":
		s.kind = "CR2"
	case hd.First >= 16 && len(head) >= 16 && string(head[8:12]) == "\xba\xb0\xac\xbb":
		s.kind = "Canon 1D RAW"
	case len(head) >= 16 && (string(head[8:12]) == "IIII" && string(head[13:16]) == "waR" || string(head[8:15]) == "MMMMRaw"):
		// Phase One IIQ: the maker-note block ("IIII.waR" / "MMMMRaw.") right after the
		// header. ExifTool names the type from that block only when it exceeds 1 MB (and
		// from the .iiq extension otherwise); by content, the signature is what tells.
		s.kind = "IIQ"
	}
	return s
}

// tap is the scan's exif.Tap: it reads the pages (depth 0) and the Exif IFD of each.
func (s *scan) tap(w exif.Walk, dir string, depth int, tags []exif.Entry) {
	switch {
	case depth == 0:
		s.dir(w, dir, depth, tags)
	case depth == 1 && dir == extract.DirExifIFD:
		s.exifDir(tags, w)
	}
}

// done settles what is known once the walk is over.
func (s *scan) done() {
	if s.dng {
		s.kind = "DNG" // ExifTool overrides the type once DNGVersion was seen
	}
}

// dir reads one page (depth 0) or SubIFD (depth 1), whose entries are tags.
func (s *scan) dir(w exif.Walk, name string, depth int, tags []exif.Entry) {
	subfile, compression := int64(-1), int64(-1)
	subIFDs := 0
	for _, t := range tags {
		switch t.ID {
		case tagSubfileType:
			subfile = w.First(t)
			if subfile == 0 && s.priority == "" {
				s.priority = name
			}
		case tagOldSubfileType:
			if w.First(t) == 1 && s.priority == "" {
				s.priority = name
			}
		case tagImageWidth:
			if s.rw2() && name == "IFD0" {
				continue // not a width in the PanasonicRaw table
			}
			s.offer(&s.width, w.First(t), name)
		case tagImageHeight:
			if s.rw2() && name == "IFD0" {
				continue
			}
			s.offer(&s.height, w.First(t), name)
		case tagCompression:
			compression = w.First(t)
			s.identify(compression)
		case tagExtraSamples:
			for _, v := range w.Ints(t, 16) {
				if v == 1 || v == 2 { // associated or unassociated alpha (TIFF 6.0 §18)
					s.alpha[name] = true
				}
			}
		case tagSubIFDs:
			if name == "IFD0" && s.kind == "TIFF" && bytes.HasPrefix([]byte(s.make), []byte("SONY")) && subfile == 1 && compression == 6 {
				s.kind = "ARW"
			}
			if depth > 0 {
				continue
			}
			for _, o := range w.Ints(t, maxSubIFDs) {
				sub := "SubIFD"
				if subIFDs > 0 {
					sub += strconv.Itoa(subIFDs)
				}
				subIFDs++
				w.Sub(sub, o, t, depth+1, s.dir)
			}
		}
		if name != "IFD0" {
			continue
		}
		switch t.ID {
		case tagMake:
			if b := w.Peek(t, 256); b != nil { // an EXIF entry: its problems are the decoder's
				s.make = string(b)
			}
		case tagDNGVersion:
			s.dng = true
		case tagXMP:
			if b := w.Value(t, s.lim.MaxXMPBytes); b != nil {
				s.xmp = append(s.xmp, extract.Payload{Data: b, Offset: int64(t.Value)})
			}
		case tagIPTC:
			if b := w.Value(t, s.lim.MaxSegment); b != nil {
				s.iim = append(s.iim, extract.Payload{Data: b, Offset: int64(t.Value)})
			}
		case tagPhotoshop:
			if b := w.Value(t, s.lim.MaxSegment); b != nil {
				s.irb = append(s.irb, extract.Payload{Data: b, Offset: int64(t.Value)})
			}
		case tagSensorTopBorder, tagSensorLeftBorder, tagSensorBottomBorder, tagSensorRightBorder:
			if s.rw2() {
				s.borders[t.ID-tagSensorTopBorder] = w.First(t)
			}
		case tagJpgFromRaw:
			if s.rw2() {
				s.jpgFromRaw(w, t)
			}
		}
	}
	if depth == 0 && name == "IFD0" {
		s.iptc()
	}
}

// rw2 reports whether IFD0 follows ExifTool's PanasonicRaw table (header magic 0x55).
func (s *scan) rw2() bool { return s.hd.Magic == exif.MagicRW2 }

// identify names a raw type from a Compression value, as ExifTool does for files it took
// for plain TIFF: the first Compression whose name is "<Maker> <TYPE> Compressed" wins.
func (s *scan) identify(c int64) {
	if s.kind != "TIFF" || s.identified {
		return
	}
	if k, ok := compressionKind(c); ok {
		s.kind, s.identified = k, true
	}
}

// compressionKind returns the type that a raw Compression code of ExifTool's table names,
// and whether it names one.
func compressionKind(c int64) (string, bool) {
	switch c {
	case 32767:
		return "ARW", true
	case 32770:
		return "SRW", true
	case 32867:
		return "KDC", true
	case 34713:
		return "NEF", true
	case 65000:
		return "DCR", true
	case 65535:
		return "PEF", true
	}
	return "", false
}

// exifDir reads ExifImageWidth and ExifImageHeight from the Exif IFD of a page (CR2 and
// IIQ sizes).
func (s *scan) exifDir(tags []exif.Entry, w exif.Walk) {
	for _, t := range tags {
		switch t.ID {
		case tagExifImageWidth:
			if s.exifW == 0 {
				s.exifW = max(w.First(t), 0)
			}
		case tagExifImageHeight:
			if s.exifH == 0 {
				s.exifH = max(w.First(t), 0)
			}
		}
	}
}

// jpgFromRaw hands over the Exif of the JPEG preview a Panasonic RW2 embeds in IFD0 tag
// 0x002E, where the camera keeps its Exif IFD (ExifTool reads it as IFD0/ExifIFD too).
func (s *scan) jpgFromRaw(w exif.Walk, t exif.Entry) {
	if t.Size == 0 || !w.Has(t.Value, t.Size) {
		return
	}
	sec := io.NewSectionReader(s.r, int64(t.Value), int64(t.Size))
	lim := s.lim
	lim.MaxTotalRead = max(w.Budget(), 1)
	p, err := jpeg.Locate(sec, int64(t.Size), lim, s.ws)
	if err != nil {
		return
	}
	for _, e := range p.EXIF {
		w.Spend(int64(len(e.Data)))
		s.embedded = append(s.embedded, extract.Payload{Data: e.Data, Offset: e.Offset + int64(t.Value)})
	}
}
