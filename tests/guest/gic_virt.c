/* SPDX-License-Identifier: MIT */
/*
 * gic_virt.c - the GIC virtualization extension, compared with QEMU under
 * -M virt,virtualization=on (main() stays at EL2):
 *  GICv3: ICH_VTR/VMCR/HCR reset values, list registers injected by EL2
 *  and acknowledged by EL1 through ICC_* encodings that HCR_EL2.IMO/FMO
 *  send to the virtual interface (ICV_IAR/EOIR/HPPIR/RPR/PMR/CTLR/DIR,
 *  IHI 0069 12.3), ICH_ELRSR/EISR/MISR and the maintenance interrupt
 *  (PPI 9, INTID 25), EOImode split, and HW = 1 list registers that
 *  deactivate the physical interrupt.
 *  GICv2: the same through GICH (hypervisor interface) and GICV (virtual
 *  CPU interface), IHI 0048B chapter 5.
 */
#define GIC_UTIL_IMPL
#include "gic_util.h"

const int rt_keep_boot_el = 1;

void gic_test_irq(unsigned kind) { (void)kind; }

#define ICH_AP0R0 "s3_4_c12_c8_0"
#define ICH_AP1R0 "s3_4_c12_c9_0"
#define ICH_HCR "s3_4_c12_c11_0"
#define ICH_VTR "s3_4_c12_c11_1"
#define ICH_MISR "s3_4_c12_c11_2"
#define ICH_EISR "s3_4_c12_c11_3"
#define ICH_ELRSR "s3_4_c12_c11_5"
#define ICH_VMCR "s3_4_c12_c11_7"
#define ICH_LR0 "s3_4_c12_c12_0"
#define ICH_LR1 "s3_4_c12_c12_1"
#define ICH_LR2 "s3_4_c12_c12_2"
#define ICH_LR3 "s3_4_c12_c12_3"
#define ICC_SRE_EL2 "s3_4_c12_c9_5"

#define LR_PEND (1ull << 62)
#define LR_G1 (1ull << 60)
#define LR_HW (1ull << 61)
#define LR_EOI (1ull << 41)
#define LR_PRIO(p) ((uint64_t)(p) << 48)

#define HCR_IMO (1ull << 4)
#define HCR_FMO (1ull << 3)

/* Operations run at EL1: op in bits 63:56, argument below. */
enum { OP_HPPIR1 = 1, OP_IAR1, OP_EOIR1, OP_RPR, OP_IAR0, OP_EOIR0, OP_HPPIR0, OP_PMR_R,
       OP_PMR_W, OP_CTLR_R, OP_CTLR_W, OP_DIR, OP_BPR1_R, OP_IGRPEN1_R, OP_SGI1R };

static uint64_t el1_op(uint64_t a)
{
    uint64_t v = a & 0xffffffffffffull;
    switch (a >> 56) {
    case OP_HPPIR1: return SYSREG_R(ICC_HPPIR1);
    case OP_IAR1: return SYSREG_R(ICC_IAR1);
    case OP_EOIR1: SYSREG_W(ICC_EOIR1, v); return 0;
    case OP_RPR: return SYSREG_R(ICC_RPR);
    case OP_IAR0: return SYSREG_R(ICC_IAR0);
    case OP_EOIR0: SYSREG_W(ICC_EOIR0, v); return 0;
    case OP_HPPIR0: return SYSREG_R(ICC_HPPIR0);
    case OP_PMR_R: return SYSREG_R(ICC_PMR);
    case OP_PMR_W: SYSREG_W(ICC_PMR, v); return 0;
    case OP_CTLR_R: return SYSREG_R(ICC_CTLR);
    case OP_CTLR_W: SYSREG_W(ICC_CTLR, v); return 0;
    case OP_DIR: SYSREG_W(ICC_DIR, v); return 0;
    case OP_BPR1_R: return SYSREG_R(ICC_BPR1);
    case OP_IGRPEN1_R: return SYSREG_R(ICC_IGRPEN1);
    case OP_SGI1R: SYSREG_W(ICC_SGI1R, v); return 0;
    default: return ~0ull;
    }
}

static uint64_t el1(unsigned op, uint64_t arg)
{
    /* HVC #0xfffe brings the result back to EL2 */
    return rt_call_at(0x3c5, 1, el1_op, (uint64_t)op << 56 | arg);
}

static volatile unsigned ntrap;

/* EL1 accesses trapped to EL2: print the syndrome, skip the instruction */
static ExcAction trap_hook(ExcFrame *f, unsigned kind)
{
    printf("trap to EL%lu: EC=0x%x ISS=0x%lx\n", f->el, esr_ec(f->esr), f->esr & 0x1ffffff);
    ntrap++;
    f->elr += 4;
    return EXC_ACT_RETURN;
}

