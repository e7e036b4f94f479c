package iptc

import (
	"bytes"
	"errors"
	"fmt"
	"io"

	goiptc "github.com/dsoprea/go-iptc"
)

// tagHeader is one IIM dataset header as go-iptc decoded it.
type tagHeader struct {
	record, dataset uint8
	size            uint64
	headerLen       int // bytes go-iptc consumed: marker, record, dataset, length field(s)
}

// errNotDecoded reports a header that go-iptc declined (an unsupported extended-length
// size, an invalid marker, a short read) or a panic that escaped it.
var errNotDecoded = errors.New("go-iptc could not decode the dataset header")

// decodeTag decodes the dataset header at the start of b through go-iptc, handing it a
// reader bounded to b (the rest of the IIM block, already pre-checked by the caller), and
// reports how many bytes the header took. r is reused to avoid an allocation per dataset.
func decodeTag(r *bytes.Reader, b []byte) (tagHeader, error) {
	r.Reset(b)
	h, err := goiptcDecodeTag(r)
	h.headerLen = len(b) - r.Len()
	return h, err
}

// goiptcDecodeTag is the one adapter to github.com/dsoprea/go-iptc. It recovers any panic,
// whatever its value (go-iptc's own recover re-panics on values that are not errors), and
// turns it into an error.
//
// DecodeTag only reads the header; the data is never copied (go-iptc's ParseStream would
// allocate the declared size, up to 2^64 bytes, and loses the dataset order). The Tag
// fields are unexported, so the record, dataset and size are read back from Tag.String,
// whose format is fixed in the pinned version.
func goiptcDecodeTag(r io.Reader) (h tagHeader, err error) {
	defer func() {
		if state := recover(); state != nil {
			h = tagHeader{}
			err = fmt.Errorf("%w: recovered panic: %v", errNotDecoded, state)
		}
	}()
	tag, err := goiptc.DecodeTag(r)
	if err != nil {
		return tagHeader{}, fmt.Errorf("%w: %w", errNotDecoded, err)
	}
	desc := tag.String()
	rec, ds, size, ok := parseTagString(desc)
	if !ok {
		return tagHeader{}, fmt.Errorf("%w: unexpected tag description %q", errNotDecoded, desc)
	}
	return tagHeader{record: rec, dataset: ds, size: size}, nil
}

// parseTagString reads "Tag<DATASET=(R:D) DATA-SIZE=(N)>", the output of go-iptc's
// Tag.String, without allocating.
func parseTagString(s string) (rec, ds uint8, size uint64, ok bool) {
	rest, ok := cutPrefix(s, "Tag<DATASET=(")
	if !ok {
		return 0, 0, 0, false
	}
	r, rest, ok := cutUint(rest, 0xff)
	if !ok {
		return 0, 0, 0, false
	}
	if rest, ok = cutPrefix(rest, ":"); !ok {
		return 0, 0, 0, false
	}
	d, rest, ok := cutUint(rest, 0xff)
	if !ok {
		return 0, 0, 0, false
	}
	if rest, ok = cutPrefix(rest, ") DATA-SIZE=("); !ok {
		return 0, 0, 0, false
	}
	n, rest, ok := cutUint(rest, ^uint64(0))
	if !ok || rest != ")>" {
		return 0, 0, 0, false
	}
	return uint8(r), uint8(d), n, true
}

func cutPrefix(s, prefix string) (string, bool) {
	if len(s) < len(prefix) || s[:len(prefix)] != prefix {
		return s, false
	}
	return s[len(prefix):], true
}

// cutUint reads a decimal number no greater than max from the start of s.
func cutUint(s string, max uint64) (uint64, string, bool) {
	var n uint64
	i := 0
	for ; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
		d := uint64(s[i] - '0')
		if n > (max-d)/10 {
			return 0, s, false
		}
		n = n*10 + d
	}
	if i == 0 {
		return 0, s, false
	}
	return n, s[i:], true
}
