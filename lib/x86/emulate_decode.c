/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Where the emulator meets the decoder: the facts of a struct vmexit_insn
 * the emulator uses, and emulation of the instruction at CS:RIP.
 */
#include "libc.h"

#include <vmexit/decode.h>

#include "x86/emulate_internal.h"

/* The segment of a string source, DS:rSI: the decoder's, which applies
 * the segment override rules; DS where there is none. */
static uint8_t string_source_seg(const struct vmexit_insn *d)
{
	for (unsigned k = 0; k < d->nmem && k < 2; k++)
		if (d->mem[k].base == VMEXIT_RSI)
			return d->mem[k].seg;
	return VMEXIT_SEG_DS;
}

/* The prefix that selects an SSE form: VEX.pp or EVEX.pp, or 66/F3/F2
 * (SDM Vol. 2, "Instruction Prefixes": F2/F3 take precedence over 66). */
static uint8_t mandatory_prefix(const struct vmexit_insn *d)
{
	static const uint8_t pp[4] = { 0, 0x66, 0xf3, 0xf2 };

	if (d->mandatory)
		return d->mandatory;
	if (d->encoding == VMEXIT_ENC_VEX || d->encoding == VMEXIT_ENC_EVEX)
		return pp[d->vex_pp & 3];
	if (d->prefixes & VMEXIT_PFX_F3)
		return 0xf3;
	if (d->prefixes & VMEXIT_PFX_F2)
		return 0xf2;
	return (d->prefixes & VMEXIT_PFX_66) ? 0x66 : 0;
}

/* The memory operand ModRM (or moffs) addresses: not MOVDIR64B's
 * destination, which a register names. */
static const struct vmexit_mem *modrm_mem(const struct vmexit_insn *d)
{
	for (unsigned k = 0; k < d->noperands && k < VMEXIT_INSN_MAX_OPS; k++)
		if (d->op[k].kind == VMEXIT_OP_MEM && d->op[k].mem < d->nmem &&
		    d->op[k].mem < 2 &&
		    !(d->mem[d->op[k].mem].flags & VMEXIT_MEM_REG_ADDR))
			return &d->mem[d->op[k].mem];
	return NULL;
}

/* The instructions the emulator takes at all: valid, legacy, VEX or
 * EVEX, in the maps up to 0F 3A. */
static bool decodable(const struct vmexit_insn *d)
{
	return d->invalid == VMEXIT_DECODE_OK && d->map <= VMEXIT_MAP_0F3A &&
	       d->encoding <= VMEXIT_ENC_EVEX;
}

static bool pow2_in(unsigned x, unsigned lo, unsigned hi)
{
	return x >= lo && x <= hi && (x & (x - 1)) == 0;
}

static bool reg_ok(unsigned r)
{
	return r < 16 || r == VMEXIT_DECODE_NOREG || r == VMEXIT_DECODE_RIP;
}

/* Whether a struct vmexit_insn a caller hands vmexit_emulate() is one the
 * decoder could have made, as far as the emulator reads it: the sizes it
 * sizes buffers and masks by, the register numbers it indexes with (it
 * takes their low four bits), the counts of the arrays.
 * vmexit_decode()'s own results always are. */
static bool well_formed(const struct vmexit_insn *d)
{
	if (d->length < 1 || d->length > VMEXIT_INSN_MAX ||
	    (d->mode != 16 && d->mode != 32 && d->mode != 64) ||
	    !pow2_in(d->osize, 1, 8) || !pow2_in(d->asize, 2, 8) ||
	    d->mod > 3 || d->reg > 31 || d->rm > 31 || d->vex_l > 1 ||
	    d->imm_size > 8 || d->noperands > VMEXIT_INSN_MAX_OPS || d->nmem > 2)
		return false;
	for (unsigned k = 0; k < d->nmem; k++) {
		const struct vmexit_mem *m = &d->mem[k];
		if (m->seg > VMEXIT_SEG_GS || !pow2_in(m->asize, 2, 8) ||
		    (m->scale && !pow2_in(m->scale, 1, 8)) || !reg_ok(m->base) ||
		    !reg_ok(m->index))
			return false;
	}
	for (unsigned k = 0; k < d->noperands; k++)
		if (d->op[k].kind == VMEXIT_OP_REG && d->op[k].reg > 31)
			return false;
	return true;
}

