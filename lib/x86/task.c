/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The hardware task switch; see <vmexit/task.h>.  The numbered steps are
 * those of SDM Vol. 3, "Task Switching"; the checks on the new task's
 * segments are those of Table "Exception Conditions Checked During a Task
 * Switch", done by vmexit_seg_load() with VMEXIT_LOAD_TASK.
 *
 * Everything up to the commit point (TR loaded) is checked before
 * anything changes, including that every page the switch writes is
 * present and writable (step 5), so a fault there leaves the old task
 * intact.  Faults after it are delivered in the new task's context.
 */
#include "libc.h"

#include <vmexit/exception.h>
#include <vmexit/memory.h>
#include <vmexit/segment.h>
#include <vmexit/task.h>
#include <vmexit/x86.h>

/* Dynamic fields of a TSS, in the order of struct image. */
enum field {
	F_EIP, F_EFLAGS, F_GPR, /* 8 of them */
	F_SEL = F_GPR + 8,      /* ES, CS, SS, DS, FS, GS */
	F_LDT = F_SEL + 6,
	F_NR
};

/* A TSS format (SDM Vol. 3, Figures "32-Bit Task-State Segment" and
 * "16-Bit TSS Format"); offset 0 means the format has no such field. */
struct tss_fmt {
	uint8_t off[F_NR];
	uint8_t word;      /* width of EIP, EFLAGS and the GPRs */
	uint8_t min_limit; /* smallest valid limit: 67H or 2BH */
	uint8_t save_lo, save_hi; /* the fields saved for the old task */
};

static const struct tss_fmt tss32 = {
	.off = { 0x20, 0x24, 0x28, 0x2c, 0x30, 0x34, 0x38, 0x3c, 0x40, 0x44,
		 0x48, 0x4c, 0x50, 0x54, 0x58, 0x5c, 0x60 },
	.word = 4, .min_limit = 0x67, .save_lo = 0x20, .save_hi = 0x60,
};

static const struct tss_fmt tss16 = {
	.off = { 0x0e, 0x10, 0x12, 0x14, 0x16, 0x18, 0x1a, 0x1c, 0x1e, 0x20,
		 0x22, 0x24, 0x26, 0x28, 0, 0, 0x2a },
	.word = 2, .min_limit = 0x2b, .save_lo = 0x0e, .save_hi = 0x2a,
};

#define TSS_LINK 0x00
#define TSS_CR3 0x1c
#define TSS_T 0x64
#define TSS_MAX 0x68
#define TYPE_BUSY 0x2u
/* EFLAGS bits that exist; the others load as 0, bit 1 as 1. */
#define EFLAGS_DEFINED 0x3f7fd5u

struct image {
	uint32_t val[F_NR];
};

/* DR7 L0, L1, L2, L3 (bits 0, 2, 4, 6). */
#define DR7_LOCAL_ENABLES 0x55ull

/* Everything the switch has read before the commit point. */
struct ctx {
	struct vmexit_desc nd, od;  /* new and old TSS descriptors */
	const struct tss_fmt *nf, *of;
	uint8_t nbuf[TSS_MAX];      /* the new TSS */
	uint8_t obuf[TSS_MAX];      /* the old TSS's dynamic fields */
	bool clear_old;             /* od is read: JMP and IRET */
	bool staged;                /* the IDT event is in v->pending */
};

static uint32_t get_field(const struct tss_fmt *t, const uint8_t *buf,
			  unsigned i)
{
	uint32_t x = 0;
	unsigned w = (i < F_SEL) ? t->word : 2;

	if (t->off[i])
		memcpy(&x, buf + t->off[i], w); /* little-endian host */
	return x;
}

static void put_field(const struct tss_fmt *t, uint8_t *buf, unsigned i,
		      uint32_t x)
{
	if (t->off[i])
		memcpy(buf + t->off[i], &x, (i < F_SEL) ? t->word : 2);
}

static bool nested(const struct vmexit_task_switch *ts)
{
	return ts->reason == VMEXIT_TS_CALL || ts->reason == VMEXIT_TS_IDT;
}

static int fault(struct vmexit_vcpu *v, unsigned vector, uint32_t error)
{
	struct vmexit_fault f = { .vector = (uint8_t)vector,
				  .has_error = true, .error = error };
	return vmexit_raise(v, &f);
}

static uint32_t sel_error(uint16_t sel, bool ext)
{
	return (uint32_t)(sel & 0xfffcu) | (ext ? 1u : 0u);
}

