/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The masked vector moves, MASKMOVQ, MASKMOVDQU, VMASKMOVDQU, VMASKMOVPS/
 * PD and VPMASKMOVD/Q, and the EVEX (AVX-512) data moves, VMOVDQU8/16/
 * 32/64, VMOVDQA32/64, VMOVUPS/UPD/APS/APD, VMOVNTDQ/NTPS/NTPD/NTDQA,
 * VMOVSS/SD, VMOVLPS/LPD/HPS/HPD and VMOVD/VMOVQ, with opmasks, merging
 * and zeroing, ZMM16-31 and compressed displacements.
 *
 * The host CPU is the oracle where it has AVX-512 (F and BW): every form
 * in every vector length, opmask, zeroing bit, register and alignment is
 * run natively on a buffer and by the emulator on guest RAM and on a
 * device, and the registers, the memory and the outcome (done, #GP, #UD
 * for what the decoder calls invalid) must agree.  The rest is worked out
 * from the SDM: fault suppression for masked-off elements across a page
 * that is not present, device accesses only for the active elements, the
 * #UD and #NM conditions, and the zeroing of bits 511:256 by VEX loads.
 */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <cmocka.h>

#include <vmexit/decode.h>
#include <vmexit/emulate.h>

#include "lib/guest.h"
#include "lib/host_avx512.h"

#define CODE 0x1000ull     /* linear = physical, RAM */
#define BUF_LA 0x10000ull  /* two pages of RAM, identity-mapped */
#define DEV_LA 0x200000ull /* the device page */
#define DEV 0xfee00000ull
#define EDGE_LA 0x301000ull /* RAM at 0x6000, then a page not present */

static uint8_t dev_mem[0x1000];
static struct guest_buffer device = { DEV, dev_mem, sizeof(dev_mem) };
static struct guest g;

static void setup_guest(void)
{
	assert_int_equal(guest_init(&g, VMEXIT_MODE_LONG64, VMEXIT_PAGING_4LEVEL), 0);
	for (uint64_t a = 0; a < 0x100000; a += 0x1000)
		guest_map(&g, a, a, 0x7, 1);
	guest_map(&g, DEV_LA, DEV, 0x7, 1);
	guest_map(&g, EDGE_LA, 0x6000, 0x7, 1);
	vmexit_mock_add_mmio(&g.mock, DEV, 0x1000, guest_buffer_dev, &device);
	g.mock.sregs.cr4 |= VMEXIT_CR4_OSFXSR | VMEXIT_CR4_OSXSAVE;
	g.mock.vregs.xcr0 = 0xe7; /* x87, SSE, AVX, opmask, ZMM_Hi256, Hi16_ZMM */
	g.mock.regs.rip = CODE;
	g.mock.regs.gpr[VMEXIT_RSP] = 0x8000;
	memset(dev_mem, 0, sizeof(dev_mem));
}

static int setup(void **state)
{
	(void)state;
	setup_guest();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	guest_free(&g);
	return 0;
}

static int run(const uint8_t *bytes, size_t n)
{
	int flush, rc = guest_emulate_bytes(&g, bytes, n, &flush);

	assert_int_equal(flush, VMEXIT_DONE);
	return rc;
}

#define RUN(s) run((const uint8_t *)(s), sizeof(s) - 1)

static void zmm_of(unsigned n, uint8_t z[64])
{
	vregs_zmm_get(&g.mock.vregs, n, z);
}

static void set_zmm(unsigned n, const uint8_t z[64])
{
	vregs_zmm_set(&g.mock.vregs, n, z);
}

static void fill_zmm(unsigned n, uint8_t base)
{
	uint8_t z[64];
	for (unsigned i = 0; i < 64; i++)
		z[i] = (uint8_t)(base + i);
	set_zmm(n, z);
}

/* ---- fixed expectations (SDM Vol. 1 and 2) ---- */

/* vmovdqu32 [rdi]{k1}, zmm1 (EVEX.512.F3.0F.W0 7F) to the device: only
 * the active doublewords are written, each run of them one access. */
static void test_masked_store_runs(void **state)
{
	static const uint8_t insn[] = { 0x62, 0xf1, 0x7e, 0x49, 0x7f, 0x0f };
	const struct vmexit_mock_access *a;
	(void)state;
	fill_zmm(1, 0x40);
	memset(dev_mem, 0xee, 64);
	g.mock.vregs.k[1] = 0xa3; /* doublewords 0, 1, 5, 7 */
	g.mock.regs.gpr[VMEXIT_RDI] = DEV_LA;
	unsigned before = g.mock.nr_log;
	assert_int_equal(run(insn, sizeof(insn)), VMEXIT_DONE);
	assert_int_equal(g.mock.regs.rip, CODE + sizeof(insn));
	assert_int_equal(g.mock.nr_log - before, 3);
	a = vmexit_mock_log_entry(&g.mock, 2);
	assert_int_equal(a->addr, DEV);
	assert_int_equal(a->size, 8);
	a = vmexit_mock_log_entry(&g.mock, 1);
	assert_int_equal(a->addr, DEV + 20);
	assert_int_equal(a->size, 4);
	a = vmexit_mock_log_entry(&g.mock, 0);
	assert_int_equal(a->addr, DEV + 28);
	assert_int_equal(a->size, 4);
	for (unsigned i = 0; i < 64; i++) {
		bool on = (0xa3 >> (i / 4)) & 1;
		assert_int_equal(dev_mem[i], on ? (uint8_t)(0x40 + i) : 0xee);
	}
}

