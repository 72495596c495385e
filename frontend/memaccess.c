/* SPDX-License-Identifier: MIT */
/*
 * memaccess.c - guest memory accesses from the CPU's side: TLB fill, the
 * engines' load/store slow paths (MMIO, code-page writes, page-crossing
 * accesses, alignment), instruction fetch, and the host-pointer/plain
 * accessors used by helpers. Every fault is described by an A64Exception
 * built in abort_exception() and delivered with a64_raise().
 *
 * Translation is the MMU-off regime for now (DDI 0487 D8.2.11 "The effects
 * of disabling an address translation stage"): VA == PA after the
 * address-size check; page-table walks plug in behind a64_translate_va().
 */
#include "memaccess.h"

#include <string.h>

#include "../translator/ir.h"
#include "../translator/log.h"
#include "translate.h"

/* Fault status codes (DFSC/IFSC), DDI 0487 D17.2.40 ISS encoding for Data
 * Aborts. */
enum {
    FSC_ADDR_SIZE_L0 = 0x00,
    FSC_SYNC_EXT = 0x10,
    FSC_ALIGN = 0x21,
};

/* ISS bits of data/instruction aborts. */
#define ISS_EA (1u << 9)
#define ISS_CM (1u << 8)
#define ISS_S1PTW (1u << 7)
#define ISS_WNR (1u << 6)

#define SCTLR_A (1ull << 1)

typedef struct AbortInfo {
    unsigned fsc;
    bool ea;      /* external abort type: 0 = decode error, 1 = slave error */
    bool s1ptw;   /* fault on a stage-2 walk of a stage-1 table (later) */
    bool cm;      /* cache maintenance / address translation instruction */
} AbortInfo;

/* EL an abort is taken to: the current EL, or EL1 from EL0 (no EL2/EL3
 * routing yet; DDI 0487 D1.10.1). */
static unsigned abort_target_el(const A64Cpu *cpu)
{
    unsigned el = a64_current_el(cpu);
    return el == 0 ? 1 : el;
}

/* The one place data and instruction abort syndromes are built (DDI 0487
 * D17.2.37 ESR_ELx: EC 0x20/0x21 and 0x24/0x25). ISV = 0: QEMU only fills
 * the instruction syndrome for aborts taken to EL2, and so do we (later). */
static void abort_exception(A64Cpu *cpu, A64Access acc, uint64_t va, uint64_t pc,
                            const AbortInfo *ai, A64Exception *e)
{
    unsigned target = abort_target_el(cpu);
    bool same = target == a64_current_el(cpu);
    uint32_t iss = ai->fsc & 0x3f;

    if (ai->ea) {
        iss |= ISS_EA;
    }
    if (ai->s1ptw) {
        iss |= ISS_S1PTW;
    }
    memset(e, 0, sizeof(*e));
    e->type = A64_EXC_SYNC;
    if (acc == A64_ACC_EXEC) {
        e->ec = same ? EC_INSN_ABORT_SAME : EC_INSN_ABORT_LOWER;
    } else {
        e->ec = same ? EC_DATA_ABORT_SAME : EC_DATA_ABORT_LOWER;
        if (ai->cm) {
            iss |= ISS_CM | ISS_WNR; /* WnR is 1 for CMOs (D17.2.40) */
        } else if (acc == A64_ACC_WRITE) {
            iss |= ISS_WNR;
        }
    }
    e->iss = iss;
    e->il = true;
    e->far_valid = true;
    e->far = va;
    e->target_el = target;
    e->return_pc = pc;
    if (log_on(LOG_MMU)) {
        log_printf("mmu: %s abort va=0x%016llx fsc=0x%02x ea=%d pc=0x%016llx\n",
                   acc == A64_ACC_EXEC ? "instruction" : "data", (unsigned long long)va,
                   ai->fsc, ai->ea, (unsigned long long)pc);
    }
}

static _Noreturn void raise_abort(A64Cpu *cpu, A64Access acc, uint64_t va, uint64_t pc,
                                  unsigned fsc, bool ea)
{
    AbortInfo ai = { .fsc = fsc, .ea = ea };
    A64Exception e;
    abort_exception(cpu, acc, va, pc, &ai, &e);
    a64_raise(cpu, &e);
}

void a64_set_pc(void *cpu, uint64_t pc)
{
    ((A64Cpu *)cpu)->pc = pc;
}

