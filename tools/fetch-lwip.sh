#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Fetch lwIP's source from Debian's source package into DIR (default
# build/lwip) and unpack it as DIR/src. Nothing is installed and the
# system's apt configuration is not touched: apt reads a private sources
# directory whose deb-src entries are the machine's own deb entries.
# The orig tarball's SHA256 must equal the one in the .dsc apt verified
# against the signed Release file; a mismatch stops the build.
#   tools/fetch-lwip.sh [DIR]
set -euo pipefail

dir=${1:-build/lwip}
pkg=lwip
[ -f "$dir/src/.fetched" ] && exit 0
mkdir -p "$dir/apt/lists/partial" "$dir/apt/sources" "$dir/dl"
dir=$(cd "$dir" && pwd)

# deb-src twins of the machine's deb822 and one-line sources.
for f in /etc/apt/sources.list.d/*.sources; do
	[ -e "$f" ] || continue
	sed 's/^Types:.*/Types: deb-src/' "$f" > "$dir/apt/sources/$(basename "$f")"
done
for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
	[ -e "$f" ] || continue
	sed -n 's/^deb /deb-src /p' "$f" >> "$dir/apt/sources/machine.list"
done

# The download directory is the build's, which apt's _apt user may not
# write to: download as the caller instead of warning about it.
apt_opts=(-o Dir::Etc::SourceList=/dev/null
	  -o "Dir::Etc::SourceParts=$dir/apt/sources"
	  -o "Dir::State::Lists=$dir/apt/lists"
	  -o Debug::NoLocking=1 -o APT::Sandbox::User="$(id -un)")
apt-get "${apt_opts[@]}" -qq update
(cd "$dir/dl" && apt-get "${apt_opts[@]}" -qq source --download-only "$pkg")

dsc=$(ls "$dir"/dl/${pkg}_*.dsc | head -n 1)
orig=$(ls "$dir"/dl/${pkg}_*.orig.tar.* | head -n 1)
want=$(awk '/^Checksums-Sha256:/ {f = 1; next} /^[^ ]/ {f = 0}
	f && $3 == name {print $1}' name="$(basename "$orig")" "$dsc")
got=$(sha256sum "$orig" | cut -d' ' -f1)
if [ -z "$want" ] || [ "$want" != "$got" ]; then
	echo "fetch-lwip: $(basename "$orig"): SHA256 $got, .dsc says '$want'" >&2
	exit 1
fi
echo "fetch-lwip: $(basename "$orig") SHA256 $got (matches $(basename "$dsc"))"

rm -rf "$dir/src.tmp"
mkdir -p "$dir/src.tmp"
tar -xf "$orig" -C "$dir/src.tmp" --strip-components=1
rm -rf "$dir/src"
mv "$dir/src.tmp" "$dir/src"
touch "$dir/src/.fetched"
