/* SPDX-License-Identifier: MIT */
/*
 * psci.c - firmware-less PSCI 1.1 (Arm DEN 0022) for the virt board,
 * called on HVC from EL1 as QEMU's virt does when it has no EL2/EL3
 * ("psci-conduit=hvc"). SMC Calling Convention (Arm DEN 0028): function ID
 * in X0, arguments in X1..X3, a signed 32-bit result in X0 (sign-extended,
 * as QEMU writes it).
 *
 * Implemented: PSCI_VERSION, PSCI_FEATURES, CPU_SUSPEND (every state as a
 * standby WFI, as QEMU: X0 = 0, then WFI), CPU_OFF, CPU_ON (the target
 * starts at EL2 if the CPU has EL2, else EL1, with X0 = context_id, as
 * QEMU's target/arm/psci.c: the highest Non-secure EL given to the guest),
 * AFFINITY_INFO, MIGRATE_INFO_TYPE, SYSTEM_OFF (exit status 0) and
 * SYSTEM_RESET, and QEMU's PSCI 0.1 function IDs. SYSTEM_RESET stops the
 * machine and sets Machine.reset_requested: with -no-reboot the process
 * exits 0, as QEMU; without it tools/a64emu.c builds a fresh machine with
 * the same options (virt_reboot), as QEMU reboots.
 * Every other function ID answers NOT_SUPPORTED (-1), as QEMU 7.2 does: no
 * HVC from EL1 is UNDEFINED. Like QEMU, function IDs and arguments are
 * compared as full 64-bit register values (an ID with upper bits set is
 * unknown; AFFINITY_INFO's level is all of X2).
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

/* PSCI 0.1 has no standard IDs: QEMU's device tree names these. */
#define PSCI01_CPU_SUSPEND 0x95c1ba5eu
#define PSCI01_CPU_OFF 0x95c1ba5fu
#define PSCI01_CPU_ON 0x95c1ba60u
#define PSCI01_MIGRATE 0x95c1ba61u

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

/* MPIDR affinity fields Aff3..Aff0 */
#define MPIDR_AFF_MASK 0xff00ffffffull

/* The CPU whose affinity is exactly id (all 64 bits, as QEMU compares). */
static A64Cpu *cpu_by_affinity(A64Cpu *self, uint64_t id)
{
    Machine *m = self->machine;
    if (!m) {
        return (self->sr.mpidr & MPIDR_AFF_MASK) == id ? self : NULL;
    }
    for (unsigned i = 0; i < m->ncpus; i++) {
        A64Cpu *c = m->cpus[i];
        if (c && (c->sr.mpidr & MPIDR_AFF_MASK) == id) {
            return c;
        }
    }
    return NULL;
}

/* PSCI_FEATURES: the functions we implement (both conventions from A64). */
static bool implemented(uint64_t fn)
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
    case PSCI01_CPU_SUSPEND:
    case PSCI01_CPU_OFF:
    case PSCI01_CPU_ON:
        return true;
    default:
        return false;
    }
}

static void power_off_self(A64Cpu *cpu)
{
    cpu->halted = true;
    cpu->wfe_halt = false;
    __atomic_store_n(&cpu->powered_off, true, __ATOMIC_RELEASE);
    cpu->exit_request = 1; /* leave the slice: the machine loop skips it now */
}

static int32_t cpu_on(A64Cpu *cpu, uint64_t target, uint64_t entry, uint64_t ctx)
{
    A64Cpu *t = cpu_by_affinity(cpu, target);
    if (!t) {
        return PSCI_INVALID_PARAMETERS;
    }
    if (!t->powered_off) {
        return PSCI_ALREADY_ON;
    }
    /* PSCI: the new CPU starts at the highest EL enabled on the caller;
     * QEMU, acting as the firmware, takes the highest Non-secure EL it
     * gives the guest: EL2 if present, else EL1 (whatever the caller's
     * EL). Running it is the machine loop's job: it sees powered_off drop. */
    a64_cpu_reset(t, entry, t->feat.el2 ? 2 : 1);
    t->x[0] = ctx;
    t->halted = false;
    t->wfe_halt = false;
    __atomic_store_n(&t->powered_off, false, __ATOMIC_RELEASE);
    a64_cpu_kick(t); /* a machine loop sleeping with every CPU idle runs it */
    return PSCI_SUCCESS;
}

bool psci_call(A64Cpu *cpu)
{
    uint64_t fn = cpu->x[0];
    Machine *m = cpu->machine;
    int32_t ret;

    switch (fn) {
    case PSCI_FN(PSCI_VERSION):
        ret = PSCI_VERSION_1_1;
        break;
    case PSCI_FN(PSCI_FEATURES):
        ret = implemented(cpu->x[1]) ? PSCI_SUCCESS : PSCI_NOT_SUPPORTED;
        break;
    case PSCI_FN(PSCI_MIGRATE_INFO_TYPE):
        ret = PSCI_TOS_NOT_PRESENT_MP;
        break;
    case PSCI_FN(PSCI_CPU_SUSPEND):
    case PSCI_FN64(PSCI_CPU_SUSPEND):
    case PSCI01_CPU_SUSPEND:
        /* As QEMU: no affinity levels above 0; every state, power-down
         * included, is a standby WFI returning SUCCESS (the block ends
         * after the HVC/SMC, so the CPU halts right there). */
        if (cpu->x[1] & 0xfffe0000u) {
            ret = PSCI_INVALID_PARAMETERS;
            break;
        }
        cpu->x[0] = 0;
        a64_cpu_wfi(cpu);
        ret = PSCI_SUCCESS;
        break;
    case PSCI_FN(PSCI_CPU_OFF):
    case PSCI01_CPU_OFF:
        power_off_self(cpu);
        ret = PSCI_SUCCESS; /* not seen by the guest */
        break;
    case PSCI_FN(PSCI_CPU_ON):
    case PSCI_FN64(PSCI_CPU_ON):
    case PSCI01_CPU_ON:
        ret = cpu_on(cpu, cpu->x[1], cpu->x[2], cpu->x[3]);
        break;
    case PSCI_FN(PSCI_AFFINITY_INFO):
    case PSCI_FN64(PSCI_AFFINITY_INFO):
        if (cpu->x[2] != 0) {
            ret = 0; /* higher affinity levels are always ON */
        } else {
            A64Cpu *t = cpu_by_affinity(cpu, cpu->x[1]);
            ret = !t ? PSCI_INVALID_PARAMETERS : t->powered_off ? 1 : 0;
        }
        break;
    case PSCI_FN(PSCI_SYSTEM_OFF):
        if (m) {
            machine_request_shutdown(m, 0);
        }
        power_off_self(cpu);
        ret = PSCI_SUCCESS;
        break;
    case PSCI_FN(PSCI_SYSTEM_RESET):
        /* the front end reboots (or exits 0 with -no-reboot) when it sees
         * reset_requested */
        if (m) {
            m->reset_requested = true;
            machine_request_shutdown(m, 0);
        }
        power_off_self(cpu);
        ret = PSCI_SUCCESS;
        break;
    default:
        /* SMCCC "Unknown Function Identifier" (PSCI MIGRATE included:
         * no Trusted OS to migrate) */
        ret = PSCI_NOT_SUPPORTED;
        break;
    }
    if (log_on(LOG_INT)) {
        log_printf("PSCI call 0x%llx on CPU %u -> %d\n", (unsigned long long)fn, cpu->index,
                   ret);
    }
    cpu->x[0] = (uint64_t)(int64_t)ret;
    return true;
}
