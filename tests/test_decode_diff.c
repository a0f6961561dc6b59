/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Differential test of the decoder against Zydis and capstone: length and
 * validity of
 *   - real code: every executable and shared library under /usr/bin and
 *     /usr/lib/x86_64-linux-gnu in 64-bit mode (a deterministic share of
 *     each file's functions, all of the libraries named in must_have[]);
 *     32-bit builds of the project's programs (mk/decode.mk) in 32-bit
 *     mode; the real-mode demo guest and the core built with gcc -m16 in
 *     16-bit mode.  Functions start at .symtab/.dynsym symbols and .eh_frame
 *     FDEs and are decoded linearly to their end;
 *   - hand-written 16-bit cases with lengths worked out from the manual;
 *   - random byte strings, a million per mode (and, on request, strings
 *     that start with a VEX, EVEX or XOP escape);
 * and the memory operands of real code against Zydis.  Every string is
 * also decoded on the decoder's fast path and on its general path alone
 * (an internal hook): where the fast path takes a string, its result must
 * be the general path's, field by field.
 *
 * Decision rule, for each byte string: libvmexit (V), Zydis (Z), capstone
 * (C; it cannot tell truncated from invalid).
 *   Z and C agree, V differs     -> libvmexit bug;
 *   Z and C disagree             -> a reviewed entry (decode_exceptions.h)
 *                                   must say which is right per the
 *                                   manual, and V must agree with it;
 *   an entry for both being wrong -> V must give the manual's answer.
 * Nothing else is accepted.  The test prints what it compared and what
 * disagreed per corpus and per reviewed entry, and fails on an entry that
 * no longer hits (only reports it if the entry was seen in real code,
 * which differs from machine to machine).
 *
 * For iteration (make check runs everything):
 *   DDIFF_ONLY=real64,rand32   corpora to run (hand16 real64 real32 real16
 *                              rand64 rand32 rand16 vex64 vex32 vex16)
 *   DDIFF_RANDOM=N             random strings per mode (default 1000000)
 *   DDIFF_VEX=N                also N strings per mode that start with a
 *                              VEX/EVEX/XOP escape (vex64 vex32 vex16): an
 *                              exploration of the vector encodings, not
 *                              part of make check, whose capstone
 *                              disagreements are mostly not reviewed
 *   DDIFF_FILES=a:b            the 64-bit corpus is these files, whole
 *   DDIFF_CAP=BYTES            per-file share of the 64-bit corpus
 *   DDIFF_DUMP=FILE            every failure, one per line
 *   DDIFF_SHOW=N               failures printed per corpus (default 25)
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include <elf.h>

#include <vmexit/decode.h>
#include <vmexit/vcpu.h>

#include "lib/decode_oracle.h"
#include "lib/hex.h"
#include "lib/insn_differs.h"
#include "x86/decode_path.h"
#include "decode_exceptions.h"

/* ---- settings ---- */

static unsigned long random_per_mode = 1000000;
static unsigned long vex_per_mode;  /* DDIFF_VEX: exploration, off in make check */
/* Bytes of functions decoded per file of the 64-bit corpus (the libraries
 * of must_have[] are decoded whole).  Under ASan+UBSan make check runs the
 * test a second time, for memory safety more than for coverage: a
 * smaller share keeps both runs within about a minute on two cores. */
#if defined(__SANITIZE_ADDRESS__)
#define FILE_CAP_DEFAULT (32 * 1024)
#else
#define FILE_CAP_DEFAULT (512 * 1024)
#endif
static unsigned long file_cap = FILE_CAP_DEFAULT;
static unsigned show_max = 25;
static FILE *dump;
static const char *only;

static int selected(const char *name)
{
	const char *p = only;
	size_t n = strlen(name);

	if (!p || !*p)
		return 1;
	while ((p = strstr(p, name)) != NULL) {
		if ((p == only || p[-1] == ',') && (p[n] == 0 || p[n] == ','))
			return 1;
		p += n;
	}
	return 0;
}

/* ---- corpora and their counts ---- */

enum corpus_id {
	C_HAND16, C_REAL64, C_REAL32, C_REAL16, C_RAND64, C_RAND32, C_RAND16,
	C_VEX64, C_VEX32, C_VEX16, NCORPUS
};

static const char *const corpus_name[NCORPUS] = {
	"hand16", "real64", "real32", "real16", "rand64", "rand32", "rand16",
	"vex64", "vex32", "vex16",
};

/* Why a string failed. */
enum fail_kind {
	F_BOTH_AGREE,   /* Z and C agree with each other, V differs: bug */
	F_ALL_DIFFER,   /* V, Z and C all differ: bug */
	F_VS_ENTRY,     /* a reviewed entry applies, V disagrees with the
			   reference it says is right: bug */
	F_TRUNC,        /* V and Z: truncated against invalid, not explained */
	F_ZYDIS_ALONE,  /* V agrees with C, Z differs, no entry */
	F_CS_ALONE,     /* V agrees with Z, C differs, no entry */
	F_MEM,          /* memory operand differs from Zydis's */
	F_FAST,         /* the fast path differs from the general path */
	F_NAME,         /* mnemonic differs from Zydis's */
	F_REGS,         /* register operands differ from Zydis's */
	NFAIL
};

static const char *const fail_name[NFAIL] = {
	"libvmexit differs from both references, which agree",
	"libvmexit, Zydis and capstone all differ",
	"libvmexit differs from the reference a reviewed entry says is right",
	"libvmexit and Zydis: truncated against invalid",
	"Zydis alone differs (libvmexit agrees with capstone): no reviewed entry",
	"capstone alone differs (libvmexit agrees with Zydis): no reviewed entry",
	"memory operand differs from Zydis",
	"the fast path differs from the general path",
	"mnemonic differs from Zydis (no spelling rule or reviewed name)",
	"register operands differ from Zydis's (no reviewed convention)",
};

struct tally {
	unsigned long compared;      /* byte strings */
	unsigned long vz_differ;     /* V and Z differ */
	unsigned long vc_differ;     /* V and C differ */
	unsigned long refs_differ;   /* Z and C differ */
	unsigned long reviewed;      /* explained by an entry */
	unsigned long fast;          /* taken by the fast path */
	unsigned long fail[NFAIL];
	unsigned shown;
	/* real code */
	unsigned long files, files_nofn, files_bad, fns, fns_symtab, fns_dynsym,
		fns_fde, fns_label, skipped, mem_compared;
	unsigned long names_compared, regs_compared;
	uint64_t bytes, code_bytes;
	int ran;
};

static struct tally tallies[NCORPUS];

static unsigned long failures(const struct tally *t)
{
	unsigned long n = 0;

	for (unsigned i = 0; i < NFAIL; i++)
		n += t->fail[i];
	return n;
}

/* ---- an independent reading of the encoding, for the reviewed entries
 * (SDM Vol. 2, 2.1 "Instruction Format", 2.2.1 REX, 2.3.5 VEX, 2.7.1
 * EVEX; APM Vol. 3, 1.8 XOP).  Only what names a class: prefixes, escape,
 * map, opcode, the byte after it. ---- */

struct enc {
	unsigned pfx;
	uint8_t rex;
	uint8_t rep;  /* the last F2 or F3 */
	int esc;
	int map;      /* MAP_*, or the VEX/EVEX/XOP map field; -1 unknown */
	int op;       /* -1 absent */
	int modrm;    /* the byte after the opcode, -1 absent */
	int sib;      /* the byte after ModRM, -1 absent */
	uint8_t pay[3];
	unsigned npay;
};

#define NREVIEWED (sizeof(reviewed) / sizeof(reviewed[0]))
#define NREVIEWED_NAMES (sizeof(reviewed_names) / sizeof(reviewed_names[0]))
#define NREVIEWED_MEM (sizeof(reviewed_mem) / sizeof(reviewed_mem[0]))
#define NREVIEWED_REGS (sizeof(reviewed_regs) / sizeof(reviewed_regs[0]))

/* Zydis's memory operand, where a reviewed_mem entry applies. */
static int zm_sib_nobase(unsigned mode, const struct vmexit_insn *in,
			 const struct oracle_mem *zm)
{
	return mode == 64 && in->asize == 4 && (in->flags & VMEXIT_INSN_SIB) &&
	       in->mod == 0 && (in->sib & 7) == 5 && (in->base & 8) &&
	       in->mem[0].base == VMEXIT_DECODE_NOREG && zm->base == in->base;
}

static int zm_movsxd16(unsigned mode, const struct vmexit_insn *in,
		       const struct oracle_mem *zm)
{
	return mode == 64 && in->mnemonic == VMEXIT_M_MOVSXD && in->osize == 2 &&
	       in->mem[0].width == 2 && zm->width == 4;
}

static int zm_notrack(unsigned mode, const struct vmexit_insn *in,
		      const struct oracle_mem *zm)
{
	unsigned reg = (in->modrm >> 3) & 7;

	return mode != 64 && in->seg_prefix == 0x3e && in->map == VMEXIT_MAP_ONEBYTE &&
	       in->opcode == 0xff && (reg == 2 || reg == 4) &&
	       in->mem[0].seg == VMEXIT_SEG_DS && zm->seg == VMEXIT_SEG_SS &&
	       (in->mem[0].base == VMEXIT_RBP || in->mem[0].base == VMEXIT_RSP);
}

/* LOCK is allowed only on the instructions the manual's LOCK page lists,
 * and only with a memory destination (SDM Vol. 2, "LOCK-Assert LOCK#
 * Signal Prefix"): ADD, ADC, AND, BTC, BTR, BTS, CMPXCHG, CMPXCHG8B/16B,
 * DEC, INC, NEG, NOT, OR, SBB, SUB, XOR, XADD, XCHG.  True if LOCK makes
 * these bytes #UD. */
static int pred_lock_ud(unsigned mode, const struct enc *e)
{
	unsigned op = (unsigned)e->op, reg;

	if (e->esc != ESC_LEGACY || e->op < 0)
		return 0;
	if (e->modrm < 0)
		return 1; /* every lockable form has a ModRM byte */
	if ((e->modrm >> 6) == 3)
		return 1;
	reg = ((unsigned)e->modrm >> 3) & 7;
	if (e->map == MAP_1B) {
		if (op < 0x40 && (op & 7) < 2 && (op & 0x38) != 0x38)
			return 0; /* ADD OR ADC SBB AND SUB XOR Eb,Gb / Ev,Gv */
		if ((op == 0x80 || op == 0x81 || op == 0x83 || (op == 0x82 && mode != 64)) &&
		    reg != 7)
			return 0; /* group 1 but CMP */
		if (op == 0x86 || op == 0x87)
			return 0; /* XCHG */
		if ((op == 0xf6 || op == 0xf7) && (reg == 2 || reg == 3))
			return 0; /* NOT, NEG */
		if ((op == 0xfe || op == 0xff) && reg < 2)
			return 0; /* INC, DEC */
		return 1;
	}
	if (e->map == MAP_0F) {
		if (op == 0xab || op == 0xb3 || op == 0xbb || op == 0xb0 || op == 0xb1 ||
		    op == 0xc0 || op == 0xc1)
			return 0; /* BTS BTR BTC CMPXCHG XADD */
		if (op == 0xba && reg >= 5)
			return 0; /* BTS BTR BTC Ev,Ib */
		if (op == 0xc7 && reg == 1)
			return 0; /* CMPXCHG8B/16B */
		return 1;
	}
	return 1;
}

/* A memory operand with 16-bit addressing (SDM Vol. 2, 2.1.5). */
static int pred_addr16(unsigned mode, const struct enc *e)
{
	return mode != 64 && (mode == 16) != !!(e->pfx & P_67);
}

/* 0F 12/13/16/17: MOVLPD and MOVHPD (66) exist only with memory; F2 0F
 * 13/16/17 and F3 0F 13/17 are empty cells (SDM Vol. 2, Table A-3).  The
 * mandatory prefix is the last F2/F3, else 66 (2.1.2). */
static int pred_66_mem_only_or_f2(unsigned mode, const struct enc *e)
{
	unsigned op = (unsigned)e->op;

	(void)mode;
	if (e->op < 0 || e->modrm < 0)
		return 0;
	if (e->rep == 0xf2)
		return op != 0x12;
	if (e->rep == 0xf3)
		return op == 0x13 || op == 0x17;
	return (e->pfx & P_66) && (e->modrm >> 6) == 3;
}

/* Group 15 register forms /5, /6, /7: LFENCE, MFENCE, SFENCE (SDM Vol. 2,
 * Table A-6). */
static int pred_fence(unsigned mode, const struct enc *e)
{
	(void)mode;
	return e->modrm >= 0 && (e->modrm >> 6) == 3 && ((e->modrm >> 3) & 7) >= 5;
}

/* EVEX maps 5 and 6 (AVX512-FP16). */
static int pred_fp16_map(unsigned mode, const struct enc *e)
{
	(void)mode;
	return e->map == 5 || e->map == 6;
}

/* A VEX or EVEX gather (0F38 90-93, with a SIB byte) whose destination
 * and VSIB index, or (VEX) vvvv mask and either of them, are the same
 * register: #UD (SDM Vol. 2, "VGATHERDPS/VGATHERQPS", "VPGATHERDD/
 * VPGATHERQD" and the other gather pages).  The register numbers are
 * taken from the prefix here, independently of the decoder. */
static int pred_gather_regs(unsigned mode, const struct enc *e)
{
	unsigned m64 = mode == 64, dst, idx, evex = e->esc == ESC_EVEX;

	if (e->op < 0x90 || e->op > 0x93 || e->modrm < 0 || e->sib < 0 ||
	    (e->modrm & 7) != 4 || (e->modrm >> 6) == 3)
		return 0;
	dst = ((unsigned)e->modrm >> 3) & 7;
	idx = ((unsigned)e->sib >> 3) & 7;
	if (m64) {
		dst |= (e->pay[0] & 0x80) ? 0 : 8;
		idx |= (e->pay[0] & 0x40) ? 0 : 8;
		if (evex) {
			dst |= (e->pay[0] & 0x10) ? 0 : 16;
			idx |= (e->pay[2] & 0x08) ? 0 : 16;
		}
	}
	if (dst == idx)
		return 1;
	if (evex)
		return 0;
	unsigned mask = (~(unsigned)e->pay[1] >> 3) & (m64 ? 15 : 7);
	return mask == dst || mask == idx;
}

/* A VSIB memory operand without a SIB byte (ModRM.rm != 100b) or with
 * 16-bit addressing: #UD (SDM Vol. 2, 2.3.12 "Vector SIB (VSIB) Memory
 * Addressing").  The entries give the VSIB opcodes. */
static int pred_vsib_no_sib(unsigned mode, const struct enc *e)
{
	return e->modrm >= 0 && (e->modrm >> 6) != 3 &&
	       ((e->modrm & 7) != 4 || pred_addr16(mode, e));
}

/* A 16-bit operand size: 16-bit code without 66, or 32-bit code with it
 * (SDM Vol. 2, 2.1.2; for XOP, APM Vol. 3, 1.2.2). */
static int pred_osize16(unsigned mode, const struct enc *e)
{
	return mode != 64 && (mode == 16) != !!(e->pfx & P_66);
}

/* Not EVEX.F3.0F 7A or E6 (VCVTUDQ2PD, VCVTDQ2PD: no {er}/{sae}). */
static int pred_not_f3_7a_e6(unsigned mode, const struct enc *e)
{
	(void)mode;
	return !((e->op == 0x7a || e->op == 0xe6) && (e->pay[1] & 3) == 2);
}

/* MOV to/from CRn: only CR0, CR2, CR3, CR4 and (64-bit mode) CR8 exist
 * (SDM Vol. 2, "MOV-Move to/from Control Registers"). */
static int pred_cr_reserved(unsigned mode, const struct enc *e)
{
	unsigned cr;

	if (e->modrm < 0)
		return 0;
	cr = (((unsigned)e->modrm >> 3) & 7) | ((e->pfx & P_REXR) ? 8 : 0);
	(void)mode;
	return cr != 0 && cr != 2 && cr != 3 && cr != 4 && cr != 8;
}

static void enc_read(unsigned mode, const uint8_t *b, size_t n, struct enc *e)
{
	size_t i = 0;
	uint8_t rex = 0;

	memset(e, 0, sizeof(*e));
	e->map = -1;
	e->op = -1;
	e->modrm = -1;
	e->sib = -1;
	for (; i < n; i++) {
		uint8_t x = b[i];
		unsigned p = x == 0x66 ? P_66 : x == 0x67 ? P_67 : x == 0xf2 ? P_F2 :
			     x == 0xf3 ? P_F3 : x == 0xf0 ? P_LOCK :
			     (x == 0x26 || x == 0x2e || x == 0x36 || x == 0x3e ||
			      x == 0x64 || x == 0x65) ? P_SEG : 0;
		if (p) {
			e->pfx |= p;
			if (x == 0xf2 || x == 0xf3)
				e->rep = x;
			rex = 0; /* REX counts only right before the opcode */
			continue;
		}
		if (mode == 64 && (x & 0xf0) == 0x40) {
			rex = x;
			continue;
		}
		break;
	}
	e->rex = rex;
	if (rex)
		e->pfx |= P_REX | ((rex & 8) ? P_REXW : 0) | ((rex & 4) ? P_REXR : 0);
	if (i >= n)
		return;
	uint8_t x = b[i];
	int next = i + 1 < n ? b[i + 1] : -1;
	size_t at;
	if ((x == 0xc4 || x == 0xc5 || x == 0x62) &&
	    (mode == 64 || (next >= 0 && (next & 0xc0) == 0xc0))) {
		e->esc = x == 0x62 ? ESC_EVEX : ESC_VEX;
		if (x == 0xc5) {
			if (next < 0)
				return;
			e->pay[0] = (uint8_t)((next & 0x80) | 0x61);
			e->pay[1] = (uint8_t)(next & 0x7f);
			e->npay = 2;
			at = i + 2;
		} else {
			e->npay = x == 0x62 ? 3 : 2;
			if (i + 1 + e->npay > n)
				return;
			memcpy(e->pay, b + i + 1, e->npay);
			at = i + 1 + e->npay;
		}
		e->map = x == 0x62 ? (e->pay[0] & 7) : (e->pay[0] & 0x1f);
	} else if (x == 0x8f && next >= 0 && (next & 0x1f) >= 8) {
		e->esc = ESC_XOP;
		e->npay = 2;
		if (i + 3 > n)
			return;
		memcpy(e->pay, b + i + 1, 2);
		e->map = e->pay[0] & 0x1f;
		at = i + 3;
	} else {
		e->esc = ESC_LEGACY;
		if (x != 0x0f) {
			e->map = MAP_1B;
			at = i;
		} else if (next == 0x38 || next == 0x3a) {
			e->map = next == 0x38 ? MAP_0F38 : MAP_0F3A;
			at = i + 2;
		} else if (next == 0x0f) {
			e->map = MAP_3DNOW; /* the opcode is the last byte */
			if (i + 2 < n)
				e->modrm = b[i + 2];
			return;
		} else if (next >= 0) {
			e->map = MAP_0F;
			at = i + 1;
		} else {
			return;
		}
	}
	if (at < n)
		e->op = b[at];
	if (at + 1 < n)
		e->modrm = b[at + 1];
	if (at + 2 < n)
		e->sib = b[at + 2];
}

static int in_list(const char *list, unsigned v)
{
	const char *p = list;

	while (*p) {
		char *end;
		unsigned long x = strtoul(p, &end, 16);
		if (end == p)
			break;
		if (x == v)
			return 1;
		p = end;
	}
	return 0;
}

static int rx_match(const struct reviewed *r, unsigned mode, const struct enc *e)
{
	unsigned mbit = mode == 16 ? M16 : mode == 32 ? M32 : M64;

	if (!(r->modes & mbit) || r->esc != e->esc)
		return 0;
	if (r->map != MAP_ANY && r->map != e->map)
		return 0;
	if (r->ops && *r->ops) {
		if (e->op < 0 || !in_list(r->ops, (unsigned)e->op))
			return 0;
	} else if (r->op_mask &&
		   (e->op < 0 || ((unsigned)e->op & r->op_mask) != r->op)) {
		return 0;
	}
	if (r->modrm_mask &&
	    (e->modrm < 0 || ((unsigned)e->modrm & r->modrm_mask) != r->modrm))
		return 0;
	if (r->form && (e->modrm < 0 || ((e->modrm >> 6) == 3) != (r->form == FORM_REG)))
		return 0;
	if ((e->pfx & r->pfx_on) != r->pfx_on || (e->pfx & r->pfx_off))
		return 0;
	if (r->pfx_any && !(e->pfx & r->pfx_any))
		return 0;
	int not_set = 0, not_match = 1;
	for (unsigned i = 0; i < 3; i++) {
		if ((e->pay[i] & r->pay_mask[i]) != r->pay[i])
			return 0;
		not_set |= r->pay_not_mask[i];
		not_match &= (e->pay[i] & r->pay_not_mask[i]) == r->pay_not[i];
	}
	if (not_set && not_match)
		return 0;
	return !r->pred || r->pred(mode, e);
}

/* ---- one byte string against the three decoders ---- */

struct run {
	unsigned mode;
	enum corpus_id corpus;
	struct oracle *o;
	struct tally *t;
};

struct sample {
	const uint8_t *b;
	size_t n;
	const uint8_t *full; /* the same bytes and what really follows */
	size_t full_n;
	struct oracle_result v, z, c;
	struct vmexit_insn in;
};

static void ours(unsigned mode, const uint8_t *b, size_t n, struct vmexit_insn *in,
		 struct oracle_result *r)
{
	int rc = vmexit_decode(b, n, (enum vmexit_decode_mode)mode, in);

	r->length = 0;
	if (rc == VMEXIT_DONE) {
		r->cls = OR_VALID;
		r->length = in->length;
	} else if (rc == VMEXIT_RETRY) {
		r->cls = OR_TRUNCATED;
	} else {
		r->cls = OR_INVALID;
	}
}

/* Exact (three states). */
static int same3(const struct oracle_result *a, const struct oracle_result *b)
{
	return a->cls == b->cls && (a->cls != OR_VALID || a->length == b->length);
}

/* Against capstone: truncated counts as invalid. */
static int same2(const struct oracle_result *a, const struct oracle_result *b)
{
	int x = a->cls == OR_VALID, y = b->cls == OR_VALID;

	return x == y && (!x || a->length == b->length);
}

/* How a differs from the right answer r (two states). */
static unsigned deviation(const struct oracle_result *a, const struct oracle_result *r)
{
	if (a->cls == OR_VALID && r->cls != OR_VALID)
		return RX_ACCEPTS;
	if (a->cls != OR_VALID && r->cls == OR_VALID)
		return RX_REJECTS;
	return RX_LENGTH;
}

static const char *res_str(const struct oracle_result *r, char *buf, size_t size)
{
	if (r->cls == OR_VALID)
		snprintf(buf, size, "len %u", r->length);
	else
		snprintf(buf, size, "%s", r->cls == OR_INVALID ? "invalid" : "truncated");
	return buf;
}

static void record_fail(struct run *r, struct sample *s, enum fail_kind k, const char *note)
{
	char vb[16], zb[16], cb[16], zd[96], cd[96], name[40], hex[64];
	size_t h = 0;

	r->t->fail[k]++;
	if (r->t->shown >= show_max && !dump)
		return;
	for (size_t i = 0; i < s->n && h + 4 < sizeof(hex); i++)
		h += (size_t)snprintf(hex + h, sizeof(hex) - h, "%s%02x", i ? " " : "", s->b[i]);
	oracle_describe(r->o, s->b, s->n, zd, sizeof(zd), cd, sizeof(cd));
	if (s->v.cls == OR_VALID)
		vmexit_insn_name(&s->in, name, sizeof(name));
	else
		snprintf(name, sizeof(name), "why %u", s->in.invalid);
	if (r->t->shown < show_max) {
		r->t->shown++;
		printf("  FAIL %s %u-bit [%s]: %s | libvmexit %s (%s) | zydis %s: %s | "
		       "capstone %s: %s%s%s\n", corpus_name[r->corpus], r->mode,
		       fail_name[k], hex, res_str(&s->v, vb, sizeof(vb)), name,
		       res_str(&s->z, zb, sizeof(zb)), zd, res_str(&s->c, cb, sizeof(cb)),
		       cd, note ? " | " : "", note ? note : "");
	}
	if (dump)
		fprintf(dump, "%s\t%u\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n",
			corpus_name[r->corpus], r->mode, (int)k, hex,
			res_str(&s->v, vb, sizeof(vb)), name,
			res_str(&s->z, zb, sizeof(zb)), zd,
			res_str(&s->c, cb, sizeof(cb)), cd, note ? note : "");
}

/* The truncation-order rule: V and Z differ only as truncated against
 * invalid, and both say invalid given what really follows. */
static int trunc_order(struct run *r, const struct sample *s)
{
	struct oracle_result v, z;
	struct vmexit_insn in;

	if (!((s->v.cls == OR_TRUNCATED && s->z.cls == OR_INVALID) ||
	      (s->v.cls == OR_INVALID && s->z.cls == OR_TRUNCATED)))
		return 0;
	if (s->full_n <= s->n)
		return 0;
	ours(r->mode, s->full, s->full_n, &in, &v);
	oracle_zydis(r->o, s->full, s->full_n, &z);
	return v.cls == OR_INVALID && z.cls == OR_INVALID;
}

static void judge(struct run *r, struct sample *s)
{
	struct tally *t = r->t;
	int vz = same3(&s->v, &s->z), vc = same2(&s->v, &s->c);
	int zc = same2(&s->z, &s->c);
	struct enc e;

	t->compared++;
	if (vz && vc)
		return;
	t->vz_differ += !vz;
	t->vc_differ += !vc;
	t->refs_differ += !zc;
	if (!vz && trunc_order(r, s)) {
		reviewed[0].hits[r->corpus]++;
		if (vc) {
			t->reviewed++;
			return;
		}
		vz = 1;
	}
	enc_read(r->mode, s->b, s->n, &e);
	for (unsigned i = 1; i < NREVIEWED; i++) {
		struct reviewed *x = &reviewed[i];
		if (!rx_match(x, r->mode, &e))
			continue;
		if (x->zydis_isa && (s->z.cls != OR_VALID ||
				     strncmp(oracle_zydis_isa_name(s->z.isa_ext), x->zydis_isa,
					     strlen(x->zydis_isa)) != 0))
			continue;
		if (x->wrong == RX_BOTH) {
			/* The manual's answer is #UD; both references decode it. */
			if (!(x->how & RX_ACCEPTS) || s->z.cls != OR_VALID ||
			    s->c.cls != OR_VALID)
				continue;
			x->hits[r->corpus]++;
			if (s->v.cls == OR_VALID) {
				x->vfail[r->corpus]++;
				record_fail(r, s, F_VS_ENTRY, x->name);
				return;
			}
			t->reviewed++;
			return;
		}
		if (zc)
			continue;
		if (x->wrong == RX_ZYDIS) {
			if (!(deviation(&s->z, &s->c) & x->how))
				continue;
			x->hits[r->corpus]++;
			if (!same2(&s->v, &s->c)) {
				x->vfail[r->corpus]++;
				record_fail(r, s, F_VS_ENTRY, x->name);
				return;
			}
		} else {
			if (!(deviation(&s->c, &s->z) & x->how))
				continue;
			x->hits[r->corpus]++;
			if (!vz) {
				x->vfail[r->corpus]++;
				record_fail(r, s, F_VS_ENTRY, x->name);
				return;
			}
		}
		t->reviewed++;
		return;
	}
	if (zc)
		record_fail(r, s, vc ? F_TRUNC : F_BOTH_AGREE, NULL);
	else if (vz)
		record_fail(r, s, F_CS_ALONE, NULL);
	else if (vc)
		record_fail(r, s, F_ZYDIS_ALONE, NULL);
	else
		record_fail(r, s, F_ALL_DIFFER, NULL);
}

/* ---- the fast path against the general path ---- */

/* Where the fast path takes the string it must give the general path's
 * answer.  Both decode into buffers filled with different garbage, so
 * that a field one path leaves unwritten shows. */
static void fast_vs_general(struct run *r, struct sample *s)
{
	struct vmexit_insn f, g;
	const char *what;
	char note[64];

	memset(&f, 0x5a, sizeof(f));
	memset(&g, 0xa5, sizeof(g));
	if (vmexit_decode_path(s->b, s->n, r->mode, &f, 1) != VMEXIT_DONE)
		return;
	r->t->fast++;
	if (vmexit_decode_path(s->b, s->n, r->mode, &g, 0) != VMEXIT_DONE)
		what = "the general path rejects it";
	else if (!*(what = decode_insn_differs(&f, &g)))
		return;
	snprintf(note, sizeof(note), "fast path: %s", what);
	record_fail(r, s, F_FAST, note);
}

/* ---- mnemonics against Zydis ---- */

/* The condition-code spellings Zydis uses where libvmexit uses the other
 * name of the same condition (SDM Vol. 2, "Jcc", "SETcc", "CMOVcc" list
 * both). */
static const char *const cc_synonym[][2] = {
	{ "e", "z" }, { "ne", "nz" }, { "g", "nle" }, { "ge", "nl" },
	{ "ae", "nb" }, { "a", "nbe" },
};

/* Suffixes Zydis adds for the operand or element size (KUNPCKBW ...),
 * and the REX.W forms of the state saves (XSAVE64, FXSAVE64 ...). */
static const char *const size_suffix[] = { "b", "w", "d", "q", "s", "bw", "wd", "dq", "64" };

/* Whether libvmexit's name v and Zydis's z name the same instruction:
 * the same, or one of the spelling rules: a size or type suffix that
 * libvmexit leaves to the operand size or VEX/EVEX.W (STOSB/STOSD,
 * PUSHFQ, VFMADD132PS/PD, KADDB, KUNPCKBW, VPSLLVD, VGATHERDPS, VPANDD/Q), the far
 * forms CALLF/JMPF/RETF that Zydis calls CALL/JMP/RET, or a
 * condition-code synonym (JE/JZ). */
static int name_spelled(const char *v, const char *z)
{
	size_t lv = strlen(v), lz = strlen(z);

	if (!strcmp(v, z))
		return 1;
	if (lz > lv && !strncmp(v, z, lv))
		for (size_t i = 0; i < sizeof(size_suffix) / sizeof(size_suffix[0]); i++)
			if (!strcmp(z + lv, size_suffix[i]))
				return 1;
	if ((!strcmp(v, "callf") || !strcmp(v, "jmpf") || !strcmp(v, "retf")) &&
	    lz == lv - 1 && !strncmp(v, z, lz))
		return 1;
	for (const char *pre = "j\0set\0cmov\0"; *pre; pre += strlen(pre) + 1) {
		size_t lp = strlen(pre);
		if (strncmp(v, pre, lp) || strncmp(z, pre, lp))
			continue;
		for (size_t i = 0; i < sizeof(cc_synonym) / sizeof(cc_synonym[0]); i++)
			if (!strcmp(v + lp, cc_synonym[i][0]) && !strcmp(z + lp, cc_synonym[i][1]))
				return 1;
	}
	return 0;
}

/* A valid instruction both decode to the same length: the mnemonics
 * must name the same instruction (a spelling rule above, or a reviewed
 * name in decode_exceptions.h). */
static void compare_name(struct run *r, struct sample *s)
{
	char v[64], note[160];
	const char *z;

	if (s->v.cls != OR_VALID || s->z.cls != OR_VALID || s->v.length != s->z.length)
		return;
	r->t->names_compared++;
	vmexit_insn_name(&s->in, v, sizeof(v));
	z = oracle_zydis_mnemonic_name(s->z.mnemonic);
	if (name_spelled(v, z))
		return;
	for (unsigned i = 0; i < NREVIEWED_NAMES; i++) {
		struct reviewed_name *x = &reviewed_names[i];
		if (!strcmp(v, x->ours) && !strcmp(z, x->zydis)) {
			x->hits[r->corpus]++;
			return;
		}
	}
	snprintf(note, sizeof(note), "libvmexit %s, zydis %s", v, z);
	record_fail(r, s, F_NAME, note);
}

/* Whether word is one of the space-separated words of list. */
static int in_words(const char *list, const char *word)
{
	size_t n = strlen(word);

	for (const char *p = list; (p = strstr(p, word)) != NULL; p += n)
		if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == 0))
			return 1;
	return 0;
}

