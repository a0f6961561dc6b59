#!/bin/sh
# Boot the test VM: Debian's kernel and KVM under QEMU's emulated CPU
# (TCG, -cpu max offers SVM with nested paging), with an initramfs that
# holds busybox, the KVM modules and PAYLOAD_DIR, whose vm-payload.sh
# /init runs.  The serial console goes to stdout (and LOG).
#
#   tests/vm/boot.sh KERNEL_DIR PAYLOAD_DIR LOG [ARG]
#
# ARG reaches vm-payload.sh through the kernel command line (an unknown
# "name=value" parameter becomes an environment variable of /init).
#
# QEMU's exit status says nothing about the tests: callers judge the
# lines the payload prints.
set -eu
kdir=${1:?usage: boot.sh KERNEL_DIR PAYLOAD_DIR LOG}
payload=${2:?}
log=${3:?}
arg=${4:-tests}
here=$(cd "$(dirname "$0")" && pwd)
timeout=${VM_TIMEOUT:-900}

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/bin" "$stage/proc" "$stage/sys" "$stage/dev" \
	"$stage/modules" "$stage/tmp"
# The initramfs has no libc: this must be busybox-static's busybox.
busybox=$(command -v busybox)
cp "$busybox" "$stage/bin/busybox"
cp "$here/init" "$stage/init"
chmod +x "$stage/init"
cp "$kdir"/modules/*.ko "$stage/modules/"
cp -r "$payload" "$stage/payload"
(cd "$stage" && find . | cpio -o -H newc --quiet) > "$stage.cpio"
trap 'rm -rf "$stage" "$stage.cpio"' EXIT

timeout "$timeout" qemu-system-x86_64 -accel tcg -cpu max -m 1024 -smp 1 \
	-nographic -no-reboot -net none -monitor none -serial stdio \
	-kernel "$kdir/vmlinuz" -initrd "$stage.cpio" \
	-append "console=ttyS0 quiet panic=-1 cryptomgr.notests vmarg=$arg" \
	</dev/null 2>&1 | tee "$log"
