/* SPDX-License-Identifier: MIT */
/*
 * test_ir.c - the IR, its passes and the interpreter, without a CPU: blocks
 * are built by hand with the ir.h builder and run by the interpreter against
 * a fake guest (a register array, a soft TLB over a malloc'd buffer, slow
 * paths that record their calls).
 *
 *  - every ALU/flag/condition op at every width against reference results
 *    computed here independently (128-bit arithmetic, bit loops, tables);
 *  - loads/stores: TLB fast path, sign extension, page crossing, alignment,
 *    MMIO and faults through the slow paths;
 *  - the verifier rejects malformed blocks;
 *  - random blocks: the interpreter on the raw block, on the optimised block
 *    and a plain reference evaluator over the IR give identical guest state,
 *    also when a load or helper raises an exception halfway;
 *  - the code cache: chaining, exit requests, invalidation.
 */
#include <check.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

#include "mmu/tlb.h"
#include "translator/engine.h"
#include "translator/ir.h"
#include "translator/ir_eval.h"
#include "translator/ir_flags.h"

/* ---- fake guest --------------------------------------------------------- */

#define MEM_VA 0x10000ull     /* two mapped RAM pages */
#define MEM_SIZE 0x2000u
#define MMIO_VA 0x30000ull    /* one page entered as MMIO */
#define FAULT_VA 0x40000ull   /* not mapped: slow path faults */
#define MMU_IDX 1

typedef struct FakeCpu {
    uint64_t regs[32];
    uint32_t nzcv;
    uint32_t pad;
    uint64_t pc;
    uint64_t misc[8];        /* reached by LOAD_CPU/STORE_CPU */
    Tlb tlb;
    uint8_t *mem;            /* MEM_SIZE bytes at MEM_VA */
    uint64_t mmio_last;      /* last MMIO store */
    unsigned nslow_load, nslow_store, nset_pc;
    uint64_t last_slow_va, last_slow_pc, last_set_pc;
    unsigned last_slow_memop;
    volatile int exit_request;
    bool faulted;
    uint64_t fault_pc;
    EngineEnv env;
} FakeCpu;

static jmp_buf fault_jmp;

/* backend_interp.c: 1 prints the interpreter's view of each compiled block */
extern int interp_dump_override;

static void fake_fault(FakeCpu *f, uint64_t pc)
{
    f->faulted = true;
    f->fault_pc = pc;
    longjmp(fault_jmp, 1);
}

/* The two guest pages live in the host buffer in swapped order, so that an
 * access wrongly taken as one host access across the page line reads the
 * wrong bytes. */
static uint8_t *mem_byte(FakeCpu *f, uint64_t va)
{
    uint64_t off = va - MEM_VA;
    return f->mem + ((off ^ A64_PAGE_SIZE) & (MEM_SIZE - 1));
}

static uint64_t mem_read(FakeCpu *f, uint64_t va, unsigned size, uint64_t pc)
{
    if (va >= MEM_VA && va + size <= MEM_VA + MEM_SIZE) {
        uint64_t x = 0;
        for (unsigned i = 0; i < size; i++)
            x |= (uint64_t)*mem_byte(f, va + i) << (8 * i);
        return x;
    }
    if (va >= MMIO_VA && va + size <= MMIO_VA + A64_PAGE_SIZE)
        return 0x1122334455667788ull ^ va;
    fake_fault(f, pc);
    return 0;
}

static void mem_write(FakeCpu *f, uint64_t va, unsigned size, uint64_t value, uint64_t pc)
{
    if (va >= MEM_VA && va + size <= MEM_VA + MEM_SIZE) {
        for (unsigned i = 0; i < size; i++)
            *mem_byte(f, va + i) = (uint8_t)(value >> (8 * i));
        return;
    }
    if (va >= MMIO_VA && va + size <= MMIO_VA + A64_PAGE_SIZE) {
        f->mmio_last = value & ir_mask(8 * size);
        return;
    }
    fake_fault(f, pc);
}

static bool misaligned(uint64_t va, unsigned memop)
{
    return (memop & IR_MO_ALIGN) && (va & (IR_MO_BYTES(memop) - 1));
}

static uint64_t slow_load(void *cpu, uint64_t va, unsigned memop, uint64_t pc)
{
    FakeCpu *f = cpu;
    f->nslow_load++;
    f->last_slow_va = va;
    f->last_slow_pc = pc;
    f->last_slow_memop = memop;
    if (misaligned(va, memop))
        fake_fault(f, pc);
    unsigned size = IR_MO_BYTES(memop);
    uint64_t x = mem_read(f, va, size, pc);
    /* return it sign-extended when asked: the engine must cope either way */
    if (memop & IR_MO_SIGN)
        x = (uint64_t)ir_sext64(x, 8 * size);
    return x;
}

static void slow_store(void *cpu, uint64_t va, uint64_t value, unsigned memop, uint64_t pc)
{
    FakeCpu *f = cpu;
    f->nslow_store++;
    f->last_slow_va = va;
    f->last_slow_pc = pc;
    f->last_slow_memop = memop;
    if (misaligned(va, memop))
        fake_fault(f, pc);
    mem_write(f, va, IR_MO_BYTES(memop), value, pc);
}

static void set_pc(void *cpu, uint64_t pc)
{
    FakeCpu *f = cpu;
    f->nset_pc++;
    f->last_set_pc = pc;
    f->pc = pc;
}

static FakeCpu *fake_new(void)
{
    FakeCpu *f = calloc(1, sizeof(*f));
    f->mem = calloc(1, MEM_SIZE);
    tlb_flush_all(&f->tlb);
    for (unsigned p = 0; p < MEM_SIZE / A64_PAGE_SIZE; p++)
        tlb_set(&f->tlb, MMU_IDX, MEM_VA + p * A64_PAGE_SIZE, MEM_VA + p * A64_PAGE_SIZE,
                mem_byte(f, MEM_VA + p * A64_PAGE_SIZE), TLB_PROT_R | TLB_PROT_W, 0, 0);
    tlb_set(&f->tlb, MMU_IDX, MMIO_VA, MMIO_VA, NULL, TLB_PROT_R | TLB_PROT_W, 0, 0);
    EngineEnv *e = &f->env;
    e->cpu = f;
    e->regs = f->regs;
    e->nzcv = &f->nzcv;
    e->pc = &f->pc;
    e->cpu_base = (uint8_t *)f;
    e->tlb = &f->tlb;
    e->exit_request = &f->exit_request;
    e->load_slow = slow_load;
    e->store_slow = slow_store;
    e->set_pc = set_pc;
    return f;
}

static void fake_free(FakeCpu *f)
{
    free(f->mem);
    free(f);
}

/* Guest-visible state, for comparisons. */
typedef struct Snap {
    uint64_t regs[32];
    uint32_t nzcv;
    uint64_t pc;
    uint64_t misc[8];
    uint8_t mem[MEM_SIZE];
    uint64_t mmio_last;
    bool faulted;
    uint64_t fault_pc;
    uint64_t insn_count;
} Snap;

static void snap(const FakeCpu *f, Snap *s)
{
    memcpy(s->regs, f->regs, sizeof(s->regs));
    s->nzcv = f->nzcv;
    s->pc = f->pc;
    memcpy(s->misc, f->misc, sizeof(s->misc));
    memcpy(s->mem, f->mem, MEM_SIZE);
    s->mmio_last = f->mmio_last;
    s->faulted = f->faulted;
    s->fault_pc = f->fault_pc;
    s->insn_count = f->env.insn_count;
}

static void restore(FakeCpu *f, const Snap *s)
{
    memcpy(f->regs, s->regs, sizeof(s->regs));
    f->nzcv = s->nzcv;
    f->pc = s->pc;
    memcpy(f->misc, s->misc, sizeof(s->misc));
    memcpy(f->mem, s->mem, MEM_SIZE);
    f->mmio_last = s->mmio_last;
    f->faulted = false;
    f->fault_pc = 0;
    f->env.insn_count = 0;
}

/* ---- helpers (the test's own helper table) ------------------------------ */

enum { TH_MIX, TH_SETREG, TH_READSUM, TH_RAISE, TH_MAYBE_RAISE, TH_COUNT };

static uint64_t th_mix(void *cpu, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3)
{
    return a0 * 3 + (a1 ^ 0x5a5a) + (a2 << 7) - a3;
}

static uint64_t th_setreg(void *cpu, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3)
{
    FakeCpu *f = cpu;
    f->regs[a0 & 7] = a1;
    f->nzcv = (uint32_t)(a1 << 28);
    return 0;
}

static uint64_t th_readsum(void *cpu, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3)
{
    FakeCpu *f = cpu;
    uint64_t s = f->nzcv;
    for (unsigned r = 0; r < 8; r++)
        s = s * 31 + f->regs[r];
    return s;
}

static uint64_t th_raise(void *cpu, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3)
{
    FakeCpu *f = cpu;
    fake_fault(f, f->pc);
    return 0;
}

static uint64_t th_maybe_raise(void *cpu, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3)
{
    FakeCpu *f = cpu;
    if ((a0 & 15) == 0)
        fake_fault(f, f->pc);
    return a0 + 1;
}

const IrHelperInfo ir_helpers[] = {
    [TH_MIX] = {"mix", th_mix, 4, 0, IR_I64},
    [TH_SETREG] = {"setreg", th_setreg, 2, IR_F_SIDE | IR_F_GUEST, IR_VOID},
    [TH_READSUM] = {"readsum", th_readsum, 0, IR_F_GUEST, IR_I64},
    [TH_RAISE] = {"raise", th_raise, 1, IR_F_SIDE | IR_F_MAYEXC | IR_F_GUEST, IR_VOID},
    [TH_MAYBE_RAISE] = {"maybe_raise", th_maybe_raise, 1, IR_F_SIDE | IR_F_MAYEXC, IR_I64},
};
const unsigned ir_helper_count = TH_COUNT;

/* ---- running blocks ------------------------------------------------------ */

#define BLOCK_PC 0x400000ull

/* Compile b and run it once (no chaining). Returns false if it faulted. */
static bool run_block(FakeCpu *f, const IrBlock *b)
{
    TranslationBlock *tb = calloc(1, sizeof(*tb));
    tb->key.pc = b->pc;
    tb->guest_insns = b->guest_insns;
    ck_assert_msg(backend_interp.compile(&f->env, b, tb), "interp refused a block");
    f->faulted = false;
    volatile bool ok = true;
    if (setjmp(fault_jmp) == 0)
        backend_interp.execute(&f->env, tb);
    else
        ok = false;
    backend_interp.free_code(tb);
    free(tb);
    return ok;
}

static void verify_or_die(const IrBlock *b)
{
    if (!ir_verify(b, stderr)) {
        ir_print(b, stderr);
        ck_abort_msg("block fails verification");
    }
}

/* ---- reference semantics, written independently of ir_eval.h ------------ */

static uint64_t wmask(unsigned w)
{
    return w == 64 ? ~0ull : (1ull << w) - 1;
}

static int64_t sx(uint64_t x, unsigned w)
{
    x &= wmask(w);
    if (w < 64 && (x >> (w - 1)) & 1)
        x |= ~wmask(w);
    return (int64_t)x;
}

/* NZCV of AddWithCarry via 128-bit sums (DDI 0487 J1.1.3). */
static uint32_t ref_addc(unsigned w, uint64_t x, uint64_t y, unsigned carry)
{
    x &= wmask(w);
    y &= wmask(w);
    unsigned __int128 us = (unsigned __int128)x + y + carry;
    __int128 ss = (__int128)sx(x, w) + sx(y, w) + carry;
    uint64_t r = (uint64_t)us & wmask(w);
    uint32_t f = 0;
    if ((r >> (w - 1)) & 1)
        f |= 8;
    if (r == 0)
        f |= 4;
    if (us != (unsigned __int128)r)
        f |= 2;
    if (ss != (__int128)sx(r, w))
        f |= 1;
    return f << 28;
}

