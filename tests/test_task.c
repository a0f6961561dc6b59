/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The hardware task switch on the mock backend.  TSSes are laid out in
 * guest RAM with offsets from SDM Vol. 3, Figures "32-Bit Task-State
 * Segment (TSS)" and "16-Bit TSS Format"; every expected value below was
 * worked out by hand from "Task Switching", "Task Linking" and the
 * pseudo-code of CALL, JMP, IRET and INT n.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "lib/guest.h"

#include <vmexit/memory.h>
#include <vmexit/mock.h>
#include <vmexit/task.h>
#include <vmexit/x86.h>

#define GDT 0x1000u
#define LDT 0x2000u
#define TSS_A 0x3000u /* the current task, 32-bit, selector 28H */
#define TSS_B 0x3100u /* 32-bit, 30H */
#define TSS_C 0x3200u /* 16-bit, 38H */
#define TSS_D 0x3300u /* 32-bit, 40H */
#define TSS_E 0x3fc0u /* 32-bit across a page boundary, 80H */
#define PD 0x50000u
#define PT 0x51000u

static uint8_t ram[1 << 20];
static struct vmexit_mock mock;
static struct vmexit_vcpu vcpu;

#define desc guest_desc
#define put_desc(table, index, d) guest_put_desc(ram, table, index, d)

static void w16(uint32_t a, uint16_t x) { memcpy(&ram[a], &x, 2); }
static void w32(uint32_t a, uint32_t x) { memcpy(&ram[a], &x, 4); }
static uint16_t r16(uint32_t a) { uint16_t x; memcpy(&x, &ram[a], 2); return x; }
static uint32_t r32(uint32_t a) { uint32_t x; memcpy(&x, &ram[a], 4); return x; }
static uint8_t ar_byte(unsigned index) { return ram[GDT + index * 8 + 5]; }

/* A 32-bit TSS: EIP, EFLAGS, GPRs seed + i, then selectors. */
static void tss32(uint32_t b, uint32_t eip, uint32_t eflags, uint32_t seed,
		  uint16_t cs, uint16_t ss, uint16_t ds, uint16_t ldt,
		  uint32_t cr3)
{
	memset(&ram[b], 0, 0x68);
	w16(b + 0x00, 0xbeef); /* link, to see whether it is written */
	w32(b + 0x1c, cr3);
	w32(b + 0x20, eip);
	w32(b + 0x24, eflags);
	for (unsigned i = 0; i < 8; i++)
		w32(b + 0x28 + 4 * i, seed + i);
	w16(b + 0x48, ds); /* ES */
	w16(b + 0x4c, cs);
	w16(b + 0x50, ss);
	w16(b + 0x54, ds);
	w16(b + 0x58, ds); /* FS */
	w16(b + 0x5c, ds); /* GS */
	w16(b + 0x60, ldt);
}

static void tss16(uint32_t b, uint16_t ip, uint16_t flags, uint16_t seed,
		  uint16_t cs, uint16_t ss, uint16_t ds, uint16_t ldt)
{
	memset(&ram[b], 0, 0x2c);
	w16(b + 0x00, 0xbeef);
	w16(b + 0x0e, ip);
	w16(b + 0x10, flags);
	for (unsigned i = 0; i < 8; i++)
		w16(b + 0x12 + 2 * i, (uint16_t)(seed + i));
	w16(b + 0x22, ds); /* ES */
	w16(b + 0x24, cs);
	w16(b + 0x26, ss);
	w16(b + 0x28, ds);
	w16(b + 0x2a, ldt);
}

