// SPDX-License-Identifier: MIT
/*
 * gsock: sockets through glibc, the way Linux's cgroup selftest
 * test_memcg_sock uses them, checked the same on Linux and on oomlab:
 *
 *   getaddrinfo   "localhost" (from /etc/hosts through nsswitch.conf's
 *                 files) and "127.0.0.1" give 127.0.0.1 with the port, a
 *                 SOCK_STREAM entry first; an unknown name fails
 *   dual stack    an AF_INET6 listener on in6addr_any takes a client
 *                 that connected to getaddrinfo's IPv4 address; accept()
 *                 shows the client v4-mapped (::ffff:127.0.0.1)
 *   stream        64 KiB through write() and read() arrive intact; the
 *                 client's close reads as EOF
 *
 * Output (stdout): gsock: FAIL what=W got=V   (per failed check)
 *                  gsock: result checks=N failed=F
 * Exit status: 0 when failed=0, else 1.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define BYTES	65536

static int checks, failed;

static void check(int ok, const char *what, long got)
{
	checks++;
	if (!ok) {
		failed++;
		printf("gsock: FAIL what=%s got=%ld\n", what, got);
	}
}

static void lookups(void)
{
	struct addrinfo *ai = NULL;
	struct sockaddr_in *sin;
	int r;

	r = getaddrinfo("localhost", "8080", NULL, &ai);
	check(r == 0, "getaddrinfo localhost", r);
	if (!r) {
		sin = (struct sockaddr_in *)ai->ai_addr;
		check(ai->ai_family == AF_INET, "localhost family",
		      ai->ai_family);
		check(ai->ai_socktype == SOCK_STREAM, "first entry stream",
		      ai->ai_socktype);
		check(sin->sin_addr.s_addr == htonl(INADDR_LOOPBACK),
		      "localhost is 127.0.0.1", ntohl(sin->sin_addr.s_addr));
		check(ntohs(sin->sin_port) == 8080, "port",
		      ntohs(sin->sin_port));
		freeaddrinfo(ai);
	}
	r = getaddrinfo("127.0.0.1", "80", NULL, &ai);
	check(r == 0, "getaddrinfo numeric", r);
	if (!r)
		freeaddrinfo(ai);
	r = getaddrinfo("no-such-host.invalid", "80", NULL, &ai);
	check(r != 0, "unknown name fails", r);
}

/* An AF_INET6 listener on in6addr_any; its port. Return: the fd. */
static int listen6(unsigned short *port)
{
	struct sockaddr_in6 a = { .sin6_family = AF_INET6,
				  .sin6_addr = IN6ADDR_ANY_INIT };
	socklen_t len = sizeof(a);
	int yes = 1, fd = socket(AF_INET6, SOCK_STREAM, 0);

	check(fd >= 0, "socket(AF_INET6)", fd);
	check(!setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes)),
	      "SO_REUSEADDR", errno);
	check(!bind(fd, (struct sockaddr *)&a, sizeof(a)), "bind ::", 0);
	check(!listen(fd, 1), "listen", 0);
	check(!getsockname(fd, (struct sockaddr *)&a, &len), "getsockname",
	      0);
	check(len == sizeof(a), "sockaddr_in6 length", len);
	*port = ntohs(a.sin6_port);
	return fd;
}

static void dual_stack(void)
{
	static char out[BYTES], in[BYTES];
	struct sockaddr_in6 peer;
	socklen_t len = sizeof(peer);
	unsigned short port;
	struct addrinfo *ai;
	char service[8];
	int l, c, s;
	long got = 0, n;

	l = listen6(&port);
	snprintf(service, sizeof(service), "%hu", port);
	if (getaddrinfo("localhost", service, NULL, &ai)) {
		check(0, "getaddrinfo for the client", 0);
		close(l);
		return;
	}
	c = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
	check(c >= 0, "client socket", c);
	check(!connect(c, ai->ai_addr, ai->ai_addrlen), "connect", errno);
	freeaddrinfo(ai);
	s = accept(l, (struct sockaddr *)&peer, &len);
	check(s >= 0, "accept", errno);
	check(len == sizeof(peer) && peer.sin6_family == AF_INET6,
	      "peer is AF_INET6", len);
	check(IN6_IS_ADDR_V4MAPPED(&peer.sin6_addr) &&
	      peer.sin6_addr.s6_addr[15] == 1, "peer ::ffff:127.0.0.1",
	      peer.sin6_addr.s6_addr[15]);
	for (int i = 0; i < BYTES; i++)
		out[i] = (char)(i * 7 + (i >> 8));
	check(write(c, out, BYTES) == BYTES, "write 64 KiB", 0);
	close(c);
	while (got < BYTES && (n = read(s, in + got, BYTES - got)) > 0)
		got += n;
	check(got == BYTES, "read 64 KiB", got);
	check(!memcmp(in, out, BYTES), "bytes intact", 0);
	check(read(s, in, 1) == 0, "EOF after the close", 0);
	close(s);
	close(l);
}

int main(void)
{
	lookups();
	dual_stack();
	printf("gsock: result checks=%d failed=%d\n", checks, failed);
	return failed ? 1 : 0;
}
