/* SPDX-License-Identifier: BSD-2-Clause */
#include "lib/decode_oracle.h"

#include <elf.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <Zydis/Zydis.h>
#include <vmexit/decode.h>
#include <capstone/capstone.h>

struct oracle {
	ZydisDecoder zy;
	csh cs;
	cs_insn *csi;
	/* the last oracle_zydis() decode, for oracle_zydis_regs() */
	ZydisDecoderContext ctx;
	ZydisDecodedInstruction last;
	int last_ok;
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
	o->csi = cs_malloc(o->cs);
	if (!o->csi) {
		cs_close(&o->cs);
		free(o);
		return NULL;
	}
	return o;
}

void oracle_close(struct oracle *o)
{
	if (!o)
		return;
	cs_free(o->csi, 1);
	cs_close(&o->cs);
	free(o);
}

void oracle_zydis(struct oracle *o, const uint8_t *b, size_t n,
		  struct oracle_result *r)
{
	ZydisDecodedInstruction insn;
	ZyanStatus st = ZydisDecoderDecodeInstruction(&o->zy, &o->ctx, b, n, &insn);

	o->last = insn;
	o->last_ok = ZYAN_SUCCESS(st);
	r->length = 0;
	r->isa_ext = 0;
	r->mnemonic = 0;
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
	const uint8_t *code = b;
	size_t size = n;
	uint64_t addr = 0;

	r->length = 0;
	r->cls = OR_INVALID;
	r->isa_ext = 0;
	r->mnemonic = 0;
	if (cs_disasm_iter(o->cs, &code, &size, &addr, o->csi)) {
		r->cls = OR_VALID;
		r->length = o->csi->size;
		r->mnemonic = (int)o->csi->id;
	}
}

void oracle_describe(struct oracle *o, const uint8_t *b, size_t n,
		     char *zydis, size_t zsize, char *capstone, size_t csize)
{
	static const char *const why[] = {
		"no more data", "decoding error", "too long", "bad register",
		"illegal lock", "illegal legacy prefix", "illegal rex", "invalid map",
		"malformed evex", "malformed mvex", "invalid mask", "skip token",
		"impossible instruction",
	};
	ZydisDecodedInstruction insn;
	const uint8_t *code = b;
	size_t size = n;
	uint64_t addr = 0;
	ZyanStatus st = ZydisDecoderDecodeInstruction(&o->zy, NULL, b, n, &insn);
	unsigned code_of = ZYAN_STATUS_CODE(st);

	if (ZYAN_SUCCESS(st))
		snprintf(zydis, zsize, "%s (%s)", ZydisMnemonicGetString(insn.mnemonic),
			 ZydisISAExtGetString(insn.meta.isa_ext));
	else
		snprintf(zydis, zsize, "- (%s)", code_of < sizeof(why) / sizeof(why[0]) ?
			 why[code_of] : "?");
	if (cs_disasm_iter(o->cs, &code, &size, &addr, o->csi))
		snprintf(capstone, csize, "%s %s", o->csi->mnemonic, o->csi->op_str);
	else
		snprintf(capstone, csize, "-");
}

const char *oracle_zydis_mnemonic_name(int mnemonic)
{
	const char *s = ZydisMnemonicGetString((ZydisMnemonic)mnemonic);

	return s ? s : "";
}

const char *oracle_zydis_isa_name(int isa_ext)
{
	const char *s = ZydisISAExtGetString((ZydisISAExt)isa_ext);

	return s ? s : "";
}

static uint8_t zy_gpr(ZydisRegister reg)
{
	if (reg == ZYDIS_REGISTER_NONE)
		return 0xff;
	if (reg == ZYDIS_REGISTER_RIP || reg == ZYDIS_REGISTER_EIP)
		return 0xfe;
	return (uint8_t)ZydisRegisterGetId(reg);
}

