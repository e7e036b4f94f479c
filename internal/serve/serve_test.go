package serve

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net"
	"net/http"
	"os"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// ref is the IPTC reference image, without its extension: .jpg the file, .json its golden
// embeddedMetadata.
const ref = "../../testdata/IPTC-PhotometadataRef-Std2019.1"

// golden returns the reference image's embeddedMetadata JSON.
func golden(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(ref + ".json")
	require.NoError(t, err)
	return string(b)
}

// startServer runs the service on a loopback port until the test ends.
func startServer(t *testing.T, cfg serveConfig) (base string, logs *lockedBuffer) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	logs = &lockedBuffer{}
	logger := slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: cfg.logLevel}))
	done := make(chan error, 1)
	go func() { done <- runServer(ctx, ln, cfg, logger) }()
	t.Cleanup(func() {
		cancel()
		assert.NoError(t, <-done, "graceful shutdown")
	})
	return "http://" + ln.Addr().String(), logs
}

// defaultServe is the configuration of most tests: the defaults with a 1 MiB body limit and
// timeouts short enough for a test, long enough for -race on two cores.
func defaultServe() serveConfig {
	cfg, err := parseServe(nil, func(string) (string, bool) { return "", false })
	if err != nil {
		panic(err)
	}
	cfg.maxBytes = 1 << 20
	cfg.bodyTimeout = 10 * time.Second
	cfg.timeout = 20 * time.Second
	cfg.shutdownTimeout = 5 * time.Second
	return cfg
}

func refJPEG(t *testing.T) []byte {
	t.Helper()
	data, err := os.ReadFile(ref + ".jpg")
	require.NoError(t, err)
	return data
}

// post sends body and returns the status and the JSON answer's members.
func post(t *testing.T, url string, body io.Reader) (int, map[string]json.RawMessage) {
	t.Helper()
	resp, err := http.Post(url, "application/octet-stream", body)
	require.NoError(t, err)
	return decode(t, resp)
}

// decode reads a JSON answer and closes its body.
func decode(t *testing.T, resp *http.Response) (int, map[string]json.RawMessage) {
	t.Helper()
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	assert.Equal(t, "application/json", resp.Header.Get("Content-Type"), string(raw))
	var m map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(raw, &m), string(raw))
	return resp.StatusCode, m
}

// chunked hides a reader's length, so that the client sends it chunked.
type chunked struct{ io.Reader }

// dial opens a raw connection to the service at base (http://host:port).
func dial(t *testing.T, base string) net.Conn {
	t.Helper()
	c, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
	require.NoError(t, err)
	t.Cleanup(func() { c.Close() })
	return c
}

// readAnswer reads one response from a raw connection.
func readAnswer(t *testing.T, c net.Conn) (int, map[string]json.RawMessage) {
	t.Helper()
	require.NoError(t, c.SetReadDeadline(time.Now().Add(20*time.Second)))
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	require.NoError(t, err)
	return decode(t, resp)
}

// uploadHeader is the start of a raw upload of length bytes.
func uploadHeader(length int) string {
	return fmt.Sprintf("POST /v1/extract HTTP/1.1\r\nHost: test\r\nContent-Type: image/jpeg\r\nContent-Length: %d\r\n\r\n", length)
}

// stalled opens n connections that send an upload's headers and its first two bytes, then
// nothing more, and waits until the service is serving all of them.
func stalled(t *testing.T, base string, n int) []net.Conn {
	t.Helper()
	conns := make([]net.Conn, n)
	for i := range conns {
		conns[i] = dial(t, base)
		_, err := io.WriteString(conns[i], uploadHeader(1000)+"\xFF\xD8")
		require.NoError(t, err)
	}
	waitInflight(t, base, n)
	return conns
}

// metricsText returns the service's /metrics page.
func metricsText(t *testing.T, base string) string {
	t.Helper()
	resp, err := http.Get(base + "/metrics")
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	return string(b)
}

