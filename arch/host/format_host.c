// SPDX-License-Identifier: MIT
/*
 * Host stand-ins for the platform hooks of lib/format.c: the host tests
 * have no kernel symbol table, so %pS prints hex, and no fault fixups, so
 * %s trusts its pointer (ASan reports a bad one instead).
 */
#include "lib/format.h"
#include "lib/string.h"

long format_probe_strnlen(const char *s, size_t max)
{
	return (long)strnlen(s, max);
}

int ksym_snprint(char *buf, size_t size, u64 addr)
{
	return snprintf(buf, size, "0x%llx", (unsigned long long)addr);
}
