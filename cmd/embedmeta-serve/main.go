// Command embedmeta-serve is the HTTP service of embedmeta: POST a file to /v1/extract and get
// its embeddedMetadata back as JSON. `embedmeta serve [flags]` runs it with the same flags.
//
//	embedmeta-serve -addr 127.0.0.1:8080
//	curl --data-binary @photo.jpg 'http://127.0.0.1:8080/v1/extract?facts=true'
//
// embedmeta-serve -h lists the flags (each also an EMBEDMETA_* environment variable);
// docs/http-api.md describes the routes, statuses, JSON shapes, headers and metrics. The first
// SIGTERM or SIGINT starts a graceful shutdown, a second one ends the process at once.
//
// Exit status: 0 after a graceful shutdown (or -h, -version); 1 the service could not listen
// or failed; 2 bad flags or environment variables.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	_ "gocloud.dev/blob/azureblob" // ?object=azblob://...
	_ "gocloud.dev/blob/gcsblob"   // ?object=gs://...
	_ "gocloud.dev/blob/s3blob"    // ?object=s3://...

	"github.com/embedmeta/embedmeta/internal/serve"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() {
		<-ctx.Done()
		stop() // the signals' default effect again: a second one ends the process at once
	}()
	os.Exit(serve.Main(ctx, os.Args[1:], os.Stdout, os.Stderr))
}
