#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""gen.py - random-instruction generator for the a64emu differential tests.

Instruction words come from the decoder's own encoding tables: every
pattern of frontend/decode/*.decode is loaded through tools/decodetree.py
(decodetree.parse_files) and a random instance is drawn with
Pattern.random_insn().  A small constraint layer then makes the instance
safe and architecturally defined:

  * classes: each pattern is put in one encoding class (dp, ldst, excl,
    atomic, branch, sys) by its .decode file and by the architectural
    encoding group of its instances (DDI 0487 C4.1); 'undef' draws random
    words that no pattern matches (must raise UNDEFINED, EC 0);
  * CONSTRAINTS (keyed by pattern name) names the patterns that are never
    generated (control flow out of the case, system state the harness
    relies on, time-dependent results) and the ones with a special
    generator; everything else is handled by the encoding-group rules below;
  * loads/stores: the base register (or SP) is pointed into the sandbox by
    preceding MOVZ/MOVK ("prep" instructions, not counted as instances) so
    that the effective address is inside the sandbox and aligned to the
    access size; the index register of register-offset forms gets a small
    value with random upper bits; CONSTRAINED UNPREDICTABLE register
    combinations are re-rolled (writeback with Rt == Rn, LDP Rt == Rt2,
    STXR Ws == Rt/Rt2/Rn, LDXP Rt == Rt2; DDI 0487 K1.2);
  * exclusives: LDXR/LDXP are paired with the matching STXR/STXP on the same
    address, sometimes with a CLREX in between, sometimes a second STXR, so
    that success and failure of the monitor are both exercised;
  * branches: forward only, over 0-3 data-processing "fillers", so the case
    always falls out at its end; BR/BLR/RET get their target from an ADR;
  * derived classes: smc (a loop rewrites its own first instruction, with
    DC CVAU/IC IVAU/DSB/ISB, then runs it again), abort (loads/stores to
    unmapped physical addresses, some straddling the end of RAM), align
    (misaligned exclusives, atomics, acquire/release: Alignment fault),
    sysop (DC/IC/TLBI/AT on sandbox addresses, PAR_EL1), and in the sys
    class SP banking (MSR SPSel, SP_EL0) and SMCCC/PSCI calls that cannot
    power off.

No register is reserved by the harness (see harness/boot.S): X0-X30, SP and
NZCV are all random test state.  The sandbox is DIFF_SANDBOX..+SIZE
(harness/harness.h).  The harness keeps MMU and alignment checks off; by
default every access is naturally aligned so that the results do not depend
on the Device-memory alignment rule (QEMU 7.2 does not implement it).

Command line: gen.py --seed S --count N [--classes a,b] [--per-case K]
              [--per-image M] --out DIR       (writes imgNN.S + imgNN.json)
Library use (run_diff.py): generate(), write_image(), build_image().
"""

import argparse
import json
import os
import random
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, '..', '..'))
sys.path.insert(0, os.path.join(ROOT, 'tools'))
sys.dont_write_bytecode = True      # no __pycache__ in tools/
import decodetree  # noqa: E402

SANDBOX = 0x44000000        # harness/harness.h DIFF_SANDBOX
SANDBOX_SIZE = 2048         # harness/harness.h DIFF_SANDBOX_SIZE
M64 = (1 << 64) - 1
DECODE_ERRORS = tuple(getattr(decodetree, n) for n in
                      ('DecodeError', 'MultiError') if hasattr(decodetree, n))

DECODE_FILES = ['a64-dp.decode', 'a64-branch.decode', 'a64-ldst.decode',
                'a64-sys.decode']
def decode_files():
    """The .decode files in the order the build passes them to the
    decoder generator (frontend/meson.build), the integer ones first."""
    names = list(DECODE_FILES)
    try:
        with open(os.path.join(ROOT, 'frontend', 'meson.build')) as f:
            for n in re.findall(r'decode/([\w.-]+\.decode)', f.read()):
                if n not in names:
                    names.append(n)
    except OSError:
        pass
    return names


# Files whose patterns form the integer classes; patterns of other files
# (SIMD/FP...) are loaded only so that 'undef' never draws their encodings.
FILE_CLASS = {'a64-dp.decode': 'dp', 'a64-branch.decode': 'branch',
              'a64-ldst.decode': 'ldst', 'a64-sys.decode': 'sys',
              'a64-fp.decode': 'fp', 'a64-simd-int.decode': 'simd-int',
              'a64-simd-fp.decode': 'simd-fp',
              'a64-simd-perm.decode': 'simd-perm',
              'a64-simd-ldst.decode': 'simd-ldst',
              'a64-crypto.decode': 'crypto'}
ALL_CLASSES = ['dp', 'ldst', 'excl', 'atomic', 'branch', 'sys', 'undef',
               'smc', 'abort', 'align', 'sysop']
# FP/SIMD classes: cases get random V0-V31 and FPCR, and dump V0-V31.  Run
# by their own shards (tests/diff/meson.build, suite diff-fp).
FP_CLASSES = ['fp', 'simd-int', 'simd-fp', 'simd-perm', 'simd-ldst',
              'crypto']
# Classes whose behaviour is implementation defined (QEMU's choice is one
# of several allowed); not part of the default set, run on demand.
EXTRA_CLASSES = ['excl-impdef'] + FP_CLASSES

# Patterns by name: 'skip' = never generated; other values name a special
# generator.  Names not listed follow the encoding-group rules.
CONSTRAINTS = {
    # leave the case / change the exception level or the stack in use
    'ERET': 'skip', 'ERETAA': 'skip', 'ERETAB': 'skip', 'DRPS': 'skip',
    'WFI': 'skip', 'WFIT': 'skip', 'WFET': 'skip',  # may sleep forever
    'MSR_i_SPSEL': 'skip', 'MSR_SPSel': 'skip',
    # cache/TLB maintenance and address translation: no architectural
    # register result, and DC ZVA writes memory at a random address
    'SYS': 'skip', 'SYSL': 'skip',
    # SMCCC calls (QEMU's virt uses HVC as PSCI conduit): X0 is set to a
    # function ID that cannot power off, suspend or reset (gen_smccc)
    'HVC': 'smccc', 'SMC': 'smccc',
    # semihosting: HLT #0xF000 is re-rolled in sys_filter()
}

# SMCCC/PSCI function IDs safe to call (DDI 0022 PSCI, DEN 0028 SMCCC):
# versions, features, affinity info, migrate info, and unknown IDs (which
# return NOT_SUPPORTED). CPU_OFF/ON/SUSPEND, SYSTEM_OFF/RESET/SUSPEND are
# never used.
SMCCC_IDS = [0x84000000, 0x8400000a, 0x84000006, 0x84000004, 0xc4000004,
             0x80000000, 0x80000001, 0x8400001f, 0xc4000020, 0x86000000,
             0x8400000b, 0x8400000d]

HINT_SKIP = {3, 7}          # WFI (may never wake), XPACLRI (FEAT_PAuth, not gated)
# System registers the sys class may read (MRS) and write (MSR):
# (op0, op1, CRn, CRm, op2): writable.  Time-dependent registers (CNTVCT,
# CNTPCT) and registers the harness depends on (VBAR, SCTLR, CPACR) are
# read-only here or absent.
SYSREGS = {
    (3, 3, 4, 2, 0): True,      # NZCV
    (3, 3, 4, 2, 1): True,      # DAIF
    (3, 3, 4, 4, 0): True,      # FPCR
    (3, 3, 4, 4, 1): True,      # FPSR
    (3, 3, 13, 0, 2): True,     # TPIDR_EL0
    (3, 3, 13, 0, 3): True,     # TPIDRRO_EL0
    (3, 0, 13, 0, 4): True,     # TPIDR_EL1
    (3, 0, 4, 2, 2): False,     # CurrentEL
    (3, 0, 4, 2, 0): False,     # SPSel
    (3, 0, 4, 1, 0): True,      # SP_EL0
    (3, 0, 4, 0, 1): True,      # ELR_EL1
    (3, 0, 4, 0, 0): True,      # SPSR_EL1
    (3, 0, 5, 2, 0): True,      # ESR_EL1
    (3, 0, 6, 0, 0): True,      # FAR_EL1
    (3, 0, 12, 0, 0): False,    # VBAR_EL1
    (3, 0, 1, 0, 0): False,     # SCTLR_EL1
    (3, 0, 1, 0, 2): False,     # CPACR_EL1
    (3, 0, 0, 0, 0): False,     # MIDR_EL1
    (3, 0, 0, 0, 5): False,     # MPIDR_EL1
    (3, 3, 14, 0, 0): False,    # CNTFRQ_EL0
    (3, 0, 4, 2, 3): True,      # PAN
    (3, 0, 4, 2, 4): True,      # UAO
    (3, 3, 4, 2, 5): True,      # DIT
    (3, 3, 4, 2, 6): True,      # SSBS
}

EDGE = [0, 1, 2, 3, M64, M64 - 1, 0x7fffffff, 0x80000000, 0xffffffff,
        0x7fffffffffffffff, 0x8000000000000000, 0xfffffffe, 0x100000000,
        0xffffffff80000000, 0x80000001, 0x7ffffffe, 31, 32, 63, 64,
        0xffffffff00000000, 0x00000000ffff0000, 0x8000000000000001]


def sext(v, bits):
    v &= (1 << bits) - 1
    return v - (1 << bits) if v >> (bits - 1) else v


def rand_value(rng):
    r = rng.random()
    if r < 0.30:
        return rng.choice(EDGE)
    if r < 0.45:
        v = rng.randrange(256)
        return v if rng.random() < 0.7 else (-v) & M64
    if r < 0.55:
        return rng.getrandbits(32)
    if r < 0.62:
        k = rng.randrange(64)
        return [1 << k, (1 << k) - 1, (-(1 << k)) & M64][rng.randrange(3)]
    if r < 0.67:
        return SANDBOX + rng.randrange(SANDBOX_SIZE)
    return rng.getrandbits(64)


# ---------------------------------------------------------------------------
# FP/SIMD register values: IEEE 754 binary16/32/64 edge cases built from
# (sign, exponent, fraction) so that every format gets zeros, infinities,
# quiet and signalling NaNs with payloads, denormals, min/max normal, values
# at rounding boundaries (halfway and halfway +- 1 ulp at a random bit, which
# covers narrowing to a smaller format and conversion to integer/fixed
# point) and around the integer-conversion limits 2^15/16/31/32/63/64.

FP_FORMATS = {16: (5, 10), 32: (8, 23), 64: (11, 52)}


def fp_value(rng, width):
    eb, mb = FP_FORMATS[width]
    emax = (1 << eb) - 1
    bias = emax >> 1
    mmask = (1 << mb) - 1
    sign = rng.getrandbits(1)
    r = rng.random()
    if r < 0.08:
        e, m = 0, 0                                     # +-0
    elif r < 0.14:
        e, m = emax, 0                                  # +-inf
    elif r < 0.26:                                      # NaNs
        e = emax
        quiet = rng.random() < 0.5
        pay = rng.choice([1, 0, mmask >> 1, rng.getrandbits(mb - 1)])
        m = (1 << (mb - 1)) | pay if quiet else (pay or 1)
    elif r < 0.38:                                      # denormals
        e = 0
        m = rng.choice([1, mmask, 1 << (mb - 1), rng.getrandbits(mb) or 1])
    elif r < 0.46:                                      # min/max normal
        e, m = rng.choice([(1, 0), (1, mmask), (emax - 1, mmask),
                           (emax - 1, 0), (2, 0)])
    elif r < 0.62:                                      # integer limits
        k = rng.choice([0, 1, 7, 8, 15, 16, 31, 32, 63, 64])
        e = min(max(bias + k + rng.choice([-1, 0, 0, 1]), 1), emax - 1)
        m = rng.choice([0, mmask, 1, mmask - 1,
                        rng.getrandbits(mb)])
    elif r < 0.82:                                      # rounding boundary
        e = bias + rng.randrange(-3, 33) if rng.random() < 0.8 else \
            rng.randrange(1, emax)
        e = min(max(e, 1), emax - 1)
        pos = rng.randrange(1, mb + 1)
        half = 1 << (pos - 1)
        m = (rng.getrandbits(mb) & ~((1 << pos) - 1)) | half
        m = (m + rng.choice([0, 0, 1, -1])) & mmask
    else:
        e = rng.randrange(1, emax)
        if rng.random() < 0.5:
            e = min(max(bias + rng.randrange(-8, 9), 1), emax - 1)
        m = rng.getrandbits(mb)
    return (sign << (width - 1)) | (e << mb) | (m & mmask)


INT_LANE_EDGE = [0, 1, 2, 0x7f, 0x80, 0xff]


def int_lane(rng, width):
    mask = (1 << width) - 1
    r = rng.random()
    if r < 0.5:
        return rng.choice([0, 1, mask, mask >> 1, (mask >> 1) + 1, mask - 1,
                           1 << rng.randrange(width), rng.randrange(256)])
    return rng.getrandbits(width)


def vreg_value(rng):
    """Random 128-bit V register value: lanes of one width, FP edge values
    or integer edge values, sometimes fully random."""
    r = rng.random()
    if r < 0.08:
        return rng.getrandbits(128)
    if r < 0.75:
        width = rng.choice([16, 32, 64, 64, 32])
        lane = lambda: fp_value(rng, width)
    else:
        width = rng.choice([8, 16, 32, 64])
        lane = lambda: int_lane(rng, width)
    v = 0
    for i in range(128 // width):
        v |= lane() << (i * width)
    return v


def fpcr_value(rng):
    """Random FPCR: RMode (23:22), FZ (24), DN (25), AHP (26), FZ16 (19)."""
    v = 0
    if rng.random() < 0.5:
        v |= rng.randrange(4) << 22
    for bit, prob in ((24, 0.3), (25, 0.3), (26, 0.2), (19, 0.3)):
        if rng.random() < prob:
            v |= 1 << bit
    return v


# ---------------------------------------------------------------------------
# Encodings the generator writes itself (prep instructions); DDI 0487 C6.2.

def enc_movz(rd, imm16, hw, sf=1):
    return (sf << 31) | 0x52800000 | (hw << 21) | (imm16 << 5) | rd


def enc_movk(rd, imm16, hw, sf=1):
    return (sf << 31) | 0x72800000 | (hw << 21) | (imm16 << 5) | rd


def mov_imm64(rd, value):
    """MOVZ + MOVKs putting value in Xrd."""
    value &= M64
    out = [enc_movz(rd, value & 0xffff, 0)]
    for hw in range(1, 4):
        chunk = (value >> (16 * hw)) & 0xffff
        if chunk:
            out.append(enc_movk(rd, chunk, hw))
    return out


def enc_add_sp(rn):           # ADD SP, Xn, #0 (MOV SP, Xn)
    return 0x91000000 | (rn << 5) | 31


def enc_adr(rd, off):
    off &= (1 << 21) - 1
    return 0x10000000 | ((off & 3) << 29) | ((off >> 2) << 5) | rd


def enc_ldr_uimm(size, rt, rn):   # LDR{B,H,,} Wt/Xt, [Xn]
    return (size << 30) | 0x39400000 | (rn << 5) | rt


def enc_ldp(size, rt, rt2, rn):   # LDP Wt/Xt (size 2 or 3), [Xn]
    opc = 0 if size == 2 else 2
    return (opc << 30) | 0x29400000 | (rt2 << 10) | (rn << 5) | rt


ENC_CLREX = 0xd503305f | (15 << 8)
ENC_SEVL = 0xd50320bf


# ---------------------------------------------------------------------------
# Architectural view of an integer load/store word (DDI 0487 C4.1.94).

def ldst_info(w):
    """Return a dict describing the memory access of w, or None if w is not
    an integer load/store.  Keys: kind, rn, rt, rt2, rs, rm, esize, nregs,
    align, imm (byte offset added to the base), post, wb, load, store,
    excl ('load'/'store'/None), option, shift."""
    if (w >> 26) & 1:                   # V = 1: SIMD&FP
        return None
    size = w >> 30
    rt = w & 31
    rn = (w >> 5) & 31
    g = (w >> 24) & 0x3f
    d = dict(kind=None, rn=rn, rt=rt, rt2=None, rs=None, rm=None, esize=1,
             nregs=1, align=1, imm=0, post=False, wb=False, load=False,
             store=False, excl=None, option=None, shift=0)
    if g == 0x08:                       # exclusive / ordered / CAS
        o2, L, o1 = (w >> 23) & 1, (w >> 22) & 1, (w >> 21) & 1
        rs, rt2 = (w >> 16) & 31, (w >> 10) & 31
        if not o2 and not o1:
            d.update(kind='excl', esize=1 << size, load=bool(L),
                     store=not L, excl='load' if L else 'store',
                     rs=None if L else rs)
        elif not o2 and o1 and size >= 2:
            es = 4 << (size & 1)
            d.update(kind='exclp', esize=es, nregs=2, rt2=rt2, load=bool(L),
                     store=not L, excl='load' if L else 'store',
                     rs=None if L else rs)
        elif not o2 and o1:
            es = 4 << size
            d.update(kind='casp', esize=es, nregs=2, rs=rs, load=True,
                     store=True)
        elif o2 and not o1:
            d.update(kind='ordered', esize=1 << size, load=bool(L),
                     store=not L)
        else:
            d.update(kind='cas', esize=1 << size, rs=rs, load=True,
                     store=True)
        d['align'] = d['esize'] * d['nregs']
        return d
    if (w >> 27) & 7 == 3 and (w >> 24) & 3 == 0:          # literal
        d.update(kind='literal', esize={0: 4, 1: 8, 2: 4, 3: 1}[size],
                 load=size != 3)
        return d
    if g == 0x19 and not (w >> 21) & 1 and not (w >> 10) & 3:   # LDAPUR..
        opc = (w >> 22) & 3
        d.update(kind='rcpc2', esize=1 << size, imm=sext(w >> 12, 9),
                 load=opc != 0, store=opc == 0)
        d['align'] = d['esize']
        return d
    if (w >> 27) & 7 == 5 and (w >> 25) & 1 == 0:           # pairs
        op, L = (w >> 23) & 3, (w >> 22) & 1
        opc = size
        es = {0: 4, 1: 4 if L else 16, 2: 8, 3: 8}[opc]
        scale = es
        d.update(kind='pair', esize=es if opc != 1 or L else 8, nregs=2,
                 rt2=(w >> 10) & 31, imm=sext(w >> 15, 7) * scale,
                 load=bool(L), store=not L)
        if opc == 1 and not L:          # STGP: 16-byte granule
            d.update(esize=8, align=16)
        if op == 1:
            d.update(post=True, wb=True)
        elif op == 3:
            d.update(wb=True)
        d['align'] = max(d['align'], d['esize'])
        return d
    if (w >> 27) & 7 == 7 and (w >> 24) & 3 == 0:
        opc = (w >> 22) & 3
        prfm = size == 3 and opc == 2
        if not (w >> 21) & 1:                               # imm9 forms
            typ = (w >> 10) & 3
            d.update(kind=['unscaled', 'post', 'unpriv', 'pre'][typ],
                     esize=1 << size, imm=sext(w >> 12, 9),
                     load=opc != 0 and not prfm, store=opc == 0)
            if typ == 1:
                d.update(post=True, wb=True, imm=0)
            elif typ == 3:
                d.update(wb=True)
            d['align'] = d['esize']
            return d
        typ = (w >> 10) & 3
        if typ == 0:                                         # LSE atomics
            d.update(kind='atomic', esize=1 << size, rs=(w >> 16) & 31,
                     load=True, store=True)
            d['align'] = d['esize']
            return d
        if typ == 2:                                         # register offset
            opt = (w >> 13) & 7
            S = (w >> 12) & 1
            d.update(kind='regoff', esize=1 << size, rm=(w >> 16) & 31,
                     option=opt, shift=size if S else 0,
                     load=opc != 0 and not prfm, store=opc == 0)
            d['align'] = d['esize']
            return d
        d.update(kind='pac')                                 # LDRAA/LDRAB
        return d
    if (w >> 27) & 7 == 7 and (w >> 24) & 3 == 1:           # unsigned imm12
        opc = (w >> 22) & 3
        prfm = size == 3 and opc == 2
        d.update(kind='uimm', esize=1 << size,
                 imm=((w >> 10) & 0xfff) << size,
                 load=opc != 0 and not prfm, store=opc == 0)
        d['align'] = d['esize']
        return d
    return None


def simd_ldst_info(w):
    """ldst_info() for the SIMD&FP loads and stores (V = 1): scalar B/H/S/D/Q
    forms (same layout as the integer ones) and LD1-LD4/ST1-ST4 multiple and
    single structures (DDI 0487 C4.1.94).  rt/rt2 are V registers."""
    if not (w >> 27) & 1 or (w >> 25) & 1 or not (w >> 26) & 1:
        return None
    b2923 = (w >> 23) & 0x7f
    if not w >> 31 and b2923 in (0x18, 0x19, 0x1a, 0x1b):
        q, L, post = (w >> 30) & 1, (w >> 22) & 1, (w >> 23) & 1
        rm = (w >> 16) & 31
        size = (w >> 10) & 3
        if not (w >> 24) & 1:                   # multiple structures
            nr = {0: 4, 2: 4, 4: 3, 6: 3, 7: 1, 8: 2, 10: 2}.get(
                (w >> 12) & 15, 1)
            esize = 1 << size
            total = nr * (8 << q)
        else:                                   # single structure
            opcode = (w >> 13) & 7
            selem = (((opcode & 1) << 1) | ((w >> 21) & 1)) + 1
            scale = opcode >> 1
            if scale == 3:
                scale = size
            elif scale == 2 and size & 1:
                scale = 3
            esize = 1 << scale
            total = selem * esize
        return dict(kind='struct', rn=(w >> 5) & 31, rt=None, rt2=None,
                    rs=None, rm=rm if post and rm != 31 else None,
                    esize=esize, nregs=total // esize, align=esize, imm=0,
                    post=bool(post), wb=bool(post), load=bool(L),
                    store=not L, excl=None, option=None, shift=0, simd=True)
    d = ldst_info(w & ~(1 << 26))
    if d is None or d['kind'] in ('pac', 'atomic', 'excl', 'exclp', 'casp',
                                  'cas', 'ordered', 'rcpc2'):
        return None
    size, opc = w >> 30, (w >> 22) & 3
    if d['kind'] == 'literal':
        d.update(esize={0: 4, 1: 8, 2: 16}.get(size, 4), load=True)
    elif d['kind'] == 'pair':
        es = {0: 4, 1: 8, 2: 16}.get(size, 4)
        d.update(esize=es, align=es, imm=sext(w >> 15, 7) * es)
    else:
        es = 16 if (opc & 2) and size == 0 else 1 << size
        d.update(esize=es, align=es, load=bool(opc & 1), store=not opc & 1)
        if d['kind'] == 'uimm':
            d['imm'] = ((w >> 10) & 0xfff) * es
        if d['kind'] == 'regoff' and (w >> 12) & 1:
            d['shift'] = es.bit_length() - 1
    d['simd'] = True
    return d


def mem_info(w):
    """ldst_info() or simd_ldst_info() by the V bit."""
    return simd_ldst_info(w) if (w >> 26) & 1 else ldst_info(w)


def arch_class(w):
    """Encoding class of a word from its architectural group."""
    info = ldst_info(w)
    if info is not None:
        if info['kind'] in ('excl', 'exclp', 'ordered'):
            return 'excl'
        if info['kind'] in ('cas', 'casp', 'atomic'):
            return 'atomic'
        return 'ldst'
    op0 = (w >> 25) & 15
    if op0 in (8, 9) or op0 in (5, 13):
        return 'dp'
    if op0 in (10, 11):
        if (w & 0xff000000) in (0xd4000000, 0xd5000000):
            return 'sys'
        return 'branch'
    return None


def set_reg(w, pos, r):
    return (w & ~(31 << pos)) | (r << pos)


# ---------------------------------------------------------------------------

class Unit:
    """A few consecutive words: prep instructions and tested instructions.
    tags[i] is the pattern name of words[i], or 'prep'."""

    def __init__(self):
        self.words = []
        self.tags = []

    def add(self, w, tag):
        self.words.append(w & 0xffffffff)
        self.tags.append(tag)

    def count(self):
        return sum(1 for t in self.tags if t != 'prep')

    def to_json(self):
        return [[w, t] for w, t in zip(self.words, self.tags)]

    @staticmethod
    def from_json(j):
        u = Unit()
        for w, t in j:
            u.add(w, t)
        return u


class Tables:
    """The decoder's patterns, grouped by encoding class."""

    def __init__(self, decode_dir=None):
        decode_dir = decode_dir or os.environ.get('DIFF_DECODE_DIR') or \
            os.path.join(ROOT, 'frontend', 'decode')
        paths = [os.path.join(decode_dir, f) for f in decode_files()]
        self.warnings = []
        try:
            self.pats = decodetree.parse_files(paths)
            self.all = list(self.pats)
        except DECODE_ERRORS as e:
            # A table mid-edit: use the files that parse on their own.
            self.warnings.append('decode tables do not parse together (%s); '
                                 'loading them one by one' % e)
            self.all = []
            for p in paths:
                try:
                    self.all.extend(decodetree.parse_files([p]))
                except DECODE_ERRORS as e2:
                    self.warnings.append('skipping %s: %s' % (p, e2))
            self.pats = self.all
        self.by_class = {c: [] for c in ALL_CLASSES + EXTRA_CLASSES}
        self.by_name = {}
        rng = random.Random(1)
        for p in self.all:
            self.by_name[p.name] = p
            if CONSTRAINTS.get(p.name) == 'skip':
                continue
            fname = os.path.basename(p.where.split(':')[0])
            cls = FILE_CLASS.get(fname)
            sample = p.random_insn(rng)
            ac = arch_class(sample)
            if cls == 'ldst' and ac in ('excl', 'atomic', 'ldst'):
                cls = ac
            if cls == 'sys' and ac == 'branch':
                cls = 'branch'
            if cls is None:
                continue
            self.by_class[cls].append(p)
        self.by_class['excl-impdef'] = list(self.by_class['excl'])
        # Derived classes reuse the patterns of their base classes.
        self.by_class['smc'] = list(self.by_class['dp'])
        self.by_class['sysop'] = [p for p in self.all
                                  if p.name in ('SYS', 'SYSL')]
        self.by_class['abort'] = (self.by_class['ldst'] + self.by_class['excl']
                                  + self.by_class['atomic'])
        self.by_class['align'] = (self.by_class['excl'] +
                                  self.by_class['atomic'] +
                                  [p for p in self.by_class['ldst']
                                   if (ldst_info(p.random_insn(rng)) or {})
                                   .get('kind') == 'rcpc2'])

    def first_match(self, w):
        return decodetree.first_match(self.pats, w)

    def draw(self, p, rng):
        """A random instance of p that p itself decodes."""
        for _ in range(64):
            w = p.random_insn(rng)
            if self.first_match(w) is p:
                return w
        return None


def field_pos(p, name):
    """Bit position of a plain 5-bit register field of p, or None."""
    f = p.fields.get(name)
    if isinstance(f, list) and len(f) == 1:
        pos, ln, _ = f[0]
        if isinstance(pos, int) and ln == 5:
            return pos
    return None


class Gen:
    def __init__(self, tables, rng, impdef=False, unaligned=False):
        self.t = tables
        self.rng = rng
        self.impdef = impdef
        self.unaligned = unaligned
        self.recent = []
        self.pos = 0            # byte offset of the next word in the body

    # -- helpers -----------------------------------------------------------
    def pick(self, cls):
        pats = self.t.by_class.get(cls) or []
        if not pats:
            return None
        return self.rng.choice(pats)

    def bias_regs(self, p, w):
        """Sometimes read registers written shortly before, for chains."""
        rng = self.rng
        for name in ('rn', 'rm', 'ra'):
            pos = field_pos(p, name)
            if pos is not None and self.recent and rng.random() < 0.35:
                w2 = set_reg(w, pos, rng.choice(self.recent))
                if self.t.first_match(w2) is p:
                    w = w2
        return w

    def note_dest(self, p, w):
        pos = field_pos(p, 'rd')
        if pos is None:
            pos = field_pos(p, 'rt')
        if pos is not None:
            r = (w >> pos) & 31
            if r != 31:
                self.recent = (self.recent + [r])[-4:]

    def emit(self, u, w, tag):
        u.add(w, tag)
        self.pos += 4

    # -- classes -----------------------------------------------------------
    def unit(self, cls):
        for _ in range(200):
            u = Unit()
            start = self.pos
            ok = getattr(self, 'gen_' + cls.replace('-', '_'))(u)
            if ok:
                return u
            self.pos = start
        raise RuntimeError('cannot generate class %s (patterns: %d)' %
                           (cls, len(self.t.by_class.get(cls) or [])))

    def gen_dp(self, u):
        p = self.pick('dp')
        if p is None:
            return False
        w = self.t.draw(p, self.rng)
        if w is None:
            return False
        w = self.bias_regs(p, w)
        self.emit(u, w, p.name)
        self.note_dest(p, w)
        return True

    def gen_ldst(self, u, cls='ldst'):
        p = self.pick(cls)
        if p is None:
            return False
        w = self.t.draw(p, self.rng)
        if w is None:
            return False
        w = self.fix_regs(p, w)
        if w is None:
            return False
        return self.mem_access(u, p, w)

    def fix_regs(self, p, w):
        """Re-roll register fields of CONSTRAINED UNPREDICTABLE choices."""
        rng = self.rng
        for _ in range(32):
            d = mem_info(w)
            if d is None or d['kind'] == 'pac':
                return None
            bad = None
            rn, rt, rt2, rs = d['rn'], d['rt'], d['rt2'], d['rs']
            if d.get('simd'):
                # V registers never clash with the base; LDP Vt == Vt2 is
                # CONSTRAINED UNPREDICTABLE, Rm == Rn makes no prep possible
                if d['kind'] == 'pair' and d['load'] and rt == rt2:
                    bad = 10
                elif d['rm'] is not None and d['rm'] == rn and rn != 31:
                    bad = 16
            elif d['wb'] and rn != 31 and (rt == rn or rt2 == rn):
                bad = 0 if rt == rn else 10
            elif d['kind'] in ('pair', 'exclp') and d['load'] and rt == rt2:
                bad = 10
            elif d['excl'] == 'store' and (rs == rt or rs == rt2 or
                                           (rs == rn and rn != 31)):
                bad = 16
            elif d['kind'] == 'regoff' and d['rm'] == rn and rn != 31:
                bad = 16
            if bad is None and d['kind'] == 'casp' and (rs | rt) & 1 \
                    and rng.random() < 0.9:
                # odd Rs/Rt is UNDEFINED; keep a few, make most pairs valid
                w2 = w & ~((1 << 16) | 1)
                if self.t.first_match(w2) is p:
                    w = w2
                continue
            if bad is None and d['kind'] == 'regoff' and \
                    not (d['option'] & 2) and rng.random() < 0.9:
                w2 = w | (2 << 13)      # option<1> = 0 is reserved
                if self.t.first_match(w2) is p:
                    w = w2
                continue
            if bad is None:
                return w
            w2 = set_reg(w, bad, rng.randrange(31))
            if self.t.first_match(w2) is p:
                w = w2
        return None

    def scratch(self, avoid):
        choices = [r for r in range(31) if r not in avoid]
        return self.rng.choice(choices)

    def pick_ea(self, span, align):
        if self.unaligned and align > 1 and self.rng.random() < 0.3:
            align = 1
        hi = SANDBOX_SIZE - span
        return SANDBOX + self.rng.randrange(0, hi // align + 1) * align

    def prep_base(self, u, rn, value, avoid):
        if rn == 31:
            s = self.scratch(avoid)
            for x in mov_imm64(s, value):
                self.emit(u, x, 'prep')
            self.emit(u, enc_add_sp(s), 'prep')
        else:
            for x in mov_imm64(rn, value):
                self.emit(u, x, 'prep')

    def mem_access(self, u, p, w, ea=None):
        """Emit prep + w so that w's access lands at ea in the sandbox."""
        rng = self.rng
        d = mem_info(w)
        if d['kind'] == 'literal':
            imm = rng.randrange(-256, 256)
            if d['esize'] == 8 and (self.pos + imm * 4) % 8:
                imm += 1
            w = (w & ~(0x7ffff << 5)) | ((imm & 0x7ffff) << 5)
            if self.t.first_match(w) is not p:
                return False
            self.emit(u, w, p.name)
            return True
        span = d['esize'] * d['nregs']
        if ea is None:
            ea = self.pick_ea(max(span, d['align']), d['align'])
        avoid = {d['rt']} if not d.get('simd') else set()
        for k in ('rs', 'rm') if d.get('simd') else ('rt2', 'rs', 'rm'):
            if d[k] is not None:
                avoid.add(d[k])
        if d['kind'] == 'casp':
            avoid |= {d['rt'] + 1, d['rs'] + 1}
        off = d['imm']
        if d['kind'] == 'regoff':
            rm, opt = d['rm'], d['option']
            if rm != 31:
                idx = rng.randrange(-8, 9)
                if opt == 2:                    # UXTW
                    idx = abs(idx)
                    m = (rng.getrandbits(32) << 32) | idx
                    ext = idx
                elif opt == 6:                  # SXTW
                    m = (rng.getrandbits(32) << 32) | (idx & 0xffffffff)
                    ext = idx
                else:                           # LSL/UXTX, SXTX, reserved
                    m = idx & M64
                    ext = idx
                for x in mov_imm64(rm, m):
                    self.emit(u, x, 'prep')
                off += ext << d['shift']
        base = ea if d['post'] else ea - off
        self.prep_base(u, d['rn'], base, avoid)
        self.emit(u, w, p.name)
        if d['load'] and not d.get('simd'):
            self.note_dest(p, w)
        return True

    # -- FP / Advanced SIMD / crypto ---------------------------------------
    def gen_fpop(self, u, cls):
        p = self.pick(cls)
        if p is None:
            return False
        w = self.t.draw(p, self.rng)
        if w is None:
            return False
        if CONSTRAINTS.get(p.name) == 'skip':
            return False
        w = self.bias_regs(p, w)
        self.emit(u, w, p.name)
        self.note_dest(p, w)
        return True

    def gen_fp(self, u):
        return self.gen_fpop(u, 'fp')

    def gen_simd_int(self, u):
        return self.gen_fpop(u, 'simd-int')

    def gen_simd_fp(self, u):
        return self.gen_fpop(u, 'simd-fp')

    def gen_simd_perm(self, u):
        return self.gen_fpop(u, 'simd-perm')

    def gen_crypto(self, u):
        return self.gen_fpop(u, 'crypto')

    def gen_simd_ldst(self, u):
        return self.gen_ldst(u, 'simd-ldst')

    def gen_excl(self, u):
        p = self.pick('excl')
        if p is None:
            return False
        w = self.t.draw(p, self.rng)
        w = w and self.fix_regs(p, w)
        if w is None:
            return False
        d = ldst_info(w)
        if d['excl'] is None:               # LDAR/STLR...
            return self.mem_access(u, p, w)
        return self.excl_pair(u, p, w, d, impdef=False)

    def gen_excl_impdef(self, u):
        p = self.pick('excl')
        if p is None:
            return False
        w = self.t.draw(p, self.rng)
        w = w and self.fix_regs(p, w)
        if w is None:
            return False
        d = ldst_info(w)
        if d['excl'] is None:
            return False
        return self.excl_pair(u, p, w, d, impdef=True)

    def find_partner(self, d, want):
        """A load-/store-exclusive word with the same size and shape."""
        cands = [p for p in self.t.by_class['excl']]
        self.rng.shuffle(cands)
        for p in cands:
            for _ in range(8):
                w = p.random_insn(self.rng)
                w = (w & 0x3fffffff) | ((d['size'] if 'size' in d else 0) << 30)
                e = ldst_info(w)
                if (e is None or e['excl'] != want or e['kind'] != d['kind']
                        or e['esize'] != d['esize']):
                    continue
                if self.t.first_match(w) is not p:
                    continue
                w = self.fix_regs(p, w)
                if w is not None:
                    return p, w
        return None, None

    def excl_pair(self, u, p, w, d, impdef):
        rng = self.rng
        d['size'] = w >> 30
        if d['excl'] == 'load':
            lp, lw = p, w
            sp_, sw = self.find_partner(d, 'store')
        else:
            sp_, sw = p, w
            lp, lw = self.find_partner(d, 'load')
        if sp_ is None or lp is None:
            return False
        ld = ldst_info(lw)
        ea = self.pick_ea(ld['esize'] * ld['nregs'], ld['align'])
        r = rng.random()
        if not self.mem_access(u, lp, lw, ea):
            return False
        if impdef:
            # QEMU's choices: a plain store between LDXR and STXR fails the
            # STXR only if it changed the value; a STXR to another address
            # fails.  Both are IMPLEMENTATION DEFINED / CONSTRAINED
            # UNPREDICTABLE (DDI 0487 B2.9.5), so not in the default set.
            choice = rng.randrange(3)
            if choice == 0:
                st = self.plain_store_word(ld)
                self.mem_access(u, self.t.first_match(st) or p, st, ea)
            elif choice == 1:
                st = self.plain_store_word(ld)
                other = self.pick_ea(ld['esize'] * ld['nregs'], ld['align'])
                self.mem_access(u, self.t.first_match(st) or p, st, other)
            else:
                ea = self.pick_ea(ld['esize'] * ld['nregs'], ld['align'])
        elif r < 0.2:
            self.emit(u, ENC_CLREX, self.tag_of(ENC_CLREX))
        elif r < 0.35:
            self.gen_dp(u)
        if r < 0.9 or impdef:
            if not self.mem_access(u, sp_, sw, ea):
                return False
            if rng.random() < 0.15:             # monitor now open: fails
                sw2 = self.fix_regs(sp_, sw)
                self.mem_access(u, sp_, sw2, ea)
        return True

    def plain_store_word(self, d):
        """STR of the same size with zero offset, random Rt/Rn (prep)."""
        size = {1: 0, 2: 1, 4: 2, 8: 3}[d['esize']]
        rt = self.rng.randrange(32)
        rn = self.rng.randrange(31)
        return (size << 30) | 0x39000000 | (rn << 5) | rt

    def tag_of(self, w):
        p = self.t.first_match(w)
        return p.name if p is not None else 'undecoded'

    def gen_atomic(self, u):
        rng = self.rng
        p = self.pick('atomic')
        if p is None:
            return False
        w = self.t.draw(p, rng)
        w = w and self.fix_regs(p, w)
        if w is None:
            return False
        d = ldst_info(w)
        if d['kind'] in ('cas', 'casp') and rng.random() < 0.5:
            # Load the current memory value into Rs so the compare succeeds.
            rs, rn = d['rs'], d['rn']
            ea = self.pick_ea(d['esize'] * d['nregs'], d['align'])
            if rs == 31 or rs == rn or (d['kind'] == 'casp' and
                                        (rs & 1 or rs + 1 == rn)):
                return self.mem_access(u, p, w, ea)
            tmp = self.scratch({rs, rs + 1, rn, d['rt'], d['rt'] + 1})
            for x in mov_imm64(tmp, ea):
                self.emit(u, x, 'prep')
            size = {1: 0, 2: 1, 4: 2, 8: 3}[d['esize']]
            if d['kind'] == 'cas':
                self.emit(u, enc_ldr_uimm(size, rs, tmp), 'prep')
            else:
                self.emit(u, enc_ldp(size, rs, rs + 1, tmp), 'prep')
            return self.mem_access(u, p, w, ea)
        return self.mem_access(u, p, w)

    def gen_branch(self, u):
        rng = self.rng
        if rng.random() < 0.4:
            return self.gen_dp(u)
        p = self.pick('branch')
        if p is None:
            return False
        w = self.t.draw(p, rng)
        if w is None:
            return False
        k = rng.randrange(4)
        if (w & 0x7c000000) == 0x14000000:              # B, BL
            w = (w & ~0x3ffffff) | (k + 1)
        elif (w & 0xff000010) == 0x54000000 or \
                (w & 0x7e000000) == 0x34000000:         # B.cond, CB(N)Z
            w = (w & ~(0x7ffff << 5)) | ((k + 1) << 5)
        elif (w & 0x7e000000) == 0x36000000:            # TB(N)Z
            w = (w & ~(0x3fff << 5)) | ((k + 1) << 5)
        elif (w & 0xfe000000) == 0xd6000000:            # BR, BLR, RET
            opc = (w >> 21) & 15
            if opc > 2 or (w >> 10) & 0x3f or w & 31:
                return False
            rn = (w >> 5) & 31
            if rn == 31:
                return False
            self.emit(u, enc_adr(rn, (k + 2) * 4), 'prep')
        else:
            return False
        if self.t.first_match(w) is not p:
            return False
        self.emit(u, w, p.name)
        for _ in range(k):
            self.gen_dp(u)
        return True

    def sys_filter(self, w):
        """Return w if it is safe in the sys class, after fixing it up, else
        None.  Works on the architectural encoding (DDI 0487 C4.1.93)."""
        rng = self.rng
        if (w & 0xfffff01f) == 0xd503201f:              # hints
            crop = (w >> 5) & 0x7f
            if crop in HINT_SKIP:
                return None
            return w
        if (w & 0xfffff01f) == 0xd503301f:              # barriers, CLREX
            return w
        if (w & 0xfff8f01f) == 0xd500401f:              # MSR (immediate)
            op1, op2 = (w >> 16) & 7, (w >> 5) & 7
            if (op1, op2) in ((3, 6), (3, 7), (0, 3), (0, 4), (3, 1), (3, 2)):
                return w        # DAIFSet, DAIFClr, UAO, PAN, SSBS, DIT
            if op1 == 0 and op2 in (0, 1, 2) and not (w >> 8) & 15:
                return w                                # CFINV, XAFLAG, AXFLAG
            return None
        if (w & 0xffd00000) == 0xd5100000:              # MRS / MSR (register)
            L = (w >> 21) & 1
            regs = [k for k, wr in SYSREGS.items() if L or wr]
            op0, op1, crn, crm, op2 = rng.choice(regs)
            w = (w & 0xffe0001f) | (L << 21) | ((op0 & 1) << 19) | \
                (op1 << 16) | (crn << 12) | (crm << 8) | (op2 << 5) | \
                (1 << 20)
            return w
        if (w & 0xffe0001f) in (0xd4000001, 0xd4200000):  # SVC, BRK
            return w
        if (w & 0xffe0001c) == 0xd4000000:              # HVC, SMC (smccc)
            return w
        if (w & 0xffe0001f) == 0xd4400000:              # HLT
            return None if ((w >> 5) & 0xffff) == 0xf000 else w
        if (w & 0xffe0001c) == 0xd4a00000:              # DCPSn: UNDEF at EL1
            return w
        return None

    # Cache, TLB and address-translation instructions of the base ISA
    # (DDI 0487 C5.3): (op1, CRn, CRm, op2, needs a sandbox address).
    SYSOPS = {
        'DC IVAC': (0, 7, 6, 1, True), 'DC ISW': (0, 7, 6, 2, False),
        'DC CSW': (0, 7, 10, 2, False), 'DC CISW': (0, 7, 14, 2, False),
        'DC ZVA': (3, 7, 4, 1, True), 'DC CVAC': (3, 7, 10, 1, True),
        'DC CVAU': (3, 7, 11, 1, True), 'DC CIVAC': (3, 7, 14, 1, True),
        'DC CVAP': (3, 7, 12, 1, True),
        'IC IALLUIS': (0, 7, 1, 0, False), 'IC IALLU': (0, 7, 5, 0, False),
        'IC IVAU': (3, 7, 5, 1, True),
        'AT S1E1R': (0, 7, 8, 0, True), 'AT S1E1W': (0, 7, 8, 1, True),
        'AT S1E0R': (0, 7, 8, 2, True), 'AT S1E0W': (0, 7, 8, 3, True),
        'TLBI VMALLE1IS': (0, 8, 3, 0, False), 'TLBI VAE1IS': (0, 8, 3, 1, False),
        'TLBI ASIDE1IS': (0, 8, 3, 2, False), 'TLBI VAAE1IS': (0, 8, 3, 3, False),
        'TLBI VALE1IS': (0, 8, 3, 5, False), 'TLBI VAALE1IS': (0, 8, 3, 7, False),
        'TLBI VMALLE1': (0, 8, 7, 0, False), 'TLBI VAE1': (0, 8, 7, 1, False),
        'TLBI ASIDE1': (0, 8, 7, 2, False), 'TLBI VAAE1': (0, 8, 7, 3, False),
        'TLBI VALE1': (0, 8, 7, 5, False), 'TLBI VAALE1': (0, 8, 7, 7, False),
    }

    def gen_sysop(self, u):
        """One maintenance instruction; DC ZVA zeroes a block inside the
        sandbox, AT is followed by MRS PAR_EL1."""
        rng = self.rng
        if rng.random() < 0.1 and 'SYSL' in self.t.by_name:
            # SYSL: no base-ISA operation uses it, every form UNDEFs
            w = self.t.draw(self.t.by_name['SYSL'], rng)
            if w is not None:
                self.emit(u, w, 'SYSL')
                return True
        name = rng.choice(sorted(self.SYSOPS))
        op1, crn, crm, op2, addr = self.SYSOPS[name]
        rt = rng.randrange(31)
        if addr:
            for x in mov_imm64(rt, SANDBOX + 64 +
                               rng.randrange(SANDBOX_SIZE - 128)):
                self.emit(u, x, 'prep')
        w = 0xd5080000 | (op1 << 16) | (crn << 12) | (crm << 8) | \
            (op2 << 5) | rt
        self.emit(u, w, self.tag_of(w) + ':' + name.replace(' ', '_'))
        if name.startswith('AT'):
            r = 0xd5387400 | rng.randrange(31)          # MRS Xr, PAR_EL1
            self.emit(u, r, self.tag_of(r))
        return True

    def gen_spsel(self, u):
        """SP banking: switch to SP_EL0 (MSR SPSel, #0), use SP in a few
        ADD/SUB (immediate), read SPSel and SP_EL0 (UNDEFINED while SPSel
        is 0), switch back. The harness needs SPSel = 1 at the end."""
        rng = self.rng
        self.emit(u, 0xd50040bf, self.tag_of(0xd50040bf))   # MSR SPSel, #0
        for _ in range(rng.randrange(1, 4)):
            names = [n for n in ('ADD_i', 'SUB_i', 'ADDS_i', 'SUBS_i')
                     if n in self.t.by_name]
            if not names:
                break
            p = self.t.by_name[rng.choice(names)]
            w = self.t.draw(p, rng)
            if w is None:
                continue
            w |= 1 << 31                                    # 64-bit
            w = set_reg(w, 5, 31) if rng.random() < 0.7 else w
            w = set_reg(w, 0, 31) if rng.random() < 0.5 else w
            if self.t.first_match(w) is p:
                self.emit(u, w, p.name)
        r = rng.randrange(31)
        for x in (0xd5384200 | r,                           # MRS Xr, SPSel
                  0xd5384100 | rng.randrange(31)):          # MRS Xr, SP_EL0
            self.emit(u, x, self.tag_of(x))
        self.emit(u, 0xd50041bf, self.tag_of(0xd50041bf))   # MSR SPSel, #1
        return True

    def gen_sys(self, u):
        rng = self.rng
        if rng.random() < 0.4:
            return self.gen_dp(u)
        if rng.random() < 0.08:
            return self.gen_spsel(u)
        p = self.pick('sys')
        if p is None:
            return False
        for _ in range(16):
            w = self.t.draw(p, rng)
            if w is None:
                return False
            w = self.sys_filter(w)
            if w is not None and self.t.first_match(w) is p:
                break
        else:
            return False
        if (w & 0xfffff01f) == 0xd503201f and ((w >> 5) & 0x7f) == 2:
            self.emit(u, ENC_SEVL, 'prep')      # WFE must not wait
        if (w & 0xffd00000) == 0xd5100000 and not (w >> 21) & 1 and \
                rng.random() < 0.6:
            # MSR: read the register back so masking of RES0 bits shows
            self.emit(u, w, p.name)
            r = (w & ~0x1f) | (1 << 21) | rng.randrange(31)
            self.emit(u, r, self.tag_of(r))
            return True
        if CONSTRAINTS.get(p.name) == 'smccc':
            for x in mov_imm64(0, rng.choice(SMCCC_IDS) if rng.random() < 0.8
                               else rng.getrandbits(32) & 0x3fffffff):
                self.emit(u, x, 'prep')
        self.emit(u, w, p.name)
        return True

    def gen_smc(self, u):
        """Self-modifying code: a two-iteration loop whose first instruction
        (slot, a random dp instruction A) is overwritten with another random
        dp instruction B, then cleaned to PoU and invalidated (DDI 0487
        B2.4.4 "Concurrent modification and execution of instructions");
        the second iteration must execute B. Tests code-write detection and
        block invalidation."""
        rng = self.rng
        cnt, a, b = rng.sample(range(31), 3)
        words = []
        for _ in range(2):
            for _ in range(50):
                p = self.pick('dp')
                w = p and self.t.draw(p, rng)
                if w is None:
                    continue
                pos = field_pos(p, 'rd')
                if pos is None or (w >> pos) & 31 not in (cnt, a, b):
                    words.append((w, p.name))
                    break
            else:
                return False
        (wa, ta), (wb, tb) = words
        maint = rng.random() < 0.7
        body = [(wa, ta), (enc_adr(a, -4), 'prep'),
                (enc_movz(b, wb & 0xffff, 0, sf=0), 'prep'),
                (enc_movk(b, wb >> 16, 1, sf=0), 'prep'),
                (0xb9000000 | (a << 5) | b, 'prep')]           # STR Wb, [Xa]
        if maint:
            body += [(0xd50b7b20 | a, 'prep'),                  # DC CVAU, Xa
                     (0xd5033b9f, 'prep'),                      # DSB ISH
                     (0xd50b7520 | a, 'prep')]                  # IC IVAU, Xa
        body += [(0xd5033b9f, 'prep'), (0xd5033fdf, 'prep'),    # DSB ISH; ISB
                 (0xd1000400 | (cnt << 5) | cnt, 'prep')]       # SUB cnt, #1
        back = -len(body)
        body.append((0xb5000000 | ((back & 0x7ffff) << 5) | cnt, 'prep'))
        self.emit(u, enc_movz(cnt, 2, 0), 'prep')
        for w, t in body:
            self.emit(u, w, t)
        u.tags[-len(body)] = ta
        u.smc_b = tb
        return True

    UNMAPPED = [(0x50000000, 0x10000000),   # above 128 MiB of RAM
                (0x0a004000, 0x00100000)]   # between virtio-mmio and platform bus

    def gen_abort(self, u):
        """A load/store to an unmapped physical address: synchronous
        external abort (EC 0x24/0x25) with ESR/FAR compared, the base
        register not written back."""
        rng = self.rng
        cls = rng.choice(['ldst', 'ldst', 'ldst', 'excl', 'atomic'])
        p = self.pick(cls)
        w = p and self.t.draw(p, rng)
        w = w and self.fix_regs(p, w)
        if w is None:
            return False
        d = ldst_info(w)
        # STXR/STXP without a reservation: whether the abort or the monitor
        # check comes first is IMPLEMENTATION DEFINED (DDI 0487
        # AArch64.ExclusiveMonitorsPass()), QEMU checks the monitor first.
        if d['kind'] == 'literal' or d['excl'] == 'store':
            return False
        base, size = rng.choice(self.UNMAPPED)
        align = max(d['align'], d['esize'])
        ea = base + rng.randrange(size // align) * align
        span = d['esize'] * d['nregs']
        if d['kind'] in ('uimm', 'unscaled', 'regoff', 'pre', 'post', 'pair') \
                and span > 1 and rng.random() < 0.3:
            # Straddle the end of RAM (-m 128M): the first bytes or the first
            # register of a pair are in RAM, the rest is not mapped.
            ea = 0x48000000 - rng.randrange(1, span)
            if d['kind'] == 'pair' and rng.random() < 0.5:
                ea = 0x48000000 - d['esize']
        return self.mem_access(u, p, w, ea)

    def gen_align(self, u):
        """Exclusive, acquire/release and atomic accesses at a misaligned
        address: Alignment fault (DFSC 0b100001), in QEMU as in the
        architecture."""
        rng = self.rng
        p = self.pick('align')
        w = p and self.t.draw(p, rng)
        w = w and self.fix_regs(p, w)
        if w is None:
            return False
        d = ldst_info(w)
        span = d['esize'] * d['nregs']
        # Skipped: STXR/STXP without reservation (QEMU 7.2 fails them without
        # the Alignment fault that AArch64.ExclusiveMonitorsPass() raises
        # first) and LDAPR (QEMU 7.2 does not check its alignment).
        if d['kind'] == 'rcpc2':        # LDAPUR/STLUR: ordered, unscaled
            d['align'] = d['esize']
        if d['align'] <= 1 or d['excl'] == 'store' or p.name == 'LDAPR':
            return False
        ea = SANDBOX + rng.randrange(SANDBOX_SIZE - 2 * span)
        if ea % d['align'] == 0:
            ea += rng.randrange(1, d['align'])
        return self.mem_access(u, p, w, ea)

    def undef_ok(self, w):
        """True if w is in integer encoding space, matched by no pattern and
        not an encoding QEMU -cpu max implements through a feature our
        cores do not claim."""
        op0 = (w >> 25) & 15
        if op0 in (1, 3):                   # unallocated
            pass
        elif op0 == 0:
            if w >> 31:                     # SME
                return False
        elif op0 in (8, 9, 5, 13):          # data processing
            if (w & 0x7fff0000) == 0x5ac10000:      # PAC*/AUT*/XPAC*
                return False
            if (w & 0x7fe0fc00) == 0x1ac03000:      # PACGA
                return False
        elif op0 in (10, 11):
            if (w & 0xfe000000) == 0xd6000000:      # branch (register)
                return False
            if (w & 0xff000000) in (0xd4000000, 0xd5000000):
                if (w & 0xfffff01f) != 0xd503201f:  # all but hints
                    return False
                if ((w >> 5) & 0x7f) in HINT_SKIP | {2}:
                    return False
        elif op0 in (4, 6, 12, 14):         # loads and stores
            if (w >> 26) & 1:               # SIMD&FP
                return False
            d = ldst_info(w)
            if d is not None and d['kind'] in ('pac', 'rcpc2'):
                return False
        else:                               # SVE, SIMD&FP
            return False
        return self.t.first_match(w) is None

    def gen_undef(self, u):
        rng = self.rng
        for _ in range(2000):
            w = rng.getrandbits(32)
            if rng.random() < 0.5:
                # near an allocated encoding: flip a few bits of one
                p = rng.choice(self.t.all)
                w = p.random_insn(rng) ^ (1 << rng.randrange(32))
                if rng.random() < 0.5:
                    w ^= 1 << rng.randrange(32)
            if self.undef_ok(w):
                self.emit(u, w, 'undef')
                return True
        return False