/* Step 5: every page the switch will write must be present and
 * writable, checked (without setting A/D flags) before any write. */
static int probe_write(struct vmexit_vcpu *v, uint64_t la, unsigned len)
{
	const uint64_t ends[2] = { la & 0xffffffffull,
				   (la + len - 1) & 0xffffffffull };
	struct vmexit_fault f;
	uint64_t gpa;

	for (int i = 0; i < 2; i++) {
		int rc = vmexit_translate(v, ends[i],
					  VMEXIT_ACC_WRITE |
						  VMEXIT_ACC_IMPLICIT |
						  VMEXIT_ACC_NO_AD,
					  &gpa, &f);
		if (rc == VMEXIT_EXCEPTION)
			return vmexit_raise(v, &f);
		if (rc != VMEXIT_DONE)
			return rc;
	}
	return VMEXIT_DONE;
}

/* Steps 1-4: the new TSS descriptor.  JMP, CALL and task gates fault
 * with #GP on a bad selector or a busy TSS, IRET with #TS on one that is
 * not busy (SDM Vol. 2, JMP, CALL, INT n, IRET: "TASK-GATE", "TASK-STATE-
 * SEGMENT", "TASK-RETURN"); then #NP, then #TS for a short limit. */
static int check_new_tss(struct vmexit_vcpu *v,
			 const struct vmexit_task_switch *ts, struct ctx *c)
{
	bool iret = ts->reason == VMEXIT_TS_IRET;
	unsigned bad = iret ? VMEXIT_EXC_TS : VMEXIT_EXC_GP;
	uint32_t err = sel_error(ts->selector, ts->ext);
	uint32_t type;
	uint64_t la;
	int rc;

	if ((ts->selector & VMEXIT_SEL_TI) ||
	    (ts->selector & VMEXIT_SEL_INDEX_MASK) == 0 ||
	    !vmexit_desc_addr(&v->sregs, ts->selector, 8, &la))
		return fault(v, bad, err);
	rc = vmexit_desc_fetch(v, la, 8, &c->nd);
	if (rc != VMEXIT_DONE)
		return rc;
	type = c->nd.seg.ar & (VMEXIT_AR_S | VMEXIT_AR_TYPE_MASK);
	/* Types 1, 3, 9 and 11 with S = 0 are TSSes; bit 1 is busy. */
	if ((type & ~0xau) != VMEXIT_SYS_TSS16_AVAIL ||
	    ((type & TYPE_BUSY) != 0) != iret)
		return fault(v, bad, err);
	if (!(c->nd.seg.ar & VMEXIT_AR_P))
		return fault(v, VMEXIT_EXC_NP, err);
	c->nf = (type & 0x8) ? &tss32 : &tss16;
	if (c->nd.seg.limit < c->nf->min_limit)
		return fault(v, VMEXIT_EXC_TS, err);
	return VMEXIT_DONE;
}

/* The old task's TSS is whatever TR holds; it must be a busy TSS large
 * enough for the fields the switch saves.  The manual lists no check for
 * this (LTR and earlier switches guarantee it); a TR that breaks it can
 * only come from a backend, and gets #TS with the old selector rather
 * than a write past the TSS. */
static int check_old_tss(struct vmexit_vcpu *v,
			 const struct vmexit_task_switch *ts, struct ctx *c)
{
	const struct vmexit_segment *tr = &v->sregs.seg[VMEXIT_SEG_TR];
	uint32_t type = tr->ar & (VMEXIT_AR_S | VMEXIT_AR_TYPE_MASK);
	uint32_t err = sel_error(tr->selector, ts->ext);
	uint64_t la;

	if ((tr->ar & VMEXIT_AR_UNUSABLE) ||
	    (type != VMEXIT_SYS_TSS16_BUSY && type != VMEXIT_SYS_TSS_BUSY))
		return fault(v, VMEXIT_EXC_TS, err);
	c->of = (type & 0x8) ? &tss32 : &tss16;
	if (tr->limit < (uint32_t)c->of->save_hi - 1)
		return fault(v, VMEXIT_EXC_TS, err);
	if (ts->reason != VMEXIT_TS_JMP && ts->reason != VMEXIT_TS_IRET)
		return VMEXIT_DONE;
	/* JMP and IRET clear the old descriptor's busy bit: find it. */
	if ((tr->selector & VMEXIT_SEL_TI) ||
	    !vmexit_desc_addr(&v->sregs, tr->selector, 8, &la))
		return fault(v, VMEXIT_EXC_TS, err);
	c->clear_old = true;
	return vmexit_desc_fetch(v, la, 8, &c->od);
}

