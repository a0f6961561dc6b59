/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The guest page walk against the manual (SDM Vol. 3, "Paging"): every
 * paging mode, page sizes, the access-rights matrix, the #PF error code,
 * reserved bits at every level, accessed/dirty flags, and hostile tables.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <cmocka.h>

#include "lib/guest.h"

#define P 0x1ull
#define RW 0x2ull
#define US 0x4ull
#define A 0x20ull
#define D 0x40ull
#define XD (1ull << 63)

static const enum vmexit_paging_mode modes[] = {
	VMEXIT_PAGING_32, VMEXIT_PAGING_PAE, VMEXIT_PAGING_4LEVEL,
	VMEXIT_PAGING_5LEVEL,
};

static enum vmexit_cpu_mode cpu_for(enum vmexit_paging_mode pm)
{
	return pm >= VMEXIT_PAGING_4LEVEL ? VMEXIT_MODE_LONG64
					  : VMEXIT_MODE_PROT32;
}

/* A linear address that exercises high index bits in each mode. */
static uint64_t la_for(enum vmexit_paging_mode pm)
{
	switch (pm) {
	case VMEXIT_PAGING_5LEVEL: return 0xff5a5a5a5a5a5123ull;
	case VMEXIT_PAGING_4LEVEL: return 0xffff9a5a5a5a5123ull;
	default: return 0xc0345123ull;
	}
}

static int translate(struct guest *g, uint64_t la, unsigned acc,
		     uint64_t *gpa, struct vmexit_fault *f)
{
	guest_exit(g);
	return vmexit_translate(&g->vcpu, la, acc, gpa, f);
}

static void test_4k_every_mode(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		struct guest g;
		struct vmexit_fault f;
		uint64_t gpa, la = la_for(modes[i]);
		assert_int_equal(guest_init(&g, cpu_for(modes[i]), modes[i]), 0);
		uint64_t leaf = guest_map(&g, la, 0x345000, P | RW, 1);

		assert_int_equal(translate(&g, la, VMEXIT_ACC_READ, &gpa, &f),
				 VMEXIT_DONE);
		assert_int_equal(gpa, 0x345123);
		/* A set in every entry of the walk (PDPTE registers have no
		 * A bit), D only on a write, and only on the leaf. */
		unsigned es = modes[i] == VMEXIT_PAGING_32 ? 4 : 8;
		for (unsigned l = 1; l <= guest_levels(&g); l++) {
			if (modes[i] == VMEXIT_PAGING_PAE && l == 3)
				continue;
			uint64_t e = guest_rd(&g, guest_entry(&g, la, l), es);
			assert_true(e & A);
			assert_false(e & D);
		}
		assert_int_equal(translate(&g, la, VMEXIT_ACC_WRITE, &gpa, &f),
				 VMEXIT_DONE);
		assert_true(guest_rd(&g, leaf, es) & D);
		assert_false(guest_rd(&g, guest_entry(&g, la, 2), es) & D);
		guest_free(&g);
	}
}

