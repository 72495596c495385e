/* SPDX-License-Identifier: MIT */
/*
 * engine.h - translated blocks, the per-vCPU code cache, and the interface
 * both execution engines (interpreter, libgccjit) implement.
 *
 * The translator does not know the Arm CPU structure. The frontend hands
 * each vCPU's engine an EngineEnv: pointers to the guest state the IR's
 * GET_/SET_ ops reach, the soft TLB, and the memory slow paths. Helpers and
 * slow paths receive the opaque cpu pointer.
 *
 * Code caches are per vCPU (one host thread per vCPU, no locks on lookup);
 * a store to a code page invalidates the page's blocks in every vCPU's cache.
 */
#ifndef A64EMU_ENGINE_H
#define A64EMU_ENGINE_H

#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>

#include "../mmu/tlb.h"
#include "ir.h"

/* Code translation cache: the dispatcher's recent (virtual page -> physical
 * page) instruction-fetch translations for the current translation flags,
 * so that an engine can follow a jump into another page without going back
 * to the dispatcher. An entry is valid while gen == EngineEnv.ctc_gen; the
 * generation moves on at every context synchronization (a block ending in
 * DISPATCH, e.g. after ISB or a flag-changing MSR; an exception or ERET; an
 * interrupt) and at every exit request (remote TLB maintenance): only then
 * may a new translation apply to instruction fetch (DDI 0487 D8.14 and
 * B2.3.7 context synchronization). (added by interp) */
#define ENGINE_CTC_SIZE 64

typedef struct EngineCodeTlb {
    uint64_t va_page;
    uint64_t pa_page;
    uint32_t flags;
    uint32_t gen;
} EngineCodeTlb;

typedef struct EngineEnv {
    void *cpu;                   /* passed to helpers and slow paths */
    uint64_t *regs;              /* X0..X30, [31] = current SP */
    uint32_t *nzcv;              /* PSTATE.NZCV, bits 31:28 */
    uint64_t *pc;                /* architectural PC (written at block exit) */
    uint8_t *cpu_base;           /* base for LOAD_CPU/STORE_CPU offsets */
    Tlb *tlb;
    volatile int *exit_request;  /* nonzero: leave chained execution soon */
    /* Memory slow paths; pc is the guest address of the instruction doing
     * the access (for precise exceptions). They may longjmp to jmp_env. */
    uint64_t (*load_slow)(void *cpu, uint64_t va, unsigned memop, uint64_t pc);
    void (*store_slow)(void *cpu, uint64_t va, uint64_t value, unsigned memop, uint64_t pc);
    /* Called before a helper with IR_F_MAYEXC, so that an exception it
     * raises sees the right PC. */
    void (*set_pc)(void *cpu, uint64_t pc);
    uint64_t insn_count;         /* guest instructions retired (approximate per block) */
    /* Set by execute() when it leaves through a LINK/COND exit that has no
     * chained successor yet: that block and the exit index (0/1), so the
     * dispatcher can chain it to the next block (codecache_link). NULL when
     * the last exit was of another kind. (added by interp) */
    struct TranslationBlock *last_tb;
    unsigned last_exit;
    /* The code cache's jump cache: TB_JC_SIZE entries indexed by
     * tb_jc_index(pc), holding only valid blocks (or NULL). An engine may
     * look up an indirect-jump target here without going back to the
     * dispatcher when the target lies in the current block's page (same
     * translation, same flags); NULL disables that. (added by interp) */
    struct TranslationBlock **jump_cache;
    /* see EngineCodeTlb */
    EngineCodeTlb ctc[ENGINE_CTC_SIZE];
    uint32_t ctc_gen;
} EngineEnv;

static inline void engine_ctc_flush(EngineEnv *env)
{
    if (++env->ctc_gen == 0) {
        for (unsigned i = 0; i < ENGINE_CTC_SIZE; i++)
            env->ctc[i].gen = 0;
        env->ctc_gen = 1;
    }
}

static inline EngineCodeTlb *engine_ctc_entry(EngineEnv *env, uint64_t va)
{
    return &env->ctc[(va >> A64_PAGE_BITS) & (ENGINE_CTC_SIZE - 1)];
}

#define TB_JC_BITS 12
#define TB_JC_SIZE (1u << TB_JC_BITS)

static inline unsigned tb_jc_index(uint64_t pc)
{
    return (unsigned)((pc >> 2) ^ (pc >> (2 + TB_JC_BITS))) & (TB_JC_SIZE - 1);
}

/* Block key: guest VA, physical address of the first byte, and the
 * frontend's translation flags (EL, regime, PSTATE bits that change
 * decoding). */
typedef struct TbKey {
    uint64_t pc;
    uint64_t pa;
    uint32_t flags;
} TbKey;

typedef struct TranslationBlock TranslationBlock;
struct TranslationBlock {
    TbKey key;
    uint32_t guest_insns;
    uint32_t guest_bytes;        /* the block may span into the next page */
    uint64_t exec_count;
    void *code;                  /* engine-private executable form */
    TranslationBlock *link[2];   /* chained successors for LINK/COND exits */
    bool invalid;                /* unlinked, waiting to be freed */
    TranslationBlock *hash_next; /* code-cache internal */
    TranslationBlock *page_next[2]; /* code-cache internal: per-page lists */
};

typedef struct Backend {
    const char *name;
    /* Make a block executable. Returns false if the engine cannot (the
     * caller then uses the interpreter). */
    bool (*compile)(EngineEnv *env, const IrBlock *ir, TranslationBlock *tb);
    /* Run from tb, following chains, until a block exits to the dispatcher
     * or env->exit_request is set. On return *env->pc holds the next PC. */
    void (*execute)(EngineEnv *env, TranslationBlock *tb);
    void (*free_code)(TranslationBlock *tb);
} Backend;

extern const Backend backend_interp;

/* ---- code cache (translator/codecache.c) ---- */
typedef struct CodeCache CodeCache;

CodeCache *codecache_new(const Backend *backend, EngineEnv *env);
void codecache_free(CodeCache *cc);
TranslationBlock *codecache_lookup(CodeCache *cc, const TbKey *key);
/* Translate-and-insert: compiles ir into a new block for key and records
 * which physical pages (key.pa .. key.pa + guest_bytes - 1) it covers. */
TranslationBlock *codecache_insert(CodeCache *cc, const TbKey *key, const IrBlock *ir);
/* A physical page was written (or needs flushing): drop its blocks. */
void codecache_invalidate_page(CodeCache *cc, uint64_t pa_page);
void codecache_flush(CodeCache *cc);
/* Chain exit n (0/1) of from to to, so that execution goes straight on.
 * Ignored unless both blocks are valid, have the same flags, and to starts
 * in the same guest page (virtual and physical) as from: a chain must not
 * outlive a change of the page mapping, which the dispatcher re-checks on
 * every unchained entry. (added by interp) */
void codecache_link(CodeCache *cc, TranslationBlock *from, unsigned n, TranslationBlock *to);
/* Free blocks that were invalidated; call only between blocks. */
void codecache_collect(CodeCache *cc);
/* Run guest code from tb (engine execute). */
void codecache_execute(CodeCache *cc, TranslationBlock *tb);

#endif
