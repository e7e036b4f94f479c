package cliapp

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/embedmeta/embedmeta"
)

// result is one input's outcome.
type result struct {
	idx  int
	name string
	md   *embedmeta.Metadata
	err  error
}

// skipped reports whether a result is left out of the output: a file a directory walk
// found whose content is not a format embedmeta recognises (README.md, a .csv), unless
// --all-files asks for every file.
func skipped(cfg *config, j job, r result) bool {
	return j.walked && !cfg.allFiles && errors.Is(r.err, embedmeta.ErrUnsupportedFormat)
}

// rendered is one input's outcome as it will be printed: its record, made by the worker
// that read it (in a buffer of outBufs), and its error for standard error.
type rendered struct {
	idx  int
	name string
	out  *[]byte
	err  error
	skip bool     // nothing to print (skipped)
	row  []string // --csv: the row's cells by column (see csvTable)
}

// outBufs recycles the buffers records are rendered into between workers and the printer.
var outBufs = sync.Pool{New: func() any { b := make([]byte, 0, 4<<10); return &b }}

// maxKeptBuf bounds the buffers outBufs keeps, so that one huge record does not pin memory.
const maxKeptBuf = 1 << 20

// recordBuffer returns an empty buffer of outBufs with room for r's record as estimated,
// replacing a pooled buffer that is too small by one of the right size at once instead of
// growing it step by step (each step fresh memory the kernel must fault in).
func recordBuffer(r result) *[]byte {
	buf := outBufs.Get().(*[]byte)
	need := embedmeta.RecordSize(r.name, r.md)
	if cap(*buf) < need {
		*buf = make([]byte, 0, need+need/8)
	}
	*buf = (*buf)[:0]
	return buf
}

// lookahead is how many paths the directory walk may list ahead of the readers.
const lookahead = 4096

// listing is the list of files being made from the inputs while they are read: the walk
// runs ahead of the readers (up to lookahead paths), so that a tree of ordinary size is
// known whole (the progress bar's total) before its first file is read, and a huge one
// streams in bounded memory.
type listing struct {
	paths chan entry    // the files in order; closed when the walk ends
	done  chan struct{} // closed after err is set
	err   error         // what ended a walk early
	found atomic.Int64  // paths listed so far
	cut   atomic.Bool   // cancelled before every file was handed out
}

// startListing starts walking inputs (files with one of exts) in a goroutine; lister lists
// bucket prefixes.
func startListing(ctx context.Context, inputs []input, exts []string, lister ObjectReader) *listing {
	l := &listing{paths: make(chan entry, lookahead), done: make(chan struct{})}
	go func() {
		defer close(l.done)
		defer close(l.paths)
		l.err = expand(ctx, inputs, exts, lister, func(e entry) bool {
			select {
			case l.paths <- e:
				l.found.Add(1)
				return true
			case <-ctx.Done():
				l.cut.Store(true)
				return false
			}
		})
	}()
	return l
}

// feed numbers the listed files in order and queues them as jobs, each once a slot of the
// window of unprinted records is free; it closes jobs at the end or at cancellation.
func (l *listing) feed(ctx context.Context, slots chan<- struct{}, jobs chan<- job) {
	defer close(jobs)
	i := 0
	for e := range l.paths {
		select {
		case slots <- struct{}{}:
		case <-ctx.Done():
			l.cut.Store(true)
			return
		}
		select {
		case jobs <- job{i, e}:
			i++
		case <-ctx.Done():
			l.cut.Store(true)
			return
		}
	}
}

// finished reports whether the walk has ended.
func (l *listing) finished() bool {
	select {
	case <-l.done:
		return true
	default:
		return false
	}
}

// job is one file to read: its number in the output order and its entry.
type job struct {
	idx int
	entry
}