// waitInflight waits until /metrics shows n extraction requests in flight.
func waitInflight(t *testing.T, base string, n int) {
	t.Helper()
	want := fmt.Sprintf("\nembedmeta_http_requests_in_flight %d\n", n)
	require.Eventually(t, func() bool { return strings.Contains(metricsText(t, base), want) },
		10*time.Second, 10*time.Millisecond, "%d requests in flight", n)
}

// logLines parses the JSON log lines.
func logLines(t *testing.T, logs *lockedBuffer) []map[string]any {
	t.Helper()
	var lines []map[string]any
	for _, l := range strings.Split(strings.TrimSpace(logs.String()), "\n") {
		var m map[string]any
		require.NoError(t, json.Unmarshal([]byte(l), &m), l)
		lines = append(lines, m)
	}
	return lines
}

// requestLog waits for the log line of the request with the given id.
func requestLog(t *testing.T, logs *lockedBuffer, id string) map[string]any {
	t.Helper()
	var found map[string]any
	require.Eventually(t, func() bool {
		for _, l := range logLines(t, logs) {
			if l["msg"] == "request" && l["request_id"] == id {
				found = l
				return true
			}
		}
		return false
	}, 10*time.Second, 10*time.Millisecond, "log line of request %s", id)
	return found
}

func TestServeExtract(t *testing.T) {
	base, logs := startServer(t, defaultServe())
	data := refJPEG(t)
	for _, q := range []string{"", "?facts=1", "?facts=true", "?facts=TRUE", "?facts", "?facts=0", "?facts=false"} {
		status, m := post(t, base+"/v1/extract"+q, bytes.NewReader(data))
		assert.Equal(t, http.StatusOK, status, q)
		assert.Equal(t, golden(t), string(m["embeddedMetadata"]), q)
		wantFacts := q != "" && !strings.HasSuffix(q, "0") && !strings.HasSuffix(q, "false")
		assert.Equal(t, wantFacts, m["facts"] != nil, q)
	}
	status, m := post(t, base+"/v1/extract?facts=maybe", bytes.NewReader(data))
	assert.Equal(t, http.StatusBadRequest, status)
	assert.Contains(t, string(m["error"]), "facts")
	assert.Contains(t, logs.String(), `"status":200`)

	for path, want := range map[string]string{"/healthz": "ok\n", "/readyz": "ready\n"} {
		resp, err := http.Get(base + path)
		require.NoError(t, err)
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		assert.Equal(t, http.StatusOK, resp.StatusCode, path)
		assert.Equal(t, want, string(body), path)
		assert.NotEmpty(t, resp.Header.Get("X-Request-Id"), path)
	}
}

// TestServeChunked: a body without a Content-Length, as a stream of unknown size is sent,
// gives the same answer.
func TestServeChunked(t *testing.T) {
	base, _ := startServer(t, defaultServe())
	status, m := post(t, base+"/v1/extract", chunked{bytes.NewReader(refJPEG(t))})
	assert.Equal(t, http.StatusOK, status)
	assert.Equal(t, golden(t), string(m["embeddedMetadata"]))
}

