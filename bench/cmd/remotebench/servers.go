package main

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"

	"github.com/embedmeta/embedmeta/bench/internal/httpcount"
)

// server is a loopback HTTP server that waits a settable delay before answering each
// request (the round trip to a store in another place) and counts what it serves.
type server struct {
	URL string
	h   http.Handler
	srv *http.Server

	delay       atomic.Int64 // nanoseconds before each answer
	requests    atomic.Int64 // requests received
	objectBytes atomic.Int64 // body bytes of object reads (listings left out)
	conns       atomic.Int64 // connections accepted
	inflight    atomic.Int64 // handlers running
	isObject    func(r *http.Request) bool
}

// counters is a snapshot of a server's counters.
type counters struct{ requests, objectBytes, conns int64 }

// snapshot reads the counters once no handler runs (a client may have a whole answer
// before the handler that wrote it has counted its bytes), or after a second.
func (s *server) snapshot() counters {
	for deadline := time.Now().Add(time.Second); s.inflight.Load() > 0 && time.Now().Before(deadline); {
		time.Sleep(100 * time.Microsecond)
	}
	return counters{s.requests.Load(), s.objectBytes.Load(), s.conns.Load()}
}

func (c counters) sub(d counters) counters {
	return counters{c.requests - d.requests, c.objectBytes - d.objectBytes, c.conns - d.conns}
}

// start serves h on 127.0.0.1 behind the delay and the counters.
func start(h http.Handler, isObject func(*http.Request) bool) (*server, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s := &server{URL: "http://" + ln.Addr().String(), h: h, isObject: isObject}
	s.srv = &http.Server{
		Handler:           s,
		ReadHeaderTimeout: 10 * time.Second,
		ConnState: func(_ net.Conn, st http.ConnState) {
			if st == http.StateNew {
				s.conns.Add(1)
			}
		},
	}
	go func() { _ = s.srv.Serve(ln) }()
	return s, nil
}

// ServeHTTP counts the request, waits the delay and serves it.
func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.inflight.Add(1)
	defer s.inflight.Add(-1)
	s.requests.Add(1)
	if d := time.Duration(s.delay.Load()); d > 0 {
		t := time.NewTimer(d)
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
			return
		}
	}
	if s.isObject(r) {
		w = httpcount.Writer{ResponseWriter: w, N: &s.objectBytes}
	}
	s.h.ServeHTTP(w, r)
}

// close stops the server.
func (s *server) close() {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	_ = s.srv.Shutdown(ctx)
}

// rangeServer serves objects (key -> bytes) at /KEY with Range support (http.ServeContent).
func rangeServer(objects map[string][]byte) (*server, error) {
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, ok := objects[strings.TrimPrefix(r.URL.Path, "/")]
		if !ok {
			http.NotFound(w, r)
			return
		}
		http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(b))
	})
	return start(h, func(*http.Request) bool { return true })
}

// s3Server serves objects in bucket through the S3 REST API (gofakes3 with an in-memory
// backend), path-style: /BUCKET/KEY.
func s3Server(bucket string, objects map[string][]byte) (*server, error) {
	backend := s3mem.New()
	if err := backend.CreateBucket(bucket); err != nil {
		return nil, err
	}
	for k, b := range objects {
		if _, err := backend.PutObject(bucket, k, map[string]string{}, bytes.NewReader(b), int64(len(b)), nil); err != nil {
			return nil, fmt.Errorf("put %s: %w", k, err)
		}
	}
	h := gofakes3.New(backend, gofakes3.WithLogger(gofakes3.DiscardLog())).Server()
	prefix := "/" + bucket + "/"
	return start(h, func(r *http.Request) bool {
		return r.Method == http.MethodGet && len(r.URL.Path) > len(prefix) && strings.HasPrefix(r.URL.Path, prefix)
	})
}

// s3Env is the environment that points the AWS SDK of a child process at s.
func s3Env(s *server) []string {
	return []string{
		"AWS_ENDPOINT_URL_S3=" + s.URL,
		"AWS_ACCESS_KEY_ID=bench",
		"AWS_SECRET_ACCESS_KEY=bench",
		"AWS_REGION=us-east-1",
		"AWS_EC2_METADATA_DISABLED=true",
		"AWS_CONFIG_FILE=/dev/null",
		"AWS_SHARED_CREDENTIALS_FILE=/dev/null",
	}
}
