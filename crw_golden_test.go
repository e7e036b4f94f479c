package embedmeta_test

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/embedmeta/embedmeta"
)

// TestCRWGolden: a Canon CRW gives its facts (ExifTool 12.57: MIMEType image/x-canon-crw,
// CanonRaw:ImageWidth/ImageHeight 3072x2048) and the XMP of its Canon VRD trailer. Compared
// key by key with ExifTool's EXIF/IPTC/XMP groups: XMP-dc:Description is the one key;
// XMP-x:XMPToolkit is out (S6a). ExifTool's 43 CanonRaw tags (and the Canon maker-note tags
// it decodes from CIFF records) are maker notes, out of scope (S1, S5).
func TestCRWGolden(t *testing.T) {
	path := filepath.Join("testdata", "formats", "crw", "CanonRaw.crw")
	md, err := embedmeta.ExtractFile(path)
	require.NoError(t, err)
	js, err := md.MarshalJSON()
	require.NoError(t, err)
	compareGolden(t, path+".json", append(js, '\n'), true)
	no := false
	assert.Equal(t, embedmeta.Facts{FileType: "image", MIME: "image/x-canon-crw", Width: 3072, Height: 2048, HasAlpha: &no}, md.Facts)
	assert.Empty(t, md.Warnings)
	assert.Equal(t, "crw", md.Format)
}
