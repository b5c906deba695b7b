// SPDX-License-Identifier: MIT
/*
 * The N_TTY line discipline and termios ioctls (fs/tty.h), after Linux
 * 6.1's drivers/tty/n_tty.c and tty_ioctl.c, reduced to what a shell
 * and glibc's isatty()/tcsetattr() need: no flow control (IXON), no
 * output processing (the console's output is the log), no VWERASE,
 * VREPRINT or VLNEXT. Linux's VERASE is ^? only (^H is an ordinary
 * character unless a program sets c_cc[VERASE] to it).
 *
 * Receiving runs under tty->lock and collects what must happen after it
 * (echo bytes, a signal) into a struct tty_rx: the echo output and the
 * kill path take locks above "tty" in the order.
 *
 * Locking: as fs/tty.h.
 */
#include <arch/uaccess.h>
#include "fs/file.h"
#include "fs/ioctl.h"
#include "fs/poll.h"
#include "fs/tty.h"
#include "kernel/process.h"
#include "kernel/signal.h"
#include "kernel/timer.h"
#include "lib/errno.h"
#include "lib/string.h"

#define TTY_READ_CHUNK	256	/* bytes copied out per lock hold */
#define TTY_ECHO_MAX	64	/* echo bytes one input byte may make */

#define CTRL(c)		((c) & 0x1f)

/* Linux's tty_std_termios: 38400 8N1, canonical, echoing, signals. */
static const struct termios tty_std_termios = {
	.c_iflag = ICRNL | IXON,
	.c_oflag = OPOST | ONLCR,
	.c_cflag = 0000017 | 0000060 | 0000200 | 0002000, /* B38400 CS8
							    * CREAD HUPCL */
	.c_lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE |
		   IEXTEN,
	.c_cc = {
		[VINTR] = CTRL('C'), [VQUIT] = CTRL('\\'), [VERASE] = 0177,
		[VKILL] = CTRL('U'), [VEOF] = CTRL('D'), [VMIN] = 1,
		[8] = CTRL('Q'), [9] = CTRL('S'), [VSUSP] = CTRL('Z'),
		[12] = CTRL('R'), [13] = CTRL('O'), [14] = CTRL('W'),
		[15] = CTRL('V'),
	},
};

/* What receiving one chunk leaves to do once tty->lock is dropped. */
struct tty_rx {
	char echo[TTY_ECHO_MAX];
	size_t echo_len;
	int sig;		/* 0, SIGINT or SIGQUIT */
	bool wake;		/* readers may go on */
};

/**
 * tty_init - a tty in Linux's initial state, no input attached.
 * @tty: the tty
 * @echo: where echoes go (the device's output)
 *
 * Context: any, before the tty is used.
 */
void tty_init(struct tty *tty, void (*echo)(struct tty *, const char *,
					    size_t))
{
	memset(tty, 0, sizeof(*tty));
	spin_lock_init(&tty->lock, "tty");
	init_waitqueue_head(&tty->read_wait);
	tty->echo = echo;
	tty->termios = tty_std_termios;
	tty->winsize.ws_row = 25;
	tty->winsize.ws_col = 80;
}

/**
 * tty_attach_input - say whether a device feeds @tty (without one, reads
 * are end of file, so that a program reading a console with no input
 * still ends).
 * @tty: the tty
 * @on: a device now feeds it, or no longer does
 *
 * Context: any task context; takes tty->lock.
 */
void tty_attach_input(struct tty *tty, bool on)
{
	unsigned long flags = spin_lock_irqsave(&tty->lock);

	tty->input_attached = on;
	spin_unlock_irqrestore(&tty->lock, flags);
	wake_up_all(&tty->read_wait);
}

/**
 * tty_signal_fg - send @sig to the foreground process group @pgrp.
 * @pgrp: the group; 0 (none set) sends nothing
 * @sig: SIGINT, SIGQUIT or SIGTSTP
 *
 * Every live process of the group gets it, through kill(-pgrp)'s path
 * (Linux's isig() through kill_pgrp()): a shell's pipeline or a script
 * and the command it waits for end together.
 * Context: task context; takes the process list and process locks.
 */
