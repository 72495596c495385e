#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""dtb_compare.py - the device tree a64emu generates against QEMU's.

For several option sets both emulators write their tree with
-machine dumpdtb=FILE; every node QEMU has must be in ours with the same
properties (phandle references compared by the path they point to), unless
it describes a device a64emu does not have (the known omissions below), and
ours must have no node QEMU lacks. Random seeds are ignored.
"""
import argparse
import os
import struct
import subprocess
import sys
import tempfile

# Nodes (and their subtrees) QEMU 7.2's virt has and a64emu deliberately
# does not describe, because the device does not exist here.
KNOWN_OMISSIONS = [
    "/platform-bus@",    # dynamic sysbus devices
    "/fw-cfg@",          # firmware configuration interface
    "/virtio_mmio@",     # virtio-mmio transports
    "/pcie@",            # PCIe host bridge
    "/pmu",              # no PMU is emulated
    "/flash@",           # CFI flash (a64emu maps an empty ROM there)
    "/intc@8000000/v2m@",  # GICv2m MSI frame
    "/intc@8000000/its@",  # GICv3 ITS
    # secure=on: the Secure world's devices
    "/secure-chosen", "/secram@", "/secflash@", "/pl011@9040000", "/pl061@90b0000",
    "/gpio-restart", "/gpio-poweroff",
]
IGNORED_PROPS = {"rng-seed", "kaslr-seed", "phandle"}
# Properties whose cells hold phandles: name -> cells per entry (the first is
# the phandle), 0 = every cell is a phandle.
PHANDLE_PROPS = {"interrupt-parent": 0, "clocks": 0, "cpu": 0, "gpios": 3, "msi-parent": 0}

FDT_BEGIN_NODE, FDT_END_NODE, FDT_PROP, FDT_NOP, FDT_END = 1, 2, 3, 4, 9


def parse_dtb(blob):
    """Return {path: {prop: bytes}} of a flattened device tree."""
    magic, total, off_struct, off_strings = struct.unpack(">IIII", blob[:16])
    if magic != 0xd00dfeed or total > len(blob):
        raise ValueError("bad DTB header")
    nodes, stack = {}, []
    pos = off_struct

    def string_at(off):
        end = blob.index(b"\0", off)
        return blob[off:end].decode()

    while True:
        (tok,) = struct.unpack(">I", blob[pos:pos + 4])
        pos += 4
        if tok == FDT_BEGIN_NODE:
            end = blob.index(b"\0", pos)
            name = blob[pos:end].decode()
            pos = (end + 4) & ~3
            stack.append(name)
            path = "/" + "/".join(n for n in stack[1:]) if len(stack) > 1 else "/"
            nodes[path] = {}
        elif tok == FDT_END_NODE:
            stack.pop()
        elif tok == FDT_PROP:
            length, nameoff = struct.unpack(">II", blob[pos:pos + 8])
            pos += 8
            val = blob[pos:pos + length]
            pos = (pos + length + 3) & ~3
            path = "/" + "/".join(stack[1:]) if len(stack) > 1 else "/"
            nodes[path][string_at(off_strings + nameoff)] = val
        elif tok == FDT_NOP:
            continue
        elif tok == FDT_END:
            break
        else:
            raise ValueError(f"bad token {tok}")
    return nodes


def normalise(nodes):
    """Props with phandles replaced by target paths; ignored props dropped."""
    by_phandle = {}
    for path, props in nodes.items():
        if "phandle" in props:
            by_phandle[struct.unpack(">I", props["phandle"])[0]] = path
    out = {}
    for path, props in nodes.items():
        np = {}
        for name, val in props.items():
            if name in IGNORED_PROPS:
                continue
            if name in PHANDLE_PROPS and len(val) % 4 == 0:
                cells = list(struct.unpack(f">{len(val) // 4}I", val))
                step = PHANDLE_PROPS[name] or 1
                for i in range(0, len(cells), step):
                    cells[i] = by_phandle.get(cells[i], f"<bad phandle {cells[i]:#x}>")
                np[name] = tuple(cells)
            else:
                np[name] = val
        out[path] = np
    return out


def omitted(path):
    return any(path == p or path.startswith(p) for p in KNOWN_OMISSIONS)


def show(val):
    if isinstance(val, tuple):
        return repr(val)
    if val and val[-1:] == b"\0" and all(32 <= c < 127 or c == 0 for c in val):
        return repr(val[:-1].decode().split("\0"))
    return val.hex()


def dump(cmd, path):
    r = subprocess.run(cmd + ["-nographic", "-machine", f"dumpdtb={path}"],
                       stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60)
    if r.returncode != 0 or not os.path.exists(path):
        raise RuntimeError(f"{' '.join(cmd)}: exit {r.returncode}: {r.stderr.strip()}")
    with open(path, "rb") as f:
        return normalise(parse_dtb(f.read()))


def compare(q, a):
    errors = []
    for path, props in q.items():
        if omitted(path):
            continue
        if path not in a:
            errors.append(f"missing node {path}")
            continue
        for name, val in props.items():
            if name not in a[path]:
                errors.append(f"{path}: missing property {name} = {show(val)}")
            elif a[path][name] != val:
                errors.append(f"{path}: {name} = {show(a[path][name])}, QEMU has {show(val)}")
        for name in a[path]:
            if name not in props:
                errors.append(f"{path}: extra property {name} = {show(a[path][name])}")
    for path in a:
        if path not in q:
            errors.append(f"extra node {path} (QEMU has none)")
    return errors


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--qemu", required=True)
    ap.add_argument("--emu", required=True)
    ap.add_argument("--elf", help="a bare-metal ELF (boots at the highest EL)")
    args = ap.parse_args()

    tmp = tempfile.mkdtemp(prefix="dtbcmp-")
    kernel = os.path.join(tmp, "kernel.bin")     # raw: both treat it as a Linux image
    with open(kernel, "wb") as f:
        f.write(bytes(range(256)) * 400)
    initrd = os.path.join(tmp, "initrd.bin")
    with open(initrd, "wb") as f:
        f.write(b"\x5a" * 3000001)

    cases = [
        ["-M", "virt", "-cpu", "cortex-a57"],
        ["-M", "virt,gic-version=3", "-cpu", "cortex-a57"],
        ["-M", "virt,virtualization=on", "-cpu", "max"],
        ["-M", "virt,gic-version=3,virtualization=on", "-cpu", "max", "-smp", "2"],
        ["-M", "virt,gic-version=max", "-cpu", "cortex-a72", "-smp", "cpus=3"],
        ["-M", "virt", "-cpu", "cortex-a72", "-smp", "4", "-m", "1G"],
        ["-M", "virt", "-cpu", "cortex-a57", "-m", "256M", "-kernel", kernel,
         "-initrd", initrd, "-append", "console=ttyAMA0 root=/dev/ram rdinit=/init"],
        ["-M", "virt,gic-version=3,virtualization=on", "-cpu", "max", "-smp", "2",
         "-kernel", kernel, "-initrd", initrd, "-append", "x"],
        ["-M", "virt,secure=on", "-cpu", "cortex-a57", "-kernel", kernel],
        ["-M", "virt,secure=on,virtualization=on", "-cpu", "max", "-smp", "2"],
        ["-M", "virt,secure=on,virtualization=on", "-cpu", "max", "-kernel", kernel],
    ]
    if args.elf:   # ELF payloads: the PSCI conduit goes when they start above it
        for m in ["virt", "virt,virtualization=on", "virt,secure=on",
                  "virt,secure=on,virtualization=on"]:
            cases.append(["-M", m, "-cpu", "max", "-kernel", args.elf])
        cases.append(["-M", "virt,secure=on", "-cpu", "max", "-smp", "2", "-kernel", args.elf])
        cases.append(["-M", "virt", "-cpu", "max", "-kernel", args.elf, "-append", "a=b c"])
    failed = 0
    for i, opts in enumerate(cases):
        try:
            q = dump([args.qemu] + opts, os.path.join(tmp, f"q{i}.dtb"))
            a = dump([args.emu] + opts, os.path.join(tmp, f"a{i}.dtb"))
        except (RuntimeError, ValueError, subprocess.TimeoutExpired) as e:
            print(f"FAIL {' '.join(opts)}: {e}")
            failed += 1
            continue
        errors = compare(q, a)
        status = "ok  " if not errors else "FAIL"
        print(f"{status} {' '.join(o if o not in (kernel, initrd, args.elf) else os.path.basename(o) for o in opts)}"
              f" ({len(a)} nodes, {sum(1 for p in q if omitted(p))} QEMU nodes omitted)")
        for e in errors:
            print(f"     {e}")
        failed += bool(errors)
    print("known omissions: " + ", ".join(KNOWN_OMISSIONS))
    print(f"{len(cases) - failed}/{len(cases)} option sets match")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