static void test_large_pages(void **state)
{
	struct guest g;
	struct vmexit_fault f;
	uint64_t gpa;
	(void)state;

	/* 4-MByte page, with PSE-36 bits 39:32 of the frame in PDE 20:13. */
	assert_int_equal(guest_init(&g, VMEXIT_MODE_PROT32, VMEXIT_PAGING_32),
			 0);
	uint64_t pde = guest_map(&g, 0x80123456, 0x00400000, P | RW, 2);
	guest_wr(&g, pde, guest_rd(&g, pde, 4) | (0x5ull << 13), 4);
	assert_int_equal(translate(&g, 0x80123456, 0, &gpa, &f), VMEXIT_DONE);
	assert_int_equal(gpa, 0x500000000ull | 0x00400000 | 0x123456);
	/* Without CR4.PSE the PS bit is ignored: the PDE names a table. */
	g.mock.sregs.cr4 &= ~VMEXIT_CR4_PSE;
	guest_wr(&g, pde, 0x00300000 | 0x80 | P, 4);
	guest_wr(&g, 0x00300000 + 0x123 * 4, 0x777000 | P, 4);
	assert_int_equal(translate(&g, 0x80123456, 0, &gpa, &f), VMEXIT_DONE);
	assert_int_equal(gpa, 0x777456);
	guest_free(&g);

	/* 2-MByte pages in PAE and 4-level, 1-GByte with and without the
	 * feature (without it PS in a PDPTE is reserved). */
	assert_int_equal(guest_init(&g, VMEXIT_MODE_PROT32, VMEXIT_PAGING_PAE),
			 0);
	guest_map(&g, 0x40312345, 0x1200000, P, 2);
	assert_int_equal(translate(&g, 0x40312345, 0, &gpa, &f), VMEXIT_DONE);
	assert_int_equal(gpa, 0x1312345);
	guest_free(&g);

	assert_int_equal(guest_init(&g, VMEXIT_MODE_LONG64,
				    VMEXIT_PAGING_4LEVEL), 0);
	guest_map(&g, 0x7f0040312345ull, 0x80000000ull, P, 3);
	assert_int_equal(translate(&g, 0x7f0040312345ull, 0, &gpa, &f),
			 VMEXIT_EXCEPTION);
	assert_int_equal(f.error, VMEXIT_PFEC_P | VMEXIT_PFEC_RSVD);
	g.vcpu.cfg.gbpages = true;
	assert_int_equal(translate(&g, 0x7f0040312345ull, 0, &gpa, &f),
			 VMEXIT_DONE);
	assert_int_equal(gpa, 0x80312345ull);
	guest_free(&g);
}

/*
 * The access-rights rules of SDM Vol. 3 "Access Rights" (4.6), written as
 * the manual lists them, as an oracle for every combination.
 */
struct rights_case {
	unsigned cpl, acc;
	bool rw, us, xd;
	bool wp, smep, smap, ac;
};

static bool manual_allows(const struct rights_case *c)
{
	bool write = c->acc & VMEXIT_ACC_WRITE;
	bool fetch = c->acc & VMEXIT_ACC_FETCH;
	bool implicit = c->acc & VMEXIT_ACC_IMPLICIT;
	bool supervisor = c->cpl < 3 || implicit;

	if (!supervisor) {
		/* "User-mode access": user-mode addresses only; writes need
		 * R/W = 1; fetches need XD = 0. */
		if (!c->us)
			return false;
		if (write)
			return c->rw;
		if (fetch)
			return !c->xd;
		return true;
	}
	if (fetch) {
		/* "Instruction fetches from user-mode addresses": never with
		 * SMEP; otherwise as from supervisor addresses, XD = 0. */
		if (c->us && c->smep)
			return false;
		return !c->xd;
	}
	/* Data accesses to user-mode addresses with SMAP: only explicit
	 * accesses with EFLAGS.AC = 1. */
	if (c->us && c->smap && (implicit || !c->ac))
		return false;
	if (write && !c->rw)
		return !c->wp;
	return true;
}