static void setup(void)
{
	memset(ram, 0, sizeof(ram));
	put_desc(GDT, 1, desc(0, 0xfffff, 0x9a, 0xc));      /* 08 */
	put_desc(GDT, 2, desc(0, 0xfffff, 0x92, 0xc));      /* 10 */
	put_desc(GDT, 3, desc(0, 0xfffff, 0xfa, 0xc));      /* 18 */
	put_desc(GDT, 4, desc(0, 0xfffff, 0xf2, 0xc));      /* 20 */
	put_desc(GDT, 5, desc(TSS_A, 0x67, 0x8b, 0));       /* 28 busy */
	put_desc(GDT, 6, desc(TSS_B, 0x67, 0x89, 0));       /* 30 */
	put_desc(GDT, 7, desc(TSS_C, 0x2b, 0x81, 0));       /* 38 16-bit */
	put_desc(GDT, 8, desc(TSS_D, 0x67, 0x89, 0));       /* 40 */
	put_desc(GDT, 9, desc(LDT, 0xf, 0x82, 0));          /* 48 LDT */
	put_desc(GDT, 10, desc(0x10000, 0xffff, 0x9a, 0));  /* 50 code16 */
	put_desc(GDT, 11, desc(0x20000, 0xffff, 0x92, 0));  /* 58 data16 */
	put_desc(GDT, 12, desc(0, 0xfffff, 0x12, 0xc));     /* 60 P=0 */
	put_desc(GDT, 13, desc(0x3400, 0x60, 0x89, 0));     /* 68 short */
	put_desc(GDT, 14, desc(0x3500, 0x67, 0x09, 0));     /* 70 P=0 */
	put_desc(GDT, 15, desc(0, 0xfffff, 0x9a, 0xc));     /* 78 code */
	put_desc(GDT, 16, desc(TSS_E, 0x67, 0x89, 0));      /* 80 */
	put_desc(LDT, 0, desc(0, 0xfffff, 0xf2, 0xc));      /* 07 data3 */
	put_desc(LDT, 1, desc(0, 0xfffff, 0xfa, 0xc));      /* 0f code3 */

	vmexit_mock_init(&mock, ram, sizeof(ram));
	vmexit_mock_set_mode(&mock, VMEXIT_MODE_PROT32, 0, 0);
	mock.sregs.gdtr.base = GDT;
	mock.sregs.gdtr.limit = 17 * 8 - 1;
	mock.sregs.seg[VMEXIT_SEG_TR] = (struct vmexit_segment){
		.selector = 0x28, .base = TSS_A, .limit = 0x67, .ar = 0x8b };
	mock.sregs.seg[VMEXIT_SEG_LDTR] = (struct vmexit_segment){
		.ar = VMEXIT_AR_UNUSABLE };
	mock.regs.rip = 0x1000;
	mock.regs.rflags = 0x2 | VMEXIT_RFLAGS_IF | VMEXIT_RFLAGS_ZF;
	for (unsigned i = 0; i < 8; i++)
		mock.regs.gpr[i] = 0xa0a00000u + i;
	/* Task B: EIP 2000H, EFLAGS 2H + CF, ring 0, flat. */
	tss32(TSS_B, 0x2000, 0x3, 0xb0b00000u, 0x08, 0x10, 0x10, 0, 0);
	tss32(TSS_D, 0x4000, 0x2, 0xd0d00000u, 0x08, 0x10, 0x10, 0, 0);
	tss16(TSS_C, 0x0300, 0x0002, 0xc000, 0x50, 0x58, 0x58, 0);
	vmexit_vcpu_init(&vcpu, &vmexit_mock_ops, &mock, NULL);
	vmexit_vcpu_begin(&vcpu);
}

static int do_switch(uint16_t sel, unsigned reason, unsigned len)
{
	struct vmexit_task_switch ts = { .selector = sel,
					 .reason = (uint8_t)reason,
					 .insn_len = (uint8_t)len };
	return vmexit_task_switch(&vcpu, &ts);
}

static void expect_fault(int rc, unsigned vector, uint32_t error)
{
	assert_int_equal(rc, VMEXIT_EXCEPTION);
	assert_true(vcpu.pending_valid);
	assert_int_equal(vcpu.pending.vector, vector);
	assert_true(vcpu.pending.has_error);
	assert_int_equal(vcpu.pending.error, error);
}

/* CALL to B and IRET back: link, NT, busy bits, saved EIP. */
static void test_call_iret_32(void **state)
{
	(void)state;
	setup();
	assert_int_equal(do_switch(0x30, VMEXIT_TS_CALL, 7), VMEXIT_DONE);
	/* Old task A saved: EIP after the 7-byte CALL. */
	assert_int_equal(r32(TSS_A + 0x20), 0x1007);
	assert_int_equal(r32(TSS_A + 0x24), 0x242);
	assert_int_equal(r32(TSS_A + 0x28), 0xa0a00000u); /* EAX */
	assert_int_equal(r32(TSS_A + 0x44), 0xa0a00007u); /* EDI */
	assert_int_equal(r16(TSS_A + 0x4c), 0x08);
	assert_int_equal(r16(TSS_A + 0x50), 0x10);
	assert_int_equal(ar_byte(5), 0x8b); /* CALL leaves A busy */
	assert_int_equal(ar_byte(6), 0x8b); /* B now busy */
	assert_int_equal(r16(TSS_B), 0x28); /* link to A */
	/* New state. */
	assert_int_equal(vcpu.regs.rip, 0x2000);
	assert_int_equal(vcpu.regs.rflags, 0x4003); /* NT set */
	assert_int_equal(vcpu.regs.gpr[VMEXIT_RBX], 0xb0b00003u);
	assert_int_equal(vcpu.sregs.seg[VMEXIT_SEG_TR].selector, 0x30);
	assert_int_equal(vcpu.sregs.seg[VMEXIT_SEG_TR].base, TSS_B);
	assert_int_equal(vcpu.sregs.seg[VMEXIT_SEG_TR].limit, 0x67);
	assert_int_equal(vcpu.sregs.seg[VMEXIT_SEG_TR].ar, 0x8b);
	assert_true(vcpu.sregs.cr0 & VMEXIT_CR0_TS);
	assert_int_equal(vcpu.sregs.seg[VMEXIT_SEG_CS].ar, 0xc09b);
	assert_int_equal(vcpu.sregs.seg[VMEXIT_SEG_SS].ar, 0xc093);
	assert_true(vcpu.sregs.seg[VMEXIT_SEG_LDTR].ar & VMEXIT_AR_UNUSABLE);
	assert_false(vcpu.pending_valid);

	/* IRET (1 byte) back through the link. */
	vcpu.regs.rip = 0x2100;
	assert_int_equal(do_switch(0x28, VMEXIT_TS_IRET, 1), VMEXIT_DONE);
	assert_int_equal(r32(TSS_B + 0x20), 0x2101);
	assert_int_equal(r32(TSS_B + 0x24), 0x0003); /* NT cleared */
	assert_int_equal(ar_byte(6), 0x89); /* B available again */
	assert_int_equal(ar_byte(5), 0x8b); /* A stays busy */
	assert_int_equal(vcpu.regs.rip, 0x1007);
	assert_int_equal(vcpu.regs.rflags, 0x242); /* A's own NT: clear */
	assert_int_equal(vcpu.regs.gpr[VMEXIT_RSI], 0xa0a00006u);
	assert_int_equal(vcpu.sregs.seg[VMEXIT_SEG_TR].selector, 0x28);
	assert_int_equal(vcpu.sregs.seg[VMEXIT_SEG_TR].base, TSS_A);
}

