#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""decodetree.py - generate the a64emu instruction decoder from .decode tables.

Command line (see frontend/meson.build):

    python3 tools/decodetree.py --out-c a64_decode.c --out-h a64_decode.h \\
        a.decode b.decode ...

All input files share one namespace and are read in the order given.  The
input syntax follows QEMU's decodetree (32-bit instructions only):

    # comment; a trailing backslash continues a line
    %field   pos:len [pos:slen ...] [name:len] [!function=fn]
    &argset  f1 f2[:ctype] ... [!extern]
    @format  <bits> [&argset] [%field] [f=%field] [f=const] ...
    PATTERN  <bits> [@format] [&argset] [%field] [f=%field] [f=const] ...
    { ...patterns that may overlap, tried in order... }
    [ ...patterns that must not overlap... ]

Bits are written MSB first: '0'/'1' fixed, '.' part of some field, '-'
ignored; 'name:len' / 'name:slen' is an inline field (its bits are not
fixed).  Every line of bits must total 32, and every '.' bit of a pattern
must belong to one of its fields (use '-' for bits nobody looks at).  Field
segments are concatenated MSB-first; the first segment decides the sign.  A
segment may also name another field of the same pattern ('sz:3' = low three
bits of the pattern's field sz).  A field without segments must have
!function and calls fn(s, 0).  '!function=fn' passes the extracted value
through `int fn(DisasContext *s, int x)`.

Semantics of groups: the patterns are tried in file order and the first
whose trans_ function returns true wins.  Two patterns that can match the
same instruction are an error unless the innermost group containing both is
a '{ }' group.  The generated a64_decode() is a decision tree that switches
on fixed bits, so that decoding costs a few switches, not a scan.

Python API (for test generators):

    import decodetree
    pats = decodetree.parse_files(['a64-dp.decode', ...])
    # raises decodetree.DecodeError(where, msg) on any error

`pats` is a list of Pattern objects in decode order (index i = row i of
the C table a64_patterns[]), with extra attributes pats.fields,
pats.argsets, pats.formats (dicts by name) and pats.root (the top Group).
Each Pattern has:
    .name, .index, .where ("file:line")
    .mask, .value        fixed bits: insn matches iff insn & mask == value
    .undefmask           '-' bits
    .fields              dict arg-name -> Field or int (constant)
                         Field is a list of (pos, len, signed) segments
                         (pos is a str for a named-field reference), plus
                         .function (str or None) and .name
    .argset              ArgSet (.name, .fields list, .types)
    .groups              tuple of enclosing Group objects, outermost first
                         (Group: .kind '{' or '[', .id, .where, .members)
    .overlap_group       id of the outermost '{ }' group, or -1
    .matches(insn)       bool
    .random_insn(rng)    a random instruction matching this pattern
                         (rng: random.Random); may still be claimed by an
                         earlier pattern of the same '{ }' group, check
                         with first_match()
    .extract(insn)       dict arg-name -> int (before any !function)
decodetree.first_match(pats, insn) -> Pattern or None: the row that
a64_decode_match() returns (walks the same decision tree as the C code when
pats is a PatternList; a linear scan for a plain list).
"""

import argparse
import os
import re
import sys

MASK32 = 0xffffffff
LINEAR_MAX = 3          # leaves with at most this many candidates are a list

RE_IDENT = r'[A-Za-z_][A-Za-z0-9_]*'
RE_BITS = re.compile(r'^[01.\-]+$')
RE_INLINE_FIELD = re.compile(r'^(' + RE_IDENT + r'):(s?)([0-9]+)$')
RE_SEGMENT = re.compile(r'^([0-9]+):(s?)([0-9]+)$')
RE_NAMED_SEGMENT = re.compile(r'^(' + RE_IDENT + r'):(s?)([0-9]+)$')
RE_IDENT_FULL = re.compile(r'^' + RE_IDENT + r'$')
RE_ASSIGN = re.compile(r'^(' + RE_IDENT + r')=(.*)$')
RE_CONST = re.compile(r'^-?(0[xX][0-9a-fA-F]+|0[bB][01]+|[0-9]+)$')
RE_CTYPE = re.compile(r'^[A-Za-z_][A-Za-z0-9_ ]*$')

C_KEYWORDS = set('''auto break case char const continue default do double else
enum extern float for goto if inline int long register restrict return short
signed sizeof static struct switch typedef union unsigned void volatile while
_Bool bool'''.split())


class DecodeError(Exception):
    """An error in the .decode input; str() is 'file:line: error: msg'."""

    def __init__(self, where, msg):
        super().__init__('%s: error: %s' % (where, msg))
        self.where = where
        self.msg = msg


def parse_const(tok):
    neg = tok.startswith('-')
    t = tok[1:] if neg else tok
    if t[:2] in ('0x', '0X'):
        v = int(t[2:], 16)
    elif t[:2] in ('0b', '0B'):
        v = int(t[2:], 2)
    else:
        v = int(t, 10)
    return -v if neg else v


class Field(list):
    """A field: list of (pos, len, signed) segments, MSB first.

    pos is an int bit position, or a str naming another field of the same
    pattern (its low `len` bits are used)."""

    def __init__(self, name, segments, function, where):
        super().__init__(segments)
        self.name = name
        self.function = function
        self.where = where

    def mask(self):
        m = 0
        for pos, ln, _ in self:
            if isinstance(pos, int):
                m |= ((1 << ln) - 1) << pos
        return m

    def refs(self):
        return [pos for pos, _, _ in self if isinstance(pos, str)]

    def raw_value(self, insn, named=None):
        """Concatenated value (signed if the first segment is signed)."""
        v = 0
        width = 0
        for i, (pos, ln, sgn) in enumerate(self):
            if isinstance(pos, str):
                part = (named[pos] if named is not None else 0) & ((1 << ln) - 1)
            else:
                part = (insn >> pos) & ((1 << ln) - 1)
            if i == 0 and sgn and part >> (ln - 1):
                part -= 1 << ln
            v = (v << ln) | part if i else part
            width += ln
        # Wrap to a 32-bit C int, as the generated code does.
        v &= MASK32
        if v >> 31:
            v -= 1 << 32
        return v

    def describe(self):
        segs = []
        for pos, ln, sgn in self:
            segs.append('%s:%s%d' % (pos, 's' if sgn else '', ln))
        return ' '.join(segs)


class ArgSet:
    def __init__(self, name, fields, types, extern, where, implicit=False):
        self.name = name
        self.fields = fields            # ordered list of names
        self.types = types              # name -> C type
        self.extern = extern
        self.where = where
        self.implicit = implicit

    def ctype(self):
        return 'arg_' + self.name


class Line:
    """Common parse result of a format or pattern line."""

    def __init__(self, name, where):
        self.name = name
        self.where = where
        self.mask = 0
        self.value = 0
        self.undefmask = 0
        self.fields = {}            # ordered: name -> Field | int
        self.argset = None
        self.format = None


class Format(Line):
    pass


class Group:
    def __init__(self, kind, parent, gid, where):
        self.kind = kind            # '{' overlapping, '[' non-overlapping
        self.parent = parent
        self.id = gid
        self.where = where
        self.members = []           # Pattern | Group

    def patterns(self):
        for m in self.members:
            if isinstance(m, Group):
                yield from m.patterns()
            else:
                yield m


class Pattern(Line):
    def __init__(self, name, where):
        super().__init__(name, where)
        self.index = -1
        self.groups = ()
        self.overlap_group = -1

    def matches(self, insn):
        return (insn & self.mask) == self.value

    def random_insn(self, rng):
        return self.value | (rng.getrandbits(32) & ~self.mask & MASK32)

    def extract(self, insn):
        out = {}
        pending = []
        for n, f in self.fields.items():
            if isinstance(f, int):
                out[n] = f
            elif f.refs():
                pending.append((n, f))
            else:
                out[n] = f.raw_value(insn)
        for n, f in field_order(pending, self):
            out[n] = f.raw_value(insn, out)
        return out

    def __repr__(self):
        return '<Pattern %s %08x/%08x %s>' % (self.name, self.value,
                                              self.mask, self.where)


class PatternList(list):
    """parse_files() result: Patterns in decode order plus the namespace."""
    fields = None
    argsets = None
    formats = None
    root = None


def field_order(pending, pat):
    """Order named-field-referencing fields so references come first."""
    done = set(n for n in pat.fields if (n, pat.fields[n]) not in pending)
    out = []
    todo = list(pending)
    while todo:
        progress = False
        for item in list(todo):
            n, f = item
            refs = f.refs()
            for r in refs:
                if r not in pat.fields:
                    raise DecodeError(pat.where, 'field %s refers to %s, which '
                                      'pattern %s does not define' % (n, r, pat.name))
            if all(r in done for r in refs):
                out.append(item)
                done.add(n)
                todo.remove(item)
                progress = True
        if not progress:
            raise DecodeError(pat.where, 'circular named-field references in %s: %s'
                              % (pat.name, ', '.join(n for n, _ in todo)))
    return out


def first_match(pats, insn):
    """The first pattern of pats whose fixed bits match insn, or None.

    For a PatternList the decision tree is used (built once and cached), so
    this is cheap enough to call per generated instruction."""
    walker = getattr(pats, '_walker', None)
    if walker is None and isinstance(pats, PatternList):
        walker = pats._walker = TreeWalker(build_tree(list(pats)))
    if walker is not None:
        return walker.match(insn)
    for p in pats:
        if (insn & p.mask) == p.value:
            return p
    return None


class TreeWalker:
    """Python evaluation of a build_tree() result."""

    def __init__(self, tree):
        self.root = self.convert(tree)

    def convert(self, node):
        if isinstance(node, Leaf):
            return (None, [(p.mask, p.value, p) for p in node.cands], None)
        cases = dict((v, self.convert(sub)) for v, sub in node.cases)
        dflt = self.convert(node.default) if node.default is not None else None
        return (node.mask, cases, dflt)

    def match(self, insn):
        node = self.root
        while node is not None:
            mask, body, dflt = node
            if mask is None:
                for m, v, p in body:
                    if (insn & m) == v:
                        return p
                return None
            node = body.get(insn & mask, dflt)
        return None


class Parser:
    def __init__(self):
        self.fields = {}
        self.argsets = {}
        self.formats = {}
        self.patterns = []
        self.pattern_names = {}
        self.functions = []         # !function names in order
        self.gid = 0
        self.root = Group('[', None, 0, '<top>')
        self.cur = self.root
        self.group_stack = []       # (Group, where) opened

    # ---- lexing -------------------------------------------------------
    def read_lines(self, path):
        try:
            with open(path, encoding='utf-8') as f:
                text = f.read()
        except OSError as e:
            raise DecodeError(path, 'cannot read: %s' % e.strerror)
        fname = path
        lines = text.split('\n')
        i = 0
        while i < len(lines):
            start = i + 1
            parts = []
            while True:
                raw = lines[i]
                i += 1
                hashpos = raw.find('#')
                if hashpos >= 0:
                    raw = raw[:hashpos]
                s = raw.rstrip()
                if s.endswith('\\'):
                    parts.append(s[:-1])
                    if i < len(lines):
                        continue
                else:
                    parts.append(s)
                break
            toks = ' '.join(parts).split()
            if toks:
                yield '%s:%d' % (fname, start), toks

    # ---- top level ----------------------------------------------------
    def parse_file(self, path):
        depth0 = len(self.group_stack)
        for where, toks in self.read_lines(path):
            toks = self.split_brackets(toks)
            while toks and toks[0] in ('{', '[', '}', ']'):
                self.bracket(toks.pop(0), where)
            if not toks:
                continue
            for t in toks:
                if t in ('{', '[', '}', ']'):
                    raise DecodeError(where, "group bracket '%s' must start a line" % t)
            head = toks[0]
            if head.startswith('%'):
                self.parse_field(where, toks)
            elif head.startswith('&'):
                self.parse_argset(where, toks)
            elif head.startswith('@'):
                self.parse_format(where, toks)
            elif RE_IDENT_FULL.match(head):
                self.parse_pattern(where, toks)
            else:
                raise DecodeError(where, 'syntax error at %r' % head)
        if len(self.group_stack) != depth0:
            g, w = self.group_stack[-1]
            raise DecodeError(w, "group '%s' not closed at end of %s" % (g.kind, path))

    @staticmethod
    def split_brackets(toks):
        out = []
        for t in toks:
            while len(t) > 1 and t[0] in '{[':
                out.append(t[0])
                t = t[1:]
            tail = []
            while len(t) > 1 and t[-1] in '}]':
                tail.insert(0, t[-1])
                t = t[:-1]
            out.append(t)
            out.extend(tail)
        return out

    def bracket(self, tok, where):
        if tok in '{[':
            self.gid += 1
            g = Group(tok, self.cur, self.gid, where)
            self.cur.members.append(g)
            self.cur = g
            self.group_stack.append((g, where))
            return
        if not self.group_stack:
            raise DecodeError(where, "unmatched '%s'" % tok)
        g, w = self.group_stack.pop()
        want = '}' if g.kind == '{' else ']'
        if tok != want:
            raise DecodeError(where, "'%s' closes the '%s' group opened at %s" % (tok, g.kind, w))
        if not g.members:
            raise DecodeError(where, 'empty group (opened at %s)' % w)
        self.cur = g.parent

    # ---- definitions --------------------------------------------------
    def check_ident(self, where, name, what):
        if not RE_IDENT_FULL.match(name):
            raise DecodeError(where, 'invalid %s name %r' % (what, name))
        if name in C_KEYWORDS:
            raise DecodeError(where, '%s name %r is a C keyword' % (what, name))

    def parse_field(self, where, toks):
        name = toks[0][1:]
        self.check_ident(where, name, 'field')
        if name in self.fields:
            raise DecodeError(where, 'field %%%s already defined at %s'
                              % (name, self.fields[name].where))
        segs = []
        func = None
        width = 0
        for t in toks[1:]:
            if t.startswith('!function='):
                if func is not None:
                    raise DecodeError(where, 'duplicate !function')
                func = t[len('!function='):]
                self.check_ident(where, func, 'function')
                continue
            if t.startswith('!'):
                raise DecodeError(where, 'unknown field option %r' % t)
            m = RE_SEGMENT.match(t)
            if m:
                pos, sgn, ln = int(m.group(1)), m.group(2) == 's', int(m.group(3))
                if ln == 0 or pos + ln > 32:
                    raise DecodeError(where, 'field segment %s out of range' % t)
                segs.append((pos, ln, sgn))
                width += ln
                continue
            m = RE_NAMED_SEGMENT.match(t)
            if m:
                ref, sgn, ln = m.group(1), m.group(2) == 's', int(m.group(3))
                if ln == 0 or ln > 32:
                    raise DecodeError(where, 'field segment %s out of range' % t)
                segs.append((ref, ln, sgn))
                width += ln
                continue
            raise DecodeError(where, 'syntax error in field definition at %r' % t)
        if width > 32:
            raise DecodeError(where, 'field %%%s is %d bits wide (max 32)' % (name, width))
        if not segs and func is None:
            raise DecodeError(where, 'field %%%s has no segments and no !function' % name)
        if func is not None and func not in self.functions:
            self.functions.append(func)
        self.fields[name] = Field(name, segs, func, where)

    def parse_argset(self, where, toks):
        name = toks[0][1:]
        self.check_ident(where, name, 'argument set')
        flds = []
        types = {}
        extern = False
        for t in toks[1:]:
            if t == '!extern':
                extern = True
                continue
            if t.startswith('!'):
                raise DecodeError(where, 'unknown argument set option %r' % t)
            n, _, ty = t.partition(':')
            self.check_ident(where, n, 'argument')
            if n in types:
                raise DecodeError(where, 'duplicate argument %s in &%s' % (n, name))
            if ty and not RE_CTYPE.match(ty):
                raise DecodeError(where, 'invalid type %r' % ty)
            flds.append(n)
            types[n] = ty or 'int'
        new = ArgSet(name, flds, types, extern, where)
        old = self.argsets.get(name)
        if old is not None:
            # Like QEMU, an !extern re-declaration is fine if it agrees.
            if (old.extern or extern) and old.fields == flds and old.types == types:
                old.extern = old.extern and extern
                return
            raise DecodeError(where, 'argument set &%s already defined at %s' % (name, old.where))
        self.argsets[name] = new

    def parse_bits_and_args(self, line, toks, is_format):
        pos = 32
        where = line.where
        for t in toks:
            if RE_BITS.match(t):
                for c in t:
                    pos -= 1
                    if pos < 0:
                        break
                    bit = 1 << pos
                    if c == '0':
                        line.mask |= bit
                    elif c == '1':
                        line.mask |= bit
                        line.value |= bit
                    elif c == '-':
                        line.undefmask |= bit
                if pos < 0:
                    raise DecodeError(where, '%s %s is longer than 32 bits'
                                      % ('format' if is_format else 'pattern', line.name))
                continue
            m = RE_INLINE_FIELD.match(t)
            if m:
                fname, sgn, ln = m.group(1), m.group(2) == 's', int(m.group(3))
                if ln == 0 or ln > pos:
                    raise DecodeError(where, 'inline field %s does not fit (%d bits left)'
                                      % (t, pos))
                pos -= ln
                self.add_arg(line, fname, Field(fname, [(pos, ln, sgn)], None, where))
                continue
            if t.startswith('%'):
                fname = t[1:]
                if fname not in self.fields:
                    raise DecodeError(where, 'unknown field %%%s' % fname)
                self.add_arg(line, fname, self.fields[fname])
                continue
            if t.startswith('&'):
                aname = t[1:]
                if aname not in self.argsets:
                    raise DecodeError(where, 'unknown argument set &%s' % aname)
                if line.argset is not None:
                    raise DecodeError(where, 'more than one argument set')
                line.argset = self.argsets[aname]
                continue
            if t.startswith('@'):
                if is_format:
                    raise DecodeError(where, 'a format cannot use another format (%s)' % t)
                fname = t[1:]
                if fname not in self.formats:
                    raise DecodeError(where, 'unknown format @%s' % fname)
                if line.format is not None:
                    raise DecodeError(where, 'more than one format')
                line.format = self.formats[fname]
                continue
            m = RE_ASSIGN.match(t)
            if m:
                aname, rhs = m.group(1), m.group(2)
                self.check_ident(where, aname, 'argument')
                if rhs.startswith('%'):
                    fname = rhs[1:]
                    if fname not in self.fields:
                        raise DecodeError(where, 'unknown field %%%s' % fname)
                    self.add_arg(line, aname, self.fields[fname])
                elif RE_CONST.match(rhs):
                    self.add_arg(line, aname, parse_const(rhs))
                else:
                    raise DecodeError(where, 'bad value in %r' % t)
                continue
            raise DecodeError(where, 'syntax error at %r' % t)
        if pos != 0:
            raise DecodeError(where, '%s %s has %d bits, not 32'
                              % ('format' if is_format else 'pattern', line.name, 32 - pos))

    @staticmethod
    def add_arg(line, name, val):
        if name in line.fields:
            raise DecodeError(line.where, 'field %s assigned twice in %s' % (name, line.name))
        line.fields[name] = val

    def parse_format(self, where, toks):
        name = toks[0][1:]
        self.check_ident(where, name, 'format')
        if name in self.formats:
            raise DecodeError(where, 'format @%s already defined at %s'
                              % (name, self.formats[name].where))
        fmt = Format(name, where)
        self.parse_bits_and_args(fmt, toks[1:], True)
        if fmt.argset is not None:
            for n in fmt.fields:
                if n not in fmt.argset.types:
                    raise DecodeError(where, 'field %s is not in argument set &%s'
                                      % (n, fmt.argset.name))
        self.formats[name] = fmt

    def parse_pattern(self, where, toks):
        name = toks[0]
        self.check_ident(where, name, 'pattern')
        if name in self.pattern_names:
            raise DecodeError(where, 'duplicate pattern name %s (first at %s)'
                              % (name, self.pattern_names[name].where))
        pat = Pattern(name, where)
        self.parse_bits_and_args(pat, toks[1:], False)
        fmt = pat.format
        if fmt is not None:
            conflict = pat.mask & fmt.mask & (pat.value ^ fmt.value)
            if conflict:
                raise DecodeError(where, 'fixed bits 0x%08x of %s contradict format @%s (%s)'
                                  % (conflict, name, fmt.name, fmt.where))
            pat.mask |= fmt.mask
            pat.value |= fmt.value
            pat.undefmask |= fmt.undefmask
            merged = dict(fmt.fields)
            for n, v in pat.fields.items():
                if n in merged:
                    raise DecodeError(where, 'field %s assigned twice: in %s and in format '
                                      '@%s (%s)' % (n, name, fmt.name, fmt.where))
                merged[n] = v
            pat.fields = merged
        pat.undefmask &= ~pat.mask
        fieldmask = 0
        for v in pat.fields.values():
            if isinstance(v, Field):
                fieldmask |= v.mask()
        loose = MASK32 & ~(pat.mask | pat.undefmask | fieldmask)
        if loose:
            raise DecodeError(where, "bits 0x%08x of %s are '.' but in no field "
                              "(write '-' for ignored bits)" % (loose, name))
        # Resolve the argument set.
        aset = pat.argset or (fmt.argset if fmt is not None else None)
        if aset is not None:
            for n in pat.fields:
                if n not in aset.types:
                    raise DecodeError(where, 'field %s of %s is not in argument set &%s'
                                      % (n, name, aset.name))
            for n in aset.fields:
                if n not in pat.fields:
                    raise DecodeError(where, 'argument %s of &%s is not set by %s'
                                      % (n, aset.name, name))
        elif fmt is not None and set(pat.fields) == set(fmt.fields):
            aset = self.implicit_format_argset(fmt)
        else:
            aset = ArgSet(name, list(pat.fields), dict((n, 'int') for n in pat.fields),
                          False, where, implicit=True)
        pat.argset = aset
        # Named-field references must resolve (raises otherwise).
        field_order([(n, f) for n, f in pat.fields.items()
                     if isinstance(f, Field) and f.refs()], pat)
        pat.index = len(self.patterns)
        self.patterns.append(pat)
        self.pattern_names[name] = pat
        self.cur.members.append(pat)

    def implicit_format_argset(self, fmt):
        if getattr(fmt, 'implicit_argset', None) is None:
            fmt.implicit_argset = ArgSet(fmt.name, list(fmt.fields),
                                         dict((n, 'int') for n in fmt.fields),
                                         False, fmt.where, implicit=True)
        return fmt.implicit_argset

    # ---- whole-table checks -------------------------------------------
    def finish(self):
        # Group paths.
        def walk(g, path):
            for m in g.members:
                if isinstance(m, Group):
                    walk(m, path + (m,))
                else:
                    m.groups = path
                    ov = [x for x in path if x.kind == '{']
                    m.overlap_group = ov[0].id if ov else -1
        walk(self.root, ())
        self.check_overlaps()
        self.check_type_names()

    def check_overlaps(self):
        pats = self.patterns
        errors = []
        n = len(pats)
        # Bucket by the bits fixed in every pattern to avoid most pairs.
        common = MASK32
        for p in pats:
            common &= p.mask
        buckets = {}
        for p in pats:
            buckets.setdefault(p.value & common, []).append(p)
        for lst in buckets.values():
            data = [(p.mask, p.value) for p in lst]
            for i in range(len(lst)):
                mi, vi = data[i]
                for j in range(i + 1, len(lst)):
                    mj, vj = data[j]
                    if (vi ^ vj) & mi & mj:
                        continue
                    a, b = lst[i], lst[j]
                    k = 0
                    while (k < len(a.groups) and k < len(b.groups)
                           and a.groups[k] is b.groups[k]):
                        k += 1
                    lca = a.groups[k - 1] if k else self.root
                    if lca.kind == '{':
                        continue
                    both = (vi | vj) & MASK32
                    if lca is self.root:
                        ctx = 'outside any { } group'
                    else:
                        ctx = "in the '[ ]' group at %s" % lca.where
                    errors.append(DecodeError(b.where, 'pattern %s overlaps %s (%s) %s; '
                                              'both match e.g. 0x%08x'
                                              % (b.name, a.name, a.where, ctx, both)))
        if errors:
            raise MultiError(errors)

    def check_type_names(self):
        structs = {}
        for a in self.all_argsets():
            if a.ctype() in structs and structs[a.ctype()] is not a:
                other = structs[a.ctype()]
                raise DecodeError(a.where, 'type %s (%s) collides with the one from %s'
                                  % (a.ctype(), describe_argset(a), other.where))
            structs[a.ctype()] = a
        for p in self.patterns:
            t = 'arg_' + p.name
            if t in structs and structs[t] is not p.argset:
                raise DecodeError(p.where, 'type %s of pattern %s collides with %s (%s)'
                                  % (t, p.name, describe_argset(structs[t]),
                                     structs[t].where))

    def all_argsets(self):
        seen = []
        ids = set()
        for a in self.argsets.values():
            seen.append(a)
            ids.add(id(a))
        for p in self.patterns:
            if id(p.argset) not in ids:
                seen.append(p.argset)
                ids.add(id(p.argset))
        return seen


def describe_argset(a):
    if not a.implicit:
        return 'argument set &%s' % a.name
    return 'implicit argument set of %s' % a.name


class MultiError(Exception):
    def __init__(self, errors):
        super().__init__('\n'.join(str(e) for e in errors))
        self.errors = errors


def parse(paths):
    p = Parser()
    for path in paths:
        p.parse_file(path)
    p.finish()
    return p


def parse_files(paths):
    """Parse .decode files; return a PatternList (see module docstring).

    Raises DecodeError, or MultiError (with .errors) for overlaps."""
    p = parse(paths)
    out = PatternList(p.patterns)
    out.fields = p.fields
    out.argsets = p.argsets
    out.formats = p.formats
    out.root = p.root
    return out


# ---- decision tree ----------------------------------------------------
class Switch:
    def __init__(self, mask, cases, default):
        self.mask = mask
        self.cases = cases          # list of (value, node)
        self.default = default      # node or None


class Leaf:
    def __init__(self, cands, known):
        self.cands = cands
        self.known = known


def build_tree(cands, known=0, budget=None):
    """Decision tree over cands (first match wins) given the bits in known.

    Bits fixed by every candidate are switched on directly (each candidate
    lands in exactly one case).  Otherwise the bits fixed by the largest
    subset are used and the other candidates are copied into every case;
    budget caps the copies so that pathological tables degrade into linear
    lists instead of exponential trees."""
    if budget is None:
        budget = [4 * len(cands) + 256]
    if len(cands) <= 1:
        return Leaf(cands, known)
    common = MASK32 & ~known
    for p in cands:
        common &= p.mask
    if common:
        cases = {}
        for p in cands:
            cases.setdefault(p.value & common, []).append(p)
        return Switch(common, [(v, build_tree(lst, known | common, budget))
                               for v, lst in sorted(cases.items())], None)
    if len(cands) <= LINEAR_MAX:
        return Leaf(cands, known)
    best, bestn = 0, 0
    for b in range(32):
        bit = 1 << b
        if known & bit:
            continue
        nfix = sum(1 for p in cands if p.mask & bit)
        if nfix > bestn:
            best, bestn = bit, nfix
    if bestn == 0:
        return Leaf(cands, known)   # nothing left to test: try them in order
    sel = MASK32 & ~known
    for p in cands:
        if p.mask & best:
            sel &= p.mask
    vals = sorted(set(p.value & sel for p in cands if (p.mask & sel) == sel))
    subs = [(v, [p for p in cands if ((p.value ^ v) & p.mask & sel) == 0]) for v in vals]
    partial = [p for p in cands if (p.mask & sel) != sel]
    copies = sum(len(lst) for _, lst in subs) + len(partial) - len(cands)
    if copies > budget[0]:
        return Leaf(cands, known)
    budget[0] -= copies
    cases = [(v, build_tree(lst, known | sel, budget)) for v, lst in subs]
    default = build_tree(partial, known, budget) if partial else None
    return Switch(sel, cases, default)


# ---- C output ---------------------------------------------------------
def c_field_expr(f, insn='insn', argvar='a'):
    parts = []
    for i, (pos, ln, sgn) in enumerate(f):
        if isinstance(pos, str):
            src = '(uint32_t)%s->%s' % (argvar, pos)
            if i == 0 and sgn:
                e = 'dt_sextract(%s, 0, %d)' % (src, ln)
            else:
                e = 'dt_extract(%s, 0, %d)' % (src, ln)
        elif i == 0 and sgn:
            e = 'dt_sextract(%s, %d, %d)' % (insn, pos, ln)
        else:
            e = 'dt_extract(%s, %d, %d)' % (insn, pos, ln)
        parts.append((e, ln))
    if not parts:
        expr = '0'
    elif len(parts) == 1:
        expr = '(int)' + parts[0][0]
    else:
        expr = '(uint32_t)' + parts[0][0]
        for e, ln in parts[1:]:
            expr = '(%s << %d | %s)' % (expr, ln, e)
        expr = '(int)' + expr
    if f.function:
        expr = '%s(s, %s)' % (f.function, expr)
    return expr


def gen_tree(out, node, indent, leaf_action, fail, terminal):
    pad = '    ' * indent
    if isinstance(node, Leaf):
        for p in node.cands:
            chk = p.mask & ~node.known
            if chk:
                out.append('%sif ((insn & 0x%08xu) == 0x%08xu) {' % (pad, chk, p.value & chk))
                out.append('%s    %s' % (pad, leaf_action(p)))
                out.append('%s}' % pad)
            else:
                out.append('%s%s' % (pad, leaf_action(p)))
                if terminal:
                    return      # later candidates are unreachable
        out.append('%s%s' % (pad, fail))
        return
    if len(node.cases) == 1 and node.default is None:
        v, sub = node.cases[0]
        out.append('%sif ((insn & 0x%08xu) != 0x%08xu) {' % (pad, node.mask, v))
        out.append('%s    %s' % (pad, fail))
        out.append('%s}' % pad)
        gen_tree(out, sub, indent, leaf_action, fail, terminal)
        return
    out.append('%sswitch (insn & 0x%08xu) {' % (pad, node.mask))
    for v, sub in node.cases:
        out.append('%scase 0x%08xu:' % (pad, v))
        gen_tree(out, sub, indent + 1, leaf_action, fail, terminal)
    out.append('%sdefault:' % pad)
    if node.default is not None:
        gen_tree(out, node.default, indent + 1, leaf_action, fail, terminal)
    else:
        out.append('%s    %s' % (pad, fail))
    out.append('%s}' % pad)


def project_where(where):
    """'file:line' with file relative to the project root when inside it,
    so the table reads the same whatever the build directory."""
    path, _, line = where.rpartition(':')
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    full = os.path.abspath(path)
    if full.startswith(root + os.sep):
        path = os.path.relpath(full, root)
    return '%s:%s' % (path, line)


def c_string(s):
    return '"' + s.replace('\\', '\\\\').replace('"', '\\"') + '"'


def gen_header(p, inputs):
    o = []
    o.append('/* SPDX-License-Identifier: MIT */')
    o.append('/* a64_decode.h - generated by tools/decodetree.py from %s. Do not edit. */'
             % ', '.join(os.path.basename(x) for x in inputs))
    o.append('#ifndef A64EMU_A64_DECODE_H')
    o.append('#define A64EMU_A64_DECODE_H')
    o.append('')
    o.append('#include <stdbool.h>')
    o.append('#include <stdint.h>')
    o.append('')
    o.append('#include "translate.h"')
    o.append('')
    o.append('/* Argument sets. */')
    for a in p.all_argsets():
        o.append('typedef struct {')
        for n in a.fields:
            o.append('    %s %s;' % (a.types[n], n))
        if not a.fields:
            o.append('    char unused_;  /* C forbids empty structs */')
        o.append('} %s;' % a.ctype())
    o.append('')
    o.append('/* One argument type and one trans_ function per pattern. */')
    for pat in p.patterns:
        if pat.argset.ctype() != 'arg_' + pat.name:
            o.append('typedef %s arg_%s;' % (pat.argset.ctype(), pat.name))
    o.append('')
    for pat in p.patterns:
        o.append('bool trans_%s(DisasContext *s, arg_%s *a);' % (pat.name, pat.name))
    if p.functions:
        o.append('')
        o.append('/* Field-mapping functions (defined by the .decode file owners). */')
        for fn in p.functions:
            o.append('int %s(DisasContext *s, int x);' % fn)
    o.append('')
    o.append('/* Decode insn and call the trans_ function of the first pattern whose')
    o.append(' * bits match and whose trans_ returns true. False = UNDEFINED. */')
    o.append('bool a64_decode(DisasContext *s, uint32_t insn);')
    o.append('/* Index into a64_patterns[] of the first pattern matching insn by its')
    o.append(' * fixed bits (no trans_ called), or -1. */')
    o.append('int a64_decode_match(uint32_t insn);')
    o.append('')
    o.append('/* One row per pattern, in decode order. group: id of the outermost')
    o.append(' * { } overlap group holding the pattern, -1 if none; two rows can')
    o.append(' * match the same insn only if they share a group id >= 0. */')
    o.append('typedef struct A64PatternInfo {')
    o.append('    const char *name;')
    o.append('    uint32_t mask, value;')
    o.append('    const char *where;')
    o.append('    int group;')
    o.append('} A64PatternInfo;')
    o.append('extern const A64PatternInfo a64_patterns[]; /* + a NULL-name sentinel */')
    o.append('extern const unsigned a64_pattern_count;')
    o.append('')
    o.append('#endif')
    return '\n'.join(o) + '\n'


def gen_source(p, inputs, header_name):
    o = []
    o.append('/* SPDX-License-Identifier: MIT */')
    o.append('/* a64_decode.c - generated by tools/decodetree.py from %s. Do not edit. */'
             % ', '.join(os.path.basename(x) for x in inputs))
    o.append('#include "%s"' % header_name)
    o.append('')
    o.append('static inline uint32_t dt_extract(uint32_t x, unsigned pos, unsigned len)')
    o.append('{')
    o.append('    return (x >> pos) & (len >= 32 ? 0xffffffffu : (1u << len) - 1);')
    o.append('}')
    o.append('')
    o.append('static inline int32_t dt_sextract(uint32_t x, unsigned pos, unsigned len)')
    o.append('{')
    o.append('    /* gcc/clang: >> of a negative int is arithmetic. */')
    o.append('    return (int32_t)(x << (32 - pos - len)) >> (32 - len);')
    o.append('}')
    o.append('')
    o.append('const A64PatternInfo a64_patterns[] = {')
    for pat in p.patterns:
        o.append('    { %s, 0x%08xu, 0x%08xu, %s, %d },'
                 % (c_string(pat.name), pat.mask, pat.value, c_string(project_where(pat.where)),
                    pat.overlap_group))
    o.append('    { 0, 0, 0, 0, -1 },')
    o.append('};')
    o.append('const unsigned a64_pattern_count = %d;' % len(p.patterns))
    o.append('')
    for pat in p.patterns:
        o.append('static bool dt_try_%s(DisasContext *s, uint32_t insn)' % pat.name)
        o.append('{')
        o.append('    arg_%s a;' % pat.name)
        consts = []
        plain = []
        refs = []
        for n, f in pat.fields.items():
            if isinstance(f, int):
                consts.append((n, f))
            elif f.refs():
                refs.append((n, f))
            else:
                plain.append((n, f))
        if not pat.argset.fields:
            o.append('    a.unused_ = 0;')
        for n, f in plain:
            o.append('    a.%s = %s;' % (n, c_field_expr(f, argvar='(&a)')))
        for n, v in consts:
            o.append('    a.%s = %d;' % (n, v))
        for n, f in field_order(refs, pat):
            o.append('    a.%s = %s;' % (n, c_field_expr(f, argvar='(&a)')))
        o.append('    (void)insn;')
        o.append('    return trans_%s(s, &a);' % pat.name)
        o.append('}')
        o.append('')
    tree = build_tree(p.patterns)
    o.append('bool a64_decode(DisasContext *s, uint32_t insn)')
    o.append('{')
    gen_tree(o, tree, 1,
             lambda pat: 'if (dt_try_%s(s, insn)) return true;' % pat.name,
             'return false;', False)
    o.append('}')
    o.append('')
    o.append('int a64_decode_match(uint32_t insn)')
    o.append('{')
    gen_tree(o, tree, 1, lambda pat: 'return %d; /* %s */' % (pat.index, pat.name),
             'return -1;', True)
    o.append('}')
    return '\n'.join(o) + '\n'


def write_file(path, text):
    tmp = path + '.tmp'
    with open(tmp, 'w', encoding='utf-8') as f:
        f.write(text)
    os.replace(tmp, path)


def main(argv=None):
    ap = argparse.ArgumentParser(description='Generate the A64 decoder from .decode files.')
    ap.add_argument('--out-c', required=True)
    ap.add_argument('--out-h', required=True)
    ap.add_argument('inputs', nargs='+')
    args = ap.parse_args(argv)
    try:
        p = parse(args.inputs)
    except MultiError as e:
        for err in e.errors[:50]:
            print(err, file=sys.stderr)
        if len(e.errors) > 50:
            print('... %d more overlap errors' % (len(e.errors) - 50), file=sys.stderr)
        return 1
    except DecodeError as e:
        print(e, file=sys.stderr)
        return 1
    hdr = gen_header(p, args.inputs)
    src = gen_source(p, args.inputs, os.path.basename(args.out_h))
    write_file(args.out_h, hdr)
    write_file(args.out_c, src)
    return 0


if __name__ == '__main__':
    sys.exit(main())
