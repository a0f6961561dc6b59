/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * MSR policy on the mock vCPU, and the permission maps.  Expected values
 * come from the manuals' register layouts (SDM Vol. 4 for the MSRs, SDM
 * Vol. 3 "MSR-Bitmap Address"/"I/O-Bitmap Addresses", APM Vol. 2 "MSR
 * Intercepts"/"I/O Intercepts"), with byte and bit positions worked out
 * in the comments.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <vmexit/mock.h>
#include <vmexit/msr.h>
#include <vmexit/permmap.h>
#include <vmexit/x86.h>

static uint8_t ram[4096];
static struct vmexit_mock m;
static struct vmexit_vcpu v;
static struct vmexit_msr_config cfg;
static struct vmexit_msr_state st;

static void setup(enum vmexit_cpu_mode mode)
{
	struct vmexit_vcpu_config vc = { .maxphyaddr = 36 };
	assert_int_equal(vmexit_mock_init(&m, ram, sizeof(ram)), VMEXIT_DONE);
	assert_int_equal(vmexit_mock_set_mode(&m, mode, 0, 0), VMEXIT_DONE);
	assert_int_equal(vmexit_vcpu_init(&v, &vmexit_mock_ops, &m, &vc),
			 VMEXIT_DONE);
	assert_int_equal(vmexit_vcpu_begin(&v), VMEXIT_DONE);
	memset(&cfg, 0, sizeof(cfg));
	cfg.efer_mask = VMEXIT_EFER_SCE | VMEXIT_EFER_LME | VMEXIT_EFER_NXE;
	vmexit_msr_reset(&st, true);
}

static int wr(uint32_t msr, uint64_t val)
{
	int rc = vmexit_msr_write(&v, &cfg, &st, msr, val, 0);
	if (rc == VMEXIT_EXCEPTION) {
		assert_true(v.pending_valid);
		assert_int_equal(v.pending.vector, VMEXIT_EXC_GP);
		assert_int_equal(v.pending.error, 0);
		v.pending_valid = false;
	}
	return rc;
}

static uint64_t rd(uint32_t msr)
{
	uint64_t val = 0xdead;
	assert_int_equal(vmexit_msr_read(&v, &cfg, &st, msr, 0, &val),
			 VMEXIT_DONE);
	return val;
}

static void test_efer(void **s)
{
	(void)s;
	setup(VMEXIT_MODE_PROT32);
	assert_int_equal(wr(VMEXIT_MSR_EFER, 0x101), VMEXIT_DONE); /* LME|SCE */
	assert_int_equal(rd(VMEXIT_MSR_EFER), 0x101);
	assert_int_equal(wr(VMEXIT_MSR_EFER, 0x1101), VMEXIT_EXCEPTION); /* SVME */
	assert_int_equal(wr(VMEXIT_MSR_EFER, 1ull << 63), VMEXIT_EXCEPTION);
	assert_int_equal(rd(VMEXIT_MSR_EFER), 0x101);

	setup(VMEXIT_MODE_LONG64); /* PG = 1, LME = LMA = 1 */
	assert_int_equal(wr(VMEXIT_MSR_EFER, 0x901), VMEXIT_DONE);
	assert_int_equal(rd(VMEXIT_MSR_EFER), 0xd01); /* LMA kept */
	assert_int_equal(wr(VMEXIT_MSR_EFER, 0x001), VMEXIT_EXCEPTION); /* LME off */
	assert_int_equal(wr(VMEXIT_MSR_EFER, 0x101), VMEXIT_DONE); /* LMA ignored */
	assert_int_equal(rd(VMEXIT_MSR_EFER), 0x501);
	assert_int_equal(vmexit_vcpu_flush(&v), VMEXIT_DONE);
	assert_int_equal(m.sregs.efer, 0x501);
}

