/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The register cache in front of the backend ops: fetch a group on first
 * use, write back only changed groups at flush, and hold the one event
 * the library queues for the next entry.
 */
#include "libc.h"

#include <vmexit/exception.h>
#include <vmexit/vcpu.h>
#include <vmexit/x86.h>

#include "x86/memory_internal.h"

int vmexit_vcpu_init(struct vmexit_vcpu *v, const struct vmexit_ops *ops,
		     void *backend, const struct vmexit_vcpu_config *cfg)
{
	if (!v || !ops)
		return VMEXIT_ERR_CALLER;
	memset(v, 0, sizeof(*v));
	v->ops = ops;
	v->backend = backend;
	if (cfg)
		v->cfg = *cfg;
	if (v->cfg.maxphyaddr == 0)
		v->cfg.maxphyaddr = 52;
	if (v->cfg.maxphyaddr < 32 || v->cfg.maxphyaddr > 52)
		return VMEXIT_ERR_CALLER;
	return VMEXIT_DONE;
}

int vmexit_vcpu_begin(struct vmexit_vcpu *v)
{
	if (!v || !v->ops)
		return VMEXIT_ERR_CALLER;
	v->valid = 0;
	v->dirty = 0;
	v->pending_valid = false;
	v->ram.len = 0;
	memset(&v->diag, 0, sizeof(v->diag));
	return VMEXIT_DONE;
}

/* A backend op's result: anything but success is a backend error. */
static int backend_status(int rc)
{
	return rc == VMEXIT_DONE ? VMEXIT_DONE : VMEXIT_ERR_BACKEND;
}

/* Move one register group between the cache and the backend.  The ops
 * differ only in their types, so each group names its pair of ops.
 * Inlined into fetch and flush, where `store` is constant, so each keeps
 * only its direction: they run several times on every exit. */
static inline __attribute__((always_inline)) int
xfer(struct vmexit_vcpu *v, uint32_t g, const bool store)
{
	const struct vmexit_ops *o = v->ops;
	void *b = v->backend;
	int rc = VMEXIT_ERR_CALLER;
	bool have = false;

#define XFER(get, set, field)                                              \
	do {                                                               \
		have = store ? o->set != NULL : o->get != NULL;            \
		if (have)                                                  \
			rc = store ? o->set(b, &v->field) : o->get(b, &v->field); \
	} while (0)

	switch (g) {
	case VMEXIT_G_REGS: XFER(get_regs, set_regs, regs); break;
	case VMEXIT_G_SREGS: XFER(get_sregs, set_sregs, sregs); break;
	case VMEXIT_G_DREGS: XFER(get_dregs, set_dregs, dregs); break;
	case VMEXIT_G_VREGS: XFER(get_vregs, set_vregs, vregs); break;
	case VMEXIT_G_SHADOW:
		have = store ? o->set_shadow != NULL : o->get_shadow != NULL;
		if (have)
			rc = store ? o->set_shadow(b, v->shadow)
				   : o->get_shadow(b, &v->shadow);
		break;
	default:
		return VMEXIT_ERR_CALLER;
	}
#undef XFER
	if (!have)
		return vmexit_unhandled(v, VMEXIT_WHY_NO_OP, 0);
	return backend_status(rc);
}

#define ALL_GROUPS \
	(VMEXIT_G_REGS | VMEXIT_G_SREGS | VMEXIT_G_DREGS | VMEXIT_G_VREGS | \
	 VMEXIT_G_SHADOW)

/* The groups missing, lowest first (the order of enum vmexit_group);
 * none is the common case.  Unrolled, so each xfer() has its group
 * constant and keeps only its op, and where `groups` is constant too
 * (the library's own fetches) only the groups asked for remain.  Inlined
 * where the library fetches itself (the exported functions are not, as
 * a shared library's may be interposed). */
