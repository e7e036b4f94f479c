package embedmeta_test

import (
	"encoding/json"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/embedmeta/embedmeta"
)

// TestCorruptFixtures: every hostile fixture of testdata/corrupt/ (named for its cause) gives
// a partial result with the expected warning, within bounded time and memory.
func TestCorruptFixtures(t *testing.T) {
	tests := []struct {
		file     string
		wantWarn string // a warning code that must be reported
		wantJSON string // the embeddedMetadata that survives
	}{
		{"exif-count-512mib.jpg", "exif.count-out-of-range", `{}`},
		{"exif-ifd0-next-is-ifd0.jpg", "exif.ifd-loop", `{"Software":"Sos"}`},
		{"exif-subifd-points-to-ifd0.jpg", "exif.ifd-loop", `{"Software":"Sos"}`},
		{"iptc-extended-length-4gib.jpg", "iptc.truncated", `{"ObjectName":"Name"}`},
		{"jpeg-app1-length-past-eof.jpg", "jpeg.truncated-segment", `{}`},
		{"xmp-billion-laughs.jpg", "xmp.undefined-entity", `{"Format":"&lol9;"}`},
		{"xmp-nested-1500-levels.jpg", "xmp.too-deep", `{"Ok":"kept"}`},
		{"jpeg-1000-empty-app1.jpg", "", `{"Format":"image/jpeg"}`},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			var before, after runtimeMem
			start := time.Now()
			before.read()
			md, err := embedmeta.ExtractFile(filepath.Join("testdata", "corrupt", tc.file))
			after.read()
			require.NoError(t, err)
			assert.Less(t, time.Since(start), hangGuard)
			assert.Less(t, after.total-before.total, uint64(heapBudget))
			js, _ := md.MarshalJSON()
			assert.True(t, json.Valid(js))
			assert.Equal(t, tc.wantJSON, string(js))
			if tc.wantWarn != "" {
				var codes []string
				for _, w := range md.Warnings {
					codes = append(codes, w.Code)
				}
				assert.Contains(t, codes, tc.wantWarn)
			}
		})
	}
}
