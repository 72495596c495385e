/* SPDX-License-Identifier: MIT */
/*
 * helper_atomic.c - run-time halves of the exclusive and atomic memory
 * instructions: store-exclusive against the local monitor, the 128-bit
 * load-exclusive pair, CAS/CASP and the FEAT_LSE read-modify-write ops.
 *
 * Accesses go through a64_host_rmw(), which translates, checks permissions
 * for read and write (and alignment when asked) and raises the guest
 * exception itself; on RAM it returns a host pointer and the operation is
 * a host atomic (GCC __atomic builtins), so the same code stays correct
 * when several vCPU threads run. On MMIO (NULL) the operation falls back to
 * a non-atomic read-modify-write through a64_read_mem/a64_write_mem.
 *
 * The guest is little-endian (SCTLR_ELx.EE/E0E = 0 is all we support), and
 * so must the host be for the host-pointer paths.
 *
 * Descriptor word ("desc") passed from trans_atomic.c, see ATOMIC_DESC_*:
 * an IrMemOp (size in bits 2:0, mmu_idx in A64_MO_IDX bits) plus the
 * operation, the pair flag and register numbers.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "atomic_desc.h"
#include "cpu.h"
#include "exception.h"
#include "helpers.h"
#include "memaccess.h"
#include "translate.h"

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "helper_atomic.c assumes a little-endian host"
#endif

/* ---- small pieces ----------------------------------------------------- */

static inline uint64_t size_mask(unsigned bytes)
{
    return bytes >= 8 ? UINT64_MAX : (UINT64_C(1) << (bytes * 8)) - 1;
}

static inline int64_t sext_bytes(uint64_t v, unsigned bytes)
{
    unsigned sh = 64 - bytes * 8;
    return (int64_t)(v << sh) >> sh;
}

/* Data abort with DFSC = alignment fault (0b100001), DDI 0487 D17.2.40,
 * for the checks a64_host_rmw() and the IR memops cannot make: the 16-byte
 * alignment of LDXP with X registers (a read, which must not need write
 * permission), the store-exclusive's alignment check before its monitor
 * check, and the FEAT_LSE2 16-byte-granule rule of ordered accesses. WnR is
 * 0 for the exclusives as in memaccess.c and QEMU 7.2 with one vCPU, whose
 * store-exclusive is a load then a store. Same syndrome as memaccess.c's
 * abort_exception(). */
static _Noreturn void atomic_raise_align(A64Cpu *c, uint64_t va, bool wnr)
{
    unsigned el = a64_current_el(c);
    A64Exception e = {
        .type = A64_EXC_SYNC,
        .ec = el == 0 ? EC_DATA_ABORT_LOWER : EC_DATA_ABORT_SAME,
        .iss = 0x21u | (wnr ? 1u << 6 : 0),
        .il = true,
        .far_valid = true,
        .far = va,
        .target_el = el == 0 ? 1 : el,
        .return_pc = c->pc,
    };
    a64_raise(c, &e);
}

/* Host atomics on a naturally aligned host pointer of 1, 2, 4 or 8 bytes.
 * Values are zero-extended to 64 bits. */
static uint64_t host_load(void *p, unsigned bytes)
{
    switch (bytes) {
    case 1: return __atomic_load_n((uint8_t *)p, __ATOMIC_SEQ_CST);
    case 2: return __atomic_load_n((uint16_t *)p, __ATOMIC_SEQ_CST);
    case 4: return __atomic_load_n((uint32_t *)p, __ATOMIC_SEQ_CST);
    default: return __atomic_load_n((uint64_t *)p, __ATOMIC_SEQ_CST);
    }
}

