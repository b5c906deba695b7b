# SPDX-License-Identifier: MIT
# lwIP 2.1.3, fetched from Debian's source package into build/lwip
# (tools/fetch-lwip.sh: the tarball's SHA256 checked against the .dsc apt
# verified) and compiled into the kernel with our flags; never committed.
# net/ and tests/net/ see lwIP's headers, net/lwipopts.h and the port.

LWIP_DIR   := $(BUILD)/lwip
LWIP_SRC   := $(LWIP_DIR)/src/src
LWIP_STAMP := $(LWIP_DIR)/src/.fetched
LWIP_INC   := -Inet -Inet/port -Inet/port/libc -I$(LWIP_SRC)/include

# The core with IPv4, ARP/Ethernet, DHCP, ICMP, raw, UDP and TCP, and the
# tcpip thread (api/tcpip.c); no IPv6, sockets or apps yet.
LWIP_FILES := core/def.c core/inet_chksum.c core/init.c core/ip.c \
	core/mem.c core/memp.c core/netif.c core/pbuf.c core/raw.c \
	core/stats.c core/sys.c core/tcp.c core/tcp_in.c core/tcp_out.c \
	core/timeouts.c core/udp.c core/ipv4/dhcp.c core/ipv4/etharp.c \
	core/ipv4/icmp.c core/ipv4/ip4.c core/ipv4/ip4_addr.c \
	core/ipv4/ip4_frag.c netif/ethernet.c api/tcpip.c api/err.c
LWIP_OBJS  := $(patsubst %,$(BUILD)/k/lwip/%.o,$(LWIP_FILES))

# Included above the Makefile's first rule: `make` alone still means all.
.DEFAULT_GOAL := all

NET_SRCS   := $(wildcard net/*.c net/port/*.c)
KOBJS      += $(patsubst %,$(BUILD)/k/%.o,$(NET_SRCS)) $(LWIP_OBJS)

$(LWIP_STAMP): tools/fetch-lwip.sh
	@$(if $(Q),echo "  FETCH   lwIP (apt-get source lwip)")
	$(Q)tools/fetch-lwip.sh $(LWIP_DIR)

# lwIP's own code is not ours to fix: its warnings stay warnings.
$(BUILD)/k/lwip/%.c.o: $(LWIP_STAMP)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      lwip/$*.c")
	$(Q)$(CC) $(KCFLAGS) -Wno-error $(LWIP_INC) -c $(LWIP_SRC)/$*.c -o $@

$(BUILD)/k/net/%.c.o $(BUILD)/k/tests/net/%.c.o: KCFLAGS += $(LWIP_INC)
$(patsubst %,$(BUILD)/k/%.o,$(NET_SRCS)) \
	$(patsubst %.c,$(BUILD)/k/%.c.o,$(wildcard tests/net/*.c)): | $(LWIP_STAMP)