static inline __attribute__((always_inline)) int
fetch(struct vmexit_vcpu *v, uint32_t groups)
{
	uint32_t need = groups & ~v->valid;

#pragma GCC unroll 5
	for (uint32_t g = 1; g <= VMEXIT_G_SHADOW; g <<= 1) {
		if (!(need & g))
			continue;
		int rc = xfer(v, g, false);
		if (rc != VMEXIT_DONE)
			return rc;
		v->valid |= g;
	}
	return VMEXIT_DONE;
}

int vmexit_vcpu_fetch(struct vmexit_vcpu *v, uint32_t groups)
{
	if (!v || !v->ops || (groups & ~(uint32_t)ALL_GROUPS))
		return VMEXIT_ERR_CALLER;
	return fetch(v, groups);
}

int vcpu_fetch_shadow(struct vmexit_vcpu *v)
{
	return fetch(v, VMEXIT_G_SHADOW);
}

int vcpu_fetch_dregs(struct vmexit_vcpu *v)
{
	return fetch(v, VMEXIT_G_DREGS);
}

void vmexit_vcpu_mark_dirty(struct vmexit_vcpu *v, uint32_t groups)
{
	if (v)
		v->dirty |= groups & v->valid;
}

int vmexit_vcpu_flush(struct vmexit_vcpu *v)
{
	if (!v || !v->ops)
		return VMEXIT_ERR_CALLER;
	/* Lowest first, unrolled as in fetch(). */
#pragma GCC unroll 5
	for (uint32_t g = 1; g <= VMEXIT_G_SHADOW; g <<= 1) {
		if (!(v->dirty & g))
			continue;
		int rc = xfer(v, g, true);
		if (rc != VMEXIT_DONE)
			return rc;
		v->dirty &= ~g;
	}
	if (v->pending_valid) {
		if (!v->ops->queue_event)
			return vmexit_unhandled(v, VMEXIT_WHY_NO_OP, 0);
		int rc = backend_status(
			v->ops->queue_event(v->backend, &v->pending));
		if (rc != VMEXIT_DONE)
			return rc;
		v->pending_valid = false;
	}
	return VMEXIT_DONE;
}

/* Where a register id lives: its group and a pointer into the cache. */
static uint64_t *reg_slot(struct vmexit_vcpu *v, unsigned reg, uint32_t *g)
{
	if (reg < VMEXIT_NR_GPRS) {
		*g = VMEXIT_G_REGS;
		return &v->regs.gpr[reg];
	}
	*g = VMEXIT_G_SREGS;
	switch (reg) {
	case VMEXIT_REG_RIP:
		*g = VMEXIT_G_REGS;
		return &v->regs.rip;
	case VMEXIT_REG_RFLAGS:
		*g = VMEXIT_G_REGS;
		return &v->regs.rflags;
	case VMEXIT_REG_CR0:
		return &v->sregs.cr0;
	case VMEXIT_REG_CR2:
		return &v->sregs.cr2;
	case VMEXIT_REG_CR3:
		return &v->sregs.cr3;
	case VMEXIT_REG_CR4:
		return &v->sregs.cr4;
	case VMEXIT_REG_CR8:
		return &v->sregs.cr8;
	case VMEXIT_REG_EFER:
		return &v->sregs.efer;
	case VMEXIT_REG_PDPTE0:
	case VMEXIT_REG_PDPTE1:
	case VMEXIT_REG_PDPTE2:
	case VMEXIT_REG_PDPTE3:
		return &v->sregs.pdpte[reg - VMEXIT_REG_PDPTE0];
	case VMEXIT_REG_DR0:
	case VMEXIT_REG_DR1:
	case VMEXIT_REG_DR2:
	case VMEXIT_REG_DR3:
		*g = VMEXIT_G_DREGS;
		return &v->dregs.dr[reg - VMEXIT_REG_DR0];
	case VMEXIT_REG_DR6:
		*g = VMEXIT_G_DREGS;
		return &v->dregs.dr6;
	case VMEXIT_REG_DR7:
		*g = VMEXIT_G_DREGS;
		return &v->dregs.dr7;
	}
	return NULL;
}

