/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * State shared by the decoder's files while one instruction is decoded.
 * Private to lib/x86/decode*.c.
 *
 * Why the state is laid out this way: every field of struct vmexit_insn is
 * a byte, and a byte store may alias anything, so a decoder that writes
 * its output as it goes makes the compiler reload all of its state after
 * each store.  vmexit_decode() therefore keeps the state, and the fixed
 * part of the instruction (everything before op[]), in locals whose
 * address escapes to no function that is not inlined (DHOT), and copies
 * the fixed part out once at the end; only op[] and mem[] are written to
 * the caller's struct directly.
 */
#ifndef VMEXIT_DECODE_INTERNAL_H
#define VMEXIT_DECODE_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "decode_path.h"
#include "decode_tables.h"

/* Segments as enum vmexit_seg numbers them (<vmexit/vcpu.h>). */
enum { SEG_ES, SEG_CS, SEG_SS, SEG_DS, SEG_FS, SEG_GS };

struct vmexit_dstate {
	const uint8_t *bytes;
	unsigned pos;
	unsigned lim;     /* min(len, 15): bytes that can be fetched */
	struct vmexit_insn *in;  /* the fixed part: a local, copied out */
	struct vmexit_insn *out; /* the caller's: op[] and mem[] */
	const struct vmexit_dt *leaf;
	uint8_t have_modrm;
	uint8_t op66;     /* 66 changes the operand size (not mandatory) */
	uint8_t rep;      /* last of F2/F3, or 0 */
	uint8_t rex_w, rex_r, rex_x, rex_b, evex_r2, evex_v2;
	uint8_t vvvv8;    /* vvvv[3] outside 64-bit mode (it names no register) */
	uint8_t bad_prefix; /* deferred VEX/EVEX/XOP prefix error */
	uint8_t sego;     /* segment override that takes effect: seg + 1, or 0 */
	uint8_t nimm;     /* immediates read so far */
	uint8_t vecsize;  /* bytes of a full vector operand */
};

/* A function of the decoder's hot path: inlined, so that the state it is
 * given stays local to vmexit_decode(). */
#define DHOT static inline __attribute__((always_inline))

/* The error for fetching n more bytes at pos when they are not all
 * within lim; out of line, as the common path never needs it (and given
 * pos, not the state, so that the state's address does not escape). */
int vmexit_dfetch_fail(unsigned pos, unsigned n) __attribute__((cold));

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
DHOT int vmexit_dfetch(struct vmexit_dstate *d, unsigned n, uint64_t *v)
{
	if (__builtin_expect(d->pos + n > d->lim, 0))
		return vmexit_dfetch_fail(d->pos, n);
	*v = vmexit_dle(d->bytes + d->pos, n);
	d->pos += n;
	return 0;
}
#endif
