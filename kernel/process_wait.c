// SPDX-License-Identifier: MIT
/*
 * Waiting for a process to end, and reaping it (Linux's wait4() on a
 * child, here on any process the kernel started): one waiter claims the
 * process, sleeps killably for `exited`, reads the exit status and
 * unlinks it from the process list; the struct is freed when the last
 * reference goes. A wait that times out or is killed gives the claim
 * back, and the process may be waited for again.
 *
 * Locking: p->lock for has_waiter and exit_status (see process.h);
 * `exited` is [a].
 */
#include "kernel/process.h"
#include "kernel/process_internal.h"
#include "kernel/sched.h"
#include "kernel/wait.h"
#include "lib/errno.h"

/* Be @p's only waiter. Return: false when another caller waits already. */
static bool process_claim_wait(struct process *p)
{
	bool claimed;

	spin_lock(&p->lock);
	claimed = !p->has_waiter;
	p->has_waiter = true;
	spin_unlock(&p->lock);
	return claimed;
}

/* Give the claim back after a wait that did not see the end. */
static void process_unclaim_wait(struct process *p)
{
	spin_lock(&p->lock);
	p->has_waiter = false;
	spin_unlock(&p->lock);
}

/* Sleep (killably) until @p has exited, at most @timeout jiffies.
 * Return: 0 when it has; -ETIMEDOUT; -EINTR (the waiter was killed). */
static int process_wait_exited(struct process *p, long timeout)
{
	long r;

	if (__atomic_load_n(&p->exited, __ATOMIC_ACQUIRE))
		return 0;
	r = __wait_event_common(p->exit_wq,
				__atomic_load_n(&p->exited, __ATOMIC_ACQUIRE),
				TASK_KILLABLE,
				timeout == MAX_SCHEDULE_TIMEOUT ? -1 : timeout);
	if (r > 0 || __atomic_load_n(&p->exited, __ATOMIC_ACQUIRE))
		return 0;
	return r ? -EINTR : -ETIMEDOUT;
}

/* Take the exit status of @p, which has exited, and unlink it from the
 * process list, dropping the list's reference. */
static int process_reap(struct process *p)
{
	int status;

	spin_lock(&p->lock);	/* pairs with process_finish() */
	status = p->exit_status;
	spin_unlock(&p->lock);
	process_unlink(p);
	return status;
}

/**
 * process_wait_timeout - wait at most @timeout for process @tgid to end,
 * and reap it.
 * @tgid: a process created by this kernel and not yet reaped
 * @status: set to its wait status (see signal.h)
 * @timeout: jiffies, or MAX_SCHEDULE_TIMEOUT
 *
 * Exactly one caller may reap a process. Reaping unlinks it from the
 * process list; it is freed when the last reference goes.
 * Context: task context, may sleep (killably).
 * Return: 0; -ECHILD if there is no such process (or another caller is
 * waiting for it); -ETIMEDOUT or -EINTR (killed): the process lives on
 * and may be waited for again.
 */
int process_wait_timeout(int tgid, int *status, long timeout)
{
	struct process *p = process_get_by_pid(tgid, PROCESS_UNREAPED);
	int r = -ECHILD;

	if (!p)
		return -ECHILD;
	if (!process_claim_wait(p))
		goto out_put;
	r = process_wait_exited(p, timeout);
	if (r) {
		process_unclaim_wait(p);
		goto out_put;
	}
	*status = process_reap(p);
out_put:
	process_put(p);
	return r;
}

/**
 * process_wait - wait for process @tgid to end and reap it.
 * @tgid: a process created by this kernel and not yet reaped
 * @status: set to its wait status (see signal.h)
 *
 * Context: task context, may sleep (killably).
 * Return: as process_wait_timeout() without the timeout.
 */
int process_wait(int tgid, int *status)
{
	return process_wait_timeout(tgid, status, MAX_SCHEDULE_TIMEOUT);
}
