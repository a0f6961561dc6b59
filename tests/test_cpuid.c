/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * CPUID policy.  A synthetic host table with values worked out by hand
 * from the SDM's CPUID leaf layouts, and the host CPU itself as an oracle
 * for the XSAVE sizes: with the host's own XCR0, leaf 0DH must report the
 * sizes the host reports.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <cpuid.h>

#include <vmexit/cpuid.h>
#include <vmexit/mock.h>
#include <vmexit/x86.h>

static const struct vmexit_cpuid_entry intel[] = {
	{ 0x0, 0, { 0xd, 0x756e6547, 0x6c65746e, 0x49656e69 } },
	{ 0x1, 0, { 0x000906ea, 0x00100800, 0x7ffafbff, 0xbfebfbff } },
	{ 0x5, 0, { 0x40, 0x40, 0x3, 0x11142120 } },
	{ 0xa, 0, { 0x07300404, 0, 0, 0x603 } },
	{ 0xd, 0, { 0x2e7, 0xa88, 0xa88, 0 } },
	{ 0xd, 1, { 0xf, 0xa88, 0x100, 0 } },
	{ 0xd, 2, { 256, 576, 0, 0 } },
	{ 0xd, 5, { 64, 1088, 0, 0 } },
	{ 0xd, 6, { 512, 1152, 0, 0 } },
	{ 0xd, 7, { 1024, 1664, 0, 0 } },
	{ 0xd, 9, { 8, 2688, 0, 0 } },
	{ 0x80000000, 0, { 0x80000008, 0, 0, 0 } },
	{ 0x80000001, 0, { 0, 0, 0x121 | 0x4, 0x2c100800 } },
	{ 0x80000008, 0, { 0x3027, 0, 0x3, 0 } },
};

static struct vmexit_cpuid_config config(void)
{
	struct vmexit_cpuid_config c;
	memset(&c, 0, sizeof(c));
	c.host = intel;
	c.nr_host = sizeof(intel) / sizeof(intel[0]);
	c.apic_id = 5;
	c.threads_per_core = 2;
	c.cores_per_package = 4;
	c.xcr0_allowed = 0x7;
	memcpy(c.signature, "libvmexitVMM", 12);
	c.hv_max_leaf = 0x40000001;
	return c;
}

static struct vmexit_cpuid_regs q(const struct vmexit_cpuid_config *c,
				  uint32_t leaf, uint32_t sub, uint64_t cr4,
				  uint64_t xcr0)
{
	struct vmexit_cpuid_regs r;
	assert_int_equal(vmexit_cpuid_query(c, leaf, sub, cr4, xcr0, &r),
			 VMEXIT_DONE);
	return r;
}

static void test_leaf1_and_hidden(void **st)
{
	struct vmexit_cpuid_config c = config();
	struct vmexit_cpuid_regs r;
	(void)st;

	r = q(&c, 0, 0, 0, 1);
	assert_int_equal(r.eax, 0xd);
	/* EBX: APIC ID 5 in 31:24, 8 addressable IDs in 23:16, CLFLUSH
	 * size and brand index kept.  ECX: VMX (5), MONITOR (3), PDCM (15)
	 * and OSXSAVE (27) cleared, hypervisor (31) set. */
	r = q(&c, 1, 0, 0, 1);
	assert_int_equal(r.ebx, 0x05080800);
	assert_int_equal(r.ecx, 0xf7fa7bd7);
	assert_int_equal(r.edx, 0xbfebfbff);
	r = q(&c, 1, 0, VMEXIT_CR4_OSXSAVE, 1);
	assert_int_equal(r.ecx, 0xfffa7bd7);
	c.nested = c.mwait = c.pmu = true;
	r = q(&c, 1, 0, 0, 1);
	assert_int_equal(r.ecx, 0xf7fafbff);
	assert_int_equal(q(&c, 5, 0, 0, 1).eax, 0x40);
	assert_int_equal(q(&c, 0xa, 0, 0, 1).eax, 0x07300404);
	c = config();
	r = q(&c, 5, 0, 0, 1);
	assert_int_equal(r.eax | r.ebx | r.ecx | r.edx, 0);
	r = q(&c, 0xa, 0, 0, 1);
	assert_int_equal(r.eax | r.ebx | r.ecx | r.edx, 0);

	/* Extended: SVM (2) hidden; 80000008H ECX[7:0] = 8 - 1. */
	r = q(&c, 0x80000001, 0, 0, 1);
	assert_int_equal(r.ecx, 0x121);
	r = q(&c, 0x80000008, 0, 0, 1);
	assert_int_equal(r.ecx, 7);
	r = q(&c, 0x8000000a, 0, 0, 1); /* above the extended maximum */
	assert_int_equal(r.eax | r.ebx | r.ecx | r.edx, 0);
}

