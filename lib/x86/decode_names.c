/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What a decoded instruction is called, where its memory operand points,
 * and whether the emulator handles it: small pure helpers on top of
 * struct vmexit_insn.
 */
#include "libc.h"

#include <vmexit/decode.h>

static const char *const names[VMEXIT_M_COUNT] = {
#define VMEXIT_MNEMONIC_NAME(m, s) [VMEXIT_M_##m] = s,
	VMEXIT_MNEMONICS(VMEXIT_MNEMONIC_NAME)
#undef VMEXIT_MNEMONIC_NAME
};

VMEXIT_API const char *vmexit_mnemonic_name(unsigned mnemonic)
{
	return mnemonic < VMEXIT_M_COUNT ? names[mnemonic] : names[0];
}

VMEXIT_API const char *vmexit_insn_name(const struct vmexit_insn *insn,
					char *buf, size_t size)
{
	const char *s;
	size_t n = 0, i = 0;

	if (!insn || !buf || size == 0)
		return "";
	s = vmexit_mnemonic_name(insn->mnemonic);
	/* VEX/EVEX forms of SSE instructions are written with a "v"
	 * (SDM Vol. 2, 2.3 "Intel AVX and VEX Encoding"). */
	if ((insn->flags & VMEXIT_INSN_VFORM) && n + 1 < size)
		buf[n++] = 'v';
	while (s[i] && n + 1 < size)
		buf[n++] = s[i++];
	buf[n] = 0;
	return buf;
}

VMEXIT_API int vmexit_insn_ea(const struct vmexit_insn *insn, unsigned which,
			      const uint64_t gpr[16], uint64_t rip,
			      uint64_t *ea)
{
	const struct vmexit_mem *m;
	uint64_t a, mask;

	if (!insn || !gpr || !ea || which >= insn->nmem || which >= 2)
		return VMEXIT_ERR_CALLER;
	m = &insn->mem[which];
	if (m->flags & VMEXIT_MEM_VSIB)
		return VMEXIT_ERR_CALLER;
	a = (uint64_t)m->disp;
	if (m->base == VMEXIT_DECODE_RIP)
		a += rip + insn->length;
	else if (m->base < 16)
		a += gpr[m->base];
	if (m->flags & VMEXIT_MEM_INDEX_AL)
		a += gpr[0] & 0xff;
	else if (m->index < 16)
		a += gpr[m->index] * m->scale;
	/* The effective address wraps at the address size (SDM Vol. 1,
	 * 3.3.7 "Address Calculations in 64-Bit Mode"; 16-bit offsets wrap
	 * at 64 KiB). */
	mask = m->asize >= 8 ? ~0ull : (1ull << (8 * m->asize)) - 1;
	*ea = a & mask;
	return VMEXIT_DONE;
}

VMEXIT_API bool vmexit_insn_emulated(const struct vmexit_insn *insn)
{
	return insn && insn->invalid == VMEXIT_DECODE_OK &&
	       (insn->flags & VMEXIT_INSN_EMULATED);
}
