/* SPDX-License-Identifier: MIT */
/*
 * trans_pauth.c - lift the pointer-authentication instructions (FEAT_PAuth,
 * DDI 0487 C6.2): PACIA..PACDB, AUTIA..AUTDB and their Z forms, XPACI,
 * XPACD, PACGA, the hint-space PACIASP/AUTIASP/PACIAZ/.../PACIA1716/
 * XPACLRI, the branches BRAA/BRAB/BRAAZ/BRABZ/BLRAA/.../RETAA/RETAB,
 * ERETAA/ERETAB and the loads LDRAA/LDRAB.
 *
 * Every operation calls a helper (helper_pauth.c) that decides at run time
 * whether the key is enabled (SCTLR_ELx.EnIA...), whether the instruction
 * traps (HCR_EL2.API, SCR_EL3.API) and computes the PAC; none of that is
 * in the translation flags. Without feat.pauth the hint-space forms are
 * NOPs (they were allocated as hints for that) and the others UNDEFINED.
 */
#include "a64_decode.h"
#include "helper_pauth.h"
#include "translate.h"

static IrValue gen_pac(DisasContext *s, IrValue ptr, IrValue mod, unsigned desc)
{
    return ir_call(s->b, HELPER_pac, ptr, mod, ir_const64(s->b, desc), IR_NONE);
}

static IrValue gen_aut(DisasContext *s, IrValue ptr, IrValue mod, unsigned desc)
{
    return ir_call(s->b, HELPER_aut, ptr, mod, ir_const64(s->b, desc), IR_NONE);
}

static IrValue gen_xpac(DisasContext *s, IrValue ptr, bool data)
{
    return ir_call(s->b, HELPER_xpac, ptr, ir_const64(s->b, data), IR_NONE, IR_NONE);
}

/* ---- data processing (1 source): PAC*, AUT*, XPAC* ------------------------ */

/* Xd = PAC/AUT(Xd, Xn|SP) (zero: modifier 0). Rd = 31 is XZR (reads 0,
 * result discarded), as the pseudocode's X[d] is. */
static bool do_pac_rr(DisasContext *s, arg_pa_rr *a, unsigned key, bool aut, bool zero)
{
    if (!s->cpu->feat.pauth) {
        return false;
    }
    IrValue ptr = a64_read_xreg(s, a->rd);
    IrValue mod = zero ? ir_const64(s->b, 0) : a64_read_xreg_sp(s, a->rn);
    IrValue r = aut ? gen_aut(s, ptr, mod, key) : gen_pac(s, ptr, mod, key);
    a64_write_xreg(s, a->rd, r);
    return true;
}

#define TRANS_PAC(NAME, KEY, AUT, ZERO)                                         \
    bool trans_##NAME(DisasContext *s, arg_##NAME *a)                           \
    {                                                                           \
        return do_pac_rr(s, a, KEY, AUT, ZERO);                                 \
    }

TRANS_PAC(PACIA, PAUTH_KEY_IA, false, false)
TRANS_PAC(PACIB, PAUTH_KEY_IB, false, false)
TRANS_PAC(PACDA, PAUTH_KEY_DA, false, false)
TRANS_PAC(PACDB, PAUTH_KEY_DB, false, false)
TRANS_PAC(AUTIA, PAUTH_KEY_IA, true, false)
TRANS_PAC(AUTIB, PAUTH_KEY_IB, true, false)
TRANS_PAC(AUTDA, PAUTH_KEY_DA, true, false)
TRANS_PAC(AUTDB, PAUTH_KEY_DB, true, false)
TRANS_PAC(PACIZA, PAUTH_KEY_IA, false, true)
TRANS_PAC(PACIZB, PAUTH_KEY_IB, false, true)
TRANS_PAC(PACDZA, PAUTH_KEY_DA, false, true)
TRANS_PAC(PACDZB, PAUTH_KEY_DB, false, true)
TRANS_PAC(AUTIZA, PAUTH_KEY_IA, true, true)
TRANS_PAC(AUTIZB, PAUTH_KEY_IB, true, true)
TRANS_PAC(AUTDZA, PAUTH_KEY_DA, true, true)
TRANS_PAC(AUTDZB, PAUTH_KEY_DB, true, true)

