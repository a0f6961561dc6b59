/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The guest page walk for every paging mode (SDM Vol. 3, "Paging"):
 * 32-bit (with 4-MByte pages when CR4.PSE), PAE (through the PDPTE
 * registers), 4-level and 5-level, with the access-rights rules of
 * "Access Rights", the reserved bits of the entry-format tables, the
 * accessed and dirty flags of "Accessed and Dirty Flags", and the error
 * code of "Page-Fault Exceptions".
 *
 * Protection keys (CR4.PKE/PKS) are not modelled: the PKRU register is
 * not part of the vCPU state the library sees.  Their bits are treated as
 * the manual treats them with the feature off: ignored.
 */
#include "libc.h"

#include <vmexit/x86.h>

#include "x86/memory_internal.h"

#define PTE_P (1ull << 0)
#define PTE_RW (1ull << 1)
#define PTE_US (1ull << 2)
#define PTE_A (1ull << 5)
#define PTE_D (1ull << 6)
#define PTE_PS (1ull << 7)
#define PTE_XD (1ull << 63)

#define PAGE_SHIFT 12
#define PAGE_MASK 0xfffull

/* Everything the walk needs to know about the guest, derived once; the
 * control registers are read where they are. */
struct walk_ctx {
	enum vmexit_paging_mode mode;
	const struct vmexit_sregs *s; /* CR0, CR4, EFER */
	uint64_t rflags;
	unsigned cpl;
	unsigned acc;
	uint64_t pa_rsvd; /* bits 51:MAXPHYADDR */
	bool gbpages;
	/* Set when VMEXIT_ACC_NO_AD left accessed or dirty flags unset
	 * that the access would set (mem_translate_ad()). */
	bool *ad_pending;
};

/* The paging-structure entries a walk used, for the A/D update.  Two
 * arrays, not an array of pairs: each level then stores two words where
 * they are known, instead of packing a pair first. */
struct walk_steps {
	uint64_t gpa[5];
	uint64_t val[5];
};

/* Reserved bits of a 4-MByte 32-bit PDE: bit 21, and the bits of 20:13
 * that would name physical-address bits at or above MAXPHYADDR (only 40
 * bits are reachable at all; "Use of CR3 with 32-Bit Paging"). */
static uint32_t rsvd32_pse(unsigned maxphyaddr)
{
	unsigned m = maxphyaddr < 40 ? maxphyaddr : 40;
	uint32_t r = 1u << 21;

	for (unsigned bit = 32; bit < 40; bit++)
		if (bit >= m)
			r |= 1u << (13 + bit - 32);
	return r;
}

/* The host address of a paging-structure entry outside the RAM window:
 * paging structures that are not RAM cannot be walked by the library. */
static int entry_map(struct vmexit_vcpu *v, uint64_t gpa, unsigned size,
		     void **p)
{
	struct vmexit_gpa_map m;
	int rc = mem_map_gpa(v, gpa, false, &m);

	if (rc != VMEXIT_DONE)
		return rc;
	if (!m.hva || m.len < size)
		return vmexit_unhandled(v, VMEXIT_WHY_PT_NOT_RAM, gpa);
	*p = m.hva;
	return VMEXIT_DONE;
}

/* The vCPU's RAM window (struct vmexit_vcpu, ram) in the walk's locals:
 * an entry of `size` bytes at gpa is inside it when gpa - base < n. */
struct walk_window {
	uint64_t base, n;
	const uint8_t *hva;
};

static inline void window_load(const struct vmexit_vcpu *v, unsigned size,
			       struct walk_window *w)
{
	w->base = v->ram.gpa;
	w->n = v->ram.len >= size ? v->ram.len - size + 1 : 0;
	w->hva = v->ram.hva;
}

/* Read a paging-structure entry from guest RAM.  Inlined: after the
 * first entry of a walk the rest are usually in the RAM window.  A
 * mapping outside it becomes the window (mem_map_gpa()). */