/* Zydis's register classes in libvmexit's (enum vmexit_reg_class), or -1. */
static int zy_rclass(ZydisRegisterClass c)
{
	switch (c) {
	case ZYDIS_REGCLASS_GPR8: case ZYDIS_REGCLASS_GPR16:
	case ZYDIS_REGCLASS_GPR32: case ZYDIS_REGCLASS_GPR64: return VMEXIT_RC_GPR;
	case ZYDIS_REGCLASS_X87: return VMEXIT_RC_X87;
	case ZYDIS_REGCLASS_MMX: return VMEXIT_RC_MMX;
	case ZYDIS_REGCLASS_XMM: case ZYDIS_REGCLASS_YMM:
	case ZYDIS_REGCLASS_ZMM: return VMEXIT_RC_XMM;
	case ZYDIS_REGCLASS_TMM: return VMEXIT_RC_TMM;
	case ZYDIS_REGCLASS_SEGMENT: return VMEXIT_RC_SEG;
	case ZYDIS_REGCLASS_CONTROL: return VMEXIT_RC_CR;
	case ZYDIS_REGCLASS_DEBUG: return VMEXIT_RC_DR;
	case ZYDIS_REGCLASS_MASK: return VMEXIT_RC_MASK;
	case ZYDIS_REGCLASS_BOUND: return VMEXIT_RC_BND;
	default: return -1;
	}
}

