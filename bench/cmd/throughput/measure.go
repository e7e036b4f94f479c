package main

import (
	"runtime"
	"slices"
	"time"

	"github.com/embedmeta/embedmeta"
)

// extractor reads one in-memory file and reports whether the call returned an error.
type extractor struct {
	name string // the library call, for the report
	read func(b []byte) bool
}

// packageCalls reads each file with embedmeta.ExtractBytes, as a library user holding the
// bytes would: every result is the caller's to keep.
var packageCalls = extractor{"embedmeta.ExtractBytes(b)", func(b []byte) bool {
	_, err := embedmeta.ExtractBytes(b)
	return err != nil
}}

// reusingExtractor reads each file with one embedmeta.Extractor, as a loop that is done
// with each result before the next file does (the CLI's workers).
func reusingExtractor() extractor {
	x := embedmeta.NewExtractor()
	return extractor{"embedmeta.NewExtractor().ExtractBytes(b)", func(b []byte) bool {
		_, err := x.ExtractBytes(b)
		return err != nil
	}}
}

// result is what one measurement found.
type result struct {
	calls   int             // library calls made while measuring
	errors  int             // calls that returned an error (kept in the count: the work was done)
	elapsed time.Duration   // wall time of the measured passes
	median  time.Duration   // median over files of each file's median call time
	each    []time.Duration // each file's median call time, in the order of the files
	// bytes and allocs are the heap allocation of the measured passes per call (the
	// timing record of each call, 8 bytes amortized, included).
	bytes, allocs float64
}

// filesPerSecond is the throughput of the measured passes.
func (r result) filesPerSecond() float64 {
	if r.elapsed <= 0 {
		return 0
	}
	return float64(r.calls) / r.elapsed.Seconds()
}

// warm runs whole passes over files for at least d (and at least one pass), so that caches,
// the allocator and lazily built tables are settled before measuring.
func warm(x extractor, files []file, d time.Duration) {
	start := time.Now()
	for {
		for _, f := range files {
			x.read(f.data)
		}
		if time.Since(start) >= d {
			return
		}
	}
}

// measure runs whole passes over files until d has passed (at least one pass), timing each
// call. Throughput is calls over the wall time of all passes; the per-file figure is the
// median over files of each file's median call time.
func measure(x extractor, files []file, d time.Duration) result {
	per := make([][]time.Duration, len(files))
	var r result
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	for {
		for i, f := range files {
			t := time.Now()
			if x.read(f.data) {
				r.errors++
			}
			per[i] = append(per[i], time.Since(t))
			r.calls++
		}
		if r.elapsed = time.Since(start); r.elapsed >= d {
			break
		}
	}
	runtime.ReadMemStats(&after)
	r.bytes = float64(after.TotalAlloc-before.TotalAlloc) / float64(r.calls)
	r.allocs = float64(after.Mallocs-before.Mallocs) / float64(r.calls)
	medians := make([]time.Duration, len(files))
	for i, ts := range per {
		medians[i] = median(ts)
	}
	r.each = slices.Clone(medians)
	r.median = median(medians)
	return r
}

// median returns the middle value of ts (the lower middle for an even count); ts is sorted
// in place.
func median(ts []time.Duration) time.Duration {
	if len(ts) == 0 {
		return 0
	}
	slices.Sort(ts)
	return ts[(len(ts)-1)/2]
}
