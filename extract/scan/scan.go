// Package scan recognises a file's container by its content and runs the matching walker and
// the payload decoders over it: the one entry point from bytes to raw entries.
package scan

import (
	"errors"
	"fmt"
	"io"
	"slices"

	"github.com/embedmeta/embedmeta/extract"
	"github.com/embedmeta/embedmeta/extract/iptc"
	"github.com/embedmeta/embedmeta/extract/xmp"
	"github.com/embedmeta/embedmeta/schema"
)

// Result is what scanning one file produced (its warnings are in the Job's collector).
type Result struct {
	Format  string             // the container recognised, e.g. "jpeg"
	Entries []extract.RawEntry // EXIF, then IIM and Photoshop, then XMP entries, each in file order
	Facts   extract.Facts      // what the container headers say about the file
}

// detect returns the first format whose magic matches head.
func detect(head []byte) (format, bool) {
	for _, f := range formats {
		if f.detect(head) {
			return f, true
		}
	}
	return format{}, false
}

// read recognises the container of the size bytes behind r and decodes every selected
// metadata payload in it, for j. The error is non-nil only when nothing could be read: an
// unknown container (extract.ErrUnsupportedFormat) or a structure too damaged to yield any
// payload (*extract.FormatError). Damage after that is reported in j.Warnings.
//
// When r is an *extract.Stream, size is ignored: the walkers learn the stream's end from it
// (extract.End), and when the stream turns out to end before a range a walker was told
// exists, the walk is repeated with the end known, so that a stream gives the Result a file
// of the same bytes gives.
func read(r io.ReaderAt, size int64, j *Job) (res *Result, err error) {
	res = &Result{}
	ws := &j.Warnings
	defer func() {
		// Last line of defence: no panic leaves the library.
		if p := recover(); p != nil {
			err = &extract.FormatError{Format: res.Format, Offset: -1, Msg: "internal error", Err: fmt.Errorf("%v", p)}
		}
	}()
	stream, _ := r.(*extract.Stream)
	if stream != nil {
		size = j.lim.MaxStreamRead // the walkers ask the stream where it ends
	}
	head := readHead(r, size)
	f, ok := detect(head)
	if !ok {
		if stream != nil {
			stream.Warn(ws)
		}
		return res, extract.ErrUnsupportedFormat
	}
	res.Format = f.name
	if stream != nil && f.random {
		stream.KeepAll()
	}
	kept, dropped := len(ws.List), ws.Dropped
	res.Entries, res.Facts, err = locateAndDecode(f, r, size, j, j.scratch)
	if stream != nil && !stream.Settle() {
		// The stream ended before a range a walker relied on: walk again, the end known,
		// into fresh memory, with the first walk's warnings taken back. Should the stream
		// have dropped bytes the second walk needs (more headers than it keeps, see
		// extract.Stream), the first walk's answer stands.
		missed := stream.Missed()
		first := append([]extract.Warning(nil), ws.List[kept:]...)
		firstDropped := ws.Dropped
		clear(ws.List[kept:])
		ws.List, ws.Dropped = ws.List[:kept], dropped
		entries, facts, err2 := locateAndDecode(f, r, size, j, nil)
		if stream.Missed() == missed {
			res.Entries, res.Facts, err = entries, facts, err2
		} else {
			ws.List, ws.Dropped = append(ws.List[:kept], first...), firstDropped
		}
	}
	if stream != nil {
		stream.Warn(ws)
	}
	j.dropUnselected(kept)
	return res, err
}

// readHead returns up to headLen leading bytes of r, in place when r is in memory.
func readHead(r io.ReaderAt, size int64) []byte {
	headLen := min(headLen, max(size, 0))
	switch rr := r.(type) {
	case *extract.Stream:
		// A stream may be shorter than headLen: read what there is.
	case extract.Slicer:
		if head, ok := rr.Slice(0, headLen); ok {
			return head // in memory: read in place
		}
	case extract.Lender:
		if head, ok := rr.ReadLent(0, headLen); ok {
			return head
		}
	}
	head := make([]byte, headLen)
	n, _ := r.ReadAt(head, 0)
	return head[:n]
}

// locateAndDecode runs f's walker and j's payload decoders over r, decoding into the memory
// of sc (new memory when nil).
func locateAndDecode(f format, r io.ReaderAt, size int64, j *Job, sc *Scratch) ([]extract.RawEntry, extract.Facts, error) {
	ws := &j.Warnings
	p, err := f.locate(r, size, j.lim, ws)
	if err != nil && isEmpty(p) {
		return nil, p.Facts, recognised(f.name, err)
	}
	if err != nil {
		ws.Add(f.name+".damaged", 0, -1, "%v", err)
	}
	if sc != nil {
		return sc.decode(p, j), p.Facts, nil
	}
	return decode(nil, nil, p, j), p.Facts, nil
}