static void test_pat_apic_tsc(void **s)
{
	(void)s;
	setup(VMEXIT_MODE_PROT32);
	assert_int_equal(rd(VMEXIT_MSR_PAT), 0x0007040600070406ull);
	assert_int_equal(wr(VMEXIT_MSR_PAT, 0x0007040600070401ull), VMEXIT_DONE);
	assert_int_equal(wr(VMEXIT_MSR_PAT, 0x0007040600070402ull), VMEXIT_EXCEPTION);
	assert_int_equal(wr(VMEXIT_MSR_PAT, 0x0307040600070406ull), VMEXIT_EXCEPTION);
	assert_int_equal(wr(VMEXIT_MSR_PAT, 0x0008040600070406ull), VMEXIT_EXCEPTION);
	assert_int_equal(rd(VMEXIT_MSR_PAT), 0x0007040600070401ull);

	/* APIC base: reset FEE00000H | EN (11) | BSP (8) = FEE00900H. */
	assert_int_equal(rd(VMEXIT_MSR_APIC_BASE), 0xfee00900);
	assert_int_equal(wr(VMEXIT_MSR_APIC_BASE, 0xfee00c00), VMEXIT_EXCEPTION);
	cfg.x2apic = true;
	assert_int_equal(wr(VMEXIT_MSR_APIC_BASE, 0xfee00c00), VMEXIT_DONE);
	assert_int_equal(rd(VMEXIT_MSR_APIC_BASE), 0xfee00d00); /* BSP kept */
	assert_int_equal(wr(VMEXIT_MSR_APIC_BASE, 0xfee00800), VMEXIT_EXCEPTION);
	assert_int_equal(wr(VMEXIT_MSR_APIC_BASE, 0xfee00400), VMEXIT_EXCEPTION);
	assert_int_equal(wr(VMEXIT_MSR_APIC_BASE, 0xfee00000), VMEXIT_DONE);
	assert_int_equal(wr(VMEXIT_MSR_APIC_BASE, 0xfee00c00), VMEXIT_EXCEPTION);
	assert_int_equal(wr(VMEXIT_MSR_APIC_BASE, 0xfec00800), VMEXIT_DONE);
	assert_int_equal(wr(VMEXIT_MSR_APIC_BASE, 0xfec00a00), VMEXIT_EXCEPTION); /* bit 9 */
	assert_int_equal(wr(VMEXIT_MSR_APIC_BASE, 0x1000000800ull), VMEXIT_EXCEPTION); /* > 36 bits */
	assert_int_equal(wr(VMEXIT_MSR_APIC_BASE, 0x0ff000800ull), VMEXIT_DONE);

	/* TSC: guest = host + offset. */
	uint64_t val;
	assert_int_equal(vmexit_msr_write(&v, &cfg, &st, VMEXIT_MSR_TSC, 5000, 1000),
			 VMEXIT_DONE);
	assert_int_equal(vmexit_msr_read(&v, &cfg, &st, VMEXIT_MSR_TSC, 2000, &val),
			 VMEXIT_DONE);
	assert_int_equal(val, 6000);

	assert_int_equal(wr(VMEXIT_MSR_TSC_AUX, 7), VMEXIT_EXCEPTION);
	cfg.rdtscp = true;
	assert_int_equal(wr(VMEXIT_MSR_TSC_AUX, 1ull << 32), VMEXIT_EXCEPTION);
	assert_int_equal(wr(VMEXIT_MSR_TSC_AUX, 7), VMEXIT_DONE);
	assert_int_equal(rd(VMEXIT_MSR_TSC_AUX), 7);
}

