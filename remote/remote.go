// Package remote reads the metadata of stored objects — in a bucket that gocloud.dev/blob
// opens (s3://, gs://, azblob://, mem://, ...) or behind an HTTP(S) URL — by ranged reads:
// embedmeta asks only for the bytes that hold metadata (a JPEG up to its image data, a
// HEIC's meta box), so a 20 MB photo costs one or two requests of 64 KiB instead of its
// whole body. A server that ignores Range requests is read as a stream, and the transfer
// stops once the metadata has passed.
//
// Bucket schemes need their gocloud.dev driver registered by a blank import in the program
// (the CLI imports s3blob, gcsblob and azureblob):
//
//	import _ "gocloud.dev/blob/s3blob"
//
// S3 and S3-compatible stores are configured as the AWS SDK is (environment, shared config,
// AWS_ENDPOINT_URL_S3), with path-style addressing when an endpoint is set. A file:// URL
// or a plain path is read as a local file.
package remote

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"gocloud.dev/blob"

	"github.com/embedmeta/embedmeta"
)

// Errors of reading a stored object (besides *HTTPError and the drivers' own).
var (
	// ErrShortRead: a response held fewer bytes than it announced, after the retries.
	ErrShortRead = errors.New("remote: short read")
	// ErrNotFound: the object does not exist (errors.Is with os.ErrNotExist also holds).
	ErrNotFound = fmt.Errorf("remote: object not found: %w", os.ErrNotExist)
)

// Stats reports what reading one object cost.
type Stats struct {
	// Requests is the number of requests made for the object's bytes (retries included).
	Requests int
	// Fetched is the number of bytes transferred.
	Fetched int64
	// Size is the object's size (-1 when a stream's size was not known).
	Size int64
	// Streamed is set when the server ignored Range requests and the body was read as a
	// stream up to the end of its metadata.
	Streamed bool
}

// Defaults of a Client's zero fields.
const (
	DefaultBlockSize      = 64 << 10
	DefaultMaxFetch       = 4 << 20
	DefaultMaxCache       = 64 << 20
	DefaultRetries        = 3
	DefaultRequestTimeout = 30 * time.Second
)

// Client reads stored objects. Its zero value is ready to use with the defaults; a Client
// keeps the buckets it opens (opening an S3 bucket loads the AWS configuration) until
// Close, and is safe for concurrent use.
type Client struct {
	// HTTP is the client for http(s):// URLs; nil: a client with sensible timeouts.
	HTTP *http.Client
	// BlockSize aligns ranged reads, bytes (a power of two; default 64 KiB): a read fetches
	// the blocks it touches in one request.
	BlockSize int64
	// MaxFetch bounds one request when reads go on forward and fetches grow (default 4 MiB).
	MaxFetch int64
	// MaxCache bounds the fetched bytes an Object keeps (default 64 MiB).
	MaxCache int64
	// Retries is how many times a failed request (429, 5xx, a dropped connection, a short
	// body) is made again, with a growing pause (default 3; negative: none).
	Retries int
	// RequestTimeout bounds one request, body included (default 30 s).
	RequestTimeout time.Duration

	mu      sync.Mutex
	buckets map[string]*blob.Bucket
	client  *http.Client
}

func (c *Client) retries() int {
	switch {
	case c.Retries < 0:
		return 0
	case c.Retries == 0:
		return DefaultRetries
	}
	return c.Retries
}

func (c *Client) requestTimeout() time.Duration {
	if c.RequestTimeout > 0 {
		return c.RequestTimeout
	}
	return DefaultRequestTimeout
}

