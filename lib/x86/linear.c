/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * From a segment and an effective address to a linear address, with the
 * checks the processor makes on the way: SDM Vol. 3, "Segment-Level
 * Protection" ("Limit Checking", "Type Checking"), "Linear-Address
 * Translation" in 64-bit mode and "Canonical Addressing", and the
 * alignment check of "Interrupt 17—Alignment Check Exception (#AC)".
 */
#include <vmexit/exception.h>
#include <vmexit/x86.h>

#include "x86/memory_internal.h"

static int seg_fault(unsigned seg, struct vmexit_fault *f)
{
	/* Memory references through SS fault with #SS(0), all others with
	 * #GP(0) (the "Protected-Mode Exceptions" of each instruction). */
	f->vector = seg == VMEXIT_SEG_SS ? VMEXIT_EXC_SS : VMEXIT_EXC_GP;
	f->has_error = true;
	f->error = 0;
	f->cr2 = 0;
	return VMEXIT_EXCEPTION;
}

static bool canonical(uint64_t la, unsigned bits)
{
	int64_t s = (int64_t)(la << (64 - bits)) >> (64 - bits);
	return (uint64_t)s == la;
}

/* Type checks of "Type Checking"; fetches are checked when CS is loaded
 * (CS always names code), so only data reads and writes are left. */
static bool type_ok(uint32_t ar, unsigned acc, bool real_mode)
{
	bool code = ar & VMEXIT_AR_TYPE_CODE;
	bool wr = ar & VMEXIT_AR_TYPE_WR;

	if (acc & VMEXIT_ACC_FETCH)
		return true;
	if (acc & VMEXIT_ACC_WRITE) {
		/* In real mode a segment register keeps the attributes it
		 * was last given, but CS is writable there (the reset and
		 * real-mode CS cache is a code segment). */
		if (code)
			return real_mode;
		return wr;
	}
	/* A flush is "allowed to flush a linear address in an execute-only
	 * segment" ("CLFLUSH"). */
	return !code || wr || (acc & VMEXIT_ACC_FLUSH);
}

/* Limit check of "Limit Checking" for [off, off + size - 1].  For
 * expand-down segments the valid offsets are limit + 1 up to FFFFH or
 * FFFFFFFFH by the B flag.  An access that wraps past 4 GBytes in a
 * segment whose limit is FFFFFFFFH "may or may not" fault by the manual;
 * we fault, as every offset past the limit does. */
static bool limit_ok(const struct vmexit_segment *s, uint64_t off,
		     unsigned size, bool check_expand_down)
{
	uint64_t last = off + size - 1;

	if (check_expand_down && !(s->ar & VMEXIT_AR_TYPE_CODE) &&
	    (s->ar & VMEXIT_AR_TYPE_EC)) {
		uint64_t upper = (s->ar & VMEXIT_AR_DB) ? 0xffffffffull
							  : 0xffffull;
		return off > s->limit && last <= upper;
	}
	return last <= s->limit;
}

/* mem_linear_probe(), inlined into mem_linear(): every emulated memory
 * access goes through it. */
