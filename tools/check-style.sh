#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Style checks that a grep can make: the layout rules of STYLE.md.
#  - inline asm, port I/O and control registers only under arch/
#  - no x86 names in the generic code of mm/ kernel/ drivers/ lib/ (page
#    table bits, MSRs, control registers, X86_ constants, error codes):
#    it goes through <arch/*.h> accessors; comments may name them
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
# Code only: block and line comments blanked, line numbers kept.
strip_comments() {
	awk '{
		line = $0; out = "";
		while (line != "") {
			if (incom) {
				e = index(line, "*/");
				if (!e) { line = ""; break }
				line = substr(line, e + 2); incom = 0; continue
			}
			b = index(line, "/*"); c = index(line, "//");
			if (c && (!b || c < b)) { out = out substr(line, 1, c - 1); break }
			if (!b) { out = out line; break }
			out = out substr(line, 1, b - 1); line = substr(line, b + 2); incom = 1
		}
		print FILENAME ":" FNR ": " out
	}' "$1"
}
x86_names='\bPTE_[A-Z0-9_]+|\bMSR_[A-Z0-9_]+|\b(arch_)?(rd|wr)msr\b|\bCR[0-8]\b|\b(arch_)?(read|write)_cr[0-8]\b|\bX86_[A-Z0-9_]+|\bEFER_|\bCPUID'
x86=$(git ls-files 'mm/*.[ch]' 'kernel/*.[ch]' 'drivers/*.[ch]' 'lib/*.[ch]' |
	while read -r f; do strip_comments "$f"; done | grep -E ": .*($x86_names)")
if [ -n "$x86" ]; then
	echo "check-style: x86 names outside arch/ (use an <arch/*.h> accessor):"
	echo "$x86"
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