static void test_rights_matrix(void **state)
{
	static const unsigned accs[] = {
		VMEXIT_ACC_READ, VMEXIT_ACC_WRITE, VMEXIT_ACC_FETCH,
		VMEXIT_ACC_IMPLICIT, VMEXIT_ACC_IMPLICIT | VMEXIT_ACC_WRITE,
	};
	struct guest g;
	unsigned compared = 0;
	(void)state;

	for (int pm = 0; pm < 2; pm++) {
		enum vmexit_paging_mode mode = pm ? VMEXIT_PAGING_4LEVEL
						  : VMEXIT_PAGING_32;
		assert_int_equal(guest_init(&g, cpu_for(mode), mode), 0);
		for (unsigned bits = 0; bits < (1u << 8); bits++)
		for (size_t a = 0; a < 5; a++) {
			struct rights_case c = {
				.cpl = (bits & 1) ? 3 : 0, .acc = accs[a],
				.rw = bits & 2, .us = bits & 4, .xd = bits & 8,
				.wp = bits & 16, .smep = bits & 32,
				.smap = bits & 64, .ac = bits & 128,
			};
			struct vmexit_fault f;
			uint64_t gpa, la = 0x400000;
			if (mode == VMEXIT_PAGING_32 && c.xd)
				continue; /* no XD in 32-bit paging */
			/* Put the restriction in the middle level, so the
			 * combination over levels is tested too. */
			guest_map(&g, la, 0x5000, P | RW | US, 1);
			uint64_t mid = guest_entry(&g, la, 2);
			unsigned es = mode == VMEXIT_PAGING_32 ? 4 : 8;
			guest_wr(&g, mid, (guest_rd(&g, mid, es) & ~(RW | US | XD)) |
					 (c.rw ? RW : 0) | (c.us ? US : 0) |
					 (c.xd ? XD : 0), es);
			struct vmexit_sregs *s = &g.mock.sregs;
			s->cr0 = (s->cr0 & ~VMEXIT_CR0_WP) |
				 (c.wp ? VMEXIT_CR0_WP : 0);
			s->cr4 &= ~(VMEXIT_CR4_SMEP | VMEXIT_CR4_SMAP);
			s->cr4 |= (c.smep ? VMEXIT_CR4_SMEP : 0) |
				  (c.smap ? VMEXIT_CR4_SMAP : 0);
			g.mock.regs.rflags = 2 | (c.ac ? VMEXIT_RFLAGS_AC : 0);
			guest_set_cpl(&g, c.cpl);

			int rc = vmexit_translate(&g.vcpu, la + 0x10, c.acc,
						  &gpa, &f);
			bool ok = manual_allows(&c);
			if (rc != (ok ? VMEXIT_DONE : VMEXIT_EXCEPTION))
				printf("mode %d bits %#x acc %#x: rc %d\n", pm,
				       bits, c.acc, rc);
			assert_int_equal(rc, ok ? VMEXIT_DONE : VMEXIT_EXCEPTION);
			compared++;
			if (ok) {
				assert_int_equal(gpa, 0x5010);
				continue;
			}
			/* "Page-Fault Exceptions": P = 1 (protection),
			 * W/R, U/S = user-mode access, I/D = fetch with SMEP
			 * or with NXE under PAE/4-level paging. */
			uint32_t ec = VMEXIT_PFEC_P;
			if (c.acc & VMEXIT_ACC_WRITE)
				ec |= VMEXIT_PFEC_W;
			if (c.cpl == 3 && !(c.acc & VMEXIT_ACC_IMPLICIT))
				ec |= VMEXIT_PFEC_U;
			if ((c.acc & VMEXIT_ACC_FETCH) &&
			    (c.smep || mode == VMEXIT_PAGING_4LEVEL))
				ec |= VMEXIT_PFEC_ID;
			assert_int_equal(f.vector, VMEXIT_EXC_PF);
			assert_int_equal(f.error, ec);
			assert_int_equal(f.cr2, la + 0x10);
		}
		guest_free(&g);
	}
	printf("rights matrix: %u combinations compared\n", compared);
	assert_int_equal(compared, 128 * 5 + 256 * 5);
}

