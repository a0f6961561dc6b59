/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Shared by the ALU's files (lib/x86/flags.c, lib/x86/muldiv.c).
 */
#ifndef VMEXIT_FLAGS_INTERNAL_H
#define VMEXIT_FLAGS_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

/* PF: set when the low byte of the result has an even number of ones
 * (SDM Vol. 1, "Status Flags").  0x6996 is the 4-bit odd-parity table. */
static inline bool parity_even(uint64_t r)
{
	unsigned b = (unsigned)(r & 0xff);

	return ((0x6996u >> ((b ^ (b >> 4)) & 0xf)) & 1) == 0;
}

#endif
