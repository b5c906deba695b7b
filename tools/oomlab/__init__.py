# SPDX-License-Identifier: MIT
"""oomlab host test runner: boots the kernel in QEMU, parses its KTAP
output, classifies how each run ended and reports (terminal, JUnit, JSON).

Modules, from the bottom up:
  ktap      streaming KTAP v1 parser (nested suites, crashes = missing results)
  classify  verdict of one run: pass / fail / panic / hang / reset / timeout
  proc      run a child process, stream its output, enforce timeouts
  qemu      boot modes, QEMU command lines, per-cmdline ISO cache
  plan      the `test` plan as a data table
  runner    executes plan entries, in parallel
  report    progress lines and the summary; junit: JUnit XML
  pyunit    runs tests/tools, prints KTAP: the runner counts its own tests
  cli       argument parsing and the run / test / bench / parse subcommands
"""
