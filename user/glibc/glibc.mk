# SPDX-License-Identifier: MIT
# Static glibc builds of user programs (included by user/Makefile).
#
# NAME-glibc, for NAME in GLIBC_RT_PROGS, is user/NAME.c unchanged, built
# against Debian's glibc (gcc -static -pthread) instead of the runtime:
# user/glibc/rt/tcb.h shadows the runtime's tcb (glibc owns %fs) and
# rt_glibc.c maps the runtime's threads onto pthreads; the rest of the
# runtime's helpers (options, errno names, mincore, clocks) are compiled
# against glibc as they are. NAME-glibc for NAME in GLIBC_PROGS is
# user/glibc/NAME.c, a plain glibc program. Each goes into the initramfs
# as /bin/NAME-glibc.

GB             := $(UB)/glibc
GLIBC_RT_PROGS := hog bystander
GLIBC_PROGS    := gthreads glimits grobust gmmapsync gsock gstrace gexecrobust \
	gclock gsendfile gtcprecv
GLIBC_BINS     := $(patsubst %,$(UB)/%-glibc,$(GLIBC_RT_PROGS) $(GLIBC_PROGS))
GLIBC_INITRD   := $(foreach p,$(GLIBC_RT_PROGS) $(GLIBC_PROGS),\
	bin/$(p)-glibc=$(UB)/$(p)-glibc)

programs: $(GLIBC_BINS)

GCFLAGS := -std=gnu11 -O2 -Wall -Wextra -Werror -Wstrict-prototypes \
	-Wno-unused-parameter -pthread -I$(ROOT)/user/glibc -I$(ROOT)/user \
	-MMD -MP
GLDFLAGS := -static -pthread -Wl,--build-id=none
GRT_OBJS := $(patsubst %,$(GB)/rt/%.c.o,args errno mem time) \
	$(GB)/rt_glibc.c.o

$(GB)/rt/%.c.o: $(ROOT)/user/rt/%.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  GCC     user/rt/$*.c (glibc)")
	$(Q)$(CC) $(GCFLAGS) -c $< -o $@

$(GB)/prog/%.c.o: $(ROOT)/user/%.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  GCC     user/$*.c (glibc)")
	$(Q)$(CC) $(GCFLAGS) -c $< -o $@

$(GB)/%.c.o: $(ROOT)/user/glibc/%.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  GCC     user/glibc/$*.c")
	$(Q)$(CC) $(GCFLAGS) -c $< -o $@

$(patsubst %,$(UB)/%-glibc,$(GLIBC_RT_PROGS)): $(UB)/%-glibc: \
		$(GB)/prog/%.c.o $(GRT_OBJS)
	@$(if $(Q),echo "  GLD     user/$*-glibc")
	$(Q)$(CC) $(GLDFLAGS) -o $@ $^

$(patsubst %,$(UB)/%-glibc,$(GLIBC_PROGS)): $(UB)/%-glibc: $(GB)/%.c.o
	@$(if $(Q),echo "  GLD     user/$*-glibc")
	$(Q)$(CC) $(GLDFLAGS) -o $@ $^

.SECONDARY: $(GRT_OBJS) $(patsubst %,$(GB)/prog/%.c.o,$(GLIBC_RT_PROGS)) \
	$(patsubst %,$(GB)/%.c.o,$(GLIBC_PROGS))
