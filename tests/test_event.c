/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Event injection policy.  Expected values come from the manuals, written
 * out here independently of lib/: the exception classes of SDM Vol. 3
 * Table "Interrupt and Exception Classes", the double-fault conditions of
 * Table "Conditions for Generating a Double Fault" and the #DF text
 * (APM Vol. 2 for the #DF row), and
 * the interruption-information layouts (SDM Vol. 3 "VM-Entry Controls for
 * Event Injection", APM Vol. 2 "Event Injection") as literal hex.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <vmexit/event.h>
#include <vmexit/exception.h>

/* ---- the SDM tables, written out ---- */

enum { BEN, CON, PF, DF };

static int sdm_class(unsigned v, int cet)
{
	switch (v) {
	case 0: case 10: case 11: case 12: case 13:
		return CON;
	case 21:
		return cet ? CON : BEN;
	case 14: case 20:
		return PF;
	case 8:
		return DF;
	default:
		return BEN;
	}
}

enum { SERIAL, DOUBLE, TRIPLE };

static int sdm_combine(unsigned first, unsigned second, int cet)
{
	int a = sdm_class(first, cet), b = sdm_class(second, cet);

	/* APM "Double-Fault Exception": a third interrupting event while
	 * transferring control to the #DF handler shuts down (the current
	 * SDM narrows it to contributory and #PF; see lib/x86/exception.c). */
	if (a == DF)
		return TRIPLE;
	if (a == CON && b == CON)
		return DOUBLE;
	if (a == PF && (b == CON || b == PF))
		return DOUBLE;
	return SERIAL;
}

/* SDM Vol. 3 "Error Code" plus AMD's #VC and #SX. */
static int sdm_has_error(unsigned v)
{
	static const unsigned list[] = { 8, 10, 11, 12, 13, 14, 17, 21, 29, 30 };
	for (size_t i = 0; i < sizeof(list) / sizeof(list[0]); i++)
		if (list[i] == v)
			return 1;
	return 0;
}

static void test_combine_table(void **st)
{
	(void)st;
	for (int cet = 0; cet < 2; cet++)
		for (unsigned a = 0; a < 32; a++)
			for (unsigned b = 0; b < 32; b++) {
				int want = sdm_combine(a, b, cet);
				enum vmexit_combine got =
					vmexit_exc_combine(a, b, cet);
				int g = got == VMEXIT_COMBINE_DF ? DOUBLE
					: got == VMEXIT_COMBINE_TRIPLE ? TRIPLE
								       : SERIAL;
				if (g != want)
					fail_msg("combine(%u,%u,cet=%d) = %d, "
						 "want %d", a, b, cet, g, want);
			}
	for (unsigned v = 0; v < 256; v++)
		assert_int_equal(vmexit_exc_has_error(v), v < 32 && sdm_has_error(v));
}

/* ---- helpers ---- */

static struct vmexit_event_input base(uint8_t arch)
{
	struct vmexit_event_input in;
	memset(&in, 0, sizeof(in));
	in.arch = arch;
	in.protected_mode = true;
	in.rflags = 0x202;
	in.rip = 0x1000;
	return in;
}

static void set_exc(struct vmexit_event_input *in, unsigned v, uint32_t err)
{
	in->state.exc_valid = true;
	memset(&in->state.exc, 0, sizeof(in->state.exc));
	in->state.exc.type = VMEXIT_EV_HWEXC;
	in->state.exc.vector = (uint8_t)v;
	in->state.exc.has_error = sdm_has_error(v);
	in->state.exc.error = in->state.exc.has_error ? err : 0;
}

/* Raw in-flight info for a hardware exception (or NMI for vector 2). */
static uint64_t raw_exc(uint8_t arch, unsigned v, uint32_t err)
{
	uint64_t type = v == 2 ? 2 : 3;
	uint64_t r = 0x80000000u | (type << 8) | v;
	if (v != 2 && sdm_has_error(v)) {
		r |= 0x800;
		if (arch == VMEXIT_ARCH_SVM)
			r |= (uint64_t)err << 32;
	}
	return r;
}

/* Every first/second pair through the whole policy, on both encodings. */
static void test_policy_pairs(void **st)
{
	(void)st;
	for (uint8_t arch = 0; arch < 2; arch++)
		for (int cet = 0; cet < 2; cet++)
			for (unsigned a = 0; a < 32; a++)
				for (unsigned b = 0; b < 32; b++) {
					struct vmexit_event_input in = base(arch);
					struct vmexit_event_output out;
					if (b == 2)
						continue; /* NMI is not an exception */
					in.cet = cet;
					in.intinfo = raw_exc(arch, a, 0x1234);
					in.intinfo_error = 0x1234;
					set_exc(&in, b, 0x55);
					int rc = vmexit_event_decide(&in, &out);
					/* On SVM, vectors 3/4 in EXITINTINFO are
					 * INT3/INTO; without a length they are
					 * re-executed, so b goes alone; benign
					 * anyway, so the table still holds. */
					int want = (a == 2) ? SERIAL
							    : sdm_combine(a, b, cet);
					if (want == TRIPLE) {
						assert_int_equal(rc, VMEXIT_TRIPLE_FAULT);
						assert_false(out.inject);
						continue;
					}
					assert_int_equal(rc, VMEXIT_DONE);
					assert_true(out.inject);
					unsigned wv = want == DOUBLE ? 8 : b;
					uint32_t winfo = 0x80000300u | wv |
						(sdm_has_error(wv) ? 0x800u : 0);
					uint32_t werr = want == DOUBLE ? 0
						: sdm_has_error(b) ? 0x55 : 0;
					if (out.vmx_intr_info != winfo)
						fail_msg("arch %u a %u b %u: info %#x want %#x",
							 arch, a, b, out.vmx_intr_info, winfo);
					assert_int_equal(out.vmx_error, werr);
					assert_int_equal(out.svm_eventinj,
							 (uint64_t)winfo |
							 ((uint64_t)werr << 32));
					assert_false(out.state.exc_valid);
					/* An NMI cut short stays pending. */
					assert_int_equal(out.state.nmi_pending, a == 2);
					assert_int_equal(out.nmi_window, a == 2);
				}
}

/* ---- raw intinfo validation ---- */

struct raw_case {
	uint64_t raw;
	int ok;
};

static void test_intinfo_vmx(void **st)
{
	static const struct raw_case c[] = {
		{ 0x00000000, 1 },  /* not valid: nothing in flight */
		{ 0x80000020, 1 },  /* INTR 0x20 */
		{ 0x80000202, 1 },  /* NMI */
		{ 0x80000203, 0 },  /* NMI type, vector 3 */
		{ 0x80000b0e, 1 },  /* #PF with error code */
		{ 0x8000030e, 1 },  /* #PF without (real-mode delivery) */
		{ 0x80000320, 0 },  /* hw exception vector 32 */
		{ 0x80000302, 0 },  /* hw exception vector 2 */
		{ 0x80000b06, 0 },  /* #UD with error code */
		{ 0x80000820, 0 },  /* INTR with error code */
		{ 0x80000480, 1 },  /* INT 0x80 */
		{ 0x80000501, 1 },  /* INT1 */
		{ 0x80000502, 0 },  /* priv. sw exception vector 2 */
		{ 0x80000603, 1 },  /* INT3 */
		{ 0x80000604, 1 },  /* INTO */
		{ 0x80000605, 0 },  /* sw exception vector 5 */
		{ 0x80000100, 0 },  /* type 1 reserved */
		{ 0x80000700, 0 },  /* type 7: not an IDT-vectoring type */
		{ 0x80002020, 0 },  /* reserved bit 13 */
		{ 0xc0000020, 0 },  /* reserved bit 30 */
		{ 0x80001020, 1 },  /* bit 12 is undefined, ignored */
	};
	(void)st;
	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		bool valid = true;
		struct vmexit_event ev;
		int rc = vmexit_intinfo_vmx((uint32_t)c[i].raw, 7, 2, &valid, &ev);
		if ((rc == VMEXIT_DONE) != c[i].ok)
			fail_msg("vmx %#llx: rc %d", (unsigned long long)c[i].raw, rc);
		if (!c[i].ok) {
			assert_false(valid);
			assert_int_equal(ev.type, 0);
		}
		/* The policy passes the error on, never injects. */
		struct vmexit_event_input in = base(VMEXIT_ARCH_VMX);
		struct vmexit_event_output out;
		in.intinfo = c[i].raw;
		in.insn_len = 2;
		rc = vmexit_event_decide(&in, &out);
		assert_int_equal(rc == VMEXIT_DONE, c[i].ok);
		if (!c[i].ok)
			assert_false(out.inject);
	}
}

static void test_intinfo_svm(void **st)
{
	static const struct raw_case c[] = {
		{ 0x0000000000000000ull, 1 },
		{ 0x0000000080000030ull, 1 },  /* INTR 0x30 */
		{ 0x0000000080000202ull, 1 },  /* NMI */
		{ 0x0000000080000205ull, 0 },  /* NMI type, vector 5 */
		{ 0x0000001280000b0dull, 1 },  /* #GP(0x12) */
		{ 0x0000000080000b06ull, 0 },  /* #UD with EV */
		{ 0x0000000080000340ull, 0 },  /* exception vector 64 */
		{ 0x0000000080000302ull, 0 },  /* exception vector 2 */
		{ 0x0000000080000480ull, 1 },  /* INTn */
		{ 0x0000000080000880ull, 0 },  /* INTn with EV */
		{ 0x0000000080000500ull, 0 },  /* type 5 undefined on SVM */
		{ 0x0000000080000600ull, 0 },
		{ 0x0000000080000700ull, 0 },
		{ 0x0000000080000100ull, 0 },
		{ 0x0000000080001020ull, 0 },  /* reserved bit 12 */
		{ 0x00000000c0000020ull, 0 },  /* reserved bit 30 */
		{ 0xdeadbeef80000020ull, 1 },  /* error bits without EV: ignored */
	};
	(void)st;
	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		bool valid = true;
		struct vmexit_event ev;
		int rc = vmexit_intinfo_svm(c[i].raw, 2, &valid, &ev);
		if ((rc == VMEXIT_DONE) != c[i].ok)
			fail_msg("svm %#llx: rc %d", (unsigned long long)c[i].raw, rc);
		struct vmexit_event_input in = base(VMEXIT_ARCH_SVM);
		struct vmexit_event_output out;
		in.intinfo = c[i].raw;
		in.insn_len = 2;
		rc = vmexit_event_decide(&in, &out);
		assert_int_equal(rc == VMEXIT_DONE, c[i].ok);
	}
}

