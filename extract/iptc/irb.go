package iptc

import (
	"slices"

	"github.com/embedmeta/embedmeta/extract"
	"github.com/embedmeta/embedmeta/schema"
)

// Photoshop image-resource framing (Adobe Photoshop File Formats Specification, "Image
// Resource Blocks"): signature, uint16 id, Pascal name padded to an even length, uint32
// size, data padded to an even length. All integers are big-endian.
const (
	irbSigLen    = 4
	irbMinHeader = irbSigLen + 2 + 2 + 4 // signature, id, empty padded name, size
)

// irbSignature reports whether sig is a resource signature ExifTool accepts: "8BIM" and the
// rare "PHUT" (ImageReady), "MeSa" (PhotoDeluxe), "AgHg" and "DCSR". Only "8BIM" resources
// have the standard ids; ExifTool reads the others with a table of unknown tags.
func irbSignature(sig []byte) (ok, standard bool) {
	switch string(sig) {
	case "8BIM":
		return true, true
	case "PHUT", "MeSa", "AgHg", "DCSR":
		return true, false
	}
	return false, false
}

// DecodeIRB walks the Photoshop image-resource block p.Data and returns the raw entries of
// the resources that carry or guard IPTC data, in stored order:
//
//   - 0x0404 IPTC-NAA: first an entry {SourcePhotoshop, "Photoshop", 0x0404, TypeDigest,
//     Bytes = MD5 of the resource data} (see Digest) — the stored size bytes, without the pad byte, which
//     is what ExifTool reports as CurrentIPTCDigest — then the datasets of the IIM inside,
//     as Decode returns them.
//   - 0x0425 IPTCDigest: {SourcePhotoshop, "Photoshop", 0x0425, TypeBinary, Bytes = the
//     stored digest} (16 bytes when well-formed; kept as stored otherwise).
//
// The digest entries have Count = len(Bytes) and Offset = file offset of the resource data.
// Other resources are skipped. Only "8BIM" resources are interpreted; the other signatures
// ExifTool accepts are walked over.
//
// When several 0x0404 resources exist, each is decoded and its datasets emitted, but only
// the first gets a digest entry, and the second and later ones add "irb.multiple-iptc".
// ExifTool likewise computes CurrentIPTCDigest over the first only and reads later IIM
// blocks as non-standard, low-priority group "IPTC2", so the first block's values win.
//
// Damage keeps what was read before it: an unknown signature gives "irb.bad-signature",
// a header or data running past the end gives "irb.truncated"; NUL padding after the last
// resource passes silently. ws may be nil.
func DecodeIRB(p extract.Payload, lim extract.Limits, ws *extract.Warnings) []extract.RawEntry {
	return decodeIRB(nil, p, lim, ws, true, nil)
}

// DecodeIRBAppend is DecodeIRB appending the entries to dst, which saves copying them when
// the caller collects the entries of several payloads in one slice. With digest false it
// leaves out the TypeDigest entry and the MD5 it costs: only a file that stores an
// IPTCDigest (see HasStoredDigest) needs it, for rule P2.
func DecodeIRBAppend(dst []extract.RawEntry, p extract.Payload, lim extract.Limits, ws *extract.Warnings, digest bool) []extract.RawEntry {
	return decodeIRB(dst, p, lim, ws, digest, nil)
}

// HasStoredDigest reports whether the image-resource block p.Data holds an IPTCDigest
// resource (0x0425). It reads only the resource headers.
func HasStoredDigest(p extract.Payload) bool {
	for pos := 0; pos < len(p.Data); {
		res, err := readResource(p.Data, pos)
		if err != nil {
			return false
		}
		if res.standard && res.id == extract.ResourceIPTCDigest {
			return true
		}
		pos = res.next
	}
	return false
}

