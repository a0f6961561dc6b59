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

/* MOVNTI has only doubleword and quadword forms ("MOVNTI"): in 16-bit
 * code, without 66 (which is #UD), it stores EAX whole, and with REX.W
 * RAX.  Caught against KVM (tests/vm/kvm-diff/, real mode): the
 * 16-bit operand size stored AX only. */
static void test_movnti_dword(void **state)
{
	(void)state;

	for (int mode = 0; mode < NR_MODES; mode++)
	for (int w = 0; w < (mode == LONG64 ? 2 : 1); w++) {
		bool code16 = mode == REAL || mode == VM86 || mode == PROT16;
		uint8_t code[] = { 0x48, 0x0f, 0xc3, code16 ? 0x07 : 0x03 };
		const uint8_t *c = w ? code : code + 1;
		size_t n = w ? 4 : 3;
		uint64_t mem = ~0ull, want = w ? 0x1122334455667788ull
					       : 0xffffffff55667788ull;
		struct guest g;

		setup_mode(&g, mode);
		memcpy(g.ram + 0x1000, c, n);
		memcpy(&dev_mem[OFF], &mem, 8);
		g.mock.regs.gpr[VMEXIT_RBX] = mode == LONG64 ? DEVB + OFF : OFF;
		g.mock.regs.gpr[VMEXIT_RAX] = 0x1122334455667788ull;
		guest_exit(&g);
		assert_int_equal(vmexit_emulate_at_rip(&g.vcpu, NULL, 0, NULL),
				 VMEXIT_DONE);
		assert_int_equal(vmexit_vcpu_flush(&g.vcpu), VMEXIT_DONE);
		memcpy(&mem, &dev_mem[OFF], 8);
		if (mem != want)
			printf("movnti in %s (REX.W %d): mem %#llx\n",
			       mode_names[mode], w, (unsigned long long)mem);
		assert_true(mem == want);
		assert_int_equal(g.mock.regs.rip, 0x1000 + n);
		guest_free(&g);
	}
}

/* MOVDIR64B in every mode: the destination is ES:[reg] with reg of the
 * address size (AX in 16-bit code, EAX in 32-bit, RAX in 64-bit mode;
 * "MOVDIR64B"), the source the ModRM operand; the linear address, ES
 * base included, must be 64-byte aligned (#GP(0)). */
