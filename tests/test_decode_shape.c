/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The operand shapes of the decoder's tables (decode_tables.h, SH_*)
 * name operand codes by class, from the order of the codes; the decoder's
 * fast path fills a shape's operands by that class alone.  This checks
 * each class against what the operand table (decode_operands.h) says the
 * codes are, so that a code added or moved cannot fall into the wrong one.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "x86/decode_operands.h"

static int gpr_or_xmm(const struct opdesc *p)
{
	return p->rc == VMEXIT_RC_GPR || p->rc == VMEXIT_RC_XMM;
}

static void test_shape_classes(void **state)
{
	unsigned rm = 0, reg = 0, imm = 0, rel = 0, opc = 0, str = 0, fix = 0;
	(void)state;

	for (unsigned c = 1; c < OP_CODES; c++) {
		const struct opdesc *p = &opdesc[c];
		if (DT_RMC(c)) {
			/* ModRM.rm: a general or vector register, or memory */
			assert_int_equal(p->kind, K_RM);
			assert_true(gpr_or_xmm(p));
			rm++;
		}
		if (DT_REGC(c)) {
			/* ModRM.reg (with REX.R, and EVEX.R' for vectors) */
			assert_int_equal(p->kind, K_REG);
			assert_true(p->src == R_REG || p->src == R_REGX);
			assert_true(gpr_or_xmm(p));
			assert_int_equal(p->fl & O_VEX, 0);
			reg++;
		}
		if (DT_IMMC(c)) {
			assert_int_equal(p->kind, K_IMM);
			imm++;
		}
		if (DT_JC(c)) {
			assert_int_equal(p->kind, K_REL);
			rel++;
		}
		if (DT_ZC(c)) {
			/* the opcode's low bits, with REX.B */
			assert_int_equal(p->kind, K_REG);
			assert_int_equal(p->src, R_OPC);
			opc++;
		}
		if (DT_STRC(c)) {
			assert_int_equal(p->kind, K_STR);
			str++;
		}
		if (DT_FIXC(c)) {
			assert_int_equal(p->kind, K_REG);
			assert_true(p->src >= R_FIX);
			fix++;
		}
		assert_true(DT_RMC(c) + DT_REGC(c) + DT_IMMC(c) + DT_JC(c) + DT_ZC(c) +
			    DT_STRC(c) + DT_FIXC(c) <= 1);
	}
	assert_true(rm > 0 && reg > 0 && imm > 0 && rel > 0 && opc > 0 && str > 0 &&
		    fix > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shape_classes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
