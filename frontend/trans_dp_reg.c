/* SPDX-License-Identifier: MIT */
/*
 * trans_dp_reg.c - lift A64 "Data Processing -- Register" (DDI 0487
 * C4.1.95) to IR: logical and add/subtract with shifted or extended
 * register, add/subtract with carry, conditional compare and select,
 * 1-, 2- and 3-source operations, and the FEAT_FlagM/FlagM2 flag
 * manipulation instructions (RMIF, SETF8/16, CFINV, AXFLAG, XAFLAG).
 *
 * Register 31 is XZR in all of these except the extended-register
 * ADD/SUB, where it is SP for Rn and for a non-flag-setting Rd.
 * 32-bit forms compute in I32; writing a W register zero-extends.
 */
#include "translate.h"
#include "a64_decode.h"
#include "../translator/ir_flags.h"

static inline IrType sf_type(int sf)
{
    return sf ? IR_I64 : IR_I32;
}

static inline unsigned sf_width(int sf)
{
    return sf ? 64 : 32;
}

static IrValue read_reg(DisasContext *s, unsigned r, int sf)
{
    IrValue v = a64_read_xreg(s, r);
    return sf ? v : ir_zext(s->b, IR_I32, v, 32);
}

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

/* FEAT_FlagM (Armv8.4) and FEAT_FlagM2 (Armv8.5), set per CPU model. */
static bool have_flagm(DisasContext *s)
{
    return s->cpu->feat.flagm;
}

static bool have_flagm2(DisasContext *s)
{
    return s->cpu->feat.flagm2;
}

/* ShiftReg(m, type, amount) with a constant amount < width (J1.1.3). */
static IrValue shift_by_imm(DisasContext *s, IrType t, IrValue v, unsigned type,
                            unsigned amount)
{
    static const IrOpcode ops[4] = {IR_SHL, IR_LSHR, IR_ASHR, IR_ROR};
    if (amount == 0)
        return v;
    return ir_binop(s->b, ops[type & 3], t, v, ir_const(s->b, t, amount));
}

/* ---- logical (shifted register) ------------------------------------- */

/* C6.2.14 AND (shifted register) etc.: sf = 0 with imm6<5> = 1 is
 * UNDEFINED; every shift type, ROR included, is allowed. */
static bool do_logic_reg(DisasContext *s, arg_dp_shifted *a, IrOpcode op, bool setflags)
{
    IrBlock *b = s->b;
    IrType t = sf_type(a->sf);

    if (!a->sf && a->imm >= 32)
        return false;

    IrValue m = shift_by_imm(s, t, read_reg(s, a->rm, a->sf), a->shift, a->imm);
    IrValue n = read_reg(s, a->rn, a->sf);
    IrValue r = ir_binop(b, op, t, n, m);
    if (setflags)
        ir_set_nzcv(b, ir_nzcv_logic(b, sf_width(a->sf), r));
    write_reg(s, a->rd, a->sf, r);
    return true;
}

bool trans_AND_r(DisasContext *s, arg_AND_r *a)
{
    return do_logic_reg(s, a, IR_AND, false);
}

bool trans_BIC_r(DisasContext *s, arg_BIC_r *a)
{
    return do_logic_reg(s, a, IR_ANDN, false);
}

bool trans_ORR_r(DisasContext *s, arg_ORR_r *a)
{
    return do_logic_reg(s, a, IR_OR, false);
}

bool trans_ORN_r(DisasContext *s, arg_ORN_r *a)
{
    return do_logic_reg(s, a, IR_ORN, false);
}

bool trans_EOR_r(DisasContext *s, arg_EOR_r *a)
{
    return do_logic_reg(s, a, IR_XOR, false);
}

bool trans_EON_r(DisasContext *s, arg_EON_r *a)
{
    return do_logic_reg(s, a, IR_XORN, false);
}

