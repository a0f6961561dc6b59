/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Each integer family of the emulator in each CPU mode: real, virtual-8086,
 * 16-bit protected, 32-bit protected and 64-bit.  The same operation on a
 * dword in a device at DS:BX is encoded for each mode (66 prefix and
 * [bx] addressing in 16-bit code, [ebx]/[rbx] elsewhere) and must give
 * the same result, worked out by hand from the SDM's "Operation" text.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include <vmexit/decode.h>
#include <vmexit/emulate.h>

#include "lib/guest.h"

#define DEVB 0x20000u /* a device over RAM at 128 KiB */
#define OFF 0x100u
#define MEM0 0x8000ff81u
#define EAX0 0x12345678u
#define ECX0 3u

static uint8_t dev_mem[0x1000];

static int dev(void *opaque, uint64_t gpa, void *data, unsigned size,
	       bool write)
{
	(void)opaque;
	if (write)
		memcpy(&dev_mem[gpa - DEVB], data, size);
	else
		memcpy(data, &dev_mem[gpa - DEVB], size);
	return VMEXIT_DONE;
}

struct row {
	const char *name;
	const char *op;    /* opcode bytes (after any 66) */
	unsigned oplen;
	uint8_t reg;       /* ModRM.reg */
	int8_t imm;        /* imm8 after the ModRM byte, or -1 */
	uint64_t rflags;   /* besides bit 1 */
	uint32_t eax0;
	uint32_t mem, eax, ecx; /* expected */
};

#define CF VMEXIT_RFLAGS_CF
#define ZF VMEXIT_RFLAGS_ZF

static const struct row rows[] = {
	{ "mov [m],eax", "\x89", 1, 0, -1, 0, EAX0, EAX0, EAX0, ECX0 },
	{ "add [m],ecx", "\x01", 1, 1, -1, 0, EAX0, 0x8000ff84, EAX0, ECX0 },
	{ "sub [m],ecx", "\x29", 1, 1, -1, 0, EAX0, 0x8000ff7e, EAX0, ECX0 },
	{ "and [m],ecx", "\x21", 1, 1, -1, 0, EAX0, 0x00000001, EAX0, ECX0 },
	{ "or [m],ecx", "\x09", 1, 1, -1, 0, EAX0, 0x8000ff83, EAX0, ECX0 },
	{ "xor [m],ecx", "\x31", 1, 1, -1, 0, EAX0, 0x8000ff82, EAX0, ECX0 },
	{ "cmp [m],ecx", "\x39", 1, 1, -1, 0, EAX0, MEM0, EAX0, ECX0 },
	{ "adc [m],ecx", "\x11", 1, 1, -1, CF, EAX0, 0x8000ff85, EAX0, ECX0 },
	{ "xchg [m],eax", "\x87", 1, 0, -1, 0, EAX0, EAX0, MEM0, ECX0 },
	{ "movzx eax,byte", "\x0f\xb6", 2, 0, -1, 0, EAX0, MEM0, 0x81, ECX0 },
	{ "movsx eax,word", "\x0f\xbf", 2, 0, -1, 0, EAX0, MEM0, 0xffffff81,
	  ECX0 },
	{ "inc [m]", "\xff", 1, 0, -1, 0, EAX0, 0x8000ff82, EAX0, ECX0 },
	{ "neg [m]", "\xf7", 1, 3, -1, 0, EAX0, 0x7fff007f, EAX0, ECX0 },
	{ "not [m]", "\xf7", 1, 2, -1, 0, EAX0, 0x7fff007e, EAX0, ECX0 },
	{ "shl [m],cl", "\xd3", 1, 4, -1, 0, EAX0, 0x0007fc08, EAX0, ECX0 },
	{ "rol [m],1", "\xd1", 1, 0, -1, 0, EAX0, 0x0001ff03, EAX0, ECX0 },
	{ "sar [m],4", "\xc1", 1, 7, 4, 0, EAX0, 0xf8000ff8, EAX0, ECX0 },
	{ "bts [m],ecx", "\x0f\xab", 2, 1, -1, 0, EAX0, 0x8000ff89, EAX0,
	  ECX0 },
	{ "xadd [m],ecx", "\x0f\xc1", 2, 1, -1, 0, EAX0, 0x8000ff84, EAX0,
	  MEM0 },
	{ "cmpxchg [m],ecx", "\x0f\xb1", 2, 1, -1, 0, MEM0, ECX0, MEM0, ECX0 },
	{ "setc [m]", "\x0f\x92", 2, 0, -1, CF, EAX0, 0x8000ff01, EAX0, ECX0 },
	{ "cmovz eax,[m]", "\x0f\x44", 2, 0, -1, ZF, EAX0, MEM0, MEM0, ECX0 },
	{ "cmovnz eax,[m]", "\x0f\x45", 2, 0, -1, ZF, EAX0, MEM0, EAX0, ECX0 },
	{ "test byte [m],imm", "\xf6", 1, 0, 0x70, 0, EAX0, MEM0, EAX0, ECX0 },
};

