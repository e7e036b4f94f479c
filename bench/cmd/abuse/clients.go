package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// result is what one scenario measured: its good requests (the ones it times) and the
// server's peak RSS.
type result struct {
	name     string
	requests int
	statuses map[int]int   // 0: the request failed without an answer
	elapsed  time.Duration // of the timed requests
	// From the server's log: body bytes it read (every request's, abusers' included) and
	// the most bytes of one upload it retained (ReadStats.Retained).
	serverIn, maxRetained int64
	lat                   []time.Duration
	idleRSS               int64 // after start, before the scenario
	peakRSS               int64
	note                  string
}

func (r *result) ok() int { return r.statuses[http.StatusOK] }

// statusList is "200:1990 415:10", errors as "err:N".
func (r *result) statusList() string {
	codes := make([]int, 0, len(r.statuses))
	for c := range r.statuses {
		codes = append(codes, c)
	}
	sort.Ints(codes)
	var b strings.Builder
	for i, c := range codes {
		if i > 0 {
			b.WriteByte(' ')
		}
		name := strconv.Itoa(c)
		if c == 0 {
			name = "err"
		}
		fmt.Fprintf(&b, "%s:%d", name, r.statuses[c])
	}
	return b.String()
}

// percentile returns the p-th percentile (0..1) of the latencies, nearest rank.
func (r *result) percentile(p float64) time.Duration {
	if len(r.lat) == 0 {
		return 0
	}
	s := slices.Clone(r.lat)
	slices.Sort(s)
	i := int(p*float64(len(s))+0.5) - 1
	return s[min(max(i, 0), len(s)-1)]
}

// upload is one request body: a reader and its length (-1: sent chunked).
type upload func(i int) (body io.Reader, length int64)

// uploads posts up to n bodies with c workers until n are done or the deadline passes, and
// records every answer in r.
func uploads(ctx context.Context, client *http.Client, base string, c, n int, deadline time.Time, body upload, r *result) {
	var next atomic.Int64
	var mu sync.Mutex
	var wg sync.WaitGroup
	start := time.Now()
	for w := 0; w < c; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= n || time.Now().After(deadline) || ctx.Err() != nil {
					return
				}
				rd, length := body(i)
				t0 := time.Now()
				status := post(ctx, client, base, rd, length)
				d := time.Since(t0)
				mu.Lock()
				r.requests++
				r.statuses[status]++
				r.lat = append(r.lat, d)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	r.elapsed = time.Since(start)
}

// post sends one upload and returns the status (0 when no answer came).
func post(ctx context.Context, client *http.Client, base string, body io.Reader, length int64) int {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"/v1/extract", body)
	if err != nil {
		return 0
	}
	req.ContentLength = max(length, 0) // 0 with a body of unknown length: sent chunked
	req.Header.Set("Content-Type", "application/octet-stream")
	resp, err := client.Do(req)
	if err != nil {
		return 0
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

// abusers are n connections that each write prefix, then one byte of rest every interval,
// until stop is called. cut counts the connections the server closed first.
type abusers struct {
	cut    atomic.Int64
	cancel context.CancelFunc
	wg     sync.WaitGroup
}

func startAbusers(addr string, n int, prefix, rest []byte, interval time.Duration) (*abusers, error) {
	ctx, cancel := context.WithCancel(context.Background())
	a := &abusers{cancel: cancel}
	for i := 0; i < n; i++ {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			a.stop()
			return nil, err
		}
		if _, err := c.Write(prefix); err != nil {
			c.Close()
			a.stop()
			return nil, err
		}
		closed := make(chan struct{})
		go func() { // the server closing (or answering) ends the read
			_, _ = c.Read(make([]byte, 1))
			close(closed)
		}()
		a.wg.Add(1)
		go func() {
			defer a.wg.Done()
			defer c.Close()
			t := time.NewTicker(interval)
			defer t.Stop()
			for j := 0; ; j++ {
				select {
				case <-ctx.Done():
					return
				case <-closed:
					a.cut.Add(1)
					return
				case <-t.C:
					if _, err := c.Write(rest[j%len(rest) : j%len(rest)+1]); err != nil {
						a.cut.Add(1)
						return
					}
				}
			}
		}()
	}
	return a, nil
}

// stop closes every connection and returns how many the server had closed first.
func (a *abusers) stop() int {
	a.cancel()
	a.wg.Wait()
	return int(a.cut.Load())
}

// waitInflight waits up to 10 s until the server's /metrics shows at least n requests in
// flight.
func waitInflight(client *http.Client, base string, n int) bool {
	want := []byte("\nembedmeta_http_requests_in_flight ")
	for end := time.Now().Add(10 * time.Second); time.Now().Before(end); time.Sleep(20 * time.Millisecond) {
		resp, err := client.Get(base + "/metrics")
		if err != nil {
			continue
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if i := bytes.Index(b, want); i >= 0 {
			line := b[i+len(want):]
			line = line[:bytes.IndexByte(line, '\n')]
			if v, err := strconv.Atoi(string(line)); err == nil && v >= n {
				return true
			}
		}
	}
	return false
}
