/* SPDX-License-Identifier: MIT */
/*
 * The kernel's state as Prometheus metrics (net/metrics.c), the body of
 * the HTTP server's /metrics (net/http.c): per memory cgroup its
 * memory.current, max, high, peak, the sock bytes of memory.stat and
 * the memory.events counters (label cgroup="/a/b"); the OOM killer's
 * and the reaper's counters; free pages; each CPU's idle time, context
 * switches and interrupts (label cpu="N"); each NIC's packet, byte,
 * drop and error counters (label device="eth0"); lwIP's drops and
 * errors per layer (label layer="ip"); the HTTP server's own counters.
 */
#ifndef NET_METRICS_H
#define NET_METRICS_H

#include "lib/types.h"

/* Cgroups one exposition lists; the rest are counted in
 * oomlab_metrics_cgroups_omitted. */
#define METRICS_MAX_CGROUPS	64

size_t metrics_render(char *buf, size_t size);

#endif
