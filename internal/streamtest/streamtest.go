// Package streamtest compares a container walker over a stream with the same walker over
// the same bytes in memory, as the walkers' stream tests do.
package streamtest

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/embedmeta/embedmeta/extract"
)

// Locate is a container walker's Locate.
type Locate func(r io.ReaderAt, size int64, lim extract.Limits, ws *extract.Warnings) (extract.Payloads, error)

// Pieces hands out its bytes in reads of 1 to 4099 bytes, cut differently for every seed:
// a stream must not depend on how its reads are cut.
type Pieces struct {
	B    []byte
	Seed int
}

func (r *Pieces) Read(p []byte) (int, error) {
	if len(r.B) == 0 {
		return 0, io.EOF
	}
	r.Seed = (r.Seed*1103515245 + 12345) & 0x7FFFFFFF
	n := min(len(p), len(r.B), 1+r.Seed%4099)
	copy(p, r.B[:n])
	r.B = r.B[n:]
	return n, nil
}

// Diff compares locate over data as a stream (read as scan reads one: head first, settled
// and walked again when the stream ended before an answer it was given) with locate over
// the same bytes in memory: payloads, facts, warnings and error. "" when they agree; again
// reports whether the stream needed the second walk.
func Diff(locate Locate, data []byte, seed int) (diff string, again bool) {
	return diffStream(locate, data, seed, false)
}

// DiffKeepAll is Diff for a container marked random in scan's format table, whose stream
// keeps what it passes (extract.Stream.KeepAll).
func DiffKeepAll(locate Locate, data []byte, seed int) (diff string, again bool) {
	return diffStream(locate, data, seed, true)
}

func diffStream(locate Locate, data []byte, seed int, keepAll bool) (diff string, again bool) {
	lim := extract.DefaultLimits()
	var wws, sws extract.Warnings
	want, werr := locate(extract.Bytes(data), int64(len(data)), lim, &wws)
	s := extract.NewStream(context.Background(), &Pieces{B: data, Seed: seed}, lim)
	defer s.Close()
	if keepAll {
		s.KeepAll()
	}
	_, _ = s.ReadAt(make([]byte, 512), 0)
	got, gerr := locate(s, lim.MaxStreamRead, lim, &sws)
	if !s.Settle() {
		again = true
		sws = extract.Warnings{}
		got, gerr = locate(s, lim.MaxStreamRead, lim, &sws)
	}
	s.Warn(&sws)
	switch {
	case fmt.Sprint(werr) != fmt.Sprint(gerr):
		return fmt.Sprintf("errors: bytes %v, stream %v", werr, gerr), again
	case !reflect.DeepEqual(wws, sws):
		return fmt.Sprintf("warnings:\n bytes:  %q\n stream: %q", wws.List, sws.List), again
	case !reflect.DeepEqual(want, got):
		return fmt.Sprintf("payloads:\n bytes:  %.300v\n stream: %.300v", want, got), again
	}
	return "", again
}

// Cuts returns some 60 lengths to cut an input of n bytes at: 30 in its first 4 KiB, where
// the metadata often is, and 31 over all of it, n included.
func Cuts(n int) []int {
	var out []int
	for i := range 61 {
		cut := n * i / 60
		if i < 30 {
			cut = min(n, 4096) * i / 30
		}
		out = append(out, cut)
	}
	return out
}

// Check runs Diff over every input, whole (an intact input must also be walked once) and
// cut at Cuts, and reports the first disagreement of each.
func Check(t testing.TB, locate Locate, inputs map[string][]byte) {
	t.Helper()
	for name, data := range inputs {
		if d, again := Diff(locate, data, 1); d != "" || again {
			t.Errorf("%s: walked twice %v %s", name, again, d)
		}
	}
	CheckCuts(t, locate, inputs)
}

// CheckCuts runs Diff over every input cut at Cuts (the whole input last) and reports the
// first disagreement of each. Unlike Check, it does not require an intact input to be
// walked once.
func CheckCuts(t testing.TB, locate Locate, inputs map[string][]byte) {
	t.Helper()
	for name, data := range inputs {
		for _, cut := range Cuts(len(data)) {
			if d, _ := Diff(locate, data[:cut], cut); d != "" {
				t.Errorf("%s cut at %d of %d: %s", name, cut, len(data), d)
				break
			}
		}
	}
}

// AddFiles adds the regular files that match pattern to inputs, by name; none is an error.
// Directories are passed over: testdata/fuzz holds the fuzzer's regression inputs, which the
// fuzz targets replay themselves.
func AddFiles(t testing.TB, inputs map[string][]byte, pattern string) {
	t.Helper()
	names, _ := filepath.Glob(pattern)
	added := 0
	for _, name := range names {
		if fi, err := os.Stat(name); err == nil && fi.IsDir() {
			continue
		}
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		inputs[name] = data
		added++
	}
	if added == 0 {
		t.Fatalf("no file matches %s", pattern)
	}
}