/* The explicit register operands, in order, against Zydis's (x87 stack
 * registers left out: libvmexit names ST(0) where the manual's syntax
 * does, Zydis where its own does), where both decode the bytes alike and
 * no reviewed convention (decode_exceptions.h) names the mnemonic. */
static void compare_regs(struct run *r, struct sample *s)
{
	struct oracle_reg z[8], v[8];
	unsigned nv = 0, nz = 0;
	char name[64], note[200];
	int n;

	if (s->v.cls != OR_VALID || s->z.cls != OR_VALID || s->v.length != s->z.length)
		return;
	vmexit_insn_name(&s->in, name, sizeof(name));
	for (unsigned i = 0; i < NREVIEWED_REGS; i++)
		if (in_words(reviewed_regs[i].ours, name)) {
			reviewed_regs[i].hits[r->corpus]++;
			return;
		}
	n = oracle_zydis_regs(r->o, z, 8);
	if (n < 0)
		return;
	for (int i = 0; i < n; i++)
		if (z[i].rclass != VMEXIT_RC_X87)
			z[nz++] = z[i];
	for (unsigned i = 0; i < s->in.noperands && nv < 8; i++) {
		const struct vmexit_operand *o = &s->in.op[i];
		if (o->kind != VMEXIT_OP_REG || o->rclass == VMEXIT_RC_X87)
			continue;
		v[nv].rclass = o->rclass;
		v[nv].reg = o->reg;
		v[nv].size = o->size;
		nv++;
	}
	r->t->regs_compared++;
	int same = nv == nz;
	for (unsigned i = 0; same && i < nv; i++)
		same = v[i].rclass == z[i].rclass && v[i].reg == z[i].reg && v[i].size == z[i].size;
	if (same)
		return;
	size_t k = (size_t)snprintf(note, sizeof(note), "%s: libvmexit", name);
	for (unsigned i = 0; i < nv && k < sizeof(note) - 20; i++)
		k += (size_t)snprintf(note + k, sizeof(note) - k, " %u:%u/%u", v[i].rclass,
				      v[i].reg, v[i].size);
	k += (size_t)snprintf(note + k, sizeof(note) - k, "; zydis");
	for (unsigned i = 0; i < nz && k < sizeof(note) - 20; i++)
		k += (size_t)snprintf(note + k, sizeof(note) - k, " %u:%u/%u", z[i].rclass,
				      z[i].reg, z[i].size);
	record_fail(r, s, F_REGS, note);
}