bool emul_from_decoded(const struct vmexit_insn *d, struct emul_insn *i)
{
	const struct vmexit_mem *m;

	if (!decodable(d))
		return false;
	/* Every member is set below: no memset first. */
	i->map = d->map; /* VMEXIT_MAP_* 0-3 are EMUL_MAP_* */
	i->opcode = d->opcode;
	i->len = d->length;
	i->opsize = d->osize;
	i->adsize = d->asize;
	i->prefix = mandatory_prefix(d);
	i->opsize_prefix = d->prefixes & VMEXIT_PFX_66;
	i->rep = d->flags & VMEXIT_INSN_REP;
	i->repne = d->flags & VMEXIT_INSN_REPNE;
	i->lock = d->prefixes & VMEXIT_PFX_LOCK;
	i->rex = d->rex != 0;
	i->vex = d->encoding == VMEXIT_ENC_VEX;
	i->evex = d->encoding == VMEXIT_ENC_EVEX;
	i->long64 = d->mode == 64;
	i->rex_w = (d->rex & 8) || (d->encoding != VMEXIT_ENC_LEGACY && d->vex_w);
	i->vex_l = d->vex_l;
	i->vvvv = d->vex_vvvv & 31; /* read only for VEX and EVEX forms */
	if (i->evex) {
		i->evex_ll = d->evex_ll;
		i->evex_aaa = d->evex_aaa & 7;
		i->evex_z = d->evex_z;
	}
	i->has_modrm = d->flags & VMEXIT_INSN_MODRM;
	i->mod = d->mod;
	i->reg = d->reg;
	i->rm = d->rm;
	i->opreg = d->noperands && d->op[0].kind == VMEXIT_OP_REG
			   ? d->op[0].reg : 0;
	i->imm = d->imm;
	i->imm2 = d->imm2;
	i->imm_size = d->imm_size;
	i->base = i->index = -1;
	i->index_al = false;
	i->scale = 1;
	i->has_mem = false;
	i->rip_relative = false;
	i->disp = 0;
	if (!i->has_modrm)
		i->mod = 3; /* no r/m memory operand; moffs below */
	m = (d->flags & VMEXIT_INSN_STRING) ? NULL : modrm_mem(d);
	if (!m) {
		i->seg = string_source_seg(d);
		return true;
	}
	i->has_mem = true;
	if (!i->has_modrm)
		i->mod = 0; /* moffs, XLAT: a memory operand all the same */
	i->seg = m->seg;
	i->adsize = m->asize;
	i->rip_relative = m->base == VMEXIT_DECODE_RIP;
	if (m->base < 16)
		i->base = (int8_t)m->base;
	if (m->index < 16 && !(m->flags & VMEXIT_MEM_VSIB))
		i->index = (int8_t)m->index;
	i->index_al = m->flags & VMEXIT_MEM_INDEX_AL;
	i->scale = m->scale ? m->scale : 1;
	i->disp = m->disp;
	/* EVEX disp8 counts in units of N bytes ("Compressed Displacement
	 * (disp8*N) Support in EVEX", SDM Vol. 2).  For every EVEX form the
	 * emulator takes (the full-vector, scalar and half-register moves,
	 * none with broadcast) N is the width of the access. */
	if (i->evex && d->disp_size == 1)
		i->disp *= m->width;
	return true;
}

