package embedmeta

import "runtime/debug"

// modulePath is this module's path, as build information names it.
const modulePath = "github.com/embedmeta/embedmeta"

// version is set at build time with
// -ldflags "-X github.com/embedmeta/embedmeta.version=...".
var version string

// Version returns embedmeta's version in this program: the one set with -ldflags, else the
// version of the embedmeta module as the go command recorded it (the main module's for the
// embedmeta commands — go install ...@v1.2.3 gives v1.2.3, a build in a git checkout a
// pseudo-version —, the dependency's for a program that imports the library), else
// "dev-<commit>" when the build recorded its commit, else "dev".
func Version() string {
	if version != "" {
		return version
	}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "dev"
	}
	if bi.Main.Path == modulePath && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	for _, d := range bi.Deps {
		if d.Path == modulePath {
			if d.Replace != nil && d.Replace.Version != "" {
				return d.Replace.Version
			}
			if d.Version != "" && d.Version != "(devel)" {
				return d.Version
			}
		}
	}
	if bi.Main.Path != modulePath {
		return "dev"
	}
	// A build in a checkout without a tag (or with -buildvcs=false): the commit, when recorded.
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
