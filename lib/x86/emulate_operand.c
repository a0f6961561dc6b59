/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Operands of an emulated instruction: general registers with their
 * partial-width rules, the ModRM memory operand, and the stack.
 */
#include "libc.h"

#include "x86/emulate_internal.h"

/* The write half of emul_reg() (lib/x86/emulate_internal.h). */
void emul_set_reg(struct emul *e, unsigned reg, unsigned size, uint64_t val)
{
	uint64_t *g;

	reg &= 15;
	if (size == 1 && !e->i.rex && reg >= 4 && reg < 8) {
		g = &e->r.gpr[reg - 4];
		*g = (*g & ~0xff00ull) | ((val & 0xff) << 8);
		return;
	}
	g = &e->r.gpr[reg];
	if (size >= 4)
		*g = val & emul_mask(size);
	else
		*g = (*g & ~emul_mask(size)) | (val & emul_mask(size));
}

/* #AC applies to data of 2, 4 and 8 bytes at their natural alignment;
 * wider vector operands have their own rules. */
static unsigned ac_align(unsigned size)
{
	return size <= 8 ? size : 0;
}

/* The segment is checked once: its linear address serves the exit's
 * address check and the copy. */
int emul_mem(struct emul *e, unsigned seg, uint64_t offset, void *buf,
	     unsigned size, bool write)
{
	unsigned acc = write ? VMEXIT_ACC_WRITE : VMEXIT_ACC_READ;
	struct emul_walked w = { .valid = false };
	uint64_t la;
	int rc = mem_linear(e->v, &e->mc, seg, offset, size, acc,
			    ac_align(size), &la);

	if (rc == VMEXIT_DONE && e->hint)
		rc = emul_hint_access(e, la, size, acc, &w);
	if (rc != VMEXIT_DONE)
		return rc;
	rc = w.valid ? mem_phys_copy_range(e->v, w.gpa, w.first, buf, size, acc)
		     : mem_linear_copy(e->v, &e->mc, la, buf, size, acc);
	if (rc == VMEXIT_DONE && e->bps.n)
		emul_bp_data(e, la, size, write);
	return rc;
}

/* The next byte at or after n (< 64) whose bit in bytes is b, or 64. */
static unsigned next_byte(uint64_t bytes, unsigned n, bool b)
{
	uint64_t left = (b ? bytes : ~bytes) >> n;

	return left ? n + (unsigned)__builtin_ctzll(left) : 64;
}

/* The runs of set bits of bytes (not 0): at most 32 in 64 bits. */
struct byte_runs {
	unsigned n;
	uint8_t at[32], len[32];
};

static void byte_runs(uint64_t bytes, struct byte_runs *r)
{
	r->n = 0;
	for (unsigned s = next_byte(bytes, 0, true); s < 64 && r->n < 32;) {
		unsigned t = next_byte(bytes, s, false);
		r->at[r->n] = (uint8_t)s;
		r->len[r->n++] = (uint8_t)(t - s);
		s = t < 64 ? next_byte(bytes, t, true) : 64;
	}
}

/* Where byte r of a range translated to gpa[2] / first lies, for the n
 * bytes from there, as mem_phys_copy_range() takes it. */
static void sub_range(const uint64_t gpa[2], size_t first, size_t r, size_t n,
		      uint64_t sub[2], size_t *sub_first)
{
	if (r >= first) {
		sub[0] = gpa[1] + (r - first);
		*sub_first = n;
	} else {
		sub[0] = gpa[0] + r;
		sub[1] = gpa[1];
		*sub_first = first - r < n ? first - r : n;
	}
}

/* The translation of the span from the first to the last active byte
 * (span bytes from la[0]).  Its #PF names the first active byte on the
 * page that faults: the lowest address the instruction accesses there.
 * (The SDM names no byte; an Intel Xeon reports one near the end of the
 * operand for VMASKMOV, which is not modelled.) */
