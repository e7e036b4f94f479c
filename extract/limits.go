package extract

// Limits bounds the work and memory spent on one file. Every walker and decoder checks
// counts and offsets against the bytes that exist and against these limits before it
// allocates. The zero value of a field means "use the default".
type Limits struct {
	MaxSegment    int64 // largest single payload (EXIF blob, IIM block, one XMP packet) read, bytes
	MaxXMPBytes   int64 // largest XMP packet after Extended XMP chunks are joined, bytes
	MaxIFDEntries int   // most entries read from one IFD
	MaxIFDs       int   // most IFDs visited in one TIFF structure (chains and sub-IFDs)
	MaxValueBytes int64 // largest single EXIF/IIM value, bytes
	MaxDepth      int   // deepest XMP element nesting / sub-IFD nesting
	MaxTotalRead  int64 // most bytes read from the file altogether
	MaxWarnings   int   // most warnings kept per file
	// MaxDirWarnings is how many problems one directory (an IFD with its sub-IFDs) may show
	// before the rest of it is skipped: a directory that bad is noise, not data.
	MaxDirWarnings int
	MaxEntries     int // most raw entries produced per payload
	// MaxRetained bounds the bytes of a stream (ExtractReader, Tee) held in memory at once
	// so that the walkers can read them: the payloads and headers they read, and for
	// containers read at random (TIFF) or from their end (PDF, SVG, XMP) the bytes passed.
	// Skipped bytes of other containers are read and dropped. It is separate from
	// MaxTotalRead, which bounds what the walkers read of any input.
	MaxRetained int64
	// MaxStreamRead bounds how many bytes are consumed from a stream in all, kept or
	// skipped (a movie whose metadata follows its media data is read through to it).
	MaxStreamRead int64
	// MaxTrailer is how far from the end of a JPEG file the trailers that follow its image
	// data (AFCP, FotoStation: IPTC-IIM) are read, bytes; at most 64 KiB, the part of a
	// stream kept behind its end (a larger value is taken as 64 KiB). Reading them reads a
	// stream to its end. Negative: trailers are not read, and a JPEG stream is not read past
	// its SOS (NewTee's default, so that its metadata is ready before the upload ends).
	MaxTrailer int64
}

// maxTrailer is the largest Limits.MaxTrailer: a stream keeps its last windowSize bytes.
const maxTrailer = windowSize

// DefaultLimits returns safe defaults: generous for real files (Extended XMP of several MB,
// camera EXIF of a few hundred KB) and small enough that a hostile file cannot exhaust memory.
func DefaultLimits() Limits {
	return Limits{
		MaxSegment:     16 << 20,
		MaxXMPBytes:    32 << 20,
		MaxIFDEntries:  4096,
		MaxIFDs:        64,
		MaxValueBytes:  4 << 20,
		MaxDepth:       64,
		MaxTotalRead:   96 << 20,
		MaxWarnings:    100,
		MaxDirWarnings: 32,
		MaxEntries:     100000,
		MaxRetained:    64 << 20,
		MaxStreamRead:  4 << 30,
		MaxTrailer:     maxTrailer,
	}
}

// Resolved returns l with every zero field replaced by its default.
func (l Limits) Resolved() Limits {
	d := DefaultLimits()
	if l.MaxSegment <= 0 {
		l.MaxSegment = d.MaxSegment
	}
	if l.MaxXMPBytes <= 0 {
		l.MaxXMPBytes = d.MaxXMPBytes
	}
	if l.MaxIFDEntries <= 0 {
		l.MaxIFDEntries = d.MaxIFDEntries
	}
	if l.MaxIFDs <= 0 {
		l.MaxIFDs = d.MaxIFDs
	}
	if l.MaxValueBytes <= 0 {
		l.MaxValueBytes = d.MaxValueBytes
	}
	if l.MaxDepth <= 0 {
		l.MaxDepth = d.MaxDepth
	}
	if l.MaxTotalRead <= 0 {
		l.MaxTotalRead = d.MaxTotalRead
	}
	if l.MaxWarnings <= 0 {
		l.MaxWarnings = d.MaxWarnings
	}
	if l.MaxDirWarnings <= 0 {
		l.MaxDirWarnings = d.MaxDirWarnings
	}
	if l.MaxEntries <= 0 {
		l.MaxEntries = d.MaxEntries
	}
	if l.MaxRetained <= 0 {
		l.MaxRetained = d.MaxRetained
	}
	if l.MaxStreamRead <= 0 {
		l.MaxStreamRead = d.MaxStreamRead
	}
	if l.MaxTrailer == 0 || l.MaxTrailer > maxTrailer {
		l.MaxTrailer = d.MaxTrailer
	}
	return l
}
