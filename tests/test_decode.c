/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests of the decoder's semantics, with expected values worked out
 * by hand from SDM Vol. 2 (Chapter 2, the instruction pages): memory
 * operands, effective addresses, sizes, predicates and the invalid
 * results.  Lengths are also checked at scale by test_decode_diff.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#if defined(__x86_64__)
#include <sys/auxv.h>
#endif

#include <cmocka.h>

#include <vmexit/decode.h>
#include <vmexit/vcpu.h>

#include "lib/hex.h"

static int dec(unsigned mode, const char *hex, struct vmexit_insn *in)
{
	uint8_t b[32];
	size_t n = hex_bytes(hex, b, sizeof(b));

	return vmexit_decode(b, n, (enum vmexit_decode_mode)mode, in);
}

static void test_mmio_store(void **state)
{
	struct vmexit_insn in;
	uint64_t gpr[16] = { 0 }, ea;
	(void)state;

	/* mov %eax,0x10(%rbx): 89 /r, mod 01 rm 011, disp8 */
	assert_int_equal(dec(64, "89 43 10", &in), VMEXIT_DONE);
	assert_int_equal(in.length, 3);
	assert_int_equal(in.mnemonic, VMEXIT_M_MOV);
	assert_int_equal(in.osize, 4);
	assert_int_equal(in.nmem, 1);
	assert_int_equal(in.mem[0].seg, VMEXIT_SEG_DS);
	assert_int_equal(in.mem[0].base, VMEXIT_RBX);
	assert_int_equal(in.mem[0].index, VMEXIT_DECODE_NOREG);
	assert_int_equal(in.mem[0].disp, 0x10);
	assert_int_equal(in.mem[0].width, 4);
	assert_int_equal(in.mem[0].access, VMEXIT_ACC_W);
	assert_true(in.flags & VMEXIT_INSN_MEM);
	assert_true(vmexit_insn_emulated(&in));
	gpr[VMEXIT_RBX] = 0xfee00000;
	assert_int_equal(vmexit_insn_ea(&in, 0, gpr, 0, &ea), VMEXIT_DONE);
	assert_int_equal(ea, 0xfee00010);
	assert_int_equal(vmexit_insn_ea(&in, 1, gpr, 0, &ea), VMEXIT_ERR_CALLER);
}

static void test_sib_rip_and_16bit(void **state)
{
	struct vmexit_insn in;
	uint64_t gpr[16] = { 0 }, ea;
	(void)state;

	/* mov -0x80(%rbp,%r12,4),%eax: 42 8b 44 a5 80 (REX.X, SIB) */
	assert_int_equal(dec(64, "42 8b 44 a5 80", &in), VMEXIT_DONE);
	assert_int_equal(in.length, 5);
	assert_int_equal(in.mem[0].base, VMEXIT_RBP);
	assert_int_equal(in.mem[0].index, VMEXIT_R12);
	assert_int_equal(in.mem[0].scale, 4);
	assert_int_equal(in.mem[0].disp, -0x80);
	assert_int_equal(in.mem[0].seg, VMEXIT_SEG_SS);
	gpr[VMEXIT_RBP] = 0x1000;
	gpr[VMEXIT_R12] = 3;
	assert_int_equal(vmexit_insn_ea(&in, 0, gpr, 0, &ea), VMEXIT_DONE);
	assert_int_equal(ea, 0x1000 + 12 - 0x80);

	/* mov 0x10(%rip),%rax: next instruction + 0x10 */
	assert_int_equal(dec(64, "48 8b 05 10 00 00 00", &in), VMEXIT_DONE);
	assert_int_equal(in.length, 7);
	assert_int_equal(in.osize, 8);
	assert_int_equal(in.mem[0].base, VMEXIT_DECODE_RIP);
	assert_true(in.flags & VMEXIT_INSN_RIPREL);
	assert_int_equal(vmexit_insn_ea(&in, 0, gpr, 0x400000, &ea), VMEXIT_DONE);
	assert_int_equal(ea, 0x400000 + 7 + 0x10);

	/* 16-bit: mov -2(%bp,%di),%ax = 8b 43 fe; wraps at 64 KiB */
	assert_int_equal(dec(16, "8b 43 fe", &in), VMEXIT_DONE);
	assert_int_equal(in.mem[0].base, VMEXIT_RBP);
	assert_int_equal(in.mem[0].index, VMEXIT_RDI);
	assert_int_equal(in.mem[0].seg, VMEXIT_SEG_SS);
	assert_int_equal(in.asize, 2);
	gpr[VMEXIT_RBP] = 0xffff;
	gpr[VMEXIT_RDI] = 0x2;
	assert_int_equal(vmexit_insn_ea(&in, 0, gpr, 0, &ea), VMEXIT_DONE);
	assert_int_equal(ea, 0xffff);
}

static void test_segments_and_strings(void **state)
{
	struct vmexit_insn in;
	(void)state;

	/* In 64-bit mode CS/DS/ES/SS overrides are ignored, FS/GS are not
	 * (SDM Vol. 1, 3.3.7.1), and the ignored ones are null prefixes
	 * that do not replace an FS/GS override (APM Vol. 3, 1.2.4); else
	 * the last prefix wins. */
	assert_int_equal(dec(64, "26 8b 03", &in), VMEXIT_DONE);
	assert_int_equal(in.mem[0].seg, VMEXIT_SEG_DS);
	assert_int_equal(dec(64, "65 26 8b 03", &in), VMEXIT_DONE);
	assert_int_equal(in.mem[0].seg, VMEXIT_SEG_GS);
	assert_int_equal(dec(64, "64 3e 65 36 8b 03", &in), VMEXIT_DONE);
	assert_int_equal(in.mem[0].seg, VMEXIT_SEG_GS);
	assert_int_equal(dec(64, "65 64 2e 8b 03", &in), VMEXIT_DONE);
	assert_int_equal(in.mem[0].seg, VMEXIT_SEG_FS);
	assert_int_equal(dec(64, "26 65 8b 03", &in), VMEXIT_DONE);
	assert_int_equal(in.mem[0].seg, VMEXIT_SEG_GS);
	assert_int_equal(dec(32, "64 2e 8b 03", &in), VMEXIT_DONE);
	assert_int_equal(in.mem[0].seg, VMEXIT_SEG_CS);

	/* rep movsw with an fs: source in 32-bit code, 16-bit addressing */
	assert_int_equal(dec(32, "f3 66 67 64 a5", &in), VMEXIT_DONE);
	assert_int_equal(in.length, 5);
	assert_true(in.flags & VMEXIT_INSN_STRING);
	assert_true(in.flags & VMEXIT_INSN_REP);
	assert_int_equal(in.osize, 2);
	assert_int_equal(in.asize, 2);
	assert_int_equal(in.nmem, 2);
	assert_int_equal(in.mem[0].seg, VMEXIT_SEG_ES); /* destination */
	assert_int_equal(in.mem[0].base, VMEXIT_RDI);
	assert_int_equal(in.mem[0].access, VMEXIT_ACC_W);
	assert_int_equal(in.mem[1].seg, VMEXIT_SEG_FS); /* source */
	assert_int_equal(in.mem[1].base, VMEXIT_RSI);
	assert_int_equal(in.mem[1].access, VMEXIT_ACC_R);

	/* repne scasb; outsd; in al,dx */
	assert_int_equal(dec(64, "f2 ae", &in), VMEXIT_DONE);
	assert_true(in.flags & VMEXIT_INSN_REPNE);
	assert_int_equal(dec(32, "6f", &in), VMEXIT_DONE);
	assert_true(in.flags & VMEXIT_INSN_IO);
	assert_int_equal(in.mem[0].width, 4);
	assert_int_equal(dec(64, "ec", &in), VMEXIT_DONE);
	assert_true(in.flags & VMEXIT_INSN_IO);
	assert_int_equal(in.nmem, 0);
}

/* The memory a register names: MOVDIR64B and ENQCMD store 64 bytes at
 * ES:[reg], reg the offset of the address size, which no segment prefix
 * overrides ("MOVDIR64B", "ENQCMD"); MASKMOVQ and MASKMOVDQU store at
 * DS:rDI, overridable ("MASKMOVQ", "MASKMOVDQU").  The registers are
 * read, not written. */
