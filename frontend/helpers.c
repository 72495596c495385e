/* SPDX-License-Identifier: MIT */
/* helpers.c - the helper table the IR's CALL op indexes (from helpers.def). */
#include "helpers.h"

const IrHelperInfo ir_helpers[] = {
#define HELPER(name, nargs, ret, flags) \
    [HELPER_##name] = {#name, helper_##name, nargs, flags, ret},
#include "helpers.def"
#undef HELPER
};

const unsigned ir_helper_count = HELPER_COUNT;