static uint64_t ref_alu(unsigned op, unsigned w, uint64_t a, uint64_t b, uint64_t c)
{
    uint64_t m = wmask(w);
    a &= m;
    b &= m;
    unsigned sh = (unsigned)(b % w);
    switch (op) {
    case IR_ADD: return (a + b) & m;
    case IR_SUB: return (a - b) & m;
    case IR_MUL: return (uint64_t)((unsigned __int128)a * b) & m;
    case IR_UMULH: return (uint64_t)(((unsigned __int128)a * b) >> 64);
    case IR_SMULH: return (uint64_t)((unsigned __int128)((__int128)(int64_t)a * (int64_t)b) >> 64);
    case IR_UDIV: return b ? a / b : 0;
    case IR_SDIV: {
        if (b == 0)
            return 0;
        __int128 q = (__int128)sx(a, w) / sx(b, w);
        return (uint64_t)q & m;
    }
    case IR_AND: return a & b;
    case IR_OR: return a | b;
    case IR_XOR: return a ^ b;
    case IR_ANDN: return a & ~b & m;
    case IR_ORN: return (a | ~b) & m;
    case IR_XORN: return (a ^ ~b) & m;
    case IR_NOT: return ~a & m;
    case IR_NEG: return (0 - a) & m;
    case IR_SHL: return (a << sh) & m;
    case IR_LSHR: return a >> sh;
    case IR_ASHR: return (uint64_t)(sx(a, w) >> sh) & m;
    case IR_ROR: {
        uint64_t r = a;
        for (unsigned i = 0; i < sh; i++)
            r = (r >> 1) | ((r & 1) << (w - 1));
        return r;
    }
    case IR_CLZ: {
        unsigned n = 0;
        for (int i = (int)w - 1; i >= 0 && !((a >> i) & 1); i--)
            n++;
        return n;
    }
    case IR_CLS: {
        unsigned n = 0, s = (a >> (w - 1)) & 1;
        for (int i = (int)w - 2; i >= 0 && ((a >> i) & 1) == s; i--)
            n++;
        return n;
    }
    case IR_RBIT: {
        uint64_t r = 0;
        for (unsigned i = 0; i < w; i++)
            if ((a >> i) & 1)
                r |= 1ull << (w - 1 - i);
        return r;
    }
    case IR_BSWAP: {
        uint64_t r = 0;
        for (unsigned i = 0; i < w / 8; i++)
            r |= ((a >> (8 * i)) & 0xff) << (w - 8 - 8 * i);
        return r;
    }
    case IR_ADC: return (a + b + ((c >> 29) & 1)) & m;
    case IR_SBC: return (a + (~b & m) + ((c >> 29) & 1)) & m;
    case IR_EQ: return a == b;
    case IR_NE: return a != b;
    case IR_ULT: return a < b;
    case IR_ULE: return a <= b;
    case IR_SLT: return sx(a, w) < sx(b, w);
    case IR_SLE: return sx(a, w) <= sx(b, w);
    case IR_NZCV_ADD: return ref_addc(w, a, b, 0);
    case IR_NZCV_SUB: return ref_addc(w, a, ~b & m, 1);
    case IR_NZCV_ADC: return ref_addc(w, a, b, (c >> 29) & 1);
    case IR_NZCV_SBC: return ref_addc(w, a, ~b & m, (c >> 29) & 1);
    case IR_NZCV_LOGIC: return ((a >> (w - 1)) & 1 ? NZCV_N : 0) | (a == 0 ? NZCV_Z : 0);
    default: ck_abort_msg("no reference for op %u", op);
    }
    return 0;
}

/* ConditionHolds, from the condition table (C1.2.4). */
static bool ref_cond(unsigned cond, uint32_t nzcv)
{
    bool n = nzcv >> 31, z = (nzcv >> 30) & 1, c = (nzcv >> 29) & 1, v = (nzcv >> 28) & 1;
    switch (cond) {
    case 0: return z;
    case 1: return !z;
    case 2: return c;
    case 3: return !c;
    case 4: return n;
    case 5: return !n;
    case 6: return v;
    case 7: return !v;
    case 8: return c && !z;
    case 9: return !(c && !z);
    case 10: return n == v;
    case 11: return n != v;
    case 12: return !z && n == v;
    case 13: return !(!z && n == v);
    default: return true;
    }
}

/* ---- random numbers ------------------------------------------------------- */

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint64_t rnd(void)
{
    uint64_t x = rng_state;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return rng_state = x;
}

static const uint64_t edge[] = {
    0, 1, 2, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff, 0x7fffffff, 0x80000000, 0xffffffff,
    0x100000000ull, 0x7fffffffffffffffull, 0x8000000000000000ull, 0xffffffffffffffffull,
    0xfffffffffffffffeull, 31, 32, 33, 63, 64, 65, 0xdeadbeefcafebabeull,
};

static uint64_t interesting(void)
{
    uint64_t r = rnd();
    switch (r & 7) {
    case 0: case 1: case 2: return edge[(r >> 8) % (sizeof(edge) / sizeof(edge[0]))];
    case 3: return (r >> 8) & 0xff;
    case 4: return edge[(r >> 8) % (sizeof(edge) / sizeof(edge[0]))] + ((r >> 40) & 3) - 1;
    default: return rnd();
    }
}

/* ---- ALU ops through the interpreter ------------------------------------- */

static const unsigned bin_ops[] = {
    IR_ADD, IR_SUB, IR_MUL, IR_UDIV, IR_SDIV, IR_AND, IR_OR, IR_XOR, IR_ANDN, IR_ORN,
    IR_XORN, IR_SHL, IR_LSHR, IR_ASHR, IR_ROR,
};
static const unsigned un_ops[] = {IR_NOT, IR_NEG, IR_CLZ, IR_CLS, IR_RBIT, IR_BSWAP};
static const unsigned cmp_ops[] = {IR_EQ, IR_NE, IR_ULT, IR_ULE, IR_SLT, IR_SLE};
static const unsigned flag_ops[] = {IR_NZCV_ADD, IR_NZCV_SUB, IR_NZCV_ADC, IR_NZCV_SBC,
                                    IR_NZCV_LOGIC};

typedef enum { SRC_REG, SRC_CONST, SRC_SAME } SrcKind;

/* Operand of width w from X[r] (truncated for 32) or a constant. */
static IrValue operand(IrBlock *b, unsigned w, SrcKind k, unsigned r, uint64_t v)
{
    if (k == SRC_CONST)
        return ir_const(b, w == 64 ? IR_I64 : IR_I32, v);
    IrValue x = ir_get_reg(b, r);
    return w == 64 ? x : ir_zext(b, IR_I32, x, 32);
}

static void widen_set(IrBlock *b, unsigned w, unsigned r, IrValue v)
{
    ir_set_reg(b, r, w == 64 ? v : ir_zext(b, IR_I64, v, 32));
}

/* Run op(a, b[, c]) at width w: inputs in X0, X1 (or constants), NZCV for
 * c; the result lands in X<dst>. Checks the raw and the optimised block
 * (constant operands fold into a CONST in the latter). */
static void check_op(unsigned op, unsigned w, uint64_t a, uint64_t bv, uint32_t c, SrcKind ka,
                     SrcKind kb, unsigned dst)
{
    FakeCpu *f = fake_new();
    IrType t = w == 64 ? IR_I64 : IR_I32;
    bool is_flag = op >= IR_NZCV_ADD && op <= IR_NZCV_LOGIC;
    bool is_cmp = op >= IR_EQ && op <= IR_SLE;
    bool unary = op == IR_NOT || op == IR_NEG || op == IR_CLZ || op == IR_CLS ||
                 op == IR_RBIT || op == IR_BSWAP || op == IR_NZCV_LOGIC;
    bool carry = op == IR_ADC || op == IR_SBC || op == IR_NZCV_ADC || op == IR_NZCV_SBC;
    if (kb == SRC_SAME)
        bv = a;
    uint64_t expect = ref_alu(op, w, a, bv, c);

    for (int opt = 0; opt < 2; opt++) {
        IrBlock b;
        ir_block_init(&b, BLOCK_PC);
        IrValue x = operand(&b, w, ka, 0, a);
        IrValue y = kb == SRC_SAME ? x : operand(&b, w, kb, 1, bv);
        IrValue cz = carry ? ir_get_nzcv(&b) : IR_NONE;
        IrValue r;
        if (is_flag) {
            r = ir_emit(&b, (IrOpcode)op, IR_I32, x, unary ? IR_NONE : y, cz, w);
            ir_set_reg(&b, dst, ir_zext(&b, IR_I64, r, 32));
        } else if (is_cmp) {
            r = ir_cmp(&b, (IrOpcode)op, x, y);
            ir_set_reg(&b, dst, ir_zext(&b, IR_I64, r, 1));
        } else if (carry) {
            r = ir_emit(&b, (IrOpcode)op, t, x, y, cz, 0);
            widen_set(&b, w, dst, r);
        } else if (unary) {
            r = ir_unop(&b, (IrOpcode)op, t, x);
            widen_set(&b, w, dst, r);
        } else {
            r = ir_binop(&b, (IrOpcode)op, t, x, y);
            widen_set(&b, w, dst, r);
        }
        b.guest_insns = 1;
        b.guest_bytes = 4;
        ir_term_link(&b, BLOCK_PC + 4);
        verify_or_die(&b);
        if (opt) {
            ir_optimize(&b);
            verify_or_die(&b);
        }
        memset(f->regs, 0xee, sizeof(f->regs));
        f->regs[0] = a;
        f->regs[1] = bv;
        f->nzcv = c;
        ck_assert(run_block(f, &b));
        ck_assert_msg(f->regs[dst] == expect,
                      "%s w%u a=0x%llx b=0x%llx c=0x%x src=%d/%d dst=x%u opt=%d: got 0x%llx "
                      "want 0x%llx",
                      ir_op_info[op].name, w, (unsigned long long)a, (unsigned long long)bv, c,
                      ka, kb, dst, opt, (unsigned long long)f->regs[dst],
                      (unsigned long long)expect);
        ck_assert_uint_eq(f->pc, BLOCK_PC + 4);
        ir_block_free(&b);
    }
    fake_free(f);
}

static void check_op_all_forms(unsigned op, unsigned w, uint64_t a, uint64_t b, uint32_t c)
{
    static const SrcKind forms[][2] = {
        {SRC_REG, SRC_REG}, {SRC_REG, SRC_CONST}, {SRC_CONST, SRC_REG}, {SRC_CONST, SRC_CONST},
    };
    for (unsigned i = 0; i < 4; i++)
        check_op(op, w, a, b, c, forms[i][0], forms[i][1], (unsigned)(rnd() % 3));
    check_op(op, w, a, b, c, SRC_REG, SRC_SAME, 0);
}

START_TEST(test_alu_binary)
{
    for (unsigned i = 0; i < sizeof(bin_ops) / sizeof(bin_ops[0]); i++)
        for (unsigned w = 32; w <= 64; w += 32)
            for (int n = 0; n < 60; n++)
                check_op_all_forms(bin_ops[i], w, interesting(), interesting(), 0);
    for (int n = 0; n < 200; n++) {
        check_op_all_forms(IR_UMULH, 64, interesting(), interesting(), 0);
        check_op_all_forms(IR_SMULH, 64, interesting(), interesting(), 0);
    }
}
END_TEST

START_TEST(test_alu_unary_and_carry)
{
    for (unsigned i = 0; i < sizeof(un_ops) / sizeof(un_ops[0]); i++)
        for (unsigned w = 32; w <= 64; w += 32)
            for (int n = 0; n < 100; n++)
                check_op_all_forms(un_ops[i], w, interesting(), 0, 0);
    for (unsigned w = 32; w <= 64; w += 32)
        for (int n = 0; n < 100; n++) {
            uint32_t c = (uint32_t)(rnd() & 0xf) << 28;
            check_op_all_forms(IR_ADC, w, interesting(), interesting(), c);
            check_op_all_forms(IR_SBC, w, interesting(), interesting(), c);
        }
}
END_TEST

