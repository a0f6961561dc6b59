/* SPDX-License-Identifier: BSD-2-Clause */
#include <stdlib.h>
#include <string.h>

#include <vmexit/emulate.h>

#include "lib/guest.h"

unsigned guest_levels(const struct guest *g)
{
	switch (g->pmode) {
	case VMEXIT_PAGING_32: return 2;
	case VMEXIT_PAGING_PAE: return 3;
	case VMEXIT_PAGING_4LEVEL: return 4;
	case VMEXIT_PAGING_5LEVEL: return 5;
	default: return 0;
	}
}

static unsigned entry_size(const struct guest *g)
{
	return g->pmode == VMEXIT_PAGING_32 ? 4 : 8;
}

static uint64_t index_of(const struct guest *g, uint64_t la, unsigned level)
{
	if (g->pmode == VMEXIT_PAGING_32)
		return (la >> (12 + 10 * (level - 1))) & 0x3ff;
	if (g->pmode == VMEXIT_PAGING_PAE && level == 3)
		return (la >> 30) & 3;
	return (la >> (12 + 9 * (level - 1))) & 0x1ff;
}

uint64_t guest_rd(const struct guest *g, uint64_t gpa, unsigned size)
{
	uint64_t v = 0;
	memcpy(&v, g->ram + gpa, size);
	return v;
}

void guest_wr(struct guest *g, uint64_t gpa, uint64_t val, unsigned size)
{
	memcpy(g->ram + gpa, &val, size);
}

static uint64_t new_table(struct guest *g)
{
	uint64_t t = g->next_table;
	g->next_table += 4096;
	memset(g->ram + t, 0, 4096);
	return t;
}

void guest_load_pdptes(struct guest *g)
{
	uint64_t pdpt = g->mock.sregs.cr3 & 0xffffffe0u;
	for (int i = 0; i < 4; i++)
		g->mock.sregs.pdpte[i] = guest_rd(g, pdpt + 8 * i, 8);
}

static uint64_t addr_of(const struct guest *g, uint64_t e)
{
	return g->pmode == VMEXIT_PAGING_32 ? (e & 0xfffff000u)
					    : (e & 0x000ffffffffff000ull);
}

uint64_t guest_entry(struct guest *g, uint64_t la, unsigned level)
{
	uint64_t table = g->mock.sregs.cr3 & ~0xfffull;
	unsigned top = guest_levels(g);

	if (g->pmode == VMEXIT_PAGING_PAE)
		table = g->mock.sregs.cr3 & 0xffffffe0u;
	for (unsigned l = top; l > level; l--)
		table = addr_of(g, guest_rd(g, table + index_of(g, la, l) *
						       entry_size(g),
					     entry_size(g)));
	return table + index_of(g, la, level) * entry_size(g);
}

uint64_t guest_map(struct guest *g, uint64_t la, uint64_t pa,
		   uint64_t flags, unsigned level)
{
	unsigned es = entry_size(g), top = guest_levels(g);
	uint64_t leaf;

	for (unsigned l = top; l > level; l--) {
		uint64_t e_gpa = guest_entry(g, la, l);
		if (!(guest_rd(g, e_gpa, es) & 1)) {
			/* PDPTEs have no RW/US bits (they are reserved). */
			uint64_t f = (g->pmode == VMEXIT_PAGING_PAE && l == 3)
					     ? 0x1 : 0x7;
			guest_wr(g, e_gpa, new_table(g) | f, es);
		}
	}
	leaf = guest_entry(g, la, level);
	guest_wr(g, leaf, pa | flags | (level > 1 ? 0x80 : 0), es);
	if (g->pmode == VMEXIT_PAGING_PAE)
		guest_load_pdptes(g);
	return leaf;
}

