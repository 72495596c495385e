/* SPDX-License-Identifier: MIT */
/*
 * sysregs.c - per-CPU system-register lookup and the one MRS/MSR/SYS access
 * pipeline (see sysregs.h for the order of the checks).
 */
#include "sysregs.h"

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../translator/log.h"
#include "exception.h"
#include "sysreg_el2.h"

/* DDI 0487 D17.1.3 "Reserved encodings in the ID register space": in
 * op0 = 3, op1 = 0, CRn = 0, CRm = 1..7 every encoding without a register
 * reads as zero at EL1 (software such as Linux probes ID registers of
 * later architecture versions and relies on this). One shared row stands
 * for all of them; EL0 accesses are UNDEFINED or, with FEAT_IDST, trapped. */
static const SysRegInfo sysreg_id_reserved = {
    .name = "ID_RESERVED", .op0 = 3, .op1 = 0, .crn = 0, .crm = 1, .op2 = 0,
    .access = SR_ACC_PL0_R, .type = SR_CONST | SR_EL0_ACCESSFN | SR_HTRAP_ACCESSFN,
    .resetvalue = 0,
    .fieldoffset = SR_NO_FIELD, .accessfn = sysreg_access_id_space,
};

static bool row_present(const SysRegInfo *ri, const A64Features *f)
{
    return ri->present == NULL || ri->present(f);
}

const char *sysreg_key_name(uint32_t key, char *buf, size_t len)
{
    snprintf(buf, len, "S%u_%u_C%u_C%u_%u", (key >> 14) & 3, (key >> 11) & 7,
             (key >> 7) & 15, (key >> 3) & 15, key & 7);
    return buf;
}

void sysreg_register_table(A64Cpu *cpu, const SysRegInfo *rows, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const SysRegInfo *ri = &rows[i];
        if (!row_present(ri, &cpu->feat)) {
            continue;
        }
        gpointer key = GUINT_TO_POINTER(sysreg_key_of(ri) + 1); /* never NULL */
        const SysRegInfo *old = g_hash_table_lookup(cpu->sysregs, key);
        if (old != NULL && old != &sysreg_id_reserved) {
            char buf[32];
            fprintf(stderr, "a64emu: internal error: system register %s (%s) defined "
                    "twice (also %s)\n", ri->name,
                    sysreg_key_name(sysreg_key_of(ri), buf, sizeof(buf)), old->name);
            abort();
        }
        g_hash_table_insert(cpu->sysregs, key, (gpointer)ri);
    }
}

void sysreg_init_cpu(A64Cpu *cpu)
{
    cpu->sysregs = g_hash_table_new(g_direct_hash, g_direct_equal);
    sysreg_register_table(cpu, a64_sysreg_table, a64_sysreg_table_size);
    for (unsigned crm = 1; crm <= 7; crm++) {
        for (unsigned op2 = 0; op2 <= 7; op2++) {
            gpointer key = GUINT_TO_POINTER(SYSREG_KEY(3, 0, 0, crm, op2) + 1);
            if (!g_hash_table_contains(cpu->sysregs, key)) {
                g_hash_table_insert(cpu->sysregs, key, (gpointer)&sysreg_id_reserved);
            }
        }
    }
}

void sysreg_free_cpu(A64Cpu *cpu)
{
    if (cpu->sysregs) {
        g_hash_table_destroy(cpu->sysregs);
        cpu->sysregs = NULL;
    }
}

const SysRegInfo *sysreg_lookup(const A64Cpu *cpu, uint32_t key)
{
    if (!cpu->sysregs) {
        return NULL;
    }
    return g_hash_table_lookup(cpu->sysregs, GUINT_TO_POINTER(key + 1));
}

static uint64_t *field_ptr(A64Cpu *cpu, const SysRegInfo *ri)
{
    return (uint64_t *)((uint8_t *)cpu + ri->fieldoffset);
}

