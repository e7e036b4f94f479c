package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// startServer runs the service on a loopback port until the test ends.
func startServer(t *testing.T, cfg serveConfig) (base string, logs *bytes.Buffer) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	logs = &bytes.Buffer{}
	var mu sync.Mutex
	logger := slog.New(slog.NewJSONHandler(lockedWriter{&mu, logs}, nil))
	done := make(chan error, 1)
	go func() { done <- runServer(ctx, ln, cfg, logger) }()
	t.Cleanup(func() {
		cancel()
		assert.NoError(t, <-done, "graceful shutdown")
	})
	return "http://" + ln.Addr().String(), logs
}

type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

func defaultServe() serveConfig {
	return serveConfig{maxBytes: 1 << 20, timeout: 5 * time.Second, concurrency: 4}
}

func post(t *testing.T, url string, body io.Reader) (int, map[string]json.RawMessage) {
	t.Helper()
	resp, err := http.Post(url, "application/octet-stream", body)
	require.NoError(t, err)
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	var m map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(raw, &m), string(raw))
	return resp.StatusCode, m
}

func TestServeExtract(t *testing.T) {
	base, logs := startServer(t, defaultServe())
	data, err := os.ReadFile(ref + ".jpg")
	require.NoError(t, err)
	status, m := post(t, base+"/v1/extract?facts=1", bytes.NewReader(data))
	assert.Equal(t, http.StatusOK, status)
	assert.Equal(t, golden(t), string(m["embeddedMetadata"]))
	assert.Contains(t, m, "facts")
	assert.Contains(t, logs.String(), `"status":200`)

	status, m = post(t, base+"/v1/extract", strings.NewReader("plain text, not an image"))
	assert.Equal(t, http.StatusUnsupportedMediaType, status)
	assert.Contains(t, string(m["error"]), "unsupported")

	resp, err := http.Get(base + "/healthz")
	require.NoError(t, err)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, "ok\n", string(body))

	resp, err = http.Get(base + "/v1/extract")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusMethodNotAllowed, resp.StatusCode)
}

func TestServeOversized(t *testing.T) {
	cfg := defaultServe()
	cfg.maxBytes = 1000
	base, _ := startServer(t, cfg)
	data, err := os.ReadFile(ref + ".jpg")
	require.NoError(t, err)
	status, m := post(t, base+"/v1/extract", bytes.NewReader(data))
	assert.Equal(t, http.StatusRequestEntityTooLarge, status)
	assert.Contains(t, m, "error")
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

func TestServeSlowUploadTimesOut(t *testing.T) {
	cfg := defaultServe()
	cfg.timeout = 300 * time.Millisecond
	base, _ := startServer(t, cfg)
	data, err := os.ReadFile(ref + ".jpg")
	require.NoError(t, err)
	start := time.Now()
	status, m := post(t, base+"/v1/extract", &slowReader{data: data, pause: 20 * time.Millisecond})
	assert.Equal(t, http.StatusServiceUnavailable, status)
	assert.Contains(t, string(m["error"]), "timed out")
	assert.Less(t, time.Since(start), 30*time.Second, "the server does not wait for the whole slow body")
}

// TestServeLoad sends many concurrent requests over loopback: no errors, bounded memory.
func TestServeLoad(t *testing.T) {
	cfg := defaultServe()
	cfg.timeout = 30 * time.Second // queueing under -race on 2 cores is slow; the test is about errors and memory
	base, _ := startServer(t, cfg)
	data, err := os.ReadFile(ref + ".jpg")
	require.NoError(t, err)
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

func TestServeUsage(t *testing.T) {
	var e bytes.Buffer
	assert.Equal(t, exitOK, serve(context.Background(), []string{"-h"}, &e))
	assert.Contains(t, e.String(), "/v1/extract")
	assert.Equal(t, exitUsage, serve(context.Background(), []string{"-concurrency", "0"}, &e))
	assert.Equal(t, exitFailed, serve(context.Background(), []string{"-addr", "256.0.0.1:1"}, &e))
}

// TestServeFlags starts the real service with every flag and stops it through the context.
func TestServeFlags(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var e lockedBuffer
	done := make(chan int, 1)
	go func() {
		done <- serve(ctx, []string{"-addr", "127.0.0.1:0", "-max-bytes", "4096", "-timeout", "2s", "-concurrency", "3"}, &e)
	}()
	require.Eventually(t, func() bool { return strings.Contains(e.String(), `"listening"`) }, 10*time.Second, 10*time.Millisecond)
	cancel()
	assert.Equal(t, exitOK, <-done)
	assert.Contains(t, e.String(), `"stopped"`)
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
