// SPDX-License-Identifier: MIT
/*
 * lwIP's operating-system layer (lwIP 2.1.3's sys.h contract, so the
 * names are lwIP's, not net_port_*): semaphores, mailboxes and threads
 * on our completions and kthreads, sys_now() in milliseconds, the
 * lightweight protection lwIP takes around pbuf reference counts and
 * heap allocations, its heap (pages), diagnostics and random numbers.
 *
 * Every wait here is in the tcpip thread or a thread lwIP starts; the
 * posting side may be any kthread (a NIC's receive poll, netconsole).
 * A semaphore's or mailbox's completions count, so a signal that comes
 * before its wait is never lost.
 *
 * Locking: [q] mbox->lock ("net_mbox", interrupts off: a leaf); [P]
 * protect_lock ("net_protect", interrupts off: a leaf).
 */
#include <stdarg.h>
#include "kernel/kthread.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/time.h"
#include "kernel/timer.h"
#include "lib/random.h"
#include "mm/page_alloc.h"
#include "mm/slab.h"
#include "lwip/sys.h"

/* Flags sys_arch_protect() returns to a nested caller: RFLAGS bit 63 is
 * reserved, so no saved RFLAGS has it. */
#define PROTECT_NESTED	(1UL << 63)

static struct spinlock protect_lock = SPINLOCK_INIT("net_protect");
static unsigned int protect_depth;	/* [P] nested sections */
static struct spinlock rand_lock = SPINLOCK_INIT("net_rand");
static struct prng rand_state;		/* [rand_lock] */

/* lwIP's heap, MEM_SIZE and its headers, from the page allocator. */
#define HEAP_ORDER	8
_Static_assert(MEM_SIZE + 1024 <= PAGE_SIZE << HEAP_ORDER,
	       "MEM_SIZE does not fit the heap's block");
uint8_t *net_port_heap;				/* [I] sys_init() */

/* lwIP waits in milliseconds, 0 meaning forever; we wait in jiffies. */
static long wait_jiffies(u32_t timeout_ms)
{
	return timeout_ms ? (long)msecs_to_jiffies(timeout_ms) :
			    MAX_SCHEDULE_TIMEOUT;
}

/* The milliseconds spent since @start_ns, as lwIP's waits report them. */
static u32_t elapsed_ms(u64 start_ns)
{
	return (u32_t)((ktime_get_ns() - start_ns) / NSEC_PER_MSEC);
}

/* lwip_init() calls this first, before mem_init() lays out the heap. */
void sys_init(void)
{
	prng_seed(&rand_state, ktime_get_ns());
	net_port_heap = __get_free_pages(GFP_KERNEL, HEAP_ORDER);
	if (!net_port_heap)
		panic("lwIP: no memory for its %u KiB heap", MEM_SIZE / 1024);
}

u32_t sys_now(void)
{
	return (u32_t)(ktime_get_ns() / NSEC_PER_MSEC);
}

err_t sys_sem_new(sys_sem_t *sem, u8_t count)
{
	init_completion(&sem->count);
	for (u8_t i = 0; i < count; i++)
		complete(&sem->count);
	sem->valid = true;
	return ERR_OK;
}

void sys_sem_free(sys_sem_t *sem)
{
	sem->valid = false;
}

void sys_sem_signal(sys_sem_t *sem)
{
	complete(&sem->count);
}

u32_t sys_arch_sem_wait(sys_sem_t *sem, u32_t timeout)
{
	u64 start = ktime_get_ns();

	if (!wait_for_completion_timeout(&sem->count, wait_jiffies(timeout)))
		return SYS_ARCH_TIMEOUT;
	return elapsed_ms(start);
}

err_t sys_mbox_new(sys_mbox_t *mbox, int size)
{
	mbox->msgs = kmalloc((size_t)size * sizeof(void *), GFP_KERNEL);
	if (!mbox->msgs)
		return ERR_MEM;
	spin_lock_init(&mbox->lock, "net_mbox");
	mbox->size = (unsigned int)size;
	mbox->head = 0;
	mbox->count = 0;
	init_completion(&mbox->posted);
	init_completion(&mbox->free);
	for (int i = 0; i < size; i++)
		complete(&mbox->free);
	mbox->valid = true;
	return ERR_OK;
}