func (c *Client) httpClient() *http.Client {
	if c.HTTP != nil {
		return c.HTTP
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.client == nil {
		t := http.DefaultTransport.(*http.Transport).Clone()
		t.ResponseHeaderTimeout = c.requestTimeout()
		t.MaxIdleConnsPerHost = 64 // many objects of one host read in parallel
		c.client = &http.Client{Transport: t}
	}
	return c.client
}

// IsURL reports whether s names a stored object or prefix rather than a local path: it has
// a scheme of two or more letters ("s3://", "https://"; "C:\" is a path).
func IsURL(s string) bool {
	i := strings.Index(s, "://")
	return i >= 2 && !strings.ContainsAny(s[:i], "/\\.")
}

// Open opens the object at rawURL for ranged reads. An http(s):// server that ignores
// Range requests gives an error that Extract handles by streaming; use Extract unless you
// need the io.ReaderAt itself.
func (c *Client) Open(ctx context.Context, rawURL string) (*Object, error) {
	f, err := c.fetcherFor(ctx, rawURL)
	if err != nil {
		return nil, err
	}
	o, err := c.open(ctx, rawURL, f)
	if err != nil {
		return nil, err
	}
	return o, nil
}

// OpenBlob opens the object key of a bucket the caller opened (any gocloud.dev/blob
// driver); url only names it in errors and Stats.
func (c *Client) OpenBlob(ctx context.Context, bucket *blob.Bucket, key, url string) (*Object, error) {
	o, err := c.open(ctx, url, &blobFetcher{bucket, key})
	if err != nil {
		return nil, err
	}
	return o, nil
}

// open makes the Object and fetches its first block, which tells the size. On an error the
// Object is returned too, for its Stats.
func (c *Client) open(ctx context.Context, rawURL string, f fetcher) (*Object, error) {
	o := &Object{url: rawURL, ctx: ctx, f: f, block: c.BlockSize, maxFetch: c.MaxFetch, maxCache: c.MaxCache}
	if o.block <= 0 || o.block&(o.block-1) != 0 {
		o.block = DefaultBlockSize
	}
	if o.maxFetch < o.block {
		o.maxFetch = max(DefaultMaxFetch, o.block)
	}
	if o.maxCache <= 0 {
		o.maxCache = DefaultMaxCache
	}
	o.stats.Size = -1
	b, size, reqs, err := f.fetch(ctx, 0, o.block)
	o.stats.Requests += reqs
	o.stats.Fetched += int64(len(b))
	if err != nil {
		if errors.Is(err, errNoRange) {
			return o, err
		}
		return o, fmt.Errorf("remote: %s: %w", rawURL, err)
	}
	if size < 0 || size < int64(len(b)) {
		return o, fmt.Errorf("remote: %s: the size of the object is not known", rawURL)
	}
	o.size, o.stats.Size = size, size
	if len(b) > 0 {
		o.spans = []span{{0, b}}
		o.cached, o.next, o.run = int64(len(b)), int64(len(b)), int64(len(b))
	}
	return o, nil
}

// fetcherFor returns the fetcher of an http(s) or bucket URL.
func (c *Client) fetcherFor(ctx context.Context, rawURL string) (fetcher, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, err
	}
	switch u.Scheme {
	case "http", "https":
		return &httpFetcher{c, rawURL}, nil
	case "file", "":
		return nil, fmt.Errorf("remote: %s is a local file: read it with embedmeta.ExtractFile", rawURL)
	}
	bucketURL, key, err := splitBlobURL(rawURL)
	if err != nil {
		return nil, err
	}
	if key == "" {
		return nil, fmt.Errorf("remote: %s names a bucket, not an object", rawURL)
	}
	b, err := c.bucket(ctx, bucketURL)
	if err != nil {
		return nil, err
	}
	return &blobFetcher{b, key}, nil
}

// bucket opens (once) the bucket of a bucket URL.
func (c *Client) bucket(ctx context.Context, bucketURL string) (*blob.Bucket, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if b, ok := c.buckets[bucketURL]; ok {
		return b, nil
	}
	// The bucket outlives this call (it serves later objects): it is opened without ctx's
	// cancellation.
	b, err := blob.OpenBucket(context.WithoutCancel(ctx), bucketURL)
	if err != nil {
		return nil, fmt.Errorf("remote: %w", err)
	}
	if c.buckets == nil {
		c.buckets = map[string]*blob.Bucket{}
	}
	c.buckets[bucketURL] = b
	return b, nil
}

// Close closes the buckets the Client opened.
func (c *Client) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	var errs []error
	for _, b := range c.buckets {
		errs = append(errs, b.Close())
	}
	c.buckets = nil
	return errors.Join(errs...)
}