/* ---- translation ------------------------------------------------------ */

/* Translation regime EL of an MMU index (EL1&0 -> 1, ...); the MMU-off
 * index uses the current EL's regime. */
static unsigned regime_el(const A64Cpu *cpu, unsigned mmu_idx)
{
    switch (mmu_idx) {
    case A64_MMU_IDX_EL10_0:
    case A64_MMU_IDX_EL10_1:
    case A64_MMU_IDX_EL10_1_PAN:
        return 1;
    case A64_MMU_IDX_EL2:
    case A64_MMU_IDX_EL20_0:
    case A64_MMU_IDX_EL20_2:
        return 2;
    case A64_MMU_IDX_EL3:
        return 3;
    default: {
        unsigned el = a64_current_el(cpu);
        return el == 0 ? 1 : el;
    }
    }
}

/* Implemented physical address size, from ID_AA64MMFR0_EL1.PARange (set
 * per model by the sys code); if unset, the model's value: 44 bits on
 * Cortex-A57/A72, 52 bits (FEAT_LPA) on QEMU 7.2's "max". */
static unsigned pa_bits(const A64Cpu *cpu)
{
    static const uint8_t parange_bits[8] = { 32, 36, 40, 42, 44, 48, 52, 52 };
    unsigned pr = cpu->sr.id.mmfr0 & 0xf;
    if (cpu->sr.id.mmfr0 != 0 && pr < 7) {
        return parange_bits[pr];
    }
    return cpu->model == A64_CPU_MAX ? 52 : 44;
}

/* Top-byte-ignore for va in this regime, from TCR_ELx (D8.8 "Address
 * tagging"): TBI applies even with the stage-1 MMU off, TBID excludes
 * instruction fetches. */
static bool tbi_applies(const A64Cpu *cpu, unsigned rel, uint64_t va, A64Access acc)
{
    uint64_t tcr = cpu->sr.tcr_el[rel];
    bool tbi, tbid;
    if (rel == 1) {
        bool hi = (va >> 55) & 1;
        tbi = (tcr >> (hi ? 38 : 37)) & 1;
        tbid = (tcr >> (hi ? 52 : 51)) & 1;
    } else {
        tbi = (tcr >> 20) & 1;
        tbid = (tcr >> 29) & 1;
    }
    return tbi && !(acc == A64_ACC_EXEC && tbid);
}

bool a64_translate_va(A64Cpu *cpu, uint64_t va, A64Access acc, unsigned mmu_idx,
                      uint64_t pc, uint64_t *pa, A64Exception *exc)
{
    unsigned rel = regime_el(cpu, mmu_idx);
    unsigned top = tbi_applies(cpu, rel, va, acc) ? 55 : 63;
    unsigned pab = pa_bits(cpu);

    /* AArch64.S1DisabledOutput / AArch64.PhysicalAddressType: with the
     * stage-1 MMU off, any VA bit from PAMax up to the top bit set is an
     * Address size fault at level 0. */
    uint64_t above = (va >> pab) & ((2ull << (top - pab)) - 1);
    if (above != 0) {
        AbortInfo ai = { .fsc = FSC_ADDR_SIZE_L0 };
        abort_exception(cpu, acc, va, pc, &ai, exc);
        return false;
    }
    if (cpu->sr.sctlr_el[rel] & 1) {
        log_unimp_once("mmu:stage1", "stage-1 translation enabled (SCTLR_EL%u.M): "
                       "treated as VA == PA\n", rel);
    }
    *pa = va & ((1ull << 52) - 1);
    return true;
}

/* ---- TLB fill --------------------------------------------------------- */

static bool tag_matches(uint64_t tag, uint64_t va)
{
    return tag != TLB_INVALID && (tag & A64_PAGE_MASK) == (va & A64_PAGE_MASK);
}

static uint64_t *entry_tag(TlbEntry *e, A64Access acc)
{
    return acc == A64_ACC_READ ? &e->tag_read
         : acc == A64_ACC_WRITE ? &e->tag_write : &e->tag_code;
}

/* Translate va's page for acc and enter it in the TLB; raises on fault.
 * Unbacked addresses are entered as MMIO so the slow path reports the
 * external abort on the access itself (not on the translation). */
