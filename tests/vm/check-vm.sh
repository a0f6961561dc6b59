#!/bin/sh
# make check-vm: run the payload's tests on a real KVM.  With /dev/kvm on
# this host they run directly; otherwise inside the test VM (boot.sh).
# Every test prints "vmtest: PASS name" or "vmtest: FAIL name ..."; the
# payload ends with "vmtest-done".  Passes only if that line came, at
# least one test ran, and none failed.
#
#   tests/vm/check-vm.sh PAYLOAD_DIR CACHE_DIR LOG
set -u
payload=${1:?usage: check-vm.sh PAYLOAD_DIR CACHE_DIR LOG}
cache=${2:?}
log=${3:?}
here=$(cd "$(dirname "$0")" && pwd)
start=$(date +%s)

if [ -c /dev/kvm ] && [ -w /dev/kvm ] && [ -z "${VM_FORCE:-}" ]; then
	echo "check-vm: /dev/kvm present, running on the host"
	(cd "$payload" && sh ./vm-payload.sh) 2>&1 | tee "$log"
else
	kdir=$("$here/kernel.sh" "$cache") || { echo "check-vm: no kernel"; exit 1; }
	echo "check-vm: booting $(basename "$kdir") under qemu -accel tcg -cpu max"
	"$here/boot.sh" "$kdir" "$payload" "$log" | grep -a '^vm\|^vmtest\|PASS\|FAIL'
fi

pass=$(grep -ac '^vmtest: PASS' "$log")
fail=$(grep -ac '^vmtest: FAIL' "$log")
done_=$(grep -ac '^vmtest-done' "$log")
end=$(date +%s)
if [ "$done_" -ne 1 ]; then
	fail=$((fail + 1))
	echo "check-vm: the payload did not finish (see $log)"
fi
echo "check-vm: $pass passed, $fail failed ($((end - start)) s)"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
