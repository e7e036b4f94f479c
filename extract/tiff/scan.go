package tiff

import (
	"github.com/embedmeta/embedmeta/extract/exif"

	"bytes"
	"io"
	"strconv"

	"github.com/embedmeta/embedmeta/extract"
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
	tagExifIFD         = 0x8769
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

// scan is the state of one walk over the TIFF structure for payloads and facts. It visits
// the IFDs in the order ExifTool processes them (IFD0's entries in stored order, descending
// into SubIFDs and the Exif IFD where their pointers sit, then IFD1, IFD2, ...), because
// the facts depend on that order.
type scan struct {
	d    *dirs
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

func newScan(d *dirs, head []byte) *scan {
	s := &scan{d: d, kind: "TIFF", borders: [4]int64{-1, -1, -1, -1}, alpha: map[string]bool{}}
	switch {
	case d.hd.bigTIFF:
		s.kind = "BTF"
	case d.hd.magic == exif.MagicORF || d.hd.magic == exif.MagicORFS:
		s.kind = "ORF"
	case exif.MagicRW2 == d.hd.magic:
		// RW2/RWL carry a 16-byte signature after the header; without it ExifTool says RAW.
		s.kind = "RAW"
		if len(head) >= 24 && string(head[8:24]) == "\x88\xe7\x74\xd8\xf8\x25\x1d\x4d\x94\x7a\x6e\x77\x82\x2b\x5d\x6a" {
			s.kind = "RW2"
		}
	case d.hd.first >= 16 && len(head) >= 16 && string(head[8:12]) == "CR\x02\x00":
		s.kind = "CR2"
	case d.hd.first >= 16 && len(head) >= 16 && string(head[8:12]) == "\xba\xb0\xac\xbb":
		s.kind = "Canon 1D RAW"
	case len(head) >= 16 && (string(head[8:12]) == "IIII" && string(head[13:16]) == "waR" || string(head[8:15]) == "MMMMRaw"):
		// Phase One IIQ: the maker-note block ("IIII.waR" / "MMMMRaw.") right after the
		// header. ExifTool names the type from that block only when it exceeds 1 MB (and
		// from the .iiq extension otherwise); by content, the signature is what tells.
		s.kind = "IIQ"
	}
	return s
}

// walk visits IFD0, its sub-IFDs and the IFDs chained after it. It reports false when
// IFD0 cannot be read.
func (s *scan) walk() bool {
	next, ok := s.dir("IFD0", s.d.hd.first, 0)
	if !ok {
		return false
	}
	for page := 1; next != 0; page++ {
		next, ok = s.dir("IFD"+strconv.Itoa(page), next, 0)
		if !ok {
			break
		}
	}
	if s.dng {
		s.kind = "DNG" // ExifTool overrides the type once DNGVersion was seen
	}
	return true
}

// dir visits one IFD and returns the offset of the next one in its chain.
func (s *scan) dir(name string, off uint64, depth int) (uint64, bool) {
	tags, next, ok := s.d.ifd(name, off)
	if !ok {
		return 0, false
	}
	subfile, compression := int64(-1), int64(-1)
	subIFDs := 0
	for _, t := range tags {
		switch t.id {
		case tagSubfileType:
			subfile = s.d.first(t)
			if subfile == 0 && s.priority == "" {
				s.priority = name
			}
		case tagOldSubfileType:
			if s.d.first(t) == 1 && s.priority == "" {
				s.priority = name
			}
		case tagImageWidth:
			if s.rw2() && name == "IFD0" {
				continue // not a width in the PanasonicRaw table
			}
			s.offer(&s.width, s.d.first(t), name)
		case tagImageHeight:
			if s.rw2() && name == "IFD0" {
				continue
			}
			s.offer(&s.height, s.d.first(t), name)
		case tagCompression:
			compression = s.d.first(t)
			s.identify(compression)
		case tagExtraSamples:
			for _, v := range s.d.ints(t, 16) {
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
			for _, o := range s.d.ints(t, maxSubIFDs) {
				sub := "SubIFD"
				if subIFDs > 0 {
					sub += strconv.Itoa(subIFDs)
				}
				subIFDs++
				s.dir(sub, o, depth+1)
			}
		case tagExifIFD:
			if depth == 0 {
				s.exifDir(t)
			}
		}
		if name != "IFD0" {
			continue
		}
		switch t.id {
		case tagMake:
			if b := s.d.value(t, 256); b != nil {
				s.make = string(b)
			}
		case tagDNGVersion:
			s.dng = true
		case tagXMP:
			if b := s.d.value(t, s.d.lim.MaxXMPBytes); b != nil {
				s.xmp = append(s.xmp, extract.Payload{Data: b, Offset: int64(t.at)})
			}
		case tagIPTC:
			if b := s.d.value(t, s.d.lim.MaxSegment); b != nil {
				s.iim = append(s.iim, extract.Payload{Data: b, Offset: int64(t.at)})
			}
		case tagPhotoshop:
			if b := s.d.value(t, s.d.lim.MaxSegment); b != nil {
				s.irb = append(s.irb, extract.Payload{Data: b, Offset: int64(t.at)})
			}
		case tagSensorTopBorder, tagSensorLeftBorder, tagSensorBottomBorder, tagSensorRightBorder:
			if s.rw2() {
				s.borders[t.id-tagSensorTopBorder] = s.d.first(t)
			}
		case tagJpgFromRaw:
			if s.rw2() {
				s.jpgFromRaw(t)
			}
		}
	}
	if depth == 0 && name == "IFD0" {
		s.iptc()
	}
	return next, true
}

// rw2 reports whether IFD0 follows ExifTool's PanasonicRaw table (header magic 0x55).
func (s *scan) rw2() bool { return s.d.hd.magic == exif.MagicRW2 }

// identify names a raw type from a Compression value, as ExifTool does for files it took
// for plain TIFF: the first Compression whose name is "<Maker> <TYPE> Compressed" wins.
func (s *scan) identify(c int64) {
	if s.kind != "TIFF" || s.identified {
		return
	}
	if k, ok := compressionKinds[c]; ok {
		s.kind, s.identified = k, true
	}
}

// compressionKinds are the raw Compression codes of ExifTool's table that name a type.
var compressionKinds = map[int64]string{
	32767: "ARW", 32770: "SRW", 32867: "KDC", 34713: "NEF", 65000: "DCR", 65535: "PEF",
}

// exifDir reads ExifImageWidth and ExifImageHeight from the Exif IFD (CR2 and IIQ sizes).
func (s *scan) exifDir(ptr tag) {
	off := s.d.ints(ptr, 1)
	if len(off) == 0 {
		return
	}
	tags, _, ok := s.d.ifd("ExifIFD", off[0])
	if !ok {
		return
	}
	for _, t := range tags {
		switch t.id {
		case tagExifImageWidth:
			if s.exifW == 0 {
				s.exifW = max(s.d.first(t), 0)
			}
		case tagExifImageHeight:
			if s.exifH == 0 {
				s.exifH = max(s.d.first(t), 0)
			}
		}
	}
}

// jpgFromRaw hands over the Exif of the JPEG preview a Panasonic RW2 embeds in IFD0 tag
// 0x002E, where the camera keeps its Exif IFD (ExifTool reads it as IFD0/ExifIFD too).
func (s *scan) jpgFromRaw(t tag) {
	if t.total == 0 || !s.d.has(t.at, t.total) {
		return
	}
	sec := io.NewSectionReader(s.d.r, int64(t.at), int64(t.total))
	lim := s.d.lim
	lim.MaxTotalRead = max(s.d.budget, 1)
	p, err := jpeg.Locate(sec, int64(t.total), lim, s.d.ws)
	if err != nil {
		return
	}
	for _, e := range p.EXIF {
		s.d.budget -= int64(len(e.Data))
		s.embedded = append(s.embedded, extract.Payload{Data: e.Data, Offset: e.Offset + int64(t.at)})
	}
}
