/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The decoder's driver: prefixes, the VEX/EVEX/XOP prefixes, the opcode
 * and its map, the walk through the opcode tables to a leaf, and the
 * checks that make an encoding #UD.  Operands, ModRM/SIB addressing,
 * displacements and immediates are in decode_operands.h.
 *
 * SDM Vol. 2, Chapter 2 ("Instruction Format") and Appendix A; APM Vol. 3,
 * Chapter 1 ("Instruction Encoding").
 */
#include "libc.h"

#include "decode_internal.h"
#include "decode_operands.h"
#include "decode_tmpl.h"

int vmexit_dfetch_fail(unsigned pos, unsigned n)
{
	/* SDM Vol. 2, 2.3.11: an instruction longer than 15 bytes raises
	 * #GP; that takes precedence over running out of bytes. */
	if (pos + n > VMEXIT_INSN_MAX)
		return VMEXIT_DECODE_TOO_LONG;
	return VMEXIT_DECODE_TRUNCATED;
}

DHOT int fetch8(struct vmexit_dstate *d, uint8_t *b)
{
	if (__builtin_expect(d->pos >= d->lim, 0))
		return vmexit_dfetch_fail(d->pos, 1);
	*b = d->bytes[d->pos++];
	return 0;
}

/* Look at the next byte without consuming it. */
DHOT int peek8(const struct vmexit_dstate *d, uint8_t *b)
{
	if (__builtin_expect(d->pos >= d->lim, 0))
		return vmexit_dfetch_fail(d->pos, 1);
	*b = d->bytes[d->pos];
	return 0;
}

DHOT int read_modrm(struct vmexit_dstate *d)
{
	struct vmexit_insn *in = d->in;
	uint8_t m;
	int rc;

	if (d->have_modrm)
		return 0;
	rc = fetch8(d, &m);
	if (rc)
		return rc;
	d->have_modrm = 1;
	in->flags |= VMEXIT_INSN_MODRM;
	in->modrm = m;
	in->mod = m >> 6;
	in->reg = (uint8_t)(((m >> 3) & 7) | (d->rex_r << 3) | (d->evex_r2 << 4));
	in->rm = (uint8_t)((m & 7) | (d->rex_b << 3));
	return 0;
}

/* What a byte is where a prefix may stand: the VMEXIT_PFX_* bit of a
 * legacy prefix, P_REX for 40-4F (REX in 64-bit mode only) or 0. */
#define P_REX 0x80
static const uint8_t prefix_kind[256] = {
	[0x26] = VMEXIT_PFX_SEG, [0x2e] = VMEXIT_PFX_SEG, [0x36] = VMEXIT_PFX_SEG,
	[0x3e] = VMEXIT_PFX_SEG, [0x64] = VMEXIT_PFX_SEG, [0x65] = VMEXIT_PFX_SEG,
	[0x66] = VMEXIT_PFX_66, [0x67] = VMEXIT_PFX_67, [0xf0] = VMEXIT_PFX_LOCK,
	[0xf2] = VMEXIT_PFX_F2, [0xf3] = VMEXIT_PFX_F3,
	[0x40] = P_REX, P_REX, P_REX, P_REX, P_REX, P_REX, P_REX, P_REX,
	P_REX, P_REX, P_REX, P_REX, P_REX, P_REX, P_REX, P_REX,
};

/* Legacy prefixes (SDM Vol. 2, 2.1.1) and REX (2.2.1).  REX counts only
 * immediately before the opcode: a legacy prefix after it cancels it.
 * Leaves the first byte after the prefixes in *b, not consumed. */
struct dpfx {
	unsigned pfx, seg, rep, rex; /* VMEXIT_PFX_*, the last 26..65, F2/F3, REX */
};

DHOT int scan_prefixes(const uint8_t *bytes, unsigned *pos, unsigned lim,
		       unsigned mode, struct dpfx *p, uint8_t *b)
{
	for (;;) {
		unsigned k;
		if (__builtin_expect(*pos >= lim, 0))
			return vmexit_dfetch_fail(*pos, 1);
		*b = bytes[*pos];
		k = prefix_kind[*b];
		if (__builtin_expect(k == 0, 1))
			return 0;
		if (k == P_REX) {
			if (mode != 64)
				return 0;
			++*pos;
			p->rex = *b;
			continue;
		}
		p->pfx |= k;
		/* In 64-bit mode 26, 2E, 36 and 3E are null prefixes, "not
		 * treated as segment-override prefixes for the purposes of
		 * multiple-prefix rules" (APM Vol. 3, 1.2.4): an FS or GS
		 * override before them stays. */
		if (k == VMEXIT_PFX_SEG &&
		    !(mode == 64 && (p->seg & 0xfe) == 0x64 && (*b & 0xc0) == 0))
			p->seg = *b;
		else if (k & (VMEXIT_PFX_F2 | VMEXIT_PFX_F3))
			p->rep = *b;
		++*pos;
		p->rex = 0;
	}
}

DHOT int prefixes(struct vmexit_dstate *d, uint8_t *rex, uint8_t *b)
{
	struct dpfx p = { 0, 0, 0, 0 };
	int rc = scan_prefixes(d->bytes, &d->pos, d->lim, d->in->mode, &p, b);

	d->in->prefixes = (uint8_t)p.pfx;
	d->in->seg_prefix = (uint8_t)p.seg;
	d->rep = (uint8_t)p.rep;
	*rex = (uint8_t)p.rex;
	return rc;
}

/* The segment override that takes effect, as seg + 1 (struct
 * vmexit_dstate): in 64-bit mode only FS and GS do (SDM Vol. 1, 3.3.7.1). */
DHOT uint8_t segment_override(unsigned seg_prefix, unsigned mode)
{
	switch (seg_prefix) {
	case 0x26: return mode == 64 ? 0 : 1 + SEG_ES;
	case 0x2e: return mode == 64 ? 0 : 1 + SEG_CS;
	case 0x36: return mode == 64 ? 0 : 1 + SEG_SS;
	case 0x3e: return mode == 64 ? 0 : 1 + SEG_DS;
	case 0x64: return 1 + SEG_FS;
	default: return 1 + SEG_GS;
	}
}

DHOT void set_rex(struct vmexit_dstate *d, uint8_t rex)
{
	if (!rex)
		return;
	d->in->rex = rex;
	d->in->prefixes |= VMEXIT_PFX_REX;
	d->rex_w = (rex >> 3) & 1;
	d->rex_r = (rex >> 2) & 1;
	d->rex_x = (rex >> 1) & 1;
	d->rex_b = rex & 1;
}

/* The fields of a VEX, XOP or EVEX prefix that are in the same place in
 * each (SDM Vol. 2, 2.3.5, 2.7.1; APM Vol. 3, 1.8): p0 is the byte after
 * C4, 8F or 62 (for C5: its R bit, the others as if set), p1 the next one
 * (C5's only one).  R, X and B are given uninverted and only in 64-bit
 * mode (vex_like() says why); vvvv inverted, all four bits. */
struct vexf {
	uint8_t r, x, b, w, vvvv, pp, l;
};

DHOT struct vexf vex_fields(unsigned b, unsigned p0, unsigned p1, unsigned m64)
{
	return (struct vexf){
		.r = m64 && !(p0 & 0x80), .x = m64 && !(p0 & 0x40),
		.b = m64 && !(p0 & 0x20),
		/* The two-byte form implies VEX.W = 0 (SDM Vol. 2, 2.3.5.6). */
		.w = b == 0xc5 ? 0 : (uint8_t)(p1 >> 7),
		.vvvv = (uint8_t)((~p1 >> 3) & 15), .pp = p1 & 3, .l = (p1 >> 2) & 1,
	};
}

/*
 * VEX (C4/C5), EVEX (62) and XOP (8F).  Outside 64-bit mode C4, C5 and 62
 * are LES, LDS and BOUND unless the next byte has mod = 11b, and 8F is POP
 * unless the map field is 8 or more (SDM Vol. 2, 2.3.5 and 2.7.1; APM
 * Vol. 3, 1.8 "VEX and XOP Prefixes").  Returns 1 if b started one.
 */