/* JMP: old task made available, no link, no NT. */
static void test_jmp(void **state)
{
	(void)state;
	setup();
	assert_int_equal(do_switch(0x30, VMEXIT_TS_JMP, 5), VMEXIT_DONE);
	assert_int_equal(ar_byte(5), 0x89);
	assert_int_equal(ar_byte(6), 0x8b);
	assert_int_equal(r16(TSS_B), 0xbeef);
	assert_int_equal(vcpu.regs.rflags, 0x3);
	assert_int_equal(r32(TSS_A + 0x20), 0x1005);
	/* And JMP back to A, which is available now. */
	assert_int_equal(do_switch(0x28, VMEXIT_TS_JMP, 5), VMEXIT_DONE);
	assert_int_equal(ar_byte(5), 0x8b);
	assert_int_equal(ar_byte(6), 0x89);
	assert_int_equal(vcpu.regs.rip, 0x1005);
}

/* "Debug Control Register (DR7)": L0-L3 are cleared on every task
 * switch; G0-G3, LE/GE and the conditions stay. */
static void test_dr7_local_enables(void **state)
{
	(void)state;
	setup();
	mock.dregs.dr7 = 0x000f0755; /* L0-L3, G1, LE, GE, bit 10, R/W0 */
	mock.dregs.dr[0] = 0x1234;
	assert_int_equal(do_switch(0x30, VMEXIT_TS_JMP, 5), VMEXIT_DONE);
	assert_int_equal(vmexit_vcpu_flush(&vcpu), VMEXIT_DONE);
	assert_int_equal(mock.dregs.dr7, 0x000f0700);
	assert_int_equal(mock.dregs.dr[0], 0x1234);
	/* A switch that faults before the commit point changes nothing. */
	mock.dregs.dr7 = 0x401;
	vmexit_vcpu_begin(&vcpu);
	assert_int_not_equal(do_switch(0x30, VMEXIT_TS_JMP, 5), VMEXIT_DONE);
	vmexit_vcpu_flush(&vcpu);
	assert_int_equal(mock.dregs.dr7, 0x401);
	/* Nothing to clear (G0 only): DR7 is not written back. */
	mock.dregs.dr7 = 0x402;
	unsigned writes = mock.calls[VMEXIT_MOCK_SET_DREGS];
	vmexit_vcpu_begin(&vcpu);
	assert_int_equal(do_switch(0x28, VMEXIT_TS_JMP, 5), VMEXIT_DONE);
	assert_int_equal(vmexit_vcpu_flush(&vcpu), VMEXIT_DONE);
	assert_int_equal(mock.dregs.dr7, 0x402);
	assert_int_equal(mock.calls[VMEXIT_MOCK_SET_DREGS], writes);
}

/* Chain A -CALL-> B -CALL-> D, unwound by two IRETs. */
static void test_nested_chain(void **state)
{
	(void)state;
	setup();
	assert_int_equal(do_switch(0x30, VMEXIT_TS_CALL, 7), VMEXIT_DONE);
	assert_int_equal(do_switch(0x40, VMEXIT_TS_CALL, 7), VMEXIT_DONE);
	assert_int_equal(r16(TSS_D), 0x30);
	assert_int_equal(ar_byte(5), 0x8b);
	assert_int_equal(ar_byte(6), 0x8b);
	assert_int_equal(ar_byte(8), 0x8b);
	/* B was saved with NT set (it is nested in A). */
	assert_int_equal(r32(TSS_B + 0x24), 0x4003);
	assert_int_equal(do_switch(r16(TSS_D), VMEXIT_TS_IRET, 1), VMEXIT_DONE);
	assert_int_equal(ar_byte(8), 0x89);
	assert_int_equal(vcpu.regs.rip, 0x2007);
	assert_int_equal(vcpu.regs.rflags & VMEXIT_RFLAGS_NT,
			 VMEXIT_RFLAGS_NT);
	assert_int_equal(do_switch(r16(TSS_B), VMEXIT_TS_IRET, 1), VMEXIT_DONE);
	assert_int_equal(ar_byte(6), 0x89);
	assert_int_equal(vcpu.regs.rip, 0x1007);
	assert_int_equal(vcpu.sregs.seg[VMEXIT_SEG_TR].selector, 0x28);
}

