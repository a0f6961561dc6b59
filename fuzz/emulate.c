/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Fuzz the instruction emulator (vmexit_emulate_at_rip) on the mock
 * backend with the whole vCPU taken from the input: CPU mode and CPL,
 * registers, control bits, every segment cache, paging off or on with a
 * small page table, the instruction, RAM contents, two MMIO devices that
 * answer with input bytes and fail on input-chosen accesses, failing
 * backend ops, the exit's hint, and an optional flush and second run (a
 * REP continuation).
 *
 * Input layout.  The input is read front to back by a bounded reader that
 * yields zeros once the input runs out, so every prefix of an input is an
 * input too, and an all-zero field means "the harness default".  All
 * values are little-endian.  The header is HDR_SIZE (543) bytes:
 *
 *   off size  field
 *     0   1   mode       % 7: enum vmexit_cpu_mode (real, vm86, prot16,
 *                        prot32, compat16, compat32, long64)
 *     1   1   cpl        bits 0-1: CPL in protected, compat and 64-bit mode
 *                        (real mode is CPL 0, vm86 CPL 3)
 *     2   1   paging     vm86/prot16/prot32: bits 0-1 = 0 off, 1 32-bit,
 *                        2 or 3 PAE; compat/long64 (always on): bit 2 =
 *                        5-level instead of 4-level; real mode: always off
 *     3   1   config     bits 0-1: MAXPHYADDR 52/36/39/46; bit 2: 1-GByte
 *                        pages; bit 3: CET (#CP contributory)
 *     4   2   cr0        ORed in: bit 0 MP, 1 EM, 2 TS, 3 NE, 4 WP, 5 AM,
 *                        6 CD, 7 NW (only with CD), 8 ET
 *     6   2   cr4        ORed in: bit 0 VME, 1 PVI, 2 TSD, 3 DE, 4 PSE,
 *                        5 PGE, 6 OSFXSR, 7 OSXMMEXCPT, 8 UMIP, 9 FSGSBASE,
 *                        10 PCIDE (IA-32e only), 11 OSXSAVE, 12 SMEP,
 *                        13 SMAP, 14 PKE, 15 MCE
 *     8   1   efer       ORed in: bit 0 SCE, 1 NXE, 2 FFXSR
 *     9   1   shadow     interrupt shadow: STI, MOV SS, NMI blocked bits
 *    10   4   rflags     the defined bits (CF PF AF ZF SF TF IF DF OF IOPL
 *                        NT RF AC VIF VIP ID); VM comes from the mode
 *    14   8   rip        bits 63:32 dropped unless in 64-bit mode
 *    22 128   gpr[16]    RAX..R15
 *   150   2   cr3_low    PAE: offset of the PDPT in its page (bits 5-11);
 *                        otherwise CR3 bits 0-11 (PWT, PCD or the PCID)
 *   152   4   pdpte_xor  byte i is XORed into PDPTE register i after it is
 *                        loaded from the PDPT: bits 0-6 into bits 0-6,
 *                        bit 7 into bit 63 (stale or hostile registers)
 *   156   1   xcr0       ORed with 1 (x87); AVX without SSE is dropped
 *   157   4   mxcsr
 *   161  32   ymm        YMMr byte b = ymm[b] ^ (0x11 * r); also the x87
 *                        registers (ST(i) byte b = ymm[b] ^ (0x33 * i)),
 *                        FSW (TOP = ymm[0] bits 2:0, ES = ymm[0] bit 7,
 *                        the C bits of ymm[1]) and FTW (ymm[2]); the
 *                        opmasks (k[i] = 8 bytes at ymm + 3i), ZMM0-15
 *                        bits 511:256 (byte b = ymm[b] ^ (0x55 * r)) and
 *                        ZMM16+r (byte b = ymm[b % 32] ^ (0x77 * r))
 *   193   4   dr7        reserved bits fixed (bit 10 set, 15:14 clear);
 *                        DR0-DR3 are the la of map[i] plus bits 11:0 of
 *                        dev_bytes[2i..2i+1], so that breakpoints sit on
 *                        the pages the instruction reaches
 *   197   8   gdtr.base  XOR 0
 *   205   2   gdtr.limit XOR 0xffff
 *   207   8   idtr.base  XOR 0
 *   215   2   idtr.limit XOR 0xffff
 *   217 144   seg[8]     ES CS SS DS FS GS LDTR TR, 18 bytes each, every
 *                        field XORed into the mode's default (flat code
 *                        and data at CPL, real-mode caches, LDTR, a busy
 *                        32-bit TSS at 0 with limit 67H):
 *                          +0 base (8; ES-DS keep bits 31:0 only)
 *                          +8 limit (4)   +12 access rights (4; masked
 *                          to the VMX layout incl. "unusable" 1F0FFH)
 *                          +16 selector (2)
 *   361   1   nmap       1 + nmap % 6 mappings follow (all 6 are read)
 *   362  90   map[6]     15 bytes each:
 *                          +0  la (8)        linear address of the page
 *                          +8  pfn (2)       physical page number (RAM is
 *                                            pages 0-39, devices 64, 65)
 *                          +10 flags (2)     XORed into P|RW|US: entry
 *                                            bits 0-11 (PS is forced on
 *                                            for a large leaf); bits 12-15
 *                                            go to bits 12-15 of a large
 *                                            leaf (PAT, reserved, PSE-36)
 *                          +12 level (1)     leaf level 1 + level % top
 *                                            (4K, 2M/4M, 1G, even a PS
 *                                            bit in the top level)
 *                          +13 ixor (1)      XORed into the entries the
 *                                            mapping creates above its
 *                                            leaf: bits 0-5 into 0-5,
 *                                            bit 6 -> XD, bit 7 -> bit 51
 *                          +14 hi (1)        leaf bits: 7 XD, 6 bit 51,
 *                                            5-4 bits 53-52, 3-0 bits
 *                                            62-59 (protection key)
 *   452  10   region[2]  MMIO devices, 5 bytes each: +0 page (1) XOR
 *                        (64 + i), +1 offset in the page (2, bits 0-11),
 *                        +3 length (2) XOR 1000H (0: no device)
 *   462  32   dev_bytes  what device reads return, as a cyclic stream
 *   494   4   dev_fail   bit n: the n-th call of a device callback (MMIO
 *                        region or port I/O, counted from 0 over both
 *                        runs) fails
 *   498   1   run        bit 0: pass the instruction as exit bytes
 *                        (bytes/len); bit 1: do not put it in guest RAM;
 *                        bit 2: vmexit_vcpu_flush() after each run;
 *                        bit 3: a second run (begin, emulate, flush as
 *                        bit 2 says) on the state the first one left;
 *                        bit 4: hint.gpa_valid; bit 5: hint.la_valid;
 *                        bit 6: hint.xlat_valid, bit 7: xlat_acc write
 *   499   1   hint_map   mapping the hint derives from (% nmap)
 *   500   2   hint_off   offset added to that mapping's la and frame
 *   502   8   hint_gpa   XORed into the derived gpa
 *   510   8   hint_la    XORed into the derived la
 *   518   4   fail_ops   VMEXIT_MOCK_FAIL() bits for the first run ...
 *   522   4   fail_ops2  ... and for the second run
 *   526   1   fail_after the failing ops start failing after this many
 *                        backend calls of the run (0: at once)
 *   527   1   insn_len   exit-bytes length (% 16)
 *   528  15   insn       instruction bytes, written at CS:RIP through the
 *                        harness's page table unless run bit 1
 *   543       chunks     to the end: RAM contents, each +0 page (1; % 24,
 *                        the data pages), +1 kind (1; bit 0: fill with one
 *                        byte), +2 offset (2; bits 0-11), +4 length (1),
 *                        then the byte (fill) or the bytes; a chunk stops
 *                        at the end of the data pages
 *
 * Guest-physical memory: RAM is 160 KiB at 0; pages 0-23 hold data and
 * code, pages 24-39 the page tables, which only the harness writes;
 * devices 0 and 1 default to pages 64 and 65 (40000H, 41000H), above
 * them is unbacked (reads return all ones).
 *
 * Invariants, checked after every run (__builtin_trap on violation),
 * besides ASan and UBSan:
 *  - the status is documented; VMEXIT_ERR_BACKEND only after a backend op
 *    or device failed; never VMEXIT_ERR_CALLER (the harness passes valid
 *    arguments); VMEXIT_UNHANDLED records a reason;
 *  - an event is pending exactly when VMEXIT_EXCEPTION is returned (or it
 *    was dropped for a triple fault); it is a hardware exception < 32 and
 *    a #PF carries its CR2;
 *  - on anything but VMEXIT_DONE, RIP and the GPRs other than the string
 *    registers (RAX, RCX, RSI, RDI) are unchanged, in the cache and after
 *    the flush; the only exception is the #DB that follows a completed
 *    instruction when TF was set or DR7 enables a breakpoint;
 *  - a successful flush hands the pending event to the backend;
 *  - device accesses are 1, 2, 4, 8, 16, 32 or 64 bytes and never cross
 *    the device's region; port accesses are 1, 2 or 4 bytes;
 *  - with paging on, the library resolves (map_gpa) and touches only the
 *    harness's page-table pages and the frames the leaves map (and a page
 *    an entry with bit 51 set points to, with MAXPHYADDR 52): other RAM
 *    pages are ASan-poisoned during the run (with ASan), and every
 *    map_gpa, MMIO and port call is checked.  The check is dropped where
 *    the table is not what the harness built: a leaf that maps a
 *    page-table page (the guest can rewrite its tables), a PS leaf in
 *    32-bit paging without CR4.PSE (the leaf is then walked as a table),
 *    or a PDPTE register the XOR made present over an empty PDPTE;
 *  - RAM is surrounded by guard pages that must keep their pattern (and
 *    are poisoned with ASan): nothing outside the RAM buffer is touched.
 *
 * The harness allocates nothing: all state is static and reset per run.
 * Seeds come from fuzz/emulate_seeds.py.  Built with -DFUZZ_TRACE it
 * prints the outcome of each run (for looking at a corpus).
 */
