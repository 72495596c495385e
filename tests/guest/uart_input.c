/* SPDX-License-Identifier: MIT */
/* uart_input.c - polled PL011 input: read lines from the UART (the runner feeds stdin) and echo them transformed. */
#include "rt.h"

int main(void)
{
    char line[128];
    unsigned n = 0, lines = 0, total = 0;
    uint32_t sum = 0;

    printf("uart input: send lines, '.' alone ends\n");
    for (;;) {
        int c = uart_getc(10000);

        if (c < 0) {
            printf("FAIL no input within 10 s (after %u bytes)\n", total);
            check_count(0);
            return 0;
        }
        total++;
        sum = sum * 31 + (uint32_t)c;
        if (c == '\r') {
            continue;
        }
        if (c != '\n' && n < sizeof(line) - 1) {
            line[n++] = (char)c;
            continue;
        }
        line[n] = 0;
        if (n == 1 && line[0] == '.') {
            break;
        }
        for (unsigned i = 0; i < n; i++) {
            if (line[i] >= 'a' && line[i] <= 'z') {
                line[i] = (char)(line[i] - 'a' + 'A');
            }
        }
        printf("line %u (%u bytes): %s\n", ++lines, n, line);
        n = 0;
    }
    printf("%u bytes, hash 0x%08x\n", total, sum);
    check_eq("lines received", lines, 3);
    return 0;
}
