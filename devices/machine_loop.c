/* SPDX-License-Identifier: MIT */
/*
 * machine_loop.c - runs the vCPUs of a machine on one host thread: round
 * robin time slices over the powered-on CPUs, the generic timers and host
 * input serviced between slices, and a host thread that sleeps while every
 * CPU waits (WFI/WFE) until the earliest timer deadline, input or a kick.
 *
 * Slices end at a deadline enforced by a "ticker" thread, which kicks the
 * running CPU (a64_cpu_kick) at the end of its slice or at the next timer
 * deadline of any CPU, whichever comes first. The slice itself is
 * a64_cpu_run_slice(), which returns on a kick, a halt or a power change.
 *
 * Moving to one host thread per vCPU keeps these pieces: each thread would
 * run this loop over its own CPU with its own A64Waiter (cpu->waiter) and
 * ticker deadline; kicks, set_line and the timers already work from any
 * thread.
 */
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <time.h>

#include "../timer/counter.h"
#include "../timer/timer.h"
#include "chardev.h"
#include "virt.h"

/* Host time a CPU runs before the next one gets its turn (and the devices
 * are polled); longer when it is the only CPU that can run (fewer slice
 * ends: each one breaks block chaining), which only delays host input a
 * little: timer deadlines are armed exactly. */
#define SLICE_NS (4ull * 1000000ull)
#define SLICE_SOLO_NS (20ull * 1000000ull)
/* Longest idle sleep: requests that do not kick (a signal handler's
 * shutdown) are seen within this. */
#define IDLE_MAX_NS (50ull * 1000000ull)

typedef struct Ticker {
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t cond;         /* CLOCK_MONOTONIC */
    A64Cpu *running;             /* the CPU to kick at the deadline, or NULL */
    uint64_t deadline;           /* counter_ns(); UINT64_MAX: none */
    uint64_t sleeping_until;     /* what the ticker thread waits for */
    bool stop;
} Ticker;

/* counter_ns() time -> absolute CLOCK_MONOTONIC timespec */
static struct timespec mono_at(uint64_t deadline_ns)
{
    struct timespec ts;
    uint64_t now = counter_ns();
    uint64_t delta = deadline_ns > now ? deadline_ns - now : 0;
    if (delta > 3600ull * 1000000000ull) {
        delta = 3600ull * 1000000000ull;
    }
    clock_gettime(CLOCK_MONOTONIC, &ts);
    uint64_t abs = (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec + delta;
    ts.tv_sec = (time_t)(abs / 1000000000ull);
    ts.tv_nsec = (long)(abs % 1000000000ull);
    return ts;
}

static void *ticker_main(void *opaque)
{
    Ticker *t = opaque;
    pthread_mutex_lock(&t->lock);
    while (!t->stop) {
        if (!t->running || t->deadline == UINT64_MAX) {
            t->sleeping_until = UINT64_MAX;
            pthread_cond_wait(&t->cond, &t->lock);
            continue;
        }
        uint64_t dl = t->deadline;
        if (counter_ns() >= dl) {
            a64_cpu_kick(t->running);
            t->deadline = UINT64_MAX;
            continue;
        }
        t->sleeping_until = dl;
        struct timespec ts = mono_at(dl);
        pthread_cond_timedwait(&t->cond, &t->lock, &ts);
    }
    pthread_mutex_unlock(&t->lock);
    return NULL;
}

static bool ticker_start(Ticker *t)
{
    pthread_condattr_t ca;
    pthread_mutex_init(&t->lock, NULL);
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&t->cond, &ca);
    pthread_condattr_destroy(&ca);
    t->running = NULL;
    t->deadline = UINT64_MAX;
    t->sleeping_until = UINT64_MAX;
    t->stop = false;
    /* the main thread handles the host's signals (SIGINT, SIGTERM) */
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &old);
    bool ok = pthread_create(&t->thread, NULL, ticker_main, t) == 0;
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    return ok;
}

static void ticker_stop(Ticker *t)
{
    pthread_mutex_lock(&t->lock);
    t->stop = true;
    pthread_cond_signal(&t->cond);
    pthread_mutex_unlock(&t->lock);
    pthread_join(t->thread, NULL);
    pthread_cond_destroy(&t->cond);
    pthread_mutex_destroy(&t->lock);
}

/* Kick cpu at deadline (counter_ns()). The ticker thread is woken only if
 * it sleeps past the new deadline: slices that end early leave it asleep. */
static void ticker_arm(Ticker *t, A64Cpu *cpu, uint64_t deadline)
{
    pthread_mutex_lock(&t->lock);
    t->running = cpu;
    t->deadline = deadline;
    if (deadline < t->sleeping_until) {
        pthread_cond_signal(&t->cond);
    }
    pthread_mutex_unlock(&t->lock);
}

static void ticker_disarm(Ticker *t)
{
    pthread_mutex_lock(&t->lock);
    t->running = NULL;
    t->deadline = UINT64_MAX;
    pthread_mutex_unlock(&t->lock);
}

/* The ticker of the running machine_run(), for machine_deadline_hint(). */
static Ticker *active_ticker;

void machine_deadline_hint(Machine *m, A64Cpu *cpu, uint64_t deadline_ns)
{
    Ticker *t = __atomic_load_n(&active_ticker, __ATOMIC_ACQUIRE);
    (void)m;
    if (!t) {
        return;
    }
    pthread_mutex_lock(&t->lock);
    if (t->running == cpu && deadline_ns < t->deadline) {
        t->deadline = deadline_ns;
        if (deadline_ns < t->sleeping_until) {
            pthread_cond_signal(&t->cond);
        }
    }
    pthread_mutex_unlock(&t->lock);
}

