/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Segment descriptor loading on the mock backend.  The GDT and LDT are
 * built in guest RAM with an encoder written from SDM Vol. 3, Figure
 * "Segment Descriptor"; every expected fault and error code in the tables
 * was worked out by hand from the instruction pseudo-code in SDM Vol. 2.
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
#include <vmexit/segment.h>
#include <vmexit/x86.h>

#define GDT 0x1000u
#define LDT 0x2000u
#define NONE 0xff /* no fault expected */

static uint8_t ram[1 << 20];
static struct vmexit_mock mock;
static struct vmexit_vcpu vcpu;

#define desc guest_desc
#define put_desc(table, index, d) guest_put_desc(ram, table, index, d)

/* The GDT of every table test (index: selector, what). */
static void build_tables(void)
{
	memset(ram, 0, sizeof(ram));
	put_desc(GDT, 1, desc(0, 0xfffff, 0x9a, 0xc));  /* 08 code DPL0 */
	put_desc(GDT, 2, desc(0, 0xfffff, 0x92, 0xc));  /* 10 data DPL0 */
	put_desc(GDT, 3, desc(0, 0xfffff, 0xfa, 0xc));  /* 18 code DPL3 */
	put_desc(GDT, 4, desc(0, 0xfffff, 0xf2, 0xc));  /* 20 data DPL3 */
	put_desc(GDT, 5, desc(0, 0xfffff, 0x90, 0xc));  /* 28 r/o data */
	put_desc(GDT, 6, desc(0, 0xfffff, 0x98, 0xc));  /* 30 exec-only */
	put_desc(GDT, 7, desc(0, 0xfffff, 0x9e, 0xc));  /* 38 conf. DPL0 */
	put_desc(GDT, 8, desc(0, 0xfffff, 0x12, 0xc));  /* 40 data, P=0 */
	put_desc(GDT, 9, desc(LDT, 0x17, 0x82, 0));     /* 48 LDT */
	put_desc(GDT, 10, desc(0x3000, 0x67, 0x89, 0)); /* 50 TSS avail */
	put_desc(GDT, 11, desc(0x3100, 0x67, 0x8b, 0)); /* 58 TSS busy */
	put_desc(GDT, 12, desc(0, 0xfffff, 0x1a, 0xc)); /* 60 code, P=0 */
	put_desc(GDT, 13, desc(0, 0xfffff, 0xfe, 0xc)); /* 68 conf. DPL3 */
	put_desc(GDT, 14, desc(LDT, 0x17, 0x02, 0));    /* 70 LDT, P=0 */
	put_desc(GDT, 15, desc(0x3200, 0x2b, 0x81, 0)); /* 78 TSS16 avail */
	put_desc(GDT, 16, desc(0x5000, 0xffff, 0xb2, 0)); /* 80 data DPL1 */
	put_desc(GDT, 17, desc(0, 0, 0x8c, 0));         /* 88 call gate */
	put_desc(LDT, 0, desc(0x7000, 0xfff, 0xf2, 0x4)); /* 04 data DPL3 */
	put_desc(LDT, 1, desc(0, 0xfffff, 0xfa, 0xc));  /* 0c code DPL3 */
	put_desc(LDT, 2, desc(0, 0xfffff, 0x92, 0xc));  /* 14 data DPL0 */
}

static void setup_prot32(unsigned cpl)
{
	build_tables();
	vmexit_mock_init(&mock, ram, sizeof(ram));
	vmexit_mock_set_mode(&mock, VMEXIT_MODE_PROT32, cpl, 0);
	mock.sregs.gdtr.base = GDT;
	mock.sregs.gdtr.limit = 18 * 8 - 1;
	mock.sregs.seg[VMEXIT_SEG_LDTR] = (struct vmexit_segment){
		.selector = 0x48, .base = LDT, .limit = 0x17, .ar = 0x82 };
	vmexit_vcpu_init(&vcpu, &vmexit_mock_ops, &mock, NULL);
	vmexit_vcpu_begin(&vcpu);
}

struct load_case {
	unsigned line;
	uint8_t cpl, kind, seg;
	uint16_t sel;
	bool ext;
	uint8_t vector; /* NONE: loads */
	uint32_t error;
};

