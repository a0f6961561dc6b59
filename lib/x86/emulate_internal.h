/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Shared by the emulator's files: the instruction as the emulator sees it,
 * the working state of one emulation, and operand access.
 *
 * The emulator works on a copy of the general registers and commits it
 * only when the instruction completes (or, for a REP string instruction
 * that faults or whose device fails, with the iterations done), so a
 * fault never leaves half an instruction behind in the register cache.
 */
#ifndef VMEXIT_EMULATE_INTERNAL_H
#define VMEXIT_EMULATE_INTERNAL_H

#include "libc.h"

#include <vmexit/emulate.h>
#include <vmexit/exception.h>
#include <vmexit/flags.h>
#include <vmexit/memory.h>
#include <vmexit/x86.h>

#include "x86/memory_internal.h"

/* The facts about an instruction the emulator needs, taken from the
 * decoder's struct vmexit_insn in one place (emulate.c). */
enum emul_map { EMUL_MAP_1, EMUL_MAP_0F, EMUL_MAP_0F38, EMUL_MAP_0F3A };

struct emul_insn {
	uint8_t map, opcode, len;
	uint8_t opsize, adsize;    /* bytes */
	uint8_t prefix;            /* last of 66/F3/F2 that selects the form */
	bool opsize_prefix;        /* 66 present */
	bool rep, repne, lock, rex, rex_w, vex;
	bool evex;                 /* EVEX-encoded (vex is false then) */
	bool long64;               /* decoded as 64-bit code */
	uint8_t vex_l;
	/* Only where evex is set: EVEX.L'L (vector length 16 << evex_ll
	 * bytes), the opmask register (0: no masking), zeroing-masking. */
	uint8_t evex_ll, evex_aaa;
	bool evex_z;
	uint8_t vvvv;              /* VEX.vvvv's register (inverted; with
				      EVEX.V', 0-31), 0 if none */
	uint8_t opreg;             /* register in the opcode (50+r), REX.B */
	bool has_modrm;
	uint8_t mod, reg, rm;      /* reg and rm include REX.R/REX.B */
	bool has_mem;
	uint8_t seg;               /* effective segment of the memory operand */
	int8_t base, index;        /* GPR numbers, -1 for none */
	bool index_al;             /* the index is AL, zero-extended (XLAT) */
	uint8_t scale;             /* 1, 2, 4, 8 */
	bool rip_relative;
	int64_t disp;
	uint64_t imm, imm2;
	uint8_t imm_size;
};

/* An enabled data or I/O breakpoint of DR7 (lib/x86/emulate_debug.c):
 * its bytes [lo, lo + len), R/W, and its bit in DR6. */
struct emul_bp {
	uint64_t lo;
	uint8_t len, rw, bit;
};

struct emul_bps {
	uint8_t n;    /* bp[0..n) */
	uint8_t hits; /* DR6.B0-B3 of those the accesses met */
	struct emul_bp bp[4];
};

struct emul {
	struct vmexit_vcpu *v;
	struct emul_insn i;
	struct vmexit_regs r;   /* working copy of GPRs, RIP, RFLAGS */
	/* Mode, CPL and paging mode, derived once: the emulator changes
	 * none of the registers they come from before it commits. */
	struct mem_ctx mc;
	struct emul_bps bps;    /* set by emul_bp_load() */
	/* From here on the working state starts zero (emul_run()). */
	uint64_t ea_adjust;     /* BT* with a bit offset past the operand */
	bool rip_set;           /* the handler set RIP (JMP, CALL) */
	bool stop_early;        /* REP string paused: RIP stays */
	bool keep_progress;     /* REP iterations done: commit them on any
				 * failure */
	/* A segment register loaded (far JMP, CALL): seg_reg gets seg_val
	 * when the GPRs and RIP are committed, and not before. */
	bool seg_set;
	uint8_t seg_reg;
	struct vmexit_segment seg_val;
	/* The exit's address until an access has covered it (NULL: no
	 * hint, or seen); lib/x86/emulate_hint.c. */
	const struct vmexit_emul_hint *hint;
	/* An MMX instruction ran: at commit the x87 state changes as it does
	 * for every MMX instruction (emul_mmx_commit()); with mmx_always
	 * even when it faults (MASKMOVQ). */
	bool mmx, mmx_always;
	/* A vector register loaded, committed with the GPRs: vec_reg is
	 * its number (ZMM0-31 whole; with mmx, 16 + n for MMn), or -1.
	 * vec stays last: emul_run() does not zero it, since the load
	 * writes vec whole first. */
	int8_t vec_reg;
	uint8_t vec[64];
};

/* ZMMn (n < 32) whole, from and to its pieces in struct vmexit_vregs:
 * YMM0-15 and their bits 511:256, or ZMM16-31. */