DHOT int vex_like(struct vmexit_dstate *d, uint8_t b, int *rc)
{
	struct vmexit_insn *in = d->in;
	struct vexf v;
	uint8_t p0, p1, p2;

	*rc = 0;
	if (b != 0xc4 && b != 0xc5 && b != 0x62 && b != 0x8f)
		return 0;
	d->pos++;
	*rc = peek8(d, &p0);
	if (*rc)
		return 1;
	if (b == 0x8f) {
		if ((p0 & 0x1f) < 8) {
			d->pos--;
			return 0;
		}
	} else if (in->mode != 64 && (p0 & 0xc0) != 0xc0) {
		d->pos--;
		return 0;
	}
	/* SDM Vol. 2, 2.3.2: 66, F2, F3, LOCK or REX before VEX is #UD. */
	if ((in->prefixes & (VMEXIT_PFX_66 | VMEXIT_PFX_F2 | VMEXIT_PFX_F3 |
			     VMEXIT_PFX_LOCK)) || in->rex) {
		*rc = VMEXIT_DECODE_PREFIX;
		return 1;
	}
	d->pos++;
	if (b == 0xc5) {
		in->encoding = VMEXIT_ENC_VEX;
		in->map = VMEXIT_MAP_0F;
		p1 = p0;
		p0 = (uint8_t)(p0 | 0x7f);
	} else {
		*rc = fetch8(d, &p1);
		if (*rc)
			return 1;
	}
	/* R, X and B extend register numbers in 64-bit mode only; outside
	 * it C4, C5 and 62 have R = X = 1 anyway, and XOP's are ignored
	 * (APM Vol. 3, 1.8 "VEX and XOP Prefixes": the registers 8-15 do
	 * not exist there): vex_fields(). */
	v = vex_fields(b, p0, p1, in->mode == 64);
	d->rex_r = v.r;
	d->rex_x = v.x;
	d->rex_b = v.b;
	d->rex_w = v.w;
	in->vex_w = v.w;
	in->vex_vvvv = v.vvvv;
	in->vex_pp = v.pp;
	in->vex_l = v.l;
	d->vecsize = v.l ? 32 : 16;
	if (in->mode != 64) {
		d->vvvv8 = in->vex_vvvv >> 3;
		in->vex_vvvv &= 7;
	}
	if (b == 0xc4 || b == 0x8f) {
		unsigned m = p0 & 0x1f;
		in->encoding = b == 0xc4 ? VMEXIT_ENC_VEX : VMEXIT_ENC_XOP;
		/* Reserved maps; map 0 only shows once the opcode has been
		 * fetched (Zydis does the same; no manual says when). */
		if (b == 0xc4 && m > 3)
			*rc = VMEXIT_DECODE_UNDEFINED;
		else if (b == 0xc4 && m == 0)
			d->bad_prefix = VMEXIT_DECODE_UNDEFINED;
		else if (b == 0x8f && m > 10)
			*rc = VMEXIT_DECODE_UNDEFINED;
		else if (b == 0x8f && in->vex_pp)
			d->bad_prefix = VMEXIT_DECODE_UNDEFINED;
		in->map = (uint8_t)(b == 0xc4 ? m : VMEXIT_MAP_XOP8 + m - 8);
		return 1;
	}
	if (b == 0x62) {
		/* EVEX (SDM Vol. 2, 2.7.1): P0[3] must be 0, P1[2] must be 1. */
		in->encoding = VMEXIT_ENC_EVEX;
		*rc = fetch8(d, &p2);
		if (*rc)
			return 1;
		/* EVEX.mmm: 1-3 are 0F, 0F38, 0F3A; 5 and 6 the AVX512-FP16
		 * maps; 0, 4 and 7 are reserved. */
		unsigned m = p0 & 7;
		if ((p0 & 8) || m == 0 || m == 4 || m == 7) {
			*rc = VMEXIT_DECODE_UNDEFINED;
			return 1;
		}
		if (!(p1 & 4))
			d->bad_prefix = VMEXIT_DECODE_UNDEFINED;
		in->map = (uint8_t)(m < 4 ? m : VMEXIT_MAP_EVEX5 + m - 5);
		d->evex_r2 = !(p0 & 0x10);
		d->evex_v2 = !(p2 & 8);
		/* "#UD Equations for EVEX": outside 64-bit mode EVEX.V'
		 * must be 1, whatever the instruction. */
		if (in->mode != 64 && d->evex_v2)
			d->bad_prefix = VMEXIT_DECODE_UNDEFINED;
		if (in->mode != 64)
			d->evex_r2 = 0;
		in->evex_z = p2 >> 7;
		in->evex_ll = (p2 >> 5) & 3;
		in->vex_l = in->evex_ll & 1;
		/* LL = 3 is reserved; it is taken as 512 bits here. */
		d->vecsize = in->evex_ll == 3 ? 64 : (uint8_t)(16u << in->evex_ll);
		in->evex_b = (p2 >> 4) & 1;
		in->evex_aaa = p2 & 7;
		if (in->mode == 64)
			in->vex_vvvv = (uint8_t)(in->vex_vvvv | (d->evex_v2 << 4));
	}
	return 1;
}

/*
 * The operand size in bytes by the leaf's rule (struct vmexit_dt.osc),
 * the mode (16, 32, 64 >> 5: 0, 1, 2), REX.W/VEX.W and 66 (not a
 * mandatory prefix): data, so that it costs one load.
 * - OSC_DEFAULT: 66 toggles 16/32 bits; REX.W is 64 bits and wins over
 *   66 in 64-bit mode, and is ignored outside it (VEX.W is not a size).
 * - OSC_BYTE: byte operations.
 * - OSC_OSM: MOV to/from CRn/DRn and VMREAD/VMWRITE: 64 bits in 64-bit
 *   mode and 32 bits outside it, prefixes ignored (SDM Vol. 2, "MOV—Move
 *   to/from Control Registers", "MOV—Move to/from Debug Registers";
 *   Vol. 3, "VMREAD", "VMWRITE": "the setting of CS.D is ignored").
 * - OSC_F64, OSC_D64: SDM Vol. 2, 2.2.1.5: near branches ignore 66 in
 *   64-bit mode on Intel (F64); stack operations default to 64 (D64),
 *   66 makes them 16-bit.
 */
static const uint8_t osize_of[8][4][2][2] = {
	/* [osc][16-, 32-, 64-bit mode, none][W0, W1][no 66, 66]: powers of
	 * two, so that any index is in the table at the cost of a mask */
	[OSC_DEFAULT] = { { { 2, 4 }, { 2, 4 } }, { { 4, 2 }, { 4, 2 } }, { { 4, 2 }, { 8, 8 } } },
	[OSC_BYTE]    = { { { 1, 1 }, { 1, 1 } }, { { 1, 1 }, { 1, 1 } }, { { 1, 1 }, { 1, 1 } } },
	[OSC_OSM]     = { { { 4, 4 }, { 4, 4 } }, { { 4, 4 }, { 4, 4 } }, { { 8, 8 }, { 8, 8 } } },
	[OSC_F64]     = { { { 2, 4 }, { 2, 4 } }, { { 4, 2 }, { 4, 2 } }, { { 8, 8 }, { 8, 8 } } },
	[OSC_D64]     = { { { 2, 4 }, { 2, 4 } }, { { 4, 2 }, { 4, 2 } }, { { 8, 2 }, { 8, 8 } } },
};

/* mode is 16, 32 or 64 (vmexit_decode() checks it; the masks keep any
 * value inside the table). */
DHOT unsigned osize_by(unsigned osc, unsigned mode, unsigned rex_w, unsigned op66)
{
	_Static_assert(OSC_N <= 8, "osize_of[] has a row per rule");
	return osize_of[osc & 7][(mode >> 5) & 3][rex_w & 1][op66 & 1];
}

DHOT unsigned default_osize(unsigned mode, unsigned rex_w, unsigned op66)
{
	return osize_by(OSC_DEFAULT, mode, rex_w, op66);
}

DHOT unsigned leaf_osize(const struct vmexit_dt *l, unsigned mode, unsigned rex_w,
			 unsigned op66)
{
	return osize_by(l->osc, mode, rex_w, op66);
}

/* The address size: 67 toggles 16/32 bits outside 64-bit mode, makes it
 * 32 bits in 64-bit mode (data, as osize_of[]: [mode >> 5][67]). */
DHOT unsigned addr_size(unsigned mode, unsigned pfx)
{
	static const uint8_t asize_of[4][2] = { { 2, 4 }, { 4, 2 }, { 8, 4 }, { 8, 4 } };

	return asize_of[(mode >> 5) & 3][!!(pfx & VMEXIT_PFX_67)];
}

/* The mandatory-prefix column of a legacy instruction (prefix_column). */
DHOT unsigned legacy_column(unsigned rep, unsigned op66)
{
	return rep == 0xf3 ? 2 : rep == 0xf2 ? 3 : op66 ? 1 : 0;
}

/* Whether 66 selects a form of its own in a row of mandatory-prefix
 * columns.  Where its column repeats the no-prefix form (BSF/BSR,
 * RDRAND/RDSEED, NOP r/m, WBINVD) 66 is the operand-size prefix: "66 0F
 * BD" is BSR r16, r/m16 (SDM Vol. 2, 2.1.2 "Instruction Prefixes": 66
 * is mandatory only for the instructions whose opcode lists it). */
