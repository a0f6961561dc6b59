/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The reviewed list of tests/test_decode_diff.c: every case where Zydis or
 * capstone (or both) disagree with the manual, and so the only place the
 * differential test accepts a disagreement.
 *
 * An entry names one encoding class as narrowly as the manual's rule is:
 * the mode(s), the escape (legacy, VEX, EVEX, XOP), the opcode map, the
 * opcode byte, a ModRM value under a mask, the legacy prefixes present and
 * absent, and the VEX/EVEX/XOP payload bits under a mask (VEX is written
 * in its three-byte form C4 P0 P1, so the two-byte form C5 xx is P0 = R 1
 * 1 00001, P1 = 0 vvvv L pp).  It says which reference is wrong (Zydis,
 * capstone, or both) and how (it accepts what the manual makes #UD, it
 * rejects what the manual defines, or it gets the length wrong); the test
 * then requires libvmexit to agree with the reference the entry says is
 * right, so an entry never hides a libvmexit bug in its class, and a
 * disagreement outside every class fails the test.  The test counts the
 * hits of every entry and fails on an entry that no longer hits (stale).
 *
 * No entry is about libvmexit: where libvmexit is wrong the test fails.
 * The EVEX entries about capstone all require P1[2] = 1 (a well-formed
 * EVEX prefix), so that Zydis's Knights Corner MVEX decodes (P1[2] = 0)
 * never fall into a class that says capstone is the wrong one.
 */
#ifndef VMEXIT_TEST_DECODE_EXCEPTIONS_H
#define VMEXIT_TEST_DECODE_EXCEPTIONS_H

/* Which reference the manual proves wrong. */
enum rx_wrong { RX_ZYDIS = 1, RX_CAPSTONE, RX_BOTH };

/* How the wrong reference is wrong (a mask).  For RX_BOTH the manual's
 * answer is #UD (RX_ACCEPTS: both decode an undefined encoding). */
#define RX_ACCEPTS 1u     /* decodes bytes the manual makes #UD */
#define RX_REJECTS 2u     /* rejects an instruction the manual defines */
#define RX_LENGTH 4u      /* decodes it, with the wrong length */
#define RX_TRUNC_ORDER 8u /* a rule, not an encoding: the first entry */

/* Escapes */
#define ESC_LEGACY 1
#define ESC_VEX 2  /* C4, C5 */
#define ESC_EVEX 3 /* 62 */
#define ESC_XOP 4  /* 8F with map >= 8 */

/* Opcode maps: the legacy ones, and the raw map field of VEX/EVEX/XOP. */
#define MAP_ANY (-1)
#define MAP_1B 0
#define MAP_0F 1
#define MAP_0F38 2
#define MAP_0F3A 3
#define MAP_3DNOW 4 /* legacy 0F 0F */

/* Legacy prefixes and REX (pfx_on: all present; pfx_off: none present;
 * pfx_any: at least one present) */
#define P_66 0x001u
#define P_67 0x002u
#define P_F2 0x004u
#define P_F3 0x008u
#define P_LOCK 0x010u
#define P_SEG 0x020u
#define P_REX 0x040u  /* a REX prefix that takes effect */
#define P_REXW 0x080u /* ... with W = 1 */
#define P_REXR 0x100u /* ... with R = 1 */
#define P_SIMD (P_66 | P_F2 | P_F3)

#define RX_SEEN_RANDOM 0
#define RX_SEEN_CODE 1
#define RX_SEEN_VEX 2 /* only in the DDIFF_VEX exploration: stale-checked
			 when that ran */

#define M16 1u
#define M32 2u
#define M64 4u
#define MALL (M16 | M32 | M64)
#define M1632 (M16 | M32)

/* ModRM forms */
#define FORM_REG 1 /* mod == 11b */
#define FORM_MEM 2 /* mod != 11b */

struct enc;

struct reviewed {
	const char *name;
	unsigned modes;
	int esc;
	int map;
	const char *ops;  /* opcode bytes in hex, "" or NULL: op/op_mask */
	uint8_t op, op_mask;
	uint8_t modrm, modrm_mask; /* mask 0: any (the byte may be absent) */
	int form;
	unsigned pfx_on, pfx_off, pfx_any;
	uint8_t pay[3], pay_mask[3]; /* VEX/XOP: P0 P1; EVEX: P0 P1 P2 */
	uint8_t pay_not[3], pay_not_mask[3]; /* and not this */
	/* Only where the wrong reference, Zydis, names this ISA extension
	 * (a prefix of ZydisISAExtGetString()): instructions that are in no
	 * manual. */
	const char *zydis_isa;
	/* A rule of the manual that is clearer as code (see the test). */
	int (*pred)(unsigned mode, const struct enc *e);
	enum rx_wrong wrong;
	unsigned how;
	/* Where the class was seen when it was reviewed: RX_SEEN_RANDOM (the
	 * random strings or the hand-written cases, fixed: a stale entry
	 * fails the test) or RX_SEEN_CODE (only in real code, which depends
	 * on the machine's programs and compiler: a stale entry is
	 * reported). */
	int seen;
	const char *reason;
	const char *manual;
	unsigned long hits[16];  /* per corpus: the class matched */
	unsigned long vfail[16]; /* ... and libvmexit was wrong */
};

/* Shorthands: an opcode exactly, a ModRM value/mask. */
#define OP(x) .op = (x), .op_mask = 0xff
#define MODRM(v, m) .modrm = (v), .modrm_mask = (m)
#define REG(r) .modrm = (uint8_t)((r) << 3), .modrm_mask = 0x38

/* Fields of the VEX/XOP payload (three-byte form: P0 = R X B mmmmm, P1 =
 * W vvvv L pp) and of EVEX (P0 = R X B R' 0 mmm, P1 = W vvvv 1 pp, P2 =
 * z L'L b V' aaa); -1 is "any". */
#define FV_(v, sh) ((v) < 0 ? 0u : ((unsigned)(v) << (sh)))
#define FM_(v, sh, w) ((v) < 0 ? 0u : (((1u << (w)) - 1u) << (sh)))
#define VEXF(w, l, pp) \
	.pay = { 0, (uint8_t)(FV_(w, 7) | FV_(l, 2) | FV_(pp, 0)), 0 }, \
	.pay_mask = { 0, (uint8_t)(FM_(w, 7, 1) | FM_(l, 2, 1) | FM_(pp, 0, 2)), 0 }
#define EVEXF(w, pp, ll, b) \
	.pay = { 0, (uint8_t)(FV_(w, 7) | FV_(pp, 0)), \
		 (uint8_t)(FV_(ll, 5) | FV_(b, 4)) }, \
	.pay_mask = { 0, (uint8_t)(FM_(w, 7, 1) | FM_(pp, 0, 2)), \
		      (uint8_t)(FM_(ll, 5, 2) | FM_(b, 4, 1)) }

/* Rules as code (tests/test_decode_diff.c): LOCK on an instruction the
 * LOCK page does not list or with a register destination; a control
 * register other than CR0, CR2, CR3, CR4, CR8. */
static int pred_lock_ud(unsigned mode, const struct enc *e);
static int pred_cr_reserved(unsigned mode, const struct enc *e);
static int pred_addr16(unsigned mode, const struct enc *e);
static int pred_66_mem_only_or_f2(unsigned mode, const struct enc *e);
static int pred_fp16_map(unsigned mode, const struct enc *e);
static int pred_gather_regs(unsigned mode, const struct enc *e);
static int pred_vsib_no_sib(unsigned mode, const struct enc *e);
static int pred_osize16(unsigned mode, const struct enc *e);
static int pred_not_f3_7a_e6(unsigned mode, const struct enc *e);
static int pred_fence(unsigned mode, const struct enc *e);

#define SDM_LOCK "SDM Vol. 2, \"LOCK-Assert LOCK# Signal Prefix\""
#define SDM_VSIB "SDM Vol. 2, 2.3.12 \"Vector SIB (VSIB) Memory Addressing\""
#define SDM_VEXPFX "SDM Vol. 2, 2.3.2 \"VEX and the LOCK prefix\", 2.3.3 " \
	"\"VEX and the 66H, F2H, and F3H prefixes\", 2.3.4 \"VEX and the REX prefix\""
#define SDM_EVEXPFX "SDM Vol. 2, \"Exception Classifications of EVEX-Encoded " \
	"Instructions\" (every class: #UD if preceded by LOCK, or by REX, F2, F3 or 66)"
#define SDM_EVEXUD "SDM Vol. 2, \"#UD Equations for EVEX\""
#define SDM_EVEXBRS "SDM Vol. 2, Table \"EVEX Embedded Broadcast/Rounding/SAE and " \
	"Vector Length on Vector Instructions\""