bool trans_ANDS_r(DisasContext *s, arg_ANDS_r *a)
{
    return do_logic_reg(s, a, IR_AND, true);
}

bool trans_BICS_r(DisasContext *s, arg_BICS_r *a)
{
    return do_logic_reg(s, a, IR_ANDN, true);
}

/* ---- add/subtract (shifted register) -------------------------------- */

/* The common tail of every ADD/SUB form: result and optional flags. */
static IrValue gen_addsub(DisasContext *s, int sf, IrValue n, IrValue m, bool sub,
                          bool setflags)
{
    IrBlock *b = s->b;
    IrValue r = ir_binop(b, sub ? IR_SUB : IR_ADD, sf_type(sf), n, m);
    if (setflags) {
        IrValue f = sub ? ir_nzcv_sub(b, sf_width(sf), n, m)
                        : ir_nzcv_add(b, sf_width(sf), n, m);
        ir_set_nzcv(b, f);
    }
    return r;
}

/* C6.2.5 ADD (shifted register): shift = 11 and sf = 0 with imm6<5> = 1
 * are UNDEFINED. */
static bool do_addsub_reg(DisasContext *s, arg_dp_shifted *a, bool sub, bool setflags)
{
    IrType t = sf_type(a->sf);

    if (a->shift == 3 || (!a->sf && a->imm >= 32))
        return false;

    IrValue m = shift_by_imm(s, t, read_reg(s, a->rm, a->sf), a->shift, a->imm);
    IrValue n = read_reg(s, a->rn, a->sf);
    write_reg(s, a->rd, a->sf, gen_addsub(s, a->sf, n, m, sub, setflags));
    return true;
}

bool trans_ADD_r(DisasContext *s, arg_ADD_r *a)
{
    return do_addsub_reg(s, a, false, false);
}

bool trans_ADDS_r(DisasContext *s, arg_ADDS_r *a)
{
    return do_addsub_reg(s, a, false, true);
}

bool trans_SUB_r(DisasContext *s, arg_SUB_r *a)
{
    return do_addsub_reg(s, a, true, false);
}

bool trans_SUBS_r(DisasContext *s, arg_SUBS_r *a)
{
    return do_addsub_reg(s, a, true, true);
}

/* ---- add/subtract (extended register) ------------------------------- */

/*
 * ExtendReg(m, option, shift) (J1.1.3): the low 8/16/32/64 bits of Xm,
 * zero- (UXTx) or sign- (SXTx) extended to the operation width, shifted left
 * by 0..4. C6.2.3 ADD (extended register): imm3 > 4 is UNDEFINED.
 */
static bool do_addsub_ext(DisasContext *s, arg_dp_extended *a, bool sub, bool setflags)
{
    IrBlock *b = s->b;
    IrType t = sf_type(a->sf);
    unsigned size = 8u << (a->option & 3);

    if (a->imm > 4)
        return false;

    IrValue x = a64_read_xreg(s, a->rm);
    IrValue m;
    if (size >= sf_width(a->sf))
        m = a->sf ? x : ir_zext(b, IR_I32, x, 32);
    else if (a->option & 4)
        m = ir_sext(b, t, x, size);
    else
        m = ir_zext(b, t, x, size);
    m = shift_by_imm(s, t, m, 0, a->imm);

    IrValue n = read_reg_sp(s, a->rn, a->sf);
    IrValue r = gen_addsub(s, a->sf, n, m, sub, setflags);
    if (setflags)
        write_reg(s, a->rd, a->sf, r);
    else
        write_reg_sp(s, a->rd, a->sf, r);
    return true;
}

bool trans_ADD_x(DisasContext *s, arg_ADD_x *a)
{
    return do_addsub_ext(s, a, false, false);
}

bool trans_ADDS_x(DisasContext *s, arg_ADDS_x *a)
{
    return do_addsub_ext(s, a, false, true);
}

bool trans_SUB_x(DisasContext *s, arg_SUB_x *a)
{
    return do_addsub_ext(s, a, true, false);
}

