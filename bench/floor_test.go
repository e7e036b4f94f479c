package bench

import (
	"bytes"
	"os"
	"testing"

	"github.com/embedmeta/embedmeta/extract"
	"github.com/embedmeta/embedmeta/extract/jpeg"
)

// This file holds a second floor for BenchmarkReference, beside barePass: tokenizeFloor,
// the least an XML tokenizer does to an XMP packet. It is a measuring instrument, not a
// decoder: it has no namespaces, entities, character checks, RDF or limits, and it trusts
// the markup to be well-formed. Whatever decodes XMP does at least this much, so the time
// it takes bounds from below what any XMP decoder can cost on the same bytes.

// Kinds of floorToken.
const (
	tokText  = iota // text between two tags
	tokStart        // the name of a start tag
	tokEnd          // the name of an end tag, or an empty element's end (from = to = 0)
	tokAttr         // an attribute's name
	tokValue        // an attribute's value, without its quotes
)

// floorToken is one token of tokenizeFloor: its kind and the bytes it spans.
type floorToken struct {
	kind     uint8
	from, to int32
}

// floorName marks the bytes an XML name is made of in XMP (ASCII letters, digits, ':',
// '_', '-', '.'; other bytes end a name).
var floorName = func() (t [256]bool) {
	for _, c := range []byte("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789:_-.") {
		t[c] = true
	}
	return t
}()

// tokenizeFloor appends the tokens of the packet s to dst: text runs and attribute values
// are found with bytes.IndexByte (vector code), names byte by byte through a table, as a
// fast tokenizer does. Processing instructions, comments and declarations are skipped to
// their first '>'. It stops at the first thing it cannot read.
func tokenizeFloor(dst []floorToken, s []byte) []floorToken {
	i := 0
	for i < len(s) {
		k := bytes.IndexByte(s[i:], '<')
		if k < 0 {
			return dst
		}
		if k > 0 {
			dst = append(dst, floorToken{tokText, int32(i), int32(i + k)})
		}
		i += k + 1
		if i >= len(s) {
			return dst
		}
		switch s[i] {
		case '?', '!':
			k := bytes.IndexByte(s[i:], '>')
			if k < 0 {
				return dst
			}
			i += k + 1
			continue
		case '/':
			k := bytes.IndexByte(s[i:], '>')
			if k < 0 {
				return dst
			}
			dst = append(dst, floorToken{tokEnd, int32(i + 1), int32(i + k)})
			i += k + 1
			continue
		}
		j := i
		for j < len(s) && floorName[s[j]] {
			j++
		}
		dst = append(dst, floorToken{tokStart, int32(i), int32(j)})
		if i = attributesFloor(&dst, s, j); i < 0 {
			return dst
		}
	}
	return dst
}

// attributesFloor appends the attributes of the start tag whose name ends at s[i] to dst
// and returns the offset after the tag, or -1 when the tag does not end.
func attributesFloor(dst *[]floorToken, s []byte, i int) int {
	for {
		for i < len(s) && (s[i] == ' ' || s[i] == '\n' || s[i] == '\t' || s[i] == '\r') {
			i++
		}
		switch {
		case i >= len(s):
			return -1
		case s[i] == '>':
			return i + 1
		case s[i] == '/':
			*dst = append(*dst, floorToken{kind: tokEnd})
			return i + 2
		}
		j := i
		for j < len(s) && floorName[s[j]] {
			j++
		}
		if j+1 >= len(s) || s[j] != '=' {
			return -1
		}
		q := s[j+1]
		k := bytes.IndexByte(s[j+2:], q)
		if k < 0 {
			return -1
		}
		*dst = append(*dst, floorToken{tokAttr, int32(i), int32(j)}, floorToken{tokValue, int32(j + 2), int32(j + 2 + k)})
		i = j + 2 + k + 1
	}
}

// TestTokenizeFloorReadsEveryTag checks that the floor reads the reference image's XMP to
// its end: one start token per start tag, one end token per end tag or empty element, and
// the text after the last tag (the packet's padding) as its last token.
func TestTokenizeFloorReadsEveryTag(t *testing.T) {
	data, err := os.ReadFile(referenceFile)
	if err != nil {
		t.Fatal(err)
	}
	payloads, err := jpeg.Locate(bytes.NewReader(data), int64(len(data)), extract.DefaultLimits(), &extract.Warnings{})
	if err != nil || len(payloads.XMP) != 1 {
		t.Fatalf("want one XMP packet, got %d (%v)", len(payloads.XMP), err)
	}
	s := payloads.XMP[0].Data
	toks := tokenizeFloor(nil, s)
	var starts, ends int
	for _, tk := range toks {
		switch tk.kind {
		case tokStart:
			starts++
		case tokEnd:
			ends++
		}
	}
	// Start tags are '<' followed by a name byte; end tags and empty elements close them.
	wantStarts := 0
	for i := 0; i+1 < len(s); i++ {
		if s[i] == '<' && floorName[s[i+1]] {
			wantStarts++
		}
	}
	if starts != wantStarts || ends != starts {
		t.Errorf("start tokens %d, end tokens %d; want %d of each", starts, ends, wantStarts)
	}
	// The packet ends with '<?xpacket end="w"?>': the last token is the text before it.
	if last := toks[len(toks)-1]; last.kind != tokText || !bytes.HasSuffix(s[:last.to+2], []byte("<?")) {
		t.Errorf("last token %+v does not reach the packet's trailer", last)
	}
}