/* Step 5: read the new TSS and the old TSS's dynamic fields, and check
 * that every later write will succeed. */
static int read_tsses(struct vmexit_vcpu *v,
		      const struct vmexit_task_switch *ts, struct ctx *c)
{
	uint64_t obase = v->sregs.seg[VMEXIT_SEG_TR].base;
	unsigned olen = c->of->save_hi - c->of->save_lo;
	int rc;

	rc = vmexit_read_linear(v, c->nd.seg.base, c->nbuf,
				c->nf->min_limit + 1u, VMEXIT_ACC_IMPLICIT);
	if (rc == VMEXIT_DONE)
		rc = vmexit_read_linear(v, obase + c->of->save_lo,
					c->obuf + c->of->save_lo, olen,
					VMEXIT_ACC_IMPLICIT);
	if (rc == VMEXIT_DONE)
		rc = probe_write(v, obase + c->of->save_lo, olen);
	if (rc == VMEXIT_DONE && ts->reason != VMEXIT_TS_IRET)
		rc = probe_write(v, c->nd.la + 5, 1);
	if (rc == VMEXIT_DONE && c->clear_old)
		rc = probe_write(v, c->od.la + 5, 1);
	if (rc == VMEXIT_DONE && nested(ts))
		rc = probe_write(v, c->nd.seg.base + TSS_LINK, 2);
	return rc;
}

/* Steps 6-10: save the old task, the busy bits, the link. */
static int save_old_task(struct vmexit_vcpu *v,
			 const struct vmexit_task_switch *ts, struct ctx *c)
{
	const struct tss_fmt *f = c->of;
	uint16_t old_sel = v->sregs.seg[VMEXIT_SEG_TR].selector;
	uint64_t eflags = v->regs.rflags;
	int rc;

	/* Step 7: IRET saves EFLAGS with NT clear. */
	if (ts->reason == VMEXIT_TS_IRET)
		eflags &= ~VMEXIT_RFLAGS_NT;
	/* Step 8: EIP after the instruction for CALL, JMP, IRET and
	 * software interrupts, at it for faults and interrupts (insn_len
	 * 0).  A 16-bit TSS keeps only the low words ("16-Bit Task-State
	 * Segment (TSS)"). */
	put_field(f, c->obuf, F_EIP, (uint32_t)(v->regs.rip + ts->insn_len));
	put_field(f, c->obuf, F_EFLAGS, (uint32_t)eflags);
	for (unsigned i = 0; i < 8; i++)
		put_field(f, c->obuf, F_GPR + i, (uint32_t)v->regs.gpr[i]);
	for (unsigned i = 0; i < 6; i++)
		put_field(f, c->obuf, F_SEL + i, v->sregs.seg[i].selector);
	rc = vmexit_write_linear(v, v->sregs.seg[VMEXIT_SEG_TR].base + f->save_lo,
				 c->obuf + f->save_lo, f->save_hi - f->save_lo,
				 VMEXIT_ACC_IMPLICIT);
	/* Step 6: JMP and IRET make the old task available. */
	if (rc == VMEXIT_DONE && c->clear_old)
		rc = vmexit_desc_type_bits(v, &c->od, TYPE_BUSY, false);
	/* Step 9 (with "Task Linking"): CALL and task gates record the old
	 * task in the new TSS's link field. */
	if (rc == VMEXIT_DONE && nested(ts)) {
		uint8_t link[2] = { (uint8_t)old_sel, (uint8_t)(old_sel >> 8) };
		memcpy(c->nbuf + TSS_LINK, link, 2);
		rc = vmexit_write_linear(v, c->nd.seg.base + TSS_LINK, link, 2,
					 VMEXIT_ACC_IMPLICIT);
	}
	/* Step 10: all but IRET mark the new task busy (IRET's already
	 * is). */
	if (rc == VMEXIT_DONE && ts->reason != VMEXIT_TS_IRET)
		rc = vmexit_desc_type_bits(v, &c->nd, TYPE_BUSY, true);
	return rc;
}

/* "Loading CR3" with the new task's PDBR; under PAE paging the four
 * PDPTEs are loaded too, and one with reserved bits set is #GP(0)
 * (SDM Vol. 3, "PDPTE Registers"). */
