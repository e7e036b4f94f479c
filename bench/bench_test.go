// Package bench measures embedmeta stage by stage and end to end. Run:
//
//	go test -run '^$' -bench . -benchmem ./bench
package bench

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/embedmeta/embedmeta"
	"github.com/embedmeta/embedmeta/extract"
	"github.com/embedmeta/embedmeta/extract/exif"
	"github.com/embedmeta/embedmeta/extract/iptc"
	"github.com/embedmeta/embedmeta/extract/jpeg"
	"github.com/embedmeta/embedmeta/extract/scan"
	"github.com/embedmeta/embedmeta/extract/xmp"
	"github.com/embedmeta/embedmeta/internal/testcorpus"
	"github.com/embedmeta/embedmeta/normalize"
)

const referenceFile = "../testdata/IPTC-PhotometadataRef-Std2019.1.jpg"

// markupClass marks the bytes barePass counts.
var markupClass = func() (t [256]uint8) {
	for _, c := range []byte("<>&\"'=/ \t\r\n") {
		t[c] = 1
	}
	return t
}()

// barePass looks at every byte of the payloads once through a class table and counts the
// markup bytes: the loop a tokenizer cannot do without, with nothing decided.
func barePass(payloads [][]byte) int {
	n := 0
	for _, data := range payloads {
		for _, c := range data {
			n += int(markupClass[c])
		}
	}
	return n
}

// BenchmarkReference measures each stage on the IPTC reference image, then the whole path
// from bytes in memory to JSON out. Inputs are loaded and earlier stages run before the timer.
// locate and whole read the bytes in place (extract.Bytes, embedmeta.ExtractBytes); the
// -readerat variants read them through a bytes.Reader, copying every segment read.
func BenchmarkReference(b *testing.B) {
	data, err := os.ReadFile(referenceFile)
	if err != nil {
		b.Fatal(err)
	}
	lim := extract.DefaultLimits()
	size := int64(len(data))
	payloads, err := jpeg.Locate(bytes.NewReader(data), size, lim, &extract.Warnings{})
	if err != nil {
		b.Fatal(err)
	}
	var job scan.Job
	job.Init(lim, 0, nil)
	res, err := job.Read(bytes.NewReader(data), size)
	if err != nil {
		b.Fatal(err)
	}
	fields := normalize.Normalize(res.Entries, &extract.Warnings{})

	// bare is the floor the issue measures the whole path against: one pass over the same
	// metadata bytes (every EXIF, IRB and XMP payload) that looks at each byte once through a
	// class table, as a tokenizer's inner loop does, and decides nothing.
	b.Run("bare", func(b *testing.B) {
		var all [][]byte
		for _, ps := range [][]extract.Payload{payloads.EXIF, payloads.IRB, payloads.XMP} {
			for _, p := range ps {
				all = append(all, p.Data)
			}
		}
		b.ReportAllocs()
		n := 0
		for b.Loop() {
			n += barePass(all)
		}
		if n == 0 {
			b.Fatal("no markup found")
		}
	})
	// tokenize is the second floor (floor_test.go): the XMP packets' tokens, with nothing
	// decided about them. Its ratio to bare is what tokenizing alone spends of the 3x.
	b.Run("tokenize", func(b *testing.B) {
		b.ReportAllocs()
		toks := make([]floorToken, 0, 4096)
		for b.Loop() {
			for _, p := range payloads.XMP {
				toks = tokenizeFloor(toks[:0], p.Data)
			}
		}
		if len(toks) == 0 {
			b.Fatal("no tokens")
		}
	})
	b.Run("locate", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_, _ = jpeg.Locate(extract.Bytes(data), size, lim, &extract.Warnings{})
		}
	})
	b.Run("locate-readerat", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_, _ = jpeg.Locate(bytes.NewReader(data), size, lim, &extract.Warnings{})
		}
	})
	// The decoding stages reuse their output memory from op to op, as the pipeline does
	// (scan.Scratch): what they measure is decoding, not growing fresh slices.
	var dst []extract.RawEntry
	b.Run("exif", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for _, p := range payloads.EXIF {
				dst = exif.DecodeAppend(dst[:0], p, lim, &extract.Warnings{})
			}
			clear(dst)
		}
	})
	b.Run("iim", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for _, p := range payloads.IRB {
				iptc.DecodeIRB(p, lim, &extract.Warnings{})
			}
		}
	})
	b.Run("xmp", func(b *testing.B) {
		b.ReportAllocs()
		var d xmp.Decoder
		for b.Loop() {
			for _, p := range payloads.XMP {
				dst = d.DecodeAppend(dst[:0], p, lim, &extract.Warnings{})
			}
			clear(dst)
			d.Reset()
		}
	})
	b.Run("normalize", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			normalize.Normalize(res.Entries, &extract.Warnings{})
		}
	})
	b.Run("json", func(b *testing.B) {
		b.ReportAllocs()
		var buf []byte
		for b.Loop() {
			buf = normalize.AppendJSON(buf[:0], fields)
		}
	})
	b.Run("whole", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			md, err := embedmeta.ExtractBytes(data)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := md.MarshalJSON(); err != nil {
				b.Fatal(err)
			}
		}
	})
	// whole-extractor is whole as a loop over many files runs it: one Extractor (memory
	// reused, XMP read in place) and the JSON written into one reused buffer.
	b.Run("whole-extractor", func(b *testing.B) {
		b.ReportAllocs()
		x := embedmeta.NewExtractor()
		var buf []byte
		for b.Loop() {
			md, err := x.ExtractBytes(data)
			if err != nil {
				b.Fatal(err)
			}
			buf = normalize.AppendJSON(buf[:0], md.Fields())
		}
	})
	b.Run("whole-readerat", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			md, err := embedmeta.Extract(bytes.NewReader(data), size)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := md.MarshalJSON(); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// corpusJPEGs returns the paths and contents of the files of the corpus's jpeg folder.
func corpusJPEGs(b *testing.B) (paths []string, files [][]byte) {
	dir := testcorpus.Dir()
	if dir == "" {
		b.Skip("shared corpus not present")
	}
	_ = filepath.WalkDir(filepath.Join(dir, "jpeg"), func(path string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			if data, err := os.ReadFile(path); err == nil {
				paths, files = append(paths, path), append(files, data)
			}
		}
		return nil
	})
	if len(files) == 0 {
		b.Skip("no jpeg files in the corpus")
	}
	return paths, files
}

