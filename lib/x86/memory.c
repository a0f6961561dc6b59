/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copies between the library and guest memory: guest-physical (RAM or
 * device), guest-linear (through the page walk) and segment-relative.
 *
 * A linear range touches at most two pages.  Both are translated before
 * any byte moves, so a #PF on the second page leaves memory, devices and
 * the accessed/dirty flags of the first page as they were: the manual lets
 * a faulting access set accessed flags, but never a dirty flag for a write
 * that did not happen ("Accessed and Dirty Flags").
 */
#include "libc.h"

#include <vmexit/x86.h>

#include "x86/memory_internal.h"

#define PAGE_SIZE 4096ull

/* Largest naturally aligned power-of-two piece at gpa, at most len. */
static unsigned mmio_piece(uint64_t gpa, size_t len)
{
	unsigned n = 64;

	if (len <= 64 && (len & (len - 1)) == 0)
		return (unsigned)len; /* one access of the instruction's size */
	while (n > len || (gpa & (n - 1)))
		n >>= 1;
	return n;
}

/* len >= 1 bytes of one device. */
static int mmio(struct vmexit_vcpu *v, uint64_t gpa, uint8_t *buf,
		size_t len, bool write)
{
	for (;;) {
		unsigned n = mmio_piece(gpa, len);
		int rc;

		if (write ? !v->ops->mmio_write : !v->ops->mmio_read)
			return vmexit_unhandled(v, VMEXIT_WHY_NO_OP, gpa);
		rc = write ? v->ops->mmio_write(v->backend, gpa, buf, n)
			   : v->ops->mmio_read(v->backend, gpa, buf, n);
		mem_devices_ran(v);
		if (rc != VMEXIT_DONE)
			return VMEXIT_ERR_BACKEND;
		if (n == len)
			return VMEXIT_DONE;
		gpa += n;
		buf += n;
		len -= n;
	}
}

/* A copy of len >= 1 bytes the caller has checked: each mapping in
 * turn, RAM copied, devices accessed. */
static int phys_copy(struct vmexit_vcpu *v, uint64_t gpa, uint8_t *buf,
		     size_t len, bool write)
{
	/* A read inside the RAM window, the usual fetch. */
	const void *ram = write ? NULL : mem_ram_window(v, gpa, len);

	if (ram) {
		memcpy(buf, ram, len);
		return VMEXIT_DONE;
	}
	for (;;) {
		struct vmexit_gpa_map m;
		size_t n;
		int rc = mem_map_gpa(v, gpa, write, &m);

		if (rc != VMEXIT_DONE)
			return rc;
		n = (m.len && m.len < len) ? (size_t)m.len : len;
		if (!m.hva)
			rc = mmio(v, gpa, buf, n, write);
		else if (write)
			memcpy(m.hva, buf, n);
		else
			memcpy(buf, m.hva, n);
		if (rc != VMEXIT_DONE || n == len)
			return rc;
		gpa += n;
		buf += n;
		len -= n;
	}
}

static int phys(struct vmexit_vcpu *v, uint64_t gpa, uint8_t *buf,
		size_t len, bool write)
{
	if (!v || (!buf && len) || !v->ops || len > VMEXIT_MAX_ACCESS)
		return VMEXIT_ERR_CALLER;
	if (!v->ops->map_gpa)
		return vmexit_unhandled(v, VMEXIT_WHY_NO_OP, gpa);
	return len ? phys_copy(v, gpa, buf, len, write) : VMEXIT_DONE;
}

int vmexit_read_phys(struct vmexit_vcpu *v, uint64_t gpa, void *buf,
		     size_t len)
{
	return phys(v, gpa, buf, len, false);
}

int vmexit_write_phys(struct vmexit_vcpu *v, uint64_t gpa, const void *buf,
		      size_t len)
{
	/* phys() only reads through buf when writing. */
	return phys(v, gpa, (uint8_t *)(uintptr_t)buf, len, true);
}

