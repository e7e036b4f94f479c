// Package cliapp is the embedmeta command line: flags, inputs (files, directories, globs,
// standard input, object URLs), parallel reading in input order, and the JSON, NDJSON and
// CSV outputs. Two commands run it: embedmeta (cmd/embedmeta), which links no bucket driver
// so that reading one local file starts fast, and embedmeta-cloud (cmd/embedmeta-cloud),
// which links them; embedmeta hands a command line with URLs over to embedmeta-cloud (see
// Objects).
package cliapp

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/embedmeta/embedmeta"
)

// Exit codes.
const (
	exitOK     = 0
	exitFailed = 1 // at least one file could not be read
	exitUsage  = 2 // bad flags or arguments
	exitOutput = 3 // writing the output failed
)

// Run is the whole command, testable without a process.
func Run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) > 0 && args[0] == "serve" {
		return serve(args[1:], stdin, stdout, stderr)
	}
	cfg, code := parseFlags(args, stdout, stderr)
	if cfg == nil {
		return code
	}
	if cfg.version {
		fmt.Fprintln(stdout, "embedmeta", embedmeta.Version())
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
	if Objects == nil && hasRemote(inputs) {
		return handOver(args, cfg, inputs, stdin, stdout, stderr)
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
		groups := make([]string, len(k.Groups))
		for i, o := range k.Groups {
			groups[i] = o.String()
			keep = keep || sel.keep(embedmeta.Field{Key: k.Key, Source: o})
		}
		if !keep {
			continue
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\n", k.Key, k.Kind, k.Shape, strings.Join(groups, ","), strings.Join(k.Refs, ", "))
	}
	if err := w.Flush(); err != nil {
		fmt.Fprintf(stderr, "embedmeta: writing output: %v\n", err)
		return exitOutput
	}
	return exitOK
}
