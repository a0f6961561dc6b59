/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Hand-computed cases for lib/x86/flags.c, independent of the host CPU:
 * each expected value was worked out on paper from the instruction's
 * Operation and Flags Affected sections in the SDM Vol. 2 (the comment on
 * each row shows the arithmetic).  test_flags_host.c is the bulk oracle.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <vmexit/flags.h>
#include <vmexit/x86.h>

#include "lib/rflags.h"
#define ALL VMEXIT_RFLAGS_STATUS
/* Bits outside the status flags that must come back untouched. */
#define OTHER (VMEXIT_RFLAGS_FIXED | VMEXIT_RFLAGS_IF | VMEXIT_RFLAGS_DF)

struct hand {
	unsigned op, size;
	uint64_t dst, src, flags_in;
	uint64_t result, flags_out; /* status flags only */
	uint64_t care;              /* the flags the manual defines here */
};

static const struct hand alu_cases[] = {
	/* 0x7f + 1 = 0x80: positive + positive = negative (OF), carry out
	 * of bit 3 (AF), one bit set (PF clear). */
	{ VMEXIT_ALU_ADD, 1, 0x7f, 1, 0, 0x80, OF | SF | AF, ALL },
	/* 0xff + 1 = 0x100: CF, ZF, AF; 0 has even parity. */
	{ VMEXIT_ALU_ADD, 1, 0xff, 1, 0, 0x00, CF | ZF | AF | PF, ALL },
	/* 2^64-1 + 0 + CF = 2^64. */
	{ VMEXIT_ALU_ADC, 8, ~0ull, 0, CF, 0, CF | ZF | AF | PF, ALL },
	/* 0 - 1 = 0xffffffff: borrow (CF), borrow from bit 4 (AF), low
	 * byte 0xff has 8 ones (PF). */
	{ VMEXIT_ALU_SUB, 4, 0, 1, 0, 0xffffffff, CF | SF | AF | PF, ALL },
	/* 0x8000 - 0 - 1 = 0x7fff: negative - positive = positive (OF). */
	{ VMEXIT_ALU_SBB, 2, 0x8000, 0, CF, 0x7fff, OF | AF | PF, ALL },
	/* CMP 5, 7: 5 - 7 = -2 = 0xfe; dst stays 5. 0xfe has 7 ones. */
	{ VMEXIT_ALU_CMP, 1, 5, 7, 0, 5, CF | SF | AF, ALL },
	/* AND clears CF and OF whatever they were; AF is undefined. */
	{ VMEXIT_ALU_AND, 2, 0xf0f0, 0x0ff0, CF | OF, 0x00f0, PF,
	  ALL & ~AF },
	/* TEST leaves dst; 0x80000000 & 0x80000000 is negative. */
	{ VMEXIT_ALU_TEST, 4, 0x80000000, 0x80000000, 0, 0x80000000,
	  SF | PF, ALL & ~AF },
	/* XOR with itself: 0. */
	{ VMEXIT_ALU_XOR, 8, 0x1234, 0x1234, ALL, 0, ZF | PF, ALL & ~AF },
	/* INC 0x7fffffff: overflow; CF is not affected (stays set). */
	{ VMEXIT_ALU_INC, 4, 0x7fffffff, 0, CF, 0x80000000,
	  CF | OF | SF | AF | PF, ALL },
	/* DEC 0 = 0xffff: no CF change (stays clear), borrow into AF. */
	{ VMEXIT_ALU_DEC, 2, 0, 0, 0, 0xffff, SF | AF | PF, ALL },
	/* NEG 0x80 = 0x80: "CF set unless the operand is 0"; -(-128)
	 * overflows. */
	{ VMEXIT_ALU_NEG, 1, 0x80, 0, 0, 0x80, CF | OF | SF, ALL },
	/* NEG 0 = 0: CF clear. */
	{ VMEXIT_ALU_NEG, 8, 0, 0, CF, 0, ZF | PF, ALL },
	/* NOT affects no flags. */
	{ VMEXIT_ALU_NOT, 1, 0x0f, 0, ALL, 0xf0, ALL, ALL },
	/* SHL 0x81 by 1 = 0x02: CF = old bit 7; OF = MSB(result) ^ CF. */
	{ VMEXIT_ALU_SHL, 1, 0x81, 1, 0, 0x02, CF | OF, ALL & ~AF },
	/* SHR 0x8000 by 1: OF = MSB of the original operand. */
	{ VMEXIT_ALU_SHR, 2, 0x8000, 1, 0, 0x4000, OF | PF, ALL & ~AF },
	/* SAR 0x81 by 1 = 0xc0: CF = old bit 0, OF cleared. */
	{ VMEXIT_ALU_SAR, 1, 0x81, 1, OF, 0xc0, CF | SF | PF, ALL & ~AF },
	/* SHL 0x1 by 32 (32-bit): the count masks to 0; nothing changes. */
	{ VMEXIT_ALU_SHL, 4, 1, 32, ALL, 1, ALL, ALL },
	/* SHL by 64 (64-bit): masked to 0 as well. */
	{ VMEXIT_ALU_SHL, 8, 1, 64, 0, 1, 0, ALL },
	/* SHL 64-bit by 63: bit 0 moves to bit 63, CF = old bit 1 = 0. */
	{ VMEXIT_ALU_SHL, 8, 1, 63, 0, 1ull << 63, SF | PF,
	  CF | ZF | SF | PF },
	/* SHR 8-bit by 8: everything shifted out, CF = old bit 7 (count ==
	 * width: CF is undefined by the manual, so not checked). */
	{ VMEXIT_ALU_SHR, 1, 0x80, 8, 0, 0, ZF | PF, ZF | SF | PF },
	/* SAR 16-bit by 20 (> width): all sign bits; CF the sign. */
	{ VMEXIT_ALU_SAR, 2, 0x8000, 20, 0, 0xffff, CF | SF | PF,
	  CF | ZF | SF | PF },
	/* ROL 0x80 by 1 = 0x01: CF = LSB(result), OF = MSB ^ CF = 1. Other
	 * flags untouched (ZF in stays). */
	{ VMEXIT_ALU_ROL, 1, 0x80, 1, ZF, 0x01, CF | OF | ZF, ALL },
	/* ROR 8-bit by 8: value unchanged but the masked count is not 0,
	 * so CF = MSB(result) = 1. */
	{ VMEXIT_ALU_ROR, 1, 0x81, 8, 0, 0x81, CF, ALL & ~OF },
	/* ROR 0x1 by 1 (64-bit): bit 0 to bit 63, CF = 1, OF = top two
	 * bits of the result differ = 1. */
	{ VMEXIT_ALU_ROR, 8, 1, 1, 0, 1ull << 63, CF | OF, ALL },
	/* RCL 0x80 by 1 with CF=1: 1:1000_0000 -> 1:0000_0001; OF =
	 * MSB(result) ^ CF = 1. */
	{ VMEXIT_ALU_RCL, 1, 0x80, 1, CF, 0x01, CF | OF, ALL },
	/* RCL 8-bit by 9: tempCOUNT = 9 mod 9 = 0, the value and CF stay. */
	{ VMEXIT_ALU_RCL, 1, 0x5a, 9, CF, 0x5a, CF, ALL & ~OF },
	/* RCR 0x0001 by 1 with CF=1 (16-bit): CF goes to bit 15, bit 0 to
	 * CF; OF = MSB(dst) ^ CF before = 0 ^ 1. */
	{ VMEXIT_ALU_RCR, 2, 1, 1, CF, 0x8000, CF | OF, ALL },
	/* RCR 32-bit by 4 with CF=0: 0x0000000f -> 0xe0000000, CF = bit 3 of
	 * the old value = 1; 33-bit rotate brings bits 0-2 to 29-31. */
	{ VMEXIT_ALU_RCR, 4, 0xf, 4, 0, 0xe0000000, CF, CF },
	/* BT 32-bit, offset 35 = bit 3 (mod 32): set -> CF; ZF untouched. */
	{ VMEXIT_ALU_BT, 4, 0x8, 35, ZF, 0x8, CF | ZF, CF | ZF },
	/* BTS 16-bit, offset 17 = bit 1: was clear. */
	{ VMEXIT_ALU_BTS, 2, 0, 17, CF, 0x2, 0, CF | ZF },
	/* BTR 64-bit bit 63: was set. */
	{ VMEXIT_ALU_BTR, 8, 1ull << 63, 63, 0, 0, CF, CF | ZF },
	/* BTC 64-bit bit 0: was clear, becomes set. */
	{ VMEXIT_ALU_BTC, 8, 0, 64, CF, 1, 0, CF | ZF },
};

