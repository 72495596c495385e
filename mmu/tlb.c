/* SPDX-License-Identifier: MIT */
/*
 * tlb.c - filling and flushing the soft TLB (see tlb.h for the entry
 * format and the ASID scheme). An entry's three tags carry the page VA
 * when the access kind is allowed, plus TLB_MMIO/TLB_NOTDIRTY to force the
 * slow path; a disallowed kind gets TLB_INVALID so that it always misses.
 *
 * Everything here runs on the vCPU's own thread, except
 * tlb_request_flush(), which other vCPUs use (TLBI broadcast).
 */
#include "tlb.h"

#include <string.h>

/* VA bits a TLBI operand compares: [55:12] (the top byte is never part of
 * the operand, and tagged VAs are entered with their tag). */
#define VA_CMP_MASK 0x00fffffffffff000ull
#define VA_CANON 0x00ffffffffffffffull
#define SAVED_EMPTY 0xff

static void entry_invalidate(TlbEntry *e)
{
    e->tag_read = TLB_INVALID;
    e->tag_write = TLB_INVALID;
    e->tag_code = TLB_INVALID;
    e->addend = 0;
    e->pa_page = 0;
    e->attrs = 0;
}

static bool entry_valid(const TlbEntry *e)
{
    return e->tag_read != TLB_INVALID || e->tag_write != TLB_INVALID ||
           e->tag_code != TLB_INVALID;
}

/* The page VA an entry was entered for (from whichever tag is valid). */
static uint64_t entry_page(const TlbEntry *e)
{
    uint64_t tag = e->tag_read != TLB_INVALID ? e->tag_read
                 : e->tag_write != TLB_INVALID ? e->tag_write : e->tag_code;
    return tag & A64_PAGE_MASK;
}

static unsigned entry_shift(const TlbEntry *e)
{
    unsigned s = (unsigned)((e->attrs & TLB_ATTR_SHIFT_MASK) >> TLB_ATTR_SHIFT_SHIFT);
    return s < A64_PAGE_BITS ? A64_PAGE_BITS : s;
}

/* Does the leaf this entry belongs to contain va (VA[55:12])? */
static bool entry_contains(const TlbEntry *e, uint64_t va)
{
    uint64_t m = VA_CMP_MASK & ~((1ull << entry_shift(e)) - 1);
    return ((entry_page(e) ^ va) & m) == 0;
}

/* asid < 0 matches everything; else global entries and that ASID's. */
static bool entry_asid_matches(const TlbEntry *e, int asid)
{
    return asid < 0 || !(e->attrs & TLB_ATTR_NG) ||
           (e->attrs & TLB_ATTR_ASID_MASK) == (uint64_t)asid;
}

void tlb_note_large(Tlb *t, unsigned mmu_idx, uint64_t va, unsigned shift)
{
    if (mmu_idx >= TLB_MMU_IDX_COUNT || shift <= A64_PAGE_BITS || shift >= 56) {
        return;
    }
    uint64_t lp_mask = ~((1ull << shift) - 1) & VA_CANON;
    va &= VA_CANON;
    if (t->large_mask[mmu_idx] != 0) {
        /* grow the remembered region until it covers both */
        lp_mask &= t->large_mask[mmu_idx];
        while (((t->large_addr[mmu_idx] ^ va) & lp_mask) != 0) {
            lp_mask = (lp_mask << 1) & VA_CANON;
        }
    }
    t->large_addr[mmu_idx] = va & lp_mask;
    t->large_mask[mmu_idx] = lp_mask;
}

static bool in_large(const Tlb *t, unsigned i, uint64_t va)
{
    return t->large_mask[i] != 0 && ((va & VA_CANON) & t->large_mask[i]) == t->large_addr[i];
}

void tlb_set(Tlb *t, unsigned mmu_idx, uint64_t va, uint64_t pa, void *host,
             unsigned prot, int notdirty, uint64_t attrs)
{
    if (mmu_idx >= TLB_MMU_IDX_COUNT) {
        return;
    }
    uint64_t page = va & A64_PAGE_MASK;
    uint64_t flags = host ? 0 : TLB_MMIO;
    TlbEntry *e = tlb_entry(t, mmu_idx, va);

    e->tag_read = (prot & TLB_PROT_R) ? page | flags : TLB_INVALID;
    e->tag_write = (prot & TLB_PROT_W) ? page | flags | (notdirty ? TLB_NOTDIRTY : 0)
                                       : TLB_INVALID;
    e->tag_code = (prot & TLB_PROT_X) ? page | flags : TLB_INVALID;
    /* host is the page's host address: guest VA + addend = host address. */
    e->addend = host ? (uintptr_t)host - (uintptr_t)page : 0;
    e->pa_page = pa & A64_PAGE_MASK;
    e->attrs = attrs;
    unsigned shift = (unsigned)((attrs & TLB_ATTR_SHIFT_MASK) >> TLB_ATTR_SHIFT_SHIFT);
    if (shift > A64_PAGE_BITS) {
        tlb_note_large(t, mmu_idx, va, shift);
    }
}

/* ---- the parked (non-current context) entries ------------------------------ */