#define MOV VMEXIT_LOAD_MOV
#define FAR VMEXIT_LOAD_FAR
#define RET VMEXIT_LOAD_RET
#define LLDT VMEXIT_LOAD_LLDT
#define LTR VMEXIT_LOAD_LTR
#define TASK VMEXIT_LOAD_TASK
#define DS VMEXIT_SEG_DS
#define SS VMEXIT_SEG_SS
#define CS VMEXIT_SEG_CS
#define LDTR VMEXIT_SEG_LDTR
#define TR VMEXIT_SEG_TR
#define GP VMEXIT_EXC_GP
#define NP VMEXIT_EXC_NP
#define SSF VMEXIT_EXC_SS
#define TS VMEXIT_EXC_TS

static const struct load_case cases[] = {
	/* MOV/POP DS (same rules for ES, FS, GS, LDS...) */
	{ __LINE__, 0, MOV, DS, 0x10, 0, NONE, 0 },
	{ __LINE__, 0, MOV, DS, 0x00, 0, NONE, 0 },
	{ __LINE__, 3, MOV, DS, 0x03, 0, NONE, 0 },   /* null, any RPL */
	{ __LINE__, 3, MOV, DS, 0x10, 0, GP, 0x10 },  /* CPL > DPL */
	{ __LINE__, 0, MOV, DS, 0x13, 0, GP, 0x10 },  /* RPL > DPL */
	{ __LINE__, 0, MOV, DS, 0x30, 0, GP, 0x30 },  /* exec-only code */
	{ __LINE__, 0, MOV, DS, 0x08, 0, NONE, 0 },   /* readable code */
	{ __LINE__, 3, MOV, DS, 0x3b, 0, NONE, 0 },   /* conforming */
	{ __LINE__, 0, MOV, DS, 0x40, 0, NP, 0x40 },
	{ __LINE__, 3, MOV, DS, 0x43, 0, GP, 0x40 },  /* DPL before P */
	{ __LINE__, 0, MOV, DS, 0x48, 0, GP, 0x48 },  /* system */
	{ __LINE__, 0, MOV, DS, 0x8b, 0, GP, 0x88 },  /* call gate */
	{ __LINE__, 0, MOV, DS, 0x90, 0, GP, 0x90 },  /* past GDT limit */
	{ __LINE__, 3, MOV, DS, 0x07, 0, NONE, 0 },   /* LDT entry 0 */
	{ __LINE__, 3, MOV, DS, 0x17, 0, GP, 0x14 },  /* LDT, DPL 0 */
	{ __LINE__, 0, MOV, DS, 0x1c, 0, GP, 0x1c },  /* past LDT limit */
	/* MOV/POP SS, LSS */
	{ __LINE__, 0, MOV, SS, 0x10, 0, NONE, 0 },
	{ __LINE__, 0, MOV, SS, 0x00, 0, GP, 0 },
	{ __LINE__, 0, MOV, SS, 0x28, 0, GP, 0x28 },  /* read-only */
	{ __LINE__, 0, MOV, SS, 0x13, 0, GP, 0x10 },  /* RPL != CPL */
	{ __LINE__, 3, MOV, SS, 0x23, 0, NONE, 0 },
	{ __LINE__, 3, MOV, SS, 0x20, 0, GP, 0x20 },
	{ __LINE__, 0, MOV, SS, 0x08, 0, GP, 0x08 },  /* code */
	{ __LINE__, 0, MOV, SS, 0x40, 0, SSF, 0x40 }, /* not present */
	{ __LINE__, 1, MOV, SS, 0x81, 0, NONE, 0 },
	{ __LINE__, 0, MOV, SS, 0x81, 0, GP, 0x80 },  /* DPL 1 != CPL 0 */
	/* far JMP/CALL to a code segment */
	{ __LINE__, 0, FAR, CS, 0x08, 0, NONE, 0 },
	{ __LINE__, 3, FAR, CS, 0x08, 0, GP, 0x08 },  /* DPL != CPL */
	{ __LINE__, 0, FAR, CS, 0x00, 0, GP, 0 },
	{ __LINE__, 3, FAR, CS, 0x38, 0, NONE, 0 },   /* conforming */
	{ __LINE__, 0, FAR, CS, 0x68, 0, GP, 0x68 },  /* conf. DPL > CPL */
	{ __LINE__, 0, FAR, CS, 0x60, 0, NP, 0x60 },
	{ __LINE__, 0, FAR, CS, 0x10, 0, GP, 0x10 },  /* data */
	{ __LINE__, 0, FAR, CS, 0x0b, 0, GP, 0x08 },  /* RPL > CPL */
	/* far RET / IRET */
	{ __LINE__, 0, RET, CS, 0x1b, 0, NONE, 0 },   /* to CPL 3 */
	{ __LINE__, 3, RET, CS, 0x08, 0, GP, 0x08 },  /* RPL < CPL */
	{ __LINE__, 0, RET, CS, 0x18, 0, GP, 0x18 },  /* DPL 3 != RPL 0 */
	{ __LINE__, 0, RET, CS, 0x6b, 0, NONE, 0 },   /* conf., DPL <= RPL */
	{ __LINE__, 3, RET, SS, 0x23, 0, NONE, 0 },   /* outer SS */
	{ __LINE__, 3, RET, SS, 0x10, 0, GP, 0x10 },
	/* LLDT */
	{ __LINE__, 0, LLDT, LDTR, 0x48, 0, NONE, 0 },
	{ __LINE__, 0, LLDT, LDTR, 0x00, 0, NONE, 0 },
	{ __LINE__, 0, LLDT, LDTR, 0x4c, 0, GP, 0x4c }, /* TI = 1 */
	{ __LINE__, 0, LLDT, LDTR, 0x10, 0, GP, 0x10 },
	{ __LINE__, 0, LLDT, LDTR, 0x70, 0, NP, 0x70 },
	{ __LINE__, 0, LLDT, LDTR, 0x98, 0, GP, 0x98 }, /* past limit */
	/* LTR */
	{ __LINE__, 0, LTR, TR, 0x50, 0, NONE, 0 },
	{ __LINE__, 0, LTR, TR, 0x58, 0, GP, 0x58 },  /* busy */
	{ __LINE__, 0, LTR, TR, 0x00, 0, GP, 0 },
	{ __LINE__, 0, LTR, TR, 0x78, 0, NONE, 0 },   /* 16-bit TSS */
	{ __LINE__, 0, LTR, TR, 0x54, 0, GP, 0x54 },  /* TI = 1 */
	{ __LINE__, 0, LTR, TR, 0x48, 0, GP, 0x48 },  /* LDT */
	/* task switch (EXT set), cpl = the new CS.RPL */
	{ __LINE__, 0, TASK, LDTR, 0x4c, 1, TS, 0x4d },
	{ __LINE__, 0, TASK, LDTR, 0x70, 1, TS, 0x71 }, /* LDT P=0: #TS */
	{ __LINE__, 0, TASK, LDTR, 0x00, 1, NONE, 0 },
	{ __LINE__, 0, TASK, CS, 0x00, 1, TS, 0x01 },
	{ __LINE__, 0, TASK, CS, 0x18, 1, TS, 0x19 },   /* DPL != RPL */
	{ __LINE__, 0, TASK, CS, 0x60, 1, NP, 0x61 },
	{ __LINE__, 0, TASK, SS, 0x00, 1, TS, 0x01 },
	{ __LINE__, 0, TASK, SS, 0x40, 1, SSF, 0x41 },
	{ __LINE__, 3, TASK, SS, 0x20, 1, TS, 0x21 },   /* RPL != CPL */
	{ __LINE__, 0, TASK, SS, 0x28, 1, TS, 0x29 },   /* read-only */
	{ __LINE__, 0, TASK, DS, 0x40, 1, NP, 0x41 },
	{ __LINE__, 3, TASK, DS, 0x13, 1, TS, 0x11 },   /* CPL > DPL */
	{ __LINE__, 3, TASK, DS, 0x43, 1, NP, 0x41 },   /* P before DPL */
	{ __LINE__, 0, TASK, DS, 0x30, 1, TS, 0x31 },   /* exec-only */
	{ __LINE__, 0, TASK, DS, 0x90, 1, TS, 0x91 },   /* past limit */
	{ __LINE__, 0, TASK, DS, 0x00, 1, NONE, 0 },
};