/* ---- the sequences the issue names ---- */

static void test_exception_during_nmi_delivery(void **st)
{
	struct vmexit_event_input in = base(VMEXIT_ARCH_VMX);
	struct vmexit_event_output out;
	(void)st;

	in.intinfo = 0x80000202;            /* NMI was being delivered */
	in.shadow = VMEXIT_SHADOW_NMI_BLOCKED;
	set_exc(&in, 14, 0x2);              /* its delivery page-faulted */
	assert_int_equal(vmexit_event_decide(&in, &out), VMEXIT_DONE);
	assert_int_equal(out.vmx_intr_info, 0x80000b0e);
	assert_int_equal(out.vmx_error, 2);
	assert_int_equal(out.source, VMEXIT_SRC_EXC);
	assert_true(out.state.nmi_pending);
	assert_true(out.nmi_window);
	assert_int_equal(out.shadow & VMEXIT_SHADOW_NMI_BLOCKED, 0);

	/* The NMI window exit: the NMI goes in now. */
	in = base(VMEXIT_ARCH_VMX);
	in.state = out.state;
	assert_int_equal(vmexit_event_decide(&in, &out), VMEXIT_DONE);
	assert_int_equal(out.vmx_intr_info, 0x80000202);
	assert_int_equal(out.source, VMEXIT_SRC_NMI);
	assert_false(out.state.nmi_pending);

	/* SVM: same, and no IRET intercept for an NMI never delivered. */
	in = base(VMEXIT_ARCH_SVM);
	in.intinfo = 0x80000202;
	in.state.nmi_masked = true;
	set_exc(&in, 14, 0x2);
	assert_int_equal(vmexit_event_decide(&in, &out), VMEXIT_DONE);
	assert_int_equal(out.svm_eventinj, 0x0000000280000b0eull);
	assert_true(out.state.nmi_pending);
	assert_false(out.state.nmi_masked);
	assert_false(out.svm_iret_intercept);
	assert_true(out.nmi_window);
}

