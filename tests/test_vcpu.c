/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The vCPU layer: batched fetches, the register cache and its flush, the
 * exception queue with the manual's double-fault table, modes, and every
 * backend failure coming back as a status.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include <vmexit/exception.h>

#include "lib/guest.h"

static void test_batched_fetch_and_flush(void **state)
{
	struct guest g;
	uint64_t val;
	(void)state;
	assert_int_equal(guest_init(&g, VMEXIT_MODE_PROT32, VMEXIT_PAGING_NONE),
			 0);
	g.mock.regs.gpr[VMEXIT_RBX] = 0x1234;
	guest_exit(&g);
	/* Sixteen reads, one backend call per group. */
	for (unsigned r = 0; r < VMEXIT_NR_GPRS; r++)
		assert_int_equal(vmexit_get_reg(&g.vcpu, r, &val), VMEXIT_DONE);
	assert_int_equal(vmexit_get_reg(&g.vcpu, VMEXIT_RBX, &val), VMEXIT_DONE);
	assert_int_equal(val, 0x1234);
	assert_int_equal(g.mock.calls[VMEXIT_MOCK_GET_REGS], 1);
	assert_int_equal(g.mock.calls[VMEXIT_MOCK_GET_SREGS], 0);
	assert_int_equal(vmexit_get_reg(&g.vcpu, VMEXIT_REG_CR0, &val),
			 VMEXIT_DONE);
	assert_int_equal(vmexit_get_reg(&g.vcpu, VMEXIT_REG_EFER, &val),
			 VMEXIT_DONE);
	assert_int_equal(g.mock.calls[VMEXIT_MOCK_GET_SREGS], 1);
	/* Nothing changed: the flush writes nothing. */
	assert_int_equal(vmexit_vcpu_flush(&g.vcpu), VMEXIT_DONE);
	for (unsigned op = VMEXIT_MOCK_SET_REGS; op <= VMEXIT_MOCK_SET_SHADOW;
	     op += 2)
		assert_int_equal(g.mock.calls[op], 0);
	/* One change: only its group is written, once. */
	assert_int_equal(vmexit_set_reg(&g.vcpu, VMEXIT_R15, 77), VMEXIT_DONE);
	assert_int_equal(vmexit_set_reg(&g.vcpu, VMEXIT_REG_RIP, 0x100),
			 VMEXIT_DONE);
	assert_int_equal(g.mock.regs.gpr[VMEXIT_R15], 0); /* not yet */
	assert_int_equal(vmexit_vcpu_flush(&g.vcpu), VMEXIT_DONE);
	assert_int_equal(g.mock.regs.gpr[VMEXIT_R15], 77);
	assert_int_equal(g.mock.regs.rip, 0x100);
	assert_int_equal(g.mock.calls[VMEXIT_MOCK_SET_REGS], 1);
	assert_int_equal(g.mock.calls[VMEXIT_MOCK_SET_SREGS], 0);
	/* A second flush has nothing left to write. */
	assert_int_equal(vmexit_vcpu_flush(&g.vcpu), VMEXIT_DONE);
	assert_int_equal(g.mock.calls[VMEXIT_MOCK_SET_REGS], 1);
	/* begin() forgets the cache: the next read fetches again. */
	g.mock.regs.gpr[VMEXIT_RBX] = 0x5678;
	guest_exit(&g);
	assert_int_equal(vmexit_get_reg(&g.vcpu, VMEXIT_RBX, &val), VMEXIT_DONE);
	assert_int_equal(val, 0x5678);
	guest_free(&g);
}