static bool do_xpac(DisasContext *s, unsigned rd, bool data)
{
    if (!s->cpu->feat.pauth) {
        return false;
    }
    a64_write_xreg(s, rd, gen_xpac(s, a64_read_xreg(s, rd), data));
    return true;
}

bool trans_XPACI(DisasContext *s, arg_XPACI *a)
{
    return do_xpac(s, a->rd, false);
}

bool trans_XPACD(DisasContext *s, arg_XPACD *a)
{
    return do_xpac(s, a->rd, true);
}

/* C6.2.204 PACGA: Xd = ComputePAC(Xn, Xm|SP, APGAKey)<63:32>:Zeros(32). */
bool trans_PACGA(DisasContext *s, arg_PACGA *a)
{
    if (!s->cpu->feat.pauth) {
        return false;
    }
    IrValue r = ir_call(s->b, HELPER_pacga, a64_read_xreg(s, a->rn), a64_read_xreg_sp(s, a->rm),
                        IR_NONE, IR_NONE);
    a64_write_xreg(s, a->rd, r);
    return true;
}

/* ---- hint space ------------------------------------------------------------ */

/* X[rd] = PAC/AUT(X[rd], modifier): modifier is X16 (the 1716 forms), SP
 * or zero. Without FEAT_PAuth these are NOPs. */
enum { MOD_ZERO, MOD_SP, MOD_X16 };

static bool do_pac_hint(DisasContext *s, unsigned rd, unsigned key, bool aut, unsigned modsel)
{
    if (!s->cpu->feat.pauth) {
        return true;
    }
    IrValue mod = modsel == MOD_ZERO ? ir_const64(s->b, 0)
                  : modsel == MOD_SP ? a64_read_xreg_sp(s, 31)
                                     : a64_read_xreg(s, 16);
    IrValue ptr = a64_read_xreg(s, rd);
    a64_write_xreg(s, rd, aut ? gen_aut(s, ptr, mod, key) : gen_pac(s, ptr, mod, key));
    return true;
}

#define TRANS_HINT(NAME, RD, KEY, AUT, MOD)                                     \
    bool trans_##NAME(DisasContext *s, arg_##NAME *a)                           \
    {                                                                           \
        return do_pac_hint(s, RD, KEY, AUT, MOD);                               \
    }

TRANS_HINT(PACIA1716, 17, PAUTH_KEY_IA, false, MOD_X16)
TRANS_HINT(PACIB1716, 17, PAUTH_KEY_IB, false, MOD_X16)
TRANS_HINT(AUTIA1716, 17, PAUTH_KEY_IA, true, MOD_X16)
TRANS_HINT(AUTIB1716, 17, PAUTH_KEY_IB, true, MOD_X16)
TRANS_HINT(PACIAZ, 30, PAUTH_KEY_IA, false, MOD_ZERO)
TRANS_HINT(PACIASP, 30, PAUTH_KEY_IA, false, MOD_SP)
TRANS_HINT(PACIBZ, 30, PAUTH_KEY_IB, false, MOD_ZERO)
TRANS_HINT(PACIBSP, 30, PAUTH_KEY_IB, false, MOD_SP)
TRANS_HINT(AUTIAZ, 30, PAUTH_KEY_IA, true, MOD_ZERO)
TRANS_HINT(AUTIASP, 30, PAUTH_KEY_IA, true, MOD_SP)
TRANS_HINT(AUTIBZ, 30, PAUTH_KEY_IB, true, MOD_ZERO)
TRANS_HINT(AUTIBSP, 30, PAUTH_KEY_IB, true, MOD_SP)

/* XPACLRI: X30 = Strip(X30, instruction). */
bool trans_XPACLRI(DisasContext *s, arg_XPACLRI *a)
{
    if (!s->cpu->feat.pauth) {
        return true;
    }
    a64_write_xreg(s, 30, gen_xpac(s, a64_read_xreg(s, 30), false));
    return true;
}

