package serve

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	_ "gocloud.dev/blob/s3blob"

	"github.com/embedmeta/embedmeta/internal/s3test"
)

// specPath is the service's OpenAPI description.
const specPath = "../../docs/openapi.yaml"

// loadSpec loads docs/openapi.yaml and checks that it is a valid OpenAPI document.
func loadSpec(t *testing.T) *openapi3.T {
	t.Helper()
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromFile(specPath)
	require.NoError(t, err)
	require.NoError(t, doc.Validate(loader.Context), "docs/openapi.yaml is not a valid OpenAPI document")
	return doc
}

// specResponse finds what the spec documents for req answered with status: the operation's
// response, or for an undocumented path the NotFound component and for an undocumented
// method of a documented path the MethodNotAllowed component (the spec's description says
// so: no operation can list them). key names the answer in coverage ("GET /healthz 200").
func specResponse(doc *openapi3.T, req *http.Request, status int) (op *openapi3.Operation, key string, err error) {
	path := req.URL.Path
	item := doc.Paths.Value(path)
	var generic string
	switch {
	case item == nil:
		generic = "NotFound"
	case item.GetOperation(req.Method) == nil:
		generic = "MethodNotAllowed"
	default:
		op = item.GetOperation(req.Method)
		key = fmt.Sprintf("%s %s %d", req.Method, path, status)
		if op.Responses.Status(status) == nil {
			return nil, key, fmt.Errorf("status %d is not documented for %s %s", status, req.Method, path)
		}
		return op, key, nil
	}
	want := map[string]int{"NotFound": http.StatusNotFound, "MethodNotAllowed": http.StatusMethodNotAllowed}[generic]
	key = fmt.Sprintf("%s %d", generic, status)
	if status != want {
		return nil, key, fmt.Errorf("%s %s is not in the spec (%s): its answer must be %d, got %d", req.Method, path, generic, want, status)
	}
	ref := doc.Components.Responses[generic]
	if ref == nil {
		return nil, key, fmt.Errorf("components/responses/%s is missing", generic)
	}
	op = &openapi3.Operation{Responses: openapi3.NewResponses(openapi3.WithStatus(status, ref))}
	return op, key, nil
}

// checkResponse validates a real answer against the spec: its status is documented for the
// request's operation, its Content-Type is one the response documents, its documented
// headers are there and valid, and its body matches the response's schema (for HEAD, which
// has no body, the headers only). A JSON error body's request_id must be the answer's
// X-Request-Id. It returns the coverage key of the answer.
func checkResponse(doc *openapi3.T, req *http.Request, status int, header http.Header, body []byte) (string, error) {
	op, key, err := specResponse(doc, req, status)
	if err != nil {
		return key, err
	}
	resp := op.Responses.Status(status).Value
	ctype := header.Get("Content-Type")
	if len(resp.Content) > 0 {
		mt, _, err := mime.ParseMediaType(ctype)
		if err != nil {
			return key, fmt.Errorf("%s: Content-Type %q: %v", key, ctype, err)
		}
		if resp.Content[mt] == nil {
			return key, fmt.Errorf("%s: Content-Type %q is not documented (documented: %v)", key, ctype, slices.Sorted(func(yield func(string) bool) {
				for k := range resp.Content {
					if !yield(k) {
						return
					}
				}
			}))
		}
	}

	// kin-openapi skips HEAD answers altogether: check a HEAD answer's headers as a GET's.
	valReq := req.Clone(context.Background())
	head := req.Method == http.MethodHead
	if head {
		valReq.Method = http.MethodGet
	}
	input := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{
			Request: valReq,
			Route:   &routers.Route{Spec: doc, Path: req.URL.Path, Method: req.Method, Operation: op},
		},
		Status:  status,
		Header:  header,
		Options: &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true, ExcludeResponseBody: head},
	}
	input.SetBodyBytes(body)
	if err := openapi3filter.ValidateResponse(context.Background(), input); err != nil {
		return key, fmt.Errorf("%s: %w", key, err)
	}

	if !head && strings.HasPrefix(ctype, "application/json") && status != http.StatusOK {
		var e struct {
			RequestID string `json:"request_id"`
		}
		if err := json.Unmarshal(body, &e); err != nil {
			return key, fmt.Errorf("%s: %v", key, err)
		}
		if e.RequestID != header.Get("X-Request-Id") {
			return key, fmt.Errorf("%s: request_id %q is not the X-Request-Id %q", key, e.RequestID, header.Get("X-Request-Id"))
		}
	}
	return key, nil
}

