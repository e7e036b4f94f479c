package tiff

import (
	"encoding/binary"

	"github.com/embedmeta/embedmeta/extract"
)

// irbHeaderLen is the size of the synthetic resource header wrapped around a 0x83BB block:
// "8BIM", id 0x0404, an empty padded Pascal name, a 4-byte size (Photoshop File Formats
// Specification, "Image Resource Blocks").
const irbHeaderLen = 12

// iptc settles the IPTC payloads of IFD0 once its tags are read (see the package comment):
// the 0x83BB block becomes a Photoshop IPTC-NAA resource (so iptc.DecodeIRB emits the
// digest of exactly its stored bytes, LONG padding included, as ExifTool's
// CurrentIPTCDigest, and then its datasets); each 0x8649 block is split around its own
// IPTC-NAA resources, which are dropped when 0x83BB exists and handed over as bare IIM
// blocks (no digest) otherwise.
func (s *scan) iptc() {
	standard := s.iim
	s.iim = nil
	var irbs []extract.Payload
	for _, p := range standard {
		b := make([]byte, irbHeaderLen, irbHeaderLen+len(p.Data)+1)
		copy(b, "8BIM\x04\x04\x00\x00")
		binary.BigEndian.PutUint32(b[8:], uint32(len(p.Data)))
		b = append(b, p.Data...)
		if len(p.Data)%2 == 1 {
			b = append(b, 0)
		}
		irbs = append(irbs, extract.Payload{Data: b, Offset: p.Offset - irbHeaderLen})
	}
	for _, p := range s.irb {
		rest, iim := splitIRB(p, s.ws)
		irbs = append(irbs, rest...)
		if len(standard) == 0 {
			s.iim = append(s.iim, iim...)
		}
	}
	s.irb = irbs
}

// splitIRB cuts the image-resource block p around its "8BIM" 0x0404 (IPTC-NAA) resources:
// rest are the runs of other resources (slices of p with their file offsets; anything that
// cannot be parsed stays in the last run, for iptc.DecodeIRB to report), iim the bodies of
// the IPTC-NAA resources.
func splitIRB(p extract.Payload, ws *extract.Warnings) (rest, iim []extract.Payload) {
	b := p.Data
	start, pos := 0, 0
	cut := func(end int) {
		if end > start {
			rest = append(rest, extract.Payload{Data: b[start:end], Offset: p.Offset + int64(start)})
		}
	}
	for pos < len(b) {
		if len(b)-pos < irbHeaderLen {
			break
		}
		nameField := 1 + int(b[pos+6])
		nameField += nameField & 1
		sizeAt := pos + 6 + nameField
		if sizeAt+4 > len(b) {
			ws.Add(WarnBadIRB, 0, p.Offset+int64(pos), "image-resource header cut short")
			break
		}
		size := uint64(binary.BigEndian.Uint32(b[sizeAt:]))
		body := sizeAt + 4
		if size > uint64(len(b)-body) {
			ws.Add(WarnBadIRB, 0, p.Offset+int64(pos), "image-resource data runs past the end")
			break
		}
		end := body + int(size)
		next := min(end+int(size&1), len(b))
		if string(b[pos:pos+4]) == "8BIM" && b[pos+4] == 0x04 && b[pos+5] == 0x04 {
			cut(pos)
			iim = append(iim, extract.Payload{Data: b[body:end], Offset: p.Offset + int64(body)})
			start = next
		}
		pos = next
	}
	cut(len(b))
	return rest, iim
}
