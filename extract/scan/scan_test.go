package scan

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/embedmeta/embedmeta/extract"
	"github.com/embedmeta/embedmeta/extract/xmp"
	"github.com/embedmeta/embedmeta/schema"
)

// TestDetect: the container is recognised by its leading bytes, whatever the file's name.
func TestDetect(t *testing.T) {
	tests := []struct {
		head string
		want string // "" for none
	}{
		{"\xFF\xD8\xFF\xE1", "jpeg"},
		{"\x89PNG\r\n\x1a\n", "png"},
		{"II*\x00\x08\x00\x00\x00", "tiff"},
		{"MM\x00*\x00\x00\x00\x08", "tiff"},
		{"GIF89a", "gif"},
		{"plain text, not an image", ""},
		{"", ""},
	}
	for _, tc := range tests {
		f, ok := detect([]byte(tc.head))
		if tc.want == "" {
			assert.False(t, ok, "%q detected as %s", tc.head, f.name)
			continue
		}
		require.True(t, ok, "%q", tc.head)
		assert.Equal(t, tc.want, f.name, "%q", tc.head)
	}
	names := map[string]bool{}
	for _, f := range formats {
		assert.False(t, names[f.name], "format %s listed twice", f.name)
		names[f.name] = true
		assert.NotNil(t, f.detect, f.name)
		assert.NotNil(t, f.locate, f.name)
	}
}

// TestRead: the reference image gives EXIF, IIM and XMP entries in that order, its facts,
// and no warning; a Scratch gives the same Result; unrecognised bytes are
// ErrUnsupportedFormat with nothing read.
func TestRead(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "IPTC-PhotometadataRef-Std2019.1.jpg"))
	require.NoError(t, err)
	var j Job
	res, err := j.Read(bytes.NewReader(b), int64(len(b)))
	require.NoError(t, err)
	assert.Equal(t, "jpeg", res.Format)
	assert.Empty(t, j.Warnings.List)
	assert.Equal(t, "image/jpeg", res.Facts.MIME)
	var order []schema.Source
	for _, e := range res.Entries {
		if len(order) == 0 || order[len(order)-1] != e.Source {
			order = append(order, e.Source)
		}
	}
	assert.Equal(t, schema.SourceEXIF, order[0])
	assert.Contains(t, order, schema.SourceIPTC)
	assert.Equal(t, schema.SourceXMP, order[len(order)-1])

	var sc Scratch
	for range 2 { // a reused Scratch gives the same answer
		j.Init(extract.Limits{}, 0, &sc)
		got, err := j.Read(bytes.NewReader(b), int64(len(b)))
		require.NoError(t, err)
		assert.Equal(t, len(res.Entries), len(got.Entries))
		for i := range res.Entries {
			assert.Equal(t, res.Entries[i].Source, got.Entries[i].Source)
			assert.Equal(t, res.Entries[i].ID, got.Entries[i].ID)
		}
		sc.Release()
	}

	j.Init(extract.Limits{}, 0, nil)
	_, err = j.Read(bytes.NewReader([]byte("not an image at all")), 19)
	assert.True(t, errors.Is(err, extract.ErrUnsupportedFormat), "%v", err)
}

// TestJobSources: a Job decodes only the payloads of its sources (IIM with the Photoshop
// resources around it), and its limits are resolved once.
func TestJobSources(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "IPTC-PhotometadataRef-Std2019.1.jpg"))
	require.NoError(t, err)
	all := []schema.Source{schema.SourceEXIF, schema.SourceIPTC, schema.SourceXMP}
	for _, tc := range []struct {
		only    schema.SourceSet
		want    []schema.Source // present
		allowed schema.SourceSet
	}{
		{0, all, schema.SetOf(append(all, schema.SourcePhotoshop)...)},
		{schema.SetOf(schema.SourceEXIF), all[:1], schema.SetOf(schema.SourceEXIF)},
		{schema.SetOf(schema.SourceIPTC), all[1:2], schema.SetOf(schema.SourceIPTC, schema.SourcePhotoshop)},
		{schema.SetOf(schema.SourceXMP), all[2:], schema.SetOf(schema.SourceXMP)},
		{schema.SetOf(schema.SourceEXIF, schema.SourceXMP), []schema.Source{schema.SourceEXIF, schema.SourceXMP}, schema.SetOf(schema.SourceEXIF, schema.SourceXMP)},
	} {
		var j Job
		j.Init(extract.Limits{MaxDepth: 7}, tc.only, nil)
		assert.Equal(t, 7, j.Limits().MaxDepth)
		assert.Equal(t, extract.DefaultLimits().MaxWarnings, j.Limits().MaxWarnings)
		res, err := j.Read(bytes.NewReader(b), int64(len(b)))
		require.NoError(t, err)
		seen := map[schema.Source]bool{}
		for _, e := range res.Entries {
			assert.True(t, tc.allowed.Has(e.Source), "sources %b: an entry of %v", tc.only, e.Source)
			seen[e.Source] = true
		}
		for _, s := range tc.want {
			assert.True(t, seen[s], "sources %b: no entry of %v", tc.only, s)
		}
	}
}

// TestEntriesSizedOnce: decode makes room for the XMP decoder's guess too
// (xmp.EstimateEntries), and the XMP decoder uses that room instead of counting the packet
// again and copying the EXIF and IIM entries into a larger array: the IPTC reference
// image's 271 entries sit in an array of at most twice their number (597 when the XMP
// decoder grew it again).
func TestEntriesSizedOnce(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "IPTC-PhotometadataRef-Std2019.1.jpg"))
	require.NoError(t, err)
	var j Job
	r, err := j.Read(bytes.NewReader(b), int64(len(b)))
	require.NoError(t, err)
	require.NotEmpty(t, r.Entries)
	assert.LessOrEqual(t, cap(r.Entries), 2*len(r.Entries))
}

// TestEstimateOfManyPackets: the guess for many XMP packets together is capped as one
// packet's is. A file of a hundred small packets of little but '=' reserved the 100,000
// entries of Limits.MaxEntries (19 MB) before (review finding).
func TestEstimateOfManyPackets(t *testing.T) {
	packet := []byte(`<x:xmpmeta xmlns:x="adobe:ns:meta/"><!--` + strings.Repeat("=", 2100) + `--></x:xmpmeta>`)
	var p extract.Payloads
	for range 100 {
		p.XMP = append(p.XMP, extract.Payload{Data: packet})
	}
	if n := estimateEntries(p, extract.DefaultLimits()); n > xmp.MaxEstimate {
		t.Errorf("estimate for 100 packets: %d entries, want at most %d", n, xmp.MaxEstimate)
	}
}
