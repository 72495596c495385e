#!/bin/bash
# SPDX-License-Identifier: MIT
# run.sh - build the bare-metal benchmarks and a release a64emu, run each
# benchmark under a64emu and qemu-system-aarch64 with the same options, and
# print guest instructions per second for a64emu and the wall-time ratio
# a64emu/QEMU (median of several runs). Not part of `meson test`.
#
# usage: tests/bench/run.sh [-n RUNS] [-B BUILD_DIR] [BENCH...]
#   BENCH is any of: crc sort interp memcpy (default: these four), the FP
#   benchmarks fpmatmul nbody simdsum, or "fp" for the three of them
#   A64EMU_EXTRA_ARGS is appended to a64emu's command line (e.g. --jit=off).
#
# The guest instruction count comes from QEMU in icount mode
# (-icount shift=0: one instruction = 1 ns of virtual time); each benchmark
# prints the generic-timer ticks its kernel took, so instructions =
# ticks * 1e9 / CNTFRQ. The count covers the timed kernel, not start-up.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=$ROOT/build-release
RUNS=3
while getopts "n:B:h" opt; do
    case $opt in
    n) RUNS=$OPTARG ;;
    B) BUILD=$OPTARG ;;
    *) sed -n '2,17p' "$0"; exit 2 ;;
    esac
done
shift $((OPTIND - 1))
BENCHES=("$@")
[ ${#BENCHES[@]} -eq 0 ] && BENCHES=(crc sort interp memcpy)
expanded=()
for b in "${BENCHES[@]}"; do
    if [ "$b" = fp ]; then expanded+=(fpmatmul nbody simdsum); else expanded+=("$b"); fi
done
BENCHES=("${expanded[@]}")

QEMU=$(command -v qemu-system-aarch64 || true)
if ! command -v aarch64-linux-gnu-gcc >/dev/null; then
    echo "run.sh: aarch64-linux-gnu-gcc not found (apt-get install gcc-aarch64-linux-gnu)" >&2
    exit 1
fi

if [ ! -f "$BUILD/build.ninja" ]; then
    meson setup "$BUILD" "$ROOT" --buildtype=release >/dev/null
fi
targets=(tools/a64emu)
for b in "${BENCHES[@]}"; do targets+=("tests/bench/bench-$b.elf"); done
ninja -C "$BUILD" "${targets[@]}" >/dev/null

EMU=$BUILD/tools/a64emu
OPTS=(-M virt -cpu max -nographic -semihosting)
read -r -a EXTRA <<<"${A64EMU_EXTRA_ARGS:-}"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

now() { date +%s.%N; }

# time_runs OUTFILE CMD... : run RUNS times, print the median wall time.
time_runs() {
    local out=$1 times=() t0 t1
    shift
    for ((i = 0; i < RUNS; i++)); do
        t0=$(now)
        if ! "$@" </dev/null >"$out" 2>"$out.err"; then
            echo "FAILED: $* (see below)" >&2
            tail -5 "$out" "$out.err" >&2
            echo nan
            return
        fi
        t1=$(now)
        times+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')")
    done
    printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR] = $1} END {
        if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}

printf '%-8s %12s %10s %10s %12s %10s  %s\n' bench "guest insns" "qemu s" "a64emu s" \
    "a64emu MIPS" "ratio" "checksum"
for b in "${BENCHES[@]}"; do
    elf=$BUILD/tests/bench/bench-$b.elf
    insns=nan qemu_t=nan
    if [ -n "$QEMU" ]; then
        "$QEMU" "${OPTS[@]}" -icount shift=0 -kernel "$elf" </dev/null >"$TMP/icount" 2>&1 || true
        insns=$(awk -F'[= ]' '/^ticks=/ { printf "%.0f", $2 * 1e9 / $4 }' "$TMP/icount")
        qemu_t=$(time_runs "$TMP/qemu" "$QEMU" "${OPTS[@]}" -kernel "$elf")
    fi
    emu_t=$(time_runs "$TMP/emu" "$EMU" "${OPTS[@]}" "${EXTRA[@]}" -kernel "$elf")
    check="ok"
    if [ -n "$QEMU" ] && ! diff -q <(grep '^bench ' "$TMP/qemu") <(grep '^bench ' "$TMP/emu") \
            >/dev/null; then
        check="MISMATCH (a64emu: $(grep '^bench ' "$TMP/emu" || echo none))"
    elif ! grep -q '^@@END@@' "$TMP/emu"; then
        check="a64emu did not finish cleanly"
    fi
    awk -v b="$b" -v n="${insns:-nan}" -v q="$qemu_t" -v e="$emu_t" -v c="$check" 'BEGIN {
        mips = (n != "nan" && e != "nan" && e > 0) ? sprintf("%.1f", n / e / 1e6) : "-";
        ratio = (q != "nan" && e != "nan" && q > 0) ? sprintf("%.2fx", e / q) : "-";
        printf "%-8s %12s %10.3f %10.3f %12s %10s  %s\n", b, (n == "nan" ? "-" : n), q, e,
            mips, ratio, c }'
done
echo "(median of $RUNS runs; MIPS = QEMU icount instructions / a64emu wall time)"
