/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The decoder's templates: what the general path decodes for one opcode
 * under one prefix state, stored as the instruction it gives with the
 * parts that depend on the bytes left open (register numbers from ModRM
 * and REX, the ModRM memory operand, the immediate, the prefixes that do
 * not select the form).  decode.c's template path fills them in; the
 * tables (decode_tmpl.c) are generated from the general path by
 * tests/test_decode_tmpl.c, which keeps only the templates that give the
 * general path's result on every variant it tries, and checks that the
 * committed file is what it generates (make decode-tmpl writes it).
 * The generator links the library, but not its tables' contents: after a
 * change to the structures below that the old file does not compile
 * with, give it empty tables (one zero template, two zero slots, a zero
 * index) and run make decode-tmpl.  Private to lib/x86/decode*.c and that
 * test.
 *
 * The key of a template: the mode; the map (the one-byte map, the 0F map,
 * or the VEX-encoded 0F map); the opcode byte; whether ModRM.mod is 3;
 * and, where the opcode's entry in the index says so, the prefix state
 * and ModRM.reg.  The legacy prefix state is the last of F3/F2
 * (none, F3, F2), 66 and, in 64-bit mode, REX.W: (rep * 2 + p66) * 2 + w
 * (12 states; 6 outside 64-bit mode, without w).  The VEX state is
 * pp | L << 2 | W << 3 (16 states).
 */
#ifndef VMEXIT_DECODE_TMPL_H
#define VMEXIT_DECODE_TMPL_H

#include <stddef.h>
#include <stdint.h>

#include <vmexit/decode.h>

/* Where operand i of a template gets what the template leaves open. */
enum {
	TS_FIXED,  /* nothing: a fixed register (AL, CL, DX ...) */
	TS_REG,    /* register ModRM.reg with REX.R (VEX.R) */
	TS_REG3,   /* register ModRM.reg, bits 2:0 only */
	TS_RM,     /* register ModRM.rm with REX.B (VEX.B) */
	TS_RM3,    /* register ModRM.rm, bits 2:0 only */
	TS_OPC,    /* register in the opcode's bits 2:0, with REX.B */
	TS_MEM,    /* the ModRM memory operand, mem[0] */
	TS_IMM,    /* the immediate (or relative offset) */
	TS_STRD,   /* string destination ES:rDI, mem[op.mem] */
	TS_STRS,   /* string source seg:rSI (DS unless overridden) */
	TS_N
};

/* Template flags. */
#define TF_SX   (1u << 0) /* the immediate is sign-extended */
#define TF_LOCK (1u << 1) /* LOCK allowed (VMEXIT_INSN_LOCK added) */
#define TF_MEM  (1u << 2) /* an operand is TS_MEM */
#define TF_BYTE (1u << 3) /* a byte register from ModRM or the opcode */
#define TF_STR  (1u << 4) /* an operand is TS_STRD or TS_STRS */

struct vmexit_dtmpl {
	uint32_t flags;    /* VMEXIT_INSN_*, less SIB, RIPREL and LOCK */
	uint16_t mnemonic;
	uint8_t osize, mandatory, noperands, nmem;
	uint8_t imm_size, tf, src[2];
	/* Where op[i]'s register number is in decode.c's word of the
	 * numbers ModRM and the opcode give (ModRM.reg, ModRM.rm and the
	 * opcode's, each with REX, at bits 0, 8 and 16): a shift, and the
	 * mask of the bits taken (15, 7 for three bits, 0 for none). */
	uint8_t rsh[2];
	/* The operands; TS_REG/RM/OPC: rclass GPR for byte registers too
	 * (reg_op() makes AH-BH of 4-7 without REX), reg 0; TS_MEM: mem
	 * 0; TS_STRD/STRS: mem as given. */
	struct vmexit_operand op[2];
	uint8_t rmask[2];
	/* TS_MEM: the access and width of mem[0], as TMPL_MEM0(access,
	 * width index in TMPL_WIDTHS) */
	uint8_t mem0;
	uint8_t pad;       /* (32 bytes: an index is a shift) */
};

_Static_assert(sizeof(struct vmexit_dtmpl) == 32, "a template is 32 bytes");

/* The widths a template's memory operand can have (a template for any
 * other width is not made), and the number of access and width. */
#define TMPL_WIDTHS(X) X(0) X(1) X(2) X(4) X(6) X(8) X(10) X(14) X(16) X(28) \
	X(32) X(64) X(94) X(108) X(512)
#define TMPL_COUNT(w) +1
#define TMPL_NWIDTHS (0 TMPL_WIDTHS(TMPL_COUNT))
#define TMPL_MEM0(access, wi) ((access) * TMPL_NWIDTHS + (wi))

/* An index entry: the first slot of the opcode in vmexit_dtmpl_slot[]
 * (bits 31:12), the stride of ModRM.reg (bits 11:6: 0 where it does not
 * select) and of the prefix state (bits 5:0: 0 where it does not). */
#define TIX(first, reg_stride, state_stride) \
	((uint32_t)(first) << 12 | (uint32_t)(reg_stride) << 6 | (uint32_t)(state_stride))
#define TIX_FIRST(ix) ((ix) >> 12)
#define TIX_REG_STRIDE(ix) (((ix) >> 6) & 63u)
#define TIX_STATE_STRIDE(ix) ((ix) & 63u)

/* Maps of the index. */
enum { TM_ONEBYTE, TM_0F, TM_VEX0F, TM_N };

/* States per map kind and mode. */
#define TSTATES_LEGACY(m64) ((m64) ? 12u : 6u)
#define TSTATES_VEX 16u

/* The slot of a key: first + reg * reg stride + state * state stride
 * + (mod == 3); for an opcode without ModRM both values of the last
 * part name the same template. */
extern const uint32_t vmexit_dtmpl_index[3][TM_N][256]; /* [mode 16/32/64] */
extern const uint16_t vmexit_dtmpl_slot[];  /* template numbers, 0: none */
extern const struct vmexit_dtmpl vmexit_dtmpl[]; /* [0] is unused */
extern const size_t vmexit_dtmpl_nslots, vmexit_dtmpl_count;

/* The key the template path computed for bytes (for the generator). */
struct vmexit_dtkey {
	uint8_t map, opcode, state, mod3, reg;
};

/*
 * For tests/test_decode_tmpl.c: decode bytes on the template path alone,
 * with template t instead of the table's if t is not NULL.  Returns
 * VMEXIT_DONE, or VMEXIT_DECODE_FAST_NO if the path declines (*out is
 * then unspecified); *key gets the key whenever one was computed
 * (key->map is TM_N if not).  Hidden, as everything not VMEXIT_API.
 */
int vmexit_decode_tmpl(const uint8_t *bytes, size_t len, unsigned mode,
		       struct vmexit_insn *out, const struct vmexit_dtmpl *t,
		       struct vmexit_dtkey *key);

#endif
