/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The dispatcher on the mock vCPU: raw exit fields (written by hand from
 * the SDM/APM layouts) through vmexit_exit_from_vmx/svm, vmexit_handle,
 * and for the event cases through vmexit_event_decide, as a VMM would.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <vmexit/dispatch.h>
#include <vmexit/event.h>
#include <vmexit/mock.h>

#include "lib/guest.h"
#include <vmexit/x86.h>

static uint8_t ram[0x10000];
static struct vmexit_mock m;
static struct vmexit_vcpu v;
static struct vmexit_msr_config mcfg;
static struct vmexit_msr_state mst;
static struct vmexit_cpuid_config ccfg;
static struct vmexit_dispatch_config dcfg;
static struct vmexit_dispatch_result res;
static uint32_t last_port, last_val;

static const struct vmexit_cpuid_entry host[] = {
	{ 0, 0, { 1, 0x756e6547, 0x6c65746e, 0x49656e69 } },
	{ 1, 0, { 0x906ea, 0x800, 0x80202001, 0x078bfbff } },
};

static int pio(void *o, uint64_t port, void *data, unsigned size, bool wr)
{
	(void)o;
	last_port = (uint32_t)port;
	if (wr) {
		last_val = 0;
		memcpy(&last_val, data, size);
	} else {
		memset(data, 0x5a, size);
	}
	return VMEXIT_DONE;
}

static void setup(const uint8_t *code, size_t n)
{
	struct vmexit_vcpu_config vc = { 0 };
	memset(ram, 0, sizeof(ram));
	memcpy(ram + 0x100, code, n);
	assert_int_equal(vmexit_mock_init(&m, ram, sizeof(ram)), VMEXIT_DONE);
	assert_int_equal(vmexit_mock_set_mode(&m, VMEXIT_MODE_PROT32, 0, 0),
			 VMEXIT_DONE);
	m.regs.rip = 0x100;
	m.regs.rflags = 0x2;
	m.regs.gpr[VMEXIT_RSP] = 0x8000;
	m.pio = pio;
	assert_int_equal(vmexit_vcpu_init(&v, &vmexit_mock_ops, &m, &vc),
			 VMEXIT_DONE);
	assert_int_equal(vmexit_vcpu_begin(&v), VMEXIT_DONE);
	memset(&mcfg, 0, sizeof(mcfg));
	mcfg.efer_mask = VMEXIT_EFER_SCE | VMEXIT_EFER_LME | VMEXIT_EFER_NXE;
	vmexit_msr_reset(&mst, true);
	memset(&ccfg, 0, sizeof(ccfg));
	ccfg.host = host;
	ccfg.nr_host = 2;
	ccfg.threads_per_core = ccfg.cores_per_package = 1;
	memset(&dcfg, 0, sizeof(dcfg));
	dcfg.cpuid = &ccfg;
	dcfg.msr = &mcfg;
	dcfg.msr_state = &mst;
	dcfg.xcr0_allowed = 7;
	dcfg.host_tsc = 1000;
}

static int vmx(uint32_t reason, uint64_t qual, uint32_t len)
{
	struct vmexit_vmx_raw r;
	struct vmexit_exit x;
	memset(&r, 0, sizeof(r));
	r.reason = reason;
	r.qual = qual;
	r.insn_len = len;
	assert_int_equal(vmexit_exit_from_vmx(&r, &x), VMEXIT_DONE);
	return vmexit_handle(&v, &x, &dcfg, &res);
}

static int svm(uint64_t code, uint64_t i1, uint64_t i2)
{
	struct vmexit_svm_raw r;
	struct vmexit_exit x;
	memset(&r, 0, sizeof(r));
	r.exitcode = code;
	r.exitinfo1 = i1;
	r.exitinfo2 = i2;
	r.rip = 0x100;
	assert_int_equal(vmexit_exit_from_svm(&r, &x), VMEXIT_DONE);
	return vmexit_handle(&v, &x, &dcfg, &res);
}

static void flush(void)
{
	assert_int_equal(vmexit_vcpu_flush(&v), VMEXIT_DONE);
}

