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
	DT_EVEX, /* [0] legacy or VEX encoding, [1] EVEX encoding */
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
	/* string and XLAT memory operands; MASKMOVQ's and MASKMOVDQU's
	 * DS:rDI; the ES:[reg] of MOVDIR64B and ENQCMD(S), an offset in
	 * the register ModRM.reg names */
	Xb, Xv, Xz, Yb, Yv, Yz, XL, XDq, XDo, YR64,
	/* x87 */
	ST0, STi,
	/* MMX, SSE/AVX, mask and bound registers */
	Pq, Qq, Qd, Nq, Vx, Vo, Vh, Wx, Wo, Wq, Wd, Ww, Wb, Wh, Ux, Uo, Hx, Ho,
	Lx, Lo, By, Kr, Km, Kv, Bnd, Bm,
	/* register and memory of different sizes (the maps' "Rd/Mb" and
	 * the like), one element, part of a vector, KMOV's memory, an
	 * address that is not accessed, the gather mask, a 32-bit imm */
	RvMw, RdMb, RdMw, EmA, We, Wqv, Wev, Wdup, Kmw, Hk, Id,
	/* AMX: tile registers in ModRM.reg, ModRM.rm and vvvv, a tile in
	 * memory (SIB addressing, the size set by TILECFG) */
	Tr, Tm, Tv, Msib,
	/* r/m16 or r/m32 by operand size (MOVSXD); r16 or r32 by operand
	 * size, or m16 (LAR, LSL) */
	Ez, RzMw,
	OP_CODES
};

/* Access of the leaf's operands: the first operand's access; the rest are
 * read (A_RW2: the first two are read and written, as XCHG and XADD).
 * DT_ACCESS below folds it with the operand codes into ra/ma. */
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
#define F_SIBMEM  (1u << 20) /* the memory form must have a SIB byte */
#define F_VEX     (1u << 21) /* also valid VEX-encoded */
#define F_L0      (1u << 23) /* VEX.L must be 0 (EVEX: L'L = 00b) */
#define F_INV     (1u << 24) /* explicitly invalid */
#define F_L1      (1u << 26) /* VEX.L must be 1 (EVEX: L'L != 00b) */
#define F_L2      (F_L0 | F_L1) /* EVEX only: L'L = 10b (512 bits only) */
#define F_OSM     (1u << 27) /* operand size 8 in 64-bit mode, else 4,
				whatever 66 and REX.W say */
#define F_IS4W    (1u << 28) /* VEX/XOP.W = 1 swaps the r/m operand and
				the last source: the imm8[7:4] register
				(AMD FMA4, VPERMIL2*, VPPERM, VPCMOV) or
				vvvv (VPROT/VPSHL/VPSHA) */
#define F_BC16    (1u << 29) /* EVEX embedded broadcast of a 16-bit element
				(m16bcst: AVX512-FP16), whatever EVEX.W */
#define F_DSTNE   (1u << 30) /* #UD if the destination is also a source
				register (VFMADDCPH, VFMULCPH, ...) */

/*
 * The VEX/XOP and EVEX prefix fields a leaf takes (struct vmexit_dt.vx),
 * from the opcode column of its page: SDM Vol. 2, 3.1.1.2 (W0/W1/WIG),
 * 2.7 "EVEX" ("#UD Equations for EVEX", the Table "EVEX Embedded
 * Broadcast/Rounding/SAE and Vector Length on Vector Instructions" for
 * EVEX.b, 2.6.4 "Masking Support in EVEX" for aaa and z).  0 in a field
 * is "not restricted", so that a leaf without a rule decodes as before.
 */
