/* SPDX-License-Identifier: MIT */
/*
 * test_board.c - unit tests of the virt board's pieces: the PL031 RTC and
 * PL061 GPIO register models (expected values from Arm DDI 0224 / DDI 0190),
 * the gzip inflater of the kernel loader, and the device tree builder and
 * fix-ups (read back with libfdt).
 */
#include <check.h>
#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "devices/fdt.h"
#include "devices/loader.h"
#include "devices/pl031.h"
#include "devices/pl061.h"

#define BASE 0x09000000ull

typedef struct IrqProbe {
    int level;
    int changes;
} IrqProbe;

static void probe_set(void *opaque, int n, int level)
{
    IrqProbe *p = opaque;
    if (p->level != level) {
        p->changes++;
    }
    p->level = level;
}

static uint32_t rd(AddressSpace *as, uint64_t off)
{
    uint64_t v = 0;
    ck_assert(as_read_n(as, BASE + off, 4, &v));
    return (uint32_t)v;
}

static void wr(AddressSpace *as, uint64_t off, uint32_t v)
{
    ck_assert(as_write_n(as, BASE + off, 4, v));
}

/* ---- PL031 ----------------------------------------------------------- */

static uint64_t fake_now;
static uint64_t fake_clock(void)
{
    return fake_now;
}

START_TEST(test_pl031_ids_and_counter)
{
    AddressSpace *as = as_new();
    IrqProbe p = { 0 };
    IrqLine line = { probe_set, &p, 34 };
    fake_now = 1700000000;
    Pl031State *s = pl031_create(as, BASE, line, fake_clock);
    ck_assert_ptr_nonnull(s);
    /* PrimeCell IDs: peripheral 0x00141031 (r1, as QEMU), cell 0xb105f00d (DDI 0224 3.3). */
    static const uint32_t ids[8] = { 0x31, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1 };
    for (unsigned i = 0; i < 8; i++) {
        ck_assert_uint_eq(rd(as, PL031_PERIPHID0 + 4 * i), ids[i]);
    }
    ck_assert_uint_eq(rd(as, PL031_DR), 1700000000u);
    fake_now += 5;
    ck_assert_uint_eq(rd(as, PL031_DR), 1700000005u);
    ck_assert_uint_eq(rd(as, PL031_CR), 1);
    /* Load: the counter continues from the loaded value. */
    wr(as, PL031_LR, 1000);
    ck_assert_uint_eq(rd(as, PL031_DR), 1000);
    ck_assert_uint_eq(rd(as, PL031_LR), 1000);
    fake_now += 7;
    ck_assert_uint_eq(rd(as, PL031_DR), 1007);
    /* DR is read-only. */
    wr(as, PL031_DR, 5);
    ck_assert_uint_eq(rd(as, PL031_DR), 1007);
    pl031_free(s);
    as_free(as);
}
END_TEST

START_TEST(test_pl031_match_interrupt)
{
    AddressSpace *as = as_new();
    IrqProbe p = { 0 };
    IrqLine line = { probe_set, &p, 34 };
    fake_now = 500;
    Pl031State *s = pl031_create(as, BASE, line, fake_clock);
    wr(as, PL031_LR, 100);
    wr(as, PL031_MR, 103);
    ck_assert_uint_eq(rd(as, PL031_MR), 103);
    ck_assert_uint_eq(rd(as, PL031_RIS), 0);
    fake_now += 2;
    pl031_poll(s);
    ck_assert_uint_eq(rd(as, PL031_RIS), 0);
    fake_now += 1;                    /* counter reaches the match value */
    pl031_poll(s);
    ck_assert_uint_eq(rd(as, PL031_RIS), 1);
    ck_assert_uint_eq(rd(as, PL031_MIS), 0);   /* masked */
    ck_assert_int_eq(p.level, 0);
    wr(as, PL031_IMSC, 1);
    ck_assert_uint_eq(rd(as, PL031_IMSC), 1);
    ck_assert_uint_eq(rd(as, PL031_MIS), 1);
    ck_assert_int_eq(p.level, 1);
    /* The raw status stays set until cleared, and fires once. */
    fake_now += 10;
    pl031_poll(s);
    ck_assert_int_eq(p.level, 1);
    wr(as, PL031_ICR, 1);
    ck_assert_uint_eq(rd(as, PL031_RIS), 0);
    ck_assert_int_eq(p.level, 0);
    fake_now += 10;
    pl031_poll(s);
    ck_assert_int_eq(p.level, 0);
    /* A match in the past does not fire until re-armed in the future. */
    wr(as, PL031_MR, 50);
    pl031_poll(s);
    ck_assert_uint_eq(rd(as, PL031_RIS), 0);
    pl031_free(s);
    as_free(as);
}
END_TEST

