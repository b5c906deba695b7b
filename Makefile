# SPDX-License-Identifier: MIT
# oomlab build. `make` builds build/kernel.elf and the two ISOs;
# `make run`, `make test`, `make bench`, `make deps` as in README.md.

BUILD   := build
CC      := gcc
LD      := ld
PYTHON  := python3
GCC_INC := $(shell $(CC) -print-file-name=include)

# V=1 shows full commands; DEBUG=0 builds without the allocator debug checks.
V       ?= 0
DEBUG   ?= 1
Q       := $(if $(filter 1,$(V)),,@)
DEFS    := $(if $(filter 1,$(DEBUG)),-DCONFIG_DEBUG=1,)

WARN    := -Wall -Wextra -Werror -Wstrict-prototypes -Wno-unused-parameter
KCFLAGS := -std=gnu11 -O2 -g $(WARN) -ffreestanding -fno-stack-protector \
	-fno-pic -fno-pie -mno-red-zone -mcmodel=kernel -mgeneral-regs-only \
	-fno-omit-frame-pointer -fno-optimize-sibling-calls -fno-builtin -nostdinc -isystem $(GCC_INC) \
	$(DEFS) -I. -Iarch/x86_64/include -MMD -MP $(EXTRA_KCFLAGS)
KASFLAGS := $(DEFS) -I. -Iarch/x86_64/include -D__ASSEMBLER__ -MMD -MP
KLDFLAGS := -nostdlib -static -z max-page-size=4096 -z noexecstack \
	--no-warn-rwx-segments -T linker.ld