static void test_register_addressed_memory(void **state)
{
	struct vmexit_insn in;
	(void)state;

	/* movdir64b r9, fs:[rdi] */
	assert_int_equal(dec(64, "64 66 44 0f 38 f8 0f", &in), VMEXIT_DONE);
	assert_int_equal(in.nmem, 2);
	assert_int_equal(in.noperands, 2);
	assert_int_equal(in.op[0].kind, VMEXIT_OP_MEM);
	assert_int_equal(in.mem[0].seg, VMEXIT_SEG_ES);
	assert_int_equal(in.mem[0].base, VMEXIT_R9);
	assert_int_equal(in.mem[0].index, VMEXIT_DECODE_NOREG);
	assert_int_equal(in.mem[0].asize, 8);
	assert_int_equal(in.mem[0].width, 64);
	assert_int_equal(in.mem[0].access, VMEXIT_ACC_W);
	assert_int_equal(in.mem[0].flags, VMEXIT_MEM_REG_ADDR);
	assert_int_equal(in.mem[1].seg, VMEXIT_SEG_FS);
	assert_int_equal(in.mem[1].base, VMEXIT_RDI);
	assert_int_equal(in.mem[1].width, 64);
	assert_int_equal(in.mem[1].access, VMEXIT_ACC_R);
	assert_int_equal(in.mem[1].flags, 0);
	/* 16-bit code: ES:[ax] and DS:[bx]; with 67, ES:[eax] */
	assert_int_equal(dec(16, "66 0f 38 f8 07", &in), VMEXIT_DONE);
	assert_int_equal(in.mem[0].base, VMEXIT_RAX);
	assert_int_equal(in.mem[0].asize, 2);
	assert_int_equal(in.mem[1].base, VMEXIT_RBX);
	assert_int_equal(dec(16, "67 26 66 0f 38 f8 07", &in), VMEXIT_DONE);
	assert_int_equal(in.mem[0].seg, VMEXIT_SEG_ES);
	assert_int_equal(in.mem[0].asize, 4);
	assert_int_equal(in.mem[1].seg, VMEXIT_SEG_ES); /* the 26 */
	assert_int_equal(in.mem[1].base, VMEXIT_RDI);
	/* enqcmd, enqcmds: the same operands; a register form is #UD */
	assert_int_equal(dec(32, "f2 0f 38 f8 0b", &in), VMEXIT_DONE);
	assert_int_equal(in.mnemonic, VMEXIT_M_ENQCMD);
	assert_int_equal(in.mem[0].base, VMEXIT_RCX);
	assert_int_equal(in.mem[0].asize, 4);
	assert_int_equal(dec(64, "f3 0f 38 f8 0b", &in), VMEXIT_DONE);
	assert_int_equal(in.mnemonic, VMEXIT_M_ENQCMDS);
	assert_int_equal(in.mem[0].width, 64);
	assert_int_equal(dec(64, "66 0f 38 f8 c0", &in), VMEXIT_EXCEPTION);
	/* maskmovq mm0, mm1 and maskmovdqu xmm2, xmm3 (legacy and VEX):
	 * DS:rDI with the segment override and address size */
	assert_int_equal(dec(32, "2e 0f f7 c1", &in), VMEXIT_DONE);
	assert_int_equal(in.nmem, 1);
	assert_int_equal(in.noperands, 3);
	assert_int_equal(in.op[0].kind, VMEXIT_OP_MEM);
	assert_int_equal(in.op[1].access, VMEXIT_ACC_R);
	assert_int_equal(in.op[2].access, VMEXIT_ACC_R);
	assert_int_equal(in.mem[0].seg, VMEXIT_SEG_CS);
	assert_int_equal(in.mem[0].base, VMEXIT_RDI);
	assert_int_equal(in.mem[0].width, 8);
	assert_int_equal(in.mem[0].access, VMEXIT_ACC_W);
	assert_true(in.flags & VMEXIT_INSN_MEM);
	assert_int_equal(dec(64, "67 66 0f f7 d3", &in), VMEXIT_DONE);
	assert_int_equal(in.mem[0].seg, VMEXIT_SEG_DS);
	assert_int_equal(in.mem[0].asize, 4);
	assert_int_equal(in.mem[0].width, 16);
	assert_int_equal(in.op[1].reg, 2);
	assert_int_equal(dec(64, "65 c5 f9 f7 d3", &in), VMEXIT_DONE);
	assert_int_equal(in.mem[0].seg, VMEXIT_SEG_GS);
	assert_int_equal(in.mem[0].width, 16);
}

/* The null segment prefixes of 64-bit mode against the host CPU: with GS
 * base set so that gs:[a] is b, "65 36 8b 03" must load b, as the decoder
 * says (the segment override the library emulates with).  Skipped where
 * user space cannot write GS base (no FSGSBASE). */
static volatile uint32_t seg_a = 0xaaaaaaaa, seg_b = 0xbbbbbbbb;

static void test_null_prefix_host(void **state)
{
	static const char *const hex[] = { "65 36 8b 03", "65 26 2e 3e 8b 03", "36 65 8b 03" };
	struct vmexit_insn in;
	uint32_t r[3];
	(void)state;

#if !defined(__x86_64__)
	skip();
#else
	if (!(getauxval(AT_HWCAP2) & (1ul << 1))) /* HWCAP2_FSGSBASE */
		skip();
	__asm__ volatile("wrgsbase %0" ::"r"((uint64_t)&seg_b - (uint64_t)&seg_a));
	__asm__ volatile(".byte 0x65, 0x36, 0x8b, 0x03" : "=a"(r[0]) : "b"(&seg_a) : "memory");
	__asm__ volatile(".byte 0x65, 0x26, 0x2e, 0x3e, 0x8b, 0x03"
			 : "=a"(r[1]) : "b"(&seg_a) : "memory");
	__asm__ volatile(".byte 0x36, 0x65, 0x8b, 0x03" : "=a"(r[2]) : "b"(&seg_a) : "memory");
	__asm__ volatile("wrgsbase %0" ::"r"(0ull));
	for (unsigned k = 0; k < 3; k++) {
		assert_int_equal(dec(64, hex[k], &in), VMEXIT_DONE);
		assert_int_equal(r[k], in.mem[0].seg == VMEXIT_SEG_GS ? seg_b : seg_a);
		assert_int_equal(in.mem[0].seg, VMEXIT_SEG_GS);
	}
#endif
}

static void test_immediates(void **state)
{
	struct vmexit_insn in;
	(void)state;

	/* enter $0x10,$1: iw then ib */
	assert_int_equal(dec(64, "c8 10 00 01", &in), VMEXIT_DONE);
	assert_int_equal(in.imm, 0x10);
	assert_int_equal(in.imm_size, 2);
	assert_int_equal(in.imm2, 1);
	/* ljmp $0x08,$0x12345678 in 32-bit code: offset, then selector */
	assert_int_equal(dec(32, "ea 78 56 34 12 08 00", &in), VMEXIT_DONE);
	assert_int_equal(in.length, 7);
	assert_int_equal(in.imm, 0x12345678);
	assert_int_equal(in.imm2, 8);
	/* movabs $imm64,%rax: B8 with REX.W takes 8 bytes */
	assert_int_equal(dec(64, "48 b8 88 77 66 55 44 33 22 11", &in), VMEXIT_DONE);
	assert_int_equal(in.length, 10);
	assert_int_equal(in.imm, 0x1122334455667788ull);
	/* movabs 0x1122334455667788,%al: moffs64 */
	assert_int_equal(dec(64, "a0 88 77 66 55 44 33 22 11", &in), VMEXIT_DONE);
	assert_int_equal(in.length, 9);
	assert_int_equal((uint64_t)in.mem[0].disp, 0x1122334455667788ull);
	/* add $-1,%rax via 83 /0 ib, sign-extended */
	assert_int_equal(dec(64, "48 83 c0 ff", &in), VMEXIT_DONE);
	assert_int_equal(in.imm, ~0ull);
	/* 66 e8 in 64-bit: Intel ignores 66 on near branches, rel32 */
	assert_int_equal(dec(64, "66 e8 00 00 00 00", &in), VMEXIT_DONE);
	assert_int_equal(in.length, 6);
}