static void test_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct load_case *c = &cases[i];
		struct vmexit_seg_req r = { .kind = c->kind, .seg = c->seg,
					    .selector = c->sel, .cpl = c->cpl,
					    .ext = c->ext };
		struct vmexit_segment s;
		int rc;

		setup_prot32(c->cpl);
		rc = vmexit_seg_load(&vcpu, &r, &s);
		if (c->vector == NONE) {
			if (rc != VMEXIT_DONE)
				fail_msg("line %u: rc %d vector %u error %#x",
					 c->line, rc, vcpu.pending.vector,
					 vcpu.pending.error);
			assert_false(vcpu.pending_valid);
			continue;
		}
		if (rc != VMEXIT_EXCEPTION || !vcpu.pending_valid ||
		    vcpu.pending.vector != c->vector ||
		    !vcpu.pending.has_error ||
		    vcpu.pending.error != c->error)
			fail_msg("line %u: rc %d, got vector %u error %#x, "
				 "want %u %#x", c->line, rc,
				 vcpu.pending.vector, vcpu.pending.error,
				 c->vector, c->error);
	}
}

/* What a successful load produced, by hand from the descriptor. */
static void test_loaded_values(void **state)
{
	struct vmexit_segment s;
	(void)state;

	setup_prot32(0);
	assert_int_equal(vmexit_load_seg(&vcpu, MOV, DS, 0x10), VMEXIT_DONE);
	s = vcpu.sregs.seg[DS];
	assert_int_equal(s.selector, 0x10);
	assert_int_equal(s.base, 0);
	assert_int_equal(s.limit, 0xffffffffu);
	assert_int_equal(s.ar, 0xc093); /* G, D/B, P, S, data RW accessed */
	assert_int_equal(ram[GDT + 2 * 8 + 5], 0x93); /* accessed bit */

	/* LDT entry 0: base 7000H, byte-granular limit FFFH, D/B only. */
	setup_prot32(3);
	assert_int_equal(vmexit_load_seg(&vcpu, MOV, VMEXIT_SEG_ES, 0x07),
			 VMEXIT_DONE);
	s = vcpu.sregs.seg[VMEXIT_SEG_ES];
	assert_int_equal(s.base, 0x7000);
	assert_int_equal(s.limit, 0xfff);
	assert_int_equal(s.ar, 0x40f3);
	assert_int_equal(ram[LDT + 5], 0xf3);

	/* Null DS: unusable. */
	setup_prot32(0);
	assert_int_equal(vmexit_load_seg(&vcpu, MOV, DS, 0x03), VMEXIT_DONE);
	assert_true(vcpu.sregs.seg[DS].ar & VMEXIT_AR_UNUSABLE);
	assert_int_equal(vcpu.sregs.seg[DS].selector, 0x03);

	/* Far JMP to a conforming segment keeps CPL in the RPL. */
	setup_prot32(3);
	assert_int_equal(vmexit_load_seg(&vcpu, FAR, CS, 0x38), VMEXIT_DONE);
	assert_int_equal(vcpu.sregs.seg[CS].selector, 0x3b);

	/* LTR marks the TSS busy in memory and in TR. */
	setup_prot32(0);
	assert_int_equal(vmexit_load_seg(&vcpu, LTR, TR, 0x50), VMEXIT_DONE);
	assert_int_equal(ram[GDT + 10 * 8 + 5], 0x8b);
	assert_int_equal(vcpu.sregs.seg[TR].ar, 0x8b);
	assert_int_equal(vcpu.sregs.seg[TR].base, 0x3000);
	assert_int_equal(vcpu.sregs.seg[TR].limit, 0x67);

	/* LLDT does not touch the descriptor (no accessed bit). */
	setup_prot32(0);
	assert_int_equal(vmexit_load_seg(&vcpu, LLDT, LDTR, 0x48),
			 VMEXIT_DONE);
	assert_int_equal(ram[GDT + 9 * 8 + 5], 0x82);
	assert_int_equal(vcpu.sregs.seg[LDTR].base, LDT);
}

