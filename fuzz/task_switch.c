/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Fuzz the task switch and the segment checks with guest-controlled
 * everything: GDT, LDT and TSS contents (guest RAM comes from the input),
 * the descriptor-table registers, TR, CR0/CR3/CR4 and the exit's fields.
 * Besides the sanitizers, the invariants below must hold.
 *
 * Input: a 32-byte header (see struct hdr), then guest RAM.
 */
#include <stdbool.h>
#include <string.h>

#include <vmexit/mock.h>
#include <vmexit/segment.h>
#include <vmexit/task.h>
#include <vmexit/x86.h>

#include "fuzz.h"

#define RAM_SIZE 0x10000u

struct hdr {
	uint8_t sel[2], reason, flags, vector, insn_len;
	uint8_t gdt_base[2], gdt_limit[2];
	uint8_t tr_sel[2], tr_base[2], tr_ar, tr_limit;
	uint8_t cr3[2], ldt_base[2], ldt_limit, error[4];
	uint8_t what, cpl, ext, seg_kind, seg_reg;
	uint8_t pad[2];
};

static uint8_t ram[RAM_SIZE];

#define CHECK(x) do { if (!(x)) __builtin_trap(); } while (0)

static uint16_t u16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

/* vmexit_seg_check(): a refusal is one of the four faults, with the
 * selector (or 0) and EXT in the error code. */
static void fuzz_check(const struct hdr *h, const uint8_t *d, size_t n)
{
	struct vmexit_seg_req r = { .kind = h->seg_kind % 6,
				    .seg = h->seg_reg % VMEXIT_NR_SEGS,
				    .selector = u16(h->sel), .cpl = h->cpl & 3,
				    .ext = h->ext & 1, .lma = h->ext & 2,
				    .mode64 = h->ext & 4 };
	struct vmexit_segment s;
	struct vmexit_fault f;
	uint64_t lo = 0, hi = 0;

	memcpy(&lo, d, n < 8 ? n : 8);
	if (n > 8)
		memcpy(&hi, d + 8, n - 8 < 8 ? n - 8 : 8);
	vmexit_desc_decode(lo, hi, h->ext & 8, &s);
	if (!vmexit_seg_check(&r, (h->ext & 16) ? NULL : &s, hi, &f)) {
		CHECK(f.vector == VMEXIT_EXC_GP || f.vector == VMEXIT_EXC_TS ||
		      f.vector == VMEXIT_EXC_NP || f.vector == VMEXIT_EXC_SS);
		CHECK(f.has_error);
		CHECK((f.error & 0xfffc) == 0 ||
		      (f.error & 0xfffc) == (r.selector & 0xfffc));
		CHECK(f.error >> 16 == 0);
	}
}

