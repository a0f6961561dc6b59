/* SPDX-License-Identifier: BSD-2-Clause */
#include "lib/decode_oracle.h"

#include <elf.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <Zydis/Zydis.h>
#include <capstone/capstone.h>

struct oracle {
	ZydisDecoder zy;
	csh cs;
};

struct oracle *oracle_open(unsigned mode)
{
	struct oracle *o = calloc(1, sizeof(*o));
	ZydisMachineMode zm = mode == 64 ? ZYDIS_MACHINE_MODE_LONG_64 :
			      mode == 32 ? ZYDIS_MACHINE_MODE_LEGACY_32 :
					   ZYDIS_MACHINE_MODE_LEGACY_16;
	ZydisStackWidth sw = mode == 64 ? ZYDIS_STACK_WIDTH_64 :
			     mode == 32 ? ZYDIS_STACK_WIDTH_32 : ZYDIS_STACK_WIDTH_16;
	cs_mode cm = mode == 64 ? CS_MODE_64 : mode == 32 ? CS_MODE_32 : CS_MODE_16;

	if (!o)
		return NULL;
	if (!ZYAN_SUCCESS(ZydisDecoderInit(&o->zy, zm, sw)) ||
	    cs_open(CS_ARCH_X86, cm, &o->cs) != CS_ERR_OK) {
		free(o);
		return NULL;
	}
	return o;
}

void oracle_close(struct oracle *o)
{
	if (!o)
		return;
	cs_close(&o->cs);
	free(o);
}

void oracle_zydis(struct oracle *o, const uint8_t *b, size_t n,
		  struct oracle_result *r)
{
	ZydisDecodedInstruction insn;
	ZyanStatus st = ZydisDecoderDecodeInstruction(&o->zy, NULL, b, n, &insn);

	r->length = 0;
	if (ZYAN_SUCCESS(st)) {
		r->cls = OR_VALID;
		r->length = insn.length;
		r->isa_ext = insn.meta.isa_ext;
		r->mnemonic = insn.mnemonic;
	} else if (st == ZYDIS_STATUS_NO_MORE_DATA) {
		r->cls = OR_TRUNCATED;
	} else {
		r->cls = OR_INVALID;
	}
}

void oracle_capstone(struct oracle *o, const uint8_t *b, size_t n,
		     struct oracle_result *r)
{
	cs_insn *insn = NULL;
	size_t count = cs_disasm(o->cs, b, n, 0, 1, &insn);

	r->length = 0;
	r->cls = OR_INVALID;
	if (count == 1) {
		r->cls = OR_VALID;
		r->length = insn->size;
	}
	if (insn)
		cs_free(insn, count);
}

static uint8_t zy_gpr(ZydisRegister reg)
{
	if (reg == ZYDIS_REGISTER_NONE)
		return 0xff;
	if (reg == ZYDIS_REGISTER_RIP || reg == ZYDIS_REGISTER_EIP)
		return 0xfe;
	return (uint8_t)ZydisRegisterGetId(reg);
}

int oracle_zydis_mem(struct oracle *o, const uint8_t *b, size_t n,
		     struct oracle_mem *m)
{
	ZydisDecodedInstruction insn;
	ZydisDecodedOperand ops[ZYDIS_MAX_OPERAND_COUNT];

	if (!ZYAN_SUCCESS(ZydisDecoderDecodeFull(&o->zy, b, n, &insn, ops)))
		return 0;
	for (unsigned i = 0; i < insn.operand_count; i++) {
		const ZydisDecodedOperand *op = &ops[i];
		if (op->type != ZYDIS_OPERAND_TYPE_MEMORY ||
		    op->visibility != ZYDIS_OPERAND_VISIBILITY_EXPLICIT)
			continue;
		m->seg = (uint8_t)(op->mem.segment - ZYDIS_REGISTER_ES);
		m->base = zy_gpr(op->mem.base);
		m->index = zy_gpr(op->mem.index);
		m->scale = op->mem.scale ? op->mem.scale : 1;
		m->disp = op->mem.disp.has_displacement ? op->mem.disp.value : 0;
		m->width = op->size / 8;
		if (m->index == 0xff)
			m->scale = 1;
		return 1 + (op->mem.type == ZYDIS_MEMOP_TYPE_AGEN);
	}
	return 0;
}

/* --- ELF walking --- */

struct elf_file {
	const uint8_t *p;
	size_t size;
	int is64;
};

static int in_file(const struct elf_file *f, uint64_t off, uint64_t len)
{
	return off <= f->size && len <= f->size - off;
}

