/* SPDX-License-Identifier: MIT */
/*
 * atomic_desc.h - the descriptor word trans_atomic.c passes to the helpers
 * in helper_atomic.c (one immediate argument instead of several).
 *
 * Bits 11:0 are an IrMemOp as made by a64_memop(): the size (log2 bytes of
 * one element) in IR_MO_SIZE and the mmu_idx in the A64_MO_IDX bits. Above:
 */
#ifndef A64EMU_ATOMIC_DESC_H
#define A64EMU_ATOMIC_DESC_H

#define ATOMIC_DESC_OP_SHIFT 12   /* 4 bits: AtomicOp (LSE RMW helpers) */
#define ATOMIC_DESC_PAIR_BIT 16   /* STXP: two elements; lse2_ordered_check: a store */
#define ATOMIC_DESC_RS_SHIFT 20   /* 5 bits: Rs (CASP) */
#define ATOMIC_DESC_RT_SHIFT 25   /* 5 bits: Rt (CASP) */

#define ATOMIC_DESC_OP(d) (((unsigned)(d) >> ATOMIC_DESC_OP_SHIFT) & 15u)
#define ATOMIC_DESC_PAIR(d) ((((unsigned)(d)) >> ATOMIC_DESC_PAIR_BIT) & 1u)
#define ATOMIC_DESC_RS(d) (((unsigned)(d) >> ATOMIC_DESC_RS_SHIFT) & 31u)
#define ATOMIC_DESC_RT(d) (((unsigned)(d) >> ATOMIC_DESC_RT_SHIFT) & 31u)

/* LSE read-modify-write operations, in the o3:opc order of the encoding
 * (DDI 0487 C4.1.x "Atomic memory operations"). */
enum AtomicOp {
    ATOMIC_OP_ADD = 0,
    ATOMIC_OP_CLR = 1,
    ATOMIC_OP_EOR = 2,
    ATOMIC_OP_SET = 3,
    ATOMIC_OP_SMAX = 4,
    ATOMIC_OP_SMIN = 5,
    ATOMIC_OP_UMAX = 6,
    ATOMIC_OP_UMIN = 7,
    ATOMIC_OP_SWP = 8,
};

#endif
