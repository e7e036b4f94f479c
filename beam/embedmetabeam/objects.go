package embedmetabeam

import (
	"context"
	"net/url"
	"os"
	"strings"

	"github.com/embedmeta/embedmeta"
	"github.com/embedmeta/embedmeta/remote"

	// The bucket drivers remote reads s3://, gs:// and azblob:// URLs with. They are
	// registered here so that every binary that runs the transforms, the workers' included,
	// has them.
	_ "gocloud.dev/blob/azureblob"
	_ "gocloud.dev/blob/gcsblob"
	_ "gocloud.dev/blob/s3blob"
)

// isPrefix tells whether in names a prefix to list rather than one object: a URL or path
// ending in "/", a bucket URL with no object key (s3://bucket), or a local directory (a
// path or a file:// URL). It returns the prefix as remote.List takes it.
func isPrefix(in string) (string, bool) {
	if strings.HasSuffix(in, "/") {
		return in, true
	}
	if !remote.IsURL(in) {
		fi, err := os.Stat(in)
		return in, err == nil && fi.IsDir()
	}
	u, err := url.Parse(in)
	if err != nil {
		return "", false
	}
	switch u.Scheme {
	case "http", "https":
		return "", false // no listing: an object, whatever its path
	case "file":
		fi, err := os.Stat(u.Path)
		return in, err == nil && fi.IsDir()
	}
	return in, u.Path == "" // a whole bucket
}

// readObject reads the metadata of the object at u by ranged reads (remote.Extract), and
// counts what it cost.
func readObject(ctx context.Context, u string, opts embedmeta.Options) (*embedmeta.Metadata, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	md, st, err := remote.Extract(ctx, u, opts)
	requests.Inc(ctx, int64(st.Requests))
	fetched.Inc(ctx, st.Fetched)
	return md, err
}

// listObjects calls yield with the URL of every object under prefix (remote.List), until
// yield returns false. Local directories list as paths.
func listObjects(ctx context.Context, prefix string, yield func(string) bool) error {
	return remote.List(ctx, prefix, yield)
}