// Extract reads the metadata of the object at rawURL (a bucket or http(s) URL, file:// or
// a local path) with ranged reads, and reports what it cost. A server that ignores Range
// requests is read as a stream (embedmeta.ExtractReader) that stops at the end of the
// metadata: there, unless opts.Limits.MaxTrailer is set, a JPEG's trailers (AFCP,
// FotoStation) are not read, as by a Tee. opts.Sidecar applies to local files only.
func (c *Client) Extract(ctx context.Context, rawURL string, opts embedmeta.Options) (*embedmeta.Metadata, Stats, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	if path, ok := localPath(rawURL); ok {
		md, err := embedmeta.ExtractFile(path, opts)
		st := Stats{Size: -1}
		if fi, serr := os.Stat(path); serr == nil {
			st.Size = fi.Size()
		}
		return md, st, err
	}
	f, err := c.fetcherFor(ctx, rawURL)
	if err != nil {
		return nil, Stats{Size: -1}, err
	}
	o, err := c.open(ctx, rawURL, f)
	if errors.Is(err, errNoRange) {
		md, st, err := c.extractStream(ctx, rawURL, opts)
		st.Requests += o.stats.Requests
		return md, st, err
	}
	if err != nil {
		return nil, o.Stats(), err
	}
	md, err := embedmeta.Extract(o, o.Size(), opts)
	if err == nil {
		err = ctx.Err()
	}
	return md, o.Stats(), err
}

// extractStream reads an http(s) body whole-or-until-done for a server without Range.
func (c *Client) extractStream(ctx context.Context, rawURL string, opts embedmeta.Options) (*embedmeta.Metadata, Stats, error) {
	st := Stats{Size: -1, Streamed: true}
	body, reqs, err := c.streamHTTP(ctx, rawURL)
	st.Requests = reqs
	if err != nil {
		return nil, st, err
	}
	defer body.Close() // closing before the end aborts the transfer
	if opts.Limits.MaxTrailer == 0 {
		opts.Limits.MaxTrailer = -1 // stop at a JPEG's image data: the trailers would need the whole body
	}
	cr := &countingReader{r: body}
	md, err := embedmeta.ExtractReader(ctx, cr, opts)
	st.Fetched = cr.n
	return md, st, err
}

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n int64
}

func (r *countingReader) Read(p []byte) (int, error) {
	n, err := r.r.Read(p)
	r.n += int64(n)
	return n, err
}

// localPath returns the path of a file:// URL or a plain path.
func localPath(raw string) (string, bool) {
	if !IsURL(raw) {
		return raw, true
	}
	if u, err := url.Parse(raw); err == nil && u.Scheme == "file" {
		return filepath.FromSlash(u.Path), true
	}
	return "", false
}

// List calls yield with the URL of every object under prefixURL ("s3://bucket/prefix/",
// "gs://bucket", "file:///data/photos/") in key order, until yield returns false. Keys
// ending in "/" (folder markers) are skipped. http(s) has no listing.
func (c *Client) List(ctx context.Context, prefixURL string, yield func(url string) bool) error {
	if path, ok := localPath(prefixURL); ok {
		return filepath.WalkDir(path, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.Type().IsRegular() && !yield(p) {
				return filepath.SkipAll
			}
			return nil
		})
	}
	u, err := url.Parse(prefixURL)
	if err != nil {
		return err
	}
	if u.Scheme == "http" || u.Scheme == "https" {
		return fmt.Errorf("remote: %s: an HTTP URL cannot be listed", prefixURL)
	}
	bucketURL, prefix, err := splitBlobURL(prefixURL)
	if err != nil {
		return err
	}
	b, err := c.bucket(ctx, bucketURL)
	if err != nil {
		return err
	}
	query := ""
	if u.RawQuery != "" {
		query = "?" + u.RawQuery
	}
	it := b.List(&blob.ListOptions{Prefix: prefix})
	for {
		obj, err := it.Next(ctx)
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("remote: listing %s: %w", prefixURL, err)
		}
		if obj.IsDir || strings.HasSuffix(obj.Key, "/") {
			continue
		}
		if !yield(u.Scheme + "://" + u.Host + "/" + obj.Key + query) {
			return nil
		}
	}
}

// defaultClient serves the package-level functions.
var defaultClient Client

// Extract reads the metadata of the object at url with a shared default Client (see
// Client.Extract).
func Extract(ctx context.Context, url string, opts embedmeta.Options) (*embedmeta.Metadata, Stats, error) {
	return defaultClient.Extract(ctx, url, opts)
}

// List lists the objects under a prefix URL with the shared default Client (see
// Client.List).
func List(ctx context.Context, prefixURL string, yield func(url string) bool) error {
	return defaultClient.List(ctx, prefixURL, yield)
}
