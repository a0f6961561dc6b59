/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The emulator, from instruction bytes in guest memory to device accesses
 * and registers.  Expected values are worked out from each instruction's
 * "Operation" section in SDM Vol. 2.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include <vmexit/decode.h>
#include <vmexit/emulate.h>

#include "lib/guest.h"
#include "x86/emulate_internal.h" /* the form tables */

#define CODE 0x1000ull     /* linear = physical, RAM */
#define DEV_LA 0x200000ull /* maps the device page */
#define DEV 0xfee00000ull
#define HOLE 0x300000ull   /* not mapped */

static uint8_t dev_mem[0x1000];
static struct guest g;

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

static int ports(void *opaque, uint64_t port, void *data, unsigned size,
		 bool write)
{
	(void)opaque;
	if (!write)
		memset(data, (int)(port & 0xff), size);
	return VMEXIT_DONE;
}

static void setup64(void)
{
	assert_int_equal(guest_init(&g, VMEXIT_MODE_LONG64,
				    VMEXIT_PAGING_4LEVEL), 0);
	for (uint64_t a = 0; a < 0x100000; a += 0x1000)
		guest_map(&g, a, a, 0x7, 1);
	guest_map(&g, DEV_LA, DEV, 0x7, 1);
	guest_map(&g, DEV_LA + 0x1000, 0x5000, 0x7, 1); /* RAM after it */
	vmexit_mock_add_mmio(&g.mock, DEV, 0x1000, dev, NULL);
	g.mock.pio = ports;
	g.mock.sregs.cr4 |= VMEXIT_CR4_OSFXSR | VMEXIT_CR4_OSXSAVE;
	g.mock.vregs.xcr0 = 7;
	g.mock.regs.rip = CODE;
	g.mock.regs.gpr[VMEXIT_RSP] = 0x8000;
	memset(dev_mem, 0, sizeof(dev_mem));
}

static int setup(void **state)
{
	(void)state;
	setup64();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	guest_free(&g);
	return 0;
}

/* Put the bytes at RIP and emulate them. */
static int run(const char *bytes, size_t n)
{
	int flush, rc = guest_emulate_bytes(&g, bytes, n, &flush);

	assert_int_equal(flush, VMEXIT_DONE);
	return rc;
}

#define RUN(s) run(s, sizeof(s) - 1)

static uint64_t dev64(unsigned off)
{
	uint64_t v;
	memcpy(&v, &dev_mem[off], 8);
	return v;
}

static void test_mov_every_size(void **state)
{
	(void)state;
	g.mock.regs.gpr[VMEXIT_RDI] = DEV_LA + 0x10;
	g.mock.regs.gpr[VMEXIT_RAX] = 0x1122334455667788ull;
	assert_int_equal(RUN("\x88\x07"), VMEXIT_DONE); /* mov [rdi],al */
	assert_int_equal(dev64(0x10), 0x88);
	assert_int_equal(g.mock.regs.rip, CODE + 2);
	assert_int_equal(RUN("\x66\x89\x07"), VMEXIT_DONE);
	assert_int_equal(dev64(0x10), 0x7788);
	assert_int_equal(RUN("\x89\x07"), VMEXIT_DONE);
	assert_int_equal(dev64(0x10), 0x55667788);
	assert_int_equal(RUN("\x48\x89\x07"), VMEXIT_DONE);
	assert_int_equal(dev64(0x10), 0x1122334455667788ull);
	/* Each store is one device access of its size. */
	const struct vmexit_mock_access *a = vmexit_mock_log_entry(&g.mock, 0);
	assert_int_equal(a->op, VMEXIT_MOCK_MMIO_WRITE);
	assert_int_equal(a->size, 8);
	assert_int_equal(a->addr, DEV + 0x10);
	/* mov dword [rdi+8], imm32 sign-extended to 64: 48 c7 47 08 imm */
	assert_int_equal(RUN("\x48\xc7\x47\x08\xfe\xff\xff\xff"), VMEXIT_DONE);
	assert_int_equal(dev64(0x18), 0xfffffffffffffffeull);
	/* Loads: 32-bit destinations zero-extend, 8/16-bit merge. */
	g.mock.regs.gpr[VMEXIT_RCX] = ~0ull;
	assert_int_equal(RUN("\x8b\x0f"), VMEXIT_DONE); /* mov ecx,[rdi] */
	assert_int_equal(g.mock.regs.gpr[VMEXIT_RCX], 0x55667788);
	g.mock.regs.gpr[VMEXIT_RCX] = ~0ull;
	assert_int_equal(RUN("\x8a\x2f"), VMEXIT_DONE); /* mov ch,[rdi] */
	assert_int_equal(g.mock.regs.gpr[VMEXIT_RCX], 0xffffffffffff88ffull);
	/* moffs: mov eax, [DEV_LA + 0x10] (a1 + 8-byte address) */
	g.mock.regs.gpr[VMEXIT_RAX] = 0;
	assert_int_equal(RUN("\xa1\x10\x00\x20\x00\x00\x00\x00\x00"),
			 VMEXIT_DONE);
	assert_int_equal(g.mock.regs.gpr[VMEXIT_RAX], 0x55667788);
	assert_int_equal(g.mock.regs.rip, CODE + 2 + 3 + 2 + 3 + 8 + 2 + 2 + 9);
}

/* "XLAT/XLATB": AL = DS:[rBX + zero-extended AL], rBX at the address
 * size (67: EBX, the upper half of RBX ignored). */
static void test_xlat(void **state)
{
	(void)state;
	dev_mem[0x80] = 0x5a;
	g.mock.regs.gpr[VMEXIT_RBX] = DEV_LA;
	g.mock.regs.gpr[VMEXIT_RAX] = 0x1122334455667780ull;
	assert_int_equal(RUN("\xd7"), VMEXIT_DONE);
	assert_int_equal(g.mock.regs.gpr[VMEXIT_RAX], 0x112233445566775aull);
	const struct vmexit_mock_access *a = vmexit_mock_log_entry(&g.mock, 0);
	assert_int_equal(a->op, VMEXIT_MOCK_MMIO_READ);
	assert_int_equal(a->size, 1);
	assert_int_equal(a->addr, DEV + 0x80);
	assert_int_equal(g.mock.regs.rip, CODE + 1);
	dev_mem[0xff] = 0xa5;
	g.mock.regs.gpr[VMEXIT_RBX] = 0x8000000000000000ull | DEV_LA;
	g.mock.regs.gpr[VMEXIT_RAX] = 0xff;
	assert_int_equal(RUN("\x67\xd7"), VMEXIT_DONE);
	assert_int_equal(g.mock.regs.gpr[VMEXIT_RAX], 0xa5);
	/* Without 67 the same RBX is not canonical: #GP(0). */
	assert_int_equal(RUN("\xd7"), VMEXIT_EXCEPTION);
	assert_int_equal(g.vcpu.pending.vector, VMEXIT_EXC_GP);
	assert_int_equal(g.mock.regs.gpr[VMEXIT_RAX], 0xa5);
}

/* MUL, IMUL, DIV, IDIV with the operand on the device: the halves in AL
 * and AH or rAX and rDX (32-bit results zero-extended, 8- and 16-bit ones
 * merged), CF and OF from the product, #DE a fault that changes
 * nothing. */
static void test_muldiv(void **state)
{
	(void)state;
	g.mock.regs.gpr[VMEXIT_RDI] = DEV_LA + 0x40;
	/* mul dword [rdi]: 0x80000000 * 4 */
	memcpy(&dev_mem[0x40], "\x04\0\0\0\0\0\0\0", 8);
	g.mock.regs.gpr[VMEXIT_RAX] = 0xffffffff80000000ull;
	g.mock.regs.gpr[VMEXIT_RDX] = ~0ull;
	g.mock.regs.rflags = 0x2;
	assert_int_equal(RUN("\xf7\x27"), VMEXIT_DONE);
	assert_int_equal(g.mock.regs.gpr[VMEXIT_RAX], 0);
	assert_int_equal(g.mock.regs.gpr[VMEXIT_RDX], 2);
	assert_int_equal(g.mock.regs.rflags & (VMEXIT_RFLAGS_CF | VMEXIT_RFLAGS_OF),
			 VMEXIT_RFLAGS_CF | VMEXIT_RFLAGS_OF);
	assert_int_equal(vmexit_mock_log_entry(&g.mock, 0)->size, 4);
	/* mul byte [rdi]: AX = AL * 4, the rest of RAX kept, RDX untouched */
	g.mock.regs.gpr[VMEXIT_RAX] = 0x1111111111111140ull;
	assert_int_equal(RUN("\xf6\x27"), VMEXIT_DONE);
	assert_int_equal(g.mock.regs.gpr[VMEXIT_RAX], 0x1111111111110100ull);
	assert_int_equal(g.mock.regs.gpr[VMEXIT_RDX], 2);
	/* idiv byte [rdi] by 2: AX = -256 gives AL = -128 (the one quotient
	 * at the bottom of the range), AH = 0 */
	dev_mem[0x40] = 2;
	g.mock.regs.gpr[VMEXIT_RAX] = 0xff00;
	assert_int_equal(RUN("\xf6\x3f"), VMEXIT_DONE);
	assert_int_equal(g.mock.regs.gpr[VMEXIT_RAX], 0x0080);
	/* ... and by -2 the quotient 128 does not fit: #DE */
	dev_mem[0x40] = 0xfe;
	g.mock.regs.gpr[VMEXIT_RAX] = 0xff00;
	assert_int_equal(RUN("\xf6\x3f"), VMEXIT_EXCEPTION);
	assert_int_equal(g.mock.events[0].vector, VMEXIT_EXC_DE);
	assert_int_equal(g.mock.regs.gpr[VMEXIT_RAX], 0xff00);
	/* div qword [rdi] by 4: RDX:RAX = 2:1 */
	dev_mem[0x40] = 4;
	g.mock.regs.gpr[VMEXIT_RAX] = 1;
	g.mock.regs.gpr[VMEXIT_RDX] = 2;
	assert_int_equal(RUN("\x48\xf7\x37"), VMEXIT_DONE);
	assert_int_equal(g.mock.regs.gpr[VMEXIT_RAX], 0x8000000000000000ull);
	assert_int_equal(g.mock.regs.gpr[VMEXIT_RDX], 1);
	/* idiv word [rdi] by 1 of DX:AX = 0x8000: the quotient does not fit,
	 * #DE, and nothing changes */
	dev_mem[0x40] = 1;
	dev_mem[0x41] = 0;
	uint64_t rip = g.mock.regs.rip;
	g.mock.regs.gpr[VMEXIT_RAX] = 0x8000;
	g.mock.regs.gpr[VMEXIT_RDX] = 0;
	assert_int_equal(RUN("\x66\xf7\x3f"), VMEXIT_EXCEPTION);
	assert_int_equal(g.mock.events[0].vector, VMEXIT_EXC_DE);
	assert_false(g.mock.events[0].has_error);
	assert_int_equal(g.mock.regs.rip, rip);
	assert_int_equal(g.mock.regs.gpr[VMEXIT_RAX], 0x8000);
	/* div dword [rdi] by 0: #DE */
	memset(&dev_mem[0x40], 0, 8);
	assert_int_equal(RUN("\xf7\x37"), VMEXIT_EXCEPTION);
	assert_int_equal(g.mock.events[0].vector, VMEXIT_EXC_DE);
	/* lock mul: #UD */
	assert_int_equal(RUN("\xf0\xf7\x27"), VMEXIT_EXCEPTION);
	assert_int_equal(g.mock.events[0].vector, VMEXIT_EXC_UD);
	/* imul ecx, [rdi], -3 (6B); imul ecx, [rdi], 0x10000 (69);
	 * imul rcx, [rdi] (0F AF): truncated, CF = OF = overflow */
	g.mock.regs.rip = CODE;
	memcpy(&dev_mem[0x40], "\x07\0\0\0\0\0\0\0", 8);
	g.mock.regs.gpr[VMEXIT_RCX] = ~0ull;
	assert_int_equal(RUN("\x6b\x0f\xfd"), VMEXIT_DONE);
	assert_int_equal(g.mock.regs.gpr[VMEXIT_RCX], 0xffffffebull);
	assert_false(g.mock.regs.rflags & VMEXIT_RFLAGS_CF);
	g.mock.regs.rip = CODE;
	memcpy(&dev_mem[0x40], "\0\0\x01\0", 4);
	assert_int_equal(RUN("\x69\x0f\x00\x00\x01\x00"), VMEXIT_DONE);
	assert_int_equal(g.mock.regs.gpr[VMEXIT_RCX], 0);
	assert_true(g.mock.regs.rflags & VMEXIT_RFLAGS_OF);
	g.mock.regs.rip = CODE;
	memcpy(&dev_mem[0x40], "\xfe\xff\xff\xff\xff\xff\xff\xff", 8);
	g.mock.regs.gpr[VMEXIT_RCX] = 3;
	assert_int_equal(RUN("\x48\x0f\xaf\x0f"), VMEXIT_DONE);
	assert_int_equal(g.mock.regs.gpr[VMEXIT_RCX], (uint64_t)-6);
	assert_false(g.mock.regs.rflags & VMEXIT_RFLAGS_OF);
	assert_int_equal(g.mock.regs.rip, CODE + 4);
}

/* F3 0F BC/BD: TZCNT and LZCNT where the guest's CPUID has BMI1 and
 * LZCNT (the vCPU's configuration), BSF and BSR with F3 ignored where it
 * does not ("TZCNT", "LZCNT"). */
static void test_tzcnt_lzcnt(void **state)
{
	(void)state;
	g.mock.regs.gpr[VMEXIT_RDI] = DEV_LA + 0x40;
	memcpy(&dev_mem[0x40], "\0\x01\0\0", 4);
	g.mock.regs.gpr[VMEXIT_RCX] = ~0ull;
	/* tzcnt ecx, [rdi] as BSF: 8; lzcnt ecx, [rdi] as BSR: 8 */
	assert_int_equal(RUN("\xf3\x0f\xbc\x0f"), VMEXIT_DONE);
	assert_int_equal(g.mock.regs.gpr[VMEXIT_RCX], 8);
	assert_int_equal(RUN("\xf3\x0f\xbd\x0f"), VMEXIT_DONE);
	assert_int_equal(g.mock.regs.gpr[VMEXIT_RCX], 8);
	/* with BMI1 and LZCNT: 8 trailing, 23 leading zeros */
	g.vcpu.cfg.bmi1 = g.vcpu.cfg.lzcnt = true;
	assert_int_equal(RUN("\xf3\x0f\xbc\x0f"), VMEXIT_DONE);
	assert_int_equal(g.mock.regs.gpr[VMEXIT_RCX], 8);
	assert_int_equal(RUN("\xf3\x0f\xbd\x0f"), VMEXIT_DONE);
	assert_int_equal(g.mock.regs.gpr[VMEXIT_RCX], 23);
	assert_false(g.mock.regs.rflags & (VMEXIT_RFLAGS_CF | VMEXIT_RFLAGS_ZF));
	/* a zero source: the width and CF, where BSF keeps the register */
	memset(&dev_mem[0x40], 0, 8);
	assert_int_equal(RUN("\xf3\x66\x0f\xbc\x0f"), VMEXIT_DONE);
	assert_int_equal(g.mock.regs.gpr[VMEXIT_RCX], 16);
	assert_true(g.mock.regs.rflags & VMEXIT_RFLAGS_CF);
	g.vcpu.cfg.bmi1 = false;
	g.mock.regs.gpr[VMEXIT_RCX] = 0x1234;
	assert_int_equal(RUN("\xf3\x66\x0f\xbc\x0f"), VMEXIT_DONE);
	assert_int_equal(g.mock.regs.gpr[VMEXIT_RCX], 0x1234);
	assert_true(g.mock.regs.rflags & VMEXIT_RFLAGS_ZF);
}

