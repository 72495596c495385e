/* SPDX-License-Identifier: MIT */
/*
 * cpu_exec.c - the vCPU main loop: between blocks it handles requests,
 * interrupts and power state, finds the next block by (physical PC,
 * translation flags) in the code cache or translates it (lift, optimise,
 * verify in debug builds, compile), chains the previous block to it, and
 * runs it. Exceptions raised inside a block (a64_raise) longjmp back here
 * with the architectural state already updated.
 */
#include <glib.h>
#include <inttypes.h>
#include <stdlib.h>

#include "../translator/log.h"
#include "cpu.h"
#include "exception.h"
#include "memaccess.h"
#include "translate.h"
#include "../devices/virt.h"

/* Scratch IR for translation, one per vCPU thread. */
static __thread IrBlock tl_ir;
static __thread bool tl_ir_ready;

static IrBlock *scratch_block(uint64_t pc)
{
    if (!tl_ir_ready) {
        ir_block_init(&tl_ir, pc);
        tl_ir_ready = true;
    }
    return &tl_ir;
}

/* A block that raises UNDEFINED at pc: what a block the engine cannot
 * take becomes (a translator bug, logged), instead of crashing the host. */
static void gen_undef_block(A64Cpu *cpu, const TbKey *key, IrBlock *b)
{
    ir_block_reset(b, key->pc);
    DisasContext s = {
        .cpu = cpu,
        .b = b,
        .pc = key->pc,
        .tb_flags = key->flags,
        .el = a64_tb_flags_el(key->flags),
        .mmu_idx = a64_tb_flags_mmu_idx(key->flags),
        .mmu_idx_unpriv = a64_tb_flags_unpriv_idx(key->flags),
    };
    ir_set_guest_pc(b, key->pc);
    a64_gen_undef(&s);
    b->guest_insns = 1;
    b->guest_bytes = 4;
}

#ifndef NDEBUG
/* Report a block that fails verification, with its IR, to the log. */
static void report_bad_block(const IrBlock *b, const char *stage)
{
    FILE *f = log_file();
    flockfile(f);
    fprintf(f, "a64emu: internal error: IR %s at 0x%016" PRIx64 " fails verification:\n", stage,
            b->pc);
    ir_verify(b, f);
    ir_print(b, f);
    funlockfile(f);
}
#endif

static TranslationBlock *tb_gen(A64Cpu *cpu, const TbKey *key)
{
    IrBlock *b = scratch_block(key->pc);
    a64_translate_block(cpu, key->pc, key->flags, b);
    if (log_on(LOG_OP_RAW)) {
        FILE *f = log_file();
        flockfile(f);
        fprintf(f, "OP (raw):\n");
        ir_print(b, f);
        fputc('\n', f);
        funlockfile(f);
    }
#ifndef NDEBUG
    if (!ir_verify(b, NULL)) {
        report_bad_block(b, "from the lifter");
        gen_undef_block(cpu, key, b);
    } else {
        ir_optimize(b);
        if (!ir_verify(b, NULL)) {
            report_bad_block(b, "after optimisation");
            /* the passes are at fault: run the block unoptimised */
            a64_translate_block(cpu, key->pc, key->flags, b);
        }
    }
#else
    ir_optimize(b);
#endif
    if (log_on(LOG_OP)) {
        FILE *f = log_file();
        flockfile(f);
        fprintf(f, "OP:\n");
        ir_print(b, f);
        fputc('\n', f);
        funlockfile(f);
    }
    TranslationBlock *tb = codecache_insert(cpu->cc, key, b);
    if (!tb) {
        log_printf("a64emu: internal error: engine rejected the block at 0x%016" PRIx64
                   "; raising UNDEFINED instead\n",
                   key->pc);
        gen_undef_block(cpu, key, b);
        tb = codecache_insert(cpu->cc, key, b);
        if (!tb) {
            log_printf("a64emu: internal error: cannot compile an UNDEF block; stopping CPU %u\n",
                       cpu->index);
            cpu->powered_off = true;
        }
    }
    return tb;
}

