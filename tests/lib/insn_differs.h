/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Two decoded instructions compared field by field, for the tests and the
 * decoder's fuzz target (a header, so that the fuzz target needs no test
 * library; fields, not bytes, as struct padding is unspecified).
 */
#ifndef VMEXIT_TESTS_INSN_DIFFERS_H
#define VMEXIT_TESTS_INSN_DIFFERS_H

#include <vmexit/decode.h>

/* The first field of a and b that differs ("" if none): the fixed part
 * of the instruction, op[0..noperands) and mem[0..nmem) (what
 * <vmexit/decode.h> specifies; entries past them are not). */
static inline const char *decode_insn_differs(const struct vmexit_insn *a, const struct vmexit_insn *b)
{
#define SAME(f) if (a->f != b->f) return #f
	SAME(length); SAME(mode); SAME(invalid); SAME(encoding); SAME(map);
	SAME(opcode); SAME(mnemonic); SAME(osize); SAME(asize); SAME(prefixes);
	SAME(seg_prefix); SAME(mandatory); SAME(rex); SAME(modrm); SAME(mod);
	SAME(reg); SAME(rm); SAME(sib); SAME(scale); SAME(index); SAME(base);
	SAME(vex_w); SAME(vex_l); SAME(vex_vvvv); SAME(vex_pp); SAME(evex_aaa);
	SAME(evex_z); SAME(evex_b); SAME(evex_ll); SAME(disp_size);
	SAME(imm_size); SAME(imm2_size); SAME(noperands); SAME(nmem);
	SAME(pad[0]); SAME(pad[1]); SAME(pad[2]); SAME(flags); SAME(disp);
	SAME(imm); SAME(imm2);
	for (unsigned i = 0; i < a->noperands && i < VMEXIT_INSN_MAX_OPS; i++) {
		SAME(op[i].kind); SAME(op[i].rclass); SAME(op[i].reg);
		SAME(op[i].mem); SAME(op[i].access); SAME(op[i].size);
	}
	for (unsigned i = 0; i < a->nmem && i < 2; i++) {
		SAME(mem[i].seg); SAME(mem[i].base); SAME(mem[i].index);
		SAME(mem[i].scale); SAME(mem[i].asize); SAME(mem[i].access);
		SAME(mem[i].flags); SAME(mem[i].pad); SAME(mem[i].width);
		SAME(mem[i].disp);
	}
#undef SAME
	return "";
}

#endif