static void test_invalid(void **state)
{
	static const uint8_t nops[16] = {
		0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
		0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x90,
	};
	struct vmexit_insn in;
	(void)state;

	/* lock on a register destination and on MOV: #UD */
	assert_int_equal(dec(64, "f0 01 c0", &in), VMEXIT_EXCEPTION);
	assert_int_equal(in.invalid, VMEXIT_DECODE_LOCK);
	assert_int_equal(vmexit_decode_vector(&in), 6);
	assert_int_equal(dec(64, "f0 89 03", &in), VMEXIT_EXCEPTION);
	assert_int_equal(dec(64, "f0 01 03", &in), VMEXIT_DONE);
	assert_true(in.flags & VMEXIT_INSN_LOCK);
	/* invalid in 64-bit mode: push es, aaa, les, into */
	assert_int_equal(dec(64, "06", &in), VMEXIT_EXCEPTION);
	assert_int_equal(in.invalid, VMEXIT_DECODE_MODE);
	assert_int_equal(dec(32, "06", &in), VMEXIT_DONE);
	assert_int_equal(dec(64, "37", &in), VMEXIT_EXCEPTION);
	assert_int_equal(dec(64, "ce", &in), VMEXIT_EXCEPTION);
	/* 16 bytes: #GP(0), even though all bytes are there */
	assert_int_equal(vmexit_decode(nops, 16, VMEXIT_DECODE_64, &in), VMEXIT_EXCEPTION);
	assert_int_equal(in.invalid, VMEXIT_DECODE_TOO_LONG);
	assert_int_equal(vmexit_decode_vector(&in), 13);
	assert_int_equal(vmexit_decode(nops + 1, 15, VMEXIT_DECODE_64, &in), VMEXIT_DONE);
	assert_int_equal(in.length, 15);
	/* truncated: fetch more and retry */
	assert_int_equal(dec(64, "48 8b 05 10 00", &in), VMEXIT_RETRY);
	assert_int_equal(in.invalid, VMEXIT_DECODE_TRUNCATED);
	assert_int_equal(vmexit_decode(nops, 0, VMEXIT_DECODE_64, &in), VMEXIT_RETRY);
	/* mov to cs, mov cr1 */
	assert_int_equal(dec(32, "8e c8", &in), VMEXIT_EXCEPTION);
	assert_int_equal(dec(32, "0f 22 c8", &in), VMEXIT_EXCEPTION);
	assert_int_equal(dec(64, "44 0f 22 c0", &in), VMEXIT_DONE); /* cr8 */
	/* VEX after 66 is #UD */
	assert_int_equal(dec(64, "66 c5 f8 77", &in), VMEXIT_EXCEPTION);
	/* caller errors */
	assert_int_equal(vmexit_decode(NULL, 1, VMEXIT_DECODE_64, &in), VMEXIT_ERR_CALLER);
	assert_int_equal(vmexit_decode(nops, 1, (enum vmexit_decode_mode)8, &in),
			 VMEXIT_ERR_CALLER);
}

/* VEX/XOP/EVEX prefix fields against the instruction (SDM Vol. 2, 2.3
 * "VEX", 2.7 "EVEX": "#UD Equations for EVEX", the EVEX.b/L'L table,
 * 2.6.4 "Masking Support in EVEX"; the pages' W0/W1/L0/L1): each #UD
 * is reported without asking for the bytes after ModRM. */
static void test_vex_fields(void **state)
{
	static const struct { unsigned mode; const char *hex; int rc; } cases[] = {
		/* vaddps zmm: W0 only (W1 is #UD); vaddpd W1 only */
		{ 64, "62 f1 7c 48 58 c1", VMEXIT_DONE },
		{ 64, "62 f1 fc 48 58 c1", VMEXIT_EXCEPTION },
		{ 64, "62 f1 7d 48 58 c1", VMEXIT_EXCEPTION },
		/* vaddps {rn-sae}: b on a register form, L'L is RC (11b too);
		 * vandps has no rounding: #UD; L'L = 11b without b: #UD */
		{ 64, "62 f1 7c 78 58 c1", VMEXIT_DONE },
		{ 64, "62 f1 7c 18 54 c1", VMEXIT_EXCEPTION },
		{ 64, "62 f1 7c 68 58 c1", VMEXIT_EXCEPTION },
		/* vpaddd with m32bcst; vpaddb has no broadcast */
		{ 64, "62 f1 7d 58 fe 01", VMEXIT_DONE },
		{ 64, "62 f1 7d 58 fc 01", VMEXIT_EXCEPTION },
		/* vaddss: b only as {er} on the register form */
		{ 64, "62 f1 7e 18 58 c1", VMEXIT_DONE },
		{ 64, "62 f1 7e 18 58 01", VMEXIT_EXCEPTION },
		/* zeroing: not without a mask, not into memory, not for a
		 * compare into k; vaesenc takes no mask at all */
		{ 64, "62 f1 7c 8a 28 01", VMEXIT_DONE },
		{ 64, "62 f1 7c 88 28 01", VMEXIT_EXCEPTION },
		{ 64, "62 f1 7c 8a 29 81", VMEXIT_EXCEPTION },
		{ 64, "62 f1 7d 8a 76 c1", VMEXIT_EXCEPTION },
		{ 64, "62 f2 7d 4a dc c1", VMEXIT_EXCEPTION },
		/* a compare into k8 (EVEX.R = 0) or k16 (EVEX.R' = 0) */
		{ 64, "62 71 7d 0a 76 c1", VMEXIT_EXCEPTION },
		{ 64, "62 e1 7d 0a 76 c1", VMEXIT_EXCEPTION },
		/* 128-bit-only vpinsrb with L'L = 10b */
		{ 64, "62 f3 7d 08 20 c0 01", VMEXIT_DONE },
		{ 64, "62 f3 7d 48 20 c0", VMEXIT_EXCEPTION },
		/* EVEX.V' = 0 outside 64-bit mode, at the opcode byte */
		{ 32, "62 f1 7c 40 58", VMEXIT_EXCEPTION },
		/* vpabsb has no vvvv: 1111b or #UD, bit 3 too in 32-bit mode */
		{ 64, "c4 e2 79 1c c1", VMEXIT_DONE },
		{ 64, "c4 e2 71 1c c1", VMEXIT_EXCEPTION },
		{ 32, "c4 e2 39 1c c1", VMEXIT_EXCEPTION },
		/* VEX W0-only vpermilps, L1-only vpermd, memory-only vmaskmovps */
		{ 64, "c4 e2 f9 0c c1", VMEXIT_EXCEPTION },
		{ 64, "c4 e2 75 36 c1", VMEXIT_DONE },
		{ 64, "c4 e2 71 36 c1", VMEXIT_EXCEPTION },
		{ 64, "c4 e2 71 2c c1", VMEXIT_EXCEPTION },
		/* kandw k0, k0, k1; vvvv or VEX.R naming k8-k15 */
		{ 64, "c5 fc 41 c1", VMEXIT_DONE },
		{ 64, "c5 bc 41 c1", VMEXIT_EXCEPTION },
		{ 64, "c5 7c 41 c1", VMEXIT_EXCEPTION },
		/* XOP vpmacsww is W0 only; vpperm takes either W */
		{ 64, "8f e8 70 95 c1 20", VMEXIT_DONE },
		{ 64, "8f e8 f0 95 c1", VMEXIT_EXCEPTION },
		{ 64, "8f e8 f0 a3 c1 20", VMEXIT_DONE },
	};
	(void)state;

	for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		struct vmexit_insn in;
		int rc = dec(cases[c].mode, cases[c].hex, &in);
		if (rc != cases[c].rc)
			fail_msg("%u-bit %s: %d, expected %d", cases[c].mode, cases[c].hex,
				 rc, cases[c].rc);
	}
}

/* The decoder must never read past the bytes it is given: decode every
 * prefix of an instruction from the end of a buffer whose next byte would
 * change the result if it were read. */
static void test_never_reads_past(void **state)
{
	static const char *const cases[] = {
		"48 8b 05 10 00 00 00", "c4 e2 79 18 04 24", "62 f1 7c 48 10 44 24 01",
		"0f 0f c1 9e", "66 0f 3a 0f c1 08", "8f e9 78 c1 c8", "c8 10 00 01",
	};
	(void)state;

	for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		uint8_t *b = malloc(16);
		struct vmexit_insn in;
		size_t n;
		assert_non_null(b);
		n = hex_bytes(cases[c], b, 16);
		for (size_t k = 0; k <= n; k++) {
			/* A heap copy of exactly k bytes: ASan catches overreads. */
			uint8_t *exact = malloc(k ? k : 1);
			assert_non_null(exact);
			memcpy(exact, b, k);
			int rc = vmexit_decode(exact, k, VMEXIT_DECODE_64, &in);
			assert_true(rc == (k == n ? VMEXIT_DONE : VMEXIT_RETRY));
			free(exact);
		}
		free(b);
	}
}

