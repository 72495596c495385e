#!/bin/bash
# SPDX-License-Identifier: MIT
# setup.sh - one-command set-up on Debian 12: install the build and guest
# dependencies with apt, build a64emu, then run the default guest or the
# whole test suite.
#
#   tools/setup.sh run     install, build, fetch the Linux guest, boot it to an
#                          interactive busybox shell on the terminal (Ctrl-A x
#                          quits, `poweroff -f` powers the guest off)
#   tools/setup.sh test    install, build, fetch the Linux guest, meson test; then
#                          the same suite in an ASan/UBSan build (build-asan)
#   tools/setup.sh assets  only fetch the Linux guest (kernels + initramfs)
#   tools/setup.sh demo    install, build, run the bare-metal demo guest
#
# The Linux guest: Debian's arm64 kernel (the package linux-image-arm64:arm64
# depends on, 6.1 series, and the newest linux-image-6.12.*+deb12-arm64-unsigned)
# and busybox-static:arm64, fetched with `apt-get download` (arm64 is added to
# dpkg's architectures) into $A64EMU_LINUX_DIR (default ~/.cache/a64emu/linux):
# Image-6.1, Image-6.12 (the kernels' /boot/vmlinuz-*) and initramfs.cpio.gz
# (tools/mkinitramfs.py). Fetched once; delete the folder to refresh.
#
# Idempotent and non-interactive; run as root (or with sudo available). Needs
# no network except Debian's archive, and that only when something is missing.
set -euo pipefail

cd "$(dirname "$0")/.."
mode=${1:-run}
case $mode in
run | test | assets | demo) ;;
*) sed -n '2,24p' "$0"; exit 2 ;;
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
    libfdt-dev device-tree-compiler zlib1g-dev
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

LINUX_DIR=${A64EMU_LINUX_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/a64emu/linux}

# as_root CMD...: run CMD as root (directly, or through sudo).
as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    else
        sudo -E "$@"
    fi
}

# fetch_linux: the kernels and the initramfs of the Linux guest into LINUX_DIR.
fetch_linux() {
    if [ -f "$LINUX_DIR/Image-6.1" ] && [ -f "$LINUX_DIR/Image-6.12" ] &&
        [ -f "$LINUX_DIR/busybox" ]; then
        # (Re)build the initramfs when its generator changed.
        if [ ! -f "$LINUX_DIR/initramfs.cpio.gz" ] ||
            [ tools/mkinitramfs.py -nt "$LINUX_DIR/initramfs.cpio.gz" ]; then
            python3 tools/mkinitramfs.py --busybox "$LINUX_DIR/busybox" -o "$LINUX_DIR/initramfs.cpio.gz"
        fi
        echo "setup.sh: Linux guest present in $LINUX_DIR ($(cat "$LINUX_DIR/VERSIONS"))"
        return
    fi
    if ! dpkg --print-foreign-architectures | grep -qx arm64; then
        as_root dpkg --add-architecture arm64
        as_root apt-get update -q
    fi
    if ! apt-cache show linux-image-arm64:arm64 >/dev/null 2>&1; then
        as_root apt-get update -q
    fi
    local k61 k612 tmp
    # The 6.1 series: what the meta-package depends on (security updates move it).
    k61=$(apt-cache depends linux-image-arm64:arm64 | awk '/Depends: linux-image-[0-9]/ {print $2; exit}')
    # The newest 6.12 build (bookworm-backports/-security): pick by pattern.
    k612=$(apt-cache search --names-only '^linux-image-6\.12\.[0-9]+\+deb12-arm64-unsigned$' |
        awk '{print $1}' | sort -V | tail -n 1)
    if [ -z "$k61" ] || [ -z "$k612" ]; then
        echo "setup.sh: Debian's arm64 kernel packages not found (apt-get update?)" >&2
        exit 1
    fi
    k61=${k61%:arm64}
    echo "setup.sh: fetching $k61 $k612 busybox-static into $LINUX_DIR"
    mkdir -p "$LINUX_DIR"
    tmp=$(mktemp -d "$LINUX_DIR/fetch.XXXXXX")
    # (as root apt warns that its _apt user cannot write there: harmless)
    (cd "$tmp" && apt-get download -q "$k61:arm64" "$k612:arm64" busybox-static:arm64 2>&1 |
        grep -v 'unsandboxed as root' || true)
    local deb
    for deb in "$tmp"/*.deb; do
        dpkg-deb -x "$deb" "$tmp/root"
    done
    cp "$tmp/root/boot/vmlinuz-${k61#linux-image-}" "$LINUX_DIR/Image-6.1"
    cp "$tmp/root/boot/vmlinuz-$(echo "${k612#linux-image-}" | sed 's/-unsigned$//')" "$LINUX_DIR/Image-6.12"
    cp "$tmp/root/bin/busybox" "$LINUX_DIR/busybox"
    python3 tools/mkinitramfs.py --busybox "$LINUX_DIR/busybox" -o "$LINUX_DIR/initramfs.cpio.gz"
    echo "$k61 $k612 $(dpkg-deb -f "$tmp"/busybox-static_*.deb Version)" >"$LINUX_DIR/VERSIONS"
    rm -rf "$tmp"
    echo "setup.sh: Linux guest ready: $(cat "$LINUX_DIR/VERSIONS")"
}

if [ "$mode" = assets ]; then
    fetch_linux
    exit 0
fi

install_packages
build build

if [ "$mode" = demo ]; then
    exec build/tools/a64emu -M virt -cpu max -nographic -semihosting \
        -kernel build/tests/guest/demo.elf
fi

fetch_linux
if [ "$mode" = run ]; then
    exec build/tools/a64emu -M virt,gic-version=3 -cpu cortex-a72 -m 1G -nographic \
        -kernel "$LINUX_DIR/Image-6.1" -initrd "$LINUX_DIR/initramfs.cpio.gz" \
        -append "console=ttyAMA0"
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
