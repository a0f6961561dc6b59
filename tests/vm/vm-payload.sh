#!/bin/sh
# What needs a real KVM; runs inside the test VM (or on a host with
# /dev/kvm) from the payload folder.
#   vm-payload.sh tests   one "vmtest: PASS|FAIL name" line per test
#   vm-payload.sh demo    the demo guests with their exit tables
# Both end with "vmtest-done".
cd "$(dirname "$0")"
RUN=./vmexit-run

# How each demo guest is started.
guest_args() {
	case $1 in
	real) echo "--flat guests/real.bin --load 0x1000 --mode real" ;;
	prot32) echo "--kernel guests/prot32.elf --append demo-cmdline" ;;
	long64) echo "--kernel guests/long64.elf" ;;
	esac
}
GUESTS=$(for g in real prot32 long64; do
	[ -e guests/$g.bin ] || [ -e guests/$g.elf ] && echo $g; done)

# t NAME CMD...: passes when CMD exits 0.  The lines where a test says
# what it compared (its counts) are shown under the PASS line too.
t() {
	name=$1; shift
	if out=$("$@" 2>&1); then
		echo "vmtest: PASS $name"
		# What a test compared (its counts) shows on a pass too.
		echo "$out" | grep -a 'compared\|reviewed\|guest has' | sed 's/^/    /'
	else
		echo "vmtest: FAIL $name (exit $?)"
		# The unexplained differences first, then how it ended.
		echo "$out" | grep -a 'DIFF\|FAIL' | head -20 | sed 's/^/    /'
		echo "$out" | tail -5 | sed 's/^/    /'
	fi
}

# A demo guest passes when it leaves through isa-debug-exit with 0
# (runner status 1), printed at least one PASS and no FAIL line.
guest_ok() {
	out=$($RUN $(guest_args "$1") 2>&1)
	rc=$?
	echo "$out"
	[ $rc -eq 1 ] && echo "$out" | grep -q ': PASS ' &&
		! echo "$out" | grep -q ': FAIL '
}

# KVM's emulator cannot do MOVQ from an XMM register to MMIO (66 0f d6):
# KVM stops with an emulation failure and the instruction bytes, the
# adapter hands it to libvmexit's emulator, and the guest carries on and
# checks the value through the device.  The exit table must show the
# emulation exit, so the pass is the fallback's and not KVM's.
emulation_fallback() {
	out=$($RUN --kernel guests/long64.elf --append fallback --stats 2>&1)
	rc=$?
	echo "$out"
	[ $rc -eq 1 ] && echo "$out" | grep -q ': PASS MMIO MOVQ from XMM' &&
		! echo "$out" | grep -q ': FAIL ' &&
		echo "$out" | grep -q "^emulation-failure  *1 "
}

# The runner's errors: one line on stderr and the documented status.
runner_errors() {
	$RUN --help | grep -q '^usage:' || return 1
	$RUN --kernel /nonexistent 2>&1 >/dev/null | grep -q 'nonexistent' ||
		return 1
	$RUN --kernel /nonexistent 2>/dev/null; [ $? -eq 2 ] || return 1
	$RUN --kernel ./vm-payload.sh 2>&1 | grep -q 'bad ELF' || return 1
	$RUN --bogus 2>/dev/null; [ $? -eq 2 ]
}

case ${1:-tests} in
demo)
	for g in $GUESTS; do
		echo "== $RUN $(guest_args $g) --stats"
		$RUN $(guest_args $g) --stats 2>&1
		echo "== exit status $?"
	done
	# The emulation-failure fallback: an instruction KVM cannot do.
	if [ -e guests/long64.elf ]; then
		echo "== $RUN --kernel guests/long64.elf --append fallback --stats"
		$RUN --kernel guests/long64.elf --append fallback --stats 2>&1
		echo "== exit status $?"
	fi
	;;
*)
	t kvm-probe ./kvm-probe
	for g in $GUESTS; do
		t guest-$g guest_ok $g
	done
	[ -e guests/long64.elf ] &&
		t emulation-fallback emulation_fallback
	t runner-errors runner_errors
	for p in ./test-*; do
		[ -x "$p" ] && t "${p#./}" "$p"
	done
	;;
esac
echo vmtest-done
