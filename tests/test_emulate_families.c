/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Every instruction family of the emulator in every CPU mode, against the
 * mock backend: real, virtual-8086, 16- and 32-bit protected, 16- and
 * 32-bit compatibility (IA-32e, CS.L = 0) and 64-bit mode, each with the
 * operand-size (66) and address-size (67) overrides and segment
 * overrides, the target a device (every access checked: address, size,
 * data, order) and, again, RAM.  Then the faults: segment limits,
 * expand-down and null segments, canonical addresses, the page walk's #PF
 * error codes, #AC, LOCK, the SIMD enables, IOPL and the TSS I/O bitmap,
 * devices that fail, accesses that cross from RAM into a device, and REP
 * string instructions that fault in the middle.
 *
 * Each table is one family; a row is one instruction written once and
 * encoded for each mode by encode() (66/67 where the mode's default size
 * differs, REX only in 64-bit mode).  Every expected value is worked out
 * by hand from the instruction's "Operation" section in SDM Vol. 2 (the
 * comments say how) and never taken from the library.  run_case() is the
 * one runner: it builds the mode, places the operands, runs
 * vmexit_emulate_at_rip() and compares registers, RFLAGS, RIP, the vector
 * registers, every device access, the memory around the target and the
 * queued exception.
 *
 * A first test runs the arithmetic rows natively on the host CPU (x86-64
 * Linux): the tables are checked against the hardware as well as against
 * the SDM, independently of the library.
 *
 * Rows marked KNOWN_BUG(name) are library bugs: they still run, every
 * mismatch is printed as "KNOWN BUG name", and they do not fail the
 * test; KNOWN_RF_BUG(name) does the same for RFLAGS.RF alone and keeps
 * every other check of the row strict.  A known bug that passes is
 * printed too.  FAMILIES_DUMP=1 in the environment prints the bytes of
 * every case.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#if defined(__x86_64__) && defined(__linux__)
#include <sys/mman.h>
#define HOST_ORACLE 1
#endif

#include <vmexit/emulate.h>

#include "lib/guest.h"

/* ------------------------------------------------------------------ */
/* Guest layout (linear = physical unless a test remaps a page).       */

#define SEGB 0x20000u          /* segment bases: SEGB + 0x40 * sreg */
#define CODE_IP 0x1000u        /* CS:IP of the instruction */
#define WIN 0x28000u           /* the device page (or RAM, second run) */
#define T_LA (WIN + 0x100)     /* the ModRM/moffs memory operand */
#define SRC_LA (WIN + 0x200)   /* string source (seg:rSI) */
#define DST_LA (WIN + 0x300)   /* string destination (ES:rDI) */
#define STK_LA (WIN + 0x7f0)   /* SS:rSP: the stack is on the device too */
#define IMG_LO (WIN - 0x1000)  /* pages checked byte by byte: RAM, */
#define IMG_LEN 0x3000u        /* the window, RAM */
#define SNAP_LO 0x10000u       /* RAM that must not change elsewhere */
#define SNAP_HI 0x40000u
#define TSSB 0x60000u          /* 32/64-bit TSS with a full I/O bitmap */
#define TSS_IOMAP 104u
#define TSS_LIMIT (TSS_IOMAP + 8192u) /* bitmap, then the 0xff byte */
#define REMAP_GPA 0x50000u     /* where a test may remap a linear page */

enum { ES = VMEXIT_SEG_ES, CS = VMEXIT_SEG_CS, SS = VMEXIT_SEG_SS,
       DS = VMEXIT_SEG_DS, FS = VMEXIT_SEG_FS, GS = VMEXIT_SEG_GS };

#include "lib/rflags.h"
#define DF VMEXIT_RFLAGS_DF
#define ST VMEXIT_RFLAGS_STATUS
/* Initial flags of a row: every status flag the result clears is set
 * beforehand, so a flag left alone is noticed. */
#define FLIP(x) (ST & ~(uint64_t)(x))

/* ------------------------------------------------------------------ */
/* Modes.                                                              */

enum { REAL, VM86, PROT16, PROT32, COMPAT16, COMPAT32, LONG64, PG32, PAE32,
       NMODES };
#define M(m) (1u << (m))
#define MAIN_MODES (M(REAL) | M(VM86) | M(PROT16) | M(PROT32) | \
		    M(COMPAT16) | M(COMPAT32) | M(LONG64))
#define SEG_MODES (M(REAL) | M(VM86) | M(PROT16) | M(PROT32) | \
		   M(COMPAT16) | M(COMPAT32))
#define PMODE_SEG (M(PROT16) | M(PROT32) | M(COMPAT16) | M(COMPAT32))
#define PAGED (M(PG32) | M(PAE32) | M(COMPAT32) | M(LONG64))

static const struct minfo {
	const char *name;
	uint8_t code;  /* default address size; operand size is 2 or 4 */
	uint8_t stack; /* SS.B (2 or 4), 8 in 64-bit mode */
	uint8_t paging;
} modes[NMODES] = {
	[REAL] = { "real", 2, 2, VMEXIT_PAGING_NONE },
	[VM86] = { "vm86", 2, 2, VMEXIT_PAGING_NONE },
	[PROT16] = { "prot16", 2, 2, VMEXIT_PAGING_NONE },
	[PROT32] = { "prot32", 4, 4, VMEXIT_PAGING_NONE },
	[COMPAT16] = { "compat16", 2, 2, VMEXIT_PAGING_4LEVEL },
	[COMPAT32] = { "compat32", 4, 4, VMEXIT_PAGING_4LEVEL },
	[LONG64] = { "long64", 8, 8, VMEXIT_PAGING_4LEVEL },
	[PG32] = { "prot32+pg", 4, 4, VMEXIT_PAGING_32 },
	[PAE32] = { "prot32+pae", 4, 4, VMEXIT_PAGING_PAE },
};

/* ------------------------------------------------------------------ */
/* Addressing variants: how the memory operand is formed and which
 * segment prefix it carries.  Registers used by the forms are DI, BP, SI
 * (and R9, R12); rows use the others.                                 */

enum form { FM_BASE, FM_BP, FM_RIP, FM_REX };

static const struct variant {
	const char *name;
	uint8_t form;
	bool a67;
	uint8_t seg;   /* segment-override prefix, 0 for none */
	bool only64;
} variants[] = {
	/* 0 */ { "ds", FM_BASE, false, 0, false },
	/* 1 */ { "ss(bp)", FM_BP, false, 0, false },
	/* 2 */ { "67 fs:", FM_BASE, true, 0x64, false },
	/* 3 */ { "67 ds:(bp)", FM_BP, true, 0x3e, false },
	/* 4 */ { "es:", FM_BASE, false, 0x26, false },
	/* 5 */ { "gs: rip", FM_RIP, false, 0x65, true },
	/* 6 */ { "ss: r12+r9*8", FM_REX, false, 0x36, true },
	/* Only for fault tables: */
	/* 7 */ { "cs:", FM_BASE, false, 0x2e, false },
	/* 8 */ { "es:(bp)", FM_BP, false, 0x26, false },
	/* 9 */ { "fs:(bp)", FM_BP, false, 0x64, false },
	/* 10 */ { "ss:", FM_BASE, false, 0x36, false },
};
#define NVARS (sizeof(variants) / sizeof(variants[0]))
#define V(n) (1u << (n))
#define FAMILY_VARS (V(0) | V(1) | V(2) | V(3) | V(4) | V(5) | V(6))

/* ------------------------------------------------------------------ */
/* Rows.                                                               */

/* Register numbers + 1 (0 ends a list). */
enum { rAX = 1, rCX, rDX, rBX, rSP, rBP, rSI, rDI,
       r8, r9, r10, r11, r12, r13, r14, r15 };

/* Widths in register lists.  Setting: the low bytes get the value, the
 * rest keeps the runner's pattern.  Expecting: the architectural write
 * ("General-Purpose Registers in 64-Bit Mode", SDM Vol. 1): 8- and 16-bit
 * results merge, 32-bit results are zero-extended to 64 bits. */
enum { HB = 0x11,   /* AH, CH, DH, BH */
       AD = 0x20,   /* the address size (string counts and indices) */
       DELTA = 0x21 /* expected: initial + value, at the address size */ };

struct regv {
	uint8_t r, w;
	uint64_t v;
};

enum loc { L_T, L_SRC, L_DST, L_STK, L_PORT, L_CODE };

struct minit {
	uint8_t loc;  /* enum loc + 1; 0 ends the list */
	int16_t d;
	uint64_t v; /* 8 bytes, little-endian */
};

enum { D_MEM, D_VAL, D_VREG, D_RET };

/* An expected access, in order.  Device accesses (the part of the
 * location on the device page in a device run, and every port access)
 * are compared with the device log; writes also update the expected
 * memory image, reads are compared with it. */
struct acc {
	char k;       /* 'R', 'W', 'I' (port in), 'O' (port out), 'r': a read
		       * the SDM leaves open (compared if it is there),
		       * 'F': v2 bytes of v written to RAM (not logged) */
	uint8_t loc;
	int32_t d;    /* offset from loc, or the port */
	uint8_t size;
	uint8_t src;  /* D_*: data of writes/outs (reads are D_MEM) */
	uint64_t v, v2;
};

/* An expected exception. */
enum { XSEG = 0xfe };   /* #SS(0) if the operand's segment is SS, else #GP(0) */
struct xexp {
	uint8_t on, vec;
	bool err;           /* error code pushed (except in real mode) */
	uint32_t code;
	uint8_t cr2loc;
	int16_t cr2d;
};

enum kind { K_NONE, K_MODRM, K_MOFFS, K_STR };

/* Row flags. */
#define F_64 0x0001     /* 64-bit mode only */
#define F_N64 0x0002    /* not in 64-bit mode */
#define F_D64 0x0004    /* operand size 64 by default in 64-bit mode */
#define F_NOREX 0x0008  /* AH-BH operand: no REX forms */
#define F_VEX 0x0010    /* VEX: not in real and vm86 mode */
#define F_LOCK 0x0020   /* F0 prefix */
#define F_LOOSE 0x0040  /* accesses not compared (only the memory result) */
#define F_NORAM 0x0080  /* device run only */
#define F_NOGPR 0x0100  /* general registers not compared (reported) */
#define F_RIPEND 0x0200 /* IP placed so the instruction ends at FFFFH */
#define F_CSLIM 0x0400  /* CS.limit = last byte of the insn + arg */
#define F_NODEV 0x0800  /* RAM run only */
#define F_RIPSTAY 0x1000 /* completes with RIP on the instruction */

struct ctx;

struct row {
	const char *name;
	const char *op;
	uint8_t oplen;
	uint8_t kind;
	uint8_t reg;        /* ModRM.reg (0-15) */
	uint8_t size;       /* operand size selecting 66 / REX.W (0: none) */
	uint8_t mp;         /* mandatory or REP prefix */
	uint8_t rex;        /* REX bits to add (0x40 forces a REX) */
	uint16_t f;
	const char *imm;
	uint8_t immlen;
	struct regv set[6];
	struct regv exp[6];
	int16_t sp;         /* change of rSP */
	int16_t bp;         /* rBP = stack offset + bp (LEAVE) */
	uint64_t fi, fo, fu; /* flags in, status flags out, undefined */
	struct minit mi[4];
	struct acc a[10];
	uint64_t rip;       /* branch target; 0: the next instruction */
	uint8_t vr, vw, vz; /* load into ymm(vr - 1): bytes, zeroed up to */
	uint8_t vo, vs;     /* the bytes loaded start at vo; bytes 15:0 but
			     * those come from ymm(vs - 1), if vs, and the
			     * rest is zeroed (the VEX half loads) */
	/* Fault tables. */
	struct xexp x;
	int rc;             /* expected status other than DONE/EXCEPTION */
	uint32_t modes, vars;
	int16_t td;         /* the operand (T, SRC, DST) moved by td */
	uint64_t la;        /* the operand at this linear address instead */
	uint8_t fail_at;    /* the n-th device access fails */
	int arg, arg2;      /* for env */
	void (*env)(struct ctx *c);
	const char *bug;    /* KNOWN_BUG: every mismatch of the row is known */
	const char *rfbug;  /* KNOWN_RF_BUG: only RFLAGS.RF is known wrong */
};

#define OP(s) .op = (s), .oplen = sizeof(s) - 1
#define IMM(s) .imm = (s), .immlen = sizeof(s) - 1
#define RM(n) .kind = K_MODRM, .reg = (n)
#define MOFFS .kind = K_MOFFS
#define STR .kind = K_STR
#define FK(x) .fi = (x), .fo = (x)
#define KNOWN_BUG(nm) .bug = (nm)
#define KNOWN_RF_BUG(nm) .rfbug = (nm)

#define SB(r, v) { r, 1, v }
#define SW(r, v) { r, 2, v }
#define SD(r, v) { r, 4, v }
#define SQ(r, v) { r, 8, v }
#define SC(v) { rCX, AD, v }
#define E(r, w, v) { r, w, v }
#define EADD(r, d) { r, DELTA, (uint64_t)(int64_t)(d) }
#define MI(l, d, v) { (l) + 1, d, v }

#define RD(l, d, s) { 'R', l, d, s, D_MEM, 0, 0 }
#define RD_MAYBE(l, d, s) { 'r', l, d, s, D_MEM, 0, 0 }
#define FILL(l, d, n, v) { 'F', l, d, 1, D_VAL, v, n }
#define WR(l, d, s, v) { 'W', l, d, s, D_VAL, v, 0 }
#define WR2(l, d, s, v, v2) { 'W', l, d, s, D_VAL, v, v2 }
#define WRM(l, d, s) { 'W', l, d, s, D_MEM, 0, 0 }
#define WRV(l, d, s, n, o) { 'W', l, d, s, D_VREG, n, o }
#define WRET(l, d, s) { 'W', l, d, s, D_RET, 0, 0 }
#define PIN(p, s, v) { 'I', L_PORT, p, s, D_VAL, v, 0 }
#define POUT(p, s, v) { 'O', L_PORT, p, s, D_VAL, v, 0 }
#define RT(s) RD(L_T, 0, s)
#define WT(s, v) WR(L_T, 0, s, v)
#define VL(n, w, z) .vr = (n) + 1, .vw = (w), .vz = (z)
/* MOVHPS: 8 bytes into bits 127:64; VMOVLPS/VMOVHPS: 8 bytes at o, the
 * rest of bits 127:0 from ymm(s), bits 255:128 zeroed. */
#define VLHI(n) VL(n, 8, 0), .vo = 8
#define VLV(n, o, s) VL(n, 8, 32), .vo = (o), .vs = (s) + 1

#define XV(v, e, c) .x = { 1, v, e, c, 0, 0 }
#define X_GP .x = { 1, VMEXIT_EXC_GP, true, 0, 0, 0 }
#define X_SS .x = { 1, VMEXIT_EXC_SS, true, 0, 0, 0 }
#define X_SEG .x = { 1, XSEG, true, 0, 0, 0 }
#define X_UD .x = { 1, VMEXIT_EXC_UD, false, 0, 0, 0 }
#define X_NM .x = { 1, VMEXIT_EXC_NM, false, 0, 0, 0 }
#define X_AC .x = { 1, VMEXIT_EXC_AC, true, 0, 0, 0 }
#define X_PF(ec, l, d) .x = { 1, VMEXIT_EXC_PF, true, ec, l, d }

/* ------------------------------------------------------------------ */
/* One case.                                                           */

struct logent {
	char k;
	uint8_t size;
	uint64_t addr;
	uint8_t data[32];
};

struct ctx {
	int mode;
	unsigned var;
	const struct row *r;
	bool mmio;
	const char *table;
	unsigned adsize, stackw, codew;
	unsigned seg;             /* segment of the operand / string source */
	uint64_t la_t, la_src, la_dst;
	bool sp_set;
	uint64_t sp_off;          /* stack offset (SS-relative) */
	uint64_t rip0;
	bool remap;
	uint64_t remap_la;
	uint64_t fl_extra;        /* RFLAGS bits a hook adds (AC, IOPL) */
	size_t len;
	uint64_t gpr0[16];
	/* device */
	unsigned dev_calls, in_idx;
	struct logent log[64];
	unsigned nlog;
	/* result */
	unsigned nfail, nknown;
	char what[160];
};

static struct guest g;
static uint8_t dev_mem[0x1000];
static uint8_t img[IMG_LEN];          /* expected memory around T */
static uint8_t snap[SNAP_HI - SNAP_LO];
static unsigned counts[32][NMODES];
static unsigned print_budget;

static uint8_t pat(uint64_t la)
{
	return (uint8_t)(la * 0x9d + (la >> 8) * 0x3b + 0x11);
}

static uint64_t gpr_pat(unsigned i)
{
	return 0xa5a5a5a500000000ull | (0x01010101u * (i + 1));
}

static uint8_t vpat(unsigned n, unsigned k)
{
	return (uint8_t)(0x40 + n * 32 + k * 5);
}

static uint64_t mask(unsigned bytes)
{
	return bytes >= 8 ? ~0ull : (1ull << (8 * bytes)) - 1;
}

static void vreport(struct ctx *c, const char *bug, const char *fmt,
		    va_list ap)
{
	if (bug)
		c->nknown++;
	else
		c->nfail++;
	if (print_budget == 0)
		return;
	print_budget--;
	printf("  %s%s: %s | %s | %s | %s: ", bug ? "KNOWN BUG " : "FAIL",
	       bug ? bug : "", c->r->name, modes[c->mode].name,
	       variants[c->var].name, c->mmio ? "device" : "ram");
	vprintf(fmt, ap);
	printf("\n");
}

static void mismatch(struct ctx *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(c, c->r->bug, fmt, ap);
	va_end(ap);
}

static void known(struct ctx *c, const char *bug, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(c, c->r->bug ? c->r->bug : bug, fmt, ap);
	va_end(ap);
}

/* ------------------------------------------------------------------ */
/* The device and the ports.                                           */

static void log_access(struct ctx *c, char k, uint64_t addr,
		       const void *data, unsigned size)
{
	struct logent *l;

	if (c->nlog >= sizeof(c->log) / sizeof(c->log[0]))
		return;
	l = &c->log[c->nlog++];
	l->k = k;
	l->addr = addr;
	l->size = (uint8_t)size;
	memset(l->data, 0, sizeof(l->data));
	memcpy(l->data, data, size < 32 ? size : 32);
}

static int dev_fn(void *opaque, uint64_t gpa, void *data, unsigned size,
		  bool write)
{
	struct ctx *c = opaque;

	if (c->r->fail_at && ++c->dev_calls == c->r->fail_at)
		return VMEXIT_ERR_BACKEND;
	if (gpa < WIN || gpa + size > WIN + 0x1000)
		return VMEXIT_ERR_BACKEND;
	if (write)
		memcpy(&dev_mem[gpa - WIN], data, size);
	else
		memcpy(data, &dev_mem[gpa - WIN], size);
	log_access(c, write ? 'W' : 'R', gpa, data, size);
	return VMEXIT_DONE;
}

/* IN returns what the row's next 'I' access says. */
static int pio_fn(void *opaque, uint64_t port, void *data, unsigned size,
		  bool write)
{
	struct ctx *c = opaque;

	if (c->r->fail_at && ++c->dev_calls == c->r->fail_at)
		return VMEXIT_ERR_BACKEND;
	if (!write) {
		uint64_t v = 0xeeeeeeeeeeeeeeeeull;
		unsigned n = 0;
		for (unsigned i = 0; i < 10 && c->r->a[i].k; i++)
			if (c->r->a[i].k == 'I' && n++ == c->in_idx) {
				v = c->r->a[i].v;
				break;
			}
		c->in_idx++;
		memcpy(data, &v, size);
	}
	log_access(c, write ? 'O' : 'I', port, data, size);
	return VMEXIT_DONE;
}

/* ------------------------------------------------------------------ */
/* Setting up a mode.                                                  */

static bool paged(const struct ctx *c)
{
	return modes[c->mode].paging != VMEXIT_PAGING_NONE;
}

/* Where linear page `la` is in guest-physical memory. */
static uint64_t gpa_of(const struct ctx *c, uint64_t la)
{
	if (c->remap && (la & ~0xfffull) == c->remap_la)
		return REMAP_GPA + (la & 0xfff);
	return la;
}

static bool on_device(const struct ctx *c, uint64_t gpa)
{
	return c->mmio && gpa >= WIN && gpa < WIN + 0x1000;
}

static uint8_t *mem_at(const struct ctx *c, uint64_t la)
{
	uint64_t gpa = gpa_of(c, la);
	return on_device(c, gpa) ? &dev_mem[gpa - WIN] : &g.ram[gpa];
}

/* The base a segment contributes: in 64-bit mode only FS and GS have one
 * (SDM Vol. 1, 3.3.7.1 "Segmentation in 64-Bit Mode"). */
static uint64_t eff_base(const struct ctx *c, unsigned seg)
{
	if (c->mode == LONG64 && seg != FS && seg != GS)
		return 0;
	return g.mock.sregs.seg[seg].base;
}

static void setup_mode(struct ctx *c)
{
	const struct minfo *mi = &modes[c->mode];
	enum vmexit_cpu_mode base = c->mode == REAL ? VMEXIT_MODE_REAL
				    : mi->paging == VMEXIT_PAGING_4LEVEL
					    ? VMEXIT_MODE_LONG64
					    : VMEXIT_MODE_PROT32;
	struct vmexit_sregs *s;
	bool code16 = mi->code == 2;

	assert_int_equal(guest_init(&g, base, mi->paging), 0);
	s = &g.mock.sregs;
	if (mi->paging)
		for (uint64_t a = 0; a < 0x100000; a += 0x1000)
			guest_map(&g, a, a, 0x7, 1);
	for (unsigned i = ES; i <= GS; i++) {
		struct vmexit_segment *sg = &s->seg[i];
		uint64_t b = SEGB + 0x40u * i;

		if (c->mode == VM86) {
			/* "Virtual-8086 Mode" (SDM Vol. 3): base = selector *
			 * 16, limit FFFFH, a DPL 3 data segment. */
			*sg = (struct vmexit_segment){ b, 0xffff, 0xf3,
						       (uint16_t)(b >> 4) };
			continue;
		}
		sg->base = b;
		if (c->mode == REAL)
			sg->selector = (uint16_t)(b >> 4);
		if (code16) {
			sg->limit = 0xffff;
			sg->ar &= ~(uint32_t)(VMEXIT_AR_DB | VMEXIT_AR_G);
		}
	}
	if (c->mode == COMPAT16 || c->mode == COMPAT32) {
		s->seg[CS].ar &= ~(uint32_t)VMEXIT_AR_L;
		if (c->mode == COMPAT32)
			s->seg[CS].ar |= VMEXIT_AR_DB;
	}
	if (c->mode == VM86)
		g.mock.regs.rflags |= VMEXIT_RFLAGS_VM;
	s->seg[VMEXIT_SEG_TR] = (struct vmexit_segment){ TSSB, TSS_LIMIT, 0x8b,
							0x28 };
	memset(g.ram + TSSB, 0, TSS_LIMIT + 1);
	g.ram[TSSB + 102] = TSS_IOMAP;
	g.ram[TSSB + TSS_LIMIT] = 0xff;
	s->cr4 |= VMEXIT_CR4_OSFXSR | VMEXIT_CR4_OSXSAVE;
	g.mock.vregs.xcr0 = 7;
	g.mock.pio = pio_fn;
	g.mock.pio_opaque = c;
	if (c->mmio)
		vmexit_mock_add_mmio(&g.mock, WIN, 0x1000, dev_fn, c);
}

/* ------------------------------------------------------------------ */
/* Encoding.                                                           */

static bool is_rex_row(const struct row *r)
{
	return r->rex || (r->kind == K_MODRM && r->reg >= 8);
}

static bool row_in_mode(const struct row *r, int mode)
{
	uint32_t m = r->modes ? r->modes : MAIN_MODES;

	if (!(m & M(mode)))
		return false;
	if (mode != LONG64 && ((r->f & F_64) || r->size == 8 || is_rex_row(r)))
		return false;
	if (mode == LONG64 && (r->f & F_N64))
		return false;
	if (mode == LONG64 && (r->f & F_D64) && r->size == 4)
		return false; /* not encodable: 66 selects 16 bits */
	if ((r->f & F_VEX) && !r->modes && (mode == REAL || mode == VM86))
		return false;
	return true;
}

static bool var_ok(const struct row *r, unsigned v, int mode, uint32_t dflt)
{
	uint32_t vars = r->vars ? r->vars : dflt;
	const struct variant *va = &variants[v];

	if (!(vars & V(v)) || (va->only64 && mode != LONG64))
		return false;
	switch (r->kind) {
	case K_NONE:
		return v == 0;
	case K_MOFFS:
	case K_STR:
		return va->form != FM_BP && va->form != FM_REX;
	default:
		return !(va->form == FM_REX && (r->f & (F_NOREX | F_VEX)));
	}
}

/* The segment of the memory operand (string source): the override,
 * except ES/CS/SS/DS overrides in 64-bit mode, which are ignored (SDM
 * Vol. 1, 3.3.7.1 "Segmentation in 64-Bit Mode"); else SS for a BP/EBP/
 * RBP base, else DS (SDM Vol. 1, 3.7.5 "Specifying an Offset", default
 * segment selection). */
static unsigned op_seg(const struct ctx *c)
{
	unsigned dflt = (c->r->kind == K_MODRM &&
			 variants[c->var].form == FM_BP) ? SS : DS;
	bool is64 = c->mode == LONG64;

	switch (variants[c->var].seg) {
	case 0x26: return is64 ? dflt : ES;
	case 0x2e: return is64 ? dflt : CS;
	case 0x36: return is64 ? dflt : SS;
	case 0x3e: return is64 ? dflt : DS;
	case 0x64: return FS;
	case 0x65: return GS;
	default: return dflt;
	}
}

static void setlow(uint64_t *r, uint64_t v, unsigned w)
{
	*r = (*r & ~mask(w)) | (v & mask(w));
}

static void put(uint8_t *out, size_t *n, uint64_t v, unsigned bytes)
{
	for (unsigned i = 0; i < bytes; i++)
		out[(*n)++] = (uint8_t)(v >> (8 * i));
}

/* ModRM, SIB and displacement for the variant's form at the address
 * size, and the registers that make the effective address `off`.  Every
 * form wraps: 16-bit sums past FFFFH, 32-bit ones past 4 GBytes, disp32
 * sign-extended in 64-bit mode ("Addressing Modes", SDM Vol. 2, 2.1.5). */