static void test_names(void **state)
{
	struct vmexit_insn in;
	char buf[32];
	(void)state;

	assert_string_equal(vmexit_mnemonic_name(VMEXIT_M_MOV), "mov");
	assert_string_equal(vmexit_mnemonic_name(99999), "(bad)");
	assert_int_equal(dec(64, "c5 fe 6f 07", &in), VMEXIT_DONE);
	assert_string_equal(vmexit_insn_name(&in, buf, sizeof(buf)), "vmovdqu");
	assert_int_equal(in.mem[0].width, 32);
	assert_int_equal(dec(64, "f3 0f 6f 07", &in), VMEXIT_DONE);
	assert_string_equal(vmexit_insn_name(&in, buf, sizeof(buf)), "movdqu");
	assert_int_equal(in.mem[0].width, 16);
	/* "CLFLUSH": subject to the permission checks and faults of a byte
	 * load, so a read. */
	assert_int_equal(dec(64, "0f ae 38", &in), VMEXIT_DONE);
	assert_string_equal(vmexit_insn_name(&in, buf, sizeof(buf)), "clflush");
	assert_int_equal(in.mem[0].access, VMEXIT_ACC_R);
	assert_true(in.flags & VMEXIT_INSN_MEM);
	assert_int_equal(dec(64, "48 8d 04 40", &in), VMEXIT_DONE);
	assert_int_equal(in.mnemonic, VMEXIT_M_LEA);
	assert_int_equal(in.mem[0].access, 0);
	assert_false(in.flags & VMEXIT_INSN_MEM);
	assert_false(vmexit_insn_emulated(&in));
	/* "MOVD/MOVQ": 66 REX.W 0F 7E /r is MOVQ r/m64, xmm; VEX.W1 outside
	 * 64-bit mode is VMOVD (the operand stays 32 bits). */
	assert_int_equal(dec(64, "66 48 0f 7e c0", &in), VMEXIT_DONE);
	assert_int_equal(in.mnemonic, VMEXIT_M_MOVQ);
	assert_int_equal(in.op[0].size, 8);
	assert_int_equal(dec(64, "66 0f 7e c0", &in), VMEXIT_DONE);
	assert_int_equal(in.mnemonic, VMEXIT_M_MOVD);
	assert_int_equal(dec(64, "48 0f 6e c0", &in), VMEXIT_DONE);
	assert_int_equal(in.mnemonic, VMEXIT_M_MOVQ);
	assert_int_equal(dec(32, "c4 e1 f9 7e c0", &in), VMEXIT_DONE);
	assert_string_equal(vmexit_insn_name(&in, buf, sizeof(buf)), "vmovd");
	/* ENTER and LEAVE are emulated (lib/x86/emulate_int.c). */
	assert_int_equal(dec(64, "c8 10 00 01", &in), VMEXIT_DONE);
	assert_true(vmexit_insn_emulated(&in));
	assert_int_equal(dec(64, "c9", &in), VMEXIT_DONE);
	assert_true(vmexit_insn_emulated(&in));
	/* Forms that are other instructions by REX.W/VEX.W/EVEX.W (the
	 * instruction pages' opcode columns) */
	static const struct { unsigned mode; const char *hex, *name; unsigned width; } w[] = {
		{ 64, "62 f1 fe 48 6f 07", "vmovdqu64", 64 },
		{ 64, "62 f1 7e 48 6f 07", "vmovdqu32", 64 },
		{ 64, "62 f1 fd 28 7f 07", "vmovdqa64", 32 },
		{ 64, "62 f1 fe 48 e6 07", "vcvtqq2pd", 64 },
		{ 64, "62 f1 7e 48 e6 07", "vcvtdq2pd", 32 },
		{ 64, "62 f1 fc 48 5b 07", "vcvtqq2ps", 64 },
		{ 64, "62 f2 fd 48 40 07", "vpmullq", 64 },
		{ 64, "62 f2 7d 48 40 07", "vpmulld", 64 },
		{ 64, "c4 e2 f9 40 07", "vpmulld", 16 },
		{ 64, "62 f2 fd 48 39 07", "vpminsq", 64 },
		{ 64, "62 f1 fd 48 e2 07", "vpsraq", 16 },
		{ 64, "66 48 0f 3a 22 07 01", "pinsrq", 8 },
		{ 32, "c4 e3 f9 16 07 01", "vpextrd", 4 },
		{ 64, "0f 1c 07", "cldemote", 1 },
	};
	/* Register operands: an EVEX compare writes a mask register; a
	 * narrowing conversion of a zmm writes a ymm; {er} on a register
	 * form makes the vector 512 bits whatever L'L (SDM Vol. 2, "CMPPD",
	 * "CVTPD2PS", Table "EVEX Embedded Broadcast/Rounding/SAE ...") */
	static const struct { const char *hex; uint8_t rc0, size0, size1; } r[] = {
		{ "62 f1 7d 48 74 c1", VMEXIT_RC_MASK, 8, 64 },
		{ "62 d1 bd 18 c2 cb 11", VMEXIT_RC_MASK, 8, 64 },
		{ "62 f1 fd 48 5a c1", VMEXIT_RC_XMM, 32, 64 },
		{ "c5 fd 5a c1", VMEXIT_RC_XMM, 16, 32 },
		{ "62 f2 7d 48 35 e4", VMEXIT_RC_XMM, 64, 32 },
		{ "62 f2 fd 18 a8 d1", VMEXIT_RC_XMM, 64, 64 },
		{ "66 0f c4 c0 01", VMEXIT_RC_XMM, 16, 4 },
		{ "66 63 c1", VMEXIT_RC_GPR, 2, 2 },
	};
	for (size_t k = 0; k < sizeof(w) / sizeof(w[0]); k++) {
		assert_int_equal(dec(w[k].mode, w[k].hex, &in), VMEXIT_DONE);
		if (strcmp(vmexit_insn_name(&in, buf, sizeof(buf)), w[k].name) ||
		    in.mem[0].width != w[k].width)
			fail_msg("%s: %s width %u", w[k].hex, buf, in.mem[0].width);
	}
	for (size_t k = 0; k < sizeof(r) / sizeof(r[0]); k++) {
		assert_int_equal(dec(64, r[k].hex, &in), VMEXIT_DONE);
		if (in.op[0].rclass != r[k].rc0 || in.op[0].size != r[k].size0 ||
		    in.op[1].size != r[k].size1)
			fail_msg("%s: class %u sizes %u %u", r[k].hex, in.op[0].rclass,
				 in.op[0].size, in.op[1].size);
	}
}

/* Memory widths from the instruction pages' operand columns (m8 ...
 * m256), one element where an instruction reads one. */