void tty_signal_fg(int pgrp, int sig)
{
	if (pgrp > 0)
		signal_kill(-pgrp, sig);
}

static bool tty_flag(struct tty *tty, u32 lflag)
{
	return tty->termios.c_lflag & lflag;
}

static void rx_echo(struct tty_rx *rx, const char *s, size_t n)
{
	n = MIN(n, sizeof(rx->echo) - rx->echo_len);
	memcpy(rx->echo + rx->echo_len, s, n);
	rx->echo_len += n;
}

/* Echo @c as typed: a control character as ^X with ECHOCTL. */
static void rx_echo_char(struct tty *tty, struct tty_rx *rx, char c)
{
	char ctl[2] = { '^', (char)(c ^ 0100) };

	if (!tty_flag(tty, ECHO))
		return;
	if ((u8)c < ' ' && c != '\n' && c != '\t' && tty_flag(tty, ECHOCTL))
		rx_echo(rx, ctl, 2);
	else
		rx_echo(rx, &c, 1);
}

static size_t rbuf_room(struct tty *tty)
{
	return TTY_BUF_SIZE - (tty->rhead - tty->rtail);
}

static void rbuf_put(struct tty *tty, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		tty->rbuf[tty->rhead++ % TTY_BUF_SIZE] = s[i];
}

/* End a canonical line (or, empty, an end of file) at rbuf's head. */
static void canon_push(struct tty *tty, struct tty_rx *rx)
{
	if (tty->ends_head - tty->ends_tail == TTY_MAX_LINES ||
	    rbuf_room(tty) < tty->edit_len)
		return;		/* full: the line is lost, as in Linux */
	rbuf_put(tty, tty->edit, tty->edit_len);
	tty->edit_len = 0;
	tty->ends[tty->ends_head++ % TTY_MAX_LINES] = tty->rhead;
	rx->wake = true;
}

static void canon_erase(struct tty *tty, struct tty_rx *rx, size_t n)
{
	for (; n && tty->edit_len; n--) {
		tty->edit_len--;
		if (tty_flag(tty, ECHO) && tty_flag(tty, ECHOE))
			rx_echo(rx, "\b \b", 3);
	}
}

/* One byte in canonical mode. */
static void canon_char(struct tty *tty, struct tty_rx *rx, char c)
{
	const u8 *cc = tty->termios.c_cc;

	if ((u8)c == cc[VERASE]) {
		canon_erase(tty, rx, 1);
	} else if ((u8)c == cc[VKILL]) {
		canon_erase(tty, rx, tty->edit_len);
	} else if ((u8)c == cc[VEOF]) {
		canon_push(tty, rx);
	} else if (tty->edit_len < TTY_BUF_SIZE - 1 ||
		   (c == '\n' && tty->edit_len < TTY_BUF_SIZE)) {
		/* Linux keeps the last byte of the line for the '\n'. */
		tty->edit[tty->edit_len++] = c;
		if (c == '\n' && !tty_flag(tty, ECHO) && tty_flag(tty, ECHONL))
			rx_echo(rx, "\n", 1);
		else
			rx_echo_char(tty, rx, c);
		if (c == '\n' || (u8)c == cc[VEOL])
			canon_push(tty, rx);
	}
}

/* The input flags' translations. Return: false to drop @c. */
static bool input_map(struct tty *tty, char *c)
{
	u32 iflag = tty->termios.c_iflag;

	if (*c == '\r') {
		if (iflag & IGNCR)
			return false;
		if (iflag & ICRNL)
			*c = '\n';
	} else if (*c == '\n' && (iflag & INLCR)) {
		*c = '\r';
	}
	return true;
}

/* ISIG: ^C, ^\ and ^Z signal and flush. Return: @c was one of them. */
static bool input_signal(struct tty *tty, struct tty_rx *rx, char c)
{
	const u8 *cc = tty->termios.c_cc;

	if (!tty_flag(tty, ISIG))
		return false;
	if ((u8)c == cc[VINTR])
		rx->sig = SIGINT;
	else if ((u8)c == cc[VQUIT])
		rx->sig = SIGQUIT;
	else if ((u8)c == cc[VSUSP])
		rx->sig = SIGTSTP;	/* job control: it stops the group */
	else
		return false;
	if (!tty_flag(tty, NOFLSH)) {
		tty->edit_len = 0;
		tty->rtail = tty->rhead;
		tty->ends_tail = tty->ends_head;
	}
	rx_echo_char(tty, rx, c);
	return true;
}