int oracle_zydis_regs(struct oracle *o, struct oracle_reg *r, unsigned max)
{
	ZydisDecodedOperand ops[ZYDIS_MAX_OPERAND_COUNT];
	unsigned n = 0;

	if (!o->last_ok ||
	    !ZYAN_SUCCESS(ZydisDecoderDecodeOperands(&o->zy, &o->ctx, &o->last, ops,
						     o->last.operand_count)))
		return -1;
	for (unsigned i = 0; i < o->last.operand_count && n < max; i++) {
		const ZydisDecodedOperand *op = &ops[i];
		ZydisRegister reg = op->reg.value;
		int c, id;

		if (op->type != ZYDIS_OPERAND_TYPE_REGISTER ||
		    op->visibility == ZYDIS_OPERAND_VISIBILITY_HIDDEN ||
		    op->encoding == ZYDIS_OPERAND_ENCODING_MASK)
			continue;
		c = zy_rclass(ZydisRegisterGetClass(reg));
		if (c < 0)
			continue;
		id = ZydisRegisterGetId(reg);
		r[n].rclass = (uint8_t)c;
		r[n].size = (uint16_t)(ZydisRegisterGetWidth(o->zy.machine_mode, reg) / 8);
		if (ZydisRegisterGetClass(reg) == ZYDIS_REGCLASS_GPR8) {
			/* al cl dl bl ah ch dh bh spl bpl sil dil r8b ... */
			if (id >= 4 && id < 8) {
				r[n].rclass = VMEXIT_RC_GPR8H;
				id -= 4;
			} else if (id >= 8) {
				id -= 4;
			}
		}
		if (c == VMEXIT_RC_TMM)
			r[n].size = 0; /* set by TILECFG */
		r[n].reg = (uint8_t)id;
		n++;
	}
	return (int)n;
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

/* ---- ELF: sections, symbols, .eh_frame ---- */

static int in_file(const struct elf_obj *f, uint64_t off, uint64_t len)
{
	return off <= f->size && len <= f->size - off;
}

struct shdr {
	uint32_t type;
	uint64_t flags, addr, offset, size, link, entsize;
	uint32_t name;
};

static unsigned shnum_of(const struct elf_obj *f)
{
	if (f->is64)
		return ((const Elf64_Ehdr *)(const void *)f->p)->e_shnum;
	return ((const Elf32_Ehdr *)(const void *)f->p)->e_shnum;
}

static int get_shdr(const struct elf_obj *f, unsigned i, struct shdr *s)
{
	if (f->is64) {
		Elf64_Ehdr e;
		Elf64_Shdr h;
		memcpy(&e, f->p, sizeof(e));
		uint64_t off = e.e_shoff + (uint64_t)i * sizeof(Elf64_Shdr);
		if (!e.e_shoff || !in_file(f, off, sizeof(h)))
			return -1;
		memcpy(&h, f->p + off, sizeof(h));
		*s = (struct shdr){ h.sh_type, h.sh_flags, h.sh_addr, h.sh_offset,
				    h.sh_size, h.sh_link, h.sh_entsize, h.sh_name };
	} else {
		Elf32_Ehdr e;
		Elf32_Shdr h;
		memcpy(&e, f->p, sizeof(e));
		uint64_t off = e.e_shoff + (uint64_t)i * sizeof(Elf32_Shdr);
		if (!e.e_shoff || !in_file(f, off, sizeof(h)))
			return -1;
		memcpy(&h, f->p + off, sizeof(h));
		*s = (struct shdr){ h.sh_type, h.sh_flags, h.sh_addr, h.sh_offset,
				    h.sh_size, h.sh_link, h.sh_entsize, h.sh_name };
	}
	return 0;
}

static int is_code(const struct shdr *s)
{
	return s->type == SHT_PROGBITS && (s->flags & SHF_EXECINSTR) && s->size;
}

/* A function start found somewhere: section, offset in it, known size. */
struct start {
	unsigned sec;
	uint64_t at, size;
	unsigned from;
};

struct starts {
	struct start *v;
	size_t n, max;
};

static void add_start(struct starts *st, unsigned sec, uint64_t at,
		      uint64_t size, unsigned from)
{
	if (st->n == st->max) {
		size_t max = st->max ? st->max * 2 : 1024;
		struct start *v = realloc(st->v, max * sizeof(*v));
		if (!v)
			return;
		st->v = v;
		st->max = max;
	}
	st->v[st->n++] = (struct start){ sec, at, size, from };
}

static void read_symtab(const struct elf_obj *f, const struct shdr *st,
			unsigned from, struct starts *out)
{
	size_t esz = f->is64 ? sizeof(Elf64_Sym) : sizeof(Elf32_Sym);
	unsigned shnum = shnum_of(f);
	int rel = f->type == ET_REL;

	if (!in_file(f, st->offset, st->size))
		return;
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
		if (shndx == SHN_UNDEF || shndx >= shnum || get_shdr(f, shndx, &sec) ||
		    !is_code(&sec))
			continue;
		unsigned why = from;
		if (type == STT_NOTYPE && rel)
			why = ELF_FROM_LABEL;
		else if (type != STT_FUNC && type != STT_GNU_IFUNC)
			continue;
		uint64_t start = rel ? value : value - sec.addr;
		if (!rel && value < sec.addr)
			continue;
		if (start >= sec.size)
			continue;
		add_start(out, shndx, start, size, why);
	}
}

/* Pointer encodings of .eh_frame (LSB "Exception Frames", DWARF 4 7.
 * "Data Representation" for the LEB128 forms). */
#define PE_OMIT 0xff

struct cursor {
	const uint8_t *p, *end;
	int bad;
};

static uint64_t uleb(struct cursor *c)
{
	uint64_t v = 0;
	unsigned shift = 0;

	while (c->p < c->end) {
		uint8_t b = *c->p++;
		if (shift < 64)
			v |= (uint64_t)(b & 0x7f) << shift;
		shift += 7;
		if (!(b & 0x80))
			return v;
	}
	c->bad = 1;
	return 0;
}

static int64_t sleb(struct cursor *c)
{
	int64_t v = 0;
	unsigned shift = 0;
	uint8_t b = 0;

	while (c->p < c->end) {
		b = *c->p++;
		if (shift < 64)
			v |= (int64_t)((uint64_t)(b & 0x7f) << shift);
		shift += 7;
		if (!(b & 0x80)) {
			if (shift < 64 && (b & 0x40))
				v |= -((int64_t)1 << shift);
			return v;
		}
	}
	c->bad = 1;
	return 0;
}

