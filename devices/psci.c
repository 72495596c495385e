/* SPDX-License-Identifier: MIT */
/*
 * psci.c - firmware-less PSCI 1.1 (Arm DEN 0022) for the virt board,
 * called on HVC from EL1 as QEMU's virt does when it has no EL2/EL3
 * ("psci-conduit=hvc"). SMC Calling Convention (Arm DEN 0028): function ID
 * in W0, arguments in X1..X3, a signed 32-bit result in X0 (sign-extended,
 * as QEMU writes it).
 *
 * Implemented: PSCI_VERSION, PSCI_FEATURES, CPU_SUSPEND (as WFI),
 * CPU_OFF, CPU_ON, AFFINITY_INFO, MIGRATE_INFO_TYPE, SYSTEM_OFF,
 * SYSTEM_RESET (a shutdown for now). Every other function ID answers
 * NOT_SUPPORTED (-1), as QEMU 7.2 does: no HVC from EL1 is UNDEFINED.
 */
#include "psci.h"

#include "../translator/log.h"
#include "virt.h"

/* Function IDs: 0x84000000 + n (SMC32) and 0xc4000000 + n (SMC64). */
#define PSCI_FN(n) (0x84000000u + (n))
#define PSCI_FN64(n) (0xc4000000u + (n))
enum {
    PSCI_VERSION = 0x00,
    PSCI_CPU_SUSPEND = 0x01,
    PSCI_CPU_OFF = 0x02,
    PSCI_CPU_ON = 0x03,
    PSCI_AFFINITY_INFO = 0x04,
    PSCI_MIGRATE = 0x05,
    PSCI_MIGRATE_INFO_TYPE = 0x06,
    PSCI_SYSTEM_OFF = 0x08,
    PSCI_SYSTEM_RESET = 0x09,
    PSCI_FEATURES = 0x0a,
};

/* Return codes. */
enum {
    PSCI_SUCCESS = 0,
    PSCI_NOT_SUPPORTED = -1,
    PSCI_INVALID_PARAMETERS = -2,
    PSCI_ALREADY_ON = -4,
    PSCI_TOS_NOT_PRESENT_MP = 2, /* MIGRATE_INFO_TYPE: no Trusted OS */
};

/* QEMU 7.2's virt reports PSCI 1.1 (nothing 1.1 adds is mandatory). */
#define PSCI_VERSION_1_1 0x00010001

/* The CPU whose MPIDR affinity (Aff3..Aff0) is mpidr, or NULL. */
static A64Cpu *cpu_by_mpidr(Machine *m, uint64_t mpidr)
{
    const uint64_t aff_mask = 0xff00ffffffull;
    if (!m) {
        return NULL;
    }
    for (unsigned i = 0; i < m->ncpus; i++) {
        A64Cpu *c = m->cpus[i];
        if (c && (c->sr.mpidr & aff_mask) == (mpidr & aff_mask)) {
            return c;
        }
    }
    return NULL;
}

/* Is fn (32-bit ID) one we implement, for this caller (AArch64: both the
 * SMC32 and SMC64 forms of the functions that have them)? */
static bool implemented(uint32_t fn)
{
    switch (fn) {
    case PSCI_FN(PSCI_VERSION):
    case PSCI_FN(PSCI_CPU_SUSPEND):
    case PSCI_FN64(PSCI_CPU_SUSPEND):
    case PSCI_FN(PSCI_CPU_OFF):
    case PSCI_FN(PSCI_CPU_ON):
    case PSCI_FN64(PSCI_CPU_ON):
    case PSCI_FN(PSCI_AFFINITY_INFO):
    case PSCI_FN64(PSCI_AFFINITY_INFO):
    case PSCI_FN(PSCI_MIGRATE_INFO_TYPE):
    case PSCI_FN(PSCI_SYSTEM_OFF):
    case PSCI_FN(PSCI_SYSTEM_RESET):
    case PSCI_FN(PSCI_FEATURES):
        return true;
    default:
        return false;
    }
}

static void power_off_self(A64Cpu *cpu)
{
    cpu->powered_off = true;
    cpu->halted = true;
    cpu->exit_request = 1;
}

