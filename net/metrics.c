// SPDX-License-Identifier: MIT
/*
 * The Prometheus exposition of /metrics (net/metrics.h), written with
 * net/metrics_text.c. Every value is read without stopping anything: a
 * sample is one atomic load (or a memcg_stat_read() subtree sum), so
 * two samples of one scrape may be a few pages apart, as two reads of
 * Linux's cgroup files would be. The cgroups are pinned first (a
 * reference each, under memcg_tree_lock) and read after, so a cgroup
 * removed meanwhile is still there to read; families stay whole, as
 * the format requires, by looping over the pinned cgroups once per
 * family.
 *
 * Locking: [x] the tcpip thread (the only caller).
 */
#include "kernel/cgroup.h"
#include "kernel/percpu.h"
#include "kernel/sched.h"
#include "kernel/time.h"
#include "lib/format.h"
#include "lib/string.h"
#include "lwip/stats.h"
#include "mm/memcg.h"
#include "mm/oom.h"
#include "mm/oom_reaper.h"
#include "mm/page_alloc.h"
#include "net/http.h"
#include "net/metrics.h"
#include "net/metrics_text.h"
#include "net/netdev.h"

struct metrics_scrape {
	struct metrics_text text;
	struct memcg *memcgs[METRICS_MAX_CGROUPS];	/* pinned */
	char paths[METRICS_MAX_CGROUPS][CGROUP_PATH_MAX];
	unsigned int nr, omitted;
};

static struct metrics_scrape scrape;	/* [x] */

/* Pin the root and every live cgroup, up to METRICS_MAX_CGROUPS. */
static void metrics_pin_cgroups(struct metrics_scrape *s)
{
	struct memcg *m;

	s->nr = s->omitted = 0;
	spin_lock(&memcg_tree_lock);
	memcg_get(&root_memcg);
	s->memcgs[s->nr++] = &root_memcg;
	list_for_each_entry(m, &memcg_list, node) {
		if (__atomic_load_n(&m->offline, __ATOMIC_ACQUIRE))
			continue;
		if (s->nr == METRICS_MAX_CGROUPS) {
			s->omitted++;
			continue;
		}
		memcg_get(m);
		s->memcgs[s->nr++] = m;
	}
	spin_unlock(&memcg_tree_lock);
	for (unsigned int i = 0; i < s->nr; i++)
		if (cgroup_path(s->memcgs[i]->cgroup, s->paths[i],
				CGROUP_PATH_MAX) < 0)
			snprintf(s->paths[i], CGROUP_PATH_MAX, "?");
}

static void metrics_unpin_cgroups(struct metrics_scrape *s)
{
	for (unsigned int i = 0; i < s->nr; i++)
		memcg_put(s->memcgs[i]);
	s->nr = 0;
}

/* Pages to bytes; an unlimited page count (PAGE_COUNTER_MAX) is +Inf. */
static u64 limit_bytes(long pages)
{
	return pages >= PAGE_COUNTER_MAX ? METRICS_INF :
					   (u64)pages * PAGE_SIZE;
}

enum memcg_value { MV_CURRENT, MV_MAX, MV_HIGH, MV_PEAK, MV_SOCK };

static u64 memcg_value(struct memcg *m, enum memcg_value v)
{
	switch (v) {
	case MV_CURRENT:
		return (u64)memcg_current(m) * PAGE_SIZE;
	case MV_MAX:
		return limit_bytes(page_counter_max(&m->memory));
	case MV_HIGH:
		return limit_bytes(__atomic_load_n(&m->high,
						   __ATOMIC_RELAXED));
	case MV_PEAK:
		return (u64)page_counter_watermark(&m->memory) * PAGE_SIZE;
	case MV_SOCK:
		return (u64)memcg_stat_read(m, MEMCG_SOCK) * PAGE_SIZE;
	}
	return 0;
}