static void put_modrm(struct ctx *c, uint8_t *out, size_t *n, uint8_t *rex,
		      uint64_t off, size_t *rip_at)
{
	unsigned reg = c->r->reg & 7;
	uint64_t *gp = c->gpr0;

#define MODRM(mod, rm) (uint8_t)(((mod) << 6) | (reg << 3) | (rm))
	switch (c->adsize) {
	case 2:
		if (variants[c->var].form == FM_BP) {
			/* [bp+si+disp8]: BP + 8000H - 10H */
			out[(*n)++] = MODRM(1, 2);
			out[(*n)++] = 0xf0;
			setlow(&gp[VMEXIT_RSI], 0x8000, 2);
			setlow(&gp[VMEXIT_RBP], off + 0x10 - 0x8000, 2);
		} else {
			/* [di+disp16], DI + F000H wraps past FFFFH */
			out[(*n)++] = MODRM(2, 5);
			put(out, n, 0xf000, 2);
			setlow(&gp[VMEXIT_RDI], off - 0xf000, 2);
		}
		break;
	case 4:
		if (variants[c->var].form == FM_BP) {
			/* [ebp+esi*2+disp8], ESI*2 = 1 0000 0000H wraps */
			out[(*n)++] = MODRM(1, 4);
			out[(*n)++] = 0x75;
			out[(*n)++] = 0xf0;
			setlow(&gp[VMEXIT_RSI], 0x80000000u, 4);
			setlow(&gp[VMEXIT_RBP], off + 0x10, 4);
		} else {
			/* [edi+disp32] with disp32 = 80000000H */
			out[(*n)++] = MODRM(2, 7);
			put(out, n, 0x80000000u, 4);
			setlow(&gp[VMEXIT_RDI], off + 0x80000000u, 4);
		}
		break;
	default:
		switch (variants[c->var].form) {
		case FM_BP: /* [rbp+rsi*2+disp8], 64-bit sums */
			out[(*n)++] = MODRM(1, 4);
			out[(*n)++] = 0x75;
			out[(*n)++] = 0xf0;
			gp[VMEXIT_RSI] = 0x80000000u;
			gp[VMEXIT_RBP] = off + 0x10 - 0x100000000ull;
			break;
		case FM_RIP: /* [rip+disp32] */
			out[(*n)++] = MODRM(0, 5);
			*rip_at = *n;
			put(out, n, 0, 4);
			break;
		case FM_REX: /* [r12+r9*8+disp32]: REX.X and REX.B */
			out[(*n)++] = MODRM(2, 4);
			out[(*n)++] = 0xcc;
			put(out, n, 0x100, 4);
			*rex |= 0x43;
			gp[VMEXIT_R9] = 0x10;
			gp[VMEXIT_R12] = off - 0x180;
			break;
		default: /* [rdi+disp32]: disp32 80000000H is -2 GBytes */
			out[(*n)++] = MODRM(2, 7);
			put(out, n, 0x80000000u, 4);
			gp[VMEXIT_RDI] = off + 0x80000000u;
			break;
		}
	}
#undef MODRM
}

/* The instruction bytes for the mode and variant: segment override, 67,
 * 66, LOCK, REP/mandatory prefix, REX, opcode, ModRM/moffs, immediate
 * (SDM Vol. 2, 2.1 "Instruction Format"; operand and address size by
 * Table 3-4 "Effective Operand- and Address-Size Attributes"). */
static size_t encode(struct ctx *c, uint8_t *out, uint64_t off,
		     size_t *rip_at)
{
	const struct row *r = c->r;
	unsigned dflt = modes[c->mode].code == 2 ? 2 : 4;
	uint8_t rex = 0;
	size_t n = 0;

	if (r->kind != K_NONE && variants[c->var].seg)
		out[n++] = variants[c->var].seg;
	if (r->kind != K_NONE && variants[c->var].a67)
		out[n++] = 0x67;
	if ((r->size == 2 && dflt != 2) || (r->size == 4 && dflt == 2))
		out[n++] = 0x66;
	if (r->f & F_LOCK)
		out[n++] = 0xf0;
	if (r->mp)
		out[n++] = r->mp;
	if (c->mode == LONG64) {
		if (r->size == 8 && !(r->f & F_D64))
			rex |= 0x48;
		if (r->kind == K_MODRM && r->reg >= 8)
			rex |= 0x44;
		rex |= r->rex;
	}
	size_t rex_at = n;
	if (c->mode == LONG64)
		out[n++] = 0; /* placeholder, removed if no REX */
	memcpy(out + n, r->op, r->oplen);
	n += r->oplen;
	if (r->kind == K_MODRM)
		put_modrm(c, out, &n, &rex, off, rip_at);
	else if (r->kind == K_MOFFS)
		put(out, &n, off, c->adsize);
	if (r->immlen)
		memcpy(out + n, r->imm, r->immlen);
	n += r->immlen;
	if (c->mode == LONG64) {
		if (rex) {
			out[rex_at] = rex;
		} else {
			memmove(out + rex_at, out + rex_at + 1, n - rex_at - 1);
			n--;
			if (*rip_at)
				(*rip_at)--;
		}
	}
	return n;
}

/* ------------------------------------------------------------------ */
/* Expected values.                                                    */

static uint64_t loc_la(const struct ctx *c, unsigned loc, int32_t d)
{
	switch (loc) {
	case L_T: return c->la_t + (uint64_t)(int64_t)d;
	case L_SRC: return c->la_src + (uint64_t)(int64_t)d;
	case L_DST: return c->la_dst + (uint64_t)(int64_t)d;
	case L_STK: /* SS-relative: wraps at the stack-address size */
		return eff_base(c, SS) +
		       ((c->sp_off + (uint64_t)(int64_t)d) & mask(c->stackw));
	case L_CODE: return eff_base(c, CS) + c->rip0 + (uint64_t)(int64_t)d;
	default: return (uint64_t)d;
	}
}

static uint8_t *img_at(struct ctx *c, uint64_t la)
{
	if (la < IMG_LO || la >= IMG_LO + IMG_LEN) {
		mismatch(c, "test bug: address %#llx outside image",
		     (unsigned long long)la);
		return NULL;
	}
	return &img[la - IMG_LO];
}

/* A write as the architecture does it to a register of width w. */
static uint64_t wmerge(const struct ctx *c, uint64_t old, uint64_t v,
		       unsigned w)
{
	if (w == AD)
		w = c->adsize;
	if (w == DELTA)
		return wmerge(c, old, old + v, c->adsize);
	switch (w) {
	case 1: return (old & ~0xffull) | (v & 0xff);
	case HB: return (old & ~0xff00ull) | ((v & 0xff) << 8);
	case 2: return (old & ~0xffffull) | (v & 0xffff);
	case 4: return v & 0xffffffffull;
	default: return v;
	}
}

static void expected_data(const struct ctx *c, const struct acc *a,
			  const uint8_t *cur, uint8_t *out)
{
	memset(out, 0, 32);
	switch (a->src) {
	case D_MEM:
		memcpy(out, cur, a->size);
		break;
	case D_VAL:
		memcpy(out, &a->v, a->size < 8 ? a->size : 8);
		if (a->size > 8)
			memcpy(out + 8, &a->v2, a->size - 8);
		break;
	case D_VREG:
		for (unsigned k = 0; k < a->size; k++)
			out[k] = vpat((unsigned)a->v, (unsigned)a->v2 + k);
		break;
	case D_RET: {
		uint64_t ret = c->rip0 + c->len;
		memcpy(out, &ret, a->size);
		break;
	}
	}
}

/* ------------------------------------------------------------------ */
/* The runner.                                                         */

static void check_accesses(struct ctx *c)
{
	const struct row *r = c->r;
	unsigned li = 0;

	for (unsigned i = 0; i < 10 && r->a[i].k; i++) {
		const struct acc *a = &r->a[i];
		bool port = a->loc == L_PORT;
		uint64_t la = loc_la(c, a->loc, a->d);
		uint64_t addr = port ? la : gpa_of(c, la);
		uint8_t *cur = port ? NULL : img_at(c, la);
		uint8_t want[32];

		if (!port && !cur)
			return;
		if (a->k == 'F') {
			if (!img_at(c, la + a->v2 - 1))
				return;
			memset(cur, (int)a->v, a->v2);
			continue;
		}
		expected_data(c, a, cur, want);
		if ((port || on_device(c, addr)) && !(r->f & F_LOOSE)) {
			const struct logent *l = &c->log[li];
			if (a->k == 'r') {
				if (li < c->nlog && l->k == 'R' &&
				    l->addr == addr && l->size == a->size)
					li++;
				continue;
			}
			if (li >= c->nlog) {
				mismatch(c, "access %u (%c %#llx size %u) missing", i,
				     a->k, (unsigned long long)addr, a->size);
				return;
			}
			if (l->k != a->k || l->addr != addr ||
			    l->size != a->size ||
			    memcmp(l->data, want, a->size) != 0)
				mismatch(c, "access %u: got %c %#llx size %u data "
				     "%02x%02x%02x%02x.., want %c %#llx size "
				     "%u data %02x%02x%02x%02x..", i, l->k,
				     (unsigned long long)l->addr, l->size,
				     l->data[3], l->data[2], l->data[1],
				     l->data[0], a->k, (unsigned long long)addr,
				     a->size, want[3], want[2], want[1], want[0]);
			li++;
		}
		if (a->k == 'W')
			memcpy(cur, want, a->size);
	}
	if (!(r->f & F_LOOSE) && li != c->nlog)
		for (unsigned k = li; k < c->nlog; k++)
			mismatch(c, "unexpected access %c %#llx size %u",
			     c->log[k].k, (unsigned long long)c->log[k].addr,
			     c->log[k].size);
}

static void check_memory(struct ctx *c)
{
	unsigned bad = 0;

	for (uint64_t la = IMG_LO; la < IMG_LO + IMG_LEN; la++)
		if (*mem_at(c, la) != img[la - IMG_LO] && bad++ < 2)
			mismatch(c, "memory at %#llx is %02x, want %02x",
			     (unsigned long long)la, *mem_at(c, la),
			     img[la - IMG_LO]);
	/* Nothing else in RAM around it changed. */
	for (uint64_t la = IMG_LO; la < IMG_LO + IMG_LEN; la++) {
		uint64_t gpa = gpa_of(c, la);
		if (!on_device(c, gpa) && gpa >= SNAP_LO && gpa < SNAP_HI)
			snap[gpa - SNAP_LO] = img[la - IMG_LO];
	}
	for (uint64_t a = SNAP_LO; a < SNAP_HI; a++)
		if (g.ram[a] != snap[a - SNAP_LO] && bad++ < 4)
			mismatch(c, "RAM at %#llx changed to %02x",
			     (unsigned long long)a, g.ram[a]);
}

static void run_case(struct ctx *c)
{
	const struct row *r = c->r;
	const struct minfo *mi = &modes[c->mode];
	uint8_t code[32];
	size_t rip_at = 0;
	uint64_t off = 0, fl0, rip_want;
	struct vmexit_regs regs0;
	struct vmexit_sregs sregs0;
	struct vmexit_vregs vregs0;
	bool exc = r->x.on;
	int rc, rc_want;

	setup_mode(c);
	c->codew = mi->code;
	c->stackw = mi->stack;
	c->adsize = mi->code;
	if (r->kind != K_NONE && variants[c->var].a67)
		c->adsize = mi->code == 4 ? 2 : 4;
	c->seg = op_seg(c);
	c->la_t = (r->la ? r->la : T_LA) + (uint64_t)(int64_t)r->td;
	c->la_src = SRC_LA + (uint64_t)(int64_t)r->td;
	c->la_dst = DST_LA + (uint64_t)(int64_t)r->td;
	c->rip0 = CODE_IP;
	if (r->env)
		r->env(c);
	if (!c->sp_set)
		c->sp_off = (STK_LA - eff_base(c, SS)) & mask(c->stackw);

	/* Registers: a pattern with garbage above every operand. */
	for (unsigned i = 0; i < 16; i++)
		c->gpr0[i] = gpr_pat(i);
	for (unsigned i = 0; i < 6 && r->set[i].r; i++)
		setlow(&c->gpr0[r->set[i].r - 1], r->set[i].v,
		       r->set[i].w == AD ? c->adsize : r->set[i].w);
	if (c->mode == LONG64)
		c->gpr0[VMEXIT_RSP] = c->sp_off;
	else
		setlow(&c->gpr0[VMEXIT_RSP], c->sp_off, c->stackw);
	if (r->bp)
		setlow(&c->gpr0[VMEXIT_RBP], c->sp_off + (uint64_t)r->bp,
		       c->stackw);
	if (r->kind == K_MODRM || r->kind == K_MOFFS)
		off = (c->la_t - eff_base(c, c->seg)) & mask(c->adsize);
	if (r->kind == K_STR) {
		setlow(&c->gpr0[VMEXIT_RSI], c->la_src - eff_base(c, c->seg),
		       c->adsize);
		setlow(&c->gpr0[VMEXIT_RDI], c->la_dst - eff_base(c, ES),
		       c->adsize);
	}

	c->len = encode(c, code, off, &rip_at);
	if (r->f & F_RIPEND)
		c->rip0 = 0x10000 - c->len;
	if (r->f & F_CSLIM)
		g.mock.sregs.seg[CS].limit =
			(uint32_t)(c->rip0 + c->len - 1 + (uint64_t)r->arg);
	if (rip_at) {
		uint32_t disp = (uint32_t)(off - (c->rip0 + c->len));
		memcpy(code + rip_at, &disp, 4);
	}
	memcpy(g.ram + gpa_of(c, eff_base(c, CS) + c->rip0), code, c->len);
	if (getenv("FAMILIES_DUMP")) {
		printf("    %s | %s | %s:", r->name, modes[c->mode].name,
		       variants[c->var].name);
		for (size_t i = 0; i < c->len; i++)
			printf(" %02x", code[i]);
		printf("\n");
	}

	/* Memory: a pattern, the row's values, and its copy as expected. */
	if (c->remap && paged(c))
		guest_map(&g, c->remap_la, REMAP_GPA, 0x7, 1);
	for (uint64_t la = IMG_LO; la < IMG_LO + IMG_LEN; la++)
		*mem_at(c, la) = pat(la);
	for (unsigned i = 0; i < 4 && r->mi[i].loc; i++)
		for (unsigned k = 0; k < 8; k++) {
			uint64_t la = loc_la(c, r->mi[i].loc - 1u, r->mi[i].d) + k;
			*mem_at(c, la) = (uint8_t)(r->mi[i].v >> (8 * k));
		}
	for (uint64_t la = IMG_LO; la < IMG_LO + IMG_LEN; la++)
		img[la - IMG_LO] = *mem_at(c, la);
	memcpy(snap, g.ram + SNAP_LO, sizeof(snap));

	memcpy(g.mock.regs.gpr, c->gpr0, sizeof(c->gpr0));
	g.mock.regs.rip = c->rip0;
	g.mock.regs.rflags |= r->fi | c->fl_extra;
	for (unsigned n = 0; n < 16; n++)
		for (unsigned k = 0; k < 32; k++)
			g.mock.vregs.ymm[n][k] = vpat(n, k);
	regs0 = g.mock.regs;
	sregs0 = g.mock.sregs;
	vregs0 = g.mock.vregs;
	fl0 = regs0.rflags;

	guest_exit(&g);
	rc = vmexit_emulate_at_rip(&g.vcpu, NULL, 0, NULL);
	if (rc == VMEXIT_DONE || rc == VMEXIT_EXCEPTION)
		if (vmexit_vcpu_flush(&g.vcpu) != VMEXIT_DONE)
			mismatch(c, "flush failed");

	/* Status and event. */
	rc_want = exc ? VMEXIT_EXCEPTION : r->rc ? r->rc : VMEXIT_DONE;
	if (rc != rc_want) {
		mismatch(c, "status %d (%s), want %d", rc, vmexit_strerror(rc),
		     rc_want);
		if (rc == VMEXIT_EXCEPTION && g.mock.nr_events)
			mismatch(c, "  it raised vector %u error %#x",
			     g.mock.events[0].vector, g.mock.events[0].error);
		if (rc == VMEXIT_UNHANDLED)
			mismatch(c, "  diag reason %u", g.vcpu.diag.reason);
		return;
	}
	if (exc) {
		const struct vmexit_event *ev = &g.mock.events[0];
		uint8_t vec = r->x.vec == XSEG ? (c->seg == SS ? VMEXIT_EXC_SS
							       : VMEXIT_EXC_GP)
					       : r->x.vec;
		/* Real-mode delivery pushes no error code. */
		bool err = r->x.err && c->mode != REAL;
		if (g.mock.nr_events != 1 || ev->type != VMEXIT_EV_HWEXC ||
		    ev->vector != vec || ev->has_error != err ||
		    (err && ev->error != r->x.code))
			mismatch(c, "event: %u events, vector %u error %s%#x, want "
			     "vector %u error %s%#x", g.mock.nr_events,
			     ev->vector, ev->has_error ? "" : "(none) ",
			     ev->error, vec, err ? "" : "(none) ", r->x.code);
		if (vec == VMEXIT_EXC_PF &&
		    (!ev->has_payload ||
		     ev->payload != loc_la(c, r->x.cr2loc, r->x.cr2d)))
			mismatch(c, "CR2 %#llx, want %#llx",
			     (unsigned long long)ev->payload,
			     (unsigned long long)loc_la(c, r->x.cr2loc,
							r->x.cr2d));
	} else if (g.mock.nr_events) {
		mismatch(c, "unexpected event, vector %u",
		     g.mock.events[0].vector);
	}

	/* RIP: past the instruction, wrapping at the code size ("EIP",
	 * SDM Vol. 1, 3.5; IP in 16-bit code), or the branch target;
	 * unchanged when it faulted. */
	if (exc || rc != VMEXIT_DONE)
		rip_want = c->rip0;
	else if (r->rip)
		rip_want = r->rip;
	else if (r->f & F_RIPSTAY)
		rip_want = c->rip0;
	else
		rip_want = (c->rip0 + c->len) & mask(c->codew);
	if (g.mock.regs.rip != rip_want)
		mismatch(c, "RIP %#llx, want %#llx (length %zu)",
		     (unsigned long long)g.mock.regs.rip,
		     (unsigned long long)rip_want, c->len);

	/* RFLAGS: the status flags as the row says; a fault is delivered
	 * with RF set ("Resume Flag", SDM Vol. 3). */
	{
		uint64_t want = (fl0 & ~ST) | r->fo;
		uint64_t m = ~r->fu & ~VMEXIT_RFLAGS_RF;
		uint64_t rf = g.mock.regs.rflags & VMEXIT_RFLAGS_RF;
		if (rc != VMEXIT_DONE && rc != VMEXIT_EXCEPTION)
			want = fl0;
		if (exc)
			want |= VMEXIT_RFLAGS_RF;
		/* A REP string paused between iterations resumes with RF=1,
		 * as after an interrupt there: "For any interrupt arriving
		 * after any iteration of a repeated string instruction but
		 * the last iteration, the value pushed for RF is 1" (SDM
		 * Vol. 3, "Instruction-Breakpoint Exception Condition"). */
		if (rc == VMEXIT_DONE && (r->f & F_RIPSTAY))
			want |= VMEXIT_RFLAGS_RF;
		if ((g.mock.regs.rflags & m) != (want & m))
			mismatch(c, "RFLAGS %#llx, want %#llx (mask %#llx)",
			     (unsigned long long)g.mock.regs.rflags,
			     (unsigned long long)want,
			     (unsigned long long)(m & 0xffffffff));
		if (rf != (want & VMEXIT_RFLAGS_RF)) {
			if (r->rfbug)
				known(c, r->rfbug, "RFLAGS.RF is %d",
				      rf ? 1 : 0);
			else
				mismatch(c, "RFLAGS.RF is %d, want %d",
					 rf ? 1 : 0, rf ? 0 : 1);
		}
	}

	/* General registers (low 32 bits outside 64-bit mode, where the
	 * upper halves are undefined). */
	{
		uint64_t want[16];
		uint64_t m = c->mode == LONG64 ? ~0ull : 0xffffffffull;
		bool done = rc == VMEXIT_DONE || rc == VMEXIT_EXCEPTION;

		memcpy(want, c->gpr0, sizeof(want));
		for (unsigned i = 0; done && i < 6 && r->exp[i].r; i++)
			want[r->exp[i].r - 1] =
				wmerge(c, want[r->exp[i].r - 1], r->exp[i].v,
				       r->exp[i].w);
		if (done && r->sp)
			want[VMEXIT_RSP] =
				wmerge(c, want[VMEXIT_RSP],
				       want[VMEXIT_RSP] + (uint64_t)(int64_t)r->sp,
				       c->stackw);
		for (unsigned i = 0; i < 16; i++) {
			if ((g.mock.regs.gpr[i] & m) == (want[i] & m))
				continue;
			if (r->f & F_NOGPR) {
				printf("  note: %s | %s | %s: GPR %u is %#llx "
				       "(was %#llx)\n", r->name,
				       modes[c->mode].name,
				       c->mmio ? "device" : "ram", i,
				       (unsigned long long)g.mock.regs.gpr[i],
				       (unsigned long long)c->gpr0[i]);
				continue;
			}
			mismatch(c, "GPR %u is %#llx, want %#llx", i,
			     (unsigned long long)g.mock.regs.gpr[i],
			     (unsigned long long)want[i]);
		}
	}

	/* Vector registers: only a load's destination changes. */
	for (unsigned n = 0; n < 16; n++)
		for (unsigned k = 0; k < 32; k++) {
			uint8_t want = vregs0.ymm[n][k];
			if (r->vr && n == r->vr - 1u && rc == VMEXIT_DONE) {
				if (k >= r->vo && k < r->vo + r->vw)
					want = img[c->la_t + k - r->vo - IMG_LO];
				else if (r->vs && k < 16)
					want = vregs0.ymm[r->vs - 1][k];
				else if (k < r->vz)
					want = 0;
			}
			if (g.mock.vregs.ymm[n][k] != want) {
				mismatch(c, "ymm%u byte %u is %02x, want %02x", n, k,
				     g.mock.vregs.ymm[n][k], want);
				n = 16;
				break;
			}
		}
	if (g.mock.vregs.xcr0 != vregs0.xcr0 ||
	    g.mock.vregs.mxcsr != vregs0.mxcsr)
		mismatch(c, "XCR0 or MXCSR changed");
	if (rc == VMEXIT_DONE && memcmp(&g.mock.sregs, &sregs0, sizeof(sregs0)))
		mismatch(c, "segment or control registers changed");

	check_accesses(c);
	check_memory(c);
}

/* ------------------------------------------------------------------ */
/* Tables.                                                             */

struct table {
	const char *name;
	const struct row *rows;
	size_t n;
	uint32_t vars; /* default variants */
	bool device_only;
};

static int run_table(const struct table *t, unsigned ti)
{
	unsigned cases = 0, bad = 0, nknown = 0, fixed = 0;

	for (size_t k = 0; k < t->n; k++) {
		const struct row *r = &t->rows[k];
		unsigned row_bad = 0, row_known = 0, row_cases = 0;
		uint32_t bad_modes = 0;

		print_budget = 4;
		for (int mode = 0; mode < NMODES; mode++) {
			if (!row_in_mode(r, mode))
				continue;
			for (unsigned v = 0; v < NVARS; v++) {
				if (!var_ok(r, v, mode, t->vars))
					continue;
				for (int ram = 0; ram < 2; ram++) {
					struct ctx c;
					if (ram && ((r->f & F_NORAM) || t->device_only))
						continue;
					if (!ram && (r->f & F_NODEV))
						continue;
					memset(&c, 0, sizeof(c));
					c.mode = mode;
					c.var = v;
					c.r = r;
					c.mmio = !ram;
					c.table = t->name;
					run_case(&c);
					guest_free(&g);
					cases++;
					row_cases++;
					counts[ti][mode]++;
					if (c.nfail || c.nknown)
						bad_modes |= M(mode);
					if (c.nfail)
						row_bad++;
					else if (c.nknown)
						row_known++;
				}
			}
		}
		if (row_bad || row_known) {
			printf("  %s %s: %u of %u cases, modes",
			       row_bad ? "FAILED" : "KNOWN BUG", r->name,
			       row_bad + row_known, row_cases);
			for (int m = 0; m < NMODES; m++)
				if (bad_modes & M(m))
					printf(" %s", modes[m].name);
			printf("\n");
		}
		if (row_known)
			nknown++;
		else if (r->bug || r->rfbug)
			fixed++, printf("  KNOWN BUG %s (%s) passes now\n",
					r->bug ? r->bug : r->rfbug, r->name);
		bad += row_bad;
	}
	printf("%s: %u cases, %u failed, %u rows with known bugs%s\n",
	       t->name, cases, bad, nknown, fixed ? ", some known bugs pass" : "");
	return (int)bad;
}

/* ------------------------------------------------------------------ */
/* Environments: what a row changes before it runs.                    */

static struct vmexit_segment *sreg(unsigned i)
{
	return &g.mock.sregs.seg[i];
}

static uint64_t t_off(const struct ctx *c)
{
	return c->la_t - eff_base(c, c->seg);
}

/* The operand's segment limit at its offset + arg ("Limit Checking",
 * SDM Vol. 3, 5.3: valid offsets are 0 to the limit). */
static void env_limit(struct ctx *c)
{
	sreg(c->seg)->limit = (uint32_t)(t_off(c) + (uint64_t)c->r->arg);
}

static void env_limit_es(struct ctx *c)
{
	sreg(ES)->limit = (uint32_t)(c->la_dst - eff_base(c, ES) +
				     (uint64_t)c->r->arg);
}

static void env_limit_src(struct ctx *c)
{
	sreg(c->seg)->limit = (uint32_t)(c->la_src - eff_base(c, c->seg) +
					 (uint64_t)c->r->arg);
}

/* Expand-down: valid offsets are limit + 1 to FFFFH, or FFFFFFFFH with
 * B = 1 ("Limit Checking"). */
static void env_expdown(struct ctx *c)
{
	sreg(c->seg)->ar |= VMEXIT_AR_TYPE_EC;
	env_limit(c);
}

/* Expand-down with the operand at offset arg2 and B = arg. */
static void env_expdown_top(struct ctx *c)
{
	struct vmexit_segment *s = sreg(c->seg);

	s->ar |= VMEXIT_AR_TYPE_EC;
	s->ar = c->r->arg ? (s->ar | VMEXIT_AR_DB)
			  : (s->ar & ~(uint32_t)(VMEXIT_AR_DB | VMEXIT_AR_G));
	s->base = c->la_t - (uint64_t)c->r->arg2;
	s->limit = 0xfff;
}

