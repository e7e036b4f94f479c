#!/usr/bin/env bash
# peers.sh: embedmeta side by side with the peer tools that are installed (exiftool, exiv2,
# exifr under Node), all over the same files in the same run, printed as one markdown table.
#
# usage: bench/peers.sh [-n RUNS] [-s SAMPLE] [-t SECONDS] [CORPUS_DIR]
#   CORPUS_DIR  directory of files to read (default testdata/corpus/files/jpeg); every regular
#               file under it, in byte order of the path, is the file list
#   -n RUNS     repetitions of each measurement; the MEDIAN run is reported (default 7)
#   -s SAMPLE   files run one process each for the CLI per-file median (default 15)
#   -t SECONDS  measuring time of each in-process run (default 1)
#
# Environment: PEERS_TMP scratch directory (default /tmp/peers); EXIFR_DIR a directory with
# node_modules/exifr (default: PEERS_TMP, where `npm install exifr@7` is run when missing and
# npm is available). Missing tools are skipped with a note.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

runs=7
sample=15
secs=1
while getopts 'n:s:t:h' opt; do
	case $opt in
	n) runs=$OPTARG ;;
	s) sample=$OPTARG ;;
	t) secs=$OPTARG ;;
	*) bad_option "$opt" 4,9 ;;
	esac
done
shift $((OPTIND - 1))
corpus=${1:-$root/testdata/corpus/files/jpeg}
corpus=${corpus%/}

tmp=${PEERS_TMP:-/tmp/peers}
mkdir -p "$tmp"
notes=()

note() { notes+=("$*"); }

# The wall clock is read as ${EPOCHREALTIME/,/.} (seconds with microseconds) straight into a
# variable: a command substitution, $(...), would fork a subshell inside the timed interval
# (about 0.4 ms here, 7% of a 6 ms run).

# median reads numbers, one a line, and prints the middle one (lower middle for an even count).
median() { sort -g | awk '{v[NR]=$1} END {if (NR) print v[int((NR+1)/2)]}'; }

# wall RUNS CMD...: runs CMD once to warm the page cache, then RUNS times, output discarded;
# prints the median wall time in seconds.
wall() {
	local n=$1 i t0 t1
	shift
	"$@" >/dev/null 2>&1 || true
	for ((i = 0; i < n; i++)); do
		t0=${EPOCHREALTIME/,/.}
		"$@" >/dev/null 2>&1 || true
		t1=${EPOCHREALTIME/,/.}
		awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.6f\n", b - a}'
	done | median
}

# perfile CMD...: runs CMD FILE as one process for each sample file, 3 rounds; prints the
# median wall time in milliseconds.
perfile() {
	local r f t0 t1
	for ((r = 0; r < 3; r++)); do
		for f in "${samples[@]}"; do
			t0=${EPOCHREALTIME/,/.}
			"$@" "$f" >/dev/null 2>&1 || true
			t1=${EPOCHREALTIME/,/.}
			awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.6f\n", (b - a) * 1000}'
		done
	done | median
}

# kv KEY: the value of KEY=... in the last key=value line on standard input.
kv() { awk -v k="$1" '{for (i = 1; i <= NF; i++) if (index($i, k "=") == 1) v = substr($i, length(k) + 2)} END {print v}'; }

# inproc RUNS CMD...: runs an in-process measurer RUNS times; prints the key=value line of the
# median run by files_per_s.
inproc() {
	local n=$1 i
	shift
	for ((i = 0; i < n; i++)); do
		"$@" | tail -n 1
	done | awk '{for (i = 1; i <= NF; i++) if ($i ~ /^files_per_s=/) print substr($i, 13), $0}' |
		sort -g | awk '{l[NR]=$0} END {print l[int((NR+1)/2)]}' | cut -d' ' -f2-
}

rows=()    # tool|command|files|total s|files/s|median ms|kind
# row TOOL COMMAND FILES TOTAL FPS MEDIAN KIND
row() { rows+=("$1|$2|$3|$4|$5|$6|$7"); }