struct shdr {
	uint32_t type;
	uint64_t flags, addr, offset, size, link, entsize;
};

static int get_shdr(const struct elf_file *f, unsigned i, struct shdr *s)
{
	if (f->is64) {
		const Elf64_Ehdr *e = (const void *)f->p;
		uint64_t off = e->e_shoff + (uint64_t)i * sizeof(Elf64_Shdr);
		Elf64_Shdr h;
		if (!in_file(f, off, sizeof(h)))
			return -1;
		memcpy(&h, f->p + off, sizeof(h));
		*s = (struct shdr){ h.sh_type, h.sh_flags, h.sh_addr, h.sh_offset,
				    h.sh_size, h.sh_link, h.sh_entsize };
	} else {
		const Elf32_Ehdr *e = (const void *)f->p;
		uint64_t off = e->e_shoff + (uint64_t)i * sizeof(Elf32_Shdr);
		Elf32_Shdr h;
		if (!in_file(f, off, sizeof(h)))
			return -1;
		memcpy(&h, f->p + off, sizeof(h));
		*s = (struct shdr){ h.sh_type, h.sh_flags, h.sh_addr, h.sh_offset,
				    h.sh_size, h.sh_link, h.sh_entsize };
	}
	return 0;
}

static long walk_symtab(const struct elf_file *f, unsigned shnum, int rel,
			const struct shdr *st, elf_fn_cb fn, void *arg)
{
	size_t esz = f->is64 ? sizeof(Elf64_Sym) : sizeof(Elf32_Sym);
	long count = 0;

	if (!in_file(f, st->offset, st->size))
		return 0;
	for (uint64_t off = 0; off + esz <= st->size; off += esz) {
		uint64_t value, size;
		unsigned type, shndx;
		struct shdr sec;
		if (f->is64) {
			Elf64_Sym s;
			memcpy(&s, f->p + st->offset + off, sizeof(s));
			value = s.st_value; size = s.st_size;
			type = ELF64_ST_TYPE(s.st_info); shndx = s.st_shndx;
		} else {
			Elf32_Sym s;
			memcpy(&s, f->p + st->offset + off, sizeof(s));
			value = s.st_value; size = s.st_size;
			type = ELF32_ST_TYPE(s.st_info); shndx = s.st_shndx;
		}
		if (type != STT_FUNC || size == 0 || shndx == SHN_UNDEF ||
		    shndx >= shnum || get_shdr(f, shndx, &sec) ||
		    sec.type != SHT_PROGBITS || !(sec.flags & SHF_EXECINSTR))
			continue;
		uint64_t start = rel ? value : value - sec.addr;
		if (start > sec.size || size > sec.size - start ||
		    !in_file(f, sec.offset + start, size))
			continue;
		fn(f->p + sec.offset + start, size, arg);
		count++;
	}
	return count;
}

long elf_each_function(const char *path, elf_fn_cb fn, void *arg)
{
	struct elf_file f;
	struct stat sb;
	unsigned shnum;
	long count = -1;
	int fd = open(path, O_RDONLY);
	int rel;

	if (fd < 0)
		return -1;
	if (fstat(fd, &sb) || sb.st_size < (off_t)sizeof(Elf64_Ehdr)) {
		close(fd);
		return -1;
	}
	f.size = (size_t)sb.st_size;
	f.p = mmap(NULL, f.size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (f.p == MAP_FAILED)
		return -1;
	if (memcmp(f.p, ELFMAG, SELFMAG) != 0)
		goto out;
	f.is64 = f.p[EI_CLASS] == ELFCLASS64;
	if (f.is64) {
		const Elf64_Ehdr *e = (const void *)f.p;
		shnum = e->e_shnum;
		rel = e->e_type == ET_REL;
	} else {
		const Elf32_Ehdr *e = (const void *)f.p;
		shnum = e->e_shnum;
		rel = e->e_type == ET_REL;
	}
	/* The full symbol table if there is one, else the dynamic one. */
	for (int want = SHT_SYMTAB; count <= 0 && want; want = want == SHT_SYMTAB ? SHT_DYNSYM : 0) {
		count = 0;
		for (unsigned i = 0; i < shnum; i++) {
			struct shdr s;
			if (get_shdr(&f, i, &s) == 0 && s.type == (uint32_t)want)
				count += walk_symtab(&f, shnum, rel, &s, fn, arg);
		}
	}
out:
	munmap((void *)f.p, f.size);
	return count;
}