// specServer serves the real handler of a service configured by cfg on a loopback port (a
// real connection: read deadlines, chunked bodies and raw requests work as in production).
func specServer(t *testing.T, cfg serveConfig, set func(*service)) string {
	t.Helper()
	s := newService(cfg, slog.New(slog.DiscardHandler))
	if set != nil {
		set(s)
	}
	srv := httptest.NewServer(s.handler())
	t.Cleanup(srv.Close)
	return srv.URL
}

// multipartForm is a multipart/form-data body: a field, then file as a file part (none when
// file is nil), then another field.
func multipartForm(t *testing.T, file []byte) (*bytes.Buffer, string) {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	require.NoError(t, mw.WriteField("title", "a field before the file"))
	if file != nil {
		fw, err := mw.CreateFormFile("upload", "photo.jpg")
		require.NoError(t, err)
		_, err = fw.Write(file)
		require.NoError(t, err)
		require.NoError(t, mw.WriteField("after", "a field after the file"))
	}
	require.NoError(t, mw.Close())
	return &b, mw.FormDataContentType()
}

// rawExchange sends raw, a whole request, on a new connection to base and reads the answer
// to req (which names the same method and path, for the spec).
func rawExchange(t *testing.T, base string, req *http.Request, raw string) *http.Response {
	t.Helper()
	c, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
	require.NoError(t, err)
	t.Cleanup(func() { c.Close() })
	_, err = io.WriteString(c, raw)
	require.NoError(t, err)
	require.NoError(t, c.SetReadDeadline(time.Now().Add(20*time.Second)))
	resp, err := http.ReadResponse(bufio.NewReader(c), req)
	require.NoError(t, err)
	return resp
}

// specCase is one request to provoke an answer of the service.
type specCase struct {
	name string
	cfg  func(*serveConfig) // changes to defaultServe(), or nil
	set  func(*service)     // changes to the service's state, or nil
	// request builds the request; raw, when set, is what is written on the connection
	// instead of req (a body the Go client cannot send).
	request func(t *testing.T, base string) (req *http.Request, raw string)
	status  int
	// check, when set, looks further at a valid answer.
	check func(t *testing.T, header http.Header, body []byte)
}

// newRequest is http.NewRequest that fails the test on an error.
func newRequest(t *testing.T, method, url string, body io.Reader, header ...string) *http.Request {
	t.Helper()
	req, err := http.NewRequest(method, url, body)
	require.NoError(t, err)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return req
}

