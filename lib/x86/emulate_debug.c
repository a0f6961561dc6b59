/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The data and I/O breakpoints of DR0-DR3 that the emulated instruction's
 * accesses meet (SDM Vol. 3, "Debug Address Registers (DR0-DR3)", "Debug
 * Control Register (DR7)", "Breakpoint Field Recognition", "Data Memory
 * and I/O Breakpoint Exception Conditions").  The processor would have
 * reported them as a trap-class #DB after the instruction (after the
 * iteration, for a REP string instruction), with DR6.Bn set for each; the
 * emulator does the same at commit (lib/x86/emulate.c).
 *
 * What is left out, and why:
 *  - instruction breakpoints (R/W 00B): a fault taken before the
 *    instruction runs, so the processor has already taken or passed it
 *    when the instruction exits to the emulator;
 *  - the implicit accesses the emulator makes outside emul_mem(): the TSS
 *    I/O bitmap and descriptor tables (whether they trigger data
 *    breakpoints the manual does not say);
 *  - breakpoints DR7 does not enable: the manual lets B0-B3 report them
 *    too ("may be set even if the breakpoint is not enabled"); only the
 *    enabled ones are reported here.
 * R/W 10B is an I/O breakpoint with CR4.DE = 1 and undefined without it:
 * it is ignored then.  LEN 10B is 8 bytes, as in the processors since
 * the Intel Core microarchitecture and in AMD's long mode.
 */
#include "libc.h"

#include "x86/emulate_internal.h"

enum { RW_EXEC, RW_WRITE, RW_IO, RW_RW };

/* LEN: 00B 1 byte, 01B 2, 10B 8, 11B 4. */
static const uint8_t bp_len[4] = { 1, 2, 8, 4 };

/* A backend without get_dregs shows no debug registers: no breakpoints
 * then, rather than no emulation. */
int emul_bp_load(struct emul *e)
{
	const struct vmexit_dregs *d = &e->v->dregs;
	uint64_t wrap;
	int rc;

	e->bps.n = 0;
	e->bps.hits = 0;
	if (!e->v->ops->get_dregs)
		return VMEXIT_DONE;
	rc = vcpu_fetch_dregs(e->v);
	if (rc != VMEXIT_DONE || !(d->dr7 & 0xff))
		return rc;
	/* Outside IA-32e mode the registers hold 32-bit linear addresses. */
	wrap = e->mc.mode == VMEXIT_MODE_LONG64 ? ~0ull : 0xffffffffull;
	for (unsigned i = 0; i < 4; i++) {
		unsigned rw = (unsigned)(d->dr7 >> (16 + 4 * i)) & 3;
		unsigned len = bp_len[(d->dr7 >> (18 + 4 * i)) & 3];
		struct emul_bp *b = &e->bps.bp[e->bps.n];

		if (!((d->dr7 >> (2 * i)) & 3) || rw == RW_EXEC ||
		    (rw == RW_IO && !(e->v->sregs.cr4 & VMEXIT_CR4_DE)))
			continue;
		/* The low address bits LEN covers are not compared. */
		b->lo = d->dr[i] & wrap & ~(uint64_t)(len - 1);
		b->len = (uint8_t)len;
		b->rw = (uint8_t)rw;
		b->bit = (uint8_t)(1u << i);
		e->bps.n++;
	}
	return VMEXIT_DONE;
}

/* Whether [a, a + n) and the breakpoint's bytes overlap. */
static bool overlaps(const struct emul_bp *b, uint64_t a, unsigned n)
{
	return a - b->lo < b->len || b->lo - a < n;
}

void emul_bp_data(struct emul *e, uint64_t la, unsigned size, bool write)
{
	for (unsigned i = 0; i < e->bps.n; i++) {
		const struct emul_bp *b = &e->bps.bp[i];
		if ((b->rw == RW_RW || (b->rw == RW_WRITE && write)) &&
		    overlaps(b, la, size))
			e->bps.hits |= b->bit;
	}
}

void emul_bp_io(struct emul *e, uint16_t port, unsigned size)
{
	for (unsigned i = 0; i < e->bps.n; i++) {
		const struct emul_bp *b = &e->bps.bp[i];
		if (b->rw == RW_IO && overlaps(b, port, size))
			e->bps.hits |= b->bit;
	}
}
