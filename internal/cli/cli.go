// Package cli holds what the two commands, embedmeta (the CLI) and embedmeta-serve (the HTTP
// service), both write: the members of the JSON they print and the version they report. It
// imports nothing the CLI does not already link, so that the CLI's start-up stays small.
package cli

import (
	"runtime/debug"
	"strconv"

	"github.com/embedmeta/embedmeta"
	"github.com/embedmeta/embedmeta/normalize"
)

// version is set at build time with
// -ldflags "-X github.com/embedmeta/embedmeta/internal/cli.version=...".
var version string

// Version returns the version of the build: the one set with -ldflags, else the module's
// version as the go command recorded it (go install ...@v1.2.3 gives v1.2.3; a build in a
// git checkout, a pseudo-version), else "dev-<commit>" when the build recorded its commit,
// else "dev".
func Version() string {
	if version != "" {
		return version
	}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "dev"
	}
	if bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	// A build in a checkout with -buildvcs=false or without a tag: the commit, when recorded.
	rev, dirty := "", false
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if rev == "" {
		return "dev"
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if dirty {
		rev += "-dirty"
	}
	return "dev-" + rev
}

// AppendFacts appends the file facts as a JSON object with the CLI's member names (fileType,
// mime, width, height, hasAlpha, duration, bitRate, videoCodec, audioCodec), leaving out
// what is unknown (empty strings, zero numbers, a nil HasAlpha).
func AppendFacts(dst []byte, f embedmeta.Facts) []byte {
	dst = append(dst, '{')
	n := 0
	member := func(name string) {
		if n > 0 {
			dst = append(dst, ',')
		}
		n++
		dst = normalize.AppendString(dst, name)
		dst = append(dst, ':')
	}
	str := func(name, v string) {
		if v != "" {
			member(name)
			dst = normalize.AppendString(dst, v)
		}
	}
	num := func(name string, v int64) {
		if v > 0 {
			member(name)
			dst = strconv.AppendInt(dst, v, 10)
		}
	}
	str("fileType", f.FileType)
	str("mime", f.MIME)
	num("width", int64(f.Width))
	num("height", int64(f.Height))
	if f.HasAlpha != nil {
		member("hasAlpha")
		dst = strconv.AppendBool(dst, *f.HasAlpha)
	}
	if f.Duration > 0 {
		member("duration")
		dst = strconv.AppendFloat(dst, f.Duration, 'f', -1, 64)
	}
	num("bitRate", f.BitRate)
	str("videoCodec", f.VideoCodec)
	str("audioCodec", f.AudioCodec)
	return append(dst, '}')
}

// AppendWarnings appends the member `,"warnings":[…]`, each warning as its String, when
// there are any; nothing otherwise. It goes after another member of an open object.
func AppendWarnings(dst []byte, ws []embedmeta.Warning) []byte {
	if len(ws) == 0 {
		return dst
	}
	dst = append(dst, `,"warnings":[`...)
	for i, w := range ws {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = normalize.AppendString(dst, w.String())
	}
	return append(dst, ']')
}
