// SPDX-License-Identifier: MIT
/*
 * gexecrobust: a robust lock held across execve(2) is handed on at the
 * exec, as at an exit (Linux 6.1's exec_mm_release() ->
 * futex_exec_release() walks the old image's robust list).
 *
 *   a forked child locks a process-shared robust mutex in shared memory
 *   and execs `exectest wait` (the exectest beside this program), which
 *   sleeps until killed and never touches the lock; the parent learns of
 *   the exec when the close-on-exec end of a pipe closes (a bounded
 *   poll), then tries the lock: EOWNERDEAD while the child still lives -
 *   the exec, not an exit, released it (EBUSY if not) - and
 *   pthread_mutex_consistent() repairs it; then the child is killed
 *
 * Output: gexecrobust: FAIL what=W got=V   (per failed check)
 *         gexecrobust: result checks=N failed=F
 * Exit status: 0 when failed=0, else 1.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define EXEC_WAIT_MS	10000	/* bounds the wait for the exec */

static int checks, failed;

static void check(int ok, const char *what, long got)
{
	checks++;
	if (!ok) {
		failed++;
		printf("gexecrobust: FAIL what=%s got=%ld\n", what, got);
	}
}

/* Lock @m, then become @prog (the close-on-exec pipe end closes). */
static void child(pthread_mutex_t *m, const char *prog)
{
	if (pthread_mutex_lock(m))
		_exit(3);
	execl(prog, "exectest", "wait", (char *)NULL);
	_exit(2);
}

static pthread_mutex_t *robust_shared_mutex(void)
{
	pthread_mutexattr_t a;
	pthread_mutex_t *m = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
				  MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	if (m == MAP_FAILED)
		return NULL;
	pthread_mutexattr_init(&a);
	pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST);
	pthread_mutexattr_setpshared(&a, PTHREAD_PROCESS_SHARED);
	pthread_mutex_init(m, &a);
	pthread_mutexattr_destroy(&a);
	return m;
}

int main(int argc, char **argv)
{
	char self[4096], prog[4096 + 16];
	pthread_mutex_t *m = robust_shared_mutex();
	struct pollfd pfd;
	int fds[2], status, r;
	char c;
	pid_t pid;

	(void)argc;
	setvbuf(stdout, NULL, _IOLBF, 0);
	snprintf(self, sizeof(self), "%s", argv[0]);
	snprintf(prog, sizeof(prog), "%s/exectest", dirname(self));
	if (!m || pipe2(fds, O_CLOEXEC)) {
		printf("gexecrobust: result checks=1 failed=1\n");
		return 1;
	}
	pid = fork();
	if (pid == 0)
		child(m, prog);
	close(fds[1]);
	pfd = (struct pollfd){ .fd = fds[0], .events = POLLIN };
	check(poll(&pfd, 1, EXEC_WAIT_MS) == 1 && read(fds[0], &c, 1) == 0,
	      "exec_done", pfd.revents);
	r = pthread_mutex_trylock(m);
	check(r == EOWNERDEAD, "lock_after_exec", r);
	check(waitpid(pid, &status, WNOHANG) == 0, "child_alive", status);
	if (r == EOWNERDEAD) {
		check(!pthread_mutex_consistent(m), "consistent", errno);
		check(!pthread_mutex_unlock(m), "unlock", errno);
	}
	kill(pid, SIGKILL);
	check(waitpid(pid, &status, 0) == pid && WIFSIGNALED(status) &&
	      WTERMSIG(status) == SIGKILL, "child_killed", status);
	printf("gexecrobust: result checks=%d failed=%d\n", checks, failed);
	return failed ? 1 : 0;
}
