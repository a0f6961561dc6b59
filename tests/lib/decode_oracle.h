/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Reference decoders for the decoder's tests and benchmark: Zydis and
 * capstone behind one small interface, and a reader of the functions of
 * an ELF file's code (symbols, .eh_frame FDEs, .dynsym).
 */
#ifndef VMEXIT_TEST_DECODE_ORACLE_H
#define VMEXIT_TEST_DECODE_ORACLE_H

#include <stddef.h>
#include <stdint.h>

#include <vmexit/decode.h>

/* What a decoder made of some bytes. */
enum oracle_class { OR_VALID, OR_INVALID, OR_TRUNCATED };

struct oracle_result {
	int cls;         /* enum oracle_class */
	unsigned length; /* for OR_VALID */
	int isa_ext;     /* Zydis: ZydisISAExt of a valid instruction */
	int mnemonic;    /* Zydis: ZydisMnemonic of a valid instruction */
};

struct oracle;

/* mode: 16, 32 or 64.  NULL on failure. */
struct oracle *oracle_open(unsigned mode);
void oracle_close(struct oracle *o);

void oracle_zydis(struct oracle *o, const uint8_t *b, size_t n,
		  struct oracle_result *r);
/* capstone cannot tell truncated from invalid: both are OR_INVALID. */
void oracle_capstone(struct oracle *o, const uint8_t *b, size_t n,
		     struct oracle_result *r);

/* For reports: "zydis <mnemonic> (<isa-ext>)" and "capstone <mnemonic
 * operands>", or "-" where the reference does not decode the bytes. */
void oracle_describe(struct oracle *o, const uint8_t *b, size_t n,
		     char *zydis, size_t zsize, char *capstone, size_t csize);

/* ZydisISAExtGetString() */
const char *oracle_zydis_isa_name(int isa_ext);
/* ZydisMnemonicGetString() */
const char *oracle_zydis_mnemonic_name(int mnemonic);

/* The first explicit memory operand as Zydis sees it, in libvmexit's
 * numbering (enum vmexit_gpr, 0xff none, 0xfe RIP; enum vmexit_seg).
 * Returns 0 if Zydis reports no such operand. */
struct oracle_mem {
	uint8_t seg, base, index, scale;
	int64_t disp;
	unsigned width;
};
int oracle_zydis_mem(struct oracle *o, const uint8_t *b, size_t n,
		     struct oracle_mem *m);

/* The register operands of the last oracle_zydis() decode that Intel
 * syntax shows (Zydis: explicit or implicit, not hidden; not an EVEX
 * mask), in libvmexit's numbering (enum vmexit_reg_class and its
 * register numbers, size in bytes; tiles have size 0).  Returns how many,
 * or -1 if the last decode failed. */
struct oracle_reg {
	uint8_t rclass, reg;
	uint16_t size;
};
int oracle_zydis_regs(struct oracle *o, struct oracle_reg *r, unsigned max);

/* ---- ELF code ---- */

/* Where the start of a function came from (struct elf_fn.from, bits). */
#define ELF_FROM_SYMTAB 1u  /* STT_FUNC / STT_GNU_IFUNC in .symtab */
#define ELF_FROM_DYNSYM 2u  /* the same in .dynsym */
#define ELF_FROM_FDE    4u  /* pc_begin of an .eh_frame FDE */
#define ELF_FROM_LABEL  8u  /* relocatable file: an untyped symbol in code
			       (an assembler label) or the section start */

/* One function: [off, off + size) of the file, decoded linearly.  avail is
 * the number of bytes from off to the end of its section (the decoders are
 * given those, so an instruction is judged on the bytes that really follow
 * it). */
struct elf_fn {
	uint64_t off, size, avail;
	uint64_t addr; /* address (section offset in a relocatable file) */
	unsigned from; /* ELF_FROM_* that named this start */
};

struct elf_obj {
	const uint8_t *p; /* the mapped file */
	size_t size;
	int is64;
	unsigned type;    /* e_type */
	unsigned machine; /* e_machine */
	struct elf_fn *fn; /* sorted by section, then address */
	size_t nfn;
	uint64_t code_bytes; /* executable section bytes */
	uint64_t fn_bytes;   /* bytes covered by fn[] */
	unsigned long fdes;  /* FDEs read from .eh_frame */
};

/* Errors of elf_load() */
#define ELF_ERR_OPEN  (-1) /* cannot open or map */
#define ELF_ERR_NOELF (-2) /* not an ELF file */
#define ELF_ERR_BAD   (-3) /* malformed headers */

/* Map the file and find its functions.  0 on success (nfn may be 0). */
int elf_load(const char *path, struct elf_obj *e);
void elf_unload(struct elf_obj *e);

/* Call fn for every function of an ELF file (elf_load()'s list).  Returns
 * the number of functions, or -1 if the file is not usable. */
typedef void (*elf_fn_cb)(const uint8_t *code, size_t size, void *arg);
long elf_each_function(const char *path, elf_fn_cb fn, void *arg);

#endif