static void test_ldtr_unusable(void **state)
{
	(void)state;
	setup_prot32(3);
	mock.sregs.seg[LDTR].ar = VMEXIT_AR_UNUSABLE;
	assert_int_equal(vmexit_load_seg(&vcpu, MOV, DS, 0x07),
			 VMEXIT_EXCEPTION);
	assert_int_equal(vcpu.pending.vector, GP);
	assert_int_equal(vcpu.pending.error, 0x04);
	/* An LDTR that is usable but not present is no better. */
	setup_prot32(3);
	mock.sregs.seg[LDTR].ar = 0x02;
	assert_int_equal(vmexit_load_seg(&vcpu, MOV, DS, 0x07),
			 VMEXIT_EXCEPTION);
	assert_int_equal(vcpu.pending.error, 0x04);
}

static void test_decode(void **state)
{
	struct vmexit_segment s;
	(void)state;

	/* Base 12345678H, limit 5BCDEH, access 93H, flags D/B: laid out by
	 * hand as limit 15:0 | base 23:0 | access | limit 19:16 | flags |
	 * base 31:24. */
	vmexit_desc_decode(0x124593345678bcdeull, 0, false, &s);
	assert_int_equal(s.base, 0x12345678);
	assert_int_equal(s.limit, 0x5bcde);
	assert_int_equal(s.ar, 0x4093);
	/* The flat 4-GByte code descriptor everybody writes. */
	vmexit_desc_decode(0x00cf9a000000ffffull, 0, false, &s);
	assert_int_equal(s.limit, 0xffffffffu);
	assert_int_equal(s.ar, 0xc09a);
	/* A 16-byte TSS descriptor with base FFFF8000_00123000H. */
	vmexit_desc_decode(0x0000891230000067ull, 0xffff8000ull, true, &s);
	assert_int_equal(s.base, 0xffff800000123000ull);
	assert_int_equal(s.limit, 0x67);
	assert_true(vmexit_desc_is_wide(s.ar));
	assert_false(vmexit_desc_is_wide(0x9a));
	assert_false(vmexit_desc_is_wide(VMEXIT_SYS_TSS16_AVAIL));
}

