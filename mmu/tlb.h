/* SPDX-License-Identifier: MIT */
/*
 * tlb.h - the soft TLB: direct-mapped arrays of 4 KiB entries, one array
 * per MMU index (translation regime x privilege), each entry holding a host
 * addend so the engines' fast path is one compare and one add (TinyEMU,
 * QEMU's softmmu). Larger pages and blocks are entered 4 KiB at a time.
 *
 * A tag is the page-aligned virtual address; any low bit set (TLB_MMIO,
 * TLB_NOTDIRTY, or an invalid entry's all-ones) makes the fast-path compare
 * fail and sends the access to the slow path.
 *
 * ASIDs (DDI 0487 D8.14 "Translation Lookaside Buffers"): an entry of a
 * non-global (nG) translation keeps its ASID in attrs. The fast path only
 * compares the VA, so the arrays of the ASID-tagged indexes hold global
 * entries plus non-global entries of ONE ASID, the Tlb's current `asid`.
 * A context switch (tlb_asid_switch) moves the non-global entries out of
 * the arrays into a small per-CPU store keyed by (index, ASID, VA) instead
 * of dropping them, and a miss looks there before walking the tables
 * (tlb_restore): switching ASID costs one sweep of the ASID-tagged arrays,
 * needs no TLBI, and a process switched back to finds its pages again.
 * Global entries (the kernel's) are never touched by a switch. TLBI by VA
 * or ASID invalidates the arrays and the store alike.
 *
 * VMIDs (D8.14, stage 2): entries of the EL1&0 regime also carry the
 * VMID they were made under (attrs bits 47:32), and each MMU index has a
 * current context (VMID, ASID) in Tlb.ctx. A VMID switch parks every
 * entry of the indexes (global ones too: they belong to one VM), an ASID
 * switch only the non-global ones; a miss brings back a parked entry of
 * the current context. So a hypervisor switching VMs needs no flush
 * either, and the fast path still compares only the VA.
 *
 * Blocks are entered 4 KiB at a time; the union of the blocks entered per
 * index is remembered so that a TLBI by VA inside a block also drops the
 * block's other pages (as QEMU's large-page tracking).
 */
#ifndef A64EMU_TLB_H
#define A64EMU_TLB_H

#include <stdbool.h>
#include <stdint.h>

#include "memory.h"

#define TLB_BITS 8
#define TLB_SIZE (1u << TLB_BITS)
#define TLB_MMU_IDX_COUNT 8   /* see frontend/cpu.h A64_MMU_IDX_* */

#define TLB_INVALID UINT64_MAX
#define TLB_MMIO 1ull         /* not RAM: go through MemRegionOps */
#define TLB_NOTDIRTY 2ull     /* write to a page that holds translated code */

typedef struct TlbEntry {
    uint64_t tag_read;
    uint64_t tag_write;
    uint64_t tag_code;
    uintptr_t addend;     /* host address = guest VA + addend (RAM only) */
    uint64_t pa_page;     /* physical page, for the slow path */
    uint64_t attrs;       /* TLB_ATTR_* below */
} TlbEntry;

/* TlbEntry.attrs */
#define TLB_ATTR_ASID_MASK 0xffffull   /* ASID of a non-global entry */
#define TLB_ATTR_NG (1ull << 16)       /* non-global: valid for ASID only */
#define TLB_ATTR_DEVICE (1ull << 17)   /* Device memory: unaligned accesses fault */
#define TLB_ATTR_SHIFT_SHIFT 18        /* bits 23:18: log2 of the leaf's size */
#define TLB_ATTR_SHIFT_MASK (0x3full << TLB_ATTR_SHIFT_SHIFT)
#define TLB_ATTR_MAIR_SHIFT 24         /* bits 31:24: MAIR attribute byte */
#define TLB_ATTR_VMID_SHIFT 32         /* bits 47:32: VMID (EL1&0 entries) */
#define TLB_ATTR_VMID_MASK (0xffffull << TLB_ATTR_VMID_SHIFT)

static inline uint64_t tlb_attrs(uint16_t asid, int non_global, int device,
                                 unsigned page_shift, uint8_t mair_attr)
{
    return (non_global ? (TLB_ATTR_NG | asid) : 0) | (device ? TLB_ATTR_DEVICE : 0) |
           ((uint64_t)(page_shift & 0x3f) << TLB_ATTR_SHIFT_SHIFT) |
           ((uint64_t)mair_attr << TLB_ATTR_MAIR_SHIFT);
}

#define TLB_SAVED_BITS 10
#define TLB_SAVED_SIZE (1u << TLB_SAVED_BITS)

/* A non-global entry parked by an ASID switch. */
typedef struct TlbSaved {
    TlbEntry e;
    uint64_t va_page;     /* page VA as entered (with its tag byte) */
    uint8_t idx;          /* MMU index; 0xff = empty */
} TlbSaved;