// BenchmarkCorpusJPEG is the in-process throughput target's workload as a benchmark: one
// op is one pass over every file of the corpus's jpeg folder, bytes in memory to JSON out.
// It reports the time per file (ns/file) beside ns/op.
func BenchmarkCorpusJPEG(b *testing.B) {
	_, files := corpusJPEGs(b)
	benchPass(b, len(files), func(i int) (*embedmeta.Metadata, error) { return embedmeta.ExtractBytes(files[i]) })
}

// BenchmarkCorpusJPEGFiles is BenchmarkCorpusJPEG reading each file from disk with
// ExtractFile (the CLI's path; the files sit in the page cache after the first pass).
func BenchmarkCorpusJPEGFiles(b *testing.B) {
	paths, _ := corpusJPEGs(b)
	benchPass(b, len(paths), func(i int) (*embedmeta.Metadata, error) { return embedmeta.ExtractFile(paths[i]) })
}

// BenchmarkCorpusJPEGExtractor is BenchmarkCorpusJPEGFiles through one embedmeta.Extractor,
// as each worker of the CLI reads, with the JSON written into one reused buffer: the memory
// of each result serves the next file.
func BenchmarkCorpusJPEGExtractor(b *testing.B) {
	paths, _ := corpusJPEGs(b)
	x := embedmeta.NewExtractor()
	var buf []byte
	b.ReportAllocs()
	for b.Loop() {
		for _, path := range paths {
			md, err := x.ExtractFile(path)
			if err != nil {
				continue
			}
			buf = normalize.AppendJSON(buf[:0], md.Fields())
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(paths)), "ns/file")
}

// benchPass times passes over n files, each read by extract and printed as JSON, and
// reports ns/file.
func benchPass(b *testing.B, n int, extract func(i int) (*embedmeta.Metadata, error)) {
	b.ReportAllocs()
	for b.Loop() {
		for i := range n {
			md, err := extract(i)
			if err != nil {
				continue
			}
			if _, err := md.MarshalJSON(); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/file")
}
