/* SPDX-License-Identifier: BSD-2-Clause */
/* Copies through segmentation and the page walk, into RAM and devices. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "lib/guest.h"

#define PTE 0x7ull /* P | RW | US */
#define DEV 0xfee00000ull

static uint8_t dev_mem[0x1000];

static int dev(void *opaque, uint64_t gpa, void *data, unsigned size,
	       bool write)
{
	(void)opaque;
	if (write)
		memcpy(&dev_mem[gpa - DEV], data, size);
	else
		memcpy(data, &dev_mem[gpa - DEV], size);
	return VMEXIT_DONE;
}

static void paged(struct guest *g)
{
	assert_int_equal(guest_init(g, VMEXIT_MODE_LONG64,
				    VMEXIT_PAGING_4LEVEL), 0);
	assert_int_equal(vmexit_mock_add_mmio(&g->mock, DEV, 0x1000, dev, NULL),
			 VMEXIT_DONE);
	guest_map(g, 0x10000, 0x30000, PTE, 1);
	guest_map(g, 0x11000, 0x20000, PTE, 1); /* not contiguous */
	guest_map(g, 0x12000, DEV, PTE, 1);
	guest_exit(g);
}

static void test_cross_page_ram(void **state)
{
	struct guest g;
	uint8_t buf[64], back[64];
	(void)state;
	paged(&g);
	for (unsigned i = 0; i < sizeof(buf); i++)
		buf[i] = (uint8_t)(i * 7 + 1);
	assert_int_equal(vmexit_write_linear(&g.vcpu, 0x10ff0, buf, 64, 0),
			 VMEXIT_DONE);
	assert_memory_equal(g.ram + 0x30ff0, buf, 16);
	assert_memory_equal(g.ram + 0x20000, buf + 16, 48);
	assert_int_equal(vmexit_read_linear(&g.vcpu, 0x10ff0, back, 64, 0),
			 VMEXIT_DONE);
	assert_memory_equal(back, buf, 64);
	/* Both leaves are dirty after the write. */
	assert_true(guest_rd(&g, guest_entry(&g, 0x10000, 1), 8) & 0x40);
	assert_true(guest_rd(&g, guest_entry(&g, 0x11000, 1), 8) & 0x40);
	guest_free(&g);
}

static void test_fault_on_second_page(void **state)
{
	struct guest g;
	uint8_t buf[32];
	(void)state;
	paged(&g);
	memset(buf, 0xab, sizeof(buf));
	/* 0x13000 is unmapped: #PF with CR2 at the start of that page, and
	 * the first page neither written nor marked accessed or dirty. */
	assert_int_equal(vmexit_write_linear(&g.vcpu, 0x12ff0, buf, 32, 0),
			 VMEXIT_EXCEPTION);
	assert_int_equal(g.vcpu.pending.vector, VMEXIT_EXC_PF);
	assert_int_equal(g.vcpu.pending.error, VMEXIT_PFEC_W);
	assert_int_equal(g.vcpu.pending.payload, 0x13000);
	assert_int_equal(g.mock.nr_log, 0);
	assert_false(guest_rd(&g, guest_entry(&g, 0x12000, 1), 8) & 0x60);
	/* Flushing hands exactly that #PF to the backend, with CR2. */
	assert_int_equal(vmexit_vcpu_flush(&g.vcpu), VMEXIT_DONE);
	assert_int_equal(g.mock.nr_events, 1);
	assert_int_equal(g.mock.events[0].vector, VMEXIT_EXC_PF);
	assert_int_equal(g.mock.events[0].type, VMEXIT_EV_HWEXC);
	assert_true(g.mock.events[0].has_payload);
	assert_int_equal(g.mock.events[0].payload, 0x13000);
	guest_free(&g);
}

/* vmexit_translate_range(): the pages of a range in order, the split
 * point, the first fault (of the second page, after the first), A/D
 * left alone with VMEXIT_ACC_NO_AD, and the caller's errors. */