bool psci_call(A64Cpu *cpu)
{
    uint64_t x0 = cpu->x[0];
    /* QEMU compares all of X0 with the function IDs: an ID with upper
     * bits set is unknown. */
    uint32_t fn = (x0 >> 32) ? 0xffffffffu : (uint32_t)x0;
    Machine *m = cpu->machine;
    int32_t ret;

    /* SMCCC: the function ID is in W0. Like
     * QEMU's virt (7.x), the board is the SMCCC firmware for every HVC: an
     * ID it does not implement, PSCI or not, returns NOT_SUPPORTED (SMCCC
     * DEN 0028 "Unknown Function Identifier") rather than UNDEFINED. */

    switch (fn) {
    case PSCI_FN(PSCI_VERSION):
        ret = PSCI_VERSION_1_1;
        break;
    case PSCI_FN(PSCI_FEATURES):
        ret = implemented((uint32_t)cpu->x[1]) ? PSCI_SUCCESS : PSCI_NOT_SUPPORTED;
        break;
    case PSCI_FN(PSCI_MIGRATE_INFO_TYPE):
        ret = PSCI_TOS_NOT_PRESENT_MP;
        break;
    case PSCI_FN(PSCI_CPU_SUSPEND):
    case PSCI_FN64(PSCI_CPU_SUSPEND):
        /* Power-down states are not modelled: a standby, i.e. WFI, which
         * with no interrupt sources completes at once. */
        ret = PSCI_SUCCESS;
        break;
    case PSCI_FN(PSCI_CPU_OFF):
        power_off_self(cpu);
        ret = PSCI_SUCCESS; /* not seen by the guest */
        break;
    case PSCI_FN(PSCI_CPU_ON):
    case PSCI_FN64(PSCI_CPU_ON): {
        A64Cpu *t = cpu_by_mpidr(m, cpu->x[1]);
        uint64_t entry = cpu->x[2], ctx = cpu->x[3];
        if (fn == PSCI_FN(PSCI_CPU_ON)) {
            entry = (uint32_t)entry;
            ctx = (uint32_t)ctx;
        }
        if (!t) {
            ret = PSCI_INVALID_PARAMETERS;
        } else if (!t->powered_off) {
            ret = PSCI_ALREADY_ON;
        } else {
            /* The new CPU starts at the caller's EL (the highest EL we give
             * the guest) with X0 = context_id. Running it is the machine's
             * job: it sees powered_off drop. */
            a64_cpu_reset(t, entry, a64_current_el(cpu));
            t->x[0] = ctx;
            __atomic_store_n(&t->powered_off, false, __ATOMIC_RELEASE);
            ret = PSCI_SUCCESS;
        }
        break;
    }
    case PSCI_FN(PSCI_AFFINITY_INFO):
    case PSCI_FN64(PSCI_AFFINITY_INFO): {
        uint64_t level = cpu->x[2];
        if (fn == PSCI_FN(PSCI_AFFINITY_INFO)) {
            level = (uint32_t)level;
        }
        if (level != 0) {
            ret = 0; /* higher affinity levels are always ON */
        } else {
            A64Cpu *t = cpu_by_mpidr(m, cpu->x[1]);
            if (!t && !m && (cpu->x[1] & 0xff00ffffffull) == (cpu->sr.mpidr & 0xff00ffffffull)) {
                t = cpu;
            }
            ret = !t ? PSCI_INVALID_PARAMETERS : t->powered_off ? 1 : 0;
        }
        break;
    }
    case PSCI_FN(PSCI_SYSTEM_OFF):
        if (m) {
            machine_request_shutdown(m, 0);
        }
        power_off_self(cpu);
        ret = PSCI_SUCCESS;
        break;
    case PSCI_FN(PSCI_SYSTEM_RESET):
        /* Machine reset is not implemented yet: stop as SYSTEM_OFF does. */
        log_unimp_once("psci:reset", "PSCI SYSTEM_RESET: treated as SYSTEM_OFF\n");
        if (m) {
            machine_request_shutdown(m, 0);
        }
        power_off_self(cpu);
        ret = PSCI_SUCCESS;
        break;
    default:
        ret = PSCI_NOT_SUPPORTED;
        break;
    }
    if (log_on(LOG_INT)) {
        log_printf("PSCI call 0x%08x on CPU %u -> %d\n", fn, cpu->index, ret);
    }
    cpu->x[0] = (uint64_t)(int64_t)ret;
    return true;
}
