// Command embedmeta prints the embedded metadata (EXIF, IPTC, XMP) of media files as the
// flat, typed embeddedMetadata JSON object, in ExifTool's habits where they fit.
//
//	embedmeta photo.jpg                   one file: its embeddedMetadata object and a newline
//	embedmeta a.jpg b.png                 several files: one NDJSON line per file
//	embedmeta -r DIR                      every file under DIR
//	embedmeta -j -r DIR                   one JSON array instead of NDJSON
//	embedmeta - < photo.jpg               standard input
//	embedmeta serve -addr :8080           the HTTP service: runs embedmeta-serve (see "embedmeta serve -h")
//
// An NDJSON line (and a -j array element) is {"file":"…","embeddedMetadata":{…}}, with
// "facts":{…} under --facts, "warnings":[…] when reading met recoverable trouble and
// "error":"…" when the file could not be read.
//
// Exit status: 0 every file was read; 1 at least one file could not be read (the others are
// still printed); 2 bad usage; 3 output could not be written.
package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"

	"github.com/embedmeta/embedmeta"
	"github.com/embedmeta/embedmeta/internal/cli"
)

// Exit codes.
const (
	exitOK     = 0
	exitFailed = 1 // at least one file could not be read
	exitUsage  = 2 // bad flags or arguments
	exitOutput = 3 // writing the output failed
)

func main() {
	// A batch run is short-lived and its garbage is small per file: trade some memory for
	// less collector work unless the user set GOGC.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	ctx, cancel := context.WithCancel(context.Background())
	go cancelOnSignal(cancel)
	os.Exit(run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// cancelOnSignal cancels the run at the first SIGINT or SIGTERM (files read so far are
// printed, see extractAll) and gives the signals their
// default effect again, so that a second one ends the process at once. It runs in its own
// goroutine: subscribing to signals starts the runtime's signal-watching thread, ~0.1-0.2 ms
// that a short batch would otherwise wait for before reading its first file.
func cancelOnSignal(cancel context.CancelFunc) {
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	<-sig
	cancel()
	signal.Stop(sig)
}

// run is the whole command, testable without a process.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) > 0 && args[0] == "serve" {
		return serve(args[1:], stdin, stdout, stderr)
	}
	cfg, code := parseFlags(args, stdout, stderr)
	if cfg == nil {
		return code
	}
	if cfg.version {
		fmt.Fprintln(stdout, "embedmeta", cli.Version())
		return exitOK
	}
	if cfg.list {
		return listKeys(cfg, stdout, stderr)
	}
	inputs, err := collect(cfg, stdin)
	if err != nil {
		fmt.Fprintf(stderr, "embedmeta: %v\n", err)
		return exitUsage
	}
	return extractAll(ctx, cfg, inputs, stdin, stdout, stderr)
}

// listKeys prints every key of the dictionary (--list), one TSV row each: key, kind, shape,
// the payloads it comes from and the definitions it is read from (the first types it).
// -t and -x select keys as they select fields.
func listKeys(cfg *config, stdout, stderr io.Writer) int {
	w := bufio.NewWriter(stdout)
	sel := newSelector(cfg)
	fmt.Fprintln(w, "key\tkind\tshape\tgroups\tsources")
	for _, k := range embedmeta.Keys() {
		keep := false
		groups := make([]string, len(k.Origins))
		for i, o := range k.Origins {
			groups[i] = o.String()
			keep = keep || sel.keep(embedmeta.Field{Key: k.Key, Origin: o})
		}
		if !keep {
			continue
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\n", k.Key, k.Kind, k.Shape, strings.Join(groups, ","), strings.Join(k.Sources, ", "))
	}
	if err := w.Flush(); err != nil {
		fmt.Fprintf(stderr, "embedmeta: writing output: %v\n", err)
		return exitOutput
	}
	return exitOK
}
