#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Linux 6.1's cgroup selftests as static programs, and the initramfs that
# carries them (docs/selftests.md):
#   tools/selftests.sh OUT_DIR   -> OUT_DIR/test_{memcontrol,kill,freezer,core}
#                                   OUT_DIR/initrd.cpio (each as /bin/NAME,
#                                   and the ext2 test image the programs'
#                                   scratch directory is made of)
# The sources come from Debian's linux-source-6.1 (installed with apt-get
# when its tarball is missing); only the selftests' directory and the
# kselftest headers it includes are extracted, under OUT_DIR/src, never
# into the repository. A program already built is not rebuilt.
set -euo pipefail
out=$(mkdir -p "$1" && cd "$1" && pwd)
here=$(cd "$(dirname "$0")/.." && pwd)
tarball=/usr/src/linux-source-6.1.tar.xz
top=linux-source-6.1
sel=$top/tools/testing/selftests
progs="test_memcontrol test_kill test_freezer test_core"

extract() {
	[ -f "$tarball" ] || apt-get install -y -qq linux-source-6.1 >&2
	rm -rf "$out/src"
	mkdir -p "$out/src"
	tar -xJf "$tarball" -C "$out/src" "$sel/cgroup" "$sel/kselftest.h" \
		"$sel/clone3/clone3_selftests.h" "$sel/pidfd/pidfd.h"
}

# As upstream's cgroup/Makefile and lib.mk build them with
# USERLDFLAGS=-static: CFLAGS "-Wall -pthread" plus the kernel headers
# include, no -O (gcc -O2 deletes alloc_anon()'s touch loop, whose stores
# nothing reads, and the OOM cases then allocate nothing), cgroup_util.c
# linked in.
build() {
	local dir=$out/src/$sel/cgroup
	echo "  SELFTEST $1"
	(cd "$dir" && gcc -Wall -pthread -isystem "$out/src/$top/usr/include" \
		-static "$1.c" cgroup_util.c -o "$out/$1.tmp")
	mv "$out/$1.tmp" "$out/$1"
}

[ -f "$out/src/$sel/cgroup/test_memcontrol.c" ] || extract
args=()
for p in $progs; do
	[ -x "$out/$p" ] || build "$p"
	args+=("bin/$p=$out/$p")
done
python3 "$here/tools/oomlab/ext2_image.py" "$out/ext2.sparse" --sparse
python3 "$here/tools/mkinitrd.py" -o "$out/initrd.cpio" "${args[@]}" \
	"ext2/test.sparse=$out/ext2.sparse" \
	"etc/hosts=$here/user/initramfs/etc/hosts" \
	"etc/nsswitch.conf=$here/user/initramfs/etc/nsswitch.conf"
