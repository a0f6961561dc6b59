/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Fuzz the page walk, segmentation and guest copies: the input is the
 * control state (paging mode bits, CPL, EFLAGS.AC, MAXPHYADDR, access
 * kind, address, a segment descriptor cache) followed by guest RAM, which
 * holds whatever page tables the fuzzer invents.  Invariants: only the
 * statuses a hostile guest can cause, and a #PF that names the address.
 */
#include <stdlib.h>
#include <string.h>

#include <vmexit/memory.h>
#include <vmexit/mock.h>
#include <vmexit/x86.h>

#include "fuzz.h"

#define RAM_SIZE 0x10000u

struct control {
	uint8_t mode, cpl, acc, maxphy;
	uint32_t cr3;
	uint64_t la;
	uint32_t seg_base, seg_limit, seg_ar;
	uint16_t len;
};

static void check(bool ok)
{
	if (!ok)
		abort();
}

static void setup(struct vmexit_mock *m, const struct control *c)
{
	static const enum vmexit_cpu_mode cpu[] = {
		VMEXIT_MODE_REAL, VMEXIT_MODE_PROT32, VMEXIT_MODE_LONG64,
	};
	struct vmexit_sregs *s = &m->sregs;

	vmexit_mock_set_mode(m, cpu[c->mode % 3], c->cpl & 3, c->cr3);
	/* Paging bits straight from the input (the walker must cope with
	 * any combination a backend might report). */
	if (c->mode & 0x04)
		s->cr0 |= VMEXIT_CR0_PG | VMEXIT_CR0_PE;
	if (c->mode & 0x08)
		s->cr4 |= VMEXIT_CR4_PAE;
	if (c->mode & 0x10)
		s->cr4 |= VMEXIT_CR4_LA57;
	if (c->mode & 0x20)
		s->cr4 |= VMEXIT_CR4_SMEP | VMEXIT_CR4_SMAP | VMEXIT_CR4_PSE;
	if (c->mode & 0x40)
		s->efer |= VMEXIT_EFER_NXE;
	if (c->mode & 0x80)
		s->cr0 |= VMEXIT_CR0_WP | VMEXIT_CR0_AM;
	if (c->cpl & 0x4)
		m->regs.rflags |= VMEXIT_RFLAGS_AC;
	for (int i = 0; i < 4; i++)
		memcpy(&s->pdpte[i], m->ram + ((c->cr3 + 8u * i) % (RAM_SIZE - 8)),
		       8);
	s->seg[VMEXIT_SEG_DS].base = c->seg_base;
	s->seg[VMEXIT_SEG_DS].limit = c->seg_limit;
	s->seg[VMEXIT_SEG_DS].ar = c->seg_ar;
}

static bool guest_status(int rc)
{
	return rc == VMEXIT_DONE || rc == VMEXIT_EXCEPTION ||
	       rc == VMEXIT_UNHANDLED;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t ram[RAM_SIZE];
	struct vmexit_mock m;
	struct vmexit_vcpu v;
	struct vmexit_vcpu_config cfg = { 0 };
	struct vmexit_fault f;
	struct control c;
	uint8_t buf[64];
	uint64_t gpa;
	int rc;

	if (size < sizeof(c))
		return 0;
	memcpy(&c, data, sizeof(c));
	memset(ram, 0, sizeof(ram));
	memcpy(ram, data + sizeof(c),
	       size - sizeof(c) < RAM_SIZE ? size - sizeof(c) : RAM_SIZE);
	vmexit_mock_init(&m, ram, RAM_SIZE);
	setup(&m, &c);
	cfg.maxphyaddr = (uint8_t)(32 + c.maxphy % 21);
	cfg.gbpages = c.maxphy & 0x80;
	if (vmexit_vcpu_init(&v, &vmexit_mock_ops, &m, &cfg) != VMEXIT_DONE)
		abort();

	unsigned acc = c.acc & 0x1f;
	vmexit_vcpu_begin(&v);
	rc = vmexit_translate(&v, c.la, acc, &gpa, &f);
	check(guest_status(rc));
	if (rc == VMEXIT_EXCEPTION) {
		check(f.vector == VMEXIT_EXC_PF && f.has_error);
		check((f.error & ~0x1fu) == 0);
		check(f.cr2 == c.la || f.cr2 == (c.la & 0xffffffffu));
		check(!!(f.error & VMEXIT_PFEC_W) == !!(acc & VMEXIT_ACC_WRITE));
	} else if (rc == VMEXIT_DONE) {
		check((gpa & 0xfff) == (c.la & 0xfff));
	}

	size_t len = c.len % (sizeof(buf) + 1);
	vmexit_vcpu_begin(&v);
	rc = (acc & VMEXIT_ACC_WRITE)
		     ? vmexit_write_seg(&v, VMEXIT_SEG_DS, c.la, buf, len, acc,
					c.len >> 13)
		     : vmexit_read_seg(&v, VMEXIT_SEG_DS, c.la, buf, len, acc,
				       c.len >> 13);
	/* Alignments that are not powers of two are caller errors. */
	check(guest_status(rc) || rc == VMEXIT_ERR_CALLER);
	if (rc == VMEXIT_EXCEPTION) {
		check(v.pending_valid && v.pending.type == VMEXIT_EV_HWEXC);
		check(v.pending.vector == VMEXIT_EXC_PF ||
		      v.pending.vector == VMEXIT_EXC_GP ||
		      v.pending.vector == VMEXIT_EXC_SS ||
		      v.pending.vector == VMEXIT_EXC_AC);
		check(vmexit_vcpu_flush(&v) == VMEXIT_DONE && m.nr_events == 1);
	}
	return 0;
}
