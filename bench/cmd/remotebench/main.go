// Command remotebench measures what reading stored objects costs a user of the CLI (issue
// 14): it serves corpus files from loopback servers that wait a fixed delay before
// answering each request (-delay, 20 ms: a store in the same cloud region seen from a
// machine outside it) — over HTTP with Range support (http.ServeContent) and through the S3
// REST API (gofakes3, in memory) — and times the real binaries over them at several -P:
//
//   - embedmeta -P N FILE...                    the local files (no latency): the baseline
//   - embedmeta-cloud -P N http://.../KEY ...   the objects over HTTP, ranged GETs
//   - embedmeta-cloud -P N -r s3://bench/       the bucket listed and every object read
//   - exiftool -j -q FILE...                    the local files, when exiftool is installed
//
// and the HTTP and S3 runs again without the delay. Each run's NDJSON is checked against
// the local run's (the same record for every object, its "file" member aside), and the
// servers count the requests, the object bytes sent and the connections opened. Runs are
// interleaved round by round (-n rounds) and the table shows the median wall time.
//
//	go run ./bench/cmd/remotebench                                 # builds the binaries
//	go run ./bench/cmd/remotebench -bin DIR -dirs jpeg -n 5 -P 1,8,32
//
// bench/remote.sh builds the binaries (CGO_ENABLED=0) and runs it.
package main

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/embedmeta/embedmeta/internal/testcorpus"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// object is one corpus file served as an object.
type object struct {
	key, path string
	data      []byte
}

// reader is one way of reading the objects: a row of the table at each -P.
type reader struct {
	name    string
	latency bool    // the servers wait the delay during its runs
	srv     *server // the server it reads from (nil: local files)
	once    bool    // run at one -P only (exiftool has none)
	cmd     func(p int) (bin string, args, env []string)
	key     func(file string) string // the record's "file" member -> the object's key
}

// result is what the runs of one reader at one -P measured.
type result struct {
	walls    []time.Duration
	cpus     []time.Duration // user + system time of the process
	counts   counters        // of the last run (requests and bytes are the same from run to run)
	conns    []int64
	records  int // records of the last run
	matching int // of them, the local run's record
	failure  string
}

