#!/bin/sh
# make check: build everything once, then run each step, count passes and
# failures, and end with one summary line.  Exit status is non-zero if any
# step failed.  Environment comes from the Makefile.
set -u

pass=0
fail=0
failed=""
log=build/check.log
mkdir -p build
: > "$log"

step() {
	name=$1
	shift
	if "$@" >> "$log" 2>&1; then
		pass=$((pass + 1))
		echo "PASS  $name"
	else
		fail=$((fail + 1))
		failed="$failed $name"
		echo "FAIL  $name   (see $log)"
	fi
}

summary() {
	echo "check: $pass passed, $fail failed${failed:+ -$failed}"
	[ "$fail" -eq 0 ]
	exit $?
}

echo "== build (CC=$CC)"
if ! $MAKE --no-print-directory check-build >> "$log" 2>&1; then
	tail -40 "$log"
	fail=$((fail + 1))
	failed=" build"
	summary
fi

echo "== unit tests"
for t in $TESTS; do
	step "$t" build/default/tests/$t
done

echo "== command-line tools"
step cli/vmexit-decode sh tests/cli-decode.sh build/default/bin/vmexit-decode

echo "== unit tests under ASan+UBSan"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
for t in $TESTS; do
	step "san/$t" build/san/tests/$t
done

echo "== fuzz corpus replay (ASan+UBSan)"
for t in $FUZZ_TARGETS; do
	step "replay/$t" build/san/replay/$t fuzz/corpus/$t
done

echo "== freestanding core"
freestanding() {
	cc=$1
	for f in $CORE_SRCS; do
		$cc -std=c11 -ffreestanding -fno-builtin -nostdinc \
			-isystem "$($cc -print-file-name=include)" \
			-Wall -Wextra -Werror -Iinclude -Ilib -c "$f" -o /dev/null || return 1
	done
}
step "freestanding/$CC" freestanding "$CC"
other=clang
case "$CC" in *clang*) other=gcc ;; esac
if command -v "$other" > /dev/null; then
	step "warnings+freestanding/$other" sh -c \
		"$MAKE --no-print-directory CC=$other OPT_CFLAGS='-O2 -g' \
			B=build/$other lib >/dev/null && \
		 for f in $CORE_SRCS; do $other -std=c11 -ffreestanding \
			-fno-builtin -nostdinc \
			-isystem \"\$($other -print-file-name=include)\" \
			-Wall -Wextra -Werror -Iinclude -Ilib -c \$f -o /dev/null || exit 1; done"
fi

echo "== installed library through pkg-config"
pkgconfig_consumer() {
	stage=$PWD/build/stage
	rm -rf "$stage"
	$MAKE --no-print-directory install DESTDIR="$stage" PREFIX=/usr \
		> /dev/null || return 1
	$MAKE --no-print-directory uninstall DESTDIR="$stage" PREFIX=/usr \
		> /dev/null || return 1
	# uninstall must leave no library, header or .pc behind
	[ -z "$(find "$stage" -type f -o -type l)" ] || return 1
	$MAKE --no-print-directory install DESTDIR="$stage" PREFIX=/usr \
		> /dev/null || return 1
	export PKG_CONFIG_SYSROOT_DIR="$stage"
	export PKG_CONFIG_LIBDIR="$stage/usr/lib/pkgconfig"
	flags=$($PKG_CONFIG --cflags --libs vmexit) || return 1
	# shellcheck disable=SC2086
	$CC -o build/pkgconfig-consumer examples/vmexit-mock-demo.c $flags ||
		return 1
	LD_LIBRARY_PATH="$stage/usr/lib" build/pkgconfig-consumer || return 1
	# it must have run against the shared object
	LD_LIBRARY_PATH="$stage/usr/lib" ldd build/pkgconfig-consumer |
		grep -q "$stage/usr/lib/libvmexit.so.0"
}
step pkg-config pkgconfig_consumer

for c in $EXTRA_CHECKS; do
	echo "== $c"
	step "$c" $MAKE --no-print-directory "$c"
done

summary
