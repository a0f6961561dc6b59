/* SPDX-License-Identifier: BSD-2-Clause */
/* Instruction bytes written as hex ("0f 11 07"), for test tables. */
#ifndef VMEXIT_TESTS_HEX_H
#define VMEXIT_TESTS_HEX_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

/* The bytes of s, at most max, into out; how many. */
static inline size_t hex_bytes(const char *s, uint8_t *out, size_t max)
{
	size_t n = 0;

	while (*s && n < max) {
		char *end;
		unsigned long v = strtoul(s, &end, 16);
		if (end == s)
			break;
		out[n++] = (uint8_t)v;
		s = end;
	}
	return n;
}

#endif
