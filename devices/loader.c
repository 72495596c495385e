/* SPDX-License-Identifier: MIT */
/*
 * loader.c - -kernel loading (ELF64 AArch64, raw binary, arm64 Image), see
 * loader.h for the rules, which follow QEMU's hw/arm/boot.c. Every field
 * of the file is bounds-checked before use: a malformed image gets one
 * line of error, never a crash.
 */
#include "loader.h"

#include <elf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

/* Bigger files are refused outright (RAM cannot hold them anyway). */
#define LOADER_MAX_FILE (2ull << 30)
/* A gzip'd Image may inflate to at most this (QEMU's
 * LOAD_IMAGE_MAX_GUNZIP_BYTES). */
#define LOADER_MAX_GUNZIP (256ull << 20)

/* arm64 Image header (Linux Documentation/arch/arm64/booting.rst). */
#define ARM64_TEXT_OFFSET_OFF 8
#define ARM64_IMAGE_SIZE_OFF 16
#define ARM64_MAGIC_OFF 56
#define BOOTLOADER_MAX_SIZE 0x1000ull

static bool fail(const char *name, const char *why)
{
    fprintf(stderr, "a64emu: -kernel %s: %s\n", name, why);
    return false;
}

static uint16_t rd16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }
static uint32_t rd32(const uint8_t *p) { return rd16(p) | (uint32_t)rd16(p + 2) << 16; }
static uint64_t rd64(const uint8_t *p) { return rd32(p) | (uint64_t)rd32(p + 4) << 32; }

/* [pa, pa+len) within one RAM or ROM region. */
static bool range_loadable(AddressSpace *as, uint64_t pa, uint64_t len)
{
    if (len == 0) {
        return true;
    }
    if (pa + len - 1 < pa) {
        return false;
    }
    MemRegion *mr = as_find(as, pa);
    return mr && mr->kind != MR_MMIO && pa + len - 1 - mr->base < mr->size;
}

