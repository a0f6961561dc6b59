/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Fuzz the emulator: random instruction bytes and random vCPU state (mode,
 * registers, flags, segment caches) on a guest whose first 64 KiB are RAM
 * with a device above it.  Invariants: a status a guest can cause; RIP
 * moves only when the instruction completed; an exception is queued
 * exactly when VMEXIT_EXCEPTION is returned; a failing backend op is
 * reported as a backend error, never a crash.
 */
#include <stdlib.h>
#include <string.h>

#include <vmexit/emulate.h>
#include <vmexit/mock.h>
#include <vmexit/x86.h>

#include "fuzz.h"

#define RAM_SIZE 0x10000u

struct state {
	uint8_t mode, flags_lo, cpl, misc;
	uint16_t cs_limit_hi, pad;
	uint64_t gpr[16];
};

static int dev(void *opaque, uint64_t addr, void *data, unsigned size,
	       bool write)
{
	(void)opaque;
	(void)addr;
	if (!write)
		memset(data, 0x5a, size);
	return VMEXIT_DONE;
}

static void check(bool ok)
{
	if (!ok)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum vmexit_cpu_mode modes[] = {
		VMEXIT_MODE_REAL, VMEXIT_MODE_PROT32, VMEXIT_MODE_LONG64,
	};
	static uint8_t ram[RAM_SIZE];
	struct vmexit_mock m;
	struct vmexit_vcpu v;
	struct state s;
	int rc;

	if (size < sizeof(s) + 1)
		return 0;
	memcpy(&s, data, sizeof(s));
	memset(ram, 0, sizeof(ram));
	vmexit_mock_init(&m, ram, RAM_SIZE);
	vmexit_mock_set_mode(&m, modes[s.mode % 3], s.cpl & 3, 0);
	if (s.mode % 3 == 2) { /* long mode needs tables: identity 2 MiB */
		uint64_t e[3] = { 0x2000 | 7, 0x3000 | 7, 0x0 | 0x87 };
		memcpy(ram + 0x1000, &e[0], 8);
		memcpy(ram + 0x2000, &e[1], 8);
		memcpy(ram + 0x3000, &e[2], 8);
		m.sregs.cr3 = 0x1000;
	}
	memcpy(m.regs.gpr, s.gpr, sizeof(s.gpr));
	m.regs.rip = 0x8000;
	m.regs.rflags = 0x2 | ((uint64_t)s.flags_lo & 0xd5) |
			((s.misc & 1) ? VMEXIT_RFLAGS_DF : 0) |
			((s.misc & 2) ? VMEXIT_RFLAGS_TF : 0) |
			((s.misc & 4) ? VMEXIT_RFLAGS_AC : 0) |
			((uint64_t)(s.misc >> 6) << 12); /* IOPL */
	if (s.misc & 8)
		m.sregs.cr0 |= VMEXIT_CR0_AM | VMEXIT_CR0_TS;
	if (s.misc & 16)
		m.sregs.cr4 |= VMEXIT_CR4_OSFXSR | VMEXIT_CR4_OSXSAVE;
	m.vregs.xcr0 = (s.misc & 32) ? 7 : 1;
	if (s.cs_limit_hi & 1)
		m.sregs.seg[VMEXIT_SEG_DS].limit = s.cs_limit_hi;
	vmexit_mock_add_mmio(&m, 0x10000, 0x1000, dev, NULL);
	m.pio = dev;
	/* Which backend op fails, if any. */
	if (s.pad & 0x8000)
		m.fail_ops = VMEXIT_MOCK_FAIL((s.pad & 0xff) % VMEXIT_MOCK_NR_OPS);

	size_t n = size - sizeof(s);
	if (n > 15)
		n = 15;
	memcpy(ram + 0x8000, data + sizeof(s), n);

	vmexit_vcpu_init(&v, &vmexit_mock_ops, &m, NULL);
	vmexit_vcpu_begin(&v);
	rc = vmexit_emulate_at_rip(&v, NULL, 0, NULL);
	check(rc == VMEXIT_DONE || rc == VMEXIT_EXCEPTION ||
	      rc == VMEXIT_UNHANDLED || rc == VMEXIT_TRIPLE_FAULT ||
	      (rc == VMEXIT_ERR_BACKEND && m.fail_ops));
	if (rc != VMEXIT_ERR_BACKEND)
		check((rc == VMEXIT_EXCEPTION) == v.pending_valid);
	if (rc == VMEXIT_EXCEPTION)
		check(v.pending.type == VMEXIT_EV_HWEXC && v.pending.vector < 32);
	if (rc != VMEXIT_DONE && rc != VMEXIT_EXCEPTION)
		check(!(v.dirty & VMEXIT_G_REGS) || v.regs.rip == 0x8000);
	rc = vmexit_vcpu_flush(&v);
	check(rc == VMEXIT_DONE || (rc == VMEXIT_ERR_BACKEND && m.fail_ops) ||
	      rc == VMEXIT_UNHANDLED);
	return 0;
}
