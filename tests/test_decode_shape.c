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

/* What the fast path takes a code of each class to be. */
static int rm_ok(const struct opdesc *p) /* ModRM.rm: register or memory */
{
	return p->kind == K_RM && gpr_or_xmm(p);
}

static int reg_ok(const struct opdesc *p) /* ModRM.reg with REX.R */
{
	return p->kind == K_REG && (p->src == R_REG || p->src == R_REGX) &&
	       gpr_or_xmm(p) && !(p->fl & O_VEX);
}

static int imm_ok(const struct opdesc *p) { return p->kind == K_IMM; }
static int rel_ok(const struct opdesc *p) { return p->kind == K_REL; }
static int opc_ok(const struct opdesc *p) { return p->kind == K_REG && p->src == R_OPC; }
static int str_ok(const struct opdesc *p) { return p->kind == K_STR; }
static int fix_ok(const struct opdesc *p) { return p->kind == K_REG && p->src >= R_FIX; }

static void test_shape_classes(void **state)
{
	static int (*const ok[])(const struct opdesc *) = {
		rm_ok, reg_ok, imm_ok, rel_ok, opc_ok, str_ok, fix_ok,
	};
	enum { NCLASS = sizeof(ok) / sizeof(ok[0]) };
	unsigned seen[NCLASS] = { 0 };
	(void)state;

	for (unsigned c = 1; c < OP_CODES; c++) {
		const int in[NCLASS] = {
			DT_RMC(c), DT_REGC(c), DT_IMMC(c), DT_JC(c), DT_ZC(c),
			DT_STRC(c), DT_FIXC(c),
		};
		unsigned classes = 0;
		for (unsigned k = 0; k < NCLASS; k++) {
			if (!in[k])
				continue;
			assert_true(ok[k](&opdesc[c]));
			seen[k]++;
			classes++;
		}
		assert_true(classes <= 1);
	}
	for (unsigned k = 0; k < NCLASS; k++)
		assert_true(seen[k] > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shape_classes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
