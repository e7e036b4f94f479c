package iptc

import (
	"github.com/embedmeta/embedmeta/extract"
	"github.com/embedmeta/embedmeta/extract/internal/checksum"
	"github.com/embedmeta/embedmeta/schema"
)

// Digest returns the MD5 of an IIM block as a raw entry {SourcePhotoshop, "Photoshop",
// 0x0404, TypeDigest, Bytes = the 16-byte MD5, Count 16, Offset = p.Offset}: what
// ExifTool calls CurrentIPTCDigest and the spec's rule P2 compares with a stored
// IPTCDigest (resource 0x0425). DecodeIRB emits it for the first IPTC-NAA resource; a TIFF
// walker may call it for the value of tag 0x83BB, which is where ExifTool computes
// CurrentIPTCDigest in a TIFF file. p.Data is hashed exactly as stored, padding included.
func Digest(p extract.Payload) extract.RawEntry {
	sum := checksum.MD5(p.Data)
	return photoshopEntry(extract.ResourceIPTC, schema.TypeDigest, sum[:], p.Offset)
}