static uint64_t fixed(struct cursor *c, unsigned n)
{
	uint64_t v = 0;

	if ((size_t)(c->end - c->p) < n) {
		c->bad = 1;
		c->p = c->end;
		return 0;
	}
	for (unsigned i = 0; i < n; i++)
		v |= (uint64_t)c->p[i] << (8 * i);
	c->p += n;
	return v;
}

/* Read a pointer of encoding enc at c; field_addr is the address of the
 * field (for DW_EH_PE_pcrel).  Only the application pcrel and absptr are
 * meaningful for code addresses; others make the value unusable. */
static uint64_t read_ptr(struct cursor *c, unsigned enc, uint64_t field_addr,
			 int is64, int apply, int *ok)
{
	uint64_t v;

	switch (enc & 0x0f) {
	case 0x00: v = fixed(c, is64 ? 8 : 4); break;          /* absptr */
	case 0x01: v = uleb(c); break;                          /* uleb128 */
	case 0x02: v = fixed(c, 2); break;                      /* udata2 */
	case 0x03: v = fixed(c, 4); break;                      /* udata4 */
	case 0x04: v = fixed(c, 8); break;                      /* udata8 */
	case 0x09: v = (uint64_t)sleb(c); break;                /* sleb128 */
	case 0x0a: v = (uint64_t)(int64_t)(int16_t)fixed(c, 2); break;
	case 0x0b: v = (uint64_t)(int64_t)(int32_t)fixed(c, 4); break;
	case 0x0c: v = fixed(c, 8); break;
	default: c->bad = 1; return 0;
	}
	if (!apply)
		return v;
	switch (enc & 0x70) {
	case 0x00: break;
	case 0x10: v += field_addr; break;                      /* pcrel */
	default: *ok = 0; break;
	}
	if (enc & 0x80) /* indirect: not a code address */
		*ok = 0;
	if (!is64)
		v &= 0xffffffffu;
	return v;
}

/* The code section holding address a. */
static int code_section_at(const struct elf_obj *f, uint64_t a, unsigned *sec,
			   uint64_t *at)
{
	unsigned shnum = shnum_of(f);

	for (unsigned i = 1; i < shnum; i++) {
		struct shdr s;
		if (get_shdr(f, i, &s) == 0 && is_code(&s) && a >= s.addr &&
		    a - s.addr < s.size) {
			*sec = i;
			*at = a - s.addr;
			return 1;
		}
	}
	return 0;
}

/* Every FDE of .eh_frame: pc_begin in the encoding its CIE's 'R'
 * augmentation gives (typically DW_EH_PE_pcrel | DW_EH_PE_sdata4),
 * pc_range in the same format without the application. */
static unsigned long read_eh_frame(const struct elf_obj *f, const struct shdr *eh,
				   struct starts *out)
{
	unsigned long fdes = 0;
	uint64_t pos = 0;