/* Outside IA-32e mode linear addresses wrap at 4 GBytes. */
static uint64_t la_wrap(const struct vmexit_vcpu *v)
{
	return (v->sregs.efer & VMEXIT_EFER_LMA) ? ~0ull : 0xffffffffull;
}

/* The bytes of [la, la + len) on the page of la. */
static size_t to_page_end(uint64_t la, size_t len)
{
	size_t n = PAGE_SIZE - (la & (PAGE_SIZE - 1));

	return n < len ? n : len;
}

int mem_translate_range(struct vmexit_vcpu *v, const struct mem_ctx *c,
			uint64_t la, size_t len, unsigned acc,
			uint64_t gpa[2], size_t *first,
			struct vmexit_fault *fault, bool *ad_pending)
{
	uint64_t wrap = la_wrap(v);
	bool pending = false;
	int rc;

	if (len == 0 || len > VMEXIT_MAX_ACCESS)
		return VMEXIT_ERR_CALLER;
	la &= wrap;
	*first = to_page_end(la, len);
	gpa[1] = 0;
	rc = mem_translate_ad(v, c, la, acc, &gpa[0], fault, &pending);
	if (rc == VMEXIT_DONE && *first < len)
		rc = mem_translate_ad(v, c, (la + *first) & wrap, acc, &gpa[1],
				      fault, &pending);
	if (ad_pending)
		*ad_pending = pending;
	return rc;
}

int vmexit_translate_range(struct vmexit_vcpu *v, uint64_t la, size_t len,
			   unsigned acc, uint64_t gpa[2], size_t *first,
			   struct vmexit_fault *fault)
{
	struct mem_ctx c;
	int rc;

	if (!v || !gpa || !first || !fault || len == 0 ||
	    len > VMEXIT_MAX_ACCESS)
		return VMEXIT_ERR_CALLER;
	rc = mem_ctx_init(v, &c);
	return rc == VMEXIT_DONE ? mem_translate_range(v, &c, la, len, acc, gpa,
						       first, fault, NULL)
				 : rc;
}

/* mem_translate_range() with the fault raised.  One page, the usual
 * case, is one walk.  Two pages are both checked without side effects
 * first, then walked again to set the accessed and dirty flags, so a
 * fault on the second sets none on the first (the second walk only
 * where there are flags to set).  Inlined into mem_linear_copy(), which
 * runs on every access. */
__attribute__((always_inline)) static inline int
translate_range(struct vmexit_vcpu *v, const struct mem_ctx *c, uint64_t la,
		size_t len, unsigned acc, uint64_t gpa[2], size_t *first)
{
	struct vmexit_fault f;
	bool pending = false;
	int rc;

	la &= la_wrap(v);
	*first = to_page_end(la, len);
	if (*first == len) {
		rc = mem_translate(v, c, la, acc, &gpa[0], &f);
	} else {
		rc = mem_translate_range(v, c, la, len, acc | VMEXIT_ACC_NO_AD,
					 gpa, first, &f, &pending);
		if (rc == VMEXIT_DONE && pending && !(acc & VMEXIT_ACC_NO_AD))
			rc = mem_translate_range(v, c, la, len, acc, gpa, first,
						 &f, NULL);
	}
	return rc == VMEXIT_EXCEPTION ? vmexit_raise(v, &f) : rc;
}

int mem_linear_translate(struct vmexit_vcpu *v, const struct mem_ctx *c,
			 uint64_t la, size_t len, unsigned acc,
			 uint64_t gpa[2], size_t *first)
{
	if (len == 0 || len > VMEXIT_MAX_ACCESS)
		return VMEXIT_ERR_CALLER;
	return translate_range(v, c, la, len, acc, gpa, first);
}

/* Inlined into both users: mem_linear_copy() runs on every access. */
static inline int phys_copy_range(struct vmexit_vcpu *v, const uint64_t gpa[2],
				  size_t first, void *buf, size_t len,
				  unsigned acc)
{
	uint8_t *p = buf;
	int rc = phys_copy(v, gpa[0], p, first, acc & VMEXIT_ACC_WRITE);

	if (rc == VMEXIT_DONE && first < len)
		rc = phys_copy(v, gpa[1], p + first, len - first,
			       acc & VMEXIT_ACC_WRITE);
	return rc;
}