void machine_cpu_woken(Machine *m, A64Cpu *cpu)
{
    Ticker *t = __atomic_load_n(&active_ticker, __ATOMIC_ACQUIRE);
    (void)m;
    if (!t) {
        return;
    }
    pthread_mutex_lock(&t->lock);
    if (t->running && t->running != cpu) {
        uint64_t dl = counter_ns() + SLICE_NS;
        if (dl < t->deadline) {
            t->deadline = dl;
            if (dl < t->sleeping_until) {
                pthread_cond_signal(&t->cond);
            }
        }
    }
    pthread_mutex_unlock(&t->lock);
}

static void input_arrived(void *opaque)
{
    a64_waiter_notify(opaque);
}

/* The loop's waiter is static: a host thread (the input reader) may still
 * be inside a64_waiter_notify() when machine_run() returns. One
 * machine_run() at a time per process. */
static A64Waiter loop_waiter;
static pthread_once_t loop_waiter_once = PTHREAD_ONCE_INIT;

static void loop_waiter_init(void)
{
    a64_waiter_init(&loop_waiter);
}

int machine_run(Machine *m)
{
    pthread_once(&loop_waiter_once, loop_waiter_init);
    A64Waiter *w = &loop_waiter;
    Ticker ticker;
    Ticker *tk = &ticker;
    for (unsigned i = 0; i < m->ncpus; i++) {
        __atomic_store_n(&m->cpus[i]->waiter, w, __ATOMIC_RELEASE);
    }
    chardev_set_input_notify(m->serial, input_arrived, w);
    bool ticking = ticker_start(tk);
    if (ticking) {
        __atomic_store_n(&active_ticker, tk, __ATOMIC_RELEASE);
    }

    unsigned next = 0;
    while (!m->shutdown) {
        uint64_t seen = a64_waiter_seq(w);
        machine_poll_io(m);

        /* timers first (they may raise lines), then the next CPU in turn
         * that can run: not halted, or halted with a wake-up event */
        A64Cpu *run = NULL;
        unsigned run_i = 0, nrunnable = 0;
        for (unsigned k = 0; k < m->ncpus; k++) {
            unsigned i = (next + k) % m->ncpus;
            A64Cpu *c = m->cpus[i];
            if (c->powered_off) {
                continue;
            }
            timer_update(c);
            if (c->halted && c->wfe_halt) {
                nrunnable++; /* it gets an event after this slice */
            }
            if (!c->halted || a64_cpu_wakeup_pending(c)) {
                nrunnable++;
                if (!run) {
                    run = c;
                    run_i = i;
                }
            }
        }
        uint64_t now = counter_ns();
        uint64_t dl = UINT64_MAX;
        for (unsigned i = 0; i < m->ncpus; i++) {
            A64Cpu *c = m->cpus[i];
            /* A CPU waiting in WFE is let run again after the next slice
             * (below): its deadlines, event stream included, need not cut
             * the running CPU's slice short. */
            if (!c->powered_off && !(run && c->halted && c->wfe_halt)) {
                uint64_t d = timer_next_deadline_ns(c);
                dl = d < dl ? d : dl;
            }
        }

        if (!run) {
            /* every CPU waits (or is off): sleep until an event */
            if (dl > now + IDLE_MAX_NS) {
                dl = now + IDLE_MAX_NS;
            }
            a64_waiter_wait(w, seen, dl);
            continue;
        }
        next = run_i + 1;
        uint64_t slice = nrunnable > 1 ? SLICE_NS : SLICE_SOLO_NS;
        if (dl > now + slice) {
            dl = now + slice;
        }
        /* a stale kick (e.g. the ticker firing just after the CPU's last
         * slice ended) must not cut this slice; a kick from now on must
         * (a64_cpu_run_slice keeps it) */
        __atomic_store_n(&run->kick_pending, 0, __ATOMIC_RELEASE);
        if (ticking) {
            ticker_arm(tk, run, dl);
        }
        a64_cpu_run_slice(run);
        if (ticking) {
            ticker_disarm(tk);
        }
        /* WFE waits for an event; the one we do not model is the clearing
         * of the global exclusive monitor by another CPU's store (how a
         * spinlock release wakes a waiter without SEV). A CPU that waited
         * while another one ran gets a conservative event (WFE may always
         * end spuriously), which makes WFE in SMP work like QEMU's yield. */
        for (unsigned i = 0; i < m->ncpus; i++) {
            A64Cpu *c = m->cpus[i];
            if (c != run && c->halted && c->wfe_halt && !c->powered_off) {
                __atomic_store_n(&c->event_reg, true, __ATOMIC_RELEASE);
            }
        }
    }

    if (ticking) {
        __atomic_store_n(&active_ticker, NULL, __ATOMIC_RELEASE);
        ticker_stop(tk);
    }
    chardev_set_input_notify(m->serial, NULL, NULL);
    for (unsigned i = 0; i < m->ncpus; i++) {
        __atomic_store_n(&m->cpus[i]->waiter, NULL, __ATOMIC_RELEASE);
        a64_cpu_print_stats(m->cpus[i]);
    }
    return m->exit_code;
}
