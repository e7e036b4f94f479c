// Command embedmeta-beam is an Apache Beam pipeline that reads the embedded metadata (EXIF,
// IPTC, XMP) of stored objects and writes one NDJSON record per object, as the embedmeta CLI
// prints them with --ndjson. The same binary runs on any Beam runner: Prism in process (the
// default), Dataflow, Flink or Spark, chosen with --runner (see beam/README.md).
//
// Usage:
//
//	embedmeta-beam --input=s3://bucket/photos/ --output=/tmp/metadata.ndjson [--facts] [--raw] [--runner=...]
//
// --input is one object URL or local path, a prefix to list (ending in "/", a bucket URL
// such as s3://bucket, or a local directory), or @FILE: a text file of inputs, one per line,
// each of them an object or a prefix (FILE may itself be a gs://, s3:// or local path).
// --output is the text file the records go to (local, gs:// or s3://).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/gcs"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/local"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/s3"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/textio"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/log"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/x/beamx"

	"github.com/embedmeta/embedmeta/beam/embedmetabeam"
)

var (
	input  = flag.String("input", "", "an object URL or local path, a prefix to list (ending in /, s3://bucket, a directory), or @FILE: a text file of such inputs, one per line")
	output = flag.String("output", "", "the text file the NDJSON records are written to (local, gs:// or s3://)")
	facts  = flag.Bool("facts", false, `add each record's "facts" member (file type, MIME type, dimensions...)`)
	raw    = flag.Bool("raw", false, "keep enumeration codes instead of their labels (the CLI's -n)")
)

func main() {
	flag.Parse()
	beam.Init() // a worker started by a runner serves here and never returns
	if *input == "" || *output == "" {
		fmt.Fprintln(os.Stderr, "usage: embedmeta-beam --input=URL|PATH|PREFIX/|@LIST --output=FILE [--facts] [--raw] [--runner=prism|dataflow|flink|spark|universal ...]")
		os.Exit(2)
	}
	ctx := context.Background()
	p, err := pipeline(*input, *output, embedmetabeam.Options{Facts: *facts, RawValues: *raw})
	if err != nil {
		fmt.Fprintln(os.Stderr, "embedmeta-beam:", err)
		os.Exit(2)
	}
	if err := beamx.Run(ctx, p); err != nil {
		log.Exitf(ctx, "embedmeta-beam: %v", err)
	}
}

// pipeline builds the pipeline: the inputs (one, or the lines of @FILE), listed and read by
// embedmetabeam.Records, written to output with textio.Write.
// A path of a file system Beam lacks (textio panics on it) is an error.
func pipeline(input, output string, opts embedmetabeam.Options) (p *beam.Pipeline, err error) {
	defer func() {
		if r := recover(); r != nil {
			p, err = nil, fmt.Errorf("%v", r)
		}
	}()
	input = strings.TrimSpace(input)
	if input == "" || input == "@" {
		return nil, errors.New("--input is empty")
	}
	p = beam.NewPipeline()
	s := p.Root()
	var in beam.PCollection
	if list, ok := strings.CutPrefix(input, "@"); ok {
		in = textio.Read(s, list)
	} else {
		in = beam.Create(s, input)
	}
	textio.Write(s, output, embedmetabeam.Records(s, in, opts))
	return p, nil
}