/* A null selector: VMX marks the segment unusable. */
static void env_unusable(struct ctx *c)
{
	sreg(c->seg)->ar |= VMEXIT_AR_UNUSABLE;
	sreg(c->seg)->selector = 0;
}

static void env_unusable_es(struct ctx *c)
{
	(void)c;
	sreg(ES)->ar |= VMEXIT_AR_UNUSABLE;
	sreg(ES)->selector = 0;
}

static void env_readonly(struct ctx *c)
{
	sreg(c->seg)->ar &= ~(uint32_t)VMEXIT_AR_TYPE_WR;
}

/* CS execute-only (type 9: code, accessed, not readable). */
static void env_cs_xonly(struct ctx *c)
{
	(void)c;
	sreg(CS)->ar &= ~(uint32_t)VMEXIT_AR_TYPE_WR;
}

static void env_cs_limit(struct ctx *c)
{
	sreg(CS)->limit = (uint32_t)c->r->arg;
}

/* The stack offset is arg; SS based 64 KiB below the window so that
 * offset FFFEH is STK_LA - 2. */
static void env_sp(struct ctx *c)
{
	c->sp_set = true;
	c->sp_off = (uint64_t)(int64_t)c->r->arg;
	if (c->mode != LONG64) {
		sreg(SS)->base = STK_LA - 0x10000;
		sreg(SS)->selector = (uint16_t)(sreg(SS)->base >> 4);
	}
}

static void env_sp64(struct ctx *c)
{
	c->sp_set = true;
	c->sp_off = c->r->la;
}

/* A non-canonical operand through FS/GS: the base makes it. */
static void env_canon(struct ctx *c)
{
	if (c->seg == FS || c->seg == GS)
		sreg(c->seg)->base = c->la_t - 0x8000;
}

/* Paging-structure changes (arg: the linear page; arg2: what). */
#define A_NP 0x01
#define A_RO 0x02
#define A_SUP 0x04
#define A_RSVD 0x08
#define A_CPL3 0x10
#define A_WP 0x20
static void env_pf(struct ctx *c)
{
	uint64_t e = guest_entry(&g, (uint64_t)c->r->arg, 1);
	unsigned es = c->mode == PG32 ? 4 : 8;
	uint64_t v = guest_rd(&g, e, es);
	int a = c->r->arg2;

	if (a & A_NP)
		v &= ~1ull;
	if (a & A_RO)
		v &= ~2ull;
	if (a & A_SUP)
		v &= ~4ull;
	if (a & A_RSVD) {
		/* With EFER.NXE = 0, bit 63 is reserved ("Paging", 4.5) */
		v |= 1ull << 63;
		g.mock.sregs.efer &= ~VMEXIT_EFER_NXE;
	}
	guest_wr(&g, e, v, es);
	if (a & A_WP)
		g.mock.sregs.cr0 |= VMEXIT_CR0_WP;
	if (a & A_CPL3)
		guest_set_cpl(&g, 3);
}

/* #AC: CR0.AM, EFLAGS.AC, CPL 3 ("Interrupt 17", SDM Vol. 3); arg turns
 * one of them off. */
#define AC_NOAM 1
#define AC_NOAC 2
#define AC_CPL0 4
static void env_ac(struct ctx *c)
{
	if (!(c->r->arg & AC_NOAM))
		g.mock.sregs.cr0 |= VMEXIT_CR0_AM;
	if (!(c->r->arg & AC_NOAC))
		c->fl_extra |= VMEXIT_RFLAGS_AC;
	if (!(c->r->arg & AC_CPL0) && c->mode != REAL && c->mode != VM86)
		guest_set_cpl(&g, 3);
}

static void env_ac_sp(struct ctx *c)
{
	env_ac(c);
	c->sp_set = true;
	c->sp_off = STK_LA - eff_base(c, SS) + 2;
}

/* SIMD enables (arg bits), XCR0 = arg2 when given. */
#define C_TS 1
#define C_EM 2
#define C_NOFXSR 4
#define C_NOXSAVE 8
static void env_simd(struct ctx *c)
{
	if (c->r->arg & C_TS)
		g.mock.sregs.cr0 |= VMEXIT_CR0_TS;
	if (c->r->arg & C_EM)
		g.mock.sregs.cr0 |= VMEXIT_CR0_EM;
	if (c->r->arg & C_NOFXSR)
		g.mock.sregs.cr4 &= ~VMEXIT_CR4_OSFXSR;
	if (c->r->arg & C_NOXSAVE)
		g.mock.sregs.cr4 &= ~VMEXIT_CR4_OSXSAVE;
	if (c->r->arg2)
		g.mock.vregs.xcr0 = (uint64_t)c->r->arg2;
}

/* I/O permission: arg = CPL | IOPL << 2 | TSS mode << 4, arg2 = the
 * denied port + 1. */
#define IOP(cpl, iopl, tss) ((cpl) | (iopl) << 2 | (tss) << 4)
enum { TSS_OK, TSS_SHORT1, TSS_SHORT2, TSS_NOMAP, TSS_16 };
static void env_io(struct ctx *c)
{
	unsigned cpl = c->r->arg & 3, iopl = (c->r->arg >> 2) & 3;
	struct vmexit_segment *tr = &g.mock.sregs.seg[VMEXIT_SEG_TR];

	if (c->r->arg2) {
		unsigned p = (unsigned)c->r->arg2 - 1;
		g.ram[TSSB + TSS_IOMAP + p / 8] |= (uint8_t)(1u << (p % 8));
	}
	switch (c->r->arg >> 4) {
	case TSS_SHORT1: /* the limit ends at the byte of port 3F8H */
		tr->limit = TSS_IOMAP + 0x3f8 / 8;
		break;
	case TSS_SHORT2: /* ... and the byte after it */
		tr->limit = TSS_IOMAP + 0x3f8 / 8 + 1;
		break;
	case TSS_NOMAP: /* the I/O map base past the limit */
		g.ram[TSSB + 102] = 0x00;
		g.ram[TSSB + 103] = 0x30;
		break;
	case TSS_16:
		tr->ar = (tr->ar & ~0xfu) | VMEXIT_SYS_TSS16_BUSY;
		break;
	}
	c->fl_extra |= (uint64_t)iopl << 12;
	if (cpl && c->mode != VM86 && c->mode != REAL)
		guest_set_cpl(&g, cpl);
}

/* A 16-bit stack (SS.B = 0) under 32-bit code, or a 32-bit one under
 * 16-bit code: the stack-address size is SS.B's ("PUSH", "LEAVE"). */
static void env_ss16(struct ctx *c)
{
	sreg(SS)->ar &= ~(uint32_t)(VMEXIT_AR_DB | VMEXIT_AR_G);
	sreg(SS)->limit = 0xffff;
	c->stackw = 2;
}

static void env_ss32(struct ctx *c)
{
	sreg(SS)->ar |= VMEXIT_AR_DB;
	sreg(SS)->limit = 0xffffffffu;
	c->stackw = 4;
}

/* ES based at the destination: rDI starts at 0. */
static void env_es_at_dst(struct ctx *c)
{
	sreg(ES)->base = c->la_dst;
	sreg(ES)->selector = (uint16_t)(c->la_dst >> 4);
}

/* The code page is not present; with arg, the instruction starts two
 * bytes before the page that is not present. */
static void env_fetch_np(struct ctx *c)
{
	uint64_t page = 0x22000;

	if (c->r->arg)
		c->rip0 = page - 2 - eff_base(c, CS);
	else
		page = (eff_base(c, CS) + c->rip0) & ~0xfffull;
	guest_wr(&g, guest_entry(&g, page, 1),
		 guest_rd(&g, guest_entry(&g, page, 1), 8) & ~1ull,
		 c->mode == PG32 ? 4 : 8);
}

/* The stack at WIN + 1800H, on the page after the window, which is not
 * present. */
static void env_stack_np(struct ctx *c)
{
	uint64_t e = guest_entry(&g, WIN + 0x1000, 1);
	unsigned es = c->mode == PG32 ? 4 : 8;

	guest_wr(&g, e, guest_rd(&g, e, es) & ~1ull, es);
	c->sp_set = true;
	c->sp_off = (WIN + 0x1800 - eff_base(c, SS)) & mask(c->stackw);
}

static void env_remap(struct ctx *c)
{
	c->remap = true;
	c->remap_la = WIN + 0x1000;
}

/* MOV (SDM Vol. 2, "MOV—Move": DEST <- SRC; 8-bit registers 4-7 are
 * AH-BH without REX and SPL-DIL with one), moffs ("MOV" A0-A3: the offset
 * is address-size wide), immediates (C7 in 64-bit mode sign-extends
 * imm32), and MOVNTI (a GPR store: "MOVNTI"). */
static const struct row mov_rows[] = {
	{ "mov [m],al", OP("\x88"), RM(0), .size = 1,
	  .set = { SB(rAX, 0xa5) }, .a = { WT(1, 0xa5) } },
	{ "mov [m],ch", OP("\x88"), RM(5), .size = 1, .f = F_NOREX,
	  .set = { SW(rCX, 0x7788) }, .a = { WT(1, 0x77) } },
	{ "mov [m],dx", OP("\x89"), RM(2), .size = 2,
	  .set = { SW(rDX, 0xbeef) }, .a = { WT(2, 0xbeef) } },
	{ "mov [m],ecx", OP("\x89"), RM(1), .size = 4,
	  .set = { SD(rCX, 0x89abcdef) }, .a = { WT(4, 0x89abcdef) } },
	{ "mov [m],rdx", OP("\x89"), RM(2), .size = 8,
	  .set = { SQ(rDX, 0x0123456789abcdef) },
	  .a = { WT(8, 0x0123456789abcdef) } },
	{ "mov [m],r10b", OP("\x88"), RM(10), .size = 1,
	  .set = { SB(r10, 0x3c) }, .a = { WT(1, 0x3c) } },
	/* REX makes reg 4 SPL: RSP is STK_LA, low byte F0H. */
	{ "mov [m],spl", OP("\x88"), RM(4), .size = 1, .rex = 0x40,
	  .a = { WT(1, STK_LA & 0xff) } },
	{ "mov al,[m]", OP("\x8a"), RM(0), .size = 1,
	  .mi = { MI(L_T, 0, 0xa5) }, .a = { RT(1) },
	  .exp = { E(rAX, 1, 0xa5) } },
	{ "mov bh,[m]", OP("\x8a"), RM(7), .size = 1, .f = F_NOREX,
	  .mi = { MI(L_T, 0, 0x5c) }, .a = { RT(1) },
	  .exp = { E(rBX, HB, 0x5c) } },
	{ "mov cx,[m]", OP("\x8b"), RM(1), .size = 2,
	  .mi = { MI(L_T, 0, 0xbeef) }, .a = { RT(2) },
	  .exp = { E(rCX, 2, 0xbeef) } },
	{ "mov eax,[m]", OP("\x8b"), RM(0), .size = 4,
	  .mi = { MI(L_T, 0, 0x89abcdef) }, .a = { RT(4) },
	  .exp = { E(rAX, 4, 0x89abcdef) } },
	{ "mov rdx,[m]", OP("\x8b"), RM(2), .size = 8,
	  .mi = { MI(L_T, 0, 0xfedcba9876543210) }, .a = { RT(8) },
	  .exp = { E(rDX, 8, 0xfedcba9876543210) } },
	{ "mov r11d,[m]", OP("\x8b"), RM(11), .size = 4,
	  .mi = { MI(L_T, 0, 0x80000001) }, .a = { RT(4) },
	  .exp = { E(r11, 4, 0x80000001) } },
	{ "mov byte [m],5ah", OP("\xc6"), RM(0), .size = 1, IMM("\x5a"),
	  .a = { WT(1, 0x5a) } },
	{ "mov word [m],1234h", OP("\xc7"), RM(0), .size = 2,
	  IMM("\x34\x12"), .a = { WT(2, 0x1234) } },
	{ "mov dword [m],89abcdefh", OP("\xc7"), RM(0), .size = 4,
	  IMM("\xef\xcd\xab\x89"), .a = { WT(4, 0x89abcdef) } },
	{ "mov qword [m],-2", OP("\xc7"), RM(0), .size = 8,
	  IMM("\xfe\xff\xff\xff"), .a = { WT(8, 0xfffffffffffffffe) } },
	{ "mov al,[moffs]", OP("\xa0"), MOFFS, .size = 1,
	  .mi = { MI(L_T, 0, 0x7e) }, .a = { RT(1) },
	  .exp = { E(rAX, 1, 0x7e) } },
	{ "mov ax,[moffs]", OP("\xa1"), MOFFS, .size = 2,
	  .mi = { MI(L_T, 0, 0x8001) }, .a = { RT(2) },
	  .exp = { E(rAX, 2, 0x8001) } },
	{ "mov eax,[moffs]", OP("\xa1"), MOFFS, .size = 4,
	  .mi = { MI(L_T, 0, 0xc0ffee11) }, .a = { RT(4) },
	  .exp = { E(rAX, 4, 0xc0ffee11) } },
	{ "mov rax,[moffs]", OP("\xa1"), MOFFS, .size = 8,
	  .mi = { MI(L_T, 0, 0x1122334455667788) }, .a = { RT(8) },
	  .exp = { E(rAX, 8, 0x1122334455667788) } },
	{ "mov [moffs],al", OP("\xa2"), MOFFS, .size = 1,
	  .set = { SB(rAX, 0x42) }, .a = { WT(1, 0x42) } },
	{ "mov [moffs],eax", OP("\xa3"), MOFFS, .size = 4,
	  .set = { SD(rAX, 0xdeadbeef) }, .a = { WT(4, 0xdeadbeef) } },
	/* "NP 0F C3": 66 is not allowed, so there is no MOVNTI m32 in
	 * 16-bit code. */
	{ "movnti [m],ecx", OP("\x0f\xc3"), RM(1), .size = 4,
	  .modes = M(PROT32) | M(COMPAT32) | M(LONG64),
	  .set = { SD(rCX, 0x13579bdf) }, .a = { WT(4, 0x13579bdf) } },
	{ "movnti [m],rcx", OP("\x0f\xc3"), RM(1), .size = 8,
	  .set = { SQ(rCX, 0x8000000000000001) },
	  .a = { WT(8, 0x8000000000000001) } },
};

/* MOVZX/MOVSX ("MOVZX": DEST <- ZeroExtend(SRC); "MOVSX"/"MOVSXD":
 * SignExtend; MOVSXD without REX.W moves 32 bits, zero-extended like
 * every 32-bit write, and with 66 16 bits). */
static const struct row movx_rows[] = {
	{ "movzx eax,byte [m]", OP("\x0f\xb6"), RM(0), .size = 4,
	  .mi = { MI(L_T, 0, 0x81) }, .a = { RT(1) },
	  .exp = { E(rAX, 4, 0x81) } },
	{ "movzx cx,byte [m]", OP("\x0f\xb6"), RM(1), .size = 2,
	  .mi = { MI(L_T, 0, 0x81) }, .a = { RT(1) },
	  .exp = { E(rCX, 2, 0x0081) } },
	{ "movzx edx,word [m]", OP("\x0f\xb7"), RM(2), .size = 4,
	  .mi = { MI(L_T, 0, 0x8001) }, .a = { RT(2) },
	  .exp = { E(rDX, 4, 0x8001) } },
	{ "movsx eax,byte [m]", OP("\x0f\xbe"), RM(0), .size = 4,
	  .mi = { MI(L_T, 0, 0x81) }, .a = { RT(1) },
	  .exp = { E(rAX, 4, 0xffffff81) } },
	{ "movsx cx,byte [m]", OP("\x0f\xbe"), RM(1), .size = 2,
	  .mi = { MI(L_T, 0, 0x81) }, .a = { RT(1) },
	  .exp = { E(rCX, 2, 0xff81) } },
	{ "movsx edx,word [m]", OP("\x0f\xbf"), RM(2), .size = 4,
	  .mi = { MI(L_T, 0, 0x8001) }, .a = { RT(2) },
	  .exp = { E(rDX, 4, 0xffff8001) } },
	{ "movsx rax,byte [m]", OP("\x0f\xbe"), RM(0), .size = 8,
	  .mi = { MI(L_T, 0, 0x81) }, .a = { RT(1) },
	  .exp = { E(rAX, 8, 0xffffffffffffff81) } },
	{ "movzx rcx,word [m]", OP("\x0f\xb7"), RM(1), .size = 8,
	  .mi = { MI(L_T, 0, 0x8001) }, .a = { RT(2) },
	  .exp = { E(rCX, 8, 0x8001) } },
	{ "movsxd rax,dword [m]", OP("\x63"), RM(0), .size = 8,
	  .mi = { MI(L_T, 0, 0x80000001) }, .a = { RT(4) },
	  .exp = { E(rAX, 8, 0xffffffff80000001) } },
	{ "movsxd edx,dword [m]", OP("\x63"), RM(2), .size = 4, .f = F_64,
	  .mi = { MI(L_T, 0, 0x80000001) }, .a = { RT(4) },
	  .exp = { E(rDX, 4, 0x80000001) } },
	{ "movsxd cx,word [m]", OP("\x63"), RM(1), .size = 2, .f = F_64,
	  .mi = { MI(L_T, 0, 0x8001) }, .a = { RT(2) },
	  .exp = { E(rCX, 2, 0x8001) } },
};

/* MOVBE ("MOVBE": the bytes of SRC in reverse order; a memory operand
 * only). */
static const struct row movbe_rows[] = {
	{ "movbe eax,[m]", OP("\x0f\x38\xf0"), RM(0), .size = 4,
	  .mi = { MI(L_T, 0, 0x44332211) }, .a = { RT(4) },
	  .exp = { E(rAX, 4, 0x11223344) } },
	{ "movbe cx,[m]", OP("\x0f\x38\xf0"), RM(1), .size = 2,
	  .mi = { MI(L_T, 0, 0x2211) }, .a = { RT(2) },
	  .exp = { E(rCX, 2, 0x1122) } },
	{ "movbe rdx,[m]", OP("\x0f\x38\xf0"), RM(2), .size = 8,
	  .mi = { MI(L_T, 0, 0x8877665544332211) }, .a = { RT(8) },
	  .exp = { E(rDX, 8, 0x1122334455667788) } },
	{ "movbe [m],edx", OP("\x0f\x38\xf1"), RM(2), .size = 4,
	  .set = { SD(rDX, 0x11223344) }, .a = { WT(4, 0x44332211) } },
	{ "movbe [m],ax", OP("\x0f\x38\xf1"), RM(0), .size = 2,
	  .set = { SW(rAX, 0x1122) }, .a = { WT(2, 0x2211) } },
	{ "movbe [m],rcx", OP("\x0f\x38\xf1"), RM(1), .size = 8,
	  .set = { SQ(rCX, 0x0102030405060708) },
	  .a = { WT(8, 0x0807060504030201) } },
};

/* XCHG ("XCHG": TEMP <- DEST; DEST <- SRC; SRC <- TEMP), CMPXCHG
 * ("CMPXCHG": flags of CMP accumulator, DEST; equal: DEST <- SRC, else
 * accumulator <- DEST and DEST is written back unchanged; the
 * accumulator is not written when equal), CMPXCHG8B/16B ("CMPXCHG8B/
 * CMPXCHG16B": EDX:EAX (RDX:RAX) against m64 (m128), only ZF changes,
 * DEST written back when different), XADD ("XADD": TEMP <- SRC + DEST;
 * SRC <- DEST; DEST <- TEMP, flags of the ADD). */
static const struct row xchg_rows[] = {
	{ "xchg [m],cl", OP("\x86"), RM(1), .size = 1,
	  .set = { SB(rCX, 0x11) }, .mi = { MI(L_T, 0, 0x5a) },
	  .a = { RT(1), WT(1, 0x11) }, .exp = { E(rCX, 1, 0x5a) } },
	{ "xchg [m],ah", OP("\x86"), RM(4), .size = 1, .f = F_NOREX,
	  .set = { SW(rAX, 0x22ee) }, .mi = { MI(L_T, 0, 0x5a) },
	  .a = { RT(1), WT(1, 0x22) }, .exp = { E(rAX, HB, 0x5a) } },
	{ "xchg [m],dx", OP("\x87"), RM(2), .size = 2,
	  .set = { SW(rDX, 0x1234) }, .mi = { MI(L_T, 0, 0xabcd) },
	  .a = { RT(2), WT(2, 0x1234) }, .exp = { E(rDX, 2, 0xabcd) } },
	{ "lock xchg [m],ecx", OP("\x87"), RM(1), .size = 4, .f = F_LOCK,
	  .set = { SD(rCX, 0x11112222) }, .mi = { MI(L_T, 0, 0x33334444) },
	  .a = { RT(4), WT(4, 0x11112222) },
	  .exp = { E(rCX, 4, 0x33334444) } },
	{ "xchg [m],rbx", OP("\x87"), RM(3), .size = 8,
	  .set = { SQ(rBX, 0x1111222233334444) },
	  .mi = { MI(L_T, 0, 0x5555666677778888) },
	  .a = { RT(8), WT(8, 0x1111222233334444) },
	  .exp = { E(rBX, 8, 0x5555666677778888) } },
	/* 5AH - 5AH = 0: ZF, PF. */
	{ "cmpxchg [m],cl (equal)", OP("\x0f\xb0"), RM(1), .size = 1,
	  .set = { SB(rAX, 0x5a), SB(rCX, 0x11) },
	  .mi = { MI(L_T, 0, 0x5a) }, .a = { RT(1), WT(1, 0x11) },
	  .fi = FLIP(ZF | PF), .fo = ZF | PF },
	/* 0001H - 0002H = FFFFH: CF, AF (borrow from bit 4), SF, PF. */
	{ "cmpxchg [m],cx (differ)", OP("\x0f\xb1"), RM(1), .size = 2,
	  .set = { SW(rAX, 1), SW(rCX, 0x7777) }, .mi = { MI(L_T, 0, 2) },
	  .a = { RT(2), WRM(L_T, 0, 2) }, .exp = { E(rAX, 2, 2) },
	  .fi = FLIP(CF | AF | SF | PF), .fo = CF | AF | SF | PF },
	/* Equal: EAX (RAX, upper half too) is not written. */
	{ "cmpxchg [m],edx (equal)", OP("\x0f\xb1"), RM(2), .size = 4,
	  .set = { SD(rAX, 0x80000000), SD(rDX, 0x12345678) },
	  .mi = { MI(L_T, 0, 0x80000000) }, .a = { RT(4), WT(4, 0x12345678) },
	  .fi = FLIP(ZF | PF), .fo = ZF | PF },
	/* 5 - 3 = 2: no flag. */
	{ "lock cmpxchg [m],ecx (differ)", OP("\x0f\xb1"), RM(1), .size = 4,
	  .f = F_LOCK, .set = { SD(rAX, 5), SD(rCX, 9) },
	  .mi = { MI(L_T, 0, 3) }, .a = { RT(4), WRM(L_T, 0, 4) },
	  .exp = { E(rAX, 4, 3) }, .fi = FLIP(0), .fo = 0 },
	{ "cmpxchg [m],rcx (equal)", OP("\x0f\xb1"), RM(1), .size = 8,
	  .set = { SQ(rAX, 0xffffffff00000000), SQ(rCX, 1) },
	  .mi = { MI(L_T, 0, 0xffffffff00000000) }, .a = { RT(8), WT(8, 1) },
	  .fi = FLIP(ZF | PF), .fo = ZF | PF },
	{ "cmpxchg8b [m] (equal)", OP("\x0f\xc7"), RM(1),
	  .set = { SD(rAX, 0x22222222), SD(rDX, 0x11111111),
		   SD(rBX, 0x44444444), SD(rCX, 0x33333333) },
	  .mi = { MI(L_T, 0, 0x1111111122222222) },
	  .a = { RT(8), WT(8, 0x3333333344444444) },
	  .fi = CF | SF, .fo = CF | SF | ZF },
	{ "cmpxchg8b [m] (differ)", OP("\x0f\xc7"), RM(1),
	  .set = { SD(rAX, 2), SD(rDX, 1), SD(rBX, 3), SD(rCX, 4) },
	  .mi = { MI(L_T, 0, 0xaaaaaaaabbbbbbbb) },
	  .a = { RT(8), WRM(L_T, 0, 8) },
	  .exp = { E(rAX, 4, 0xbbbbbbbb), E(rDX, 4, 0xaaaaaaaa) },
	  .fi = ZF | OF, .fo = OF },
	{ "lock cmpxchg8b [m] (equal)", OP("\x0f\xc7"), RM(1), .f = F_LOCK,
	  .set = { SD(rAX, 0x89abcdef), SD(rDX, 0x01234567),
		   SD(rBX, 0x76543210), SD(rCX, 0xfedcba98) },
	  .mi = { MI(L_T, 0, 0x0123456789abcdef) },
	  .a = { RT(8), WT(8, 0xfedcba9876543210) }, .fi = 0, .fo = ZF },
	{ "cmpxchg16b [m] (equal)", OP("\x0f\xc7"), RM(1), .size = 8,
	  .set = { SQ(rAX, 0x1111111111111111), SQ(rDX, 0x2222222222222222),
		   SQ(rBX, 0x3333333333333333), SQ(rCX, 0x4444444444444444) },
	  .mi = { MI(L_T, 0, 0x1111111111111111),
		  MI(L_T, 8, 0x2222222222222222) },
	  .a = { RT(16), WR2(L_T, 0, 16, 0x3333333333333333,
			     0x4444444444444444) },
	  .fi = 0, .fo = ZF },
	{ "cmpxchg16b [m] (differ)", OP("\x0f\xc7"), RM(1), .size = 8,
	  .set = { SQ(rAX, 1), SQ(rDX, 2), SQ(rBX, 3), SQ(rCX, 4) },
	  .mi = { MI(L_T, 0, 0x5555555555555555),
		  MI(L_T, 8, 0x6666666666666666) },
	  .a = { RT(16), WRM(L_T, 0, 16) },
	  .exp = { E(rAX, 8, 0x5555555555555555),
		   E(rDX, 8, 0x6666666666666666) },
	  .fi = ZF | CF, .fo = CF },
	/* 7FH + 01H = 80H: OF, SF, AF. */
	{ "xadd [m],cl", OP("\x0f\xc0"), RM(1), .size = 1,
	  .set = { SB(rCX, 1) }, .mi = { MI(L_T, 0, 0x7f) },
	  .a = { RT(1), WT(1, 0x80) }, .exp = { E(rCX, 1, 0x7f) },
	  .fi = FLIP(OF | SF | AF), .fo = OF | SF | AF },
	/* FFFFH + 1 = 0000H: CF, ZF, PF, AF. */
	{ "xadd [m],dx", OP("\x0f\xc1"), RM(2), .size = 2,
	  .set = { SW(rDX, 1) }, .mi = { MI(L_T, 0, 0xffff) },
	  .a = { RT(2), WT(2, 0) }, .exp = { E(rDX, 2, 0xffff) },
	  .fi = FLIP(CF | ZF | PF | AF), .fo = CF | ZF | PF | AF },
	/* 10H + 20H = 30H: PF (two bits set). */
	{ "lock xadd [m],eax", OP("\x0f\xc1"), RM(0), .size = 4, .f = F_LOCK,
	  .set = { SD(rAX, 0x20) }, .mi = { MI(L_T, 0, 0x10) },
	  .a = { RT(4), WT(4, 0x30) }, .exp = { E(rAX, 4, 0x10) },
	  .fi = FLIP(PF), .fo = PF },
	{ "xadd [m],rcx", OP("\x0f\xc1"), RM(1), .size = 8,
	  .set = { SQ(rCX, 0x8000000000000000) },
	  .mi = { MI(L_T, 0, 0x8000000000000000) }, .a = { RT(8), WT(8, 0) },
	  .exp = { E(rCX, 8, 0x8000000000000000) },
	  .fi = FLIP(CF | OF | ZF | PF), .fo = CF | OF | ZF | PF },
};

