// SPDX-License-Identifier: MIT
/*
 * /sys/kernel/oomlab/oom_reaper: reads the reaper designs with the
 * current one in brackets; a name (white space around stripped)
 * switches the design new victims are queued under, as oom.reaper= does
 * at boot; anything else is -EINVAL and changes nothing.
 */
#include "fs/oomlabfs.h"
#include "kernel/ktest.h"
#include "lib/errno.h"
#include "lib/format.h"
#include "lib/string.h"
#include "mm/oom_reaper.h"
#include "tests/fs/fs_test_util.h"

static void oomlabfs_oom_reaper(struct ktest *t)
{
	static const char *const file = OOMLABFS_MOUNT "/oom_reaper";
	enum oom_reaper_design was = oom_reaper_get_design();
	char buf[128], want[128] = "";

	for (int i = 0; i < OOM_REAPER_NR_DESIGNS; i++)
		snprintf(want + strlen(want), sizeof(want) - strlen(want),
			 i == (int)was ? "%s[%s]" : "%s%s", i ? " " : "",
			 oom_reaper_design_names[i]);
	strlcpy(want + strlen(want), "\n", sizeof(want) - strlen(want));
	KTEST_EXPECT_GT(t, ft_slurp(file, buf, sizeof(buf)), 0);
	KTEST_EXPECT_STREQ(t, buf, want);
	KTEST_EXPECT_EQ(t, ft_put(file, "rp419\n"), 6);
	KTEST_EXPECT_EQ(t, oom_reaper_get_design(), OOM_REAPER_RP419);
	KTEST_EXPECT_GT(t, ft_slurp(file, buf, sizeof(buf)), 0);
	KTEST_EXPECT_STREQ(t, buf,
			   "none rp414 rp417 [rp419] rpr rph rpmod oomlab\n");
	KTEST_EXPECT_EQ(t, ft_put(file, "rp41"), -EINVAL);
	KTEST_EXPECT_EQ(t, ft_put(file, "oomlab2"), -EINVAL);
	KTEST_EXPECT_EQ(t, ft_put(file, ""), -EINVAL);
	KTEST_EXPECT_EQ(t, oom_reaper_get_design(), OOM_REAPER_RP419);
	KTEST_EXPECT_EQ(t, ft_put(file, " oomlab "), 8);
	KTEST_EXPECT_EQ(t, oom_reaper_get_design(), OOM_REAPER_OOMLAB);
	oom_reaper_set_design(was);
}

KTEST_SUITE(oomlabfs, KTEST_CASE(oomlabfs_oom_reaper));
