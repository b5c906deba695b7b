# SPDX-License-Identifier: MIT
# Linux 6.1's cgroup selftests (included by the Makefile; docs/selftests.md):
# tools/selftests.sh builds them from Debian's linux-source-6.1 into
# BUILD/selftests with their own initramfs, and the ISO the runner's
# cgroup-selftests row boots packs it with the kernel.

SELFTESTS_DIR := $(BUILD)/selftests
SELFTESTS_ISO := $(BUILD)/oomlab-selftests.iso
# The command line is the plan row's (tools/oomlab/plan.py).
SELFTESTS_CMDLINE := ktest.filter=ksft_cgroup root=/dev/vda rw

$(SELFTESTS_DIR)/initrd.cpio: tools/selftests.sh tools/mkinitrd.py \
		tools/oomlab/ext2_image.py | deps-auto
	$(Q)tools/selftests.sh $(SELFTESTS_DIR)

$(SELFTESTS_ISO): $(BUILD)/kernel.elf $(SELFTESTS_DIR)/initrd.cpio \
		iso/grub.cfg tools/mkiso.sh
	@$(if $(Q),echo "  ISO     $@")
	$(Q)OOMLAB_INITRD=$(SELFTESTS_DIR)/initrd.cpio tools/mkiso.sh $(BUILD) \
		$@ '$(SELFTESTS_CMDLINE)'