enum {
	VX_VW0 = 1, VX_VW1 = 2, VX_VW = 3,       /* VEX/XOP.W must be 0 / 1 */
	VX_EW0 = 4, VX_EW1 = 8, VX_EW = 12,      /* EVEX.W must be 0 / 1 */
	/* EVEX.b: never (no broadcast, no rounding or SAE); only with
	 * memory (embedded broadcast); only on register forms ({er}/{sae}
	 * of a scalar).  0: both, a vector with broadcast and {er}/{sae}. */
	VX_BNONE = 0x10, VX_BMEM = 0x20, VX_BREG = 0x30, VX_B = 0x30,
	/* masking: merging only (z = 0); none at all (aaa = 000, z = 0);
	 * a compare into a mask register (merging only, k0-k7 in
	 * ModRM.reg). */
	VX_MERGE = 0x40, VX_NOMASK = 0x80, VX_KDST = 0xc0, VX_M = 0xc0,
};

/* A vx rule is given in a leaf's flags above bit 31 (F_VW0 ...), so that
 * the table macros that take flags take it too; VX_OF() takes it out. */
#define F_VXR(v) ((uint64_t)(v) << 32)
#define VX_OF(f) ((uint8_t)((uint64_t)(f) >> 32))
#define F_VW0    F_VXR(VX_VW0)
#define F_VW1    F_VXR(VX_VW1)
#define F_EW0    F_VXR(VX_EW0)
#define F_EW1    F_VXR(VX_EW1)
#define F_NOB    F_VXR(VX_BNONE)
#define F_BCST   F_VXR(VX_BMEM)
#define F_BREG   F_VXR(VX_BREG)
#define F_NOMASK F_VXR(VX_NOMASK)
#define F_KDST   F_VXR(VX_KDST)

struct vmexit_dt {
	uint16_t mn;   /* enum vmexit_mnemonic, or a sub-table index */
	uint8_t kind;  /* DT_* */
	uint8_t acc;   /* A_* */
	uint8_t op[4]; /* operand codes */
	uint32_t fl;   /* F_* */
	uint8_t vx;    /* VX_*: prefix-field rules of VEX/XOP/EVEX forms */
	/* The VMEXIT_ACC_* of each operand, 2 bits per op[] slot (slot i
	 * at bit 2i), of the register form (ra) and of a ModRM memory form
	 * (ma): acc and the codes folded at compile time (DT_ACCESS), so
	 * that the decoder looks up no access per operand. */
	uint8_t ra, ma;
	uint8_t osc;   /* OSC_*: the operand-size rule, from fl (DT_OSC) */
};

/* Operand-size rules (decode.c, osize_of[]), taken from a leaf's flags
 * at compile time in this order: F_BYTE, F_OSM, F_F64, F_D64. */
enum { OSC_DEFAULT, OSC_BYTE, OSC_OSM, OSC_F64, OSC_D64, OSC_N };
#define DT_OSC(f) \
	(((f) & F_BYTE) ? OSC_BYTE : ((f) & F_OSM) ? OSC_OSM : \
	 ((f) & F_F64) ? OSC_F64 : ((f) & F_D64) ? OSC_D64 : OSC_DEFAULT)

/*
 * The access of operand slot i with code c of a leaf whose acc is a; mem:
 * its ModRM memory form.  Some codes have their own: a bare M is an
 * address only (LEA, INVLPG ...), EmA's memory form too (the address of
 * a prefetch-like hint, its register form is read); CL, DX, XL and the
 * vvvv sources Hx, Ho and Kv are always read, the gather mask Hk is read
 * and written.  The others take the leaf's: A_W/A_RW the first operand
 * (A_RW2 the first two), the rest read; A_N none.
 */
#define DT_ACC_OF_LEAF(a, i) \
	((a) == A_N ? 0u : \
	 ((a) == A_W && (i) == 0) ? VMEXIT_ACC_W : \
	 (((a) == A_RW && (i) == 0) || ((a) == A_RW2 && (i) < 2)) ? VMEXIT_ACC_RW : \
	 VMEXIT_ACC_R)