#include <stdbool.h>
#include <string.h>

#include <vmexit/emulate.h>
#include <vmexit/exception.h>
#include <vmexit/mock.h>
#include <vmexit/x86.h>

#include "fuzz.h"

#ifdef FUZZ_TRACE
#include <stdio.h>
#define TRACE(...) fprintf(stderr, __VA_ARGS__)
#else
#define TRACE(...) ((void)0)
#endif

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define FUZZ_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define FUZZ_ASAN 1
#endif
#ifdef FUZZ_ASAN
#include <sanitizer/asan_interface.h>
#define POISON(p, n) __asan_poison_memory_region((p), (n))
#define UNPOISON(p, n) __asan_unpoison_memory_region((p), (n))
#else
#define POISON(p, n) ((void)(p), (void)(n))
#define UNPOISON(p, n) ((void)(p), (void)(n))
#endif

#define CHECK(x) do { if (!(x)) __builtin_trap(); } while (0)

#define PAGE 4096u
#define RAM_PAGES 40u
#define DATA_PAGES 24u            /* pages 0-23: data and code */
#define TABLE_PAGE0 DATA_PAGES    /* pages 24-39: page tables */
#define RAM_SIZE (RAM_PAGES * PAGE)
#define GUARD (2 * PAGE)
#define GUARD_BYTE 0xa5
#define MMIO_PAGE0 64u            /* default page of device 0 */

#define MAX_MAPS 6
#define NR_REGIONS 2
#define DEV_BYTES 32
#define HDR_SIZE 543u

#define PTE_P 0x1ull
#define PTE_PS 0x80ull
#define PTE_XD (1ull << 63)
#define PTE_B51 (1ull << 51)
#define ADDR64 0x000ffffffffff000ull

/* ---- The input ---------------------------------------------------- */

struct reader {
	const uint8_t *p;
	size_t n, off;
};

/* Little-endian, `bytes` <= 8; zeros past the end. */
static uint64_t rd(struct reader *r, unsigned bytes)
{
	uint64_t v = 0;

	for (unsigned i = 0; i < bytes; i++) {
		uint64_t b = 0;
		if (r->off < r->n)
			b = r->p[r->off];
		r->off++;
		v |= b << (8 * i);
	}
	return v;
}

static void rd_bytes(struct reader *r, uint8_t *out, size_t n)
{
	for (size_t i = 0; i < n; i++)
		out[i] = (uint8_t)rd(r, 1);
}

struct seg_in {
	uint64_t base;
	uint32_t limit, ar;
	uint16_t sel;
};

struct map_in {
	uint64_t la;
	uint16_t pfn, flags;
	uint8_t level, ixor, hi;
};

struct region_in {
	uint8_t page;
	uint16_t off, len;
};

struct input {
	uint8_t mode, cpl, paging, config;
	uint16_t cr0, cr4;
	uint8_t efer, shadow;
	uint32_t rflags;
	uint64_t rip, gpr[VMEXIT_NR_GPRS];
	uint16_t cr3_low;
	uint8_t pdpte_xor[4];
	uint8_t xcr0;
	uint32_t mxcsr;
	uint8_t ymm[32];
	uint32_t dr7;
	uint64_t gdt_base, idt_base;
	uint16_t gdt_limit, idt_limit;
	struct seg_in seg[VMEXIT_NR_SEGS];
	uint8_t nmap;
	struct map_in map[MAX_MAPS];
	struct region_in region[NR_REGIONS];
	uint8_t dev_bytes[DEV_BYTES];
	uint32_t dev_fail;
	uint8_t run, hint_map;
	uint16_t hint_off;
	uint64_t hint_gpa, hint_la;
	uint32_t fail_ops[2];
	uint8_t fail_after, insn_len;
	uint8_t insn[15];
};

