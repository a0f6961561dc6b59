# The emulator's benchmark (issue 4), part of make bench: decode plus
# emulate of one MMIO store on the mock backend, timed and counted with
# callgrind (instructions executed per exit).
.PHONY: bench bench-emulate
bench: bench-emulate

bench-emulate: $(B)/bench/emulate-bench
	@echo "== emulate: mov %eax,0x10(%rbx) to MMIO, exit to write-back"
	$(B)/bench/emulate-bench
	@for what in emulate_bytes emulate_fetch emulate_hint emulate_vmx decode_only; do \
		valgrind --tool=callgrind --callgrind-out-file=/dev/null \
			--toggle-collect=bench_$$what \
			$(B)/bench/emulate-bench --callgrind $$what 2>&1 | \
		awk -v w=$$what '/Collected/ { c = $$4 } /^count/ { n = $$2 } \
			END { if (n) printf "%-14s %10.1f instructions/exit\n", w, c / n }'; \
	done

$(B)/bench/emulate-bench: bench/emulate.c $(B)/libvmexit.a
	@mkdir -p $(dir $@)
	$(CC) $(BASE_CFLAGS) -O2 -g -o $@ bench/emulate.c $(B)/libvmexit.a
