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

// extractAll reads every input with cfg.workers goroutines and prints the records in input
// order, holding at most a small window of finished results in memory.
func extractAll(ctx context.Context, cfg *config, inputs []string, stdin io.Reader, stdout, stderr io.Writer) int {
	out := bufio.NewWriterSize(stdout, 64<<10)
	p := &printer{cfg: cfg, sel: newSelector(cfg)}
	single := len(inputs) == 1 && len(cfg.args) == 1 && inputs[0] == cfg.args[0] &&
		!cfg.recursive && !cfg.jsonArray && !cfg.facts && cfg.filesFrom == ""
	opts := embedmeta.Options{RawValues: cfg.raw, Sidecar: cfg.sidecar}
	bar := newProgress(cfg, len(inputs), stderr)

	window := cfg.workers * 4
	jobs := make(chan int)
	results := make(chan result, window)
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
			for i := range jobs {
				results <- read(ctx, inputs[i], i, opts, stdin)
			}
		}()
	}
	go func() { wg.Wait(); close(results) }()

	status := exitOK
	pending := make(map[int]result)
	next := 0
	var buf []byte
	if cfg.jsonArray {
		buf = append(buf, '[')
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
			buf = p.emit(buf, r, single, next)
			if _, err := out.Write(buf); err != nil {
				fmt.Fprintf(stderr, "embedmeta: writing output: %v\n", err)
				return exitOutput
			}
			buf = buf[:0]
			next++
			<-slots
			if bar != nil {
				bar.Add(1)
			}
		}
	}
	if cfg.jsonArray {
		buf = append(buf, "]\n"...)
	}
	if _, err := out.Write(buf); err != nil || out.Flush() != nil {
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

// read extracts one input: a file, or standard input for "-".
func read(ctx context.Context, name string, idx int, opts embedmeta.Options, stdin io.Reader) result {
	r := result{idx: idx, name: name}
	if err := ctx.Err(); err != nil {
		r.err = err
		return r
	}
	if name == stdinName {
		r.md, r.err = embedmeta.ExtractReader(ctx, stdin, opts)
	} else {
		r.md, r.err = embedmeta.ExtractFile(name, opts)
	}
	return r
}