static void test_every_register_id(void **state)
{
	struct guest g;
	uint64_t val;
	struct vmexit_segment s;
	struct vmexit_dtable t;
	(void)state;
	assert_int_equal(guest_init(&g, VMEXIT_MODE_PROT32, VMEXIT_PAGING_NONE),
			 0);
	guest_exit(&g);
	/* Each id reads back what was written, through the backend. */
	for (unsigned r = 0; r < VMEXIT_REG_INTR_SHADOW; r++)
		assert_int_equal(vmexit_set_reg(&g.vcpu, r, 0x1000 + r),
				 VMEXIT_DONE);
	/* The shadow takes only its defined bits. */
	assert_int_equal(vmexit_set_reg(&g.vcpu, VMEXIT_REG_INTR_SHADOW, 0x4),
			 VMEXIT_ERR_CALLER);
	assert_int_equal(vmexit_set_reg(&g.vcpu, VMEXIT_REG_INTR_SHADOW,
					VMEXIT_SHADOW_MOVSS), VMEXIT_DONE);
	assert_int_equal(vmexit_vcpu_flush(&g.vcpu), VMEXIT_DONE);
	assert_int_equal(g.mock.regs.gpr[VMEXIT_RSP], 0x1000 + VMEXIT_RSP);
	assert_int_equal(g.mock.sregs.cr4, 0x1000 + VMEXIT_REG_CR4);
	assert_int_equal(g.mock.sregs.pdpte[2], 0x1000 + VMEXIT_REG_PDPTE2);
	assert_int_equal(g.mock.dregs.dr7, 0x1000 + VMEXIT_REG_DR7);
	assert_int_equal(g.mock.shadow, VMEXIT_SHADOW_MOVSS);
	guest_exit(&g);
	for (unsigned r = 0; r < VMEXIT_REG_INTR_SHADOW; r++) {
		assert_int_equal(vmexit_get_reg(&g.vcpu, r, &val), VMEXIT_DONE);
		assert_int_equal(val, 0x1000 + r);
	}
	/* Out-of-range ids and NULL pointers are caller errors. */
	assert_int_equal(vmexit_get_reg(&g.vcpu, VMEXIT_NR_REGS, &val),
			 VMEXIT_ERR_CALLER);
	assert_int_equal(vmexit_set_reg(&g.vcpu, 0xffffffffu, 0),
			 VMEXIT_ERR_CALLER);
	assert_int_equal(vmexit_get_reg(&g.vcpu, 0, NULL), VMEXIT_ERR_CALLER);
	assert_int_equal(vmexit_get_seg(&g.vcpu, VMEXIT_NR_SEGS, &s),
			 VMEXIT_ERR_CALLER);
	assert_int_equal(vmexit_get_dtable(&g.vcpu, 2, &t), VMEXIT_ERR_CALLER);
	assert_int_equal(vmexit_vcpu_fetch(&g.vcpu, 1u << 7), VMEXIT_ERR_CALLER);
	assert_int_equal(vmexit_get_seg(&g.vcpu, VMEXIT_SEG_TR, &s),
			 VMEXIT_DONE);
	s.selector = 0x28;
	assert_int_equal(vmexit_set_seg(&g.vcpu, VMEXIT_SEG_TR, &s),
			 VMEXIT_DONE);
	t.base = 0xabc000;
	t.limit = 0x7ff;
	assert_int_equal(vmexit_set_dtable(&g.vcpu, VMEXIT_IDTR, &t),
			 VMEXIT_DONE);
	assert_int_equal(vmexit_vcpu_flush(&g.vcpu), VMEXIT_DONE);
	assert_int_equal(g.mock.sregs.seg[VMEXIT_SEG_TR].selector, 0x28);
	assert_int_equal(g.mock.sregs.idtr.base, 0xabc000);
	/* Bad configuration. */
	struct vmexit_vcpu_config cfg = { .maxphyaddr = 60 };
	assert_int_equal(vmexit_vcpu_init(&g.vcpu, &vmexit_mock_ops, &g.mock,
					  &cfg), VMEXIT_ERR_CALLER);
	assert_int_equal(vmexit_vcpu_init(&g.vcpu, NULL, &g.mock, NULL),
			 VMEXIT_ERR_CALLER);
	guest_free(&g);
}

