package tiff_test

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"hash/fnv"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/embedmeta/embedmeta/extract"
	"github.com/embedmeta/embedmeta/extract/exif"
	"github.com/embedmeta/embedmeta/extract/scan"
	"github.com/embedmeta/embedmeta/extract/tiff"
	"github.com/embedmeta/embedmeta/internal/testcorpus"
	"github.com/embedmeta/embedmeta/schema"
)

var (
	diffRecord  = flag.String("differential.record", "", "write the outcome of every input (file and mutation) to this file")
	diffAgainst = flag.String("differential.against", "", "compare the outcome of every input with this file, written by -differential.record")
	diffUpdate  = flag.Bool("differential.update", false, "rewrite "+goldenFile)
)

// goldenFile holds, for every TIFF input of the differential, a hash of its bytes and one
// of the TIFF stage's outcome (locate, below).
const goldenFile = "testdata/differential.golden"

// diffInput is one input of the differential: a file, or a mutation of one.
type diffInput struct {
	name string
	data []byte
}

// diffInputs returns the files under the module's testdata/ folders and the shared corpus
// (malformed/ included; goldenFile excluded), each followed by its mutations: bytes overwritten (with 0x00,
// 0xFF, small and copied 4-byte words, where a TIFF structure keeps offsets and counts)
// and truncations.
func diffInputs(t testing.TB) []diffInput {
	var roots []string
	for _, r := range []string{"../../testdata", "testdata", "../exif/testdata"} {
		roots = append(roots, r)
	}
	if testcorpus.Shared() { // else the corpus is testdata/corpus, walked above
		roots = append(roots, testcorpus.Dir())
	}
	var files []string
	for _, root := range roots {
		_ = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && !strings.HasSuffix(path, ".golden") {
				files = append(files, path)
			}
			return nil
		})
	}
	sort.Strings(files)
	var out []diffInput
	for _, path := range files {
		data, err := os.ReadFile(path)
		if err != nil || len(data) == 0 {
			continue
		}
		out = append(out, diffInput{path, data})
		n := 8
		if tiff.IsTIFF(data[:min(len(data), 512)]) || strings.Contains(string(data[:min(len(data), 4096)]), "Exif\x00") {
			n = 80 // the inputs the IFD readers see
		}
		h := fnv.New64a()
		h.Write([]byte(filepath.Base(path)))
		seed := h.Sum64()
		next := func(k int) int {
			seed = seed*6364136223846793005 + 1442695040888963407
			return int((seed >> 33) % uint64(k))
		}
		for i := range n {
			m := append([]byte(nil), data...)
			switch i % 8 {
			case 7:
				m = m[:next(len(m))]
			default:
				span := min(len(m), 8192)
				if i%3 == 0 {
					span = len(m)
				}
				at := next(span)
				var w [4]byte
				switch next(4) {
				case 0:
				case 1:
					w = [4]byte{0xFF, 0xFF, 0xFF, 0xFF}
				case 2:
					w = [4]byte{byte(next(256)), byte(next(3)), 0, 0}
					if next(2) == 0 {
						w = [4]byte{0, 0, byte(next(3)), byte(next(256))}
					}
				case 3:
					src := next(span)
					copy(w[:], m[src:])
				}
				copy(m[at:], w[:1+next(4)])
			}
			out = append(out, diffInput{fmt.Sprintf("%s#%d", path, i), m})
		}
	}
	return out
}

// describe returns what the extraction below normalize makes of data, as text: the TIFF
// stage (locate) and a scan.Job's format, error, EXIF and IPTC entries, its warnings other
// than XMP's and its facts. Entry values are hashed.
func describe(data []byte) string {
	var b strings.Builder
	b.WriteString(locate(data))
	var job scan.Job
	job.Init(extract.DefaultLimits(), 0, nil)
	res, err := job.Read(extract.Bytes(data), int64(len(data)))
	fmt.Fprintf(&b, "scan %s err=%v facts=%s\n", res.Format, err, facts(res.Facts))
	for _, e := range res.Entries {
		if e.Source != schema.SourceXMP {
			b.WriteString(" " + entry(e) + "\n")
		}
	}
	for _, w := range job.Warnings.List {
		if !strings.HasPrefix(w.Code, "xmp.") {
			fmt.Fprintf(&b, " warn %s %s %d %s\n", w.Code, w.Source, w.Offset, w.Msg)
		}
	}
	return b.String()
}

