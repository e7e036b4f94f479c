package embedmeta_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/embedmeta/embedmeta"
)

// TestJPEGTrailerGolden: IPTC-IIM in a JPEG's AFCP and FotoStation trailers (S1). The goldens
// are the CLI's output, compared key by key with ExifTool 12.57's IPTC2 group for the same
// files: every ExifTool key is there with its value, except
//   - FotoStation.jpg: ObjectPreviewFileFormat (2:200) and ObjectPreviewFileVersion (2:201)
//     are int16u datasets holding the text "Custom Field 01"/"02", which is no integer
//     (T1: the kind is the schema's; ExifTool prints the text); ObjectPreviewData (2:202)
//     is binary (S5);
//
// and the keys are the spec's rather than ExifTool's where the rules say so: the aliases
// Caption, Country, State and Writer (A), DateCreated as a date (D).
func TestJPEGTrailerGolden(t *testing.T) {
	for _, file := range []string{"AFCP.jpg", "FotoStation.jpg"} {
		t.Run(file, func(t *testing.T) {
			path := filepath.Join("testdata", "formats", "jpeg-trailer", file)
			md, err := embedmeta.ExtractFile(path)
			require.NoError(t, err)
			js, err := md.MarshalJSON()
			require.NoError(t, err)
			golden, err := os.ReadFile(path + ".json")
			require.NoError(t, err)
			assert.Equal(t, string(golden), string(js)+"\n")
			assert.Empty(t, md.Warnings)
		})
	}
}

// TestTeeTrailers: a Tee does not wait for a JPEG's trailers unless Limits.MaxTrailer asks
// for them; then it reads what ExtractBytes reads.
func TestTeeTrailers(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "formats", "jpeg-trailer", "AFCP.jpg"))
	require.NoError(t, err)
	want, err := embedmeta.ExtractBytes(data)
	require.NoError(t, err)
	require.NotZero(t, want.Len())
	tee := func(opts ...embedmeta.Option) *embedmeta.Metadata {
		tee := embedmeta.NewTee(context.Background(), &bytes.Buffer{}, opts...)
		_, err := tee.Write(data)
		require.NoError(t, err)
		require.NoError(t, tee.Close())
		md, err := tee.Metadata()
		require.NoError(t, err)
		return md
	}
	assert.Zero(t, tee().Len(), "a Tee reads no trailer by default")
	got := tee(embedmeta.WithLimits(embedmeta.Limits{MaxTrailer: 64 << 10}))
	wj, _ := want.MarshalJSON()
	gj, _ := got.MarshalJSON()
	assert.Equal(t, string(wj), string(gj))
}