#define SDM_MAPA3 "SDM Vol. 2, Table A-3 \"Two-byte Opcode Map\" (empty cells " \
	"are undefined, 2.1.2 \"Opcode Formats\": mandatory prefixes)"

static struct reviewed reviewed[] = {
	/* ---- A rule of the comparison, not an encoding. ---- */
	{
		.name = "truncated-vs-invalid",
		.modes = MALL, .how = RX_TRUNC_ORDER, .wrong = RX_ZYDIS,
		.reason = "Bytes that end early and are also malformed: one "
			  "decoder noticed the end first, the other the bad "
			  "encoding.  Which bytes the CPU fetches before it "
			  "knows an encoding is undefined is not "
			  "architectural; only a fetch fault on bytes it needs "
			  "comes first.  Accepted only when libvmexit and Zydis "
			  "both say invalid once given the bytes that really "
			  "follow (random: the whole 15-byte string).",
		.manual = "SDM Vol. 3, 6.9 \"Priority Among Concurrent Events\", "
			  "Table 6-2 (priority 7 fetch faults before 8 decode faults)",
	},

	/* ---- capstone 4: legacy encodings ---- */
	{
		.name = "cs-lock-not-lockable",
		.modes = MALL, .esc = ESC_LEGACY, .map = MAP_ANY, .pfx_on = P_LOCK,
		.pred = pred_lock_ud, .wrong = RX_CAPSTONE, .how = RX_ACCEPTS,
		.reason = "capstone does not check LOCK: it decodes LOCK on "
			  "instructions the LOCK page does not list (MOV, CMP, "
			  "register-destination ALU forms, ...) and on register "
			  "destinations; the manual makes both #UD.",
		.manual = SDM_LOCK,
	},
	{
		.name = "cs-mov-to-cs",
		.modes = MALL, .esc = ESC_LEGACY, .map = MAP_1B, OP(0x8e), REG(1),
		.wrong = RX_CAPSTONE, .how = RX_ACCEPTS,
		.reason = "capstone decodes MOV CS, r/m16; the manual: #UD "
			  "\"If attempt is made to load the CS register\".",
		.manual = "SDM Vol. 2, \"MOV-Move\" (Protected Mode Exceptions: #UD)",
	},
	{
		.name = "cs-mov-sreg-rex-r",
		.modes = M64, .esc = ESC_LEGACY, .map = MAP_1B, .ops = "8c 8e",
		.pfx_on = P_REXR, .wrong = RX_CAPSTONE, .how = RX_REJECTS,
		.reason = "capstone rejects MOV to/from a segment register with "
			  "REX.R = 1; REX.R only extends ModRM.reg when it names a "
			  "GPR, SSE, control or debug register and is ignored "
			  "otherwise.",
		.manual = "SDM Vol. 2, 2.2.1.2 \"More on REX Prefix Fields\"",
	},
	{
		.name = "cs-mov-cr-reserved",
		.modes = MALL, .esc = ESC_LEGACY, .map = MAP_0F, .ops = "20 22",
		.pred = pred_cr_reserved, .wrong = RX_CAPSTONE, .how = RX_ACCEPTS,
		.reason = "capstone decodes CR1, CR5-CR7 and CR9-CR15; the "
			  "manual makes them #UD.",
		.manual = "SDM Vol. 2, \"MOV-Move to/from Control Registers\" (#UD "
			  "\"If an attempt is made to access CR1, CR5, CR6, or CR7\"; "
			  "CR9-CR15 likewise in 64-bit mode)",
	},
	{
		.name = "cs-mov-dr-rex-r",
		.modes = M64, .esc = ESC_LEGACY, .map = MAP_0F, .ops = "21 23",
		.pfx_on = P_REXR, .wrong = RX_CAPSTONE, .how = RX_ACCEPTS,
		.reason = "capstone decodes DR8-DR15; the manual: #UD if REX.R "
			  "is used to access DR8-DR15.",
		.manual = "SDM Vol. 2, \"MOV-Move to/from Debug Registers\" (64-Bit "
			  "Mode Exceptions: #UD)",
	},
	{
		.name = "cs-ud0-ud1-modrm",
		.modes = MALL, .esc = ESC_LEGACY, .map = MAP_0F, .ops = "b9 ff",
		.wrong = RX_CAPSTONE, .how = RX_ACCEPTS | RX_REJECTS | RX_LENGTH,
		.reason = "capstone decodes UD1 (0F B9) and UD0 (0F FF) as two "
			  "bytes without ModRM (and rejects them after REX or a "
			  "segment prefix); the manual gives both a ModRM operand "
			  "(UD0 0F FF /r, UD1 0F B9 /r).",
		.manual = "SDM Vol. 2, \"UD-Undefined Instruction\"",
	},
	{
		.name = "cs-mpx-bnd4-7",
		.modes = MALL, .esc = ESC_LEGACY, .map = MAP_0F, .ops = "1a 1b",
		.form = FORM_MEM, MODRM(0x20, 0x20), .wrong = RX_CAPSTONE,
		.how = RX_ACCEPTS,
		.reason = "capstone decodes 0F 1A/1B memory forms naming BND4-BND7 "
			  "as NOP; with MPX (which libvmexit and Zydis decode) the "
			  "manual makes them #UD.",
		.manual = "SDM Vol. 2, \"BNDLDX\", \"BNDSTX\", \"BNDMOV\", \"BNDCL\", "
			  "\"BNDCU/BNDCN\", \"BNDMK\" (#UD if ModRM.reg encodes BND4-BND7 "
			  "when Intel MPX is enabled)",
	},
	{
		.name = "cs-hint-nop-register-form",
		.modes = MALL, .esc = ESC_LEGACY, .map = MAP_0F,
		.ops = "18 19 1a 1b 1c 1d 1e 1f", .form = FORM_REG, .pfx_off = P_SIMD,
		.wrong = RX_CAPSTONE, .how = RX_REJECTS,
		.reason = "capstone rejects the register forms of the 0F 18-0F 1F "
			  "NOP space; the opcode map gives 0F 19-0F 1F as NOP Ev "
			  "and the rest of 0F 18 as reserved NOPs, register forms "
			  "included.",
		.manual = "SDM Vol. 2, Table A-3 (0F 18-0F 1F) and Table A-6 (group 16), "
			  "\"NOP-No Operation\"; APM Vol. 3, \"NOP\" (reserved hint NOPs)",
	},
	{
		.name = "cs-prefetch-0f0d",
		.modes = MALL, .esc = ESC_LEGACY, .map = MAP_0F, OP(0x0d),
		.pfx_off = P_SIMD, .wrong = RX_CAPSTONE, .how = RX_REJECTS,
		.reason = "capstone rejects 0F 0D other than /0 and /1 memory "
			  "forms; 0F 0D /2 is PREFETCHWT1 and the remaining "
			  "ModRM.reg values and register forms are the reserved "
			  "aliases of PREFETCH.",
		.manual = "SDM Vol. 2, \"PREFETCHW\", \"PREFETCHWT1\", Table A-3 (0F 0D); "
			  "APM Vol. 3, \"PREFETCH/PREFETCHW\" (/2-/7 are aliases)",
	},
	{
		.name = "cs-near-branch-66-64bit",
		.modes = M64, .esc = ESC_LEGACY, .map = MAP_1B, .ops = "e8 e9",
		.pfx_on = P_66, .wrong = RX_CAPSTONE, .how = RX_ACCEPTS | RX_LENGTH,
		.reason = "capstone takes 66 E8/E9 in 64-bit mode as rel16 (AMD); "
			  "on Intel the operand size of near branches is 64 bits "
			  "in 64-bit mode and 66 does not change it: rel32.",
		.manual = "SDM Vol. 2, \"CALL-Call Procedure\" and \"JMP-Jump\" "
			  "(E8 cw / E9 cw: N.S. in 64-bit mode; near branches have "
			  "a 64-bit operand size there)",
	},
	{
		.name = "cs-mmx-with-f2-f3",
		.modes = MALL, .esc = ESC_LEGACY, .map = MAP_0F,
		.ops = "14 15 17 28 29 2e 2f 50 54 55 56 57 60 61 62 63 64 65 66 67 "
		       "68 69 6a 6b 6c 6d 6e 71 72 73 74 75 76 77 c4 c5 c6 d1 d2 d3 "
		       "d4 d5 d7 d8 d9 da db dc dd de df e0 e1 e2 e3 e4 e5 e7 e8 e9 "
		       "ea eb ec ed ee ef f1 f2 f3 f4 f5 f6 f7 f8 f9 fa fb fc fd fe",
		.pfx_any = P_F2 | P_F3, .wrong = RX_CAPSTONE, .how = RX_ACCEPTS,
		.reason = "capstone ignores F2/F3 on MMX/SSE opcodes whose F3 and "
			  "F2 cells in the opcode map are empty; those encodings "
			  "are undefined (#UD).",
		.manual = SDM_MAPA3,
	},