static const struct {
	const char *name, *help;
} memcg_gauges[] = {
	[MV_CURRENT] = { "oomlab_memcg_memory_current_bytes",
			 "memory.current: bytes charged to the cgroup and below." },
	[MV_MAX] = { "oomlab_memcg_memory_max_bytes",
		     "memory.max: the hard limit (+Inf: max)." },
	[MV_HIGH] = { "oomlab_memcg_memory_high_bytes",
		      "memory.high: the throttling limit (+Inf: max)." },
	[MV_PEAK] = { "oomlab_memcg_memory_peak_bytes",
		      "memory.peak: the highest memory.current seen." },
	[MV_SOCK] = { "oomlab_memcg_sock_bytes",
		      "memory.stat sock: socket buffers charged here and below." },
};

/* memory.events' fields, in the file's order (enum memcg_event). */
static const struct {
	const char *name, *help;
} memcg_event_metrics[MEMCG_NR_EVENTS] = {
	{ "oomlab_memcg_memory_events_low_total",
	  "memory.events low: reclaims below memory.low." },
	{ "oomlab_memcg_memory_events_high_total",
	  "memory.events high: charges over memory.high, throttled." },
	{ "oomlab_memcg_memory_events_max_total",
	  "memory.events max: charges that met memory.max." },
	{ "oomlab_memcg_memory_events_oom_total",
	  "memory.events oom: charges that failed after reclaim." },
	{ "oomlab_memcg_memory_events_oom_kill_total",
	  "memory.events oom_kill: processes the OOM killer killed." },
	{ "oomlab_memcg_memory_events_oom_group_kill_total",
	  "memory.events oom_group_kill: memory.oom.group kills." },
};

static void metrics_memcgs(struct metrics_scrape *s)
{
	struct metrics_text *t = &s->text;

	metrics_family(t, "oomlab_metrics_cgroups_omitted", "gauge",
		       "Cgroups past the exposition's limit, not listed.");
	metrics_sample(t, "oomlab_metrics_cgroups_omitted", NULL, NULL,
		       s->omitted);
	for (size_t v = 0; v < ARRAY_SIZE(memcg_gauges); v++) {
		metrics_family(t, memcg_gauges[v].name, "gauge",
			       memcg_gauges[v].help);
		for (unsigned int i = 0; i < s->nr; i++)
			metrics_sample(t, memcg_gauges[v].name, "cgroup",
				       s->paths[i],
				       memcg_value(s->memcgs[i], v));
	}
	for (int ev = 0; ev < MEMCG_NR_EVENTS; ev++) {
		metrics_family(t, memcg_event_metrics[ev].name, "counter",
			       memcg_event_metrics[ev].help);
		for (unsigned int i = 0; i < s->nr; i++)
			metrics_sample(t, memcg_event_metrics[ev].name, "cgroup",
				       s->paths[i],
				       memcg_event_read(s->memcgs[i], ev,
							false));
	}
}

/* A family with one unlabelled sample. */
static void metrics_one(struct metrics_text *t, const char *name,
			const char *type, const char *help, u64 v)
{
	metrics_family(t, name, type, help);
	metrics_sample(t, name, NULL, NULL, v);
}

