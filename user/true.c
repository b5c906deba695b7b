// SPDX-License-Identifier: MIT
/*
 * true: does nothing and exits 0 - the smallest complete process, for the
 * spawn-and-wait benchmark (start-up, runtime init, exit_group).
 */
int main(int argc, char **argv, char **envp);

int main(int argc, char **argv, char **envp)
{
	return 0;
}