enum { REAL, VM86, PROT16, PROT32, LONG64, NR_MODES };
static const char *const mode_names[] = { "real", "vm86", "prot16",
					  "prot32", "long64" };

static void setup_mode(struct guest *g, int mode)
{
	struct vmexit_sregs *s;
	static const enum vmexit_cpu_mode base[] = {
		VMEXIT_MODE_REAL, VMEXIT_MODE_PROT32, VMEXIT_MODE_PROT32,
		VMEXIT_MODE_PROT32, VMEXIT_MODE_LONG64,
	};
	assert_int_equal(guest_init(g, base[mode], mode == LONG64
						   ? VMEXIT_PAGING_4LEVEL
						   : VMEXIT_PAGING_NONE), 0);
	s = &g->mock.sregs;
	if (mode == LONG64)
		for (uint64_t a = 0; a < 0x100000; a += 0x1000)
			guest_map(g, a, a, 0x7, 1);
	vmexit_mock_add_mmio(&g->mock, DEVB, 0x1000, dev, NULL);
	if (mode == VM86) {
		/* Virtual-8086 segments: base = selector * 16, limit FFFFH,
		 * DPL 3 data ("Virtual-8086 Mode"). */
		g->mock.regs.rflags |= VMEXIT_RFLAGS_VM;
		for (int i = 0; i <= VMEXIT_SEG_GS; i++)
			s->seg[i] = (struct vmexit_segment){ 0, 0xffff, 0xf3, 0 };
	}
	if (mode == PROT16)
		s->seg[VMEXIT_SEG_CS].ar &= ~VMEXIT_AR_DB;
	s->seg[VMEXIT_SEG_CS].base = 0;
	s->seg[VMEXIT_SEG_CS].selector = 0;
	if (mode != LONG64) {
		s->seg[VMEXIT_SEG_DS].base = DEVB;
		s->seg[VMEXIT_SEG_DS].selector = DEVB >> 4;
	}
	g->mock.regs.rip = 0x1000;
}

/* The instruction for a mode: 16-bit code uses 66 for 32-bit operands
 * and [bx] (rm 7); the others use [ebx]/[rbx] (rm 3). */
static size_t encode(const struct row *r, int mode, uint8_t *out)
{
	bool code16 = mode == REAL || mode == VM86 || mode == PROT16;
	size_t n = 0;

	if (code16)
		out[n++] = 0x66;
	memcpy(out + n, r->op, r->oplen);
	n += r->oplen;
	out[n++] = (uint8_t)((r->reg << 3) | (code16 ? 7 : 3));
	if (r->imm >= 0)
		out[n++] = (uint8_t)r->imm;
	return n;
}

static void test_families_in_every_mode(void **state)
{
	unsigned compared = 0;
	(void)state;

	for (int mode = 0; mode < NR_MODES; mode++)
	for (size_t k = 0; k < sizeof(rows) / sizeof(rows[0]); k++) {
		const struct row *r = &rows[k];
		struct guest g;
		uint8_t code[16];
		uint32_t mem = MEM0;
		size_t n;

		setup_mode(&g, mode);
		n = encode(r, mode, code);
		memcpy(g.ram + 0x1000, code, n);
		memcpy(&dev_mem[OFF], &mem, 4);
		g.mock.regs.gpr[VMEXIT_RBX] = mode == LONG64 ? DEVB + OFF : OFF;
		g.mock.regs.gpr[VMEXIT_RAX] = r->eax0;
		g.mock.regs.gpr[VMEXIT_RCX] = ECX0;
		g.mock.regs.rflags |= r->rflags;
		guest_exit(&g);
		int rc = vmexit_emulate_at_rip(&g.vcpu, NULL, 0, NULL);
		if (rc != VMEXIT_DONE)
			printf("%s in %s: status %d\n", r->name,
			       mode_names[mode], rc);
		assert_int_equal(rc, VMEXIT_DONE);
		assert_int_equal(vmexit_vcpu_flush(&g.vcpu), VMEXIT_DONE);
		memcpy(&mem, &dev_mem[OFF], 4);
		if (mem != r->mem || (uint32_t)g.mock.regs.gpr[VMEXIT_RAX] !=
					     r->eax ||
		    (uint32_t)g.mock.regs.gpr[VMEXIT_RCX] != r->ecx)
			printf("%s in %s: mem %#x eax %#x ecx %#x\n", r->name,
			       mode_names[mode], mem,
			       (uint32_t)g.mock.regs.gpr[VMEXIT_RAX],
			       (uint32_t)g.mock.regs.gpr[VMEXIT_RCX]);
		assert_int_equal(mem, r->mem);
		assert_int_equal((uint32_t)g.mock.regs.gpr[VMEXIT_RAX], r->eax);
		assert_int_equal((uint32_t)g.mock.regs.gpr[VMEXIT_RCX], r->ecx);
		assert_int_equal(g.mock.regs.rip, 0x1000 + n);
		guest_free(&g);
		compared++;
	}
	printf("families x modes: %u cases\n", compared);
}