static void metrics_oom(struct metrics_text *t)
{
	struct oom_reaper_stats r;

	oom_reaper_stats(&r);
	metrics_one(t, "oomlab_oom_kills_total", "counter",
		    "Processes the OOM killer killed.", oom_kill_count());
	metrics_one(t, "oomlab_oom_reaper_passes_total", "counter",
		    "Passes of the OOM reaper over a victim's memory.",
		    r.passes);
	metrics_one(t, "oomlab_oom_reaper_reaped_total", "counter",
		    "Victims the OOM reaper reaped, then set MMF_OOM_SKIP on.",
		    r.reaped);
	metrics_one(t, "oomlab_oom_reaper_gave_up_total", "counter",
		    "Victims the OOM reaper gave up on, setting MMF_OOM_SKIP.",
		    r.gave_up);
	metrics_family(t, "oomlab_oom_reaper_skipped_total", "counter",
		       "OOM victims given MMF_OOM_SKIP, by who set it: the "
		       "reaper after a pass, the reaper giving up after its "
		       "tries or at its time bound, the victim's exit_mmap().");
	for (int i = 0; i < OOM_SKIP_NR_REASONS; i++)
		metrics_sample(t, "oomlab_oom_reaper_skipped_total", "reason",
			       oom_skip_reason_names[i], r.skipped[i]);
	metrics_one(t, "oomlab_oom_reaper_trylock_failures_total", "counter",
		    "Reaper passes that found the victim's mmap_lock taken.",
		    r.trylock_failures);
	metrics_one(t, "oomlab_oom_reaper_pages_reaped_total", "counter",
		    "Pages the OOM reaper freed.", r.pages_reaped);
	metrics_one(t, "oomlab_oom_reaper_inflight", "gauge",
		    "Victims queued to the OOM reaper or under its timer.",
		    r.inflight);
	metrics_one(t, "oomlab_free_pages", "gauge",
		    "Free pages in the page allocator.", nr_free_pages());
	metrics_one(t, "oomlab_managed_pages", "gauge",
		    "Pages the page allocator manages.", nr_managed_pages());
}

static void metrics_cpus(struct metrics_text *t)
{
	static const char *const names[] = {
		"oomlab_cpu_idle_seconds_total",
		"oomlab_cpu_context_switches_total",
		"oomlab_cpu_interrupts_total",
	};
	static const char *const helps[] = {
		"Time the CPU ran its idle task.",
		"Context switches on the CPU.",
		"Interrupts the CPU took.",
	};
	char cpu[8];

	metrics_family(t, "oomlab_uptime_seconds", "gauge",
		       "Time since the clock started.");
	metrics_sample_frac(t, "oomlab_uptime_seconds", NULL, NULL,
			    ktime_get_ns() / 1000);
	for (size_t k = 0; k < ARRAY_SIZE(names); k++) {
		metrics_family(t, names[k], "counter", helps[k]);
		for (unsigned int c = 0; c < NR_CPUS; c++) {
			struct percpu *pc = &percpu_area[c];

			if (!cpu_online(c))
				continue;
			snprintf(cpu, sizeof(cpu), "%u", c);
			if (k == 0)
				metrics_sample_frac(t, names[k], "cpu", cpu,
						    task_cpu_ns(pc->idle) /
						    1000);
			else
				metrics_sample(t, names[k], "cpu", cpu, k == 1 ?
					       sched_nr_switches(c) :
					       __atomic_load_n(&pc->irq_count,
							       __ATOMIC_RELAXED));
		}
	}
}

#define NETDEV_STAT(field, help) \
	{ "oomlab_net_" #field "_total", help, \
	  offsetof(struct netdev_stats, field) }

static const struct {
	const char *name, *help;
	size_t offset;
} netdev_metrics[] = {
	NETDEV_STAT(rx_packets, "Frames received and passed up."),
	NETDEV_STAT(rx_bytes, "Bytes of the frames received."),
	NETDEV_STAT(tx_packets, "Frames the card took to send."),
	NETDEV_STAT(tx_bytes, "Bytes of the frames sent."),
	NETDEV_STAT(rx_dropped, "Frames dropped: no memory or a full queue."),
	NETDEV_STAT(tx_dropped, "Frames dropped: the transmit ring was full."),
	NETDEV_STAT(rx_missed, "Frames the card dropped: no receive buffer."),
	NETDEV_STAT(rx_errors, "Frames the card flagged bad."),
	NETDEV_STAT(rx_length_errors,
		    "Frames dropped for their length (short or oversized)."),
	NETDEV_STAT(rx_budget_spent,
		    "Receive poll rounds that used their whole budget."),
};