static void show_lrs(const char *when)
{
    printf("%s: LR0=0x%lx LR1=0x%lx LR2=0x%lx LR3=0x%lx\n", when, SYSREG_R(ICH_LR0),
           SYSREG_R(ICH_LR1), SYSREG_R(ICH_LR2), SYSREG_R(ICH_LR3));
    printf("%s: ELRSR=0x%lx EISR=0x%lx MISR=0x%lx AP0R0=0x%lx AP1R0=0x%lx\n", when,
           SYSREG_R(ICH_ELRSR), SYSREG_R(ICH_EISR), SYSREG_R(ICH_MISR), SYSREG_R(ICH_AP0R0),
           SYSREG_R(ICH_AP1R0));
}

static void test_v3(void)
{
    /* 4 list registers, 5 bits of priority and preemption, 24-bit IDs,
     * A3V, nV4, TDS: QEMU's TCG GIC (IHI 0069 12.4.10) */
    check_eq("ICH_VTR_EL2", SYSREG_R(ICH_VTR), 0x90b80003);
    show("ICH_HCR_EL2 reset", SYSREG_R(ICH_HCR));
    show("ICH_VMCR_EL2 reset", SYSREG_R(ICH_VMCR));
    show("ICC_SRE_EL2", SYSREG_R(ICC_SRE_EL2));
    show_lrs("reset");

    /* physical side: both groups on, the maintenance PPI enabled */
    wr32(GICR + 0x14, 0);
    wr32(GICD, 3);
    SYSREG_W(ICC_IGRPEN1, 1);
    SYSREG_W(ICC_IGRPEN0, 1);
    SYSREG_W(ICC_PMR, 0xf0);
    wr32(GICR_SGI + 0x80, 0xffffffff);

    uint64_t hcr = SYSREG_R("hcr_el2");
    SYSREG_W("hcr_el2", hcr | HCR_IMO | HCR_FMO);
    SYSREG_W(ICH_HCR, 1);                                   /* En */
    SYSREG_W(ICH_VMCR, (0xf8ull << 24) | 3);                /* VPMR, VENG0, VENG1 */
    show("ICH_VMCR_EL2", SYSREG_R(ICH_VMCR));
    SYSREG_W(ICH_LR0, LR_PEND | LR_G1 | LR_PRIO(0x80) | 40);
    SYSREG_W(ICH_LR1, LR_PEND | LR_G1 | LR_PRIO(0x40) | LR_EOI | 41);
    SYSREG_W(ICH_LR2, LR_PEND | LR_PRIO(0x60) | 42);        /* Group 0 */
    show_lrs("injected");
    show("EL1 ICV_PMR", el1(OP_PMR_R, 0));
    show("EL1 ICV_CTLR", el1(OP_CTLR_R, 0));
    show("EL1 ICV_BPR1", el1(OP_BPR1_R, 0));
    show("EL1 ICV_IGRPEN1", el1(OP_IGRPEN1_R, 0));
    show("EL1 ICV_HPPIR1", el1(OP_HPPIR1, 0));
    show("EL1 ICV_HPPIR0", el1(OP_HPPIR0, 0));
    show("EL1 ICV_IAR1", el1(OP_IAR1, 0));
    show("EL1 ICV_RPR", el1(OP_RPR, 0));
    show_lrs("after IAR1");
    show("EL1 ICV_IAR1 (0x80 vs running 0x40)", el1(OP_IAR1, 0));
    el1(OP_EOIR1, 41);
    show_lrs("after EOIR1 41");
    show("GICR_ISPENDR0 (maintenance PPI)", rd32(GICR_SGI + 0x200));
    show("EL1 ICV_IAR1 Group 0 first", el1(OP_IAR1, 0));
    show("EL1 ICV_IAR0", el1(OP_IAR0, 0));
    show("EL1 ICV_IAR1 under 0x60", el1(OP_IAR1, 0));
    el1(OP_EOIR0, 42);
    show("EL1 ICV_IAR1", el1(OP_IAR1, 0));
    el1(OP_EOIR1, 40);
    show_lrs("all done");
    /* clear the EOI status: the maintenance interrupt goes away */
    SYSREG_W(ICH_LR1, 0);
    show("ICH_MISR_EL2", SYSREG_R(ICH_MISR));
    show("GICR_ISPENDR0", rd32(GICR_SGI + 0x200));

    /* EOImode split in the virtual CPU interface, EOIs without an LR */
    el1(OP_CTLR_W, 2);
    show("ICH_VMCR_EL2 VEOIM", SYSREG_R(ICH_VMCR));
    SYSREG_W(ICH_LR0, LR_PEND | LR_G1 | LR_PRIO(0x90) | 44);
    show("EL1 ICV_IAR1", el1(OP_IAR1, 0));
    el1(OP_EOIR1, 44);
    show_lrs("split: after EOIR1");
    el1(OP_DIR, 44);
    show_lrs("split: after DIR");
    el1(OP_DIR, 99);                                        /* no LR: EOIcount */
    show("ICH_HCR_EL2 EOIcount", SYSREG_R(ICH_HCR));
    el1(OP_CTLR_W, 0);
    SYSREG_W(ICH_HCR, 1);

    /* HW = 1: the physical SPI 50 is acknowledged and dropped by EL2
     * (EOImode 1), the guest's EOI deactivates it */
    wr32(GICD + 0x84, 1u << 18);                            /* Group 1 */
    wr8(GICD + 0x400 + 50, 0x80);
    wr64(GICD + 0x6000 + 8 * 50, 0);
    wr32(GICD + 0x104, 1u << 18);
    wr32(GICD + 0x204, 1u << 18);
    SYSREG_W(ICC_CTLR, 2);
    uint64_t id = SYSREG_R(ICC_IAR1);
    show("EL2 ICC_IAR1", id);
    SYSREG_W(ICC_EOIR1, id);
    show("EL2 ICC_RPR", SYSREG_R(ICC_RPR));
    show("GICD_ISACTIVER1", rd32(GICD + 0x304));
    SYSREG_W(ICH_LR3, LR_PEND | LR_G1 | LR_HW | LR_PRIO(0x80) | (50ull << 32) | 50);
    check_eq("EL1 ICV_IAR1 (HW)", el1(OP_IAR1, 0), 50);
    el1(OP_EOIR1, 50);
    check_eq("GICD_ISACTIVER1 after guest EOI", rd32(GICD + 0x304), 0);
    show_lrs("HW done");
    SYSREG_W(ICC_CTLR, 0);

    /* with IMO/FMO set, EL1 SGI generation traps to EL2 (EC 0x18) and
     * ICH_HCR_EL2.TC traps the common registers */
    exc_set_hook(trap_hook);
    el1(OP_SGI1R, (3ull << 24) | 1);
    show("GICR_ISPENDR0 after trapped SGI1R", rd32(GICR_SGI + 0x200) & 0xffff);
    SYSREG_W(ICH_HCR, 1 | (1u << 10));                      /* TC */
    el1(OP_PMR_R, 0);
    el1(OP_CTLR_W, 0);
    SYSREG_W(ICH_HCR, 1 | (1u << 12));                      /* TALL1 */
    el1(OP_IAR1, 0);
    el1(OP_HPPIR0, 0);
    SYSREG_W(ICH_HCR, 1 | (1u << 14));                      /* TDIR */
    el1(OP_DIR, 5);
    exc_set_hook(NULL);
    show("traps", ntrap);
    SYSREG_W(ICH_HCR, 0);
    SYSREG_W("hcr_el2", hcr);
}