static TlbEntry *tlb_fill(A64Cpu *cpu, uint64_t va, A64Access acc, unsigned mmu_idx,
                          uint64_t pc)
{
    uint64_t pa;
    A64Exception exc;
    if (!a64_translate_va(cpu, va, acc, mmu_idx, pc, &pa, &exc)) {
        a64_raise(cpu, &exc);
    }
    uint64_t pa_page = pa & A64_PAGE_MASK;
    MemRegion *mr = as_find(cpu->as, pa_page);
    unsigned prot = TLB_PROT_R | TLB_PROT_W | TLB_PROT_X;
    TlbEntry *e;

    if (mr && mr->host && pa_page - mr->base + A64_PAGE_SIZE <= mr->size) {
        uint8_t *host = mr->host + (pa_page - mr->base);
        bool code = as_page_has_code(cpu->as, pa_page);
        tlb_set(&cpu->tlb, mmu_idx, va, pa_page, host, prot, code, 0);
        e = tlb_entry(&cpu->tlb, mmu_idx, va);
        if (mr->kind == MR_ROM) {
            /* Stores to flash go to the slow path, which drops them. */
            e->tag_write = (va & A64_PAGE_MASK) | TLB_MMIO;
        }
    } else {
        tlb_set(&cpu->tlb, mmu_idx, va, pa_page, NULL, prot, 0, 0);
        e = tlb_entry(&cpu->tlb, mmu_idx, va);
    }
    return e;
}

static TlbEntry *tlb_lookup(A64Cpu *cpu, uint64_t va, A64Access acc, unsigned mmu_idx,
                            uint64_t pc)
{
    if (mmu_idx >= TLB_MMU_IDX_COUNT) {
        mmu_idx = A64_MMU_IDX_PHYS;
    }
    TlbEntry *e = tlb_entry(&cpu->tlb, mmu_idx, va);
    if (!tag_matches(*entry_tag(e, acc), va)) {
        e = tlb_fill(cpu, va, acc, mmu_idx, pc);
    }
    return e;
}

/* ---- physical accesses within one page -------------------------------- */

static uint64_t size_mask(unsigned size)
{
    return size >= 8 ? ~0ull : (1ull << (size * 8)) - 1;
}

/* Device or unbacked read of size bytes (any size 1..8; sizes that are not
 * a power of two only occur in page-crossing parts and are done bytewise). */
static uint64_t phys_read(A64Cpu *cpu, uint64_t pa, unsigned size, uint64_t va, uint64_t pc)
{
    MemRegion *mr = as_find(cpu->as, pa);
    if (!mr) {
        /* QEMU: unassigned memory is a decode error -> EA = 0. */
        if (log_on(LOG_GUEST_ERROR)) {
            log_printf("guest: read of unbacked PA 0x%llx (pc 0x%llx)\n",
                       (unsigned long long)pa, (unsigned long long)pc);
        }
        raise_abort(cpu, A64_ACC_READ, va, pc, FSC_SYNC_EXT, false);
    }
    if (mr->kind != MR_MMIO) {
        uint64_t v = 0;
        if (pa - mr->base + size > mr->size) {
            raise_abort(cpu, A64_ACC_READ, va, pc, FSC_SYNC_EXT, false);
        }
        memcpy(&v, mr->host + (pa - mr->base), size);
        return v;
    }
    if ((size & (size - 1)) != 0) {
        uint64_t v = 0;
        for (unsigned i = 0; i < size; i++) {
            v |= phys_read(cpu, pa + i, 1, va + i, pc) << (8 * i);
        }
        return v;
    }
    unsigned min = mr->ops->min_access ? mr->ops->min_access : 1;
    unsigned max = mr->ops->max_access ? mr->ops->max_access : 8;
    if (size < min || size > max || pa - mr->base + size > mr->size || !mr->ops->read) {
        if (log_on(LOG_GUEST_ERROR)) {
            log_printf("guest: %u-byte read of %s+0x%llx not accepted\n", size, mr->name,
                       (unsigned long long)(pa - mr->base));
        }
        raise_abort(cpu, A64_ACC_READ, va, pc, FSC_SYNC_EXT, false);
    }
    uint64_t v = 0;
    if (!mr->ops->read(mr->opaque, pa - mr->base, size, &v)) {
        raise_abort(cpu, A64_ACC_READ, va, pc, FSC_SYNC_EXT, true);
    }
    return v & size_mask(size);
}

