/* SPDX-License-Identifier: MIT */
/*
 * chardev.h - host back ends of a serial port (qemu's -serial SPEC):
 * "stdio", "mon:stdio" (stdio with the Ctrl-A escape commands, what
 * -nographic uses), "file:PATH" (output only) and "null".
 *
 * Input is polled and never blocks. With a terminal on stdin, stdio puts it
 * in raw mode and restores it at exit, on a fatal signal and in
 * chardev_close().
 */
#ifndef A64EMU_CHARDEV_H
#define A64EMU_CHARDEV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct CharDev CharDev;

/* Open a back end. Returns NULL and prints one line naming spec on error. */
CharDev *chardev_open(const char *spec);
void chardev_close(CharDev *c);

/* Send guest output (blocking until written; errors are dropped). */
void chardev_write(CharDev *c, const uint8_t *buf, size_t len);
/* Take up to len bytes of pending input; 0 if none (never blocks). */
size_t chardev_read(CharDev *c, uint8_t *buf, size_t len);

/* Called when the user types Ctrl-A x on a mux ("mon:stdio") back end. */
void chardev_set_quit_handler(CharDev *c, void (*fn)(void *opaque), void *opaque);

/* Called (from a host thread of the back end) after input arrived or an
 * escape command ran, so a sleeping machine loop polls the devices. NULL
 * turns it off. [sched] */
void chardev_set_input_notify(CharDev *c, void (*fn)(void *opaque), void *opaque);

/* Restore the host terminal if a back end changed it (idempotent,
 * async-signal-safe). */
void chardev_restore_terminal(void);

#endif
