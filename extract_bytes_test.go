package embedmeta_test

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/embedmeta/embedmeta"
	"github.com/embedmeta/embedmeta/internal/testcorpus"
)

// bytesInputs lists the reference image, the corrupt fixtures and, when present, every
// file of the shared corpus.
func bytesInputs(t *testing.T) []string {
	t.Helper()
	paths := []string{"testdata/IPTC-PhotometadataRef-Std2019.1.jpg"}
	for _, dir := range []string{"testdata/corrupt", testcorpus.Dir()} {
		_ = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err == nil && d.Type().IsRegular() {
				paths = append(paths, path)
			}
			return nil
		})
	}
	return paths
}

// TestExtractBytesMatchesExtract requires ExtractBytes (payloads sliced from the input) to
// give exactly what Extract over a bytes.Reader (payloads copied) gives, to leave its input
// untouched, and to return Metadata that does not change when the input is overwritten.
func TestExtractBytesMatchesExtract(t *testing.T) {
	for _, path := range bytesInputs(t) {
		data, err := os.ReadFile(path)
		if err != nil {
			continue
		}
		t.Run(path, func(t *testing.T) {
			// A small read budget must run out at the same point either way.
			tight := embedmeta.WithLimits(embedmeta.Limits{MaxTotalRead: 3000})
			w, werr := embedmeta.Extract(bytes.NewReader(data), int64(len(data)), tight)
			g, gerr := embedmeta.ExtractBytes(data, tight)
			require.Equal(t, werr, gerr)
			if w != nil && g != nil {
				require.Equal(t, w.Warnings, g.Warnings)
				require.Equal(t, w.Fields(), g.Fields())
			}

			want, wantErr := embedmeta.Extract(bytes.NewReader(data), int64(len(data)))
			in := bytes.Clone(data)
			got, gotErr := embedmeta.ExtractBytes(in)
			require.Equal(t, wantErr, gotErr)
			require.Equal(t, data, in, "input modified")
			if want == nil {
				assert.Nil(t, got)
				return
			}
			require.NotNil(t, got)
			wantJSON, _ := want.MarshalJSON()
			gotJSON, _ := got.MarshalJSON()
			require.Equal(t, string(wantJSON), string(gotJSON))
			require.Equal(t, want.Warnings, got.Warnings)
			require.Equal(t, want.Facts, got.Facts)
			require.Equal(t, want.Format, got.Format)

			clear(in)
			afterJSON, _ := got.MarshalJSON()
			assert.Equal(t, string(gotJSON), string(afterJSON), "metadata refers to the input")
		})
	}
}

func TestExtractBytesEdgeCases(t *testing.T) {
	t.Run("nil", func(t *testing.T) {
		_, err := embedmeta.ExtractBytes(nil)
		assert.ErrorIs(t, err, embedmeta.ErrUnsupportedFormat)
	})
	t.Run("options apply", func(t *testing.T) {
		data, err := os.ReadFile("testdata/IPTC-PhotometadataRef-Std2019.1.jpg")
		require.NoError(t, err)
		md, err := embedmeta.ExtractBytes(data, embedmeta.WithSources(embedmeta.SourceEXIF))
		require.NoError(t, err)
		_, ok := md.Get("Headline")
		assert.False(t, ok, "IPTC excluded")
		_, ok = md.Get("ImageDescription")
		assert.True(t, ok)
	})
	t.Run("read limit applies", func(t *testing.T) {
		data, err := os.ReadFile("testdata/IPTC-PhotometadataRef-Std2019.1.jpg")
		require.NoError(t, err)
		lim := embedmeta.Limits{MaxTotalRead: 4096}
		want, wantErr := embedmeta.Extract(bytes.NewReader(data), int64(len(data)), embedmeta.WithLimits(lim))
		got, gotErr := embedmeta.ExtractBytes(data, embedmeta.WithLimits(lim))
		require.Equal(t, wantErr, gotErr)
		assert.Equal(t, want.Warnings, got.Warnings)
		assert.Equal(t, want.Len(), got.Len())
	})
}

// TestOptionFunctions: WithRawValues and WithSidecar set what the CLI sets through Options.
func TestOptionFunctions(t *testing.T) {
	data, err := os.ReadFile("testdata/IPTC-PhotometadataRef-Std2019.1.jpg")
	require.NoError(t, err)
	md, err := embedmeta.ExtractBytes(data, embedmeta.WithRawValues())
	require.NoError(t, err)
	v, ok := md.Int("ResolutionUnit")
	assert.True(t, ok)
	assert.EqualValues(t, 2, v, "the stored code, not \"inches\"")

	dir := t.TempDir()
	photo := filepath.Join(dir, "photo.jpg")
	require.NoError(t, os.WriteFile(photo, data, 0o644))
	sidecar := `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">` +
		`<rdf:Description xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmp:Label="From the sidecar"/></rdf:RDF></x:xmpmeta>`
	require.NoError(t, os.WriteFile(filepath.Join(dir, "photo.xmp"), []byte(sidecar), 0o644))
	md, err = embedmeta.ExtractFile(photo, embedmeta.WithSidecar())
	require.NoError(t, err)
	label, _ := md.String("Label")
	assert.Equal(t, "From the sidecar", label)
	md, err = embedmeta.ExtractFile(photo)
	require.NoError(t, err)
	_, ok = md.Get("Label")
	assert.False(t, ok, "without the option the sidecar is not read")
}
