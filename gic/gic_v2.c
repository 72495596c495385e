/* SPDX-License-Identifier: MIT */
/* gic_v2.c - GICv2 memory-mapped registers (placeholder: RAZ/WI). */
#include "gic_internal.h"

static bool raz_read(void *opaque, uint64_t off, unsigned size, uint64_t *value)
{
    *value = 0;
    return true;
}

static bool wi_write(void *opaque, uint64_t off, unsigned size, uint64_t value)
{
    return true;
}

const MemRegionOps gic_v2_dist_ops = { .read = raz_read, .write = wi_write };
const MemRegionOps gic_v2_cpu_ops = { .read = raz_read, .write = wi_write };
const MemRegionOps gic_v2_hyp_ops = { .read = raz_read, .write = wi_write };
const MemRegionOps gic_v2_vcpu_ops = { .read = raz_read, .write = wi_write };
