package exif

import (
	"bytes"

	"github.com/embedmeta/embedmeta/extract"
	"github.com/embedmeta/embedmeta/schema"
)

// neutralTag is the tag id written over refused entries in a sanitised copy: go-exif's index
// does not list it, so go-exif skips the entry without reading its value or descending.
const neutralTag = 0xFFFF

// Thumbnail tags of IFD1 (JPEGInterchangeFormat, JPEGInterchangeFormatLength): go-exif reads
// the thumbnail they describe whenever both are present.
const (
	tagThumbOffset = 0x0201
	tagThumbLength = 0x0202
)

// sanitize returns a copy of the TIFF blob in p that go-exif's own IFD walk can be fed
// safely: every entry the bounded walk refused is rewritten to an unknown tag with count 0,
// every refused next-IFD link (loops, offsets outside the blob) is set to 0, and an IFD1
// thumbnail that lies outside the blob is dropped. It returns nil when p has no TIFF header,
// IFD0 was refused or a rewrite would touch an accepted entry (overlapping IFDs). Decode does not need it; it exists so go-exif's walk can serve as an oracle.
func sanitize(p extract.Payload, lim extract.Limits) []byte {
	var ws extract.Warnings
	t := newWalk(p, lim.Resolved(), &ws)
	if t == nil {
		return nil
	}
	t.keepFaults = true
	var thumbOff, thumbLen *field
	var kept []field
	t.run(func(f field) {
		kept = append(kept, f)
		if f.dir == extract.DirIFD1 && f.id == tagThumbOffset {
			thumbOff = &f
		}
		if f.dir == extract.DirIFD1 && f.id == tagThumbLength {
			thumbLen = &f
		}
	})
	b := bytes.Clone(t.b)
	// IFDs may overlap (hostile files do it): a rewrite that would change the bytes of an
	// accepted entry would make new garbage, so the copy is given up instead.
	owned := make([]bool, len(b))
	for _, f := range kept {
		for i := f.entry; i < f.entry+12 && i < uint64(len(b)); i++ {
			owned[i] = true
		}
	}
	clean := true
	write := func(at, n uint64) bool {
		if uint64(at)+uint64(n) > uint64(len(b)) {
			return false
		}
		for i := at; i < at+n; i++ {
			clean = clean && !owned[i]
		}
		return clean
	}
	put16 := func(at uint64, v uint16) {
		if write(at, 2) {
			t.bo.PutUint16(b[at:], v)
		}
	}
	put32 := func(at uint64, v uint32) {
		if write(at, 4) {
			t.bo.PutUint32(b[at:], v)
		}
	}
	for _, f := range t.faults {
		if f.link && f.entry == 4 {
			return nil // IFD0 itself was refused: nothing is safe to walk
		}
		if f.link {
			put32(f.entry, 0)
			continue
		}
		put16(f.entry, neutralTag)
		put32(f.entry+4, 0)
	}
	if thumbOff != nil && thumbLen != nil {
		off, n := u32At(t, thumbOff), u32At(t, thumbLen)
		if thumbLen.format != schema.TypeLong || thumbLen.count != 1 || uint64(off)+uint64(n) > uint64(len(b)) {
			put16(thumbLen.entry, neutralTag)
			put32(thumbLen.entry+4, 0)
		}
	}
	if !clean {
		return nil
	}
	return b
}

// u32At reads the first 4 bytes of f's value, 0 when it has fewer.
func u32At(t *walk, f *field) uint32 {
	v := f.inline
	if v == nil {
		v = t.src.at(f.at, 4)
	}
	if len(v) < 4 {
		return 0
	}
	return t.bo.Uint32(v)
}