// locate describes the TIFF stage of data ("" when it is not a TIFF): tiff.Locate's
// payloads and facts with the EXIF payloads decoded, as the tests of the walker run it,
// and the warnings of both.
func locate(data []byte) string {
	if !tiff.IsTIFF(data[:min(len(data), 512)]) {
		return ""
	}
	var b strings.Builder
	lim := extract.DefaultLimits()
	var ws extract.Warnings
	p, err := tiff.Locate(extract.Bytes(data), int64(len(data)), lim, &ws)
	fmt.Fprintf(&b, "locate err=%v facts=%s\n", err, facts(p.Facts))
	for _, pl := range p.EXIF {
		fmt.Fprintf(&b, " exif payload off=%d size=%d data=%d\n", pl.Offset, pl.Size, len(pl.Data))
		for _, e := range exif.Decode(pl, lim, &ws) {
			b.WriteString("  " + entry(e) + "\n")
		}
	}
	for k, ps := range [][]extract.Payload{p.XMP, p.IRB, p.IIM} {
		for _, pl := range ps {
			sum := sha256.Sum256(pl.Data)
			fmt.Fprintf(&b, " %s payload off=%d len=%d %s\n", []string{"xmp", "irb", "iim"}[k], pl.Offset, len(pl.Data), hex.EncodeToString(sum[:8]))
		}
	}
	for _, w := range ws.List {
		fmt.Fprintf(&b, " warn %s %s %d %s\n", w.Code, w.Source, w.Offset, w.Msg)
	}
	return b.String()
}

func facts(f extract.Facts) string {
	alpha := "-"
	if f.HasAlpha != nil {
		alpha = fmt.Sprint(*f.HasAlpha)
	}
	return fmt.Sprintf("%s %s %dx%d alpha=%s", f.FileType, f.MIME, f.Width, f.Height, alpha)
}

func entry(e extract.RawEntry) string {
	v := fmt.Sprintf("%v|%v|%v|%q", e.Ints, e.Rats, e.Floats, e.Bytes)
	sum := sha256.Sum256([]byte(v))
	return fmt.Sprintf("%s %s 0x%04X f%d n%d be=%v off=%d part=%d %s", e.Source, e.Dir, e.ID, e.Type, e.Count, e.BigEndian, e.Offset, e.Part, hex.EncodeToString(sum[:8]))
}

// TestDifferential guards the TIFF stage's outcome of every input, file or mutation. Without
// flags it compares with the checked-in goldenFile (checkGolden). As the before/after guard of
// a change to the IFD readers, it records (-differential.record) or compares
// (-differential.against) the whole outcome, entries included:
//
//	go test ./extract/tiff -run TestDifferential -differential.record=/tmp/before.txt
//	(change the code)
//	go test ./extract/tiff -run TestDifferential -differential.against=/tmp/before.txt
func TestDifferential(t *testing.T) {
	if *diffRecord == "" && *diffAgainst == "" {
		checkGolden(t)
		return
	}
	inputs := diffInputs(t)
	got := make(map[string]string, len(inputs))
	for _, in := range inputs {
		got[in.name] = describe(in.data)
	}
	if *diffRecord != "" {
		f, err := os.Create(*diffRecord)
		if err != nil {
			t.Fatal(err)
		}
		w := bufio.NewWriter(f)
		for _, in := range inputs {
			fmt.Fprintf(w, "=== %s\n%s", in.name, got[in.name])
		}
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		f.Close()
		t.Logf("%d inputs recorded", len(inputs))
	}
	if *diffAgainst == "" {
		return
	}
	raw, err := os.ReadFile(*diffAgainst)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{}
	for _, block := range strings.Split(string(raw), "=== ")[1:] {
		name, body, _ := strings.Cut(block, "\n")
		want[name] = body
	}
	diffs := 0
	for _, in := range inputs {
		w, ok := want[in.name]
		if !ok {
			t.Errorf("%s: not recorded", in.name)
			continue
		}
		if w != got[in.name] {
			diffs++
			t.Errorf("%s:\n--- recorded\n%s--- now\n%s", in.name, w, got[in.name])
		}
	}
	t.Logf("%d inputs compared, %d differ", len(inputs), diffs)
}

// checkGolden is the lasting part of the differential: the TIFF stage's outcome (locate) of
// every TIFF input, file or mutation, keyed by a hash of the input's bytes, against
// goldenFile; inputs the file does not know (new or changed files) are left out. Rewrite it
// with -differential.update after a deliberate change of the outcome.
func checkGolden(t *testing.T) {
	sum := func(s []byte) string {
		h := sha256.Sum256(s)
		return hex.EncodeToString(h[:8])
	}
	got := map[string]string{}
	var keys []string
	for _, in := range diffInputs(t) {
		if !tiff.IsTIFF(in.data[:min(len(in.data), 512)]) {
			continue
		}
		k := sum(in.data)
		if _, dup := got[k]; !dup {
			keys = append(keys, k)
		}
		got[k] = sum([]byte(locate(in.data)))
	}
	if *diffUpdate {
		sort.Strings(keys)
		var b strings.Builder
		for _, k := range keys {
			fmt.Fprintf(&b, "%s %s\n", k, got[k])
		}
		if err := os.WriteFile(goldenFile, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	raw, err := os.ReadFile(goldenFile)
	if err != nil {
		t.Fatal(err)
	}
	compared, differ := 0, 0
	for _, line := range strings.Split(strings.TrimSpace(string(raw)), "\n") {
		k, want, _ := strings.Cut(line, " ")
		g, ok := got[k]
		if !ok {
			continue
		}
		compared++
		if g != want {
			differ++
		}
	}
	if differ > 0 {
		t.Errorf("%d of %d TIFF inputs changed outcome: compare with -differential.record/-differential.against before updating %s", differ, compared, goldenFile)
	}
	if compared == 0 {
		t.Errorf("no input of %s found", goldenFile)
	}
}