// extractAll reads every input with cfg.workers goroutines and prints the records in input
// order, holding at most a small window of finished results in memory. Directories are
// walked while files are read (expand), so the first records come before the walk ends.
// Each worker reads with its own embedmeta.Extractor and renders the record before reading
// the next file, so that the Metadata's memory serves file after file.
func extractAll(ctx context.Context, cfg *config, inputs []input, stdin io.Reader, stdout, stderr io.Writer) int {
	p := newPrinter(cfg)
	table := newCSVTable(cfg)
	single := len(inputs) == 1 && !inputs[0].dir && len(cfg.args) == 1 && inputs[0].path == cfg.args[0] &&
		!cfg.recursive && !cfg.jsonArray && !cfg.ndjson && !cfg.csv && !cfg.facts && cfg.filesFrom == ""
	opts := embedmeta.Options{RawValues: cfg.raw, Sidecar: cfg.sidecar}
	if single && !inputs[0].remote {
		return extractOne(ctx, cfg, p, inputs[0], opts, stdin, stdout, stderr)
	}
	out := bufio.NewWriterSize(stdout, 64<<10)
	if BatchStarts != nil {
		BatchStarts()
	}
	known := !slices.ContainsFunc(inputs, func(in input) bool { return in.dir }) // the number of files
	workers := cfg.workers
	if !cfg.workersSet && slices.ContainsFunc(inputs, func(in input) bool { return in.remote }) {
		workers = remoteWorkers // reading objects waits on the network far more than on the CPU
	}
	if known {
		workers = min(workers, max(len(inputs), 1))
	}
	total := -1 // unknown until the walks end
	if known {
		total = len(inputs)
	}
	bar := newProgress(cfg, total, stderr)

	window := workers * 4
	jobs := make(chan job, window) // queued ahead: a worker never waits for the feeder
	results := make(chan rendered, window)
	slots := make(chan struct{}, window) // results not yet printed
	var client ObjectReader              // nil: no URL among the inputs (Run hands those to embedmeta-cloud)
	if Objects != nil {
		client = Objects()
		defer client.Close()
	}
	list := startListing(ctx, inputs, cfg.exts, client)
	go list.feed(ctx, slots, jobs)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			x := embedmeta.NewExtractor(opts)
			defer x.Reset()
			for j := range jobs {
				if ctx.Err() != nil {
					continue // cancelled: the queued files are dropped, the output stays a prefix
				}
				r := read(ctx, x, client, j, opts, stdin)
				if skipped(cfg, j, r) {
					results <- rendered{idx: j.idx, skip: true}
					continue
				}
				out := rendered{idx: j.idx, name: r.name, err: r.err}
				if cfg.csv {
					out.row = table.row(p, r)
				} else {
					buf := recordBuffer(r)
					*buf = p.emit(*buf, r, single) // records print in input order: idx is their number
					out.out = buf
				}
				results <- out
			}
		}()
	}
	go func() { wg.Wait(); close(results) }()

	status := exitOK
	pending := make(map[int]rendered)
	next, printed := 0, 0
	var rows [][]string // --csv: every row, written at the end under the header
	if cfg.jsonArray {
		_ = out.WriteByte('[') // a write error shows at the next Write or the Flush
	}
	for r := range results {
		pending[r.idx] = r
		for {
			r, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			if r.err != nil {
				status = exitFailed
				fmt.Fprintf(stderr, "embedmeta: %s: %v\n", r.name, r.err)
			}
			switch {
			case r.skip:
			case cfg.csv:
				rows = append(rows, r.row)
			default:
				if cfg.jsonArray && printed > 0 {
					_ = out.WriteByte(',')
				}
				printed++
				_, err := out.Write(*r.out)
				if cap(*r.out) <= maxKeptBuf {
					outBufs.Put(r.out)
				}
				if err != nil {
					fmt.Fprintf(stderr, "embedmeta: writing output: %v\n", err)
					return exitOutput
				}
			}
			next++
			<-slots
			if bar == nil && total < 0 {
				bar = laterProgress(cfg, next, stderr) // a long walk gets its bar once it is long
			}
			if bar != nil {
				if total < 0 && list.finished() {
					total = int(list.found.Load())
					bar.SetTotal(total)
				}
				bar.Add(1)
			}
		}
	}
	if cfg.jsonArray {
		_, _ = out.WriteString("]\n")
	}
	if cfg.csv {
		table.write(out, rows)
	}
	if out.Flush() != nil {
		fmt.Fprintln(stderr, "embedmeta: writing output failed")
		return exitOutput
	}
	if bar != nil {
		bar.Finish()
	}
	<-list.done // it ends with the readers, or at the cancellation they saw
	if list.err != nil {
		fmt.Fprintf(stderr, "embedmeta: %v (the files found before it were read)\n", list.err)
		status = exitFailed
	}
	if err := ctx.Err(); err != nil && (list.cut.Load() || next < int(list.found.Load())) {
		fmt.Fprintf(stderr, "embedmeta: stopped after %d files: %v\n", next, err)
		return exitFailed
	}
	return status
}

// BatchStarts, when set, is called when a batch starts (any run extractOne does not read).
// cmd/embedmeta sets it to tune the collector for a batch and to cancel the run's context
// at SIGINT or SIGTERM, so that a stopped batch still prints the records of the files read
// so far. A one-file run does neither: there the signals keep their default effect and end
// the process at once, and the process starts none of the threads that subscribing to
// signals costs (a thread locked to the signal-handling goroutine, the runtime's template
// thread, one blocked in the signal queue: more than the run's own work on a loaded
// machine, issue 16.3), nor copies its environment to look up GOGC.
var BatchStarts func()