DHOT int pfx66_selects(const struct vmexit_dt *cols)
{
	const struct vmexit_dt *a = &cols[0], *b = &cols[1];

	/* The reserved NOP next to an NP hint (CLDEMOTE) takes 66 as the
	 * operand size, as the other hint NOPs do. */
	if (b->kind == DT_LEAF && b->mn == VMEXIT_M_NOP)
		return 0;
	return a->mn != b->mn || a->kind != b->kind || a->acc != b->acc ||
	       a->fl != b->fl || a->op[0] != b->op[0] || a->op[1] != b->op[1] ||
	       a->op[2] != b->op[2] || a->op[3] != b->op[3] || a->vx != b->vx;
}

/* Which mandatory-prefix column applies (SDM Vol. 2, 2.1.2): the last of
 * F2/F3 if any, otherwise 66.  VEX/EVEX give it in pp. */
DHOT unsigned prefix_column(const struct vmexit_dstate *d)
{
	const struct vmexit_insn *in = d->in;

	if (in->encoding != VMEXIT_ENC_LEGACY)
		return in->vex_pp;
	return legacy_column(d->rep, in->prefixes & VMEXIT_PFX_66);
}


/* Whether a leaf exists in the instruction's encoding space: legacy and
 * XOP need no F_VONLY, VEX needs F_VEX, EVEX F_EVEX. */
DHOT int encoding_allowed(unsigned encoding, uint32_t fl)
{
	static const uint32_t mask[4] = { F_VONLY, F_VEX, F_EVEX, F_VONLY };
	static const uint32_t need[4] = { 0, F_VEX, F_EVEX, 0 };
	unsigned e = encoding & 3u;

	return (fl & mask[e]) == need[e];
}

/* An undefined legacy 0F opcode still has a ModRM byte on every CPU that
 * fetches it (all of the 0F map but a few rows has one), so its length is
 * known only with it; VEX/EVEX opcodes are rejected at once. */
DHOT int undefined(struct vmexit_dstate *d, uint8_t opcode)
{
	const struct vmexit_insn *in = d->in;

	/* (0F A6 and A7, the 80386's XBTS/IBTS, are counted as well.) */
	if (in->encoding == VMEXIT_ENC_LEGACY && in->map == VMEXIT_MAP_0F &&
	    (vmexit_dt_0f[opcode].kind == DT_PFX0F || opcode == 0xa6 ||
	     opcode == 0xa7)) {
		int rc = read_modrm(d);
		if (rc)
			return rc;
	}
	return VMEXIT_DECODE_UNDEFINED;
}

/* Whether any leaf below e exists in this encoding: a VEX/EVEX opcode
 * without one is rejected before its ModRM byte is fetched.  (Recursive,
 * so out of line: it is given values, not the decoder state.) */
static int any_leaf(unsigned encoding, unsigned pp, const struct vmexit_dt *e,
		    uint8_t opcode, unsigned depth)
{
	const struct vmexit_dt *row;
	unsigned n;

	if (e->kind == DT_LEAF)
		return e->mn != VMEXIT_M_INVALID && encoding_allowed(encoding, e->fl);
	if (depth > 4)
		return 1;
	row = e->kind == DT_PFX0F ? vmexit_dt_0f_pfx[opcode] :
	      vmexit_dt_ext[e->mn < X_EXT_ROWS ? e->mn : 0];
	n = e->kind == DT_PFX0F || e->kind == DT_PFX ? 4 :
	    e->kind == DT_REG || e->kind == DT_RM ? 8 : e->kind == DT_OS ? 3 : 2;
	if (e->kind == DT_PFX0F || e->kind == DT_PFX) {
		/* VEX/EVEX name the column in pp. */
		return any_leaf(encoding, pp, &row[pp], opcode, depth + 1);
	}
	for (unsigned i = 0; i < n; i++)
		if (any_leaf(encoding, pp, &row[i], opcode, depth + 1))
			return 1;
	return 0;
}

/* Follow sub-table references down to the leaf. */
DHOT int resolve(struct vmexit_dstate *d, const struct vmexit_dt *e,
		   uint8_t opcode)
{
	struct vmexit_insn *in = d->in;
	const struct vmexit_dt *root = e;
	int checked = in->encoding == VMEXIT_ENC_LEGACY;
	unsigned col;
	int rc;

	/* Most opcodes are leaves in their map: test for that first. */
	while (e->kind != DT_LEAF) {
		const struct vmexit_dt *row = vmexit_dt_ext[e->mn < X_EXT_ROWS ? e->mn : 0];
		switch (e->kind) {
		case DT_REG:
		case DT_MOD:
		case DT_RM:
			/* A VEX/EVEX/XOP opcode without a leaf in its
			 * encoding is #UD before its ModRM byte is fetched.
			 * Only needed here: a walk that reaches its leaf
			 * without ModRM rejects such an opcode there, with
			 * the same answer and no fetch (undefined()). */
			if (!checked) {
				if (!any_leaf(in->encoding, in->vex_pp, root, opcode, 0))
					return VMEXIT_DECODE_UNDEFINED;
				checked = 1;
			}
			rc = read_modrm(d);
			if (rc)
				return rc;
			col = e->kind == DT_REG ? (in->modrm >> 3) & 7 :
			      e->kind == DT_RM ? in->modrm & 7 : in->mod == 3;
			e = &row[col];
			break;
		case DT_PFX:
		case DT_PFX0F: {
			const struct vmexit_dt *cols =
				e->kind == DT_PFX ? row : vmexit_dt_0f_pfx[opcode];
			col = prefix_column(d);
			/* 66 that selects the form is not an operand-size
			 * override. */
			if (col == 1 && pfx66_selects(cols))
				d->op66 = 0;
			e = &cols[col];
			break;
		}
		case DT_W:
			e = &row[d->rex_w];
			break;
		case DT_M64:
			e = &row[in->mode == 64];
			break;
		case DT_OS:
			col = default_osize(in->mode, d->rex_w, d->op66);
			e = &row[col == 2 ? 0 : col == 4 ? 1 : 2];
			break;
		case DT_AS:
			e = &row[in->asize == 2 ? 0 : in->asize == 4 ? 1 : 2];
			break;
		case DT_VEX:
			e = &row[in->encoding != VMEXIT_ENC_LEGACY];
			break;
		case DT_EVEX:
			e = &row[in->encoding == VMEXIT_ENC_EVEX];
			break;
		default:
			return VMEXIT_DECODE_UNDEFINED;
		}
	}
	if (e->mn == VMEXIT_M_INVALID || (e->fl & F_INV) || !encoding_allowed(in->encoding, e->fl))
		return undefined(d, opcode);
	d->leaf = e;
	return (e->fl & F_MODRM) ? read_modrm(d) : 0;
}

/* XOP maps: flat tables with a few ModRM.reg groups (APM Vol. 3,
 * Appendix A.2 "XOP Opcode Maps"); the operand shapes below decide which
 * use vvvv and which need L = 0 (APM Vol. 4, the instruction pages). */
#define XL(f, ...) { .kind = DT_LEAF, .acc = A_W, .op = { __VA_ARGS__ }, \
		     .fl = F_MODRM | F_VEX | (uint32_t)(f), .vx = VX_OF(f), \
		     DT_ACCESS(A_W, __VA_ARGS__), .osc = DT_OSC(f) }
/* XOP.W swaps the memory operand of VPCMOV, VPPERM and the map-9
 * VPROT/VPSHL/VPSHA; the other vector instructions are W0 (#UD with
 * W = 1); TBM, LWP and BEXTR take W as the operand size. */
static const struct vmexit_dt xop_is4 = XL(F_L0 | F_VW0, Vx, Hx, Wx, Lx);
static const struct vmexit_dt xop_perm = XL(F_L0 | F_IS4W, Vx, Hx, Wx, Lx);
static const struct vmexit_dt xop_cmov = XL(F_IS4W, Vx, Hx, Wx, Lx);
static const struct vmexit_dt xop_cmp = XL(F_L0 | F_VW0, Vx, Hx, Wx, Ib);
static const struct vmexit_dt xop_rot_i = XL(F_L0 | F_VW0, Vx, Wx, Ib);
static const struct vmexit_dt xop_two = XL(F_L0 | F_VW0, Vx, Wx);
static const struct vmexit_dt xop_frcz = XL(F_VW0, Vx, Wx);
/* VFRCZSS xmm, xmm/mem32 and VFRCZSD xmm, xmm/mem64 (APM Vol. 4). */
static const struct vmexit_dt xop_frczss = XL(F_L0 | F_VW0, Vo, Wd);
static const struct vmexit_dt xop_frczsd = XL(F_L0 | F_VW0, Vo, Wq);
static const struct vmexit_dt xop_shift = XL(F_L0 | F_IS4W, Vx, Wx, Hx);
static const struct vmexit_dt xop_tbm = XL(F_L0, By, Ey);
/* LWPINS/LWPVAL and TBM's BEXTR take an id, 4 bytes whatever the operand
 * size (APM Vol. 3, "LWPINS", "LWPVAL": 8F RXB.0A W.vvvv.0.00 12 /0 id;
 * "BEXTR (immediate form)": 8F RXB.0A 0.1111.0.00 10 /r /id). */
