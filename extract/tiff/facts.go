package tiff

import "github.com/embedmeta/embedmeta/extract"

// mimeType returns ExifTool 12.57's MIMEType for a TIFF-based file type it tells by
// content, "" for another.
func mimeType(kind string) string {
	switch kind {
	case "TIFF":
		return "image/tiff"
	case "BTF":
		return "image/x-tiff-big"
	case "CR2":
		return "image/x-canon-cr2"
	case "Canon 1D RAW", "RAW", "IIQ":
		return "image/x-raw"
	case "DNG":
		return "image/x-adobe-dng"
	case "NEF":
		return "image/x-nikon-nef"
	case "ARW":
		return "image/x-sony-arw"
	case "SRW":
		return "image/x-samsung-srw"
	case "KDC":
		return "image/x-kodak-kdc"
	case "DCR":
		return "image/x-kodak-dcr"
	case "PEF":
		return "image/x-pentax-pef"
	case "ORF":
		return "image/x-olympus-orf"
	case "RW2":
		return "image/x-panasonic-rw2"
	}
	return ""
}

// facts returns the file facts as ExifTool 12.57 reports them:
//
//   - MIME from the file type, which ExifTool tells from the header (BigTIFF, ORF, RW2, the
//     CR2 and Canon 1D signatures at offset 8), from the first raw Compression code met
//     (NEF 34713, ARW 32767, PEF 65535, ...), from an IFD0 with Make "SONY…", SubfileType 1
//     and Compression 6 before its SubIFDs (ARW), and from DNGVersion (DNG, overriding all);
//     Phase One IIQ from its maker-note signature after the header (see newScan).
//   - Width × Height as Composite:ImageSize: ImageWidth/ImageHeight (0x0100/0x0101) have
//     priority 0, so the first found in processing order stays unless the first directory
//     whose SubfileType is 0 (OldSubfileType 1) holds later ones — the raw image of a DNG,
//     NEF or ARW SubIFD; for CR2, Canon 1D RAW and IIQ, ExifImageWidth/ExifImageHeight of
//     the Exif IFD when both are set; for RW2, PanasonicRaw's sensor borders (right − left,
//     bottom − top). Sizes ExifTool takes from maker notes (other raws whose IFDs carry no
//     size) are not known here.
//   - HasAlpha: whether ExtraSamples (0x0152) of the directory that gave the size declares
//     associated (1) or unassociated (2) alpha; TIFF has no other way to say it, so an
//     absent ExtraSamples means false.
func (s *scan) facts() extract.Facts {
	f := extract.Facts{FileType: "image", MIME: mimeType(s.kind)}
	w, h := s.width.v, s.height.v
	if !s.width.set || !s.height.set {
		w, h = 0, 0
	}
	switch s.kind {
	case "CR2", "Canon 1D RAW", "IIQ":
		if s.exifW > 0 && s.exifH > 0 {
			w, h = s.exifW, s.exifH
		}
	}
	if s.rw2() {
		w, h = 0, 0
		if b := s.borders; b[0] >= 0 && b[1] >= 0 && b[2] >= 0 && b[3] >= 0 {
			w, h = b[3]-b[1], b[2]-b[0]
		}
	}
	if w > 0 && h > 0 && w <= 1<<31 && h <= 1<<31 {
		f.Width, f.Height = int(w), int(h)
	}
	f.HasAlpha = extract.Bool(s.alpha[s.width.dir])
	return f
}