static void test_nmi_in_sti_shadow(void **st)
{
	(void)st;
	for (uint8_t arch = 0; arch < 2; arch++) {
		struct vmexit_event_input in = base(arch);
		struct vmexit_event_output out;

		in.state.nmi_pending = true;
		in.shadow = VMEXIT_SHADOW_STI;
		assert_int_equal(vmexit_event_decide(&in, &out), VMEXIT_DONE);
		assert_false(out.inject);
		assert_true(out.nmi_window);
		assert_true(out.state.nmi_pending);

		in.shadow = VMEXIT_SHADOW_MOVSS;
		assert_int_equal(vmexit_event_decide(&in, &out), VMEXIT_DONE);
		assert_false(out.inject);
		assert_true(out.nmi_window);

		in.shadow = 0; /* the window exit after the shadow */
		assert_int_equal(vmexit_event_decide(&in, &out), VMEXIT_DONE);
		assert_true(out.inject);
		assert_int_equal(out.vmx_intr_info, 0x80000202);
		assert_int_equal(out.svm_eventinj, 0x80000202);
		assert_false(out.nmi_window);
		assert_int_equal(out.svm_iret_intercept, arch == VMEXIT_ARCH_SVM);
	}
}

static void test_svm_iret_method(void **st)
{
	struct vmexit_event_input in = base(VMEXIT_ARCH_SVM);
	struct vmexit_event_output out;
	(void)st;

	in.state.nmi_pending = true;
	assert_int_equal(vmexit_event_decide(&in, &out), VMEXIT_DONE);
	assert_int_equal(out.source, VMEXIT_SRC_NMI);
	assert_true(out.svm_iret_intercept);

	/* A second NMI while the handler runs: held, no window needed
	 * besides the IRET intercept. */
	in = base(VMEXIT_ARCH_SVM);
	in.state = out.state;
	in.state.nmi_pending = true;
	in.rip = 0x5000;
	assert_int_equal(vmexit_event_decide(&in, &out), VMEXIT_DONE);
	assert_false(out.inject);
	assert_true(out.svm_iret_intercept);
	assert_false(out.nmi_window);

	/* The IRET intercept at 0x5010: unmasked, but not on this entry. */
	in.state = out.state;
	in.rip = 0x5010;
	in.svm_iret_exit = true;
	assert_int_equal(vmexit_event_decide(&in, &out), VMEXIT_DONE);
	assert_false(out.inject);
	assert_false(out.svm_iret_intercept);
	assert_true(out.nmi_window);
	assert_true(out.state.iret_shadow);

	/* Still at the IRET (e.g. #NPF on its stack): still held. */
	in.state = out.state;
	in.svm_iret_exit = false;
	assert_int_equal(vmexit_event_decide(&in, &out), VMEXIT_DONE);
	assert_false(out.inject);
	assert_true(out.nmi_window);

	/* The IRET completed: RIP moved.  Now the NMI goes in. */
	in.state = out.state;
	in.rip = 0x2000;
	assert_int_equal(vmexit_event_decide(&in, &out), VMEXIT_DONE);
	assert_int_equal(out.source, VMEXIT_SRC_NMI);
	assert_true(out.svm_iret_intercept);
	assert_false(out.state.iret_shadow);
}

