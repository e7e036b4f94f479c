// Package embedmeta reads the embedded metadata of media files (EXIF, IPTC-IIM and XMP) and
// normalizes it into one flat, typed, ordered map: the embeddedMetadata object.
//
// Keys are ExifTool tag names without hyphens; every key has a declared kind (string,
// integer, number, date) and shape (scalar or list), never guessed from the data; duplicates
// from EXIF, IPTC and XMP collapse by the MWG precedence rules. The exact contract is the
// normalization spec (rules S, N, V, D, L, P, O, A, J, T); MarshalJSON writes its J rules.
//
// One call reads a file:
//
//	md, err := embedmeta.ExtractFile("photo.jpg")
//	if err != nil { ... }
//	title, _ := md.String("Title")
//	created, _ := md.Time("DateTimeOriginal")
//	out, _ := md.MarshalJSON()
//
// Bytes in memory go to ExtractBytes (no copy), a stream without seeking to ExtractReader
// (read only as far as the metadata reaches), an upload on its way to storage through a Tee
// (the metadata is ready when the header has passed). Options, a value whose zero value is
// safe, select the sources, the Limits, raw enumeration codes and XMP sidecars.
//
// A loop over many files that is done with each result before the next reads them through
// an Extractor (one per goroutine), whose results live in memory it reuses.
//
// Bad input never panics: damaged payloads are skipped with Warnings, and an error is
// returned only when nothing could be read (errors.Is(err, ErrUnsupportedFormat), or a
// *FormatError). All functions are safe for concurrent use; an Extractor is not.
package embedmeta

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/embedmeta/embedmeta/extract"
	"github.com/embedmeta/embedmeta/extract/scan"
	"github.com/embedmeta/embedmeta/normalize"
	"github.com/embedmeta/embedmeta/schema"
)

// Value is the typed value of one key; see normalize.Value.
type Value = normalize.Value

// Field is one key of embeddedMetadata with its value and the source that won.
type Field = normalize.Field

// Scalar is one item of a Value: a string, an integer, a number or a date by the Value's
// Kind.
type Scalar = normalize.Scalar

// Warning is recoverable trouble met while reading a file.
type Warning = extract.Warning

// Limits bounds the work and memory spent on one file; the zero value means safe defaults.
type Limits = extract.Limits

// Facts are what a container's headers say about the file; see extract.Facts.
type Facts = extract.Facts

// FormatError reports structurally invalid input; use errors.As.
type FormatError = extract.FormatError

// ErrUnsupportedFormat is returned for a file whose container is not recognised.
var ErrUnsupportedFormat = extract.ErrUnsupportedFormat

// Sources selects metadata payloads (a set of schema.Source); the zero value means all of
// them.
type Sources = schema.SourceSet

// The payload sources.
const (
	SourceEXIF = Sources(1) << (schema.SourceEXIF - 1) // TIFF/EXIF
	SourceIPTC = Sources(1) << (schema.SourceIPTC - 1) // IPTC-IIM (and the Photoshop IPTCDigest it is checked with)
	SourceXMP  = Sources(1) << (schema.SourceXMP - 1)  // XMP
	AllSources = SourceEXIF | SourceIPTC | SourceXMP
)

// Options configure extraction. The zero value is safe: every source, default Limits.
// An Options value is itself an Option, so callers may pass a whole configuration.
type Options struct {
	// Limits bounds the work and memory spent on one file; zero fields take safe defaults.
	Limits Limits
	// Sources selects the payloads decoded (SourceEXIF, SourceIPTC, SourceXMP); 0 means all.
	// The container is still walked (its facts come whole), but the decoders of the payloads
	// left out do not run, and warnings about those payloads are left out too.
	Sources Sources
	// RawValues keeps the stored codes of enumerations instead of their labels (like
	// ExifTool's -n): ResolutionUnit 2 instead of "inches".
	RawValues bool
	// Sidecar makes ExtractFile also read the XMP sidecar of the file (photo.xmp or
	// photo.jpg.xmp beside photo.jpg), unless Sources leaves XMP out. Sidecar properties
	// override the same properties of the embedded XMP (the sidecar is read after it, P3);
	// EXIF still wins over XMP and IIM follows the P rules as usual.
	Sidecar bool
	// Stats, when not nil, is filled in with what the call read (see ReadStats).
	Stats *ReadStats
}

func (o Options) apply(dst *Options) { *dst = o }

// Option changes Options: an Options value, or one of the With... functions.
type Option interface{ apply(*Options) }

type optionFunc func(*Options)

func (f optionFunc) apply(o *Options) { f(o) }

// WithLimits sets the Limits for one call.
func WithLimits(l Limits) Option { return optionFunc(func(o *Options) { o.Limits = l }) }

