#!/bin/sh
# Instructions per delivered event in the generated upcall demux, measured with callgrind
# (repeatable: instruction counts, not time).  Not a test: a figure for the README.
#   bench.sh GEN_DIR [ROUNDS]     GEN_DIR: the generator's output for examples/web.xenguest
set -eu
GEN=${1:?usage: bench.sh GEN_DIR [ROUNDS]}
ROUNDS=${2:-200}
HERE=$(cd "$(dirname "$0")" && pwd)
BUILD=${BUILD:-$HERE/build}
make -s -C "$HERE" GEN="$GEN" BUILD="$BUILD" bench >/dev/null
command -v valgrind >/dev/null || { echo "bench.sh: valgrind is missing (apt-get install valgrind)" >&2; exit 2; }
printf '%-14s %-8s %-10s %-14s %s\n' "active ports" rounds events "Ir (demux)" "Ir per event"
for P in 1 64 4095; do
    out="$BUILD/callgrind.$P.out"
    valgrind --tool=callgrind --callgrind-out-file="$out" --toggle-collect=web_evtchn_upcall \
        "$BUILD/bench" "$P" "$ROUNDS" >/dev/null 2>&1
    ir=$(callgrind_annotate "$out" 2>/dev/null | awk '/PROGRAM TOTALS/ { gsub(",", "", $1); print $1; exit }')
    events=$((P * ROUNDS))
    printf '%-14s %-8s %-10s %-14s %s\n' "$P" "$ROUNDS" "$events" "$ir" "$(awk -v a="$ir" -v b="$events" 'BEGIN { printf "%.1f", a / b }')"
done
