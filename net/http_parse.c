// SPDX-License-Identifier: MIT
/*
 * Judging an HTTP/1.x request head (net/http_parse.h). The head is
 * taken whole or not at all: nothing is decided on a prefix, so a
 * request split across any number of segments gets the verdict the
 * same bytes would get in one. Lines end in CRLF or a bare LF (RFC
 * 9112 section 2.2 lets a server accept the latter).
 */
#include "lib/kstrtox.h"
#include "lib/string.h"
#include "net/http_parse.h"

/* RFC 9110's tchar: what a method or a header name is made of. */
static bool http_tchar(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || (c && strchr("!#$%&'*+-.^_`|~", c));
}

static bool http_token(const char *s, size_t len)
{
	if (!len)
		return false;
	for (size_t i = 0; i < len; i++)
		if (!http_tchar(s[i]))
			return false;
	return true;
}

static bool http_is(const char *s, size_t len, const char *word)
{
	return strlen(word) == len && !memcmp(s, word, len);
}

static char http_lower(char c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* The length of the head up to and including its empty line; 0 when
 * the empty line has not come yet. */
static size_t http_head_len(const char *buf, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (buf[i] != '\n')
			continue;
		if (i + 1 < len && buf[i + 1] == '\n')
			return i + 2;
		if (i + 2 < len && buf[i + 1] == '\r' && buf[i + 2] == '\n')
			return i + 3;
	}
	return 0;
}

/* The line starting at @s (before @end), without its CR LF; *next is
 * where the following one starts. */
static size_t http_line(const char *s, const char *end, const char **next)
{
	const char *nl = memchr(s, '\n', end - s);
	size_t n = nl - s;

	*next = nl + 1;
	return n && s[n - 1] == '\r' ? n - 1 : n;
}

/* 505 unless "HTTP/1.0" or "HTTP/1.1"; 400 when not a version at all. */
static int http_version(const char *v, size_t len, bool *v11)
{
	if (len != 8 || memcmp(v, "HTTP/", 5) || v[6] != '.' ||
	    v[5] < '0' || v[5] > '9' || v[7] < '0' || v[7] > '9')
		return 400;
	if (v[5] != '1' || (v[7] != '0' && v[7] != '1'))
		return 505;
	*v11 = v[7] == '1';
	return 0;
}

/* /bench's query: nothing, or "bytes=N" with N up to HTTP_BENCH_MAX. */
static int http_bench_query(const char *q, size_t len, u64 *bytes)
{
	char num[24];

	*bytes = HTTP_BENCH_DEFAULT;
	if (!len)
		return 0;
	if (len <= 6 || len - 6 >= sizeof(num) || memcmp(q, "bytes=", 6))
		return 400;
	memcpy(num, q + 6, len - 6);
	num[len - 6] = '\0';
	if (kstrtoull(num, 10, bytes) || *bytes > HTTP_BENCH_MAX)
		return 400;
	return 0;
}

/* Route @target ("/path?query"); 0 or the refusal. */
static int http_route(const char *target, size_t len,
		      struct http_request *req)
{
	const char *q = memchr(target, '?', len);
	size_t path_len = q ? (size_t)(q - target) : len;
	size_t query_len = q ? len - path_len - 1 : 0;

	if (!len || target[0] != '/')
		return 400;
	if (path_len > HTTP_PATH_MAX)
		return 414;
	req->route = HTTP_ROUTE_NONE;
	if (http_is(target, path_len, "/metrics"))
		req->route = HTTP_ROUTE_METRICS;
	else if (http_is(target, path_len, "/log"))
		req->route = HTTP_ROUTE_LOG;
	else if (http_is(target, path_len, "/bench")) {
		req->route = HTTP_ROUTE_BENCH;
		return http_bench_query(q + 1, query_len, &req->bench_bytes);
	} else
		return 404;
	return 0;
}

/* "Name: value" lines until the empty one: 400 for a line that is not
 * a header field; *host tells whether a Host field came. */
static int http_headers(const char *s, const char *end, bool *host)
{
	while (s < end) {
		const char *next;
		size_t n = http_line(s, end, &next);
		const char *colon = memchr(s, ':', n);

		if (!n)
			return 0;
		if (!colon || !http_token(s, colon - s))
			return 400;
		if (colon - s == 4 && http_lower(s[0]) == 'h' &&
		    http_lower(s[1]) == 'o' && http_lower(s[2]) == 's' &&
		    http_lower(s[3]) == 't')
			*host = true;
		s = next;
	}
	return 0;
}

/* The verdict on a complete head of @len bytes. */
static int http_judge(const char *buf, size_t len, struct http_request *req)
{
	const char *end = buf + len, *next, *sp1, *sp2;
	size_t n = http_line(buf, end, &next);
	bool v11 = false, host = false;
	int err;

	sp1 = memchr(buf, ' ', n);
	sp2 = sp1 ? memchr(sp1 + 1, ' ', n - (sp1 + 1 - buf)) : NULL;
	if (!sp2 || memchr(sp2 + 1, ' ', n - (sp2 + 1 - buf)) ||
	    !http_token(buf, sp1 - buf))
		return 400;
	err = http_version(sp2 + 1, n - (sp2 + 1 - buf), &v11);
	if (err)
		return err;
	req->head = http_is(buf, sp1 - buf, "HEAD");
	if (!req->head && !http_is(buf, sp1 - buf, "GET"))
		return 405;
	err = http_headers(next, end, &host);
	if (err)
		return err;
	/* RFC 9112 section 3.2: a 1.1 request without Host gets 400. */
	if (v11 && !host)
		return 400;
	return http_route(sp1 + 1, sp2 - sp1 - 1, req);
}

/**
 * http_parse_request - judge the request head in @buf.
 * @buf: the bytes received so far
 * @len: how many
 * @req: the verdict, filled when the return is true
 *
 * Context: any (pure).
 * Return: false while the head is incomplete and under HTTP_REQUEST_MAX
 * bytes (wait for more); true when @req holds the verdict: status 0 and
 * the route to serve, or the status code to refuse with (400, 404,
 * 405, 414, 431, 505).
 */
bool http_parse_request(const char *buf, size_t len, struct http_request *req)
{
	size_t head;

	memset(req, 0, sizeof(*req));
	req->route = HTTP_ROUTE_NONE;
	if (len > HTTP_REQUEST_MAX)
		len = HTTP_REQUEST_MAX;
	head = http_head_len(buf, len);
	if (!head) {
		if (len < HTTP_REQUEST_MAX)
			return false;
		req->status = 431;
		return true;
	}
	req->status = http_judge(buf, head, req);
	return true;
}

/**
 * http_reason - the reason phrase of a status code the server sends.
 * @status: the code
 *
 * Context: any.
 * Return: the phrase; "Error" for a code the server never sends.
 */
const char *http_reason(int status)
{
	switch (status) {
	case 200: return "OK";
	case 400: return "Bad Request";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 408: return "Request Timeout";
	case 414: return "URI Too Long";
	case 431: return "Request Header Fields Too Large";
	case 503: return "Service Unavailable";
	case 505: return "HTTP Version Not Supported";
	}
	return "Error";
}

/**
 * http_bench_byte - byte @i of /bench's body: the alphabet over and
 * over, which a receiver checks without keeping a copy.
 * @i: the offset
 *
 * Context: any.
 * Return: the byte.
 */
u8 http_bench_byte(u64 i)
{
	return 'a' + i % 26;
}