static void compare(struct run *r, struct sample *s)
{
	ours(r->mode, s->b, s->n, &s->in, &s->v);
	oracle_zydis(r->o, s->b, s->n, &s->z);
	oracle_capstone(r->o, s->b, s->n, &s->c);
	judge(r, s);
	fast_vs_general(r, s);
	compare_name(r, s);
	compare_regs(r, s);
}

/* ---- memory operands of real code against Zydis ---- */

static void compare_mem(struct run *r, struct sample *s)
{
	const struct vmexit_insn *in = &s->in;
	/* The ModRM operand: MOVDIR64B's ES:[reg] comes first. */
	const struct vmexit_mem *m =
		&in->mem[in->nmem > 1 && (in->mem[0].flags & VMEXIT_MEM_REG_ADDR)];
	struct oracle_mem zm;
	int k;

	if (s->v.cls != OR_VALID || !same3(&s->v, &s->z) || in->nmem == 0 ||
	    (in->flags & VMEXIT_INSN_STRING))
		return;
	k = oracle_zydis_mem(r->o, s->b, s->n, &zm);
	/* Only explicit ModRM/moffs operands Zydis reports as accessed
	 * memory (k == 1); LEA-style address generation is k == 2. */
	if (k != 1)
		return;
	r->t->mem_compared++;
	/* The displacement modulo the address size: an effective address
	 * is truncated to it (SDM Vol. 1, 3.3.7), so a moffs32 read as
	 * 0xdf165de8 or -0x20e9a218 is the same address. */
	uint64_t amask = m->asize >= 8 ? ~0ull : (1ull << (8 * m->asize)) - 1;
	int disp_ok = (((uint64_t)m->disp ^ (uint64_t)zm.disp) & amask) == 0;
	/* EVEX disp8 is kept as encoded (include/vmexit/decode.h); Zydis
	 * gives disp8*N (SDM Vol. 2, 2.7.5 "Compressed Displacement"), N a
	 * power of two up to 64. */
	if (!disp_ok && in->encoding == VMEXIT_ENC_EVEX && in->disp_size == 1)
		for (int64_t nn = 2; nn <= 64 && !disp_ok; nn *= 2)
			disp_ok = m->disp * nn == zm.disp;
	if (m->seg == zm.seg && m->base == zm.base && m->index == zm.index &&
	    m->scale == zm.scale && disp_ok &&
	    (zm.width == 0 || m->width == 0 || m->width == zm.width))
		return;
	for (unsigned i = 0; i < NREVIEWED_MEM; i++)
		if (reviewed_mem[i].pred(r->mode, in, &zm)) {
			reviewed_mem[i].hits[r->corpus]++;
			return;
		}
	char note[160];
	snprintf(note, sizeof(note), "ours seg %u base %u index %u scale %u disp %lld "
		 "width %u; zydis seg %u base %u index %u scale %u disp %lld width %u",
		 m->seg, m->base, m->index, m->scale, (long long)m->disp, m->width,
		 zm.seg, zm.base, zm.index, zm.scale, (long long)zm.disp, zm.width);
	record_fail(r, s, F_MEM, note);
}

