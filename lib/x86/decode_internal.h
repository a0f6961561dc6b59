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

struct vmexit_dstate {
	const uint8_t *bytes;
	size_t len;
	unsigned pos;
	struct vmexit_insn *in;
	const struct vmexit_dt *leaf;
	uint8_t have_modrm;
	uint8_t op66;     /* 66 changes the operand size (not mandatory) */
	uint8_t rep;      /* last of F2/F3, or 0 */
	uint8_t rex_w, rex_r, rex_x, rex_b, evex_r2, evex_v2;
	uint8_t bad_prefix; /* deferred VEX/EVEX/XOP prefix error */
	uint8_t nimm;     /* immediates read so far */
	uint8_t vecsize;  /* bytes of a full vector operand */
};

/* Fetch n (1, 2, 4 or 8) little-endian bytes; 0 or a VMEXIT_DECODE_*. */
int vmexit_dfetch(struct vmexit_dstate *d, unsigned n, uint64_t *v);
/* Fill in->op[] and in->mem[] from the leaf's operand codes, reading the
 * SIB, displacement and immediates they imply. */
int vmexit_doperands(struct vmexit_dstate *d);

#endif