bool trans_SUBS_x(DisasContext *s, arg_SUBS_x *a)
{
    return do_addsub_ext(s, a, true, true);
}

/* ---- add/subtract with carry (C6.2.1 ADC, C6.2.264 SBC) --------------- */

static bool do_adc(DisasContext *s, arg_dp_rrr *a, bool sub, bool setflags)
{
    IrBlock *b = s->b;
    IrType t = sf_type(a->sf);
    IrValue n = read_reg(s, a->rn, a->sf);
    IrValue m = read_reg(s, a->rm, a->sf);
    IrValue f = ir_get_nzcv(b);
    IrValue r = sub ? ir_sbc(b, t, n, m, f) : ir_adc(b, t, n, m, f);

    if (setflags) {
        IrValue nf = sub ? ir_nzcv_sbc(b, sf_width(a->sf), n, m, f)
                         : ir_nzcv_adc(b, sf_width(a->sf), n, m, f);
        ir_set_nzcv(b, nf);
    }
    write_reg(s, a->rd, a->sf, r);
    return true;
}

bool trans_ADC(DisasContext *s, arg_ADC *a)
{
    return do_adc(s, a, false, false);
}

bool trans_ADCS(DisasContext *s, arg_ADCS *a)
{
    return do_adc(s, a, false, true);
}

bool trans_SBC(DisasContext *s, arg_SBC *a)
{
    return do_adc(s, a, true, false);
}

bool trans_SBCS(DisasContext *s, arg_SBCS *a)
{
    return do_adc(s, a, true, true);
}

/* ---- FEAT_FlagM: RMIF, SETF8, SETF16, CFINV; FEAT_FlagM2: AXFLAG, XAFLAG */

/* C6.2.249 RMIF: ROR(Xn, imm6)<3:0> goes into the NZCV bits selected by
 * mask (bit 3 = N ... bit 0 = V); the others are kept. */
bool trans_RMIF(DisasContext *s, arg_RMIF *a)
{
    IrBlock *b = s->b;
    if (!have_flagm(s))
        return false;

    uint32_t sel = (uint32_t)a->mask << 28;
    IrValue x = shift_by_imm(s, IR_I64, a64_read_xreg(s, a->rn), 3, a->imm);
    IrValue lo = ir_zext(b, IR_I32, x, 32);
    IrValue nw = ir_binop(b, IR_SHL, IR_I32, lo, ir_const32(b, 28));
    nw = ir_binop(b, IR_AND, IR_I32, nw, ir_const32(b, sel));
    IrValue old = ir_binop(b, IR_AND, IR_I32, ir_get_nzcv(b), ir_const32(b, ~sel & PSTATE_NZCV_MASK));
    ir_set_nzcv(b, ir_binop(b, IR_OR, IR_I32, old, nw));
    return true;
}

/* C6.2.272 SETF8/SETF16: N = Wn<msb>, Z = (Wn<msb:0> == 0),
 * V = Wn<msb+1> XOR Wn<msb>; C unchanged. */
static bool do_setf(DisasContext *s, unsigned bits, unsigned rn)
{
    IrBlock *b = s->b;
    if (!have_flagm(s))
        return false;

    IrValue w = read_reg(s, rn, 0);
    /* the field at the top of a word: its N and Z are the flags' N and Z */
    IrValue top = ir_binop(b, IR_SHL, IR_I32, w, ir_const32(b, 32 - bits));
    IrValue nz = ir_nzcv_logic(b, 32, top);
    /* bit msb+1 at bit 31 XOR bit msb at bit 31, moved down to V */
    IrValue up = ir_binop(b, IR_SHL, IR_I32, w, ir_const32(b, 31 - bits));
    IrValue v = ir_binop(b, IR_XOR, IR_I32, up, top);
    v = ir_binop(b, IR_LSHR, IR_I32, v, ir_const32(b, 3));
    v = ir_binop(b, IR_AND, IR_I32, v, ir_const32(b, NZCV_V));
    IrValue c = ir_binop(b, IR_AND, IR_I32, ir_get_nzcv(b), ir_const32(b, NZCV_C));
    IrValue f = ir_binop(b, IR_OR, IR_I32, nz, ir_binop(b, IR_OR, IR_I32, v, c));
    ir_set_nzcv(b, f);
    return true;
}

