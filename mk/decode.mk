# The instruction decoder (issue 3): the 32-bit objects the differential
# test decodes, and make bench.

# bench counts instructions with callgrind.
DEPS_PACKAGES += valgrind

# The core built as 32-bit code and as 16-bit code (gcc -m16: code for a
# 16-bit code segment, with 66/67 prefixes), freestanding so no 32-bit libc
# is needed: tests/test_decode_diff.c compares every function of them
# against Zydis and capstone in 32- and 16-bit mode.
DECODE_XOBJS = $(patsubst lib/%.c,$(1)/%.o,$(subst lib/x86/,lib/x86-,$(CORE_SRCS)))
DECODE32_OBJS := $(call DECODE_XOBJS,build/decode32)
DECODE16_OBJS := $(call DECODE_XOBJS,build/decode16)
DECODE_XFLAGS := -std=c11 -O2 -ffreestanding -fno-pic -Iinclude -Ilib

build/decode32/x86-%.o: lib/x86/%.c
	@mkdir -p $(dir $@)
	$(CC) -m32 $(DECODE_XFLAGS) -c $< -o $@
build/decode32/%.o: lib/%.c
	@mkdir -p $(dir $@)
	$(CC) -m32 $(DECODE_XFLAGS) -c $< -o $@
build/decode16/x86-%.o: lib/x86/%.c
	@mkdir -p $(dir $@)
	$(CC) -m16 $(DECODE_XFLAGS) -c $< -o $@
build/decode16/%.o: lib/%.c
	@mkdir -p $(dir $@)
	$(CC) -m16 $(DECODE_XFLAGS) -c $< -o $@

CHECK_BUILD += $(DECODE32_OBJS) $(DECODE16_OBJS)

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
