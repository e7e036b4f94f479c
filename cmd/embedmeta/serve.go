package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"runtime"
	"strconv"
	"time"

	"github.com/embedmeta/embedmeta"
	"github.com/embedmeta/embedmeta/normalize"
)

// serveConfig configures the HTTP service.
type serveConfig struct {
	addr        string
	maxBytes    int64         // largest request body read
	timeout     time.Duration // per request, reading included
	concurrency int           // extractions at once; more requests wait up to timeout
}

const serveUsage = `usage: embedmeta serve [flags]

An HTTP service: POST a file's bytes to /v1/extract and get its embeddedMetadata back.

  POST /v1/extract[?facts=1]   body: the file; answer: {"embeddedMetadata":{…}} plus
                               "facts" (with facts=1) and "warnings"; errors as {"error":"…"}
                               with 400 (unreadable), 413 (too large), 415 (unsupported
                               format), 503 (busy or timed out)
  GET  /healthz                200 "ok"

flags:
  -addr ADDR          listen address (default 127.0.0.1:8080)
  -max-bytes N        largest body read, bytes (default 268435456); metadata beyond it is lost
  -timeout D          time allowed per request (default 30s)
  -concurrency N      extractions at once (default 2 x CPUs)

Logs are JSON lines on stderr. SIGINT/SIGTERM shut the service down gracefully.
`

func serve(ctx context.Context, args []string, stderr io.Writer) int {
	cfg := serveConfig{}
	fl := flag.NewFlagSet("serve", flag.ContinueOnError)
	fl.SetOutput(io.Discard)
	fl.StringVar(&cfg.addr, "addr", "127.0.0.1:8080", "")
	fl.Int64Var(&cfg.maxBytes, "max-bytes", 256<<20, "")
	fl.DurationVar(&cfg.timeout, "timeout", 30*time.Second, "")
	fl.IntVar(&cfg.concurrency, "concurrency", 2*runtime.GOMAXPROCS(0), "")
	var help bool
	fl.BoolVar(&help, "h", false, "")
	fl.BoolVar(&help, "help", false, "")
	if err := fl.Parse(args); err != nil || help || fl.NArg() > 0 || cfg.concurrency < 1 || cfg.maxBytes < 1 {
		fmt.Fprint(stderr, serveUsage)
		if help {
			return exitOK
		}
		return exitUsage
	}
	logger := slog.New(slog.NewJSONHandler(stderr, nil))
	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		logger.Error("listen", "addr", cfg.addr, "err", err)
		return exitFailed
	}
	if err := runServer(ctx, ln, cfg, logger); err != nil {
		logger.Error("serve", "err", err)
		return exitFailed
	}
	return exitOK
}

// runServer serves on ln until ctx is cancelled, then shuts down gracefully.
func runServer(ctx context.Context, ln net.Listener, cfg serveConfig, logger *slog.Logger) error {
	srv := &http.Server{
		Handler:           newHandler(cfg, logger),
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	logger.Info("listening", "addr", ln.Addr().String())
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), cfg.timeout)
	defer cancel()
	err := srv.Shutdown(shutdown)
	logger.Info("stopped")
	return err
}

// newHandler returns the service's routes.
func newHandler(cfg serveConfig, logger *slog.Logger) http.Handler {
	busy := make(chan struct{}, cfg.concurrency)
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		_, _ = io.WriteString(w, "ok\n")
	})
	mux.HandleFunc("POST /v1/extract", func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		ctx, cancel := context.WithTimeout(r.Context(), cfg.timeout)
		defer cancel()
		// The body is read under the same deadline: a slow upload cannot hold a slot longer.
		_ = http.NewResponseController(w).SetReadDeadline(start.Add(cfg.timeout))
		status, body := extractRequest(ctx, w, r, cfg, busy)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = w.Write(body)
		logger.Info("request", "method", r.Method, "path", r.URL.Path, "status", status,
			"bytes", len(body), "ms", time.Since(start).Milliseconds())
	})
	return mux
}

// extractRequest reads one uploaded file and returns the HTTP status and JSON body.
func extractRequest(ctx context.Context, w http.ResponseWriter, r *http.Request, cfg serveConfig, busy chan struct{}) (int, []byte) {
	select {
	case busy <- struct{}{}:
		defer func() { <-busy }()
	case <-ctx.Done():
		return http.StatusServiceUnavailable, errorBody("busy: no extraction slot within the timeout")
	}
	if r.ContentLength > cfg.maxBytes {
		return http.StatusRequestEntityTooLarge, errorBody("body larger than " + strconv.FormatInt(cfg.maxBytes, 10) + " bytes")
	}
	body := http.MaxBytesReader(w, r.Body, cfg.maxBytes)
	md, err := embedmeta.ExtractReader(ctx, body, embedmeta.WithLimits(embedmeta.Limits{MaxTotalRead: cfg.maxBytes}))
	var tooLarge *http.MaxBytesError
	switch {
	case err == nil:
	case errors.As(err, &tooLarge):
		return http.StatusRequestEntityTooLarge, errorBody(err.Error())
	case errors.Is(err, embedmeta.ErrUnsupportedFormat):
		return http.StatusUnsupportedMediaType, errorBody(err.Error())
	case ctx.Err() != nil || isTimeout(err):
		return http.StatusServiceUnavailable, errorBody("timed out: " + err.Error())
	default:
		return http.StatusBadRequest, errorBody(err.Error())
	}
	out := []byte(`{"embeddedMetadata":`)
	js, _ := md.MarshalJSON()
	out = append(out, js...)
	if r.URL.Query().Get("facts") == "1" {
		out = append(out, `,"facts":`...)
		out = appendFacts(out, md.Facts)
	}
	if len(md.Warnings) > 0 {
		out = append(out, `,"warnings":[`...)
		for i, wn := range md.Warnings {
			if i > 0 {
				out = append(out, ',')
			}
			out = normalize.AppendString(out, wn.String())
		}
		out = append(out, ']')
	}
	return http.StatusOK, append(out, '}', '\n')
}

// isTimeout reports whether err is a network timeout (the body's read deadline).
func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

func errorBody(msg string) []byte {
	return append(normalize.AppendString([]byte(`{"error":`), msg), '}', '\n')
}
