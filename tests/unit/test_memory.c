/* SPDX-License-Identifier: MIT */
/*
 * test_memory.c - the physical address space (region lookup, overlap
 * rejection, accesses across regions, ROM, MMIO dispatch, code pages), the
 * soft TLB (fill, hit, flush) and the kernel loader (ELF/raw placement,
 * malformed images never crash).
 */
#include <check.h>
#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "devices/loader.h"
#include "mmu/memory.h"
#include "mmu/tlb.h"

/* ---- a fake device ------------------------------------------------------ */

typedef struct FakeDev {
    uint64_t last_off;
    unsigned last_size;
    uint64_t last_val;
    unsigned nreads, nwrites;
    bool fail;
} FakeDev;

static bool fake_read(void *opaque, uint64_t off, unsigned size, uint64_t *v)
{
    FakeDev *d = opaque;
    d->last_off = off;
    d->last_size = size;
    d->nreads++;
    *v = 0x1122334455667788ull;
    return !d->fail;
}

static bool fake_write(void *opaque, uint64_t off, unsigned size, uint64_t v)
{
    FakeDev *d = opaque;
    d->last_off = off;
    d->last_size = size;
    d->last_val = v;
    d->nwrites++;
    return !d->fail;
}

static const MemRegionOps fake_ops = {
    .read = fake_read, .write = fake_write, .min_access = 2, .max_access = 4,
};

/* ---- address space ------------------------------------------------------- */

START_TEST(test_overlap_rejected)
{
    AddressSpace *as = as_new();
    ck_assert_ptr_nonnull(as_add_ram(as, "a", 0x10000, 0x10000));
    ck_assert_ptr_null(as_add_ram(as, "b", 0x18000, 0x10000));  /* overlaps end */
    ck_assert_ptr_null(as_add_ram(as, "c", 0x8000, 0x9000));    /* overlaps start */
    ck_assert_ptr_null(as_add_rom(as, "d", 0x10000, 0x1000));   /* same base */
    ck_assert_ptr_null(as_add_ram(as, "e", 0x0, 0x100000));     /* covers it */
    ck_assert_ptr_null(as_add_ram(as, "f", 0x21000, 0));        /* empty */
    ck_assert_ptr_null(as_add_ram(as, "g", 0x21800, 0x1000));   /* unaligned RAM */
    FakeDev d = { 0 };
    ck_assert_ptr_null(as_add_mmio(as, "h", 0x1ffff, 2, &fake_ops, &d));
    ck_assert_ptr_null(as_add_mmio(as, "w", UINT64_MAX - 10, 100, &fake_ops, &d)); /* wraps */
    /* adjacent regions are fine, inserted out of order */
    ck_assert_ptr_nonnull(as_add_ram(as, "hi", 0x20000, 0x1000));
    ck_assert_ptr_nonnull(as_add_rom(as, "lo", 0x0, 0x10000));
    ck_assert_ptr_nonnull(as_add_mmio(as, "dev", 0x30000, 0x100, &fake_ops, &d));
    ck_assert_uint_eq(as->nregions, 4);
    for (unsigned i = 1; i < as->nregions; i++) {
        ck_assert(as->regions[i - 1]->base < as->regions[i]->base);
    }
    as_free(as);
}
END_TEST

START_TEST(test_find)
{
    AddressSpace *as = as_new();
    MemRegion *rom = as_add_rom(as, "rom", 0, 0x2000);
    MemRegion *ram = as_add_ram(as, "ram", 0x40000000, 0x100000);
    ck_assert_ptr_eq(as_find(as, 0), rom);
    ck_assert_ptr_eq(as_find(as, 0x1fff), rom);
    ck_assert_ptr_null(as_find(as, 0x2000));
    ck_assert_ptr_null(as_find(as, 0x3fffffff));
    ck_assert_ptr_eq(as_find(as, 0x40000000), ram);
    ck_assert_ptr_eq(as_find(as, 0x400fffff), ram);
    ck_assert_ptr_null(as_find(as, 0x40100000));
    ck_assert_ptr_null(as_find(as, UINT64_MAX));
    ck_assert_ptr_eq(as_host_ptr(as, 0x40000010, 16), ram->host + 0x10);
    ck_assert_ptr_null(as_host_ptr(as, 0x400ffff8, 16)); /* runs off the end */
    ck_assert_ptr_null(as_host_ptr(as, 0x2000, 1));
    as_free(as);
}
END_TEST

