package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"sync"

	"github.com/embedmeta/embedmeta"
)

// result is one input's outcome.
type result struct {
	idx  int
	name string
	md   *embedmeta.Metadata
	err  error
}

// rendered is one input's outcome as it will be printed: its record, made by the worker
// that read it (in a buffer of outBufs), and its error for standard error.
type rendered struct {
	idx  int
	name string
	out  *[]byte
	err  error
}

// outBufs recycles the buffers records are rendered into between workers and the printer.
var outBufs = sync.Pool{New: func() any { b := make([]byte, 0, 4<<10); return &b }}

// maxKeptBuf bounds the buffers outBufs keeps, so that one huge record does not pin memory.
const maxKeptBuf = 1 << 20

// extractAll reads every input with cfg.workers goroutines and prints the records in input
// order, holding at most a small window of finished results in memory. Each worker reads
// with its own embedmeta.Extractor and renders the record before reading the next file,
// so that the Metadata's memory serves file after file.
func extractAll(ctx context.Context, cfg *config, inputs []string, stdin io.Reader, stdout, stderr io.Writer) int {
	out := bufio.NewWriterSize(stdout, 64<<10)
	p := &printer{cfg: cfg, sel: newSelector(cfg)}
	single := len(inputs) == 1 && len(cfg.args) == 1 && inputs[0] == cfg.args[0] &&
		!cfg.recursive && !cfg.jsonArray && !cfg.facts && cfg.filesFrom == ""
	opts := embedmeta.Options{RawValues: cfg.raw, Sidecar: cfg.sidecar}
	bar := newProgress(cfg, len(inputs), stderr)

	window := cfg.workers * 4
	jobs := make(chan int)
	results := make(chan rendered, window)
	slots := make(chan struct{}, window) // results not yet printed
	go func() {
		defer close(jobs)
		for i := range inputs {
			select {
			case slots <- struct{}{}:
			case <-ctx.Done():
				return
			}
			select {
			case jobs <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	var wg sync.WaitGroup
	for w := 0; w < min(cfg.workers, max(len(inputs), 1)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			x := embedmeta.NewExtractor(opts)
			defer x.Reset()
			for i := range jobs {
				r := read(ctx, x, inputs[i], i, opts, stdin)
				buf := outBufs.Get().(*[]byte)
				*buf = p.emit((*buf)[:0], r, single, i) // records print in input order: i is their number
				results <- rendered{idx: i, name: r.name, out: buf, err: r.err}
			}
		}()
	}
	go func() { wg.Wait(); close(results) }()

	status := exitOK
	pending := make(map[int]rendered)
	next := 0
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
			_, err := out.Write(*r.out)
			if cap(*r.out) <= maxKeptBuf {
				outBufs.Put(r.out)
			}
			if err != nil {
				fmt.Fprintf(stderr, "embedmeta: writing output: %v\n", err)
				return exitOutput
			}
			next++
			<-slots
			if bar != nil {
				bar.Add(1)
			}
		}
	}
	if cfg.jsonArray {
		_, _ = out.WriteString("]\n")
	}
	if out.Flush() != nil {
		fmt.Fprintln(stderr, "embedmeta: writing output failed")
		return exitOutput
	}
	if bar != nil {
		bar.Finish()
	}
	if err := ctx.Err(); err != nil && next < len(inputs) {
		fmt.Fprintf(stderr, "embedmeta: stopped after %d of %d files: %v\n", next, len(inputs), err)
		return exitFailed
	}
	return status
}

// emit renders result r, the n-th printed, in the output mode.
func (p *printer) emit(dst []byte, r result, single bool, n int) []byte {
	switch {
	case single:
		if r.err != nil {
			return dst
		}
		obj := p.appendMetadata(nil, r.md)
		if p.cfg.pretty {
			obj = indent(obj, "")
		}
		return append(append(dst, obj...), '\n')
	case p.cfg.jsonArray:
		if n > 0 {
			dst = append(dst, ',')
		}
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

// read extracts one input: a file (with x), or standard input for "-".
func read(ctx context.Context, x *embedmeta.Extractor, name string, idx int, opts embedmeta.Options, stdin io.Reader) result {
	r := result{idx: idx, name: name}
	if err := ctx.Err(); err != nil {
		r.err = err
		return r
	}
	if name == stdinName {
		r.md, r.err = embedmeta.ExtractReader(ctx, stdin, opts)
	} else {
		r.md, r.err = x.ExtractFile(name)
	}
	return r
}
