// Command throughput measures embedmeta in-process: it loads files into memory, warms up,
// then calls the library over them again and again on one core and reports files per second
// and the median time of one file. It is the in-process row of bench/peers.sh.
//
//	go run ./bench/cmd/throughput -time 3s DIR
//	go run ./bench/cmd/throughput -list files.txt
//	go run ./bench/cmd/throughput -reuse DIR    # through one embedmeta.Extractor
//
// Arguments are files or directories (walked recursively; every regular file is read).
// The last line of the output is key=value pairs for scripts:
//
//	files=91 calls=36400 errors=0 seconds=2.001 files_per_s=18190 median_ms=0.041 procs=1 bytes_per_call=20480 allocs_per_call=60.0
package main

import (
	"cmp"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"slices"
	"time"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run parses the flags, measures, prints the result and returns the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("throughput", flag.ContinueOnError)
	fs.SetOutput(stderr)
	list := fs.String("list", "", "read input paths from this file, one per line")
	warmup := fs.Duration("warmup", 500*time.Millisecond, "time spent warming up before measuring")
	dur := fs.Duration("time", 2*time.Second, "time spent measuring (whole passes over the files)")
	top := fs.Int("top", 0, "also list the N slowest files by median call time")
	procs := fs.Int("procs", 1, "GOMAXPROCS while measuring (1: one core, as the target says)")
	reuse := fs.Bool("reuse", false, "read through one embedmeta.Extractor instead of embedmeta.ExtractBytes")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: throughput [flags] [-list FILE] [FILE|DIR ...]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	paths, err := inputs(*list, fs.Args())
	if err != nil {
		fmt.Fprintln(stderr, "throughput:", err)
		return 1
	}
	files, err := load(paths)
	if err != nil {
		fmt.Fprintln(stderr, "throughput:", err)
		return 1
	}
	if len(files) == 0 {
		fmt.Fprintln(stderr, "throughput: no input files")
		return 2
	}
	runtime.GOMAXPROCS(*procs)
	x := packageCalls
	if *reuse {
		x = reusingExtractor()
	}
	warm(x, files, *warmup)
	r := measure(x, files, *dur)
	fmt.Fprintf(stdout, "api: %s\n", x.name)
	printSlowest(stdout, files, r.each, *top)
	fmt.Fprintf(stdout, "files=%d calls=%d errors=%d seconds=%.3f files_per_s=%.0f median_ms=%.4f procs=%d bytes_per_call=%.0f allocs_per_call=%.1f\n",
		len(files), r.calls, r.errors, r.elapsed.Seconds(), r.filesPerSecond(), ms(r.median), *procs, r.bytes, r.allocs)
	return 0
}

// ms converts a duration to milliseconds.
func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// printSlowest lists the n files with the longest median call time, slowest first.
func printSlowest(w io.Writer, files []file, each []time.Duration, n int) {
	idx := make([]int, len(files))
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(a, b int) int { return cmp.Compare(each[b], each[a]) })
	for _, i := range idx[:min(n, len(idx))] {
		fmt.Fprintf(w, "slow: %.4f ms %d bytes %s\n", ms(each[i]), len(files[i].data), files[i].path)
	}
}
