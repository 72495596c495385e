/* SPDX-License-Identifier: MIT */
/*
 * chardev.c - serial back ends: stdio (raw terminal, optional Ctrl-A
 * escapes as with qemu's mux), output file, null. Standard input is read
 * by a helper thread into a ring buffer, so guest reads never block and the
 * escape commands work whatever the guest does.
 */
#include "chardev.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#define CTRL_A 0x01

typedef enum ChrKind { CHR_NULL, CHR_STDIO, CHR_FILE } ChrKind;

#define RX_RING 4096

struct CharDev {
    ChrKind kind;
    bool mux;             /* Ctrl-A escape commands (mon:stdio, -nographic) */
    int in_fd, out_fd;
    bool got_escape;      /* last input byte was Ctrl-A */
    void (*quit)(void *opaque);
    void *quit_opaque;
    void (*notify)(void *opaque);   /* input arrived (reader thread) */
    void *notify_opaque;

    /* stdin is read by a helper thread so that Ctrl-A x works even while
     * the guest never looks at its UART; the guest side takes bytes from
     * this ring without blocking. */
    pthread_t reader;
    bool reader_started;
    pthread_mutex_t lock;
    pthread_cond_t space;
    uint8_t ring[RX_RING];
    size_t head, count;
    bool in_eof;
    bool stop;
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

static void *reader_main(void *opaque);

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
        pthread_mutex_init(&c->lock, NULL);
        pthread_cond_init(&c->space, NULL);
        /* Block the signals the main thread handles in the reader. */
        sigset_t all, old;
        sigfillset(&all);
        pthread_sigmask(SIG_BLOCK, &all, &old);
        c->reader_started = pthread_create(&c->reader, NULL, reader_main, c) == 0;
        pthread_sigmask(SIG_SETMASK, &old, NULL);
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
        if (c->reader_started) {
            pthread_mutex_lock(&c->lock);
            c->stop = true;
            pthread_cond_broadcast(&c->space);
            pthread_mutex_unlock(&c->lock);
            pthread_join(c->reader, NULL);
        }
        pthread_mutex_destroy(&c->lock);
        pthread_cond_destroy(&c->space);
        chardev_restore_terminal();
    }
    free(c);
}

void chardev_set_quit_handler(CharDev *c, void (*fn)(void *opaque), void *opaque)
{
    c->quit = fn;
    c->quit_opaque = opaque;
}

void chardev_set_input_notify(CharDev *c, void (*fn)(void *opaque), void *opaque)
{
    if (!c || c->kind != CHR_STDIO) {
        return; /* only stdio has input */
    }
    pthread_mutex_lock(&c->lock);
    c->notify = fn;
    c->notify_opaque = opaque;
    pthread_mutex_unlock(&c->lock);
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
    "\n"
    "C-a h    print this help\n"
    "C-a x    exit emulator\n"
    "C-a C-a  sends C-a\n";

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
                static const char msg[] = "a64emu: Terminated\n";
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

/* The stdin reader thread: waits for room in the ring, polls stdin with a
 * short timeout (to notice chardev_close), applies the mux escapes. */
static void *reader_main(void *opaque)
{
    CharDev *c = opaque;
    uint8_t buf[256];
    for (;;) {
        pthread_mutex_lock(&c->lock);
        while (!c->stop && c->count == RX_RING) {
            pthread_cond_wait(&c->space, &c->lock);
        }
        size_t room = RX_RING - c->count;
        bool stop = c->stop;
        pthread_mutex_unlock(&c->lock);
        if (stop) {
            return NULL;
        }
        struct pollfd p = { .fd = c->in_fd, .events = POLLIN };
        int r = poll(&p, 1, 100);
        if (r < 0 && errno != EINTR) {
            break;
        }
        if (r <= 0) {
            continue;
        }
        ssize_t n = read(c->in_fd, buf, room < sizeof(buf) ? room : sizeof(buf));
        if (n < 0 && (errno == EINTR || errno == EAGAIN)) {
            continue;
        }
        if (n <= 0) {
            break;
        }
        size_t got = c->mux ? mux_filter(c, buf, (size_t)n) : (size_t)n;
        pthread_mutex_lock(&c->lock);
        for (size_t i = 0; i < got; i++) {
            c->ring[(c->head + c->count) % RX_RING] = buf[i];
            c->count++;
        }
        void (*notify)(void *) = c->notify;
        void *notify_opaque = c->notify_opaque;
        pthread_mutex_unlock(&c->lock);
        if (notify) {
            notify(notify_opaque); /* wake a machine loop sleeping in WFI */
        }
    }
    pthread_mutex_lock(&c->lock);
    c->in_eof = true;
    pthread_mutex_unlock(&c->lock);
    return NULL;
}

size_t chardev_read(CharDev *c, uint8_t *buf, size_t len)
{
    if (!c || c->kind != CHR_STDIO || !c->reader_started || len == 0) {
        return 0;
    }
    pthread_mutex_lock(&c->lock);
    size_t n = 0;
    while (n < len && c->count > 0) {
        buf[n++] = c->ring[c->head];
        c->head = (c->head + 1) % RX_RING;
        c->count--;
    }
    if (n > 0) {
        pthread_cond_signal(&c->space);
    }
    pthread_mutex_unlock(&c->lock);
    return n;
}