struct fault_case {
	unsigned line;
	uint8_t reason;
	uint16_t sel;
	uint8_t vector;
	uint32_t error;
};

static const struct fault_case new_tss_faults[] = {
	{ __LINE__, VMEXIT_TS_JMP, 0x78, VMEXIT_EXC_GP, 0x78 },  /* code */
	{ __LINE__, VMEXIT_TS_JMP, 0x28, VMEXIT_EXC_GP, 0x28 },  /* busy */
	{ __LINE__, VMEXIT_TS_CALL, 0x28, VMEXIT_EXC_GP, 0x28 },
	{ __LINE__, VMEXIT_TS_IRET, 0x30, VMEXIT_EXC_TS, 0x30 }, /* avail */
	{ __LINE__, VMEXIT_TS_IRET, 0x78, VMEXIT_EXC_TS, 0x78 },
	{ __LINE__, VMEXIT_TS_JMP, 0x70, VMEXIT_EXC_NP, 0x70 },  /* P=0 */
	{ __LINE__, VMEXIT_TS_JMP, 0x68, VMEXIT_EXC_TS, 0x68 },  /* limit */
	{ __LINE__, VMEXIT_TS_JMP, 0x34, VMEXIT_EXC_GP, 0x34 },  /* TI=1 */
	{ __LINE__, VMEXIT_TS_IRET, 0x34, VMEXIT_EXC_TS, 0x34 },
	{ __LINE__, VMEXIT_TS_JMP, 0x400, VMEXIT_EXC_GP, 0x400 }, /* limit */
	{ __LINE__, VMEXIT_TS_CALL, 0x00, VMEXIT_EXC_GP, 0 },    /* null */
};

/* Faults on the new TSS come before the commit point: nothing changes. */
static void test_new_tss_faults(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(new_tss_faults) / sizeof(new_tss_faults[0]);
	     i++) {
		const struct fault_case *c = &new_tss_faults[i];
		uint8_t before[0x4000];
		int rc;

		setup();
		memcpy(before, ram, sizeof(before));
		rc = do_switch(c->sel, c->reason, 2);
		if (rc != VMEXIT_EXCEPTION || vcpu.pending.vector != c->vector ||
		    vcpu.pending.error != c->error)
			fail_msg("line %u: rc %d vector %u error %#x", c->line,
				 rc, vcpu.pending.vector, vcpu.pending.error);
		assert_memory_equal(before, ram, sizeof(before));
		assert_int_equal(vcpu.sregs.seg[VMEXIT_SEG_TR].selector, 0x28);
		assert_int_equal(vcpu.regs.rip, 0x1000);
		assert_false(vcpu.sregs.cr0 & VMEXIT_CR0_TS);
	}
}

/* 32-bit task CALLs a 16-bit one, which IRETs back. */
static void test_16bit_round_trip(void **state)
{
	(void)state;
	setup();
	assert_int_equal(do_switch(0x38, VMEXIT_TS_CALL, 7), VMEXIT_DONE);
	assert_int_equal(r16(TSS_C), 0x28);
	assert_int_equal(ar_byte(7), 0x83);
	assert_int_equal(vcpu.regs.rip, 0x300);
	assert_int_equal(vcpu.regs.rflags, 0x4002);
	assert_int_equal(vcpu.regs.gpr[VMEXIT_RAX], 0xffffc000u);
	assert_int_equal(vcpu.regs.gpr[VMEXIT_RDI], 0xffffc007u);
	assert_int_equal(vcpu.sregs.seg[VMEXIT_SEG_CS].base, 0x10000);
	assert_int_equal(vcpu.sregs.seg[VMEXIT_SEG_CS].ar, 0x9b);
	assert_int_equal(vcpu.sregs.seg[VMEXIT_SEG_SS].base, 0x20000);
	/* No FS or GS in a 16-bit TSS: null. */
	assert_true(vcpu.sregs.seg[VMEXIT_SEG_FS].ar & VMEXIT_AR_UNUSABLE);
	assert_int_equal(vcpu.sregs.seg[VMEXIT_SEG_GS].selector, 0);
	assert_int_equal(vcpu.sregs.seg[VMEXIT_SEG_TR].ar, 0x83);

	vcpu.regs.rip = 0x12345; /* only IP survives in a 16-bit TSS */
	vcpu.regs.gpr[VMEXIT_RCX] = 0x11112222u;
	assert_int_equal(do_switch(0x28, VMEXIT_TS_IRET, 1), VMEXIT_DONE);
	assert_int_equal(r16(TSS_C + 0x0e), 0x2346);
	assert_int_equal(r16(TSS_C + 0x10), 0x0002); /* NT cleared */
	assert_int_equal(r16(TSS_C + 0x14), 0x2222);
	assert_int_equal(r16(TSS_C + 0x24), 0x50);
	assert_int_equal(r16(TSS_C + 0x2a), 0);     /* LDT not saved */
	assert_int_equal(ar_byte(7), 0x81);
	assert_int_equal(vcpu.regs.rip, 0x1007);
	assert_int_equal(vcpu.regs.gpr[VMEXIT_RAX], 0xa0a00000u);
}