static void test_cpuid_lengths(void **st)
{
	static const uint8_t cpuid[] = { 0x66, 0x0f, 0xa2 }; /* o16 cpuid */
	(void)st;

	setup(cpuid + 1, 2);
	m.regs.gpr[VMEXIT_RAX] = 1;
	assert_int_equal(vmexit_vcpu_begin(&v), VMEXIT_DONE);
	assert_int_equal(vmx(10, 0, 2), VMEXIT_DONE);
	assert_int_equal(res.action, VMEXIT_ACT_RESUME);
	flush();
	assert_int_equal(m.regs.rip, 0x102);
	assert_int_equal(m.regs.gpr[VMEXIT_RCX], 0x80202001); /* hypervisor bit */

	/* SVM without NRIPS: the length comes from decoding at RIP, here a
	 * prefixed CPUID of 3 bytes. */
	setup(cpuid, 3);
	m.regs.gpr[VMEXIT_RAX] = 0;
	assert_int_equal(vmexit_vcpu_begin(&v), VMEXIT_DONE);
	assert_int_equal(svm(0x72, 0, 0), VMEXIT_DONE);
	flush();
	assert_int_equal(m.regs.rip, 0x103);
	assert_int_equal(m.regs.gpr[VMEXIT_RBX], 0x756e6547);
}

static void test_retire_effects(void **st)
{
	static const uint8_t hlt[] = { 0xf4 };
	(void)st;

	setup(hlt, 1);
	m.shadow = VMEXIT_SHADOW_STI;
	m.regs.rflags = 0x2 | VMEXIT_RFLAGS_RF;
	assert_int_equal(vmexit_vcpu_begin(&v), VMEXIT_DONE);
	assert_int_equal(vmx(12, 0, 1), VMEXIT_DONE);
	assert_int_equal(res.action, VMEXIT_ACT_HALT);
	flush();
	assert_int_equal(m.regs.rip, 0x101);
	assert_int_equal(m.shadow, 0);
	assert_int_equal(m.regs.rflags, 0x2);

	/* TF: the retired instruction ends with a single-step #DB. */
	setup(hlt, 1);
	m.regs.rflags = 0x2 | VMEXIT_RFLAGS_TF;
	assert_int_equal(vmexit_vcpu_begin(&v), VMEXIT_DONE);
	assert_int_equal(vmx(40, 0, 1), VMEXIT_EXCEPTION); /* PAUSE */
	flush();
	assert_int_equal(m.regs.rip, 0x101);
	assert_int_equal(m.nr_events, 1);
	assert_int_equal(m.events[0].vector, VMEXIT_EXC_DB);
	assert_int_equal(m.events[0].payload, VMEXIT_DR6_BS);
}

static void test_policies_routed(void **st)
{
	static const uint8_t nop3[] = { 0x0f, 0x01, 0xc1 }; /* vmcall */
	(void)st;

	setup(nop3, 3);
	m.regs.gpr[VMEXIT_RCX] = VMEXIT_MSR_PAT;
	assert_int_equal(vmexit_vcpu_begin(&v), VMEXIT_DONE);
	assert_int_equal(vmx(31, 0, 2), VMEXIT_DONE);
	flush();
	assert_int_equal(m.regs.gpr[VMEXIT_RAX], 0x00070406);
	assert_int_equal(m.regs.gpr[VMEXIT_RDX], 0x00070406);
	assert_int_equal(m.regs.rip, 0x102);

	/* A refused WRMSR: #GP(0), RIP stays. */
	m.regs.gpr[VMEXIT_RAX] = 0x02;
	m.regs.gpr[VMEXIT_RDX] = 0;
	assert_int_equal(vmexit_vcpu_begin(&v), VMEXIT_DONE);
	assert_int_equal(vmx(32, 0, 2), VMEXIT_EXCEPTION);
	flush();
	assert_int_equal(m.regs.rip, 0x102);
	assert_int_equal(m.events[0].vector, VMEXIT_EXC_GP);

	/* SVM MSR exit with EXITINFO1 = 1 is WRMSR. */
	m.regs.gpr[VMEXIT_RAX] = 0x06;
	m.regs.rip = 0x100;
	assert_int_equal(vmexit_vcpu_begin(&v), VMEXIT_DONE);
	memcpy(ram + 0x100, "\x0f\x30", 2);
	assert_int_equal(svm(0x7c, 1, 0), VMEXIT_DONE);
	assert_int_equal(mst.pat, 6);

	/* VMCALL: a hypercall, retired. */
	setup(nop3, 3);
	assert_int_equal(vmx(18, 0, 3), VMEXIT_DONE);
	assert_int_equal(res.action, VMEXIT_ACT_HYPERCALL);
	flush();
	assert_int_equal(m.regs.rip, 0x103);

	/* VMREAD in the guest: #UD, RIP stays. */
	setup(nop3, 3);
	assert_int_equal(vmx(23, 0, 3), VMEXIT_EXCEPTION);
	flush();
	assert_int_equal(m.regs.rip, 0x100);
	assert_int_equal(m.events[0].vector, VMEXIT_EXC_UD);

	/* MWAIT: #UD unless configured as a NOP. */
	setup(nop3, 3);
	assert_int_equal(vmx(36, 0, 3), VMEXIT_EXCEPTION);
	setup(nop3, 3);
	dcfg.mwait_nop = true;
	assert_int_equal(vmx(36, 0, 3), VMEXIT_DONE);

	/* RDTSC: host 1000 + offset. */
	setup(nop3, 3);
	mst.tsc_offset = 234;
	assert_int_equal(vmx(16, 0, 2), VMEXIT_DONE);
	flush();
	assert_int_equal(m.regs.gpr[VMEXIT_RAX], 1234);
}

