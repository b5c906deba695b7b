// SPDX-License-Identifier: MIT
/*
 * The real boot archive (build/initrd.cpio, GRUB module "initrd"): it
 * unpacks, holds every user program as a regular executable file, and
 * each of them passes elf_parse() with a writable segment whose memsz
 * exceeds its filesz (the bss); at least one such segment starts at a
 * file offset that is not page-aligned (the shape exec must handle: where
 * it lands depends on each program's size, so no single program is
 * required to have it).
 */
#include "kernel/elf.h"
#include "kernel/initramfs.h"
#include "kernel/ktest.h"
#include "kernel/multiboot2.h"

static const char *const programs[] = {
	"/bin/hog", "/bin/bystander", "/bin/sysfuzz", "/bin/rtcheck",
};

static void initramfs_boot_archive_has_programs(struct ktest *t)
{
	if (!multiboot2_boot_info())
		KTEST_SKIP(t, "no boot information");
	KTEST_ASSERT_EQ(t, initramfs_init(), 0);
	KTEST_EXPECT_GE(t, initramfs_count(), ARRAY_SIZE(programs) + 1);
	for (size_t i = 0; i < ARRAY_SIZE(programs); i++) {
		const struct initramfs_file *f = initramfs_lookup(programs[i]);

		if (!KTEST_EXPECT_NOT_NULL(t, f)) {
			ktest_log(t, "missing %s", programs[i]);
			continue;
		}
		KTEST_EXPECT(t, initramfs_is_reg(f));
		KTEST_EXPECT_EQ(t, f->mode & 0111, 0111);
	}
	KTEST_EXPECT_NULL(t, initramfs_lookup("/bin/nonexistent"));
	KTEST_EXPECT_NOT_NULL(t, initramfs_lookup("bin"));
}

static void initramfs_boot_programs_are_loadable(struct ktest *t)
{
	static struct elf_image img;
	unsigned int unaligned = 0;

	if (!multiboot2_boot_info())
		KTEST_SKIP(t, "no boot information");
	for (size_t i = 0; i < ARRAY_SIZE(programs); i++) {
		const struct initramfs_file *f = initramfs_lookup(programs[i]);
		bool bss = false;

		if (!KTEST_EXPECT_NOT_NULL(t, f))
			continue;
		if (!KTEST_EXPECT_EQ(t, elf_parse(f->data, f->size, &img), 0)) {
			ktest_log(t, "%s rejected", programs[i]);
			continue;
		}
		KTEST_EXPECT_EQ_U(t, img.lo, 0x400000);
		KTEST_EXPECT_NE(t, img.phdr_addr, 0);
		for (unsigned int s = 0; s < img.nseg; s++) {
			if (!(img.seg[s].prot & ELF_PROT_WRITE) ||
			    img.seg[s].memsz <= img.seg[s].filesz)
				continue;
			bss = true;
			unaligned += img.seg[s].offset % 4096 != 0;
		}
		KTEST_EXPECT(t, bss);
	}
	KTEST_EXPECT_GT(t, unaligned, 0);
}

KTEST_SUITE(initramfs_boot,
	    KTEST_CASE(initramfs_boot_archive_has_programs),
	    KTEST_CASE(initramfs_boot_programs_are_loadable));
