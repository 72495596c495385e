#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""gen.py - generate the scalar-FP comparison test's stubs and operands.

    gen.py OUTDIR   writes OUTDIR/stubs.S (one assembly stub per instruction
                    form), OUTDIR/cases.h (the stub table) and OUTDIR/vals.h
                    (operands: special values and seeded random ones)

Each stub loads its operands into V1..V3 (or takes an integer), runs one
instruction and returns V0 (both halves), X6 and NZCV; fptest.c runs every
stub under several FPCR values and prints one hash per stub and mode.
"""
import os
import random
import sys

R = random.Random(1234)
FMT = {'h': (5, 10), 's': (8, 23), 'd': (11, 52)}
XREG = {'h': 'w', 's': 'w', 'd': 'x'}   # general reg to fmov from
LD = {'h': 's', 's': 's', 'd': 'd'}     # fmov register view to load


def pat(p, sign, exp, frac):
    e, f = FMT[p]
    return (sign << (e + f)) | (exp << f) | frac


def specials(p):
    e, f = FMT[p]
    emax = (1 << e) - 1
    bias = emax >> 1
    fm = (1 << f) - 1
    v = []
    for s in (0, 1):
        v += [pat(p, s, 0, 0), pat(p, s, 0, 1), pat(p, s, 0, fm), pat(p, s, 0, 1 << (f - 1)),
              pat(p, s, 1, 0), pat(p, s, 1, 1), pat(p, s, bias, 0), pat(p, s, bias, 1 << (f - 1)),
              pat(p, s, bias + 1, 0), pat(p, s, bias + 1, 1 << (f - 2)),
              pat(p, s, bias - 1, 0), pat(p, s, bias, 1), pat(p, s, bias - 1, fm),
              pat(p, s, emax - 1, fm), pat(p, s, emax, 0),
              pat(p, s, emax, 1 << (f - 1)), pat(p, s, emax, (1 << (f - 1)) | 0x5a),
              pat(p, s, emax, 1), pat(p, s, emax, 0x23 & fm),
              pat(p, s, bias + f, 0), pat(p, s, bias + f, 1), pat(p, s, bias - 2, fm),
              ]
        for ib in (15, 16, 31, 32, 63, 64):
            if bias + ib < emax:
                v += [pat(p, s, bias + ib, 0), pat(p, s, bias + ib - 1, fm)]
        v += [pat(p, s, bias - f - 1, 0), pat(p, s, 2, 3)]
    v += [pat(p, 0, bias - 2, fm & 0x5555555555555), pat(p, 0, bias + 1, fm & 0x2487ed5110b46)]
    return sorted(set(v))


def rand_val(p):
    e, f = FMT[p]
    emax = (1 << e) - 1
    k = R.random()
    if k < 0.3:
        return R.getrandbits(e + f + 1)
    s = R.getrandbits(1)
    if k < 0.5:
        exp = R.choice([0, 1, 2, emax - 1, emax, emax >> 1, (emax >> 1) + 1, (emax >> 1) - 1])
    else:
        exp = R.randrange(emax + 1)
    frac = R.getrandbits(f)
    if R.random() < 0.3:
        frac &= ~((1 << R.randrange(f)) - 1)
    return pat(p, s, exp, frac)


INTS = [0, 1, 2, 3, 0xffffffffffffffff, 0x7fffffff, 0x80000000, 0xffffffff, 0x80000001,
        0x7fffffffffffffff, 0x8000000000000000, 0x8000000000000001, 0x20000000000001,
        0x1000001, 0xffffff, 0x1000003, 0xfffffffffffff800, 0xfffffc00, 0x12345678,
        0x123456789abcdef0, 0xfedcba9876543210, 0xfff0, 0x10001, 0x7ff, 0x801, 0xffe0]


def rand_int():
    k = R.random()
    if k < 0.5:
        return R.getrandbits(64)
    b = R.randrange(1, 64)
    v = R.getrandbits(b) | (1 << (b - 1))
    if R.random() < 0.5:
        v = (-v) & 0xffffffffffffffff
    return v


stubs = []   # (name, kind, nops, fmt_in)
asm = []


def stub(name, insn, kind, p_in, p_out, nops, load=True):
    """kind: 'f' result in v0, 'i' result in x6, 'c' result nzcv only."""
    lab = 'stub_%d' % len(stubs)
    lines = ["    .global %s" % lab, "%s:" % lab, '    fmov d0, x5', '    fmov v0.d[1], x5', '    mov x6, x5']
    if p_in == 'i' or not load:
        pass
    else:
        for i in range(nops):
            lines.append('    fmov %s%d, %s%d' % (LD[p_in], i + 1, XREG[p_in], i))
    lines.append('    msr nzcv, x3')
    lines += ['    ' + l for l in insn.split(';')]
    lines.append('    mrs x9, nzcv')
    if kind == 'f':
        lines.append('    fmov x6, d0')
    lines += ['    mov x7, v0.d[1]', '    stp x6, x7, [x4]', '    str x9, [x4, #16]', '    ret']
    asm.append('\n'.join(lines))
    stubs.append((name, lab, kind, p_in, nops))


P = ['h', 's', 'd']
for p in P:
    for op in ['fabs', 'fneg', 'fsqrt', 'frintn', 'frintp', 'frintm', 'frintz', 'frinta',
               'frintx', 'frinti']:
        stub('%s_%s' % (op, p), '%s %s0, %s1' % (op, p, p), 'f', p, p, 1)
    if p != 'h':
        for op in ['frint32z', 'frint32x', 'frint64z', 'frint64x']:
            stub('%s_%s' % (op, p), '%s %s0, %s1' % (op, p, p), 'f', p, p, 1)
    for q in P:
        if q != p:
            stub('fcvt_%s%s' % (q, p), 'fcvt %s0, %s1' % (q, p), 'f', p, q, 1)
    for op in ['fadd', 'fsub', 'fmul', 'fdiv', 'fmax', 'fmin', 'fmaxnm', 'fminnm', 'fnmul']:
        stub('%s_%s' % (op, p), '%s %s0, %s1, %s2' % (op, p, p, p), 'f', p, p, 2)
    for op in ['fmadd', 'fmsub', 'fnmadd', 'fnmsub']:
        stub('%s_%s' % (op, p), '%s %s0, %s1, %s2, %s3' % (op, p, p, p, p), 'f', p, p, 3)
    for op in ['fcmp', 'fcmpe']:
        stub('%s_%s' % (op, p), '%s %s1, %s2' % (op, p, p), 'c', p, p, 2)
        stub('%s0_%s' % (op, p), '%s %s1, #0.0' % (op, p), 'c', p, p, 1)
    for op in ['fccmp', 'fccmpe']:
        for cond, nz in (('eq', 5), ('lt', 10), ('hi', 3)):
            stub('%s_%s_%s' % (op, cond, p), '%s %s1, %s2, #%d, %s' % (op, p, p, nz, cond),
                 'c', p, p, 2)
    for cond in ('ge', 'eq', 'al', 'nv'):
        stub('fcsel_%s_%s' % (cond, p), 'fcsel %s0, %s1, %s2, %s' % (p, p, p, cond), 'f', p, p, 2)
    for r in 'wx':
        for op in ['fcvtns', 'fcvtnu', 'fcvtps', 'fcvtpu', 'fcvtms', 'fcvtmu', 'fcvtzs',
                   'fcvtzu', 'fcvtas', 'fcvtau']:
            stub('%s_%s%s' % (op, r, p), '%s %s6, %s1' % (op, r, p), 'i', p, r, 1)
        for fb in ((1, 16, 31, 32) if r == 'w' else (1, 32, 63, 64)):
            for op in ['fcvtzs', 'fcvtzu']:
                stub('%s_%s%s_%d' % (op, r, p, fb), '%s %s6, %s1, #%d' % (op, r, p, fb), 'i', p, r, 1)
        for op in ['scvtf', 'ucvtf']:
            stub('%s_%s%s' % (op, p, r), '%s %s0, %s0' % (op, p, r), 'f', 'i', p, 1)
            for fb in ((1, 16, 32) if r == 'w' else (1, 33, 64)):
                stub('%s_%s%s_%d' % (op, p, r, fb), '%s %s0, %s0, #%d' % (op, p, r, fb),
                     'f', 'i', p, 1)
    ft = {'s': 0, 'd': 1, 'h': 3}[p]
    # all 256 immediates in one stub family: 8 stubs of 32 .inst each would be
    # overkill; use one stub per imm8 group of 16 (imm8 = g*16 + (a0 & 15) via
    # a jump table is complicated) -> just emit 256 stubs.
    for imm in range(256):
        stub('fmovi_%s_%02x' % (p, imm), '.inst 0x%08x' % (0x1e201000 | ft << 22 | imm << 13),
             'f', 'i', p, 0)

# ---- Advanced SIMD scalar FP rows
for p in P:
    for op in ['fmulx', 'fcmeq', 'frecps', 'frsqrts', 'fcmge', 'facge', 'fabd', 'fcmgt', 'facgt']:
        stub('%s_%s' % (op, p), '%s %s0, %s1, %s2' % (op, p, p, p), 'f', p, p, 2)
    for op in ['fcmgt', 'fcmeq', 'fcmlt', 'fcmge', 'fcmle']:
        stub('%s0_%s' % (op, p), '%s %s0, %s1, #0.0' % (op, p, p), 'f', p, p, 1)
    for op in ['frecpe', 'frsqrte', 'frecpx']:
        stub('%s_%s' % (op, p), '%s %s0, %s1' % (op, p, p), 'f', p, p, 1)
    for op in ['fcvtns', 'fcvtms', 'fcvtas', 'fcvtps', 'fcvtzs', 'fcvtnu', 'fcvtmu', 'fcvtau',
               'fcvtpu', 'fcvtzu']:
        stub('%s_%s%s' % (op, p, p), '%s %s0, %s1' % (op, p, p), 'f', p, p, 1)
    esz = {'h': 16, 's': 32, 'd': 64}[p]
    for fb in sorted(set([1, 2, esz // 2, esz - 1, esz])):
        for op in ['fcvtzs', 'fcvtzu']:
            stub('%s_%s%s_%d' % (op, p, p, fb), '%s %s0, %s1, #%d' % (op, p, p, fb), 'f', p, p, 1)
        for op in ['scvtf', 'ucvtf']:
            stub('%s_%s%s_%d' % (op, p, p, fb), 'fmov %s1, %s0;%s %s0, %s1, #%d'
                 % (LD[p], XREG[p], op, p, p, fb), 'f', 'i', p, 1)
    for op in ['scvtf', 'ucvtf']:
        stub('%s_%s%s' % (op, p, p), 'fmov %s1, %s0;%s %s0, %s1' % (LD[p], XREG[p], op, p, p),
             'f', 'i', p, 1)
    pre = {'h': 'bfi w0, w1, #16, #16;fmov s1, w0', 's': 'bfi x0, x1, #32, #32;fmov d1, x0',
           'd': 'fmov d1, x0;fmov v1.d[1], x1'}[p]
    arr = {'h': '2h', 's': '2s', 'd': '2d'}[p]
    for op in ['faddp', 'fmaxp', 'fminp', 'fmaxnmp', 'fminnmp']:
        stub('%s_%s' % (op, p), pre + ';%s %s0, v1.%s' % (op, p, arr), 'f', p, p, 2, load=False)
    nidx = {'h': 8, 's': 4, 'd': 2}[p]
    for op in ['fmla', 'fmls', 'fmul', 'fmulx']:
        for idx in sorted(set([0, nidx - 1, nidx // 2 + (1 if nidx > 2 else 0) - (1 if nidx == 2 else 0)])):
            m = 'v15' if p == 'h' else 'v17'
            pre = 'fmov %s, x5;fmov %s.d[1], x5;ins %s.%s[%d], %s1;fmov %s1, %s0' % (
                m.replace('v', 'd'), m, m, p, idx, XREG[p], LD[p], XREG[p])
            if op in ('fmla', 'fmls'):
                pre += ';fmov %s0, %s2' % (LD[p], XREG[p])
            stub('%s_%s_%d' % (op, p, idx), pre + ';%s %s0, %s1, %s.%s[%d]' % (op, p, p, m, p, idx),
                 'f', p, p, 3 if op in ('fmla', 'fmls') else 2, load=False)
stub('fcvtxn', 'fcvtxn s0, d1', 'f', 'd', 's', 1)
stub('fjcvtzs', 'fjcvtzs w6, d1', 'i', 'd', 'w', 1)

outdir = sys.argv[1] if len(sys.argv) > 1 else '.'
out = open(os.path.join(outdir, 'stubs.S'), 'w')
out.write('    .text\n    .arch armv8.5-a+fp16\n')
for a in asm:
    out.write(a + '\n')
out.close()

v = open(os.path.join(outdir, 'vals.h'), 'w')
v.write('/* generated by gen.py */\n')
h = open(os.path.join(outdir, 'cases.h'), 'w')
h.write('/* generated by gen.py */\n')
for p in P:
    sp = specials(p)
    rnd = [rand_val(p) for _ in range(300)]
    v.write('static const uint64_t spec_%s[] = {%s};\n' % (p, ','.join('0x%xull' % x for x in sp)))
    v.write('static const uint64_t rnd_%s[] = {%s};\n' % (p, ','.join('0x%xull' % x for x in rnd)))


def fma_triples(p, n):
    """(a, b, c) with c close to -(a*b): cancellation, exact zeros, ties."""
    import math
    import struct
    code = {'h': 'e', 's': 'f', 'd': 'd'}[p]
    ucode = {'h': 'H', 's': 'I', 'd': 'Q'}[p]
    e, f = FMT[p]

    def to_bits(x):
        try:
            return struct.unpack('<' + ucode, struct.pack('<' + code, x))[0]
        except OverflowError:
            return None

    def to_float(v):
        return struct.unpack('<' + code, struct.pack('<' + ucode, v))[0]
    out = []
    while len(out) < n:
        bias = (1 << (e - 1)) - 1
        a = pat(p, R.getrandbits(1), R.randrange(bias - 4, bias + 5), R.getrandbits(f))
        b = pat(p, R.getrandbits(1), R.randrange(bias - 4, bias + 5), R.getrandbits(f))
        prod = to_float(a) * to_float(b)
        if not math.isfinite(prod):
            continue
        c = to_bits(-prod)
        if c is None:
            continue
        c = (c + R.choice([-2, -1, 0, 0, 1, 2])) & ((1 << (e + f + 1)) - 1)
        out.append((a, b, c))
    return out


for p in P:
    tr = fma_triples(p, 200)
    v.write('static const uint64_t fma_%s[] = {%s};\n' % (p, ','.join('0x%xull' % x for t in tr for x in t)))
ints = INTS + [rand_int() for _ in range(200)]
v.write('static const uint64_t ints[] = {%s};\n' % ','.join('0x%xull' % x for x in ints))
v.close()
for s in stubs:
    h.write('extern void %s(void);\n' % s[1])
h.write('static const Stub stubs[] = {\n')
for name, lab, kind, p_in, nops in stubs:
    h.write('  {"%s", %s, \'%s\', \'%s\', %d},\n' % (name, lab, kind, p_in, nops))
h.write('};\n')
h.close()
print(len(stubs), 'stubs', file=sys.stderr)
