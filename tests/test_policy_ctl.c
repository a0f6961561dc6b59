/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * XSETBV validation and VMX control computation.  Expected values are
 * worked out by hand from the manuals: the XSETBV exception list (SDM
 * Vol. 2) and the default1 classes of SDM Vol. 3 Appendix A (pin-based
 * bits 1, 2, 4; primary processor-based bits 1, 4-6, 8, 13-16, 26).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <vmexit/mock.h>
#include <vmexit/vmx_ctl.h>
#include <vmexit/x86.h>
#include <vmexit/xsetbv.h>

static int xs(uint32_t ecx, uint64_t val, unsigned cpl, uint64_t allowed)
{
	uint8_t vec = 0xff;
	int rc = vmexit_xsetbv_check(ecx, val, cpl, VMEXIT_CR4_OSXSAVE,
				     allowed, &vec);
	if (rc == VMEXIT_DONE)
		return -1;
	assert_int_equal(rc, VMEXIT_EXCEPTION);
	return vec;
}

static void test_xsetbv_rules(void **st)
{
	const uint64_t avx512 = 0x2e7; /* x87 SSE AVX opmask ZMM_Hi256 Hi16 PKRU */
	uint8_t vec;
	(void)st;

	assert_int_equal(xs(0, 0x1, 0, avx512), -1);
	assert_int_equal(xs(0, 0x3, 0, avx512), -1);
	assert_int_equal(xs(0, 0x7, 0, avx512), -1);
	assert_int_equal(xs(0, 0xe7, 0, avx512), -1);
	assert_int_equal(xs(0, 0x2e7, 0, avx512), -1);
	assert_int_equal(xs(0, 0x0, 0, avx512), 13);   /* x87 clear */
	assert_int_equal(xs(0, 0x6, 0, avx512), 13);   /* x87 clear */
	assert_int_equal(xs(0, 0x5, 0, avx512), 13);   /* AVX w/o SSE */
	assert_int_equal(xs(0, 0x27, 0, avx512), 13);  /* opmask alone */
	assert_int_equal(xs(0, 0x67, 0, avx512), 13);  /* two of three */
	assert_int_equal(xs(0, 0xc7, 0, avx512), 13);
	assert_int_equal(xs(0, 0xe3, 0, avx512), 13);  /* AVX-512 w/o AVX */
	assert_int_equal(xs(0, 0x1f, 0, avx512), 13);  /* MPX not allowed */
	assert_int_equal(xs(0, 0x1f, 0, 0x1f), -1);
	assert_int_equal(xs(0, 0x0f, 0, 0x1f), 13);    /* BNDREGS alone */
	assert_int_equal(xs(0, 0x60007, 0, 0x60007), -1);
	assert_int_equal(xs(0, 0x20007, 0, 0x60007), 13); /* TILECFG alone */
	assert_int_equal(xs(0, 1ull << 63, 0, avx512), 13);
	assert_int_equal(xs(1, 0x7, 0, avx512), 13);   /* XCR1 */
	assert_int_equal(xs(0, 0x7, 3, avx512), 13);   /* CPL 3 */
	assert_int_equal(vmexit_xsetbv_check(0, 7, 0, 0, avx512, &vec),
			 VMEXIT_EXCEPTION);
	assert_int_equal(vec, VMEXIT_EXC_UD);          /* OSXSAVE clear */
	assert_int_equal(vmexit_xsetbv_check(0, 7, 0, 0, avx512, NULL),
			 VMEXIT_ERR_CALLER);
}

