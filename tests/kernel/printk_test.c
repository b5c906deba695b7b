// SPDX-License-Identifier: MIT
/*
 * printk_ratelimit_ok(): a call site prints its burst, then nothing until
 * its window is over, and the first message of the next window comes
 * after one "N callbacks suppressed" line counting exactly what was
 * dropped. The window is opened by the first call, so a state never
 * used before lets its burst through however long after boot.
 */
#include "kernel/ktest.h"
#include "kernel/printk.h"
#include "lib/string.h"

#define BURST		3
#define DROPPED		4
#define LONG_MS		(1000 * 1000)	/* never over during the test */

static unsigned int count_ok(struct ratelimit_state *rs, unsigned int n)
{
	unsigned int ok = 0;

	while (n--)
		ok += printk_ratelimit_ok(rs);
	return ok;
}

static void printk_ratelimit_burst(struct ktest *t)
{
	struct ratelimit_state rs =
		RATELIMIT_STATE_INIT("burst", LONG_MS, BURST);

	KTEST_EXPECT_EQ_U(t, count_ok(&rs, BURST), BURST);
	KTEST_EXPECT_EQ_U(t, count_ok(&rs, DROPPED), 0);
	KTEST_EXPECT_EQ_U(t, rs.missed, DROPPED);
}

/* The next window: the count of the dropped messages is printed once and
 * the burst is available again. */
static void printk_ratelimit_next_window(struct ktest *t)
{
	struct ratelimit_state rs =
		RATELIMIT_STATE_INIT("window_test", LONG_MS, BURST);
	char tail[256];
	size_t n;

	count_ok(&rs, BURST + DROPPED);
	rs.begin_ns -= rs.interval_ns;	/* as if the window had passed */
	KTEST_EXPECT_EQ_U(t, count_ok(&rs, BURST + 1), BURST);
	KTEST_EXPECT_EQ_U(t, rs.missed, 1);
	n = printk_ring_read(tail, sizeof(tail) - 1);
	tail[n] = 0;
	KTEST_EXPECT_NOT_NULL(t, strstr(tail, "window_test: 4 callbacks "
					      "suppressed"));
}

/* printk_ratelimited() itself: one call site in a loop. */
static void printk_ratelimited_site(struct ktest *t)
{
	unsigned int printed = 0;

	for (int i = 0; i < RATELIMIT_BURST + 5; i++)
		printed += printk_ratelimited(KERN_DEBUG "ratelimited %d\n",
					      i) > 0;
	KTEST_EXPECT_EQ_U(t, printed, RATELIMIT_BURST);
}

static unsigned int probe_bytes;	/* written under printk_lock */

static void probe_write(const char *s, size_t len)
{
	probe_bytes += len;
}

static struct console probe_console = {
	.name = "ktest_probe",
	.write = probe_write,
};

/*
 * console_set_enabled() (console=screen turns the serial line off): a
 * disabled console gets nothing, another name changes nothing, enabling
 * it again brings the output back. The probe stays registered, disabled,
 * after the case: there is no unregistering.
 */
static void printk_console_disable(struct ktest *t)
{
	static bool registered;

	if (!registered) {
		console_register(&probe_console);
		registered = true;
	}
	console_set_enabled("ktest_probe", true);
	__atomic_store_n(&probe_bytes, 0, __ATOMIC_SEQ_CST);
	printk("printk_console_disable: to the probe\n");
	KTEST_EXPECT_GT(t, __atomic_load_n(&probe_bytes, __ATOMIC_SEQ_CST), 0);

	console_set_enabled("ktest_probe", false);
	__atomic_store_n(&probe_bytes, 0, __ATOMIC_SEQ_CST);
	printk("printk_console_disable: not to the probe\n");
	console_set_enabled("no_such_console", true);
	printk("printk_console_disable: still not to the probe\n");
	KTEST_EXPECT_EQ_U(t, __atomic_load_n(&probe_bytes, __ATOMIC_SEQ_CST),
			  0);

	console_set_enabled("ktest_probe", true);
	printk("printk_console_disable: to the probe again\n");
	KTEST_EXPECT_GT(t, __atomic_load_n(&probe_bytes, __ATOMIC_SEQ_CST), 0);
	console_set_enabled("ktest_probe", false);
}

KTEST_SUITE(printk,
	    KTEST_CASE(printk_ratelimit_burst),
	    KTEST_CASE(printk_ratelimit_next_window),
	    KTEST_CASE(printk_ratelimited_site),
	    KTEST_CASE(printk_console_disable));
