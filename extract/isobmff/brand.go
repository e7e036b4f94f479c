package isobmff

import "strings"

// kind is the family a file belongs to, decided by its ftyp major brand.
type kind uint8

const (
	kindMovie kind = iota // MP4, MOV, 3GP, M4A ...: tracks and (maybe) XMP
	kindHEIF              // HEIF/HEIC/AVIF: a meta box with items
	kindCR3               // Canon CR3: a movie whose moov holds Canon's TIFF boxes
)

// brandInfo is what a major brand says about the file: its family, ExifTool's MIMEType and
// whether it is an image.
type brandInfo struct {
	kind  kind
	mime  string
	image bool
}

// brands maps ftyp major brands (ISO/IEC 14496-12 §4.3, ISO/IEC 23008-12 Annex B, the MP4
// registration authority's list) to the MIME type ExifTool 12.57 reports for them.
var brands = map[string]brandInfo{
	"heic": {kindHEIF, "image/heic", true},
	"heix": {kindHEIF, "image/heic", true},
	"heim": {kindHEIF, "image/heic", true},
	"heis": {kindHEIF, "image/heic", true},
	"hevc": {kindHEIF, "image/heic-sequence", true},
	"hevx": {kindHEIF, "image/heic-sequence", true},
	"hevm": {kindHEIF, "image/heic-sequence", true},
	"hevs": {kindHEIF, "image/heic-sequence", true},
	"mif1": {kindHEIF, "image/heif", true},
	"msf1": {kindHEIF, "image/heif-sequence", true},
	"avif": {kindHEIF, "image/avif", true},
	"avis": {kindHEIF, "image/avif", true},
	"crx ": {kindCR3, "image/x-canon-cr3", true},
	"qt  ": {kindMovie, "video/quicktime", false},
	"M4A ": {kindMovie, "audio/mp4", false},
	"M4B ": {kindMovie, "audio/mp4", false},
	"M4P ": {kindMovie, "audio/mp4", false},
	"M4V ": {kindMovie, "video/x-m4v", false},
	"M4VH": {kindMovie, "video/x-m4v", false},
	"M4VP": {kindMovie, "video/x-m4v", false},
}

// brandOf returns the facts of a major brand; unknown brands are MP4 (video/mp4), 3GPP
// brands are video/3gpp and video/3gpp2.
func brandOf(major string) brandInfo {
	if b, ok := brands[major]; ok {
		return b
	}
	switch {
	case strings.HasPrefix(major, "3g2"):
		return brandInfo{kindMovie, "video/3gpp2", false}
	case strings.HasPrefix(major, "3g"):
		return brandInfo{kindMovie, "video/3gpp", false}
	}
	return brandInfo{kindMovie, "video/mp4", false}
}

// quickTimeTop are the box types a QuickTime movie without ftyp may start with (QuickTime
// File Format, "Atoms").
var quickTimeTop = map[string]bool{"moov": true, "mdat": true, "wide": true, "free": true, "skip": true, "pnot": true}

// IsISOBMFF reports whether head (the leading bytes of a file) starts with an ISO BMFF
// "ftyp" box (ISO/IEC 14496-12 §4.3) or with a QuickTime top-level atom.
func IsISOBMFF(head []byte) bool {
	if len(head) < 12 {
		return false
	}
	size := uint32(head[0])<<24 | uint32(head[1])<<16 | uint32(head[2])<<8 | uint32(head[3])
	typ := string(head[4:8])
	if typ == "ftyp" {
		return size >= 12 || size == 1
	}
	return quickTimeTop[typ] && (size >= 8 || size == 0 || size == 1)
}
