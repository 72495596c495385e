/* SPDX-License-Identifier: MIT */
/* log.c - the -d/-D debug log. */
#include "log.h"

#include <glib.h>
#include <stdarg.h>
#include <string.h>

unsigned log_mask;
static FILE *log_fp;
static GHashTable *unimp_seen;
static GMutex unimp_lock;

static const struct {
    const char *name;
    unsigned mask;
    const char *help;
} log_items[] = {
    {"in_asm", LOG_IN_ASM, "show target assembly code for each compiled block"},
    {"op", LOG_OP, "show IR ops after optimisation"},
    {"op_raw", LOG_OP_RAW, "show IR ops before optimisation"},
    {"exec", LOG_EXEC, "show trace before each executed block"},
    {"int", LOG_INT, "show interrupts and exceptions"},
    {"unimp", LOG_UNIMP, "log unimplemented functionality"},
    {"guest_errors", LOG_GUEST_ERROR, "log when the guest OS does something invalid"},
    {"mmu", LOG_MMU, "log MMU-related activities"},
};

bool log_parse(const char *list, unsigned *mask, const char **bad)
{
    static char badbuf[64];
    unsigned m = 0;
    gchar **items = g_strsplit(list, ",", -1);
    bool ok = true;
    for (gchar **it = items; *it && ok; it++) {
        if (!**it)
            continue;
        bool found = false;
        for (size_t i = 0; i < G_N_ELEMENTS(log_items); i++) {
            if (!strcmp(*it, log_items[i].name)) {
                m |= log_items[i].mask;
                found = true;
            }
        }
        if (!found) {
            g_strlcpy(badbuf, *it, sizeof(badbuf));
            *bad = badbuf;
            ok = false;
        }
    }
    g_strfreev(items);
    if (ok)
        *mask = m;
    return ok;
}

void log_print_help(FILE *out)
{
    fprintf(out, "Log items (comma separated):\n");
    for (size_t i = 0; i < G_N_ELEMENTS(log_items); i++)
        fprintf(out, "%-12s %s\n", log_items[i].name, log_items[i].help);
}

bool log_open(const char *path)
{
    if (!path) {
        log_fp = stderr;
        return true;
    }
    FILE *f = fopen(path, "w");
    if (!f)
        return false;
    setvbuf(f, NULL, _IOLBF, 0);
    log_fp = f;
    return true;
}

FILE *log_file(void)
{
    return log_fp ? log_fp : stderr;
}

void log_printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfprintf(log_file(), fmt, ap);
    va_end(ap);
}

void log_unimp_once(const char *key, const char *fmt, ...)
{
    if (!log_on(LOG_UNIMP))
        return;
    g_mutex_lock(&unimp_lock);
    if (!unimp_seen)
        unimp_seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    bool fresh = !g_hash_table_contains(unimp_seen, key);
    if (fresh)
        g_hash_table_add(unimp_seen, g_strdup(key));
    g_mutex_unlock(&unimp_lock);
    if (!fresh)
        return;
    va_list ap;
    va_start(ap, fmt);
    vfprintf(log_file(), fmt, ap);
    va_end(ap);
}