#define RUN_EXIT_BYTES 0x01
#define RUN_NO_CODE 0x02
#define RUN_FLUSH 0x04
#define RUN_SECOND 0x08
#define RUN_HINT_GPA 0x10
#define RUN_HINT_LA 0x20
#define RUN_HINT_XLAT 0x40
#define RUN_HINT_XLAT_W 0x80

static void parse(struct reader *r, struct input *in)
{
	in->mode = (uint8_t)rd(r, 1);
	in->cpl = (uint8_t)rd(r, 1);
	in->paging = (uint8_t)rd(r, 1);
	in->config = (uint8_t)rd(r, 1);
	in->cr0 = (uint16_t)rd(r, 2);
	in->cr4 = (uint16_t)rd(r, 2);
	in->efer = (uint8_t)rd(r, 1);
	in->shadow = (uint8_t)rd(r, 1);
	in->rflags = (uint32_t)rd(r, 4);
	in->rip = rd(r, 8);
	for (unsigned i = 0; i < VMEXIT_NR_GPRS; i++)
		in->gpr[i] = rd(r, 8);
	in->cr3_low = (uint16_t)rd(r, 2);
	rd_bytes(r, in->pdpte_xor, sizeof(in->pdpte_xor));
	in->xcr0 = (uint8_t)rd(r, 1);
	in->mxcsr = (uint32_t)rd(r, 4);
	rd_bytes(r, in->ymm, sizeof(in->ymm));
	in->dr7 = (uint32_t)rd(r, 4);
	in->gdt_base = rd(r, 8);
	in->gdt_limit = (uint16_t)rd(r, 2);
	in->idt_base = rd(r, 8);
	in->idt_limit = (uint16_t)rd(r, 2);
	for (unsigned i = 0; i < VMEXIT_NR_SEGS; i++) {
		in->seg[i].base = rd(r, 8);
		in->seg[i].limit = (uint32_t)rd(r, 4);
		in->seg[i].ar = (uint32_t)rd(r, 4);
		in->seg[i].sel = (uint16_t)rd(r, 2);
	}
	in->nmap = (uint8_t)rd(r, 1);
	for (unsigned i = 0; i < MAX_MAPS; i++) {
		in->map[i].la = rd(r, 8);
		in->map[i].pfn = (uint16_t)rd(r, 2);
		in->map[i].flags = (uint16_t)rd(r, 2);
		in->map[i].level = (uint8_t)rd(r, 1);
		in->map[i].ixor = (uint8_t)rd(r, 1);
		in->map[i].hi = (uint8_t)rd(r, 1);
	}
	for (unsigned i = 0; i < NR_REGIONS; i++) {
		in->region[i].page = (uint8_t)rd(r, 1);
		in->region[i].off = (uint16_t)rd(r, 2);
		in->region[i].len = (uint16_t)rd(r, 2);
	}
	rd_bytes(r, in->dev_bytes, sizeof(in->dev_bytes));
	in->dev_fail = (uint32_t)rd(r, 4);
	in->run = (uint8_t)rd(r, 1);
	in->hint_map = (uint8_t)rd(r, 1);
	in->hint_off = (uint16_t)rd(r, 2);
	in->hint_gpa = rd(r, 8);
	in->hint_la = rd(r, 8);
	in->fail_ops[0] = (uint32_t)rd(r, 4);
	in->fail_ops[1] = (uint32_t)rd(r, 4);
	in->fail_after = (uint8_t)rd(r, 1);
	in->insn_len = (uint8_t)rd(r, 1);
	rd_bytes(r, in->insn, sizeof(in->insn));
	/* The layout comment above names these offsets. */
	CHECK(r->off == HDR_SIZE);
}

/* ---- The harness state -------------------------------------------- */

struct range {
	uint64_t lo, hi; /* [lo, hi) */
};

struct harness {
	struct vmexit_mock m;
	struct vmexit_vcpu v;
	struct vmexit_mock_region region[NR_REGIONS]; /* what was added */

	/* Backend failures: from call number fail_after on, the mock's
	 * fail_ops is fail_mask; failed says whether any op failed. */
	unsigned calls, fail_after;
	uint64_t fail_mask;
	bool failed;

	/* Devices. */
	const uint8_t *dev_bytes;
	unsigned dev_pos, dev_n;
	uint32_t dev_fail;

	/* The page table. */
	enum vmexit_paging_mode pm;
	unsigned levels, esize;
	uint64_t root;       /* gpa of the top-level table (PAE: the PDPT) */
	unsigned next_table; /* next free page-table page */
	bool lma;
	uint64_t frame[MAX_MAPS]; /* gpa each mapping's leaf names */

	/* Where the library may go when strict: the page-table pages, and
	 * one range per mapping (its leaf's frame, or the page an entry on
	 * its way points to outside the tables). */
	bool strict;
	struct range allowed[MAX_MAPS + 2];
	unsigned nallowed;
};

static struct harness H;
/* RAM between two guard areas. */
static _Alignas(4096) uint8_t mem[GUARD + RAM_SIZE + GUARD];
#define RAM (mem + GUARD)

static bool is_allowed(const struct harness *h, uint64_t gpa, uint64_t len)
{
	if (!h->strict)
		return true;
	for (unsigned i = 0; i < h->nallowed; i++)
		if (gpa >= h->allowed[i].lo && gpa < h->allowed[i].hi &&
		    len <= h->allowed[i].hi - gpa)
			return true;
	return false;
}

/* ---- Backend ops: the mock's, counted, made to fail, and checked ---- */

static struct harness *enter(void *b)
{
	struct harness *h = b;

	if (h->calls++ >= h->fail_after)
		h->m.fail_ops = h->fail_mask;
	return h;
}

static int leave(struct harness *h, int rc)
{
	if (rc != VMEXIT_DONE)
		h->failed = true;
	return rc;
}

