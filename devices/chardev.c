/* SPDX-License-Identifier: MIT */
/*
 * chardev.c - serial back ends: stdio (raw terminal, optional Ctrl-A
 * escapes as with qemu's mux), output file, null. Input is polled with
 * poll(2) and a zero timeout, so the vCPU loop never blocks on the host.
 */
#include "chardev.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#define CTRL_A 0x01

typedef enum ChrKind { CHR_NULL, CHR_STDIO, CHR_FILE } ChrKind;

struct CharDev {
    ChrKind kind;
    bool mux;             /* Ctrl-A escape commands (mon:stdio, -nographic) */
    int in_fd, out_fd;
    bool in_eof;
    bool got_escape;      /* last input byte was Ctrl-A */
    void (*quit)(void *opaque);
    void *quit_opaque;
};

/* ---- host terminal ---------------------------------------------------- */

static struct termios saved_tty;
static volatile sig_atomic_t tty_saved;

void chardev_restore_terminal(void)
{
    if (tty_saved) {
        tcsetattr(0, TCSANOW, &saved_tty);
        tty_saved = 0;
    }
}

static void fatal_signal(int sig)
{
    chardev_restore_terminal();
    signal(sig, SIG_DFL);
    raise(sig);
}

/* Raw input like qemu's stdio back end: no echo, no line editing, no
 * CR->NL, no flow control; output post-processing (NL->CRNL) stays on and
 * Ctrl-C still signals. */
static void set_raw_terminal(void)
{
    struct termios tty;
    if (tty_saved || !isatty(0) || tcgetattr(0, &tty) != 0) {
        return;
    }
    saved_tty = tty;
    tty.c_iflag &= ~(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL | IXON);
    tty.c_oflag |= OPOST;
    tty.c_lflag &= ~(ECHO | ECHONL | ICANON | IEXTEN);
    tty.c_cflag &= ~(CSIZE | PARENB);
    tty.c_cflag |= CS8;
    tty.c_cc[VMIN] = 1;
    tty.c_cc[VTIME] = 0;
    if (tcsetattr(0, TCSANOW, &tty) != 0) {
        return;
    }
    tty_saved = 1;
    atexit(chardev_restore_terminal);
    static const int sigs[] = { SIGSEGV, SIGBUS, SIGABRT, SIGFPE, SIGILL };
    for (unsigned i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
        signal(sigs[i], fatal_signal);
    }
}

/* ---- open/close -------------------------------------------------------- */

CharDev *chardev_open(const char *spec)
{
    CharDev *c = calloc(1, sizeof(*c));
    if (!c) {
        return NULL;
    }
    c->in_fd = -1;
    c->out_fd = -1;
    if (!strcmp(spec, "null")) {
        c->kind = CHR_NULL;
    } else if (!strcmp(spec, "stdio") || !strcmp(spec, "mon:stdio")) {
        c->kind = CHR_STDIO;
        c->mux = spec[0] == 'm';
        c->in_fd = 0;
        c->out_fd = 1;
        set_raw_terminal();
    } else if (!strncmp(spec, "file:", 5) && spec[5]) {
        c->kind = CHR_FILE;
        c->out_fd = open(spec + 5, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
        if (c->out_fd < 0) {
            fprintf(stderr, "a64emu: -serial %s: %s\n", spec, strerror(errno));
            free(c);
            return NULL;
        }
    } else {
        fprintf(stderr, "a64emu: -serial %s: unsupported back end "
                "(stdio, mon:stdio, file:PATH, null)\n", spec);
        free(c);
        return NULL;
    }
    return c;
}

void chardev_close(CharDev *c)
{
    if (!c) {
        return;
    }
    if (c->kind == CHR_FILE && c->out_fd >= 0) {
        close(c->out_fd);
    }
    if (c->kind == CHR_STDIO) {
        chardev_restore_terminal();
    }
    free(c);
}

void chardev_set_quit_handler(CharDev *c, void (*fn)(void *opaque), void *opaque)
{
    c->quit = fn;
    c->quit_opaque = opaque;
}

/* ---- I/O ------------------------------------------------------------- */

static void write_all(int fd, const uint8_t *buf, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, buf, len);
        if (n > 0) {
            buf += n;
            len -= (size_t)n;
        } else if (n < 0 && errno == EINTR) {
            continue;
        } else if (n < 0 && errno == EAGAIN) {
            struct pollfd p = { .fd = fd, .events = POLLOUT };
            poll(&p, 1, 100);
        } else {
            return; /* closed pipe, full disk: the guest output is lost */
        }
    }
}

void chardev_write(CharDev *c, const uint8_t *buf, size_t len)
{
    if (c && c->out_fd >= 0) {
        write_all(c->out_fd, buf, len);
    }
}

static const char mux_help[] =
    "\r\n"
    "C-a h    print this help\r\n"
    "C-a x    exit emulator\r\n"
    "C-a C-a  sends C-a\r\n";

/* Interpret Ctrl-A escapes in place; returns the bytes left for the guest. */
static size_t mux_filter(CharDev *c, uint8_t *buf, size_t n)
{
    size_t out = 0;
    for (size_t i = 0; i < n; i++) {
        uint8_t ch = buf[i];
        if (c->got_escape) {
            c->got_escape = false;
            switch (ch) {
            case 'h':
            case '?':
                write_all(1, (const uint8_t *)mux_help, sizeof(mux_help) - 1);
                break;
            case 'x': {
                static const char msg[] = "a64emu: Terminated\r\n";
                write_all(2, (const uint8_t *)msg, sizeof(msg) - 1);
                if (c->quit) {
                    c->quit(c->quit_opaque);
                } else {
                    chardev_restore_terminal();
                    exit(0);
                }
                break;
            }
            case CTRL_A:
                buf[out++] = ch;
                break;
            default:
                break; /* other qemu escapes (monitor, break...) not supported */
            }
        } else if (ch == CTRL_A) {
            c->got_escape = true;
        } else {
            buf[out++] = ch;
        }
    }
    return out;
}

size_t chardev_read(CharDev *c, uint8_t *buf, size_t len)
{
    if (!c || c->in_fd < 0 || c->in_eof || len == 0) {
        return 0;
    }
    for (;;) {
        struct pollfd p = { .fd = c->in_fd, .events = POLLIN };
        if (poll(&p, 1, 0) <= 0 || !(p.revents & (POLLIN | POLLHUP | POLLERR))) {
            return 0;
        }
        ssize_t n = read(c->in_fd, buf, len);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            if (n == 0 || errno != EAGAIN) {
                c->in_eof = true;
            }
            return 0;
        }
        size_t got = c->mux ? mux_filter(c, buf, (size_t)n) : (size_t)n;
        if (got > 0 || !c->mux) {
            return got;
        }
        /* everything was an escape command: look for more input */
    }
}
