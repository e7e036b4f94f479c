package cliapp

import (
	"fmt"
	"io"
	"runtime"
	"strconv"
	"strings"
)

// config is what the command line asked for.
type config struct {
	args       []string // files, directories, globs, "-"
	recursive  bool
	allFiles   bool     // --all-files: report every file a walk finds, not only recognised ones
	exts       []string // --ext: extensions to keep when walking directories
	jsonArray  bool     // -j
	ndjson     bool     // --ndjson: records even for one file
	csv        bool     // --csv
	sep        string   // --sep: joins list items in a CSV cell
	pretty     bool
	tags       []string // -t
	exclude    []string // -x
	groups     bool     // -G
	raw        bool     // -n
	facts      bool
	workers    int
	workersSet bool   // -P given: remote inputs keep it (else they get remoteWorkers)
	progress   string // auto, always, never
	sidecar    bool
	version    bool
	list       bool     // --list: print the dictionary's keys
	filesFrom  string   // --files-from: a file (or "-" for stdin) listing inputs, one per line
	listed     []string // the paths read for --files-from
}

// option is one flag: its short letter (0 for none), its long name, and what it does with
// its value (arg) or its presence (set).
type option struct {
	short byte
	long  string
	arg   func(c *config, v string) error // takes a value (-P 4, -P4, --workers=4)
	set   func(c *config)                 // a switch
}

// listValue appends the comma-separated values of v to *l (repeatable flags).
func listValue(l *[]string, v string) {
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			*l = append(*l, s)
		}
	}
}

// options are the flags, in the order of the help text.
var options = []option{
	{short: 'r', long: "recursive", set: func(c *config) { c.recursive = true }},
	{long: "all-files", set: func(c *config) { c.allFiles = true }},
	{long: "ext", arg: func(c *config, v string) error { listValue(&c.exts, v); return nil }},
	{short: 'j', long: "json", set: func(c *config) { c.jsonArray = true }},
	{long: "ndjson", set: func(c *config) { c.ndjson = true }},
	{long: "csv", set: func(c *config) { c.csv = true }},
	{long: "sep", arg: func(c *config, v string) error { c.sep = v; return nil }},
	{long: "pretty", set: func(c *config) { c.pretty = true }},
	{short: 't', long: "tags", arg: func(c *config, v string) error { listValue(&c.tags, v); return nil }},
	{short: 'x', long: "exclude", arg: func(c *config, v string) error { listValue(&c.exclude, v); return nil }},
	{short: 'G', long: "groups", set: func(c *config) { c.groups = true }},
	{short: 'n', long: "raw", set: func(c *config) { c.raw = true }},
	{long: "facts", set: func(c *config) { c.facts = true }},
	{short: 'P', long: "workers", arg: func(c *config, v string) error {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return fmt.Errorf("-P needs a number of workers of at least 1, not %q", v)
		}
		c.workers, c.workersSet = n, true
		return nil
	}},
	{long: "progress", arg: func(c *config, v string) error {
		if v != "auto" && v != "always" && v != "never" {
			return fmt.Errorf("--progress must be auto, always or never, not %q", v)
		}
		c.progress = v
		return nil
	}},
	{long: "files-from", arg: func(c *config, v string) error { c.filesFrom = v; return nil }},
	{long: "sidecar", set: func(c *config) { c.sidecar = true }},
	{long: "list", set: func(c *config) { c.list = true }},
	{long: "version", set: func(c *config) { c.version = true }},
	{short: 'h', long: "help"}, // handled by parseFlags
}

