package inflate

import (
	"errors"
	"hash"
	"hash/adler32"
	"io"
)

// Errors of the zlib framing (RFC 1950).
var (
	// ErrHeader: the two header bytes are not a zlib header (method 8, window <= 32 KiB,
	// check bits).
	ErrHeader = errors.New("zlib: invalid header")
	// ErrDictionary: the stream needs a preset dictionary (other than the empty one), which
	// no format read here has.
	ErrDictionary = errors.New("zlib: invalid dictionary")
	// ErrChecksum: the Adler-32 of the inflated data differs from the stream's.
	ErrChecksum = errors.New("zlib: invalid checksum")
)

// zlibReader inflates a zlib stream and checks its Adler-32 at the end.
type zlibReader struct {
	r        Reader // the compressed bytes, read by the decompressor, then the checksum
	inflater io.ReadCloser
	digest   hash.Hash32
	err      error
}

// NewZlibReader reads the zlib header from r and returns a reader of the inflated data, as
// compress/zlib.NewReader does; it reports io.ErrUnexpectedEOF or ErrChecksum at the end
// of a stream that is cut short or damaged.
func NewZlibReader(r io.Reader) (io.ReadCloser, error) {
	z := &zlibReader{digest: adler32.New()}
	if rr, ok := r.(Reader); ok {
		z.r = rr
	} else {
		z.r = byteReader{r: r}
	}
	var h [2]byte
	if _, err := io.ReadFull(z.r, h[:]); err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return nil, err
	}
	if h[0]&0x0f != 8 || h[0]>>4 > 7 || (uint(h[0])<<8|uint(h[1]))%31 != 0 {
		return nil, ErrHeader
	}
	if h[1]&0x20 != 0 { // FDICT: the dictionary's Adler-32 follows
		var id [4]byte
		if _, err := io.ReadFull(z.r, id[:]); err != nil {
			if err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			return nil, err
		}
		if id != [4]byte{0, 0, 0, 1} { // only the empty dictionary's (Adler-32 1) is known
			return nil, ErrDictionary
		}
	}
	z.inflater = NewReader(z.r)
	return z, nil
}

// Read implements io.Reader.
func (z *zlibReader) Read(p []byte) (int, error) {
	if z.err != nil {
		return 0, z.err
	}
	n, err := z.inflater.Read(p)
	z.digest.Write(p[:n])
	if err != io.EOF {
		z.err = err
		return n, err
	}
	var sum [4]byte
	if _, err := io.ReadFull(z.r, sum[:]); err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		z.err = err
		return n, err
	}
	if uint32(sum[0])<<24|uint32(sum[1])<<16|uint32(sum[2])<<8|uint32(sum[3]) != z.digest.Sum32() {
		z.err = ErrChecksum
		return n, z.err
	}
	z.err = io.EOF
	return n, io.EOF
}

// Close implements io.Closer; it reports the error that ended reading, if any but io.EOF.
func (z *zlibReader) Close() error {
	if z.err != nil && z.err != io.EOF {
		return z.err
	}
	z.err = z.inflater.Close()
	return z.err
}

// byteReader adds ReadByte to an io.Reader one byte at a time, so that the decompressor
// reads no byte past the end of its stream (the checksum follows it). It is the fallback
// for readers without ReadByte (one Read per byte: callers pass a bytes.Reader).
type byteReader struct{ r io.Reader }

// Read implements io.Reader; like ReadByte, it gives up with io.ErrNoProgress on a reader
// that returns nothing and no error maxEmptyReads times in a row.
func (b byteReader) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	for range maxEmptyReads {
		if n, err := b.r.Read(p); n > 0 || err != nil {
			return n, err
		}
	}
	return 0, io.ErrNoProgress
}

// maxEmptyReads is how many reads in a row may return nothing and no error before
// byteReader gives up with io.ErrNoProgress, as bufio does.
const maxEmptyReads = 100

// ReadByte implements io.ByteReader.
func (b byteReader) ReadByte() (byte, error) {
	var c [1]byte
	for range maxEmptyReads {
		n, err := b.r.Read(c[:])
		if n == 1 {
			return c[0], nil
		}
		if err != nil {
			return 0, err
		}
	}
	return 0, io.ErrNoProgress
}