# ---------------------------------------------------------------------------

class Case:
    def __init__(self, idx, cls, regs, sp, nzcv, seed, units, flags=0,
                 fp=None):
        # fp: None, or (fpcr, [V0..V31 as 128-bit ints]) for FP classes
        self.fp = fp
        self.idx = idx
        self.cls = cls
        self.regs = regs
        self.sp = sp
        self.nzcv = nzcv
        self.seed = seed
        self.units = units
        self.flags = flags

    def count(self):
        return sum(u.count() for u in self.units)

    def with_units(self, units):
        return Case(self.idx, self.cls, self.regs, self.sp, self.nzcv,
                    self.seed, units, self.flags, self.fp)

    def words(self):
        return [(w, t) for u in self.units for w, t in zip(u.words, u.tags)]

    def to_json(self):
        j = dict(idx=self.idx, cls=self.cls,
                 regs=['%016x' % r for r in self.regs],
                 sp='%016x' % self.sp, nzcv=self.nzcv,
                 seed='%016x' % self.seed,
                 units=[u.to_json() for u in self.units])
        if self.fp is not None:
            j['fpcr'] = '%08x' % self.fp[0]
            j['vregs'] = ['%032x' % v for v in self.fp[1]]
        return j

    @staticmethod
    def from_json(j):
        fp = None
        if 'vregs' in j:
            fp = (int(j['fpcr'], 16), [int(v, 16) for v in j['vregs']])
        return Case(j['idx'], j['cls'], [int(r, 16) for r in j['regs']],
                    int(j['sp'], 16), j['nzcv'], int(j['seed'], 16),
                    [Unit.from_json(x) for x in j['units']], j.get('flags', 0),
                    fp)