#define WRAP_GROUP(name, type)                                           \
	static int w_get_##name(void *b, type *out)                      \
	{                                                                \
		struct harness *h = enter(b);                            \
		return leave(h, vmexit_mock_ops.get_##name(&h->m, out)); \
	}                                                                \
	static int w_set_##name(void *b, const type *in)                 \
	{                                                                \
		struct harness *h = enter(b);                            \
		return leave(h, vmexit_mock_ops.set_##name(&h->m, in));  \
	}

WRAP_GROUP(regs, struct vmexit_regs)
WRAP_GROUP(sregs, struct vmexit_sregs)
WRAP_GROUP(dregs, struct vmexit_dregs)
WRAP_GROUP(vregs, struct vmexit_vregs)

static int w_get_shadow(void *b, uint32_t *out)
{
	struct harness *h = enter(b);
	return leave(h, vmexit_mock_ops.get_shadow(&h->m, out));
}

static int w_set_shadow(void *b, uint32_t in)
{
	struct harness *h = enter(b);
	return leave(h, vmexit_mock_ops.set_shadow(&h->m, in));
}

static int w_map_gpa(void *b, uint64_t gpa, bool write,
		     struct vmexit_gpa_map *out)
{
	struct harness *h = enter(b);

	CHECK(is_allowed(h, gpa, 1));
	return leave(h, vmexit_mock_ops.map_gpa(&h->m, gpa, write, out));
}

static void check_mmio(const struct harness *h, uint64_t gpa, unsigned size)
{
	CHECK(size == 1 || size == 2 || size == 4 || size == 8 ||
	      size == 16 || size == 32 || size == 64);
	CHECK(gpa + size - 1 >= gpa);
	CHECK(is_allowed(h, gpa, size));
}

static int w_mmio_read(void *b, uint64_t gpa, void *data, unsigned size)
{
	struct harness *h = enter(b);

	check_mmio(h, gpa, size);
	return leave(h, vmexit_mock_ops.mmio_read(&h->m, gpa, data, size));
}

static int w_mmio_write(void *b, uint64_t gpa, const void *data,
			unsigned size)
{
	struct harness *h = enter(b);

	check_mmio(h, gpa, size);
	return leave(h, vmexit_mock_ops.mmio_write(&h->m, gpa, data, size));
}

static int w_pio_in(void *b, uint16_t port, unsigned size, uint32_t *val)
{
	struct harness *h = enter(b);

	CHECK(size == 1 || size == 2 || size == 4);
	return leave(h, vmexit_mock_ops.pio_in(&h->m, port, size, val));
}

static int w_pio_out(void *b, uint16_t port, unsigned size, uint32_t val)
{
	struct harness *h = enter(b);

	CHECK(size == 1 || size == 2 || size == 4);
	return leave(h, vmexit_mock_ops.pio_out(&h->m, port, size, val));
}

static int w_queue_event(void *b, const struct vmexit_event *ev)
{
	struct harness *h = enter(b);
	return leave(h, vmexit_mock_ops.queue_event(&h->m, ev));
}

static int w_rdmsr(void *b, uint32_t msr, uint64_t *val)
{
	struct harness *h = enter(b);
	return leave(h, vmexit_mock_ops.rdmsr(&h->m, msr, val));
}

static int w_wrmsr(void *b, uint32_t msr, uint64_t val)
{
	struct harness *h = enter(b);
	return leave(h, vmexit_mock_ops.wrmsr(&h->m, msr, val));
}

static const struct vmexit_ops wrapped_ops = {
	.get_regs = w_get_regs, .set_regs = w_set_regs,
	.get_sregs = w_get_sregs, .set_sregs = w_set_sregs,
	.get_dregs = w_get_dregs, .set_dregs = w_set_dregs,
	.get_vregs = w_get_vregs, .set_vregs = w_set_vregs,
	.get_shadow = w_get_shadow, .set_shadow = w_set_shadow,
	.map_gpa = w_map_gpa,
	.mmio_read = w_mmio_read, .mmio_write = w_mmio_write,
	.pio_in = w_pio_in, .pio_out = w_pio_out,
	.queue_event = w_queue_event,
	.rdmsr = w_rdmsr, .wrmsr = w_wrmsr,
};

/* The devices behind the mock: reads return the input's byte stream, and
 * the input says which accesses fail.  MMIO callbacks get their region,
 * port I/O gets NULL. */
static int device(void *opaque, uint64_t addr, void *data, unsigned size,
		  bool write)
{
	const struct vmexit_mock_region *r = opaque;
	struct harness *h = &H;
	unsigned n = h->dev_n++;

	if (r) /* the mock found the region by the first byte */
		CHECK(addr >= r->base && addr - r->base + size <= r->len);
	if (n < 32 && (h->dev_fail >> n) & 1)
		return VMEXIT_ERR_BACKEND;
	if (!write) {
		uint8_t *d = data;
		for (unsigned i = 0; i < size; i++)
			d[i] = h->dev_bytes[h->dev_pos++ % DEV_BYTES];
	}
	return VMEXIT_DONE;
}

/* ---- Guest RAM and the page table ---------------------------------- */

static bool ram_rd(uint64_t gpa, unsigned size, uint64_t *val)
{
	if (gpa >= RAM_SIZE || RAM_SIZE - gpa < size)
		return false;
	*val = 0;
	memcpy(val, RAM + gpa, size);
	return true;
}

static void ram_wr(uint64_t gpa, unsigned size, uint64_t val)
{
	if (gpa < RAM_SIZE && RAM_SIZE - gpa >= size)
		memcpy(RAM + gpa, &val, size);
}

/* Bits of the linear address that index the table at `level`. */
static unsigned shift_of(const struct harness *h, unsigned level)
{
	return 12 + (h->esize == 4 ? 10 : 9) * (level - 1);
}

static uint64_t entry_gpa(const struct harness *h, uint64_t table,
			  uint64_t la, unsigned level)
{
	uint64_t idx = la >> shift_of(h, level);

	if (h->esize == 4)
		idx &= 0x3ff;
	else if (h->pm == VMEXIT_PAGING_PAE && level == 3)
		idx &= 3;
	else
		idx &= 0x1ff;
	return table + idx * h->esize;
}

/* The frame a leaf entry at `level` names ("Paging" chapter entry
 * formats): PSE-36 for a 4-MByte page, bits 51:12 above the page offset
 * otherwise. */
static uint64_t leaf_frame(const struct harness *h, uint64_t e,
			   unsigned level)
{
	if (h->esize == 4 && level == 2)
		return (e & 0xffc00000ull) | ((e & 0x1fe000ull) << 19);
	if (h->esize == 4)
		return e & 0xfffff000ull;
	return e & ADDR64 & ~((1ull << shift_of(h, level)) - 1);
}

static uint64_t table_addr(const struct harness *h, uint64_t e)
{
	return e & (h->esize == 4 ? 0xfffff000ull : ADDR64);
}

static uint64_t new_table(struct harness *h)
{
	uint64_t t;

	if (h->next_table >= RAM_PAGES)
		return 0;
	t = (uint64_t)h->next_table++ * PAGE;
	memset(RAM + t, 0, PAGE);
	return t;
}

/* Bits of the input's `ixor` and `hi` bytes as entry bits. */
static uint64_t upper_bits(const struct harness *h, unsigned ixor)
{
	uint64_t e = ixor & 0x3f;

	if (h->esize == 8) {
		if (ixor & 0x40)
			e |= PTE_XD;
		if (ixor & 0x80)
			e |= PTE_B51;
	}
	return e;
}

static uint64_t leaf_hi_bits(const struct harness *h, unsigned hi)
{
	uint64_t e = 0;

	if (h->esize == 4)
		return 0;
	if (hi & 0x80)
		e |= PTE_XD;
	if (hi & 0x40)
		e |= PTE_B51;
	e |= (uint64_t)((hi >> 4) & 3) << 52;
	e |= (uint64_t)(hi & 0xf) << 59;
	return e;
}

/* Write one mapping into the tables: create what is missing above the
 * leaf (replacing a large leaf that is in the way), then the leaf.  The
 * mapping is dropped when the page-table pages run out or the input made
 * an entry on the way point outside them. */
static void map_one(struct harness *h, const struct map_in *mi,
		    unsigned idx, uint64_t cr4)
{
	unsigned level = 1 + mi->level % h->levels;
	uint64_t table = h->root, e, leaf;

	for (unsigned l = h->levels; l > level; l--) {
		uint64_t eg = entry_gpa(h, table, mi->la, l);
		if (!ram_rd(eg, h->esize, &e))
			return;
		if (!(e & PTE_P) || (e & PTE_PS)) {
			uint64_t t = new_table(h);
			/* PDPTEs have no RW/US bits: they are reserved. */
			uint64_t f = (h->pm == VMEXIT_PAGING_PAE && l == 3)
					     ? PTE_P : 0x7;
			if (!t)
				return;
			e = t | (f ^ upper_bits(h, mi->ixor));
			ram_wr(eg, h->esize, e);
		}
		table = table_addr(h, e);
		if (table < (uint64_t)TABLE_PAGE0 * PAGE || table >= RAM_SIZE) {
			/* Bit 51 made it point elsewhere: with MAXPHYADDR 52
			 * the walk reads an entry there. */
			struct range *r = &h->allowed[h->nallowed++];
			r->lo = table;
			r->hi = table + PAGE;
			return;
		}
	}
	leaf = ((uint64_t)mi->pfn << 12) | ((0x7 ^ mi->flags) & 0xfff) |
	       leaf_hi_bits(h, mi->hi);
	if (level > 1)
		leaf |= PTE_PS | ((uint64_t)(mi->flags & 0xf000));
	if (h->esize == 4)
		leaf &= 0xffffffffull;
	ram_wr(entry_gpa(h, table, mi->la, level), h->esize, leaf);

	/* What the library may touch through this leaf. */
	h->frame[idx] = leaf_frame(h, leaf, level);
	struct range *r = &h->allowed[h->nallowed++];
	r->lo = h->frame[idx];
	r->hi = r->lo + (1ull << shift_of(h, level));
	if (r->lo < RAM_SIZE && r->hi > (uint64_t)TABLE_PAGE0 * PAGE)
		h->strict = false; /* the guest may rewrite its tables */
	if (h->esize == 4 && level == 2 && !(cr4 & VMEXIT_CR4_PSE))
		h->strict = false; /* PS ignored: the leaf is a table */
}

/* Where the harness's table maps `la` (no permission checks), for
 * placing the instruction. */
static bool h_translate(const struct harness *h, uint64_t la, uint64_t *pa)
{
	uint64_t table = h->root, e;

	if (h->pm == VMEXIT_PAGING_NONE) {
		*pa = h->lma ? la : (la & 0xffffffffull);
		return true;
	}
	if (!h->lma)
		la &= 0xffffffffull;
	for (unsigned l = h->levels; l >= 1; l--) {
		if (!ram_rd(entry_gpa(h, table, la, l), h->esize, &e) ||
		    !(e & PTE_P))
			return false;
		if (l == 1 || (e & PTE_PS)) {
			*pa = leaf_frame(h, e, l) |
			      (la & ((1ull << shift_of(h, l)) - 1));
			return true;
		}
		table = table_addr(h, e);
	}
	return false;
}

/* ---- vCPU state from the input ------------------------------------- */

/* The mode's default segment caches (what a loader of that mode leaves),
 * which the input then XORs. */
static void default_segs(struct vmexit_sregs *s, enum vmexit_cpu_mode mode,
			 unsigned cpl)
{
	const uint32_t P = VMEXIT_AR_P | VMEXIT_AR_S;
	uint32_t dpl = cpl << VMEXIT_AR_DPL_SHIFT;
	uint32_t code = P | 0xb | dpl, data = P | 0x3 | dpl;
	uint32_t flat = VMEXIT_AR_DB | VMEXIT_AR_G;
	uint32_t limit = 0xffffffffu;
	uint16_t csel = (uint16_t)(0x08 | cpl), dsel = (uint16_t)(0x10 | cpl);

	switch (mode) {
	case VMEXIT_MODE_REAL:
	case VMEXIT_MODE_VM86:
		limit = 0xffff;
		csel = dsel = 0;
		break;
	case VMEXIT_MODE_PROT16:
		limit = 0xffff;
		break;
	case VMEXIT_MODE_PROT32:
	case VMEXIT_MODE_COMPAT32:
		code |= flat;
		data |= flat;
		break;
	case VMEXIT_MODE_COMPAT16:
		code |= VMEXIT_AR_G;
		data |= flat;
		break;
	case VMEXIT_MODE_LONG64:
		code |= VMEXIT_AR_L | VMEXIT_AR_G;
		data |= flat;
		break;
	}
	for (unsigned i = 0; i <= VMEXIT_SEG_GS; i++)
		s->seg[i] = (struct vmexit_segment){ .selector = dsel, .limit = limit,
						     .ar = data };
	s->seg[VMEXIT_SEG_CS] = (struct vmexit_segment){ .selector = csel, .limit = limit,
							 .ar = code };
	s->seg[VMEXIT_SEG_LDTR] = (struct vmexit_segment){ .limit = 0xffff, .ar = 0x82 };
	s->seg[VMEXIT_SEG_TR] = (struct vmexit_segment){
		.selector = 0x18, .limit = 0x67, .ar = VMEXIT_AR_P | VMEXIT_SYS_TSS_BUSY };
}

static const uint64_t cr0_bits[] = {
	VMEXIT_CR0_MP, VMEXIT_CR0_EM, VMEXIT_CR0_TS, VMEXIT_CR0_NE,
	VMEXIT_CR0_WP, VMEXIT_CR0_AM, VMEXIT_CR0_CD, VMEXIT_CR0_NW,
	VMEXIT_CR0_ET,
};

static const uint64_t cr4_bits[] = {
	VMEXIT_CR4_VME, VMEXIT_CR4_PVI, VMEXIT_CR4_TSD, VMEXIT_CR4_DE,
	VMEXIT_CR4_PSE, VMEXIT_CR4_PGE, VMEXIT_CR4_OSFXSR,
	VMEXIT_CR4_OSXMMEXCPT, VMEXIT_CR4_UMIP, VMEXIT_CR4_FSGSBASE,
	VMEXIT_CR4_PCIDE, VMEXIT_CR4_OSXSAVE, VMEXIT_CR4_SMEP,
	VMEXIT_CR4_SMAP, VMEXIT_CR4_PKE, VMEXIT_CR4_MCE,
};

static uint64_t or_bits(const uint64_t *bits, unsigned n, unsigned in)
{
	uint64_t v = 0;

	for (unsigned i = 0; i < n; i++)
		if (in & (1u << i))
			v |= bits[i];
	return v;
}

/* The defined RFLAGS bits the input may set (VM comes from the mode). */
#define RFLAGS_INPUT \
	(VMEXIT_RFLAGS_STATUS | VMEXIT_RFLAGS_TF | VMEXIT_RFLAGS_IF | \
	 VMEXIT_RFLAGS_DF | VMEXIT_RFLAGS_IOPL | VMEXIT_RFLAGS_NT | \
	 VMEXIT_RFLAGS_RF | VMEXIT_RFLAGS_AC | VMEXIT_RFLAGS_VIF | \
	 VMEXIT_RFLAGS_VIP | VMEXIT_RFLAGS_ID)

static void setup_cpu(struct harness *h, const struct input *in)
{
	static const uint8_t maxphy[4] = { 52, 36, 39, 46 };
	struct vmexit_mock *m = &h->m;
	struct vmexit_sregs *s = &m->sregs;
	enum vmexit_cpu_mode mode = (enum vmexit_cpu_mode)(in->mode % 7);
	unsigned cpl = in->cpl & 3;
	bool ia32e = mode >= VMEXIT_MODE_COMPAT16;

	if (mode == VMEXIT_MODE_REAL)
		cpl = 0;
	else if (mode == VMEXIT_MODE_VM86)
		cpl = 3;

	/* Control registers: the mode's, then the input's bits. */
	s->cr0 = VMEXIT_CR0_ET | (mode == VMEXIT_MODE_REAL ? 0 : VMEXIT_CR0_PE);
	s->cr0 |= or_bits(cr0_bits, 9, in->cr0);
	if (!(s->cr0 & VMEXIT_CR0_CD))
		s->cr0 &= ~VMEXIT_CR0_NW; /* NW without CD is #GP on load */
	s->cr4 = or_bits(cr4_bits, 16, in->cr4);
	s->efer = ((in->efer & 1) ? VMEXIT_EFER_SCE : 0) |
		  ((in->efer & 2) ? VMEXIT_EFER_NXE : 0) |
		  ((in->efer & 4) ? VMEXIT_EFER_FFXSR : 0);
	h->pm = VMEXIT_PAGING_NONE;
	if (ia32e) {
		s->cr0 |= VMEXIT_CR0_PG;
		s->cr4 |= VMEXIT_CR4_PAE;
		s->efer |= VMEXIT_EFER_LME | VMEXIT_EFER_LMA;
		if (in->paging & 4) {
			s->cr4 |= VMEXIT_CR4_LA57;
			h->pm = VMEXIT_PAGING_5LEVEL;
		} else {
			h->pm = VMEXIT_PAGING_4LEVEL;
		}
	} else {
		s->cr4 &= ~VMEXIT_CR4_PCIDE; /* needs IA-32e mode */
		if (mode != VMEXIT_MODE_REAL && (in->paging & 3)) {
			s->cr0 |= VMEXIT_CR0_PG;
			if ((in->paging & 3) == 1) {
				s->cr4 &= ~VMEXIT_CR4_PAE;
				h->pm = VMEXIT_PAGING_32;
			} else {
				s->cr4 |= VMEXIT_CR4_PAE;
				h->pm = VMEXIT_PAGING_PAE;
			}
		}
	}
	h->lma = ia32e;

	/* Registers. */
	m->regs.rflags = VMEXIT_RFLAGS_FIXED | (in->rflags & RFLAGS_INPUT);
	if (mode == VMEXIT_MODE_VM86)
		m->regs.rflags |= VMEXIT_RFLAGS_VM;
	memcpy(m->regs.gpr, in->gpr, sizeof(m->regs.gpr));
	m->shadow = in->shadow & (VMEXIT_SHADOW_STI | VMEXIT_SHADOW_MOVSS |
				  VMEXIT_SHADOW_NMI_BLOCKED);

	/* Segments: the defaults XOR the input. */
	default_segs(s, mode, cpl);
	for (unsigned i = 0; i < VMEXIT_NR_SEGS; i++) {
		struct vmexit_segment *g = &s->seg[i];
		g->base ^= in->seg[i].base;
		if (i <= VMEXIT_SEG_DS)
			g->base &= 0xffffffffull; /* VMX: bits 63:32 are 0 */
		g->limit ^= in->seg[i].limit;
		g->ar = (g->ar ^ in->seg[i].ar) & 0x1f0ffu;
		g->selector ^= in->seg[i].sel;
	}
	s->gdtr.base = in->gdt_base;
	s->gdtr.limit = (uint16_t)(0xffff ^ in->gdt_limit);
	s->idtr.base = in->idt_base;
	s->idtr.limit = (uint16_t)(0xffff ^ in->idt_limit);

	/* RIP is 32 bits wide outside 64-bit mode (the CS the input left
	 * decides which mode that is). */
	m->regs.rip = in->rip;
	if (vmexit_mode_of(s->cr0, s->efer, m->regs.rflags,
			   s->seg[VMEXIT_SEG_CS].ar) != VMEXIT_MODE_LONG64)
		m->regs.rip &= 0xffffffffull;

	/* Vector and debug state. */
	for (unsigned r = 0; r < 16; r++)
		for (unsigned b = 0; b < 32; b++)
			m->vregs.ymm[r][b] = (uint8_t)(in->ymm[b] ^ (0x11 * r));
	for (unsigned i = 0; i < 8; i++)
		for (unsigned b = 0; b < 10; b++)
			m->vregs.st[i][b] = (uint8_t)(in->ymm[b] ^ (0x33 * i));
	m->vregs.fsw = (uint16_t)((in->ymm[0] & 7u) << 11 | (in->ymm[0] & 0x80u) |
				  ((in->ymm[1] << 8) & 0x4700u));
	m->vregs.ftw = in->ymm[2];
	/* Opmasks and the AVX-512 halves from the same bytes, so masked
	 * EVEX moves see every kind of mask. */
	for (unsigned i = 1; i < 8; i++)
		memcpy(&m->vregs.k[i], in->ymm + 3 * i, 8);
	for (unsigned r = 0; r < 16; r++)
		for (unsigned b = 0; b < 64; b++) {
			if (b < 32)
				m->vregs.zmm_hi256[r][b] = (uint8_t)(in->ymm[b] ^ (0x55 * r));
			m->vregs.zmm_hi16[r][b] = (uint8_t)(in->ymm[b & 31] ^ (0x77 * r));
		}
	m->vregs.mxcsr = in->mxcsr;
	m->vregs.xcr0 = 1 | (in->xcr0 & 0xfe);
	if ((m->vregs.xcr0 & 6) == 4)
		m->vregs.xcr0 &= ~4ull; /* AVX needs SSE state */
	m->dregs.dr7 = (in->dr7 | 0x400u) & ~0xc000u;
	m->dregs.dr6 = 0xffff0ff0u;
	for (unsigned i = 0; i < 4; i++)
		m->dregs.dr[i] = (in->map[i].la & ~0xfffull) +
				 ((in->dev_bytes[2 * i] | in->dev_bytes[2 * i + 1] << 8) & 0xfffu);

	/* The vCPU. */
	struct vmexit_vcpu_config cfg = {
		.maxphyaddr = maxphy[in->config & 3],
		.gbpages = in->config & 4,
		.cet = in->config & 8,
	};
	CHECK(vmexit_vcpu_init(&h->v, &wrapped_ops, h, &cfg) == VMEXIT_DONE);
}

static void setup_paging(struct harness *h, const struct input *in)
{
	struct vmexit_sregs *s = &h->m.sregs;
	unsigned nmap = 1 + in->nmap % MAX_MAPS;

	h->strict = h->pm != VMEXIT_PAGING_NONE;
	h->nallowed = 0;
	h->next_table = TABLE_PAGE0;
	for (unsigned i = 0; i < MAX_MAPS; i++)
		h->frame[i] = (uint64_t)in->map[i].pfn << 12;
	switch (h->pm) {
	case VMEXIT_PAGING_NONE:
		return;
	case VMEXIT_PAGING_32:
		h->levels = 2;
		h->esize = 4;
		break;
	case VMEXIT_PAGING_PAE:
		h->levels = 3;
		h->esize = 8;
		break;
	case VMEXIT_PAGING_4LEVEL:
		h->levels = 4;
		h->esize = 8;
		break;
	case VMEXIT_PAGING_5LEVEL:
		h->levels = 5;
		h->esize = 8;
		break;
	}
	h->root = new_table(h);
	/* Every page-table page may be walked. */
	h->allowed[h->nallowed].lo = (uint64_t)TABLE_PAGE0 * PAGE;
	h->allowed[h->nallowed++].hi = RAM_SIZE;
	if (h->pm == VMEXIT_PAGING_PAE) {
		h->root += in->cr3_low & 0xfe0u;
		s->cr3 = h->root;
	} else {
		s->cr3 = h->root | (in->cr3_low & 0xfffu);
	}
	for (unsigned i = 0; i < nmap; i++)
		map_one(h, &in->map[i], i, s->cr4);
	if (h->pm == VMEXIT_PAGING_PAE) {
		/* "PDPTE Registers": loaded from the PDPT by MOV CR3, then
		 * made stale or hostile as the input says.  Address bits
		 * are kept, but a register made present where the PDPT had
		 * nothing names page 0: a data page walked as a table. */
		for (unsigned i = 0; i < 4; i++) {
			uint64_t e = 0;
			ram_rd(h->root + 8 * i, 8, &e);
			e ^= in->pdpte_xor[i] & 0x7fu;
			if (in->pdpte_xor[i] & 0x80)
				e ^= PTE_XD;
			s->pdpte[i] = e;
			if ((e & PTE_P) && (e & ADDR64) < (uint64_t)TABLE_PAGE0 * PAGE)
				h->strict = false;
		}
	}
}

static void setup_devices(struct harness *h, const struct input *in)
{
	h->dev_bytes = in->dev_bytes;
	h->dev_fail = in->dev_fail;
	for (unsigned i = 0; i < NR_REGIONS; i++) {
		const struct region_in *ri = &in->region[i];
		uint64_t base = ((uint64_t)((MMIO_PAGE0 + i) ^ ri->page) << 12) |
				(ri->off & 0xfffu);
		uint64_t len = 0x1000u ^ ri->len;
		struct vmexit_mock_region *r = &h->region[i];

		r->base = base;
		r->len = len;
		if (len)
			CHECK(vmexit_mock_add_mmio(&h->m, base, len, device, r) ==
			      VMEXIT_DONE);
	}
	h->m.pio = device;
	h->m.pio_opaque = NULL;
}

/* The rest of the input: RAM contents of the data pages. */
static void setup_ram(struct reader *r)
{
	while (r->off < r->n) {
		unsigned page = (unsigned)rd(r, 1) % DATA_PAGES;
		unsigned kind = (unsigned)rd(r, 1);
		unsigned off = (unsigned)rd(r, 2) & 0xfffu;
		unsigned len = (unsigned)rd(r, 1);
		uint64_t at = (uint64_t)page * PAGE + off;
		uint8_t fill = (kind & 1) ? (uint8_t)rd(r, 1) : 0;

		for (unsigned i = 0; i < len; i++) {
			uint8_t b = (kind & 1) ? fill : (uint8_t)rd(r, 1);
			if (at + i < (uint64_t)DATA_PAGES * PAGE)
				RAM[at + i] = b;
		}
	}
}

/* The instruction at CS:RIP, byte by byte through the harness's table
 * (it may cross a page).  Bytes that land outside the data pages are
 * dropped. */
static void place_code(struct harness *h, const struct input *in)
{
	const struct vmexit_sregs *s = &h->m.sregs;
	enum vmexit_cpu_mode mode = vmexit_mode_of(
		s->cr0, s->efer, h->m.regs.rflags, s->seg[VMEXIT_SEG_CS].ar);
	uint64_t la = h->m.regs.rip, pa;

	if (mode != VMEXIT_MODE_LONG64)
		la = (s->seg[VMEXIT_SEG_CS].base + la) & 0xffffffffull;
	for (unsigned i = 0; i < sizeof(in->insn); i++) {
		uint64_t a = la + i;
		if (mode != VMEXIT_MODE_LONG64)
			a &= 0xffffffffull;
		if (h_translate(h, a, &pa) && pa < (uint64_t)DATA_PAGES * PAGE)
			RAM[pa] = in->insn[i];
	}
}

/* With paging on, RAM pages the tables do not reach are poisoned: the
 * library must not read or write them. */
static void poison_unmapped(const struct harness *h)
{
	if (!h->strict)
		return;
	for (unsigned p = 0; p < RAM_PAGES; p++)
		if (!is_allowed(h, (uint64_t)p * PAGE, PAGE))
			POISON(RAM + (uint64_t)p * PAGE, PAGE);
}

/* ---- Runs and their invariants ------------------------------------- */

static bool documented(int rc)
{
	switch (rc) {
	case VMEXIT_DONE:
	case VMEXIT_EXCEPTION:
	case VMEXIT_RETRY:
	case VMEXIT_UNHANDLED:
	case VMEXIT_TRIPLE_FAULT:
	case VMEXIT_ERR_BACKEND:
		return true;
	default:
		return false; /* VMEXIT_ERR_CALLER included: no misuse here */
	}
}

/* Registers a REP string instruction updates before it faults. */
static bool string_reg(unsigned r)
{
	return r == VMEXIT_RAX || r == VMEXIT_RCX || r == VMEXIT_RSI ||
	       r == VMEXIT_RDI;
}

static void check_regs(const struct vmexit_regs *now,
		       const struct vmexit_regs *before)
{
	CHECK(now->rip == before->rip);
	for (unsigned i = 0; i < VMEXIT_NR_GPRS; i++)
		if (!string_reg(i))
			CHECK(now->gpr[i] == before->gpr[i]);
}

static bool same_event(const struct vmexit_event *a,
		       const struct vmexit_event *b)
{
	return a->type == b->type && a->vector == b->vector &&
	       a->has_error == b->has_error && a->error == b->error &&
	       a->insn_len == b->insn_len && a->has_payload == b->has_payload &&
	       a->payload == b->payload;
}

static void one_run(struct harness *h, const struct input *in,
		    unsigned which)
{
	struct vmexit_vcpu *v = &h->v;
	struct vmexit_emul_hint hint = { 0 };
	const struct vmexit_regs before = h->m.regs;
	const struct vmexit_emul_hint *hp = NULL;
	const uint8_t *bytes = NULL;
	size_t len = 0;
	bool trap;
	int rc;

	/* Backend failures of this run. */
	h->calls = 0;
	h->fail_after = in->fail_after;
	h->fail_mask = in->fail_ops[which] &
		       (VMEXIT_MOCK_FAIL(VMEXIT_MOCK_NR_OPS) - 1);
	h->failed = false;
	h->m.fail_ops = 0;

	if (in->run & RUN_EXIT_BYTES) {
		bytes = in->insn;
		len = in->insn_len % 16;
	}
	if (in->run & (RUN_HINT_GPA | RUN_HINT_LA)) {
		hp = &hint;
		unsigned k = in->hint_map % (1 + in->nmap % MAX_MAPS);
		uint64_t la = in->map[k].la + in->hint_off;
		uint64_t gpa = h->pm == VMEXIT_PAGING_NONE
				       ? (h->lma ? la : la & 0xffffffffull)
				       : h->frame[k] + in->hint_off;
		hint.gpa_valid = in->run & RUN_HINT_GPA;
		hint.la_valid = in->run & RUN_HINT_LA;
		hint.xlat_valid = in->run & RUN_HINT_XLAT;
		hint.xlat_acc = (in->run & RUN_HINT_XLAT_W) ? VMEXIT_ACC_WRITE
							     : VMEXIT_ACC_READ;
		hint.gpa = gpa ^ in->hint_gpa;
		hint.la = la ^ in->hint_la;
	}

	/* The exit's translation, when the hint says it is one, is the
	 * processor's: the access it names goes to its page, wherever the
	 * page tables lead (emulate.h, xlat_valid). */
	unsigned nallowed = h->nallowed;
	uint64_t hint_page = hint.gpa & ~(uint64_t)(PAGE - 1);
	bool hint_xlat = hp && hint.xlat_valid && hint.gpa_valid && hint.la_valid;
	if (hint_xlat) {
		h->allowed[h->nallowed++] = (struct range){
			hint_page, (hint.gpa | (PAGE - 1)) + 1 ? (hint.gpa | (PAGE - 1)) + 1
							      : UINT64_MAX };
		/* (poison_unmapped() ran before the hint was known) */
		if (hint_page < RAM_SIZE)
			UNPOISON(RAM + hint_page, PAGE);
	}
	CHECK(vmexit_vcpu_begin(v) == VMEXIT_DONE);
	rc = vmexit_emulate_at_rip(v, bytes, len, hp);
	h->nallowed = nallowed;
	if (hint_xlat && hint_page < RAM_SIZE && !is_allowed(h, hint_page, PAGE))
		POISON(RAM + hint_page, PAGE);

	TRACE("run %u: %s vector %u error %#x reason %u rip %#llx -> %#llx "
	      "device calls %u strict %d\n", which, vmexit_strerror(rc),
	      v->pending_valid ? v->pending.vector : 255u,
	      v->pending_valid ? v->pending.error : 0u, v->diag.reason,
	      (unsigned long long)before.rip,
	      (unsigned long long)v->regs.rip, h->dev_n, h->strict);
	CHECK(documented(rc));
	if (rc == VMEXIT_ERR_BACKEND)
		CHECK(h->failed);
	if (rc == VMEXIT_UNHANDLED)
		CHECK(v->diag.reason != VMEXIT_WHY_NONE);
	CHECK(v->diag.insn_len <= 15);
	if (rc != VMEXIT_ERR_BACKEND && rc != VMEXIT_TRIPLE_FAULT)
		CHECK(v->pending_valid == (rc == VMEXIT_EXCEPTION));
	if (rc == VMEXIT_EXCEPTION) {
		CHECK(v->pending.type == VMEXIT_EV_HWEXC &&
		      v->pending.vector < 32);
		if (v->pending.vector == VMEXIT_EXC_PF)
			CHECK(v->pending.has_payload);
	}
	/* The single-step and breakpoint traps follow the completed
	 * instruction. */
	trap = rc == VMEXIT_EXCEPTION && v->pending.vector == VMEXIT_EXC_DB &&
	       ((before.rflags & VMEXIT_RFLAGS_TF) || (h->m.dregs.dr7 & 0xff));
	if (rc != VMEXIT_DONE && !trap && (v->valid & VMEXIT_G_REGS))
		check_regs(&v->regs, &before);

	if (!(in->run & RUN_FLUSH))
		return;
	bool pending = v->pending_valid;
	struct vmexit_event ev = v->pending;
	unsigned events = h->m.nr_events;
	int frc = vmexit_vcpu_flush(v);
	CHECK(frc == VMEXIT_DONE || (frc == VMEXIT_ERR_BACKEND && h->failed));
	if (frc != VMEXIT_DONE)
		return;
	CHECK(!v->pending_valid && v->dirty == 0);
	if (pending) {
		CHECK(h->m.nr_events == events + 1);
		if (events < VMEXIT_MOCK_MAX_EVENTS)
			CHECK(same_event(&h->m.events[events], &ev));
	} else {
		CHECK(h->m.nr_events == events);
	}
	if (rc != VMEXIT_DONE && !trap)
		check_regs(&h->m.regs, &before);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct input in;
	struct reader r = { .p = data, .n = size, .off = 0 };
	struct harness *h = &H;

	memset(&in, 0, sizeof(in));
	parse(&r, &in);

	/* A clean machine: RAM, guards, mock, harness. */
	UNPOISON(mem, sizeof(mem));
	memset(mem, GUARD_BYTE, GUARD);
	memset(RAM, 0, RAM_SIZE);
	memset(RAM + RAM_SIZE, GUARD_BYTE, GUARD);
	memset(h, 0, sizeof(*h));
	CHECK(vmexit_mock_init(&h->m, RAM, RAM_SIZE) == VMEXIT_DONE);

	setup_cpu(h, &in);
	setup_paging(h, &in);
	setup_devices(h, &in);
	setup_ram(&r);
	if (!(in.run & RUN_NO_CODE))
		place_code(h, &in);

	POISON(mem, GUARD);
	POISON(RAM + RAM_SIZE, GUARD);
	poison_unmapped(h);

	one_run(h, &in, 0);
	if (in.run & RUN_SECOND)
		one_run(h, &in, 1);

	UNPOISON(mem, sizeof(mem));
	for (size_t i = 0; i < GUARD; i++)
		CHECK(mem[i] == GUARD_BYTE && RAM[RAM_SIZE + i] == GUARD_BYTE);
	return 0;
}