START_TEST(test_rw_across_regions)
{
    AddressSpace *as = as_new();
    as_add_ram(as, "r1", 0x1000, 0x1000);
    as_add_ram(as, "r2", 0x2000, 0x1000);
    uint8_t buf[64], out[64];
    for (unsigned i = 0; i < sizeof(buf); i++) {
        buf[i] = (uint8_t)(i * 7 + 1);
    }
    /* spans r1 -> r2 */
    ck_assert(as_write(as, 0x1fe0, buf, sizeof(buf)));
    memset(out, 0, sizeof(out));
    ck_assert(as_read(as, 0x1fe0, out, sizeof(out)));
    ck_assert_mem_eq(buf, out, sizeof(buf));
    /* sized accesses, little-endian */
    uint64_t v;
    ck_assert(as_write_n(as, 0x1100, 8, 0x0102030405060708ull));
    ck_assert(as_read_n(as, 0x1100, 1, &v));
    ck_assert_uint_eq(v, 0x08);
    ck_assert(as_read_n(as, 0x1102, 2, &v));
    ck_assert_uint_eq(v, 0x0506);
    ck_assert(as_read_n(as, 0x1100, 8, &v));
    ck_assert_uint_eq(v, 0x0102030405060708ull);
    /* a sized access may not cross a region boundary; bad sizes fail */
    ck_assert(!as_read_n(as, 0x1ffc, 8, &v));
    ck_assert(!as_read_n(as, 0x1100, 3, &v));
    /* running into unbacked space fails */
    ck_assert(!as_read(as, 0x2ff0, out, 32));
    ck_assert(!as_write_n(as, 0x3000, 4, 1));
    ck_assert(!as_read_n(as, 0x0, 4, &v));
    as_free(as);
}
END_TEST

START_TEST(test_rom)
{
    AddressSpace *as = as_new();
    as_add_rom(as, "rom", 0, 0x1000);
    uint64_t v;
    ck_assert(as_write_n(as, 0x10, 4, 0xdeadbeef));   /* accepted, dropped */
    ck_assert(as_read_n(as, 0x10, 4, &v));
    ck_assert_uint_eq(v, 0);
    uint32_t w = 0xcafef00d;
    ck_assert(as_load_image(as, 0x10, &w, 4));        /* loaders may write */
    ck_assert(as_read_n(as, 0x10, 4, &v));
    ck_assert_uint_eq(v, 0xcafef00d);
    as_free(as);
}
END_TEST

START_TEST(test_mmio_dispatch)
{
    AddressSpace *as = as_new();
    FakeDev d = { 0 };
    as_add_mmio(as, "dev", 0x9000000, 0x1000, &fake_ops, &d);
    uint64_t v;
    ck_assert(as_read_n(as, 0x9000010, 4, &v));
    ck_assert_uint_eq(d.last_off, 0x10);
    ck_assert_uint_eq(d.last_size, 4);
    ck_assert_uint_eq(v, 0x55667788);            /* truncated to the size */
    ck_assert(as_write_n(as, 0x9000020, 2, 0xabcdef));
    ck_assert_uint_eq(d.last_off, 0x20);
    ck_assert_uint_eq(d.last_val, 0xcdef);
    /* sizes outside [min, max] are refused without calling the device */
    unsigned n = d.nreads;
    ck_assert(!as_read_n(as, 0x9000010, 1, &v));
    ck_assert(!as_read_n(as, 0x9000010, 8, &v));
    ck_assert_uint_eq(d.nreads, n);
    /* device errors propagate */
    d.fail = true;
    ck_assert(!as_read_n(as, 0x9000010, 4, &v));
    ck_assert(!as_write_n(as, 0x9000010, 4, 0));
    d.fail = false;
    /* loaders may not write devices */
    uint32_t w = 1;
    ck_assert(!as_load_image(as, 0x9000000, &w, 4));
    as_free(as);
}
END_TEST

static unsigned code_writes;
static uint64_t code_write_page;

static void on_code_write(void *opaque, uint64_t pa_page)
{
    (void)opaque;
    code_writes++;
    code_write_page = pa_page;
}

