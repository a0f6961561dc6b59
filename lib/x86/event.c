/* SPDX-License-Identifier: BSD-2-Clause */
/* Event injection policy; see <vmexit/event.h>. */
#include "libc.h"

#include <vmexit/event.h>
#include <vmexit/exception.h>
#include <vmexit/x86.h>

static bool is_soft(unsigned type)
{
	return type == VMEXIT_EV_SWINT || type == VMEXIT_EV_PRIV_SWEXC ||
	       type == VMEXIT_EV_SWEXC;
}

/*
 * Whether an event can be injected at all (SDM Vol. 3, "Checks on VM-
 * Execution Control Fields" for the entry interruption-information field;
 * APM Vol. 2, "Event Injection").  need_len: a software event must carry
 * its instruction length (1..15), which becomes the return address.
 */
static bool event_ok(const struct vmexit_event *ev, bool need_len)
{
	bool len_ok = ev->insn_len >= 1 && ev->insn_len <= 15;

	if (ev->insn_len > 15)
		return false;
	if (ev->has_error && ev->type != VMEXIT_EV_HWEXC)
		return false;
	switch (ev->type) {
	case VMEXIT_EV_EXTINT:
		return true;
	case VMEXIT_EV_NMI:
		return ev->vector == VMEXIT_EXC_NMI;
	case VMEXIT_EV_HWEXC:
		/* NMI has its own type; vectors 32-255 are not exceptions. */
		return ev->vector < 32 && ev->vector != VMEXIT_EXC_NMI &&
		       (!ev->has_error || vmexit_exc_has_error(ev->vector));
	case VMEXIT_EV_SWINT:
		return len_ok || !need_len;
	case VMEXIT_EV_PRIV_SWEXC: /* INT1 (ICEBP) */
		return ev->vector == VMEXIT_EXC_DB && (len_ok || !need_len);
	case VMEXIT_EV_SWEXC: /* INT3, INTO */
		return (ev->vector == VMEXIT_EXC_BP ||
			ev->vector == VMEXIT_EXC_OF) && (len_ok || !need_len);
	default:
		return false;
	}
}

int vmexit_intinfo_vmx(uint32_t info, uint32_t error, uint8_t insn_len,
		       bool *valid, struct vmexit_event *ev)
{
	if (!valid || !ev)
		return VMEXIT_ERR_CALLER;
	memset(ev, 0, sizeof(*ev));
	*valid = false;
	if (!(info & VMEXIT_INTINFO_VALID))
		return VMEXIT_DONE;
	/* SDM Vol. 3, "Information for VM Exits That Occur During Event
	 * Delivery": bits 30:13 are reserved (0), bit 12 is undefined. */
	if (info & VMEXIT_INTINFO_VMX_RESERVED)
		return VMEXIT_ERR_CALLER;
	ev->type = (uint8_t)((info & VMEXIT_INTINFO_TYPE_MASK) >>
			     VMEXIT_INTINFO_TYPE_SHIFT);
	ev->vector = (uint8_t)(info & VMEXIT_INTINFO_VECTOR_MASK);
	ev->has_error = (info & VMEXIT_INTINFO_EV) != 0;
	ev->error = ev->has_error ? error : 0;
	if (is_soft(ev->type))
		ev->insn_len = insn_len;
	if (!event_ok(ev, false)) {
		memset(ev, 0, sizeof(*ev));
		return VMEXIT_ERR_CALLER;
	}
	*valid = true;
	return VMEXIT_DONE;
}

int vmexit_intinfo_svm(uint64_t info, uint8_t insn_len, bool *valid,
		       struct vmexit_event *ev)
{
	uint32_t lo = (uint32_t)info;