int vmexit_get_reg(struct vmexit_vcpu *v, unsigned reg, uint64_t *val)
{
	uint32_t g;
	int rc;

	if (!v || !val)
		return VMEXIT_ERR_CALLER;
	if (reg == VMEXIT_REG_INTR_SHADOW) {
		rc = vmexit_vcpu_fetch(v, VMEXIT_G_SHADOW);
		if (rc == VMEXIT_DONE)
			*val = v->shadow;
		return rc;
	}
	uint64_t *slot = reg_slot(v, reg, &g);
	if (!slot)
		return VMEXIT_ERR_CALLER;
	rc = vmexit_vcpu_fetch(v, g);
	if (rc == VMEXIT_DONE)
		*val = *slot;
	return rc;
}

int vmexit_set_reg(struct vmexit_vcpu *v, unsigned reg, uint64_t val)
{
	uint32_t g;
	int rc;

	if (!v)
		return VMEXIT_ERR_CALLER;
	if (reg == VMEXIT_REG_INTR_SHADOW) {
		if (val & ~(uint64_t)(VMEXIT_SHADOW_STI | VMEXIT_SHADOW_MOVSS |
				      VMEXIT_SHADOW_NMI_BLOCKED))
			return VMEXIT_ERR_CALLER;
		rc = vmexit_vcpu_fetch(v, VMEXIT_G_SHADOW);
		if (rc != VMEXIT_DONE)
			return rc;
		v->shadow = (uint32_t)val;
		v->dirty |= VMEXIT_G_SHADOW;
		return VMEXIT_DONE;
	}
	uint64_t *slot = reg_slot(v, reg, &g);
	if (!slot)
		return VMEXIT_ERR_CALLER;
	rc = vmexit_vcpu_fetch(v, g);
	if (rc != VMEXIT_DONE)
		return rc;
	*slot = val;
	v->dirty |= g;
	return VMEXIT_DONE;
}

int vmexit_get_seg(struct vmexit_vcpu *v, unsigned seg,
		   struct vmexit_segment *out)
{
	if (!v || !out || seg >= VMEXIT_NR_SEGS)
		return VMEXIT_ERR_CALLER;
	int rc = vmexit_vcpu_fetch(v, VMEXIT_G_SREGS);
	if (rc == VMEXIT_DONE)
		*out = v->sregs.seg[seg];
	return rc;
}

int vmexit_set_seg(struct vmexit_vcpu *v, unsigned seg,
		   const struct vmexit_segment *in)
{
	if (!v || !in || seg >= VMEXIT_NR_SEGS)
		return VMEXIT_ERR_CALLER;
	int rc = vmexit_vcpu_fetch(v, VMEXIT_G_SREGS);
	if (rc != VMEXIT_DONE)
		return rc;
	v->sregs.seg[seg] = *in;
	v->dirty |= VMEXIT_G_SREGS;
	return VMEXIT_DONE;
}

int vmexit_get_dtable(struct vmexit_vcpu *v, unsigned which,
		      struct vmexit_dtable *out)
{
	if (!v || !out || which > VMEXIT_IDTR)
		return VMEXIT_ERR_CALLER;
	int rc = vmexit_vcpu_fetch(v, VMEXIT_G_SREGS);
	if (rc == VMEXIT_DONE)
		*out = which == VMEXIT_GDTR ? v->sregs.gdtr : v->sregs.idtr;
	return rc;
}

int vmexit_set_dtable(struct vmexit_vcpu *v, unsigned which,
		      const struct vmexit_dtable *in)
{
	if (!v || !in || which > VMEXIT_IDTR)
		return VMEXIT_ERR_CALLER;
	int rc = vmexit_vcpu_fetch(v, VMEXIT_G_SREGS);
	if (rc != VMEXIT_DONE)
		return rc;
	if (which == VMEXIT_GDTR)
		v->sregs.gdtr = *in;
	else
		v->sregs.idtr = *in;
	v->dirty |= VMEXIT_G_SREGS;
	return VMEXIT_DONE;
}

int vmexit_queue_event(struct vmexit_vcpu *v, const struct vmexit_event *ev)
{
	if (!v || !ev || ev->type > VMEXIT_EV_SWEXC || ev->type == 1 ||
	    ev->type == 7)
		return VMEXIT_ERR_CALLER;
	v->pending = *ev;
	v->pending_valid = true;
	return VMEXIT_DONE;
}

