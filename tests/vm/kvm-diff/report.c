/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test-kvm-diff: comparing the native and the library run of a case and
 * reporting the differences, one line each, those in reviewed[] counted
 * apart; the counters of cases run and differing.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kvm-diff.h"

static const char *cur_name;
static const char *cur_mode;
bool cur_fault; /* a run of part 1b */
static unsigned cur_rep, cur_diffs, cur_reviewed;
unsigned n_insn, n_task, n_differ, n_reviewed;

/* Per rule of reviewed[]: the runs it explained (runs with no other
 * difference), and the first case it explained, for the summary. */
#define MAX_RULES 128
static bool cur_rule[MAX_RULES];
static unsigned rule_runs[MAX_RULES];
static const char *rule_first[MAX_RULES];

static bool name_matches(const char *pattern, const char *name)
{
	size_t n = strlen(pattern);

	return n && pattern[n - 1] == '*' ? !strncmp(pattern, name, n - 1)
					  : !strcmp(pattern, name);
}

static bool mode_matches(const char *mode)
{
	size_t n = strlen(FAULTS);

	if (!mode)
		return true;
	if (!strncmp(mode, FAULTS, n))
		return cur_fault && strstr(cur_mode, mode + n);
	return !strncmp(mode, cur_mode, strlen(mode));
}

static const struct reviewed *find_reviewed(const char *field,
					    uint64_t bits)
{
	for (const struct reviewed *r = reviewed; r->name; r++)
		if (name_matches(r->name, cur_name) && mode_matches(r->mode) &&
		    !strncmp(r->field, field, strlen(r->field)) &&
		    !(bits & ~r->bits))
			return r;
	return NULL;
}

/* One difference; bits are the ones that differ (~0 when not a value). */
void report(const char *field, uint64_t bits, const char *fmt, ...)
{
	const struct reviewed *r = find_reviewed(field, bits);
	va_list ap;

	printf("test-kvm-diff: %s %s [%s] #%u: %s: ",
	       r ? "REVIEWED" : "DIFF", cur_name, cur_mode, cur_rep, field);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	if (r)
		printf(" (%s)", r->why);
	printf("\n");
	if (r) {
		cur_reviewed++;
		if (r - reviewed < MAX_RULES)
			cur_rule[r - reviewed] = true;
	} else {
		cur_diffs++;
	}
}

void cmp64(const char *field, uint64_t nat, uint64_t lib, uint64_t mask)
{
	if ((nat ^ lib) & mask)
		report(field, (nat ^ lib) & mask,
		       "native 0x%" PRIx64 " library 0x%" PRIx64, nat, lib);
}

static const char *const gpr_name[16] = {
	"rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
	"r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15",
};
static const char *const seg_name[VMEXIT_NR_SEGS] = {
	"es", "cs", "ss", "ds", "fs", "gs", "ldtr", "tr",
};

/* gpr_mask: bits compared in RAX-RDI; flags: bits compared in RFLAGS. */
void cmp_regs(const struct state *n, const struct state *l,
	      uint64_t gpr_mask, uint64_t flags)
{
	for (unsigned i = 0; i < 16; i++)
		cmp64(gpr_name[i], n->regs.gpr[i], l->regs.gpr[i],
		      i < 8 ? gpr_mask : ~0ull);
	cmp64("rip", n->regs.rip, l->regs.rip, ~0ull);
	cmp64("rflags", n->regs.rflags, l->regs.rflags, flags);
}

/* A segment register holding a null selector is unusable, and then only
 * its selector means something (SDM Vol. 3, "Segment Loading
 * Instructions in IA-32e Mode" and, for VMX, "Guest Register State":
 * the other fields of an unusable segment are undefined). */
static void cmp_seg(unsigned i, const struct vmexit_segment *n,
		    const struct vmexit_segment *l)
{
	char f[32];
	bool nu = n->ar & VMEXIT_AR_UNUSABLE, lu = l->ar & VMEXIT_AR_UNUSABLE;

	snprintf(f, sizeof(f), "%s.selector", seg_name[i]);
	cmp64(f, n->selector, l->selector, ~0ull);
	if (nu && lu)
		return;
	snprintf(f, sizeof(f), "%s.base", seg_name[i]);
	cmp64(f, n->base, l->base, ~0ull);
	snprintf(f, sizeof(f), "%s.limit", seg_name[i]);
	cmp64(f, n->limit, l->limit, ~0ull);
	snprintf(f, sizeof(f), "%s.ar", seg_name[i]);
	cmp64(f, n->ar, l->ar, ~0ull);
}