static void receive_char(struct tty *tty, struct tty_rx *rx, char c)
{
	if (!input_map(tty, &c) || input_signal(tty, rx, c))
		return;
	if (tty_flag(tty, ICANON)) {
		canon_char(tty, rx, c);
	} else if (rbuf_room(tty)) {
		rbuf_put(tty, &c, 1);
		rx_echo_char(tty, rx, c);
		rx->wake = true;
	}
}

/* Echo, signal and wake for what receiving left to do. */
static void receive_finish(struct tty *tty, struct tty_rx *rx, int pgrp)
{
	if (rx->echo_len && tty->echo)
		tty->echo(tty, rx->echo, rx->echo_len);
	if (rx->sig)
		tty_signal_fg(pgrp, rx->sig);
	if (rx->wake || rx->sig)
		wake_up_all(&tty->read_wait);
}

/**
 * tty_receive - bytes typed on @tty's device, through the discipline.
 * @tty: the tty
 * @buf: the bytes
 * @n: how many
 *
 * Context: task context (a signal goes through the kill path); takes
 * tty->lock per byte, and the echo output's and kill path's locks.
 */
void tty_receive(struct tty *tty, const char *buf, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct tty_rx rx = { .echo_len = 0 };
		unsigned long flags = spin_lock_irqsave(&tty->lock);
		int pgrp = tty->pgrp;

		receive_char(tty, &rx, buf[i]);
		spin_unlock_irqrestore(&tty->lock, flags);
		receive_finish(tty, &rx, pgrp);
	}
}

/* Bytes a read may take now: up to the first line end in canonical
 * mode (0 with an end there: end of file), all of rbuf in raw mode. */
static size_t tty_readable(struct tty *tty, bool *eof)
{
	*eof = false;
	if (!tty_flag(tty, ICANON))
		return tty->rhead - tty->rtail;
	while (tty->ends_head != tty->ends_tail &&
	       tty->ends[tty->ends_tail % TTY_MAX_LINES] - tty->rtail >
	       TTY_BUF_SIZE)	/* passed by a raw read or a flush */
		tty->ends_tail++;
	if (tty->ends_head == tty->ends_tail)
		return 0;
	*eof = tty->ends[tty->ends_tail % TTY_MAX_LINES] == tty->rtail;
	return tty->ends[tty->ends_tail % TTY_MAX_LINES] - tty->rtail;
}

/*
 * Take up to @n readable bytes into @out (a raw read also needs VMIN of
 * them: @min). Return: bytes taken; -EAGAIN when not enough are there;
 * 0 for end of file.
 */
static long tty_take(struct tty *tty, char *out, size_t n, size_t min)
{
	unsigned long flags = spin_lock_irqsave(&tty->lock);
	bool eof;
	size_t avail = tty_readable(tty, &eof);
	long r;

	if (!tty->input_attached && !avail) {
		r = 0;
	} else if (eof) {
		tty->ends_tail++;
		r = 0;
	} else if (!avail || avail < min) {
		r = -EAGAIN;
	} else {
		n = MIN(n, avail);
		for (size_t i = 0; i < n; i++)
			out[i] = tty->rbuf[tty->rtail++ % TTY_BUF_SIZE];
		if (tty_flag(tty, ICANON) &&
		    tty->ends[tty->ends_tail % TTY_MAX_LINES] == tty->rtail)
			tty->ends_tail++;
		r = (long)n;
	}
	spin_unlock_irqrestore(&tty->lock, flags);
	return r;
}

/* Raw mode's wait: for VMIN bytes, or with VMIN 0 up to VTIME tenths
 * of a second for any (VTIME 0: no wait). VTIME's inter-byte timer
 * with VMIN > 0 is not here: such a read waits for VMIN bytes. */
