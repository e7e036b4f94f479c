#!/usr/bin/env bash
# abuse.sh: embedmeta serve under load and abuse, over loopback only (bench/cmd/abuse): plain
# uploads at concurrency 1/8/64, slow headers, slow bodies, far-offset small files and 1 GiB
# JPEG streams without image data, each against a fresh server, bounded in requests and time.
# Prints a header (date, commit, whether the stream rewrite is in) and a Markdown table.
#
# usage: bench/abuse.sh [-quick] [ABUSE FLAGS...]   (corpus: testdata/corpus/files/jpeg;
#        see go run ./bench/cmd/abuse -h)
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

help_asked "${1:-}" 2,8
cd "$root"
scratch

corpus=testdata/corpus/files/jpeg
CGO_ENABLED=0 go build -o "$tmp/" ./cmd/embedmeta ./cmd/embedmeta-serve # serve execs embedmeta-serve beside it
go build -o "$tmp/abuse" ./bench/cmd/abuse

stream=$( (git log -1 --format='%h %s' -- extract/stream.go 2>/dev/null || true) | cut -c1-100)
dirty=$(dirty)
echo "date: $(date -u +%Y-%m-%dT%H:%MZ); commit: $(git rev-parse --short HEAD 2>/dev/null || echo '?')" \
	"($dirty files modified in the work tree); load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "stream rewrite: last commit touching extract/stream.go: ${stream:-none}"
echo
"$tmp/abuse" -bin "$tmp/embedmeta" -corpus "$corpus" "$@"
