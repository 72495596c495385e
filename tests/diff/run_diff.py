#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""run_diff.py - differential test driver: a64emu vs qemu-system-aarch64.

Generates random-instruction cases with gen.py, packs them into bare-metal
images, runs every image under the reference (qemu-system-aarch64) and under
a64emu with the same options, and compares their UART output line by line,
case by case.  On a mismatch it prints the case's disassembly and register
diff, then (unless --no-minimize) shrinks the case to a minimal reproducer
and, with --save, stores it in tests/diff/regressions/ (which every run
replays first).  Last line: `diff: N passed, M failed` (cases).

Exit codes: 0 all cases equal, 1 mismatch, 2 usage/build error, 77 skipped
(qemu-system-aarch64, the cross compiler or the emulator missing).

Examples:
    run_diff.py --emu build/tools/a64emu --seed 1 --count 100000
    run_diff.py --emu qemu-system-aarch64 ...     (self-check: QEMU twice)
    run_diff.py --emu build/tools/a64emu --replay tests/diff/regressions
"""

import argparse
import concurrent.futures as cf
import glob
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True      # no __pycache__ in the source tree
import gen  # noqa: E402

REGRESSIONS = os.path.join(HERE, 'regressions')
REGRESSION_BASE = 1000000000    # case numbers of replayed regressions
MACHINE_OPTS = ['-M', 'virt', '-cpu', 'max', '-nographic', '-semihosting']
REG_NAMES = ['x%02d' % i for i in range(31)] + ['sp', 'nzcv']


def which(prog):
    return prog if os.path.sep in prog and os.access(prog, os.X_OK) \
        else shutil.which(prog)


def run_emu(cmd, elf, timeout, env=None):
    """Run one emulator on elf; returns (rc, stdout text, seconds)."""
    t0 = time.time()
    try:
        p = subprocess.run(cmd + MACHINE_OPTS + ['-kernel', elf],
                           stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=timeout, env=env)
        out = p.stdout.decode('latin-1')
        if p.stderr:
            out += '\n[stderr] ' + p.stderr.decode('latin-1')[:2000]
        return p.returncode, out, time.time() - t0
    except subprocess.TimeoutExpired as e:
        out = (e.stdout or b'').decode('latin-1')
        return 'timeout', out, time.time() - t0


def split_cases(text):
    """{case number: [lines]} and the lines outside any case."""
    cases, extra, cur = {}, [], None
    for line in text.splitlines():
        line = line.rstrip('\r')
        f = line.split()
        if len(f) in (2, 3) and f[0] == 'case' and f[1].isdigit():
            cur = int(f[1])
            cases[cur] = f[2:]          # compact mode: ['h=HASH']
        elif line.startswith('end '):
            cur = None
            extra.append(line)
        elif line.startswith('error') or line.startswith('[stderr]'):
            extra.append(line)
            if cur is not None:
                cases[cur].append('<' + line + '>')
            cur = None
        elif cur is not None:
            cases[cur].append(line)
        else:
            extra.append(line)
    return cases, extra


def parse_state(lines):
    st = {}
    for line in lines:
        if '=' in line and ' ' not in line:
            k, v = line.split('=', 1)
            st[k] = v
    return st


class Runner:
    def __init__(self, args):
        self.a = args
        self.ref = args.ref.split()
        self.emu = args.emu.split()
        self.tables = gen.Tables()
        self.work = args.workdir or tempfile.mkdtemp(prefix='a64diff-')
        self.emu_env = None      # environment of the a64emu runs (inherited)
        os.makedirs(self.work, exist_ok=True)

    # -- building ------------------------------------------------------------
    def build(self, cases, name, compact=False):
        base = os.path.join(self.work, name)
        gen.write_image(cases, base, 2 if compact else 0)
        try:
            gen.build_image(base)
        except subprocess.CalledProcessError as e:
            print('run_diff: build of %s failed: %s' % (base, e))
            sys.exit(2)
        return base + '.elf'

    def run_pair(self, elf):
        with cf.ThreadPoolExecutor(2) as ex:
            fr = ex.submit(run_emu, self.ref, elf, self.a.timeout)
            fe = ex.submit(run_emu, self.emu, elf, self.a.timeout,
                           self.emu_env)
            return fr.result(), fe.result()

    def compare(self, cases, ref, emu):
        """List of (case, ref lines, emu lines) that differ."""
        rc_r, out_r, _ = ref
        rc_e, out_e, _ = emu
        cr, _ = split_cases(out_r)
        ce, _ = split_cases(out_e)
        bad = []
        for c in cases:
            lr = cr.get(c.idx)
            le = ce.get(c.idx)
            if lr is None:
                # The reference itself did not finish this case: a harness
                # or generator problem, reported as a failure too.
                bad.append((c, ['<reference produced no output: rc=%s>'
                                % rc_r], le or []))
            elif le != lr:
                bad.append((c, lr, le if le is not None else
                            ['<no output: a64emu rc=%s>' % rc_e]))
        return bad

    def run_image(self, cases, name):
        elf = self.build(cases, name, compact=not self.a.full)
        ref, emu = self.run_pair(elf)
        return elf, ref, emu, self.compare(cases, ref, emu)

    # -- reporting -----------------------------------------------------------
    def disasm(self, c, elf=None):
        words = c.words()
        blob = b''.join(w.to_bytes(4, 'little') for w, _ in words)
        fd, path = tempfile.mkstemp(suffix='.bin', dir=self.work)
        os.write(fd, blob)
        os.close(fd)
        vma = 0
        if elf:
            vma = self.symbol(elf, 'diff_body_%d' % c.idx) or 0
        try:
            out = subprocess.run(
                [gen.CROSS + 'objdump', '-D', '-b', 'binary', '-m', 'aarch64',
                 '--adjust-vma=0x%x' % vma, path],
                stdout=subprocess.PIPE, check=True).stdout.decode()
        finally:
            os.unlink(path)
        lines = [l for l in out.splitlines() if l[:1] == ' ' and ':' in l]
        res = []
        for (w, tag), l in zip(words, lines):
            res.append('  %-60s %s' % (l.strip().replace('\t', ' '),
                                       '' if tag == 'prep' else '<' + tag + '>'))
        return res

    def symbol(self, elf, name):
        out = subprocess.run([gen.CROSS + 'nm', elf], stdout=subprocess.PIPE
                             ).stdout.decode()
        for line in out.splitlines():
            f = line.split()
            if len(f) == 3 and f[2] == name:
                return int(f[0], 16)
        return None

    def report(self, c, lr, le, elf, label='first mismatching case'):
        print('--- %s: case %d, class %s (%d instances)' %
              (label, c.idx, c.cls, c.count()))
        print('instructions:')
        for l in self.disasm(c, elf):
            print(l)
        print('initial: nzcv=%x sp=%016x' % (c.nzcv, c.sp) +
              (' fpcr=%08x' % c.fp[0] if c.fp is not None else ''))
        sr, se = parse_state(lr), parse_state(le)
        print('diff (reference vs a64emu):')
        n = 0
        keys = REG_NAMES + [k for k in list(sr) + list(se)
                            if k not in REG_NAMES]
        for k in dict.fromkeys(keys):
            if sr.get(k) != se.get(k):
                init = ''
                if k.startswith('x'):
                    init = ' (initial %016x)' % c.regs[int(k[1:])]
                elif k[:1] == 'v' and k[1:].isdigit() and c.fp is not None:
                    init = ' (initial %032x)' % c.fp[1][int(k[1:])]
                print('  %-5s ref=%s  a64emu=%s%s' % (k, sr.get(k),
                                                      se.get(k), init))
                n += 1
        er = [l for l in lr if l.startswith('e') and not l.startswith('exc')]
        ee = [l for l in le if l.startswith('e') and not l.startswith('exc')]
        if er != ee or not n:
            print('  exceptions ref:    ' + ('; '.join(er) or 'none'))
            print('  exceptions a64emu: ' + ('; '.join(ee) or 'none'))
        other = [l for l in le if '<' in l] + [l for l in lr if '<' in l]
        for l in other:
            print('  ' + l)

    def full_detail(self, c, lr, le, elf):
        """Full state lines of a case that mismatched in compact mode: rerun
        it alone, or if that passes, its whole image in full mode."""
        bad, elf1 = self.fails(c, 'full')
        if bad is not None:
            return bad[0], bad[1], bad[2], elf1
        print('(case %d passes when run alone; rerunning its image in full '
              'mode)' % c.idx)
        for name, cs in self.images:
            if callable(cs):
                if not cs.first <= c.idx < cs.first + IMAGE_STRIDE:
                    continue
                cs = cs()
            if any(x.idx == c.idx for x in cs):
                c = next(x for x in cs if x.idx == c.idx)
                elf2 = self.build(cs, name + '-full')
                ref, emu = self.run_pair(elf2)
                for b in self.compare(cs, ref, emu):
                    if b[0] is c:
                        return c, b[1], b[2], elf2
        return c, lr, le, elf

    # -- minimisation -------------------------------------------------------
    def fails(self, c, tag):
        elf = self.build([c], 'min-%d-%s' % (c.idx, tag))
        ref, emu = self.run_pair(elf)
        bad = self.compare([c], ref, emu)
        return (bad[0], elf) if bad else (None, elf)

    def minimize(self, c):
        """Shortest failing prefix, then drop units one at a time."""
        units = list(c.units)
        mk = lambda us: c.with_units(us)
        step = [0]

        def f(us):
            step[0] += 1
            return self.fails(mk(us), str(step[0]))[0] is not None

        if not f(units):
            return None
        lo, hi = 0, len(units)          # prefix of hi fails
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if f(units[:mid]):
                hi = mid
            else:
                lo = mid
        units = units[:hi]
        i = 0
        while i < len(units) - 1:
            trial = units[:i] + units[i + 1:]
            if f(trial):
                units = trial
            else:
                i += 1
        m = mk(units)
        m.flags = 1                     # dump the sandbox word by word
        return m

    def save_regression(self, m, lr, le):
        REGRESSIONS = self.a.save_dir
        os.makedirs(REGRESSIONS, exist_ok=True)
        j = m.to_json()
        j['flags'] = 1
        words = '-'.join('%08x' % w for w, t in m.words() if t != 'prep')
        h = hashlib.sha1(words.encode()).hexdigest()[:8]
        tags = [t for _, t in m.words() if t != 'prep']
        j['note'] = self.a.note or 'ref: %s | a64emu: %s' % (
            ' '.join(sorted(set(lr) - set(le)))[:300],
            ' '.join(sorted(set(le) - set(lr)))[:300])
        path = os.path.join(REGRESSIONS, '%s-%s-%s.json' %
                            (m.cls, (tags[-1] if tags else 'x'), h))
        with open(path, 'w') as f:
            json.dump(j, f, indent=1)
            f.write('\n')
        return path


IMAGE_STRIDE = 100000           # case numbers per generated image


def image_thunk(tables, seed, k, n, classes, per_case, unaligned=False):
    def make():
        return gen.generate(tables, seed * 1000003 + k, n, classes, per_case,
                            first_idx=k * IMAGE_STRIDE, unaligned=unaligned)
    make.first = k * IMAGE_STRIDE
    return make


def load_regressions(paths):
    cases = []
    for p in paths:
        files = sorted(glob.glob(os.path.join(p, '*.json'))) \
            if os.path.isdir(p) else [p]
        for fn in files:
            with open(fn) as f:
                j = json.load(f)
            for k in (j if isinstance(j, list) else [j]):
                c = gen.Case.from_json(k)
                c.idx = REGRESSION_BASE + len(cases)
                c.source = fn
                cases.append(c)
    return cases


def stats(r, images):
    """Run the reference only; count instances and exceptions per pattern,
    to see how much of each class is really executed."""
    import collections
    inst = collections.Counter()
    exc = collections.Counter()
    for name, cs in images:
        elf = r.build(cs, name)
        _, out, _ = run_emu(r.ref, elf, r.a.timeout)
        syms = {}
        nm = subprocess.run([gen.CROSS + 'nm', elf], stdout=subprocess.PIPE
                            ).stdout.decode()
        for line in nm.splitlines():
            f = line.split()
            if len(f) == 3 and f[2].startswith('diff_body_'):
                syms[int(f[2][10:])] = int(f[0], 16)
        byidx = {c.idx: c for c in cs}
        for c in cs:
            for w, t in c.words():
                inst[(c.cls, t)] += 1
        cases, _ = split_cases(out)
        for idx, lines in cases.items():
            c = byidx[idx]
            ws = c.words()
            for l in lines:
                if l.startswith('e') and 'elr=' in l:
                    f = dict(x.split('=') for x in l.split()[1:])
                    k = (int(f['elr'], 16) - syms[idx]) // 4
                    if (int(f['esr'], 16) >> 26) in (0x15, 0x16, 0x17):
                        k -= 1              # ELR is past SVC/HVC/SMC
                    t = ws[k][1] if 0 <= k < len(ws) else '<harness>'
                    exc[(c.cls, t, 'EC%02x' % (int(f['esr'], 16) >> 26))] += 1
    print('%-8s %-16s %8s  exceptions' % ('class', 'pattern', 'count'))
    for (cls, t), n in sorted(inst.items()):
        ex = ', '.join('%s %d' % (k[2], v) for k, v in sorted(exc.items())
                       if k[0] == cls and k[1] == t)
        print('%-8s %-16s %8d  %s' % (cls, t, n, ex))
    return 0


def by_pattern(r, a, failures):
    """One line per mismatching pattern (cases of one instruction each):
    count, word, disassembly, first differing registers ref/got."""
    groups = {}
    for c, lr, le, elf in failures:
        tags = [t for _, t in c.words() if t != 'prep']
        groups.setdefault(' '.join(tags), []).append(c)
    print('\nmismatching patterns: %d' % len(groups))
    for key, cs in sorted(groups.items()):
        c = cs[0]
        bad, elf = r.fails(c, 'full')
        if bad is None:
            print('PATTERN %s %d cases: case %d passes alone' %
                  (key, len(cs), c.idx))
            continue
        _, lr, le = bad
        d = r.disasm(c, elf)
        sr, se = parse_state(lr), parse_state(le)
        diffs = []
        for k in dict.fromkeys(list(sr) + list(se)):
            if sr.get(k) != se.get(k):
                init = ''
                if k[:1] == 'v' and k[1:].isdigit() and c.fp is not None:
                    init = ' init=%032x' % c.fp[1][int(k[1:])]
                diffs.append('%s ref=%s got=%s%s' % (k, sr.get(k), se.get(k),
                                                    init))
        er = [l for l in le if l.startswith('e') and 'esr=' in l]
        print('PATTERN %s %d cases | %s | fpcr=%s | %s%s' % (
            key, len(cs), d[-1].strip() if d else '?',
            '%08x' % c.fp[0] if c.fp is not None else '-',
            '; '.join(diffs)[:400],
            (' | a64emu exc: ' + er[0][:60]) if er else ''))
        if a.save:
            r.save_regression(c, lr, le)
    sys.stdout.flush()


def main(argv=None):
    ap = argparse.ArgumentParser(
        description='a64emu vs qemu-system-aarch64 differential test')
    ap.add_argument('--emu', default=os.path.join(gen.ROOT, 'build', 'tools',
                                                  'a64emu'))
    ap.add_argument('--ref', default='qemu-system-aarch64')
    ap.add_argument('--cpu', default='max',
                    help='-cpu model for both emulators (max, cortex-a57, '
                    'cortex-a72): checks feature gating')
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--count', type=int, default=10000,
                    help='random instruction instances (0: regressions only)')
    ap.add_argument('--classes', default=','.join(gen.ALL_CLASSES))
    ap.add_argument('--per-case', type=int, default=16)
    ap.add_argument('--per-image', type=int, default=20000)
    ap.add_argument('--jobs', type=int, default=max(1, (os.cpu_count() or 2) // 2))
    ap.add_argument('--timeout', type=float, default=300)
    ap.add_argument('--workdir')
    ap.add_argument('--keep', action='store_true',
                    help='keep passing images in the work directory')
    ap.add_argument('--replay', action='append', default=[],
                    help='case file or directory to run (default: regressions)')
    ap.add_argument('--insn', action='append', default=[],
                    help='directed case: comma-separated hex words, run with '
                    'random initial state (--seed); may be repeated')
    ap.add_argument('--unaligned', action='store_true',
                    help='30%% of plain loads/stores misaligned (QEMU 7.2 '
                    'does not fault them with the MMU off; the architecture '
                    'does: Device memory)')
    ap.add_argument('--insn-class', default='dp',
                    help='initial state of --insn cases: dp (integer) or an '
                    'FP class (random V0-V31 and FPCR too)')
    ap.add_argument('--skip-unless-env', metavar='VAR',
                    help='exit 77 (skipped) unless environment variable VAR '
                    'is 1')
    ap.add_argument('--reduced', metavar='WHY',
                    help='print that this run has fewer instances than '
                    'usual, and why (meson: sanitizer builds)')
    ap.add_argument('--by-pattern', action='store_true',
                    help='triage (use with --per-case 1): group mismatching '
                    'cases by pattern, rerun one per pattern in full and '
                    'print one line each (with --save: store it)')
    ap.add_argument('--no-regressions', action='store_true')
    ap.add_argument('--no-minimize', action='store_true')
    ap.add_argument('--save', action='store_true',
                    help='save minimised mismatches into regressions/')
    ap.add_argument('--full', action='store_true',
                    help='print full state of every case (default: a hash '
                    'per case, mismatches rerun in full)')
    ap.add_argument('--stats', action='store_true',
                    help='reference only: exception counts by class/pattern')
    ap.add_argument('--note', help='note stored in saved case files')
    ap.add_argument('--save-dir', default=REGRESSIONS,
                    help='where --save puts minimised cases')
    ap.add_argument('--max-report', type=int, default=8,
                    help='distinct mismatches to print and minimise')
    a = ap.parse_args(argv)
    if a.skip_unless_env and os.environ.get(a.skip_unless_env) != '1':
        print('SKIP: set %s=1 to run this test' % a.skip_unless_env)
        return 77
    if a.reduced:
        print('NOTE: reduced instance count (%s)' % a.reduced)
    if a.cpu != 'max':
        MACHINE_OPTS[MACHINE_OPTS.index('-cpu') + 1] = a.cpu

    missing = [p for p in (a.ref.split()[0], gen.CROSS + 'gcc',
                           a.emu.split()[0]) if not which(p)]
    if missing:
        print('SKIP: not found: ' + ', '.join(missing))
        return 77

    r = Runner(a)
    for w in r.tables.warnings:
        print('run_diff: warning:', w)
    classes = [c for c in a.classes.split(',') if c]
    for c in classes:
        if c not in gen.ALL_CLASSES + gen.EXTRA_CLASSES:
            print('run_diff: unknown class %s' % c)
            return 2
        if c != 'undef' and not r.tables.by_class.get(c):
            print('run_diff: warning: class %s has no patterns yet, skipped'
                  % c)
    classes = [c for c in classes
               if c == 'undef' or r.tables.by_class.get(c)]

    images = []
    replay = a.replay or ([] if a.no_regressions else [REGRESSIONS])
    reg = load_regressions(replay)
    if reg:
        images.append(('regressions', reg))
    if a.insn:
        import random
        rng = random.Random(a.seed)
        dc = []
        for k, spec in enumerate(a.insn):
            c = gen.make_case(r.tables, rng, 2000000000 + k, a.insn_class,
                              0)
            u = gen.Unit()
            for w in spec.split(','):
                w = int(w, 16)
                p = r.tables.first_match(w)
                u.add(w, p.name if p else 'undecoded')
            c.units = [u]
            c.cls = 'insn' if c.fp is None else 'insn-fp'
            dc.append(c)
        images.append(('insn', dc))
        a.count = 0
        if a.save:
            # Directed cases are saved as given (pass or fail).
            for c in dc:
                print('saved', r.save_regression(c, [], []))
    if a.count > 0 and classes:
        # Image k holds per_image instances drawn with its own seed, so
        # images are generated lazily (a 10M run never holds all cases) and
        # any image can be regenerated alone.
        nimg = (a.count + a.per_image - 1) // a.per_image
        for k in range(nimg):
            n = min(a.per_image, a.count - k * a.per_image)
            images.append(('s%d-img%02d' % (a.seed, k),
                           image_thunk(r.tables, a.seed, k, n, classes,
                                       a.per_case, a.unaligned)))

    if a.stats:
        return stats(r, [(n, cs() if callable(cs) else cs)
                         for n, cs in images])

    r.images = images
    t0 = time.time()
    npass = nfail = ninst = 0
    failures = []

    def job(name, cs):
        cs = cs() if callable(cs) else cs
        elf, ref, emu, bad = r.run_image(cs, name)
        return (name, len(cs), sum(c.count() for c in cs), elf, ref, emu,
                bad)

    with cf.ThreadPoolExecutor(a.jobs) as ex:
        pending = []
        todo = list(images)
        while todo or pending:
            while todo and len(pending) < a.jobs + 1:
                name, cs = todo.pop(0)
                pending.append(ex.submit(job, name, cs))
            name, ncs, ni, elf, ref, emu, bad = pending.pop(0).result()
            san = [l for l in emu[1].splitlines()
                   if 'runtime error:' in l or 'Sanitizer' in l]
            if san:
                print('%s: sanitizer report from a64emu:\n  %s' %
                      (name, '\n  '.join(san[:10])))
                nfail += 1
            if ref[0] != emu[0]:
                # Same output but a different exit (crash after the last case,
                # sanitizer report, timeout) is a failure too.
                print('%s: exit status differs: reference %s, a64emu %s' %
                      (name, ref[0], emu[0]))
                err = emu[1][emu[1].find('[stderr]'):] if '[stderr]' in \
                    emu[1] else emu[1][-2000:]
                print(err[:3000])
                nfail += 1
            ninst += ni
            nfail += len(bad)
            npass += ncs - len(bad)
            failures += [(c, lr, le, elf) for c, lr, le in bad]
            print('%s: %d cases, %d instances, ref %.1fs rc=%s, a64emu %.1fs '
                  'rc=%s, %d mismatching' %
                  (name, ncs, ni, ref[2], ref[0], emu[2], emu[0], len(bad)))
            if not a.keep and not bad:
                for ext in ('.S', '.json', '.elf'):
                    try:
                        os.unlink(elf[:-4] + ext)
                    except OSError:
                        pass
            sys.stdout.flush()

    if failures and a.by_pattern:
        by_pattern(r, a, failures)
        failures = []
    if failures:
        print('\nmismatching cases by class and first differing line:')
        seen = {}
        for c, lr, le, _ in failures:
            first = next((x for x in zip(lr + ['<none>'] * 40,
                                         le + ['<none>'] * 40)
                          if x[0] != x[1]), ('?', '?'))
            key = (c.cls, first[0].split('=')[0])
            seen.setdefault(key, []).append((c, first))
        for (cls, k), lst in sorted(seen.items()):
            c, first = lst[0]
            print('  %-7s %-6s %5d cases  e.g. case %d: ref %s / a64emu %s%s'
                  % (cls, k, len(lst), c.idx, first[0], first[1],
                     (' [' + c.source + ']') if hasattr(c, 'source') else ''))
        # Report and minimise up to --max-report mismatches, skipping those
        # that contain a pattern already found guilty: one run then lists
        # each distinct bug once.
        culprits = set()
        reported = retries = 0
        summary = []
        for c, lr, le, elf in failures:
            if reported >= a.max_report:
                break
            tags = {t for _, t in c.words() if t != 'prep'}
            if tags & culprits:
                # Drop the units holding a known culprit: if the rest still
                # fails, there is another bug in it (at most 20 such reruns).
                if retries >= 20:
                    continue
                retries += 1
                rest = [u for u in c.units
                        if not (set(u.tags) & culprits)]
                if not rest:
                    continue
                c2 = c.with_units(rest)
                b2, e2 = r.fails(c2, 'nokn')
                if b2 is None:
                    continue
                c, lr, le, elf = b2[0], b2[1], b2[2], e2
                tags = {t for _, t in c.words() if t != 'prep'}
            reported += 1
            print()
            if not a.full:
                c, lr, le, elf = r.full_detail(c, lr, le, elf)
            r.report(c, lr, le, elf)
            if a.no_minimize:
                culprits |= tags
                continue
            m = r.minimize(c)
            if m is None:
                print('(does not fail when run alone: depends on earlier '
                      'cases)')
                culprits |= tags
                continue
            bad, melf = r.fails(m, 'final')
            if bad is None:
                print('(minimised case no longer fails)')
                culprits |= tags
                continue
            print()
            r.report(m, bad[1], bad[2], melf, 'minimised')
            mt = [t for _, t in m.words() if t != 'prep']
            culprits |= set(mt[-1:]) if mt else tags
            summary.append((m, bad[1], bad[2], melf))
            if a.save and not hasattr(c, 'source'):
                print('saved', r.save_regression(m, bad[1], bad[2]))
        if summary:
            print('\nminimised mismatches (last instruction is the culprit):')
            for m, lr, le, melf in summary:
                d = r.disasm(m, melf)
                sr, se = parse_state(lr), parse_state(le)
                keys = REG_NAMES + [k for k in list(sr) + list(se)
                                    if k not in REG_NAMES]
                diffs = ['%s ref=%s got=%s' % (k, sr.get(k), se.get(k))
                         for k in dict.fromkeys(keys)
                         if sr.get(k) != se.get(k)]
                print('  %s | %s' % (d[-1].strip() if d else '?',
                                     '; '.join(diffs)[:200]))
    print('\n%d instruction instances in %d images, %.1fs' %
          (ninst, len(images), time.time() - t0))
    print('diff: %d passed, %d failed' % (npass, nfail))
    return 1 if nfail else 0


if __name__ == '__main__':
    sys.exit(main())
