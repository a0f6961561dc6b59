#!/bin/sh
# vmexit-decode as the issue describes it: the ways people paste bytes,
# --json's fields, and one-line errors with exit status 2.  Expected
# output is the SDM's: 0F 11 /r is MOVUPS xmm2/m128, xmm1 (3 bytes);
# 66 0F D6 /r is MOVQ xmm2/m64, xmm1.
#   tests/cli-decode.sh BINARY
set -u
d=${1:?usage: cli-decode.sh BINARY}
fail=0
ok() { if "$@"; then :; else echo "FAIL: $*"; fail=1; fi; }
has() { printf '%s\n' "$1" | grep -q -- "$2"; }

for form in "0f 11 07" "0f1107" "0x0f,0x11,0x07" "<0f> 11 07"; do
	out=$("$d" "$form")
	ok has "$out" 'movups'
	ok has "$out" 'length 3'
	ok has "$out" '16 bytes, write'
done
# Separate arguments and a kernel oops line: decoding starts at <..>.
out=$("$d" 66 0f d6 07)
ok has "$out" 'movq ds:\[rdi\], xmm0'
out=$("$d" "Code: 55 48 89 e5 <0f> 0b 5d c3")
ok has "$out" '^0f 0b .*ud2'
# --json: one object per instruction with the required keys.
out=$("$d" --json 90 66 0f d6 07)
ok [ "$(printf '%s\n' "$out" | grep -c '^{')" -eq 2 ]
for k in '"length":4' '"valid":true' '"mnemonic":"movq"' '"emulated":true'; do
	ok has "$out" "$k"
done
# --mode changes the decoding: 40 is INC eAX in 32-bit mode, REX in 64.
ok has "$("$d" --mode 32 40)" 'inc'
# Bad arguments: one line on stderr, status 2.
for bad in "--mode 64x 90" "--bogus 90" "zz" "0f1" ""; do
	# shellcheck disable=SC2086
	err=$("$d" $bad 2>&1 >/dev/null); rc=$?
	ok [ "$rc" -eq 2 ]
	ok [ "$(printf '%s\n' "$err" | wc -l)" -eq 1 ]
done
exit $fail
