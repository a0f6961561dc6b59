/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The mock backend: a complete vCPU in memory, for tests, fuzzers and for
 * trying the library without a hypervisor.  Guest RAM is a buffer the
 * caller provides, mapped at guest-physical 0; MMIO ranges and I/O ports
 * go to callbacks; every device access is logged and every event queued
 * for injection is recorded.  Any op can be made to fail, so tests can
 * show that each backend failure comes back as a status.
 *
 * Bind it with vmexit_vcpu_init(&vcpu, &vmexit_mock_ops, &mock, NULL).
 */
#ifndef VMEXIT_MOCK_H
#define VMEXIT_MOCK_H

#include <stdbool.h>
#include <stdint.h>

#include <vmexit/vcpu.h>

#ifdef __cplusplus
extern "C" {
#endif

/* One bit per op, for fail_ops and calls[]. */
enum vmexit_mock_op {
	VMEXIT_MOCK_GET_REGS, VMEXIT_MOCK_SET_REGS,
	VMEXIT_MOCK_GET_SREGS, VMEXIT_MOCK_SET_SREGS,
	VMEXIT_MOCK_GET_DREGS, VMEXIT_MOCK_SET_DREGS,
	VMEXIT_MOCK_GET_VREGS, VMEXIT_MOCK_SET_VREGS,
	VMEXIT_MOCK_GET_SHADOW, VMEXIT_MOCK_SET_SHADOW,
	VMEXIT_MOCK_MAP_GPA,
	VMEXIT_MOCK_MMIO_READ, VMEXIT_MOCK_MMIO_WRITE,
	VMEXIT_MOCK_PIO_IN, VMEXIT_MOCK_PIO_OUT,
	VMEXIT_MOCK_QUEUE_EVENT,
	VMEXIT_MOCK_RDMSR, VMEXIT_MOCK_WRMSR,
	VMEXIT_MOCK_NR_OPS
};

#define VMEXIT_MOCK_FAIL(op) (1ull << (op))

/* A device access.  For reads, data is what the device returned. */
struct vmexit_mock_access {
	uint8_t op;   /* VMEXIT_MOCK_MMIO_READ ... VMEXIT_MOCK_PIO_OUT */
	uint8_t size;
	uint64_t addr; /* gpa or port */
	uint8_t data[64];
};

/* A device callback: fill data on reads, consume it on writes.  Returns
 * VMEXIT_DONE or an error, which the mock passes on as a backend error. */
typedef int (*vmexit_mock_dev_fn)(void *opaque, uint64_t addr, void *data,
				  unsigned size, bool write);

struct vmexit_mock_region {
	uint64_t base, len;
	vmexit_mock_dev_fn fn; /* NULL: reads return all ones, writes vanish */
	void *opaque;
};

#define VMEXIT_MOCK_MAX_REGIONS 8
#define VMEXIT_MOCK_LOG 64
#define VMEXIT_MOCK_MAX_EVENTS 16
#define VMEXIT_MOCK_MAX_MSRS 32

struct vmexit_mock {
	/* Architectural state; tests set and inspect it directly. */
	struct vmexit_regs regs;
	struct vmexit_sregs sregs;
	struct vmexit_dregs dregs;
	struct vmexit_vregs vregs;
	uint32_t shadow;

	uint8_t *ram;        /* guest RAM at gpa 0 */
	uint64_t ram_size;
	/* MMIO regions take precedence over RAM where they overlap. */
	struct vmexit_mock_region mmio[VMEXIT_MOCK_MAX_REGIONS];
	unsigned nr_mmio;
	vmexit_mock_dev_fn pio; /* NULL: IN returns all ones */
	void *pio_opaque;

	struct { uint32_t index; uint64_t value; } msr[VMEXIT_MOCK_MAX_MSRS];
	unsigned nr_msr;

	uint64_t fail_ops;                 /* VMEXIT_MOCK_FAIL() bits */
	unsigned calls[VMEXIT_MOCK_NR_OPS];

	/* Ring of the last VMEXIT_MOCK_LOG device accesses; nr_log counts
	 * all of them, entry i is log[i % VMEXIT_MOCK_LOG]. */
	struct vmexit_mock_access log[VMEXIT_MOCK_LOG];
	unsigned nr_log;
	/* Events the library queued, in order (the first
	 * VMEXIT_MOCK_MAX_EVENTS; nr_events counts all). */
	struct vmexit_event events[VMEXIT_MOCK_MAX_EVENTS];
	unsigned nr_events;
};

VMEXIT_API extern const struct vmexit_ops vmexit_mock_ops;

/* Zero the mock, attach RAM, and put the vCPU in its reset state
 * (real mode, CS:IP F000:FFF0 with CS base FFFF0000H, SDM Vol. 3,
 * "Processor State After Reset"). */
VMEXIT_API int vmexit_mock_init(struct vmexit_mock *m, void *ram,
				uint64_t ram_size);
VMEXIT_API int vmexit_mock_add_mmio(struct vmexit_mock *m, uint64_t base,
				    uint64_t len, vmexit_mock_dev_fn fn,
				    void *opaque);
VMEXIT_API int vmexit_mock_set_msr(struct vmexit_mock *m, uint32_t index,
				   uint64_t value);
/* Flat segments (base 0, limit 4 GBytes, or 64-bit code) and the control
 * registers for a mode: real, 32-bit protected, or 64-bit (which also
 * sets CR0.PG, CR4.PAE, EFER.LME/LMA and the given CR3: the caller builds
 * the page tables).  CPL is 0 unless `cpl` says otherwise. */
VMEXIT_API int vmexit_mock_set_mode(struct vmexit_mock *m,
				    enum vmexit_cpu_mode mode, unsigned cpl,
				    uint64_t cr3);
/* The i-th most recent logged access (0 = newest), or NULL. */
VMEXIT_API const struct vmexit_mock_access *
vmexit_mock_log_entry(const struct vmexit_mock *m, unsigned i);

#ifdef __cplusplus
}
#endif
#endif