static void test_iret_faults_after_unblocking(void **st)
{
	struct vmexit_event_input in = base(VMEXIT_ARCH_VMX);
	struct vmexit_event_output out;
	(void)st;

	/* VMX: #GP exit from an IRET that had unblocked NMIs. */
	in.iret_unblocked_nmi = true;
	in.state.nmi_pending = true;
	set_exc(&in, 13, 0);
	assert_int_equal(vmexit_event_decide(&in, &out), VMEXIT_DONE);
	assert_int_equal(out.vmx_intr_info, 0x80000b0d);
	assert_true(out.shadow & VMEXIT_SHADOW_NMI_BLOCKED);
	assert_true(out.state.nmi_pending);
	assert_true(out.nmi_window);

	/* Bit 12 means nothing when an event was in flight. */
	in.intinfo = 0x80000b0e;
	in.state.exc_valid = false;
	in.state.nmi_pending = false;
	assert_int_equal(vmexit_event_decide(&in, &out), VMEXIT_DONE);
	assert_int_equal(out.shadow & VMEXIT_SHADOW_NMI_BLOCKED, 0);
	assert_int_equal(out.source, VMEXIT_SRC_REINJECT);

	/* SVM: after the IRET intercept at 0x5010 the IRET itself faults. */
	in = base(VMEXIT_ARCH_SVM);
	in.state.iret_shadow = true;
	in.state.iret_rip = 0x5010;
	in.state.nmi_pending = true;
	in.rip = 0x5010;
	set_exc(&in, 13, 0x18);
	assert_int_equal(vmexit_event_decide(&in, &out), VMEXIT_DONE);
	assert_int_equal(out.svm_eventinj, 0x0000001880000b0dull);
	assert_true(out.state.nmi_masked);
	assert_true(out.svm_iret_intercept);
	assert_false(out.state.iret_shadow);
	assert_true(out.state.nmi_pending);
	assert_false(out.nmi_window);
}