/* ---- PL061 ----------------------------------------------------------- */

START_TEST(test_pl061_ids_and_data)
{
    AddressSpace *as = as_new();
    IrqProbe p = { 0 };
    IrqLine line = { probe_set, &p, 39 };
    Pl061State *s = pl061_create(as, BASE, line);
    static const uint32_t ids[8] = { 0x61, 0x10, 0x04, 0x00, 0x0d, 0xf0, 0x05, 0xb1 };
    for (unsigned i = 0; i < 8; i++) {
        ck_assert_uint_eq(rd(as, PL061_PERIPHID0 + 4 * i), ids[i]);
    }
    /* Reset: all inputs, all low, no interrupts (DDI 0190 3.3). */
    ck_assert_uint_eq(rd(as, PL061_DIR), 0);
    ck_assert_uint_eq(rd(as, PL061_DATA + (0xff << 2)), 0);
    /* Lines 0-3 outputs; a write through mask 0x05 changes lines 0 and 2. */
    wr(as, PL061_DIR, 0x0f);
    wr(as, PL061_DATA + (0x05 << 2), 0xff);
    ck_assert_uint_eq(rd(as, PL061_DATA + (0xff << 2)), 0x05);
    /* Input lines ignore writes and read their driven level. */
    wr(as, PL061_DATA + (0xf0 << 2), 0xf0);
    ck_assert_uint_eq(rd(as, PL061_DATA + (0xff << 2)), 0x05);
    pl061_set_input(s, 6, true);
    ck_assert_uint_eq(rd(as, PL061_DATA + (0xff << 2)), 0x45);
    /* The address mask also masks reads. */
    ck_assert_uint_eq(rd(as, PL061_DATA + (0x40 << 2)), 0x40);
    ck_assert_uint_eq(rd(as, PL061_DATA + (0x01 << 2)), 0x01);
    ck_assert_uint_eq(rd(as, PL061_DATA + (0x02 << 2)), 0x00);
    /* An input driven while it is an output does not show. */
    pl061_set_input(s, 1, true);
    ck_assert_uint_eq(rd(as, PL061_DATA + (0x02 << 2)), 0x00);
    pl061_free(s);
    as_free(as);
}
END_TEST