static inline __attribute__((always_inline)) int
read_entry(struct vmexit_vcpu *v, struct walk_window *w, uint64_t gpa,
	   const unsigned size, uint64_t *val)
{
	uint64_t off = gpa - w->base;
	const void *p;

	if (off < w->n) {
		p = w->hva + off;
	} else {
		void *m = NULL;
		int rc = entry_map(v, gpa, size, &m);
		if (rc != VMEXIT_DONE)
			return rc;
		window_load(v, size, w);
		p = m;
	}
	if (size == 8) {
		memcpy(val, p, 8); /* little-endian host */
	} else {
		uint32_t e;
		memcpy(&e, p, 4);
		*val = e;
	}
	return VMEXIT_DONE;
}

/* Set flags in an entry the way the processor does: atomically, and
 * only if the entry still holds what the walk used.  The entry is mapped
 * for writing first: RAM that reads through the walk's mapping may not
 * take writes (a ROM slot), and then the write goes nowhere, as the
 * processor's write to ROM does. */
static int set_flags(struct vmexit_vcpu *v, uint64_t gpa, uint64_t val,
		     unsigned size, uint64_t f)
{
	struct vmexit_gpa_map m;
	int rc;

	if ((val & f) == f)
		return VMEXIT_DONE;
	rc = mem_map_gpa(v, gpa, true, &m);
	if (rc != VMEXIT_DONE)
		return rc;
	if (!m.hva || m.len < size)
		return VMEXIT_DONE;
	if (size == 4 && ((uintptr_t)m.hva & 3) == 0) {
		uint32_t old = (uint32_t)val;
		__atomic_compare_exchange_n((uint32_t *)m.hva, &old,
					    old | (uint32_t)f, false,
					    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
	} else if (size == 8 && ((uintptr_t)m.hva & 7) == 0) {
		uint64_t old = val;
		__atomic_compare_exchange_n((uint64_t *)m.hva, &old, old | f,
					    false, __ATOMIC_SEQ_CST,
					    __ATOMIC_SEQ_CST);
	} else {
		uint64_t nv = val | f;
		memcpy(m.hva, &nv, size);
	}
	return VMEXIT_DONE;
}

static int pf(const struct walk_ctx *c, uint64_t la, uint32_t bits,
	      struct vmexit_fault *f)
{
	uint32_t ec = bits;
	bool user = c->cpl == 3 && !(c->acc & VMEXIT_ACC_IMPLICIT);

	if (c->acc & VMEXIT_ACC_WRITE)
		ec |= VMEXIT_PFEC_W;
	if (user)
		ec |= VMEXIT_PFEC_U;
	/* I/D is reported for fetches only with SMEP, or with NX under PAE,
	 * 4- or 5-level paging ("Page-Fault Exceptions"). */
	if ((c->acc & VMEXIT_ACC_FETCH) &&
	    ((c->s->cr4 & VMEXIT_CR4_SMEP) ||
	     ((c->s->cr4 & VMEXIT_CR4_PAE) && (c->s->efer & VMEXIT_EFER_NXE))))
		ec |= VMEXIT_PFEC_ID;
	f->vector = VMEXIT_EXC_PF;
	f->has_error = true;
	f->error = ec;
	f->cr2 = la;
	return VMEXIT_EXCEPTION;
}

/* "Access Rights": may this access use a translation whose combined
 * rights are (writable, user, executable)? */
static inline bool allowed(const struct walk_ctx *c, bool rw, bool us, bool xd)
{
	bool write = c->acc & VMEXIT_ACC_WRITE;
	bool fetch = c->acc & VMEXIT_ACC_FETCH;
	bool implicit = c->acc & VMEXIT_ACC_IMPLICIT;

	if (fetch && xd)
		return false;
	if (c->cpl == 3 && !implicit) { /* user-mode access */
		if (!us)
			return false;
		return !write || rw;
	}
	/* supervisor-mode access */
	if (fetch)
		return !(us && (c->s->cr4 & VMEXIT_CR4_SMEP));
	if (us && (c->s->cr4 & VMEXIT_CR4_SMAP) &&
	    (implicit || !(c->rflags & VMEXIT_RFLAGS_AC)))
		return false;
	if (write && !rw && (c->s->cr0 & VMEXIT_CR0_WP))
		return false;
	return true;
}

/* Walk the hierarchy below `table`, `levels` deep, with 8-byte entries
 * when `wide` (every mode but 32-bit paging).  Returns the physical
 * address or a fault.  Always inlined, and each caller passes constant
 * `wide` and `levels`, so every paging mode gets its own copy with the
 * entry-format choices folded away: this runs on every emulated memory
 * access. */
static inline __attribute__((always_inline)) int
walk(struct vmexit_vcpu *v, const struct walk_ctx *c, uint64_t la,
     uint64_t table, const int levels, const bool wide, uint64_t *gpa,
     struct vmexit_fault *f)
{
	struct walk_steps steps;
	const unsigned size = wide ? 8 : 4, idx_bits = wide ? 9 : 10;
	const uint64_t addr = wide ? 0x000ffffffffff000ull : 0xfffff000ull;
	/* Reserved in every 64-bit entry: the PAE tables ("Format of a PAE
	 * Paging-Structure Entry") reserve 62:MAXPHYADDR; the 4/5-level
	 * tables only 51:MAXPHYADDR (58:52 are ignored, 62:59 ignored or
	 * protection keys); XD is reserved while EFER.NXE = 0. */
	uint64_t rsvd = c->pa_rsvd;
	/* The rights of a translation are those of all its entries
	 * ("Access Rights"): R/W and U/S must be 1 in every entry, XD in
	 * any one forbids fetches. */
	uint64_t all = ~0ull, any = 0;
	uint64_t frame = 0, offset_mask = PAGE_MASK;
	struct walk_window w;
	int n = 0, rc;

	if (c->mode == VMEXIT_PAGING_PAE)
		rsvd |= 0x7ff0000000000000ull; /* 62:52 */
	if (!(c->s->efer & VMEXIT_EFER_NXE))
		rsvd |= PTE_XD;
	window_load(v, size, &w);
	/* Unrolled: each level's entry format is then folded at compile
	 * time. */
#pragma GCC unroll 5
	for (int level = levels; level >= 1; level--) {
		unsigned shift = PAGE_SHIFT + idx_bits * (unsigned)(level - 1);
		uint64_t idx = (la >> shift) & ((1u << idx_bits) - 1);
		uint64_t e;

		steps.gpa[n] = table + idx * size;
		rc = read_entry(v, &w, steps.gpa[n], size, &e);
		if (rc != VMEXIT_DONE)
			return rc;
		steps.val[n++] = e;
		if (!(e & PTE_P))
			return pf(c, la, 0, f);

		bool ps = level > 1 && (e & PTE_PS);
		if (!wide) {
			/* PS in a 32-bit PDE matters only with CR4.PSE. */
			ps = ps && level == 2 && (c->s->cr4 & VMEXIT_CR4_PSE);
			if (ps && (e & rsvd32_pse(v->cfg.maxphyaddr)))
				return pf(c, la,
					  VMEXIT_PFEC_P | VMEXIT_PFEC_RSVD, f);
		} else {
			uint64_t r = rsvd;
			if (level >= 4)
				r |= PTE_PS; /* PML4E/PML5E: PS is reserved */
			else if (ps && level == 2)
				r |= 0x1fe000ull; /* 20:13 of a 2-MByte page */
			else if (ps)
				/* 29:13 of a 1-GByte page, or PS itself
				 * without 1-GByte pages */
				r |= c->gbpages ? 0x3fffe000ull : PTE_PS;
			if (e & r)
				return pf(c, la,
					  VMEXIT_PFEC_P | VMEXIT_PFEC_RSVD, f);
		}
		all &= e;
		any |= e;

		if (ps || level == 1) {
			offset_mask = (1ull << shift) - 1;
			if (!wide && ps) /* PSE-36: PA 39:32 in 20:13 */
				frame = (e & 0xffc00000ull) |
					((e & 0x1fe000ull) << 19);
			else
				frame = e & 0x000ffffffffff000ull &
					~offset_mask;
			break;
		}
		table = e & addr;
	}

	/* XD exists only with EFER.NXE; 4-byte entries have no bit 63. */
	if (!allowed(c, all & PTE_RW, all & PTE_US,
		     (c->s->efer & VMEXIT_EFER_NXE) && (any & PTE_XD)))
		return pf(c, la, VMEXIT_PFEC_P, f);

	/* "Accessed and Dirty Flags": set A in every entry used and D in the
	 * one that maps the page, on a write.  Done only once the access is
	 * known to be allowed.  Nothing to do when A is set in every entry
	 * and D in the last one or the access is no write (set_flags()
	 * would leave each entry alone): the usual case after the first
	 * access to a page. */
	bool ad_set = (all & PTE_A) && (!(c->acc & VMEXIT_ACC_WRITE) ||
				       (steps.val[n - 1] & PTE_D));
	if (!ad_set && (c->acc & VMEXIT_ACC_NO_AD)) {
		*c->ad_pending = true;
	} else if (!ad_set) {
		for (int i = 0; i < n; i++) {
			uint64_t flags = PTE_A;
			if (i == n - 1 && (c->acc & VMEXIT_ACC_WRITE))
				flags |= PTE_D;
			int rc2 = set_flags(v, steps.gpa[i], steps.val[i],
					    size, flags);
			if (rc2 != VMEXIT_DONE)
				return rc2;
		}
	}
	*gpa = frame | (la & offset_mask);
	return VMEXIT_DONE;
}

int mem_translate_ad(struct vmexit_vcpu *v, const struct mem_ctx *m,
		     uint64_t la, unsigned acc, uint64_t *gpa,
		     struct vmexit_fault *fault, bool *ad_pending)
{
	const struct vmexit_sregs *sr = &v->sregs;
	struct walk_ctx c;
	uint64_t cr3 = sr->cr3;

	c.ad_pending = ad_pending;
	c.mode = m->paging;
	if (c.mode == VMEXIT_PAGING_NONE) {
		/* Outside IA-32e mode linear addresses are 32 bits wide. */
		*gpa = (sr->efer & VMEXIT_EFER_LMA) ? la : (la & 0xffffffffull);
		return VMEXIT_DONE;
	}
	c.s = sr;
	c.rflags = v->regs.rflags;
	c.cpl = m->cpl;
	c.acc = acc;
	c.gbpages = v->cfg.gbpages;
	c.pa_rsvd = 0x000fffffffffffffull & ~((1ull << v->cfg.maxphyaddr) - 1);

	switch (c.mode) {
	case VMEXIT_PAGING_NONE:
		break;
	case VMEXIT_PAGING_32:
		return walk(v, &c, la & 0xffffffffull, cr3 & 0xfffff000ull,
			    2, false, gpa, fault);
	case VMEXIT_PAGING_PAE: {
		/* "PDPTE Registers": PAE uses the four PDPTEs loaded with CR3,
		 * not memory.  A loaded PDPTE with reserved bits set cannot
		 * exist on hardware (MOV to CR3 faults); if a backend hands
		 * one over anyway it is reported as a reserved-bit fault. */
		uint32_t la32 = (uint32_t)la;
		uint64_t e = sr->pdpte[la32 >> 30];
		if (!(e & PTE_P))
			return pf(&c, la32, 0, fault);
		if (e & (c.pa_rsvd | 0xfff0000000000000ull | 0x1e6ull))
			return pf(&c, la32, VMEXIT_PFEC_P | VMEXIT_PFEC_RSVD,
				  fault);
		return walk(v, &c, la32, e & 0x000ffffffffff000ull, 2, true,
			    gpa, fault);
	}
	case VMEXIT_PAGING_4LEVEL:
		return walk(v, &c, la, cr3 & 0x000ffffffffff000ull, 4, true,
			    gpa, fault);
	case VMEXIT_PAGING_5LEVEL:
		return walk(v, &c, la, cr3 & 0x000ffffffffff000ull, 5, true,
			    gpa, fault);
	}
	return VMEXIT_ERR_CALLER;
}

int vmexit_translate(struct vmexit_vcpu *v, uint64_t la, unsigned acc,
		     uint64_t *gpa, struct vmexit_fault *fault)
{
	struct mem_ctx c;
	int rc;

	if (!v || !gpa || !fault || !v->ops)
		return VMEXIT_ERR_CALLER;
	rc = mem_ctx_init(v, &c);
	return rc == VMEXIT_DONE ? mem_translate(v, &c, la, acc, gpa, fault)
				 : rc;
}