static void test_alu_on_mmio(void **state)
{
	(void)state;
	g.mock.regs.gpr[VMEXIT_RDI] = DEV_LA;
	memcpy(dev_mem, "\xff\xff\xff\x7f", 4);
	g.mock.regs.gpr[VMEXIT_RAX] = 1;
	unsigned before = g.mock.nr_log;
	assert_int_equal(RUN("\x01\x07"), VMEXIT_DONE); /* add [rdi],eax */
	/* 7FFFFFFFH + 1: OF and SF set, ZF and CF clear, AF set (bit 3
	 * carry), PF of 00H set. */
	assert_int_equal(dev64(0) & 0xffffffff, 0x80000000u);
	uint64_t f = g.mock.regs.rflags;
	assert_true(f & VMEXIT_RFLAGS_OF);
	assert_true(f & VMEXIT_RFLAGS_SF);
	assert_false(f & VMEXIT_RFLAGS_ZF);
	assert_false(f & VMEXIT_RFLAGS_CF);
	assert_true(f & VMEXIT_RFLAGS_AF);
	assert_true(f & VMEXIT_RFLAGS_PF);
	/* One read, then one write. */
	assert_int_equal(g.mock.nr_log - before, 2);
	assert_int_equal(vmexit_mock_log_entry(&g.mock, 1)->op,
			 VMEXIT_MOCK_MMIO_READ);
	assert_int_equal(vmexit_mock_log_entry(&g.mock, 0)->op,
			 VMEXIT_MOCK_MMIO_WRITE);
	/* CMP only reads. */
	before = g.mock.nr_log;
	assert_int_equal(RUN("\x39\x07"), VMEXIT_DONE);
	assert_int_equal(g.mock.nr_log - before, 1);
	/* LOCK on a register destination is #UD, RIP unchanged. */
	uint64_t rip = g.mock.regs.rip;
	assert_int_equal(RUN("\xf0\x01\xc0"), VMEXIT_EXCEPTION);
	assert_int_equal(g.mock.events[0].vector, VMEXIT_EXC_UD);
	assert_int_equal(g.mock.regs.rip, rip);
	/* LOCK CMP is #UD too. */
	assert_int_equal(RUN("\xf0\x39\x07"), VMEXIT_EXCEPTION);
	assert_int_equal(g.mock.events[0].vector, VMEXIT_EXC_UD);
	/* lock or dword [rdi], 0x10 (83 /1 ib) on MMIO: read + write. */
	memset(dev_mem, 0, 4);
	assert_int_equal(RUN("\xf0\x83\x0f\x10"), VMEXIT_DONE);
	assert_int_equal(dev64(0) & 0xffffffff, 0x10);
}

static void test_exchange_family(void **state)
{
	(void)state;
	g.mock.regs.gpr[VMEXIT_RDI] = DEV_LA;
	memcpy(dev_mem, "\x11\x22\x33\x44", 4);
	g.mock.regs.gpr[VMEXIT_RBX] = 0xaabbccdd;
	assert_int_equal(RUN("\x87\x1f"), VMEXIT_DONE); /* xchg [rdi],ebx */
	assert_int_equal(g.mock.regs.gpr[VMEXIT_RBX], 0x44332211);
	assert_int_equal(dev64(0) & 0xffffffff, 0xaabbccdd);
	/* cmpxchg [rdi],ecx with EAX != [rdi]: EAX <- [rdi], ZF = 0, and
	 * the old value is written back. */
	g.mock.regs.gpr[VMEXIT_RAX] = 5;
	g.mock.regs.gpr[VMEXIT_RCX] = 9;
	unsigned before = g.mock.nr_log;
	assert_int_equal(RUN("\x0f\xb1\x0f"), VMEXIT_DONE);
	assert_int_equal(g.mock.regs.gpr[VMEXIT_RAX], 0xaabbccdd);
	assert_false(g.mock.regs.rflags & VMEXIT_RFLAGS_ZF);
	assert_int_equal(g.mock.nr_log - before, 2);
	/* ... and equal: [rdi] <- ECX, ZF = 1. */
	assert_int_equal(RUN("\x0f\xb1\x0f"), VMEXIT_DONE);
	assert_true(g.mock.regs.rflags & VMEXIT_RFLAGS_ZF);
	assert_int_equal(dev64(0) & 0xffffffff, 9);
	/* xadd [rdi],ecx: [rdi] = 9 + 9, ECX = 9 */
	assert_int_equal(RUN("\x0f\xc1\x0f"), VMEXIT_DONE);
	assert_int_equal(dev64(0) & 0xffffffff, 18);
	assert_int_equal(g.mock.regs.gpr[VMEXIT_RCX], 9);
	/* lock xadd in RAM is atomic and gives the same result. */
	g.mock.regs.gpr[VMEXIT_RDI] = 0x4000;
	memcpy(g.ram + 0x4000, "\x01\x00\x00\x00", 4);
	assert_int_equal(RUN("\xf0\x0f\xc1\x0f"), VMEXIT_DONE);
	assert_int_equal(g.ram[0x4000], 10);
	assert_int_equal(g.mock.regs.gpr[VMEXIT_RCX], 1);
}

/* Another processor's store, made when the emulator maps the page of
 * RAM at `racy_gpa` for writing: between the read and the write of an
 * update that is not atomic, or before an atomic one. */
static uint64_t racy_gpa;
static uint64_t racy_value[2];

static int racy_map_gpa(void *b, uint64_t gpa, bool write,
			struct vmexit_gpa_map *out)
{
	if (write && racy_gpa && (gpa >> 12) == (racy_gpa >> 12)) {
		memcpy(g.ram + racy_gpa, racy_value, 16);
		racy_gpa = 0;
	}
	return vmexit_mock_ops.map_gpa(b, gpa, write, out);
}

/* lock cmpxchg16b on RAM is one atomic compare-exchange: the other
 * processor's store is ordered before it, so the comparison fails with
 * its value (loaded into RDX:RAX) and that value stays in memory.  A
 * read then a write would find the old value, report ZF = 1 and
 * overwrite the other store. */
static void test_cmpxchg16b_atomic(void **state)
{
	static struct vmexit_ops ops;
	static const uint64_t old[2] = { 0x1111, 0x2222 };
	uint64_t m[2];
	(void)state;
	ops = vmexit_mock_ops;
	ops.map_gpa = racy_map_gpa;
	assert_int_equal(vmexit_vcpu_init(&g.vcpu, &ops, &g.mock, NULL),
			 VMEXIT_DONE);
	memcpy(g.ram + 0x4010, old, 16);
	racy_gpa = 0x4010;
	racy_value[0] = 0x3333;
	racy_value[1] = 0x4444;
	g.mock.regs.gpr[VMEXIT_RDI] = 0x4010;
	g.mock.regs.gpr[VMEXIT_RAX] = old[0];
	g.mock.regs.gpr[VMEXIT_RDX] = old[1];
	g.mock.regs.gpr[VMEXIT_RBX] = 0x5555;
	g.mock.regs.gpr[VMEXIT_RCX] = 0x6666;
	assert_int_equal(RUN("\xf0\x48\x0f\xc7\x0f"), VMEXIT_DONE);
	assert_int_equal(racy_gpa, 0); /* the other store happened */
	memcpy(m, g.ram + 0x4010, 16);
	assert_int_equal(m[0], 0x3333);
	assert_int_equal(m[1], 0x4444);
	assert_false(g.mock.regs.rflags & VMEXIT_RFLAGS_ZF);
	assert_int_equal(g.mock.regs.gpr[VMEXIT_RAX], 0x3333);
	assert_int_equal(g.mock.regs.gpr[VMEXIT_RDX], 0x4444);
	/* Again, now equal: RCX:RBX is stored. */
	assert_int_equal(RUN("\xf0\x48\x0f\xc7\x0f"), VMEXIT_DONE);
	memcpy(m, g.ram + 0x4010, 16);
	assert_int_equal(m[0], 0x5555);
	assert_int_equal(m[1], 0x6666);
	assert_true(g.mock.regs.rflags & VMEXIT_RFLAGS_ZF);
	/* On a device: one 16-byte read and one 16-byte write. */
	unsigned before = g.mock.nr_log;
	g.mock.regs.gpr[VMEXIT_RDI] = DEV_LA + 0x20;
	assert_int_equal(RUN("\xf0\x48\x0f\xc7\x0f"), VMEXIT_DONE);
	assert_int_equal(g.mock.nr_log - before, 2);
	assert_int_equal(vmexit_mock_log_entry(&g.mock, 1)->op,
			 VMEXIT_MOCK_MMIO_READ);
	assert_int_equal(vmexit_mock_log_entry(&g.mock, 1)->size, 16);
	assert_int_equal(vmexit_mock_log_entry(&g.mock, 0)->op,
			 VMEXIT_MOCK_MMIO_WRITE);
	assert_int_equal(vmexit_mock_log_entry(&g.mock, 0)->size, 16);
	/* lock cmpxchg8b with the same race: EDX:EAX <- the other value. */
	memcpy(g.ram + 0x4020, "\x01\x00\x00\x00\x02\x00\x00\x00", 8);
	racy_gpa = 0x4020;
	racy_value[0] = 0x0000000400000003ull;
	racy_value[1] = 0;
	g.mock.regs.gpr[VMEXIT_RDI] = 0x4020;
	g.mock.regs.gpr[VMEXIT_RAX] = 1;
	g.mock.regs.gpr[VMEXIT_RDX] = 2;
	assert_int_equal(RUN("\xf0\x0f\xc7\x0f"), VMEXIT_DONE);
	assert_false(g.mock.regs.rflags & VMEXIT_RFLAGS_ZF);
	assert_int_equal(g.mock.regs.gpr[VMEXIT_RAX], 3);
	assert_int_equal(g.mock.regs.gpr[VMEXIT_RDX], 4);
	assert_int_equal(g.ram[0x4020], 3);
	/* and equal: ECX:EBX stored */
	g.mock.regs.gpr[VMEXIT_RBX] = 0x77;
	g.mock.regs.gpr[VMEXIT_RCX] = 0x88;
	assert_int_equal(RUN("\xf0\x0f\xc7\x0f"), VMEXIT_DONE);
	assert_true(g.mock.regs.rflags & VMEXIT_RFLAGS_ZF);
	assert_int_equal(g.ram[0x4020], 0x77);
	assert_int_equal(g.ram[0x4024], 0x88);
}

static void test_bt_beyond_operand(void **state)
{
	(void)state;
	/* bt [rdi], ebx with EBX = -1: the dword at rdi-4, bit 31. */
	g.mock.regs.gpr[VMEXIT_RDI] = DEV_LA + 0x40;
	memcpy(&dev_mem[0x3c], "\x00\x00\x00\x80", 4);
	g.mock.regs.gpr[VMEXIT_RBX] = 0xffffffff;
	g.mock.regs.rflags &= ~VMEXIT_RFLAGS_CF;
	assert_int_equal(RUN("\x0f\xa3\x1f"), VMEXIT_DONE);
	assert_true(g.mock.regs.rflags & VMEXIT_RFLAGS_CF);
	assert_int_equal(vmexit_mock_log_entry(&g.mock, 0)->addr, DEV + 0x3c);
	/* bts [rdi], ebx with EBX = 35: dword at rdi+4, bit 3. */
	g.mock.regs.gpr[VMEXIT_RBX] = 35;
	assert_int_equal(RUN("\x0f\xab\x1f"), VMEXIT_DONE);
	assert_int_equal(dev_mem[0x44], 0x08);
	/* movzx eax, byte [rdi+4]; movsx rax, word [rdi+2] */
	assert_int_equal(RUN("\x0f\xb6\x47\x04"), VMEXIT_DONE);
	assert_int_equal(g.mock.regs.gpr[VMEXIT_RAX], 8);
	memcpy(&dev_mem[0x42], "\x00\x80", 2);
	assert_int_equal(RUN("\x48\x0f\xbf\x47\x02"), VMEXIT_DONE);
	assert_int_equal(g.mock.regs.gpr[VMEXIT_RAX], 0xffffffffffff8000ull);
}

static void test_rep_strings(void **state)
{
	(void)state;
	/* rep stosb: 16 one-byte device writes, forwards. */
	g.mock.regs.gpr[VMEXIT_RDI] = DEV_LA + 0x100;
	g.mock.regs.gpr[VMEXIT_RCX] = 16;
	g.mock.regs.gpr[VMEXIT_RAX] = 0x5a;
	unsigned before = g.mock.nr_log;
	assert_int_equal(RUN("\xf3\xaa"), VMEXIT_DONE);
	assert_int_equal(g.mock.nr_log - before, 16);
	assert_int_equal(g.mock.regs.gpr[VMEXIT_RCX], 0);
	assert_int_equal(g.mock.regs.gpr[VMEXIT_RDI], DEV_LA + 0x110);
	assert_int_equal(dev_mem[0x10f], 0x5a);
	/* std; rep movsd backwards from RAM into the device. */
	g.mock.regs.rflags |= VMEXIT_RFLAGS_DF;
	memcpy(g.ram + 0x4000, "AAAABBBBCCCC", 12);
	g.mock.regs.gpr[VMEXIT_RSI] = 0x4008;
	g.mock.regs.gpr[VMEXIT_RDI] = DEV_LA + 0x208;
	g.mock.regs.gpr[VMEXIT_RCX] = 3;
	assert_int_equal(RUN("\xf3\xa5"), VMEXIT_DONE);
	assert_memory_equal(&dev_mem[0x200], "AAAABBBBCCCC", 12);
	assert_int_equal(g.mock.regs.gpr[VMEXIT_RSI], 0x4008 - 12);
	g.mock.regs.rflags &= ~VMEXIT_RFLAGS_DF;
	/* rep insb that runs into an unmapped page after 4 bytes: #PF,
	 * RIP on the instruction, RCX/RDI show the 4 iterations done. */
	uint64_t rip = g.mock.regs.rip;
	g.mock.regs.gpr[VMEXIT_RDI] = 0xffffc;
	g.mock.regs.gpr[VMEXIT_RCX] = 8;
	g.mock.regs.gpr[VMEXIT_RDX] = 0x60;
	assert_int_equal(RUN("\xf3\x6c"), VMEXIT_EXCEPTION);
	assert_int_equal(g.mock.events[0].vector, VMEXIT_EXC_PF);
	assert_int_equal(g.mock.events[0].payload, 0x100000);
	assert_int_equal(g.mock.regs.rip, rip);
	assert_int_equal(g.mock.regs.gpr[VMEXIT_RCX], 4);
	assert_int_equal(g.mock.regs.gpr[VMEXIT_RDI], 0x100000);
	assert_int_equal(g.ram[0xfffff], 0x60);
	/* The faulting iteration did not read the port: 4 reads only. */
	assert_int_equal(g.mock.calls[VMEXIT_MOCK_PIO_IN], 4);
	/* 32-bit address size (67): ECX counts, and RDI wraps in 32 bits. */
	g.mock.regs.rip = CODE;
	g.mock.regs.gpr[VMEXIT_RCX] = 0xffffffff00000001ull;
	g.mock.regs.gpr[VMEXIT_RDI] = 0x4000;
	assert_int_equal(RUN("\x67\xf3\xaa"), VMEXIT_DONE);
	assert_int_equal(g.mock.regs.gpr[VMEXIT_RCX], 0);
	/* repe cmpsb stops at the first difference. */
	memcpy(g.ram + 0x4000, "abcX", 4);
	memcpy(g.ram + 0x4100, "abcY", 4);
	g.mock.regs.gpr[VMEXIT_RSI] = 0x4000;
	g.mock.regs.gpr[VMEXIT_RDI] = 0x4100;
	g.mock.regs.gpr[VMEXIT_RCX] = 10;
	assert_int_equal(RUN("\xf3\xa6"), VMEXIT_DONE);
	assert_int_equal(g.mock.regs.gpr[VMEXIT_RCX], 6);
	assert_false(g.mock.regs.rflags & VMEXIT_RFLAGS_ZF);
}

