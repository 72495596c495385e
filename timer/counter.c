/* SPDX-License-Identifier: MIT */
/* counter.c - the 62.5 MHz system counter, from the host's CLOCK_MONOTONIC. */
#include "counter.h"

#include <stdatomic.h>
#include <time.h>

/* Epoch of the count: the host time of the first read. A process-wide
 * constant once set (all CPUs and machines see one system counter), set
 * with a compare-and-swap so racing vCPU threads agree. 0 = not yet set. */
static _Atomic uint64_t counter_epoch_ns;

static uint64_t host_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

uint64_t counter_ns(void)
{
    uint64_t now = host_ns();
    uint64_t epoch = atomic_load_explicit(&counter_epoch_ns, memory_order_acquire);
    if (epoch == 0) {
        uint64_t expected = 0;
        /* Keep the epoch nonzero even if the host clock reads 0. */
        uint64_t mine = now ? now : 1;
        if (atomic_compare_exchange_strong(&counter_epoch_ns, &expected, mine)) {
            epoch = mine;
        } else {
            epoch = expected;
        }
    }
    return now >= epoch ? now - epoch : 0;
}

uint64_t counter_ticks(void)
{
    return counter_ns_to_ticks(counter_ns());
}