static void reset_one(gpointer key, gpointer value, gpointer opaque)
{
    A64Cpu *cpu = opaque;
    const SysRegInfo *ri = value;
    (void)key;
    if (ri->resetfn) {
        ri->resetfn(cpu, ri);
        return;
    }
    if (ri->type & (SR_ALIAS | SR_CONST | SR_NOP) || ri->fieldoffset == SR_NO_FIELD) {
        return;
    }
    *field_ptr(cpu, ri) = ri->resetvalue;
}

void sysreg_reset_all(A64Cpu *cpu)
{
    if (cpu->sysregs) {
        g_hash_table_foreach(cpu->sysregs, reset_one, cpu);
    }
}

uint64_t sysreg_read_raw(A64Cpu *cpu, const SysRegInfo *ri)
{
    if (ri->readfn) {
        return ri->readfn(cpu, ri);
    }
    if (ri->type & SR_PSTATE) {
        return cpu->pstate & (uint32_t)ri->resetvalue;
    }
    if (ri->type & SR_NZCV) {
        return cpu->nzcv & PSTATE_NZCV_MASK;
    }
    if (ri->type & SR_CONST) {
        return ri->resetvalue;
    }
    if (ri->type & SR_NOP || ri->fieldoffset == SR_NO_FIELD) {
        return 0;
    }
    return *field_ptr(cpu, ri);
}

void sysreg_write_raw(A64Cpu *cpu, const SysRegInfo *ri, uint64_t value)
{
    if (ri->writefn) {
        ri->writefn(cpu, ri, value);
        return;
    }
    if (ri->type & SR_PSTATE) {
        uint32_t mask = (uint32_t)ri->resetvalue;
        cpu->pstate = (cpu->pstate & ~mask) | ((uint32_t)value & mask);
        return;
    }
    if (ri->type & SR_NZCV) {
        cpu->nzcv = (uint32_t)value & PSTATE_NZCV_MASK;
        return;
    }
    if (ri->type & (SR_CONST | SR_NOP) || ri->fieldoffset == SR_NO_FIELD) {
        return;
    }
    *field_ptr(cpu, ri) = value & ~ri->res0;
}

bool sysreg_is_plain(const SysRegInfo *ri, bool isread, unsigned el)
{
    if (ri->accessfn && !(el > 0 && (ri->type & SR_EL0_ACCESSFN))) {
        return false;
    }
    if (ri->type & (SR_IO | SR_FPU | SR_RAISES_EXC)) {
        return false;
    }
    if (ri->type & (SR_PSTATE | SR_NZCV)) {
        return true;
    }
    if (isread ? ri->readfn != NULL : ri->writefn != NULL) {
        return false;
    }
    return (ri->type & (SR_CONST | SR_NOP)) || ri->fieldoffset != SR_NO_FIELD;
}

bool sysreg_is_plain_tb(const SysRegInfo *ri, bool isread, uint32_t tbflags)
{
    unsigned el = a64_tb_flags_el(tbflags);
    if (ri->accessfn && (ri->type & SR_HTRAP_ACCESSFN) && el >= 1) {
        /* at EL1 only the HCR_EL2 traps apply, at EL2/EL3 none */
        if (el == 1 && (tbflags & A64_TBF_HTRAP)) {
            return false;
        }
        SysRegInfo tmp = *ri;
        tmp.accessfn = NULL;
        return sysreg_is_plain(&tmp, isread, el);
    }
    return sysreg_is_plain(ri, isread, el);
}

/* ---- VHE: E2H redirection and the _EL12 / _EL02 encodings [el2] ------ */

/* EL1 (and EL0 timer) encodings and the EL2 register each reaches at EL2
 * under E2H (D13.2, each register's "When HCR_EL2.E2H is 1" accessibility).
 * The _EL12/_EL02 encodings are the first column with op1 = 5. */
