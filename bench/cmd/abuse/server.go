package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// server is one `embedmeta serve` process on a loopback port.
type server struct {
	cmd    *exec.Cmd
	addr   string // host:port, from its "listening" log line
	done   chan error
	mu     sync.Mutex
	levels map[string]int // log lines by level
	last   []string       // the last error and warning lines
	// From the request lines: body bytes read, and the most bytes of one upload retained.
	bytesIn, maxRetained int64
}

// startServer starts bin serve on 127.0.0.1:0 with the extra flags and waits for its address.
func startServer(ctx context.Context, bin string, flags ...string) (*server, error) {
	args := append([]string{"serve", "-addr", "127.0.0.1:0"}, flags...)
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = cleanEnv() // the flags alone configure it
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	s := &server{cmd: cmd, done: make(chan error, 1), levels: map[string]int{}}
	addr := make(chan string, 1)
	go func() {
		s.readLog(stderr, addr) // to the end of the log: Wait closes the pipe
		s.done <- cmd.Wait()
	}()
	select {
	case a := <-addr:
		s.addr = a
		return s, nil
	case err := <-s.done:
		return nil, fmt.Errorf("embedmeta serve ended before listening: %v; %s", err, strings.Join(s.lastLines(), "; "))
	case <-time.After(20 * time.Second):
		s.stop()
		return nil, errors.New("embedmeta serve did not log its address within 20s")
	}
}

// cleanEnv is the environment without EMBEDMETA_* variables.
func cleanEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "EMBEDMETA_") {
			env = append(env, kv)
		}
	}
	return env
}

// readLog reads the server's JSON log: the address, then counts of lines by level.
func (s *server) readLog(r io.Reader, addr chan<- string) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		var line struct {
			Level    string `json:"level"`
			Msg      string `json:"msg"`
			Addr     string `json:"addr"`
			BytesIn  int64  `json:"bytes_in"`
			Retained int64  `json:"retained"`
		}
		if json.Unmarshal(sc.Bytes(), &line) != nil {
			continue
		}
		if line.Msg == "listening" && line.Addr != "" {
			addr <- line.Addr
		}
		s.mu.Lock()
		s.levels[line.Level]++
		if line.Msg == "request" {
			s.bytesIn += line.BytesIn
			s.maxRetained = max(s.maxRetained, line.Retained)
		}
		if line.Level == "ERROR" || line.Level == "WARN" {
			s.last = append(s.last, sc.Text())
			if len(s.last) > 5 {
				s.last = s.last[1:]
			}
		}
		s.mu.Unlock()
	}
}

// read returns the body bytes the server read and the most bytes it retained for one upload.
func (s *server) read() (bytesIn, maxRetained int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.bytesIn, s.maxRetained
}

func (s *server) lastLines() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.last...)
}

// stop sends SIGTERM and waits for the process (SIGKILL after 15 s).
func (s *server) stop() error {
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-s.done:
		return err
	case <-time.After(15 * time.Second):
		_ = s.cmd.Process.Kill()
		<-s.done
		return errors.New("embedmeta serve did not stop within 15s of SIGTERM")
	}
}

// rss returns the server's resident set size and its peak so far (VmRSS, VmHWM), in bytes.
func (s *server) rss() (cur, peak int64) {
	b, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(s.cmd.Process.Pid), "status"))
	if err != nil {
		return 0, 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		f := strings.Fields(v)
		if len(f) != 2 || f[1] != "kB" {
			continue
		}
		n, _ := strconv.ParseInt(f[0], 10, 64)
		switch k {
		case "VmRSS":
			cur = n << 10
		case "VmHWM":
			peak = n << 10
		}
	}
	return cur, peak
}

// sampleRSS samples the server's RSS every 10 ms until ctx ends and returns the highest
// seen, or the kernel's VmHWM (the peak since the process started) when that is higher.
func (s *server) sampleRSS(ctx context.Context) <-chan int64 {
	out := make(chan int64, 1)
	go func() {
		var top int64
		t := time.NewTicker(10 * time.Millisecond)
		defer t.Stop()
		for {
			cur, peak := s.rss()
			top = max(top, cur, peak)
			select {
			case <-ctx.Done():
				out <- top
				return
			case <-t.C:
			}
		}
	}()
	return out
}