int vmexit_emulate(struct vmexit_vcpu *v, const struct vmexit_insn *insn,
		   const struct vmexit_emul_hint *hint)
{
	struct mem_ctx c;
	int rc;

	if (!v || !insn || !v->ops)
		return VMEXIT_ERR_CALLER;
	/* Refused before any register is fetched. */
	if (!decodable(insn))
		return vmexit_unhandled(v, VMEXIT_WHY_INSN, 0);
	if (!well_formed(insn))
		return VMEXIT_ERR_CALLER;
	rc = mem_ctx_init(v, &c);
	return rc == VMEXIT_DONE ? emul_run(v, &c, insn, hint) : rc;
}

bool vmexit_can_emulate(const struct vmexit_insn *insn)
{
	struct emul_insn i;

	return insn && well_formed(insn) && emul_from_decoded(insn, &i) &&
	       emul_lookup(&i) != NULL;
}

static enum vmexit_decode_mode decode_mode(enum vmexit_cpu_mode m)
{
	switch (m) {
	case VMEXIT_MODE_LONG64: return VMEXIT_DECODE_64;
	case VMEXIT_MODE_PROT32:
	case VMEXIT_MODE_COMPAT32: return VMEXIT_DECODE_32;
	default: return VMEXIT_DECODE_16;
	}
}

/* Fetch up to 15 bytes at CS:RIP: first to the end of the page (and of
 * CS), and past it only if the instruction needs more, so a fault on the
 * next page is raised only when the processor would raise it too. */
static int fetch(struct vmexit_vcpu *v, const struct mem_ctx *c,
		 uint8_t *buf, size_t *got)
{
	uint64_t rip = v->regs.rip, la;
	size_t n = VMEXIT_INSN_MAX;
	int rc;

	if (c->mode != VMEXIT_MODE_LONG64) {
		uint32_t limit = v->sregs.seg[VMEXIT_SEG_CS].limit;
		rip &= 0xffffffffull;
		if (rip > limit)
			return vmexit_raise_gp(v, 0);
		if (limit - rip + 1 < n)
			n = (size_t)(limit - rip + 1);
	}
	rc = mem_linear(v, c, VMEXIT_SEG_CS, rip, 1,
			VMEXIT_ACC_FETCH | VMEXIT_ACC_NO_AC, 0, &la);
	if (rc != VMEXIT_DONE)
		return rc;
	size_t to_page = 4096 - (la & 4095);
	*got = n < to_page ? n : to_page;
	/* The rest of the bytes pass the same segment checks: they end
	 * within the CS limit and on the page of the first. */
	return mem_linear_copy(v, c, la, buf, *got,
			       VMEXIT_ACC_FETCH | VMEXIT_ACC_NO_AC);
}

/* vmexit_decode_at_rip() once the context is known, decoding into *d
 * (written whatever the outcome). */