static int gate(uint16_t sel, uint8_t type, uint8_t vector, bool has_error,
		uint32_t error, struct vmexit_task_switch *ts)
{
	memset(ts, 0, sizeof(*ts));
	ts->selector = sel;
	ts->reason = VMEXIT_TS_IDT;
	ts->event_type = type;
	ts->vector = vector;
	ts->ext = type != VMEXIT_EV_SWINT;
	ts->has_error = has_error;
	ts->error = error;
	return vmexit_task_switch(&vcpu, ts);
}

/* Exceptions through task gates push their error code on the new stack:
 * a doubleword for a 32-bit TSS, a word for a 16-bit one, at SS:ESP or
 * SS:SP by SS.B. */
static void test_gate_error_code(void **state)
{
	struct vmexit_task_switch ts;
	(void)state;

	setup(); /* #GP(1234H) into 32-bit task B, flat 32-bit stack */
	w32(TSS_B + 0x38, 0x8000);
	w32(0x7ffc, 0xffffffffu);
	assert_int_equal(gate(0x30, VMEXIT_EV_HWEXC, 13, true, 0x1234, &ts),
			 VMEXIT_DONE);
	assert_true(ts.event_consumed);
	assert_int_equal(vcpu.regs.gpr[VMEXIT_RSP], 0x7ffc);
	assert_int_equal(r32(0x7ffc), 0x1234);
	assert_int_equal(r32(TSS_A + 0x20), 0x1000); /* a fault: EIP at it */
	assert_int_equal(r16(TSS_B), 0x28);          /* nested */
	assert_false(vcpu.pending_valid);

	setup(); /* #PF into 16-bit task C: word push on a 16-bit stack */
	w16(TSS_C + 0x1a, 0x100);
	w32(0x200fc, 0xffffffffu);
	assert_int_equal(gate(0x38, VMEXIT_EV_HWEXC, 14, true, 0x1234, &ts),
			 VMEXIT_DONE);
	assert_int_equal(vcpu.regs.gpr[VMEXIT_RSP], 0xffff00feu);
	assert_int_equal(r16(0x200fe), 0x1234);
	assert_int_equal(r16(0x200fc), 0xffff); /* only a word */

	setup(); /* 32-bit TSS, 16-bit stack: dword push, SP wraps */
	w32(TSS_B + 0x50, 0x58);
	w32(TSS_B + 0x38, 0xabcd0000u);
	w32(0x2fffc, 0xffffffffu);
	assert_int_equal(gate(0x30, VMEXIT_EV_HWEXC, 8, true, 0, &ts),
			 VMEXIT_DONE);
	assert_int_equal(vcpu.regs.gpr[VMEXIT_RSP], 0xabcdfffcu);
	assert_int_equal(r32(0x2fffc), 0);

	setup(); /* the same at SP 2: the dword would cross the limit */
	w32(TSS_B + 0x50, 0x58);
	w32(TSS_B + 0x38, 0x2);
	expect_fault(gate(0x30, VMEXIT_EV_HWEXC, 8, true, 0, &ts),
		     VMEXIT_EXC_SS, 1);

	setup(); /* no room below SP 1 in a 64-KByte stack: #SS(EXT) */
	w16(TSS_C + 0x1a, 0x1);
	expect_fault(gate(0x38, VMEXIT_EV_HWEXC, 13, true, 0, &ts),
		     VMEXIT_EXC_SS, 1);
	assert_int_equal(vcpu.sregs.seg[VMEXIT_SEG_TR].selector, 0x38);
}

/* NMI through a task gate; faults before the commit point combine with
 * the event being delivered. */
static void test_gate_events(void **state)
{
	struct vmexit_task_switch ts;
	(void)state;

	setup();
	assert_int_equal(gate(0x30, VMEXIT_EV_NMI, 2, false, 0, &ts),
			 VMEXIT_DONE);
	assert_true(ts.event_consumed);
	assert_false(vcpu.pending_valid);
	assert_int_equal(r32(TSS_A + 0x20), 0x1000);

	setup(); /* NMI into a not-present TSS: #NP(70H + EXT) */
	expect_fault(gate(0x70, VMEXIT_EV_NMI, 2, false, 0, &ts),
		     VMEXIT_EXC_NP, 0x71);
	assert_true(ts.event_consumed);

	setup(); /* #GP into a not-present TSS: #DF(0) */
	expect_fault(gate(0x70, VMEXIT_EV_HWEXC, 13, true, 0, &ts),
		     VMEXIT_EXC_DF, 0);

	setup(); /* #DF into a not-present TSS: shutdown */
	assert_int_equal(gate(0x70, VMEXIT_EV_HWEXC, 8, true, 0, &ts),
			 VMEXIT_TRIPLE_FAULT);

	setup(); /* INT 30H through a gate: not external, EIP after it */
	memset(&ts, 0, sizeof(ts));
	ts.selector = 0x30;
	ts.reason = VMEXIT_TS_IDT;
	ts.event_type = VMEXIT_EV_SWINT;
	ts.vector = 0x30;
	ts.insn_len = 2;
	assert_int_equal(vmexit_task_switch(&vcpu, &ts), VMEXIT_DONE);
	assert_int_equal(r32(TSS_A + 0x20), 0x1002);
}

