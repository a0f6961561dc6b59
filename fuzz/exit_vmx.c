/* SPDX-License-Identifier: BSD-2-Clause */
/* Random raw VMX exit fields through decode, event policy and dispatch on
 * the mock backend (the body is shared with the other architecture). */
#define EXIT_FUZZ_SVM 0
#include "exit_body.h"
