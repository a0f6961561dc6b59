/* SPDX-License-Identifier: BSD-2-Clause */
/* Short names for the RFLAGS status bits, for test tables. */
#ifndef TESTS_RFLAGS_H
#define TESTS_RFLAGS_H

#include <vmexit/x86.h>

#define CF VMEXIT_RFLAGS_CF
#define PF VMEXIT_RFLAGS_PF
#define AF VMEXIT_RFLAGS_AF
#define ZF VMEXIT_RFLAGS_ZF
#define SF VMEXIT_RFLAGS_SF
#define OF VMEXIT_RFLAGS_OF

#endif