// extractOne is extractAll for one local file (or standard input) printed as its bare
// object (single): the same record, messages and exit status, read and printed by the
// calling goroutine. Starting no listing, feeding, reading and collecting goroutines keeps
// the start of the process's runtime threads and goroutine stacks out of the most common
// run, one file per process (issue 16.3).
func extractOne(ctx context.Context, cfg *config, p *printer, in input, opts embedmeta.Options, stdin io.Reader, stdout, stderr io.Writer) int {
	bar := newProgress(cfg, 1, stderr)
	if ctx.Err() != nil { // cancelled before the file was handed out, as a worker would see it
		fmt.Fprintf(stderr, "embedmeta: stopped after 0 files: %v\n", ctx.Err())
		return exitFailed
	}
	reserveStack()
	x := embedmeta.NewExtractor(opts)
	defer x.Reset()
	r := read(ctx, x, nil, job{entry: entry{path: in.path, err: in.err}}, opts, stdin)
	status := exitOK
	if r.err != nil {
		status = exitFailed
		fmt.Fprintf(stderr, "embedmeta: %s: %v\n", r.name, r.err)
	}
	buf := recordBuffer(r)
	*buf = p.emit(*buf, r, true)
	// One record, written straight to stdout: through a bufio.Writer it would be copied
	// into the writer's memory first, fresh pages that a one-file process faults in. A file
	// that failed has no record, and stdout is not written at all.
	if len(*buf) > 0 {
		if _, err := stdout.Write(*buf); err != nil {
			fmt.Fprintf(stderr, "embedmeta: writing output: %v\n", err)
			return exitOutput
		}
	}
	if bar != nil {
		bar.Add(1)
		bar.Finish()
	}
	return status
}

// stackReserve is about the stack that reading and printing one file needs (16 KiB for the
// IPTC reference image, measured with debug.SetMaxStack), less what is in use when
// extractOne starts.
const stackReserve = 12 << 10

// reserveStack grows the goroutine's stack to hold stackReserve more bytes at once, while
// few frames are on it. Left to grow on demand, the stack of a fresh process doubles three
// times (4, 8 and 16 KiB) deep inside the decoders, and each time the runtime copies it,
// walking every frame through the binary's tables and taking a new stack from a pool it
// must first fill: page faults a one-file process pays for nothing (issue 16.3). The frame
// is written once here; the pages are the ones the reading uses next.
//
//go:noinline
func reserveStack() {
	var pad [stackReserve]byte
	touchLast(pad[:])
}

// touchLast writes b's last byte: it keeps reserveStack's frame from being optimised away.
//
//go:noinline
func touchLast(b []byte) { b[len(b)-1] = 1 }

// emit renders result r in the output mode (a -j array's commas are the printer's).
func (p *printer) emit(dst []byte, r result, single bool) []byte {
	switch {
	case single:
		if r.err != nil {
			return dst
		}
		if p.cfg.pretty {
			return append(append(dst, indent(p.appendMetadata(nil, r.md), "")...), '\n')
		}
		return append(p.appendMetadata(dst, r.md), '\n') // straight into the sized buffer
	case p.cfg.jsonArray:
		if p.cfg.pretty {
			return append(append(dst, "\n  "...), indent(p.appendRecord(nil, r), "  ")...)
		}
		return p.appendRecord(append(dst, '\n'), r) // straight into the reused buffer
	}
	if p.cfg.pretty {
		return append(append(dst, indent(p.appendRecord(nil, r), "")...), '\n')
	}
	return append(p.appendRecord(dst, r), '\n')
}

// remoteWorkers is the default -P when URLs are read.
const remoteWorkers = 32

// read extracts one input: a file (with x), an object (with client), or standard input
// for "-".
func read(ctx context.Context, x *embedmeta.Extractor, client ObjectReader, j job, opts embedmeta.Options, stdin io.Reader) result {
	name := j.path
	r := result{idx: j.idx, name: name, err: j.err}
	if r.err != nil {
		return r
	}
	if err := ctx.Err(); err != nil {
		r.err = err
		return r
	}
	switch {
	case name == stdinName:
		r.md, r.err = embedmeta.ExtractReader(ctx, stdin, opts)
	case isURL(name) && client != nil:
		r.md, r.err = client.Extract(ctx, name, opts)
	default:
		r.md, r.err = x.ExtractFile(name)
	}
	return r
}
