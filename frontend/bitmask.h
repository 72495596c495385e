/* SPDX-License-Identifier: MIT */
/*
 * bitmask.h - DecodeBitMasks() of the A64 logical-immediate and bitfield
 * encodings (DDI 0487 J1.1.3 aarch64/instrs/integer/bitmasks/DecodeBitMasks).
 */
#ifndef A64EMU_BITMASK_H
#define A64EMU_BITMASK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * The full pseudocode function. is64 selects the register width M (64 or
 * 32; with M = 32 the results are 32-bit values, zero-extended). immediate
 * is true for the logical-immediate instructions, where an all-ones element
 * (imms == levels) is reserved. Returns false for every encoding the
 * pseudocode calls UNDEFINED (including N = 1 with M = 32); the outputs are
 * then left untouched. Either output pointer may be NULL.
 */
bool a64_decode_bit_masks(bool is64, unsigned n, unsigned imms, unsigned immr,
                          bool immediate, uint64_t *wmask, uint64_t *tmask);

/* The logical-immediate form: wmask of DecodeBitMasks(N, imms, immr, TRUE). */
static inline bool a64_decode_bitmask(bool is64, unsigned n, unsigned imms, unsigned immr,
                                      uint64_t *wmask)
{
    return a64_decode_bit_masks(is64, n, imms, immr, true, wmask, NULL);
}

#endif
