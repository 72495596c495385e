/* SPDX-License-Identifier: MIT */
/*
 * trans_dp_imm.c - lift A64 "Data Processing -- Immediate" (DDI 0487
 * C4.1.92) to IR: ADR/ADRP, ADD/SUB (immediate), logical (immediate),
 * move wide, bitfield moves and EXTR.
 *
 * 32-bit forms compute in I32 and write W registers, which zero-extends into
 * X (DDI 0487 C1.2.5). Register 31 is SP for ADD/SUB (immediate) sources and
 * non-flag-setting destinations and for the logical-immediate destination
 * (non-S); it is XZR everywhere else here.
 */
#include "translate.h"
#include "a64_decode.h"
#include "bitmask.h"

static inline IrType sf_type(int sf)
{
    return sf ? IR_I64 : IR_I32;
}

static inline unsigned sf_width(int sf)
{
    return sf ? 64 : 32;
}

/* X[r] (31 = XZR) at the operation width. */
static IrValue read_reg(DisasContext *s, unsigned r, int sf)
{
    IrValue v = a64_read_xreg(s, r);
    return sf ? v : ir_zext(s->b, IR_I32, v, 32);
}

/* X[r] (31 = SP) at the operation width. */
static IrValue read_reg_sp(DisasContext *s, unsigned r, int sf)
{
    IrValue v = a64_read_xreg_sp(s, r);
    return sf ? v : ir_zext(s->b, IR_I32, v, 32);
}

static void write_reg(DisasContext *s, unsigned r, int sf, IrValue v)
{
    if (sf)
        a64_write_xreg(s, r, v);
    else
        a64_write_wreg(s, r, v);
}

static void write_reg_sp(DisasContext *s, unsigned r, int sf, IrValue v)
{
    if (sf)
        a64_write_xreg_sp(s, r, v);
    else
        a64_write_wreg_sp(s, r, v);
}

/* ---- PC-relative addressing (C6.2.10 ADR, C6.2.11 ADRP) ------------- */

bool trans_ADR(DisasContext *s, arg_ADR *a)
{
    a64_write_xreg(s, a->rd, ir_const64(s->b, s->pc + (int64_t)a->imm));
    return true;
}

bool trans_ADRP(DisasContext *s, arg_ADRP *a)
{
    uint64_t base = s->pc & ~(uint64_t)0xfff;
    a64_write_xreg(s, a->rd, ir_const64(s->b, base + ((uint64_t)(int64_t)a->imm << 12)));
    return true;
}

/* ---- add/subtract (immediate) --------------------------------------- */

static bool do_addsub_imm(DisasContext *s, arg_dp_addsub_i *a, bool sub, bool setflags)
{
    IrBlock *b = s->b;
    IrType t = sf_type(a->sf);
    uint64_t imm = (uint64_t)a->imm << (a->sh ? 12 : 0);
    IrValue n = read_reg_sp(s, a->rn, a->sf);
    IrValue m = ir_const(b, t, imm);
    IrValue r = ir_binop(b, sub ? IR_SUB : IR_ADD, t, n, m);

    if (setflags) {
        /* CMP/CMN are the Rd = XZR aliases. */
        IrValue f = sub ? ir_nzcv_sub(b, sf_width(a->sf), n, m)
                        : ir_nzcv_add(b, sf_width(a->sf), n, m);
        ir_set_nzcv(b, f);
        write_reg(s, a->rd, a->sf, r);
    } else {
        /* MOV (to/from SP) is the ADD #0 alias. */
        write_reg_sp(s, a->rd, a->sf, r);
    }
    return true;
}

bool trans_ADD_i(DisasContext *s, arg_ADD_i *a)
{
    return do_addsub_imm(s, a, false, false);
}

bool trans_ADDS_i(DisasContext *s, arg_ADDS_i *a)
{
    return do_addsub_imm(s, a, false, true);
}

bool trans_SUB_i(DisasContext *s, arg_SUB_i *a)
{
    return do_addsub_imm(s, a, true, false);
}