static void tty_raw_limits(struct tty *tty, size_t *min, long *timeout)
{
	unsigned long flags = spin_lock_irqsave(&tty->lock);
	u8 vmin = tty->termios.c_cc[VMIN], vtime = tty->termios.c_cc[VTIME];
	bool canon = tty_flag(tty, ICANON);

	spin_unlock_irqrestore(&tty->lock, flags);
	*min = canon ? 1 : vmin;
	*timeout = canon || vmin ? -1 : (long)msecs_to_jiffies(vtime * 100UL);
}

/**
 * tty_read - read(2) of a tty.
 * @tty: the tty
 * @f: the open file (O_NONBLOCK)
 * @io: where the bytes go
 *
 * Context: task context, may sleep in FS_WAIT_STATE.
 * Return: bytes read; 0 at end of file (^D on an empty line, or no
 * input attached); -EAGAIN, -EINTR, -EFAULT.
 */
long tty_read(struct tty *tty, struct file *f, struct io_buf *io)
{
	char chunk[TTY_READ_CHUNK];
	size_t min;
	long r, timeout;

	if (!io->len)
		return 0;
	tty_raw_limits(tty, &min, &timeout);
	min = MIN(min, MIN(io->len, sizeof(chunk)));
	r = tty_take(tty, chunk, MIN(io->len, sizeof(chunk)), min);
	if (r == -EAGAIN && timeout && !(f->flags & O_NONBLOCK)) {
		long left = __wait_event_common(tty->read_wait,
			(r = tty_take(tty, chunk, MIN(io->len, sizeof(chunk)),
				      min)) != -EAGAIN, FS_WAIT_STATE,
			timeout);

		if (left < 0)
			r = left;
	}
	if (r == -EAGAIN && !min)	/* VMIN 0: a timed-out read is 0 */
		r = 0;
	if (r > 0 && io_copy_to(io, 0, chunk, (size_t)r) != (size_t)r)
		r = -EFAULT;
	memset(chunk, 0, sizeof(chunk));
	return r;
}

/**
 * tty_poll - a tty's readiness: always writable, readable when a read
 * would not wait.
 * @tty: the tty
 * @f: the open file
 * @pt: the poll table, or NULL
 *
 * Context: any task context; takes tty->lock.
 * Return: POLL* bits.
 */
unsigned int tty_poll(struct tty *tty, struct file *f, struct poll_table *pt)
{
	unsigned long flags;
	unsigned int mask = POLLOUT | POLLWRNORM;
	bool eof;

	poll_wait(f, &tty->read_wait, pt);
	flags = spin_lock_irqsave(&tty->lock);
	if (tty_readable(tty, &eof) || eof || !tty->input_attached)
		mask |= POLLIN | POLLRDNORM;
	spin_unlock_irqrestore(&tty->lock, flags);
	return mask;
}

/* TCSETS*: a canonical line being typed becomes readable in raw mode. */
static void tty_set_termios(struct tty *tty, const struct termios *t,
			    bool flush)
{
	unsigned long flags = spin_lock_irqsave(&tty->lock);
	struct tty_rx rx = { .echo_len = 0 };

	if (flush) {
		tty->edit_len = 0;
		tty->rtail = tty->rhead;
		tty->ends_tail = tty->ends_head;
	}
	if (tty_flag(tty, ICANON) && !(t->c_lflag & ICANON) &&
	    rbuf_room(tty) >= tty->edit_len) {
		rbuf_put(tty, tty->edit, tty->edit_len);
		tty->edit_len = 0;
	}
	tty->termios = *t;
	spin_unlock_irqrestore(&tty->lock, flags);
	rx.wake = true;
	receive_finish(tty, &rx, 0);
}

/* FIONREAD: every byte a read could take (whole lines when canonical:
 * only they are in rbuf). */
static long tty_nr_readable(struct tty *tty)
{
	unsigned long flags = spin_lock_irqsave(&tty->lock);
	long n = (long)(tty->rhead - tty->rtail);

	spin_unlock_irqrestore(&tty->lock, flags);
	return n;
}

/* Copy @n bytes of @tty's field at @field out to user @arg. */
static long tty_get(struct tty *tty, const void *field, size_t n,
		    unsigned long arg)
{
	char copy[sizeof(struct termios)];
	unsigned long flags = spin_lock_irqsave(&tty->lock);

	memcpy(copy, field, n);
	spin_unlock_irqrestore(&tty->lock, flags);
	return copy_to_user((void __user *)arg, copy, n) ? -EFAULT : 0;
}

