package exif

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/embedmeta/embedmeta/extract"
	"github.com/embedmeta/embedmeta/internal/testcorpus"
	"github.com/embedmeta/embedmeta/schema"
)

// refOffset is the file offset of the TIFF header in IPTC-PhotometadataRef-Std2019.1.jpg.
const refOffset = 12

func refPayload(t testing.TB) extract.Payload {
	b, err := os.ReadFile("testdata/iptc-ref-2019.1.tiff")
	require.NoError(t, err)
	return extract.Payload{Data: b, Offset: refOffset}
}

// TestDecodeReference checks the EXIF of the IPTC 2019.1 reference image entry by entry,
// in stored order (spec O1; compare `exiftool -v3`).
func TestDecodeReference(t *testing.T) {
	var ws extract.Warnings
	es := Decode(refPayload(t), extract.Limits{}, &ws)
	require.Empty(t, ws.List)
	type want struct {
		dir    string
		id     uint16
		format schema.Type
		count  uint32
		value  any
		offset int64
	}
	wants := []want{
		{"IFD0", 0x010E, schema.TypeASCII, 40, []byte("The description aka caption (ref2019.1)\x00"), 0x7a},
		{"IFD0", 0x011A, schema.TypeRational, 1, []extract.Rational{{Num: 72, Den: 1}}, -1},
		{"IFD0", 0x011B, schema.TypeRational, 1, []extract.Rational{{Num: 72, Den: 1}}, -1},
		{"IFD0", 0x0128, schema.TypeShort, 1, []int64{2}, -1},
		{"IFD0", 0x013B, schema.TypeASCII, 21, []byte("Creator1 (ref2019.1)\x00"), -1},
		{"IFD0", 0x0213, schema.TypeShort, 1, []int64{1}, -1},
		{"IFD0", 0x8298, schema.TypeASCII, 59, []byte("Copyright (Notice) 2019.1 IPTC - www.iptc.org  (ref2019.1)\x00"), -1},
		{"ExifIFD", 0x9000, schema.TypeUndefined, 4, []byte("0232"), -1},
		{"ExifIFD", 0x9003, schema.TypeASCII, 20, []byte("2019:10:16 19:01:03\x00"), -1},
		{"ExifIFD", 0x9011, schema.TypeASCII, 7, []byte("+00:00\x00"), -1},
		{"ExifIFD", 0x9101, schema.TypeUndefined, 4, []byte{1, 2, 3, 0}, -1},
		{"ExifIFD", 0xA000, schema.TypeUndefined, 4, []byte("0100"), -1},
		{"ExifIFD", 0xA001, schema.TypeShort, 1, []int64{65535}, -1},
	}
	require.Len(t, es, len(wants))
	for i, w := range wants {
		e := es[i]
		assert.Equal(t, w.dir, e.Dir, "entry %d", i)
		assert.Equal(t, w.id, e.ID, "entry %d", i)
		assert.Equal(t, w.format, e.Type, "entry %d", i)
		assert.Equal(t, w.count, e.Count, "entry %d", i)
		switch v := w.value.(type) {
		case []byte:
			assert.Equal(t, v, e.Bytes, "entry %d", i)
		case []int64:
			assert.Equal(t, v, e.Ints, "entry %d", i)
		case []extract.Rational:
			assert.Equal(t, v, e.Rats, "entry %d", i)
		}
		if w.offset >= 0 {
			assert.Equal(t, w.offset, e.Offset, "entry %d", i)
		}
		assert.True(t, e.BigEndian, "the reference EXIF is big-endian (MM)")
	}
}

// TestOracleAgrees compares our entries with what go-exif's own walk reports over the same
// (sanitised) blob: every tag go-exif sees, we emit with the same directory and count.
func TestOracleAgrees(t *testing.T) {
	bo := binary.BigEndian
	blobs := map[string][]byte{
		"reference": refPayload(t).Data,
		"order": build(bo,
			tIFD{entries: []tEntry{short(bo, 0x0112, 1), ptr(0x8769, 2), short(bo, 0x0128, 2), ptr(0x8825, 4)}, next: 5},
			tIFD{entries: []tEntry{{id: 0x9000, typ: 7, count: 4, val: []byte("0232")}, ptr(0xA005, 3), short(bo, 0xA001, 1)}},
			tIFD{entries: []tEntry{{id: 0x0001, typ: 2, count: 4, val: []byte("R98\x00")}}},
			tIFD{entries: []tEntry{{id: 0x0000, typ: 1, count: 4, val: []byte{2, 3, 0, 0}}}},
			tIFD{entries: []tEntry{short(bo, 0x0103, 6)}}),
	}
	for name, b := range blobs {
		t.Run(name, func(t *testing.T) {
			var ws extract.Warnings
			es := Decode(extract.Payload{Data: b}, extract.Limits{}, &ws)
			got, err := oracle(sanitize(extract.Payload{Data: b}, extract.Limits{}))
			require.NoError(t, err)
			require.NotEmpty(t, got)
			assertSubset(t, got, es)
			assert.Len(t, got, len(es))
		})
	}
}

