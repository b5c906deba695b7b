// SPDX-License-Identifier: MIT
/*
 * Printing a gfp mask the way Linux's "%pGg" does (lib/vsprintf.c
 * format_flags() over the gfpflag_names table of
 * include/trace/events/mmflags.h): the names are tried in the table's
 * order, combinations first, each one printed when all its bits are
 * still set and then removed; bits no name covers follow in hex. The OOM
 * report's first line needs it ("gfp_mask=0xcc0(GFP_KERNEL)"), and
 * gfp_parse() reads such a text back (a test's kernel charge names its
 * flags so, /sys/kernel/oomlab/kernel_charge).
 */
#include "lib/errno.h"
#include "lib/format.h"
#include "lib/string.h"
#include "mm/gfp.h"

struct gfp_name {
	gfp_t mask;
	const char *name;
};

/*
 * Linux 6.1's order (__def_gfpflag_names without the KASAN tag bits,
 * which are 0 in a kernel without CONFIG_KASAN_HW_TAGS, as Debian's):
 * the combination with the most bits first, so GFP_HIGHUSER_MOVABLE is
 * never printed as GFP_USER|__GFP_HIGHMEM|__GFP_MOVABLE.
 */
static const struct gfp_name gfp_names[] = {
	{ GFP_TRANSHUGE, "GFP_TRANSHUGE" },
	{ GFP_TRANSHUGE_LIGHT, "GFP_TRANSHUGE_LIGHT" },
	{ GFP_HIGHUSER_MOVABLE, "GFP_HIGHUSER_MOVABLE" },
	{ GFP_HIGHUSER, "GFP_HIGHUSER" },
	{ GFP_USER, "GFP_USER" },
	{ GFP_KERNEL_ACCOUNT, "GFP_KERNEL_ACCOUNT" },
	{ GFP_KERNEL, "GFP_KERNEL" },
	{ GFP_NOFS, "GFP_NOFS" },
	{ GFP_ATOMIC, "GFP_ATOMIC" },
	{ GFP_NOIO, "GFP_NOIO" },
	{ GFP_NOWAIT, "GFP_NOWAIT" },
	{ GFP_DMA, "GFP_DMA" },
	{ __GFP_HIGHMEM, "__GFP_HIGHMEM" },
	{ GFP_DMA32, "GFP_DMA32" },
	{ __GFP_HIGH, "__GFP_HIGH" },
	{ __GFP_ATOMIC, "__GFP_ATOMIC" },
	{ __GFP_IO, "__GFP_IO" },
	{ __GFP_FS, "__GFP_FS" },
	{ __GFP_NOWARN, "__GFP_NOWARN" },
	{ __GFP_RETRY_MAYFAIL, "__GFP_RETRY_MAYFAIL" },
	{ __GFP_NOFAIL, "__GFP_NOFAIL" },
	{ __GFP_NORETRY, "__GFP_NORETRY" },
	{ __GFP_COMP, "__GFP_COMP" },
	{ __GFP_ZERO, "__GFP_ZERO" },
	{ __GFP_NOMEMALLOC, "__GFP_NOMEMALLOC" },
	{ __GFP_MEMALLOC, "__GFP_MEMALLOC" },
	{ __GFP_HARDWALL, "__GFP_HARDWALL" },
	{ __GFP_THISNODE, "__GFP_THISNODE" },
	{ __GFP_RECLAIMABLE, "__GFP_RECLAIMABLE" },
	{ __GFP_MOVABLE, "__GFP_MOVABLE" },
	{ __GFP_ACCOUNT, "__GFP_ACCOUNT" },
	{ __GFP_WRITE, "__GFP_WRITE" },
	{ __GFP_RECLAIM, "__GFP_RECLAIM" },
	{ __GFP_DIRECT_RECLAIM, "__GFP_DIRECT_RECLAIM" },
	{ __GFP_KSWAPD_RECLAIM, "__GFP_KSWAPD_RECLAIM" },
	{ __GFP_ZEROTAGS, "__GFP_ZEROTAGS" },
};

/**
 * gfp_format - write @gfp's flag names, '|'-separated, into @buf.
 * @buf: the output, NUL-terminated (truncated if @size is too small)
 * @size: its size; GFP_FORMAT_LEN holds any mask
 * @gfp: the mask; 0 prints nothing, as Linux does
 *
 * Context: any.
 * Return: the length of the full text (as snprintf()).
 */
size_t gfp_format(char *buf, size_t size, gfp_t gfp)
{
	size_t len = 0;

	if (size)
		buf[0] = '\0';
	for (size_t i = 0; i < ARRAY_SIZE(gfp_names); i++) {
		gfp_t m = gfp_names[i].mask;

		if ((gfp & m) != m)
			continue;
		len += snprintf(buf + MIN(len, size), size - MIN(len, size),
				"%s%s", len ? "|" : "", gfp_names[i].name);
		gfp &= ~m;
	}
	if (gfp)
		len += snprintf(buf + MIN(len, size), size - MIN(len, size),
				"%s%#x", len ? "|" : "", gfp);
	return len;
}

/* The table's mask named by the @len bytes at @s, or 0. */
static gfp_t gfp_lookup(const char *s, size_t len)
{
	for (size_t i = 0; i < ARRAY_SIZE(gfp_names); i++)
		if (strlen(gfp_names[i].name) == len &&
		    !strncmp(gfp_names[i].name, s, len))
			return gfp_names[i].mask;
	return 0;
}

/**
 * gfp_parse - the mask a text of '|'-separated flag names gives, as
 * gfp_format() prints it ("GFP_KERNEL|__GFP_NORETRY").
 * @s: the text, NUL-terminated; no spaces, no hex
 * @out: set to the mask on success
 *
 * Context: any.
 * Return: 0; -EINVAL for an empty text, an empty or unknown name.
 */
int gfp_parse(const char *s, gfp_t *out)
{
	gfp_t gfp = 0;

	for (;;) {
		const char *bar = strchr(s, '|');
		size_t len = bar ? (size_t)(bar - s) : strlen(s);
		gfp_t m = gfp_lookup(s, len);

		if (!m)
			return -EINVAL;
		gfp |= m;
		if (!bar)
			break;
		s = bar + 1;
	}
	*out = gfp;
	return 0;
}
