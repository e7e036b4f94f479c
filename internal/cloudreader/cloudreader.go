// Package cloudreader adapts remote.Client to the reader the CLI takes for object URLs
// (cliapp.ObjectReader), so that only the commands that read URLs (embedmeta-cloud) link
// the remote package and its SDKs.
package cloudreader

import (
	"context"

	"github.com/embedmeta/embedmeta"
	"github.com/embedmeta/embedmeta/remote"
)

// Reader reads stored objects with a remote.Client.
type Reader struct{ c remote.Client }

// New returns a Reader with a default remote.Client.
func New() *Reader { return &Reader{} }

// Extract reads the metadata of the object at url.
func (r *Reader) Extract(ctx context.Context, url string, opts embedmeta.Options) (*embedmeta.Metadata, error) {
	md, _, err := r.c.Extract(ctx, url, opts)
	return md, err
}

// List lists the objects under a prefix URL.
func (r *Reader) List(ctx context.Context, prefix string, yield func(url string) bool) error {
	return r.c.List(ctx, prefix, yield)
}

// Close closes the buckets the client opened.
func (r *Reader) Close() error { return r.c.Close() }