/* Hand-picked rows of the matrix, as a reader of the manual states them. */
static void test_rights_examples(void **state)
{
	static const struct {
		struct rights_case c;
		bool ok;
	} rows[] = {
		/* user read of a supervisor page */
		{ { 3, VMEXIT_ACC_READ, 1, 0, 0, 0, 0, 0, 0 }, false },
		/* user write to a read-only user page, WP irrelevant */
		{ { 3, VMEXIT_ACC_WRITE, 0, 1, 0, 0, 0, 0, 0 }, false },
		/* supervisor write to read-only page, WP = 0: allowed */
		{ { 0, VMEXIT_ACC_WRITE, 0, 0, 0, 0, 0, 0, 0 }, true },
		/* ... and with WP = 1: not */
		{ { 0, VMEXIT_ACC_WRITE, 0, 0, 0, 1, 0, 0, 0 }, false },
		/* SMAP, explicit supervisor read of user page, AC = 1 */
		{ { 0, VMEXIT_ACC_READ, 1, 1, 0, 0, 0, 1, 1 }, true },
		/* SMAP, implicit access at CPL 3 with AC = 1: not allowed */
		{ { 3, VMEXIT_ACC_IMPLICIT, 1, 1, 0, 0, 0, 1, 1 }, false },
		/* SMEP: supervisor fetch from user page */
		{ { 0, VMEXIT_ACC_FETCH, 1, 1, 0, 0, 1, 0, 0 }, false },
		/* XD: fetch from an XD page */
		{ { 0, VMEXIT_ACC_FETCH, 1, 0, 1, 0, 0, 0, 0 }, false },
	};
	(void)state;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		assert_int_equal(manual_allows(&rows[i].c), rows[i].ok);
}

static void test_not_present_every_level(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		struct guest g;
		uint64_t la = la_for(modes[i]), gpa;
		struct vmexit_fault f;
		assert_int_equal(guest_init(&g, cpu_for(modes[i]), modes[i]), 0);
		for (unsigned l = 1; l <= guest_levels(&g); l++) {
			unsigned es = modes[i] == VMEXIT_PAGING_32 ? 4 : 8;
			guest_map(&g, la, 0x9000, P | RW | US, 1);
			uint64_t e = guest_entry(&g, la, l);
			guest_wr(&g, e, guest_rd(&g, e, es) & ~P, es);
			if (modes[i] == VMEXIT_PAGING_PAE && l == 3)
				guest_load_pdptes(&g);
			guest_set_cpl(&g, 3);
			assert_int_equal(translate(&g, la, VMEXIT_ACC_WRITE,
						   &gpa, &f), VMEXIT_EXCEPTION);
			assert_int_equal(f.vector, VMEXIT_EXC_PF);
			assert_int_equal(f.error, VMEXIT_PFEC_W | VMEXIT_PFEC_U);
			assert_int_equal(f.cr2, la);
			guest_wr(&g, e, guest_rd(&g, e, es) | P, es);
			if (modes[i] == VMEXIT_PAGING_PAE && l == 3)
				guest_load_pdptes(&g);
			guest_set_cpl(&g, 0);
		}
		guest_free(&g);
	}
}

/* Reserved bits, per level, from the entry-format tables of the manual
 * (MAXPHYADDR 40 here). */