/* A REP string instruction stopped between iterations, RIP still on it:
 * "For any interrupt arriving after any iteration of a repeated string
 * instruction but the last iteration, the value pushed for RF is 1", and
 * likewise for a trap-class exception from such an iteration (SDM Vol. 3,
 * "Instruction-Breakpoint Exception Condition").  So the paused
 * instruction resumes with RF = 1, and its breakpoint does not fire
 * again; RF is cleared when the last iteration completes. */
static void test_rep_pause_sets_rf(void **state)
{
	(void)state;
	/* Paused after VMEXIT_EMUL_REP_MAX iterations. */
	g.mock.regs.gpr[VMEXIT_RDI] = 0x4000;
	g.mock.regs.gpr[VMEXIT_RCX] = VMEXIT_EMUL_REP_MAX + 5;
	g.mock.regs.gpr[VMEXIT_RAX] = 0x11;
	g.mock.regs.rflags &= ~VMEXIT_RFLAGS_RF;
	assert_int_equal(RUN("\xf3\xaa"), VMEXIT_DONE);
	assert_int_equal(g.mock.regs.rip, CODE);
	assert_int_equal(g.mock.regs.gpr[VMEXIT_RCX], 5);
	assert_true(g.mock.regs.rflags & VMEXIT_RFLAGS_RF);
	/* The rest completes the instruction: RF cleared, RIP past it. */
	assert_int_equal(RUN("\xf3\xaa"), VMEXIT_DONE);
	assert_int_equal(g.mock.regs.rip, CODE + 2);
	assert_int_equal(g.mock.regs.gpr[VMEXIT_RCX], 0);
	assert_false(g.mock.regs.rflags & VMEXIT_RFLAGS_RF);
	assert_int_equal(g.ram[0x4000 + VMEXIT_EMUL_REP_MAX + 4], 0x11);
	/* TF: one iteration, then the single-step trap with RF = 1 while
	 * iterations remain, and RF = 0 after the last one. */
	g.mock.regs.rip = CODE;
	g.mock.regs.gpr[VMEXIT_RCX] = 2;
	g.mock.regs.rflags |= VMEXIT_RFLAGS_TF;
	assert_int_equal(RUN("\xf3\xaa"), VMEXIT_EXCEPTION);
	assert_int_equal(g.mock.events[0].vector, VMEXIT_EXC_DB);
	assert_int_equal(g.mock.regs.rip, CODE);
	assert_int_equal(g.mock.regs.gpr[VMEXIT_RCX], 1);
	assert_true(g.mock.regs.rflags & VMEXIT_RFLAGS_RF);
	assert_int_equal(RUN("\xf3\xaa"), VMEXIT_EXCEPTION);
	assert_int_equal(g.mock.events[0].vector, VMEXIT_EXC_DB);
	assert_int_equal(g.mock.regs.rip, CODE + 2);
	assert_int_equal(g.mock.regs.gpr[VMEXIT_RCX], 0);
	assert_false(g.mock.regs.rflags & VMEXIT_RFLAGS_RF);
	g.mock.regs.rflags &= ~VMEXIT_RFLAGS_TF;
}

/* A device that fails its nth read from now (n = 1 is the next one). */
static unsigned reads_until_failure;

static int flaky_dev(void *opaque, uint64_t gpa, void *data, unsigned size,
		     bool write)
{
	if (!write && reads_until_failure && --reads_until_failure == 0)
		return VMEXIT_ERR_BACKEND;
	return dev(opaque, gpa, data, size, write);
}

/* rep movsb from a device whose third read fails: two iterations moved
 * their bytes, so the registers show them (RCX 5 - 2, RSI and RDI + 2),
 * RIP stays on the instruction with RF set, as for an exception in the
 * middle, and the status is the backend error. */
static void test_rep_backend_failure_keeps_progress(void **state)
{
	(void)state;
	g.mock.mmio[0].fn = flaky_dev;
	memcpy(&dev_mem[0x10], "abcde", 5);
	g.mock.regs.gpr[VMEXIT_RSI] = DEV_LA + 0x10;
	g.mock.regs.gpr[VMEXIT_RDI] = 0x4000;
	g.mock.regs.gpr[VMEXIT_RCX] = 5;
	g.mock.regs.rflags &= ~VMEXIT_RFLAGS_RF;
	reads_until_failure = 3;
	assert_int_equal(RUN("\xf3\xa4"), VMEXIT_ERR_BACKEND);
	assert_int_equal(vmexit_vcpu_flush(&g.vcpu), VMEXIT_DONE);
	assert_int_equal(g.mock.regs.gpr[VMEXIT_RCX], 3);
	assert_int_equal(g.mock.regs.gpr[VMEXIT_RSI], DEV_LA + 0x12);
	assert_int_equal(g.mock.regs.gpr[VMEXIT_RDI], 0x4002);
	assert_int_equal(g.mock.regs.rip, CODE);
	assert_true(g.mock.regs.rflags & VMEXIT_RFLAGS_RF);
	assert_memory_equal(g.ram + 0x4000, "ab", 2);
	assert_int_equal(g.ram[0x4002], 0);
	/* Resuming finishes the copy. */
	assert_int_equal(RUN("\xf3\xa4"), VMEXIT_DONE);
	assert_memory_equal(g.ram + 0x4000, "abcde", 5);
	assert_int_equal(g.mock.regs.gpr[VMEXIT_RCX], 0);
	assert_int_equal(g.mock.regs.rip, CODE + 2);
	/* A failure in the first iteration leaves nothing to keep. */
	g.mock.regs.rip = CODE;
	g.mock.regs.gpr[VMEXIT_RSI] = DEV_LA + 0x10;
	g.mock.regs.gpr[VMEXIT_RCX] = 5;
	reads_until_failure = 1;
	assert_int_equal(RUN("\xf3\xa4"), VMEXIT_ERR_BACKEND);
	assert_int_equal(g.vcpu.regs.gpr[VMEXIT_RCX], 5);
	assert_int_equal(g.vcpu.regs.gpr[VMEXIT_RSI], DEV_LA + 0x10);
	assert_false(g.vcpu.dirty & VMEXIT_G_REGS);
}

static void test_port_io(void **state)
{
	(void)state;
	/* rep outsb and outsb with TF ("Single-Step Exception Condition"):
	 * one port access, then the #DB; a REP one stays on itself with RF
	 * set while iterations remain (the KVM comparison cannot judge
	 * these: KVM's emulator is the native side of string I/O there) */
	g.mock.regs.gpr[VMEXIT_RDX] = 0x3f8;
	g.mock.regs.gpr[VMEXIT_RSI] = 0x4000;
	g.mock.regs.gpr[VMEXIT_RCX] = 3;
	g.mock.regs.rflags |= VMEXIT_RFLAGS_TF;
	unsigned outs = g.mock.calls[VMEXIT_MOCK_PIO_OUT];
	assert_int_equal(RUN("\xf3\x6e"), VMEXIT_EXCEPTION);
	assert_int_equal(g.mock.calls[VMEXIT_MOCK_PIO_OUT], outs + 1);
	assert_int_equal(g.mock.events[0].vector, VMEXIT_EXC_DB);
	assert_int_equal(g.mock.events[0].payload, VMEXIT_DR6_BS);
	assert_int_equal(g.mock.regs.gpr[VMEXIT_RCX], 2);
	assert_int_equal(g.mock.regs.gpr[VMEXIT_RSI], 0x4001);
	assert_int_equal(g.mock.regs.rip, CODE);
	assert_true(g.mock.regs.rflags & VMEXIT_RFLAGS_RF);
	g.mock.regs.rflags &= ~(uint64_t)VMEXIT_RFLAGS_RF;
	assert_int_equal(RUN("\x6e"), VMEXIT_EXCEPTION);
	assert_int_equal(g.mock.events[0].vector, VMEXIT_EXC_DB);
	assert_int_equal(g.mock.regs.rip, CODE + 1);
	assert_false(g.mock.regs.rflags & VMEXIT_RFLAGS_RF);
	g.mock.regs.rflags &= ~(uint64_t)VMEXIT_RFLAGS_TF;
	g.mock.regs.rip = CODE;
	g.mock.regs.gpr[VMEXIT_RAX] = 0x12345678;
	g.mock.regs.gpr[VMEXIT_RDX] = 0x3f8;
	assert_int_equal(RUN("\xee"), VMEXIT_DONE); /* out dx, al */
	const struct vmexit_mock_access *a = vmexit_mock_log_entry(&g.mock, 0);
	assert_int_equal(a->op, VMEXIT_MOCK_PIO_OUT);
	assert_int_equal(a->addr, 0x3f8);
	assert_int_equal(a->size, 1);
	assert_int_equal(a->data[0], 0x78);
	assert_int_equal(RUN("\xe5\x71"), VMEXIT_DONE); /* in eax, 0x71 */
	assert_int_equal(g.mock.regs.gpr[VMEXIT_RAX], 0x71717171);
	assert_int_equal(RUN("\x66\xe5\x72"), VMEXIT_DONE); /* in ax, 0x72 */
	assert_int_equal(g.mock.regs.gpr[VMEXIT_RAX], 0x71717272);
}

static void test_vector_moves(void **state)
{
	(void)state;
	for (int i = 0; i < 32; i++)
		g.mock.vregs.ymm[1][i] = (uint8_t)(0xa0 + i);
	g.mock.regs.gpr[VMEXIT_RDI] = DEV_LA + 0x300;
	/* movdqu [rdi], xmm1: one 16-byte device write */
	assert_int_equal(RUN("\xf3\x0f\x7f\x0f"), VMEXIT_DONE);
	assert_memory_equal(&dev_mem[0x300], g.mock.vregs.ymm[1], 16);
	assert_int_equal(vmexit_mock_log_entry(&g.mock, 0)->size, 16);
	/* movdqa at a misaligned address: #GP(0) */
	g.mock.regs.gpr[VMEXIT_RDI] = DEV_LA + 0x308;
	assert_int_equal(RUN("\x66\x0f\x7f\x0f"), VMEXIT_EXCEPTION);
	assert_int_equal(g.mock.events[0].vector, VMEXIT_EXC_GP);
	/* vmovdqu [rdi], ymm1: one 32-byte write */
	assert_int_equal(RUN("\xc5\xfe\x7f\x0f"), VMEXIT_DONE);
	assert_memory_equal(&dev_mem[0x308], g.mock.vregs.ymm[1], 32);
	assert_int_equal(vmexit_mock_log_entry(&g.mock, 0)->size, 32);
	/* vmovdqu xmm2, [rdi] (VEX.128 load) zeroes bits 255:128 */
	memset(g.mock.vregs.ymm[2], 0xee, 32);
	assert_int_equal(RUN("\xc5\xfa\x6f\x17"), VMEXIT_DONE);
	assert_memory_equal(g.mock.vregs.ymm[2], g.mock.vregs.ymm[1], 16);
	for (int i = 16; i < 32; i++)
		assert_int_equal(g.mock.vregs.ymm[2][i], 0);
	/* CR0.TS: #NM; no OSXSAVE: VEX is #UD */
	g.mock.sregs.cr0 |= VMEXIT_CR0_TS;
	assert_int_equal(RUN("\xf3\x0f\x7f\x0f"), VMEXIT_EXCEPTION);
	assert_int_equal(g.mock.events[0].vector, VMEXIT_EXC_NM);
	g.mock.sregs.cr0 &= ~VMEXIT_CR0_TS;
	g.mock.sregs.cr4 &= ~VMEXIT_CR4_OSXSAVE;
	assert_int_equal(RUN("\xc5\xfe\x7f\x0f"), VMEXIT_EXCEPTION);
	assert_int_equal(g.mock.events[0].vector, VMEXIT_EXC_UD);
	g.mock.sregs.cr4 |= VMEXIT_CR4_OSXSAVE;
	/* movd [rdi], xmm1 writes 4 bytes; movq xmm3, [rdi] zero-extends */
	g.mock.regs.gpr[VMEXIT_RDI] = DEV_LA + 0x400;
	assert_int_equal(RUN("\x66\x0f\x7e\x0f"), VMEXIT_DONE);
	assert_int_equal(vmexit_mock_log_entry(&g.mock, 0)->size, 4);
	memset(g.mock.vregs.ymm[3], 0xee, 32);
	assert_int_equal(RUN("\xf3\x0f\x7e\x1f"), VMEXIT_DONE);
	assert_int_equal(g.mock.vregs.ymm[3][8], 0);
	assert_int_equal(g.mock.vregs.ymm[3][16], 0xee);
}

/* The direct stores ("MOVDIRI", "MOVDIR64B") and the streaming load
 * ("MOVNTDQA"), which drivers aim at device memory: each is one device
 * access of its full width. */
