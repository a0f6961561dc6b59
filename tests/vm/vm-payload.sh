#!/bin/sh
# The tests that need a real KVM; runs inside the test VM (or on a host
# with /dev/kvm) from the payload folder.  One "vmtest:" line per test.
cd "$(dirname "$0")"

# t NAME CMD...: passes when CMD exits 0.
t() {
	name=$1; shift
	if out=$("$@" 2>&1); then
		echo "vmtest: PASS $name"
	else
		echo "vmtest: FAIL $name (exit $?)"
		echo "$out" | tail -20 | sed 's/^/    /'
	fi
}

t kvm-probe ./kvm-probe
echo vmtest-done
