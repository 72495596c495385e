/* SPDX-License-Identifier: MIT */
/* exitcode.c - exits through semihosting SYS_EXIT_EXTENDED with code 7 (used by cli_test.py). */
#include "rt.h"

int main(void)
{
    printf("exiting with code 7\n");
    rt_exit(7);
}
