// SPDX-License-Identifier: MIT
/*
 * Robust futex lists at thread exit (Linux 6.1's exit_robust_list() and
 * handle_futex_death()). A thread that set a list head
 * (set_robust_list) keeps there the user locks it holds:
 *
 *   head: { next, futex_offset, list_op_pending }
 *   entry: { next }  its lock word at entry + futex_offset
 *
 * (bit 0 of a pointer marks a PI lock). At exit every word the thread
 * still owns (its low 30 bits are the thread's tid) gets FUTEX_OWNER_DIED
 * with FUTEX_WAITERS kept, and one waiter is woken, so the next locker
 * learns the owner died (glibc: EOWNERDEAD). The pending entry - a lock
 * the thread was taking or releasing when it died - is handled last; if
 * it is not the thread's, a waiter that may have missed a wake-up is
 * woken. The walk stops quietly at a fault or a misaligned word, and
 * after ROBUST_LIST_LIMIT entries (a loop in the list ends there).
 * PI locks get the mark but no wake-up: oomlab has no PI futexes.
 */
#include <arch/uaccess.h>
#include "kernel/futex.h"
#include "kernel/futex_robust.h"
#include "kernel/sched.h"
#include "kernel/task.h"

#define FUTEX_WAITERS		0x80000000U
#define FUTEX_OWNER_DIED	0x40000000U
#define FUTEX_TID_MASK		0x3fffffffU
#define ROBUST_LIST_LIMIT	2048

/* Linux's struct robust_list_head, as user space lays it out. */
struct robust_list_head {
	u64 next;		/* the first entry; &head->next when empty */
	s64 futex_offset;	/* entry address to its lock word */
	u64 list_op_pending;	/* an entry being locked or unlocked */
};

/* One list pointer: the entry and its PI mark. Return: 0 or -EFAULT. */
static int robust_fetch(u64 uaddr, u64 *entry, bool *pi)
{
	u64 v;

	if (get_user(v, (u64 __user *)(uintptr_t)uaddr))
		return -EFAULT;
	*entry = v & ~1ULL;
	*pi = v & 1;
	return 0;
}

static void robust_wake_one(struct mm *mm, u64 uaddr)
{
	futex_wake((struct futex_key){ mm, uaddr }, 1);
}

/*
 * The lock word at @uaddr of a dying thread @tid: mark it if the thread
 * owns it and wake one waiter. Return: 0; -1 to stop the walk (a
 * misaligned word or a fault).
 */
static int robust_death(struct mm *mm, u64 uaddr, u32 tid, bool pi,
			bool pending)
{
	u32 __user *word = (u32 __user *)(uintptr_t)uaddr;
	u32 uval, cur;

	if (uaddr % sizeof(u32))
		return -1;
	if (get_user(uval, word))
		return -1;
	for (;;) {
		u32 owner = uval & FUTEX_TID_MASK;

		if (owner != tid) {
			if (pending && !pi &&
			    (!owner || !(uval & FUTEX_WAITERS)))
				robust_wake_one(mm, uaddr);
			return 0;
		}
		if (arch_futex_cmpxchg_user(word, uval,
					    (uval & FUTEX_WAITERS) |
						    FUTEX_OWNER_DIED,
					    &cur))
			return -1;
		if (cur == uval)
			break;
		uval = cur;	/* a waiter set FUTEX_WAITERS meanwhile */
	}
	if (!pi && (uval & FUTEX_WAITERS))
		robust_wake_one(mm, uaddr);
	return 0;
}

/**
 * futex_exit_robust_list - hand the robust locks of the exiting thread
 * to their next owners (see the top of this file).
 * @head: the thread's set_robust_list() head (user address, not 0)
 *
 * Context: the exiting process thread, its mm still in place, no locks
 * held; may sleep (faults on the list).
 */
void futex_exit_robust_list(u64 head)
{
	const struct robust_list_head __user *h =
		(const struct robust_list_head __user *)(uintptr_t)head;
	u64 entry, next, pending;
	bool pi, next_pi, pending_pi;
	unsigned int limit = ROBUST_LIST_LIMIT;
	u32 tid = (u32)current->tid;	/* gettid(), what glibc stores */
	struct mm *mm = current->mm;
	s64 offset;

	if (robust_fetch(head, &entry, &pi) ||
	    get_user(offset, &h->futex_offset) ||
	    robust_fetch(head + offsetof(struct robust_list_head,
					 list_op_pending),
			 &pending, &pending_pi))
		return;
	while (entry != head) {
		int rc = robust_fetch(entry, &next, &next_pi);

		if (entry != pending &&
		    robust_death(mm, entry + offset, tid, pi, false))
			return;
		if (rc)
			return;
		entry = next;
		pi = next_pi;
		if (!--limit)
			break;
		cond_resched();
	}
	if (pending)
		robust_death(mm, pending + offset, tid, pending_pi, true);
}