static void test_memory_widths(void **state)
{
	static const struct {
		unsigned mode;
		const char *hex;
		unsigned width;
	} c[] = {
		/* "VFMADD132SD/...": xmm3/m64 (W1), "VFMADD132SS": m32 (W0),
		 * whatever VEX.L says (LIG) */
		{ 64, "c4 e2 e9 a9 0d 00 00 00 00", 8 },
		{ 64, "c4 e2 6d 99 08", 4 },
		/* "KMOVW/KMOVB/KMOVQ/KMOVD": m16, m8, m64, m32 */
		{ 64, "c5 f8 90 00", 2 }, { 64, "c5 f9 90 00", 1 },
		{ 64, "c4 e1 f8 90 00", 8 }, { 64, "c4 e1 f9 91 00", 4 },
		/* "VBROADCAST": m32, m64; "VPBROADCAST": m8, m16, m32, m64
		 * (into ymm: VEX.256) */
		{ 64, "c4 e2 7d 18 00", 4 }, { 64, "c4 e2 7d 19 00", 8 },
		{ 64, "c4 e2 7d 78 00", 1 }, { 64, "c4 e2 7d 79 00", 2 },
		{ 64, "c4 e2 7d 58 00", 4 }, { 64, "c4 e2 7d 59 00", 8 },
		/* EVEX embedded broadcast: VPANDQ zmm, zmm, m64bcst; VADDPS
		 * zmm, zmm, m32bcst */
		{ 64, "62 f1 a5 58 db 00", 8 }, { 64, "62 f1 64 58 58 00", 4 },
		/* "PEXTRW": m16; "PEXTRB": m8; "PINSRB": m8 */
		{ 64, "66 0f 3a 15 08 01", 2 }, { 64, "c4 e3 79 15 00 01", 2 },
		{ 64, "66 0f 3a 14 00 01", 1 }, { 64, "c4 e3 41 20 00 01", 1 },
		/* "PMOVZX": BD/WQ a quarter, BQ an eighth, BW half of the
		 * destination (xmm: m32, m32, m16, m64; ymm: m64, m32) */
		{ 64, "66 0f 38 31 00", 4 }, { 64, "66 0f 38 34 00", 4 },
		{ 64, "66 0f 38 32 00", 2 }, { 64, "66 0f 38 30 00", 8 },
		{ 64, "c4 e2 7d 31 00", 8 }, { 64, "c4 e2 7d 22 00", 4 },
		/* "MOVDDUP": xmm2/m64, ymm2/m256 */
		{ 64, "f2 0f 12 00", 8 }, { 64, "c5 fb 12 00", 8 },
		{ 64, "c5 ff 12 00", 32 },
		/* "PUNPCKLBW": mm/m32 (MMX), xmm/m128 */
		{ 64, "0f 60 00", 4 }, { 64, "0f 62 00", 4 }, { 64, "66 0f 60 00", 16 },
		/* "MOV": MOV r/m16, Sreg stores 16 bits, also with REX.W */
		{ 64, "8c 18", 2 }, { 64, "48 8c 18", 2 }, { 16, "8c 1f", 2 },
		/* "PSLLW/PSLLD/PSLLQ": VEX.256 VPSLLD ymm, ymm, xmm/m128 */
		{ 64, "c5 fd f2 00", 16 }, { 64, "0f f2 00", 8 },
		/* VEX gathers: one element per access (VPGATHERDD dword,
		 * VGATHERQPD qword) */
		{ 64, "c4 c2 4d 90 0c 7e", 4 }, { 64, "c4 e2 d5 93 34 c8", 8 },
		/* AMD FMA4: VFMADDSD m64, VFMADDSS m32, VFMADDPD m128/m256 */
		{ 64, "c4 e3 f1 6b 15 00 00 00 00 20", 8 },
		{ 64, "c4 e3 71 6a 00 20", 4 }, { 64, "c4 e3 75 69 00 20", 32 },
	};
	struct vmexit_insn in;
	(void)state;

	for (size_t k = 0; k < sizeof(c) / sizeof(c[0]); k++) {
		assert_int_equal(dec(c[k].mode, c[k].hex, &in), VMEXIT_DONE);
		assert_int_equal(in.nmem, 1);
		if (in.mem[0].width != c[k].width)
			fail_msg("%s: width %u, expected %u", c[k].hex,
				 in.mem[0].width, c[k].width);
	}
}

/* Operand sizes and accesses that the opcode alone does not give. */
static void test_sizes_and_access(void **state)
{
	struct vmexit_insn in;
	(void)state;

	/* 66 where its column repeats the no-prefix form is the operand
	 * size prefix: BSR r16, r/m16 ("BSR"), RDRAND/RDSEED r16 */
	assert_int_equal(dec(64, "66 0f bd c1", &in), VMEXIT_DONE);
	assert_int_equal(in.mnemonic, VMEXIT_M_BSR);
	assert_int_equal(in.osize, 2);
	assert_int_equal(in.op[0].size, 2);
	assert_int_equal(in.op[0].reg, VMEXIT_RAX);
	assert_int_equal(in.op[1].reg, VMEXIT_RCX);
	assert_int_equal(dec(64, "66 0f bd 01", &in), VMEXIT_DONE);
	assert_int_equal(in.mem[0].width, 2);
	assert_int_equal(dec(64, "66 0f c7 f0", &in), VMEXIT_DONE);
	assert_int_equal(in.mnemonic, VMEXIT_M_RDRAND);
	assert_int_equal(in.osize, 2);
	assert_int_equal(dec(64, "66 0f c7 f8", &in), VMEXIT_DONE);
	assert_int_equal(in.mnemonic, VMEXIT_M_RDSEED);
	assert_int_equal(in.osize, 2);
	/* A 66 that selects the form still does not: 66 0F 6F MOVDQA */
	assert_int_equal(dec(64, "66 0f 6f 00", &in), VMEXIT_DONE);
	assert_int_equal(in.osize, 4);

	/* "VMREAD"/"VMWRITE": 64 bits in 64-bit mode, 32 outside it,
	 * whatever CS.D or 66 say; VMWRITE reads its r/m source. */
	assert_int_equal(dec(64, "0f 78 c0", &in), VMEXIT_DONE);
	assert_int_equal(in.osize, 8);
	assert_int_equal(in.op[0].size, 8);
	assert_int_equal(dec(64, "0f 79 00", &in), VMEXIT_DONE);
	assert_int_equal(in.mem[0].width, 8);
	assert_int_equal(in.mem[0].access, VMEXIT_ACC_R);
	assert_int_equal(dec(32, "0f 78 c0", &in), VMEXIT_DONE);
	assert_int_equal(in.osize, 4);
	assert_int_equal(dec(16, "0f 78 c0", &in), VMEXIT_DONE);
	assert_int_equal(in.osize, 4);
	/* "MOV—Move to/from Control Registers" / "... Debug Registers":
	 * 64-bit operands in 64-bit mode (66 and REX.W ignored), else 32 */
	assert_int_equal(dec(64, "0f 20 c0", &in), VMEXIT_DONE);
	assert_int_equal(in.osize, 8);
	assert_int_equal(dec(64, "66 0f 23 c0", &in), VMEXIT_DONE);
	assert_int_equal(in.osize, 8);
	assert_int_equal(dec(16, "0f 22 d8", &in), VMEXIT_DONE);
	assert_int_equal(in.osize, 4);
	assert_int_equal(in.op[1].size, 4);

	/* MPX: BNDCL/BNDCU/BNDCN compare against an address and access no
	 * memory; BNDMK with RIP-relative addressing is #UD ("BNDMK") */
	assert_int_equal(dec(64, "f3 0f 1a 00", &in), VMEXIT_DONE);
	assert_int_equal(in.mnemonic, VMEXIT_M_BNDCL);
	assert_int_equal(in.mem[0].access, 0);
	assert_false(in.flags & VMEXIT_INSN_MEM);
	assert_int_equal(dec(64, "f2 0f 1b 00", &in), VMEXIT_DONE);
	assert_int_equal(in.mnemonic, VMEXIT_M_BNDCN);
	assert_int_equal(in.mem[0].access, 0);
	assert_int_equal(dec(64, "f3 48 0f 1a c0", &in), VMEXIT_DONE);
	assert_int_equal(in.op[1].access, VMEXIT_ACC_R);
	assert_int_equal(dec(64, "f3 0f 1b 05 00 00 00 00", &in), VMEXIT_EXCEPTION);
	assert_int_equal(dec(64, "f3 0f 1b 00", &in), VMEXIT_DONE);
	assert_int_equal(in.mnemonic, VMEXIT_M_BNDMK);
	/* "VMCLEAR", "VMPTRLD": the operand is a 64-bit pointer, read */
	assert_int_equal(dec(64, "66 0f c7 30", &in), VMEXIT_DONE);
	assert_int_equal(in.mnemonic, VMEXIT_M_VMCLEAR);
	assert_int_equal(in.mem[0].access, VMEXIT_ACC_R);
	assert_int_equal(dec(64, "0f c7 30", &in), VMEXIT_DONE);
	assert_int_equal(in.mem[0].access, VMEXIT_ACC_R);
	/* "VPGATHERDD": the mask (vvvv) is read and cleared */
	assert_int_equal(dec(64, "c4 c2 4d 90 0c 7e", &in), VMEXIT_DONE);
	assert_int_equal(in.noperands, 3);
	assert_int_equal(in.op[2].reg, 6);
	assert_int_equal(in.op[2].access, VMEXIT_ACC_RW);
	/* NOP r/m, prefetches, LEA: an address only (VMEXIT_INSN_MEM) */
	assert_int_equal(dec(64, "0f 1f 40 00", &in), VMEXIT_DONE);
	assert_false(in.flags & VMEXIT_INSN_MEM);
	assert_int_equal(dec(64, "0f 18 08", &in), VMEXIT_DONE);
	assert_false(in.flags & VMEXIT_INSN_MEM);
	assert_int_equal(dec(64, "0f 0d 08", &in), VMEXIT_DONE);
	assert_false(in.flags & VMEXIT_INSN_MEM);
}