/* ---- printing ---- */

static void print_tally(const struct run *r)
{
	const struct tally *t = r->t;

	if (t->files && r->corpus == C_REAL64)
		printf("%s: up to %lu bytes of functions per file, the libraries "
		       "named in must_have[] whole\n", corpus_name[r->corpus], file_cap);
	if (t->files)
		printf("%s: %lu files (%lu without function starts, %lu unusable), "
		       "%lu functions (symtab %lu, dynsym %lu, eh_frame %lu, labels %lu), "
		       "%llu of %llu code bytes, %lu bytes skipped undecodable\n",
		       corpus_name[r->corpus], t->files, t->files_nofn, t->files_bad,
		       t->fns, t->fns_symtab, t->fns_dynsym, t->fns_fde, t->fns_label,
		       (unsigned long long)t->bytes, (unsigned long long)t->code_bytes,
		       t->skipped);
	printf("%s, %u-bit: compared %lu instructions; disagreed: libvmexit/zydis %lu, "
	       "libvmexit/capstone %lu, zydis/capstone %lu; reviewed %lu; failed %lu",
	       corpus_name[r->corpus], r->mode, t->compared, t->vz_differ,
	       t->vc_differ, t->refs_differ, t->reviewed, failures(t));
	if (t->mem_compared)
		printf("; memory operands compared %lu, differ %lu", t->mem_compared,
		       t->fail[F_MEM]);
	printf("; fast path took %lu, differ from the general path %lu", t->fast,
	       t->fail[F_FAST]);
	printf("; mnemonics compared %lu, differ %lu; register operands compared %lu, "
	       "differ %lu", t->names_compared, t->fail[F_NAME], t->regs_compared,
	       t->fail[F_REGS]);
	printf("\n");
	for (unsigned k = 0; k < NFAIL; k++)
		if (t->fail[k])
			printf("  %8lu  %s\n", t->fail[k], fail_name[k]);
	for (unsigned i = 0; i < NREVIEWED; i++)
		if (reviewed[i].hits[r->corpus])
			printf("  reviewed %-40s %8lu (libvmexit wrong in %lu)\n",
			       reviewed[i].name, reviewed[i].hits[r->corpus],
			       reviewed[i].vfail[r->corpus]);
}