/* A new task with EFLAGS.VM runs in virtual-8086 mode. */
static void test_vm86_task(void **state)
{
	enum vmexit_cpu_mode mode;
	unsigned cpl;
	(void)state;

	setup();
	tss32(TSS_B, 0x0100, 0x20202, 0, 0x1234, 0x2000, 0x3000, 0, 0);
	assert_int_equal(do_switch(0x30, VMEXIT_TS_JMP, 5), VMEXIT_DONE);
	assert_int_equal(vmexit_cpu_mode(&vcpu, &mode), VMEXIT_DONE);
	assert_int_equal(mode, VMEXIT_MODE_VM86);
	assert_int_equal(vmexit_cpl(&vcpu, &cpl), VMEXIT_DONE);
	assert_int_equal(cpl, 3);
	assert_int_equal(vcpu.sregs.seg[VMEXIT_SEG_CS].base, 0x12340);
	assert_int_equal(vcpu.sregs.seg[VMEXIT_SEG_SS].base, 0x20000);
	assert_int_equal(vcpu.sregs.seg[VMEXIT_SEG_GS].base, 0x30000);
	for (unsigned i = 0; i <= VMEXIT_SEG_GS; i++) {
		assert_int_equal(vcpu.sregs.seg[i].limit, 0xffff);
		assert_int_equal(vcpu.sregs.seg[i].ar, 0xf3);
	}
}

/* The T bit: #DB with DR6.BT after the switch is complete. */
static void test_t_bit(void **state)
{
	(void)state;
	setup();
	ram[TSS_B + 0x64] = 1;
	assert_int_equal(do_switch(0x30, VMEXIT_TS_CALL, 7), VMEXIT_EXCEPTION);
	assert_int_equal(vcpu.pending.vector, VMEXIT_EXC_DB);
	assert_false(vcpu.pending.has_error);
	assert_int_equal(vcpu.pending.payload, VMEXIT_DR6_BT);
	assert_true(vcpu.dregs.dr6 & VMEXIT_DR6_BT);
	assert_int_equal(vcpu.sregs.seg[VMEXIT_SEG_TR].selector, 0x30);
	assert_int_equal(vcpu.regs.rip, 0x2000);
	/* flushed to the backend */
	assert_int_equal(vmexit_vcpu_flush(&vcpu), VMEXIT_DONE);
	assert_true(mock.dregs.dr6 & VMEXIT_DR6_BT);
	assert_int_equal(mock.events[0].vector, VMEXIT_EXC_DB);
}

/* Faults after the commit point, in the new task's context. */
static void test_after_commit(void **state)
{
	(void)state;
	setup(); /* DS not present: #NP(60H), TR already switched */
	tss32(TSS_B, 0x2000, 0x2, 0, 0x08, 0x10, 0x60, 0, 0);
	expect_fault(do_switch(0x30, VMEXIT_TS_JMP, 5), VMEXIT_EXC_NP, 0x60);
	assert_int_equal(vcpu.sregs.seg[VMEXIT_SEG_TR].selector, 0x30);
	assert_int_equal(vcpu.regs.rip, 0x2000);
	assert_int_equal(vcpu.sregs.seg[VMEXIT_SEG_DS].selector, 0x60);
	assert_true(vcpu.sregs.seg[VMEXIT_SEG_DS].ar & VMEXIT_AR_UNUSABLE);

	/* SS DPL 3 with CS DPL 0: #TS(20H).  The selectors are the new
	 * task's (step 12: the processor, as QEMU in tests/vm/
	 * kvm-diff/, saves them so in the TSS a task gate leaves);
	 * the hidden parts stay the old task's. */
	setup();
	struct vmexit_segment cs0 = mock.sregs.seg[VMEXIT_SEG_CS];
	struct vmexit_segment ss0 = mock.sregs.seg[VMEXIT_SEG_SS];
	tss32(TSS_B, 0x2000, 0x2, 0, 0x50, 0x20, 0x10, 0, 0);
	expect_fault(do_switch(0x30, VMEXIT_TS_JMP, 5), VMEXIT_EXC_TS, 0x20);
	assert_int_equal(vcpu.sregs.seg[VMEXIT_SEG_CS].selector, 0x50);
	assert_int_equal(vcpu.sregs.seg[VMEXIT_SEG_SS].selector, 0x20);
	assert_int_equal(vcpu.sregs.seg[VMEXIT_SEG_CS].ar, cs0.ar);
	assert_int_equal(vcpu.sregs.seg[VMEXIT_SEG_CS].base, cs0.base);
	assert_int_equal(vcpu.sregs.seg[VMEXIT_SEG_SS].ar, ss0.ar);
	assert_int_equal(vcpu.sregs.seg[VMEXIT_SEG_SS].limit, ss0.limit);

	setup(); /* an LDT selector that names a TSS: #TS(30H) */
	tss32(TSS_B, 0x2000, 0x2, 0, 0x08, 0x10, 0x10, 0x30, 0);
	expect_fault(do_switch(0x30, VMEXIT_TS_JMP, 5), VMEXIT_EXC_TS, 0x30);

	setup(); /* ring-3 task with CS and SS in its LDT */
	tss32(TSS_B, 0x2000, 0x2, 0, 0x0f, 0x07, 0x07, 0x48, 0);
	assert_int_equal(do_switch(0x30, VMEXIT_TS_JMP, 5), VMEXIT_DONE);
	assert_int_equal(vcpu.sregs.seg[VMEXIT_SEG_LDTR].base, LDT);
	assert_int_equal(vcpu.sregs.seg[VMEXIT_SEG_CS].ar, 0xc0fb);
	assert_int_equal(ram[LDT + 8 + 5], 0xfb); /* accessed */

	setup(); /* EIP past the 64-KByte CS: #GP(0) */
	tss32(TSS_B, 0x12345, 0x2, 0, 0x50, 0x58, 0x58, 0, 0);
	expect_fault(do_switch(0x30, VMEXIT_TS_JMP, 5), VMEXIT_EXC_GP, 0);

	setup(); /* CS null */
	tss32(TSS_B, 0x2000, 0x2, 0, 0x00, 0x10, 0x10, 0, 0);
	expect_fault(do_switch(0x30, VMEXIT_TS_JMP, 5), VMEXIT_EXC_TS, 0);
}