/* The ALU ("ADD", "ADC", "SUB", "SBB", "AND", "OR", "XOR", "CMP",
 * "TEST": CF/OF from the unsigned/signed result, AF from bit 3, PF of the
 * low byte; AND/OR/XOR/TEST clear CF and OF, AF undefined). */
static const struct row alu_rows[] = {
	{ "add [m],cl", OP("\x00"), RM(1), .size = 1,
	  .set = { SB(rCX, 1) }, .mi = { MI(L_T, 0, 0xff) },
	  .a = { RT(1), WT(1, 0) },
	  .fi = FLIP(CF | ZF | PF | AF), .fo = CF | ZF | PF | AF },
	{ "add [m],ecx", OP("\x01"), RM(1), .size = 4,
	  .set = { SD(rCX, 1) }, .mi = { MI(L_T, 0, 0x7fffffff) },
	  .a = { RT(4), WT(4, 0x80000000) },
	  .fi = FLIP(OF | SF | AF | PF), .fo = OF | SF | AF | PF },
	{ "add dx,[m]", OP("\x03"), RM(2), .size = 2,
	  .set = { SW(rDX, 0x8000) }, .mi = { MI(L_T, 0, 0x8000) },
	  .a = { RT(2) }, .exp = { E(rDX, 2, 0) },
	  .fi = FLIP(CF | OF | ZF | PF), .fo = CF | OF | ZF | PF },
	{ "or [m],ax", OP("\x09"), RM(0), .size = 2,
	  .set = { SW(rAX, 0x00f0) }, .mi = { MI(L_T, 0, 0x0f00) },
	  .a = { RT(2), WT(2, 0x0ff0) }, .fi = FLIP(PF), .fo = PF,
	  .fu = AF },
	/* 0EH + 01H + CF = 10H: AF only. */
	{ "adc [m],al", OP("\x10"), RM(0), .size = 1,
	  .set = { SB(rAX, 1) }, .mi = { MI(L_T, 0, 0x0e) },
	  .a = { RT(1), WT(1, 0x10) }, .fi = CF | ZF | SF | OF | PF,
	  .fo = AF },
	/* 0 - 0 - CF = FFFFFFFFH. */
	{ "sbb [m],edx", OP("\x19"), RM(2), .size = 4,
	  .set = { SD(rDX, 0) }, .mi = { MI(L_T, 0, 0) },
	  .a = { RT(4), WT(4, 0xffffffff) }, .fi = CF | ZF | OF,
	  .fo = CF | SF | PF | AF },
	{ "and [m],cx", OP("\x21"), RM(1), .size = 2,
	  .set = { SW(rCX, 0x8003) }, .mi = { MI(L_T, 0, 0x8001) },
	  .a = { RT(2), WT(2, 0x8001) }, .fi = FLIP(SF), .fo = SF, .fu = AF },
	/* 80H - 01H = 7FH: OF, AF. */
	{ "sub [m],al", OP("\x28"), RM(0), .size = 1,
	  .set = { SB(rAX, 1) }, .mi = { MI(L_T, 0, 0x80) },
	  .a = { RT(1), WT(1, 0x7f) }, .fi = FLIP(OF | AF), .fo = OF | AF },
	{ "xor [m],eax", OP("\x31"), RM(0), .size = 4,
	  .set = { SD(rAX, 0xffff0000) }, .mi = { MI(L_T, 0, 0xffff0000) },
	  .a = { RT(4), WT(4, 0) }, .fi = FLIP(ZF | PF), .fo = ZF | PF,
	  .fu = AF },
	/* 01H - 02H: CF, SF, AF, PF; CMP does not write. */
	{ "cmp [m],dl", OP("\x38"), RM(2), .size = 1,
	  .set = { SB(rDX, 2) }, .mi = { MI(L_T, 0, 1) }, .a = { RT(1) },
	  .fi = FLIP(CF | SF | AF | PF), .fo = CF | SF | AF | PF },
	/* 80000000H - 1 = 7FFFFFFFH: OF, AF, PF. */
	{ "cmp ecx,[m]", OP("\x3b"), RM(1), .size = 4,
	  .set = { SD(rCX, 0x80000000) }, .mi = { MI(L_T, 0, 1) },
	  .a = { RT(4) }, .fi = FLIP(OF | AF | PF), .fo = OF | AF | PF },
	{ "add byte [m],80h", OP("\x80"), RM(0), .size = 1, IMM("\x80"),
	  .mi = { MI(L_T, 0, 0x80) }, .a = { RT(1), WT(1, 0) },
	  .fi = FLIP(CF | OF | ZF | PF), .fo = CF | OF | ZF | PF },
	{ "or word [m],8000h", OP("\x81"), RM(1), .size = 2,
	  IMM("\x00\x80"), .mi = { MI(L_T, 0, 1) },
	  .a = { RT(2), WT(2, 0x8001) }, .fi = FLIP(SF), .fo = SF, .fu = AF },
	/* 7FFFFFFFH - FFFFFFFFH (imm8 -1 sign-extended): borrow, overflow. */
	{ "sub dword [m],-1", OP("\x83"), RM(5), .size = 4, IMM("\xff"),
	  .mi = { MI(L_T, 0, 0x7fffffff) }, .a = { RT(4), WT(4, 0x80000000) },
	  .fi = FLIP(CF | OF | SF | PF), .fo = CF | OF | SF | PF },
	{ "and qword [m],imm32", OP("\x81"), RM(4), .size = 8,
	  IMM("\x00\x00\x00\x80"), .mi = { MI(L_T, 0, ~0ull) },
	  .a = { RT(8), WT(8, 0xffffffff80000000) }, .fi = FLIP(SF | PF),
	  .fo = SF | PF, .fu = AF },
	{ "cmp dword [m],10h", OP("\x83"), RM(7), .size = 4, IMM("\x10"),
	  .mi = { MI(L_T, 0, 0x10) }, .a = { RT(4) }, .fi = FLIP(ZF | PF),
	  .fo = ZF | PF },
	{ "test [m],ecx", OP("\x85"), RM(1), .size = 4,
	  .set = { SD(rCX, 0x00010000) }, .mi = { MI(L_T, 0, 0x00ff0000) },
	  .a = { RT(4) }, .fi = FLIP(PF), .fo = PF, .fu = AF },
	{ "test byte [m],80h", OP("\xf6"), RM(0), .size = 1, IMM("\x80"),
	  .mi = { MI(L_T, 0, 0x80) }, .a = { RT(1) }, .fi = FLIP(SF),
	  .fo = SF, .fu = AF },
	{ "test word [m],0101h", OP("\xf7"), RM(0), .size = 2,
	  IMM("\x01\x01"), .mi = { MI(L_T, 0, 0x0202) }, .a = { RT(2) },
	  .fi = FLIP(ZF | PF), .fo = ZF | PF, .fu = AF },
	{ "adc [m],rdx", OP("\x11"), RM(2), .size = 8,
	  .set = { SQ(rDX, 0) }, .mi = { MI(L_T, 0, ~0ull) },
	  .a = { RT(8), WT(8, 0) }, .fi = CF | SF | OF,
	  .fo = CF | ZF | PF | AF },
	{ "lock add [m],cx", OP("\x01"), RM(1), .size = 2, .f = F_LOCK,
	  .set = { SW(rCX, 2) }, .mi = { MI(L_T, 0, 1) },
	  .a = { RT(2), WT(2, 3) }, .fi = FLIP(PF), .fo = PF },
	{ "lock sub dword [m],1", OP("\x83"), RM(5), .size = 4, .f = F_LOCK,
	  IMM("\x01"), .mi = { MI(L_T, 0, 0) },
	  .a = { RT(4), WT(4, 0xffffffff) }, .fi = FLIP(CF | SF | PF | AF),
	  .fo = CF | SF | PF | AF },
	/* 10H - 0FH - CF = 00H: ZF, PF, AF (borrow from bit 4), no CF. */
	{ "sbb cl,[m]", OP("\x1a"), RM(1), .size = 1,
	  .set = { SB(rCX, 0x10) }, .mi = { MI(L_T, 0, 0x0f) },
	  .a = { RT(1) }, .exp = { E(rCX, 1, 0) }, .fi = CF | SF | OF,
	  .fo = ZF | PF | AF },
	{ "or rax,[m]", OP("\x0b"), RM(0), .size = 8,
	  .set = { SQ(rAX, 0x8000000000000000) }, .mi = { MI(L_T, 0, 1) },
	  .a = { RT(8) }, .exp = { E(rAX, 8, 0x8000000000000001) },
	  .fi = FLIP(SF), .fo = SF, .fu = AF },
};

/* MUL, IMUL, DIV, IDIV, BSF, BSR, POPCNT ("MUL": AX = AL * SRC, else rDX:rAX = rAX * SRC,
 * CF = OF = (upper half != 0); "IMUL": CF = OF unless the product fits
 * the low half sign-extended, the two- and three-operand forms truncated
 * to the register; "DIV"/"IDIV": rAX the quotient, rDX (AH) the
 * remainder with the dividend's sign, #DE when the quotient does not
 * fit).  SF, ZF, AF, PF are undefined after the multiplications, all six
 * after the divisions. */
#define MUL_UNDEF (SF | ZF | AF | PF)
static const struct row muldiv_rows[] = {
	/* 40H * 4 = 0100H in AX */
	{ "mul byte [m]", OP("\xf6"), RM(4), .size = 1,
	  .set = { SB(rAX, 0x40) }, .mi = { MI(L_T, 0, 4) }, .a = { RT(1) },
	  .exp = { E(rAX, 2, 0x0100) }, .fo = CF | OF, .fu = MUL_UNDEF },
	/* 80000000H * 4 = 2:00000000H */
	{ "mul dword [m]", OP("\xf7"), RM(4), .size = 4,
	  .set = { SD(rAX, 0x80000000), SD(rDX, 0x12345678) },
	  .mi = { MI(L_T, 0, 4) }, .a = { RT(4) },
	  .exp = { E(rAX, 4, 0), E(rDX, 4, 2) }, .fo = CF | OF,
	  .fu = MUL_UNDEF },
	/* -1 * -2 = 2: fits, CF = OF = 0 */
	{ "imul word [m]", OP("\xf7"), RM(5), .size = 2,
	  .set = { SW(rAX, 0xffff), SW(rDX, 0x5555) },
	  .mi = { MI(L_T, 0, 0xfffe) }, .a = { RT(2) },
	  .exp = { E(rAX, 2, 2), E(rDX, 2, 0) }, .fi = CF | OF,
	  .fu = MUL_UNDEF },
	/* 2:0000000000000001H / 4 = 8000000000000000H, remainder 1 */
	{ "div qword [m]", OP("\xf7"), RM(6), .size = 8,
	  .set = { SQ(rAX, 1), SQ(rDX, 2) }, .mi = { MI(L_T, 0, 4) },
	  .a = { RT(8) }, .exp = { E(rAX, 8, 0x8000000000000000), E(rDX, 8, 1) },
	  .fu = ST },
	/* AX = -256 / 2 = -128 (80H), remainder 0 */
	{ "idiv byte [m]", OP("\xf6"), RM(7), .size = 1,
	  .set = { SW(rAX, 0xff00) }, .mi = { MI(L_T, 0, 2) }, .a = { RT(1) },
	  .exp = { E(rAX, 2, 0x0080) }, .fu = ST },
	/* -7 / 2 = -3, remainder -1 */
	{ "idiv word [m]", OP("\xf7"), RM(7), .size = 2,
	  .set = { SW(rAX, 0xfff9), SW(rDX, 0xffff) },
	  .mi = { MI(L_T, 0, 2) }, .a = { RT(2) },
	  .exp = { E(rAX, 2, 0xfffd), E(rDX, 2, 0xffff) }, .fu = ST },
	/* 1:00000000H / 1 does not fit in EAX: #DE, nothing written */
	{ "div dword [m] #DE", OP("\xf7"), RM(6), .size = 4,
	  .set = { SD(rAX, 0), SD(rDX, 1) }, .mi = { MI(L_T, 0, 1) },
	  .a = { RT(4) }, XV(VMEXIT_EXC_DE, false, 0) },
	/* 7 * -3 = -21 */
	{ "imul ecx,[m],-3", OP("\x6b"), RM(1), .size = 4, IMM("\xfd"),
	  .set = { SD(rCX, 0) }, .mi = { MI(L_T, 0, 7) }, .a = { RT(4) },
	  .exp = { E(rCX, 4, 0xffffffeb) }, .fi = CF | OF, .fu = MUL_UNDEF },
	/* 0100H * 0100H = 10000H, truncated to 0: CF = OF = 1 */
	{ "imul dx,[m],0100h", OP("\x69"), RM(2), .size = 2, IMM("\x00\x01"),
	  .mi = { MI(L_T, 0, 0x0100) }, .a = { RT(2) },
	  .exp = { E(rDX, 2, 0) }, .fo = CF | OF, .fu = MUL_UNDEF },
	/* BSF/BSR ("BSF", "BSR": ZF = (SRC = 0), the index otherwise; the
	 * destination of a zero source as hardware leaves it, whole),
	 * POPCNT ("POPCNT": ZF = (SRC = 0), the others cleared) */
	{ "bsf ecx,[m]", OP("\x0f\xbc"), RM(1), .size = 4,
	  .mi = { MI(L_T, 0, 0x00010000) }, .a = { RT(4) },
	  .exp = { E(rCX, 4, 16) }, .fi = ZF, .fu = CF | OF | SF | AF | PF },
	{ "bsr ax,[m]", OP("\x0f\xbd"), RM(0), .size = 2,
	  .mi = { MI(L_T, 0, 0x0101) }, .a = { RT(2) },
	  .exp = { E(rAX, 2, 8) }, .fi = ZF, .fu = CF | OF | SF | AF | PF },
	{ "bsf edx,[m] of 0: rdx kept whole", OP("\x0f\xbc"), RM(2), .size = 4,
	  .f = F_64, .set = { SQ(rDX, 0xdeadbeef00001234) },
	  .mi = { MI(L_T, 0, 0) }, .a = { RT(4) }, .fo = ZF,
	  .fu = CF | OF | SF | AF | PF },
	{ "popcnt rbx,[m]", OP("\x0f\xb8"), .mp = 0xf3, RM(3), .size = 8,
	  .mi = { MI(L_T, 0, 0x80000000f0f0) }, .a = { RT(8) },
	  .exp = { E(rBX, 8, 9) }, .fi = CF | OF | SF | AF | PF | ZF },
	{ "popcnt cx,[m] of 0", OP("\x0f\xb8"), .mp = 0xf3, RM(1),
	  .size = 2, .set = { SW(rCX, 0x5555) }, .mi = { MI(L_T, 0, 0) },
	  .a = { RT(2) }, .exp = { E(rCX, 2, 0) }, .fi = CF | PF, .fo = ZF },
	/* 3 * -2 = -6 */
	{ "imul rbx,[m]", OP("\x0f\xaf"), RM(3), .size = 8,
	  .set = { SQ(rBX, 3) }, .mi = { MI(L_T, 0, 0xfffffffffffffffe) },
	  .a = { RT(8) }, .exp = { E(rBX, 8, 0xfffffffffffffffa) },
	  .fi = CF | OF, .fu = MUL_UNDEF },
};

/* INC/DEC ("INC", "DEC": CF unaffected), NEG ("NEG": CF = (DEST != 0),
 * flags of 0 - DEST), NOT ("NOT": no flags). */
static const struct row unary_rows[] = {
	{ "inc byte [m]", OP("\xfe"), RM(0), .size = 1,
	  .mi = { MI(L_T, 0, 0x7f) }, .a = { RT(1), WT(1, 0x80) },
	  .fi = CF, .fo = CF | OF | SF | AF },
	{ "dec word [m]", OP("\xff"), RM(1), .size = 2,
	  .mi = { MI(L_T, 0, 0) }, .a = { RT(2), WT(2, 0xffff) },
	  .fi = ZF | OF, .fo = SF | AF | PF },
	{ "inc dword [m]", OP("\xff"), RM(0), .size = 4,
	  .mi = { MI(L_T, 0, 0xffffffff) }, .a = { RT(4), WT(4, 0) },
	  .fi = SF | OF, .fo = ZF | PF | AF },
	{ "dec qword [m]", OP("\xff"), RM(1), .size = 8,
	  .mi = { MI(L_T, 0, 0x8000000000000000) },
	  .a = { RT(8), WT(8, 0x7fffffffffffffff) }, .fi = CF | ZF,
	  .fo = CF | OF | AF | PF },
	{ "neg byte [m]", OP("\xf6"), RM(3), .size = 1,
	  .mi = { MI(L_T, 0, 0x80) }, .a = { RT(1), WT(1, 0x80) },
	  .fi = ZF | PF | AF, .fo = CF | OF | SF },
	{ "neg word [m]", OP("\xf7"), RM(3), .size = 2,
	  .mi = { MI(L_T, 0, 0) }, .a = { RT(2), WT(2, 0) },
	  .fi = CF | SF | OF | AF, .fo = ZF | PF },
	{ "neg dword [m]", OP("\xf7"), RM(3), .size = 4,
	  .mi = { MI(L_T, 0, 1) }, .a = { RT(4), WT(4, 0xffffffff) },
	  .fi = ZF | OF, .fo = CF | SF | PF | AF },
	{ "lock inc dword [m]", OP("\xff"), RM(0), .size = 4, .f = F_LOCK,
	  .mi = { MI(L_T, 0, 5) }, .a = { RT(4), WT(4, 6) }, .fi = CF,
	  .fo = CF | PF },
	{ "lock dec byte [m]", OP("\xfe"), RM(1), .size = 1, .f = F_LOCK,
	  .mi = { MI(L_T, 0, 1) }, .a = { RT(1), WT(1, 0) }, .fi = CF,
	  .fo = CF | ZF | PF },
	{ "not byte [m]", OP("\xf6"), RM(2), .size = 1,
	  .mi = { MI(L_T, 0, 0x5a) }, .a = { RT(1), WT(1, 0xa5) },
	  FK(CF | ZF | OF) },
	{ "not word [m]", OP("\xf7"), RM(2), .size = 2,
	  .mi = { MI(L_T, 0, 0x00ff) }, .a = { RT(2), WT(2, 0xff00) },
	  FK(SF | PF | AF) },
	{ "not dword [m]", OP("\xf7"), RM(2), .size = 4,
	  .mi = { MI(L_T, 0, 0x0000ffff) }, .a = { RT(4), WT(4, 0xffff0000) },
	  FK(0) },
	{ "not qword [m]", OP("\xf7"), RM(2), .size = 8,
	  .mi = { MI(L_T, 0, 0) }, .a = { RT(8), WT(8, ~0ull) }, FK(CF | OF) },
};

/* Shifts and rotates ("SAL/SAR/SHL/SHR", "RCL/RCR/ROL/ROR": count masked
 * to 5 bits, 6 with REX.W; RCL/RCR 8- and 16-bit rotate (count & 1FH)
 * MOD 9 / MOD 17 positions; OF only defined for a count of 1; rotates
 * change only CF and OF; shifts leave AF undefined) and SHLD/SHRD
 * ("SHLD", "SHRD": CF the last bit out of DEST, OF for a count of 1). */
static const struct row shift_rows[] = {
	{ "shl byte [m],1", OP("\xd0"), RM(4), .size = 1,
	  .mi = { MI(L_T, 0, 0x81) }, .a = { RT(1), WT(1, 0x02) },
	  .fi = FLIP(CF | OF), .fo = CF | OF, .fu = AF },
	/* 8421H >> 4 = 0842H, CF = bit 3 = 0. */
	{ "shr word [m],cl=4", OP("\xd3"), RM(5), .size = 2,
	  .set = { SB(rCX, 4) }, .mi = { MI(L_T, 0, 0x8421) },
	  .a = { RT(2), WT(2, 0x0842) }, .fi = FLIP(PF), .fo = PF,
	  .fu = OF | AF },
	{ "sar dword [m],4", OP("\xc1"), RM(7), .size = 4, IMM("\x04"),
	  .mi = { MI(L_T, 0, 0x80000010) }, .a = { RT(4), WT(4, 0xf8000001) },
	  .fi = FLIP(SF), .fo = SF, .fu = OF | AF },
	{ "sar byte [m],1", OP("\xd0"), RM(7), .size = 1,
	  .mi = { MI(L_T, 0, 0x81) }, .a = { RT(1), WT(1, 0xc0) },
	  .fi = FLIP(CF | SF | PF), .fo = CF | SF | PF, .fu = AF },
	/* Count 21H is 1: 40000001H << 1, OF = MSB ^ CF = 1. */
	{ "shl dword [m],cl=21h", OP("\xd3"), RM(4), .size = 4,
	  .set = { SB(rCX, 0x21) }, .mi = { MI(L_T, 0, 0x40000001) },
	  .a = { RT(4), WT(4, 0x80000002) }, .fi = FLIP(OF | SF),
	  .fo = OF | SF, .fu = AF },
	/* Count 20H is 0 for 16 bits too: nothing changes. */
	{ "shl word [m],cl=20h", OP("\xd3"), RM(4), .size = 2, .f = F_LOOSE,
	  .set = { SB(rCX, 0x20) }, .mi = { MI(L_T, 0, 0x1234) },
	  FK(CF | ZF | OF) },
	{ "rol byte [m],1", OP("\xd0"), RM(0), .size = 1,
	  .mi = { MI(L_T, 0, 0x81) }, .a = { RT(1), WT(1, 0x03) },
	  .fi = ZF | PF, .fo = ZF | PF | CF | OF },
	{ "ror word [m],cl=4", OP("\xd3"), RM(1), .size = 2,
	  .set = { SB(rCX, 4) }, .mi = { MI(L_T, 0, 0x1234) },
	  .a = { RT(2), WT(2, 0x4123) }, .fi = CF | SF, .fo = SF, .fu = OF },
	{ "rol dword [m],8", OP("\xc1"), RM(0), .size = 4, IMM("\x08"),
	  .mi = { MI(L_T, 0, 0x12345678) }, .a = { RT(4), WT(4, 0x34567812) },
	  .fi = CF | ZF, .fo = ZF, .fu = OF },
	{ "rcl byte [m],1", OP("\xd0"), RM(2), .size = 1,
	  .mi = { MI(L_T, 0, 0x80) }, .a = { RT(1), WT(1, 0x01) },
	  .fi = CF, .fo = CF | OF },
	/* (18 & 1FH) MOD 17 = 1: 8001H, CF=0 -> 0002H, CF = 1. */
	{ "rcl word [m],cl=18", OP("\xd3"), RM(2), .size = 2,
	  .set = { SB(rCX, 18) }, .mi = { MI(L_T, 0, 0x8001) },
	  .a = { RT(2), WT(2, 0x0002) }, .fi = 0, .fo = CF, .fu = OF },
	/* 10 MOD 9 = 1: 02H, CF=1 -> 81H, CF = 0. */
	{ "rcr byte [m],cl=10", OP("\xd2"), RM(3), .size = 1,
	  .set = { SB(rCX, 10) }, .mi = { MI(L_T, 0, 0x02) },
	  .a = { RT(1), WT(1, 0x81) }, .fi = CF, .fo = 0, .fu = OF },
	/* OF = MSB(DEST) ^ CF before the rotate = 1. */
	{ "rcr dword [m],1", OP("\xd1"), RM(3), .size = 4,
	  .mi = { MI(L_T, 0, 0x80000001) }, .a = { RT(4), WT(4, 0x40000000) },
	  .fi = 0, .fo = CF | OF },
	/* 33-bit rotate of 1:00000001H left by 31 = right by 2:
	 * 0:C0000000H. */
	{ "rcl dword [m],31", OP("\xc1"), RM(2), .size = 4, IMM("\x1f"),
	  .mi = { MI(L_T, 0, 1) }, .a = { RT(4), WT(4, 0xc0000000) },
	  .fi = CF, .fo = 0, .fu = OF },
	{ "rcr qword [m],1", OP("\xd1"), RM(3), .size = 8,
	  .mi = { MI(L_T, 0, 2) }, .a = { RT(8), WT(8, 0x8000000000000001) },
	  .fi = CF, .fo = OF },
	/* Count 3FH with REX.W: CF = bit 1 of 3. */
	{ "shl qword [m],cl=63", OP("\xd3"), RM(4), .size = 8,
	  .set = { SB(rCX, 0x3f) }, .mi = { MI(L_T, 0, 3) },
	  .a = { RT(8), WT(8, 0x8000000000000000) }, .fi = FLIP(CF | SF | PF),
	  .fo = CF | SF | PF, .fu = OF | AF },
	/* 1234H:ABCDH << 4 = 234AH, CF = bit 12 of 1234H = 1. */
	{ "shld [m],cx,4", OP("\x0f\xa4"), RM(1), .size = 2, IMM("\x04"),
	  .set = { SW(rCX, 0xabcd) }, .mi = { MI(L_T, 0, 0x1234) },
	  .a = { RT(2), WT(2, 0x234a) }, .fi = FLIP(CF), .fo = CF,
	  .fu = OF | AF },
	{ "shld [m],edx,cl=1", OP("\x0f\xa5"), RM(2), .size = 4,
	  .set = { SD(rDX, 0x80000000), SB(rCX, 1) },
	  .mi = { MI(L_T, 0, 0x40000000) }, .a = { RT(4), WT(4, 0x80000001) },
	  .fi = FLIP(OF | SF), .fo = OF | SF, .fu = AF },
	/* 12345678H >> 8 with ABH in: AB123456H, CF = bit 7 of 78H = 0. */
	{ "shrd [m],eax,8", OP("\x0f\xac"), RM(0), .size = 4, IMM("\x08"),
	  .set = { SD(rAX, 0xab) }, .mi = { MI(L_T, 0, 0x12345678) },
	  .a = { RT(4), WT(4, 0xab123456) }, .fi = FLIP(SF | PF),
	  .fo = SF | PF, .fu = OF | AF },
	/* Count 21H & 1FH = 1; bit 0 of CX (0021H) comes in at bit 15. */
	{ "shrd [m],cx,cl=21h", OP("\x0f\xad"), RM(1), .size = 2,
	  .set = { SW(rCX, 0x0021) }, .mi = { MI(L_T, 0, 1) },
	  .a = { RT(2), WT(2, 0x8000) }, .fi = FLIP(CF | OF | SF | PF),
	  .fo = CF | OF | SF | PF, .fu = AF },
	{ "shld [m],rdx,60", OP("\x0f\xa4"), RM(2), .size = 8, IMM("\x3c"),
	  .set = { SQ(rDX, 0xf000000000000000) }, .mi = { MI(L_T, 0, 0xf) },
	  .a = { RT(8), WT(8, 0xff00000000000000) }, .fi = FLIP(SF | PF),
	  .fo = SF | PF, .fu = OF | AF },
};