	/* ---- capstone 4: VEX, EVEX, XOP ---- */
	{
		.name = "cs-vex-after-prefix",
		.modes = MALL, .esc = ESC_VEX, .map = MAP_ANY,
		.pfx_any = P_66 | P_F2 | P_F3 | P_LOCK | P_REX,
		.wrong = RX_CAPSTONE, .how = RX_ACCEPTS,
		.reason = "capstone decodes VEX instructions after 66, F2, F3, "
			  "LOCK or REX; the manual makes them #UD.",
		.manual = SDM_VEXPFX,
	},
	{
		.name = "cs-evex-after-prefix", .seen = RX_SEEN_VEX,
		.modes = MALL, .esc = ESC_EVEX, .map = MAP_ANY,
		.pfx_any = P_66 | P_F2 | P_F3 | P_LOCK | P_REX,
		.pay = { 0, 0x04, 0 }, .pay_mask = { 0, 0x04, 0 },
		.wrong = RX_CAPSTONE, .how = RX_ACCEPTS,
		.reason = "capstone decodes EVEX instructions after 66, F2, F3, "
			  "LOCK or REX; the manual makes them #UD.",
		.manual = SDM_EVEXPFX,
	},
	{
		.name = "cs-xop-after-prefix", .seen = RX_SEEN_VEX,
		.modes = MALL, .esc = ESC_XOP, .map = MAP_ANY,
		.pfx_any = P_66 | P_F2 | P_F3 | P_LOCK | P_REX,
		.wrong = RX_CAPSTONE, .how = RX_ACCEPTS,
		.reason = "capstone decodes XOP instructions after 66, F2, F3, "
			  "LOCK or REX; AMD makes them #UD.",
		.manual = "APM Vol. 3, 1.8 \"VEX and XOP Prefixes\"; APM Vol. 4, the "
			  "XOP instructions' exceptions (#UD: REX, F2, F3, 66 or LOCK "
			  "prefix)",
	},
	{
		.name = "cs-evex-vprime-outside-64",
		.modes = M1632, .esc = ESC_EVEX, .map = MAP_ANY,
		.pay = { 0, 0x04, 0x00 }, .pay_mask = { 0, 0x04, 0x08 },
		.wrong = RX_CAPSTONE, .how = RX_ACCEPTS,
		.reason = "capstone accepts EVEX.V' = 0 outside 64-bit mode; the "
			  "manual makes it #UD there.",
		.manual = SDM_EVEXUD ", Table \"#UD Conditions of Operand-Encoding "
			  "EVEX Prefix Bit Fields\" (EVEX.V', non-64-bit: #UD if 0)",
	},
	{
		.name = "cs-evex-ll-reserved-mem",
		.modes = MALL, .esc = ESC_EVEX, .map = MAP_ANY, .form = FORM_MEM,
		.pay = { 0, 0x04, 0x60 }, .pay_mask = { 0, 0x04, 0x60 },
		.wrong = RX_CAPSTONE, .how = RX_ACCEPTS,
		.reason = "capstone accepts EVEX.L'L = 11b with a memory operand; "
			  "the manual reserves it (#UD).",
		.manual = SDM_EVEXBRS " (EVEX.L'L 11b: Reserved (#UD))",
	},
	{
		.name = "cs-evex-ll-reserved-reg", .seen = RX_SEEN_VEX,
		.modes = MALL, .esc = ESC_EVEX, .map = MAP_ANY, .form = FORM_REG,
		.pay = { 0, 0x04, 0x60 }, .pay_mask = { 0, 0x04, 0x70 },
		.wrong = RX_CAPSTONE, .how = RX_ACCEPTS,
		.reason = "capstone accepts EVEX.L'L = 11b on register forms "
			  "without EVEX.b (no rounding control); the manual "
			  "reserves it (#UD).",
		.manual = SDM_EVEXBRS " (EVEX.L'L 11b: Reserved (#UD))",
	},
	{
		.name = "cs-evex-zeroing-without-mask", .seen = RX_SEEN_VEX,
		.modes = MALL, .esc = ESC_EVEX, .map = MAP_ANY,
		.pay = { 0, 0x04, 0x80 }, .pay_mask = { 0, 0x04, 0x87 },
		.wrong = RX_CAPSTONE, .how = RX_ACCEPTS,
		.reason = "capstone accepts EVEX.z = 1 with EVEX.aaa = 000b; k0 "
			  "cannot be a predicate operand, and zeroing-masking "
			  "without a mask is #UD (XED: BAD_EVEX_Z_NO_MASKING).",
		.manual = "SDM Vol. 2, 2.6.4 \"Masking Support in EVEX\" and Table "
			  "\"#UD Conditions of Opmask Related Encodings\"",
	},
	{
		.name = "cs-evex-rounding-0f", .seen = RX_SEEN_CODE,
		.modes = MALL, .esc = ESC_EVEX, .map = MAP_0F,
		.ops = "2a 2c 2d 2e 2f 51 58 59 5a 5b 5c 5d 5e 5f 78 79 7a 7b c2 e6",
		.form = FORM_REG, .pay = { 0, 0x04, 0x10 }, .pay_mask = { 0, 0x04, 0x10 },
		/* not F3 0F 7A and F3 0F E6 (zy-evex-b-cvt-int-to-pd) */
		.pred = pred_not_f3_7a_e6,
		.wrong = RX_CAPSTONE, .how = RX_REJECTS | RX_LENGTH,
		.reason = "capstone rejects EVEX.b = 1 on register forms "
			  "(embedded rounding {er} or SAE {sae}) of the FP "
			  "arithmetic, conversion and compare instructions whose "
			  "pages list {er} or {sae}; with L'L = 11b (round toward "
			  "zero) it reads a byte too many.",
		.manual = SDM_EVEXBRS " (reg-reg FP instructions: static rounding / "
			  "SAE); the instructions' pages ({er}, {sae})",
	},
	{
		.name = "cs-evex-rounding-0f38", .seen = RX_SEEN_CODE,
		.modes = MALL, .esc = ESC_EVEX, .map = MAP_0F38,
		.ops = "13 2c 2d 42 43 96 97 98 99 9a 9b 9c 9d 9e 9f a6 a7 a8 a9 aa "
		       "ab ac ad ae af b6 b7 b8 b9 ba bb bc bd be bf c8 ca cb cc cd",
		.form = FORM_REG, .pay = { 0, 0x05, 0x10 }, .pay_mask = { 0, 0x07, 0x10 },
		.wrong = RX_CAPSTONE, .how = RX_REJECTS | RX_LENGTH,
		.reason = "capstone rejects EVEX.b = 1 register forms ({er}/{sae}) "
			  "of VCVTPH2PS, VSCALEF*, VGETEXP*, the FMA family, "
			  "VEXP2*, VRCP28*, VRSQRT28*.",
		.manual = SDM_EVEXBRS "; the instructions' pages ({er}, {sae})",
	},
	{
		.name = "cs-evex-rounding-0f3a",
		.modes = MALL, .esc = ESC_EVEX, .map = MAP_0F3A,
		.ops = "08 09 0a 0b 1d 26 27 50 51 54 55 56 57",
		.form = FORM_REG, .pay = { 0, 0x05, 0x10 }, .pay_mask = { 0, 0x07, 0x10 },
		.wrong = RX_CAPSTONE, .how = RX_REJECTS | RX_LENGTH,
		.reason = "capstone rejects EVEX.b = 1 register forms ({sae}) of "
			  "VRNDSCALE*, VCVTPS2PH, VGETMANT*, VRANGE*, VFIXUPIMM*, "
			  "VREDUCE*.",
		.manual = SDM_EVEXBRS "; the instructions' pages ({sae})",
	},

	{
		.name = "zy-evex-b-cvt-int-to-pd", .seen = RX_SEEN_VEX,
		.modes = MALL, .esc = ESC_EVEX, .map = MAP_0F, .ops = "7a e6",
		.form = FORM_REG, .pay = { 0, 0x06, 0x10 }, .pay_mask = { 0, 0x07, 0x10 },
		.wrong = RX_ZYDIS, .how = RX_ACCEPTS,
		.reason = "Zydis decodes EVEX.b = 1 register forms of VCVTDQ2PD and "
			  "VCVTUDQ2PD (EVEX.F3.0F E6, 7A); their pages list neither "
			  "{er} nor {sae}, so EVEX.b must be 0 there (#UD).",
		.manual = SDM_EVEXBRS " (Other instructions: EVEX.b must be 0); "
			  "SDM Vol. 2, \"CVTDQ2PD\", \"VCVTUDQ2PD\"",
	},