void guest_set_cpl(struct guest *g, unsigned cpl)
{
	struct vmexit_sregs *s = &g->mock.sregs;
	for (int i = 0; i <= VMEXIT_SEG_GS; i++) {
		s->seg[i].ar = (s->seg[i].ar & ~VMEXIT_AR_DPL_MASK) |
			       (cpl << VMEXIT_AR_DPL_SHIFT);
		s->seg[i].selector = (uint16_t)((s->seg[i].selector & ~3u) | cpl);
	}
	guest_exit(g);
}

void guest_exit(struct guest *g)
{
	vmexit_vcpu_begin(&g->vcpu);
	g->mock.nr_events = 0;
}

int guest_emulate_bytes(struct guest *g, const void *bytes, size_t n, int *flush)
{
	int rc;

	memcpy(g->ram + (g->mock.regs.rip & 0xfffff), bytes, n);
	guest_exit(g);
	rc = vmexit_emulate_at_rip(&g->vcpu, NULL, 0, NULL);
	*flush = VMEXIT_DONE;
	if (rc == VMEXIT_DONE || rc == VMEXIT_EXCEPTION)
		*flush = vmexit_vcpu_flush(&g->vcpu);
	return rc;
}

int guest_buffer_dev(void *opaque, uint64_t gpa, void *data, unsigned size,
		     bool write)
{
	const struct guest_buffer *b = opaque;

	if (gpa < b->gpa || gpa - b->gpa > b->size || size > b->size - (gpa - b->gpa))
		return VMEXIT_ERR_BACKEND;
	if (write)
		memcpy(b->mem + (gpa - b->gpa), data, size);
	else
		memcpy(data, b->mem + (gpa - b->gpa), size);
	return VMEXIT_DONE;
}

int guest_init(struct guest *g, enum vmexit_cpu_mode mode,
	       enum vmexit_paging_mode pmode)
{
	struct vmexit_sregs *s;

	memset(g, 0, sizeof(*g));
	g->ram = calloc(1, GUEST_RAM);
	if (!g->ram)
		return -1;
	g->next_table = GUEST_TABLES;
	g->pmode = pmode;
	if (vmexit_mock_init(&g->mock, g->ram, GUEST_RAM) != VMEXIT_DONE ||
	    vmexit_mock_set_mode(&g->mock, mode, 0, 0) != VMEXIT_DONE)
		return -1;
	s = &g->mock.sregs;
	switch (pmode) {
	case VMEXIT_PAGING_NONE:
		break;
	case VMEXIT_PAGING_32:
		s->cr0 |= VMEXIT_CR0_PG;
		s->cr4 |= VMEXIT_CR4_PSE;
		s->cr3 = new_table(g);
		break;
	case VMEXIT_PAGING_PAE:
		s->cr0 |= VMEXIT_CR0_PG;
		s->cr4 |= VMEXIT_CR4_PAE;
		s->efer |= VMEXIT_EFER_NXE;
		s->cr3 = new_table(g);
		guest_load_pdptes(g);
		break;
	case VMEXIT_PAGING_5LEVEL:
		s->cr4 |= VMEXIT_CR4_LA57;
		/* fall through */
	case VMEXIT_PAGING_4LEVEL:
		s->efer |= VMEXIT_EFER_NXE;
		s->cr3 = new_table(g);
		break;
	}
	return vmexit_vcpu_init(&g->vcpu, &vmexit_mock_ops, &g->mock, NULL) ==
			       VMEXIT_DONE ? 0 : -1;
}

void guest_free(struct guest *g)
{
	free(g->ram);
	g->ram = NULL;
}

uint64_t guest_desc(uint32_t base, uint32_t limit, uint8_t access,
		    uint8_t flags)
{
	return (uint64_t)(limit & 0xffff) | ((uint64_t)(base & 0xffffff) << 16) |
	       ((uint64_t)access << 40) | ((uint64_t)((limit >> 16) & 0xf) << 48) |
	       ((uint64_t)(flags & 0xf) << 52) | ((uint64_t)(base >> 24) << 56);
}

void guest_put_desc(uint8_t *ram, uint32_t table, unsigned index, uint64_t d)
{
	memcpy(&ram[table + index * 8], &d, 8);
}