/* Real mode and vm86 loads compute the base from the selector. */
static void test_real_vm86(void **state)
{
	(void)state;
	build_tables();
	vmexit_mock_init(&mock, ram, sizeof(ram));
	vmexit_vcpu_init(&vcpu, &vmexit_mock_ops, &mock, NULL);
	vmexit_vcpu_begin(&vcpu);
	mock.sregs.seg[DS].limit = 0xffffffff; /* "unreal" mode limit */
	assert_int_equal(vmexit_load_seg(&vcpu, MOV, DS, 0x1234),
			 VMEXIT_DONE);
	assert_int_equal(vcpu.sregs.seg[DS].base, 0x12340);
	assert_int_equal(vcpu.sregs.seg[DS].limit, 0xffffffff); /* kept */

	setup_prot32(0);
	mock.regs.rflags |= VMEXIT_RFLAGS_VM;
	assert_int_equal(vmexit_load_seg(&vcpu, MOV, SS, 0xabcd), VMEXIT_DONE);
	assert_int_equal(vcpu.sregs.seg[SS].base, 0xabcd0);
	assert_int_equal(vcpu.sregs.seg[SS].limit, 0xffff);
	assert_int_equal(vcpu.sregs.seg[SS].ar, 0xf3);
}

/* The descriptor read is an implicit supervisor access through the page
 * walk: at CPL 3 a not-present GDT page gives #PF with U/S clear. */
static void test_desc_page_fault(void **state)
{
	uint32_t pde = 0x60000 | 0x7, pte;
	(void)state;

	setup_prot32(3);
	mock.sregs.cr0 |= VMEXIT_CR0_PG;
	mock.sregs.cr3 = 0x50000;
	memcpy(&ram[0x50000], &pde, 4);
	for (uint32_t p = 0; p < 256; p++) {
		pte = (p << 12) | 0x7;
		if (p == GDT >> 12)
			pte = 0; /* GDT page not present */
		memcpy(&ram[0x60000 + p * 4], &pte, 4);
	}
	assert_int_equal(vmexit_load_seg(&vcpu, MOV, DS, 0x23),
			 VMEXIT_EXCEPTION);
	assert_int_equal(vcpu.pending.vector, VMEXIT_EXC_PF);
	assert_int_equal(vcpu.pending.error, 0); /* read, not present, S */
	assert_int_equal(vcpu.pending.payload, GDT + 4 * 8);

	/* The accessed-bit write to a read-only page: #PF W|P with WP. */
	pte = GDT | 0x5; /* present, user, read-only */
	memcpy(&ram[0x60000 + (GDT >> 12) * 4], &pte, 4);
	mock.sregs.cr0 |= VMEXIT_CR0_WP;
	vmexit_vcpu_begin(&vcpu);
	assert_int_equal(vmexit_load_seg(&vcpu, MOV, DS, 0x23),
			 VMEXIT_EXCEPTION);
	assert_int_equal(vcpu.pending.vector, VMEXIT_EXC_PF);
	assert_int_equal(vcpu.pending.error, VMEXIT_PFEC_P | VMEXIT_PFEC_W);
	assert_int_equal(vcpu.pending.payload, GDT + 4 * 8 + 5);
	assert_int_equal(ram[GDT + 4 * 8 + 5], 0xf2); /* untouched */
}

/* IA-32e mode: 16-byte LDT/TSS descriptors, null SS in 64-bit mode,
 * L and D both set. */
