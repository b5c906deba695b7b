// SPDX-License-Identifier: MIT
/*
 * 16550 UART on COM1, 115200 8N1. The port is probed with the chip's
 * loopback mode before it is used as a console: a machine without a UART
 * (many laptops) then boots silently instead of hanging on a
 * transmitter-empty bit that never sets. Output is polled.
 *
 * Input, once uart16550_rx_start() asks for it: the receive interrupt
 * (ISA IRQ 4 through the IOAPIC) moves the FIFO's bytes into a ring, and
 * the "uart_rx" kernel thread hands them to the receiver (the console's
 * line discipline, which may sleep and signal: Linux too runs N_TTY's
 * receive from a work item, flush_to_ldisc(), not from the interrupt).
 * The thread also reads the port itself every UART_POLL_MS: a machine
 * whose IRQ 4 never arrives (no IOAPIC route, a UART on another line)
 * still gets its input, only later.
 *
 * Locking: [r] rx_lock (irqsave: the interrupt fills the ring); [I] set
 * by uart16550_rx_start() before the interrupt is unmasked.
 */
#include <arch/apic.h>
#include <arch/io.h>
#include <arch/irq.h>
#include "drivers/uart16550.h"
#include "kernel/kthread.h"
#include "kernel/printk.h"
#include "kernel/spinlock.h"
#include "kernel/timer.h"
#include "kernel/wait.h"

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
#define LSR_DATA_READY	0x01
#define IER_RX_AVAIL	0x01
#define UART_IRQ	4	/* COM1's ISA line */
#define UART_POLL_MS	50	/* the fallback's period */
#define RX_RING_SIZE	1024	/* bytes between interrupt and thread */
#define RX_FIFO_MAX	64	/* bytes one drain takes at most */
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
 * uart16550_write - write @len bytes to COM1 now, '\n' as "\r\n" (a
 * terminal's output, not the log's).
 * @s: the bytes
 * @len: how many
 *
 * Context: any.
 */
void uart16550_write(const char *s, size_t len)
{
	uart_console_write(s, len);
}

static struct spinlock rx_lock = SPINLOCK_INIT("uart_rx");
static char rx_ring[RX_RING_SIZE];	/* [r] */
static size_t rx_head, rx_tail;		/* [r] free-running */
static DECLARE_WAIT_QUEUE_HEAD(rx_wait);
static uart16550_rx_fn rx_receiver;	/* [I] */

/* Move what the receive FIFO holds into the ring. Context: rx_lock. */
static void rx_drain(void)
{
	for (int i = 0; i < RX_FIFO_MAX; i++) {
		u8 c;

		if (!(arch_inb(COM1 + UART_LSR) & LSR_DATA_READY))
			return;
		c = arch_inb(COM1 + UART_DATA);
		if (rx_head - rx_tail == RX_RING_SIZE)
			continue;	/* lost, as in a FIFO overrun */
		rx_ring[rx_head++ % RX_RING_SIZE] = (char)c;
	}
}

static void uart_rx_irq(struct trap_frame *f)
{
	spin_lock(&rx_lock);
	rx_drain();
	spin_unlock(&rx_lock);
	wake_up(&rx_wait);
	arch_irq_eoi();
}

static bool rx_pending(void)
{
	return __atomic_load_n(&rx_head, __ATOMIC_RELAXED) !=
	       __atomic_load_n(&rx_tail, __ATOMIC_RELAXED);
}

/* Take what the ring (and, for the fallback, the port) holds. */
static size_t rx_take(char *buf, size_t size)
{
	unsigned long flags = spin_lock_irqsave(&rx_lock);
	size_t n = 0;

	rx_drain();
	while (rx_tail != rx_head && n < size)
		buf[n++] = rx_ring[rx_tail++ % RX_RING_SIZE];
	spin_unlock_irqrestore(&rx_lock, flags);
	return n;
}

static int uart_rx_thread(void *arg)
{
	char buf[RX_FIFO_MAX];

	for (;;) {
		size_t n;

		wait_event_timeout(rx_wait, rx_pending(),
				   msecs_to_jiffies(UART_POLL_MS));
		while ((n = rx_take(buf, sizeof(buf))))
			rx_receiver(buf, n);
	}
	return 0;
}

/**
 * uart16550_rx_start - deliver what COM1 receives to @receiver.
 * @receiver: called from the "uart_rx" thread (task context, may sleep)
 *	with the bytes in arrival order
 *
 * Routes ISA IRQ 4 and enables the receive interrupt; without a route
 * the thread's polling alone brings the bytes (said in the log).
 * Context: task context, once, after uart16550_init() found the port.
 * Return: 0; -ENOMEM without memory for the thread.
 */
int uart16550_rx_start(uart16550_rx_fn receiver)
{
	int r;

	rx_receiver = receiver;
	if (!kthread_run(uart_rx_thread, NULL, "uart_rx"))
		return -ENOMEM;
	r = arch_irq_set_handler(APIC_ISA_VECTOR(UART_IRQ), uart_rx_irq);
	if (!r)
		r = arch_isa_irq_unmask(UART_IRQ);
	if (r) {
		pr_warn("uart16550: no IRQ %d (%d): input polled every %d ms\n",
			UART_IRQ, r, UART_POLL_MS);
		return 0;
	}
	arch_outb(COM1 + UART_IER, IER_RX_AVAIL);
	pr_info("uart16550: input on IRQ %d\n", UART_IRQ);
	return 0;
}

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
