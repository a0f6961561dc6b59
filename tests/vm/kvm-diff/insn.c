/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test-kvm-diff, part 1 and 1b: an instruction of icases[] run natively
 * and through the library on each machine of imodes[] (istate(),
 * ibuild()), and made to fault on those of fmodes[] (put_fault(),
 * cmp_fault()); 16-bit code runs the 32-bit cases (to16()).
 */
#include <stdio.h>
#include <string.h>

#include <vmexit/decode.h>
#include <vmexit/emulate.h>

#include "kvm-diff.h"

/*
 * The flags the SDM leaves undefined after this instruction with these
 * operands, from the "Flags Affected" section of each instruction in SDM
 * Vol. 2 (the masked count is the count AND 1FH, or 3FH with REX.W):
 *  - "AND—Logical AND", "OR—Logical Inclusive OR", "XOR—Logical
 *    Exclusive OR", "TEST—Logical Compare": "The state of the AF flag is
 *    undefined."
 *  - "SAL/SAR/SHL/SHR—Shift": a masked count of 0 affects no flag;
 *    otherwise "the AF flag is undefined", "the OF flag is affected only
 *    for 1-bit shifts; otherwise, it is undefined", and CF "is undefined
 *    for SHL and SHR instructions where the count is greater than or
 *    equal to the size (in bits) of the destination operand" (not SAR).
 *  - "RCL/RCR/ROL/ROR—Rotate": "If the masked count is 0, the flags are
 *    not affected. If the masked count is 1, then the OF flag is
 *    affected, otherwise (masked count is greater than 1) the OF flag is
 *    undefined."
 *  - "SHLD—Double Precision Shift Left", "SHRD—Double Precision Shift
 *    Right": a count of 0 affects no flag; "For shifts greater than 1
 *    bit, the OF flag is undefined. If a shift occurs, the AF flag is
 *    undefined. ... If the count is greater than the operand size, the
 *    flags are undefined" (all six; only 16-bit operands get there, and
 *    the table keeps them out since the result is undefined too).
 *  - "BT—Bit Test", "BTC", "BTR", "BTS": "The OF, SF, AF, and PF flags
 *    are undefined."
 * Every other instruction in the table defines every flag it changes.
 */
static uint64_t undefined_flags(const struct icase *c, const uint8_t *bytes,
				unsigned len, const struct state *s)
{
	unsigned bits = 8u * c->osz, count = 0, m;

	switch (c->undef) {
	case U_NONE: return 0;
	case U_LOGIC: return AF;
	case U_BT: return OF | SF | AF | PF;
	case U_MUL: return SF | ZF | AF | PF;
	case U_DIV: return STATUS;
	case U_BSF: return CF | OF | SF | AF | PF;
	case U_CNT: return OF | SF | AF | PF;
	default: break;
	}
	if (c->cnt == C_ONE)
		count = 1;
	else if (c->cnt == C_CL)
		count = (uint8_t)s->regs.gpr[VMEXIT_RCX];
	else if (c->cnt == C_IMM)
		count = bytes[len - 1];
	m = count & (bits == 64 ? 63u : 31u);
	if (m == 0)
		return 0;
	switch (c->undef) {
	case U_SHIFT: return AF | (m != 1 ? OF : 0) | (m >= bits ? CF : 0);
	case U_SAR: return AF | (m != 1 ? OF : 0);
	case U_ROT: return m != 1 ? OF : 0;
	case U_SHD: return m > bits ? STATUS : AF | (m != 1 ? OF : 0);
	default: return 0;
	}
}

bool feature(unsigned need)
{
	switch (need) {
	case N_MOVBE: return vm.movbe;
	case N_CX16: return vm.cx16;
	case N_AVX: return vm.avx;
	case N_SSE41: return vm.sse41;
	case N_AVX2: return vm.avx2;
	case N_MOVDIRI: return vm.movdiri;
	case N_MOVDIR64B: return vm.movdir64b;
	default: return true;
	}
}

