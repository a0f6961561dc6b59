/* SPDX-License-Identifier: BSD-2-Clause */
/* MSR and I/O permission maps; see <vmexit/permmap.h>. */
#include "libc.h"

#include <vmexit/permmap.h>

uint32_t vmexit_permmap_size(unsigned kind)
{
	switch (kind) {
	case VMEXIT_PM_VMX_MSR:
		return VMEXIT_VMX_MSR_BITMAP_SIZE;
	case VMEXIT_PM_SVM_MSR:
		return VMEXIT_SVM_MSRPM_SIZE;
	case VMEXIT_PM_VMX_IO:
		return VMEXIT_VMX_IO_BITMAP_SIZE;
	case VMEXIT_PM_SVM_IO:
		return VMEXIT_SVM_IOPM_SIZE;
	default:
		return 0;
	}
}

int vmexit_permmap_init(unsigned kind, uint8_t *map)
{
	uint32_t size = vmexit_permmap_size(kind);

	if (!map || !size)
		return VMEXIT_ERR_CALLER;
	memset(map, 0xff, size);
	return VMEXIT_DONE;
}

/*
 * Where the read and write bits of an MSR live, as bit numbers in the map.
 * VMX: four 1-KByte quarters, read-low (MSRs 0-1FFFH), read-high
 * (C0000000H-C0001FFFH), write-low, write-high; one bit per MSR.  SVM:
 * 2-KByte vectors for 0-1FFFH, C0000000H-C0001FFFH and C0010000H-
 * C0011FFFH, two bits per MSR: read at the even bit, write at the odd.
 */
static bool msr_bits(unsigned kind, uint32_t msr, uint32_t *rd, uint32_t *wr)
{
	uint32_t lo = msr & 0x1fff;
	uint32_t range = msr & ~0x1fffu;

	if (kind == VMEXIT_PM_VMX_MSR) {
		uint32_t q;
		if (range == 0)
			q = 0;
		else if (range == 0xc0000000u)
			q = 1;
		else
			return false;
		*rd = q * 0x2000 + lo;
		*wr = (q + 2) * 0x2000 + lo;
		return true;
	}
	if (kind == VMEXIT_PM_SVM_MSR) {
		uint32_t vec;
		if (range == 0)
			vec = 0;
		else if (range == 0xc0000000u)
			vec = 1;
		else if (range == 0xc0010000u)
			vec = 2;
		else
			return false;
		*rd = vec * 0x4000 + lo * 2;
		*wr = *rd + 1;
		return true;
	}
	return false;
}

static void put_bit(uint8_t *map, uint32_t bit, bool set)
{
	uint8_t mask = (uint8_t)(1u << (bit & 7));

	if (set)
		map[bit >> 3] |= mask;
	else
		map[bit >> 3] &= (uint8_t)~mask;
}

static bool get_bit(const uint8_t *map, uint32_t bit)
{
	return (map[bit >> 3] >> (bit & 7)) & 1;
}

int vmexit_permmap_msr(unsigned kind, uint8_t *map, uint32_t msr,
		       bool exit_read, bool exit_write)
{
	uint32_t rd, wr;

	if (!map || (kind != VMEXIT_PM_VMX_MSR && kind != VMEXIT_PM_SVM_MSR))
		return VMEXIT_ERR_CALLER;
	if (!msr_bits(kind, msr, &rd, &wr))
		return (exit_read && exit_write) ? VMEXIT_DONE
						 : VMEXIT_ERR_CALLER;
	put_bit(map, rd, exit_read);
	put_bit(map, wr, exit_write);
	return VMEXIT_DONE;
}

bool vmexit_permmap_msr_exits(unsigned kind, const uint8_t *map,
			      uint32_t msr, bool write)
{
	uint32_t rd, wr;

	if (!map || !msr_bits(kind, msr, &rd, &wr))
		return true;
	return get_bit(map, write ? wr : rd);
}

int vmexit_permmap_msr_build(unsigned kind, uint8_t *map,
			     const struct vmexit_msr_pass *pass, unsigned n)
{
	int rc = vmexit_permmap_init(kind, map);

	if (rc != VMEXIT_DONE)
		return rc;
	if (kind != VMEXIT_PM_VMX_MSR && kind != VMEXIT_PM_SVM_MSR)
		return VMEXIT_ERR_CALLER;
	if (n && !pass)
		return VMEXIT_ERR_CALLER;
	for (unsigned i = 0; i < n; i++) {
		rc = vmexit_permmap_msr(kind, map, pass[i].msr, !pass[i].read,
					!pass[i].write);
		if (rc != VMEXIT_DONE)
			return rc;
	}
	return VMEXIT_DONE;
}

/* Both I/O layouts are one bit per port from port 0: VMX bitmap B
 * follows A, and the SVM map is one bit per port plus a tail. */
int vmexit_permmap_io(unsigned kind, uint8_t *map, uint16_t port, bool exit)
{
	if (!map || (kind != VMEXIT_PM_VMX_IO && kind != VMEXIT_PM_SVM_IO))
		return VMEXIT_ERR_CALLER;
	put_bit(map, port, exit);
	return VMEXIT_DONE;
}

bool vmexit_permmap_io_exits(unsigned kind, const uint8_t *map, uint16_t port,
			     unsigned size)
{
	if (!map || (kind != VMEXIT_PM_VMX_IO && kind != VMEXIT_PM_SVM_IO) ||
	    size == 0 || size > 4)
		return true;
	/* VMX: an access that wraps the 64K port space exits. */
	if (kind == VMEXIT_PM_VMX_IO && (uint32_t)port + size > 0x10000)
		return true;
	/* SVM checks one bit per byte; past FFFFH it reads the bits of
	 * the third page (APM Vol. 2, "I/O Intercepts"). */
	for (uint32_t p = port; p < (uint32_t)port + size; p++)
		if (get_bit(map, p))
			return true;
	return false;
}
