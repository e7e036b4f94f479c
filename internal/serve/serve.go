// Package serve is the HTTP service of embedmeta: POST a file, get its embeddedMetadata back
// as JSON. It is the whole of the embedmeta-serve command (Main), which `embedmeta serve`
// runs; it lives apart from the CLI so that the CLI does not link the service's packages
// (client_golang, with protobuf and procfs) and pay their start-up on every file run.
package serve

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/embedmeta/embedmeta"
)

// Exit codes of Main.
const (
	exitOK     = 0
	exitFailed = 1 // the service could not listen, or failed while serving
	exitUsage  = 2 // bad flags or environment variables
)

// serveConfig configures the HTTP service. Every field is a flag and an EMBEDMETA_* variable
// (see serveUsage and parseServe).
type serveConfig struct {
	addr            string
	maxBytes        int64         // largest request body, bytes; over it: 413
	maxRetained     int64         // bytes of one upload held in memory at once (Limits.MaxRetained)
	maxInflight     int           // extraction requests at once; over it: 503 at once
	headerTimeout   time.Duration // request line and headers; 0: no limit
	bodyTimeout     time.Duration // the body, from the end of the headers; 0: no limit
	timeout         time.Duration // the whole request after its headers; 0: no limit
	idleTimeout     time.Duration // an idle keep-alive connection
	drainDelay      time.Duration // after SIGTERM, /readyz is 503 this long before the listener closes
	shutdownTimeout time.Duration // then in-flight requests get this long before their connections close
	logLevel        slog.Level
	concurrency     int        // deprecated, ignored: extraction holds no slot (see -max-inflight)
	allowBuckets    bucketList // buckets ?object= may read (-allow-bucket); none: ?object= is refused
}

// envPrefix prefixes the environment variable of every serve flag: -max-bytes is
// EMBEDMETA_MAX_BYTES.
const envPrefix = "EMBEDMETA_"

const serveUsage = `usage: embedmeta-serve [flags]
       embedmeta serve [flags]   (the same: the CLI runs embedmeta-serve)

An HTTP service: POST a file to /v1/extract and get its embeddedMetadata back as JSON.
docs/http-api.md describes every route, status, JSON shape, header and metric.

  POST /v1/extract[?facts=true]  body: the file's bytes, or a multipart/form-data form whose
                                 first file part is the file (curl -F file=@photo.jpg);
                                 answer: {"embeddedMetadata":{…}} plus "facts" (facts=true or
                                 facts=1) and "warnings"
  POST /v1/extract?object=URL    no body: the metadata of a stored object (s3://bucket/key,
                                 gs://, azblob://) read by ranged requests, from a bucket
                                 allowed with -allow-bucket only
  GET  /healthz                  200 while the process serves (liveness)
  GET  /readyz                   200 when ready, 503 while shutting down (readiness)
  GET  /metrics                  Prometheus text format (embedmeta_* series)

Statuses of /v1/extract (errors are {"error":"…","request_id":"…"}):
  200 the metadata (possibly empty, with "warnings")
  400 malformed or unreadable body (a broken chunked or multipart body, a bad ?facts)
  404 no such route; 405 wrong method (with Allow)
  408 the body did not arrive within -body-timeout (or -timeout)
  413 the body is over -max-bytes (with a Content-Length: before reading; chunked: the
      rest of the body is read and discarded to learn its size)
  403 ?object= outside the allowed buckets (or an http(s)/file URL, or one with a query)
  404 ?object= names no object
  415 no container recognised
  422 a recognised container with nothing readable
  500 an unexpected error
  502 reading ?object= failed (the store's error); 504 it outlasted -timeout
  503 overloaded (more than -max-inflight requests; with Retry-After), or the extraction
      itself outlasted -timeout, or the service is shutting down
  A client that closes its connection before the answer is logged and counted as 499.

A slow client holds only its own request: a body is read as it arrives, under -body-timeout,
and no extraction slot is taken while waiting for it; each request keeps at most
-max-retained bytes of its upload in memory (so memory is bounded by about
max-inflight x max-retained).

flags (each also set by its environment variable: EMBEDMETA_ and the flag's name in capitals
with _ for -, so -max-bytes is EMBEDMETA_MAX_BYTES; a flag wins over its variable):
  -addr ADDR              listen address (default 127.0.0.1:8080)
  -max-bytes N            largest body, bytes (default 268435456)
  -max-retained N         most bytes of one upload kept in memory at once (default 16777216)
  -max-inflight N         /v1/extract requests at once; more get 503 (default 1024)
  -header-timeout D       time to send the request line and headers (default 10s; 0: none)
  -body-timeout D         time to send the body once the headers are in (default 30s; 0: none)
  -timeout D              time for the whole request once the headers are in, extraction
                          included (default 60s; 0: none)
  -idle-timeout D         idle keep-alive connections are closed after D (default 2m)
  -drain-delay D          on SIGTERM/SIGINT, /readyz answers 503 for D before the listener
                          closes (default 0s)
  -shutdown-timeout D     then requests in flight get D to finish before their connections
                          are closed (default 10s)
  -log-level LEVEL        debug, info, warn or error (default info; /healthz, /readyz and
                          /metrics are logged at debug)
  -allow-bucket URL       a bucket ?object= may read (s3://photos, gs://media?...; the URL's
                          query, e.g. a region, is used for it); repeatable, or
                          comma-separated in EMBEDMETA_ALLOW_BUCKET; none: ?object= is refused.
                          S3 is configured as the AWS SDK is (AWS_ENDPOINT_URL_S3 for
                          S3-compatible stores)
  -concurrency N          deprecated and ignored (extraction holds no slot; see -max-inflight)
  -version                print the version
  -h, -help               this help

Durations are Go durations (500ms, 30s, 2m). Logs are JSON lines on stderr, one per request
with its request_id (an incoming X-Request-Id is kept, else one is made; the answer carries
it in X-Request-Id), remote address, status, duration and error. The second SIGINT/SIGTERM
ends the process at once.
`