static void show_gich(const char *when)
{
    printf("%s: LR0=0x%x LR1=0x%x LR2=0x%x LR3=0x%x\n", when, rd32(GICH + 0x100),
           rd32(GICH + 0x104), rd32(GICH + 0x108), rd32(GICH + 0x10c));
    printf("%s: ELRSR0=0x%x EISR0=0x%x MISR=0x%x APR=0x%x\n", when, rd32(GICH + 0x30),
           rd32(GICH + 0x20), rd32(GICH + 0x10), rd32(GICH + 0xf0));
}

static void test_v2(void)
{
    check_eq("GICH_VTR", rd32(GICH + 4), 0x90000003);
    show("GICH_HCR reset", rd32(GICH + 0));
    show("GICH_VMCR reset", rd32(GICH + 8));
    show("GICV_CTLR reset", rd32(GICV + 0));
    show("GICV_BPR reset", rd32(GICV + 8));
    show("GICV_ABPR reset", rd32(GICV + 0x1c));
    show_gich("reset");
    wr32(GICD, 1);
    wr32(GICC, 1);
    wr32(GICC + 4, 0xf0);
    wr32(GICH + 0, 1);
    wr32(GICV + 0, 1);
    wr32(GICV + 4, 0xf8);
    show("GICH_VMCR", rd32(GICH + 8));
    show("GICV_PMR", rd32(GICV + 4));
    /* pending, priority 0x80 (16 << 3), virtual 40; SGI 3 from CPU 2 with EOI */
    wr32(GICH + 0x100, 1u << 28 | 16u << 23 | 40);
    wr32(GICH + 0x104, 1u << 28 | 8u << 23 | 1u << 19 | 2u << 10 | 3);
    show_gich("injected");
    show("GICV_HPPIR", rd32(GICV + 0x18));
    uint32_t iar = rd32(GICV + 0xc);
    show("GICV_IAR", iar);
    show("GICV_RPR", rd32(GICV + 0x14));
    show("GICV_IAR (0x80 vs running 0x40)", rd32(GICV + 0xc));
    show_gich("after IAR");
    wr32(GICV + 0x10, iar);
    show_gich("after EOIR");
    show("GICD_ISPENDR0 (maintenance PPI)", rd32(GICD + 0x200));
    iar = rd32(GICV + 0xc);
    show("GICV_IAR", iar);
    wr32(GICV + 0x10, iar);
    show_gich("all done");
    wr32(GICH + 0x104, 0);
    show("GICH_MISR", rd32(GICH + 0x10));
    show("GICD_ISPENDR0", rd32(GICD + 0x200));
    wr32(GICH + 0, 0);
}

int main(void)
{
    show("boot EL", rt_boot_el);
    if (rt_boot_el != 2) {
        printf("needs -M virt,virtualization=on\n");
        return 0;
    }
    if ((SYSREG_R("id_aa64pfr0_el1") >> 24) & 0xf) {
        test_v3();
    } else {
        test_v2();
    }
    return 0;
}