const usageText = `usage: embedmeta [flags] FILE|DIR|GLOB|URL|- ...
       embedmeta serve [flags]          (the HTTP service: runs embedmeta-serve; see embedmeta serve -h)

Prints the embeddedMetadata of each file: EXIF, IPTC and XMP normalized into one flat,
typed JSON object (keys are ExifTool tag names without hyphens).
One file: the object. Several files, a directory or a glob (or --ndjson): one NDJSON line
per file, {"file":"…","embeddedMetadata":{…}} plus "facts", "warnings" or "error" members.
Flags may come before or after the files; short flags combine (-rj); -- ends the flags.
A URL is a stored object read by ranged requests: s3://bucket/key (AWS SDK configuration,
AWS_ENDPOINT_URL_S3 for S3-compatible stores), gs://, azblob://, http(s)://; with -r, an
s3://bucket/prefix/ (gs://, azblob://) URL is listed and every object under it read.

flags:
  -r, --recursive      walk directories (and list bucket prefixes) given as arguments; files
                       whose content is not a recognised image, video or metadata format
                       are skipped silently
      --all-files      with -r, report every file found (unrecognised ones as errors)
      --ext LIST       only files with these extensions when walking (jpg,png; repeatable)
  -j, --json           print one JSON array of records instead of NDJSON
      --ndjson         print records (NDJSON) even for one file
      --csv            print CSV: a header row, then one row per file (SourceFile first,
                       one column per key; list items joined by --sep)
      --sep STR        the separator of list items in a CSV cell (default ", ")
      --pretty         indent the JSON
  -t, --tags LIST      only these keys: names with wildcards (Make, GPS*, *Date*), groups
                       (EXIF:*, IPTC:*, XMP:*, Composite:*) or both (XMP:Creator,
                       EXIF:GPS*); case-insensitive, repeatable
  -x, --exclude LIST   leave out these keys (same patterns as -t)
  -G, --groups         prefix each key with its source group (EXIF:Make, XMP:Creator)
  -n, --raw            enumeration codes instead of labels (ResolutionUnit 2, not "inches")
      --facts          add the file facts (fileType, mime, width, height, hasAlpha, ...)
  -P, --workers N      files read in parallel (default: the number of CPUs, 32 when URLs are
                       read); output order is the order of the arguments either way
      --progress WHEN  progress bar on stderr: auto (a terminal and 20+ files), always, never
      --files-from F   read input paths from file F, one per line ("-": standard input);
                       for pipe steps (xargs, GNU parallel, Spark/Beam pipes)
      --sidecar        merge photo.xmp (or photo.jpg.xmp) into photo.jpg; sidecar XMP wins
                       over embedded XMP, EXIF still wins over XMP
      --list           print every key embedmeta knows: key, kind, shape, sources (TSV)
      --version        print the version
  -h, --help           this help

exit status: 0 all files read; 1 some file could not be read, or a path or pattern matched
nothing; 2 bad usage; 3 output error

examples:
  embedmeta photo.jpg
  embedmeta -r --ext jpg,jpeg,heic ./uploads > metadata.ndjson
  embedmeta -t 'EXIF:*' -t XMP:Creator -G photo.jpg
  embedmeta -t 'GPS*' -t '*Date*' --ndjson photo.jpg
  embedmeta -r --csv ./uploads > metadata.csv
  embedmeta -r s3://media/uploads/2024/ > metadata.ndjson
  embedmeta https://example.com/photo.jpg
  embedmeta -j --pretty --facts *.png
  cat photo.jpg | embedmeta -
  find /data -name '*.jpg' | embedmeta --files-from - > metadata.ndjson
`

// usageError is a command line embedmeta cannot run: one line on standard error, exit 2.
type usageError string

func (e usageError) Error() string { return string(e) }

func findShort(c byte) *option {
	for i := range options {
		if options[i].short == c {
			return &options[i]
		}
	}
	return nil
}

func findLong(name string) *option {
	for i := range options {
		if options[i].long == name {
			return &options[i]
		}
	}
	return nil
}

