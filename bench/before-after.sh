#!/usr/bin/env bash
# before-after.sh: the stage benchmarks (BenchmarkReference) and one file per process (a static
# build reading the IPTC reference image, against an empty static Go program) for a base
# revision and for the work tree, built side by side and run interleaved in one run, printed
# as markdown tables of medians with the after/before ratios.
#
# usage: [ROUNDS=6] [RUNS=200] [BENCH='^BenchmarkReference$'] bench/before-after.sh [REV]
#   ROUNDS: interleaved benchmark rounds; RUNS: processes per start-up round; BENCH: the
#   -bench pattern; REV: the base revision (default da9e6a1, the tree before issue 16)
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
help_asked "${1:-}" 2,9

rounds=${ROUNDS:-6}
runs=${RUNS:-200}
bench=${BENCH:-'^BenchmarkReference$'}
rev=${1:-da9e6a1}
scratch
git -C "$root" worktree add --detach -q "$tmp/base" "$rev"
trap 'git -C "$root" worktree remove --force "$tmp/base" >/dev/null 2>&1 || true; rm -rf "$tmp"' EXIT
ref=$root/testdata/IPTC-PhotometadataRef-Std2019.1.jpg

for side in before after; do
	src=$root
	[[ $side == before ]] && src=$tmp/base
	(cd "$src" && go test -c -o "$tmp/$side.test" ./bench)
	(cd "$src" && CGO_ENABLED=0 go build -o "$tmp/$side-embedmeta" ./cmd/embedmeta)
done
mkdir "$tmp/empty"
printf 'package main\n\nfunc main() {}\n' >"$tmp/empty/main.go"
printf 'module empty\n\ngo 1.21\n' >"$tmp/empty/go.mod"
(cd "$tmp/empty" && CGO_ENABLED=0 go build -o "$tmp/empty-go" .)

echo "base $rev ($(git -C "$root" log -1 --format=%h "$rev")) against the work tree at $(git -C "$root" log -1 --format=%h) ($(dirty) modified files)"
echo "machine: $(nproc) CPUs, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo), $(date -u +%FT%TZ)"
echo

# Stage benchmarks: rounds alternate before/after so that both see the same machine.
for ((i = 0; i < rounds; i++)); do
	for side in before after; do
		(cd "$root/bench" && "$tmp/$side.test" -test.run '^$' -test.bench "$bench" -test.benchmem -test.count 1) |
			awk -v side="$side" '/^Benchmark/ {print side, $0}' >>"$tmp/bench.txt"
	done
done
echo "| benchmark | before ns/op | after ns/op | after/before | before allocs/op | after allocs/op | before B/op | after B/op |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|"
awk '
	function median(key,   n, i, j, t, a) {
		n = split(vals[key], a, " ")
		for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
		return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
	}
	{
		name = $2; sub(/-[0-9]+$/, "", name)
		if (!(name in seen)) { seen[name] = 1; order[++count] = name }
		for (f = 4; f < NF; f++) {
			if ($(f + 1) == "ns/op") vals[$1 SUBSEP name SUBSEP "ns"] = vals[$1 SUBSEP name SUBSEP "ns"] " " $f
			if ($(f + 1) == "allocs/op") vals[$1 SUBSEP name SUBSEP "allocs"] = vals[$1 SUBSEP name SUBSEP "allocs"] " " $f
			if ($(f + 1) == "B/op") vals[$1 SUBSEP name SUBSEP "bytes"] = vals[$1 SUBSEP name SUBSEP "bytes"] " " $f
		}
	}
	END {
		for (i = 1; i <= count; i++) {
			n = order[i]
			b = median("before" SUBSEP n SUBSEP "ns"); a = median("after" SUBSEP n SUBSEP "ns")
			printf "| %s | %.0f | %.0f | %s | %s | %s | %s | %s |\n", n, b, a, (b > 0 && a > 0 ? sprintf("%.2f", a / b) : "n/a"),
				median("before" SUBSEP n SUBSEP "allocs"), median("after" SUBSEP n SUBSEP "allocs"),
				median("before" SUBSEP n SUBSEP "bytes"), median("after" SUBSEP n SUBSEP "bytes")
			if (n ~ /\/bare$/) { bareB = b; bareA = a }
			if (n ~ /\/whole$/) { wholeB = b; wholeA = a }
		}
		if (bareB > 0 && bareA > 0 && wholeB > 0)
			printf "\nwhole / bare (the floor of the same bytes): before %.1fx, after %.1fx (target <= 3x)\n", wholeB / bareB, wholeA / bareA
	}' "$tmp/bench.txt"
echo

# One file per process: wall time of RUNS processes, rounds interleaved, mean per process.
per_process() { # BINARY ARGS...: prints the mean ms of one process over $runs runs
	local start end
	start=$EPOCHREALTIME
	for ((j = 0; j < runs; j++)); do "$@" >/dev/null; done
	end=$EPOCHREALTIME
	awk -v a="$start" -v b="$end" -v n="$runs" 'BEGIN {printf "%.3f", (b - a) * 1000 / n}'
}
for ((i = 0; i < 5; i++)); do
	echo "empty $(per_process "$tmp/empty-go")" >>"$tmp/start.txt"
	for side in before after; do
		echo "$side $(per_process "$tmp/$side-embedmeta" "$ref")" >>"$tmp/start.txt"
	done
done
echo "| one file per process (static build, reference image) | mean ms (median of 5 rounds of $runs) | / empty Go program |"
echo "|---|---:|---:|"
awk '
	{ v[$1] = v[$1] " " $2 }
	END {
		split("empty before after", names, " ")
		for (i = 1; i <= 3; i++) {
			n = split(v[names[i]], a, " ")
			for (x = 1; x <= n; x++) for (y = x + 1; y <= n; y++) if (a[y] + 0 < a[x] + 0) { t = a[x]; a[x] = a[y]; a[y] = t }
			m[names[i]] = a[(n + 1) / 2]
		}
		printf "| empty static Go program | %.3f | 1.00 |\n", m["empty"]
		printf "| embedmeta FILE, before | %.3f | %.2f |\n", m["before"], m["before"] / m["empty"]
		printf "| embedmeta FILE, after | %.3f | %.2f (target <= 1.6) |\n", m["after"], m["after"] / m["empty"]
	}' "$tmp/start.txt"