static void test_alu_hand(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(alu_cases) / sizeof(alu_cases[0]); i++) {
		const struct hand *h = &alu_cases[i];

		for (unsigned amd = 0; amd <= 1; amd++) {
			uint64_t d = h->dst, fl = h->flags_in | OTHER;
			unsigned op = h->op | (amd ? VMEXIT_ALU_AMD : 0);

			int rc = vmexit_alu(op, h->size, &d, h->src, &fl);

			if (rc != VMEXIT_DONE || d != h->result ||
			    ((fl ^ h->flags_out) & h->care) ||
			    (fl & ~VMEXIT_RFLAGS_STATUS) != OTHER)
				print_message("case %zu (op %u size %u%s)\n", i,
					      h->op, h->size,
					      amd ? ", AMD" : "");
			assert_int_equal(rc, VMEXIT_DONE);
			assert_int_equal(d, h->result);
			assert_int_equal(fl & h->care, h->flags_out & h->care);
			assert_int_equal(fl & ~VMEXIT_RFLAGS_STATUS, OTHER);
		}
	}
}

/* Bits above the operand size are ignored and the result is
 * zero-extended. */
static void test_alu_truncates(void **state)
{
	uint64_t d = 0xffffffffffffff7full, fl = 0;

	(void)state;
	assert_int_equal(vmexit_alu(VMEXIT_ALU_ADD, 1, &d, 0x101, &fl),
			 VMEXIT_DONE);
	assert_int_equal(d, 0x80);
	assert_int_equal(fl & VMEXIT_RFLAGS_STATUS, OF | SF | AF);
}

