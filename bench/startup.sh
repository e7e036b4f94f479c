#!/usr/bin/env bash
# startup.sh: what a short embedmeta batch pays besides reading metadata, measured on this
# machine: the start-up of an empty static Go program and of embedmeta (--version; also as
# built with cgo, when a C compiler exists), one file per process (the IPTC reference image,
# as upload scripts run `embedmeta FILE`), a run over a corpus directory, their page faults
# and CPU time (perf stat, when perf exists; wall time only otherwise), the binaries' sizes,
# the package initialisers' time (GODEBUG=inittrace=1, top 10), the cost of one first touch
# of a fresh page (bench/cmd/faultcost), and issue 16.3's target: one file per process within
# 1.6x the empty program, wall times of interleaved batches (PASS or NO).
#
# usage: bench/startup.sh [-r RUNS] [-n ROUNDS] [-B TREE] [CORPUS_DIR]
#   RUNS: runs per perf stat row and per batch (default 30); ROUNDS: interleaved batches of
#   the target's ratio (default 15); TREE: another checkout (e.g. `git worktree add
#   /tmp/before REV`) whose embedmeta is built and measured beside this tree's, in the same
#   run; CORPUS_DIR: default testdata/corpus/files/jpeg
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
help_asked "${1:-}" 2,15

runs=30
rounds=15
other=
while getopts 'r:n:B:h' opt; do
	case $opt in
	r) runs=$OPTARG ;;
	n) rounds=$OPTARG ;;
	B) other=$(cd "$OPTARG" && pwd) ;;
	*) bad_option "$opt" 2,15 ;;
	esac
done
shift $((OPTIND - 1))
corpus=${1:-$root/testdata/corpus/files/jpeg}
ref=$root/testdata/IPTC-PhotometadataRef-Std2019.1.jpg
target=1.6
scratch

mkdir "$tmp/empty"
printf 'package main\n\nfunc main() {}\n' >"$tmp/empty/main.go"
printf 'module empty\n\ngo 1.21\n' >"$tmp/empty/go.mod"
(cd "$tmp/empty" && CGO_ENABLED=0 go build -o "$tmp/empty-go" .)
(cd "$root" && CGO_ENABLED=0 go build -o "$tmp/embedmeta" ./cmd/embedmeta)
if [[ -n $other ]]; then
	(cd "$other" && CGO_ENABLED=0 go build -o "$tmp/other-embedmeta" ./cmd/embedmeta)
fi
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

# batch COMMAND...: the mean wall ms of one process over $runs runs in a row.
batch() {
	local start end
	start=$EPOCHREALTIME
	for ((j = 0; j < runs; j++)); do "$@" >/dev/null; done
	end=$EPOCHREALTIME
	awk -v a="$start" -v b="$end" -v n="$runs" 'BEGIN {printf "%.4f", (b - a) * 1000 / n}'
}

# inittrace BINARY ARGS...: the package initialisers' mean ms over 20 runs, the top 10.
inittrace() {
	for ((j = 0; j < 20; j++)); do GODEBUG=inittrace=1 "$@" 2>&1 >/dev/null | grep '^init ' || true; done |
		awk '{t[$2] += $5; b[$2] += $8; n[$2]++} END {for (p in t) printf "%.3f %s %.0f\n", t[p] / 20, p, b[p] / 20}' |
		sort -rn | awk '{s += $1; if (NR <= 10) printf "| %s | %s | %s |\n", $2, $1, $3} END {printf "| all %d packages | %.3f | |\n", NR, s}'
}

echo "runs: $runs (means); corpus: $corpus ($(find "$corpus" -type f | wc -l) files); reference: ${ref#"$root"/}"
echo "machine: $(nproc) CPUs, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo), load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%FT%TZ)"
echo "tree: $(git -C "$root" log -1 --format=%h 2>/dev/null || echo '?') ($(dirty) modified files)${other:+; other tree $other at $(git -C "$other" log -1 --format=%h 2>/dev/null || echo '?')}"
echo
echo "| run | wall ms | CPU ms | page faults |"
echo "| --- | ---: | ---: | ---: |"
measure "empty static Go program" "$tmp/empty-go"
measure "embedmeta --version" "$tmp/embedmeta" --version
if $dynamic; then
	measure "embedmeta --version (CGO_ENABLED=1 build)" "$tmp/embedmeta-cgo" --version
fi
measure "embedmeta FILE (reference image)" "$tmp/embedmeta" "$ref"
if [[ -n $other ]]; then
	measure "other tree: embedmeta --version" "$tmp/other-embedmeta" --version
	measure "other tree: embedmeta FILE (reference image)" "$tmp/other-embedmeta" "$ref"
fi
measure "embedmeta -r CORPUS" "$tmp/embedmeta" -r "$corpus"
echo
echo "binary sizes (bytes): empty $(stat -c %s "$tmp/empty-go"), embedmeta $(stat -c %s "$tmp/embedmeta")${other:+, other tree $(stat -c %s "$tmp/other-embedmeta")}"
echo
echo "package initialisers, embedmeta FILE (GODEBUG=inittrace=1, mean of 20 runs, top 10):"
echo
echo "| package | init ms | bytes |"
echo "| --- | ---: | ---: |"
inittrace "$tmp/embedmeta" "$ref"
if [[ -n $other ]]; then
	echo
	echo "the same for the other tree:"
	echo
	echo "| package | init ms | bytes |"
	echo "| --- | ---: | ---: |"
	inittrace "$tmp/other-embedmeta" "$ref"
fi
echo
(cd "$root" && go run ./bench/cmd/faultcost)

# Issue 16.3's target: batches of $runs processes, the commands alternating round after round
# so that the machine's drift falls on all of them alike; medians over the rounds.
for ((i = 0; i < rounds; i++)); do
	echo "empty $(batch "$tmp/empty-go")" >>"$tmp/rounds"
	echo "file $(batch "$tmp/embedmeta" "$ref")" >>"$tmp/rounds"
	if [[ -n $other ]]; then
		echo "other $(batch "$tmp/other-embedmeta" "$ref")" >>"$tmp/rounds"
	fi
done
echo
awk -v target="$target" -v rounds="$rounds" -v runs="$runs" '
	{ v[$1] = v[$1] " " $2 }
	function median(k,   n, a, x, y, t) {
		n = split(v[k], a, " ")
		for (x = 1; x <= n; x++) for (y = x + 1; y <= n; y++) if (a[y] + 0 < a[x] + 0) { t = a[x]; a[x] = a[y]; a[y] = t }
		return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
	}
	END {
		e = median("empty"); f = median("file")
		printf "one file per process, wall ms per process (median of %d interleaved batches of %d):\n", rounds, runs
		printf "empty static Go program %.3f, embedmeta FILE %.3f", e, f
		if ("other" in v) printf ", other tree %.3f (%.2fx)", median("other"), median("other") / e
		printf "\nratio %.2fx, target <= %.1fx: %s\n", f / e, target, (f / e <= target ? "PASS" : "NO")
	}' "$tmp/rounds"
