/* SPDX-License-Identifier: MIT */
/* helpers.h - HelperId enum and prototypes generated from helpers.def. */
#ifndef A64EMU_HELPERS_H
#define A64EMU_HELPERS_H

#include <stdint.h>

#include "../translator/ir.h"

typedef enum HelperId {
#define HELPER(name, nargs, ret, flags) HELPER_##name,
#include "helpers.def"
#undef HELPER
    HELPER_COUNT
} HelperId;

#define HELPER(name, nargs, ret, flags) \
    uint64_t helper_##name(void *cpu, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3);
#include "helpers.def"
#undef HELPER

#endif
