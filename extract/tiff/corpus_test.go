package tiff

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/embedmeta/embedmeta/extract"
	"github.com/embedmeta/embedmeta/extract/exif"
	"github.com/embedmeta/embedmeta/internal/testcorpus"
)

var (
	corpusDir   = testcorpus.Dir()
	exiftoolDir = testcorpus.Answers()
)

// TestCorpus reads every TIFF-based file of the shared corpus (tiff/, raw/) and compares
// the facts with ExifTool 12.57's File:MIMEType and Composite:ImageSize.
func TestCorpus(t *testing.T) {
	if _, err := os.Stat(corpusDir); err != nil {
		t.Skip("shared corpus not present")
	}
	for _, folder := range []string{"tiff", "raw"} {
		files, _ := filepath.Glob(filepath.Join(corpusDir, folder, "*"))
		for _, path := range files {
			b, err := os.ReadFile(path)
			require.NoError(t, err)
			if !IsTIFF(b[:min(len(b), 512)]) {
				continue // e.g. CR3, an ISO-BMFF file
			}
			rel := folder + "/" + filepath.Base(path)
			t.Run(rel, func(t *testing.T) {
				f, err := os.Open(path)
				require.NoError(t, err)
				defer f.Close()
				ws := &extract.Warnings{}
				p, err := Locate(f, int64(len(b)), extract.Limits{}, ws)
				require.NoError(t, err)
				assert.Empty(t, ws.List)
				es := exif.Decode(p.EXIF[0], extract.Limits{}, ws)
				assert.NotEmpty(t, es)
				raw, err := os.ReadFile(filepath.Join(exiftoolDir, rel+".G1n.json"))
				if err != nil {
					return
				}
				var et []map[string]any
				require.NoError(t, json.Unmarshal(raw, &et))
				assert.Equal(t, et[0]["File:MIMEType"], p.Facts.MIME)
				if size, ok := et[0]["Composite:ImageSize"].(string); ok {
					var w, h int
					_, _ = fmt.Sscan(size, &w, &h)
					assert.Equal(t, [2]int{w, h}, [2]int{p.Facts.Width, p.Facts.Height})
				}
			})
		}
	}
}

// TestTestdata reads the redistributable fixtures copied into testdata/.
func TestTestdata(t *testing.T) {
	tests := []struct {
		file  string
		pages int // IFDs of the main chain
		iim   bool
	}{
		{"gen-tiff-iptc-long-type.tif", 1, true},
		{"gen-tiff-ii-two-pages.tif", 2, false},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join("testdata", tc.file))
			require.NoError(t, err)
			p, ws, err := locate(t, b)
			require.NoError(t, err)
			es := exif.Decode(p.EXIF[0], extract.Limits{}, ws)
			dirs := map[string]bool{}
			for _, e := range es {
				dirs[e.Dir] = true
			}
			assert.Equal(t, tc.pages == 2, dirs[extract.DirIFD1])
			assert.Equal(t, tc.iim, len(p.IRB) == 1)
			assert.Empty(t, ws.List)
		})
	}
}