	/* ---- capstone 4: instructions it does not have ---- */
	{
		.name = "cs-missing-avx512-logic-fp", .seen = RX_SEEN_CODE,
		.modes = MALL, .esc = ESC_EVEX, .map = MAP_0F, .ops = "54 55 56 57",
		.pay = { 0, 0x04, 0 }, .pay_mask = { 0, 0x87, 0 },
		.wrong = RX_CAPSTONE, .how = RX_REJECTS,
		.reason = "capstone 4 lacks AVX512DQ VANDPS, VANDNPS, VORPS, VXORPS "
			  "(EVEX.0F.W0 54-57).",
		.manual = "SDM Vol. 2, \"ANDPS\", \"ANDNPS\", \"ORPS\", \"XORPS\" "
			  "(EVEX.512.0F.W0 54-57 /r)",
	},
	{
		.name = "cs-missing-avx512-logic-fp-pd", .seen = RX_SEEN_CODE,
		.modes = MALL, .esc = ESC_EVEX, .map = MAP_0F, .ops = "54 55 56 57",
		.pay = { 0, 0x85, 0 }, .pay_mask = { 0, 0x87, 0 },
		.wrong = RX_CAPSTONE, .how = RX_REJECTS,
		.reason = "capstone 4 lacks AVX512DQ VANDPD, VANDNPD, VORPD, VXORPD "
			  "(EVEX.66.0F.W1 54-57).",
		.manual = "SDM Vol. 2, \"ANDPD\", \"ANDNPD\", \"ORPD\", \"XORPD\" "
			  "(EVEX.512.66.0F.W1 54-57 /r)",
	},
	{
		.name = "cs-missing-avx512-66-0f",
		.modes = MALL, .esc = ESC_EVEX, .map = MAP_0F,
		.ops = "62 64 6c 6d 74 d8 dc ec ef f5 f6",
		.pay = { 0, 0x05, 0 }, .pay_mask = { 0, 0x07, 0 },
		.wrong = RX_CAPSTONE, .how = RX_REJECTS,
		.reason = "capstone 4 rejects valid EVEX forms of VPUNPCKLDQ, "
			  "VPCMPGTB, VPUNPCKLQDQ, VPUNPCKHQDQ, VPCMPEQB, VPSUBUSB, "
			  "VPADDUSB, VPADDSB, VPXORD, VPMADDWD, VPSADBW (the AVX512BW "
			  "and AVX512VL forms and some memory forms).",
		.manual = "SDM Vol. 2, \"PUNPCKLBW/PUNPCKLWD/PUNPCKLDQ/PUNPCKLQDQ\", "
			  "\"PUNPCKHBW/...\", \"PCMPGTB/PCMPGTW/PCMPGTD\", "
			  "\"PCMPEQB/PCMPEQW/PCMPEQD\", \"PSUBUSB/PSUBUSW\", "
			  "\"PADDUSB/PADDUSW\", \"PADDSB/PADDSW\", \"PXOR\", "
			  "\"PMADDWD\", \"PSADBW\" (EVEX forms)",
	},
	{
		.name = "cs-missing-avx512-shift-imm", .seen = RX_SEEN_CODE,
		.modes = MALL, .esc = ESC_EVEX, .map = MAP_0F, .ops = "71 72 73",
		.pay = { 0, 0x05, 0 }, .pay_mask = { 0, 0x07, 0 },
		.wrong = RX_CAPSTONE, .how = RX_REJECTS,
		.reason = "capstone 4 rejects the 512-bit AVX512BW VPSRLW (66 0F 71 /2), "
			  "EVEX VPROLD/VPRORD (66 0F 72 /1, /0) "
			  "and the 256-bit AVX512VL and the memory forms of VPSRLDQ, "
			  "VPSRLQ, VPSLLQ (66 0F 73 /3, /2, /6).",
		.manual = "SDM Vol. 2, \"VPROLD/VPROLVD/VPROLQ/VPROLVQ\", "
			  "\"VPRORD/...\", \"PSRLDQ\", \"PSRLW/PSRLD/PSRLQ\", "
			  "\"PSLLW/PSLLD/PSLLQ\" (EVEX forms)",
	},
	{
		.name = "cs-missing-avx512-vmovdqu64", .seen = RX_SEEN_CODE,
		.modes = MALL, .esc = ESC_EVEX, .map = MAP_0F, .ops = "6f 7f",
		.pay = { 0, 0x86, 0 }, .pay_mask = { 0, 0x87, 0 },
		.wrong = RX_CAPSTONE, .how = RX_REJECTS,
		.reason = "capstone 4 rejects some VMOVDQU64 memory forms "
			  "(EVEX.F3.0F.W1 6F/7F).",
		.manual = "SDM Vol. 2, \"MOVDQU,VMOVDQU8/16/32/64\"",
	},
	{
		.name = "cs-missing-avx512-0f38",
		.modes = MALL, .esc = ESC_EVEX, .map = MAP_0F38,
		.ops = "00 04 10 26 27 30 36 45 47 58 59 71 78 b4 b5",
		.pay = { 0, 0x05, 0 }, .pay_mask = { 0, 0x07, 0 },
		.wrong = RX_CAPSTONE, .how = RX_REJECTS,
		.reason = "capstone 4 lacks or rejects forms of VPSHUFB, VPMADDUBSW, "
			  "VPSRLVW, VPTESTMB/W/D/Q, VPMOVZXBW, VPERMD, VPSRLVQ, "
			  "VPSLLVQ, VPBROADCASTD/Q/B (memory), VPSHLDVD (VBMI2), "
			  "VPMADD52LUQ/HUQ (IFMA): EVEX.66.0F38 00, 04, 10, 26, 27, "
			  "30, 36, 45, 47, 58, 59, 71, 78, B4, B5.",
		.manual = "SDM Vol. 2, \"PSHUFB\", \"PMADDUBSW\", "
			  "\"VPSRLVW/VPSRLVD/VPSRLVQ\", "
			  "\"VPTESTMB/VPTESTMW/VPTESTMD/VPTESTMQ\", \"PMOVZX\", "
			  "\"VPERMD/VPERMW\", \"VPSLLVW/VPSLLVD/VPSLLVQ\", "
			  "\"VPBROADCAST\", \"VPSHLDV\", \"VPMADD52LUQ\", \"VPMADD52HUQ\"",
	},
	{
		.name = "cs-missing-avx512-f3-0f38", .seen = RX_SEEN_CODE,
		.modes = MALL, .esc = ESC_EVEX, .map = MAP_0F38, .ops = "26 27 28 29 31",
		.pay = { 0, 0x06, 0 }, .pay_mask = { 0, 0x07, 0 },
		.wrong = RX_CAPSTONE, .how = RX_REJECTS,
		.reason = "capstone 4 lacks VPTESTNMB/W/D/Q (EVEX.F3.0F38 26, 27), "
			  "the AVX512BW VPMOVM2B/W, VPMOVB2M/W2M (EVEX.F3.0F38 28, 29) "
			  "and the 128-bit VPMOVDB (EVEX.F3.0F38.W0 31).",
		.manual = "SDM Vol. 2, \"VPTESTNMB/W/D/Q\", \"VPMOVM2B/VPMOVM2W/"
			  "VPMOVM2D/VPMOVM2Q\", \"VPMOVB2M/VPMOVW2M/VPMOVD2M/VPMOVQ2M\", "
			  "\"VPMOVDB/VPMOVSDB/VPMOVUSDB\"",
	},
	{
		.name = "cs-missing-avx512-fma-memory",
		.modes = MALL, .esc = ESC_EVEX, .map = MAP_0F38,
		.ops = "96 97 98 99 9a 9b 9c 9d 9e 9f a6 a7 a8 a9 aa ab ac ad ae af "
		       "b6 b7 b8 b9 ba bb bc bd be bf",
		.form = FORM_MEM, .pay = { 0, 0x05, 0 }, .pay_mask = { 0, 0x07, 0 },
		.wrong = RX_CAPSTONE, .how = RX_REJECTS,
		.reason = "capstone 4 rejects some memory forms of the EVEX FMA "
			  "family (broadcast, 256-bit with EVEX.V' = 0).",
		.manual = "SDM Vol. 2, \"VFMADD132PD/VFMADD213PD/VFMADD231PD\" and "
			  "the other FMA pages (EVEX forms)",
	},
	{
		.name = "cs-missing-avx512-4fmaps-4vnniw", .seen = RX_SEEN_VEX,
		.modes = MALL, .esc = ESC_EVEX, .map = MAP_0F38,
		.ops = "52 53 9a 9b aa ab", .form = FORM_MEM,
		.pay = { 0, 0x07, 0 }, .pay_mask = { 0, 0x87, 0 },
		.wrong = RX_CAPSTONE, .how = RX_REJECTS,
		.reason = "capstone 4 lacks AVX512_4VNNIW VP4DPWSSD/VP4DPWSSDS and "
			  "AVX512_4FMAPS V4FMADDPS/SS, V4FNMADDPS/SS "
			  "(EVEX.F2.0F38.W0 52, 53, 9A, 9B, AA, AB, m128).",
		.manual = "SDM Vol. 2, \"VP4DPWSSD\", \"VP4DPWSSDS\", "
			  "\"V4FMADDPS/V4FNMADDPS\", \"V4FMADDSS/V4FNMADDSS\"",
	},
	{
		.name = "cs-missing-vp2intersect", .seen = RX_SEEN_VEX,
		.modes = MALL, .esc = ESC_EVEX, .map = MAP_0F38, OP(0x68),
		.pay = { 0, 0x07, 0 }, .pay_mask = { 0, 0x07, 0 },
		.wrong = RX_CAPSTONE, .how = RX_REJECTS,
		.reason = "capstone 4 lacks AVX512_VP2INTERSECT VP2INTERSECTD/Q "
			  "(EVEX.F2.0F38 68).",
		.manual = "SDM Vol. 2, \"VP2INTERSECTD/VP2INTERSECTQ\"",
	},
	{
		.name = "cs-gather-same-registers-vex", .seen = RX_SEEN_VEX,
		.modes = MALL, .esc = ESC_VEX, .map = MAP_0F38, .form = FORM_MEM,
		.pred = pred_gather_regs,
		.wrong = RX_CAPSTONE, .how = RX_ACCEPTS,
		.reason = "capstone 4 decodes gathers whose destination, VSIB "
			  "index and (VEX) mask registers are not distinct; the "
			  "manual makes them #UD.",
		.manual = "SDM Vol. 2, \"VGATHERDPS/VGATHERQPS\", \"VPGATHERDD/"
			  "VPGATHERQD\" and the other gather pages (#UD: any pair of "
			  "the index, mask, or destination registers the same; EVEX: "
			  "destination the same as the index)",
	},
	{
		.name = "cs-gather-same-registers-evex", .seen = RX_SEEN_VEX,
		.modes = MALL, .esc = ESC_EVEX, .map = MAP_0F38, .form = FORM_MEM,
		.pay = { 0, 0x04, 0 }, .pay_mask = { 0, 0x04, 0 }, .pred = pred_gather_regs,
		.wrong = RX_CAPSTONE, .how = RX_ACCEPTS,
		.reason = "capstone 4 decodes gathers whose destination, VSIB "
			  "index and (VEX) mask registers are not distinct; the "
			  "manual makes them #UD.",
		.manual = "SDM Vol. 2, \"VGATHERDPS/VGATHERQPS\", \"VPGATHERDD/"
			  "VPGATHERQD\" and the other gather pages (#UD: any pair of "
			  "the index, mask, or destination registers the same; EVEX: "
			  "destination the same as the index)",
	},
	{
		.name = "cs-vsib-without-sib-vex", .seen = RX_SEEN_VEX,
		.modes = MALL, .esc = ESC_VEX, .map = MAP_0F38, .ops = "90 91 92 93",
		.pay = { 0, 0x01, 0 }, .pay_mask = { 0, 0x03, 0 }, .pred = pred_vsib_no_sib,
		.wrong = RX_CAPSTONE, .how = RX_ACCEPTS,
		.reason = "capstone 4 decodes VEX gathers without a SIB byte or "
			  "with 16-bit addressing; VSIB needs both a SIB byte and "
			  "32/64-bit addressing (#UD).",
		.manual = SDM_VSIB,
	},
	{
		.name = "cs-vsib-without-sib-evex", .seen = RX_SEEN_VEX,
		.modes = MALL, .esc = ESC_EVEX, .map = MAP_0F38,
		.ops = "90 91 92 93 a0 a1 a2 a3 c6 c7",
		.pay = { 0, 0x05, 0 }, .pay_mask = { 0, 0x07, 0 }, .pred = pred_vsib_no_sib,
		.wrong = RX_CAPSTONE, .how = RX_ACCEPTS,
		.reason = "capstone 4 decodes EVEX gathers, scatters and their "
			  "prefetches without a SIB byte or with 16-bit addressing "
			  "(#UD).",
		.manual = SDM_VSIB,
	},
	{
		.name = "cs-evex-vsib-index-high", .seen = RX_SEEN_VEX,
		.modes = M64, .esc = ESC_EVEX, .map = MAP_0F38,
		.ops = "90 91 92 93 a0 a1 a2 a3 c6 c7", .form = FORM_MEM,
		.pay = { 0, 0x05, 0x00 }, .pay_mask = { 0, 0x07, 0x08 },
		.wrong = RX_CAPSTONE, .how = RX_REJECTS,
		.reason = "capstone 4 rejects EVEX gathers, scatters and their "
			  "prefetches whose VSIB index is zmm16-31 (EVEX.V' = 0); "
			  "there V' is the index's bit 4, not part of vvvv.",
		.manual = "SDM Vol. 2, 2.7.6 \"Vector SIB (VSIB) Memory Addressing\" "
			  "(EVEX.V' extends the VSIB index)",
	},
	{
		.name = "cs-missing-avx512-0f3a",
		.modes = MALL, .esc = ESC_EVEX, .map = MAP_0F3A,
		.ops = "00 03 0f 1b 1e 1f 23 25 27 39 3b 3e 3f 43 66",
		.pay = { 0, 0x05, 0 }, .pay_mask = { 0, 0x07, 0 },
		.wrong = RX_CAPSTONE, .how = RX_REJECTS,
		.reason = "capstone 4 lacks or rejects forms of VPERMQ (imm), "
			  "VALIGNQ, VPALIGNR (512-bit), VEXTRACTF32X8, VEXTRACTI64X2, VEXTRACTI32X8, "
			  "VEXTRACTI64X4, VPCMPUQ, VPCMPD/Q, VPCMPUB, VPCMPB, "
			  "VSHUFF32X4, VSHUFI32X4/64X2, VPTERNLOGD/Q, VGETMANTSS, "
			  "VFPCLASSPS/PD: EVEX.66.0F3A 00, 03, 0F, 1B, 1E, 1F, 23, 25, 27, "
			  "39, 3B, 3E, 3F, 43, 66.",
		.manual = "SDM Vol. 2, \"VPERMQ\", \"VALIGND/VALIGNQ\", \"PALIGNR\", "
			  "\"VEXTRACTF128/VEXTRACTF32x4/...\", \"VEXTRACTI128/...\", "
			  "\"VPCMPB/VPCMPUB\", \"VPCMPD/VPCMPUD\", \"VPCMPQ/VPCMPUQ\", "
			  "\"VSHUFF32x4/...\", \"VPTERNLOGD/VPTERNLOGQ\", "
			  "\"VGETMANTSS\", \"VFPCLASSPS\", \"VFPCLASSPD\"",
	},
	{
		.name = "cs-missing-avx512-fp16",
		.modes = MALL, .esc = ESC_EVEX, .map = MAP_ANY, .pred = pred_fp16_map,
		.pay = { 0, 0x04, 0 }, .pay_mask = { 0, 0x04, 0 },
		.wrong = RX_CAPSTONE, .how = RX_REJECTS,
		.reason = "capstone 4 predates AVX512-FP16 and its EVEX maps 5 and 6 "
			  "(EVEX.mmm = 101b, 110b).",
		.manual = "SDM Vol. 2, \"EVEX Prefix\" (EVEX.mmm map 5 and map 6) and "
			  "the AVX512-FP16 instruction pages (VADDPH, VMINPH, ...)",
	},
	{
		.name = "cs-missing-avx512-kmask-bw", .seen = RX_SEEN_CODE,
		.modes = MALL, .esc = ESC_VEX, .map = MAP_0F,
		.ops = "41 42 44 45 46 47 4a 4b 90 91 92 93 98 99",
		.pay = { 0, 0x80, 0 }, .pay_mask = { 0, 0x80, 0 },
		.wrong = RX_CAPSTONE, .how = RX_REJECTS,
		.reason = "capstone 4 lacks the AVX512BW mask instructions with VEX.W1: "
			  "KANDD/Q, KANDND/Q, KNOTD/Q, KORD/Q, KXNORD/Q, KXORD/Q, "
			  "KADDD/Q, KUNPCKDQ, KMOVD/Q, KORTESTD/Q, KTESTD/Q.",
		.manual = "SDM Vol. 2, \"KANDW/KANDB/KANDQ/KANDD\", \"KORW/...\", "
			  "\"KXNORW/...\", \"KXORW/...\", \"KADDW/...\", "
			  "\"KUNPCKBW/KUNPCKWD/KUNPCKDQ\", \"KMOVW/KMOVB/KMOVQ/KMOVD\", "
			  "\"KORTESTW/...\", \"KTESTW/...\"",
	},
	{
		.name = "cs-missing-avx512-kmovd-gpr",
		.modes = MALL, .esc = ESC_VEX, .map = MAP_0F, .ops = "92 93",
		.form = FORM_REG, .pay = { 0, 0x03, 0 }, .pay_mask = { 0, 0x83, 0 },
		.wrong = RX_CAPSTONE, .how = RX_REJECTS,
		.reason = "capstone 4 lacks KMOVD k, r32 and KMOVD r32, k "
			  "(VEX.L0.F2.0F.W0 92/93).",
		.manual = "SDM Vol. 2, \"KMOVW/KMOVB/KMOVQ/KMOVD\"",
	},
	{
		.name = "cs-missing-avx512-kshift-dq", .seen = RX_SEEN_CODE,
		.modes = MALL, .esc = ESC_VEX, .map = MAP_0F3A, .ops = "31 33",
		.form = FORM_REG, VEXF(-1, 0, 1),
		.wrong = RX_CAPSTONE, .how = RX_REJECTS,
		.reason = "capstone 4 lacks KSHIFTRD/KSHIFTRQ (VEX.L0.66.0F3A.W0/W1 "
			  "31 /r ib) and KSHIFTLD/KSHIFTLQ (VEX.L0.66.0F3A.W0/W1 33 "
			  "/r ib), register form; it has the B/W forms at 30/32.",
		.manual = "SDM Vol. 2, \"KSHIFTLW/KSHIFTLB/KSHIFTLQ/KSHIFTLD\", "
			  "\"KSHIFTRW/KSHIFTRB/KSHIFTRQ/KSHIFTRD\"",
	},
	{
		.name = "cs-missing-vbroadcasti128", .seen = RX_SEEN_CODE,
		.modes = MALL, .esc = ESC_VEX, .map = MAP_0F38, OP(0x5a), .form = FORM_MEM,
		.pay = { 0, 0x05, 0 }, .pay_mask = { 0, 0x87, 0 },
		.wrong = RX_CAPSTONE, .how = RX_REJECTS,
		.reason = "capstone 4 rejects VBROADCASTI128 ymm, m128 "
			  "(VEX.256.66.0F38.W0 5A) when VEX.R is 0 (YMM8-15).",
		.manual = "SDM Vol. 2, \"VPBROADCAST\" (VBROADCASTI128)",
	},
	{
		.name = "cs-missing-vaes", .seen = RX_SEEN_CODE,
		.modes = MALL, .esc = ESC_VEX, .map = MAP_0F38, .ops = "dc dd de df",
		.pay = { 0, 0x05, 0 }, .pay_mask = { 0, 0x07, 0 },
		.wrong = RX_CAPSTONE, .how = RX_REJECTS,
		.reason = "capstone 4 lacks the 256-bit VAES forms of VAESENC, "
			  "VAESENCLAST, VAESDEC, VAESDECLAST (VEX.256.66.0F38 DC-DF).",
		.manual = "SDM Vol. 2, \"AESENC\", \"AESENCLAST\", \"AESDEC\", "
			  "\"AESDECLAST\" (VEX.256 forms, VAES)",
	},
	{
		.name = "cs-missing-gfni-vex",
		.modes = MALL, .esc = ESC_VEX, .map = MAP_0F38, OP(0xcf),
		.pay = { 0, 0x01, 0 }, .pay_mask = { 0, 0x83, 0 },
		.wrong = RX_CAPSTONE, .how = RX_REJECTS,
		.reason = "capstone 4 lacks VEX GF2P8MULB (VEX.66.0F38.W0 CF).",
		.manual = "SDM Vol. 2, \"GF2P8MULB-Galois Field Multiply Bytes\"",
	},
	{
		.name = "cs-missing-pku", .seen = RX_SEEN_CODE,
		.modes = MALL, .esc = ESC_LEGACY, .map = MAP_0F, OP(0x01),
		MODRM(0xee, 0xfe), .pfx_off = P_SIMD,
		.wrong = RX_CAPSTONE, .how = RX_REJECTS,
		.reason = "capstone 4 lacks RDPKRU (0F 01 EE) and WRPKRU (0F 01 EF).",
		.manual = "SDM Vol. 2, \"RDPKRU-Read Protection Key Rights for User "
			  "Pages\", \"WRPKRU\"",
	},
	{
		.name = "cs-missing-cet-64", .seen = RX_SEEN_CODE,
		.modes = M64, .esc = ESC_LEGACY, .map = MAP_0F, .ops = "1e ae",
		.form = FORM_REG, .pfx_on = P_F3 | P_REXW,
		.wrong = RX_CAPSTONE, .how = RX_REJECTS,
		.reason = "capstone 4 lacks the 64-bit CET forms RDSSPQ "
			  "(F3 REX.W 0F 1E /1) and INCSSPQ (F3 REX.W 0F AE /5).",
		.manual = "SDM Vol. 2, \"RDSSPD/RDSSPQ-Read Shadow Stack Pointer\", "
			  "\"INCSSPD/INCSSPQ-Increment Shadow Stack Pointer\"",
	},
	{
		.name = "cs-missing-movdir64b", .seen = RX_SEEN_CODE,
		.modes = MALL, .esc = ESC_LEGACY, .map = MAP_0F38, OP(0xf8),
		.form = FORM_MEM, .pfx_on = P_66,
		.wrong = RX_CAPSTONE, .how = RX_REJECTS,
		.reason = "capstone 4 lacks MOVDIR64B (66 0F 38 F8 /r).",
		.manual = "SDM Vol. 2, \"MOVDIR64B-Move 64 Bytes as Direct Store\"",
	},
	{
		.name = "cs-fence-rm-ignored",
		.modes = MALL, .esc = ESC_LEGACY, .map = MAP_0F, OP(0xae),
		.pred = pred_fence, .pfx_off = P_SIMD,
		.wrong = RX_CAPSTONE, .how = RX_REJECTS,
		.reason = "capstone 4 accepts LFENCE, MFENCE and SFENCE only with "
			  "ModRM.rm = 0; the group 15 register forms /5, /6 and /7 "
			  "are the fences whatever rm is.",
		.manual = "SDM Vol. 2, Table A-6 \"Opcode Extensions for One- and "
			  "Two-byte Opcodes by Group Number\" (group 15, mod 11B: "
			  "/5 LFENCE, /6 MFENCE, /7 SFENCE)",
	},
	{
		.name = "cs-sse2-66-in-16bit", .seen = RX_SEEN_CODE,
		.modes = M16, .esc = ESC_LEGACY, .map = MAP_0F, .ops = "6c 6d d6",
		.pfx_on = P_66, .wrong = RX_CAPSTONE, .how = RX_REJECTS,
		.reason = "capstone 4 in 16-bit mode rejects 66-prefixed "
			  "PUNPCKLQDQ, PUNPCKHQDQ and MOVQ xmm/m64, xmm; the "
			  "mandatory prefix selects the same instruction in every "
			  "mode.",
		.manual = "SDM Vol. 2, 2.1.2 \"Opcode Formats\" (mandatory prefixes), "
			  "\"PUNPCKLBW/...\", \"MOVQ-Move Quadword\"",
	},
	{
		.name = "cs-rep-on-moffs",
		.modes = MALL, .esc = ESC_LEGACY, .map = MAP_1B, .ops = "a0 a1 a2 a3",
		.pfx_any = P_F2 | P_F3, .wrong = RX_CAPSTONE, .how = RX_REJECTS,
		.reason = "capstone 4 rejects F2/F3 before MOV moffs.  The manual "
			  "does not make a repeat prefix on a non-string "
			  "instruction #UD (its use is only \"reserved\"); the "
			  "processor ignores it, as libvmexit and Zydis decode.",
		.manual = "SDM Vol. 2, 2.1.1 \"Instruction Prefixes\" (group 1: use of "
			  "repeat prefixes with other instructions is reserved)",
	},
	{
		.name = "cs-mpx-16bit-addressing",
		.modes = M16 | M32, .esc = ESC_LEGACY, .map = MAP_0F, .ops = "1a 1b",
		.form = FORM_MEM, .pred = pred_addr16, .wrong = RX_CAPSTONE,
		.how = RX_ACCEPTS,
		.reason = "capstone decodes MPX memory forms with 16-bit addressing "
			  "as NOP; the manual makes them #UD.",
		.manual = "SDM Vol. 2, \"BNDLDX\", \"BNDSTX\", \"BNDMK\", \"BNDCL\", "
			  "\"BNDCU/BNDCN\", \"BNDMOV\" (#UD if 16-bit addressing is used)",
	},
	{
		.name = "cs-66-no-such-form",
		.modes = MALL, .esc = ESC_LEGACY, .map = MAP_0F, .ops = "77",
		.pfx_on = P_66, .wrong = RX_CAPSTONE, .how = RX_ACCEPTS,
		.reason = "capstone ignores 66 before EMMS; the 66 cell of 0F 77 is "
			  "empty (#UD).",
		.manual = SDM_MAPA3,
	},
	{
		.name = "cs-66-f2-movhps-forms",
		.modes = MALL, .esc = ESC_LEGACY, .map = MAP_0F, .ops = "12 13 16 17",
		.pred = pred_66_mem_only_or_f2, .wrong = RX_CAPSTONE, .how = RX_ACCEPTS,
		.reason = "capstone decodes 66 0F 12/16 register forms (MOVLPD/"
			  "MOVHPD take only memory) and F2 0F 16/17 (empty cells); "
			  "both are #UD.",
		.manual = SDM_MAPA3 "; \"MOVHPD\", \"MOVLPD\"",
	},
	{
		.name = "cs-evex-vvvv-unused",
		.modes = M1632, .esc = ESC_EVEX, .map = MAP_0F, OP(0x51),
		.pay = { 0, 0x04, 0 }, .pay_mask = { 0, 0x06, 0 },
		.pay_not = { 0, 0x78, 0 }, .pay_not_mask = { 0, 0x78, 0 },
		.wrong = RX_CAPSTONE, .how = RX_ACCEPTS,
		.reason = "capstone ignores EVEX.vvvv on VSQRTPS/PD, which have no "
			  "vvvv operand: it must be 1111b.",
		.manual = SDM_EVEXUD ", Table \"#UD Conditions of Operand-Encoding "
			  "EVEX Prefix Bit Fields\" (EVEX.vvvv otherwise: #UD if != 1111b)",
	},

