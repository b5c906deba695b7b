// SPDX-License-Identifier: MIT
/*
 * Signal numbers and their default actions (see signal.h for the policy).
 * Pure: a table lookup the kill paths and the host tests share.
 */
#include "kernel/signal.h"

static const char *const names[] = {
	[SIGHUP] = "SIGHUP", [SIGINT] = "SIGINT", [SIGQUIT] = "SIGQUIT",
	[SIGILL] = "SIGILL", [SIGTRAP] = "SIGTRAP", [SIGABRT] = "SIGABRT",
	[SIGBUS] = "SIGBUS", [SIGFPE] = "SIGFPE", [SIGKILL] = "SIGKILL",
	[SIGUSR1] = "SIGUSR1", [SIGSEGV] = "SIGSEGV", [SIGUSR2] = "SIGUSR2",
	[SIGPIPE] = "SIGPIPE", [SIGALRM] = "SIGALRM", [SIGTERM] = "SIGTERM",
	[16] = "SIGSTKFLT", [SIGCHLD] = "SIGCHLD", [SIGCONT] = "SIGCONT",
	[SIGSTOP] = "SIGSTOP", [SIGTSTP] = "SIGTSTP", [SIGTTIN] = "SIGTTIN",
	[SIGTTOU] = "SIGTTOU", [SIGURG] = "SIGURG", [24] = "SIGXCPU",
	[25] = "SIGXFSZ", [26] = "SIGVTALRM", [27] = "SIGPROF",
	[SIGWINCH] = "SIGWINCH", [29] = "SIGIO", [30] = "SIGPWR",
	[31] = "SIGSYS",
};

/**
 * signal_default_action - what sending @sig does to a process.
 * @sig: a signal number
 *
 * Context: any; pure.
 * Return: SIGNAL_INVALID outside 1..64, SIGNAL_IGNORE for SIGCHLD,
 * SIGURG, SIGWINCH and SIGCONT, SIGNAL_FATAL otherwise.
 */
enum signal_action signal_default_action(int sig)
{
	if (sig < 1 || sig > SIGRTMAX)
		return SIGNAL_INVALID;
	switch (sig) {
	case SIGCHLD:
	case SIGURG:
	case SIGWINCH:
	case SIGCONT:
		return SIGNAL_IGNORE;
	default:
		return SIGNAL_FATAL;
	}
}

/* Return: "SIGSEGV" etc., "SIGRT" for real-time ones, "?" if invalid. */
const char *signal_name(int sig)
{
	if (sig >= 1 && sig < (int)(sizeof(names) / sizeof(names[0])) &&
	    names[sig])
		return names[sig];
	return sig >= 32 && sig <= SIGRTMAX ? "SIGRT" : "?";
}