/* Each backend op, made to fail, through a library call that needs it. */
static void test_backend_failures(void **state)
{
	struct guest g;
	uint64_t val, gpa;
	struct vmexit_fault f;
	uint8_t buf[4];
	(void)state;
	assert_int_equal(guest_init(&g, VMEXIT_MODE_PROT32, VMEXIT_PAGING_NONE),
			 0);
	for (unsigned op = 0; op < VMEXIT_MOCK_NR_OPS; op++) {
		int rc = VMEXIT_DONE;
		guest_exit(&g);
		g.mock.fail_ops = VMEXIT_MOCK_FAIL(op);
		switch (op) {
		case VMEXIT_MOCK_GET_REGS:
			rc = vmexit_get_reg(&g.vcpu, VMEXIT_RAX, &val);
			break;
		case VMEXIT_MOCK_GET_SREGS:
			rc = vmexit_translate(&g.vcpu, 0, 0, &gpa, &f);
			break;
		case VMEXIT_MOCK_GET_DREGS:
			rc = vmexit_get_reg(&g.vcpu, VMEXIT_REG_DR6, &val);
			break;
		case VMEXIT_MOCK_GET_VREGS:
			rc = vmexit_vcpu_fetch(&g.vcpu, VMEXIT_G_VREGS);
			break;
		case VMEXIT_MOCK_GET_SHADOW:
			rc = vmexit_get_reg(&g.vcpu, VMEXIT_REG_INTR_SHADOW,
					    &val);
			break;
		case VMEXIT_MOCK_SET_REGS:
		case VMEXIT_MOCK_SET_SREGS:
		case VMEXIT_MOCK_SET_DREGS:
		case VMEXIT_MOCK_SET_VREGS:
		case VMEXIT_MOCK_SET_SHADOW:
			assert_int_equal(vmexit_vcpu_fetch(&g.vcpu, 0x1f),
					 VMEXIT_DONE);
			vmexit_vcpu_mark_dirty(&g.vcpu, 0x1f);
			rc = vmexit_vcpu_flush(&g.vcpu);
			break;
		case VMEXIT_MOCK_MAP_GPA:
			rc = vmexit_read_phys(&g.vcpu, 0, buf, 4);
			break;
		case VMEXIT_MOCK_MMIO_READ:
			rc = vmexit_read_phys(&g.vcpu, GUEST_RAM, buf, 4);
			break;
		case VMEXIT_MOCK_MMIO_WRITE:
			rc = vmexit_write_phys(&g.vcpu, GUEST_RAM, buf, 4);
			break;
		case VMEXIT_MOCK_QUEUE_EVENT:
			assert_int_equal(vmexit_raise_ud(&g.vcpu),
					 VMEXIT_EXCEPTION);
			rc = vmexit_vcpu_flush(&g.vcpu);
			break;
		default: /* port I/O and MSRs: called directly */
			if (op == VMEXIT_MOCK_PIO_IN) {
				uint32_t v32;
				rc = vmexit_mock_ops.pio_in(&g.mock, 0x80, 1,
							    &v32);
			} else if (op == VMEXIT_MOCK_PIO_OUT) {
				rc = vmexit_mock_ops.pio_out(&g.mock, 0x80, 1, 0);
			} else if (op == VMEXIT_MOCK_RDMSR) {
				vmexit_mock_set_msr(&g.mock, 0x10, 1);
				rc = vmexit_mock_ops.rdmsr(&g.mock, 0x10, &val);
			} else {
				rc = vmexit_mock_ops.wrmsr(&g.mock, 0x10, 1);
			}
			break;
		}
		assert_int_equal(rc, VMEXIT_ERR_BACKEND);
		assert_true(g.mock.calls[op] > 0);
	}
	g.mock.fail_ops = 0;
	guest_free(&g);
}

static void test_missing_op(void **state)
{
	struct guest g;
	struct vmexit_ops ops;
	uint64_t val;
	(void)state;
	assert_int_equal(guest_init(&g, VMEXIT_MODE_PROT32, VMEXIT_PAGING_NONE),
			 0);
	ops = vmexit_mock_ops;
	ops.get_dregs = NULL;
	ops.queue_event = NULL;
	g.vcpu.ops = &ops;
	guest_exit(&g);
	assert_int_equal(vmexit_get_reg(&g.vcpu, VMEXIT_REG_DR7, &val),
			 VMEXIT_UNHANDLED);
	assert_int_equal(g.vcpu.diag.reason, VMEXIT_WHY_NO_OP);
	assert_int_equal(vmexit_raise_gp(&g.vcpu, 0), VMEXIT_EXCEPTION);
	assert_int_equal(vmexit_vcpu_flush(&g.vcpu), VMEXIT_UNHANDLED);
	guest_free(&g);
}