START_TEST(test_code_pages)
{
    AddressSpace *as = as_new();
    as_add_ram(as, "ram", 0x40000000, 0x10000);
    as_add_rom(as, "rom", 0, 0x1000);
    as->code_write = on_code_write;
    code_writes = 0;
    ck_assert(!as_page_has_code(as, 0x40003000));
    as_mark_code(as, 0x40003123);
    ck_assert(as_page_has_code(as, 0x40003000));
    ck_assert(as_page_has_code(as, 0x40003fff));
    ck_assert(!as_page_has_code(as, 0x40004000));
    as_mark_code(as, 0x10);                       /* ROM: not tracked */
    ck_assert(!as_page_has_code(as, 0x10));
    /* a write elsewhere does nothing, a write into the page notifies once */
    ck_assert(as_write_n(as, 0x40002ffc, 4, 1));
    ck_assert_uint_eq(code_writes, 0);
    uint8_t buf[8] = { 0 };
    ck_assert(as_write(as, 0x40002ffc, buf, 8));  /* spans into the code page */
    ck_assert_uint_eq(code_writes, 1);
    ck_assert_uint_eq(code_write_page, 0x40003000);
    ck_assert(!as_page_has_code(as, 0x40003000));
    ck_assert(as_write_n(as, 0x40003000, 4, 1));
    ck_assert_uint_eq(code_writes, 1);
    as_mark_code(as, 0x40005000);
    as_notify_code_write(as, 0x40005678);
    ck_assert_uint_eq(code_writes, 2);
    ck_assert_uint_eq(code_write_page, 0x40005000);
    ck_assert(!as_page_has_code(as, 0x40005000));
    as_free(as);
}
END_TEST

/* ---- TLB ------------------------------------------------------------------- */

static Tlb *new_tlb(void)
{
    Tlb *t = malloc(sizeof(Tlb));
    tlb_flush_all(t);
    return t;
}

START_TEST(test_tlb_set_hit)
{
    Tlb *t = new_tlb();
    static uint8_t page[2 * 4096] __attribute__((aligned(4096)));
    uint64_t va = 0xffff000012345000ull;
    /* nothing hits after a flush, not even the page of all-ones */
    for (unsigned i = 0; i < TLB_MMU_IDX_COUNT; i++) {
        TlbEntry *e = tlb_entry(t, i, va);
        ck_assert(!tlb_hit(e->tag_read, va, 1));
        ck_assert(!tlb_hit(e->tag_read, 0xfffffffffffff000ull, 1));
        ck_assert(!tlb_hit(e->tag_read, 0, 1));
    }
    tlb_set(t, 1, va + 0x10, 0x40001000, page, TLB_PROT_R | TLB_PROT_W | TLB_PROT_X, 0, 0);
    TlbEntry *e = tlb_entry(t, 1, va + 0x800);
    ck_assert(tlb_hit(e->tag_read, va + 0x800, 8));
    ck_assert(tlb_hit(e->tag_write, va + 0x800, 8));
    ck_assert(tlb_hit(e->tag_code, va, 4));
    ck_assert(!tlb_hit(e->tag_read, va + 0xffc, 8));     /* crosses the page */
    ck_assert(tlb_hit(e->tag_read, va + 0xff8, 8));
    ck_assert(!tlb_hit(e->tag_read, va + 0x1000, 1));    /* next page */
    ck_assert_ptr_eq((void *)(uintptr_t)(va + 0x123 + e->addend), page + 0x123);
    ck_assert_uint_eq(e->pa_page, 0x40001000);
    /* other MMU indexes are separate */
    ck_assert(!tlb_hit(tlb_entry(t, 0, va)->tag_read, va, 1));

    /* read-only, code page (notdirty) and MMIO entries miss the fast path
     * for the kinds that need the slow path */
    tlb_set(t, 2, va, 0x40001000, page, TLB_PROT_R, 0, 0);
    e = tlb_entry(t, 2, va);
    ck_assert(tlb_hit(e->tag_read, va, 4));
    ck_assert(!tlb_hit(e->tag_write, va, 4));
    ck_assert(!tlb_hit(e->tag_code, va, 4));
    tlb_set(t, 3, va, 0x40001000, page, TLB_PROT_R | TLB_PROT_W, 1, 0);
    e = tlb_entry(t, 3, va);
    ck_assert(tlb_hit(e->tag_read, va, 4));
    ck_assert(!tlb_hit(e->tag_write, va, 4));
    ck_assert(e->tag_write & TLB_NOTDIRTY);
    tlb_set(t, 4, va, 0x09000000, NULL, TLB_PROT_R | TLB_PROT_W, 0, 0);
    e = tlb_entry(t, 4, va);
    ck_assert(!tlb_hit(e->tag_read, va, 4));
    ck_assert(e->tag_read & TLB_MMIO);
    ck_assert(e->tag_write & TLB_MMIO);
    free(t);
}
END_TEST