/* Identity-map the first MByte with 32-bit paging, minus `hole`. */
static void paging32(uint32_t hole)
{
	w32(PD, PT | 0x7);
	for (uint32_t p = 0; p < 256; p++)
		w32(PT + p * 4, p << 12 == hole ? 0 : (p << 12) | 0x7);
	mock.sregs.cr3 = PD;
	mock.sregs.cr0 |= VMEXIT_CR0_PG;
}

static void test_paging(void **state)
{
	uint8_t before[0x4100];
	(void)state;

	setup(); /* the new TSS's page is not present: #PF, CR2 = base */
	paging32(TSS_B & ~0xfffu);
	memcpy(before, ram, sizeof(before));
	expect_fault(do_switch(0x30, VMEXIT_TS_JMP, 5), VMEXIT_EXC_PF, 0);
	assert_int_equal(vcpu.pending.payload, TSS_B);
	assert_int_equal(vcpu.sregs.seg[VMEXIT_SEG_TR].selector, 0x28);
	assert_memory_equal(before + GDT, ram + GDT, 0x3100 - GDT);

	setup(); /* TSS E crosses into an unmapped page: CR2 = 4000H */
	tss32(TSS_E, 0x2000, 0x2, 0, 0x08, 0x10, 0x10, 0, PD);
	paging32(0x4000);
	expect_fault(do_switch(0x80, VMEXIT_TS_CALL, 7), VMEXIT_EXC_PF, 0);
	assert_int_equal(vcpu.pending.payload, 0x4000);
	assert_int_equal(ar_byte(16), 0x89);

	setup(); /* TSS E across the boundary, second page elsewhere */
	paging32(0);
	w32(PT + 4 * 4, 0x9000 | 0x7); /* linear 4000H -> 9000H */
	tss32(TSS_E, 0x2000, 0x2, 0, 0x08, 0x10, 0x10, 0, PD);
	/* The fields at 4000H and up (EIP at +20H = 3FE0H stays, ESI at
	 * +40H = 4000H moves) come from 9000H. */
	w32(0x9000, 0x51515151u);
	w16(0x900c, 0x08); /* CS at +4CH */
	w16(0x9010, 0x10); /* SS */
	assert_int_equal(do_switch(0x80, VMEXIT_TS_CALL, 7), VMEXIT_DONE);
	assert_int_equal(vcpu.regs.rip, 0x2000);
	assert_int_equal(vcpu.regs.gpr[VMEXIT_RSI], 0x51515151u);
	assert_int_equal(r16(TSS_E), 0x28);

	setup(); /* the old TSS is read-only with CR0.WP: #PF W|P */
	paging32(0);
	w32(PT + (TSS_A >> 12) * 4, TSS_A | 0x5);
	mock.sregs.cr0 |= VMEXIT_CR0_WP;
	memcpy(before, ram, sizeof(before));
	expect_fault(do_switch(0x30, VMEXIT_TS_JMP, 5), VMEXIT_EXC_PF,
		     VMEXIT_PFEC_P | VMEXIT_PFEC_W);
	assert_int_equal(vcpu.pending.payload, TSS_A + 0x20);
	assert_int_equal(ar_byte(6), 0x89);

	setup(); /* new CR3: B's page directory maps 3000H elsewhere */
	paging32(0);
	w32(0x52000, 0x53000 | 0x7);
	for (uint32_t p = 0; p < 256; p++)
		w32(0x53000 + p * 4, (p << 12) | 0x7);
	tss32(TSS_B, 0x2000, 0x2, 0, 0x08, 0x10, 0x10, 0, 0x52000);
	assert_int_equal(do_switch(0x30, VMEXIT_TS_JMP, 5), VMEXIT_DONE);
	assert_int_equal(vcpu.sregs.cr3, 0x52000);
	/* CR3 is written only for 32-bit TSSes with paging on: a 16-bit
	 * task keeps it. */
	assert_int_equal(do_switch(0x38, VMEXIT_TS_JMP, 5), VMEXIT_DONE);
	assert_int_equal(vcpu.sregs.cr3, 0x52000);
}