static void setup_engine(A64Cpu *cpu)
{
    EngineEnv *env = &cpu->env;
    env->cpu = cpu;
    env->regs = cpu->x;
    env->nzcv = &cpu->nzcv;
    env->pc = &cpu->pc;
    env->cpu_base = (uint8_t *)cpu;
    env->tlb = &cpu->tlb;
    env->exit_request = &cpu->exit_request;
    env->load_slow = a64_load_slow;
    env->store_slow = a64_store_slow;
    env->set_pc = a64_set_pc;
    cpu->cc = codecache_new(&backend_interp, env);
}

static inline bool cpu_should_stop(const A64Cpu *cpu)
{
    return cpu->powered_off || (cpu->machine && cpu->machine->shutdown);
}

int a64_cpu_run(A64Cpu *cpu)
{
    if (!cpu->cc)
        setup_engine(cpu);
    EngineEnv *env = &cpu->env;
    CodeCache *cc = cpu->cc;
    /* PC the last block left with: the chaining candidate env->last_tb is
     * only linked to the block found for this very PC. */
    uint64_t link_pc = 0;
    volatile unsigned ntranslated = 0;

    env->last_tb = NULL;
    /* -d exec logs every block: no engine-side jumps past the dispatcher */
    if (log_on(LOG_EXEC))
        env->jump_cache = NULL;
    engine_ctc_flush(env);
    if (sigsetjmp(cpu->jmp_env, 0) != 0) {
        /* an exception was taken (or ERET done) inside a block or the
         * translator: a context synchronization event */
        env->last_tb = NULL;
        engine_ctc_flush(env);
        cpu->insn_count = env->insn_count;
    }

    for (;;) {
        if (cpu->exit_request) {
            cpu->exit_request = 0;
            __atomic_thread_fence(__ATOMIC_SEQ_CST);
            engine_ctc_flush(env); /* e.g. TLB maintenance by another CPU */
        }
        if (cpu_should_stop(cpu))
            break;
        if (a64_check_interrupts(cpu)) {
            env->last_tb = NULL;
            engine_ctc_flush(env);
        }
        if (cpu->halted) {
            /* WFI: wait for an interrupt or a request */
            env->last_tb = NULL;
            engine_ctc_flush(env);
            if (!cpu->exit_request)
                g_usleep(100);
            continue;
        }

        /* drop blocks invalidated meanwhile (may clear env->last_tb) */
        codecache_collect(cc);

        uint64_t pc = cpu->pc;
        uint32_t flags = a64_tb_flags(cpu);
        unsigned idx = a64_tb_flags_mmu_idx(flags);
        if (idx >= TLB_MMU_IDX_COUNT)
            idx = A64_MMU_IDX_PHYS;
        uint64_t pa;
        A64Exception exc;
        if (!a64_translate_va(cpu, pc, A64_ACC_EXEC, idx, pc, &pa, &exc))
            a64_raise(cpu, &exc);
        /* remembered for jumps into this page from other blocks */
        EngineCodeTlb *ce = engine_ctc_entry(env, pc);
        *ce = (EngineCodeTlb){pc & A64_PAGE_MASK, pa & A64_PAGE_MASK, flags, env->ctc_gen};

        TbKey key = {.pc = pc, .pa = pa, .flags = flags};
        TranslationBlock *tb = codecache_lookup(cc, &key);
        if (!tb) {
            tb = tb_gen(cpu, &key);
            if (!tb)
                break;
            ntranslated++;
        }
        if (env->last_tb) {
            /* with -d exec every block goes through here, as QEMU's
             * -d exec,nochain */
            if (link_pc == pc && !log_on(LOG_EXEC))
                codecache_link(cc, env->last_tb, env->last_exit, tb);
            env->last_tb = NULL;
        }
        if (log_on(LOG_EXEC))
            log_printf("Trace %u: %p [%016" PRIx64 "/%016" PRIx64 "/%08" PRIx32 "]\n",
                       cpu->index, (void *)tb, pa, pc, flags);

        codecache_execute(cc, tb);
        cpu->insn_count = env->insn_count;
        link_pc = cpu->pc;
    }
    cpu->insn_count = env->insn_count;
    if (getenv("A64EMU_STATS"))
        fprintf(stderr, "a64emu: cpu %u: %" PRIu64 " guest instructions, %u blocks translated\n",
                cpu->index, cpu->insn_count, ntranslated);
    return cpu->exit_code;
}