static void test_soft_reinjection(void **st)
{
	struct vmexit_event_input in = base(VMEXIT_ARCH_VMX);
	struct vmexit_event_output out;
	(void)st;

	in.intinfo = 0x80000480; /* INT 0x80, 2 bytes */
	in.insn_len = 2;
	assert_int_equal(vmexit_event_decide(&in, &out), VMEXIT_DONE);
	assert_int_equal(out.vmx_intr_info, 0x80000480);
	assert_int_equal(out.vmx_insn_len, 2);
	assert_int_equal(out.svm_eventinj, 0x80000480);
	assert_true(out.svm_set_next_rip);
	assert_int_equal(out.svm_next_rip, 0x1002);

	in.intinfo = 0x80000603; /* INT3 */
	in.insn_len = 1;
	assert_int_equal(vmexit_event_decide(&in, &out), VMEXIT_DONE);
	assert_int_equal(out.vmx_intr_info, 0x80000603);
	assert_int_equal(out.vmx_insn_len, 1);
	assert_int_equal(out.svm_eventinj, 0x80000303);
	assert_int_equal(out.svm_next_rip, 0x1001);

	in.intinfo = 0x80000501; /* INT1 */
	assert_int_equal(vmexit_event_decide(&in, &out), VMEXIT_DONE);
	assert_int_equal(out.vmx_intr_info, 0x80000501);
	assert_int_equal(out.svm_eventinj, 0x80000301);

	/* SVM INTO in EXITINTINFO becomes a VMX software exception. */
	in = base(VMEXIT_ARCH_SVM);
	in.intinfo = 0x80000304;
	in.insn_len = 1;
	assert_int_equal(vmexit_event_decide(&in, &out), VMEXIT_DONE);
	assert_int_equal(out.vmx_intr_info, 0x80000604);
	assert_int_equal(out.svm_eventinj, 0x80000304);
	assert_int_equal(out.svm_next_rip, 0x1001);

	/* No length: the INT n runs again instead. */
	in.intinfo = 0x80000421;
	in.insn_len = 0;
	assert_int_equal(vmexit_event_decide(&in, &out), VMEXIT_DONE);
	assert_false(out.inject);

	/* An exception during INT n delivery wins; INT n re-executes. */
	in = base(VMEXIT_ARCH_VMX);
	in.intinfo = 0x80000421;
	in.insn_len = 2;
	set_exc(&in, 11, 0x10a);
	assert_int_equal(vmexit_event_decide(&in, &out), VMEXIT_DONE);
	assert_int_equal(out.vmx_intr_info, 0x80000b0b);
	assert_int_equal(out.vmx_error, 0x10a);
	assert_int_equal(out.vmx_insn_len, 0);
	assert_false(out.state.held_valid);

	/* A software exception raised by the emulator needs a length. */
	in = base(VMEXIT_ARCH_VMX);
	in.state.exc_valid = true;
	in.state.exc.type = VMEXIT_EV_SWEXC;
	in.state.exc.vector = 3;
	assert_int_equal(vmexit_event_decide(&in, &out), VMEXIT_ERR_CALLER);
	in.state.exc.insn_len = 1;
	assert_int_equal(vmexit_event_decide(&in, &out), VMEXIT_DONE);
	assert_int_equal(out.vmx_intr_info, 0x80000603);
}