/* SHLD/SHRD. */
static void test_shd_hand(void **state)
{
	uint64_t d, fl;

	(void)state;
	/* SHLD 32-bit by 4: 0x80000000:0xffffffff -> 0x0000000f; CF = bit
	 * 28 of dst = 0; 0x0f has 4 ones. */
	d = 0x80000000, fl = 0;
	assert_int_equal(vmexit_alu_shd(VMEXIT_SHD_SHLD, 4, &d, 0xffffffff,
					4, &fl),
			 VMEXIT_DONE);
	assert_int_equal(d, 0xf);
	assert_int_equal(fl & (CF | ZF | SF | PF), PF);
	/* SHRD 16-bit by 1: src bit 0 enters at bit 15, dst bit 0 -> CF,
	 * sign changed 0 -> 1 (OF). */
	d = 0x0001, fl = 0;
	assert_int_equal(vmexit_alu_shd(VMEXIT_SHD_SHRD, 2, &d, 0x0001, 1,
					&fl),
			 VMEXIT_DONE);
	assert_int_equal(d, 0x8000);
	assert_int_equal(fl & (CF | ZF | SF | PF | OF), CF | SF | PF | OF);
	/* SHRD 64-bit by 64: masked to 0, nothing changes. */
	d = 5, fl = ALL;
	assert_int_equal(vmexit_alu_shd(VMEXIT_SHD_SHRD, 8, &d, 0, 64, &fl),
			 VMEXIT_DONE);
	assert_int_equal(d, 5);
	assert_int_equal(fl, ALL);
}

/* Undefined flags: the documented vendor choices (lib/x86/flags.c). */
static void test_vendor_choices(void **state)
{
	uint64_t d, fl;

	(void)state;
	/* SHL by 2: AF clear on Intel, set on AMD. */
	d = 1, fl = 0;
	vmexit_alu(VMEXIT_ALU_SHL, 4, &d, 2, &fl);
	assert_int_equal(fl & AF, 0);
	d = 1, fl = 0;
	vmexit_alu(VMEXIT_ALU_SHL | VMEXIT_ALU_AMD, 4, &d, 2, &fl);
	assert_int_equal(fl & AF, AF);
	/* SHR 0x80 by 2 (8-bit): OF = old sign on Intel, 0 on AMD. */
	d = 0x80, fl = 0;
	vmexit_alu(VMEXIT_ALU_SHR, 1, &d, 2, &fl);
	assert_int_equal(fl & OF, OF);
	d = 0x80, fl = 0;
	vmexit_alu(VMEXIT_ALU_SHR | VMEXIT_ALU_AMD, 1, &d, 2, &fl);
	assert_int_equal(fl & OF, 0);
	/* MUL 3 * 5 = 15 (lib/x86/muldiv.c): Intel SF and PF from the low
	 * half (15: PF set), ZF and AF clear; AMD leaves the four alone. */
	uint64_t lo = 3, hi = 0;
	fl = ZF | AF | SF;
	vmexit_alu_muldiv(VMEXIT_MD_MUL, 4, &lo, &hi, 5, &fl);
	assert_int_equal(fl, PF);
	lo = 3, fl = ZF | AF | SF | CF;
	vmexit_alu_muldiv(VMEXIT_MD_MUL | VMEXIT_ALU_AMD, 4, &lo, &hi, 5, &fl);
	assert_int_equal(fl, ZF | AF | SF);
	assert_int_equal(lo, 15);
	/* DIV 7 / 2: Intel leaves every flag; AMD sets AF, clears SF, ZF
	 * and PF, leaves CF and OF. */
	lo = 7, hi = 0, fl = SF | ZF | PF | CF | OF;
	vmexit_alu_muldiv(VMEXIT_MD_DIV, 2, &lo, &hi, 2, &fl);
	assert_int_equal(fl, SF | ZF | PF | CF | OF);
	lo = 7, hi = 0;
	vmexit_alu_muldiv(VMEXIT_MD_IDIV | VMEXIT_ALU_AMD, 2, &lo, &hi, 2, &fl);
	assert_int_equal(fl, AF | CF | OF);
	assert_int_equal(lo, 3);
	assert_int_equal(hi, 1);
}