/* ---- branches (C6.2.36 BLRAA, C6.2.38 BRAA, C6.2.246 RETAA) ---------------- */

/* Branch to AuthIA/IB(X[rn], modifier) (combined: FEAT_FPACCOMBINE rules),
 * with X30 = PC + 4 for the BL forms, written after the helper that may
 * fault. */
static bool do_branch_auth(DisasContext *s, unsigned rn, IrValue mod, bool keyb, bool link)
{
    IrValue target = gen_aut(s, a64_read_xreg(s, rn), mod,
                             (keyb ? PAUTH_KEY_IB : PAUTH_KEY_IA) | PAUTH_DESC_COMBINED);
    if (link) {
        a64_write_xreg(s, 30, ir_const64(s->b, s->pc + 4));
    }
    ir_term_indirect(s->b, target);
    s->end = DISAS_JUMP;
    return true;
}

bool trans_BRAZ(DisasContext *s, arg_BRAZ *a)
{
    if (!s->cpu->feat.pauth) {
        return false;
    }
    return do_branch_auth(s, a->rn, ir_const64(s->b, 0), a->m, false);
}

bool trans_BLRAZ(DisasContext *s, arg_BLRAZ *a)
{
    if (!s->cpu->feat.pauth) {
        return false;
    }
    return do_branch_auth(s, a->rn, ir_const64(s->b, 0), a->m, true);
}

bool trans_BRA(DisasContext *s, arg_BRA *a)
{
    if (!s->cpu->feat.pauth) {
        return false;
    }
    return do_branch_auth(s, a->rn, a64_read_xreg_sp(s, a->rm), a->m, false);
}

bool trans_BLRA(DisasContext *s, arg_BLRA *a)
{
    if (!s->cpu->feat.pauth) {
        return false;
    }
    return do_branch_auth(s, a->rn, a64_read_xreg_sp(s, a->rm), a->m, true);
}

/* RETAA/RETAB: target = AuthIA/IB(X30, SP). */
bool trans_RETA(DisasContext *s, arg_RETA *a)
{
    if (!s->cpu->feat.pauth) {
        return false;
    }
    return do_branch_auth(s, 30, a64_read_xreg_sp(s, 31), a->m, false);
}

/* C6.2.85 ERETAA/ERETAB: UNDEFINED at EL0; the helper authenticates
 * ELR_ELx with SP as the modifier and returns like ERET (it does not come
 * back: the block ends as one that raised). */
bool trans_ERETA(DisasContext *s, arg_ERETA *a)
{
    if (!s->cpu->feat.pauth || s->el == 0) {
        return false;
    }
    ir_call(s->b, HELPER_eretaa, ir_const64(s->b, a->m), IR_NONE, IR_NONE, IR_NONE);
    ir_term_exception(s->b);
    s->end = DISAS_EXC;
    return true;
}

/* ---- C6.2.127 LDRAA, LDRAB ---------------------------------------------------- */

/* address = AuthDA/DB(X[n]|SP, 0) + S:imm9 * 8; Xt = [address]; with W
 * (pre-index) Xn|SP = address afterwards (with Rt == Rn it ends up holding
 * the address, the choice the rest of trans_ldst.c makes, as QEMU). */
bool trans_LDRA(DisasContext *s, arg_LDRA *a)
{
    if (!s->cpu->feat.pauth) {
        return false;
    }
    IrBlock *b = s->b;
    IrValue base = a64_read_xreg_sp(s, a->rn);
    IrValue addr = gen_aut(s, base, ir_const64(b, 0),
                           (a->m ? PAUTH_KEY_DB : PAUTH_KEY_DA) | PAUTH_DESC_COMBINED);
    if (a->imm != 0) {
        addr = ir_binop(b, IR_ADD, IR_I64, addr, ir_const64(b, (uint64_t)((int64_t)a->imm * 8)));
    }
    IrValue v = ir_load(b, IR_I64, addr, a64_memop(s, 3, 0));
    a64_write_xreg(s, a->rt, v);
    if (a->w) {
        a64_write_xreg_sp(s, a->rn, addr);
    }
    return true;
}
