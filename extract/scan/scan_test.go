package scan

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/embedmeta/embedmeta/extract"
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
	res, err := Read(bytes.NewReader(b), int64(len(b)), extract.Limits{})
	require.NoError(t, err)
	assert.Equal(t, "jpeg", res.Format)
	assert.Empty(t, res.Warnings)
	assert.Equal(t, "image/jpeg", res.Facts.MIME)
	var order []extract.Source
	for _, e := range res.Entries {
		if len(order) == 0 || order[len(order)-1] != e.Source {
			order = append(order, e.Source)
		}
	}
	assert.Equal(t, extract.SourceEXIF, order[0])
	assert.Contains(t, order, extract.SourceIPTC)
	assert.Equal(t, extract.SourceXMP, order[len(order)-1])

	var sc Scratch
	for range 2 { // a reused Scratch gives the same answer
		got, err := sc.Read(bytes.NewReader(b), int64(len(b)), extract.Limits{})
		require.NoError(t, err)
		assert.Equal(t, len(res.Entries), len(got.Entries))
		for i := range res.Entries {
			assert.Equal(t, res.Entries[i].Source, got.Entries[i].Source)
			assert.Equal(t, res.Entries[i].ID, got.Entries[i].ID)
		}
		sc.Release()
	}

	_, err = Read(bytes.NewReader([]byte("not an image at all")), 19, extract.Limits{})
	assert.True(t, errors.Is(err, extract.ErrUnsupportedFormat), "%v", err)
}