static void test_movdir64b_by_mode(void **state)
{
	(void)state;

	for (int mode = 0; mode < NR_MODES; mode++)
	for (int aligned = 0; aligned < 2; aligned++) {
		bool code16 = mode == REAL || mode == VM86 || mode == PROT16;
		/* movdir64b ax, [bx] / eax, [ebx] / rax, [rbx] */
		static const uint8_t code[] = { 0x66, 0x0f, 0x38, 0xf8, 0x07 };
		static const uint8_t code32[] = { 0x66, 0x0f, 0x38, 0xf8, 0x03 };
		uint8_t src[64];
		struct guest g;

		for (unsigned i = 0; i < 64; i++)
			src[i] = (uint8_t)(0x91 + 5 * i);
		setup_mode(&g, mode);
		memcpy(g.ram + 0x1000, code16 ? code : code32, 5);
		memcpy(g.ram + 0x3010, src, 64);
		memset(dev_mem, 0, sizeof(dev_mem));
		if (mode != LONG64) {
			g.mock.sregs.seg[VMEXIT_SEG_DS].base = 0x3000;
			g.mock.sregs.seg[VMEXIT_SEG_ES].base = DEVB + (aligned ? 0 : 0x20);
			if (mode == REAL || mode == VM86)
				g.mock.sregs.seg[VMEXIT_SEG_ES].selector =
					(uint16_t)((DEVB + (aligned ? 0 : 0x20)) >> 4);
			g.mock.regs.gpr[VMEXIT_RBX] = 0x10;
			/* bits above the address size are not the address's */
			g.mock.regs.gpr[VMEXIT_RAX] = (code16 ? 0xabcd0000u : 0) | 0x80;
		} else {
			g.mock.regs.gpr[VMEXIT_RBX] = 0x3010;
			g.mock.regs.gpr[VMEXIT_RAX] = DEVB + (aligned ? 0x80 : 0xa0);
		}
		guest_exit(&g);
		int rc = vmexit_emulate_at_rip(&g.vcpu, NULL, 0, NULL);
		if (rc != (aligned ? VMEXIT_DONE : VMEXIT_EXCEPTION))
			printf("movdir64b in %s, aligned %d: %s\n", mode_names[mode],
			       aligned, vmexit_strerror(rc));
		/* Not aligned: ES base 20H off 64 outside 64-bit mode (where
		 * it has no base), RAX A0H in it. */
		if (aligned) {
			assert_int_equal(rc, VMEXIT_DONE);
			assert_memory_equal(&dev_mem[0x80], src, 64);
			assert_int_equal(vmexit_vcpu_flush(&g.vcpu), VMEXIT_DONE);
			assert_int_equal(g.mock.regs.rip, 0x1005);
		} else {
			assert_int_equal(rc, VMEXIT_EXCEPTION);
			assert_int_equal(g.vcpu.pending.vector, VMEXIT_EXC_GP);
			assert_int_equal(g.vcpu.pending.error, 0);
		}
		guest_free(&g);
	}
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

/* Flags the SDM leaves undefined follow the guest CPU's vendor:
 * SHL by 2 leaves AF clear on Intel and sets it on AMD (the choices
 * lib/x86/flags.c measured on each vendor's hardware). */
static void test_vendor_flags(void **state)
{
	const struct vmexit_vcpu_config amd = { .amd_flags = true };
	(void)state;

	for (int k = 0; k < 2; k++) {
		struct guest p;
		assert_int_equal(guest_init(&p, VMEXIT_MODE_PROT32,
					    VMEXIT_PAGING_NONE), 0);
		if (k)
			assert_int_equal(vmexit_vcpu_init(&p.vcpu,
							  &vmexit_mock_ops,
							  &p.mock, &amd),
					 VMEXIT_DONE);
		p.mock.regs.rip = 0x1000;
		p.mock.regs.rflags = 2;
		p.mock.regs.gpr[VMEXIT_RBX] = 0x3000;
		memcpy(p.ram + 0x3000, "\x01\0\0\0", 4);
		memcpy(p.ram + 0x1000, "\xc1\x23\x02", 3); /* shl dword [ebx], 2 */
		guest_exit(&p);
		assert_int_equal(vmexit_emulate_at_rip(&p.vcpu, NULL, 0, NULL),
				 VMEXIT_DONE);
		assert_int_equal(vmexit_vcpu_flush(&p.vcpu), VMEXIT_DONE);
		assert_int_equal(p.ram[0x3000], 4);
		assert_int_equal(!!(p.mock.regs.rflags & VMEXIT_RFLAGS_AF), k);
		guest_free(&p);
	}
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

/* ---- far JMP and CALL through memory (FF /5, FF /3) ----
 *
 * Expected values from the pseudo-code of "JMP" and "CALL": real mode
 * and virtual-8086 mode load CS with base selector * 16 and check the
 * new IP against the CS limit; protected mode checks, in order, the null
 * selector (#GP(0)), the table limit (#GP(sel)), the type, DPL and RPL
 * (#GP(sel)), present (#NP(sel)), for CALL the stack (#SS(0)), then the
 * new EIP against the new CS limit (#GP(0)); CS gets RPL = CPL and its
 * descriptor the accessed bit.  A fault changes nothing: RIP, RSP, CS,
 * the GDT and the stack are compared before and after. */

#define GDT 0x3000u
#define GDT_LIMIT 0x6fu /* 14 descriptors */
#define STK 0x8000u     /* ESP/RSP; the stack in RAM below it */

enum {
	S_CODE = 0x18,   /* non-conforming code, DPL 0, base 10000H, limit FFFFH */
	S_CONF = 0x20,   /* conforming code, DPL 0 */
	S_DATA = 0x28,   /* writable data: not code */
	S_NP = 0x30,     /* non-conforming code, not present */
	S_DPL3 = 0x38,   /* non-conforming code, DPL 3 */
	S_CONF3 = 0x40,  /* conforming code, DPL 3 */
	S_GATE = 0x48,   /* 32-bit (IA-32e: 64-bit) call gate */
	S_COMPAT = 0x50, /* 32-bit code, limit FFFFH (compatibility target) */
	S_LD = 0x58,     /* L = 1 and D = 1 */
	S_TSS = 0x60,    /* available 32-bit (64-bit) TSS */
	S_TGATE = 0x68,  /* task gate */
	S_OUT = 0x70,    /* first selector past the GDT limit */
};

static void setup_far(struct guest *g, int mode)
{
	struct vmexit_sregs *s;
	uint8_t cflags = mode == LONG64 ? 0x2 : 0x4; /* L, or D */

	setup_mode(g, mode);
	s = &g->mock.sregs;
	s->gdtr.base = GDT;
	s->gdtr.limit = GDT_LIMIT;
	g->mock.regs.gpr[VMEXIT_RSP] = STK;
	if (mode == REAL || mode == VM86) {
		/* CS:IP = 0040:0C00, linear 1000H where setup_mode puts it */
		s->seg[VMEXIT_SEG_CS].selector = 0x40;
		s->seg[VMEXIT_SEG_CS].base = 0x400;
		g->mock.regs.rip = 0xc00;
		return;
	}
	s->seg[VMEXIT_SEG_CS].selector = 0x08;
	guest_put_desc(g->ram, GDT, S_CODE / 8,
		       guest_desc(0x10000, 0xffff, 0x9a, cflags));
	guest_put_desc(g->ram, GDT, S_CONF / 8,
		       guest_desc(0x10000, 0xffff, 0x9e, cflags));
	guest_put_desc(g->ram, GDT, S_DATA / 8,
		       guest_desc(0x10000, 0xffff, 0x92, 0x4));
	guest_put_desc(g->ram, GDT, S_NP / 8,
		       guest_desc(0x10000, 0xffff, 0x1a, cflags));
	guest_put_desc(g->ram, GDT, S_DPL3 / 8,
		       guest_desc(0x10000, 0xffff, 0xfa, cflags));
	guest_put_desc(g->ram, GDT, S_CONF3 / 8,
		       guest_desc(0x10000, 0xffff, 0xfe, cflags));
	guest_put_desc(g->ram, GDT, S_GATE / 8,
		       guest_desc(0x1000, 0x0018, 0x8c, 0));
	guest_put_desc(g->ram, GDT, S_COMPAT / 8,
		       guest_desc(0, 0xffff, 0x9a, 0x4));
	guest_put_desc(g->ram, GDT, S_LD / 8,
		       guest_desc(0, 0xffff, 0x9a, 0x6));
	guest_put_desc(g->ram, GDT, S_TSS / 8,
		       guest_desc(0x5000, 0x67, 0x89, 0));
	guest_put_desc(g->ram, GDT, S_TGATE / 8,
		       guest_desc(0x0000, 0x0000, 0x85, 0));
}

/* The far pointer: offset of osz bytes, then the selector. */
static void put_ptr(uint8_t *at, uint64_t off, unsigned osz, uint16_t sel)
{
	memcpy(at, &off, osz);
	memcpy(at + osz, &sel, 2);
}

static int far_run(struct guest *g, const char *b, size_t n)
{
	memcpy(g->ram + 0x1000, b, n);
	guest_exit(g);
	return vmexit_emulate_at_rip(&g->vcpu, NULL, 0, NULL);
}

static uint8_t gdt_ar(const struct guest *g, unsigned sel)
{
	return g->ram[GDT + (sel & ~7u) + 5];
}

/* The instruction faults with vector(error), and nothing changed. */
static void far_fault(struct guest *g, const char *what, const char *b,
		      size_t n, unsigned vector, uint32_t error)
{
	struct vmexit_segment cs = g->mock.sregs.seg[VMEXIT_SEG_CS];
	uint64_t rip = g->mock.regs.rip, rsp = g->mock.regs.gpr[VMEXIT_RSP];
	uint8_t gdt[GDT_LIMIT + 1], stk[32];
	int rc;

	memcpy(gdt, g->ram + GDT, sizeof(gdt));
	memcpy(stk, g->ram + STK - sizeof(stk), sizeof(stk));
	rc = far_run(g, b, n);
	if (rc != VMEXIT_EXCEPTION || g->vcpu.pending.vector != vector ||
	    g->vcpu.pending.error != error)
		printf("%s: status %d vector %u error %#x\n", what, rc,
		       g->vcpu.pending.vector, g->vcpu.pending.error);
	assert_int_equal(rc, VMEXIT_EXCEPTION);
	assert_int_equal(g->vcpu.pending.vector, vector);
	assert_int_equal(g->vcpu.pending.error, error);
	assert_int_equal(vmexit_vcpu_flush(&g->vcpu), VMEXIT_DONE);
	assert_int_equal(g->mock.regs.rip, rip);
	assert_int_equal(g->mock.regs.gpr[VMEXIT_RSP], rsp);
	assert_int_equal(g->mock.sregs.seg[VMEXIT_SEG_CS].selector, cs.selector);
	assert_int_equal(g->mock.sregs.seg[VMEXIT_SEG_CS].base, cs.base);
	assert_int_equal(g->mock.sregs.seg[VMEXIT_SEG_CS].ar, cs.ar);
	assert_memory_equal(g->ram + GDT, gdt, sizeof(gdt));
	assert_memory_equal(g->ram + STK - sizeof(stk), stk, sizeof(stk));
}

static void far_done(struct guest *g, const char *what, const char *b,
		     size_t n)
{
	int rc = far_run(g, b, n);

	if (rc != VMEXIT_DONE)
		printf("%s: status %d vector %u error %#x\n", what, rc,
		       g->vcpu.pending.vector, g->vcpu.pending.error);
	assert_int_equal(rc, VMEXIT_DONE);
	assert_int_equal(vmexit_vcpu_flush(&g->vcpu), VMEXIT_DONE);
}

static uint64_t stack_at(const struct guest *g, uint64_t a, unsigned size)
{
	return guest_rd(g, a, size);
}

#define JMPF16 "\xff\x2f"     /* jmp far [bx] */
#define CALLF16 "\xff\x1f"    /* call far [bx] */
#define JMPF "\xff\x2b"       /* jmp far [ebx] / [rbx] */
#define CALLF "\xff\x1b"      /* call far [ebx] / [rbx] */

static void test_far_real_vm86(void **state)
{
	struct guest g;
	(void)state;

	/* Real mode, m16:16 in the device at DS:BX: CS = 5678H with base
	 * 56780H and the limit kept, IP = 1234H. */
	setup_far(&g, REAL);
	g.mock.regs.gpr[VMEXIT_RBX] = OFF;
	put_ptr(&dev_mem[OFF], 0x1234, 2, 0x5678);
	far_done(&g, "real jmp far", JMPF16, 2);
	assert_int_equal(g.mock.regs.rip, 0x1234);
	assert_int_equal(g.mock.sregs.seg[VMEXIT_SEG_CS].selector, 0x5678);
	assert_int_equal(g.mock.sregs.seg[VMEXIT_SEG_CS].base, 0x56780);
	assert_int_equal(g.mock.sregs.seg[VMEXIT_SEG_CS].limit, 0xffff);
	assert_int_equal(g.mock.regs.gpr[VMEXIT_RSP], STK);
	guest_free(&g);

	/* call far [bx]: push CS (0040H), push IP (0C02H), SP - 4. */
	setup_far(&g, REAL);
	g.mock.regs.gpr[VMEXIT_RBX] = OFF;
	put_ptr(&dev_mem[OFF], 0x1234, 2, 0x5678);
	far_done(&g, "real call far", CALLF16, 2);
	assert_int_equal(g.mock.regs.rip, 0x1234);
	assert_int_equal(g.mock.sregs.seg[VMEXIT_SEG_CS].base, 0x56780);
	assert_int_equal(g.mock.regs.gpr[VMEXIT_RSP], STK - 4);
	assert_int_equal(stack_at(&g, STK - 2, 2), 0x0040);
	assert_int_equal(stack_at(&g, STK - 4, 2), 0x0c02);
	guest_free(&g);

	/* 66 call far [bx], m16:32: CS padded to 32 bits, EIP 0C03H; SP - 8. */
	setup_far(&g, REAL);
	g.mock.regs.gpr[VMEXIT_RBX] = OFF;
	put_ptr(&dev_mem[OFF], 0x0000fffe, 4, 0x0100);
	memset(g.ram + STK - 8, 0xaa, 8);
	far_done(&g, "real 66 call far", "\x66" CALLF16, 3);
	assert_int_equal(g.mock.regs.rip, 0xfffe);
	assert_int_equal(g.mock.sregs.seg[VMEXIT_SEG_CS].base, 0x1000);
	assert_int_equal(g.mock.regs.gpr[VMEXIT_RSP], STK - 8);
	assert_int_equal(stack_at(&g, STK - 4, 4), 0x00000040);
	assert_int_equal(stack_at(&g, STK - 8, 4), 0x00000c03);
	guest_free(&g);

	/* EIP 10000H beyond the CS limit FFFFH: #GP(0), for JMP and CALL. */
	setup_far(&g, REAL);
	g.mock.regs.gpr[VMEXIT_RBX] = OFF;
	put_ptr(&dev_mem[OFF], 0x00010000, 4, 0x0100);
	far_fault(&g, "real jmp beyond limit", "\x66" JMPF16, 3, VMEXIT_EXC_GP, 0);
	far_fault(&g, "real call beyond limit", "\x66" CALLF16, 3, VMEXIT_EXC_GP,
		  0);
	guest_free(&g);

	/* Virtual-8086 mode, the pointer in RAM (DS base 0): the vm86 CS,
	 * base 2340H, limit FFFFH, access rights F3H. */
	setup_far(&g, VM86);
	g.mock.sregs.seg[VMEXIT_SEG_DS].base = 0;
	g.mock.regs.gpr[VMEXIT_RBX] = 0x2000;
	put_ptr(g.ram + 0x2000, 0x0042, 2, 0x0234);
	far_done(&g, "vm86 jmp far", JMPF16, 2);
	assert_int_equal(g.mock.regs.rip, 0x0042);
	assert_int_equal(g.mock.sregs.seg[VMEXIT_SEG_CS].selector, 0x0234);
	assert_int_equal(g.mock.sregs.seg[VMEXIT_SEG_CS].base, 0x2340);
	assert_int_equal(g.mock.sregs.seg[VMEXIT_SEG_CS].ar, 0xf3);
	guest_free(&g);
}

static void test_far_prot32(void **state)
{
	struct guest g;
	(void)state;

	/* jmp far [ebx], m16:32 in the device: CS = 18H, base 10000H,
	 * limit FFFFH, access rights 9BH (accessed) with D; the GDT byte
	 * gets the accessed bit too. */
	setup_far(&g, PROT32);
	g.mock.regs.gpr[VMEXIT_RBX] = OFF;
	put_ptr(&dev_mem[OFF], 0x1234, 4, S_CODE);
	far_done(&g, "prot32 jmp far", JMPF, 2);
	assert_int_equal(g.mock.regs.rip, 0x1234);
	assert_int_equal(g.mock.sregs.seg[VMEXIT_SEG_CS].selector, S_CODE);
	assert_int_equal(g.mock.sregs.seg[VMEXIT_SEG_CS].base, 0x10000);
	assert_int_equal(g.mock.sregs.seg[VMEXIT_SEG_CS].limit, 0xffff);
	assert_int_equal(g.mock.sregs.seg[VMEXIT_SEG_CS].ar,
			 0x9b | VMEXIT_AR_DB);
	assert_int_equal(gdt_ar(&g, S_CODE), 0x9b);
	assert_int_equal(g.mock.regs.gpr[VMEXIT_RSP], STK);
	guest_free(&g);

	/* call far [ebx], the pointer in RAM (DS base 20000H + EBX 10000H):
	 * push CS (8, padded), push EIP (1002H); ESP - 8. */
	setup_far(&g, PROT32);
	g.mock.regs.gpr[VMEXIT_RBX] = 0x10000;
	put_ptr(g.ram + DEVB + 0x10000, 0xfff0, 4, S_CODE);
	memset(g.ram + STK - 8, 0xaa, 8);
	far_done(&g, "prot32 call far", CALLF, 2);
	assert_int_equal(g.mock.regs.rip, 0xfff0);
	assert_int_equal(g.mock.sregs.seg[VMEXIT_SEG_CS].selector, S_CODE);
	assert_int_equal(g.mock.regs.gpr[VMEXIT_RSP], STK - 8);
	assert_int_equal(stack_at(&g, STK - 4, 4), 0x00000008);
	assert_int_equal(stack_at(&g, STK - 8, 4), 0x00001002);
	assert_int_equal(gdt_ar(&g, S_CODE), 0x9b);
	guest_free(&g);

	/* 66 call far [ebx], m16:16: 2-byte pushes, IP 1003H. */
	setup_far(&g, PROT32);
	g.mock.regs.gpr[VMEXIT_RBX] = OFF;
	put_ptr(&dev_mem[OFF], 0xabcd, 2, S_CODE | 3); /* RPL 3 > CPL 0 */
	far_fault(&g, "prot32 rpl > cpl", "\x66" CALLF, 3, VMEXIT_EXC_GP,
		  S_CODE);
	put_ptr(&dev_mem[OFF], 0xabcd, 2, S_CODE);
	far_done(&g, "prot32 66 call far", "\x66" CALLF, 3);
	assert_int_equal(g.mock.regs.rip, 0xabcd);
	assert_int_equal(g.mock.regs.gpr[VMEXIT_RSP], STK - 4);
	assert_int_equal(stack_at(&g, STK - 2, 2), 0x0008);
	assert_int_equal(stack_at(&g, STK - 4, 2), 0x1003);
	guest_free(&g);

	/* Conforming, DPL 0, from CPL 3: allowed (DPL <= CPL), CS.RPL =
	 * CPL = 3, the descriptor's DPL kept; CPL stays 3. */
	setup_far(&g, PROT32);
	guest_set_cpl(&g, 3);
	g.mock.regs.gpr[VMEXIT_RBX] = OFF;
	put_ptr(&dev_mem[OFF], 0x42, 4, S_CONF);
	far_done(&g, "prot32 conforming", JMPF, 2);
	assert_int_equal(g.mock.regs.rip, 0x42);
	assert_int_equal(g.mock.sregs.seg[VMEXIT_SEG_CS].selector, S_CONF | 3);
	assert_int_equal(g.mock.sregs.seg[VMEXIT_SEG_CS].ar,
			 0x9f | VMEXIT_AR_DB);
	assert_int_equal(gdt_ar(&g, S_CONF), 0x9f);
	guest_free(&g);

	/* The faults, each with nothing changed. */
	setup_far(&g, PROT32);
	g.mock.regs.gpr[VMEXIT_RBX] = OFF;
	put_ptr(&dev_mem[OFF], 0x100, 4, 0x0003);
	far_fault(&g, "null", JMPF, 2, VMEXIT_EXC_GP, 0);
	far_fault(&g, "null call", CALLF, 2, VMEXIT_EXC_GP, 0);
	put_ptr(&dev_mem[OFF], 0x100, 4, S_OUT);
	far_fault(&g, "table limit", JMPF, 2, VMEXIT_EXC_GP, S_OUT);
	put_ptr(&dev_mem[OFF], 0x100, 4, S_OUT | 4); /* LDT, LDTR unusable */
	g.mock.sregs.seg[VMEXIT_SEG_LDTR].ar |= VMEXIT_AR_UNUSABLE;
	far_fault(&g, "ldt", CALLF, 2, VMEXIT_EXC_GP, S_OUT | 4);
	put_ptr(&dev_mem[OFF], 0x100, 4, S_DATA);
	far_fault(&g, "type", JMPF, 2, VMEXIT_EXC_GP, S_DATA);
	put_ptr(&dev_mem[OFF], 0x100, 4, S_DPL3);
	far_fault(&g, "dpl != cpl", CALLF, 2, VMEXIT_EXC_GP, S_DPL3);
	put_ptr(&dev_mem[OFF], 0x100, 4, S_CONF3);
	far_fault(&g, "conforming dpl > cpl", JMPF, 2, VMEXIT_EXC_GP, S_CONF3);
	put_ptr(&dev_mem[OFF], 0x100, 4, S_NP | 2); /* RPL 2 > CPL 0 first */
	far_fault(&g, "np rpl", JMPF, 2, VMEXIT_EXC_GP, S_NP);
	put_ptr(&dev_mem[OFF], 0x100, 4, S_NP);
	far_fault(&g, "not present", JMPF, 2, VMEXIT_EXC_NP, S_NP);
	far_fault(&g, "not present call", CALLF, 2, VMEXIT_EXC_NP, S_NP);
	put_ptr(&dev_mem[OFF], 0x10000, 4, S_CODE);
	far_fault(&g, "eip beyond limit", JMPF, 2, VMEXIT_EXC_GP, 0);
	far_fault(&g, "eip beyond limit call", CALLF, 2, VMEXIT_EXC_GP, 0);
	/* Stack: SS limit FFFFH, ESP 4: the second push at FFFFFFFCH is
	 * outside it, #SS(0); it comes before the EIP check. */
	g.mock.sregs.seg[VMEXIT_SEG_SS].limit = 0xffff;
	g.mock.regs.gpr[VMEXIT_RSP] = 4;
	far_fault(&g, "stack, eip beyond", CALLF, 2, VMEXIT_EXC_SS, 0);
	put_ptr(&dev_mem[OFF], 0xffff, 4, S_CODE);
	far_fault(&g, "stack", CALLF, 2, VMEXIT_EXC_SS, 0);
	assert_int_equal(guest_rd(&g, 0, 4), 0); /* the first slot unwritten */
	assert_int_equal(gdt_ar(&g, S_CODE), 0x9a);
	/* JMP pushes nothing: the same target is fine. */
	far_done(&g, "jmp with a bad stack", JMPF, 2);
	assert_int_equal(g.mock.regs.rip, 0xffff);
	guest_free(&g);

	/* An exit address that is neither the operand nor a stack slot:
	 * refused before the accessed bit or the stack is written. */
	setup_far(&g, PROT32);
	g.mock.regs.gpr[VMEXIT_RBX] = OFF;
	put_ptr(&dev_mem[OFF], 0x100, 4, S_CODE);
	memcpy(g.ram + 0x1000, CALLF, 2);
	guest_exit(&g);
	{
		struct vmexit_emul_hint h = { .gpa_valid = true,
					      .gpa = DEVB + 0x800 };
		assert_int_equal(vmexit_emulate_at_rip(&g.vcpu, NULL, 0, &h),
				 VMEXIT_UNHANDLED);
		assert_int_equal(g.vcpu.diag.reason, VMEXIT_WHY_ADDR_MISMATCH);
		assert_int_equal(gdt_ar(&g, S_CODE), 0x9a);
		assert_int_equal(guest_rd(&g, STK - 8, 8), 0);
		/* The pointer in RAM (read before the named access, as RAM
		 * reads disturb nothing) and JMP, with no stack access to
		 * refuse at: the descriptor write is what must wait. */
		g.mock.regs.gpr[VMEXIT_RBX] = 0x10000;
		put_ptr(g.ram + DEVB + 0x10000, 0x100, 4, S_CODE);
		memcpy(g.ram + 0x1000, JMPF, 2);
		guest_exit(&g);
		assert_int_equal(vmexit_emulate_at_rip(&g.vcpu, NULL, 0, &h),
				 VMEXIT_UNHANDLED);
		assert_int_equal(g.vcpu.diag.reason, VMEXIT_WHY_ADDR_MISMATCH);
		assert_int_equal(gdt_ar(&g, S_CODE), 0x9a);
		memcpy(g.ram + 0x1000, CALLF, 2);
		g.mock.regs.gpr[VMEXIT_RBX] = OFF;
		/* The operand (its offset, read first) is one of its accesses. */
		h.gpa = DEVB + OFF;
		guest_exit(&g);
		assert_int_equal(vmexit_emulate_at_rip(&g.vcpu, NULL, 0, &h),
				 VMEXIT_DONE);
		assert_int_equal(gdt_ar(&g, S_CODE), 0x9b);
	}
	guest_free(&g);

	/* Gates and TSSs are not the emulator's: unhandled, nothing done. */
	setup_far(&g, PROT32);
	g.mock.regs.gpr[VMEXIT_RBX] = OFF;
	const uint16_t gates[] = { S_GATE, S_TSS, S_TGATE };
	for (unsigned k = 0; k < 3; k++) {
		put_ptr(&dev_mem[OFF], 0x100, 4, gates[k]);
		assert_int_equal(far_run(&g, CALLF, 2), VMEXIT_UNHANDLED);
		assert_int_equal(g.vcpu.diag.reason, VMEXIT_WHY_INSN);
		assert_false(g.vcpu.pending_valid);
		assert_int_equal(vmexit_vcpu_flush(&g.vcpu), VMEXIT_DONE);
		assert_int_equal(g.mock.regs.rip, 0x1000);
		assert_int_equal(g.mock.regs.gpr[VMEXIT_RSP], STK);
		assert_int_equal(g.mock.sregs.seg[VMEXIT_SEG_CS].selector, 8);
	}
	guest_free(&g);
}

static void test_far_long64(void **state)
{
	struct guest g;
	(void)state;

	/* jmp far [rbx], m16:32 in the device, to 64-bit code: RIP is the
	 * zero-extended offset (no limit check for a 64-bit target). */
	setup_far(&g, LONG64);
	g.mock.regs.gpr[VMEXIT_RBX] = DEVB + OFF;
	put_ptr(&dev_mem[OFF], 0x89abcdef, 4, S_CODE);
	far_done(&g, "64 jmp far m16:32", JMPF, 2);
	assert_int_equal(g.mock.regs.rip, 0x89abcdef);
	assert_int_equal(g.mock.sregs.seg[VMEXIT_SEG_CS].selector, S_CODE);
	assert_int_equal(g.mock.sregs.seg[VMEXIT_SEG_CS].ar, 0x9b | VMEXIT_AR_L);
	guest_free(&g);

	/* REX.W jmp far [rbx], m16:64 (Intel): the 64-bit offset. */
	setup_far(&g, LONG64);
	g.mock.regs.gpr[VMEXIT_RBX] = DEVB + OFF;
	put_ptr(&dev_mem[OFF], 0x00007fff12345678ull, 8, S_CODE);
	far_done(&g, "64 jmp far m16:64", "\x48" JMPF, 3);
	assert_int_equal(g.mock.regs.rip, 0x00007fff12345678ull);
	guest_free(&g);

	/* REX.W call far [rbx], the pointer in RAM: 8-byte pushes of CS
	 * (8) and RIP (1003H); RSP - 16. */
	setup_far(&g, LONG64);
	g.mock.regs.gpr[VMEXIT_RBX] = 0x6000;
	put_ptr(g.ram + 0x6000, 0x00007fff12345678ull, 8, S_CODE);
	memset(g.ram + STK - 16, 0xaa, 16);
	far_done(&g, "64 call far m16:64", "\x48" CALLF, 3);
	assert_int_equal(g.mock.regs.rip, 0x00007fff12345678ull);
	assert_int_equal(g.mock.regs.gpr[VMEXIT_RSP], STK - 16);
	assert_int_equal(stack_at(&g, STK - 8, 8), 8);
	assert_int_equal(stack_at(&g, STK - 16, 8), 0x1003);
	guest_free(&g);

	/* call far [rbx], m16:32: 4-byte pushes, EIP 1002H. */
	setup_far(&g, LONG64);
	g.mock.regs.gpr[VMEXIT_RBX] = DEVB + OFF;
	put_ptr(&dev_mem[OFF], 0x2000, 4, S_CODE);
	memset(g.ram + STK - 8, 0xaa, 8);
	far_done(&g, "64 call far m16:32", CALLF, 2);
	assert_int_equal(g.mock.regs.rip, 0x2000);
	assert_int_equal(g.mock.regs.gpr[VMEXIT_RSP], STK - 8);
	assert_int_equal(stack_at(&g, STK - 4, 4), 8);
	assert_int_equal(stack_at(&g, STK - 8, 4), 0x1002);
	guest_free(&g);

	setup_far(&g, LONG64);
	g.mock.regs.gpr[VMEXIT_RBX] = DEVB + OFF;
	/* A non-canonical RIP: #GP(0). */
	put_ptr(&dev_mem[OFF], 0x0000800000000000ull, 8, S_CODE);
	far_fault(&g, "non-canonical", "\x48" JMPF, 3, VMEXIT_EXC_GP, 0);
	far_fault(&g, "non-canonical call", "\x48" CALLF, 3, VMEXIT_EXC_GP, 0);
	/* L = 1 with D = 1: #GP(sel). */
	put_ptr(&dev_mem[OFF], 0x100, 8, S_LD);
	far_fault(&g, "L and D", "\x48" JMPF, 3, VMEXIT_EXC_GP, S_LD);
	/* A TSS or task gate is no far target in IA-32e mode: #GP(sel). */
	put_ptr(&dev_mem[OFF], 0x100, 8, S_TSS);
	far_fault(&g, "tss in ia-32e", "\x48" JMPF, 3, VMEXIT_EXC_GP, S_TSS);
	put_ptr(&dev_mem[OFF], 0x100, 8, S_TGATE);
	far_fault(&g, "task gate in ia-32e", "\x48" JMPF, 3, VMEXIT_EXC_GP,
		  S_TGATE);
	/* To compatibility mode, offset 1_00001000H: JMP checks it against
	 * the limit as it is (#GP(0)); CALL first keeps its low 32 bits
	 * ("IF target mode = Compatibility mode THEN tempEIP <- tempEIP
	 * AND 00000000_FFFFFFFFH"), 1000H, within the limit. */
	put_ptr(&dev_mem[OFF], 0x100001000ull, 8, S_COMPAT);
	far_fault(&g, "jmp compat beyond limit", "\x48" JMPF, 3, VMEXIT_EXC_GP,
		  0);
	far_done(&g, "call compat", "\x48" CALLF, 3);
	assert_int_equal(g.mock.regs.rip, 0x1000);
	assert_int_equal(g.mock.sregs.seg[VMEXIT_SEG_CS].selector, S_COMPAT);
	assert_int_equal(g.mock.regs.gpr[VMEXIT_RSP], STK - 16);
	guest_free(&g);

	/* A 64-bit call gate: unhandled. */
	setup_far(&g, LONG64);
	g.mock.regs.gpr[VMEXIT_RBX] = DEVB + OFF;
	put_ptr(&dev_mem[OFF], 0x100, 4, S_GATE);
	assert_int_equal(far_run(&g, JMPF, 2), VMEXIT_UNHANDLED);
	assert_int_equal(g.vcpu.diag.reason, VMEXIT_WHY_INSN);
	assert_false(g.vcpu.pending_valid);
	guest_free(&g);
}

/* The forms are claimed, memory only: FF /3 and /5 with mod = 3 are
 * #UD ("CALL", "JMP": "#UD If the ... operand is a register"). */
static void test_far_claimed(void **state)
{
	struct vmexit_insn d;
	(void)state;
	assert_int_equal(vmexit_decode((const uint8_t *)JMPF, 2,
				       VMEXIT_DECODE_32, &d), VMEXIT_DONE);
	assert_true(vmexit_can_emulate(&d));
	assert_true(vmexit_insn_emulated(&d));
	assert_int_equal(vmexit_decode((const uint8_t *)"\x48" CALLF, 3,
				       VMEXIT_DECODE_64, &d), VMEXIT_DONE);
	assert_int_equal(d.osize, 8);
	assert_true(vmexit_can_emulate(&d));
	assert_true(vmexit_insn_emulated(&d));
	vmexit_decode((const uint8_t *)"\xff\xeb", 2, VMEXIT_DECODE_32, &d);
	assert_false(vmexit_can_emulate(&d));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_families_in_every_mode),
		cmocka_unit_test(test_string_16bit_wrap),
		cmocka_unit_test(test_movnti_dword),
		cmocka_unit_test(test_movdir64b_by_mode),
		cmocka_unit_test(test_opcode_82),
		cmocka_unit_test(test_enter_16_and_32),
		cmocka_unit_test(test_63_by_mode),
		cmocka_unit_test(test_vendor_flags),
		cmocka_unit_test(test_far_real_vm86),
		cmocka_unit_test(test_far_prot32),
		cmocka_unit_test(test_far_long64),
		cmocka_unit_test(test_far_claimed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