static void test_io_through_emulator(void **st)
{
	static const uint8_t out[] = { 0xee };       /* out dx, al */
	static const uint8_t in[] = { 0xe5, 0x60 };  /* in eax, 0x60 */
	(void)st;

	setup(out, 1);
	m.regs.gpr[VMEXIT_RDX] = 0x3f8;
	m.regs.gpr[VMEXIT_RAX] = 0x41;
	assert_int_equal(vmexit_vcpu_begin(&v), VMEXIT_DONE);
	assert_int_equal(vmx(30, 0x03f80000, 1), VMEXIT_DONE);
	flush();
	assert_int_equal(last_port, 0x3f8);
	assert_int_equal(last_val, 0x41);
	assert_int_equal(m.regs.rip, 0x101);

	setup(in, 2);
	/* SVM IOIO: IN, SZ32, A32, port 60H. */
	assert_int_equal(svm(0x7b, 0x00600141, 0x102), VMEXIT_DONE);
	flush();
	assert_int_equal(m.regs.gpr[VMEXIT_RAX], 0x5a5a5a5a);
	assert_int_equal(m.regs.rip, 0x102);
}

static void test_exceptions_and_policy(void **st)
{
	static const uint8_t int3[] = { 0xcc };
	struct vmexit_vmx_raw r;
	struct vmexit_exit x;
	struct vmexit_event_input in;
	struct vmexit_event_output out;
	(void)st;

	/* #GP intercepted while delivering a #PF: reflect, then the event
	 * policy turns the pair into #DF. */
	setup(int3, 1);
	memset(&r, 0, sizeof(r));
	r.reason = 0;
	r.intr_info = 0x80000b0d;
	r.intr_error = 0;
	r.idt_info = 0x80000b0e;
	r.idt_error = 2;
	assert_int_equal(vmexit_exit_from_vmx(&r, &x), VMEXIT_DONE);
	assert_int_equal(vmexit_handle(&v, &x, &dcfg, &res), VMEXIT_EXCEPTION);
	assert_true(v.pending_valid);
	memset(&in, 0, sizeof(in));
	in.arch = VMEXIT_ARCH_VMX;
	in.protected_mode = true;
	in.state.exc_valid = true;
	in.state.exc = v.pending;
	in.intinfo = x.intinfo;
	in.intinfo_error = x.intinfo_error;
	assert_int_equal(vmexit_event_decide(&in, &out), VMEXIT_DONE);
	assert_int_equal(out.vmx_intr_info, 0x80000b08);

	/* #PF reflected with CR2 and error code. */
	setup(int3, 1);
	r.intr_info = 0x80000b0e;
	r.intr_error = 4;
	r.idt_info = 0;
	r.qual = 0xbad000;
	assert_int_equal(vmexit_exit_from_vmx(&r, &x), VMEXIT_DONE);
	assert_int_equal(vmexit_handle(&v, &x, &dcfg, &res), VMEXIT_EXCEPTION);
	assert_int_equal(v.pending.vector, 14);
	assert_int_equal(v.pending.error, 4);
	assert_int_equal(v.pending.payload, 0xbad000);

	/* INT3 intercepted: back as a software exception, length 1. */
	setup(int3, 1);
	r.intr_info = 0x80000603;
	r.insn_len = 1;
	assert_int_equal(vmexit_exit_from_vmx(&r, &x), VMEXIT_DONE);
	assert_int_equal(vmexit_handle(&v, &x, &dcfg, &res), VMEXIT_EXCEPTION);
	assert_int_equal(v.pending.type, VMEXIT_EV_SWEXC);
	assert_int_equal(v.pending.insn_len, 1);

	/* SVM INT3 without nRIP: the length by decoding. */
	setup(int3, 1);
	assert_int_equal(svm(0x43, 0, 0), VMEXIT_EXCEPTION);
	assert_int_equal(v.pending.insn_len, 1);
}