static uint16_t entry_vmid(const TlbEntry *e)
{
    return (uint16_t)((e->attrs & TLB_ATTR_VMID_MASK) >> TLB_ATTR_VMID_SHIFT);
}

/* Slot of a parked entry: keyed by index, VMID, page and, for non-global
 * entries, the ASID (global entries use the key 0x10000: any ASID). */
static unsigned saved_slot(unsigned idx, uint16_t vmid, uint32_t asid_key, uint64_t va_page)
{
    uint64_t h = (va_page >> A64_PAGE_BITS) * 0x9e3779b97f4a7c15ull;
    h ^= (((uint64_t)vmid << 17 | asid_key) << 8 | idx) * 0xff51afd7ed558ccdull;
    return (unsigned)(h >> (64 - TLB_SAVED_BITS));
}

static uint32_t asid_key(const TlbEntry *e)
{
    return (e->attrs & TLB_ATTR_NG) ? (uint32_t)(e->attrs & TLB_ATTR_ASID_MASK) : 0x10000u;
}

static void park(Tlb *t, unsigned idx, const TlbEntry *e)
{
    uint64_t page = entry_page(e);
    TlbSaved *s = &t->saved[saved_slot(idx, entry_vmid(e), asid_key(e), page)];
    s->e = *e;
    s->va_page = page;
    s->idx = (uint8_t)idx;
}

void tlb_ctx_switch(Tlb *t, unsigned mmu_idx_mask, uint16_t vmid, uint16_t asid)
{
    uint32_t ctx = (uint32_t)vmid << 16 | asid;
    for (unsigned i = 0; i < TLB_MMU_IDX_COUNT; i++) {
        if (!(mmu_idx_mask & (1u << i)) || t->ctx[i] == ctx) {
            continue;
        }
        bool all = (t->ctx[i] >> 16) != vmid;
        for (unsigned j = 0; j < TLB_SIZE; j++) {
            TlbEntry *e = &t->e[i][j];
            if ((all || (e->attrs & TLB_ATTR_NG)) && entry_valid(e)) {
                park(t, i, e);
                entry_invalidate(e);
            }
        }
        if (all) {
            t->large_addr[i] = 0;
            t->large_mask[i] = 0;
        }
        t->ctx[i] = ctx;
    }
}

void tlb_asid_switch(Tlb *t, unsigned mmu_idx_mask, uint16_t asid)
{
    for (unsigned i = 0; i < TLB_MMU_IDX_COUNT; i++) {
        if (mmu_idx_mask & (1u << i)) {
            tlb_ctx_switch(t, 1u << i, tlb_ctx_vmid(t, i), asid);
        }
    }
}

static TlbEntry *restore_from(Tlb *t, unsigned mmu_idx, uint64_t va, uint32_t key)
{
    uint64_t page = va & A64_PAGE_MASK;
    uint16_t vmid = tlb_ctx_vmid(t, mmu_idx);
    TlbSaved *s = &t->saved[saved_slot(mmu_idx, vmid, key, page)];
    if (s->idx != mmu_idx || s->va_page != page || entry_vmid(&s->e) != vmid ||
        asid_key(&s->e) != key) {
        return NULL;
    }
    TlbEntry *e = tlb_entry(t, mmu_idx, va);
    *e = s->e;
    s->idx = SAVED_EMPTY;
    unsigned shift = entry_shift(e);
    if (shift > A64_PAGE_BITS) {
        tlb_note_large(t, mmu_idx, page, shift);
    }
    return e;
}

TlbEntry *tlb_restore(Tlb *t, unsigned mmu_idx, uint64_t va)
{
    if (mmu_idx >= TLB_MMU_IDX_COUNT) {
        return NULL;
    }
    TlbEntry *e = restore_from(t, mmu_idx, va, tlb_ctx_asid(t, mmu_idx));
    return e ? e : restore_from(t, mmu_idx, va, 0x10000u);
}

/* ---- flushes ------------------------------------------------------------------ */

void tlb_flush_all(Tlb *t)
{
    tlb_flush_idx(t, (1u << TLB_MMU_IDX_COUNT) - 1);
    memset(t->ctx, 0, sizeof(t->ctx));
    t->pending_flush = 0;
}

void tlb_flush_idx(Tlb *t, unsigned mmu_idx_mask)
{
    for (unsigned i = 0; i < TLB_MMU_IDX_COUNT; i++) {
        if (mmu_idx_mask & (1u << i)) {
            for (unsigned j = 0; j < TLB_SIZE; j++) {
                entry_invalidate(&t->e[i][j]);
            }
            t->large_addr[i] = 0;
            t->large_mask[i] = 0;
        }
    }
    for (unsigned j = 0; j < TLB_SAVED_SIZE; j++) {
        TlbSaved *s = &t->saved[j];
        if (s->idx >= TLB_MMU_IDX_COUNT || (mmu_idx_mask & (1u << s->idx))) {
            s->idx = SAVED_EMPTY;
        }
    }
}