/* Instructions the tables lacked: AMD FMA4 and VPERMIL2PS/PD with an
 * is4 register (APM Vol. 4), KMOVB with a GPR, KSHIFT*, and the
 * LWPINS/LWPVAL imm32. */
static void test_added_forms(void **state)
{
	struct vmexit_insn in;
	(void)state;

	/* VFNMADDSD xmm0, xmm1, [rip + 0x1dd53], xmm0: W0, r/m is src2 */
	assert_int_equal(dec(64, "c4 e3 71 7b 05 53 dd 01 00 00", &in), VMEXIT_DONE);
	assert_int_equal(in.length, 10);
	assert_int_equal(in.mnemonic, VMEXIT_M_VFNMADDSD);
	assert_int_equal(in.op[2].kind, VMEXIT_OP_MEM);
	/* the is4 source is a register operand (imm8[7:4]), the byte
	 * still the immediate */
	assert_int_equal(in.op[3].kind, VMEXIT_OP_REG);
	assert_int_equal(in.op[3].rclass, VMEXIT_RC_XMM);
	assert_int_equal(in.op[3].reg, 0);
	assert_int_equal(in.imm >> 4, 0);
	/* VFMADDSD xmm2, xmm1, xmm2, [rip + 0x44e5c]: W1, r/m is src3 */
	assert_int_equal(dec(64, "c4 e3 f1 6b 15 5c 4e 04 00 20", &in), VMEXIT_DONE);
	assert_int_equal(in.mnemonic, VMEXIT_M_VFMADDSD);
	assert_int_equal(in.op[2].kind, VMEXIT_OP_REG);
	assert_int_equal(in.op[2].reg, 2);
	assert_int_equal(in.imm >> 4, 2);
	assert_int_equal(in.op[3].kind, VMEXIT_OP_MEM);
	/* FMA4 is VEX.66.0F3A only */
	assert_int_equal(dec(64, "c4 e3 70 6b c0 20", &in), VMEXIT_EXCEPTION);
	/* VPERMIL2PS xmm10, xmm13, xmm8, xmm13, 8 */
	assert_int_equal(dec(64, "c4 43 91 48 d0 d8", &in), VMEXIT_DONE);
	assert_int_equal(in.length, 6);
	assert_int_equal(in.mnemonic, VMEXIT_M_VPERMIL2PS);
	assert_int_equal(dec(32, "c4 e3 a9 49 e4 a6", &in), VMEXIT_DONE);
	assert_int_equal(in.mnemonic, VMEXIT_M_VPERMIL2PD);
	/* KMOVB k1, eax / eax, k1: VEX.L0.66.0F.W0 92/93; W1 is #UD */
	assert_int_equal(dec(32, "c5 f9 92 c8", &in), VMEXIT_DONE);
	assert_int_equal(in.mnemonic, VMEXIT_M_KMOV);
	assert_int_equal(in.op[0].rclass, VMEXIT_RC_MASK);
	assert_int_equal(in.op[0].reg, 1);
	assert_int_equal(in.op[1].size, 4);
	assert_int_equal(dec(32, "c5 f9 93 f8", &in), VMEXIT_DONE);
	assert_int_equal(in.op[0].rclass, VMEXIT_RC_GPR);
	assert_int_equal(in.op[0].reg, VMEXIT_RDI);
	assert_int_equal(dec(64, "c4 e1 f9 92 c8", &in), VMEXIT_EXCEPTION);
	/* KSHIFTRB k0, k1, 3 / KSHIFTRW / KSHIFTLB: 6 bytes, L1 is #UD */
	assert_int_equal(dec(64, "c4 e3 79 30 c1 03", &in), VMEXIT_DONE);
	assert_int_equal(in.length, 6);
	assert_int_equal(in.mnemonic, VMEXIT_M_KSHIFTR);
	assert_int_equal(in.imm, 3);
	assert_int_equal(dec(64, "c4 e3 f9 30 c1 03", &in), VMEXIT_DONE);
	assert_int_equal(dec(64, "c4 e3 79 32 c1 03", &in), VMEXIT_DONE);
	assert_int_equal(in.mnemonic, VMEXIT_M_KSHIFTL);
	assert_int_equal(dec(64, "c4 e3 7d 32 c1 03", &in), VMEXIT_EXCEPTION);
	/* LWPVAL ecx... imm32: 4 bytes even with a 16-bit operand size */
	assert_int_equal(dec(16, "8f ca 80 12 c8 7a 32 9c 4d", &in), VMEXIT_DONE);
	assert_int_equal(in.length, 9);
	assert_int_equal(in.mnemonic, VMEXIT_M_LWPVAL);
	assert_int_equal(in.imm, 0x4d9c327a);
	assert_int_equal(dec(64, "8f ea 78 12 c0 01 00 00 00", &in), VMEXIT_DONE);
	assert_int_equal(in.mnemonic, VMEXIT_M_LWPINS);
	assert_int_equal(in.length, 9);
	/* XOP.W1 moves the r/m operand last (APM Vol. 4, "VPSHLQ": W0 is
	 * xmm1, xmm2/mem128, xmm3; W1 xmm1, xmm2, xmm3/mem128): vpshlq
	 * xmm0, xmm8, xmm0 and, W0, vpshlq xmm0, xmm0, xmm8; vpperm with
	 * W1: xmm14, xmm2, xmm12 (is4), xmm8 (r/m) */
	static const struct { const char *hex; uint8_t r[4]; } xw[] = {
		{ "8f e9 b8 97 c0", { 0, 8, 0 } },
		{ "8f e9 38 97 c0", { 0, 0, 8 } },
		{ "8f 48 e8 a3 f0 c5", { 14, 2, 12, 8 } },
	};
	for (size_t k = 0; k < sizeof(xw) / sizeof(xw[0]); k++) {
		assert_int_equal(dec(64, xw[k].hex, &in), VMEXIT_DONE);
		for (unsigned j = 0; j < in.noperands; j++)
			if (in.op[j].kind != VMEXIT_OP_REG || in.op[j].reg != xw[k].r[j])
				fail_msg("%s: operand %u", xw[k].hex, j);
	}
	/* is4 outside 64-bit mode: imm8[7] is ignored (xmm2, not xmm10) */
	assert_int_equal(dec(32, "c4 e3 71 6a 00 a0", &in), VMEXIT_DONE);
	assert_int_equal(in.op[3].reg, 2);
	/* TBM BEXTR eax, [bp+si], imm32 in 16-bit code: also 4 bytes */
	assert_int_equal(dec(16, "8f 6a f8 10 02 0b 81 fc f1", &in), VMEXIT_DONE);
	assert_int_equal(in.mnemonic, VMEXIT_M_BEXTR);
	assert_int_equal(in.length, 9);
	assert_int_equal(in.imm, 0xf1fc810b);
}

/* AVX512-FP16 (SDM Vol. 2, 2.7.1 "EVEX.mmm" maps 5 and 6; the pages of
 * VADDPH/VADDSH, VCVTPH2PD, VFMADDCPH, VMOVW, VCMPPH, VRNDSCALEPH). */