START_TEST(test_tlb_flush)
{
    Tlb *t = new_tlb();
    static uint8_t page[4096] __attribute__((aligned(4096)));
    unsigned rwx = TLB_PROT_R | TLB_PROT_W | TLB_PROT_X;
    tlb_set(t, 0, 0x1000, 0x40000000, page, rwx, 0, 0);
    tlb_set(t, 1, 0x1000, 0x40000000, page, rwx, 0, 0);
    tlb_set(t, 1, 0x2000, 0x40001000, page, rwx, 0, 0);
    tlb_flush_page(t, 1u << 1, 0x1abc);
    ck_assert(!tlb_hit(tlb_entry(t, 1, 0x1000)->tag_read, 0x1000, 1));
    ck_assert(tlb_hit(tlb_entry(t, 0, 0x1000)->tag_read, 0x1000, 1));
    ck_assert(tlb_hit(tlb_entry(t, 1, 0x2000)->tag_read, 0x2000, 1));
    /* flushing a page that aliases the slot but differs leaves it alone */
    tlb_flush_page(t, 1u << 0, 0x1000 + ((uint64_t)TLB_SIZE << 12));
    ck_assert(tlb_hit(tlb_entry(t, 0, 0x1000)->tag_read, 0x1000, 1));

    /* a page becoming code loses its plain write entries only */
    tlb_flush_phys_write(t, 0x40001000);
    ck_assert(!tlb_hit(tlb_entry(t, 1, 0x2000)->tag_write, 0x2000, 1));
    ck_assert(tlb_hit(tlb_entry(t, 1, 0x2000)->tag_read, 0x2000, 1));
    ck_assert(tlb_hit(tlb_entry(t, 0, 0x1000)->tag_write, 0x1000, 1));

    tlb_flush_idx(t, 1u << 1);
    ck_assert(!tlb_hit(tlb_entry(t, 1, 0x2000)->tag_read, 0x2000, 1));
    ck_assert(tlb_hit(tlb_entry(t, 0, 0x1000)->tag_read, 0x1000, 1));
    tlb_flush_all(t);
    ck_assert(!tlb_hit(tlb_entry(t, 0, 0x1000)->tag_read, 0x1000, 1));
    free(t);
}
END_TEST

/* ---- loader ----------------------------------------------------------------- */

#define RAM_BASE 0x40000000ull
#define RAM_SIZE (16ull << 20)

static AddressSpace *board(void)
{
    AddressSpace *as = as_new();
    as_add_rom(as, "flash", 0, 0x8000000);
    as_add_ram(as, "ram", RAM_BASE, RAM_SIZE);
    return as;
}

/* A minimal ELF64 AArch64 executable: one text segment with filesz 8 and
 * memsz 0x100 (bss) at paddr, linked at vaddr. */
static size_t make_elf(uint8_t *buf, uint64_t vaddr, uint64_t paddr, uint64_t entry)
{
    memset(buf, 0, 256);
    Elf64_Ehdr eh = { 0 };
    memcpy(eh.e_ident, ELFMAG, SELFMAG);
    eh.e_ident[EI_CLASS] = ELFCLASS64;
    eh.e_ident[EI_DATA] = ELFDATA2LSB;
    eh.e_ident[EI_VERSION] = EV_CURRENT;
    eh.e_type = ET_EXEC;
    eh.e_machine = EM_AARCH64;
    eh.e_version = EV_CURRENT;
    eh.e_entry = entry;
    eh.e_phoff = sizeof(Elf64_Ehdr);
    eh.e_ehsize = sizeof(Elf64_Ehdr);
    eh.e_phentsize = sizeof(Elf64_Phdr);
    eh.e_phnum = 1;
    Elf64_Phdr ph = { 0 };
    ph.p_type = PT_LOAD;
    ph.p_flags = PF_R | PF_X;
    ph.p_offset = 0x100;
    ph.p_vaddr = vaddr;
    ph.p_paddr = paddr;
    ph.p_filesz = 8;
    ph.p_memsz = 0x100;
    memcpy(buf, &eh, sizeof(eh));
    memcpy(buf + sizeof(eh), &ph, sizeof(ph));
    const uint8_t code[8] = { 0x1f, 0x20, 0x03, 0xd5, 0x00, 0x00, 0x00, 0x14 };
    memcpy(buf + 0x100, code, 8);
    return 0x108;
}

