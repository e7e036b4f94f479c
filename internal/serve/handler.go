package serve

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"mime/multipart"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/embedmeta/embedmeta"
	"github.com/embedmeta/embedmeta/remote"
)

// statusClientClosed is logged and counted (never sent) for a request whose client closed its
// connection before the answer, as nginx does.
const statusClientClosed = 499

// writeTimeout bounds writing one answer: a client that does not read it loses it.
const writeTimeout = 10 * time.Second

// service is the HTTP service: its configuration, metrics and state.
type service struct {
	cfg      serveConfig
	log      *slog.Logger
	m        *metrics
	inflight atomic.Int64 // /v1/extract requests being served
	draining atomic.Bool  // shutting down: /readyz answers 503
	closing  atomic.Bool  // the shutdown timed out: connections are being closed
	remote   *remote.Client
}

func newService(cfg serveConfig, logger *slog.Logger) *service {
	return &service{cfg: cfg, log: logger, m: newMetrics(), remote: newRemote()}
}

// handler returns the service's routes. Every answer, errors included, is JSON except the
// probes' and /metrics' text, and carries X-Request-Id.
func (s *service) handler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("/v1/extract", s.route("extract", s.extract, http.MethodPost))
	mux.Handle("/healthz", s.route("healthz", s.healthz, http.MethodGet, http.MethodHead))
	mux.Handle("/readyz", s.route("readyz", s.readyz, http.MethodGet, http.MethodHead))
	mux.Handle("/metrics", s.route("metrics", s.metrics, http.MethodGet, http.MethodHead))
	mux.Handle("/", s.route("none", func(x *exchange) {
		x.fail(http.StatusNotFound, fmt.Errorf("no route %s", x.r.URL.Path), "no such route: "+x.r.URL.Path)
	}))
	return mux
}

// exchange is one request being answered: what the route handler writes and what is logged.
type exchange struct {
	rw    http.ResponseWriter // the server's own writer (http.MaxBytesReader wants it)
	w     *recorder
	r     *http.Request
	id    string
	start time.Time
	// status is what the log and the metrics record when it differs from the status written
	// (statusClientClosed); 0 otherwise.
	status int
	err    error // the cause of an error answer, logged
	in     int64 // body bytes read
	format string
	stats  *embedmeta.ReadStats
}

// route wraps a route handler: the request id, the allowed methods, the log line and the
// metrics of every request.
func (s *service) route(name string, h func(*exchange), methods ...string) http.Handler {
	allow := strings.Join(methods, ", ")
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		x := &exchange{rw: w, w: &recorder{ResponseWriter: w}, r: r, id: requestID(r), start: time.Now()}
		w.Header().Set("X-Request-Id", x.id)
		_ = http.NewResponseController(w).SetWriteDeadline(x.start.Add(writeTimeout))
		if len(methods) > 0 && !contains(methods, r.Method) {
			w.Header().Set("Allow", allow)
			x.fail(http.StatusMethodNotAllowed, fmt.Errorf("method %s", r.Method), "method "+r.Method+" not allowed; use "+allow)
		} else {
			h(x)
		}
		s.finish(name, x)
	})
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// finish logs the request and counts it.
func (s *service) finish(route string, x *exchange) {
	status := x.w.status
	if x.status != 0 {
		status = x.status
	}
	elapsed := time.Since(x.start)
	s.m.observe(route, status, elapsed, x.in, x.stats)
	level := slog.LevelInfo
	switch {
	case status >= 500 && status != http.StatusServiceUnavailable:
		level = slog.LevelError
	case route != "extract" && status < 400:
		level = slog.LevelDebug // probes and scrapes
	}
	if !s.log.Enabled(context.Background(), level) {
		return
	}
	attrs := []slog.Attr{
		slog.String("request_id", x.id),
		slog.String("remote", x.r.RemoteAddr),
		slog.String("method", x.r.Method),
		slog.String("path", x.r.URL.Path),
		slog.Int("status", status),
		slog.Float64("ms", float64(elapsed.Microseconds())/1000),
		slog.Int64("bytes_in", x.in),
		slog.Int64("bytes_out", x.w.n),
	}
	if x.format != "" {
		attrs = append(attrs, slog.String("format", x.format))
	}
	if x.stats != nil {
		attrs = append(attrs, slog.Int64("consumed", x.stats.Consumed), slog.Int64("retained", x.stats.Retained))
	}
	if x.err != nil {
		attrs = append(attrs, slog.String("error", x.err.Error()))
	}
	s.log.LogAttrs(context.Background(), level, "request", attrs...)
}