// serveFlags returns the flag set of serve, writing into cfg.
func serveFlags(cfg *serveConfig) *flag.FlagSet {
	fl := flag.NewFlagSet("serve", flag.ContinueOnError)
	fl.SetOutput(io.Discard)
	fl.StringVar(&cfg.addr, "addr", "127.0.0.1:8080", "")
	fl.Int64Var(&cfg.maxBytes, "max-bytes", 256<<20, "")
	fl.Int64Var(&cfg.maxRetained, "max-retained", 16<<20, "")
	fl.IntVar(&cfg.maxInflight, "max-inflight", 1024, "")
	fl.DurationVar(&cfg.headerTimeout, "header-timeout", 10*time.Second, "")
	fl.DurationVar(&cfg.bodyTimeout, "body-timeout", 30*time.Second, "")
	fl.DurationVar(&cfg.timeout, "timeout", 60*time.Second, "")
	fl.DurationVar(&cfg.idleTimeout, "idle-timeout", 2*time.Minute, "")
	fl.DurationVar(&cfg.drainDelay, "drain-delay", 0, "")
	fl.DurationVar(&cfg.shutdownTimeout, "shutdown-timeout", 10*time.Second, "")
	fl.TextVar(&cfg.logLevel, "log-level", slog.LevelInfo, "")
	fl.IntVar(&cfg.concurrency, "concurrency", 0, "")
	fl.Var(&cfg.allowBuckets, "allow-bucket", "")
	return fl
}