int vmexit_raise(struct vmexit_vcpu *v, const struct vmexit_fault *f)
{
	struct vmexit_event ev;

	if (!v || !f || f->vector >= 32)
		return VMEXIT_ERR_CALLER;
	int rc = vmexit_vcpu_fetch(v, VMEXIT_G_SREGS);
	if (rc != VMEXIT_DONE)
		return rc;

	memset(&ev, 0, sizeof(ev));
	ev.type = VMEXIT_EV_HWEXC;
	ev.vector = f->vector;
	ev.has_error = f->has_error;
	ev.error = f->error;
	if (f->vector == VMEXIT_EXC_PF) {
		ev.has_payload = true;
		ev.payload = f->cr2;
	}

	/* A second exception raised while handling this exit is treated as
	 * occurring during delivery of the first (SDM Vol. 3, "Conditions
	 * for Generating a Double Fault").  Queued interrupts and NMIs are
	 * benign first events: the exception replaces them and the event
	 * policy re-evaluates what is still pending. */
	if (v->pending_valid && v->pending.type == VMEXIT_EV_HWEXC) {
		switch (vmexit_exc_combine(v->pending.vector, f->vector,
					   v->cfg.cet)) {
		case VMEXIT_COMBINE_TRIPLE:
			v->pending_valid = false;
			return VMEXIT_TRIPLE_FAULT;
		case VMEXIT_COMBINE_DF:
			memset(&ev, 0, sizeof(ev));
			ev.type = VMEXIT_EV_HWEXC;
			ev.vector = VMEXIT_EXC_DF;
			ev.has_error = true;
			break;
		case VMEXIT_COMBINE_SERIAL:
			break;
		}
	}
	/* Real-mode delivery pushes no error code (SDM Vol. 3,
	 * "Exception and Interrupt Handling in Real-Address Mode"), and VM
	 * entry rejects one when CR0.PE = 0. */
	if (!(v->sregs.cr0 & VMEXIT_CR0_PE)) {
		ev.has_error = false;
		ev.error = 0;
	}
	v->pending = ev;
	v->pending_valid = true;
	return VMEXIT_EXCEPTION;
}

int vmexit_raise_gp(struct vmexit_vcpu *v, uint32_t error)
{
	struct vmexit_fault f = { .vector = VMEXIT_EXC_GP, .has_error = true,
				  .error = error };
	return vmexit_raise(v, &f);
}

int vmexit_raise_ud(struct vmexit_vcpu *v)
{
	struct vmexit_fault f = { .vector = VMEXIT_EXC_UD };
	return vmexit_raise(v, &f);
}

int vmexit_unhandled(struct vmexit_vcpu *v, uint32_t reason, uint64_t addr)
{
	if (!v)
		return VMEXIT_ERR_CALLER;
	v->diag.reason = reason;
	v->diag.addr = addr;
	return VMEXIT_UNHANDLED;
}

/* vmexit_mode_of(), vmexit_paging_of() and vmexit_cpl_of(), inlined
 * into mem_ctx_init(). */
static inline enum vmexit_cpu_mode mode_of(uint64_t cr0, uint64_t efer,
					   uint64_t rflags, uint32_t cs_ar)
{
	if (!(cr0 & VMEXIT_CR0_PE))
		return VMEXIT_MODE_REAL;
	if (efer & VMEXIT_EFER_LMA) {
		/* SDM Vol. 3, "IA-32e Mode": CS.L selects 64-bit mode; EFLAGS.VM
		 * cannot be set in IA-32e mode. */
		if (cs_ar & VMEXIT_AR_L)
			return VMEXIT_MODE_LONG64;
		return (cs_ar & VMEXIT_AR_DB) ? VMEXIT_MODE_COMPAT32
					      : VMEXIT_MODE_COMPAT16;
	}
	if (rflags & VMEXIT_RFLAGS_VM)
		return VMEXIT_MODE_VM86;
	return (cs_ar & VMEXIT_AR_DB) ? VMEXIT_MODE_PROT32 : VMEXIT_MODE_PROT16;
}