static const struct vmexit_dt xop_lwp = XL(F_L0, By, Ed, Id);
static const struct vmexit_dt xop_bextr = XL(F_L0, Gy, Ey, Id);
static const struct vmexit_dt xop_lwpcb = XL(F_L0 | F_REG, Ry);

DHOT const struct vmexit_dt *xop_shape(unsigned m, uint8_t op)
{
	if (m == 0) {
		if (op == 0xa2)
			return &xop_cmov;
		if (op == 0xa3)
			return &xop_perm;
		if (op >= 0xc0 && op <= 0xc3)
			return &xop_rot_i;
		if ((op & 0xf0) == 0xc0 || (op & 0xf0) == 0xe0)
			return &xop_cmp;
		return &xop_is4;
	}
	if (m == 1) {
		if (op == 0x80 || op == 0x81)
			return &xop_frcz;
		if (op == 0x82 || op == 0x83)
			return op == 0x82 ? &xop_frczss : &xop_frczsd;
		if (op >= 0x90 && op <= 0x9b)
			return &xop_shift;
		return &xop_two;
	}
	return &xop_bextr;
}

DHOT int xop(struct vmexit_dstate *d, uint8_t opcode)
{
	static const uint16_t tbm1[8] = {
		0, VMEXIT_M_BLCFILL, VMEXIT_M_BLSFILL, VMEXIT_M_BLCS,
		VMEXIT_M_TZMSK, VMEXIT_M_BLCIC, VMEXIT_M_BLSIC, VMEXIT_M_T1MSKC,
	};
	static const uint16_t tbm2[8] = {
		[1] = VMEXIT_M_BLCMSK, [6] = VMEXIT_M_BLCI,
	};
	static const uint16_t *const maps[3] = {
		vmexit_dt_xop8, vmexit_dt_xop9, vmexit_dt_xopa,
	};
	struct vmexit_insn *in = d->in;
	unsigned m = in->map - VMEXIT_MAP_XOP8;
	uint16_t mn = maps[m][opcode];
	unsigned reg;
	int rc;

	if (!mn)
		return VMEXIT_DECODE_UNDEFINED;
	rc = read_modrm(d);
	if (rc)
		return rc;
	reg = (in->modrm >> 3) & 7;
	d->leaf = xop_shape(m, opcode);
	if (m == 1 && (opcode == 1 || opcode == 2)) {
		mn = opcode == 1 ? tbm1[reg] : tbm2[reg];
		d->leaf = &xop_tbm;
	} else if (opcode == 0x12) {
		if (reg > 1)
			return VMEXIT_DECODE_UNDEFINED;
		static const uint16_t lwp[2][2] = {
			{ VMEXIT_M_LLWPCB, VMEXIT_M_SLWPCB },
			{ VMEXIT_M_LWPINS, VMEXIT_M_LWPVAL },
		};
		mn = lwp[m == 2][reg];
		d->leaf = m == 1 ? &xop_lwpcb : &xop_lwp;
	}
	if (!mn)
		return VMEXIT_DECODE_UNDEFINED;
	in->mnemonic = mn;
	return 0;
}

/* 3DNow! (0F 0F): ModRM, then the suffix byte that names the operation
 * is read where an immediate would be (APM Vol. 3, A.1 "3DNow! Opcodes"). */
static const struct vmexit_dt amd3dnow_leaf = {
	.kind = DT_LEAF, .acc = A_W, .op = { Pq, Qq, Ib }, .fl = F_MODRM,
	DT_ACCESS(A_W, Pq, Qq, Ib), .osc = OSC_DEFAULT
};

/* The one-byte map's entry: 90 is NOP unless REX.B makes it XCHG r8, rAX. */
DHOT const struct vmexit_dt *onebyte_entry(uint8_t b, unsigned rex_b)
{
	return &vmexit_dt_onebyte[b | ((b == 0x90) & rex_b)]; /* (0x91: no branch) */
}

/* Opcode byte(s) and the walk to a leaf. */
DHOT int opcode(struct vmexit_dstate *d)
{
	struct vmexit_insn *in = d->in;
	const struct vmexit_dt *e;
	uint8_t b;
	int rc;

next:
	rc = fetch8(d, &b);
	if (rc)
		return rc;
	switch (in->map) {
	case VMEXIT_MAP_ONEBYTE:
		break;
	case VMEXIT_MAP_0F:
		in->opcode = b;
		if (in->encoding == VMEXIT_ENC_VEX && b == 0x77)
			in->mnemonic = in->vex_l ? VMEXIT_M_VZEROALL : VMEXIT_M_VZEROUPPER;
		return resolve(d, &vmexit_dt_0f[b], b);
	case VMEXIT_MAP_0F38:
		in->opcode = b;
		return resolve(d, &vmexit_dt_0f38[b][prefix_column(d)], b);
	case VMEXIT_MAP_0F3A:
		in->opcode = b;
		return resolve(d, &vmexit_dt_0f3a[b][prefix_column(d)], b);
	case VMEXIT_MAP_EVEX5:
		in->opcode = b;
		return resolve(d, &vmexit_dt_map5[b][prefix_column(d)], b);
	case VMEXIT_MAP_EVEX6:
		in->opcode = b;
		return resolve(d, &vmexit_dt_map6[b][prefix_column(d)], b);
	case VMEXIT_MAP_XOP8: case VMEXIT_MAP_XOP9: case VMEXIT_MAP_XOPA:
		in->opcode = b;
		return xop(d, b);
	default:
		in->opcode = b;
		return VMEXIT_DECODE_UNDEFINED;
	}
	if (b != 0x0f) {
		in->opcode = b;
		return resolve(d, onebyte_entry(b, d->rex_b), b);
	}
	rc = fetch8(d, &b);
	if (rc)
		return rc;
	in->opcode = b;
	if (b == 0x38 || b == 0x3a) {
		in->map = b == 0x38 ? VMEXIT_MAP_0F38 : VMEXIT_MAP_0F3A;
		goto next; /* the opcode byte of that map */
	}
	if (b == 0x0f) {
		in->map = VMEXIT_MAP_3DNOW;
		d->leaf = &amd3dnow_leaf;
		return read_modrm(d);
	}
	in->map = VMEXIT_MAP_0F;
	e = &vmexit_dt_0f[b];
	return resolve(d, e, b);
}

DHOT int has_op(const struct vmexit_dt *l, uint8_t code)
{
	return l->op[0] == code || l->op[1] == code || l->op[2] == code ||
	       l->op[3] == code;
}

/* SDM Vol. 2, 2.3.6 "VEX.vvvv": an instruction without a vvvv operand
 * requires vvvv = 1111b (stored inverted here: 0). */
DHOT int uses_vvvv(const struct vmexit_dt *l)
{
	return has_op(l, Hx) || has_op(l, Ho) || has_op(l, By) || has_op(l, Kv) ||
	       has_op(l, Hk) || has_op(l, Tv);
}

/* W0/W1 in the opcode column of a VEX or XOP form: the other W is #UD
 * (VEX "Exception Type 6"; APM Vol. 4 for XOP). */
DHOT int vex_w_invalid(unsigned vx, unsigned w)
{
	return ((vx & VX_VW) == VX_VW0 && w) || ((vx & VX_VW) == VX_VW1 && !w);
}

/*
 * The prefix fields of a VEX, XOP or EVEX form against its leaf (the vx
 * rules of decode_tables.h), checked as soon as the leaf and ModRM are
 * known, before any displacement or immediate is fetched: the encoding
 * is #UD however many bytes follow.
 */
