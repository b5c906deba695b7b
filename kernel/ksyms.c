// SPDX-License-Identifier: MIT
/*
 * Symbol lookup over the table tools/gensyms.py embeds at link time
 * (sorted by address, so lookup is a binary search). A symbol's size is
 * the distance to the next symbol, so only addresses inside the kernel's
 * .text (__text_start..__text_end) are looked up at all: past the last
 * function there is no "next symbol" to bound it.
 */
#include "kernel/ksyms.h"
#include "lib/format.h"

struct ksym_entry {
	u64 addr;
	u32 name_offset;
	u32 size;
};

struct ksym_table_hdr {
	u64 count;
	struct ksym_entry entries[];
};

extern const struct ksym_table_hdr ksym_table;
extern const char __text_start[], __text_end[];

static const char *ksym_name(const struct ksym_entry *e)
{
	const char *names =
		(const char *)&ksym_table.entries[ksym_table.count];

	return names + e->name_offset;
}

/**
 * ksym_lookup - find the function containing @addr.
 * @addr: a code address
 * @offset: set to @addr minus the symbol's start (may be NULL)
 * @size: set to the symbol's size (may be NULL)
 *
 * Context: any, lock-free (the table is read-only).
 * Return: the symbol's name, or NULL outside the kernel's text.
 */
const char *ksym_lookup(u64 addr, u64 *offset, u64 *size)
{
	u64 lo = 0, hi = ksym_table.count;
	const struct ksym_entry *e;

	if (addr < (u64)__text_start || addr >= (u64)__text_end)
		return NULL;
	while (lo < hi) {	/* lo: first entry above @addr */
		u64 mid = (lo + hi) / 2;

		if (ksym_table.entries[mid].addr <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0)
		return NULL;
	e = &ksym_table.entries[lo - 1];
	if (addr - e->addr >= e->size)
		return NULL;
	if (offset)
		*offset = addr - e->addr;
	if (size)
		*size = e->size;
	return ksym_name(e);
}

/**
 * ksym_snprint - format @addr as "name+0xoff/0xsize" (the %pS format).
 * @buf: destination
 * @size: its size
 * @addr: any address; outside the kernel's text it prints as hex
 *
 * Context: any.
 * Return: the length the full string needs, as snprintf().
 */
int ksym_snprint(char *buf, size_t size, u64 addr)
{
	u64 off, sz;
	const char *name = ksym_lookup(addr, &off, &sz);

	if (!name)
		return snprintf(buf, size, "0x%llx", (unsigned long long)addr);
	return snprintf(buf, size, "%s+0x%llx/0x%llx", name,
			(unsigned long long)off, (unsigned long long)sz);
}