bool trans_SUBS_i(DisasContext *s, arg_SUBS_i *a)
{
    return do_addsub_imm(s, a, true, true);
}

/* ---- logical (immediate) -------------------------------------------- */

/*
 * N = 1 with sf = 0 and the reserved DecodeBitMasks() values (element of
 * all ones, N:NOT(imms) without a set bit) are UNDEFINED (C6.2.12 AND
 * (immediate) decode). The destination is SP for AND/ORR/EOR, XZR for ANDS.
 */
static bool do_logic_imm(DisasContext *s, arg_dp_bitmask *a, IrOpcode op, bool setflags)
{
    IrBlock *b = s->b;
    IrType t = sf_type(a->sf);
    uint64_t imm;

    if (!a->sf && a->n)
        return false;
    if (!a64_decode_bitmask(a->sf, a->n, a->imms, a->immr, &imm))
        return false;

    IrValue n = read_reg(s, a->rn, a->sf);
    IrValue r = ir_binop(b, op, t, n, ir_const(b, t, imm));
    if (setflags) {
        ir_set_nzcv(b, ir_nzcv_logic(b, sf_width(a->sf), r));
        write_reg(s, a->rd, a->sf, r);
    } else {
        write_reg_sp(s, a->rd, a->sf, r);
    }
    return true;
}

bool trans_AND_i(DisasContext *s, arg_AND_i *a)
{
    return do_logic_imm(s, a, IR_AND, false);
}

bool trans_ORR_i(DisasContext *s, arg_ORR_i *a)
{
    return do_logic_imm(s, a, IR_OR, false);
}

bool trans_EOR_i(DisasContext *s, arg_EOR_i *a)
{
    return do_logic_imm(s, a, IR_XOR, false);
}

bool trans_ANDS_i(DisasContext *s, arg_ANDS_i *a)
{
    return do_logic_imm(s, a, IR_AND, true);
}

/* ---- move wide (immediate) ------------------------------------------ */

/* hw<1> = 1 is UNDEFINED for the 32-bit forms (C6.2.191 MOVZ decode). */
static bool movw_ok(arg_dp_movw *a)
{
    return a->sf || a->hw < 2;
}

bool trans_MOVZ(DisasContext *s, arg_MOVZ *a)
{
    if (!movw_ok(a))
        return false;
    uint64_t v = (uint64_t)a->imm << (16 * a->hw);
    write_reg(s, a->rd, a->sf, ir_const(s->b, sf_type(a->sf), v));
    return true;
}

bool trans_MOVN(DisasContext *s, arg_MOVN *a)
{
    if (!movw_ok(a))
        return false;
    uint64_t v = ~((uint64_t)a->imm << (16 * a->hw));
    /* ir_const truncates to the type: the 32-bit form keeps the low word. */
    write_reg(s, a->rd, a->sf, ir_const(s->b, sf_type(a->sf), v));
    return true;
}

bool trans_MOVK(DisasContext *s, arg_MOVK *a)
{
    if (!movw_ok(a))
        return false;
    IrType t = sf_type(a->sf);
    IrValue d = read_reg(s, a->rd, a->sf);
    IrValue r = ir_deposit(s->b, t, d, ir_const(s->b, t, a->imm), 16 * a->hw, 16);
    write_reg(s, a->rd, a->sf, r);
    return true;
}

/* ---- bitfield ------------------------------------------------------- */

/*
 * SBFM/BFM/UBFM (C6.2.254 SBFM, C6.2.36 BFM, C6.2.367 UBFM). The pseudocode
 * rotates Xn right by R and combines with DecodeBitMasks(N, imms, immr,
 * FALSE)'s wmask/tmask. That is equivalent to the two alias families:
 *   S >= R: bits S:R of Xn move to bit 0, length S-R+1 (xBFX, BFXIL);
 *   S <  R: bits S:0 of Xn move to bit W-R, length S+1 (xBFIZ, BFI);
 * with UBFM zero-filling, SBFM sign-filling above the field from Xn<S>
 * (and zero below it), BFM keeping the other bits of Xd.
 * sf = 0 requires N = 0 and immr<5> = imms<5> = 0; sf = 1 requires N = 1.
 */
