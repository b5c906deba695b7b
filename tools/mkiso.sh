#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Build the hybrid BIOS+UEFI ISOs with grub-mkrescue.
#   tools/mkiso.sh BUILD_DIR                  -> oomlab.iso (users: 5 s menu)
#                                                oomlab-test.iso (runner: no menu)
#   tools/mkiso.sh BUILD_DIR OUT.iso CMDLINE  -> a runner ISO whose first entry
#                                                boots with CMDLINE
# OOMLAB_INITRD=FILE packs FILE as the initramfs instead of
# BUILD_DIR/initrd.cpio (the cgroup selftests' ISO: tools/selftests.sh).
set -euo pipefail
build=$1
here=$(cd "$(dirname "$0")/.." && pwd)
initrd=${OOMLAB_INITRD:-$build/initrd.cpio}

make_iso() {	# make_iso CFG OUT CMDLINE
	local dir
	dir=$(mktemp -d "$build/isodir.XXXXXX")
	mkdir -p "$dir/boot/grub"
	cp "$build/kernel.elf" "$dir/boot/kernel.elf"
	cp "$initrd" "$dir/boot/initrd.cpio"
	# Escape what sed's replacement treats specially: \, & and the | delimiter.
	local cmdline
	cmdline=$(printf '%s' "$3" | sed 's/[\\&|]/\\&/g')
	sed "s|@CMDLINE@|$cmdline|" "$1" > "$dir/boot/grub/grub.cfg"
	# The log lives beside the tree, not in it: xorriso fails when a file it
	# is packing changes under it.
	grub-mkrescue -o "$2.tmp" "$dir" 2>"$dir.log" || {
		cat "$dir.log" >&2
		rm -rf "$dir" "$dir.log"
		exit 1
	}
	mv "$2.tmp" "$2"
	rm -rf "$dir" "$dir.log"
}

if [ $# -ge 2 ]; then
	make_iso "$here/iso/grub.cfg" "$2" "${3:-}"
else
	make_iso "$here/iso/grub-usb.cfg" "$build/oomlab.iso" ""
	make_iso "$here/iso/grub.cfg" "$build/oomlab-test.iso" ""
fi
