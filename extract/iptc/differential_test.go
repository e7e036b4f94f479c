package iptc_test

import (
	"bytes"
	"encoding/binary"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/embedmeta/embedmeta/extract"
	"github.com/embedmeta/embedmeta/extract/iptc"
	"github.com/embedmeta/embedmeta/extract/jpeg"
	"github.com/embedmeta/embedmeta/extract/psd"
	"github.com/embedmeta/embedmeta/extract/tiff"
	"github.com/embedmeta/embedmeta/internal/testcorpus"
	"github.com/embedmeta/embedmeta/schema"
)

// corpusDir holds the shared corpus of real files; tests skip it when it is absent.
var corpusDir = testcorpus.Dir()

// walkers are the containers that carry IRB or bare IIM payloads, with their detection.
var walkers = []struct {
	is     func([]byte) bool
	locate func(r *bytes.Reader, size int64, lim extract.Limits, ws *extract.Warnings) (extract.Payloads, error)
}{
	{jpeg.IsJPEG, func(r *bytes.Reader, n int64, l extract.Limits, ws *extract.Warnings) (extract.Payloads, error) {
		return jpeg.Locate(r, n, l, ws)
	}},
	{psd.IsPSD, func(r *bytes.Reader, n int64, l extract.Limits, ws *extract.Warnings) (extract.Payloads, error) {
		return psd.Locate(r, n, l, ws)
	}},
	{tiff.IsTIFF, func(r *bytes.Reader, n int64, l extract.Limits, ws *extract.Warnings) (extract.Payloads, error) {
		return tiff.Locate(r, n, l, ws)
	}},
}

// iimPayloads returns the IRB and bare IIM payloads of a file, or nothing when no walker
// recognises it.
func iimPayloads(data []byte) (irbs, iims []extract.Payload) {
	for _, w := range walkers {
		if !w.is(data[:min(len(data), 512)]) {
			continue
		}
		p, _ := w.locate(bytes.NewReader(data), int64(len(data)), extract.Limits{}, &extract.Warnings{})
		return p.IRB, p.IIM
	}
	return nil, nil
}

// decoded is what one decoder run produced, compared as a whole.
type decoded struct {
	Entries  []extract.RawEntry
	Warnings []extract.Warning
}

func run(f func(extract.Payload, extract.Limits, *extract.Warnings) []extract.RawEntry, p extract.Payload, lim extract.Limits) decoded {
	ws := extract.Warnings{}
	return decoded{f(p, lim, &ws), ws.List}
}

// requireSame decodes p with the package's own dataset reader and with go-iptc checking
// every header, and requires identical entries and warnings, and no disagreement.
func requireSame(t *testing.T, fast, oracle func(extract.Payload, extract.Limits, *extract.Warnings) []extract.RawEntry, p extract.Payload, lim extract.Limits) {
	t.Helper()
	got, want := run(fast, p, lim), run(oracle, p, lim)
	for _, w := range want.Warnings {
		require.NotEqual(t, "iptc.decoder", w.Code, "go-iptc disagrees: %s", w)
	}
	require.Equal(t, want, got)
}

// TestDifferentialCorpus decodes every IIM block of the shared corpus, the package's
// fixtures and the reference image both ways: with the bounded dataset reader alone (the
// hot path) and with go-iptc's DecodeTag re-reading every header (the oracle).
func TestDifferentialCorpus(t *testing.T) {
	var paths []string
	fixtures, _ := filepath.Glob(filepath.Join("testdata", "*"))
	paths = append(paths, fixtures...)
	paths = append(paths, filepath.Join("..", "..", "testdata", "IPTC-PhotometadataRef-Std2019.1.jpg"))
	if _, err := os.Stat(corpusDir); err == nil {
		_ = filepath.WalkDir(corpusDir, func(path string, d fs.DirEntry, err error) error {
			if err == nil && d.Type().IsRegular() {
				paths = append(paths, path)
			}
			return nil
		})
	} else {
		t.Logf("corpus not available: %v", err)
	}
	blocks := 0
	for _, path := range paths {
		data, err := os.ReadFile(path)
		if err != nil || len(data) == 0 {
			continue
		}
		irbs, iims := iimPayloads(data)
		if len(irbs)+len(iims) == 0 {
			continue
		}
		t.Run(path, func(t *testing.T) {
			for _, p := range irbs {
				requireSame(t, iptc.DecodeIRB, iptc.DecodeIRBOracle, p, extract.Limits{})
				for _, e := range iptc.DecodeIRB(p, extract.Limits{}, nil) {
					if e.Type == schema.TypeDigest {
						blocks++
					}
				}
			}
			for _, p := range iims {
				requireSame(t, iptc.Decode, iptc.DecodeOracle, p, extract.Limits{})
				blocks++
			}
		})
	}
	t.Logf("%d IIM blocks in %d files decoded both ways", blocks, len(paths))
	assert.Positive(t, blocks)
}

