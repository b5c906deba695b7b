/* SPDX-License-Identifier: MIT */
/*
 * A TCP client of the metrics server over the loopback interface, for
 * its boot tests (tests/net/http_client.c): connect, send a request in
 * one or more pieces, collect the answer until the server closes or
 * resets. Every lwIP call runs in the tcpip thread through net_run().
 */
#ifndef TESTS_NET_HTTP_CLIENT_H
#define TESTS_NET_HTTP_CLIENT_H

#include "kernel/completion.h"
#include "kernel/ktest.h"

struct tcp_pcb;

struct http_client {
	struct tcp_pcb *pcb;		/* tcpip thread; NULL once gone */
	/* Set by the caller before http_client_open(): */
	bool stall;			/* never open the receive window */
	char *resp;			/* the answer's start, NUL-ended */
	size_t keep;			/* resp's size */
	/* Set by the client: */
	u64 len;			/* answer bytes received */
	bool connected, closed, reset;
	struct completion up;		/* connected, or failed to */
	struct completion done;		/* closed by the server, or reset */
	const char *piece;		/* net_run() argument */
};

bool http_client_open(struct ktest *t, struct http_client *c,
		      const char *first_piece);
void http_client_send(struct http_client *c, const char *piece);
bool http_client_wait(struct ktest *t, struct http_client *c,
		      unsigned int timeout_ms);
void http_client_close(struct http_client *c);
int http_client_status(const struct http_client *c);
const char *http_client_body(const struct http_client *c);

#endif