/* BT/BTS/BTR/BTC ("BT": with a register offset and a memory operand the
 * operand is at EA + (size * (offset DIV bits)), signed; an immediate
 * offset is taken modulo the width; CF = the bit, ZF unaffected, OF SF
 * AF PF undefined). */
#define BTU (OF | SF | AF | PF)
static const struct row bt_rows[] = {
	{ "bt [m],ecx=35", OP("\x0f\xa3"), RM(1), .size = 4,
	  .set = { SD(rCX, 35) }, .mi = { MI(L_T, 4, 8) },
	  .a = { RD(L_T, 4, 4) }, .fi = ZF, .fo = ZF | CF, .fu = BTU },
	{ "bts [m],ecx=-1", OP("\x0f\xab"), RM(1), .size = 4,
	  .set = { SD(rCX, 0xffffffff) }, .mi = { MI(L_T, -4, 0) },
	  .a = { RD(L_T, -4, 4), WR(L_T, -4, 4, 0x80000000) }, .fi = CF | ZF,
	  .fo = ZF, .fu = BTU },
	/* -17 = -2 * 16 + 15: the word at EA - 4, bit 15. */
	{ "btr [m],cx=-17", OP("\x0f\xb3"), RM(1), .size = 2,
	  .set = { SW(rCX, 0xffef) }, .mi = { MI(L_T, -4, 0xffff) },
	  .a = { RD(L_T, -4, 2), WR(L_T, -4, 2, 0x7fff) }, .fi = 0, .fo = CF,
	  .fu = BTU },
	{ "btc [m],rdx=69", OP("\x0f\xbb"), RM(2), .size = 8,
	  .set = { SQ(rDX, 69) }, .mi = { MI(L_T, 8, 0) },
	  .a = { RD(L_T, 8, 8), WR(L_T, 8, 8, 0x20) }, .fi = CF, .fo = 0,
	  .fu = BTU },
	{ "bt word [m],13h", OP("\x0f\xba"), RM(4), .size = 2, IMM("\x13"),
	  .mi = { MI(L_T, 0, 0x0008) }, .a = { RT(2) }, .fi = 0, .fo = CF,
	  .fu = BTU },
	{ "bts dword [m],35", OP("\x0f\xba"), RM(5), .size = 4, IMM("\x23"),
	  .mi = { MI(L_T, 0, 0) }, .a = { RT(4), WT(4, 8) }, .fi = CF,
	  .fo = 0, .fu = BTU },
	{ "btc word [m],15", OP("\x0f\xba"), RM(7), .size = 2, IMM("\x0f"),
	  .mi = { MI(L_T, 0, 0x8000) }, .a = { RT(2), WT(2, 0) }, .fi = 0,
	  .fo = CF, .fu = BTU },
	{ "lock btr [m],ecx=3", OP("\x0f\xb3"), RM(1), .size = 4,
	  .f = F_LOCK, .set = { SD(rCX, 3) }, .mi = { MI(L_T, 0, 0xf) },
	  .a = { RT(4), WT(4, 7) }, .fi = 0, .fo = CF, .fu = BTU },
};

/* SETcc ("SETcc": 1 if the condition holds, else 0; the conditions of
 * "Jcc"). */
#define SETCC(nm, opc, fl, v) { nm, OP(opc), RM(0), \
	.mi = { MI(L_T, 0, 0x5a) }, .a = { WT(1, v) }, FK(fl) }
static const struct row setcc_rows[] = {
	SETCC("seto (OF=1)", "\x0f\x90", OF, 1),
	SETCC("setno (OF=1)", "\x0f\x91", OF, 0),
	SETCC("setb (CF=1)", "\x0f\x92", CF, 1),
	SETCC("setz (ZF=0)", "\x0f\x94", 0, 0),
	SETCC("setbe (ZF=1)", "\x0f\x96", ZF, 1),
	SETCC("seta (ZF=1)", "\x0f\x97", ZF, 0),
	SETCC("sets (SF=1)", "\x0f\x98", SF, 1),
	SETCC("setp (PF=0)", "\x0f\x9a", 0, 0),
	SETCC("setnp (PF=0)", "\x0f\x9b", 0, 1),
	SETCC("setl (SF!=OF)", "\x0f\x9c", SF, 1),
	SETCC("setge (SF=OF=1)", "\x0f\x9d", SF | OF, 1),
	SETCC("setle (ZF=0,SF!=OF)", "\x0f\x9e", OF, 1),
	SETCC("setg (ZF=0,SF=OF)", "\x0f\x9f", SF | OF, 1),
	SETCC("setg (ZF=1)", "\x0f\x9f", ZF | SF | OF, 0),
};

/* CMOVcc ("CMOVcc": the source is read either way; with a 32-bit
 * operand in 64-bit mode the destination is zero-extended even when the
 * condition is false). */
static const struct row cmov_rows[] = {
	{ "cmovz eax,[m] (ZF=1)", OP("\x0f\x44"), RM(0), .size = 4,
	  .set = { SD(rAX, 0x12345678) }, .mi = { MI(L_T, 0, 0x89abcdef) },
	  .a = { RT(4) }, .exp = { E(rAX, 4, 0x89abcdef) }, FK(ZF) },
	{ "cmovnz eax,[m] (ZF=1)", OP("\x0f\x45"), RM(0), .size = 4,
	  .set = { SD(rAX, 0x12345678) }, .mi = { MI(L_T, 0, 0x89abcdef) },
	  .a = { RT(4) }, .exp = { E(rAX, 4, 0x12345678) }, FK(ZF) },
	{ "cmovb cx,[m] (CF=1)", OP("\x0f\x42"), RM(1), .size = 2,
	  .set = { SW(rCX, 0x1111) }, .mi = { MI(L_T, 0, 0x2222) },
	  .a = { RT(2) }, .exp = { E(rCX, 2, 0x2222) }, FK(CF) },
	{ "cmovae cx,[m] (CF=1)", OP("\x0f\x43"), RM(1), .size = 2,
	  .set = { SW(rCX, 0x1111) }, .mi = { MI(L_T, 0, 0x2222) },
	  .a = { RT(2) }, FK(CF) },
	{ "cmovl edx,[m] (SF=1)", OP("\x0f\x4c"), RM(2), .size = 4,
	  .mi = { MI(L_T, 0, 0xfffffffe) }, .a = { RT(4) },
	  .exp = { E(rDX, 4, 0xfffffffe) }, FK(SF) },
	{ "cmovp ebx,[m] (PF=1)", OP("\x0f\x4a"), RM(3), .size = 4,
	  .mi = { MI(L_T, 0, 0x600d) }, .a = { RT(4) },
	  .exp = { E(rBX, 4, 0x600d) }, FK(PF) },
	{ "cmovg rdx,[m] (SF=OF)", OP("\x0f\x4f"), RM(2), .size = 8,
	  .mi = { MI(L_T, 0, 0x0123456789abcdef) }, .a = { RT(8) },
	  .exp = { E(rDX, 8, 0x0123456789abcdef) }, FK(SF | OF) },
	{ "cmovo rax,[m] (OF=0)", OP("\x0f\x40"), RM(0), .size = 8,
	  .mi = { MI(L_T, 0, 0x0123456789abcdef) }, .a = { RT(8) }, FK(0) },
};

/* The stack ("PUSH", "POP": rSP by the operand size, wrapping at the
 * stack-address size of SS.B or 64; PUSH r/m reads its operand before
 * rSP changes, POP r/m computes its address after; imm8 is
 * sign-extended; in 64-bit mode the default operand size is 64, 66 makes
 * it 16 and 32 cannot be encoded), LEAVE ("LEAVE": rSP <- rBP at the
 * stack-address size, then rBP <- Pop()). */
#define SOPS (F_D64)
static const struct row stack_rows[] = {
	{ "push word [m]", OP("\xff"), RM(6), .size = 2, .f = SOPS,
	  .mi = { MI(L_T, 0, 0xbeef) },
	  .a = { RT(2), WR(L_STK, -2, 2, 0xbeef) }, .sp = -2 },
	{ "push dword [m]", OP("\xff"), RM(6), .size = 4, .f = SOPS,
	  .mi = { MI(L_T, 0, 0x89abcdef) },
	  .a = { RT(4), WR(L_STK, -4, 4, 0x89abcdef) }, .sp = -4 },
	{ "push qword [m]", OP("\xff"), RM(6), .size = 8, .f = SOPS,
	  .mi = { MI(L_T, 0, 0x0123456789abcdef) },
	  .a = { RT(8), WR(L_STK, -8, 8, 0x0123456789abcdef) }, .sp = -8 },
	{ "pop word [m]", OP("\x8f"), RM(0), .size = 2, .f = SOPS,
	  .mi = { MI(L_STK, 0, 0xcafe) },
	  .a = { RD(L_STK, 0, 2), WT(2, 0xcafe) }, .sp = 2 },
	{ "pop dword [m]", OP("\x8f"), RM(0), .size = 4, .f = SOPS,
	  .mi = { MI(L_STK, 0, 0xcafef00d) },
	  .a = { RD(L_STK, 0, 4), WT(4, 0xcafef00d) }, .sp = 4 },
	{ "pop qword [m]", OP("\x8f"), RM(0), .size = 8, .f = SOPS,
	  .mi = { MI(L_STK, 0, 0x1122334455667788) },
	  .a = { RD(L_STK, 0, 8), WT(8, 0x1122334455667788) }, .sp = 8 },
	{ "push cx", OP("\x51"), .size = 2, .f = SOPS,
	  .set = { SW(rCX, 0x1234) }, .a = { WR(L_STK, -2, 2, 0x1234) },
	  .sp = -2 },
	{ "push ecx", OP("\x51"), .size = 4, .f = SOPS,
	  .set = { SD(rCX, 0x12345678) }, .a = { WR(L_STK, -4, 4, 0x12345678) },
	  .sp = -4 },
	{ "push rcx", OP("\x51"), .size = 8, .f = SOPS,
	  .set = { SQ(rCX, 0x8877665544332211) },
	  .a = { WR(L_STK, -8, 8, 0x8877665544332211) }, .sp = -8 },
	{ "push r10", OP("\x52"), .size = 8, .rex = 0x41, .f = SOPS,
	  .set = { SQ(r10, 0x0a0a0a0a0a0a0a0a) },
	  .a = { WR(L_STK, -8, 8, 0x0a0a0a0a0a0a0a0a) }, .sp = -8 },
	{ "pop dx", OP("\x5a"), .size = 2, .f = SOPS,
	  .mi = { MI(L_STK, 0, 0x4321) }, .a = { RD(L_STK, 0, 2) },
	  .exp = { E(rDX, 2, 0x4321) }, .sp = 2 },
	{ "pop edx", OP("\x5a"), .size = 4, .f = SOPS,
	  .mi = { MI(L_STK, 0, 0x87654321) }, .a = { RD(L_STK, 0, 4) },
	  .exp = { E(rDX, 4, 0x87654321) }, .sp = 4 },
	{ "pop rdx", OP("\x5a"), .size = 8, .f = SOPS,
	  .mi = { MI(L_STK, 0, 0xfedcba9876543210) }, .a = { RD(L_STK, 0, 8) },
	  .exp = { E(rDX, 8, 0xfedcba9876543210) }, .sp = 8 },
	{ "push word -80h", OP("\x6a\x80"), .size = 2, .f = SOPS,
	  .a = { WR(L_STK, -2, 2, 0xff80) }, .sp = -2 },
	{ "push dword -80h", OP("\x6a\x80"), .size = 4, .f = SOPS,
	  .a = { WR(L_STK, -4, 4, 0xffffff80) }, .sp = -4 },
	{ "push qword -80h", OP("\x6a\x80"), .size = 8, .f = SOPS,
	  .a = { WR(L_STK, -8, 8, 0xffffffffffffff80) }, .sp = -8 },
	{ "push word 1234h", OP("\x68"), .size = 2, .f = SOPS,
	  IMM("\x34\x12"), .a = { WR(L_STK, -2, 2, 0x1234) }, .sp = -2 },
	{ "push dword 12345678h", OP("\x68"), .size = 4, .f = SOPS,
	  IMM("\x78\x56\x34\x12"), .a = { WR(L_STK, -4, 4, 0x12345678) },
	  .sp = -4 },
	{ "push qword imm32", OP("\x68"), .size = 8, .f = SOPS,
	  IMM("\x00\x00\x00\x80"),
	  .a = { WR(L_STK, -8, 8, 0xffffffff80000000) }, .sp = -8 },
	/* [esp+4] is computed after the pop: old ESP + 8. */
	{ "pop dword [esp+4]", OP("\x8f\x44\x24\x04"), .size = 4,
	  .modes = M(PROT32) | M(COMPAT32), .mi = { MI(L_STK, 0, 0x600dcafe) },
	  .a = { RD(L_STK, 0, 4), WR(L_STK, 8, 4, 0x600dcafe) }, .sp = 4 },
	{ "pop qword [rsp+8]", OP("\x8f\x44\x24\x08"), .size = 8, .f = SOPS,
	  .mi = { MI(L_STK, 0, 0x0102030405060708) },
	  .a = { RD(L_STK, 0, 8), WR(L_STK, 16, 8, 0x0102030405060708) },
	  .sp = 8 },
	/* [esp+4] is read before the push. */
	{ "push dword [esp+4]", OP("\xff\x74\x24\x04"), .size = 4,
	  .modes = M(PROT32) | M(COMPAT32), .mi = { MI(L_STK, 4, 0x5eed5eed) },
	  .a = { RD(L_STK, 4, 4), WR(L_STK, -4, 4, 0x5eed5eed) }, .sp = -4 },
	{ "push ecx, 16-bit stack under 32-bit code", OP("\x51"), .size = 4,
	  .f = SOPS, .set = { SD(rCX, 0x0badcafe) },
	  .a = { WR(L_STK, -4, 4, 0x0badcafe) }, .sp = -4, .env = env_ss16,
	  .modes = M(PROT32) | M(COMPAT32) },
	{ "push cx, 32-bit stack under 16-bit code", OP("\x51"), .size = 2,
	  .f = SOPS, .set = { SW(rCX, 0xcafe) },
	  .a = { WR(L_STK, -2, 2, 0xcafe) }, .sp = -2, .env = env_ss32,
	  .modes = M(PROT16) | M(COMPAT16) },
	{ "leave, 16-bit stack under 32-bit code", OP("\xc9"), .size = 4,
	  .f = SOPS, .bp = 0x10, .mi = { MI(L_STK, 0x10, 0x13572468) },
	  .a = { RD(L_STK, 0x10, 4) }, .exp = { E(rBP, 4, 0x13572468) },
	  .sp = 0x14, .env = env_ss16, .modes = M(PROT32) | M(COMPAT32) },
	{ "leave (16-bit pop)", OP("\xc9"), .size = 2, .f = SOPS, .bp = 0x10,
	  .mi = { MI(L_STK, 0x10, 0x5678) }, .a = { RD(L_STK, 0x10, 2) },
	  .exp = { E(rBP, 2, 0x5678) }, .sp = 0x12 },
	{ "leave (32-bit pop)", OP("\xc9"), .size = 4, .f = SOPS, .bp = 0x10,
	  .mi = { MI(L_STK, 0x10, 0x12345678) }, .a = { RD(L_STK, 0x10, 4) },
	  .exp = { E(rBP, 4, 0x12345678) }, .sp = 0x14 },
	{ "leave (64-bit pop)", OP("\xc9"), .size = 8, .f = SOPS, .bp = 0x10,
	  .mi = { MI(L_STK, 0x10, 0x0000123456789abc) },
	  .a = { RD(L_STK, 0x10, 8) }, .exp = { E(rBP, 8, 0x0000123456789abc) },
	  .sp = 0x18 },
};

/* CALL and JMP near through memory ("CALL", "JMP": the target is
 * operand-size wide, IP/EIP/RIP <- target; CALL pushes the address of
 * the next instruction, truncated to the operand size; near branches are
 * 64-bit in 64-bit mode). */
static const struct row branch_rows[] = {
	{ "call word [m]", OP("\xff"), RM(2), .size = 2, .f = F_N64,
	  .mi = { MI(L_T, 0, 0xabcd2345) },
	  .a = { RT(2), WRET(L_STK, -2, 2) }, .sp = -2, .rip = 0x2345 },
	{ "call dword [m]", OP("\xff"), RM(2), .size = 4, .f = F_N64,
	  .mi = { MI(L_T, 0, 0x3456) },
	  .a = { RT(4), WRET(L_STK, -4, 4) }, .sp = -4, .rip = 0x3456 },
	{ "call qword [m]", OP("\xff"), RM(2), .size = 8, .f = F_D64,
	  .mi = { MI(L_T, 0, 0x00007fff00003456) },
	  .a = { RT(8), WRET(L_STK, -8, 8) }, .sp = -8,
	  .rip = 0x00007fff00003456 },
	{ "jmp word [m]", OP("\xff"), RM(4), .size = 2, .f = F_N64,
	  .mi = { MI(L_T, 0, 0xabcd2345) }, .a = { RT(2) }, .rip = 0x2345 },
	{ "jmp dword [m]", OP("\xff"), RM(4), .size = 4, .f = F_N64,
	  .mi = { MI(L_T, 0, 0x4567) }, .a = { RT(4) }, .rip = 0x4567 },
	{ "jmp qword [m]", OP("\xff"), RM(4), .size = 8, .f = F_D64,
	  .mi = { MI(L_T, 0, 0xffff800000001234) }, .a = { RT(8) },
	  .rip = 0xffff800000001234 },
};

/* String instructions ("MOVS", "STOS", "LODS", "CMPS", "SCAS" with
 * "REP/REPE/REPZ/REPNE/REPNZ": rCX at the address size counts, rSI/rDI
 * step by the size, backwards with DF; CMPS compares [rSI] - [ES:rDI],
 * SCAS rAX - [ES:rDI]; REPE stops on ZF = 0, REPNE on ZF = 1; a count
 * of 0 does nothing).  The source segment can be overridden, ES:rDI
 * cannot. */
static const struct row string_rows[] = {
	{ "movsb", OP("\xa4"), STR, .mi = { MI(L_SRC, 0, 0x11) },
	  .a = { RD(L_SRC, 0, 1), WR(L_DST, 0, 1, 0x11) },
	  .exp = { EADD(rSI, 1), EADD(rDI, 1) } },
	{ "rep movsw cx=3", OP("\xa5"), STR, .size = 2, .mp = 0xf3,
	  .set = { SC(3) }, .mi = { MI(L_SRC, 0, 0x0000333322221111) },
	  .a = { RD(L_SRC, 0, 2), WR(L_DST, 0, 2, 0x1111),
		 RD(L_SRC, 2, 2), WR(L_DST, 2, 2, 0x2222),
		 RD(L_SRC, 4, 2), WR(L_DST, 4, 2, 0x3333) },
	  .exp = { E(rCX, AD, 0), EADD(rSI, 6), EADD(rDI, 6) } },
	{ "std; rep movsd cx=2", OP("\xa5"), STR, .size = 4, .mp = 0xf3,
	  .set = { SC(2) }, .mi = { MI(L_SRC, -4, 0x2222222211111111) },
	  .a = { RD(L_SRC, 0, 4), WR(L_DST, 0, 4, 0x22222222),
		 RD(L_SRC, -4, 4), WR(L_DST, -4, 4, 0x11111111) },
	  .exp = { E(rCX, AD, 0), EADD(rSI, -8), EADD(rDI, -8) }, FK(DF) },
	{ "movsq", OP("\xa5"), STR, .size = 8,
	  .mi = { MI(L_SRC, 0, 0x0123456789abcdef) },
	  .a = { RD(L_SRC, 0, 8), WR(L_DST, 0, 8, 0x0123456789abcdef) },
	  .exp = { EADD(rSI, 8), EADD(rDI, 8) } },
	{ "rep stosb cx=4", OP("\xaa"), STR, .mp = 0xf3,
	  .set = { SC(4), SB(rAX, 0x5a) },
	  .a = { WR(L_DST, 0, 1, 0x5a), WR(L_DST, 1, 1, 0x5a),
		 WR(L_DST, 2, 1, 0x5a), WR(L_DST, 3, 1, 0x5a) },
	  .exp = { E(rCX, AD, 0), EADD(rDI, 4) } },
	/* Count 0: nothing at all happens, not even a write of rCX. */
	{ "rep stosd cx=0", OP("\xab"), STR, .size = 4, .mp = 0xf3,
	  .set = { SC(0), SD(rAX, 0x12345678) } },
	{ "stosw", OP("\xab"), STR, .size = 2, .set = { SW(rAX, 0xbeef) },
	  .a = { WR(L_DST, 0, 2, 0xbeef) }, .exp = { EADD(rDI, 2) } },
	{ "rep stosq cx=2", OP("\xab"), STR, .size = 8, .mp = 0xf3,
	  .set = { SC(2), SQ(rAX, 0x1111222233334444) },
	  .a = { WR(L_DST, 0, 8, 0x1111222233334444),
		 WR(L_DST, 8, 8, 0x1111222233334444) },
	  .exp = { E(rCX, AD, 0), EADD(rDI, 16) } },
	{ "lodsb", OP("\xac"), STR, .mi = { MI(L_SRC, 0, 0x77) },
	  .a = { RD(L_SRC, 0, 1) }, .exp = { E(rAX, 1, 0x77), EADD(rSI, 1) } },
	{ "rep lodsw cx=2", OP("\xad"), STR, .size = 2, .mp = 0xf3,
	  .set = { SC(2) }, .mi = { MI(L_SRC, 0, 0x22221111) },
	  .a = { RD(L_SRC, 0, 2), RD(L_SRC, 2, 2) },
	  .exp = { E(rAX, 2, 0x2222), E(rCX, AD, 0), EADD(rSI, 4) } },
	{ "std; lodsd", OP("\xad"), STR, .size = 4,
	  .mi = { MI(L_SRC, 0, 0x89abcdef) }, .a = { RD(L_SRC, 0, 4) },
	  .exp = { E(rAX, 4, 0x89abcdef), EADD(rSI, -4) }, FK(DF) },
	{ "cmpsb", OP("\xa6"), STR,
	  .mi = { MI(L_SRC, 0, 5), MI(L_DST, 0, 3) },
	  .a = { RD(L_SRC, 0, 1), RD(L_DST, 0, 1) },
	  .exp = { EADD(rSI, 1), EADD(rDI, 1) }, .fi = FLIP(0), .fo = 0 },
	/* Second words 2 and 9 differ: 2 - 9 = FFF9H, CF SF AF PF. */
	{ "repe cmpsw cx=4", OP("\xa7"), STR, .size = 2, .mp = 0xf3,
	  .set = { SC(4) },
	  .mi = { MI(L_SRC, 0, 0x0004000300020001),
		  MI(L_DST, 0, 0x0004000300090001) },
	  .a = { RD(L_SRC, 0, 2), RD(L_DST, 0, 2), RD(L_SRC, 2, 2),
		 RD(L_DST, 2, 2) },
	  .exp = { E(rCX, AD, 2), EADD(rSI, 4), EADD(rDI, 4) },
	  .fi = FLIP(CF | SF | AF | PF), .fo = CF | SF | AF | PF },
	{ "repne cmpsb cx=3", OP("\xa6"), STR, .mp = 0xf2, .set = { SC(3) },
	  .mi = { MI(L_SRC, 0, 0x030201), MI(L_DST, 0, 0x070209) },
	  .a = { RD(L_SRC, 0, 1), RD(L_DST, 0, 1), RD(L_SRC, 1, 1),
		 RD(L_DST, 1, 1) },
	  .exp = { E(rCX, AD, 1), EADD(rSI, 2), EADD(rDI, 2) },
	  .fi = FLIP(ZF | PF), .fo = ZF | PF },
	{ "scasb", OP("\xae"), STR, .set = { SB(rAX, 0x41) },
	  .mi = { MI(L_DST, 0, 0x41) }, .a = { RD(L_DST, 0, 1) },
	  .exp = { EADD(rDI, 1) }, .fi = FLIP(ZF | PF), .fo = ZF | PF },
	{ "repne scasb cx=5", OP("\xae"), STR, .mp = 0xf2,
	  .set = { SC(5), SB(rAX, 0) }, .mi = { MI(L_DST, 0, 0x6261) },
	  .a = { RD(L_DST, 0, 1), RD(L_DST, 1, 1), RD(L_DST, 2, 1) },
	  .exp = { E(rCX, AD, 2), EADD(rDI, 3) }, .fi = FLIP(ZF | PF),
	  .fo = ZF | PF },
	{ "repe scasd cx=2", OP("\xaf"), STR, .size = 4, .mp = 0xf3,
	  .set = { SC(2), SD(rAX, 0x12345678) },
	  .mi = { MI(L_DST, 0, 0x1234567812345678) },
	  .a = { RD(L_DST, 0, 4), RD(L_DST, 4, 4) },
	  .exp = { E(rCX, AD, 0), EADD(rDI, 8) }, .fi = FLIP(ZF | PF),
	  .fo = ZF | PF },
	/* VMEXIT_EMUL_REP_MAX (emulate.h) iterations per call, then RIP
	 * stays on the instruction and rCX counts the rest. */
	{ "rep stosb cx=4099 (the per-call cap)", OP("\xaa"), STR, .mp = 0xf3,
	  .f = F_NODEV | F_RIPSTAY, .td = -0x1300, .set = { SC(4099), SB(rAX, 0xa5) },
	  .a = { FILL(L_DST, 0, VMEXIT_EMUL_REP_MAX, 0xa5) },
	  .exp = { E(rCX, AD, 3), EADD(rDI, VMEXIT_EMUL_REP_MAX) },
	  .vars = V(0) | V(5) },
	/* DI = 0 minus 1 wraps to FFFFH with 16-bit addresses. */
	{ "std; stosb at rDI=0", OP("\xaa"), STR, .set = { SB(rAX, 0x3c) },
	  .a = { WR(L_DST, 0, 1, 0x3c) }, .exp = { EADD(rDI, -1) }, FK(DF),
	  .env = env_es_at_dst, .modes = SEG_MODES },
	{ "repne scasw cx=0", OP("\xaf"), STR, .size = 2, .mp = 0xf2,
	  .set = { SC(0) }, FK(CF | SF) },
	{ "scasq", OP("\xaf"), STR, .size = 8, .set = { SQ(rAX, 1) },
	  .mi = { MI(L_DST, 0, 2) }, .a = { RD(L_DST, 0, 8) },
	  .exp = { EADD(rDI, 8) }, .fi = FLIP(CF | SF | AF | PF),
	  .fo = CF | SF | AF | PF },
};