bool trans_SETF8(DisasContext *s, arg_SETF8 *a)
{
    return do_setf(s, 8, a->rn);
}

bool trans_SETF16(DisasContext *s, arg_SETF16 *a)
{
    return do_setf(s, 16, a->rn);
}

/* C6.2.56 CFINV: C = NOT(C). */
bool trans_CFINV(DisasContext *s, arg_CFINV *a)
{
    IrBlock *b = s->b;
    if (!have_flagm(s))
        return false;
    ir_set_nzcv(b, ir_binop(b, IR_XOR, IR_I32, ir_get_nzcv(b), ir_const32(b, NZCV_C)));
    return true;
}

/* NZCV shifted left (positive) or right (negative) by k bit positions. */
static IrValue nzcv_shift(IrBlock *b, IrValue f, int k)
{
    if (k >= 0)
        return ir_binop(b, IR_SHL, IR_I32, f, ir_const32(b, k));
    return ir_binop(b, IR_LSHR, IR_I32, f, ir_const32(b, -k));
}

static IrValue and_const(IrBlock *b, IrValue x, uint32_t c)
{
    return ir_binop(b, IR_AND, IR_I32, x, ir_const32(b, c));
}

/*
 * C6.2.24 AXFLAG: Z = Z OR V; C = C AND NOT(V); N = V = 0.
 * Bit positions: N 31, Z 30, C 29, V 28.
 */
bool trans_AXFLAG(DisasContext *s, arg_AXFLAG *a)
{
    IrBlock *b = s->b;
    if (!have_flagm2(s))
        return false;
    IrValue f = ir_get_nzcv(b);
    IrValue z = and_const(b, ir_binop(b, IR_OR, IR_I32, f, nzcv_shift(b, f, 2)), NZCV_Z);
    IrValue c = and_const(b, ir_binop(b, IR_ANDN, IR_I32, f, nzcv_shift(b, f, 1)), NZCV_C);
    ir_set_nzcv(b, ir_binop(b, IR_OR, IR_I32, z, c));
    return true;
}

/*
 * C6.2.395 XAFLAG (old values on the right):
 *   N = NOT(C) AND NOT(Z); Z = Z AND C; C = C OR Z; V = NOT(C) AND Z.
 */
bool trans_XAFLAG(DisasContext *s, arg_XAFLAG *a)
{
    IrBlock *b = s->b;
    if (!have_flagm2(s))
        return false;
    IrValue f = ir_get_nzcv(b);
    /* N: C (29) and Z (30) moved to 31 */
    IrValue cz = ir_binop(b, IR_OR, IR_I32, nzcv_shift(b, f, 2), nzcv_shift(b, f, 1));
    IrValue n = and_const(b, ir_unop(b, IR_NOT, IR_I32, cz), NZCV_N);
    /* Z: Z (30) AND C moved to 30 */
    IrValue z = and_const(b, ir_binop(b, IR_AND, IR_I32, f, nzcv_shift(b, f, 1)), NZCV_Z);
    /* C: C (29) OR Z moved to 29 */
    IrValue c = and_const(b, ir_binop(b, IR_OR, IR_I32, f, nzcv_shift(b, f, -1)), NZCV_C);
    /* V: Z moved to 28 AND NOT C moved to 28 */
    IrValue v = and_const(b, ir_binop(b, IR_ANDN, IR_I32, nzcv_shift(b, f, -2),
                                      nzcv_shift(b, f, -1)), NZCV_V);
    IrValue r = ir_binop(b, IR_OR, IR_I32, ir_binop(b, IR_OR, IR_I32, n, z),
                         ir_binop(b, IR_OR, IR_I32, c, v));
    ir_set_nzcv(b, r);
    return true;
}

