/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * make bench: the decoder against Zydis (full decode, operands included)
 * and capstone (with detail), on real code (the functions of libc, decoded
 * linearly) and on a list of typical MMIO instructions.  Prints the median
 * time per instruction of repeated runs; with --callgrind WHAT it decodes
 * the corpus once inside bench_decode_* so that callgrind can count the
 * instructions executed (mk/decode.mk divides by the "count" printed).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <Zydis/Zydis.h>
#include <capstone/capstone.h>
#include <vmexit/decode.h>

#include "lib/decode_oracle.h"

#define MAX_REAL 200000
#define CALLGRIND_REAL 20000
#define RUNS 9

struct corpus {
	const uint8_t **at;
	uint8_t *len;
	size_t n, max;
};

static struct corpus real, mmio;
static ZydisDecoder zydis;
static csh capstone;

/* The ELF file is unmapped after the walk: keep a copy of each
 * instruction's bytes (up to 15, what the decoders are given). */
static uint8_t *arena;

static void add(struct corpus *c, const uint8_t *b, size_t len)
{
	if (c->n < c->max) {
		if (c == &real) {
			memcpy(arena + 15 * c->n, b, len);
			b = arena + 15 * c->n;
		}
		c->at[c->n] = b;
		c->len[c->n] = (uint8_t)len;
		c->n++;
	}
}

static void real_fn(const uint8_t *code, size_t size, void *arg)
{
	ZydisDecodedInstruction in;
	size_t off = 0;
	(void)arg;

	while (off < size && real.n < real.max) {
		size_t n = size - off < 15 ? size - off : 15;
		if (!ZYAN_SUCCESS(ZydisDecoderDecodeInstruction(&zydis, NULL, code + off, n, &in)))
			break;
		add(&real, code + off, n);
		off += in.length;
	}
}

static const char *const mmio_hex[] = {
	"89 43 10",             /* mov %eax,0x10(%rbx) */
	"8b 4f 20",             /* mov 0x20(%rdi),%ecx */
	"0f b6 06",             /* movzbl (%rsi),%eax */
	"f3 ab",                /* rep stos %eax,(%rdi) */
	"0f c3 07",             /* movnti %eax,(%rdi) */
	"c5 fe 6f 07",          /* vmovdqu (%rdi),%ymm0 */
	"f0 0f b1 0b",          /* lock cmpxchg %ecx,(%rbx) */
	"48 89 02",             /* mov %rax,(%rdx) */
	"66 89 50 04",          /* mov %dx,0x4(%rax) */
	"c7 80 00 03 00 00 01 00 00 00", /* movl $1,0x300(%rax) */
	"f3 0f 6f 06",          /* movdqu (%rsi),%xmm0 */
	"88 07",                /* mov %al,(%rdi) */
};
static uint8_t mmio_bytes[sizeof(mmio_hex) / sizeof(mmio_hex[0])][16];

static void load(void)
{
	static const char *const libs[] = {
		"/lib/x86_64-linux-gnu/libc.so.6", "/lib/x86_64-linux-gnu/libm.so.6",
	};
	real.max = MAX_REAL;
	real.at = calloc(real.max, sizeof(*real.at));
	real.len = calloc(real.max, 1);
	arena = calloc(real.max, 15);
	for (size_t i = 0; i < 2 && real.n < real.max; i++)
		elf_each_function(libs[i], real_fn, NULL);
	mmio.max = 64;
	mmio.at = calloc(mmio.max, sizeof(*mmio.at));
	mmio.len = calloc(mmio.max, 1);
	for (size_t i = 0; i < sizeof(mmio_hex) / sizeof(mmio_hex[0]); i++) {
		size_t n = 0;
		const char *h = mmio_hex[i];
		char *end;
		for (;;) {
			unsigned long v = strtoul(h, &end, 16);
			if (end == h)
				break;
			mmio_bytes[i][n++] = (uint8_t)v;
			h = end;
		}
		add(&mmio, mmio_bytes[i], n);
	}
}

static volatile unsigned sink;