static const struct { uint16_t el1, el2; } e2h_map[] = {
#define K(o1, n, m, o2) (uint16_t)SYSREG_KEY(3, o1, n, m, o2)
    { K(0, 1, 0, 0), K(4, 1, 0, 0) },    /* SCTLR_EL1 -> SCTLR_EL2 */
    { K(0, 1, 0, 2), K(4, 1, 1, 2) },    /* CPACR_EL1 -> CPTR_EL2 */
    { K(0, 2, 0, 0), K(4, 2, 0, 0) },    /* TTBR0 */
    { K(0, 2, 0, 1), K(4, 2, 0, 1) },    /* TTBR1 */
    { K(0, 2, 0, 2), K(4, 2, 0, 2) },    /* TCR */
    { K(0, 4, 0, 0), K(4, 4, 0, 0) },    /* SPSR */
    { K(0, 4, 0, 1), K(4, 4, 0, 1) },    /* ELR */
    { K(0, 5, 1, 0), K(4, 5, 1, 0) },    /* AFSR0 */
    { K(0, 5, 1, 1), K(4, 5, 1, 1) },    /* AFSR1 */
    { K(0, 5, 2, 0), K(4, 5, 2, 0) },    /* ESR */
    { K(0, 6, 0, 0), K(4, 6, 0, 0) },    /* FAR */
    { K(0, 10, 2, 0), K(4, 10, 2, 0) },  /* MAIR */
    { K(0, 10, 3, 0), K(4, 10, 3, 0) },  /* AMAIR */
    { K(0, 12, 0, 0), K(4, 12, 0, 0) },  /* VBAR */
    { K(0, 13, 0, 1), K(4, 13, 0, 1) },  /* CONTEXTIDR */
    { K(0, 14, 1, 0), K(4, 14, 1, 0) },  /* CNTKCTL_EL1 -> CNTHCTL_EL2 */
    { K(3, 14, 2, 0), K(4, 14, 2, 0) },  /* CNTP_TVAL_EL0 -> CNTHP_TVAL_EL2 */
    { K(3, 14, 2, 1), K(4, 14, 2, 1) },  /* CNTP_CTL */
    { K(3, 14, 2, 2), K(4, 14, 2, 2) },  /* CNTP_CVAL */
    { K(3, 14, 3, 0), K(4, 14, 3, 0) },  /* CNTV_TVAL_EL0 -> CNTHV_TVAL_EL2 */
    { K(3, 14, 3, 1), K(4, 14, 3, 1) },  /* CNTV_CTL */
    { K(3, 14, 3, 2), K(4, 14, 3, 2) },  /* CNTV_CVAL */
#undef K
};

const SysRegInfo *sysreg_resolve(const A64Cpu *cpu, uint32_t key, unsigned el, bool e2h,
                                 bool host)
{
    unsigned op0 = (key >> 14) & 3, op1 = (key >> 11) & 7;
    if (op0 == 3 && op1 == 5) {
        /* _EL12 / _EL02: only at EL2/EL3 with E2H */
        if (!e2h || el < 2) {
            return NULL;
        }
        for (size_t i = 0; i < sizeof(e2h_map) / sizeof(e2h_map[0]); i++) {
            uint32_t k1 = e2h_map[i].el1;
            if ((k1 & ~(7u << 11)) == (key & ~(7u << 11))) {
                return sysreg_lookup(cpu, k1);
            }
        }
        return NULL;
    }
    if (e2h && (el == 2 || (el == 0 && host)) && op0 == 3 && (op1 == 0 || op1 == 3)) {
        for (size_t i = 0; i < sizeof(e2h_map) / sizeof(e2h_map[0]); i++) {
            if (e2h_map[i].el1 == key) {
                /* at EL0 (host) only the timers are redirected */
                if (el == 0 && op1 != 3) {
                    break;
                }
                const SysRegInfo *r = sysreg_lookup(cpu, e2h_map[i].el2);
                if (r != NULL) {
                    return r;
                }
                break;
            }
        }
    }
    return sysreg_lookup(cpu, key);
}

bool sysreg_el_allows(const SysRegInfo *ri, unsigned el, bool isread)
{
    unsigned bit = (isread ? SR_PL0_R : SR_PL0_W) << (2 * (el & 3));
    return (ri->access & bit) != 0;
}