def make_case(tables, rng, idx, cls, n_instances, impdef=False,
              unaligned=False):
    g = Gen(tables, rng, impdef=impdef, unaligned=unaligned)
    regs = [rand_value(rng) for _ in range(31)]
    sp = rand_value(rng) if rng.random() < 0.5 else \
        SANDBOX + rng.randrange(SANDBOX_SIZE // 16) * 16
    nzcv = rng.randrange(16)
    units = []
    n = 0
    while n < n_instances:
        u = g.unit(cls)
        units.append(u)
        n += u.count()
    fp = None
    if cls in FP_CLASSES:
        fp = (fpcr_value(rng), [vreg_value(rng) for _ in range(32)])
    return Case(idx, cls, regs, sp, nzcv, rng.getrandbits(64), units,
                fp=fp)


def generate(tables, seed, count, classes, per_case=16, first_idx=0,
             unaligned=False):
    """Cases totalling >= count instruction instances, classes round-robin."""
    rng = random.Random(seed)
    cases = []
    total = 0
    idx = first_idx
    while total < count:
        cls = classes[(idx - first_idx) % len(classes)]
        c = make_case(tables, rng, idx, cls, per_case, unaligned=unaligned)
        cases.append(c)
        total += c.count()
        idx += 1
    return cases


def split_images(cases, per_image):
    imgs, cur, n = [], [], 0
    for c in cases:
        cur.append(c)
        n += c.count()
        if n >= per_image:
            imgs.append(cur)
            cur, n = [], 0
    if cur:
        imgs.append(cur)
    return imgs


# ---------------------------------------------------------------------------
# Image assembly and build

def case_asm(c):
    i = c.idx
    out = ['', '    .p2align 3', 'diff_case_%d:' % i,
           '    adrp x0, diff_init_%d' % i,
           '    add x0, x0, :lo12:diff_init_%d' % i,
           '    bl diff_enter',
           '    adrp x30, diff_init_%d' % i,
           '    add x30, x30, :lo12:diff_init_%d' % i,
           '    ldr x0, [x30, #256]', '    msr nzcv, x0',
           '    ldr x0, [x30, #248]', '    mov sp, x0']
    if c.fp is not None:
        # FPCR and V0-V31 from the init table (harness.h DIFF_INIT_FPCR,
        # DIFF_INIT_V); FPSR was cleared by diff_enter
        out += ['    ldr x0, [x30, #288]', '    msr fpcr, x0']
        for r in range(0, 32, 2):
            out.append('    ldp q%d, q%d, [x30, #%d]' % (r, r + 1,
                                                         304 + r * 16))
    for r in range(0, 30, 2):
        out.append('    ldp x%d, x%d, [x30, #%d]' % (r, r + 1, r * 8))
    out.append('    ldr x30, [x30, #240]')
    out.append('    .p2align 3')
    out.append('diff_body_%d:' % i)
    for w, t in c.words():
        out.append('    .inst 0x%08x  // %s' % (w, t))
    out += ['diff_bend_%d:' % i,
            '    msr tpidr_el1, x0',
            '    adrp x0, diff_regs',
            '    add x0, x0, :lo12:diff_regs',
            '    str x30, [x0, #240]',
            '    bl diff_leave_fp' if c.fp is not None else
            '    bl diff_leave']
    return out


def image_asm(cases, extra_flags=0):
    out = ['// generated by tests/diff/gen.py; do not edit',
           '    .text', '    .global diff_cases', 'diff_cases:']
    for c in cases:
        out += case_asm(c)
    out += ['    b diff_done', '', '    .section .rodata', '    .p2align 4']
    for c in cases:
        vals = list(c.regs) + [c.sp, c.nzcv << 28, c.seed, c.idx,
                               c.flags | extra_flags |
                               (4 if c.fp is not None else 0)]
        if c.fp is not None:
            vals += [c.fp[0], 0]
            for v in c.fp[1]:
                vals += [v & M64, v >> 64]
        out.append('diff_init_%d:' % c.idx)
        for k in range(0, len(vals), 4):
            out.append('    .quad ' + ', '.join('0x%x' % v
                                                for v in vals[k:k + 4]))
    return '\n'.join(out) + '\n'


def write_image(cases, path_base, extra_flags=0):
    """Write path_base.S (assembly) and path_base.json (case manifest).
    extra_flags: 1 = dump the sandbox word by word, 2 = compact output (one
    hash line per case)."""
    with open(path_base + '.S', 'w') as f:
        f.write(image_asm(cases, extra_flags))
    with open(path_base + '.json', 'w') as f:
        json.dump([c.to_json() for c in cases], f)


CROSS = os.environ.get('DIFF_CROSS', 'aarch64-linux-gnu-')


def build_image(path_base, harness_objs=None):
    """Assemble and link path_base.S with the harness into path_base.elf."""
    hd = os.path.join(HERE, 'harness')
    cmd = [CROSS + 'gcc', '-nostdlib', '-ffreestanding', '-static',
           '-mgeneral-regs-only', '-O2', '-fno-pie', '-no-pie', '-g0',
           '-Wl,--build-id=none', '-Wl,--no-warn-rwx-segments', '-I', hd, '-T', os.path.join(hd, 'link.ld'),
           '-o', path_base + '.elf']
    cmd += harness_objs or [os.path.join(hd, 'boot.S'),
                            os.path.join(hd, 'harness.c')]
    cmd.append(path_base + '.S')
    subprocess.run(cmd, check=True)
    return path_base + '.elf'


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--count', type=int, default=1000,
                    help='instruction instances in total')
    ap.add_argument('--classes', default=','.join(ALL_CLASSES))
    ap.add_argument('--per-case', type=int, default=16)
    ap.add_argument('--per-image', type=int, default=25000)
    ap.add_argument('--out', default='.')
    ap.add_argument('--build', action='store_true', help='also link .elf')
    ap.add_argument('--stats', action='store_true')
    a = ap.parse_args(argv)
    t = Tables()
    for w in t.warnings:
        print('gen.py: warning:', w, file=sys.stderr)
    classes = a.classes.split(',')
    cases = generate(t, a.seed, a.count, classes, a.per_case)
    if a.stats:
        for c in ALL_CLASSES + EXTRA_CLASSES:
            print('%-12s %4d patterns' % (c, len(t.by_class[c])))
    os.makedirs(a.out, exist_ok=True)
    for k, img in enumerate(split_images(cases, a.per_image)):
        base = os.path.join(a.out, 'img%02d' % k)
        write_image(img, base)
        if a.build:
            build_image(base)
        print(base, len(img), 'cases', sum(c.count() for c in img),
              'instances')


if __name__ == '__main__':
    main()
