/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Operands of a decoded instruction: ModRM/SIB addressing with its
 * displacement (SDM Vol. 2, 2.1.5 "Addressing-Mode Encoding of ModR/M and
 * SIB Bytes", 2.2.1.6 "RIP-Relative Addressing"), immediates, and the
 * register or memory operand each operand code of the opcode maps names
 * (SDM Vol. 2, A.2 "Key to Abbreviations").
 */
#include "libc.h"

#include "decode_internal.h"

enum { SEG_ES, SEG_CS, SEG_SS, SEG_DS, SEG_FS, SEG_GS };
enum { RAX, RCX, RDX, RBX, RSP, RBP, RSI, RDI };

static int64_t sext(uint64_t v, unsigned bytes)
{
	unsigned sh = 64 - 8 * bytes;

	return bytes >= 8 ? (int64_t)v : (int64_t)(v << sh) >> sh;
}

/* The segment a memory operand uses: the override if there is one
 * (in 64-bit mode only FS and GS take effect, SDM Vol. 1, 3.3.7.1),
 * otherwise dflt. */
static uint8_t segment(const struct vmexit_insn *in, uint8_t dflt)
{
	switch (in->seg_prefix) {
	case 0x64: return SEG_FS;
	case 0x65: return SEG_GS;
	case 0: return dflt;
	default:
		if (in->mode == 64)
			return dflt;
		return in->seg_prefix == 0x26 ? SEG_ES : in->seg_prefix == 0x2e ? SEG_CS :
		       in->seg_prefix == 0x36 ? SEG_SS : SEG_DS;
	}
}

static struct vmexit_mem *new_mem(struct vmexit_insn *in)
{
	struct vmexit_mem *m = &in->mem[in->nmem < 2 ? in->nmem : 1];

	if (in->nmem < 2)
		in->nmem++;
	m->base = VMEXIT_DECODE_NOREG;
	m->index = VMEXIT_DECODE_NOREG;
	m->scale = 1;
	m->asize = in->asize;
	return m;
}

/* 16-bit addressing (SDM Vol. 2, Table 2-1). */
static int modrm16(struct vmexit_dstate *d, struct vmexit_mem *m)
{
	static const uint8_t base[8] = { RBX, RBX, RBP, RBP, RSI, RDI, RBP, RBX };
	static const uint8_t index[8] = { RSI, RDI, RSI, RDI, 0xff, 0xff, 0xff, 0xff };
	struct vmexit_insn *in = d->in;
	unsigned rm = in->modrm & 7, n = in->mod == 1 ? 1 : in->mod == 2 ? 2 : 0;
	uint64_t v = 0;
	int rc;

	m->base = base[rm];
	m->index = index[rm];
	if (in->mod == 0 && rm == 6) {
		m->base = VMEXIT_DECODE_NOREG;
		n = 2;
	}
	m->seg = segment(in, m->base == RBP ? SEG_SS : SEG_DS);
	rc = vmexit_dfetch(d, n, &v);
	in->disp_size = (uint8_t)n;
	in->disp = m->disp = n ? sext(v, n) : 0;
	return rc;
}

/* 32- and 64-bit addressing (SDM Vol. 2, Tables 2-2 and 2-3). */
static int modrm32(struct vmexit_dstate *d, struct vmexit_mem *m, int vsib)
{
	struct vmexit_insn *in = d->in;
	unsigned rm = in->modrm & 7, n = in->mod == 1 ? 1 : in->mod == 2 ? 4 : 0;
	uint64_t v = 0;
	int rc;

	if (rm == 4) {
		uint64_t sib;
		rc = vmexit_dfetch(d, 1, &sib);
		if (rc)
			return rc;
		in->flags |= VMEXIT_INSN_SIB;
		in->sib = (uint8_t)sib;
		in->scale = (uint8_t)(1u << (sib >> 6));
		in->index = (uint8_t)(((sib >> 3) & 7) | (d->rex_x << 3));
		in->base = (uint8_t)((sib & 7) | (d->rex_b << 3));
		m->scale = in->scale;
		m->base = in->base;
		if (vsib) {
			/* VSIB: the index is a vector register, xmm4 included;
			 * EVEX.V' is its bit 4 (SDM Vol. 2, 2.7.6). */
			m->index = (uint8_t)(in->index | (d->evex_v2 << 4));
			m->flags |= VMEXIT_MEM_VSIB;
		} else if (in->index != 4) {
			m->index = in->index;
		} else {
			m->scale = 1; /* no index: the scale field is unused */
		}
		if ((sib & 7) == 5 && in->mod == 0) {
			m->base = VMEXIT_DECODE_NOREG;
			n = 4;
		}
	} else if (rm == 5 && in->mod == 0) {
		n = 4;
		if (in->mode == 64) {
			m->base = VMEXIT_DECODE_RIP;
			in->flags |= VMEXIT_INSN_RIPREL;
		}
	} else {
		m->base = in->rm;
	}
	m->seg = segment(in, (m->base == RSP || m->base == RBP) ? SEG_SS : SEG_DS);
	rc = vmexit_dfetch(d, n, &v);
	in->disp_size = (uint8_t)n;
	in->disp = m->disp = n ? sext(v, n) : 0;
	return rc;
}

/* The ModRM memory operand, its width and access. */
static int mem_operand(struct vmexit_dstate *d, struct vmexit_operand *o,
		       unsigned width, unsigned access)
{
	struct vmexit_insn *in = d->in;
	struct vmexit_mem *m = new_mem(in);

	o->kind = VMEXIT_OP_MEM;
	o->mem = (uint8_t)(m - in->mem);
	o->size = (uint8_t)(width > 255 ? 0 : width);
	o->access = (uint8_t)access;
	m->width = (uint16_t)width;
	m->access = (uint8_t)access;
	if (in->asize == 2)
		return modrm16(d, m);
	return modrm32(d, m, !!(d->leaf->fl & F_VSIB));
}

/* String operands DS:rSI (X) and ES:rDI (Y); XLAT's DS:[rBX + AL]. */
static void implicit_mem(struct vmexit_dstate *d, struct vmexit_operand *o,
			 uint8_t seg, uint8_t base, unsigned width,
			 unsigned access)
{
	struct vmexit_insn *in = d->in;
	struct vmexit_mem *m = new_mem(in);

	o->kind = VMEXIT_OP_MEM;
	o->mem = (uint8_t)(m - in->mem);
	o->size = (uint8_t)width;
	o->access = (uint8_t)access;
	m->seg = seg;
	m->base = base;
	m->width = (uint16_t)width;
	m->access = (uint8_t)access;
}

static void reg(struct vmexit_operand *o, unsigned rclass, unsigned r,
		unsigned size, unsigned access)
{
	o->kind = VMEXIT_OP_REG;
	o->rclass = (uint8_t)rclass;
	o->reg = (uint8_t)r;
	o->size = (uint8_t)size;
	o->access = (uint8_t)access;
}

/* A general register by number: without REX, byte registers 4-7 are
 * AH, CH, DH, BH (SDM Vol. 1, 3.4.1.1). */
static void gpr(struct vmexit_dstate *d, struct vmexit_operand *o, unsigned r,
		unsigned size, unsigned access)
{
	if (size == 1 && !d->in->rex && r >= 4 && r < 8)
		reg(o, VMEXIT_RC_GPR8H, r - 4, 1, access);
	else
		reg(o, VMEXIT_RC_GPR, r, size, access);
}

static int imm(struct vmexit_dstate *d, struct vmexit_operand *o,
	       unsigned n, int sign, unsigned kind)
{
	struct vmexit_insn *in = d->in;
	uint64_t v;
	int rc = vmexit_dfetch(d, n, &v);

	if (rc)
		return rc;
	if (sign)
		v = (uint64_t)sext(v, n);
	o->kind = (uint8_t)kind;
	o->size = (uint8_t)n;
	o->access = VMEXIT_ACC_R;
	if (d->nimm++ == 0) {
		in->imm = v;
		in->imm_size = (uint8_t)n;
	} else {
		in->imm2 = v;
		in->imm2_size = (uint8_t)n;
	}
	return 0;
}

/* Operand size of the "y" codes: 64 with REX.W/VEX.W in 64-bit mode. */
static unsigned ysize(const struct vmexit_dstate *d)
{
	return d->in->mode == 64 && d->rex_w ? 8 : 4;
}

/* Width of a memory operand code, in bytes. */
static unsigned mem_width(const struct vmexit_dstate *d, unsigned code)
{
	const struct vmexit_insn *in = d->in;
	unsigned os = in->osize;

	switch (code) {
	case Eb: case Mb: case Wb: return 1;
	case Ew: case Mw: case Ww: case Rw: return 2;
	case Ed: case Md: case Wd: case Qd: case Rd: return 4;
	case Eq: case Mq: case Wq: case Qq: return 8;
	case Ev: case Mv: case Rv: return os;
	case Ey: case My: case Ry: return ysize(d);
	case Mt: return 10;
	case Mo: case Wo: return 16;
	case Mp: return 2u + os;
	case Ma: return 2u * os;
	case Ms: return in->mode == 64 ? 10 : 6;
	case Mx: case Wx: return d->vecsize;
	case Wh: return d->vecsize / 2;
	case Mfe: return os == 2 ? 14 : 28;
	case Mfs: return os == 2 ? 94 : 108;
	case M512: return 512;
	case M64b: case Mcl: return 64;
	case Km: return 8;
	case Bm: return in->mode == 64 ? 16 : 8;
	default: return 0;
	}
}

/* Operand codes whose register form is in ModRM.rm and memory form is a
 * ModRM memory operand. */
static int is_rm(unsigned c)
{
	return (c >= Eb && c <= Rw) || (c >= M && c <= Mcl) || c == Qq ||
	       c == Qd || c == Nq || (c >= Wx && c <= Uo) || c == Km || c == Bm;
}

static unsigned access_of(const struct vmexit_dt *l, unsigned i)
{
	switch (l->acc) {
	case A_R: return VMEXIT_ACC_R;
	case A_W: return i == 0 ? VMEXIT_ACC_W : VMEXIT_ACC_R;
	case A_RW: return i == 0 ? VMEXIT_ACC_RW : VMEXIT_ACC_R;
	case A_RW2: return i < 2 ? VMEXIT_ACC_RW : VMEXIT_ACC_R;
	case A_N: return 0;
	default: return VMEXIT_ACC_R;
	}
}

/* The register form of an rm operand code. */
static void rm_reg(struct vmexit_dstate *d, struct vmexit_operand *o,
		   unsigned c, unsigned access)
{
	struct vmexit_insn *in = d->in;
	unsigned rm = in->rm, size = mem_width(d, c);

	switch (c) {
	case Qq: case Qd: case Nq:
		reg(o, VMEXIT_RC_MMX, rm & 7, 8, access);
		return;
	case Wx: case Wo: case Wq: case Wd: case Ww: case Wb: case Wh:
	case Ux: case Uo:
		/* EVEX.X extends a vector rm to 32 registers. */
		rm |= (unsigned)(in->encoding == VMEXIT_ENC_EVEX && d->rex_x) << 4;
		reg(o, VMEXIT_RC_XMM, rm, c == Ux || c == Wx ? d->vecsize : 16, access);
		return;
	case Km:
		reg(o, VMEXIT_RC_MASK, rm & 7, 8, access);
		return;
	case Bm:
		reg(o, VMEXIT_RC_BND, rm & 7, 16, access);
		return;
	case Rm:
		gpr(d, o, rm, in->mode == 64 ? 8 : 4, access);
		return;
	default:
		gpr(d, o, rm, size ? size : in->osize, access);
		return;
	}
}

/* Register operand codes other than ModRM.rm. */
static int other(struct vmexit_dstate *d, struct vmexit_operand *o, unsigned c,
		 unsigned access)
{
	struct vmexit_insn *in = d->in;
	unsigned os = in->osize, zs = os == 2 ? 2 : 4;
	unsigned low = (in->opcode & 7) | (d->rex_b << 3);
	unsigned seg = segment(in, SEG_DS);

	switch (c) {
	case Gb: gpr(d, o, in->reg & 15, 1, access); break;
	case Gw: gpr(d, o, in->reg & 15, 2, access); break;
	case Gd: gpr(d, o, in->reg & 15, 4, access); break;
	case Gv: gpr(d, o, in->reg & 15, os, access); break;
	case Gy: gpr(d, o, in->reg & 15, ysize(d), access); break;
	case Gz: gpr(d, o, in->reg & 15, zs, access); break;
	case Gm: gpr(d, o, in->reg & 15, in->mode == 64 ? 8 : 4, access); break;
	case By: gpr(d, o, in->vex_vvvv & 15, ysize(d), access); break;
	case AL: gpr(d, o, RAX, 1, access); break;
	case rAX: gpr(d, o, RAX, os, access); break;
	case eAX: gpr(d, o, RAX, zs, access); break;
	case AX: gpr(d, o, RAX, 2, access); break;
	case CL: gpr(d, o, RCX, 1, VMEXIT_ACC_R); break;
	case DX: gpr(d, o, RDX, 2, VMEXIT_ACC_R); break;
	case Zb: gpr(d, o, low, 1, access); break;
	case Zv: gpr(d, o, low, os, access); break;
	case Sw: reg(o, VMEXIT_RC_SEG, (in->modrm >> 3) & 7, 2, access); break;
	case Cm: reg(o, VMEXIT_RC_CR, in->reg & 15, in->mode == 64 ? 8 : 4, access); break;
	case Dm: reg(o, VMEXIT_RC_DR, in->reg & 15, in->mode == 64 ? 8 : 4, access); break;
	case S_ES: case S_CS: case S_SS: case S_DS: case S_FS: case S_GS:
		reg(o, VMEXIT_RC_SEG, c - S_ES, 2, access);
		break;
	case ST0: reg(o, VMEXIT_RC_X87, 0, 10, access); break;
	case STi: reg(o, VMEXIT_RC_X87, in->modrm & 7, 10, access); break;
	case Pq: reg(o, VMEXIT_RC_MMX, (in->modrm >> 3) & 7, 8, access); break;
	case Vx: reg(o, VMEXIT_RC_XMM, in->reg, d->vecsize, access); break;
	case Vo: case Vq: case Vy: reg(o, VMEXIT_RC_XMM, in->reg, 16, access); break;
	case Hx: case Ho:
		if (in->encoding == VMEXIT_ENC_LEGACY)
			return 1; /* no such operand without VEX */
		reg(o, VMEXIT_RC_XMM, in->vex_vvvv, c == Hx ? d->vecsize : 16, VMEXIT_ACC_R);
		break;
	case Kr: reg(o, VMEXIT_RC_MASK, (in->modrm >> 3) & 7, 8, access); break;
	case Kv: reg(o, VMEXIT_RC_MASK, in->vex_vvvv & 7, 8, VMEXIT_ACC_R); break;
	case Bnd: reg(o, VMEXIT_RC_BND, in->reg & 15, 16, access); break;
	case Xb: case Xv: case Xz:
		implicit_mem(d, o, (uint8_t)seg, RSI,
			     c == Xb ? 1 : c == Xv ? os : zs, access);
		break;
	case Yb: case Yv: case Yz:
		/* ES:rDI cannot be overridden (SDM Vol. 1, 3.7.5). */
		implicit_mem(d, o, SEG_ES, RDI, c == Yb ? 1 : c == Yv ? os : zs, access);
		break;
	case XL:
		implicit_mem(d, o, (uint8_t)seg, RBX, 1, VMEXIT_ACC_R);
		in->mem[o->mem].index = RAX;
		in->mem[o->mem].flags |= VMEXIT_MEM_INDEX_AL;
		break;
	default:
		return 1;
	}
	return 0;
}

/* Immediates, relative offsets, far pointers and moffs. */
static int immediate(struct vmexit_dstate *d, struct vmexit_operand *o,
		     unsigned c, unsigned access)
{
	struct vmexit_insn *in = d->in;
	unsigned os = in->osize, zs = os == 2 ? 2 : 4;
	uint64_t v;
	int rc;

	switch (c) {
	case Ib: case Lx: return imm(d, o, 1, 0, VMEXIT_OP_IMM);
	case Ibs: return imm(d, o, 1, 1, VMEXIT_OP_IMM);
	case Iw: return imm(d, o, 2, 0, VMEXIT_OP_IMM);
	case Iz: return imm(d, o, zs, 1, VMEXIT_OP_IMM);
	case Iv: return imm(d, o, os, 0, VMEXIT_OP_IMM);
	case Jb: return imm(d, o, 1, 1, VMEXIT_OP_REL);
	case Jz: return imm(d, o, in->mode == 64 ? 4 : zs, 1, VMEXIT_OP_REL);
	case I1:
		o->kind = VMEXIT_OP_IMM;
		o->size = 1;
		o->access = VMEXIT_ACC_R;
		in->imm = 1;
		return 0;
	case Ap:
		rc = imm(d, o, zs, 0, VMEXIT_OP_FAR);
		if (rc)
			return rc;
		rc = vmexit_dfetch(d, 2, &v);
		in->imm2 = v;
		in->imm2_size = 2;
		return rc;
	case Ob: case Ov: {
		/* moffs: an address-size offset, no ModRM (SDM Vol. 2,
		 * "MOV - Move", note on moffs). */
		struct vmexit_mem *m;
		rc = vmexit_dfetch(d, in->asize, &v);
		if (rc)
			return rc;
		implicit_mem(d, o, segment(in, SEG_DS), VMEXIT_DECODE_NOREG,
			     c == Ob ? 1 : os, access);
		m = &in->mem[o->mem];
		m->disp = (int64_t)v;
		in->disp = (int64_t)v;
		in->disp_size = in->asize;
		return 0;
	}
	default:
		return -1;
	}
}

static int is_imm(unsigned c)
{
	return (c >= Ib && c <= Ov) || c == Lx;
}

int vmexit_doperands(struct vmexit_dstate *d)
{
	struct vmexit_insn *in = d->in;
	const struct vmexit_dt *l = d->leaf;
	int mod3 = in->mod == 3 || (l->fl & F_NOMOD);
	uint8_t slot[4];
	unsigned n = 0;
	int rc;

	/* The bytes come in the order ModRM, SIB, displacement, immediates,
	 * whatever the operand order: first the rm and register operands
	 * (reserving the immediates' slots), then the immediates. */
	for (unsigned i = 0; i < 4 && l->op[i]; i++) {
		unsigned c = l->op[i];
		struct vmexit_operand *o = &in->op[n];
		unsigned acc = access_of(l, i);

		slot[i] = (uint8_t)n;
		if (is_imm(c)) {
			n++;
		} else if (is_rm(c)) {
			if (!mod3) {
				rc = mem_operand(d, o, mem_width(d, c), acc);
				if (rc)
					return rc;
			} else {
				rm_reg(d, o, c, acc);
			}
			n++;
		} else if (other(d, o, c, acc) == 0) {
			n++;
		}
	}
	for (unsigned i = 0; i < 4 && l->op[i]; i++) {
		if (!is_imm(l->op[i]))
			continue;
		rc = immediate(d, &in->op[slot[i]], l->op[i], access_of(l, i));
		if (rc)
			return rc;
	}
	in->noperands = (uint8_t)n;
	return 0;
}
