/* SPDX-License-Identifier: BSD-2-Clause */
/* Exit dispatch; see <vmexit/dispatch.h>. */
#include "libc.h"

#include <vmexit/decode.h>
#include <vmexit/dispatch.h>
#include <vmexit/emulate.h>
#include <vmexit/event.h>
#include <vmexit/task.h>
#include <vmexit/x86.h>
#include <vmexit/xsetbv.h>

struct ctx {
	struct vmexit_vcpu *v;
	const struct vmexit_exit *x;
	const struct vmexit_dispatch_config *cfg;
	struct vmexit_dispatch_result *res;
};

/* The instruction's length: from the exit, or by decoding at RIP when
 * the hardware gave none (SVM without NRIPS). */
static int insn_len(struct ctx *c, uint8_t *len)
{
	struct vmexit_insn d;
	int rc;

	if (c->x->insn_len) {
		*len = c->x->insn_len;
		return VMEXIT_DONE;
	}
	rc = vmexit_decode_at_rip(c->v, c->x->insn_bytes_len ? c->x->insn_bytes
							    : NULL,
				  c->x->insn_bytes_len, &d);
	if (rc == VMEXIT_DONE)
		*len = d.length;
	return rc;
}

/*
 * Retire the instruction: RIP past it (wrapping at the operand width of
 * the mode), the STI/MOV-SS shadow and RF cleared, and the single-step
 * #DB a TF=1 instruction ends with (SDM Vol. 3, "Single-Step Exception
 * Condition").
 */
static int retire(struct ctx *c)
{
	struct vmexit_vcpu *v = c->v;
	enum vmexit_cpu_mode mode;
	uint64_t rip, fl, shadow;
	uint8_t len;
	int rc;

	if ((rc = insn_len(c, &len)) != VMEXIT_DONE ||
	    (rc = vmexit_cpu_mode(v, &mode)) != VMEXIT_DONE ||
	    (rc = vmexit_get_reg(v, VMEXIT_REG_RIP, &rip)) != VMEXIT_DONE ||
	    (rc = vmexit_get_reg(v, VMEXIT_REG_RFLAGS, &fl)) != VMEXIT_DONE ||
	    (rc = vmexit_get_reg(v, VMEXIT_REG_INTR_SHADOW, &shadow)) !=
		    VMEXIT_DONE)
		return rc;
	rip += len;
	if (mode != VMEXIT_MODE_LONG64)
		rip &= 0xffffffffull;
	if ((rc = vmexit_set_reg(v, VMEXIT_REG_RIP, rip)) != VMEXIT_DONE)
		return rc;
	if (shadow & (VMEXIT_SHADOW_STI | VMEXIT_SHADOW_MOVSS)) {
		shadow &= ~(uint64_t)(VMEXIT_SHADOW_STI | VMEXIT_SHADOW_MOVSS);
		if ((rc = vmexit_set_reg(v, VMEXIT_REG_INTR_SHADOW, shadow)) !=
		    VMEXIT_DONE)
			return rc;
	}
	if (fl & VMEXIT_RFLAGS_RF) {
		rc = vmexit_set_reg(v, VMEXIT_REG_RFLAGS, fl & ~VMEXIT_RFLAGS_RF);
		if (rc != VMEXIT_DONE)
			return rc;
	}
	if (fl & VMEXIT_RFLAGS_TF) {
		struct vmexit_event db = { .type = VMEXIT_EV_HWEXC,
					   .vector = VMEXIT_EXC_DB,
					   .has_payload = true,
					   .payload = VMEXIT_DR6_BS };
		rc = vmexit_queue_event(v, &db);
		return rc == VMEXIT_DONE ? VMEXIT_EXCEPTION : rc;
	}
	return VMEXIT_DONE;
}

/* Run a handler that leaves RIP alone, then retire on success. */
static int then_retire(struct ctx *c, int rc)
{
	return rc == VMEXIT_DONE ? retire(c) : rc;
}

static int h_unknown(struct ctx *c)
{
	c->res->action = VMEXIT_ACT_UNKNOWN;
	return vmexit_unhandled(c->v, VMEXIT_WHY_EXIT, c->x->raw_reason);
}

