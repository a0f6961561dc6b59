/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Differential test of the decoder against Zydis and capstone: length and
 * validity of real code (the machine's libraries in 64-bit mode, the
 * project's own code built for 32-bit), hand-written 16-bit cases, and
 * random byte strings in every mode; memory operands of real code against
 * Zydis.  Every accepted disagreement is in exceptions[] below, with the
 * reason and the manual section; anything else fails the test.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <Zydis/Zydis.h>

#include <vmexit/decode.h>

#include "lib/decode_oracle.h"

#define RANDOM_PER_MODE 1000000

enum ref { REF_ZYDIS, REF_CAPSTONE };

struct sample {
	unsigned mode;
	const uint8_t *b;
	size_t n;
	const uint8_t *full; /* the same bytes followed by more (15 in all) */
	size_t full_n;
	struct oracle *o;
	struct oracle_result ours, ref;
	const struct vmexit_insn *in;
};

/* ---- The reviewed exceptions: the only place a disagreement is
 * accepted.  Each names the reference it applies to. ---- */

struct exception {
	enum ref ref;
	const char *what;
	const char *manual;
	int (*match)(const struct sample *s);
	unsigned long hits;
};

/* The first byte after the legacy and REX prefixes. */
static size_t opcode_at(const struct sample *s)
{
	size_t i = 0;

	while (i < s->n) {
		uint8_t b = s->b[i];
		if (b == 0x26 || b == 0x2e || b == 0x36 || b == 0x3e || b == 0x64 ||
		    b == 0x65 || b == 0x66 || b == 0x67 || b == 0xf0 || b == 0xf2 ||
		    b == 0xf3 || (s->mode == 64 && (b & 0xf0) == 0x40))
			i++;
		else
			break;
	}
	return i;
}

static int op_is(const struct sample *s, uint8_t a, int b)
{
	size_t i = opcode_at(s);

	return i < s->n && s->b[i] == a &&
	       (b < 0 || (i + 1 < s->n && s->b[i + 1] == (uint8_t)b));
}

/* Bytes that end early and are also malformed: one decoder noticed the
 * end first, the other the bad encoding.  The CPU reports the fetch fault
 * first (SDM Vol. 3, 6.9 "Priority Among Concurrent Events", Table 6-2:
 * faults from fetching the next instruction, priority 7, come before
 * faults from decoding it, priority 8), but which bytes it needs before it
 * knows an encoding is undefined is not architectural.  Accepted only if
 * both decoders agree once they are given the full 15 bytes. */
static int truncation_order(const struct sample *s)
{
	struct oracle_result a, z;
	struct vmexit_insn in;
	int rc;

	if (!((s->ours.cls == OR_TRUNCATED && s->ref.cls == OR_INVALID) ||
	      (s->ours.cls == OR_INVALID && s->ref.cls == OR_TRUNCATED)))
		return 0;
	if (s->full_n <= s->n)
		return 1;
	rc = vmexit_decode(s->full, s->full_n, (enum vmexit_decode_mode)s->mode, &in);
	a.cls = rc == VMEXIT_DONE ? OR_VALID : rc == VMEXIT_RETRY ? OR_TRUNCATED : OR_INVALID;
	a.length = rc == VMEXIT_DONE ? in.length : 0;
	oracle_zydis(s->o, s->full, s->full_n, &z);
	return a.cls == z.cls && (a.cls != OR_VALID || a.length == z.length);
}

/* Zydis decodes Knights Corner (Xeon Phi coprocessor) mask instructions
 * in VEX space (e.g. C5 40 97 "kconcatl"); they are not in the SDM, whose
 * VEX 0F map has no such opcodes (SDM Vol. 2, Table A-3). */
static int zydis_knc(const struct sample *s)
{
	return s->ref.cls == OR_VALID && s->ref.isa_ext == ZYDIS_ISA_EXT_KNC;
}

/* KNOWN GAP, not a manual disagreement: the per-instruction EVEX rules
 * (required EVEX.W, L'L, b, aaa and vvvv values of each AVX-512 form and
 * the AVX-512 opcodes themselves, SDM Vol. 2, 2.7 and the instruction
 * pages) are not all in libvmexit's tables yet.  EVEX instructions are not
 * emulated by libvmexit (issue 4 lists none). */
static int evex_gap(const struct sample *s)
{
	size_t i = opcode_at(s);

	return i + 1 < s->n && s->b[i] == 0x62 &&
	       (s->mode == 64 || (s->b[i + 1] & 0xc0) == 0xc0);
}

/* KNOWN GAP, not a manual disagreement: the same for the per-form VEX.W
 * and VEX.L rules of AVX/AVX2/FMA/F16C and of AMD XOP (APM Vol. 4). */
static int vex_gap(const struct sample *s)
{
	size_t i = opcode_at(s);

	if (i + 1 >= s->n)
		return 0;
	if (s->b[i] == 0x8f)
		return (s->b[i + 1] & 0x1f) >= 8;
	return (s->b[i] == 0xc4 || s->b[i] == 0xc5) &&
	       (s->mode == 64 || (s->b[i + 1] & 0xc0) == 0xc0);
}

/* capstone 4 loads reserved segment registers 6 and 7 and CS with 8E,
 * and stores 6 and 7 with 8C; the SDM makes them #UD ("MOV-Move":
 * "#UD If attempt is made to load the CS register", and the Sreg field
 * values 6 and 7 are reserved, Table 3-xx "Segment Register Encoding"). */
static int cs_sreg(const struct sample *s)
{
	return s->ours.cls == OR_INVALID && (op_is(s, 0x8e, -1) || op_is(s, 0x8c, -1));
}

/* capstone 4 does not check LOCK: the SDM ("LOCK-Assert LOCK# Signal
 * Prefix") raises #UD for LOCK on any other instruction and on a register
 * destination. */
static int cs_lock(const struct sample *s)
{
	struct vmexit_insn in;

	return s->ours.cls == OR_INVALID &&
	       vmexit_decode(s->b, s->n, (enum vmexit_decode_mode)s->mode, &in) ==
		       VMEXIT_EXCEPTION && in.invalid == VMEXIT_DECODE_LOCK;
}

/* capstone 4 decodes UD1 (0F B9) and UD0 (0F FF) without a ModRM byte;
 * the SDM ("UD-Undefined Instruction") gives both a ModRM operand, and
 * Zydis agrees. */
static int cs_ud01(const struct sample *s)
{
	return op_is(s, 0x0f, 0xb9) || op_is(s, 0x0f, 0xff);
}

/* capstone 4 accepts reserved control and debug registers; the SDM ("MOV-
 * Move to/from Control Registers": #UD for CR1, CR5-CR7, CR9-CR15;
 * "MOV-Move to/from Debug Registers": #UD with REX.R) does not. */
static int cs_movcr(const struct sample *s)
{
	size_t i = opcode_at(s);

	return s->ours.cls == OR_INVALID && i + 1 < s->n && s->b[i] == 0x0f &&
	       (s->b[i + 1] & 0xfc) == 0x20;
}

/* capstone 4 agrees with neither Zydis nor libvmexit on an instruction
 * both of those decode the same way: instructions newer than its tables
 * (RDPKRU, WRPKRU, SERIALIZE, ...), its other known misdecodes.  The
 * SDM entry of the instruction Zydis names decides; the test counts them. */
static int cs_alone(const struct sample *s)
{
	struct oracle_result z;

	oracle_zydis(s->o, s->b, s->n, &z);
	if (z.cls == OR_TRUNCATED)
		z.cls = OR_INVALID;
	return z.cls == s->ours.cls && (z.cls != OR_VALID || z.length == s->ours.length);
}

static struct exception exceptions[] = {
	{ REF_ZYDIS, "truncated and malformed: which is noticed first",
	  "SDM Vol. 3, 6.9, Table 6-2", truncation_order, 0 },
	{ REF_ZYDIS, "Zydis decodes Knights Corner VEX opcodes",
	  "SDM Vol. 2, Table A-3", zydis_knc, 0 },
	{ REF_ZYDIS, "KNOWN GAP: EVEX per-instruction validity",
	  "SDM Vol. 2, 2.7", evex_gap, 0 },
	{ REF_ZYDIS, "KNOWN GAP: VEX/XOP per-form W/L validity",
	  "SDM Vol. 2, 2.3; APM Vol. 4", vex_gap, 0 },
	{ REF_CAPSTONE, "KNOWN GAP: EVEX per-instruction validity",
	  "SDM Vol. 2, 2.7", evex_gap, 0 },
	{ REF_CAPSTONE, "KNOWN GAP: VEX/XOP per-form W/L validity",
	  "SDM Vol. 2, 2.3; APM Vol. 4", vex_gap, 0 },
	{ REF_CAPSTONE, "capstone: MOV to/from a reserved Sreg or to CS",
	  "SDM Vol. 2, MOV-Move", cs_sreg, 0 },
	{ REF_CAPSTONE, "capstone: LOCK not checked",
	  "SDM Vol. 2, LOCK-Assert LOCK# Signal Prefix", cs_lock, 0 },
	{ REF_CAPSTONE, "capstone: UD0/UD1 without ModRM",
	  "SDM Vol. 2, UD-Undefined Instruction", cs_ud01, 0 },
	{ REF_CAPSTONE, "capstone: reserved CR/DR accepted",
	  "SDM Vol. 2, MOV-Move to/from Control/Debug Registers", cs_movcr, 0 },
	{ REF_CAPSTONE, "capstone alone against Zydis and libvmexit",
	  "SDM Vol. 2, the instruction's page", cs_alone, 0 },
};

#define NEXC (sizeof(exceptions) / sizeof(exceptions[0]))

/* ---- comparison ---- */

struct tally {
	unsigned long compared, disagreed, explained;
	unsigned printed;
};

static void ours(unsigned mode, const uint8_t *b, size_t n, struct vmexit_insn *in,
		 struct oracle_result *r)
{
	int rc = vmexit_decode(b, n, (enum vmexit_decode_mode)mode, in);

	r->length = 0;
	if (rc == VMEXIT_DONE) {
		r->cls = OR_VALID;
		r->length = in->length;
	} else if (rc == VMEXIT_RETRY) {
		r->cls = OR_TRUNCATED;
	} else {
		r->cls = OR_INVALID;
	}
}

static int same(const struct oracle_result *a, const struct oracle_result *b)
{
	return a->cls == b->cls && (a->cls != OR_VALID || a->length == b->length);
}

static const char *cls_name(const struct oracle_result *r)
{
	static char buf[4][16];
	static unsigned k;
	char *s = buf[k++ & 3];

	if (r->cls == OR_VALID)
		snprintf(s, 16, "len %u", r->length);
	else
		snprintf(s, 16, "%s", r->cls == OR_INVALID ? "invalid" : "truncated");
	return s;
}

static void report(struct tally *t, const struct sample *s, const char *refname)
{
	if (t->printed++ >= 30)
		return;
	printf("  %s mode %u:", refname, s->mode);
	for (size_t i = 0; i < s->n; i++)
		printf(" %02x", s->b[i]);
	printf("  ours %s (%s, why %u), %s %s\n", cls_name(&s->ours),
	       vmexit_mnemonic_name(s->in->mnemonic), s->in->invalid, refname,
	       cls_name(&s->ref));
}

static void judge(struct tally *t, struct sample *s, enum ref ref)
{
	t->compared++;
	if (same(&s->ours, &s->ref))
		return;
	t->disagreed++;
	for (unsigned i = 0; i < NEXC; i++) {
		if (exceptions[i].match && exceptions[i].ref == ref &&
		    exceptions[i].match(s)) {
			exceptions[i].hits++;
			t->explained++;
			return;
		}
	}
	report(t, s, ref == REF_ZYDIS ? "zydis" : "capstone");
}

struct run {
	unsigned mode;
	struct oracle *o;
	struct tally zy, cs;
	int capstone_truncation_blind; /* capstone says invalid for truncated */
};

static void compare_one(struct run *r, const uint8_t *b, size_t n,
			const uint8_t *full, size_t full_n, struct vmexit_insn *in)
{
	struct sample s = { .mode = r->mode, .b = b, .n = n, .in = in,
			    .full = full, .full_n = full_n, .o = r->o };

	ours(r->mode, b, n, in, &s.ours);
	oracle_zydis(r->o, b, n, &s.ref);
	judge(&r->zy, &s, REF_ZYDIS);
	oracle_capstone(r->o, b, n, &s.ref);
	/* capstone has no "truncated": compare it as invalid. */
	if (s.ours.cls == OR_TRUNCATED)
		s.ours.cls = OR_INVALID;
	judge(&r->cs, &s, REF_CAPSTONE);
}

static void print_tally(const char *what, const struct run *r)
{
	printf("%s, %u-bit: zydis compared %lu disagreed %lu (%lu reviewed "
	       "exceptions); capstone compared %lu disagreed %lu (%lu reviewed "
	       "exceptions)\n", what, r->mode, r->zy.compared, r->zy.disagreed,
	       r->zy.explained, r->cs.compared, r->cs.disagreed, r->cs.explained);
}

static void expect_clean(const struct run *r)
{
	assert_true(r->zy.compared > 0);
	assert_int_equal(r->zy.disagreed - r->zy.explained, 0);
	assert_int_equal(r->cs.disagreed - r->cs.explained, 0);
}

/* ---- random byte strings ---- */

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint64_t rng(void)
{
	uint64_t x = rng_state;
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return rng_state = x;
}

static void random_mode(unsigned mode)
{
	struct run r = { .mode = mode, .o = oracle_open(mode) };
	struct vmexit_insn in;
	uint8_t buf[16];

	assert_non_null(r.o);
	for (unsigned long i = 0; i < RANDOM_PER_MODE; i++) {
		uint64_t a = rng(), b = rng();
		size_t n = 1 + (size_t)(rng() % 15);
		memcpy(buf, &a, 8);
		memcpy(buf + 8, &b, 8);
		compare_one(&r, buf, n, buf, 15, &in);
	}
	print_tally("random", &r);
	oracle_close(r.o);
	expect_clean(&r);
}

static void test_random_64(void **state) { (void)state; random_mode(64); }
static void test_random_32(void **state) { (void)state; random_mode(32); }
static void test_random_16(void **state) { (void)state; random_mode(16); }

/* ---- real code, decoded linearly from function starts ---- */

struct real {
	struct run r;
	unsigned long mem_compared, mem_disagreed;
	unsigned mem_printed;
};

static void compare_mem(struct real *rl, const uint8_t *b, size_t n,
			const struct vmexit_insn *in)
{
	struct oracle_mem zm;
	int k = oracle_zydis_mem(rl->r.o, b, n, &zm);
	const struct vmexit_mem *m = &in->mem[0];

	/* Only explicit ModRM/moffs operands Zydis reports as accessed
	 * memory (k == 1); LEA-style address generation is k == 2. */
	if (k != 1 || in->nmem == 0 || (in->flags & VMEXIT_INSN_STRING))
		return;
	rl->mem_compared++;
	if (m->seg == zm.seg && m->base == zm.base && m->index == zm.index &&
	    m->scale == zm.scale && m->disp == zm.disp &&
	    (zm.width == 0 || m->width == 0 || m->width == zm.width))
		return;
	rl->mem_disagreed++;
	if (rl->mem_printed++ < 20) {
		printf("  mem mode %u:", in->mode);
		for (size_t i = 0; i < in->length; i++)
			printf(" %02x", b[i]);
		printf("  ours seg %u base %u index %u scale %u disp %lld width %u;"
		       " zydis seg %u base %u index %u scale %u disp %lld width %u\n",
		       m->seg, m->base, m->index, m->scale, (long long)m->disp,
		       m->width, zm.seg, zm.base, zm.index, zm.scale,
		       (long long)zm.disp, zm.width);
	}
}

static void real_function(const uint8_t *code, size_t size, void *arg)
{
	struct real *rl = arg;
	struct vmexit_insn in;
	size_t off = 0;

	while (off < size) {
		struct oracle_result z;
		size_t n = size - off < 15 ? size - off : 15;
		compare_one(&rl->r, code + off, n, code + off, n, &in);
		if (in.invalid == 0)
			compare_mem(rl, code + off, n, &in);
		/* Follow Zydis, the reference, so one disagreement does
		 * not derail the rest of the function. */
		oracle_zydis(rl->r.o, code + off, n, &z);
		if (z.cls != OR_VALID)
			break;
		off += z.length;
	}
}

static void real_files(unsigned mode, const char *const *files, unsigned long min)
{
	struct real rl = { .r = { .mode = mode, .o = oracle_open(mode) } };
	long fns = 0;

	assert_non_null(rl.r.o);
	for (unsigned i = 0; files[i]; i++) {
		long k = elf_each_function(files[i], real_function, &rl);
		if (k > 0)
			fns += k;
	}
	printf("real code, %u-bit: %ld functions\n", mode, fns);
	print_tally("real code", &rl.r);
	printf("real code, %u-bit: memory operands compared %lu disagreed %lu\n",
	       mode, rl.mem_compared, rl.mem_disagreed);
	oracle_close(rl.r.o);
	assert_true(rl.r.zy.compared >= min);
	expect_clean(&rl.r);
	assert_int_equal(rl.mem_disagreed, 0);
}

static void test_real_64(void **state)
{
	static const char *const files[] = {
		"/lib/x86_64-linux-gnu/libc.so.6",
		"/lib/x86_64-linux-gnu/libm.so.6",
		"/lib/x86_64-linux-gnu/libcrypto.so.3",
		"/lib/x86_64-linux-gnu/libZydis.so.4.0",
		"/lib/x86_64-linux-gnu/libcapstone.so.4",
		"/lib/x86_64-linux-gnu/libstdc++.so.6",
		NULL,
	};
	(void)state;
	real_files(64, files, 100000);
}

/* The library's own core built for 32-bit and 16-bit code segments by
 * mk/decode.mk: every object in build/decode32 and build/decode16. */
static void real_dir(unsigned mode, const char *dir, unsigned long min)
{
	static char paths[128][512];
	static const char *files[129];
	unsigned n = 0;
	struct dirent *e;
	DIR *d;

	d = opendir(dir);
	if (!d)
		printf("no 32-bit objects in %s (make check builds them)\n", dir);
	assert_non_null(d);
	while ((e = readdir(d)) != NULL && n < 128) {
		size_t k = strlen(e->d_name);
		if (k < 3 || strcmp(e->d_name + k - 2, ".o") != 0)
			continue;
		snprintf(paths[n], sizeof(paths[n]), "%s/%s", dir, e->d_name);
		files[n] = paths[n];
		n++;
	}
	closedir(d);
	files[n] = NULL;
	real_files(mode, files, min);
}

static void test_real_32(void **state)
{
	(void)state;
	real_dir(32, "build/decode32", 5000);
}

static void test_real_16(void **state)
{
	(void)state;
	real_dir(16, "build/decode16", 5000);
}

/* ---- 16-bit hand-written cases: lengths worked out from SDM Vol. 2,
 * Table 2-1 (16-bit ModRM) and the instruction pages. ---- */

struct hand {
	const char *hex;
	unsigned len; /* 0: invalid */
};

static const struct hand hand16[] = {
	{ "8b 46 fe", 3 },              /* mov ax,[bp-2]: mod 01 disp8 */
	{ "8b 86 34 12", 4 },           /* mov ax,[bp+0x1234]: disp16 */
	{ "8b 06 34 12", 4 },           /* mov ax,[0x1234]: mod 00 rm 110 */
	{ "8b 00", 2 },                 /* mov ax,[bx+si] */
	{ "66 8b 00", 3 },              /* mov eax,[bx+si] */
	{ "67 8b 04 24", 4 },           /* mov ax,[esp]: 32-bit SIB */
	{ "67 8b 05 78 56 34 12", 7 },  /* mov ax,[disp32] */
	{ "b8 34 12", 3 },              /* mov ax,imm16 */
	{ "66 b8 78 56 34 12", 6 },     /* mov eax,imm32 */
	{ "e8 00 00", 3 },              /* call rel16 */
	{ "66 e8 00 00 00 00", 6 },     /* call rel32 */
	{ "ea 00 7c 00 00", 5 },        /* jmp far ptr16:16 */
	{ "66 ea 00 00 01 00 08 00", 8 }, /* jmp far ptr16:32 */
	{ "a1 00 10", 3 },              /* mov ax,[moffs16] */
	{ "67 a1 00 10 00 00", 6 },     /* mov ax,[moffs32] */
	{ "cd 10", 2 },                 /* int 0x10 */
	{ "c8 10 00 01", 4 },           /* enter 16,1 */
	{ "f3 a4", 2 },                 /* rep movsb */
	{ "26 8a 07", 3 },              /* mov al,es:[bx] */
	{ "0f 01 16 00 10", 5 },        /* lgdt [0x1000] */
	{ "0f 20 c0", 3 },              /* mov eax,cr0 */
	{ "0f 22 c8", 0 },              /* mov cr1,eax: #UD */
	{ "8e c8", 0 },                 /* mov cs,ax: #UD */
	{ "f0 01 c0", 0 },              /* lock add ax,ax: #UD */
	{ "f0 01 00", 3 },              /* lock add [bx+si],ax */
	{ "c4 c0 78 00", 0 },           /* les with a register is VEX; its
					   map 0 is #UD */
	{ "c4 06 00 10", 4 },           /* les ax,[0x1000] */
	{ "0f 0b", 2 },                 /* ud2 */
	{ "d9 3e 00 10", 4 },           /* fnstcw [0x1000] */
	{ "8c d8", 2 },                 /* mov ax,ds */
	{ "9a 00 00 00 f0", 5 },        /* call far */
	{ "e4 60", 2 },                 /* in al,0x60 */
	{ "ef", 1 },                    /* out dx,ax */
	{ "6c", 1 },                    /* insb */
};

static size_t parse_hex(const char *s, uint8_t *out)
{
	size_t n = 0;

	while (*s && n < 16) {
		char *end;
		unsigned long v = strtoul(s, &end, 16);
		if (end == s)
			break;
		out[n++] = (uint8_t)v;
		s = end;
	}
	return n;
}

static void test_hand_16(void **state)
{
	struct run r = { .mode = 16, .o = oracle_open(16) };
	struct vmexit_insn in;
	(void)state;

	assert_non_null(r.o);
	for (size_t i = 0; i < sizeof(hand16) / sizeof(hand16[0]); i++) {
		uint8_t b[16];
		size_t n = parse_hex(hand16[i].hex, b);
		int rc = vmexit_decode(b, n, VMEXIT_DECODE_16, &in);
		if (hand16[i].len) {
			if (rc != VMEXIT_DONE || in.length != hand16[i].len)
				printf("  hand16 %s: rc %d len %u\n", hand16[i].hex, rc, in.length);
			assert_int_equal(rc, VMEXIT_DONE);
			assert_int_equal(in.length, hand16[i].len);
		} else {
			if (rc != VMEXIT_EXCEPTION)
				printf("  hand16 %s: rc %d\n", hand16[i].hex, rc);
			assert_int_equal(rc, VMEXIT_EXCEPTION);
		}
		compare_one(&r, b, n, b, n, &in);
	}
	print_tally("hand-written", &r);
	oracle_close(r.o);
	expect_clean(&r);
}

static void test_exceptions_summary(void **state)
{
	(void)state;
	for (unsigned i = 0; i < NEXC; i++)
		printf("exception: %-50s %8lu  (%s)\n", exceptions[i].what,
		       exceptions[i].hits, exceptions[i].manual);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hand_16),
		cmocka_unit_test(test_real_64),
		cmocka_unit_test(test_real_32),
		cmocka_unit_test(test_real_16),
		cmocka_unit_test(test_random_64),
		cmocka_unit_test(test_random_32),
		cmocka_unit_test(test_random_16),
		cmocka_unit_test(test_exceptions_summary),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