static void test_syscall_mtrr_misc(void **s)
{
	(void)s;
	setup(VMEXIT_MODE_LONG64);
	assert_int_equal(wr(VMEXIT_MSR_SYSENTER_EIP, 0x0000800000000000ull),
			 VMEXIT_EXCEPTION);
	assert_int_equal(wr(VMEXIT_MSR_SYSENTER_EIP, 0xffff800000001000ull),
			 VMEXIT_DONE);
	assert_int_equal(rd(VMEXIT_MSR_SYSENTER_EIP), 0xffff800000001000ull);
	assert_int_equal(wr(VMEXIT_MSR_LSTAR, 0x0080000000000000ull),
			 VMEXIT_EXCEPTION);
	cfg.la57 = true; /* bits 63:57 follow bit 56: canonical now */
	assert_int_equal(wr(VMEXIT_MSR_LSTAR, 0x0080000000000000ull), VMEXIT_DONE);
	assert_int_equal(wr(VMEXIT_MSR_LSTAR, 0x0100000000000000ull),
			 VMEXIT_EXCEPTION);
	assert_int_equal(wr(VMEXIT_MSR_STAR, 0x0023001000000000ull), VMEXIT_DONE);
	assert_int_equal(wr(VMEXIT_MSR_SFMASK, 0x47700), VMEXIT_DONE);
	assert_int_equal(wr(VMEXIT_MSR_SFMASK, 1ull << 32), VMEXIT_EXCEPTION);
	assert_int_equal(wr(VMEXIT_MSR_SYSENTER_CS, 0x10), VMEXIT_DONE);
	assert_int_equal(rd(VMEXIT_MSR_SYSENTER_CS), 0x10);

	cfg.mtrr_vcnt = 8;
	cfg.mtrr_fixed = true;
	cfg.mtrr_wc = true;
	assert_int_equal(rd(VMEXIT_MSR_MTRRCAP), 0x508); /* 8 | 1<<8 | 1<<10 */
	assert_int_equal(wr(VMEXIT_MSR_MTRRCAP, 0x508), VMEXIT_EXCEPTION);
	assert_int_equal(wr(VMEXIT_MSR_MTRR_DEF_TYPE, 0xc06), VMEXIT_DONE);
	assert_int_equal(wr(VMEXIT_MSR_MTRR_DEF_TYPE, 0x802), VMEXIT_EXCEPTION);
	assert_int_equal(wr(VMEXIT_MSR_MTRR_DEF_TYPE, 0x1806), VMEXIT_EXCEPTION);
	assert_int_equal(wr(VMEXIT_MSR_MTRR_DEF_TYPE, 0x801), VMEXIT_DONE);
	cfg.mtrr_wc = false;
	cfg.mtrr_fixed = false;
	assert_int_equal(wr(VMEXIT_MSR_MTRR_DEF_TYPE, 0x801), VMEXIT_EXCEPTION);
	assert_int_equal(wr(VMEXIT_MSR_MTRR_DEF_TYPE, 0xc06), VMEXIT_EXCEPTION);
	assert_int_equal(rd(VMEXIT_MSR_MTRR_DEF_TYPE), 0x801);

	cfg.misc_enable_writable = 1; /* fast strings */
	assert_int_equal(wr(VMEXIT_MSR_MISC_ENABLE, 1), VMEXIT_DONE);
	assert_int_equal(wr(VMEXIT_MSR_MISC_ENABLE, 1 | (1u << 22)),
			 VMEXIT_EXCEPTION);
}

