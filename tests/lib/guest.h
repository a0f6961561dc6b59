/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Test guests on the mock backend: RAM, a vCPU in a chosen mode, and a
 * page-table builder for every paging mode.  Page tables are built the
 * way the manual lays them out ("Paging" chapter figures), written here
 * independently of lib/x86/paging.c so tests can check the walker.
 */
#ifndef TESTS_GUEST_H
#define TESTS_GUEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <vmexit/memory.h>
#include <vmexit/mock.h>
#include <vmexit/x86.h>

#define GUEST_RAM (4u << 20)
#define GUEST_TABLES 0x100000u /* page tables come from [1 MiB, 2 MiB) */

struct guest {
	struct vmexit_mock mock;
	struct vmexit_vcpu vcpu;
	uint8_t *ram;
	uint64_t next_table;
	enum vmexit_paging_mode pmode;
};

/* RAM of GUEST_RAM bytes, the CPU in `mode` at CPL 0 with paging
 * `pmode` (CR0.PG, CR4.PSE/PAE/LA57, EFER.LME/LMA/NXE as needed), an
 * empty root table, and a vCPU bound to the mock.  Returns 0 on success. */
int guest_init(struct guest *g, enum vmexit_cpu_mode mode,
	       enum vmexit_paging_mode pmode);
void guest_free(struct guest *g);
/* Put the CPU at a CPL by rewriting the CS/SS DPL and RPL. */
void guest_set_cpl(struct guest *g, unsigned cpl);

/* Map linear `la` to `pa` with a leaf at `level` (1 = 4 KiB, 2 = 2/4 MiB,
 * 3 = 1 GiB) carrying `flags` (P, RW, US, XD...; PS is added for large
 * leaves).  Missing tables are created with P|RW|US.  Returns the gpa of
 * the leaf entry. */
uint64_t guest_map(struct guest *g, uint64_t la, uint64_t pa,
		   uint64_t flags, unsigned level);
/* gpa of the entry for `la` at `level` (it must exist above it). */
uint64_t guest_entry(struct guest *g, uint64_t la, unsigned level);
/* Top level of the current paging mode (2, 3, 4 or 5). */
unsigned guest_levels(const struct guest *g);

uint64_t guest_rd(const struct guest *g, uint64_t gpa, unsigned size);
void guest_wr(struct guest *g, uint64_t gpa, uint64_t val, unsigned size);
/* Re-load the PAE PDPTE registers from the PDPT at CR3, as MOV CR3 does. */
void guest_load_pdptes(struct guest *g);
/* Start a new exit: forget the vCPU cache and the mock's event record. */
void guest_exit(struct guest *g);
/* Put n bytes at RIP (in RAM below 1 MiB, linear = physical), start a
 * new exit and emulate them; after VMEXIT_DONE or VMEXIT_EXCEPTION flush,
 * its status in *flush (else VMEXIT_DONE).  Returns the emulator's. */
int guest_emulate_bytes(struct guest *g, const void *bytes, size_t n, int *flush);

/* A device that is a plain buffer of size bytes at gpa, for
 * vmexit_mock_add_mmio() with opaque pointing to the struct. */
struct guest_buffer {
	uint64_t gpa;
	uint8_t *mem;
	size_t size;
};
int guest_buffer_dev(void *opaque, uint64_t gpa, void *data, unsigned size,
		     bool write);


/* A segment descriptor from its fields, laid out as the manual's figure
 * "Segment Descriptor" shows: access byte 40-47, flags (G, D/B, L, AVL)
 * 52-55. */
uint64_t guest_desc(uint32_t base, uint32_t limit, uint8_t access,
		    uint8_t flags);
/* Store descriptor `index` of the table at gpa `table` in `ram`. */
void guest_put_desc(uint8_t *ram, uint32_t table, unsigned index,
		    uint64_t d);

#endif
