/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Exit decoding.  Each raw value is assembled by hand from the field
 * layouts of SDM Vol. 3 ("Exit Qualification for Control-Register
 * Accesses", "... for MOV DR", "... for I/O Instructions", "... for EPT
 * Violations", "... for Task Switches", "... for APIC-Access VM Exits")
 * and APM Vol. 2 ("IOIO Intercepts", "Nested Page Faults", "Task Switch
 * Intercept", "Decode Assists"); the comment next to each shows the sum.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <vmexit/event.h>
#include <vmexit/exit.h>
#include <vmexit/vcpu.h>

static struct vmexit_exit vmx(uint32_t reason, uint64_t qual, uint32_t len)
{
	struct vmexit_vmx_raw r;
	struct vmexit_exit x;
	memset(&r, 0, sizeof(r));
	r.reason = reason;
	r.qual = qual;
	r.insn_len = len;
	assert_int_equal(vmexit_exit_from_vmx(&r, &x), VMEXIT_DONE);
	return x;
}

static void test_vmx_cr_dr(void **st)
{
	struct vmexit_exit x;
	(void)st;

	x = vmx(28, 0x303, 3); /* CR3, MOV to CR (0<<4), RBX (3<<8) */
	assert_int_equal(x.kind, VMEXIT_X_CR_ACCESS);
	assert_int_equal(x.cr.cr, 3);
	assert_int_equal(x.cr.access, VMEXIT_CR_MOV_TO);
	assert_true(x.cr.gpr_valid);
	assert_int_equal(x.cr.gpr, VMEXIT_RBX);
	assert_int_equal(x.insn_len, 3);
	assert_true(x.insn_info_valid);

	x = vmx(28, 0x0f18, 4); /* CR8 | MOV from (1<<4) | R15 (0xf<<8) */
	assert_int_equal(x.cr.cr, 8);
	assert_int_equal(x.cr.access, VMEXIT_CR_MOV_FROM);
	assert_int_equal(x.cr.gpr, VMEXIT_R15);

	x = vmx(28, 0x20, 2);   /* CLTS: CR0, type 2 */
	assert_int_equal(x.cr.access, VMEXIT_CR_CLTS);
	assert_false(x.cr.gpr_valid);

	/* LMSW m16 with source 0x000f: 3<<4 | 1<<6 | 0xf<<16 */
	struct vmexit_vmx_raw r;
	memset(&r, 0, sizeof(r));
	r.reason = 28;
	r.qual = 0xf0070;
	r.guest_linear = 0x7000;
	r.insn_len = 3;
	assert_int_equal(vmexit_exit_from_vmx(&r, &x), VMEXIT_DONE);
	assert_int_equal(x.cr.access, VMEXIT_CR_LMSW);
	assert_true(x.cr.lmsw_mem);
	assert_int_equal(x.cr.lmsw_src, 0xf);
	assert_int_equal(x.cr.lmsw_linear, 0x7000);

	x = vmx(29, 0x107, 3);  /* DR7, MOV to DR, RCX */
	assert_int_equal(x.kind, VMEXIT_X_DR_ACCESS);
	assert_int_equal(x.dr.dr, 7);
	assert_true(x.dr.write);
	assert_int_equal(x.dr.gpr, VMEXIT_RCX);
	x = vmx(29, 0x216, 3);  /* DR6, MOV from DR (1<<4), RDX */
	assert_int_equal(x.dr.dr, 6);
	assert_false(x.dr.write);
	assert_int_equal(x.dr.gpr, VMEXIT_RDX);
}

static void test_vmx_io(void **st)
{
	struct vmexit_exit x;
	struct vmexit_vmx_raw r;
	(void)st;

	x = vmx(30, 0x03f80000, 1); /* OUT DX, AL to 0x3f8 */
	assert_int_equal(x.kind, VMEXIT_X_IO);
	assert_int_equal(x.io.port, 0x3f8);
	assert_int_equal(x.io.size, 1);
	assert_false(x.io.in);
	assert_false(x.io.string);
	assert_false(x.io.imm);
	assert_int_equal(x.insn_len, 1);

	x = vmx(30, 0x0060004b, 2); /* IN EAX, 0x60: 3 | 1<<3 | 1<<6 */
	assert_int_equal(x.io.port, 0x60);
	assert_int_equal(x.io.size, 4);
	assert_true(x.io.in);
	assert_true(x.io.imm);

	/* REP OUTSW to 0x1f0: 1 | 1<<4 | 1<<5, 32-bit address (1<<7),
	 * DS (3<<15) in the instruction information. */
	memset(&r, 0, sizeof(r));
	r.reason = 30;
	r.qual = 0x01f00031;
	r.insn_len = 2;
	r.insn_info = 0x18080;
	r.io_insn_info = true;
	r.guest_linear = 0x8000;
	assert_int_equal(vmexit_exit_from_vmx(&r, &x), VMEXIT_DONE);
	assert_int_equal(x.io.size, 2);
	assert_true(x.io.string);
	assert_true(x.io.rep);
	assert_int_equal(x.io.addr_size, 4);
	assert_int_equal(x.io.seg, VMEXIT_SEG_DS);
	assert_true(x.io.linear_valid);
	assert_int_equal(x.io.linear, 0x8000);
	/* Without the instruction information nothing is made up. */
	r.io_insn_info = false;
	assert_int_equal(vmexit_exit_from_vmx(&r, &x), VMEXIT_DONE);
	assert_int_equal(x.io.addr_size, 0);
	assert_int_equal(x.io.seg, VMEXIT_EXIT_SEG_NONE);
}

static void test_vmx_ept_ts_apic(void **st)
{
	struct vmexit_exit x;
	struct vmexit_vmx_raw r;
	(void)st;

	/* Write (1<<1), readable (1<<3), linear valid (1<<7), final (1<<8),
	 * NMI unblocked by IRET (1<<12). */
	memset(&r, 0, sizeof(r));
	r.reason = 48;
	r.qual = 0x118a;
	r.guest_phys = 0xfee00030;
	r.guest_linear = 0xffff0030;
	assert_int_equal(vmexit_exit_from_vmx(&r, &x), VMEXIT_DONE);
	assert_int_equal(x.kind, VMEXIT_X_NPF);
	assert_int_equal(x.npf.gpa, 0xfee00030);
	assert_true(x.npf.write);
	assert_false(x.npf.read);
	assert_false(x.npf.fetch);
	assert_true(x.npf.present);
	assert_true(x.npf.gla_valid);
	assert_int_equal(x.npf.gla, 0xffff0030);
	assert_true(x.npf.final);
	assert_false(x.npf.walk);
	assert_true(x.iret_unblocked_nmi);
	assert_int_equal(x.insn_len, 0); /* not defined for EPT exits */

	/* Fetch (1<<2) during a paging-structure walk: linear valid, bit 8
	 * clear; not present. */
	r.qual = 0x84;
	assert_int_equal(vmexit_exit_from_vmx(&r, &x), VMEXIT_DONE);
	assert_true(x.npf.fetch);
	assert_true(x.npf.walk);
	assert_false(x.npf.present);

	/* EPT violation while delivering INT 0x80 (2 bytes): length. */
	r.idt_info = 0x80000480;
	r.insn_len = 2;
	assert_int_equal(vmexit_exit_from_vmx(&r, &x), VMEXIT_DONE);
	assert_int_equal(x.insn_len, 2);
	assert_int_equal(x.intinfo, 0x80000480);

	/* Task switch through a task gate (3<<30) to selector 0x28 while
	 * delivering #GP(0x18). */
	memset(&r, 0, sizeof(r));
	r.reason = 9;
	r.qual = 0xc0000028;
	r.idt_info = 0x80000b0d;
	r.idt_error = 0x18;
	assert_int_equal(vmexit_exit_from_vmx(&r, &x), VMEXIT_DONE);
	assert_int_equal(x.kind, VMEXIT_X_TASK_SWITCH);
	assert_int_equal(x.ts.selector, 0x28);
	assert_int_equal(x.ts.source, VMEXIT_TS_IDT);
	assert_true(x.ts.has_error);
	assert_int_equal(x.ts.error, 0x18);
	assert_int_equal(x.intinfo_error, 0x18);
	assert_false(x.ts.rf_valid); /* VMX: in the guest RFLAGS already */
	x = vmx(9, 0x40000030, 5); /* IRET (1<<30) to 0x30 */
	assert_int_equal(x.ts.source, VMEXIT_TS_IRET);
	assert_false(x.ts.has_error);
	x = vmx(9, 0x80000030, 5); /* JMP (2<<30) */
	assert_int_equal(x.ts.source, VMEXIT_TS_JMP);

	x = vmx(44, 0x10b0, 0); /* linear write (1<<12) to offset 0xb0 */
	assert_int_equal(x.kind, VMEXIT_X_APIC_ACCESS);
	assert_int_equal(x.apic.offset, 0xb0);
	assert_int_equal(x.apic.type, 1);
}

static void test_vmx_exceptions_misc(void **st)
{
	struct vmexit_exit x;
	struct vmexit_vmx_raw r;
	(void)st;

	memset(&r, 0, sizeof(r));
	r.reason = 0;
	r.intr_info = 0x80001b0e; /* #PF, error valid, NMI unblocked */
	r.intr_error = 6;
	r.qual = 0xdeadb000;
	assert_int_equal(vmexit_exit_from_vmx(&r, &x), VMEXIT_DONE);
	assert_int_equal(x.kind, VMEXIT_X_EXCEPTION);
	assert_int_equal(x.exc.vector, 14);
	assert_true(x.exc.has_error);
	assert_int_equal(x.exc.error, 6);
	assert_true(x.exc.has_cr2);
	assert_int_equal(x.exc.cr2, 0xdeadb000);
	assert_true(x.iret_unblocked_nmi);

	r.intr_info = 0x80000603; /* INT3, software exception */
	r.insn_len = 1;
	assert_int_equal(vmexit_exit_from_vmx(&r, &x), VMEXIT_DONE);
	assert_int_equal(x.exc.type, VMEXIT_EV_SWEXC);
	assert_int_equal(x.insn_len, 1);
	assert_false(x.exc.has_error);

	r.intr_info = 0x80000202;
	assert_int_equal(vmexit_exit_from_vmx(&r, &x), VMEXIT_DONE);
	assert_int_equal(x.kind, VMEXIT_X_NMI);

	r.intr_info = 0x80000301; /* #DB: B0 | BS in the qualification */
	r.qual = 0x4001;
	assert_int_equal(vmexit_exit_from_vmx(&r, &x), VMEXIT_DONE);
	assert_int_equal(x.exc.dr6, 0x4001);

	x = vmx(0x80000021, 0, 0); /* entry failure, invalid guest state */
	assert_int_equal(x.kind, VMEXIT_X_ENTRY_FAILED);
	assert_int_equal(x.raw_reason, 0x80000021);
	x = vmx(35, 0, 0);         /* reason 35 is not assigned */
	assert_int_equal(x.kind, VMEXIT_X_UNKNOWN);
	x = vmx(0xffff, 1, 2);
	assert_int_equal(x.kind, VMEXIT_X_UNKNOWN);
	assert_int_equal(x.raw_info1, 1);
	x = vmx(10, 0, 2);
	assert_int_equal(x.kind, VMEXIT_X_CPUID);
	assert_int_equal(x.insn_len, 2);
	x = vmx(10, 0, 16);       /* out of range: unknown */
	assert_int_equal(x.insn_len, 0);
	x = vmx(18, 0, 3);
	assert_int_equal(x.kind, VMEXIT_X_HYPERCALL);
	x = vmx(55, 0, 3);
	assert_int_equal(x.kind, VMEXIT_X_XSETBV);
	x = vmx(14, 0xffffffff81000000ull, 7);
	assert_int_equal(x.kind, VMEXIT_X_INVLPG);
	assert_int_equal(x.linear, 0xffffffff81000000ull);
	assert_int_equal(vmexit_exit_from_vmx(NULL, &x), VMEXIT_ERR_CALLER);
}

static struct vmexit_svm_raw svm_raw(uint64_t code, uint64_t i1, uint64_t i2)
{
	struct vmexit_svm_raw r;
	memset(&r, 0, sizeof(r));
	r.exitcode = code;
	r.exitinfo1 = i1;
	r.exitinfo2 = i2;
	r.rip = 0x1000;
	r.nrips = true;
	r.decode_assists = true;
	return r;
}

static void test_svm_ioio(void **st)
{
	struct vmexit_svm_raw r;
	struct vmexit_exit x;
	(void)st;

	/* OUT DX, AL to 0x3f8: SZ8 (1<<4), A32 (1<<8); EXITINFO2 = next. */
	r = svm_raw(0x7b, 0x03f80110, 0x1001);
	r.nrips = false;
	assert_int_equal(vmexit_exit_from_svm(&r, &x), VMEXIT_DONE);
	assert_int_equal(x.kind, VMEXIT_X_IO);
	assert_int_equal(x.io.port, 0x3f8);
	assert_int_equal(x.io.size, 1);
	assert_false(x.io.in);
	assert_int_equal(x.io.addr_size, 4);
	assert_int_equal(x.insn_len, 1);

	/* REP INSB from 0x60: IN 1 | STR 4 | REP 8 | SZ8 0x10 | A64 0x200,
	 * SEG ES (0). */
	r = svm_raw(0x7b, 0x0060021d, 0x1002);
	assert_int_equal(vmexit_exit_from_svm(&r, &x), VMEXIT_DONE);
	assert_true(x.io.in && x.io.string && x.io.rep);
	assert_int_equal(x.io.addr_size, 8);
	assert_int_equal(x.io.seg, VMEXIT_SEG_ES);
	assert_int_equal(x.insn_len, 2);

	/* OUTSD to 0x80: SZ32 0x40 | STR 4 | A32 0x100 | SEG FS (4<<10). */
	r = svm_raw(0x7b, 0x00801144, 0x1002);
	assert_int_equal(vmexit_exit_from_svm(&r, &x), VMEXIT_DONE);
	assert_int_equal(x.io.size, 4);
	assert_int_equal(x.io.seg, VMEXIT_SEG_FS);
	r.decode_assists = false;
	assert_int_equal(vmexit_exit_from_svm(&r, &x), VMEXIT_DONE);
	assert_int_equal(x.io.seg, VMEXIT_EXIT_SEG_NONE);
}

static void test_svm_npf_exc(void **st)
{
	struct vmexit_svm_raw r;
	struct vmexit_exit x;
	static const uint8_t mov[3] = { 0x89, 0x08, 0x90 };
	(void)st;

	/* P | W | U, final guest-physical access (1<<32). */
	r = svm_raw(0x400, 0x100000007ull, 0xfee00000);
	r.insn_bytes_len = 3;
	memcpy(r.insn_bytes, mov, 3);
	r.nrip = 0x1002;
	assert_int_equal(vmexit_exit_from_svm(&r, &x), VMEXIT_DONE);
	assert_int_equal(x.kind, VMEXIT_X_NPF);
	assert_int_equal(x.npf.gpa, 0xfee00000);
	assert_true(x.npf.present && x.npf.write && x.npf.user && x.npf.final);
	assert_false(x.npf.walk);
	assert_int_equal(x.insn_bytes_len, 3);
	assert_memory_equal(x.insn_bytes, mov, 3);
	assert_int_equal(x.insn_len, 0); /* no nRIP for #NPF */

	r = svm_raw(0x400, 0x200000010ull, 0x5000); /* fetch, guest walk */
	r.insn_bytes_len = 200;                      /* hostile count */
	assert_int_equal(vmexit_exit_from_svm(&r, &x), VMEXIT_DONE);
	assert_true(x.npf.fetch && x.npf.walk);
	assert_false(x.npf.read);
	assert_int_equal(x.insn_bytes_len, 15);

	r = svm_raw(0x4e, 2, 0x4000); /* #PF, write to not-present */
	assert_int_equal(vmexit_exit_from_svm(&r, &x), VMEXIT_DONE);
	assert_int_equal(x.kind, VMEXIT_X_EXCEPTION);
	assert_int_equal(x.exc.vector, 14);
	assert_true(x.exc.has_error);
	assert_int_equal(x.exc.error, 2);
	assert_int_equal(x.exc.cr2, 0x4000);
	r = svm_raw(0x46, 0x55, 0); /* #UD: no error code */
	assert_int_equal(vmexit_exit_from_svm(&r, &x), VMEXIT_DONE);
	assert_false(x.exc.has_error);
	r = svm_raw(0x43, 0, 0);    /* INT3 */
	r.nrip = 0x1001;
	assert_int_equal(vmexit_exit_from_svm(&r, &x), VMEXIT_DONE);
	assert_int_equal(x.exc.type, VMEXIT_EV_SWEXC);
	assert_int_equal(x.insn_len, 1);
	r = svm_raw(0x42, 0, 0);
	assert_int_equal(vmexit_exit_from_svm(&r, &x), VMEXIT_DONE);
	assert_int_equal(x.kind, VMEXIT_X_NMI);

	/* EXITINTINFO: #PF(0xe) being delivered. */
	r = svm_raw(0x400, 1, 0x9000);
	r.exitintinfo = 0x0000000e80000b0eull;
	assert_int_equal(vmexit_exit_from_svm(&r, &x), VMEXIT_DONE);
	assert_int_equal(x.intinfo, 0x0000000e80000b0eull);
	assert_int_equal(x.intinfo_error, 0xe);
}

static void test_svm_misc(void **st)
{
	struct vmexit_svm_raw r;
	struct vmexit_exit x;
	(void)st;

	r = svm_raw(0x7c, 1, 0);
	r.nrip = 0x1002;
	assert_int_equal(vmexit_exit_from_svm(&r, &x), VMEXIT_DONE);
	assert_int_equal(x.kind, VMEXIT_X_WRMSR);
	assert_int_equal(x.insn_len, 2);
	r.exitinfo1 = 0;
	r.nrips = false; /* QEMU's SVM: no length, decode at RIP */
	assert_int_equal(vmexit_exit_from_svm(&r, &x), VMEXIT_DONE);
	assert_int_equal(x.kind, VMEXIT_X_RDMSR);
	assert_int_equal(x.insn_len, 0);
	r.nrips = true;
	r.nrip = 0x1010; /* 16 bytes: not an instruction length */
	assert_int_equal(vmexit_exit_from_svm(&r, &x), VMEXIT_DONE);
	assert_int_equal(x.insn_len, 0);
	r.nrip = 0xfff;  /* behind RIP */
	assert_int_equal(vmexit_exit_from_svm(&r, &x), VMEXIT_DONE);
	assert_int_equal(x.insn_len, 0);

	/* Task switch to 0x30 with error code 0x1c (bit 44). */
	r = svm_raw(0x7d, 0x30, (1ull << 44) | 0x1c);
	assert_int_equal(vmexit_exit_from_svm(&r, &x), VMEXIT_DONE);
	assert_int_equal(x.kind, VMEXIT_X_TASK_SWITCH);
	assert_int_equal(x.ts.selector, 0x30);
	assert_int_equal(x.ts.source, VMEXIT_TS_CALL);
	assert_true(x.ts.has_error);
	assert_int_equal(x.ts.error, 0x1c);
	r.exitinfo2 = 1ull << 36;
	assert_int_equal(vmexit_exit_from_svm(&r, &x), VMEXIT_DONE);
	assert_int_equal(x.ts.source, VMEXIT_TS_IRET);
	assert_false(x.ts.has_error);
	r.exitinfo2 = 1ull << 38;
	assert_int_equal(vmexit_exit_from_svm(&r, &x), VMEXIT_DONE);
	assert_int_equal(x.ts.source, VMEXIT_TS_JMP);
	assert_true(x.ts.rf_valid);
	assert_false(x.ts.rf);
	/* #GP(0) through a task gate: error code, and bit 48 RF = 1 as a
	 * fault saves it (APM Vol. 2, "Task Switch Intercept"). */
	r.exitinfo2 = (1ull << 48) | (1ull << 44);
	r.exitintinfo = 0x80000b0d;
	assert_int_equal(vmexit_exit_from_svm(&r, &x), VMEXIT_DONE);
	assert_int_equal(x.ts.source, VMEXIT_TS_IDT);
	assert_true(x.ts.has_error);
	assert_int_equal(x.ts.error, 0);
	assert_true(x.ts.rf_valid && x.ts.rf);
	r.exitinfo2 = 0;
	r.exitintinfo = 0x80000008; /* INTR 8 through a task gate */
	assert_int_equal(vmexit_exit_from_svm(&r, &x), VMEXIT_DONE);
	assert_int_equal(x.ts.source, VMEXIT_TS_IDT);
	assert_false(x.ts.rf);

	r = svm_raw(0x13, (1ull << 63) | 5, 0); /* MOV CR3, RBP */
	assert_int_equal(vmexit_exit_from_svm(&r, &x), VMEXIT_DONE);
	assert_int_equal(x.kind, VMEXIT_X_CR_ACCESS);
	assert_int_equal(x.cr.cr, 3);
	assert_int_equal(x.cr.access, VMEXIT_CR_MOV_TO);
	assert_int_equal(x.cr.gpr, VMEXIT_RBP);
	r = svm_raw(0x10, 0, 0);                  /* CR0 write by LMSW/CLTS */
	assert_int_equal(vmexit_exit_from_svm(&r, &x), VMEXIT_DONE);
	assert_int_equal(x.cr.access, VMEXIT_CR_OTHER);
	assert_false(x.cr.gpr_valid);
	r = svm_raw(0x08, (1ull << 63) | 2, 0);   /* MOV RDX, CR8 */
	assert_int_equal(vmexit_exit_from_svm(&r, &x), VMEXIT_DONE);
	assert_int_equal(x.cr.access, VMEXIT_CR_MOV_FROM);
	assert_int_equal(x.cr.cr, 8);
	r = svm_raw(0x37, 3, 0);                  /* MOV DR7, RBX */
	assert_int_equal(vmexit_exit_from_svm(&r, &x), VMEXIT_DONE);
	assert_int_equal(x.kind, VMEXIT_X_DR_ACCESS);
	assert_true(x.dr.write);
	assert_int_equal(x.dr.dr, 7);
	assert_int_equal(x.dr.gpr, VMEXIT_RBX);

	static const struct { uint64_t code; uint16_t kind; } k[] = {
		{ 0x60, VMEXIT_X_EXTINT }, { 0x61, VMEXIT_X_NMI },
		{ 0x64, VMEXIT_X_IRQ_WINDOW }, { 0x72, VMEXIT_X_CPUID },
		{ 0x74, VMEXIT_X_IRET }, { 0x78, VMEXIT_X_HLT },
		{ 0x7f, VMEXIT_X_SHUTDOWN }, { 0x81, VMEXIT_X_HYPERCALL },
		{ 0x80, VMEXIT_X_VIRT_INSN }, { 0x8d, VMEXIT_X_XSETBV },
		{ 0x87, VMEXIT_X_RDTSCP }, { 0x89, VMEXIT_X_WBINVD },
		{ UINT64_MAX, VMEXIT_X_ENTRY_FAILED }, { 0x500, VMEXIT_X_UNKNOWN },
		{ 0x8e, VMEXIT_X_UNKNOWN }, { 0x7e, VMEXIT_X_UNKNOWN },
	};
	for (size_t i = 0; i < sizeof(k) / sizeof(k[0]); i++) {
		r = svm_raw(k[i].code, 0, 0);
		assert_int_equal(vmexit_exit_from_svm(&r, &x), VMEXIT_DONE);
		assert_int_equal(x.kind, k[i].kind);
		assert_int_equal(x.raw_reason, k[i].code);
	}
	assert_int_equal(vmexit_exit_from_svm(&r, NULL), VMEXIT_ERR_CALLER);
}

/* The nRIP rule, listed by exit code group (APM Vol. 2 "Next Sequential
 * Instruction Pointer" as the seed SVM backend applies it). */
static void test_svm_nrip_rule(void **st)
{
	(void)st;
	for (uint64_t c = 0; c < 0x1000; c++) {
		bool want = c < 0x40 || c == 0x43 || c == 0x44 || c == 0x45 ||
			    (c >= 0x65 && c < 0x7d) || (c >= 0x80 && c < 0x8e);
		assert_int_equal(vmexit_svm_nrip_valid(c), want);
	}
	assert_false(vmexit_svm_nrip_valid(UINT64_MAX));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vmx_cr_dr),
		cmocka_unit_test(test_vmx_io),
		cmocka_unit_test(test_vmx_ept_ts_apic),
		cmocka_unit_test(test_vmx_exceptions_misc),
		cmocka_unit_test(test_svm_ioio),
		cmocka_unit_test(test_svm_npf_exc),
		cmocka_unit_test(test_svm_misc),
		cmocka_unit_test(test_svm_nrip_rule),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
