/* SPDX-License-Identifier: MIT */
/*
 * trans_crypto.c - lift the cryptographic extension (a64-crypto.decode):
 * each row checks its feature (FEAT_AES, FEAT_SHA1, FEAT_SHA256,
 * FEAT_SHA512, FEAT_SHA3, FEAT_SM3, FEAT_SM4; UNDEFINED without it), then
 * the FP/SIMD access check, then calls the crypto helper, which computes
 * the whole 128-bit result in place on cpu->v (helper_crypto.c).
 */
#include "translate.h"
#include "a64_decode.h"
#include "simd_int.h"

static bool cr_emit(DisasContext *s, bool feat, unsigned op, unsigned rd, unsigned rn,
                    unsigned rm, unsigned ra, unsigned imm)
{
    if (!s->cpu->feat.fp || !feat) {
        return false;
    }
    if (!a64_fp_access_check(s)) {
        return true;
    }
    IrBlock *b = s->b;
    ir_call(b, HELPER_crypto, ir_const64(b, cr_desc(op, rd, rn, rm, ra, imm)), IR_NONE, IR_NONE,
            IR_NONE);
    return true;
}

#define TRANS_CR2(NAME, FEAT, OP)                                               \
    bool trans_##NAME(DisasContext *s, arg_##NAME *a)                           \
    {                                                                           \
        return cr_emit(s, s->cpu->feat.FEAT, OP, a->rd, a->rn, 0, 0, 0);        \
    }
#define TRANS_CR3(NAME, FEAT, OP)                                               \
    bool trans_##NAME(DisasContext *s, arg_##NAME *a)                           \
    {                                                                           \
        return cr_emit(s, s->cpu->feat.FEAT, OP, a->rd, a->rn, a->rm, 0, 0);    \
    }
#define TRANS_CR4(NAME, FEAT, OP)                                               \
    bool trans_##NAME(DisasContext *s, arg_##NAME *a)                           \
    {                                                                           \
        return cr_emit(s, s->cpu->feat.FEAT, OP, a->rd, a->rn, a->rm, a->ra, 0); \
    }
#define TRANS_CR3I(NAME, FEAT, OP)                                              \
    bool trans_##NAME(DisasContext *s, arg_##NAME *a)                           \
    {                                                                           \
        return cr_emit(s, s->cpu->feat.FEAT, OP, a->rd, a->rn, a->rm, 0, a->imm); \
    }

TRANS_CR2(AESE, aes, CR_AESE)
TRANS_CR2(AESD, aes, CR_AESD)
TRANS_CR2(AESMC, aes, CR_AESMC)
TRANS_CR2(AESIMC, aes, CR_AESIMC)

TRANS_CR3(SHA1C, sha1, CR_SHA1C)
TRANS_CR3(SHA1P, sha1, CR_SHA1P)
TRANS_CR3(SHA1M, sha1, CR_SHA1M)
TRANS_CR3(SHA1SU0, sha1, CR_SHA1SU0)
TRANS_CR2(SHA1H, sha1, CR_SHA1H)
TRANS_CR2(SHA1SU1, sha1, CR_SHA1SU1)

TRANS_CR3(SHA256H, sha256, CR_SHA256H)
TRANS_CR3(SHA256H2, sha256, CR_SHA256H2)
TRANS_CR3(SHA256SU1, sha256, CR_SHA256SU1)
TRANS_CR2(SHA256SU0, sha256, CR_SHA256SU0)

TRANS_CR3(SHA512H, sha512, CR_SHA512H)
TRANS_CR3(SHA512H2, sha512, CR_SHA512H2)
TRANS_CR3(SHA512SU1, sha512, CR_SHA512SU1)
TRANS_CR2(SHA512SU0, sha512, CR_SHA512SU0)

TRANS_CR3(RAX1, sha3, CR_RAX1)
TRANS_CR4(EOR3, sha3, CR_EOR3)
TRANS_CR4(BCAX, sha3, CR_BCAX)
TRANS_CR3I(XAR, sha3, CR_XAR)

TRANS_CR3(SM3PARTW1, sm3, CR_SM3PARTW1)
TRANS_CR3(SM3PARTW2, sm3, CR_SM3PARTW2)
TRANS_CR4(SM3SS1, sm3, CR_SM3SS1)
TRANS_CR3I(SM3TT1A, sm3, CR_SM3TT1A)
TRANS_CR3I(SM3TT1B, sm3, CR_SM3TT1B)
TRANS_CR3I(SM3TT2A, sm3, CR_SM3TT2A)
TRANS_CR3I(SM3TT2B, sm3, CR_SM3TT2B)

TRANS_CR3(SM4EKEY, sm4, CR_SM4EKEY)
TRANS_CR2(SM4E, sm4, CR_SM4E)
