/* SPDX-License-Identifier: MIT */
/*
 * A terminal (fs/tty.c): Linux's termios interface and the N_TTY line
 * discipline between a device's input and read(2).
 *
 * Input bytes come from the device (tty_receive(): the serial port's
 * receive path, or a test) and go through the discipline: ICRNL, INLCR,
 * IGNCR; ISIG's VINTR (^C), VQUIT (^\) and VSUSP (^Z: SIGTSTP) signal
 * the foreground process group; in canonical mode (ICANON) a line is
 * edited (VERASE ^?, VKILL ^U) and becomes readable at '\n' or VEOF (^D;
 * ^D on an empty line is end of file); without ICANON bytes are
 * readable at once, a read waiting for VMIN of them, VTIME tenths of a
 * second at most. ECHO hands what was typed to the device's echo output.
 *
 * ioctl: TCGETS, TCSETS, TCSETSW, TCSETSF (struct termios, Linux's
 * layout), TIOCGWINSZ/TIOCSWINSZ (80x25 at first), TIOCGPGRP/TIOCSPGRP
 * (the foreground group, kept as a number), TIOCSCTTY and TIOCGSID (the
 * session it is the controlling terminal of), FIONREAD.
 *
 * A tty with no input attached reads end of file, as oomlab's console
 * did before it had input.
 */
#ifndef FS_TTY_H
#define FS_TTY_H

#include "kernel/spinlock.h"
#include "kernel/wait.h"
#include "lib/types.h"

#define NCCS		19
#define TTY_BUF_SIZE	4096	/* input held: Linux's N_TTY_BUF_SIZE */
#define TTY_MAX_LINES	64	/* whole lines waiting to be read */

/* c_cc indices and flag bits: Linux's values (asm-generic/termbits.h). */
#define VINTR		0
#define VQUIT		1
#define VERASE		2
#define VKILL		3
#define VEOF		4
#define VTIME		5
#define VMIN		6
#define VSUSP		10
#define VEOL		11

#define INLCR		0000100
#define IGNCR		0000200
#define ICRNL		0000400
#define IXON		0002000
#define OPOST		0000001
#define ONLCR		0000004
#define ISIG		0000001
#define ICANON		0000002
#define ECHO		0000010
#define ECHOE		0000020
#define ECHOK		0000040
#define ECHONL		0000100
#define NOFLSH		0000200
#define ECHOCTL		0001000
#define ECHOKE		0004000
#define IEXTEN		0100000

/* Linux's kernel struct termios (TCGETS), 36 bytes. */
struct termios {
	u32 c_iflag;
	u32 c_oflag;
	u32 c_cflag;
	u32 c_lflag;
	u8 c_line;
	u8 c_cc[NCCS];
};

struct winsize {
	u16 ws_row;
	u16 ws_col;
	u16 ws_xpixel;
	u16 ws_ypixel;
};

struct io_buf;
struct poll_table;
struct file;

/*
 * Locking: [t] tty->lock (a leaf spinlock: the device's receive path
 * may run where nothing may sleep); [I] immutable after tty_init().
 */
struct tty {
	struct spinlock lock;			/* "tty" */
	struct wait_queue_head read_wait;	/* readers and pollers */
	/* The device's output for echoes; called without tty->lock. */
	void (*echo)(struct tty *tty, const char *s, size_t n);	/* [I] */
	bool input_attached;			/* [t] else reads are EOF */
	struct termios termios;			/* [t] */
	struct winsize winsize;			/* [t] */
	int pgrp;				/* [t] foreground group */
	int session;				/* [t] the session it is the
						 * controlling terminal of;
						 * 0: none */
	char edit[TTY_BUF_SIZE];		/* [t] the line being typed */
	size_t edit_len;			/* [t] */
	char rbuf[TTY_BUF_SIZE];		/* [t] readable bytes, a ring */
	size_t rhead, rtail;			/* [t] free-running */
	/* Canonical reads stop at these rbuf indices: a line's end, or
	 * an end of file (^D on an empty line: an end at the last one). */
	size_t ends[TTY_MAX_LINES];		/* [t] a ring */
	size_t ends_head, ends_tail;		/* [t] free-running */
};

void tty_init(struct tty *tty, void (*echo)(struct tty *, const char *,
					    size_t));
void tty_attach_input(struct tty *tty, bool on);
void tty_receive(struct tty *tty, const char *buf, size_t n);
long tty_read(struct tty *tty, struct file *f, struct io_buf *io);
unsigned int tty_poll(struct tty *tty, struct file *f, struct poll_table *pt);
long tty_ioctl(struct tty *tty, unsigned int cmd, unsigned long arg);
void tty_signal_fg(int pgrp, int sig);
void tty_make_controlling(struct tty *tty);

#endif
