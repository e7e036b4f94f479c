package isobmff

import (
	"encoding/binary"
)

// box builds a box of type typ around the concatenated payload parts.
func box(typ string, parts ...[]byte) []byte {
	var body []byte
	for _, p := range parts {
		body = append(body, p...)
	}
	out := binary.BigEndian.AppendUint32(nil, uint32(8+len(body)))
	return append(append(out, typ...), body...)
}

// full is the version/flags word of a FullBox followed by the parts.
func full(version uint8, flags uint32, parts ...[]byte) []byte {
	out := binary.BigEndian.AppendUint32(nil, uint32(version)<<24|flags)
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

func u16(v uint16) []byte { return binary.BigEndian.AppendUint16(nil, v) }
func u32(v uint32) []byte { return binary.BigEndian.AppendUint32(nil, v) }
func u64(v uint64) []byte { return binary.BigEndian.AppendUint64(nil, v) }
func cat(parts ...[]byte) []byte {
	var out []byte
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

// tiffII is a minimal little-endian TIFF structure: IFD0 with one ASCII Make entry (make
// must be longer than 3 bytes: the value is stored out of line).
func tiffII(make string) []byte {
	b := []byte("II*\x00\x08\x00\x00\x00")
	b = binary.LittleEndian.AppendUint16(b, 1)
	b = binary.LittleEndian.AppendUint16(b, 0x010F)
	b = binary.LittleEndian.AppendUint16(b, 2)
	b = binary.LittleEndian.AppendUint32(b, uint32(len(make)+1))
	b = binary.LittleEndian.AppendUint32(b, 26)
	b = binary.LittleEndian.AppendUint32(b, 0)
	return append(append(b, make...), 0)
}

const xmpPacket = `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/" dc:format="image/heic"/></rdf:RDF></x:xmpmeta>`

// heifOpts shapes a synthetic HEIF file.
type heifOpts struct {
	brand      string
	exifPrefix []byte // bytes before the TIFF header in the Exif item, after the 4-byte offset
	exifInIdat bool   // Exif item stored in idat (construction method 1)
	split      bool   // Exif item in two extents
	swapped    bool   // with split: the second extent stored before the first in mdat
	repeated   int    // the Exif item's one extent listed this many times (hostile)
	alpha      bool   // an alpha auxiliary item referencing the primary
	ilocFirst  bool   // iloc before iinf
}

// heifFile builds ftyp + meta(hdlr, pitm, iinf, iloc, iprp, iref?, idat?) + mdat with item 1
// the 640x480 primary image, item 2 Exif, item 3 XMP (mime), item 4 the alpha plane.
func heifFile(o heifOpts) []byte {
	if o.brand == "" {
		o.brand = "heic"
	}
	exif := cat(u32(uint32(len(o.exifPrefix))), o.exifPrefix, tiffII("Cam"))
	xmp := []byte(xmpPacket)
	ftyp := box("ftyp", []byte(o.brand), u32(0), []byte("mif1"), []byte(o.brand))
	infe := func(id uint16, typ string, extra ...[]byte) []byte {
		return box("infe", full(2, 0, u16(id), u16(0), []byte(typ), []byte("\x00"), cat(extra...)))
	}
	items := [][]byte{infe(1, "hvc1"), infe(2, "Exif"), infe(3, "mime", []byte("application/rdf+xml\x00"))}
	if o.alpha {
		items = append(items, infe(4, "hvc1"))
	}
	iinf := box("iinf", full(0, 0, u16(uint16(len(items))), cat(items...)))
	pitm := box("pitm", full(0, 0, u16(1)))
	hdlr := box("hdlr", full(0, 0, u32(0), []byte("pict"), make([]byte, 12), []byte("\x00")))
	ispe := box("ispe", full(0, 0, u32(640), u32(480)))
	props := [][]byte{ispe}
	assoc := cat(u16(1), []byte{1}, []byte{0x81})
	nAssoc := uint32(1)
	if o.alpha {
		props = append(props, box("auxC", full(0, 0, []byte("urn:mpeg:mpegB:cicp:systems:auxiliary:alpha\x00"))))
		assoc = cat(assoc, u16(4), []byte{2, 0x01, 0x82})
		nAssoc++
	}
	iprp := box("iprp", box("ipco", props...), box("ipma", full(0, 0, u32(nAssoc), assoc)))
	var iref []byte
	if o.alpha {
		iref = box("iref", full(0, 0, box("auxl", u16(4), u16(1), u16(1))))
	}
	// layout: ftyp, meta, mdat(xmp, exif)
	ilocFor := func(metaEnd int) []byte {
		mdatData := metaEnd + 8
		entries := [][]byte{
			cat(u16(3), u16(0), u16(0), u16(1), u32(uint32(mdatData)), u32(uint32(len(xmp)))),
		}
		switch {
		case o.exifInIdat:
			entries = append(entries, cat(u16(2), u16(1), u16(0), u16(1), u32(0), u32(uint32(len(exif)))))
		case o.repeated > 0:
			entry := cat(u16(2), u16(0), u16(0), u16(uint16(o.repeated)))
			for range o.repeated {
				entry = cat(entry, u32(uint32(mdatData+len(xmp))), u32(uint32(len(exif))))
			}
			entries = append(entries, entry)
		case o.split && o.swapped:
			half, rest := uint32(len(exif)/2), uint32(len(exif)-len(exif)/2)
			at := uint32(mdatData + len(xmp))
			entries = append(entries, cat(u16(2), u16(0), u16(0), u16(2), u32(at+rest), u32(half), u32(at), u32(rest)))
		case o.split:
			half := uint32(len(exif) / 2)
			entries = append(entries, cat(u16(2), u16(0), u16(0), u16(2),
				u32(uint32(mdatData+len(xmp))), u32(half), u32(uint32(mdatData+len(xmp))+half), u32(uint32(len(exif))-half)))
		default:
			entries = append(entries, cat(u16(2), u16(0), u16(0), u16(1), u32(uint32(mdatData+len(xmp))), u32(uint32(len(exif)))))
		}
		// version 1: offset 4, length 4, base 0, index 0; construction method per item
		return box("iloc", full(1, 0, []byte{0x44, 0x00}, u16(uint16(len(entries))), cat(entries...)))
	}
	var idat []byte
	if o.exifInIdat {
		idat = box("idat", exif)
	}
	build := func(iloc []byte) []byte {
		parts := [][]byte{hdlr, pitm}
		if o.ilocFirst {
			parts = append(parts, iloc, iinf)
		} else {
			parts = append(parts, iinf, iloc)
		}
		parts = append(parts, iprp, iref, idat)
		return box("meta", full(0, 0, cat(parts...)))
	}
	meta := build(ilocFor(0))
	meta = build(ilocFor(len(ftyp) + len(meta)))
	mdat := []byte(xmp)
	switch {
	case o.exifInIdat:
	case o.split && o.swapped:
		mdat = append(append(mdat, exif[len(exif)/2:]...), exif[:len(exif)/2]...)
	default:
		mdat = append(mdat, exif...)
	}
	return cat(ftyp, meta, box("mdat", mdat))
}

// movieOpts shapes a synthetic MP4/MOV file.
type movieOpts struct {
	brand    string // "" for a QuickTime file without ftyp
	xmpUdta  bool   // moov/udta/XMP_
	xmpUUID  bool   // top-level XMP uuid box
	mdatSize int
}

// movieFile builds [ftyp] moov(mvhd, trak vide avc1 320x240, trak soun mp4a, udta) [uuid] mdat.
func movieFile(o movieOpts) []byte {
	mvhd := box("mvhd", full(0, 0, u32(0), u32(0), u32(600), u32(1200), make([]byte, 80)))
	tkhd := func(w, h uint32) []byte {
		return box("tkhd", full(0, 3, u32(0), u32(0), u32(1), u32(0), u32(1200), make([]byte, 8+2+2+2+2+36), u32(w<<16), u32(h<<16)))
	}
	trak := func(handler, codec string, w, h uint32) []byte {
		stsd := box("stsd", full(0, 0, u32(1), box(codec, make([]byte, 8))))
		return box("trak", tkhd(w, h), box("mdia",
			box("mdhd", full(0, 0, make([]byte, 20))),
			box("hdlr", full(0, 0, u32(0), []byte(handler), make([]byte, 12), []byte("\x00"))),
			box("minf", box("stbl", stsd))))
	}
	var udta []byte
	if o.xmpUdta {
		udta = box("udta", box("XMP_", []byte(xmpPacket)))
	}
	moov := box("moov", mvhd, trak("soun", "mp4a", 0, 0), trak("vide", "avc1", 320, 240), udta)
	var out []byte
	if o.brand != "" {
		out = box("ftyp", []byte(o.brand), u32(0), []byte(o.brand))
	}
	out = append(out, moov...)
	if o.xmpUUID {
		out = append(out, box("uuid", uuidXMP[:], []byte(xmpPacket))...)
	}
	return append(out, box("mdat", make([]byte, o.mdatSize))...)
}

// cr3File builds ftyp crx + moov(uuid Canon(CMT1, CMT2, CMT3, CMT4), mvhd, trak) + XMP uuid.
func cr3File() []byte {
	canon := box("uuid", uuidCanon[:], box("CNCV", []byte("CanonCR3_001/00.09.00/00.00.00")),
		box("CMT1", tiffII("Canon")), box("CMT2", tiffII("Exif")), box("CMT3", []byte("maker notes")), box("CMT4", tiffII("GPSDir")))
	mvhd := box("mvhd", full(0, 0, u32(0), u32(0), u32(1), u32(1), make([]byte, 80)))
	tkhd := box("tkhd", full(0, 3, u32(0), u32(0), u32(1), u32(0), u32(1), make([]byte, 52), u32(6000<<16), u32(4000<<16)))
	trak := box("trak", tkhd, box("mdia", box("hdlr", full(0, 0, u32(0), []byte("vide"), make([]byte, 13)))))
	return cat(box("ftyp", []byte("crx "), u32(1), []byte("crx isom")), box("moov", canon, mvhd, trak),
		box("uuid", uuidXMP[:], []byte(xmpPacket)), box("mdat", make([]byte, 100)))
}