/* vmovdqu32 zmm2{k1}, [rdi] (merging) and zmm2{k1}{z}: inactive
 * elements keep the register or are zeroed; only active ones are read. */
static void test_masked_load_merge_zero(void **state)
{
	static const uint8_t merge[] = { 0x62, 0xf1, 0x7e, 0x49, 0x6f, 0x17 };
	static const uint8_t zero[] = { 0x62, 0xf1, 0x7e, 0xc9, 0x6f, 0x17 };
	uint8_t z[64];
	(void)state;
	for (unsigned i = 0; i < 64; i++)
		dev_mem[i] = (uint8_t)(0x80 + i);
	fill_zmm(2, 0x10);
	g.mock.vregs.k[1] = 0x8001; /* doublewords 0 and 15 */
	g.mock.regs.gpr[VMEXIT_RDI] = DEV_LA;
	unsigned before = g.mock.nr_log;
	assert_int_equal(run(merge, sizeof(merge)), VMEXIT_DONE);
	assert_int_equal(g.mock.nr_log - before, 2);
	zmm_of(2, z);
	for (unsigned i = 0; i < 64; i++)
		assert_int_equal(z[i], (i < 4 || i >= 60) ? 0x80 + i : 0x10 + i);
	g.mock.regs.rip = CODE;
	fill_zmm(2, 0x10);
	assert_int_equal(run(zero, sizeof(zero)), VMEXIT_DONE);
	zmm_of(2, z);
	for (unsigned i = 0; i < 64; i++)
		assert_int_equal(z[i], (i < 4 || i >= 60) ? 0x80 + i : 0);
}

/* "Memory Fault Suppression": 64 bytes at 32 bytes before a page that is
 * not present.  Active elements only on the present page: no #PF, and
 * their bytes written.  One active element on the other page: #PF with
 * CR2 at that page and nothing written on the first. */
static void test_fault_suppression(void **state)
{
	static const uint8_t insn[] = { 0x62, 0xf1, 0x7e, 0x49, 0x7f, 0x0f };
	uint8_t *ram = g.ram + 0x6000 + 0xfe0;
	(void)state;
	fill_zmm(1, 0x40);
	memset(ram, 0xee, 32);
	g.mock.regs.gpr[VMEXIT_RDI] = EDGE_LA + 0xfe0;
	g.mock.vregs.k[1] = 0x00ff;
	assert_int_equal(run(insn, sizeof(insn)), VMEXIT_DONE);
	for (unsigned i = 0; i < 32; i++)
		assert_int_equal(ram[i], 0x40 + i);
	memset(ram, 0xee, 32);
	g.mock.regs.rip = CODE;
	g.mock.vregs.k[1] = 0x01ff;
	assert_int_equal(run(insn, sizeof(insn)), VMEXIT_EXCEPTION);
	assert_int_equal(g.mock.events[0].vector, VMEXIT_EXC_PF);
	assert_int_equal(g.mock.events[0].error, VMEXIT_PFEC_W);
	assert_int_equal(g.mock.events[0].payload, EDGE_LA + 0x1000);
	assert_int_equal(g.mock.regs.rip, CODE);
	for (unsigned i = 0; i < 32; i++)
		assert_int_equal(ram[i], 0xee);
	/* A masked load with no active element on the missing page. */
	g.mock.vregs.k[1] = 0x00ff;
	assert_int_equal(RUN("\x62\xf1\x7e\x49\x6f\x17"), VMEXIT_DONE);
}

/* With no element active nothing is checked: not the alignment of
 * vmovdqa32, not a non-canonical address (measured on an Intel Xeon); one
 * active element brings both back (#GP(0)). */
static void test_no_active_element(void **state)
{
	static const uint8_t dqa[] = { 0x62, 0xf1, 0x7d, 0x49, 0x7f, 0x0f };
	static const uint8_t dqu[] = { 0x62, 0xf1, 0x7e, 0x49, 0x7f, 0x0f };
	(void)state;
	g.mock.vregs.k[1] = 0;
	g.mock.regs.gpr[VMEXIT_RDI] = DEV_LA + 4;
	unsigned before = g.mock.nr_log;
	assert_int_equal(run(dqa, sizeof(dqa)), VMEXIT_DONE);
	g.mock.regs.rip = CODE;
	g.mock.regs.gpr[VMEXIT_RDI] = 0x8000000000000000ull;
	assert_int_equal(run(dqu, sizeof(dqu)), VMEXIT_DONE);
	assert_int_equal(g.mock.nr_log, before);
	g.mock.regs.rip = CODE;
	g.mock.vregs.k[1] = 1;
	assert_int_equal(run(dqu, sizeof(dqu)), VMEXIT_EXCEPTION);
	assert_int_equal(g.mock.events[0].vector, VMEXIT_EXC_GP);
	g.mock.regs.gpr[VMEXIT_RDI] = DEV_LA + 4;
	assert_int_equal(run(dqa, sizeof(dqa)), VMEXIT_EXCEPTION);
	assert_int_equal(g.mock.events[0].vector, VMEXIT_EXC_GP);
	assert_int_equal(g.mock.events[0].error, 0);
	assert_int_equal(g.mock.nr_log, before);
}