func run(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("remotebench", flag.ContinueOnError)
	fl.SetOutput(stderr)
	corpus := fl.String("corpus", testcorpus.Dir(), "the corpus folder")
	dirs := fl.String("dirs", "jpeg/camera,jpeg/phone", "corpus folders served (comma-separated; every file under them)")
	bin := fl.String("bin", "", "folder holding embedmeta and embedmeta-cloud (empty: build them into a temporary folder)")
	delay := fl.Duration("delay", 20*time.Millisecond, "wait before answering each request")
	ps := fl.String("P", "1,8,32", "worker counts (-P) to run")
	rounds := fl.Int("n", 3, "rounds (each runs every reader at every -P once); the table shows medians")
	zero := fl.Bool("zero", true, "also run HTTP and S3 without the delay")
	exiftool := fl.Bool("exiftool", true, "also time exiftool -j -q over the local files, when it is installed")
	copies := fl.Int("copies", 1, "serve each file this many times under different keys (cN/KEY), the local run reading each path as many times")
	if err := fl.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	fail := func(err error) int { fmt.Fprintln(stderr, "remotebench:", err); return 1 }
	var workers []int
	for _, f := range strings.Split(*ps, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			return fail(fmt.Errorf("-P %q: want worker counts like 1,8,32", *ps))
		}
		workers = append(workers, n)
	}
	if *corpus == "" {
		return fail(errors.New("no corpus: give -corpus DIR or set EMBEDMETA_CORPUS"))
	}
	files, err := load(*corpus, strings.Split(*dirs, ","))
	if err != nil {
		return fail(err)
	}
	objs := files
	if *copies > 1 {
		objs = nil
		for i := range *copies {
			for _, f := range files {
				objs = append(objs, object{key: fmt.Sprintf("c%d/%s", i, f.key), path: f.path, data: f.data})
			}
		}
	}
	if *bin == "" {
		tmp, err := os.MkdirTemp("", "remotebench-")
		if err != nil {
			return fail(err)
		}
		defer os.RemoveAll(tmp)
		build := exec.Command("go", "build", "-o", tmp+"/", "./cmd/embedmeta", "./cmd/embedmeta-cloud")
		build.Env = append(os.Environ(), "CGO_ENABLED=0")
		build.Stdout, build.Stderr = stderr, stderr
		if err := build.Run(); err != nil {
			return fail(fmt.Errorf("building the binaries (run from the module's root): %w", err))
		}
		*bin = tmp
	}
	local, cloud := filepath.Join(*bin, "embedmeta"), filepath.Join(*bin, "embedmeta-cloud")

	byKey := map[string][]byte{}
	var size int64
	for _, o := range objs {
		byKey[o.key] = o.data
		size += int64(len(o.data))
	}
	hs, err := rangeServer(byKey)
	if err != nil {
		return fail(err)
	}
	defer hs.close()
	const bucket = "bench"
	ss, err := s3Server(bucket, byKey)
	if err != nil {
		return fail(err)
	}
	defer ss.close()

	paths, urls := make([]string, len(objs)), make([]string, len(objs)) // paths: each file as many times as it is served
	for i, o := range objs {
		paths[i], urls[i] = o.path, hs.URL+"/"+o.key
	}
	pflag := func(p int) []string { return []string{"-P", strconv.Itoa(p), "--ndjson"} }
	relKey := func(file string) string {
		rel, err := filepath.Rel(*corpus, file)
		if err != nil {
			return file
		}
		return filepath.ToSlash(rel)
	}
	// uncopied is the corpus key of an object's key.
	uncopied := func(key string) string {
		if *copies > 1 {
			_, key, _ = strings.Cut(key, "/")
		}
		return key
	}
	httpReader := func(name string, latency bool) reader {
		return reader{name: name, latency: latency, srv: hs,
			cmd: func(p int) (string, []string, []string) { return cloud, append(pflag(p), urls...), nil },
			key: func(f string) string { return uncopied(strings.TrimPrefix(f, hs.URL+"/")) }}
	}
	s3Reader := func(name string, latency bool) reader {
		return reader{name: name, latency: latency, srv: ss,
			cmd: func(p int) (string, []string, []string) {
				return cloud, append(pflag(p), "-r", "s3://"+bucket+"/"), s3Env(ss)
			},
			key: func(f string) string { return uncopied(strings.TrimPrefix(f, "s3://"+bucket+"/")) }}
	}
	readers := []reader{
		{name: "`embedmeta -P N FILE...` (local files)",
			cmd: func(p int) (string, []string, []string) { return local, append(pflag(p), paths...), nil },
			key: relKey},
		httpReader("`embedmeta-cloud -P N URL...` (HTTP)", true),
		s3Reader("`embedmeta-cloud -P N -r s3://bench/` (S3)", true),
	}
	if *zero {
		readers = append(readers, httpReader("`embedmeta-cloud -P N URL...` (HTTP)", false),
			s3Reader("`embedmeta-cloud -P N -r s3://bench/` (S3)", false))
	}
	if path, err := exec.LookPath("exiftool"); err == nil && *exiftool {
		readers = append(readers, reader{name: "`exiftool -j -q FILE...` (local files)", once: true,
			cmd: func(int) (string, []string, []string) { return path, append([]string{"-j", "-q"}, paths...), nil }})
	}

	// The baseline records, by key.
	want := map[string]string{}
	out, _, _, err := runCmd(local, append(pflag(1), paths...), nil)
	if err != nil {
		return fail(fmt.Errorf("the local run: %w", err))
	}
	for _, r := range records(out) {
		want[relKey(r[0])] = r[1]
	}

	results := map[[2]int]*result{}
	for range *rounds {
		for pi, p := range workers {
			for ri, rd := range readers {
				if rd.once && pi > 0 {
					continue
				}
				r := results[[2]int{ri, pi}]
				if r == nil {
					r = &result{}
					results[[2]int{ri, pi}] = r
				}
				d := int64(0)
				if rd.latency {
					d = int64(*delay)
				}
				hs.delay.Store(d)
				ss.delay.Store(d)
				var before counters
				if rd.srv != nil {
					before = rd.srv.snapshot()
				}
				bin, args, env := rd.cmd(p)
				out, wall, cpu, err := runCmd(bin, args, env)
				if err != nil {
					r.failure = err.Error()
				}
				r.walls, r.cpus = append(r.walls, wall), append(r.cpus, cpu)
				if rd.srv != nil {
					r.counts = rd.srv.snapshot().sub(before)
					r.conns = append(r.conns, r.counts.conns)
				}
				if rd.key != nil {
					r.records, r.matching = 0, 0
					for _, rec := range records(out) {
						r.records++
						if w, ok := want[rd.key(rec[0])]; ok && w == rec[1] {
							r.matching++
						}
					}
				}
			}
		}
	}

	// Start-up of the two binaries, for reading the small walls.
	startup := func(bin string) time.Duration {
		var ds []time.Duration
		for range 7 {
			_, d, _, _ := runCmd(bin, []string{"--version"}, nil)
			ds = append(ds, d)
		}
		return median(ds)
	}
	fmt.Fprintf(stdout, "date: %s; commit: %s; %d CPUs; load average: %s\n", time.Now().UTC().Format("2006-01-02T15:04Z"),
		commit(), runtime.NumCPU(), loadavg())
	fmt.Fprintf(stdout, "objects: %d files under %s of %s", len(files), *dirs, *corpus)
	if *copies > 1 {
		fmt.Fprintf(stdout, ", each served %d times (%d objects)", *copies, len(objs))
	}
	fmt.Fprintf(stdout, " (%d bytes); added latency: %v per request; medians of %d rounds\n", size, *delay, *rounds)
	fmt.Fprintf(stdout, "start-up (`--version`, median of 7): embedmeta %.1f ms, embedmeta-cloud %.1f ms\n\n",
		ms(startup(local)), ms(startup(cloud)))
	fmt.Fprintln(stdout, "| reader | added latency | -P | wall ms | CPU ms | files/s | × local wall | requests/object | connections | fetched % | latency floor ms | local records |")
	fmt.Fprintln(stdout, "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
	for pi, p := range workers {
		base := results[[2]int{0, pi}]
		for ri, rd := range readers {
			r := results[[2]int{ri, pi}]
			if r == nil {
				continue
			}
			wall := median(r.walls)
			lat, reqs, conns, fetched, floor, recs := "0", "", "", "", "", ""
			if rd.latency {
				lat = delay.String()
			}
			if rd.srv != nil {
				reqs = fmt.Sprintf("%.2f", float64(r.counts.requests)/float64(len(objs)))
				slices.Sort(r.conns)
				conns = fmt.Sprint(r.conns[len(r.conns)/2])
				fetched = fmt.Sprintf("%.1f", 100*float64(r.counts.objectBytes)/float64(size))
				if rd.latency {
					floor = fmt.Sprintf("%.0f", ms(time.Duration(r.counts.requests)*(*delay))/float64(p))
				}
			}
			if rd.key != nil {
				recs = fmt.Sprintf("%d/%d", r.matching, len(objs))
			}
			pcol := strconv.Itoa(p)
			if rd.once {
				pcol = "(one process)"
			}
			note := ""
			if r.failure != "" {
				note = " (failed: " + r.failure + ")"
			}
			fmt.Fprintf(stdout, "| %s%s | %s | %s | %.1f | %.1f | %.0f | %.2f | %s | %s | %s | %s | %s |\n", rd.name, note, lat, pcol,
				ms(wall), ms(median(r.cpus)), float64(len(objs))/wall.Seconds(), float64(wall)/float64(median(base.walls)), reqs, conns, fetched, floor, recs)
		}
	}
	fmt.Fprintf(stdout, "\nrequests/object: requests the server received over the objects (the S3 listing included); "+
		"CPU ms: user and system time of the process (median); connections: TCP connections the server accepted in the run (median); fetched %%: object bytes sent over the objects' bytes; "+
		"latency floor: requests × %v / P, the wall time if every request overlapped perfectly and cost nothing else; "+
		"local records: objects whose NDJSON record (\"file\" aside) is the local run's.\n", *delay)
	for ri, rd := range readers {
		for pi := range workers {
			if r := results[[2]int{ri, pi}]; r != nil && rd.key != nil && r.matching != len(objs) {
				fmt.Fprintf(stderr, "remotebench: %s at -P %d: %d of %d records are the local ones\n", rd.name, workers[pi], r.matching, len(objs))
				return 1
			}
		}
	}
	return 0
}