static int load_cr3(struct vmexit_vcpu *v, uint32_t cr3)
{
	enum vmexit_paging_mode pm = vmexit_paging_of(v->sregs.cr0,
						      v->sregs.cr4,
						      v->sregs.efer);
	uint64_t pdpte[4];
	uint64_t rsvd = ~((1ull << v->cfg.maxphyaddr) - 1) | 0x1e6ull;

	if (pm == VMEXIT_PAGING_NONE)
		return VMEXIT_DONE; /* read from the TSS but not loaded */
	if (pm == VMEXIT_PAGING_PAE) {
		int rc = vmexit_read_phys(v, cr3 & 0xffffffe0u, pdpte,
					  sizeof(pdpte));
		if (rc != VMEXIT_DONE)
			return rc;
		for (int i = 0; i < 4; i++)
			if ((pdpte[i] & 1) && (pdpte[i] & rsvd))
				return fault(v, VMEXIT_EXC_GP, 0);
		memcpy(v->sregs.pdpte, pdpte, sizeof(pdpte));
	}
	v->sregs.cr3 = cr3;
	return VMEXIT_DONE;
}

/* Load one segment of the new task with the task-switch checks. */
static int task_seg(struct vmexit_vcpu *v, const struct vmexit_task_switch *ts,
		    unsigned seg, uint16_t sel, unsigned cpl,
		    struct vmexit_segment *out)
{
	struct vmexit_seg_req r = { .kind = VMEXIT_LOAD_TASK,
				    .seg = (uint8_t)seg, .selector = sel,
				    .cpl = (uint8_t)cpl, .ext = ts->ext };
	return vmexit_seg_load(v, &r, out);
}

/* Step 13.  A vm86 task gets vm86 segments ("Entering Virtual-8086
 * Mode Through a Task Switch"); otherwise LDTR first, since CS and SS
 * may live in the new LDT, then CS and SS together so that a fault in
 * either leaves both with the old task's hidden parts (a consistent CPL
 * to deliver it at; the new selectors are already in place), then DS,
 * ES, FS, GS. */
static int load_segments(struct vmexit_vcpu *v,
			 const struct vmexit_task_switch *ts,
			 const struct image *n, bool vm86)
{
	static const uint8_t data_order[4] = {
		VMEXIT_SEG_DS, VMEXIT_SEG_ES, VMEXIT_SEG_FS, VMEXIT_SEG_GS };
	unsigned cpl = vm86 ? 3 : (n->val[F_SEL + VMEXIT_SEG_CS] & 3);
	struct vmexit_segment s, ss;
	int rc;

	rc = task_seg(v, ts, VMEXIT_SEG_LDTR, (uint16_t)n->val[F_LDT], cpl, &s);
	if (rc != VMEXIT_DONE)
		return rc;
	v->sregs.seg[VMEXIT_SEG_LDTR] = s;
	if (vm86) {
		for (unsigned i = 0; i <= VMEXIT_SEG_GS; i++) {
			uint16_t sel = (uint16_t)n->val[F_SEL + i];
			v->sregs.seg[i] = (struct vmexit_segment){
				.selector = sel, .base = (uint64_t)sel << 4,
				.limit = 0xffff, .ar = 0xf3 };
		}
		return VMEXIT_DONE;
	}
	rc = task_seg(v, ts, VMEXIT_SEG_CS, (uint16_t)n->val[F_SEL + 1], cpl, &s);
	if (rc == VMEXIT_DONE)
		rc = task_seg(v, ts, VMEXIT_SEG_SS,
			      (uint16_t)n->val[F_SEL + 2], cpl, &ss);
	if (rc != VMEXIT_DONE)
		return rc;
	v->sregs.seg[VMEXIT_SEG_CS] = s;
	v->sregs.seg[VMEXIT_SEG_SS] = ss;
	for (unsigned i = 0; i < 4; i++) {
		unsigned seg = data_order[i];
		rc = task_seg(v, ts, seg, (uint16_t)n->val[F_SEL + seg], cpl, &s);
		if (rc != VMEXIT_DONE)
			return rc;
		v->sregs.seg[seg] = s;
	}
	return VMEXIT_DONE;
}

/* "Error Code": a word or doubleword by the TSS type, on the new stack,
 * whose pointer is SP or ESP by SS.B.  A limit violation is #SS(EXT)
 * (SDM Vol. 2, INT n, "TASK-GATE"). */
