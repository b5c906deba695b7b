#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Build the hybrid BIOS+UEFI ISOs with grub-mkrescue.
#   tools/mkiso.sh BUILD_DIR                  -> oomlab.iso (users: 5 s menu)
#                                                oomlab-test.iso (runner: no menu)
#   tools/mkiso.sh BUILD_DIR OUT.iso CMDLINE  -> a runner ISO whose first entry
#                                                boots with CMDLINE
#   tools/mkiso.sh --shell BUILD_DIR OUT.iso  -> the users' ISO that boots its
#                                                "shell" entry at once
#                                                (`make shell`)
# OOMLAB_INITRD=FILE packs FILE as the initramfs instead of
# BUILD_DIR/initrd.cpio (the cgroup selftests' ISO: tools/selftests.sh).
set -euo pipefail
shell=0
if [ "${1:-}" = --shell ]; then
	shell=1
	shift
fi
build=$1
here=$(cd "$(dirname "$0")/.." && pwd)
initrd=${OOMLAB_INITRD:-$build/initrd.cpio}

make_iso() {	# make_iso CFG OUT CMDLINE INITRD (boot/ drops "-shell")
	local dir
	dir=$(mktemp -d "$build/isodir.XXXXXX")
	mkdir -p "$dir/boot/grub"
	cp "$build/kernel.elf" "$dir/boot/kernel.elf"
	# The users' is gzipped, as for Linux: GRUB's module2 inflates it
	# before the kernel sees it.
	cp "$4" "$dir/boot/$(basename "$4" | sed 's/-shell//')"
	# Escape what sed's replacement treats specially: \, & and the | delimiter.
	local cmdline
	cmdline=$(printf '%s' "$3" | sed 's/[\\&|]/\\&/g')
	sed "s|@CMDLINE@|$cmdline|" "$1" > "$dir/boot/grub/grub.cfg"
	# vga=normal asks the boot loader for 80x25 text, as Linux's does.
	# GRUB's multiboot2 command sets gfxpayload to the mode the kernel's
	# header asks for; setting it again after that command keeps text.
	case " $3 " in
	*" vga=normal "*)
		sed -i 's/^\tmultiboot2 .*$/&\n\tset gfxpayload=text/' \
			"$dir/boot/grub/grub.cfg" ;;
	esac
	if [ "$shell" = 1 ]; then
		sed -i 's/^set default=0$/set default=shell/; s/^set timeout=5$/set timeout=0/' \
			"$dir/boot/grub/grub.cfg"
	fi
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

if [ "$shell" = 1 ]; then
	make_iso "$here/iso/grub-usb.cfg" "$2" "" "$build/initrd-shell.cpio.gz"
elif [ $# -ge 2 ]; then
	make_iso "$here/iso/grub.cfg" "$2" "${3:-}" "$initrd"
else
	make_iso "$here/iso/grub-usb.cfg" "$build/oomlab.iso" "" \
		"$build/initrd-shell.cpio.gz"
	make_iso "$here/iso/grub.cfg" "$build/oomlab-test.iso" "" "$initrd"
fi
