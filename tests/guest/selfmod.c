/* SPDX-License-Identifier: MIT */
/*
 * selfmod.c - self-modifying and generated code. Code is written with
 * ordinary stores, made visible with the sequence of B2.4.4 ("Concurrent
 * modification and execution of instructions" / cache maintenance):
 * DC CVAU, DSB ISH, IC IVAU, DSB ISH, ISB, and then executed. A translator
 * must notice the stores and drop the stale translations (and chains).
 */
#include "rt.h"

#define MOVZ_X0(imm) (0xd2800000u | ((uint32_t)(imm) << 5))   /* movz x0, #imm */
#define ADD_X0_X0(imm) (0x91000000u | ((uint32_t)(imm) << 10))/* add x0, x0, #imm */
#define RET 0xd65f03c0u
#define B(off) (0x14000000u | (((uint32_t)(off) >> 2) & 0x03ffffffu))
#define NOP 0xd503201fu

static uint32_t code[1024] ALIGNED(4096);

static void sync_icache(void *p, size_t len)
{
    uintptr_t a = (uintptr_t)p & ~(uintptr_t)63, end = (uintptr_t)p + len;

    for (uintptr_t x = a; x < end; x += 64) {
        __asm__ volatile("dc cvau, %0" : : "r"(x) : "memory");
    }
    __asm__ volatile("dsb ish" : : : "memory");
    for (uintptr_t x = a; x < end; x += 64) {
        __asm__ volatile("ic ivau, %0" : : "r"(x) : "memory");
    }
    __asm__ volatile("dsb ish\n\tisb" : : : "memory");
}

typedef uint64_t (*Fn)(uint64_t);

static uint64_t call(void *p, uint64_t arg)
{
    return ((Fn)p)(arg);
}

/* Rewrite the immediate of one instruction many times, calling it each time. */
static void test_rewrite_immediate(void)
{
    unsigned bad = 0;

    for (unsigned i = 0; i < 500; i++) {
        code[0] = MOVZ_X0(i * 7 + 1);
        code[1] = RET;
        sync_icache(code, 8);
        bad += call(code, 0) != i * 7 + 1;
    }
    check_eq("rewrite movz immediate 500 times: wrong results", bad, 0);
}

/* Alternate two instruction kinds at the same address. */
static void test_rewrite_opcode(void)
{
    unsigned bad = 0;

    for (unsigned i = 0; i < 200; i++) {
        code[16] = (i & 1) ? ADD_X0_X0(i) : MOVZ_X0(i);
        code[17] = RET;
        sync_icache(&code[16], 8);
        bad += call(&code[16], 1000) != ((i & 1) ? 1000 + i : i);
    }
    check_eq("alternate movz/add at one address: wrong results", bad, 0);
}

/* A direct branch whose target changes: the chained successor must follow. */
static void test_rewrite_branch(void)
{
    unsigned bad = 0;

    code[32] = NOP;
    code[33] = B(8);                 /* -> code[35] */
    code[34] = NOP;
    code[35] = MOVZ_X0(1);
    code[36] = RET;
    code[37] = MOVZ_X0(2);
    code[38] = RET;
    sync_icache(&code[32], 7 * 4);
    for (unsigned i = 0; i < 100; i++) {
        unsigned want = (i & 1) ? 2 : 1;

        code[33] = B((i & 1) ? 16 : 8);
        sync_icache(&code[33], 4);
        /* call twice: the second call runs the (possibly chained) cached block */
        bad += call(&code[32], 0) != want;
        bad += call(&code[32], 0) != want;
    }
    check_eq("retarget a branch 100 times: wrong results", bad, 0);
}

/* Patch a single byte of an instruction (the low byte of its immediate). */
static void test_byte_patch(void)
{
    unsigned bad = 0;
    volatile uint8_t *b = (volatile uint8_t *)&code[64];

    code[64] = ADD_X0_X0(0);
    code[65] = RET;
    sync_icache(&code[64], 8);
    for (unsigned i = 0; i < 64; i++) {
        /* imm12 is at bits 21:10: bits 15:10 live in byte 1, bits 7:2. */
        b[1] = (uint8_t)((b[1] & 0x03) | (i << 2));
        sync_icache(&code[64], 4);
        bad += call(&code[64], 5) != 5 + i;
    }
    check_eq("patch one byte of an add immediate: wrong results", bad, 0);
}

