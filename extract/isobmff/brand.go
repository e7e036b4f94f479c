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

// knownBrand returns the facts of an ftyp major brand (ISO/IEC 14496-12 §4.3, ISO/IEC
// 23008-12 Annex B, the MP4 registration authority's list): the MIME type ExifTool 12.57
// reports for it. A switch, not a map: a map literal is built by the package's init at
// every start of the process (issue 16.3).
func knownBrand(major string) (brandInfo, bool) {
	switch major {
	case "heic", "heix", "heim", "heis":
		return brandInfo{kindHEIF, "image/heic", true}, true
	case "hevc", "hevx", "hevm", "hevs":
		return brandInfo{kindHEIF, "image/heic-sequence", true}, true
	case "mif1":
		return brandInfo{kindHEIF, "image/heif", true}, true
	case "msf1":
		return brandInfo{kindHEIF, "image/heif-sequence", true}, true
	case "avif", "avis":
		return brandInfo{kindHEIF, "image/avif", true}, true
	case "crx ":
		return brandInfo{kindCR3, "image/x-canon-cr3", true}, true
	case "qt  ":
		return brandInfo{kindMovie, "video/quicktime", false}, true
	case "M4A ", "M4B ", "M4P ":
		return brandInfo{kindMovie, "audio/mp4", false}, true
	case "M4V ", "M4VH", "M4VP":
		return brandInfo{kindMovie, "video/x-m4v", false}, true
	}
	return brandInfo{}, false
}

// brandOf returns the facts of a major brand; unknown brands are MP4 (video/mp4), 3GPP
// brands are video/3gpp and video/3gpp2.
func brandOf(major string) brandInfo {
	if b, ok := knownBrand(major); ok {
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

// quickTimeTop reports whether typ is a box type a QuickTime movie without ftyp may start
// with (QuickTime File Format, "Atoms").
func quickTimeTop(typ string) bool {
	switch typ {
	case "moov", "mdat", "wide", "free", "skip", "pnot":
		return true
	}
	return false
}

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
	return quickTimeTop(typ) && (size >= 8 || size == 0 || size == 1)
}
