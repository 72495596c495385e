/* SPDX-License-Identifier: MIT */
/*
 * fpref.h - what the FP reference test's two halves share: the operation
 * ids (fpops.def) and the binary records they exchange.
 */
#ifndef A64EMU_FPREF_H
#define A64EMU_FPREF_H

#include <stdint.h>

#include "../../../frontend/fpu/softfp.h"

enum {
    K_BIN, K_TER, K_UN, K_RINT, K_RINTN, K_CMP, K_CVT, K_BFCVT, K_F2I, K_I2F, K_FJCVT,
    K_UEST, K_FMLAL, K_BFDOT, K_BFMLAL,
};

enum {
#define FPOP(id, insn, kind, fmt, p1, p2, p3) OP_##id,
#include "fpops.def"
#undef FPOP
    OP_COUNT
};

/* One case: the host writes these to fpref's stdin... */
typedef struct FpCase {
    uint32_t op;
    uint32_t fpcr;
    uint64_t a, b, c;
} FpCase;

/* ...and reads these back. */
typedef struct FpResult {
    uint64_t r;      /* the destination register (V or X), zero-extended */
    uint32_t fpsr;
    uint32_t nzcv;
} FpResult;

#endif