// TestServeMultipart: a multipart/form-data upload (a browser's form, curl -F) is read from
// its first file part; fields before it are skipped.
func TestServeMultipart(t *testing.T) {
	base, _ := startServer(t, defaultServe())
	data := refJPEG(t)
	form := func(withFile bool) (*bytes.Buffer, string) {
		var b bytes.Buffer
		mw := multipart.NewWriter(&b)
		require.NoError(t, mw.WriteField("title", "a field before the file"))
		if withFile {
			fw, err := mw.CreateFormFile("file", "photo.jpg")
			require.NoError(t, err)
			_, _ = fw.Write(data)
			require.NoError(t, mw.WriteField("after", "a field after the file"))
		}
		require.NoError(t, mw.Close())
		return &b, mw.FormDataContentType()
	}
	body, ctype := form(true)
	resp, err := http.Post(base+"/v1/extract?facts=true", ctype, body)
	require.NoError(t, err)
	status, m := decode(t, resp)
	assert.Equal(t, http.StatusOK, status)
	assert.Equal(t, golden(t), string(m["embeddedMetadata"]))
	assert.Contains(t, string(m["facts"]), "image/jpeg")

	body, ctype = form(true)
	resp, err = http.Post(base+"/v1/extract", ctype, chunked{body})
	require.NoError(t, err)
	status, m = decode(t, resp)
	assert.Equal(t, http.StatusOK, status, "chunked multipart")
	assert.Equal(t, golden(t), string(m["embeddedMetadata"]))

	body, ctype = form(false)
	resp, err = http.Post(base+"/v1/extract", ctype, body)
	require.NoError(t, err)
	status, m = decode(t, resp)
	assert.Equal(t, http.StatusBadRequest, status)
	assert.Contains(t, string(m["error"]), "without a file part")
}

func TestServeMalformedBodyIs400(t *testing.T) {
	base, _ := startServer(t, defaultServe())
	c := dial(t, base)
	_, err := io.WriteString(c, "POST /v1/extract HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n"+
		"4\r\n\xFF\xD8\xFF\xE1\r\nzz\r\n")
	require.NoError(t, err)
	status, m := readAnswer(t, c)
	assert.Equal(t, http.StatusBadRequest, status)
	assert.Contains(t, string(m["error"]), "malformed")

	resp, err := http.Post(base+"/v1/extract", "multipart/form-data; boundary=xyz", strings.NewReader("--xyz\r\nbroken"))
	require.NoError(t, err)
	status, m = decode(t, resp)
	assert.Equal(t, http.StatusBadRequest, status, "a broken multipart body")
	assert.Contains(t, string(m["error"]), "multipart")
}

func TestServeStalledBodyIs408(t *testing.T) {
	for name, set := range map[string]func(*serveConfig){
		"body-timeout": func(c *serveConfig) { c.bodyTimeout = 300 * time.Millisecond },
		"timeout":      func(c *serveConfig) { c.bodyTimeout, c.timeout = 0, 300*time.Millisecond },
	} {
		t.Run(name, func(t *testing.T) {
			cfg := defaultServe()
			set(&cfg)
			base, _ := startServer(t, cfg)
			c := dial(t, base)
			start := time.Now()
			_, err := io.WriteString(c, uploadHeader(1000)+"\xFF\xD8\xFF")
			require.NoError(t, err)
			status, m := readAnswer(t, c)
			assert.Equal(t, http.StatusRequestTimeout, status)
			assert.Contains(t, string(m["error"]), "in time")
			assert.Less(t, time.Since(start), 5*time.Second)
		})
	}
}

func TestServeOversizedIs413(t *testing.T) {
	data := refJPEG(t)
	for _, tc := range []struct {
		name     string
		maxBytes int64
		body     func() io.Reader
	}{
		{"content-length", 1000, func() io.Reader { return bytes.NewReader(data) }},
		{"chunked", 1000, func() io.Reader { return chunked{bytes.NewReader(data)} }},
		// The metadata is read whole before the limit: only reading the rest shows the size.
		{"chunked, over after the metadata", int64(len(data)) - 1, func() io.Reader { return chunked{bytes.NewReader(data)} }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := defaultServe()
			cfg.maxBytes = tc.maxBytes
			base, _ := startServer(t, cfg)
			status, m := post(t, base+"/v1/extract", tc.body())
			assert.Equal(t, http.StatusRequestEntityTooLarge, status)
			assert.Contains(t, string(m["error"]), "limit")
		})
	}
	t.Run("chunked, exactly the limit", func(t *testing.T) {
		cfg := defaultServe()
		cfg.maxBytes = int64(len(data))
		base, _ := startServer(t, cfg)
		status, _ := post(t, base+"/v1/extract", chunked{bytes.NewReader(data)})
		assert.Equal(t, http.StatusOK, status)
	})
}