static inline void emul_zmm_get(const struct vmexit_vregs *vr, unsigned n,
				uint8_t z[64])
{
	n &= 31;
	if (n < 16) {
		memcpy(z, vr->ymm[n], 32);
		memcpy(z + 32, vr->zmm_hi256[n], 32);
	} else {
		memcpy(z, vr->zmm_hi16[n - 16], 64);
	}
}

static inline void emul_zmm_set(struct vmexit_vregs *vr, unsigned n,
				const uint8_t z[64])
{
	n &= 31;
	if (n < 16) {
		memcpy(vr->ymm[n], z, 32);
		memcpy(vr->zmm_hi256[n], z + 32, 32);
	} else {
		memcpy(vr->zmm_hi16[n - 16], z, 64);
	}
}

/* The x87 state after an MMX instruction, with MMn (n = reg, or -1 for
 * none) loaded from val (lib/x86/emulate_vector.c). */
void emul_mmx_commit(struct vmexit_vregs *vr, int reg, const uint8_t val[8]);

/* One emulated instruction form. */
struct emul_op;
typedef int (*emul_fn)(struct emul *e, const struct emul_op *op);

struct emul_op {
	uint8_t map;     /* enum vmexit_opmap */
	uint8_t opcode;
	int8_t reg;      /* ModRM.reg for group opcodes, or -1 */
	uint8_t prefix;  /* required 66/F3/F2 (0: none of them) */
	uint8_t flags;   /* EMUL_* */
	uint8_t arg;     /* handler argument (ALU op, condition...) */
	emul_fn fn;
};

#define EMUL_BYTE 0x01    /* 8-bit operand form */
#define EMUL_MEMONLY 0x02 /* the memory form only: mod = 3 is not it */
#define EMUL_ANYPFX 0x04  /* 66/F3/F2 do not select a different form */
#define EMUL_LOCK 0x08    /* LOCK allowed (with a memory destination) */
#define EMUL_VEX 0x10     /* also VEX-encoded: a VEX form matches only these */
#define EMUL_EVEX 0x20    /* also EVEX-encoded: an EVEX form matches only these */
#define EMUL_64 0x40      /* only in 64-bit mode */
#define EMUL_NOLEGACY 0x80 /* VEX or EVEX only: no legacy encoding */

/* Masks for an address or operand size in bytes. */
static inline uint64_t emul_mask(unsigned size)
{
	return size >= 8 ? ~0ull : (1ull << (8 * size)) - 1;
}

/* Register operands (ModRM.reg, ModRM.rm with mod 3, or a number), by
 * "General-Purpose Registers in 64-Bit Mode" (SDM Vol. 1): 8-bit
 * registers 4-7 are AH, CH, DH, BH unless a REX prefix is present; a
 * 32-bit result is zero-extended to 64 bits; 8- and 16-bit results leave
 * the rest of the register alone.  The reads are inline, as are the
 * effective addresses: nearly every instruction has them. */
static inline uint64_t emul_reg(const struct emul *e, unsigned reg,
				unsigned size)
{
	reg &= 15;
	if (size == 1 && !e->i.rex && reg >= 4 && reg < 8)
		return (e->r.gpr[reg - 4] >> 8) & 0xff;
	return e->r.gpr[reg] & emul_mask(size);
}

void emul_set_reg(struct emul *e, unsigned reg, unsigned size, uint64_t val);

/* The memory operand's effective address, reduced to the address size. */
static inline uint64_t emul_ea(const struct emul *e)
{
	const struct emul_insn *i = &e->i;
	uint64_t ea = (uint64_t)i->disp + e->ea_adjust;

	if (i->rip_relative)
		ea += e->r.rip + i->len;
	if (i->base >= 0)
		ea += e->r.gpr[i->base & 15];
	if (i->index >= 0)
		ea += (e->r.gpr[i->index & 15] & (i->index_al ? 0xff : ~0ull)) *
		      i->scale;
	return ea & emul_mask(i->adsize);
}
/* Memory at seg:offset; returns a status (faults are queued). */
int emul_mem(struct emul *e, unsigned seg, uint64_t offset, void *buf,
	     unsigned size, bool write);
/*
 * A masked access (EVEX {k}): of the size bytes at seg:offset only those
 * whose bit is set in bytes (bit n: byte n), each run of them one access.
 * A masked-off element is not accessed and raises nothing ("Memory Fault
 * Suppression", SDM Vol. 1): not a limit or canonical fault, not
 * a #PF, and with no element active not the alignment #GP(0) either, as
 * an Intel Xeon with AVX-512 was measured to do.  The segment checks of
 * every run and the alignment of the whole operand (align: 0 or the
 * vector length) come first, then the span from the first to the last
 * active byte is translated, all before any byte moves, so a fault
 * writes nothing.  size <= 64.
 */
