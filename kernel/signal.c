// SPDX-License-Identifier: MIT
/*
 * Signal numbers, their default actions (see signal.h for the policy) and
 * the pending queue: standard signals coalesce, real-time ones queue in
 * order, as Linux's __send_signal() and collect_signal(). Pure: the kill
 * paths and the host tests share it; callers lock.
 */
#include "kernel/signal.h"
#include "lib/errno.h"
#include "lib/string.h"

static const char *const names[] = {
	[SIGHUP] = "SIGHUP", [SIGINT] = "SIGINT", [SIGQUIT] = "SIGQUIT",
	[SIGILL] = "SIGILL", [SIGTRAP] = "SIGTRAP", [SIGABRT] = "SIGABRT",
	[SIGBUS] = "SIGBUS", [SIGFPE] = "SIGFPE", [SIGKILL] = "SIGKILL",
	[SIGUSR1] = "SIGUSR1", [SIGSEGV] = "SIGSEGV", [SIGUSR2] = "SIGUSR2",
	[SIGPIPE] = "SIGPIPE", [SIGALRM] = "SIGALRM", [SIGTERM] = "SIGTERM",
	[16] = "SIGSTKFLT", [SIGCHLD] = "SIGCHLD", [SIGCONT] = "SIGCONT",
	[SIGSTOP] = "SIGSTOP", [SIGTSTP] = "SIGTSTP", [SIGTTIN] = "SIGTTIN",
	[SIGTTOU] = "SIGTTOU", [SIGURG] = "SIGURG", [24] = "SIGXCPU",
	[25] = "SIGXFSZ", [26] = "SIGVTALRM", [27] = "SIGPROF",
	[SIGWINCH] = "SIGWINCH", [29] = "SIGIO", [30] = "SIGPWR",
	[31] = "SIGSYS",
};

/**
 * signal_default_action - what sending @sig does to a process.
 * @sig: a signal number
 *
 * Context: any; pure.
 * Return: SIGNAL_INVALID outside 1..64, SIGNAL_IGNORE for SIGCHLD,
 * SIGURG, SIGWINCH and SIGCONT, SIGNAL_STOP for SIGSTOP, SIGTSTP,
 * SIGTTIN and SIGTTOU, SIGNAL_FATAL otherwise.
 */
enum signal_action signal_default_action(int sig)
{
	if (sig < 1 || sig > SIGRTMAX)
		return SIGNAL_INVALID;
	switch (sig) {
	case SIGCHLD:
	case SIGURG:
	case SIGWINCH:
	case SIGCONT:
		return SIGNAL_IGNORE;
	case SIGSTOP:
	case SIGTSTP:
	case SIGTTIN:
	case SIGTTOU:
		return SIGNAL_STOP;
	default:
		return SIGNAL_FATAL;
	}
}

/* Return: "SIGSEGV" etc., "SIGRT" for real-time ones, "?" if invalid. */
const char *signal_name(int sig)
{
	if (sig >= 1 && sig < (int)(sizeof(names) / sizeof(names[0])) &&
	    names[sig])
		return names[sig];
	return sig >= 32 && sig <= SIGRTMAX ? "SIGRT" : "?";
}

/**
 * signal_pending_add - make @e->signo pending on @q with what @e carries.
 * @q: the queue
 * @e: the signal (1..64) and its siginfo fields
 *
 * A standard signal already pending is not queued again. When the queue
 * is full the signal still becomes pending, with a bare siginfo, unless
 * it is a real-time one sent by rt_sigqueueinfo() or the kernel, which
 * Linux refuses with -EAGAIN rather than lose its value.
 * Context: any; the caller holds the queue's lock.
 * Return: 0, or -EAGAIN (nothing changed).
 */
int signal_pending_add(struct signal_pending *q, const struct signal_entry *e)
{
	u64 bit = SIGNAL_BIT(e->signo);

	if (e->signo < SIGRTMIN && (q->set & bit))
		return 0;
	if (q->nr < SIGNAL_QUEUE_MAX)
		q->entry[q->nr++] = *e;
	else if (e->signo >= SIGRTMIN && e->code != SI_USER)
		return -EAGAIN;
	q->set |= bit;
	return 0;
}

/* Drop entry @i of @q, keeping the order of the others. */
static void queue_remove(struct signal_pending *q, unsigned int i)
{
	memmove(&q->entry[i], &q->entry[i + 1],
		(q->nr - i - 1) * sizeof(q->entry[0]));
	q->nr--;
}

/* Return: whether @q holds an entry for @sig. */
static bool queue_has(const struct signal_pending *q, int sig)
{
	for (unsigned int i = 0; i < q->nr; i++)
		if (q->entry[i].signo == sig)
			return true;
	return false;
}

/**
 * signal_pending_take - dequeue the lowest pending signal in @allowed.
 * @q: the queue
 * @allowed: the signals that may be taken (the unblocked ones)
 * @e: gets the signal's oldest entry, or a bare one (SI_USER, no sender)
 *
 * Context: any; the caller holds the queue's lock.
 * Return: the signal number, 0 if none is pending in @allowed.
 */
int signal_pending_take(struct signal_pending *q, u64 allowed,
			struct signal_entry *e)
{
	u64 ready = q->set & allowed;
	int sig;

	if (!ready)
		return 0;
	sig = __builtin_ctzll(ready) + 1;
	*e = (struct signal_entry){ .signo = sig, .code = SI_USER };
	for (unsigned int i = 0; i < q->nr; i++) {
		if (q->entry[i].signo == sig) {
			*e = q->entry[i];
			queue_remove(q, i);
			break;
		}
	}
	if (!queue_has(q, sig))
		q->set &= ~SIGNAL_BIT(sig);
	return sig;
}

/* Context: any; the caller holds @q's lock. Forget every signal of
 * @sigs pending on @q (a handler set to SIG_IGN: Linux's flush). */
void signal_pending_flush(struct signal_pending *q, u64 sigs)
{
	unsigned int i = 0;

	while (i < q->nr) {
		if (SIGNAL_BIT(q->entry[i].signo) & sigs)
			queue_remove(q, i);
		else
			i++;
	}
	q->set &= ~sigs;
}

/**
 * signal_info_fill - the siginfo_t user space gets for @e.
 * @info: filled completely (unused bytes zero)
 * @e: a dequeued entry
 *
 * Context: any.
 */
void signal_info_fill(struct signal_info *info, const struct signal_entry *e)
{
	memset(info, 0, sizeof(*info));
	info->si_signo = e->signo;
	info->si_code = e->code;
	if (e->signo == SIGCHLD && e->code > 0) {
		info->chld.pid = e->pid;
		info->chld.status = e->status;
		return;
	}
	if (e->code == SI_KERNEL)
		return;
	info->kill.pid = e->pid;
	info->kill.value = e->value;
}