/* Code that patches an instruction later in its own block. */
static NOINLINE uint64_t patch_self(uint32_t insn)
{
    uint64_t r;

    __asm__ volatile("adr x9, 1f\n\t"
                     "str %w1, [x9]\n\t"
                     "dc cvau, x9\n\tdsb ish\n\tic ivau, x9\n\tdsb ish\n\tisb\n"
                     "1:\tmovz x0, #0\n\t"
                     "mov %0, x0"
                     : "=r"(r) : "r"(insn) : "x0", "x9", "memory");
    return r;
}

static void test_patch_own_block(void)
{
    unsigned bad = 0;

    for (unsigned i = 1; i < 100; i++) {
        bad += patch_self(MOVZ_X0(i * 3)) != i * 3;
    }
    check_eq("patch the running block after ISB: wrong results", bad, 0);
}

/* Copy a compiled function into the buffer (a tiny loader), then overwrite
 * it with another one at the same address. */
static NOINLINE uint64_t f_poly(uint64_t x)
{
    return x * x * 3 + x * 5 + 7;
}

static NOINLINE uint64_t f_bits(uint64_t x)
{
    uint64_t r = 0;
    while (x) {
        r += x & 1;
        x >>= 1;
    }
    return r;
}

static NOINLINE void f_end(void)
{
}

static void test_copy_function(void)
{
    size_t n1 = (size_t)((uintptr_t)f_bits - (uintptr_t)f_poly);
    size_t n2 = (size_t)((uintptr_t)f_end - (uintptr_t)f_bits);
    unsigned bad = 0;

    if (n1 == 0 || n1 > 1024 || n2 == 0 || n2 > 1024 || (n1 & 3) || (n2 & 3)) {
        printf("FAIL function layout unexpected (%lu, %lu bytes)\n", (uint64_t)n1, (uint64_t)n2);
        check_count(0);
        return;
    }
    for (unsigned round = 0; round < 10; round++) {
        memcpy(&code[256], f_poly, n1);
        sync_icache(&code[256], n1);
        for (uint64_t x = 0; x < 20; x++) {
            bad += call(&code[256], x) != x * x * 3 + x * 5 + 7;
        }
        memcpy(&code[256], f_bits, n2);
        sync_icache(&code[256], n2);
        for (uint64_t x = 0; x < 20; x++) {
            bad += call(&code[256], x * 0x1111) != f_bits(x * 0x1111);
        }
    }
    check_eq("swap copied functions at one address: wrong results", bad, 0);
}

/* Many distinct blocks (a JIT or module loader's pattern): 8192 two-
 * instruction functions, regenerated 4 times with new immediates - more
 * blocks than a small code cache holds, all of them stale three times. */
static uint32_t many[8192 * 2] ALIGNED(4096);

static void test_many_blocks(void)
{
    unsigned bad = 0;

    for (unsigned round = 0; round < 4; round++) {
        for (unsigned i = 0; i < 8192; i++) {
            many[2 * i] = MOVZ_X0((i * 13 + round * 7) & 0xffff);
            many[2 * i + 1] = RET;
        }
        sync_icache(many, sizeof(many));
        for (unsigned i = 0; i < 8192; i++) {
            unsigned j = (i * 2654435761u) & 8191;   /* scattered order */
            bad += call(&many[2 * j], 0) != ((j * 13 + round * 7) & 0xffff);
        }
    }
    check_eq("8192 generated functions x 4 generations: wrong results", bad, 0);
}

int main(void)
{
    test_rewrite_immediate();
    test_rewrite_opcode();
    test_rewrite_branch();
    test_byte_patch();
    test_patch_own_block();
    test_copy_function();
    test_many_blocks();
    return 0;
}
