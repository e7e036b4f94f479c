package jpeg

import (
	"bytes"
	"encoding/binary"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/embedmeta/embedmeta/extract"
	"github.com/embedmeta/embedmeta/internal/testcorpus"
)

// TestLocateReference checks the payloads of the IPTC 2019.1 reference image.
func TestLocateReference(t *testing.T) {
	f, err := os.Open("testdata/IPTC-PhotometadataRef-Std2019.1.jpg")
	require.NoError(t, err)
	defer f.Close()
	st, err := f.Stat()
	require.NoError(t, err)
	var ws extract.Warnings
	p, err := Locate(f, st.Size(), extract.Limits{}, &ws)
	require.NoError(t, err)
	assert.Empty(t, ws.List)
	require.Len(t, p.EXIF, 1)
	require.Len(t, p.XMP, 1)
	require.Len(t, p.IRB, 1)
	assert.Equal(t, int64(12), p.EXIF[0].Offset)
	assert.True(t, bytes.HasPrefix(p.EXIF[0].Data, []byte("MM\x00*")))
	assert.True(t, bytes.HasPrefix(p.IRB[0].Data, []byte("8BIM")))
	assert.Contains(t, string(p.XMP[0].Data), "<x:xmpmeta")
}

// corpus returns the shared corpus root, or skips.
func corpus(t *testing.T) string {
	root := testcorpus.Dir()
	if _, err := os.Stat(root); err != nil {
		t.Skip("shared corpus not present")
	}
	return root
}

// TestCorpusSplitIRB: the IRB split over two APP13 segments comes out as one block whose
// 8BIM resources parse to its end, as ExifTool reads it.
func TestCorpusSplitIRB(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(corpus(t), "jpeg/iptc/gen-iptc-split-across-two-app13.jpg"))
	require.NoError(t, err)
	p, _, err := locate(b, extract.Limits{})
	require.NoError(t, err)
	require.Len(t, p.IRB, 1)
	d := p.IRB[0].Data
	assert.Greater(t, len(d), 65533, "joined data is longer than one segment")
	// Walk the resources: signature, id, padded Pascal name, size, padded data.
	for len(d) >= 12 {
		require.Equal(t, "8BIM", string(d[:4]))
		nameLen := int(d[6]) + 1
		nameLen += nameLen & 1
		size := int(binary.BigEndian.Uint32(d[6+nameLen:]))
		end := 6 + nameLen + 4 + size + size&1
		require.LessOrEqual(t, end, len(d))
		d = d[end:]
	}
	assert.Empty(t, d)
}

// TestCorpusExtendedXMP: the corpus files with Extended XMP join (or refuse) as ExifTool does.
func TestCorpusExtendedXMP(t *testing.T) {
	root := corpus(t)
	tests := []struct {
		file     string
		wantXMP  int
		wantWarn []string
	}{
		{"jpeg/extended-xmp/exiftool-ExtendedXMP.jpg", 2, nil},
		{"jpeg/extended-xmp/gen-extended-xmp.jpg", 2, nil},
		{"jpeg/extended-xmp/gen-extended-xmp-chunks-reversed.jpg", 2, nil},
		{"malformed/gen-extended-xmp-guid-mismatch.jpg", 1, []string{WarnExtUnreferred}},
		{"malformed/gen-extended-xmp-overlapping-chunks.jpg", 1, []string{WarnExtIncomplete}},
		{"malformed/gen-extended-xmp-bogus-lengths.jpg", 1, []string{WarnExtSize}},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join(root, tc.file))
			require.NoError(t, err)
			p, warns, err := locate(b, extract.Limits{})
			require.NoError(t, err)
			assert.Len(t, p.XMP, tc.wantXMP)
			for _, w := range tc.wantWarn {
				assert.Contains(t, warns, w)
			}
		})
	}
}

// TestCorpus walks every corpus file that starts with SOI: no error, bounded time, and an
// Exif payload wherever ExifTool found EXIF tags.
func TestCorpus(t *testing.T) {
	root := corpus(t)
	_ = filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil || !bytes.HasPrefix(b, []byte{0xFF, 0xD8}) {
			return nil
		}
		name := strings.TrimPrefix(path, root+"/")
		t.Run(name, func(t *testing.T) {
			start := time.Now()
			p, _, err := locate(b, extract.Limits{})
			assert.Less(t, time.Since(start), testcorpus.HangGuard)
			require.NoError(t, err)
			ref, err := os.ReadFile(filepath.Join(root, "../corpus-exiftool", name+".G1n.json"))
			if err == nil && bytes.Contains(ref, []byte(`"IFD0:`)) {
				assert.NotEmpty(t, p.EXIF, "ExifTool found IFD0 tags")
			}
			if err == nil && bytes.Contains(ref, []byte(`"XMP-`)) {
				assert.NotEmpty(t, p.XMP, "ExifTool found XMP tags")
			}
		})
		return nil
	})
}
