// SPDX-License-Identifier: MIT
/*
 * The identity system calls on a process's credentials (kernel/cred.h):
 * get/set of the real, effective, saved and filesystem user and group
 * ids, the supplementary groups, the capability sets and the umask, with
 * Linux 6.1's permission rules (__sys_setuid(), __sys_setreuid(),
 * __sys_setresuid(), __sys_setfsuid(), setgroups(), capset()) and its
 * capability side effects (cap_task_fix_setuid()): dropping every uid 0
 * clears the permitted and effective sets, leaving euid 0 clears the
 * effective set, regaining it restores the effective set from the
 * permitted one.
 *
 * Every change is made under the process's lock from a copy, so a
 * failed call changes nothing.
 */
#include <arch/uaccess.h>
#include "kernel/cred.h"
#include "kernel/process.h"
#include "kernel/syscall.h"
#include "lib/errno.h"

#define ID_KEEP		((u32)-1)	/* "leave this id alone" */
#define CAP_V1		0x19980330
#define CAP_V2		0x20071026
#define CAP_V3		0x20080522
/* The capabilities a change of fsuid from/to 0 drops/restores. */
#define CAP_FS_MASK	(0x1fULL | 1ULL << 9 | 1ULL << 32)

/* One id field set per call: the user or the group ids. */
struct id_quad {
	u32 *r, *e, *s, *fs;
};

static struct id_quad uids(struct cred *c)
{
	return (struct id_quad){ &c->uid, &c->euid, &c->suid, &c->fsuid };
}

static struct id_quad gids(struct cred *c)
{
	return (struct id_quad){ &c->gid, &c->egid, &c->sgid, &c->fsgid };
}

/* Is @id one of the real, effective or saved ids? */
static bool id_held(struct id_quad q, u32 id)
{
	return id == *q.r || id == *q.e || id == *q.s;
}

/* Linux cap_task_fix_setuid() for setuid/setreuid/setresuid. */
static void fix_caps(struct cred *c, const struct cred *old)
{
	bool had_root = !old->uid || !old->euid || !old->suid;

	if (had_root && c->uid && c->euid && c->suid) {
		c->cap_permitted = 0;
		c->cap_effective = 0;
	}
	if (!old->euid && c->euid)
		c->cap_effective = 0;
	if (old->euid && !c->euid)
		c->cap_effective = c->cap_permitted;
	if (!old->fsuid && c->fsuid)
		c->cap_effective &= ~CAP_FS_MASK;
	if (old->fsuid && !c->fsuid)
		c->cap_effective |= c->cap_permitted & CAP_FS_MASK;
}

/*
 * Run @change on a copy of the caller's credentials and install the copy
 * if it succeeds. Return: @change's result.
 */
static long cred_update(int (*change)(struct cred *c, const u32 *a),
			const u32 *args)
{
	struct process *p = process_current();
	struct cred c;
	long r;

	spin_lock(&p->lock);
	c = p->cred;
	r = change(&c, args);
	if (r >= 0) {
		fix_caps(&c, &p->cred);
		p->cred = c;
	}
	spin_unlock(&p->lock);
	return r;
}

static int may(const struct cred *c, bool user)
{
	return (int)(c->cap_effective >> (user ? CAP_SETUID : CAP_SETGID) & 1);
}

/* setuid/setgid: args[0] the id, args[1] 1 for the user ids. */
static int change_id(struct cred *c, const u32 *a)
{
	struct id_quad q = a[1] ? uids(c) : gids(c);

	if (a[0] == ID_KEEP)
		return -EINVAL;
	if (may(c, a[1])) {
		*q.r = *q.s = a[0];
	} else if (a[0] != *q.r && a[0] != *q.s) {
		return -EPERM;
	}
	*q.e = *q.fs = a[0];
	return 0;
}

/* setreuid/setregid: args[0] real, args[1] effective, args[2] user. */
static int change_re(struct cred *c, const u32 *a)
{
	struct id_quad q = a[2] ? uids(c) : gids(c);
	bool priv = may(c, a[2]);
	u32 old_r = *q.r;

	if (a[0] != ID_KEEP && !priv && a[0] != *q.r && a[0] != *q.e)
		return -EPERM;
	if (a[1] != ID_KEEP && !priv && !id_held(q, a[1]))
		return -EPERM;
	if (a[0] != ID_KEEP)
		*q.r = a[0];
	if (a[1] != ID_KEEP)
		*q.e = a[1];
	if (a[0] != ID_KEEP || (a[1] != ID_KEEP && a[1] != old_r))
		*q.s = *q.e;
	*q.fs = *q.e;
	return 0;
}