typedef struct Tlb {
    TlbEntry e[TLB_MMU_IDX_COUNT][TLB_SIZE];
    /* below: slow-path state only (the engines never read it) */
    uint64_t large_addr[TLB_MMU_IDX_COUNT];  /* union of entered blocks, */
    uint64_t large_mask[TLB_MMU_IDX_COUNT];  /* top byte cleared; mask 0 = none */
    /* Current context per index: VMID << 16 | ASID of the entries the
     * array holds (global entries: any ASID of that VMID). */
    uint32_t ctx[TLB_MMU_IDX_COUNT];
    TlbSaved saved[TLB_SAVED_SIZE];
    /* Flushes requested by other vCPUs (TLBI ... IS): a mask of MMU
     * indexes, taken by tlb_take_requests() on the owning thread. */
    unsigned pending_flush;
    /* Entries used for one access and never looked up by the fast path
     * (two: a page-crossing access holds both halves). */
    TlbEntry scratch[2];
    unsigned scratch_next;
} Tlb;

static inline unsigned tlb_index(uint64_t va)
{
    return (unsigned)(va >> A64_PAGE_BITS) & (TLB_SIZE - 1);
}

static inline TlbEntry *tlb_entry(Tlb *t, unsigned mmu_idx, uint64_t va)
{
    return &t->e[mmu_idx][tlb_index(va)];
}

/* Fast-path test: the access of size bytes at va hits a RAM entry for
 * reading/writing and does not cross the page. */
static inline int tlb_hit(uint64_t tag, uint64_t va, unsigned size)
{
    return tag == (va & A64_PAGE_MASK) &&
           ((va & (A64_PAGE_SIZE - 1)) + size) <= A64_PAGE_SIZE;
}

/* prot bits for tlb_set */
enum { TLB_PROT_R = 1, TLB_PROT_W = 2, TLB_PROT_X = 4 };

/* Enter one 4 KiB page. host is the host pointer of the page (RAM/ROM) or
 * NULL for MMIO; rom pages are entered without TLB_PROT_W by the caller.
 * notdirty marks a RAM page that holds translated code. */
void tlb_set(Tlb *t, unsigned mmu_idx, uint64_t va, uint64_t pa, void *host,
             unsigned prot, int notdirty, uint64_t attrs);
/* Record that the entry just set at va is part of a leaf of 1 << shift
 * bytes (shift > 12: a block), for TLBI by VA. */
void tlb_note_large(Tlb *t, unsigned mmu_idx, uint64_t va, unsigned shift);
/* Everything, including the parked entries; also initialises a Tlb. */
void tlb_flush_all(Tlb *t);
void tlb_flush_idx(Tlb *t, unsigned mmu_idx_mask);
/* Entries of the 4 KiB page of va (leaves containing va), any ASID. */
void tlb_flush_page(Tlb *t, unsigned mmu_idx_mask, uint64_t va);
/* TLBI by VA: entries whose leaf contains va, comparing VA[55:12] (the
 * top byte is not part of a TLBI operand); asid < 0: any ASID (VAA*),
 * else global entries and non-global ones of that ASID. */
void tlb_flush_va(Tlb *t, unsigned mmu_idx_mask, uint64_t va, int asid);
/* TLBI ASIDE1: the non-global entries of one ASID. */
void tlb_flush_asid(Tlb *t, unsigned mmu_idx_mask, uint16_t asid);
/* Drop write entries that map physical page pa (it now holds code). */
void tlb_flush_phys_write(Tlb *t, uint64_t pa_page);

/* Context switch of the ASID-tagged indexes (mmu_idx_mask) to asid: parks
 * their non-global entries (see above). No-op if asid is current. The
 * indexes keep their VMID. */
void tlb_asid_switch(Tlb *t, unsigned mmu_idx_mask, uint16_t asid);
/* Switch the indexes to (vmid, asid): a new VMID parks all their entries,
 * a new ASID only the non-global ones. */
void tlb_ctx_switch(Tlb *t, unsigned mmu_idx_mask, uint16_t vmid, uint16_t asid);
/* The current ASID / VMID of an index. */
static inline uint16_t tlb_ctx_asid(const Tlb *t, unsigned idx) { return (uint16_t)t->ctx[idx]; }
static inline uint16_t tlb_ctx_vmid(const Tlb *t, unsigned idx)
{
    return (uint16_t)(t->ctx[idx] >> 16);
}
/* Every entry (global or not, parked or not) made under vmid: TLBI
 * VMALLS12E1, VMALLE1 and IPAS2E1 (superset) of that VMID. */
void tlb_flush_vmid(Tlb *t, unsigned mmu_idx_mask, uint16_t vmid);
/* On a miss at va: bring back a parked entry of the current ASID. Returns
 * the array entry (now valid for some access kinds) or NULL. */
TlbEntry *tlb_restore(Tlb *t, unsigned mmu_idx, uint64_t va);

/* Cross-vCPU requests: another thread asks for a flush of mmu_idx_mask
 * (a superset of what its TLBI needs, which the architecture allows);
 * the owner applies it at its next block boundary. */
void tlb_request_flush(Tlb *t, unsigned mmu_idx_mask);
static inline bool tlb_has_requests(Tlb *t)
{
    return __atomic_load_n(&t->pending_flush, __ATOMIC_RELAXED) != 0;
}
/* Apply pending requests (owner thread only). Returns true if any. */
bool tlb_take_requests(Tlb *t);

#endif