/* String instructions with 16-bit addressing: SI/DI/CX wrap in 16 bits
 * and the upper halves of ESI/EDI/ECX are kept. */
static void test_string_16bit_wrap(void **state)
{
	struct guest g;
	(void)state;
	setup_mode(&g, REAL);
	g.mock.sregs.seg[VMEXIT_SEG_ES].base = DEVB;
	g.mock.regs.gpr[VMEXIT_RDI] = 0xabcd0ffe;   /* DI = 0ffe */
	g.mock.regs.gpr[VMEXIT_RCX] = 0x12340002;   /* CX = 2 */
	g.mock.regs.gpr[VMEXIT_RAX] = 0x7777;
	memcpy(g.ram + 0x1000, "\xf3\xab", 2);     /* rep stosw */
	guest_exit(&g);
	assert_int_equal(vmexit_emulate_at_rip(&g.vcpu, NULL, 0, NULL),
			 VMEXIT_DONE);
	assert_int_equal(vmexit_vcpu_flush(&g.vcpu), VMEXIT_DONE);
	assert_int_equal(g.mock.regs.gpr[VMEXIT_RDI], 0xabcd1002);
	assert_int_equal(g.mock.regs.gpr[VMEXIT_RCX], 0x12340000);
	assert_int_equal(dev_mem[0xffe], 0x77);
	assert_int_equal(dev_mem[0x1000 - 1], 0x77);
	guest_free(&g);
}

/* 82 is 80 under another name outside 64-bit mode ("Opcode Map", Table
 * 82 is Immediate Grp 1 Eb, Ib, i64) and #UD in 64-bit mode.
 * add byte [m], 5 on 81H gives 86H; lock sub byte [m], 1 then 85H. */
static void test_opcode_82(void **state)
{
	(void)state;
	for (int mode = 0; mode < NR_MODES; mode++) {
		bool code16 = mode == REAL || mode == VM86 || mode == PROT16;
		uint8_t rm = code16 ? 7 : 3;
		uint8_t add[3] = { 0x82, rm, 5 };
		uint8_t lsub[4] = { 0xf0, 0x82, (uint8_t)(0x28 | rm), 1 };
		uint32_t mem = MEM0;
		struct guest g;

		setup_mode(&g, mode);
		memcpy(g.ram + 0x1000, add, 3);
		memcpy(g.ram + 0x1003, lsub, 4);
		memcpy(&dev_mem[OFF], &mem, 4);
		g.mock.regs.gpr[VMEXIT_RBX] = mode == LONG64 ? DEVB + OFF : OFF;
		guest_exit(&g);
		int rc = vmexit_emulate_at_rip(&g.vcpu, NULL, 0, NULL);
		if (mode == LONG64) {
			assert_int_equal(rc, VMEXIT_EXCEPTION);
			assert_int_equal(g.vcpu.pending.vector, VMEXIT_EXC_UD);
			guest_free(&g);
			continue;
		}
		if (rc != VMEXIT_DONE)
			printf("82 in %s: status %d\n", mode_names[mode], rc);
		assert_int_equal(rc, VMEXIT_DONE);
		assert_int_equal(vmexit_vcpu_flush(&g.vcpu), VMEXIT_DONE);
		assert_int_equal(dev_mem[OFF], 0x86);
		assert_int_equal(g.mock.regs.rip, 0x1003);
		guest_exit(&g);
		assert_int_equal(vmexit_emulate_at_rip(&g.vcpu, NULL, 0, NULL),
				 VMEXIT_DONE);
		assert_int_equal(vmexit_vcpu_flush(&g.vcpu), VMEXIT_DONE);
		assert_int_equal(dev_mem[OFF], 0x85);
		memcpy(&mem, &dev_mem[OFF], 4);
		assert_int_equal(mem, 0x8000ff85);
		assert_int_equal(g.mock.regs.rip, 0x1007);
		guest_free(&g);
	}
}

/* ENTER with 16-bit operands and stack: enter 6, 2 in real mode with the
 * stack in the device (SS base DEVB).  Push BP; FrameTemp <- SP; BP <-
 * BP - 2 and push [BP]; push FrameTemp; BP <- FrameTemp; SP <- SP - 6.
 * Then in 32-bit protected mode with SS limit FFFFH, ESP - AllocSize
 * outside the limit is #SS(0) ("ENTER": "#SS(0) If the new value of the
 * SP or ESP register is outside the stack segment limit"). */
