#!/usr/bin/env bash
# remote.sh: what reading stored objects costs a user of the CLI (issue 14), on loopback:
# the corpus's camera and phone JPEGs served over HTTP (Range) and through the S3 API
# (gofakes3), each request answered after 20 ms, read by embedmeta-cloud at -P 1, 8 and 32,
# beside embedmeta over the same local files (and exiftool, when installed) in the same run
# (bench/cmd/remotebench). Then the bytes and requests per object of every corpus folder
# (TestRemoteCost). Prints a header and Markdown tables.
#
# usage: bench/remote.sh [REMOTEBENCH FLAGS...]   (e.g. -n 5, -dirs jpeg, -delay 50ms;
#        see go run ./bench/cmd/remotebench -h)
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

help_asked "${1:-}" 2,10
cd "$root"
scratch

CGO_ENABLED=0 go build -o "$tmp/" ./cmd/embedmeta ./cmd/embedmeta-cloud
go build -o "$tmp/remotebench" ./bench/cmd/remotebench

dirty=$(dirty)
echo "binaries: CGO_ENABLED=0; embedmeta $(($(stat -c %s "$tmp/embedmeta") / 1000000)) MB," \
	"embedmeta-cloud $(($(stat -c %s "$tmp/embedmeta-cloud") / 1000000)) MB; $dirty files modified in the work tree"
"$tmp/remotebench" -bin "$tmp" -n 3 "$@"
echo
echo "Bytes and requests per object, every corpus folder (go test -run TestRemoteCost -v ./bench):"
go test -count=1 -run 'TestRemoteCost$' -v ./bench | sed -nE 's/^    remote_test\.go:[0-9]+: (.*)$/\n\1\n/p; s/^        //p'
