// SPDX-License-Identifier: MIT
/*
 * gthreads: glibc's threads, TLS, malloc and stdio on one page. N pthreads
 * (default 8) meet R times at a mutex/condvar barrier; between meetings
 * each one mallocs, fills, reallocs (one block past glibc's mmap
 * threshold, then bigger again: glibc's mremap path) and frees blocks, and
 * checks that its __thread variables still hold its own values. The
 * results go out through a fully buffered stdout: they reach the reader
 * only through exit()'s flush, after the atexit handler has added its
 * line to the buffer.
 *
 * Output (stdout, in this order):
 *   gthreads: thread=I tls_ok=1 rounds=R blocks=B bytes=K   (each thread)
 *   gthreads: result threads=N rounds=R failed=F
 *   gthreads: atexit                                        (from atexit)
 * Exit status: 0 when failed=0, 1 otherwise, 2 for a bad command line.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_THREADS 64
#define BLOCKS_PER_ROUND 16
#define BIG_BLOCK (512 * 1024)	/* over glibc's 128 KiB mmap threshold */

struct worker {
	pthread_t pthread;
	int index;
	int tls_ok;		/* written by the worker, read after join */
	unsigned long blocks, bytes, bad_bytes;
};

static struct {
	pthread_mutex_t lock;
	pthread_cond_t turn;
	int arrived;		/* [lock] workers at the current meeting */
	unsigned long meeting;	/* [lock] meetings completed */
} barrier = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 0 };

static int nthreads = 8, nrounds = 20;
static __thread int tls_index = -1;
static __thread unsigned long tls_salt = 0x5a5a;

/* Everyone waits for the last one of each meeting. */
static void barrier_meet(void)
{
	unsigned long mine;

	pthread_mutex_lock(&barrier.lock);
	mine = barrier.meeting;
	if (++barrier.arrived == nthreads) {
		barrier.arrived = 0;
		barrier.meeting++;
		pthread_cond_broadcast(&barrier.turn);
	}
	while (barrier.meeting == mine)
		pthread_cond_wait(&barrier.turn, &barrier.lock);
	pthread_mutex_unlock(&barrier.lock);
}

/*
 * realloc @p (*@len bytes of @want) to @to bytes and fill the new part.
 * From a heap block to an mmapped one glibc copies; from an mmapped one
 * to a bigger one it tries mremap(2) first and copies when that fails.
 */
static unsigned char *grow(struct worker *w, unsigned char *p, size_t *len,
			   size_t to, unsigned char want)
{
	unsigned char *q = realloc(p, to);

	if (!q) {
		w->bad_bytes++;
		return p;
	}
	memset(q + *len, want, to - *len);
	*len = to;
	return q;
}

/* One round's blocks: fill with our byte, grow one past the threshold
 * and then once more (the mremap path). */
static void malloc_round(struct worker *w, int round)
{
	unsigned char *blk[BLOCKS_PER_ROUND];
	unsigned char want = (unsigned char)(w->index * 31 + round);

	for (int i = 0; i < BLOCKS_PER_ROUND; i++) {
		size_t len = 16 + (size_t)i * 1024;
		unsigned char *p = malloc(len);

		if (!p) {
			w->bad_bytes++;
			blk[i] = NULL;
			continue;
		}
		memset(p, want, len);
		if (i == BLOCKS_PER_ROUND - 1)
			p = grow(w, p, &len, BIG_BLOCK, want);
		if (i == BLOCKS_PER_ROUND - 1)
			p = grow(w, p, &len, 2 * BIG_BLOCK, want);
		for (size_t b = 0; b < len; b++)
			w->bad_bytes += p[b] != want;
		blk[i] = p;
		w->blocks++;
		w->bytes += len;
	}
	for (int i = 0; i < BLOCKS_PER_ROUND; i++)
		free(blk[i]);
}

static void *worker_run(void *arg)
{
	struct worker *w = arg;

	w->tls_ok = tls_index == -1 && tls_salt == 0x5a5a;
	tls_index = w->index;
	tls_salt = 0xc0ffee00UL + (unsigned long)w->index;
	for (int r = 0; r < nrounds; r++) {
		barrier_meet();
		malloc_round(w, r);
		if (tls_index != w->index ||
		    tls_salt != 0xc0ffee00UL + (unsigned long)w->index)
			w->tls_ok = 0;
	}
	return NULL;
}

static void say_atexit(void)
{
	printf("gthreads: atexit\n");
}

static int parse(int argc, char **argv)
{
	for (int i = 1; i + 1 < argc; i += 2) {
		int v = atoi(argv[i + 1]);

		if (!strcmp(argv[i], "--threads") && v > 0 && v <= MAX_THREADS)
			nthreads = v;
		else if (!strcmp(argv[i], "--rounds") && v > 0)
			nrounds = v;
		else
			return -1;
	}
	return argc % 2 ? 0 : -1;
}

int main(int argc, char **argv)
{
	static struct worker workers[MAX_THREADS];
	static char outbuf[BUFSIZ];
	int failed = 0, started;

	if (parse(argc, argv)) {
		fprintf(stderr, "usage: gthreads [--threads N] [--rounds R]\n");
		return 2;
	}
	setvbuf(stdout, outbuf, _IOFBF, sizeof(outbuf));
	atexit(say_atexit);
	for (started = 0; started < nthreads; started++) {
		workers[started].index = started;
		if (pthread_create(&workers[started].pthread, NULL, worker_run,
				   &workers[started]))
			break;
	}
	if (started < nthreads) {
		/* Those started would wait at the barrier for ever. */
		printf("gthreads: pthread_create failed at %d\n", started);
		fflush(stdout);
		_exit(1);
	}
	for (int i = 0; i < nthreads; i++) {
		struct worker *w = &workers[i];

		pthread_join(w->pthread, NULL);
		failed += !w->tls_ok || w->bad_bytes ||
			  w->blocks != (unsigned long)nrounds *
					       BLOCKS_PER_ROUND;
		printf("gthreads: thread=%d tls_ok=%d rounds=%d blocks=%lu "
		       "bytes=%lu\n", i, w->tls_ok, nrounds, w->blocks,
		       w->bytes);
	}
	failed += tls_index != -1;
	printf("gthreads: result threads=%d rounds=%d failed=%d\n", nthreads,
	       nrounds, failed);
	return failed ? 1 : 0;
}
