/* SPDX-License-Identifier: MIT */
/*
 * ir_opt.c - passes over one block: constant folding with a few algebraic
 * identities, guest-register/flag get/set forwarding with dead-store (and so
 * dead-flag) elimination, and dead-code elimination.
 *
 * Passes never renumber: a removed instruction is marked IR_F_DEAD and uses
 * of a replaced value are rewritten in place, so indices stay stable.
 */
#include <glib.h>
#include <string.h>

#include "ir.h"
#include "ir_eval.h"

/* Per-thread scratch for the replacement map (blocks are translated by the
 * vCPU thread that runs them). */
static __thread IrValue *repl_buf;
static __thread uint32_t repl_cap;

static IrValue *repl_map(uint32_t n)
{
    if (n > repl_cap) {
        repl_cap = n < 256 ? 256 : n * 2;
        repl_buf = g_renew(IrValue, repl_buf, repl_cap);
    }
    for (uint32_t i = 0; i < n; i++)
        repl_buf[i] = IR_NONE;
    return repl_buf;
}

static inline IrValue resolve(const IrValue *repl, IrValue v)
{
    while (v != IR_NONE && repl[v] != IR_NONE)
        v = repl[v];
    return v;
}

static void rewrite_args(IrBlock *b, IrInst *in, const IrValue *repl)
{
    for (unsigned k = 0; k < 4; k++)
        if (in->args[k] != IR_NONE && in->args[k] < b->n)
            in->args[k] = resolve(repl, in->args[k]);
}

static void rewrite_term(IrBlock *b, const IrValue *repl)
{
    if ((b->term.kind == IR_TERM_COND || b->term.kind == IR_TERM_INDIRECT) &&
        b->term.value != IR_NONE && b->term.value < b->n)
        b->term.value = resolve(repl, b->term.value);
}

static inline void mark_dead(IrInst *in)
{
    in->flags |= IR_F_DEAD;
}

/* ---- constant folding ------------------------------------------------ */

static bool is_const(const IrBlock *b, IrValue v, uint64_t *val)
{
    if (v == IR_NONE || v >= b->n)
        return false;
    const IrInst *d = &b->insts[v];
    if (d->op != IR_CONST || (d->flags & IR_F_DEAD))
        return false;
    *val = d->imm;
    return true;
}

static void make_const(IrInst *in, uint64_t v)
{
    in->op = IR_CONST;
    in->flags = ir_op_info[IR_CONST].flags;
    in->args[0] = in->args[1] = in->args[2] = in->args[3] = IR_NONE;
    in->imm = v & ir_type_mask((IrType)in->type);
}

/* Replace inst i by existing value v if the types agree. */
static bool forward(IrBlock *b, IrValue *repl, uint32_t i, IrValue v)
{
    if (b->insts[v].type != b->insts[i].type)
        return false;
    repl[i] = v;
    mark_dead(&b->insts[i]);
    return true;
}

void ir_opt_const_fold(IrBlock *b)
{
    IrValue *repl = repl_map(b->n);
    for (uint32_t i = 0; i < b->n; i++) {
        IrInst *in = &b->insts[i];
        if (in->flags & IR_F_DEAD)
            continue;
        rewrite_args(b, in, repl);
        if (!ir_op_is_pure(in->op))
            continue;
        unsigned nargs = ir_op_info[in->op].nargs;
        uint64_t c[3] = {0, 0, 0};
        bool isc[3] = {false, false, false};
        bool all = true;
        for (unsigned k = 0; k < nargs; k++) {
            isc[k] = is_const(b, in->args[k], &c[k]);
            all = all && isc[k];
        }
        IrType t = (IrType)in->type;
        if (all) {
            IrType at = nargs ? (IrType)b->insts[in->args[0]].type : t;
            make_const(in, ir_eval_pure(in->op, t, at, in->imm, c[0], c[1], c[2]));
            continue;
        }
        uint64_t m = ir_type_mask(t);
        IrValue a0 = in->args[0], a1 = in->args[1];
        switch (in->op) {
        case IR_SELECT:
            if (isc[0])
                forward(b, repl, i, (c[0] & 1) ? in->args[1] : in->args[2]);
            else if (in->args[1] == in->args[2])
                forward(b, repl, i, in->args[1]);
            break;
        case IR_ADD: case IR_OR: case IR_XOR:
            if (isc[1] && c[1] == 0)
                forward(b, repl, i, a0);
            else if (isc[0] && c[0] == 0)
                forward(b, repl, i, a1);
            break;
        case IR_SUB: case IR_SHL: case IR_LSHR: case IR_ASHR: case IR_ROR:
            if (isc[1] && (in->op == IR_SUB ? c[1] == 0 : (c[1] % ir_type_bits(t)) == 0))
                forward(b, repl, i, a0);
            break;
        case IR_AND:
            if ((isc[1] && c[1] == 0) || (isc[0] && c[0] == 0))
                make_const(in, 0);
            else if (isc[1] && (c[1] & m) == m)
                forward(b, repl, i, a0);
            else if (isc[0] && (c[0] & m) == m)
                forward(b, repl, i, a1);
            break;
        case IR_MUL:
            if (isc[1] && c[1] == 1)
                forward(b, repl, i, a0);
            else if (isc[0] && c[0] == 1)
                forward(b, repl, i, a1);
            else if ((isc[0] && c[0] == 0) || (isc[1] && c[1] == 0))
                make_const(in, 0);
            break;
        case IR_ZEXT: {
            /* look through a widening zero-extension: ZEXT(ZEXT(x)) with
             * x no wider than the inner field is ZEXT(x) */
            const IrInst *inner = &b->insts[a0];
            if (inner->op == IR_ZEXT &&
                ir_type_bits((IrType)b->insts[inner->args[0]].type) <= inner->imm) {
                a0 = in->args[0] = inner->args[0];
            }
            /* zero-extension of a value already no wider than the field */
            if (b->insts[a0].type == t && ir_type_bits((IrType)b->insts[a0].type) <= in->imm)
                forward(b, repl, i, a0);
            break;
        }
        case IR_EXTRACT:
            if ((in->imm & 63) == 0 && b->insts[a0].type == t &&
                (in->imm >> 8) >= ir_type_bits(t))
                forward(b, repl, i, a0);
            break;
        default:
            break;
        }
    }
    rewrite_term(b, repl);
    if (b->term.kind == IR_TERM_COND) {
        uint64_t c;
        if (is_const(b, b->term.value, &c)) {
            uint64_t target = (c & 1) ? b->term.target[0] : b->term.target[1];
            ir_term_link(b, target);
        }
    }
}