START_TEST(test_loader_elf)
{
    AddressSpace *as = board();
    uint8_t buf[512];
    size_t n = make_elf(buf, RAM_BASE + 0x1000, RAM_BASE + 0x1000, RAM_BASE + 0x1004);
    /* pre-dirty the bss to see it cleared */
    uint8_t ff[0x100];
    memset(ff, 0xff, sizeof(ff));
    as_write(as, RAM_BASE + 0x1000, ff, sizeof(ff));
    KernelInfo ki;
    ck_assert(loader_load_buffer(as, "t", buf, n, RAM_BASE, RAM_SIZE, 0, &ki));
    ck_assert(!ki.is_linux);
    ck_assert_uint_eq(ki.entry, RAM_BASE + 0x1004);
    uint64_t v;
    as_read_n(as, RAM_BASE + 0x1000, 4, &v);
    ck_assert_uint_eq(v, 0xd503201f);
    as_read_n(as, RAM_BASE + 0x10f8, 8, &v);
    ck_assert_uint_eq(v, 0);
    /* vaddr != paddr: the entry moves to the physical copy */
    n = make_elf(buf, 0xffff000000001000ull, RAM_BASE + 0x2000, 0xffff000000001004ull);
    ck_assert(loader_load_buffer(as, "t", buf, n, RAM_BASE, RAM_SIZE, 0, &ki));
    ck_assert_uint_eq(ki.entry, RAM_BASE + 0x2004);
    /* flash is a valid target */
    n = make_elf(buf, 0x1000, 0x1000, 0x1000);
    ck_assert(loader_load_buffer(as, "t", buf, n, RAM_BASE, RAM_SIZE, 0, &ki));
    as_read_n(as, 0x1000, 4, &v);
    ck_assert_uint_eq(v, 0xd503201f);
    as_free(as);
}
END_TEST

START_TEST(test_loader_rejects)
{
    AddressSpace *as = board();
    uint8_t buf[512];
    KernelInfo ki;
    FILE *saved = stderr;
    stderr = fopen("/dev/null", "w");
    size_t n = make_elf(buf, 0x20000000, 0x20000000, 0x20000000); /* hole */
    ck_assert(!loader_load_buffer(as, "t", buf, n, RAM_BASE, RAM_SIZE, 0, &ki));
    n = make_elf(buf, 0x9000000, 0x9000000, 0x9000000);           /* MMIO */
    ck_assert(!loader_load_buffer(as, "t", buf, n, RAM_BASE, RAM_SIZE, 0, &ki));
    n = make_elf(buf, RAM_BASE + RAM_SIZE - 0x80, RAM_BASE + RAM_SIZE - 0x80, 0); /* runs off */
    ck_assert(!loader_load_buffer(as, "t", buf, n, RAM_BASE, RAM_SIZE, 0, &ki));
    n = make_elf(buf, RAM_BASE, RAM_BASE, RAM_BASE);
    buf[EI_CLASS] = ELFCLASS32;
    ck_assert(!loader_load_buffer(as, "t", buf, n, RAM_BASE, RAM_SIZE, 0, &ki));
    n = make_elf(buf, RAM_BASE, RAM_BASE, RAM_BASE);
    buf[offsetof(Elf64_Ehdr, e_machine)] = EM_X86_64;
    ck_assert(!loader_load_buffer(as, "t", buf, n, RAM_BASE, RAM_SIZE, 0, &ki));
    n = make_elf(buf, RAM_BASE, RAM_BASE, RAM_BASE);
    ck_assert(!loader_load_buffer(as, "t", buf, 0x104, RAM_BASE, RAM_SIZE, 0, &ki)); /* truncated */
    ck_assert(!loader_load_buffer(as, "t", buf, 40, RAM_BASE, RAM_SIZE, 0, &ki));
    ck_assert(!loader_load_buffer(as, "t", buf, 0, RAM_BASE, RAM_SIZE, 0, &ki));   /* empty */

    /* fuzz: random corruption and truncation never crash */
    srand(1234);
    for (unsigned iter = 0; iter < 20000; iter++) {
        n = make_elf(buf, RAM_BASE, RAM_BASE, RAM_BASE);
        unsigned flips = 1 + rand() % 8;
        for (unsigned k = 0; k < flips; k++) {
            unsigned pos = rand() % 0x108;
            if (rand() & 1) {
                buf[pos] ^= (uint8_t)(1u << (rand() % 8));
            } else {
                buf[pos] = (uint8_t)rand();
            }
        }
        size_t len = (rand() % 4) ? n : (size_t)(rand() % (n + 1));
        loader_load_buffer(as, "fuzz", buf, len, RAM_BASE, RAM_SIZE, 0, &ki);
    }
    fclose(stderr);
    stderr = saved;
    as_free(as);
}
END_TEST

