#!/bin/sh
# Fetch Debian's kernel (downloaded, never installed) and the KVM modules
# into a cache folder, once.  The version comes from the linux-image-amd64
# meta package at run time, so a Debian kernel update needs no edit here.
#
#   tests/vm/kernel.sh CACHE_DIR
# prints the folder that holds vmlinuz and modules/*.ko
set -eu
cache=${1:?usage: kernel.sh CACHE_DIR}
mkdir -p "$cache"
cache=$(cd "$cache" && pwd)

# Debian: linux-image-amd64 -> linux-image-<ver>-amd64, modules inside.
# Ubuntu (untested): linux-image-generic -> linux-image-<ver>-generic,
# the KVM modules in linux-modules-<ver>-generic.
pkgs=
for meta in linux-image-amd64 linux-image-generic; do
	pkg=$(apt-cache depends "$meta" 2>/dev/null |
		awk '/Depends: linux-image-(unsigned-)?[0-9]/ { print $2; exit }')
	[ -n "$pkg" ] && break
done
[ -n "$pkg" ] || { echo "kernel.sh: cannot derive the kernel package (apt-get update?)" >&2; exit 1; }
ver=${pkg#linux-image-}
ver=${ver#unsigned-}
pkgs=$pkg
[ "$meta" = linux-image-generic ] && pkgs="$pkg linux-modules-$ver"
out=$cache/$ver
if [ -f "$out/ok" ]; then echo "$out"; exit 0; fi

rm -rf "$out" && mkdir -p "$out/modules"
tmp=$out/x
mkdir -p "$tmp"
for p in $pkgs; do
	deb=$(ls "$cache"/"$p"_*.deb 2>/dev/null | head -n1 || true)
	if [ -z "$deb" ]; then
		(cd "$cache" && apt-get download "$p" >&2)
		deb=$(ls "$cache"/"$p"_*.deb | head -n1)
	fi
	# Only the kernel and the modules KVM needs (tar fails on a
	# pattern it does not find: each package has only some).
	dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$tmp" --wildcards \
		"./boot/vmlinuz-$ver" \
		'*/virt/lib/irqbypass.ko*' '*/arch/x86/kvm/kvm.ko*' \
		'*/arch/x86/kvm/kvm-amd.ko*' '*/arch/x86/kvm/kvm-intel.ko*' \
		'*/drivers/crypto/ccp/ccp.ko*' 2>/dev/null || true
done
[ -f "$tmp/boot/vmlinuz-$ver" ] || { echo "kernel.sh: no vmlinuz-$ver in $pkgs" >&2; exit 1; }
cp "$tmp/boot/vmlinuz-$ver" "$out/vmlinuz"
find "$tmp" -name '*.ko*' -exec cp {} "$out/modules/" \;
for f in "$out"/modules/*.ko.xz; do if [ -e "$f" ]; then xz -d "$f"; fi; done
for f in "$out"/modules/*.ko.zst; do if [ -e "$f" ]; then zstd -q -d --rm "$f"; fi; done
rm -rf "$tmp"
touch "$out/ok"
echo "$out"
