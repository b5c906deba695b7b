/* SPDX-License-Identifier: MIT */
/*
 * A TCP stream over the loopback interface for the net tests and the
 * benchmark (tests/net/tcp_stream.c): a client sends a known pattern to
 * a listener on 127.0.0.1, then closes; the server checks every byte.
 */
#ifndef TESTS_NET_TCP_STREAM_H
#define TESTS_NET_TCP_STREAM_H

#include "kernel/ktest.h"

struct tcp_stream {
	u32 received;		/* bytes the server got */
	u32 mismatches;		/* of those, bytes off the pattern */
	bool closed;		/* the server saw the FIN */
	u64 ns;			/* from connect to the FIN */
};

u8 tcp_stream_byte(u32 i);
bool tcp_stream_loopback(struct ktest *t, u16 port, u32 bytes,
			 unsigned int timeout_ms, struct tcp_stream *out);

#endif