/* ---- conditional compare (C6.2.59 CCMN .. C6.2.62 CCMP) ------------- */

/* if ConditionHolds(cond) then NZCV = flags of Rn +/- y else NZCV = #nzcv */
static bool do_ccmp(DisasContext *s, arg_dp_ccmp *a, bool sub, bool imm)
{
    IrBlock *b = s->b;
    IrType t = sf_type(a->sf);
    unsigned w = sf_width(a->sf);
    IrValue n = read_reg(s, a->rn, a->sf);
    IrValue y = imm ? ir_const(b, t, a->y) : read_reg(s, a->y, a->sf);
    IrValue f = ir_get_nzcv(b);
    IrValue cmp = sub ? ir_nzcv_sub(b, w, n, y) : ir_nzcv_add(b, w, n, y);
    IrValue nf;

    if (a->cond >= 14) {
        nf = cmp;
    } else {
        IrValue c = ir_cond(b, f, a->cond);
        nf = ir_select(b, IR_I32, c, cmp, ir_const32(b, (uint32_t)a->nzcv << 28));
    }
    ir_set_nzcv(b, nf);
    return true;
}

bool trans_CCMN_r(DisasContext *s, arg_CCMN_r *a)
{
    return do_ccmp(s, a, false, false);
}

bool trans_CCMP_r(DisasContext *s, arg_CCMP_r *a)
{
    return do_ccmp(s, a, true, false);
}

bool trans_CCMN_i(DisasContext *s, arg_CCMN_i *a)
{
    return do_ccmp(s, a, false, true);
}

bool trans_CCMP_i(DisasContext *s, arg_CCMP_i *a)
{
    return do_ccmp(s, a, true, true);
}

/* ---- conditional select (C6.2.69 CSEL, CSINC, CSINV, CSNEG) --------- */

enum { CSEL_PLAIN, CSEL_INC, CSEL_INV, CSEL_NEG };

static bool do_csel(DisasContext *s, arg_dp_csel *a, int kind)
{
    IrBlock *b = s->b;
    IrType t = sf_type(a->sf);
    IrValue n = read_reg(s, a->rn, a->sf);
    IrValue r;

    if (a->cond >= 14) {
        r = n; /* AL and NV always hold */
    } else {
        IrValue m = read_reg(s, a->rm, a->sf);
        switch (kind) {
        case CSEL_INC: m = ir_binop(b, IR_ADD, t, m, ir_const(b, t, 1)); break;
        case CSEL_INV: m = ir_unop(b, IR_NOT, t, m); break;
        case CSEL_NEG: m = ir_unop(b, IR_NEG, t, m); break;
        default: break;
        }
        IrValue c = ir_cond(b, ir_get_nzcv(b), a->cond);
        r = ir_select(b, t, c, n, m);
    }
    write_reg(s, a->rd, a->sf, r);
    return true;
}

bool trans_CSEL(DisasContext *s, arg_CSEL *a)
{
    return do_csel(s, a, CSEL_PLAIN);
}

bool trans_CSINC(DisasContext *s, arg_CSINC *a)
{
    return do_csel(s, a, CSEL_INC);
}

bool trans_CSINV(DisasContext *s, arg_CSINV *a)
{
    return do_csel(s, a, CSEL_INV);
}

bool trans_CSNEG(DisasContext *s, arg_CSNEG *a)
{
    return do_csel(s, a, CSEL_NEG);
}

/* ---- data processing (2 source) ------------------------------------- */

/* The IR ops carry the A64 corner cases: x/0 = 0, MIN/-1 = MIN, shift
 * amounts taken modulo the width (C6.2.388 UDIV, C6.2.270 SDIV,
 * C6.2.176 LSLV ...). */