static int h_resume(struct ctx *c)
{
	(void)c;
	return VMEXIT_DONE;
}

static int h_interrupt(struct ctx *c)
{
	c->res->action = VMEXIT_ACT_INTERRUPT;
	return VMEXIT_DONE;
}

static int h_shutdown(struct ctx *c)
{
	c->res->action = VMEXIT_ACT_SHUTDOWN;
	return VMEXIT_TRIPLE_FAULT;
}

static int h_entry_failed(struct ctx *c)
{
	c->res->action = VMEXIT_ACT_ENTRY_FAILED;
	return vmexit_unhandled(c->v, VMEXIT_WHY_EXIT, c->x->raw_reason);
}

static int h_ud(struct ctx *c)
{
	return vmexit_raise_ud(c->v);
}

static int h_nop(struct ctx *c)
{
	return retire(c);
}

static int h_halt(struct ctx *c)
{
	int rc = retire(c);
	if (rc == VMEXIT_DONE)
		c->res->action = VMEXIT_ACT_HALT;
	return rc;
}

static int h_hypercall(struct ctx *c)
{
	int rc = retire(c);
	if (rc == VMEXIT_DONE)
		c->res->action = VMEXIT_ACT_HYPERCALL;
	return rc;
}

static int h_mwait(struct ctx *c)
{
	return c->cfg->mwait_nop ? retire(c) : vmexit_raise_ud(c->v);
}

static int h_cpuid(struct ctx *c)
{
	if (!c->cfg->cpuid)
		return h_unknown(c);
	return then_retire(c, vmexit_cpuid(c->v, c->cfg->cpuid));
}

static int h_msr(struct ctx *c)
{
	const struct vmexit_dispatch_config *g = c->cfg;

	if (!g->msr || !g->msr_state)
		return h_unknown(c);
	if (c->x->kind == VMEXIT_X_WRMSR)
		return then_retire(c, vmexit_wrmsr(c->v, g->msr, g->msr_state,
						   g->host_tsc));
	return then_retire(c, vmexit_rdmsr(c->v, g->msr, g->msr_state,
					   g->host_tsc));
}

static int h_xsetbv(struct ctx *c)
{
	return then_retire(c, vmexit_xsetbv(c->v, c->cfg->xcr0_allowed));
}

/* RDTSC / RDTSCP: EDX:EAX the guest TSC; RDTSCP adds ECX = TSC_AUX. */
static int h_rdtsc(struct ctx *c)
{
	const struct vmexit_dispatch_config *g = c->cfg;
	bool p = c->x->kind == VMEXIT_X_RDTSCP;
	uint64_t tsc;
	int rc;

	if (!g->msr_state)
		return h_unknown(c);
	if (p && !(g->msr && g->msr->rdtscp))
		return vmexit_raise_ud(c->v);
	tsc = g->host_tsc + g->msr_state->tsc_offset;
	if ((rc = vmexit_set_reg(c->v, VMEXIT_RAX, (uint32_t)tsc)) ||
	    (rc = vmexit_set_reg(c->v, VMEXIT_RDX, tsc >> 32)))
		return rc;
	if (p && (rc = vmexit_set_reg(c->v, VMEXIT_RCX,
				      (uint32_t)g->msr_state->tsc_aux)))
		return rc;
	return retire(c);
}

/* Reflect an intercepted exception.  A host machine check is the host's;
 * INT3/INTO go back as software exceptions with their length. */
static int h_exception(struct ctx *c)
{
	const struct vmexit_exit *x = c->x;
	struct vmexit_event ev = { .type = VMEXIT_EV_HWEXC,
				   .vector = x->exc.vector };
	int rc;

	if (x->exc.vector == VMEXIT_EXC_MC)
		return h_interrupt(c);
	if (x->exc.type == VMEXIT_EV_SWEXC || x->exc.type == VMEXIT_EV_PRIV_SWEXC) {
		ev.type = x->exc.type;
		if ((rc = insn_len(c, &ev.insn_len)) != VMEXIT_DONE)
			return rc;
		rc = vmexit_queue_event(c->v, &ev);
		return rc == VMEXIT_DONE ? VMEXIT_EXCEPTION : rc;
	}
	if (x->exc.vector == VMEXIT_EXC_DB) {
		ev.has_payload = true;
		ev.payload = x->exc.dr6;
		rc = vmexit_queue_event(c->v, &ev);
		return rc == VMEXIT_DONE ? VMEXIT_EXCEPTION : rc;
	}
	struct vmexit_fault f = { .vector = x->exc.vector,
				  .has_error = x->exc.has_error,
				  .error = x->exc.error,
				  .cr2 = x->exc.cr2 };
	if (f.vector >= 32)
		return h_unknown(c);
	return vmexit_raise(c->v, &f);
}

