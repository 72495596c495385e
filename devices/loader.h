/* SPDX-License-Identifier: MIT */
/*
 * loader.h - -kernel image loading as qemu-system-aarch64 -M virt does it
 * (QEMU hw/arm/boot.c):
 *  - ELF64 AArch64: PT_LOAD segments at their physical addresses (p_paddr),
 *    bss zeroed, the CPU starts at e_entry (moved by paddr - vaddr when the
 *    entry lies in a segment linked at a different physical address);
 *  - anything else: a raw binary or arm64 Linux Image, loaded at RAM base +
 *    text_offset (from the Image header when image_size != 0, moved up 2 MiB
 *    if below 4 KiB; else 0x80000). The CPU starts at RAM base in a small
 *    boot stub that sets X0 = DTB address, X1-X3 = 0 and branches to it.
 *    A gzip-compressed file is inflated first (Debian's vmlinuz), as QEMU.
 * The board (virt.c) then places -initrd and the DTB (loader_load_initrd)
 * and rewrites the stub with the DTB address (loader_write_boot_stub).
 */
#ifndef A64EMU_LOADER_H
#define A64EMU_LOADER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../mmu/memory.h"

typedef struct KernelInfo {
    uint64_t entry;         /* where the boot CPU starts */
    uint64_t kernel_entry;  /* the image's own entry point */
    bool is_linux;          /* raw/Image boot through the stub */
    uint64_t low, high;     /* physical range loaded [low, high); for an Image
                               high covers image_size (the bss) */
} KernelInfo;

#define LOADER_KERNEL64_OFFSET 0x80000ull
#define LOADER_STUB_SIZE 40u

/* Load the file. On error print one line "a64emu: -kernel PATH: why" to
 * stderr and return false. dtb is the address passed in X0 (0: none). */
bool loader_load_kernel(AddressSpace *as, const char *path, uint64_t ram_base,
                        uint64_t ram_size, uint64_t dtb, KernelInfo *ki);
/* Same for an image already in memory (name is used in messages); never
 * reads outside buf whatever its contents. */
bool loader_load_buffer(AddressSpace *as, const char *name, const uint8_t *buf, size_t len,
                        uint64_t ram_base, uint64_t ram_size, uint64_t dtb,
                        KernelInfo *ki);

/* The Linux boot stub at `at`: X0 = dtb, X1-X3 = 0, branch to kernel. */
void loader_write_boot_stub(AddressSpace *as, uint64_t at, uint64_t dtb, uint64_t kernel);
/* Inflate gzip data (RFC 1952) of at most max bytes into a malloc'd
 * buffer; false with *why set on error. Never reads outside buf. */
bool loader_gunzip(const uint8_t *buf, size_t len, size_t max, uint8_t **out, size_t *out_len,
                   const char **why);
/* -initrd: the file at addr with at most limit bytes of room; *size its
 * size. One error line "a64emu: -initrd PATH: ..." and false on error. */
bool loader_load_initrd(AddressSpace *as, const char *path, uint64_t addr, uint64_t limit,
                        uint64_t *size);
/* -device loader,file=F[,addr=A][,force-raw=on] (QEMU's generic loader):
 * an ELF at its physical addresses unless force_raw (entry = e_entry),
 * anything else raw at addr (entry = addr). One error line on failure. */
bool loader_load_generic(AddressSpace *as, const char *file, uint64_t addr, bool has_addr,
                         bool force_raw, uint64_t *entry);
/* -device loader,addr=A,data=V,data-len=N: N bytes of V, little-endian. */
bool loader_store_data(AddressSpace *as, uint64_t addr, uint64_t data, unsigned len);

#endif
