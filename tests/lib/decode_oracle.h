/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Reference decoders for the decoder's tests and benchmark: Zydis and
 * capstone behind one small interface, and a walker over the functions
 * of an ELF file's code.
 */
#ifndef VMEXIT_TEST_DECODE_ORACLE_H
#define VMEXIT_TEST_DECODE_ORACLE_H

#include <stddef.h>
#include <stdint.h>

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

/* Call fn for every function (FUNC symbol with a size) in the code of an
 * ELF file (32 or 64 bit, shared object, executable or relocatable).
 * Returns the number of functions, or -1 if the file is not usable. */
typedef void (*elf_fn_cb)(const uint8_t *code, size_t size, void *arg);
long elf_each_function(const char *path, elf_fn_cb fn, void *arg);

#endif
