# bench/lib.sh: what the bench scripts share. A script sources it first thing:
#
#	. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
#
# It sets root (the module root) and defines the functions below; it runs nothing else.

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# usage FIRST,LAST: prints lines FIRST to LAST of the calling script's header comment
# without their comment marks.
usage() { sed -n "$1p" "$0" | sed 's/^# \{0,1\}//'; }

# help_asked ARG FIRST,LAST: when ARG is -h or --help, prints the usage lines and exits 0.
help_asked() {
	case $1 in
	-h | --help)
		usage "$2"
		exit 0
		;;
	esac
}

# bad_option OPT FIRST,LAST: for the catch-all branch of a getopts loop: prints the usage
# lines and exits, 0 when OPT is h (asked for) and 2 otherwise.
bad_option() {
	usage "$2"
	[[ $1 == h ]] && exit 0
	exit 2
}

# scratch: sets tmp to a fresh temporary directory that is removed when the script exits.
scratch() {
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
}

# dirty: prints how many tracked files the work tree modifies (0 outside a git checkout).
dirty() { (git status --porcelain --untracked-files=no 2>/dev/null || true) | grep -c . || true; }