void sys_mbox_free(sys_mbox_t *mbox)
{
	kfree(mbox->msgs);
	mbox->msgs = NULL;
	mbox->valid = false;
}

/* Put @msg in a slot the caller has already taken from mbox->free. */
static void mbox_put(sys_mbox_t *mbox, void *msg)
{
	unsigned long flags = spin_lock_irqsave(&mbox->lock);

	mbox->msgs[(mbox->head + mbox->count) % mbox->size] = msg;
	mbox->count++;
	spin_unlock_irqrestore(&mbox->lock, flags);
	complete(&mbox->posted);
}

/* Take the oldest message, which mbox->posted said is there. */
static void *mbox_take(sys_mbox_t *mbox)
{
	unsigned long flags = spin_lock_irqsave(&mbox->lock);
	void *msg = mbox->msgs[mbox->head];

	mbox->head = (mbox->head + 1) % mbox->size;
	mbox->count--;
	spin_unlock_irqrestore(&mbox->lock, flags);
	complete(&mbox->free);
	return msg;
}

void sys_mbox_post(sys_mbox_t *mbox, void *msg)
{
	wait_for_completion(&mbox->free);
	mbox_put(mbox, msg);
}

err_t sys_mbox_trypost(sys_mbox_t *mbox, void *msg)
{
	if (!try_wait_for_completion(&mbox->free))
		return ERR_MEM;
	mbox_put(mbox, msg);
	return ERR_OK;
}

err_t sys_mbox_trypost_fromisr(sys_mbox_t *mbox, void *msg)
{
	return sys_mbox_trypost(mbox, msg);
}

u32_t sys_arch_mbox_fetch(sys_mbox_t *mbox, void **msg, u32_t timeout)
{
	u64 start = ktime_get_ns();

	if (!wait_for_completion_timeout(&mbox->posted, wait_jiffies(timeout)))
		return SYS_ARCH_TIMEOUT;
	*msg = mbox_take(mbox);
	return elapsed_ms(start);
}

u32_t sys_arch_mbox_tryfetch(sys_mbox_t *mbox, void **msg)
{
	if (!try_wait_for_completion(&mbox->posted))
		return SYS_MBOX_EMPTY;
	*msg = mbox_take(mbox);
	return 0;
}

struct thread_start {
	lwip_thread_fn fn;
	void *arg;
};

static int thread_main(void *data)
{
	struct thread_start start = *(struct thread_start *)data;

	kfree(data);
	start.fn(start.arg);
	return 0;
}

sys_thread_t sys_thread_new(const char *name, lwip_thread_fn thread,
			    void *arg, int stacksize, int prio)
{
	struct thread_start *start = kmalloc(sizeof(*start), GFP_KERNEL);
	struct task *k;

	if (!start)
		panic("lwIP: no memory for thread %s", name);
	start->fn = thread;
	start->arg = arg;
	k = kthread_run(thread_main, start, "%s", name);
	if (!k)
		panic("lwIP: cannot start thread %s", name);
	return k;
}

/*
 * lwIP's contract lets a protected section nest in the same context;
 * the nested call only counts. Interrupts stay off for the section, so
 * the holder cannot migrate between the check and the count.
 */
sys_prot_t sys_arch_protect(void)
{
	unsigned long flags;

	if (spin_held_here(&protect_lock)) {
		protect_depth++;
		return PROTECT_NESTED;
	}
	flags = spin_lock_irqsave(&protect_lock);
	return flags;
}

void sys_arch_unprotect(sys_prot_t pval)
{
	if (pval == PROTECT_NESTED) {
		protect_depth--;
		return;
	}
	spin_unlock_irqrestore(&protect_lock, pval);
}

void net_port_diag(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
}

void net_port_assert(const char *msg, const char *file, int line)
{
	panic("lwIP assertion \"%s\" failed at %s:%d", msg, file, line);
}

uint32_t net_port_rand(void)
{
	unsigned long flags = spin_lock_irqsave(&rand_lock);
	u32 r = (u32)prng_next(&rand_state);

	spin_unlock_irqrestore(&rand_lock, flags);
	return r;
}

/* netif_find() turns the digits of "lo0" into a number. */
int atoi(const char *s)
{
	int n = 0;

	while (*s >= '0' && *s <= '9')
		n = n * 10 + (*s++ - '0');
	return n;
}