// parseArgs reads the command line as GNU tools and ExifTool users expect: flags anywhere
// among the files, short flags combined (-rj) and with their value attached or next (-P4,
// -P 4), long flags with = or a space (--ext=jpg, --ext jpg), a long flag with one dash
// (-ext jpg, ExifTool's habit), "--" ending the flags, "-" a file (standard input).
// help reports -h/--help.
func parseArgs(args []string) (cfg *config, help bool, err error) {
	cfg = &config{workers: runtime.GOMAXPROCS(0), progress: "auto", sep: ", "}
	apply := func(o *option, name, value string, hasValue bool, next func() (string, bool)) error {
		switch {
		case o.long == "help":
			help = true
			return nil
		case o.arg == nil && hasValue:
			return usageError(fmt.Sprintf("flag %s takes no value", name))
		case o.arg == nil:
			o.set(cfg)
			return nil
		case !hasValue:
			v, ok := next()
			if !ok {
				return usageError(fmt.Sprintf("flag %s needs a value", name))
			}
			value = v
		}
		if err := o.arg(cfg, value); err != nil {
			return usageError(err.Error())
		}
		return nil
	}
	for i := 0; i < len(args); i++ {
		a := args[i]
		next := func() (string, bool) {
			if i+1 < len(args) {
				i++
				return args[i], true
			}
			return "", false
		}
		switch {
		case a == "--":
			cfg.args = append(cfg.args, args[i+1:]...)
			return cfg, help, nil
		case a == stdinName || !strings.HasPrefix(a, "-"):
			cfg.args = append(cfg.args, a)
		case strings.HasPrefix(a, "--"):
			name, value, hasValue := strings.Cut(a[2:], "=")
			o := findLong(name)
			if o == nil {
				return nil, false, usageError(fmt.Sprintf("unknown flag --%s", name))
			}
			if err := apply(o, "--"+name, value, hasValue, next); err != nil {
				return nil, false, err
			}
		default:
			// -ext jpg, -pretty: a single-dash word that is a long flag's name.
			if name, value, hasValue := strings.Cut(a[1:], "="); len(name) > 1 && findLong(name) != nil {
				if err := apply(findLong(name), "-"+name, value, hasValue, next); err != nil {
					return nil, false, err
				}
				continue
			}
			// A cluster of short flags; one that takes a value takes the rest of the word
			// (-P4, -tGPS*) or the next argument.
			for j := 1; j < len(a); j++ {
				o := findShort(a[j])
				if o == nil {
					return nil, false, usageError(fmt.Sprintf("unknown flag -%c in %q", a[j], a))
				}
				rest := a[j+1:]
				if o.arg != nil && rest != "" {
					if err := apply(o, "-"+string(a[j]), rest, true, next); err != nil {
						return nil, false, err
					}
					break
				}
				if err := apply(o, "-"+string(a[j]), "", false, next); err != nil {
					return nil, false, err
				}
			}
		}
	}
	return cfg, help, nil
}

// parseFlags parses the command line. A nil config means: stop with the returned code.
// A usage error is one line on stderr (the help is -h), exit status 2.
func parseFlags(args []string, stdout, stderr io.Writer) (*config, int) {
	cfg, help, err := parseArgs(args)
	if err != nil {
		fmt.Fprintf(stderr, "embedmeta: %v (embedmeta -h for help)\n", err)
		return nil, exitUsage
	}
	if help {
		fmt.Fprint(stdout, usageText)
		return nil, exitOK
	}
	fail := func(format string, a ...any) (*config, int) {
		fmt.Fprintf(stderr, "embedmeta: "+format+" (embedmeta -h for help)\n", a...)
		return nil, exitUsage
	}
	switch {
	case cfg.version || cfg.list:
		return cfg, exitOK
	case len(cfg.args) == 0 && cfg.filesFrom == "":
		fmt.Fprint(stderr, usageText)
		return nil, exitUsage
	case cfg.csv && cfg.jsonArray, cfg.csv && cfg.ndjson, cfg.jsonArray && cfg.ndjson:
		return fail("--csv, -j and --ndjson are different outputs: give one")
	case cfg.allFiles && !cfg.recursive:
		return fail("--all-files goes with -r")
	}
	for _, p := range append(append([]string{}, cfg.tags...), cfg.exclude...) {
		if _, err := parsePattern(p); err != nil {
			return fail("%v", err)
		}
	}
	return cfg, exitOK
}