/* One machine at its kind's index, with the decode mode of its code. */
#define IMODE(k, name, cases, reps, bits) \
	[IM_##k] = { name, IM_##k, cases, reps, VMEXIT_DECODE_##bits }
const struct imode imodes[] = {
	IMODE(64, "64-bit", M64, REPS_64, 64),
	IMODE(32, "32-bit", M32, REPS_32, 32),
	IMODE(32PG, "32-bit paging", M32, REPS_MORE, 32),
	IMODE(C32, "compatibility", M32, REPS_MORE, 32),
	IMODE(P16, "16-bit protected", M32, REPS_MORE, 16),
	IMODE(R16, "real", M32, REPS_MORE, 16),
	IMODE(V86, "virtual-8086", M32, REPS_MORE, 16),
	IMODE(PAE, "PAE paging", M32, REPS_MORE, 32),
	IMODE(C16, "compatibility, 16-bit", M32, REPS_MORE, 16),
	IMODE(LA57, "64-bit, 5-level paging", M64, REPS_MORE, 64),
	IMODE(1G, "64-bit, 1-GByte page", M64, REPS_MORE, 64),
	IMODE(R16B, "real, segment bases", M32, REPS_MORE, 16),
	IMODE(32B, "32-bit, segment bases", M32, REPS_MORE, 32),
};

/* The base of DS, ES and SS: DATA_BASE in the machines "segment bases",
 * where the registers hold offsets from it (ibuild()), else 0. */
#define DATA_BASE 0x7000u
static uint64_t data_base(const struct imode *m)
{
	return m->kind == IM_R16B || m->kind == IM_32B ? DATA_BASE : 0;
}

static bool is64(const struct imode *m)
{
	return m->dmode == VMEXIT_DECODE_64;
}

/* Whether the machine has the paging feature it needs (CPUID). */
bool machine_there(const struct imode *m)
{
	return (m->kind != IM_LA57 || vm.la57) && (m->kind != IM_1G || vm.gbpages);
}

/* The instruction-test machine m: 64-bit mode with 4-level paging;
 * 32-bit protected mode without paging, or with 32-bit paging (a 4-MByte
 * page at 0, CR4.PSE); compatibility mode (4-level paging, a 32-bit code
 * segment); 16-bit protected mode (16-bit code and stack segments); real
 * and virtual-8086 mode (segments of base selector * 16 and limit FFFFH;
 * virtual-8086 mode at CPL 3 with IOPL 0).  Flat segments elsewhere, FS
 * and GS with a base so that overrides show. */
void istate(struct state *s, const struct imode *m)
{
	struct vmexit_sregs *r = &s->sregs;
	bool m64 = is64(m);
	bool lma = m64 || m->kind == IM_C32 || m->kind == IM_C16;

	memset(s, 0, sizeof(*s));
	for (unsigned i = 0; i < 6; i++)
		r->seg[i] = (struct vmexit_segment){
			.base = 0, .limit = 0xffffffff, .selector = 0x10,
			.ar = 0x3 | VMEXIT_AR_S | VMEXIT_AR_P | VMEXIT_AR_DB |
			      VMEXIT_AR_G };
	r->seg[VMEXIT_SEG_FS].base = FS_BASE;
	r->seg[VMEXIT_SEG_GS].base = GS_BASE;
	r->seg[VMEXIT_SEG_CS] = (struct vmexit_segment){
		.limit = 0xffffffff, .selector = m64 ? 0x08 : 0x18,
		.ar = 0xb | VMEXIT_AR_S | VMEXIT_AR_P | VMEXIT_AR_G |
		      (m64 ? VMEXIT_AR_L : VMEXIT_AR_DB) };
	if (m->kind == IM_P16 || m->kind == IM_C16) {
		r->seg[VMEXIT_SEG_CS].ar &= ~(uint32_t)VMEXIT_AR_DB;
		r->seg[VMEXIT_SEG_SS].ar &= ~(uint32_t)VMEXIT_AR_DB;
	}
	if (m->kind == IM_R16 || m->kind == IM_V86 || m->kind == IM_R16B) {
		/* "Real-Address Mode Operation": base = selector * 16;
		 * limit FFFFH and present read/write data (CS: readable
		 * code), as reset leaves them.  Virtual-8086 mode: the same
		 * bases and limits, every segment DPL 3 read/write data, as
		 * VM entry requires ("Checks on Guest Segment Registers"). */
		for (unsigned i = 0; i < 6; i++) {
			struct vmexit_segment *g = &r->seg[i];
			g->selector = (uint16_t)(g->base >> 4);
			g->base = (uint64_t)g->selector << 4;
			g->limit = 0xffff;
			g->ar = (i == VMEXIT_SEG_CS ? 0xb : 0x3) | VMEXIT_AR_S |
				VMEXIT_AR_P;
			if (m->kind == IM_V86)
				g->ar = 0x3 | VMEXIT_AR_S | VMEXIT_AR_P |
					3u << VMEXIT_AR_DPL_SHIFT;
		}
	}
	/* DS, ES and SS at DATA_BASE: in real mode as selector 700H has it,
	 * in protected mode in the descriptor cache only (no run reloads
	 * them). */
	if (data_base(m)) {
		static const unsigned segs[] = { VMEXIT_SEG_DS, VMEXIT_SEG_ES,
						 VMEXIT_SEG_SS };
		for (unsigned i = 0; i < 3; i++) {
			r->seg[segs[i]].base = DATA_BASE;
			if (m->kind == IM_R16B)
				r->seg[segs[i]].selector = DATA_BASE >> 4;
		}
	}
	r->seg[VMEXIT_SEG_LDTR] = (struct vmexit_segment){
		.ar = VMEXIT_AR_UNUSABLE };
	r->seg[VMEXIT_SEG_TR] = (struct vmexit_segment){
		.base = 0, .limit = 0x67, .selector = 0x20,
		.ar = VMEXIT_SYS_TSS_BUSY | VMEXIT_AR_P };
	if (m->kind == IM_V86) {
		/* An available TSS type: QEMU's I/O permission check takes
		 * only type 9 (its check_io(): "TSS must be a valid 32 bit
		 * one"), where the processor holds TR busy. */
		r->seg[VMEXIT_SEG_TR].base = V86_TSS;
		r->seg[VMEXIT_SEG_TR].limit = V86_IOMAP + 256 / 8;
		r->seg[VMEXIT_SEG_TR].ar = VMEXIT_SYS_TSS_AVAIL | VMEXIT_AR_P;
	}
	r->gdtr = (struct vmexit_dtable){ .base = GDT, .limit = 7 * 8 - 1 };
	/* No IDT: an unexpected fault is a triple fault, a SHUTDOWN exit. */
	r->idtr = (struct vmexit_dtable){ .base = 0, .limit = 0 };
	r->cr0 = VMEXIT_CR0_PE | VMEXIT_CR0_ET | VMEXIT_CR0_NE | VMEXIT_CR0_MP;
	if (m->kind == IM_R16)
		r->cr0 &= ~(uint64_t)VMEXIT_CR0_PE;
	r->cr4 = VMEXIT_CR4_OSFXSR | VMEXIT_CR4_OSXMMEXCPT;
	if (vm.xsave)
		r->cr4 |= VMEXIT_CR4_OSXSAVE;
	if (m->kind == IM_32PG) {
		/* The PD of the 4-level tables serves: its first entry
		 * (E3H) is, read as 4 bytes, a 4-MByte page at 0. */
		r->cr0 |= VMEXIT_CR0_PG;
		r->cr3 = PML4 + 0x2000;
		r->cr4 |= VMEXIT_CR4_PSE;
	}
	if (m->kind == IM_PAE) {
		/* PAE_PDPT's one entry: the PD of the 4-level tables, whose
		 * first entry is a 2-MByte page at 0; the PDPTE registers
		 * hold it as MOV to CR3 would have loaded it. */
		r->cr0 |= VMEXIT_CR0_PG;
		r->cr3 = PAE_PDPT;
		r->cr4 |= VMEXIT_CR4_PAE;
		r->pdpte[0] = (PML4 + 0x2000) | 1;
	}
	if (lma) {
		r->cr0 |= VMEXIT_CR0_PG;
		r->cr3 = m->kind == IM_LA57 ? PML5 : m->kind == IM_1G ? PML4_1G
									: PML4;
		r->cr4 |= VMEXIT_CR4_PAE;
		if (m->kind == IM_LA57)
			r->cr4 |= VMEXIT_CR4_LA57;
		r->efer = VMEXIT_EFER_LME | VMEXIT_EFER_LMA;
	}
	s->dregs.dr7 = 0x400;
	s->mxcsr = 0x1f80;
	s->xcr0 = vm.avx ? 7 : 0;
	s->regs.rflags = VMEXIT_RFLAGS_FIXED;
	if (m->kind == IM_V86)
		s->regs.rflags |= VMEXIT_RFLAGS_VM;
}

static void put8(uint32_t at, uint64_t v)
{
	memcpy(img + at, &v, 8);
}

/* The fixed part of the instruction area: GDT, page tables (A and D
 * preset, so neither side's page walk writes them), code page of HLTs. */
void ilayout(void)
{
	uint64_t *pt = (uint64_t *)(img + PML4);
	uint64_t *gdt = (uint64_t *)(img + GDT);

	memset(img, 0, I_END);
	pt[0] = (PML4 + 0x1000) | 0x23;
	pt[512] = (PML4 + 0x2000) | 0x23;
	pt[1024] = 0xe3; /* 2 MiB page at 0: P RW A D PS */
	put8(PAE_PDPT, (PML4 + 0x2000) | 1); /* PDPTE: P, nothing else */
	put8(PML5, PML4 | 0x23);
	put8(PML4_1G, PDPT_1G | 0x23);
	put8(PDPT_1G, 0xe3); /* 1 GiB page at 0 */
	gdt[1] = 0x00af9b000000ffffull; /* 08 code64 */
	gdt[2] = 0x00cf93000000ffffull; /* 10 data */
	gdt[3] = 0x00cf9b000000ffffull; /* 18 code32 */
	gdt[5] = 0x00cff3000000ffffull; /* 2B user data */
	gdt[6] = 0x00affb000000ffffull; /* 33 user code64 */
	memset(img + CODE, 0xf4, 0x1000);
	/* The I/O bitmap of V86_TSS: zero (allowed) for ports 0-FFH, then
	 * the FFH byte that ends it. */
	img[V86_TSS + 0x66] = V86_IOMAP;
	img[V86_TSS + V86_IOMAP + 256 / 8] = 0xff;
}

static uint64_t mask_of(unsigned bytes)
{
	return bytes >= 8 ? ~0ull : (1ull << (8 * bytes)) - 1;
}

/* An address register: somewhere in the middle of the data page, so
 * displacements, BT offsets and string steps stay inside it. */
static uint64_t data_addr(unsigned align)
{
	uint64_t off = 0x800 + rnd() % 0x1000;
	return DATA + (off & ~(uint64_t)(align ? align - 1 : 0));
}

static uint64_t small_value(unsigned kind, unsigned osz, bool m64)
{
	int64_t v;

	switch (kind) {
	case S_COUNT: return rnd() % 8;
	case S_INDEX: return rnd() % 64;
	case S_CL16: return rnd() % 17;
	case S_PORT: {
		uint64_t port = (rnd() & 1) ? rnd() % 0x100 : rnd() % 0x10000;
		return port == V86_PORT ? port + 1 : port;
	}
	case S_BTOFF:
		/* Half the time near the operand, else up to +-256 bytes
		 * away; above the operand size, random bits the
		 * instruction must ignore. */
		if (rnd() & 1)
			v = (int64_t)(rnd() % (32u * osz)) - 16 * (int64_t)osz;
		else
			v = (int64_t)(rnd() % 4096) - 2048;
		return (m64 ? rnd() & ~mask_of(osz) : 0) |
		       ((uint64_t)v & mask_of(osz));
	default: return 0;
	}
}

/* Linear address of memory operand 0, or 0 if none (or not in DATA).
 * Only FS and GS have a base here. */
static uint64_t operand_la(const struct vmexit_insn *d, const struct state *s,
			   unsigned size)
{
	uint64_t ea;

	if (d->nmem == 0 ||
	    vmexit_insn_ea(d, 0, s->regs.gpr, CODE, &ea) != VMEXIT_DONE)
		return 0;
	/* In 64-bit mode only FS and GS have a base. */
	if (d->mode != 64 || d->mem[0].seg == VMEXIT_SEG_FS ||
	    d->mem[0].seg == VMEXIT_SEG_GS)
		ea += s->sregs.seg[d->mem[0].seg & 7].base;
	if (ea < DATA || ea + size > DATA + DATA_LEN)
		return 0;
	return ea;
}

static void put_data(uint64_t la, const void *p, unsigned n)
{
	if (la)
		memcpy(img + la, p, n);
}

static bool cpl3(unsigned fault)
{
	return fault == FK_USER || fault == FK_USER_RO;
}

/* Whether a run ends with OUT to V86_PORT rather than HLT: where HLT is
 * privileged. */
static bool ends_with_out(const struct imode *m, unsigned fault)
{
	return m->kind == IM_V86 || cpl3(fault);
}

/* Random operands for one run of c; the instruction goes to img.  The
 * address registers of part 1b's faults that place them (FK_CROSS,
 * FK_ALIGN) are placed here, before the operands are written there. */
static void ibuild(const struct icase *c, const struct vmexit_insn *d,
		   const uint8_t *bytes, unsigned len, const struct imode *m,
		   unsigned fault, struct state *s)
{
	uint64_t *g = s->regs.gpr;
	bool m64 = is64(m);

	istate(s, m);
	for (unsigned i = 0; i < 16; i++)
		g[i] = m64 ? rnd() : (i < 8 ? (uint32_t)rnd() : 0);
	s->regs.rflags |= rnd() & (STATUS | VMEXIT_RFLAGS_DF);
	s->regs.rip = CODE;
	g[VMEXIT_RSP] = DATA + 0x2000 + (rnd() % 0x800 & ~7ull) - data_base(m);
	for (unsigned i = 0; i < 16; i++) {
		if (!(c->areg & (1u << i)))
			continue;
		g[i] = data_addr(c->align) - data_base(m);
		/* FK_CROSS: 1-7 bytes below the second data page. */
		if (fault == FK_CROSS)
			g[i] = DATA + 0x1000 - 1 - rnd() % 7;
		else if (fault == FK_ALIGN)
			g[i] = (g[i] & ~15ull) | 8;
		if (c->junk == 32 && m64)
			g[i] |= rnd() << 32;
		else if (c->junk == 16)
			g[i] |= (uint64_t)(uint32_t)rnd() & 0xffff0000u;
	}
	if (c->count)
		g[VMEXIT_RCX] = small_value(S_COUNT, 0, m64);
	if (c->sreg) {
		uint64_t *r = &g[c->sreg - 1];
		if (c->small == S_CL16)
			*r = (*r & ~0xffull) | small_value(S_CL16, 0, m64);
		else
			*r = small_value(c->small, c->osz, m64);
	}
	/* Virtual-8086 mode has no IDT here, so its ports stay inside the
	 * I/O bitmap, below V86_PORT (the CPL 3 fault machine takes the
	 * others, #GP). */
	if (c->small == S_PORT && m->kind == IM_V86)
		g[VMEXIT_RDX] &= 0x7f;
	/* Shift counts in CL: half the time one of the interesting ones. */
	if (c->cnt == C_CL && c->small != S_CL16 && (rnd() & 1)) {
		static const uint8_t edge[] = { 0, 1, 2, 7, 8, 9, 15, 16, 17,
						31, 32, 33, 63, 64, 0xff };
		g[VMEXIT_RCX] = (g[VMEXIT_RCX] & ~0xffull) |
				edge[rnd() % sizeof(edge)];
	}
	for (unsigned i = 0; i < 16; i++)
		fill_random(s->ymm[i], vm.avx ? 32 : 16);
	/* A VMASKMOV/VPMASKMOV mask with its first element selected: QEMU
	 * reads the whole operand whatever the mask, so with none selected
	 * it faults where the processor does not (test_emulate_evex checks
	 * that case against the host). */
	if (c->vmask) {
		s->ymm[c->vmask - 1][3] |= 0x80;
		s->ymm[c->vmask - 1][7] |= 0x80;
	}
	/* x87: random registers, TOP and condition codes, some tags; no
	 * exception flags, so that no x87 exception is pending. */
	for (unsigned i = 0; i < 8; i++)
		fill_random(s->st[i], 10);
	s->fsw = (uint16_t)(rnd() & 0x4700);
	s->ftw = (uint8_t)rnd();

	memset(img + CODE, 0xf4, 0x1000);
	memcpy(img + CODE, bytes, len);
	if (ends_with_out(m, fault)) {
		memcpy(img + CODE + len, V86_END, 3);
		memcpy(img + BRANCH, V86_END, 3);
	}
	fill_random(img + DATA, DATA_LEN);

	/* Operands worth having: edge values, equal compares, targets. */
	unsigned osz = c->osz <= 8 ? c->osz : 8;
	uint64_t la = operand_la(d, s, c->osz), v;
	if (c->kind == K_NONE && c->osz <= 8 && (rnd() % 4) == 0) {
		const uint64_t sign = 1ull << (8 * osz - 1);
		const uint64_t edge[] = { 0, 1, mask_of(osz), sign, sign - 1 };
		v = edge[rnd() % 5];
		put_data(la, &v, osz);
	}
	if (la && (rnd() & 1)) {
		switch (c->kind) {
		case K_EQ:
			memcpy(&g[VMEXIT_RAX], img + la, osz);
			break;
		case K_EQ8B: /* the low halves; the upper ones are ignored */
			memcpy(&g[VMEXIT_RAX], img + la, 4);
			memcpy(&g[VMEXIT_RDX], img + la + 4, 4);
			break;
		case K_EQ16B:
			memcpy(&g[VMEXIT_RAX], img + la, 8);
			memcpy(&g[VMEXIT_RDX], img + la + 8, 8);
			break;
		default:
			break;
		}
	}
	if ((c->kind == K_DIV || c->kind == K_IDIV) && la) {
		/* A division that completes (#DE would be a triple fault
		 * here): a divisor other than 0, and a high half (AH, rDX)
		 * below it (DIV) or the low half's sign extension (IDIV, and
		 * not the most negative low half by -1). */
		uint64_t om = mask_of(osz), sign = 1ull << (8 * osz - 1), dv = 0;
		uint64_t lo = g[VMEXIT_RAX] & om, hi;

		memcpy(&dv, img + la, osz);
		if (dv == 0) {
			dv = 1 + rnd() % om;
			put_data(la, &dv, osz);
		}
		if (c->kind == K_IDIV && dv == om && lo == sign)
			lo = sign + 1;
		hi = c->kind == K_DIV ? (rnd() & om) % dv : (lo & sign) ? om : 0;
		if (osz == 1) {
			g[VMEXIT_RAX] = (g[VMEXIT_RAX] & ~0xffffull) | hi << 8 | lo;
		} else {
			g[VMEXIT_RAX] = (g[VMEXIT_RAX] & ~om) | lo;
			g[VMEXIT_RDX] = (g[VMEXIT_RDX] & ~om) | hi;
		}
	}
	if (c->kind == K_BRANCH) {
		v = BRANCH;
		put_data(la, &v, osz);
	}
	if (c->kind == K_FAR) {
		/* The offset, then a selector: 0 (base 0) in real and
		 * virtual-8086 mode, else the GDT's 64-bit or 32-bit code
		 * segment. */
		uint16_t sel = m->kind == IM_R16 || m->kind == IM_V86 ? 0
			       : m64 ? 0x08 : 0x18;
		v = BRANCH;
		put_data(la, &v, osz);
		if (la)
			memcpy(img + la + osz, &sel, 2);
	}
	if (c->kind == K_STRCMP) {
		/* REPE stops at the first difference: make the first j
		 * elements equal; REPNE at the first equal: make element j
		 * equal.  Non-REP forms: element 0 equal half the time. */
		bool repne = d->flags & VMEXIT_INSN_REPNE;
		bool scas = d->opcode == 0xae || d->opcode == 0xaf;
		bool rep = d->flags & (VMEXIT_INSN_REP | VMEXIT_INSN_REPNE);
		uint64_t count = rep ? g[VMEXIT_RCX] : 1;
		uint64_t j = rnd() % (count + 1);
		int64_t step = (s->regs.rflags & VMEXIT_RFLAGS_DF)
				       ? -(int64_t)c->osz : c->osz;
		for (uint64_t k = 0; k <= j && k < count; k++) {
			if (repne && k != j)
				continue;
			if (!repne && k == j)
				break;
			uint64_t off = (uint64_t)(step * (int64_t)k);
			const void *src = scas ? (const void *)&g[VMEXIT_RAX]
					       : img + data_base(m) + g[VMEXIT_RSI] + off;
			memcpy(img + data_base(m) + g[VMEXIT_RDI] + off, src, c->osz);
		}
	}
}

/* Part 1b: where a case is made to fault (fmodes[]). */
const struct fmode fmodes[] = {
	{ "64-bit, data pages not present", IM_64, FK_NP },
	{ "64-bit, data pages read-only", IM_64, FK_RO },
	{ "64-bit, reserved bit in the data PTEs", IM_64, FK_RSVD },
	{ "64-bit, non-canonical address registers", IM_64, FK_NC },
	{ "64-bit, page crossing into one not present", IM_64, FK_CROSS },
	{ "64-bit, CPL 3, supervisor data pages", IM_64, FK_USER },
	{ "64-bit, SMAP, user data pages", IM_64, FK_SMAP },
	{ "64-bit, SMAP, user data pages, RFLAGS.AC", IM_64, FK_SMAP_AC },
	{ "64-bit, CPL 3, read-only user data pages", IM_64, FK_USER_RO },
	{ "64-bit, read-only data pages, CR0.WP clear", IM_64, FK_RO_NOWP },
	{ "64-bit, SMEP, user code page", IM_64, FK_SMEP },
	{ "64-bit, accessed and dirty flags clear", IM_64, FK_AD },
	{ "32-bit paging, data pages not present", IM_32PG, FK_NP },
	{ "32-bit paging, data pages read-only", IM_32PG, FK_RO },
	{ "32-bit paging, accessed and dirty flags clear", IM_32PG, FK_AD },
	{ "PAE paging, data pages not present", IM_PAE, FK_NP },
	{ "64-bit, code page not present", IM_64, FK_CNP },
	{ "64-bit, code page execute-disable", IM_64, FK_CNX },
	{ "64-bit, CR0.TS", IM_64, FK_TS },
	{ "64-bit, CR0.EM", IM_64, FK_EM },
	{ "64-bit, CR4.OSFXSR clear", IM_64, FK_NOFX },
	{ "64-bit, XCR0 without AVX", IM_64, FK_XCR0 },
	{ "64-bit, misaligned vector operands", IM_64, FK_ALIGN },
	{ "32-bit, CR0.TS", IM_32, FK_TS },
	{ "32-bit paging, CPL 3, supervisor data pages", IM_32PG, FK_USER },
	{ "32-bit paging, CPL 3, read-only user data pages", IM_32PG, FK_USER_RO },
	{ "PAE paging, CPL 3, supervisor data pages", IM_PAE, FK_USER },
	{ "64-bit, RFLAGS.TF", IM_64, FK_TF },
	{ "32-bit, RFLAGS.TF", IM_32, FK_TF },
};

/* Whether the VM can run the machine of f: the feature it tests, and for
 * CPL 3 outside 64-bit mode the adapter's exception payloads (below). */
bool fmode_here(const struct fmode *f)
{
	/* Bit 51 is reserved only below MAXPHYADDR 52. */
	if (f->fault == FK_RSVD && vm.maxphyaddr > 51)
		return false;
	if ((f->fault == FK_SMAP || f->fault == FK_SMAP_AC) && !vm.smap)
		return false;
	if (f->fault == FK_SMEP && !vm.smep)
		return false;
	return !cpl3(f->fault) || is64(&imodes[f->im]) || vm.payload;
}

/* Every vector to its HLT through interrupt gates of the mode ("IDT
 * Descriptors", "64-Bit Mode IDT"). */
static void put_idt(struct state *s, bool m64)
{
	for (unsigned v = 0; v < NR_VECTORS; v++) {
		uint64_t off = HANDLERS + 16 * v, hi = 0;
		uint64_t lo = (off & 0xffff) | (uint64_t)(m64 ? 0x08 : 0x18) << 16 |
			      0x8e00ull << 32 | (off >> 16 & 0xffff) << 48;
		memcpy(img + IDT + (m64 ? 16 : 8) * v, &lo, 8);
		if (m64)
			memcpy(img + IDT + 16 * v + 8, &hi, 8);
	}
	memset(img + HANDLERS, 0xf4, 16 * NR_VECTORS);
	s->sregs.idtr.base = IDT;
	s->sregs.idtr.limit = (uint16_t)((m64 ? 16 : 8) * NR_VECTORS - 1);
}

/* A page table over 0-2 MiB (0-4 MiB for 32-bit paging) of 4-KByte pages
 * at FAULT_PT in place of the large page at 0: P RW A D, and U/S where
 * user. */
static void put_fault_pt(bool wide, bool user)
{
	uint64_t *pd = (uint64_t *)(img + PML4 + 0x2000);
	uint64_t f = 0x63 | (user ? 4u : 0u);

	for (unsigned i = 0; i < 1024; i++) {
		if (wide && i < 512) {
			uint64_t e = (uint64_t)i << 12 | f;
			memcpy(img + FAULT_PT + 8 * i, &e, 8);
		} else if (!wide) {
			uint32_t e = (uint32_t)(i << 12 | f);
			memcpy(img + FAULT_PT + 4 * i, &e, 4);
		}
	}
	/* A non-leaf entry: P RW A U/S, so that the leaves decide; for
	 * 32-bit paging its low 4 bytes are PDE 0, the high 4 PDE 1. */
	pd[0] = FAULT_PT | 0x27;
}

/* Change the flags of the PTE of the page at a: clear `clear`, set
 * `set`. */
static void pte_flags(bool wide, uint32_t a, uint64_t clear, uint64_t set)
{
	unsigned size = wide ? 8 : 4;
	uint8_t *p = img + FAULT_PT + size * (a >> 12);
	uint64_t e = 0;

	memcpy(&e, p, size);
	e = (e & ~clear) | set;
	memcpy(p, &e, size);
}

/* ... of both data pages. */
static void data_ptes(bool wide, uint64_t clear, uint64_t set)
{
	pte_flags(wide, DATA, clear, set);
	pte_flags(wide, DATA + 0x1000, clear, set);
}

/* CPL 3: user code and stack segments (GDT 33H and 2BH in 64-bit mode;
 * in 32-bit mode the flat ones with DPL 3 in the cache), and the TSS the
 * switch to CPL 0 takes its stack from (RSP0 or ESP0 at V86_TSS + 4, SS0
 * at + 8), with the I/O bitmap of V86_TSS for the OUT that ends the run. */
static void put_user(struct state *s, bool m64)
{
	struct vmexit_sregs *r = &s->sregs;
	uint64_t sp0 = DATA + 0x2800;
	uint16_t ss0 = 0x10;

	for (unsigned i = 0; i < 6; i++) {
		r->seg[i].selector |= 3;
		r->seg[i].ar |= 3u << VMEXIT_AR_DPL_SHIFT;
	}
	if (m64) {
		r->seg[VMEXIT_SEG_CS].selector = 0x33;
		r->seg[VMEXIT_SEG_SS].selector = 0x2b;
		memcpy(img + V86_TSS + 4, &sp0, 8);
	} else {
		/* The GDT is read only for the switch to CPL 0: CS 18H from
		 * the IDT, SS0 10H from the TSS. */
		uint32_t esp0 = (uint32_t)sp0;
		memcpy(img + V86_TSS + 4, &esp0, 4);
		memcpy(img + V86_TSS + 8, &ss0, 2);
	}
	/* An available TSS type, as for virtual-8086 mode: QEMU aborts
	 * ("invalid tss type") when it switches stacks through a cached TR
	 * that is a busy 32-bit TSS, as the processor's is.  KVM returns TR
	 * busy, so a KVM_SET_SREGS of what it returned would make it busy;
	 * with vmexit_kvm_exception_payload() the adapter writes CR2 without
	 * one, and 32-bit CPL 3 runs (fmode_here()). */
	r->seg[VMEXIT_SEG_TR] = (struct vmexit_segment){
		.base = V86_TSS, .limit = V86_IOMAP + 256 / 8, .selector = 0x20,
		.ar = VMEXIT_SYS_TSS_AVAIL | VMEXIT_AR_P };
}

/* The fault of part 1b on top of a case's state (fmodes[]): the PTEs of
 * the two data pages below the stack page (4-KByte pages through
 * FAULT_PT), the address registers, the CPL or CR4.SMAP.  FK_NONE
 * restores the 2-MByte page the other runs use.  No segment-limit
 * faults: QEMU does not check the limits of data segments, so the
 * native side cannot judge them (tests/test_emulate_families.c and
 * test_linear.c check them by hand); nor #AC, which QEMU does not
 * raise. */
static void put_fault(struct state *s, const struct icase *c,
		      const struct imode *m, unsigned fault)
{
	uint64_t *pd = (uint64_t *)(img + PML4 + 0x2000);
	uint64_t *upper = (uint64_t *)(img + PML4); /* PML4E 0, PDPTE 0 */
	bool wide = m->kind != IM_32PG, m64 = is64(m);

	pd[0] = 0xe3;
	upper[0] &= ~4ull;
	upper[512] &= ~4ull;
	if (fault == FK_NONE)
		return;
	put_idt(s, m64);
	/* CPL 3 runs on user pages but for the data; under SMAP only the
	 * data pages are user, as the IDT, the stack and the handlers are
	 * reached by supervisor accesses that SMAP would refuse. */
	if (fault != FK_NC) {
		put_fault_pt(wide, cpl3(fault));
		upper[0] |= 4;
		upper[512] |= 4;
	}
	switch (fault) {
	case FK_NP:
		data_ptes(wide, 1, 0);
		break;
	case FK_CROSS:
		/* The first data page present, the second not (the address
		 * registers near it: ibuild()). */
		pte_flags(wide, DATA + 0x1000, 1, 0);
		break;
	case FK_RO:
		data_ptes(wide, 2, 0);
		s->sregs.cr0 |= VMEXIT_CR0_WP;
		break;
	case FK_RSVD:
		data_ptes(wide, 0, 1ull << 51);
		break;
	case FK_USER:    /* supervisor pages */
	case FK_USER_RO: /* read-only user pages */
		data_ptes(wide, fault == FK_USER ? 4 : 2, 0);
		put_user(s, m64);
		break;
	case FK_SMAP:
	case FK_SMAP_AC:
		data_ptes(wide, 0, 4);
		s->sregs.cr4 |= VMEXIT_CR4_SMAP;
		s->regs.rflags &= ~(uint64_t)VMEXIT_RFLAGS_AC;
		if (fault == FK_SMAP_AC)
			s->regs.rflags |= VMEXIT_RFLAGS_AC;
		break;
	case FK_RO_NOWP:
		data_ptes(wide, 2, 0);
		break;
	case FK_SMEP:
		pte_flags(wide, CODE, 0, 4);
		s->sregs.cr4 |= VMEXIT_CR4_SMEP;
		break;
	case FK_AD:
		data_ptes(wide, 0x60, 0);
		break;
	case FK_CNP:
		pte_flags(wide, CODE, 1, 0);
		break;
	case FK_CNX:
		pte_flags(wide, CODE, 0, 1ull << 63);
		s->sregs.efer |= VMEXIT_EFER_NXE;
		break;
	case FK_TS:
		s->sregs.cr0 |= VMEXIT_CR0_TS;
		break;
	case FK_EM:
		s->sregs.cr0 |= VMEXIT_CR0_EM;
		break;
	case FK_NOFX:
		s->sregs.cr4 &= ~(uint64_t)(VMEXIT_CR4_OSFXSR | VMEXIT_CR4_OSXMMEXCPT);
		break;
	case FK_XCR0:
		s->xcr0 = 3; /* x87 and SSE */
		break;
	case FK_ALIGN: /* ibuild() */
		break;
	case FK_TF:
		s->regs.rflags |= VMEXIT_RFLAGS_TF;
		break;
	case FK_NC:
		/* Bit 63 set in an address near 0: bits 63:47 differ, so
		 * the address is not canonical ("Canonical Addressing"). */
		for (unsigned i = 0; i < 16; i++)
			if (c->areg & (1u << i))
				s->regs.gpr[i] |= 1ull << 63;
		break;
	}
	/* The exception frame stays on the stack page: 40H bytes above its
	 * start, off the data page below it. */
	s->regs.gpr[VMEXIT_RSP] += 0x100;
	/* RF starts set: a fault's EFLAGS image has RF = 1, which QEMU
	 * leaves out when it delivers the fault itself (NO_RF) but keeps
	 * when it finds it set; KVM's injection of the library's fault sets
	 * it.  Where the library sets it is checked in tests/
	 * test_emulate.c.  Not at CPL 3: there QEMU keeps an RF it started
	 * with past the instruction, to the OUT's exit, where the library
	 * has cleared it as the instruction completed; the EFLAGS image is
	 * reviewed[] instead, at its fixed place below RSP0. */
	if (!cpl3(fault) && fault != FK_TF)
		s->regs.rflags |= VMEXIT_RFLAGS_RF;
}

/* Runs of part 1b that ended in an exception handler. */
unsigned n_faulted;

/* The port accesses of the two runs. */
static void cmp_pio(void)
{
	char f[32];

	cmp64("port accesses", pio_nat.n, pio.n, ~0ull);
	for (unsigned i = 0; i < pio.n && i < pio_nat.n && i < PIO_MAX; i++) {
		const struct pio_access *a = &pio_nat.a[i], *b = &pio.a[i];
		snprintf(f, sizeof(f), "port access %u", i);
		if (a->port != b->port || a->size != b->size || a->out != b->out ||
		    a->val != b->val)
			report(f, ~0ull, "native %s %#x/%u %#x library %s %#x/%u %#x",
			       a->out ? "out" : "in", a->port, a->size, a->val,
			       b->out ? "out" : "in", b->port, b->size, b->val);
	}
}

/* The vector whose handler a run ended in, or -1. */
static int64_t handler_vector(const struct state *s)
{
	uint64_t off = s->regs.rip - 1 - HANDLERS;

	return off < 16 * NR_VECTORS ? (int64_t)(off / 16) : -1;
}

/* The exception both runs took, as fields of their own (for reviewed[]):
 * the vector, and the error code on the handler's stack, named by the
 * fault and whether the instruction reads and writes its operand.  Both
 * are then taken out of the comparison of RIP and memory. */
/* The single-step trap after the instruction (FK_TF): BS in DR6, with
 * B0-B3, BD and BT as they were ("Debug Status Register (DR6)"); the
 * EFLAGS image in the handler's frame (EIP, CS, EFLAGS: the same CPL)
 * has the flags the instruction left, those it leaves undefined aside,
 * and stops the memory compare from seeing them. */
static void cmp_single_step(const struct state *nat, const struct state *lib,
			    bool m64, uint64_t undef)
{
	uint64_t at = nat->regs.gpr[VMEXIT_RSP] + (m64 ? 16 : 8), a = 0, b = 0;
	unsigned n = m64 ? 8 : 4;

	cmp64("dr6", nat->dregs.dr6, lib->dregs.dr6, 0xe00full);
	if (lib->regs.gpr[VMEXIT_RSP] != nat->regs.gpr[VMEXIT_RSP] ||
	    at > I_END - n)
		return;
	memcpy(&a, mem_nat + at, n);
	memcpy(&b, mem_lib + at, n);
	cmp64("EFLAGS image", a, b, ~undef);
	memcpy(mem_lib + at, mem_nat + at, n);
}

static void cmp_fault(const struct fmode *f, const struct vmexit_insn *d,
		      const struct state *nat, struct state *lib, uint64_t undef)
{
	int64_t v = handler_vector(nat), vl = handler_vector(lib);
	uint64_t sp = nat->regs.gpr[VMEXIT_RSP], a = 0, b = 0;
	char field[80];

	if (v < 0 || vl < 0)
		return;
	cmp64("vector", (uint64_t)v, (uint64_t)vl, ~0ull);
	if (v == VMEXIT_EXC_DB && vl == VMEXIT_EXC_DB)
		cmp_single_step(nat, lib, d->mode == 64, undef);
	lib->regs.rip = nat->regs.rip;
	if (lib->regs.gpr[VMEXIT_RSP] != sp ||
	    !(v == VMEXIT_EXC_PF || v == VMEXIT_EXC_GP || v == VMEXIT_EXC_SS) ||
	    sp > I_END - 8)
		return;
	memcpy(&a, mem_nat + sp, 8);
	memcpy(&b, mem_lib + sp, 8);
	bool rmw = d->nmem && d->mem[0].access == VMEXIT_ACC_RW;
	snprintf(field, sizeof(field), "%s error code%s%s",
		 v == VMEXIT_EXC_PF ? "#PF" : v == VMEXIT_EXC_GP ? "#GP" : "#SS",
		 rmw ? ", read-modify-write" : "",
		 f->fault == FK_NP || f->fault == FK_CROSS ? ", not present"
		 : f->fault == FK_RSVD ? ", reserved bit"
		 : f->fault == FK_USER ? ", supervisor page"
		 : f->fault == FK_SMAP ? ", SMAP"
		 : f->fault == FK_RO ? ", read-only" : "");
	cmp64(field, a, b, ~0ull);
	memcpy(mem_lib + sp, mem_nat + sp, 8);
}

/* Whether two decodes are the same instruction with the same operands
 * (the 16-bit form of a 32-bit case, to16()). */
static bool same_insn(const struct vmexit_insn *a, const struct vmexit_insn *b,
		      bool osize)
{
	if (a->mnemonic != b->mnemonic || a->mandatory != b->mandatory ||
	    a->encoding != b->encoding || a->noperands != b->noperands ||
	    a->nmem != b->nmem || a->asize != b->asize ||
	    (osize && a->osize != b->osize))
		return false;
	for (unsigned i = 0; i < a->noperands && i < VMEXIT_INSN_MAX_OPS; i++)
		if (a->op[i].kind != b->op[i].kind ||
		    a->op[i].size != b->op[i].size ||
		    a->op[i].rclass != b->op[i].rclass ||
		    a->op[i].reg != b->op[i].reg)
			return false;
	for (unsigned i = 0; i < a->nmem && i < 2; i++)
		if (a->mem[i].width != b->mem[i].width ||
		    a->mem[i].seg != b->mem[i].seg ||
		    a->mem[i].base != b->mem[i].base ||
		    a->mem[i].index != b->mem[i].index)
			return false;
	return true;
}

/* The bytes of a 32-bit case for 16-bit code: 66 and 67 toggled, so
 * that operand and address size stay those of the 32-bit case.  Where
 * 66 selects the form (a mandatory 66, or MOVAPS that 66 makes MOVAPD)
 * only 67 is toggled, and then the operands' sizes must agree without
 * the operand size.  Returns the length, or 0 if neither is the same
 * instruction (then the case does not run in 16-bit code). */
static unsigned to16(const uint8_t *in, unsigned len,
		     const struct vmexit_insn *d32, uint8_t out[15])
{
	for (unsigned pass = 0; pass < 2; pass++) {
		bool has66 = false, has67 = false;
		unsigned n = 0, k = 0;
		struct vmexit_insn d;

		for (; k < len; k++) {
			uint8_t b = in[k];
			if (b == 0x66)
				has66 = true;
			else if (b == 0x67)
				has67 = true;
			else if (b == 0x26 || b == 0x2e || b == 0x36 ||
				 b == 0x3e || b == 0x64 || b == 0x65 ||
				 b == 0xf0 || b == 0xf2 || b == 0xf3)
				out[n++] = b;
			else
				break;
		}
		if (pass == 1 && has66)
			out[n++] = 0x66;
		if (pass == 0 && !has66)
			out[n++] = 0x66;
		if (!has67)
			out[n++] = 0x67;
		if (n + (len - k) > 15)
			continue;
		memcpy(out + n, in + k, len - k);
		n += len - k;
		if (vmexit_decode(out, n, VMEXIT_DECODE_16, &d) == VMEXIT_DONE &&
		    d.length == n && same_insn(d32, &d, pass == 0))
			return n;
	}
	return 0;
}

/* Runs of 32-bit cases not made in 16-bit code, of ENTER with an operand
 * size other than the stack's (run_icase()). */
unsigned n_no16, n_enter_mixed;

void run_icase(const struct icase *c, unsigned idx, unsigned rep,
	       const struct imode *m, const struct fmode *f)
{
	struct state s, nat, lib;
	struct vmexit_insn d;
	uint8_t bytes[15], b16[15];
	unsigned len = parse_hex(c->hex, bytes, sizeof(bytes));
	bool m64 = is64(m);
	uint32_t x;
	int rc;

	case_begin(c->name, f ? f->name : m->name, rep);
	cur_fault = f != NULL;
	/* The table must hold only what the library claims to emulate. */
	if (vmexit_decode(bytes, len, m64 ? VMEXIT_DECODE_64 : VMEXIT_DECODE_32,
			  &d) != VMEXIT_DONE || d.length != len ||
	    !vmexit_can_emulate(&d)) {
		report("table", ~0ull, "%s does not decode to %u bytes the "
		       "emulator claims", c->hex, len);
		case_end(&n_insn);
		return;
	}
	if (m->dmode == VMEXIT_DECODE_16) {
		/* Not run in 16-bit code, where the native side cannot judge
		 * them:
		 * - VEX: #UD in real mode (the exception tables of "VEX
		 *   Encoded Instructions"), and in 16-bit protected mode
		 *   QEMU takes C4/C5 as VEX only with a 32-bit code segment
		 *   (its "CODE32(s) && !VM86(s)" test), so it raises #UD
		 *   where the SDM has VEX;
		 * - MOVBE: QEMU sizes it by 66 alone ("PREFIX_DATA ? MO_16
		 *   : MO_32"), a doubleword in 16-bit code without 66,
		 *   where the operand size is 16 bits ("MOVBE—Move Data
		 *   After Swapping Bytes": MOVBE r16, m16); tests/
		 *   test_emulate_families.c checks it by hand.
		 * Nor do cases without the same instruction in 16-bit code
		 * (to16()). */
		if (d.encoding == VMEXIT_ENC_VEX || d.mnemonic == VMEXIT_M_MOVBE) {
			n_no16++;
			return;
		}
		len = to16(bytes, len, &d, b16);
		if (!len) {
			n_no16++;
			return;
		}
		memcpy(bytes, b16, len);
		if (vmexit_decode(bytes, len, m->dmode, &d) != VMEXIT_DONE)
			return; /* to16() decoded it */
	}
	/* Absolute addresses (moffs, disp32, RIP-relative) name DATA as a
	 * linear address: not where DS has its base elsewhere. */
	if (data_base(m) && d.nmem && !c->areg && d.mem[0].seg != VMEXIT_SEG_SS &&
	    !(d.flags & VMEXIT_INSN_STACK))
		return;
	/* ENTER with an operand size other than the stack-address size is
	 * not emulated (lib/x86/emulate_int.c, h_enter(): the manual leaves
	 * its register widths open), so not compared. */
	unsigned stack = m64 ? 8 : m->dmode == VMEXIT_DECODE_16 ? 2 : 4;
	if (d.mnemonic == VMEXIT_M_ENTER && d.osize != stack) {
		n_enter_mixed++;
		return;
	}
	/* VEX ignores CR0.EM (its exception classes in "Exception
	 * Classifications of AVX Instructions" list EM for legacy SSE
	 * only, as Bochs's avx_ok has it); QEMU raises #UD for it. */
	if (f && f->fault == FK_EM && d.encoding == VMEXIT_ENC_VEX)
		return;
	/* QEMU does not translate CLFLUSH's address, so its faults are
	 * not there to compare (tests/test_emulate.c checks them). */
	if (f && (d.mnemonic == VMEXIT_M_CLFLUSH ||
		  d.mnemonic == VMEXIT_M_CLFLUSHOPT || d.mnemonic == VMEXIT_M_CLWB))
		return;
	if (f)
		reseed(16 + (unsigned)(f - fmodes), idx, rep);
	else
		/* Seed parts 1 and 2 for the 64- and 32-bit machines; 3 is
		 * the task switches'; 4 on for the other machines. */
		reseed(m - imodes < 2 ? 1 + (unsigned)(m - imodes)
				      : 2 + (unsigned)(m - imodes), idx, rep);
	ibuild(c, &d, bytes, len, m, f ? f->fault : FK_NONE, &s);
	put_fault(&s, c, m, f ? f->fault : FK_NONE);
	uint64_t undef = undefined_flags(c, bytes, len, &s);
	uint64_t rip = c->kind == K_BRANCH || c->kind == K_FAR ? BRANCH
							       : CODE + len;

	/* Native. */
	/* The run's end: the HLT after the instruction or OUT where HLT is
	 * privileged; in part 1b also an exception handler's HLT. */
	uint32_t end = ends_with_out(m, f ? f->fault : FK_NONE)
			       ? VMEXIT_KVM_X_IO : VMEXIT_KVM_X_HLT;
	memcpy(vm.ram, img, I_END);
	if (set_state(&s))
		fatal("set_state");
	pio.n = 0;
	x = run_serving_io();
	pio_nat = pio;
	uint32_t x_nat = x;
	if (f && x == VMEXIT_KVM_X_HLT)
		x = end;
	if (x != end || get_state(&nat)) {
		report("native", ~0ull, "exit %s instead of %s", exit_name(x),
		       exit_name(end));
		case_end(&n_insn);
		return;
	}
	memcpy(mem_nat, vm.ram, I_END);
	if (handler_vector(&nat) >= 0)
		n_faulted++;

	/* Library. */
	memcpy(vm.ram, img, I_END);
	if (set_state(&s))
		fatal("set_state");
	pio.n = 0;
	vmexit_vcpu_begin(&vm.v);
	rc = vmexit_emulate_at_rip(&vm.v, NULL, 0, NULL);
	/* A fault stays queued: the flush hands it to KVM. */
	bool faulted = f && rc == VMEXIT_EXCEPTION && vm.v.pending_valid;
	/* A fault leaves RIP on the instruction; the single-step trap (the
	 * only #DB here) follows it, or an iteration of a REP string
	 * instruction that left RIP on itself, as the handler's frame
	 * shows. */
	if (faulted)
		rip = vm.v.pending.vector == VMEXIT_EXC_DB ? vm.v.regs.rip : CODE;
	else if (rc != VMEXIT_DONE || vm.v.pending_valid) {
		report("library", ~0ull,
		       "vmexit_emulate_at_rip: %s (why %u%s%s)",
		       vmexit_strerror(rc), vm.v.diag.reason,
		       vm.v.pending_valid ? ", event queued, vector " : "",
		       vm.v.pending_valid ? (vm.v.pending.vector == 6 ? "#UD"
					     : vm.v.pending.vector == 13 ? "#GP"
					     : "other") : "");
		case_end(&n_insn);
		return;
	}
	cmp64("rip after emulation", rip, vm.v.regs.rip, ~0ull);
	/* KVM reads TR back busy (as the processor holds it); where the
	 * machine has it available for QEMU (V86_TSS, put_user()), a flush
	 * of the segment registers (a far CALL's CS) would make QEMU's I/O
	 * check refuse the OUT that ends the run.  Only that bit goes back;
	 * TR is compared afterwards like every register. */
	struct vmexit_segment *tr = &vm.v.sregs.seg[VMEXIT_SEG_TR];
	if ((vm.v.dirty & VMEXIT_G_SREGS) &&
	    (tr->ar ^ s.sregs.seg[VMEXIT_SEG_TR].ar) == 2)
		tr->ar = s.sregs.seg[VMEXIT_SEG_TR].ar;
	if (vmexit_vcpu_flush(&vm.v) != VMEXIT_DONE)
		fatal("flush");
	x = run_serving_io();
	uint32_t x_lib = x;
	if (f && x == VMEXIT_KVM_X_HLT)
		x = end;
	if (x != end || get_state(&lib)) {
		report("library", ~0ull,
		       "exit %s after the emulation instead of %s",
		       exit_name(x), exit_name(end));
		case_end(&n_insn);
		return;
	}
	memcpy(mem_lib, vm.ram, I_END);

	cmp64("exit", x_nat, x_lib, ~0ull);
	cmp_pio();
	if (f)
		cmp_fault(f, &d, &nat, &lib, undef);
	cmp_regs(&nat, &lib, ~0ull, ~undef);
	cmp_sregs(&nat, &lib);
	cmp_dregs(&nat, &lib);
	cmp_vregs(&nat, &lib, vm.avx ? 32 : 16);
	cmp_mem(0, I_END);
	case_end(&n_insn);
}