	if (!valid || !ev)
		return VMEXIT_ERR_CALLER;
	memset(ev, 0, sizeof(*ev));
	*valid = false;
	if (!(lo & VMEXIT_INTINFO_VALID))
		return VMEXIT_DONE;
	/* APM Vol. 2, "Event Injection" (the EXITINTINFO format is the
	 * EVENTINJ format): bits 30:12 are reserved. */
	if (lo & VMEXIT_INTINFO_SVM_RESERVED)
		return VMEXIT_ERR_CALLER;
	ev->vector = (uint8_t)(lo & VMEXIT_INTINFO_VECTOR_MASK);
	ev->has_error = (lo & VMEXIT_INTINFO_EV) != 0;
	ev->error = ev->has_error ? (uint32_t)(info >> 32) : 0;
	switch ((lo & VMEXIT_INTINFO_TYPE_MASK) >> VMEXIT_INTINFO_TYPE_SHIFT) {
	case VMEXIT_SVM_EV_INTR:
		ev->type = VMEXIT_EV_EXTINT;
		break;
	case VMEXIT_SVM_EV_NMI:
		ev->type = VMEXIT_EV_NMI;
		break;
	case VMEXIT_SVM_EV_EXCEPTION:
		/* #BP and #OF only come from INT3 and INTO, which must be
		 * re-injected with their length.  #DB is taken as a
		 * hardware #DB: an INT1 (ICEBP) looks the same in
		 * EXITINTINFO and cannot be told apart without decoding. */
		if (ev->vector == VMEXIT_EXC_BP || ev->vector == VMEXIT_EXC_OF) {
			ev->type = VMEXIT_EV_SWEXC;
			ev->insn_len = insn_len;
		} else {
			ev->type = VMEXIT_EV_HWEXC;
		}
		break;
	case VMEXIT_SVM_EV_SOFTINT:
		ev->type = VMEXIT_EV_SWINT;
		ev->insn_len = insn_len;
		break;
	default:
		return VMEXIT_ERR_CALLER;
	}
	if (!event_ok(ev, false)) {
		memset(ev, 0, sizeof(*ev));
		return VMEXIT_ERR_CALLER;
	}
	*valid = true;
	return VMEXIT_DONE;
}

int vmexit_event_to_vmx(const struct vmexit_event *ev, uint32_t *info,
			uint32_t *error, uint32_t *insn_len)
{
	if (!ev || !info || !error || !insn_len || !event_ok(ev, true))
		return VMEXIT_ERR_CALLER;
	*info = VMEXIT_INTINFO_VALID |
		((uint32_t)ev->type << VMEXIT_INTINFO_TYPE_SHIFT) | ev->vector |
		(ev->has_error ? VMEXIT_INTINFO_EV : 0);
	*error = ev->has_error ? ev->error : 0;
	/* The VM-entry instruction length is used only for software
	 * events, where it makes the pushed RIP the next instruction. */
	*insn_len = is_soft(ev->type) ? ev->insn_len : 0;
	return VMEXIT_DONE;
}

int vmexit_event_to_svm(const struct vmexit_event *ev, uint64_t *eventinj)
{
	uint64_t type;

	if (!ev || !eventinj || !event_ok(ev, true))
		return VMEXIT_ERR_CALLER;
	switch (ev->type) {
	case VMEXIT_EV_EXTINT:
		type = VMEXIT_SVM_EV_INTR;
		break;
	case VMEXIT_EV_NMI:
		type = VMEXIT_SVM_EV_NMI;
		break;
	case VMEXIT_EV_SWINT:
		type = VMEXIT_SVM_EV_SOFTINT;
		break;
	default:
		/* Hardware exceptions, INT1, INT3 and INTO are all
		 * "exception" on SVM (APM Vol. 2, "Event Injection"). */
		type = VMEXIT_SVM_EV_EXCEPTION;
		break;
	}
	*eventinj = VMEXIT_INTINFO_VALID | (type << VMEXIT_INTINFO_TYPE_SHIFT) |
		    ev->vector;
	if (ev->has_error)
		*eventinj |= VMEXIT_INTINFO_EV | ((uint64_t)ev->error << 32);
	return VMEXIT_DONE;
}

static bool state_ok(const struct vmexit_event_state *s)
{
	if (s->exc_valid &&
	    (s->exc.type == VMEXIT_EV_EXTINT || s->exc.type == VMEXIT_EV_NMI ||
	     !event_ok(&s->exc, true)))
		return false;
	/* Vectors 0-15 are illegal for the local APIC (SDM Vol. 3,
	 * "Valid Interrupt Vectors"). */
	if (s->apic_pending && s->apic_vector < 16)
		return false;
	return s->tpr <= 15;
}

static void set_inject(struct vmexit_event_output *out,
		       const struct vmexit_event *ev, uint8_t source)
{
	out->inject = true;
	out->ev = *ev;
	out->source = source;
}

static void make_event(struct vmexit_event *ev, uint8_t type, uint8_t vector)
{
	memset(ev, 0, sizeof(*ev));
	ev->type = type;
	ev->vector = vector;
}

