package serve

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	_ "gocloud.dev/blob/s3blob"

	"github.com/embedmeta/embedmeta"
	"github.com/embedmeta/embedmeta/internal/s3test"
)

// TestServeObject: ?object= reads a stored object of an allowed bucket by ranged requests
// (an S3 API server on loopback) and answers what an upload of the same bytes gets; any
// other address is refused (403) — another bucket, an http(s) or file URL, a URL with a
// query that could redirect the store (endpoint=) — so that a client cannot make the
// service fetch what it chooses.
func TestServeObject(t *testing.T) {
	ref := refJPEG(t)
	s3test.Start(t, "photos", map[string][]byte{"a/ref.jpg": ref, "notes.txt": []byte("not an image")})

	cfg := defaultServe()
	require.NoError(t, cfg.allowBuckets.Set("s3://photos"))
	base, _ := startServer(t, cfg)
	obj := func(u string) (int, map[string]json.RawMessage) {
		return post(t, base+"/v1/extract?facts=1&object="+url.QueryEscape(u), nil)
	}

	status, m := obj("s3://photos/a/ref.jpg")
	require.Equal(t, http.StatusOK, status, string(m["error"]))
	md, err := embedmeta.ExtractBytes(ref)
	require.NoError(t, err)
	want, _ := md.MarshalJSON()
	assert.JSONEq(t, string(want), string(m["embeddedMetadata"]))
	assert.Contains(t, string(m["facts"]), `"mime":"image/jpeg"`)

	status, _ = obj("s3://photos/a/missing.jpg")
	assert.Equal(t, http.StatusNotFound, status)
	status, _ = obj("s3://photos/notes.txt")
	assert.Equal(t, http.StatusUnsupportedMediaType, status)
	for _, u := range []string{"s3://private/secret.jpg", "http://127.0.0.1:1/x.jpg", "file:///etc/passwd",
		"s3://photos/a/ref.jpg?endpoint=http://169.254.169.254", "s3://user@photos/a/ref.jpg", "s3://photos", "photos/a/ref.jpg"} {
		status, m = obj(u)
		assert.Equal(t, http.StatusForbidden, status, u)
		assert.Contains(t, string(m["error"]), "allow-bucket", u)
	}
	status, _ = post(t, base+"/v1/extract?object="+url.QueryEscape("s3://photos/a/ref.jpg"), strings.NewReader("body"))
	assert.Equal(t, http.StatusBadRequest, status, "a body with ?object=")

	// Without -allow-bucket, every object is refused.
	base2, _ := startServer(t, defaultServe())
	status, _ = post(t, base2+"/v1/extract?object="+url.QueryEscape("s3://photos/a/ref.jpg"), nil)
	assert.Equal(t, http.StatusForbidden, status)

}

// TestAllowBucketFlag: -allow-bucket takes bucket URLs only.
func TestAllowBucketFlag(t *testing.T) {
	var l bucketList
	require.NoError(t, l.Set("s3://a,gs://b?region=x"))
	assert.Equal(t, bucketList{"s3://a", "gs://b?region=x"}, l)
	for _, bad := range []string{"https://example.com", "file:///data", "s3://a/prefix", "photos", "s3://"} {
		assert.Error(t, l.Set(bad), bad)
	}
}