// load reads every regular file under the given folders of corpus, sorted by key.
func load(corpus string, dirs []string) ([]object, error) {
	var objs []object
	for _, d := range dirs {
		root := filepath.Join(corpus, filepath.FromSlash(strings.TrimSpace(d)))
		err := filepath.WalkDir(root, func(p string, e fs.DirEntry, err error) error {
			if err != nil || !e.Type().IsRegular() {
				return err
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(corpus, p)
			objs = append(objs, object{key: filepath.ToSlash(rel), path: p, data: b})
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	if len(objs) == 0 {
		return nil, fmt.Errorf("no files under %v of %s", dirs, corpus)
	}
	slices.SortFunc(objs, func(a, b object) int { return cmp.Compare(a.key, b.key) })
	return objs, nil
}

// runCmd runs bin with args (and env added to this process's), returning its standard
// output, wall time (fork and exec included) and CPU time (user and system).
func runCmd(bin string, args, env []string) ([]byte, time.Duration, time.Duration, error) {
	c := exec.Command(bin, args...)
	c.Env = append(os.Environ(), env...)
	var out, errb bytes.Buffer
	c.Stdout, c.Stderr = &out, &errb
	start := time.Now()
	err := c.Run()
	wall := time.Since(start)
	var cpu time.Duration
	if c.ProcessState != nil {
		cpu = c.ProcessState.UserTime() + c.ProcessState.SystemTime()
	}
	if err != nil {
		msg, _, _ := strings.Cut(strings.TrimSpace(errb.String()), "\n")
		err = fmt.Errorf("%s: %w: %s", filepath.Base(bin), err, msg)
	}
	return out.Bytes(), wall, cpu, err
}

// records returns the NDJSON records of out as their "file" member and the record without
// it (re-encoded, keys sorted).
func records(out []byte) [][2]string {
	var m [][2]string
	for line := range bytes.Lines(out) {
		var rec map[string]json.RawMessage
		if json.Unmarshal(line, &rec) != nil {
			continue
		}
		var file string
		_ = json.Unmarshal(rec["file"], &file)
		delete(rec, "file")
		b, _ := json.Marshal(rec)
		m = append(m, [2]string{file, string(b)})
	}
	return m
}

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	if len(s) == 0 {
		return 0
	}
	return s[len(s)/2]
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func commit() string {
	out, err := exec.Command("git", "rev-parse", "--short", "HEAD").Output()
	if err != nil {
		return "?"
	}
	return strings.TrimSpace(string(out))
}

func loadavg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	return strings.Join(strings.Fields(string(b))[:3], " ")
}
