/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * vmexit-decode: decode x86 instruction bytes the way libvmexit does.
 *
 *   vmexit-decode [--mode 16|32|64] [--json] HEXBYTES...
 *
 * The bytes may be pasted as they appear in kernel logs and dumps:
 * "0f 11 07", "0f1107", "0x0f,0x11,0x07", "<0f> 11 07".  Every
 * instruction in the bytes is decoded in turn; for each it prints the
 * length, mnemonic, operands, memory operands and whether libvmexit can
 * emulate it.  Exit status: 0, 1 if an instruction is invalid, 2 for a bad
 * argument.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <vmexit/decode.h>
#include <vmexit/emulate.h>

static const char *const gpr64[16] = {
	"rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
	"r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15",
};
static const char *const seg_names[8] = { "es", "cs", "ss", "ds", "fs", "gs", "?", "?" };
static const char *const invalid_names[] = {
	"ok", "undefined opcode", "LOCK not allowed", "invalid in this mode",
	"prefix not allowed", "no such register", "longer than 15 bytes",
	"truncated",
};

static void usage(void)
{
	fprintf(stderr, "usage: vmexit-decode [--mode 16|32|64] [--json] HEXBYTES...\n"
			"  bytes as pasted: \"0f 11 07\", \"0f1107\", \"0x0f,0x11,0x07\", or a\n"
			"  kernel's \"Code: ... <0f> 11 07\" line (decoded from the <> marker)\n");
}

/* Append the hex digits of one argument; 0 on success.  A kernel oops
 * line ("Code: 48 89 e5 <0f> 0b ...") may come whole: the "Code:" word is
 * skipped, and the first '<' marks where the faulting instruction starts
 * (*marker, if not yet set). */
static int parse_bytes(const char *s, uint8_t *buf, size_t *n, size_t max,
		       size_t *marker)
{
	int half = -1;

	while (*s == ' ' || *s == '\t')
		s++;
	if (strncmp(s, "Code:", 5) == 0)
		s += 5;
	while (*s) {
		if (*s == '<' && *marker == SIZE_MAX)
			*marker = *n;
		if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
			if (half >= 0)
				return -1;
			s += 2;
			continue;
		}
		if (isxdigit((unsigned char)*s)) {
			int v = isdigit((unsigned char)*s) ? *s - '0' :
				tolower((unsigned char)*s) - 'a' + 10;
			if (half < 0) {
				half = v;
			} else {
				if (*n >= max)
					return -1;
				buf[(*n)++] = (uint8_t)(half << 4 | v);
				half = -1;
			}
		} else if (strchr(" ,;:<>\t\n", *s)) {
			if (half >= 0)
				return -1; /* an odd number of digits in a group */
		} else {
			return -1;
		}
		s++;
	}
	return half >= 0 ? -1 : 0;
}

static void reg_name(const struct vmexit_operand *o, char *buf, size_t size)
{
	static const char *const b8[16] = {
		"al", "cl", "dl", "bl", "spl", "bpl", "sil", "dil",
		"r8b", "r9b", "r10b", "r11b", "r12b", "r13b", "r14b", "r15b",
	};
	static const char *const w16[8] = { "ax", "cx", "dx", "bx", "sp", "bp", "si", "di" };
	static const char *const h8[4] = { "ah", "ch", "dh", "bh" };
	unsigned r = o->reg;

	switch (o->rclass) {
	case VMEXIT_RC_GPR:
		if (r >= 16)
			snprintf(buf, size, "r?");
		else if (o->size == 1)
			snprintf(buf, size, "%s", b8[r]);
		else if (o->size == 2 && r < 8)
			snprintf(buf, size, "%s", w16[r]);
		else if (o->size == 2)
			snprintf(buf, size, "r%uw", r);
		else if (o->size == 4 && r < 8)
			snprintf(buf, size, "e%s", w16[r]);
		else if (o->size == 4)
			snprintf(buf, size, "r%ud", r);
		else
			snprintf(buf, size, "%s", gpr64[r]);
		return;
	case VMEXIT_RC_GPR8H: snprintf(buf, size, "%s", h8[r & 3]); return;
	case VMEXIT_RC_SEG: snprintf(buf, size, "%s", seg_names[r & 7]); return;
	case VMEXIT_RC_CR: snprintf(buf, size, "cr%u", r); return;
	case VMEXIT_RC_DR: snprintf(buf, size, "dr%u", r); return;
	case VMEXIT_RC_X87: snprintf(buf, size, "st(%u)", r); return;
	case VMEXIT_RC_MMX: snprintf(buf, size, "mm%u", r); return;
	case VMEXIT_RC_XMM:
		snprintf(buf, size, "%cmm%u", o->size == 64 ? 'z' : o->size == 32 ? 'y' : 'x', r);
		return;
	case VMEXIT_RC_MASK: snprintf(buf, size, "k%u", r); return;
	case VMEXIT_RC_TMM: snprintf(buf, size, "tmm%u", r); return;
	default: snprintf(buf, size, "bnd%u", r); return;
	}
}