static void finish(struct run *r)
{
	r->t->ran = 1;
	print_tally(r);
	oracle_close(r->o);
	r->o = NULL;
	assert_true(r->t->compared > 0);
	assert_int_equal(failures(r->t), 0);
}

static void start(struct run *r, enum corpus_id c, unsigned mode)
{
	r->mode = mode;
	r->corpus = c;
	r->t = &tallies[c];
	r->o = oracle_open(mode);
	assert_non_null(r->o);
}

/* ---- random byte strings ---- */

static uint64_t rng_state;

static uint64_t rng(void)
{
	uint64_t x = rng_state;
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return rng_state = x;
}

/* vex: start with a VEX, EVEX or XOP escape (and, outside 64-bit mode,
 * a next byte that makes it one), after up to two legacy prefixes. */
static void random_mode(enum corpus_id c, unsigned mode, int vex)
{
	static const uint8_t esc[4] = { 0xc4, 0xc5, 0x62, 0x8f };
	static const uint8_t pfx[8] = { 0x66, 0xf2, 0xf3, 0x67, 0x2e, 0x65, 0xf0, 0x48 };
	struct run r;
	struct sample s;
	uint8_t buf[16];

	if (!selected(corpus_name[c]) || (vex && !vex_per_mode))
		skip();
	start(&r, c, mode);
	rng_state = 0x9e3779b97f4a7c15ull ^ ((uint64_t)mode << 32) ^ (uint64_t)vex;
	for (unsigned long i = 0; i < (vex ? vex_per_mode : random_per_mode); i++) {
		uint64_t a = rng(), b = rng(), k = rng();
		memcpy(buf, &a, 8);
		memcpy(buf + 8, &b, 8);
		if (vex) {
			/* One string in eight gets a prefix (mostly #UD). */
			unsigned at = 0;
			if ((k & 7) == 0) {
				buf[at++] = pfx[(k >> 3) & 7];
				if (mode != 64 && buf[0] == 0x48)
					buf[0] = 0x3e;
			}
			buf[at] = esc[(k >> 6) & 3];
			if (buf[at] == 0x8f)
				buf[at + 1] = (uint8_t)((buf[at + 1] & 0xe0) | (8 + ((k >> 8) % 3)));
			else if (mode != 64)
				buf[at + 1] |= 0xc0;
			if (buf[at] == 0x62 && ((k >> 10) & 3))
				/* mostly the defined EVEX shapes */
				buf[at + 1] = (uint8_t)((buf[at + 1] & 0xf0) | (1 + ((k >> 12) % 3))),
				buf[at + 2] |= 4;
		}
		s.b = s.full = buf;
		s.n = 1 + (size_t)(rng() % 15);
		s.full_n = 15;
		compare(&r, &s);
		compare_mem(&r, &s);
	}
	finish(&r);
}