// envName is the environment variable of a serve flag: max-bytes -> EMBEDMETA_MAX_BYTES.
func envName(flagName string) string {
	return envPrefix + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

// errHelp and errVersion are parseServe's answers to -h and -version.
var (
	errHelp    = errors.New("help requested")
	errVersion = errors.New("version requested")
)

// parseServe reads serve's configuration: the defaults, then the EMBEDMETA_* variables that
// lookupEnv finds, then the flags in args (a flag wins over its variable).
func parseServe(args []string, lookupEnv func(string) (string, bool)) (serveConfig, error) {
	var cfg serveConfig
	fl := serveFlags(&cfg)
	var err error
	fl.VisitAll(func(f *flag.Flag) {
		if v, ok := lookupEnv(envName(f.Name)); ok && err == nil {
			if e := fl.Set(f.Name, v); e != nil {
				err = fmt.Errorf("%s=%q: %v", envName(f.Name), v, e)
			}
		}
	})
	if err != nil {
		return cfg, err
	}
	var help, version bool
	fl.BoolVar(&help, "h", false, "")
	fl.BoolVar(&help, "help", false, "")
	fl.BoolVar(&version, "version", false, "")
	switch err := fl.Parse(args); {
	case help:
		return cfg, errHelp
	case version:
		return cfg, errVersion
	case err != nil:
		return cfg, err
	case fl.NArg() > 0:
		return cfg, fmt.Errorf("unexpected argument %q", fl.Arg(0))
	case cfg.maxBytes < 1:
		return cfg, errors.New("-max-bytes must be at least 1")
	case cfg.maxRetained < 1:
		return cfg, errors.New("-max-retained must be at least 1")
	case cfg.maxInflight < 1:
		return cfg, errors.New("-max-inflight must be at least 1")
	case cfg.headerTimeout < 0, cfg.bodyTimeout < 0, cfg.timeout < 0, cfg.idleTimeout < 0,
		cfg.drainDelay < 0, cfg.shutdownTimeout < 0:
		return cfg, errors.New("durations must not be negative")
	}
	return cfg, nil
}

// Main is the embedmeta-serve command: it reads the configuration from args (the flags,
// without the program's name) and the EMBEDMETA_* environment variables, serves until ctx
// is cancelled (the command cancels it at SIGTERM or SIGINT), shuts down gracefully and
// returns the exit status. The help and the version go to stdout, logs (JSON lines) and
// usage errors to stderr.
func Main(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	cfg, err := parseServe(args, os.LookupEnv)
	switch {
	case errors.Is(err, errHelp):
		fmt.Fprint(stdout, serveUsage)
		return exitOK
	case errors.Is(err, errVersion):
		fmt.Fprintln(stdout, "embedmeta-serve", embedmeta.Version())
		return exitOK
	case err != nil:
		fmt.Fprintf(stderr, "embedmeta-serve: %v\n\n%s", err, serveUsage)
		return exitUsage
	}
	logger := slog.New(slog.NewJSONHandler(stderr, &slog.HandlerOptions{Level: cfg.logLevel}))
	if cfg.concurrency != 0 {
		logger.Warn("-concurrency is deprecated and ignored: extraction holds no slot; -max-inflight bounds requests at once")
	}
	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		logger.Error("listen", "addr", cfg.addr, "error", err)
		return exitFailed
	}
	if err := runServer(ctx, ln, cfg, logger); err != nil {
		logger.Error("serve", "error", err)
		return exitFailed
	}
	return exitOK
}

// maxHeaderBytes bounds a request's line and headers.
const maxHeaderBytes = 64 << 10

// runServer serves on ln until ctx is cancelled, then shuts down: /readyz answers 503 at once,
// the listener closes after cfg.drainDelay, requests in flight get cfg.shutdownTimeout to
// finish, and then every connection still open is closed and every request's context is
// cancelled, so that shutdown is bounded whatever the clients do.
func runServer(ctx context.Context, ln net.Listener, cfg serveConfig, logger *slog.Logger) error {
	s := newService(cfg, logger)
	base, cancelBase := context.WithCancel(context.Background())
	defer cancelBase()
	srv := &http.Server{
		Handler:           s.handler(),
		ReadHeaderTimeout: cfg.headerTimeout,
		IdleTimeout:       cfg.idleTimeout,
		MaxHeaderBytes:    maxHeaderBytes,
		// Each answer sets its own write deadline (writeTimeout from when it is written);
		// the server's resets it for the next request on the connection.
		WriteTimeout: writeTimeout,
		BaseContext:  func(net.Listener) context.Context { return base },
		ErrorLog:     slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	if cfg.headerTimeout == 0 {
		srv.ReadHeaderTimeout = -1 // no limit (0 would mean ReadTimeout, also none, but say it)
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	logger.Info("listening", "addr", ln.Addr().String(), "version", embedmeta.Version(), "max_bytes", cfg.maxBytes,
		"max_inflight", cfg.maxInflight, "body_timeout", cfg.bodyTimeout.String(), "timeout", cfg.timeout.String())
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	s.draining.Store(true)
	logger.Info("draining", "in_flight", s.inflight.Load(), "drain_delay", cfg.drainDelay.String(),
		"shutdown_timeout", cfg.shutdownTimeout.String())
	if cfg.drainDelay > 0 {
		t := time.NewTimer(cfg.drainDelay)
		select {
		case <-t.C:
		case err := <-errc:
			t.Stop()
			return err
		}
	}
	shutdown, cancel := context.WithTimeout(context.Background(), cfg.shutdownTimeout)
	defer cancel()
	err := srv.Shutdown(shutdown)
	if errors.Is(err, context.DeadlineExceeded) {
		logger.Warn("shutdown timed out: closing the connections still open", "in_flight", s.inflight.Load())
		s.closing.Store(true)
		err = srv.Close()
		cancelBase()
	}
	if serr := <-errc; !errors.Is(serr, http.ErrServerClosed) && err == nil {
		err = serr
	}
	logger.Info("stopped")
	return err
}
