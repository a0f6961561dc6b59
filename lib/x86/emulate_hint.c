/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The exit's address against the accesses of the instruction emulated.
 *
 * An EPT violation or NPF names the guest-physical address (and often
 * the linear address) of the access that exited; the I/O exit of INS or
 * OUTS names the linear address of the string operand.  Between the exit
 * and the emulation the guest may have rewritten the instruction or its
 * page tables, so the emulator checks that the instruction it decoded
 * makes an access that covers the address: each access with its real
 * width, checked where it is made, so the implicit ones count (the
 * stack, BT's operand past the bit base, the first iteration of a string
 * instruction, the TSS I/O bitmap) and nothing is guessed.
 *
 * Until the hinted access is seen, only accesses without an effect go
 * ahead (reads of RAM): a write, a device access or port I/O that is not
 * the hinted access refuses the instruction before it happens, and so
 * does the end of an instruction that never made it.  A refused
 * instruction has therefore changed nothing (the emulator commits
 * registers only at the end).  The processor makes the accesses in the
 * same order and exits at the first one that is not plain RAM, so the
 * hinted access is always the first with an effect; the one exception is
 * ENTER with a nesting level, which writes the stack before reading the
 * frame pointers, and is refused when the exit was on those reads.
 *
 * Faults are the instruction's: when translating an access faults, the
 * fault is raised, as the access itself would raise it.
 */
#include "libc.h"

#include "x86/emulate_internal.h"

int emul_hint_refuse(struct emul *e)
{
	const struct vmexit_emul_hint *h = e->hint;

	return vmexit_unhandled(e->v, VMEXIT_WHY_ADDR_MISMATCH,
				h->gpa_valid ? h->gpa : h->la);
}

/* x in [start, start + len), addresses wrapping with `wrap`. */
static bool inside(uint64_t x, uint64_t start, uint64_t len, uint64_t wrap)
{
	return ((x - start) & wrap) < len;
}

/* Whether a piece of an access is RAM, which reading does not disturb. */
static int is_ram(struct emul *e, uint64_t gpa, size_t len, bool *ram)
{
	struct vmexit_gpa_map m;
	int rc;

	*ram = false;
	if (!e->v->ops->map_gpa)
		return VMEXIT_DONE;
	rc = mem_map_gpa(e->v, gpa, false, &m);
	if (rc != VMEXIT_DONE)
		return rc;
	*ram = m.hva && (m.len == 0 || m.len >= len);
	return VMEXIT_DONE;
}

/* The exit's translation serves the access when the access is the one
 * the processor translated: explicit (the processor's implicit accesses
 * are supervisor accesses, whatever the CPL), of the kind it checked, on
 * one page that the linear address names, and the two addresses agree
 * in their offset in the page (4-KByte pages at least).  Then *gpa is
 * the access's first byte. */
static bool exit_translates(const struct vmexit_emul_hint *h, uint64_t la,
			    unsigned size, unsigned acc, uint64_t wrap,
			    uint64_t *gpa)
{
	uint64_t off = (h->la - la) & wrap;

	if (!h->xlat_valid || !h->la_valid || !h->gpa_valid ||
	    (acc & (VMEXIT_ACC_IMPLICIT | VMEXIT_ACC_FETCH)) ||
	    ((acc & VMEXIT_ACC_WRITE) && !(h->xlat_acc & VMEXIT_ACC_WRITE)) ||
	    (h->xlat_acc & VMEXIT_ACC_FETCH) || off >= size ||
	    (la & 4095) + size > 4096 || ((h->la ^ h->gpa) & 4095))
		return false;
	*gpa = h->gpa - off;
	return true;
}

int emul_hint_access(struct emul *e, uint64_t la, unsigned size,
		     unsigned acc, struct emul_walked *w)
{
	const struct vmexit_emul_hint *h = e->hint;
	struct vmexit_fault f;
	uint64_t gpa[2], wrap;
	size_t first;
	bool ram = true, ad_pending;
	int rc;

	wrap = (e->v->sregs.efer & VMEXIT_EFER_LMA) ? ~0ull : 0xffffffffull;
	if (exit_translates(h, la & wrap, size, acc, wrap, &gpa[0])) {
		e->hint = NULL;
		if (w)
			*w = (struct emul_walked){ .valid = true, .first = size,
						   .gpa = { gpa[0], 0 } };
		return VMEXIT_DONE;
	}
	rc = mem_translate_range(e->v, &e->mc, la, size, acc | VMEXIT_ACC_NO_AD,
				 gpa, &first, &f, &ad_pending);
	if (rc == VMEXIT_EXCEPTION)
		return vmexit_raise(e->v, &f);
	if (rc != VMEXIT_DONE)
		return rc;
	if ((!h->la_valid || inside(h->la, la, size, wrap)) &&
	    (!h->gpa_valid || inside(h->gpa, gpa[0], first, ~0ull) ||
	     inside(h->gpa, gpa[1], size - first, ~0ull))) {
		e->hint = NULL; /* seen: the rest of the instruction runs */
		if (w && !ad_pending)
			*w = (struct emul_walked){ .valid = true, .first = first,
						   .gpa = { gpa[0], gpa[1] } };
		return VMEXIT_DONE;
	}
	if (acc & VMEXIT_ACC_WRITE)
		return emul_hint_refuse(e);
	rc = is_ram(e, gpa[0], first, &ram);
	if (rc == VMEXIT_DONE && ram && first < size)
		rc = is_ram(e, gpa[1], size - first, &ram);
	if (rc != VMEXIT_DONE)
		return rc;
	return ram ? VMEXIT_DONE : emul_hint_refuse(e);
}