static void test_topology_hv(void **st)
{
	struct vmexit_cpuid_config c = config();
	struct vmexit_cpuid_regs r;
	(void)st;

	/* 0BH: SMT level (shift 1, 2 threads), core level (shift 1+2, 8),
	 * then invalid; EDX the x2APIC ID throughout. */
	r = q(&c, 0xb, 0, 0, 1);
	assert_int_equal(r.eax, 1);
	assert_int_equal(r.ebx, 2);
	assert_int_equal(r.ecx, 0x100);
	assert_int_equal(r.edx, 5);
	r = q(&c, 0xb, 1, 0, 1);
	assert_int_equal(r.eax, 3);
	assert_int_equal(r.ebx, 8);
	assert_int_equal(r.ecx, 0x201);
	r = q(&c, 0xb, 2, 0, 1);
	assert_int_equal(r.eax, 0);
	assert_int_equal(r.ebx, 0);
	assert_int_equal(r.ecx, 2);
	assert_int_equal(r.edx, 5);

	/* "libv" "mexi" "tVMM" little-endian. */
	r = q(&c, 0x40000000, 0, 0, 1);
	assert_int_equal(r.eax, 0x40000001);
	assert_int_equal(r.ebx, 0x7662696c);
	assert_int_equal(r.ecx, 0x6978656d);
	assert_int_equal(r.edx, 0x4d4d5674);
	r = q(&c, 0x40000001, 0, 0, 1);
	assert_int_equal(r.eax | r.ebx | r.ecx | r.edx, 0);

	/* Above the basic maximum: Intel repeats the highest leaf (0DH). */
	struct vmexit_cpuid_regs d = q(&c, 0xd, 0, 0, 7);
	r = q(&c, 0x14, 0, 0, 7);
	assert_memory_equal(&r, &d, sizeof(r));
	/* AMD answers zero. */
	struct vmexit_cpuid_entry amd[sizeof(intel) / sizeof(intel[0])];
	memcpy(amd, intel, sizeof(amd));
	amd[0].r.ebx = 0x68747541; /* "Auth" */
	c.host = amd;
	r = q(&c, 0x14, 0, 0, 7);
	assert_int_equal(r.eax | r.ebx | r.ecx | r.edx, 0);
	c.threads_per_core = 0;
	assert_int_equal(vmexit_cpuid_query(&c, 1, 0, 0, 1, &r),
			 VMEXIT_ERR_CALLER);
}

static void test_xsave_sizes(void **st)
{
	struct vmexit_cpuid_config c = config();
	struct vmexit_cpuid_regs r;
	(void)st;

	/* Allowed x87|SSE|AVX: max 576 + 256 = 832. */
	r = q(&c, 0xd, 0, 0, 0x3);
	assert_int_equal(r.eax, 7);
	assert_int_equal(r.edx, 0);
	assert_int_equal(r.ebx, 576);
	assert_int_equal(r.ecx, 832);
	assert_int_equal(q(&c, 0xd, 0, 0, 0x7).ebx, 832);
	assert_int_equal(q(&c, 0xd, 0, 0, 0xe7).ebx, 832); /* not allowed */
	r = q(&c, 0xd, 5, 0, 7);
	assert_int_equal(r.eax | r.ebx, 0);
	assert_int_equal(q(&c, 0xd, 1, 0, 7).ecx, 0);       /* no XSS */
	/* Everything the host has: PKRU ends at 2688 + 8 = 2696. */
	c.xcr0_allowed = ~0ull;
	r = q(&c, 0xd, 0, 0, 0x2e7);
	assert_int_equal(r.eax, 0x2e7);
	assert_int_equal(r.ebx, 2696);
	assert_int_equal(r.ecx, 2696);
	assert_int_equal(q(&c, 0xd, 0, 0, 0xe7).ebx, 2688);
	r = q(&c, 0xd, 5, 0, 7);
	assert_int_equal(r.eax, 64);
	assert_int_equal(r.ebx, 1088);
}