static void make_undef(A64Cpu *cpu, uint64_t pc, A64Exception *e)
{
    memset(e, 0, sizeof(*e));
    e->type = A64_EXC_SYNC;
    e->ec = EC_UNKNOWN;
    e->iss = 0;
    e->il = true;
    e->target_el = 0;
    e->return_pc = pc;
    (void)cpu;
}

bool sysreg_access_check(A64Cpu *cpu, const SysRegInfo *ri, uint32_t iss, uint64_t pc,
                         A64Exception *e)
{
    unsigned el = a64_current_el(cpu);
    bool isread = iss & 1;

    /* 2. Accessibility by EL. */
    if (!sysreg_el_allows(ri, el, isread)) {
        make_undef(cpu, pc, e);
        return false;
    }
    /* 3. FP/SIMD register access enable: CPACR_EL1.FPEN (DDI 0487
     * D19.2.30), CPTR_EL2, CPTR_EL3 (a64_fp_trap_el). QEMU reports A64
     * traps with CV = 1, COND = 0b1110, and so do we. */
    if (ri->type & SR_FPU) {
        unsigned fp_el = a64_fp_trap_el(cpu);
        if (fp_el != 0) {
            memset(e, 0, sizeof(*e));
            e->type = A64_EXC_SYNC;
            e->ec = EC_FP_ACCESS;
            e->iss = (1u << 24) | (0xeu << 20);
            e->il = true;
            e->target_el = fp_el;
            e->return_pc = pc;
            return false;
        }
    }
    /* 4. The register's own rules. */
    if (ri->accessfn) {
        SysRegResult r = ri->accessfn(cpu, ri, isread);
        switch (r) {
        case SYSREG_OK:
            break;
        case SYSREG_UNDEF:
            make_undef(cpu, pc, e);
            return false;
        case SYSREG_TRAP_EL1:
        case SYSREG_TRAP_EL2:
        case SYSREG_TRAP_EL3:
            memset(e, 0, sizeof(*e));
            e->type = A64_EXC_SYNC;
            e->ec = EC_SYSREG;
            e->iss = iss;
            e->il = true;
            e->target_el = r == SYSREG_TRAP_EL1 ? 1 : r == SYSREG_TRAP_EL2 ? 2 : 3;
            e->return_pc = pc;
            return false;
        }
    }
    return true;
}

/* Step 1 for the helpers: the translator already checked that the
 * encoding exists, but keep the helpers safe on their own. */
static const SysRegInfo *lookup_or_raise(A64Cpu *cpu, uint32_t iss)
{
    uint32_t key = sysreg_iss_to_key(iss);
    uint64_t hcr = a64_hcr_eff(cpu);
    bool e2h = (hcr & HCR_E2H) != 0;
    bool host = e2h && (hcr & HCR_TGE_BIT);
    const SysRegInfo *ri = sysreg_resolve(cpu, key, a64_current_el(cpu), e2h, host);
    if (!ri) {
        char buf[32], k[48];
        sysreg_key_name(key, buf, sizeof(buf));
        snprintf(k, sizeof(k), "sysreg:%s", buf);
        log_unimp_once(k, "unimplemented system register %s %s\n", buf,
                       (iss & 1) ? "read" : "write");
        a64_raise_sync(cpu, EC_UNKNOWN, 0, false, 0);
    }
    return ri;
}

uint64_t sysreg_do_read(A64Cpu *cpu, uint32_t iss)
{
    const SysRegInfo *ri = lookup_or_raise(cpu, iss);
    A64Exception e;
    if (!sysreg_access_check(cpu, ri, iss | 1, cpu->pc, &e)) {
        a64_raise(cpu, &e);
    }
    return sysreg_read_raw(cpu, ri);
}

void sysreg_do_write(A64Cpu *cpu, uint32_t iss, uint64_t value)
{
    const SysRegInfo *ri = lookup_or_raise(cpu, iss);
    A64Exception e;
    if (!sysreg_access_check(cpu, ri, iss & ~1u, cpu->pc, &e)) {
        a64_raise(cpu, &e);
    }
    sysreg_write_raw(cpu, ri, value);
}
