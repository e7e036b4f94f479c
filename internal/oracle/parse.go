// Package oracle turns ExifTool 12.57's JSON answer for one file into the embeddedMetadata
// map that docs/normalization.md asks for, so that tests can compare the engine with an
// independent reading of the same file ("the oracle").
//
// ExifTool is used as a parser only: its family-1 groups decide the source (S1: IFD0,
// ExifIFD, GPS and InteropIFD are EXIF; IPTC and IPTC2 are IIM; XMP-* is XMP; the two S7
// composites), its tag names give the keys (N1), and its values are typed and shaped by the
// project's dictionary (package schema: kind T1, shape section 6, conversion V/D, scope
// Omit). Numbers come from the `-n` output, labels (V2) and a few print forms the spec pins
// (V2b, V7a, D3 times) from the printed output.
//
// The mapper needs both outputs of one file:
//
//	exiftool -j -G1 -a    FILE > FILE.G1.json   (printed values)
//	exiftool -j -G1 -a -n FILE > FILE.G1n.json  (raw values)
//
// It is test code: it favours being obviously right over being fast.
package oracle

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// Entry is one tag of ExifTool's answer: the same "Group:Name" member of the printed and the
// numeric output.
type Entry struct {
	Group string // family-1 group, e.g. "IFD0", "XMP-dc", "IPTC2"
	Name  string // ExifTool tag name, e.g. "By-line", "Title-de"
	// Print and Num are the decoded values of the printed (-j) and numeric (-j -n) output:
	// string, json.Number, []any of those, or nil when the member is missing from that output.
	Print, Num any
}

// Parse reads the printed and the numeric `exiftool -j -G1 -a` output of one file and returns
// its tags in the numeric output's order (ExifTool's reading order), followed by members only
// the printed output has. Either input may be nil. Only the first object of each array is read.
func Parse(printed, numeric []byte) ([]Entry, error) {
	pm, pOrder, err := decodeObject(printed)
	if err != nil {
		return nil, fmt.Errorf("printed output: %w", err)
	}
	nm, nOrder, err := decodeObject(numeric)
	if err != nil {
		return nil, fmt.Errorf("numeric output: %w", err)
	}
	var out []Entry
	seen := map[string]bool{}
	add := func(k string) {
		if seen[k] {
			return
		}
		seen[k] = true
		g, n, ok := strings.Cut(k, ":")
		if !ok {
			return // SourceFile: no group
		}
		out = append(out, Entry{Group: g, Name: n, Print: pm[k], Num: nm[k]})
	}
	for _, k := range nOrder {
		add(k)
	}
	for _, k := range pOrder {
		add(k)
	}
	return out, nil
}

// decodeObject decodes the first object of a JSON array (ExifTool's -j output) keeping the
// order of its members and the literal text of its numbers.
func decodeObject(data []byte) (map[string]any, []string, error) {
	m := map[string]any{}
	if len(bytes.TrimSpace(data)) == 0 {
		return m, nil, nil
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := expectDelim(dec, '['); err != nil {
		return nil, nil, err
	}
	tok, err := dec.Token()
	if err != nil {
		return nil, nil, err
	}
	if tok == json.Delim(']') {
		return m, nil, nil // ExifTool found nothing
	}
	if tok != json.Delim('{') {
		return nil, nil, fmt.Errorf("want an object, got %v", tok)
	}
	var order []string
	for dec.More() {
		kt, err := dec.Token()
		if err != nil {
			return nil, nil, err
		}
		k, ok := kt.(string)
		if !ok {
			return nil, nil, fmt.Errorf("want a member name, got %v", kt)
		}
		var v any
		if err := dec.Decode(&v); err != nil {
			return nil, nil, fmt.Errorf("member %s: %w", k, err)
		}
		if _, dup := m[k]; !dup {
			order = append(order, k)
		}
		m[k] = v
	}
	return m, order, nil
}

func expectDelim(dec *json.Decoder, d json.Delim) error {
	tok, err := dec.Token()
	if err == io.EOF {
		return fmt.Errorf("empty output")
	}
	if err != nil {
		return err
	}
	if tok != d {
		return fmt.Errorf("want %v, got %v", d, tok)
	}
	return nil
}