int emul_mem_masked(struct emul *e, unsigned seg, uint64_t offset, uint8_t *buf,
		    unsigned size, uint64_t bytes, bool write, unsigned align);
/* #GP(0) unless the linear address of seg:offset (the ModRM memory
 * operand for emul_check_aligned()) is a multiple of align (a power of
 * two), after the segment checks of an access of size bytes. */
int emul_check_aligned_at(struct emul *e, unsigned seg, uint64_t offset,
			  unsigned size, bool write, unsigned align);
int emul_check_aligned(struct emul *e, unsigned size, bool write,
		       unsigned align);
/* The ModRM r/m operand, register or memory. */
int emul_rm_read(struct emul *e, unsigned size, uint64_t *val);
int emul_rm_write(struct emul *e, unsigned size, uint64_t val);

/* Read-modify-write of the r/m operand of 1, 2, 4, 8 or 16 bytes: f
 * computes the new value from the old one (old[0], or both words for 16
 * bytes, in memory order) and says whether to store it.  With LOCK on
 * aligned RAM the update is atomic (f may run more than once; 16 bytes
 * only where the host has LOCK CMPXCHG16B); on MMIO it is one read and
 * one write. */
typedef bool (*emul_rmw_fn)(struct emul *e, const uint64_t old[2],
			    uint64_t new[2], void *ctx);
int emul_rmw(struct emul *e, unsigned size, emul_rmw_fn f, void *ctx);

/* Stack: SS with the stack-address size of SS.B or 64-bit mode (2, 4
 * or 8); emul_set_sp() writes that much of RSP. */
unsigned emul_stack_size(const struct emul *e);
void emul_set_sp(struct emul *e, uint64_t sp);
int emul_push(struct emul *e, unsigned size, uint64_t val);
int emul_pop(struct emul *e, unsigned size, uint64_t *val);

/* The checks of a write of size bytes at seg:offset, without making it:
 * segmentation, alignment (#AC), paging (#PF, no dirty flag set), and the
 * exit's address.  For instructions that must not start what they cannot
 * finish (INS before reading the port) or that check an address they do
 * not write (ENTER's final stack pointer). */
int emul_probe_write(struct emul *e, unsigned seg, uint64_t offset,
		     unsigned size, unsigned align);

/* The exit's address against the accesses (lib/x86/emulate_hint.c).
 * Each access is announced before it is made, at its linear address,
 * with its VMEXIT_ACC_* kind: a status other than
 * VMEXIT_DONE (a fault raised, the instruction refused) ends the
 * instruction.  emul_hint_require() refuses unless the hinted access has
 * been seen: before port I/O, and when the instruction ends. */
struct emul_walked;
int emul_hint_access(struct emul *e, uint64_t la, unsigned size,
		     unsigned acc, struct emul_walked *w);
int emul_hint_refuse(struct emul *e);
/* The rest inline: most instructions run with no hint (the exit gave
 * none, or it has been seen), and then each is a test. */
static inline void emul_hint_start(struct emul *e,
				   const struct vmexit_emul_hint *h)
{
	e->hint = (h && (h->gpa_valid || h->la_valid)) ? h : NULL;
}

static inline int emul_hint_linear(struct emul *e, uint64_t la,
				   unsigned size, unsigned acc)
{
	return e->hint ? emul_hint_access(e, la, size, acc, NULL) : VMEXIT_DONE;
}

/* The translation the check of the hinted access made, for the access
 * made right after it (emul_mem()): valid when that walk found the
 * accessed and dirty flags the access needs already set, so that the
 * access's own walk would find what it found and change nothing. */
struct emul_walked {
	bool valid;
	size_t first;
	uint64_t gpa[2];
};

static inline int emul_hint_require(struct emul *e)
{
	return e->hint ? emul_hint_refuse(e) : VMEXIT_DONE;
}

/* The data and I/O breakpoints (lib/x86/emulate_debug.c): DR7's enabled
 * ones, read before the instruction runs; then each access that is made
 * is matched against them (emul_mem() and the locked update for memory,
 * the port accesses for I/O). */
int emul_bp_load(struct emul *e);
void emul_bp_data(struct emul *e, uint64_t la, unsigned size, bool write);
void emul_bp_io(struct emul *e, uint16_t port, unsigned size);

/* The emulator's view of a decoded instruction, or false when it takes
 * no such instruction (lib/x86/emulate_decode.c). */
