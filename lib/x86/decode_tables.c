/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The opcode maps as data: the one-byte map, the two-byte 0F map with its
 * mandatory-prefix columns, 0F38, 0F3A, the 3DNow! suffix map, the XOP
 * maps, and the small sub-tables for ModRM.reg groups, x87 and the like.
 * Source: SDM Vol. 2, Appendix A ("Opcode Map"), with the AMD-only rows
 * from APM Vol. 3, Appendix A ("Opcode and Operand Encodings") and APM
 * Vol. 4/5 for XOP and 3DNow!.
 *
 * Entries that are left out are zero: mnemonic VMEXIT_M_INVALID, #UD.
 */
#include "decode_tables.h"

/* A regular run (CC16, EIGHT) is written first and its exceptions after
 * it, so later designated initializers override earlier ones on purpose. */
#if defined(__clang__)
#pragma clang diagnostic ignored "-Winitializer-overrides"
#elif defined(__GNUC__)
#pragma GCC diagnostic ignored "-Woverride-init"
#endif

#define MN(m) VMEXIT_M_##m
/* A leaf: mnemonic, flags, access of the first operand, operand codes. */
#define L(m, f, a, ...) \
	{ .mn = MN(m), .kind = DT_LEAF, .acc = (a), .op = { __VA_ARGS__ }, \
	  .fl = (uint32_t)(f), .vx = VX_OF(f), DT_ACCESS(a, __VA_ARGS__), \
	  .osc = DT_OSC(f) }
/* A reference to a sub-table row. */
#define S(k, row) { .mn = (row), .kind = (k) }
#define PFX { .kind = DT_PFX0F }

#define MR F_MODRM
#define LK (F_MODRM | F_LOCK)
#define BY F_BYTE
#define VX (F_VEX | F_EVEX)
#define V1 F_VEX
#define VO (F_VEX | F_VONLY)
#define EO (F_EVEX | F_VONLY)
#define VEO (F_VEX | F_EVEX | F_VONLY)
#define MM (F_MODRM | F_MEM)
#define RR (F_MODRM | F_REG)
#define BR (F_BRANCH | F_F64)
#define EM F_EMU
/* AVX-512 (EVEX-only) leaves, and sub-tables by EVEX.W or by EVEX
 * against the legacy/VEX encoding. */
#define EL(m, f, a, ...) L(m, MR | EO | (f), a, __VA_ARGS__)
#define EW(row) S(DT_W, row)
#define EX(row) S(DT_EVEX, row)
/* EVEX element classes (decode_tables.h, vx): 32-bit elements (EVEX.W0,
 * m32bcst), 64-bit (W1, m64bcst), W choosing between them (VPANDD and
 * VPANDQ), and byte/word elements or whole vectors (WIG, no broadcast). */
#define EVD (F_EW0 | F_BCST)
#define EVQ (F_EW1 | F_BCST)
#define EVDQ F_BCST
#define EVB F_NOB
/* Scalars: EVEX.b only as {er}/{sae} on the register form. */
#define EVS0 (F_EW0 | F_BREG)
#define EVS1 (F_EW1 | F_BREG)
/* AVX512-FP16 (SDM Vol. 2, the instruction pages of VADDPH ... VSQRTSH;
 * "Intel AVX512-FP16 Architecture Specification"): every form is EVEX.W0
 * unless its opcode column says W1.  A packed form is xmm/ymm/zmm with
 * m16bcst and {er}/{sae} on the register form (FPH); a scalar one reads
 * m16 with {er}/{sae} on the register form, L'L ignored (FSH). */
#define FPH(m, f, a, ...) EL(m, F_EW0 | F_BC16 | (f), a, __VA_ARGS__)
#define FSH(m, f, a, ...) EL(m, F_EW0 | F_BREG | (f), a, __VA_ARGS__)

/* The eight ALU operations of 00-3F share one shape. */
#define ALU(base, m, lk, a) \
	[base + 0] = L(m, lk | BY | EM, a, Eb, Gb), \
	[base + 1] = L(m, lk | EM, a, Ev, Gv), \
	[base + 2] = L(m, MR | BY | EM, a, Gb, Eb), \
	[base + 3] = L(m, MR | EM, a, Gv, Ev), \
	[base + 4] = L(m, BY | EM, a, AL, Ib), \
	[base + 5] = L(m, EM, a, rAX, Iz)

