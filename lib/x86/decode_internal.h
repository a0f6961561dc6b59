/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * State shared by the decoder's files while one instruction is decoded.
 * Private to lib/x86/decode*.c.
 */
#ifndef VMEXIT_DECODE_INTERNAL_H
#define VMEXIT_DECODE_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "decode_tables.h"

/* Segments as enum vmexit_seg numbers them (<vmexit/vcpu.h>). */
enum { SEG_ES, SEG_CS, SEG_SS, SEG_DS, SEG_FS, SEG_GS };

struct vmexit_dstate {
	const uint8_t *bytes;
	unsigned pos;
	unsigned lim;     /* min(len, 15): bytes that can be fetched */
	struct vmexit_insn *in;
	const struct vmexit_dt *leaf;
	uint8_t have_modrm;
	uint8_t op66;     /* 66 changes the operand size (not mandatory) */
	uint8_t rep;      /* last of F2/F3, or 0 */
	uint8_t rex_w, rex_r, rex_x, rex_b, evex_r2, evex_v2;
	uint8_t bad_prefix; /* deferred VEX/EVEX/XOP prefix error */
	uint8_t sego;     /* segment override that takes effect: seg + 1, or 0 */
	uint8_t nimm;     /* immediates read so far */
	uint8_t vecsize;  /* bytes of a full vector operand */
};

/* The error for fetching n more bytes when they are not all within
 * lim; out of line, as the common path never needs it. */
int vmexit_dfetch_fail(const struct vmexit_dstate *d, unsigned n)
	__attribute__((cold));

/* n (0, 1, 2, 4 or 8) little-endian bytes at p: written out per size so
 * that the compiler turns each case into one load. */
static inline uint64_t vmexit_dle(const uint8_t *p, unsigned n)
{
	switch (n) {
	case 1:
		return p[0];
	case 2:
		return (uint64_t)p[0] | (uint64_t)p[1] << 8;
	case 4:
		return (uint64_t)p[0] | (uint64_t)p[1] << 8 |
		       (uint64_t)p[2] << 16 | (uint64_t)p[3] << 24;
	case 8:
		return vmexit_dle(p, 4) | vmexit_dle(p + 4, 4) << 32;
	default:
		return 0;
	}
}

/* Fetch n (0, 1, 2, 4 or 8) little-endian bytes; 0 or a VMEXIT_DECODE_*.
 * lim is min(len, 15), so one comparison covers both the caller's
 * buffer and the architectural limit; *v is left alone on failure. */
static inline int vmexit_dfetch(struct vmexit_dstate *d, unsigned n, uint64_t *v)
{
	if (__builtin_expect(d->pos + n > d->lim, 0))
		return vmexit_dfetch_fail(d, n);
	*v = vmexit_dle(d->bytes + d->pos, n);
	d->pos += n;
	return 0;
}
/* Fill in->op[] and in->mem[] from the leaf's operand codes, reading the
 * SIB, displacement and immediates they imply. */
int vmexit_doperands(struct vmexit_dstate *d);

#endif