static void phys_write(A64Cpu *cpu, uint64_t pa, unsigned size, uint64_t value, uint64_t va,
                       uint64_t pc)
{
    MemRegion *mr = as_find(cpu->as, pa);
    if (!mr || pa - mr->base + size > mr->size) {
        if (log_on(LOG_GUEST_ERROR)) {
            log_printf("guest: write to unbacked PA 0x%llx (pc 0x%llx)\n",
                       (unsigned long long)pa, (unsigned long long)pc);
        }
        raise_abort(cpu, A64_ACC_WRITE, va, pc, FSC_SYNC_EXT, false);
    }
    switch (mr->kind) {
    case MR_ROM:
        return; /* flash in read-array mode ignores stray writes */
    case MR_RAM: {
        uint64_t page = pa & A64_PAGE_MASK;
        if (as_page_has_code(cpu->as, page)) {
            as_notify_code_write(cpu->as, page);
        }
        memcpy(mr->host + (pa - mr->base), &value, size);
        return;
    }
    case MR_MMIO:
        break;
    }
    if ((size & (size - 1)) != 0) {
        for (unsigned i = 0; i < size; i++) {
            phys_write(cpu, pa + i, 1, value >> (8 * i), va + i, pc);
        }
        return;
    }
    unsigned min = mr->ops->min_access ? mr->ops->min_access : 1;
    unsigned max = mr->ops->max_access ? mr->ops->max_access : 8;
    if (size < min || size > max || !mr->ops->write) {
        if (log_on(LOG_GUEST_ERROR)) {
            log_printf("guest: %u-byte write of %s+0x%llx not accepted\n", size, mr->name,
                       (unsigned long long)(pa - mr->base));
        }
        raise_abort(cpu, A64_ACC_WRITE, va, pc, FSC_SYNC_EXT, false);
    }
    if (!mr->ops->write(mr->opaque, pa - mr->base, size, value & size_mask(size))) {
        raise_abort(cpu, A64_ACC_WRITE, va, pc, FSC_SYNC_EXT, true);
    }
}

/* ---- alignment ---------------------------------------------------------- */

/* Alignment is required by the memop (exclusives, atomics, acquire/release)
 * or by SCTLR_ELx.A of the regime (DDI 0487 B2.5.2). With the MMU off, data
 * accesses are architecturally Device-nGnRnE and so would also need
 * alignment; QEMU 7.2 does not enforce that, and we follow QEMU. */
static bool needs_align(const A64Cpu *cpu, unsigned memop, unsigned mmu_idx)
{
    if (memop & IR_MO_ALIGN) {
        return true;
    }
    return (cpu->sr.sctlr_el[regime_el(cpu, mmu_idx)] & SCTLR_A) != 0;
}

static void check_align(A64Cpu *cpu, uint64_t va, unsigned size, bool align,
                        A64Access acc, uint64_t pc)
{
    if (align && (va & (size - 1))) {
        raise_abort(cpu, acc, va, pc, FSC_ALIGN, false);
    }
}

static unsigned memop_idx(unsigned memop)
{
    unsigned idx = A64_MO_IDX(memop);
    return idx < TLB_MMU_IDX_COUNT ? idx : A64_MMU_IDX_PHYS;
}

static unsigned memop_size(unsigned memop)
{
    unsigned lg = memop & IR_MO_SIZE;
    /* 128-bit accesses are split by the lifter; the 64-bit slow path sees
     * at most 8 bytes. */
    return lg > 3 ? 8 : 1u << lg;
}

/* ---- load/store slow paths ------------------------------------------- */

/* Read size bytes within one page through its TLB entry e. */
static uint64_t page_read(A64Cpu *cpu, TlbEntry *e, uint64_t va, unsigned size, uint64_t pc)
{
    if (!(e->tag_read & TLB_MMIO)) {
        uint64_t v = 0;
        memcpy(&v, (void *)(uintptr_t)(va + e->addend), size);
        return v;
    }
    return phys_read(cpu, e->pa_page | (va & ~A64_PAGE_MASK), size, va, pc);
}

static void page_write(A64Cpu *cpu, TlbEntry *e, uint64_t va, unsigned size, uint64_t value,
                       uint64_t pc)
{
    if (e->tag_write & TLB_MMIO) {
        phys_write(cpu, e->pa_page | (va & ~A64_PAGE_MASK), size, value, va, pc);
        return;
    }
    if (e->tag_write & TLB_NOTDIRTY) {
        /* The page holds translated code: invalidate it first, then the
         * page is plain RAM again until code is translated from it. */
        if (as_page_has_code(cpu->as, e->pa_page)) {
            as_notify_code_write(cpu->as, e->pa_page);
        }
        e->tag_write &= ~TLB_NOTDIRTY;
    }
    memcpy((void *)(uintptr_t)(va + e->addend), &value, size);
}