/*
 * An event whose delivery was cut short by an exception.  A hardware
 * exception or a software event recurs by itself when the instruction is
 * restarted; an NMI or an interrupt that was already accepted would be
 * lost, so it is kept pending (the choice a VMM can afford and hardware
 * cannot; the guest sees it at the next point it can be delivered).
 */
static int requeue(const struct vmexit_event *fl,
		   struct vmexit_event_output *out)
{
	struct vmexit_event_state *ns = &out->state;

	if (fl->type == VMEXIT_EV_NMI) {
		ns->nmi_pending = true;
		/* The NMI never reached its handler: nothing to block. */
		out->shadow &= ~(uint32_t)VMEXIT_SHADOW_NMI_BLOCKED;
		ns->nmi_masked = false;
	} else if (fl->type == VMEXIT_EV_EXTINT) {
		/* Only one accepted interrupt can be in flight; a second
		 * one held means the caller did not follow the policy. */
		if (ns->held_valid)
			return VMEXIT_ERR_CALLER;
		ns->held_valid = true;
		ns->held_vector = fl->vector;
	}
	return VMEXIT_DONE;
}

/*
 * The event that belongs to the current instruction: the one in flight at
 * the exit, an exception raised while handling the exit, or their
 * combination (SDM Vol. 3, "Conditions for Generating a Double Fault").
 * Only a hardware exception has a class of its own as the first event;
 * NMI, INTR and INT n / INT3 / INTO are benign, whatever their vector.
 */
static int pick_first(const struct vmexit_event_input *in,
		      struct vmexit_event *fl, bool fl_valid,
		      struct vmexit_event_output *out)
{
	struct vmexit_event_state *ns = &out->state;
	bool exc = ns->exc_valid;
	struct vmexit_event df;

	ns->exc_valid = false;
	memset(&ns->exc, 0, sizeof(ns->exc));
	/* Without a length a software event cannot be re-injected; the
	 * instruction is executed again instead. */
	if (fl_valid && is_soft(fl->type) && fl->insn_len == 0)
		fl_valid = false;

	if (fl_valid && exc) {
		if (fl->type == VMEXIT_EV_HWEXC &&
		    in->state.exc.type == VMEXIT_EV_HWEXC) {
			switch (vmexit_exc_combine(fl->vector,
						   in->state.exc.vector,
						   in->cet)) {
			case VMEXIT_COMBINE_TRIPLE:
				return VMEXIT_TRIPLE_FAULT;
			case VMEXIT_COMBINE_DF:
				make_event(&df, VMEXIT_EV_HWEXC, VMEXIT_EXC_DF);
				df.has_error = true; /* error code 0 */
				set_inject(out, &df, VMEXIT_SRC_DF);
				return VMEXIT_DONE;
			case VMEXIT_COMBINE_SERIAL:
				break;
			}
		}
		set_inject(out, &in->state.exc, VMEXIT_SRC_EXC);
		return requeue(fl, out);
	}
	if (fl_valid) {
		set_inject(out, fl, VMEXIT_SRC_REINJECT);
		if (fl->type == VMEXIT_EV_NMI) {
			/* VM entry injecting an NMI needs blocking by NMI
			 * clear; delivery sets it again (SDM Vol. 3,
			 * "Checks on Guest Non-Register State"). */
			out->shadow &= ~(uint32_t)VMEXIT_SHADOW_NMI_BLOCKED;
			ns->nmi_masked = true;
		}
	} else if (exc) {
		set_inject(out, &in->state.exc, VMEXIT_SRC_EXC);
	}
	return VMEXIT_DONE;
}

/*
 * NMI unblocking by IRET.  VMX: a fault or EPT violation in an IRET that
 * had already unblocked NMIs is reported with "NMI unblocking due to
 * IRET"; the fault must be seen with NMIs still blocked, so blocking is
 * set again (SDM Vol. 3, "Information About NMI Unblocking Due to IRET").
 * SVM: the IRET intercept exits before the IRET runs; the NMI stays held
 * while the guest is still at that IRET, and an exception raised there
 * means the IRET faulted, so the mask comes back.
 */
static void track_iret(const struct vmexit_event_input *in,
		       const struct vmexit_event *fl, bool fl_valid,
		       struct vmexit_event_output *out)
{
	struct vmexit_event_state *ns = &out->state;
	bool exc_here = (fl_valid && fl->type == VMEXIT_EV_HWEXC) ||
			(in->state.exc_valid &&
			 in->state.exc.type == VMEXIT_EV_HWEXC);