DHOT int check_vex_fields(const struct vmexit_dstate *d)
{
	const struct vmexit_insn *in = d->in;
	const struct vmexit_dt *l = d->leaf;
	unsigned vx = l->vx, b = vx & VX_B, m = vx & VX_M;
	int mem = in->mod != 3 && !(l->fl & F_NOMOD);

	if ((in->vex_vvvv || d->vvvv8) && !uses_vvvv(l))
		return VMEXIT_DECODE_REGISTER;
	/* There are eight opmask registers (SDM Vol. 1, 15.1.3) and eight
	 * tiles (Vol. 1, 18.2 "Intel AMX"): VEX.R, VEX.B and vvvv[3] cannot
	 * name k8-k15 or tmm8-tmm15 ("#UD Equations for EVEX": ModRM.reg
	 * encodes a k register: #UD if EVEX.R or EVEX.R' is 0; the AMX
	 * exception classes: #UD if a tile register number is above 7). */
	if (((has_op(l, Kv) || has_op(l, Tv)) && in->vex_vvvv > 7) ||
	    ((has_op(l, Kr) || has_op(l, Tr) ||
	      (m == VX_KDST && in->encoding == VMEXIT_ENC_EVEX)) &&
	     (d->rex_r || d->evex_r2)) ||
	    (has_op(l, Tm) && d->rex_b))
		return VMEXIT_DECODE_REGISTER;
	if (in->encoding != VMEXIT_ENC_EVEX)
		return vex_w_invalid(vx, d->rex_w) ? VMEXIT_DECODE_UNDEFINED : 0;
	if (((vx & VX_EW) == VX_EW0 && d->rex_w) ||
	    ((vx & VX_EW) == VX_EW1 && !d->rex_w))
		return VMEXIT_DECODE_UNDEFINED;
	/* EVEX.b: broadcast with memory, {er}/{sae} on register forms,
	 * otherwise #UD.  With {er}/{sae} L'L is the rounding control (or
	 * ignored) and the vector is 512 bits or a scalar, so L'L is not
	 * checked; otherwise 11b is reserved and the 128-bit-only (F_L0)
	 * and 256/512-bit-only (F_L1) forms are checked on L'L whole, the
	 * 512-bit-only ones (F_L2: VINSERTF32X8 ..., AVX512ER) too. */
	if (in->evex_b) {
		if (b == VX_BNONE || b == (mem ? VX_BREG : VX_BMEM))
			return VMEXIT_DECODE_UNDEFINED;
	}
	if (!in->evex_b || mem) {
		uint32_t lw = l->fl & F_L2;
		if (in->evex_ll == 3 || (lw == F_L0 && in->evex_ll) ||
		    (lw == F_L1 && !in->evex_ll) || (lw == F_L2 && in->evex_ll != 2))
			return VMEXIT_DECODE_UNDEFINED;
	}
	/* EVEX gathers and scatters: the mask is the completion mask, so
	 * k0 (aaa = 000b) and zeroing are #UD (SDM Vol. 2, "VPGATHERDD/
	 * VPGATHERDQ", "VPSCATTERDD/...": "#UD if EVEX.aaa = 0" and the
	 * EVEX.z = 0 of their opcode columns). */
	if ((l->fl & F_VSIB) && (!in->evex_aaa || in->evex_z))
		return VMEXIT_DECODE_UNDEFINED;
	/* 2.6.4 "Masking Support in EVEX": zeroing needs a mask (k0 cannot
	 * be a predicate), is not supported with a memory destination nor
	 * for merging-only instructions; some take no mask at all. */
	if (in->evex_z && (!in->evex_aaa || m == VX_MERGE || m == VX_KDST ||
			   (mem && opdesc[l->op[0] < OP_CODES ? l->op[0] : 0].kind == K_RM)))
		return VMEXIT_DECODE_UNDEFINED;
	if (m == VX_NOMASK && (in->evex_aaa || in->evex_z))
		return VMEXIT_DECODE_UNDEFINED;
	/* The complex FP16 multiplies write their destination while still
	 * reading the sources: "#UD if the destination register is the same
	 * as a source register" (SDM Vol. 2, "VFMADDCPH/VFCMADDCPH",
	 * "VFMULCPH/VFCMULCPH" and their SH forms), the whole register
	 * numbers (EVEX.R'/V'/X included). */
	if ((l->fl & F_DSTNE) &&
	    (in->reg == in->vex_vvvv ||
	     (!mem && in->reg == (in->rm | (unsigned)d->rex_x << 4))))
		return VMEXIT_DECODE_REGISTER;
	return 0;
}

/* MPX memory forms #UD with 16-bit addressing, and BNDLDX/BNDSTX/BNDMK
 * also with RIP-relative addressing (SDM Vol. 2, "BNDLDX", "BNDSTX",
 * "BNDMK": "#UD if executed in 64-bit mode with RIP-relative
 * addressing"; Vol. 1, 17.3 "Intel MPX"). */
DHOT int mpx_form_invalid(const struct vmexit_dt *l, unsigned map, unsigned opcode,
			  unsigned modrm, unsigned asize, unsigned mode)
{
	unsigned mod = modrm >> 6;

	if (map != VMEXIT_MAP_0F || (opcode & 0xfe) != 0x1a)
		return 0;
	if (!(has_op(l, Bnd) || has_op(l, Bm)) || mod == 3)
		return 0;
	if (asize == 2)
		return 1;
	return (l->mn == VMEXIT_M_BNDLDX || l->mn == VMEXIT_M_BNDSTX ||
		l->mn == VMEXIT_M_BNDMK) &&
	       mode == 64 && mod == 0 && (modrm & 7) == 5;
}

/* Whether ModRM.mod is one the leaf does not take (F_MEM, F_REG). */
DHOT int mod_invalid(uint32_t fl, unsigned have_modrm, unsigned mod)
{
	if ((fl & F_NOMOD) || !have_modrm)
		return 0;
	return (fl & F_MEM) ? mod == 3 : (fl & F_REG) && mod != 3;
}

/* Whether VEX.L is one the leaf does not take (F_L0, F_L1), but for
 * EVEX, whose L'L check_vex_fields() checks whole. */
DHOT int vex_l_invalid(uint32_t fl, unsigned encoding, unsigned vex_l)
{
	if (!(fl & (F_L0 | F_L1)) || encoding == VMEXIT_ENC_EVEX)
		return 0;
	return (fl & F_L0) ? vex_l : !vex_l;
}

/* Structural checks that need only the leaf and ModRM. */
DHOT int check_form(struct vmexit_dstate *d)
{
	const struct vmexit_insn *in = d->in;
	uint32_t fl = d->leaf->fl;

	/* (The leaf's encoding space was checked when it was found.) */
	if (fl & (in->mode == 64 ? F_I64 : F_O64))
		return VMEXIT_DECODE_MODE;
	if (mpx_form_invalid(d->leaf, in->map, in->opcode, in->modrm, in->asize, in->mode))
		return VMEXIT_DECODE_UNDEFINED;
	/* With a VSIB address EVEX.V' is the high bit of the index
	 * register, not of vvvv (SDM Vol. 2, 2.7.6), which must be 1111b. */
	if (fl & F_VSIB)
		d->in->vex_vvvv &= 15;
	if (in->encoding != VMEXIT_ENC_LEGACY) {
		int rc = check_vex_fields(d);
		if (rc)
			return rc;
	}
	if (vex_l_invalid(fl, in->encoding, in->vex_l) ||
	    mod_invalid(fl, d->have_modrm, in->mod))
		return VMEXIT_DECODE_UNDEFINED;
	/* SDM Vol. 2, 2.3.12 "Vector SIB (VSIB) Memory Addressing": the SIB
	 * byte is mandatory (ModRM.rm = 100b), and 16-bit addressing is not
	 * supported: both #UD.  The AMX tile loads and stores "are required
	 * to use SIB addressing" too ("TILELOADD/TILELOADDT1"). */
	if ((fl & (F_VSIB | F_SIBMEM)) && (in->asize == 2 || (in->modrm & 7) != 4))
		return VMEXIT_DECODE_UNDEFINED;
	return 0;
}

/*
 * A gather writes its destination element by element while it still
 * needs the index and the mask, so the registers must differ: VEX forms
 * "#UD if any pair of the index, mask, or destination registers are the
 * same", EVEX forms "#UD if the destination vector is the same as the
 * index vector" (SDM Vol. 2, "VGATHERDPS/VGATHERQPS", "VPGATHERDD/
 * VPGATHERQD" and the other gather pages).  Scatters and the AVX512PF
 * prefetches have no vector destination.
 */
DHOT int gather_regs_clash(const struct vmexit_dstate *d)
{
	const struct vmexit_insn *in = d->in;
	const struct vmexit_operand *dst = &d->out->op[0];
	unsigned idx;

	if (!(d->leaf->fl & F_VSIB) || dst->kind != VMEXIT_OP_REG)
		return 0;
	idx = d->out->mem[0].index;
	if (dst->reg == idx)
		return 1;
	return has_op(d->leaf, Hk) && (in->vex_vvvv == dst->reg || in->vex_vvvv == idx);
}