static void test_held_interrupt(void **st)
{
	struct vmexit_event_input in = base(VMEXIT_ARCH_VMX);
	struct vmexit_event_output out;
	(void)st;

	in.intinfo = 0x80000031; /* INTR 0x31 in flight */
	set_exc(&in, 12, 0);     /* #SS while pushing its frame */
	in.state.extint_pending = true;
	in.state.extint_vector = 0x28;
	assert_int_equal(vmexit_event_decide(&in, &out), VMEXIT_DONE);
	assert_int_equal(out.vmx_intr_info, 0x80000b0c);
	assert_true(out.state.held_valid);
	assert_int_equal(out.state.held_vector, 0x31);
	assert_true(out.irq_window);

	/* Next window: the held vector before the PIC's. */
	in = base(VMEXIT_ARCH_VMX);
	in.state = out.state;
	assert_int_equal(vmexit_event_decide(&in, &out), VMEXIT_DONE);
	assert_int_equal(out.vmx_intr_info, 0x80000031);
	assert_int_equal(out.source, VMEXIT_SRC_HELD);
	assert_true(out.irq_window);
	in.state = out.state;
	assert_int_equal(vmexit_event_decide(&in, &out), VMEXIT_DONE);
	assert_int_equal(out.vmx_intr_info, 0x80000028);
	assert_int_equal(out.source, VMEXIT_SRC_EXTINT);
}