/* Port I/O ("IN", "OUT", "INS", "OUTS": port imm8 or DX; 16 or 32 bits
 * by the operand size, 32 with REX.W; INS reads the port, then writes
 * ES:rDI; OUTS reads seg:rSI, then writes the port).  The TSS bitmap
 * allows every port, and CPL 0 <= IOPL outside vm86. */
static const struct row io_rows[] = {
	{ "in al,71h", OP("\xe4\x71"), .a = { PIN(0x71, 1, 0x5a) },
	  .exp = { E(rAX, 1, 0x5a) } },
	{ "in ax,72h", OP("\xe5\x72"), .size = 2,
	  .a = { PIN(0x72, 2, 0x1234) }, .exp = { E(rAX, 2, 0x1234) } },
	{ "in eax,dx", OP("\xed"), .size = 4, .set = { SW(rDX, 0x3f8) },
	  .a = { PIN(0x3f8, 4, 0x89abcdef) }, .exp = { E(rAX, 4, 0x89abcdef) } },
	{ "in al,dx", OP("\xec"), .set = { SW(rDX, 0x60) },
	  .a = { PIN(0x60, 1, 0x12) }, .exp = { E(rAX, 1, 0x12) } },
	{ "out 80h,al", OP("\xe6\x80"), .set = { SB(rAX, 0xa5) },
	  .a = { POUT(0x80, 1, 0xa5) } },
	{ "out dx,ax", OP("\xef"), .size = 2,
	  .set = { SW(rDX, 0x3f8), SW(rAX, 0xbeef) },
	  .a = { POUT(0x3f8, 2, 0xbeef) } },
	{ "out dx,eax", OP("\xef"), .size = 4,
	  .set = { SW(rDX, 0xcf8), SD(rAX, 0x80001234) },
	  .a = { POUT(0xcf8, 4, 0x80001234) } },
	{ "insb", OP("\x6c"), STR, .set = { SW(rDX, 0x60) },
	  .a = { PIN(0x60, 1, 0x99), WR(L_DST, 0, 1, 0x99) },
	  .exp = { EADD(rDI, 1) } },
	{ "rep insw cx=2", OP("\x6d"), STR, .size = 2, .mp = 0xf3,
	  .set = { SC(2), SW(rDX, 0x1f0) },
	  .a = { PIN(0x1f0, 2, 0x1111), WR(L_DST, 0, 2, 0x1111),
		 PIN(0x1f0, 2, 0x2222), WR(L_DST, 2, 2, 0x2222) },
	  .exp = { E(rCX, AD, 0), EADD(rDI, 4) } },
	{ "std; insd", OP("\x6d"), STR, .size = 4, .set = { SW(rDX, 0x1f0) },
	  .a = { PIN(0x1f0, 4, 0xdeadbeef), WR(L_DST, 0, 4, 0xdeadbeef) },
	  .exp = { EADD(rDI, -4) }, FK(DF) },
	{ "outsb", OP("\x6e"), STR, .set = { SW(rDX, 0x80) },
	  .mi = { MI(L_SRC, 0, 0x3c) },
	  .a = { RD(L_SRC, 0, 1), POUT(0x80, 1, 0x3c) },
	  .exp = { EADD(rSI, 1) } },
	{ "rep outsw cx=2", OP("\x6f"), STR, .size = 2, .mp = 0xf3,
	  .set = { SC(2), SW(rDX, 0x1f0) }, .mi = { MI(L_SRC, 0, 0x22221111) },
	  .a = { RD(L_SRC, 0, 2), POUT(0x1f0, 2, 0x1111), RD(L_SRC, 2, 2),
		 POUT(0x1f0, 2, 0x2222) },
	  .exp = { E(rCX, AD, 0), EADD(rSI, 4) } },
	{ "std; rep outsd cx=2", OP("\x6f"), STR, .size = 4, .mp = 0xf3,
	  .set = { SC(2), SW(rDX, 0x1f0) },
	  .mi = { MI(L_SRC, -4, 0x2222222211111111) },
	  .a = { RD(L_SRC, 0, 4), POUT(0x1f0, 4, 0x22222222),
		 RD(L_SRC, -4, 4), POUT(0x1f0, 4, 0x11111111) },
	  .exp = { E(rCX, AD, 0), EADD(rSI, -8) }, FK(DF) },
};

/* CLFLUSH, CLFLUSHOPT (66), CLWB (66, /6): no data access at all
 * ("CLFLUSH"). */
static const struct row flush_rows[] = {
	{ "clflush [m]", OP("\x0f\xae"), RM(7) },
	{ "clflushopt [m]", OP("\x0f\xae"), RM(7), .mp = 0x66 },
	{ "clwb [m]", OP("\x0f\xae"), RM(6), .mp = 0x66 },
};

/* SSE and AVX moves ("MOVUPS", "MOVAPS", "MOVDQA/MOVDQU", "MOVD/MOVQ",
 * "MOVNTPS", "MOVNTDQ"...: legacy SSE loads of 128 bits leave bits
 * 255:128 alone, MOVD/MOVQ loads zero the rest of the XMM register, VEX
 * loads zero up to bit 255 (VLMAX)).  T is 32-byte aligned. */
static const struct row vec_rows[] = {
	{ "movups [m],xmm1", OP("\x0f\x11"), RM(1),
	  .a = { WRV(L_T, 0, 16, 1, 0) } },
	{ "movups xmm2,[m]", OP("\x0f\x10"), RM(2), .a = { RT(16) },
	  VL(2, 16, 16) },
	{ "movupd [m],xmm3", OP("\x0f\x11"), RM(3), .mp = 0x66,
	  .a = { WRV(L_T, 0, 16, 3, 0) } },
	{ "movaps xmm4,[m]", OP("\x0f\x28"), RM(4), .a = { RT(16) },
	  VL(4, 16, 16) },
	{ "movapd [m],xmm5", OP("\x0f\x29"), RM(5), .mp = 0x66,
	  .a = { WRV(L_T, 0, 16, 5, 0) } },
	{ "movdqa xmm6,[m]", OP("\x0f\x6f"), RM(6), .mp = 0x66,
	  .a = { RT(16) }, VL(6, 16, 16) },
	{ "movdqu [m],xmm7", OP("\x0f\x7f"), RM(7), .mp = 0xf3,
	  .a = { WRV(L_T, 0, 16, 7, 0) } },
	{ "movdqu xmm0,[m]", OP("\x0f\x6f"), RM(0), .mp = 0xf3,
	  .a = { RT(16) }, VL(0, 16, 16) },
	{ "movd [m],xmm1", OP("\x0f\x7e"), RM(1), .mp = 0x66,
	  .a = { WRV(L_T, 0, 4, 1, 0) } },
	{ "movd xmm2,[m]", OP("\x0f\x6e"), RM(2), .mp = 0x66,
	  .a = { RT(4) }, VL(2, 4, 16) },
	{ "movq xmm3,[m]", OP("\x0f\x7e"), RM(3), .mp = 0xf3,
	  .a = { RT(8) }, VL(3, 8, 16) },
	{ "movq [m],xmm4", OP("\x0f\xd6"), RM(4), .mp = 0x66,
	  .a = { WRV(L_T, 0, 8, 4, 0) } },
	{ "movq [m],xmm5 (REX.W 7E)", OP("\x0f\x7e"), RM(5), .mp = 0x66,
	  .size = 8, .a = { WRV(L_T, 0, 8, 5, 0) } },
	{ "movq xmm9,[m]", OP("\x0f\x7e"), RM(9), .mp = 0xf3,
	  .a = { RT(8) }, VL(9, 8, 16) },
	{ "movntps [m],xmm1", OP("\x0f\x2b"), RM(1),
	  .a = { WRV(L_T, 0, 16, 1, 0) } },
	{ "movntpd [m],xmm2", OP("\x0f\x2b"), RM(2), .mp = 0x66,
	  .a = { WRV(L_T, 0, 16, 2, 0) } },
	{ "movntdq [m],xmm3", OP("\x0f\xe7"), RM(3), .mp = 0x66,
	  .a = { WRV(L_T, 0, 16, 3, 0) } },
	{ "vmovdqu [m],ymm1", OP("\xc5\xfe\x7f"), RM(1), .f = F_VEX,
	  .a = { WRV(L_T, 0, 32, 1, 0) } },
	{ "vmovdqu xmm2,[m]", OP("\xc5\xfa\x6f"), RM(2), .f = F_VEX,
	  .a = { RT(16) }, VL(2, 16, 32) },
	{ "vmovups ymm3,[m]", OP("\xc5\xfc\x10"), RM(3), .f = F_VEX,
	  .a = { RT(32) }, VL(3, 32, 32) },
	{ "vmovaps [m],xmm4", OP("\xc5\xf8\x29"), RM(4), .f = F_VEX,
	  .a = { WRV(L_T, 0, 16, 4, 0) } },
	{ "vmovntdq [m],ymm5", OP("\xc5\xfd\xe7"), RM(5), .f = F_VEX,
	  .a = { WRV(L_T, 0, 32, 5, 0) } },
	{ "vmovd xmm6,[m]", OP("\xc5\xf9\x6e"), RM(6), .f = F_VEX,
	  .a = { RT(4) }, VL(6, 4, 32) },
	{ "vmovq [m],xmm7", OP("\xc5\xf9\xd6"), RM(7), .f = F_VEX,
	  .a = { WRV(L_T, 0, 8, 7, 0) } },
	/* "MOVSS", "MOVSD": loads zero bits 127:32 (127:64), VEX loads up
	 * to bit 255 (VEX.L is ignored); "MOVLPS", "MOVLPD", "MOVHPS",
	 * "MOVHPD": legacy loads keep the other quadword, VEX loads take it
	 * from the vvvv register (c5 d0: xmm5, c5 f1: xmm1). */
	{ "movss xmm1,[m]", OP("\x0f\x10"), RM(1), .mp = 0xf3,
	  .a = { RT(4) }, VL(1, 4, 16) },
	{ "movss [m],xmm2", OP("\x0f\x11"), RM(2), .mp = 0xf3,
	  .a = { WRV(L_T, 0, 4, 2, 0) } },
	{ "movsd xmm3,[m]", OP("\x0f\x10"), RM(3), .mp = 0xf2,
	  .a = { RT(8) }, VL(3, 8, 16) },
	{ "movsd [m],xmm4", OP("\x0f\x11"), RM(4), .mp = 0xf2,
	  .a = { WRV(L_T, 0, 8, 4, 0) } },
	{ "movlps xmm5,[m]", OP("\x0f\x12"), RM(5), .a = { RT(8) },
	  VL(5, 8, 0) },
	{ "movlpd xmm6,[m]", OP("\x0f\x12"), RM(6), .mp = 0x66,
	  .a = { RT(8) }, VL(6, 8, 0) },
	{ "movlps [m],xmm7", OP("\x0f\x13"), RM(7),
	  .a = { WRV(L_T, 0, 8, 7, 0) } },
	{ "movlpd [m],xmm0", OP("\x0f\x13"), RM(0), .mp = 0x66,
	  .a = { WRV(L_T, 0, 8, 0, 0) } },
	{ "movhps xmm1,[m]", OP("\x0f\x16"), RM(1), .a = { RT(8) },
	  VLHI(1) },
	{ "movhpd xmm2,[m]", OP("\x0f\x16"), RM(2), .mp = 0x66,
	  .a = { RT(8) }, VLHI(2) },
	{ "movhps [m],xmm3", OP("\x0f\x17"), RM(3),
	  .a = { WRV(L_T, 0, 8, 3, 8) } },
	{ "movhpd [m],xmm4", OP("\x0f\x17"), RM(4), .mp = 0x66,
	  .a = { WRV(L_T, 0, 8, 4, 8) } },
	{ "vmovss xmm2,[m]", OP("\xc5\xfa\x10"), RM(2), .f = F_VEX,
	  .a = { RT(4) }, VL(2, 4, 32) },
	{ "vmovss xmm3,[m] (VEX.L=1)", OP("\xc5\xfe\x10"), RM(3),
	  .f = F_VEX, .a = { RT(4) }, VL(3, 4, 32) },
	{ "vmovsd xmm4,[m]", OP("\xc5\xfb\x10"), RM(4), .f = F_VEX,
	  .a = { RT(8) }, VL(4, 8, 32) },
	{ "vmovsd [m],xmm5", OP("\xc5\xfb\x11"), RM(5), .f = F_VEX,
	  .a = { WRV(L_T, 0, 8, 5, 0) } },
	{ "vmovlps xmm4,xmm5,[m]", OP("\xc5\xd0\x12"), RM(4), .f = F_VEX,
	  .a = { RT(8) }, VLV(4, 0, 5) },
	{ "vmovhpd xmm6,xmm1,[m]", OP("\xc5\xf1\x16"), RM(6), .f = F_VEX,
	  .a = { RT(8) }, VLV(6, 8, 1) },
	{ "vmovhps xmm7,xmm7,[m]", OP("\xc5\xc0\x16"), RM(7), .f = F_VEX,
	  .a = { RT(8) }, VLV(7, 8, 7) },
	{ "vmovlpd [m],xmm0", OP("\xc5\xf9\x13"), RM(0), .f = F_VEX,
	  .a = { WRV(L_T, 0, 8, 0, 0) } },
	{ "vmovhps [m],xmm1", OP("\xc5\xf8\x17"), RM(1), .f = F_VEX,
	  .a = { WRV(L_T, 0, 8, 1, 8) } },
};

/* ------------------------------------------------------------------ */
/* Fault tables.                                                       */

/* Segment limits, expand-down, null selectors, types, the stack and
 * the code segment (SDM Vol. 3, 5.3 "Limit Checking", 5.4 "Type
 * Checking", 5.4.1 "Null Segment Selector Checking"; each instruction's
 * "Protected Mode Exceptions": #GP(0), #SS(0) through SS; real mode
 * the same vectors without error code). */
#define LIMV (V(0) | V(1) | V(2))
static const struct row limit_rows[] = {
	{ "mov [m],eax: limit = last byte", OP("\x89"), RM(0), .size = 4,
	  .set = { SD(rAX, 0x11223344) }, .a = { WT(4, 0x11223344) },
	  .env = env_limit, .arg = 3, .modes = SEG_MODES },
	{ "mov [m],eax: one byte past the limit", OP("\x89"), RM(0),
	  .size = 4, X_SEG, .env = env_limit, .arg = 2, .modes = SEG_MODES },
	{ "mov [m],al: limit = the byte", OP("\x88"), RM(0), .size = 1,
	  .set = { SB(rAX, 0x77) }, .a = { WT(1, 0x77) }, .env = env_limit,
	  .arg = 0, .modes = SEG_MODES },
	{ "mov [m],ax: one byte past the limit", OP("\x89"), RM(0),
	  .size = 2, X_SEG, .env = env_limit, .arg = 0, .modes = SEG_MODES },
	{ "movdqu xmm0,[m]: one byte past", OP("\x0f\x6f"), RM(0),
	  .mp = 0xf3, X_SEG, .env = env_limit, .arg = 14, .modes = SEG_MODES },
	{ "movdqu xmm0,[m]: limit = last byte", OP("\x0f\x6f"), RM(0),
	  .mp = 0xf3, .a = { RT(16) }, VL(0, 16, 16), .env = env_limit,
	  .arg = 15, .modes = SEG_MODES },
	{ "add [m],ecx: one byte past (no read)", OP("\x01"), RM(1),
	  .size = 4, X_SEG, .env = env_limit, .arg = 2, .modes = SEG_MODES },
	{ "cmpxchg8b [m]: one byte past", OP("\x0f\xc7"), RM(1), X_SEG,
	  .env = env_limit, .arg = 6, .modes = SEG_MODES },
	/* "CLFLUSH": the checks of a byte load. */
	{ "clflush [m]: one byte past the limit", OP("\x0f\xae"), RM(7),
	  X_SEG, .env = env_limit, .arg = -1, .modes = SEG_MODES },
	{ "clflush [m]: limit = the byte", OP("\x0f\xae"), RM(7),
	  .env = env_limit, .arg = 0, .modes = SEG_MODES },
	{ "expand-down: dword at limit + 1", OP("\x89"), RM(0), .size = 4,
	  .set = { SD(rAX, 0x5555aaaa) }, .a = { WT(4, 0x5555aaaa) },
	  .env = env_expdown, .arg = -1, .modes = PMODE_SEG },
	{ "expand-down: dword at the limit", OP("\x89"), RM(0), .size = 4,
	  X_SEG, .env = env_expdown, .arg = 0, .modes = PMODE_SEG },
	{ "expand-down B=0: dword at FFFEh", OP("\x89"), RM(0), .size = 4,
	  X_SEG, .env = env_expdown_top, .arg = 0, .arg2 = 0xfffe,
	  .modes = PMODE_SEG },
	{ "expand-down B=0: dword at FFFCh", OP("\x89"), RM(0), .size = 4,
	  .set = { SD(rAX, 0x1234abcd) }, .a = { WT(4, 0x1234abcd) },
	  .env = env_expdown_top, .arg = 0, .arg2 = 0xfffc,
	  .modes = PMODE_SEG },
	{ "expand-down B=1: dword at FFFEh", OP("\x89"), RM(0), .size = 4,
	  .set = { SD(rAX, 0x1234abcd) }, .a = { WT(4, 0x1234abcd) },
	  .env = env_expdown_top, .arg = 1, .arg2 = 0xfffe,
	  .modes = PMODE_SEG },
	{ "null DS/FS: mov [m],eax", OP("\x89"), RM(0), .size = 4, X_GP,
	  .env = env_unusable, .modes = PMODE_SEG, .vars = V(0) | V(2) },
	{ "null DS/SS/FS: no check in 64-bit mode", OP("\x89"), RM(0),
	  .size = 4, .set = { SD(rAX, 0x600d) }, .a = { WT(4, 0x600d) },
	  .env = env_unusable, .modes = M(LONG64), .vars = LIMV },
	{ "null ES: stosb", OP("\xaa"), STR, X_GP, .env = env_unusable_es,
	  .modes = PMODE_SEG },
	{ "null DS/FS: lodsb", OP("\xac"), STR, X_GP, .env = env_unusable,
	  .modes = PMODE_SEG, .vars = V(0) | V(2) },
	/* "REP": WHILE CountReg != 0 ... the string instruction does not
	 * execute at all with a count of 0. */
	{ "rep stosb cx=0, null ES: nothing", OP("\xaa"), STR, .mp = 0xf3,
	  .set = { SC(0) }, .env = env_unusable_es, .modes = PMODE_SEG },
	{ "rep movsb cx=0, source past the limit: nothing", OP("\xa4"), STR,
	  .mp = 0xf3, .set = { SC(0) }, .env = env_limit_src, .arg = -1,
	  .modes = SEG_MODES, .vars = V(0) | V(2) },
	{ "read-only data: mov [m],eax", OP("\x89"), RM(0), .size = 4, X_GP,
	  .env = env_readonly, .modes = PMODE_SEG, .vars = V(0) | V(2) },
	{ "read-only data: add [m],ecx (RMW, no read)", OP("\x01"), RM(1),
	  .size = 4, X_GP, .env = env_readonly, .modes = PMODE_SEG,
	  .vars = V(0) | V(2) },
	{ "read-only data: mov eax,[m]", OP("\x8b"), RM(0), .size = 4,
	  .mi = { MI(L_T, 0, 0x0badf00d) }, .a = { RT(4) },
	  .exp = { E(rAX, 4, 0x0badf00d) }, .env = env_readonly,
	  .modes = PMODE_SEG, .vars = V(0) | V(2) },
	{ "cs: read of readable code", OP("\x8b"), RM(0), .size = 4,
	  .mi = { MI(L_T, 0, 0xc0dec0de) }, .a = { RT(4) },
	  .exp = { E(rAX, 4, 0xc0dec0de) }, .modes = SEG_MODES, .vars = V(7) },
	{ "cs: write in protected mode", OP("\x89"), RM(0), .size = 4, X_GP,
	  .modes = PMODE_SEG, .vars = V(7) },
	{ "cs: write in real mode / vm86", OP("\x89"), RM(0), .size = 4,
	  .set = { SD(rAX, 0x600d600d) }, .a = { WT(4, 0x600d600d) },
	  .modes = M(REAL) | M(VM86), .vars = V(7) },
	{ "cs: read of execute-only code", OP("\x8b"), RM(0), .size = 4,
	  X_GP, .env = env_cs_xonly, .modes = PMODE_SEG, .vars = V(7) },
	/* "CLFLUSH": "allowed to flush a linear address in an execute-only
	 * segment". */
	{ "clflush cs:[m], execute-only code", OP("\x0f\xae"), RM(7),
	  .env = env_cs_xonly, .modes = PMODE_SEG, .vars = V(7) },
	{ "push cx at SP=0 wraps to FFFEh", OP("\x51"), .size = 2,
	  .f = F_D64, .set = { SW(rCX, 0x1357) },
	  .a = { WR(L_STK, -2, 2, 0x1357) }, .sp = -2, .env = env_sp,
	  .arg = 0, .modes = M(REAL) | M(VM86) | M(PROT16) | M(COMPAT16) },
	{ "push cx at SP=1: FFFFh is past the limit", OP("\x51"), .size = 2,
	  .f = F_D64, X_SS, .env = env_sp, .arg = 1,
	  .modes = M(REAL) | M(VM86) | M(PROT16) | M(COMPAT16) },
	{ "pop dx at SP=FFFFh", OP("\x5a"), .size = 2, .f = F_D64, X_SS,
	  .env = env_sp, .arg = 0xffff,
	  .modes = M(REAL) | M(VM86) | M(PROT16) | M(COMPAT16) },
	{ "IP wraps: instruction ends at FFFFh", OP("\x88"), RM(0),
	  .size = 1, .f = F_RIPEND, .set = { SB(rAX, 0x42) },
	  .a = { WT(1, 0x42) },
	  .modes = M(REAL) | M(VM86) | M(PROT16) | M(COMPAT16) },
	{ "CS limit at the last byte", OP("\x89"), RM(0), .size = 4,
	  .f = F_CSLIM, .arg = 0, .set = { SD(rAX, 0xabcdef01) },
	  .a = { WT(4, 0xabcdef01) }, .modes = SEG_MODES },
	{ "CS limit one byte short", OP("\x89"), RM(0), .size = 4,
	  .f = F_CSLIM, .arg = -1, X_GP, .modes = SEG_MODES },
	{ "jmp word [m] to CS.limit", OP("\xff"), RM(4), .size = 2,
	  .mi = { MI(L_T, 0, 0x2345) }, .a = { RT(2) }, .rip = 0x2345,
	  .env = env_cs_limit, .arg = 0x2345, .modes = SEG_MODES },
	{ "jmp word [m] past CS.limit", OP("\xff"), RM(4), .size = 2,
	  .mi = { MI(L_T, 0, 0x2345) }, .a = { RT(2) }, X_GP,
	  .env = env_cs_limit, .arg = 0x2344, .modes = SEG_MODES },
};

/* Canonical addresses in 64-bit mode ("Canonical Addressing", SDM Vol.
 * 1, 3.3.7.1; #GP(0), or #SS(0) through SS; segment overrides other
 * than FS/GS are ignored, so [rbp] stays an SS reference). */
static const struct row canon_rows[] = {
	{ "mov [m],eax at 0000800000000000h", OP("\x89"), RM(0), .size = 4,
	  X_SEG, .la = 0x0000800000000000, .env = env_canon,
	  .modes = M(LONG64), .vars = V(0) | V(1) | V(2) | V(5) | V(6) },
	{ "mov [m],eax at 00007FFFFFFFFFFEh (straddles)", OP("\x89"), RM(0),
	  .size = 4, X_SEG, .la = 0x00007ffffffffffe, .env = env_canon,
	  .modes = M(LONG64), .vars = V(0) | V(1) | V(2) | V(5) },
	{ "mov [m],eax at FFFF800000000000h (canonical, unmapped)",
	  OP("\x89"), RM(0), .size = 4, X_PF(VMEXIT_PFEC_W, L_T, 0),
	  .la = 0xffff800000000000, .modes = M(LONG64), .vars = V(0) | V(1) },
	{ "es: on [rbp] is ignored: still SS", OP("\x89"), RM(0), .size = 4,
	  X_SS, .la = 0x0000800000000000, .modes = M(LONG64), .vars = V(8) },
	{ "fs: on [rbp]: FS, #GP", OP("\x89"), RM(0), .size = 4, X_GP,
	  .la = 0x0000800000000000, .env = env_canon, .modes = M(LONG64),
	  .vars = V(9) },
	{ "push rcx with RSP non-canonical after", OP("\x51"), .size = 8,
	  .f = F_D64, X_SS, .la = 0x0000800000000004, .env = env_sp64,
	  .modes = M(LONG64) },
	{ "pop rdx from unmapped canonical RSP", OP("\x5a"), .size = 8,
	  .f = F_D64, X_PF(0, L_STK, 0), .la = 0x00007ffffffffff8,
	  .env = env_sp64, .modes = M(LONG64) },
	{ "jmp qword [m] to non-canonical", OP("\xff"), RM(4), .size = 8,
	  .f = F_D64, .mi = { MI(L_T, 0, 0x0000800000000000) },
	  .a = { RT(8) }, X_GP, .modes = M(LONG64) },
	{ "call qword [m] to non-canonical (no push)", OP("\xff"), RM(2),
	  .size = 8, .f = F_D64, .mi = { MI(L_T, 0, 0x8000000000000000) },
	  .a = { RT(8) }, X_GP, .modes = M(LONG64) },
};