static int span_translate(struct emul *e, const uint64_t *la, const struct byte_runs *r,
			  unsigned span, unsigned acc, struct emul_walked *w)
{
	struct vmexit_fault f;
	int rc = mem_translate_range(e->v, &e->mc, la[0], span, acc | VMEXIT_ACC_NO_AD,
				     w->gpa, &w->first, &f, NULL);

	if (rc == VMEXIT_EXCEPTION && f.vector == VMEXIT_EXC_PF) {
		for (unsigned k = 0; k < r->n; k++)
			if (la[k] + r->len[k] > f.cr2) {
				f.cr2 = la[k] > f.cr2 ? la[k] : f.cr2;
				break;
			}
		return vmexit_raise(e->v, &f);
	}
	if (rc != VMEXIT_DONE)
		return rc == VMEXIT_EXCEPTION ? vmexit_raise(e->v, &f) : rc;
	return mem_linear_translate(e->v, &e->mc, la[0], span, acc, w->gpa, &w->first);
}

int emul_mem_masked(struct emul *e, unsigned seg, uint64_t offset, uint8_t *buf,
		    unsigned size, uint64_t bytes, bool write, unsigned align)
{
	unsigned acc = write ? VMEXIT_ACC_WRITE : VMEXIT_ACC_READ, lo, span;
	struct emul_walked w = { .valid = false };
	struct byte_runs r;
	uint64_t la[32];
	int rc = VMEXIT_DONE;

	if (size < 64)
		bytes &= (1ull << size) - 1;
	if (!bytes)
		return VMEXIT_DONE;
	byte_runs(bytes, &r);
	for (unsigned k = 0; k < r.n; k++) {
		rc = mem_linear(e->v, &e->mc, seg, offset + r.at[k], r.len[k], acc, 0, &la[k]);
		if (rc != VMEXIT_DONE)
			return rc;
	}
	lo = r.at[0];
	span = r.at[r.n - 1] + r.len[r.n - 1] - lo;
	if (align && ((la[0] - lo) & (align - 1)))
		return vmexit_raise_gp(e->v, 0);
	if (e->hint)
		rc = emul_hint_access(e, la[0], span, acc, &w);
	if (rc == VMEXIT_DONE && !w.valid)
		rc = span_translate(e, la, &r, span, acc, &w);
	for (unsigned k = 0; k < r.n && rc == VMEXIT_DONE; k++) {
		uint64_t sub[2] = { 0, 0 };
		size_t sub_first;

		sub_range(w.gpa, w.first, r.at[k] - lo, r.len[k], sub, &sub_first);
		rc = mem_phys_copy_range(e->v, sub, sub_first, buf + r.at[k], r.len[k], acc);
		if (rc == VMEXIT_DONE && e->bps.n)
			emul_bp_data(e, la[k], r.len[k], write);
	}
	return rc;
}

/* The instructions that demand an aligned operand (the aligned SSE/AVX
 * moves, CMPXCHG16B) check the linear address, segment base included,
 * as #AC does ("Interrupt 17—Alignment Check Exception (#AC)": 128-bit
 * data not on a 16-byte boundary is #GP instead).  The segment checks
 * come first, so a limit or canonical fault is reported as such. */
int emul_check_aligned_at(struct emul *e, unsigned seg, uint64_t offset,
			  unsigned size, bool write, unsigned align)
{
	uint64_t la;
	int rc = mem_linear(e->v, &e->mc, seg, offset, size,
			    write ? VMEXIT_ACC_WRITE : VMEXIT_ACC_READ, 0, &la);

	if (rc != VMEXIT_DONE)
		return rc;
	return (la & (align - 1)) ? vmexit_raise_gp(e->v, 0) : VMEXIT_DONE;
}

int emul_check_aligned(struct emul *e, unsigned size, bool write,
		       unsigned align)
{
	return emul_check_aligned_at(e, e->i.seg, emul_ea(e), size, write, align);
}

int emul_rm_read(struct emul *e, unsigned size, uint64_t *val)
{
	if (e->i.mod == 3) {
		*val = emul_reg(e, e->i.rm, size);
		return VMEXIT_DONE;
	}
	*val = 0;
	return emul_mem(e, e->i.seg, emul_ea(e), val, size, false);
}

