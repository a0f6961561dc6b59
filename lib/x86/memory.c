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

#include <vmexit/memory.h>
#include <vmexit/x86.h>

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

static int mmio(struct vmexit_vcpu *v, uint64_t gpa, uint8_t *buf,
		size_t len, bool write)
{
	while (len) {
		unsigned n = mmio_piece(gpa, len);
		int rc;

		if (write ? !v->ops->mmio_write : !v->ops->mmio_read)
			return vmexit_unhandled(v, VMEXIT_WHY_NO_OP, gpa);
		rc = write ? v->ops->mmio_write(v->backend, gpa, buf, n)
			   : v->ops->mmio_read(v->backend, gpa, buf, n);
		if (rc != VMEXIT_DONE)
			return VMEXIT_ERR_BACKEND;
		gpa += n;
		buf += n;
		len -= n;
	}
	return VMEXIT_DONE;
}

static int phys(struct vmexit_vcpu *v, uint64_t gpa, uint8_t *buf,
		size_t len, bool write)
{
	if (!v || (!buf && len) || !v->ops || len > VMEXIT_MAX_ACCESS)
		return VMEXIT_ERR_CALLER;
	if (!v->ops->map_gpa)
		return vmexit_unhandled(v, VMEXIT_WHY_NO_OP, gpa);
	while (len) {
		struct vmexit_gpa_map m = { 0 };
		size_t n;
		int rc;

		if (v->ops->map_gpa(v->backend, gpa, write, &m) != VMEXIT_DONE)
			return VMEXIT_ERR_BACKEND;
		n = (m.len && m.len < len) ? (size_t)m.len : len;
		if (m.hva) {
			if (write)
				memcpy(m.hva, buf, n);
			else
				memcpy(buf, m.hva, n);
		} else {
			rc = mmio(v, gpa, buf, n, write);
			if (rc != VMEXIT_DONE)
				return rc;
		}
		gpa += n;
		buf += n;
		len -= n;
	}
	return VMEXIT_DONE;
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

int vmexit_translate_range(struct vmexit_vcpu *v, uint64_t la, size_t len,
			   unsigned acc, uint64_t gpa[2], size_t *first,
			   struct vmexit_fault *fault)
{
	uint64_t wrap;
	int rc;

	if (!v || !gpa || !first || !fault || len == 0 ||
	    len > VMEXIT_MAX_ACCESS)
		return VMEXIT_ERR_CALLER;
	rc = vmexit_vcpu_fetch(v, VMEXIT_G_SREGS);
	if (rc != VMEXIT_DONE)
		return rc;
	/* Outside IA-32e mode linear addresses wrap at 4 GBytes. */
	wrap = (v->sregs.efer & VMEXIT_EFER_LMA) ? ~0ull : 0xffffffffull;
	la &= wrap;
	*first = PAGE_SIZE - (la & (PAGE_SIZE - 1));
	if (*first > len)
		*first = len;
	gpa[1] = 0;
	rc = vmexit_translate(v, la, acc, &gpa[0], fault);
	if (rc == VMEXIT_DONE && *first < len)
		rc = vmexit_translate(v, (la + *first) & wrap, acc, &gpa[1],
				      fault);
	return rc;
}

/* vmexit_translate_range() with the fault raised.  Two pages are both
 * checked without side effects first, then walked again to set the
 * accessed and dirty flags, so a fault on the second sets none on the
 * first. */
static int translate_range(struct vmexit_vcpu *v, uint64_t la, size_t len,
			   unsigned acc, uint64_t gpa[2], size_t *first)
{
	struct vmexit_fault f;
	bool two = PAGE_SIZE - (la & (PAGE_SIZE - 1)) < len;
	int rc = vmexit_translate_range(v, la, len,
					two ? acc | VMEXIT_ACC_NO_AD : acc,
					gpa, first, &f);

	if (rc == VMEXIT_DONE && two && !(acc & VMEXIT_ACC_NO_AD))
		rc = vmexit_translate_range(v, la, len, acc, gpa, first, &f);
	return rc == VMEXIT_EXCEPTION ? vmexit_raise(v, &f) : rc;
}

static int linear(struct vmexit_vcpu *v, uint64_t la, uint8_t *buf,
		  size_t len, unsigned acc)
{
	uint64_t gpa[2];
	size_t first;
	int rc;

	if (!v || (!buf && len) || len > VMEXIT_MAX_ACCESS)
		return VMEXIT_ERR_CALLER;
	if (len == 0)
		return VMEXIT_DONE;
	rc = translate_range(v, la, len, acc, gpa, &first);
	if (rc != VMEXIT_DONE)
		return rc;
	rc = phys(v, gpa[0], buf, first, acc & VMEXIT_ACC_WRITE);
	if (rc == VMEXIT_DONE && first < len)
		rc = phys(v, gpa[1], buf + first, len - first,
			  acc & VMEXIT_ACC_WRITE);
	return rc;
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

static int seg_copy(struct vmexit_vcpu *v, unsigned seg, uint64_t offset,
		    uint8_t *buf, size_t len, unsigned acc, unsigned align)
{
	uint64_t la;
	int rc;

	if (len == 0 || len > VMEXIT_MAX_ACCESS)
		return len ? VMEXIT_ERR_CALLER : VMEXIT_DONE;
	rc = vmexit_linear(v, seg, offset, (unsigned)len, acc, align, &la);
	return rc == VMEXIT_DONE ? linear(v, la, buf, len, acc) : rc;
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
