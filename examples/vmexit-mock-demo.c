/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A tour of the library on the mock backend: a 32-bit guest with paging,
 * a copy that crosses from RAM into an MMIO page, and a guest access that
 * faults and is turned into a queued #PF.  It is also what make check
 * builds against the installed library through pkg-config.
 */
#include <stdio.h>
#include <string.h>

#include <vmexit/memory.h>
#include <vmexit/mock.h>
#include <vmexit/x86.h>

static uint8_t ram[1 << 20];

static int uart(void *opaque, uint64_t gpa, void *data, unsigned size,
		bool write)
{
	(void)opaque;
	if (write)
		printf("  device: write of %u byte(s) at %#llx: \"%.*s\"\n",
		       size, (unsigned long long)gpa, (int)size,
		       (const char *)data);
	else
		memset(data, 0, size);
	return VMEXIT_DONE;
}

static void put32(uint64_t gpa, uint32_t val)
{
	memcpy(&ram[gpa], &val, sizeof(val));
}

int main(void)
{
	struct vmexit_mock mock;
	struct vmexit_vcpu vcpu;
	static const char msg[] = "hello, MMIO";
	char back[sizeof(msg)];
	int rc;

	printf("libvmexit %u.%u.%u on the mock backend\n",
	       vmexit_version() >> 16, (vmexit_version() >> 8) & 0xff,
	       vmexit_version() & 0xff);

	/* Guest: 32-bit paging, page directory at 0x1000, one page table at
	 * 0x2000 mapping linear 0x400000+ onto RAM 0x10000..; linear
	 * 0x401000 maps a device page at 0xfee00000. */
	vmexit_mock_init(&mock, ram, sizeof(ram));
	vmexit_mock_set_mode(&mock, VMEXIT_MODE_PROT32, 0, 0x1000);
	mock.sregs.cr0 |= VMEXIT_CR0_PG;
	put32(0x1000 + 1 * 4, 0x2000 | 0x7);     /* PDE for 4 MiB..8 MiB */
	put32(0x2000 + 0 * 4, 0x10000 | 0x7);    /* 0x400000 -> RAM */
	put32(0x2000 + 1 * 4, 0xfee00000u | 0x7); /* 0x401000 -> device */
	vmexit_mock_add_mmio(&mock, 0xfee00000u, 0x1000, uart, NULL);

	vmexit_vcpu_init(&vcpu, &vmexit_mock_ops, &mock, NULL);
	vmexit_vcpu_begin(&vcpu);

	/* A write that starts 5 bytes before the device page. */
	rc = vmexit_write_seg(&vcpu, VMEXIT_SEG_DS, 0x400ffb, msg, 11, 0, 1);
	printf("write across RAM and MMIO: %s; RAM got \"%.5s\"\n",
	       vmexit_strerror(rc), (const char *)&ram[0x10ffb]);
	rc = vmexit_read_seg(&vcpu, VMEXIT_SEG_DS, 0x400ffb, back, 5, 0, 1);
	printf("read back from RAM: %s, \"%.5s\"\n", vmexit_strerror(rc), back);

	/* Linear 0x402000 is not mapped: the guest gets #PF, not us. */
	rc = vmexit_write_seg(&vcpu, VMEXIT_SEG_DS, 0x402000, msg, 4, 0, 1);
	printf("write to an unmapped page: %s (vector %u, error code %#x, "
	       "CR2 %#llx)\n", vmexit_strerror(rc), vcpu.pending.vector,
	       vcpu.pending.error, (unsigned long long)vcpu.pending.payload);

	rc = vmexit_vcpu_flush(&vcpu);
	printf("flush: %s; the backend was handed %u event(s)\n",
	       vmexit_strerror(rc), mock.nr_events);
	return mock.nr_events == 1 && mock.events[0].vector == VMEXIT_EXC_PF
		       ? 0 : 1;
}