bool emul_from_decoded(const struct vmexit_insn *d, struct emul_insn *i);
/* The emulated form of an instruction, or NULL (lib/x86/emulate.c). */
const struct emul_op *emul_lookup(const struct emul_insn *i);
/* Emulate a decoded instruction (lib/x86/emulate.c), with the context
 * of mem_ctx_init() (registers fetched). */
int emul_run(struct vmexit_vcpu *v, const struct mem_ctx *c,
	     const struct vmexit_insn *insn,
	     const struct vmexit_emul_hint *hint);

/*
 * A family's form table: its rows in (map, opcode) order, and for each
 * key (EMUL_KEY()) the number of rows with a smaller key, which is where
 * the rows of that key begin, so the lookup goes straight to them.
 *
 * A family writes its rows once, as an X-macro list of
 * F(k, map, opcode, reg, prefix, flags, arg, fn), and EMUL_TABLE() makes
 * both from it: EMUL_ROW() the rows, EMUL_BELOW() the count for key k,
 * so that the preprocessor does the counting and the index cannot
 * disagree with the rows.
 */
struct emul_table {
	const struct emul_op *op;
	unsigned nr;
	const uint8_t *first; /* [EMUL_NR_KEYS] */
};

#define EMUL_KEY(map, opcode) ((unsigned)(map) << 8 | (unsigned)(opcode))
#define EMUL_NR_KEYS (4 * 256)

#define EMUL_ROW(k, map, opcode, reg, prefix, flags, arg, fn) \
	{ map, opcode, reg, prefix, flags, arg, fn },
#define EMUL_BELOW(k, map, opcode, ...) +((map) * 256 + (opcode) < (k))
/* The index entries of keys 0xN0 to 0xNf, then 0xN00 to 0xNff: the key
 * is pasted together from hex digits, so the preprocessor writes out
 * each as a number. */
#define EMUL_FIRST(list, k) (uint8_t)(0 list(EMUL_BELOW, k)),
#define EMUL_FIRST16(list, n)                                               \
	EMUL_FIRST(list, n##0) EMUL_FIRST(list, n##1) EMUL_FIRST(list, n##2) \
	EMUL_FIRST(list, n##3) EMUL_FIRST(list, n##4) EMUL_FIRST(list, n##5) \
	EMUL_FIRST(list, n##6) EMUL_FIRST(list, n##7) EMUL_FIRST(list, n##8) \
	EMUL_FIRST(list, n##9) EMUL_FIRST(list, n##a) EMUL_FIRST(list, n##b) \
	EMUL_FIRST(list, n##c) EMUL_FIRST(list, n##d) EMUL_FIRST(list, n##e) \
	EMUL_FIRST(list, n##f)
#define EMUL_FIRST256(list, n)                                              \
	EMUL_FIRST16(list, n##0) EMUL_FIRST16(list, n##1)                    \
	EMUL_FIRST16(list, n##2) EMUL_FIRST16(list, n##3)                    \
	EMUL_FIRST16(list, n##4) EMUL_FIRST16(list, n##5)                    \
	EMUL_FIRST16(list, n##6) EMUL_FIRST16(list, n##7)                    \
	EMUL_FIRST16(list, n##8) EMUL_FIRST16(list, n##9)                    \
	EMUL_FIRST16(list, n##a) EMUL_FIRST16(list, n##b)                    \
	EMUL_FIRST16(list, n##c) EMUL_FIRST16(list, n##d)                    \
	EMUL_FIRST16(list, n##e) EMUL_FIRST16(list, n##f)

#define EMUL_TABLE(name, list)                                              \
	static const struct emul_op name##_op[] = { list(EMUL_ROW, 0) };     \
	static const uint8_t name##_first[EMUL_NR_KEYS] = {                 \
		EMUL_FIRST256(list, 0x0) EMUL_FIRST256(list, 0x1)            \
		EMUL_FIRST256(list, 0x2) EMUL_FIRST256(list, 0x3)            \
	};                                                                   \
	_Static_assert(sizeof(name##_op) / sizeof(name##_op[0]) < 256,       \
		       "a row's number fits the index");                    \
	const struct emul_table name = {                                     \
		name##_op, sizeof(name##_op) / sizeof(name##_op[0]),         \
		name##_first                                                 \
	}

/* Tables and handlers of the instruction families. */
extern const struct emul_table emul_int_table, emul_string_table,
	emul_vector_table;
extern const struct emul_op emul_setcc_op, emul_cmovcc_op;
extern const struct emul_op emul_push_reg_op, emul_pop_reg_op;

/* The instruction faulted (an exception is pending): a fault-class
 * exception is delivered with RF = 1 (SDM Vol. 3, "Instruction-Breakpoint
 * Exception Condition"); traps leave RF as it is. */
void emul_fault_rf(struct vmexit_vcpu *v);

#endif