// WithRawValues keeps enumeration codes instead of labels.
func WithRawValues() Option { return optionFunc(func(o *Options) { o.RawValues = true }) }

// WithSidecar makes ExtractFile merge the file's XMP sidecar; see Options.Sidecar.
func WithSidecar() Option { return optionFunc(func(o *Options) { o.Sidecar = true }) }

// WithSources restricts extraction to the given payloads.
func WithSources(s Sources) Option { return optionFunc(func(o *Options) { o.Sources = s }) }

func options(opts []Option) Options {
	var o Options
	for _, opt := range opts {
		if opt != nil {
			opt.apply(&o)
		}
	}
	return o
}

// Metadata is the embeddedMetadata of one file: ordered, typed fields plus warnings. It is
// safe for concurrent reads; use it through the pointer the Extract functions return (it
// holds a sync.Once and must not be copied).
type Metadata struct {
	// Format is the container that was recognised, e.g. "jpeg".
	Format string
	// Warnings lists recoverable trouble; the fields hold everything that could be read.
	Warnings []Warning
	// DroppedWarnings counts the warnings left out of Warnings once it held
	// Limits.MaxWarnings of them.
	DroppedWarnings int
	// Facts are what the container headers say about the file (MIME type, dimensions, ...);
	// they are not part of embeddedMetadata.
	Facts  Facts
	fields []Field
	// index maps each key to its field, built by the first lookup that needs it (most
	// callers only serialize, and a map per file is a fifth of a file's allocation).
	index     map[string]int
	indexOnce sync.Once
}

// find returns the index of key's field.
func (m *Metadata) find(key string) (int, bool) {
	if len(m.fields) <= 8 {
		for i := range m.fields {
			if m.fields[i].Key == key {
				return i, true
			}
		}
		return 0, false
	}
	m.indexOnce.Do(func() {
		m.index = make(map[string]int, len(m.fields))
		for i, f := range m.fields {
			m.index[f.Key] = i
		}
	})
	i, ok := m.index[key]
	return i, ok
}

// Extract reads the metadata of the size bytes behind r.
//
// Errors come in three classes, the same for every function of the package:
//   - errors.Is(err, ErrUnsupportedFormat): no container was recognised by the content (the
//     Metadata is empty);
//   - a *FormatError (errors.As): the container was recognised but is too damaged to yield any
//     payload (the Metadata holds its Format, Facts and Warnings);
//   - anything else comes from reading the input: an I/O error, or, for ExtractReader and a
//     Tee, an error wrapping ErrRead and the reader's own error.
//
// A recognised file whose damage leaves some payload readable is no error: its fields come
// with Warnings.
func Extract(r io.ReaderAt, size int64, opts ...Option) (*Metadata, error) {
	return extractWith(r, size, options(opts), nil)
}

// ExtractBytes reads the metadata of a file already in memory. It reads b in place: the
// container walkers take sub-slices of b instead of copying segments (extract.Bytes), so it
// allocates less than Extract(bytes.NewReader(b), int64(len(b))) and gives the same result.
// b must not be modified during the call; the returned Metadata does not refer to it.
func ExtractBytes(b []byte, opts ...Option) (*Metadata, error) {
	return extractWith(extract.Bytes(b), int64(len(b)), options(opts), nil)
}

// ExtractReader reads the metadata from a stream without seeking, and gives the answer
// ExtractBytes gives for the same bytes. It reads the stream only as far as the metadata
// reaches (a JPEG up to its image data) and keeps in memory only the bytes the container
// walkers use (at most Limits.MaxRetained): bytes it skips (image data, an MP4's media data
// before its moov) are read and dropped. TIFF-based files, PDF, SVG and XMP sidecars, whose
// walkers read at any offset, keep what they pass, within the same limit. At most
// Limits.MaxStreamRead bytes are read in all. ctx cancels the read.
//
// When r is an io.ReaderAt and io.Seeker (an *os.File), it is read in place instead.
//
// If reading r fails (an error other than io.EOF), the error wraps ErrRead and r's error,
// and the Metadata holds what was read before.
func ExtractReader(ctx context.Context, r io.Reader, opts ...Option) (*Metadata, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	o := options(opts)
	if ra, ok := r.(interface {
		io.ReaderAt
		io.Seeker
	}); ok {
		if size, err := ra.Seek(0, io.SeekEnd); err == nil {
			return extractWith(ra, size, o, nil)
		}
	}
	s := extract.NewStream(ctx, r, o.Limits)
	defer s.Close()                      // the Metadata owns its memory (extractWith): none of it is the stream's
	md, err := extractWith(s, 0, o, nil) // a Stream's size is its own (extract.End)
	if o.Stats != nil {
		o.Stats.Consumed, o.Stats.Retained = s.Consumed(), s.Retained()
	}
	if serr := s.Err(); serr != nil {
		return md, fmt.Errorf("%w: %w", ErrRead, serr)
	}
	return md, err
}

