/* SPDX-License-Identifier: MIT */
/*
 * tlb.c - filling and flushing the soft TLB (see tlb.h for the entry
 * format). An entry's three tags carry the page VA when the access kind is
 * allowed, plus TLB_MMIO/TLB_NOTDIRTY to force the slow path; a disallowed
 * kind gets TLB_INVALID so that it always misses.
 */
#include "tlb.h"

#include <string.h>

static void entry_invalidate(TlbEntry *e)
{
    e->tag_read = TLB_INVALID;
    e->tag_write = TLB_INVALID;
    e->tag_code = TLB_INVALID;
    e->addend = 0;
    e->pa_page = 0;
    e->attrs = 0;
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
}

void tlb_flush_all(Tlb *t)
{
    tlb_flush_idx(t, (1u << TLB_MMU_IDX_COUNT) - 1);
}

void tlb_flush_idx(Tlb *t, unsigned mmu_idx_mask)
{
    for (unsigned i = 0; i < TLB_MMU_IDX_COUNT; i++) {
        if (mmu_idx_mask & (1u << i)) {
            for (unsigned j = 0; j < TLB_SIZE; j++) {
                entry_invalidate(&t->e[i][j]);
            }
        }
    }
}

static bool tag_is_page(uint64_t tag, uint64_t page)
{
    return tag != TLB_INVALID && (tag & A64_PAGE_MASK) == page;
}

void tlb_flush_page(Tlb *t, unsigned mmu_idx_mask, uint64_t va)
{
    uint64_t page = va & A64_PAGE_MASK;
    for (unsigned i = 0; i < TLB_MMU_IDX_COUNT; i++) {
        if (!(mmu_idx_mask & (1u << i))) {
            continue;
        }
        TlbEntry *e = tlb_entry(t, i, va);
        if (tag_is_page(e->tag_read, page) || tag_is_page(e->tag_write, page) ||
            tag_is_page(e->tag_code, page)) {
            entry_invalidate(e);
        }
    }
}

void tlb_flush_phys_write(Tlb *t, uint64_t pa_page)
{
    pa_page &= A64_PAGE_MASK;
    for (unsigned i = 0; i < TLB_MMU_IDX_COUNT; i++) {
        for (unsigned j = 0; j < TLB_SIZE; j++) {
            TlbEntry *e = &t->e[i][j];
            if (e->tag_write != TLB_INVALID && e->pa_page == pa_page &&
                !(e->tag_write & TLB_NOTDIRTY)) {
                e->tag_write = TLB_INVALID;
            }
        }
    }
}