static void test_unknown_and_insns(void **s)
{
	(void)s;
	setup(VMEXIT_MODE_LONG64);
	assert_int_equal(wr(0x1234, 1), VMEXIT_EXCEPTION);
	cfg.unknown_to_vmm = true;
	assert_int_equal(vmexit_mock_set_msr(&m, 0x1234, 0x1122334455667788ull),
			 VMEXIT_DONE);
	/* RDMSR with ECX = 1234H: EDX:EAX, high halves cleared. */
	m.regs.gpr[VMEXIT_RCX] = 0xffffffff00001234ull;
	m.regs.gpr[VMEXIT_RAX] = ~0ull;
	m.regs.gpr[VMEXIT_RDX] = ~0ull;
	assert_int_equal(vmexit_vcpu_begin(&v), VMEXIT_DONE);
	assert_int_equal(vmexit_rdmsr(&v, &cfg, &st, 0), VMEXIT_DONE);
	assert_int_equal(vmexit_vcpu_flush(&v), VMEXIT_DONE);
	assert_int_equal(m.regs.gpr[VMEXIT_RAX], 0x55667788);
	assert_int_equal(m.regs.gpr[VMEXIT_RDX], 0x11223344);

	uint64_t val;
	assert_int_equal(vmexit_vcpu_begin(&v), VMEXIT_DONE);
	assert_int_equal(vmexit_msr_read(&v, &cfg, &st, 0x4321, 0, &val),
			 VMEXIT_ERR_BACKEND); /* the mock does not know it */

	/* WRMSR FS_BASE lands in the segment cache. */
	m.regs.gpr[VMEXIT_RCX] = VMEXIT_MSR_FS_BASE;
	m.regs.gpr[VMEXIT_RDX] = 0xffff8000;
	m.regs.gpr[VMEXIT_RAX] = 0x12345000;
	assert_int_equal(vmexit_vcpu_begin(&v), VMEXIT_DONE);
	assert_int_equal(vmexit_wrmsr(&v, &cfg, &st, 0), VMEXIT_DONE);
	assert_int_equal(vmexit_vcpu_flush(&v), VMEXIT_DONE);
	assert_int_equal(m.sregs.seg[VMEXIT_SEG_FS].base, 0xffff800012345000ull);
	m.regs.gpr[VMEXIT_RDX] = 0x00008000; /* not canonical */
	assert_int_equal(vmexit_vcpu_begin(&v), VMEXIT_DONE);
	assert_int_equal(vmexit_wrmsr(&v, &cfg, &st, 0), VMEXIT_EXCEPTION);

	assert_int_equal(vmexit_msr_read(NULL, &cfg, &st, 0x10, 0, &val),
			 VMEXIT_ERR_CALLER);
}