static void test_direct_stores_streaming_load(void **state)
{
	uint8_t pat[64];
	const struct vmexit_mock_access *a;
	(void)state;
	for (int i = 0; i < 64; i++)
		pat[i] = (uint8_t)(0x40 + 3 * i);
	/* movdiri [rdi], eax; with REX.W, rax */
	g.mock.regs.gpr[VMEXIT_RDI] = DEV_LA + 0x21; /* unaligned: allowed */
	g.mock.regs.gpr[VMEXIT_RAX] = 0x1122334455667788ull;
	assert_int_equal(RUN("\x0f\x38\xf9\x07"), VMEXIT_DONE);
	assert_int_equal(g.mock.regs.rip, CODE + 4);
	assert_int_equal(dev64(0x21), 0x55667788);
	assert_int_equal(vmexit_mock_log_entry(&g.mock, 0)->size, 4);
	g.mock.regs.rip = CODE;
	assert_int_equal(RUN("\x48\x0f\x38\xf9\x07"), VMEXIT_DONE);
	assert_int_equal(dev64(0x21), 0x1122334455667788ull);
	assert_int_equal(vmexit_mock_log_entry(&g.mock, 0)->size, 8);
	/* movdir64b rax, [rdi]: RAM at DS:rdi to the device at ES:rax, as
	 * one 64-byte write */
	g.mock.regs.rip = CODE;
	memcpy(g.ram + 0x4003, pat, 64);
	g.mock.regs.gpr[VMEXIT_RDI] = 0x4003; /* the source need not align */
	g.mock.regs.gpr[VMEXIT_RAX] = DEV_LA + 0x40;
	unsigned writes = g.mock.calls[VMEXIT_MOCK_MMIO_WRITE];
	assert_int_equal(RUN("\x66\x0f\x38\xf8\x07"), VMEXIT_DONE);
	assert_int_equal(g.mock.regs.rip, CODE + 5);
	assert_memory_equal(&dev_mem[0x40], pat, 64);
	assert_int_equal(g.mock.calls[VMEXIT_MOCK_MMIO_WRITE], writes + 1);
	a = vmexit_mock_log_entry(&g.mock, 0);
	assert_int_equal(a->op, VMEXIT_MOCK_MMIO_WRITE);
	assert_int_equal(a->size, 64);
	assert_int_equal(a->addr, DEV + 0x40);
	assert_int_equal(g.mock.regs.gpr[VMEXIT_RAX], DEV_LA + 0x40);
	/* the destination not 64-byte aligned: #GP(0), nothing written */
	g.mock.regs.rip = CODE;
	g.mock.regs.gpr[VMEXIT_RAX] = DEV_LA + 0x60;
	memset(dev_mem, 0, sizeof(dev_mem));
	assert_int_equal(RUN("\x66\x0f\x38\xf8\x07"), VMEXIT_EXCEPTION);
	assert_int_equal(g.mock.events[0].vector, VMEXIT_EXC_GP);
	assert_int_equal(g.mock.events[0].error, 0);
	assert_int_equal(g.mock.regs.rip, CODE);
	assert_int_equal(dev_mem[0x60], 0);
	/* 67: the destination register is EAX; a segment prefix (FS)
	 * applies to the source only */
	g.mock.sregs.seg[VMEXIT_SEG_FS].base = 0x1000;
	memcpy(g.ram + 0x5003, pat + 1, 63);
	g.mock.regs.gpr[VMEXIT_RAX] = 0xabcd000000000000ull | (DEV_LA + 0x80);
	assert_int_equal(RUN("\x64\x67\x66\x0f\x38\xf8\x07"), VMEXIT_DONE);
	assert_memory_equal(&dev_mem[0x80], pat + 1, 63);
	assert_int_equal(vmexit_mock_log_entry(&g.mock, 0)->addr, DEV + 0x80);
	g.mock.sregs.seg[VMEXIT_SEG_FS].base = 0;
	/* the device to RAM: one 64-byte read; an unmapped destination is
	 * #PF for a write, after the source was read */
	g.mock.regs.rip = CODE;
	memcpy(dev_mem, pat, 64);
	g.mock.regs.gpr[VMEXIT_RDI] = DEV_LA;
	g.mock.regs.gpr[VMEXIT_RAX] = 0x6000;
	assert_int_equal(RUN("\x66\x0f\x38\xf8\x07"), VMEXIT_DONE);
	assert_memory_equal(g.ram + 0x6000, pat, 64);
	a = vmexit_mock_log_entry(&g.mock, 0);
	assert_int_equal(a->op, VMEXIT_MOCK_MMIO_READ);
	assert_int_equal(a->size, 64);
	g.mock.regs.rip = CODE;
	g.mock.regs.gpr[VMEXIT_RAX] = HOLE + 0x40;
	assert_int_equal(RUN("\x66\x0f\x38\xf8\x07"), VMEXIT_EXCEPTION);
	assert_int_equal(g.mock.events[0].vector, VMEXIT_EXC_PF);
	assert_int_equal(g.mock.events[0].error, VMEXIT_PFEC_W);
	assert_int_equal(g.mock.events[0].payload, HOLE + 0x40);
	/* movntdqa xmm2, [rdi]: 16 aligned bytes; vmovntdqa ymm2: 32 */
	g.mock.regs.rip = CODE;
	g.mock.regs.gpr[VMEXIT_RDI] = DEV_LA + 0x10;
	memset(g.mock.vregs.ymm[2], 0xee, 32);
	assert_int_equal(RUN("\x66\x0f\x38\x2a\x17"), VMEXIT_DONE);
	assert_memory_equal(g.mock.vregs.ymm[2], pat + 0x10, 16);
	assert_int_equal(g.mock.vregs.ymm[2][16], 0xee); /* legacy SSE */
	assert_int_equal(vmexit_mock_log_entry(&g.mock, 0)->size, 16);
	g.mock.regs.rip = CODE;
	assert_int_equal(RUN("\xc4\xe2\x7d\x2a\x17"), VMEXIT_EXCEPTION);
	assert_int_equal(g.mock.events[0].vector, VMEXIT_EXC_GP);
	g.mock.regs.gpr[VMEXIT_RDI] = DEV_LA + 0x20;
	assert_int_equal(RUN("\xc4\xe2\x7d\x2a\x17"), VMEXIT_DONE);
	assert_memory_equal(g.mock.vregs.ymm[2], pat + 0x20, 32);
	assert_int_equal(vmexit_mock_log_entry(&g.mock, 0)->size, 32);
	g.mock.regs.rip = CODE;
	g.mock.regs.gpr[VMEXIT_RDI] = DEV_LA + 0x28;
	assert_int_equal(RUN("\x66\x0f\x38\x2a\x17"), VMEXIT_EXCEPTION);
	assert_int_equal(g.mock.events[0].vector, VMEXIT_EXC_GP);
}

/* DR7: breakpoint i enabled (L) with R/W rw and LEN len (their fields). */
static uint64_t dr7_bp(unsigned i, unsigned rw, unsigned len)
{
	return 1ull << (2 * i) | (uint64_t)rw << (16 + 4 * i) |
	       (uint64_t)len << (18 + 4 * i);
}

/* A #DB trap queued after the instruction, with these DR6 bits. */
static void assert_db(uint64_t dr6)
{
	assert_int_equal(g.mock.nr_events, 1);
	assert_int_equal(g.mock.events[0].vector, VMEXIT_EXC_DB);
	assert_true(g.mock.events[0].has_payload);
	assert_int_equal(g.mock.events[0].payload, dr6);
}

/* The data and I/O breakpoints the accesses meet: a trap-class #DB after
 * the instruction with DR6.Bn ("Data Memory and I/O Breakpoint
 * Exception Conditions"), the address compared with the bits LEN covers
 * ignored ("Breakpoint Field Recognition"), after the iteration that met
 * it for a REP string instruction. */
static void test_data_breakpoints(void **state)
{
	(void)state;
	g.mock.regs.gpr[VMEXIT_RAX] = 0x11223344;
	/* DR0 a 4-byte write breakpoint at 10H (13H: the low bits go) */
	g.mock.dregs.dr[0] = DEV_LA + 0x13;
	g.mock.dregs.dr7 = dr7_bp(0, 1, 3);
	g.mock.regs.gpr[VMEXIT_RDI] = DEV_LA + 0x12;
	assert_int_equal(RUN("\x89\x07"), VMEXIT_EXCEPTION); /* mov [rdi],eax */
	assert_db(1);
	assert_int_equal(g.mock.regs.rip, CODE + 2); /* a trap */
	assert_int_equal(dev64(0x12), 0x11223344);
	/* a read does not meet a write breakpoint; the next bytes are
	 * outside it */
	g.mock.regs.rip = CODE;
	assert_int_equal(RUN("\x8b\x0f"), VMEXIT_DONE);
	assert_int_equal(g.mock.nr_events, 0);
	g.mock.regs.gpr[VMEXIT_RDI] = DEV_LA + 0x14;
	g.mock.regs.rip = CODE;
	assert_int_equal(RUN("\x89\x07"), VMEXIT_DONE);
	assert_int_equal(g.mock.nr_events, 0);
	/* R/W 11B: reads too; LEN 10B is 8 bytes (DR1 at 20H-27H) */
	g.mock.dregs.dr[1] = DEV_LA + 0x20;
	g.mock.dregs.dr7 = dr7_bp(0, 3, 3) | dr7_bp(1, 3, 2);
	g.mock.regs.gpr[VMEXIT_RDI] = DEV_LA + 0x0e;
	g.mock.regs.rip = CODE;
	assert_int_equal(RUN("\x8b\x0f"), VMEXIT_EXCEPTION); /* 0EH-11H */
	assert_db(1);
	g.mock.regs.gpr[VMEXIT_RDI] = DEV_LA + 0x27;
	g.mock.regs.rip = CODE;
	assert_int_equal(RUN("\x8a\x0f"), VMEXIT_EXCEPTION);
	assert_db(2);
	/* not enabled in DR7 (L1 and G1 clear): nothing */
	g.mock.dregs.dr7 = dr7_bp(0, 3, 3) & ~3ull;
	g.mock.regs.rip = CODE;
	g.mock.regs.gpr[VMEXIT_RDI] = DEV_LA + 0x10;
	assert_int_equal(RUN("\x8b\x0f"), VMEXIT_DONE);
	assert_int_equal(g.mock.nr_events, 0);
	/* rep stosb over DR2 (a 1-byte write breakpoint at 32H): the trap
	 * after the third iteration, RIP on the instruction and RF set, as
	 * after any iteration but the last */
	g.mock.dregs.dr[2] = DEV_LA + 0x32;
	g.mock.dregs.dr7 = dr7_bp(2, 1, 0);
	g.mock.regs.gpr[VMEXIT_RDI] = DEV_LA + 0x30;
	g.mock.regs.gpr[VMEXIT_RCX] = 8;
	g.mock.regs.rip = CODE;
	assert_int_equal(RUN("\xf3\xaa"), VMEXIT_EXCEPTION);
	assert_db(4);
	assert_int_equal(g.mock.regs.gpr[VMEXIT_RCX], 5);
	assert_int_equal(g.mock.regs.gpr[VMEXIT_RDI], DEV_LA + 0x33);
	assert_int_equal(g.mock.regs.rip, CODE);
	assert_true(g.mock.regs.rflags & VMEXIT_RFLAGS_RF);
	g.mock.regs.rflags &= ~(uint64_t)VMEXIT_RFLAGS_RF;
	/* with TF: one #DB, BS and B2 */
	g.mock.regs.rflags |= VMEXIT_RFLAGS_TF;
	g.mock.regs.gpr[VMEXIT_RDI] = DEV_LA + 0x32;
	g.mock.regs.rip = CODE;
	assert_int_equal(RUN("\x88\x07"), VMEXIT_EXCEPTION);
	assert_db(VMEXIT_DR6_BS | 4);
	g.mock.regs.rflags &= ~(uint64_t)VMEXIT_RFLAGS_TF;
	/* a locked update of RAM: the write meets it */
	g.mock.dregs.dr[2] = 0x4000;
	g.mock.regs.gpr[VMEXIT_RDI] = 0x4000;
	g.mock.regs.rip = CODE;
	assert_int_equal(RUN("\xf0\x0f\xc1\x07"), VMEXIT_EXCEPTION); /* lock xadd */
	assert_db(4);
	/* an I/O breakpoint (DR3 at port 80H, R/W 10B) with CR4.DE, and
	 * R/W 10B ignored without it */
	g.mock.dregs.dr[3] = 0x80;
	g.mock.dregs.dr7 = dr7_bp(3, 2, 0);
	g.mock.sregs.cr4 |= VMEXIT_CR4_DE;
	g.mock.regs.rip = CODE;
	assert_int_equal(RUN("\xe6\x80"), VMEXIT_EXCEPTION); /* out 80H, al */
	assert_db(8);
	g.mock.sregs.cr4 &= ~(uint64_t)VMEXIT_CR4_DE;
	g.mock.regs.rip = CODE;
	assert_int_equal(RUN("\xe6\x80"), VMEXIT_DONE);
	assert_int_equal(g.mock.nr_events, 0);
	/* a backend without get_dregs: the instruction runs, unwatched
	 * (the I/O breakpoint above, CR4.DE set again) */
	g.mock.sregs.cr4 |= VMEXIT_CR4_DE;
	struct vmexit_ops ops = *g.vcpu.ops;
	const struct vmexit_ops *saved = g.vcpu.ops;
	ops.get_dregs = NULL;
	g.vcpu.ops = &ops;
	g.mock.regs.rip = CODE;
	assert_int_equal(RUN("\xe6\x80"), VMEXIT_DONE);
	assert_int_equal(g.mock.nr_events, 0);
	g.vcpu.ops = saved;
	/* an instruction that faults reports no breakpoint its reads met */
	g.mock.dregs.dr[0] = DEV_LA + 0x40;
	g.mock.dregs.dr7 = dr7_bp(0, 3, 3);
	g.mock.regs.gpr[VMEXIT_RDI] = DEV_LA + 0x40;
	g.mock.regs.gpr[VMEXIT_RSP] = HOLE + 0x100;
	g.mock.regs.rip = CODE;
	assert_int_equal(RUN("\xff\x37"), VMEXIT_EXCEPTION); /* push [rdi] */
	assert_int_equal(g.mock.nr_events, 1);
	assert_int_equal(g.mock.events[0].vector, VMEXIT_EXC_PF);
	g.mock.regs.gpr[VMEXIT_RSP] = 0x8000;
}

/* Whether the emulator claims bytes decoded in 64-bit mode. */
static bool can_emulate64(const char *bytes, size_t n)
{
	struct vmexit_insn d;

	assert_int_equal(vmexit_decode((const uint8_t *)bytes, n,
				       VMEXIT_DECODE_64, &d), VMEXIT_DONE);
	return vmexit_can_emulate(&d);
}

/* Register-to-register forms of the memory moves, and the fences that
 * share their opcodes (0F AE /7 mod 3 is SFENCE, 66 0F AE /6 mod 3 is
 * TPAUSE), are valid instructions that touch no memory: the emulator
 * does not claim them, and runs nothing (no #UD, RIP stays). */
