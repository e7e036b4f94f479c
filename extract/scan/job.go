package scan

import (
	"io"

	"github.com/embedmeta/embedmeta/extract"
	"github.com/embedmeta/embedmeta/schema"
)

// Job is one extraction's per-call state, built once where a call enters the library and
// passed down: the limits, resolved once; the one warnings collector that the walkers, the
// decoders and then normalize add to; the payload sources whose decoders run; and the
// scratch memory the entries are decoded into. A Job is reused by calling Init again; it is
// not safe for concurrent use.
type Job struct {
	// Warnings collects the call's warnings, bounded by the limits' MaxWarnings (what does
	// not fit is counted in Dropped).
	Warnings extract.Warnings

	lim     extract.Limits
	sources schema.SourceSet
	scratch *Scratch
}

// Init readies j for one call: lim resolved (zero fields take the defaults), the decoders of
// the payloads in sources (all when sources is 0; IIM blocks come with the Photoshop
// resources around them), entries decoded into the memory of sc (new memory when sc is nil),
// and no warnings yet.
func (j *Job) Init(lim extract.Limits, sources schema.SourceSet, sc *Scratch) {
	lim = lim.Resolved()
	if sources == 0 {
		sources = schema.SetOf(schema.SourceEXIF, schema.SourceIPTC, schema.SourceXMP, schema.SourcePhotoshop)
	}
	if sources.Has(schema.SourceIPTC) {
		sources |= schema.SetOf(schema.SourcePhotoshop)
	}
	clear(j.Warnings.List)
	*j = Job{
		Warnings: extract.Warnings{List: j.Warnings.List[:0], Max: lim.MaxWarnings},
		lim:      lim,
		sources:  sources,
		scratch:  sc,
	}
}

// Limits returns the call's resolved limits.
func (j *Job) Limits() extract.Limits { return j.lim }

// Read recognises the container of the size bytes behind r and decodes the selected
// payloads in it (see the package's read); warnings go to j.Warnings. With a Scratch, the
// Result's Entries (and the slices and paths they hold) are valid until the Scratch's
// Release.
func (j *Job) Read(r io.ReaderAt, size int64) (*Result, error) {
	if j.lim.MaxWarnings == 0 {
		j.Init(j.lim, j.sources, j.scratch) // the zero Job: default limits, every source
	}
	return read(r, size, j)
}

// dropUnselected removes, from the warnings added since the first kept ones, those about a
// payload whose source j does not decode (the walkers find and warn about every payload);
// a warning about the container itself (no source) stays.
func (j *Job) dropUnselected(kept int) {
	ws := &j.Warnings
	out := ws.List[:kept]
	for _, w := range ws.List[kept:] {
		if w.Source == 0 || j.sources.Has(w.Source) {
			out = append(out, w)
		}
	}
	clear(ws.List[len(out):])
	ws.List = out
}
