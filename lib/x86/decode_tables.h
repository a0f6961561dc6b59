/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The decoder's opcode tables: the layout of one entry, the operand codes
 * and flags the tables use, and the tables themselves (decode_tables.c).
 * Private to lib/x86/decode*.c.
 *
 * An entry is either a leaf (an instruction) or a reference to a small
 * sub-table that is indexed by something only known later: ModRM.reg,
 * ModRM.mod (memory or register form), ModRM.rm, the mandatory prefix,
 * REX.W/VEX.W, the mode, or the operand size.  Leaves name their operands
 * with the operand codes of the opcode maps in SDM Vol. 2, Appendix A
 * ("Opcode Map"), e.g. Ev, Gb, Iz; the immediate sizes, the memory width
 * and the register classes all follow from those codes.
 */
#ifndef VMEXIT_DECODE_TABLES_H
#define VMEXIT_DECODE_TABLES_H

#include <stdint.h>

#include <vmexit/decode.h>

/* Entry kinds. */
enum {
	DT_LEAF = 0,
	DT_REG,  /* 8 entries by ModRM.reg */
	DT_MOD,  /* [0] memory form, [1] register form (mod == 3) */
	DT_RM,   /* 8 entries by ModRM.rm (register forms) */
	DT_PFX,  /* [0] none, [1] 66, [2] F3, [3] F2 */
	DT_W,    /* [0] W0, [1] W1 (REX.W, VEX.W, EVEX.W) */
	DT_M64,  /* [0] 16/32-bit code, [1] 64-bit code */
	DT_OS,   /* [0] 16-bit, [1] 32-bit, [2] 64-bit operand size */
	DT_AS,   /* [0] 16-bit, [1] 32-bit, [2] 64-bit address size */
	DT_PFX0F, /* vmexit_dt_0f_pfx[opcode], columns as DT_PFX */
	DT_VEX,  /* [0] legacy encoding, [1] VEX/EVEX encoding */
};

/* Operand codes (SDM Vol. 2, A.2 "Key to Abbreviations"). */
enum {
	_ = 0,
	/* general registers or memory, register in ModRM.reg, ModRM.rm */
	Eb, Ew, Ed, Eq, Ev, Ey, Rv, Ry, Rm, Rd, Rw,
	Gb, Gw, Gd, Gv, Gy, Gz, Gm,
	/* memory only */
	M, Mb, Mw, Md, Mq, Mt, Mo, Mp, Ma, Ms, My, Mv, Mx, Mfe, Mfs, M512,
	Mxs, M64b, Mcl,
	/* immediates, relative offsets, far pointers, moffs */
	Ib, Iw, Iz, Iv, Ibs, I1, Jb, Jz, Ap, Ob, Ov,
	/* fixed and opcode-embedded registers */
	AL, rAX, eAX, CL, DX, AX, Zb, Zv, Sw, Cm, Dm,
	S_ES, S_CS, S_SS, S_DS, S_FS, S_GS,
	/* string and XLAT memory operands */
	Xb, Xv, Xz, Yb, Yv, Yz, XL,
	/* x87 */
	ST0, STi,
	/* MMX, SSE/AVX, mask and bound registers */
	Pq, Qq, Qd, Nq, Vx, Vo, Vq, Vy, Wx, Wo, Wq, Wd, Ww, Wb, Wh, Ux, Uo, Hx, Ho,
	Lx, By, Kr, Km, Kv, Bnd, Bm,
	/* register and memory of different sizes (the maps' "Rd/Mb" and
	 * the like), one element, part of a vector, KMOV's memory, an
	 * address that is not accessed, the gather mask, a 32-bit imm */
	RvMw, RdMb, RdMw, EmA, We, Wqv, Wev, Wdup, Kmw, Hk, Id,
	OP_CODES
};

/* Access of the leaf's operands: the first operand's access; the rest are
 * read (A_RW2: the first two are read and written, as XCHG and XADD). */
enum { A_R = 1, A_W = 2, A_RW = 3, A_N = 4, A_RW2 = 5, A_NONE = 0 };

/* Leaf flags.  F_STR, F_IO, F_BRANCH, F_STACK and F_EMU are the bits of
 * the VMEXIT_INSN_* flag they set, so that they are copied with one mask
 * (checked in decode.c). */
#define F_MODRM   (1u << 0)
#define F_LOCK    (1u << 1)  /* LOCK allowed with a memory destination */
#define F_I64     (1u << 2)  /* #UD in 64-bit mode */
#define F_STR     (1u << 3)  /* string instruction */
#define F_IO      (1u << 4)  /* port I/O */
#define F_F64     (1u << 5)  /* operand size is 64 in 64-bit mode */
#define F_MEM     (1u << 6)  /* #UD with mod == 3 */
#define F_REG     (1u << 7)  /* #UD with mod != 3 */
#define F_O64     (1u << 8)  /* #UD outside 64-bit mode */
#define F_BRANCH  (1u << 9)
#define F_STACK   (1u << 10) /* implicit stack access */
#define F_EMU     (1u << 11) /* in the emulator's list (issue 4) */
#define F_EVEX    (1u << 12) /* also valid EVEX-encoded */
#define F_VONLY   (1u << 13) /* only valid VEX/EVEX/XOP-encoded */
#define F_NOMOD   (1u << 14) /* mod is ignored: always a register form */
#define F_REPZ    (1u << 15) /* F2/F3 are REPNE/REPE (CMPS, SCAS) */
#define F_D64     (1u << 16) /* operand size defaults to 64 in 64-bit mode */
#define F_BYTE    (1u << 17) /* byte operation */
#define F_SREG    (1u << 18) /* MOV to a segment register */
#define F_VSIB    (1u << 19) /* index is a vector register */
#define F_NOVVVV  (1u << 20) /* VEX.vvvv must be 1111b */
#define F_VEX     (1u << 21) /* also valid VEX-encoded */
#define F_NOREX   (1u << 22) /* (unused) */
#define F_L0      (1u << 23) /* VEX.L must be 0 */
#define F_INV     (1u << 24) /* explicitly invalid */
#define F_XOPIB   (1u << 25) /* (unused) */
#define F_L1      (1u << 26) /* VEX.L must be 1 */
#define F_OSM     (1u << 27) /* operand size 8 in 64-bit mode, else 4,
				whatever 66 and REX.W say */