/* "Exception Conditions for Intel AVX-512 Instructions": #UD without the
 * three AVX-512 components in XCR0 or without CR4.OSXSAVE, #NM with
 * CR0.TS; a legacy or VEX move needs none of them enabled. */
static void test_evex_exceptions(void **state)
{
	static const uint8_t insn[] = { 0x62, 0xf1, 0x7e, 0x48, 0x7f, 0x0f };
	(void)state;
	g.mock.regs.gpr[VMEXIT_RDI] = DEV_LA;
	g.mock.vregs.xcr0 = 0x67; /* Hi16_ZMM off */
	assert_int_equal(run(insn, sizeof(insn)), VMEXIT_EXCEPTION);
	assert_int_equal(g.mock.events[0].vector, VMEXIT_EXC_UD);
	g.mock.vregs.xcr0 = 7;
	assert_int_equal(run(insn, sizeof(insn)), VMEXIT_EXCEPTION);
	assert_int_equal(g.mock.events[0].vector, VMEXIT_EXC_UD);
	assert_int_equal(RUN("\xc5\xfe\x7f\x0f"), VMEXIT_DONE); /* vmovdqu [rdi],ymm1 */
	g.mock.regs.rip = CODE;
	g.mock.vregs.xcr0 = 0xe7;
	g.mock.sregs.cr4 &= ~VMEXIT_CR4_OSXSAVE;
	assert_int_equal(run(insn, sizeof(insn)), VMEXIT_EXCEPTION);
	assert_int_equal(g.mock.events[0].vector, VMEXIT_EXC_UD);
	g.mock.sregs.cr4 |= VMEXIT_CR4_OSXSAVE;
	g.mock.sregs.cr0 |= VMEXIT_CR0_TS;
	assert_int_equal(run(insn, sizeof(insn)), VMEXIT_EXCEPTION);
	assert_int_equal(g.mock.events[0].vector, VMEXIT_EXC_NM);
	g.mock.sregs.cr0 &= ~VMEXIT_CR0_TS;
	assert_int_equal(run(insn, sizeof(insn)), VMEXIT_DONE);
	assert_int_equal(g.mock.regs.rip, CODE + sizeof(insn));
}

/* "DEST[MAXVL-1:VL] <- 0": a VEX load zeroes bits 511:256 too; a legacy
 * SSE load leaves bits 511:128 alone.  ZMM16-31 by EVEX.R', and disp8
 * counted in vector lengths (disp8*N). */
static void test_upper_bits_high_regs_disp8(void **state)
{
	uint8_t z[64];
	(void)state;
	for (unsigned i = 0; i < 128; i++)
		dev_mem[i] = (uint8_t)(0x80 + i);
	g.mock.regs.gpr[VMEXIT_RDI] = DEV_LA;
	fill_zmm(2, 0x10);
	assert_int_equal(RUN("\xc5\xfa\x6f\x17"), VMEXIT_DONE); /* vmovdqu xmm2,[rdi] */
	zmm_of(2, z);
	for (unsigned i = 0; i < 64; i++)
		assert_int_equal(z[i], i < 16 ? 0x80 + i : 0);
	g.mock.regs.rip = CODE;
	fill_zmm(2, 0x10);
	assert_int_equal(RUN("\xf3\x0f\x6f\x17"), VMEXIT_DONE); /* movdqu xmm2,[rdi] */
	zmm_of(2, z);
	for (unsigned i = 0; i < 64; i++)
		assert_int_equal(z[i], i < 16 ? 0x80 + i : 0x10 + i);
	/* vmovdqu64 zmm29, [rdi + 1*64]: 62 61 fe 48 6f 6f 01 */
	g.mock.regs.rip = CODE;
	assert_int_equal(RUN("\x62\x61\xfe\x48\x6f\x6f\x01"), VMEXIT_DONE);
	zmm_of(29, z);
	for (unsigned i = 0; i < 64; i++)
		assert_int_equal(z[i], 0x80 + 64 + i);
	/* vmovdqu32 ymm17, [rdi + 1*32]: 62 e1 7e 28 6f 4f 01 */
	g.mock.regs.rip = CODE;
	fill_zmm(17, 0x10);
	assert_int_equal(RUN("\x62\xe1\x7e\x28\x6f\x4f\x01"), VMEXIT_DONE);
	zmm_of(17, z);
	for (unsigned i = 0; i < 64; i++)
		assert_int_equal(z[i], i < 32 ? 0x80 + 32 + i : 0);
}