START_TEST(test_loader_raw)
{
    AddressSpace *as = board();
    uint8_t img[128];
    memset(img, 0, sizeof(img));
    img[0] = 0xaa;
    KernelInfo ki;
    ck_assert(loader_load_buffer(as, "raw", img, sizeof(img), RAM_BASE, RAM_SIZE, 0x48000000,
                                 &ki));
    ck_assert(ki.is_linux);
    ck_assert_uint_eq(ki.entry, RAM_BASE);
    ck_assert_uint_eq(ki.kernel_entry, RAM_BASE + 0x80000);
    uint64_t v;
    as_read_n(as, RAM_BASE + 0x80000, 1, &v);
    ck_assert_uint_eq(v, 0xaa);
    as_read_n(as, RAM_BASE, 4, &v);
    ck_assert_uint_eq(v, 0x580000c0);             /* ldr x0, dtb */
    as_read_n(as, RAM_BASE + 24, 8, &v);
    ck_assert_uint_eq(v, 0x48000000);
    as_read_n(as, RAM_BASE + 32, 8, &v);
    ck_assert_uint_eq(v, RAM_BASE + 0x80000);

    /* arm64 Image header: text_offset honoured when image_size != 0 */
    memcpy(img + 56, "ARM\x64", 4);
    uint64_t text_offset = 0x200000, image_size = 0x1000;
    memcpy(img + 8, &text_offset, 8);
    memcpy(img + 16, &image_size, 8);
    ck_assert(loader_load_buffer(as, "Image", img, sizeof(img), RAM_BASE, RAM_SIZE, 0, &ki));
    ck_assert_uint_eq(ki.kernel_entry, RAM_BASE + 0x200000);
    text_offset = 0;                              /* would hit the stub: +2 MiB */
    memcpy(img + 8, &text_offset, 8);
    ck_assert(loader_load_buffer(as, "Image", img, sizeof(img), RAM_BASE, RAM_SIZE, 0, &ki));
    ck_assert_uint_eq(ki.kernel_entry, RAM_BASE + 0x200000);
    image_size = 0;                               /* old kernels: 0x80000 */
    memcpy(img + 16, &image_size, 8);
    text_offset = 0x300000;
    memcpy(img + 8, &text_offset, 8);
    ck_assert(loader_load_buffer(as, "Image", img, sizeof(img), RAM_BASE, RAM_SIZE, 0, &ki));
    ck_assert_uint_eq(ki.kernel_entry, RAM_BASE + 0x80000);
    /* text_offset beyond RAM */
    image_size = 1;
    text_offset = RAM_SIZE;
    memcpy(img + 16, &image_size, 8);
    memcpy(img + 8, &text_offset, 8);
    FILE *saved = stderr;
    stderr = fopen("/dev/null", "w");
    ck_assert(!loader_load_buffer(as, "Image", img, sizeof(img), RAM_BASE, RAM_SIZE, 0, &ki));
    fclose(stderr);
    stderr = saved;
    as_free(as);
}
END_TEST

static Suite *memory_suite(void)
{
    Suite *s = suite_create("memory");
    TCase *tc = tcase_create("address_space");
    tcase_add_test(tc, test_overlap_rejected);
    tcase_add_test(tc, test_find);
    tcase_add_test(tc, test_rw_across_regions);
    tcase_add_test(tc, test_rom);
    tcase_add_test(tc, test_mmio_dispatch);
    tcase_add_test(tc, test_code_pages);
    suite_add_tcase(s, tc);
    tc = tcase_create("tlb");
    tcase_add_test(tc, test_tlb_set_hit);
    tcase_add_test(tc, test_tlb_flush);
    suite_add_tcase(s, tc);
    tc = tcase_create("loader");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_loader_elf);
    tcase_add_test(tc, test_loader_rejects);
    tcase_add_test(tc, test_loader_raw);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(memory_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
