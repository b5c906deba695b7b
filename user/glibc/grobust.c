// SPDX-License-Identifier: MIT
/*
 * grobust: glibc's robust mutexes (PTHREAD_MUTEX_ROBUST) when their
 * owner dies holding them; the kernel's walk of the dead thread's robust
 * list (set_robust_list) must hand each lock on:
 *
 *   dead thread    a thread locks and exits: the next lock returns
 *                  EOWNERDEAD, pthread_mutex_consistent() repairs it,
 *                  and it locks normally after
 *   dead owner,    a thread locks, lets main block on the lock, then
 *   waiter         exits: main wakes with EOWNERDEAD (FUTEX_WAITERS
 *                  makes the kernel wake it)
 *   dead process   a forked child locks a process-shared robust mutex in
 *                  shared memory and exits: the parent gets EOWNERDEAD
 *
 * Output (stdout): grobust: FAIL what=W got=V   (per failed check)
 *                  grobust: result checks=N failed=F
 * Exit status: 0 when failed=0, else 1.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

static int checks, failed;

static void check(int ok, const char *what, long got)
{
	checks++;
	if (!ok) {
		failed++;
		printf("grobust: FAIL what=%s got=%ld\n", what, got);
	}
}

static void robust_init(pthread_mutex_t *m, int pshared)
{
	pthread_mutexattr_t a;

	pthread_mutexattr_init(&a);
	pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST);
	if (pshared)
		pthread_mutexattr_setpshared(&a, PTHREAD_PROCESS_SHARED);
	pthread_mutex_init(m, &a);
	pthread_mutexattr_destroy(&a);
}

static pthread_mutex_t dead_lock;

static void *lock_and_exit(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&dead_lock);
	return NULL;	/* exits holding it */
}

static void dead_thread(void)
{
	pthread_t th;
	int r;

	robust_init(&dead_lock, 0);
	pthread_create(&th, NULL, lock_and_exit, NULL);
	pthread_join(th, NULL);
	r = pthread_mutex_lock(&dead_lock);
	check(r == EOWNERDEAD, "dead_thread_lock", r);
	r = pthread_mutex_consistent(&dead_lock);
	check(r == 0, "dead_thread_consistent", r);
	pthread_mutex_unlock(&dead_lock);
	r = pthread_mutex_lock(&dead_lock);
	check(r == 0, "dead_thread_relock", r);
	pthread_mutex_unlock(&dead_lock);
}

static pthread_mutex_t held_lock;
static pthread_barrier_t holding;

static void *hold_then_exit(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&held_lock);
	pthread_barrier_wait(&holding);
	usleep(50000);	/* coverage: main is likely asleep on the lock */
	return NULL;
}

static void dead_owner_waiter(void)
{
	pthread_t th;
	int r;

	robust_init(&held_lock, 0);
	pthread_barrier_init(&holding, NULL, 2);
	pthread_create(&th, NULL, hold_then_exit, NULL);
	pthread_barrier_wait(&holding);
	r = pthread_mutex_lock(&held_lock);	/* hangs if nobody wakes */
	check(r == EOWNERDEAD, "waiter_lock", r);
	pthread_mutex_consistent(&held_lock);
	pthread_mutex_unlock(&held_lock);
	pthread_join(th, NULL);
	pthread_barrier_destroy(&holding);
}

static void dead_process(void)
{
	pthread_mutex_t *m = mmap(NULL, sizeof(*m), PROT_READ | PROT_WRITE,
				  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	int status = -1, r;
	pid_t pid;

	if (m == MAP_FAILED) {
		check(0, "mmap", errno);
		return;
	}
	robust_init(m, 1);
	pid = fork();
	if (pid == 0) {
		pthread_mutex_lock(m);
		_exit(0);
	}
	check(pid > 0, "fork", pid);
	waitpid(pid, &status, 0);
	check(WIFEXITED(status) && !WEXITSTATUS(status), "child", status);
	r = pthread_mutex_lock(m);
	check(r == EOWNERDEAD, "process_lock", r);
	pthread_mutex_consistent(m);
	pthread_mutex_unlock(m);
	munmap(m, sizeof(*m));
}

int main(void)
{
	dead_thread();
	dead_owner_waiter();
	dead_process();
	printf("grobust: result checks=%d failed=%d\n", checks, failed);
	return failed ? 1 : 0;
}
