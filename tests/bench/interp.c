/* SPDX-License-Identifier: MIT */
/*
 * interp.c - benchmark: a switch-dispatched stack-machine bytecode
 * interpreter (the branchy, indirect-jump-heavy kind of code emulators find
 * hard), running a sieve, a GCD loop and a recursive Fibonacci in bytecode.
 */
#include "bench.h"

#define ROUNDS 80

enum {
    OP_HALT, OP_PUSH, OP_POP, OP_DUP, OP_SWAP, OP_OVER, OP_ADD, OP_SUB, OP_MUL, OP_MOD,
    OP_LT, OP_EQ, OP_JMP, OP_JZ, OP_JNZ, OP_LOAD, OP_STORE, OP_CALL, OP_RET, OP_LDL,
    OP_STL, OP_INC, OP_DEC, OP_AND,
};

typedef struct {
    int64_t stack[256];
    int64_t mem[8192];
    int64_t rstack[256];
} Vm;

static Vm vm;

static NOINLINE int64_t run(const int32_t *code, int64_t arg)
{
    int64_t *sp = vm.stack, *rsp = vm.rstack;
    const int32_t *pc = code;

    *++sp = arg;
    for (;;) {
        int32_t op = *pc++;
        switch (op) {
        case OP_HALT: return *sp;
        case OP_PUSH: *++sp = *pc++; break;
        case OP_POP: sp--; break;
        case OP_DUP: sp[1] = sp[0]; sp++; break;
        case OP_SWAP: { int64_t t = sp[0]; sp[0] = sp[-1]; sp[-1] = t; break; }
        case OP_OVER: sp[1] = sp[-1]; sp++; break;
        case OP_ADD: sp[-1] += sp[0]; sp--; break;
        case OP_SUB: sp[-1] -= sp[0]; sp--; break;
        case OP_MUL: sp[-1] *= sp[0]; sp--; break;
        case OP_MOD: sp[-1] = sp[0] ? sp[-1] % sp[0] : 0; sp--; break;
        case OP_LT: sp[-1] = sp[-1] < sp[0]; sp--; break;
        case OP_EQ: sp[-1] = sp[-1] == sp[0]; sp--; break;
        case OP_JMP: pc = code + *pc; break;
        case OP_JZ: pc = *sp-- ? pc + 1 : code + *pc; break;
        case OP_JNZ: pc = *sp-- ? code + *pc : pc + 1; break;
        case OP_LOAD: *sp = vm.mem[*sp & 8191]; break;
        case OP_STORE: vm.mem[sp[0] & 8191] = sp[-1]; sp -= 2; break;
        case OP_CALL: *++rsp = pc + 1 - code; pc = code + *pc; break;
        case OP_RET: pc = code + *rsp--; break;
        case OP_LDL: *++sp = vm.mem[*pc++]; break;
        case OP_STL: vm.mem[*pc++] = *sp--; break;
        case OP_INC: (*sp)++; break;
        case OP_DEC: (*sp)--; break;
        case OP_AND: sp[-1] &= sp[0]; sp--; break;
        default: return -1;
        }
    }
}

/* Sieve of Eratosthenes over mem[100 .. 100+n): returns the prime count.
 * Locals: mem[0]=n mem[1]=i mem[2]=j mem[3]=count. */
