#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Fetch Debian's busybox-static and extract its /bin/busybox, once.
#   tools/fetch-busybox.sh DIR     -> DIR/busybox (DIR/*.deb is the cache)
#
# The .deb's SHA256 must equal the one apt's signed Packages index gives
# for the candidate version (`apt-cache show`): a package that does not
# match is deleted and the build fails. Nothing is installed; no root is
# needed once the index is there.
set -euo pipefail
dir=$1
mkdir -p "$dir"
cd "$dir"

field() {	# field NAME: NAME's value in the candidate's index record
	apt-cache show --no-all-versions busybox-static |
		sed -n "s/^$1: //p" | head -n 1
}

version=$(field Version)
want=$(field SHA256)
if [ -z "$version" ] || [ -z "$want" ]; then
	echo "fetch-busybox: apt knows no busybox-static;" \
	     "run apt-get update" >&2
	exit 1
fi
deb=busybox-static.deb
have=$(sha256sum "$deb" 2>/dev/null | cut -d' ' -f1 || true)
if [ "$have" != "$want" ]; then
	rm -f ./*.deb
	apt-get download -q "busybox-static=$version" >/dev/null 2>&1 || {
		echo "fetch-busybox: apt-get download busybox-static=$version" \
		     "failed" >&2
		exit 1
	}
	mv ./busybox-static_*.deb "$deb"
	have=$(sha256sum "$deb" | cut -d' ' -f1)
fi
if [ "$have" != "$want" ]; then
	echo "fetch-busybox: $deb: SHA256 $have, the index says $want" >&2
	rm -f "$deb"
	exit 1
fi
rm -rf x
dpkg-deb -x "$deb" x
mv x/bin/busybox busybox.tmp
# The package's mtime is older than this script: make would fetch again.
touch busybox.tmp
rm -rf x
mv busybox.tmp busybox
echo "$version" > version