	if (in->arch == VMEXIT_ARCH_VMX) {
		if (!fl_valid && in->iret_unblocked_nmi)
			out->shadow |= VMEXIT_SHADOW_NMI_BLOCKED;
		return;
	}
	if (in->svm_iret_exit) {
		ns->nmi_masked = false;
		ns->iret_shadow = true;
		ns->iret_rip = in->rip;
	} else if (ns->iret_shadow && in->rip != ns->iret_rip) {
		ns->iret_shadow = false; /* the IRET completed */
	} else if (ns->iret_shadow && exc_here) {
		ns->iret_shadow = false;
		ns->nmi_masked = true;
	}
	if (!ns->iret_shadow)
		ns->iret_rip = 0;
}

static void decide_nmi(const struct vmexit_event_input *in,
		       struct vmexit_event_output *out)
{
	struct vmexit_event_state *ns = &out->state;
	struct vmexit_event nmi;
	bool svm = in->arch == VMEXIT_ARCH_SVM;
	/* STI and MOV-SS shadows hold NMIs too on the processors that
	 * implement it, and VM entry refuses an NMI under MOV-SS blocking
	 * (SDM Vol. 3, "Interruptibility State"). */
	bool shadow = (in->shadow &
		       (VMEXIT_SHADOW_STI | VMEXIT_SHADOW_MOVSS)) != 0;
	bool masked = svm ? ns->nmi_masked
			  : (out->shadow & VMEXIT_SHADOW_NMI_BLOCKED) != 0;

	if (!ns->nmi_pending)
		return;
	if (!out->inject && !shadow && !masked &&
	    !(svm && ns->iret_shadow)) {
		make_event(&nmi, VMEXIT_EV_NMI, VMEXIT_EXC_NMI);
		set_inject(out, &nmi, VMEXIT_SRC_NMI);
		ns->nmi_pending = false;
		if (svm)
			ns->nmi_masked = true;
		return;
	}
	/* On SVM a masked NMI waits for the IRET intercept; anything else
	 * needs an exit as soon as the obstacle is gone. */
	if (!(svm && masked))
		out->nmi_window = true;
}

static void consume_irq(struct vmexit_event_output *out, uint8_t source,
			uint8_t vector)
{
	struct vmexit_event_state *ns = &out->state;
	struct vmexit_event ev;

	make_event(&ev, VMEXIT_EV_EXTINT, vector);
	set_inject(out, &ev, source);
	if (source == VMEXIT_SRC_HELD)
		ns->held_valid = false;
	else if (source == VMEXIT_SRC_EXTINT)
		ns->extint_pending = false;
	else
		ns->apic_pending = false;
}

/*
 * Maskable interrupts: need RFLAGS.IF = 1, no STI or MOV-SS shadow, and
 * no other event on this entry (SDM Vol. 3, "Maskable Hardware
 * Interrupts"; "Interruptibility State").  A held interrupt goes before
 * the PIC, the PIC before the APIC (the ExtINT model of the seed VMMs).
 * On SVM the APIC vector goes through V_IRQ, which the processor delivers
 * itself once IF, the shadow and V_TPR allow (APM Vol. 2, "Virtual
 * Interrupts"); the PIC goes through EVENTINJ.
 */
static void decide_irq(const struct vmexit_event_input *in,
		       struct vmexit_event_output *out)
{
	struct vmexit_event_state *ns = &out->state;
	bool svm = in->arch == VMEXIT_ARCH_SVM;
	bool open = (in->rflags & VMEXIT_RFLAGS_IF) &&
		    !(in->shadow & (VMEXIT_SHADOW_STI | VMEXIT_SHADOW_MOVSS)) &&
		    !out->inject;
	bool apic_ok = ns->apic_pending &&
		       (svm || (ns->apic_vector >> 4) > ns->tpr);
	bool pic_more;

	if (svm)
		out->svm_v_tpr = ns->tpr;
	if (open && ns->held_valid)
		consume_irq(out, VMEXIT_SRC_HELD, ns->held_vector);
	else if (open && ns->extint_pending)
		consume_irq(out, VMEXIT_SRC_EXTINT, ns->extint_vector);
	else if (open && apic_ok && !svm)
		consume_irq(out, VMEXIT_SRC_APIC, ns->apic_vector);