/* Compare-and-swap; on failure *expected receives the current value. */
static bool host_cas(void *p, unsigned bytes, uint64_t *expected, uint64_t desired)
{
    bool ok;
    switch (bytes) {
    case 1: {
        uint8_t e = (uint8_t)*expected;
        ok = __atomic_compare_exchange_n((uint8_t *)p, &e, (uint8_t)desired, false,
                                         __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
        *expected = e;
        break;
    }
    case 2: {
        uint16_t e = (uint16_t)*expected;
        ok = __atomic_compare_exchange_n((uint16_t *)p, &e, (uint16_t)desired, false,
                                         __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
        *expected = e;
        break;
    }
    case 4: {
        uint32_t e = (uint32_t)*expected;
        ok = __atomic_compare_exchange_n((uint32_t *)p, &e, (uint32_t)desired, false,
                                         __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
        *expected = e;
        break;
    }
    default:
        ok = __atomic_compare_exchange_n((uint64_t *)p, expected, desired, false,
                                         __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
        break;
    }
    return ok;
}

/* 16-byte compare-and-swap (STXP/CASP with X registers). Atomic when the
 * compiler has an inline 16-byte CAS (x86-64 with -mcx16, aarch64);
 * otherwise a plain compare and write, which is correct while one vCPU
 * thread runs at a time.
 * TODO(SMP): without an inline 16-byte CAS, take a lock shared by all
 * vCPUs around this and around the other paths' plain accesses. */
static bool host_cas16(void *p, uint64_t *exp_lo, uint64_t *exp_hi, uint64_t new_lo,
                       uint64_t new_hi)
{
#if defined(__SIZEOF_INT128__) && defined(__GCC_HAVE_SYNC_COMPARE_AND_SWAP_16)
    unsigned __int128 e = ((unsigned __int128)*exp_hi << 64) | *exp_lo;
    unsigned __int128 n = ((unsigned __int128)new_hi << 64) | new_lo;
    unsigned __int128 old = __sync_val_compare_and_swap((unsigned __int128 *)p, e, n);
    *exp_lo = (uint64_t)old;
    *exp_hi = (uint64_t)(old >> 64);
    return old == e;
#else
    uint64_t cur[2];
    memcpy(cur, p, 16);
    if (cur[0] == *exp_lo && cur[1] == *exp_hi) {
        uint64_t nv[2] = {new_lo, new_hi};
        memcpy(p, nv, 16);
        return true;
    }
    *exp_lo = cur[0];
    *exp_hi = cur[1];
    return false;
#endif
}

/* Plain (non-atomic) little-endian accesses of an unaligned host pointer:
 * only reachable with FEAT_LSE2 for unaligned atomics inside a 16-byte
 * granule. TODO(SMP): not atomic against other vCPUs. */
static uint64_t host_read_plain(const void *p, unsigned bytes)
{
    uint64_t v = 0;
    memcpy(&v, p, bytes);
    return v;
}

static void host_write_plain(void *p, unsigned bytes, uint64_t v)
{
    memcpy(p, &v, bytes);
}

/* Where an atomic access of `bytes` at va may be unaligned: with FEAT_LSE2
 * (and SCTLR_ELx.nAA == 0, the reset value) an unaligned single-copy
 * atomic access that stays inside a 16-byte granule is permitted; one that
 * crosses it takes an alignment fault (B2.2.1.1, "Alignment of Load-Acquire,
 * Store-Release, and atomic instructions"). Without FEAT_LSE2 every
 * unaligned atomic faults (QEMU 7.2 -cpu max has no FEAT_LSE2).
 * TODO(LSE2): SCTLR_ELx.nAA. */
static bool atomic_needs_align(const A64Cpu *c, uint64_t va, unsigned bytes)
{
    if (!c->feat.lse2 || bytes > 8)
        return true;
    return (va & 15) + bytes > 16;
}

/* Host pointer (NULL: MMIO or page-crossing) for an atomic access of
 * `bytes` at va, after the alignment, translation and permission checks. */
static void *atomic_host(A64Cpu *c, uint64_t va, unsigned bytes, uint64_t desc)
{
    return a64_host_rmw(c, va, bytes, atomic_needs_align(c, va, bytes), A64_MO_IDX(desc),
                        c->pc);
}

/* ---- LSE read-modify-write ------------------------------------------- */

static uint64_t rmw_apply(unsigned op, unsigned bytes, uint64_t old, uint64_t v)
{
    uint64_t m = size_mask(bytes);
    uint64_t r;

    switch (op) {
    case ATOMIC_OP_ADD: r = old + v; break;
    case ATOMIC_OP_CLR: r = old & ~v; break;
    case ATOMIC_OP_EOR: r = old ^ v; break;
    case ATOMIC_OP_SET: r = old | v; break;
    case ATOMIC_OP_SMAX:
        r = sext_bytes(old, bytes) >= sext_bytes(v, bytes) ? old : v;
        break;
    case ATOMIC_OP_SMIN:
        r = sext_bytes(old, bytes) <= sext_bytes(v, bytes) ? old : v;
        break;
    case ATOMIC_OP_UMAX: r = (old & m) >= (v & m) ? old : v; break;
    case ATOMIC_OP_UMIN: r = (old & m) <= (v & m) ? old : v; break;
    default: /* ATOMIC_OP_SWP */ r = v; break;
    }
    return r & m;
}

/* LDADD/LDCLR/LDEOR/LDSET/LD{S,U}{MAX,MIN}/SWP: a0 = address, a1 = Rs
 * (operand), a2 = desc. Returns the old memory value, zero-extended (the
 * pseudocode's ZeroExtend of the data read, also for the signed ops). */
uint64_t helper_atomic_rmw(void *cpu, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3)
{
    A64Cpu *c = cpu;
    uint64_t va = a0, desc = a2;
    unsigned bytes = 1u << (desc & IR_MO_SIZE);
    unsigned op = ATOMIC_DESC_OP(desc);
    uint64_t m = size_mask(bytes), v = a1 & m, old;
    void *p = atomic_host(c, va, bytes, desc);

    if (!p) {
        old = a64_read_mem(c, va, bytes, c->pc) & m;
        a64_write_mem(c, va, bytes, rmw_apply(op, bytes, old, v), c->pc);
        return old;
    }
    if (va & (bytes - 1)) {
        old = host_read_plain(p, bytes);
        host_write_plain(p, bytes, rmw_apply(op, bytes, old, v));
        return old;
    }
    switch (op) {
    case ATOMIC_OP_ADD:
    case ATOMIC_OP_CLR:
    case ATOMIC_OP_EOR:
    case ATOMIC_OP_SET:
    case ATOMIC_OP_SWP:
        if (bytes == 8) {
            uint64_t *q = p;
            switch (op) {
            case ATOMIC_OP_ADD: return __atomic_fetch_add(q, v, __ATOMIC_SEQ_CST);
            case ATOMIC_OP_CLR: return __atomic_fetch_and(q, ~v, __ATOMIC_SEQ_CST);
            case ATOMIC_OP_EOR: return __atomic_fetch_xor(q, v, __ATOMIC_SEQ_CST);
            case ATOMIC_OP_SET: return __atomic_fetch_or(q, v, __ATOMIC_SEQ_CST);
            default: return __atomic_exchange_n(q, v, __ATOMIC_SEQ_CST);
            }
        }
        break;
    default:
        break;
    }
    /* Everything else: a compare-and-swap loop. */
    old = host_load(p, bytes);
    while (!host_cas(p, bytes, &old, rmw_apply(op, bytes, old, v)))
        ;
    return old;
}

/* ---- compare and swap ------------------------------------------------ */

/* CAS{A}{L}{B,H} and CASP{A}{L} with W registers (one 8-byte CAS):
 * a0 = address, a1 = compare value, a2 = new value, a3 = desc. Returns the
 * old memory value (written to Rs by the lifter). The location is always
 * checked for write permission, even when the comparison fails. */
uint64_t helper_cas(void *cpu, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3)
{
    A64Cpu *c = cpu;
    uint64_t va = a0, desc = a3;
    unsigned bytes = 1u << (desc & IR_MO_SIZE);
    uint64_t m = size_mask(bytes), cmp = a1 & m, nv = a2 & m, old;
    void *p = atomic_host(c, va, bytes, desc);

    if (!p) {
        old = a64_read_mem(c, va, bytes, c->pc) & m;
        if (old == cmp)
            a64_write_mem(c, va, bytes, nv, c->pc);
        return old;
    }
    if (va & (bytes - 1)) {
        old = host_read_plain(p, bytes);
        if (old == cmp)
            host_write_plain(p, bytes, nv);
        return old;
    }
    old = cmp;
    host_cas(p, bytes, &old, nv);
    return old;
}

/* Register value as the CASP pseudocode reads it: 31 is XZR. */
static inline uint64_t xreg_or_zero(const A64Cpu *c, unsigned r)
{
    return r == 31 ? 0 : c->x[r];
}

/* CASP{A}{L} with X registers: one 16-byte, 16-byte-aligned CAS comparing
 * <Xs, Xs+1> with memory and storing <Xt, Xt+1>; the old memory is written
 * back to <Xs, Xs+1> (not to XZR). a0 = address, a1 = desc (rs, rt). Reads
 * and writes the guest registers itself (IR_F_GUEST), after the access. */
uint64_t helper_casp64(void *cpu, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3)
{
    A64Cpu *c = cpu;
    uint64_t va = a0, desc = a1;
    unsigned rs = ATOMIC_DESC_RS(desc), rt = ATOMIC_DESC_RT(desc);
    uint64_t lo = xreg_or_zero(c, rs), hi = xreg_or_zero(c, rs + 1);
    uint64_t nlo = xreg_or_zero(c, rt), nhi = xreg_or_zero(c, rt + 1);
    void *p = atomic_host(c, va, 16, desc);

    if (!p) {
        uint64_t olo = a64_read_mem(c, va, 8, c->pc);
        uint64_t ohi = a64_read_mem(c, va + 8, 8, c->pc);
        if (olo == lo && ohi == hi) {
            a64_write_mem(c, va, 8, nlo, c->pc);
            a64_write_mem(c, va + 8, 8, nhi, c->pc);
        }
        lo = olo;
        hi = ohi;
    } else {
        host_cas16(p, &lo, &hi, nlo, nhi);
    }
    if (rs != 31)
        c->x[rs] = lo;
    if (rs + 1 != 31)
        c->x[rs + 1] = hi;
    return 0;
}

/* ---- exclusives ------------------------------------------------------ */

/* LDXP/LDAXP with X registers: both doublewords, the pair 16-byte aligned
 * (AArch64.ExclusiveMonitorsPass / CheckAlignment with the total size).
 * a0 = address, a1 = desc. Records the monitor and returns the first
 * doubleword; the second is left in cpu->mon.val[1] for the lifter. */
uint64_t helper_ldxp64(void *cpu, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3)
{
    A64Cpu *c = cpu;
    uint64_t va = a0;
    uint64_t lo, hi;

    if (va & 15)
        atomic_raise_align(c, va, false);
    lo = a64_read_mem(c, va, 8, c->pc);
    hi = a64_read_mem(c, va + 8, 8, c->pc);
    c->mon.addr = va;
    c->mon.size = 16;
    c->mon.val[0] = lo;
    c->mon.val[1] = hi;
    c->mon.valid = true;
    return lo;
}

/* STXR/STLXR{B,H} and STXP/STLXP: a0 = address, a1 = Rt data, a2 = Rt2
 * data (pairs), a3 = desc. Returns the status for Ws: 0 stored, 1 failed.
 *
 * Monitor model (DDI 0487 B2.9): the local monitor is the (virtual) address
 * and the data seen by the last load-exclusive. The store succeeds only if
 * the monitor is valid, the address is the same, and memory still holds
 * the data the load-exclusive saw (compared and replaced with one host
 * compare-and-swap, so a store by another vCPU in between makes it fail -
 * the ABA case passes, as in QEMU). As in QEMU, a size different from the
 * load-exclusive's is not itself a failure (CONSTRAINED UNPREDICTABLE):
 * the memory compare uses the low bytes of the recorded data. Either way
 * the monitor is cleared. The alignment check (whole size, pairs 2x) comes
 * first, as AArch64.ExclusiveMonitorsPass does; with a failing monitor no
 * memory access is made, so no MMU fault is reported (permitted: B2.9.5).
 * QEMU 7.2 skips the alignment check when the address does not match the
 * monitor; we do not. */
uint64_t helper_stxr(void *cpu, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3)
{
    A64Cpu *c = cpu;
    uint64_t va = a0, desc = a3;
    unsigned esize = 1u << (desc & IR_MO_SIZE);
    bool pair = ATOMIC_DESC_PAIR(desc);
    unsigned bytes = pair ? 2 * esize : esize;
    bool ok;
    void *p;

    if (va & (bytes - 1))
        atomic_raise_align(c, va, false);
    if (!c->mon.valid || c->mon.addr != va) {
        c->mon.valid = false;
        return 1;
    }
    p = a64_host_rmw(c, va, bytes, true, A64_MO_IDX(desc), c->pc);
    c->mon.valid = false;

    if (bytes == 16) {
        uint64_t lo = c->mon.val[0], hi = c->mon.val[1];
        if (p) {
            ok = host_cas16(p, &lo, &hi, a1, a2);
        } else {
            uint64_t olo = a64_read_mem(c, va, 8, c->pc);
            uint64_t ohi = a64_read_mem(c, va + 8, 8, c->pc);
            ok = olo == lo && ohi == hi;
            if (ok) {
                a64_write_mem(c, va, 8, a1, c->pc);
                a64_write_mem(c, va + 8, 8, a2, c->pc);
            }
        }
    } else {
        uint64_t m = size_mask(bytes);
        uint64_t exp = c->mon.val[0] & m;
        uint64_t nv = pair ? ((a1 & 0xffffffffu) | (a2 << 32)) : (a1 & m);
        if (p) {
            ok = host_cas(p, bytes, &exp, nv);
        } else {
            ok = (a64_read_mem(c, va, bytes, c->pc) & m) == exp;
            if (ok)
                a64_write_mem(c, va, bytes, nv, c->pc);
        }
    }
    return ok ? 0 : 1;
}

/* ---- ordered accesses with FEAT_LSE2 ----------------------------------- */

/* LDAR/STLR/LDAPR/LDAPUR/STLUR with FEAT_LSE2 and SCTLR_ELx.nAA == 0: an
 * unaligned access is permitted only inside a 16-byte granule (B2.2.1.1);
 * called before the access, which the IR then does without IR_MO_ALIGN.
 * a0 = address, a1 = desc (size; ATOMIC_DESC_PAIR set for a store).
 * TODO(LSE2): SCTLR_ELx.nAA == 1 removes the check. */
uint64_t helper_lse2_ordered_check(void *cpu, uint64_t a0, uint64_t a1, uint64_t a2,
                                   uint64_t a3)
{
    A64Cpu *c = cpu;
    unsigned bytes = 1u << (a1 & IR_MO_SIZE);

    if ((a0 & 15) + bytes > 16)
        atomic_raise_align(c, a0, ATOMIC_DESC_PAIR(a1));
    return 0;
}