func TestServeUnsupportedIs415(t *testing.T) {
	base, _ := startServer(t, defaultServe())
	status, m := post(t, base+"/v1/extract", strings.NewReader("plain text, not an image"))
	assert.Equal(t, http.StatusUnsupportedMediaType, status)
	assert.Contains(t, string(m["error"]), "unsupported")
}

func TestServeNothingReadableIs422(t *testing.T) {
	base, _ := startServer(t, defaultServe())
	// A TIFF header whose IFD0 lies beyond the data: recognised, nothing to read.
	status, m := post(t, base+"/v1/extract", strings.NewReader("II*\x00\xFF\x00\x00\x00zzzz"))
	assert.Equal(t, http.StatusUnprocessableEntity, status)
	assert.Contains(t, string(m["error"]), "tiff")
}

func TestServeOverloadedIs503(t *testing.T) {
	cfg := defaultServe()
	cfg.maxInflight = 2
	base, _ := startServer(t, cfg)
	conns := stalled(t, base, 2)
	resp, err := http.Post(base+"/v1/extract", "image/jpeg", bytes.NewReader(refJPEG(t)))
	require.NoError(t, err)
	assert.Equal(t, "1", resp.Header.Get("Retry-After"))
	status, m := decode(t, resp)
	assert.Equal(t, http.StatusServiceUnavailable, status)
	assert.Contains(t, string(m["error"]), "overloaded")
	for _, c := range conns {
		c.Close()
	}
	waitInflight(t, base, 0)
	status, _ = post(t, base+"/v1/extract", bytes.NewReader(refJPEG(t)))
	assert.Equal(t, http.StatusOK, status, "served again once the others are gone")
}

func TestServeUnknownRouteAndMethodAreJSON(t *testing.T) {
	base, _ := startServer(t, defaultServe())
	resp, err := http.Get(base + "/v1/extract")
	require.NoError(t, err)
	assert.Equal(t, "POST", resp.Header.Get("Allow"))
	status, m := decode(t, resp)
	assert.Equal(t, http.StatusMethodNotAllowed, status)
	assert.Contains(t, string(m["error"]), "not allowed")
	assert.NotEmpty(t, m["request_id"])

	resp, err = http.Post(base+"/healthz", "text/plain", nil)
	require.NoError(t, err)
	assert.Equal(t, "GET, HEAD", resp.Header.Get("Allow"))
	status, _ = decode(t, resp)
	assert.Equal(t, http.StatusMethodNotAllowed, status)

	resp, err = http.Get(base + "/v2/nothing")
	require.NoError(t, err)
	status, m = decode(t, resp)
	assert.Equal(t, http.StatusNotFound, status)
	assert.Contains(t, string(m["error"]), "/v2/nothing")
}

// TestServeTimeoutZeroIsNoTimeout: -timeout 0 and -body-timeout 0 mean no limit, not an
// immediate one.
func TestServeTimeoutZeroIsNoTimeout(t *testing.T) {
	cfg := defaultServe()
	cfg.timeout, cfg.bodyTimeout, cfg.headerTimeout = 0, 0, 0
	base, _ := startServer(t, cfg)
	status, m := post(t, base+"/v1/extract", &slowReader{data: refJPEG(t)[:4000], pause: time.Millisecond})
	assert.Equal(t, http.StatusOK, status, "%s", m["error"])
}

// slowReader yields its bytes one small piece at a time with a pause between pieces.
type slowReader struct {
	data  []byte
	pause time.Duration
}

func (s *slowReader) Read(p []byte) (int, error) {
	if len(s.data) == 0 {
		return 0, io.EOF
	}
	time.Sleep(s.pause)
	n := copy(p[:min(len(p), 16)], s.data)
	s.data = s.data[n:]
	return n, nil
}