START_TEST(test_pl061_interrupts)
{
    AddressSpace *as = as_new();
    IrqProbe p = { 0 };
    IrqLine line = { probe_set, &p, 39 };
    Pl061State *s = pl061_create(as, BASE, line);
    /* Line 3 (the power key): both edges, enabled — Linux gpio-keys. */
    wr(as, PL061_IBE, 1 << 3);
    wr(as, PL061_IE, 1 << 3);
    pl061_set_input(s, VIRT_GPIO_PIN_POWER, true);
    ck_assert_uint_eq(rd(as, PL061_RIS), 1 << 3);
    ck_assert_uint_eq(rd(as, PL061_MIS), 1 << 3);
    ck_assert_int_eq(p.level, 1);
    wr(as, PL061_IC, 1 << 3);
    ck_assert_uint_eq(rd(as, PL061_RIS), 0);
    ck_assert_int_eq(p.level, 0);
    pl061_set_input(s, VIRT_GPIO_PIN_POWER, false);   /* falling edge too */
    ck_assert_uint_eq(rd(as, PL061_RIS), 1 << 3);
    wr(as, PL061_IC, 0xff);

    /* Line 0: rising edge only (IBE = 0, IEV = 1). */
    wr(as, PL061_IEV, 1);
    wr(as, PL061_IE, 1);
    pl061_set_input(s, 0, true);
    ck_assert_uint_eq(rd(as, PL061_RIS), 1);
    wr(as, PL061_IC, 1);
    pl061_set_input(s, 0, false);
    ck_assert_uint_eq(rd(as, PL061_RIS), 0);
    ck_assert_int_eq(p.level, 0);
    /* Masked: raw status set, line low. */
    wr(as, PL061_IE, 0);
    pl061_set_input(s, 0, true);
    ck_assert_uint_eq(rd(as, PL061_RIS), 1);
    ck_assert_uint_eq(rd(as, PL061_MIS), 0);
    ck_assert_int_eq(p.level, 0);
    wr(as, PL061_IC, 1);

    /* Line 5: level-sensitive, active low (IS = 1, IEV = 0): asserted while
     * low, not clearable by IC while the level persists. */
    wr(as, PL061_IS, 1 << 5);
    wr(as, PL061_IEV, 0);
    wr(as, PL061_IE, 1 << 5);
    ck_assert_uint_eq(rd(as, PL061_RIS) & (1 << 5), 1 << 5);
    ck_assert_int_eq(p.level, 1);
    wr(as, PL061_IC, 1 << 5);
    ck_assert_uint_eq(rd(as, PL061_RIS) & (1 << 5), 1 << 5);
    pl061_set_input(s, 5, true);
    ck_assert_uint_eq(rd(as, PL061_RIS) & (1 << 5), 0);
    ck_assert_int_eq(p.level, 0);
    pl061_free(s);
    as_free(as);
}
END_TEST

/* ---- loader: gzip ----------------------------------------------------- */

static size_t gzip_buf(const uint8_t *in, size_t len, uint8_t *out, size_t cap)
{
    z_stream zs;
    memset(&zs, 0, sizeof(zs));
    ck_assert_int_eq(deflateInit2(&zs, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY),
                     Z_OK);
    zs.next_in = (Bytef *)in;
    zs.avail_in = (uInt)len;
    zs.next_out = out;
    zs.avail_out = (uInt)cap;
    ck_assert_int_eq(deflate(&zs, Z_FINISH), Z_STREAM_END);
    size_t n = zs.total_out;
    deflateEnd(&zs);
    return n;
}

START_TEST(test_gunzip)
{
    size_t len = 3 << 20;   /* larger than the first output guess */
    uint8_t *img = malloc(len);
    for (size_t i = 0; i < len; i++) {
        img[i] = (uint8_t)(i * 2654435761u >> 13);
    }
    size_t cap = len + 65536;
    uint8_t *gz = malloc(cap);
    size_t gzlen = gzip_buf(img, len, gz, cap);
    uint8_t *out;
    size_t out_len;
    const char *why;
    ck_assert(loader_gunzip(gz, gzlen, 256u << 20, &out, &out_len, &why));
    ck_assert_uint_eq(out_len, len);
    ck_assert(memcmp(out, img, len) == 0);
    free(out);
    /* Over the limit, truncated, corrupt: refused with a reason. */
    ck_assert(!loader_gunzip(gz, gzlen, 1 << 20, &out, &out_len, &why));
    ck_assert_ptr_nonnull(strstr(why, "larger"));
    ck_assert(!loader_gunzip(gz, gzlen / 2, 256u << 20, &out, &out_len, &why));
    ck_assert_ptr_nonnull(why);
    gz[gzlen / 2] ^= 0xff;
    gz[gzlen / 2 + 1] ^= 0x5a;
    ck_assert(!loader_gunzip(gz, gzlen, 256u << 20, &out, &out_len, &why));
    ck_assert(!loader_gunzip(img, 100, 256u << 20, &out, &out_len, &why));  /* not gzip */
    free(gz);
    free(img);
}
END_TEST