static long tty_set_pgrp(struct tty *tty, unsigned long arg)
{
	struct process *p;
	unsigned long flags;
	int pgrp;

	if (copy_from_user(&pgrp, (const void __user *)arg, sizeof(pgrp)))
		return -EFAULT;
	if (pgrp < 0)
		return -EINVAL;
	p = process_get_by_pid(pgrp, PROCESS_ALIVE);
	if (!p)
		return -ESRCH;
	process_put(p);
	flags = spin_lock_irqsave(&tty->lock);
	tty->pgrp = pgrp;
	spin_unlock_irqrestore(&tty->lock, flags);
	return 0;
}

/**
 * tty_make_controlling - make @tty the controlling terminal of the
 * caller's session when the caller leads one and @tty has no session
 * (Linux's tty_open() through __proc_set_tty(), and TIOCSCTTY): the
 * caller's group becomes the foreground group. oomlab keeps the link on
 * the tty only; a process has no controlling-terminal field.
 *
 * Context: task context.
 */
void tty_make_controlling(struct tty *tty)
{
	struct process *p = process_current();
	unsigned long flags;

	if (!p || p->sid != p->tgid)
		return;
	flags = spin_lock_irqsave(&tty->lock);
	if (!tty->session) {
		tty->session = p->sid;
		tty->pgrp = p->pgid;
	}
	spin_unlock_irqrestore(&tty->lock, flags);
}

/* TIOCSCTTY: as opening it, for a session leader; -EPERM otherwise or
 * when it controls another session (Linux's tiocsctty() without the
 * CAP_SYS_ADMIN steal). */
static long tty_set_ctty(struct tty *tty)
{
	struct process *p = process_current();

	if (!p || p->sid != p->tgid)
		return -EPERM;
	tty_make_controlling(tty);
	return __atomic_load_n(&tty->session, __ATOMIC_RELAXED) == p->sid ?
	       0 : -EPERM;
}

/**
 * tty_ioctl - the termios, window size, foreground group and FIONREAD
 * requests (fs/ioctl.h).
 * @tty: the tty
 * @cmd: the request
 * @arg: a user pointer to its argument
 *
 * Context: task context, may sleep.
 * Return: 0 (FIONREAD: 0 with the count stored); -EFAULT, -EINVAL,
 * -ESRCH (TIOCSPGRP of no process), -ENOTTY for another request.
 */
long tty_ioctl(struct tty *tty, unsigned int cmd, unsigned long arg)
{
	struct termios t;
	struct winsize ws;
	unsigned long flags;

	switch (cmd) {
	case TCGETS:
		return tty_get(tty, &tty->termios, sizeof(t), arg);
	case TCSETS:
	case TCSETSW:	/* no output queue: nothing to drain */
	case TCSETSF:
		if (copy_from_user(&t, (const void __user *)arg, sizeof(t)))
			return -EFAULT;
		tty_set_termios(tty, &t, cmd == TCSETSF);
		return 0;
	case TIOCGWINSZ:
		return tty_get(tty, &tty->winsize, sizeof(ws), arg);
	case TIOCSWINSZ:
		if (copy_from_user(&ws, (const void __user *)arg, sizeof(ws)))
			return -EFAULT;
		flags = spin_lock_irqsave(&tty->lock);
		tty->winsize = ws;
		spin_unlock_irqrestore(&tty->lock, flags);
		return 0;
	case TIOCGPGRP:
		return tty_get(tty, &tty->pgrp, sizeof(int), arg);
	case TIOCSPGRP:
		return tty_set_pgrp(tty, arg);
	case TIOCSCTTY:
		return tty_set_ctty(tty);
	case TIOCGSID:
		if (!__atomic_load_n(&tty->session, __ATOMIC_RELAXED))
			return -ENOTTY;	/* Linux: not a controlling tty */
		return tty_get(tty, &tty->session, sizeof(int), arg);
	case FIONREAD:
		return put_user_u32((u32)tty_nr_readable(tty),
				    (u32 __user *)arg) ? -EFAULT : 0;
	default:
		return -ENOTTY;
	}
}