/* The decoder marks the EVEX moves as emulated. */
static void test_decoder_says_emulated(void **state)
{
	static const uint8_t dqu8[] = { 0x62, 0xf1, 0x7f, 0x48, 0x7f, 0x07 };
	static const uint8_t add[] = { 0x62, 0xf1, 0x75, 0x48, 0xfe, 0x07 }; /* vpaddd */
	struct vmexit_insn in;
	(void)state;
	assert_int_equal(vmexit_decode(dqu8, sizeof(dqu8), VMEXIT_DECODE_64, &in), VMEXIT_DONE);
	assert_true(vmexit_insn_emulated(&in));
	assert_true(vmexit_can_emulate(&in));
	assert_int_equal(vmexit_decode(add, sizeof(add), VMEXIT_DECODE_64, &in), VMEXIT_DONE);
	assert_false(vmexit_insn_emulated(&in));
	assert_false(vmexit_can_emulate(&in));
}

/* ---- the host CPU as the oracle ---- */

/* A form: prefix (0, 0x66, 0xf3, 0xf2 as pp), map (1: 0F, 2: 0F38),
 * opcode, W, whether a store, whether it takes an opmask. */
struct form {
	const char *name;
	uint8_t pp, map, opcode, w;
	bool store, mask;
};

static const struct form forms[] = {
	{ "vmovups", 0, 1, 0x10, 0, false, true },
	{ "vmovupd", 1, 1, 0x10, 1, false, true },
	{ "vmovups m", 0, 1, 0x11, 0, true, true },
	{ "vmovupd m", 1, 1, 0x11, 1, true, true },
	{ "vmovss", 2, 1, 0x10, 0, false, true },
	{ "vmovsd", 3, 1, 0x10, 1, false, true },
	{ "vmovss m", 2, 1, 0x11, 0, true, true },
	{ "vmovsd m", 3, 1, 0x11, 1, true, true },
	{ "vmovlps", 0, 1, 0x12, 0, false, false },
	{ "vmovlpd", 1, 1, 0x12, 1, false, false },
	{ "vmovlps m", 0, 1, 0x13, 0, true, false },
	{ "vmovhps", 0, 1, 0x16, 0, false, false },
	{ "vmovhpd m", 1, 1, 0x17, 1, true, false },
	{ "vmovaps", 0, 1, 0x28, 0, false, true },
	{ "vmovapd m", 1, 1, 0x29, 1, true, true },
	{ "vmovntps", 0, 1, 0x2b, 0, true, false },
	{ "vmovntpd", 1, 1, 0x2b, 1, true, false },
	{ "vmovd", 1, 1, 0x6e, 0, false, false },
	{ "vmovq", 1, 1, 0x6e, 1, false, false },
	{ "vmovdqa32", 1, 1, 0x6f, 0, false, true },
	{ "vmovdqa64", 1, 1, 0x6f, 1, false, true },
	{ "vmovdqu32", 2, 1, 0x6f, 0, false, true },
	{ "vmovdqu64", 2, 1, 0x6f, 1, false, true },
	{ "vmovdqu8", 3, 1, 0x6f, 0, false, true },
	{ "vmovdqu16", 3, 1, 0x6f, 1, false, true },
	{ "vmovd m", 1, 1, 0x7e, 0, true, false },
	{ "vmovq xmm,m64", 2, 1, 0x7e, 1, false, false },
	{ "vmovdqa32 m", 1, 1, 0x7f, 0, true, true },
	{ "vmovdqa64 m", 1, 1, 0x7f, 1, true, true },
	{ "vmovdqu32 m", 2, 1, 0x7f, 0, true, true },
	{ "vmovdqu64 m", 2, 1, 0x7f, 1, true, true },
	{ "vmovdqu8 m", 3, 1, 0x7f, 0, true, true },
	{ "vmovdqu16 m", 3, 1, 0x7f, 1, true, true },
	{ "vmovq m", 1, 1, 0xd6, 1, true, false },
	{ "vmovntdq", 1, 1, 0xe7, 0, true, false },
	{ "vmovntdqa", 1, 2, 0x2a, 0, false, false },
};

/* EVEX bytes of form f: register reg (0-31), [rdi] or [rdi + disp8],
 * L'L, opmask aaa, z.  Returns the length. */
static size_t evex(const struct form *f, unsigned reg, unsigned ll, unsigned aaa,
		   unsigned z, int disp8, uint8_t *b)
{
	size_t n = 0;
	b[n++] = 0x62;
	b[n++] = (uint8_t)((((~reg >> 3) & 1) << 7) | 0x60 | (((~reg >> 4) & 1) << 4) | f->map);
	b[n++] = (uint8_t)(f->w << 7 | 0x7c | f->pp);
	b[n++] = (uint8_t)(z << 7 | ll << 5 | 0x08 | aaa);
	b[n++] = f->opcode;
	b[n++] = (uint8_t)((disp8 ? 0x47 : 0x07) | (reg & 7) << 3);
	if (disp8)
		b[n++] = (uint8_t)disp8;
	return n;
}

