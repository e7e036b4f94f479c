package embedmeta_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/embedmeta/embedmeta"
)

// TestAppendRecord: the record the CLI prints and pipelines store, written by the library:
// members in order, "file" left out when empty (the service's answer), the metadata and
// facts left out beside an error, warnings beside both; -G and -t/-x through the options.
func TestAppendRecord(t *testing.T) {
	md, err := embedmeta.ExtractFile("testdata/IPTC-PhotometadataRef-Std2019.1.jpg")
	require.NoError(t, err)
	js, _ := md.MarshalJSON()
	yes := true
	md.Facts = embedmeta.Facts{FileType: "image", MIME: "image/jpeg", Width: 3, Height: 2, HasAlpha: &yes}
	md.Warnings = []embedmeta.Warning{{Code: "jpeg.x", Msg: "m"}}
	w := `"warnings":["` + md.Warnings[0].String() + `"]`

	got := embedmeta.AppendRecord([]byte("x"), "a.jpg", md, nil, embedmeta.RecordOptions{Facts: true})
	assert.Equal(t, `x{"file":"a.jpg","embeddedMetadata":`+string(js)+
		`,"facts":{"fileType":"image","mime":"image/jpeg","width":3,"height":2,"hasAlpha":true},`+w+`}`, string(got))

	got = embedmeta.AppendRecord(nil, "", md, nil, embedmeta.RecordOptions{})
	assert.Equal(t, `{"embeddedMetadata":`+string(js)+`,`+w+`}`, string(got), "no file member")

	got = embedmeta.AppendRecord(nil, "b\".txt", nil, errors.New("unsupported"), embedmeta.RecordOptions{Facts: true})
	assert.Equal(t, `{"file":"b\".txt","error":"unsupported"}`, string(got))

	got = embedmeta.AppendRecord(nil, "c.jpg", md, errors.New("bad"), embedmeta.RecordOptions{})
	assert.Equal(t, `{"file":"c.jpg",`+w+`,"error":"bad"}`, string(got))

	keep := func(f embedmeta.Field) bool { return f.Key == "City" || f.Key == "ExifVersion" }
	got = embedmeta.AppendRecord(nil, "d.jpg", md, nil, embedmeta.RecordOptions{Groups: true, Keep: keep})
	assert.True(t, strings.HasPrefix(string(got), `{"file":"d.jpg","embeddedMetadata":{"EXIF:ExifVersion":"0232","XMP:City":"City (Core) (ref2019.1)"}`), string(got))
	var m map[string]any
	require.NoError(t, json.Unmarshal(got, &m))

	assert.Equal(t, "{}", string((*embedmeta.Metadata)(nil).AppendJSON(nil, embedmeta.RecordOptions{})))
	assert.Equal(t, string(js), string(md.AppendJSON(nil, embedmeta.RecordOptions{})))
	assert.GreaterOrEqual(t, embedmeta.RecordSize("a.jpg", md), len(js))
}

// TestRecordFactsAsJSONTags: the record's facts member names the facts as Facts' JSON tags
// do, leaving out what is unknown.
func TestRecordFactsAsJSONTags(t *testing.T) {
	yes := true
	for _, f := range []embedmeta.Facts{{}, {FileType: "image", MIME: "image/png", Width: 3, Height: 2, HasAlpha: &yes},
		{FileType: "image", MIME: "video/mp4", Duration: 1.5, BitRate: 800, VideoCodec: "avc1", AudioCodec: "mp4a"}} {
		md := &embedmeta.Metadata{Facts: f}
		rec := embedmeta.AppendRecord(nil, "", md, nil, embedmeta.RecordOptions{Facts: true})
		var got struct {
			Facts json.RawMessage `json:"facts"`
		}
		require.NoError(t, json.Unmarshal(rec, &got))
		want, err := json.Marshal(f)
		require.NoError(t, err)
		assert.JSONEq(t, string(want), string(got.Facts))
	}
}

func TestVersion(t *testing.T) {
	assert.NotEmpty(t, embedmeta.Version())
}
