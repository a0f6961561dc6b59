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

pkg=$(apt-cache depends linux-image-amd64 2>/dev/null |
	awk '/Depends: linux-image-[0-9]/ { print $2; exit }')
[ -n "$pkg" ] || { echo "kernel.sh: cannot derive the kernel package (apt-get update?)" >&2; exit 1; }
ver=${pkg#linux-image-}
out=$cache/$ver
if [ -f "$out/ok" ]; then echo "$out"; exit 0; fi

rm -rf "$out" && mkdir -p "$out/modules"
deb=$(ls "$cache"/"$pkg"_*.deb 2>/dev/null | head -n1 || true)
if [ -z "$deb" ]; then
	(cd "$cache" && apt-get download "$pkg" >&2 2>/dev/null) ||
		(cd "$cache" && apt-get download "$pkg" >&2)
	deb=$(ls "$cache"/"$pkg"_*.deb | head -n1)
fi

# Only the kernel and the modules KVM needs, in load order.
tmp=$out/x
mkdir -p "$tmp"
dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$tmp" --wildcards \
	"./boot/vmlinuz-$ver" \
	'*/virt/lib/irqbypass.ko*' '*/arch/x86/kvm/kvm.ko*' \
	'*/arch/x86/kvm/kvm-amd.ko*' '*/arch/x86/kvm/kvm-intel.ko*' \
	'*/drivers/crypto/ccp/ccp.ko*'
cp "$tmp/boot/vmlinuz-$ver" "$out/vmlinuz"
find "$tmp" -name '*.ko*' -exec cp {} "$out/modules/" \;
for f in "$out"/modules/*.ko.xz; do if [ -e "$f" ]; then xz -d "$f"; fi; done
for f in "$out"/modules/*.ko.zst; do if [ -e "$f" ]; then zstd -q -d --rm "$f"; fi; done
rm -rf "$tmp"
touch "$out/ok"
echo "$out"