__attribute__((noinline)) static void bench_decode_vmexit(const struct corpus *c, size_t n)
{
	struct vmexit_insn in;
	for (size_t i = 0; i < n; i++) {
		vmexit_decode(c->at[i], c->len[i], VMEXIT_DECODE_64, &in);
		sink += in.length;
	}
}

__attribute__((noinline)) static void bench_decode_zydis(const struct corpus *c, size_t n)
{
	ZydisDecodedInstruction in;
	ZydisDecodedOperand ops[ZYDIS_MAX_OPERAND_COUNT];
	for (size_t i = 0; i < n; i++) {
		ZydisDecoderDecodeFull(&zydis, c->at[i], c->len[i], &in, ops);
		sink += in.length;
	}
}

__attribute__((noinline)) static void bench_decode_capstone(const struct corpus *c, size_t n)
{
	cs_insn *in = cs_malloc(capstone);
	for (size_t i = 0; i < n; i++) {
		const uint8_t *code = c->at[i];
		size_t size = c->len[i];
		uint64_t addr = 0;
		cs_disasm_iter(capstone, &code, &size, &addr, in);
		sink += in->size;
	}
	cs_free(in, 1);
}

typedef void (*bench_fn)(const struct corpus *, size_t);

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* Median nanoseconds per instruction of RUNS runs. */
static double time_ns(bench_fn fn, const struct corpus *c)
{
	double t[RUNS];
	size_t reps = c->n < 1000 ? 200000 / c->n : 1;

	for (int r = 0; r < RUNS; r++) {
		double t0 = now();
		for (size_t k = 0; k < reps; k++)
			fn(c, c->n);
		t[r] = (now() - t0) * 1e9 / (double)(c->n * reps);
	}
	qsort(t, RUNS, sizeof(t[0]), cmp);
	return t[RUNS / 2];
}

int main(int argc, char **argv)
{
	static const struct { const char *name; bench_fn fn; } dec[3] = {
		{ "libvmexit", bench_decode_vmexit },
		{ "zydis", bench_decode_zydis },
		{ "capstone", bench_decode_capstone },
	};
	double ns[3][2];

	ZydisDecoderInit(&zydis, ZYDIS_MACHINE_MODE_LONG_64, ZYDIS_STACK_WIDTH_64);
	if (cs_open(CS_ARCH_X86, CS_MODE_64, &capstone) != CS_ERR_OK)
		return 1;
	cs_option(capstone, CS_OPT_DETAIL, CS_OPT_ON);
	load();
	if (real.n == 0)
		return 1;
	if (argc == 3 && strcmp(argv[1], "--callgrind") == 0) {
		const char *w = argv[2];
		int real_corpus = strstr(w, "-real") != NULL;
		const struct corpus *c = real_corpus ? &real : &mmio;
		size_t n = real_corpus ? (c->n < CALLGRIND_REAL ? c->n : CALLGRIND_REAL) : c->n;
		for (int i = 0; i < 3; i++)
			if (strncmp(w, dec[i].name, strlen(dec[i].name)) == 0 ||
			    (i == 0 && strncmp(w, "vmexit", 6) == 0))
				dec[i].fn(c, n);
		printf("count %zu\n", n);
		return 0;
	}
	printf("decode benchmark: %zu real instructions (libc, libm), %zu MMIO instructions\n",
	       real.n, mmio.n);
	for (int i = 0; i < 3; i++) {
		ns[i][0] = time_ns(dec[i].fn, &real);
		ns[i][1] = time_ns(dec[i].fn, &mmio);
	}
	printf("%-10s %12s %12s %14s %14s\n", "decoder", "real ns/insn", "mmio ns/insn",
	       "real vs vmexit", "mmio vs vmexit");
	for (int i = 0; i < 3; i++)
		printf("%-10s %12.1f %12.1f %13.2fx %13.2fx\n", dec[i].name, ns[i][0], ns[i][1],
		       ns[i][0] / ns[0][0], ns[i][1] / ns[0][1]);
	cs_close(&capstone);
	return 0;
}
