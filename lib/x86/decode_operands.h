/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Operands of a decoded instruction: ModRM/SIB addressing with its
 * displacement (SDM Vol. 2, 2.1.5 "Addressing-Mode Encoding of ModR/M and
 * SIB Bytes", 2.2.1.6 "RIP-Relative Addressing"), immediates, and the
 * register or memory operand each operand code of the opcode maps names
 * (SDM Vol. 2, A.2 "Key to Abbreviations").
 *
 * Included by decode.c alone: every function here is inlined into
 * vmexit_decode(), so that the decoder state stays in a local that no
 * pointer escapes to (see decode_internal.h).
 */
#ifndef VMEXIT_DECODE_OPERANDS_H
#define VMEXIT_DECODE_OPERANDS_H

#include "decode_internal.h"

enum { RAX, RCX, RDX, RBX, RSP, RBP, RSI, RDI };

DHOT int64_t sext(uint64_t v, unsigned bytes)
{
	unsigned sh = 64 - 8 * bytes;

	return bytes >= 8 ? (int64_t)v : (int64_t)(v << sh) >> sh;
}

/*
 * What each operand code means, as data, so that an operand costs one
 * table lookup instead of a switch per code.
 *
 * kind says where the operand comes from; src which field numbers its
 * register; w its size (register, immediate or implicit memory) and mw
 * the width of its ModRM memory form.  Sizes below W_DYN are bytes; the
 * others depend on the instruction (width()).
 */
enum {
	K_NONE,   /* not an operand */
	K_RM,     /* ModRM.rm: register of class rc, or memory */
	K_REG,    /* a register of class rc numbered by src */
	K_IMM,    /* immediate */
	K_REL,    /* relative offset */
	K_FAR,    /* far pointer: offset, then a 2-byte selector */
	K_I1,     /* the constant 1 of the D0-D3 shifts */
	K_MOFFS,  /* moffs: an address-size offset, no ModRM */
	K_STR,    /* DS:rSI, ES:rDI, XLAT's DS:[rBX + AL]; src is the base */
	K_IS4,    /* a vector register in imm8[7:4] (VEX /is4, XOP) */
};

/* Register number sources (K_REG). */
enum {
	R_REG,    /* ModRM.reg with REX.R, without EVEX.R' */
	R_REGX,   /* ModRM.reg with REX.R and EVEX.R' */
	R_REG3,   /* ModRM.reg alone */
	R_RM3,    /* ModRM.rm alone */
	R_VVVV,   /* VEX.vvvv with EVEX.V' */
	R_VVVV4,  /* VEX.vvvv */
	R_VVVV3,  /* VEX.vvvv, low 3 bits */
	R_OPC,    /* opcode bits 2:0 with REX.B */
	R_FIX,    /* R_FIX + n: register n */
};

/* Dynamic sizes. */
enum {
	W_DYN = 0x80,
	W_OS = W_DYN, /* operand size */
	W_YS,     /* 8 with REX.W/VEX.W in 64-bit mode, else 4 */
	W_ZS,     /* 2 with a 16-bit operand size, else 4 */
	W_JZ,     /* Jz: 4 in 64-bit mode, else as W_ZS */
	W_MODE,   /* 8 in 64-bit mode, else 4 */
	W_VEC,    /* a full vector */
	W_HVEC,   /* half a vector */
	W_MP,     /* far pointer: 2 + operand size */
	W_MA,     /* BOUND: two operand-size words */
	W_MS,     /* SGDT and the like: 10 in 64-bit mode, else 6 */
	W_MFE,    /* FLDENV and the like */
	W_MFS,    /* FSAVE and the like */
	W_512,    /* FXSAVE */
	W_BM,     /* a bound register pair in memory */
	W_ELEM,   /* one vector element: 8 with VEX/EVEX.W = 1, else 4 */
	W_QVEC,   /* a quarter of a vector */
	W_EVEC,   /* an eighth of a vector */
	W_DDUP,   /* MOVDDUP: 8 for a 128-bit vector, else the vector */
	W_KMOV,   /* KMOVB/W/D/Q: by VEX.pp and VEX.W (width()) */
	W_HVECR,  /* a register holding half a vector: ymm for zmm, else xmm */
};

/* Operand code flags.  (The access a code implies is folded into each
 * leaf at compile time: DT_ACC in decode_tables.h.) */
#define O_SX    1u  /* immediate is sign-extended */
#define O_VEX   8u  /* exists only VEX/EVEX/XOP-encoded */
#define O_ES    16u /* K_STR: ES, which cannot be overridden */
#define O_XLAT  32u /* K_STR: XLAT's index AL */
#define O_REGB  64u /* K_STR: the base is ModRM.reg (with REX.R), not src */

struct opdesc {
	uint8_t kind, rc, src, w, mw, fl;
};

#define RM(rc, w, mw) { K_RM, VMEXIT_RC_##rc, 0, (w), (mw), 0 }
/* A general register or memory of the same size. */
#define E(w) RM(GPR, (w), (w))
#define RG(rc, src, w, ...) { K_REG, VMEXIT_RC_##rc, (src), (w), 0, __VA_ARGS__ + 0 }
#define IM(k, w, fl) { (k), 0, 0, (w), 0, (fl) }
#define ST(base, w, fl) { K_STR, 0, (base), (w), 0, (fl) }


static const struct opdesc opdesc[OP_CODES] = {
	[Eb] = E(1), [Ew] = E(2), [Ed] = E(4), [Eq] = E(8), [Ev] = E(W_OS),
	[Ey] = E(W_YS), [Rv] = E(W_OS), [Ry] = E(W_YS),
	[Rm] = RM(GPR, W_MODE, 0), [Rd] = E(4), [Rw] = E(2),
	[Gb] = RG(GPR, R_REG, 1), [Gw] = RG(GPR, R_REG, 2),
	[Gd] = RG(GPR, R_REG, 4), [Gv] = RG(GPR, R_REG, W_OS),
	[Gy] = RG(GPR, R_REG, W_YS), [Gz] = RG(GPR, R_REG, W_ZS),
	[Gm] = RG(GPR, R_REG, W_MODE),
	/* Memory-only codes: their register form (only with F_NOMOD or
	 * an unchecked mod) is a general register of the same size. */
	[M] = { K_RM, VMEXIT_RC_GPR, 0, W_OS, 0, 0 },
	[Mb] = E(1), [Mw] = E(2), [Md] = E(4), [Mq] = E(8), [Mt] = E(10),
	[Mo] = E(16), [Mp] = E(W_MP), [Ma] = E(W_MA), [Ms] = E(W_MS),
	[My] = E(W_YS), [Mv] = E(W_OS), [Mx] = E(W_VEC), [Mfe] = E(W_MFE),
	[Mfs] = E(W_MFS), [M512] = E(W_512), [Mxs] = RM(GPR, W_OS, 0),
	[M64b] = E(64), [Mcl] = E(64),
	[Ib] = IM(K_IMM, 1, 0), [Lx] = { K_IS4, VMEXIT_RC_XMM, 0, W_VEC, 0, 0 },
	[Lo] = { K_IS4, VMEXIT_RC_XMM, 0, 16, 0, 0 },
	[Ibs] = IM(K_IMM, 1, O_SX),
	[Iw] = IM(K_IMM, 2, 0), [Iz] = IM(K_IMM, W_ZS, O_SX),
	[Iv] = IM(K_IMM, W_OS, 0), [I1] = IM(K_I1, 1, 0),
	[Jb] = IM(K_REL, 1, O_SX), [Jz] = IM(K_REL, W_JZ, O_SX),
	[Ap] = IM(K_FAR, W_ZS, 0), [Ob] = IM(K_MOFFS, 1, 0),
	[Ov] = IM(K_MOFFS, W_OS, 0),
	[AL] = RG(GPR, R_FIX + RAX, 1), [rAX] = RG(GPR, R_FIX + RAX, W_OS),
	[eAX] = RG(GPR, R_FIX + RAX, W_ZS), [AX] = RG(GPR, R_FIX + RAX, 2),
	[CL] = RG(GPR, R_FIX + RCX, 1),
	[DX] = RG(GPR, R_FIX + RDX, 2),
	[Zb] = RG(GPR, R_OPC, 1), [Zv] = RG(GPR, R_OPC, W_OS),
	[Sw] = RG(SEG, R_REG3, 2),
	[Cm] = RG(CR, R_REG, W_MODE), [Dm] = RG(DR, R_REG, W_MODE),
	[S_ES] = RG(SEG, R_FIX + SEG_ES, 2), [S_CS] = RG(SEG, R_FIX + SEG_CS, 2),
	[S_SS] = RG(SEG, R_FIX + SEG_SS, 2), [S_DS] = RG(SEG, R_FIX + SEG_DS, 2),
	[S_FS] = RG(SEG, R_FIX + SEG_FS, 2), [S_GS] = RG(SEG, R_FIX + SEG_GS, 2),
	[Xb] = ST(RSI, 1, 0), [Xv] = ST(RSI, W_OS, 0), [Xz] = ST(RSI, W_ZS, 0),
	[Yb] = ST(RDI, 1, O_ES), [Yv] = ST(RDI, W_OS, O_ES),
	[Yz] = ST(RDI, W_ZS, O_ES), [XL] = ST(RBX, 1, O_XLAT),
	[XDq] = ST(RDI, 8, 0), [XDo] = ST(RDI, 16, 0),
	[YR64] = ST(0, 64, O_ES | O_REGB),
	[ST0] = RG(X87, R_FIX + 0, 10), [STi] = RG(X87, R_RM3, 10),
	[Pq] = RG(MMX, R_REG3, 8),
	[Qq] = RM(MMX, 8, 8), [Qd] = RM(MMX, 8, 4), [Nq] = RM(MMX, 8, 0),
	[Vx] = RG(XMM, R_REGX, W_VEC), [Vo] = RG(XMM, R_REGX, 16),
	[Vh] = RG(XMM, R_REGX, W_HVECR),
	[Wx] = RM(XMM, W_VEC, W_VEC), [Wo] = RM(XMM, 16, 16),
	[Wq] = RM(XMM, 16, 8), [Wd] = RM(XMM, 16, 4), [Ww] = RM(XMM, 16, 2),
	[Wb] = RM(XMM, 16, 1), [Wh] = RM(XMM, W_HVECR, W_HVEC),
	[Ux] = RM(XMM, W_VEC, 0), [Uo] = RM(XMM, 16, 0),
	[Hx] = RG(XMM, R_VVVV, W_VEC, O_VEX),
	[Ho] = RG(XMM, R_VVVV, 16, O_VEX),
	[By] = RG(GPR, R_VVVV4, W_YS),
	[Kr] = RG(MASK, R_REG3, 8), [Km] = RM(MASK, 8, 8),
	[Kv] = RG(MASK, R_VVVV3, 8),
	[Bnd] = RG(BND, R_REG, 16), [Bm] = RM(BND, 16, W_BM),
	[RvMw] = RM(GPR, W_OS, 2), [RdMb] = RM(GPR, 4, 1), [RdMw] = RM(GPR, 4, 2),
	[EmA] = { K_RM, VMEXIT_RC_GPR, 0, W_MODE, W_MODE, 0 },
	[We] = RM(XMM, 16, W_ELEM), [Wqv] = RM(XMM, 16, W_QVEC),
	[Wev] = RM(XMM, 16, W_EVEC), [Wdup] = RM(XMM, W_VEC, W_DDUP),
	[Kmw] = RM(MASK, 8, W_KMOV),
	[Hk] = RG(XMM, R_VVVV, W_VEC, O_VEX),
	[Id] = IM(K_IMM, 4, 0),
	[Tr] = RG(TMM, R_REG3, 0), [Tm] = RM(TMM, 0, 0), [Tv] = RG(TMM, R_VVVV3, 0, O_VEX),
	[Msib] = E(0), [Ez] = E(W_ZS), [RzMw] = RM(GPR, W_ZS, 2),
};

/* A dynamic size of the table above in bytes, given the operand size,
 * 64-bit mode, REX.W/VEX.W and the vector size. */
DHOT unsigned width_dyn(unsigned w, unsigned os, unsigned m64, unsigned rex_w,
			unsigned vecsize)
{
	switch (w) {
	case W_YS: return m64 && rex_w ? 8 : 4;
	case W_ZS: return os == 2 ? 2 : 4;
	case W_JZ: return m64 || os != 2 ? 4 : 2;
	case W_MODE: return m64 ? 8 : 4;
	case W_VEC: return vecsize;
	case W_HVEC: return vecsize / 2u;
	case W_QVEC: return vecsize / 4u;
	case W_EVEC: return vecsize / 8u;
	case W_MP: return 2u + os;
	case W_MA: return 2u * os;
	case W_MS: return m64 ? 10 : 6;
	case W_MFE: return os == 2 ? 14 : 28;
	case W_MFS: return os == 2 ? 94 : 108;
	case W_512: return 512;
	case W_BM: return m64 ? 16 : 8;
	case W_ELEM: return rex_w ? 8 : 4;
	case W_DDUP: return vecsize == 16 ? 8 : vecsize;
	case W_HVECR: return vecsize == 64 ? 32 : 16;
	default: return 0;
	}
}

/* A size of the table above in bytes: the common ones inline. */
DHOT unsigned width(const struct vmexit_dstate *d, unsigned w)
{
	if (__builtin_expect(w < W_DYN, 1))
		return w;
	if (w == W_OS)
		return d->in->osize;
	/* SDM Vol. 2, "KMOVW/KMOVB/KMOVQ/KMOVD": m16 (no prefix, W0), m64
	 * (W1), m8 (66, W0), m32 (66, W1).  Only VEX-encoded. */
	if (w == W_KMOV)
		return d->in->vex_pp == 1 ? (d->rex_w ? 4u : 1u) : (d->rex_w ? 8u : 2u);
	return width_dyn(w, d->in->osize, d->in->mode == 64, d->rex_w, d->vecsize);
}

/* Whether any memory operand is read or written (VMEXIT_INSN_MEM): LEA,
 * NOP r/m, prefetches and the MPX bound checks name an address only. */
DHOT int mem_accessed(const struct vmexit_insn *out, unsigned nmem)
{
	/* (Two slots at most: no loop.) */
	return (nmem > 0 && out->mem[0].access) || (nmem > 1 && out->mem[1].access);
}

/* The width of a ModRM memory operand: with EVEX.b = 1 a memory source
 * is one element broadcast to the vector, 4 bytes with EVEX.W0 and 8
 * with W1 (SDM Vol. 2, 2.7.5, Table "EVEX DISP8*N for Instructions
 * Affected by Embedded Broadcast": m32bcst/m64bcst; AVX512-FP16's
 * m16bcst, F_BC16, is 2 bytes whatever W).  Where EVEX.b does
 * not select a broadcast with a memory operand the encoding is #UD, so
 * the width given then does not matter. */
DHOT unsigned mem_width(const struct vmexit_dstate *d, const struct opdesc *p)
{
	if (d->in->encoding == VMEXIT_ENC_EVEX && d->in->evex_b &&
	    p->rc == VMEXIT_RC_XMM)
		return (d->leaf->fl & F_BC16) ? 2u : d->rex_w ? 8u : 4u;
	return width(d, p->mw);
}

/* The segment a memory operand uses: dflt unless overridden (d->sego). */
DHOT uint8_t segment(const struct vmexit_dstate *d, uint8_t dflt)
{
	return d->sego ? (uint8_t)(d->sego - 1) : dflt;
}

/* The next memory operand slot (a third one, never needed by a real
 * instruction, would reuse the second). */
DHOT unsigned new_mem(struct vmexit_insn *in)
{
	unsigned i = in->nmem < 2 ? in->nmem : 1;

	if (in->nmem < 2)
		in->nmem++;
	return i;
}


/* A displacement of n (0, 1, 2 or 4) bytes at p, sign-extended: the
 * sizes tested in order of frequency, each one load. */
DHOT int64_t disp_le(const uint8_t *p, unsigned n)
{
	if (n == 1)
		return (int8_t)p[0];
	if (n == 4)
		return (int32_t)(uint32_t)vmexit_dle(p, 4);
	if (n == 2)
		return (int16_t)(uint16_t)vmexit_dle(p, 2);
	return 0;
}

/* The rules modrm_ea() and the templates' base + displacement case share
 * (decode.c), as macros: as functions, inlined, they cost the template
 * path 2-5 instructions (callgrind). */

/* The displacement bytes of 32/64-bit addressing by ModRM.mod (0-2),
 * before the disp32 of a bare rm 101b or SIB base 101b (SDM Vol. 2,
 * Table 2-2). */
#define DISP_SIZE32(mod) ((mod) == 1 ? 1u : (mod) == 2 ? 4u : 0u)

/* The segment of a ModRM memory operand: the override (sego, seg + 1),
 * else the base's default, SS for rSP and rBP, DS for the others (SDM
 * Vol. 1, 3.7.5). */
#define EA_SEG(sego, base) \
	((sego) ? (sego) - 1 : (base) == RSP || (base) == RBP ? SEG_SS : SEG_DS)

/* The ModRM memory operand, in one pass: 16-bit addressing (SDM Vol. 2,
 * Table 2-1) or 32/64-bit addressing with SIB (Tables 2-2 and 2-3).
 * Reads the SIB byte and the displacement at *pos; rex holds REX.X (2)
 * and REX.B (1); vsib is 0, or 0x100 | EVEX.V' for a VSIB index.  Given
 * values, so that both paths of decode.c share it.
 *
 * It writes its results where they end up, with no copy in between: the
 * SIB fields (raw, with REX.X/B), VMEXIT_INSN_SIB/RIPREL, disp_size and
 * disp into fx (the fixed part: the general path's local, the caller's
 * struct on the template path), and the whole memory operand into *m, in
 * one store: its segment is sego - 1, or the base's default without an
 * override (sego 0), width and access are the caller's.  If the SIB byte
 * cannot be fetched nothing is written and *no_sib is set; on a
 * displacement fetch error the displacement is 0; either error is
 * returned.
 */
DHOT int modrm_ea(const uint8_t *bytes, unsigned *pos, unsigned lim,
		  unsigned asize, unsigned m64, unsigned modrm, unsigned rex,
		  unsigned vsib, struct vmexit_insn *fx, struct vmexit_mem *m,
		  unsigned sego, unsigned width, unsigned access, int *no_sib)
{
	static const uint8_t base16[8] = { RBX, RBX, RBP, RBP, RSI, RDI, RBP, RBX };
	static const uint8_t index16[8] = { RSI, RDI, RSI, RDI, 0xff, 0xff, 0xff, 0xff };
	unsigned mod = modrm >> 6, rm = modrm & 7, n;
	uint8_t base = VMEXIT_DECODE_NOREG, index = VMEXIT_DECODE_NOREG, scale = 1, fl = 0;
	int64_t v = 0;
	int rc = 0;

	*no_sib = 0;
	if (asize == 2) {
		n = mod == 1 ? 1 : mod == 2 ? 2 : 0;
		base = base16[rm];
		index = index16[rm];
		if (mod == 0 && rm == 6) {
			base = VMEXIT_DECODE_NOREG;
			n = 2;
		}
	} else {
		n = DISP_SIZE32(mod);
		if (rm == 4) {
			uint8_t sib, sindex;
			if (*pos >= lim) {
				*no_sib = 1;
				return vmexit_dfetch_fail(*pos, 1);
			}
			sib = bytes[(*pos)++];
			sindex = (uint8_t)(((sib >> 3) & 7) | ((rex & 2) << 2));
			scale = (uint8_t)(1u << (sib >> 6));
			base = (uint8_t)((sib & 7) | ((rex & 1) << 3));
			fx->flags |= VMEXIT_INSN_SIB;
			fx->sib = sib;
			fx->scale = scale;
			fx->index = sindex;
			fx->base = base;
			if (vsib) {
				/* VSIB: the index is a vector register, xmm4
				 * included; EVEX.V' is its bit 4 (SDM Vol. 2,
				 * 2.7.6). */
				index = (uint8_t)(sindex | ((vsib & 1) << 4));
				fl = VMEXIT_MEM_VSIB;
			} else if (sindex != 4) {
				index = sindex;
			} else {
				scale = 1; /* no index: the scale field is unused */
			}
			if ((sib & 7) == 5 && mod == 0) {
				base = VMEXIT_DECODE_NOREG;
				n = 4;
			}
		} else if (rm == 5 && mod == 0) {
			n = 4;
			if (m64) {
				base = VMEXIT_DECODE_RIP;
				fx->flags |= VMEXIT_INSN_RIPREL;
			}
		} else {
			base = (uint8_t)(rm | ((rex & 1) << 3));
		}
	}
	/* The displacement (0 if it cannot be fetched). */
	if (__builtin_expect(*pos + n > lim, 0))
		rc = vmexit_dfetch_fail(*pos, n);
	else
		v = disp_le(bytes + *pos, n), *pos += n;
	fx->disp_size = (uint8_t)n;
	fx->disp = v;
	*m = (struct vmexit_mem){
		.seg = (uint8_t)EA_SEG(sego, base),
		.base = base, .index = index, .scale = scale, .asize = (uint8_t)asize,
		.access = (uint8_t)access, .flags = fl, .width = (uint16_t)width,
		.disp = fx->disp,
	};
	return rc;
}

/* The operand naming memory operand mi (modrm_ea() wrote it). */
DHOT void put_mem(unsigned mi, struct vmexit_operand *o, unsigned width, unsigned access)
{
	*o = (struct vmexit_operand){
		.kind = VMEXIT_OP_MEM, .mem = (uint8_t)mi, .access = (uint8_t)access,
		.size = (uint8_t)(width > 255 ? 0 : width),
	};
}

DHOT int modrm_mem(struct vmexit_dstate *d, struct vmexit_operand *o,
		   unsigned width, unsigned access)
{
	struct vmexit_insn *in = d->in;
	unsigned mi = new_mem(in);
	struct vmexit_mem *m = &d->out->mem[mi];
	int no_sib;
	int rc = modrm_ea(d->bytes, &d->pos, d->lim, in->asize, in->mode == 64,
			  in->modrm, (unsigned)d->rex_x << 1 | d->rex_b,
			  (d->leaf->fl & F_VSIB) ? 0x100u | d->evex_v2 : 0, in, m,
			  d->sego, width, access, &no_sib);

	if (no_sib)
		return rc;
	put_mem(mi, o, width, access);
	return rc;
}

/* Memory operand mi of the caller's struct without ModRM, and the operand
 * naming it (the general path's implicit_mem(), the templates' string
 * operands). */
DHOT void put_implicit_mem(struct vmexit_insn *out, unsigned mi, struct vmexit_operand *o,
			   unsigned seg, unsigned base, unsigned asize, unsigned width,
			   unsigned access)
{
	out->mem[mi] = (struct vmexit_mem){
		.seg = (uint8_t)seg, .base = (uint8_t)base, .index = VMEXIT_DECODE_NOREG,
		.scale = 1, .asize = (uint8_t)asize, .access = (uint8_t)access,
		.width = (uint16_t)width,
	};
	*o = (struct vmexit_operand){
		.kind = VMEXIT_OP_MEM, .mem = (uint8_t)mi, .access = (uint8_t)access,
		.size = (uint8_t)width,
	};
}

/* The XLAT form of a memory operand: the index is AL. */
DHOT void xlat_index(struct vmexit_mem *m)
{
	m->index = RAX;
	m->flags = VMEXIT_MEM_INDEX_AL;
}

/* A memory operand without ModRM: string operands, XLAT, moffs. */
DHOT void implicit_mem(struct vmexit_dstate *d, struct vmexit_operand *o,
			 uint8_t seg, uint8_t base, unsigned width,
			 unsigned access)
{
	put_implicit_mem(d->out, new_mem(d->in), o, seg, base, d->in->asize, width, access);
}

/* A register; a general register by number is AH, CH, DH or BH for
 * byte registers 4-7 without REX (SDM Vol. 1, 3.4.1.1). */
DHOT void reg_op(struct vmexit_operand *o, unsigned rclass, unsigned r,
		 unsigned size, unsigned access, unsigned rex)
{
	if (rclass == VMEXIT_RC_GPR && size == 1 && !rex && r >= 4 && r < 8) {
		rclass = VMEXIT_RC_GPR8H;
		r -= 4;
	}
	*o = (struct vmexit_operand){
		.kind = VMEXIT_OP_REG, .rclass = (uint8_t)rclass, .reg = (uint8_t)r,
		.access = (uint8_t)access, .size = (uint8_t)size,
	};
}

DHOT void reg(const struct vmexit_dstate *d, struct vmexit_operand *o,
	      unsigned rclass, unsigned r, unsigned size, unsigned access)
{
	reg_op(o, rclass, r, size, access, d->in->rex);
}

/* The number of a K_REG register. */
DHOT unsigned reg_number_of(unsigned src, unsigned reg, unsigned modrm,
			    unsigned vvvv, unsigned opcode, unsigned rex_b)
{
	switch (src) {
	case R_REG: return reg & 15u;
	case R_REGX: return reg;
	case R_REG3: return (modrm >> 3) & 7u;
	case R_RM3: return modrm & 7u;
	case R_VVVV: return vvvv;
	case R_VVVV4: return vvvv & 15u;
	case R_VVVV3: return vvvv & 7u;
	case R_OPC: return (opcode & 7u) | (rex_b << 3);
	default: return src - R_FIX;
	}
}

DHOT unsigned reg_number(const struct vmexit_dstate *d, unsigned src)
{
	const struct vmexit_insn *in = d->in;

	return reg_number_of(src, in->reg, in->modrm, in->vex_vvvv, in->opcode, d->rex_b);
}

/* The register form of a K_RM operand. */
DHOT void rm_reg(const struct vmexit_dstate *d, struct vmexit_operand *o,
		   const struct opdesc *p, unsigned access)
{
	const struct vmexit_insn *in = d->in;
	unsigned rm = in->rm;

	if (p->rc == VMEXIT_RC_XMM)
		/* EVEX.X extends a vector rm to 32 registers. */
		rm |= (unsigned)(in->encoding == VMEXIT_ENC_EVEX && d->rex_x) << 4;
	else if (p->rc != VMEXIT_RC_GPR)
		rm &= 7; /* eight MMX, mask and bound registers */
	reg(d, o, p->rc, rm, width(d, p->w), access);
}

/* An immediate operand of n bytes with value v, the first or the second. */
DHOT void put_imm(struct vmexit_insn *fx, struct vmexit_operand *o, unsigned kind,
		  uint64_t v, unsigned n, int first)
{
	*o = (struct vmexit_operand){
		.kind = (uint8_t)kind, .access = VMEXIT_ACC_R, .size = (uint8_t)n,
	};
	if (first) {
		fx->imm = v;
		fx->imm_size = (uint8_t)n;
	} else {
		fx->imm2 = v;
		fx->imm2_size = (uint8_t)n;
	}
}

DHOT int imm(struct vmexit_dstate *d, struct vmexit_operand *o,
	       unsigned n, int sign, unsigned kind)
{
	struct vmexit_insn *in = d->in;
	uint64_t v = 0;
	int rc = vmexit_dfetch(d, n, &v);

	if (rc)
		return rc;
	put_imm(in, o, kind, sign ? (uint64_t)sext(v, n) : v, n, d->nimm++ == 0);
	return 0;
}

/* Immediates that are not a plain K_IMM/K_REL. */
DHOT int immediate_other(struct vmexit_dstate *d, struct vmexit_operand *o,
			   const struct opdesc *p, unsigned access)
{
	struct vmexit_insn *in = d->in;
	uint64_t v = 0;
	int rc;

	switch (p->kind) {
	case K_I1:
		*o = (struct vmexit_operand){
			.kind = VMEXIT_OP_IMM, .access = VMEXIT_ACC_R, .size = 1,
		};
		in->imm = 1;
		return 0;
	case K_FAR:
		rc = imm(d, o, width(d, p->w), 0, VMEXIT_OP_FAR);
		if (rc)
			return rc;
		rc = vmexit_dfetch(d, 2, &v);
		in->imm2 = v;
		in->imm2_size = 2;
		return rc;
	case K_IS4:
		/* "/is4": imm8[7:4] (64-bit mode) or imm8[6:4] names the
		 * register, imm8[3:0] is payload (VPERMIL2PS/PD's m2z), so the
		 * byte also stays the immediate (SDM Vol. 2, 3.1.1.2 "Opcode
		 * Column in the Instruction Summary Table (Instructions with VEX
		 * prefix)"; APM Vol. 4, "VFMADDPD", "VPPERM"). */
		rc = imm(d, o, 1, 0, VMEXIT_OP_IMM);
		if (rc)
			return rc;
		reg(d, o, p->rc, (unsigned)(in->imm >> 4) & (in->mode == 64 ? 15u : 7u),
		    width(d, p->w), access);
		return 0;
	default: /* K_MOFFS (SDM Vol. 2, "MOV - Move", note on moffs) */
		rc = vmexit_dfetch(d, in->asize, &v);
		if (rc)
			return rc;
		implicit_mem(d, o, segment(d, SEG_DS), VMEXIT_DECODE_NOREG,
			     width(d, p->w), access);
		d->out->mem[o->mem].disp = (int64_t)v;
		in->disp = (int64_t)v;
		in->disp_size = in->asize;
		return 0;
	}
}

/*
 * The operands in operand order.  The bytes come in the order ModRM, SIB,
 * displacement, immediates; no leaf names an immediate before a ModRM
 * memory operand, so operand order is also byte order.
 */
DHOT int operands(struct vmexit_dstate *d)
{
	struct vmexit_insn *in = d->in;
	const struct vmexit_dt *l = d->leaf;
	int mod3 = in->mod == 3 || (l->fl & F_NOMOD);
	unsigned n = 0;
	int rc;

	for (unsigned i = 0; i < 4 && l->op[i]; i++) {
		const struct opdesc *p = &opdesc[l->op[i] < OP_CODES ? l->op[i] : 0];
		struct vmexit_operand *o = &d->out->op[n];
		unsigned a = DT_ACC_AT(l->ra, i);

		switch (p->kind) {
		case K_RM:
			if (mod3) {
				rm_reg(d, o, p, a);
			} else {
				rc = modrm_mem(d, o, mem_width(d, p), DT_ACC_AT(l->ma, i));
				if (rc)
					return rc;
			}
			break;
		case K_REG:
			if ((p->fl & O_VEX) && in->encoding == VMEXIT_ENC_LEGACY)
				continue; /* no such operand without VEX */
			reg(d, o, p->rc, reg_number(d, p->src), width(d, p->w), a);
			break;
		case K_IMM:
		case K_REL:
			rc = imm(d, o, width(d, p->w), p->fl & O_SX,
				 p->kind == K_IMM ? VMEXIT_OP_IMM : VMEXIT_OP_REL);
			if (rc)
				return rc;
			break;
		case K_STR:
			implicit_mem(d, o, (p->fl & O_ES) ? SEG_ES : segment(d, SEG_DS),
				     (p->fl & O_REGB) ? reg_number(d, R_REG) : p->src,
				     width(d, p->w), a);
			if (p->fl & O_REGB)
				d->out->mem[o->mem].flags = VMEXIT_MEM_REG_ADDR;
			if (p->fl & O_XLAT)
				xlat_index(&d->out->mem[o->mem]);
			break;
		case K_NONE:
			continue;
		default:
			rc = immediate_other(d, o, p, a);
			if (rc)
				return rc;
			break;
		}
		n++;
	}
	in->noperands = (uint8_t)n;
	/* The EVEX form of a compare shared with SSE/AVX (VCMPPS, VPCMPEQB
	 * ...) writes a mask register, k0-k7 in ModRM.reg (SDM Vol. 2,
	 * "CMPPS", "PCMPEQB/PCMPEQW/PCMPEQD": EVEX ... k1 {k2}). */
	if (in->encoding == VMEXIT_ENC_EVEX && (l->vx & VX_M) == VX_KDST &&
	    n && d->out->op[0].kind == VMEXIT_OP_REG && d->out->op[0].rclass == VMEXIT_RC_XMM) {
		d->out->op[0].rclass = VMEXIT_RC_MASK;
		d->out->op[0].reg &= 7;
		d->out->op[0].size = 8;
	}
	return 0;
}

#endif