static void test_permmaps(void **s)
{
	static uint8_t vmx[4096], svm[8192], vio[8192], sio[12288];
	const struct vmexit_msr_pass pass[] = {
		{ VMEXIT_MSR_FS_BASE, true, true },
		{ VMEXIT_MSR_TSC, false, true },
		{ 0xc0010015, false, true },
		{ VMEXIT_MSR_SYSENTER_CS, true, false },
	};
	(void)s;

	assert_int_equal(vmexit_permmap_msr_build(VMEXIT_PM_VMX_MSR, vmx, pass, 3),
			 VMEXIT_ERR_CALLER); /* C0010015H is not in the VMX map */
	assert_int_equal(vmexit_permmap_msr_build(VMEXIT_PM_VMX_MSR, vmx, pass, 2),
			 VMEXIT_DONE);
	/* FS_BASE read: read-high quarter at byte 1024, + 100H/8 = 1056;
	 * write: write-high at 3072 + 32 = 3104.  TSC write: write-low at
	 * 2048 + 10H/8 = 2050, bit 0. */
	assert_int_equal(vmx[1056], 0xfe);
	assert_int_equal(vmx[3104], 0xfe);
	assert_int_equal(vmx[2050], 0xfe);
	assert_int_equal(vmx[2], 0xff);    /* TSC read still exits */
	for (unsigned i = 0, zero = 0; i < 4096; i++) {
		zero += vmx[i] != 0xff;
		if (i == 4095)
			assert_int_equal(zero, 3);
	}
	assert_false(vmexit_permmap_msr_exits(VMEXIT_PM_VMX_MSR, vmx,
					      VMEXIT_MSR_FS_BASE, false));
	assert_true(vmexit_permmap_msr_exits(VMEXIT_PM_VMX_MSR, vmx,
					     0x40000000, false));

	assert_int_equal(vmexit_permmap_msr_build(VMEXIT_PM_SVM_MSR, svm, pass, 4),
			 VMEXIT_DONE);
	/* FS_BASE: vector 1 at byte 800H, MSR 100H -> bit 200H = byte 40H:
	 * read bit 0 and write bit 1 clear. */
	assert_int_equal(svm[0x840], 0xfc);
	/* TSC write: MSR 10H -> bits 20H/21H = byte 4, bit 1. */
	assert_int_equal(svm[4], 0xfd);
	/* C0010015H write: vector 2 at byte 1000H, bits 2AH/2BH = byte 5
	 * bit 3. */
	assert_int_equal(svm[0x1005], 0xf7);
	/* SYSENTER_CS read: bits 2E8H = byte 5DH bit 0. */
	assert_int_equal(svm[0x5d], 0xfe);
	assert_true(vmexit_permmap_msr_exits(VMEXIT_PM_SVM_MSR, svm,
					     0xc0010015, false));
	assert_false(vmexit_permmap_msr_exits(VMEXIT_PM_SVM_MSR, svm,
					      0xc0010015, true));
	assert_int_equal(vmexit_permmap_msr(VMEXIT_PM_SVM_MSR, svm, 0x40000000,
					    false, true), VMEXIT_ERR_CALLER);

	/* I/O: VMX port 80H is byte 10H bit 0; 8000H is byte 0 of B. */
	assert_int_equal(vmexit_permmap_init(VMEXIT_PM_VMX_IO, vio), VMEXIT_DONE);
	assert_int_equal(vmexit_permmap_io(VMEXIT_PM_VMX_IO, vio, 0x80, false),
			 VMEXIT_DONE);
	assert_int_equal(vmexit_permmap_io(VMEXIT_PM_VMX_IO, vio, 0x8000, false),
			 VMEXIT_DONE);
	assert_int_equal(vio[0x10], 0xfe);
	assert_int_equal(vio[0x1000], 0xfe);
	assert_false(vmexit_permmap_io_exits(VMEXIT_PM_VMX_IO, vio, 0x80, 1));
	assert_true(vmexit_permmap_io_exits(VMEXIT_PM_VMX_IO, vio, 0x80, 2));
	for (unsigned p = 0xfffc; p <= 0xffff; p++)
		vmexit_permmap_io(VMEXIT_PM_VMX_IO, vio, (uint16_t)p, false);
	assert_false(vmexit_permmap_io_exits(VMEXIT_PM_VMX_IO, vio, 0xfffc, 4));
	assert_true(vmexit_permmap_io_exits(VMEXIT_PM_VMX_IO, vio, 0xfffe, 4));

	/* SVM: one bit per port; a 2-byte access at FFFFH also reads bit
	 * 10000H, byte 2000H of the third page. */
	assert_int_equal(vmexit_permmap_init(VMEXIT_PM_SVM_IO, sio), VMEXIT_DONE);
	vmexit_permmap_io(VMEXIT_PM_SVM_IO, sio, 0xffff, false);
	assert_int_equal(sio[0x1fff], 0x7f);
	assert_false(vmexit_permmap_io_exits(VMEXIT_PM_SVM_IO, sio, 0xffff, 1));
	assert_true(vmexit_permmap_io_exits(VMEXIT_PM_SVM_IO, sio, 0xffff, 2));
	sio[0x2000] &= 0xfe;
	assert_false(vmexit_permmap_io_exits(VMEXIT_PM_SVM_IO, sio, 0xffff, 2));
	assert_int_equal(vmexit_permmap_size(7), 0);
	assert_int_equal(vmexit_permmap_init(7, sio), VMEXIT_ERR_CALLER);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_efer),
		cmocka_unit_test(test_pat_apic_tsc),
		cmocka_unit_test(test_syscall_mtrr_misc),
		cmocka_unit_test(test_unknown_and_insns),
		cmocka_unit_test(test_permmaps),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
