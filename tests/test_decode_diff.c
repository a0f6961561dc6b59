/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Differential test of the decoder against Zydis and capstone: length and
 * validity of real code (the machine's libraries in 64-bit mode, the
 * project's own code built for 32-bit), hand-written 16-bit cases, and
 * random byte strings in every mode; memory operands of real code against
 * Zydis.  Every accepted disagreement is in exceptions[] below, with the
 * reason and the manual section; anything else fails the test.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <vmexit/decode.h>

#include "lib/decode_oracle.h"

#define RANDOM_PER_MODE 1000000

enum ref { REF_ZYDIS, REF_CAPSTONE };

struct sample {
	unsigned mode;
	const uint8_t *b;
	size_t n;
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

static struct exception exceptions[] = {
	{ 0, NULL, NULL, NULL, 0 },
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
			struct vmexit_insn *in)
{
	struct sample s = { .mode = r->mode, .b = b, .n = n, .in = in };

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
		compare_one(&r, buf, n, &in);
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
		compare_one(&rl->r, code + off, n, &in);
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

/* 32-bit objects of the library built by mk/decode.mk (DECODE32_DIR). */
static void test_real_32(void **state)
{
	static char paths[64][512];
	static const char *files[65];
	const char *dir = getenv("DECODE32_DIR");
	const char *list = getenv("DECODE32_OBJS");
	unsigned n = 0;
	(void)state;

	if (!dir)
		dir = "build/decode32";
	if (!list)
		list = "decode decode_operands decode_tables paging linear memory exception";
	while (*list && n < 64) {
		size_t k = strcspn(list, " ");
		snprintf(paths[n], sizeof(paths[n]), "%s/%.*s.o", dir, (int)k, list);
		files[n] = paths[n];
		n++;
		list += k;
		list += strspn(list, " ");
	}
	files[n] = NULL;
	real_files(32, files, 1000);
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
	{ "c4 c0", 0 },                 /* les with a register: VEX, whose
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
		compare_one(&r, b, n, &in);
	}
	print_tally("hand-written", &r);
	oracle_close(r.o);
	expect_clean(&r);
}

static void test_exceptions_summary(void **state)
{
	(void)state;
	for (unsigned i = 0; i < NEXC; i++)
		if (exceptions[i].what)
			printf("exception %-60.60s %lu\n", exceptions[i].what,
			       exceptions[i].hits);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hand_16),
		cmocka_unit_test(test_real_64),
		cmocka_unit_test(test_real_32),
		cmocka_unit_test(test_random_64),
		cmocka_unit_test(test_random_32),
		cmocka_unit_test(test_random_16),
		cmocka_unit_test(test_exceptions_summary),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
