package remote

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// httpFetcher reads ranges of an HTTP(S) resource with Range requests.
type httpFetcher struct {
	c   *Client
	url string
}

// HTTPError is the answer of a server that refused a request: its status.
type HTTPError struct {
	URL        string
	StatusCode int
	Status     string
}

func (e *HTTPError) Error() string { return fmt.Sprintf("remote: %s: %s", e.URL, e.Status) }

// retryable reports whether an answer is worth asking again: the server is overloaded or
// failed (429, 5xx).
func retryable(code int) bool { return code == http.StatusTooManyRequests || code >= 500 }

// errNoRange marks a server that answered a Range request with the whole body (200): the
// object is read as a stream instead (see Client.Extract).
var errNoRange = errors.New("the server ignores Range requests")

// fetch implements fetcher: one GET with a Range header, retried on 429, 5xx, a dropped
// connection or a short body (Client.Retries times, with a growing pause), each attempt
// bounded by Client.RequestTimeout.
func (h *httpFetcher) fetch(ctx context.Context, off, n int64) ([]byte, int64, int, error) {
	b, size := []byte(nil), int64(-1)
	requests, err := h.c.withRetries(ctx, func() (retry bool, err error) {
		b, size, retry, err = h.once(ctx, off, n)
		return retry, err
	})
	return b, size, requests, err
}

// withRetries makes attempts with try until one succeeds or fails for good (try's retry
// false), at most Client.Retries+1 of them, pausing before each one after the first (see
// pause). It returns how many attempts it made and the last one's error, or the context's
// when a pause is cut short.
func (c *Client) withRetries(ctx context.Context, try func() (retry bool, err error)) (attempts int, err error) {
	for ; attempts <= c.retries(); attempts++ {
		if attempts > 0 {
			if err := pause(ctx, attempts); err != nil {
				return attempts, err
			}
		}
		var retry bool
		if retry, err = try(); err == nil || !retry {
			return attempts + 1, err
		}
	}
	return attempts, err
}

// pause waits before attempt (1, 2, ...): 100 ms, 400 ms, 1.6 s, ... at most 5 s.
func pause(ctx context.Context, attempt int) error {
	d := 100 * time.Millisecond << (2 * (attempt - 1))
	t := time.NewTimer(min(d, 5*time.Second))
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// once makes one attempt; retry tells whether a failure may be retried.
func (h *httpFetcher) once(ctx context.Context, off, n int64) (b []byte, size int64, retry bool, err error) {
	ctx, cancel := context.WithTimeout(ctx, h.c.requestTimeout())
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, h.url, nil)
	if err != nil {
		return nil, -1, false, err
	}
	req.Header.Set("Range", fmt.Sprintf("bytes=%d-%d", off, off+n-1))
	resp, err := h.c.httpClient().Do(req)
	if err != nil {
		return nil, -1, ctx.Err() == nil || errors.Is(ctx.Err(), context.DeadlineExceeded), err
	}
	defer resp.Body.Close()
	switch resp.StatusCode {
	case http.StatusPartialContent:
	case http.StatusOK:
		return nil, -1, false, errNoRange
	case http.StatusRequestedRangeNotSatisfiable:
		// The range starts at or past the end: "bytes */size" tells the size (0: empty).
		if total, ok := totalOf(resp.Header.Get("Content-Range")); ok && off >= total {
			return nil, total, false, nil
		}
		return nil, -1, false, &HTTPError{h.url, resp.StatusCode, resp.Status}
	default:
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 4<<10))
		return nil, -1, retryable(resp.StatusCode), &HTTPError{h.url, resp.StatusCode, resp.Status}
	}
	first, last, total, ok := parseContentRange(resp.Header.Get("Content-Range"))
	if !ok || first != off || last < first || last-first+1 > n {
		return nil, -1, false, fmt.Errorf("the server answered bytes %d-%d with Content-Range %q",
			off, off+n-1, resp.Header.Get("Content-Range"))
	}
	want := last - first + 1
	b = make([]byte, want)
	got, err := io.ReadFull(resp.Body, b)
	if err != nil { // a short body (a lying Content-Length, a reset connection): ask again
		return nil, -1, true, fmt.Errorf("%w: %d of %d bytes: %v", ErrShortRead, got, want, err)
	}
	return b, total, false, nil
}

// parseContentRange reads "bytes first-last/total" (total "*" when unknown: -1).
func parseContentRange(s string) (first, last, total int64, ok bool) {
	s, found := strings.CutPrefix(s, "bytes ")
	if !found {
		return 0, 0, 0, false
	}
	rng, tot, found := strings.Cut(s, "/")
	a, z, found2 := strings.Cut(rng, "-")
	if !found || !found2 {
		return 0, 0, 0, false
	}
	var err1, err2 error
	first, err1 = strconv.ParseInt(a, 10, 64)
	last, err2 = strconv.ParseInt(z, 10, 64)
	if err1 != nil || err2 != nil || first < 0 {
		return 0, 0, 0, false
	}
	total = -1
	if tot != "*" {
		t, err := strconv.ParseInt(tot, 10, 64)
		if err != nil || t <= last {
			return 0, 0, 0, false
		}
		total = t
	}
	return first, last, total, true
}

// totalOf reads the size of "bytes */size" (a 416's Content-Range).
func totalOf(s string) (int64, bool) {
	t, found := strings.CutPrefix(s, "bytes */")
	if !found {
		return 0, false
	}
	n, err := strconv.ParseInt(t, 10, 64)
	return n, err == nil && n >= 0
}

// streamHTTP opens the whole body of url (a server without Range support) for the stream
// path, with the Client's retries for the response (not for the body, which is read once).
// It returns the number of requests made.
func (c *Client) streamHTTP(ctx context.Context, url string) (io.ReadCloser, int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, 0, err
	}
	var body io.ReadCloser
	requests, err := c.withRetries(ctx, func() (retry bool, err error) {
		resp, err := c.httpClient().Do(req.Clone(ctx))
		if err != nil {
			if ctx.Err() != nil {
				return false, ctx.Err()
			}
			return true, err
		}
		if resp.StatusCode == http.StatusOK {
			body = resp.Body
			return false, nil
		}
		resp.Body.Close()
		return retryable(resp.StatusCode), &HTTPError{url, resp.StatusCode, resp.Status}
	})
	return body, requests, err
}