/* #PF from the page walk ("Page-Fault Exceptions", SDM Vol. 3, 4.7:
 * error code P (bit 0) for a protection violation, W/R (1) for a write,
 * U/S (2) for CPL 3, RSVD (3); CR2 the faulting linear address, the
 * first byte of the page that faulted for an access crossing into it;
 * supervisor writes to read-only pages fault only with CR0.WP). */
#define PFV (V(0) | V(1))
#define PFE_P VMEXIT_PFEC_P
#define PFE_W VMEXIT_PFEC_W
#define PFE_U VMEXIT_PFEC_U
#define PFE_R VMEXIT_PFEC_RSVD
static const struct row pf_rows[] = {
	{ "read, not present", OP("\x8b"), RM(0), .size = 4,
	  X_PF(0, L_T, 0), .env = env_pf, .arg = WIN, .arg2 = A_NP,
	  .modes = PAGED, .vars = PFV },
	{ "write, not present", OP("\x89"), RM(0), .size = 4,
	  X_PF(PFE_W, L_T, 0), .env = env_pf, .arg = WIN, .arg2 = A_NP,
	  .modes = PAGED, .vars = PFV },
	{ "write, read-only, CR0.WP=1", OP("\x89"), RM(0), .size = 4,
	  X_PF(PFE_P | PFE_W, L_T, 0), .env = env_pf, .arg = WIN,
	  .arg2 = A_RO | A_WP, .modes = PAGED, .vars = PFV },
	{ "write, read-only, CR0.WP=0: allowed", OP("\x89"), RM(0),
	  .size = 4, .set = { SD(rAX, 0x0f0f0f0f) }, .a = { WT(4, 0x0f0f0f0f) },
	  .env = env_pf, .arg = WIN, .arg2 = A_RO, .modes = PAGED,
	  .vars = PFV },
	{ "user read of a supervisor page", OP("\x8b"), RM(0), .size = 4,
	  X_PF(PFE_P | PFE_U, L_T, 0), .env = env_pf, .arg = WIN,
	  .arg2 = A_SUP | A_CPL3, .modes = PAGED, .vars = PFV },
	{ "user write of a supervisor page", OP("\x89"), RM(0), .size = 4,
	  X_PF(PFE_P | PFE_W | PFE_U, L_T, 0), .env = env_pf, .arg = WIN,
	  .arg2 = A_SUP | A_CPL3, .modes = PAGED, .vars = PFV },
	{ "user write of a read-only page", OP("\x89"), RM(0), .size = 4,
	  X_PF(PFE_P | PFE_W | PFE_U, L_T, 0), .env = env_pf, .arg = WIN,
	  .arg2 = A_RO | A_CPL3, .modes = PAGED, .vars = PFV },
	{ "user read, not present", OP("\x8b"), RM(0), .size = 4,
	  X_PF(PFE_U, L_T, 0), .env = env_pf, .arg = WIN,
	  .arg2 = A_NP | A_CPL3, .modes = PAGED, .vars = PFV },
	{ "read, reserved bit 63 (NXE=0)", OP("\x8b"), RM(0), .size = 4,
	  X_PF(PFE_P | PFE_R, L_T, 0), .env = env_pf, .arg = WIN,
	  .arg2 = A_RSVD, .modes = M(PAE32) | M(COMPAT32) | M(LONG64),
	  .vars = PFV },
	{ "write, reserved bit 63 (NXE=0)", OP("\x89"), RM(0), .size = 4,
	  X_PF(PFE_P | PFE_W | PFE_R, L_T, 0), .env = env_pf, .arg = WIN,
	  .arg2 = A_RSVD, .modes = M(PAE32) | M(COMPAT32) | M(LONG64),
	  .vars = PFV },
	{ "add [m],ecx, read-only page: no device read", OP("\x01"), RM(1),
	  .size = 4, X_PF(PFE_P | PFE_W, L_T, 0), .env = env_pf, .arg = WIN,
	  .arg2 = A_RO | A_WP, .modes = PAGED, .vars = PFV },
	{ "cmpxchg [m],ecx, read-only page: no device read", OP("\x0f\xb1"),
	  RM(1), .size = 4, X_PF(PFE_P | PFE_W, L_T, 0), .env = env_pf,
	  .arg = WIN, .arg2 = A_RO | A_WP, .modes = PAGED, .vars = PFV },
	{ "xchg [m],ecx, read-only page: no device read", OP("\x87"), RM(1),
	  .size = 4, X_PF(PFE_P | PFE_W, L_T, 0), .env = env_pf, .arg = WIN,
	  .arg2 = A_RO | A_WP, .modes = PAGED, .vars = PFV },
	{ "write crossing into a not-present page", OP("\x89"), RM(0),
	  .size = 4, .td = 0xefe, X_PF(PFE_W, L_T, 2), .env = env_pf,
	  .arg = WIN + 0x1000, .arg2 = A_NP, .modes = PAGED, .vars = PFV },
	{ "user read crossing into a supervisor page", OP("\x8b"), RM(0),
	  .size = 4, .td = 0xefe, X_PF(PFE_P | PFE_U, L_T, 2), .env = env_pf,
	  .arg = WIN + 0x1000, .arg2 = A_SUP | A_CPL3, .modes = PAGED,
	  .vars = PFV },
	{ "clflush, not present", OP("\x0f\xae"), RM(7), X_PF(0, L_T, 0),
	  .env = env_pf, .arg = WIN, .arg2 = A_NP, .modes = PAGED },
	{ "clflush, user on a supervisor page", OP("\x0f\xae"), RM(7),
	  X_PF(PFE_P | PFE_U, L_T, 0), .env = env_pf, .arg = WIN,
	  .arg2 = A_SUP | A_CPL3, .modes = PAGED },
	{ "movdqu [m],xmm0, not present", OP("\x0f\x7f"), RM(0), .mp = 0xf3,
	  X_PF(PFE_W, L_T, 0), .env = env_pf, .arg = WIN, .arg2 = A_NP,
	  .modes = PAGED },
	/* I/D is set for a fetch only with SMEP, or PAE paging with
	 * EFER.NXE (4.7); the tables here have NXE = 1 under PAE. */
	{ "fetch from a not-present page (32-bit paging: no I/D)",
	  OP("\x89"), RM(0), .size = 4, X_PF(0, L_CODE, 0), .env = env_fetch_np,
	  .modes = M(PG32) },
	{ "fetch from a not-present page (NXE: I/D)", OP("\x89"), RM(0),
	  .size = 4, X_PF(VMEXIT_PFEC_ID, L_CODE, 0), .env = env_fetch_np,
	  .modes = M(PAE32) | M(COMPAT32) | M(LONG64) },
	{ "instruction crossing into a not-present page", OP("\x89"), RM(0),
	  .size = 4, X_PF(VMEXIT_PFEC_ID, L_CODE, 2), .env = env_fetch_np,
	  .arg = 1, .modes = M(PAE32) | M(COMPAT32) | M(LONG64) },
	{ "push cx to a not-present stack", OP("\x51"), .size = 2,
	  .f = F_D64, X_PF(PFE_W, L_STK, -2), .env = env_pf, .arg = WIN,
	  .arg2 = A_NP, .modes = PAGED },
	/* A fault leaves rSP as it was ("POP", "CALL", "LEAVE"). */
	{ "pop word [m] into a not-present page", OP("\x8f"), RM(0),
	  .size = 2, .f = F_D64, .td = 0x1000, .mi = { MI(L_STK, 0, 0x1234) },
	  .a = { RD_MAYBE(L_STK, 0, 2) }, X_PF(PFE_W, L_T, 0), .env = env_pf,
	  .arg = WIN + 0x1000, .arg2 = A_NP, .modes = PAGED },
	{ "call word [m], stack not present", OP("\xff"), RM(2), .size = 2,
	  .f = F_N64, .mi = { MI(L_T, 0, 0x2345) }, .a = { RT(2) },
	  X_PF(PFE_W, L_STK, -2), .env = env_stack_np, .modes = PAGED },
	{ "call qword [m], stack not present", OP("\xff"), RM(2), .size = 8,
	  .f = F_D64, .mi = { MI(L_T, 0, 0x2345) }, .a = { RT(8) },
	  X_PF(PFE_W, L_STK, -8), .env = env_stack_np, .modes = PAGED },
	{ "leave, rBP on a not-present page", OP("\xc9"), .size = 4,
	  .f = F_D64, .bp = 0x1000, X_PF(0, L_STK, 0x1000), .env = env_pf,
	  .arg = WIN + 0x1000, .arg2 = A_NP, .modes = PAGED },
	{ "pop dx from a not-present stack", OP("\x5a"), .size = 2,
	  .f = F_D64, X_PF(0, L_STK, 0), .env = env_pf, .arg = WIN,
	  .arg2 = A_NP, .modes = PAGED },
};

/* #AC(0): CR0.AM = 1, EFLAGS.AC = 1, CPL 3 (vm86 is CPL 3), data not
 * aligned to its size: words 2, doublewords 4, quadwords 8 ("Interrupt
 * 17—Alignment Check Exception", Table 6-7); never in real mode. */
#define AC_MODES (M(VM86) | M(PROT16) | M(PROT32) | M(PG32) | \
		  M(COMPAT32) | M(LONG64))
static const struct row ac_rows[] = {
	{ "mov [m],eax at T+1", OP("\x89"), RM(0), .size = 4, .td = 1, X_AC,
	  .env = env_ac, .modes = AC_MODES },
	{ "mov [m],eax at T+4", OP("\x89"), RM(0), .size = 4, .td = 4,
	  .set = { SD(rAX, 0x44444444) }, .a = { WT(4, 0x44444444) },
	  .env = env_ac, .modes = AC_MODES },
	{ "mov [m],al at T+1", OP("\x88"), RM(0), .size = 1, .td = 1,
	  .set = { SB(rAX, 0x11) }, .a = { WT(1, 0x11) }, .env = env_ac,
	  .modes = AC_MODES },
	{ "mov [m],ax at T+1", OP("\x89"), RM(0), .size = 2, .td = 1, X_AC,
	  .env = env_ac, .modes = AC_MODES },
	{ "mov [m],ax at T+2", OP("\x89"), RM(0), .size = 2, .td = 2,
	  .set = { SW(rAX, 0x2222) }, .a = { WT(2, 0x2222) }, .env = env_ac,
	  .modes = AC_MODES },
	{ "mov [m],rax at T+4", OP("\x89"), RM(0), .size = 8, .td = 4, X_AC,
	  .env = env_ac, .modes = AC_MODES },
	{ "mov [m],eax at T+1, CR0.AM=0", OP("\x89"), RM(0), .size = 4,
	  .td = 1, .set = { SD(rAX, 0x33) }, .a = { WT(4, 0x33) },
	  .env = env_ac, .arg = AC_NOAM, .modes = AC_MODES },
	{ "mov [m],eax at T+1, EFLAGS.AC=0", OP("\x89"), RM(0), .size = 4,
	  .td = 1, .set = { SD(rAX, 0x33) }, .a = { WT(4, 0x33) },
	  .env = env_ac, .arg = AC_NOAC, .modes = AC_MODES },
	{ "mov [m],eax at T+1, CPL 0", OP("\x89"), RM(0), .size = 4,
	  .td = 1, .set = { SD(rAX, 0x33) }, .a = { WT(4, 0x33) },
	  .env = env_ac, .arg = AC_CPL0, .modes = AC_MODES & ~M(VM86) },
	{ "mov [m],eax at T+1, real mode", OP("\x89"), RM(0), .size = 4,
	  .td = 1, .set = { SD(rAX, 0x33) }, .a = { WT(4, 0x33) },
	  .env = env_ac, .modes = M(REAL) },
	{ "cmpxchg8b at T+4", OP("\x0f\xc7"), RM(1), .td = 4, X_AC,
	  .env = env_ac, .modes = AC_MODES },
	{ "xchg [m],ecx at T+2", OP("\x87"), RM(1), .size = 4, .td = 2, X_AC,
	  .env = env_ac, .modes = AC_MODES },
	{ "movbe [m],eax at T+1", OP("\x0f\x38\xf1"), RM(0), .size = 4,
	  .td = 1, X_AC, .env = env_ac, .modes = AC_MODES },
	{ "movq xmm0,[m] at T+4", OP("\x0f\x7e"), RM(0), .mp = 0xf3,
	  .td = 4, X_AC, .env = env_ac, .modes = AC_MODES },
	{ "push ecx with ESP 2 off", OP("\x51"), .size = 4, .f = F_D64, X_AC,
	  .env = env_ac_sp, .modes = M(PROT32) | M(PG32) | M(COMPAT32) },
	{ "rep stosd at DST+2", OP("\xab"), STR, .size = 4, .mp = 0xf3,
	  .td = 2, .set = { SC(3) }, X_AC, .env = env_ac,
	  .modes = AC_MODES },
};

/* LOCK ("LOCK": #UD unless the instruction is ADD, ADC, AND, BTC, BTR,
 * BTS, CMPXCHG, CMPXCHG8B/16B, DEC, INC, NEG, NOT, OR, SBB, SUB, XOR,
 * XADD or XCHG with a memory destination) and forms that need memory. */
static const struct row lock_rows[] = {
	{ "lock mov [m],eax", OP("\x89"), RM(0), .size = 4, .f = F_LOCK,
	  X_UD },
	{ "lock add ecx,[m] (register destination)", OP("\x03"), RM(1),
	  .size = 4, .f = F_LOCK, X_UD },
	{ "lock add eax,ecx", OP("\x01\xc8"), .size = 4, .f = F_LOCK, X_UD },
	{ "lock cmp [m],ecx", OP("\x39"), RM(1), .size = 4, .f = F_LOCK,
	  X_UD },
	{ "lock test [m],ecx", OP("\x85"), RM(1), .size = 4, .f = F_LOCK,
	  X_UD },
	{ "lock bt [m],ecx", OP("\x0f\xa3"), RM(1), .size = 4, .f = F_LOCK,
	  X_UD },
	{ "lock bt dword [m],3", OP("\x0f\xba"), RM(4), .size = 4,
	  IMM("\x03"), .f = F_LOCK, X_UD },
	{ "lock xchg eax,ecx", OP("\x87\xc8"), .size = 4, .f = F_LOCK, X_UD },
	{ "lock inc ecx", OP("\xff\xc1"), .size = 4, .f = F_LOCK, X_UD },
	{ "lock cmpxchg eax,ecx", OP("\x0f\xb1\xc8"), .size = 4, .f = F_LOCK,
	  X_UD },
	{ "lock xadd ecx,eax", OP("\x0f\xc1\xc1"), .size = 4, .f = F_LOCK,
	  X_UD },
	{ "lock setz [m]", OP("\x0f\x94"), RM(0), .f = F_LOCK, X_UD },
	{ "lock cmovz eax,[m]", OP("\x0f\x44"), RM(0), .size = 4,
	  .f = F_LOCK, X_UD },
	{ "lock movzx eax,byte [m]", OP("\x0f\xb6"), RM(0), .size = 4,
	  .f = F_LOCK, X_UD },
	{ "lock movbe eax,[m]", OP("\x0f\x38\xf0"), RM(0), .size = 4,
	  .f = F_LOCK, X_UD },
	{ "lock shl dword [m],1", OP("\xd1"), RM(4), .size = 4, .f = F_LOCK,
	  X_UD },
	{ "lock shld [m],ecx,1", OP("\x0f\xa4"), RM(1), .size = 4,
	  IMM("\x01"), .f = F_LOCK, X_UD },
	{ "lock push word [m]", OP("\xff"), RM(6), .size = 2,
	  .f = F_LOCK | F_D64, X_UD },
	{ "lock pop word [m]", OP("\x8f"), RM(0), .size = 2,
	  .f = F_LOCK | F_D64, X_UD },
	{ "lock leave", OP("\xc9"), .f = F_LOCK, X_UD },
	{ "lock mov eax,[moffs]", OP("\xa1"), MOFFS, .size = 4, .f = F_LOCK,
	  X_UD },
	{ "lock movsb", OP("\xa4"), STR, .f = F_LOCK, X_UD },
	{ "lock stosb", OP("\xaa"), STR, .f = F_LOCK, X_UD },
	{ "lock in al,dx", OP("\xec"), .f = F_LOCK, X_UD },
	{ "lock out dx,al", OP("\xee"), .f = F_LOCK, X_UD },
	{ "lock movups [m],xmm0", OP("\x0f\x11"), RM(0), .f = F_LOCK, X_UD },
	{ "lock clflush [m]", OP("\x0f\xae"), RM(7), .f = F_LOCK, X_UD },
	{ "lock movnti [m],ecx", OP("\x0f\xc3"), RM(1), .size = 4,
	  .f = F_LOCK, X_UD, .modes = M(PROT32) | M(COMPAT32) | M(LONG64) },
	{ "lock call word [m]", OP("\xff"), RM(2), .size = 2,
	  .f = F_LOCK | F_N64, X_UD },
	/* Register forms of memory-only instructions. */
	{ "cmpxchg8b ecx (register)", OP("\x0f\xc7\xc9"), X_UD },
	{ "lock cmpxchg8b ecx (register)", OP("\x0f\xc7\xc9"), .f = F_LOCK,
	  X_UD },
	{ "movbe eax,ecx (register)", OP("\x0f\x38\xf0\xc1"), X_UD },
	{ "movnti ecx,ecx (register)", OP("\x0f\xc3\xc9"), X_UD },
};

/* SIMD enables (SDM Vol. 3, 13.1 and Table 13-1; Vol. 2, 2.8 "Exception
 * Classifications": legacy SSE is #UD with CR0.EM = 1 whatever TS, or
 * CR4.OSFXSR = 0, then #NM with CR0.TS; VEX is #UD in real and vm86
 * mode, with CR4.OSXSAVE = 0 or XCR0[2:1] != 11b, then #NM with TS, and
 * ignores EM and OSFXSR; MOVNTI and CLFLUSH are not SSE-state
 * instructions; MOVAPS/MOVAPD/MOVDQA/MOVNT* need natural alignment,
 * #GP(0); MOVUPS/MOVDQU do not). */
static const struct row simd_rows[] = {
	{ "movdqu [m],xmm1, CR0.TS", OP("\x0f\x7f"), RM(1), .mp = 0xf3,
	  X_NM, .env = env_simd, .arg = C_TS },
	{ "movdqu [m],xmm1, CR0.EM", OP("\x0f\x7f"), RM(1), .mp = 0xf3,
	  X_UD, .env = env_simd, .arg = C_EM },
	{ "movdqu [m],xmm1, CR0.EM and TS: #UD first", OP("\x0f\x7f"), RM(1),
	  .mp = 0xf3, X_UD, .env = env_simd, .arg = C_EM | C_TS },
	{ "movdqu [m],xmm1, CR4.OSFXSR=0", OP("\x0f\x7f"), RM(1), .mp = 0xf3,
	  X_UD, .env = env_simd, .arg = C_NOFXSR },
	{ "movd xmm2,[m], CR0.TS", OP("\x0f\x6e"), RM(2), .mp = 0x66, X_NM,
	  .env = env_simd, .arg = C_TS },
	{ "movntdq [m],xmm3, CR0.TS", OP("\x0f\xe7"), RM(3), .mp = 0x66,
	  X_NM, .env = env_simd, .arg = C_TS },
	{ "vmovdqu [m],ymm1, CR0.TS", OP("\xc5\xfe\x7f"), RM(1), .f = F_VEX,
	  X_NM, .env = env_simd, .arg = C_TS },
	{ "vmovdqu [m],ymm1, CR4.OSXSAVE=0", OP("\xc5\xfe\x7f"), RM(1),
	  .f = F_VEX, X_UD, .env = env_simd, .arg = C_NOXSAVE },
	{ "vmovdqu [m],ymm1, XCR0=3 (no AVX)", OP("\xc5\xfe\x7f"), RM(1),
	  .f = F_VEX, X_UD, .env = env_simd, .arg2 = 3 },
	{ "vmovdqu [m],ymm1, XCR0=1 (x87 only)", OP("\xc5\xfe\x7f"), RM(1),
	  .f = F_VEX, X_UD, .env = env_simd, .arg2 = 1 },
	{ "vmovdqu [m],ymm1, CR0.EM and !OSFXSR: VEX runs", OP("\xc5\xfe\x7f"),
	  RM(1), .f = F_VEX, .a = { WRV(L_T, 0, 32, 1, 0) }, .env = env_simd,
	  .arg = C_EM | C_NOFXSR },
	{ "vmovdqu [m],ymm1 in real mode / vm86", OP("\xc5\xfe\x7f"), RM(1),
	  .f = F_VEX, X_UD, .modes = M(REAL) | M(VM86) },
	{ "movnti [m],ecx with TS, EM, !OSFXSR", OP("\x0f\xc3"), RM(1),
	  .size = 4, .set = { SD(rCX, 0x7777) }, .a = { WT(4, 0x7777) },
	  .env = env_simd, .arg = C_TS | C_EM | C_NOFXSR,
	  .modes = M(PROT32) | M(COMPAT32) | M(LONG64) },
	{ "clflush [m] with TS, EM, !OSFXSR", OP("\x0f\xae"), RM(7),
	  .env = env_simd, .arg = C_TS | C_EM | C_NOFXSR },
	{ "movaps [m],xmm0 at T+8", OP("\x0f\x29"), RM(0), .td = 8, X_GP },
	{ "movdqa [m],xmm0 at T+8", OP("\x0f\x7f"), RM(0), .mp = 0x66,
	  .td = 8, X_GP },
	{ "movapd xmm0,[m] at T+4", OP("\x0f\x28"), RM(0), .mp = 0x66,
	  .td = 4, X_GP },
	{ "movntps [m],xmm0 at T+4", OP("\x0f\x2b"), RM(0), .td = 4, X_GP },
	{ "movntdq [m],xmm0 at T+8", OP("\x0f\xe7"), RM(0), .mp = 0x66,
	  .td = 8, X_GP },
	{ "vmovaps [m],xmm4 at T+8", OP("\xc5\xf8\x29"), RM(4), .f = F_VEX,
	  .td = 8, X_GP },
	{ "vmovntdq [m],ymm5 at T+16", OP("\xc5\xfd\xe7"), RM(5), .f = F_VEX,
	  .td = 16, X_GP },
	/* "CMPXCHG16B": m128 not 16-byte aligned is #GP(0). */
	{ "cmpxchg16b at T+8", OP("\x0f\xc7"), RM(1), .size = 8, .td = 8,
	  X_GP },
	{ "movups [m],xmm1 at T+1", OP("\x0f\x11"), RM(1), .td = 1,
	  .a = { WRV(L_T, 0, 16, 1, 0) } },
	{ "vmovdqu [m],ymm1 at T+1", OP("\xc5\xfe\x7f"), RM(1), .f = F_VEX,
	  .td = 1, .a = { WRV(L_T, 0, 32, 1, 0) } },
	/* Valid register forms: not emulated, but not #UD either. */
	{ "movaps xmm0,xmm1 (register form)", OP("\x0f\x28\xc1"),
	  .rc = VMEXIT_UNHANDLED },
	{ "movq xmm0,xmm1 (register form)", OP("\xf3\x0f\x7e\xc1"),
	  .rc = VMEXIT_UNHANDLED },
	{ "movdqu xmm0,xmm1 (register form)", OP("\xf3\x0f\x6f\xc1"),
	  .rc = VMEXIT_UNHANDLED },
	{ "sfence (0F AE /7, mod 3)", OP("\x0f\xae\xf8"),
	  .rc = VMEXIT_UNHANDLED },
	{ "mfence (0F AE /6, mod 3)", OP("\x0f\xae\xf0"),
	  .rc = VMEXIT_UNHANDLED },
};

/* IOPL and the TSS I/O permission bitmap ("I/O Permission Bit Map", SDM
 * Vol. 1, 19.5.2; "IN", "OUT", "INS", "OUTS" Operation: in protected
 * mode with CPL > IOPL, and always in virtual-8086 mode, every bit for
 * the accessed ports must be 0, the two bytes read must be inside the
 * TSS limit, and a 16-bit TSS has no bitmap; #GP(0) otherwise, before
 * any port or memory access; real mode has no check). */
#define IO_P (M(PROT16) | M(PROT32) | M(COMPAT32) | M(LONG64))
#define OUTB(nm, arg_, deny, mm, ...) { nm, OP("\xee"), \
	.set = { SW(rDX, 0x3f8), SB(rAX, 0x5a) }, .env = env_io, \
	.arg = (arg_), .arg2 = (deny), .modes = (mm), __VA_ARGS__ }