START_TEST(test_compare_and_flags)
{
    for (unsigned w = 32; w <= 64; w += 32) {
        for (int n = 0; n < 150; n++) {
            uint64_t a = interesting(), b = rnd() & 1 ? interesting() : a;
            uint32_t c = (uint32_t)(rnd() & 0xf) << 28;
            for (unsigned i = 0; i < sizeof(cmp_ops) / sizeof(cmp_ops[0]); i++)
                check_op_all_forms(cmp_ops[i], w, a, b, c);
            for (unsigned i = 0; i < sizeof(flag_ops) / sizeof(flag_ops[0]); i++)
                check_op_all_forms(flag_ops[i], w, a, b, c);
        }
    }
}
END_TEST

/* A few hand-computed values, so the references above are anchored too. */
START_TEST(test_alu_hand_values)
{
    ck_assert_uint_eq(ref_alu(IR_SDIV, 64, 0x8000000000000000ull, ~0ull, 0), 0x8000000000000000ull);
    ck_assert_uint_eq(ref_alu(IR_SDIV, 32, 0x80000000u, 0xffffffffu, 0), 0x80000000u);
    ck_assert_uint_eq(ref_alu(IR_SDIV, 32, (uint32_t)-7, 2, 0), (uint32_t)-3);
    ck_assert_uint_eq(ref_alu(IR_UDIV, 64, 5, 0, 0), 0);
    ck_assert_uint_eq(ref_alu(IR_CLS, 32, 0xffff0000u, 0, 0), 15);
    ck_assert_uint_eq(ref_alu(IR_CLS, 64, 0, 0, 0), 63);
    ck_assert_uint_eq(ref_alu(IR_CLZ, 32, 0, 0, 0), 32);
    ck_assert_uint_eq(ref_alu(IR_RBIT, 32, 1, 0, 0), 0x80000000u);
    ck_assert_uint_eq(ref_alu(IR_ROR, 32, 0x12345678, 8, 0), 0x78123456);
    ck_assert_uint_eq(ref_alu(IR_ASHR, 32, 0x80000000u, 31, 0), 0xffffffffu);
    ck_assert_uint_eq(ref_alu(IR_SMULH, 64, ~0ull, ~0ull, 0), 0);
    ck_assert_uint_eq(ref_alu(IR_UMULH, 64, ~0ull, ~0ull, 0), ~0ull - 1);
    /* SUBS 0 - 1: N, borrow (C = 0) */
    ck_assert_uint_eq(ref_alu(IR_NZCV_SUB, 64, 0, 1, 0), NZCV_N);
    /* CMP x, x: Z and C */
    ck_assert_uint_eq(ref_alu(IR_NZCV_SUB, 32, 5, 5, 0), NZCV_Z | NZCV_C);
    /* 0x7fffffff + 1: N and V */
    ck_assert_uint_eq(ref_alu(IR_NZCV_ADD, 32, 0x7fffffff, 1, 0), NZCV_N | NZCV_V);
    check_op(IR_SDIV, 64, 0x8000000000000000ull, ~0ull, 0, SRC_REG, SRC_REG, 2);
    check_op(IR_ROR, 64, 0x0123456789abcdefull, 4, 0, SRC_REG, SRC_REG, 2);
}
END_TEST

/* ZEXT/SEXT/EXTRACT/DEPOSIT/SELECT/COND and narrow types. */
START_TEST(test_fields_select_cond)
{
    FakeCpu *f = fake_new();
    for (int n = 0; n < 400; n++) {
        uint64_t a = interesting(), bval = interesting();
        unsigned lsb = (unsigned)(rnd() % 64);
        unsigned len = 1 + (unsigned)(rnd() % (64 - lsb));
        unsigned from = (unsigned[]){8, 16, 32, 1 + (unsigned)(rnd() % 63)}[rnd() % 4];
        unsigned cond = (unsigned)(rnd() % 16);
        uint32_t nzcv = (uint32_t)(rnd() & 0xf) << 28;
        for (int opt = 0; opt < 2; opt++) {
            IrBlock b;
            ir_block_init(&b, BLOCK_PC);
            IrValue x = ir_get_reg(&b, 0), y = ir_get_reg(&b, 1);
            ir_set_reg(&b, 2, ir_zext(&b, IR_I64, x, from));
            ir_set_reg(&b, 3, ir_sext(&b, IR_I64, x, from));
            ir_set_reg(&b, 4, ir_extract(&b, IR_I64, x, lsb, len));
            ir_set_reg(&b, 5, ir_deposit(&b, IR_I64, x, y, lsb, len));
            IrValue cc = ir_cond(&b, ir_get_nzcv(&b), cond);
            ir_set_reg(&b, 6, ir_select(&b, IR_I64, cc, x, y));
            ir_set_reg(&b, 7, ir_zext(&b, IR_I64, cc, 1));
            /* narrow: I8 add and I16 sign extension, I32 sext of a 16-bit field */
            IrValue x8 = ir_zext(&b, IR_I8, x, 8), y8 = ir_zext(&b, IR_I8, y, 8);
            ir_set_reg(&b, 8, ir_zext(&b, IR_I64, ir_binop(&b, IR_ADD, IR_I8, x8, y8), 8));
            ir_set_reg(&b, 9, ir_zext(&b, IR_I64, ir_sext(&b, IR_I16, x8, 8), 16));
            IrValue x32 = ir_zext(&b, IR_I32, x, 32);
            ir_set_reg(&b, 10, ir_zext(&b, IR_I64, ir_sext(&b, IR_I32, x32, 16), 32));
            ir_set_reg(&b, 11, ir_zext(&b, IR_I64, ir_extract(&b, IR_I32, x32, lsb % 32, 1), 32));
            IrValue n1 = ir_unop(&b, IR_NOT, IR_I1, cc);
            ir_set_reg(&b, 12, ir_zext(&b, IR_I64, n1, 1));
            ir_set_reg(&b, 13, ir_zext(&b, IR_I64, ir_cmp(&b, IR_SLT, x8, y8), 1));
            b.guest_insns = 1;
            b.guest_bytes = 4;
            ir_term_link(&b, BLOCK_PC + 4);
            verify_or_die(&b);
            if (opt) {
                ir_optimize(&b);
                verify_or_die(&b);
            }
            f->regs[0] = a;
            f->regs[1] = bval;
            f->nzcv = nzcv;
            ck_assert(run_block(f, &b));
            uint64_t fm = wmask(len) << lsb;
            bool ch = ref_cond(cond, nzcv);
            ck_assert_uint_eq(f->regs[2], a & wmask(from));
            ck_assert_uint_eq(f->regs[3], (uint64_t)sx(a, from));
            ck_assert_uint_eq(f->regs[4], (a >> lsb) & wmask(len));
            ck_assert_uint_eq(f->regs[5], (a & ~fm) | ((bval << lsb) & fm));
            ck_assert_uint_eq(f->regs[6], ch ? a : bval);
            ck_assert_uint_eq(f->regs[7], ch);
            ck_assert_uint_eq(f->regs[8], (a + bval) & 0xff);
            ck_assert_uint_eq(f->regs[9], (uint64_t)sx(a, 8) & 0xffff);
            ck_assert_uint_eq(f->regs[10], (uint64_t)sx(a, 16) & 0xffffffff);
            ck_assert_uint_eq(f->regs[11], (a >> (lsb % 32)) & 1);
            ck_assert_uint_eq(f->regs[12], !ch);
            ck_assert_uint_eq(f->regs[13], (int8_t)a < (int8_t)bval);
            ir_block_free(&b);
        }
    }
    fake_free(f);
}
END_TEST

/* All 16 conditions over all 16 flag values, as a value and as the
 * conditional exit (fused with the COND), raw and folded. */
START_TEST(test_cond_exit)
{
    FakeCpu *f = fake_new();
    for (unsigned cond = 0; cond < 16; cond++) {
        for (unsigned k = 0; k < 16; k++) {
            for (int form = 0; form < 3; form++) {
                IrBlock b;
                ir_block_init(&b, BLOCK_PC);
                IrValue nz = form == 2 ? ir_const32(&b, k << 28) : ir_get_nzcv(&b);
                IrValue c = ir_cond(&b, nz, cond);
                if (form == 1)
                    ir_set_reg(&b, 0, ir_zext(&b, IR_I64, c, 1)); /* second use: no fusion */
                b.guest_insns = 3;
                b.guest_bytes = 12;
                ir_term_cond(&b, c, 0x1000, 0x2000);
                verify_or_die(&b);
                if (form == 2)
                    ir_optimize(&b);
                verify_or_die(&b);
                f->nzcv = k << 28;
                f->regs[0] = 99;
                f->env.insn_count = 0;
                ck_assert(run_block(f, &b));
                bool want = ref_cond(cond, k << 28);
                ck_assert_msg(f->pc == (want ? 0x1000u : 0x2000u), "cond %u nzcv %x form %d",
                              cond, k, form);
                if (form == 1)
                    ck_assert_uint_eq(f->regs[0], want);
                ck_assert_uint_eq(f->env.insn_count, 3);
                ir_block_free(&b);
            }
        }
    }
    fake_free(f);
}
END_TEST

/* Shifted register operands (add x0, x1, x2, lsr #k ...): the shift and
 * the ALU op, in either operand order for the commutative ones. */
START_TEST(test_shifted_operands)
{
    static const unsigned ops[] = {IR_ADD, IR_SUB, IR_AND, IR_OR, IR_XOR, IR_ANDN, IR_ORN};
    static const unsigned shifts[] = {IR_SHL, IR_LSHR, IR_ASHR};
    FakeCpu *f = fake_new();
    for (int n = 0; n < 2000; n++) {
        unsigned op = ops[rnd() % 7], sh = shifts[rnd() % 3], w = rnd() & 1 ? 64 : 32;
        unsigned k = (unsigned)(rnd() % w);
        bool swap = rnd() & 1;
        uint64_t a = interesting(), bv = interesting();
        IrBlock b;
        ir_block_init(&b, BLOCK_PC);
        IrType t = w == 64 ? IR_I64 : IR_I32;
        IrValue x = operand(&b, w, SRC_REG, 0, 0), y = operand(&b, w, SRC_REG, 1, 0);
        IrValue sy = ir_binop(&b, sh, t, y, ir_const(&b, t, k));
        IrValue r = swap ? ir_binop(&b, op, t, sy, x) : ir_binop(&b, op, t, x, sy);
        widen_set(&b, w, 2, r);
        b.guest_insns = 1;
        b.guest_bytes = 4;
        ir_term_link(&b, BLOCK_PC + 4);
        verify_or_die(&b);
        f->regs[0] = a;
        f->regs[1] = bv;
        ck_assert(run_block(f, &b));
        uint64_t ys = ref_alu(sh, w, bv, k, 0);
        uint64_t want = swap ? ref_alu(op, w, ys, a, 0) : ref_alu(op, w, a, ys, 0);
        ck_assert_msg(f->regs[2] == want, "%s(%s) w%u k=%u swap=%d: 0x%llx want 0x%llx",
                      ir_op_info[op].name, ir_op_info[sh].name, w, k, swap,
                      (unsigned long long)f->regs[2], (unsigned long long)want);
        ir_block_free(&b);
    }
    fake_free(f);
}
END_TEST