static const char *mem_base(uint8_t r, unsigned asize, char *buf, size_t size)
{
	if (r == VMEXIT_DECODE_RIP)
		return asize == 4 ? "eip" : "rip";
	if (r >= 16)
		return NULL;
	struct vmexit_operand o = { .rclass = VMEXIT_RC_GPR, .reg = r, .size = (uint8_t)asize };
	reg_name(&o, buf, size);
	return buf;
}

static void mem_text(const struct vmexit_insn *in, const struct vmexit_mem *m,
		     char *buf, size_t size)
{
	char b[16], x[16];
	const char *base = mem_base(m->base, m->asize, b, sizeof(b));
	const char *index = (m->flags & VMEXIT_MEM_INDEX_AL) ? "al" :
			    (m->flags & VMEXIT_MEM_VSIB) ? NULL :
			    mem_base(m->index, m->asize, x, sizeof(x));
	size_t n = 0;

	(void)in;
	n += (size_t)snprintf(buf + n, size - n, "%s:[", seg_names[m->seg & 7]);
	if (base)
		n += (size_t)snprintf(buf + n, size - n, "%s", base);
	if (m->flags & VMEXIT_MEM_VSIB)
		n += (size_t)snprintf(buf + n, size - n, "%svmm%u*%u", base ? "+" : "",
				      m->index, m->scale);
	else if (index)
		n += (size_t)snprintf(buf + n, size - n, "%s%s*%u", base ? "+" : "",
				      index, m->scale);
	if (m->disp || (!base && !index && !(m->flags & VMEXIT_MEM_VSIB))) {
		if (base || index)
			n += (size_t)snprintf(buf + n, size - n, "%s0x%llx",
					      m->disp < 0 ? "-" : "+",
					      m->disp < 0 ? -(unsigned long long)m->disp :
							    (unsigned long long)m->disp);
		else
			n += (size_t)snprintf(buf + n, size - n, "0x%llx",
					      (unsigned long long)m->disp);
	}
	snprintf(buf + n, size - n, "]");
}

static void operand_text(const struct vmexit_insn *in, const struct vmexit_operand *o,
			 char *buf, size_t size)
{
	uint64_t v = in->imm;
	unsigned first_imm = 1;

	/* The second immediate operand is imm2. */
	for (const struct vmexit_operand *p = in->op; p < o; p++)
		if (p->kind == VMEXIT_OP_IMM || p->kind == VMEXIT_OP_REL || p->kind == VMEXIT_OP_FAR)
			first_imm = 0;
	if (!first_imm)
		v = in->imm2;
	switch (o->kind) {
	case VMEXIT_OP_REG:
		reg_name(o, buf, size);
		return;
	case VMEXIT_OP_MEM: {
		char m[96];
		mem_text(in, &in->mem[o->mem], m, sizeof(m));
		snprintf(buf, size, "%s", m);
		return;
	}
	case VMEXIT_OP_REL:
		snprintf(buf, size, "$%+lld", (long long)(int64_t)v + in->length);
		return;
	case VMEXIT_OP_FAR:
		snprintf(buf, size, "0x%llx:0x%llx", (unsigned long long)in->imm2,
			 (unsigned long long)in->imm);
		return;
	default:
		snprintf(buf, size, "0x%llx", (unsigned long long)v);
		return;
	}
}

static const char *access_name(unsigned a)
{
	return a == VMEXIT_ACC_RW ? "read-write" : a == VMEXIT_ACC_W ? "write" :
	       a == VMEXIT_ACC_R ? "read" : "none";
}

static void print_text(const struct vmexit_insn *in, int rc, const uint8_t *b)
{
	char name[32], op[128];

	for (unsigned i = 0; i < in->length; i++)
		printf("%02x ", b[i]);
	if (rc != VMEXIT_DONE) {
		printf(" invalid: %s (%s)\n", invalid_names[in->invalid < 8 ? in->invalid : 1],
		       rc == VMEXIT_RETRY ? "need more bytes" :
		       vmexit_decode_vector(in) == 13 ? "#GP(0)" : "#UD");
		return;
	}
	printf("%*s%s", (int)(3 * (15 - in->length)) > 0 ? 3 * (15 - in->length) : 0, "",
	       vmexit_insn_name(in, name, sizeof(name)));
	for (unsigned i = 0; i < in->noperands; i++) {
		operand_text(in, &in->op[i], op, sizeof(op));
		printf("%s %s", i ? "," : "", op);
	}
	printf("\n    length %u, operand size %u, address size %u%s%s%s%s%s%s\n",
	       in->length, in->osize, in->asize,
	       (in->flags & VMEXIT_INSN_LOCK) ? ", lock" : "",
	       (in->flags & VMEXIT_INSN_REP) ? ", rep" : "",
	       (in->flags & VMEXIT_INSN_REPNE) ? ", repne" : "",
	       (in->flags & VMEXIT_INSN_STRING) ? ", string" : "",
	       (in->flags & VMEXIT_INSN_IO) ? ", port I/O" : "",
	       (in->flags & VMEXIT_INSN_RIPREL) ? ", rip-relative" : "");
	for (unsigned i = 0; i < in->nmem; i++) {
		mem_text(in, &in->mem[i], op, sizeof(op));
		printf("    memory: %s, %u bytes, %s\n", op, in->mem[i].width,
		       access_name(in->mem[i].access));
	}
	printf("    emulated by libvmexit: %s\n", vmexit_can_emulate(in) ? "yes" : "no");
}

