#!/usr/bin/env bash
# startup.sh: what a short embedmeta batch pays besides reading metadata, measured on this
# machine: the start-up of an empty static Go program and of embedmeta (--version; also as
# built with cgo, when a C compiler exists), a run
# over a corpus directory, their page faults and CPU time (perf stat, when perf exists; wall
# time only otherwise), and the cost of one first touch of a fresh page (bench/cmd/faultcost).
#
# usage: bench/startup.sh [-r RUNS] [CORPUS_DIR]   (defaults: 30, /work/shared/corpus/jpeg)
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

runs=30
while getopts 'r:h' opt; do
	case $opt in
	r) runs=$OPTARG ;;
	*) bad_option "$opt" 2,7 ;;
	esac
done
shift $((OPTIND - 1))
corpus=${1:-/work/shared/corpus/jpeg}
scratch

mkdir "$tmp/empty"
printf 'package main\n\nfunc main() {}\n' >"$tmp/empty/main.go"
printf 'module empty\n\ngo 1.21\n' >"$tmp/empty/go.mod"
(cd "$tmp/empty" && CGO_ENABLED=0 go build -o "$tmp/empty-go" .)
(cd "$root" && CGO_ENABLED=0 go build -o "$tmp/embedmeta" ./cmd/embedmeta)
# The default build when a C compiler is present links the dynamic loader (net uses cgo).
dynamic=false
if (cd "$root" && CGO_ENABLED=1 go build -o "$tmp/embedmeta-cgo" ./cmd/embedmeta 2>/dev/null); then
	dynamic=true
fi

# measure NAME COMMAND...: mean wall ms, CPU ms and page faults over $runs runs.
measure() {
	local name=$1
	shift
	if command -v perf >/dev/null 2>&1; then
		perf stat -r "$runs" -x, -e task-clock,page-faults -o "$tmp/stat" "$@" >/dev/null 2>&1
		local cpu faults wall
		cpu=$(awk -F, '$3 == "task-clock" {printf "%.2f", $1}' "$tmp/stat")
		faults=$(awk -F, '$3 == "page-faults" {printf "%d", $1}' "$tmp/stat")
		wall=$( { perf stat -r "$runs" "$@" >/dev/null; } 2>&1 | awk '/seconds time elapsed/ {printf "%.2f", $1 * 1000}')
		printf '| %s | %s | %s | %s |\n' "$name" "$wall" "$cpu" "$faults"
	else
		local start end
		start=$EPOCHREALTIME
		for ((i = 0; i < runs; i++)); do "$@" >/dev/null; done
		end=$EPOCHREALTIME
		printf '| %s | %s | n/a | n/a |\n' "$name" "$(awk -v a="$start" -v b="$end" -v n="$runs" 'BEGIN {printf "%.2f", (b - a) * 1000 / n}')"
	fi
}

echo "runs: $runs (means); corpus: $corpus ($(find "$corpus" -type f | wc -l) files)"
echo
echo "| run | wall ms | CPU ms | page faults |"
echo "| --- | ---: | ---: | ---: |"
measure "empty static Go program" "$tmp/empty-go"
measure "embedmeta --version" "$tmp/embedmeta" --version
if $dynamic; then
	measure "embedmeta --version (CGO_ENABLED=1 build)" "$tmp/embedmeta-cgo" --version
fi
measure "embedmeta -r CORPUS" "$tmp/embedmeta" -r "$corpus"
echo
(cd "$root" && go run ./bench/cmd/faultcost)