/* cmp/adds/tst followed by b.cond: the fused compare-and-branch exit. */
START_TEST(test_compare_branch)
{
    static const unsigned ops[] = {IR_NZCV_ADD, IR_NZCV_SUB, IR_NZCV_LOGIC};
    FakeCpu *f = fake_new();
    for (int n = 0; n < 300; n++) {
        unsigned op = ops[n % 3], w = (n / 3) % 2 ? 64 : 32, cond = (unsigned)(rnd() % 16);
        uint64_t a = interesting(), bv = rnd() & 1 ? a : interesting();
        IrBlock b;
        ir_block_init(&b, BLOCK_PC);
        IrValue x = operand(&b, w, SRC_REG, 0, 0), y = operand(&b, w, SRC_REG, 1, 0);
        IrValue fl = ir_emit(&b, (IrOpcode)op, IR_I32, x, op == IR_NZCV_LOGIC ? IR_NONE : y,
                             IR_NONE, w);
        ir_set_nzcv(&b, fl);
        b.guest_insns = 2;
        b.guest_bytes = 8;
        ir_term_cond(&b, ir_cond(&b, fl, cond), 0x1000, 0x2000);
        verify_or_die(&b);
        f->regs[0] = a;
        f->regs[1] = bv;
        f->nzcv = 0;
        ck_assert(run_block(f, &b));
        uint32_t want = (uint32_t)ref_alu(op, w, a, bv, 0);
        ck_assert_uint_eq(f->nzcv, want);
        ck_assert_uint_eq(f->pc, ref_cond(cond, want) ? 0x1000 : 0x2000);
        ir_block_free(&b);
    }
    fake_free(f);
}
END_TEST

/* ---- memory ------------------------------------------------------------------ */

static unsigned memop(unsigned size, unsigned flags)
{
    return size | flags | (MMU_IDX << 8);
}

/* Load from X0 with memop into X1 (type t); returns the loaded value. */
static uint64_t do_load(FakeCpu *f, uint64_t va, unsigned mo, IrType t, bool *ok)
{
    IrBlock b;
    ir_block_init(&b, BLOCK_PC);
    ir_set_guest_pc(&b, BLOCK_PC + 8);
    IrValue v = ir_load(&b, t, ir_get_reg(&b, 0), mo);
    ir_set_reg(&b, 1, t == IR_I64 ? v : ir_zext(&b, IR_I64, v, ir_type_bits(t)));
    b.guest_insns = 3;
    b.guest_bytes = 12;
    ir_term_link(&b, BLOCK_PC + 12);
    verify_or_die(&b);
    f->regs[0] = va;
    f->regs[1] = 0x5555;
    *ok = run_block(f, &b);
    ir_block_free(&b);
    return f->regs[1];
}

static bool do_store(FakeCpu *f, uint64_t va, uint64_t value, unsigned mo)
{
    IrBlock b;
    ir_block_init(&b, BLOCK_PC);
    ir_set_guest_pc(&b, BLOCK_PC + 4);
    ir_store(&b, ir_get_reg(&b, 0), ir_get_reg(&b, 1), mo);
    b.guest_insns = 2;
    b.guest_bytes = 8;
    ir_term_link(&b, BLOCK_PC + 8);
    verify_or_die(&b);
    f->regs[0] = va;
    f->regs[1] = value;
    bool ok = run_block(f, &b);
    ir_block_free(&b);
    return ok;
}

START_TEST(test_load_store)
{
    FakeCpu *f = fake_new();
    for (unsigned i = 0; i < MEM_SIZE; i++)
        f->mem[i] = (uint8_t)(i * 7 + 3);
    bool ok;
    for (int n = 0; n < 3000; n++) {
        unsigned size = (unsigned)(rnd() % 4), bytes = 1u << size;
        bool sign = rnd() & 1, align = rnd() & 1;
        IrType t = (rnd() & 1) || size == 3 ? IR_I64 : IR_I32;
        uint64_t off = rnd() % (MEM_SIZE - 8);
        if (rnd() % 4 == 0)
            off = A64_PAGE_SIZE - 1 - rnd() % 8; /* near or across the page line */
        uint64_t va = MEM_VA + off;
        unsigned mo = memop(size, (sign ? IR_MO_SIGN : 0) | (align ? IR_MO_ALIGN : 0));
        unsigned slow0 = f->nslow_load;
        uint64_t raw = 0;
        for (unsigned k = 0; k < bytes; k++)
            raw |= (uint64_t)*mem_byte(f, MEM_VA + off + k) << (8 * k);
        uint64_t want = sign ? (uint64_t)sx(raw, 8 * bytes) & ir_type_mask(t) : raw;
        uint64_t got = do_load(f, va, mo, t, &ok);
        bool mis = align && (va & (bytes - 1));
        bool cross = (va & 0xfff) + bytes > 0x1000;
        if (mis) {
            ck_assert_msg(!ok && f->fault_pc == BLOCK_PC + 8, "misaligned load did not fault");
            ck_assert_uint_eq(f->regs[1], 0x5555); /* untouched */
            continue;
        }
        ck_assert_msg(ok, "load faulted at 0x%llx", (unsigned long long)va);
        ck_assert_msg(got == want, "load size %u sign %d t %d va 0x%llx: 0x%llx want 0x%llx",
                      bytes, sign, t, (unsigned long long)va, (unsigned long long)got,
                      (unsigned long long)want);
        /* the fast path serves everything inside one page */
        ck_assert_uint_eq(f->nslow_load - slow0, cross ? 1 : 0);
        if (cross) {
            ck_assert_uint_eq(f->last_slow_va, va);
            ck_assert_uint_eq(f->last_slow_memop, mo);
            ck_assert_uint_eq(f->last_slow_pc, BLOCK_PC + 8);
        }

        /* store back a new value and read the bytes */
        uint64_t nv = rnd();
        unsigned s0 = f->nslow_store;
        ok = do_store(f, va, nv, memop(size, align ? IR_MO_ALIGN : 0));
        ck_assert(ok);
        uint64_t back = 0;
        for (unsigned k = 0; k < bytes; k++)
            back |= (uint64_t)*mem_byte(f, MEM_VA + off + k) << (8 * k);
        ck_assert_uint_eq(back, nv & wmask(8 * bytes));
        ck_assert_uint_eq(f->nslow_store - s0, cross ? 1 : 0);
    }
    /* MMIO goes to the slow path with the right pc and memop */
    unsigned s0 = f->nslow_load;
    uint64_t got = do_load(f, MMIO_VA + 0x10, memop(2, 0), IR_I32, &ok);
    ck_assert(ok);
    ck_assert_uint_eq(got, (0x1122334455667788ull ^ (MMIO_VA + 0x10)) & 0xffffffff);
    ck_assert_uint_eq(f->nslow_load, s0 + 1);
    ck_assert(do_store(f, MMIO_VA + 8, 0xabcdef12345ull, memop(1, 0)));
    ck_assert_uint_eq(f->mmio_last, 0x2345);
    /* an unmapped address faults with the precise pc and leaves X1 alone */
    got = do_load(f, FAULT_VA, memop(3, 0), IR_I64, &ok);
    ck_assert(!ok);
    ck_assert_uint_eq(f->fault_pc, BLOCK_PC + 8);
    ck_assert_uint_eq(got, 0x5555);
    /* a read-only page: stores take the slow path */
    tlb_set(&f->tlb, MMU_IDX, MEM_VA, MEM_VA, mem_byte(f, MEM_VA), TLB_PROT_R, 0, 0);
    s0 = f->nslow_store;
    ck_assert(do_store(f, MEM_VA + 16, 7, memop(3, 0)));
    ck_assert_uint_eq(f->nslow_store, s0 + 1);
    /* another mmu index misses entirely */
    s0 = f->nslow_load;
    do_load(f, MEM_VA + 16, 3 | (2 << 8), IR_I64, &ok);
    ck_assert(ok);
    ck_assert_uint_eq(f->nslow_load, s0 + 1);
    fake_free(f);
}
END_TEST

/* LDP/STP: two accesses of one instruction (fused into one by the
 * interpreter) at every offset around the page line, with and without
 * alignment checks, through an offset or a post-indexed base. */
START_TEST(test_pairs)
{
    FakeCpu *f = fake_new();
    for (unsigned i = 0; i < MEM_SIZE; i++)
        f->mem[i] = (uint8_t)(i * 13 + 5);
    for (unsigned form = 0; form < 24; form++) {
        unsigned size = form & 1 ? 3 : 2;
        bool align = form & 2, store = form & 4, sign = (form >> 3) == 1 && size == 2 && !store;
        unsigned mode = (form >> 3) == 2 ? 2 : form & 8 ? 1 : 0; /* 0 [x], 1 [x, #8], 2 post */
        unsigned bytes = 1u << size;
        for (uint64_t off = A64_PAGE_SIZE - 24; off < A64_PAGE_SIZE + 8; off++) {
            IrBlock b;
            ir_block_init(&b, BLOCK_PC);
            ir_set_guest_pc(&b, BLOCK_PC + 4);
            IrValue base = ir_get_reg(&b, 0);
            IrValue a1 = mode == 1 ? ir_binop(&b, IR_ADD, IR_I64, base, ir_const64(&b, 8)) : base;
            IrValue a2 = ir_binop(&b, IR_ADD, IR_I64, a1, ir_const64(&b, bytes));
            unsigned mo = memop(size, (align ? IR_MO_ALIGN : 0) | (sign ? IR_MO_SIGN : 0));
            if (store) {
                ir_store(&b, a1, ir_get_reg(&b, 1), mo);
                ir_store(&b, a2, ir_get_reg(&b, 2), mo);
            } else {
                IrType t = size == 3 || sign ? IR_I64 : IR_I32;
                IrValue v1 = ir_load(&b, t, a1, mo), v2 = ir_load(&b, t, a2, mo);
                if (t == IR_I32) {
                    v1 = ir_zext(&b, IR_I64, v1, 32);
                    v2 = ir_zext(&b, IR_I64, v2, 32);
                }
                ir_set_reg(&b, 2, v2);
                ir_set_reg(&b, 1, v1);
            }
            if (mode == 2)
                ir_set_reg(&b, 0, ir_binop(&b, IR_ADD, IR_I64, base, ir_const64(&b, 32)));
            b.guest_insns = 2;
            b.guest_bytes = 8;
            ir_term_link(&b, BLOCK_PC + 8);
            verify_or_die(&b);
            uint64_t va = MEM_VA + off - (mode == 1 ? 8 : 0), ea = va + (mode == 1 ? 8 : 0);
            uint64_t w1 = rnd(), w2 = rnd();
            f->regs[0] = va;
            f->regs[1] = w1;
            f->regs[2] = w2;
            uint64_t e1 = mem_read(f, ea, bytes, 0), e2 = mem_read(f, ea + bytes, bytes, 0);
            bool ok = run_block(f, &b);
            bool mis = align && (ea & (bytes - 1));
            ck_assert_msg(ok == !mis, "form %u off 0x%llx: fault %d", form,
                          (unsigned long long)off, !ok);
            if (mis) {
                ck_assert_uint_eq(f->fault_pc, BLOCK_PC + 4);
                ck_assert_uint_eq(f->regs[0], va); /* nothing written */
            } else if (store) {
                ck_assert_uint_eq(mem_read(f, ea, bytes, 0), w1 & wmask(8 * bytes));
                ck_assert_uint_eq(mem_read(f, ea + bytes, bytes, 0), w2 & wmask(8 * bytes));
            } else {
                uint64_t x1 = sign ? (uint64_t)sx(e1, 32) : e1, x2 = sign ? (uint64_t)sx(e2, 32) : e2;
                ck_assert_msg(f->regs[1] == x1 && f->regs[2] == x2,
                              "form %u off 0x%llx: %llx %llx want %llx %llx", form,
                              (unsigned long long)off, (unsigned long long)f->regs[1],
                              (unsigned long long)f->regs[2], (unsigned long long)x1,
                              (unsigned long long)x2);
            }
            if (ok && mode == 2)
                ck_assert_uint_eq(f->regs[0], va + 32);
            ir_block_free(&b);
        }
    }
    fake_free(f);
}
END_TEST

