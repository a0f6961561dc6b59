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

# t NAME CMD...: passes when CMD exits 0.  A test whose last line starts
# with "NAME: " (its summary, e.g. how much it compared) has that line
# shown under the PASS line too.
t() {
	name=$1; shift
	if out=$("$@" 2>&1); then
		echo "vmtest: PASS $name"
		echo "$out" | tail -1 | grep "^$name: " | sed 's/^/    /'
	else
		echo "vmtest: FAIL $name (exit $?)"
		echo "$out" | tail -20 | sed 's/^/    /'
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
# the adapter must report the emulation failure with the instruction
# bytes.
# PENDING: libvmexit's emulator is not merged; vmexit_kvm_emulate() is a
# hook that returns VMEXIT_UNHANDLED, so today the runner stops with
# status 6 and names the bytes.  Once the emulator lands this test must
# expect the guest's PASS lines instead (guest_ok with --append fallback).
emulation_failure_reported() {
	out=$($RUN --kernel guests/long64.elf --append fallback 2>&1)
	rc=$?
	echo "$out"
	[ $rc -eq 6 ] &&
		echo "$out" | grep -q 'KVM cannot emulate 66 0f d6 83 80 00 00 00 .*, and libvmexit did not: unhandled'
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
	;;
*)
	t kvm-probe ./kvm-probe
	for g in $GUESTS; do
		t guest-$g guest_ok $g
	done
	[ -e guests/long64.elf ] &&
		t emulation-failure-reported emulation_failure_reported
	t runner-errors runner_errors
	for p in ./test-*; do
		[ -x "$p" ] && t "${p#./}" "$p"
	done
	;;
esac
echo vmtest-done