/* The AMX dot products: "#UD if srcdest == src1 OR src1 == src2 OR
 * srcdest == src2" (SDM Vol. 2, "TDPBSSD/TDPBSUD/TDPBUSD/TDPBUUD",
 * "TDPBF16PS"). */
DHOT int tile_regs_clash(const struct vmexit_dstate *d)
{
	const struct vmexit_operand *o = d->out->op;

	return has_op(d->leaf, Tv) && d->in->noperands == 3 &&
	       (o[0].reg == o[1].reg || o[1].reg == o[2].reg || o[0].reg == o[2].reg);
}

/* Whether LOCK is not allowed: only on the leaves that take it, with a
 * memory destination. */
DHOT int lock_invalid(uint32_t fl, unsigned mod)
{
	return !(fl & F_LOCK) || mod == 3;
}

/* Whether an operand names a register that does not exist: a bound
 * register above 3 (MPX has four, SDM Vol. 1, 17.3.1), segment register
 * 6 or 7 or a MOV to CS, a control register but CR0, CR2-4 and CR8, a
 * debug register with REX.R.  op[0..n) are the operands. */
DHOT int reg_invalid(unsigned map, unsigned opcode, unsigned modrm, unsigned reg,
		     unsigned rex_r, uint32_t fl, const struct vmexit_operand *op,
		     unsigned n)
{
	unsigned reg3 = (modrm >> 3) & 7;

	/* (The map first: most instructions are in neither opcode set.) */
	if (map == VMEXIT_MAP_ONEBYTE)
		return (opcode | 2) == 0x8e && /* 8C, 8E */
		       (reg3 > 5 || ((fl & F_SREG) && reg3 == 1));
	if (map != VMEXIT_MAP_0F)
		return 0;
	for (unsigned i = 0; (opcode & 0xfe) == 0x1a && i < n && i < VMEXIT_INSN_MAX_OPS; i++)
		if (op[i].kind == VMEXIT_OP_REG && op[i].rclass == VMEXIT_RC_BND &&
		    op[i].reg > 3)
			return 1;
	if ((opcode & 0xfc) == 0x20)
		return (opcode & 1) ? rex_r :
		       reg != 0 && reg != 2 && reg != 3 && reg != 4 && reg != 8;
	return 0;
}

/* Checks on the whole instruction (SDM Vol. 2, 2.1.1 for LOCK; "MOV -
 * Move to/from Control Registers", "MOV - Move" for register numbers). */
DHOT int check_insn(struct vmexit_dstate *d)
{
	struct vmexit_insn *in = d->in;
	const struct vmexit_dt *l = d->leaf;

	if (in->prefixes & VMEXIT_PFX_LOCK) {
		if (lock_invalid(l->fl, in->mod))
			return VMEXIT_DECODE_LOCK;
		in->flags |= VMEXIT_INSN_LOCK;
	}
	if (reg_invalid(in->map, in->opcode, in->modrm, in->reg, d->rex_r, l->fl,
			d->out->op, in->noperands) ||
	    gather_regs_clash(d) || tile_regs_clash(d))
		return VMEXIT_DECODE_REGISTER;
	return 0;
}

DHOT void set_sizes(struct vmexit_dstate *d)
{
	d->in->osize = (uint8_t)leaf_osize(d->leaf, d->in->mode, d->rex_w, d->op66);
}

/* The instruction flags a leaf gives, with the REP prefix (rep: the last
 * of F2/F3, or 0); both decode paths use it. */
DHOT uint32_t leaf_insn_flags(uint32_t fl, unsigned rep)
{
	uint32_t flags;

	_Static_assert(F_STR == VMEXIT_INSN_STRING && F_IO == VMEXIT_INSN_IO &&
		       F_BRANCH == VMEXIT_INSN_BRANCH && F_STACK == VMEXIT_INSN_STACK &&
		       F_EMU == VMEXIT_INSN_EMULATED, "leaf flags copied as insn flags");
	flags = fl & (F_STR | F_IO | F_BRANCH | F_STACK | F_EMU);
	if (fl & F_STR) {
		/* F2 and F3 repeat every string instruction; only CMPS and
		 * SCAS tell REPNE from REPE (SDM Vol. 2, "REP/REPE/REPZ/
		 * REPNE/REPNZ"). */
		if (rep == 0xf2 && (fl & F_REPZ))
			flags |= VMEXIT_INSN_REPNE;
		else if (rep)
			flags |= VMEXIT_INSN_REP;
	}
	return flags;
}

DHOT void set_flags(struct vmexit_dstate *d)
{
	struct vmexit_insn *in = d->in;
	uint32_t fl = d->leaf->fl;

	in->flags |= leaf_insn_flags(fl, d->rep);
	if (in->encoding != VMEXIT_ENC_LEGACY && in->encoding != VMEXIT_ENC_XOP &&
	    !(fl & F_VONLY) && in->mnemonic == d->leaf->mn)
		in->flags |= VMEXIT_INSN_VFORM;
	if (mem_accessed(d->out, in->nmem))
		in->flags |= VMEXIT_INSN_MEM;
}

DHOT int decode(struct vmexit_dstate *d)
{
	struct vmexit_insn *in = d->in;
	uint8_t rex = 0, b;
	int rc;

	rc = prefixes(d, &rex, &b);
	if (rc)
		return rc;
	set_rex(d, rex);
	if (in->seg_prefix)
		d->sego = segment_override(in->seg_prefix, in->mode);
	d->op66 = !!(in->prefixes & VMEXIT_PFX_66);
	in->asize = (uint8_t)addr_size(in->mode, in->prefixes);
	if (vex_like(d, b, &rc)) {
		if (rc)
			return rc;
		d->op66 = 0;
	}
	if (in->encoding != VMEXIT_ENC_LEGACY)
		d->rep = 0;
	if (d->bad_prefix) {
		/* A malformed VEX/EVEX/XOP prefix is reported once the
		 * opcode byte after it has been fetched. */
		rc = fetch8(d, &b);
		return rc ? rc : d->bad_prefix;
	}
	rc = opcode(d);
	if (rc)
		return rc;
	if (!in->mnemonic)
		in->mnemonic = d->leaf->mn;
	rc = check_form(d);
	if (rc)
		return rc;
	set_sizes(d);
	/* EVEX.b on a register form is {er}/{sae}, L'L then the rounding
	 * control, and the vector 512 bits (SDM Vol. 2, Table "EVEX Embedded
	 * Broadcast/Rounding/SAE and Vector Length on Vector Instructions":
	 * "Vector length implied (512 bit or scalar)"). */
	if (in->encoding == VMEXIT_ENC_EVEX && in->evex_b && in->mod == 3)
		d->vecsize = 64;
	rc = operands(d);
	if (rc)
		return rc;
	if ((d->leaf->fl & F_IS4W) && d->rex_w && in->noperands >= 3) {
		/* The operands were read in byte order (ModRM, then vvvv or
		 * is4); with W1 the r/m operand is the last source (APM Vol.
		 * 4, "VFMADDPD", "VPERMIL2PS", "VPPERM", "VPCMOV", "VPSHLB":
		 * VEX/XOP.W selects which source may be memory). */
		unsigned k = in->noperands - 2u;
		struct vmexit_operand t = d->out->op[k];
		d->out->op[k] = d->out->op[k + 1];
		d->out->op[k + 1] = t;
	}
	if (in->map == VMEXIT_MAP_3DNOW) {
		in->opcode = (uint8_t)in->imm;
		in->mnemonic = vmexit_dt_3dnow[in->opcode];
		in->imm_size = 0;
		in->noperands = 2;
		if (!in->mnemonic)
			return VMEXIT_DECODE_UNDEFINED;
	}
	rc = check_insn(d);
	if (rc)
		return rc;
	set_flags(d);
	return 0;
}

#define FAST_NO VMEXIT_DECODE_FAST_NO

/* A function of its own, not inlined and not specialized by the
 * compiler (each is one copy per mode, made here). */
#if defined(__clang__)
#define DSHARED __attribute__((noinline))
#else
#define DSHARED __attribute__((noinline, noclone))
#endif

/*
 * The fast path, by templates (decode_tmpl.h): the opcode, the prefix
 * state and ModRM select a template the general path produced; the bytes
 * fill in its open parts.  FAST_NO where there is no template or the
 * bytes end within the instruction (the general path then decodes
 * them).  force replaces the table's template (vmexit_decode_tmpl()).
 */

/* mem[0] of a template but its segment, base, address size and
 * displacement: by access and width (TMPL_MEM0()), copied whole. */
