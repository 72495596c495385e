/* SPDX-License-Identifier: MIT */
/*
 * memory.c - the guest physical address space: a sorted array of
 * non-overlapping regions (RAM/ROM backed by anonymous host mappings, MMIO
 * dispatched to device callbacks), physical-address accessors for loaders
 * and slow paths, and the per-page "holds translated code" map.
 *
 * Guest data is little-endian (SCTLR_ELx.EE/E0E = 0 is all we support), and
 * the host is assumed little-endian too, so RAM accesses are plain memcpy.
 */
#include "memory.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

AddressSpace *as_new(void)
{
    return calloc(1, sizeof(AddressSpace));
}

static void region_free(MemRegion *mr)
{
    if (mr->host) {
        munmap(mr->host, mr->size);
    }
    free(mr->code_pages);
    free(mr);
}

void as_free(AddressSpace *as)
{
    if (!as) {
        return;
    }
    for (unsigned i = 0; i < as->nregions; i++) {
        region_free(as->regions[i]);
    }
    free(as->regions);
    free(as);
}

/* Index of the first region whose base is > pa (binary search). */
static unsigned upper_bound(const AddressSpace *as, uint64_t pa)
{
    unsigned lo = 0, hi = as->nregions;
    while (lo < hi) {
        unsigned mid = lo + (hi - lo) / 2;
        if (as->regions[mid]->base <= pa) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo;
}

/* Insert mr keeping the array sorted; false if it overlaps a neighbour. */
static bool as_insert(AddressSpace *as, MemRegion *mr)
{
    uint64_t last = mr->base + mr->size - 1;
    unsigned pos = upper_bound(as, mr->base);
    if (pos > 0) {
        const MemRegion *prev = as->regions[pos - 1];
        if (prev->base + prev->size - 1 >= mr->base) {
            return false;
        }
    }
    if (pos < as->nregions && as->regions[pos]->base <= last) {
        return false;
    }
    MemRegion **n = realloc(as->regions, (as->nregions + 1) * sizeof(*n));
    if (!n) {
        return false;
    }
    as->regions = n;
    memmove(&n[pos + 1], &n[pos], (as->nregions - pos) * sizeof(*n));
    n[pos] = mr;
    as->nregions++;
    return true;
}

static MemRegion *region_new(const char *name, MemRegionKind kind, uint64_t base,
                             uint64_t size)
{
    /* Reject empty regions and ones that wrap the 64-bit space. */
    if (size == 0 || base + size - 1 < base) {
        return NULL;
    }
    MemRegion *mr = calloc(1, sizeof(*mr));
    if (!mr) {
        return NULL;
    }
    mr->name = name;
    mr->kind = kind;
    mr->base = base;
    mr->size = size;
    return mr;
}

static MemRegion *add_backed(AddressSpace *as, const char *name, MemRegionKind kind,
                             uint64_t base, uint64_t size)
{
    /* Backed regions are whole pages so that the TLB can map them. */
    if ((base | size) & (A64_PAGE_SIZE - 1)) {
        return NULL;
    }
    MemRegion *mr = region_new(name, kind, base, size);
    if (!mr) {
        return NULL;
    }
    /* MAP_NORESERVE: a large -m costs nothing until the guest touches it. */
    void *p = mmap(NULL, size, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED) {
        free(mr);
        return NULL;
    }
    mr->host = p;
    if (kind == MR_RAM) {
        mr->code_pages = calloc(size >> A64_PAGE_BITS, 1);
        if (!mr->code_pages) {
            region_free(mr);
            return NULL;
        }
    }
    if (!as_insert(as, mr)) {
        region_free(mr);
        return NULL;
    }
    return mr;
}

MemRegion *as_add_ram(AddressSpace *as, const char *name, uint64_t base, uint64_t size)
{
    return add_backed(as, name, MR_RAM, base, size);
}

MemRegion *as_add_rom(AddressSpace *as, const char *name, uint64_t base, uint64_t size)
{
    return add_backed(as, name, MR_ROM, base, size);
}

MemRegion *as_add_mmio(AddressSpace *as, const char *name, uint64_t base, uint64_t size,
                       const MemRegionOps *ops, void *opaque)
{
    if (!ops) {
        return NULL;
    }
    MemRegion *mr = region_new(name, MR_MMIO, base, size);
    if (!mr) {
        return NULL;
    }
    mr->ops = ops;
    mr->opaque = opaque;
    if (!as_insert(as, mr)) {
        region_free(mr);
        return NULL;
    }
    return mr;
}

MemRegion *as_find(const AddressSpace *as, uint64_t pa)
{
    unsigned pos = upper_bound(as, pa);
    if (pos == 0) {
        return NULL;
    }
    MemRegion *mr = as->regions[pos - 1];
    return pa - mr->base < mr->size ? mr : NULL;
}

/* True if [pa, pa+len) lies inside mr (len >= 1). */
static bool region_covers(const MemRegion *mr, uint64_t pa, uint64_t len)
{
    uint64_t off = pa - mr->base;
    return off < mr->size && len <= mr->size - off;
}

void *as_host_ptr(const AddressSpace *as, uint64_t pa, uint64_t len)
{
    MemRegion *mr = as_find(as, pa);
    if (!mr || !mr->host || !region_covers(mr, pa, len ? len : 1)) {
        return NULL;
    }
    return mr->host + (pa - mr->base);
}

/* ---- code pages ----------------------------------------------------- */

void as_mark_code(AddressSpace *as, uint64_t pa)
{
    MemRegion *mr = as_find(as, pa);
    if (mr && mr->code_pages) {
        mr->code_pages[(pa - mr->base) >> A64_PAGE_BITS] = 1;
    }
}

bool as_page_has_code(const AddressSpace *as, uint64_t pa)
{
    MemRegion *mr = as_find(as, pa);
    return mr && mr->code_pages && mr->code_pages[(pa - mr->base) >> A64_PAGE_BITS];
}

void as_notify_code_write(AddressSpace *as, uint64_t pa)
{
    MemRegion *mr = as_find(as, pa);
    if (mr && mr->code_pages) {
        mr->code_pages[(pa - mr->base) >> A64_PAGE_BITS] = 0;
    }
    if (as->code_write) {
        as->code_write(as->code_write_opaque, pa & A64_PAGE_MASK);
    }
}

/* Invalidate translations of every code page in [pa, pa+len) of RAM mr. */
static void ram_written(AddressSpace *as, MemRegion *mr, uint64_t pa, uint64_t len)
{
    if (!mr->code_pages || len == 0) {
        return;
    }
    uint64_t first = (pa - mr->base) >> A64_PAGE_BITS;
    uint64_t last = (pa + len - 1 - mr->base) >> A64_PAGE_BITS;
    for (uint64_t p = first; p <= last; p++) {
        if (mr->code_pages[p]) {
            as_notify_code_write(as, mr->base + (p << A64_PAGE_BITS));
        }
    }
}

/* ---- sized accesses --------------------------------------------------- */

static bool mmio_size_ok(const MemRegion *mr, unsigned size)
{
    unsigned min = mr->ops->min_access ? mr->ops->min_access : 1;
    unsigned max = mr->ops->max_access ? mr->ops->max_access : 8;
    return size >= min && size <= max;
}

bool as_read_n(AddressSpace *as, uint64_t pa, unsigned size, uint64_t *value)
{
    MemRegion *mr = as_find(as, pa);
    *value = 0;
    if (!mr || (size != 1 && size != 2 && size != 4 && size != 8) ||
        !region_covers(mr, pa, size)) {
        return false;
    }
    if (mr->kind == MR_MMIO) {
        if (!mmio_size_ok(mr, size) || !mr->ops->read) {
            return false;
        }
        uint64_t v = 0;
        if (!mr->ops->read(mr->opaque, pa - mr->base, size, &v)) {
            return false;
        }
        *value = size == 8 ? v : v & ((1ull << (size * 8)) - 1);
        return true;
    }
    uint64_t v = 0;
    memcpy(&v, mr->host + (pa - mr->base), size);
    *value = v;
    return true;
}

bool as_write_n(AddressSpace *as, uint64_t pa, unsigned size, uint64_t value)
{
    MemRegion *mr = as_find(as, pa);
    if (!mr || (size != 1 && size != 2 && size != 4 && size != 8) ||
        !region_covers(mr, pa, size)) {
        return false;
    }
    switch (mr->kind) {
    case MR_MMIO:
        if (!mmio_size_ok(mr, size) || !mr->ops->write) {
            return false;
        }
        if (size < 8) {
            value &= (1ull << (size * 8)) - 1;
        }
        return mr->ops->write(mr->opaque, pa - mr->base, size, value);
    case MR_ROM:
        return true; /* flash in read-array mode: writes are dropped */
    case MR_RAM:
        ram_written(as, mr, pa, size);
        memcpy(mr->host + (pa - mr->base), &value, size);
        return true;
    }
    return false;
}

/* Byte-buffer access over possibly several regions. MMIO is accessed in
 * units of the device's minimum access size (aligned). */
static bool as_rw(AddressSpace *as, uint64_t pa, uint8_t *buf, size_t len, bool write,
                  bool loader)
{
    while (len > 0) {
        MemRegion *mr = as_find(as, pa);
        if (!mr) {
            return false;
        }
        uint64_t avail = mr->size - (pa - mr->base);
        size_t chunk = len < avail ? len : (size_t)avail;
        if (mr->kind == MR_MMIO) {
            if (loader) {
                return false;
            }
            unsigned unit = mr->ops->min_access ? mr->ops->min_access : 1;
            if ((pa & (unit - 1)) || chunk < unit) {
                return false;
            }
            chunk = unit;
            uint64_t v = 0;
            if (write) {
                memcpy(&v, buf, unit);
                if (!as_write_n(as, pa, unit, v)) {
                    return false;
                }
            } else {
                if (!as_read_n(as, pa, unit, &v)) {
                    return false;
                }
                memcpy(buf, &v, unit);
            }
        } else if (write) {
            if (mr->kind == MR_RAM) {
                ram_written(as, mr, pa, chunk);
                memcpy(mr->host + (pa - mr->base), buf, chunk);
            } else if (loader) {
                memcpy(mr->host + (pa - mr->base), buf, chunk);
            }
        } else {
            memcpy(buf, mr->host + (pa - mr->base), chunk);
        }
        pa += chunk;
        buf += chunk;
        len -= chunk;
        if (len > 0 && pa == 0) {
            return false; /* wrapped around the address space */
        }
    }
    return true;
}

bool as_read(AddressSpace *as, uint64_t pa, void *buf, size_t len)
{
    return as_rw(as, pa, buf, len, false, false);
}

bool as_write(AddressSpace *as, uint64_t pa, const void *buf, size_t len)
{
    return as_rw(as, pa, (uint8_t *)buf, len, true, false);
}

bool as_load_image(AddressSpace *as, uint64_t pa, const void *buf, size_t len)
{
    return as_rw(as, pa, (uint8_t *)buf, len, true, true);
}
