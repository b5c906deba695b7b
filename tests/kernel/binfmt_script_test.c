// SPDX-License-Identifier: MIT
/*
 * binfmt_script_parse() on the "#!" lines Linux 6.1's load_script()
 * distinguishes: the interpreter alone; one argument that keeps its
 * inner spaces and loses the trailing ones; leading spaces and tabs;
 * "#!" with no name (-ENOEXEC); not a script (-ENOEXEC); a line longer
 * than BINPRM_BUF_SIZE whose name ends inside the buffer (the argument
 * is cut) or does not (-ENOEXEC); a short file without a newline.
 */
#include "kernel/binfmt_script.h"
#include "kernel/ktest.h"
#include "lib/errno.h"
#include "lib/string.h"

static char buf[BINPRM_BUF_SIZE];

/* @text as the file's head: the buffer NUL-padded past it. */
static int parse(const char *text, struct binfmt_script *sc)
{
	size_t n = strlen(text);

	memset(buf, 0, sizeof(buf));
	memcpy(buf, text, n < sizeof(buf) ? n : sizeof(buf));
	return binfmt_script_parse(buf, sc);
}

static void binfmt_script_lines(struct ktest *t)
{
	struct binfmt_script sc;

	KTEST_ASSERT_EQ(t, parse("#!/bin/sh\necho hi\n", &sc), 0);
	KTEST_EXPECT_STREQ(t, sc.name, "/bin/sh");
	KTEST_EXPECT_NULL(t, sc.arg);
	KTEST_ASSERT_EQ(t, parse("#! \t/bin/i  -a  b \t\nrest", &sc), 0);
	KTEST_EXPECT_STREQ(t, sc.name, "/bin/i");
	KTEST_EXPECT_STREQ(t, sc.arg, "-a  b");
	KTEST_ASSERT_EQ(t, parse("#!/bin/i \n", &sc), 0);
	KTEST_EXPECT_STREQ(t, sc.name, "/bin/i");
	KTEST_EXPECT_NULL(t, sc.arg);
	KTEST_ASSERT_EQ(t, parse("#!/bin/x", &sc), 0);	/* no newline */
	KTEST_EXPECT_STREQ(t, sc.name, "/bin/x");
	KTEST_EXPECT_NULL(t, sc.arg);
	KTEST_EXPECT_EQ(t, parse("#!\n/bin/sh", &sc), -ENOEXEC);
	KTEST_EXPECT_EQ(t, parse("#!   \t \n", &sc), -ENOEXEC);
	KTEST_EXPECT_EQ(t, parse("\x7f" "ELF", &sc), -ENOEXEC);
	KTEST_EXPECT_EQ(t, parse("#/bin/sh\n", &sc), -ENOEXEC);
}

/* Lines longer than the buffer: only the argument may be cut. */
static void binfmt_script_long_lines(struct ktest *t)
{
	static char line[BINPRM_BUF_SIZE + 64];
	struct binfmt_script sc;

	memset(line, 'a', sizeof(line) - 1);
	memcpy(line, "#!/bin/i ", 9);
	KTEST_ASSERT_EQ(t, parse(line, &sc), 0);
	KTEST_EXPECT_STREQ(t, sc.name, "/bin/i");
	/* From after the space to the buffer's last byte, which is cut. */
	KTEST_EXPECT_EQ(t, strlen(sc.arg), BINPRM_BUF_SIZE - 9 - 1);
	memset(line, 'a', sizeof(line) - 1);
	memcpy(line, "#!/", 3);		/* a name that may go on */
	KTEST_EXPECT_EQ(t, parse(line, &sc), -ENOEXEC);
}

KTEST_SUITE(binfmt_script,
	    KTEST_CASE(binfmt_script_lines),
	    KTEST_CASE(binfmt_script_long_lines));