void tlb_flush_va(Tlb *t, unsigned mmu_idx_mask, uint64_t va, int asid)
{
    for (unsigned i = 0; i < TLB_MMU_IDX_COUNT; i++) {
        if (!(mmu_idx_mask & (1u << i))) {
            continue;
        }
        if (in_large(t, i, va)) {
            /* va may lie in a block entered page by page: look at all */
            for (unsigned j = 0; j < TLB_SIZE; j++) {
                TlbEntry *e = &t->e[i][j];
                if (entry_valid(e) && entry_contains(e, va) && entry_asid_matches(e, asid)) {
                    entry_invalidate(e);
                }
            }
        } else {
            TlbEntry *e = tlb_entry(t, i, va);
            if (entry_valid(e) && entry_contains(e, va) && entry_asid_matches(e, asid)) {
                entry_invalidate(e);
            }
        }
    }
    for (unsigned j = 0; j < TLB_SAVED_SIZE; j++) {
        TlbSaved *s = &t->saved[j];
        if (s->idx < TLB_MMU_IDX_COUNT && (mmu_idx_mask & (1u << s->idx)) &&
            entry_contains(&s->e, va) && entry_asid_matches(&s->e, asid)) {
            s->idx = SAVED_EMPTY;
        }
    }
}

void tlb_flush_page(Tlb *t, unsigned mmu_idx_mask, uint64_t va)
{
    tlb_flush_va(t, mmu_idx_mask, va, -1);
}

void tlb_flush_asid(Tlb *t, unsigned mmu_idx_mask, uint16_t asid)
{
    for (unsigned i = 0; i < TLB_MMU_IDX_COUNT; i++) {
        if (!(mmu_idx_mask & (1u << i))) {
            continue;
        }
        for (unsigned j = 0; j < TLB_SIZE; j++) {
            TlbEntry *e = &t->e[i][j];
            if ((e->attrs & TLB_ATTR_NG) && (e->attrs & TLB_ATTR_ASID_MASK) == asid) {
                entry_invalidate(e);
            }
        }
    }
    for (unsigned j = 0; j < TLB_SAVED_SIZE; j++) {
        TlbSaved *s = &t->saved[j];
        if (s->idx < TLB_MMU_IDX_COUNT && (mmu_idx_mask & (1u << s->idx)) &&
            (s->e.attrs & TLB_ATTR_NG) && (s->e.attrs & TLB_ATTR_ASID_MASK) == asid) {
            s->idx = SAVED_EMPTY;
        }
    }
}

void tlb_flush_vmid(Tlb *t, unsigned mmu_idx_mask, uint16_t vmid)
{
    unsigned cur = 0;
    for (unsigned i = 0; i < TLB_MMU_IDX_COUNT; i++) {
        if ((mmu_idx_mask & (1u << i)) && tlb_ctx_vmid(t, i) == vmid) {
            cur |= 1u << i;
        }
    }
    /* the arrays of the indexes currently at vmid, and parked entries */
    for (unsigned i = 0; i < TLB_MMU_IDX_COUNT; i++) {
        if (cur & (1u << i)) {
            for (unsigned j = 0; j < TLB_SIZE; j++) {
                entry_invalidate(&t->e[i][j]);
            }
            t->large_addr[i] = 0;
            t->large_mask[i] = 0;
        }
    }
    for (unsigned j = 0; j < TLB_SAVED_SIZE; j++) {
        TlbSaved *s = &t->saved[j];
        if (s->idx < TLB_MMU_IDX_COUNT && (mmu_idx_mask & (1u << s->idx)) &&
            entry_vmid(&s->e) == vmid) {
            s->idx = SAVED_EMPTY;
        }
    }
}

static void drop_plain_write(TlbEntry *e, uint64_t pa_page)
{
    if (e->tag_write != TLB_INVALID && e->pa_page == pa_page &&
        !(e->tag_write & TLB_NOTDIRTY)) {
        e->tag_write = TLB_INVALID;
    }
}

void tlb_flush_phys_write(Tlb *t, uint64_t pa_page)
{
    pa_page &= A64_PAGE_MASK;
    for (unsigned i = 0; i < TLB_MMU_IDX_COUNT; i++) {
        for (unsigned j = 0; j < TLB_SIZE; j++) {
            drop_plain_write(&t->e[i][j], pa_page);
        }
    }
    for (unsigned j = 0; j < TLB_SAVED_SIZE; j++) {
        if (t->saved[j].idx < TLB_MMU_IDX_COUNT) {
            drop_plain_write(&t->saved[j].e, pa_page);
        }
    }
}

/* ---- requests from other vCPUs ------------------------------------------------- */

void tlb_request_flush(Tlb *t, unsigned mmu_idx_mask)
{
    __atomic_fetch_or(&t->pending_flush, mmu_idx_mask, __ATOMIC_SEQ_CST);
}

bool tlb_take_requests(Tlb *t)
{
    if (__atomic_load_n(&t->pending_flush, __ATOMIC_RELAXED) == 0) {
        return false;
    }
    unsigned m = __atomic_exchange_n(&t->pending_flush, 0, __ATOMIC_SEQ_CST);
    if (m) {
        tlb_flush_idx(t, m);
    }
    return m != 0;
}