// decodeIRB is DecodeIRBAppend with the IIM headers cross-checked by check when it is not
// nil (the differential tests).
func decodeIRB(dst []extract.RawEntry, p extract.Payload, lim extract.Limits, ws *extract.Warnings, digest bool, check headerCheck) []extract.RawEntry {
	lim = lim.Resolved()
	data := p.Data
	if int64(len(data)) > lim.MaxSegment {
		warn(ws, "irb.too-large", schema.SourcePhotoshop, p.Offset,
			"image-resource block of %d bytes exceeds the limit of %d; the rest is ignored", len(data), lim.MaxSegment)
		data = data[:lim.MaxSegment]
	}
	entries, base := dst, len(dst)
	iimBlocks := 0
	for pos := 0; pos < len(data); {
		at := fileOffset(p.Offset, pos)
		if len(entries)-base >= lim.MaxEntries {
			warn(ws, "irb.too-many-entries", schema.SourcePhotoshop, at, "more than %d entries; the rest is ignored", lim.MaxEntries)
			break
		}
		res, ok := nextResource(data, pos, at, ws)
		if !ok {
			break
		}
		body := data[res.start:res.end:res.end]
		bodyAt := fileOffset(p.Offset, res.start)
		if res.standard {
			switch res.id {
			case extract.ResourceIPTC:
				iimBlocks++
				if iimBlocks == 1 {
					// One allocation for the digest and the datasets that follow it.
					entries = slices.Grow(entries, 1+min(countDatasets(body), lim.MaxEntries))
					if digest {
						entries = append(entries, Digest(extract.Payload{Data: body, Offset: bodyAt}))
					}
				} else {
					warn(ws, "irb.multiple-iptc", schema.SourcePhotoshop, at,
						"IPTC-NAA resource number %d; ExifTool ranks it below the first", iimBlocks)
				}
				first := len(entries)
				entries = appendIIM(entries, extract.Payload{Data: body, Offset: bodyAt}, lim, ws, lim.MaxEntries-(len(entries)-base), check)
				for i := first; i < len(entries); i++ {
					if entries[i].Source == schema.SourceIPTC {
						entries[i].Part = uint16(min(iimBlocks-1, 0xFFFF))
					}
				}
			case extract.ResourceIPTCDigest:
				entries = append(entries, photoshopEntry(extract.ResourceIPTCDigest, schema.TypeBinary, body, bodyAt))
			}
		}
		pos = res.next
	}
	return entries
}

func photoshopEntry(id uint16, f schema.Type, b []byte, off int64) extract.RawEntry {
	return extract.RawEntry{
		Source: schema.SourcePhotoshop,
		Dir:    "Photoshop",
		ID:     id,
		Type:   f,
		Count:  uint32(len(b)),
		Bytes:  b,
		Offset: off,
	}
}

// resource is one image resource located in a block.
type resource struct {
	id         uint16
	standard   bool // "8BIM" signature
	start, end int  // the data, without its pad byte
	next       int  // where the following resource starts (after padding; <= len of block)
}

// irbError is a damaged resource header; its text is the warning message.
type irbError string

func (e irbError) Error() string { return string(e) }

const (
	errIRBSignature irbError = "not an image-resource signature; the rest of the block is ignored"
	errIRBHeader    irbError = "image-resource header cut short by the end of the block"
	errIRBData      irbError = "image-resource data runs past the end of the block"
)

// nextResource reads the resource at data[pos:] (at in the file) for a walk of the block;
// false ends the walk: quietly at the NUL padding after the last resource, with a warning
// ("irb.bad-signature", "irb.truncated") at a damaged header. ws may be nil.
func nextResource(data []byte, pos int, at int64, ws *extract.Warnings) (resource, bool) {
	res, err := readResource(data, pos)
	if err == nil {
		return res, true
	}
	if err == errIRBSignature && allZero(data[pos:]) {
		return res, false
	}
	code := "irb.truncated"
	if err == errIRBSignature {
		code = "irb.bad-signature"
	}
	warn(ws, code, schema.SourcePhotoshop, at, "%v", err)
	return res, false
}

// readResource reads the resource header at data[pos:] and checks every field against the
// bytes that exist. The pad byte after odd-sized data may be missing at the very end.
func readResource(data []byte, pos int) (resource, error) {
	rest := data[pos:]
	if len(rest) < irbSigLen {
		if allZero(rest) {
			return resource{}, errIRBSignature // padding; the caller stays quiet
		}
		return resource{}, errIRBHeader
	}
	ok, standard := irbSignature(rest[:irbSigLen])
	if !ok {
		return resource{}, errIRBSignature
	}
	if len(rest) < irbMinHeader {
		return resource{}, errIRBHeader
	}
	res := resource{id: uint16(rest[4])<<8 | uint16(rest[5]), standard: standard}
	nameField := 1 + int(rest[6]) // length byte + name
	nameField += nameField & 1    // padded to even
	sizeAt := 6 + nameField
	if len(rest) < sizeAt+4 {
		return resource{}, errIRBHeader
	}
	size := uint64(rest[sizeAt])<<24 | uint64(rest[sizeAt+1])<<16 | uint64(rest[sizeAt+2])<<8 | uint64(rest[sizeAt+3])
	start := sizeAt + 4
	if size > uint64(len(rest)-start) {
		return resource{}, errIRBData
	}
	res.start = pos + start
	res.end = res.start + int(size)
	res.next = min(res.end+int(size&1), len(data))
	return res, nil
}