[[ -d $corpus ]] || { echo "peers.sh: no such directory: $corpus" >&2; exit 2; }
list=$tmp/files.txt
find "$corpus" -type f | LC_ALL=C sort >"$list"
nfiles=$(wc -l <"$list")
((nfiles > 0)) || { echo "peers.sh: no files under $corpus" >&2; exit 2; }
samples=()
step=$(((nfiles + sample - 1) / sample))
((step > 0)) || step=1
while IFS= read -r f; do samples+=("$f"); done < <(awk -v s="$step" '(NR - 1) % s == 0' "$list")

echo "building embedmeta and throughput ..." >&2
# A static binary, as a release is built: with cgo the net package (for "serve") links the
# system's dynamic loader, which costs every process about a millisecond before main.
(cd "$root" && CGO_ENABLED=0 go build -o "$tmp/embedmeta" ./cmd/embedmeta &&
	CGO_ENABLED=0 go build -o "$tmp/throughput" ./bench/cmd/throughput)

fps() { awk -v n="$1" -v s="$2" 'BEGIN {if (s > 0) printf "%.0f", n / s; else print "n/a"}'; }

# --- embedmeta CLI: the literal target command, walking the directory on all CPUs.
echo "embedmeta -r ..." >&2
got=$("$tmp/embedmeta" -r "$corpus" 2>/dev/null | wc -l || true)
[[ $got == "$nfiles" ]] || note "embedmeta -r printed $got records for $nfiles files."
t=$(wall "$runs" "$tmp/embedmeta" -r "$corpus")
m=$(perfile "$tmp/embedmeta")
row "embedmeta" "embedmeta -r DIR" "$nfiles" "$t" "$(fps "$nfiles" "$t")" "$m" proc

# --- exiftool: one process over the directory.
if command -v exiftool >/dev/null; then
	echo "exiftool ..." >&2
	got=$(exiftool -j -r -q "$corpus" 2>/dev/null | grep -c '"SourceFile"' || true)
	[[ $got == "$nfiles" ]] || note "exiftool -r reported $got files of $nfiles."
	t=$(wall "$runs" exiftool -j -r -q "$corpus")
	m=$(perfile exiftool -j -q)
	row "exiftool $(exiftool -ver)" "exiftool -j -r -q DIR" "$nfiles" "$t" "$(fps "$nfiles" "$t")" "$m" proc
else
	note "exiftool not installed: skipped (apt-get install libimage-exiftool-perl)."
fi

# --- exiv2: the file list as arguments (xargs: one process per batch of arguments).
if command -v exiv2 >/dev/null; then
	echo "exiv2 ..." >&2
	batches=$(xargs -d '\n' sh -c 'echo batch' _ <"$list" | wc -l)
	t=$(wall "$runs" xargs -d '\n' -a "$list" exiv2 -pa)
	m=$(perfile exiv2 -pa)
	ver=$(exiv2 --version 2>/dev/null | awk 'NR == 1 {print $2}')
	row "exiv2 $ver" "exiv2 -pa FILE... (processes: $batches)" "$nfiles" "$t" "$(fps "$nfiles" "$t")" "$m" proc
else
	note "exiv2 not installed: skipped (apt-get install exiv2)."
fi

# --- exifr: one Node process parses the list; and the same library warm, in process.
exifr_dir=${EXIFR_DIR:-$tmp}
if command -v node >/dev/null && [[ ! -d $exifr_dir/node_modules/exifr ]] && command -v npm >/dev/null; then
	echo "npm install exifr@7 into $exifr_dir ..." >&2
	npm install --prefix "$exifr_dir" --no-audit --no-fund --silent exifr@7 >&2 || true
fi
mjs=$root/bench/peers/exifr.mjs
if command -v node >/dev/null && [[ -d $exifr_dir/node_modules/exifr ]]; then
	echo "exifr ..." >&2
	export EXIFR_DIR=$exifr_dir
	ver=$(awk -F'"' '$2 == "version" {print $4; exit}' "$exifr_dir/node_modules/exifr/package.json")
	got=$(node "$mjs" batch "$list" | kv files)
	errs=$(node "$mjs" batch "$list" | kv errors)
	[[ $got == "$nfiles" ]] || note "exifr read $got files of $nfiles."
	[[ $errs == 0 ]] || note "exifr threw on $errs of $nfiles files (counted as read)."
	t=$(wall "$runs" node "$mjs" batch "$list")
	one=$tmp/one.txt
	exifr_one() { printf '%s\n' "$1" >"$one" && node "$mjs" batch "$one"; }
	m=$(perfile exifr_one)
	row "exifr $ver (node $(node --version))" "node exifr.mjs batch LIST" "$nfiles" "$t" "$(fps "$nfiles" "$t")" "$m" proc
	r=$(inproc "$runs" node "$mjs" warm "$list" "$secs")
	f=$(kv files_per_s <<<"$r")
	row "exifr $ver, in process" "node exifr.mjs warm LIST" "$nfiles" "$(awk -v n="$nfiles" -v f="$f" 'BEGIN {print n / f}')" \
		"$f" "$(kv median_ms <<<"$r")" lib