// recognised returns the error of a walker whose container detection recognised: damage,
// never "unsupported" (extract.ErrUnsupportedFormat is for content no walker recognises), as
// a *extract.FormatError.
func recognised(name string, err error) error {
	var fe *extract.FormatError
	if !errors.As(err, &fe) {
		return &extract.FormatError{Format: name, Offset: -1, Msg: "unreadable", Err: err}
	}
	if errors.Is(fe.Err, extract.ErrUnsupportedFormat) {
		c := *fe
		c.Err = nil
		return &c
	}
	return err
}

// decode runs the decoders of j's sources over located payloads, appending to out, with the
// EXIF and XMP decoders of sc (new ones if nil). Each decoder gives entries of its own source
// only (the IIM decoders those of the Photoshop resources around the block too), so a source
// left out costs nothing.
func decode(out []extract.RawEntry, sc *Scratch, p extract.Payloads, j *Job) []extract.RawEntry {
	if sc == nil {
		sc = new(Scratch)
	}
	lim, ws := j.lim, &j.Warnings
	if !j.sources.Has(schema.SourceEXIF) {
		p.EXIF = nil
	}
	if !j.sources.Has(schema.SourceIPTC) {
		p.IRB, p.IIM = nil, nil
	}
	if !j.sources.Has(schema.SourceXMP) {
		p.XMP = nil
	}
	if n := estimateEntries(p, lim); cap(out)-len(out) < n {
		out = slices.Grow(out, n)
	}
	for _, pl := range p.EXIF {
		out = sc.exif.DecodeAppend(out, pl, lim, ws)
	}
	// IIM blocks are numbered across payloads (RawEntry.Part): the first block of the file
	// outranks later ones, wherever they are.
	blocks := 0
	numberIIM := func(es []extract.RawEntry, bare bool) {
		n := 0
		for i := range es {
			if es[i].Source == schema.SourceIPTC {
				if bare {
					es[i].Part = 0
				}
				n = max(n, int(es[i].Part)+1)
				es[i].Part = uint16(min(blocks+int(es[i].Part), 0xFFFF))
			}
		}
		blocks += n
	}
	// The MD5 of the IIM block (CurrentIPTCDigest) serves only to compare with a stored
	// IPTCDigest (rule P2), which may sit in another block of the file (a TIFF's 0x8649
	// beside its 0x83BB): it is computed only when some block stores one.
	digest := false
	for _, pl := range p.IRB {
		digest = digest || iptc.HasStoredDigest(pl)
	}
	for _, pl := range p.IRB {
		start := len(out)
		out = iptc.DecodeIRBAppend(out, pl, lim, ws, digest)
		numberIIM(out[start:], false)
	}
	for _, pl := range p.IIM {
		start := len(out)
		out = iptc.DecodeAppend(out, pl, lim, ws)
		numberIIM(out[start:], true)
	}
	for _, pl := range p.XMP {
		out = sc.xmp.DecodeAppend(out, pl, lim, ws) // the largest payload: no copy of its entries
	}
	return out
}

// Bytes of payload per entry the EXIF and IIM decoders are assumed to give, and the most
// entries assumed of each source, when decode sizes its output (estimateEntries): an IFD
// entry is 12 bytes and an IIM dataset 5, plus their values, and an EXIF payload or a
// Photoshop resource block often carries a thumbnail image. Over the files of the test corpus the
// guess (with the XMP decoder's) left a capacity 1-4x the entries for 85 of 95 files and
// at most 7x (a PSD whose resources hold a thumbnail; files of one entry).
const (
	exifBytesPerEntry = 64
	iimBytesPerEntry  = 48
	maxGuessed        = 256
)

// estimateEntries guesses how many entries the payloads of p give, at most lim.MaxEntries
// for each source (XMP: the XMP decoder's own guess, xmp.EstimateEntries). decode sizes
// its output by it once: left to grow by appends, the entries of one reference image took
// seven allocations of growing size (each of a new size class, whose memory a fresh
// process faults in), and then the XMP decoder copied the EXIF and IIM entries into the
// array its guess asked for (issue 16.3). A low guess costs a growth step, a high one
// memory that is never touched.
func estimateEntries(p extract.Payloads, lim extract.Limits) int {
	exif, iim := 0, 0
	for _, pl := range p.EXIF {
		exif += len(pl.Data) / exifBytesPerEntry
	}
	for _, pl := range p.IRB {
		iim += len(pl.Data) / iimBytesPerEntry
	}
	for _, pl := range p.IIM {
		iim += len(pl.Data) / iimBytesPerEntry
	}
	// The XMP guesses together are capped as one packet's is: a hundred small packets of
	// little but '=' would otherwise reserve Limits.MaxEntries (19 MB) for nothing.
	xmps := 0
	for _, pl := range p.XMP {
		xmps += xmp.EstimateEntries(pl)
	}
	return min(exif, maxGuessed, lim.MaxEntries) + min(iim, maxGuessed, lim.MaxEntries) +
		min(xmps, xmp.MaxEstimate, lim.MaxEntries)
}

func isEmpty(p extract.Payloads) bool {
	return len(p.EXIF) == 0 && len(p.XMP) == 0 && len(p.IRB) == 0 && len(p.IIM) == 0
}