static void test_fp16(void **state)
{
	static const struct { unsigned mode; const char *hex; int rc; unsigned len, mn; } c[] = {
		/* vaddph zmm0, zmm1, zmm2: EVEX.512.NP.MAP5.W0 58; W1 is #UD */
		{ 64, "62 f5 74 48 58 c2", VMEXIT_DONE, 6, VMEXIT_M_VADDPH },
		{ 64, "62 f5 f4 48 58 c2", VMEXIT_EXCEPTION, 0, 0 },
		/* maps 4 and 7 stay reserved */
		{ 64, "62 f4 74 48 58 c2", VMEXIT_EXCEPTION, 0, 0 },
		{ 64, "62 f7 74 48 58 c2", VMEXIT_EXCEPTION, 0, 0 },
		/* vaddsh xmm0, xmm1, xmm2 {rn-sae}: F3, L'L is RC */
		{ 64, "62 f5 76 18 58 c2", VMEXIT_DONE, 6, VMEXIT_M_VADDSH },
		/* the failing random strings: vminph, vsqrtsh, vfnmadd231ph,
		 * vdivsh */
		{ 64, "67 62 05 54 8f 5d f7 7a 63 11 7f c5 13", VMEXIT_DONE, 7, VMEXIT_M_VMINPH },
		{ 64, "62 a5 56 01 51 f6 97 26 a8 10 01", VMEXIT_DONE, 6, VMEXIT_M_VSQRTSH },
		{ 32, "62 d6 25 8c bc 3a 12 3e 4e", VMEXIT_DONE, 6, VMEXIT_M_VFNMADD231PH },
		{ 16, "62 d5 46 be 5e d7 ce 0a 48 40 b3 c8 d1 da", VMEXIT_DONE, 6, VMEXIT_M_VDIVSH },
		/* vfmaddcph zmm0, zmm1, zmm2 (map 6, F3); the destination as a
		 * source (zmm0 in ModRM.rm, or zmm1 in vvvv) is #UD */
		{ 64, "62 f6 76 48 56 c2", VMEXIT_DONE, 6, VMEXIT_M_VFMADDCPH },
		{ 64, "62 f6 76 48 56 c0", VMEXIT_EXCEPTION, 0, 0 },
		{ 64, "62 f6 76 48 56 ca", VMEXIT_EXCEPTION, 0, 0 },
		/* vmovw xmm0, eax: EVEX.128.66.MAP5.WIG 6E, L'L = 10b is #UD */
		{ 64, "62 f5 7d 08 6e c0", VMEXIT_DONE, 6, VMEXIT_M_VMOVW },
		{ 64, "62 f5 fd 08 6e c0", VMEXIT_DONE, 6, VMEXIT_M_VMOVW },
		{ 64, "62 f5 7d 48 6e c0", VMEXIT_EXCEPTION, 0, 0 },
		/* vcmpph k1, zmm1, zmm2, 0 (0F3A NP C2); zeroing is #UD */
		{ 64, "62 f3 74 48 c2 ca 00", VMEXIT_DONE, 7, VMEXIT_M_VCMPPH },
		{ 64, "62 f3 74 c9 c2 ca 00", VMEXIT_EXCEPTION, 0, 0 },
		/* vcvtsi2sh xmm0, xmm0, eax; W1 (r64) only in 64-bit mode */
		{ 32, "62 f5 7e 08 2a c0", VMEXIT_DONE, 6, VMEXIT_M_VCVTSI2SH },
		{ 32, "62 f5 fe 08 2a c0", VMEXIT_EXCEPTION, 0, 0 },
		{ 64, "62 f5 fe 08 2a c0", VMEXIT_DONE, 6, VMEXIT_M_VCVTSI2SH },
		/* 0F3A 08: NP is vrndscaleph, 66 vrndscaleps */
		{ 64, "62 f3 7c 48 08 c1 00", VMEXIT_DONE, 7, VMEXIT_M_VRNDSCALEPH },
		{ 64, "62 f3 7d 48 08 c1 00", VMEXIT_DONE, 7, VMEXIT_M_VRNDSCALEPS },
	};
	/* memory widths: m16 (vaddsh), m16bcst (vaddph), the quarter vector
	 * of vcvtph2pd zmm, xmm/m128, the m32bcst of vfmaddcph */
	static const struct { const char *hex; unsigned width; } w[] = {
		{ "62 f5 76 08 58 00", 2 }, { "62 f5 74 58 58 00", 2 },
		{ "62 f5 7c 48 5a 00", 16 }, { "62 f6 76 58 56 00", 4 },
		{ "62 f5 74 48 58 00", 64 },
		/* vcvtps2phx ymm, zmm/m512/m32bcst: a 32-bit element */
		{ "62 f5 7d 58 1d 00", 4 },
	};
	struct vmexit_insn in;
	(void)state;

	for (size_t k = 0; k < sizeof(c) / sizeof(c[0]); k++) {
		int rc = dec(c[k].mode, c[k].hex, &in);
		if (rc != c[k].rc || (rc == VMEXIT_DONE &&
				      (in.length != c[k].len || in.mnemonic != c[k].mn)))
			fail_msg("%u-bit %s: rc %d len %u mnemonic %s", c[k].mode, c[k].hex,
				 rc, in.length, vmexit_mnemonic_name(in.mnemonic));
	}
	for (size_t k = 0; k < sizeof(w) / sizeof(w[0]); k++) {
		assert_int_equal(dec(64, w[k].hex, &in), VMEXIT_DONE);
		assert_int_equal(in.nmem, 1);
		if (in.mem[0].width != w[k].width)
			fail_msg("%s: width %u, expected %u", w[k].hex,
				 in.mem[0].width, w[k].width);
	}
}

/* The AVX-512 extensions of the Xeon Phi line and Tiger Lake, and AMX (SDM
 * Vol. 2, their instruction pages), the VSIB index in zmm16-31 and the
 * register rules of gathers and tile dot products. */