static void test_pae_pdptes(void **state)
{
	uint64_t pdpte[4] = { 0x60000 | 1, 0, 0, 0 };
	uint64_t pde = 0 | 0x83; /* 2-MByte page at 0 */
	(void)state;

	setup();
	memcpy(&ram[0x5f000], pdpte, sizeof(pdpte));
	memcpy(&ram[0x60000], &pde, 8);
	mock.sregs.cr4 |= VMEXIT_CR4_PAE;
	mock.sregs.cr0 |= VMEXIT_CR0_PG;
	mock.sregs.cr3 = 0x5f000;
	memcpy(mock.sregs.pdpte, pdpte, sizeof(pdpte));
	/* B: PDPTEs at 5F020H; the first has bit 5 (reserved) set. */
	pdpte[0] |= 0x20;
	memcpy(&ram[0x5f020], pdpte, sizeof(pdpte));
	tss32(TSS_B, 0x2000, 0x2, 0, 0x08, 0x10, 0x10, 0, 0x5f020);
	expect_fault(do_switch(0x30, VMEXIT_TS_JMP, 5), VMEXIT_EXC_GP, 0);
	assert_int_equal(vcpu.sregs.cr3, 0x5f000);
	assert_int_equal(vcpu.sregs.seg[VMEXIT_SEG_TR].selector, 0x30);

	setup();
	pdpte[0] = 0x60000 | 1;
	pdpte[2] = 0x61000 | 1;
	memcpy(&ram[0x5f000], pdpte, sizeof(pdpte));
	memcpy(&ram[0x5f020], pdpte, sizeof(pdpte));
	memcpy(&ram[0x60000], &pde, 8);
	mock.sregs.cr4 |= VMEXIT_CR4_PAE;
	mock.sregs.cr0 |= VMEXIT_CR0_PG;
	mock.sregs.cr3 = 0x5f000;
	memcpy(mock.sregs.pdpte, pdpte, sizeof(pdpte));
	tss32(TSS_B, 0x2000, 0x2, 0, 0x08, 0x10, 0x10, 0, 0x5f020);
	assert_int_equal(do_switch(0x30, VMEXIT_TS_JMP, 5), VMEXIT_DONE);
	assert_int_equal(vcpu.sregs.cr3, 0x5f020);
	assert_int_equal(vcpu.sregs.pdpte[2], 0x61001);
}

static void test_modes_and_errors(void **state)
{
	struct vmexit_task_switch ts = { .selector = 0x30,
					 .reason = VMEXIT_TS_JMP,
					 .has_error = true };
	(void)state;

	setup();
	assert_int_equal(vmexit_task_switch(&vcpu, &ts), VMEXIT_ERR_CALLER);
	ts.has_error = false;
	ts.reason = 4;
	assert_int_equal(vmexit_task_switch(&vcpu, &ts), VMEXIT_ERR_CALLER);
	assert_int_equal(vmexit_task_switch(NULL, &ts), VMEXIT_ERR_CALLER);

	setup(); /* IA-32e mode has no task switches: #GP(0) */
	mock.sregs.efer |= VMEXIT_EFER_LMA | VMEXIT_EFER_LME;
	expect_fault(do_switch(0x30, VMEXIT_TS_JMP, 5), VMEXIT_EXC_GP, 0);

	setup(); /* real mode: cannot happen, not ours to emulate */
	mock.sregs.cr0 &= ~VMEXIT_CR0_PE;
	assert_int_equal(do_switch(0x30, VMEXIT_TS_JMP, 5), VMEXIT_UNHANDLED);

	setup(); /* backend failure comes back as a status */
	mock.fail_ops = VMEXIT_MOCK_FAIL(VMEXIT_MOCK_MAP_GPA);
	assert_int_equal(do_switch(0x30, VMEXIT_TS_JMP, 5), VMEXIT_ERR_BACKEND);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_call_iret_32),
		cmocka_unit_test(test_jmp),
		cmocka_unit_test(test_dr7_local_enables),
		cmocka_unit_test(test_nested_chain),
		cmocka_unit_test(test_new_tss_faults),
		cmocka_unit_test(test_16bit_round_trip),
		cmocka_unit_test(test_gate_error_code),
		cmocka_unit_test(test_gate_events),
		cmocka_unit_test(test_vm86_task),
		cmocka_unit_test(test_t_bit),
		cmocka_unit_test(test_after_commit),
		cmocka_unit_test(test_paging),
		cmocka_unit_test(test_pae_pdptes),
		cmocka_unit_test(test_modes_and_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