static void metrics_netdevs(struct metrics_text *t)
{
	for (size_t k = 0; k < ARRAY_SIZE(netdev_metrics); k++) {
		metrics_family(t, netdev_metrics[k].name, "counter",
			       netdev_metrics[k].help);
		for (unsigned int i = 0; i < netdev_count(); i++) {
			struct netdev *dev = netdev_get(i);
			const u64 *v = (const u64 *)((const char *)&dev->stats +
						     netdev_metrics[k].offset);

			metrics_sample(t, netdev_metrics[k].name, "device",
				       dev->name,
				       __atomic_load_n(v, __ATOMIC_RELAXED));
		}
	}
}

#define LWIP_LAYERS(X) X(link) X(etharp) X(ip) X(icmp) X(udp) X(tcp)
#define LWIP_COUNTER(field, help) \
	{ "oomlab_lwip_" #field "_total", help, \
	  offsetof(struct stats_proto, field) }

static const struct {
	const char *name, *help;
	size_t offset;
} lwip_metrics[] = {
	LWIP_COUNTER(drop, "Packets lwIP dropped, per layer."),
	LWIP_COUNTER(chkerr, "Packets with a wrong checksum, per layer."),
	LWIP_COUNTER(lenerr, "Packets with an invalid length, per layer."),
	LWIP_COUNTER(proterr, "Packets breaking the protocol, per layer."),
	LWIP_COUNTER(memerr, "Packets lost for want of memory, per layer."),
};

/* lwip_stats is the tcpip thread's, as this function is. */
static void metrics_lwip(struct metrics_text *t)
{
#define LWIP_LAYER(l) { #l, &lwip_stats.l },
	static const struct {
		const char *name;
		const struct stats_proto *stats;
	} layers[] = { LWIP_LAYERS(LWIP_LAYER) };
#undef LWIP_LAYER

	for (size_t k = 0; k < ARRAY_SIZE(lwip_metrics); k++) {
		metrics_family(t, lwip_metrics[k].name, "counter",
			       lwip_metrics[k].help);
		for (size_t i = 0; i < ARRAY_SIZE(layers); i++)
			metrics_sample(t, lwip_metrics[k].name, "layer",
				       layers[i].name,
				       *(const STAT_COUNTER *)
				       ((const char *)layers[i].stats +
					lwip_metrics[k].offset));
	}
	metrics_one(t, "oomlab_lwip_heap_used_bytes", "gauge",
		    "Bytes of lwIP's heap in use.", lwip_stats.mem.used);
	metrics_one(t, "oomlab_lwip_heap_errors_total", "counter",
		    "lwIP heap allocations that failed.", lwip_stats.mem.err);
}

static void metrics_http(struct metrics_text *t)
{
	struct http_stats h;
	char code[8];

	http_stats_read(&h);
	metrics_family(t, "oomlab_http_responses_total", "counter",
		       "Responses of the metrics server, per status code.");
	for (unsigned int i = 0; i < HTTP_NR_CODES; i++) {
		snprintf(code, sizeof(code), "%d", http_codes[i]);
		metrics_sample(t, "oomlab_http_responses_total", "code", code,
			       h.responses[i]);
	}
	metrics_one(t, "oomlab_http_connections_open", "gauge",
		    "Connections the metrics server holds.", h.open);
	metrics_one(t, "oomlab_http_connections_aborted_total", "counter",
		    "Connections reset for stalling past the server's bound.",
		    h.aborted);
}

/**
 * metrics_render - the whole exposition into @buf.
 * @buf: where the text goes (NUL-terminated)
 * @size: its size; what does not fit is left out by whole lines
 *
 * Context: the tcpip thread (lwIP's counters are its); takes
 * memcg_tree_lock.
 * Return: the length of the text.
 */
size_t metrics_render(char *buf, size_t size)
{
	struct metrics_scrape *s = &scrape;

	metrics_text_init(&s->text, buf, size);
	metrics_pin_cgroups(s);
	metrics_memcgs(s);
	metrics_unpin_cgroups(s);
	metrics_oom(&s->text);
	metrics_cpus(&s->text);
	metrics_netdevs(&s->text);
	metrics_lwip(&s->text);
	metrics_http(&s->text);
	return s->text.len;
}
