/* SPDX-License-Identifier: MIT */
/*
 * lwIP's compiler and platform definitions (lwip/arch.h includes this):
 * byte order, the diagnostic and assertion hooks, the format specifiers
 * lwIP's debug messages use (no <inttypes.h> in the kernel), and the
 * random numbers lwIP asks for (initial TCP sequence numbers, DHCP
 * transaction ids, local ports) and where its heap is.
 */
#ifndef NET_PORT_ARCH_CC_H
#define NET_PORT_ARCH_CC_H

#include <stddef.h>
#include <stdint.h>

#define BYTE_ORDER	LITTLE_ENDIAN

#define X8_F	"02x"
#define U16_F	"hu"
#define S16_F	"hd"
#define X16_F	"hx"
#define U32_F	"u"
#define S32_F	"d"
#define X32_F	"x"
#define SZT_F	"zu"

void net_port_diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void net_port_assert(const char *msg, const char *file, int line)
	__attribute__((noreturn));
uint32_t net_port_rand(void);
extern uint8_t *net_port_heap;

#define LWIP_PLATFORM_DIAG(x)	do { net_port_diag x; } while (0)
#define LWIP_PLATFORM_ASSERT(x)	net_port_assert(x, __FILE__, __LINE__)

#endif
