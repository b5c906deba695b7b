/* SPDX-License-Identifier: MIT */
/*
 * Prometheus' text exposition format 0.0.4 (net/metrics_text.c), what
 * /metrics serves: pure, no kernel state, tested on the host. A metric
 * family is a "# HELP" and a "# TYPE" line followed by its samples, all
 * together (a family split in two is an error to Prometheus):
 *
 *   # HELP oomlab_memcg_memory_max_bytes memory.max of the cgroup.
 *   # TYPE oomlab_memcg_memory_max_bytes gauge
 *   oomlab_memcg_memory_max_bytes{cgroup="/a"} 67108864
 *   oomlab_memcg_memory_max_bytes{cgroup="/"} +Inf
 *
 * Label values escape backslash, double quote and newline; HELP texts
 * escape backslash and newline. Output that does not fit is cut at a
 * line boundary and remembered (metrics_text.overflow), never written
 * past the buffer.
 */
#ifndef NET_METRICS_TEXT_H
#define NET_METRICS_TEXT_H

#include "lib/types.h"

#define METRICS_CONTENT_TYPE	"text/plain; version=0.0.4; charset=utf-8"
#define METRICS_INF		UINT64_MAX	/* a sample value: +Inf */

struct metrics_text {
	char *buf;
	size_t size;
	size_t len;		/* bytes of whole lines in buf */
	bool overflow;		/* a line did not fit and was left out */
};

void metrics_text_init(struct metrics_text *m, char *buf, size_t size);
void metrics_family(struct metrics_text *m, const char *name,
		    const char *type, const char *help);
void metrics_sample(struct metrics_text *m, const char *name,
		    const char *label, const char *value, u64 v);
void metrics_sample_frac(struct metrics_text *m, const char *name,
			 const char *label, const char *value, u64 micros);

#endif