static void test_avx512_vsib_amx(void **state)
{
	static const struct {
		unsigned mode; const char *hex; int rc; unsigned len, mn, width, access;
	} c[] = {
		/* v4fmaddps zmm1, zmm2+3, [rax]: EVEX.512.F2.0F38.W0 9A,
		 * m128; 256 bits, W1, broadcast, a register source: #UD */
		{ 64, "62 f2 77 48 9a 08", VMEXIT_DONE, 6, VMEXIT_M_V4FMADDPS, 16, VMEXIT_ACC_R },
		{ 64, "62 f2 77 28 9a 08", VMEXIT_EXCEPTION, 0, 0, 0, 0 },
		{ 64, "62 f2 f7 48 9a 08", VMEXIT_EXCEPTION, 0, 0, 0, 0 },
		{ 64, "62 f2 77 58 9a 08", VMEXIT_EXCEPTION, 0, 0, 0, 0 },
		{ 64, "62 f2 77 48 9a c8", VMEXIT_EXCEPTION, 0, 0, 0, 0 },
		/* v4fnmaddss xmm1{k1}{z}, xmm2+3, [rax]: L'L ignored */
		{ 64, "62 f2 77 89 ab 08", VMEXIT_DONE, 6, VMEXIT_M_V4FNMADDSS, 16, VMEXIT_ACC_R },
		{ 32, "62 f2 77 28 9b 08", VMEXIT_DONE, 6, VMEXIT_M_V4FMADDSS, 16, VMEXIT_ACC_R },
		/* vp4dpwssds zmm1, zmm2+3, [rax] */
		{ 64, "62 f2 77 48 53 08", VMEXIT_DONE, 6, VMEXIT_M_VP4DPWSSDS, 16, VMEXIT_ACC_R },
		/* vp2intersectq k2+1, zmm1, [rax]{1to8}; no masking, no k8+ */
		{ 64, "62 f2 f7 58 68 10", VMEXIT_DONE, 6, VMEXIT_M_VP2INTERSECTQ, 8, VMEXIT_ACC_R },
		{ 64, "62 f2 77 48 68 d0", VMEXIT_DONE, 6, VMEXIT_M_VP2INTERSECTD, 0, 0 },
		{ 64, "62 f2 77 49 68 d0", VMEXIT_EXCEPTION, 0, 0, 0, 0 },
		{ 64, "62 72 77 48 68 d0", VMEXIT_EXCEPTION, 0, 0, 0, 0 },
		/* vgatherpf0dps [rax+zmm1]{k1}, vscatterpf1qpd [rax+zmm1*8]{k1}:
		 * no data access; k0 or 256 bits: #UD */
		{ 64, "62 f2 7d 49 c6 0c 08", VMEXIT_DONE, 7, VMEXIT_M_VGATHERPF0DPS, 4, 0 },
		{ 64, "62 f2 fd 49 c7 34 c8", VMEXIT_DONE, 7, VMEXIT_M_VSCATTERPF1QPD, 8, 0 },
		{ 64, "62 f2 7d 48 c6 0c 08", VMEXIT_EXCEPTION, 0, 0, 0, 0 },
		{ 64, "62 f2 7d 29 c6 0c 08", VMEXIT_EXCEPTION, 0, 0, 0, 0 },
		/* vgatherdps zmm1{k1}, [rax+zmm17]: EVEX.V' = 0 is the index's
		 * bit 4, vvvv is still 1111b */
		{ 64, "62 f2 7d 41 92 0c 08", VMEXIT_DONE, 7, VMEXIT_M_VGATHERDPS, 4, VMEXIT_ACC_R },
		/* ... and the destination the same as the index: #UD, for a
		 * scatter it is fine */
		{ 64, "62 f2 7d 49 92 0c 08", VMEXIT_EXCEPTION, 0, 0, 0, 0 },
		{ 64, "62 e2 7d 41 92 0c 08", VMEXIT_EXCEPTION, 0, 0, 0, 0 },
		{ 64, "62 f2 7d 49 a2 0c 08", VMEXIT_DONE, 7, VMEXIT_M_VSCATTERDPS, 4, VMEXIT_ACC_W },
		/* vgatherdps xmm1, [rax+xmm3], xmm2 is fine; destination,
		 * index and mask pairwise the same are #UD (32-bit: vvvv[3]
		 * ignored, so 1010b is xmm2) */
		{ 64, "c4 e2 69 92 0c 18", VMEXIT_DONE, 6, VMEXIT_M_VGATHERDP, 4, VMEXIT_ACC_R },
		{ 64, "c4 e2 69 92 0c 08", VMEXIT_EXCEPTION, 0, 0, 0, 0 },
		{ 64, "c4 e2 69 92 0c 10", VMEXIT_EXCEPTION, 0, 0, 0, 0 },
		{ 64, "c4 e2 71 92 0c 18", VMEXIT_EXCEPTION, 0, 0, 0, 0 },
		{ 32, "c4 e2 29 92 14 18", VMEXIT_EXCEPTION, 0, 0, 0, 0 },
		{ 64, "c4 e2 29 92 14 18", VMEXIT_DONE, 6, VMEXIT_M_VGATHERDP, 4, VMEXIT_ACC_R },
		/* VSIB needs a SIB byte and 32/64-bit addressing */
		{ 64, "c4 e2 69 92 4a 10", VMEXIT_EXCEPTION, 0, 0, 0, 0 },
		{ 32, "67 c4 e2 69 92 0c 18", VMEXIT_EXCEPTION, 0, 0, 0, 0 },
		{ 16, "67 c4 e2 69 92 0c 18", VMEXIT_DONE, 7, VMEXIT_M_VGATHERDP, 4, VMEXIT_ACC_R },
		{ 64, "62 f2 7d 49 a2 0d 00 00 00 00", VMEXIT_EXCEPTION, 0, 0, 0, 0 },
		/* AMX: ldtilecfg [rax] (64 bytes), tilerelease (C0 only),
		 * tilezero tmm1 (rm 000 only), tileloadd tmm1, [rax+rcx]
		 * (a SIB byte required), tilestored; 32-bit mode, W1, L1:
		 * #UD */
		{ 64, "c4 e2 78 49 00", VMEXIT_DONE, 5, VMEXIT_M_LDTILECFG, 64, VMEXIT_ACC_R },
		{ 64, "c4 e2 79 49 00", VMEXIT_DONE, 5, VMEXIT_M_STTILECFG, 64, VMEXIT_ACC_W },
		{ 64, "c4 e2 78 49 c0", VMEXIT_DONE, 5, VMEXIT_M_TILERELEASE, 0, 0 },
		{ 64, "c4 e2 78 49 c1", VMEXIT_EXCEPTION, 0, 0, 0, 0 },
		{ 64, "c4 e2 7b 49 c8", VMEXIT_DONE, 5, VMEXIT_M_TILEZERO, 0, 0 },
		{ 64, "c4 e2 7b 49 c9", VMEXIT_EXCEPTION, 0, 0, 0, 0 },
		{ 64, "c4 a2 7b 4b 0c 08", VMEXIT_DONE, 6, VMEXIT_M_TILELOADD, 0, 0 },
		{ 64, "c4 e2 7b 4b 08", VMEXIT_EXCEPTION, 0, 0, 0, 0 },
		{ 64, "c4 e2 7a 4b 0c 08", VMEXIT_DONE, 6, VMEXIT_M_TILESTORED, 0, 0 },
		{ 32, "c4 e2 78 49 c0", VMEXIT_EXCEPTION, 0, 0, 0, 0 },
		{ 64, "c4 e2 f8 49 c0", VMEXIT_EXCEPTION, 0, 0, 0, 0 },
		{ 64, "c4 e2 7c 49 c0", VMEXIT_EXCEPTION, 0, 0, 0, 0 },
		/* tdpbssd tmm1, tmm2, tmm3; the three not distinct, or a
		 * tile above 7 (VEX.R, VEX.B, vvvv[3]): #UD */
		{ 64, "c4 e2 63 5e ca", VMEXIT_DONE, 5, VMEXIT_M_TDPBSSD, 0, 0 },
		{ 64, "c4 e2 62 5c ca", VMEXIT_DONE, 5, VMEXIT_M_TDPBF16PS, 0, 0 },
		{ 64, "c4 e2 63 5e c9", VMEXIT_EXCEPTION, 0, 0, 0, 0 },
		{ 64, "c4 e2 6b 5e ca", VMEXIT_EXCEPTION, 0, 0, 0, 0 },
		{ 64, "c4 e2 73 5e ca", VMEXIT_EXCEPTION, 0, 0, 0, 0 },
		{ 64, "c4 62 63 5e ca", VMEXIT_EXCEPTION, 0, 0, 0, 0 },
		{ 64, "c4 c2 63 5e ca", VMEXIT_EXCEPTION, 0, 0, 0, 0 },
		{ 64, "c4 e2 23 5e ca", VMEXIT_EXCEPTION, 0, 0, 0, 0 },
	};
	struct vmexit_insn in;
	(void)state;

	for (size_t k = 0; k < sizeof(c) / sizeof(c[0]); k++) {
		int rc = dec(c[k].mode, c[k].hex, &in);
		if (rc != c[k].rc)
			fail_msg("%u-bit %s: rc %d invalid %u", c[k].mode, c[k].hex, rc, in.invalid);
		if (rc != VMEXIT_DONE)
			continue;
		if (in.length != c[k].len || in.mnemonic != c[k].mn)
			fail_msg("%s: len %u mnemonic %s", c[k].hex, in.length,
				 vmexit_mnemonic_name(in.mnemonic));
		if (!c[k].width)
			continue;
		assert_int_equal(in.nmem, 1);
		if (in.mem[0].width != c[k].width || in.mem[0].access != c[k].access)
			fail_msg("%s: width %u access %u", c[k].hex, in.mem[0].width,
				 in.mem[0].access);
	}
	/* the VSIB index of vgatherdps zmm1{k1}, [rax+zmm17] */
	assert_int_equal(dec(64, "62 f2 7d 41 92 0c 08", &in), VMEXIT_DONE);
	assert_int_equal(in.mem[0].index, 17);
	assert_true(in.mem[0].flags & VMEXIT_MEM_VSIB);
	assert_int_equal(in.vex_vvvv, 0);
	/* the tiles of tdpbssd tmm1, tmm2, tmm3, and tileloadd's stride */
	assert_int_equal(dec(64, "c4 e2 63 5e ca", &in), VMEXIT_DONE);
	assert_int_equal(in.noperands, 3);
	for (unsigned k = 0; k < 3; k++) {
		assert_int_equal(in.op[k].kind, VMEXIT_OP_REG);
		assert_int_equal(in.op[k].rclass, VMEXIT_RC_TMM);
		assert_int_equal(in.op[k].reg, k + 1);
	}
	assert_int_equal(dec(64, "c4 a2 7b 4b 0c 08", &in), VMEXIT_DONE);
	assert_int_equal(in.mem[0].base, VMEXIT_RAX);
	assert_int_equal(in.mem[0].index, 9);
	assert_int_equal(in.op[0].rclass, VMEXIT_RC_TMM);
	assert_int_equal(in.mem[0].access, VMEXIT_ACC_R);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mmio_store),
		cmocka_unit_test(test_sib_rip_and_16bit),
		cmocka_unit_test(test_segments_and_strings),
		cmocka_unit_test(test_register_addressed_memory),
		cmocka_unit_test(test_null_prefix_host),
		cmocka_unit_test(test_immediates),
		cmocka_unit_test(test_invalid),
		cmocka_unit_test(test_vex_fields),
		cmocka_unit_test(test_never_reads_past),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_memory_widths),
		cmocka_unit_test(test_sizes_and_access),
		cmocka_unit_test(test_added_forms),
		cmocka_unit_test(test_fp16),
		cmocka_unit_test(test_avx512_vsib_amx),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
