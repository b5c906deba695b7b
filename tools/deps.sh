#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Install what building and booting oomlab needs (Debian 12).
#   tools/deps.sh               install what is missing (as root)
#   tools/deps.sh --check-only  exit 1 if something is missing
set -euo pipefail

# libc6-dev: gcc only recommends it, and the host unit tests are hosted
# programs (stdio.h, crt files).
# apt, dpkg, tar: `make bench` fetches Debian's Linux 6.1 image with
# `apt-get download` (no root, nothing installed) and unpacks its vmlinuz
# with dpkg-deb and tar.
# console-setup-linux: the screen console's font (a PSF console font).
# python3-matplotlib: the plots of `make report` (for /usr/bin/python3);
# chromium: the report's check in a headless browser.
# prometheus: promtool, which checks the metrics server's /metrics.
packages=(qemu-system-x86 grub-pc-bin grub-efi-amd64-bin grub-common xorriso
	  mtools ovmf python3 gcc make binutils libc6-dev apt dpkg tar
	  console-setup-linux python3-matplotlib chromium prometheus)
# A file each package provides: cheaper to test than asking dpkg.
probes=(/usr/bin/qemu-system-x86_64 /usr/lib/grub/i386-pc/multiboot2.mod
	/usr/lib/grub/x86_64-efi/multiboot2.mod /usr/bin/grub-mkrescue
	/usr/bin/xorriso /usr/bin/mformat /usr/share/OVMF/OVMF_CODE_4M.fd
	/usr/bin/python3 /usr/bin/gcc /usr/bin/make /usr/bin/ld
	/usr/include/stdio.h /usr/bin/apt-get /usr/bin/dpkg-deb /usr/bin/tar
	/usr/share/consolefonts/Lat15-VGA16.psf.gz
	/usr/lib/python3/dist-packages/matplotlib/__init__.py /usr/bin/chromium
	/usr/bin/promtool)

missing=()
for i in "${!packages[@]}"; do
	[ -e "${probes[$i]}" ] || missing+=("${packages[$i]}")
done
if [ ${#missing[@]} -eq 0 ]; then
	exit 0
fi
if [ "${1:-}" = --check-only ]; then
	exit 1
fi
if [ "$(id -u)" -ne 0 ]; then
	echo "oomlab needs: ${missing[*]}" >&2
	echo "run as root: apt-get update && apt-get install -y ${missing[*]}" >&2
	exit 1
fi
echo "deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