static void test_raise_combines(void **state)
{
	struct guest g;
	struct vmexit_fault pf = { .vector = VMEXIT_EXC_PF, .has_error = true,
				   .error = 2, .cr2 = 0xdead000 };
	(void)state;
	assert_int_equal(guest_init(&g, VMEXIT_MODE_PROT32, VMEXIT_PAGING_NONE),
			 0);
	guest_exit(&g);
	/* #GP then #PF: a page fault after a contributory one is serial
	 * ("Conditions for Generating a Double Fault"), #PF replaces it. */
	assert_int_equal(vmexit_raise_gp(&g.vcpu, 0x10), VMEXIT_EXCEPTION);
	assert_int_equal(vmexit_raise(&g.vcpu, &pf), VMEXIT_EXCEPTION);
	assert_int_equal(g.vcpu.pending.vector, VMEXIT_EXC_PF);
	assert_int_equal(g.vcpu.pending.payload, 0xdead000);
	/* #PF then #GP: double fault with error code 0. */
	assert_int_equal(vmexit_raise_gp(&g.vcpu, 0x10), VMEXIT_EXCEPTION);
	assert_int_equal(g.vcpu.pending.vector, VMEXIT_EXC_DF);
	assert_true(g.vcpu.pending.has_error);
	assert_int_equal(g.vcpu.pending.error, 0);
	/* Anything during #DF: shutdown. */
	assert_int_equal(vmexit_raise_ud(&g.vcpu), VMEXIT_TRIPLE_FAULT);
	assert_false(g.vcpu.pending_valid);
	/* Benign first: serial. */
	guest_exit(&g);
	assert_int_equal(vmexit_raise_ud(&g.vcpu), VMEXIT_EXCEPTION);
	assert_int_equal(vmexit_raise_gp(&g.vcpu, 8), VMEXIT_EXCEPTION);
	assert_int_equal(g.vcpu.pending.vector, VMEXIT_EXC_GP);
	assert_int_equal(g.vcpu.pending.error, 8);
	/* Real mode: no error code is delivered. */
	g.mock.sregs.cr0 &= ~VMEXIT_CR0_PE;
	guest_exit(&g);
	assert_int_equal(vmexit_raise_gp(&g.vcpu, 8), VMEXIT_EXCEPTION);
	assert_false(g.vcpu.pending.has_error);
	/* Vectors past 31 are not exceptions. */
	struct vmexit_fault bad = { .vector = 32 };
	assert_int_equal(vmexit_raise(&g.vcpu, &bad), VMEXIT_ERR_CALLER);
	guest_free(&g);
}

/* SDM Vol. 3, Table "Exceptions and Interrupts" (error code column) and
 * "Conditions for Generating a Double Fault", transcribed. */
static const unsigned with_error[] = { 8, 10, 11, 12, 13, 14, 17, 21 };
static const unsigned contributory[] = { 0, 10, 11, 12, 13 };

static bool in(const unsigned *set, size_t n, unsigned v)
{
	for (size_t i = 0; i < n; i++)
		if (set[i] == v)
			return true;
	return false;
}

