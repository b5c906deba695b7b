// SPDX-License-Identifier: MIT
/*
 * errno names (Linux x86_64 numbering) and the per-thread error record.
 * Every thread records into its own struct tcb, so the counts need no lock;
 * whoever joins a thread reads them afterwards.
 */
#include "rt/errno.h"
#include "rt/syscall.h"

static const char *const names[] = {
	[0] = "0",		[1] = "EPERM",		[2] = "ENOENT",
	[3] = "ESRCH",		[4] = "EINTR",		[5] = "EIO",
	[6] = "ENXIO",		[7] = "E2BIG",		[8] = "ENOEXEC",
	[9] = "EBADF",		[10] = "ECHILD",	[11] = "EAGAIN",
	[12] = "ENOMEM",	[13] = "EACCES",	[14] = "EFAULT",
	[15] = "ENOTBLK",	[16] = "EBUSY",		[17] = "EEXIST",
	[18] = "EXDEV",		[19] = "ENODEV",	[20] = "ENOTDIR",
	[21] = "EISDIR",	[22] = "EINVAL",	[23] = "ENFILE",
	[24] = "EMFILE",	[25] = "ENOTTY",	[26] = "ETXTBSY",
	[27] = "EFBIG",		[28] = "ENOSPC",	[29] = "ESPIPE",
	[30] = "EROFS",		[31] = "EMLINK",	[32] = "EPIPE",
	[33] = "EDOM",		[34] = "ERANGE",	[35] = "EDEADLK",
	[36] = "ENAMETOOLONG",	[37] = "ENOLCK",	[38] = "ENOSYS",
	[39] = "ENOTEMPTY",	[40] = "ELOOP",		[75] = "EOVERFLOW",
	[95] = "EOPNOTSUPP",	[110] = "ETIMEDOUT",	[133] = "EHWPOISON",
	/* The socket calls' (sysfuzz --sockets, socktest). */
	[88] = "ENOTSOCK",	[89] = "EDESTADDRREQ",	[90] = "EMSGSIZE",
	[91] = "EPROTOTYPE",	[92] = "ENOPROTOOPT",	[93] = "EPROTONOSUPPORT",
	[94] = "ESOCKTNOSUPPORT", [97] = "EAFNOSUPPORT", [98] = "EADDRINUSE",
	[99] = "EADDRNOTAVAIL",	[101] = "ENETUNREACH",	[103] = "ECONNABORTED",
	[104] = "ECONNRESET",	[105] = "ENOBUFS",	[106] = "EISCONN",
	[107] = "ENOTCONN",	[111] = "ECONNREFUSED",	[114] = "EALREADY",
	[115] = "EINPROGRESS",
};

/**
 * errno_name - the symbolic name of an errno value.
 * @err: a positive errno (a negative one is negated first).
 *
 * Return: "ENOMEM" and so on; "EUNKNOWN" for a value not in the table.
 */
const char *errno_name(int err)
{
	if (err < 0)
		err = -err;
	if ((unsigned int)err < sizeof(names) / sizeof(names[0]) && names[err])
		return names[err];
	return "EUNKNOWN";
}

/**
 * errno_record - note a failed system call in the calling thread's record.
 * @ret: a raw system call result.
 *
 * Counts the error, keeps the first and the last. Successful results pass
 * through untouched.
 *
 * Context: the calling thread's own struct tcb only.
 * Return: @ret, so a call can be wrapped: `r = errno_record(sys_x(...));`
 */
long errno_record(long ret)
{
	struct tcb *t;

	if (!syscall_failed(ret))
		return ret;
	t = tcb_self();
	t->err = (int)-ret;
	if (!t->nerr++)
		t->first_err = t->err;
	return ret;
}