	/* After a PIC vector, ask again: the PIC may have another one,
	 * known only once this one is acknowledged. */
	pic_more = out->source == VMEXIT_SRC_EXTINT;
	if (!svm) {
		if (ns->apic_pending && !apic_ok) {
			out->tpr_masked = true;
			out->tpr_threshold = ns->apic_vector >> 4;
		}
		out->irq_window = ns->held_valid || ns->extint_pending ||
				  apic_ok || pic_more;
		return;
	}
	if (!ns->held_valid && !ns->extint_pending && ns->apic_pending &&
	    out->source != VMEXIT_SRC_HELD && out->source != VMEXIT_SRC_EXTINT) {
		out->svm_v_irq = true;
		out->svm_v_intr_vector = ns->apic_vector;
		out->svm_v_intr_prio = ns->apic_vector >> 4;
		return;
	}
	if (ns->held_valid || ns->extint_pending || ns->apic_pending ||
	    pic_more) {
		/* The interrupt window on SVM: a dummy V_IRQ that ignores
		 * V_TPR, caught by the VINTR intercept. */
		out->irq_window = true;
		out->svm_v_irq = true;
		out->svm_v_ign_tpr = true;
	}
}

static int encode(const struct vmexit_event_input *in,
		  struct vmexit_event_output *out)
{
	struct vmexit_event *ev = &out->ev;
	int rc;

	/* Real-mode delivery pushes no error code, and VM entry requires
	 * none when CR0.PE = 0; in protected mode the vectors that push one
	 * always do (SDM Vol. 3, "Error Code"). */
	if (ev->type == VMEXIT_EV_HWEXC)
		ev->has_error = in->protected_mode &&
				vmexit_exc_has_error(ev->vector);
	if (!ev->has_error)
		ev->error = 0;
	/* Only software events carry a length.  A payload (CR2 for #PF)
	 * stays in ev for the VMM to load; neither encoding has room. */
	if (!is_soft(ev->type))
		ev->insn_len = 0;
	rc = vmexit_event_to_vmx(ev, &out->vmx_intr_info, &out->vmx_error,
				 &out->vmx_insn_len);
	if (rc == VMEXIT_DONE)
		rc = vmexit_event_to_svm(ev, &out->svm_eventinj);
	if (rc == VMEXIT_DONE && is_soft(ev->type)) {
		out->svm_set_next_rip = true;
		out->svm_next_rip = in->rip + ev->insn_len;
	}
	return rc;
}

static int decide(const struct vmexit_event_input *in,
		  struct vmexit_event_output *out)
{
	struct vmexit_event fl;
	bool fl_valid;
	int rc;

	if (in->arch != VMEXIT_ARCH_VMX && in->arch != VMEXIT_ARCH_SVM)
		return VMEXIT_ERR_CALLER;
	if (!state_ok(&in->state))
		return VMEXIT_ERR_CALLER;
	out->state = in->state;
	out->shadow = in->shadow;
	if (in->arch == VMEXIT_ARCH_VMX)
		rc = vmexit_intinfo_vmx((uint32_t)in->intinfo,
					in->intinfo_error, in->insn_len,
					&fl_valid, &fl);
	else
		rc = vmexit_intinfo_svm(in->intinfo, in->insn_len, &fl_valid,
					&fl);
	if (rc != VMEXIT_DONE)
		return rc;
	/* VMX IDT-vectoring info has no bits above 31. */
	if (in->arch == VMEXIT_ARCH_VMX && (in->intinfo >> 32))
		return VMEXIT_ERR_CALLER;

	track_iret(in, &fl, fl_valid, out);
	rc = pick_first(in, &fl, fl_valid, out);
	if (rc != VMEXIT_DONE)
		return rc;
	decide_nmi(in, out);
	decide_irq(in, out);
	if (out->inject) {
		rc = encode(in, out);
		if (rc != VMEXIT_DONE)
			return rc;
	}
	if (in->arch == VMEXIT_ARCH_SVM)
		out->svm_iret_intercept = out->state.nmi_masked;
	return VMEXIT_DONE;
}

int vmexit_event_decide(const struct vmexit_event_input *in,
			struct vmexit_event_output *out)
{
	int rc;

	if (!in || !out)
		return VMEXIT_ERR_CALLER;
	memset(out, 0, sizeof(*out));
	rc = decide(in, out);
	if (rc < 0)
		memset(out, 0, sizeof(*out));
	if (rc == VMEXIT_TRIPLE_FAULT) {
		out->inject = false;
		out->source = VMEXIT_SRC_NONE;
		memset(&out->ev, 0, sizeof(out->ev));
	}
	return rc;
}