static void test_exception_tables(void **state)
{
	(void)state;
	for (unsigned v = 0; v < 32; v++) {
		if (v == 29 || v == 30)
			continue; /* AMD's #VC and #SX: not in the SDM table */
		assert_int_equal(vmexit_exc_has_error(v),
				 in(with_error, 8, v));
	}
	for (int cet = 0; cet < 2; cet++)
	for (unsigned a = 0; a < 32; a++)
	for (unsigned b = 0; b < 32; b++) {
		bool ca = in(contributory, 5, a) || (cet && a == 21);
		bool cb = in(contributory, 5, b) || (cet && b == 21);
		bool pa = a == 14 || a == 20, pb = b == 14 || b == 20;
		enum vmexit_combine want = VMEXIT_COMBINE_SERIAL;
		if (a == 8)
			want = VMEXIT_COMBINE_TRIPLE;
		else if (ca && cb)
			want = VMEXIT_COMBINE_DF;
		else if (pa && (cb || pb))
			want = VMEXIT_COMBINE_DF;
		assert_int_equal(vmexit_exc_combine(a, b, cet), want);
	}
	assert_true(vmexit_exc_is_trap(VMEXIT_EXC_BP));
	assert_true(vmexit_exc_is_trap(VMEXIT_EXC_OF));
	assert_false(vmexit_exc_is_trap(VMEXIT_EXC_GP));
	assert_false(vmexit_exc_is_trap(VMEXIT_EXC_PF));
}

static void test_modes(void **state)
{
	static const struct {
		uint64_t cr0, efer, rflags;
		uint32_t cs_ar;
		enum vmexit_cpu_mode mode;
	} rows[] = {
		{ 0, 0, 0, 0x9b, VMEXIT_MODE_REAL },
		{ 0, 0, VMEXIT_RFLAGS_VM, 0x9b, VMEXIT_MODE_REAL },
		{ 1, 0, VMEXIT_RFLAGS_VM, 0xf3, VMEXIT_MODE_VM86 },
		{ 1, 0, 0, 0x9b, VMEXIT_MODE_PROT16 },
		{ 1, 0, 0, 0x409b, VMEXIT_MODE_PROT32 },
		{ 0x80000001, 0x500, 0, 0x209b, VMEXIT_MODE_LONG64 },
		{ 0x80000001, 0x500, 0, 0x409b, VMEXIT_MODE_COMPAT32 },
		{ 0x80000001, 0x500, 0, 0x9b, VMEXIT_MODE_COMPAT16 },
	};
	(void)state;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		assert_int_equal(vmexit_mode_of(rows[i].cr0, rows[i].efer,
						rows[i].rflags, rows[i].cs_ar),
				 rows[i].mode);
	assert_int_equal(vmexit_paging_of(0x80000001, 0, 0), VMEXIT_PAGING_32);
	assert_int_equal(vmexit_paging_of(0x80000001, 0x20, 0),
			 VMEXIT_PAGING_PAE);
	assert_int_equal(vmexit_paging_of(0x80000001, 0x20, 0x500),
			 VMEXIT_PAGING_4LEVEL);
	assert_int_equal(vmexit_paging_of(0x80000001, 0x1020, 0x500),
			 VMEXIT_PAGING_5LEVEL);
	assert_int_equal(vmexit_paging_of(0x1, 0x1020, 0x500),
			 VMEXIT_PAGING_NONE);

	struct guest g;
	unsigned cpl;
	assert_int_equal(guest_init(&g, VMEXIT_MODE_PROT32, VMEXIT_PAGING_NONE),
			 0);
	guest_set_cpl(&g, 2);
	assert_int_equal(vmexit_cpl(&g.vcpu, &cpl), VMEXIT_DONE);
	assert_int_equal(cpl, 2);
	g.mock.regs.rflags |= VMEXIT_RFLAGS_VM;
	guest_exit(&g);
	assert_int_equal(vmexit_cpl(&g.vcpu, &cpl), VMEXIT_DONE);
	assert_int_equal(cpl, 3);
	guest_free(&g);
}

static void test_status_strings(void **state)
{
	(void)state;
	for (int s = -3; s <= 5; s++)
		assert_non_null(vmexit_strerror(s));
	assert_string_not_equal(vmexit_strerror(VMEXIT_DONE),
				vmexit_strerror(VMEXIT_ERR_CALLER));
	assert_int_equal(vmexit_version(), VMEXIT_VERSION);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_batched_fetch_and_flush),
		cmocka_unit_test(test_every_register_id),
		cmocka_unit_test(test_backend_failures),
		cmocka_unit_test(test_missing_op),
		cmocka_unit_test(test_raise_combines),
		cmocka_unit_test(test_exception_tables),
		cmocka_unit_test(test_modes),
		cmocka_unit_test(test_status_strings),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