static bool load_elf(AddressSpace *as, const char *name, const uint8_t *buf, size_t len,
                     KernelInfo *ki)
{
    if (len < sizeof(Elf64_Ehdr) && !(len > EI_CLASS && buf[EI_CLASS] == ELFCLASS32)) {
        return fail(name, "truncated ELF header");
    }
    if (buf[EI_CLASS] == ELFCLASS32) {
        return fail(name, "32-bit ELF image: only ELF64 AArch64 kernels are supported");
    }
    if (buf[EI_CLASS] != ELFCLASS64) {
        return fail(name, "bad ELF class");
    }
    if (buf[EI_DATA] != ELFDATA2LSB) {
        return fail(name, "big-endian ELF image: only little-endian is supported");
    }
    uint16_t type = rd16(buf + offsetof(Elf64_Ehdr, e_type));
    uint16_t machine = rd16(buf + offsetof(Elf64_Ehdr, e_machine));
    if (machine != EM_AARCH64) {
        char msg[96];
        snprintf(msg, sizeof(msg), "ELF machine %u is not AArch64 (%u)", machine, EM_AARCH64);
        return fail(name, msg);
    }
    if (type != ET_EXEC && type != ET_DYN) {
        return fail(name, "ELF image is not an executable");
    }
    uint64_t entry = rd64(buf + offsetof(Elf64_Ehdr, e_entry));
    uint64_t phoff = rd64(buf + offsetof(Elf64_Ehdr, e_phoff));
    uint16_t phentsize = rd16(buf + offsetof(Elf64_Ehdr, e_phentsize));
    uint16_t phnum = rd16(buf + offsetof(Elf64_Ehdr, e_phnum));
    if (phnum == 0) {
        return fail(name, "ELF image has no program headers");
    }
    if (phentsize < sizeof(Elf64_Phdr) || phoff > len ||
        (uint64_t)phentsize * phnum > len - phoff) {
        return fail(name, "ELF program headers outside the file");
    }

    /* Validate every segment before writing anything. */
    unsigned nload = 0;
    uint64_t low = UINT64_MAX, high = 0;
    uint64_t start = entry;
    for (unsigned i = 0; i < phnum; i++) {
        const uint8_t *ph = buf + phoff + (uint64_t)i * phentsize;
        if (rd32(ph + offsetof(Elf64_Phdr, p_type)) != PT_LOAD) {
            continue;
        }
        uint32_t flags = rd32(ph + offsetof(Elf64_Phdr, p_flags));
        uint64_t off = rd64(ph + offsetof(Elf64_Phdr, p_offset));
        uint64_t vaddr = rd64(ph + offsetof(Elf64_Phdr, p_vaddr));
        uint64_t paddr = rd64(ph + offsetof(Elf64_Phdr, p_paddr));
        uint64_t filesz = rd64(ph + offsetof(Elf64_Phdr, p_filesz));
        uint64_t memsz = rd64(ph + offsetof(Elf64_Phdr, p_memsz));
        if (filesz > memsz) {
            return fail(name, "ELF segment with p_filesz > p_memsz");
        }
        if (off > len || filesz > len - off) {
            return fail(name, "ELF segment data outside the file (truncated?)");
        }
        if (memsz == 0) {
            continue;
        }
        if (!range_loadable(as, paddr, memsz)) {
            char msg[128];
            snprintf(msg, sizeof(msg), "ELF segment at 0x%llx-0x%llx is outside RAM and flash",
                     (unsigned long long)paddr, (unsigned long long)(paddr + memsz - 1));
            return fail(name, msg);
        }
        nload++;
        if (paddr < low) {
            low = paddr;
        }
        if (paddr + memsz > high) {
            high = paddr + memsz;
        }
        /* e_entry is virtual: if its segment is linked at another physical
         * address, start at the physical one (as QEMU's ELF loader). */
        if (vaddr != paddr && (flags & PF_X) && entry >= vaddr && entry - vaddr < filesz) {
            start = entry - vaddr + paddr;
        }
    }
    if (nload == 0) {
        return fail(name, "ELF image has no loadable segment");
    }
    static const uint8_t zeros[4096];
    for (unsigned i = 0; i < phnum; i++) {
        const uint8_t *ph = buf + phoff + (uint64_t)i * phentsize;
        if (rd32(ph + offsetof(Elf64_Phdr, p_type)) != PT_LOAD) {
            continue;
        }
        uint64_t off = rd64(ph + offsetof(Elf64_Phdr, p_offset));
        uint64_t paddr = rd64(ph + offsetof(Elf64_Phdr, p_paddr));
        uint64_t filesz = rd64(ph + offsetof(Elf64_Phdr, p_filesz));
        uint64_t memsz = rd64(ph + offsetof(Elf64_Phdr, p_memsz));
        if (memsz == 0) {
            continue;
        }
        if (!as_load_image(as, paddr, buf + off, filesz)) {
            return fail(name, "cannot write ELF segment");
        }
        for (uint64_t z = filesz; z < memsz;) {
            uint64_t n = memsz - z < sizeof(zeros) ? memsz - z : sizeof(zeros);
            if (!as_load_image(as, paddr + z, zeros, n)) {
                return fail(name, "cannot clear ELF bss");
            }
            z += n;
        }
    }
    ki->entry = ki->kernel_entry = start;
    ki->is_linux = false;
    ki->low = low;
    ki->high = high;
    return true;
}

/* The boot stub QEMU writes at the start of RAM for Linux-style images:
 * X0 = DTB, X1..X3 = 0, branch to the kernel (AArch64 instruction words). */
void loader_write_boot_stub(AddressSpace *as, uint64_t at, uint64_t dtb, uint64_t kernel)
{
    const uint32_t insns[6] = {
        0x580000c0, /* ldr x0, .+0x18 (dtb) */
        0xaa1f03e1, /* mov x1, xzr */
        0xaa1f03e2, /* mov x2, xzr */
        0xaa1f03e3, /* mov x3, xzr */
        0x58000084, /* ldr x4, .+0x10 (kernel entry) */
        0xd61f0080, /* br x4 */
    };
    uint8_t stub[LOADER_STUB_SIZE];
    for (unsigned i = 0; i < 6; i++) {
        for (unsigned b = 0; b < 4; b++) {
            stub[i * 4 + b] = (uint8_t)(insns[i] >> (8 * b));
        }
    }
    for (unsigned b = 0; b < 8; b++) {
        stub[24 + b] = (uint8_t)(dtb >> (8 * b));
        stub[32 + b] = (uint8_t)(kernel >> (8 * b));
    }
    as_load_image(as, at, stub, sizeof(stub));
}

