/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test-kvm-diff: the random values (registers, memory, operands), from a
 * stream of their own for each case and repetition, so that the same
 * SEED runs one case again alone.
 */
#include <string.h>

#include "kvm-diff.h"

uint64_t seed = DEFAULT_SEED;
static uint64_t rng;

/* splitmix64 */
uint64_t rnd(void)
{
	uint64_t z = (rng += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* Each case and repetition has its own stream, so one reruns alone. */
void reseed(unsigned part, unsigned idx, unsigned rep)
{
	rng = seed ^ ((uint64_t)part << 56) ^ ((uint64_t)idx << 24) ^ rep;
	rnd();
}

void fill_random(uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i += 8) {
		uint64_t x = rnd();
		memcpy(p + i, &x, n - i < 8 ? n - i : 8);
	}
}
