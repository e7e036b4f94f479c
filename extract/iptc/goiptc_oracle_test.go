package iptc

import (
	"bytes"
	"errors"
	"fmt"
	"io"

	goiptc "github.com/dsoprea/go-iptc"

	"github.com/embedmeta/embedmeta/extract"
)

// github.com/dsoprea/go-iptc is a differential oracle of the IIM reader, not part of it
// (see the package documentation for why it left the hot path). decodeOracle and
// decodeIRBOracle run Decode and DecodeIRB with every dataset header decoded a second time
// by go-iptc's DecodeTag; a disagreement ends the walk with "iptc.decoder".

// decodeOracle is Decode with go-iptc cross-checking every header.
func decodeOracle(p extract.Payload, lim extract.Limits, ws *extract.Warnings) []extract.RawEntry {
	lim = lim.Resolved()
	return appendIIM(nil, p, lim, ws, lim.MaxEntries, goiptcCheck)
}

// decodeIRBOracle is DecodeIRB with go-iptc cross-checking every IIM header.
func decodeIRBOracle(p extract.Payload, lim extract.Limits, ws *extract.Warnings) []extract.RawEntry {
	return decodeIRB(nil, p, lim, ws, true, goiptcCheck)
}

// goiptcCheck is the headerCheck of the oracle: go-iptc must read the same record, dataset
// and size as readHeader, except for the extended-length forms it does not know.
func goiptcCheck(rest []byte, h tagHeader) error {
	var r bytes.Reader
	th, err := decodeTag(&r, rest)
	switch {
	case err != nil && !goiptcSupports(rest):
		// go-iptc knows only 4- and 8-octet extended lengths; IIM §1.5.4 allows any
		// (ExifTool reads up to 8). The header readHeader read stands.
		return nil
	case err != nil:
		return err
	case th != h:
		return fmt.Errorf("go-iptc read dataset %d:%d size %d (header %d bytes), the reader %d:%d size %d (header %d bytes)",
			th.record, th.dataset, th.size, th.headerLen, h.record, h.dataset, h.size, h.headerLen)
	}
	return nil
}

// goiptcSupports reports whether go-iptc's DecodeTag handles the length form of the
// (already read) header at the start of b: a plain length or a 4- or 8-octet extended one.
func goiptcSupports(b []byte) bool {
	n := uint16(b[3])<<8 | uint16(b[4])
	return n&extendedFlag == 0 || n&^extendedFlag == 4 || n&^extendedFlag == 8
}

// errNotDecoded reports a header that go-iptc declined (an unsupported extended-length
// size, an invalid marker, a short read) or a panic that escaped it.
var errNotDecoded = errors.New("go-iptc could not decode the dataset header")

// decodeTag decodes the dataset header at the start of b through go-iptc, handing it a
// reader bounded to b, and reports how many bytes the header took.
func decodeTag(r *bytes.Reader, b []byte) (tagHeader, error) {
	r.Reset(b)
	h, err := goiptcDecodeTag(r)
	h.headerLen = len(b) - r.Len()
	return h, err
}

// goiptcDecodeTag is the one adapter to go-iptc. It recovers any panic, whatever its value
// (go-iptc's own recover re-panics on values that are not errors), and turns it into an
// error.
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
// Tag.String.
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