static int push_error(struct vmexit_vcpu *v,
		      const struct vmexit_task_switch *ts, unsigned bytes)
{
	uint64_t mask = (v->sregs.seg[VMEXIT_SEG_SS].ar & VMEXIT_AR_DB)
				? 0xffffffffull : 0xffffull;
	uint64_t rsp = v->regs.gpr[VMEXIT_RSP];
	uint64_t sp = (rsp - bytes) & mask, la;
	struct vmexit_fault f;
	int rc;

	rc = vmexit_linear_probe(v, VMEXIT_SEG_SS, sp, bytes, VMEXIT_ACC_WRITE,
				 0, &la, &f);
	if (rc == VMEXIT_EXCEPTION)
		return fault(v, VMEXIT_EXC_SS, ts->ext ? 1u : 0u);
	if (rc == VMEXIT_DONE)
		rc = vmexit_write_linear(v, la, &ts->error, bytes, 0);
	if (rc == VMEXIT_DONE)
		v->regs.gpr[VMEXIT_RSP] = (rsp & ~mask) | sp;
	return rc;
}

/* "Task Switching": the T flag raises a debug trap once the switch is
 * done, before the new task's first instruction, with DR6.BT set
 * ("Debug Status Register (DR6)"). */
static int trap_on_switch(struct vmexit_vcpu *v)
{
	struct vmexit_event ev = { .type = VMEXIT_EV_HWEXC,
				   .vector = VMEXIT_EXC_DB,
				   .has_payload = true,
				   .payload = VMEXIT_DR6_BT };
	int rc = vmexit_vcpu_fetch(v, VMEXIT_G_DREGS);

	if (rc != VMEXIT_DONE)
		return rc;
	v->dregs.dr6 |= VMEXIT_DR6_BT;
	vmexit_vcpu_mark_dirty(v, VMEXIT_G_DREGS);
	rc = vmexit_queue_event(v, &ev);
	return rc == VMEXIT_DONE ? VMEXIT_EXCEPTION : rc;
}

/* Steps 11-14, after the commit point. */
static int load_new_task(struct vmexit_vcpu *v,
			 const struct vmexit_task_switch *ts, struct ctx *c)
{
	const struct tss_fmt *f = c->nf;
	struct image n;
	bool vm86;
	int rc;

	for (unsigned i = 0; i < F_NR; i++)
		n.val[i] = get_field(f, c->nbuf, i);

	/* Step 11 and "Task Switching": TR with its hidden part, CR0.TS.
	 * The local breakpoint enables go too: "the processor automatically
	 * clears these flags on every task switch to avoid unwanted
	 * breakpoint conditions in the new task" ("Debug Control Register
	 * (DR7)", L0-L3). */
	if (v->dregs.dr7 & DR7_LOCAL_ENABLES) {
		/* Written back only when it changes: one backend call. */
		v->dregs.dr7 &= ~DR7_LOCAL_ENABLES;
		vmexit_vcpu_mark_dirty(v, VMEXIT_G_DREGS);
	}
	v->sregs.seg[VMEXIT_SEG_TR] = c->nd.seg;
	v->sregs.seg[VMEXIT_SEG_TR].selector = ts->selector;
	v->sregs.cr0 |= VMEXIT_CR0_TS;
	vmexit_vcpu_mark_dirty(v, VMEXIT_G_REGS | VMEXIT_G_SREGS);

	/* Step 12.  From a 16-bit TSS the upper halves of EIP and EFLAGS
	 * are 0; those of the general registers "are modified and not
	 * maintained" ("16-Bit Task-State Segment (TSS)"): we set them to
	 * FFFFH as Bochs models the hardware. */
	v->regs.rip = n.val[F_EIP];
	v->regs.rflags = (n.val[F_EFLAGS] & EFLAGS_DEFINED) |
			 VMEXIT_RFLAGS_FIXED;
	/* Step 9: NT marks a nested task. */
	if (nested(ts))
		v->regs.rflags |= VMEXIT_RFLAGS_NT;
	for (unsigned i = 0; i < 8; i++)
		v->regs.gpr[i] = f->word == 4 ? n.val[F_GPR + i]
					      : 0xffff0000u | n.val[F_GPR + i];
	vm86 = v->regs.rflags & VMEXIT_RFLAGS_VM;
	/* The selectors are loaded (step 12), and a fault in step 13 leaves
	 * them so: until qualified, LDTR and DS..GS hold an unusable
	 * segment; CS and SS keep the old task's hidden parts under the new
	 * selectors, so that CPL and both descriptor caches stay those of
	 * segments a fault can be delivered from and VM entry takes (as
	 * KVM's emulator has them), until both are qualified below. */
	v->sregs.seg[VMEXIT_SEG_LDTR] = (struct vmexit_segment){
		.selector = (uint16_t)n.val[F_LDT], .ar = VMEXIT_AR_UNUSABLE };
	for (unsigned i = 0; i <= VMEXIT_SEG_GS; i++) {
		if (i == VMEXIT_SEG_CS || i == VMEXIT_SEG_SS)
			v->sregs.seg[i].selector = (uint16_t)n.val[F_SEL + i];
		else
			v->sregs.seg[i] = (struct vmexit_segment){
				.selector = (uint16_t)n.val[F_SEL + i],
				.ar = VMEXIT_AR_UNUSABLE };
	}
	/* A 16-bit TSS has no PDBR: the old task's paging stays. */
	if (f == &tss32) {
		uint32_t cr3;
		memcpy(&cr3, c->nbuf + TSS_CR3, 4);
		rc = load_cr3(v, cr3);
		if (rc != VMEXIT_DONE)
			return rc;
	}

	rc = load_segments(v, ts, &n, vm86);
	if (rc == VMEXIT_DONE && ts->has_error)
		rc = push_error(v, ts, f->word);
	if (rc != VMEXIT_DONE)
		return rc;
	/* JMP, CALL, IRET, INT n: "IF EIP not within code segment limit
	 * THEN #GP(0)" (#GP(EXT) for events). */
	if (v->regs.rip > v->sregs.seg[VMEXIT_SEG_CS].limit)
		return fault(v, VMEXIT_EXC_GP, ts->ext ? 1u : 0u);
	if (f == &tss32 && (c->nbuf[TSS_T] & 1))
		return trap_on_switch(v);
	return VMEXIT_DONE;
}