// specCases provokes every answer the service can give in a test: each documented status of
// each operation except those in unprovoked.
func specCases(t *testing.T) []specCase {
	data := refJPEG(t)
	post := func(query string, body io.Reader, header ...string) func(*testing.T, string) (*http.Request, string) {
		return func(t *testing.T, base string) (*http.Request, string) {
			return newRequest(t, http.MethodPost, base+"/v1/extract"+query, body, header...), ""
		}
	}
	get := func(method, path string) func(*testing.T, string) (*http.Request, string) {
		return func(t *testing.T, base string) (*http.Request, string) {
			return newRequest(t, method, base+path, nil), ""
		}
	}
	form, formType := multipartForm(t, data)
	chunkedForm, chunkedFormType := multipartForm(t, data)
	noFile, noFileType := multipartForm(t, nil)
	golden := golden(t)
	// Stored objects: an S3 API server holding the reference image, and a store that
	// refuses (403 AccessDenied) or stalls, for ?object=.
	s3test.Start(t, "photos", map[string][]byte{"ref.jpg": data})
	store := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/stall/") {
			<-r.Context().Done()
			return
		}
		w.Header().Set("Content-Type", "application/xml")
		w.WriteHeader(http.StatusForbidden)
		_, _ = io.WriteString(w, `<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>`)
	}))
	t.Cleanup(store.Close)
	buckets := func(c *serveConfig) {
		_ = c.allowBuckets.Set("s3://photos")
		_ = c.allowBuckets.Set("s3://denied?endpoint=" + url.QueryEscape(store.URL))
		_ = c.allowBuckets.Set("s3://stall?endpoint=" + url.QueryEscape(store.URL))
	}
	object := func(u string) string { return "?object=" + url.QueryEscape(u) }
	isGolden := func(t *testing.T, _ http.Header, body []byte) {
		var m map[string]json.RawMessage
		require.NoError(t, json.Unmarshal(body, &m))
		assert.JSONEq(t, golden, string(m["embeddedMetadata"]))
	}
	return []specCase{
		{name: "raw JPEG", request: post("", bytes.NewReader(data), "Content-Type", "image/jpeg"), status: 200, check: isGolden},
		{name: "raw JPEG with facts", request: post("?facts=true", bytes.NewReader(data)), status: 200,
			check: func(t *testing.T, _ http.Header, body []byte) {
				assert.Contains(t, string(body), `"facts":{"fileType":"image","mime":"image/jpeg"`)
			}},
		{name: "facts as an empty value", request: post("?facts", bytes.NewReader(data)), status: 200,
			check: func(t *testing.T, _ http.Header, body []byte) { assert.Contains(t, string(body), `"facts":`) }},
		{name: "chunked JPEG", request: post("?facts=0", chunked{bytes.NewReader(data)}), status: 200, check: isGolden},
		{name: "multipart", request: post("?facts=1", form, "Content-Type", formType), status: 200, check: isGolden},
		{name: "chunked multipart", request: post("", chunked{chunkedForm}, "Content-Type", chunkedFormType), status: 200, check: isGolden},
		{name: "truncated JPEG: warnings", request: post("", bytes.NewReader(data[:5000])), status: 200,
			check: func(t *testing.T, _ http.Header, body []byte) { assert.Contains(t, string(body), `"warnings":["jpeg.`) }},
		{name: "JPEG without metadata", request: post("?facts=t", strings.NewReader("\xFF\xD8\xFF\xD9")), status: 200,
			check: func(t *testing.T, _ http.Header, body []byte) {
				assert.Contains(t, string(body), `{"embeddedMetadata":{}`)
			}},
		{name: "client's request id", request: post("?facts=maybe", bytes.NewReader(data), "X-Request-Id", "openapi-test-1"), status: 400,
			check: func(t *testing.T, h http.Header, _ []byte) { assert.Equal(t, "openapi-test-1", h.Get("X-Request-Id")) }},
		{name: "multipart without a file part", request: post("", noFile, "Content-Type", noFileType), status: 400},
		{name: "broken multipart", request: post("", strings.NewReader("--xyz\r\nbroken"), "Content-Type", "multipart/form-data; boundary=xyz"), status: 400},
		{name: "broken chunked encoding", status: 400, request: func(t *testing.T, base string) (*http.Request, string) {
			return newRequest(t, http.MethodPost, base+"/v1/extract", nil),
				"POST /v1/extract HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n4\r\n\xFF\xD8\xFF\xE1\r\nzz\r\n"
		}},
		{name: "stalled body", cfg: func(c *serveConfig) { c.bodyTimeout = 300 * time.Millisecond }, status: 408,
			request: func(t *testing.T, base string) (*http.Request, string) {
				return newRequest(t, http.MethodPost, base+"/v1/extract", nil), uploadHeader(1000) + "\xFF\xD8\xFF"
			}},
		{name: "too large, Content-Length", cfg: func(c *serveConfig) { c.maxBytes = 1000 }, request: post("", bytes.NewReader(data)), status: 413},
		{name: "too large, chunked", cfg: func(c *serveConfig) { c.maxBytes = 1000 }, request: post("", chunked{bytes.NewReader(data)}), status: 413},
		{name: "unsupported", request: post("", strings.NewReader("plain text, not an image"), "Content-Type", "text/plain"), status: 415},
		{name: "damaged", request: post("", strings.NewReader("II*\x00\xFF\x00\x00\x00zzzz")), status: 422},
		{name: "overloaded", cfg: func(c *serveConfig) { c.maxInflight = 0 }, request: post("", bytes.NewReader(data)), status: 503,
			check: func(t *testing.T, h http.Header, _ []byte) { assert.Equal(t, "1", h.Get("Retry-After")) }},
		{name: "stored object", cfg: buckets, request: post(object("s3://photos/ref.jpg"), nil), status: 200, check: isGolden},
		{name: "object of a bucket not allowed", cfg: buckets, request: post(object("s3://private/ref.jpg"), nil), status: 403},
		{name: "object by http", cfg: buckets, request: post(object("http://169.254.169.254/latest"), nil), status: 403},
		{name: "no such object", cfg: buckets, request: post(object("s3://photos/none.jpg"), nil), status: 404},
		{name: "the store refuses", cfg: buckets, request: post(object("s3://denied/ref.jpg"), nil), status: 502},
		{name: "the store stalls", cfg: func(c *serveConfig) { buckets(c); c.timeout = 500 * time.Millisecond },
			request: post(object("s3://stall/ref.jpg"), nil), status: 504},
		{name: "GET /v1/extract", request: get(http.MethodGet, "/v1/extract"), status: 405,
			check: func(t *testing.T, h http.Header, _ []byte) { assert.Equal(t, "POST", h.Get("Allow")) }},
		{name: "HEAD /v1/extract", request: get(http.MethodHead, "/v1/extract"), status: 405},
		{name: "POST /healthz", request: get(http.MethodPost, "/healthz"), status: 405},
		{name: "DELETE /metrics", request: get(http.MethodDelete, "/metrics"), status: 405},
		{name: "unknown path", request: get(http.MethodGet, "/v2/nothing"), status: 404},
		{name: "POST /v1/extract/ (a path not listed)", request: post("/", bytes.NewReader(data)), status: 404},
		{name: "GET /healthz", request: get(http.MethodGet, "/healthz"), status: 200},
		{name: "HEAD /healthz", request: get(http.MethodHead, "/healthz"), status: 200},
		{name: "GET /readyz", request: get(http.MethodGet, "/readyz"), status: 200},
		{name: "HEAD /readyz", request: get(http.MethodHead, "/readyz"), status: 200},
		{name: "GET /readyz, draining", set: func(s *service) { s.draining.Store(true) }, request: get(http.MethodGet, "/readyz"), status: 503},
		{name: "HEAD /readyz, draining", set: func(s *service) { s.draining.Store(true) }, request: get(http.MethodHead, "/readyz"), status: 503},
		{name: "GET /metrics", request: get(http.MethodGet, "/metrics"), status: 200,
			check: func(t *testing.T, _ http.Header, body []byte) {
				assert.Contains(t, string(body), "embedmeta_http_requests_in_flight")
			}},
		{name: "HEAD /metrics", request: get(http.MethodHead, "/metrics"), status: 200},
	}
}

