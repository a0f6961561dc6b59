/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Fuzz target for the decoder: the first byte picks the mode, the rest are
 * instruction bytes.  Besides crashes and sanitizer reports it checks the
 * decoder's promises: a length of 1-15 that never passes the input, the
 * memory predicate set exactly when a memory operand is accessed,
 * registers and segments in range, the same answer for the same bytes,
 * and from the fast path (the templates) what the general path gives.
 */
#include <stdlib.h>
#include <string.h>

#include <vmexit/decode.h>

#include "fuzz.h"
#include "lib/insn_differs.h"
#include "x86/decode_path.h"

static void check(int ok)
{
	if (!ok)
		abort();
}

static void check_insn(const struct vmexit_insn *in, size_t n)
{
	check(in->length >= 1 && in->length <= VMEXIT_INSN_MAX && in->length <= n);
	check(in->nmem <= 2 && in->noperands <= VMEXIT_INSN_MAX_OPS);
	/* VMEXIT_INSN_MEM: some memory operand is read or written (LEA,
	 * NOP r/m, prefetches name an address that is not accessed). */
	int accessed = 0;
	for (unsigned i = 0; i < in->nmem; i++)
		accessed |= in->mem[i].access != 0;
	check(!!(in->flags & VMEXIT_INSN_MEM) == accessed);
	check(in->mnemonic != VMEXIT_M_INVALID && in->mnemonic < VMEXIT_M_COUNT);
	check(in->osize == 1 || in->osize == 2 || in->osize == 4 || in->osize == 8);
	check(in->asize == 2 || in->asize == 4 || in->asize == 8);
	check(!(in->flags & (VMEXIT_INSN_REP | VMEXIT_INSN_REPNE)) ||
	      (in->flags & VMEXIT_INSN_STRING));
	for (unsigned i = 0; i < in->nmem; i++) {
		const struct vmexit_mem *m = &in->mem[i];
		check(m->seg <= 5);
		check(m->base < 16 || m->base == VMEXIT_DECODE_NOREG ||
		      m->base == VMEXIT_DECODE_RIP);
		check(m->index < 32 || m->index == VMEXIT_DECODE_NOREG);
		check(m->scale == 1 || m->scale == 2 || m->scale == 4 || m->scale == 8);
		check(m->asize == in->asize);
	}
	for (unsigned i = 0; i < in->noperands; i++)
		check(in->op[i].kind != VMEXIT_OP_MEM || in->op[i].mem < in->nmem);
}

/* Where the fast path decodes the bytes, the general path gives the
 * same: the fixed part, the operands and the memory operands. */
static void check_paths(const uint8_t *data, size_t size, unsigned mode)
{
	struct vmexit_insn f, g;

	memset(&f, 0x5a, sizeof(f));
	memset(&g, 0xa5, sizeof(g));
	if (vmexit_decode_path(data, size, mode, &f, 1) != VMEXIT_DONE)
		return;
	check(vmexit_decode_path(data, size, mode, &g, 0) == VMEXIT_DONE);
	check(!*decode_insn_differs(&f, &g));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum vmexit_decode_mode modes[3] = {
		VMEXIT_DECODE_16, VMEXIT_DECODE_32, VMEXIT_DECODE_64,
	};
	struct vmexit_insn a, b;
	enum vmexit_decode_mode mode;
	int rc;

	if (size < 1)
		return 0;
	/* Unused op[]/mem[] entries are unspecified but, for the same bytes,
	 * written the same way: clear them so that the two results compare
	 * byte for byte. */
	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	mode = modes[data[0] % 3];
	data++;
	size--;
	rc = vmexit_decode(data, size, mode, &a);
	check_paths(data, size, mode);
	check(rc == VMEXIT_DONE || rc == VMEXIT_EXCEPTION || rc == VMEXIT_RETRY);
	check(a.length <= VMEXIT_INSN_MAX && a.length <= size);
	if (rc == VMEXIT_DONE) {
		uint64_t gpr[16], ea;
		check_insn(&a, size);
		/* Decoding exactly the instruction's bytes gives the same. */
		check(vmexit_decode(data, a.length, mode, &b) == VMEXIT_DONE);
		check(memcmp(&a, &b, sizeof(a)) == 0);
		memset(gpr, 0xa5, sizeof(gpr));
		for (unsigned i = 0; i < a.nmem; i++)
			(void)vmexit_insn_ea(&a, i, gpr, 0x1000, &ea);
	} else if (rc == VMEXIT_RETRY) {
		check(a.invalid == VMEXIT_DECODE_TRUNCATED);
		check(size < VMEXIT_INSN_MAX);
	} else {
		check(a.invalid != VMEXIT_DECODE_OK &&
		      a.invalid != VMEXIT_DECODE_TRUNCATED);
	}
	return 0;
}
