/* SPDX-License-Identifier: MIT */
/*
 * memory.h - the guest physical address space: RAM, ROM/flash and MMIO
 * regions, plus the per-page "holds translated code" map that lets stores
 * to code pages invalidate translations.
 *
 * Devices see accesses as (offset, size, value) with explicit little-endian
 * semantics; a region declares the access sizes it accepts and anything
 * else is turned into a guest external abort by the caller, never a crash.
 */
#ifndef A64EMU_MEMORY_H
#define A64EMU_MEMORY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define A64_PAGE_BITS 12
#define A64_PAGE_SIZE (1ull << A64_PAGE_BITS)
#define A64_PAGE_MASK (~(A64_PAGE_SIZE - 1))

typedef struct MemRegionOps {
    /* Return false for an access the device rejects (becomes an external
     * abort for the guest). offset is relative to the region base. */
    bool (*read)(void *opaque, uint64_t offset, unsigned size, uint64_t *value);
    bool (*write)(void *opaque, uint64_t offset, unsigned size, uint64_t value);
    unsigned min_access; /* bytes; 0 means 1 */
    unsigned max_access; /* bytes; 0 means 8 */
} MemRegionOps;

typedef enum MemRegionKind { MR_RAM, MR_ROM, MR_MMIO } MemRegionKind;

typedef struct MemRegion {
    const char *name;
    MemRegionKind kind;
    uint64_t base, size;
    uint8_t *host;             /* RAM/ROM backing, NULL for MMIO */
    const MemRegionOps *ops;   /* MMIO only */
    void *opaque;
    uint8_t *code_pages;       /* RAM: one byte per page, nonzero = has translated code */
} MemRegion;

typedef void (*CodeWriteFn)(void *opaque, uint64_t pa_page);

typedef struct AddressSpace {
    MemRegion **regions;       /* sorted by base, non-overlapping */
    unsigned nregions;
    CodeWriteFn code_write;    /* called when a store hits a code page */
    void *code_write_opaque;
} AddressSpace;

AddressSpace *as_new(void);
void as_free(AddressSpace *as);
/* Add regions. Return NULL (and print nothing) if it overlaps another. */
MemRegion *as_add_ram(AddressSpace *as, const char *name, uint64_t base, uint64_t size);
MemRegion *as_add_rom(AddressSpace *as, const char *name, uint64_t base, uint64_t size);
MemRegion *as_add_mmio(AddressSpace *as, const char *name, uint64_t base, uint64_t size,
                       const MemRegionOps *ops, void *opaque);
/* The region containing pa, or NULL. */
MemRegion *as_find(const AddressSpace *as, uint64_t pa);
/* Host pointer for [pa, pa+len) if it lies in one RAM/ROM region, else NULL. */
void *as_host_ptr(const AddressSpace *as, uint64_t pa, uint64_t len);

/* Accesses by physical address (loaders, DMA, page-table walks, slow
 * paths). size 1/2/4/8 for the _n forms. Return false on an unbacked
 * address or a device error. Writes to ROM are ignored by as_write_n but
 * allowed by as_load_image (used by loaders). */
bool as_read_n(AddressSpace *as, uint64_t pa, unsigned size, uint64_t *value);
bool as_write_n(AddressSpace *as, uint64_t pa, unsigned size, uint64_t value);
bool as_read(AddressSpace *as, uint64_t pa, void *buf, size_t len);
bool as_write(AddressSpace *as, uint64_t pa, const void *buf, size_t len);
bool as_load_image(AddressSpace *as, uint64_t pa, const void *buf, size_t len);

/* Code-page tracking for self-modifying code. */
void as_mark_code(AddressSpace *as, uint64_t pa);
bool as_page_has_code(const AddressSpace *as, uint64_t pa);
/* Called by the store slow path before writing a code page: clears the
 * mark and calls as->code_write. */
void as_notify_code_write(AddressSpace *as, uint64_t pa);

#endif
