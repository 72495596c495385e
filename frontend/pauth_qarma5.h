/* SPDX-License-Identifier: MIT */
/*
 * pauth_qarma5.h - the two pointer-authentication code functions of -cpu
 * max: the architected QARMA5 ("ComputePAC", DDI 0487 J1.1.2 shared
 * pseudocode, aarch64/functions/pac) and the cheap IMPDEF one that QEMU
 * selects with pauth-impdef=on.
 */
#ifndef A64EMU_PAUTH_QARMA5_H
#define A64EMU_PAUTH_QARMA5_H

#include <stdint.h>

/* ComputePAC(data, modifier, key0 = APxxKeyHi, key1 = APxxKeyLo): QARMA-64
 * with 5 rounds and the S-box sigma2 of the QARMA paper. */
uint64_t pauth_qarma5(uint64_t data, uint64_t modifier, uint64_t key0, uint64_t key1);

/* The IMPDEF algorithm of QEMU's "max" with pauth-impdef=on: XXH64 (seed 1)
 * over the four 64-bit words data, modifier, key low, key high. Matches
 * QEMU 7.2 bit for bit so that guests see the same PACs under both. */
uint64_t pauth_impdef(uint64_t data, uint64_t modifier, uint64_t key_lo, uint64_t key_hi);

/* For tests: QARMA-64 encryption with r rounds (1..7) and S-box sigma0,
 * sigma1 or sigma2 (sbox = 0..2), key w0:k0, tweak T, as in the QARMA paper
 * (Avanzi, ToSC 2017(1)). pauth_qarma5() is r = 5, sbox = 2. */
uint64_t pauth_qarma64(uint64_t plaintext, uint64_t tweak, uint64_t w0, uint64_t k0,
                       unsigned rounds, unsigned sbox);

#endif
