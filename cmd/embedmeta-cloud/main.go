// Command embedmeta-cloud is embedmeta with the bucket drivers linked in: it reads the
// metadata of stored objects by ranged requests as well as local files, with the same flags
// and output (see embedmeta -h).
//
//	embedmeta-cloud s3://bucket/photo.jpg           one object (AWS SDK configuration)
//	embedmeta-cloud -r s3://bucket/uploads/2024/    every object under a prefix, 32 at a time
//	embedmeta-cloud gs://bucket/a.jpg azblob://container/b.heic https://example.com/c.jpg
//
// S3-compatible stores (MinIO, Ceph, R2, ...) are reached with AWS_ENDPOINT_URL_S3 (path-style
// addressing is then used). embedmeta runs this command by itself when its arguments hold
// URLs; it is a command of its own because the AWS, Google Cloud and Azure SDKs would make
// every local run of embedmeta start slower.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	_ "gocloud.dev/blob/azureblob" // azblob://
	_ "gocloud.dev/blob/gcsblob"   // gs://
	_ "gocloud.dev/blob/s3blob"    // s3://

	"github.com/embedmeta/embedmeta/internal/cliapp"
	"github.com/embedmeta/embedmeta/internal/cloudreader"
)

func main() {
	ctx, cancel := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	cliapp.Objects = func() cliapp.ObjectReader { return cloudreader.New() }
	code := cliapp.Run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	cancel()
	os.Exit(code)
}