// TestServeTricklingClients: 64 connections sending one body byte per second hold nothing a
// good upload needs. The bound is generous: it is about blocking, not speed.
func TestServeTricklingClients(t *testing.T) {
	cfg := defaultServe()
	base, _ := startServer(t, cfg)
	data := refJPEG(t)
	status, _ := post(t, base+"/v1/extract", bytes.NewReader(data)) // warm up
	require.Equal(t, http.StatusOK, status)

	const trickling = 64
	conns := stalled(t, base, trickling)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for _, c := range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			tick := time.NewTicker(time.Second)
			defer tick.Stop()
			for {
				select {
				case <-stop:
					return
				case <-tick.C:
					if _, err := c.Write([]byte{0xFE}); err != nil {
						return
					}
				}
			}
		}()
	}
	defer func() {
		close(stop)
		wg.Wait()
	}()
	for i := 0; i < 3; i++ {
		start := time.Now()
		status, m := post(t, base+"/v1/extract", bytes.NewReader(data))
		took := time.Since(start)
		assert.Equal(t, http.StatusOK, status)
		assert.Equal(t, golden(t), string(m["embeddedMetadata"]))
		assert.Less(t, took, 2*time.Second, "a good upload beside %d trickling ones", trickling)
		t.Logf("good upload beside %d trickling connections: %v", trickling, took)
	}
}

// TestServeClientClosedIs499: a client that goes away mid-body is logged and counted as 499,
// not as a server error.
func TestServeClientClosedIs499(t *testing.T) {
	base, logs := startServer(t, defaultServe())
	for _, reset := range []bool{false, true} {
		c := dial(t, base)
		id := fmt.Sprintf("gone-%v", reset)
		_, err := io.WriteString(c, strings.Replace(uploadHeader(1000), "Host: test\r\n", "Host: test\r\nX-Request-Id: "+id+"\r\n", 1)+"\xFF\xD8")
		require.NoError(t, err)
		waitInflight(t, base, 1)
		if reset {
			require.NoError(t, c.(*net.TCPConn).SetLinger(0)) // RST instead of FIN
		}
		c.Close()
		l := requestLog(t, logs, id)
		assert.EqualValues(t, 499, l["status"], "reset=%v", reset)
		assert.NotEmpty(t, l["error"])
	}
	assert.Contains(t, metricsText(t, base), `embedmeta_http_requests_total{code="499",route="extract"} 2`)
}

func TestServeMetrics(t *testing.T) {
	base, _ := startServer(t, defaultServe())
	data := refJPEG(t)
	status, _ := post(t, base+"/v1/extract", bytes.NewReader(data))
	require.Equal(t, http.StatusOK, status)
	status, _ = post(t, base+"/v1/extract", strings.NewReader("not an image"))
	require.Equal(t, http.StatusUnsupportedMediaType, status)
	text := metricsText(t, base)
	for _, want := range []string{
		`embedmeta_http_requests_total{code="200",route="extract"} 1`,
		`embedmeta_http_requests_total{code="415",route="extract"} 1`,
		`embedmeta_http_request_duration_seconds_count{route="extract"} 2`,
		`embedmeta_http_request_duration_seconds_bucket{route="extract",le="+Inf"} 2`,
		"embedmeta_http_requests_in_flight 0",
		"embedmeta_extract_consumed_bytes_count 2",
		"embedmeta_extract_retained_bytes_count 2",
		"# TYPE embedmeta_http_request_body_read_bytes_total counter",
		"process_resident_memory_bytes",
		"go_goroutines",
	} {
		assert.Contains(t, text, want)
	}
	// Every byte of both bodies was read (the JPEG up to its image data at least).
	m := regexp.MustCompile(`\nembedmeta_http_request_body_read_bytes_total (\d+)`).FindStringSubmatch(text)
	require.NotNil(t, m)
	var read int64
	fmt.Sscan(m[1], &read)
	assert.Greater(t, read, int64(len("not an image")))
}