#define F_IS4W    (1u << 28) /* VEX.W = 1 swaps the r/m operand and the
				imm8[7:4] register (AMD FMA4, VPERMIL2*) */

struct vmexit_dt {
	uint16_t mn;   /* enum vmexit_mnemonic, or a sub-table index */
	uint8_t kind;  /* DT_* */
	uint8_t acc;   /* A_* */
	uint8_t op[4]; /* operand codes */
	uint32_t fl;   /* F_* */
};

/* Sub-table ids: the rows of vmexit_dt_ext. */
enum {
	X_NONE,
	X_0F00, X_0F01, X_0F01M, X_0F01R, X_0F01_0, X_0F01_1, X_0F01_2,
	X_0F01_3, X_0F01_5M, X_0F01_5R, X_0F01_7, X_0F01_E8, X_0F01_E9,
	X_0F01_EA, X_0F0D, X_0F12, X_0F16, X_0F18, X_0F18M, X_0F18R, X_0F1A,
	X_0F1B, X_0F1E_7, X_0F1E_F3, X_0F1E_F3R, X_0F41, X_0F42, X_0F44,
	X_0F45, X_0F46, X_0F47, X_0F4A, X_0F4B, X_0F71, X_0F71_66, X_0F72,
	X_0F72_66, X_0F73, X_0F73_66, X_0F78_66, X_0F90, X_0F91, X_0F92,
	X_0F93, X_0F98, X_0F99, X_0FAE, X_0FAEM, X_0FAER, X_0FAE_M4,
	X_0FAE_M6, X_0FAE_M7, X_0FAE_R0, X_0FAE_R1, X_0FAE_R2, X_0FAE_R3,
	X_0FAE_R4, X_0FAE_R5, X_0FAE_R6, X_0FAE_R7, X_0FBA, X_0FC7, X_0FC7M,
	X_0FC7R, X_0FC7_1, X_0FC7_6, X_0FC7_7R, X_38F3, X_60, X_61, X_63,
	X_90, X_98, X_99, X_C6_7, X_C7_7, X_CF, X_D8, X_D8M, X_D8R, X_D9,
	X_D9M, X_D9R, X_D9_2, X_D9_4, X_D9_5, X_D9_6, X_D9_7, X_DA, X_DAM,
	X_DAR, X_DA_5, X_DB, X_DBM, X_DBR, X_DB_4, X_DC, X_DCM, X_DCR, X_DD,
	X_DDM, X_DDR, X_DE, X_DEM, X_DER, X_DE_3, X_DF, X_DFM, X_DFR, X_DF_4,
	X_E3, X_GRP11_C6, X_GRP11_C7, X_GRP1A, X_GRP1_80, X_GRP1_81,
	X_GRP1_82, X_GRP1_83, X_GRP2_C0, X_GRP2_C1, X_GRP2_D0, X_GRP2_D1,
	X_GRP2_D2, X_GRP2_D3, X_GRP3_F6, X_GRP3_F7, X_GRP4, X_GRP5, X_XABORT,
	X_XBEGIN,
	X_MOVSS_LD, X_MOVSD_LD, X_MOVSS_ST, X_MOVSD_ST, X_0FAE_M0, X_0FAE_M1,
	X_0FAE_M2, X_0FAE_M3, X_0FAE_M5, X_0FC7_6R,
	X_0F6E, X_0F6E_66, X_0F7E, X_0F7E_66, X_0F92_66, X_0F93_66,
	X_EXT_ROWS
};

extern const struct vmexit_dt vmexit_dt_onebyte[256];
extern const struct vmexit_dt vmexit_dt_0f[256];
/* The 0F map's mandatory-prefix columns: an entry of vmexit_dt_0f with
 * kind DT_PFX continues in the row of the same opcode here. */
extern const struct vmexit_dt vmexit_dt_0f_pfx[256][4];
/* 0F38 and 0F3A: every opcode has a mandatory-prefix column. */
extern const struct vmexit_dt vmexit_dt_0f38[256][4];
extern const struct vmexit_dt vmexit_dt_0f3a[256][4];
extern const struct vmexit_dt vmexit_dt_ext[X_EXT_ROWS][8];
/* 3DNow! suffix bytes: mnemonic, or 0 if the suffix is undefined. */
extern const uint16_t vmexit_dt_3dnow[256];
/* XOP maps 8, 9 and 0Ah: mnemonic, or 0 if undefined. */
extern const uint16_t vmexit_dt_xop8[256];
extern const uint16_t vmexit_dt_xop9[256];
extern const uint16_t vmexit_dt_xopa[256];

#endif
