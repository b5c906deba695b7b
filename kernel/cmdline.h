/* SPDX-License-Identifier: MIT */
/*
 * Kernel command line: "key=value key2 key3=value". Each parameter is
 * declared where it is used with one of the KPARAM_* macros, which puts a
 * typed descriptor into the "kparams" linker section. cmdline_parse()
 * walks the words; an unknown key or a bad value prints a warning naming
 * the key, the value and what was expected, and the default stays.
 *
 *   static u64 hz = 1000;
 *   KPARAM_UINT(hz, "hz", &hz, 100, 10000, "timer ticks per second");
 *
 * Values: UINT/INT take decimal, 0x hex, 0 octal, with K/M/G suffixes
 * (INT also a leading '-'); BOOL takes 1/0/y/n/yes/no/on/off/true/false
 * in any case, and a bare key means true; STRING copies up to its buffer
 * size (longer is an error); ENUM takes one of a NULL-terminated list of
 * names and stores its index. A value in double quotes may hold spaces:
 * key="a b". A key given twice: the last one wins.
 */
#ifndef KERNEL_CMDLINE_H
#define KERNEL_CMDLINE_H

#include "lib/types.h"

enum kparam_type {
	KPARAM_TYPE_BOOL,
	KPARAM_TYPE_UINT,	/* unsigned, any width */
	KPARAM_TYPE_INT,	/* signed, any width */
	KPARAM_TYPE_STRING,	/* char[size] */
	KPARAM_TYPE_ENUM,	/* index into choices, any width */
};

/*
 * @size is the size of the variable: the buffer of a STRING, and for the
 * other types the width of the integer the value is stored in (1, 2, 4 or
 * 8 bytes), so a parameter can target an existing int or bool directly.
 */
struct kparam {
	const char *name;
	enum kparam_type type;
	void *value;
	u64 umin, umax;			/* UINT: inclusive bounds */
	s64 min, max;			/* INT: inclusive bounds */
	size_t size;
	const char *const *choices;	/* ENUM: NULL-terminated */
	const char *help;
};

#define __KPARAM(id, ...)						\
	static const struct kparam id##_kparam = { __VA_ARGS__ };	\
	static const struct kparam *const id##_kparam_ptr		\
		__attribute__((used, section("kparams"))) = &id##_kparam

/* Integer-valued parameters store into 1, 2, 4 or 8 bytes. */
#define __KPARAM_INT_VAR(id, var)					\
	_Static_assert(sizeof(*(var)) == 1 || sizeof(*(var)) == 2 ||	\
		       sizeof(*(var)) == 4 || sizeof(*(var)) == 8,	\
		       "kparam " #id ": variable must be 1, 2, 4 or 8 bytes")

#define KPARAM_BOOL(id, pname, var, help_)				\
	__KPARAM_INT_VAR(id, var);					\
	__KPARAM(id, .name = pname, .type = KPARAM_TYPE_BOOL,		\
		 .value = (var), .size = sizeof(*(var)), .help = help_)
#define KPARAM_UINT(id, pname, var, lo, hi, help_)			\
	__KPARAM_INT_VAR(id, var);					\
	__KPARAM(id, .name = pname, .type = KPARAM_TYPE_UINT,		\
		 .value = (var), .size = sizeof(*(var)),		\
		 .umin = (lo), .umax = (hi), .help = help_)
#define KPARAM_INT(id, pname, var, lo, hi, help_)			\
	__KPARAM_INT_VAR(id, var);					\
	__KPARAM(id, .name = pname, .type = KPARAM_TYPE_INT,		\
		 .value = (var), .size = sizeof(*(var)),		\
		 .min = (lo), .max = (hi), .help = help_)
#define KPARAM_STRING(id, pname, buf, help_)				\
	__KPARAM(id, .name = pname, .type = KPARAM_TYPE_STRING,		\
		 .value = (buf), .size = sizeof(buf), .help = help_)
#define KPARAM_ENUM(id, pname, var, names, help_)			\
	__KPARAM_INT_VAR(id, var);					\
	__KPARAM(id, .name = pname, .type = KPARAM_TYPE_ENUM,		\
		 .value = (var), .size = sizeof(*(var)),		\
		 .choices = (names), .help = help_)

/* Parse @cmdline, setting every known parameter; returns the number of
 * words that were rejected (unknown key or bad value). */
unsigned int cmdline_parse(const char *cmdline);

/* Parse against an explicit table (host tests use their own tables). */
unsigned int cmdline_parse_table(const char *cmdline,
				 const struct kparam *const *params,
				 size_t nparams);

/* Print every parameter with its current value and help text. */
void cmdline_print_params(void);

#endif