	{
		.name = "cs-via-padlock",
		.modes = MALL, .esc = ESC_LEGACY, .map = MAP_0F, .ops = "a6 a7",
		.form = FORM_REG, .wrong = RX_CAPSTONE, .how = RX_ACCEPTS,
		.reason = "capstone decodes the VIA PadLock instructions (XSTORE, "
			  "XCRYPT*, ...) where Zydis does not (after REX); neither "
			  "manual has them: 0F A6 and 0F A7 are undefined (#UD).",
		.manual = "SDM Vol. 2, Table A-3 (0F A6, 0F A7 empty); APM Vol. 3, "
			  "Table A-4",
	},
	{
		.name = "cs-xop-w1-map8",
		.modes = MALL, .esc = ESC_XOP, .map = 8,
		.ops = "85 86 87 8e 8f 95 96 97 9e 9f a6 b6 c0 c1 c2 c3 cc cd ce cf "
		       "ec ed ee ef",
		.pay = { 0, 0x80, 0 }, .pay_mask = { 0, 0x80, 0 },
		.wrong = RX_CAPSTONE, .how = RX_ACCEPTS,
		.reason = "capstone ignores XOP.W on the XOP map 8 instructions "
			  "that define only W = 0 (VPMACS*, VPMADCS*, VPROT* imm, "
			  "VPCOM*); only VPCMOV and VPPERM use W (operand order).",
		.manual = "APM Vol. 4, the instruction pages (encoding \"XOP.W 0\": "
			  "VPMACSSDD, VPMACSDD, ..., VPMADCSSWD, VPCOMB, ...)",
	},
	{
		.name = "cs-missing-lwpins-lwpval", .seen = RX_SEEN_VEX,
		.modes = MALL, .esc = ESC_XOP, .map = 0xa, OP(0x12),
		MODRM(0x00, 0x30), VEXF(-1, 0, 0),
		.wrong = RX_CAPSTONE, .how = RX_REJECTS,
		.reason = "capstone 4 lacks LWPINS and LWPVAL (XOP map 0Ah 12 /0 "
			  "and /1, r32/r64 in vvvv, r/m32, imm32); it has LLWPCB/"
			  "SLWPCB (map 9 12 /0 /1).",
		.manual = "APM Vol. 3, \"LWPINS\", \"LWPVAL\" (8F RXB.0A W.vvvv.0.00 "
			  "12 /0 id, /1 id) and Appendix A.2 \"XOP Opcode Maps\" "
			  "(map 0Ah)",
	},
	{
		.name = "cs-xop-bextr-imm16", .seen = RX_SEEN_VEX,
		.modes = M16 | M32, .esc = ESC_XOP, .map = 0xa, OP(0x10),
		.pred = pred_osize16,
		.wrong = RX_CAPSTONE, .how = RX_LENGTH,
		.reason = "capstone 4 reads a 2-byte immediate for TBM's BEXTR "
			  "with a 16-bit operand size; the immediate is 4 bytes "
			  "(id) whatever the operand size.",
		.manual = "APM Vol. 3, \"BEXTR (immediate form)\" (8F RXB.0A "
			  "0.1111.0.00 10 /r /id)",
	},
	{
		.name = "cs-missing-amx", .seen = RX_SEEN_VEX,
		.modes = M64, .esc = ESC_VEX, .map = MAP_0F38, .ops = "49 4b 5c 5e",
		VEXF(0, 0, -1),
		.wrong = RX_CAPSTONE, .how = RX_REJECTS,
		.reason = "capstone 4 lacks AMX: LDTILECFG, STTILECFG, TILERELEASE, "
			  "TILEZERO (VEX.128.0F38.W0 49), TILELOADD(T1), TILESTORED "
			  "(4B), TDPBF16PS (F3 5C), TDPBSSD/SUD/USD/UUD (5E).",
		.manual = "SDM Vol. 2, \"LDTILECFG\", \"STTILECFG\", \"TILERELEASE\", "
			  "\"TILEZERO\", \"TILELOADD/TILELOADDT1\", \"TILESTORED\", "
			  "\"TDPBF16PS\", \"TDPBSSD/TDPBSUD/TDPBUSD/TDPBUUD\"",
	},

