// SPDX-License-Identifier: MIT
/*
 * Kernel command line. The line is split into blank-separated words,
 * "key" or "key=value" (value optionally in double quotes); each key is
 * looked up among the parameters that KPARAM_*() put into the "kparams"
 * linker section, and the value is converted to the parameter's type.
 *
 * Invariant: a parameter's variable is written only once its whole value
 * has been parsed and range-checked, so a rejected word leaves the value
 * it had (its default, or what an earlier word set) untouched, and the
 * warning says which value stays.
 */
#include "kernel/cmdline.h"
#include "kernel/printk.h"
#include "lib/errno.h"
#include "lib/format.h"
#include "lib/string.h"

/* Defined by linker.ld in the kernel and by GNU ld for the host binary;
 * weak, so a binary that declares no parameter still links. */
extern const struct kparam *const __start_kparams[] __attribute__((weak));
extern const struct kparam *const __stop_kparams[] __attribute__((weak));

/* Parameters beyond this index are still parsed; their warnings just
 * cannot tell "default" from "set by an earlier word". */
#define CMDLINE_TRACKED_PARAMS	128
#define CMDLINE_TEXT_MAX	96	/* a value or expectation in a message */

static const char *const cmdline_bool_true[] = { "1", "y", "yes", "on",
						 "true", NULL };
static const char *const cmdline_bool_false[] = { "0", "n", "no", "off",
						  "false", NULL };

struct cmdline_word {
	const char *text;	/* the word as written, for messages */
	size_t len;
	const char *key;
	size_t key_len;
	const char *val;	/* without its quotes */
	size_t val_len;
	bool has_value;		/* "key=..." rather than a bare "key" */
	bool bad_quote;		/* an opening quote without its closing one */
};

static bool cmdline_is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Cut the next word out of *@pos; false at the end of the line. */
static bool cmdline_next_word(const char **pos, struct cmdline_word *w)
{
	const char *s = *pos;

	while (cmdline_is_blank(*s))
		s++;
	if (!*s)
		return false;
	*w = (struct cmdline_word){ .text = s, .key = s };
	while (*s && *s != '=' && !cmdline_is_blank(*s))
		s++;
	w->key_len = (size_t)(s - w->key);
	if (*s == '=') {
		w->has_value = true;
		w->val = ++s;
		if (*s == '"') {
			const char *close = strchr(s + 1, '"');

			w->val = s + 1;
			w->val_len = close ? (size_t)(close - w->val) : 0;
			s = close ? close + 1 : s + strlen(s);
			/* A closing quote must end the word: key="a"b is bad. */
			if (!close || (*s && !cmdline_is_blank(*s))) {
				w->bad_quote = true;
				while (*s && !cmdline_is_blank(*s))
					s++;
			}
		} else {
			while (*s && !cmdline_is_blank(*s))
				s++;
			w->val_len = (size_t)(s - w->val);
		}
	}
	w->len = (size_t)(s - w->text);
	*pos = s;
	return true;
}

static bool cmdline_word_is(const char *s, size_t len, const char *word,
			    bool any_case)
{
	size_t i;

	for (i = 0; i < len; i++) {
		char a = s[i], b = word[i];

		if (!b)
			return false;
		if (any_case && a >= 'A' && a <= 'Z')
			a = (char)(a - 'A' + 'a');
		if (a != b)
			return false;
	}
	return word[i] == '\0';
}

/* Index of @s in the NULL-terminated @list, or -1. */
static int cmdline_lookup(const char *const *list, const char *s, size_t len,
			  bool any_case)
{
	for (int i = 0; list && list[i]; i++)
		if (cmdline_word_is(s, len, list[i], any_case))
			return i;
	return -1;
}

static u64 cmdline_load(const struct kparam *p)
{
	switch (p->size) {
	case 1: return *(const u8 *)p->value;
	case 2: return *(const u16 *)p->value;
	case 4: return *(const u32 *)p->value;
	default: return *(const u64 *)p->value;
	}
}

/* A signed parameter's value, sign-extended from its width. */
static s64 cmdline_load_signed(const struct kparam *p)
{
	switch (p->size) {
	case 1: return *(const s8 *)p->value;
	case 2: return *(const s16 *)p->value;
	case 4: return *(const s32 *)p->value;
	default: return *(const s64 *)p->value;
	}
}

static void cmdline_store(const struct kparam *p, u64 v)
{
	switch (p->size) {
	case 1: *(u8 *)p->value = (u8)v; break;
	case 2: *(u16 *)p->value = (u16)v; break;
	case 4: *(u32 *)p->value = (u32)v; break;
	default: *(u64 *)p->value = v; break;
	}
}