// requestID returns the request's X-Request-Id when it is a sane token (1 to 128 printable
// ASCII characters, no spaces), else a new random one.
func requestID(r *http.Request) string {
	if id := r.Header.Get("X-Request-Id"); id != "" && len(id) <= 128 {
		ok := true
		for i := 0; i < len(id); i++ {
			if id[i] <= ' ' || id[i] > '~' {
				ok = false
				break
			}
		}
		if ok {
			return id
		}
	}
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// reply writes a JSON answer.
func (x *exchange) reply(status int, body []byte) {
	h := x.w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	_ = http.NewResponseController(x.rw).SetWriteDeadline(time.Now().Add(writeTimeout))
	x.w.WriteHeader(status)
	if x.r.Method != http.MethodHead {
		_, _ = x.w.Write(body)
	}
}

// fail answers {"error":msg,"request_id":…} with status and records err as the cause.
func (x *exchange) fail(status int, err error, msg string) {
	x.err = err
	b := embedmeta.AppendJSONString([]byte(`{"error":`), msg)
	b = append(b, `,"request_id":`...)
	b = embedmeta.AppendJSONString(b, x.id)
	x.reply(status, append(b, '}', '\n'))
}

func (s *service) healthz(x *exchange) {
	x.w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = io.WriteString(x.w, "ok\n")
}

func (s *service) readyz(x *exchange) {
	x.w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if s.draining.Load() {
		x.w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = io.WriteString(x.w, "draining\n")
		return
	}
	_, _ = io.WriteString(x.w, "ready\n")
}

func (s *service) metrics(x *exchange) {
	s.m.handler.ServeHTTP(x.w, x.r)
}

// extract answers POST /v1/extract: the body (or its first multipart file part) is read as it
// arrives, through the library's stream reader, under the body deadline. No slot is held
// while waiting for the client, so a slow client delays only itself.
func (s *service) extract(x *exchange) {
	n := s.inflight.Add(1)
	s.m.inflight.Inc()
	defer func() {
		s.inflight.Add(-1)
		s.m.inflight.Dec()
	}()
	if n > int64(s.cfg.maxInflight) {
		x.w.Header().Set("Retry-After", "1")
		x.fail(http.StatusServiceUnavailable, errors.New("overloaded"),
			fmt.Sprintf("overloaded: more than %d requests in flight; retry later", s.cfg.maxInflight))
		return
	}
	facts, err := boolParam(x.r, "facts")
	if err != nil {
		x.fail(http.StatusBadRequest, err, err.Error())
		return
	}
	if q := x.r.URL.Query(); q.Has("object") {
		s.extractObject(x, q.Get("object"), facts)
		return
	}
	if x.r.ContentLength > s.cfg.maxBytes {
		x.fail(http.StatusRequestEntityTooLarge, errors.New("content-length over -max-bytes"),
			fmt.Sprintf("body of %d bytes is over the limit of %d bytes", x.r.ContentLength, s.cfg.maxBytes))
		return
	}

	ctx, cancel := s.requestContext(x)
	defer cancel()
	// The body's deadline; an expired one fails the blocked read (408).
	var deadline time.Time
	if s.cfg.bodyTimeout > 0 {
		deadline = x.start.Add(s.cfg.bodyTimeout)
	}
	if d, ok := ctx.Deadline(); ok && (deadline.IsZero() || d.Before(deadline)) {
		deadline = d
	}
	_ = http.NewResponseController(x.rw).SetReadDeadline(deadline) // zero: none

	body := &errReader{r: http.MaxBytesReader(x.rw, x.r.Body, s.cfg.maxBytes)}
	defer func() { x.in = body.n }()
	chunked := x.r.ContentLength < 0
	file, err := uploadedFile(x.r, body)
	if err != nil {
		s.failRead(x, body, err, chunked)
		return
	}
	src := &errReader{r: file}
	x.stats = new(embedmeta.ReadStats)
	limits := embedmeta.Limits{MaxRetained: s.cfg.maxRetained, MaxStreamRead: s.cfg.maxBytes}
	md, err := embedmeta.ExtractReader(ctx, src, embedmeta.WithLimits(limits), embedmeta.WithStats(x.stats))
	if md != nil {
		x.format = md.Format
	}
	switch {
	case body.err != nil || src.err != nil:
		// The body failed under the library (or under the multipart reader): its cause
		// decides, whatever the library made of it.
		s.failRead(x, body, src.err, false)
		return
	case x.r.Context().Err() != nil:
		s.clientGone(x, x.r.Context().Err())
		return
	case err != nil && ctx.Err() != nil:
		if body.eof {
			x.fail(http.StatusServiceUnavailable, err, "timed out: the extraction did not finish within -timeout")
		} else {
			x.fail(http.StatusRequestTimeout, err, "the body did not arrive in time")
		}
		return
	}
	// A chunked body's size is known only at its end: read the rest, up to -max-bytes, so
	// that one over the limit is 413, never a silent partial answer.
	if chunked {
		if _, derr := io.Copy(io.Discard, body); derr != nil {
			s.failRead(x, body, derr, false)
			return
		}
	}
	var fe *embedmeta.FormatError
	switch {
	case err == nil:
	case errors.Is(err, embedmeta.ErrUnsupportedFormat):
		x.fail(http.StatusUnsupportedMediaType, err, err.Error())
		return
	case errors.As(err, &fe):
		x.fail(http.StatusUnprocessableEntity, err, err.Error())
		return
	case errors.Is(err, embedmeta.ErrRead):
		x.fail(http.StatusBadRequest, err, "unreadable body: "+err.Error())
		return
	default:
		x.fail(http.StatusInternalServerError, err, "internal error")
		return
	}
	x.reply(http.StatusOK, appendResult(nil, md, facts))
}

// failRead answers a request whose body could not be read. When the body itself failed
// (body.err), its cause decides: over -max-bytes 413, past its deadline 408, the client gone
// 499 (logged), anything else (a broken chunked encoding) 400. Otherwise err, the multipart
// reader's complaint about a body that arrived whole, is 400. When drain is set, a chunked
// body is first read to its end (up to -max-bytes), so that one over the limit is 413 however
// malformed its start.
func (s *service) failRead(x *exchange, body *errReader, err error, drain bool) {
	if drain && body.err == nil {
		_, _ = io.Copy(io.Discard, body)
	}
	if body.err == nil {
		x.fail(http.StatusBadRequest, err, "malformed multipart body: "+err.Error())
		return
	}
	err = body.err
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		x.fail(http.StatusRequestEntityTooLarge, err, fmt.Sprintf("body over the limit of %d bytes", s.cfg.maxBytes))
	case isTimeout(err):
		x.fail(http.StatusRequestTimeout, err, "the body did not arrive in time")
	case clientClosed(x.r, err):
		s.clientGone(x, err)
	default:
		x.fail(http.StatusBadRequest, err, "malformed or unreadable body: "+err.Error())
	}
}