// extractWith reads r, and then the entries of sidecar, into a new Metadata.
func extractWith(r io.ReaderAt, size int64, o Options, sidecar *sidecarEntries) (*Metadata, error) {
	sc := scratches.Get().(*scan.Scratch)
	defer func() {
		sc.Release() // the fields normalize made refer to none of the scratch memory
		scratches.Put(sc)
	}()
	var c call
	c.init(o, sc, nil)
	md := new(Metadata)
	err := c.read(md, r, size, sidecar)
	return md, err
}

// call is one extraction's per-call state, built once where the call enters the package and
// passed down: the options, the scan job (the limits resolved once, the one warnings
// collector that the walkers, the decoders and normalize add to, the sources whose decoders
// run, the scratch memory of the raw entries) and the memory the fields are made in.
type call struct {
	opts Options
	job  scan.Job
	out  *normalize.Arena // nil: new memory
}

// init readies c for one call with o, decoding into sc and making the fields in out (new
// memory when either is nil).
func (c *call) init(o Options, sc *scan.Scratch, out *normalize.Arena) {
	c.opts, c.out = o, out
	c.job.Init(o.Limits, o.Sources, sc)
}

// read reads r into md, the entries of sidecar (if not nil) normalized after the file's,
// whose warnings come after the file's. The caller releases the job's Scratch after its use
// of md.
func (c *call) read(md *Metadata, r io.ReaderAt, size int64, sidecar *sidecarEntries) error {
	res, err := c.job.Read(r, size)
	*md = Metadata{Format: res.Format, Facts: res.Facts}
	if err == nil {
		entries := res.Entries
		if sidecar != nil && len(sidecar.entries) > 0 {
			entries = append(entries[:len(entries):len(entries)], sidecar.entries...)
		}
		md.fields = normalize.NormalizeIn(c.out, entries, &c.job.Warnings, normalize.Options{RawValues: c.opts.RawValues})
		if md.Format == "xmp" && md.Facts.Width == 0 {
			md.sidecarSize()
		}
	}
	if sidecar != nil {
		for _, w := range sidecar.warnings {
			c.job.Warnings.Append(w)
		}
		c.job.Warnings.Dropped += sidecar.dropped
	}
	if len(c.job.Warnings.List) > 0 {
		md.Warnings = c.job.Warnings.List
	}
	md.DroppedWarnings = c.job.Warnings.Dropped
	return err
}

// scratches recycles the raw-entry memory of extractWith from call to call. Payloads are
// decoded in place (no copy of an XMP packet): normalize copies the values it keeps into
// the result's own memory (normalize.NormalizeIn).
var scratches = sync.Pool{New: func() any { return &scan.Scratch{InPlace: true} }}

// readCloserAt is an open file as ExtractFile reads it (openRead).
type readCloserAt interface {
	io.ReaderAt
	io.Closer
}

// ExtractFile opens the named file and reads its metadata.
func ExtractFile(path string, opts ...Option) (*Metadata, error) {
	o := options(opts)
	return withFile(path, o, func(f io.ReaderAt, size int64, sidecar *sidecarEntries) (*Metadata, error) {
		// A walker's many small reads become one system call per block, and its payloads
		// go into buffers the BlockReader lends until Close, after normalization.
		br := extract.NewBlockReader(f, size)
		defer br.Close()
		return extractWith(br, size, o, sidecar)
	})
}