int mem_phys_copy_range(struct vmexit_vcpu *v, const uint64_t gpa[2],
			size_t first, void *buf, size_t len, unsigned acc)
{
	return phys_copy_range(v, gpa, first, buf, len, acc);
}

int mem_linear_copy(struct vmexit_vcpu *v, const struct mem_ctx *c,
		    uint64_t la, void *buf, size_t len, unsigned acc)
{
	uint64_t gpa[2];
	size_t first;
	int rc;

	if ((!buf && len) || len > VMEXIT_MAX_ACCESS)
		return VMEXIT_ERR_CALLER;
	if (len == 0)
		return VMEXIT_DONE;
	rc = translate_range(v, c, la, len, acc, gpa, &first);
	return rc == VMEXIT_DONE ? phys_copy_range(v, gpa, first, buf, len, acc)
				 : rc;
}

static int linear(struct vmexit_vcpu *v, uint64_t la, uint8_t *buf,
		  size_t len, unsigned acc)
{
	struct mem_ctx c;
	int rc;

	if (!v || (!buf && len) || len > VMEXIT_MAX_ACCESS)
		return VMEXIT_ERR_CALLER;
	if (len == 0)
		return VMEXIT_DONE;
	rc = mem_ctx_init(v, &c);
	return rc == VMEXIT_DONE ? mem_linear_copy(v, &c, la, buf, len, acc)
				 : rc;
}

int vmexit_read_linear(struct vmexit_vcpu *v, uint64_t la, void *buf,
		       size_t len, unsigned acc)
{
	return linear(v, la, buf, len, acc & ~(unsigned)VMEXIT_ACC_WRITE);
}

int vmexit_write_linear(struct vmexit_vcpu *v, uint64_t la, const void *buf,
			size_t len, unsigned acc)
{
	return linear(v, la, (uint8_t *)(uintptr_t)buf, len,
		      acc | VMEXIT_ACC_WRITE);
}

int mem_seg_copy(struct vmexit_vcpu *v, const struct mem_ctx *c,
		 unsigned seg, uint64_t offset, void *buf, size_t len,
		 unsigned acc, unsigned align)
{
	uint64_t la;
	int rc;

	if (len == 0 || len > VMEXIT_MAX_ACCESS)
		return len ? VMEXIT_ERR_CALLER : VMEXIT_DONE;
	rc = mem_linear(v, c, seg, offset, (unsigned)len, acc, align, &la);
	return rc == VMEXIT_DONE ? mem_linear_copy(v, c, la, buf, len, acc)
				 : rc;
}

static int seg_copy(struct vmexit_vcpu *v, unsigned seg, uint64_t offset,
		    uint8_t *buf, size_t len, unsigned acc, unsigned align)
{
	struct mem_ctx c;
	int rc;

	if (len == 0 || len > VMEXIT_MAX_ACCESS)
		return len ? VMEXIT_ERR_CALLER : VMEXIT_DONE;
	if (!v)
		return VMEXIT_ERR_CALLER;
	rc = mem_ctx_init(v, &c);
	return rc == VMEXIT_DONE ? mem_seg_copy(v, &c, seg, offset, buf, len,
						acc, align)
				 : rc;
}

int vmexit_read_seg(struct vmexit_vcpu *v, unsigned seg, uint64_t offset,
		    void *buf, size_t len, unsigned acc, unsigned align)
{
	return seg_copy(v, seg, offset, buf, len,
			acc & ~(unsigned)VMEXIT_ACC_WRITE, align);
}

int vmexit_write_seg(struct vmexit_vcpu *v, unsigned seg, uint64_t offset,
		     const void *buf, size_t len, unsigned acc, unsigned align)
{
	return seg_copy(v, seg, offset, (uint8_t *)(uintptr_t)buf, len,
			acc | VMEXIT_ACC_WRITE, align);
}