/* ---- guest register / flag get-set elimination ------------------------ */

typedef struct GsState {
    IrValue known_reg[32];   /* value X[r] holds now, if known */
    IrValue known_nzcv;
    IrValue pending_reg[32]; /* last SET_REG r not yet observed */
    IrValue pending_nzcv;
} GsState;

/* Something may read guest state (an exception taken here, a helper, a
 * raw CPU-field access): earlier stores must stay. */
static void gs_observe(GsState *s)
{
    for (unsigned r = 0; r < 32; r++)
        s->pending_reg[r] = IR_NONE;
    s->pending_nzcv = IR_NONE;
}

/* Something may write guest state: forget what we knew. */
static void gs_clobber(GsState *s)
{
    for (unsigned r = 0; r < 32; r++)
        s->known_reg[r] = IR_NONE;
    s->known_nzcv = IR_NONE;
}

void ir_opt_getset_elim(IrBlock *b)
{
    IrValue *repl = repl_map(b->n);
    GsState s;
    for (unsigned r = 0; r < 32; r++)
        s.known_reg[r] = s.pending_reg[r] = IR_NONE;
    s.known_nzcv = s.pending_nzcv = IR_NONE;

    for (uint32_t i = 0; i < b->n; i++) {
        IrInst *in = &b->insts[i];
        if (in->flags & IR_F_DEAD)
            continue;
        rewrite_args(b, in, repl);
        switch (in->op) {
        case IR_GET_REG: {
            unsigned r = (unsigned)in->imm & 31;
            if (s.known_reg[r] != IR_NONE && forward(b, repl, i, s.known_reg[r]))
                break;
            s.known_reg[r] = i;
            break;
        }
        case IR_SET_REG: {
            unsigned r = (unsigned)in->imm & 31;
            if (s.pending_reg[r] != IR_NONE)
                mark_dead(&b->insts[s.pending_reg[r]]);
            s.pending_reg[r] = i;
            s.known_reg[r] = in->args[0];
            break;
        }
        case IR_GET_NZCV:
            if (s.known_nzcv != IR_NONE && forward(b, repl, i, s.known_nzcv))
                break;
            s.known_nzcv = i;
            break;
        case IR_SET_NZCV:
            if (s.pending_nzcv != IR_NONE)
                mark_dead(&b->insts[s.pending_nzcv]);
            s.pending_nzcv = i;
            s.known_nzcv = in->args[0];
            break;
        case IR_LOAD_CPU:
            /* may read X[] or NZCV through the raw CPU structure */
            gs_observe(&s);
            break;
        case IR_STORE_CPU:
            gs_observe(&s);
            gs_clobber(&s);
            break;
        default:
            if (in->op == IR_CALL && (in->flags & IR_F_GUEST)) {
                gs_observe(&s);
                gs_clobber(&s);
            } else if (in->flags & IR_F_MAYEXC) {
                /* an exception here makes the current registers visible */
                gs_observe(&s);
            }
            break;
        }
    }
    rewrite_term(b, repl);
}

/* ---- dead-code elimination ------------------------------------------ */

static __thread uint8_t *live_buf;
static __thread uint32_t live_cap;

void ir_opt_dce(IrBlock *b)
{
    if (b->n == 0)
        return; /* nothing to remove (and no buffer yet: memset(NULL, 0, 0) is UB) */
    if (b->n > live_cap) {
        live_cap = b->n < 256 ? 256 : b->n * 2;
        live_buf = g_renew(uint8_t, live_buf, live_cap);
    }
    uint8_t *live = live_buf;
    memset(live, 0, b->n);
    if ((b->term.kind == IR_TERM_COND || b->term.kind == IR_TERM_INDIRECT) &&
        b->term.value < b->n)
        live[b->term.value] = 1;
    for (uint32_t i = b->n; i-- > 0;) {
        IrInst *in = &b->insts[i];
        if (in->flags & IR_F_DEAD)
            continue;
        if (!live[i] && !(in->flags & (IR_F_SIDE | IR_F_MAYEXC))) {
            mark_dead(in);
            continue;
        }
        for (unsigned k = 0; k < 4; k++)
            if (in->args[k] != IR_NONE && in->args[k] < b->n)
                live[in->args[k]] = 1;
    }
}

void ir_optimize(IrBlock *b)
{
    ir_opt_getset_elim(b);
    ir_opt_const_fold(b);
    ir_opt_dce(b);
}