	if (!in_file(f, eh->offset, eh->size))
		return 0;
	const uint8_t *base = f->p + eh->offset;
	while (pos + 4 <= eh->size) {
		struct cursor c = { base + pos, base + eh->size, 0 };
		uint64_t len = fixed(&c, 4);
		if (len == 0)
			break; /* terminator */
		if (len == 0xffffffffu)
			len = fixed(&c, 8);
		uint64_t body = (uint64_t)(c.p - base);
		if (c.bad || len > eh->size - body)
			break;
		uint64_t next = body + len;
		c.end = base + next;
		uint64_t id_pos = body;
		uint32_t id = (uint32_t)fixed(&c, 4);
		if (id != 0 && !c.bad && id <= id_pos) {
			/* An FDE: its CIE is id bytes before this field. */
			uint64_t cie = id_pos - id;
			struct cursor k = { base + cie, base + eh->size, 0 };
			uint64_t clen = fixed(&k, 4);
			if (clen == 0xffffffffu)
				clen = fixed(&k, 8);
			uint64_t cbody = (uint64_t)(k.p - base);
			if (k.bad || clen > eh->size - cbody)
				goto next;
			k.end = base + cbody + clen;
			if (fixed(&k, 4) != 0)
				goto next;
			unsigned version = (unsigned)fixed(&k, 1);
			const char *aug = (const char *)k.p;
			size_t alen = strnlen(aug, (size_t)(k.end - k.p));
			if (k.p + alen >= k.end)
				goto next;
			k.p += alen + 1;
			if (strstr(aug, "eh"))
				fixed(&k, f->is64 ? 8 : 4);
			uleb(&k);           /* code alignment */
			sleb(&k);           /* data alignment */
			if (version == 1)
				fixed(&k, 1);   /* return register */
			else
				uleb(&k);
			unsigned enc = 0; /* absptr */
			if (aug[0] == 'z') {
				uleb(&k); /* augmentation data length */
				for (const char *a = aug + 1; *a && !k.bad; a++) {
					int ok = 1;
					if (*a == 'R') {
						enc = (unsigned)fixed(&k, 1);
					} else if (*a == 'L') {
						fixed(&k, 1);
					} else if (*a == 'P') {
						unsigned penc = (unsigned)fixed(&k, 1);
						read_ptr(&k, penc, 0, f->is64, 0, &ok);
					} else if (*a != 'S' && *a != 'B') {
						break;
					}
				}
			}
			if (k.bad || enc == PE_OMIT)
				goto next;
			int ok = 1;
			uint64_t field = eh->addr + (uint64_t)(c.p - base);
			uint64_t pc = read_ptr(&c, enc, field, f->is64, 1, &ok);
			uint64_t range = read_ptr(&c, enc & 0x0f, 0, f->is64, 0, &ok);
			unsigned sec;
			uint64_t at;
			if (!c.bad && ok && range && code_section_at(f, pc, &sec, &at)) {
				add_start(out, sec, at, range, ELF_FROM_FDE);
				fdes++;
			}
		}
next:
		pos = next;
	}
	return fdes;
}

static int cmp_start(const void *a, const void *b)
{
	const struct start *x = a, *y = b;

	if (x->sec != y->sec)
		return x->sec < y->sec ? -1 : 1;
	if (x->at != y->at)
		return x->at < y->at ? -1 : 1;
	return 0;
}

/* Sorted, merged starts become functions: each ends at its largest known
 * size (symbol size, FDE pc_range), cut at the next start; a start with no
 * size runs to the next start or the end of its section. */
static void make_functions(struct elf_obj *f, struct starts *st)
{
	size_t n = 0;

	if (st->n)
		qsort(st->v, st->n, sizeof(*st->v), cmp_start);
	f->fn = calloc(st->n ? st->n : 1, sizeof(*f->fn));
	if (!f->fn)
		return;
	for (size_t i = 0; i < st->n;) {
		struct start s = st->v[i];
		size_t j = i + 1;
		while (j < st->n && st->v[j].sec == s.sec && st->v[j].at == s.at) {
			if (st->v[j].size > s.size)
				s.size = st->v[j].size;
			s.from |= st->v[j].from;
			j++;
		}
		struct shdr sec;
		if (get_shdr(f, s.sec, &sec) == 0 && in_file(f, sec.offset, sec.size)) {
			uint64_t end = sec.size;
			if (s.size && s.at + s.size < end)
				end = s.at + s.size;
			if (j < st->n && st->v[j].sec == s.sec && st->v[j].at < end)
				end = st->v[j].at;
			if (end > s.at) {
				f->fn[n++] = (struct elf_fn){
					.off = sec.offset + s.at, .size = end - s.at,
					.avail = sec.size - s.at,
					.addr = sec.addr + s.at, .from = s.from,
				};
				f->fn_bytes += end - s.at;
			}
		}
		i = j;
	}
	f->nfn = n;
}