/* setresuid/setresgid: args[0..2] real, effective, saved; args[3] user. */
static int change_res(struct cred *c, const u32 *a)
{
	struct id_quad q = a[3] ? uids(c) : gids(c);
	u32 *dst[3] = { q.r, q.e, q.s };

	for (int i = 0; i < 3; i++)
		if (a[i] != ID_KEEP && !may(c, a[3]) && !id_held(q, a[i]))
			return -EPERM;
	for (int i = 0; i < 3; i++)
		if (a[i] != ID_KEEP)
			*dst[i] = a[i];
	*q.fs = *q.e;
	return 0;
}

/* setfsuid/setfsgid: returns the old fsid whether or not it changed. */
static int change_fs(struct cred *c, const u32 *a)
{
	struct id_quad q = a[1] ? uids(c) : gids(c);
	int old = (int)*q.fs;

	if (a[0] != ID_KEEP &&
	    (may(c, a[1]) || id_held(q, a[0]) || a[0] == *q.fs))
		*q.fs = a[0];
	return old;
}

static struct cred cred_of(struct process *p)
{
	struct cred c;

	spin_lock(&p->lock);
	c = p->cred;
	spin_unlock(&p->lock);
	return c;
}

static struct cred cred_snapshot(void)
{
	return cred_of(process_current());
}

SYSCALL_DEFINE0(getuid)
{
	return cred_snapshot().uid;
}

SYSCALL_DEFINE0(geteuid)
{
	return cred_snapshot().euid;
}

SYSCALL_DEFINE0(getgid)
{
	return cred_snapshot().gid;
}

SYSCALL_DEFINE0(getegid)
{
	return cred_snapshot().egid;
}

SYSCALL_DEFINE1(setuid, u32, uid)
{
	return cred_update(change_id, (const u32[]){ uid, 1 });
}

SYSCALL_DEFINE1(setgid, u32, gid)
{
	return cred_update(change_id, (const u32[]){ gid, 0 });
}

SYSCALL_DEFINE2(setreuid, u32, ruid, u32, euid)
{
	return cred_update(change_re, (const u32[]){ ruid, euid, 1 });
}

SYSCALL_DEFINE2(setregid, u32, rgid, u32, egid)
{
	return cred_update(change_re, (const u32[]){ rgid, egid, 0 });
}

SYSCALL_DEFINE3(setresuid, u32, ruid, u32, euid, u32, suid)
{
	return cred_update(change_res, (const u32[]){ ruid, euid, suid, 1 });
}

SYSCALL_DEFINE3(setresgid, u32, rgid, u32, egid, u32, sgid)
{
	return cred_update(change_res, (const u32[]){ rgid, egid, sgid, 0 });
}

SYSCALL_DEFINE1(setfsuid, u32, uid)
{
	return cred_update(change_fs, (const u32[]){ uid, 1 });
}

SYSCALL_DEFINE1(setfsgid, u32, gid)
{
	return cred_update(change_fs, (const u32[]){ gid, 0 });
}

static long put_ids(u32 a, u32 b, u32 c, u32 __user *ua, u32 __user *ub,
		    u32 __user *uc)
{
	if (put_user(a, ua) || put_user(b, ub) || put_user(c, uc))
		return -EFAULT;
	return 0;
}

SYSCALL_DEFINE3(getresuid, u32 __user *, r, u32 __user *, e, u32 __user *, s)
{
	struct cred c = cred_snapshot();

	return put_ids(c.uid, c.euid, c.suid, r, e, s);
}

SYSCALL_DEFINE3(getresgid, u32 __user *, r, u32 __user *, e, u32 __user *, s)
{
	struct cred c = cred_snapshot();

	return put_ids(c.gid, c.egid, c.sgid, r, e, s);
}

/* Linux getgroups(): size 0 asks for the count; a smaller size fails. */
SYSCALL_DEFINE2(getgroups, int, size, u32 __user *, list)
{
	struct cred c = cred_snapshot();

	if (size < 0)
		return -EINVAL;
	if (!size)
		return c.ngroups;
	if ((u32)size < c.ngroups)
		return -EINVAL;
	if (copy_to_user(list, c.groups, c.ngroups * sizeof(u32)))
		return -EFAULT;
	return c.ngroups;
}

/* Sorted, as Linux's groups_sort() leaves them for getgroups(). */
static void groups_sort(u32 *g, int n)
{
	for (int i = 1; i < n; i++) {
		u32 v = g[i];
		int j = i;

		for (; j > 0 && g[j - 1] > v; j--)
			g[j] = g[j - 1];
		g[j] = v;
	}
}

