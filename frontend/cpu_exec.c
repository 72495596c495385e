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
#include <time.h>

#include "../translator/log.h"
#include "cpu.h"
#include "exception.h"
#include "memaccess.h"
#include "translate.h"
#include "../devices/virt.h"
#include "../gic/gic.h"
#include "../timer/counter.h"
#include "../timer/timer.h"

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

/* ---- waking and sleeping (any thread) ---------------------------------- */

void a64_waiter_init(A64Waiter *w)
{
    pthread_condattr_t ca;
    pthread_mutex_init(&w->lock, NULL);
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&w->cond, &ca);
    pthread_condattr_destroy(&ca);
    w->seq = 0;
}

void a64_waiter_notify(A64Waiter *w)
{
    pthread_mutex_lock(&w->lock);
    w->seq++;
    pthread_cond_broadcast(&w->cond);
    pthread_mutex_unlock(&w->lock);
}

uint64_t a64_waiter_seq(A64Waiter *w)
{
    pthread_mutex_lock(&w->lock);
    uint64_t v = w->seq;
    pthread_mutex_unlock(&w->lock);
    return v;
}

void a64_waiter_wait(A64Waiter *w, uint64_t seen, uint64_t deadline_ns)
{
    pthread_mutex_lock(&w->lock);
    while (w->seq == seen) {
        uint64_t now = counter_ns();
        if (now >= deadline_ns)
            break;
        /* counter_ns() is CLOCK_MONOTONIC less an epoch: convert */
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        uint64_t delta = deadline_ns - now;
        if (delta > 3600ull * 1000000000ull)
            delta = 3600ull * 1000000000ull;
        uint64_t abs = (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec + delta;
        ts.tv_sec = (time_t)(abs / 1000000000ull);
        ts.tv_nsec = (long)(abs % 1000000000ull);
        pthread_cond_timedwait(&w->cond, &w->lock, &ts);
    }
    pthread_mutex_unlock(&w->lock);
}

void a64_cpu_kick(A64Cpu *cpu)
{
    __atomic_store_n(&cpu->kick_pending, 1, __ATOMIC_RELEASE);
    /* chained blocks check exit_request at every jump (backend_interp.c) */
    __atomic_store_n(&cpu->exit_request, 1, __ATOMIC_RELEASE);
    A64Waiter *w = __atomic_load_n(&cpu->waiter, __ATOMIC_ACQUIRE);
    if (w)
        a64_waiter_notify(w);
}

/* The CPU this host thread is running a slice of (NULL between slices). */
static __thread A64Cpu *tl_running;

/* Only a rising line needs the CPU's attention: a falling one (an
 * interrupt acknowledged, a timer masked) changes nothing it must act on.
 * A line the running CPU raises itself (an SGI to self, a timer or GIC
 * register write) only has to stop block chaining so the loop checks
 * interrupts; ending its slice for that would cost every interrupt a
 * round of the machine loop. */
void a64_cpu_set_line(A64Cpu *cpu, uint32_t line, bool level)
{
    uint32_t old = level ? __atomic_fetch_or(&cpu->irq_lines, line, __ATOMIC_SEQ_CST)
                         : __atomic_fetch_and(&cpu->irq_lines, ~line, __ATOMIC_SEQ_CST);
    if (!level || (old & line))
        return;
    if (cpu == tl_running) {
        __atomic_store_n(&cpu->exit_request, 1, __ATOMIC_RELEASE);
    } else {
        a64_cpu_kick(cpu);
        if (cpu->machine)
            machine_cpu_woken(cpu->machine, cpu);
    }
}

/* HCR_EL2.VF, VI, VSE: virtual interrupts pended by the hypervisor
 * (exception.c takes them; they are WFI wake-up events too). */
#define HCR_VIRQ_BITS ((1ull << 6) | (1ull << 7) | (1ull << 8))

bool a64_cpu_wakeup_pending(const A64Cpu *cpu)
{
    if (__atomic_load_n(&cpu->irq_lines, __ATOMIC_ACQUIRE))
        return true;
    if (cpu->feat.el2 && (cpu->sr.hcr_el2 & HCR_VIRQ_BITS))
        return true;
    return cpu->wfe_halt && __atomic_load_n(&cpu->event_reg, __ATOMIC_ACQUIRE);
}

/* Halt after a WFI/WFE that would wait: the block ends after the
 * instruction (trans_WFI: DISAS_UPDATE) and exit_request keeps it from
 * chaining on, so the loop sees the halt at once. */
static void halt(A64Cpu *cpu, bool wfe)
{
    cpu->wfe_halt = wfe;
    cpu->halted = true;
    cpu->exit_request = 1;
}

/* WFI (C6.2.353): completes at once when an interrupt is pending (masked
 * or not), else waits. */
void a64_cpu_wfi(A64Cpu *cpu)
{
    if (a64_cpu_wakeup_pending(cpu))
        return;
    halt(cpu, false);
}

/* WFE (C6.2.352): consumes the event register if set; else waits for an
 * event (SEV from another PE, the event stream, an exception return...)
 * or any WFI wake-up event. */
void a64_cpu_wfe(A64Cpu *cpu)
{
    if (__atomic_exchange_n(&cpu->event_reg, false, __ATOMIC_ACQ_REL))
        return;
    if (a64_cpu_wakeup_pending(cpu))
        return;
    halt(cpu, true);
}

/* SEV: set every PE's event register and wake those waiting in WFE. */
void a64_cpu_sev(A64Cpu *cpu)
{
    Machine *m = cpu->machine;
    if (!m) {
        __atomic_store_n(&cpu->event_reg, true, __ATOMIC_RELEASE);
        return;
    }
    for (unsigned i = 0; i < m->ncpus; i++) {
        A64Cpu *c = m->cpus[i];
        if (!c)
            continue;
        __atomic_store_n(&c->event_reg, true, __ATOMIC_RELEASE);
        if (c != cpu && c->halted && c->wfe_halt)
            a64_cpu_kick(c);
    }
}

/* ---- the loop ------------------------------------------------------------ */

static __thread unsigned tl_ntranslated;

void a64_cpu_run_slice(A64Cpu *cpu)
{
    if (!cpu->cc)
        setup_engine(cpu);
    EngineEnv *env = &cpu->env;
    CodeCache *cc = cpu->cc;
    /* PC the last block left with: the chaining candidate env->last_tb is
     * only linked to the block found for this very PC. */
    uint64_t link_pc = 0;

    /* the GICv2 banked registers ask which vCPU does an MMIO access */
    a64_current_cpu = cpu;
    tl_running = cpu;
    /* A kick pending here is NOT dropped: the machine loop clears stale
     * kicks before it arms the ticker, so one pending now is the ticker's
     * end of this very slice (it fired while this thread was descheduled
     * between arming and starting); dropping it lost the slice end for
     * good and let one vCPU spin forever waiting for another (the
     * intermittent -smp 2 hang of Linux in stop_machine under host load). */
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
            if (cpu->kick_pending) {
                cpu->kick_pending = 0;
                break;
            }
        }
        if (cpu_should_stop(cpu))
            break;
        if (a64_check_interrupts(cpu)) {
            env->last_tb = NULL;
            engine_ctc_flush(env);
        }
        if (cpu->halted) {
            /* WFI/WFE: leave the slice unless a wake-up event is here */
            if (!a64_cpu_wakeup_pending(cpu))
                break;
            if (cpu->wfe_halt)
                __atomic_store_n(&cpu->event_reg, false, __ATOMIC_RELAXED);
            cpu->halted = false;
            cpu->wfe_halt = false;
            env->last_tb = NULL;
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
            tl_ntranslated++;
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
    env->last_tb = NULL;
    cpu->insn_count = env->insn_count;
    tl_running = NULL;
}

void a64_cpu_print_stats(const A64Cpu *cpu)
{
    if (getenv("A64EMU_STATS"))
        fprintf(stderr, "a64emu: cpu %u: %" PRIu64 " guest instructions, %u blocks translated\n",
                cpu->index, cpu->insn_count, tl_ntranslated);
}

/* Idle sleeps are bounded so that requests that do not kick (a signal
 * handler's shutdown) are still seen. */
#define IDLE_MAX_NS (50ull * 1000000ull)

/* One CPU on the calling thread, without a ticker: the slices end only on
 * halts, kicks and shutdown, so a timer interrupt reaches a busy CPU only
 * when something else kicks it (tests; machine_run() is the real loop). */
int a64_cpu_run(A64Cpu *cpu)
{
    if (!cpu->waiter) {
        a64_waiter_init(&cpu->own_waiter);
        __atomic_store_n(&cpu->waiter, &cpu->own_waiter, __ATOMIC_RELEASE);
    }
    for (;;) {
        uint64_t seen = a64_waiter_seq(cpu->waiter);
        if (cpu->timer)
            timer_update(cpu);
        if (cpu->machine)
            machine_poll_io(cpu->machine);
        if (cpu_should_stop(cpu))
            break;
        if (cpu->halted && !a64_cpu_wakeup_pending(cpu)) {
            uint64_t now = counter_ns();
            uint64_t dl = cpu->timer ? timer_next_deadline_ns(cpu) : UINT64_MAX;
            if (dl > now + IDLE_MAX_NS)
                dl = now + IDLE_MAX_NS;
            a64_waiter_wait(cpu->waiter, seen, dl);
            continue;
        }
        a64_cpu_run_slice(cpu);
    }
    a64_cpu_print_stats(cpu);
    return cpu->exit_code;
}
