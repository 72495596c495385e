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


# [board] A 168-byte arm64 Image (header: text_offset 0, image_size 1 MiB,
# "ARM\x64" magic) that exits through semihosting with the code
#   0x80 if X1..X3 = 0 | 0x40 if [X0] holds the FDT magic | (X0 - RAM) >> 21.
BOOT_PROBE = bytes.fromhex(
    "1000001400000000000000000000000000001000000000000a00000000000000000000000000"
    "00000000000000000000000000000000000041524d6400000000290002aa290103aa0a0080d2"
    "490000b50a1080d2020040b903ba8152c3bfbd725f00036b410000544a017ab20400a8d20400"
    "04cb84fc55d3841440924a0104aac10000102a0400f9000480d200005ed4000000141f2003d5"
    "26000200000000000000000000000000")


def one_line_error(rc, err):
    """Exit 1 with exactly one line on stderr, 'a64emu: ...'."""
    ls = lines(err)
    return rc == 1 and len(ls) == 1 and ls[0].startswith("a64emu: ")


def board_cases(emu, qemu, a, tmp):
    """Boot protocol, device tree and board options; bad input gives one line."""
    import gzip
    base = ["-M", "virt", "-cpu", "max", "-nographic", "-semihosting"]
    img = os.path.join(tmp, "Image")
    with open(img, "wb") as f:
        f.write(BOOT_PROBE)
    imggz = os.path.join(tmp, "Image.gz")
    with open(imggz, "wb") as f:
        f.write(gzip.compress(BOOT_PROBE))
    initrd = os.path.join(tmp, "initrd")
    with open(initrd, "wb") as f:
        f.write(os.urandom(3 << 20))
    dtb = os.path.join(tmp, "virt.dtb")

    # The Image boots through the stub with X0 = the DTB, placed as QEMU does.
    boots = [
        ([], "128M: DTB at RAM + 64 MiB"),
        (["-initrd", initrd], "DTB after the initrd on 2 MiB"),
        (["-m", "512"], "512M: DTB at RAM + 128 MiB"),
        (["-M", "virt,virtualization=on,gic-version=3", "-smp", "2"], "EL2 boot, 2 CPUs"),
        (["-append", "console=ttyAMA0 quiet"], "-append"),
    ]
    for k, kname in [(img, "Image"), (imggz, "gzip'd Image")]:
        for extra, what in boots:
            rc, out, err = run([emu] + base + ["-kernel", k] + extra)
            ok = isinstance(rc, int) and rc & 0xc0 == 0xc0
            detail = f"rc={rc} {err.strip()[:200]}"
            if qemu:
                qrc, _, _ = run([qemu] + base + ["-kernel", k] + extra)
                ok = ok and qrc == rc
                detail += f" qemu rc={qrc}"
            check(f"{kname} boot, {what}: X0 = DTB where QEMU puts it", ok, detail)

    # dumpdtb: exit 0, a valid blob, bootargs inside; -dtb takes it back.
    rc, out, err = run([emu, "-M", "virt,dumpdtb=" + dtb, "-kernel", img, "-append", "abc=1"])
    blob = open(dtb, "rb").read() if os.path.exists(dtb) else b""
    check("-machine dumpdtb=FILE writes the DT and exits 0",
          rc == 0 and blob[:4] == bytes.fromhex("d00dfeed") and b"abc=1" in blob, f"rc={rc}")
    # initrd at RAM + 64 MiB, 3 MiB long: the DTB at RAM + 68 MiB (34 * 2 MiB).
    rc, out, err = run([emu] + base + ["-kernel", img, "-dtb", dtb, "-initrd", initrd])
    check("-dtb FILE is passed in X0 (after the initrd)", rc == 0xc0 | 34,
          f"rc={rc} {err.strip()}")

    # -device loader: an ELF without -kernel, raw file + PC, data.
    rc, out, err = run([emu] + base + ["-device", f"loader,file={a.hello},cpu-num=0"])
    check("-device loader,file=ELF,cpu-num=0 runs it", rc == 0 and "@@END@@" in out,
          f"rc={rc} {err.strip()[:200]}")
    rc, out, err = run([emu] + base + [
        "-device", f"loader,file={img},addr=0x40200000,force-raw=on",
        "-device", "loader,addr=0x40300000,data=0x17fc0000,data-len=4",   # b .-1MiB
        "-device", "loader,addr=0x40300000,cpu-num=0"])
    check("-device loader force-raw + data + cpu-num", rc == 0x80, f"rc={rc} {err.strip()}")

    # PSCI SYSTEM_RESET: reboots (images reloaded) unless -no-reboot, as QEMU.
    rb = os.path.join(tmp, "reboot.bin")   # prints "b", then HVC SYSTEM_RESET
    with open(rb, "wb") as f:
        f.write(bytes.fromhex("0120a1d2420c8052220000b942018052220000b9200180d20080b0f2"
                              "020000d400000014"))
    rc, out, err = run([emu, "-M", "virt", "-nographic", "-kernel", rb, "-no-reboot"])
    check("SYSTEM_RESET with -no-reboot: exit 0 after one boot", rc == 0 and out == "b\n",
          f"rc={rc} out={out[:40]!r}")
    p = subprocess.Popen([emu, "-M", "virt", "-nographic", "-kernel", rb],
                         stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL)
    boots = 0
    try:
        for line in p.stdout:
            boots += line == b"b\n"
            if boots >= 3:
                break
    finally:
        p.kill()
        p.wait()
    check("SYSTEM_RESET without -no-reboot reboots the machine", boots >= 3, f"boots={boots}")

    # CPU properties and board options.
    for opts, ok_expected in [(["-cpu", "max,pauth-impdef=on,sve=off"], True),
                              (["-cpu", "max,pauth=off"], True),
                              (["-M", "virt,secure=on"], True),
                              (["-M", "virt,gic-version=max", "-smp", "cpus=4"], True),
                              (["-no-reboot"], True)]:
        cmd = [emu, "-M", "virt", "-nographic", "-semihosting", "-kernel", a.hello] + opts
        if "-cpu" not in opts:
            cmd += ["-cpu", "max"]
        rc, out, err = run(cmd)
        check(f"{' '.join(opts)} accepted", rc == 0 and "@@END@@" in out,
              f"rc={rc} {err.strip()[:200]}")

    # Refusals and bad input: exit 1 and one line naming the culprit.
    big = os.path.join(tmp, "big.bin")
    with open(big, "wb") as f:
        f.truncate(20 << 20)
    bad_dtb = os.path.join(tmp, "bad.dtb")
    with open(bad_dtb, "wb") as f:
        f.write(b"\xd0\x0d\xfe\xed" + os.urandom(200))
    short_dtb = os.path.join(tmp, "short.dtb")
    with open(short_dtb, "wb") as f:
        f.write(blob[:100])
    bad_gz = os.path.join(tmp, "bad.gz")
    with open(bad_gz, "wb") as f:
        f.write(gzip.compress(BOOT_PROBE)[:40])
    missing = os.path.join(tmp, "no-such-file")
    bad = [
        (["-kernel", img, "-initrd", missing], "no-such-file", "missing -initrd file"),
        (["-kernel", img, "-dtb", missing], "no-such-file", "missing -dtb file"),
        (["-kernel", img, "-dtb", bad_dtb], "bad.dtb", "malformed DTB"),
        (["-kernel", img, "-dtb", short_dtb], "short.dtb", "truncated DTB"),
        (["-kernel", big, "-m", "16M"], "big.bin", "Image too big for RAM"),
        (["-kernel", img, "-m", "8M", "-initrd", initrd], "a64emu:", "initrd + DTB beyond RAM"),
        (["-kernel", bad_gz], "bad.gz", "truncated gzip Image"),
        (["-kernel", img, "-cpu", "max,sve=on"], "sve", "-cpu max,sve=on"),
        (["-kernel", img, "-cpu", "max,frob=on"], "frob", "unknown CPU property"),
        (["-kernel", img, "-cpu", "cortex-a57,pauth=on"], "pauth", "pauth on cortex-a57"),
        (["-kernel", img, "-smp", "9"], "-smp", "-smp 9"),
        (["-kernel", img, "-M", "virt,gic-version=4"], "gic-version", "gic-version=4"),
        (["-kernel", img, "-device", "virtio-blk"], "virtio-blk", "unsupported -device"),
        (["-device", "loader,file=" + missing + ",addr=0x40000000"], "no-such-file",
         "missing -device loader file"),
        (["-initrd", initrd], "-initrd", "-initrd without -kernel"),
    ]
    for opts, needle, what in bad:
        rc, out, err = run([emu, "-M", "virt", "-nographic"] + opts)
        check(f"{what}: exit 1, one line", one_line_error(rc, err) and needle in err,
              f"rc={rc} stderr={err.strip()[:300]!r}")


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
        board_cases(emu, qemu, a, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    print(f"cli: {failures} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