#define TMPL_MEM0_ROW(a) TMPL_WIDTHS(TMPL_MEM0_OF_##a)
#define TMPL_MEM0_IMG(a, w) \
	{ .index = VMEXIT_DECODE_NOREG, .scale = 1, .access = (a), .width = (w) },
#define TMPL_MEM0_OF_0(w) TMPL_MEM0_IMG(0, w)
#define TMPL_MEM0_OF_1(w) TMPL_MEM0_IMG(1, w)
#define TMPL_MEM0_OF_2(w) TMPL_MEM0_IMG(2, w)
#define TMPL_MEM0_OF_3(w) TMPL_MEM0_IMG(3, w)
static const struct vmexit_mem tmpl_mem0[4 * TMPL_NWIDTHS] = {
	TMPL_MEM0_ROW(0) TMPL_MEM0_ROW(1) TMPL_MEM0_ROW(2) TMPL_MEM0_ROW(3)
};

/* The key's slot (decode_tmpl.h): from the opcode's index entry ix,
 * the prefix state and the byte after the opcode (ModRM if it has one). */
DHOT unsigned tmpl_slot(uint32_t ix, unsigned state, unsigned modrm)
{
	return TIX_FIRST(ix) + ((modrm >> 3) & 7) * TIX_REG_STRIDE(ix) +
	       state * TIX_STATE_STRIDE(ix) + ((modrm >> 6) == 3);
}

/* AH-BH for byte registers 4-7 without REX (reg_op()), in the operands
 * a template fills from ModRM or the opcode. */
static __attribute__((noinline)) void tmpl_byte_regs(struct vmexit_operand *op,
						     const struct vmexit_dtmpl *t)
{
	for (unsigned i = 0; i < 2; i++)
		if (t->src[i] >= TS_REG && t->src[i] <= TS_OPC)
			reg_op(&op[i], op[i].rclass, op[i].reg, op[i].size, op[i].access, 0);
}

/* The memory operands of a string instruction's template. */
static __attribute__((noinline)) void tmpl_strings(struct vmexit_insn *out,
						   const struct vmexit_dtmpl *t,
						   unsigned asize, unsigned sego)
{
	for (unsigned i = 0; i < 2; i++) {
		const struct vmexit_operand *to = &t->op[i];
		if (t->src[i] == TS_STRD)
			put_implicit_mem(out, to->mem & 1, &out->op[i], SEG_ES, RDI, asize,
					 to->size, to->access);
		else if (t->src[i] == TS_STRS)
			put_implicit_mem(out, to->mem & 1, &out->op[i],
					 sego ? sego - 1 : SEG_DS, RSI, asize, to->size,
					 to->access);
	}
}

DHOT int decode_tmpl_after(const uint8_t *bytes, unsigned lim, unsigned mode,
			   struct vmexit_insn *out, struct dpfx p, unsigned pos, unsigned b,
			   const struct vmexit_dtmpl *force, struct vmexit_dtkey *key)
{
	unsigned m64 = mode == 64, map = TM_ONEBYTE, state = 0, modrm;
	/* REX.R, X, B and W as REX has them (VEX's too) */
	unsigned rx = p.rex & 15, vex = 0, asize, sego, regn, rmn;
	uint32_t ix;
	unsigned tn;
	struct vmexit_dtmpl t;
	unsigned regs;

	pos++;
	if (b == 0x0f) {
		if (pos >= lim)
			return FAST_NO;
		b = bytes[pos++];
		map = TM_0F;
	} else if ((b & 0xfe) == 0xc4 && pos < lim && (m64 || (bytes[pos] & 0xc0) == 0xc0)) {
		/* VEX, in the 0F map and without a vvvv operand; none of the
		 * prefixes that make it #UD. */
		unsigned p0 = bytes[pos], p1 = p0;
		struct vexf v;

		if ((p.pfx & (VMEXIT_PFX_66 | VMEXIT_PFX_F2 | VMEXIT_PFX_F3 | VMEXIT_PFX_LOCK)) ||
		    p.rex)
			return FAST_NO;
		if (b == 0xc4) {
			if ((p0 & 0x1f) != VMEXIT_MAP_0F || ++pos >= lim)
				return FAST_NO;
			p1 = bytes[pos];
		} else {
			p0 |= 0x7f;
		}
		if (++pos >= lim)
			return FAST_NO;
		v = vex_fields(b, p0, p1, m64);
		if (v.vvvv)
			return FAST_NO;
		rx = (unsigned)v.w << 3 | (unsigned)v.r << 2 | (unsigned)v.x << 1 | v.b;
		state = v.pp | (unsigned)v.l << 2 | (unsigned)v.w << 3;
		vex = 1;
		map = TM_VEX0F;
		b = bytes[pos++];
	}
	if (!vex) {
		/* The state's rep * 2 + p66 by 66, F2 and F3 (bits 0, 3 and
		 * 4 of VMEXIT_PFX_*); F2 and F3 together (0xff) are not among
		 * the variants the templates are checked with. */
		static const uint8_t rep66[32] = {
			[0] = 0, [1] = 1, [8] = 4, [9] = 5, [16] = 2, [17] = 3,
			[24] = 0xff, [25] = 0xff,
		};
		_Static_assert(VMEXIT_PFX_66 == 1 && VMEXIT_PFX_F2 == 8 && VMEXIT_PFX_F3 == 16,
			       "rep66[] is indexed by these prefix bits");
		unsigned r66 = 0;

		if (p.pfx) {
			r66 = rep66[p.pfx & (VMEXIT_PFX_66 | VMEXIT_PFX_F2 | VMEXIT_PFX_F3)];
			if (r66 == 0xff)
				return FAST_NO;
		}
		/* 90 with REX.B is XCHG r8, rAX, not NOP (onebyte_entry()):
		 * the key has no REX.B, and the templates of 90 are NOP's. */
		if ((rx & 1) && b == 0x90 && map == TM_ONEBYTE)
			return FAST_NO;
		state = m64 ? r66 * 2 + (rx >> 3) : r66;
	}
	/* The byte after the opcode selects by ModRM.mod and .reg where
	 * it is ModRM; the template says whether it is. */
	modrm = pos < lim ? bytes[pos] : 0;
	ix = vmexit_dtmpl_index[m64 ? 2 : mode == 32][map][b];
	tn = force ? 1 : vmexit_dtmpl_slot[tmpl_slot(ix, state, modrm)];
	if (!tn)
		return FAST_NO;
	/* (A copy: the byte stores to *out may alias the table.) */
	t = force ? *force : vmexit_dtmpl[tn];
	if (t.flags & VMEXIT_INSN_MODRM) {
		if (pos >= lim)
			return FAST_NO;
		pos++;
	} else {
		modrm = 0;
	}
	if (key)
		*key = (struct vmexit_dtkey){
			.map = (uint8_t)map, .opcode = (uint8_t)b, .state = (uint8_t)state,
			.mod3 = (modrm >> 6) == 3, .reg = (uint8_t)((modrm >> 3) & 7),
		};
	if ((p.pfx & VMEXIT_PFX_LOCK) && !(t.tf & TF_LOCK))
		return FAST_NO;

	asize = addr_size(mode, p.pfx);
	sego = p.seg ? segment_override(p.seg, mode) : 0;
	regn = ((modrm >> 3) & 7) | (rx & 4) << 1;
	rmn = (modrm & 7) | (rx & 1) << 3;
	out->mode = (uint8_t)mode;
	out->map = map == TM_ONEBYTE ? VMEXIT_MAP_ONEBYTE : VMEXIT_MAP_0F;
	out->opcode = (uint8_t)b;
	out->mnemonic = t.mnemonic;
	out->osize = t.osize;
	out->asize = (uint8_t)asize;
	out->mandatory = t.mandatory;
	out->flags = t.flags | (p.pfx & VMEXIT_PFX_LOCK ? VMEXIT_INSN_LOCK : 0);
	if (p.pfx | p.rex) {
		out->prefixes = (uint8_t)(p.pfx | (p.rex & VMEXIT_PFX_REX));
		out->seg_prefix = (uint8_t)p.seg;
		out->rex = (uint8_t)p.rex;
	}
	if (vex) {
		out->encoding = VMEXIT_ENC_VEX;
		out->vex_w = (uint8_t)(rx >> 3);
		out->vex_l = (uint8_t)((state >> 2) & 1);
		out->vex_pp = (uint8_t)(state & 3);
	}
	if (t.flags & VMEXIT_INSN_MODRM) {
		out->modrm = (uint8_t)modrm;
		out->mod = (uint8_t)(modrm >> 6);
		out->reg = (uint8_t)regn;
		out->rm = (uint8_t)rmn;
	}
	if (t.tf & TF_MEM) {
		unsigned mod = modrm >> 6, rm = modrm & 7;

		if (__builtin_expect(asize != 2 && rm != 4 && (mod != 0 || rm != 5), 1)) {
			/* A base register and a displacement, the common case
			 * of modrm_ea() (which does the rest): the template has
			 * the memory operand's constant part, which saves the
			 * composing of it (20 instructions of about 260). */
			struct vmexit_mem *m = &out->mem[0];
			unsigned base = rm | (rx & 1) << 3, n = DISP_SIZE32(mod);
			int64_t disp = 0;

			if (pos + n > lim)
				return FAST_NO;
			if (n)
				disp = disp_le(bytes + pos, n);
			pos += n;
			*m = tmpl_mem0[t.mem0];
			m->seg = (uint8_t)EA_SEG(sego, base);
			m->base = (uint8_t)base;
			m->asize = (uint8_t)asize;
			m->disp = disp;
			out->disp_size = (uint8_t)n;
			out->disp = disp;
		} else {
			int no_sib;

			if (modrm_ea(bytes, &pos, lim, asize, m64, modrm, rx & 3, 0, out,
				     &out->mem[0], sego, tmpl_mem0[t.mem0].width,
				     tmpl_mem0[t.mem0].access, &no_sib))
				return FAST_NO;
		}
	}
	if (t.imm_size) {
		unsigned n = t.imm_size;
		uint64_t v;

		if (pos + n > lim)
			return FAST_NO;
		v = vmexit_dle(bytes + pos, n);
		pos += n;
		out->imm = (t.tf & TF_SX) ? (uint64_t)sext(v, n) : v;
		out->imm_size = (uint8_t)n;
	}
	/* The operands: the template's, register numbers added from a word
	 * of them (rsh and rmask); both entries written, as those past
	 * noperands are unspecified. */
	regs = regn | rmn << 8 | ((b & 7) | (rx & 1) << 3) << 16;
	t.op[0].reg = (uint8_t)(t.op[0].reg + ((regs >> t.rsh[0]) & t.rmask[0]));
	t.op[1].reg = (uint8_t)(t.op[1].reg + ((regs >> t.rsh[1]) & t.rmask[1]));
	memcpy(out->op, t.op, sizeof(t.op));
	if ((t.tf & TF_BYTE) && !p.rex)
		tmpl_byte_regs(out->op, &t);
	if (t.tf & TF_STR)
		tmpl_strings(out, &t, asize, sego);
	out->length = (uint8_t)pos;
	out->noperands = t.noperands;
	out->nmem = t.nmem;
	return VMEXIT_DONE;
}

