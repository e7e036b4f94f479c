// Package embedmetabeam reads the embedded metadata (EXIF, IPTC, XMP) of stored objects in an
// Apache Beam pipeline, so that one pipeline runs on any Beam runner: Prism locally, Dataflow,
// Flink or Spark.
//
// Expand turns inputs (object URLs, local paths, bucket prefixes) into object URLs, Extract
// turns object URLs into records, and Records does both with a reshuffle between them so
// that the objects of one listed prefix spread over the workers.
//
// A record is one line of NDJSON, exactly as the embedmeta CLI prints it with --ndjson:
//
//	{"file":"<url>","embeddedMetadata":{...},"facts":{...},"warnings":[...]}
//
// with "facts" under Options.Facts, "warnings" when there are any, and "error" (with no
// "embeddedMetadata") when the object could not be read. A bad object gives an error record;
// it never fails the bundle.
package embedmetabeam

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/log"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"

	"github.com/embedmeta/embedmeta"
)

// The pipeline's metrics, in the namespace "embedmeta": objects read, error records, and the
// requests and bytes the ranged reads cost.
var (
	objects  = beam.NewCounter("embedmeta", "objects")
	failures = beam.NewCounter("embedmeta", "errors")
	requests = beam.NewCounter("embedmeta", "requests")
	fetched  = beam.NewCounter("embedmeta", "bytes_fetched")
)

func init() {
	register.DoFn3x0[context.Context, string, func(string)](&extractFn{})
	register.DoFn4x0[context.Context, string, func(string), func(string)](&expandFn{})
	register.Emitter1[string]()
}

// Options configure Extract. The zero value gives the CLI's default records.
type Options struct {
	// Facts adds the "facts" member (file type, MIME type, dimensions, duration...), like
	// the CLI's --facts.
	Facts bool
	// RawValues keeps enumeration codes instead of their labels, like the CLI's -n.
	RawValues bool
}

// Extract reads the metadata of every object of urls, a PCollection<string> of object URLs
// (s3://, gs://, azblob://, file://, mem://, http(s)://) or local paths, and returns a
// PCollection<string> of records, one per element, each with "file" set to the element.
// Objects are read with ranged reads: only the bytes that hold metadata travel.
func Extract(s beam.Scope, urls beam.PCollection, opts Options) beam.PCollection {
	s = s.Scope("embedmeta.Extract")
	return beam.ParDo(s, &extractFn{Facts: opts.Facts, RawValues: opts.RawValues}, urls)
}

// Expand turns inputs, a PCollection<string>, into object URLs: an element that names a
// prefix (a URL or path ending in "/", a bucket URL such as s3://bucket, or a local
// directory) is listed into the URLs of the objects under it, recursively; any other element
// passes through as it is. A prefix that cannot be listed gives an error record in errs
// (and the objects listed before the failure in urls).
func Expand(s beam.Scope, inputs beam.PCollection) (urls, errs beam.PCollection) {
	s = s.Scope("embedmeta.Expand")
	return beam.ParDo2(s, &expandFn{}, inputs)
}

// Records is Expand followed by Extract: the records of every object named or listed by
// inputs, and the error records of the prefixes that could not be listed. A reshuffle between
// the two steps lets a runner spread the objects of one prefix over its workers instead of
// reading them all where the prefix was listed.
func Records(s beam.Scope, inputs beam.PCollection, opts Options) beam.PCollection {
	s = s.Scope("embedmeta.Records")
	urls, errs := Expand(s, inputs)
	recs := Extract(s, beam.Reshuffle(s, urls), opts)
	return beam.Flatten(s, recs, errs)
}

// extractFn reads one object into one record.
type extractFn struct {
	// Facts and RawValues are Options'; exported so that the runner serializes them.
	Facts     bool `json:"facts"`
	RawValues bool `json:"rawValues"`
}

// ProcessElement emits the record of the object at url; a failure is the record's "error".
func (fn *extractFn) ProcessElement(ctx context.Context, url string, emit func(string)) {
	md, err := readObject(ctx, url, embedmeta.Options{RawValues: fn.RawValues})
	objects.Inc(ctx, 1)
	if err != nil {
		failures.Inc(ctx, 1)
		if !isFileError(err) {
			log.Warnf(ctx, "embedmeta: %s: %v", url, err)
		}
	}
	emit(string(AppendRecord(nil, url, md, err, fn.Facts)))
}

// isFileError tells the errors that are about the file's content (an unrecognised or
// damaged container) from those of reading it, which are worth a log line on the worker.
func isFileError(err error) bool {
	var fe *embedmeta.FormatError
	return errors.Is(err, embedmeta.ErrUnsupportedFormat) || errors.As(err, &fe)
}

// expandFn lists prefixes and passes other inputs through.
type expandFn struct{}

// ProcessElement emits the URLs under in when it is a prefix, else in itself; a listing
// failure becomes an error record for in.
func (fn *expandFn) ProcessElement(ctx context.Context, in string, emit, emitErr func(string)) {
	in = strings.TrimSpace(in)
	if in == "" || strings.HasPrefix(in, "#") {
		return // a blank line or a comment of a list file
	}
	prefix, ok := isPrefix(in)
	if !ok {
		emit(in)
		return
	}
	err := listObjects(ctx, prefix, func(url string) bool {
		emit(url)
		return ctx.Err() == nil
	})
	if err == nil {
		err = ctx.Err()
	}
	if err != nil {
		failures.Inc(ctx, 1)
		log.Warnf(ctx, "embedmeta: listing %s: %v", in, err)
		emitErr(string(AppendRecord(nil, in, nil, fmt.Errorf("listing: %w", err), false)))
	}
}

// AppendRecord appends the record of the object url to dst, as the embedmeta CLI writes it
// with --ndjson (and --facts when facts is set), without the newline: the library's
// embedmeta.AppendRecord.
func AppendRecord(dst []byte, url string, md *embedmeta.Metadata, err error, facts bool) []byte {
	return embedmeta.AppendRecord(dst, url, md, err, embedmeta.RecordOptions{Facts: facts})
}
