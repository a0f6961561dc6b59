/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Event policy fuzzer: random state, interruptibility and raw intinfo.
 * Checks invariants any answer must satisfy: errors leave nothing to
 * inject, an injected event re-parses to itself in both encodings, an NMI
 * or interrupt is never injected where the manual forbids it, and the
 * function is deterministic.
 */
#include <string.h>

#include <vmexit/event.h>

#include "fuzz.h"

struct reader {
	const uint8_t *p;
	size_t n;
};

static uint64_t take(struct reader *r, unsigned bytes)
{
	uint64_t v = 0;
	for (unsigned i = 0; i < bytes; i++) {
		v = v << 8 | (r->n ? *r->p : 0);
		if (r->n) {
			r->p++;
			r->n--;
		}
	}
	return v;
}

static void check(int cond)
{
	if (!cond)
		__builtin_trap();
}

static void fill(struct reader *r, struct vmexit_event_input *in)
{
	uint64_t f = take(r, 4);
	struct vmexit_event_state *s = &in->state;

	memset(in, 0, sizeof(*in));
	in->arch = f & 1;
	in->cet = f >> 1 & 1;
	in->protected_mode = f >> 2 & 1;
	s->nmi_pending = f >> 3 & 1;
	s->extint_pending = f >> 4 & 1;
	s->apic_pending = f >> 5 & 1;
	s->exc_valid = f >> 6 & 1;
	s->held_valid = f >> 7 & 1;
	s->nmi_masked = f >> 8 & 1;
	s->iret_shadow = f >> 9 & 1;
	in->iret_unblocked_nmi = f >> 10 & 1;
	in->svm_iret_exit = f >> 11 & 1;
	s->exc.has_error = f >> 12 & 1;
	s->exc.type = f >> 13 & 7;
	in->shadow = f >> 16 & 0xb;
	in->rflags = (f >> 20 & 1) ? 0x202 : 0x2;
	in->rip = take(r, 1) & 3;
	s->iret_rip = take(r, 1) & 3;
	s->extint_vector = (uint8_t)take(r, 1);
	s->apic_vector = (uint8_t)take(r, 1);
	s->tpr = (uint8_t)(take(r, 1) & 0x1f);
	s->held_vector = (uint8_t)take(r, 1);
	s->exc.vector = (uint8_t)take(r, 1);
	s->exc.error = (uint32_t)take(r, 4);
	s->exc.insn_len = (uint8_t)(take(r, 1) & 0x1f);
	in->intinfo = take(r, 8);
	in->intinfo_error = (uint32_t)take(r, 4);
	in->insn_len = (uint8_t)(take(r, 1) & 0x1f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct reader r = { data, size };
	struct vmexit_event_input in;
	struct vmexit_event_output out, again, zero;
	struct vmexit_event ev;
	bool valid;

	fill(&r, &in);
	int rc = vmexit_event_decide(&in, &out);
	check(rc == VMEXIT_DONE || rc == VMEXIT_TRIPLE_FAULT ||
	      rc == VMEXIT_ERR_CALLER);
	check(vmexit_event_decide(&in, &again) == rc);
	check(memcmp(&out, &again, sizeof(out)) == 0);
	memset(&zero, 0, sizeof(zero));
	if (rc == VMEXIT_ERR_CALLER)
		check(memcmp(&out, &zero, sizeof(out)) == 0);
	if (rc != VMEXIT_DONE) {
		check(!out.inject);
		return 0;
	}
	check(!out.state.exc_valid);
	if (in.arch == VMEXIT_ARCH_SVM)
		check(out.svm_iret_intercept == out.state.nmi_masked);
	if (out.svm_v_irq)
		check(out.svm_v_ign_tpr ? out.svm_v_intr_vector == 0
					: out.svm_v_intr_vector >= 16);
	if (!out.inject) {
		check(out.vmx_intr_info == 0 && out.svm_eventinj == 0);
		return 0;
	}
	/* Both encodings parse back to the event. */
	check(vmexit_intinfo_vmx(out.vmx_intr_info, out.vmx_error,
				 (uint8_t)out.vmx_insn_len, &valid,
				 &ev) == VMEXIT_DONE && valid);
	check(ev.type == out.ev.type && ev.vector == out.ev.vector &&
	      ev.has_error == out.ev.has_error && ev.error == out.ev.error);
	check(vmexit_intinfo_svm(out.svm_eventinj, 1, &valid, &ev) ==
		      VMEXIT_DONE && valid);
	check(ev.vector == out.ev.vector && ev.has_error == out.ev.has_error);
	if (!in.protected_mode)
		check(!out.ev.has_error);
	/* Where the manual forbids injection. */
	if (out.source == VMEXIT_SRC_NMI) {
		check(!(in.shadow & (VMEXIT_SHADOW_STI | VMEXIT_SHADOW_MOVSS)));
		check(!in.state.exc_valid);
		if (in.arch == VMEXIT_ARCH_VMX)
			check(!(out.shadow & VMEXIT_SHADOW_NMI_BLOCKED));
		check(!out.state.nmi_pending);
	}
	if (out.source == VMEXIT_SRC_HELD || out.source == VMEXIT_SRC_EXTINT ||
	    out.source == VMEXIT_SRC_APIC) {
		check(in.rflags & 0x200);
		check(!(in.shadow & (VMEXIT_SHADOW_STI | VMEXIT_SHADOW_MOVSS)));
		check(!in.state.exc_valid);
	}
	if (out.source == VMEXIT_SRC_REINJECT || out.source == VMEXIT_SRC_DF)
		check(in.intinfo & 0x80000000u);
	return 0;
}