static void test_translate_range(void **state)
{
	struct guest g;
	struct vmexit_fault f;
	uint64_t gpa[2];
	size_t first;
	(void)state;
	paged(&g);
	assert_int_equal(vmexit_translate_range(&g.vcpu, 0x10ffc, 8,
						VMEXIT_ACC_WRITE | VMEXIT_ACC_NO_AD,
						gpa, &first, &f), VMEXIT_DONE);
	assert_int_equal(gpa[0], 0x30ffc);
	assert_int_equal(first, 4);
	assert_int_equal(gpa[1], 0x20000);
	assert_false(guest_rd(&g, guest_entry(&g, 0x10000, 1), 8) & 0x60);
	/* One page: no second, and a write sets A and D. */
	assert_int_equal(vmexit_translate_range(&g.vcpu, 0x11010, 16, VMEXIT_ACC_WRITE,
						gpa, &first, &f), VMEXIT_DONE);
	assert_int_equal(gpa[0], 0x20010);
	assert_int_equal(first, 16);
	assert_int_equal(gpa[1], 0);
	assert_int_equal(guest_rd(&g, guest_entry(&g, 0x11000, 1), 8) & 0x60, 0x60);
	/* The second page unmapped: #PF for its first byte, not a write
	 * fault's P bit, and not raised (the caller decides). */
	assert_int_equal(vmexit_translate_range(&g.vcpu, 0x12ff8, 16, 0, gpa, &first, &f),
			 VMEXIT_EXCEPTION);
	assert_int_equal(f.vector, VMEXIT_EXC_PF);
	assert_int_equal(f.cr2, 0x13000);
	assert_int_equal(f.error, 0);
	assert_int_equal(gpa[0], DEV + 0xff8);
	assert_false(g.vcpu.pending_valid);
	assert_int_equal(vmexit_translate_range(&g.vcpu, 0x10000, 0, 0, gpa, &first, &f),
			 VMEXIT_ERR_CALLER);
	assert_int_equal(vmexit_translate_range(&g.vcpu, 0x10000, VMEXIT_MAX_ACCESS + 1, 0,
						gpa, &first, &f), VMEXIT_ERR_CALLER);
	assert_int_equal(vmexit_translate_range(&g.vcpu, 0x10000, 4, 0, NULL, &first, &f),
			 VMEXIT_ERR_CALLER);
	guest_free(&g);

	/* 32-bit paging: a range at the top of the 4-GByte space wraps to
	 * linear 0 ("Linear-Address Pre-Processing"). */
	assert_int_equal(guest_init(&g, VMEXIT_MODE_PROT32, VMEXIT_PAGING_32), 0);
	guest_map(&g, 0xfffff000ull, 0x30000, PTE, 1);
	guest_map(&g, 0, 0x20000, PTE, 1);
	guest_exit(&g);
	assert_int_equal(vmexit_translate_range(&g.vcpu, 0xfffffffeull, 4, 0, gpa, &first,
						&f), VMEXIT_DONE);
	assert_int_equal(gpa[0], 0x30ffe);
	assert_int_equal(first, 2);
	assert_int_equal(gpa[1], 0x20000);
	guest_free(&g);
}

static void test_mmio_pieces(void **state)
{
	struct guest g;
	uint8_t buf[16] = "0123456789abcdef";
	(void)state;
	paged(&g);
	/* A 16-byte access (an SSE move) is one device access, aligned or
	 * not; RAM->device crossing splits at the page. */
	assert_int_equal(vmexit_write_linear(&g.vcpu, 0x12003, buf, 16, 0),
			 VMEXIT_DONE);
	assert_int_equal(g.mock.nr_log, 1);
	const struct vmexit_mock_access *a = vmexit_mock_log_entry(&g.mock, 0);
	assert_int_equal(a->op, VMEXIT_MOCK_MMIO_WRITE);
	assert_int_equal(a->size, 16);
	assert_int_equal(a->addr, DEV + 3);
	assert_memory_equal(a->data, buf, 16);
	/* Six bytes at offset 1: naturally aligned pieces 1, 2, 2, 1. */
	assert_int_equal(vmexit_read_linear(&g.vcpu, 0x12001, buf, 6, 0),
			 VMEXIT_DONE);
	assert_int_equal(g.mock.nr_log, 5);
	static const unsigned sizes[] = { 1, 2, 2, 1 };
	for (unsigned i = 0; i < 4; i++) {
		a = vmexit_mock_log_entry(&g.mock, 3 - i);
		assert_int_equal(a->op, VMEXIT_MOCK_MMIO_READ);
		assert_int_equal(a->size, sizes[i]);
	}
	assert_memory_equal(buf, "\0\0" "0123", 6); /* written at +3 above */
	/* A device failure is a backend error. */
	g.mock.fail_ops = VMEXIT_MOCK_FAIL(VMEXIT_MOCK_MMIO_READ);
	assert_int_equal(vmexit_read_linear(&g.vcpu, 0x12000, buf, 4, 0),
			 VMEXIT_ERR_BACKEND);
	guest_free(&g);
}

