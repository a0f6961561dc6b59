/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The SSE and AVX data moves guests aim at MMIO, and the cache-line
 * flushes.  Vector registers come from the vCPU's VREGS group.  The
 * checks follow SDM Vol. 2 "Exception Conditions for SIMD/AVX
 * Instructions" (legacy SSE: CR0.EM or !CR4.OSFXSR is #UD, CR0.TS is
 * #NM; VEX: !CR4.OSXSAVE or XCR0 without SSE and AVX state is #UD, then
 * CR0.TS is #NM), then the alignment the instruction demands of the
 * linear address (#GP(0)).
 */
#include "libc.h"

#include "x86/emulate_internal.h"

#define XCR0_SSE (1ull << 1)
#define XCR0_AVX (1ull << 2)
#define XCR0_AVX512 (7ull << 5) /* opmask, ZMM_Hi256, Hi16_ZMM */

/* arg bits */
#define V_ALIGNED 0x01 /* #GP(0) unless aligned to the vector size */
#define V_STORE 0x02   /* register to memory */
#define V_GPR32 0x04   /* MOVD/MOVQ between xmm and r/m32 or r/m64 */
#define V_Q64 0x08     /* 64 bits: MOVQ, MOVSD, MOVLPS... */
#define V_D32 0x10     /* 32 bits: MOVSS */
#define V_HALF 0x20    /* MOVLPS, MOVHPS...: a load keeps the other
			* quadword (legacy) or takes it from vvvv (VEX) */
#define V_HIGH 0x40    /* the high quadword (MOVHPS, MOVHPD) */
#define V_BW 0x80      /* masked by bytes (EVEX.W0) or words (W1):
			* VMOVDQU8/16; other masked forms by doublewords
			* (W0) or quadwords (W1) */

/* A fault without an error code (#NM, #MF). */
static int raise_plain(struct vmexit_vcpu *v, uint8_t vector)
{
	struct vmexit_fault f = { .vector = vector };

	return vmexit_raise(v, &f);
}

/* The XCR0 bits a VEX or EVEX form needs enabled: SSE and AVX state,
 * and for EVEX the three AVX-512 components ("Exception Conditions for
 * Intel AVX-512 Instructions": #UD unless XCR0[7:5] = 111b and
 * XCR0[2:1] = 11b). */
static uint64_t xcr0_needed(const struct emul *e)
{
	return XCR0_SSE | XCR0_AVX | (e->i.evex ? XCR0_AVX512 : 0);
}

/* The guest's CPUID is not checked: an EVEX form the processor ran up to
 * its memory access (the exit) is one it has. */
static int check_simd(struct emul *e)
{
	const struct vmexit_sregs *s = &e->v->sregs;
	int rc;

	if (e->i.vex || e->i.evex) {
		/* (EVEX.L'L = 11b is reserved: the decoder makes it #UD, and
		 * so does this for an instruction a caller built.) */
		if (e->mc.mode == VMEXIT_MODE_REAL || e->mc.mode == VMEXIT_MODE_VM86 ||
		    !(s->cr4 & VMEXIT_CR4_OSXSAVE) || (e->i.evex && e->i.evex_ll > 2))
			return vmexit_raise_ud(e->v);
		rc = vmexit_vcpu_fetch(e->v, VMEXIT_G_VREGS);
		if (rc != VMEXIT_DONE)
			return rc;
		if ((e->v->vregs.xcr0 & xcr0_needed(e)) != xcr0_needed(e))
			return vmexit_raise_ud(e->v);
	} else if ((s->cr0 & VMEXIT_CR0_EM) || !(s->cr4 & VMEXIT_CR4_OSFXSR)) {
		return vmexit_raise_ud(e->v);
	}
	if (s->cr0 & VMEXIT_CR0_TS)
		return raise_plain(e->v, VMEXIT_EXC_NM);
	return vmexit_vcpu_fetch(e->v, VMEXIT_G_VREGS);
}

/* Bytes moved: the vector length, or 4/8 for MOVD/MOVQ and the scalar
 * and half-register moves. */
static unsigned width(const struct emul *e, unsigned arg)
{
	if (arg & V_GPR32)
		return e->i.rex_w ? 8 : 4;
	if (arg & V_Q64)
		return 8;
	if (arg & V_D32)
		return 4;
	if (e->i.evex) /* (L'L = 3 is #UD: check_simd()) */
		return e->i.evex_ll >= 2 ? 64 : 16u << e->i.evex_ll;
	return e->i.vex_l ? 32 : 16;
}

/* The bytes of a w-byte operand an EVEX opmask selects (bit n: byte n):
 * element j is active if bit j of k[aaa] is set; all bytes without a
 * mask (aaa = 0, "Opmask Register to Predicate Vector Computation" in
 * SDM Vol. 1).  es: the element size in bytes. */
static uint64_t active_bytes(const struct emul *e, unsigned es, unsigned w)
{
	uint64_t k, bytes = 0;

	if (!e->i.evex || !e->i.evex_aaa)
		return w >= 64 ? ~0ull : (1ull << w) - 1;
	k = e->v->vregs.k[e->i.evex_aaa & 7];
	for (unsigned j = 0; j * es < w; j++)
		if ((k >> j) & 1)
			bytes |= (es >= 64 ? ~0ull : (1ull << es) - 1) << (j * es);
	return bytes;
}

/* The memory operand, masked or not: faults of masked-off elements
 * suppressed, the alignment checked only if an element is active. */
static int vmem(struct emul *e, unsigned arg, uint8_t *buf, unsigned w, uint64_t bytes)
{
	bool store = arg & V_STORE;
	uint64_t all = w >= 64 ? ~0ull : (1ull << w) - 1;
	int rc;

	if (bytes != all)
		return emul_mem_masked(e, e->i.seg, emul_ea(e), buf, w, bytes, store,
				       (arg & V_ALIGNED) ? w : 0);
	if (arg & V_ALIGNED) {
		rc = emul_check_aligned(e, w, store, w);
		if (rc != VMEXIT_DONE)
			return rc;
	}
	return emul_mem(e, e->i.seg, emul_ea(e), buf, w, store);
}

static int h_vmove(struct emul *e, const struct emul_op *op)
{
	unsigned w = width(e, op->arg), reg = e->i.reg & (e->i.evex ? 31 : 15);
	unsigned at = (op->arg & V_HIGH) ? 8 : 0; /* the bytes of xmm moved */
	uint8_t zmm[64], buf[64] = { 0 };
	uint64_t bytes;
	int rc = check_simd(e);

	if (rc != VMEXIT_DONE)
		return rc;
	emul_zmm_get(&e->v->vregs, reg, zmm);
	bytes = active_bytes(e, (op->arg & V_BW) ? 1u << e->i.rex_w : 4u << e->i.rex_w, w);
	if (op->arg & V_STORE) {
		if (op->arg & V_GPR32) {
			uint64_t v = 0;
			memcpy(&v, zmm, w);
			return emul_rm_write(e, w, v);
		}
		return vmem(e, op->arg, zmm + at, w, bytes);
	}
	if (op->arg & V_GPR32) {
		uint64_t v;
		rc = emul_rm_read(e, w, &v);
		memcpy(buf, &v, w);
	} else {
		rc = vmem(e, op->arg, buf, w, bytes);
	}
	if (rc != VMEXIT_DONE)
		return rc;
	/* Loads: MOVD/MOVQ/MOVSS/MOVSD zero the rest of the XMM register;
	 * VEX and EVEX forms zero everything above the vector length, up to
	 * bit 511 ("DEST[MAXVL-1:VL] <- 0"); legacy SSE loads leave bits
	 * MAXVL-1:128 alone ("SIMD Floating-Point... VEX.128 encoded").
	 * MOVLPS/MOVLPD/MOVHPS/MOVHPD keep the other quadword; their VEX and
	 * EVEX forms take it from the vvvv register ("MOVLPS", "MOVHPS":
	 * DEST[127:64] <- SRC1[127:64], or DEST[63:0] <- SRC1[63:0]).  With
	 * an opmask an inactive element keeps the register's value, or is
	 * zeroed with EVEX.z ("Merging-masking and zeroing-masking").  The
	 * register is written when the instruction commits. */
	memcpy(e->vec, zmm, sizeof(e->vec));
	if (e->i.vex || e->i.evex) {
		memset(e->vec, 0, sizeof(e->vec));
		if (op->arg & V_HALF) {
			uint8_t src1[64];
			emul_zmm_get(&e->v->vregs, e->i.vvvv, src1);
			memcpy(e->vec, src1, 16);
		}
	} else if (w < 16 && !(op->arg & V_HALF)) {
		memset(e->vec, 0, 16);
	}
	for (unsigned b = 0; b < w; b++)
		if ((bytes >> b) & 1)
			e->vec[at + b] = buf[b];
		else if (!e->i.evex_z)
			e->vec[at + b] = zmm[at + b];
	e->vec_reg = (int8_t)reg;
	return VMEXIT_DONE;
}

/*
 * MMX MOVD/MOVQ (NP 0F 6E, 7E, 6F, 7F; SDM Vol. 2, "MOVD/MOVQ").  The
 * checks of SDM Vol. 3, "Exception Conditions for MMX Instructions":
 * CR0.EM is #UD, CR0.TS #NM, and a pending unmasked x87 exception (FSW.ES)
 * #MF before any memory access; CR4.OSFXSR does not matter.  With
 * CR0.NE = 0 that exception would be reported through FERR#, which is the
 * VMM's to model, so the instruction is left unhandled.
 */
#define FSW_ES 0x80u
#define FSW_TOP(fsw) (((fsw) >> 11) & 7u)

static int check_mmx(struct emul *e)
{
	const struct vmexit_sregs *s = &e->v->sregs;
	int rc;

	if (s->cr0 & VMEXIT_CR0_EM)
		return vmexit_raise_ud(e->v);
	if (s->cr0 & VMEXIT_CR0_TS)
		return raise_plain(e->v, VMEXIT_EXC_NM);
	rc = vmexit_vcpu_fetch(e->v, VMEXIT_G_VREGS);
	if (rc != VMEXIT_DONE || !(e->v->vregs.fsw & FSW_ES))
		return rc;
	if (!(s->cr0 & VMEXIT_CR0_NE))
		return vmexit_unhandled(e->v, VMEXIT_WHY_INSN, e->r.rip);
	return raise_plain(e->v, VMEXIT_EXC_MF);
}

/* MMn: physical register n, in the FXSAVE slot of ST((n - TOP) mod 8). */
static const uint8_t *mmx_reg(const struct vmexit_vregs *vr, unsigned n)
{
	return vr->st[(n - FSW_TOP(vr->fsw)) & 7];
}

/* SDM Vol. 1, "MMX Instructions and the x87 FPU Tag Word" and "Effect of
 * MMX, x87 FPU, FXSAVE, and FXRSTOR Instructions on the x87 FPU Tag Word":
 * every MMX instruction but EMMS sets TOP to 0 and every tag to valid; a
 * write of MMn sets bits 79:64 of physical register n to all ones. */
void emul_mmx_commit(struct vmexit_vregs *vr, int reg, const uint8_t val[8])
{
	uint8_t st[8][16];
	unsigned top = FSW_TOP(vr->fsw);

	for (unsigned n = 0; n < 8; n++)
		memcpy(st[n], vr->st[(n - top) & 7], 16);
	memcpy(vr->st, st, sizeof(st));
	if (reg >= 0 && reg < 8) {
		memcpy(vr->st[reg], val, 8);
		vr->st[reg][8] = 0xff;
		vr->st[reg][9] = 0xff;
	}
	vr->fsw = (uint16_t)(vr->fsw & ~(7u << 11));
	vr->ftw = 0xff;
}

static int h_mmove(struct emul *e, const struct emul_op *op)
{
	unsigned w = width(e, op->arg);
	uint64_t v = 0;
	int rc = check_mmx(e);

	if (rc != VMEXIT_DONE)
		return rc;
	if (op->arg & V_STORE) {
		memcpy(&v, mmx_reg(&e->v->vregs, e->i.reg & 7), w);
		rc = (op->arg & V_GPR32) ? emul_rm_write(e, w, v)
					 : emul_mem(e, e->i.seg, emul_ea(e), &v, w, true);
	} else {
		rc = (op->arg & V_GPR32) ? emul_rm_read(e, w, &v)
					 : emul_mem(e, e->i.seg, emul_ea(e), &v, w, false);
		/* MOVD zero-extends into the 64-bit register. */
		memset(e->vec, 0, sizeof(e->vec));
		memcpy(e->vec, &v, 8);
		e->vec_reg = (int8_t)(16 + (e->i.reg & 7));
	}
	if (rc == VMEXIT_DONE)
		e->mmx = true;
	return rc;
}

/*
 * The moves of one lane or element, and the loads that replicate: PEXTRB/
 * W/D/Q, EXTRACTPS, VEXTRACTF128/I128 (stores of the lane imm8 selects);
 * PINSRB/W/D/Q, INSERTPS, VINSERTF128/I128 (a lane replaced: in the
 * register itself for the legacy forms, in a copy of the vvvv register
 * for VEX and EVEX, as each "Operation" section has it); VBROADCASTSS/SD/
 * F128/I128, VPBROADCASTB/W/D/Q; MOVDDUP, MOVSLDUP, MOVSHDUP.  VEX and
 * EVEX forms zero the bits above the vector length, legacy ones keep
 * them.  EVEX masking: a broadcast reads nothing when no element is
 * active and faults only then (measured), MOVDDUP/MOVSLDUP/MOVSHDUP read
 * and check their whole operand whatever the mask (measured); inactive
 * elements merge or zero as for any EVEX load.
 * arg: the kind (LN_*), log2 of the lane or element width in bits 6:4,
 * and LN_WQ for PEXTRD/PINSRD, which are Q with REX.W (VEX.W, EVEX.W)
 * in 64-bit mode.
 */
enum { LN_EXTRACT, LN_INSERT, LN_INSERTPS, LN_BCAST, LN_DDUP, LN_SLDUP, LN_SHDUP };
#define LN(kind, log2w) ((kind) | (log2w) << 4)
#define LN_WQ 0x80

/* The bytes a replicating kind loads. */
static unsigned lane_load_size(unsigned kind, unsigned w, unsigned vl)
{
	if (kind == LN_DDUP)
		return vl == 16 ? 8 : vl;
	return kind == LN_SLDUP || kind == LN_SHDUP ? vl : w;
}

/* Byte i of the result from the bytes loaded. */
static uint8_t lane_byte(unsigned kind, const uint8_t *m, unsigned i, unsigned w)
{
	switch (kind) {
	case LN_BCAST: return m[i % w];
	case LN_DDUP: return m[((i / 8) & ~1u) * 8 + i % 8];
	case LN_SLDUP: return m[((i / 4) & ~1u) * 4 + i % 4];
	default: return m[((i / 4) | 1u) * 4 + i % 4]; /* LN_SHDUP */
	}
}

/* The register an insert makes from the w bytes loaded: the register
 * itself (legacy: e->vec holds it) or the vvvv one (VEX, EVEX) with lane
 * `lane` replaced; INSERTPS puts the dword at count_d and then clears
 * the dwords of zmask ("INSERTPS"). */
static void lane_insert(struct emul *e, unsigned kind, const uint8_t *buf, unsigned w,
			unsigned lane)
{
	unsigned imm = (unsigned)e->i.imm;

	if (e->i.vex || e->i.evex)
		emul_zmm_get(&e->v->vregs, e->i.vvvv, e->vec);
	if (kind == LN_INSERT) {
		memcpy(e->vec + lane * w, buf, w);
		return;
	}
	memcpy(e->vec + ((imm >> 4) & 3) * 4, buf, 4);
	for (unsigned j = 0; j < 4; j++)
		if ((imm >> j) & 1)
			memset(e->vec + 4 * j, 0, 4);
}

static int h_lane(struct emul *e, const struct emul_op *op)
{
	unsigned kind = op->arg & 7, w = 1u << ((op->arg >> 4) & 7);
	unsigned vl = width(e, 0), reg = e->i.reg & (e->i.evex ? 31 : 15);
	unsigned imm = (unsigned)e->i.imm, lanes, es, size;
	uint8_t dst[64], buf[64] = { 0 };
	uint64_t bytes;
	int rc = check_simd(e);

	if (rc != VMEXIT_DONE)
		return rc;
	if ((op->arg & LN_WQ) && e->i.rex_w && e->i.long64)
		w = 8;
	lanes = (w == 16 ? 32 : 16) / w;
	emul_zmm_get(&e->v->vregs, reg, dst);
	if (kind == LN_EXTRACT)
		return emul_mem(e, e->i.seg, emul_ea(e), dst + (imm & (lanes - 1)) * w, w, true);
	es = kind == LN_DDUP ? 8 : kind == LN_BCAST ? w : 4;
	bytes = active_bytes(e, es, vl);
	size = kind <= LN_INSERTPS ? w : lane_load_size(kind, w, vl);
	/* Legacy SSE with a 16-byte operand (MOVSLDUP, MOVSHDUP) demands its
	 * alignment ("Exceptions Type 4"); VEX and EVEX forms do not. */
	if (size == 16 && !e->i.vex && !e->i.evex)
		rc = emul_check_aligned(e, 16, false, 16);
	if (rc == VMEXIT_DONE && (kind != LN_BCAST || bytes))
		rc = emul_mem(e, e->i.seg, emul_ea(e), buf, size, false);
	if (rc != VMEXIT_DONE)
		return rc;
	memcpy(e->vec, dst, 64);
	if (kind <= LN_INSERTPS)
		lane_insert(e, kind, buf, w, imm & (lanes - 1));
	else
		for (unsigned i = 0; i < vl; i++)
			e->vec[i] = ((bytes >> i) & 1) ? lane_byte(kind, buf, i, w)
				  : e->i.evex_z ? 0 : dst[i];
	if (e->i.vex || e->i.evex)
		memset(e->vec + vl, 0, 64 - vl);
	e->vec_reg = (int8_t)reg;
	return VMEXIT_DONE;
}

/* The bytes (bit n: byte n) of the elements of es bytes among the first
 * n bytes of mask whose most significant bit is set. */
static uint64_t msb_selected(const uint8_t *mask, unsigned n, unsigned es)
{
	uint64_t bytes = 0;

	for (unsigned j = 0; j + es <= n; j += es)
		if (mask[j + es - 1] & 0x80)
			bytes |= (es >= 64 ? ~0ull : (1ull << es) - 1) << j;
	return bytes;
}

/*
 * MASKMOVQ, MASKMOVDQU, VMASKMOVDQU ("MASKMOVDQU", "MASKMOVQ"): the bytes
 * of the reg register whose byte in the r/m register has its most
 * significant bit set, stored at DS:rDI (the decoder's memory operand,
 * segment override included), each run of them one access.  The whole
 * operand is checked as a write, where the mask is clear and with a clear
 * mask too: the SDM leaves that implementation-dependent ("exceptions
 * associated with addressing memory and page faults may still be
 * signaled"), and an Intel Xeon was measured to fault on a non-canonical,
 * unmapped or read-only address with a mask of zero.  MASKMOVQ is an MMX
 * instruction for the x87 state (emul_mmx_commit()).
 */
static int maskmov_store(struct emul *e, const uint8_t *data, const uint8_t *mask,
			 unsigned w, unsigned ac)
{
	/* Sixteen bytes as two quadwords, the upper one first: the host
	 * reports CR2 = rDI + 8 when both pages fault, and with any mask. */
	int rc = w == 16 ? emul_probe_write(e, e->i.seg, emul_ea(e) + 8, 8, 0) : VMEXIT_DONE;

	if (rc == VMEXIT_DONE)
		rc = emul_probe_write(e, e->i.seg, emul_ea(e), w == 16 ? 8 : w, ac);
	if (rc != VMEXIT_DONE)
		return rc;
	/* (a store only reads the buffer) */
	return emul_mem_masked(e, e->i.seg, emul_ea(e), (uint8_t *)(uintptr_t)data, w,
			       msb_selected(mask, w, 1), true, 0);
}

/* arg 1: MASKMOVQ (8 bytes of MMX registers, #AC as for MOVQ m64);
 * 0: MASKMOVDQU, VMASKMOVDQU. */
static int h_maskmov(struct emul *e, const struct emul_op *op)
{
	const struct vmexit_vregs *vr = &e->v->vregs;
	bool mmx = op->arg;
	int rc = mmx ? check_mmx(e) : check_simd(e);

	if (rc != VMEXIT_DONE)
		return rc;
	/* MASKMOVQ's x87 state changes even when the store faults (measured
	 * on an Intel host, where a faulting MOVQ leaves the tags). */
	e->mmx = e->mmx_always = mmx;
	return mmx ? maskmov_store(e, mmx_reg(vr, e->i.reg & 7), mmx_reg(vr, e->i.rm & 7), 8, 8)
		   : maskmov_store(e, vr->ymm[e->i.reg & 15], vr->ymm[e->i.rm & 15], 16, 0);
}

/*
 * VMASKMOVPS/PD, VPMASKMOVD/Q ("VMASKMOV", "VPMASKMOV"): the elements
 * whose element in the vvvv register has its most significant bit set.
 * Only those are accessed, and only they can fault ("Faults will not
 * occur due to referencing any memory location if the corresponding mask
 * bit for that memory location is 0"): with a clear mask nothing is
 * checked, as measured.  A load zeroes the other elements and the bits
 * above the vector length.  arg: V_STORE, and the element size VM_E4 or
 * VM_E8 (neither: 4 << VEX.W, VPMASKMOV).
 */
#define VM_E4 0x04
#define VM_E8 0x08

static int h_vmaskmov(struct emul *e, const struct emul_op *op)
{
	unsigned w = e->i.vex_l ? 32 : 16, reg = e->i.reg & 15;
	unsigned es = (op->arg & VM_E4) ? 4 : (op->arg & VM_E8) ? 8 : 4u << e->i.rex_w;
	uint8_t *data = e->v->vregs.ymm[reg];
	uint64_t bytes;
	int rc = check_simd(e);

	if (rc != VMEXIT_DONE)
		return rc;
	bytes = msb_selected(e->v->vregs.ymm[e->i.vvvv & 15], w, es);
	if (op->arg & V_STORE)
		return emul_mem_masked(e, e->i.seg, emul_ea(e), data, w, bytes, true, 0);
	memset(e->vec, 0, sizeof(e->vec));
	rc = emul_mem_masked(e, e->i.seg, emul_ea(e), e->vec, w, bytes, false, 0);
	if (rc == VMEXIT_DONE)
		e->vec_reg = (int8_t)reg;
	return rc;
}

/* CLFLUSH, CLFLUSHOPT, CLWB: no data moves, but the address is checked
 * as a read of one byte (segment limit, #PF), an execute-only segment
 * allowed ("CLFLUSH"). */
static int h_flush(struct emul *e, const struct emul_op *op)
{
	struct vmexit_fault f;
	uint64_t la, gpa;
	int rc = mem_linear(e->v, &e->mc, e->i.seg, emul_ea(e), 1,
			    VMEXIT_ACC_READ | VMEXIT_ACC_FLUSH, 0, &la);

	(void)op;
	if (rc == VMEXIT_DONE)
		rc = emul_hint_linear(e, la, 1, VMEXIT_ACC_READ);
	if (rc != VMEXIT_DONE)
		return rc;
	rc = mem_translate(e->v, &e->mc, la, VMEXIT_ACC_READ, &gpa, &f);
	return rc == VMEXIT_EXCEPTION ? vmexit_raise(e->v, &f) : rc;
}

#define M EMUL_MEMONLY
#define VX (EMUL_VEX | EMUL_EVEX)
#define VO (EMUL_VEX | EMUL_NOLEGACY)

/* In (map, opcode) order, which emul_lookup() relies on; V_STORE marks
 * the stores, VX the forms that also have VEX and EVEX encodings (MMX
 * and the flushes have none), VO the VEX-only ones (VMASKMOV, VPMASKMOV,
 * and the 64- and 128-bit broadcasts and lanes, whose EVEX encodings are
 * other instructions).  F2 0F 6F/7F are EVEX-only: VMOVDQU8/16. */
#define VECTOR_FORMS(F, k)                                                  \
	/* MOVUPS, MOVUPD, MOVSS, MOVSD */                                  \
	F(k, 1, 0x10, -1, 0x00, M | VX, 0, h_vmove)                         \
	F(k, 1, 0x10, -1, 0x66, M | VX, 0, h_vmove)                         \
	F(k, 1, 0x10, -1, 0xf3, M | VX, V_D32, h_vmove)                     \
	F(k, 1, 0x10, -1, 0xf2, M | VX, V_Q64, h_vmove)                     \
	/* MOVUPS m, MOVUPD m, MOVSS m, MOVSD m */                          \
	F(k, 1, 0x11, -1, 0x00, M | VX, V_STORE, h_vmove)                   \
	F(k, 1, 0x11, -1, 0x66, M | VX, V_STORE, h_vmove)                   \
	F(k, 1, 0x11, -1, 0xf3, M | VX, V_STORE | V_D32, h_vmove)           \
	F(k, 1, 0x11, -1, 0xf2, M | VX, V_STORE | V_Q64, h_vmove)           \
	/* MOVLPS, MOVLPD, MOVHPS, MOVHPD (mod = 3 is MOVHLPS, MOVLHPS) */  \
	F(k, 1, 0x12, -1, 0x00, M | VX, V_Q64 | V_HALF, h_vmove)            \
	F(k, 1, 0x12, -1, 0x66, M | VX, V_Q64 | V_HALF, h_vmove)            \
	/* MOVSLDUP, MOVDDUP */                                             \
	F(k, 1, 0x12, -1, 0xf3, M | VX, LN(LN_SLDUP, 2), h_lane)            \
	F(k, 1, 0x12, -1, 0xf2, M | VX, LN(LN_DDUP, 3), h_lane)             \
	F(k, 1, 0x13, -1, 0x00, M | VX, V_STORE | V_Q64, h_vmove)           \
	F(k, 1, 0x13, -1, 0x66, M | VX, V_STORE | V_Q64, h_vmove)           \
	F(k, 1, 0x16, -1, 0x00, M | VX, V_Q64 | V_HALF | V_HIGH, h_vmove)   \
	F(k, 1, 0x16, -1, 0x66, M | VX, V_Q64 | V_HALF | V_HIGH, h_vmove)   \
	/* MOVSHDUP */                                                      \
	F(k, 1, 0x16, -1, 0xf3, M | VX, LN(LN_SHDUP, 2), h_lane)            \
	F(k, 1, 0x17, -1, 0x00, M | VX, V_STORE | V_Q64 | V_HIGH, h_vmove)  \
	F(k, 1, 0x17, -1, 0x66, M | VX, V_STORE | V_Q64 | V_HIGH, h_vmove)  \
	/* MOVAPS, MOVAPD */                                                \
	F(k, 1, 0x28, -1, 0x00, M | VX, V_ALIGNED, h_vmove)                 \
	F(k, 1, 0x28, -1, 0x66, M | VX, V_ALIGNED, h_vmove)                 \
	/* MOVAPS m, MOVAPD m */                                            \
	F(k, 1, 0x29, -1, 0x00, M | VX, V_STORE | V_ALIGNED, h_vmove)       \
	F(k, 1, 0x29, -1, 0x66, M | VX, V_STORE | V_ALIGNED, h_vmove)       \
	/* MOVNTPS, MOVNTPD */                                              \
	F(k, 1, 0x2b, -1, 0x00, M | VX, V_STORE | V_ALIGNED, h_vmove)       \
	F(k, 1, 0x2b, -1, 0x66, M | VX, V_STORE | V_ALIGNED, h_vmove)       \
	/* MOVD/MOVQ mm, r/m; MOVD/MOVQ xmm, r/m */                         \
	F(k, 1, 0x6e, -1, 0x00, 0, V_GPR32, h_mmove)                        \
	F(k, 1, 0x6e, -1, 0x66, VX, V_GPR32, h_vmove)                       \
	/* MOVQ mm, m64; MOVDQA, MOVDQU */                                  \
	F(k, 1, 0x6f, -1, 0x00, M, V_Q64, h_mmove)                          \
	F(k, 1, 0x6f, -1, 0x66, M | VX, V_ALIGNED, h_vmove)                 \
	F(k, 1, 0x6f, -1, 0xf3, M | VX, 0, h_vmove)                         \
	F(k, 1, 0x6f, -1, 0xf2, M | EMUL_EVEX | EMUL_NOLEGACY, V_BW, h_vmove) \
	/* MOVD/MOVQ r/m, mm; MOVQ xmm, m64; MOVD/MOVQ r/m, xmm */           \
	F(k, 1, 0x7e, -1, 0x00, 0, V_STORE | V_GPR32, h_mmove)              \
	F(k, 1, 0x7e, -1, 0xf3, M | VX, V_Q64, h_vmove)                     \
	F(k, 1, 0x7e, -1, 0x66, VX, V_STORE | V_GPR32, h_vmove)             \
	/* MOVQ m64, mm; MOVDQA m, MOVDQU m */                              \
	F(k, 1, 0x7f, -1, 0x00, M, V_STORE | V_Q64, h_mmove)                \
	F(k, 1, 0x7f, -1, 0x66, M | VX, V_STORE | V_ALIGNED, h_vmove)       \
	F(k, 1, 0x7f, -1, 0xf3, M | VX, V_STORE, h_vmove)                   \
	F(k, 1, 0x7f, -1, 0xf2, M | EMUL_EVEX | EMUL_NOLEGACY, V_STORE | V_BW, h_vmove) \
	/* CLFLUSH, CLFLUSHOPT, CLWB */                                     \
	F(k, 1, 0xae, 7, 0x00, M, 0, h_flush)                               \
	F(k, 1, 0xae, 7, 0x66, M, 0, h_flush)                               \
	F(k, 1, 0xae, 6, 0x66, M, 0, h_flush)                               \
	/* PINSRW xmm, m16 */                                               \
	F(k, 1, 0xc4, -1, 0x66, M | VX, LN(LN_INSERT, 1), h_lane)           \
	/* MOVQ m64 */                                                      \
	F(k, 1, 0xd6, -1, 0x66, M | VX, V_STORE | V_Q64, h_vmove)           \
	/* MOVNTDQ */                                                       \
	F(k, 1, 0xe7, -1, 0x66, M | VX, V_STORE | V_ALIGNED, h_vmove)       \
	/* MASKMOVQ, MASKMOVDQU (register operands, the store at DS:rDI) */ \
	F(k, 1, 0xf7, -1, 0x00, 0, 1, h_maskmov)                            \
	F(k, 1, 0xf7, -1, 0x66, EMUL_VEX, 0, h_maskmov)                     \
	/* VBROADCASTSS/SD/F128 (the EVEX forms of 19 and 1A are other     \
	 * instructions) */                                                 \
	F(k, 2, 0x18, -1, 0x66, M | VX | EMUL_NOLEGACY, LN(LN_BCAST, 2), h_lane) \
	F(k, 2, 0x19, -1, 0x66, M | VO, LN(LN_BCAST, 3), h_lane)            \
	F(k, 2, 0x1a, -1, 0x66, M | VO, LN(LN_BCAST, 4), h_lane)            \
	/* MOVNTDQA, the streaming load from WC memory (framebuffers) */    \
	F(k, 2, 0x2a, -1, 0x66, M | VX, V_ALIGNED, h_vmove)                 \
	/* VMASKMOVPS, VMASKMOVPD, loads and stores */                      \
	F(k, 2, 0x2c, -1, 0x66, M | VO, VM_E4, h_vmaskmov)                  \
	F(k, 2, 0x2d, -1, 0x66, M | VO, VM_E8, h_vmaskmov)                  \
	F(k, 2, 0x2e, -1, 0x66, M | VO, V_STORE | VM_E4, h_vmaskmov)        \
	F(k, 2, 0x2f, -1, 0x66, M | VO, V_STORE | VM_E8, h_vmaskmov)        \
	/* VPBROADCASTD/Q, VBROADCASTI128, VPBROADCASTB/W */                \
	F(k, 2, 0x58, -1, 0x66, M | VX | EMUL_NOLEGACY, LN(LN_BCAST, 2), h_lane) \
	F(k, 2, 0x59, -1, 0x66, M | VO, LN(LN_BCAST, 3), h_lane)            \
	F(k, 2, 0x5a, -1, 0x66, M | VO, LN(LN_BCAST, 4), h_lane)            \
	F(k, 2, 0x78, -1, 0x66, M | VX | EMUL_NOLEGACY, LN(LN_BCAST, 0), h_lane) \
	F(k, 2, 0x79, -1, 0x66, M | VX | EMUL_NOLEGACY, LN(LN_BCAST, 1), h_lane) \
	/* VPMASKMOVD/Q */                                                  \
	F(k, 2, 0x8c, -1, 0x66, M | VO, 0, h_vmaskmov)                      \
	F(k, 2, 0x8e, -1, 0x66, M | VO, V_STORE, h_vmaskmov)                \
	/* PEXTRB/W/D/Q, EXTRACTPS, VINSERTF128, VEXTRACTF128 */            \
	F(k, 3, 0x14, -1, 0x66, M | VX, LN(LN_EXTRACT, 0), h_lane)          \
	F(k, 3, 0x15, -1, 0x66, M | VX, LN(LN_EXTRACT, 1), h_lane)          \
	F(k, 3, 0x16, -1, 0x66, M | VX, LN(LN_EXTRACT, 2) | LN_WQ, h_lane)  \
	F(k, 3, 0x17, -1, 0x66, M | VX, LN(LN_EXTRACT, 2), h_lane)          \
	F(k, 3, 0x18, -1, 0x66, M | VO, LN(LN_INSERT, 4), h_lane)           \
	F(k, 3, 0x19, -1, 0x66, M | VO, LN(LN_EXTRACT, 4), h_lane)          \
	/* PINSRB, INSERTPS, PINSRD/Q */                                    \
	F(k, 3, 0x20, -1, 0x66, M | VX, LN(LN_INSERT, 0), h_lane)           \
	F(k, 3, 0x21, -1, 0x66, M | VX, LN(LN_INSERTPS, 2), h_lane)         \
	F(k, 3, 0x22, -1, 0x66, M | VX, LN(LN_INSERT, 2) | LN_WQ, h_lane)   \
	/* VINSERTI128, VEXTRACTI128 */                                     \
	F(k, 3, 0x38, -1, 0x66, M | VO, LN(LN_INSERT, 4), h_lane)           \
	F(k, 3, 0x39, -1, 0x66, M | VO, LN(LN_EXTRACT, 4), h_lane)

EMUL_TABLE(emul_vector_table, VECTOR_FORMS);