static void test_priorities(void **st)
{
	(void)st;
	for (uint8_t arch = 0; arch < 2; arch++) {
		struct vmexit_event_input in = base(arch);
		struct vmexit_event_output out;

		in.state.nmi_pending = true;
		in.state.extint_pending = true;
		in.state.extint_vector = 0x20;
		in.state.apic_pending = true;
		in.state.apic_vector = 0x41;
		set_exc(&in, 6, 0);
		/* The exception of the current instruction first. */
		assert_int_equal(vmexit_event_decide(&in, &out), VMEXIT_DONE);
		assert_int_equal(out.vmx_intr_info, 0x80000306);
		assert_true(out.nmi_window);
		assert_true(out.irq_window);
		/* then NMI */
		in.state = out.state;
		in.state.nmi_masked = false;
		assert_int_equal(vmexit_event_decide(&in, &out), VMEXIT_DONE);
		assert_int_equal(out.source, VMEXIT_SRC_NMI);
		assert_true(out.irq_window);
		/* then the PIC */
		in.state = out.state;
		in.state.nmi_masked = false;
		assert_int_equal(vmexit_event_decide(&in, &out), VMEXIT_DONE);
		assert_int_equal(out.source, VMEXIT_SRC_EXTINT);
		assert_int_equal(out.vmx_intr_info, 0x80000020);
		assert_int_equal(out.svm_eventinj, 0x80000020);
		assert_true(out.irq_window);
		/* then the APIC */
		in.state = out.state;
		assert_int_equal(vmexit_event_decide(&in, &out), VMEXIT_DONE);
		if (arch == VMEXIT_ARCH_VMX) {
			assert_int_equal(out.source, VMEXIT_SRC_APIC);
			assert_int_equal(out.vmx_intr_info, 0x80000041);
			assert_false(out.state.apic_pending);
		} else {
			assert_false(out.inject);
			assert_true(out.svm_v_irq);
			assert_false(out.svm_v_ign_tpr);
			assert_int_equal(out.svm_v_intr_vector, 0x41);
			assert_int_equal(out.svm_v_intr_prio, 4);
			assert_false(out.irq_window);
			/* confirmed only at the next exit */
			assert_true(out.state.apic_pending);
		}
	}
}

static void test_if_and_tpr(void **st)
{
	struct vmexit_event_input in = base(VMEXIT_ARCH_VMX);
	struct vmexit_event_output out;
	(void)st;

	in.state.extint_pending = true;
	in.state.extint_vector = 0x21;
	in.rflags = 0x2; /* IF = 0 */
	assert_int_equal(vmexit_event_decide(&in, &out), VMEXIT_DONE);
	assert_false(out.inject);
	assert_true(out.irq_window);
	in.rflags = 0x202;
	in.shadow = VMEXIT_SHADOW_STI;
	assert_int_equal(vmexit_event_decide(&in, &out), VMEXIT_DONE);
	assert_false(out.inject);
	assert_true(out.irq_window);

	in = base(VMEXIT_ARCH_SVM);
	in.state.extint_pending = true;
	in.state.extint_vector = 0x21;
	in.shadow = VMEXIT_SHADOW_MOVSS;
	assert_int_equal(vmexit_event_decide(&in, &out), VMEXIT_DONE);
	assert_false(out.inject);
	assert_true(out.irq_window);
	assert_true(out.svm_v_irq);
	assert_true(out.svm_v_ign_tpr);
	assert_int_equal(out.svm_v_intr_vector, 0);

	/* VMX TPR: class 3 vector under TPR 3 is masked. */
	in = base(VMEXIT_ARCH_VMX);
	in.state.apic_pending = true;
	in.state.apic_vector = 0x3f;
	in.state.tpr = 3;
	assert_int_equal(vmexit_event_decide(&in, &out), VMEXIT_DONE);
	assert_false(out.inject);
	assert_false(out.irq_window);
	assert_true(out.tpr_masked);
	assert_int_equal(out.tpr_threshold, 3);
	in.state.tpr = 2;
	assert_int_equal(vmexit_event_decide(&in, &out), VMEXIT_DONE);
	assert_int_equal(out.vmx_intr_info, 0x8000003f);

	/* SVM leaves TPR to the processor through V_TPR. */
	in = base(VMEXIT_ARCH_SVM);
	in.state.apic_pending = true;
	in.state.apic_vector = 0x3f;
	in.state.tpr = 9;
	assert_int_equal(vmexit_event_decide(&in, &out), VMEXIT_DONE);
	assert_true(out.svm_v_irq);
	assert_int_equal(out.svm_v_tpr, 9);
}