enum vmexit_cpu_mode vmexit_mode_of(uint64_t cr0, uint64_t efer,
				    uint64_t rflags, uint32_t cs_ar)
{
	return mode_of(cr0, efer, rflags, cs_ar);
}

static inline enum vmexit_paging_mode paging_of(uint64_t cr0, uint64_t cr4,
						uint64_t efer)
{
	if (!(cr0 & VMEXIT_CR0_PG) || !(cr0 & VMEXIT_CR0_PE))
		return VMEXIT_PAGING_NONE;
	if (!(cr4 & VMEXIT_CR4_PAE))
		return VMEXIT_PAGING_32;
	if (!(efer & VMEXIT_EFER_LMA))
		return VMEXIT_PAGING_PAE;
	return (cr4 & VMEXIT_CR4_LA57) ? VMEXIT_PAGING_5LEVEL
				       : VMEXIT_PAGING_4LEVEL;
}

enum vmexit_paging_mode vmexit_paging_of(uint64_t cr0, uint64_t cr4,
					 uint64_t efer)
{
	return paging_of(cr0, cr4, efer);
}

int vmexit_cpu_mode(struct vmexit_vcpu *v, enum vmexit_cpu_mode *mode)
{
	if (!v || !mode)
		return VMEXIT_ERR_CALLER;
	int rc = vmexit_vcpu_fetch(v, VMEXIT_G_REGS | VMEXIT_G_SREGS);
	if (rc == VMEXIT_DONE)
		*mode = vmexit_mode_of(v->sregs.cr0, v->sregs.efer,
				       v->regs.rflags,
				       v->sregs.seg[VMEXIT_SEG_CS].ar);
	return rc;
}

int vmexit_paging_mode(struct vmexit_vcpu *v, enum vmexit_paging_mode *mode)
{
	if (!v || !mode)
		return VMEXIT_ERR_CALLER;
	int rc = vmexit_vcpu_fetch(v, VMEXIT_G_SREGS);
	if (rc == VMEXIT_DONE)
		*mode = vmexit_paging_of(v->sregs.cr0, v->sregs.cr4,
					 v->sregs.efer);
	return rc;
}

static inline unsigned cpl_of(enum vmexit_cpu_mode mode, uint32_t ss_ar)
{
	if (mode == VMEXIT_MODE_REAL)
		return 0;
	if (mode == VMEXIT_MODE_VM86)
		return 3;
	return (ss_ar & VMEXIT_AR_DPL_MASK) >> VMEXIT_AR_DPL_SHIFT;
}

unsigned vmexit_cpl_of(enum vmexit_cpu_mode mode, uint32_t ss_ar)
{
	return cpl_of(mode, ss_ar);
}

int vmexit_cpl(struct vmexit_vcpu *v, unsigned *cpl)
{
	enum vmexit_cpu_mode mode;

	if (!cpl)
		return VMEXIT_ERR_CALLER;
	int rc = vmexit_cpu_mode(v, &mode);
	if (rc == VMEXIT_DONE)
		*cpl = vmexit_cpl_of(mode, v->sregs.seg[VMEXIT_SEG_SS].ar);
	return rc;
}

/* Here, with the helpers inlined: every exit that emulates runs it. */
int mem_ctx_init(struct vmexit_vcpu *v, struct mem_ctx *c)
{
	const struct vmexit_sregs *s = &v->sregs;
	int rc = fetch(v, VMEXIT_G_REGS | VMEXIT_G_SREGS);

	if (rc != VMEXIT_DONE)
		return rc;
	c->mode = mode_of(s->cr0, s->efer, v->regs.rflags,
			  s->seg[VMEXIT_SEG_CS].ar);
	c->paging = paging_of(s->cr0, s->cr4, s->efer);
	c->cpl = cpl_of(c->mode, s->seg[VMEXIT_SEG_SS].ar);
	return VMEXIT_DONE;
}