uint64_t a64_load_slow(void *opaque, uint64_t va, unsigned memop, uint64_t pc)
{
    A64Cpu *cpu = opaque;
    unsigned size = memop_size(memop);
    unsigned idx = memop_idx(memop);
    uint64_t v;

    check_align(cpu, va, size, needs_align(cpu, memop, idx), A64_ACC_READ, pc);
    unsigned in_page = A64_PAGE_SIZE - (va & ~A64_PAGE_MASK);
    if (size <= in_page) {
        TlbEntry *e = tlb_lookup(cpu, va, A64_ACC_READ, idx, pc);
        v = page_read(cpu, e, va, size, pc);
    } else {
        /* Page-crossing: translate both pages before reading either, the
         * second page's faults reported at its first byte (as QEMU). */
        uint64_t va2 = va + in_page;
        TlbEntry *e1 = tlb_lookup(cpu, va, A64_ACC_READ, idx, pc);
        TlbEntry *e2 = tlb_lookup(cpu, va2, A64_ACC_READ, idx, pc);
        /* Consecutive pages use different TLB slots, so e1 is still valid. */
        uint64_t lo = page_read(cpu, e1, va, in_page, pc);
        v = lo | (page_read(cpu, e2, va2, size - in_page, pc) << (8 * in_page));
    }
    if ((memop & IR_MO_SIGN) && size < 8) {
        unsigned sh = 64 - 8 * size;
        v = (uint64_t)((int64_t)(v << sh) >> sh);
    }
    return v;
}

void a64_store_slow(void *opaque, uint64_t va, uint64_t value, unsigned memop, uint64_t pc)
{
    A64Cpu *cpu = opaque;
    unsigned size = memop_size(memop);
    unsigned idx = memop_idx(memop);

    check_align(cpu, va, size, needs_align(cpu, memop, idx), A64_ACC_WRITE, pc);
    unsigned in_page = A64_PAGE_SIZE - (va & ~A64_PAGE_MASK);
    if (size <= in_page) {
        TlbEntry *e = tlb_lookup(cpu, va, A64_ACC_WRITE, idx, pc);
        page_write(cpu, e, va, size, value, pc);
        return;
    }
    /* Page-crossing store: both pages are translated before any byte is
     * written, so a translation fault on either part leaves memory
     * unchanged. An external abort on the second part's physical access
     * comes after the first part was written, exactly as QEMU does. */
    uint64_t va2 = va + in_page;
    unsigned n2 = size - in_page;
    TlbEntry *e1 = tlb_lookup(cpu, va, A64_ACC_WRITE, idx, pc);
    TlbEntry *e2 = tlb_lookup(cpu, va2, A64_ACC_WRITE, idx, pc);
    /* consecutive pages use different TLB slots: e1 is still valid */
    page_write(cpu, e1, va, in_page, value, pc);
    page_write(cpu, e2, va2, n2, value >> (8 * in_page), pc);
}

/* ---- instruction fetch -------------------------------------------------- */

