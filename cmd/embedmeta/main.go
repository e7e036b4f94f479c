// Command embedmeta prints the embedded metadata (EXIF, IPTC, XMP) of media files as the
// flat, typed embeddedMetadata JSON object, in ExifTool's habits where they fit.
//
//	embedmeta photo.jpg                   one file: its embeddedMetadata object and a newline
//	embedmeta a.jpg b.png                 several files: one NDJSON line per file
//	embedmeta -r DIR                      every file under DIR
//	embedmeta -j -r DIR                   one JSON array instead of NDJSON
//	embedmeta - < photo.jpg               standard input
//	embedmeta serve -addr :8080           the HTTP service: runs embedmeta-serve (see "embedmeta serve -h")
//	embedmeta -r s3://bucket/prefix/      stored objects: runs embedmeta-cloud, which links the
//	                                      bucket drivers (this command does not, to start fast)
//
// An NDJSON line (and a -j array element) is {"file":"…","embeddedMetadata":{…}}, with
// "facts":{…} under --facts, "warnings":[…] when reading met recoverable trouble and
// "error":"…" when the file could not be read.
//
// Exit status: 0 every file was read; 1 at least one file could not be read (the others are
// still printed); 2 bad usage; 3 output could not be written.
package main

import (
	"context"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"

	"github.com/embedmeta/embedmeta/internal/cliapp"
)

func main() {
	ctx, cancel := context.WithCancel(context.Background())
	cliapp.BatchStarts = func() {
		tuneGC()
		go cancelOnSignal(cancel)
	}
	os.Exit(cliapp.Run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// tuneGC trades some memory for less collector work in a batch, whose garbage is small per
// file, unless the user set GOGC. cliapp calls it when a batch starts: a one-file process
// never collects, and looking up GOGC would copy its whole environment into a map.
func tuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
}

// cancelOnSignal cancels the run at the first SIGINT or SIGTERM (files read so far are
// printed, see extractAll) and gives the signals their
// default effect again, so that a second one ends the process at once. cliapp calls it
// (cliapp.BatchStarts) when a batch starts, not for one file (issue 16.3). It runs in its
// own goroutine: subscribing to signals starts the runtime's signal-watching threads,
// ~0.1-0.2 ms that a short batch would otherwise wait for before reading its first file.
func cancelOnSignal(cancel context.CancelFunc) {
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	<-sig
	cancel()
	signal.Stop(sig)
}
