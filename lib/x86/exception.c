/* SPDX-License-Identifier: BSD-2-Clause */
/* Exception classes and double-fault combining; see <vmexit/exception.h>. */
#include <vmexit/exception.h>
#include <vmexit/x86.h>

enum vmexit_exc_class vmexit_exc_class(unsigned vector, bool cet)
{
	switch (vector) {
	case VMEXIT_EXC_DE:
	case VMEXIT_EXC_TS:
	case VMEXIT_EXC_NP:
	case VMEXIT_EXC_SS:
	case VMEXIT_EXC_GP:
		return VMEXIT_CLASS_CONTRIBUTORY;
	case VMEXIT_EXC_CP:
		/* SDM: #CP is contributory; without CET it cannot occur, so
		 * a stray vector 21 is treated like any other benign one. */
		return cet ? VMEXIT_CLASS_CONTRIBUTORY : VMEXIT_CLASS_BENIGN;
	case VMEXIT_EXC_PF:
	case VMEXIT_EXC_VE: /* SDM lists #VE with page faults */
		return VMEXIT_CLASS_PAGE_FAULT;
	case VMEXIT_EXC_DF:
		return VMEXIT_CLASS_DOUBLE_FAULT;
	default:
		return VMEXIT_CLASS_BENIGN;
	}
}

bool vmexit_exc_has_error(unsigned vector)
{
	/* SDM Vol. 3, "Error Code": #DF, #TS, #NP, #SS, #GP, #PF, #AC and
	 * #CP push one; AMD adds #VC and #SX. */
	switch (vector) {
	case VMEXIT_EXC_DF:
	case VMEXIT_EXC_TS:
	case VMEXIT_EXC_NP:
	case VMEXIT_EXC_SS:
	case VMEXIT_EXC_GP:
	case VMEXIT_EXC_PF:
	case VMEXIT_EXC_AC:
	case VMEXIT_EXC_CP:
	case VMEXIT_EXC_VC:
	case VMEXIT_EXC_SX:
		return true;
	default:
		return false;
	}
}

bool vmexit_exc_is_trap(unsigned vector)
{
	return vector == VMEXIT_EXC_BP || vector == VMEXIT_EXC_OF;
}

enum vmexit_combine vmexit_exc_combine(unsigned first, unsigned second,
				       bool cet)
{
	enum vmexit_exc_class a = vmexit_exc_class(first, cet);
	enum vmexit_exc_class b = vmexit_exc_class(second, cet);

	/* A fault while delivering #DF shuts the processor down.  The APM
	 * ("Double-Fault Exception", "a third interrupting event") and older
	 * SDM editions ("If another exception occurs") say any exception;
	 * the current SDM says "another contributory or page fault
	 * exception".  Only a benign exception (#MC, in practice) would tell
	 * them apart; the broader rule is kept, as KVM does. */
	if (a == VMEXIT_CLASS_DOUBLE_FAULT)
		return VMEXIT_COMBINE_TRIPLE;
	if (a == VMEXIT_CLASS_CONTRIBUTORY && b == VMEXIT_CLASS_CONTRIBUTORY)
		return VMEXIT_COMBINE_DF;
	if (a == VMEXIT_CLASS_PAGE_FAULT &&
	    (b == VMEXIT_CLASS_CONTRIBUTORY || b == VMEXIT_CLASS_PAGE_FAULT))
		return VMEXIT_COMBINE_DF;
	return VMEXIT_COMBINE_SERIAL;
}