enum { BF_SIGNED, BF_INSERT, BF_UNSIGNED };

static bool do_bitfield(DisasContext *s, arg_dp_bitmask *a, int kind)
{
    IrBlock *b = s->b;
    IrType t = sf_type(a->sf);
    unsigned w = sf_width(a->sf);
    unsigned r = a->immr, sbit = a->imms;

    if (a->n != a->sf)
        return false;
    if (!a->sf && (r >= 32 || sbit >= 32))
        return false;

    IrValue src = read_reg(s, a->rn, a->sf);
    IrValue res;
    if (sbit >= r) {
        unsigned len = sbit - r + 1;
        switch (kind) {
        case BF_UNSIGNED:
            res = len == w ? src : ir_extract(b, t, src, r, len);
            break;
        case BF_SIGNED:
            /* bring bit S to the top, then shift arithmetically down */
            res = src;
            if (sbit != w - 1)
                res = ir_binop(b, IR_SHL, t, res, ir_const(b, t, w - 1 - sbit));
            if (len != w)
                res = ir_binop(b, IR_ASHR, t, res, ir_const(b, t, w - len));
            break;
        default: {
            IrValue d = read_reg(s, a->rd, a->sf);
            res = len == w ? src
                           : ir_deposit(b, t, d, ir_extract(b, t, src, r, len), 0, len);
            break;
        }
        }
    } else {
        unsigned len = sbit + 1;
        unsigned pos = w - r;
        switch (kind) {
        case BF_UNSIGNED:
            res = ir_deposit(b, t, ir_const(b, t, 0), src, pos, len);
            break;
        case BF_SIGNED:
            /* sign-extend bits S:0, then move them up to pos */
            res = ir_binop(b, IR_SHL, t, src, ir_const(b, t, w - len));
            res = ir_binop(b, IR_ASHR, t, res, ir_const(b, t, w - len - pos));
            break;
        default: {
            IrValue d = read_reg(s, a->rd, a->sf);
            res = ir_deposit(b, t, d, src, pos, len);
            break;
        }
        }
    }
    write_reg(s, a->rd, a->sf, res);
    return true;
}

bool trans_SBFM(DisasContext *s, arg_SBFM *a)
{
    return do_bitfield(s, a, BF_SIGNED);
}

bool trans_BFM(DisasContext *s, arg_BFM *a)
{
    return do_bitfield(s, a, BF_INSERT);
}

bool trans_UBFM(DisasContext *s, arg_UBFM *a)
{
    return do_bitfield(s, a, BF_UNSIGNED);
}

/* ---- extract -------------------------------------------------------- */

/* EXTR (C6.2.90): (Xn:Xm)<lsb+W-1:lsb>. N must equal sf; sf = 0 needs
 * imms<5> = 0. */
bool trans_EXTR(DisasContext *s, arg_EXTR *a)
{
    IrBlock *b = s->b;
    IrType t = sf_type(a->sf);
    unsigned w = sf_width(a->sf);
    unsigned lsb = a->imms;

    if (a->n != a->sf || lsb >= w)
        return false;

    IrValue m = read_reg(s, a->rm, a->sf);
    IrValue res;
    if (lsb == 0) {
        res = m;
    } else if (a->rn == a->rm) {
        res = ir_binop(b, IR_ROR, t, m, ir_const(b, t, lsb));
    } else {
        IrValue n = read_reg(s, a->rn, a->sf);
        IrValue lo = ir_binop(b, IR_LSHR, t, m, ir_const(b, t, lsb));
        IrValue hi = ir_binop(b, IR_SHL, t, n, ir_const(b, t, w - lsb));
        res = ir_binop(b, IR_OR, t, hi, lo);
    }
    write_reg(s, a->rd, a->sf, res);
    return true;
}