# Every .c/.S under the kernel's directories is part of the kernel; tests/
# goes in whole except tests/host (the host harness) and tests/tools.
KSRCS := $(wildcard arch/x86_64/*.c arch/x86_64/*.S kernel/*.c mm/*.c lib/*.c \
	drivers/*.c fs/*.c block/*.c) \
	$(filter-out tests/host/% tests/tools/%, \
		$(shell find tests -name '*.c' 2>/dev/null | sort))
KOBJS := $(patsubst %,$(BUILD)/k/%.o,$(KSRCS)) $(BUILD)/k/font/fb_font.c.o
# net/ and lwIP (fetched into the build directory): net/lwip.mk.
include net/lwip.mk

# The screen console's font: a PSF console font from Debian's
# console-setup-linux (tools/deps.sh installs it), turned into C in the
# build directory; never committed.
FONT_PSF := /usr/share/consolefonts/Lat15-VGA16.psf.gz

# Host unit tests: pure logic only, with the sanitizers. The list is
# derived: a test tests/DIR/NAME_test.c that is not a *_boot_test.c (those
# need the machine) runs on the host, and so does the DIR/NAME.c it tests.
# Adding foo.c with tests/.../foo_test.c needs no edit here. Besides
# those: the harness (tests/host, the arch/host shim, kernel/ktest.c and
# the printk, time, cmdline, format and string code it uses), and
# kernel/runqueue.c, whose test is named for the scheduler it serves
# (tests/kernel/sched_runqueue_test.c).
HOST_CFLAGS := -std=gnu11 -O1 -g $(WARN) -fsanitize=address,undefined \
	-fno-omit-frame-pointer -fno-sanitize-recover=all -DHOST_BUILD $(DEFS) \
	-Dvsnprintf=k_vsnprintf -Dsnprintf=k_snprintf \
	-I. -Iarch/host/include -MMD -MP
HOST_TESTS := $(filter-out %_boot_test.c tests/host/% tests/tools/%, \
	$(shell find tests -name '*_test.c' 2>/dev/null | sort))
HOST_TESTED := $(wildcard $(patsubst tests/%_test.c,%.c,$(HOST_TESTS)))
HOST_SUPPORT := $(wildcard tests/host/*.c arch/host/*.c) kernel/ktest.c \
	kernel/printk.c kernel/time.c kernel/cmdline.c lib/format.c \
	lib/string.c kernel/runqueue.c
HOST_SRCS := $(sort $(HOST_SUPPORT) $(HOST_TESTED)) $(HOST_TESTS)
HOST_OBJS := $(patsubst %,$(BUILD)/host/%.o,$(HOST_SRCS))

# The full plan runs to the end so one failure does not hide the others.
TEST_ARGS ?= --keep-going

.PHONY: shell test-shell all run test bench profile scenarios report matrix test-matrix deps deps-auto host-test clean check-style lava-check FORCE
# The first rule is the default goal: plain `make` builds what README.md
# says (the kernel, the users' ISO and the runner's ISO).
ISOS := $(BUILD)/oomlab.iso $(BUILD)/oomlab-test.iso
all: $(BUILD)/kernel.elf $(ISOS) $(BUILD)/disk/ext2.img
FORCE:

# What the build needs is installed before anything is compiled (a file
# check when everything is there).
deps-auto:
	@tools/deps.sh --check-only || tools/deps.sh
$(KOBJS) $(HOST_OBJS) $(BUILD)/initrd.cpio $(ISOS): | deps-auto

# Each link also depends on its list of objects, rewritten only when the
# list changes: a deleted source then relinks without its object.
$(BUILD)/k/objs.list: FORCE
	$(call write_if_changed,$(KOBJS))
$(BUILD)/host/objs.list: FORCE
	$(call write_if_changed,$(HOST_OBJS))
define write_if_changed
	@mkdir -p $(dir $@)
	@echo '$(1)' | cmp -s - $@ || echo '$(1)' > $@
endef

$(BUILD)/k/%.c.o: %.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(KCFLAGS) -c $< -o $@

$(BUILD)/font/fb_font.c: tools/psf2c.py tools/oomlab/psf.py | deps-auto
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  FONT    $@")
	$(Q)$(PYTHON) tools/psf2c.py $(FONT_PSF) $@

$(BUILD)/k/font/fb_font.c.o: $(BUILD)/font/fb_font.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(KCFLAGS) -c $< -o $@

$(BUILD)/k/%.S.o: %.S
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  AS      $<")
	$(Q)$(CC) $(KASFLAGS) -c $< -o $@

# Symbols after .ksyms may move when the table grows; none of them is code.
KSYMS_MOVABLE := ksym_table|__kernel_(phys_)?end$$
# Two-pass link: the first image has an empty symbol table; its symbols
# become the table of the second. .ksyms is placed last, so nothing moves.
$(BUILD)/kernel.elf: $(KOBJS) $(BUILD)/k/objs.list linker.ld tools/gensyms.py
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(PYTHON) tools/gensyms.py - > $(BUILD)/ksyms0.S
	$(Q)$(CC) $(KASFLAGS) -c $(BUILD)/ksyms0.S -o $(BUILD)/ksyms0.o
	$(Q)$(LD) $(KLDFLAGS) -o $(BUILD)/kernel.pass1.elf $(KOBJS) $(BUILD)/ksyms0.o
	$(Q)nm -n --defined-only $(BUILD)/kernel.pass1.elf > $(BUILD)/kernel.pass1.nm
	$(Q)$(PYTHON) tools/gensyms.py $(BUILD)/kernel.pass1.nm > $(BUILD)/ksyms.S
	$(Q)$(CC) $(KASFLAGS) -c $(BUILD)/ksyms.S -o $(BUILD)/ksyms.o
	$(Q)$(LD) $(KLDFLAGS) -o $@ $(KOBJS) $(BUILD)/ksyms.o
	$(Q)nm -n --defined-only $@ | grep -Ev '$(KSYMS_MOVABLE)' | cmp -s - \
		<(grep -Ev '$(KSYMS_MOVABLE)' $(BUILD)/kernel.pass1.nm) || \
		{ echo "symbol table link moved symbols"; rm -f $@; exit 1; }

# User programs and the initramfs (build/user/*, build/initrd.cpio). FORCE:
# user/Makefile decides what is stale; the ISO is rebuilt only when the
# archive really changed.
$(BUILD)/initrd.cpio: FORCE
	$(Q)$(MAKE) --no-print-directory -f user/Makefile BUILD=$(BUILD) V=$(V)

# One mkiso.sh run writes both ISOs (a grouped target).
$(ISOS) &: $(BUILD)/kernel.elf $(BUILD)/initrd.cpio iso/grub.cfg iso/grub-usb.cfg tools/mkiso.sh
	@$(if $(Q),echo "  ISO     $(ISOS)")
	$(Q)tools/mkiso.sh $(BUILD)

# The ext2 disk the disk rows attach (tools/oomlab/ext2_disk.py runs
# Debian's mke2fs -d); the runner copies it for each boot.
$(BUILD)/disk/ext2.img: tools/oomlab/ext2_disk.py | deps-auto
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  MKE2FS  $@")
	$(Q)PYTHONPATH=tools $(PYTHON) -m oomlab.ext2_disk $@
# `make shell`: the users' ISO booted straight into its "shell" entry
# (rdinit=/init: busybox's sh as pid 1's child on the serial console),
# the serial port on this terminal. Ctrl-A X ends QEMU.
SHELL_ISO := $(BUILD)/oomlab-shell.iso
SHELL_QEMU := qemu-system-x86_64 -accel tcg -display none -monitor none \
	-chardev stdio,id=con,mux=on,signal=off -serial chardev:con -mon chardev=con \
	-m 1024 -smp 2 -device isa-debug-exit,iobase=0xf4,iosize=0x04
$(SHELL_ISO): $(BUILD)/kernel.elf $(BUILD)/initrd.cpio iso/grub-usb.cfg tools/mkiso.sh
	@$(if $(Q),echo "  ISO     $@")
	$(Q)tools/mkiso.sh --shell $(BUILD) $@
shell: $(SHELL_ISO)
	$(SHELL_QEMU) -cdrom $(SHELL_ISO)

# The shell ISO booted with a typed memory cgroup session
# (tests/tools/test_shell.py); not in `make test`: see that file.
test-shell: $(SHELL_ISO)
	OOMLAB_SHELL_TEST=1 OOMLAB_SHELL_ISO=$(abspath $(SHELL_ISO)) \
		$(PYTHON) -m unittest discover -s tests/tools -p test_shell.py -v

include mk/selftests.mk

$(BUILD)/host/%.c.o: %.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  HOSTCC  $<")
	$(Q)$(CC) $(HOST_CFLAGS) -c $< -o $@

$(BUILD)/ktest-host: $(HOST_OBJS) $(BUILD)/host/objs.list
	@$(if $(Q),echo "  HOSTLD  $@")
	$(Q)$(CC) $(HOST_CFLAGS) -o $@ $(HOST_OBJS)

host-test: $(BUILD)/ktest-host
	$(BUILD)/ktest-host

deps:
	@tools/deps.sh

# Dependencies first: on a fresh machine the build itself needs them.
run:
	@tools/deps.sh --check-only || tools/deps.sh
	$(MAKE) all
	$(PYTHON) tools/oomlab-run.py run --no-build $(RUN_ARGS)

# The release kernel (make bench's) is built too: code under
# CONFIG_DEBUG guards can break it while every debug boot passes.
test:
	@tools/deps.sh --check-only || tools/deps.sh
	$(MAKE) all $(BUILD)/ktest-host $(SELFTESTS_ISO)
	$(MAKE) BUILD=$(BUILD)/bench DEBUG=0 all
	$(PYTHON) tools/oomlab-run.py test $(TEST_ARGS)

# Benchmarks measure the kernel users run, without the debug checks
# (page poisoning, redzones), in a build directory of their own.
bench:
	@tools/deps.sh --check-only || tools/deps.sh
	$(MAKE) BUILD=$(BUILD)/bench DEBUG=0 all
	$(PYTHON) tools/oomlab-run.py bench --build-dir $(BUILD)/bench --no-build $(BENCH_ARGS)

# Profile boot-test cases in the bench kernel: PROFILE is a suite or
# suite.case glob; prints the top functions and writes a .folded file
# for flamegraph.pl (docs/profile.md).
PROFILE ?= bench_user_fault
profile:
	@tools/deps.sh --check-only || tools/deps.sh
	$(MAKE) BUILD=$(BUILD)/bench DEBUG=0 all
	$(PYTHON) tools/oomlab-run.py bench --build-dir $(BUILD)/bench --no-build \
		--mem 1024M --cmdline "ktest.filter=$(PROFILE) profile=$(PROFILE)" \
		$(BENCH_ARGS)
	$(PYTHON) tools/oomlab/profile.py --top 10 \
		--folded $(BUILD)/bench/profile.folded \
		$(BUILD)/bench/logs/bench-bios-cd.log

# The OOM scenarios under every design, booted with one CPU and with four;
# prints the design x scenario table of each boot (docs/scenarios.md);
# then the OOM reaper's scenarios under every reaper design, -smp 2 and 4,
# one boot per scheduler seed, and their table (docs/oom-reaper.md).
REAPER_SEEDS ?= 1 2 3
scenarios:
	@tools/deps.sh --check-only || tools/deps.sh
	$(MAKE) all
	for smp in 1 4; do \
		$(PYTHON) tools/oomlab-run.py run --no-build --smp $$smp \
			--cmdline 'ktest.filter=scenario*' $(RUN_ARGS) || exit 1; \
		cp $(BUILD)/logs/run-bios-cd.log \
			$(BUILD)/logs/scenarios-smp$$smp.log; \
	done
	for smp in 2 4; do for seed in $(REAPER_SEEDS); do \
		$(PYTHON) tools/oomlab-run.py run --no-build --smp $$smp \
			--cmdline "ktest.filter=reaper_scenario sched.seed=$$seed" \
			$(RUN_ARGS) || exit 1; \
		cp $(BUILD)/logs/run-bios-cd.log \
			$(BUILD)/logs/reaper-smp$$smp-seed$$seed.log; \
	done; done
	$(PYTHON) tools/oomlab/scenarios.py $(BUILD)/logs/scenarios-smp1.log \
		$(BUILD)/logs/scenarios-smp4.log \
		$(foreach smp,2 4,$(foreach seed,$(REAPER_SEEDS),\
			$(BUILD)/logs/reaper-smp$(smp)-seed$(seed).log))

# One HTML page from the logs (docs/report.md): the last run's and the
# scenarios' by default (the matrix's have their own page), REPORT_LOGS to
# choose. Debian's python3: the one python3-matplotlib is for.
DEBIAN_PYTHON := /usr/bin/python3
REPORT_LOGS ?= $(filter-out $(BUILD)/logs/matrix-%,\
			  $(wildcard $(BUILD)/logs/*.log))
report:
	@tools/deps.sh --check-only || tools/deps.sh
	cd tools && $(DEBIAN_PYTHON) -m oomlab.htmlreport \
		--out $(abspath $(BUILD))/report $(abspath $(REPORT_LOGS))

# Every scenario suite x CPU count x firmware, a QEMU each, all cores
# busy (MATRIX_ARGS="--jobs 1" to compare), merged into one report in
# BUILD/matrix (docs/report.md). Not part of `make test`.
matrix:
	@tools/deps.sh --check-only || tools/deps.sh
	$(MAKE) all
	cd tools && $(DEBIAN_PYTHON) -m oomlab.matrix \
		--build-dir $(abspath $(BUILD)) $(MATRIX_ARGS)

# The ISO as a USB stick on BIOS and UEFI x i440fx and q35 x 1-8 CPUs x
# 64 MiB-16 GiB, a QEMU each, all cores busy (docs/report.md); `make
# test` runs two corners of it. TEST_MATRIX_ARGS="--smp 1,8" to narrow.
test-matrix:
	@tools/deps.sh --check-only || tools/deps.sh
	$(MAKE) all
	cd tools && $(DEBIAN_PYTHON) -m oomlab.testmatrix \
		--build-dir $(abspath $(BUILD)) $(TEST_MATRIX_ARGS)

# The LAVA job for QEMU, run end to end by Debian's lava-dispatcher
# (lava-run, no server) on the runner ISO; LAVA's results must equal our
# KTAP parser's (docs/lava.md). About a minute; not part of `make test`.
lava-check:
	@tools/deps.sh --check-only || tools/deps.sh
	@command -v lava-run >/dev/null && command -v telnet >/dev/null || \
		apt-get install -y -qq --no-install-recommends lava-dispatcher telnet
	$(MAKE) all
	cd tools && $(PYTHON) -m oomlab.lava_check --build $(abspath $(BUILD))

check-style:
	tools/check-style.sh

clean:
	rm -rf $(BUILD)

SHELL := /bin/bash
-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