static bool do_binop_reg(DisasContext *s, arg_dp_rrr *a, IrOpcode op)
{
    IrType t = sf_type(a->sf);
    IrValue n = read_reg(s, a->rn, a->sf);
    IrValue m = read_reg(s, a->rm, a->sf);
    write_reg(s, a->rd, a->sf, ir_binop(s->b, op, t, n, m));
    return true;
}

bool trans_UDIV(DisasContext *s, arg_UDIV *a)
{
    return do_binop_reg(s, a, IR_UDIV);
}

bool trans_SDIV(DisasContext *s, arg_SDIV *a)
{
    return do_binop_reg(s, a, IR_SDIV);
}

bool trans_LSLV(DisasContext *s, arg_LSLV *a)
{
    return do_binop_reg(s, a, IR_SHL);
}

bool trans_LSRV(DisasContext *s, arg_LSRV *a)
{
    return do_binop_reg(s, a, IR_LSHR);
}

bool trans_ASRV(DisasContext *s, arg_ASRV *a)
{
    return do_binop_reg(s, a, IR_ASHR);
}

bool trans_RORV(DisasContext *s, arg_RORV *a)
{
    return do_binop_reg(s, a, IR_ROR);
}

/* C6.2.77 CRC32, C6.2.78 CRC32C: FEAT_CRC32; sf = 1 iff sz = 11. */
bool trans_CRC32(DisasContext *s, arg_CRC32 *a)
{
    IrBlock *b = s->b;
    if (!s->cpu->feat.crc32 || a->sf != (a->sz == 3))
        return false;
    IrValue acc = ir_zext(b, IR_I64, a64_read_xreg(s, a->rn), 32);
    IrValue val = a64_read_xreg(s, a->rm);
    IrValue arg = ir_const64(b, (1u << a->sz) | ((unsigned)a->c << 8));
    IrValue r = ir_call(b, HELPER_crc32, acc, val, arg, IR_NONE);
    a64_write_xreg(s, a->rd, r);
    return true;
}

/* ---- data processing (1 source) ------------------------------------- */

static bool do_unop_reg(DisasContext *s, arg_dp_rr *a, IrOpcode op)
{
    IrValue n = read_reg(s, a->rn, a->sf);
    write_reg(s, a->rd, a->sf, ir_unop(s->b, op, sf_type(a->sf), n));
    return true;
}

bool trans_RBIT(DisasContext *s, arg_RBIT *a)
{
    return do_unop_reg(s, a, IR_RBIT);
}

bool trans_CLZ(DisasContext *s, arg_CLZ *a)
{
    return do_unop_reg(s, a, IR_CLZ);
}

bool trans_CLS(DisasContext *s, arg_CLS *a)
{
    return do_unop_reg(s, a, IR_CLS);
}

bool trans_REV64(DisasContext *s, arg_REV64 *a)
{
    return do_unop_reg(s, a, IR_BSWAP);
}

/* C6.2.252 REV16: bytes swapped within each halfword. */
bool trans_REV16(DisasContext *s, arg_REV16 *a)
{
    IrBlock *b = s->b;
    IrType t = sf_type(a->sf);
    uint64_t lo_bytes = a->sf ? 0x00ff00ff00ff00ffull : 0x00ff00ffu;
    IrValue n = read_reg(s, a->rn, a->sf);
    IrValue eight = ir_const(b, t, 8);
    IrValue down = ir_binop(b, IR_AND, t, ir_binop(b, IR_LSHR, t, n, eight),
                            ir_const(b, t, lo_bytes));
    IrValue up = ir_binop(b, IR_SHL, t, ir_binop(b, IR_AND, t, n, ir_const(b, t, lo_bytes)),
                          eight);
    write_reg(s, a->rd, a->sf, ir_binop(b, IR_OR, t, up, down));
    return true;
}