#define DT_ACC(c, a, i, mem) \
	(((c) == M || ((mem) && (c) == EmA)) ? 0u : \
	 (c) == Hk ? VMEXIT_ACC_RW : \
	 ((c) == CL || (c) == DX || (c) == XL || (c) == Hx || (c) == Ho || \
	  (c) == Kv) ? VMEXIT_ACC_R : DT_ACC_OF_LEAF(a, i))
#define DT_ACC4(a, mem, c0, c1, c2, c3, ...) \
	(uint8_t)(DT_ACC(c0, a, 0, mem) | DT_ACC(c1, a, 1, mem) << 2 | \
		  DT_ACC(c2, a, 2, mem) << 4 | DT_ACC(c3, a, 3, mem) << 6)
/* The .ra and .ma initializers of a leaf with acc a and operand codes
 * ... (one to four). */
#define DT_ACCESS(a, ...) \
	.ra = DT_ACC4(a, 0, __VA_ARGS__, _, _, _, _), \
	.ma = DT_ACC4(a, 1, __VA_ARGS__, _, _, _, _)
/* The access of slot i from ra or ma. */
#define DT_ACC_AT(x, i) (((unsigned)(x) >> (2 * (i))) & 3u)

/* Sub-table ids: the rows of vmexit_dt_ext. */
enum {
	X_NONE,
	X_0F00, X_0F01, X_0F01M, X_0F01R, X_0F01_0, X_0F01_1, X_0F01_2,
	X_0F01_3, X_0F01_5M, X_0F01_5R, X_0F01_7, X_0F01_E8, X_0F01_E9,
	X_0F01_EA, X_0F0D, X_0F12, X_0F16, X_0F18, X_0F18M, X_0F18R, X_0F1C, X_0F1CM, X_0F1CM0, X_0F1A,
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
	/* AVX-512 (EVEX) rows */
	X_E0F_6F, X_E0F_71_2, X_E0F_71_4, X_E0F_71_6, X_E0F_72_0, X_E0F_72_1,
	X_E0F_72_2, X_E0F_72_4, X_E0F_72_4W, X_E0F_72_6, X_E0F_73_2, X_E0F_73_3,
	X_E0F_73_6, X_E0F_73_7, X_E0F_78, X_E0F_78W, X_E0F_7866, X_E0F_7866W,
	X_E0F_78F2, X_E0F_79, X_E0F_79W, X_E0F_7966, X_E0F_7966W, X_E0F_79F2,
	X_E0F_7A, X_E0F_7A66, X_E0F_7AF3, X_E0F_7AF2, X_E0F_7B, X_E0F_7B66,
	X_E0F_7F, X_E38_10, X_E38_10F3, X_E38_10W, X_E38_11, X_E38_11F3,
	X_E38_12, X_E38_12F3, X_E38_13F3, X_E38_14, X_E38_14F3, X_E38_14W,
	X_E38_15, X_E38_15F3, X_E38_15W, X_E38_16, X_E38_19, X_E38_19W,
	X_E38_1A, X_E38_1AW, X_E38_1B, X_E38_20F3, X_E38_21F3, X_E38_22F3,
	X_E38_23F3, X_E38_24F3, X_E38_25F3, X_E38_26, X_E38_26F3, X_E38_27,
	X_E38_27F3, X_E38_28F3, X_E38_29F3, X_E38_2AF3, X_E38_2C, X_E38_2CW,
	X_E38_2D, X_E38_2DW, X_E38_30F3, X_E38_31F3, X_E38_32F3, X_E38_33F3,
	X_E38_34F3, X_E38_35F3, X_E38_36, X_E38_38F3, X_E38_39F3, X_E38_3AF3,
	X_E38_42, X_E38_43, X_E38_44, X_E38_46, X_E38_4C, X_E38_4D, X_E38_4E,
	X_E38_4F, X_E38_52F3, X_E38_54, X_E38_55, X_E38_59, X_E38_59W,
	X_E38_5A, X_E38_5AW, X_E38_5B, X_E38_62, X_E38_63, X_E38_64,
	X_E38_65, X_E38_66, X_E38_70, X_E38_71, X_E38_72, X_E38_72F2,
	X_E38_72F3, X_E38_73, X_E38_75, X_E38_76, X_E38_77, X_E38_7A,
	X_E38_7B, X_E38_7C, X_E38_7D, X_E38_7E, X_E38_7F, X_E38_83, X_E38_88,
	X_E38_89, X_E38_8A, X_E38_8B, X_E38_8D, X_E38_8F, X_E38_90,
	X_E38_90W, X_E38_91, X_E38_91W, X_E38_92, X_E38_92W, X_E38_93,
	X_E38_93W, X_E38_A0, X_E38_A1, X_E38_A2, X_E38_A3, X_E38_B4,
	X_E38_B5, X_E38_C4, X_AMX49, X_AMX49M, X_AMX49R, X_AMX49R0,
	X_AMX49_66, X_AMX49_F2, X_E38_68F2, X_E38_C6, X_E38_C6W0, X_E38_C6W1,
	X_E38_C7, X_E38_C7W0, X_E38_C7W1, X_E38_C8, X_E38_CA, X_E38_CB, X_E38_CC, X_E38_CD,
	X_E3A_03, X_E3A_08, X_E3A_08W, X_E3A_09, X_E3A_09W, X_E3A_0A,
	X_E3A_0AW, X_E3A_0B, X_E3A_0BW, X_E3A_18, X_E3A_18W, X_E3A_19,
	X_E3A_19W, X_E3A_1A, X_E3A_1B, X_E3A_1E, X_E3A_1F, X_E3A_23,
	X_E3A_25, X_E3A_26, X_E3A_27, X_E3A_38, X_E3A_38W, X_E3A_39,
	X_E3A_39W, X_E3A_3A, X_E3A_3B, X_E3A_3E, X_E3A_3F, X_E3A_42,
	X_E3A_42W, X_E3A_43, X_E3A_50, X_E3A_51, X_E3A_54, X_E3A_55,
	X_E3A_56, X_E3A_57, X_E3A_66, X_E3A_67, X_E3A_70, X_E3A_71, X_E3A_72,
	X_E3A_73,
	X_38_39, X_38_39W, X_38_3B, X_38_3BW, X_38_3D, X_38_3DW, X_38_3F,
	X_38_3FW, X_38_40, X_38_40W, X_0FE2_66, X_0FE2_66W, X_0FE6_F3,
	X_0FE6_F3W, X_0F5B, X_0F5BW, X_3A_16, X_3A_22,
	X_0F6F_66, X_0F6F_66W, X_0F6F_F3, X_0F6F_F3W, X_0F7F_66, X_0F7F_66W,
	X_0F7F_F3, X_0F7F_F3W,
	X_0F6E, X_0F6E_66, X_0F7E, X_0F7E_66, X_0F92_66, X_0F93_66,
	/* AVX512-FP16 (EVEX maps 5 and 6) rows */
	X_E5_10, X_E5_11, X_E5_5B, X_E5_7A, X_E5_2A, X_E5_2C, X_E5_2D,
	X_E5_78, X_E5_79, X_E5_7B,
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
/* EVEX maps 5 and 6 (AVX512-FP16), mandatory-prefix columns as 0F38. */
extern const struct vmexit_dt vmexit_dt_map5[256][4];
extern const struct vmexit_dt vmexit_dt_map6[256][4];
extern const struct vmexit_dt vmexit_dt_ext[X_EXT_ROWS][8];
/* 3DNow! suffix bytes: mnemonic, or 0 if the suffix is undefined. */
extern const uint16_t vmexit_dt_3dnow[256];
/* XOP maps 8, 9 and 0Ah: mnemonic, or 0 if undefined. */
extern const uint16_t vmexit_dt_xop8[256];
extern const uint16_t vmexit_dt_xop9[256];
extern const uint16_t vmexit_dt_xopa[256];

#endif
