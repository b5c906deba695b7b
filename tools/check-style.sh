#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Style checks that a grep can make: the layout rules of STYLE.md.
#  - inline asm, port I/O and control registers only under arch/
#  - every C/asm source opens with an SPDX line
#  - no line over 100 columns (80 is the goal; clang-format -n reports it)
set -uo pipefail
cd "$(dirname "$0")/.."
status=0

asm=$(git ls-files '*.c' '*.h' | grep -v '^arch/' | grep -v '^user/' |
	xargs grep -nE '__asm__|\basm\b *\(|\bout[bwl]\b|\bin[bwl]\b *\(' 2>/dev/null)
if [ -n "$asm" ]; then
	echo "check-style: CPU-specific code outside arch/:"
	echo "$asm"
	status=1
fi
for f in $(git ls-files '*.c' '*.h' '*.S' '*.py' '*.sh' | grep -v '^tests/tools/fixtures/'); do
	head -3 "$f" | grep -q 'SPDX-License-Identifier' || {
		echo "check-style: $f: no SPDX line in its first 3 lines"
		status=1
	}
done
long=$(git ls-files '*.c' '*.h' | xargs awk 'length($0) > 100 {print FILENAME ":" FNR}' | head)
if [ -n "$long" ]; then
	echo "check-style: lines over 100 columns:"
	echo "$long"
	status=1
fi
exit $status