static const int32_t sieve[] = {
    /* 0 */ OP_STL, 0, OP_PUSH, 2, OP_STL, 1, OP_PUSH, 0, OP_STL, 3,
    /* clear: j = 0 .. n */
    /* 10 */ OP_PUSH, 0, OP_STL, 2,
    /* 14 */ OP_LDL, 2, OP_LDL, 0, OP_LT, OP_JZ, 37,
    /* 21 */ OP_PUSH, 0, OP_LDL, 2, OP_PUSH, 100, OP_ADD, OP_STORE,
    /* 29 */ OP_LDL, 2, OP_INC, OP_STL, 2, OP_JMP, 14, OP_HALT,
    /* outer loop: while i < n */
    /* 37 */ OP_LDL, 1, OP_LDL, 0, OP_LT, OP_JZ, 97,
    /* if mem[100+i] == 0 */
    /* 44 */ OP_LDL, 1, OP_PUSH, 100, OP_ADD, OP_LOAD, OP_JNZ, 89,
    /* count++ */
    /* 52 */ OP_LDL, 3, OP_INC, OP_STL, 3,
    /* j = i*i */
    /* 57 */ OP_LDL, 1, OP_DUP, OP_MUL, OP_STL, 2,
    /* 63 */ OP_LDL, 2, OP_LDL, 0, OP_LT, OP_JZ, 89,
    /* 70 */ OP_PUSH, 1, OP_LDL, 2, OP_PUSH, 100, OP_ADD, OP_STORE,
    /* 78 */ OP_LDL, 2, OP_LDL, 1, OP_ADD, OP_STL, 2, OP_JMP, 63,
    /* 87 */ OP_HALT, OP_HALT,
    /* 89 */ OP_LDL, 1, OP_INC, OP_STL, 1, OP_JMP, 37, OP_HALT,
    /* 97 */ OP_LDL, 3, OP_HALT,
};

/* Sum of gcd(a, 1000) for a in 1..n (Euclid with MOD). mem[10]=a mem[11]=sum */
static const int32_t gcdsum[] = {
    /* 0 */ OP_STL, 12, OP_PUSH, 1, OP_STL, 10, OP_PUSH, 0, OP_STL, 11,
    /* 10 */ OP_LDL, 12, OP_LDL, 10, OP_LT, OP_JNZ, 47,
    /* x = a, y = 1000 on the stack: loop while y != 0: (x, y) = (y, x % y) */
    /* 17 */ OP_LDL, 10, OP_PUSH, 1000,
    /* 21 */ OP_DUP, OP_JZ, 31, OP_SWAP, OP_OVER, OP_MOD, OP_JMP, 21, OP_HALT, OP_HALT,
    /* 31 */ OP_POP, OP_LDL, 11, OP_ADD, OP_STL, 11,
    /* 37 */ OP_LDL, 10, OP_INC, OP_STL, 10, OP_JMP, 10, OP_HALT, OP_HALT, OP_HALT,
    /* 47 */ OP_LDL, 11, OP_HALT,
};

/* Recursive Fibonacci: fib(n) = n < 2 ? n : fib(n-1) + fib(n-2). */
static const int32_t fibrec[] = {
    /* 0 */ OP_CALL, 3, OP_HALT,
    /* 3 */ OP_DUP, OP_PUSH, 2, OP_LT, OP_JZ, 10, OP_RET,
    /* 10 */ OP_DUP, OP_DEC, OP_CALL, 3, OP_SWAP, OP_PUSH, 2, OP_SUB, OP_CALL, 3, OP_ADD,
    /* 21 */ OP_RET,
};

int main(void)
{
    uint64_t sum = 0, t0, t1;
    int64_t primes = 0, g = 0, f = 0;

    /* Sanity: 1229 primes below 10000; fib(20) = 6765; the gcd sum is
     * checked against the same computation in C. */
    check_eq("bytecode sieve(8000)", (uint64_t)run(sieve, 8000), 1007);
    check_eq("bytecode fib(20)", (uint64_t)run(fibrec, 20), 6765);
    {
        uint64_t want = 0;
        for (uint64_t a = 1; a <= 500; a++) {
            uint64_t x = a, y = 1000;
            while (y) {
                uint64_t t = x % y;
                x = y;
                y = t;
            }
            want += x;
        }
        check_eq("bytecode gcd sum(500)", (uint64_t)run(gcdsum, 500), want);
    }

    t0 = bench_ticks();
    for (unsigned r = 0; r < ROUNDS; r++) {
        primes = run(sieve, 8000);
        g = run(gcdsum, 3000 + r);
        f = run(fibrec, 18 + (r & 1));
        sum = sum * 1000003 + (uint64_t)(primes + g + f);
    }
    t1 = bench_ticks();
    bench_report("interp", sum, t0, t1);
    return 0;
}