func TestServeLogs(t *testing.T) {
	base, logs := startServer(t, defaultServe())
	req, err := http.NewRequest(http.MethodPost, base+"/v1/extract", strings.NewReader("not an image"))
	require.NoError(t, err)
	req.Header.Set("X-Request-Id", "client-id-42")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	assert.Equal(t, "client-id-42", resp.Header.Get("X-Request-Id"), "an incoming id is echoed")
	_, m := decode(t, resp)
	assert.JSONEq(t, `"client-id-42"`, string(m["request_id"]))
	l := requestLog(t, logs, "client-id-42")
	assert.EqualValues(t, 415, l["status"])
	assert.Regexp(t, `^127\.0\.0\.1:\d+$`, l["remote"])
	assert.Contains(t, l["error"], "unsupported")
	assert.Equal(t, "/v1/extract", l["path"])
	assert.Contains(t, l, "ms")

	resp, err = http.Post(base+"/v1/extract", "image/jpeg", bytes.NewReader(refJPEG(t)))
	require.NoError(t, err)
	id := resp.Header.Get("X-Request-Id")
	resp.Body.Close()
	assert.Regexp(t, `^[0-9a-f]{16}$`, id, "a generated id")
	l = requestLog(t, logs, id)
	assert.EqualValues(t, 200, l["status"])
	assert.Equal(t, "jpeg", l["format"])
	assert.NotContains(t, l, "error")

	for _, l := range logLines(t, logs) {
		assert.Contains(t, l, "time")
		assert.Contains(t, l, "level")
		if l["msg"] == "listening" {
			assert.Equal(t, "dev", l["version"])
		}
	}
}