#define OUTB_OK .a = { POUT(0x3f8, 1, 0x5a) }
static const struct row iop_rows[] = {
	OUTB("out dx,al: CPL0 IOPL0, port denied", IOP(0, 0, 0), 0x3f9,
	     IO_P, OUTB_OK),
	OUTB("out dx,al: CPL3 IOPL3, port denied", IOP(3, 3, 0), 0x3f9,
	     IO_P, OUTB_OK),
	OUTB("out dx,al: CPL3 IOPL0, allowed", IOP(3, 0, 0), 0,
	     IO_P | M(VM86), OUTB_OK),
	OUTB("out dx,al: CPL3 IOPL0, denied", IOP(3, 0, 0), 0x3f9,
	     IO_P | M(VM86), X_GP),
	OUTB("out dx,al: vm86 IOPL3, denied (vm86 always checks)",
	     IOP(3, 3, 0), 0x3f9, M(VM86), X_GP),
	OUTB("out dx,al: real mode ignores the bitmap", IOP(0, 0, 0), 0x3f9,
	     M(REAL), OUTB_OK),
	OUTB("out dx,al: TSS limit ends at the bitmap byte",
	     IOP(3, 0, TSS_SHORT1), 0, IO_P | M(VM86), X_GP),
	OUTB("out dx,al: TSS limit covers both bytes",
	     IOP(3, 0, TSS_SHORT2), 0, IO_P | M(VM86), OUTB_OK),
	OUTB("out dx,al: I/O map base past the limit", IOP(3, 0, TSS_NOMAP),
	     0, IO_P | M(VM86), X_GP),
	OUTB("out dx,al: 16-bit TSS", IOP(3, 0, TSS_16), 0,
	     M(PROT16) | M(PROT32), X_GP),
	{ "out dx,eax 3F8h, 3FBh denied", OP("\xef"), .size = 4,
	  .set = { SW(rDX, 0x3f8) }, X_GP, .env = env_io,
	  .arg = IOP(3, 0, 0), .arg2 = 0x3fb + 1, .modes = IO_P | M(VM86) },
	{ "out dx,eax 3F8h, 3FCh denied", OP("\xef"), .size = 4,
	  .set = { SW(rDX, 0x3f8), SD(rAX, 0x01020304) },
	  .a = { POUT(0x3f8, 4, 0x01020304) }, .env = env_io,
	  .arg = IOP(3, 0, 0), .arg2 = 0x3fc + 1, .modes = IO_P | M(VM86) },
	{ "in ax,dx 3FFh, 400h denied (second byte)", OP("\xed"), .size = 2,
	  .set = { SW(rDX, 0x3ff) }, X_GP, .env = env_io,
	  .arg = IOP(3, 0, 0), .arg2 = 0x400 + 1, .modes = IO_P | M(VM86) },
	{ "in al,dx 3FFh, 400h denied", OP("\xec"), .set = { SW(rDX, 0x3ff) },
	  .a = { PIN(0x3ff, 1, 0x42) }, .exp = { E(rAX, 1, 0x42) },
	  .env = env_io, .arg = IOP(3, 0, 0), .arg2 = 0x400 + 1,
	  .modes = IO_P | M(VM86) },
	{ "in al,71h denied", OP("\xe4\x71"), X_GP, .env = env_io,
	  .arg = IOP(3, 0, 0), .arg2 = 0x71 + 1, .modes = IO_P | M(VM86) },
	{ "insb denied: no port read, no write", OP("\x6c"), STR,
	  .set = { SW(rDX, 0x60) }, X_GP, .env = env_io, .arg = IOP(3, 0, 0),
	  .arg2 = 0x60 + 1, .modes = IO_P | M(VM86) },
	/* A count of 0 is checked too (lib/x86/emulate_string.c says
	 * why); allowed, it does nothing. */
	{ "rep insb cx=0 denied", OP("\x6c"), STR, .mp = 0xf3,
	  .set = { SC(0), SW(rDX, 0x60) }, X_GP, .env = env_io,
	  .arg = IOP(3, 0, 0), .arg2 = 0x60 + 1, .modes = IO_P | M(VM86) },
	{ "rep outsw cx=0 denied", OP("\x6f"), STR, .size = 2, .mp = 0xf3,
	  .set = { SC(0), SW(rDX, 0x61) }, X_GP, .env = env_io,
	  .arg = IOP(3, 0, 0), .arg2 = 0x62 + 1, .modes = IO_P | M(VM86) },
	{ "rep insb cx=0 allowed", OP("\x6c"), STR, .mp = 0xf3,
	  .set = { SC(0), SW(rDX, 0x60) }, .env = env_io,
	  .arg = IOP(3, 0, 0), .arg2 = 0x61 + 1, .modes = IO_P | M(VM86) },
	{ "rep outsb cx=3 denied", OP("\x6e"), STR, .mp = 0xf3,
	  .set = { SC(3), SW(rDX, 0x80) }, X_GP, .env = env_io,
	  .arg = IOP(3, 0, 0), .arg2 = 0x80 + 1, .modes = IO_P | M(VM86) },
	{ "rep insw cx=2 allowed at CPL3", OP("\x6d"), STR, .size = 2,
	  .mp = 0xf3, .set = { SC(2), SW(rDX, 0x1f0) },
	  .a = { PIN(0x1f0, 2, 0xaaaa), WR(L_DST, 0, 2, 0xaaaa),
		 PIN(0x1f0, 2, 0xbbbb), WR(L_DST, 2, 2, 0xbbbb) },
	  .exp = { E(rCX, AD, 0), EADD(rDI, 4) }, .env = env_io,
	  .arg = IOP(3, 0, 0), .arg2 = 0x1ef + 1, .modes = IO_P | M(VM86) },
};

/* Devices that fail: a backend error, and nothing committed (RIP,
 * registers, flags; emulate.h: registers change only when the
 * instruction completes). */
#define FAIL_ROW(nm, ...) { nm, .rc = VMEXIT_ERR_BACKEND, \
	__VA_ARGS__ }
static const struct row fail_rows[] = {
	FAIL_ROW("mov eax,[m]: read fails", OP("\x8b"), RM(0), .size = 4,
		 .fail_at = 1),
	FAIL_ROW("mov [m],eax: write fails", OP("\x89"), RM(0), .size = 4,
		 .fail_at = 1),
	FAIL_ROW("add [m],ecx: write fails", OP("\x01"), RM(1), .size = 4,
		 .fail_at = 2, .a = { RT(4) }, .fi = ZF | CF, .fo = ZF | CF),
	FAIL_ROW("xchg [m],ecx: write fails", OP("\x87"), RM(1), .size = 4,
		 .fail_at = 2, .a = { RT(4) }),
	FAIL_ROW("cmpxchg8b [m]: write fails", OP("\x0f\xc7"), RM(1),
		 .fail_at = 2, .a = { RT(8) }),
	FAIL_ROW("movdqu [m],xmm1: write fails", OP("\x0f\x7f"), RM(1),
		 .mp = 0xf3, .fail_at = 1),
	FAIL_ROW("movdqu xmm1,[m]: read fails", OP("\x0f\x6f"), RM(1),
		 .mp = 0xf3, .fail_at = 1),
	FAIL_ROW("push word [m]: stack write fails", OP("\xff"), RM(6),
		 .size = 2, .f = F_D64, .fail_at = 2,
		 .a = { RT(2) }),
	FAIL_ROW("pop dx: stack read fails", OP("\x5a"), .size = 2,
		 .f = F_D64, .fail_at = 1),
	FAIL_ROW("call word [m]: target read fails", OP("\xff"), RM(2),
		 .size = 2, .f = F_N64, .fail_at = 1),
	FAIL_ROW("in al,dx: port fails", OP("\xec"), .fail_at = 1),
	FAIL_ROW("outsb: port fails", OP("\x6e"), STR, .fail_at = 2,
		 .a = { RD(L_SRC, 0, 1) }),
	/* Two iterations reach the device, the third fails; what the
	 * registers show is reported, not checked (see the report). */
	FAIL_ROW("rep stosb cx=4: third write fails", OP("\xaa"), STR,
		 .mp = 0xf3, .f = F_NOGPR, .set = { SC(4) },
		 .fail_at = 3,
		 .a = { WR(L_DST, 0, 1, 0x01), WR(L_DST, 1, 1, 0x01) }),
};

/* Accesses that cross from RAM into the device or back: the device gets
 * only its part, RAM the rest ("Copies", include/vmexit/memory.h). */
static const struct row cross_rows[] = {
	{ "mov [m],eax RAM -> device", OP("\x89"), RM(0), .size = 4,
	  .td = -0x102, .set = { SD(rAX, 0x11223344) },
	  .a = { WR(L_T, 0, 2, 0x3344), WR(L_T, 2, 2, 0x1122) } },
	{ "mov [m],eax device -> RAM", OP("\x89"), RM(0), .size = 4,
	  .td = 0xefe, .set = { SD(rAX, 0x11223344) },
	  .a = { WR(L_T, 0, 2, 0x3344), WR(L_T, 2, 2, 0x1122) } },
	{ "mov eax,[m] device -> RAM", OP("\x8b"), RM(0), .size = 4,
	  .td = 0xefe, .mi = { MI(L_T, 0, 0x8899aabb) },
	  .a = { RD(L_T, 0, 2), RD(L_T, 2, 2) },
	  .exp = { E(rAX, 4, 0x8899aabb) } },
	{ "add [m],ecx RAM -> device", OP("\x01"), RM(1), .size = 4,
	  .td = -0x102, .set = { SD(rCX, 1) }, .mi = { MI(L_T, 0, 0x7fffffff) },
	  .a = { RD(L_T, 0, 2), RD(L_T, 2, 2), WR(L_T, 0, 2, 0),
		 WR(L_T, 2, 2, 0x8000) },
	  .fi = FLIP(OF | SF | AF | PF), .fo = OF | SF | AF | PF },
	{ "movdqu [m],xmm1 device -> RAM", OP("\x0f\x7f"), RM(1),
	  .mp = 0xf3, .td = 0xef8,
	  .a = { WRV(L_T, 0, 8, 1, 0), WRV(L_T, 8, 8, 1, 8) } },
	{ "rep stosw cx=4 RAM -> device", OP("\xab"), STR, .size = 2,
	  .mp = 0xf3, .td = -0x304, .set = { SC(4), SW(rAX, 0xa1b2) },
	  .a = { WR(L_DST, 0, 2, 0xa1b2), WR(L_DST, 2, 2, 0xa1b2),
		 WR(L_DST, 4, 2, 0xa1b2), WR(L_DST, 6, 2, 0xa1b2) },
	  .exp = { E(rCX, AD, 0), EADD(rDI, 8) } },
	{ "mov [m],eax device -> remapped RAM page", OP("\x89"), RM(0),
	  .size = 4, .td = 0xefe, .set = { SD(rAX, 0x55667788) },
	  .a = { WR(L_T, 0, 2, 0x7788), WR(L_T, 2, 2, 0x5566) },
	  .env = env_remap, .modes = PAGED },
};

/* REP string instructions that fault in the middle ("REP/REPE/REPZ/
 * REPNE/REPNZ": "a repeating string operation can be suspended by an
 * exception or interrupt ... the registers point to the next iteration
 * and the instruction is restarted"; RIP stays on it). */
#define REPSEG (M(REAL) | M(VM86) | M(PROT16) | M(PROT32) | M(COMPAT16) | \
		M(COMPAT32))
static const struct row rep_rows[] = {
	{ "rep stosw cx=4: ES limit after 2", OP("\xab"), STR, .size = 2,
	  .mp = 0xf3, .set = { SC(4), SW(rAX, 0xbeef) },
	  .a = { WR(L_DST, 0, 2, 0xbeef), WR(L_DST, 2, 2, 0xbeef) },
	  .exp = { E(rCX, AD, 2), EADD(rDI, 4) }, X_GP, .env = env_limit_es,
	  .arg = 3, .modes = REPSEG, .vars = V(0) | V(2) },
	{ "rep movsb cx=4: source limit after 2", OP("\xa4"), STR,
	  .mp = 0xf3, .set = { SC(4) }, .mi = { MI(L_SRC, 0, 0x44332211) },
	  .a = { RD(L_SRC, 0, 1), WR(L_DST, 0, 1, 0x11), RD(L_SRC, 1, 1),
		 WR(L_DST, 1, 1, 0x22) },
	  .exp = { E(rCX, AD, 2), EADD(rSI, 2), EADD(rDI, 2) }, X_SEG,
	  .env = env_limit_src, .arg = 1, .modes = REPSEG,
	  .vars = V(0) | V(2) | V(10) },
	{ "rep insb cx=4: ES limit after 2 (2 port reads)", OP("\x6c"), STR,
	  .mp = 0xf3, .set = { SC(4), SW(rDX, 0x60) },
	  .a = { PIN(0x60, 1, 0x0a), WR(L_DST, 0, 1, 0x0a),
		 PIN(0x60, 1, 0x0b), WR(L_DST, 1, 1, 0x0b) },
	  .exp = { E(rCX, AD, 2), EADD(rDI, 2) }, X_GP, .env = env_limit_es,
	  .arg = 1, .modes = REPSEG, .vars = V(0) | V(2) },
	{ "rep outsb cx=4: source limit after 2", OP("\x6e"), STR,
	  .mp = 0xf3, .set = { SC(4), SW(rDX, 0x80) },
	  .mi = { MI(L_SRC, 0, 0x44332211) },
	  .a = { RD(L_SRC, 0, 1), POUT(0x80, 1, 0x11), RD(L_SRC, 1, 1),
		 POUT(0x80, 1, 0x22) },
	  .exp = { E(rCX, AD, 2), EADD(rSI, 2) }, X_SEG,
	  .env = env_limit_src, .arg = 1, .modes = REPSEG,
	  .vars = V(0) | V(2) | V(10) },
	/* The flags are those of the last compare done. */
	{ "repe cmpsb cx=4: source limit after 2", OP("\xa6"), STR,
	  .mp = 0xf3, .set = { SC(4) },
	  .mi = { MI(L_SRC, 0, 0x04030201), MI(L_DST, 0, 0x04030201) },
	  .a = { RD(L_SRC, 0, 1), RD(L_DST, 0, 1), RD(L_SRC, 1, 1),
		 RD(L_DST, 1, 1) },
	  .exp = { E(rCX, AD, 2), EADD(rSI, 2), EADD(rDI, 2) }, X_SEG,
	  .fi = CF | SF, .fo = ZF | PF, .env = env_limit_src, .arg = 1,
	  .modes = REPSEG, .vars = V(0) | V(2) },
	{ "rep stosd cx=4: not-present page after 2", OP("\xab"), STR,
	  .size = 4, .mp = 0xf3, .td = 0xcf8,
	  .set = { SC(4), SD(rAX, 0x5a5a5a5a) },
	  .a = { WR(L_DST, 0, 4, 0x5a5a5a5a), WR(L_DST, 4, 4, 0x5a5a5a5a) },
	  .exp = { E(rCX, AD, 2), EADD(rDI, 8) },
	  X_PF(PFE_W, L_DST, 8), .env = env_pf, .arg = WIN + 0x1000,
	  .arg2 = A_NP, .modes = PAGED, .vars = V(0) | V(2) },
	{ "rep stosd cx=4, CPL3: supervisor page after 2", OP("\xab"), STR,
	  .size = 4, .mp = 0xf3, .td = 0xcf8,
	  .set = { SC(4), SD(rAX, 0x5a5a5a5a) },
	  .a = { WR(L_DST, 0, 4, 0x5a5a5a5a), WR(L_DST, 4, 4, 0x5a5a5a5a) },
	  .exp = { E(rCX, AD, 2), EADD(rDI, 8) },
	  X_PF(PFE_P | PFE_W | PFE_U, L_DST, 8), .env = env_pf,
	  .arg = WIN + 0x1000, .arg2 = A_SUP | A_CPL3, .modes = PAGED },
	{ "rep insb cx=4: not-present page after 2", OP("\x6c"), STR,
	  .mp = 0xf3, .td = 0xcfe, .set = { SC(4), SW(rDX, 0x60) },
	  .a = { PIN(0x60, 1, 0x0a), WR(L_DST, 0, 1, 0x0a),
		 PIN(0x60, 1, 0x0b), WR(L_DST, 1, 1, 0x0b) },
	  .exp = { E(rCX, AD, 2), EADD(rDI, 2) }, X_PF(PFE_W, L_DST, 2),
	  .env = env_pf, .arg = WIN + 0x1000, .arg2 = A_NP, .modes = PAGED },
	{ "rep outsw cx=4: source not present after 2", OP("\x6f"), STR,
	  .size = 2, .mp = 0xf3, .td = 0xdfc, .set = { SC(4), SW(rDX, 0x1f0) },
	  .mi = { MI(L_SRC, 0, 0x22221111) },
	  .a = { RD(L_SRC, 0, 2), POUT(0x1f0, 2, 0x1111), RD(L_SRC, 2, 2),
		 POUT(0x1f0, 2, 0x2222) },
	  .exp = { E(rCX, AD, 2), EADD(rSI, 4) }, X_PF(0, L_SRC, 4),
	  .env = env_pf, .arg = WIN + 0x1000, .arg2 = A_NP, .modes = PAGED },
	{ "rep movsd cx=4: destination not present after 2", OP("\xa5"), STR,
	  .size = 4, .mp = 0xf3, .td = 0xcf8, .set = { SC(4) },
	  .mi = { MI(L_SRC, 0, 0x2222222211111111) },
	  .a = { RD(L_SRC, 0, 4), WR(L_DST, 0, 4, 0x11111111),
		 RD(L_SRC, 4, 4), WR(L_DST, 4, 4, 0x22222222),
		 RD_MAYBE(L_SRC, 8, 4) },
	  .exp = { E(rCX, AD, 2), EADD(rSI, 8), EADD(rDI, 8) },
	  X_PF(PFE_W, L_DST, 8), .env = env_pf, .arg = WIN + 0x1000,
	  .arg2 = A_NP, .modes = PAGED },
};

/* ------------------------------------------------------------------ */

#define TABLE(nm, rows, vars) { nm, rows, sizeof(rows) / sizeof(rows[0]), vars, \
				      false }
static const struct table tables[] = {
	TABLE("mov", mov_rows, FAMILY_VARS),
	TABLE("movzx/movsx/movsxd", movx_rows, FAMILY_VARS),
	TABLE("movbe", movbe_rows, FAMILY_VARS),
	TABLE("xchg/cmpxchg/xadd", xchg_rows, FAMILY_VARS),
	TABLE("alu", alu_rows, FAMILY_VARS),
	TABLE("inc/dec/neg/not", unary_rows, FAMILY_VARS),
	TABLE("mul/div/bsf/popcnt", muldiv_rows, FAMILY_VARS),
	TABLE("shift/rotate/shld", shift_rows, FAMILY_VARS),
	TABLE("bt*", bt_rows, FAMILY_VARS),
	TABLE("setcc", setcc_rows, FAMILY_VARS),
	TABLE("cmovcc", cmov_rows, FAMILY_VARS),
	TABLE("push/pop/leave", stack_rows, FAMILY_VARS),
	TABLE("call/jmp [m]", branch_rows, FAMILY_VARS),
	TABLE("strings", string_rows, FAMILY_VARS),
	TABLE("in/out/ins/outs", io_rows, FAMILY_VARS),
	TABLE("clflush*", flush_rows, FAMILY_VARS),
	TABLE("sse/avx moves", vec_rows, FAMILY_VARS),
	/* faults */
	TABLE("limits/segments", limit_rows, V(0)),
	TABLE("canonical", canon_rows, V(0)),
	TABLE("#PF", pf_rows, V(0)),
	TABLE("#AC", ac_rows, V(0)),
	TABLE("LOCK/#UD", lock_rows, V(0)),
	TABLE("SIMD enables", simd_rows, V(0)),
	TABLE("I/O permission", iop_rows, V(0)),
	{ "device failure", fail_rows, sizeof(fail_rows) / sizeof(fail_rows[0]),
	  V(0), true },
	TABLE("RAM/device crossing", cross_rows, V(0) | V(1) | V(2)),
	TABLE("REP fault midway", rep_rows, V(0)),
};
#define NTABLES (sizeof(tables) / sizeof(tables[0]))


/* ------------------------------------------------------------------ */
/* The host CPU as an oracle for the tables themselves: each arithmetic
 * row's 64-bit encoding (the [rdi+disp32] form) runs natively on a
 * buffer, and its result must be what the row says.  This checks the
 * hand-worked values, not the library. */

#ifdef HOST_ORACLE
struct hstate {
	uint64_t gpr[16];
	uint64_t rflags;
};

/* host_run(state, code): load the registers but RSP and the flags, call
 * the code (the instruction and RET), store them back. */
void host_run(struct hstate *s, const void *code);
__asm__(".text\n"
	".globl host_run\n"
	".type host_run,@function\n"
	"host_run:\n"
	"push %rbx\n push %rbp\n push %r12\n push %r13\n push %r14\n"
	"push %r15\n push %rdi\n push %rsi\n"
	"pushq 128(%rdi)\n popfq\n"
	"mov 0(%rdi),%rax\n mov 8(%rdi),%rcx\n mov 16(%rdi),%rdx\n"
	"mov 24(%rdi),%rbx\n mov 40(%rdi),%rbp\n mov 48(%rdi),%rsi\n"
	"mov 64(%rdi),%r8\n mov 72(%rdi),%r9\n mov 80(%rdi),%r10\n"
	"mov 88(%rdi),%r11\n mov 96(%rdi),%r12\n mov 104(%rdi),%r13\n"
	"mov 112(%rdi),%r14\n mov 120(%rdi),%r15\n"
	"mov 56(%rdi),%rdi\n"
	"call *(%rsp)\n"
	"xchg %rdi,8(%rsp)\n"
	"pushfq\n popq 128(%rdi)\n"
	"mov %rax,0(%rdi)\n mov %rcx,8(%rdi)\n mov %rdx,16(%rdi)\n"
	"mov %rbx,24(%rdi)\n mov %rbp,40(%rdi)\n mov %rsi,48(%rdi)\n"
	"mov %r8,64(%rdi)\n mov %r9,72(%rdi)\n mov %r10,80(%rdi)\n"
	"mov %r11,88(%rdi)\n mov %r12,96(%rdi)\n mov %r13,104(%rdi)\n"
	"mov %r14,112(%rdi)\n mov %r15,120(%rdi)\n"
	"mov 8(%rsp),%rax\n mov %rax,56(%rdi)\n"
	"add $16,%rsp\n"
	"pop %r15\n pop %r14\n pop %r13\n pop %r12\n pop %rbp\n pop %rbx\n"
	"ret\n"
	".size host_run, .-host_run\n");

static bool host_row_ok(const struct row *r)
{
	if (r->kind != K_MODRM || !row_in_mode(r, LONG64) || r->x.on ||
	    r->rc || r->env || r->td || r->la || r->sp || r->bp || r->rip ||
	    r->vr || (r->f & F_VEX) || r->reg == 4 || r->mp)
		return false;
	for (unsigned i = 0; i < 10 && r->a[i].k; i++)
		if (r->a[i].loc != L_T || r->a[i].src == D_VREG)
			return false;
	for (unsigned i = 0; i < 4 && r->mi[i].loc; i++)
		if (r->mi[i].loc - 1u != L_T)
			return false;
	for (unsigned i = 0; i < 6; i++)
		if (r->set[i].r == rSP || r->exp[i].r == rSP)
			return false;
	return true;
}

static unsigned host_check_row(const struct row *r, uint8_t *page,
			       uint8_t *buf)
{
	struct ctx c;
	struct hstate h;
	uint8_t want[64], *t = buf + 32;
	size_t rip_at = 0;
	uint64_t want_gpr[16];
	unsigned bad = 0;

	memset(&c, 0, sizeof(c));
	c.mode = LONG64;
	c.r = r;
	c.adsize = 8;
	for (unsigned i = 0; i < 16; i++)
		c.gpr0[i] = gpr_pat(i);
	for (unsigned i = 0; i < 6 && r->set[i].r; i++)
		setlow(&c.gpr0[r->set[i].r - 1], r->set[i].v, r->set[i].w);
	c.len = encode(&c, page, (uint64_t)(uintptr_t)t, &rip_at);
	page[c.len] = 0xc3;
	for (unsigned k = 0; k < 64; k++)
		buf[k] = pat(T_LA - 32 + k);
	for (unsigned i = 0; i < 4 && r->mi[i].loc; i++)
		memcpy(t + r->mi[i].d, &r->mi[i].v, 8);
	memcpy(want, buf, 64);
	for (unsigned i = 0; i < 10 && r->a[i].k; i++)
		if (r->a[i].k == 'W' && r->a[i].src == D_VAL) {
			memcpy(want + 32 + r->a[i].d, &r->a[i].v,
			       r->a[i].size < 8 ? r->a[i].size : 8);
			if (r->a[i].size > 8)
				memcpy(want + 40 + r->a[i].d, &r->a[i].v2,
				       r->a[i].size - 8);
		}
	memcpy(want_gpr, c.gpr0, sizeof(want_gpr));
	for (unsigned i = 0; i < 6 && r->exp[i].r; i++)
		want_gpr[r->exp[i].r - 1] = wmerge(&c, want_gpr[r->exp[i].r - 1],
						   r->exp[i].v, r->exp[i].w);

	memcpy(h.gpr, c.gpr0, sizeof(h.gpr));
	h.rflags = 0x2 | r->fi;
	host_run(&h, page);

	if (memcmp(buf, want, 64)) {
		printf("  HOST: %s: memory differs (got %02x%02x%02x%02x)\n",
		       r->name, t[3], t[2], t[1], t[0]);
		bad++;
	}
	for (unsigned i = 0; i < 16; i++)
		if (i != VMEXIT_RSP && h.gpr[i] != want_gpr[i]) {
			printf("  HOST: %s: GPR %u %#llx, want %#llx\n", r->name,
			       i, (unsigned long long)h.gpr[i],
			       (unsigned long long)want_gpr[i]);
			bad++;
		}
	if ((h.rflags & ST & ~r->fu) != (r->fo & ~r->fu)) {
		printf("  HOST: %s: flags %#llx, want %#llx (undefined %#llx)\n",
		       r->name, (unsigned long long)(h.rflags & ST),
		       (unsigned long long)r->fo, (unsigned long long)r->fu);
		bad++;
	}
	return bad;
}
#endif

static void test_tables_on_host(void **state)
{
#ifdef HOST_ORACLE
	static _Alignas(64) uint8_t buf[64];
	unsigned bad = 0, rows = 0;
	uint8_t *page = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC,
			     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	(void)state;
	if (page == MAP_FAILED)
		skip();
	for (unsigned ti = 0; ti < NTABLES; ti++)
		for (size_t k = 0; k < tables[ti].n; k++)
			if (host_row_ok(&tables[ti].rows[k])) {
				bad += host_check_row(&tables[ti].rows[k], page,
						      buf);
				rows++;
			}
	munmap(page, 4096);
	printf("host CPU: %u rows checked, %u mismatches\n", rows, bad);
	assert_int_equal(bad, 0);
#else
	(void)state;
	skip();
#endif
}

static void test_table(void **state)
{
	unsigned ti = (unsigned)(uintptr_t)*state;
	assert_int_equal(run_table(&tables[ti], ti), 0);
}

static int set_table(void **state)
{
	static unsigned next;
	*state = (void *)(uintptr_t)next++;
	return 0;
}

int main(void)
{
	struct CMUnitTest t[NTABLES + 1];
	int rc;

	t[0] = (struct CMUnitTest){ "tables on the host CPU",
				    test_tables_on_host, NULL, NULL, NULL };
	for (unsigned i = 0; i < NTABLES; i++)
		t[i + 1] = (struct CMUnitTest){ tables[i].name, test_table,
						set_table, NULL, NULL };
	rc = _cmocka_run_group_tests("emulate_families", t, NTABLES + 1, NULL,
				     NULL);
	printf("\ncases per table and mode:\n%-22s", "");
	for (int m = 0; m < NMODES; m++)
		printf(" %9s", modes[m].name);
	printf("\n");
	for (unsigned i = 0; i < NTABLES; i++) {
		printf("%-22s", tables[i].name);
		for (int m = 0; m < NMODES; m++)
			printf(" %9u", counts[i][m]);
		printf("\n");
	}
	return rc;
}
