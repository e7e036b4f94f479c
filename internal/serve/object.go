package serve

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strings"

	"github.com/embedmeta/embedmeta"
	"github.com/embedmeta/embedmeta/remote"
)

// bucketList is the repeatable -allow-bucket flag: bucket URLs ("s3://photos",
// "gs://media?..."), comma-separated in its environment variable.
type bucketList []string

func (l *bucketList) String() string { return strings.Join(*l, ",") }

func (l *bucketList) Set(v string) error {
	for _, b := range strings.Split(v, ",") {
		if b = strings.TrimSpace(b); b == "" {
			continue
		}
		u, err := url.Parse(b)
		if err != nil || u.Host == "" || strings.Trim(u.Path, "/") != "" || !bucketScheme(u.Scheme) {
			return fmt.Errorf("%q is not a bucket URL (scheme://bucket, e.g. s3://photos)", b)
		}
		*l = append(*l, b)
	}
	return nil
}

// bucketScheme reports whether scheme names a bucket service (not a server address or a
// local file, which a client must never make the service fetch).
func bucketScheme(scheme string) bool {
	switch scheme {
	case "", "http", "https", "file":
		return false
	}
	return true
}

// errForbidden refuses an object outside the allowed buckets.
var errForbidden = errors.New("object not in an allowed bucket")

// objectURL checks a client's ?object= against the allowed buckets and returns the URL to
// read: the allowed bucket's URL (with the operator's query, e.g. a region) and the key. The
// client's URL may carry no query, user or fragment: what to reach and how is the
// operator's choice alone (no server-side request forgery).
func (s *service) objectURL(raw string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return "", fmt.Errorf("bad object URL: %v", err)
	}
	key := strings.TrimPrefix(u.Path, "/")
	if !bucketScheme(u.Scheme) || u.Host == "" || key == "" || u.RawQuery != "" || u.User != nil ||
		u.Fragment != "" || u.Opaque != "" {
		return "", errForbidden
	}
	for _, allowed := range s.cfg.allowBuckets {
		b, _ := url.Parse(allowed) // checked by bucketList.Set
		if b.Scheme == u.Scheme && b.Host == u.Host {
			b.Path = "/" + key
			return b.String(), nil
		}
	}
	return "", errForbidden
}

// requestContext returns the context an extraction of x runs under: the request's, with
// the -timeout deadline counted from the request's start when one is set. cancel releases
// it (a no-op without a deadline).
func (s *service) requestContext(x *exchange) (ctx context.Context, cancel context.CancelFunc) {
	if s.cfg.timeout > 0 {
		return context.WithDeadline(x.r.Context(), x.start.Add(s.cfg.timeout))
	}
	return x.r.Context(), func() {}
}

// extractObject answers POST /v1/extract?object=URL: the object's metadata, read by ranged
// requests from a bucket the operator allowed (-allow-bucket).
func (s *service) extractObject(x *exchange, object string, facts bool) {
	if x.r.ContentLength > 0 {
		x.fail(http.StatusBadRequest, errors.New("body with ?object"), "?object= reads a stored object: send no body")
		return
	}
	target, err := s.objectURL(object)
	if err != nil {
		x.fail(http.StatusForbidden, err, fmt.Sprintf("%s: %v (the service reads only the buckets it was started with, -allow-bucket)", object, err))
		return
	}
	ctx, cancel := s.requestContext(x)
	defer cancel()
	limits := embedmeta.Limits{MaxRetained: s.cfg.maxRetained, MaxStreamRead: s.cfg.maxBytes}
	md, st, err := s.remote.Extract(ctx, target, embedmeta.Options{Limits: limits})
	x.in = st.Fetched
	if md != nil {
		x.format = md.Format
	}
	var fe *embedmeta.FormatError
	switch {
	case err == nil:
		x.reply(http.StatusOK, appendResult(nil, md, facts))
	case x.r.Context().Err() != nil:
		s.clientGone(x, x.r.Context().Err())
	case ctx.Err() != nil:
		x.fail(http.StatusGatewayTimeout, err, "timed out: the object was not read within -timeout")
	case errors.Is(err, os.ErrNotExist):
		x.fail(http.StatusNotFound, err, object+": no such object")
	case errors.Is(err, embedmeta.ErrUnsupportedFormat):
		x.fail(http.StatusUnsupportedMediaType, err, err.Error())
	case errors.As(err, &fe):
		x.fail(http.StatusUnprocessableEntity, err, err.Error())
	default:
		x.fail(http.StatusBadGateway, err, "reading the object failed: "+err.Error())
	}
}

// newRemote returns the client the service reads objects with.
func newRemote() *remote.Client { return &remote.Client{} }