static void test_phys(void **state)
{
	struct guest g;
	uint8_t buf[8];
	(void)state;
	assert_int_equal(guest_init(&g, VMEXIT_MODE_PROT32, VMEXIT_PAGING_NONE),
			 0);
	memcpy(g.ram + GUEST_RAM - 4, "RAM!", 4);
	/* The last four bytes of RAM, then four unbacked bytes: unclaimed
	 * reads return all ones, as on a PC bus. */
	assert_int_equal(vmexit_read_phys(&g.vcpu, GUEST_RAM - 4, buf, 8),
			 VMEXIT_DONE);
	assert_memory_equal(buf, "RAM!\xff\xff\xff\xff", 8);
	/* Linear addresses wrap at 4 GBytes outside IA-32e mode. */
	memcpy(g.ram, "lo", 2);
	assert_int_equal(vmexit_read_linear(&g.vcpu, 0xfffffffe, buf, 4, 0),
			 VMEXIT_DONE);
	assert_memory_equal(buf, "\xff\xfflo", 4);
	/* Caller mistakes. */
	assert_int_equal(vmexit_read_phys(&g.vcpu, 0, NULL, 4),
			 VMEXIT_ERR_CALLER);
	assert_int_equal(vmexit_read_phys(&g.vcpu, 0, buf,
					  VMEXIT_MAX_ACCESS + 1),
			 VMEXIT_ERR_CALLER);
	assert_int_equal(vmexit_read_linear(&g.vcpu, 0, buf,
					    VMEXIT_MAX_ACCESS + 1, 0),
			 VMEXIT_ERR_CALLER);
	assert_int_equal(vmexit_read_phys(NULL, 0, buf, 4), VMEXIT_ERR_CALLER);
	guest_free(&g);
}

static void test_segment_copies(void **state)
{
	struct guest g;
	uint8_t buf[4] = { 1, 2, 3, 4 };
	(void)state;
	assert_int_equal(guest_init(&g, VMEXIT_MODE_PROT32, VMEXIT_PAGING_NONE),
			 0);
	g.mock.sregs.seg[VMEXIT_SEG_ES].base = 0x5000;
	g.mock.sregs.seg[VMEXIT_SEG_ES].limit = 0xff;
	guest_exit(&g);
	assert_int_equal(vmexit_write_seg(&g.vcpu, VMEXIT_SEG_ES, 0xfc, buf, 4,
					  0, 1), VMEXIT_DONE);
	assert_memory_equal(g.ram + 0x50fc, buf, 4);
	/* Over the limit: #GP(0) queued, and memory never touched. */
	unsigned maps = g.mock.calls[VMEXIT_MOCK_MAP_GPA];
	assert_int_equal(vmexit_write_seg(&g.vcpu, VMEXIT_SEG_ES, 0xfd, buf, 4,
					  0, 1), VMEXIT_EXCEPTION);
	assert_int_equal(g.vcpu.pending.vector, VMEXIT_EXC_GP);
	assert_int_equal(g.mock.calls[VMEXIT_MOCK_MAP_GPA], maps);
	guest_free(&g);
}


static void test_missing_ops(void **state)
{
	struct guest g;
	struct vmexit_ops ops;
	uint8_t buf[4];
	(void)state;
	assert_int_equal(guest_init(&g, VMEXIT_MODE_PROT32, VMEXIT_PAGING_NONE),
			 0);
	ops = vmexit_mock_ops;
	ops.mmio_read = NULL;
	ops.map_gpa = NULL;
	g.vcpu.ops = &ops;
	assert_int_equal(vmexit_read_phys(&g.vcpu, 0, buf, 4), VMEXIT_UNHANDLED);
	assert_int_equal(g.vcpu.diag.reason, VMEXIT_WHY_NO_OP);
	ops.map_gpa = vmexit_mock_ops.map_gpa;
	assert_int_equal(vmexit_read_phys(&g.vcpu, GUEST_RAM, buf, 4),
			 VMEXIT_UNHANDLED);
	assert_int_equal(vmexit_read_phys(&g.vcpu, 0, buf, 4), VMEXIT_DONE);
	guest_free(&g);
}

