#!/bin/sh
# make check-vm: run the payload's tests on a real KVM.  With /dev/kvm on
# this host they run directly; otherwise inside the test VM (boot.sh).
# Every test prints "vmtest: PASS name" or "vmtest: FAIL name ..."; the
# payload ends with "vmtest-done".  Passes only if that line came, at
# least one test ran, and none failed.
#
#   tests/vm/check-vm.sh tests|demo PAYLOAD_DIR CACHE_DIR LOG
#
# "demo" runs the demo guests and shows their output and exit tables.
set -u
what=${1:?usage: check-vm.sh tests|demo PAYLOAD_DIR CACHE_DIR LOG}
payload=${2:?}
cache=${3:?}
log=${4:?}
here=$(cd "$(dirname "$0")" && pwd)
start=$(date +%s)

# The host's /dev/kvm is used when it is a real KVM.  PVM (kvm_pvm, a
# paging-based KVM some sandboxes offer) runs 64-bit guests only: the
# protected-mode guest triple-faults there, so such hosts use the VM.
# VM_FORCE=1 forces the VM; VM_HOST=1 forces the host's /dev/kvm.
host_kvm() {
	[ -n "${VM_HOST:-}" ] && return 0
	[ -z "${VM_FORCE:-}" ] && [ -c /dev/kvm ] && [ -w /dev/kvm ] &&
		[ ! -d /sys/module/kvm_pvm ]
}

if host_kvm; then
	echo "check-vm: /dev/kvm present, running on the host"
	(cd "$payload" && sh ./vm-payload.sh "$what") 2>&1 | tee "$log"
else
	kdir=$("$here/kernel.sh" "$cache") || { echo "check-vm: no kernel"; exit 1; }
	echo "check-vm: booting $(basename "$kdir") under qemu -accel tcg -cpu max"
	if [ "$what" = demo ]; then
		"$here/boot.sh" "$kdir" "$payload" "$log" "$what" |
			sed -n '/vm: \/dev\/kvm/,/^vmtest-done/p' | tr -d '\r' |
			sed 's|^.*vm: /dev|vm: /dev|'
	else
		"$here/boot.sh" "$kdir" "$payload" "$log" "$what" |
			grep -a '^vm\|^vmtest\|^    ' | tr -d '\r'
	fi
fi

if [ "$what" = demo ]; then
	# A demo guest passed when it left through isa-debug-exit with 0.
	pass=$(grep -ac '^== exit status 1.\?$' "$log")
	fail=$(grep -a '^== exit status' "$log" | grep -vac '^== exit status 1.\?$')
else
	pass=$(grep -ac '^vmtest: PASS' "$log")
	fail=$(grep -ac '^vmtest: FAIL' "$log")
fi
done_=$(grep -ac '^vmtest-done' "$log")
end=$(date +%s)
if [ "$done_" -ne 1 ]; then
	fail=$((fail + 1))
	echo "check-vm: the payload did not finish (see $log)"
fi
echo "$what: $pass passed, $fail failed ($((end - start)) s)"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
