#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Write the oomlab ISO raw to a USB stick (it is a hybrid image: the stick
# then boots on BIOS and UEFI machines).
#   tools/write-usb.sh [--yes] build/oomlab.iso /dev/sdX
# It refuses anything but a whole disk, a disk with any partition mounted
# (or used as swap), and the disk that holds /; without --yes it shows the
# disk and asks before writing. Everything it knows about the disk comes
# from lsblk and findmnt.
set -euo pipefail

die() {
	echo "write-usb: $*" >&2
	exit 1
}

usage() {
	echo "usage: $0 [--yes] ISO /dev/sdX" >&2
	exit 2
}

yes=0
if [ "${1:-}" = --yes ]; then
	yes=1
	shift
fi
[ $# -eq 2 ] || usage
iso=$1
dev=$2

[ -f "$iso" ] || die "$iso: no such file"
type=$(lsblk -dno TYPE "$dev" 2>/dev/null) || die "$dev: not a block device"
[ "$type" = disk ] ||
	die "$dev is a $type, not a whole disk: give the disk (/dev/sdX), not a partition"
name=$(lsblk -dno NAME "$dev")

# The disks under / (through partitions, LVM, RAID: lsblk -s walks down).
root_src=$(findmnt -nvo SOURCE / 2>/dev/null || true)
if [ -n "$root_src" ]; then
	while read -r n t; do
		[ "$t" = disk ] && [ "$n" = "$name" ] &&
			die "$dev holds / (the running system): refusing to overwrite it"
	done < <(lsblk -nrso NAME,TYPE "$root_src" 2>/dev/null || true)
fi

mounts=$(lsblk -nro MOUNTPOINT "$dev" | grep -v '^$' | tr '\n' ' ' || true)
[ -z "$mounts" ] || die "$dev is in use (mounted at: ${mounts% }): unmount it first"

if [ "$yes" -ne 1 ]; then
	lsblk -dno NAME,MODEL,SIZE,TRAN "$dev"
	read -r -p "Overwrite all of $dev with $iso? Type yes: " answer
	[ "$answer" = yes ] || die "not written"
fi
dd if="$iso" of="$dev" bs=4M conv=fsync status=progress
sync
echo "write-usb: $dev written; boot it with Secure Boot off"