int elf_load(const char *path, struct elf_obj *f)
{
	struct starts st = { 0 };
	struct stat sb;
	unsigned shnum;
	int fd;

	memset(f, 0, sizeof(*f));
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return ELF_ERR_OPEN;
	if (fstat(fd, &sb) || !S_ISREG(sb.st_mode)) {
		close(fd);
		return ELF_ERR_OPEN;
	}
	if (sb.st_size < (off_t)sizeof(Elf64_Ehdr)) {
		close(fd);
		return ELF_ERR_NOELF;
	}
	f->size = (size_t)sb.st_size;
	f->p = mmap(NULL, f->size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (f->p == MAP_FAILED) {
		f->p = NULL;
		return ELF_ERR_OPEN;
	}
	if (memcmp(f->p, ELFMAG, SELFMAG) != 0 ||
	    (f->p[EI_CLASS] != ELFCLASS32 && f->p[EI_CLASS] != ELFCLASS64) ||
	    f->p[EI_DATA] != ELFDATA2LSB) {
		elf_unload(f);
		return ELF_ERR_NOELF;
	}
	f->is64 = f->p[EI_CLASS] == ELFCLASS64;
	if (f->is64) {
		Elf64_Ehdr e;
		memcpy(&e, f->p, sizeof(e));
		f->type = e.e_type;
		f->machine = e.e_machine;
	} else {
		Elf32_Ehdr e;
		memcpy(&e, f->p, sizeof(e));
		f->type = e.e_type;
		f->machine = e.e_machine;
	}
	shnum = shnum_of(f);
	for (unsigned i = 0; i < shnum; i++) {
		struct shdr s;
		if (get_shdr(f, i, &s)) {
			free(st.v);
			elf_unload(f);
			return ELF_ERR_BAD;
		}
		if (is_code(&s))
			f->code_bytes += s.size;
		if (s.type == SHT_SYMTAB)
			read_symtab(f, &s, ELF_FROM_SYMTAB, &st);
		else if (s.type == SHT_DYNSYM)
			read_symtab(f, &s, ELF_FROM_DYNSYM, &st);
	}
	/* A relocatable file's .eh_frame holds relocations, not addresses;
	 * its symbols are complete. */
	if (f->type != ET_REL) {
		struct shdr names;
		Elf64_Half strndx;
		if (f->is64)
			memcpy(&strndx, f->p + offsetof(Elf64_Ehdr, e_shstrndx), 2);
		else
			memcpy(&strndx, f->p + offsetof(Elf32_Ehdr, e_shstrndx), 2);
		if (get_shdr(f, strndx, &names) == 0 && in_file(f, names.offset, names.size)) {
			for (unsigned i = 0; i < shnum; i++) {
				struct shdr s;
				if (get_shdr(f, i, &s) || s.type != SHT_PROGBITS ||
				    s.name >= names.size)
					continue;
				const char *nm = (const char *)f->p + names.offset + s.name;
				if (strnlen(nm, names.size - s.name) < names.size - s.name &&
				    strcmp(nm, ".eh_frame") == 0)
					f->fdes += read_eh_frame(f, &s, &st);
			}
		}
	} else {
		/* The start of each code section of a relocatable file. */
		for (unsigned i = 0; i < shnum; i++) {
			struct shdr s;
			if (get_shdr(f, i, &s) == 0 && is_code(&s))
				add_start(&st, i, 0, 0, ELF_FROM_LABEL);
		}
	}
	make_functions(f, &st);
	free(st.v);
	return 0;
}

void elf_unload(struct elf_obj *f)
{
	if (f->p)
		munmap((void *)f->p, f->size);
	free(f->fn);
	memset(f, 0, sizeof(*f));
}

long elf_each_function(const char *path, elf_fn_cb fn, void *arg)
{
	struct elf_obj f;
	long count;

	if (elf_load(path, &f))
		return -1;
	for (size_t i = 0; i < f.nfn; i++)
		fn(f.p + f.fn[i].off, (size_t)f.fn[i].size, arg);
	count = (long)f.nfn;
	elf_unload(&f);
	return count;
}