// clientGone records a request whose client went away: the answer (400, in case the client
// only half-closed) is logged and counted as 499, or as 503 when the shutdown closed it.
func (s *service) clientGone(x *exchange, err error) {
	if s.closing.Load() {
		x.fail(http.StatusServiceUnavailable, err, "shutting down")
		return
	}
	x.fail(http.StatusBadRequest, err, "the client closed the connection")
	x.status = statusClientClosed
}

// isTimeout reports whether err is a deadline: the body's read deadline or the request's.
func isTimeout(err error) bool {
	var ne net.Error
	return errors.Is(err, os.ErrDeadlineExceeded) || errors.Is(err, context.DeadlineExceeded) ||
		(errors.As(err, &ne) && ne.Timeout())
}

// clientClosed reports whether err, the body's error, means the client closed or reset its
// connection (a body that ends before its length or its last chunk: the client went away).
func clientClosed(r *http.Request, err error) bool {
	return r.Context().Err() != nil || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE) || errors.Is(err, net.ErrClosed)
}

// boolParam reads a boolean query parameter: absent is false; empty, 1, t, true (any case)
// are true; 0, f, false are false; anything else is an error.
func boolParam(r *http.Request, name string) (bool, error) {
	q := r.URL.Query()
	if !q.Has(name) {
		return false, nil
	}
	v := q.Get(name)
	if v == "" {
		return true, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return false, fmt.Errorf("query parameter %s=%q is not a boolean (true, false, 1, 0)", name, v)
	}
	return b, nil
}

// uploadedFile returns the file in the body: the body itself, or for a multipart/form-data
// body the first part that is a file (has a filename), read as it streams. Parts before it
// are read and discarded.
func uploadedFile(r *http.Request, body io.Reader) (io.Reader, error) {
	mt, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/form-data" {
		return body, nil // any other type (or none) is the file's own bytes
	}
	if params["boundary"] == "" {
		return nil, errors.New("multipart/form-data without a boundary")
	}
	mr := multipart.NewReader(body, params["boundary"])
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			return nil, errors.New("multipart body without a file part")
		}
		if err != nil {
			return nil, err
		}
		if p.FileName() != "" {
			return p, nil
		}
	}
}

// appendResult appends the answer of a successful extraction: the library's record without
// its "file" member, and a newline.
func appendResult(out []byte, md *embedmeta.Metadata, facts bool) []byte {
	out = embedmeta.AppendRecord(out, "", md, nil, embedmeta.RecordOptions{Facts: facts})
	return append(out, '\n')
}

// errReader counts the bytes read through it and keeps the first error other than io.EOF,
// so that the service knows whether, and why, the body failed, whatever the reader above it
// (the library, the multipart reader) makes of the failure.
type errReader struct {
	r   io.Reader
	n   int64
	err error
	eof bool // the reader said io.EOF: the body arrived whole
}

func (e *errReader) Read(p []byte) (int, error) {
	n, err := e.r.Read(p)
	e.n += int64(n)
	switch {
	case err == io.EOF:
		e.eof = true
	case err != nil && e.err == nil:
		e.err = err
	}
	return n, err
}

// recorder remembers the status and size of an answer.
type recorder struct {
	http.ResponseWriter
	status int
	n      int64
}

func (w *recorder) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *recorder) Write(p []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(p)
	w.n += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach the server's writer.
func (w *recorder) Unwrap() http.ResponseWriter { return w.ResponseWriter }