static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint64_t next_random(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static void random_bytes(uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (uint8_t)next_random();
}

/* Load the mock from s (ZMM0-31, k1-k7). */
static void mock_from(const struct host_zstate *s)
{
	for (unsigned r = 0; r < 32; r++)
		set_zmm(r, s->z[r]);
	memcpy(g.mock.vregs.k, s->k, sizeof(s->k));
}

static bool mock_equals(const struct host_zstate *s)
{
	uint8_t z[64];
	for (unsigned r = 0; r < 32; r++) {
		zmm_of(r, z);
		if (memcmp(z, s->z[r], 64))
			return false;
	}
	return !memcmp(g.mock.vregs.k + 1, s->k + 1, 7 * sizeof(s->k[0]));
}

struct tally {
	unsigned long runs, native_ud, faults, bad;
};

/* Where a case runs: size bytes of host memory, and the same bytes of
 * guest RAM at ram_la (and of the device at DEV_LA). */
struct region {
	uint8_t *host;
	uint64_t ram_la;
	size_t size;
};

/* The RAM behind a linear address of the guest's tables here. */
static uint8_t *ram_at(uint64_t la)
{
	return g.ram + (la >= EDGE_LA ? 0x6000 + (la - EDGE_LA) : la);
}

/* Case: bytes b with RDI at offset off of the region, natively and on
 * guest RAM and the device; mreg, if not -1, is a register whose bytes
 * are all set to mbyte (a mask of all zeros or all ones).  A fault is
 * #GP on both sides, or #PF at the address the host reported (with
 * cr2_page, on the page it reported: which active byte of a masked
 * access the processor names is its own). */
static void oracle_case(const char *name, const uint8_t *b, size_t n, unsigned off,
			const struct region *rg, int mreg, uint8_t mbyte, bool cr2_page,
			struct tally *t)
{
	static uint8_t mem0[4096], mem[4096];
	struct host_zstate s0, native;
	struct vmexit_insn in;
	int drc = vmexit_decode(b, n, VMEXIT_DECODE_64, &in);

	random_bytes((uint8_t *)&s0, sizeof(s0));
	if (mreg >= 0)
		memset(s0.z[mreg], mbyte, 64);
	random_bytes(mem0, rg->size);
	native = s0;
	memcpy(rg->host, mem0, rg->size);
	int sig = host_avx512_run(b, n, rg->host + off, &native);
	uint8_t *cr2 = host_avx512_fault_addr();
	memcpy(mem, rg->host, rg->size);
	t->runs++;
	if (sig == SIGILL || drc != VMEXIT_DONE) {
		if (sig != SIGILL || drc != VMEXIT_EXCEPTION) {
			t->bad++;
			printf("  %s: host signal %d, decoder %d\n", name, sig, drc);
		} else {
			t->native_ud++;
		}
		return;
	}
	if (sig)
		t->faults++;
	for (unsigned target = 0; target < 2; target++) {
		uint8_t *gm = target ? dev_mem : ram_at(rg->ram_la);
		memcpy(gm, mem0, rg->size);
		mock_from(&s0);
		g.mock.regs.rip = CODE;
		g.mock.regs.gpr[VMEXIT_RDI] = (target ? DEV_LA : rg->ram_la) + off;
		g.mock.nr_events = 0;
		int rc = run(b, n);
		uint8_t vec = g.mock.events[0].vector;
		uint64_t la = (target ? DEV_LA : rg->ram_la) + off;
		/* A #PF at the address the host's reported, relative to
		 * RDI; a #GP where the host reported none. */
		uint64_t want = (uint64_t)(cr2 - (rg->host + off)), got = g.mock.events[0].payload - la;
		if (cr2_page) { /* the page that faulted, relative to the buffer */
			want = (want + (uint64_t)(rg->host + off - rg->host)) / 4096;
			got = (got + off) / 4096;
		}
		bool ok = sig ? rc == VMEXIT_EXCEPTION && g.mock.regs.rip == CODE &&
					(cr2 ? vec == VMEXIT_EXC_PF && got == want
					     : vec == VMEXIT_EXC_GP)
			      : rc == VMEXIT_DONE && g.mock.regs.rip == CODE + n;
		if (!sig)
			ok = ok && mock_equals(&native) && !memcmp(gm, mem, rg->size);
		else
			ok = ok && mock_equals(&s0) && !memcmp(gm, mem0, rg->size);
		if (!ok) {
			t->bad++;
			printf("  %s at +%u on %s: rc %d vector %u cr2 %+lld, host signal %d cr2 "
			       "%+lld\n", name, off, target ? "the device" : "RAM", rc,
			       rc == VMEXIT_EXCEPTION ? vec : 0,
			       rc == VMEXIT_EXCEPTION ? (long long)(g.mock.events[0].payload - la) : 0,
			       sig, cr2 ? (long long)(cr2 - (rg->host + off)) : 0);
		}
	}
}

static void test_host_oracle(void **state)
{
	static const unsigned regs[] = { 3, 17, 29 };
	static const unsigned offs[] = { 0, 4, 64 + 8 };
	static const int disps[] = { 0, 1, -1 };
	struct tally t = { 0, 0, 0, 0 };
	uint8_t *host_buf;
	(void)state;

	if (!host_has_avx512()) {
		printf("host CPU: no AVX-512 F/BW/VL with OS support; oracle skipped\n");
		skip();
	}
	host_buf = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	assert_true(host_buf != MAP_FAILED);
	host_buf += 64; /* 64 bytes into a page, as BUF_LA + 64 */
	struct region rg = { host_buf, BUF_LA + 64, 256 };
	for (size_t fi = 0; fi < sizeof(forms) / sizeof(forms[0]); fi++) {
		const struct form *f = &forms[fi];
		for (unsigned ll = 0; ll < 4; ll++)
			for (unsigned aaa = 0; aaa < 8; aaa += (aaa ? 5 : 1))
				for (unsigned z = 0; z < 2; z++)
					for (unsigned ri = 0; ri < 3; ri++)
						for (unsigned oi = 0; oi < 3; oi++)
							for (unsigned di = 0; di < 3; di++) {
								uint8_t b[16];
								size_t n = evex(f, regs[ri], ll, aaa, z,
										disps[di], b);
								unsigned off = offs[oi] + (disps[di] < 0 ? 64 : 0);
								oracle_case(f->name, b, n, off, &rg, -1, 0, false, &t);
							}
	}
	printf("host CPU: %lu EVEX cases (%lu #UD on both, %lu #GP on both), %lu "
	       "mismatches\n", t.runs, t.native_ud, t.faults, t.bad);
	munmap(host_buf - 64, 8192);
	assert_int_equal(t.bad, 0);
}

/* A host page followed by one that is not present, as EDGE_LA is in the
 * guest; the test is skipped without AVX-512. */
static struct region edge_region(void)
{
	uint8_t *edge;

	if (!host_has_avx512()) {
		printf("host CPU: no AVX-512 with OS support; oracle skipped\n");
		skip();
	}
	edge = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	assert_true(edge != MAP_FAILED);
	munmap(edge + 4096, 4096);
	return (struct region){ edge, EDGE_LA, 4096 };
}

static void report(const char *what, const struct region *rg, const struct tally *t)
{
	munmap(rg->host, 4096);
	printf("host CPU: %lu %s cases (%lu #UD on both, %lu faults on both), %lu "
	       "mismatches\n", t->runs, what, t->native_ud, t->faults, t->bad);
	assert_int_equal(t->bad, 0);
}

/* MASKMOVDQU and VMASKMOVDQU (the whole operand checked, as measured),
 * VMASKMOVPS/PD and VPMASKMOVD/Q (faults only for active elements), by
 * the host: a page followed by one that is not present, random masks and
 * masks of all zeros and all ones. */
static size_t maskmov_bytes(unsigned form, unsigned r, unsigned m, uint8_t *b)
{
	size_t n = 0;
	if (form == 0) {
		b[n++] = 0x66;
		if (r >= 8 || m >= 8)
			b[n++] = (uint8_t)(0x40 | (r >= 8) << 2 | (m >= 8));
		b[n++] = 0x0f;
	} else {
		b[n++] = 0xc5;
		b[n++] = (uint8_t)(0x79 | (r < 8) << 7);
	}
	b[n++] = 0xf7;
	b[n++] = (uint8_t)(0xc0 | (r & 7) << 3 | (m & 7));
	return n;
}

static size_t vmaskmov_bytes(uint8_t op, unsigned w, unsigned l, unsigned r, unsigned v,
			     uint8_t *b)
{
	b[0] = 0xc4;
	b[1] = (uint8_t)((r < 8) << 7 | 0x62);
	b[2] = (uint8_t)(w << 7 | ((~v) & 15) << 3 | l << 2 | 1);
	b[3] = op;
	b[4] = (uint8_t)((r & 7) << 3 | 7);
	return 5;
}

static void test_maskmov_host_oracle(void **state)
{
	static const unsigned offs[] = { 0, 5, 4096 - 8, 4096 - 16, 4096 - 20, 4096 - 32 };
	static const uint8_t ops[] = { 0x2c, 0x2d, 0x2e, 0x2f, 0x8c, 0x8e };
	struct tally t = { 0, 0, 0, 0 };
	struct region rg = edge_region();
	(void)state;
	for (unsigned mk = 0; mk < 3; mk++)
		for (unsigned oi = 0; oi < sizeof(offs) / sizeof(offs[0]); oi++) {
			for (unsigned form = 0; form < 2; form++)
				for (unsigned r = 2; r < 16; r += 7)
					for (unsigned m = 3; m < 16; m += form ? 2 : 9) {
						uint8_t b[8];
						size_t n = maskmov_bytes(form, r, m, b);
						oracle_case(form ? "vmaskmovdqu" : "maskmovdqu", b, n,
							    offs[oi], &rg, mk ? (int)m : -1,
							    mk == 2 ? 0x80 : 0, false, &t);
					}
			for (unsigned k = 0; k < sizeof(ops); k++)
				for (unsigned w = 0; w < 2; w++)
					for (unsigned l = 0; l < 2; l++)
						for (unsigned r = 2; r < 16; r += 7)
							for (unsigned v = 1; v < 16; v += 10) {
								uint8_t b[8];
								size_t n = vmaskmov_bytes(ops[k], w, l, r, v, b);
								oracle_case(ops[k] >= 0x8c ? "vpmaskmov" : "vmaskmovps/pd",
									    b, n, offs[oi], &rg,
									    mk ? (int)v : -1,
									    mk == 2 ? 0x80 : 0, true, &t);
							}
		}
	report("MASKMOV", &rg, &t);
}

/* The lane moves and replicating loads (PEXTR*, PINSR*, EXTRACTPS,
 * INSERTPS, VEXTRACT/VINSERTF128/I128, the broadcasts, MOVDDUP,
 * MOVSLDUP, MOVSHDUP) by the host, in their legacy, VEX and EVEX
 * encodings with random imm8, registers 2, 9 and 25 and opmasks.  The
 * EVEX encodings of VEX-only ones are other instructions (VBROADCASTF32X4,
 * VINSERTF32X4, ...), which the emulator leaves alone. */
struct lane_form {
	const char *name;
	uint8_t map, op, pp;
	bool imm, h, legacy, evex; /* evex: the EVEX form is this instruction */
};

static const struct lane_form lane_forms[] = {
	{ "movsldup", 1, 0x12, 2, false, false, true, true },
	{ "movddup", 1, 0x12, 3, false, false, true, true },
	{ "movshdup", 1, 0x16, 2, false, false, true, true },
	{ "pinsrw", 1, 0xc4, 1, true, true, true, true },
	{ "vbroadcastss", 2, 0x18, 1, false, false, false, true },
	{ "vbroadcastsd", 2, 0x19, 1, false, false, false, false },
	{ "vbroadcastf128", 2, 0x1a, 1, false, false, false, false },
	{ "vpbroadcastd", 2, 0x58, 1, false, false, false, true },
	{ "vpbroadcastq", 2, 0x59, 1, false, false, false, false },
	{ "vbroadcasti128", 2, 0x5a, 1, false, false, false, false },
	{ "vpbroadcastb", 2, 0x78, 1, false, false, false, true },
	{ "vpbroadcastw", 2, 0x79, 1, false, false, false, true },
	{ "pextrb", 3, 0x14, 1, true, false, true, true },
	{ "pextrw", 3, 0x15, 1, true, false, true, true },
	{ "pextrd/q", 3, 0x16, 1, true, false, true, true },
	{ "extractps", 3, 0x17, 1, true, false, true, true },
	{ "vinsertf128", 3, 0x18, 1, true, true, false, false },
	{ "vextractf128", 3, 0x19, 1, true, false, false, false },
	{ "pinsrb", 3, 0x20, 1, true, true, true, true },
	{ "insertps", 3, 0x21, 1, true, true, true, true },
	{ "pinsrd/q", 3, 0x22, 1, true, true, true, true },
	{ "vinserti128", 3, 0x38, 1, true, true, false, false },
	{ "vextracti128", 3, 0x39, 1, true, false, false, false },
};

/* enc 0: legacy, 1: VEX, 2: EVEX; [rdi], imm8 imm. */
static size_t lane_bytes(const struct lane_form *f, unsigned enc, unsigned w, unsigned l,
			 unsigned aaa, unsigned z, unsigned r, unsigned v, uint8_t imm,
			 uint8_t *b)
{
	static const uint8_t pfx[4] = { 0, 0x66, 0xf3, 0xf2 };
	size_t n = 0;

	if (enc == 0) {
		if (f->pp)
			b[n++] = pfx[f->pp];
		if (r >= 8 || w)
			b[n++] = (uint8_t)(0x40 | w << 3 | (r >= 8) << 2);
		b[n++] = 0x0f;
		if (f->map == 2)
			b[n++] = 0x38;
		if (f->map == 3)
			b[n++] = 0x3a;
	} else if (enc == 1) {
		b[n++] = 0xc4;
		b[n++] = (uint8_t)(((~r >> 3) & 1) << 7 | 0x60 | f->map);
		b[n++] = (uint8_t)(w << 7 | ((~v) & 15) << 3 | l << 2 | f->pp);
	} else {
		b[n++] = 0x62;
		b[n++] = (uint8_t)(((~r >> 3) & 1) << 7 | 0x60 | ((~r >> 4) & 1) << 4 | f->map);
		b[n++] = (uint8_t)(w << 7 | ((~v) & 15) << 3 | 4 | f->pp);
		b[n++] = (uint8_t)(z << 7 | l << 5 | ((~v >> 4) & 1) << 3 | aaa);
	}
	b[n++] = f->op;
	b[n++] = (uint8_t)((r & 7) << 3 | 7);
	if (f->imm)
		b[n++] = imm;
	return n;
}

static void test_lane_host_oracle(void **state)
{
	static const unsigned offs[] = { 0, 5, 4096 - 16 };
	static const unsigned regs[] = { 2, 9, 25 };
	struct tally t = { 0, 0, 0, 0 };
	struct region rg = edge_region();
	(void)state;
	for (size_t fi = 0; fi < sizeof(lane_forms) / sizeof(lane_forms[0]); fi++) {
		const struct lane_form *f = &lane_forms[fi];
		for (unsigned oi = 0; oi < 3; oi++)
			for (unsigned ri = 0; ri < 3; ri++)
				for (unsigned enc = 0; enc < 3; enc++)
					for (unsigned w = 0; w < 2; w++)
						for (unsigned l = 0; l < (enc ? 3u : 1u); l++)
							for (unsigned mk = 0; mk < (enc == 2 ? 3u : 1u); mk++) {
								uint8_t b[16];
								unsigned r = regs[ri], v = f->h ? (enc == 2 ? 20 : 5) : 0;
								if ((enc == 0 && !f->legacy) || (enc < 2 && r >= 16) ||
								    (enc == 1 && l == 2) || (enc == 2 && !f->evex))
									continue;
								size_t n = lane_bytes(f, enc, w, l, mk ? 3 : 0, mk == 2,
										      r, v, (uint8_t)next_random(), b);
								oracle_case(f->name, b, n, offs[oi], &rg, -1, 0, false, &t);
							}
	}
	report("lane", &rg, &t);
}

/* A masked broadcast reads nothing with no element active: no #PF on a
 * page that is not present; one active element reads (measured, as for
 * the other masked loads).  MOVDDUP's whole operand is read whatever the
 * mask (measured: it faults with k = 0). */
static void test_masked_broadcast(void **state)
{
	static const uint8_t bss[] = { 0x62, 0xf2, 0x7d, 0x49, 0x18, 0x07 };  /* vbroadcastss zmm0{k1},[rdi] */
	static const uint8_t ddup[] = { 0x62, 0xf1, 0xff, 0x49, 0x12, 0x07 }; /* vmovddup zmm0{k1},[rdi] */
	uint8_t z[64];
	(void)state;
	fill_zmm(0, 0x10);
	g.mock.vregs.k[1] = 0;
	g.mock.regs.gpr[VMEXIT_RDI] = EDGE_LA + 0x1000;
	assert_int_equal(run(bss, sizeof(bss)), VMEXIT_DONE);
	zmm_of(0, z);
	assert_int_equal(z[0], 0x10);
	assert_int_equal(z[63], 0x10 + 63);
	g.mock.regs.rip = CODE;
	g.mock.vregs.k[1] = 0x8000;
	assert_int_equal(run(bss, sizeof(bss)), VMEXIT_EXCEPTION);
	assert_int_equal(g.mock.events[0].vector, VMEXIT_EXC_PF);
	g.mock.vregs.k[1] = 0;
	assert_int_equal(run(ddup, sizeof(ddup)), VMEXIT_EXCEPTION);
	assert_int_equal(g.mock.events[0].vector, VMEXIT_EXC_PF);
}

/* MASKMOVQ mm1, mm2: the bytes mm2 selects, at DS:rDI; an MMX
 * instruction (TOP 0, every tag valid after it, even when it faults, as
 * measured); with a clear mask the address is still checked (#PF on a
 * page not present, as measured). */
static void test_maskmovq(void **state)
{
	static const uint8_t insn[] = { 0x0f, 0xf7, 0xca }; /* maskmovq mm1, mm2 */
	(void)state;
	g.mock.vregs.fsw = 0;
	for (unsigned i = 0; i < 8; i++) {
		g.mock.vregs.st[1][i] = (uint8_t)(0x11 * (i + 1));
		g.mock.vregs.st[2][i] = (i == 0 || i == 1 || i == 5) ? 0x80 : 0x7f;
	}
	memset(dev_mem, 0xee, 16);
	g.mock.regs.gpr[VMEXIT_RDI] = DEV_LA;
	unsigned before = g.mock.nr_log;
	assert_int_equal(run(insn, sizeof(insn)), VMEXIT_DONE);
	assert_int_equal(g.mock.nr_log - before, 2);
	for (unsigned i = 0; i < 8; i++)
		assert_int_equal(dev_mem[i], (i == 0 || i == 1 || i == 5) ? 0x11 * (i + 1) : 0xee);
	assert_int_equal(g.mock.vregs.ftw, 0xff);
	memset(g.mock.vregs.st[2], 0, 8);
	g.mock.regs.rip = CODE;
	g.mock.regs.gpr[VMEXIT_RDI] = EDGE_LA + 0x1000;
	g.mock.vregs.fsw = 5u << 11;
	g.mock.vregs.ftw = 0xe0;
	assert_int_equal(run(insn, sizeof(insn)), VMEXIT_EXCEPTION);
	assert_int_equal(g.mock.events[0].vector, VMEXIT_EXC_PF);
	/* and, faulting, it still made the MMX state (measured) */
	assert_int_equal(g.mock.vregs.ftw, 0xff);
	assert_int_equal(g.mock.vregs.fsw, 0);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_masked_store_runs), T(test_masked_load_merge_zero),
		T(test_fault_suppression), T(test_no_active_element),
		T(test_evex_exceptions), T(test_upper_bits_high_regs_disp8),
		T(test_decoder_says_emulated), T(test_host_oracle),
		T(test_maskmov_host_oracle), T(test_maskmovq),
		T(test_lane_host_oracle), T(test_masked_broadcast),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
