/* SPDX-License-Identifier: MIT */
/*
 * trans_branch.c - lift the A64 branches (DDI 0487 C4.1.93): B, BL, B.cond,
 * CBZ/CBNZ, TBZ/TBNZ (direct, chainable terminators) and BR, BLR, RET
 * (indirect terminators). Every branch ends the block.
 *
 * Not implemented (UNDEFINED): the pointer-authentication forms (BRAA,
 * BLRAA, RETAA, ...), BC.cond (FEAT_HBC). PSTATE.BTYPE is not tracked:
 * it only matters on guarded pages (FEAT_BTI), which we do not model.
 */
#include "translate.h"
#include "a64_decode.h"

/* Decoded offsets count instructions. */
static uint64_t branch_target(DisasContext *s, int imm)
{
    return s->pc + (uint64_t)((int64_t)imm * 4);
}

/* C6.2.26 B */
bool trans_B(DisasContext *s, arg_B *a)
{
    ir_term_link(s->b, branch_target(s, a->imm));
    s->end = DISAS_JUMP;
    return true;
}

/* C6.2.34 BL: X30 = PC + 4 */
bool trans_BL(DisasContext *s, arg_BL *a)
{
    a64_write_xreg(s, 30, ir_const64(s->b, s->pc + 4));
    ir_term_link(s->b, branch_target(s, a->imm));
    s->end = DISAS_JUMP;
    return true;
}

/* C6.2.27 B.cond; AL and NV branch always. */
bool trans_B_cond(DisasContext *s, arg_B_cond *a)
{
    IrBlock *b = s->b;
    uint64_t target = branch_target(s, a->imm);

    if (a->cond >= 14) {
        ir_term_link(b, target);
    } else {
        IrValue c = ir_cond(b, ir_get_nzcv(b), a->cond);
        ir_term_cond(b, c, target, s->pc + 4);
    }
    s->end = DISAS_JUMP;
    return true;
}

/* C6.2.57 CBNZ, C6.2.58 CBZ: the 32-bit forms test Wt only. */
static bool do_cbz(DisasContext *s, arg_br_cbz *a, bool nz)
{
    IrBlock *b = s->b;
    IrValue v = a64_read_xreg(s, a->rt);
    IrValue zero;

    if (a->sf) {
        zero = ir_const64(b, 0);
    } else {
        v = ir_zext(b, IR_I32, v, 32);
        zero = ir_const32(b, 0);
    }
    IrValue c = ir_cmp(b, nz ? IR_NE : IR_EQ, v, zero);
    ir_term_cond(b, c, branch_target(s, a->imm), s->pc + 4);
    s->end = DISAS_JUMP;
    return true;
}

bool trans_CBZ(DisasContext *s, arg_CBZ *a)
{
    return do_cbz(s, a, false);
}

bool trans_CBNZ(DisasContext *s, arg_CBNZ *a)
{
    return do_cbz(s, a, true);
}

/* C6.2.375 TBNZ, C6.2.376 TBZ: test bit b5:b40 of Xt (b5 = 0: of Wt). */
static bool do_tbz(DisasContext *s, arg_br_tbz *a, bool nz)
{
    IrBlock *b = s->b;
    IrValue v = a64_read_xreg(s, a->rt);
    IrValue bit = ir_extract(b, IR_I64, v, a->bitpos, 1);
    IrValue c = ir_cmp(b, nz ? IR_NE : IR_EQ, bit, ir_const64(b, 0));
    ir_term_cond(b, c, branch_target(s, a->imm), s->pc + 4);
    s->end = DISAS_JUMP;
    return true;
}

bool trans_TBZ(DisasContext *s, arg_TBZ *a)
{
    return do_tbz(s, a, false);
}

bool trans_TBNZ(DisasContext *s, arg_TBNZ *a)
{
    return do_tbz(s, a, true);
}

/* C6.2.37 BR, C6.2.35 BLR, C6.2.245 RET: target from Xn (31 = XZR).
 * BLR reads Xn before writing X30, so BLR X30 jumps to the old X30. */
static bool do_branch_reg(DisasContext *s, unsigned rn, bool link)
{
    IrValue target = a64_read_xreg(s, rn);
    if (link)
        a64_write_xreg(s, 30, ir_const64(s->b, s->pc + 4));
    ir_term_indirect(s->b, target);
    s->end = DISAS_JUMP;
    return true;
}

bool trans_BR(DisasContext *s, arg_BR *a)
{
    return do_branch_reg(s, a->rn, false);
}

bool trans_BLR(DisasContext *s, arg_BLR *a)
{
    return do_branch_reg(s, a->rn, true);
}

bool trans_RET(DisasContext *s, arg_RET *a)
{
    return do_branch_reg(s, a->rn, false);
}
