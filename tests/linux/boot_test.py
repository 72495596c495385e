#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""boot_test.py - boot Debian's arm64 kernel with the busybox initramfs and check it.

The guest (tools/mkinitramfs.py /init, kernel parameter a64emu_test=N,M)
prints the number of CPUs and the SHA-256 of `seq 1 N` followed by M MiB of
'x', then powers off through PSCI. The test passes when the emulator exits 0
after "A64EMU-POWEROFF", the digest equals the one computed here, the CPU
count equals -smp, and the kernel log says at which exception level the CPUs
started ("CPU: All CPU(s) started at EL2" with virtualization=on, EL1
otherwise).

The assets (kernels, initramfs) come from `tools/setup.sh assets` and live in
$A64EMU_LINUX_DIR (default ~/.cache/a64emu/linux); without them the test is
skipped (exit 77) with the reason. --emu may equally be qemu-system-aarch64:
the options are QEMU's.

usage: boot_test.py --emu EMU [--kernel 6.1|6.12] [--cpu C] [--machine PROPS]
                    [--smp N] [--seq N] [--mib M] [--timeout S] [--log FILE]
                    [--known-failure REASON] [-- EXTRA EMULATOR ARGS]
"""
import argparse
import hashlib
import os
import re
import selectors
import shlex
import signal
import subprocess
import sys
import time

SKIP = 77


def asset_dir():
    d = os.environ.get("A64EMU_LINUX_DIR")
    if d:
        return d
    cache = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(cache, "a64emu", "linux")


def expected_digest(seq_n, mib):
    h = hashlib.sha256()
    h.update("".join("%d\n" % i for i in range(1, seq_n + 1)).encode())
    h.update(b"x" * (mib << 20))
    return h.hexdigest()


# Lines whose first appearance is timed (seconds since start), for the report.
MILESTONES = [
    ("kernel", re.compile(r"Booting Linux on physical CPU")),
    ("smp", re.compile(r"CPU: All CPU\(s\) started at EL\d|SMP: Total of \d+ processors")),
    ("init", re.compile(r"Run /init as init process")),
    ("userspace", re.compile(r"A64EMU-INIT: up")),
    ("digest", re.compile(r"A64EMU-SHA256: ")),
    ("poweroff", re.compile(r"A64EMU-POWEROFF")),
]
FATAL = re.compile(r"Kernel panic - not syncing|---\[ end Kernel panic|"
                   r"Unable to handle kernel|Internal error: Oops")


def run(cmd, timeout, log):
    """Run cmd; stream its output to log; stop early on a kernel panic.
    Returns (rc or 'timeout'/'panic', output text, milestone times)."""
    start = time.monotonic()
    p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT, start_new_session=True)
    sel = selectors.DefaultSelector()
    sel.register(p.stdout, selectors.EVENT_READ)
    out = bytearray()
    seen = {}
    status = None
    panic_at = None
    pending = b""
    while True:
        left = start + timeout - time.monotonic()
        if left <= 0:
            status = "timeout"
            break
        if panic_at is not None and time.monotonic() - panic_at > 3:
            status = "panic"
            break
        if not sel.select(min(left, 1.0)):
            if p.poll() is not None:
                break
            continue
        chunk = os.read(p.stdout.fileno(), 65536)
        if not chunk:
            break
        out += chunk
        if log:
            log.write(chunk)
            log.flush()
        pending += chunk
        *lines, pending = pending.split(b"\n")
        for raw in lines:
            line = raw.decode("utf-8", "replace")
            for name, rx in MILESTONES:
                if name not in seen and rx.search(line):
                    seen[name] = time.monotonic() - start
            if panic_at is None and FATAL.search(line):
                panic_at = time.monotonic()
    if status is not None:
        try:
            os.killpg(p.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    rc = p.wait()
    seen["exit"] = time.monotonic() - start
    return (status if status is not None else rc), out.decode("utf-8", "replace"), seen


def main():
    ap = argparse.ArgumentParser(description="boot the Linux guest and check its output")
    ap.add_argument("--emu", required=True, help="a64emu or qemu-system-aarch64")
    ap.add_argument("--kernel", default="6.1", help="kernel series: 6.1 (linux-image-arm64) or 6.12")
    ap.add_argument("--cpu", default="cortex-a72")
    ap.add_argument("--machine", default="", help="-M virt properties, e.g. gic-version=2")
    ap.add_argument("--smp", type=int, default=1)
    ap.add_argument("--mem", default="1G")
    ap.add_argument("--seq", type=int, default=20000, help="seq 1 N in the digest")
    ap.add_argument("--mib", type=int, default=4, help="MiB of 'x' in the digest")
    ap.add_argument("--timeout", type=float, default=1200)
    ap.add_argument("--log", help="also write the console output here")
    ap.add_argument("--append", default="", help="extra kernel command line")
    ap.add_argument("--known-failure", metavar="REASON",
                    help="a failure is expected for REASON: report SKIP with the reason "
                         "without running (a hang would cost the whole timeout), unless "
                         "A64EMU_LINUX_RUN_KNOWN=1: then run, a failure is still SKIP")
    ap.add_argument("extra", nargs="*", help="extra emulator arguments (after --)")
    a = ap.parse_args()

    d = asset_dir()
    kernel = os.path.join(d, "Image-" + a.kernel)
    initrd = os.path.join(d, "initramfs.cpio.gz")
    for f in (kernel, initrd):
        if not os.path.exists(f):
            print(f"SKIP: {f} not found; fetch the guest with `tools/setup.sh assets` "
                  f"(or set A64EMU_LINUX_DIR)")
            return SKIP
    if not os.access(a.emu, os.X_OK):
        print(f"SKIP: emulator {a.emu} not found")
        return SKIP

    if a.known_failure and os.environ.get("A64EMU_LINUX_RUN_KNOWN") != "1":
        print(f"SKIP: known failure: {a.known_failure} (A64EMU_LINUX_RUN_KNOWN=1 runs it)")
        return SKIP

    machine = "virt" + ("," + a.machine if a.machine else "")
    append = f"console=ttyAMA0 a64emu_test={a.seq},{a.mib} panic=-1 " + a.append
    cmd = [a.emu, "-M", machine, "-cpu", a.cpu, "-m", a.mem, "-smp", str(a.smp),
           "-nographic", "-no-reboot", "-kernel", kernel, "-initrd", initrd,
           "-append", append.strip()] + a.extra
    print("+ " + " ".join(shlex.quote(c) for c in cmd), flush=True)
    log = open(a.log, "wb") if a.log else None
    rc, out, seen = run(cmd, a.timeout, log)
    if log:
        log.close()

    problems = []
    if rc != 0:
        problems.append(f"emulator exit status {rc} (want 0 after PSCI SYSTEM_OFF)")
    el = "EL2" if re.search(r"virtualization=on", a.machine) else "EL1"
    if f"CPU: All CPU(s) started at {el}" not in out:
        problems.append(f"no 'CPU: All CPU(s) started at {el}' in the kernel log")
    m = re.search(r"A64EMU-NPROC: (\d+)", out)
    if not m:
        problems.append("no A64EMU-NPROC line (userspace did not run)")
    elif int(m.group(1)) != a.smp:
        problems.append(f"guest sees {m.group(1)} CPUs, want {a.smp}")
    want = expected_digest(a.seq, a.mib)
    m = re.search(r"A64EMU-SHA256: ([0-9a-f]*)", out)
    if not m:
        problems.append("no A64EMU-SHA256 line")
    elif m.group(1) != want:
        problems.append(f"digest {m.group(1)!r}, want {want}")
    if "A64EMU-POWEROFF" not in out:
        problems.append("no A64EMU-POWEROFF line")

    times = " ".join(f"{k}={v:.1f}s" for k, v in sorted(seen.items(), key=lambda kv: kv[1]))
    print(f"milestones: {times}")
    if not problems:
        print(f"PASS: Linux {a.kernel} {machine} -cpu {a.cpu} -smp {a.smp}: digest {want}, "
              f"{seen['exit']:.1f}s")
        return 0
    print("--- last console lines:")
    for line in out.splitlines()[-40:]:
        print("  | " + line)
    for p in problems:
        print("FAIL: " + p)
    if a.known_failure:
        print(f"SKIP: known failure: {a.known_failure}")
        return SKIP
    return 1


if __name__ == "__main__":
    sys.exit(main())