/* The host CPU as oracle: its own XCR0 must give its own sizes. */
static void test_host_oracle(void **st)
{
	struct vmexit_cpuid_entry t[80];
	unsigned n = 0, a = 0, b = 0, cc = 0, d = 0;
	(void)st;

	if (!__get_cpuid_count(1, 0, &a, &b, &cc, &d) || !(cc & (1u << 27)))
		skip(); /* no OSXSAVE: nothing to compare */
	for (unsigned leaf = 0; leaf <= 1; leaf++) {
		__get_cpuid_count(leaf, 0, &a, &b, &cc, &d);
		t[n++] = (struct vmexit_cpuid_entry){ leaf, 0, { a, b, cc, d } };
	}
	if (t[0].r.eax < 0xd)
		skip();
	for (unsigned sub = 0; sub < 63 && n < 80; sub++) {
		__get_cpuid_count(0xd, sub, &a, &b, &cc, &d);
		t[n++] = (struct vmexit_cpuid_entry){ 0xd, sub, { a, b, cc, d } };
	}
	uint32_t lo, hi;
	__asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
	uint64_t xcr0 = ((uint64_t)hi << 32) | lo;

	struct vmexit_cpuid_config c = config();
	c.host = t;
	c.nr_host = n;
	c.xcr0_allowed = ~0ull;
	struct vmexit_cpuid_regs host, r;
	__get_cpuid_count(0xd, 0, &host.eax, &host.ebx, &host.ecx, &host.edx);
	r = q(&c, 0xd, 0, VMEXIT_CR4_OSXSAVE, xcr0);
	assert_int_equal(r.ebx, host.ebx);
	assert_int_equal(r.ecx, host.ecx);
	assert_int_equal(r.eax, host.eax);
}

static void test_cpuid_insn(void **st)
{
	static uint8_t ram[4096];
	struct vmexit_mock m;
	struct vmexit_vcpu v;
	struct vmexit_vcpu_config vc = { 0 };
	struct vmexit_cpuid_config c = config();
	(void)st;

	assert_int_equal(vmexit_mock_init(&m, ram, sizeof(ram)), VMEXIT_DONE);
	assert_int_equal(vmexit_mock_set_mode(&m, VMEXIT_MODE_LONG64, 0, 0),
			 VMEXIT_DONE);
	m.regs.gpr[VMEXIT_RAX] = 0xffffffff0000000bull;
	m.regs.gpr[VMEXIT_RCX] = 1;
	m.regs.gpr[VMEXIT_RBX] = ~0ull;
	m.regs.gpr[VMEXIT_RDX] = ~0ull;
	assert_int_equal(vmexit_vcpu_init(&v, &vmexit_mock_ops, &m, &vc),
			 VMEXIT_DONE);
	assert_int_equal(vmexit_vcpu_begin(&v), VMEXIT_DONE);
	assert_int_equal(vmexit_cpuid(&v, &c), VMEXIT_DONE);
	assert_int_equal(vmexit_vcpu_flush(&v), VMEXIT_DONE);
	assert_int_equal(m.regs.gpr[VMEXIT_RAX], 3);
	assert_int_equal(m.regs.gpr[VMEXIT_RBX], 8);
	assert_int_equal(m.regs.gpr[VMEXIT_RCX], 0x201);
	assert_int_equal(m.regs.gpr[VMEXIT_RDX], 5);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_leaf1_and_hidden),
		cmocka_unit_test(test_topology_hv),
		cmocka_unit_test(test_xsave_sizes),
		cmocka_unit_test(test_host_oracle),
		cmocka_unit_test(test_cpuid_insn),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
