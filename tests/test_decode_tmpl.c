/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The decoder's templates (lib/x86/decode_tmpl.h): generates them from
 * the general path and checks that lib/x86/decode_tmpl.c is what it
 * generates.  "test_decode_tmpl --write FILE" writes the file instead
 * (make decode-tmpl).
 *
 * For each key (mode, map, opcode, prefix state, ModRM.mod = 3 or not,
 * ModRM.reg where the opcode's entry is keyed by it) the general path
 * decodes a canonical instruction; the candidate template is read off
 * its result, each register operand's source taken from the register
 * numbers the bytes give.  A candidate is kept only if the template path,
 * given it, gives the general path's result on every variant: every
 * ModRM.reg (unless keyed) and ModRM.rm, memory forms with and without
 * SIB and displacements, REX (VEX) R, X and B, the address-size,
 * segment and LOCK prefixes, two immediate patterns and every truncation
 * -- and declines wherever the general path does not decode.  A key
 * whose candidates all fail has no template: the general path decodes
 * it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <vmexit/vcpu.h>

#include "lib/hex.h"
#include "lib/insn_differs.h"
#include "x86/decode_path.h"
#include "x86/decode_tmpl.h"

/* What an opcode's slots are keyed by, besides ModRM.mod = 3. */
#define TD_MODRM (1u << 0) /* a ModRM byte follows */
#define TD_REG   (1u << 1) /* ModRM.reg */
#define TD_PFX   (1u << 2) /* the prefix state */

#define TMPL_WIDTH_OF(w) w,

#define MAX_TMPL 16384
#define MAX_SLOTS (1u << 20)

/* A key being generated. */
struct key {
	unsigned mode, map, b, state, mod3, reg; /* reg: where dims has TD_REG */
};

struct gen {
	struct vmexit_dtmpl tmpl[MAX_TMPL];
	unsigned ntmpl;
	unsigned hash[2 * MAX_TMPL]; /* template number + 1, open addressing */
	uint16_t slot[MAX_SLOTS];
	unsigned nslots;
	uint32_t index[3][TM_N][256];
	unsigned long variants, keys, kept;
	/* The keys that have a template, and its number. */
	struct kept { struct key k; unsigned dims, tmpl; } kept_key[1u << 16];
};

/* A variant of a key's instruction. */
struct variant {
	unsigned reg, rm;   /* mod3: rm; memory: a form of memforms */
	unsigned rex;       /* R 4, X 2, B 1; 0x40: a REX without them */
	unsigned vex3;      /* VEX: the three-byte form */
	const char *pfx;    /* extra prefix bytes (NUL-terminated) */
	unsigned neg;       /* the negative immediate pattern */
};

/* Memory forms after ModRM.mod/rm, for 32/64-bit and 16-bit addressing:
 * mod | rm, then SIB and displacement bytes. */
static const uint8_t memforms32[][8] = {
	{ 1, 0x00 }, { 1, 0x03 }, { 2, 0x04, 0x24 }, { 2, 0x04, 0xf0 },
	{ 6, 0x04, 0x25, 0x10, 0x20, 0x30, 0x80 }, { 5, 0x05, 0x11, 0x22, 0x33, 0x84 },
	{ 2, 0x46, 0x80 }, { 3, 0x44, 0x8d, 0x7f }, { 5, 0x87, 0x01, 0x02, 0x03, 0x04 },
};
static const uint8_t memforms16[][8] = {
	{ 1, 0x00 }, { 1, 0x04 }, { 3, 0x06, 0x34, 0x92 }, { 2, 0x42, 0x80 },
	{ 3, 0x87, 0x01, 0x80 }, { 2, 0x46, 0x10 },
};
#define NFORMS32 (sizeof(memforms32) / sizeof(memforms32[0]))
#define NFORMS16 (sizeof(memforms16) / sizeof(memforms16[0]))

static unsigned nstates(const struct key *k)
{
	return k->map == TM_VEX0F ? TSTATES_VEX : TSTATES_LEGACY(k->mode == 64);
}

/* The bytes of variant v of key k (with a ModRM byte if modrm); their
 * count. */
static size_t build(const struct key *k, const struct variant *v, int modrm, uint8_t *out)
{
	size_t n = 0;
	unsigned m64 = k->mode == 64, asize;

	for (const char *p = v->pfx; *p; p++)
		out[n++] = (uint8_t)*p;
	asize = m64 ? (strchr(v->pfx, 0x67) ? 4 : 8) :
		(k->mode == 16) != !!strchr(v->pfx, 0x67) ? 2 : 4;
	if (k->map != TM_VEX0F) {
		unsigned rep = m64 ? k->state >> 2 : k->state >> 1;
		unsigned p66 = m64 ? (k->state >> 1) & 1 : k->state & 1;
		unsigned w = m64 ? k->state & 1 : 0;

		if (p66)
			out[n++] = 0x66;
		if (rep)
			out[n++] = rep == 1 ? 0xf3 : 0xf2;
		if (m64 && (w || v->rex))
			out[n++] = (uint8_t)(0x40 | w << 3 | (v->rex & 7));
		if (k->map == TM_0F)
			out[n++] = 0x0f;
	} else {
		unsigned pp = k->state & 3, l = (k->state >> 2) & 1, w = k->state >> 3;
		unsigned rex = m64 ? v->rex & 7 : 0;

		if (w || (rex & 3) || v->vex3) {
			out[n++] = 0xc4;
			out[n++] = (uint8_t)((~rex & 7) << 5 | VMEXIT_MAP_0F);
			out[n++] = (uint8_t)(w << 7 | 0x78 | l << 2 | pp);
		} else {
			out[n++] = 0xc5;
			out[n++] = (uint8_t)((~rex & 4) << 5 | 0x78 | l << 2 | pp);
		}
	}
	out[n++] = (uint8_t)k->b;
	if (modrm) {
		if (k->mod3) {
			out[n++] = (uint8_t)(0xc0 | v->reg << 3 | v->rm);
		} else {
			const uint8_t *f = asize == 2 ? memforms16[v->rm % NFORMS16] :
							memforms32[v->rm % NFORMS32];
			out[n++] = (uint8_t)(f[1] | v->reg << 3);
			memcpy(out + n, f + 2, (size_t)f[0] - 1);
			n += (size_t)f[0] - 1;
		}
	}
	for (unsigned i = 0; i < 8; i++)
		out[n++] = (uint8_t)(v->neg ? 0xf1 + i : 0x01 + i);
	return n;
}

/* Whether the template path, given t, decodes bytes b[0..n) as key k
 * (with t given, it takes t for any key). */
static int takes(const struct key *k, const struct vmexit_dtmpl *t, unsigned dims,
		 const uint8_t *b, size_t n, struct vmexit_insn *y)
{
	struct vmexit_dtkey key;

	return vmexit_decode_tmpl(b, n, k->mode, y, t, &key) == VMEXIT_DONE &&
	       key.map == k->map && key.opcode == k->b && key.state == k->state &&
	       (!(dims & TD_MODRM) || key.mod3 == k->mod3) &&
	       (!(dims & TD_REG) || key.reg == k->reg);
}

/* Whether the template path, given t, agrees with the general path on
 * bytes b (and on every truncation of them): it may decline, but what
 * it decodes as key k is what the general path decodes. */
static int agrees(struct gen *g, const struct key *k, const struct vmexit_dtmpl *t,
		  unsigned dims, const uint8_t *b, size_t n)
{
	struct vmexit_insn x, y;
	int rc = vmexit_decode_path(b, n, k->mode, &x, 0);

	g->variants++;
	if (takes(k, t, dims, b, n, &y) && (rc != VMEXIT_DONE || *decode_insn_differs(&x, &y)))
		return 0;
	if (rc != VMEXIT_DONE)
		return 1;
	for (size_t len = 1; len < x.length; len++)
		if (takes(k, t, dims, b, len, &y))
			return 0;
	return 1;
}

static int agrees_v(struct gen *g, const struct key *k, const struct vmexit_dtmpl *t,
		    unsigned dims, const struct variant *v)
{
	uint8_t b[40];
	size_t n = build(k, v, !!(dims & TD_MODRM), b);

	return agrees(g, k, t, dims, b, n);
}

/* Every variant of key k with template t. */
static int verify(struct gen *g, const struct key *k, const struct vmexit_dtmpl *t,
		  unsigned dims)
{
	static const char *const pfx_legacy[] = {
		"\x67", "\x2e", "\x26", "\x36", "\x3e", "\x64", "\x65", "\x64\x26", "\xf0",
		"\xf0\x65", "\x67\x36",
	};
	static const unsigned rexes[] = { 0x40, 4, 2, 1, 7, 5 };
	unsigned rms = !(dims & TD_MODRM) ? 1 : k->mod3 ? 8 : NFORMS32;
	unsigned reg0 = (dims & TD_REG) ? k->reg : 0;
	unsigned reg1 = (dims & TD_REG) || !(dims & TD_MODRM) ? reg0 : 7;
	struct variant v = { .pfx = "" };

	for (v.reg = reg0; v.reg <= reg1; v.reg++)
		for (v.rm = 0; v.rm < rms; v.rm++)
			if (!agrees_v(g, k, t, dims, &v))
				return 0;
	v.reg = k->reg;
	v.rm = k->mod3 ? 5 : 2;
	for (v.neg = 0; v.neg < 2; v.neg++)
		for (unsigned i = 0; i < sizeof(pfx_legacy) / sizeof(pfx_legacy[0]); i++) {
			v.pfx = pfx_legacy[i];
			if (!agrees_v(g, k, t, dims, &v))
				return 0;
		}
	v.pfx = "";
	v.neg = 0;
	if (k->mode == 64)
		for (unsigned i = 0; i < sizeof(rexes) / sizeof(rexes[0]); i++)
			for (unsigned j = 0; j < 2; j++) {
				v.rex = rexes[i];
				v.reg = j ? reg1 : reg0;
				v.rm = j ? 6 : 4;
				if (!agrees_v(g, k, t, dims, &v))
					return 0;
			}
	if (k->map == TM_VEX0F) {
		v.rex = 0;
		v.vex3 = 1;
		if (!agrees_v(g, k, t, dims, &v))
			return 0;
	}
	return 1;
}

/* The register number a REG operand names (AH-BH as 4-7). */
static unsigned reg_number(const struct vmexit_operand *o)
{
	return o->rclass == VMEXIT_RC_GPR8H ? o->reg + 4u : o->reg;
}

/* The template sources a canonical operand can have; their count. */
static unsigned sources(const struct key *k, const struct variant *v,
			const struct vmexit_insn *x, unsigned i, uint8_t *src)
{
	const struct vmexit_operand *o = &x->op[i];
	unsigned n = 0, r = reg_number(o);

	switch (o->kind) {
	case VMEXIT_OP_REG:
		if ((x->flags & VMEXIT_INSN_MODRM) && r == v->reg) {
			src[n++] = TS_REG;
			src[n++] = TS_REG3;
		}
		if ((x->flags & VMEXIT_INSN_MODRM) && k->mod3 && r == v->rm) {
			src[n++] = TS_RM;
			src[n++] = TS_RM3;
		}
		if (r == (k->b & 7))
			src[n++] = TS_OPC;
		src[n++] = TS_FIXED;
		return n;
	case VMEXIT_OP_MEM: {
		const struct vmexit_mem *m = &x->mem[o->mem & 1];
		if (m->flags || o->mem > 1)
			return 0;
		if (x->flags & VMEXIT_INSN_STRING) {
			if (m->index != VMEXIT_DECODE_NOREG || m->disp)
				return 0;
			src[n++] = m->base == VMEXIT_RDI ? TS_STRD : TS_STRS;
			return m->base == VMEXIT_RDI || m->base == VMEXIT_RSI;
		}
		if (!(x->flags & VMEXIT_INSN_MODRM) || k->mod3 || o->mem != 0)
			return 0;
		src[n++] = TS_MEM;
		return n;
	}
	case VMEXIT_OP_IMM:
	case VMEXIT_OP_REL:
		src[n++] = TS_IMM;
		return n;
	default:
		return 0;
	}
}

/* The template of key k: its number in g->tmpl (0: none). */
static unsigned add_tmpl(struct gen *g, const struct vmexit_dtmpl *t)
{
	uint32_t h = 2166136261u;
	const uint8_t *p = (const uint8_t *)t;

	for (size_t i = 0; i < sizeof(*t); i++)
		h = (h ^ p[i]) * 16777619u;
	for (h %= 2 * MAX_TMPL;; h = (h + 1) % (2 * MAX_TMPL)) {
		unsigned e = g->hash[h];
		if (!e)
			break;
		if (!memcmp(&g->tmpl[e - 1], t, sizeof(*t)))
			return e - 1;
	}
	assert_true(g->ntmpl < MAX_TMPL);
	g->tmpl[g->ntmpl] = *t;
	g->hash[h] = ++g->ntmpl;
	return g->ntmpl - 1;
}

/* The template for key k under index entry dims, or 0. */
static unsigned make_tmpl(struct gen *g, const struct key *k, unsigned dims)
{
	struct variant v = { .reg = k->reg, .rm = 1, .pfx = "", .neg = 1 };
	struct vmexit_insn x, lx;
	struct vmexit_dtmpl t;
	uint8_t b[40], src[2][8];
	unsigned ns[2] = { 1, 1 }, enc = k->map == TM_VEX0F ? VMEXIT_ENC_VEX : VMEXIT_ENC_LEGACY;
	size_t n;

	if (k->mod3 && !(dims & TD_MODRM))
		return 0;
	n = build(k, &v, !!(dims & TD_MODRM), b);
	if (vmexit_decode_path(b, n, k->mode, &x, 0) != VMEXIT_DONE || x.encoding != enc ||
	    !(x.flags & VMEXIT_INSN_MODRM) != !(dims & TD_MODRM) || x.noperands > 2 ||
	    x.imm2_size || x.nmem > 2 || (x.imm_size == 0 && x.imm != 0))
		return 0;
	memset(&t, 0, sizeof(t));
	t.flags = x.flags & ~(VMEXIT_INSN_SIB | VMEXIT_INSN_RIPREL | VMEXIT_INSN_LOCK);
	t.mnemonic = x.mnemonic;
	t.osize = x.osize;
	t.mandatory = x.mandatory;
	t.noperands = x.noperands;
	t.nmem = x.nmem;
	t.imm_size = x.imm_size;
	if (x.imm_size && x.imm_size < 8 && (x.imm >> (8 * x.imm_size)))
		t.tf |= TF_SX;
	/* LOCK: if the general path takes it. */
	if (enc == VMEXIT_ENC_LEGACY) {
		v.pfx = "\xf0";
		n = build(k, &v, !!(dims & TD_MODRM), b);
		if (vmexit_decode_path(b, n, k->mode, &lx, 0) == VMEXIT_DONE)
			t.tf |= TF_LOCK;
		v.pfx = "";
		n = build(k, &v, !!(dims & TD_MODRM), b);
	}
	for (unsigned i = 0; i < x.noperands; i++) {
		ns[i] = sources(k, &v, &x, i, src[i]);
		if (!ns[i])
			return 0;
		if (src[i][0] == TS_MEM) {
			static const uint16_t widths[] = { TMPL_WIDTHS(TMPL_WIDTH_OF) };
			unsigned wi = 0;

			while (wi < TMPL_NWIDTHS && widths[wi] != x.mem[0].width)
				wi++;
			if (wi == TMPL_NWIDTHS || x.mem[0].access > 3)
				return 0; /* (add the width to TMPL_WIDTHS) */
			t.tf |= TF_MEM;
			t.mem0 = (uint8_t)TMPL_MEM0(x.mem[0].access, wi);
		}
	}
	for (unsigned a = 0; a < ns[0]; a++)
		for (unsigned c = 0; c < ns[1]; c++) {
			t.src[0] = x.noperands > 0 ? src[0][a] : 0;
			t.src[1] = x.noperands > 1 ? src[1][c] : 0;
			t.tf &= (uint8_t)~(TF_BYTE | TF_STR);
			for (unsigned i = 0; i < x.noperands; i++) {
				t.op[i] = x.op[i];
				if (t.src[i] >= TS_REG && t.src[i] <= TS_OPC) {
					t.op[i].reg = 0;
					if (t.op[i].rclass == VMEXIT_RC_GPR8H)
						t.op[i].rclass = VMEXIT_RC_GPR;
					if (t.op[i].rclass == VMEXIT_RC_GPR && t.op[i].size == 1)
						t.tf |= TF_BYTE;
				}
				if (t.src[i] == TS_STRD || t.src[i] == TS_STRS)
					t.tf |= TF_STR;
			}
			for (unsigned i = 0; i < 2; i++) {
				static const uint8_t shift[TS_N] = {
					[TS_RM] = 8, [TS_RM3] = 8, [TS_OPC] = 16,
				};
				static const uint8_t mask[TS_N] = {
					[TS_REG] = 15, [TS_REG3] = 7, [TS_RM] = 15,
					[TS_RM3] = 7, [TS_OPC] = 15,
				};
				t.rsh[i] = shift[t.src[i]];
				t.rmask[i] = mask[t.src[i]];
			}
			/* (It must take the canonical bytes: a template that
			 * is never taken, as for a prefix byte, is none.) */
			if (verify(g, k, &t, dims) && takes(k, &t, dims, b, n, &lx))
				return add_tmpl(g, &t);
		}
	return 0;
}

/* Whether the mnemonic of opcode k (state, mod3 as given) depends on
 * ModRM.reg: the opcode's entry is then keyed by it. */
static int reg_selects(const struct key *k)
{
	unsigned mn = ~0u;

	for (unsigned r = 0; r < 8; r++) {
		struct variant v = { .reg = r, .rm = 1, .pfx = "" };
		struct vmexit_insn x;
		uint8_t b[40];
		size_t n = build(k, &v, 1, b);
		unsigned m = vmexit_decode_path(b, n, k->mode, &x, 0) == VMEXIT_DONE ?
			     x.mnemonic : 0xffffu;
		if (mn != ~0u && m != mn)
			return 1;
		mn = m;
	}
	return 0;
}

/* The index entry and slots of opcode b of map in mode. */
static void gen_opcode(struct gen *g, unsigned mode, unsigned map, unsigned b)
{
	struct key k = { .mode = mode, .map = map, .b = b };
	unsigned nst = nstates(&k), dims = TD_PFX, first = g->nslots, count;
	uint16_t slots[8 * 16 * 2];
	int any = 0;

	/* ModRM: if some state's form has one (with ModRM.reg keyed if
	 * it selects the instruction). */
	for (k.state = 0; k.state < nst; k.state++) {
		struct variant v = { .reg = 0, .rm = 1, .pfx = "" };
		struct vmexit_insn x;
		uint8_t bytes[40];
		size_t n;

		for (k.mod3 = 0; k.mod3 < 2; k.mod3++) {
			n = build(&k, &v, 1, bytes);
			if (vmexit_decode_path(bytes, n, mode, &x, 0) == VMEXIT_DONE &&
			    (x.flags & VMEXIT_INSN_MODRM)) {
				dims |= TD_MODRM;
				if (reg_selects(&k))
					dims |= TD_REG;
			}
		}
	}
	count = ((dims & TD_REG) ? 8 : 1) * nst * 2;
	memset(slots, 0, sizeof(slots));
	for (unsigned r = 0; r < ((dims & TD_REG) ? 8u : 1u); r++)
		for (k.state = 0; k.state < nst; k.state++)
			for (k.mod3 = 0; k.mod3 < 2; k.mod3++) {
				unsigned s = (r * nst + k.state) * 2 + k.mod3;
				k.reg = r;
				g->keys++;
				slots[s] = (uint16_t)make_tmpl(g, &k, dims);
				if (!slots[s])
					continue;
				assert_true(g->kept < sizeof(g->kept_key) / sizeof(g->kept_key[0]));
				g->kept_key[g->kept++] = (struct kept){ k, dims, slots[s] };
				any = 1;
			}
	if (!any) {
		g->index[mode == 64 ? 2 : mode == 32][map][b] = 0;
		return;
	}
	/* Without ModRM the byte after the opcode selects nothing: both
	 * slots of a state name the same template. */
	if (!(dims & TD_MODRM))
		for (unsigned s = 0; s < count; s += 2)
			slots[s + 1] = slots[s];
	/* Not keyed by the prefix state where every state has the same. */
	if (!(dims & TD_REG)) {
		int same = 1;
		for (unsigned s = 2; s < count; s++)
			same &= slots[s] == slots[s & 1];
		if (same) {
			dims &= ~TD_PFX;
			count = 2;
		}
	}
	assert_true(g->nslots + count <= MAX_SLOTS);
	memcpy(&g->slot[first], slots, count * sizeof(slots[0]));
	g->nslots += count;
	g->index[mode == 64 ? 2 : mode == 32][map][b] =
		TIX(first, (dims & TD_REG) ? nst * 2 : 0, (dims & TD_PFX) ? 2 : 0);
}

static void generate(struct gen *g)
{
	static const unsigned modes[3] = { 16, 32, 64 };

	memset(g, 0, sizeof(*g));
	g->ntmpl = 1; /* template 0: none */
	g->nslots = 2; /* slots 0 and 1: none, for index entries 0 */
	for (unsigned m = 0; m < 3; m++)
		for (unsigned map = 0; map < TM_N; map++)
			for (unsigned b = 0; b < 256; b++)
				gen_opcode(g, modes[m], map, b);
}

/* The source file of the tables. */
static char *emit(const struct gen *g, size_t *len)
{
	static const char *const tmap[TM_N] = { "TM_ONEBYTE", "TM_0F", "TM_VEX0F" };
	char *buf;
	size_t cap = 64 + (size_t)g->ntmpl * 240 + (size_t)g->nslots * 8 + 3 * TM_N * 256 * 14 +
		     4096, n = 0;

	buf = malloc(cap);
	assert_non_null(buf);
#define OUT(...) (n += (size_t)snprintf(buf + n, cap - n, __VA_ARGS__))
	OUT("/* SPDX-License-Identifier: BSD-2-Clause */\n"
	    "/* Generated by tests/test_decode_tmpl.c (make decode-tmpl): do not edit.\n"
	    " * %u templates, %u slots. */\n"
	    "#include \"decode_tmpl.h\"\n\n", g->ntmpl, g->nslots);
	OUT("const struct vmexit_dtmpl vmexit_dtmpl[%u] = {\n", g->ntmpl);
	for (unsigned i = 0; i < g->ntmpl; i++) {
		const struct vmexit_dtmpl *t = &g->tmpl[i];
		OUT("\t{ 0x%x, %u, %u, 0x%x, %u, %u, %u, %u, { %u, %u }, { %u, %u }, .op = {",
		    t->flags, t->mnemonic, t->osize, t->mandatory, t->noperands, t->nmem,
		    t->imm_size, t->tf, t->src[0], t->src[1], t->rsh[0], t->rsh[1]);
		for (unsigned j = 0; j < 2; j++)
			OUT(" { %u, %u, %u, %u, %u, %u }%s", t->op[j].kind, t->op[j].rclass,
			    t->op[j].reg, t->op[j].mem, t->op[j].access, t->op[j].size,
			    j ? " " : ",");
		OUT("}, { %u, %u }, %u, 0 },\n", t->rmask[0], t->rmask[1], t->mem0);
	}
	OUT("};\n\nconst uint16_t vmexit_dtmpl_slot[%u] = {\n", g->nslots);
	for (unsigned i = 0; i < g->nslots; i++)
		OUT("%s%u,%s", i % 16 ? " " : "\t", g->slot[i], i % 16 == 15 ? "\n" : "");
	OUT("%s};\n\nconst uint32_t vmexit_dtmpl_index[3][TM_N][256] = {\n",
	    g->nslots % 16 ? "\n" : "");
	for (unsigned m = 0; m < 3; m++) {
		OUT("\t{\n");
		for (unsigned map = 0; map < TM_N; map++) {
			OUT("\t\t[%s] = {\n", tmap[map]);
			for (unsigned b = 0; b < 256; b++)
				OUT("%s0x%x,%s", b % 8 ? " " : "\t\t\t", g->index[m][map][b],
				    b % 8 == 7 ? "\n" : "");
			OUT("\t\t},\n");
		}
		OUT("\t},\n");
	}
	OUT("};\n\nconst size_t vmexit_dtmpl_nslots = %u, vmexit_dtmpl_count = %u;\n",
	    g->nslots, g->ntmpl);
#undef OUT
	assert_true(n < cap);
	*len = n;
	return buf;
}

static struct gen gen;

/* lib/x86/decode_tmpl.c is what the general path gives now. */
static void test_tables_current(void **state)
{
	const char *path = "lib/x86/decode_tmpl.c";
	size_t n, m;
	char *want, *have;
	FILE *f;

	(void)state;
	generate(&gen);
	want = emit(&gen, &n);
	printf("templates: %u, slots %u; keys %lu, with a template %lu; %lu variants "
	       "compared\n", gen.ntmpl, gen.nslots, gen.keys, gen.kept, gen.variants);
	f = fopen(path, "rb");
	assert_non_null(f);
	have = malloc(n + 2);
	assert_non_null(have);
	m = fread(have, 1, n + 1, f);
	fclose(f);
	if (m != n || memcmp(have, want, n)) {
		printf("%s is not what the general path gives now: run make decode-tmpl\n", path);
		fail();
	}
	free(have);
	free(want);
	/* The tables select each key's template: its canonical bytes
	 * decode on the template path as with the template given. */
	for (unsigned long i = 0; i < gen.kept; i++) {
		const struct kept *e = &gen.kept_key[i];
		struct variant v = { .reg = e->k.reg, .rm = 1, .pfx = "" };
		struct vmexit_insn x, y;
		struct vmexit_dtkey key;
		uint8_t b[40];
		size_t len = build(&e->k, &v, !!(e->dims & TD_MODRM), b);

		if (vmexit_decode_tmpl(b, len, e->k.mode, &x, &gen.tmpl[e->tmpl], &key) !=
			    VMEXIT_DONE ||
		    vmexit_decode_tmpl(b, len, e->k.mode, &y, NULL, &key) != VMEXIT_DONE) {
			printf("mode %u map %u opcode %02x state %u mod3 %u reg %u: the tables "
			       "select no template\n", e->k.mode, e->k.map, e->k.b, e->k.state,
			       e->k.mod3, e->k.reg);
			fail();
		}
		assert_string_equal(decode_insn_differs(&x, &y), "");
	}
	printf("each of the %lu keys with a template selects it\n", gen.kept);
}

/* The instructions guests aim at MMIO (bench/decode.c's list and their
 * kin) take the fast path: its templates cover them in every mode. */
static void test_mmio_forms_have_templates(void **state)
{
	static const struct { unsigned mode; const char *hex; } forms[] = {
		{ 64, "89 43 10" }, { 64, "8b 4f 20" }, { 64, "0f b6 06" }, { 64, "f3 ab" },
		{ 64, "0f c3 07" }, { 64, "c5 fe 6f 07" }, { 64, "f0 0f b1 0b" },
		{ 64, "48 89 02" }, { 64, "66 89 50 04" }, { 64, "c7 80 00 03 00 00 01 00 00 00" },
		{ 64, "f3 0f 6f 06" }, { 64, "88 07" }, { 64, "44 89 04 24" },
		{ 64, "48 8b 05 10 00 00 00" }, { 64, "66 0f 7f 07" }, { 64, "f3 a4" },
		{ 64, "f0 0f c1 07" }, { 64, "87 07" }, { 32, "89 43 10" }, { 32, "8b 4f 20" },
		{ 32, "66 89 50 04" }, { 32, "f3 ab" }, { 32, "c5 f9 7f 07" }, { 16, "89 47 10" },
		{ 16, "66 89 47 10" }, { 16, "26 88 07" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		uint8_t b[16];
		size_t n = hex_bytes(forms[i].hex, b, sizeof(b));
		struct vmexit_insn x;
		struct vmexit_dtkey key;

		if (vmexit_decode_tmpl(b, n, forms[i].mode, &x, NULL, &key) != VMEXIT_DONE) {
			printf("%u-bit %s: no template\n", forms[i].mode, forms[i].hex);
			fail();
		}
	}
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tables_current),
		cmocka_unit_test(test_mmio_forms_have_templates),
	};

	if (argc == 3 && !strcmp(argv[1], "--write")) {
		size_t n;
		char *s;
		FILE *f;

		generate(&gen);
		s = emit(&gen, &n);
		f = fopen(argv[2], "wb");
		if (!f || fwrite(s, 1, n, f) != n || fclose(f)) {
			fprintf(stderr, "test_decode_tmpl: cannot write %s\n", argv[2]);
			return 2;
		}
		printf("%s: %u templates, %u slots; %lu of %lu keys, %lu variants\n", argv[2],
		       gen.ntmpl, gen.nslots, gen.kept, gen.keys, gen.variants);
		free(s);
		return 0;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