static bool load_raw(AddressSpace *as, const char *name, const uint8_t *buf, size_t len,
                     uint64_t ram_base, uint64_t ram_size, uint64_t dtb, KernelInfo *ki)
{
    uint64_t offset = LOADER_KERNEL64_OFFSET;
    uint64_t image_size = 0;
    if (len == 0) {
        return fail(name, "empty image");
    }
    if (len > ARM64_MAGIC_OFF + 4 && memcmp(buf + ARM64_MAGIC_OFF, "ARM\x64", 4) == 0) {
        /* text_offset is meaningful only when image_size is set (Linux >= 3.17). */
        image_size = rd64(buf + ARM64_IMAGE_SIZE_OFF);
        if (image_size != 0) {
            offset = rd64(buf + ARM64_TEXT_OFFSET_OFF);
            if (offset < BOOTLOADER_MAX_SIZE) {
                offset += 2ull << 20; /* keep clear of the boot stub */
            }
        }
    }
    /* The kernel's footprint: image_size from the header (it covers the
     * bss), else the file (pre-3.17 kernels, raw images), like QEMU. */
    uint64_t footprint = image_size > len ? image_size : len;
    if (offset >= ram_size || footprint > ram_size - offset) {
        char msg[160];
        snprintf(msg, sizeof(msg),
                 "image does not fit in RAM (%llu bytes at offset 0x%llx, RAM is %llu bytes; "
                 "raise -m)", (unsigned long long)footprint, (unsigned long long)offset,
                 (unsigned long long)ram_size);
        return fail(name, msg);
    }
    uint64_t at = ram_base + offset;
    if (!as_load_image(as, at, buf, len)) {
        return fail(name, "cannot write image to RAM");
    }
    loader_write_boot_stub(as, ram_base, dtb, at);
    ki->entry = ram_base;
    ki->kernel_entry = at;
    ki->is_linux = true;
    ki->low = at;
    ki->high = at + footprint;
    return true;
}

bool loader_gunzip(const uint8_t *buf, size_t len, size_t max, uint8_t **out, size_t *out_len,
                   const char **why)
{
    *out = NULL;
    *out_len = 0;
    *why = NULL;
    if (len < 18 || buf[0] != 0x1f || buf[1] != 0x8b) {
        *why = "not gzip data";
        return false;
    }
    z_stream zs;
    memset(&zs, 0, sizeof(zs));
    if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) {   /* 16: gzip wrapper */
        *why = "zlib initialisation failed";
        return false;
    }
    size_t cap = len * 4 < max ? len * 4 : max;
    uint8_t *dst = malloc(cap ? cap : 1);
    size_t have = 0;
    int rc = Z_OK;
    zs.next_in = (Bytef *)buf;
    zs.avail_in = (uInt)(len > UINT32_MAX ? UINT32_MAX : len);
    while (dst && rc == Z_OK) {
        if (have == cap) {
            if (cap >= max) {
                break;
            }
            size_t ncap = cap * 2 < max ? cap * 2 : max;
            uint8_t *n = realloc(dst, ncap);
            if (!n) {
                free(dst);
                dst = NULL;
                break;
            }
            dst = n;
            cap = ncap;
        }
        size_t room = cap - have;
        zs.next_out = dst + have;
        zs.avail_out = (uInt)(room > UINT32_MAX ? UINT32_MAX : room);
        rc = inflate(&zs, Z_NO_FLUSH);
        have = (size_t)(zs.next_out - dst);
    }
    inflateEnd(&zs);
    if (!dst) {
        *why = "out of memory while decompressing";
        return false;
    }
    if (rc != Z_STREAM_END) {
        free(dst);
        *why = rc == Z_OK ? "decompressed image larger than 256 MiB"
                          : "corrupt or truncated gzip data";
        return false;
    }
    *out = dst;
    *out_len = have;
    return true;
}

bool loader_load_buffer(AddressSpace *as, const char *name, const uint8_t *buf, size_t len,
                        uint64_t ram_base, uint64_t ram_size, uint64_t dtb, KernelInfo *ki)
{
    memset(ki, 0, sizeof(*ki));
    if (len >= 4 && memcmp(buf, ELFMAG, SELFMAG) == 0) {
        return load_elf(as, name, buf, len, ki);
    }
    /* QEMU gunzips an AArch64 kernel that is neither ELF nor uImage
     * (hw/arm/boot.c load_aarch64_image): Debian's vmlinuz is a gzip'd
     * Image. The result is loaded as a raw Image. */
    if (len >= 2 && buf[0] == 0x1f && buf[1] == 0x8b) {
        uint8_t *img;
        size_t img_len;
        const char *why;
        if (!loader_gunzip(buf, len, LOADER_MAX_GUNZIP, &img, &img_len, &why)) {
            char msg[128];
            snprintf(msg, sizeof(msg), "gzip-compressed image: %s", why);
            return fail(name, msg);
        }
        bool ok = load_raw(as, name, img, img_len, ram_base, ram_size, dtb, ki);
        free(img);
        return ok;
    }
    return load_raw(as, name, buf, len, ram_base, ram_size, dtb, ki);
}

