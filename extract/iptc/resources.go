package iptc

import (
	"github.com/embedmeta/embedmeta/extract"
	"github.com/embedmeta/embedmeta/schema"
)

// Resource is one Photoshop image resource of an image-resource block (Adobe Photoshop File
// Formats Specification, "Image Resource Blocks").
type Resource struct {
	ID       uint16          // resource id, e.g. 0x0404 IPTC-NAA, 0x0422 EXIF data 1, 0x0424 XMP
	Standard bool            // the signature is "8BIM" (only those carry the standard ids)
	Data     extract.Payload // the resource data without its pad byte, with its file offset
}

// Resources walks the image-resource block p.Data as DecodeIRB does and calls fn for each
// resource in stored order until fn returns false. It stops at the first damaged header
// with the same warnings DecodeIRB gives ("irb.bad-signature", "irb.truncated"); NUL padding
// after the last resource passes silently. At most max resources are visited (max <= 0
// means no bound beyond the block's size). ws may be nil. Data slices alias p.Data.
func Resources(p extract.Payload, max int, ws *extract.Warnings, fn func(Resource) bool) {
	data := p.Data
	for pos, n := 0, 0; pos < len(data); n++ {
		at := fileOffset(p.Offset, pos)
		if max > 0 && n >= max {
			warn(ws, "irb.too-many-resources", schema.SourcePhotoshop, at, "more than %d resources; the rest is ignored", max)
			return
		}
		res, ok := nextResource(data, pos, at, ws)
		if !ok {
			return
		}
		body := data[res.start:res.end:res.end]
		if !fn(Resource{ID: res.id, Standard: res.standard, Data: extract.Payload{Data: body, Offset: fileOffset(p.Offset, res.start)}}) {
			return
		}
		pos = res.next
	}
}