static inline __attribute__((always_inline)) int
probe(struct vmexit_vcpu *v, const struct mem_ctx *c, unsigned seg,
      uint64_t offset, unsigned size, unsigned acc, unsigned align,
      uint64_t *la, struct vmexit_fault *fault)
{
	enum vmexit_cpu_mode mode = c->mode;
	const struct vmexit_segment *s;

	if (seg > VMEXIT_SEG_GS || size == 0 || size > VMEXIT_MAX_ACCESS ||
	    (align & (align - 1)) != 0)
		return VMEXIT_ERR_CALLER;
	s = &v->sregs.seg[seg];

	if (mode == VMEXIT_MODE_LONG64) {
		/* Only FS and GS keep a base in 64-bit mode, and no limit or
		 * type is checked, not even for a null selector. */
		uint64_t base = (seg == VMEXIT_SEG_FS || seg == VMEXIT_SEG_GS)
					? s->base : 0;
		unsigned bits = (v->sregs.cr4 & VMEXIT_CR4_LA57) ? 57 : 48;
		*la = base + offset;
		if (!canonical(*la, bits) ||
		    !canonical(*la + size - 1, bits))
			return seg_fault(seg, fault);
	} else {
		bool real = mode == VMEXIT_MODE_REAL;
		/* Offsets are at most 32 bits outside 64-bit mode. */
		offset &= 0xffffffffull;
		if (!real && mode != VMEXIT_MODE_VM86 &&
		    (s->ar & VMEXIT_AR_UNUSABLE))
			return seg_fault(seg, fault);
		if (!type_ok(s->ar, acc, real) ||
		    !limit_ok(s, offset, size, true))
			return seg_fault(seg, fault);
		*la = (s->base + offset) & 0xffffffffull;
	}

	/* #AC: CR0.AM, EFLAGS.AC and CPL 3, for data the program itself
	 * accesses; implicit supervisor accesses are never checked. */
	if (align > 1 && !(acc & (VMEXIT_ACC_NO_AC | VMEXIT_ACC_IMPLICIT)) &&
	    c->cpl == 3 && (v->sregs.cr0 & VMEXIT_CR0_AM) &&
	    (v->regs.rflags & VMEXIT_RFLAGS_AC) && (*la & (align - 1))) {
		fault->vector = VMEXIT_EXC_AC;
		fault->has_error = true;
		fault->error = 0;
		fault->cr2 = 0;
		return VMEXIT_EXCEPTION;
	}
	return VMEXIT_DONE;
}

int mem_linear_probe(struct vmexit_vcpu *v, const struct mem_ctx *c,
		     unsigned seg, uint64_t offset, unsigned size,
		     unsigned acc, unsigned align, uint64_t *la,
		     struct vmexit_fault *fault)
{
	return probe(v, c, seg, offset, size, acc, align, la, fault);
}

int vmexit_linear_probe(struct vmexit_vcpu *v, unsigned seg, uint64_t offset,
			unsigned size, unsigned acc, unsigned align,
			uint64_t *la, struct vmexit_fault *fault)
{
	struct mem_ctx c;
	int rc;

	if (!v || !la || !fault || seg > VMEXIT_SEG_GS || size == 0 ||
	    size > VMEXIT_MAX_ACCESS || (align & (align - 1)) != 0)
		return VMEXIT_ERR_CALLER;
	rc = mem_ctx_init(v, &c);
	return rc == VMEXIT_DONE ? mem_linear_probe(v, &c, seg, offset, size,
						    acc, align, la, fault)
				 : rc;
}

int mem_linear(struct vmexit_vcpu *v, const struct mem_ctx *c, unsigned seg,
	       uint64_t offset, unsigned size, unsigned acc, unsigned align,
	       uint64_t *la)
{
	struct vmexit_fault f;
	int rc = probe(v, c, seg, offset, size, acc, align, la, &f);

	return rc == VMEXIT_EXCEPTION ? vmexit_raise(v, &f) : rc;
}

int vmexit_linear(struct vmexit_vcpu *v, unsigned seg, uint64_t offset,
		  unsigned size, unsigned acc, unsigned align, uint64_t *la)
{
	struct vmexit_fault f;
	int rc = vmexit_linear_probe(v, seg, offset, size, acc, align, la, &f);

	return rc == VMEXIT_EXCEPTION ? vmexit_raise(v, &f) : rc;
}

int vmexit_is_canonical(struct vmexit_vcpu *v, uint64_t la, int *is)
{
	int rc;

	if (!v || !is)
		return VMEXIT_ERR_CALLER;
	rc = vmexit_vcpu_fetch(v, VMEXIT_G_SREGS);
	if (rc == VMEXIT_DONE)
		*is = canonical(la, (v->sregs.cr4 & VMEXIT_CR4_LA57) ? 57 : 48);
	return rc;
}