/* A device that moves RAM when written: a remapping register. */
static struct guest *remap_guest;

static int remap_dev(void *opaque, uint64_t gpa, void *data, unsigned size,
		     bool write)
{
	(void)opaque, (void)gpa, (void)size;
	if (write) /* RAM shrinks to 64 KiB: the rest is unbacked */
		remap_guest->mock.ram_size = 0x10000;
	else
		memset(data, 0, size);
	return VMEXIT_DONE;
}

/* The RAM window of struct vmexit_vcpu: reads inside the last window a
 * read returned need no map_gpa call; writes always ask (a write may map
 * differently, ROM); a device callback and vmexit_vcpu_begin() drop it. */
static void test_ram_window(void **state)
{
	struct guest g;
	uint8_t buf[4] = { 1, 2, 3, 4 };
	unsigned maps;
	(void)state;
	assert_int_equal(guest_init(&g, VMEXIT_MODE_PROT32, VMEXIT_PAGING_NONE),
			 0);
	assert_int_equal(vmexit_mock_add_mmio(&g.mock, DEV, 0x1000, remap_dev,
					      NULL), VMEXIT_DONE);
	remap_guest = &g;
	guest_exit(&g);
	g.ram[0x20000] = 0x5a;
	assert_int_equal(vmexit_read_phys(&g.vcpu, 0x8000, buf, 4),
			 VMEXIT_DONE);
	maps = g.mock.calls[VMEXIT_MOCK_MAP_GPA];
	assert_int_equal(vmexit_read_phys(&g.vcpu, 0x20000, buf, 1),
			 VMEXIT_DONE);
	assert_int_equal(buf[0], 0x5a);
	assert_int_equal(g.mock.calls[VMEXIT_MOCK_MAP_GPA], maps);
	assert_int_equal(vmexit_write_phys(&g.vcpu, 0x20000, buf, 1),
			 VMEXIT_DONE);
	assert_int_equal(g.mock.calls[VMEXIT_MOCK_MAP_GPA], maps + 1);
	/* The device remaps: 0x20000 is no longer RAM, and reads see it. */
	assert_int_equal(vmexit_write_phys(&g.vcpu, DEV, buf, 4), VMEXIT_DONE);
	maps = g.mock.calls[VMEXIT_MOCK_MAP_GPA];
	g.mock.nr_log = 0;
	assert_int_equal(vmexit_read_phys(&g.vcpu, 0x20000, buf, 1),
			 VMEXIT_DONE);
	assert_int_equal(g.mock.calls[VMEXIT_MOCK_MAP_GPA], maps + 1);
	assert_int_equal(buf[0], 0xff); /* unbacked: reads as all ones */
	assert_int_equal(g.mock.nr_log, 1);
	/* A new exit forgets the window. */
	g.mock.ram_size = GUEST_RAM;
	assert_int_equal(vmexit_read_phys(&g.vcpu, 0x100, buf, 1),
			 VMEXIT_DONE);
	guest_exit(&g);
	maps = g.mock.calls[VMEXIT_MOCK_MAP_GPA];
	assert_int_equal(vmexit_read_phys(&g.vcpu, 0x100, buf, 1),
			 VMEXIT_DONE);
	assert_int_equal(g.mock.calls[VMEXIT_MOCK_MAP_GPA], maps + 1);
	guest_free(&g);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cross_page_ram),
		cmocka_unit_test(test_fault_on_second_page),
		cmocka_unit_test(test_translate_range),
		cmocka_unit_test(test_mmio_pieces),
		cmocka_unit_test(test_phys),
		cmocka_unit_test(test_segment_copies),
		cmocka_unit_test(test_missing_ops),
		cmocka_unit_test(test_ram_window),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