/* ---- device tree -------------------------------------------------------- */

static uint32_t cell(const void *fdt, const char *path, const char *prop, int i)
{
    int off = fdt_path_offset(fdt, path);
    ck_assert_int_ge(off, 0);
    int len;
    const fdt32_t *p = fdt_getprop(fdt, off, prop, &len);
    ck_assert_ptr_nonnull(p);
    ck_assert_int_gt(len, i * 4);
    return fdt32_to_cpu(p[i]);
}

static const char *str(const void *fdt, const char *path, const char *prop)
{
    int off = fdt_path_offset(fdt, path);
    ck_assert_int_ge(off, 0);
    return fdt_getprop(fdt, off, prop, NULL);
}

START_TEST(test_fdt_build)
{
    MachineOptions opt = { .cpu_model = A64_CPU_CORTEX_A72, .smp = 2, .ram_size = 256u << 20,
                           .gic_version = 3, .virtualization = true };
    void *fdt = virt_fdt_build(&opt, 2);
    ck_assert_ptr_nonnull(fdt);
    ck_assert(virt_fdt_fixup(fdt, 0x40000000, opt.ram_size, "console=ttyAMA0", 0x48000000,
                             0x1234));
    virt_fdt_finish(fdt);
    ck_assert_int_eq(fdt_check_header(fdt), 0);
    ck_assert_str_eq(str(fdt, "/", "compatible"), "linux,dummy-virt");
    ck_assert_str_eq(str(fdt, "/cpus/cpu@1", "compatible"), "arm,cortex-a72");
    ck_assert_str_eq(str(fdt, "/cpus/cpu@1", "enable-method"), "psci");
    ck_assert_uint_eq(cell(fdt, "/cpus/cpu@1", "reg", 0), 1);
    ck_assert_str_eq(str(fdt, "/psci", "method"), "smc");        /* EL2 guest */
    ck_assert_str_eq(str(fdt, "/intc@8000000", "compatible"), "arm,gic-v3");
    ck_assert_uint_eq(cell(fdt, "/intc@8000000", "reg", 3), 0x10000);
    ck_assert_uint_eq(cell(fdt, "/intc@8000000", "reg", 5), 0x080a0000);
    ck_assert_uint_eq(cell(fdt, "/intc@8000000", "interrupts", 1), 9);   /* maintenance */
    /* GICv3: timer PPIs without a CPU mask. */
    ck_assert_uint_eq(cell(fdt, "/timer", "interrupts", 2), 4);
    ck_assert_uint_eq(cell(fdt, "/timer", "interrupts", 4), 14);
    ck_assert_uint_eq(cell(fdt, "/memory", "reg", 3), 256u << 20);
    ck_assert_str_eq(str(fdt, "/chosen", "bootargs"), "console=ttyAMA0");
    ck_assert_str_eq(str(fdt, "/chosen", "stdout-path"), "/pl011@9000000");
    ck_assert_uint_eq(cell(fdt, "/chosen", "linux,initrd-start", 0), 0x48000000);
    ck_assert_uint_eq(cell(fdt, "/chosen", "linux,initrd-end", 0), 0x48001234);
    /* The interrupt parent and the power key point at the right nodes. */
    uint32_t gic = cell(fdt, "/", "interrupt-parent", 0);
    ck_assert_int_eq(fdt_node_offset_by_phandle(fdt, gic), fdt_path_offset(fdt, "/intc@8000000"));
    uint32_t gpio = cell(fdt, "/gpio-keys/poweroff", "gpios", 0);
    ck_assert_int_eq(fdt_node_offset_by_phandle(fdt, gpio),
                     fdt_path_offset(fdt, "/pl061@9030000"));
    ck_assert_uint_eq(cell(fdt, "/gpio-keys/poweroff", "gpios", 1), 3);
    free(fdt);

    /* GICv2, one CPU, no EL2: HVC, 2 GIC regions, timer mask for CPU 0. */
    MachineOptions o2 = { .cpu_model = A64_CPU_MAX, .smp = 1, .ram_size = 128u << 20,
                          .gic_version = 2 };
    fdt = virt_fdt_build(&o2, 1);
    ck_assert_ptr_nonnull(fdt);
    ck_assert_str_eq(str(fdt, "/psci", "method"), "hvc");
    ck_assert_str_eq(str(fdt, "/intc@8000000", "compatible"), "arm,cortex-a15-gic");
    int len;
    fdt_getprop(fdt, fdt_path_offset(fdt, "/intc@8000000"), "reg", &len);
    ck_assert_int_eq(len, 2 * 16);
    ck_assert_ptr_null(fdt_getprop(fdt, fdt_path_offset(fdt, "/intc@8000000"), "interrupts",
                                   NULL));
    ck_assert_uint_eq(cell(fdt, "/timer", "interrupts", 2), 0x104);
    ck_assert_ptr_null(fdt_getprop(fdt, fdt_path_offset(fdt, "/cpus/cpu@0"), "enable-method",
                                   NULL));
    free(fdt);

    /* The conduit disappears when the guest boots at the EL answering it. */
    ck_assert_int_eq(virt_psci_conduit(&o2, 1), VIRT_PSCI_HVC);
    o2.secure = true;
    ck_assert_int_eq(virt_psci_conduit(&o2, 3), VIRT_PSCI_NONE);
    fdt = virt_fdt_build(&o2, 3);
    ck_assert_int_lt(fdt_path_offset(fdt, "/psci"), 0);
    free(fdt);
    o2.virtualization = true;
    ck_assert_int_eq(virt_psci_conduit(&o2, 2), VIRT_PSCI_SMC);
    ck_assert_int_eq(virt_psci_conduit(&o2, 3), VIRT_PSCI_NONE);
}
END_TEST