/* MMX MOVD/MOVQ: MMn is physical register n, in the FXSAVE slot of
 * ST((n - TOP) mod 8); every MMX instruction sets TOP to 0 and all tags
 * valid, and a load sets the register's exponent bits to ones (SDM Vol. 1,
 * "MMX Instructions and the x87 FPU Tag Word").  CR0.EM is #UD, CR0.TS #NM,
 * a pending x87 exception #MF (CR0.NE = 1) before the access. */
static void test_mmx_moves(void **state)
{
	struct vmexit_vregs *vr = &g.mock.vregs;
	static const uint8_t mm1[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	(void)state;

	/* TOP = 3: MM1 (physical register 1) is ST(6) */
	memset(vr->st, 0, sizeof(vr->st));
	memcpy(vr->st[6], mm1, 8);
	vr->st[0][0] = 0x55; /* ST(0): physical register 3 */
	vr->fsw = 3u << 11;
	vr->ftw = 0x08;
	g.mock.regs.gpr[VMEXIT_RDI] = DEV_LA + 0x500;
	/* movq [rdi], mm1: 8 bytes; then TOP 0, tags valid, ST slots now in
	 * physical order */
	assert_int_equal(RUN("\x0f\x7f\x0f"), VMEXIT_DONE);
	assert_memory_equal(&dev_mem[0x500], mm1, 8);
	assert_int_equal(vmexit_mock_log_entry(&g.mock, 0)->size, 8);
	assert_int_equal(vr->fsw, 0);
	assert_int_equal(vr->ftw, 0xff);
	assert_memory_equal(vr->st[1], mm1, 8);
	assert_int_equal(vr->st[3][0], 0x55);
	/* movd mm2, [rdi]: 4 bytes, zero-extended, exponent bits all ones */
	memset(vr->st[2], 0xee, 16);
	assert_int_equal(RUN("\x0f\x6e\x17"), VMEXIT_DONE);
	assert_int_equal(vmexit_mock_log_entry(&g.mock, 0)->size, 4);
	assert_memory_equal(vr->st[2], mm1, 4);
	for (int i = 4; i < 8; i++)
		assert_int_equal(vr->st[2][i], 0);
	assert_int_equal(vr->st[2][8], 0xff);
	assert_int_equal(vr->st[2][9], 0xff);
	/* movq rax... REX.W 0F 7E: movq [rdi], mm1 through r/m64 */
	assert_int_equal(RUN("\x48\x0f\x7e\x0f"), VMEXIT_DONE);
	assert_int_equal(vmexit_mock_log_entry(&g.mock, 0)->size, 8);
	/* CR4.OSFXSR does not matter to MMX */
	g.mock.sregs.cr4 &= ~VMEXIT_CR4_OSFXSR;
	assert_int_equal(RUN("\x0f\x7f\x0f"), VMEXIT_DONE);
	g.mock.sregs.cr4 |= VMEXIT_CR4_OSFXSR;
	/* CR0.EM: #UD; CR0.TS: #NM; FSW.ES with CR0.NE: #MF, no access,
	 * x87 state unchanged */
	g.mock.sregs.cr0 |= VMEXIT_CR0_EM;
	assert_int_equal(RUN("\x0f\x7f\x0f"), VMEXIT_EXCEPTION);
	assert_int_equal(g.mock.events[0].vector, VMEXIT_EXC_UD);
	g.mock.sregs.cr0 &= ~VMEXIT_CR0_EM;
	g.mock.sregs.cr0 |= VMEXIT_CR0_TS;
	assert_int_equal(RUN("\x0f\x7f\x0f"), VMEXIT_EXCEPTION);
	assert_int_equal(g.mock.events[0].vector, VMEXIT_EXC_NM);
	g.mock.sregs.cr0 &= ~VMEXIT_CR0_TS;
	vr->fsw = 0x80 | (5u << 11);
	vr->ftw = 0;
	g.mock.sregs.cr0 |= VMEXIT_CR0_NE;
	g.mock.nr_log = 0;
	assert_int_equal(RUN("\x0f\x7f\x0f"), VMEXIT_EXCEPTION);
	assert_int_equal(g.mock.events[0].vector, VMEXIT_EXC_MF);
	assert_int_equal(g.mock.nr_log, 0);
	assert_int_equal(vr->fsw, 0x80 | (5u << 11));
	assert_int_equal(vr->ftw, 0);
	/* ... and with CR0.NE = 0 (FERR#) it is the VMM's */
	g.mock.sregs.cr0 &= ~VMEXIT_CR0_NE;
	g.mock.regs.rip = CODE;
	assert_int_equal(RUN("\x0f\x7f\x0f"), VMEXIT_UNHANDLED);
}

static void test_register_forms_unhandled(void **state)
{
	static const struct { const char *b; size_t n; } forms[] = {
		{ "\x0f\x10\xc1", 3 },         /* movups xmm0, xmm1 */
		{ "\x0f\x28\xc1", 3 },         /* movaps xmm0, xmm1 */
		{ "\x66\x0f\x6f\xc1", 4 },     /* movdqa xmm0, xmm1 */
		{ "\x66\x0f\x7f\xc1", 4 },     /* movdqa xmm1, xmm0 */
		{ "\xf3\x0f\x7e\xc1", 4 },     /* movq xmm0, xmm1 */
		{ "\x66\x0f\xd6\xc1", 4 },     /* movq xmm1, xmm0 */
		{ "\xc5\xfc\x28\xc1", 4 },     /* vmovaps ymm0, ymm1 */
		{ "\x0f\xae\xf8", 3 },         /* sfence */
		{ "\x66\x0f\xae\xf0", 4 },     /* tpause eax */
	};
	(void)state;
	for (size_t k = 0; k < sizeof(forms) / sizeof(forms[0]); k++) {
		g.mock.regs.rip = CODE;
		assert_false(can_emulate64(forms[k].b, forms[k].n));
		assert_int_equal(run(forms[k].b, forms[k].n), VMEXIT_UNHANDLED);
		assert_int_equal(g.vcpu.diag.reason, VMEXIT_WHY_INSN);
		assert_false(g.vcpu.pending_valid);
		assert_int_equal(g.mock.nr_events, 0);
		assert_int_equal(g.vcpu.regs.rip, CODE);
	}
	/* The memory form next to them is still claimed. */
	assert_true(can_emulate64("\x0f\x10\x07", 3));
}

/* The decoder's "emulated" flag (vmexit_insn_emulated(), kept with the
 * opcode tables) and the emulator's own vmexit_can_emulate() agree on
 * every instruction that accesses memory, the stack or ports: each
 * opcode of each
 * map, after each legacy prefix, REX.W and VEX/EVEX prefix the forms
 * use, with every ModRM byte, in each mode.  (The flag is per form, so
 * register forms, which the emulator does not take, are left out.)  It
 * found MOVNTPD without the flag. */
static void test_emulated_flag_agrees(void **state)
{
	static const struct { uint8_t n, b[4]; bool m64; } lead[] = {
		{ 0, { 0 }, 0 }, { 1, { 0x66 }, 0 }, { 1, { 0xf3 }, 0 },
		{ 1, { 0xf2 }, 0 }, { 1, { 0xf0 }, 0 }, { 1, { 0x48 }, 1 },
		{ 1, { 0x0f }, 0 }, { 2, { 0x66, 0x0f }, 0 },
		{ 2, { 0xf3, 0x0f }, 0 }, { 2, { 0xf2, 0x0f }, 0 },
		{ 2, { 0xf0, 0x0f }, 0 }, { 2, { 0x48, 0x0f }, 1 },
		{ 2, { 0x0f, 0x38 }, 0 }, { 3, { 0x66, 0x0f, 0x38 }, 0 },
		{ 3, { 0xf3, 0x0f, 0x38 }, 0 }, { 3, { 0xf2, 0x0f, 0x38 }, 0 },
		{ 3, { 0x48, 0x0f, 0x38 }, 1 }, { 3, { 0x66, 0x0f, 0x3a }, 0 },
		{ 2, { 0xc5, 0xf8 }, 0 }, { 2, { 0xc5, 0xf9 }, 0 },
		{ 2, { 0xc5, 0xfa }, 0 }, { 2, { 0xc5, 0xfb }, 0 },
		{ 2, { 0xc5, 0xfc }, 0 }, { 2, { 0xc5, 0xfd }, 0 },
		{ 2, { 0xc5, 0xfe }, 0 }, { 3, { 0xc4, 0xe2, 0x79 }, 0 },
		{ 3, { 0xc4, 0xe2, 0x7d }, 0 }, { 3, { 0xc4, 0xe1, 0xf9 }, 1 },
		{ 4, { 0x62, 0xf1, 0x7c, 0x08 }, 1 },
		{ 4, { 0x62, 0xf1, 0xfd, 0x28 }, 1 },
		{ 4, { 0x62, 0xf2, 0x7d, 0x08 }, 1 },
	};
	static const unsigned modes[] = { VMEXIT_DECODE_16, VMEXIT_DECODE_32,
					  VMEXIT_DECODE_64 };
	unsigned n = 0, emulated = 0, differ = 0;
	(void)state;
	for (size_t m = 0; m < 3; m++)
		for (size_t l = 0; l < sizeof(lead) / sizeof(lead[0]); l++) {
			if (lead[l].m64 && modes[m] != VMEXIT_DECODE_64)
				continue;
			for (unsigned op = 0; op < 256; op++)
				for (unsigned modrm = 0; modrm < 256; modrm++) {
					uint8_t b[15] = { 0 };
					struct vmexit_insn d;
					bool flag, can;
					memcpy(b, lead[l].b, lead[l].n);
					b[lead[l].n] = (uint8_t)op;
					b[lead[l].n + 1] = (uint8_t)modrm;
					if (vmexit_decode(b, sizeof(b), modes[m], &d) !=
						    VMEXIT_DONE ||
					    !(d.flags & (VMEXIT_INSN_MEM | VMEXIT_INSN_IO |
							 VMEXIT_INSN_STACK)))
						continue;
					n++;
					flag = vmexit_insn_emulated(&d);
					can = vmexit_can_emulate(&d);
					emulated += can;
					if (flag != can && differ++ < 10)
						print_message("mode %u, %02x %02x %02x %02x %02x %02x: "
							      "flag %d, emulator %d\n",
							      modes[m], b[0], b[1], b[2], b[3], b[4],
							      b[5], flag, can);
				}
		}
	print_message("%u instructions with memory, stack or port access, %u emulated, "
		      "%u differ\n", n, emulated, differ);
	assert_int_equal(differ, 0);
	assert_true(emulated > 1000);
}

/* A struct vmexit_insn from the caller is checked before it is used: a
 * size, register number or count vmexit_decode() never makes is a caller
 * error, with nothing done (an operand size of 200 once sized a copy
 * into a 16-byte buffer: found by fuzz/emulate_insn.c). */
static void test_caller_insn_checked(void **state)
{
	static const struct { size_t off; uint8_t val; } bad[] = {
		{ offsetof(struct vmexit_insn, osize), 200 },
		{ offsetof(struct vmexit_insn, osize), 3 },
		{ offsetof(struct vmexit_insn, asize), 1 },
		{ offsetof(struct vmexit_insn, length), 0 },
		{ offsetof(struct vmexit_insn, length), 16 },
		{ offsetof(struct vmexit_insn, mod), 4 },
		{ offsetof(struct vmexit_insn, nmem), 3 },
		{ offsetof(struct vmexit_insn, noperands), VMEXIT_INSN_MAX_OPS + 1 },
		{ offsetof(struct vmexit_insn, mem) + offsetof(struct vmexit_mem, seg), 8 },
		{ offsetof(struct vmexit_insn, mem) + offsetof(struct vmexit_mem, scale), 3 },
		{ offsetof(struct vmexit_insn, mem) + offsetof(struct vmexit_mem, base), 16 },
	};
	(void)state;
	g.mock.regs.gpr[VMEXIT_RBX] = DEV_LA + 0x10;
	for (size_t k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
		struct vmexit_insn d;
		assert_int_equal(vmexit_decode((const uint8_t *)"\xff\x03", 2,
					       VMEXIT_DECODE_64, &d), VMEXIT_DONE);
		assert_true(vmexit_can_emulate(&d)); /* inc dword [rbx] */
		((uint8_t *)&d)[bad[k].off] = bad[k].val;
		guest_exit(&g);
		unsigned writes = g.mock.calls[VMEXIT_MOCK_MMIO_WRITE];
		assert_int_equal(vmexit_emulate(&g.vcpu, &d, NULL), VMEXIT_ERR_CALLER);
		assert_false(vmexit_can_emulate(&d));
		assert_int_equal(g.mock.calls[VMEXIT_MOCK_MMIO_WRITE], writes);
		assert_int_equal(g.vcpu.dirty, 0);
	}
}

/* Encodings that have no register form at all are #UD, raised by the
 * decoder ("MOVNTI", "CMPXCHG8B/CMPXCHG16B", "MOVNTDQ": #UD "If ... the
 * destination operand is a register"). */
static void test_register_forms_invalid(void **state)
{
	static const struct { const char *b; size_t n; } forms[] = {
		{ "\x0f\xc3\xc0", 3 },         /* movnti eax, eax */
		{ "\x0f\xc7\xc8", 3 },         /* cmpxchg8b eax */
		{ "\x48\x0f\xc7\xc8", 4 },     /* cmpxchg16b rax */
		{ "\x66\x0f\xe7\xc1", 4 },     /* movntdq xmm1, xmm0 */
		{ "\x0f\x38\xf0\xc0", 4 },     /* movbe eax, eax */
	};
	(void)state;
	for (size_t k = 0; k < sizeof(forms) / sizeof(forms[0]); k++) {
		g.mock.regs.rip = CODE;
		assert_int_equal(run(forms[k].b, forms[k].n), VMEXIT_EXCEPTION);
		assert_int_equal(g.mock.events[0].vector, VMEXIT_EXC_UD);
		assert_int_equal(g.mock.regs.rip, CODE);
	}
}

/* The alignment MOVDQA and CMPXCHG16B demand is of the linear address,
 * segment base included ("Interrupt 17—Alignment Check Exception (#AC)":
 * 128-bit data not on a 16-byte boundary is #GP; "CMPXCHG8B/CMPXCHG16B":
 * #GP(0) if the operand is not 16-byte aligned).  With FS base 8, an
 * effective address of 8 mod 16 is aligned and 0 mod 16 is not. */
static void test_alignment_is_linear(void **state)
{
	(void)state;
	g.mock.sregs.seg[VMEXIT_SEG_FS].base = 8;
	for (int i = 0; i < 16; i++)
		g.mock.vregs.ymm[1][i] = (uint8_t)(0x30 + i);
	/* movdqa fs:[rdi], xmm1: linear DEV_LA + 0x310 */
	g.mock.regs.gpr[VMEXIT_RDI] = DEV_LA + 0x308;
	assert_int_equal(RUN("\x64\x66\x0f\x7f\x0f"), VMEXIT_DONE);
	assert_memory_equal(&dev_mem[0x310], g.mock.vregs.ymm[1], 16);
	/* ... linear DEV_LA + 0x308: #GP(0), nothing written */
	g.mock.regs.rip = CODE;
	g.mock.regs.gpr[VMEXIT_RDI] = DEV_LA + 0x300;
	memset(dev_mem, 0, sizeof(dev_mem));
	assert_int_equal(RUN("\x64\x66\x0f\x7f\x0f"), VMEXIT_EXCEPTION);
	assert_int_equal(g.mock.events[0].vector, VMEXIT_EXC_GP);
	assert_int_equal(g.mock.events[0].error, 0);
	assert_int_equal(dev_mem[0x308], 0);
	/* lock cmpxchg16b fs:[rdi] at linear DEV_LA + 0x10: EDX:EAX match
	 * the zeroed memory, so RCX:RBX is stored and ZF is set. */
	g.mock.regs.gpr[VMEXIT_RDI] = DEV_LA + 0x8;
	g.mock.regs.gpr[VMEXIT_RAX] = 0;
	g.mock.regs.gpr[VMEXIT_RDX] = 0;
	g.mock.regs.gpr[VMEXIT_RBX] = 0x1111111111111111ull;
	g.mock.regs.gpr[VMEXIT_RCX] = 0x2222222222222222ull;
	assert_int_equal(RUN("\x64\xf0\x48\x0f\xc7\x0f"), VMEXIT_DONE);
	assert_true(g.mock.regs.rflags & VMEXIT_RFLAGS_ZF);
	assert_int_equal(dev64(0x10), 0x1111111111111111ull);
	assert_int_equal(dev64(0x18), 0x2222222222222222ull);
	/* ... at linear DEV_LA + 0x8: #GP(0) */
	g.mock.regs.rip = CODE;
	g.mock.regs.gpr[VMEXIT_RDI] = DEV_LA;
	assert_int_equal(RUN("\x64\xf0\x48\x0f\xc7\x0f"), VMEXIT_EXCEPTION);
	assert_int_equal(g.mock.events[0].vector, VMEXIT_EXC_GP);
	assert_int_equal(g.mock.regs.rip, CODE);
}

/* In 64-bit mode a 26/2E/36/3E after 65 is a null prefix: the store goes
 * through GS (APM Vol. 3, 1.2.4 "Segment Overrides in 64-Bit Mode"). */
static void test_null_segment_prefix_64(void **state)
{
	(void)state;
	g.mock.sregs.seg[VMEXIT_SEG_GS].base = 0x40;
	g.mock.regs.gpr[VMEXIT_RDI] = DEV_LA + 0x100;
	g.mock.regs.gpr[VMEXIT_RAX] = 0x12345678;
	/* gs ss mov [rdi], eax */
	assert_int_equal(RUN("\x65\x36\x89\x07"), VMEXIT_DONE);
	assert_int_equal(dev_mem[0x140], 0x78);
	assert_int_equal(dev_mem[0x143], 0x12);
	assert_int_equal(dev_mem[0x100], 0);
}

static void test_stack_and_branches(void **state)
{
	(void)state;
	/* The stack is the device: push rax, pop rbx. */
	g.mock.regs.gpr[VMEXIT_RSP] = DEV_LA + 0x800;
	g.mock.regs.gpr[VMEXIT_RAX] = 0xfeedface12345678ull;
	assert_int_equal(RUN("\x50"), VMEXIT_DONE);
	assert_int_equal(g.mock.regs.gpr[VMEXIT_RSP], DEV_LA + 0x7f8);
	assert_int_equal(dev64(0x7f8), 0xfeedface12345678ull);
	assert_int_equal(RUN("\x5b"), VMEXIT_DONE);
	assert_int_equal(g.mock.regs.gpr[VMEXIT_RBX], 0xfeedface12345678ull);
	assert_int_equal(g.mock.regs.gpr[VMEXIT_RSP], DEV_LA + 0x800);
	/* call [rdi]: target from the device, return address pushed. */
	g.mock.regs.gpr[VMEXIT_RSP] = 0x8000;
	g.mock.regs.gpr[VMEXIT_RDI] = DEV_LA + 0x900;
	memcpy(&dev_mem[0x900], "\x00\x30\x00\x00\x00\x00\x00\x00", 8);
	g.mock.regs.rip = CODE;
	assert_int_equal(RUN("\xff\x17"), VMEXIT_DONE);
	assert_int_equal(g.mock.regs.rip, 0x3000);
	uint64_t ret;
	memcpy(&ret, g.ram + 0x7ff8, 8);
	assert_int_equal(ret, CODE + 2);
	/* jmp [rdi] to a non-canonical target: #GP(0), RIP unchanged. */
	memcpy(&dev_mem[0x900], "\x00\x00\x00\x00\x00\x80\x00\x00", 8);
	assert_int_equal(RUN("\xff\x27"), VMEXIT_EXCEPTION);
	assert_int_equal(g.mock.events[0].vector, VMEXIT_EXC_GP);
	assert_int_equal(g.mock.regs.rip, 0x3000);
	g.mock.regs.rip = CODE;
}

/* ENTER ("ENTER—Make Stack Frame for Procedure Parameters", Operation):
 * push RBP, FrameTemp <- RSP, then for nesting level L > 0 push the L - 1
 * frame pointers at RBP - 8, RBP - 16... and FrameTemp; RBP <- FrameTemp,
 * RSP <- RSP - AllocSize.  The stack is the device. */
static void test_enter(void **state)
{
	(void)state;
	/* enter 0x20, 0 */
	g.mock.regs.gpr[VMEXIT_RSP] = DEV_LA + 0x800;
	g.mock.regs.gpr[VMEXIT_RBP] = 0x1234;
	assert_int_equal(RUN("\xc8\x20\x00\x00"), VMEXIT_DONE);
	assert_int_equal(dev64(0x7f8), 0x1234);
	assert_int_equal(g.mock.regs.gpr[VMEXIT_RBP], DEV_LA + 0x7f8);
	assert_int_equal(g.mock.regs.gpr[VMEXIT_RSP], DEV_LA + 0x7d8);
	assert_int_equal(g.mock.regs.rip, CODE + 4);
	/* enter 0x10, 3 below a frame at DEV_LA + 0x900 whose display
	 * holds A at -8 and B at -16. */
	g.mock.regs.rip = CODE;
	g.mock.regs.gpr[VMEXIT_RSP] = DEV_LA + 0x800;
	g.mock.regs.gpr[VMEXIT_RBP] = DEV_LA + 0x900;
	memcpy(&dev_mem[0x8f8], "AAAAAAAA", 8);
	memcpy(&dev_mem[0x8f0], "BBBBBBBB", 8);
	assert_int_equal(RUN("\xc8\x10\x00\x03"), VMEXIT_DONE);
	assert_int_equal(dev64(0x7f8), DEV_LA + 0x900);
	assert_memory_equal(&dev_mem[0x7f0], "AAAAAAAA", 8);
	assert_memory_equal(&dev_mem[0x7e8], "BBBBBBBB", 8);
	assert_int_equal(dev64(0x7e0), DEV_LA + 0x7f8);
	assert_int_equal(g.mock.regs.gpr[VMEXIT_RBP], DEV_LA + 0x7f8);
	assert_int_equal(g.mock.regs.gpr[VMEXIT_RSP], DEV_LA + 0x7d0);
	/* The level is taken modulo 32: 0x21 is level 1 (push RBP, push
	 * FrameTemp). */
	g.mock.regs.rip = CODE;
	g.mock.regs.gpr[VMEXIT_RSP] = DEV_LA + 0x800;
	g.mock.regs.gpr[VMEXIT_RBP] = 0x5678;
	assert_int_equal(RUN("\xc8\x00\x00\x21"), VMEXIT_DONE);
	assert_int_equal(dev64(0x7f8), 0x5678);
	assert_int_equal(dev64(0x7f0), DEV_LA + 0x7f8);
	assert_int_equal(g.mock.regs.gpr[VMEXIT_RSP], DEV_LA + 0x7f0);
	/* "#PF(fault-code) If ... a write using the final value of the
	 * stack pointer ... would cause a page fault": enter 0x1000, 0
	 * ends on the unmapped page below DEV_LA.  Nothing committed. */
	g.mock.regs.rip = CODE;
	g.mock.regs.gpr[VMEXIT_RSP] = DEV_LA + 0x800;
	g.mock.regs.gpr[VMEXIT_RBP] = 0x1234;
	assert_int_equal(RUN("\xc8\x00\x10\x00"), VMEXIT_EXCEPTION);
	assert_int_equal(g.mock.events[0].vector, VMEXIT_EXC_PF);
	assert_int_equal(g.mock.events[0].payload, DEV_LA + 0x800 - 8 - 0x1000);
	assert_int_equal(g.mock.events[0].error, VMEXIT_PFEC_W);
	assert_int_equal(g.mock.regs.gpr[VMEXIT_RSP], DEV_LA + 0x800);
	assert_int_equal(g.mock.regs.gpr[VMEXIT_RBP], 0x1234);
	assert_int_equal(g.mock.regs.rip, CODE);
	/* 66 in 64-bit mode: a 16-bit frame on a 64-bit stack, which the
	 * manual's pseudo-code leaves undefined: not emulated. */
	assert_int_equal(RUN("\x66\xc8\x00\x00\x01"), VMEXIT_UNHANDLED);
	assert_int_equal(g.vcpu.diag.reason, VMEXIT_WHY_INSN);
}

/* CMP, TEST and BT only read their r/m operand: on a read-only page
 * (CR0.WP = 1) they run, and on a page that is not present the #PF
 * reports a read; ADD on the same page is a write.  Caught against KVM
 * (tests/vm/kvm-diff/, part 1b): they were checked as the write
 * of a read-modify-write. */
static void test_read_only_forms(void **state)
{
	static const struct {
		const char *bytes;
		size_t n;
		bool writes;
	} forms[] = {
		{ "\x39\x07", 2, false },         /* cmp [rdi],eax */
		{ "\x85\x07", 2, false },         /* test [rdi],eax */
		{ "\x0f\xa3\x07", 3, false },     /* bt [rdi],eax */
		{ "\x80\x3f\x01", 3, false },     /* cmp byte [rdi],1 */
		{ "\xf6\x07\x01", 3, false },     /* test byte [rdi],1 */
		{ "\x0f\xba\x27\x05", 4, false }, /* bt dword [rdi],5 */
		{ "\x01\x07", 2, true },          /* add [rdi],eax */
	};
	(void)state;
	g.mock.sregs.cr0 |= VMEXIT_CR0_WP;
	guest_map(&g, DEV_LA, DEV, 0x5, 1); /* P, U/S: read-only */
	g.mock.regs.gpr[VMEXIT_RAX] = 3;
	for (size_t k = 0; k < sizeof(forms) / sizeof(forms[0]); k++) {
		int want = forms[k].writes ? VMEXIT_EXCEPTION : VMEXIT_DONE;
		g.mock.regs.rip = CODE;
		g.mock.regs.gpr[VMEXIT_RDI] = DEV_LA + 0x10;
		assert_int_equal(run(forms[k].bytes, forms[k].n), want);
		if (forms[k].writes) {
			assert_int_equal(g.mock.events[0].vector, VMEXIT_EXC_PF);
			assert_int_equal(g.mock.events[0].error,
					 VMEXIT_PFEC_P | VMEXIT_PFEC_W);
		} else {
			assert_int_equal(g.mock.regs.rip, CODE + forms[k].n);
		}
		/* Not present: the fault is a read's, or a write's. */
		g.mock.regs.rip = CODE;
		g.mock.regs.gpr[VMEXIT_RDI] = HOLE;
		assert_int_equal(run(forms[k].bytes, forms[k].n),
				 VMEXIT_EXCEPTION);
		assert_int_equal(g.mock.events[0].vector, VMEXIT_EXC_PF);
		assert_int_equal(g.mock.events[0].error,
				 forms[k].writes ? VMEXIT_PFEC_W : 0);
		assert_int_equal(g.mock.events[0].payload, HOLE);
	}
}

static void test_traps_shadows_hints(void **state)
{
	(void)state;
	g.mock.regs.gpr[VMEXIT_RDI] = DEV_LA;
	/* TF: the instruction completes, then #DB with DR6.BS. */
	g.mock.regs.rflags |= VMEXIT_RFLAGS_TF;
	g.mock.shadow = VMEXIT_SHADOW_STI;
	assert_int_equal(RUN("\x89\x07"), VMEXIT_EXCEPTION);
	assert_int_equal(g.mock.regs.rip, CODE + 2);
	assert_int_equal(g.mock.events[0].vector, VMEXIT_EXC_DB);
	assert_int_equal(g.mock.events[0].payload, VMEXIT_DR6_BS);
	assert_int_equal(g.mock.shadow, 0); /* the STI shadow is over */
	g.mock.regs.rflags &= ~VMEXIT_RFLAGS_TF;
	/* The exit said the access was elsewhere: refuse. */
	struct vmexit_emul_hint h = { .gpa_valid = true, .gpa = 0xfec00000 };
	memcpy(g.ram + CODE + 2, "\x89\x07", 2);
	guest_exit(&g);
	assert_int_equal(vmexit_emulate_at_rip(&g.vcpu, NULL, 0, &h),
			 VMEXIT_UNHANDLED);
	assert_int_equal(g.vcpu.diag.reason, VMEXIT_WHY_ADDR_MISMATCH);
	h.gpa = DEV + 0x3; /* the last byte of the dword written */
	assert_int_equal(vmexit_emulate_at_rip(&g.vcpu, NULL, 0, &h),
			 VMEXIT_DONE);
	/* An instruction the emulator does not do: cpuid. */
	g.mock.regs.rip = CODE;
	assert_int_equal(RUN("\x0f\xa2"), VMEXIT_UNHANDLED);
	assert_int_equal(g.vcpu.diag.reason, VMEXIT_WHY_INSN);
	assert_int_equal(g.vcpu.diag.insn_len, 2);
	/* A fault while fetching the instruction: #PF with I/D. */
	g.mock.regs.rip = HOLE;
	guest_exit(&g);
	assert_int_equal(vmexit_emulate_at_rip(&g.vcpu, NULL, 0, NULL),
			 VMEXIT_EXCEPTION);
	assert_int_equal(g.vcpu.pending.vector, VMEXIT_EXC_PF);
	assert_true(g.vcpu.pending.error & VMEXIT_PFEC_ID);
	g.mock.regs.rip = CODE;
}

/* Emulate the bytes with what an exit reported. */
static int run_with(const char *bytes, size_t n,
		    const struct vmexit_emul_hint *h)
{
	memcpy(g.ram + (g.mock.regs.rip & 0xfffff), bytes, n);
	guest_exit(&g);
	int rc = vmexit_emulate_at_rip(&g.vcpu, NULL, 0, h);
	if (rc == VMEXIT_DONE || rc == VMEXIT_EXCEPTION)
		assert_int_equal(vmexit_vcpu_flush(&g.vcpu), VMEXIT_DONE);
	return rc;
}

static int run_hint(const char *bytes, size_t n, bool gpa_valid,
		    uint64_t gpa, bool la_valid, uint64_t la)
{
	struct vmexit_emul_hint h = { .gpa_valid = gpa_valid, .gpa = gpa,
				      .la_valid = la_valid, .la = la };
	return run_with(bytes, n, &h);
}

#define GPA_HINT(s, gpa) run_hint(s, sizeof(s) - 1, true, gpa, false, 0)

static void assert_refused(int rc)
{
	assert_int_equal(rc, VMEXIT_UNHANDLED);
	assert_int_equal(g.vcpu.diag.reason, VMEXIT_WHY_ADDR_MISMATCH);
	assert_false(g.vcpu.dirty & VMEXIT_G_REGS);
}

/* The exit's address must fall inside an access the instruction makes,
 * with the access's real width: the implicit stack accesses count, and
 * so does the operand BT* addresses with its bit offset. */
static void test_hint_stack_and_bt(void **state)
{
	uint64_t ret;
	(void)state;
	/* push rax: the stack is the device (the slot at DEV + 0x7f8). */
	g.mock.regs.gpr[VMEXIT_RSP] = DEV_LA + 0x800;
	g.mock.regs.gpr[VMEXIT_RAX] = 0x0123456789abcdefull;
	assert_int_equal(GPA_HINT("\x50", DEV + 0x7f8), VMEXIT_DONE);
	assert_int_equal(dev64(0x7f8), 0x0123456789abcdefull);
	/* pop rbx from there */
	assert_int_equal(GPA_HINT("\x5b", DEV + 0x7ff), VMEXIT_DONE);
	assert_int_equal(g.mock.regs.gpr[VMEXIT_RBX], 0x0123456789abcdefull);
	assert_int_equal(g.mock.regs.gpr[VMEXIT_RSP], DEV_LA + 0x800);
	/* push qword [rdi] from RAM to the device stack */
	memcpy(g.ram + 0x4000, "\x11\x22\x33\x44\x55\x66\x77\x88", 8);
	g.mock.regs.gpr[VMEXIT_RDI] = 0x4000;
	assert_int_equal(GPA_HINT("\xff\x37", DEV + 0x7f8), VMEXIT_DONE);
	assert_int_equal(dev64(0x7f8), 0x8877665544332211ull);
	/* leave: RSP <- RBP, pop RBP from the device */
	g.mock.regs.gpr[VMEXIT_RBP] = DEV_LA + 0x7f8;
	g.mock.regs.gpr[VMEXIT_RSP] = 0x8000;
	assert_int_equal(GPA_HINT("\xc9", DEV + 0x7f8), VMEXIT_DONE);
	assert_int_equal(g.mock.regs.gpr[VMEXIT_RBP], 0x8877665544332211ull);
	assert_int_equal(g.mock.regs.gpr[VMEXIT_RSP], DEV_LA + 0x800);
	/* call [rdi]: target from RAM, return address to the device */
	memcpy(g.ram + 0x4000, "\x00\x30\x00\x00\x00\x00\x00\x00", 8);
	g.mock.regs.rip = CODE;
	assert_int_equal(GPA_HINT("\xff\x17", DEV + 0x7f8), VMEXIT_DONE);
	assert_int_equal(g.mock.regs.rip, 0x3000);
	ret = dev64(0x7f8);
	assert_int_equal(ret, CODE + 2);
	g.mock.regs.rip = CODE;
	/* ... and a hint on the page of [rdi] but not its 8 bytes: refused
	 * before the return address is written. */
	g.mock.regs.gpr[VMEXIT_RSP] = DEV_LA + 0x800;
	memset(dev_mem, 0, sizeof(dev_mem));
	assert_refused(GPA_HINT("\xff\x17", 0x4008));
	assert_int_equal(dev64(0x7f8), 0);
	/* bts [rdi], ebx with EBX = 32768: the dword 4096 bytes on, in the
	 * device, while [rdi] itself is on a page that is not mapped. */
	g.mock.regs.gpr[VMEXIT_RDI] = DEV_LA - 0x1000 + 0x20;
	g.mock.regs.gpr[VMEXIT_RBX] = 32768;
	assert_int_equal(GPA_HINT("\x0f\xab\x1f", DEV + 0x20), VMEXIT_DONE);
	assert_int_equal(dev_mem[0x20], 0x01);
	assert_int_equal(g.mock.regs.rip, CODE + 3);
}

/* Exact: a byte next to the access, or the next page of an access that
 * does not reach it, is not the access.  Linear and physical addresses,
 * when both are given, must name the same access. */
static void test_hint_exact(void **state)
{
	(void)state;
	g.mock.regs.gpr[VMEXIT_RDI] = DEV_LA + 0x10;
	g.mock.regs.gpr[VMEXIT_RAX] = 0x1122334455667788ull;
	/* mov [rdi], al: one byte */
	assert_refused(GPA_HINT("\x88\x07", DEV + 0x11));
	assert_refused(GPA_HINT("\x88\x07", DEV + 0xf));
	assert_int_equal(g.mock.calls[VMEXIT_MOCK_MMIO_WRITE], 0);
	assert_int_equal(GPA_HINT("\x88\x07", DEV + 0x10), VMEXIT_DONE);
	/* mov [rdi], rax ending at DEV + 0xfd7: not the RAM page after */
	g.mock.regs.rip = CODE;
	g.mock.regs.gpr[VMEXIT_RDI] = DEV_LA + 0xfd0;
	assert_refused(GPA_HINT("\x48\x89\x07", 0x5000));
	assert_int_equal(GPA_HINT("\x48\x89\x07", DEV + 0xfd7), VMEXIT_DONE);
	/* ... and one that crosses into it: the RAM half is the access too */
	g.mock.regs.rip = CODE;
	g.mock.regs.gpr[VMEXIT_RDI] = DEV_LA + 0xffc;
	assert_int_equal(GPA_HINT("\x48\x89\x07", 0x5003), VMEXIT_DONE);
	assert_int_equal(g.ram[0x5003], 0x11);
	/* linear and physical: both inside, or refused */
	g.mock.regs.rip = CODE;
	g.mock.regs.gpr[VMEXIT_RDI] = DEV_LA;
	assert_int_equal(run_hint("\x89\x07", 2, true, DEV + 1, true,
				  DEV_LA + 3), VMEXIT_DONE);
	g.mock.regs.rip = CODE;
	assert_refused(run_hint("\x89\x07", 2, true, DEV + 1, true,
				DEV_LA + 4));
	assert_refused(run_hint("\x89\x07", 2, true, DEV + 0x100, true,
				DEV_LA + 1));
	/* A load from RAM that is not the access: refused, and the
	 * destination register is untouched. */
	memset(g.mock.vregs.ymm[2], 0xee, 32);
	g.mock.regs.gpr[VMEXIT_RDI] = 0x4000;
	assert_refused(GPA_HINT("\xf3\x0f\x6f\x17", DEV)); /* movdqu */
	assert_int_equal(g.vcpu.vregs.ymm[2][0], 0xee);
	assert_false(g.vcpu.dirty & VMEXIT_G_VREGS);
	/* A device read that is not the access is not made. */
	g.mock.regs.gpr[VMEXIT_RDI] = DEV_LA + 0x40;
	unsigned reads = g.mock.calls[VMEXIT_MOCK_MMIO_READ];
	assert_refused(GPA_HINT("\x8b\x07", DEV + 0x80));
	assert_int_equal(g.mock.calls[VMEXIT_MOCK_MMIO_READ], reads);
}

/* The check of the hinted access walks the page tables without setting
 * accessed or dirty flags (a refused instruction changes nothing); the
 * access then sets the flags it needs ("Accessed and Dirty Flags"), or,
 * when they are all set already, uses the check's translation.  Either
 * way the flags end as one access by the processor leaves them. */
static void clear_ad(uint64_t la, uint64_t flags)
{
	for (unsigned l = guest_levels(&g); l >= 1; l--) {
		uint64_t e = guest_entry(&g, la, l);
		guest_wr(&g, e, guest_rd(&g, e, 8) & ~flags, 8);
	}
}

static void assert_ad(uint64_t la, bool dirty)
{
	for (unsigned l = guest_levels(&g); l >= 1; l--) {
		uint64_t e = guest_rd(&g, guest_entry(&g, la, l), 8);
		assert_true(e & 0x20); /* A in every entry */
		if (l > 1)
			continue;
		if (dirty)
			assert_true(e & 0x40); /* D in the leaf on a write */
		else
			assert_false(e & 0x40);
	}
}

static void test_hint_accessed_dirty(void **state)
{
	(void)state;
	g.mock.regs.gpr[VMEXIT_RDI] = DEV_LA + 0x20;
	g.mock.regs.gpr[VMEXIT_RAX] = 0x1122334455667788ull;
	/* A read with every flag clear: A set, D left clear. */
	clear_ad(DEV_LA, 0x60);
	dev_mem[0x20] = 0x5a;
	assert_int_equal(GPA_HINT("\x8a\x0f", DEV + 0x20), VMEXIT_DONE);
	assert_int_equal(g.mock.regs.gpr[VMEXIT_RCX] & 0xff, 0x5a);
	assert_ad(DEV_LA, false);
	/* A write with A set but D clear: D set. */
	g.mock.regs.rip = CODE;
	assert_int_equal(GPA_HINT("\x89\x07", DEV + 0x20), VMEXIT_DONE);
	assert_int_equal(dev64(0x20), 0x55667788);
	assert_ad(DEV_LA, true);
	/* Everything set: the check's translation serves the access. */
	for (int k = 0; k < 2; k++) {
		g.mock.regs.rip = CODE;
		g.mock.regs.gpr[VMEXIT_RAX] = 0xa0b0c0d0u + (unsigned)k;
		assert_int_equal(GPA_HINT("\x89\x07", DEV + 0x23), VMEXIT_DONE);
		assert_int_equal(dev64(0x20), 0xa0b0c0d0u + (unsigned)k);
		g.mock.regs.rip = CODE;
		assert_int_equal(GPA_HINT("\x8b\x0f", DEV + 0x20), VMEXIT_DONE);
		assert_int_equal(g.mock.regs.gpr[VMEXIT_RCX],
				 0xa0b0c0d0u + (unsigned)k);
	}
	assert_ad(DEV_LA, true);
	/* Across the page end into RAM, the flags of both pages: first
	 * with the RAM page's clear, then with all of them set. */
	g.mock.regs.gpr[VMEXIT_RDI] = DEV_LA + 0xffc;
	clear_ad(DEV_LA + 0x1000, 0x60);
	for (int k = 0; k < 2; k++) {
		g.mock.regs.rip = CODE;
		g.mock.regs.gpr[VMEXIT_RAX] = 0x1122334455667788ull + (unsigned)k;
		memset(g.ram + 0x5000, 0, 4);
		assert_int_equal(GPA_HINT("\x48\x89\x07", DEV + 0xffe), VMEXIT_DONE);
		assert_int_equal(dev_mem[0xffc], 0x88 + k);
		assert_int_equal(dev_mem[0xfff], 0x55);
		assert_int_equal(g.ram[0x5000], 0x44);
		assert_int_equal(g.ram[0x5003], 0x11);
		assert_ad(DEV_LA, true);
		assert_ad(DEV_LA + 0x1000, true);
	}
}

/* When translating the access the hint is checked against faults, the
 * fault is the instruction's: #PF with the address in CR2, as the
 * processor raises it, not a mismatch. */
static void test_hint_fault_is_raised(void **state)
{
	(void)state;
	g.mock.regs.gpr[VMEXIT_RDI] = HOLE + 0x10;
	assert_int_equal(GPA_HINT("\x89\x07", DEV), VMEXIT_EXCEPTION);
	assert_int_equal(g.mock.events[0].vector, VMEXIT_EXC_PF);
	assert_int_equal(g.mock.events[0].payload, HOLE + 0x10);
	assert_int_equal(g.mock.events[0].error, VMEXIT_PFEC_W);
	assert_int_equal(g.mock.regs.rip, CODE);
	/* non-canonical: #GP(0) */
	g.mock.regs.gpr[VMEXIT_RDI] = 0x0000800000000000ull;
	assert_int_equal(GPA_HINT("\x89\x07", DEV), VMEXIT_EXCEPTION);
	assert_int_equal(g.mock.events[0].vector, VMEXIT_EXC_GP);
}

/* Strings: the first iteration's accesses are the ones the exit can
 * name; I/O exits give the linear address of the string operand. */
static void test_hint_strings(void **state)
{
	(void)state;
	memcpy(g.ram + 0x4000, "wxyz", 4);
	g.mock.regs.gpr[VMEXIT_RSI] = 0x4000;
	g.mock.regs.gpr[VMEXIT_RDI] = DEV_LA + 0x100;
	g.mock.regs.gpr[VMEXIT_RCX] = 4;
	/* rep movsb RAM -> device: the first destination byte */
	assert_int_equal(GPA_HINT("\xf3\xa4", DEV + 0x100), VMEXIT_DONE);
	assert_memory_equal(&dev_mem[0x100], "wxyz", 4);
	/* the second iteration's byte: refused, nothing moved */
	g.mock.regs.rip = CODE;
	g.mock.regs.gpr[VMEXIT_RSI] = 0x4000;
	g.mock.regs.gpr[VMEXIT_RDI] = DEV_LA + 0x200;
	g.mock.regs.gpr[VMEXIT_RCX] = 4;
	assert_refused(GPA_HINT("\xf3\xa4", DEV + 0x201));
	assert_int_equal(dev_mem[0x200], 0);
	/* outsb with the linear address of DS:RSI; a wrong one makes no
	 * port access */
	g.mock.regs.gpr[VMEXIT_RDX] = 0x80;
	assert_int_equal(run_hint("\x6e", 1, false, 0, true, 0x4000),
			 VMEXIT_DONE);
	assert_int_equal(vmexit_mock_log_entry(&g.mock, 0)->data[0], 'w');
	unsigned outs = g.mock.calls[VMEXIT_MOCK_PIO_OUT];
	assert_refused(run_hint("\x6e", 1, false, 0, true, 0x4002));
	assert_int_equal(g.mock.calls[VMEXIT_MOCK_PIO_OUT], outs);
	/* insb: the destination is checked before the port is read */
	unsigned ins = g.mock.calls[VMEXIT_MOCK_PIO_IN];
	g.mock.regs.gpr[VMEXIT_RDI] = 0x4100;
	assert_refused(run_hint("\x6c", 1, false, 0, true, 0x4101));
	assert_int_equal(g.mock.calls[VMEXIT_MOCK_PIO_IN], ins);
	assert_int_equal(run_hint("\x6c", 1, false, 0, true, 0x4100),
			 VMEXIT_DONE);
	assert_int_equal(g.ram[0x4100], 0x80);
}

/* Emulate with an EPT violation's hint: both addresses, and the
 * processor's translation for an access of kind acc. */
static int run_xlat(const char *bytes, size_t n, uint64_t gpa, uint64_t la,
		    unsigned acc)
{
	struct vmexit_emul_hint h = { .gpa_valid = true, .gpa = gpa,
				      .la_valid = true, .la = la,
				      .xlat_valid = true,
				      .xlat_acc = (uint8_t)acc };
	return run_with(bytes, n, &h);
}

/* The exit's translation serves the access it names, without a walk:
 * after the exit the guest pointed the page elsewhere (and cleared the
 * accessed flags), and the access still goes where the processor sent
 * it, leaving the page tables alone.  Where the access is not the one
 * the processor translated (another kind, another page, another offset,
 * crossing a page) the page tables are walked as without it. */
static void test_hint_exit_translation(void **state)
{
	uint64_t leaf = guest_entry(&g, DEV_LA, 1);
	uint64_t pte = guest_rd(&g, leaf, 8);
	(void)state;
	g.mock.regs.gpr[VMEXIT_RDI] = DEV_LA + 0x20;
	g.mock.regs.gpr[VMEXIT_RAX] = 0x11223344u;
	clear_ad(DEV_LA, 0x60);
	guest_wr(&g, leaf, (pte & ~0x000ffffffffff000ull & ~0x60ull) | 0x6000, 8);
	assert_int_equal(run_xlat("\x89\x07", 2, DEV + 0x22, DEV_LA + 0x22,
				  VMEXIT_ACC_WRITE), VMEXIT_DONE);
	assert_int_equal(dev64(0x20), 0x11223344u);
	assert_int_equal(g.mock.regs.rip, CODE + 2);
	assert_false(guest_rd(&g, leaf, 8) & 0x60);
	assert_false(guest_rd(&g, guest_entry(&g, DEV_LA, 2), 8) & 0x20);
	/* a write translated for a read: walked, to the new page, which is
	 * not the exit's address */
	g.mock.regs.rip = CODE;
	assert_refused(run_xlat("\x89\x07", 2, DEV + 0x20, DEV_LA + 0x20,
				VMEXIT_ACC_READ));
	/* a read is served by a write's translation */
	dev_mem[0x20] = 0x5a;
	assert_int_equal(run_xlat("\x8a\x0f", 2, DEV + 0x20, DEV_LA + 0x20,
				  VMEXIT_ACC_WRITE), VMEXIT_DONE);
	assert_int_equal(g.mock.regs.gpr[VMEXIT_RCX] & 0xff, 0x5a);
	/* offsets in the page that disagree: walked, refused */
	g.mock.regs.rip = CODE;
	assert_refused(run_xlat("\x8a\x0f", 2, DEV + 0x21, DEV_LA + 0x20,
				VMEXIT_ACC_READ));
	/* the linear address outside the access: walked, refused */
	assert_refused(run_xlat("\x8a\x0f", 2, DEV + 0x21, DEV_LA + 0x21,
				VMEXIT_ACC_READ));
	/* crossing into the next page: walked (the new page is RAM at
	 * 0x6000, so the device half is not the access) */
	g.mock.regs.gpr[VMEXIT_RDI] = DEV_LA + 0xffe;
	assert_refused(run_xlat("\x89\x07", 2, DEV + 0xffe, DEV_LA + 0xffe,
				VMEXIT_ACC_WRITE));
	/* the old mapping back: the walk agrees with the exit and sets the
	 * flags the processor would */
	guest_wr(&g, leaf, pte, 8);
	clear_ad(DEV_LA, 0x60);
	g.mock.regs.rip = CODE;
	g.mock.regs.gpr[VMEXIT_RDI] = DEV_LA + 0x20;
	assert_int_equal(run_xlat("\x89\x07", 2, DEV + 0x20, DEV_LA + 0x20,
				  VMEXIT_ACC_READ), VMEXIT_DONE);
	assert_ad(DEV_LA, true);
}

static void test_failures_and_crossings(void **state)
{
	(void)state;
	/* A store that starts in the device page and ends in RAM: 4 bytes
	 * to the device, 4 to RAM. */
	g.mock.regs.gpr[VMEXIT_RDI] = DEV_LA + 0xffc;
	g.mock.regs.gpr[VMEXIT_RAX] = 0x1122334455667788ull;
	assert_int_equal(RUN("\x48\x89\x07"), VMEXIT_DONE);
	assert_int_equal(dev_mem[0xffc], 0x88);
	assert_int_equal(g.ram[0x5000], 0x44);
	const struct vmexit_mock_access *a = vmexit_mock_log_entry(&g.mock, 0);
	assert_int_equal(a->size, 4);
	assert_int_equal(a->addr, DEV + 0xffc);
	/* A device that fails: a backend error, and nothing committed. */
	uint64_t rip = g.mock.regs.rip;
	g.mock.fail_ops = VMEXIT_MOCK_FAIL(VMEXIT_MOCK_MMIO_READ);
	g.mock.regs.gpr[VMEXIT_RDI] = DEV_LA;
	g.mock.regs.gpr[VMEXIT_RCX] = 7;
	assert_int_equal(RUN("\x8b\x0f"), VMEXIT_ERR_BACKEND);
	assert_int_equal(g.mock.regs.rip, rip);
	assert_int_equal(g.mock.regs.gpr[VMEXIT_RCX], 7);
	g.mock.fail_ops = VMEXIT_MOCK_FAIL(VMEXIT_MOCK_PIO_OUT);
	assert_int_equal(RUN("\xee"), VMEXIT_ERR_BACKEND);
	g.mock.fail_ops = 0;
	/* A non-canonical address: #GP(0); through RSP: #SS(0). */
	g.mock.regs.gpr[VMEXIT_RDI] = 0x0000800000000000ull;
	assert_int_equal(RUN("\x89\x07"), VMEXIT_EXCEPTION);
	assert_int_equal(g.mock.events[0].vector, VMEXIT_EXC_GP);
	g.mock.regs.gpr[VMEXIT_RSP] = 0x0000800000000000ull;
	assert_int_equal(RUN("\x89\x04\x24"), VMEXIT_EXCEPTION);
	assert_int_equal(g.mock.events[0].vector, VMEXIT_EXC_SS);
	/* Fault-class exceptions are delivered with RF set. */
	assert_true(g.mock.regs.rflags & VMEXIT_RFLAGS_RF);
	g.mock.regs.rflags &= ~VMEXIT_RFLAGS_RF;
}

static void test_protected_mode_limits(void **state)
{
	struct guest p;
	(void)state;
	assert_int_equal(guest_init(&p, VMEXIT_MODE_PROT32, VMEXIT_PAGING_NONE),
			 0);
	vmexit_mock_add_mmio(&p.mock, DEV, 0x1000, dev, NULL);
	p.mock.regs.rip = 0x1000;
	/* ES limit 0xfff: the last dword that fits, then one past it. */
	p.mock.sregs.seg[VMEXIT_SEG_ES].limit = 0xfff;
	p.mock.sregs.seg[VMEXIT_SEG_ES].base = DEV;
	p.mock.regs.gpr[VMEXIT_RBX] = 0xffc;
	p.mock.regs.gpr[VMEXIT_RAX] = 0xcafe;
	memcpy(p.ram + 0x1000, "\x26\x89\x03\x26\x89\x43\x01", 7);
	guest_exit(&p);
	assert_int_equal(vmexit_emulate_at_rip(&p.vcpu, NULL, 0, NULL),
			 VMEXIT_DONE);
	assert_int_equal(vmexit_vcpu_flush(&p.vcpu), VMEXIT_DONE);
	assert_int_equal(dev_mem[0xffc], 0xfe);
	guest_exit(&p);
	assert_int_equal(vmexit_emulate_at_rip(&p.vcpu, NULL, 0, NULL),
			 VMEXIT_EXCEPTION);
	assert_int_equal(p.vcpu.pending.vector, VMEXIT_EXC_GP);
	assert_int_equal(p.vcpu.pending.error, 0);
	/* 16-bit operand size and a 16-bit address (66 67 prefixes):
	 * mov [bx+di], ax with DS base DEV. */
	p.mock.sregs.seg[VMEXIT_SEG_DS].base = DEV;
	p.mock.regs.gpr[VMEXIT_RBX] = 0x10;
	p.mock.regs.gpr[VMEXIT_RDI] = 0x10020;
	p.mock.regs.rip = 0x1003;
	memcpy(p.ram + 0x1003, "\x66\x67\x89\x01", 4);
	guest_exit(&p);
	assert_int_equal(vmexit_emulate_at_rip(&p.vcpu, NULL, 0, NULL),
			 VMEXIT_DONE);
	assert_int_equal(dev_mem[0x30], 0xfe); /* (0x10 + 0x0020) & 0xffff */
	guest_free(&p);
}

static void test_real_mode(void **state)
{
	struct guest r;
	(void)state;
	assert_int_equal(guest_init(&r, VMEXIT_MODE_REAL, VMEXIT_PAGING_NONE),
			 0);
	/* CS:IP = 0:0x7c00; DS = 0x100; mov [bx+si+2], ax */
	r.mock.sregs.seg[VMEXIT_SEG_CS].base = 0;
	r.mock.sregs.seg[VMEXIT_SEG_CS].selector = 0;
	r.mock.regs.rip = 0x7c00;
	r.mock.sregs.seg[VMEXIT_SEG_DS].base = 0x1000;
	r.mock.regs.gpr[VMEXIT_RBX] = 0x10;
	r.mock.regs.gpr[VMEXIT_RSI] = 0x20;
	r.mock.regs.gpr[VMEXIT_RAX] = 0xbeef;
	memcpy(r.ram + 0x7c00, "\x89\x40\x02", 3);
	guest_exit(&r);
	assert_int_equal(vmexit_emulate_at_rip(&r.vcpu, NULL, 0, NULL),
			 VMEXIT_DONE);
	assert_int_equal(vmexit_vcpu_flush(&r.vcpu), VMEXIT_DONE);
	assert_int_equal(r.ram[0x1032], 0xef);
	assert_int_equal(r.ram[0x1033], 0xbe);
	assert_int_equal(r.mock.regs.rip, 0x7c03);
	/* Past the 64 KiB limit: #GP, no error code in real mode. */
	r.mock.regs.gpr[VMEXIT_RBX] = 0xfffe;
	r.mock.regs.gpr[VMEXIT_RSI] = 0;
	memcpy(r.ram + 0x7c03, "\x89\x47\x01", 3);
	guest_exit(&r);
	assert_int_equal(vmexit_emulate_at_rip(&r.vcpu, NULL, 0, NULL),
			 VMEXIT_EXCEPTION);
	assert_int_equal(r.vcpu.pending.vector, VMEXIT_EXC_GP);
	assert_false(r.vcpu.pending.has_error);
	guest_free(&r);
}

/* Bytes the exit supplied (SVM decode assists, KVM's emulation failure):
 * used when they hold the whole instruction, and fetched from CS:RIP when
 * they stop short of it. */
static void test_exit_bytes(void **state)
{
	(void)state;
	g.mock.regs.gpr[VMEXIT_RBX] = DEV_LA;
	memset(g.mock.vregs.ymm[0], 0x5a, 16);
	memcpy(g.mock.vregs.ymm[0], "\x01\x02\x03\x04\x05\x06\x07\x08", 8);
	/* Memory holds a NOP; the exit's bytes win: movq [rbx+0x10], xmm0. */
	memcpy(g.ram + CODE, "\x90", 1);
	guest_exit(&g);
	assert_int_equal(vmexit_emulate_at_rip(&g.vcpu,
					       (const uint8_t *)"\x66\x0f\xd6\x43\x10",
					       5, NULL),
			 VMEXIT_DONE);
	assert_int_equal(vmexit_vcpu_flush(&g.vcpu), VMEXIT_DONE);
	assert_int_equal(dev64(0x10), 0x0807060504030201ull);
	assert_int_equal(g.mock.regs.rip, CODE + 5);
	/* Three of the five bytes: the instruction is fetched whole. */
	g.mock.regs.rip = CODE;
	memcpy(g.ram + CODE, "\x66\x0f\xd6\x43\x20", 5);
	guest_exit(&g);
	assert_int_equal(vmexit_emulate_at_rip(&g.vcpu,
					       (const uint8_t *)"\x66\x0f\xd6",
					       3, NULL),
			 VMEXIT_DONE);
	assert_int_equal(vmexit_vcpu_flush(&g.vcpu), VMEXIT_DONE);
	assert_int_equal(dev64(0x20), 0x0807060504030201ull);
	assert_int_equal(g.mock.regs.rip, CODE + 5);
	assert_int_equal(g.vcpu.diag.insn_len, 5);
	assert_int_equal(g.vcpu.diag.insn[4], 0x20);
}

/* emul_lookup() goes to the rows of a (map, opcode) through the table's
 * index and scans them: the rows must be in (map, opcode) order, and the
 * index must name the first row of each key. */
static unsigned key_of(const struct emul_op *op)
{
	return EMUL_KEY(op->map, op->opcode);
}

static void test_form_tables_sorted(void **state)
{
	static const struct emul_table *const tabs[] = {
		&emul_int_table, &emul_string_table, &emul_vector_table,
	};
	(void)state;
	for (unsigned k = 0; k < sizeof(tabs) / sizeof(tabs[0]); k++) {
		const struct emul_table *t = tabs[k];
		for (unsigned j = 1; j < t->nr; j++)
			assert_true(key_of(&t->op[j - 1]) <= key_of(&t->op[j]));
		for (unsigned key = 0; key < EMUL_NR_KEYS; key++) {
			unsigned below = 0;
			while (below < t->nr && key_of(&t->op[below]) < key)
				below++;
			assert_int_equal(t->first[key], below);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_form_tables_sorted),
		cmocka_unit_test(test_emulated_flag_agrees),
		cmocka_unit_test_setup_teardown(test_caller_insn_checked, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_mov_every_size, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_xlat, setup, teardown),
		cmocka_unit_test_setup_teardown(test_alu_on_mmio, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_exchange_family, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_cmpxchg16b_atomic, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_bt_beyond_operand, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_rep_strings, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_rep_pause_sets_rf, setup,
						teardown),
		cmocka_unit_test_setup_teardown(
			test_rep_backend_failure_keeps_progress, setup, teardown),
		cmocka_unit_test_setup_teardown(test_port_io, setup, teardown),
		cmocka_unit_test_setup_teardown(test_vector_moves, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_data_breakpoints, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_direct_stores_streaming_load,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_register_forms_unhandled,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_mmx_moves, setup, teardown),
		cmocka_unit_test_setup_teardown(test_register_forms_invalid,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_alignment_is_linear, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_null_segment_prefix_64, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_stack_and_branches, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_enter, setup, teardown),
		cmocka_unit_test_setup_teardown(test_read_only_forms, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_traps_shadows_hints, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_hint_stack_and_bt, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_hint_exact, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_hint_accessed_dirty, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_hint_fault_is_raised, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_muldiv, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tzcnt_lzcnt, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hint_exit_translation, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_hint_strings, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_failures_and_crossings,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_exit_bytes, setup, teardown),
		cmocka_unit_test(test_protected_mode_limits),
		cmocka_unit_test(test_real_mode),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