// dataset builds one IIM dataset; lenOctets > 0 writes an extended length of that many
// octets (IIM §1.5.4).
func dataset(rec, num uint8, lenOctets int, data []byte) []byte {
	b := []byte{0x1C, rec, num}
	if lenOctets == 0 {
		return append(binary.BigEndian.AppendUint16(b, uint16(len(data))), data...)
	}
	b = binary.BigEndian.AppendUint16(b, 0x8000|uint16(lenOctets))
	size := binary.BigEndian.AppendUint64(nil, uint64(len(data)))
	if lenOctets <= 8 {
		b = append(b, size[8-lenOctets:]...)
	} else {
		b = append(b, make([]byte, lenOctets)...)
	}
	return append(b, data...)
}

func join(parts ...[]byte) []byte { return bytes.Join(parts, nil) }

// TestDifferentialSynthetic covers the header forms and damage the corpus lacks.
func TestDifferentialSynthetic(t *testing.T) {
	title := dataset(2, 5, 0, []byte("title"))
	small := extract.Limits{MaxValueBytes: 3, MaxEntries: 2}
	tests := []struct {
		name string
		data []byte
		lim  extract.Limits
	}{
		{"empty", nil, extract.Limits{}},
		{"plain", join(dataset(1, 90, 0, []byte("\x1b%G")), dataset(2, 0, 0, []byte{0, 4}), title), extract.Limits{}},
		{"zero length", join(dataset(2, 5, 0, nil), title), extract.Limits{}},
		{"extended 4 octets", join(dataset(2, 120, 4, []byte("caption")), title), extract.Limits{}},
		{"extended 8 octets", dataset(2, 120, 8, []byte("caption")), extract.Limits{}},
		{"extended 1 octet (not go-iptc's)", join(dataset(2, 120, 1, []byte("c")), title), extract.Limits{}},
		{"extended 3 octets (not go-iptc's)", join(dataset(2, 120, 3, []byte("c")), title), extract.Limits{}},
		{"extended 0 octets", join(dataset(2, 120, 0, nil)[:3], []byte{0x80, 0}, title), extract.Limits{}},
		{"extended 9 octets", dataset(2, 120, 9, nil), extract.Limits{}},
		{"huge extended", []byte{0x1C, 2, 120, 0x80, 8, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}, extract.Limits{}},
		{"truncated header", join(title, []byte{0x1C, 2, 25}), extract.Limits{}},
		{"truncated extended length", join(title, []byte{0x1C, 2, 25, 0x80, 4, 0}), extract.Limits{}},
		{"truncated data", join(title, dataset(2, 25, 0, []byte("keyword"))[:8]), extract.Limits{}},
		{"NUL padding", join(title, make([]byte, 5)), extract.Limits{}},
		{"trailing junk", join(title, []byte("junk")), extract.Limits{}},
		{"bad marker", join(title, []byte{0x1D, 2, 25, 0, 1, 'k'}, dataset(2, 25, 0, []byte("k"))), extract.Limits{}},
		{"unknown records", join(dataset(0, 1, 0, []byte("x")), dataset(10, 1, 0, nil), dataset(255, 255, 0, nil), title), extract.Limits{}},
		{"records 1 to 9", join(dataset(1, 0, 0, []byte{0, 4}), dataset(3, 1, 0, nil), dataset(7, 10, 0, []byte{1}), dataset(8, 10, 0, []byte{2}), dataset(9, 10, 0, []byte{3})), extract.Limits{}},
		{"value too large", join(dataset(2, 120, 0, []byte("long")), title), small},
		{"too many entries", join(dataset(2, 25, 0, []byte("a")), dataset(2, 25, 0, []byte("b")), dataset(2, 25, 0, []byte("c"))), small},
		{"too large block", join(title, title), extract.Limits{MaxSegment: 12}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for _, off := range []int64{-1, 0, 1000} {
				requireSame(t, iptc.Decode, iptc.DecodeOracle, extract.Payload{Data: tc.data, Offset: off}, tc.lim)
			}
			irb := join([]byte("8BIM\x04\x04\x00\x00"), binary.BigEndian.AppendUint32(nil, uint32(len(tc.data))), tc.data)
			requireSame(t, iptc.DecodeIRB, iptc.DecodeIRBOracle, extract.Payload{Data: irb, Offset: 30}, tc.lim)
		})
	}
}

// FuzzDifferential: the dataset reader and the go-iptc oracle agree on any block.
func FuzzDifferential(f *testing.F) {
	f.Add(join(dataset(1, 90, 0, []byte("\x1b%G")), dataset(2, 120, 4, []byte("caption")), []byte{0, 0}))
	f.Add(join(dataset(2, 120, 3, []byte("c")), []byte("junk")))
	f.Add([]byte{0x1C, 2, 120, 0x80, 8, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff})
	lim := extract.Limits{MaxSegment: 1 << 20, MaxValueBytes: 1 << 16, MaxEntries: 100, MaxWarnings: 10}
	f.Fuzz(func(t *testing.T, data []byte) {
		requireSame(t, iptc.Decode, iptc.DecodeOracle, extract.Payload{Data: data}, lim)
	})
}