// unprovoked are the documented answers no test provokes: an unexpected error of the
// extraction, and promhttp failing to gather the metrics.
var unprovoked = []string{"POST /v1/extract 500", "GET /metrics 500", "HEAD /metrics 500"}

// TestOpenAPI: the real handler's answers, for every route and every status a test can
// provoke, are what docs/openapi.yaml documents (status, Content-Type, headers, body
// schema), and every documented answer but those in unprovoked is provoked.
func TestOpenAPI(t *testing.T) {
	doc := loadSpec(t)
	provoked := map[string]bool{}
	for _, tc := range specCases(t) {
		t.Run(tc.name, func(t *testing.T) {
			cfg := defaultServe()
			if tc.cfg != nil {
				tc.cfg(&cfg)
			}
			base := specServer(t, cfg, tc.set)
			req, raw := tc.request(t, base)
			var resp *http.Response
			if raw != "" {
				resp = rawExchange(t, base, req, raw)
			} else {
				var err error
				resp, err = http.DefaultClient.Do(req)
				require.NoError(t, err)
			}
			body, err := io.ReadAll(resp.Body)
			resp.Body.Close()
			require.NoError(t, err)
			require.Equal(t, tc.status, resp.StatusCode, "%s", body)
			key, err := checkResponse(doc, req, resp.StatusCode, resp.Header, body)
			require.NoError(t, err, "%s", body)
			provoked[key] = true
			if tc.check != nil {
				tc.check(t, resp.Header, body)
			}
		})
	}
	if t.Failed() {
		return
	}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			for code := range op.Responses.Map() {
				key := method + " " + path + " " + code
				if !provoked[key] && !slices.Contains(unprovoked, key) {
					t.Errorf("documented but never provoked: %s (add a case, or list it in unprovoked)", key)
				}
			}
		}
	}
	for _, generic := range []string{"NotFound 404", "MethodNotAllowed 405"} {
		assert.True(t, provoked[generic], generic)
	}
	for _, key := range unprovoked {
		assert.False(t, provoked[key], "%s is provoked: remove it from unprovoked", key)
	}
}