/* The general path: every encoding, and the reference for every result
 * (out of line, so that the fast path's function stays small). */
static __attribute__((noinline)) int decode_general(const uint8_t *bytes, size_t len,
						      unsigned mode,
						      struct vmexit_insn *out)
{
	struct vmexit_dstate d;
	struct vmexit_insn fixed; /* only the part before op[] is used */
	int rc;

	/* Operands and memory operands are written whole when used; only
	 * the fixed part is cleared (decode_internal.h says why it is
	 * built in a local). */
	memset(&fixed, 0, offsetof(struct vmexit_insn, op));
	memset(&d, 0, sizeof(d));
	d.bytes = bytes;
	d.vecsize = 16; /* VEX/EVEX change it */
	d.lim = len < VMEXIT_INSN_MAX ? (unsigned)len : VMEXIT_INSN_MAX;
	d.in = &fixed;
	d.out = out;
	fixed.mode = (uint8_t)mode;
	rc = decode(&d);
	fixed.length = (uint8_t)d.pos;
	if (rc) {
		fixed.invalid = (uint8_t)rc;
		fixed.mnemonic = VMEXIT_M_INVALID;
	}
	memcpy(out, &fixed, offsetof(struct vmexit_insn, op));
	if (rc == 0)
		return VMEXIT_DONE;
	return rc == VMEXIT_DECODE_TRUNCATED ? VMEXIT_RETRY : VMEXIT_EXCEPTION;
}

/* The template path (FAST_NO if it declines); force and key as
 * decode_tmpl_after() has them (NULL on the hot path). */
DHOT int decode_tmpl(const uint8_t *bytes, unsigned lim, unsigned mode,
		     struct vmexit_insn *out, const struct vmexit_dtmpl *force,
		     struct vmexit_dtkey *key)
{
	struct dpfx p = { 0, 0, 0, 0 };
	unsigned pos = 0;
	uint8_t b;

	if (key)
		key->map = TM_N;
	memset(out, 0, offsetof(struct vmexit_insn, op));
	if (scan_prefixes(bytes, &pos, lim, mode, &p, &b))
		return FAST_NO;
	/* Copies with fewer prefixes, in which their tests fold away: one
	 * for a one-byte opcode with no prefix at all (most MMIO accesses:
	 * 191 instructions for 89 43 10 instead of 227), one for no legacy
	 * prefix (REX aside). */
	if (__builtin_expect(!p.pfx && !p.rex && b != 0x0f && (b & 0xfe) != 0xc4, 1))
		return decode_tmpl_after(bytes, lim, mode, out, (struct dpfx){ 0, 0, 0, 0 },
					 pos, b, force, key);
	if (__builtin_expect(!p.pfx, 1))
		return decode_tmpl_after(bytes, lim, mode, out, (struct dpfx){ 0, 0, 0, p.rex },
					 pos, b, force, key);
	return decode_tmpl_after(bytes, lim, mode, out, p, pos, b, force, key);
}

/* The template path, then (if general) the general path if it
 * declined. */
DHOT int decode_paths(const uint8_t *bytes, size_t len, unsigned mode,
		      struct vmexit_insn *out, int general)
{
	unsigned lim = len < VMEXIT_INSN_MAX ? (unsigned)len : VMEXIT_INSN_MAX;
	int rc = decode_tmpl(bytes, lim, mode, out, NULL, NULL);

	if (__builtin_expect(rc == VMEXIT_DONE, 1))
		return rc;
	if (!general)
		return FAST_NO;
	return decode_general(bytes, len, mode, out);
}

/* decode_paths() with the mode a constant, one copy per mode: the mode's
 * tests, the address size and the operand-size row fold away.  Each is
 * shared by vmexit_decode() and vmexit_decode_path(): out of line, and
 * not specialized for either. */
#define DECODE_PATHS_IN(m)                                                       \
	static DSHARED int decode_paths##m(const uint8_t *bytes, size_t len,     \
					   struct vmexit_insn *out, int general) \
	{                                                                        \
		return decode_paths(bytes, len, m, out, general);                \
	}
DECODE_PATHS_IN(16)
DECODE_PATHS_IN(32)
DECODE_PATHS_IN(64)

/* The copy of decode_paths() for mode, VMEXIT_ERR_CALLER for no mode
 * (64-bit mode tested first, as the usual one). */
DHOT int decode_mode(const uint8_t *bytes, size_t len, unsigned mode,
		     struct vmexit_insn *out, int general)
{
	if (__builtin_expect(mode == 64, 1))
		return decode_paths64(bytes, len, out, general);
	if (mode == 32)
		return decode_paths32(bytes, len, out, general);
	if (mode == 16)
		return decode_paths16(bytes, len, out, general);
	return VMEXIT_ERR_CALLER;
}

VMEXIT_API int vmexit_decode(const uint8_t *bytes, size_t len,
			     enum vmexit_decode_mode mode,
			     struct vmexit_insn *out)
{
	if (!bytes || !out)
		return VMEXIT_ERR_CALLER;
	return decode_mode(bytes, len, mode, out, 1);
}

int vmexit_decode_path(const uint8_t *bytes, size_t len, unsigned mode,
		       struct vmexit_insn *out, int fast)
{
	return fast ? decode_mode(bytes, len, mode, out, 0) :
		      decode_general(bytes, len, mode, out);
}

int vmexit_decode_tmpl(const uint8_t *bytes, size_t len, unsigned mode,
		       struct vmexit_insn *out, const struct vmexit_dtmpl *t,
		       struct vmexit_dtkey *key)
{
	return decode_tmpl(bytes, len < VMEXIT_INSN_MAX ? (unsigned)len : VMEXIT_INSN_MAX,
			   mode, out, t, key);
}

VMEXIT_API uint8_t vmexit_decode_vector(const struct vmexit_insn *insn)
{
	/* SDM Vol. 2, 2.3.11: over-long instructions raise #GP(0). */
	return insn && insn->invalid == VMEXIT_DECODE_TOO_LONG ? 13 : 6;
}