static void test_random_64(void **state) { (void)state; random_mode(C_RAND64, 64, 0); }
static void test_random_32(void **state) { (void)state; random_mode(C_RAND32, 32, 0); }
static void test_random_16(void **state) { (void)state; random_mode(C_RAND16, 16, 0); }
static void test_vex_64(void **state) { (void)state; random_mode(C_VEX64, 64, 1); }
static void test_vex_32(void **state) { (void)state; random_mode(C_VEX32, 32, 1); }
static void test_vex_16(void **state) { (void)state; random_mode(C_VEX16, 16, 1); }

/* ---- real code, decoded linearly from function starts ---- */

static void real_function(struct run *r, const struct elf_obj *f, const struct elf_fn *fn)
{
	const uint8_t *code = f->p + fn->off;
	uint64_t off = 0;
	struct sample s;

	while (off < fn->size) {
		uint64_t left = fn->avail - off;
		s.b = s.full = code + off;
		s.n = s.full_n = left < 15 ? (size_t)left : 15;
		compare(r, &s);
		compare_mem(r, &s);
		/* Follow the references (Zydis, then capstone), so that a
		 * disagreement does not derail the rest of the function; where
		 * nothing decodes the byte, skip it. */
		if (s.z.cls == OR_VALID) {
			off += s.z.length;
		} else if (s.c.cls == OR_VALID) {
			off += s.c.length;
		} else if (s.v.cls == OR_VALID) {
			off += s.v.length;
		} else {
			off++;
			r->t->skipped++;
		}
	}
}

/* Decode the functions of one file: all, or (cap) every k-th function so
 * that about cap bytes spread over the whole file are decoded.  Returns
 * 0, or an ELF_ERR_*. */
static int real_file(struct run *r, const char *path, uint64_t cap, int must)
{
	struct elf_obj f;
	int rc = elf_load(path, &f);
	unsigned want_machine = r->mode == 64 ? EM_X86_64 : EM_386;
	struct tally *t = r->t;

	if (rc) {
		if (must)
			printf("%s: cannot read (%d)\n", path, rc);
		return rc;
	}
	if (f.machine != want_machine || f.is64 != (r->mode == 64) ||
	    (!must && f.type != ET_EXEC && f.type != ET_DYN)) {
		elf_unload(&f);
		if (must)
			printf("%s: not %u-bit x86 code\n", path, r->mode);
		return ELF_ERR_NOELF;
	}
	t->files++;
	t->code_bytes += f.code_bytes;
	if (f.nfn == 0) {
		t->files_nofn++;
		if ((must && f.code_bytes) || t->files_nofn <= 5)
			printf("%s: no function starts (no symbols, no .eh_frame)%s\n",
			       path, must ? "" : ": not decoded");
	}
	size_t step = 1;
	if (cap && f.fn_bytes > cap)
		step = (size_t)((f.fn_bytes + cap - 1) / cap);
	for (size_t i = 0; i < f.nfn; i += step) {
		const struct elf_fn *fn = &f.fn[i];
		t->fns++;
		t->bytes += fn->size;
		t->fns_symtab += !!(fn->from & ELF_FROM_SYMTAB);
		t->fns_dynsym += !!(fn->from & ELF_FROM_DYNSYM);
		t->fns_fde += !!(fn->from & ELF_FROM_FDE);
		t->fns_label += !!(fn->from & ELF_FROM_LABEL);
		real_function(r, &f, fn);
	}
	rc = f.nfn ? 0 : ELF_ERR_BAD;
	elf_unload(&f);
	return rc;
}

/* ---- the 64-bit corpus: the machine's programs and libraries ---- */

struct paths {
	char **v;
	size_t n, max;
};

static void paths_add(struct paths *p, const char *s)
{
	if (p->n == p->max) {
		p->max = p->max ? p->max * 2 : 1024;
		p->v = realloc(p->v, p->max * sizeof(*p->v));
		assert_non_null(p->v);
	}
	p->v[p->n] = strdup(s);
	assert_non_null(p->v[p->n]);
	p->n++;
}

static void paths_free(struct paths *p)
{
	for (size_t i = 0; i < p->n; i++)
		free(p->v[i]);
	free(p->v);
	memset(p, 0, sizeof(*p));
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Regular files under dir, recursively (symbolic links to directories
 * are not followed; links to files are resolved and deduplicated later). */
static void scan(struct paths *p, const char *dir, unsigned depth)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[PATH_MAX];

	if (!d)
		return;
	while ((e = readdir(d)) != NULL) {
		struct stat sb;
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (lstat(path, &sb))
			continue;
		if (S_ISDIR(sb.st_mode)) {
			if (depth < 8)
				scan(p, path, depth + 1);
		} else if (S_ISREG(sb.st_mode) && sb.st_size >= 64) {
			paths_add(p, path);
		}
	}
	closedir(d);
}

/* Libraries decoded whole: libc with its IFUNC variants (the AVX2 and
 * EVEX string functions), the math and C++ libraries, libcrypto's
 * hand-written vector code, zlib, the two references and the dynamic
 * loader. */
static const char *const must_have[] = {
	"/lib/x86_64-linux-gnu/libc.so.6",
	"/lib/x86_64-linux-gnu/libm.so.6",
	"/lib/x86_64-linux-gnu/libstdc++.so.6",
	"/lib/x86_64-linux-gnu/libcrypto.so.3",
	"/lib/x86_64-linux-gnu/libz.so.1",
	"/lib/x86_64-linux-gnu/libcapstone.so.4",
	"/lib/x86_64-linux-gnu/libZydis.so.4.0",
	"/lib64/ld-linux-x86-64.so.2",
};
#define NMUST (sizeof(must_have) / sizeof(must_have[0]))

struct ident {
	dev_t dev;
	ino_t ino;
};

static int seen(struct ident *ids, size_t *n, const struct stat *sb)
{
	for (size_t i = 0; i < *n; i++)
		if (ids[i].dev == sb->st_dev && ids[i].ino == sb->st_ino)
			return 1;
	ids[(*n)++] = (struct ident){ sb->st_dev, sb->st_ino };
	return 0;
}

