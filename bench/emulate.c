/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * make bench: decode plus emulate of `mov %eax,0x10(%rbx)` (89 43 10) to
 * an MMIO address on the mock backend, from the exit to the completed
 * register write-back (begin, emulate, flush), 64-bit guest with 4-level
 * paging.  The instruction bytes come with the exit (SVM decode assist,
 * KVM's emulation-failure exit) or are fetched from guest memory through
 * the page walk; the exit names no address, or names it with its
 * translation as a VMX EPT violation does (emulate_hint with the bytes,
 * emulate_vmx without: what a VMX hypervisor has).  Prints ns per exit;
 * with --callgrind CASE runs only that case, for instruction counts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <vmexit/decode.h>
#include <vmexit/emulate.h>
#include <vmexit/mock.h>
#include <vmexit/x86.h>

#define N 200000
#define DEV 0xfee00000ull

static uint8_t ram[1 << 20];
static const uint8_t insn[] = { 0x89, 0x43, 0x10 };

static int dev(void *opaque, uint64_t gpa, void *data, unsigned size,
	       bool write)
{
	(void)opaque;
	(void)gpa;
	if (!write)
		memset(data, 0, size);
	return VMEXIT_DONE;
}

static void put64(uint64_t gpa, uint64_t v)
{
	memcpy(&ram[gpa], &v, 8);
}

static void setup(struct vmexit_mock *m, struct vmexit_vcpu *v)
{
	vmexit_mock_init(m, ram, sizeof(ram));
	vmexit_mock_set_mode(m, VMEXIT_MODE_LONG64, 0, 0x1000);
	/* 2-MByte identity page for 0-2 MiB, a 4-KByte page for the device
	 * at linear 0x200000. */
	put64(0x1000, 0x2000 | 7);
	put64(0x2000, 0x3000 | 7);
	put64(0x3000, 0x0 | 0x87);
	put64(0x3008, 0x4000 | 7);
	put64(0x4000, DEV | 7);
	vmexit_mock_add_mmio(m, DEV, 0x1000, dev, NULL);
	memcpy(&ram[0x8000], insn, sizeof(insn));
	m->regs.gpr[VMEXIT_RBX] = 0x200000;
	m->regs.gpr[VMEXIT_RAX] = 42;
	vmexit_vcpu_init(v, &vmexit_mock_ops, m, NULL);
}

/* One exit; noinline so callgrind can collect exactly this. */
static __attribute__((noinline)) int bench_emulate_bytes(struct vmexit_mock *m,
						  struct vmexit_vcpu *v)
{
	m->regs.rip = 0x8000;
	vmexit_vcpu_begin(v);
	int rc = vmexit_emulate_at_rip(v, insn, sizeof(insn), NULL);
	return rc | vmexit_vcpu_flush(v);
}

static __attribute__((noinline)) int bench_emulate_fetch(struct vmexit_mock *m,
						  struct vmexit_vcpu *v)
{
	m->regs.rip = 0x8000;
	vmexit_vcpu_begin(v);
	int rc = vmexit_emulate_at_rip(v, NULL, 0, NULL);
	return rc | vmexit_vcpu_flush(v);
}

/* With the exit's addresses, as an EPT violation on the final access
 * reports them: the guest-physical address is the processor's translation
 * of the linear address, so the access is not walked again. */
static const struct vmexit_emul_hint ept_hint = {
	.gpa_valid = true, .la_valid = true,
	.xlat_valid = true, .xlat_acc = VMEXIT_ACC_WRITE,
	.gpa = DEV + 0x10, .la = 0x200010,
};

static __attribute__((noinline)) int bench_emulate_hint(struct vmexit_mock *m,
						 struct vmexit_vcpu *v)
{
	m->regs.rip = 0x8000;
	vmexit_vcpu_begin(v);
	int rc = vmexit_emulate_at_rip(v, insn, sizeof(insn), &ept_hint);
	return rc | vmexit_vcpu_flush(v);
}

/* What a VMX EPT violation gives: no instruction bytes (fetched through
 * the page walk), the addresses and the translation of the access. */
static __attribute__((noinline)) int bench_emulate_vmx(struct vmexit_mock *m,
						struct vmexit_vcpu *v)
{
	m->regs.rip = 0x8000;
	vmexit_vcpu_begin(v);
	int rc = vmexit_emulate_at_rip(v, NULL, 0, &ept_hint);
	return rc | vmexit_vcpu_flush(v);
}

static __attribute__((noinline)) int bench_decode_only(struct vmexit_mock *m,
						struct vmexit_vcpu *v)
{
	struct vmexit_insn d;
	(void)m;
	(void)v;
	return vmexit_decode(insn, sizeof(insn), VMEXIT_DECODE_64, &d);
}

static const struct {
	const char *name;
	int (*fn)(struct vmexit_mock *, struct vmexit_vcpu *);
} cases[] = {
	{ "emulate_bytes", bench_emulate_bytes },
	{ "emulate_fetch", bench_emulate_fetch },
	{ "emulate_hint", bench_emulate_hint },
	{ "emulate_vmx", bench_emulate_vmx },
	{ "decode_only", bench_decode_only },
};

int main(int argc, char **argv)
{
	static struct vmexit_mock m;
	struct vmexit_vcpu v;
	unsigned n = N;
	const char *only = NULL;

	if (argc == 3 && !strcmp(argv[1], "--callgrind")) {
		only = argv[2];
		n = 1000;
	}
	setup(&m, &v);
	for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		struct timespec t0, t1;
		if (only && strcmp(only, cases[c].name))
			continue;
		if (cases[c].fn(&m, &v) != 0) {
			fprintf(stderr, "bench: %s failed\n", cases[c].name);
			return 1;
		}
		clock_gettime(CLOCK_MONOTONIC, &t0);
		for (unsigned i = 0; i < n; i++)
			cases[c].fn(&m, &v);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		double ns = ((t1.tv_sec - t0.tv_sec) * 1e9 +
			     (t1.tv_nsec - t0.tv_nsec)) / n;
		if (only)
			printf("count %u\n", n + 1);
		else
			printf("%-14s %8.1f ns/exit\n", cases[c].name, ns);
	}
	return 0;
}