// TestServeShutdown: on cancel /readyz turns 503 (while -drain-delay keeps the
// listener open), an upload in flight that finishes in time is answered, and one that never
// finishes is cut at -shutdown-timeout: shutdown is bounded.
func TestServeShutdown(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	base := "http://" + ln.Addr().String()
	cfg := defaultServe()
	cfg.drainDelay = 500 * time.Millisecond
	cfg.shutdownTimeout = 2 * time.Second
	cfg.bodyTimeout, cfg.timeout = time.Minute, time.Minute
	logs := &lockedBuffer{}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- runServer(ctx, ln, cfg, slog.New(slog.NewJSONHandler(logs, nil))) }()

	never := stalled(t, base, 1)[0]
	// An upload that takes about half a second: started before the shutdown, done within it.
	slow := make(chan int, 1)
	go func() {
		resp, err := http.Post(base+"/v1/extract", "image/jpeg", &slowReader{data: refJPEG(t)[:1500], pause: 5 * time.Millisecond})
		if err != nil {
			slow <- 0
			return
		}
		resp.Body.Close()
		slow <- resp.StatusCode
	}()
	waitInflight(t, base, 2)
	start := time.Now()
	cancel()
	// The cancellation reaches the server asynchronously: /readyz turns 503 soon after it,
	// while the listener stays open for -drain-delay.
	status := func(path string) int { // -1: no answer (the listener must be open)
		resp, err := http.Get(base + path)
		if err != nil {
			return -1
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	assert.Eventually(t, func() bool { return status("/readyz") == http.StatusServiceUnavailable },
		400*time.Millisecond, 5*time.Millisecond, "/readyz") // within the 500 ms drain delay
	assert.Equal(t, http.StatusOK, status("/healthz"), "/healthz")
	select {
	case err := <-done:
		assert.NoError(t, err)
	case <-time.After(10 * time.Second):
		t.Fatal("shutdown is not bounded")
	}
	took := time.Since(start)
	assert.GreaterOrEqual(t, took, cfg.drainDelay)
	assert.Less(t, took, cfg.drainDelay+cfg.shutdownTimeout+2*time.Second)
	assert.Equal(t, http.StatusOK, <-slow, "the upload in flight was answered")
	assert.Contains(t, logs.String(), "shutdown timed out")
	_ = never.SetReadDeadline(time.Now().Add(5 * time.Second))
	_, err = never.Read(make([]byte, 1))
	assert.Error(t, err, "the stalled connection was closed")
	_, err = http.Get(base + "/healthz")
	assert.Error(t, err, "the listener is closed")
}

// TestServeLoad sends many concurrent requests over loopback: no errors, bounded memory.
func TestServeLoad(t *testing.T) {
	base, _ := startServer(t, defaultServe())
	data := refJPEG(t)
	want := golden(t)
	var before runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	const clients, each = 8, 25
	var wg sync.WaitGroup
	errs := make(chan string, clients*each)
	for c := 0; c < clients; c++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < each; i++ {
				resp, err := http.Post(base+"/v1/extract", "image/jpeg", bytes.NewReader(data))
				if err != nil {
					errs <- err.Error()
					continue
				}
				var m map[string]json.RawMessage
				err = json.NewDecoder(resp.Body).Decode(&m)
				resp.Body.Close()
				if err != nil || resp.StatusCode != http.StatusOK || string(m["embeddedMetadata"]) != want {
					errs <- resp.Status
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	var all []string
	for e := range errs {
		all = append(all, e)
	}
	assert.Empty(t, all)
	var after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&after)
	assert.Less(t, int64(after.HeapInuse)-int64(before.HeapInuse), int64(64<<20), "heap growth after the load")
}

// TestServeEnv: every flag is also an EMBEDMETA_* variable; a flag wins over its variable.
func TestServeEnv(t *testing.T) {
	env := map[string]string{
		"EMBEDMETA_ADDR":             "127.0.0.1:9999",
		"EMBEDMETA_MAX_BYTES":        "1234",
		"EMBEDMETA_MAX_RETAINED":     "5678",
		"EMBEDMETA_MAX_INFLIGHT":     "7",
		"EMBEDMETA_HEADER_TIMEOUT":   "1s",
		"EMBEDMETA_BODY_TIMEOUT":     "2s",
		"EMBEDMETA_TIMEOUT":          "0",
		"EMBEDMETA_IDLE_TIMEOUT":     "4s",
		"EMBEDMETA_DRAIN_DELAY":      "5s",
		"EMBEDMETA_SHUTDOWN_TIMEOUT": "6s",
		"EMBEDMETA_LOG_LEVEL":        "debug",
		"EMBEDMETA_CONCURRENCY":      "3",
		"EMBEDMETA_ALLOW_BUCKET":     "s3://photos, gs://media?x=1",
	}
	lookup := func(k string) (string, bool) { v, ok := env[k]; return v, ok }
	cfg, err := parseServe(nil, lookup)
	require.NoError(t, err)
	assert.Equal(t, serveConfig{
		addr: "127.0.0.1:9999", maxBytes: 1234, maxRetained: 5678, maxInflight: 7,
		headerTimeout: time.Second, bodyTimeout: 2 * time.Second, timeout: 0, idleTimeout: 4 * time.Second,
		drainDelay: 5 * time.Second, shutdownTimeout: 6 * time.Second, logLevel: slog.LevelDebug, concurrency: 3,
		allowBuckets: bucketList{"s3://photos", "gs://media?x=1"},
	}, cfg)
	var names []string
	serveFlags(new(serveConfig)).VisitAll(func(f *flag.Flag) { names = append(names, envName(f.Name)) })
	for _, n := range names {
		assert.Contains(t, env, n, "every flag is tested through its variable")
		assert.Contains(t, serveUsage, "-"+strings.ToLower(strings.ReplaceAll(strings.TrimPrefix(n, envPrefix), "_", "-"))+" ", "every flag is in the usage")
	}

	cfg, err = parseServe([]string{"-max-bytes", "99", "-timeout", "3s"}, lookup)
	require.NoError(t, err)
	assert.EqualValues(t, 99, cfg.maxBytes, "the flag wins")
	assert.Equal(t, 3*time.Second, cfg.timeout)
	assert.EqualValues(t, 5678, cfg.maxRetained, "the variable holds where no flag is given")

	env["EMBEDMETA_MAX_BYTES"] = "lots"
	_, err = parseServe(nil, lookup)
	assert.ErrorContains(t, err, "EMBEDMETA_MAX_BYTES")

	// Through the process environment, end to end: the limit set by a variable answers 413.
	t.Setenv("EMBEDMETA_MAX_BYTES", "100")
	t.Setenv("EMBEDMETA_ADDR", "127.0.0.1:0")
	ctx, cancel := context.WithCancel(context.Background())
	var e lockedBuffer
	done := make(chan int, 1)
	go func() { done <- Main(ctx, nil, io.Discard, &e) }()
	addr := listeningAddr(t, &e)
	status, _ := post(t, "http://"+addr+"/v1/extract", bytes.NewReader(refJPEG(t)))
	assert.Equal(t, http.StatusRequestEntityTooLarge, status)
	cancel()
	assert.Equal(t, exitOK, <-done)

	t.Setenv("EMBEDMETA_TIMEOUT", "soon")
	var bad bytes.Buffer
	assert.Equal(t, exitUsage, Main(context.Background(), nil, io.Discard, &bad))
	assert.Contains(t, bad.String(), "EMBEDMETA_TIMEOUT")
}

// listeningAddr waits for the service's "listening" log line and returns its address.
func listeningAddr(t *testing.T, logs *lockedBuffer) string {
	t.Helper()
	var addr string
	require.Eventually(t, func() bool {
		for _, l := range strings.Split(logs.String(), "\n") {
			var m map[string]any
			if json.Unmarshal([]byte(l), &m) == nil && m["msg"] == "listening" {
				addr, _ = m["addr"].(string)
				return true
			}
		}
		return false
	}, 10*time.Second, 10*time.Millisecond)
	return addr
}

func TestServeUsage(t *testing.T) {
	var o, e bytes.Buffer
	for _, flag := range []string{"-h", "-help", "--help"} {
		o.Reset()
		assert.Equal(t, exitOK, Main(context.Background(), []string{flag}, &o, &e), flag)
		assert.Contains(t, o.String(), "usage: embedmeta-serve", flag)
		assert.Contains(t, o.String(), "/v1/extract", flag)
	}
	o.Reset()
	assert.Equal(t, exitOK, Main(context.Background(), []string{"-version"}, &o, &e))
	assert.Equal(t, "embedmeta-serve dev\n", o.String())
	assert.Empty(t, e.String(), "help and version go to stdout")
	for _, args := range [][]string{{"-max-inflight", "0"}, {"-max-bytes", "0"}, {"-timeout", "-1s"}, {"extra"}, {"-nope"}} {
		e.Reset()
		assert.Equal(t, exitUsage, Main(context.Background(), args, &o, &e), args)
		assert.Contains(t, e.String(), "usage:", args)
		assert.Contains(t, e.String(), "embedmeta-serve: ", args)
	}
	assert.Equal(t, exitFailed, Main(context.Background(), []string{"-addr", "256.0.0.1:1"}, &o, &e))
}

// TestServeFlags starts the real service with every flag and stops it through the context.
func TestServeFlags(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var e lockedBuffer
	done := make(chan int, 1)
	go func() {
		done <- Main(ctx, []string{"-addr", "127.0.0.1:0", "-max-bytes", "4096", "-max-retained", "8192",
			"-max-inflight", "3", "-header-timeout", "1s", "-body-timeout", "2s", "-timeout", "3s",
			"-idle-timeout", "4s", "-drain-delay", "0s", "-shutdown-timeout", "1s", "-log-level", "warn",
			"-concurrency", "3"}, io.Discard, &e)
	}()
	require.Eventually(t, func() bool { return strings.Contains(e.String(), "deprecated") }, 10*time.Second, 10*time.Millisecond)
	cancel()
	assert.Equal(t, exitOK, <-done)
	assert.NotContains(t, e.String(), `"listening"`, "-log-level warn hides info lines")
}

// lockedBuffer is a bytes.Buffer safe for a writer and a reader in two goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