static void test_real_64(void **state)
{
	struct paths p = { 0 };
	struct ident *ids;
	size_t nids = 0;
	const char *files = getenv("DDIFF_FILES");
	struct run r;
	char real[PATH_MAX];
	unsigned long must_ok = 0;
	(void)state;

	if (!selected("real64"))
		skip();
	start(&r, C_REAL64, 64);
	if (files && *files) {
		char *copy = strdup(files), *save = NULL;
		for (char *tok = strtok_r(copy, ":", &save); tok; tok = strtok_r(NULL, ":", &save))
			paths_add(&p, tok);
		free(copy);
		for (size_t i = 0; i < p.n; i++)
			assert_int_equal(real_file(&r, p.v[i], 0, 1), 0);
		paths_free(&p);
		finish(&r);
		return;
	}
	scan(&p, "/usr/bin", 0);
	scan(&p, "/usr/lib/x86_64-linux-gnu", 0);
	/* /lib is /usr/lib on merged-/usr systems; scanned if it is not. */
	if (realpath("/lib/x86_64-linux-gnu", real) &&
	    strcmp(real, "/usr/lib/x86_64-linux-gnu") != 0)
		scan(&p, "/lib/x86_64-linux-gnu", 0);
	qsort(p.v, p.n, sizeof(*p.v), cmp_str);
	ids = calloc(p.n + NMUST, sizeof(*ids));
	assert_non_null(ids);
	/* The libraries decoded whole come first, and are then not met again. */
	for (size_t i = 0; i < NMUST; i++) {
		struct stat sb;
		if (stat(must_have[i], &sb) != 0) {
			printf("%s: missing\n", must_have[i]);
			continue;
		}
		seen(ids, &nids, &sb);
		if (real_file(&r, must_have[i], 0, 1) == 0)
			must_ok++;
	}
	for (size_t i = 0; i < p.n; i++) {
		struct stat sb;
		if (stat(p.v[i], &sb) || seen(ids, &nids, &sb))
			continue;
		int rc = real_file(&r, p.v[i], file_cap, 0);
		if (rc == ELF_ERR_OPEN || rc == ELF_ERR_BAD)
			r.t->files_bad += rc == ELF_ERR_OPEN;
	}
	free(ids);
	paths_free(&p);
	finish(&r);
	assert_int_equal(must_ok, NMUST);
	assert_true(r.t->files > 500);
	assert_true(r.t->compared > 1000000);
}

/* ---- 32- and 16-bit real code: the project's own, built by
 * mk/decode.mk ---- */

static void real_dir(struct run *r, const char *dir, unsigned *nfiles)
{
	struct paths p = { 0 };

	scan(&p, dir, 0);
	qsort(p.v, p.n, sizeof(*p.v), cmp_str);
	for (size_t i = 0; i < p.n; i++) {
		size_t k = strlen(p.v[i]);
		if (k > 2 && strcmp(p.v[i] + k - 2, ".d") == 0)
			continue;
		if (real_file(r, p.v[i], 0, 1) == 0)
			++*nfiles;
	}
	paths_free(&p);
}

static void need(const char *path, const char *why)
{
	struct stat sb;

	if (stat(path, &sb) != 0)
		printf("%s missing: %s\n", path, why);
	assert_int_equal(stat(path, &sb), 0);
}

static void test_real_32(void **state)
{
	struct run r;
	unsigned core = 0, vec = 0, progs = 0;
	(void)state;

	if (!selected("real32"))
		skip();
	need("build/decode32/core", "make check builds the -m32 core (mk/decode.mk)");
	need("build/decode32/prog/vmexit-mock-demo",
	     "the 32-bit programs need gcc -m32 with a 32-bit libc "
	     "(gcc-multilib; make deps-install)");
	start(&r, C_REAL32, 32);
	real_dir(&r, "build/decode32/core", &core);
	real_dir(&r, "build/decode32/avx512", &vec);
	real_dir(&r, "build/decode32/prog", &progs);
	printf("real32: %u core objects, %u AVX-512 core objects, %u program files\n",
	       core, vec, progs);
	finish(&r);
	assert_true(core > 10 && vec > 10 && progs >= 4);
	assert_true(r.t->compared > 50000);
}

static void test_real_16(void **state)
{
	struct run r;
	unsigned core = 0, guest = 0;
	(void)state;

	if (!selected("real16"))
		skip();
	need("build/decode16/core", "make check builds the -m16 core (mk/decode.mk)");
	need("build/decode16/guest/real.o", "make check assembles examples/guests/real.S");
	start(&r, C_REAL16, 16);
	real_dir(&r, "build/decode16/core", &core);
	real_dir(&r, "build/decode16/guest", &guest);
	printf("real16: %u core objects, %u guest objects\n", core, guest);
	finish(&r);
	assert_true(core > 10 && guest >= 1);
	assert_true(r.t->compared > 20000);
}

/* ---- 16-bit hand-written cases: lengths worked out from SDM Vol. 2,
 * Table 2-1 (16-bit ModRM) and the instruction pages. ---- */

struct hand {
	const char *hex;
	unsigned len; /* 0: invalid */
};

static const struct hand hand16[] = {
	{ "8b 46 fe", 3 },              /* mov ax,[bp-2]: mod 01 disp8 */
	{ "8b 86 34 12", 4 },           /* mov ax,[bp+0x1234]: disp16 */
	{ "8b 06 34 12", 4 },           /* mov ax,[0x1234]: mod 00 rm 110 */
	{ "8b 00", 2 },                 /* mov ax,[bx+si] */
	{ "66 8b 00", 3 },              /* mov eax,[bx+si] */
	{ "67 8b 04 24", 4 },           /* mov ax,[esp]: 32-bit SIB */
	{ "67 8b 05 78 56 34 12", 7 },  /* mov ax,[disp32] */
	{ "67 8b 44 24 08", 5 },        /* mov ax,[esp+8]: SIB + disp8 */
	{ "67 8b 84 24 00 01 00 00", 8 }, /* mov ax,[esp+0x100]: SIB + disp32 */
	{ "b8 34 12", 3 },              /* mov ax,imm16 */
	{ "66 b8 78 56 34 12", 6 },     /* mov eax,imm32 */
	{ "c7 06 00 10 34 12", 6 },     /* mov word [0x1000],imm16 */
	{ "66 c7 06 00 10 78 56 34 12", 9 }, /* mov dword [0x1000],imm32 */
	{ "81 c3 00 01", 4 },           /* add bx,imm16 */
	{ "83 c3 01", 3 },              /* add bx,imm8 */
	{ "69 c0 00 01", 4 },           /* imul ax,ax,imm16 */
	{ "e8 00 00", 3 },              /* call rel16 */
	{ "66 e8 00 00 00 00", 6 },     /* call rel32 */
	{ "e9 00 00", 3 },              /* jmp rel16 */
	{ "0f 84 00 00", 4 },           /* je rel16 */
	{ "66 0f 84 00 00 00 00", 7 },  /* je rel32 */
	{ "ea 00 7c 00 00", 5 },        /* jmp far ptr16:16 */
	{ "66 ea 00 00 01 00 08 00", 8 }, /* jmp far ptr16:32 */
	{ "a1 00 10", 3 },              /* mov ax,[moffs16] */
	{ "67 a1 00 10 00 00", 6 },     /* mov ax,[moffs32] */
	{ "cd 10", 2 },                 /* int 0x10 */
	{ "c8 10 00 01", 4 },           /* enter 16,1 */
	{ "c2 04 00", 3 },              /* ret 4 */
	{ "f3 a4", 2 },                 /* rep movsb */
	{ "26 8a 07", 3 },              /* mov al,es:[bx] */
	{ "0f 01 16 00 10", 5 },        /* lgdt [0x1000] */
	{ "66 0f 01 16 00 10", 6 },     /* lgdt with 32-bit base */
	{ "0f 20 c0", 3 },              /* mov eax,cr0 */
	{ "0f 22 c8", 0 },              /* mov cr1,eax: #UD */
	{ "8e c8", 0 },                 /* mov cs,ax: #UD */
	{ "8e f0", 0 },                 /* mov sreg 6,ax: #UD (reserved) */
	{ "f0 01 c0", 0 },              /* lock add ax,ax: #UD */
	{ "f0 01 00", 3 },              /* lock add [bx+si],ax */
	{ "c4 c0 78 00", 0 },           /* les with a register is VEX; its
					   map 0 is #UD */
	{ "c4 06 00 10", 4 },           /* les ax,[0x1000] */
	{ "c5 06 00 10", 4 },           /* lds ax,[0x1000] */
	{ "62 06 00 10", 4 },           /* bound ax,[0x1000] */
	{ "0f 0b", 2 },                 /* ud2 */
	{ "d9 3e 00 10", 4 },           /* fnstcw [0x1000] */
	{ "8c d8", 2 },                 /* mov ax,ds */
	{ "9a 00 00 00 f0", 5 },        /* call far */
	{ "66 9a 00 00 00 00 00 f0", 8 }, /* call far ptr16:32 */
	{ "e4 60", 2 },                 /* in al,0x60 */
	{ "ef", 1 },                    /* out dx,ax */
	{ "6c", 1 },                    /* insb */
	{ "0f 00 d0", 3 },              /* lldt ax */
	{ "0f b2 16 00 10", 5 },        /* lss dx,[0x1000] */
	{ "0f 01 d8", 3 },              /* vmrun */
	{ "cf", 1 },                    /* iret */
	{ "66 cf", 2 },                 /* iretd */
	{ "60", 1 },                    /* pusha */
	{ "9c", 1 },                    /* pushf */
	{ "68 34 12", 3 },              /* push imm16 */
	{ "66 68 78 56 34 12", 6 },     /* push imm32 */
	{ "6a ff", 2 },                 /* push imm8 */
	{ "d5 0a", 2 },                 /* aad */
	{ "f4", 1 },                    /* hlt */
};