	/* ---- Zydis 4.0 ---- */
	{
		.name = "zydis-knights-corner", .seen = RX_SEEN_VEX,
		.modes = MALL, .esc = ESC_VEX, .map = MAP_ANY, .zydis_isa = "KNC",
		.wrong = RX_ZYDIS, .how = RX_ACCEPTS | RX_LENGTH,
		.reason = "Zydis 4.0 decodes Knights Corner (Xeon Phi coprocessor) "
			  "VEX instructions (JKZD, KCONCATL, KMERGE2L1H, ...) even with "
			  "ZYDIS_DECODER_MODE_KNC off; they are in neither manual.",
		.manual = "SDM Vol. 2, Table A-3 and the VEX opcode maps (no such "
			  "instructions)",
	},
	{
		.name = "zydis-knights-corner-mvex",
		.modes = M64, .esc = ESC_EVEX, .map = MAP_ANY, .zydis_isa = "KNC",
		.pay = { 0, 0x00, 0 }, .pay_mask = { 0, 0x04, 0 },
		.wrong = RX_ZYDIS, .how = RX_ACCEPTS | RX_LENGTH,
		.reason = "Zydis 4.0 decodes 62 with P1 bit 2 = 0 as Knights Corner "
			  "MVEX; the manual requires that bit to be 1 (#UD).",
		.manual = SDM_EVEXUD ", Table \"Opcode Independent, State Dependent "
			  "EVEX Bit Fields\" (P1[2] must be 1)",
	},
	{
		.name = "both-via-padlock",
		.modes = MALL, .esc = ESC_LEGACY, .map = MAP_0F, .ops = "a6 a7",
		.form = FORM_REG, .wrong = RX_BOTH, .how = RX_ACCEPTS,
		.reason = "Zydis and capstone decode the VIA PadLock instructions "
			  "(XSTORE, XCRYPT*, XSHA*, MONTMUL at 0F A6/A7 C0-E8); "
			  "neither the SDM nor the APM has them: 0F A6 and 0F A7 are "
			  "undefined (#UD).",
		.manual = "SDM Vol. 2, Table A-3 (0F A6, 0F A7 empty); APM Vol. 3, "
			  "Table A-4",
	},
};