/* A JMP to TSS 0x20 (TSS 0x18 current, at 0x3000) on the mock. */
static void setup_tasks(void)
{
	static const uint8_t ljmp[] = { 0xea, 0, 0, 0, 0, 0x20, 0 };
	setup(ljmp, sizeof(ljmp));
	guest_put_desc(ram, 0x1000, 1, guest_desc(0, 0xfffff, 0x9b, 0xc));
	guest_put_desc(ram, 0x1000, 2, guest_desc(0, 0xfffff, 0x93, 0xc));
	guest_put_desc(ram, 0x1000, 3, guest_desc(0x3000, 0x67, 0x8b, 0));
	guest_put_desc(ram, 0x1000, 4, guest_desc(0x3100, 0x67, 0x89, 0));
	const uint32_t eip = 0x2000, fl = 2;
	const uint16_t cs = 0x08, ds = 0x10;
	memcpy(ram + 0x3100 + 0x20, &eip, 4);
	memcpy(ram + 0x3100 + 0x24, &fl, 4);
	for (unsigned o = 0x48; o <= 0x5c; o += 4)
		memcpy(ram + 0x3100 + o, o == 0x4c ? &cs : &ds, 2);
	m.sregs.gdtr = (struct vmexit_dtable){ .base = 0x1000, .limit = 39 };
	m.sregs.seg[VMEXIT_SEG_TR] = (struct vmexit_segment){
		.selector = 0x18, .base = 0x3000, .limit = 0x67, .ar = 0x8b };
}

/* SVM reports the RF the outgoing TSS gets in EXITINFO2 bit 48 (APM
 * Vol. 2, "Task Switch Intercept"); the guest's RFLAGS.RF does not count. */
static void test_svm_task_switch_rf(void **st)
{
	uint32_t saved;
	(void)st;

	setup_tasks();
	assert_int_equal(svm(0x7d, 0x20, (1ull << 38) | (1ull << 48)),
			 VMEXIT_DONE);
	flush();
	assert_int_equal(m.sregs.seg[VMEXIT_SEG_TR].selector, 0x20);
	assert_int_equal(m.regs.rip, 0x2000);
	memcpy(&saved, ram + 0x3000 + 0x24, 4);
	assert_int_equal(saved, 0x10002);
	memcpy(&saved, ram + 0x3000 + 0x20, 4);
	assert_int_equal(saved, 0x107); /* EIP past the 7-byte JMP */

	setup_tasks();
	m.regs.rflags = 0x10002;
	assert_int_equal(svm(0x7d, 0x20, 1ull << 38), VMEXIT_DONE);
	flush();
	memcpy(&saved, ram + 0x3000 + 0x24, 4);
	assert_int_equal(saved, 0x2);
}

static unsigned dev_writes;
static uint64_t dev_addr;

static int dev(void *o, uint64_t gpa, void *data, unsigned size, bool wr)
{
	(void)o;
	(void)size;
	if (wr) {
		dev_writes++;
		dev_addr = gpa;
	} else {
		memset(data, 0, size);
	}
	return VMEXIT_DONE;
}

/* The outcome of mov [ebx], eax to the device at 0xfee00010: refused
 * before the store, or made there and RIP past it. */
static void assert_store(int rc, bool refused)
{
	if (refused) {
		assert_int_equal(rc, VMEXIT_UNHANDLED);
		assert_int_equal(v.diag.reason, VMEXIT_WHY_ADDR_MISMATCH);
		assert_int_equal(dev_writes, 0);
		return;
	}
	assert_int_equal(rc, VMEXIT_DONE);
	flush();
	assert_int_equal(dev_writes, 1);
	assert_int_equal(dev_addr, 0xfee00010u);
	assert_int_equal(m.regs.rip, 0x102);
}

/* An NPF on MMIO: the store goes to the device when the exit's GPA is
 * the operand's; a GPA elsewhere on the final access is a rewritten
 * instruction (refused); on the guest's page walk it names a paging
 * structure and is not checked (APM Vol. 2, "Nested Page Fault":
 * EXITINFO1 bit 32 final address, bit 33 page walk). */
static void test_npf_hint(void **st)
{
	static const uint8_t mov[] = { 0x89, 0x03 }; /* mov [ebx], eax */
	const uint64_t fin = 1ull << 32 | 2, walk = 1ull << 33 | 2;
	(void)st;

	for (unsigned k = 0; k < 3; k++) {
		setup(mov, sizeof(mov));
		vmexit_mock_add_mmio(&m, 0xfee00000u, 0x1000, dev, NULL);
		m.regs.gpr[VMEXIT_RBX] = 0xfee00010u;
		dev_writes = 0;
		int rc = svm(0x400, k == 2 ? walk : fin,
			     k == 0 ? 0xfee00010u : 0xfee00800u);
		assert_store(rc, k == 1);
	}
}