/* Linux's check order: CAP_SETGID first, then the size. More groups
 * than oomlab keeps is -EINVAL here (Linux would take up to 65536). */
SYSCALL_DEFINE2(setgroups, int, size, const u32 __user *, list)
{
	struct process *p = process_current();
	u32 groups[CRED_NGROUPS_MAX];

	if (!cred_capable(p, CAP_SETGID))
		return -EPERM;
	if (size < 0 || size > CRED_NGROUPS_MAX)
		return -EINVAL;
	if (copy_from_user(groups, list, (size_t)size * sizeof(u32)))
		return -EFAULT;
	groups_sort(groups, size);
	spin_lock(&p->lock);
	p->cred.ngroups = (u32)size;
	for (int i = 0; i < size; i++)
		p->cred.groups[i] = groups[i];
	spin_unlock(&p->lock);
	return 0;
}

SYSCALL_DEFINE1(umask, u32, mask)
{
	struct process *p = process_current();

	return __atomic_exchange_n(&p->cred.umask, mask & 0777,
				   __ATOMIC_RELAXED);
}

struct cap_header {
	u32 version;
	int pid;
};

struct cap_data {
	u32 effective, permitted, inheritable;
};

/*
 * Linux cap_validate_magic(): v1 has one data word set, v2 and v3 two;
 * an unknown version is answered with v3 written back and -EINVAL.
 * Return: the number of data sets, or a negative errno.
 */
static int cap_header_check(struct cap_header __user *uh, int *pid)
{
	struct cap_header h;

	if (copy_from_user(&h, uh, sizeof(h)))
		return -EFAULT;
	*pid = h.pid;
	if (h.version == CAP_V1)
		return 1;
	if (h.version == CAP_V2 || h.version == CAP_V3)
		return 2;
	h.version = CAP_V3;
	return copy_to_user(uh, &h, sizeof(h)) ? -EFAULT : -EINVAL;
}

SYSCALL_DEFINE2(capget, struct cap_header __user *, uh,
		struct cap_data __user *, ud)
{
	struct process *p = process_current();
	struct cap_data d[2];
	struct cred c;
	int pid, n = cap_header_check(uh, &pid);

	/* Linux's probe: no data and an unknown version is 0, the
	 * preferred version having been written back. */
	if (!ud)
		return n == -EINVAL || n > 0 ? 0 : n;
	if (n < 0)
		return n;
	if (pid < 0)
		return -EINVAL;
	if (pid && pid != p->tgid) {
		p = process_get_by_pid(pid, PROCESS_ALIVE);
		if (!p)
			return -ESRCH;
		c = cred_of(p);
		process_put(p);
	} else {
		c = cred_of(p);
	}
	for (int i = 0; i < 2; i++)
		d[i] = (struct cap_data){ (u32)(c.cap_effective >> 32 * i),
					  (u32)(c.cap_permitted >> 32 * i),
					  (u32)(c.cap_inheritable >> 32 * i) };
	return copy_to_user(ud, d, (size_t)n * sizeof(d[0])) ? -EFAULT : 0;
}

/* capset's sets as args: effective, permitted, inheritable (64-bit). */
static int change_caps(struct cred *c, const u32 *a)
{
	u64 eff = a[0] | (u64)a[1] << 32, perm = a[2] | (u64)a[3] << 32;
	u64 inh = a[4] | (u64)a[5] << 32;

	if (perm & ~c->cap_permitted)
		return -EPERM;
	if (inh & ~(c->cap_inheritable | c->cap_permitted))
		return -EPERM;
	if (eff & ~perm)
		return -EPERM;
	c->cap_effective = eff & CAP_FULL_SET;
	c->cap_permitted = perm & CAP_FULL_SET;
	c->cap_inheritable = inh & CAP_FULL_SET;
	return 0;
}

SYSCALL_DEFINE2(capset, struct cap_header __user *, uh,
		const struct cap_data __user *, ud)
{
	struct cap_data d[2] = { 0 };
	int pid, n = cap_header_check(uh, &pid);

	if (n < 0)
		return n;
	if (pid && pid != process_current()->tgid)
		return -EPERM;
	if (copy_from_user(d, ud, (size_t)n * sizeof(d[0])))
		return -EFAULT;
	return cred_update(change_caps,
			   (const u32[]){ d[0].effective, d[1].effective,
					  d[0].permitted, d[1].permitted,
					  d[0].inheritable, d[1].inheritable });
}