/* The bounds a UINT may take: its declared ones, cut to its width. */
static void cmdline_uint_bounds(const struct kparam *p, u64 *lo, u64 *hi)
{
	u64 width_max = p->size >= 8 ? UINT64_MAX
				     : (1ULL << (8 * p->size)) - 1;

	*lo = p->umin;
	*hi = MIN(p->umax, width_max);
}

static void cmdline_int_bounds(const struct kparam *p, s64 *lo, s64 *hi)
{
	s64 width_max = p->size >= 8 ? INT64_MAX
				     : (s64)((1ULL << (8 * p->size - 1)) - 1);

	*lo = MAX(p->min, -width_max - 1);
	*hi = MIN(p->max, width_max);
}

/* What a parameter accepts, in words, for warnings and the listing. */
static void cmdline_describe(const struct kparam *p, char *buf, size_t size)
{
	size_t n;

	switch (p->type) {
	case KPARAM_TYPE_BOOL:
		snprintf(buf, size, "one of 1/0/y/n/yes/no/on/off/true/false");
		break;
	case KPARAM_TYPE_UINT: {
		u64 lo, hi;

		cmdline_uint_bounds(p, &lo, &hi);
		snprintf(buf, size, "an integer in [%llu, %llu]",
			 (unsigned long long)lo, (unsigned long long)hi);
		break;
	}
	case KPARAM_TYPE_INT: {
		s64 lo, hi;

		cmdline_int_bounds(p, &lo, &hi);
		snprintf(buf, size, "an integer in [%lld, %lld]",
			 (long long)lo, (long long)hi);
		break;
	}
	case KPARAM_TYPE_STRING:
		snprintf(buf, size, "a string of at most %zu characters",
			 p->size ? p->size - 1 : 0);
		break;
	case KPARAM_TYPE_ENUM:
		n = (size_t)snprintf(buf, size, "one of ");
		for (int i = 0; p->choices && p->choices[i] && n < size; i++)
			n += (size_t)snprintf(buf + n, size - n, "%s%s",
					      i ? "|" : "", p->choices[i]);
		break;
	}
}

/* The current value as the user would write it. */
static void cmdline_format_value(const struct kparam *p, char *buf,
				 size_t size)
{
	u64 v;

	switch (p->type) {
	case KPARAM_TYPE_BOOL:
		snprintf(buf, size, "%s", cmdline_load(p) ? "true" : "false");
		break;
	case KPARAM_TYPE_UINT:
		snprintf(buf, size, "%llu", (unsigned long long)cmdline_load(p));
		break;
	case KPARAM_TYPE_INT:
		snprintf(buf, size, "%lld", (long long)cmdline_load_signed(p));
		break;
	case KPARAM_TYPE_STRING:
		snprintf(buf, size, "'%s'", (const char *)p->value);
		break;
	case KPARAM_TYPE_ENUM:
		v = cmdline_load(p);
		for (u64 i = 0; p->choices && p->choices[i]; i++) {
			if (i == v) {
				snprintf(buf, size, "%s", p->choices[i]);
				return;
			}
		}
		snprintf(buf, size, "#%llu", (unsigned long long)v);
		break;
	}
}

/*
 * Convert @w's value for @p and store it. Return: 0; -ENOENT when a value
 * is needed but missing; -ERANGE when a number is outside the bounds;
 * -EINVAL for anything else malformed.
 */
static int cmdline_set(const struct kparam *p, const struct cmdline_word *w)
{
	const char *v = w->val;
	size_t len = w->val_len;
	u64 u, lo, hi;
	s64 s, slo, shi;
	int err, i;

	if (w->bad_quote)
		return -EINVAL;
	if (!w->has_value && p->type != KPARAM_TYPE_BOOL)
		return -ENOENT;
	switch (p->type) {
	case KPARAM_TYPE_BOOL:
		if (!w->has_value || cmdline_lookup(cmdline_bool_true, v, len,
						    true) >= 0)
			cmdline_store(p, 1);
		else if (cmdline_lookup(cmdline_bool_false, v, len, true) >= 0)
			cmdline_store(p, 0);
		else
			return -EINVAL;
		return 0;
	case KPARAM_TYPE_UINT:
		err = str_to_u64(v, len, &u);
		if (err)
			return err;
		cmdline_uint_bounds(p, &lo, &hi);
		if (u < lo || u > hi)
			return -ERANGE;
		cmdline_store(p, u);
		return 0;
	case KPARAM_TYPE_INT:
		err = str_to_s64(v, len, &s);
		if (err)
			return err;
		cmdline_int_bounds(p, &slo, &shi);
		if (s < slo || s > shi)
			return -ERANGE;
		cmdline_store(p, (u64)s);
		return 0;
	case KPARAM_TYPE_STRING:
		if (len >= p->size)
			return -EINVAL;
		memcpy(p->value, v, len);
		((char *)p->value)[len] = '\0';
		return 0;
	case KPARAM_TYPE_ENUM:
		i = cmdline_lookup(p->choices, v, len, false);
		if (i < 0)
			return -EINVAL;
		cmdline_store(p, (u64)i);
		return 0;
	}
	return -EINVAL;
}