static void test_xsetbv_vcpu(void **st)
{
	static uint8_t ram[4096];
	struct vmexit_mock m;
	struct vmexit_vcpu v;
	struct vmexit_vcpu_config cfg = { 0 };
	(void)st;

	assert_int_equal(vmexit_mock_init(&m, ram, sizeof(ram)), VMEXIT_DONE);
	assert_int_equal(vmexit_mock_set_mode(&m, VMEXIT_MODE_PROT32, 0, 0),
			 VMEXIT_DONE);
	m.sregs.cr4 |= VMEXIT_CR4_OSXSAVE;
	m.vregs.xcr0 = 1;
	m.regs.gpr[VMEXIT_RAX] = 0xffffffff00000007ull; /* high half ignored */
	m.regs.gpr[VMEXIT_RDX] = 0;
	m.regs.gpr[VMEXIT_RCX] = 0;
	assert_int_equal(vmexit_vcpu_init(&v, &vmexit_mock_ops, &m, &cfg),
			 VMEXIT_DONE);
	assert_int_equal(vmexit_vcpu_begin(&v), VMEXIT_DONE);
	assert_int_equal(vmexit_xsetbv(&v, 0x7), VMEXIT_DONE);
	assert_int_equal(vmexit_vcpu_flush(&v), VMEXIT_DONE);
	assert_int_equal(m.vregs.xcr0, 7);
	assert_int_equal(m.nr_events, 0);

	m.regs.gpr[VMEXIT_RAX] = 0x5; /* AVX without SSE */
	assert_int_equal(vmexit_vcpu_begin(&v), VMEXIT_DONE);
	assert_int_equal(vmexit_xsetbv(&v, 0x7), VMEXIT_EXCEPTION);
	assert_int_equal(vmexit_vcpu_flush(&v), VMEXIT_DONE);
	assert_int_equal(m.vregs.xcr0, 7);
	assert_int_equal(m.nr_events, 1);
	assert_int_equal(m.events[0].vector, VMEXIT_EXC_GP);
	assert_true(m.events[0].has_error);
	assert_int_equal(m.events[0].error, 0);
}

/* Capability values shaped like a real processor's. */
static struct vmexit_vmx_caps caps(bool true_ctls)
{
	struct vmexit_vmx_caps c;
	memset(&c, 0, sizeof(c));
	c.basic = true_ctls ? VMEXIT_VMX_BASIC_TRUE_CTLS : 0;
	c.pin = 0x0000007f00000016ull;
	c.true_pin = 0x0000007f00000000ull;
	c.proc = 0xfff9fffe0401e172ull;
	c.true_proc = 0xfff9fffe04006172ull;
	c.proc2 = 0x005fbcff00000000ull;
	c.exit = 0x01ffffff00036dffull;
	c.true_exit = 0x01ffffff00036dfbull;
	c.entry = 0x0003ffff000011ffull;
	c.true_entry = 0x0003ffff000011fbull;
	c.cr0_fixed0 = 0x80000021;
	c.cr0_fixed1 = 0xffffffff;
	c.cr4_fixed0 = 0x2000;
	c.cr4_fixed1 = 0x3727ff;
	return c;
}