/* The old task's EFLAGS image gets RF as the processor would have saved
 * it: 1 when a fault-class exception is delivered through a task gate
 * (SDM Vol. 3, "Instruction-Breakpoint Exception Condition").  VMX puts
 * that value in the guest RFLAGS at the exit; SVM reports it apart, in
 * EXITINFO2 (APM Vol. 2, "Task Switch Intercept"). */
static int set_saved_rf(struct ctx *c)
{
	uint64_t fl;
	int rc;

	if (!c->x->ts.rf_valid)
		return VMEXIT_DONE;
	rc = vmexit_get_reg(c->v, VMEXIT_REG_RFLAGS, &fl);
	if (rc != VMEXIT_DONE)
		return rc;
	fl = c->x->ts.rf ? fl | VMEXIT_RFLAGS_RF : fl & ~VMEXIT_RFLAGS_RF;
	return vmexit_set_reg(c->v, VMEXIT_REG_RFLAGS, fl);
}

/* Task switch: the neutral description of <vmexit/task.h>, filled from
 * the record and its in-flight event. */
static int h_task_switch(struct ctx *c)
{
	const struct vmexit_exit *x = c->x;
	struct vmexit_task_switch ts;
	struct vmexit_event ev;
	bool valid;
	int rc;

	memset(&ts, 0, sizeof(ts));
	ts.selector = x->ts.selector;
	ts.reason = x->ts.source;
	ts.has_error = x->ts.has_error;
	ts.error = x->ts.error;
	rc = x->arch == VMEXIT_ARCH_SVM
		     ? vmexit_intinfo_svm(x->intinfo, x->insn_len, &valid, &ev)
		     : vmexit_intinfo_vmx((uint32_t)x->intinfo,
					  x->intinfo_error, x->insn_len,
					  &valid, &ev);
	if (rc != VMEXIT_DONE)
		return rc;
	if (ts.reason == VMEXIT_TS_IDT && valid) {
		ts.event_type = ev.type;
		ts.vector = ev.vector;
		ts.ext = ev.type == VMEXIT_EV_EXTINT ||
			 ev.type == VMEXIT_EV_NMI || ev.type == VMEXIT_EV_HWEXC;
	}
	/* The saved EIP is past the instruction for CALL, JMP, IRET and
	 * software interrupts; a hardware event saves RIP as it is. */
	if (ts.reason != VMEXIT_TS_IDT || !ts.ext) {
		rc = insn_len(c, &ts.insn_len);
		if (rc != VMEXIT_DONE)
			return rc;
	}
	rc = set_saved_rf(c);
	if (rc != VMEXIT_DONE)
		return rc;
	rc = vmexit_task_switch(c->v, &ts);
	c->res->intinfo_consumed = ts.event_consumed;
	return rc;
}

/* I/O and MMIO go through the emulator, with what the exit said about
 * the address so a rewritten instruction is caught. */