static void test_cond(void **state)
{
	(void)state;
	/* SDM Vol. 1, Appendix B, "EFLAGS Condition Codes". */
	assert_true(vmexit_cond(VMEXIT_CC_O, OF));
	assert_false(vmexit_cond(VMEXIT_CC_NO, OF));
	assert_true(vmexit_cond(VMEXIT_CC_B, CF));
	assert_true(vmexit_cond(VMEXIT_CC_AE, 0));
	assert_true(vmexit_cond(VMEXIT_CC_E, ZF));
	assert_true(vmexit_cond(VMEXIT_CC_BE, ZF));
	assert_true(vmexit_cond(VMEXIT_CC_BE, CF));
	assert_false(vmexit_cond(VMEXIT_CC_A, CF));
	assert_true(vmexit_cond(VMEXIT_CC_A, 0));
	assert_true(vmexit_cond(VMEXIT_CC_S, SF));
	assert_true(vmexit_cond(VMEXIT_CC_P, PF));
	assert_true(vmexit_cond(VMEXIT_CC_NP, 0));
	assert_true(vmexit_cond(VMEXIT_CC_L, SF));        /* SF != OF */
	assert_false(vmexit_cond(VMEXIT_CC_L, SF | OF));
	assert_true(vmexit_cond(VMEXIT_CC_GE, SF | OF));
	assert_true(vmexit_cond(VMEXIT_CC_LE, ZF | SF | OF));
	assert_true(vmexit_cond(VMEXIT_CC_G, SF | OF));
	assert_false(vmexit_cond(VMEXIT_CC_G, ZF));
	/* Only the low nibble counts: 0x74 (JE) and 0x0f 0x84. */
	assert_true(vmexit_cond(0x74, ZF));
	assert_true(vmexit_cond(0x84, ZF));
}

static void test_caller_errors(void **state)
{
	uint64_t d = 7, fl = ALL;

	(void)state;
	assert_int_equal(vmexit_alu(VMEXIT_ALU_ADD, 3, &d, 1, &fl),
			 VMEXIT_ERR_CALLER);
	assert_int_equal(vmexit_alu(VMEXIT_ALU_ADD, 0, &d, 1, &fl),
			 VMEXIT_ERR_CALLER);
	assert_int_equal(vmexit_alu(VMEXIT_ALU_NR_OPS, 4, &d, 1, &fl),
			 VMEXIT_ERR_CALLER);
	assert_int_equal(vmexit_alu(0x7fff, 4, &d, 1, &fl),
			 VMEXIT_ERR_CALLER);
	assert_int_equal(vmexit_alu(VMEXIT_ALU_ADD, 4, NULL, 1, &fl),
			 VMEXIT_ERR_CALLER);
	assert_int_equal(vmexit_alu(VMEXIT_ALU_ADD, 4, &d, 1, NULL),
			 VMEXIT_ERR_CALLER);
	/* No 8-bit SHLD/SHRD exists. */
	assert_int_equal(vmexit_alu_shd(VMEXIT_SHD_SHLD, 1, &d, 1, 1, &fl),
			 VMEXIT_ERR_CALLER);
	assert_int_equal(vmexit_alu_shd(2, 4, &d, 1, 1, &fl),
			 VMEXIT_ERR_CALLER);
	/* Nothing was written. */
	assert_int_equal(d, 7);
	assert_int_equal(fl, ALL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_alu_hand),
		cmocka_unit_test(test_alu_truncates),
		cmocka_unit_test(test_shd_hand),
		cmocka_unit_test(test_vendor_choices),
		cmocka_unit_test(test_cond),
		cmocka_unit_test(test_caller_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