static void fuzz_switch(const struct hdr *h)
{
	struct vmexit_mock m;
	struct vmexit_vcpu v;
	struct vmexit_regs before;
	struct vmexit_task_switch ts = {
		.selector = u16(h->sel), .reason = h->reason & 3,
		.has_error = (h->flags & 1) && (h->reason & 3) == VMEXIT_TS_IDT,
		.error = (uint32_t)h->error[0] | (uint32_t)h->error[1] << 8 |
			 (uint32_t)h->error[2] << 16 | (uint32_t)h->error[3] << 24,
		.ext = h->flags & 2, .insn_len = h->insn_len & 15,
		.event_type = (h->flags & 0x80) ? VMEXIT_EV_HWEXC
						 : VMEXIT_EV_NMI,
		.vector = h->vector,
	};
	struct vmexit_segment *tr;
	uint16_t old_tr;
	int rc;

	vmexit_mock_init(&m, ram, sizeof(ram));
	vmexit_mock_set_mode(&m, VMEXIT_MODE_PROT32, h->cpl & 3, 0);
	m.sregs.gdtr.base = (uint64_t)u16(h->gdt_base) << 4;
	m.sregs.gdtr.limit = u16(h->gdt_limit);
	tr = &m.sregs.seg[VMEXIT_SEG_TR];
	tr->selector = u16(h->tr_sel);
	tr->base = (uint64_t)u16(h->tr_base) << 4;
	tr->ar = (h->tr_ar & 0x0f) | VMEXIT_AR_P;
	tr->limit = (uint32_t)h->tr_limit << 1;
	m.sregs.seg[VMEXIT_SEG_LDTR].base = (uint64_t)u16(h->ldt_base) << 4;
	m.sregs.seg[VMEXIT_SEG_LDTR].limit = h->ldt_limit;
	if (!(h->flags & 0x20))
		m.sregs.seg[VMEXIT_SEG_LDTR].ar = VMEXIT_AR_UNUSABLE;
	m.sregs.cr3 = (uint64_t)u16(h->cr3) << 8;
	if (h->flags & 4)
		m.sregs.cr0 |= VMEXIT_CR0_PG;
	if (h->flags & 8)
		m.sregs.cr4 |= VMEXIT_CR4_PAE;
	if (h->flags & 0x10)
		m.sregs.cr0 |= VMEXIT_CR0_WP;
	if (h->flags & 0x40)
		m.regs.rflags |= VMEXIT_RFLAGS_VM;
	memcpy(m.sregs.pdpte, ram + (m.sregs.cr3 & 0xffe0), 32);
	for (unsigned i = 0; i < 8; i++)
		m.regs.gpr[i] = 0x1111111111111111ull * i;
	before = m.regs;
	old_tr = tr->selector;

	vmexit_vcpu_init(&v, &vmexit_mock_ops, &m, NULL);
	vmexit_vcpu_begin(&v);
	rc = vmexit_task_switch(&v, &ts);
	CHECK(rc == VMEXIT_DONE || rc == VMEXIT_EXCEPTION ||
	      rc == VMEXIT_TRIPLE_FAULT || rc == VMEXIT_UNHANDLED);
	if (rc == VMEXIT_DONE || rc == VMEXIT_EXCEPTION ||
	    rc == VMEXIT_TRIPLE_FAULT)
		CHECK(ts.event_consumed);
	if (rc == VMEXIT_EXCEPTION)
		CHECK(v.pending_valid && v.pending.vector < 32);
	if (rc == VMEXIT_DONE) {
		const struct vmexit_segment *cs = &v.sregs.seg[VMEXIT_SEG_CS];
		uint32_t t = v.sregs.seg[VMEXIT_SEG_TR].ar & 0x1f;
		CHECK(!v.pending_valid);
		CHECK(v.sregs.seg[VMEXIT_SEG_TR].selector == ts.selector);
		CHECK(t == VMEXIT_SYS_TSS_BUSY || t == VMEXIT_SYS_TSS16_BUSY);
		CHECK(v.sregs.cr0 & VMEXIT_CR0_TS);
		CHECK(v.regs.rip <= cs->limit);
		if (!(v.regs.rflags & VMEXIT_RFLAGS_VM)) {
			/* A consistent CPL: CS.RPL = SS.DPL = SS.RPL. */
			unsigned cpl = cs->selector & 3;
			CHECK(!(cs->ar & VMEXIT_AR_UNUSABLE));
			CHECK(((v.sregs.seg[VMEXIT_SEG_SS].ar >> 5) & 3) == cpl);
			CHECK((v.sregs.seg[VMEXIT_SEG_SS].selector & 3) == cpl);
		}
		CHECK((v.regs.rflags & 0xffc0802aull) == 2);
	}
	/* A fault before the commit point leaves the old task's registers. */
	if (rc == VMEXIT_EXCEPTION &&
	    v.sregs.seg[VMEXIT_SEG_TR].selector == old_tr &&
	    ts.selector != old_tr && !(v.sregs.cr0 & VMEXIT_CR0_TS))
		CHECK(memcmp(&before, &v.regs, sizeof(before)) == 0);
	(void)vmexit_vcpu_flush(&v);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct hdr h;

	if (size < sizeof(h))
		return 0;
	memcpy(&h, data, sizeof(h));
	data += sizeof(h);
	size -= sizeof(h);
	if (h.what & 1) {
		fuzz_check(&h, data, size < 16 ? size : 16);
		return 0;
	}
	memset(ram, 0, sizeof(ram));
	memcpy(ram, data, size < sizeof(ram) ? size : sizeof(ram));
	fuzz_switch(&h);
	return 0;
}
