#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""run_compare.py - run one bare-metal guest under qemu-system-aarch64 and a64emu, compare outputs.

The test passes when:
  * the QEMU (reference) run exits 0 and its UART output ends the test normally
    (contains the end marker, no FAIL line) - otherwise the test itself is wrong;
  * the a64emu run has the same exit code and byte-identical UART output (stdout);
  * the semihosting lines ("SH:" prefix, stderr in QEMU 7.2) are identical.
Without QEMU the a64emu run is only checked for its own PASS/FAIL lines, and
the test is reported as skipped (exit 77) with the reason, or failed.
"""
import argparse
import difflib
import os
import shlex
import shutil
import subprocess
import sys
import time

END_MARKER = "@@END@@"
SKIP = 77


def machine_args(elf, cpu, machine="", smp=1):
    m = "virt" + ("," + machine if machine else "")
    return (["-M", m, "-cpu", cpu, "-nographic", "-semihosting", "-kernel", elf]
            + (["-smp", str(smp)] if smp != 1 else []))


def run(cmd, timeout, stdin_path=None):
    start = time.monotonic()
    stdin = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL
    try:
        p = subprocess.run(cmd, stdin=stdin, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=timeout)
        rc, out, err = p.returncode, p.stdout, p.stderr
    except subprocess.TimeoutExpired as e:
        rc, out, err = "timeout", e.stdout or b"", e.stderr or b""
    return {"rc": rc, "out": out.decode("utf-8", "replace"),
            "err": err.decode("utf-8", "replace"), "secs": time.monotonic() - start,
            "cmd": " ".join(shlex.quote(c) for c in cmd) + (f" < {stdin_path}" if stdin_path else "")}


def sh_lines(text):
    return [l for l in text.splitlines() if l.startswith("SH:")]


def uart_text(text):
    """stdout without semihosting lines: a model may print those on either stream."""
    return "".join(l for l in text.splitlines(keepends=True) if not l.startswith("SH:"))


def self_check(r, who):
    """Problems with a run judged on its own (end marker, FAIL lines, exit code)."""
    problems = []
    if r["rc"] != 0:
        problems.append(f"{who} exit code {r['rc']}")
    if not r["out"].strip():
        problems.append(f"{who} printed nothing on the UART")
    elif END_MARKER not in r["out"]:
        problems.append(f"{who} output has no end marker {END_MARKER}")
    fails = [l for l in r["out"].splitlines() if l.startswith("FAIL")]
    if fails:
        problems.append(f"{who} reported {len(fails)} FAIL line(s), first: {fails[0]}")
    return problems


def show_run(r, who, limit=60):
    print(f"--- {who}: {r['cmd']}  (rc={r['rc']}, {r['secs']:.2f}s)")
    lines = r["out"].splitlines()
    for l in lines[-limit:]:
        print(f"  | {l}")
    if r["err"].strip():
        print(f"--- {who} stderr (last lines):")
        for l in r["err"].splitlines()[-15:]:
            print(f"  ! {l}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--qemu", default="", help="qemu-system-aarch64 (empty: not available)")
    ap.add_argument("--emu", required=True, help="a64emu executable")
    ap.add_argument("--cpu", default="max", help="-cpu model for both runs (default max)")
    ap.add_argument("--timeout", type=float, default=60.0)
    ap.add_argument("--stdin", help="file fed to both runs' standard input (the UART)")
    ap.add_argument("--machine", default="",
                    help="extra -M virt properties for both runs, e.g. virtualization=on,gic-version=3")
    ap.add_argument("--smp", type=int, default=1, help="-smp for both runs")
    ap.add_argument("elf")
    a = ap.parse_args()

    extra = shlex.split(os.environ.get("A64EMU_EXTRA_ARGS", ""))
    name = (os.path.basename(a.elf) + ("" if a.cpu == "max" else f" (-cpu {a.cpu})")
            + (f" (-M virt,{a.machine})" if a.machine else "") + (f" (-smp {a.smp})" if a.smp != 1 else ""))
    qemu = a.qemu or shutil.which("qemu-system-aarch64") if a.qemu != "none" else ""

    emu = run([a.emu] + machine_args(a.elf, a.cpu, a.machine, a.smp) + extra, a.timeout, a.stdin)

    if not qemu:
        problems = self_check(emu, "a64emu")
        show_run(emu, "a64emu")
        if problems:
            print(f"FAIL {name}: " + "; ".join(problems))
            return 1
        print(f"SKIP {name}: qemu-system-aarch64 not found (install qemu-system-arm); "
              "a64emu's own checks passed but nothing was compared")
        return SKIP

    ref = run([qemu] + machine_args(a.elf, a.cpu, a.machine, a.smp), a.timeout, a.stdin)
    ref_problems = self_check(ref, "qemu")
    if ref_problems:
        show_run(ref, "qemu (reference)")
        print(f"FAIL {name}: the reference run is not clean, fix the test: "
              + "; ".join(ref_problems))
        return 1

    problems = []
    if emu["rc"] != ref["rc"]:
        problems.append(f"exit code a64emu={emu['rc']} qemu={ref['rc']}")
    if uart_text(emu["out"]) != uart_text(ref["out"]):
        problems.append("UART output differs")
    if sorted(sh_lines(emu["err"] + emu["out"])) != sorted(sh_lines(ref["err"] + ref["out"])):
        problems.append("semihosting (SH:) lines differ")
    if not problems:
        n = len(ref["out"].splitlines())
        print(f"PASS {name}: {n} identical lines, exit code {ref['rc']} "
              f"(qemu {ref['secs']:.2f}s, a64emu {emu['secs']:.2f}s)")
        return 0

    print(f"FAIL {name}: " + "; ".join(problems))
    if uart_text(emu["out"]) != uart_text(ref["out"]):
        diff = difflib.unified_diff(uart_text(ref["out"]).splitlines(),
                                    uart_text(emu["out"]).splitlines(),
                                    "qemu", "a64emu", lineterm="", n=2)
        for i, l in enumerate(diff):
            if i >= 80:
                print("  ... (diff truncated)")
                break
            print(f"  {l}")
    show_run(emu, "a64emu", limit=20)
    return 1


if __name__ == "__main__":
    sys.exit(main())