static void print_json(const struct vmexit_insn *in, int rc, const uint8_t *b)
{
	char name[32], op[128];

	printf("{\"bytes\":\"");
	for (unsigned i = 0; i < in->length; i++)
		printf("%02x", b[i]);
	printf("\",\"length\":%u,\"valid\":%s", in->length, rc == VMEXIT_DONE ? "true" : "false");
	if (rc != VMEXIT_DONE) {
		printf(",\"error\":\"%s\",\"mnemonic\":null,\"emulated\":false}\n",
		       invalid_names[in->invalid < 8 ? in->invalid : 1]);
		return;
	}
	printf(",\"mnemonic\":\"%s\",\"operand_size\":%u,\"address_size\":%u,\"operands\":[",
	       vmexit_insn_name(in, name, sizeof(name)), in->osize, in->asize);
	for (unsigned i = 0; i < in->noperands; i++) {
		operand_text(in, &in->op[i], op, sizeof(op));
		printf("%s\"%s\"", i ? "," : "", op);
	}
	printf("],\"memory\":[");
	for (unsigned i = 0; i < in->nmem; i++) {
		const struct vmexit_mem *m = &in->mem[i];
		char bb[16], xb[16];
		const char *base = mem_base(m->base, m->asize, bb, sizeof(bb));
		const char *index = (m->flags & VMEXIT_MEM_VSIB) ? NULL :
				    mem_base(m->index, m->asize, xb, sizeof(xb));
		printf("%s{\"segment\":\"%s\",\"base\":%s%s%s,\"index\":%s%s%s,\"scale\":%u,"
		       "\"displacement\":%lld,\"width\":%u,\"access\":\"%s\"}",
		       i ? "," : "", seg_names[m->seg & 7],
		       base ? "\"" : "", base ? base : "null", base ? "\"" : "",
		       index ? "\"" : "", index ? index : "null", index ? "\"" : "",
		       m->scale, (long long)m->disp, m->width, access_name(m->access));
	}
	printf("],\"lock\":%s,\"rep\":%s,\"string\":%s,\"io\":%s,\"emulated\":%s}\n",
	       (in->flags & VMEXIT_INSN_LOCK) ? "true" : "false",
	       (in->flags & (VMEXIT_INSN_REP | VMEXIT_INSN_REPNE)) ? "true" : "false",
	       (in->flags & VMEXIT_INSN_STRING) ? "true" : "false",
	       (in->flags & VMEXIT_INSN_IO) ? "true" : "false",
	       vmexit_can_emulate(in) ? "true" : "false");
}

int main(int argc, char **argv)
{
	static uint8_t buf[4096];
	size_t n = 0, marker = SIZE_MAX;
	int mode = 64, json = 0, bad = 0;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--mode") == 0 || strncmp(argv[i], "--mode=", 7) == 0) {
			const char *v = argv[i][6] == '=' ? argv[i] + 7 :
					i + 1 < argc ? argv[++i] : "";
			mode = !strcmp(v, "16") ? 16 : !strcmp(v, "32") ? 32 :
			       !strcmp(v, "64") ? 64 : 0;
			if (!mode) {
				fprintf(stderr, "vmexit-decode: bad mode '%s' (16, 32 or 64)\n", v);
				return 2;
			}
		} else if (strcmp(argv[i], "--json") == 0) {
			json = 1;
		} else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			usage();
			return 0;
		} else if (strncmp(argv[i], "--", 2) == 0) {
			fprintf(stderr, "vmexit-decode: unknown option '%s' (see --help)\n", argv[i]);
			return 2;
		} else if (parse_bytes(argv[i], buf, &n, sizeof(buf), &marker) != 0) {
			fprintf(stderr, "vmexit-decode: bad hex bytes '%s'\n", argv[i]);
			return 2;
		}
	}
	if (n == 0 || marker == n) {
		fprintf(stderr, "vmexit-decode: no bytes to decode (see --help)\n");
		return 2;
	}
	/* From a kernel's "Code:" line, the instruction at the marker. */
	for (size_t off = marker == SIZE_MAX ? 0 : marker; off < n;) {
		struct vmexit_insn in;
		int rc = vmexit_decode(buf + off, n - off, (enum vmexit_decode_mode)mode, &in);
		if (json)
			print_json(&in, rc, buf + off);
		else
			print_text(&in, rc, buf + off);
		if (rc != VMEXIT_DONE) {
			bad = 1;
			break;
		}
		off += in.length;
	}
	return bad;
}
