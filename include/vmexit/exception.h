/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Exception classes and the rule for a second exception raised while the
 * first is being delivered (SDM Vol. 3, "Interrupt 8—Double Fault
 * Exception (#DF)", Tables "Interrupt and Exception Classes" and
 * "Conditions for Generating a Double Fault"; AMD APM Vol. 2, "Double
 * Fault Exception (#DF)").
 */
#ifndef VMEXIT_EXCEPTION_H
#define VMEXIT_EXCEPTION_H

#include <stdbool.h>
#include <stdint.h>

#include <vmexit/vmexit.h>

#ifdef __cplusplus
extern "C" {
#endif

enum vmexit_exc_class {
	VMEXIT_CLASS_BENIGN,
	VMEXIT_CLASS_CONTRIBUTORY,
	VMEXIT_CLASS_PAGE_FAULT,
	VMEXIT_CLASS_DOUBLE_FAULT,
};

enum vmexit_combine {
	VMEXIT_COMBINE_SERIAL, /* deliver the second; the first is dropped */
	VMEXIT_COMBINE_DF,     /* deliver #DF(0) */
	VMEXIT_COMBINE_TRIPLE, /* shutdown */
};

/* Class of an exception vector; #CP is contributory only with CET, and
 * vectors that are not exceptions (32 and up) are benign like INTR. */
VMEXIT_API enum vmexit_exc_class vmexit_exc_class(unsigned vector, bool cet);
/* Whether delivering this exception vector pushes an error code. */
VMEXIT_API bool vmexit_exc_has_error(unsigned vector);
/* Whether the vector is a trap (RIP after the instruction) rather than a
 * fault: #BP and #OF.  #DB is a trap or a fault by its condition (DR6),
 * which the vector does not tell: false for it. */
VMEXIT_API bool vmexit_exc_is_trap(unsigned vector);
/* What happens when `second` occurs while delivering `first`. */
VMEXIT_API enum vmexit_combine vmexit_exc_combine(unsigned first,
						  unsigned second, bool cet);

#ifdef __cplusplus
}
#endif
#endif