int emul_rm_write(struct emul *e, unsigned size, uint64_t val)
{
	if (e->i.mod == 3) {
		emul_set_reg(e, e->i.rm, size, val);
		return VMEXIT_DONE;
	}
	return emul_mem(e, e->i.seg, emul_ea(e), &val, size, true);
}

/* The stack-address size: 64-bit mode, else SS.B ("Stack Segment"). */
unsigned emul_stack_size(const struct emul *e)
{
	if (e->mc.mode == VMEXIT_MODE_LONG64)
		return 8;
	return (e->v->sregs.seg[VMEXIT_SEG_SS].ar & VMEXIT_AR_DB) ? 4 : 2;
}

void emul_set_sp(struct emul *e, uint64_t sp)
{
	uint64_t m = emul_mask(emul_stack_size(e));
	e->r.gpr[VMEXIT_RSP] = (e->r.gpr[VMEXIT_RSP] & ~m) | (sp & m);
}

int emul_push(struct emul *e, unsigned size, uint64_t val)
{
	uint64_t sp = (e->r.gpr[VMEXIT_RSP] - size) &
		      emul_mask(emul_stack_size(e));
	int rc = emul_mem(e, VMEXIT_SEG_SS, sp, &val, size, true);

	if (rc == VMEXIT_DONE)
		emul_set_sp(e, sp);
	return rc;
}

int emul_pop(struct emul *e, unsigned size, uint64_t *val)
{
	uint64_t sp = e->r.gpr[VMEXIT_RSP] & emul_mask(emul_stack_size(e));
	int rc;

	*val = 0;
	rc = emul_mem(e, VMEXIT_SEG_SS, sp, val, size, false);
	if (rc == VMEXIT_DONE)
		emul_set_sp(e, sp + size);
	return rc;
}

static int probe_write_la(struct emul *e, unsigned seg, uint64_t offset,
			  unsigned size, unsigned align, uint64_t *la)
{
	struct vmexit_fault f;
	uint64_t gpa[2];
	size_t first;
	/* A pending hint check walks the same range with the same access. */
	bool walked = e->hint != NULL;
	int rc = mem_linear(e->v, &e->mc, seg, offset, size, VMEXIT_ACC_WRITE,
			    align, la);

	if (rc == VMEXIT_DONE)
		rc = emul_hint_linear(e, *la, size, VMEXIT_ACC_WRITE);
	if (rc != VMEXIT_DONE || walked)
		return rc;
	rc = mem_translate_range(e->v, &e->mc, *la, size,
				 VMEXIT_ACC_WRITE | VMEXIT_ACC_NO_AD, gpa, &first,
				 &f, NULL);
	return rc == VMEXIT_EXCEPTION ? vmexit_raise(e->v, &f) : rc;
}

int emul_probe_write(struct emul *e, unsigned seg, uint64_t offset,
		     unsigned size, unsigned align)
{
	uint64_t la;

	return probe_write_la(e, seg, offset, size, align, &la);
}

/* A 16-byte compare-exchange on the host: LOCK CMPXCHG16B on x86-64.
 * Elsewhere there is none, and 16-byte locked updates fall back to a
 * read and a write, which are not atomic against other processors. */
#if defined(__x86_64__)
#define HAVE_CAS16 1
static bool cas16(void *p, const uint64_t old[2], const uint64_t new[2])
{
	struct u128 { uint64_t w[2]; } *m = p;
	uint64_t lo = old[0], hi = old[1];
	uint8_t ok;

	__asm__ __volatile__("lock cmpxchg16b %0\n\tsete %1"
			     : "+m"(*m), "=q"(ok), "+a"(lo), "+d"(hi)
			     : "b"(new[0]), "c"(new[1])
			     : "memory", "cc");
	return ok;
}
#else
#define HAVE_CAS16 0
static bool cas16(void *p, const uint64_t old[2], const uint64_t new[2])
{
	(void)p, (void)old, (void)new;
	return false; /* never called: locked_ram() gives no pointer */
}
#endif

/* A host pointer to the operand when it is naturally aligned RAM within
 * one page (and aligned on the host too), so a LOCK-prefixed instruction
 * can update it atomically against the guest's other processors
 * ("Locked Atomic Operations"). */
