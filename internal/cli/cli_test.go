package cli

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/embedmeta/embedmeta"
)

func TestAppendFacts(t *testing.T) {
	yes := true
	for _, tc := range []struct {
		name  string
		facts embedmeta.Facts
		want  string
	}{
		{"nothing known", embedmeta.Facts{}, `{}`},
		{"image", embedmeta.Facts{FileType: "image", MIME: "image/png", Width: 3, Height: 2, HasAlpha: &yes},
			`{"fileType":"image","mime":"image/png","width":3,"height":2,"hasAlpha":true}`},
		{"video", embedmeta.Facts{FileType: "image", MIME: "video/mp4", Duration: 1.5, BitRate: 800, VideoCodec: "avc1", AudioCodec: "mp4a"},
			`{"fileType":"image","mime":"video/mp4","duration":1.5,"bitRate":800,"videoCodec":"avc1","audioCodec":"mp4a"}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := AppendFacts([]byte("x"), tc.facts)
			assert.Equal(t, "x"+tc.want, string(got))
			// The library's own JSON names the members alike.
			js, err := json.Marshal(tc.facts)
			require.NoError(t, err)
			assert.JSONEq(t, string(js), tc.want)
		})
	}
}

func TestAppendWarnings(t *testing.T) {
	assert.Equal(t, `{"a":1`, string(AppendWarnings([]byte(`{"a":1`), nil)), "none: nothing appended")
	ws := []embedmeta.Warning{{Code: "exif.ifd-loop", Offset: 8, Msg: "IFD1 points to IFD0"}, {Code: "xmp.bad", Offset: -1, Msg: `a "quote"`}}
	got := string(AppendWarnings([]byte(`{"a":1`), ws)) + "}"
	var m struct{ Warnings []string }
	require.NoError(t, json.Unmarshal([]byte(got), &m), got)
	assert.Equal(t, []string{ws[0].String(), ws[1].String()}, m.Warnings)
}

func TestVersion(t *testing.T) {
	assert.Equal(t, "dev", Version(), "a test binary records no module version")
	version = "v9.9.9"
	defer func() { version = "" }()
	assert.Equal(t, "v9.9.9", Version(), "-ldflags -X wins")
}