static void test_real_mode_and_errors(void **st)
{
	struct vmexit_event_input in = base(VMEXIT_ARCH_VMX);
	struct vmexit_event_output out;
	(void)st;

	in.protected_mode = false;
	set_exc(&in, 13, 0x8);
	assert_int_equal(vmexit_event_decide(&in, &out), VMEXIT_DONE);
	assert_int_equal(out.vmx_intr_info, 0x8000030d);
	assert_int_equal(out.vmx_error, 0);
	assert_int_equal(out.svm_eventinj, 0x8000030d);

	/* #DF from contributory + contributory, protected: error code 0. */
	in = base(VMEXIT_ARCH_SVM);
	in.intinfo = 0x0000000880000b0dull;
	set_exc(&in, 11, 0x30);
	assert_int_equal(vmexit_event_decide(&in, &out), VMEXIT_DONE);
	assert_int_equal(out.source, VMEXIT_SRC_DF);
	assert_int_equal(out.svm_eventinj, 0x80000b08);

	/* NMI re-injected on VMX: blocking by NMI must be clear. */
	in = base(VMEXIT_ARCH_VMX);
	in.intinfo = 0x80000202;
	in.shadow = VMEXIT_SHADOW_NMI_BLOCKED;
	assert_int_equal(vmexit_event_decide(&in, &out), VMEXIT_DONE);
	assert_int_equal(out.vmx_intr_info, 0x80000202);
	assert_int_equal(out.shadow, 0);

	/* Caller mistakes. */
	assert_int_equal(vmexit_event_decide(NULL, &out), VMEXIT_ERR_CALLER);
	assert_int_equal(vmexit_event_decide(&in, NULL), VMEXIT_ERR_CALLER);
	in = base(VMEXIT_ARCH_VMX);
	in.arch = 2;
	assert_int_equal(vmexit_event_decide(&in, &out), VMEXIT_ERR_CALLER);
	in = base(VMEXIT_ARCH_VMX);
	in.intinfo = 0x100000020ull; /* VMX info has 32 bits */
	assert_int_equal(vmexit_event_decide(&in, &out), VMEXIT_ERR_CALLER);
	in = base(VMEXIT_ARCH_VMX);
	in.state.apic_pending = true;
	in.state.apic_vector = 5;
	assert_int_equal(vmexit_event_decide(&in, &out), VMEXIT_ERR_CALLER);
	in.state.apic_vector = 0x30;
	in.state.tpr = 16;
	assert_int_equal(vmexit_event_decide(&in, &out), VMEXIT_ERR_CALLER);
	in = base(VMEXIT_ARCH_VMX);
	in.state.exc_valid = true;
	in.state.exc.type = VMEXIT_EV_NMI;
	in.state.exc.vector = 2;
	assert_int_equal(vmexit_event_decide(&in, &out), VMEXIT_ERR_CALLER);
	assert_false(out.inject);
	set_exc(&in, 6, 0);
	in.state.exc.has_error = true;
	assert_int_equal(vmexit_event_decide(&in, &out), VMEXIT_ERR_CALLER);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_combine_table),
		cmocka_unit_test(test_policy_pairs),
		cmocka_unit_test(test_intinfo_vmx),
		cmocka_unit_test(test_intinfo_svm),
		cmocka_unit_test(test_exception_during_nmi_delivery),
		cmocka_unit_test(test_nmi_in_sti_shadow),
		cmocka_unit_test(test_svm_iret_method),
		cmocka_unit_test(test_iret_faults_after_unblocking),
		cmocka_unit_test(test_soft_reinjection),
		cmocka_unit_test(test_held_interrupt),
		cmocka_unit_test(test_priorities),
		cmocka_unit_test(test_if_and_tpr),
		cmocka_unit_test(test_real_mode_and_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