// TestOpenAPIRejects: the check of TestOpenAPI fails on answers the spec does not describe,
// so that a drift between the handler and docs/openapi.yaml cannot pass unseen.
func TestOpenAPIRejects(t *testing.T) {
	doc := loadSpec(t)
	jsonHeader := func(kv ...string) http.Header {
		h := http.Header{"Content-Type": {"application/json"}, "X-Request-Id": {"abc"}}
		for i := 0; i+1 < len(kv); i += 2 {
			h.Set(kv[i], kv[i+1])
		}
		return h
	}
	const extract = "http://test/v1/extract"
	for _, tc := range []struct {
		name   string
		method string
		url    string
		status int
		header http.Header
		body   string
		want   string // in the error
	}{
		{"undocumented status", "POST", extract, http.StatusTeapot, jsonHeader(), `{"error":"x","request_id":"abc"}`, "not documented"},
		{"undocumented member", "POST", extract, 200, jsonHeader(), `{"file":"a.jpg","embeddedMetadata":{}}`, "file"},
		{"no embeddedMetadata", "POST", extract, 200, jsonHeader(), `{"warnings":["x.y: z"]}`, "embeddedMetadata"},
		{"a boolean value", "POST", extract, 200, jsonHeader(), `{"embeddedMetadata":{"Flash":true}}`, "Flash"},
		{"a nested object", "POST", extract, 200, jsonHeader(), `{"embeddedMetadata":{"Region":{"a":1}}}`, "Region"},
		{"an empty list", "POST", extract, 200, jsonHeader(), `{"embeddedMetadata":{"Keywords":[]}}`, "Keywords"},
		{"a mixed list", "POST", extract, 200, jsonHeader(), `{"embeddedMetadata":{"Keywords":["a",1]}}`, "Keywords"},
		{"empty warnings", "POST", extract, 200, jsonHeader(), `{"embeddedMetadata":{},"warnings":[]}`, "warnings"},
		{"unknown fact", "POST", extract, 200, jsonHeader(), `{"embeddedMetadata":{},"facts":{"size":3}}`, "size"},
		{"text/plain JSON", "POST", extract, 200, http.Header{"Content-Type": {"text/plain"}, "X-Request-Id": {"abc"}}, `{"embeddedMetadata":{}}`, "Content-Type"},
		{"no X-Request-Id", "POST", extract, 415, http.Header{"Content-Type": {"application/json"}}, `{"error":"x","request_id":"abc"}`, "X-Request-Id"},
		{"error without request_id", "POST", extract, 415, jsonHeader(), `{"error":"x"}`, "request_id"},
		{"request_id not the header's", "POST", extract, 415, jsonHeader(), `{"error":"x","request_id":"other"}`, "request_id"},
		{"error as text", "POST", extract, 422, jsonHeader("Content-Type", "text/plain; charset=utf-8"), "bad file\n", "Content-Type"},
		{"405 without Allow", "GET", extract, 405, jsonHeader(), `{"error":"x","request_id":"abc"}`, "Allow"},
		{"unknown path not 404", "GET", "http://test/v2", 200, jsonHeader(), `{}`, "404"},
		{"wrong method not 405", "PUT", "http://test/healthz", 404, jsonHeader(), `{"error":"x","request_id":"abc"}`, "405"},
		{"readyz body", "GET", "http://test/readyz", 200, http.Header{"Content-Type": {"text/plain; charset=utf-8"}, "X-Request-Id": {"abc"}}, "yes\n", "doesn't match"},
		{"healthz as JSON", "HEAD", "http://test/healthz", 200, jsonHeader(), "", "Content-Type"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := newRequest(t, tc.method, tc.url, nil)
			_, err := checkResponse(doc, req, tc.status, tc.header, []byte(tc.body))
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
	// The same check accepts a well-formed answer.
	_, err := checkResponse(doc, newRequest(t, "POST", extract, nil), 200, jsonHeader(),
		[]byte(`{"embeddedMetadata":{"Make":"Canon","ISO":100,"Keywords":["a","b"]},"facts":{"fileType":"image","width":3},"warnings":["exif.ifd-loop at offset 8: x"]}`))
	assert.NoError(t, err)
}
