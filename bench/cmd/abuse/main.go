// Command abuse measures `embedmeta serve` under load and abuse, over loopback only: it
// starts a fresh server on 127.0.0.1:0 for each scenario (its address read from the JSON log
// line "listening"), runs the scenario, bounded in requests and in time, and prints one
// Markdown table row per scenario: the timed requests, their answers by status, their rate
// and p50/p99 latency; the body bytes the server read per second of the run and the most
// bytes it retained for one upload (both from its request log lines: bytes_in, retained); and
// the server's RSS when idle and at its peak (VmHWM and VmRSS from /proc/PID/status, sampled
// every 10 ms). It is run by bench/abuse.sh.
//
//	go run ./bench/cmd/abuse -bin /tmp/embedmeta -corpus testdata/corpus/files/jpeg
//	go run ./bench/cmd/abuse -quick                   # a short smoke run (builds the binary)
//	go run ./bench/cmd/abuse -only plain-c8,no-sos-1
//
// Scenarios (the timed requests are the good uploads unless said otherwise):
//
//	plain-c1, plain-c8, plain-c64  the corpus's JPEGs, from memory, at concurrency 1/8/64
//	slow-headers                   64 connections sending their headers one byte every
//	                               100 ms, beside good uploads at concurrency 8
//	slow-bodies                    64 uploads sending their body one byte a second, beside
//	                               good uploads at concurrency 8
//	far-offset                     a 40 KB TIFF whose IFD0 claims 250 MiB and an MP4 whose
//	                               mdat claims 250 MiB, 100 each at concurrency 8 (timed)
//	no-sos-1, no-sos-6             1 GiB JPEG streams that never reach their image data
//	                               (SOI, APP1, then APP15 segments, generated as sent), one,
//	                               then six at once (timed; the server gets -max-bytes 2 GiB)
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/embedmeta/embedmeta/internal/hostile"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// options are the flags.
type options struct {
	bin    string
	corpus string
	n      int           // most good uploads per plain or abuse scenario
	dur    time.Duration // longest time per scenario (the 1 GiB streams get 4x)
	only   map[string]bool
	quick  bool
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("abuse", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o options
	var only string
	fs.StringVar(&o.bin, "bin", "", "embedmeta binary, with embedmeta-serve beside it (default: both built into a temporary directory)")
	fs.StringVar(&o.corpus, "corpus", "testdata", "directory of JPEGs (*.jpg, *.jpeg, walked) for the good uploads")
	fs.IntVar(&o.n, "n", 5000, "most good uploads per scenario")
	fs.DurationVar(&o.dur, "time", 8*time.Second, "longest time per scenario (the 1 GiB streams get four times as long)")
	fs.StringVar(&only, "only", "", "run only these scenarios (comma-separated names)")
	fs.BoolVar(&o.quick, "quick", false, "a smoke run: -n 200 -time 2s, streams of 64 MiB")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if only != "" {
		o.only = map[string]bool{}
		for _, s := range strings.Split(only, ",") {
			o.only[strings.TrimSpace(s)] = true
		}
	}
	if o.quick {
		o.n, o.dur = min(o.n, 200), min(o.dur, 2*time.Second)
	}
	files, err := jpegs(o.corpus)
	if err != nil || len(files) == 0 {
		fmt.Fprintf(stderr, "abuse: no JPEGs under %s (%v)\n", o.corpus, err)
		return 2
	}
	if o.bin == "" {
		dir, err := os.MkdirTemp("", "abuse")
		if err != nil {
			fmt.Fprintln(stderr, "abuse:", err)
			return 1
		}
		defer os.RemoveAll(dir)
		// embedmeta serve execs embedmeta-serve from the same directory: build both.
		o.bin = filepath.Join(dir, "embedmeta")
		cmd := exec.Command("go", "build", "-o", dir+string(filepath.Separator), "./cmd/embedmeta", "./cmd/embedmeta-serve")
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		cmd.Stdout, cmd.Stderr = stderr, stderr
		if err := cmd.Run(); err != nil {
			fmt.Fprintln(stderr, "abuse: go build ./cmd/embedmeta ./cmd/embedmeta-serve (run from the module's root, or give -bin):", err)
			return 1
		}
	}
	fmt.Fprintf(stdout, "embedmeta serve under load and abuse, loopback; %d CPUs (client and server share them), %s; %d JPEGs from %s (%.1f KB mean)\n\n",
		runtime.NumCPU(), runtime.Version(), len(files), o.corpus, meanKB(files))
	fmt.Fprintln(stdout, "| scenario | requests | ok | statuses | req/s | MiB/s read | p50 ms | p99 ms | max retained KiB | idle RSS MiB | peak RSS MiB | notes |")
	fmt.Fprintln(stdout, "| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
	failed := false
	for _, sc := range scenarios(o, files) {
		if o.only != nil && !o.only[sc.name] {
			continue
		}
		r, err := runScenario(o, sc)
		if err != nil {
			fmt.Fprintf(stderr, "abuse: %s: %v\n", sc.name, err)
			failed = true
			continue
		}
		fmt.Fprintf(stdout, "| %s | %d | %d | %s | %.0f | %.1f | %.2f | %.2f | %d | %.0f | %.0f | %s |\n",
			r.name, r.requests, r.ok(), r.statusList(), float64(r.requests)/r.elapsed.Seconds(),
			float64(r.serverIn)/(1<<20)/r.elapsed.Seconds(), ms(r.percentile(0.5)), ms(r.percentile(0.99)),
			r.maxRetained>>10, mib(r.idleRSS), mib(r.peakRSS), r.note)
	}
	if failed {
		return 1
	}
	return 0
}

// scenario is one measured situation: the server's extra flags and what the clients do.
type scenario struct {
	name  string
	flags []string
	dur   time.Duration
	run   func(ctx context.Context, env *env, r *result) error
}

// env is what a scenario runs against.
type env struct {
	base     string // http://127.0.0.1:port
	addr     string
	client   *http.Client
	deadline time.Time
}

func scenarios(o options, files [][]byte) []scenario {
	good := func(i int) (io.Reader, int64) {
		f := files[i%len(files)]
		return bytes.NewReader(f), int64(len(f))
	}
	plain := func(c int) func(context.Context, *env, *result) error {
		return func(ctx context.Context, e *env, r *result) error {
			uploads(ctx, e.client, e.base, c, o.n, e.deadline, good, r)
			return nil
		}
	}
	beside := func(abuse func(e *env) (*abusers, error), what string) func(context.Context, *env, *result) error {
		return func(ctx context.Context, e *env, r *result) error {
			a, err := abuse(e)
			if err != nil {
				return err
			}
			uploads(ctx, e.client, e.base, 8, o.n, e.deadline, good, r)
			cut := a.stop()
			r.note = fmt.Sprintf("timed: good uploads at c=8 beside 64 %s (%d cut by the server during the run)", what, cut)
			return nil
		}
	}
	stream := int64(1 << 30)
	if o.quick {
		stream = 64 << 20
	}
	noSOS := func(k int) func(context.Context, *env, *result) error {
		return func(ctx context.Context, e *env, r *result) error {
			uploads(ctx, e.client, e.base, k, k, e.deadline.Add(time.Hour), func(int) (io.Reader, int64) {
				return hostile.NoSOS(stream), stream
			}, r)
			r.note = fmt.Sprintf("%d x %d MiB streams at once, generated as sent", k, stream>>20)
			return nil
		}
	}
	streamFlags := []string{"-max-bytes", "2147483648", "-body-timeout", "5m", "-timeout", "5m"}
	tiff, mp4 := hostile.FarTIFF(), hostile.FarMP4()
	return []scenario{
		{name: "plain-c1", run: plain(1)},
		{name: "plain-c8", run: plain(8)},
		{name: "plain-c64", run: plain(64)},
		{name: "slow-headers", run: beside(func(e *env) (*abusers, error) {
			head := []byte("POST /v1/extract HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: image/jpeg\r\nX-Padding: " +
				strings.Repeat("x", 4000) + "\r\n")
			a, err := startAbusers(e.addr, 64, head[:1], head[1:], 100*time.Millisecond)
			time.Sleep(200 * time.Millisecond) // all connected and sending
			return a, err
		}, "connections sending headers at 10 B/s")},
		{name: "slow-bodies", run: beside(func(e *env) (*abusers, error) {
			head := []byte("POST /v1/extract HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: image/jpeg\r\nContent-Length: 100000\r\n\r\n\xFF\xD8")
			a, err := startAbusers(e.addr, 64, head, []byte{0xFF, 0xFE, 0x00, 0x10}, time.Second)
			if err == nil && !waitInflight(e.client, e.base, 64) {
				a.stop()
				return nil, errors.New("the 64 trickling uploads did not reach the handler")
			}
			return a, err
		}, "uploads trickling 1 B/s")},
		{name: "far-offset", run: func(ctx context.Context, e *env, r *result) error {
			uploads(ctx, e.client, e.base, 8, 200, e.deadline, func(i int) (io.Reader, int64) {
				b := tiff
				if i%2 == 1 {
					b = mp4
				}
				return bytes.NewReader(b), int64(len(b))
			}, r)
			r.note = fmt.Sprintf("100 TIFF (%d KB, IFD0 at 250 MiB) + 100 MP4 (%d KB, mdat of 250 MiB) at c=8", len(tiff)>>10, len(mp4)>>10)
			return nil
		}},
		{name: "no-sos-1", flags: streamFlags, dur: 4 * o.dur, run: noSOS(1)},
		{name: "no-sos-6", flags: streamFlags, dur: 4 * o.dur, run: noSOS(6)},
	}
}

// runScenario starts a fresh server, runs sc against it while sampling the server's RSS, and
// stops the server.
func runScenario(o options, sc scenario) (*result, error) {
	dur := sc.dur
	if dur == 0 {
		dur = o.dur
	}
	ctx, cancel := context.WithTimeout(context.Background(), dur+2*time.Minute) // the hard bound
	defer cancel()
	srv, err := startServer(ctx, o.bin, sc.flags...)
	if err != nil {
		return nil, err
	}
	e := &env{
		base: "http://" + srv.addr,
		addr: srv.addr,
		client: &http.Client{
			Transport: &http.Transport{MaxIdleConnsPerHost: 128, DisableCompression: true},
			Timeout:   dur + time.Minute,
		},
		deadline: time.Now().Add(dur),
	}
	defer e.client.CloseIdleConnections()
	r := &result{name: sc.name, statuses: map[int]int{}}
	time.Sleep(100 * time.Millisecond) // settled after start
	r.idleRSS, _ = srv.rss()
	sctx, stopSampling := context.WithCancel(ctx)
	peak := srv.sampleRSS(sctx)
	err = sc.run(ctx, e, r)
	stopSampling()
	r.peakRSS = <-peak
	e.client.CloseIdleConnections()
	if serr := srv.stop(); serr != nil && err == nil {
		err = fmt.Errorf("server: %v; %s", serr, strings.Join(srv.lastLines(), "; "))
	}
	r.serverIn, r.maxRetained = srv.read() // complete once stop has returned
	return r, err
}

// jpegs loads the *.jpg and *.jpeg files under dir.
func jpegs(dir string) ([][]byte, error) {
	var out [][]byte
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		ext := strings.ToLower(filepath.Ext(p))
		if d.Type().IsRegular() && (ext == ".jpg" || ext == ".jpeg") {
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			out = append(out, b)
		}
		return nil
	})
	return out, err
}

func meanKB(files [][]byte) float64 {
	var n int
	for _, f := range files {
		n += len(f)
	}
	return float64(n) / float64(len(files)) / 1000
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func mib(b int64) float64 { return float64(b) / (1 << 20) }