/* Read a whole file (at most max bytes); one error line with `what` and
 * NULL on failure. */
static uint8_t *read_file(const char *what, const char *path, uint64_t max, size_t *len)
{
    FILE *f = fopen(path, "rb");
    const char *why = NULL;
    uint8_t *buf = NULL;
    long sz = -1;
    if (!f) {
        why = strerror(errno);
    } else if (fseek(f, 0, SEEK_END) != 0 || (sz = ftell(f)) < 0) {
        why = "not a regular file";
    } else if ((unsigned long long)sz > max) {
        why = "file too large";
    } else if (!(buf = malloc(sz ? (size_t)sz : 1))) {
        why = "out of memory";
    } else {
        rewind(f);
        if (fread(buf, 1, (size_t)sz, f) != (size_t)sz || ferror(f)) {
            why = "read error";
        }
    }
    if (f) {
        fclose(f);
    }
    if (why) {
        fprintf(stderr, "a64emu: %s %s: %s\n", what, path, why);
        free(buf);
        return NULL;
    }
    *len = (size_t)sz;
    return buf;
}

bool loader_load_initrd(AddressSpace *as, const char *path, uint64_t addr, uint64_t limit,
                        uint64_t *size)
{
    size_t len;
    uint8_t *buf = read_file("-initrd", path, LOADER_MAX_FILE, &len);
    if (!buf) {
        return false;
    }
    bool ok = true;
    if (len > limit) {
        fprintf(stderr, "a64emu: -initrd %s: too big to fit into RAM after the kernel "
                "(%zu bytes at 0x%llx, %llu bytes left; raise -m)\n", path, len,
                (unsigned long long)addr, (unsigned long long)limit);
        ok = false;
    } else if (len && !as_load_image(as, addr, buf, len)) {
        fprintf(stderr, "a64emu: -initrd %s: cannot write to RAM at 0x%llx\n", path,
                (unsigned long long)addr);
        ok = false;
    }
    free(buf);
    *size = len;
    return ok;
}

bool loader_load_generic(AddressSpace *as, const char *file, uint64_t addr, bool has_addr,
                         bool force_raw, uint64_t *entry)
{
    size_t len;
    uint8_t *buf = read_file("-device loader,file=", file, LOADER_MAX_FILE, &len);
    if (!buf) {
        return false;
    }
    bool ok;
    char name[300];
    snprintf(name, sizeof(name), "%s (-device loader)", file);
    if (!force_raw && len >= 4 && memcmp(buf, ELFMAG, SELFMAG) == 0) {
        KernelInfo ki;
        memset(&ki, 0, sizeof(ki));
        ok = load_elf(as, name, buf, len, &ki);
        *entry = ki.entry;
    } else if (!has_addr) {
        fprintf(stderr, "a64emu: -device loader,file=%s: not an ELF file: give addr= "
                "(and force-raw=on) to load it raw\n", file);
        ok = false;
    } else if (!range_loadable(as, addr, len)) {
        fprintf(stderr, "a64emu: -device loader,file=%s: %zu bytes at 0x%llx are outside RAM "
                "and flash\n", file, len, (unsigned long long)addr);
        ok = false;
    } else {
        ok = !len || as_load_image(as, addr, buf, len);
        if (!ok) {
            fprintf(stderr, "a64emu: -device loader,file=%s: cannot write at 0x%llx\n", file,
                    (unsigned long long)addr);
        }
        *entry = addr;
    }
    free(buf);
    return ok;
}

bool loader_store_data(AddressSpace *as, uint64_t addr, uint64_t data, unsigned len)
{
    uint8_t b[8];
    for (unsigned i = 0; i < 8; i++) {
        b[i] = (uint8_t)(data >> (8 * i));   /* the guest's order: little-endian */
    }
    if (len == 0 || len > 8 || !range_loadable(as, addr, len)) {
        fprintf(stderr, "a64emu: -device loader,addr=0x%llx: outside RAM and flash\n",
                (unsigned long long)addr);
        return false;
    }
    return as_load_image(as, addr, b, len);
}

bool loader_load_kernel(AddressSpace *as, const char *path, uint64_t ram_base,
                        uint64_t ram_size, uint64_t dtb, KernelInfo *ki)
{
    size_t len;
    uint8_t *buf = read_file("-kernel", path, LOADER_MAX_FILE, &len);
    if (!buf) {
        return false;
    }
    bool ok = loader_load_buffer(as, path, buf, len, ram_base, ram_size, dtb, ki);
    free(buf);
    return ok;
}