static int h_emulate(struct ctx *c)
{
	const struct vmexit_exit *x = c->x;
	struct vmexit_emul_hint hint;
	int rc;

	memset(&hint, 0, sizeof(hint));
	/* A fault on the guest's own page walk names a paging structure,
	 * not the instruction's operand: nothing to check it against. */
	if ((x->kind == VMEXIT_X_NPF || x->kind == VMEXIT_X_EPT_MISCONFIG) &&
	    !x->npf.walk) {
		hint.gpa_valid = true;
		hint.gpa = x->npf.gpa;
		hint.la_valid = x->npf.gla_valid && x->npf.final;
		hint.la = x->npf.gla;
		/* An EPT violation on the translation of that linear address
		 * (not a misconfiguration, which names no access kind). */
		hint.xlat_valid = hint.la_valid && x->kind == VMEXIT_X_NPF &&
				  (x->npf.read || x->npf.write) && !x->npf.fetch;
		hint.xlat_acc = x->npf.write ? VMEXIT_ACC_WRITE : VMEXIT_ACC_READ;
	} else if (x->kind == VMEXIT_X_IO && x->io.linear_valid) {
		hint.la_valid = true;
		hint.la = x->io.linear;
	}
	rc = vmexit_emulate_at_rip(c->v,
				   x->insn_bytes_len ? x->insn_bytes : NULL,
				   x->insn_bytes_len, &hint);
	if (rc == VMEXIT_UNHANDLED)
		c->res->action = VMEXIT_ACT_UNKNOWN;
	return rc;
}

typedef int (*handler)(struct ctx *);

/* Routing, as data: one handler per kind of <vmexit/exit.h>. */
static const handler handlers[] = {
	[VMEXIT_X_UNKNOWN] = h_unknown,
	[VMEXIT_X_ENTRY_FAILED] = h_entry_failed,
	[VMEXIT_X_EXCEPTION] = h_exception,
	[VMEXIT_X_NMI] = h_interrupt,
	[VMEXIT_X_EXTINT] = h_interrupt,
	[VMEXIT_X_SMI] = h_interrupt,
	[VMEXIT_X_INIT] = h_interrupt,
	[VMEXIT_X_SIPI] = h_interrupt,
	[VMEXIT_X_SHUTDOWN] = h_shutdown,
	[VMEXIT_X_IRQ_WINDOW] = h_resume,
	[VMEXIT_X_NMI_WINDOW] = h_resume,
	[VMEXIT_X_TASK_SWITCH] = h_task_switch,
	[VMEXIT_X_CPUID] = h_cpuid,
	[VMEXIT_X_HLT] = h_halt,
	[VMEXIT_X_INVD] = h_nop,
	[VMEXIT_X_WBINVD] = h_nop,
	[VMEXIT_X_INVLPG] = h_unknown,
	[VMEXIT_X_RDPMC] = h_unknown,
	[VMEXIT_X_RDTSC] = h_rdtsc,
	[VMEXIT_X_RDTSCP] = h_rdtsc,
	[VMEXIT_X_HYPERCALL] = h_hypercall,
	[VMEXIT_X_VIRT_INSN] = h_ud,
	[VMEXIT_X_CR_ACCESS] = h_unknown,
	[VMEXIT_X_DR_ACCESS] = h_unknown,
	[VMEXIT_X_IO] = h_emulate,
	[VMEXIT_X_RDMSR] = h_msr,
	[VMEXIT_X_WRMSR] = h_msr,
	[VMEXIT_X_MONITOR] = h_mwait,
	[VMEXIT_X_MWAIT] = h_mwait,
	[VMEXIT_X_PAUSE] = h_nop,
	[VMEXIT_X_XSETBV] = h_xsetbv,
	[VMEXIT_X_DESC_TABLE] = h_unknown,
	[VMEXIT_X_NPF] = h_emulate,
	[VMEXIT_X_EPT_MISCONFIG] = h_emulate,
	[VMEXIT_X_APIC_ACCESS] = h_emulate,
	[VMEXIT_X_TPR_BELOW] = h_resume,
	[VMEXIT_X_MTF] = h_resume,
	[VMEXIT_X_PREEMPT_TIMER] = h_resume,
	[VMEXIT_X_IRET] = h_resume,
	[VMEXIT_X_RSM] = h_ud,
	[VMEXIT_X_OTHER_INSN] = h_unknown,
};

int vmexit_handle(struct vmexit_vcpu *v, const struct vmexit_exit *x,
		  const struct vmexit_dispatch_config *cfg,
		  struct vmexit_dispatch_result *res)
{
	struct ctx c = { v, x, cfg, res };

	if (!v || !x || !cfg || !res)
		return VMEXIT_ERR_CALLER;
	memset(res, 0, sizeof(*res));
	if (x->kind >= sizeof(handlers) / sizeof(handlers[0]) ||
	    !handlers[x->kind])
		return h_unknown(&c);
	return handlers[x->kind](&c);
}