/* A fault before the commit point happens while the IDT event is being
 * delivered: stage the event as queued so vmexit_raise() combines the
 * two as "Conditions for Generating a Double Fault" says. */
static void stage_event(struct vmexit_vcpu *v,
			const struct vmexit_task_switch *ts, struct ctx *c)
{
	c->staged = false;
	if (ts->reason != VMEXIT_TS_IDT || ts->event_type != VMEXIT_EV_HWEXC ||
	    v->pending_valid || ts->vector >= 32)
		return;
	memset(&v->pending, 0, sizeof(v->pending));
	v->pending.type = VMEXIT_EV_HWEXC;
	v->pending.vector = ts->vector;
	v->pending_valid = true;
	c->staged = true;
}

static int prepare(struct vmexit_vcpu *v, const struct vmexit_task_switch *ts,
		   struct ctx *c)
{
	int rc;

	/* "Task Management in 64-bit Mode": no task switches in IA-32e
	 * mode; hardware raises #GP before any exit could happen. */
	if (v->sregs.efer & VMEXIT_EFER_LMA)
		return fault(v, VMEXIT_EXC_GP, 0);
	rc = check_new_tss(v, ts, c);
	if (rc == VMEXIT_DONE)
		rc = check_old_tss(v, ts, c);
	if (rc == VMEXIT_DONE)
		rc = read_tsses(v, ts, c);
	if (rc == VMEXIT_DONE)
		rc = save_old_task(v, ts, c);
	return rc;
}

int vmexit_task_switch(struct vmexit_vcpu *v, struct vmexit_task_switch *ts)
{
	struct ctx c;
	int rc;

	if (!v || !ts || ts->reason > VMEXIT_TS_IDT ||
	    (ts->has_error && ts->reason != VMEXIT_TS_IDT))
		return VMEXIT_ERR_CALLER;
	ts->event_consumed = false;
	/* DR7 too, so nothing after the commit point can fail to fetch. */
	rc = vmexit_vcpu_fetch(v, VMEXIT_G_REGS | VMEXIT_G_SREGS |
				  VMEXIT_G_DREGS);
	if (rc != VMEXIT_DONE)
		return rc;
	if (!(v->sregs.cr0 & VMEXIT_CR0_PE))
		return vmexit_unhandled(v, VMEXIT_WHY_MODE, 0);
	memset(&c, 0, sizeof(c));

	stage_event(v, ts, &c);
	rc = prepare(v, ts, &c);
	if (rc == VMEXIT_EXCEPTION || rc == VMEXIT_TRIPLE_FAULT) {
		ts->event_consumed = true;
		return rc;
	}
	if (c.staged)
		v->pending_valid = false;
	if (rc != VMEXIT_DONE)
		return rc;
	/* The commit point: from here on the event has been delivered and
	 * faults belong to the new task. */
	ts->event_consumed = true;
	return load_new_task(v, ts, &c);
}