static void test_vmx_controls(void **st)
{
	struct vmexit_vmx_caps c = caps(true);
	uint32_t val, bad;
	(void)st;

	/* Pin: ext-int exiting (0), NMI exiting (3), virtual NMIs (5); the
	 * default1 bits 1, 2, 4 come on: 0x29 | 0x16. */
	assert_int_equal(vmexit_vmx_ctl(&c, VMEXIT_VMX_CTL_PIN, 0x29, 0,
					&val, &bad), VMEXIT_DONE);
	assert_int_equal(val, 0x3f);
	/* TRUE controls let default1 bit 2 be 0. */
	assert_int_equal(vmexit_vmx_ctl(&c, VMEXIT_VMX_CTL_PIN, 0x29, 0x4,
					&val, &bad), VMEXIT_DONE);
	assert_int_equal(val, 0x3b);
	/* Posted interrupts (7) not offered. */
	assert_int_equal(vmexit_vmx_ctl(&c, VMEXIT_VMX_CTL_PIN, 0x80, 0,
					&val, &bad), VMEXIT_ERR_CALLER);
	assert_int_equal(bad, 0x80);
	assert_int_equal(vmexit_vmx_ctl(&c, VMEXIT_VMX_CTL_PIN, 0x1, 0x1,
					&val, &bad), VMEXIT_ERR_CALLER);
	assert_int_equal(bad, 0x1);

	/* Primary: HLT exiting (7), MSR bitmaps (28), secondary (31); CR3
	 * load/store exiting (15, 16) off.  The TRUE MSR's must-be-1 bits
	 * are 1, 4-6, 8, 13, 14, 26 = 0x04006172. */
	assert_int_equal(vmexit_vmx_ctl(&c, VMEXIT_VMX_CTL_PROC, 0x90000080,
					0x18000, &val, &bad), VMEXIT_DONE);
	assert_int_equal(val, 0x940061f2);
	/* Left alone, the default1 bits 15 and 16 are 1. */
	assert_int_equal(vmexit_vmx_ctl(&c, VMEXIT_VMX_CTL_PROC, 0x90000080,
					0, &val, &bad), VMEXIT_DONE);
	assert_int_equal(val, 0x9401e1f2);
	/* Bit 0 is reserved (allowed-1 clear). */
	assert_int_equal(vmexit_vmx_ctl(&c, VMEXIT_VMX_CTL_PROC, 1, 0, &val,
					&bad), VMEXIT_ERR_CALLER);
	assert_int_equal(bad, 1);

	/* Without TRUE MSRs bit 15 is fixed to 1. */
	c = caps(false);
	assert_int_equal(vmexit_vmx_ctl(&c, VMEXIT_VMX_CTL_PROC, 0x90000080,
					0x18000, &val, &bad), VMEXIT_ERR_CALLER);
	assert_int_equal(bad, 0x18000);
	assert_int_equal(vmexit_vmx_ctl(&c, VMEXIT_VMX_CTL_PIN, 0x29, 0x4,
					&val, &bad), VMEXIT_ERR_CALLER);
	assert_int_equal(bad, 0x4);

	/* Secondary: EPT (1), unrestricted guest (7); nothing default. */
	c = caps(true);
	assert_int_equal(vmexit_vmx_ctl(&c, VMEXIT_VMX_CTL_PROC2, 0x82, 0,
					&val, &bad), VMEXIT_DONE);
	assert_int_equal(val, 0x82);
	c.proc &= ~(1ull << 63); /* secondary controls not available */
	assert_int_equal(vmexit_vmx_ctl(&c, VMEXIT_VMX_CTL_PROC2, 0x82, 0,
					&val, &bad), VMEXIT_ERR_CALLER);
	assert_int_equal(bad, 0x82);

	/* Exit: host address-space size (9), ack interrupt (15); TRUE MSR
	 * lets default1 bit 2 (save debug controls) go to 0. */
	c = caps(true);
	assert_int_equal(vmexit_vmx_ctl(&c, VMEXIT_VMX_CTL_EXIT, 0x8200, 0x4,
					&val, &bad), VMEXIT_DONE);
	assert_int_equal(val, 0x00036dfbu | 0x8200);
	assert_int_equal(vmexit_vmx_ctl(&c, 9, 0, 0, &val, &bad),
			 VMEXIT_ERR_CALLER);
	assert_int_equal(vmexit_vmx_ctl(NULL, 0, 0, 0, &val, &bad),
			 VMEXIT_ERR_CALLER);
}

static void test_vmx_cr_fixed(void **st)
{
	struct vmexit_vmx_caps c = caps(true);
	uint64_t bad;
	(void)st;

	assert_true(vmexit_vmx_cr0_ok(&c, 0x80000031, false, &bad));
	assert_false(vmexit_vmx_cr0_ok(&c, 0x30, false, &bad));
	assert_int_equal(bad, 0x80000001);
	assert_true(vmexit_vmx_cr0_ok(&c, 0x30, true, &bad));
	assert_false(vmexit_vmx_cr0_ok(&c, 0x10, true, &bad)); /* NE */
	assert_int_equal(bad, 0x20);
	assert_false(vmexit_vmx_cr0_ok(&c, 0x80000030, true, &bad));
	assert_int_equal(bad, 0x80000000);            /* PG without PE */
	assert_false(vmexit_vmx_cr0_ok(&c, 0x80000021 | (1ull << 32), false,
				       &bad));
	assert_int_equal(bad, 1ull << 32);
	assert_true(vmexit_vmx_cr4_ok(&c, 0x2020, &bad));
	assert_false(vmexit_vmx_cr4_ok(&c, 0x20, &bad));
	assert_int_equal(bad, 0x2000);
	assert_false(vmexit_vmx_cr4_ok(&c, 0x2000 | (1u << 23), &bad));
	assert_int_equal(bad, 1u << 23);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_xsetbv_rules),
		cmocka_unit_test(test_xsetbv_vcpu),
		cmocka_unit_test(test_vmx_controls),
		cmocka_unit_test(test_vmx_cr_fixed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
