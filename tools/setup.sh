#!/bin/bash
# SPDX-License-Identifier: MIT
# setup.sh - one-command set-up on Debian 12: install the build and guest
# dependencies with apt, build a64emu, then run the default guest or the
# whole test suite.
#
#   tools/setup.sh run    install, build, run the demo guest (build/tests/guest/demo.elf)
#   tools/setup.sh test   install, build, meson test; then the same suite in an
#                         ASan/UBSan build (build-asan)
#
# Idempotent and non-interactive; run as root (or with sudo available). Needs
# no network except Debian's archive, and that only when a package is missing.
set -euo pipefail

cd "$(dirname "$0")/.."
mode=${1:-run}
case $mode in
run | test) ;;
*) sed -n '2,13p' "$0"; exit 2 ;;
esac

export DEBIAN_FRONTEND=noninteractive
# Host tool chain and libraries, the aarch64 cross compiler for the guest
# programs, QEMU as the reference for the comparison tests (ipxe-qemu holds
# the option ROM of the virt board's default NIC), libgccjit for the JIT tier.
packages=(
    gcc libc6-dev meson ninja-build pkg-config python3
    libglib2.0-dev libcapstone-dev check libgccjit-12-dev
    gcc-aarch64-linux-gnu libc6-dev-arm64-cross
    qemu-system-arm qemu-user ipxe-qemu
)

install_packages() {
    local missing=() p sudo=()
    for p in "${packages[@]}"; do
        if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed$'; then
            missing+=("$p")
        fi
    done
    if [ ${#missing[@]} -eq 0 ]; then
        echo "setup.sh: all packages present"
        return
    fi
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null; then
            sudo=(sudo -E)
        else
            echo "setup.sh: missing ${missing[*]}; run as root to install them" >&2
            exit 1
        fi
    fi
    echo "setup.sh: installing ${missing[*]}"
    "${sudo[@]}" apt-get update -q
    "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
}

# build DIR [meson options...]: configure once, then (re)build.
build() {
    local dir=$1
    shift
    if [ ! -f "$dir/build.ninja" ]; then
        meson setup "$dir" "$@"
    fi
    ninja -C "$dir"
}

install_packages
build build

if [ "$mode" = run ]; then
    exec build/tools/a64emu -M virt -cpu max -nographic -semihosting \
        -kernel build/tests/guest/demo.elf
fi

status=0
meson test -C build --print-errorlogs || status=1
build build-asan -Db_sanitize=address,undefined -Db_lundef=false
# Sanitizer builds are several times slower; halt_on_error makes UBSan
# findings fail the test instead of only printing.
UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
    meson test -C build-asan --print-errorlogs --timeout-multiplier 4 || status=1
if [ $status -ne 0 ]; then
    echo "setup.sh: test suite FAILED" >&2
else
    echo "setup.sh: test suite passed (build and build-asan)"
fi
exit $status