/* Sixteen condition codes, in encoding order. */
#define CC16(base, pre, f, a, ...) \
	[base + 0x0] = L(pre##O, f, a, __VA_ARGS__), \
	[base + 0x1] = L(pre##NO, f, a, __VA_ARGS__), \
	[base + 0x2] = L(pre##B, f, a, __VA_ARGS__), \
	[base + 0x3] = L(pre##AE, f, a, __VA_ARGS__), \
	[base + 0x4] = L(pre##E, f, a, __VA_ARGS__), \
	[base + 0x5] = L(pre##NE, f, a, __VA_ARGS__), \
	[base + 0x6] = L(pre##BE, f, a, __VA_ARGS__), \
	[base + 0x7] = L(pre##A, f, a, __VA_ARGS__), \
	[base + 0x8] = L(pre##S, f, a, __VA_ARGS__), \
	[base + 0x9] = L(pre##NS, f, a, __VA_ARGS__), \
	[base + 0xa] = L(pre##P, f, a, __VA_ARGS__), \
	[base + 0xb] = L(pre##NP, f, a, __VA_ARGS__), \
	[base + 0xc] = L(pre##L, f, a, __VA_ARGS__), \
	[base + 0xd] = L(pre##GE, f, a, __VA_ARGS__), \
	[base + 0xe] = L(pre##LE, f, a, __VA_ARGS__), \
	[base + 0xf] = L(pre##G, f, a, __VA_ARGS__)

#define EIGHT(x) x, x, x, x, x, x, x, x
/* AMX: VEX only, VEX.128.W0, 64-bit mode only. */
#define AMX(m, f, a, ...) L(m, MR | VO | F_VW0 | F_L0 | F_O64 | (f), a, __VA_ARGS__)

const struct vmexit_dt vmexit_dt_onebyte[256] = {
	ALU(0x00, ADD, LK, A_RW),
	[0x06] = L(PUSH, F_I64 | F_STACK, A_R, S_ES),
	[0x07] = L(POP, F_I64 | F_STACK, A_W, S_ES),
	ALU(0x08, OR, LK, A_RW),
	[0x0e] = L(PUSH, F_I64 | F_STACK, A_R, S_CS),
	ALU(0x10, ADC, LK, A_RW),
	[0x16] = L(PUSH, F_I64 | F_STACK, A_R, S_SS),
	[0x17] = L(POP, F_I64 | F_STACK, A_W, S_SS),
	ALU(0x18, SBB, LK, A_RW),
	[0x1e] = L(PUSH, F_I64 | F_STACK, A_R, S_DS),
	[0x1f] = L(POP, F_I64 | F_STACK, A_W, S_DS),
	ALU(0x20, AND, LK, A_RW),
	[0x27] = L(DAA, F_I64, A_RW, AL),
	ALU(0x28, SUB, LK, A_RW),
	[0x2f] = L(DAS, F_I64, A_RW, AL),
	ALU(0x30, XOR, LK, A_RW),
	[0x37] = L(AAA, F_I64, A_RW, AL),
	ALU(0x38, CMP, MR, A_R),
	[0x3f] = L(AAS, F_I64, A_RW, AL),
	[0x40] = EIGHT(L(INC, F_I64, A_RW, Zv)),
	[0x48] = EIGHT(L(DEC, F_I64, A_RW, Zv)),
	[0x50] = EIGHT(L(PUSH, F_D64 | F_STACK | EM, A_R, Zv)),
	[0x58] = EIGHT(L(POP, F_D64 | F_STACK | EM, A_W, Zv)),
	[0x60] = S(DT_OS, X_60),
	[0x61] = S(DT_OS, X_61),
	[0x62] = L(BOUND, MM | F_I64, A_R, Gv, Ma),
	[0x63] = S(DT_M64, X_63),
	[0x68] = L(PUSH, F_D64 | F_STACK | EM, A_R, Iz),
	[0x69] = L(IMUL, MR | EM, A_W, Gv, Ev, Iz),
	[0x6a] = L(PUSH, F_D64 | F_STACK | EM, A_R, Ibs),
	[0x6b] = L(IMUL, MR | EM, A_W, Gv, Ev, Ibs),
	[0x6c] = L(INS, F_STR | F_IO | BY | EM, A_W, Yb, DX),
	[0x6d] = L(INS, F_STR | F_IO | EM, A_W, Yz, DX),
	[0x6e] = L(OUTS, F_STR | F_IO | BY | EM, A_R, DX, Xb),
	[0x6f] = L(OUTS, F_STR | F_IO | EM, A_R, DX, Xz),
	CC16(0x70, J, BR, A_R, Jb),
	[0x80] = S(DT_REG, X_GRP1_80),
	[0x81] = S(DT_REG, X_GRP1_81),
	[0x82] = S(DT_REG, X_GRP1_82),
	[0x83] = S(DT_REG, X_GRP1_83),
	[0x84] = L(TEST, MR | BY | EM, A_R, Eb, Gb),
	[0x85] = L(TEST, MR | EM, A_R, Ev, Gv),
	[0x86] = L(XCHG, LK | BY | EM, A_RW2, Eb, Gb),
	[0x87] = L(XCHG, LK | EM, A_RW2, Ev, Gv),
	[0x88] = L(MOV, MR | BY | EM, A_W, Eb, Gb),
	[0x89] = L(MOV, MR | EM, A_W, Ev, Gv),
	[0x8a] = L(MOV, MR | BY | EM, A_W, Gb, Eb),
	[0x8b] = L(MOV, MR | EM, A_W, Gv, Ev),
	[0x8c] = L(MOV, MR, A_W, RvMw, Sw), /* MOV r/m16, Sreg: m16 */
	[0x8d] = L(LEA, MM, A_W, Gv, M),
	[0x8e] = L(MOV, MR | F_SREG, A_W, Sw, Ew),
	[0x8f] = S(DT_REG, X_GRP1A),
	[0x90] = S(DT_PFX, X_90),
	[0x91] = L(XCHG, EM, A_RW2, Zv, rAX),
	[0x92] = L(XCHG, EM, A_RW2, Zv, rAX),
	[0x93] = L(XCHG, EM, A_RW2, Zv, rAX),
	[0x94] = L(XCHG, EM, A_RW2, Zv, rAX),
	[0x95] = L(XCHG, EM, A_RW2, Zv, rAX),
	[0x96] = L(XCHG, EM, A_RW2, Zv, rAX),
	[0x97] = L(XCHG, EM, A_RW2, Zv, rAX),
	[0x98] = S(DT_OS, X_98),
	[0x99] = S(DT_OS, X_99),
	[0x9a] = L(CALLF, F_I64 | F_BRANCH | F_STACK, A_R, Ap),
	[0x9b] = L(FWAIT, 0, A_NONE, _),
	[0x9c] = L(PUSHF, F_D64 | F_STACK, A_NONE, _),
	[0x9d] = L(POPF, F_D64 | F_STACK, A_NONE, _),
	[0x9e] = L(SAHF, 0, A_NONE, _),
	[0x9f] = L(LAHF, 0, A_NONE, _),
	[0xa0] = L(MOV, BY | EM, A_W, AL, Ob),
	[0xa1] = L(MOV, EM, A_W, rAX, Ov),
	[0xa2] = L(MOV, BY | EM, A_W, Ob, AL),
	[0xa3] = L(MOV, EM, A_W, Ov, rAX),
	[0xa4] = L(MOVS, F_STR | BY | EM, A_W, Yb, Xb),
	[0xa5] = L(MOVS, F_STR | EM, A_W, Yv, Xv),
	[0xa6] = L(CMPS, F_STR | F_REPZ | BY | EM, A_R, Xb, Yb),
	[0xa7] = L(CMPS, F_STR | F_REPZ | EM, A_R, Xv, Yv),
	[0xa8] = L(TEST, BY | EM, A_R, AL, Ib),
	[0xa9] = L(TEST, EM, A_R, rAX, Iz),
	[0xaa] = L(STOS, F_STR | BY | EM, A_W, Yb, AL),
	[0xab] = L(STOS, F_STR | EM, A_W, Yv, rAX),
	[0xac] = L(LODS, F_STR | BY | EM, A_W, AL, Xb),
	[0xad] = L(LODS, F_STR | EM, A_W, rAX, Xv),
	[0xae] = L(SCAS, F_STR | F_REPZ | BY | EM, A_R, AL, Yb),
	[0xaf] = L(SCAS, F_STR | F_REPZ | EM, A_R, rAX, Yv),
	[0xb0] = EIGHT(L(MOV, BY | EM, A_W, Zb, Ib)),
	[0xb8] = EIGHT(L(MOV, EM, A_W, Zv, Iv)),
	[0xc0] = S(DT_REG, X_GRP2_C0),
	[0xc1] = S(DT_REG, X_GRP2_C1),
	[0xc2] = L(RET, BR | F_STACK, A_R, Iw),
	[0xc3] = L(RET, BR | F_STACK, A_NONE, _),
	[0xc4] = L(LES, MM | F_I64, A_W, Gz, Mp),
	[0xc5] = L(LDS, MM | F_I64, A_W, Gz, Mp),
	[0xc6] = S(DT_REG, X_GRP11_C6),
	[0xc7] = S(DT_REG, X_GRP11_C7),
	[0xc8] = L(ENTER, F_D64 | F_STACK | EM, A_R, Iw, Ib),
	[0xc9] = L(LEAVE, F_D64 | F_STACK | EM, A_NONE, _),
	[0xca] = L(RETF, F_BRANCH | F_STACK, A_R, Iw),
	[0xcb] = L(RETF, F_BRANCH | F_STACK, A_NONE, _),
	[0xcc] = L(INT3, 0, A_NONE, _),
	[0xcd] = L(INT, 0, A_R, Ib),
	[0xce] = L(INTO, F_I64, A_NONE, _),
	[0xcf] = S(DT_OS, X_CF),
	[0xd0] = S(DT_REG, X_GRP2_D0),
	[0xd1] = S(DT_REG, X_GRP2_D1),
	[0xd2] = S(DT_REG, X_GRP2_D2),
	[0xd3] = S(DT_REG, X_GRP2_D3),
	[0xd4] = L(AAM, F_I64, A_RW, Ib),
	[0xd5] = L(AAD, F_I64, A_RW, Ib),
	[0xd6] = L(SALC, F_I64, A_W, AL),
	[0xd7] = L(XLAT, BY | EM, A_W, AL, XL),
	[0xd8] = S(DT_MOD, X_D8),
	[0xd9] = S(DT_MOD, X_D9),
	[0xda] = S(DT_MOD, X_DA),
	[0xdb] = S(DT_MOD, X_DB),
	[0xdc] = S(DT_MOD, X_DC),
	[0xdd] = S(DT_MOD, X_DD),
	[0xde] = S(DT_MOD, X_DE),
	[0xdf] = S(DT_MOD, X_DF),
	[0xe0] = L(LOOPNE, BR, A_R, Jb),
	[0xe1] = L(LOOPE, BR, A_R, Jb),
	[0xe2] = L(LOOP, BR, A_R, Jb),
	[0xe3] = S(DT_AS, X_E3),
	[0xe4] = L(IN, F_IO | BY | EM, A_W, AL, Ib),
	[0xe5] = L(IN, F_IO | EM, A_W, eAX, Ib),
	[0xe6] = L(OUT, F_IO | BY | EM, A_R, Ib, AL),
	[0xe7] = L(OUT, F_IO | EM, A_R, Ib, eAX),
	[0xe8] = L(CALL, BR | F_STACK, A_R, Jz),
	[0xe9] = L(JMP, BR, A_R, Jz),
	[0xea] = L(JMPF, F_I64 | F_BRANCH, A_R, Ap),
	[0xeb] = L(JMP, BR, A_R, Jb),
	[0xec] = L(IN, F_IO | BY | EM, A_W, AL, DX),
	[0xed] = L(IN, F_IO | EM, A_W, eAX, DX),
	[0xee] = L(OUT, F_IO | BY | EM, A_R, DX, AL),
	[0xef] = L(OUT, F_IO | EM, A_R, DX, eAX),
	[0xf1] = L(INT1, 0, A_NONE, _),
	[0xf4] = L(HLT, 0, A_NONE, _),
	[0xf5] = L(CMC, 0, A_NONE, _),
	[0xf6] = S(DT_REG, X_GRP3_F6),
	[0xf7] = S(DT_REG, X_GRP3_F7),
	[0xf8] = L(CLC, 0, A_NONE, _),
	[0xf9] = L(STC, 0, A_NONE, _),
	[0xfa] = L(CLI, 0, A_NONE, _),
	[0xfb] = L(STI, 0, A_NONE, _),
	[0xfc] = L(CLD, 0, A_NONE, _),
	[0xfd] = L(STD, 0, A_NONE, _),
	[0xfe] = S(DT_REG, X_GRP4),
	[0xff] = S(DT_REG, X_GRP5),
};

/* The 0F map; DT_PFX entries continue in vmexit_dt_0f_pfx. */
const struct vmexit_dt vmexit_dt_0f[256] = {
	[0x00] = S(DT_REG, X_0F00),
	[0x01] = S(DT_MOD, X_0F01),
	/* LAR/LSL r16, r16/m16 and reg, r32/m16 (SDM Vol. 2, "LAR", "LSL") */
	[0x02] = L(LAR, MR, A_W, Gv, RzMw),
	[0x03] = L(LSL, MR, A_W, Gv, RzMw),
	[0x05] = L(SYSCALL, 0, A_NONE, _),
	[0x06] = L(CLTS, 0, A_NONE, _),
	[0x07] = L(SYSRET, 0, A_NONE, _),
	[0x08] = L(INVD, 0, A_NONE, _),
	[0x09] = PFX,
	[0x0b] = L(UD2, 0, A_NONE, _),
	[0x0d] = S(DT_REG, X_0F0D),
	[0x0e] = L(FEMMS, 0, A_NONE, _),
	[0x10] = PFX, [0x11] = PFX, [0x12] = PFX, [0x13] = PFX,
	[0x14] = PFX, [0x15] = PFX, [0x16] = PFX, [0x17] = PFX,
	[0x18] = S(DT_MOD, X_0F18),
	[0x19] = L(NOP, MR, A_N, Ev),
	[0x1a] = PFX, [0x1b] = PFX,
	[0x1c] = S(DT_MOD, X_0F1C),
	[0x1d] = L(NOP, MR, A_N, Ev),
	[0x1e] = PFX,
	[0x1f] = L(NOP, MR, A_N, Ev),
	[0x20] = L(MOV, MR | F_NOMOD | F_OSM, A_W, Rm, Cm),
	[0x21] = L(MOV, MR | F_NOMOD | F_OSM, A_W, Rm, Dm),
	[0x22] = L(MOV, MR | F_NOMOD | F_OSM, A_W, Cm, Rm),
	[0x23] = L(MOV, MR | F_NOMOD | F_OSM, A_W, Dm, Rm),
	[0x28] = PFX, [0x29] = PFX, [0x2a] = PFX, [0x2b] = PFX,
	[0x2c] = PFX, [0x2d] = PFX, [0x2e] = PFX, [0x2f] = PFX,
	[0x30] = L(WRMSR, 0, A_NONE, _),
	[0x31] = L(RDTSC, 0, A_NONE, _),
	[0x32] = L(RDMSR, 0, A_NONE, _),
	[0x33] = L(RDPMC, 0, A_NONE, _),
	[0x34] = L(SYSENTER, 0, A_NONE, _),
	[0x35] = L(SYSEXIT, 0, A_NONE, _),
	[0x37] = L(GETSEC, 0, A_NONE, _),
	CC16(0x40, CMOV, MR | EM, A_W, Gv, Ev),
	/* VEX-encoded 41-4B and 90-99 are the AVX-512 mask instructions. */
	[0x41] = S(DT_VEX, X_0F41), [0x42] = S(DT_VEX, X_0F42),
	[0x44] = S(DT_VEX, X_0F44), [0x45] = S(DT_VEX, X_0F45),
	[0x46] = S(DT_VEX, X_0F46), [0x47] = S(DT_VEX, X_0F47),
	[0x4a] = S(DT_VEX, X_0F4A), [0x4b] = S(DT_VEX, X_0F4B),
	[0x50] = PFX, [0x51] = PFX, [0x52] = PFX, [0x53] = PFX,
	[0x54] = PFX, [0x55] = PFX, [0x56] = PFX, [0x57] = PFX,
	[0x58] = PFX, [0x59] = PFX, [0x5a] = PFX, [0x5b] = PFX,
	[0x5c] = PFX, [0x5d] = PFX, [0x5e] = PFX, [0x5f] = PFX,
	[0x60] = PFX, [0x61] = PFX, [0x62] = PFX, [0x63] = PFX,
	[0x64] = PFX, [0x65] = PFX, [0x66] = PFX, [0x67] = PFX,
	[0x68] = PFX, [0x69] = PFX, [0x6a] = PFX, [0x6b] = PFX,
	[0x6c] = PFX, [0x6d] = PFX, [0x6e] = PFX, [0x6f] = PFX,
	[0x70] = PFX, [0x71] = PFX, [0x72] = PFX, [0x73] = PFX,
	[0x74] = PFX, [0x75] = PFX, [0x76] = PFX, [0x77] = PFX,
	[0x78] = PFX, [0x79] = PFX, [0x7c] = PFX, [0x7d] = PFX,
	[0x7a] = S(DT_PFX, X_E0F_7A), [0x7b] = S(DT_PFX, X_E0F_7B), /* EVEX only */
	[0x7e] = PFX, [0x7f] = PFX,
	CC16(0x80, J, BR, A_R, Jz),
	CC16(0x90, SET, MR | BY | EM, A_W, Eb),
	[0x90] = S(DT_VEX, X_0F90), [0x91] = S(DT_VEX, X_0F91),
	[0x92] = S(DT_VEX, X_0F92), [0x93] = S(DT_VEX, X_0F93),
	[0x98] = S(DT_VEX, X_0F98), [0x99] = S(DT_VEX, X_0F99),
	[0xa0] = L(PUSH, F_D64 | F_STACK, A_R, S_FS),
	[0xa1] = L(POP, F_D64 | F_STACK, A_W, S_FS),
	[0xa2] = L(CPUID, 0, A_NONE, _),
	[0xa3] = L(BT, MR | EM, A_R, Ev, Gv),
	[0xa4] = L(SHLD, MR | EM, A_RW, Ev, Gv, Ib),
	[0xa5] = L(SHLD, MR | EM, A_RW, Ev, Gv, CL),
	[0xa8] = L(PUSH, F_D64 | F_STACK, A_R, S_GS),
	[0xa9] = L(POP, F_D64 | F_STACK, A_W, S_GS),
	[0xaa] = L(RSM, 0, A_NONE, _),
	[0xab] = L(BTS, LK | EM, A_RW, Ev, Gv),
	[0xac] = L(SHRD, MR | EM, A_RW, Ev, Gv, Ib),
	[0xad] = L(SHRD, MR | EM, A_RW, Ev, Gv, CL),
	[0xae] = S(DT_MOD, X_0FAE),
	[0xaf] = L(IMUL, MR | EM, A_RW, Gv, Ev),
	[0xb0] = L(CMPXCHG, LK | BY | EM, A_RW, Eb, Gb),
	[0xb1] = L(CMPXCHG, LK | EM, A_RW, Ev, Gv),
	[0xb2] = L(LSS, MM, A_W, Gv, Mp),
	[0xb3] = L(BTR, LK | EM, A_RW, Ev, Gv),
	[0xb4] = L(LFS, MM, A_W, Gv, Mp),
	[0xb5] = L(LGS, MM, A_W, Gv, Mp),
	[0xb6] = L(MOVZX, MR | EM, A_W, Gv, Eb),
	[0xb7] = L(MOVZX, MR | EM, A_W, Gv, Ew),
	[0xb8] = PFX,
	/* UD1 r32, r/m32 and UD0 r32, r/m32 (SDM Vol. 2, "UD"): no 16-bit
	 * form. */
	[0xb9] = L(UD1, MR, A_N, Gd, Ed),
	[0xba] = S(DT_REG, X_0FBA),
	[0xbb] = L(BTC, LK | EM, A_RW, Ev, Gv),
	[0xbc] = PFX, [0xbd] = PFX,
	[0xbe] = L(MOVSX, MR | EM, A_W, Gv, Eb),
	[0xbf] = L(MOVSX, MR | EM, A_W, Gv, Ew),
	[0xc0] = L(XADD, LK | BY | EM, A_RW2, Eb, Gb),
	[0xc1] = L(XADD, LK | EM, A_RW2, Ev, Gv),
	[0xc2] = PFX, [0xc3] = PFX, [0xc4] = PFX, [0xc5] = PFX,
	[0xc6] = PFX,
	[0xc7] = S(DT_MOD, X_0FC7),
	[0xc8] = EIGHT(L(BSWAP, 0, A_RW, Zv)),
	[0xd0] = PFX, [0xd1] = PFX, [0xd2] = PFX, [0xd3] = PFX,
	[0xd4] = PFX, [0xd5] = PFX, [0xd6] = PFX, [0xd7] = PFX,
	[0xd8] = PFX, [0xd9] = PFX, [0xda] = PFX, [0xdb] = PFX,
	[0xdc] = PFX, [0xdd] = PFX, [0xde] = PFX, [0xdf] = PFX,
	[0xe0] = PFX, [0xe1] = PFX, [0xe2] = PFX, [0xe3] = PFX,
	[0xe4] = PFX, [0xe5] = PFX, [0xe6] = PFX, [0xe7] = PFX,
	[0xe8] = PFX, [0xe9] = PFX, [0xea] = PFX, [0xeb] = PFX,
	[0xec] = PFX, [0xed] = PFX, [0xee] = PFX, [0xef] = PFX,
	[0xf0] = PFX, [0xf1] = PFX, [0xf2] = PFX, [0xf3] = PFX,
	[0xf4] = PFX, [0xf5] = PFX, [0xf6] = PFX, [0xf7] = PFX,
	[0xf8] = PFX, [0xf9] = PFX, [0xfa] = PFX, [0xfb] = PFX,
	[0xfc] = PFX, [0xfd] = PFX, [0xfe] = PFX,
	[0xff] = L(UD0, MR, A_N, Gd, Ed),
};

/* Packed single / packed double / scalar single / scalar double. */
#define PSD(ps, pd, ss, sd, f, a) { \
	L(ps, MR | VX | F_EW0 | (f), a, Vx, Hx, Wx), \
	L(pd, MR | VX | F_EW1 | (f), a, Vx, Hx, Wx), \
	L(ss, MR | VX | EVS0 | (f), a, Vo, Ho, Wd), \
	L(sd, MR | VX | EVS1 | (f), a, Vo, Ho, Wq) }
/* An MMX instruction (no prefix) and its SSE2 form (66). */
#define MX(m, f) { L(m, MR | (f), A_W, Pq, Qq), L(m, MR | VX | (f), A_W, Vx, Hx, Wx) }
/* PUNPCKLBW/WD/DQ: the MMX form reads mm/m32 (SDM Vol. 2,
 * "PUNPCKLBW/PUNPCKLWD/PUNPCKLDQ/PUNPCKLQDQ"). */
#define MXL(m, f) { L(m, MR, A_W, Pq, Qd), L(m, MR | VX | (f), A_W, Vx, Hx, Wx) }
/* Shifts by a count in a register or memory: the vector forms read the
 * count from xmm/m128 whatever the vector size (SDM Vol. 2, "PSLLW/
 * PSLLD/PSLLQ", "PSRAW/PSRAD/PSRAQ", "PSRLW/PSRLD/PSRLQ"). */
#define MXS(m, f) { L(m, MR, A_W, Pq, Qq), L(m, MR | VX | (f), A_W, Vx, Hx, Wo) }
/* MOVD, and MOVQ with a 64-bit operand (REX.W or VEX/EVEX.W1 in 64-bit
 * mode: the DT_OS columns), SDM Vol. 2, "MOVD/MOVQ". */
#define MOVDQ(f, ...) { L(MOVD, MR | (f), A_W, __VA_ARGS__), \
			L(MOVD, MR | (f), A_W, __VA_ARGS__), \
			L(MOVQ, MR | (f), A_W, __VA_ARGS__) }
/* SSE2-only (66). */
#define X66(m, f) { [1] = L(m, MR | VX | (f), A_W, Vx, Hx, Wx) }

const struct vmexit_dt vmexit_dt_0f_pfx[256][4] = {
	[0x09] = { L(WBINVD, 0, A_NONE, _), L(WBINVD, 0, A_NONE, _),
		   L(WBNOINVD, 0, A_NONE, _), L(WBINVD, 0, A_NONE, _) },
	[0x10] = { L(MOVUPS, MR | VX | EM | F_EW0 | EVB, A_W, Vx, Wx),
		   L(MOVUPD, MR | VX | EM | F_EW1 | EVB, A_W, Vx, Wx),
		   S(DT_MOD, X_MOVSS_LD), S(DT_MOD, X_MOVSD_LD) },
	[0x11] = { L(MOVUPS, MR | VX | EM | F_EW0 | EVB, A_W, Wx, Vx),
		   L(MOVUPD, MR | VX | EM | F_EW1 | EVB, A_W, Wx, Vx),
		   S(DT_MOD, X_MOVSS_ST), S(DT_MOD, X_MOVSD_ST) },
	[0x12] = { S(DT_MOD, X_0F12), L(MOVLPD, MM | VX | EM | F_L0 | F_EW1 | EVB | F_NOMASK, A_W, Vo, Ho, Mq),
		   L(MOVSLDUP, MR | VX | EM | F_EW0 | EVB, A_W, Vx, Wx),
		   L(MOVDDUP, MR | VX | EM | F_EW1 | EVB, A_W, Vx, Wdup) },
	[0x13] = { L(MOVLPS, MM | VX | EM | F_L0 | F_EW0 | EVB | F_NOMASK, A_W, Mq, Vo),
		   L(MOVLPD, MM | VX | EM | F_L0 | F_EW1 | EVB | F_NOMASK, A_W, Mq, Vo) },
	[0x14] = { L(UNPCKLPS, MR | VX | EVD, A_W, Vx, Hx, Wx),
		   L(UNPCKLPD, MR | VX | EVQ, A_W, Vx, Hx, Wx) },
	[0x15] = { L(UNPCKHPS, MR | VX | EVD, A_W, Vx, Hx, Wx),
		   L(UNPCKHPD, MR | VX | EVQ, A_W, Vx, Hx, Wx) },
	[0x16] = { S(DT_MOD, X_0F16), L(MOVHPD, MM | VX | EM | F_L0 | F_EW1 | EVB | F_NOMASK, A_W, Vo, Ho, Mq),
		   L(MOVSHDUP, MR | VX | EM | F_EW0 | EVB, A_W, Vx, Wx) },
	[0x17] = { L(MOVHPS, MM | VX | EM | F_L0 | F_EW0 | EVB | F_NOMASK, A_W, Mq, Vo),
		   L(MOVHPD, MM | VX | EM | F_L0 | F_EW1 | EVB | F_NOMASK, A_W, Mq, Vo) },
	[0x1a] = { S(DT_MOD, X_0F1A), L(BNDMOV, MR, A_W, Bnd, Bm),
		   L(BNDCL, MR, A_R, Bnd, EmA), L(BNDCU, MR, A_R, Bnd, EmA) },
	[0x1b] = { S(DT_MOD, X_0F1B), L(BNDMOV, MR, A_W, Bm, Bnd),
		   L(BNDMK, MM, A_W, Bnd, M), L(BNDCN, MR, A_R, Bnd, EmA) },
	[0x1e] = { L(NOP, MR, A_N, Ev), L(NOP, MR, A_N, Ev),
		   S(DT_MOD, X_0F1E_F3), L(NOP, MR, A_N, Ev) },
	[0x28] = { L(MOVAPS, MR | VX | EM | F_EW0 | EVB, A_W, Vx, Wx),
		   L(MOVAPD, MR | VX | EM | F_EW1 | EVB, A_W, Vx, Wx) },
	[0x29] = { L(MOVAPS, MR | VX | EM | F_EW0 | EVB, A_W, Wx, Vx),
		   L(MOVAPD, MR | VX | EM | F_EW1 | EVB, A_W, Wx, Vx) },
	[0x2a] = { L(CVTPI2PS, MR, A_W, Vo, Qq), L(CVTPI2PD, MR, A_W, Vo, Qq),
		   L(CVTSI2SS, MR | VX | F_BREG | F_NOMASK, A_W, Vo, Ho, Ey),
		   L(CVTSI2SD, MR | VX | F_BREG | F_NOMASK, A_W, Vo, Ho, Ey) },
	[0x2b] = { L(MOVNTPS, MM | VX | EM | F_EW0 | EVB | F_NOMASK, A_W, Mx, Vx),
		   L(MOVNTPD, MM | VX | EM | F_EW1 | EVB | F_NOMASK, A_W, Mx, Vx),
		   L(MOVNTSS, MM, A_W, Md, Vo), L(MOVNTSD, MM, A_W, Mq, Vo) },
	[0x2c] = { L(CVTTPS2PI, MR, A_W, Pq, Wq), L(CVTTPD2PI, MR, A_W, Pq, Wo),
		   L(CVTTSS2SI, MR | VX | F_BREG | F_NOMASK, A_W, Gy, Wd),
		   L(CVTTSD2SI, MR | VX | F_BREG | F_NOMASK, A_W, Gy, Wq) },
	[0x2d] = { L(CVTPS2PI, MR, A_W, Pq, Wq), L(CVTPD2PI, MR, A_W, Pq, Wo),
		   L(CVTSS2SI, MR | VX | F_BREG | F_NOMASK, A_W, Gy, Wd),
		   L(CVTSD2SI, MR | VX | F_BREG | F_NOMASK, A_W, Gy, Wq) },
	[0x2e] = { L(UCOMISS, MR | VX | EVS0 | F_NOMASK, A_R, Vo, Wd),
		   L(UCOMISD, MR | VX | EVS1 | F_NOMASK, A_R, Vo, Wq) },
	[0x2f] = { L(COMISS, MR | VX | EVS0 | F_NOMASK, A_R, Vo, Wd),
		   L(COMISD, MR | VX | EVS1 | F_NOMASK, A_R, Vo, Wq) },
	/* VEX-encoded mask-register instructions (AVX-512, VEX.L1 0F 41-4B
	 * and L0 0F 90-93, 98, 99): only the VEX forms exist. */
	[0x41] = { L(KAND, RR | VO | F_L1, A_W, Kr, Kv, Km), L(KAND, RR | VO | F_L1, A_W, Kr, Kv, Km) },
	[0x42] = { L(KANDN, RR | VO | F_L1, A_W, Kr, Kv, Km), L(KANDN, RR | VO | F_L1, A_W, Kr, Kv, Km) },
	[0x44] = { L(KNOT, RR | VO | F_L0, A_W, Kr, Km), L(KNOT, RR | VO | F_L0, A_W, Kr, Km) },
	[0x45] = { L(KOR, RR | VO | F_L1, A_W, Kr, Kv, Km), L(KOR, RR | VO | F_L1, A_W, Kr, Kv, Km) },
	[0x46] = { L(KXNOR, RR | VO | F_L1, A_W, Kr, Kv, Km), L(KXNOR, RR | VO | F_L1, A_W, Kr, Kv, Km) },
	[0x47] = { L(KXOR, RR | VO | F_L1, A_W, Kr, Kv, Km), L(KXOR, RR | VO | F_L1, A_W, Kr, Kv, Km) },
	[0x4a] = { L(KADD, RR | VO | F_L1, A_W, Kr, Kv, Km), L(KADD, RR | VO | F_L1, A_W, Kr, Kv, Km) },
	/* KUNPCKWD/DQ (W0/W1) and KUNPCKBW (66, W0 only). */
	[0x4b] = { L(KUNPCK, RR | VO | F_L1, A_W, Kr, Kv, Km), L(KUNPCK, RR | VO | F_L1 | F_VW0, A_W, Kr, Kv, Km) },
	[0x50] = { L(MOVMSKPS, RR | V1, A_W, Gd, Ux),
		   L(MOVMSKPD, RR | V1, A_W, Gd, Ux) },
	[0x51] = { L(SQRTPS, MR | VX | F_EW0, A_W, Vx, Wx), L(SQRTPD, MR | VX | F_EW1, A_W, Vx, Wx),
		   L(SQRTSS, MR | VX | EVS0, A_W, Vo, Ho, Wd),
		   L(SQRTSD, MR | VX | EVS1, A_W, Vo, Ho, Wq) },
	[0x52] = { L(RSQRTPS, MR | V1, A_W, Vx, Wx), [2] = L(RSQRTSS, MR | V1, A_W, Vo, Ho, Wd) },
	[0x53] = { L(RCPPS, MR | V1, A_W, Vx, Wx), [2] = L(RCPSS, MR | V1, A_W, Vo, Ho, Wd) },
	[0x54] = { L(ANDPS, MR | VX | EVD, A_W, Vx, Hx, Wx), L(ANDPD, MR | VX | EVQ, A_W, Vx, Hx, Wx) },
	[0x55] = { L(ANDNPS, MR | VX | EVD, A_W, Vx, Hx, Wx), L(ANDNPD, MR | VX | EVQ, A_W, Vx, Hx, Wx) },
	[0x56] = { L(ORPS, MR | VX | EVD, A_W, Vx, Hx, Wx), L(ORPD, MR | VX | EVQ, A_W, Vx, Hx, Wx) },
	[0x57] = { L(XORPS, MR | VX | EVD, A_W, Vx, Hx, Wx), L(XORPD, MR | VX | EVQ, A_W, Vx, Hx, Wx) },
	[0x58] = PSD(ADDPS, ADDPD, ADDSS, ADDSD, 0, A_W),
	[0x59] = PSD(MULPS, MULPD, MULSS, MULSD, 0, A_W),
	[0x5a] = { L(CVTPS2PD, MR | VX | F_EW0, A_W, Vx, Wh), L(CVTPD2PS, MR | VX | F_EW1, A_W, Vh, Wx),
		   L(CVTSS2SD, MR | VX | EVS0, A_W, Vo, Ho, Wd),
		   L(CVTSD2SS, MR | VX | EVS1, A_W, Vo, Ho, Wq) },
	[0x5b] = { EX(X_0F5B), L(CVTPS2DQ, MR | VX | F_EW0, A_W, Vx, Wx),
		   L(CVTTPS2DQ, MR | VX | F_EW0, A_W, Vx, Wx) },
	[0x5c] = PSD(SUBPS, SUBPD, SUBSS, SUBSD, 0, A_W),
	[0x5d] = PSD(MINPS, MINPD, MINSS, MINSD, 0, A_W),
	[0x5e] = PSD(DIVPS, DIVPD, DIVSS, DIVSD, 0, A_W),
	[0x5f] = PSD(MAXPS, MAXPD, MAXSS, MAXSD, 0, A_W),
	[0x60] = MXL(PUNPCKLBW, EVB), [0x61] = MXL(PUNPCKLWD, EVB),
	[0x62] = MXL(PUNPCKLDQ, EVD), [0x63] = MX(PACKSSWB, EVB),
	[0x64] = MX(PCMPGTB, EVB | F_KDST), [0x65] = MX(PCMPGTW, EVB | F_KDST),
	[0x66] = MX(PCMPGTD, EVD | F_KDST), [0x67] = MX(PACKUSWB, EVB),
	[0x68] = MX(PUNPCKHBW, EVB), [0x69] = MX(PUNPCKHWD, EVB),
	[0x6a] = MX(PUNPCKHDQ, EVD), [0x6b] = MX(PACKSSDW, EVD),
	[0x6c] = X66(PUNPCKLQDQ, EVQ), [0x6d] = X66(PUNPCKHQDQ, EVQ),
	[0x6e] = { S(DT_OS, X_0F6E), S(DT_OS, X_0F6E_66) },
	[0x6f] = { L(MOVQ, MR | EM, A_W, Pq, Qq), EX(X_0F6F_66), EX(X_0F6F_F3) },
	[0x70] = { L(PSHUFW, MR, A_W, Pq, Qq, Ib), L(PSHUFD, MR | VX | EVD, A_W, Vx, Wx, Ib),
		   L(PSHUFHW, MR | VX | EVB, A_W, Vx, Wx, Ib),
		   L(PSHUFLW, MR | VX | EVB, A_W, Vx, Wx, Ib) },
	[0x71] = { S(DT_REG, X_0F71), S(DT_REG, X_0F71_66) },
	[0x72] = { S(DT_REG, X_0F72), S(DT_REG, X_0F72_66) },
	[0x73] = { S(DT_REG, X_0F73), S(DT_REG, X_0F73_66) },
	[0x74] = MX(PCMPEQB, EVB | F_KDST), [0x75] = MX(PCMPEQW, EVB | F_KDST), [0x76] = MX(PCMPEQD, EVD | F_KDST),
	[0x77] = { L(EMMS, V1, A_NONE, _) },
	[0x78] = { EX(X_E0F_78), EX(X_E0F_7866), EL(VCVTTSS2USI, F_BREG | F_NOMASK, A_W, Gy, Wd),
		   EX(X_E0F_78F2) },
	[0x79] = { EX(X_E0F_79), EX(X_E0F_7966), EL(VCVTSS2USI, F_BREG | F_NOMASK, A_W, Gy, Wd),
		   EX(X_E0F_79F2) },
	[0x7c] = { [1] = L(HADDPD, MR | V1, A_W, Vx, Hx, Wx),
		   [3] = L(HADDPS, MR | V1, A_W, Vx, Hx, Wx) },
	[0x7d] = { [1] = L(HSUBPD, MR | V1, A_W, Vx, Hx, Wx),
		   [3] = L(HSUBPS, MR | V1, A_W, Vx, Hx, Wx) },
	[0x7e] = { S(DT_OS, X_0F7E), S(DT_OS, X_0F7E_66),
		   L(MOVQ, MR | VX | F_L0 | EM | F_EW1 | EVB | F_NOMASK, A_W, Vo, Wq) },
	[0x7f] = { L(MOVQ, MR | EM, A_W, Qq, Pq), EX(X_0F7F_66), EX(X_0F7F_F3) },
	[0x90] = { L(KMOV, MR | VO | F_L0, A_W, Kr, Kmw), L(KMOV, MR | VO | F_L0, A_W, Kr, Kmw) },
	[0x91] = { L(KMOV, MM | VO | F_L0, A_W, Kmw, Kr), L(KMOV, MM | VO | F_L0, A_W, Kmw, Kr) },
	[0x92] = { L(KMOV, RR | VO | F_L0, A_W, Kr, Ry), S(DT_W, X_0F92_66),
		   [3] = L(KMOV, RR | VO | F_L0, A_W, Kr, Ry) },
	[0x93] = { L(KMOV, RR | VO | F_L0, A_W, Gy, Km), S(DT_W, X_0F93_66),
		   [3] = L(KMOV, RR | VO | F_L0, A_W, Gy, Km) },
	[0x98] = { L(KORTEST, RR | VO | F_L0, A_R, Kr, Km), L(KORTEST, RR | VO | F_L0, A_R, Kr, Km) },
	[0x99] = { L(KTEST, RR | VO | F_L0, A_R, Kr, Km), L(KTEST, RR | VO | F_L0, A_R, Kr, Km) },
	[0xb8] = { L(JMPE, F_INV, A_NONE, _), L(JMPE, F_INV, A_NONE, _),
		   L(POPCNT, MR | EM, A_W, Gv, Ev) },
	[0xbc] = { L(BSF, MR | EM, A_W, Gv, Ev), L(BSF, MR | EM, A_W, Gv, Ev),
		   L(TZCNT, MR | EM, A_W, Gv, Ev), L(BSF, MR | EM, A_W, Gv, Ev) },
	[0xbd] = { L(BSR, MR | EM, A_W, Gv, Ev), L(BSR, MR | EM, A_W, Gv, Ev),
		   L(LZCNT, MR | EM, A_W, Gv, Ev), L(BSR, MR | EM, A_W, Gv, Ev) },
	[0xc2] = { L(CMPPS, MR | VX | F_EW0 | F_KDST, A_W, Vx, Hx, Wx, Ib),
		   L(CMPPD, MR | VX | F_EW1 | F_KDST, A_W, Vx, Hx, Wx, Ib),
		   L(CMPSS, MR | VX | EVS0 | F_KDST, A_W, Vo, Ho, Wd, Ib),
		   L(CMPSD, MR | VX | EVS1 | F_KDST, A_W, Vo, Ho, Wq, Ib) },
	[0xc3] = { L(MOVNTI, MM | EM, A_W, My, Gy) },
	/* PINSRW mm, r32/m16, imm8 (SDM Vol. 2, "PINSRW") */
	[0xc4] = { L(PINSRW, MR, A_W, Pq, RdMw, Ib), L(PINSRW, MR | VX | EM | F_L0 | EVB | F_NOMASK, A_W, Vo, Ho, RdMw, Ib) },
	[0xc5] = { L(PEXTRW, RR, A_W, Gd, Nq, Ib), L(PEXTRW, RR | VX | F_L0 | EVB | F_NOMASK, A_W, Gd, Uo, Ib) },
	[0xc6] = { L(SHUFPS, MR | VX | EVD, A_W, Vx, Hx, Wx, Ib),
		   L(SHUFPD, MR | VX | EVQ, A_W, Vx, Hx, Wx, Ib) },
	[0xd0] = { [1] = L(ADDSUBPD, MR | V1, A_W, Vx, Hx, Wx),
		   [3] = L(ADDSUBPS, MR | V1, A_W, Vx, Hx, Wx) },
	[0xd1] = MXS(PSRLW, EVB), [0xd2] = MXS(PSRLD, F_EW0 | EVB), [0xd3] = MXS(PSRLQ, F_EW1 | EVB),
	[0xd4] = MX(PADDQ, EVQ), [0xd5] = MX(PMULLW, EVB),
	[0xd6] = { [1] = L(MOVQ, MR | VX | F_L0 | EM | F_EW1 | EVB | F_NOMASK, A_W, Wq, Vo),
		   [2] = L(MOVQ2DQ, RR, A_W, Vo, Nq),
		   [3] = L(MOVDQ2Q, RR, A_W, Pq, Uo) },
	[0xd7] = { L(PMOVMSKB, RR, A_W, Gd, Nq), L(PMOVMSKB, RR | V1, A_W, Gd, Ux) },
	[0xd8] = MX(PSUBUSB, EVB), [0xd9] = MX(PSUBUSW, EVB), [0xda] = MX(PMINUB, EVB),
	[0xdb] = MX(PAND, EVDQ), [0xdc] = MX(PADDUSB, EVB), [0xdd] = MX(PADDUSW, EVB),
	[0xde] = MX(PMAXUB, EVB), [0xdf] = MX(PANDN, EVDQ),
	[0xe0] = MX(PAVGB, EVB), [0xe1] = MXS(PSRAW, EVB), [0xe2] = { L(PSRAD, MR, A_W, Pq, Qq), EX(X_0FE2_66) },
	[0xe3] = MX(PAVGW, EVB), [0xe4] = MX(PMULHUW, EVB), [0xe5] = MX(PMULHW, EVB),
	[0xe6] = { [1] = L(CVTTPD2DQ, MR | VX | F_EW1, A_W, Vh, Wx),
		   [2] = EX(X_0FE6_F3),
		   [3] = L(CVTPD2DQ, MR | VX | F_EW1, A_W, Vh, Wx) },
	[0xe7] = { L(MOVNTQ, MM, A_W, Mq, Pq), L(MOVNTDQ, MM | VX | EM | F_EW0 | EVB | F_NOMASK, A_W, Mx, Vx) },
	[0xe8] = MX(PSUBSB, EVB), [0xe9] = MX(PSUBSW, EVB), [0xea] = MX(PMINSW, EVB),
	[0xeb] = MX(POR, EVDQ), [0xec] = MX(PADDSB, EVB), [0xed] = MX(PADDSW, EVB),
	[0xee] = MX(PMAXSW, EVB), [0xef] = MX(PXOR, EVDQ),
	[0xf0] = { [3] = L(LDDQU, MM | V1, A_W, Vx, Mx) },
	[0xf1] = MXS(PSLLW, EVB), [0xf2] = MXS(PSLLD, F_EW0 | EVB), [0xf3] = MXS(PSLLQ, F_EW1 | EVB),
	[0xf4] = MX(PMULUDQ, EVQ), [0xf5] = MX(PMADDWD, EVB), [0xf6] = MX(PSADBW, EVB | F_NOMASK),
	/* "MASKMOVQ", "MASKMOVDQU": the selected bytes of the first
	 * register to DS:rDI (the segment can be overridden); no register
	 * is written. */
	[0xf7] = { L(MASKMOVQ, RR | EM, A_W, XDq, Pq, Nq),
		   L(MASKMOVDQU, RR | V1 | F_L0 | EM, A_W, XDo, Vo, Uo) },
	[0xf8] = MX(PSUBB, EVB), [0xf9] = MX(PSUBW, EVB), [0xfa] = MX(PSUBD, EVD),
	[0xfb] = MX(PSUBQ, EVQ), [0xfc] = MX(PADDB, EVB), [0xfd] = MX(PADDW, EVB),
	[0xfe] = MX(PADDD, EVD),
	/* AVX-512BW: EVEX.F2.0F 6F/7F (the ext rows X_E0F_*). */
	[0x6f][3] = EW(X_E0F_6F), [0x7f][3] = EW(X_E0F_7F),
};

/* SSSE3/SSE4 0F38 forms: MMX (none) and SSE (66), or 66 only. */
#define S38(m, f) { L(m, MR | (f), A_W, Pq, Qq), L(m, MR | VX | (f), A_W, Vx, Hx, Wx) }
/* The same without an EVEX form (PHADD*, PHSUB*, PSIGN*: VEX only). */
#define S38V(m, f) { L(m, MR | (f), A_W, Pq, Qq), L(m, MR | V1 | (f), A_W, Vx, Hx, Wx) }
#define S66(m, f) { [1] = L(m, MR | (f), A_W, Vx, Hx, Wx) }
#define V66(m, f) { [1] = L(m, MR | VO | (f), A_W, Vx, Hx, Wx) }
#define V2(m, f) { [1] = L(m, MR | VO | (f), A_W, Vx, Wx) }
/* PMOVSX/PMOVZX read half (BW, WD, DQ), a quarter (BD, WQ) or an
 * eighth (BQ) of the destination's size (SDM Vol. 2, "PMOVSX", "PMOVZX"). */
#define PMOVX(m, f) { [1] = L(m, MR | VX | (f), A_W, Vx, Wh) }
#define PMOVX4(m, f) { [1] = L(m, MR | VX | (f), A_W, Vx, Wqv) }
#define PMOVX8(m, f) { [1] = L(m, MR | VX | (f), A_W, Vx, Wev) }
/* SSSE3 forms without vvvv: MMX (none) and SSE (66). */
#define S38U(m, f) { L(m, MR | (f), A_W, Pq, Qq), L(m, MR | VX | (f), A_W, Vx, Wx) }
/* Broadcasts of one element, m8 to m64 (SDM Vol. 2, "VBROADCAST",
 * "VPBROADCAST"). */
#define VB(m, w, f) { [1] = L(m, MR | VO | (f), A_W, Vx, w) }
/* Scalar FMA: xmm registers, m32 with W0 (SS) and m64 with W1 (SD) (SDM
 * Vol. 2, "VFMADD132SD/VFMADD213SD/VFMADD231SD" and the like). */
#define VFS(m, f) { [1] = L(m, MR | VO | (f), A_W, Vo, Ho, We) }

const struct vmexit_dt vmexit_dt_0f38[256][4] = {
	[0x00] = S38(PSHUFB, EVB), [0x01] = S38V(PHADDW, 0), [0x02] = S38V(PHADDD, 0),
	[0x03] = S38V(PHADDSW, 0), [0x04] = S38(PMADDUBSW, EVB),
	[0x05] = S38V(PHSUBW, 0), [0x06] = S38V(PHSUBD, 0),
	[0x07] = S38V(PHSUBSW, 0), [0x08] = S38V(PSIGNB, 0),
	[0x09] = S38V(PSIGNW, 0), [0x0a] = S38V(PSIGND, 0),
	[0x0b] = S38(PMULHRSW, EVB),
	[0x0c] = V66(VPERMILPS, F_EVEX | F_VW0 | EVD), [0x0d] = V66(VPERMILPD, F_EVEX | F_VW0 | EVQ),
	[0x0e] = V2(VTESTPS, F_VW0), [0x0f] = V2(VTESTPD, F_VW0),
	[0x10] = { [1] = S(DT_VEX, X_E38_10) },
	/* VCVTPH2PS reads half a vector: xmm2/m64, xmm2/m128, ymm2/m256. */
	[0x13] = { [1] = L(VCVTPH2PS, MR | VO | F_EVEX | F_VW0 | F_EW0 | F_BREG, A_W, Vx, Wh) },
	[0x14] = { [1] = S(DT_VEX, X_E38_14) },
	[0x15] = { [1] = S(DT_VEX, X_E38_15) },
	[0x16] = { [1] = EW(X_E38_16) },
	[0x17] = { [1] = L(PTEST, MR | V1, A_R, Vx, Wx) },
	[0x18] = VB(VBROADCASTSS, Wd, F_EVEX | F_VW0 | F_EW0 | EVB | EM), [0x19] = { [1] = EX(X_E38_19) },
	[0x1a] = { [1] = EX(X_E38_1A) },
	[0x1c] = S38U(PABSB, EVB), [0x1d] = S38U(PABSW, EVB), [0x1e] = S38U(PABSD, EVD),
	[0x1f] = { [1] = L(VPABSQ, MR | EO | EVQ, A_W, Vx, Wx) },
	[0x20] = PMOVX(PMOVSXBW, EVB), [0x21] = PMOVX4(PMOVSXBD, EVB), [0x22] = PMOVX8(PMOVSXBQ, EVB),
	[0x23] = PMOVX(PMOVSXWD, EVB), [0x24] = PMOVX4(PMOVSXWQ, EVB), [0x25] = PMOVX(PMOVSXDQ, F_EW0 | EVB),
	[0x28] = S66(PMULDQ, VX | EVQ), [0x29] = S66(PCMPEQQ, VX | EVQ | F_KDST),
	[0x2a] = { [1] = L(MOVNTDQA, MM | VX | EM | F_EW0 | EVB | F_NOMASK, A_W, Vx, Mx) },
	[0x2b] = S66(PACKUSDW, VX | EVD),
	[0x2c] = { [1] = EX(X_E38_2C) }, [0x2d] = { [1] = EX(X_E38_2D) },
	[0x2e] = { [1] = L(VMASKMOVPS, MM | VO | F_VW0 | EM, A_W, Mx, Hx, Vx) },
	[0x2f] = { [1] = L(VMASKMOVPD, MM | VO | F_VW0 | EM, A_W, Mx, Hx, Vx) },
	[0x30] = PMOVX(PMOVZXBW, EVB), [0x31] = PMOVX4(PMOVZXBD, EVB), [0x32] = PMOVX8(PMOVZXBQ, EVB),
	[0x33] = PMOVX(PMOVZXWD, EVB), [0x34] = PMOVX4(PMOVZXWQ, EVB), [0x35] = PMOVX(PMOVZXDQ, F_EW0 | EVB),
	[0x36] = { [1] = EW(X_E38_36) }, [0x37] = S66(PCMPGTQ, VX | EVQ | F_KDST),
	[0x38] = S66(PMINSB, VX | EVB), [0x39] = { [1] = EX(X_38_39) },
	[0x3a] = S66(PMINUW, VX | EVB), [0x3b] = { [1] = EX(X_38_3B) },
	[0x3c] = S66(PMAXSB, VX | EVB), [0x3d] = { [1] = EX(X_38_3D) },
	[0x3e] = S66(PMAXUW, VX | EVB), [0x3f] = { [1] = EX(X_38_3F) },
	[0x40] = { [1] = EX(X_38_40) }, [0x41] = { [1] = L(PHMINPOSUW, MR | V1 | F_L0, A_W, Vo, Wo) },
	[0x45] = V66(VPSRLV, F_EVEX | EVDQ), [0x46] = { [1] = EW(X_E38_46) },
	[0x47] = V66(VPSLLV, F_EVEX | EVDQ),
	[0x50] = V66(VPDPBUSD, F_EVEX | F_VW0 | EVD), [0x51] = V66(VPDPBUSDS, F_EVEX | F_VW0 | EVD),
	[0x52] = V66(VPDPWSSD, F_EVEX | F_VW0 | EVD), [0x53] = V66(VPDPWSSDS, F_EVEX | F_VW0 | EVD),
	[0x58] = VB(VPBROADCASTD, Wd, F_EVEX | F_VW0 | F_EW0 | EVB | EM), [0x59] = { [1] = EX(X_E38_59) },
	[0x5a] = { [1] = EX(X_E38_5A) },
	[0x78] = VB(VPBROADCASTB, Wb, F_EVEX | F_VW0 | F_EW0 | EVB | EM),
	[0x79] = VB(VPBROADCASTW, Ww, F_EVEX | F_VW0 | F_EW0 | EVB | EM),
	[0x80] = { [1] = L(INVEPT, MM, A_R, Gm, Mo) },
	[0x81] = { [1] = L(INVVPID, MM, A_R, Gm, Mo) },
	[0x82] = { [1] = L(INVPCID, MM, A_R, Gm, Mo) },
	[0x8c] = { [1] = L(VPMASKMOV, MM | VO | EM, A_W, Vx, Hx, Mx) },
	[0x8e] = { [1] = L(VPMASKMOV, MM | VO | EM, A_W, Mx, Hx, Vx) },
	[0x90] = { [1] = EX(X_E38_90) }, [0x91] = { [1] = EX(X_E38_91) },
	[0x92] = { [1] = EX(X_E38_92) }, [0x93] = { [1] = EX(X_E38_93) },
	[0x96] = V66(VFMADDSUB132P, F_EVEX), [0x97] = V66(VFMSUBADD132P, F_EVEX),
	[0x98] = V66(VFMADD132P, F_EVEX), [0x99] = VFS(VFMADD132S, F_EVEX | F_BREG),
	[0x9a] = V66(VFMSUB132P, F_EVEX), [0x9b] = VFS(VFMSUB132S, F_EVEX | F_BREG),
	[0x9c] = V66(VFNMADD132P, F_EVEX), [0x9d] = VFS(VFNMADD132S, F_EVEX | F_BREG),
	[0x9e] = V66(VFNMSUB132P, F_EVEX), [0x9f] = VFS(VFNMSUB132S, F_EVEX | F_BREG),
	[0xa6] = V66(VFMADDSUB213P, F_EVEX), [0xa7] = V66(VFMSUBADD213P, F_EVEX),
	[0xa8] = V66(VFMADD213P, F_EVEX), [0xa9] = VFS(VFMADD213S, F_EVEX | F_BREG),
	[0xaa] = V66(VFMSUB213P, F_EVEX), [0xab] = VFS(VFMSUB213S, F_EVEX | F_BREG),
	[0xac] = V66(VFNMADD213P, F_EVEX), [0xad] = VFS(VFNMADD213S, F_EVEX | F_BREG),
	[0xae] = V66(VFNMSUB213P, F_EVEX), [0xaf] = VFS(VFNMSUB213S, F_EVEX | F_BREG),
	[0xb6] = V66(VFMADDSUB231P, F_EVEX), [0xb7] = V66(VFMSUBADD231P, F_EVEX),
	[0xb8] = V66(VFMADD231P, F_EVEX), [0xb9] = VFS(VFMADD231S, F_EVEX | F_BREG),
	[0xba] = V66(VFMSUB231P, F_EVEX), [0xbb] = VFS(VFMSUB231S, F_EVEX | F_BREG),
	[0xbc] = V66(VFNMADD231P, F_EVEX), [0xbd] = VFS(VFNMADD231S, F_EVEX | F_BREG),
	[0xbe] = V66(VFNMSUB231P, F_EVEX), [0xbf] = VFS(VFNMSUB231S, F_EVEX | F_BREG),
	[0xc8] = { L(SHA1NEXTE, MR, A_W, Vo, Wo) },
	[0xc9] = { L(SHA1MSG1, MR, A_W, Vo, Wo) },
	[0xca] = { L(SHA1MSG2, MR, A_W, Vo, Wo) },
	[0xcb] = { L(SHA256RNDS2, MR, A_W, Vo, Wo) },
	[0xcc] = { L(SHA256MSG1, MR, A_W, Vo, Wo) },
	[0xcd] = { L(SHA256MSG2, MR, A_W, Vo, Wo) },
	[0xcf] = S66(GF2P8MULB, VX | F_VW0 | F_EW0 | EVB),
	[0xdb] = { [1] = L(AESIMC, MR | V1 | F_L0, A_W, Vo, Wo) },
	[0xdc] = S66(AESENC, VX | EVB | F_NOMASK), [0xdd] = S66(AESENCLAST, VX | EVB | F_NOMASK),
	[0xde] = S66(AESDEC, VX | EVB | F_NOMASK), [0xdf] = S66(AESDECLAST, VX | EVB | F_NOMASK),
	[0xf0] = { L(MOVBE, MM | EM, A_W, Gv, Mv), L(MOVBE, MM | EM, A_W, Gv, Mv),
		   [3] = L(CRC32, MR | BY, A_W, Gy, Eb) },
	[0xf1] = { L(MOVBE, MM | EM, A_W, Mv, Gv), L(MOVBE, MM | EM, A_W, Mv, Gv),
		   [3] = L(CRC32, MR, A_W, Gy, Ev) },
	[0xf2] = { L(ANDN, MR | VO | F_L0, A_W, Gy, By, Ey) },
	[0xf3] = { S(DT_REG, X_38F3) },
	[0xf5] = { L(BZHI, MR | VO | F_L0, A_W, Gy, Ey, By),
		   L(WRUSS, MM, A_W, My, Gy),
		   L(PEXT, MR | VO | F_L0, A_W, Gy, By, Ey),
		   L(PDEP, MR | VO | F_L0, A_W, Gy, By, Ey) },
	[0xf6] = { L(WRSS, MM, A_W, My, Gy), L(ADCX, MR, A_RW, Gy, Ey),
		   L(ADOX, MR, A_RW, Gy, Ey), L(MULX, MR | VO | F_L0, A_W, Gy, By, Ey) },
	[0xf7] = { L(BEXTR, MR | VO | F_L0, A_W, Gy, Ey, By),
		   L(SHLX, MR | VO | F_L0, A_W, Gy, Ey, By),
		   L(SARX, MR | VO | F_L0, A_W, Gy, Ey, By),
		   L(SHRX, MR | VO | F_L0, A_W, Gy, Ey, By) },
	/* "MOVDIR64B", "ENQCMD", "ENQCMDS": 64 bytes from m512 to ES:[reg],
	 * reg an offset of the address size ("The register content is
	 * interpreted as an offset into ES segment without any segment
	 * override"); the register itself is not written. */
	[0xf8] = { [1] = L(MOVDIR64B, MM | EM, A_W, YR64, M64b),
		   [2] = L(ENQCMDS, MM, A_W, YR64, M64b),
		   [3] = L(ENQCMD, MM, A_W, YR64, M64b) },
	[0xf9] = { L(MOVDIRI, MM | EM, A_W, My, Gy) },

	/* AVX-512: the EVEX-only opcodes and columns (SDM Vol. 2, Table A-4
	 * "Three-byte Opcode Map: 0F38"), by EVEX.W where W names the
	 * element size (the ext rows X_E38_*). */
	[0x10][2] = EW(X_E38_10F3), [0x11][1] = EW(X_E38_11), [0x11][2] = EW(X_E38_11F3),
	[0x12][1] = EW(X_E38_12), [0x12][2] = EW(X_E38_12F3), [0x13][2] = EW(X_E38_13F3),
	[0x14][2] = EW(X_E38_14F3), [0x15][2] = EW(X_E38_15F3),
	[0x1b][1] = EW(X_E38_1B),
	[0x20][2] = EW(X_E38_20F3), [0x21][2] = EW(X_E38_21F3), [0x22][2] = EW(X_E38_22F3),
	[0x23][2] = EW(X_E38_23F3), [0x24][2] = EW(X_E38_24F3), [0x25][2] = EW(X_E38_25F3),
	[0x26][1] = EW(X_E38_26), [0x26][2] = EW(X_E38_26F3),
	[0x27][1] = EW(X_E38_27), [0x27][2] = EW(X_E38_27F3),
	[0x28][2] = EW(X_E38_28F3), [0x29][2] = EW(X_E38_29F3), [0x2a][2] = EW(X_E38_2AF3),
	[0x30][2] = EW(X_E38_30F3), [0x31][2] = EW(X_E38_31F3), [0x32][2] = EW(X_E38_32F3),
	[0x33][2] = EW(X_E38_33F3), [0x34][2] = EW(X_E38_34F3), [0x35][2] = EW(X_E38_35F3),
	[0x38][2] = EW(X_E38_38F3), [0x39][2] = EW(X_E38_39F3), [0x3a][2] = EW(X_E38_3AF3),
	[0x42][1] = EW(X_E38_42), [0x43][1] = EW(X_E38_43), [0x44][1] = EW(X_E38_44),
	[0x4c][1] = EW(X_E38_4C), [0x4d][1] = EW(X_E38_4D),
	[0x4e][1] = EW(X_E38_4E), [0x4f][1] = EW(X_E38_4F),
	[0x52][2] = EW(X_E38_52F3), [0x54][1] = EW(X_E38_54), [0x55][1] = EW(X_E38_55),
	[0x5b][1] = EW(X_E38_5B), [0x62][1] = EW(X_E38_62), [0x63][1] = EW(X_E38_63),
	[0x64][1] = EW(X_E38_64), [0x65][1] = EW(X_E38_65), [0x66][1] = EW(X_E38_66),
	[0x70][1] = EW(X_E38_70), [0x71][1] = EW(X_E38_71),
	[0x72][1] = EW(X_E38_72), [0x72][2] = EW(X_E38_72F3), [0x72][3] = EW(X_E38_72F2),
	[0x73][1] = EW(X_E38_73), [0x75][1] = EW(X_E38_75), [0x76][1] = EW(X_E38_76),
	[0x77][1] = EW(X_E38_77), [0x7a][1] = EW(X_E38_7A), [0x7b][1] = EW(X_E38_7B),
	[0x7c][1] = EW(X_E38_7C), [0x7d][1] = EW(X_E38_7D), [0x7e][1] = EW(X_E38_7E),
	[0x7f][1] = EW(X_E38_7F), [0x83][1] = EW(X_E38_83),
	[0x88][1] = EW(X_E38_88), [0x89][1] = EW(X_E38_89), [0x8a][1] = EW(X_E38_8A),
	[0x8b][1] = EW(X_E38_8B), [0x8d][1] = EW(X_E38_8D), [0x8f][1] = EW(X_E38_8F),
	[0xa0][1] = EW(X_E38_A0), [0xa1][1] = EW(X_E38_A1), [0xa2][1] = EW(X_E38_A2),
	[0xa3][1] = EW(X_E38_A3), [0xb4][1] = EW(X_E38_B4), [0xb5][1] = EW(X_E38_B5),
	[0xc4][1] = EW(X_E38_C4), [0xc8][1] = EW(X_E38_C8), [0xca][1] = EW(X_E38_CA),
	[0xcb][1] = EW(X_E38_CB), [0xcc][1] = EW(X_E38_CC), [0xcd][1] = EW(X_E38_CD),
	/* AMX (SDM Vol. 2, "LDTILECFG", "STTILECFG", "TILERELEASE",
	 * "TILEZERO", "TILELOADD/TILELOADDT1", "TILESTORED", "TDPBF16PS",
	 * "TDPBSSD/TDPBSUD/TDPBUSD/TDPBUUD"): VEX.128.W0, 64-bit mode only
	 * (V/N.E.); the tile loads and stores need a SIB byte. */
	[0x49] = { S(DT_MOD, X_AMX49), S(DT_REG, X_AMX49_66), [3] = S(DT_RM, X_AMX49_F2) },
	[0x4b] = { [1] = AMX(TILELOADDT1, MM | F_SIBMEM, A_W, Tr, Msib),
		   [2] = AMX(TILESTORED, MM | F_SIBMEM, A_W, Msib, Tr),
		   [3] = AMX(TILELOADD, MM | F_SIBMEM, A_W, Tr, Msib) },
	[0x5c] = { [2] = AMX(TDPBF16PS, RR, A_RW, Tr, Tm, Tv) },
	[0x5e] = { AMX(TDPBUUD, RR, A_RW, Tr, Tm, Tv), AMX(TDPBUSD, RR, A_RW, Tr, Tm, Tv),
		   AMX(TDPBSUD, RR, A_RW, Tr, Tm, Tv), AMX(TDPBSSD, RR, A_RW, Tr, Tm, Tv) },
	/* AVX512_4VNNIW and AVX512_4FMAPS (SDM Vol. 2, "VP4DPWSSD",
	 * "VP4DPWSSDS", "V4FMADDPS/V4FNMADDPS", "V4FMADDSS/V4FNMADDSS"):
	 * EVEX.F2.0F38.W0, memory only (m128, no broadcast); vvvv names the
	 * first of a block of four source registers (zmm2+3).  The packed
	 * forms are 512-bit only, the scalar ones ignore L'L. */
	[0x52][3] = EL(VP4DPWSSD, F_MEM | F_L2 | F_EW0 | EVB, A_RW, Vx, Hx, Mo),
	[0x53][3] = EL(VP4DPWSSDS, F_MEM | F_L2 | F_EW0 | EVB, A_RW, Vx, Hx, Mo),
	[0x9a][3] = EL(V4FMADDPS, F_MEM | F_L2 | F_EW0 | EVB, A_RW, Vx, Hx, Mo),
	[0xaa][3] = EL(V4FNMADDPS, F_MEM | F_L2 | F_EW0 | EVB, A_RW, Vx, Hx, Mo),
	[0x9b][3] = EL(V4FMADDSS, F_MEM | F_EW0 | EVB, A_RW, Vo, Ho, Mo),
	[0xab][3] = EL(V4FNMADDSS, F_MEM | F_EW0 | EVB, A_RW, Vo, Ho, Mo),
	/* AVX512_VP2INTERSECT: EVEX.F2.0F38 68, W0 D, W1 Q. */
	[0x68][3] = EW(X_E38_68F2),
	/* AVX512PF: EVEX.512.66.0F38 C6 and C7, by W, then by ModRM.reg. */
	[0xc6][1] = EW(X_E38_C6), [0xc7][1] = EW(X_E38_C7),
};

/* 0F3A: every instruction has an 8-bit immediate. */
#define A66(m, f, ...) { [1] = L(m, MR | (f), A_W, __VA_ARGS__) }
/* Four operands, the fourth a register in imm8[7:4], VEX.W naming which
 * source is r/m (F_IS4W); VEX.66 only. */
#define IS4(m, ...) A66(m, VO | F_IS4W, __VA_ARGS__)
#define FMA4P(m) IS4(m, Vx, Hx, Wx, Lx)
#define FMA4S(m, w) IS4(m, Vo, Ho, w, Lo)

const struct vmexit_dt vmexit_dt_0f3a[256][4] = {
	[0x00] = A66(VPERMQ, VEO | F_VW1 | F_L1 | EVQ, Vx, Wx, Ib),
	[0x01] = A66(VPERMPD, VEO | F_VW1 | F_L1 | EVQ, Vx, Wx, Ib),
	[0x02] = A66(VPBLENDD, VO | F_VW0, Vx, Hx, Wx, Ib),
	[0x04] = A66(VPERMILPS, VEO | F_VW0 | EVD, Vx, Wx, Ib),
	[0x05] = A66(VPERMILPD, VEO | F_VW0 | EVQ, Vx, Wx, Ib),
	[0x06] = A66(VPERM2F128, VO | F_VW0 | F_L1, Vx, Hx, Wx, Ib),
	[0x08] = { [1] = EX(X_E3A_08) }, [0x09] = { [1] = EX(X_E3A_09) },
	[0x0a] = { [1] = EX(X_E3A_0A) }, [0x0b] = { [1] = EX(X_E3A_0B) },
	[0x0c] = A66(BLENDPS, V1, Vx, Hx, Wx, Ib), [0x0d] = A66(BLENDPD, V1, Vx, Hx, Wx, Ib),
	[0x0e] = A66(PBLENDW, V1, Vx, Hx, Wx, Ib),
	[0x0f] = { L(PALIGNR, MR, A_W, Pq, Qq, Ib), L(PALIGNR, MR | VX | EVB, A_W, Vx, Hx, Wx, Ib) },
	[0x14] = A66(PEXTRB, VX | EM | F_L0 | EVB | F_NOMASK, RdMb, Vo, Ib),
	[0x15] = A66(PEXTRW, VX | EM | F_L0 | EVB | F_NOMASK, RdMw, Vo, Ib),
	[0x16] = { [1] = S(DT_OS, X_3A_16) },
	[0x17] = A66(EXTRACTPS, VX | EM | F_L0 | EVB | F_NOMASK, Ed, Vo, Ib),
	[0x18] = { [1] = EX(X_E3A_18) }, [0x19] = { [1] = EX(X_E3A_19) },
	[0x1d] = A66(VCVTPS2PH, VEO | F_VW0 | F_EW0 | F_BREG, Wh, Vx, Ib),
	[0x20] = A66(PINSRB, VX | EM | F_L0 | EVB | F_NOMASK, Vo, Ho, RdMb, Ib),
	[0x21] = A66(INSERTPS, VX | EM | F_L0 | F_EW0 | EVB | F_NOMASK, Vo, Ho, Wd, Ib),
	[0x22] = { [1] = S(DT_OS, X_3A_22) },
	/* KSHIFTRB/W (30), KSHIFTRD/Q (31), KSHIFTLB/W (32), KSHIFTLD/Q (33):
	 * VEX.L0.66.0F3A, the size in VEX.W (SDM Vol. 2, "KSHIFTLW/KSHIFTLB/
	 * KSHIFTLQ/KSHIFTLD", "KSHIFTRW/..."). */
	[0x30] = A66(KSHIFTR, RR | VO | F_L0, Kr, Km, Ib),
	[0x31] = A66(KSHIFTR, RR | VO | F_L0, Kr, Km, Ib),
	[0x32] = A66(KSHIFTL, RR | VO | F_L0, Kr, Km, Ib),
	[0x33] = A66(KSHIFTL, RR | VO | F_L0, Kr, Km, Ib),
	[0x38] = { [1] = EX(X_E3A_38) }, [0x39] = { [1] = EX(X_E3A_39) },
	[0x40] = A66(DPPS, V1, Vx, Hx, Wx, Ib), [0x41] = A66(DPPD, V1 | F_L0, Vo, Ho, Wo, Ib),
	[0x42] = { [1] = EX(X_E3A_42) },
	[0x44] = A66(PCLMULQDQ, VX | EVB | F_NOMASK, Vx, Hx, Wx, Ib),
	[0x46] = A66(VPERM2I128, VO | F_VW0 | F_L1, Vx, Hx, Wx, Ib),
	/* AMD VPERMIL2PS/PD: is4 register in imm8[7:4], m2z in imm8[1:0]
	 * (APM Vol. 4, "VPERMIL2PS", "VPERMIL2PD"). */
	[0x48] = IS4(VPERMIL2PS, Vx, Hx, Wx, Lx), [0x49] = IS4(VPERMIL2PD, Vx, Hx, Wx, Lx),
	[0x4a] = A66(VBLENDVPS, VO | F_VW0, Vx, Hx, Wx, Lx),
	[0x4b] = A66(VBLENDVPD, VO | F_VW0, Vx, Hx, Wx, Lx),
	[0x4c] = A66(VPBLENDVB, VO | F_VW0, Vx, Hx, Wx, Lx),
	/* AMD FMA4 (APM Vol. 4, "VFMADDPD" ... "VFNMSUBSS"): 5C-5F and the
	 * PS/PD/SS/SD quadruples 68-6F, 78-7F; the scalars ignore VEX.L. */
	[0x5c] = FMA4P(VFMADDSUBPS), [0x5d] = FMA4P(VFMADDSUBPD),
	[0x5e] = FMA4P(VFMSUBADDPS), [0x5f] = FMA4P(VFMSUBADDPD),
	[0x60] = A66(PCMPESTRM, V1 | F_L0, Vo, Wo, Ib), [0x61] = A66(PCMPESTRI, V1 | F_L0, Vo, Wo, Ib),
	[0x62] = A66(PCMPISTRM, V1 | F_L0, Vo, Wo, Ib), [0x63] = A66(PCMPISTRI, V1 | F_L0, Vo, Wo, Ib),
	[0x68] = FMA4P(VFMADDPS), [0x69] = FMA4P(VFMADDPD),
	[0x6a] = FMA4S(VFMADDSS, Wd), [0x6b] = FMA4S(VFMADDSD, Wq),
	[0x6c] = FMA4P(VFMSUBPS), [0x6d] = FMA4P(VFMSUBPD),
	[0x6e] = FMA4S(VFMSUBSS, Wd), [0x6f] = FMA4S(VFMSUBSD, Wq),
	[0x78] = FMA4P(VFNMADDPS), [0x79] = FMA4P(VFNMADDPD),
	[0x7a] = FMA4S(VFNMADDSS, Wd), [0x7b] = FMA4S(VFNMADDSD, Wq),
	[0x7c] = FMA4P(VFNMSUBPS), [0x7d] = FMA4P(VFNMSUBPD),
	[0x7e] = FMA4S(VFNMSUBSS, Wd), [0x7f] = FMA4S(VFNMSUBSD, Wq),
	[0xcc] = { L(SHA1RNDS4, MR, A_W, Vo, Wo, Ib) },
	[0xce] = A66(GF2P8AFFINEQB, VX | F_VW1 | EVQ, Vx, Hx, Wx, Ib),
	[0xcf] = A66(GF2P8AFFINEINVQB, VX | F_VW1 | EVQ, Vx, Hx, Wx, Ib),
	[0xdf] = A66(AESKEYGENASSIST, V1 | F_L0, Vo, Wo, Ib),
	[0xf0] = { [3] = L(RORX, MR | VO | F_L0, A_W, Gy, Ey, Ib) },

	/* AVX-512: the EVEX-only opcodes (SDM Vol. 2, Table A-5 "Three-byte
	 * Opcode Map: 0F3A"), by EVEX.W (the ext rows X_E3A_*). */
	[0x03][1] = EW(X_E3A_03), [0x1a][1] = EW(X_E3A_1A), [0x1b][1] = EW(X_E3A_1B),
	[0x1e][1] = EW(X_E3A_1E), [0x1f][1] = EW(X_E3A_1F), [0x23][1] = EW(X_E3A_23),
	[0x25][1] = EW(X_E3A_25), [0x26][1] = EW(X_E3A_26), [0x27][1] = EW(X_E3A_27),
	[0x3a][1] = EW(X_E3A_3A), [0x3b][1] = EW(X_E3A_3B), [0x3e][1] = EW(X_E3A_3E),
	[0x3f][1] = EW(X_E3A_3F), [0x43][1] = EW(X_E3A_43), [0x50][1] = EW(X_E3A_50),
	[0x51][1] = EW(X_E3A_51), [0x54][1] = EW(X_E3A_54), [0x55][1] = EW(X_E3A_55),
	[0x56][1] = EW(X_E3A_56), [0x57][1] = EW(X_E3A_57), [0x66][1] = EW(X_E3A_66),
	[0x67][1] = EW(X_E3A_67), [0x70][1] = EW(X_E3A_70), [0x71][1] = EW(X_E3A_71),
	[0x72][1] = EW(X_E3A_72), [0x73][1] = EW(X_E3A_73),

	/* AVX512-FP16: EVEX.NP.0F3A.W0 forms of the opcodes whose 66 column
	 * is the PS/PD one ("VRNDSCALEPH", "VRNDSCALESH", "VGETMANTPH",
	 * "VGETMANTSH", "VREDUCEPH", "VREDUCESH", "VFPCLASSPH", "VFPCLASSSH",
	 * "VCMPPH", "VCMPSH" (F3)).  VFPCLASS has no {sae}. */
	[0x08][0] = FPH(VRNDSCALEPH, 0, A_W, Vx, Wx, Ib),
	[0x0a][0] = FSH(VRNDSCALESH, 0, A_W, Vo, Ho, Ww, Ib),
	[0x26][0] = FPH(VGETMANTPH, 0, A_W, Vx, Wx, Ib),
	[0x27][0] = FSH(VGETMANTSH, 0, A_W, Vo, Ho, Ww, Ib),
	[0x56][0] = FPH(VREDUCEPH, 0, A_W, Vx, Wx, Ib),
	[0x57][0] = FSH(VREDUCESH, 0, A_W, Vo, Ho, Ww, Ib),
	[0x66][0] = FPH(VFPCLASSPH, F_BCST | F_KDST, A_W, Kr, Wx, Ib),
	[0x67][0] = EL(VFPCLASSSH, F_EW0 | F_NOB | F_KDST, A_W, Kr, Ww, Ib),
	[0xc2][0] = FPH(VCMPPH, F_KDST, A_W, Kr, Hx, Wx, Ib),
	[0xc2][2] = FSH(VCMPSH, F_KDST, A_W, Kr, Ho, Ww, Ib),
};

/* AVX512-FP16 packed and scalar pairs: NP is PH, F3 is SH. */
#define PHSH(ph, sh) { FPH(ph, 0, A_W, Vx, Hx, Wx), [2] = FSH(sh, 0, A_W, Vo, Ho, Ww) }
/* FMA: EVEX.66.MAP6.W0, the destination read too. */
#define FMAPH(m) { [1] = FPH(m, 0, A_RW, Vx, Hx, Wx) }
#define FMASH(m) { [1] = FSH(m, 0, A_RW, Vo, Ho, Ww) }
/* Complex FP16 (pairs of FP16 values, m32bcst): F3 is the conjugate-less
 * form, F2 the conjugate one; #UD if the destination is a source
 * ("VFMADDCPH/VFCMADDCPH", "VFMULCPH/VFCMULCPH", "... SH"). */
#define CPLX(m, cm, f, a, ...) { [2] = EL(m, F_EW0 | F_DSTNE | (f), a, __VA_ARGS__), \
				 [3] = EL(cm, F_EW0 | F_DSTNE | (f), a, __VA_ARGS__) }

/* EVEX map 5 (SDM Vol. 2, 2.7.1 "EVEX.mmm": 101b; the AVX512-FP16
 * instruction pages), by mandatory prefix. */
const struct vmexit_dt vmexit_dt_map5[256][4] = {
	[0x10] = { [2] = S(DT_MOD, X_E5_10) }, [0x11] = { [2] = S(DT_MOD, X_E5_11) },
	/* VCVTSS2SH m32; VCVTPS2PHX ymm, zmm/m512/m32bcst. */
	[0x1d] = { FSH(VCVTSS2SH, 0, A_W, Vo, Ho, Wd), EL(VCVTPS2PHX, F_EW0, A_W, Vh, Wx) },
	[0x2a] = { [2] = S(DT_M64, X_E5_2A) },
	[0x2c] = { [2] = S(DT_M64, X_E5_2C) },
	[0x2d] = { [2] = S(DT_M64, X_E5_2D) },
	[0x2e] = { FSH(VUCOMISH, F_NOMASK, A_R, Vo, Ww) },
	[0x2f] = { FSH(VCOMISH, F_NOMASK, A_R, Vo, Ww) },
	[0x51] = { FPH(VSQRTPH, 0, A_W, Vx, Wx), [2] = FSH(VSQRTSH, 0, A_W, Vo, Ho, Ww) },
	[0x58] = PHSH(VADDPH, VADDSH), [0x59] = PHSH(VMULPH, VMULSH),
	/* VCVTPH2PD zmm, xmm/m128/m16bcst; VCVTPD2PH xmm, zmm/m512/m64bcst
	 * (W1); VCVTSH2SD m16; VCVTSD2SH m64 (W1). */
	[0x5a] = { FPH(VCVTPH2PD, 0, A_W, Vx, Wqv), EL(VCVTPD2PH, F_EW1, A_W, Vo, Wx),
		   FSH(VCVTSH2SD, 0, A_W, Vo, Ho, Ww), EL(VCVTSD2SH, EVS1, A_W, Vo, Ho, Wq) },
	[0x5b] = { EW(X_E5_5B), FPH(VCVTPH2DQ, 0, A_W, Vx, Wh), FPH(VCVTTPH2DQ, 0, A_W, Vx, Wh) },
	[0x5c] = PHSH(VSUBPH, VSUBSH), [0x5d] = PHSH(VMINPH, VMINSH),
	[0x5e] = PHSH(VDIVPH, VDIVSH), [0x5f] = PHSH(VMAXPH, VMAXSH),
	/* VMOVW xmm, r32/m16 and r32/m16, xmm: EVEX.128.66.MAP5.WIG. */
	[0x6e] = { [1] = L(VMOVW, MR | EO | F_L0 | F_NOB | F_NOMASK, A_W, Vo, RdMw) },
	[0x7e] = { [1] = L(VMOVW, MR | EO | F_L0 | F_NOB | F_NOMASK, A_W, RdMw, Vo) },
	[0x78] = { FPH(VCVTTPH2UDQ, 0, A_W, Vx, Wh), FPH(VCVTTPH2UQQ, 0, A_W, Vx, Wqv),
		   S(DT_M64, X_E5_78) },
	[0x79] = { FPH(VCVTPH2UDQ, 0, A_W, Vx, Wh), FPH(VCVTPH2UQQ, 0, A_W, Vx, Wqv),
		   S(DT_M64, X_E5_79) },
	[0x7a] = { [1] = FPH(VCVTTPH2QQ, 0, A_W, Vx, Wqv), [3] = EW(X_E5_7A) },
	[0x7b] = { [1] = FPH(VCVTPH2QQ, 0, A_W, Vx, Wqv),
		   [2] = S(DT_M64, X_E5_7B) },
	[0x7c] = { FPH(VCVTTPH2UW, 0, A_W, Vx, Wx), FPH(VCVTTPH2W, 0, A_W, Vx, Wx) },
	[0x7d] = { FPH(VCVTPH2UW, 0, A_W, Vx, Wx), FPH(VCVTPH2W, 0, A_W, Vx, Wx),
		   FPH(VCVTW2PH, 0, A_W, Vx, Wx), FPH(VCVTUW2PH, 0, A_W, Vx, Wx) },
};

/* EVEX map 6 (EVEX.mmm = 110b), by mandatory prefix. */
const struct vmexit_dt vmexit_dt_map6[256][4] = {
	/* VCVTSH2SS m16; VCVTPH2PSX zmm, ymm/m256/m16bcst. */
	[0x13] = { FSH(VCVTSH2SS, 0, A_W, Vo, Ho, Ww), FPH(VCVTPH2PSX, 0, A_W, Vx, Wh) },
	[0x2c] = { [1] = FPH(VSCALEFPH, 0, A_W, Vx, Hx, Wx) },
	[0x2d] = { [1] = FSH(VSCALEFSH, 0, A_W, Vo, Ho, Ww) },
	[0x42] = { [1] = FPH(VGETEXPPH, 0, A_W, Vx, Wx) },
	[0x43] = { [1] = FSH(VGETEXPSH, 0, A_W, Vo, Ho, Ww) },
	/* The approximations have neither {er} nor {sae}. */
	[0x4c] = { [1] = FPH(VRCPPH, F_BCST, A_W, Vx, Wx) },
	[0x4d] = { [1] = EL(VRCPSH, F_EW0 | F_NOB, A_W, Vo, Ho, Ww) },
	[0x4e] = { [1] = FPH(VRSQRTPH, F_BCST, A_W, Vx, Wx) },
	[0x4f] = { [1] = EL(VRSQRTSH, F_EW0 | F_NOB, A_W, Vo, Ho, Ww) },
	[0x56] = CPLX(VFMADDCPH, VFCMADDCPH, 0, A_RW, Vx, Hx, Wx),
	[0x57] = CPLX(VFMADDCSH, VFCMADDCSH, F_BREG, A_RW, Vo, Ho, Wd),
	[0xd6] = CPLX(VFMULCPH, VFCMULCPH, 0, A_W, Vx, Hx, Wx),
	[0xd7] = CPLX(VFMULCSH, VFCMULCSH, F_BREG, A_W, Vo, Ho, Wd),
	[0x96] = FMAPH(VFMADDSUB132PH), [0x97] = FMAPH(VFMSUBADD132PH),
	[0x98] = FMAPH(VFMADD132PH), [0x99] = FMASH(VFMADD132SH),
	[0x9a] = FMAPH(VFMSUB132PH), [0x9b] = FMASH(VFMSUB132SH),
	[0x9c] = FMAPH(VFNMADD132PH), [0x9d] = FMASH(VFNMADD132SH),
	[0x9e] = FMAPH(VFNMSUB132PH), [0x9f] = FMASH(VFNMSUB132SH),
	[0xa6] = FMAPH(VFMADDSUB213PH), [0xa7] = FMAPH(VFMSUBADD213PH),
	[0xa8] = FMAPH(VFMADD213PH), [0xa9] = FMASH(VFMADD213SH),
	[0xaa] = FMAPH(VFMSUB213PH), [0xab] = FMASH(VFMSUB213SH),
	[0xac] = FMAPH(VFNMADD213PH), [0xad] = FMASH(VFNMADD213SH),
	[0xae] = FMAPH(VFNMSUB213PH), [0xaf] = FMASH(VFNMSUB213SH),
	[0xb6] = FMAPH(VFMADDSUB231PH), [0xb7] = FMAPH(VFMSUBADD231PH),
	[0xb8] = FMAPH(VFMADD231PH), [0xb9] = FMASH(VFMADD231SH),
	[0xba] = FMAPH(VFMSUB231PH), [0xbb] = FMASH(VFMSUB231SH),
	[0xbc] = FMAPH(VFNMADD231PH), [0xbd] = FMASH(VFNMADD231SH),
	[0xbe] = FMAPH(VFNMSUB231PH), [0xbf] = FMASH(VFNMSUB231SH),
};

#define GRP1(l, b, ...) \
	{ L(ADD, l, A_RW, __VA_ARGS__), L(OR, l, A_RW, __VA_ARGS__), \
	  L(ADC, l, A_RW, __VA_ARGS__), L(SBB, l, A_RW, __VA_ARGS__), \
	  L(AND, l, A_RW, __VA_ARGS__), L(SUB, l, A_RW, __VA_ARGS__), \
	  L(XOR, l, A_RW, __VA_ARGS__), L(CMP, MR | (b), A_R, __VA_ARGS__) }
#define GRP2(f, ...) \
	{ L(ROL, f, A_RW, __VA_ARGS__), L(ROR, f, A_RW, __VA_ARGS__), \
	  L(RCL, f, A_RW, __VA_ARGS__), L(RCR, f, A_RW, __VA_ARGS__), \
	  L(SHL, f, A_RW, __VA_ARGS__), L(SHR, f, A_RW, __VA_ARGS__), \
	  L(SHL, f, A_RW, __VA_ARGS__), L(SAR, f, A_RW, __VA_ARGS__) }
#define X87M(a, b, c, d, e, f, g, h, w) \
	{ L(a, MM, A_R, w), L(b, MM, A_R, w), L(c, MM, A_R, w), L(d, MM, A_R, w), \
	  L(e, MM, A_R, w), L(f, MM, A_R, w), L(g, MM, A_R, w), L(h, MM, A_R, w) }
#define X87R(m) L(m, MR, A_RW, ST0, STi)
#define X87S(m) L(m, MR, A_RW, STi)
#define X87N(m) L(m, MR, A_NONE, _)
#define MEMREG(m, r) { S(DT_REG, m), S(DT_REG, r) }
#define CMOVROW(m) { L(m, MR | EM, A_W, Gv, Ev), PFX }
#define SETROW(m) { L(m, MR | BY | EM, A_W, Eb), PFX }
#define NOPE L(NOP, MR, A_N, Ev)
/* Rows by EVEX.W: a W0/W1 pair, a W0-only or W1-only form, a scalar pair
 * (m32 with W0, m64 with W1), a gather/scatter pair (VSIB, memory only). */
#define WPAIR(m0, m1, f, a, ...) { EL(m0, f, a, __VA_ARGS__), EL(m1, f, a, __VA_ARGS__) }
#define WONLY0(m, f, a, ...) { EL(m, f, a, __VA_ARGS__) }
#define WONLY1(m, f, a, ...) { [1] = EL(m, f, a, __VA_ARGS__) }
/* By mode: W0 only in 16/32-bit code, either W in 64-bit code (the
 * AVX512-FP16 conversions to and from a general register). */
#define GPRSH(m, ...) { EL(m, F_EW0 | F_BREG | F_NOMASK, A_W, __VA_ARGS__), \
			EL(m, F_BREG | F_NOMASK, A_W, __VA_ARGS__) }
/* A form whose EVEX.W1 form is the quadword instruction mq: the row x
 * (legacy and VEX; EVEX by W) and the row xw (EVEX.W0, EVEX.W1). */
#define EQROWS(x, xw, m, mq, ...) \
	[x] = { L(m, MR | V1, A_W, __VA_ARGS__), EW(xw) }, \
	[xw] = { L(m, MR | F_EVEX | EVD, A_W, __VA_ARGS__), EL(mq, EVQ, A_W, __VA_ARGS__) }
#define PXQ (VX | F_L0 | EVB | F_NOMASK)
#define WSCALAR(ss, sd, f, a, d, s, i) { EL(ss, f, a, d, s, Wd, i), EL(sd, f, a, d, s, Wq, i) }
/* The shifts by an immediate (66 0F 71-73): the EVEX forms also take a
 * memory source (SDM Vol. 2, "PSRLW/PSRLD/PSRLQ": zmm2/m512/m32bcst). */
#define SHIFTI(m, f) { L(m, RR | V1, A_W, Hx, Ux, Ib), L(m, MR | F_EVEX | (f), A_W, Hx, Wx, Ib) }
/* AVX512PF by ModRM.reg: /1 and /2 prefetch a gather's elements with
 * hint T0 and T1, /5 and /6 a scatter's; 512-bit, VSIB, mask required;
 * m is the element. */
#define PF(mn, m) EL(mn, F_MEM | F_VSIB | F_L2 | EVB, A_N, m)
#define PFROW(g0, g1, s0, s1, m) \
	{ [1] = PF(g0, m), [2] = PF(g1, m), [5] = PF(s0, m), [6] = PF(s1, m) }
#define WSCATTER(m0, m1, a, x0, y0, x1, y1) \
	{ EL(m0, F_MEM | F_VSIB | EVB, a, x0, y0), EL(m1, F_MEM | F_VSIB | EVB, a, x1, y1) }

const struct vmexit_dt vmexit_dt_ext[X_EXT_ROWS][8] = {
	[X_GRP1_80] = GRP1(LK | BY | EM, BY | EM, Eb, Ib),
	[X_GRP1_81] = GRP1(LK | EM, EM, Ev, Iz),
	[X_GRP1_82] = GRP1(LK | BY | F_I64 | EM, BY | F_I64 | EM, Eb, Ib),
	[X_GRP1_83] = GRP1(LK | EM, EM, Ev, Ibs),
	[X_GRP1A] = { L(POP, MR | F_D64 | F_STACK | EM, A_W, Ev) },
	[X_GRP2_C0] = GRP2(MR | BY | EM, Eb, Ib),
	[X_GRP2_C1] = GRP2(MR | EM, Ev, Ib),
	[X_GRP2_D0] = GRP2(MR | BY | EM, Eb, I1),
	[X_GRP2_D1] = GRP2(MR | EM, Ev, I1),
	[X_GRP2_D2] = GRP2(MR | BY | EM, Eb, CL),
	[X_GRP2_D3] = GRP2(MR | EM, Ev, CL),
	[X_GRP3_F6] = { L(TEST, MR | BY | EM, A_R, Eb, Ib), L(TEST, MR | BY | EM, A_R, Eb, Ib),
			L(NOT, LK | BY | EM, A_RW, Eb), L(NEG, LK | BY | EM, A_RW, Eb),
			L(MUL, MR | BY | EM, A_R, Eb), L(IMUL, MR | BY | EM, A_R, Eb),
			L(DIV, MR | BY | EM, A_R, Eb), L(IDIV, MR | BY | EM, A_R, Eb) },
	[X_GRP3_F7] = { L(TEST, MR | EM, A_R, Ev, Iz), L(TEST, MR | EM, A_R, Ev, Iz),
			L(NOT, LK | EM, A_RW, Ev), L(NEG, LK | EM, A_RW, Ev),
			L(MUL, MR | EM, A_R, Ev), L(IMUL, MR | EM, A_R, Ev),
			L(DIV, MR | EM, A_R, Ev), L(IDIV, MR | EM, A_R, Ev) },
	[X_GRP4] = { L(INC, LK | BY | EM, A_RW, Eb), L(DEC, LK | BY | EM, A_RW, Eb) },
	[X_GRP5] = { L(INC, LK | EM, A_RW, Ev), L(DEC, LK | EM, A_RW, Ev),
		     L(CALL, MR | BR | F_STACK | EM, A_R, Ev),
		     L(CALLF, MM | F_BRANCH | F_STACK | EM, A_R, Mp),
		     L(JMP, MR | BR | EM, A_R, Ev),
		     L(JMPF, MM | F_BRANCH | EM, A_R, Mp),
		     L(PUSH, MR | F_D64 | F_STACK | EM, A_R, Ev) },
	[X_GRP11_C6] = { L(MOV, MR | BY | EM, A_W, Eb, Ib), [7] = S(DT_MOD, X_C6_7) },
	[X_GRP11_C7] = { L(MOV, MR | EM, A_W, Ev, Iz), [7] = S(DT_MOD, X_C7_7) },
	[X_C6_7] = { [1] = S(DT_RM, X_XABORT) },
	[X_C7_7] = { [1] = S(DT_RM, X_XBEGIN) },
	[X_XABORT] = { L(XABORT, MR, A_R, Ib) },
	[X_XBEGIN] = { L(XBEGIN, MR | F_BRANCH, A_R, Jz) },
	[X_63] = { L(ARPL, MR, A_RW, Ew, Gw), L(MOVSXD, MR | EM, A_W, Gv, Ez) },
	[X_98] = { L(CBW, 0, A_NONE, _), L(CWDE, 0, A_NONE, _), L(CDQE, 0, A_NONE, _) },
	[X_99] = { L(CWD, 0, A_NONE, _), L(CDQ, 0, A_NONE, _), L(CQO, 0, A_NONE, _) },
	[X_CF] = { L(IRET, F_BRANCH | F_STACK, A_NONE, _), L(IRETD, F_BRANCH | F_STACK, A_NONE, _),
		   L(IRETQ, F_BRANCH | F_STACK, A_NONE, _) },
	[X_E3] = { L(JCXZ, BR, A_R, Jb), L(JECXZ, BR, A_R, Jb), L(JRCXZ, BR, A_R, Jb) },
	[X_60] = { L(PUSHA, F_I64 | F_STACK, A_NONE, _), L(PUSHAD, F_I64 | F_STACK, A_NONE, _),
		   L(PUSHAD, F_I64 | F_STACK, A_NONE, _) },
	[X_61] = { L(POPA, F_I64 | F_STACK, A_NONE, _), L(POPAD, F_I64 | F_STACK, A_NONE, _),
		   L(POPAD, F_I64 | F_STACK, A_NONE, _) },
	[X_90] = { L(NOP, 0, A_NONE, _), L(NOP, 0, A_NONE, _),
		   L(PAUSE, 0, A_NONE, _), L(NOP, 0, A_NONE, _) },

	/* x87 (SDM Vol. 2, A.5 "Escape Opcode Instructions") */
	[X_D8] = MEMREG(X_D8M, X_D8R), [X_D9] = MEMREG(X_D9M, X_D9R),
	[X_DA] = MEMREG(X_DAM, X_DAR), [X_DB] = MEMREG(X_DBM, X_DBR),
	[X_DC] = MEMREG(X_DCM, X_DCR), [X_DD] = MEMREG(X_DDM, X_DDR),
	[X_DE] = MEMREG(X_DEM, X_DER), [X_DF] = MEMREG(X_DFM, X_DFR),
	[X_D8M] = X87M(FADD, FMUL, FCOM, FCOMP, FSUB, FSUBR, FDIV, FDIVR, Md),
	[X_DCM] = X87M(FADD, FMUL, FCOM, FCOMP, FSUB, FSUBR, FDIV, FDIVR, Mq),
	[X_DAM] = X87M(FIADD, FIMUL, FICOM, FICOMP, FISUB, FISUBR, FIDIV, FIDIVR, Md),
	[X_DEM] = X87M(FIADD, FIMUL, FICOM, FICOMP, FISUB, FISUBR, FIDIV, FIDIVR, Mw),
	[X_D9M] = { L(FLD, MM, A_R, Md), [2] = L(FST, MM, A_W, Md),
		    L(FSTP, MM, A_W, Md), L(FLDENV, MM, A_R, Mfe),
		    L(FLDCW, MM, A_R, Mw), L(FNSTENV, MM, A_W, Mfe),
		    L(FNSTCW, MM, A_W, Mw) },
	[X_DBM] = { L(FILD, MM, A_R, Md), L(FISTTP, MM, A_W, Md),
		    L(FIST, MM, A_W, Md), L(FISTP, MM, A_W, Md), [5] = L(FLD, MM, A_R, Mt),
		    [7] = L(FSTP, MM, A_W, Mt) },
	[X_DDM] = { L(FLD, MM, A_R, Mq), L(FISTTP, MM, A_W, Mq),
		    L(FST, MM, A_W, Mq), L(FSTP, MM, A_W, Mq), L(FRSTOR, MM, A_R, Mfs),
		    [6] = L(FNSAVE, MM, A_W, Mfs), L(FNSTSW, MM, A_W, Mw) },
	[X_DFM] = { L(FILD, MM, A_R, Mw), L(FISTTP, MM, A_W, Mw),
		    L(FIST, MM, A_W, Mw), L(FISTP, MM, A_W, Mw), L(FBLD, MM, A_R, Mt),
		    L(FILD, MM, A_R, Mq), L(FBSTP, MM, A_W, Mt), L(FISTP, MM, A_W, Mq) },
	[X_D8R] = { X87R(FADD), X87R(FMUL), X87R(FCOM), X87R(FCOMP),
		    X87R(FSUB), X87R(FSUBR), X87R(FDIV), X87R(FDIVR) },
	[X_D9R] = { X87S(FLD), X87S(FXCH), S(DT_RM, X_D9_2), X87S(FSTP),
		    S(DT_RM, X_D9_4), S(DT_RM, X_D9_5), S(DT_RM, X_D9_6),
		    S(DT_RM, X_D9_7) },
	[X_D9_2] = { X87N(FNOP) },
	[X_D9_4] = { X87N(FCHS), X87N(FABS), [4] = X87N(FTST), X87N(FXAM) },
	[X_D9_5] = { X87N(FLD1), X87N(FLDL2T), X87N(FLDL2E), X87N(FLDPI),
		     X87N(FLDLG2), X87N(FLDLN2), X87N(FLDZ) },
	[X_D9_6] = { X87N(F2XM1), X87N(FYL2X), X87N(FPTAN), X87N(FPATAN),
		     X87N(FXTRACT), X87N(FPREM1), X87N(FDECSTP), X87N(FINCSTP) },
	[X_D9_7] = { X87N(FPREM), X87N(FYL2XP1), X87N(FSQRT), X87N(FSINCOS),
		     X87N(FRNDINT), X87N(FSCALE), X87N(FSIN), X87N(FCOS) },
	[X_DAR] = { X87R(FCMOVB), X87R(FCMOVE), X87R(FCMOVBE), X87R(FCMOVU),
		    [5] = S(DT_RM, X_DA_5) },
	[X_DA_5] = { [1] = X87N(FUCOMPP) },
	[X_DBR] = { X87R(FCMOVNB), X87R(FCMOVNE), X87R(FCMOVNBE), X87R(FCMOVNU),
		    S(DT_RM, X_DB_4), X87R(FUCOMI), X87R(FCOMI) },
	[X_DB_4] = { X87N(FNENI), X87N(FNDISI), X87N(FNCLEX), X87N(FNINIT),
		     X87N(FNSETPM) },
	[X_DCR] = { X87R(FADD), X87R(FMUL), X87R(FCOM), X87R(FCOMP),
		    X87R(FSUBR), X87R(FSUB), X87R(FDIVR), X87R(FDIV) },
	[X_DDR] = { X87S(FFREE), X87S(FXCH), X87S(FST), X87S(FSTP),
		    X87S(FUCOM), X87S(FUCOMP) },
	[X_DER] = { X87R(FADDP), X87R(FMULP), X87R(FCOMP), S(DT_RM, X_DE_3),
		    X87R(FSUBRP), X87R(FSUBP), X87R(FDIVRP), X87R(FDIVP) },
	[X_DE_3] = { [1] = X87N(FCOMPP) },
	[X_DFR] = { X87S(FFREEP), X87S(FXCH), X87S(FSTP), X87S(FSTP),
		    S(DT_RM, X_DF_4), X87R(FUCOMIP), X87R(FCOMIP) },
	[X_DF_4] = { L(FNSTSW, MR, A_W, AX) },

	/* 0F map groups (SDM Vol. 2, Table A-6) */
	[X_0F00] = { L(SLDT, MR, A_W, RvMw), L(STR, MR, A_W, RvMw), L(LLDT, MR, A_R, Ew),
		     L(LTR, MR, A_R, Ew), L(VERR, MR, A_R, Ew), L(VERW, MR, A_R, Ew) },
	[X_0F01] = MEMREG(X_0F01M, X_0F01R),
	[X_0F01M] = { L(SGDT, MM, A_W, Ms), L(SIDT, MM, A_W, Ms), L(LGDT, MM, A_R, Ms),
		      L(LIDT, MM, A_R, Ms), L(SMSW, MM, A_W, Mw),
		      S(DT_PFX, X_0F01_5M), L(LMSW, MM, A_R, Mw),
		      L(INVLPG, MM, A_N, Mb) },
	[X_0F01_5M] = { [2] = L(RSTORSSP, MM, A_RW, Mq) },
	[X_0F01R] = { S(DT_RM, X_0F01_0), S(DT_RM, X_0F01_1), S(DT_RM, X_0F01_2),
		      S(DT_RM, X_0F01_3), L(SMSW, MR, A_W, Rv), S(DT_RM, X_0F01_5R),
		      L(LMSW, MR, A_R, Rw), S(DT_RM, X_0F01_7) },
	[X_0F01_0] = { L(ENCLV, MR, A_NONE, _), L(VMCALL, MR, A_NONE, _),
		       L(VMLAUNCH, MR, A_NONE, _), L(VMRESUME, MR, A_NONE, _),
		       L(VMXOFF, MR, A_NONE, _), L(PCONFIG, MR, A_NONE, _) },
	[X_0F01_1] = { L(MONITOR, MR, A_NONE, _), L(MWAIT, MR, A_NONE, _),
		       L(CLAC, MR, A_NONE, _), L(STAC, MR, A_NONE, _),
		       [7] = L(ENCLS, MR, A_NONE, _) },
	[X_0F01_2] = { L(XGETBV, MR, A_NONE, _), L(XSETBV, MR, A_NONE, _),
		       [4] = L(VMFUNC, MR, A_NONE, _), L(XEND, MR, A_NONE, _),
		       L(XTEST, MR, A_NONE, _), L(ENCLU, MR, A_NONE, _) },
	[X_0F01_3] = { L(VMRUN, MR, A_NONE, _), L(VMMCALL, MR, A_NONE, _),
		       L(VMLOAD, MR, A_NONE, _), L(VMSAVE, MR, A_NONE, _),
		       L(STGI, MR, A_NONE, _), L(CLGI, MR, A_NONE, _),
		       L(SKINIT, MR, A_NONE, _), L(INVLPGA, MR, A_NONE, _) },
	[X_0F01_5R] = { S(DT_PFX, X_0F01_E8), S(DT_PFX, X_0F01_E9), S(DT_PFX, X_0F01_EA),
			[6] = L(RDPKRU, MR, A_NONE, _), L(WRPKRU, MR, A_NONE, _) },
	[X_0F01_E8] = { L(SERIALIZE, MR, A_NONE, _), [2] = L(SETSSBSY, MR, A_NONE, _),
			[3] = L(XSUSLDTRK, MR, A_NONE, _) },
	[X_0F01_E9] = { [3] = L(XRESLDTRK, MR, A_NONE, _) },
	[X_0F01_EA] = { [2] = L(SAVEPREVSSP, MR, A_NONE, _) },
	[X_0F01_7] = { L(SWAPGS, MR | F_O64, A_NONE, _), L(RDTSCP, MR, A_NONE, _),
		       L(MONITORX, MR, A_NONE, _), L(MWAITX, MR, A_NONE, _),
		       L(CLZERO, MR, A_NONE, _), L(RDPRU, MR, A_NONE, _),
		       L(INVLPGB, MR, A_NONE, _), L(TLBSYNC, MR, A_NONE, _) },
	[X_0F0D] = { L(PREFETCH, MR, A_N, Mb), L(PREFETCHW, MR, A_N, Mb),
		     L(PREFETCHWT1, MR, A_N, Mb), L(PREFETCH, MR, A_N, Mb),
		     L(PREFETCH, MR, A_N, Mb), L(PREFETCH, MR, A_N, Mb),
		     L(PREFETCH, MR, A_N, Mb), L(PREFETCH, MR, A_N, Mb) },
	[X_0F18] = { S(DT_REG, X_0F18M), S(DT_REG, X_0F18R) },
	[X_0F18M] = { L(PREFETCHNTA, MR, A_N, Mb), L(PREFETCHT0, MR, A_N, Mb),
		      L(PREFETCHT1, MR, A_N, Mb), L(PREFETCHT2, MR, A_N, Mb),
		      NOPE, NOPE, NOPE, NOPE },
	[X_0F18R] = { NOPE, NOPE, NOPE, NOPE, NOPE, NOPE, NOPE, NOPE },
	/* CLDEMOTE m8 is NP 0F 1C /0, a hint that raises no fault but #UD
	 * for LOCK (SDM Vol. 2, "CLDEMOTE"); the rest of 0F 1C is NOP. */
	[X_0F1C] = { S(DT_REG, X_0F1CM), S(DT_REG, X_0F18R) },
	[X_0F1CM] = { S(DT_PFX, X_0F1CM0), NOPE, NOPE, NOPE, NOPE, NOPE, NOPE, NOPE },
	[X_0F1CM0] = { L(CLDEMOTE, MR, A_N, Mb), NOPE, NOPE, NOPE },
	[X_0F1A] = { L(BNDLDX, MR, A_R, Bnd, M), NOPE },
	[X_0F1B] = { L(BNDSTX, MR, A_W, M, Bnd), NOPE },
	[X_0F1E_F3] = { NOPE, S(DT_REG, X_0F1E_F3R) },
	[X_0F1E_F3R] = { NOPE, L(RDSSP, MR, A_W, Ry), NOPE, NOPE, NOPE, NOPE, NOPE,
			 S(DT_RM, X_0F1E_7) },
	[X_0F1E_7] = { NOPE, NOPE, L(ENDBR64, MR, A_NONE, _), L(ENDBR32, MR, A_NONE, _),
		       NOPE, NOPE, NOPE, NOPE },
	/* The register forms of (V)MOVSS/MOVSD merge with vvvv. */
	[X_MOVSS_LD] = { L(MOVSS, MR | VX | EM | F_EW0 | EVB, A_W, Vo, Md), L(MOVSS, MR | VX | F_EW0 | EVB, A_W, Vo, Ho, Uo) },
	[X_MOVSD_LD] = { L(MOVSD, MR | VX | EM | F_EW1 | EVB, A_W, Vo, Mq), L(MOVSD, MR | VX | F_EW1 | EVB, A_W, Vo, Ho, Uo) },
	[X_MOVSS_ST] = { L(MOVSS, MR | VX | EM | F_EW0 | EVB, A_W, Md, Vo), L(MOVSS, MR | VX | F_EW0 | EVB, A_W, Uo, Ho, Vo) },
	[X_MOVSD_ST] = { L(MOVSD, MR | VX | EM | F_EW1 | EVB, A_W, Mq, Vo), L(MOVSD, MR | VX | F_EW1 | EVB, A_W, Uo, Ho, Vo) },
	[X_0F12] = { L(MOVLPS, MR | VX | EM | F_L0 | F_EW0 | EVB | F_NOMASK, A_W, Vo, Ho, Mq),
		     L(MOVHLPS, MR | VX | F_L0 | F_EW0 | EVB | F_NOMASK, A_W, Vo, Ho, Uo) },
	[X_0F16] = { L(MOVHPS, MR | VX | EM | F_L0 | F_EW0 | EVB | F_NOMASK, A_W, Vo, Ho, Mq),
		     L(MOVLHPS, MR | VX | F_L0 | F_EW0 | EVB | F_NOMASK, A_W, Vo, Ho, Uo) },
	[X_0F41] = CMOVROW(CMOVNO), [X_0F42] = CMOVROW(CMOVB),
	[X_0F44] = CMOVROW(CMOVE), [X_0F45] = CMOVROW(CMOVNE),
	[X_0F46] = CMOVROW(CMOVBE), [X_0F47] = CMOVROW(CMOVA),
	[X_0F4A] = CMOVROW(CMOVP), [X_0F4B] = CMOVROW(CMOVNP),
	[X_0F90] = SETROW(SETO), [X_0F91] = SETROW(SETNO), [X_0F92] = SETROW(SETB),
	[X_0F93] = SETROW(SETAE), [X_0F98] = SETROW(SETS), [X_0F99] = SETROW(SETNS),
	[X_0F71] = { [2] = L(PSRLW, RR, A_RW, Nq, Ib), [4] = L(PSRAW, RR, A_RW, Nq, Ib),
		     [6] = L(PSLLW, RR, A_RW, Nq, Ib) },
	[X_0F71_66] = { [2] = EX(X_E0F_71_2), [4] = EX(X_E0F_71_4), [6] = EX(X_E0F_71_6) },
	[X_0F72] = { [2] = L(PSRLD, RR, A_RW, Nq, Ib), [4] = L(PSRAD, RR, A_RW, Nq, Ib),
		     [6] = L(PSLLD, RR, A_RW, Nq, Ib) },
	[X_0F72_66] = { EW(X_E0F_72_0), EW(X_E0F_72_1), EX(X_E0F_72_2),
			[4] = EX(X_E0F_72_4), [6] = EX(X_E0F_72_6) },
	[X_0F73] = { [2] = L(PSRLQ, RR, A_RW, Nq, Ib), [6] = L(PSLLQ, RR, A_RW, Nq, Ib) },
	[X_0F73_66] = { [2] = EX(X_E0F_73_2), EX(X_E0F_73_3),
			[6] = EX(X_E0F_73_6), EX(X_E0F_73_7) },
	[X_0F78_66] = { L(EXTRQ, RR, A_RW, Uo, Ib, Ib) },
	[X_0FAE] = MEMREG(X_0FAEM, X_0FAER),
	/* "NP 0F AE /0" etc.: 66, F2 and F3 are not permitted (SDM Vol. 2,
	 * 3.1.1.1, "NP"). */
	[X_0FAEM] = { S(DT_PFX, X_0FAE_M0), S(DT_PFX, X_0FAE_M1), S(DT_PFX, X_0FAE_M2),
		      S(DT_PFX, X_0FAE_M3), S(DT_PFX, X_0FAE_M4), S(DT_PFX, X_0FAE_M5),
		      S(DT_PFX, X_0FAE_M6), S(DT_PFX, X_0FAE_M7) },
	[X_0FAE_M0] = { L(FXSAVE, MM, A_W, M512) },
	[X_0FAE_M1] = { L(FXRSTOR, MM, A_R, M512) },
	[X_0FAE_M2] = { L(LDMXCSR, MM | V1 | F_L0, A_R, Md) },
	[X_0FAE_M3] = { L(STMXCSR, MM | V1 | F_L0, A_W, Md) },
	[X_0FAE_M5] = { L(XRSTOR, MM, A_R, Mxs) },
	[X_0FAE_M4] = { L(XSAVE, MM, A_W, Mxs), [2] = L(PTWRITE, MR, A_R, Ey) },
	/* CLFLUSH, CLFLUSHOPT and CLWB move no data but are "subject to all
	 * permission checking and faults associated with a byte load" (SDM
	 * Vol. 2, "CLFLUSH", "CLFLUSHOPT", "CLWB"): a read, as the emulator
	 * checks them (lib/x86/emulate_vector.c). */
	[X_0FAE_M6] = { L(XSAVEOPT, MM, A_W, Mxs), L(CLWB, MM | EM, A_R, Mcl),
			L(CLRSSBSY, MM, A_RW, Mq) },
	[X_0FAE_M7] = { L(CLFLUSH, MM | EM, A_R, Mcl), L(CLFLUSHOPT, MM | EM, A_R, Mcl) },
	[X_0FAER] = { S(DT_PFX, X_0FAE_R0), S(DT_PFX, X_0FAE_R1), S(DT_PFX, X_0FAE_R2),
		      S(DT_PFX, X_0FAE_R3), S(DT_PFX, X_0FAE_R4), S(DT_PFX, X_0FAE_R5),
		      S(DT_PFX, X_0FAE_R6), S(DT_PFX, X_0FAE_R7) },
	[X_0FAE_R0] = { [2] = L(RDFSBASE, RR | F_O64, A_W, Ry) },
	[X_0FAE_R1] = { [2] = L(RDGSBASE, RR | F_O64, A_W, Ry) },
	[X_0FAE_R2] = { [2] = L(WRFSBASE, RR | F_O64, A_R, Ry) },
	[X_0FAE_R3] = { [2] = L(WRGSBASE, RR | F_O64, A_R, Ry) },
	[X_0FAE_R4] = { [2] = L(PTWRITE, MR, A_R, Ey) },
	[X_0FAE_R5] = { L(LFENCE, MR, A_NONE, _), [2] = L(INCSSP, MR, A_R, Ry) },
	[X_0FAE_R6] = { L(MFENCE, MR, A_NONE, _), L(TPAUSE, MR, A_R, Rd),
			L(UMONITOR, MR, A_R, Rm), L(UMWAIT, MR, A_R, Rd) },
	[X_0FAE_R7] = { L(SFENCE, MR, A_NONE, _) },
	[X_0FBA] = { [4] = L(BT, MR | EM, A_R, Ev, Ib), L(BTS, LK | EM, A_RW, Ev, Ib),
		     L(BTR, LK | EM, A_RW, Ev, Ib), L(BTC, LK | EM, A_RW, Ev, Ib) },
	[X_0FC7] = MEMREG(X_0FC7M, X_0FC7R),
	[X_0FC7M] = { [1] = S(DT_W, X_0FC7_1), [3] = L(XRSTORS, MM, A_R, Mxs),
		      L(XSAVEC, MM, A_W, Mxs), L(XSAVES, MM, A_W, Mxs),
		      S(DT_PFX, X_0FC7_6), L(VMPTRST, MM, A_W, Mq) },
	[X_0FC7_1] = { L(CMPXCHG8B, LK | F_MEM | EM, A_RW, Mq),
		       L(CMPXCHG16B, LK | F_MEM | EM, A_RW, Mo) },
	[X_0FC7_6] = { L(VMPTRLD, MM, A_R, Mq), L(VMCLEAR, MM, A_R, Mq),
		       L(VMXON, MM, A_R, Mq) },
	[X_0FC7R] = { [6] = S(DT_PFX, X_0FC7_6R), S(DT_PFX, X_0FC7_7R) },
	[X_0FC7_6R] = { L(RDRAND, MR, A_W, Rv), L(RDRAND, MR, A_W, Rv),
			L(SENDUIPI, MR | F_O64, A_R, Rm) },
	[X_0FC7_7R] = { L(RDSEED, MR, A_W, Rv), L(RDSEED, MR, A_W, Rv),
			L(RDPID, MR, A_W, Rm) },

	/* AVX-512 (SDM Vol. 2, the instruction pages): the forms an EVEX.W
	 * tells apart (W0/W1 in the opcode column; a pair is the D/Q, PS/PD,
	 * B/W or 32X4/64X2 form, a single form is #UD with the other W), and
	 * the opcodes whose EVEX form is another instruction than their
	 * legacy/VEX one (DT_VEX, DT_EVEX). */
	[X_E0F_71_2] = SHIFTI(PSRLW, EVB), [X_E0F_71_4] = SHIFTI(PSRAW, EVB), [X_E0F_71_6] = SHIFTI(PSLLW, EVB),
	[X_E0F_72_2] = SHIFTI(PSRLD, EVD), [X_E0F_72_6] = SHIFTI(PSLLD, EVD),
	[X_E0F_72_4] = { L(PSRAD, RR | V1, A_W, Hx, Ux, Ib), EW(X_E0F_72_4W) },
	[X_E0F_72_4W] = { L(PSRAD, MR | F_EVEX | EVD, A_W, Hx, Wx, Ib), EL(VPSRAQ, EVQ, A_W, Hx, Wx, Ib) },
	[X_E0F_73_2] = SHIFTI(PSRLQ, EVQ), [X_E0F_73_3] = SHIFTI(PSRLDQ, EVB | F_NOMASK),
	[X_E0F_73_6] = SHIFTI(PSLLQ, EVQ), [X_E0F_73_7] = SHIFTI(PSLLDQ, EVB | F_NOMASK),
	[X_E0F_72_0] = WPAIR(VPRORD, VPRORQ, F_BCST, A_W, Hx, Wx, Ib),
	[X_E0F_72_1] = WPAIR(VPROLD, VPROLQ, F_BCST, A_W, Hx, Wx, Ib),
	/* EVEX 0F 78-7B: the unsigned and quadword conversions. */
	[X_E0F_78] = { L(VMREAD, MR | F_OSM, A_W, Ev, Gv), EW(X_E0F_78W) },
	[X_E0F_78W] = { EL(VCVTTPS2UDQ, 0, A_W, Vx, Wx), EL(VCVTTPD2UDQ, 0, A_W, Vh, Wx) },
	[X_E0F_7866] = { S(DT_REG, X_0F78_66), EW(X_E0F_7866W) },
	[X_E0F_7866W] = { EL(VCVTTPS2UQQ, 0, A_W, Vx, Wh), EL(VCVTTPD2UQQ, 0, A_W, Vx, Wx) },
	[X_E0F_78F2] = { L(INSERTQ, RR, A_W, Vo, Uo, Ib, Ib), EL(VCVTTSD2USI, F_BREG | F_NOMASK, A_W, Gy, Wq) },
	[X_E0F_79] = { L(VMWRITE, MR | F_OSM, A_R, Gv, Ev), EW(X_E0F_79W) },
	[X_E0F_79W] = { EL(VCVTPS2UDQ, 0, A_W, Vx, Wx), EL(VCVTPD2UDQ, 0, A_W, Vh, Wx) },
	[X_E0F_7966] = { L(EXTRQ, RR, A_W, Vo, Uo), EW(X_E0F_7966W) },
	[X_E0F_7966W] = { EL(VCVTPS2UQQ, 0, A_W, Vx, Wh), EL(VCVTPD2UQQ, 0, A_W, Vx, Wx) },
	[X_E0F_79F2] = { L(INSERTQ, RR, A_W, Vo, Uo), EL(VCVTSD2USI, F_BREG | F_NOMASK, A_W, Gy, Wq) },
	[X_E0F_7A] = { [1] = EW(X_E0F_7A66), EW(X_E0F_7AF3), EW(X_E0F_7AF2) },
	[X_E0F_7A66] = { EL(VCVTTPS2QQ, 0, A_W, Vx, Wh), EL(VCVTTPD2QQ, 0, A_W, Vx, Wx) },
	[X_E0F_7AF3] = { EL(VCVTUDQ2PD, F_BCST, A_W, Vx, Wh), EL(VCVTUQQ2PD, 0, A_W, Vx, Wx) },
	[X_E0F_7AF2] = { EL(VCVTUDQ2PS, 0, A_W, Vx, Wx), EL(VCVTUQQ2PS, 0, A_W, Vh, Wx) },
	[X_E0F_7B] = { [1] = EW(X_E0F_7B66), EL(VCVTUSI2SS, F_BREG | F_NOMASK, A_W, Vo, Ho, Ey),
		       EL(VCVTUSI2SD, F_BREG | F_NOMASK, A_W, Vo, Ho, Ey) },
	[X_E0F_7B66] = { EL(VCVTPS2QQ, 0, A_W, Vx, Wh), EL(VCVTPD2QQ, 0, A_W, Vx, Wx) },
	/* MOVDQA and MOVDQU; EVEX-encoded they are VMOVDQA32/64 and
	 * VMOVDQU32/64 by EVEX.W (SDM Vol. 2, "MOVDQA,VMOVDQA32/64",
	 * "MOVDQU,VMOVDQU8/16/32/64"). */
	[X_0F6F_66] = { L(MOVDQA, MR | V1 | EM, A_W, Vx, Wx), EW(X_0F6F_66W) },
	[X_0F6F_66W] = WPAIR(VMOVDQA32, VMOVDQA64, EVB | EM, A_W, Vx, Wx),
	[X_0F6F_F3] = { L(MOVDQU, MR | V1 | EM, A_W, Vx, Wx), EW(X_0F6F_F3W) },
	[X_0F6F_F3W] = WPAIR(VMOVDQU32, VMOVDQU64, EVB | EM, A_W, Vx, Wx),
	[X_0F7F_66] = { L(MOVDQA, MR | V1 | EM, A_W, Wx, Vx), EW(X_0F7F_66W) },
	[X_0F7F_66W] = WPAIR(VMOVDQA32, VMOVDQA64, EVB | EM, A_W, Wx, Vx),
	[X_0F7F_F3] = { L(MOVDQU, MR | V1 | EM, A_W, Wx, Vx), EW(X_0F7F_F3W) },
	[X_0F7F_F3W] = WPAIR(VMOVDQU32, VMOVDQU64, EVB | EM, A_W, Wx, Vx),
	[X_E0F_6F] = WPAIR(VMOVDQU8, VMOVDQU16, EVB | EM, A_W, Vx, Wx),
	[X_E0F_7F] = WPAIR(VMOVDQU8, VMOVDQU16, EVB | EM, A_W, Wx, Vx),
	[X_E38_10] = { L(PBLENDVB, MR, A_W, Vo, Wo), EW(X_E38_10W) },
	[X_E38_10W] = WONLY1(VPSRLVW, EVB, A_W, Vx, Hx, Wx),
	[X_E38_10F3] = WONLY0(VPMOVUSWB, EVB, A_W, Wh, Vx),
	[X_E38_11] = WONLY1(VPSRAVW, EVB, A_W, Vx, Hx, Wx),
	[X_E38_11F3] = WONLY0(VPMOVUSDB, EVB, A_W, Wqv, Vx),
	[X_E38_12] = WONLY1(VPSLLVW, EVB, A_W, Vx, Hx, Wx),
	[X_E38_12F3] = WONLY0(VPMOVUSQB, EVB, A_W, Wev, Vx),
	[X_E38_13F3] = WONLY0(VPMOVUSDW, EVB, A_W, Wh, Vx),
	[X_E38_14] = { L(BLENDVPS, MR, A_W, Vo, Wo), EW(X_E38_14W) },
	[X_E38_14W] = WPAIR(VPRORVD, VPRORVQ, F_BCST, A_W, Vx, Hx, Wx),
	[X_E38_14F3] = WONLY0(VPMOVUSQW, EVB, A_W, Wqv, Vx),
	[X_E38_15] = { L(BLENDVPD, MR, A_W, Vo, Wo), EW(X_E38_15W) },
	[X_E38_15W] = WPAIR(VPROLVD, VPROLVQ, F_BCST, A_W, Vx, Hx, Wx),
	[X_E38_15F3] = WONLY0(VPMOVUSQD, EVB, A_W, Wh, Vx),
	[X_E38_16] = { L(VPERMPS, MR | VEO | F_VW0 | F_L1 | EVD, A_W, Vx, Hx, Wx),
		       EL(VPERMPD, F_L1 | EVQ, A_W, Vx, Hx, Wx) },
	[X_E38_19] = { L(VBROADCASTSD, MR | VO | EM | F_VW0 | F_L1, A_W, Vx, Wq), EW(X_E38_19W) },
	[X_E38_19W] = { EL(VBROADCASTF32X2, F_L1 | EVB, A_W, Vx, Wq), EL(VBROADCASTSD, F_L1 | EVB, A_W, Vx, Wq) },
	[X_E38_1A] = { L(VBROADCASTF128, MM | VO | EM | F_VW0 | F_L1, A_W, Vx, Mo), EW(X_E38_1AW) },
	[X_E38_1AW] = WPAIR(VBROADCASTF32X4, VBROADCASTF64X2, F_MEM | F_L1 | EVB, A_W, Vx, Mo),
	[X_E38_1B] = WPAIR(VBROADCASTF32X8, VBROADCASTF64X4, F_MEM | F_L2 | EVB, A_W, Vx, Wh),
	[X_E38_20F3] = WONLY0(VPMOVSWB, EVB, A_W, Wh, Vx),
	[X_E38_21F3] = WONLY0(VPMOVSDB, EVB, A_W, Wqv, Vx),
	[X_E38_22F3] = WONLY0(VPMOVSQB, EVB, A_W, Wev, Vx),
	[X_E38_23F3] = WONLY0(VPMOVSDW, EVB, A_W, Wh, Vx),
	[X_E38_24F3] = WONLY0(VPMOVSQW, EVB, A_W, Wqv, Vx),
	[X_E38_25F3] = WONLY0(VPMOVSQD, EVB, A_W, Wh, Vx),
	[X_E38_26] = WPAIR(VPTESTMB, VPTESTMW, EVB | F_KDST, A_W, Kr, Hx, Wx),
	[X_E38_26F3] = WPAIR(VPTESTNMB, VPTESTNMW, EVB | F_KDST, A_W, Kr, Hx, Wx),
	[X_E38_27] = WPAIR(VPTESTMD, VPTESTMQ, F_BCST | F_KDST, A_W, Kr, Hx, Wx),
	[X_E38_27F3] = WPAIR(VPTESTNMD, VPTESTNMQ, F_BCST | F_KDST, A_W, Kr, Hx, Wx),
	[X_E38_28F3] = WPAIR(VPMOVM2B, VPMOVM2W, F_REG | EVB | F_NOMASK, A_W, Vx, Km),
	[X_E38_29F3] = WPAIR(VPMOVB2M, VPMOVW2M, F_REG | EVB | F_NOMASK, A_W, Kr, Ux),
	[X_E38_2AF3] = WONLY1(VPBROADCASTMB2Q, F_REG | EVB | F_NOMASK, A_W, Vx, Km),
	[X_E38_2C] = { L(VMASKMOVPS, MM | VO | F_VW0 | EM, A_W, Vx, Hx, Mx), EW(X_E38_2CW) },
	[X_E38_2CW] = WPAIR(VSCALEFPS, VSCALEFPD, 0, A_W, Vx, Hx, Wx),
	[X_E38_2D] = { L(VMASKMOVPD, MM | VO | F_VW0 | EM, A_W, Vx, Hx, Mx), EW(X_E38_2DW) },
	[X_E38_2DW] = WSCALAR(VSCALEFSS, VSCALEFSD, F_BREG, A_W, Vo, Ho, _),
	[X_E38_30F3] = WONLY0(VPMOVWB, EVB, A_W, Wh, Vx),
	[X_E38_31F3] = WONLY0(VPMOVDB, EVB, A_W, Wqv, Vx),
	[X_E38_32F3] = WONLY0(VPMOVQB, EVB, A_W, Wev, Vx),
	[X_E38_33F3] = WONLY0(VPMOVDW, EVB, A_W, Wh, Vx),
	[X_E38_34F3] = WONLY0(VPMOVQW, EVB, A_W, Wqv, Vx),
	[X_E38_35F3] = WONLY0(VPMOVQD, EVB, A_W, Wh, Vx),
	[X_E38_36] = { L(VPERMD, MR | VEO | F_VW0 | F_L1 | EVD, A_W, Vx, Hx, Wx),
		       EL(VPERMQ, F_L1 | EVQ, A_W, Vx, Hx, Wx) },
	[X_E38_38F3] = WPAIR(VPMOVM2D, VPMOVM2Q, F_REG | EVB | F_NOMASK, A_W, Vx, Km),
	[X_E38_39F3] = WPAIR(VPMOVD2M, VPMOVQ2M, F_REG | EVB | F_NOMASK, A_W, Kr, Ux),
	[X_E38_3AF3] = WONLY0(VPBROADCASTMW2D, F_REG | EVB | F_NOMASK, A_W, Vx, Km),
	[X_E38_42] = WPAIR(VGETEXPPS, VGETEXPPD, 0, A_W, Vx, Wx),
	[X_E38_43] = WSCALAR(VGETEXPSS, VGETEXPSD, F_BREG, A_W, Vo, Ho, _),
	[X_E38_44] = WPAIR(VPLZCNTD, VPLZCNTQ, F_BCST, A_W, Vx, Wx),
	[X_E38_46] = { L(VPSRAVD, MR | VEO | F_VW0 | EVD, A_W, Vx, Hx, Wx), EL(VPSRAVQ, EVQ, A_W, Vx, Hx, Wx) },
	[X_E38_4C] = WPAIR(VRCP14PS, VRCP14PD, F_BCST, A_W, Vx, Wx),
	[X_E38_4D] = WSCALAR(VRCP14SS, VRCP14SD, EVB, A_W, Vo, Ho, _),
	[X_E38_4E] = WPAIR(VRSQRT14PS, VRSQRT14PD, F_BCST, A_W, Vx, Wx),
	[X_E38_4F] = WSCALAR(VRSQRT14SS, VRSQRT14SD, EVB, A_W, Vo, Ho, _),
	[X_E38_52F3] = WONLY0(VDPBF16PS, F_BCST, A_RW, Vx, Hx, Wx),
	[X_E38_54] = WPAIR(VPOPCNTB, VPOPCNTW, EVB, A_W, Vx, Wx),
	[X_E38_55] = WPAIR(VPOPCNTD, VPOPCNTQ, F_BCST, A_W, Vx, Wx),
	[X_E38_59] = { L(VPBROADCASTQ, MR | VO | EM | F_VW0, A_W, Vx, Wq), EW(X_E38_59W) },
	[X_E38_59W] = { EL(VBROADCASTI32X2, EVB, A_W, Vx, Wq), EL(VPBROADCASTQ, EVB, A_W, Vx, Wq) },
	[X_E38_5A] = { L(VBROADCASTI128, MM | VO | EM | F_VW0 | F_L1, A_W, Vx, Mo), EW(X_E38_5AW) },
	[X_E38_5AW] = WPAIR(VBROADCASTI32X4, VBROADCASTI64X2, F_MEM | F_L1 | EVB, A_W, Vx, Mo),
	[X_E38_5B] = WPAIR(VBROADCASTI32X8, VBROADCASTI64X4, F_MEM | F_L2 | EVB, A_W, Vx, Wh),
	[X_E38_62] = WPAIR(VPEXPANDB, VPEXPANDW, EVB, A_W, Vx, Wx),
	[X_E38_63] = WPAIR(VPCOMPRESSB, VPCOMPRESSW, EVB, A_W, Wx, Vx),
	[X_E38_64] = WPAIR(VPBLENDMD, VPBLENDMQ, F_BCST, A_W, Vx, Hx, Wx),
	[X_E38_65] = WPAIR(VBLENDMPS, VBLENDMPD, F_BCST, A_W, Vx, Hx, Wx),
	[X_E38_66] = WPAIR(VPBLENDMB, VPBLENDMW, EVB, A_W, Vx, Hx, Wx),
	[X_E38_70] = WONLY1(VPSHLDVW, EVB, A_RW, Vx, Hx, Wx),
	[X_E38_71] = WPAIR(VPSHLDVD, VPSHLDVQ, F_BCST, A_RW, Vx, Hx, Wx),
	[X_E38_72] = WONLY1(VPSHRDVW, EVB, A_RW, Vx, Hx, Wx),
	[X_E38_72F3] = WONLY0(VCVTNEPS2BF16, F_BCST, A_W, Vh, Wx),
	[X_E38_72F2] = WONLY0(VCVTNE2PS2BF16, F_BCST, A_W, Vx, Hx, Wx),
	[X_E38_73] = WPAIR(VPSHRDVD, VPSHRDVQ, F_BCST, A_RW, Vx, Hx, Wx),
	[X_E38_75] = WPAIR(VPERMI2B, VPERMI2W, EVB, A_RW, Vx, Hx, Wx),
	[X_E38_76] = WPAIR(VPERMI2D, VPERMI2Q, F_BCST, A_RW, Vx, Hx, Wx),
	[X_E38_77] = WPAIR(VPERMI2PS, VPERMI2PD, F_BCST, A_RW, Vx, Hx, Wx),
	[X_E38_7A] = WONLY0(VPBROADCASTB, F_REG | EVB, A_W, Vx, Rd),
	[X_E38_7B] = WONLY0(VPBROADCASTW, F_REG | EVB, A_W, Vx, Rd),
	[X_E38_7C] = { EL(VPBROADCASTD, F_REG | EVB, A_W, Vx, Rd), EL(VPBROADCASTQ, F_REG | EVB, A_W, Vx, Ry) },
	[X_E38_7D] = WPAIR(VPERMT2B, VPERMT2W, EVB, A_RW, Vx, Hx, Wx),
	[X_E38_7E] = WPAIR(VPERMT2D, VPERMT2Q, F_BCST, A_RW, Vx, Hx, Wx),
	[X_E38_7F] = WPAIR(VPERMT2PS, VPERMT2PD, F_BCST, A_RW, Vx, Hx, Wx),
	[X_E38_83] = WONLY1(VPMULTISHIFTQB, F_BCST, A_W, Vx, Hx, Wx),
	[X_E38_88] = WPAIR(VEXPANDPS, VEXPANDPD, EVB, A_W, Vx, Wx),
	[X_E38_89] = WPAIR(VPEXPANDD, VPEXPANDQ, EVB, A_W, Vx, Wx),
	[X_E38_8A] = WPAIR(VCOMPRESSPS, VCOMPRESSPD, EVB, A_W, Wx, Vx),
	[X_E38_8B] = WPAIR(VPCOMPRESSD, VPCOMPRESSQ, EVB, A_W, Wx, Vx),
	[X_E38_8D] = WPAIR(VPERMB, VPERMW, EVB, A_W, Vx, Hx, Wx),
	[X_E38_8F] = WONLY0(VPSHUFBITQMB, EVB | F_KDST, A_W, Kr, Hx, Wx),
	/* EVEX gathers and scatters: no vvvv mask, one element per access. */
	[X_E38_90] = { L(VPGATHERD, MM | VO | F_VSIB, A_W, Vx, We, Hk), EW(X_E38_90W) },
	[X_E38_90W] = WSCATTER(VPGATHERDD, VPGATHERDQ, A_W, Vx, Md, Vx, Mq),
	[X_E38_91] = { L(VPGATHERQ, MM | VO | F_VSIB, A_W, Vx, We, Hk), EW(X_E38_91W) },
	[X_E38_91W] = WSCATTER(VPGATHERQD, VPGATHERQQ, A_W, Vx, Md, Vx, Mq),
	[X_E38_92] = { L(VGATHERDP, MM | VO | F_VSIB, A_W, Vx, We, Hk), EW(X_E38_92W) },
	[X_E38_92W] = WSCATTER(VGATHERDPS, VGATHERDPD, A_W, Vx, Md, Vx, Mq),
	[X_E38_93] = { L(VGATHERQP, MM | VO | F_VSIB, A_W, Vx, We, Hk), EW(X_E38_93W) },
	[X_E38_93W] = WSCATTER(VGATHERQPS, VGATHERQPD, A_W, Vx, Md, Vx, Mq),
	[X_E38_A0] = WSCATTER(VPSCATTERDD, VPSCATTERDQ, A_W, Md, Vx, Mq, Vx),
	[X_E38_A1] = WSCATTER(VPSCATTERQD, VPSCATTERQQ, A_W, Md, Vx, Mq, Vx),
	[X_E38_A2] = WSCATTER(VSCATTERDPS, VSCATTERDPD, A_W, Md, Vx, Mq, Vx),
	[X_E38_A3] = WSCATTER(VSCATTERQPS, VSCATTERQPD, A_W, Md, Vx, Mq, Vx),
	[X_E38_B4] = WONLY1(VPMADD52LUQ, F_BCST, A_RW, Vx, Hx, Wx),
	[X_E38_B5] = WONLY1(VPMADD52HUQ, F_BCST, A_RW, Vx, Hx, Wx),
	[X_E38_C4] = WPAIR(VPCONFLICTD, VPCONFLICTQ, F_BCST, A_W, Vx, Wx),
	/* AMX 0F38 49: NP LDTILECFG m512 (64 bytes, /0) and TILERELEASE (C0
	 * only), 66 STTILECFG m512 (/0), F2 TILEZERO tmm (mod 11, rm 000). */
	[X_AMX49] = MEMREG(X_AMX49M, X_AMX49R),
	[X_AMX49M] = { AMX(LDTILECFG, MM, A_R, M64b) },
	[X_AMX49R] = { S(DT_RM, X_AMX49R0) },
	[X_AMX49R0] = { AMX(TILERELEASE, RR, A_NONE, _) },
	[X_AMX49_66] = { AMX(STTILECFG, MM, A_W, M64b) },
	[X_AMX49_F2] = { AMX(TILEZERO, RR, A_W, Tr) },
	/* VP2INTERSECTD/Q k1+1, xmm2, xmm3/m/bcst: ModRM.reg names a pair
	 * of mask registers (k1 is reg with bit 0 clear, k1+1 the next;
	 * SDM Vol. 2, "VP2INTERSECTD/VP2INTERSECTQ"), both written; the
	 * decoder reports the encoded one.  No masking. */
	[X_E38_68F2] = WPAIR(VP2INTERSECTD, VP2INTERSECTQ, F_BCST | F_NOMASK, A_W, Kr, Hx, Wx),
	/* AVX512PF (SDM Vol. 2, "VGATHERPF0DPS/VGATHERPF0QPS/VGATHERPF0DPD/
	 * VGATHERPF0QPD" and the PF1 and scatter pages): prefetches of the
	 * elements a gather or scatter would access, no data access. */
	[X_E38_C6] = { S(DT_REG, X_E38_C6W0), S(DT_REG, X_E38_C6W1) },
	[X_E38_C6W0] = PFROW(VGATHERPF0DPS, VGATHERPF1DPS, VSCATTERPF0DPS, VSCATTERPF1DPS, Md),
	[X_E38_C6W1] = PFROW(VGATHERPF0DPD, VGATHERPF1DPD, VSCATTERPF0DPD, VSCATTERPF1DPD, Mq),
	[X_E38_C7] = { S(DT_REG, X_E38_C7W0), S(DT_REG, X_E38_C7W1) },
	[X_E38_C7W0] = PFROW(VGATHERPF0QPS, VGATHERPF1QPS, VSCATTERPF0QPS, VSCATTERPF1QPS, Md),
	[X_E38_C7W1] = PFROW(VGATHERPF0QPD, VGATHERPF1QPD, VSCATTERPF0QPD, VSCATTERPF1QPD, Mq),
	[X_E38_C8] = WPAIR(VEXP2PS, VEXP2PD, F_L2, A_W, Vx, Wx),
	[X_E38_CA] = WPAIR(VRCP28PS, VRCP28PD, F_L2, A_W, Vx, Wx),
	[X_E38_CB] = WSCALAR(VRCP28SS, VRCP28SD, F_BREG, A_W, Vo, Ho, _),
	[X_E38_CC] = WPAIR(VRSQRT28PS, VRSQRT28PD, F_L2, A_W, Vx, Wx),
	[X_E38_CD] = WSCALAR(VRSQRT28SS, VRSQRT28SD, F_BREG, A_W, Vo, Ho, _),
	[X_E3A_03] = WPAIR(VALIGND, VALIGNQ, F_BCST, A_W, Vx, Hx, Wx, Ib),
	[X_E3A_08] = { L(ROUNDPS, MR | V1, A_W, Vx, Wx, Ib), EW(X_E3A_08W) },
	[X_E3A_08W] = WONLY0(VRNDSCALEPS, 0, A_W, Vx, Wx, Ib),
	[X_E3A_09] = { L(ROUNDPD, MR | V1, A_W, Vx, Wx, Ib), EW(X_E3A_09W) },
	[X_E3A_09W] = WONLY1(VRNDSCALEPD, 0, A_W, Vx, Wx, Ib),
	[X_E3A_0A] = { L(ROUNDSS, MR | V1, A_W, Vo, Ho, Wd, Ib), EW(X_E3A_0AW) },
	[X_E3A_0AW] = WONLY0(VRNDSCALESS, F_BREG, A_W, Vo, Ho, Wd, Ib),
	[X_E3A_0B] = { L(ROUNDSD, MR | V1, A_W, Vo, Ho, Wq, Ib), EW(X_E3A_0BW) },
	[X_E3A_0BW] = WONLY1(VRNDSCALESD, F_BREG, A_W, Vo, Ho, Wq, Ib),
	[X_E3A_18] = { L(VINSERTF128, MR | VO | EM | F_VW0 | F_L1, A_W, Vx, Hx, Wo, Ib), EW(X_E3A_18W) },
	[X_E3A_18W] = WPAIR(VINSERTF32X4, VINSERTF64X2, F_L1 | EVB, A_W, Vx, Hx, Wo, Ib),
	[X_E3A_19] = { L(VEXTRACTF128, MR | VO | EM | F_VW0 | F_L1, A_W, Wo, Vx, Ib), EW(X_E3A_19W) },
	[X_E3A_19W] = WPAIR(VEXTRACTF32X4, VEXTRACTF64X2, F_L1 | EVB, A_W, Wo, Vx, Ib),
	[X_E3A_1A] = WPAIR(VINSERTF32X8, VINSERTF64X4, F_L2 | EVB, A_W, Vx, Hx, Wh, Ib),
	[X_E3A_1B] = WPAIR(VEXTRACTF32X8, VEXTRACTF64X4, F_L2 | EVB, A_W, Wh, Vx, Ib),
	[X_E3A_1E] = WPAIR(VPCMPUD, VPCMPUQ, F_BCST | F_KDST, A_W, Kr, Hx, Wx, Ib),
	[X_E3A_1F] = WPAIR(VPCMPD, VPCMPQ, F_BCST | F_KDST, A_W, Kr, Hx, Wx, Ib),
	[X_E3A_23] = WPAIR(VSHUFF32X4, VSHUFF64X2, F_L1 | F_BCST, A_W, Vx, Hx, Wx, Ib),
	[X_E3A_25] = WPAIR(VPTERNLOGD, VPTERNLOGQ, F_BCST, A_RW, Vx, Hx, Wx, Ib),
	[X_E3A_26] = WPAIR(VGETMANTPS, VGETMANTPD, 0, A_W, Vx, Wx, Ib),
	[X_E3A_27] = WSCALAR(VGETMANTSS, VGETMANTSD, F_BREG, A_W, Vo, Ho, Ib),
	[X_E3A_38] = { L(VINSERTI128, MR | VO | EM | F_VW0 | F_L1, A_W, Vx, Hx, Wo, Ib), EW(X_E3A_38W) },
	[X_E3A_38W] = WPAIR(VINSERTI32X4, VINSERTI64X2, F_L1 | EVB, A_W, Vx, Hx, Wo, Ib),
	[X_E3A_39] = { L(VEXTRACTI128, MR | VO | EM | F_VW0 | F_L1, A_W, Wo, Vx, Ib), EW(X_E3A_39W) },
	[X_E3A_39W] = WPAIR(VEXTRACTI32X4, VEXTRACTI64X2, F_L1 | EVB, A_W, Wo, Vx, Ib),
	[X_E3A_3A] = WPAIR(VINSERTI32X8, VINSERTI64X4, F_L2 | EVB, A_W, Vx, Hx, Wh, Ib),
	[X_E3A_3B] = WPAIR(VEXTRACTI32X8, VEXTRACTI64X4, F_L2 | EVB, A_W, Wh, Vx, Ib),
	[X_E3A_3E] = WPAIR(VPCMPUB, VPCMPUW, EVB | F_KDST, A_W, Kr, Hx, Wx, Ib),
	[X_E3A_3F] = WPAIR(VPCMPB, VPCMPW, EVB | F_KDST, A_W, Kr, Hx, Wx, Ib),
	[X_E3A_42] = { L(MPSADBW, MR | V1, A_W, Vx, Hx, Wx, Ib), EW(X_E3A_42W) },
	[X_E3A_42W] = WONLY0(VDBPSADBW, EVB, A_W, Vx, Hx, Wx, Ib),
	[X_E3A_43] = WPAIR(VSHUFI32X4, VSHUFI64X2, F_L1 | F_BCST, A_W, Vx, Hx, Wx, Ib),
	[X_E3A_50] = WPAIR(VRANGEPS, VRANGEPD, 0, A_W, Vx, Hx, Wx, Ib),
	[X_E3A_51] = WSCALAR(VRANGESS, VRANGESD, F_BREG, A_W, Vo, Ho, Ib),
	[X_E3A_54] = WPAIR(VFIXUPIMMPS, VFIXUPIMMPD, 0, A_RW, Vx, Hx, Wx, Ib),
	[X_E3A_55] = WSCALAR(VFIXUPIMMSS, VFIXUPIMMSD, F_BREG, A_RW, Vo, Ho, Ib),
	[X_E3A_56] = WPAIR(VREDUCEPS, VREDUCEPD, 0, A_W, Vx, Wx, Ib),
	[X_E3A_57] = WSCALAR(VREDUCESS, VREDUCESD, F_BREG, A_W, Vo, Ho, Ib),
	[X_E3A_66] = WPAIR(VFPCLASSPS, VFPCLASSPD, F_BCST | F_KDST, A_W, Kr, Wx, Ib),
	[X_E3A_67] = { EL(VFPCLASSSS, EVB | F_KDST, A_W, Kr, Wd, Ib), EL(VFPCLASSSD, EVB | F_KDST, A_W, Kr, Wq, Ib) },
	[X_E3A_70] = WONLY1(VPSHLDW, EVB, A_W, Vx, Hx, Wx, Ib),
	[X_E3A_71] = WPAIR(VPSHLDD, VPSHLDQ, F_BCST, A_W, Vx, Hx, Wx, Ib),
	[X_E3A_72] = WONLY1(VPSHRDW, EVB, A_W, Vx, Hx, Wx, Ib),
	[X_E3A_73] = WPAIR(VPSHRDD, VPSHRDQ, F_BCST, A_W, Vx, Hx, Wx, Ib),
	/* Instructions whose EVEX.W1 form is another instruction, the
	 * quadword one (SDM Vol. 2, "PMINSD/PMINSQ", "PMINUD/PMINUQ",
	 * "PMAXSD/PMAXSQ", "PMAXUD/PMAXUQ", "PMULLD/PMULLQ", "PSRAW/PSRAD/
	 * PSRAQ", "CVTDQ2PD", "VCVTQQ2PD", "CVTDQ2PS", "VCVTQQ2PS"): the
	 * legacy and VEX form, then by EVEX.W. */
	EQROWS(X_38_39, X_38_39W, PMINSD, VPMINSQ, Vx, Hx, Wx),
	EQROWS(X_38_3B, X_38_3BW, PMINUD, VPMINUQ, Vx, Hx, Wx),
	EQROWS(X_38_3D, X_38_3DW, PMAXSD, VPMAXSQ, Vx, Hx, Wx),
	EQROWS(X_38_3F, X_38_3FW, PMAXUD, VPMAXUQ, Vx, Hx, Wx),
	EQROWS(X_38_40, X_38_40W, PMULLD, VPMULLQ, Vx, Hx, Wx),
	[X_0FE2_66] = { L(PSRAD, MR | V1, A_W, Vx, Hx, Wo), EW(X_0FE2_66W) },
	[X_0FE2_66W] = { L(PSRAD, MR | F_EVEX | F_EW0 | EVB, A_W, Vx, Hx, Wo),
			 EL(VPSRAQ, EVB, A_W, Vx, Hx, Wo) },
	[X_0FE6_F3] = { L(CVTDQ2PD, MR | V1, A_W, Vx, Wh), EW(X_0FE6_F3W) },
	[X_0FE6_F3W] = { L(CVTDQ2PD, MR | F_EVEX | EVD, A_W, Vx, Wh),
			 EL(VCVTQQ2PD, F_BCST | F_EW1, A_W, Vx, Wx) },
	[X_0F5B] = { L(CVTDQ2PS, MR | V1, A_W, Vx, Wx), EW(X_0F5BW) },
	[X_0F5BW] = { L(CVTDQ2PS, MR | F_EVEX | F_EW0, A_W, Vx, Wx),
		      EL(VCVTQQ2PS, F_EW1, A_W, Vh, Wx) },
	/* PEXTRQ and PINSRQ: a 64-bit operand (REX.W or VEX/EVEX.W1 in
	 * 64-bit mode), SDM Vol. 2, "PEXTRB/PEXTRD/PEXTRQ", "PINSRB/PINSRD/
	 * PINSRQ". */
	[X_3A_16] = { L(PEXTRD, MR | PXQ | EM, A_W, Ey, Vo, Ib), L(PEXTRD, MR | PXQ | EM, A_W, Ey, Vo, Ib),
		      L(PEXTRQ, MR | PXQ | EM, A_W, Ey, Vo, Ib) },
	[X_3A_22] = { L(PINSRD, MR | PXQ | EM, A_W, Vo, Ho, Ey, Ib), L(PINSRD, MR | PXQ | EM, A_W, Vo, Ho, Ey, Ib),
		      L(PINSRQ, MR | PXQ | EM, A_W, Vo, Ho, Ey, Ib) },
	[X_0F6E] = MOVDQ(EM, Pq, Ey),
	[X_0F6E_66] = MOVDQ(VX | F_L0 | EM | EVB | F_NOMASK, Vo, Ey),
	[X_0F7E] = MOVDQ(EM, Ey, Pq),
	[X_0F7E_66] = MOVDQ(VX | F_L0 | EM | EVB | F_NOMASK, Ey, Vo),
	/* KMOVB k, r32 and r32, k: VEX.L0.66.0F.W0 92/93 (SDM Vol. 2,
	 * "KMOVW/KMOVB/KMOVQ/KMOVD"); W1 is not defined. */
	[X_0F92_66] = { L(KMOV, RR | VO | F_L0, A_W, Kr, Rd) },
	[X_0F93_66] = { L(KMOV, RR | VO | F_L0, A_W, Gd, Km) },
	[X_38F3] = { [1] = L(BLSR, MR | VO | F_L0, A_W, By, Ey),
		     L(BLSMSK, MR | VO | F_L0, A_W, By, Ey),
		     L(BLSI, MR | VO | F_L0, A_W, By, Ey) },
	/* AVX512-FP16 map 5: VMOVSH (as MOVSS: m16, or merging two
	 * registers; no EVEX.b), and the W0/W1 conversions to FP16 of
	 * doublewords and quadwords ("VCVTDQ2PH", "VCVTQQ2PH", "VCVTUDQ2PH",
	 * "VCVTUQQ2PH": m32bcst/m64bcst). */
	[X_E5_10] = { EL(VMOVSH, F_EW0 | F_NOB, A_W, Vo, Mw), EL(VMOVSH, F_EW0 | F_NOB, A_W, Vo, Ho, Uo) },
	[X_E5_11] = { EL(VMOVSH, F_EW0 | F_NOB, A_W, Mw, Vo), EL(VMOVSH, F_EW0 | F_NOB, A_W, Uo, Ho, Vo) },
	/* The conversions between FP16 and a general register: W1 (r64/m64)
	 * is "N.E." outside 64-bit mode, so #UD there, unlike the "W1 is
	 * ignored" of VCVTSI2SS ("VCVTSI2SH", "VCVTSH2SI", "VCVTTSH2SI",
	 * "VCVTUSI2SH", "VCVTSH2USI", "VCVTTSH2USI"). */
	[X_E5_2A] = GPRSH(VCVTSI2SH, Vo, Ho, Ey), [X_E5_2C] = GPRSH(VCVTTSH2SI, Gy, Ww),
	[X_E5_2D] = GPRSH(VCVTSH2SI, Gy, Ww), [X_E5_78] = GPRSH(VCVTTSH2USI, Gy, Ww),
	[X_E5_79] = GPRSH(VCVTSH2USI, Gy, Ww), [X_E5_7B] = GPRSH(VCVTUSI2SH, Vo, Ho, Ey),
	[X_E5_5B] = { EL(VCVTDQ2PH, 0, A_W, Vh, Wx), EL(VCVTQQ2PH, 0, A_W, Vo, Wx) },
	[X_E5_7A] = { EL(VCVTUDQ2PH, 0, A_W, Vh, Wx), EL(VCVTUQQ2PH, 0, A_W, Vo, Wx) },
};

/* 3DNow! (0F 0F ModRM imm8): the imm8 selects the operation. */
const uint16_t vmexit_dt_3dnow[256] = {
	[0x0c] = MN(PI2FW), [0x0d] = MN(PI2FD), [0x1c] = MN(PF2IW),
	[0x1d] = MN(PF2ID), [0x8a] = MN(PFNACC), [0x8e] = MN(PFPNACC),
	[0x90] = MN(PFCMPGE), [0x94] = MN(PFMIN), [0x96] = MN(PFRCP),
	[0x97] = MN(PFRSQRT), [0x9a] = MN(PFSUB), [0x9e] = MN(PFADD),
	[0xa0] = MN(PFCMPGT), [0xa4] = MN(PFMAX), [0xa6] = MN(PFRCPIT1),
	[0xa7] = MN(PFRSQIT1), [0xaa] = MN(PFSUBR), [0xae] = MN(PFACC),
	[0xb0] = MN(PFCMPEQ), [0xb4] = MN(PFMUL), [0xb6] = MN(PFRCPIT2),
	[0xb7] = MN(PMULHRW), [0xbb] = MN(PSWAPD), [0xbf] = MN(PAVGUSB),
};

/* XOP map 8: ModRM and imm8 (APM Vol. 6 / Vol. 4, "XOP" opcode map). */
const uint16_t vmexit_dt_xop8[256] = {
	[0x85] = MN(VPMACSSWW), [0x86] = MN(VPMACSSWD), [0x87] = MN(VPMACSSDQL),
	[0x8e] = MN(VPMACSSDD), [0x8f] = MN(VPMACSSDQH), [0x95] = MN(VPMACSWW),
	[0x96] = MN(VPMACSWD), [0x97] = MN(VPMACSDQL), [0x9e] = MN(VPMACSDD),
	[0x9f] = MN(VPMACSDQH), [0xa2] = MN(VPCMOV), [0xa3] = MN(VPPERM),
	[0xa6] = MN(VPMADCSSWD), [0xb6] = MN(VPMADCSWD), [0xc0] = MN(VPROTB),
	[0xc1] = MN(VPROTW), [0xc2] = MN(VPROTD), [0xc3] = MN(VPROTQ),
	[0xcc] = MN(VPCOMB), [0xcd] = MN(VPCOMW), [0xce] = MN(VPCOMD),
	[0xcf] = MN(VPCOMQ), [0xec] = MN(VPCOMUB), [0xed] = MN(VPCOMUW),
	[0xee] = MN(VPCOMUD), [0xef] = MN(VPCOMUQ),
};

/* XOP map 9: ModRM, no immediate.  01, 02 and 12 are ModRM.reg groups
 * (TBM and LWP) resolved in decode.c. */
const uint16_t vmexit_dt_xop9[256] = {
	[0x01] = MN(BLCFILL), [0x02] = MN(BLCMSK), [0x12] = MN(LLWPCB),
	[0x80] = MN(VFRCZPS), [0x81] = MN(VFRCZPD), [0x82] = MN(VFRCZSS),
	[0x83] = MN(VFRCZSD), [0x90] = MN(VPROTB), [0x91] = MN(VPROTW),
	[0x92] = MN(VPROTD), [0x93] = MN(VPROTQ), [0x94] = MN(VPSHLB),
	[0x95] = MN(VPSHLW), [0x96] = MN(VPSHLD), [0x97] = MN(VPSHLQ),
	[0x98] = MN(VPSHAB), [0x99] = MN(VPSHAW), [0x9a] = MN(VPSHAD),
	[0x9b] = MN(VPSHAQ), [0xc1] = MN(VPHADDBW), [0xc2] = MN(VPHADDBD),
	[0xc3] = MN(VPHADDBQ), [0xc6] = MN(VPHADDWD), [0xc7] = MN(VPHADDWQ),
	[0xcb] = MN(VPHADDDQ), [0xd1] = MN(VPHADDUBW), [0xd2] = MN(VPHADDUBD),
	[0xd3] = MN(VPHADDUBQ), [0xd6] = MN(VPHADDUWD), [0xd7] = MN(VPHADDUWQ),
	[0xdb] = MN(VPHADDUDQ), [0xe1] = MN(VPHSUBBW), [0xe2] = MN(VPHSUBWD),
	[0xe3] = MN(VPHSUBDQ),
};

/* XOP map 0Ah: ModRM and a 32-bit immediate. */
const uint16_t vmexit_dt_xopa[256] = {
	[0x10] = MN(BEXTR), [0x12] = MN(LWPINS),
};