START_TEST(test_cpu_fields_calls)
{
    FakeCpu *f = fake_new();
    IrBlock b;
    ir_block_init(&b, BLOCK_PC);
    size_t off = offsetof(FakeCpu, misc);
    IrValue v64 = ir_load_cpu(&b, IR_I64, off);
    IrValue v8 = ir_load_cpu(&b, IR_I8, off + 8);
    IrValue v16 = ir_load_cpu(&b, IR_I16, off + 10);
    IrValue v32 = ir_load_cpu(&b, IR_I32, off + 12);
    ir_store_cpu(&b, off + 16, ir_binop(&b, IR_ADD, IR_I64, v64, ir_const64(&b, 1)));
    ir_store_cpu(&b, off + 24, v8);
    ir_store_cpu(&b, off + 26, v16);
    ir_store_cpu(&b, off + 28, v32);
    IrValue m = ir_call(&b, TH_MIX, v64, ir_zext(&b, IR_I64, v8, 8),
                        ir_zext(&b, IR_I64, v16, 16), ir_zext(&b, IR_I64, v32, 32));
    ir_set_reg(&b, 3, m);
    ir_set_guest_pc(&b, BLOCK_PC + 4);
    IrValue r = ir_call(&b, TH_MAYBE_RAISE, ir_get_reg(&b, 4), IR_NONE, IR_NONE, IR_NONE);
    ir_set_reg(&b, 5, r);
    ir_barrier(&b, IR_BAR_DMB);
    b.guest_insns = 2;
    b.guest_bytes = 8;
    ir_term_indirect(&b, ir_get_reg(&b, 6));
    verify_or_die(&b);
    f->misc[0] = 0x1111222233334444ull;
    f->misc[1] = 0x8877665544332211ull;
    f->regs[4] = 41;
    f->regs[6] = 0x123456;
    ck_assert(run_block(f, &b));
    ck_assert_uint_eq(f->misc[2], 0x1111222233334445ull);
    ck_assert_uint_eq(f->misc[3], 0x8877665544330011ull);
    ck_assert_uint_eq(f->regs[3], th_mix(NULL, 0x1111222233334444ull, 0x11, 0x4433, 0x88776655));
    ck_assert_uint_eq(f->regs[5], 42);
    ck_assert_uint_eq(f->last_set_pc, BLOCK_PC + 4); /* MAYEXC helper saw its pc */
    ck_assert_uint_eq(f->pc, 0x123456);
    /* now make the helper raise: x5 must keep its old value */
    f->regs[4] = 32;
    f->regs[5] = 777;
    ck_assert(!run_block(f, &b));
    ck_assert_uint_eq(f->regs[5], 777);
    ir_block_free(&b);
    fake_free(f);
}
END_TEST

/* ---- verifier ---------------------------------------------------------------- */

static bool verifies(IrBlock *b)
{
    FILE *null = fopen("/dev/null", "w");
    bool ok = ir_verify(b, null);
    fclose(null);
    return ok;
}

/* A good block; then break it one way at a time. */
static void good_block(IrBlock *b)
{
    ir_block_init(b, BLOCK_PC);
    IrValue x = ir_get_reg(b, 1);                        /* 0 */
    IrValue y = ir_const64(b, 5);                        /* 1 */
    IrValue s = ir_binop(b, IR_ADD, IR_I64, x, y);       /* 2 */
    ir_set_reg(b, 2, s);                                 /* 3 */
    IrValue l = ir_load(b, IR_I32, s, memop(2, 0));      /* 4 */
    IrValue f = ir_nzcv_sub(b, 32, l, ir_const32(b, 1)); /* 5, 6 */
    ir_set_nzcv(b, f);                                   /* 7 */
    IrValue c = ir_cond(b, f, 0);                        /* 8 */
    b->guest_insns = 1;
    b->guest_bytes = 4;
    ir_term_cond(b, c, 0x10, 0x20);
}

