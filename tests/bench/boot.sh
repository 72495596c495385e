#!/bin/bash
# SPDX-License-Identifier: MIT
# boot.sh - Linux boot benchmark: boot Debian's kernel + the busybox
# initramfs (the guest of tests/linux, fetched by `tools/setup.sh assets`) to
# the guest's power-off marker under a64emu (release build) and under
# qemu-system-aarch64 with identical options, RUNS times each, and print the
# median wall times and the ratio a64emu/QEMU. Each run is a full boot test
# (tests/linux/boot_test.py: the in-guest SHA-256 must match and the guest
# must power off), so a broken boot is never timed. Not part of `meson test`.
#
# usage: tests/bench/boot.sh [-n RUNS] [-B BUILD_DIR] [-k 6.1|6.12] [-c CPU]
#                            [-M VIRT_PROPS] [-s SMP]
#   defaults: 3 runs, build-release, kernel 6.1, cortex-a72, gic-version=3, -smp 1
#   A64EMU_EXTRA_ARGS is appended to a64emu's command line.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=$ROOT/build-release
RUNS=3
KERNEL=6.1
CPU=cortex-a72
MACHINE=gic-version=3
SMP=1
while getopts "n:B:k:c:M:s:h" opt; do
    case $opt in
    n) RUNS=$OPTARG ;;
    B) BUILD=$OPTARG ;;
    k) KERNEL=$OPTARG ;;
    c) CPU=$OPTARG ;;
    M) MACHINE=$OPTARG ;;
    s) SMP=$OPTARG ;;
    *) sed -n '2,16p' "$0"; exit 2 ;;
    esac
done

QEMU=$(command -v qemu-system-aarch64 || true)
if [ -z "$QEMU" ]; then
    echo "boot.sh: qemu-system-aarch64 not found (apt-get install qemu-system-arm)" >&2
    exit 1
fi
if [ ! -f "$BUILD/build.ninja" ]; then
    meson setup "$BUILD" "$ROOT" --buildtype=release >/dev/null
fi
ninja -C "$BUILD" tools/a64emu >/dev/null
EMU=$BUILD/tools/a64emu
read -r -a EXTRA <<<"${A64EMU_EXTRA_ARGS:-}"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# boot_times EMULATOR [EXTRA...]: RUNS boots; prints the median seconds to
# the power-off marker (and each run's time on stderr).
boot_times() {
    local emu=$1 times=() i t
    shift
    for ((i = 0; i < RUNS; i++)); do
        if ! python3 "$ROOT/tests/linux/boot_test.py" --emu "$emu" --kernel "$KERNEL" \
            --cpu "$CPU" --machine "$MACHINE" --smp "$SMP" --timeout 3600 \
            ${1+-- "$@"} >"$TMP/out" 2>&1; then
            echo "boot.sh: boot failed under $emu:" >&2
            tail -n 30 "$TMP/out" >&2
            exit 1
        fi
        t=$(sed -n 's/^milestones:.* poweroff=\([0-9.]*\)s.*/\1/p' "$TMP/out")
        echo "  $(basename "$emu") run $((i + 1)): ${t}s" >&2
        times+=("$t")
    done
    printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'
}

echo "Linux $KERNEL boot to power-off: -M virt,$MACHINE -cpu $CPU -smp $SMP -m 1G, $RUNS runs each (median)"
t_emu=$(boot_times "$EMU" "${EXTRA[@]}")
t_qemu=$(boot_times "$QEMU")
printf '%-10s %8.2f s\n' a64emu "$t_emu" qemu "$t_qemu"
awk -v a="$t_emu" -v q="$t_qemu" 'BEGIN {printf "ratio a64emu/qemu: %.2f\n", a / q}'
