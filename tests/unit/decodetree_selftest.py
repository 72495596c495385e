#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""decodetree_selftest.py - self-test of tools/decodetree.py.

Checks the diagnostics on small broken tables, the decision tree against a
first-match scan on random pattern sets, and (when a C compiler is present)
compiles a generated decoder with recording trans_ functions and compares
its field values and { } fall-through with the Python model.
"""

import os
import random
import shutil
import subprocess
import sys
import tempfile
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', '..', 'tools'))
import decodetree  # noqa: E402

FAILURES = []


def check(cond, msg):
    if not cond:
        FAILURES.append(msg)
        print('FAIL: ' + msg)


def parse_text(text, tmp, name='t.decode'):
    path = os.path.join(tmp, name)
    with open(path, 'w') as f:
        f.write(text)
    return decodetree.parse_files([path])


# A 32-bit all-field line to pad tests: 'x:16 y:16' etc.
ERROR_CASES = [
    ('overlap at top level',
     'A 0000 ---- ---- ---- ---- ---- ---- ----\n'
     'B 00-- 1--- ---- ---- ---- ---- ---- ----\n',
     ['B overlaps A', 't.decode:2', 't.decode:1']),
    ('overlap inside [ ] inside { }',
     '{\n  C 1111 ---- ---- ---- ---- ---- ---- ----\n'
     '  [\n    A 0000 ---- ---- ---- ---- ---- ---- ----\n'
     '    B 00-- 1--- ---- ---- ---- ---- ---- ----\n  ]\n}\n',
     ['B overlaps A']),
    ('overlap of a pattern with a { } member',
     'A 0000 ---- ---- ---- ---- ---- ---- ----\n'
     '{\n  B 0--- ---- ---- ---- ---- ---- ---- 0000\n'
     '  C 1--- ---- ---- ---- ---- ---- ---- ----\n}\n',
     ['B overlaps A']),
    ('short pattern', 'A 0000 ---- ---- ---- ---- ---- ----\n', ['28 bits, not 32']),
    ('long pattern', 'A 0000 ---- ---- ---- ---- ---- ---- ---- 1\n', ['longer than 32']),
    ('long inline field', 'A 0000 ---- ---- ---- ---- ---- ---- --- x:2\n', ['does not fit']),
    ('unknown field', 'A 0000 ---- ---- ---- ---- ---- ---- ---- %nope\n', ['unknown field %nope']),
    ('unknown field in assignment', 'A 0000 ---- ---- ---- ---- ---- ---- ---- x=%nope\n',
     ['unknown field %nope']),
    ('unknown format', 'A 0000 ---- ---- ---- ---- ---- ---- ---- @nope\n', ['unknown format @nope']),
    ('unknown argset', 'A 0000 ---- ---- ---- ---- ---- ---- ---- &nope\n',
     ['unknown argument set &nope']),
    ('duplicate pattern',
     'A 0000 ---- ---- ---- ---- ---- ---- ----\nA 1111 ---- ---- ---- ---- ---- ---- ----\n',
     ['duplicate pattern name A', 't.decode:2']),
    ('field twice in one line', 'A 0000 ---- ---- ---- ---- ---- x:4 x:4\n', ['x assigned twice']),
    ('field twice pattern+format',
     '@f 0000 ---- ---- ---- ---- ---- ---- x:4\nA ---- ---- ---- ---- ---- ---- ---- .... @f x=1\n',
     ['x assigned twice']),
    ('loose dot bits', 'A 0000 ---- ---- ---- ---- ---- ---- ..-.\n',
     ["bits 0x0000000d of A are '.'"]),
    ('syntax error', 'A 0000 ---- ---- ---- ---- ---- ---- ---- ?\n', ['syntax error']),
    ('bad start', '$x 1\n', ['syntax error']),
    ('unclosed group', '{\nA 0000 ---- ---- ---- ---- ---- ---- ----\n', ['not closed']),
    ('unmatched close', 'A 0000 ---- ---- ---- ---- ---- ---- ----\n}\n', ['unmatched']),
    ('mismatched close', '{\nA 0000 ---- ---- ---- ---- ---- ---- ----\n]\n', ['closes']),
    ('empty group', '{\n}\n', ['empty group']),
    ('argset member not set', '&s a b\nA 0000 ---- ---- ---- ---- ---- ---- a:4 &s\n',
     ['argument b of &s is not set']),
    ('field not in argset', '&s a\nA 0000 ---- ---- ---- ---- ---- b:4 a:4 &s\n',
     ['field b of A is not in argument set &s']),
    ('format bits contradict pattern',
     '@f 0000 ---- ---- ---- ---- ---- ---- ----\nA 1--- ---- ---- ---- ---- ---- ---- ---- @f\n',
     ['contradict format']),
    ('duplicate field def', '%a 0:4\n%a 4:4\n', ['already defined']),
    ('field without segments', '%a\n', ['no segments']),
    ('segment out of range', '%a 30:4\n', ['out of range']),
    ('type name collision',
     '&A x\nA 0000 ---- ---- ---- ---- ---- ---- x:4\n', ['collides']),
    ('named field reference to unknown',
     '%r 0:2 zz:1\nA 0000 ---- ---- ---- ---- ---- ---- --.. v=%r\n', ['zz']),
]


def test_errors(tmp):
    for title, text, wants in ERROR_CASES:
        try:
            parse_text(text, tmp)
        except decodetree.MultiError as e:
            msg = str(e)
        except decodetree.DecodeError as e:
            msg = str(e)
        else:
            check(False, '%s: no error reported' % title)
            continue
        for w in wants:
            check(w in msg, '%s: message %r lacks %r' % (title, msg, w))
    # The command line exits 1 with file:line on stderr.
    path = os.path.join(tmp, 'bad.decode')
    with open(path, 'w') as f:
        f.write('A 0000 ---- ---- ---- ---- ---- ---- ----\nB 0--- ---- ---- ---- ---- ---- ---- ----\n')
    r = subprocess.run([sys.executable, os.path.join(HERE, '..', '..', 'tools', 'decodetree.py'),
                        '--out-c', os.path.join(tmp, 'x.c'), '--out-h', os.path.join(tmp, 'x.h'),
                        path], capture_output=True, text=True)
    check(r.returncode == 1, 'overlap: exit code %d, not 1' % r.returncode)
    check('bad.decode:2: error:' in r.stderr, 'overlap: stderr %r lacks file:line' % r.stderr)


GOOD = r'''
# Synthetic table exercising every feature.
%imm19    5:s19 !function=times_4
%hw_imm   21:2 5:16
%split    30:s1 7:3
%pfield   !function=param_fn
%sz_ref   0:2 sf:1
&rrr      rd rn rm sf
&ri       rd imm
&empty

@rrr      sf:1 .. ..... .. - rm:5 ...... rn:5 rd:5   &rrr
@ri_fmt   ........ imm:s19 rd:5                       &ri

ADD_r     . 00 01011 00 0 ..... 000000 ..... .....   @rrr
SUB_r     . 10 01011 00 0 ..... 000000 ..... .....   @rrr
{
  MOV_sp  1 01 01010 00 0 11111 000000 11111 .....   @rrr
  [
    ORR_r   sf:1 01 01010 00 0 rm:5 000000 rn:5 rd:5
    ORR_x   sf:1 01 01010 00 1 rm:5 000000 rn:5 rd:5
  ]
  ORR_any   - 01 01010 00 - ----- ------ ----- -----  &empty
}
B_cond    0101010 0 ................... 0 cond:4  imm=%imm19
MOVZ      sf:1 10 100101 .. ................ rd:5  imm=%hw_imm
LDI       00011000 ................... .....        @ri_fmt
SPL       0 . 11 1111 ---- ---- ---- -- ... cst:3 ---- p=%pfield \
          v=%split k=-7 h=0x1f
[
  TST1    11111111 ---- ---- ---- ---- ---- 0000
  TST2    11111111 ---- ---- ---- ---- sf:1 --- 0001 x=%sz_ref
]
{
  G1      1110 1110 ---- ---- ---- ---- ---- 00 ..  w=%sz_ref sf=1
  G2      1110 1110 ---- ---- ---- ---- ---- -- a:2
}
'''

# Fall-through model: which trans_ functions return false, by field values.
C_HARNESS = r'''
#include <stdio.h>
#include <stdlib.h>
#include "dec.h"
static char out[256];
int times_4(DisasContext *s, int x) { return x * 4; }
int param_fn(DisasContext *s, int x) { return 1000 + x; }
#define REC(N, ...) snprintf(out + strlen(out), sizeof(out) - strlen(out), N __VA_ARGS__)
#include <string.h>
bool trans_ADD_r(DisasContext *s, arg_ADD_r *a) { REC("ADD_r rd=%d rn=%d rm=%d sf=%d;", , a->rd, a->rn, a->rm, a->sf); return true; }
bool trans_SUB_r(DisasContext *s, arg_SUB_r *a) { REC("SUB_r rd=%d rn=%d rm=%d sf=%d;", , a->rd, a->rn, a->rm, a->sf); return true; }
bool trans_MOV_sp(DisasContext *s, arg_MOV_sp *a) { REC("MOV_sp rd=%d rn=%d rm=%d sf=%d;", , a->rd, a->rn, a->rm, a->sf); return a->rd != 0; }
bool trans_ORR_r(DisasContext *s, arg_ORR_r *a) { REC("ORR_r rd=%d rn=%d rm=%d sf=%d;", , a->rd, a->rn, a->rm, a->sf); return a->rd != 1; }
bool trans_ORR_x(DisasContext *s, arg_ORR_x *a) { REC("ORR_x rd=%d rn=%d rm=%d sf=%d;", , a->rd, a->rn, a->rm, a->sf); return a->rd != 1; }
bool trans_ORR_any(DisasContext *s, arg_ORR_any *a) { REC("ORR_any;", ); return false; }
bool trans_B_cond(DisasContext *s, arg_B_cond *a) { REC("B_cond cond=%d imm=%d;", , a->cond, a->imm); return true; }
bool trans_MOVZ(DisasContext *s, arg_MOVZ *a) { REC("MOVZ imm=%d rd=%d sf=%d;", , a->imm, a->rd, a->sf); return true; }
bool trans_LDI(DisasContext *s, arg_LDI *a) { REC("LDI imm=%d rd=%d;", , a->imm, a->rd); return true; }
bool trans_SPL(DisasContext *s, arg_SPL *a) { REC("SPL cst=%d h=%d k=%d p=%d v=%d;", , a->cst, a->h, a->k, a->p, a->v); return true; }
bool trans_TST1(DisasContext *s, arg_TST1 *a) { REC("TST1;", ); return true; }
bool trans_TST2(DisasContext *s, arg_TST2 *a) { REC("TST2 sf=%d x=%d;", , a->sf, a->x); return true; }
bool trans_G1(DisasContext *s, arg_G1 *a) { REC("G1 sf=%d w=%d;", , a->sf, a->w); return a->w != 5; }
bool trans_G2(DisasContext *s, arg_G2 *a) { REC("G2 a=%d;", , a->a); return true; }
int main(int argc, char **argv)
{
    FILE *f = fopen(argv[1], "r");
    unsigned insn;
    while (fscanf(f, "%x", &insn) == 1) {
        out[0] = 0;
        bool ok = a64_decode(NULL, insn);
        printf("%08x %d %d %s\n", insn, ok, a64_decode_match(insn), out);
    }
    return 0;
}
'''

ARGORDER = {
    'ADD_r': 'rd rn rm sf', 'SUB_r': 'rd rn rm sf', 'MOV_sp': 'rd rn rm sf',
    'ORR_r': 'rd rn rm sf', 'ORR_x': 'rd rn rm sf', 'ORR_any': '', 'B_cond': 'cond imm',
    'MOVZ': 'imm rd sf', 'LDI': 'imm rd', 'SPL': 'cst h k p v', 'TST1': '', 'TST2': 'sf x',
    'G1': 'sf w', 'G2': 'a',
}
RETURNS = {
    'MOV_sp': lambda a: a['rd'] != 0, 'ORR_r': lambda a: a['rd'] != 1,
    'ORR_x': lambda a: a['rd'] != 1, 'ORR_any': lambda a: False, 'G1': lambda a: a['w'] != 5,
}
FUNCS = {'times_4': lambda x: x * 4, 'param_fn': lambda x: 1000 + x}


def model(pats, insn):
    """Python model of a64_decode(): (ok, match index, record string)."""
    rec = ''
    ok = False
    for p in pats:
        if not p.matches(insn):
            continue
        vals = p.extract(insn)
        for n, f in p.fields.items():
            if isinstance(f, decodetree.Field) and f.function:
                vals[n] = FUNCS[f.function](vals[n])
        names = ARGORDER[p.name].split()
        rec += p.name + ''.join(' %s=%d' % (n, vals[n]) for n in names) + ';'
        if RETURNS.get(p.name, lambda a: True)(vals):
            ok = True
            break
    m = decodetree.first_match(pats, insn)
    return ok, (m.index if m else -1), rec


def test_good_table(tmp):
    pats = parse_text(GOOD, tmp, 'good.decode')
    names = [p.name for p in pats]
    check(names == list(ARGORDER), 'pattern order %r' % names)
    byname = dict((p.name, p) for p in pats)
    check(byname['ADD_r'].mask == 0x7fe0fc00 and byname['ADD_r'].value == 0x0b000000,
          'ADD_r mask/value %08x/%08x' % (byname['ADD_r'].mask, byname['ADD_r'].value))
    check(byname['MOV_sp'].overlap_group == byname['ORR_any'].overlap_group >= 0,
          'group ids of MOV_sp / ORR_any')
    check(byname['ADD_r'].overlap_group == -1, 'ADD_r group id')
    check([g.kind for g in byname['ORR_r'].groups] == ['{', '['], 'ORR_r group path')
    check(byname['B_cond'].fields['imm'] == [(5, 19, True)], 'B_cond imm segments')
    check(byname['B_cond'].fields['imm'].function == 'times_4', 'B_cond imm function')
    check(byname['SPL'].fields['k'] == -7 and byname['SPL'].fields['h'] == 31, 'SPL constants')
    check(byname['B_cond'].extract(0x54ffffe0)['imm'] == -1, 'signed extract')
    check(byname['MOVZ'].extract(0xd2a00020)['imm'] == (1 << 16) | 1, 'concatenated extract')

    rng = random.Random(1)
    insns = []
    for p in pats:
        for _ in range(200):
            insns.append(p.random_insn(rng))
    insns += [rng.getrandbits(32) for _ in range(2000)]
    insns += [0, 0xffffffff, 0xaa1f03e0, 0xaa1f03e1, 0xaa0003e1, 0xee000005, 0xee000004]

    lin = list(pats)
    for insn in insns:
        a, b = decodetree.first_match(pats, insn), decodetree.first_match(lin, insn)
        if a is not b:
            check(False, 'first_match tree/linear differ on %08x: %r %r' % (insn, a, b))
            break

    cc = os.environ.get('CC') or shutil.which('cc') or shutil.which('gcc')
    if not cc:
        print('note: no C compiler, generated-code check skipped')
        return
    with open(os.path.join(tmp, 'translate.h'), 'w') as f:
        f.write('#include <stdbool.h>\n#include <stdint.h>\n'
                'typedef struct DisasContext DisasContext;\n'
                'bool a64_decode(DisasContext *s, uint32_t insn);\n')
    rc = decodetree.main(['--out-c', os.path.join(tmp, 'dec.c'), '--out-h',
                          os.path.join(tmp, 'dec.h'), os.path.join(tmp, 'good.decode')])
    check(rc == 0, 'generator exit %d' % rc)
    with open(os.path.join(tmp, 'harness.c'), 'w') as f:
        f.write(C_HARNESS)
    exe = os.path.join(tmp, 'harness')
    r = subprocess.run([cc, '-std=gnu11', '-O1', '-Wall', '-Wextra', '-Werror',
                        '-Wno-unused-parameter', '-o', exe, os.path.join(tmp, 'harness.c'),
                        os.path.join(tmp, 'dec.c')], capture_output=True, text=True)
    check(r.returncode == 0, 'harness compile failed:\n' + r.stderr)
    if r.returncode:
        return
    with open(os.path.join(tmp, 'insns.txt'), 'w') as f:
        f.write('\n'.join('%08x' % i for i in insns) + '\n')
    r = subprocess.run([exe, os.path.join(tmp, 'insns.txt')], capture_output=True, text=True)
    lines = r.stdout.splitlines()
    check(len(lines) == len(insns), 'harness printed %d lines for %d insns' % (len(lines), len(insns)))
    bad = 0
    for insn, line in zip(insns, lines):
        ok, idx, rec = model(pats, insn)
        want = '%08x %d %d %s' % (insn, ok, idx, rec)
        if line.rstrip() != want.rstrip():
            bad += 1
            if bad <= 5:
                check(False, 'C decoder %r, model %r' % (line, want))
    check(bad == 0, '%d mismatches between C decoder and model' % bad)


def eval_tree(node, insn):
    """Walk a build_tree() result: the candidate list reached by insn."""
    while isinstance(node, decodetree.Switch):
        key = insn & node.mask
        for v, sub in node.cases:
            if v == key:
                node = sub
                break
        else:
            if node.default is None:
                return None
            node = node.default
    for p in node.cands:
        if p.matches(insn):
            return p
    return None


def random_table(rng, n):
    """Random pattern set, legal because overlapping pairs share a { } group."""
    class P:
        pass
    pats = []
    for i in range(n):
        p = decodetree.Pattern('P%d' % i, 'x:%d' % i)
        nbits = rng.choice([2, 3, 4, 6, 10, 20])
        bits = rng.sample(range(32), nbits)
        p.mask = sum(1 << b for b in bits)
        p.value = rng.getrandbits(32) & p.mask
        p.index = i
        pats.append(p)
    return pats


def test_tree_random():
    rng = random.Random(7)
    for t in range(150):
        pats = random_table(rng, rng.choice([1, 2, 5, 20, 60]))
        tree = decodetree.build_tree(pats)
        probes = [p.random_insn(rng) for p in pats for _ in range(8)]
        probes += [rng.getrandbits(32) for _ in range(200)]
        for insn in probes:
            got = eval_tree(tree, insn)
            want = decodetree.first_match(pats, insn)
            if got is not want:
                check(False, 'tree %d: insn %08x gives %r, want %r' % (t, insn, got, want))
                return


def main():
    tmp = tempfile.mkdtemp(prefix='decodetree-selftest-')
    try:
        for fn in (test_errors, test_good_table):
            try:
                fn(tmp)
            except Exception:
                check(False, '%s raised:\n%s' % (fn.__name__, traceback.format_exc()))
        test_tree_random()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if FAILURES:
        print('%d failure(s)' % len(FAILURES))
        return 1
    print('decodetree selftest: all checks passed')
    return 0


if __name__ == '__main__':
    sys.exit(main())
