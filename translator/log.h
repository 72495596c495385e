/* SPDX-License-Identifier: MIT */
/*
 * log.h - the -d/-D debug log (qemu-system-aarch64's option names).
 * Process-wide configuration, set once at start-up by the program; the
 * log is written with stdio locking so vCPU threads may share it.
 */
#ifndef A64EMU_LOG_H
#define A64EMU_LOG_H

#include <stdbool.h>
#include <stdio.h>

enum {
    LOG_IN_ASM = 1u << 0,  /* disassembly of each new block */
    LOG_OP = 1u << 1,      /* IR of each new block (after optimisation) */
    LOG_EXEC = 1u << 2,    /* each block executed */
    LOG_INT = 1u << 3,     /* exceptions and interrupts taken */
    LOG_UNIMP = 1u << 4,   /* unimplemented instructions/registers/devices */
    LOG_GUEST_ERROR = 1u << 5, /* guest did something invalid (bad MMIO...) */
    LOG_MMU = 1u << 6,     /* page-table walks and faults */
    LOG_OP_RAW = 1u << 7,  /* IR before optimisation */
};

extern unsigned log_mask;

static inline bool log_on(unsigned mask) { return (log_mask & mask) != 0; }

/* Parse "in_asm,op,exec,int,unimp,...": returns false and names the bad
 * item in *bad (static storage) if one is unknown. "help" lists them. */
bool log_parse(const char *list, unsigned *mask, const char **bad);
void log_print_help(FILE *out);
/* Open FILE for the log (NULL = stderr). Returns false if it cannot. */
bool log_open(const char *path);
FILE *log_file(void);
void log_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Print once per distinct key (e.g. "insn:0x12345678", "sysreg:S3_0_C15_C0_0"),
 * only under LOG_UNIMP. */
void log_unimp_once(const char *key, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
