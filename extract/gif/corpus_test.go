package gif

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/embedmeta/embedmeta/extract"
	"github.com/embedmeta/embedmeta/internal/testcorpus"
)

// TestFixtures checks the corpus files copied into testdata: the packet is whole, from
// "<?xpacket begin" to the end processing instruction, without the magic trailer.
func TestFixtures(t *testing.T) {
	tests := []struct {
		file     string
		w, h     int
		duration float64
	}{
		{"gen-gif-animated-xmp.gif", 32, 24, 0.6},
		{"gen-gif-xmp-comment.gif", 64, 48, 0},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join("testdata", tc.file))
			require.NoError(t, err)
			p, warns, err := locate(b, extract.Limits{})
			require.NoError(t, err)
			assert.Empty(t, warns)
			require.Len(t, p.XMP, 1)
			x := bytes.TrimRight(p.XMP[0].Data, "\r\n\t ")
			assert.True(t, bytes.HasPrefix(x, []byte("<?xpacket begin")))
			assert.True(t, bytes.HasSuffix(x, []byte("<?xpacket end='w'?>")), "ends %q", x[max(0, len(x)-30):])
			assert.Equal(t, tc.w, p.Facts.Width)
			assert.Equal(t, tc.h, p.Facts.Height)
			assert.InDelta(t, tc.duration, p.Facts.Duration, 1e-9)
		})
	}
}

// TestCorpus walks every GIF of the shared corpus: no error, bounded time, an XMP packet
// wherever ExifTool found XMP tags.
func TestCorpus(t *testing.T) {
	for _, f := range testcorpus.Files(t, IsGIF) {
		t.Run(f.Name, func(t *testing.T) {
			start := time.Now()
			p, warns, err := locate(f.Data, extract.Limits{})
			assert.Less(t, time.Since(start), testcorpus.HangGuard)
			require.NoError(t, err)
			assert.Empty(t, warns)
			if _, xmp, _ := f.Found(); xmp {
				assert.NotEmpty(t, p.XMP, "ExifTool found XMP tags")
			}
		})
	}
}
