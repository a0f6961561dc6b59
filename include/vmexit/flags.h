/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Integer arithmetic and logic with the exact RFLAGS status flags (CF, PF,
 * AF, ZF, SF, OF), computed portably: the emulator's ALU.  The host CPU is
 * never used; tests/test_flags_host.c checks this code against it.
 *
 * Where the manual leaves a flag undefined the result follows what
 * hardware does.  Intel and AMD differ there (see lib/x86/flags.c for each
 * case); the default is Intel, and VMEXIT_ALU_AMD in the op selects what
 * AMD processors do, so an emulator can match the vendor its guest sees.
 */
#ifndef VMEXIT_FLAGS_H
#define VMEXIT_FLAGS_H

#include <stdbool.h>
#include <stdint.h>

#include <vmexit/vmexit.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Operations of vmexit_alu().  "dst" and "src" are the instruction's
 * destination and source; for shifts and rotates src is the raw count
 * (1, CL or imm8; the function masks it as the CPU does); for BT* src is
 * the bit offset, taken modulo the operand width (a memory-form BT that
 * addresses beyond the operand is the caller's business: it picks the
 * operand, then passes the offset).
 *
 * Instructions that need no operation of their own:
 *   XADD       dst' = ADD(dst, src); src' = old dst (flags are ADD's).
 *   CMPXCHG    flags = CMP(accumulator, dst); ZF says whether to store.
 *   SAL        is SHL.
 */
enum vmexit_alu_op {
	VMEXIT_ALU_ADD,
	VMEXIT_ALU_ADC,
	VMEXIT_ALU_SUB,
	VMEXIT_ALU_SBB,
	VMEXIT_ALU_AND,
	VMEXIT_ALU_OR,
	VMEXIT_ALU_XOR,
	VMEXIT_ALU_CMP,  /* flags of SUB; *dst unchanged */
	VMEXIT_ALU_TEST, /* flags of AND; *dst unchanged */
	VMEXIT_ALU_INC,  /* src ignored */
	VMEXIT_ALU_DEC,  /* src ignored */
	VMEXIT_ALU_NEG,  /* src ignored */
	VMEXIT_ALU_NOT,  /* src ignored; no flags */
	VMEXIT_ALU_SHL,
	VMEXIT_ALU_SHR,
	VMEXIT_ALU_SAR,
	VMEXIT_ALU_ROL,
	VMEXIT_ALU_ROR,
	VMEXIT_ALU_RCL,
	VMEXIT_ALU_RCR,
	VMEXIT_ALU_BT,   /* *dst unchanged */
	VMEXIT_ALU_BTS,
	VMEXIT_ALU_BTR,
	VMEXIT_ALU_BTC,
	VMEXIT_ALU_BSF,    /* *dst = index of src's lowest 1 (unchanged if
			    * src is 0) */
	VMEXIT_ALU_BSR,    /* ... highest 1 */
	VMEXIT_ALU_POPCNT, /* *dst = number of 1 bits of src */
	VMEXIT_ALU_TZCNT,  /* *dst = trailing zeros of src (width if 0) */
	VMEXIT_ALU_LZCNT,  /* *dst = leading zeros of src (width if 0) */
	VMEXIT_ALU_NR_OPS,
};

/* OR into the op: undefined flags as AMD processors leave them. */
#define VMEXIT_ALU_AMD 0x100u

/*
 * *dst = op(*dst, src) for an operand of size bytes (1, 2, 4 or 8), and
 * the status flags in *rflags updated as the instruction does; no other
 * bit of *rflags changes.  Bits of *dst and src above the operand size
 * are ignored; *dst comes back zero-extended from the operand size (merging
 * into a wider register is the caller's job).  Returns VMEXIT_DONE, or
 * VMEXIT_ERR_CALLER for an unknown op, a bad size or a NULL pointer (then
 * nothing is written).
 */
VMEXIT_API int vmexit_alu(unsigned op, unsigned size, uint64_t *dst,
			  uint64_t src, uint64_t *rflags);

/* The double-precision shifts SHLD/SHRD: dst shifted by count with the
 * bits coming in from src.  Same contract as vmexit_alu(). */
enum vmexit_shd_op {
	VMEXIT_SHD_SHLD,
	VMEXIT_SHD_SHRD,
};
VMEXIT_API int vmexit_alu_shd(unsigned op, unsigned size, uint64_t *dst,
			      uint64_t src, uint8_t count, uint64_t *rflags);

/*
 * Condition codes of Jcc, SETcc and CMOVcc: the low nibble of the opcode
 * (0x70-0x7f, 0x0f 0x80-0x8f, 0x0f 0x90-0x9f, 0x0f 0x40-0x4f).  Only the
 * low 4 bits of cc are used, so any value is valid.
 */
/* Multiplication and division of the accumulator (lib/x86/muldiv.c).
 * *lo and *hi are the two halves the instruction works on, each of size
 * bytes: AL and AH for byte operands, AX and DX, EAX and EDX, RAX and
 * RDX (composing AX from AL and AH, and merging into wider registers, is
 * the caller's job).  src is the r/m operand. */
enum vmexit_muldiv_op {
	VMEXIT_MD_MUL,        /* hi:lo = lo * src, unsigned */
	VMEXIT_MD_IMUL,       /* hi:lo = lo * src, signed */
	VMEXIT_MD_IMUL_TRUNC, /* lo = lo * src signed, truncated to size: the
			       * two- and three-operand IMUL; hi unused (may
			       * be NULL) */
	VMEXIT_MD_DIV,        /* lo = hi:lo / src, hi = the remainder */
	VMEXIT_MD_IDIV,       /* the same, signed; the remainder has the
			       * dividend's sign */
};

/* op (VMEXIT_ALU_AMD may be ORed in), with CF and OF as the manual gives
 * them for the multiplications (set when the product does not fit in the
 * low half); the flags it leaves undefined as lib/x86/muldiv.c says.
 * Returns VMEXIT_DONE; VMEXIT_EXCEPTION for #DE (a zero divisor or a
 * quotient that does not fit), with nothing written; VMEXIT_ERR_CALLER
 * for an unknown op, a bad size or a NULL pointer. */
VMEXIT_API int vmexit_alu_muldiv(unsigned op, unsigned size, uint64_t *lo,
				 uint64_t *hi, uint64_t src, uint64_t *rflags);

enum vmexit_cc {
	VMEXIT_CC_O, VMEXIT_CC_NO, VMEXIT_CC_B, VMEXIT_CC_AE,
	VMEXIT_CC_E, VMEXIT_CC_NE, VMEXIT_CC_BE, VMEXIT_CC_A,
	VMEXIT_CC_S, VMEXIT_CC_NS, VMEXIT_CC_P, VMEXIT_CC_NP,
	VMEXIT_CC_L, VMEXIT_CC_GE, VMEXIT_CC_LE, VMEXIT_CC_G,
};
VMEXIT_API bool vmexit_cond(unsigned cc, uint64_t rflags);

#ifdef __cplusplus
}
#endif
#endif