/* C6.2.253 REV32 (and REV Wd, C6.2.251): bytes swapped within each word;
 * the 64-bit form is a full byte swap with the two words swapped back. */
bool trans_REV32(DisasContext *s, arg_REV32 *a)
{
    IrBlock *b = s->b;
    IrType t = sf_type(a->sf);
    IrValue r = ir_unop(b, IR_BSWAP, t, read_reg(s, a->rn, a->sf));
    if (a->sf)
        r = ir_binop(b, IR_ROR, t, r, ir_const64(b, 32));
    write_reg(s, a->rd, a->sf, r);
    return true;
}

/* ---- data processing (3 source) ------------------------------------- */

/* C6.2.183 MADD / C6.2.198 MSUB: Ra +/- Rn * Rm at the operation width. */
static bool do_madd(DisasContext *s, arg_dp_rrrr *a, bool sub)
{
    IrBlock *b = s->b;
    IrType t = sf_type(a->sf);
    IrValue n = read_reg(s, a->rn, a->sf);
    IrValue m = read_reg(s, a->rm, a->sf);
    IrValue acc = read_reg(s, a->ra, a->sf);
    IrValue p = ir_binop(b, IR_MUL, t, n, m);
    write_reg(s, a->rd, a->sf, ir_binop(b, sub ? IR_SUB : IR_ADD, t, acc, p));
    return true;
}

bool trans_MADD(DisasContext *s, arg_MADD *a)
{
    return do_madd(s, a, false);
}

bool trans_MSUB(DisasContext *s, arg_MSUB *a)
{
    return do_madd(s, a, true);
}

/* C6.2.266 SMADDL, C6.2.389 UMADDL (and the MSUBL forms): Xa +/- the
 * 64-bit product of two sign- or zero-extended W registers. */
static bool do_maddl(DisasContext *s, arg_dp_rrrr *a, bool is_signed, bool sub)
{
    IrBlock *b = s->b;
    IrValue n = a64_read_xreg(s, a->rn);
    IrValue m = a64_read_xreg(s, a->rm);
    if (is_signed) {
        n = ir_sext(b, IR_I64, n, 32);
        m = ir_sext(b, IR_I64, m, 32);
    } else {
        n = ir_zext(b, IR_I64, n, 32);
        m = ir_zext(b, IR_I64, m, 32);
    }
    IrValue acc = a64_read_xreg(s, a->ra);
    IrValue p = ir_binop(b, IR_MUL, IR_I64, n, m);
    a64_write_xreg(s, a->rd, ir_binop(b, sub ? IR_SUB : IR_ADD, IR_I64, acc, p));
    return true;
}

bool trans_SMADDL(DisasContext *s, arg_SMADDL *a)
{
    return do_maddl(s, a, true, false);
}

bool trans_SMSUBL(DisasContext *s, arg_SMSUBL *a)
{
    return do_maddl(s, a, true, true);
}

bool trans_UMADDL(DisasContext *s, arg_UMADDL *a)
{
    return do_maddl(s, a, false, false);
}

bool trans_UMSUBL(DisasContext *s, arg_UMSUBL *a)
{
    return do_maddl(s, a, false, true);
}

/* C6.2.268 SMULH, C6.2.392 UMULH: high half of the 128-bit product. */
bool trans_SMULH(DisasContext *s, arg_SMULH *a)
{
    IrValue n = a64_read_xreg(s, a->rn);
    IrValue m = a64_read_xreg(s, a->rm);
    a64_write_xreg(s, a->rd, ir_binop(s->b, IR_SMULH, IR_I64, n, m));
    return true;
}

bool trans_UMULH(DisasContext *s, arg_UMULH *a)
{
    IrValue n = a64_read_xreg(s, a->rn);
    IrValue m = a64_read_xreg(s, a->rm);
    a64_write_xreg(s, a->rd, ir_binop(s->b, IR_UMULH, IR_I64, n, m));
    return true;
}
