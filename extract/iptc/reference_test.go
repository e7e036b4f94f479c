package iptc

import (
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/embedmeta/embedmeta/extract"
	"github.com/embedmeta/embedmeta/internal/testcorpus"
	"github.com/embedmeta/embedmeta/schema"
)

const referenceImage = "../../testdata/IPTC-PhotometadataRef-Std2019.1.jpg"

// referenceIRB returns the Photoshop IRB of the IPTC 2019.1 reference image.
func referenceIRB(t testing.TB) extract.Payload {
	t.Helper()
	irb, off := app13IRB(t, readFixture(t, referenceImage))
	require.NotEmpty(t, irb)
	return extract.Payload{Data: irb, Offset: off}
}

// TestReferenceImage checks the IIM of the acceptance image against `exiftool -v3`:
// datasets in stored order with their sizes and offsets, and CurrentIPTCDigest (spec P2).
func TestReferenceImage(t *testing.T) {
	p := referenceIRB(t)
	var ws extract.Warnings
	got := DecodeIRB(p, extract.Limits{}, &ws)
	assert.Empty(t, ws.List)

	// exiftool -v3: dataset:size in stored order; 2:00 comes last in this file.
	want := "4:19 5:21 12:15 12:15 12:15 25:17 25:17 25:17 40:26 55:8 60:11 80:20 85:32 90:23 " +
		"92:30 95:31 100:3 101:26 103:18 105:24 110:23 115:18 116:58 120:39 122:30 0:2"
	require.Len(t, got, 27)
	assert.Equal(t, digestKey, key{got[0].Dir, got[0].ID})
	assert.Equal(t, "cfb03d5dfb2e00ccca306bcaea954798", hex.EncodeToString(got[0].Bytes))
	assert.Equal(t, int64(0x18c), got[0].Offset, "digest entry points at the 0x0404 data")

	var seq []string
	for _, e := range got[1:] {
		assert.Equal(t, "IPTC2", e.Dir)
		seq = append(seq, itoa(int(e.ID))+":"+itoa(int(e.Count)))
	}
	assert.Equal(t, want, strings.Join(seq, " "))
	assert.Equal(t, int64(0x191), got[1].Offset, "2:04 data offset as exiftool -v3 shows")
	assert.Equal(t, []byte("A Genre (ref2019.1)"), got[1].Bytes)
	last := got[len(got)-1]
	assert.Equal(t, []byte{0x00, 0x04}, last.Bytes, "2:00 ApplicationRecordVersion")
	assert.Equal(t, int64(0x43a), last.Offset)
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

// TestCorpusFixtures decodes the generated corpus files copied into testdata/ and checks
// them against ExifTool 12.57's output (CurrentIPTCDigest, warnings, datasets).
func TestCorpusFixtures(t *testing.T) {
	tests := []struct {
		file     string
		digest   string // ExifTool CurrentIPTCDigest
		n        int    // IIM entries
		wantWarn []string
		check    func(t *testing.T, es []extract.RawEntry)
	}{
		{
			file: "gen-iptc-latin1-charset-esc-A.jpg", digest: "455335cfa50267b4f676a990dc2cc7da", n: 12,
			check: func(t *testing.T, es []extract.RawEntry) {
				cs := find(es, 1, 90)
				require.Len(t, cs, 1)
				assert.Equal(t, []byte("\x1b-A"), cs[0].Bytes)
				assert.Equal(t, []byte("Caf\xe9 M\xfcller"), find(es, 2, 5)[0].Bytes, "Latin-1 bytes kept as stored")
				assert.Len(t, find(es, 2, 25), 3)
			},
		},
		{
			file: "gen-iptc-latin1-no-charset.jpg", digest: "177af3a458ca7f5672c3e58a224f9d4e", n: 10,
			check: func(t *testing.T, es []extract.RawEntry) {
				assert.Empty(t, find(es, 1, 90))
				assert.Equal(t, []byte("Caf\xe9 M\xfcller"), find(es, 2, 5)[0].Bytes)
			},
		},
		{
			file: "gen-iptc-only-utf8-codedcharset.jpg", digest: "038b9275c7dc530f0c9028cc945a3d69", n: 18,
			check: func(t *testing.T, es []extract.RawEntry) {
				assert.Equal(t, []byte("\x1b%G"), find(es, 1, 90)[0].Bytes)
				var kw []string
				for _, e := range find(es, 2, 25) {
					kw = append(kw, string(e.Bytes))
				}
				assert.Equal(t, []string{"Bahnhof", "Zürich", "東京", "Ελλάδα"}, kw)
			},
		},
		{
			file: "gen-iptc-extended-length-dataset.jpg", digest: "a9871011f486fa84430055b8991209a4", n: 4,
			check: func(t *testing.T, es []extract.RawEntry) {
				c := find(es, 2, 120)
				require.Len(t, c, 1)
				assert.Greater(t, c[0].Count, uint32(32767))
				assert.True(t, strings.HasPrefix(string(c[0].Bytes), "A long caption."))
			},
		},
		{
			// One IRB split across two APP13 segments; app13IRB joins them as the JPEG walker does.
			file: "gen-iptc-split-across-two-app13.jpg", digest: "5d0060a26410663e2fd2bdefb92cb510", n: 1203,
			check: func(t *testing.T, es []extract.RawEntry) {
				kw := find(es, 2, 25)
				require.Len(t, kw, 1200)
				assert.True(t, strings.HasPrefix(string(kw[1199].Bytes), "keyword-1199-"))
				assert.Equal(t, "last record after the split ✓", string(find(es, 2, 120)[0].Bytes))
			},
		},
		{
			// An empty 0x0404 (the digest is MD5 of nothing), then a second 0x0404 whose
			// datasets ExifTool reports as group IPTC2 and the spec's expected output keeps.
			file: "gen-app13-empty-and-zero-length-datasets.jpg", digest: "d41d8cd98f00b204e9800998ecf8427e", n: 4,
			wantWarn: []string{"irb.multiple-iptc"},
			check: func(t *testing.T, es []extract.RawEntry) {
				kw := find(es, 2, 25)
				require.Len(t, kw, 2)
				assert.Empty(t, kw[0].Bytes)
				assert.Equal(t, "nonempty", string(kw[1].Bytes))
				assert.Equal(t, uint32(0), find(es, 2, 0)[0].Count)
			},
		},
		{
			file: "gen-iptc-bad-tag-marker.jpg", digest: "d5435031c161c2283fd3db8415665ab9", n: 2,
			wantWarn: []string{"iptc.bad-marker"}, // ExifTool: Bad IPTC data tag (marker 0x1d)
		},
		{
			file: "gen-iptc-huge-extended-length.jpg", digest: "09183ed1842ab7ef56d2893a7d88ebeb", n: 2,
			wantWarn: []string{"iptc.truncated"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			irb, off := app13IRB(t, readFixture(t, "testdata", tc.file))
			var ws extract.Warnings
			got := DecodeIRB(extract.Payload{Data: irb, Offset: off}, extract.Limits{}, &ws)
			require.NotEmpty(t, got)
			assert.Equal(t, tc.digest, hex.EncodeToString(got[0].Bytes))
			assert.Len(t, got[1:], tc.n)
			assert.Equal(t, tc.wantWarn, codes(&ws))
			if tc.check != nil {
				tc.check(t, got)
			}
		})
	}
}

func find(es []extract.RawEntry, rec uint8, id uint16) []extract.RawEntry {
	var out []extract.RawEntry
	for _, e := range es {
		if e.Source == schema.SourceIPTC && e.Record == rec && e.ID == id {
			out = append(out, e)
		}
	}
	return out
}

// TestSharedCorpusDigests decodes the IRB of every JPEG of the shared corpus and compares
// the digests with ExifTool's CurrentIPTCDigest and IPTCDigest. It skips when the corpus
// is absent.
func TestSharedCorpusDigests(t *testing.T) {
	corpus, answers := testcorpus.Dir(), testcorpus.Answers()
	if _, err := os.Stat(corpus); err != nil {
		t.Skip("shared corpus not available")
	}
	checked := 0
	err := filepath.WalkDir(corpus, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(corpus, path)
		ext := strings.ToLower(filepath.Ext(path))
		if ext != ".jpg" && ext != ".jpeg" {
			return nil
		}
		file, err := os.ReadFile(path)
		if err != nil || len(file) < 4 || file[0] != 0xFF || file[1] != 0xD8 {
			return nil
		}
		var want []map[string]any
		if b, err := os.ReadFile(filepath.Join(answers, rel+".G1n.json")); err != nil || json.Unmarshal(b, &want) != nil || len(want) != 1 {
			return nil
		}
		t.Run(rel, func(t *testing.T) {
			irb, off := app13IRB(t, file)
			var ws extract.Warnings
			got := DecodeIRB(extract.Payload{Data: irb, Offset: off}, extract.Limits{}, &ws)
			var current, stored string
			for _, e := range got {
				switch {
				case e.Source == schema.SourcePhotoshop && e.ID == extract.ResourceIPTC && current == "":
					current = hex.EncodeToString(e.Bytes)
				case e.Source == schema.SourcePhotoshop && e.ID == extract.ResourceIPTCDigest:
					stored = hex.EncodeToString(e.Bytes)
				}
			}
			wantCurrent, _ := want[0]["File:CurrentIPTCDigest"].(string)
			wantStored, _ := want[0]["Photoshop:IPTCDigest"].(string)
			assert.Equal(t, wantCurrent, current, "CurrentIPTCDigest")
			assert.Equal(t, wantStored, stored, "IPTCDigest")
		})
		checked++
		return nil
	})
	require.NoError(t, err)
	t.Logf("%d JPEG files checked", checked)
}

// TestConcurrentDecode runs both decoders on the same shared payload from many goroutines;
// run with -race.
func TestConcurrentDecode(t *testing.T) {
	iim := cat(ds(1, 90, []byte("\x1b%G")), dsExt(2, 120, 4, []byte("caption")), ds(2, 25, []byte("k")), []byte{0, 0})
	p := extract.Payload{Data: cat(res("8BIM", 0x0425, "", make([]byte, 16)), res("8BIM", 0x0404, "", iim)), Offset: 10}
	want := DecodeIRB(p, extract.Limits{}, nil)
	require.Len(t, want, 5)
	inner := extract.Payload{Data: p.Data[len(p.Data)-len(iim):], Offset: want[1].Offset}
	var wg sync.WaitGroup
	for range 16 {
		wg.Go(func() {
			for range 200 {
				var ws extract.Warnings
				assert.Equal(t, want, DecodeIRB(p, extract.Limits{}, &ws))
				assert.Empty(t, ws.List)
				assert.Equal(t, want[2:], Decode(inner, extract.Limits{}, &ws))
				assert.Empty(t, ws.List)
			}
		})
	}
	wg.Wait()
}