static void cmdline_warn_value(const struct kparam *p,
			       const struct cmdline_word *w, int err,
			       bool was_set)
{
	char expected[CMDLINE_TEXT_MAX], current[CMDLINE_TEXT_MAX];
	const char *what = err == -ERANGE ? "value out of range" :
			   err == -ENOENT ? "missing value" :
			   w->bad_quote ? "badly quoted value" : "bad value";
	/* The value as written: quotes included when they are the problem. */
	const char *val = w->bad_quote ? w->key + w->key_len + 1 : w->val;
	int val_len = w->bad_quote ? (int)(w->text + w->len - val)
				   : (int)w->val_len;

	cmdline_describe(p, expected, sizeof(expected));
	cmdline_format_value(p, current, sizeof(current));
	if (err == -ENOENT)
		pr_warn("cmdline: %s: %s (expected %s); keeping %s%s\n",
			p->name, what, expected, was_set ? "" : "default ",
			current);
	else
		pr_warn("cmdline: %s: %s '%.*s' (expected %s); keeping %s%s\n",
			p->name, what, val_len, val, expected,
			was_set ? "" : "default ", current);
}

/**
 * cmdline_parse_table - apply a command line to a table of parameters.
 * @cmdline: the line; NULL is taken as empty
 * @params: the parameters that may be set
 * @nparams: how many
 *
 * Each word sets the first parameter of that name; an unknown key or a
 * bad value is reported with pr_warn() and changes nothing.
 *
 * Context: boot, single-threaded: writes the parameters' variables with
 * no lock.
 * Return: the number of words rejected (unknown key or bad value).
 */
unsigned int cmdline_parse_table(const char *cmdline,
				 const struct kparam *const *params,
				 size_t nparams)
{
	bool set[CMDLINE_TRACKED_PARAMS] = { false };
	const char *pos = cmdline ? cmdline : "";
	struct cmdline_word w;
	unsigned int rejected = 0;

	while (cmdline_next_word(&pos, &w)) {
		size_t i;
		int err;

		for (i = 0; i < nparams; i++)
			if (cmdline_word_is(w.key, w.key_len, params[i]->name,
					    false))
				break;
		if (i == nparams) {
			pr_warn("cmdline: unknown parameter '%.*s' ignored\n",
				(int)w.len, w.text);
			rejected++;
			continue;
		}
		err = cmdline_set(params[i], &w);
		if (err) {
			cmdline_warn_value(params[i], &w, err,
					   i >= CMDLINE_TRACKED_PARAMS || set[i]);
			rejected++;
		} else if (i < CMDLINE_TRACKED_PARAMS) {
			set[i] = true;
		}
	}
	return rejected;
}

static size_t cmdline_nparams(void)
{
	if (!__start_kparams)
		return 0;
	return (size_t)(__stop_kparams - __start_kparams);
}

/**
 * cmdline_parse - apply the kernel command line to every KPARAM_*().
 * @cmdline: the line from the boot loader; NULL is taken as empty
 *
 * Context: boot, single-threaded, before any parameter is read.
 * Return: the number of words rejected (unknown key or bad value).
 */
unsigned int cmdline_parse(const char *cmdline)
{
	return cmdline_parse_table(cmdline, __start_kparams, cmdline_nparams());
}

/**
 * cmdline_print_params - list every parameter, its value and its help.
 *
 * Context: any; reads the parameters without a lock.
 */
void cmdline_print_params(void)
{
	size_t n = cmdline_nparams();

	pr_info("cmdline: %zu parameters\n", n);
	for (size_t i = 0; i < n; i++) {
		const struct kparam *p = __start_kparams[i];
		char expected[CMDLINE_TEXT_MAX], current[CMDLINE_TEXT_MAX];

		cmdline_describe(p, expected, sizeof(expected));
		cmdline_format_value(p, current, sizeof(current));
		pr_info("  %s=%s: %s (%s)\n", p->name, current,
			p->help ? p->help : "", expected);
	}
}