START_TEST(test_verifier)
{
    IrBlock b;
    good_block(&b);
    ck_assert(verifies(&b));
    ir_block_free(&b);

#define BAD(stmt)                                                        \
    do {                                                                 \
        good_block(&b);                                                  \
        stmt;                                                            \
        ck_assert_msg(!verifies(&b), "accepted after: %s", #stmt);       \
        ir_block_free(&b);                                               \
    } while (0)

    BAD(b.insts[2].args[1] = 2);                 /* use of itself */
    BAD(b.insts[2].args[0] = 7);                 /* use before definition */
    BAD(b.insts[2].args[0] = 3);                 /* use of a void value */
    BAD(b.insts[2].type = IR_I32);               /* ADD I32 of I64 operands */
    BAD(b.insts[3].imm = 32);                    /* SET_REG x32 */
    BAD(b.insts[0].imm = 40);                    /* GET_REG x40 */
    BAD(b.insts[4].imm = memop(4, 0));           /* 128-bit load */
    BAD(b.insts[4].imm = memop(3, 0));           /* 64-bit load into I32 */
    BAD(b.insts[4].imm = memop(2, 0) | (9 << 8)); /* mmu index 9 */
    BAD(b.insts[4].imm = memop(2, IR_MO_REL));   /* release on a load */
    BAD(b.insts[6].imm = 16);                    /* flag width */
    BAD(b.insts[6].args[1] = 1);                 /* 32-bit flags of an I64 constant */
    BAD(b.insts[8].imm = 16);                    /* condition 16 */
    BAD(b.insts[8].type = IR_I32);               /* COND result not I1 */
    BAD(b.term.kind = IR_TERM_NONE);
    BAD(b.term.value = 2);                       /* COND exit on an I64 */
    BAD(b.term.value = 50);                      /* undefined */
    BAD(b.insts[2].flags |= IR_F_DEAD);          /* used after removal */
    BAD(b.insts[8].flags |= IR_F_DEAD);          /* terminator value removed */
    BAD(b.insts[2].args[2] = 0);                 /* extra operand */
    BAD(b.insts[5].imm = 1ull << 32);            /* I32 constant too wide */
    BAD(b.insts[2].op = IR_OPCODE_COUNT);
    BAD(b.term.kind = IR_TERM_EXCEPTION);        /* no raising call */
    BAD(b.insts[4].pc_off = 8);                  /* beyond the block */
    BAD(ir_call(&b, TH_MIX, 0, 0, 0, IR_NONE));  /* missing helper argument */
    BAD(ir_call(&b, TH_READSUM, 0, IR_NONE, IR_NONE, IR_NONE)); /* extra argument */
    BAD(ir_extract(&b, IR_I64, 0, 60, 8));       /* field outside */
    BAD(ir_sext(&b, IR_I32, 0, 64));             /* sign-extension wider than type */
    BAD(ir_select(&b, IR_I64, 0, 0, 0));         /* condition not I1 */
    BAD(IrValue z = ir_zext(&b, IR_I8, 0, 8);
        ir_binop(&b, IR_SHL, IR_I8, z, z));      /* shifts are I32/I64 only */
    BAD(ir_binop(&b, IR_UMULH, IR_I32, 4, 4));
#undef BAD

    /* an I32 load value is a valid NZCV operand: that block must verify */
    good_block(&b);
    b.insts[7].args[0] = 4;
    ck_assert(verifies(&b));
    ir_block_free(&b);

    /* EXCEPTION after a raising helper is fine */
    ir_block_init(&b, BLOCK_PC);
    ir_call(&b, TH_RAISE, ir_const64(&b, 0), IR_NONE, IR_NONE, IR_NONE);
    b.guest_insns = 1;
    b.guest_bytes = 4;
    ir_term_exception(&b);
    ck_assert(verifies(&b));
    ir_block_free(&b);
}
END_TEST

/* ---- passes ---------------------------------------------------------------- */

static unsigned live_count(const IrBlock *b, unsigned op)
{
    unsigned n = 0;
    for (uint32_t i = 0; i < b->n; i++)
        if (!(b->insts[i].flags & IR_F_DEAD) && b->insts[i].op == op)
            n++;
    return n;
}

START_TEST(test_dead_flags_and_forwarding)
{
    IrBlock b;
    ir_block_init(&b, BLOCK_PC);
    /* adds x0, x0, x1; adds x0, x0, x1; cmp x0, #3: only the last flags live */
    for (int k = 0; k < 2; k++) {
        IrValue a = ir_get_reg(&b, 0), c = ir_get_reg(&b, 1);
        IrValue s = ir_binop(&b, IR_ADD, IR_I64, a, c);
        IrValue f = ir_nzcv_add(&b, 64, a, c);
        ir_set_reg(&b, 0, s);
        ir_set_nzcv(&b, f);
    }
    IrValue f3 = ir_nzcv_sub(&b, 64, ir_get_reg(&b, 0), ir_const64(&b, 3));
    ir_set_nzcv(&b, f3);
    IrValue c = ir_cond(&b, ir_get_nzcv(&b), 1);
    b.guest_insns = 4;
    b.guest_bytes = 16;
    ir_term_cond(&b, c, 0x100, 0x200);
    verify_or_die(&b);
    ir_optimize(&b);
    verify_or_die(&b);
    ck_assert_uint_eq(live_count(&b, IR_SET_NZCV), 1);
    ck_assert_uint_eq(live_count(&b, IR_NZCV_ADD), 0);
    ck_assert_uint_eq(live_count(&b, IR_SET_REG), 1);
    ck_assert_uint_eq(live_count(&b, IR_GET_REG), 2);
    ck_assert_uint_eq(live_count(&b, IR_GET_NZCV), 0);

    FakeCpu *f = fake_new();
    f->regs[0] = 1;
    f->regs[1] = 1;
    ck_assert(run_block(f, &b));
    ck_assert_uint_eq(f->regs[0], 3);
    ck_assert_uint_eq(f->nzcv, NZCV_Z | NZCV_C);
    ck_assert_uint_eq(f->pc, 0x200);
    fake_free(f);
    ir_block_free(&b);

    /* a load between two flag writes keeps the first (an abort observes it) */
    ir_block_init(&b, BLOCK_PC);
    ir_set_nzcv(&b, ir_const32(&b, NZCV_N));
    ir_load(&b, IR_I64, ir_get_reg(&b, 2), memop(3, 0));
    ir_set_nzcv(&b, ir_const32(&b, NZCV_Z));
    b.guest_insns = 3;
    b.guest_bytes = 12;
    ir_term_link(&b, 0);
    ir_optimize(&b);
    verify_or_die(&b);
    ck_assert_uint_eq(live_count(&b, IR_SET_NZCV), 2);
    ir_block_free(&b);

    /* constant folding turns a constant conditional exit into a link */
    ir_block_init(&b, BLOCK_PC);
    IrValue k = ir_binop(&b, IR_SUB, IR_I64, ir_const64(&b, 7), ir_const64(&b, 7));
    ir_term_cond(&b, ir_cmp(&b, IR_EQ, k, ir_const64(&b, 0)), 0x10, 0x20);
    b.guest_insns = 1;
    b.guest_bytes = 4;
    ir_optimize(&b);
    verify_or_die(&b);
    ck_assert_int_eq(b.term.kind, IR_TERM_LINK);
    ck_assert_uint_eq(b.term.target[0], 0x10);
    ir_block_free(&b);
}
END_TEST

/* ---- random blocks: interpreter(raw) == interpreter(optimised) == reference -- */

/* A plain evaluator of the IR, instruction by instruction. */
static void ref_run(FakeCpu *f, const IrBlock *b)
{
    /* static: an exception longjmps out of here */
    static uint64_t v[4096];
    ck_assert(b->n < 4096);
    for (uint32_t i = 0; i < b->n; i++) {
        const IrInst *in = &b->insts[i];
        if (in->flags & IR_F_DEAD)
            continue;
        uint64_t a[4];
        for (int k = 0; k < 4; k++)
            a[k] = in->args[k] == IR_NONE ? 0 : v[in->args[k]];
        uint64_t pc = b->pc + in->pc_off;
        IrType t = (IrType)in->type;
        switch (in->op) {
        case IR_CONST: v[i] = in->imm; break;
        case IR_GET_REG: v[i] = f->regs[in->imm]; break;
        case IR_SET_REG: f->regs[in->imm] = a[0]; break;
        case IR_GET_NZCV: v[i] = f->nzcv; break;
        case IR_SET_NZCV: f->nzcv = (uint32_t)a[0] & 0xf0000000u; break;
        case IR_LOAD_CPU: {
            uint64_t x = 0;
            memcpy(&x, (uint8_t *)f + in->imm, ir_type_bits(t) / 8);
            v[i] = x;
            break;
        }
        case IR_STORE_CPU:
            memcpy((uint8_t *)f + in->imm, &a[0],
                   ir_type_bits((IrType)b->insts[in->args[0]].type) / 8);
            break;
        case IR_LOAD: {
            unsigned bytes = IR_MO_BYTES(in->imm);
            if (misaligned(a[0], (unsigned)in->imm))
                fake_fault(f, pc);
            uint64_t x = mem_read(f, a[0], bytes, pc);
            if (in->imm & IR_MO_SIGN)
                x = (uint64_t)sx(x, 8 * bytes);
            v[i] = x & ir_type_mask(t);
            break;
        }
        case IR_STORE:
            if (misaligned(a[0], (unsigned)in->imm))
                fake_fault(f, pc);
            mem_write(f, a[0], IR_MO_BYTES(in->imm), a[1], pc);
            break;
        case IR_CALL:
            if (in->flags & IR_F_MAYEXC)
                set_pc(f, pc);
            v[i] = ir_helpers[in->imm].fn(f, a[0], a[1], a[2], a[3]);
            break;
        case IR_BARRIER: break;
        default: {
            IrType at = in->args[0] == IR_NONE ? t : (IrType)b->insts[in->args[0]].type;
            v[i] = ir_eval_pure(in->op, t, at, in->imm, a[0], a[1], a[2]);
            break;
        }
        }
    }
    f->env.insn_count += b->guest_insns;
    switch (b->term.kind) {
    case IR_TERM_LINK: case IR_TERM_DISPATCH: f->pc = b->term.target[0]; break;
    case IR_TERM_COND: f->pc = b->term.target[(v[b->term.value] & 1) ? 0 : 1]; break;
    case IR_TERM_INDIRECT: f->pc = v[b->term.value]; break;
    default: break;
    }
}

typedef struct Pools {
    IrValue v64[512], v32[512], fl[512], b1[512];
    unsigned n64, n32, nfl, nb1;
} Pools;

static IrValue pick(const IrValue *p, unsigned n)
{
    /* prefer recent values: long live ranges and short ones both occur */
    if (rnd() & 1)
        return p[n - 1 - (unsigned)(rnd() % (n < 4 ? n : 4))];
    return p[rnd() % n];
}

#define PUSH(arr, cnt, x)        \
    do {                         \
        IrValue pushed_ = (x);   \
        if ((cnt) < 512)         \
            (arr)[(cnt)++] = pushed_; \
    } while (0)

static void gen_random_block(IrBlock *b, unsigned len, bool allow_faults)
{
    Pools p = {0};
    ir_block_init(b, BLOCK_PC);
    PUSH(p.v64, p.n64, ir_get_reg(b, 0));
    PUSH(p.v32, p.n32, ir_zext(b, IR_I32, ir_get_reg(b, 1), 32));
    PUSH(p.fl, p.nfl, ir_get_nzcv(b));
    PUSH(p.b1, p.nb1, ir_cond(b, p.fl[0], 0));
    unsigned insn = 0;
    for (unsigned k = 0; k < len; k++) {
        if (rnd() % 3 == 0)
            ir_set_guest_pc(b, BLOCK_PC + 4 * ++insn);
        unsigned r = (unsigned)(rnd() % 8);
        switch (rnd() % 25) {
        case 0: case 1:
            PUSH(p.v64, p.n64, ir_get_reg(b, r));
            break;
        case 2: case 3:
            ir_set_reg(b, r, pick(p.v64, p.n64));
            break;
        case 4:
            ir_set_reg(b, r, ir_zext(b, IR_I64, pick(p.v32, p.n32), 32));
            break;
        case 5:
            PUSH(p.v32, p.n32, ir_zext(b, IR_I32, pick(p.v64, p.n64), 32));
            break;
        case 6: case 7: {
            unsigned op = bin_ops[rnd() % (sizeof(bin_ops) / sizeof(bin_ops[0]))];
            if (rnd() & 1)
                PUSH(p.v64, p.n64, ir_binop(b, op, IR_I64, pick(p.v64, p.n64),
                                            rnd() % 3 ? pick(p.v64, p.n64)
                                                      : ir_const64(b, interesting())));
            else
                PUSH(p.v32, p.n32, ir_binop(b, op, IR_I32, pick(p.v32, p.n32),
                                            rnd() % 3 ? pick(p.v32, p.n32)
                                                      : ir_const32(b, (uint32_t)interesting())));
            break;
        }
        case 8: {
            unsigned op = un_ops[rnd() % (sizeof(un_ops) / sizeof(un_ops[0]))];
            if (rnd() & 1)
                PUSH(p.v64, p.n64, ir_unop(b, op, IR_I64, pick(p.v64, p.n64)));
            else
                PUSH(p.v32, p.n32, ir_unop(b, op, IR_I32, pick(p.v32, p.n32)));
            break;
        }
        case 9: case 10: {
            unsigned op = flag_ops[rnd() % 5];
            bool w64 = rnd() & 1;
            IrValue x = w64 ? pick(p.v64, p.n64) : pick(p.v32, p.n32);
            IrValue y = w64 ? pick(p.v64, p.n64) : pick(p.v32, p.n32);
            IrValue c = pick(p.fl, p.nfl);
            IrValue f = ir_emit(b, (IrOpcode)op, IR_I32, x, op == IR_NZCV_LOGIC ? IR_NONE : y,
                                op == IR_NZCV_ADC || op == IR_NZCV_SBC ? c : IR_NONE,
                                w64 ? 64 : 32);
            PUSH(p.fl, p.nfl, f);
            break;
        }
        case 11:
            ir_set_nzcv(b, pick(p.fl, p.nfl));
            break;
        case 12:
            PUSH(p.fl, p.nfl, ir_get_nzcv(b));
            break;
        case 13:
            PUSH(p.b1, p.nb1, ir_cond(b, pick(p.fl, p.nfl), (unsigned)(rnd() % 16)));
            break;
        case 14: {
            unsigned op = cmp_ops[rnd() % 6];
            if (rnd() & 1)
                PUSH(p.b1, p.nb1, ir_cmp(b, op, pick(p.v64, p.n64), pick(p.v64, p.n64)));
            else
                PUSH(p.b1, p.nb1, ir_cmp(b, op, pick(p.v32, p.n32), pick(p.v32, p.n32)));
            break;
        }
        case 15:
            if (rnd() & 1)
                PUSH(p.v64, p.n64, ir_select(b, IR_I64, pick(p.b1, p.nb1), pick(p.v64, p.n64),
                                             pick(p.v64, p.n64)));
            else
                PUSH(p.v32, p.n32, ir_select(b, IR_I32, pick(p.b1, p.nb1), pick(p.v32, p.n32),
                                             pick(p.v32, p.n32)));
            break;
        case 16: case 17: {
            /* address in the mapped buffer (sometimes crossing a page, or
             * misaligned with an alignment check), or a faulting one */
            unsigned size = (unsigned)(rnd() % 4);
            IrValue addr;
            if (rnd() & 1) {
                IrValue base = ir_const64(b, MEM_VA);
                IrValue off = ir_binop(b, IR_AND, IR_I64, pick(p.v64, p.n64),
                                       ir_const64(b, MEM_SIZE - 9));
                addr = ir_binop(b, IR_ADD, IR_I64, base, off);
            } else {
                /* base register plus a scaled index: [xn, xm, lsl #k]; x8
                 * always holds an address inside the buffer */
                IrValue base = rnd() & 1 ? ir_get_reg(b, 8)
                                         : ir_binop(b, IR_ADD, IR_I64, ir_const64(b, MEM_VA),
                                                    ir_binop(b, IR_AND, IR_I64,
                                                             pick(p.v64, p.n64),
                                                             ir_const64(b, 7)));
                unsigned k = (unsigned)(rnd() % 4);
                IrValue idx = ir_binop(b, IR_AND, IR_I64, pick(p.v64, p.n64),
                                       ir_const64(b, 0x3fe >> (3 - k)));
                IrValue off = rnd() % 3 == 0
                                  ? ir_deposit(b, IR_I64, ir_const64(b, 0), idx, k, 64 - k)
                                  : ir_binop(b, IR_SHL, IR_I64, idx, ir_const64(b, k));
                addr = rnd() & 1 ? ir_binop(b, IR_ADD, IR_I64, base, off)
                                 : ir_binop(b, IR_ADD, IR_I64, off, base);
            }
            unsigned flags = (rnd() % 4 == 0) ? IR_MO_ALIGN : 0;
            if (rnd() % 4 == 0) /* move x8 between computing and using an address */
                ir_set_reg(b, 8, ir_binop(b, IR_ADD, IR_I64, ir_const64(b, MEM_VA),
                                          ir_binop(b, IR_AND, IR_I64, pick(p.v64, p.n64),
                                                   ir_const64(b, 7))));
            if (allow_faults && rnd() % 16 == 0)
                addr = ir_const64(b, FAULT_VA);
            else if (!allow_faults)
                flags = 0;
            if (rnd() & 1) {
                bool sign = rnd() & 1;
                IrType t = size == 3 || (rnd() & 1) ? IR_I64 : IR_I32;
                IrValue v = ir_load(b, t, addr, memop(size, flags | (sign ? IR_MO_SIGN : 0)));
                if (t == IR_I64)
                    PUSH(p.v64, p.n64, v);
                else
                    PUSH(p.v32, p.n32, v);
            } else {
                IrValue v = rnd() & 1 ? pick(p.v64, p.n64) : pick(p.v32, p.n32);
                ir_store(b, addr, v, memop(size, flags));
            }
            if (rnd() % 3 == 0) { /* post-index: the address moves on */
                IrValue next = ir_binop(b, IR_ADD, IR_I64, addr, ir_const64(b, interesting()));
                if (rnd() & 1)
                    ir_set_reg(b, r, next);
                else
                    PUSH(p.v64, p.n64, next);
            }
            break;
        }
        case 23: {
            /* LDP/STP-like pair: two accesses of one instruction at
             * consecutive addresses, maybe with a base update */
            unsigned size = rnd() & 1 ? 3 : 2;
            unsigned flags = allow_faults && rnd() % 4 == 0 ? IR_MO_ALIGN : 0;
            IrValue base = rnd() & 1 ? ir_get_reg(b, 8)
                                     : ir_binop(b, IR_ADD, IR_I64, ir_const64(b, MEM_VA),
                                                ir_binop(b, IR_AND, IR_I64, pick(p.v64, p.n64),
                                                         ir_const64(b, 0x1fc7)));
            if (allow_faults && rnd() % 16 == 0)
                base = ir_const64(b, FAULT_VA - 8 * (rnd() & 1));
            IrValue a1 = rnd() & 1 ? base
                                   : ir_binop(b, IR_ADD, IR_I64, base, ir_const64(b, rnd() & 15));
            IrValue a2 = ir_binop(b, IR_ADD, IR_I64, a1, ir_const64(b, 1u << size));
            if (rnd() & 1) {
                bool sign = size == 2 && (rnd() & 1);
                IrType t = size == 3 || sign || (rnd() & 1) ? IR_I64 : IR_I32;
                unsigned mo = memop(size, flags | (sign ? IR_MO_SIGN : 0));
                IrValue v1 = ir_load(b, t, a1, mo), v2 = ir_load(b, t, a2, mo);
                if (t == IR_I32) {
                    v1 = ir_zext(b, IR_I64, v1, 32);
                    v2 = ir_zext(b, IR_I64, v2, 32);
                }
                if (rnd() & 1) {
                    ir_set_reg(b, r, v2);
                    ir_set_reg(b, (r + 1) & 7, v1);
                } else {
                    PUSH(p.v64, p.n64, v1);
                    PUSH(p.v64, p.n64, v2);
                }
            } else {
                IrValue d1 = pick(p.v64, p.n64), d2 = rnd() & 1 ? pick(p.v64, p.n64)
                                                              : ir_const64(b, interesting());
                ir_store(b, a1, d1, memop(size, flags));
                ir_store(b, a2, d2, memop(size, flags));
            }
            if (rnd() & 1)
                ir_set_reg(b, r, ir_binop(b, IR_ADD, IR_I64, base, ir_const64(b, 16)));
            break;
        }
        case 18:
            PUSH(p.v64, p.n64, ir_call(b, TH_MIX, pick(p.v64, p.n64), pick(p.v64, p.n64),
                                        pick(p.v32, p.n32), pick(p.v64, p.n64)));
            break;
        case 19:
            if (rnd() & 1)
                ir_call(b, TH_SETREG, ir_const64(b, r), pick(p.v64, p.n64), IR_NONE, IR_NONE);
            else
                PUSH(p.v64, p.n64, ir_call(b, TH_READSUM, IR_NONE, IR_NONE, IR_NONE, IR_NONE));
            break;
        case 20:
            if (allow_faults)
                PUSH(p.v64, p.n64, ir_call(b, TH_MAYBE_RAISE, pick(p.v64, p.n64), IR_NONE,
                                            IR_NONE, IR_NONE));
            break;
        case 21: {
            size_t off = offsetof(FakeCpu, misc) + 8 * (rnd() % 8);
            if (rnd() & 1)
                PUSH(p.v64, p.n64, ir_load_cpu(b, IR_I64, off));
            else if (rnd() & 1)
                ir_store_cpu(b, off, pick(p.v64, p.n64));
            else if (rnd() & 1) /* raw accesses to a guest register */
                PUSH(p.v64, p.n64, ir_load_cpu(b, IR_I64, offsetof(FakeCpu, regs) + 8 * r));
            else
                ir_store_cpu(b, offsetof(FakeCpu, regs) + 8 * r, pick(p.v64, p.n64));
            break;
        }
        case 22: {
            unsigned lsb = (unsigned)(rnd() % 32), len = 1 + (unsigned)(rnd() % (32 - lsb));
            switch (rnd() % 4) {
            case 0: PUSH(p.v64, p.n64, ir_extract(b, IR_I64, pick(p.v64, p.n64), lsb, len)); break;
            case 1: PUSH(p.v32, p.n32, ir_extract(b, IR_I32, pick(p.v32, p.n32), lsb, len)); break;
            case 2:
                PUSH(p.v32, p.n32, ir_deposit(b, IR_I32, pick(p.v32, p.n32), pick(p.v64, p.n64),
                                              lsb, len));
                break;
            default:
                PUSH(p.v64, p.n64, ir_sext(b, IR_I64, pick(p.v32, p.n32), 1 + lsb));
                break;
            }
            break;
        }
        default:
            PUSH(p.v64, p.n64, ir_adc(b, IR_I64, pick(p.v64, p.n64), pick(p.v64, p.n64),
                                       pick(p.fl, p.nfl)));
            break;
        }
    }
    b->guest_insns = insn + 1;
    b->guest_bytes = 4 * (insn + 1);
    switch (rnd() % 7) {
    case 0: ir_term_link(b, 0x777000); break;
    case 1: ir_term_dispatch(b, 0x888000); break;
    case 2: ir_term_indirect(b, pick(p.v64, p.n64)); break;
    case 3: ir_term_cond(b, pick(p.b1, p.nb1), 0x1000, 0x2000); break;
    case 4: {
        /* cbz/cbnz-style compare, or tbz/tbnz bit test, then branch */
        IrValue c;
        if (rnd() & 1) {
            IrValue x = ir_extract(b, IR_I64, pick(p.v64, p.n64), (unsigned)(rnd() % 64), 1);
            c = ir_cmp(b, rnd() & 1 ? IR_EQ : IR_NE, x, ir_const64(b, 0));
        } else if (rnd() & 1) {
            c = ir_cmp(b, cmp_ops[rnd() % 6], pick(p.v64, p.n64),
                       rnd() & 1 ? pick(p.v64, p.n64) : ir_const64(b, interesting()));
        } else {
            c = ir_cmp(b, cmp_ops[rnd() % 6], pick(p.v32, p.n32), pick(p.v32, p.n32));
        }
        ir_term_cond(b, c, 0x1000, 0x2000);
        break;
    }
    default: {
        /* cmp/tst and b.cond: the exit computes the flags itself */
        static const unsigned ops[] = {IR_NZCV_ADD, IR_NZCV_SUB, IR_NZCV_LOGIC};
        unsigned op = ops[rnd() % 3];
        bool w64 = rnd() & 1;
        IrValue x = w64 ? pick(p.v64, p.n64) : pick(p.v32, p.n32);
        IrValue y = w64 ? pick(p.v64, p.n64) : pick(p.v32, p.n32);
        IrValue f = ir_emit(b, (IrOpcode)op, IR_I32, x, op == IR_NZCV_LOGIC ? IR_NONE : y,
                            IR_NONE, w64 ? 64 : 32);
        ir_set_nzcv(b, f);
        ir_term_cond(b, ir_cond(b, f, (unsigned)(rnd() % 16)), 0x1000, 0x2000);
        break;
    }
    }
}

static void random_state(FakeCpu *f, Snap *s)
{
    for (unsigned r = 0; r < 32; r++)
        f->regs[r] = interesting();
    f->regs[8] = MEM_VA + (rnd() & 7);
    f->nzcv = (uint32_t)(rnd() & 0xf) << 28;
    f->pc = 0;
    for (unsigned i = 0; i < 8; i++)
        f->misc[i] = interesting();
    for (unsigned i = 0; i < MEM_SIZE; i++)
        f->mem[i] = (uint8_t)rnd();
    f->mmio_last = 0;
    f->faulted = false;
    f->fault_pc = 0;
    f->env.insn_count = 0;
    snap(f, s);
}

static void report_diff(const char *what, const Snap *a, const Snap *b, const IrBlock *raw,
                        const IrBlock *opt)
{
    fprintf(stderr, "random block mismatch (%s):\n", what);
    for (unsigned r = 0; r < 32; r++)
        if (a->regs[r] != b->regs[r])
            fprintf(stderr, "  x%u: 0x%llx vs 0x%llx\n", r, (unsigned long long)a->regs[r],
                    (unsigned long long)b->regs[r]);
    if (a->nzcv != b->nzcv)
        fprintf(stderr, "  nzcv: %x vs %x\n", a->nzcv, b->nzcv);
    if (a->pc != b->pc)
        fprintf(stderr, "  pc: %llx vs %llx\n", (unsigned long long)a->pc,
                (unsigned long long)b->pc);
    if (a->faulted != b->faulted || a->fault_pc != b->fault_pc)
        fprintf(stderr, "  fault: %d@%llx vs %d@%llx\n", a->faulted,
                (unsigned long long)a->fault_pc, b->faulted, (unsigned long long)b->fault_pc);
    if (memcmp(a->mem, b->mem, MEM_SIZE))
        fprintf(stderr, "  memory differs\n");
    if (a->mmio_last != b->mmio_last)
        fprintf(stderr, "  mmio store: %llx vs %llx\n", (unsigned long long)a->mmio_last,
                (unsigned long long)b->mmio_last);
    if (a->insn_count != b->insn_count)
        fprintf(stderr, "  insn count: %llu vs %llu\n", (unsigned long long)a->insn_count,
                (unsigned long long)b->insn_count);
    if (memcmp(a->misc, b->misc, sizeof(a->misc)))
        fprintf(stderr, "  cpu fields differ\n");
    fprintf(stderr, "raw block:\n");
    ir_print(raw, stderr);
    if (opt) {
        fprintf(stderr, "optimised block:\n");
        ir_print(opt, stderr);
    }
}

static bool snaps_equal(const Snap *a, const Snap *b, bool count)
{
    return !memcmp(a->regs, b->regs, sizeof(a->regs)) && a->nzcv == b->nzcv &&
           a->pc == b->pc && !memcmp(a->misc, b->misc, sizeof(a->misc)) &&
           !memcmp(a->mem, b->mem, MEM_SIZE) && a->mmio_last == b->mmio_last &&
           a->faulted == b->faulted && a->fault_pc == b->fault_pc &&
           (!count || a->insn_count == b->insn_count);
}

static void random_blocks(unsigned count, unsigned len, bool faults)
{
    FakeCpu *f = fake_new();
    Snap *init = malloc(sizeof(Snap)), *s_ref = malloc(sizeof(Snap)),
         *s_raw = malloc(sizeof(Snap)), *s_opt = malloc(sizeof(Snap));
    unsigned nfault = 0;
    for (unsigned n = 0; n < count; n++) {
        IrBlock raw, opt;
        gen_random_block(&raw, len, faults);
        verify_or_die(&raw);
        ir_block_init(&opt, BLOCK_PC);
        opt.n = 0;
        while (opt.cap < raw.n)
            ir_emit(&opt, IR_CONST, IR_I64, IR_NONE, IR_NONE, IR_NONE, 0);
        memcpy(opt.insts, raw.insts, sizeof(IrInst) * raw.n);
        opt.n = raw.n;
        opt.term = raw.term;
        opt.guest_insns = raw.guest_insns;
        opt.guest_bytes = raw.guest_bytes;
        switch (n % 4) { /* each pass alone, and the pipeline */
        case 0: ir_opt_const_fold(&opt); break;
        case 1: ir_opt_getset_elim(&opt); ir_opt_dce(&opt); break;
        default: ir_optimize(&opt); break;
        }
        verify_or_die(&opt);

        random_state(f, init);
        f->faulted = false;
        if (setjmp(fault_jmp) == 0)
            ref_run(f, &raw);
        snap(f, s_ref);

        restore(f, init);
        run_block(f, &raw);
        snap(f, s_raw);

        restore(f, init);
        run_block(f, &opt);
        snap(f, s_opt);

        if (!snaps_equal(s_ref, s_raw, !s_ref->faulted) ||
            !snaps_equal(s_raw, s_opt, !s_ref->faulted)) {
            /* show the interpreter's view of both blocks */
            interp_dump_override = 1;
            restore(f, init);
            run_block(f, &raw);
            restore(f, init);
            run_block(f, &opt);
            interp_dump_override = -1;
        }
        if (!snaps_equal(s_ref, s_raw, !s_ref->faulted)) {
            report_diff("reference vs interpreter", s_ref, s_raw, &raw, NULL);
            ck_abort_msg("random block %u: interpreter differs from the reference", n);
        }
        if (!snaps_equal(s_raw, s_opt, !s_ref->faulted)) {
            report_diff("raw vs optimised", s_raw, s_opt, &raw, &opt);
            ck_abort_msg("random block %u: optimised block differs", n);
        }
        nfault += s_ref->faulted;
        ir_block_free(&raw);
        ir_block_free(&opt);
    }
    if (faults)
        ck_assert_msg(nfault > count / 20, "too few faulting blocks (%u) to test much", nfault);
    free(init);
    free(s_ref);
    free(s_raw);
    free(s_opt);
    fake_free(f);
}

/* TEST_IR_SEED / TEST_IR_SCALE in the environment: other seeds, longer runs. */
static unsigned scale(void)
{
    const char *e = getenv("TEST_IR_SCALE");
    unsigned k = e ? (unsigned)strtoul(e, NULL, 0) : 1;
    const char *sd = getenv("TEST_IR_SEED");
    if (sd)
        rng_state = strtoull(sd, NULL, 0) | 1;
    return k ? k : 1;
}

START_TEST(test_random_blocks)
{
    unsigned k = scale();
    for (unsigned i = 1; i < k; i++) {
        random_blocks(3000, 40, false);
        random_blocks(1000, 120, true);
    }
    random_blocks(3000, 40, false);
    random_blocks(2000, 120, false);
}
END_TEST

START_TEST(test_random_blocks_faulting)
{
    random_blocks(4000, 60, true);
}
END_TEST

/* ---- code cache, chaining, invalidation ----------------------------------- */

/* Block at pc: x0 += 1; if x0 != limit go to loop_pc else exit_pc. */
static void loop_block(IrBlock *b, uint64_t pc, uint64_t loop_pc, uint64_t exit_pc,
                       uint64_t limit)
{
    ir_block_init(b, pc);
    IrValue x = ir_binop(b, IR_ADD, IR_I64, ir_get_reg(b, 0), ir_const64(b, 1));
    ir_set_reg(b, 0, x);
    IrValue f = ir_nzcv_sub(b, 64, x, ir_const64(b, limit));
    ir_set_nzcv(b, f);
    b->guest_insns = 3;
    b->guest_bytes = 12;
    ir_term_cond(b, ir_cond(b, f, 1), loop_pc, exit_pc);
}

START_TEST(test_codecache_chain)
{
    FakeCpu *f = fake_new();
    CodeCache *cc = codecache_new(&backend_interp, &f->env);
    IrBlock b;
    /* A at 0x1000 loops to B at 0x1100, B loops back to A; exit to 0x9000 */
    loop_block(&b, 0x1000, 0x1100, 0x9000, 1000);
    TbKey ka = {0x1000, 0x81000, 0};
    TranslationBlock *a = codecache_insert(cc, &ka, &b);
    ir_block_free(&b);
    loop_block(&b, 0x1100, 0x1000, 0x9000, 1000);
    TbKey kb = {0x1100, 0x81100, 0};
    TranslationBlock *bb = codecache_insert(cc, &kb, &b);
    ir_block_free(&b);
    ck_assert_ptr_eq(codecache_lookup(cc, &ka), a);
    ck_assert_ptr_eq(codecache_lookup(cc, &kb), bb);
    TbKey other = {0x1000, 0x81000, 1};
    ck_assert_ptr_null(codecache_lookup(cc, &other));

    /* unchained: each run returns after one block and reports its exit */
    f->regs[0] = 0;
    codecache_execute(cc, a);
    ck_assert_uint_eq(f->regs[0], 1);
    ck_assert_uint_eq(f->pc, 0x1100);
    ck_assert_ptr_eq(f->env.last_tb, a);
    ck_assert_uint_eq(f->env.last_exit, 0);
    codecache_link(cc, a, 0, bb);
    codecache_execute(cc, bb);
    ck_assert_ptr_eq(f->env.last_tb, bb);
    codecache_link(cc, bb, 0, a);
    /* chained: runs to the end in one call */
    f->env.insn_count = 0;
    codecache_execute(cc, a);
    ck_assert_uint_eq(f->regs[0], 1000);
    ck_assert_uint_eq(f->pc, 0x9000);
    ck_assert_uint_eq(f->env.insn_count, 3 * 998);
    /* a cross-page or different-flags link is refused */
    TbKey kc = {0x2000, 0x82000, 0};
    loop_block(&b, 0x2000, 0x2000, 0x9000, 5);
    TranslationBlock *c = codecache_insert(cc, &kc, &b);
    ir_block_free(&b);
    codecache_link(cc, a, 1, c);
    ck_assert_ptr_null(a->link[1]);

    /* exit_request stops a chained loop at the next block boundary */
    f->regs[0] = 0;
    f->exit_request = 1;
    codecache_execute(cc, a);
    ck_assert_uint_eq(f->regs[0], 1);
    ck_assert_uint_eq(f->pc, 0x1100);
    ck_assert_ptr_null(f->env.last_tb); /* was chained: nothing to link */
    f->exit_request = 0;

    /* invalidating B's page unlinks A -> B and drops B */
    codecache_invalidate_page(cc, 0x81000);
    ck_assert(bb->invalid && a->invalid); /* same physical page */
    ck_assert_ptr_null(codecache_lookup(cc, &ka));
    ck_assert_ptr_null(codecache_lookup(cc, &kb));
    ck_assert_ptr_eq(codecache_lookup(cc, &kc), c);
    codecache_collect(cc);

    /* re-insert A and B; a block on another physical page of the same
     * virtual page cannot chain to them, and its invalidation leaves them */
    loop_block(&b, 0x1000, 0x1100, 0x9000, 50);
    a = codecache_insert(cc, &ka, &b);
    ir_block_free(&b);
    loop_block(&b, 0x1100, 0x1000, 0x9000, 50);
    kb.pa = 0x81100;
    bb = codecache_insert(cc, &kb, &b);
    ir_block_free(&b);
    codecache_link(cc, a, 0, bb);
    codecache_link(cc, bb, 0, a);
    ck_assert_ptr_eq(a->link[0], bb);
    TbKey kd = {0x1200, 0x83200, 0}; /* same virtual page, other physical page */
    loop_block(&b, 0x1200, 0x1000, 0x9000, 50);
    TranslationBlock *d = codecache_insert(cc, &kd, &b);
    ir_block_free(&b);
    codecache_link(cc, d, 0, a);
    ck_assert_ptr_null(d->link[0]);
    codecache_invalidate_page(cc, 0x83000);
    ck_assert(d->invalid && !a->invalid && !bb->invalid);
    ck_assert_ptr_eq(a->link[0], bb);
    codecache_collect(cc);
    /* run the pair after the unrelated invalidation */
    f->regs[0] = 0;
    codecache_execute(cc, a);
    ck_assert_uint_eq(f->regs[0], 50);

    /* an indirect jump within the page goes straight to the cached block */
    ir_block_init(&b, 0x1300);
    b.guest_insns = 1;
    b.guest_bytes = 4;
    ir_term_indirect(&b, ir_get_reg(&b, 5));
    TbKey kx = {0x1300, 0x81300, 0};
    TranslationBlock *x = codecache_insert(cc, &kx, &b);
    ir_block_free(&b);
    ck_assert_ptr_eq(codecache_lookup(cc, &ka), a); /* A in the jump cache */
    f->regs[0] = 0;
    f->regs[5] = 0x1000;
    f->env.insn_count = 0;
    codecache_execute(cc, x);
    ck_assert_uint_eq(f->regs[0], 50);
    ck_assert_uint_eq(f->pc, 0x9000);
    ck_assert_uint_eq(f->env.insn_count, 1 + 3 * 50);
    f->regs[5] = 0x2000; /* other page: back to the dispatcher */
    codecache_execute(cc, x);
    ck_assert_uint_eq(f->pc, 0x2000);
    ck_assert_uint_eq(f->env.insn_count, 2 + 3 * 50);

    /* jumps into another page: only through a current translation of it */
    ir_block_init(&b, 0x5000);
    b.guest_insns = 1;
    b.guest_bytes = 4;
    ir_term_link(&b, 0x1000);
    TbKey kl = {0x5000, 0x85000, 0};
    TranslationBlock *l = codecache_insert(cc, &kl, &b);
    ir_block_free(&b);
    ir_block_init(&b, 0x5100);
    b.guest_insns = 1;
    b.guest_bytes = 4;
    ir_term_indirect(&b, ir_get_reg(&b, 5));
    TbKey ki = {0x5100, 0x85100, 0};
    TranslationBlock *ind = codecache_insert(cc, &ki, &b);
    ir_block_free(&b);
    ck_assert_ptr_eq(codecache_lookup(cc, &ka), a);
    f->regs[0] = 0;
    codecache_execute(cc, l);
    ck_assert_uint_eq(f->pc, 0x1000); /* no translation known: dispatcher */
    ck_assert_ptr_null(f->env.last_tb); /* and never chained */
    *engine_ctc_entry(&f->env, 0x1000) =
        (EngineCodeTlb){0x1000, 0x81000, 0, f->env.ctc_gen};
    codecache_execute(cc, l);
    ck_assert_uint_eq(f->regs[0], 50);
    ck_assert_uint_eq(f->pc, 0x9000);
    f->regs[0] = 0;
    f->regs[5] = 0x1000;
    codecache_execute(cc, ind);
    ck_assert_uint_eq(f->regs[0], 50);
    /* a wrong physical page or other flags do not match */
    engine_ctc_entry(&f->env, 0x1000)->pa_page = 0x91000;
    f->regs[0] = 0;
    codecache_execute(cc, ind);
    ck_assert_uint_eq(f->pc, 0x1000);
    ck_assert_uint_eq(f->regs[0], 0);
    engine_ctc_entry(&f->env, 0x1000)->pa_page = 0x81000;
    engine_ctc_entry(&f->env, 0x1000)->flags = 1;
    codecache_execute(cc, ind);
    ck_assert_uint_eq(f->regs[0], 0);
    /* after a context synchronization the translation is gone */
    engine_ctc_entry(&f->env, 0x1000)->flags = 0;
    engine_ctc_flush(&f->env);
    codecache_execute(cc, l);
    ck_assert_uint_eq(f->pc, 0x1000);
    ck_assert_uint_eq(f->regs[0], 0);

    codecache_invalidate_page(cc, 0x81000); /* A, B and X */
    codecache_collect(cc);

    ck_assert_ptr_null(codecache_lookup(cc, &ka));
    codecache_flush(cc);
    ck_assert(c->invalid);
    codecache_collect(cc);
    ck_assert_ptr_null(codecache_lookup(cc, &kc));
    codecache_free(cc);
    fake_free(f);
}
END_TEST


/* Many blocks: hash growth and lookups stay right. */
START_TEST(test_codecache_many)
{
    FakeCpu *f = fake_new();
    CodeCache *cc = codecache_new(&backend_interp, &f->env);
    enum { N = 20000 };
    TranslationBlock **tbs = calloc(N, sizeof(*tbs));
    IrBlock b;
    for (unsigned i = 0; i < N; i++) {
        ir_block_init(&b, 0x100000 + 4ull * i);
        ir_set_reg(&b, 1, ir_const64(&b, i));
        b.guest_insns = 1;
        b.guest_bytes = 4;
        ir_term_link(&b, 0);
        TbKey k = {0x100000 + 4ull * i, 0x100000 + 4ull * i, i & 3};
        tbs[i] = codecache_insert(cc, &k, &b);
        ir_block_free(&b);
    }
    for (unsigned i = 0; i < N; i += 7) {
        TbKey k = {0x100000 + 4ull * i, 0x100000 + 4ull * i, i & 3};
        ck_assert_ptr_eq(codecache_lookup(cc, &k), tbs[i]);
        codecache_execute(cc, tbs[i]);
        ck_assert_uint_eq(f->regs[1], i);
    }
    /* invalidate every other page */
    for (uint64_t pg = 0x100000; pg < 0x100000 + 4ull * N; pg += 0x2000)
        codecache_invalidate_page(cc, pg);
    codecache_collect(cc);
    for (unsigned i = 0; i < N; i++) {
        TbKey k = {0x100000 + 4ull * i, 0x100000 + 4ull * i, i & 3};
        bool gone = ((k.pa - 0x100000) / 0x1000) % 2 == 0;
        ck_assert_ptr_eq(codecache_lookup(cc, &k), gone ? NULL : tbs[i]);
    }
    free(tbs);
    codecache_free(cc);
    fake_free(f);
}
END_TEST

static Suite *ir_suite(void)
{
    Suite *s = suite_create("ir");
    TCase *tc = tcase_create("interp");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_alu_hand_values);
    tcase_add_test(tc, test_alu_binary);
    tcase_add_test(tc, test_alu_unary_and_carry);
    tcase_add_test(tc, test_compare_and_flags);
    tcase_add_test(tc, test_fields_select_cond);
    tcase_add_test(tc, test_cond_exit);
    tcase_add_test(tc, test_compare_branch);
    tcase_add_test(tc, test_shifted_operands);
    tcase_add_test(tc, test_load_store);
    tcase_add_test(tc, test_pairs);
    tcase_add_test(tc, test_cpu_fields_calls);
    suite_add_tcase(s, tc);
    TCase *tv = tcase_create("passes");
    tcase_set_timeout(tv, 120);
    tcase_add_test(tv, test_verifier);
    tcase_add_test(tv, test_dead_flags_and_forwarding);
    tcase_add_test(tv, test_random_blocks);
    tcase_add_test(tv, test_random_blocks_faulting);
    suite_add_tcase(s, tv);
    TCase *tcc = tcase_create("codecache");
    tcase_set_timeout(tcc, 120);
    tcase_add_test(tcc, test_codecache_chain);
    tcase_add_test(tcc, test_codecache_many);
    suite_add_tcase(s, tcc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(ir_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