static void test_long_mode(void **state)
{
	uint64_t e;
	(void)state;

	build_tables();
	vmexit_mock_init(&mock, ram, sizeof(ram));
	vmexit_mock_set_mode(&mock, VMEXIT_MODE_LONG64, 0, 0x10000);
	/* Identity map the first 2 MBytes with one 2-MByte page. */
	e = 0x11000 | 3;
	memcpy(&ram[0x10000], &e, 8);
	e = 0x12000 | 3;
	memcpy(&ram[0x11000], &e, 8);
	e = 0 | 0x83;
	memcpy(&ram[0x12000], &e, 8);
	mock.sregs.gdtr.base = GDT;
	mock.sregs.gdtr.limit = 24 * 8 - 1;
	/* 18-19: LDT at FFFF8000_00002000H; 20-21: the same with a type in
	 * the upper half; 22: a 64-bit code segment with L and D. */
	put_desc(GDT, 18, desc(LDT, 0x17, 0x82, 0));
	e = 0xffff8000ull;
	memcpy(&ram[GDT + 19 * 8], &e, 8);
	put_desc(GDT, 20, desc(LDT, 0x17, 0x82, 0));
	e = 0x00000100ull << 32; /* type field 01H */
	memcpy(&ram[GDT + 21 * 8], &e, 8);
	put_desc(GDT, 22, desc(0, 0xfffff, 0x9a, 0xe));
	vmexit_vcpu_init(&vcpu, &vmexit_mock_ops, &mock, NULL);
	vmexit_vcpu_begin(&vcpu);

	assert_int_equal(vmexit_load_seg(&vcpu, LLDT, LDTR, 0x90), VMEXIT_DONE);
	assert_int_equal(vcpu.sregs.seg[LDTR].base, 0xffff800000002000ull);
	assert_int_equal(vmexit_load_seg(&vcpu, LLDT, LDTR, 0xa0),
			 VMEXIT_EXCEPTION);
	assert_int_equal(vcpu.pending.error, 0xa0);
	vmexit_vcpu_begin(&vcpu);
	/* A 16-bit TSS does not exist in IA-32e mode. */
	assert_int_equal(vmexit_load_seg(&vcpu, LTR, TR, 0x78),
			 VMEXIT_EXCEPTION);
	assert_int_equal(vcpu.pending.error, 0x78);
	vmexit_vcpu_begin(&vcpu);
	assert_int_equal(vmexit_load_seg(&vcpu, FAR, CS, 0xb0),
			 VMEXIT_EXCEPTION);
	assert_int_equal(vcpu.pending.error, 0xb0);
	vmexit_vcpu_begin(&vcpu);
	/* Null SS at CPL 0 in 64-bit mode is allowed; DPL stays 0. */
	assert_int_equal(vmexit_load_seg(&vcpu, MOV, SS, 0), VMEXIT_DONE);
	assert_true(vcpu.sregs.seg[SS].ar & VMEXIT_AR_UNUSABLE);
	/* Null FS keeps its base in 64-bit mode. */
	vcpu.sregs.seg[VMEXIT_SEG_FS].base = 0x123456789ull;
	assert_int_equal(vmexit_load_seg(&vcpu, MOV, VMEXIT_SEG_FS, 0),
			 VMEXIT_DONE);
	assert_int_equal(vcpu.sregs.seg[VMEXIT_SEG_FS].base, 0x123456789ull);
}

static void test_caller_errors(void **state)
{
	struct vmexit_seg_req r = { .kind = MOV, .seg = CS, .selector = 8 };
	struct vmexit_segment s;
	struct vmexit_fault f;
	(void)state;

	setup_prot32(0);
	assert_int_equal(vmexit_seg_load(&vcpu, &r, &s), VMEXIT_ERR_CALLER);
	r.seg = DS;
	r.cpl = 4;
	assert_int_equal(vmexit_seg_load(&vcpu, &r, &s), VMEXIT_ERR_CALLER);
	assert_false(vmexit_seg_check(&r, NULL, 0, &f));
	assert_int_equal(vmexit_load_seg(&vcpu, 99, DS, 8), VMEXIT_ERR_CALLER);
	assert_false(vmexit_desc_addr(NULL, 8, 8, NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_loaded_values),
		cmocka_unit_test(test_ldtr_unusable),
		cmocka_unit_test(test_decode),
		cmocka_unit_test(test_real_vm86),
		cmocka_unit_test(test_desc_page_fault),
		cmocka_unit_test(test_long_mode),
		cmocka_unit_test(test_caller_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