func assertSubset(t *testing.T, got []seen, es []extract.RawEntry) {
	t.Helper()
	ours := map[seen]bool{}
	for _, e := range es {
		ours[seen{e.Dir, e.ID, e.Count}] = true
	}
	for _, s := range got {
		if s.ID == tagExifIFD || s.ID == tagGPSIFD || s.ID == tagInteropIFD {
			continue // a pointer go-exif does not map (e.g. Interop in IFD0): we follow it
		}
		assert.True(t, ours[s], "go-exif saw %+v, we did not", s)
	}
}

// TestDecodeConcurrent decodes in parallel goroutines (run with -race), alongside go-exif's
// walk on the shared, eagerly built index.
func TestDecodeConcurrent(t *testing.T) {
	p := refPayload(t)
	var ws0 extract.Warnings
	want := Decode(p, extract.Limits{}, &ws0)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 20 {
				var ws extract.Warnings
				assert.Equal(t, want, Decode(p, extract.Limits{}, &ws))
				_, err := oracle(sanitize(p, extract.Limits{}))
				assert.NoError(t, err)
			}
		})
	}
	wg.Wait()
}

// corpusJPEGs lists the JPEGs of the shared corpus, or skips.
func corpusJPEGs(t *testing.T) []string {
	root := testcorpus.Dir()
	if _, err := os.Stat(root); err != nil {
		t.Skip("shared corpus not present")
	}
	var files []string
	_ = filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if b, err := os.ReadFile(p); err == nil && bytes.HasPrefix(b, []byte{0xFF, 0xD8}) {
				files = append(files, p)
			}
		}
		return nil
	})
	return files
}

// app1Exif returns the TIFF blobs of a JPEG's Exif APP1 segments (a minimal walk; the real
// one is extract/jpeg, which this package must not import).
func app1Exif(b []byte) []extract.Payload {
	var out []extract.Payload
	for i := 2; i+4 <= len(b) && b[i] == 0xFF; {
		m, n := b[i+1], int(b[i+2])<<8|int(b[i+3])
		if m == 0xDA || m == 0xD9 || n < 2 || i+2+n > len(b) {
			break
		}
		seg := b[i+4 : i+2+n]
		if m == 0xE1 && bytes.HasPrefix(seg, []byte("Exif\x00")) && len(seg) > 6 {
			out = append(out, extract.Payload{Data: seg[6:], Offset: int64(i + 10)})
		}
		i += 2 + n
	}
	return out
}

// TestCorpus decodes the EXIF of every corpus JPEG: no panic, bounded time, go-exif's view
// (over the sanitised blob) contained in ours, and at least the IFD0/ExifIFD entries
// ExifTool reports (by count) when the blob is sound.
func TestCorpus(t *testing.T) {
	for _, f := range corpusJPEGs(t) {
		name := strings.TrimPrefix(f, testcorpus.Dir()+string(filepath.Separator))
		t.Run(name, func(t *testing.T) {
			b, err := os.ReadFile(f)
			require.NoError(t, err)
			ours := 0
			for _, p := range app1Exif(b) {
				start := time.Now()
				var ws extract.Warnings
				es := Decode(p, extract.Limits{}, &ws)
				assert.Less(t, time.Since(start), testcorpus.HangGuard)
				got, _ := oracle(sanitize(p, extract.Limits{}))
				assertSubset(t, got, es)
				if len(ws.List) == 0 && len(got) > 0 {
					assert.NotEmpty(t, es)
				}
				ours += len(es)
			}
			if n, ok := exiftoolCount(f); ok {
				assert.GreaterOrEqual(t, ours, n, "ExifTool reports %d IFD0/ExifIFD/GPS/InteropIFD tags", n)
			}
		})
	}
}

// exiftoolCount returns how many IFD0, ExifIFD, GPS and InteropIFD tags ExifTool 12.57
// reports for a corpus file (`exiftool -j -G1 -a -n`), when its reference output exists.
func exiftoolCount(file string) (int, bool) {
	ref := strings.Replace(file, "/corpus/", "/corpus-exiftool/", 1) + ".G1n.json"
	b, err := os.ReadFile(ref)
	if err != nil {
		return 0, false
	}
	var v []map[string]json.RawMessage
	if json.Unmarshal(b, &v) != nil || len(v) != 1 {
		return 0, false
	}
	n := 0
	for k := range v[0] {
		for _, g := range []string{"IFD0:", "ExifIFD:", "GPS:", "InteropIFD:"} {
			if strings.HasPrefix(k, g) {
				n++
			}
		}
	}
	return n, true
}