static void test_hand_16(void **state)
{
	struct run r;
	unsigned wrong = 0;
	(void)state;

	if (!selected("hand16"))
		skip();
	start(&r, C_HAND16, 16);
	for (size_t i = 0; i < sizeof(hand16) / sizeof(hand16[0]); i++) {
		uint8_t b[16];
		struct sample s;
		size_t n = hex_bytes(hand16[i].hex, b, sizeof(b));
		s.b = s.full = b;
		s.n = s.full_n = n;
		compare(&r, &s);
		int ok = hand16[i].len ? s.v.cls == OR_VALID && s.v.length == hand16[i].len :
					 s.v.cls == OR_INVALID;
		if (!ok) {
			printf("  hand16 %s: libvmexit class %d length %u, the manual: %s %u\n",
			       hand16[i].hex, s.v.cls, s.v.length,
			       hand16[i].len ? "length" : "invalid", hand16[i].len);
			wrong++;
		}
	}
	finish(&r);
	assert_int_equal(wrong, 0);
}

/* ---- the reviewed list: hits, stale entries ---- */

static void test_reviewed_list(void **state)
{
	int all = 1, vex_all = 1;
	unsigned stale = 0;
	unsigned long compared = 0, failed = 0, names = 0, regs = 0;
	(void)state;

	for (unsigned c = 0; c < NCORPUS; c++) {
		if (c < C_VEX64)
			all &= tallies[c].ran;
		else
			vex_all &= tallies[c].ran;
	}
	printf("reviewed list (%zu entries): hits per entry (libvmexit wrong)\n", NREVIEWED);
	for (unsigned i = 0; i < NREVIEWED; i++) {
		unsigned long sum = 0, bad = 0, fixed = 0, vexhits = 0;
		char per[256];
		size_t k = 0;
		per[0] = 0;
		for (unsigned c = 0; c < NCORPUS; c++) {
			sum += reviewed[i].hits[c];
			bad += reviewed[i].vfail[c];
			if (c < C_VEX64)
				fixed += reviewed[i].hits[c];
			else
				vexhits += reviewed[i].hits[c];
			if (reviewed[i].hits[c] && k + 40 < sizeof(per))
				k += (size_t)snprintf(per + k, sizeof(per) - k, " %s %lu/%lu",
						      corpus_name[c], reviewed[i].hits[c],
						      reviewed[i].vfail[c]);
		}
		printf("  %-36s %8lu (%lu) %-8s %s\n", reviewed[i].name, sum, bad,
		       reviewed[i].wrong == RX_ZYDIS ? "zydis" :
		       reviewed[i].wrong == RX_CAPSTONE ? "capstone" : "both", per);
		if (reviewed[i].seen == RX_SEEN_VEX) {
			if (vex_all && !vexhits) {
				printf("  STALE: %s never hit in the VEX exploration\n",
				       reviewed[i].name);
				stale++;
			}
		} else if (all && !fixed) {
			int hard = reviewed[i].seen == RX_SEEN_RANDOM;
			printf("  %s: %s never hit%s\n", hard ? "STALE" : "stale (code)",
			       reviewed[i].name,
			       hard ? "" : " (seen only in real code; not failed)");
			stale += hard;
		}
	}
	printf("reviewed memory operands (%zu entries): hits\n", NREVIEWED_MEM);
	for (unsigned i = 0; i < NREVIEWED_MEM; i++) {
		unsigned long sum = 0;
		for (unsigned c = 0; c < NCORPUS; c++)
			sum += reviewed_mem[i].hits[c];
		printf("  %-36s %8lu\n", reviewed_mem[i].name, sum);
	}
	printf("reviewed names (%zu entries): hits\n", NREVIEWED_NAMES);
	for (unsigned i = 0; i < NREVIEWED_NAMES; i++) {
		unsigned long sum = 0;
		for (unsigned c = 0; c < NCORPUS; c++)
			sum += reviewed_names[i].hits[c];
		printf("  %-12s zydis %-14s %8lu\n", reviewed_names[i].ours,
		       reviewed_names[i].zydis, sum);
	}
	for (unsigned c = 0; c < NCORPUS; c++) {
		compared += tallies[c].compared;
		failed += failures(&tallies[c]);
		names += tallies[c].names_compared;
		regs += tallies[c].regs_compared;
	}
	printf("in all: compared %lu byte strings, %lu failed; mnemonics compared with "
	       "Zydis's %lu, register operands %lu\n", compared, failed, names, regs);
	for (unsigned c = 0; c < NCORPUS; c++)
		if (tallies[c].ran)
			printf("  %-7s compared %10lu  libvmexit/zydis %7lu  "
			       "libvmexit/capstone %7lu  zydis/capstone %7lu  "
			       "reviewed %7lu  fast path %10lu (differ %lu)  "
			       "failed %7lu\n", corpus_name[c],
			       tallies[c].compared, tallies[c].vz_differ,
			       tallies[c].vc_differ, tallies[c].refs_differ,
			       tallies[c].reviewed, tallies[c].fast,
			       tallies[c].fail[F_FAST], failures(&tallies[c]));
	/* Stale entries count only when every corpus of make check ran. */
	if (!all)
		printf("(not every corpus ran: stale entries not checked)\n");
	assert_int_equal(stale, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hand_16),
		cmocka_unit_test(test_real_64),
		cmocka_unit_test(test_real_32),
		cmocka_unit_test(test_real_16),
		cmocka_unit_test(test_random_64),
		cmocka_unit_test(test_random_32),
		cmocka_unit_test(test_random_16),
		cmocka_unit_test(test_vex_64),
		cmocka_unit_test(test_vex_32),
		cmocka_unit_test(test_vex_16),
		cmocka_unit_test(test_reviewed_list),
	};
	const char *v;

	setvbuf(stdout, NULL, _IOLBF, 0);
	only = getenv("DDIFF_ONLY");
	if ((v = getenv("DDIFF_RANDOM")) && *v)
		random_per_mode = strtoul(v, NULL, 0);
	if ((v = getenv("DDIFF_VEX")) && *v)
		vex_per_mode = strtoul(v, NULL, 0);
	if ((v = getenv("DDIFF_CAP")) && *v)
		file_cap = strtoul(v, NULL, 0);
	if ((v = getenv("DDIFF_SHOW")) && *v)
		show_max = (unsigned)strtoul(v, NULL, 0);
	if ((v = getenv("DDIFF_DUMP")) && *v) {
		dump = fopen(v, "w");
		if (!dump)
			fprintf(stderr, "DDIFF_DUMP %s: %s\n", v, strerror(errno));
	}
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	if (dump)
		fclose(dump);
	return rc;
}