bool a64_fetch_insn(A64Cpu *cpu, uint64_t va, uint32_t *insn, uint64_t *pa,
                    A64Exception *exc)
{
    unsigned idx = a64_mmu_idx(cpu);
    if (idx >= TLB_MMU_IDX_COUNT) {
        idx = A64_MMU_IDX_PHYS;
    }
    uint64_t pc = va;
    uint64_t p;
    if (!a64_translate_va(cpu, va, A64_ACC_EXEC, idx, pc, &p, exc)) {
        return false;
    }
    MemRegion *mr = as_find(cpu->as, p);
    AbortInfo ai = { .fsc = FSC_SYNC_EXT };
    if (!mr || p - mr->base + 4 > mr->size) {
        /* Unassigned: QEMU reports a decode error (EA = 0). */
        abort_exception(cpu, A64_ACC_EXEC, va, pc, &ai, exc);
        return false;
    }
    if (mr->kind == MR_MMIO) {
        uint64_t v = 0;
        unsigned min = mr->ops->min_access ? mr->ops->min_access : 1;
        unsigned max = mr->ops->max_access ? mr->ops->max_access : 8;
        if (4 < min || 4 > max || !mr->ops->read) {
            abort_exception(cpu, A64_ACC_EXEC, va, pc, &ai, exc);
            return false;
        }
        if (!mr->ops->read(mr->opaque, p - mr->base, 4, &v)) {
            ai.ea = true;
            abort_exception(cpu, A64_ACC_EXEC, va, pc, &ai, exc);
            return false;
        }
        *insn = (uint32_t)v;
        *pa = p;
        return true;
    }
    uint64_t pa_page = p & A64_PAGE_MASK;
    if (mr->kind == MR_RAM && !as_page_has_code(cpu->as, pa_page)) {
        /* The page is about to hold translated code: stores to it must
         * take the slow path from now on (TLB_NOTDIRTY). */
        as_mark_code(cpu->as, pa_page);
        tlb_flush_phys_write(&cpu->tlb, pa_page);
    }
    uint32_t w;
    memcpy(&w, mr->host + (p - mr->base), 4);
    *insn = w;
    *pa = p;
    return true;
}

/* ---- helpers' accesses ---------------------------------------------------- */

void *a64_host_rmw(A64Cpu *cpu, uint64_t va, unsigned size, bool align, unsigned mmu_idx,
                   uint64_t pc)
{
    if (mmu_idx >= TLB_MMU_IDX_COUNT) {
        mmu_idx = A64_MMU_IDX_PHYS;
    }
    unsigned memop = align ? IR_MO_ALIGN : 0;
    /* QEMU (single vCPU) performs an atomic as load-then-store, so its
     * faults before the read report WnR = 0; we do the same. */
    if (size & (size - 1) || size > 16) {
        size = 8;
    }
    check_align(cpu, va, size, needs_align(cpu, memop, mmu_idx), A64_ACC_READ, pc);
    if ((va & ~A64_PAGE_MASK) + size > A64_PAGE_SIZE) {
        return NULL; /* page-crossing (only possible unaligned): slow path */
    }
    TlbEntry *e = tlb_lookup(cpu, va, A64_ACC_READ, mmu_idx, pc);
    if (e->tag_read & TLB_MMIO) {
        return NULL;
    }
    e = tlb_lookup(cpu, va, A64_ACC_WRITE, mmu_idx, pc);
    if (e->tag_write & TLB_MMIO) {
        return NULL;
    }
    if (e->tag_write & TLB_NOTDIRTY) {
        if (as_page_has_code(cpu->as, e->pa_page)) {
            as_notify_code_write(cpu->as, e->pa_page);
        }
        e->tag_write &= ~TLB_NOTDIRTY;
    }
    return (void *)(uintptr_t)(va + e->addend);
}

static unsigned size_log2(unsigned size)
{
    return size >= 8 ? 3 : size >= 4 ? 2 : size >= 2 ? 1 : 0;
}

uint64_t a64_read_mem(A64Cpu *cpu, uint64_t va, unsigned size, uint64_t pc)
{
    unsigned memop = size_log2(size) | (a64_mmu_idx(cpu) << A64_MO_IDX_SHIFT);
    return a64_load_slow(cpu, va, memop, pc);
}

void a64_write_mem(A64Cpu *cpu, uint64_t va, unsigned size, uint64_t value, uint64_t pc)
{
    unsigned memop = size_log2(size) | (a64_mmu_idx(cpu) << A64_MO_IDX_SHIFT);
    a64_store_slow(cpu, va, value, memop, pc);
}

bool a64_read_mem_nofault(A64Cpu *cpu, uint64_t va, void *buf, size_t len)
{
    unsigned idx = a64_mmu_idx(cpu);
    uint8_t *out = buf;
    while (len > 0) {
        size_t chunk = A64_PAGE_SIZE - (va & ~A64_PAGE_MASK);
        if (chunk > len) {
            chunk = len;
        }
        uint64_t pa;
        A64Exception exc;
        if (!a64_translate_va(cpu, va, A64_ACC_READ, idx, cpu->pc, &pa, &exc)) {
            return false;
        }
        /* RAM/ROM only: a debug read must not have device side effects. */
        void *host = as_host_ptr(cpu->as, pa, chunk);
        if (!host) {
            return false;
        }
        memcpy(out, host, chunk);
        out += chunk;
        va += chunk;
        len -= chunk;
    }
    return true;
}