// withFile opens path and reads it with read, given the file, its size and the XMP of its
// sidecar (when o.Sidecar asks for it and o.Sources selects XMP; nil otherwise).
func withFile(path string, o Options, read func(f io.ReaderAt, size int64, sidecar *sidecarEntries) (*Metadata, error)) (*Metadata, error) {
	f, size, err := openRead(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var sidecar *sidecarEntries
	if o.Sidecar && (o.Sources == 0 || o.Sources.Has(schema.SourceXMP)) {
		sidecar = readSidecar(path, o.Limits)
	}
	return read(f, size, sidecar)
}

// SidecarPath returns the XMP sidecar of path if one exists: "photo.xmp" (either case of
// the extension) or "photo.jpg.xmp".
func SidecarPath(path string) (string, bool) {
	base := strings.TrimSuffix(path, filepath.Ext(path))
	for _, c := range []string{base + ".xmp", base + ".XMP", path + ".xmp", path + ".XMP"} {
		if c == path {
			continue
		}
		if st, err := os.Stat(c); err == nil && st.Mode().IsRegular() {
			return c, true
		}
	}
	return "", false
}

// sidecarEntries are the XMP entries of a file's sidecar and the warnings of reading it.
type sidecarEntries struct {
	entries  []extract.RawEntry
	warnings []Warning
	dropped  int // warnings the sidecar's own bound left out
}

// readSidecar returns the XMP of path's sidecar, or nil when it has none.
func readSidecar(path string, lim Limits) *sidecarEntries {
	sc, ok := SidecarPath(path)
	if !ok {
		return nil
	}
	unreadable := func(err error) *sidecarEntries {
		return &sidecarEntries{warnings: []Warning{{Code: "sidecar.unreadable", Offset: -1, Msg: err.Error()}}}
	}
	f, err := os.Open(sc)
	if err != nil {
		return unreadable(err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return unreadable(err)
	}
	var job scan.Job
	job.Init(lim, schema.SetOf(schema.SourceXMP), nil)
	res, err := job.Read(f, st.Size())
	out := &sidecarEntries{entries: res.Entries, warnings: job.Warnings.List, dropped: job.Warnings.Dropped}
	if err != nil {
		out.entries = nil
		out.warnings = append(out.warnings, Warning{Code: "sidecar.unreadable", Offset: -1, Msg: err.Error()})
	}
	return out
}

// sidecarSize gives an XMP sidecar the image size its XMP records (the keys the dictionary
// gives RoleImageWidth/RoleImageHeight, by rank: tiff:ImageWidth / ImageLength, else
// exif:PixelXDimension / PixelYDimension), as ExifTool reports ImageSize for such files: a
// sidecar has no pixels of its own.
func (m *Metadata) sidecarSize() {
	widths, heights := schema.KeysOf(schema.RoleImageWidth), schema.KeysOf(schema.RoleImageHeight)
	for i := range min(len(widths), len(heights)) { // paired by rank
		w, okW := m.Int(widths[i].Key)
		h, okH := m.Int(heights[i].Key)
		if okW && okH && w > 0 && h > 0 {
			m.Facts.Width, m.Facts.Height = int(w), int(h)
			return
		}
	}
}

// Fields returns the fields in output order (spec O). The slice must not be modified.
func (m *Metadata) Fields() []Field { return m.fields }

// Len returns the number of keys.
func (m *Metadata) Len() int { return len(m.fields) }

// Get returns the value of key.
func (m *Metadata) Get(key string) (Value, bool) {
	i, ok := m.find(key)
	if !ok {
		return Value{}, false
	}
	return m.fields[i].Value, true
}

// String returns the value of a string key (the first item of a list).
func (m *Metadata) String(key string) (string, bool) {
	v, ok := m.Get(key)
	if !ok || v.Kind != schema.String {
		return "", false
	}
	return v.String(), true
}

// Strings returns every item of a key as strings; a collapsing-list key that holds one value
// gives a one-element slice (T2).
func (m *Metadata) Strings(key string) ([]string, bool) {
	v, ok := m.Get(key)
	if !ok {
		return nil, false
	}
	return v.Strings(), true
}

// Int returns the value of an integer key.
func (m *Metadata) Int(key string) (int64, bool) {
	v, ok := m.Get(key)
	if !ok {
		return 0, false
	}
	return v.Int()
}

// Float returns the value of a number or integer key.
func (m *Metadata) Float(key string) (float64, bool) {
	v, ok := m.Get(key)
	if !ok {
		return 0, false
	}
	return v.Float()
}

// Time returns the UTC instant of a date key.
func (m *Metadata) Time(key string) (time.Time, bool) {
	v, ok := m.Get(key)
	if !ok {
		return time.Time{}, false
	}
	t, _, ok := v.Time()
	return t, ok
}

// MarshalJSON writes embeddedMetadata exactly as the spec's J rules say: one object, members
// in output order, no whitespace.
func (m *Metadata) MarshalJSON() ([]byte, error) {
	return normalize.AppendJSON(make([]byte, 0, normalize.JSONSize(m.fields)), m.fields), nil
}

// Lookup returns the dictionary definition of a key: its kind, shape and source (T1).
// Keys named by the XMP fallback rule (N3) are not in the dictionary; Metadata.Lookup
// knows them.
func Lookup(key string) (*schema.Tag, bool) { return schema.Lookup(key) }

// Lookup returns the definition that typed key in this file: the dictionary's, or the one
// the XMP fallback rule (N3) made for a property the dictionary does not list.
func (m *Metadata) Lookup(key string) (*schema.Tag, bool) {
	i, ok := m.find(key)
	if !ok || m.fields[i].Tag == nil {
		return schema.Lookup(key)
	}
	return m.fields[i].Tag, true
}