START_TEST(test_fdt_fixup_user_blob)
{
    /* A minimal user tree without /memory or /chosen and 1+1 cells. */
    char buf[4096];
    ck_assert_int_eq(fdt_create_empty_tree(buf, sizeof(buf)), 0);
    ck_assert_int_eq(fdt_setprop_u32(buf, 0, "#address-cells", 1), 0);
    ck_assert_int_eq(fdt_setprop_u32(buf, 0, "#size-cells", 1), 0);
    ck_assert(virt_fdt_fixup(buf, 0x40000000, 64u << 20, "x", 0, 0));
    ck_assert_uint_eq(cell(buf, "/memory", "reg", 0), 0x40000000);
    ck_assert_uint_eq(cell(buf, "/memory", "reg", 1), 64u << 20);
    ck_assert_str_eq(str(buf, "/chosen", "bootargs"), "x");
    ck_assert_ptr_null(fdt_getprop(buf, fdt_path_offset(buf, "/chosen"), "linux,initrd-start",
                                   NULL));
    /* One size cell cannot describe 4 GiB of RAM; 0 cells are invalid. */
    FILE *saved = stderr;
    stderr = fopen("/dev/null", "w");
    ck_assert(!virt_fdt_fixup(buf, 0x40000000, 4ull << 30, NULL, 0, 0));
    ck_assert_int_eq(fdt_setprop_u32(buf, 0, "#size-cells", 0), 0);
    ck_assert(!virt_fdt_fixup(buf, 0x40000000, 64u << 20, NULL, 0, 0));
    fclose(stderr);
    stderr = saved;
}
END_TEST

static Suite *board_suite(void)
{
    Suite *s = suite_create("board");
    TCase *tc = tcase_create("devices");
    tcase_add_test(tc, test_pl031_ids_and_counter);
    tcase_add_test(tc, test_pl031_match_interrupt);
    tcase_add_test(tc, test_pl061_ids_and_data);
    tcase_add_test(tc, test_pl061_interrupts);
    suite_add_tcase(s, tc);
    TCase *tl = tcase_create("boot");
    tcase_add_test(tl, test_gunzip);
    tcase_add_test(tl, test_fdt_build);
    tcase_add_test(tl, test_fdt_fixup_user_blob);
    suite_add_tcase(s, tl);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(board_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