static void test_enter_16_and_32(void **state)
{
	struct guest g;
	(void)state;
	setup_mode(&g, REAL);
	g.mock.sregs.seg[VMEXIT_SEG_SS].base = DEVB;
	g.mock.regs.gpr[VMEXIT_RSP] = 0xabcd0200;  /* SP = 0200 */
	g.mock.regs.gpr[VMEXIT_RBP] = 0x00000300;
	memcpy(&dev_mem[0x2fe], "\x22\x11", 2);   /* [BP - 2] = 1122 */
	memcpy(g.ram + 0x1000, "\xc8\x06\x00\x02", 4);
	guest_exit(&g);
	assert_int_equal(vmexit_emulate_at_rip(&g.vcpu, NULL, 0, NULL),
			 VMEXIT_DONE);
	assert_int_equal(vmexit_vcpu_flush(&g.vcpu), VMEXIT_DONE);
	assert_memory_equal(&dev_mem[0x1fe], "\x00\x03", 2); /* old BP */
	assert_memory_equal(&dev_mem[0x1fc], "\x22\x11", 2); /* display */
	assert_memory_equal(&dev_mem[0x1fa], "\xfe\x01", 2); /* FrameTemp */
	assert_int_equal(g.mock.regs.gpr[VMEXIT_RBP], 0x000001fe);
	assert_int_equal(g.mock.regs.gpr[VMEXIT_RSP], 0xabcd01f4);
	assert_int_equal(g.mock.regs.rip, 0x1004);
	guest_free(&g);

	setup_mode(&g, PROT32);
	g.mock.sregs.seg[VMEXIT_SEG_SS].base = DEVB;
	g.mock.sregs.seg[VMEXIT_SEG_SS].limit = 0xffff;
	g.mock.regs.gpr[VMEXIT_RSP] = 0x100;
	g.mock.regs.gpr[VMEXIT_RBP] = 0x5555;
	memcpy(g.ram + 0x1000, "\xc8\x00\x02\x00", 4); /* enter 0x200, 0 */
	guest_exit(&g);
	assert_int_equal(vmexit_emulate_at_rip(&g.vcpu, NULL, 0, NULL),
			 VMEXIT_EXCEPTION);
	assert_int_equal(g.vcpu.pending.vector, VMEXIT_EXC_SS);
	assert_int_equal(g.vcpu.pending.error, 0);
	assert_int_equal(vmexit_vcpu_flush(&g.vcpu), VMEXIT_DONE);
	assert_int_equal(g.mock.regs.gpr[VMEXIT_RSP], 0x100);
	assert_int_equal(g.mock.regs.gpr[VMEXIT_RBP], 0x5555);
	/* enter 0x80, 0 fits: ESP = 0x100 - 4 - 0x80 */
	memcpy(g.ram + 0x1000, "\xc8\x80\x00\x00", 4);
	guest_exit(&g);
	assert_int_equal(vmexit_emulate_at_rip(&g.vcpu, NULL, 0, NULL),
			 VMEXIT_DONE);
	assert_int_equal(vmexit_vcpu_flush(&g.vcpu), VMEXIT_DONE);
	assert_int_equal(g.mock.regs.gpr[VMEXIT_RSP], 0x7c);
	assert_int_equal(g.mock.regs.gpr[VMEXIT_RBP], 0xfc);
	assert_memory_equal(&dev_mem[0xfc], "\x55\x55\x00\x00", 4);
	guest_free(&g);
}

/* 63 /r is MOVSXD in 64-bit mode and ARPL outside it ("ARPL", "MOVSX/
 * MOVSXD"): the emulator has MOVSXD only, and says so by mode. */
static void test_63_by_mode(void **state)
{
	static const uint8_t b[] = { 0x63, 0x07 };
	struct vmexit_insn d;
	(void)state;

	assert_int_equal(vmexit_decode(b, 2, VMEXIT_DECODE_64, &d), VMEXIT_DONE);
	assert_true(vmexit_can_emulate(&d));
	assert_int_equal(vmexit_decode(b, 2, VMEXIT_DECODE_32, &d), VMEXIT_DONE);
	assert_false(vmexit_can_emulate(&d));
	assert_int_equal(vmexit_decode(b, 2, VMEXIT_DECODE_16, &d), VMEXIT_DONE);
	assert_false(vmexit_can_emulate(&d));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_families_in_every_mode),
		cmocka_unit_test(test_string_16bit_wrap),
		cmocka_unit_test(test_opcode_82),
		cmocka_unit_test(test_enter_16_and_32),
		cmocka_unit_test(test_63_by_mode),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
