// SPDX-License-Identifier: MIT
/*
 * 16550 UART on COM1, polled, 115200 8N1. The port is probed with the
 * chip's loopback mode before it is used as a console: a machine without
 * a UART (many laptops) then boots silently instead of hanging on a
 * transmitter-empty bit that never sets.
 */
#include <arch/io.h>
#include "drivers/uart16550.h"
#include "kernel/printk.h"

#define COM1		0x3f8
#define UART_DATA	0
#define UART_IER	1
#define UART_DIV_LO	0
#define UART_DIV_HI	1
#define UART_FCR	2
#define UART_LCR	3
#define UART_MCR	4
#define UART_LSR	5
#define LCR_8N1		0x03
#define LCR_DLAB	0x80
#define MCR_DTR_RTS_OUT2 0x0b
#define MCR_LOOPBACK	0x10
#define LSR_THR_EMPTY	0x20
#define BAUD_DIVISOR	1	/* 115200 = 1843200 / 16 / 1 */
#define PROBE_BYTE	0xa5
/* Bounded so that a stuck line status never stalls the kernel forever. */
#define TX_SPIN_LIMIT	100000

static bool uart_probe(u16 base)
{
	arch_outb(base + UART_MCR, MCR_LOOPBACK | MCR_DTR_RTS_OUT2);
	arch_outb(base + UART_DATA, PROBE_BYTE);
	for (int i = 0; i < 1000; i++)
		if (arch_inb(base + UART_LSR) & 0x01)
			return arch_inb(base + UART_DATA) == PROBE_BYTE;
	return false;
}

static void uart_putc(u16 base, char c)
{
	for (int i = 0; i < TX_SPIN_LIMIT; i++)
		if (arch_inb(base + UART_LSR) & LSR_THR_EMPTY)
			break;
	arch_outb(base + UART_DATA, (u8)c);
}

static void uart_console_write(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\n')
			uart_putc(COM1, '\r');
		uart_putc(COM1, s[i]);
	}
}

static struct console uart_console = {
	.name = "ttyS0",
	.write = uart_console_write,
};

/**
 * uart16550_init - set COM1 to 115200 8N1 and make it a console.
 *
 * Context: early boot, single CPU.
 * Return: true when a UART answered the loopback probe.
 */
bool uart16550_init(void)
{
	arch_outb(COM1 + UART_IER, 0);
	arch_outb(COM1 + UART_LCR, LCR_DLAB);
	arch_outb(COM1 + UART_DIV_LO, BAUD_DIVISOR);
	arch_outb(COM1 + UART_DIV_HI, 0);
	arch_outb(COM1 + UART_LCR, LCR_8N1);
	arch_outb(COM1 + UART_FCR, 0xc7);	/* enable + clear FIFOs */
	if (!uart_probe(COM1))
		return false;
	arch_outb(COM1 + UART_MCR, MCR_DTR_RTS_OUT2);
	console_register(&uart_console);
	return true;
}
