#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""cli_test.py - a64emu's command line: qemu-system-aarch64-style options, refusal of
unsupported options by name (exit 1), one-line errors for missing or malformed images
(exit 1), -d/-D logging, -serial back ends, the guest's exit code as the process's."""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile

failures = 0


def check(name, ok, detail=""):
    global failures
    print(f"{'PASS' if ok else 'FAIL'} {name}" + (f": {detail}" if detail and not ok else ""))
    if not ok:
        failures += 1


def run(cmd, timeout=60):
    try:
        p = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=timeout)
        return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")
    except subprocess.TimeoutExpired:
        return "timeout", "", ""


def lines(s):
    return [l for l in s.splitlines() if l.strip()]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--emu", required=True)
    ap.add_argument("--qemu", default="")
    ap.add_argument("--hello", required=True, help="hello.elf")
    ap.add_argument("--exceptions", required=True, help="exceptions.elf")
    ap.add_argument("--exitcode", required=True, help="exitcode.elf")
    a = ap.parse_args()
    emu = a.emu
    base = ["-M", "virt", "-cpu", "max", "-nographic", "-semihosting"]
    tmp = tempfile.mkdtemp(prefix="a64emu-cli-")
    try:
        rc, out, err = run([emu, "-h"])
        check("-h exits 0 and lists -kernel", rc == 0 and "-kernel" in out + err, f"rc={rc}")

        rc, out, err = run([emu, "-M", "virt", "-frobnicate", "-kernel", a.hello])
        check("unknown option refused by name, exit 1",
              rc == 1 and "-frobnicate" in out + err, f"rc={rc} {err.strip()[:200]}")
        rc, out, err = run([emu] + base + ["-enable-kvm", "-kernel", a.hello])
        check("unsupported QEMU option refused by name, exit 1",
              rc == 1 and "-enable-kvm" in out + err, f"rc={rc} {err.strip()[:200]}")
        rc, out, err = run([emu] + base + ["-d", "no_such_item", "-kernel", a.hello])
        check("unknown -d item refused by name, exit 1",
              rc == 1 and "no_such_item" in out + err, f"rc={rc} {err.strip()[:200]}")
        rc, out, err = run([emu, "-M", "not-a-board", "-kernel", a.hello])
        check("unknown machine refused, exit 1", rc == 1, f"rc={rc}")
        rc, out, err = run([emu, "-M", "virt", "-cpu", "cortex-x99", "-kernel", a.hello])
        check("unknown cpu refused, exit 1", rc == 1, f"rc={rc}")

        missing = os.path.join(tmp, "does-not-exist.elf")
        rc, out, err = run([emu] + base + ["-kernel", missing])
        check("missing image: exit 1, one-line error",
              rc == 1 and len(lines(err)) == 1 and not lines(out), f"rc={rc} stderr={err!r}")

        with open(a.hello, "rb") as f:
            elf = f.read()
        trunc = os.path.join(tmp, "truncated.elf")
        with open(trunc, "wb") as f:
            f.write(elf[:200])   # ELF header and program headers, no segment data
        rc, out, err = run([emu] + base + ["-kernel", trunc])
        check("truncated ELF: exit 1, one-line error",
              rc == 1 and len(lines(err)) == 1, f"rc={rc} stderr={err!r}")
        bad = bytearray(elf)
        bad[18] = 0x3e   # e_machine = x86-64
        badm = os.path.join(tmp, "x86.elf")
        with open(badm, "wb") as f:
            f.write(bad)
        rc, out, err = run([emu] + base + ["-kernel", badm])
        check("ELF for another machine: exit 1, one-line error",
              rc == 1 and len(lines(err)) == 1, f"rc={rc} stderr={err!r}")
        rc, out, err = run([emu] + base + ["-kernel", tmp])
        check("directory as image: exit 1, one-line error",
              rc == 1 and len(lines(err)) == 1, f"rc={rc} stderr={err!r}")

        rc, out, err = run([emu] + base + ["-kernel", a.hello])
        check("hello runs, exit 0", rc == 0 and "@@END@@" in out, f"rc={rc}")
        reference = out

        log = os.path.join(tmp, "in_asm.log")
        rc, out, err = run([emu] + base + ["-d", "in_asm", "-D", log, "-kernel", a.hello])
        text = open(log, errors="replace").read() if os.path.exists(log) else ""
        check("-d in_asm -D FILE: capstone disassembly of the first block",
              rc == 0 and "msr" in text and "spsel" in text and out == reference,
              f"rc={rc} log={len(text)} bytes")
        log = os.path.join(tmp, "op.log")
        rc, out, err = run([emu] + base + ["-d", "op", "-D", log, "-kernel", a.hello])
        optext = open(log, errors="replace").read() if os.path.exists(log) else ""
        check("-d op -D FILE: IR of each block", rc == 0 and len(optext) > 0 and optext != text,
              f"rc={rc} log={len(optext)} bytes")
        log = os.path.join(tmp, "int.log")
        rc, out, err = run([emu] + base + ["-d", "int,unimp", "-D", log, "-kernel", a.exceptions])
        inttext = open(log, errors="replace").read() if os.path.exists(log) else ""
        check("-d int: exceptions logged", rc == 0 and len(lines(inttext)) >= 10,
              f"rc={rc} log lines={len(lines(inttext))}")
        log = os.path.join(tmp, "exec.log")
        rc, out, err = run([emu] + base + ["-d", "exec", "-D", log, "-kernel", a.hello])
        ex = open(log, errors="replace").read() if os.path.exists(log) else ""
        check("-d exec: blocks logged", rc == 0 and len(lines(ex)) > 10, f"rc={rc}")
        rc, out, err = run([emu, "-d", "help"])
        check("-d help exits 0 and lists in_asm", rc == 0 and "in_asm" in out + err, f"rc={rc}")

        ser = os.path.join(tmp, "serial.txt")
        rc, out, err = run([emu, "-M", "virt", "-cpu", "max", "-display", "none", "-semihosting",
                            "-serial", "file:" + ser, "-kernel", a.hello])
        sertext = open(ser, errors="replace").read() if os.path.exists(ser) else ""
        uart = "".join(l for l in reference.splitlines(keepends=True) if not l.startswith("SH:"))
        check("-serial file:PATH gets the UART output", rc == 0 and sertext == uart,
              f"rc={rc} file={len(sertext)} bytes")
        rc, out, err = run([emu, "-M", "virt", "-cpu", "max", "-display", "none", "-semihosting",
                            "-serial", "null", "-kernel", a.hello])
        check("-serial null discards the UART output", rc == 0 and "hello from" not in out,
              f"rc={rc}")

        for m in ["64M", "256", "1G"]:
            rc, out, err = run([emu] + base + ["-m", m, "-kernel", a.hello])
            check(f"-m {m}", rc == 0 and out == reference, f"rc={rc}")
        for cpu in ["cortex-a57", "cortex-a72"]:
            rc, out, err = run([emu, "-M", "virt", "-cpu", cpu, "-nographic", "-semihosting",
                                "-kernel", a.hello])
            check(f"-cpu {cpu}", rc == 0 and "@@END@@" in out, f"rc={rc}")

        rc, out, err = run([emu] + base + ["-kernel", a.exitcode])
        check("semihosting exit code 7 becomes the process exit code", rc == 7, f"rc={rc}")
        qemu = a.qemu if a.qemu and a.qemu != "none" else shutil.which("qemu-system-aarch64")
        if qemu:
            qrc, qout, _ = run([qemu] + base + ["-kernel", a.exitcode])
            check("exit code and output as QEMU's", (qrc, qout) == (rc, out),
                  f"qemu rc={qrc}, a64emu rc={rc}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    print(f"cli: {failures} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