else
	note "exifr not available (needs node, and npm to install exifr@7 into $exifr_dir): skipped."
fi

# --- embedmeta in process: the library over the files in memory, one core, warm.
echo "throughput ..." >&2
r=$(inproc "$runs" "$tmp/throughput" -time "${secs}s" -list "$list")
f=$(kv files_per_s <<<"$r")
row "embedmeta, in process" "throughput -list LIST (GOMAXPROCS=1)" "$nfiles" "$(awk -v n="$nfiles" -v f="$f" 'BEGIN {print n / f}')" \
	"$f" "$(kv median_ms <<<"$r")" lib

# --- the table. Ratio: embedmeta files/s over the tool's, against the embedmeta row of the
# same kind (a process over the files, or the library in process).
base_proc=$(printf '%s\n' "${rows[0]}" | cut -d'|' -f5)
base_lib=$(printf '%s\n' "${rows[@]}" | awk -F'|' '$1 == "embedmeta, in process" {print $5}')
echo "corpus: $corpus ($nfiles files); $(nproc) CPUs, $(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)"
echo "files/s: median of $runs runs after one warm-up run. In-process rows: median of $runs runs of ${secs} s of whole passes over the files in memory; total s = one pass."
echo "median ms/file: process rows run one process per file (start-up included) over ${#samples[@]} sample files x 3; in-process rows take the median over files of each file's median call."
echo
bt='`'
echo "| tool | command | files | total s | files/s | median ms/file | embedmeta is × faster |"
echo "| --- | --- | ---: | ---: | ---: | ---: | ---: |"
for r in "${rows[@]}"; do
	IFS='|' read -r tool cmd n t f m kind <<<"$r"
	base=$base_proc
	[[ $kind == lib ]] && base=$base_lib
	ratio=$(awk -v b="$base" -v f="$f" 'BEGIN {if (f > 0) printf "%.2f", b / f; else print "n/a"}')
	[[ $tool == embedmeta* ]] && ratio="1 (base)"
	printf '| %s | %s%s%s | %s | %.3f | %s | %.3f | %s |\n' "$tool" "$bt" "$cmd" "$bt" "$n" "$t" "$f" "$m" "$ratio"
done

# --- the targets of the Performance issue, met or not.
echo
echo "| target | wanted | measured | met |"
echo "| --- | ---: | ---: | --- |"
target() { # NAME WANTED MEASURED
	local met
	met=$(awk -v w="$2" -v m="$3" 'BEGIN {print (m != "" && m + 0 >= w + 0) ? "yes" : "NO"}')
	printf '| %s | %s | %s | %s |\n' "$1" "$2" "${3:-n/a}" "$met"
}
target "CLI batch files/s" 10000 "$base_proc"
for r in "${rows[@]}"; do
	IFS='|' read -r tool _ _ _ f _ kind <<<"$r"
	[[ $kind == proc ]] || continue
	case $tool in
	exiftool*) target "× exiftool -j -r" 100 "$(awk -v b="$base_proc" -v f="$f" 'BEGIN {printf "%.2f", b / f}')" ;;
	exiv2*) target "× exiv2 -pa" 6 "$(awk -v b="$base_proc" -v f="$f" 'BEGIN {printf "%.2f", b / f}')" ;;
	exifr*) target "× exifr (one Node process)" 10 "$(awk -v b="$base_proc" -v f="$f" 'BEGIN {printf "%.2f", b / f}')" ;;
	esac
done
target "in-process files/s (1 core, warm)" 20000 "$base_lib"

if ((${#notes[@]})); then
	echo
	for n in "${notes[@]}"; do echo "- $n"; done
fi