/*
 * Mnemonics: where libvmexit and Zydis decode the same bytes to the same
 * length but name them differently, beyond the spelling rules of the test
 * (name_spelled(): size suffixes, CALLF/JMPF/RETF, condition-code
 * synonyms).  Each entry says which name the manual gives.
 */
struct reviewed_name {
	const char *ours, *zydis;
	const char *reason;
	unsigned long hits[16];
};

static struct reviewed_name reviewed_names[] = {
	{ .ours = "fstp", .zydis = "fstpnce",
	  .reason = "D9 D8+i: the SDM's opcode map lists FSTP1 there, an alias of "
		    "FSTP ST(i) (SDM Vol. 2, Table A-8 \"D9 Opcode Map\" note); "
		    "Zydis's name is its own.", .hits = { 0 } },
	{ .ours = "fneni", .zydis = "feni8087_nop",
	  .reason = "DB E0 is FNENI (8087), a NOP since the 80287 (SDM Vol. 2, "
		    "Table A-10 \"DB Opcode Map\": FNENI).", .hits = { 0 } },
	{ .ours = "fndisi", .zydis = "fdisi8087_nop",
	  .reason = "DB E1 is FNDISI (8087), a NOP since the 80287 (the same "
		    "table).", .hits = { 0 } },
	{ .ours = "fnsetpm", .zydis = "fsetpm287_nop",
	  .reason = "DB E4 is FNSETPM (80287), a NOP since the 80387 (the same "
		    "table).", .hits = { 0 } },
	{ .ours = "prefetch", .zydis = "nop",
	  .reason = "0F 0D with ModRM.mod = 11b: AMD defines all of 0F 0D as the "
		    "PREFETCH group (APM Vol. 3, \"PREFETCH/PREFETCHW\": /2-/7 "
		    "are aliases); Intel's map calls the register forms NOP.", .hits = { 0 } },
	{ .ours = "prefetchw", .zydis = "nop",
	  .reason = "0F 0D /1 with ModRM.mod = 11b, as above.", .hits = { 0 } },
	{ .ours = "prefetchwt1", .zydis = "nop",
	  .reason = "0F 0D /2 with ModRM.mod = 11b, as above.", .hits = { 0 } },
	{ .ours = "wbnoinvd", .zydis = "wbinvd",
	  .reason = "F3 0F 09 is WBNOINVD (SDM Vol. 2, \"WBNOINVD\"); Zydis 4.0 "
		    "ignores the F3.", .hits = { 0 } },
	{ .ours = "xchg", .zydis = "pause",
	  .reason = "F3 REX.B 90: with REX.B the opcode 90+rd names r8, so it "
		    "is XCHG r8d, eAX (SDM Vol. 2, \"XCHG\": 90+rd; \"NOP\", "
		    "\"PAUSE\" are 90 and F3 90 without REX.B); capstone agrees.",
	  .hits = { 0 } },
	{ .ours = "pfrsqrt", .zydis = "pfsqrt",
	  .reason = "3DNow! 0F 0F /r 97 is PFRSQRT (APM Vol. 5, \"PFRSQRT\"); "
		    "Zydis's name misses the R.", .hits = { 0 } },
	{ .ours = "pfrcpit1", .zydis = "pfcpit1",
	  .reason = "3DNow! 0F 0F /r A6 is PFRCPIT1 (APM Vol. 5, \"PFRCPIT1\"); "
		    "Zydis's name misses the R.", .hits = { 0 } },
};


