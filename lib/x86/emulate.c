/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The emulator's driver: find the form, check the prefixes, run the form
 * on a copy of the registers (its accesses checked against the address
 * the exit reported, lib/x86/emulate_hint.c), and commit: RIP past the
 * instruction and RF cleared (or, for a paused REP string instruction,
 * RIP on it and RF set), the vector register and a segment register
 * (CS of a far JMP or CALL) loaded, the interrupt shadow ended, and
 * the single-step trap when TF was set (SDM Vol. 3,
 * "Single-Step Exception Condition"; "Debug Exception Conditions and
 * Corresponding Exception Classes" and "Instruction-Breakpoint Exception
 * Condition" for RF).
 */
#include "libc.h"

#include "x86/emulate_internal.h"

/* Whether a form of the instruction's (map, opcode) is this one. */
static bool form_matches(const struct emul_op *op, const struct emul_insn *i)
{
	if (op->reg >= 0 && (!i->has_modrm || (i->reg & 7) != op->reg))
		return false;
	if (i->vex || i->evex) {
		if (!(op->flags & (i->vex ? EMUL_VEX : EMUL_EVEX)))
			return false;
	} else if (op->flags & EMUL_NOLEGACY) {
		return false;
	}
	/* With mod = 3 the opcode of a memory-only form is another
	 * instruction: a register-to-register move, or a fence in the
	 * 0F AE group ("Opcode Extensions for One- and Two-byte Opcodes by
	 * Group Number").  It touches no memory, so it is not the
	 * emulator's; the forms that have no register encoding at all are
	 * #UD, and the decoder reports those as invalid. */
	if ((op->flags & EMUL_MEMONLY) && i->mod == 3)
		return false;
	/* A 64-bit-only form is another instruction elsewhere (63 is
	 * MOVSXD in 64-bit mode, ARPL outside it). */
	if ((op->flags & EMUL_64) && !i->long64)
		return false;
	return (op->flags & EMUL_ANYPFX) || op->prefix == i->prefix;
}

/* The forms of the instruction's (map, opcode) begin where the table's
 * index says; the first of them that matches is the form. */
static const struct emul_op *find(const struct emul_table *t,
				  const struct emul_insn *i)
{
	unsigned key = EMUL_KEY(i->map, i->opcode);
	const struct emul_op *op, *end = t->op + t->nr;

	if (key >= EMUL_NR_KEYS)
		return NULL;
	for (op = t->op + t->first[key];
	     op < end && EMUL_KEY(op->map, op->opcode) == key; op++)
		if (form_matches(op, i))
			return op;
	return NULL;
}

/* The emulated form of an instruction, or NULL. */
const struct emul_op *emul_lookup(const struct emul_insn *i)
{
	/* Only the vector moves have VEX and EVEX forms (EMUL_VEX,
	 * EMUL_EVEX). */
	if (i->vex || i->evex)
		return find(&emul_vector_table, i);
	if (i->map == EMUL_MAP_0F && (i->opcode & 0xf0) == 0x90)
		return &emul_setcc_op;
	if (i->map == EMUL_MAP_0F && (i->opcode & 0xf0) == 0x40)
		return &emul_cmovcc_op;
	if (i->map == EMUL_MAP_1 && (i->opcode & 0xf8) == 0x50)
		return &emul_push_reg_op;
	if (i->map == EMUL_MAP_1 && (i->opcode & 0xf8) == 0x58)
		return &emul_pop_reg_op;
	const struct emul_op *op = find(&emul_int_table, i);
	if (!op)
		op = find(&emul_string_table, i);
	if (!op)
		op = find(&emul_vector_table, i);
	return op;
}

/* RIP after the instruction wraps at the code size: 16 bits for a
 * 16-bit code segment, 32 outside 64-bit mode. */
static uint64_t next_rip(const struct emul *e)
{
	uint64_t rip = e->r.rip + e->i.len;

	if (e->mc.mode == VMEXIT_MODE_LONG64)
		return rip;
	if (e->mc.mode == VMEXIT_MODE_REAL || e->mc.mode == VMEXIT_MODE_VM86 ||
	    e->mc.mode == VMEXIT_MODE_PROT16 || e->mc.mode == VMEXIT_MODE_COMPAT16)
		return rip & 0xffff;
	return rip & 0xffffffffull;
}

void emul_fault_rf(struct vmexit_vcpu *v)
{
	if (v->pending_valid && !vmexit_exc_is_trap(v->pending.vector)) {
		v->regs.rflags |= VMEXIT_RFLAGS_RF;
		vmexit_vcpu_mark_dirty(v, VMEXIT_G_REGS);
	}
}

static int commit(struct emul *e, int rc, uint64_t rflags_before)
{
	struct vmexit_vcpu *v = e->v;

	if (rc != VMEXIT_DONE && e->keep_progress) {
		/* A REP string instruction stopped in the middle, by a fault
		 * or by a failing device: the iterations done happened, so
		 * the registers show them, with RIP on the instruction and
		 * RF set, as for an exception between iterations (a fault is
		 * delivered with RF = 1, "Instruction-Breakpoint Exception
		 * Condition"), and re-executing it resumes. */
		e->r.rip = v->regs.rip;
		e->r.rflags |= VMEXIT_RFLAGS_RF;
		v->regs = e->r;
		vmexit_vcpu_mark_dirty(v, VMEXIT_G_REGS);
		return rc;
	}
	if (rc == VMEXIT_EXCEPTION) {
		emul_fault_rf(v);
		if (e->mmx_always) {
			emul_mmx_commit(&v->vregs, -1, e->vec);
			vmexit_vcpu_mark_dirty(v, VMEXIT_G_VREGS);
		}
		return rc;
	}
	if (rc != VMEXIT_DONE)
		return rc;

	/* The instruction ran, so an STI or MOV SS shadow is over.  Fetch
	 * the shadow first: a backend failure must leave nothing behind. */
	rc = vcpu_fetch_shadow(v);
	if (rc != VMEXIT_DONE)
		return rc;
	/* The segment register (CS of a far JMP or CALL) goes with RIP; the
	 * system registers are already in the cache (mem_ctx_init()), so
	 * this does not fail once begun. */
	if (e->seg_set) {
		rc = vmexit_set_seg(v, e->seg_reg, &e->seg_val);
		if (rc != VMEXIT_DONE)
			return rc;
	}
	if (e->mmx) {
		emul_mmx_commit(&v->vregs, e->vec_reg >= 16 ? e->vec_reg - 16 : -1, e->vec);
		vmexit_vcpu_mark_dirty(v, VMEXIT_G_VREGS);
	} else if (e->vec_reg >= 0) {
		emul_zmm_set(&v->vregs, (unsigned)e->vec_reg, e->vec);
		vmexit_vcpu_mark_dirty(v, VMEXIT_G_VREGS);
	}
	/* RF: cleared once the instruction completes.  A REP string
	 * instruction paused between iterations keeps RIP on itself and
	 * resumes with RF = 1, as the processor saves it for an interrupt
	 * or a trap after any iteration but the last (SDM Vol. 3,
	 * "Instruction-Breakpoint Exception Condition"), so its instruction
	 * breakpoint does not fire again. */
	if (e->stop_early) {
		e->r.rflags |= VMEXIT_RFLAGS_RF;
	} else {
		if (!e->rip_set)
			e->r.rip = next_rip(e);
		e->r.rflags &= ~VMEXIT_RFLAGS_RF;
	}
	/* Both groups are in the cache (mem_ctx_init(), the fetch above),
	 * so they are marked directly. */
	v->regs = e->r;
	v->dirty |= VMEXIT_G_REGS;
	if (v->shadow & (VMEXIT_SHADOW_STI | VMEXIT_SHADOW_MOVSS)) {
		v->shadow &= ~(uint32_t)(VMEXIT_SHADOW_STI | VMEXIT_SHADOW_MOVSS);
		v->dirty |= VMEXIT_G_SHADOW;
	}
	/* One #DB for the single-step trap and the breakpoints met, each
	 * with its DR6 bit ("Debug Status Register (DR6)"). */
	uint64_t dr6 = e->bps.hits |
		       ((rflags_before & VMEXIT_RFLAGS_TF) ? VMEXIT_DR6_BS : 0);
	if (dr6) {
		struct vmexit_event db = {
			.type = VMEXIT_EV_HWEXC, .vector = VMEXIT_EXC_DB,
			.has_payload = true, .payload = dr6,
		};
		rc = vmexit_queue_event(v, &db);
		return rc == VMEXIT_DONE ? VMEXIT_EXCEPTION : rc;
	}
	return VMEXIT_DONE;
}

int emul_run(struct vmexit_vcpu *v, const struct mem_ctx *c,
	     const struct vmexit_insn *insn,
	     const struct vmexit_emul_hint *hint)
{
	/* The working state from ea_adjust on starts zero but for vec, the
	 * last member: it is read only once vec_reg names a loaded
	 * register, and the load writes it whole first. */
	_Static_assert(offsetof(struct emul, vec) + sizeof(((struct emul *)0)->vec) +
			       8 > sizeof(struct emul),
		       "vec is the last member of struct emul");
	struct emul e;
	const struct emul_op *op;
	int rc;

	if (!emul_from_decoded(insn, &e.i))
		return vmexit_unhandled(v, VMEXIT_WHY_INSN, 0);
	memset(&e.ea_adjust, 0,
	       offsetof(struct emul, vec) - offsetof(struct emul, ea_adjust));
	e.mc = *c;
	e.v = v;
	e.r = v->regs;
	e.vec_reg = -1;
	emul_hint_start(&e, hint);

	op = emul_lookup(&e.i);
	if (!op || ((op->flags & EMUL_64) && e.mc.mode != VMEXIT_MODE_LONG64))
		return vmexit_unhandled(v, VMEXIT_WHY_INSN, v->regs.rip);
	/* "LOCK—Assert LOCK# Signal Prefix": #UD unless the instruction
	 * takes LOCK and its destination is memory. */
	if (e.i.lock && (!(op->flags & EMUL_LOCK) || e.i.mod == 3))
		return commit(&e, vmexit_raise_ud(v), 0);
	rc = emul_bp_load(&e);
	if (rc != VMEXIT_DONE)
		return rc;
	rc = op->fn(&e, op);
	/* The exit named an access this instruction did not make. */
	if (rc == VMEXIT_DONE)
		rc = emul_hint_require(&e);
	return commit(&e, rc, v->regs.rflags);
}