static void *locked_ram(struct emul *e, uint64_t la, unsigned size, int *rc)
{
	struct vmexit_fault f;
	struct vmexit_gpa_map m = { 0 };
	uint64_t gpa;

	*rc = VMEXIT_DONE;
	if ((la & (size - 1)) || !e->v->ops->map_gpa ||
	    (size == 16 && !HAVE_CAS16))
		return NULL;
	*rc = mem_translate(e->v, &e->mc, la, VMEXIT_ACC_WRITE, &gpa, &f);
	if (*rc == VMEXIT_EXCEPTION)
		*rc = vmexit_raise(e->v, &f);
	if (*rc != VMEXIT_DONE)
		return NULL;
	*rc = mem_map_gpa(e->v, gpa, true, &m);
	if (*rc != VMEXIT_DONE)
		return NULL;
	if (!m.hva || m.len < size || ((uintptr_t)m.hva & (size - 1)))
		return NULL;
	return m.hva;
}

static bool cas(void *p, unsigned size, const uint64_t old[2],
		const uint64_t new[2])
{
	switch (size) {
	case 1: {
		uint8_t o = (uint8_t)old[0];
		return __atomic_compare_exchange_n((uint8_t *)p, &o,
						   (uint8_t)new[0], false,
						   __ATOMIC_SEQ_CST,
						   __ATOMIC_SEQ_CST);
	}
	case 2: {
		uint16_t o = (uint16_t)old[0];
		return __atomic_compare_exchange_n((uint16_t *)p, &o,
						   (uint16_t)new[0], false,
						   __ATOMIC_SEQ_CST,
						   __ATOMIC_SEQ_CST);
	}
	case 4: {
		uint32_t o = (uint32_t)old[0];
		return __atomic_compare_exchange_n((uint32_t *)p, &o,
						   (uint32_t)new[0], false,
						   __ATOMIC_SEQ_CST,
						   __ATOMIC_SEQ_CST);
	}
	case 8: {
		uint64_t o = old[0];
		return __atomic_compare_exchange_n((uint64_t *)p, &o, new[0],
						   false, __ATOMIC_SEQ_CST,
						   __ATOMIC_SEQ_CST);
	}
	default:
		return cas16(p, old, new);
	}
}

int emul_rmw(struct emul *e, unsigned size, emul_rmw_fn f, void *ctx)
{
	uint64_t old[2] = { 0, 0 }, new[2] = { 0, 0 }, la;
	int rc;

	if (e->i.mod == 3) {
		old[0] = emul_reg(e, e->i.rm, size);
		if (f(e, old, new, ctx))
			emul_set_reg(e, e->i.rm, size, new[0]);
		return VMEXIT_DONE;
	}
	/* One access that reads and writes: checked as the write, before
	 * the read, so a destination the instruction may not write (a
	 * read-only segment or page) faults with nothing read: a device
	 * register that a read clears stays as it was, as a fault leaves
	 * no effect (SDM Vol. 3, "Faults"). */
	rc = probe_write_la(e, e->i.seg, emul_ea(e), size, ac_align(size), &la);
	if (rc != VMEXIT_DONE)
		return rc;
	if (e->i.lock) {
		void *p = locked_ram(e, la, size, &rc);
		if (rc != VMEXIT_DONE)
			return rc;
		if (p) {
			struct vmexit_regs saved = e->r;
			for (;;) {
				memcpy(old, p, size);
				e->r = saved; /* f may change registers */
				if (!f(e, old, new, ctx))
					memcpy(new, old, sizeof(new));
				if (!cas(p, size, old, new))
					continue;
				if (e->bps.n)
					emul_bp_data(e, la, size, true);
				return VMEXIT_DONE;
			}
		}
		/* MMIO, or a split lock: one read and one write. */
	}
	rc = emul_mem(e, e->i.seg, emul_ea(e), old, size, false);
	if (rc != VMEXIT_DONE)
		return rc;
	if (!f(e, old, new, ctx))
		return VMEXIT_DONE;
	return emul_mem(e, e->i.seg, emul_ea(e), new, size, true);
}