static void test_reserved_bits(void **state)
{
	static const struct {
		enum vmexit_paging_mode mode;
		unsigned level, leaf;  /* entry to corrupt; leaf level mapped */
		uint64_t bit;
	} rows[] = {
		{ VMEXIT_PAGING_32, 2, 2, 1ull << 21 },   /* 4-MByte PDE */
		{ VMEXIT_PAGING_32, 2, 2, 1ull << 20 },   /* PA bit 39 > MAXPHY */
		{ VMEXIT_PAGING_PAE, 3, 1, 1ull << 1 },   /* PDPTE bit 1 */
		{ VMEXIT_PAGING_PAE, 3, 1, 1ull << 5 },   /* PDPTE bit 5 */
		{ VMEXIT_PAGING_PAE, 3, 1, 1ull << 45 },  /* PDPTE above MAXPHY */
		{ VMEXIT_PAGING_PAE, 2, 1, 1ull << 52 },  /* PAE 62:52 */
		{ VMEXIT_PAGING_PAE, 2, 2, 1ull << 13 },  /* 2-MByte 20:13 */
		{ VMEXIT_PAGING_PAE, 1, 1, 1ull << 50 },
		{ VMEXIT_PAGING_4LEVEL, 4, 1, 1ull << 7 },  /* PML4E PS */
		{ VMEXIT_PAGING_4LEVEL, 4, 1, 1ull << 40 },
		{ VMEXIT_PAGING_4LEVEL, 3, 1, 1ull << 51 },
		{ VMEXIT_PAGING_4LEVEL, 2, 2, 1ull << 20 },
		{ VMEXIT_PAGING_4LEVEL, 1, 1, 1ull << 44 },
		{ VMEXIT_PAGING_5LEVEL, 5, 1, 1ull << 7 },  /* PML5E PS */
		{ VMEXIT_PAGING_5LEVEL, 5, 1, 1ull << 41 },
	};
	(void)state;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct guest g;
		struct vmexit_fault f;
		uint64_t la = la_for(rows[i].mode), gpa;
		unsigned es = rows[i].mode == VMEXIT_PAGING_32 ? 4 : 8;
		assert_int_equal(guest_init(&g, cpu_for(rows[i].mode),
					    rows[i].mode), 0);
		g.vcpu.cfg.maxphyaddr = 40;
		guest_map(&g, la, 0x200000, P | RW, rows[i].leaf);
		uint64_t ents[6] = { 0 };
		for (unsigned l = 1; l <= guest_levels(&g); l++)
			ents[l] = guest_entry(&g, la, l);
		uint64_t e = ents[rows[i].level];
		guest_wr(&g, e, guest_rd(&g, e, es) | rows[i].bit, es);
		if (rows[i].mode == VMEXIT_PAGING_PAE)
			guest_load_pdptes(&g);
		assert_int_equal(translate(&g, la, VMEXIT_ACC_FETCH, &gpa, &f),
				 VMEXIT_EXCEPTION);
		/* RSVD with P, and I/D for a fetch with NXE (not in
		 * 32-bit paging without SMEP). */
		uint32_t ec = VMEXIT_PFEC_P | VMEXIT_PFEC_RSVD;
		if (rows[i].mode != VMEXIT_PAGING_32)
			ec |= VMEXIT_PFEC_ID;
		assert_int_equal(f.error, ec);
		/* no accessed flag set anywhere on a faulting walk */
		for (unsigned l = 1; l <= guest_levels(&g); l++)
			if (!(rows[i].mode == VMEXIT_PAGING_PAE && l == 3))
				assert_false(guest_rd(&g, ents[l], es) & A);
		guest_free(&g);
	}
	/* XD with EFER.NXE = 0 is a reserved bit. */
	struct guest g;
	struct vmexit_fault f;
	uint64_t gpa;
	assert_int_equal(guest_init(&g, VMEXIT_MODE_LONG64,
				    VMEXIT_PAGING_4LEVEL), 0);
	guest_map(&g, 0x1000, 0x2000, P | XD, 1);
	g.mock.sregs.efer &= ~VMEXIT_EFER_NXE;
	assert_int_equal(translate(&g, 0x1000, 0, &gpa, &f), VMEXIT_EXCEPTION);
	assert_int_equal(f.error, VMEXIT_PFEC_P | VMEXIT_PFEC_RSVD);
	guest_free(&g);
}

