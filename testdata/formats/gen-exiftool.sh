#!/bin/sh
# Writes ExifTool's answer next to every sample file under testdata/formats, for the oracle
# differential (formats_oracle_test.go, internal/oracle):
#
#   <file>.exiftool.G1.json   exiftool -j -G1 -a    --System:all -- <file>   (printed values)
#   <file>.exiftool.G1n.json  exiftool -j -G1 -a -n --System:all -- <file>   (raw values)
#
# The System group (file name, dates, permissions) depends on the checkout and is left out.
# Run from anywhere with ExifTool 12.57 (the spec's oracle); TestFormatsOracleFresh re-runs
# the same command and fails when a checked-in output is stale. Usage: gen-exiftool.sh [file...]
# (paths relative to testdata/formats; default: every sample).
set -eu
cd "$(dirname "$0")"
export TZ=UTC LC_ALL=C
if [ "$#" -eq 0 ]; then
	set -- $(find . -mindepth 2 -type f ! -name '*.json' ! -name '*.md' ! -name '*.py' \
		! -name '*.sh' ! -name '*.tsv' | sed 's|^\./||' | sort)
fi
# ExifTool exits 1 for a file it cannot read ("Unknown file type": PAM); its JSON says so.
for f in "$@"; do
	exiftool -j -G1 -a --System:all -- "$f" >"$f.exiftool.G1.json" || [ -s "$f.exiftool.G1.json" ]
	exiftool -j -G1 -a -n --System:all -- "$f" >"$f.exiftool.G1n.json" || [ -s "$f.exiftool.G1n.json" ]
done