/* A VMX EPT violation on the final access ("Exit Qualification for EPT
 * Violations": bit 7 linear address valid, bit 8 the translation of it,
 * bit 1 a write): its guest-physical address is the processor's
 * translation, which serves the store the instruction makes there.  The
 * guest points the linear page elsewhere after the exit; the store still
 * goes to the device the processor's translation named.  Reported as a
 * read, the store is walked again, finds RAM, and is refused. */
static void test_ept_translation(void **st)
{
	static const uint8_t mov[] = { 0x89, 0x03 }; /* mov [ebx], eax */
	const uint32_t pde0 = 0x87 | 0x60, pde1 = 0xfec00000u | 0x87 | 0x60;
	(void)st;

	for (unsigned k = 0; k < 2; k++) {
		struct vmexit_vmx_raw r;
		struct vmexit_exit x;
		uint32_t moved = 0x00800000u | 0x87 | 0x60;

		setup(mov, sizeof(mov));
		vmexit_mock_add_mmio(&m, 0xfee00000u, 0x1000, dev, NULL);
		/* 32-bit paging, 4-MByte pages: 0-4 MiB identity, 4-8 MiB
		 * to 0xfec00000 */
		memcpy(ram + 0x4000, &pde0, 4);
		memcpy(ram + 0x4004, &pde1, 4);
		m.sregs.cr3 = 0x4000;
		m.sregs.cr4 |= VMEXIT_CR4_PSE;
		m.sregs.cr0 |= VMEXIT_CR0_PG;
		m.regs.gpr[VMEXIT_RBX] = 0x600010u;
		assert_int_equal(vmexit_vcpu_begin(&v), VMEXIT_DONE);
		memcpy(ram + 0x4004, &moved, 4); /* after the exit */
		dev_writes = 0;
		memset(&r, 0, sizeof(r));
		r.reason = 48;
		r.qual = 1u << 8 | 1u << 7 | (k == 0 ? 2 : 1);
		r.guest_phys = 0xfee00010u;
		r.guest_linear = 0x600010u;
		r.insn_len = 2;
		assert_int_equal(vmexit_exit_from_vmx(&r, &x), VMEXIT_DONE);
		int rc = vmexit_handle(&v, &x, &dcfg, &res);
		assert_store(rc, k == 1);
	}
}

static void test_leftovers(void **st)
{
	static const uint8_t nop[] = { 0x90 };
	(void)st;

	setup(nop, 1);
	assert_int_equal(vmx(2, 0, 0), VMEXIT_TRIPLE_FAULT);
	assert_int_equal(res.action, VMEXIT_ACT_SHUTDOWN);
	assert_int_equal(vmx(1, 0, 0), VMEXIT_DONE);
	assert_int_equal(res.action, VMEXIT_ACT_INTERRUPT);
	assert_int_equal(vmx(7, 0, 0), VMEXIT_DONE);
	assert_int_equal(res.action, VMEXIT_ACT_RESUME);
	assert_int_equal(vmx(28, 0x303, 3), VMEXIT_UNHANDLED);
	assert_int_equal(res.action, VMEXIT_ACT_UNKNOWN);
	assert_int_equal(v.diag.reason, VMEXIT_WHY_EXIT);
	assert_int_equal(vmx(200, 0, 0), VMEXIT_UNHANDLED);
	assert_int_equal(vmx(0x80000021, 0, 0), VMEXIT_UNHANDLED);
	assert_int_equal(res.action, VMEXIT_ACT_ENTRY_FAILED);
	/* A task switch with a malformed in-flight event. */
	struct vmexit_vmx_raw r;
	struct vmexit_exit x;
	memset(&r, 0, sizeof(r));
	r.reason = 9;
	r.qual = 0xc0000028;
	r.idt_info = 0x80000203; /* NMI type, vector 3 */
	assert_int_equal(vmexit_exit_from_vmx(&r, &x), VMEXIT_DONE);
	assert_int_equal(vmexit_handle(&v, &x, &dcfg, &res), VMEXIT_ERR_CALLER);
	assert_int_equal(vmexit_handle(&v, NULL, &dcfg, &res), VMEXIT_ERR_CALLER);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cpuid_lengths),
		cmocka_unit_test(test_retire_effects),
		cmocka_unit_test(test_policies_routed),
		cmocka_unit_test(test_io_through_emulator),
		cmocka_unit_test(test_exceptions_and_policy),
		cmocka_unit_test(test_svm_task_switch_rf),
		cmocka_unit_test(test_npf_hint),
		cmocka_unit_test(test_ept_translation),
		cmocka_unit_test(test_leftovers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