static int fetch_decode(struct vmexit_vcpu *v, const struct mem_ctx *c,
			const uint8_t *bytes, size_t len, struct vmexit_insn *d)
{
	enum vmexit_cpu_mode mode = c->mode;
	/* Zero past the bytes got, so the report copies it whole: a
	 * fixed-size copy, not a call. */
	uint8_t buf[VMEXIT_INSN_MAX] = { 0 };
	size_t got = 0;
	int rc = VMEXIT_DONE;

	if (bytes) {
		/* Decoded from a copy: the decoder and the report see the
		 * same bytes wherever the caller's are. */
		got = len < sizeof(buf) ? len : sizeof(buf);
		memcpy(buf, bytes, got);
		rc = vmexit_decode(buf, got, decode_mode(mode), d);
		/* The exit's bytes stop short of the instruction (SVM fetches
		 * only to the end of the page, KVM only what its decoder
		 * read): fetch it whole from CS:RIP instead. */
		if (rc == VMEXIT_RETRY)
			bytes = NULL;
	}
	if (!bytes) {
		rc = fetch(v, c, buf, &got);
		if (rc != VMEXIT_DONE)
			return rc;
		rc = vmexit_decode(buf, got, decode_mode(mode), d);
	}
	if (rc == VMEXIT_RETRY && got < sizeof(buf)) {
		/* Crosses into the next page: fetch the rest. */
		size_t more = sizeof(buf) - got;
		uint64_t lim = v->sregs.seg[VMEXIT_SEG_CS].limit;
		if (mode != VMEXIT_MODE_LONG64 &&
		    ((v->regs.rip + got) & 0xffffffffull) + more - 1 > lim)
			more = lim >= ((v->regs.rip + got) & 0xffffffffull)
				       ? (size_t)(lim - ((v->regs.rip + got) &
							 0xffffffffull) + 1)
				       : 0;
		if (more == 0)
			return vmexit_raise_gp(v, 0);
		rc = mem_seg_copy(v, c, VMEXIT_SEG_CS, v->regs.rip + got,
				  buf + got, more,
				  VMEXIT_ACC_FETCH | VMEXIT_ACC_NO_AC, 0);
		if (rc != VMEXIT_DONE)
			return rc;
		got += more;
		rc = vmexit_decode(buf, got, decode_mode(mode), d);
	}
	_Static_assert(sizeof(v->diag.insn) == sizeof(buf), "diag.insn");
	memcpy(v->diag.insn, buf, sizeof(buf));
	v->diag.insn_len = (uint8_t)(rc == VMEXIT_DONE ? d->length : got);
	if (rc == VMEXIT_EXCEPTION) {
		struct vmexit_fault f = { .vector = vmexit_decode_vector(d) };
		f.has_error = f.vector == VMEXIT_EXC_GP;
		return vmexit_raise(v, &f);
	}
	/* Fifteen bytes always decode, so the CS limit cut the fetch short:
	 * the processor's fetch past the limit raises #GP(0) (SDM Vol. 3,
	 * "Limit Checking"). */
	return rc == VMEXIT_RETRY ? vmexit_raise_gp(v, 0) : rc;
}

/* A fault of the fetch or the decode (#PF, #GP past the CS limit, #UD) is
 * the instruction's fault, delivered with RF = 1 like any fault-class
 * exception ("Instruction-Breakpoint Exception Condition"). */
static int decode_at_rip(struct vmexit_vcpu *v, const struct mem_ctx *c,
			 const uint8_t *bytes, size_t len, struct vmexit_insn *d)
{
	int rc = fetch_decode(v, c, bytes, len, d);

	if (rc == VMEXIT_EXCEPTION)
		emul_fault_rf(v);
	return rc;
}

/* The caller's checks, the context and the decode both entries share. */
static int ctx_decode_at_rip(struct vmexit_vcpu *v, const uint8_t *bytes,
			     size_t len, struct mem_ctx *c, struct vmexit_insn *d)
{
	int rc;

	if (!v || !v->ops || (!bytes && len))
		return VMEXIT_ERR_CALLER;
	rc = mem_ctx_init(v, c);
	return rc == VMEXIT_DONE ? decode_at_rip(v, c, bytes, len, d) : rc;
}

int vmexit_decode_at_rip(struct vmexit_vcpu *v, const uint8_t *bytes,
			 size_t len, struct vmexit_insn *out)
{
	struct vmexit_insn d;
	struct mem_ctx c;
	int rc = ctx_decode_at_rip(v, bytes, len, &c, &d);

	if (rc == VMEXIT_DONE && out)
		*out = d;
	return rc;
}

/* Decoding changes no register, so the context serves both halves. */
int vmexit_emulate_at_rip(struct vmexit_vcpu *v, const uint8_t *bytes,
			  size_t len, const struct vmexit_emul_hint *hint)
{
	struct vmexit_insn d;
	struct mem_ctx c;
	int rc = ctx_decode_at_rip(v, bytes, len, &c, &d);

	return rc == VMEXIT_DONE ? emul_run(v, &c, &d, hint) : rc;
}