/*
 * Memory operands: where Zydis reports another memory operand than the
 * manual gives for the same bytes (tests/test_decode_diff.c compares the
 * first explicit one, in every corpus).  The predicates are in the test.
 */
struct oracle_mem;
struct reviewed_mem {
	const char *name;
	int (*pred)(unsigned mode, const struct vmexit_insn *in,
		    const struct oracle_mem *zm);
	const char *reason;
	const char *manual;
	unsigned long hits[16];
};

static int zm_sib_nobase(unsigned mode, const struct vmexit_insn *in,
			 const struct oracle_mem *zm);
static int zm_notrack(unsigned mode, const struct vmexit_insn *in,
		      const struct oracle_mem *zm);
static int zm_movsxd16(unsigned mode, const struct vmexit_insn *in,
		       const struct oracle_mem *zm);

static struct reviewed_mem reviewed_mem[] = {
	{
		.name = "zy-sib-nobase-addr32-rexb", .pred = zm_sib_nobase,
		.reason = "64-bit mode, 32-bit addressing (67), mod 00 and SIB.base "
			  "101 with REX.B/VEX.B/EVEX.B set: Zydis reports base r13d "
			  "and no displacement while it reads the disp32; the "
			  "encoding is [index*scale + disp32], no base, whatever "
			  "REX.B.",
		.manual = "SDM Vol. 2, Table 2-3 \"32-Bit Addressing Forms with the "
			  "SIB Byte\" note 1 ([*]: disp32 with no base if mod is 00B) "
			  "and 2.2.1.2 (REX.B does not change this)",
		.hits = { 0 },
	},
	{
		.name = "zy-movsxd-r16", .pred = zm_movsxd16,
		.reason = "66 63 /r in 64-bit mode is MOVSXD r16, r/m16: it reads 2 "
			  "bytes (the host CPU does: a word at the end of a page "
			  "before an unmapped one loads); Zydis gives the memory "
			  "operand 4 bytes, its register form 2.",
		.manual = "SDM Vol. 2, \"MOVSX/MOVSXD\" (63 /r MOVSXD r16, r/m16)",
		.hits = { 0 },
	},
	{
		.name = "zy-notrack-not-ds", .pred = zm_notrack,
		.reason = "3E before a near indirect CALL or JMP (FF /2, /4) outside "
			  "64-bit mode: Zydis reads it as NOTRACK only and uses the "
			  "default SS of an rBP/rSP base; 3E is the DS override there, "
			  "and libvmexit emulates the memory read through DS.",
		.manual = "SDM Vol. 2, 2.1.1 \"Instruction Prefixes\" (Group 2: 3EH DS "
			  "segment override, and the NOTRACK use with CET)",
		.hits = { 0 },
	},
};

/*
 * Register operands: the mnemonics whose explicit register operands are
 * listed otherwise by convention (tests/test_decode_diff.c compares the
 * rest with Zydis's, in order, class, number and size).
 */
struct reviewed_regs {
	const char *ours; /* libvmexit's names, separated by spaces */
	const char *reason;
	unsigned long hits[16];
};

static struct reviewed_regs reviewed_regs[] = {
	{ .ours = "nop",
	  .reason = "0F 1F /0 and the hint NOPs: the SDM's syntax is NOP r/m "
		    "(one operand, SDM Vol. 2, \"NOP\"); Zydis also shows "
		    "ModRM.reg.",
	  .hits = { 0 } },
	{ .ours = "prefetch prefetchw prefetchwt1",
	  .reason = "0F 0D register forms: libvmexit's PREFETCH r/m8 (APM Vol. "
		    "3); Zydis shows Intel's NOP r/m, r.",
	  .hits = { 0 } },
	{ .ours = "stos lods scas ins outs",
	  .reason = "libvmexit lists the accumulator or DX that the manual's "
		    "forms (STOS m32 ...) imply, as its access is part of the "
		    "instruction; Zydis hides it.",
	  .hits = { 0 } },
	{ .ours = "xlat aaa aas daa das salc",
	  .reason = "libvmexit lists AL, which they read and write; Zydis hides "
		    "it.",
	  .hits = { 0 } },
	{ .ours = "movdir64b enqcmd enqcmds maskmovq maskmovdqu vmaskmovdqu",
	  .reason = "libvmexit lists the memory the register addresses: ES:[reg] "
		    "(\"MOVDIR64B\", \"ENQCMD\": the register is an offset "
		    "into ES) or DS:rDI (\"MASKMOVQ\", \"MASKMOVDQU\"), which "
		    "they write; Zydis shows the register, or hides the memory.",
	  .hits = { 0 } },
	{ .ours = "vmrun vmload vmsave invlpga skinit clzero monitor mwait monitorx mwaitx",
	  .reason = "their registers are implicit in libvmexit (APM Vol. 3 "
		    "writes VMRUN rAX); Zydis shows them.",
	  .hits = { 0 } },
};
#endif
