// SPDX-License-Identifier: MIT
/*
 * gexecrobust: a robust lock held across execve(2) is handed on at the
 * exec, as at an exit (Linux 6.1's exec_mm_release() ->
 * futex_exec_release() walks the old image's robust list).
 *
 *   a forked child locks a process-shared robust mutex in shared memory
 *   and execs this program again (argv[0], "hold" mode), which says it
 *   runs and waits on a pipe without ever touching the lock; the parent
 *   (once told, a bounded poll) tries the lock: EOWNERDEAD while the
 *   child still lives - the exec, not the exit, released it (EBUSY if
 *   not) - pthread_mutex_consistent() repairs it; the parent closes the
 *   pipe and the child exits 0
 *
 * Output: gexecrobust: FAIL what=W got=V   (per failed check)
 *         gexecrobust: result checks=N failed=F
 * Exit status: 0 when failed=0, else 1.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define READY_WAIT_S	10	/* bounds the wait for the exec'd image */

static int checks, failed;

static void check(int ok, const char *what, long got)
{
	checks++;
	if (!ok) {
		failed++;
		printf("gexecrobust: FAIL what=%s got=%ld\n", what, got);
	}
}

/* The exec'd image: say it runs on @ready_fd, then wait for the
 * parent to close the other end of @wait_fd. */
static int hold(const char *wait_fd, const char *ready_fd)
{
	int fd = atoi(wait_fd);
	ssize_t n;
	char c;

	if (write(atoi(ready_fd), "r", 1) != 1)
		return 1;
	while ((n = read(fd, &c, 1)) < 0 && errno == EINTR)
		;
	return n == 0 ? 0 : 1;
}

static void child(pthread_mutex_t *m, int fds[2], int ready,
		  const char *self)
{
	char wait_fd[16], ready_fd[16];

	close(fds[1]);
	if (pthread_mutex_lock(m))
		_exit(3);
	snprintf(wait_fd, sizeof(wait_fd), "%d", fds[0]);
	snprintf(ready_fd, sizeof(ready_fd), "%d", ready);
	execl(self, self, "hold", wait_fd, ready_fd,
	      (char *)NULL);
	_exit(2);
}

int main(int argc, char **argv)
{
	pthread_mutexattr_t a;
	pthread_mutex_t *m;
	int fds[2], ready[2], status, r;
	struct pollfd pfd;
	char c = 0;
	pid_t pid;

	if (argc == 4 && !strcmp(argv[1], "hold"))
		return hold(argv[2], argv[3]);
	setvbuf(stdout, NULL, _IOLBF, 0);
	m = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
		 -1, 0);
	if (m == MAP_FAILED || pipe(fds) || pipe(ready)) {
		printf("gexecrobust: result checks=1 failed=1\n");
		return 1;
	}
	pthread_mutexattr_init(&a);
	pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST);
	pthread_mutexattr_setpshared(&a, PTHREAD_PROCESS_SHARED);
	pthread_mutex_init(m, &a);
	pid = fork();
	if (pid == 0)
		child(m, fds, ready[1], argv[0]);
	close(fds[0]);
	close(ready[1]);
	pfd = (struct pollfd){ .fd = ready[0], .events = POLLIN };
	check(poll(&pfd, 1, READY_WAIT_S * 1000) == 1 &&
	      read(ready[0], &c, 1) == 1 && c == 'r', "exec_ran", c);
	r = pthread_mutex_trylock(m);
	check(r == EOWNERDEAD, "lock_after_exec", r);
	check(waitpid(pid, &status, WNOHANG) == 0, "child_alive", status);
	if (r == EOWNERDEAD) {
		check(!pthread_mutex_consistent(m), "consistent", errno);
		check(!pthread_mutex_unlock(m), "unlock", errno);
	}
	close(fds[1]);
	check(waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	      WEXITSTATUS(status) == 0, "child_exit", status);
	printf("gexecrobust: result checks=%d failed=%d\n", checks, failed);
	return failed ? 1 : 0;
}