static void test_hostile_tables(void **state)
{
	struct guest g;
	struct vmexit_fault f;
	uint64_t gpa;
	(void)state;

	/* Tables outside RAM: the library cannot walk them. */
	assert_int_equal(guest_init(&g, VMEXIT_MODE_LONG64,
				    VMEXIT_PAGING_4LEVEL), 0);
	guest_map(&g, 0x1000, 0x2000, P, 1);
	uint64_t e = guest_entry(&g, 0x1000, 3);
	guest_wr(&g, e, 0x7ffff000000ull | P, 8);
	assert_int_equal(translate(&g, 0x1000, 0, &gpa, &f), VMEXIT_UNHANDLED);
	assert_int_equal(g.vcpu.diag.reason, VMEXIT_WHY_PT_NOT_RAM);
	assert_int_equal(g.vcpu.diag.addr, 0x7ffff000000ull);
	/* CR3 itself outside RAM. */
	g.mock.sregs.cr3 = 0xfffff000ull;
	assert_int_equal(translate(&g, 0x1000, 0, &gpa, &f), VMEXIT_UNHANDLED);
	/* A table that points to itself at every level terminates, and
	 * maps the table onto itself ("recursive" mapping). */
	g.mock.sregs.cr3 = 0x100000;
	guest_wr(&g, 0x100000, 0x100000 | P | RW, 8);
	assert_int_equal(translate(&g, 0x123, 0, &gpa, &f), VMEXIT_DONE);
	assert_int_equal(gpa, 0x100123);
	/* Backend failure of map_gpa is a backend error. */
	g.mock.fail_ops = VMEXIT_MOCK_FAIL(VMEXIT_MOCK_MAP_GPA);
	assert_int_equal(translate(&g, 0x123, 0, &gpa, &f), VMEXIT_ERR_BACKEND);
	g.mock.fail_ops = 0;
	/* Caller mistakes. */
	assert_int_equal(vmexit_translate(NULL, 0, 0, &gpa, &f),
			 VMEXIT_ERR_CALLER);
	assert_int_equal(vmexit_translate(&g.vcpu, 0, 0, NULL, &f),
			 VMEXIT_ERR_CALLER);
	guest_free(&g);
}

/* Page tables in a read-only slot (a ROM, or KVM_MEM_READONLY): they
 * read as RAM, but the processor's A/D write goes to the bus, not into
 * the host's copy.  The mock's map_gpa, wrapped so writes to [1 MiB,
 * 2 MiB), where guest.h builds its tables, are not RAM. */
static struct vmexit_ops rom_ops;

static int rom_map_gpa(void *b, uint64_t gpa, bool write,
		       struct vmexit_gpa_map *out)
{
	int rc = vmexit_mock_ops.map_gpa(b, gpa, write, out);
	if (rc == VMEXIT_DONE && write && gpa >= GUEST_TABLES &&
	    gpa < 2 * GUEST_TABLES)
		*out = (struct vmexit_gpa_map){ .hva = NULL, .len = 0 };
	return rc;
}

static void test_tables_in_rom(void **state)
{
	struct guest g;
	struct vmexit_fault f;
	uint64_t gpa, la = 0x7fff1234000ull;
	(void)state;

	assert_int_equal(guest_init(&g, VMEXIT_MODE_LONG64,
				    VMEXIT_PAGING_4LEVEL), 0);
	rom_ops = vmexit_mock_ops;
	rom_ops.map_gpa = rom_map_gpa;
	g.vcpu.ops = &rom_ops;
	uint64_t leaf = guest_map(&g, la, 0x345000, P | RW, 1);
	assert_int_equal(translate(&g, la, VMEXIT_ACC_WRITE, &gpa, &f),
			 VMEXIT_DONE);
	assert_int_equal(gpa, 0x345000);
	for (unsigned l = 1; l <= 4; l++)
		assert_false(guest_rd(&g, guest_entry(&g, la, l), 8) & (A | D));
	assert_int_equal(guest_rd(&g, leaf, 8), 0x345000 | P | RW);
	guest_free(&g);
}

static void test_no_paging(void **state)
{
	struct guest g;
	struct vmexit_fault f;
	uint64_t gpa;
	(void)state;
	assert_int_equal(guest_init(&g, VMEXIT_MODE_PROT32, VMEXIT_PAGING_NONE),
			 0);
	assert_int_equal(translate(&g, 0x1234567890ull, 0, &gpa, &f),
			 VMEXIT_DONE);
	assert_int_equal(gpa, 0x34567890ull); /* 32-bit linear addresses */
	guest_free(&g);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_4k_every_mode),
		cmocka_unit_test(test_large_pages),
		cmocka_unit_test(test_rights_matrix),
		cmocka_unit_test(test_rights_examples),
		cmocka_unit_test(test_not_present_every_level),
		cmocka_unit_test(test_reserved_bits),
		cmocka_unit_test(test_hostile_tables),
		cmocka_unit_test(test_tables_in_rom),
		cmocka_unit_test(test_no_paging),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
