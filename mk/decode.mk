# The instruction decoder (issue 3): the 32-bit objects the differential
# test decodes, and make bench.

# bench counts instructions with callgrind.
DEPS_PACKAGES += valgrind

# Real code for tests/test_decode_diff.c in 32- and 16-bit mode, compared
# function by function against Zydis and capstone:
#   build/decode32/core    the core, freestanding, gcc -m32 -O2
#   build/decode32/avx512  the same at -O3 -march=x86-64-v4 (VEX and EVEX
#                          encodings in 32-bit code)
#   build/decode32/prog    32-bit builds of the project's programs: the mock
#                          demo and vmexit-decode linked with the library,
#                          and test programs as objects (their cmocka calls
#                          are only calls); needs gcc -m32 with a 32-bit libc
#   build/decode16/core    the core built with gcc -m16 (code for a 16-bit
#                          code segment, with 66/67 prefixes)
#   build/decode16/guest   examples/guests/real.S, the real-mode demo guest
DEPS_PACKAGES += gcc-multilib

DECODE_XOBJS = $(patsubst lib/%.c,$(1)/%.o,$(subst lib/x86/,lib/x86-,$(CORE_SRCS)))
DECODE32_OBJS := $(call DECODE_XOBJS,build/decode32/core)
DECODE32V_OBJS := $(call DECODE_XOBJS,build/decode32/avx512)
DECODE16_OBJS := $(call DECODE_XOBJS,build/decode16/core)
DECODE_XFLAGS := -std=c11 -O2 -ffreestanding -fno-pic -Iinclude -Ilib -MMD -MP

build/decode32/core/x86-%.o: lib/x86/%.c
	@mkdir -p $(dir $@)
	$(CC) -m32 $(DECODE_XFLAGS) -c $< -o $@
build/decode32/core/%.o: lib/%.c
	@mkdir -p $(dir $@)
	$(CC) -m32 $(DECODE_XFLAGS) -c $< -o $@
build/decode32/avx512/x86-%.o: lib/x86/%.c
	@mkdir -p $(dir $@)
	$(CC) -m32 $(DECODE_XFLAGS) -O3 -march=x86-64-v4 -c $< -o $@
build/decode32/avx512/%.o: lib/%.c
	@mkdir -p $(dir $@)
	$(CC) -m32 $(DECODE_XFLAGS) -O3 -march=x86-64-v4 -c $< -o $@
# Each function in its own section: a 16-bit code segment holds at most
# 64 KiB, less than the decoder's code.
DECODE16_XFLAGS := $(DECODE_XFLAGS) -ffunction-sections
build/decode16/core/x86-%.o: lib/x86/%.c
	@mkdir -p $(dir $@)
	$(CC) -m16 $(DECODE16_XFLAGS) -c $< -o $@
build/decode16/core/%.o: lib/%.c
	@mkdir -p $(dir $@)
	$(CC) -m16 $(DECODE16_XFLAGS) -c $< -o $@

build/decode16/guest/real.o: examples/guests/real.S examples/guests/common.h
	@mkdir -p $(dir $@)
	$(CC) -m32 -Iexamples/guests -c $< -o $@

# Whether gcc -m32 can link against a 32-bit libc.
DECODE_M32_LIBC := $(shell printf 'int main(void){return 0;}\n' | \
	$(CC) -m32 -x c - -o /dev/null 2>/dev/null && echo yes)
DECODE32_LIBOBJS := $(patsubst %.c,build/decode32/lib/%.o,$(CORE_SRCS) lib/backend/mock.c)
DECODE32_TESTS := test_flags test_decode test_emulate test_emulate_modes \
	test_segment test_paging test_task
DECODE32_PROGS := build/decode32/prog/vmexit-mock-demo \
	build/decode32/prog/vmexit-decode \
	$(DECODE32_TESTS:%=build/decode32/prog/%.o)
DECODE32_CFLAGS := -m32 -std=c11 -D_DEFAULT_SOURCE -O2 -g0 -Iinclude -Ilib -Itests -MMD -MP

build/decode32/lib/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(DECODE32_CFLAGS) -c $< -o $@
build/decode32/prog/%.o: tests/%.c
	@mkdir -p $(dir $@)
	$(CC) $(DECODE32_CFLAGS) -c $< -o $@
build/decode32/prog/vmexit-%: examples/vmexit-%.c $(DECODE32_LIBOBJS)
	@mkdir -p $(dir $@)
	$(CC) $(DECODE32_CFLAGS) -o $@ $^

CHECK_BUILD += $(DECODE32_OBJS) $(DECODE32V_OBJS) $(DECODE16_OBJS) \
	build/decode16/guest/real.o
ifeq ($(DECODE_M32_LIBC),yes)
CHECK_BUILD += $(DECODE32_PROGS)
endif

# Just what tests/test_decode_diff.c needs (for iterating on it).
.PHONY: decode-diff
decode-diff: $(B)/tests/test_decode_diff $(DECODE32_OBJS) $(DECODE32V_OBJS) \
		$(DECODE16_OBJS) build/decode16/guest/real.o \
		$(if $(filter yes,$(DECODE_M32_LIBC)),$(DECODE32_PROGS))

# make bench: time per instruction for libvmexit, Zydis and capstone, and
# instructions executed per decoded instruction under callgrind.
.PHONY: bench
bench: $(B)/bench/decode-bench
	$(B)/bench/decode-bench
	@echo "== callgrind (instructions executed per decoded instruction)"
	@for what in vmexit-real vmexit-mmio zydis-real zydis-mmio capstone-real capstone-mmio; do \
		valgrind --tool=callgrind --callgrind-out-file=/dev/null \
			--toggle-collect='bench_decode_*' \
			$(B)/bench/decode-bench --callgrind $$what 2>&1 | \
		awk -v w=$$what '/Collected/ { c = $$4 } /^count/ { n = $$2 } \
			END { if (n) printf "%-14s %10.1f instructions/insn\n", w, c / n }'; \
	done

$(B)/bench/decode-bench: bench/decode.c tests/lib/decode_oracle.c $(B)/libvmexit.a
	@mkdir -p $(dir $@)
	$(CC) $(BASE_CFLAGS) -O2 -g -Itests -o $@ bench/decode.c \
		tests/lib/decode_oracle.c $(B)/libvmexit.a -lZydis -lcapstone

# The template path's tables (lib/x86/decode_tmpl.c) are generated from
# the general path; test_decode_tmpl (make check) fails when they are not
# current, and this writes them.
.PHONY: decode-tmpl
decode-tmpl: $(B)/tests/test_decode_tmpl
	$(B)/tests/test_decode_tmpl --write lib/x86/decode_tmpl.c