void cmp_sregs(const struct state *n, const struct state *l)
{
	const struct vmexit_sregs *a = &n->sregs, *b = &l->sregs;

	for (unsigned i = 0; i < VMEXIT_NR_SEGS; i++)
		cmp_seg(i, &a->seg[i], &b->seg[i]);
	cmp64("gdtr.base", a->gdtr.base, b->gdtr.base, ~0ull);
	cmp64("gdtr.limit", a->gdtr.limit, b->gdtr.limit, ~0ull);
	cmp64("idtr.base", a->idtr.base, b->idtr.base, ~0ull);
	cmp64("idtr.limit", a->idtr.limit, b->idtr.limit, ~0ull);
	cmp64("cr0", a->cr0, b->cr0, ~0ull);
	cmp64("cr2", a->cr2, b->cr2, ~0ull);
	cmp64("cr3", a->cr3, b->cr3, ~0ull);
	cmp64("cr4", a->cr4, b->cr4, ~0ull);
	cmp64("efer", a->efer, b->efer, ~0ull);
}

void cmp_dregs(const struct state *n, const struct state *l)
{
	static const char *const name[4] = { "dr0", "dr1", "dr2", "dr3" };

	for (unsigned i = 0; i < 4; i++)
		cmp64(name[i], n->dregs.dr[i], l->dregs.dr[i], ~0ull);
	cmp64("dr7", n->dregs.dr7, l->dregs.dr7, ~0ull);
}

void cmp_vregs(const struct state *n, const struct state *l, unsigned bytes)
{
	char f[32];

	for (unsigned i = 0; i < 16; i++)
		for (unsigned q = 0; q < bytes / 8; q++) {
			uint64_t a, b;
			memcpy(&a, n->ymm[i] + 8 * q, 8);
			memcpy(&b, l->ymm[i] + 8 * q, 8);
			snprintf(f, sizeof(f), "ymm%u[%u:%u]", i, 64 * q + 63,
				 64 * q);
			cmp64(f, a, b, ~0ull);
		}
	cmp64("mxcsr", n->mxcsr, l->mxcsr, ~0ull);
	cmp64("xcr0", n->xcr0, l->xcr0, ~0ull);
	/* x87/MMX: the 80 bits of each ST slot, the status and tag words */
	for (unsigned i = 0; i < 8; i++) {
		uint64_t a, b;
		memcpy(&a, n->st[i], 8);
		memcpy(&b, l->st[i], 8);
		snprintf(f, sizeof(f), "st%u[63:0]", i);
		cmp64(f, a, b, ~0ull);
		a = (uint64_t)n->st[i][8] | (uint64_t)n->st[i][9] << 8;
		b = (uint64_t)l->st[i][8] | (uint64_t)l->st[i][9] << 8;
		snprintf(f, sizeof(f), "st%u[79:64]", i);
		cmp64(f, a, b, ~0ull);
	}
	cmp64("fsw", n->fsw, l->fsw, ~0ull);
	cmp64("ftw", n->ftw, l->ftw, ~0ull);
}

/* Memory, by 8-byte words; at most 8 lines, then a count. */
void cmp_mem(uint32_t lo, uint32_t hi)
{
	unsigned words = 0;
	char f[32];

	for (uint32_t a = lo; a < hi; a += 8) {
		uint64_t x, y;
		if (!memcmp(mem_nat + a, mem_lib + a, 8))
			continue;
		if (++words > 8)
			continue;
		memcpy(&x, mem_nat + a, 8);
		memcpy(&y, mem_lib + a, 8);
		snprintf(f, sizeof(f), "mem[0x%x]", a);
		cmp64(f, x, y, ~0ull);
	}
	if (words > 8)
		report("mem", ~0ull, "%u more 8-byte words differ", words - 8);
}

void case_begin(const char *name, const char *mode, unsigned rep)
{
	cur_name = name;
	cur_mode = mode;
	cur_rep = rep;
	cur_diffs = cur_reviewed = 0;
	memset(cur_rule, 0, sizeof(cur_rule));
}

void case_end(unsigned *counter)
{
	(*counter)++;
	if (cur_diffs) {
		n_differ++;
	} else if (cur_reviewed) {
		n_reviewed++;
		for (unsigned i = 0; i < MAX_RULES; i++)
			if (cur_rule[i] && !rule_runs[i]++)
				rule_first[i] = cur_name;
	}
}

void print_reviewed_rules(void)
{
	for (unsigned i = 0; i < MAX_RULES && reviewed[i].name; i++)
		if (rule_runs[i])
			printf("test-kvm-diff: reviewed rule %u (%s / %s): %u "
			       "runs, first %s\n", i, reviewed[i].name,
			       reviewed[i].field, rule_runs[i], rule_first[i]);
}

unsigned parse_hex(const char *s, uint8_t *out, unsigned max)
{
	unsigned n = 0;

	while (*s && n < max) {
		char *end;
		if (*s == ' ') {
			s++;
			continue;
		}
		out[n++] = (uint8_t)strtoul(s, &end, 16);
		s = end;
	}
	return n;
}
