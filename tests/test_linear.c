/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Segmentation checks (SDM Vol. 3, "Segment-Level Protection", "Limit
 * Checking", "Type Checking", 64-bit "Canonical Addressing", #AC).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "lib/guest.h"

static struct guest g;

static int setup32(void **state)
{
	(void)state;
	return guest_init(&g, VMEXIT_MODE_PROT32, VMEXIT_PAGING_NONE);
}

static int teardown(void **state)
{
	(void)state;
	guest_free(&g);
	return 0;
}

static int lin(unsigned seg, uint64_t off, unsigned size, unsigned acc,
	       unsigned align, uint64_t *la, struct vmexit_fault *f)
{
	guest_exit(&g);
	return vmexit_linear_probe(&g.vcpu, seg, off, size, acc, align, la, f);
}

static void set_seg(unsigned seg, uint64_t base, uint32_t limit, uint32_t ar)
{
	g.mock.sregs.seg[seg].base = base;
	g.mock.sregs.seg[seg].limit = limit;
	g.mock.sregs.seg[seg].ar = ar;
}

#define DATA_RW (VMEXIT_AR_P | VMEXIT_AR_S | 0x3 | VMEXIT_AR_DB)
#define DATA_RO (VMEXIT_AR_P | VMEXIT_AR_S | 0x1 | VMEXIT_AR_DB)
#define DATA_DOWN (DATA_RW | VMEXIT_AR_TYPE_EC)
#define CODE_XO (VMEXIT_AR_P | VMEXIT_AR_S | 0x9 | VMEXIT_AR_DB)
#define CODE_XR (VMEXIT_AR_P | VMEXIT_AR_S | 0xb | VMEXIT_AR_DB)

static void expect_fault(int rc, const struct vmexit_fault *f, unsigned vec)
{
	assert_int_equal(rc, VMEXIT_EXCEPTION);
	assert_int_equal(f->vector, vec);
	assert_true(f->has_error);
	assert_int_equal(f->error, 0);
}

static void test_limits(void **state)
{
	struct vmexit_fault f;
	uint64_t la;
	(void)state;

	set_seg(VMEXIT_SEG_DS, 0x10000, 0xfff, DATA_RW);
	assert_int_equal(lin(VMEXIT_SEG_DS, 0xffc, 4, 0, 0, &la, &f),
			 VMEXIT_DONE);
	assert_int_equal(la, 0x10ffc);
	/* The last byte is past the limit. */
	expect_fault(lin(VMEXIT_SEG_DS, 0xffd, 4, 0, 0, &la, &f), &f,
		     VMEXIT_EXC_GP);
	/* The same through SS is #SS. */
	set_seg(VMEXIT_SEG_SS, 0x10000, 0xfff, DATA_RW);
	expect_fault(lin(VMEXIT_SEG_SS, 0x1000, 1, VMEXIT_ACC_WRITE, 0, &la,
			 &f), &f, VMEXIT_EXC_SS);
	/* Expand-down with B = 1: valid offsets limit+1 .. FFFFFFFFH. */
	set_seg(VMEXIT_SEG_ES, 0, 0xfff, DATA_DOWN);
	expect_fault(lin(VMEXIT_SEG_ES, 0xfff, 1, 0, 0, &la, &f), &f,
		     VMEXIT_EXC_GP);
	assert_int_equal(lin(VMEXIT_SEG_ES, 0x1000, 4, 0, 0, &la, &f),
			 VMEXIT_DONE);
	assert_int_equal(lin(VMEXIT_SEG_ES, 0xfffffffc, 4, 0, 0, &la, &f),
			 VMEXIT_DONE);
	expect_fault(lin(VMEXIT_SEG_ES, 0xfffffffd, 4, 0, 0, &la, &f), &f,
		     VMEXIT_EXC_GP);
	/* Expand-down with B = 0: the upper bound is FFFFH. */
	set_seg(VMEXIT_SEG_ES, 0, 0xfff, DATA_DOWN & ~VMEXIT_AR_DB);
	assert_int_equal(lin(VMEXIT_SEG_ES, 0xfffe, 2, 0, 0, &la, &f),
			 VMEXIT_DONE);
	expect_fault(lin(VMEXIT_SEG_ES, 0xffff, 2, 0, 0, &la, &f), &f,
		     VMEXIT_EXC_GP);
	/* Base + offset wraps at 4 GBytes outside 64-bit mode. */
	set_seg(VMEXIT_SEG_FS, 0xfffff000, 0xffffffff, DATA_RW);
	assert_int_equal(lin(VMEXIT_SEG_FS, 0x2000, 4, 0, 0, &la, &f),
			 VMEXIT_DONE);
	assert_int_equal(la, 0x1000);
	/* Offsets are 32 bits: the caller's high bits are dropped. */
	set_seg(VMEXIT_SEG_FS, 0, 0xffffffff, DATA_RW);
	assert_int_equal(lin(VMEXIT_SEG_FS, 0x100000010ull, 4, 0, 0, &la, &f),
			 VMEXIT_DONE);
	assert_int_equal(la, 0x10);
}

static void test_types(void **state)
{
	struct vmexit_fault f;
	uint64_t la;
	(void)state;

	set_seg(VMEXIT_SEG_DS, 0, 0xffff, DATA_RO);
	assert_int_equal(lin(VMEXIT_SEG_DS, 0, 4, 0, 0, &la, &f), VMEXIT_DONE);
	expect_fault(lin(VMEXIT_SEG_DS, 0, 4, VMEXIT_ACC_WRITE, 0, &la, &f), &f,
		     VMEXIT_EXC_GP);
	/* Code segments: never writable; readable only with R. */
	set_seg(VMEXIT_SEG_DS, 0, 0xffff, CODE_XR);
	assert_int_equal(lin(VMEXIT_SEG_DS, 0, 4, 0, 0, &la, &f), VMEXIT_DONE);
	expect_fault(lin(VMEXIT_SEG_DS, 0, 4, VMEXIT_ACC_WRITE, 0, &la, &f), &f,
		     VMEXIT_EXC_GP);
	set_seg(VMEXIT_SEG_DS, 0, 0xffff, CODE_XO);
	expect_fault(lin(VMEXIT_SEG_DS, 0, 4, 0, 0, &la, &f), &f,
		     VMEXIT_EXC_GP);
	/* An execute-only CS can still be fetched from. */
	set_seg(VMEXIT_SEG_CS, 0, 0xffff, CODE_XO);
	assert_int_equal(lin(VMEXIT_SEG_CS, 0, 4, VMEXIT_ACC_FETCH, 0, &la, &f),
			 VMEXIT_DONE);
	/* An unusable (null) segment faults in protected mode. */
	set_seg(VMEXIT_SEG_GS, 0, 0xffff, VMEXIT_AR_UNUSABLE);
	expect_fault(lin(VMEXIT_SEG_GS, 0, 1, 0, 0, &la, &f), &f,
		     VMEXIT_EXC_GP);
}

static void test_alignment_check(void **state)
{
	struct vmexit_fault f;
	uint64_t la;
	(void)state;

	set_seg(VMEXIT_SEG_DS, 0, 0xffffffff, DATA_RW);
	g.mock.sregs.cr0 |= VMEXIT_CR0_AM;
	g.mock.regs.rflags |= VMEXIT_RFLAGS_AC;
	/* CPL 0: no #AC. */
	assert_int_equal(lin(VMEXIT_SEG_DS, 2, 4, 0, 4, &la, &f), VMEXIT_DONE);
	guest_set_cpl(&g, 3);
	set_seg(VMEXIT_SEG_DS, 0, 0xffffffff, DATA_RW | (3 << 5));
	expect_fault(lin(VMEXIT_SEG_DS, 2, 4, 0, 4, &la, &f), &f,
		     VMEXIT_EXC_AC);
	assert_int_equal(lin(VMEXIT_SEG_DS, 4, 4, 0, 4, &la, &f), VMEXIT_DONE);
	/* Implicit supervisor accesses and exempt accesses are not checked. */
	assert_int_equal(lin(VMEXIT_SEG_DS, 2, 4, VMEXIT_ACC_IMPLICIT, 4, &la,
			     &f), VMEXIT_DONE);
	assert_int_equal(lin(VMEXIT_SEG_DS, 2, 4, VMEXIT_ACC_NO_AC, 4, &la,
			     &f), VMEXIT_DONE);
	/* Either control off: no #AC. */
	g.mock.regs.rflags &= ~VMEXIT_RFLAGS_AC;
	assert_int_equal(lin(VMEXIT_SEG_DS, 2, 4, 0, 4, &la, &f), VMEXIT_DONE);
	g.mock.regs.rflags |= VMEXIT_RFLAGS_AC;
	g.mock.sregs.cr0 &= ~VMEXIT_CR0_AM;
	assert_int_equal(lin(VMEXIT_SEG_DS, 2, 4, 0, 4, &la, &f), VMEXIT_DONE);
	/* A limit fault comes before #AC. */
	g.mock.sregs.cr0 |= VMEXIT_CR0_AM;
	set_seg(VMEXIT_SEG_DS, 0, 0xf, DATA_RW | (3 << 5));
	expect_fault(lin(VMEXIT_SEG_DS, 0xe, 4, 0, 4, &la, &f), &f,
		     VMEXIT_EXC_GP);
	g.mock.sregs.cr0 &= ~VMEXIT_CR0_AM;
	guest_set_cpl(&g, 0);
}

static void test_long_mode(void **state)
{
	struct guest l;
	struct vmexit_fault f;
	uint64_t la;
	(void)state;

	assert_int_equal(guest_init(&l, VMEXIT_MODE_LONG64,
				    VMEXIT_PAGING_4LEVEL), 0);
	/* DS base and limit are ignored, even when unusable; FS is based. */
	l.mock.sregs.seg[VMEXIT_SEG_DS] = (struct vmexit_segment){
		.base = 0x1000, .limit = 0, .ar = VMEXIT_AR_UNUSABLE };
	l.mock.sregs.seg[VMEXIT_SEG_FS].base = 0x7fff00000000ull;
	guest_exit(&l);
	assert_int_equal(vmexit_linear_probe(&l.vcpu, VMEXIT_SEG_DS, 0x5000, 8,
					     VMEXIT_ACC_WRITE, 0, &la, &f),
			 VMEXIT_DONE);
	assert_int_equal(la, 0x5000);
	assert_int_equal(vmexit_linear_probe(&l.vcpu, VMEXIT_SEG_FS, 0x10, 8, 0,
					     0, &la, &f), VMEXIT_DONE);
	assert_int_equal(la, 0x7fff00000010ull);
	/* Canonical: the last byte counts; SS references give #SS. */
	assert_int_equal(vmexit_linear_probe(&l.vcpu, VMEXIT_SEG_DS,
					     0x00007ffffffffff8ull, 8, 0, 0,
					     &la, &f), VMEXIT_DONE);
	assert_int_equal(vmexit_linear_probe(&l.vcpu, VMEXIT_SEG_DS,
					     0x00007ffffffffffcull, 8, 0, 0,
					     &la, &f), VMEXIT_EXCEPTION);
	assert_int_equal(f.vector, VMEXIT_EXC_GP);
	assert_int_equal(vmexit_linear_probe(&l.vcpu, VMEXIT_SEG_SS,
					     0x0000800000000000ull, 1, 0, 0,
					     &la, &f), VMEXIT_EXCEPTION);
	assert_int_equal(f.vector, VMEXIT_EXC_SS);
	/* With 5-level paging 57 bits are significant. */
	l.mock.sregs.cr4 |= VMEXIT_CR4_LA57;
	guest_exit(&l);
	assert_int_equal(vmexit_linear_probe(&l.vcpu, VMEXIT_SEG_SS,
					     0x0000800000000000ull, 1, 0, 0,
					     &la, &f), VMEXIT_DONE);
	int can;
	assert_int_equal(vmexit_is_canonical(&l.vcpu, 0x0100000000000000ull,
					     &can), VMEXIT_DONE);
	assert_false(can);
	assert_int_equal(vmexit_is_canonical(&l.vcpu, 0xff00000000000000ull,
					     &can), VMEXIT_DONE);
	assert_true(can);
	guest_free(&l);
}

static void test_real_mode(void **state)
{
	struct guest r;
	struct vmexit_fault f;
	uint64_t la;
	(void)state;

	assert_int_equal(guest_init(&r, VMEXIT_MODE_REAL, VMEXIT_PAGING_NONE),
			 0);
	r.mock.sregs.seg[VMEXIT_SEG_DS].base = 0x12340;
	guest_exit(&r);
	assert_int_equal(vmexit_linear_probe(&r.vcpu, VMEXIT_SEG_DS, 0xfffe, 2,
					     VMEXIT_ACC_WRITE, 4, &la, &f),
			 VMEXIT_DONE);
	assert_int_equal(la, 0x2233e);
	/* The 64-KByte limit applies (#GP, or #SS for SS). */
	assert_int_equal(vmexit_linear_probe(&r.vcpu, VMEXIT_SEG_SS, 0xffff, 2,
					     0, 0, &la, &f), VMEXIT_EXCEPTION);
	assert_int_equal(f.vector, VMEXIT_EXC_SS);
	/* CS is writable in real mode. */
	assert_int_equal(vmexit_linear_probe(&r.vcpu, VMEXIT_SEG_CS, 0, 2,
					     VMEXIT_ACC_WRITE, 0, &la, &f),
			 VMEXIT_DONE);
	guest_free(&r);
}

static void test_bad_calls(void **state)
{
	struct vmexit_fault f;
	uint64_t la;
	(void)state;
	guest_exit(&g);
	assert_int_equal(vmexit_linear_probe(&g.vcpu, VMEXIT_SEG_LDTR, 0, 1, 0,
					     0, &la, &f), VMEXIT_ERR_CALLER);
	assert_int_equal(vmexit_linear_probe(&g.vcpu, 99, 0, 1, 0, 0, &la, &f),
			 VMEXIT_ERR_CALLER);
	assert_int_equal(vmexit_linear_probe(&g.vcpu, 0, 0, 0, 0, 0, &la, &f),
			 VMEXIT_ERR_CALLER);
	assert_int_equal(vmexit_linear_probe(&g.vcpu, 0, 0, 1, 0, 3, &la, &f),
			 VMEXIT_ERR_CALLER);
	assert_int_equal(vmexit_linear_probe(&g.vcpu, 0, 0, 1, 0, 0, NULL, &f),
			 VMEXIT_ERR_CALLER);
	/* The raising form queues the fault on the vCPU. */
	set_seg(VMEXIT_SEG_DS, 0, 0xf, DATA_RW);
	guest_exit(&g);
	assert_int_equal(vmexit_linear(&g.vcpu, VMEXIT_SEG_DS, 0x10, 1, 0, 0,
				       &la), VMEXIT_EXCEPTION);
	assert_true(g.vcpu.pending_valid);
	assert_int_equal(g.vcpu.pending.vector, VMEXIT_EXC_GP);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_types),
		cmocka_unit_test(test_alignment_check),
		cmocka_unit_test(test_long_mode),
		cmocka_unit_test(test_real_mode),
		cmocka_unit_test(test_bad_calls),
	};
	return cmocka_run_group_tests(tests, setup32, teardown);
}
