/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The x86 instruction decoder: bytes in, a struct vmexit_insn out.
 *
 * vmexit_decode() decodes one instruction of 16-, 32- or 64-bit code:
 * legacy prefixes in any order, REX, VEX, EVEX and XOP, the one-byte, 0F,
 * 0F38, 0F3A, 3DNow! and XOP opcode maps, x87, every ModRM/SIB form
 * (16-bit addressing, RIP-relative), moffs, far pointers and immediates.
 * It computes the exact length, and for every instruction its mnemonic,
 * operand and address size, its operands and the memory operands with
 * segment, base, index, scale, displacement, width and access.
 *
 * Decoding is pure: it reads only the bytes it is given (never more than
 * 15, never past len), allocates nothing, and keeps no state.  A real-mode
 * or virtual-8086 guest is decoded with VMEXIT_DECODE_16.
 */
#ifndef VMEXIT_DECODE_H
#define VMEXIT_DECODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <vmexit/vmexit.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The default operand and address size of the code segment. */
enum vmexit_decode_mode {
	VMEXIT_DECODE_16 = 16, /* real mode, vm86, 16-bit protected mode */
	VMEXIT_DECODE_32 = 32, /* 32-bit protected or compatibility mode */
	VMEXIT_DECODE_64 = 64, /* 64-bit mode (CS.L = 1) */
};

/* The longest instruction (SDM Vol. 2, 2.3.11 "AVX Instruction Length"):
 * fetching a 16th byte raises #GP. */
#define VMEXIT_INSN_MAX 15

/* Mnemonics.  VEX/EVEX-encoded forms of SSE instructions share the SSE
 * mnemonic (insn->encoding tells them apart; vmexit_insn_name() prints
 * the "v" form); FMA forms use one mnemonic for the PS/PD (or SS/SD)
 * pair, told apart by VEX.W.  The EVEX-only (AVX-512) instructions have
 * one mnemonic per form (vpcmpd, vpcmpq). */
#define VMEXIT_MNEMONICS(X) \
	X(INVALID, "(bad)") \
	X(AAA, "aaa") \
	X(AAD, "aad") \
	X(AAM, "aam") \
	X(AAS, "aas") \
	X(ADC, "adc") \
	X(ADCX, "adcx") \
	X(ADD, "add") \
	X(ADDPD, "addpd") \
	X(ADDPS, "addps") \
	X(ADDSD, "addsd") \
	X(ADDSS, "addss") \
	X(ADDSUBPD, "addsubpd") \
	X(ADDSUBPS, "addsubps") \
	X(ADOX, "adox") \
	X(AESDEC, "aesdec") \
	X(AESDECLAST, "aesdeclast") \
	X(AESENC, "aesenc") \
	X(AESENCLAST, "aesenclast") \
	X(AESIMC, "aesimc") \
	X(AESKEYGENASSIST, "aeskeygenassist") \
	X(AND, "and") \
	X(ANDN, "andn") \
	X(ANDNPD, "andnpd") \
	X(ANDNPS, "andnps") \
	X(ANDPD, "andpd") \
	X(ANDPS, "andps") \
	X(ARPL, "arpl") \
	X(BEXTR, "bextr") \
	X(BLCFILL, "blcfill") \
	X(BLCI, "blci") \
	X(BLCIC, "blcic") \
	X(BLCMSK, "blcmsk") \
	X(BLCS, "blcs") \
	X(BLENDPD, "blendpd") \
	X(BLENDPS, "blendps") \
	X(BLENDVPD, "blendvpd") \
	X(BLENDVPS, "blendvps") \
	X(BLSFILL, "blsfill") \
	X(BLSI, "blsi") \
	X(BLSIC, "blsic") \
	X(BLSMSK, "blsmsk") \
	X(BLSR, "blsr") \
	X(BNDCL, "bndcl") \
	X(BNDCN, "bndcn") \
	X(BNDCU, "bndcu") \
	X(BNDLDX, "bndldx") \
	X(BNDMK, "bndmk") \
	X(BNDMOV, "bndmov") \
	X(BNDSTX, "bndstx") \
	X(BOUND, "bound") \
	X(BSF, "bsf") \
	X(BSR, "bsr") \
	X(BSWAP, "bswap") \
	X(BT, "bt") \
	X(BTC, "btc") \
	X(BTR, "btr") \
	X(BTS, "bts") \
	X(BZHI, "bzhi") \
	X(CALL, "call") \
	X(CALLF, "callf") \
	X(CBW, "cbw") \
	X(CDQ, "cdq") \
	X(CDQE, "cdqe") \
	X(CLAC, "clac") \
	X(CLC, "clc") \
	X(CLD, "cld") \
	X(CLDEMOTE, "cldemote") \
	X(CLFLUSH, "clflush") \
	X(CLFLUSHOPT, "clflushopt") \
	X(CLGI, "clgi") \
	X(CLI, "cli") \
	X(CLRSSBSY, "clrssbsy") \
	X(CLTS, "clts") \
	X(CLWB, "clwb") \
	X(CLZERO, "clzero") \
	X(CMC, "cmc") \
	X(CMOVA, "cmova") \
	X(CMOVAE, "cmovae") \
	X(CMOVB, "cmovb") \
	X(CMOVBE, "cmovbe") \
	X(CMOVE, "cmove") \
	X(CMOVG, "cmovg") \
	X(CMOVGE, "cmovge") \
	X(CMOVL, "cmovl") \
	X(CMOVLE, "cmovle") \
	X(CMOVNE, "cmovne") \
	X(CMOVNO, "cmovno") \
	X(CMOVNP, "cmovnp") \
	X(CMOVNS, "cmovns") \
	X(CMOVO, "cmovo") \
	X(CMOVP, "cmovp") \
	X(CMOVS, "cmovs") \
	X(CMP, "cmp") \
	X(CMPPD, "cmppd") \
	X(CMPPS, "cmpps") \
	X(CMPS, "cmps") \
	X(CMPSD, "cmpsd") \
	X(CMPSS, "cmpss") \
	X(CMPXCHG, "cmpxchg") \
	X(CMPXCHG16B, "cmpxchg16b") \
	X(CMPXCHG8B, "cmpxchg8b") \
	X(COMISD, "comisd") \
	X(COMISS, "comiss") \
	X(CPUID, "cpuid") \
	X(CQO, "cqo") \
	X(CRC32, "crc32") \
	X(CVTDQ2PD, "cvtdq2pd") \
	X(CVTDQ2PS, "cvtdq2ps") \
	X(CVTPD2DQ, "cvtpd2dq") \
	X(CVTPD2PI, "cvtpd2pi") \
	X(CVTPD2PS, "cvtpd2ps") \
	X(CVTPI2PD, "cvtpi2pd") \
	X(CVTPI2PS, "cvtpi2ps") \
	X(CVTPS2DQ, "cvtps2dq") \
	X(CVTPS2PD, "cvtps2pd") \
	X(CVTPS2PI, "cvtps2pi") \
	X(CVTSD2SI, "cvtsd2si") \
	X(CVTSD2SS, "cvtsd2ss") \
	X(CVTSI2SD, "cvtsi2sd") \
	X(CVTSI2SS, "cvtsi2ss") \
	X(CVTSS2SD, "cvtss2sd") \
	X(CVTSS2SI, "cvtss2si") \
	X(CVTTPD2DQ, "cvttpd2dq") \
	X(CVTTPD2PI, "cvttpd2pi") \
	X(CVTTPS2DQ, "cvttps2dq") \
	X(CVTTPS2PI, "cvttps2pi") \
	X(CVTTSD2SI, "cvttsd2si") \
	X(CVTTSS2SI, "cvttss2si") \
	X(CWD, "cwd") \
	X(CWDE, "cwde") \
	X(DAA, "daa") \
	X(DAS, "das") \
	X(DEC, "dec") \
	X(DIV, "div") \
	X(DIVPD, "divpd") \
	X(DIVPS, "divps") \
	X(DIVSD, "divsd") \
	X(DIVSS, "divss") \
	X(DPPD, "dppd") \
	X(DPPS, "dpps") \
	X(EMMS, "emms") \
	X(ENCLS, "encls") \
	X(ENCLU, "enclu") \
	X(ENCLV, "enclv") \
	X(ENDBR32, "endbr32") \
	X(ENDBR64, "endbr64") \
	X(ENQCMD, "enqcmd") \
	X(ENQCMDS, "enqcmds") \
	X(ENTER, "enter") \
	X(EXTRACTPS, "extractps") \
	X(EXTRQ, "extrq") \
	X(F2XM1, "f2xm1") \
	X(FABS, "fabs") \
	X(FADD, "fadd") \
	X(FADDP, "faddp") \
	X(FBLD, "fbld") \
	X(FBSTP, "fbstp") \
	X(FCHS, "fchs") \
	X(FCMOVB, "fcmovb") \
	X(FCMOVBE, "fcmovbe") \
	X(FCMOVE, "fcmove") \
	X(FCMOVNB, "fcmovnb") \
	X(FCMOVNBE, "fcmovnbe") \
	X(FCMOVNE, "fcmovne") \
	X(FCMOVNU, "fcmovnu") \
	X(FCMOVU, "fcmovu") \
	X(FCOM, "fcom") \
	X(FCOMI, "fcomi") \
	X(FCOMIP, "fcomip") \
	X(FCOMP, "fcomp") \
	X(FCOMPP, "fcompp") \
	X(FCOS, "fcos") \
	X(FDECSTP, "fdecstp") \
	X(FDIV, "fdiv") \
	X(FDIVP, "fdivp") \
	X(FDIVR, "fdivr") \
	X(FDIVRP, "fdivrp") \
	X(FEMMS, "femms") \
	X(FFREE, "ffree") \
	X(FFREEP, "ffreep") \
	X(FIADD, "fiadd") \
	X(FICOM, "ficom") \
	X(FICOMP, "ficomp") \
	X(FIDIV, "fidiv") \
	X(FIDIVR, "fidivr") \
	X(FILD, "fild") \
	X(FIMUL, "fimul") \
	X(FINCSTP, "fincstp") \
	X(FIST, "fist") \
	X(FISTP, "fistp") \
	X(FISTTP, "fisttp") \
	X(FISUB, "fisub") \
	X(FISUBR, "fisubr") \
	X(FLD, "fld") \
	X(FLD1, "fld1") \
	X(FLDCW, "fldcw") \
	X(FLDENV, "fldenv") \
	X(FLDL2E, "fldl2e") \
	X(FLDL2T, "fldl2t") \
	X(FLDLG2, "fldlg2") \
	X(FLDLN2, "fldln2") \
	X(FLDPI, "fldpi") \
	X(FLDZ, "fldz") \
	X(FMUL, "fmul") \
	X(FMULP, "fmulp") \
	X(FNCLEX, "fnclex") \
	X(FNDISI, "fndisi") \
	X(FNENI, "fneni") \
	X(FNINIT, "fninit") \
	X(FNOP, "fnop") \
	X(FNSAVE, "fnsave") \
	X(FNSETPM, "fnsetpm") \
	X(FNSTCW, "fnstcw") \
	X(FNSTENV, "fnstenv") \
	X(FNSTSW, "fnstsw") \
	X(FPATAN, "fpatan") \
	X(FPREM, "fprem") \
	X(FPREM1, "fprem1") \
	X(FPTAN, "fptan") \
	X(FRNDINT, "frndint") \
	X(FRSTOR, "frstor") \
	X(FSCALE, "fscale") \
	X(FSIN, "fsin") \
	X(FSINCOS, "fsincos") \
	X(FSQRT, "fsqrt") \
	X(FST, "fst") \
	X(FSTP, "fstp") \
	X(FSUB, "fsub") \
	X(FSUBP, "fsubp") \
	X(FSUBR, "fsubr") \
	X(FSUBRP, "fsubrp") \
	X(FTST, "ftst") \
	X(FUCOM, "fucom") \
	X(FUCOMI, "fucomi") \
	X(FUCOMIP, "fucomip") \
	X(FUCOMP, "fucomp") \
	X(FUCOMPP, "fucompp") \
	X(FWAIT, "fwait") \
	X(FXAM, "fxam") \
	X(FXCH, "fxch") \
	X(FXRSTOR, "fxrstor") \
	X(FXSAVE, "fxsave") \
	X(FXTRACT, "fxtract") \
	X(FYL2X, "fyl2x") \
	X(FYL2XP1, "fyl2xp1") \
	X(GETSEC, "getsec") \
	X(GF2P8AFFINEINVQB, "gf2p8affineinvqb") \
	X(GF2P8AFFINEQB, "gf2p8affineqb") \
	X(GF2P8MULB, "gf2p8mulb") \
	X(HADDPD, "haddpd") \
	X(HADDPS, "haddps") \
	X(HLT, "hlt") \
	X(HSUBPD, "hsubpd") \
	X(HSUBPS, "hsubps") \
	X(IDIV, "idiv") \
	X(IMUL, "imul") \
	X(IN, "in") \
	X(INC, "inc") \
	X(INCSSP, "incssp") \
	X(INS, "ins") \
	X(INSERTPS, "insertps") \
	X(INSERTQ, "insertq") \
	X(INT, "int") \
	X(INT1, "int1") \
	X(INT3, "int3") \
	X(INTO, "into") \
	X(INVD, "invd") \
	X(INVEPT, "invept") \
	X(INVLPG, "invlpg") \
	X(INVLPGA, "invlpga") \
	X(INVLPGB, "invlpgb") \
	X(INVPCID, "invpcid") \
	X(INVVPID, "invvpid") \
	X(IRET, "iret") \
	X(IRETD, "iretd") \
	X(IRETQ, "iretq") \
	X(JA, "ja") \
	X(JAE, "jae") \
	X(JB, "jb") \
	X(JBE, "jbe") \
	X(JCXZ, "jcxz") \
	X(JE, "je") \
	X(JECXZ, "jecxz") \
	X(JG, "jg") \
	X(JGE, "jge") \
	X(JL, "jl") \
	X(JLE, "jle") \
	X(JMP, "jmp") \
	X(JMPE, "jmpe") \
	X(JMPF, "jmpf") \
	X(JNE, "jne") \
	X(JNO, "jno") \
	X(JNP, "jnp") \
	X(JNS, "jns") \
	X(JO, "jo") \
	X(JP, "jp") \
	X(JRCXZ, "jrcxz") \
	X(JS, "js") \
	X(KADD, "kadd") \
	X(KAND, "kand") \
	X(KANDN, "kandn") \
	X(KMOV, "kmov") \
	X(KNOT, "knot") \
	X(KOR, "kor") \
	X(KORTEST, "kortest") \
	X(KSHIFTL, "kshiftl") \
	X(KSHIFTR, "kshiftr") \
	X(KTEST, "ktest") \
	X(KUNPCK, "kunpck") \
	X(KXNOR, "kxnor") \
	X(KXOR, "kxor") \
	X(LAHF, "lahf") \
	X(LAR, "lar") \
	X(LDDQU, "lddqu") \
	X(LDMXCSR, "ldmxcsr") \
	X(LDS, "lds") \
	X(LDTILECFG, "ldtilecfg") \
	X(LEA, "lea") \
	X(LEAVE, "leave") \
	X(LES, "les") \
	X(LFENCE, "lfence") \
	X(LFS, "lfs") \
	X(LGDT, "lgdt") \
	X(LGS, "lgs") \
	X(LIDT, "lidt") \
	X(LLDT, "lldt") \
	X(LLWPCB, "llwpcb") \
	X(LMSW, "lmsw") \
	X(LODS, "lods") \
	X(LOOP, "loop") \
	X(LOOPE, "loope") \
	X(LOOPNE, "loopne") \
	X(LSL, "lsl") \
	X(LSS, "lss") \
	X(LTR, "ltr") \
	X(LWPINS, "lwpins") \
	X(LWPVAL, "lwpval") \
	X(LZCNT, "lzcnt") \
	X(MASKMOVDQU, "maskmovdqu") \
	X(MASKMOVQ, "maskmovq") \
	X(MAXPD, "maxpd") \
	X(MAXPS, "maxps") \
	X(MAXSD, "maxsd") \
	X(MAXSS, "maxss") \
	X(MFENCE, "mfence") \
	X(MINPD, "minpd") \
	X(MINPS, "minps") \
	X(MINSD, "minsd") \
	X(MINSS, "minss") \
	X(MONITOR, "monitor") \
	X(MONITORX, "monitorx") \
	X(MOV, "mov") \
	X(MOVAPD, "movapd") \
	X(MOVAPS, "movaps") \
	X(MOVBE, "movbe") \
	X(MOVD, "movd") \
	X(MOVDDUP, "movddup") \
	X(MOVDIR64B, "movdir64b") \
	X(MOVDIRI, "movdiri") \
	X(MOVDQ2Q, "movdq2q") \
	X(MOVDQA, "movdqa") \
	X(MOVDQU, "movdqu") \
	X(MOVHLPS, "movhlps") \
	X(MOVHPD, "movhpd") \
	X(MOVHPS, "movhps") \
	X(MOVLHPS, "movlhps") \
	X(MOVLPD, "movlpd") \
	X(MOVLPS, "movlps") \
	X(MOVMSKPD, "movmskpd") \
	X(MOVMSKPS, "movmskps") \
	X(MOVNTDQ, "movntdq") \
	X(MOVNTDQA, "movntdqa") \
	X(MOVNTI, "movnti") \
	X(MOVNTPD, "movntpd") \
	X(MOVNTPS, "movntps") \
	X(MOVNTQ, "movntq") \
	X(MOVNTSD, "movntsd") \
	X(MOVNTSS, "movntss") \
	X(MOVQ, "movq") \
	X(MOVQ2DQ, "movq2dq") \
	X(MOVS, "movs") \
	X(MOVSD, "movsd") \
	X(MOVSHDUP, "movshdup") \
	X(MOVSLDUP, "movsldup") \
	X(MOVSS, "movss") \
	X(MOVSX, "movsx") \
	X(MOVSXD, "movsxd") \
	X(MOVUPD, "movupd") \
	X(MOVUPS, "movups") \
	X(MOVZX, "movzx") \
	X(MPSADBW, "mpsadbw") \
	X(MUL, "mul") \
	X(MULPD, "mulpd") \
	X(MULPS, "mulps") \
	X(MULSD, "mulsd") \
	X(MULSS, "mulss") \
	X(MULX, "mulx") \
	X(MWAIT, "mwait") \
	X(MWAITX, "mwaitx") \
	X(NEG, "neg") \
	X(NOP, "nop") \
	X(NOT, "not") \
	X(OR, "or") \
	X(ORPD, "orpd") \
	X(ORPS, "orps") \
	X(OUT, "out") \
	X(OUTS, "outs") \
	X(PABSB, "pabsb") \
	X(PABSD, "pabsd") \
	X(PABSW, "pabsw") \
	X(PACKSSDW, "packssdw") \
	X(PACKSSWB, "packsswb") \
	X(PACKUSDW, "packusdw") \
	X(PACKUSWB, "packuswb") \
	X(PADDB, "paddb") \
	X(PADDD, "paddd") \
	X(PADDQ, "paddq") \
	X(PADDSB, "paddsb") \
	X(PADDSW, "paddsw") \
	X(PADDUSB, "paddusb") \
	X(PADDUSW, "paddusw") \
	X(PADDW, "paddw") \
	X(PALIGNR, "palignr") \
	X(PAND, "pand") \
	X(PANDN, "pandn") \
	X(PAUSE, "pause") \
	X(PAVGB, "pavgb") \
	X(PAVGUSB, "pavgusb") \
	X(PAVGW, "pavgw") \
	X(PBLENDVB, "pblendvb") \
	X(PBLENDW, "pblendw") \
	X(PCLMULQDQ, "pclmulqdq") \
	X(PCMPEQB, "pcmpeqb") \
	X(PCMPEQD, "pcmpeqd") \
	X(PCMPEQQ, "pcmpeqq") \
	X(PCMPEQW, "pcmpeqw") \
	X(PCMPESTRI, "pcmpestri") \
	X(PCMPESTRM, "pcmpestrm") \
	X(PCMPGTB, "pcmpgtb") \
	X(PCMPGTD, "pcmpgtd") \
	X(PCMPGTQ, "pcmpgtq") \
	X(PCMPGTW, "pcmpgtw") \
	X(PCMPISTRI, "pcmpistri") \
	X(PCMPISTRM, "pcmpistrm") \
	X(PCONFIG, "pconfig") \
	X(PDEP, "pdep") \
	X(PEXT, "pext") \
	X(PEXTRB, "pextrb") \
	X(PEXTRD, "pextrd") \
	X(PEXTRQ, "pextrq") \
	X(PEXTRW, "pextrw") \
	X(PF2ID, "pf2id") \
	X(PF2IW, "pf2iw") \
	X(PFACC, "pfacc") \
	X(PFADD, "pfadd") \
	X(PFCMPEQ, "pfcmpeq") \
	X(PFCMPGE, "pfcmpge") \
	X(PFCMPGT, "pfcmpgt") \
	X(PFMAX, "pfmax") \
	X(PFMIN, "pfmin") \
	X(PFMUL, "pfmul") \
	X(PFNACC, "pfnacc") \
	X(PFPNACC, "pfpnacc") \
	X(PFRCP, "pfrcp") \
	X(PFRCPIT1, "pfrcpit1") \
	X(PFRCPIT2, "pfrcpit2") \
	X(PFRSQIT1, "pfrsqit1") \
	X(PFRSQRT, "pfrsqrt") \
	X(PFSUB, "pfsub") \
	X(PFSUBR, "pfsubr") \
	X(PHADDD, "phaddd") \
	X(PHADDSW, "phaddsw") \
	X(PHADDW, "phaddw") \
	X(PHMINPOSUW, "phminposuw") \
	X(PHSUBD, "phsubd") \
	X(PHSUBSW, "phsubsw") \
	X(PHSUBW, "phsubw") \
	X(PI2FD, "pi2fd") \
	X(PI2FW, "pi2fw") \
	X(PINSRB, "pinsrb") \
	X(PINSRD, "pinsrd") \
	X(PINSRQ, "pinsrq") \
	X(PINSRW, "pinsrw") \
	X(PMADDUBSW, "pmaddubsw") \
	X(PMADDWD, "pmaddwd") \
	X(PMAXSB, "pmaxsb") \
	X(PMAXSD, "pmaxsd") \
	X(PMAXSW, "pmaxsw") \
	X(PMAXUB, "pmaxub") \
	X(PMAXUD, "pmaxud") \
	X(PMAXUW, "pmaxuw") \
	X(PMINSB, "pminsb") \
	X(PMINSD, "pminsd") \
	X(PMINSW, "pminsw") \
	X(PMINUB, "pminub") \
	X(PMINUD, "pminud") \
	X(PMINUW, "pminuw") \
	X(PMOVMSKB, "pmovmskb") \
	X(PMOVSXBD, "pmovsxbd") \
	X(PMOVSXBQ, "pmovsxbq") \
	X(PMOVSXBW, "pmovsxbw") \
	X(PMOVSXDQ, "pmovsxdq") \
	X(PMOVSXWD, "pmovsxwd") \
	X(PMOVSXWQ, "pmovsxwq") \
	X(PMOVZXBD, "pmovzxbd") \
	X(PMOVZXBQ, "pmovzxbq") \
	X(PMOVZXBW, "pmovzxbw") \
	X(PMOVZXDQ, "pmovzxdq") \
	X(PMOVZXWD, "pmovzxwd") \
	X(PMOVZXWQ, "pmovzxwq") \
	X(PMULDQ, "pmuldq") \
	X(PMULHRSW, "pmulhrsw") \
	X(PMULHRW, "pmulhrw") \
	X(PMULHUW, "pmulhuw") \
	X(PMULHW, "pmulhw") \
	X(PMULLD, "pmulld") \
	X(PMULLW, "pmullw") \
	X(PMULUDQ, "pmuludq") \
	X(POP, "pop") \
	X(POPA, "popa") \
	X(POPAD, "popad") \
	X(POPCNT, "popcnt") \
	X(POPF, "popf") \
	X(POR, "por") \
	X(PREFETCH, "prefetch") \
	X(PREFETCHNTA, "prefetchnta") \
	X(PREFETCHT0, "prefetcht0") \
	X(PREFETCHT1, "prefetcht1") \
	X(PREFETCHT2, "prefetcht2") \
	X(PREFETCHW, "prefetchw") \
	X(PREFETCHWT1, "prefetchwt1") \
	X(PSADBW, "psadbw") \
	X(PSHUFB, "pshufb") \
	X(PSHUFD, "pshufd") \
	X(PSHUFHW, "pshufhw") \
	X(PSHUFLW, "pshuflw") \
	X(PSHUFW, "pshufw") \
	X(PSIGNB, "psignb") \
	X(PSIGND, "psignd") \
	X(PSIGNW, "psignw") \
	X(PSLLD, "pslld") \
	X(PSLLDQ, "pslldq") \
	X(PSLLQ, "psllq") \
	X(PSLLW, "psllw") \
	X(PSRAD, "psrad") \
	X(PSRAW, "psraw") \
	X(PSRLD, "psrld") \
	X(PSRLDQ, "psrldq") \
	X(PSRLQ, "psrlq") \
	X(PSRLW, "psrlw") \
	X(PSUBB, "psubb") \
	X(PSUBD, "psubd") \
	X(PSUBQ, "psubq") \
	X(PSUBSB, "psubsb") \
	X(PSUBSW, "psubsw") \
	X(PSUBUSB, "psubusb") \
	X(PSUBUSW, "psubusw") \
	X(PSUBW, "psubw") \
	X(PSWAPD, "pswapd") \
	X(PTEST, "ptest") \
	X(PTWRITE, "ptwrite") \
	X(PUNPCKHBW, "punpckhbw") \
	X(PUNPCKHDQ, "punpckhdq") \
	X(PUNPCKHQDQ, "punpckhqdq") \
	X(PUNPCKHWD, "punpckhwd") \
	X(PUNPCKLBW, "punpcklbw") \
	X(PUNPCKLDQ, "punpckldq") \
	X(PUNPCKLQDQ, "punpcklqdq") \
	X(PUNPCKLWD, "punpcklwd") \
	X(PUSH, "push") \
	X(PUSHA, "pusha") \
	X(PUSHAD, "pushad") \
	X(PUSHF, "pushf") \
	X(PXOR, "pxor") \
	X(RCL, "rcl") \
	X(RCPPS, "rcpps") \
	X(RCPSS, "rcpss") \
	X(RCR, "rcr") \
	X(RDFSBASE, "rdfsbase") \
	X(RDGSBASE, "rdgsbase") \
	X(RDMSR, "rdmsr") \
	X(RDPID, "rdpid") \
	X(RDPKRU, "rdpkru") \
	X(RDPMC, "rdpmc") \
	X(RDPRU, "rdpru") \
	X(RDRAND, "rdrand") \
	X(RDSEED, "rdseed") \
	X(RDSSP, "rdssp") \
	X(RDTSC, "rdtsc") \
	X(RDTSCP, "rdtscp") \
	X(RET, "ret") \
	X(RETF, "retf") \
	X(ROL, "rol") \
	X(ROR, "ror") \
	X(RORX, "rorx") \
	X(ROUNDPD, "roundpd") \
	X(ROUNDPS, "roundps") \
	X(ROUNDSD, "roundsd") \
	X(ROUNDSS, "roundss") \
	X(RSM, "rsm") \
	X(RSQRTPS, "rsqrtps") \
	X(RSQRTSS, "rsqrtss") \
	X(RSTORSSP, "rstorssp") \
	X(SAHF, "sahf") \
	X(SALC, "salc") \
	X(SAR, "sar") \
	X(SARX, "sarx") \
	X(SAVEPREVSSP, "saveprevssp") \
	X(SBB, "sbb") \
	X(SCAS, "scas") \
	X(SENDUIPI, "senduipi") \
	X(SERIALIZE, "serialize") \
	X(SETA, "seta") \
	X(SETAE, "setae") \
	X(SETB, "setb") \
	X(SETBE, "setbe") \
	X(SETE, "sete") \
	X(SETG, "setg") \
	X(SETGE, "setge") \
	X(SETL, "setl") \
	X(SETLE, "setle") \
	X(SETNE, "setne") \
	X(SETNO, "setno") \
	X(SETNP, "setnp") \
	X(SETNS, "setns") \
	X(SETO, "seto") \
	X(SETP, "setp") \
	X(SETS, "sets") \
	X(SETSSBSY, "setssbsy") \
	X(SFENCE, "sfence") \
	X(SGDT, "sgdt") \
	X(SHA1MSG1, "sha1msg1") \
	X(SHA1MSG2, "sha1msg2") \
	X(SHA1NEXTE, "sha1nexte") \
	X(SHA1RNDS4, "sha1rnds4") \
	X(SHA256MSG1, "sha256msg1") \
	X(SHA256MSG2, "sha256msg2") \
	X(SHA256RNDS2, "sha256rnds2") \
	X(SHL, "shl") \
	X(SHLD, "shld") \
	X(SHLX, "shlx") \
	X(SHR, "shr") \
	X(SHRD, "shrd") \
	X(SHRX, "shrx") \
	X(SHUFPD, "shufpd") \
	X(SHUFPS, "shufps") \
	X(SIDT, "sidt") \
	X(SKINIT, "skinit") \
	X(SLDT, "sldt") \
	X(SLWPCB, "slwpcb") \
	X(SMSW, "smsw") \
	X(SQRTPD, "sqrtpd") \
	X(SQRTPS, "sqrtps") \
	X(SQRTSD, "sqrtsd") \
	X(SQRTSS, "sqrtss") \
	X(STAC, "stac") \
	X(STC, "stc") \
	X(STD, "std") \
	X(STGI, "stgi") \
	X(STI, "sti") \
	X(STMXCSR, "stmxcsr") \
	X(STOS, "stos") \
	X(STR, "str") \
	X(STTILECFG, "sttilecfg") \
	X(SUB, "sub") \
	X(SUBPD, "subpd") \
	X(SUBPS, "subps") \
	X(SUBSD, "subsd") \
	X(SUBSS, "subss") \
	X(SWAPGS, "swapgs") \
	X(SYSCALL, "syscall") \
	X(SYSENTER, "sysenter") \
	X(SYSEXIT, "sysexit") \
	X(SYSRET, "sysret") \
	X(T1MSKC, "t1mskc") \
	X(TDPBF16PS, "tdpbf16ps") \
	X(TDPBSSD, "tdpbssd") \
	X(TDPBSUD, "tdpbsud") \
	X(TDPBUSD, "tdpbusd") \
	X(TDPBUUD, "tdpbuud") \
	X(TEST, "test") \
	X(TILELOADD, "tileloadd") \
	X(TILELOADDT1, "tileloaddt1") \
	X(TILERELEASE, "tilerelease") \
	X(TILESTORED, "tilestored") \
	X(TILEZERO, "tilezero") \
	X(TLBSYNC, "tlbsync") \
	X(TPAUSE, "tpause") \
	X(TZCNT, "tzcnt") \
	X(TZMSK, "tzmsk") \
	X(UCOMISD, "ucomisd") \
	X(UCOMISS, "ucomiss") \
	X(UD0, "ud0") \
	X(UD1, "ud1") \
	X(UD2, "ud2") \
	X(UMONITOR, "umonitor") \
	X(UMWAIT, "umwait") \
	X(UNPCKHPD, "unpckhpd") \
	X(UNPCKHPS, "unpckhps") \
	X(UNPCKLPD, "unpcklpd") \
	X(UNPCKLPS, "unpcklps") \
	X(V4FMADDPS, "v4fmaddps") \
	X(V4FMADDSS, "v4fmaddss") \
	X(V4FNMADDPS, "v4fnmaddps") \
	X(V4FNMADDSS, "v4fnmaddss") \
	X(VADDPH, "vaddph") \
	X(VADDSH, "vaddsh") \
	X(VALIGND, "valignd") \
	X(VALIGNQ, "valignq") \
	X(VBLENDMPD, "vblendmpd") \
	X(VBLENDMPS, "vblendmps") \
	X(VBLENDVPD, "vblendvpd") \
	X(VBLENDVPS, "vblendvps") \
	X(VBROADCASTF128, "vbroadcastf128") \
	X(VBROADCASTF32X2, "vbroadcastf32x2") \
	X(VBROADCASTF32X4, "vbroadcastf32x4") \
	X(VBROADCASTF32X8, "vbroadcastf32x8") \
	X(VBROADCASTF64X2, "vbroadcastf64x2") \
	X(VBROADCASTF64X4, "vbroadcastf64x4") \
	X(VBROADCASTI128, "vbroadcasti128") \
	X(VBROADCASTI32X2, "vbroadcasti32x2") \
	X(VBROADCASTI32X4, "vbroadcasti32x4") \
	X(VBROADCASTI32X8, "vbroadcasti32x8") \
	X(VBROADCASTI64X2, "vbroadcasti64x2") \
	X(VBROADCASTI64X4, "vbroadcasti64x4") \
	X(VBROADCASTSD, "vbroadcastsd") \
	X(VBROADCASTSS, "vbroadcastss") \
	X(VCMPPH, "vcmpph") \
	X(VCMPSH, "vcmpsh") \
	X(VCOMISH, "vcomish") \
	X(VCOMPRESSPD, "vcompresspd") \
	X(VCOMPRESSPS, "vcompressps") \
	X(VCVTDQ2PH, "vcvtdq2ph") \
	X(VCVTNE2PS2BF16, "vcvtne2ps2bf16") \
	X(VCVTNEPS2BF16, "vcvtneps2bf16") \
	X(VCVTPD2PH, "vcvtpd2ph") \
	X(VCVTPD2QQ, "vcvtpd2qq") \
	X(VCVTPD2UDQ, "vcvtpd2udq") \
	X(VCVTPD2UQQ, "vcvtpd2uqq") \
	X(VCVTPH2DQ, "vcvtph2dq") \
	X(VCVTPH2PD, "vcvtph2pd") \
	X(VCVTPH2PS, "vcvtph2ps") \
	X(VCVTPH2PSX, "vcvtph2psx") \
	X(VCVTPH2QQ, "vcvtph2qq") \
	X(VCVTPH2UDQ, "vcvtph2udq") \
	X(VCVTPH2UQQ, "vcvtph2uqq") \
	X(VCVTPH2UW, "vcvtph2uw") \
	X(VCVTPH2W, "vcvtph2w") \
	X(VCVTPS2PH, "vcvtps2ph") \
	X(VCVTPS2PHX, "vcvtps2phx") \
	X(VCVTPS2QQ, "vcvtps2qq") \
	X(VCVTPS2UDQ, "vcvtps2udq") \
	X(VCVTPS2UQQ, "vcvtps2uqq") \
	X(VCVTQQ2PD, "vcvtqq2pd") \
	X(VCVTQQ2PH, "vcvtqq2ph") \
	X(VCVTQQ2PS, "vcvtqq2ps") \
	X(VCVTSD2SH, "vcvtsd2sh") \
	X(VCVTSD2USI, "vcvtsd2usi") \
	X(VCVTSH2SD, "vcvtsh2sd") \
	X(VCVTSH2SI, "vcvtsh2si") \
	X(VCVTSH2SS, "vcvtsh2ss") \
	X(VCVTSH2USI, "vcvtsh2usi") \
	X(VCVTSI2SH, "vcvtsi2sh") \
	X(VCVTSS2SH, "vcvtss2sh") \
	X(VCVTSS2USI, "vcvtss2usi") \
	X(VCVTTPD2QQ, "vcvttpd2qq") \
	X(VCVTTPD2UDQ, "vcvttpd2udq") \
	X(VCVTTPD2UQQ, "vcvttpd2uqq") \
	X(VCVTTPH2DQ, "vcvttph2dq") \
	X(VCVTTPH2QQ, "vcvttph2qq") \
	X(VCVTTPH2UDQ, "vcvttph2udq") \
	X(VCVTTPH2UQQ, "vcvttph2uqq") \
	X(VCVTTPH2UW, "vcvttph2uw") \
	X(VCVTTPH2W, "vcvttph2w") \
	X(VCVTTPS2QQ, "vcvttps2qq") \
	X(VCVTTPS2UDQ, "vcvttps2udq") \
	X(VCVTTPS2UQQ, "vcvttps2uqq") \
	X(VCVTTSD2USI, "vcvttsd2usi") \
	X(VCVTTSH2SI, "vcvttsh2si") \
	X(VCVTTSH2USI, "vcvttsh2usi") \
	X(VCVTTSS2USI, "vcvttss2usi") \
	X(VCVTUDQ2PD, "vcvtudq2pd") \
	X(VCVTUDQ2PH, "vcvtudq2ph") \
	X(VCVTUDQ2PS, "vcvtudq2ps") \
	X(VCVTUQQ2PD, "vcvtuqq2pd") \
	X(VCVTUQQ2PH, "vcvtuqq2ph") \
	X(VCVTUQQ2PS, "vcvtuqq2ps") \
	X(VCVTUSI2SD, "vcvtusi2sd") \
	X(VCVTUSI2SH, "vcvtusi2sh") \
	X(VCVTUSI2SS, "vcvtusi2ss") \
	X(VCVTUW2PH, "vcvtuw2ph") \
	X(VCVTW2PH, "vcvtw2ph") \
	X(VDBPSADBW, "vdbpsadbw") \
	X(VDIVPH, "vdivph") \
	X(VDIVSH, "vdivsh") \
	X(VDPBF16PS, "vdpbf16ps") \
	X(VERR, "verr") \
	X(VERW, "verw") \
	X(VEXP2PD, "vexp2pd") \
	X(VEXP2PS, "vexp2ps") \
	X(VEXPANDPD, "vexpandpd") \
	X(VEXPANDPS, "vexpandps") \
	X(VEXTRACTF128, "vextractf128") \
	X(VEXTRACTF32X4, "vextractf32x4") \
	X(VEXTRACTF32X8, "vextractf32x8") \
	X(VEXTRACTF64X2, "vextractf64x2") \
	X(VEXTRACTF64X4, "vextractf64x4") \
	X(VEXTRACTI128, "vextracti128") \
	X(VEXTRACTI32X4, "vextracti32x4") \
	X(VEXTRACTI32X8, "vextracti32x8") \
	X(VEXTRACTI64X2, "vextracti64x2") \
	X(VEXTRACTI64X4, "vextracti64x4") \
	X(VFCMADDCPH, "vfcmaddcph") \
	X(VFCMADDCSH, "vfcmaddcsh") \
	X(VFCMULCPH, "vfcmulcph") \
	X(VFCMULCSH, "vfcmulcsh") \
	X(VFIXUPIMMPD, "vfixupimmpd") \
	X(VFIXUPIMMPS, "vfixupimmps") \
	X(VFIXUPIMMSD, "vfixupimmsd") \
	X(VFIXUPIMMSS, "vfixupimmss") \
	X(VFMADD132P, "vfmadd132p") \
	X(VFMADD132PH, "vfmadd132ph") \
	X(VFMADD132S, "vfmadd132s") \
	X(VFMADD132SH, "vfmadd132sh") \
	X(VFMADD213P, "vfmadd213p") \
	X(VFMADD213PH, "vfmadd213ph") \
	X(VFMADD213S, "vfmadd213s") \
	X(VFMADD213SH, "vfmadd213sh") \
	X(VFMADD231P, "vfmadd231p") \
	X(VFMADD231PH, "vfmadd231ph") \
	X(VFMADD231S, "vfmadd231s") \
	X(VFMADD231SH, "vfmadd231sh") \
	X(VFMADDCPH, "vfmaddcph") \
	X(VFMADDCSH, "vfmaddcsh") \
	X(VFMADDPD, "vfmaddpd") \
	X(VFMADDPS, "vfmaddps") \
	X(VFMADDSD, "vfmaddsd") \
	X(VFMADDSS, "vfmaddss") \
	X(VFMADDSUB132P, "vfmaddsub132p") \
	X(VFMADDSUB132PH, "vfmaddsub132ph") \
	X(VFMADDSUB213P, "vfmaddsub213p") \
	X(VFMADDSUB213PH, "vfmaddsub213ph") \
	X(VFMADDSUB231P, "vfmaddsub231p") \
	X(VFMADDSUB231PH, "vfmaddsub231ph") \
	X(VFMADDSUBPD, "vfmaddsubpd") \
	X(VFMADDSUBPS, "vfmaddsubps") \
	X(VFMSUB132P, "vfmsub132p") \
	X(VFMSUB132PH, "vfmsub132ph") \
	X(VFMSUB132S, "vfmsub132s") \
	X(VFMSUB132SH, "vfmsub132sh") \
	X(VFMSUB213P, "vfmsub213p") \
	X(VFMSUB213PH, "vfmsub213ph") \
	X(VFMSUB213S, "vfmsub213s") \
	X(VFMSUB213SH, "vfmsub213sh") \
	X(VFMSUB231P, "vfmsub231p") \
	X(VFMSUB231PH, "vfmsub231ph") \
	X(VFMSUB231S, "vfmsub231s") \
	X(VFMSUB231SH, "vfmsub231sh") \
	X(VFMSUBADD132P, "vfmsubadd132p") \
	X(VFMSUBADD132PH, "vfmsubadd132ph") \
	X(VFMSUBADD213P, "vfmsubadd213p") \
	X(VFMSUBADD213PH, "vfmsubadd213ph") \
	X(VFMSUBADD231P, "vfmsubadd231p") \
	X(VFMSUBADD231PH, "vfmsubadd231ph") \
	X(VFMSUBADDPD, "vfmsubaddpd") \
	X(VFMSUBADDPS, "vfmsubaddps") \
	X(VFMSUBPD, "vfmsubpd") \
	X(VFMSUBPS, "vfmsubps") \
	X(VFMSUBSD, "vfmsubsd") \
	X(VFMSUBSS, "vfmsubss") \
	X(VFMULCPH, "vfmulcph") \
	X(VFMULCSH, "vfmulcsh") \
	X(VFNMADD132P, "vfnmadd132p") \
	X(VFNMADD132PH, "vfnmadd132ph") \
	X(VFNMADD132S, "vfnmadd132s") \
	X(VFNMADD132SH, "vfnmadd132sh") \
	X(VFNMADD213P, "vfnmadd213p") \
	X(VFNMADD213PH, "vfnmadd213ph") \
	X(VFNMADD213S, "vfnmadd213s") \
	X(VFNMADD213SH, "vfnmadd213sh") \
	X(VFNMADD231P, "vfnmadd231p") \
	X(VFNMADD231PH, "vfnmadd231ph") \
	X(VFNMADD231S, "vfnmadd231s") \
	X(VFNMADD231SH, "vfnmadd231sh") \
	X(VFNMADDPD, "vfnmaddpd") \
	X(VFNMADDPS, "vfnmaddps") \
	X(VFNMADDSD, "vfnmaddsd") \
	X(VFNMADDSS, "vfnmaddss") \
	X(VFNMSUB132P, "vfnmsub132p") \
	X(VFNMSUB132PH, "vfnmsub132ph") \
	X(VFNMSUB132S, "vfnmsub132s") \
	X(VFNMSUB132SH, "vfnmsub132sh") \
	X(VFNMSUB213P, "vfnmsub213p") \
	X(VFNMSUB213PH, "vfnmsub213ph") \
	X(VFNMSUB213S, "vfnmsub213s") \
	X(VFNMSUB213SH, "vfnmsub213sh") \
	X(VFNMSUB231P, "vfnmsub231p") \
	X(VFNMSUB231PH, "vfnmsub231ph") \
	X(VFNMSUB231S, "vfnmsub231s") \
	X(VFNMSUB231SH, "vfnmsub231sh") \
	X(VFNMSUBPD, "vfnmsubpd") \
	X(VFNMSUBPS, "vfnmsubps") \
	X(VFNMSUBSD, "vfnmsubsd") \
	X(VFNMSUBSS, "vfnmsubss") \
	X(VFPCLASSPD, "vfpclasspd") \
	X(VFPCLASSPH, "vfpclassph") \
	X(VFPCLASSPS, "vfpclassps") \
	X(VFPCLASSSD, "vfpclasssd") \
	X(VFPCLASSSH, "vfpclasssh") \
	X(VFPCLASSSS, "vfpclassss") \
	X(VFRCZPD, "vfrczpd") \
	X(VFRCZPS, "vfrczps") \
	X(VFRCZSD, "vfrczsd") \
	X(VFRCZSS, "vfrczss") \
	X(VGATHERDP, "vgatherdp") \
	X(VGATHERDPD, "vgatherdpd") \
	X(VGATHERDPS, "vgatherdps") \
	X(VGATHERPF0DPD, "vgatherpf0dpd") \
	X(VGATHERPF0DPS, "vgatherpf0dps") \
	X(VGATHERPF0QPD, "vgatherpf0qpd") \
	X(VGATHERPF0QPS, "vgatherpf0qps") \
	X(VGATHERPF1DPD, "vgatherpf1dpd") \
	X(VGATHERPF1DPS, "vgatherpf1dps") \
	X(VGATHERPF1QPD, "vgatherpf1qpd") \
	X(VGATHERPF1QPS, "vgatherpf1qps") \
	X(VGATHERQP, "vgatherqp") \
	X(VGATHERQPD, "vgatherqpd") \
	X(VGATHERQPS, "vgatherqps") \
	X(VGETEXPPD, "vgetexppd") \
	X(VGETEXPPH, "vgetexpph") \
	X(VGETEXPPS, "vgetexpps") \
	X(VGETEXPSD, "vgetexpsd") \
	X(VGETEXPSH, "vgetexpsh") \
	X(VGETEXPSS, "vgetexpss") \
	X(VGETMANTPD, "vgetmantpd") \
	X(VGETMANTPH, "vgetmantph") \
	X(VGETMANTPS, "vgetmantps") \
	X(VGETMANTSD, "vgetmantsd") \
	X(VGETMANTSH, "vgetmantsh") \
	X(VGETMANTSS, "vgetmantss") \
	X(VINSERTF128, "vinsertf128") \
	X(VINSERTF32X4, "vinsertf32x4") \
	X(VINSERTF32X8, "vinsertf32x8") \
	X(VINSERTF64X2, "vinsertf64x2") \
	X(VINSERTF64X4, "vinsertf64x4") \
	X(VINSERTI128, "vinserti128") \
	X(VINSERTI32X4, "vinserti32x4") \
	X(VINSERTI32X8, "vinserti32x8") \
	X(VINSERTI64X2, "vinserti64x2") \
	X(VINSERTI64X4, "vinserti64x4") \
	X(VMASKMOVPD, "vmaskmovpd") \
	X(VMASKMOVPS, "vmaskmovps") \
	X(VMAXPH, "vmaxph") \
	X(VMAXSH, "vmaxsh") \
	X(VMCALL, "vmcall") \
	X(VMCLEAR, "vmclear") \
	X(VMFUNC, "vmfunc") \
	X(VMINPH, "vminph") \
	X(VMINSH, "vminsh") \
	X(VMLAUNCH, "vmlaunch") \
	X(VMLOAD, "vmload") \
	X(VMMCALL, "vmmcall") \
	X(VMOVDQA32, "vmovdqa32") \
	X(VMOVDQA64, "vmovdqa64") \
	X(VMOVDQU16, "vmovdqu16") \
	X(VMOVDQU32, "vmovdqu32") \
	X(VMOVDQU64, "vmovdqu64") \
	X(VMOVDQU8, "vmovdqu8") \
	X(VMOVSH, "vmovsh") \
	X(VMOVW, "vmovw") \
	X(VMPTRLD, "vmptrld") \
	X(VMPTRST, "vmptrst") \
	X(VMREAD, "vmread") \
	X(VMRESUME, "vmresume") \
	X(VMRUN, "vmrun") \
	X(VMSAVE, "vmsave") \
	X(VMULPH, "vmulph") \
	X(VMULSH, "vmulsh") \
	X(VMWRITE, "vmwrite") \
	X(VMXOFF, "vmxoff") \
	X(VMXON, "vmxon") \
	X(VP2INTERSECTD, "vp2intersectd") \
	X(VP2INTERSECTQ, "vp2intersectq") \
	X(VP4DPWSSD, "vp4dpwssd") \
	X(VP4DPWSSDS, "vp4dpwssds") \
	X(VPABSQ, "vpabsq") \
	X(VPBLENDD, "vpblendd") \
	X(VPBLENDMB, "vpblendmb") \
	X(VPBLENDMD, "vpblendmd") \
	X(VPBLENDMQ, "vpblendmq") \
	X(VPBLENDMW, "vpblendmw") \
	X(VPBLENDVB, "vpblendvb") \
	X(VPBROADCASTB, "vpbroadcastb") \
	X(VPBROADCASTD, "vpbroadcastd") \
	X(VPBROADCASTMB2Q, "vpbroadcastmb2q") \
	X(VPBROADCASTMW2D, "vpbroadcastmw2d") \
	X(VPBROADCASTQ, "vpbroadcastq") \
	X(VPBROADCASTW, "vpbroadcastw") \
	X(VPCMOV, "vpcmov") \
	X(VPCMPB, "vpcmpb") \
	X(VPCMPD, "vpcmpd") \
	X(VPCMPQ, "vpcmpq") \
	X(VPCMPUB, "vpcmpub") \
	X(VPCMPUD, "vpcmpud") \
	X(VPCMPUQ, "vpcmpuq") \
	X(VPCMPUW, "vpcmpuw") \
	X(VPCMPW, "vpcmpw") \
	X(VPCOMB, "vpcomb") \
	X(VPCOMD, "vpcomd") \
	X(VPCOMPRESSB, "vpcompressb") \
	X(VPCOMPRESSD, "vpcompressd") \
	X(VPCOMPRESSQ, "vpcompressq") \
	X(VPCOMPRESSW, "vpcompressw") \
	X(VPCOMQ, "vpcomq") \
	X(VPCOMUB, "vpcomub") \
	X(VPCOMUD, "vpcomud") \
	X(VPCOMUQ, "vpcomuq") \
	X(VPCOMUW, "vpcomuw") \
	X(VPCOMW, "vpcomw") \
	X(VPCONFLICTD, "vpconflictd") \
	X(VPCONFLICTQ, "vpconflictq") \
	X(VPDPBUSD, "vpdpbusd") \
	X(VPDPBUSDS, "vpdpbusds") \
	X(VPDPWSSD, "vpdpwssd") \
	X(VPDPWSSDS, "vpdpwssds") \
	X(VPERM2F128, "vperm2f128") \
	X(VPERM2I128, "vperm2i128") \
	X(VPERMB, "vpermb") \
	X(VPERMD, "vpermd") \
	X(VPERMI2B, "vpermi2b") \
	X(VPERMI2D, "vpermi2d") \
	X(VPERMI2PD, "vpermi2pd") \
	X(VPERMI2PS, "vpermi2ps") \
	X(VPERMI2Q, "vpermi2q") \
	X(VPERMI2W, "vpermi2w") \
	X(VPERMIL2PD, "vpermil2pd") \
	X(VPERMIL2PS, "vpermil2ps") \
	X(VPERMILPD, "vpermilpd") \
	X(VPERMILPS, "vpermilps") \
	X(VPERMPD, "vpermpd") \
	X(VPERMPS, "vpermps") \
	X(VPERMQ, "vpermq") \
	X(VPERMT2B, "vpermt2b") \
	X(VPERMT2D, "vpermt2d") \
	X(VPERMT2PD, "vpermt2pd") \
	X(VPERMT2PS, "vpermt2ps") \
	X(VPERMT2Q, "vpermt2q") \
	X(VPERMT2W, "vpermt2w") \
	X(VPERMW, "vpermw") \
	X(VPEXPANDB, "vpexpandb") \
	X(VPEXPANDD, "vpexpandd") \
	X(VPEXPANDQ, "vpexpandq") \
	X(VPEXPANDW, "vpexpandw") \
	X(VPGATHERD, "vpgatherd") \
	X(VPGATHERDD, "vpgatherdd") \
	X(VPGATHERDQ, "vpgatherdq") \
	X(VPGATHERQ, "vpgatherq") \
	X(VPGATHERQD, "vpgatherqd") \
	X(VPGATHERQQ, "vpgatherqq") \
	X(VPHADDBD, "vphaddbd") \
	X(VPHADDBQ, "vphaddbq") \
	X(VPHADDBW, "vphaddbw") \
	X(VPHADDDQ, "vphadddq") \
	X(VPHADDUBD, "vphaddubd") \
	X(VPHADDUBQ, "vphaddubq") \
	X(VPHADDUBW, "vphaddubw") \
	X(VPHADDUDQ, "vphaddudq") \
	X(VPHADDUWD, "vphadduwd") \
	X(VPHADDUWQ, "vphadduwq") \
	X(VPHADDWD, "vphaddwd") \
	X(VPHADDWQ, "vphaddwq") \
	X(VPHSUBBW, "vphsubbw") \
	X(VPHSUBDQ, "vphsubdq") \
	X(VPHSUBWD, "vphsubwd") \
	X(VPLZCNTD, "vplzcntd") \
	X(VPLZCNTQ, "vplzcntq") \
	X(VPMACSDD, "vpmacsdd") \
	X(VPMACSDQH, "vpmacsdqh") \
	X(VPMACSDQL, "vpmacsdql") \
	X(VPMACSSDD, "vpmacssdd") \
	X(VPMACSSDQH, "vpmacssdqh") \
	X(VPMACSSDQL, "vpmacssdql") \
	X(VPMACSSWD, "vpmacsswd") \
	X(VPMACSSWW, "vpmacssww") \
	X(VPMACSWD, "vpmacswd") \
	X(VPMACSWW, "vpmacsww") \
	X(VPMADCSSWD, "vpmadcsswd") \
	X(VPMADCSWD, "vpmadcswd") \
	X(VPMADD52HUQ, "vpmadd52huq") \
	X(VPMADD52LUQ, "vpmadd52luq") \
	X(VPMASKMOV, "vpmaskmov") \
	X(VPMAXSQ, "vpmaxsq") \
	X(VPMAXUQ, "vpmaxuq") \
	X(VPMINSQ, "vpminsq") \
	X(VPMINUQ, "vpminuq") \
	X(VPMOVB2M, "vpmovb2m") \
	X(VPMOVD2M, "vpmovd2m") \
	X(VPMOVDB, "vpmovdb") \
	X(VPMOVDW, "vpmovdw") \
	X(VPMOVM2B, "vpmovm2b") \
	X(VPMOVM2D, "vpmovm2d") \
	X(VPMOVM2Q, "vpmovm2q") \
	X(VPMOVM2W, "vpmovm2w") \
	X(VPMOVQ2M, "vpmovq2m") \
	X(VPMOVQB, "vpmovqb") \
	X(VPMOVQD, "vpmovqd") \
	X(VPMOVQW, "vpmovqw") \
	X(VPMOVSDB, "vpmovsdb") \
	X(VPMOVSDW, "vpmovsdw") \
	X(VPMOVSQB, "vpmovsqb") \
	X(VPMOVSQD, "vpmovsqd") \
	X(VPMOVSQW, "vpmovsqw") \
	X(VPMOVSWB, "vpmovswb") \
	X(VPMOVUSDB, "vpmovusdb") \
	X(VPMOVUSDW, "vpmovusdw") \
	X(VPMOVUSQB, "vpmovusqb") \
	X(VPMOVUSQD, "vpmovusqd") \
	X(VPMOVUSQW, "vpmovusqw") \
	X(VPMOVUSWB, "vpmovuswb") \
	X(VPMOVW2M, "vpmovw2m") \
	X(VPMOVWB, "vpmovwb") \
	X(VPMULLQ, "vpmullq") \
	X(VPMULTISHIFTQB, "vpmultishiftqb") \
	X(VPOPCNTB, "vpopcntb") \
	X(VPOPCNTD, "vpopcntd") \
	X(VPOPCNTQ, "vpopcntq") \
	X(VPOPCNTW, "vpopcntw") \
	X(VPPERM, "vpperm") \
	X(VPROLD, "vprold") \
	X(VPROLQ, "vprolq") \
	X(VPROLVD, "vprolvd") \
	X(VPROLVQ, "vprolvq") \
	X(VPRORD, "vprord") \
	X(VPRORQ, "vprorq") \
	X(VPRORVD, "vprorvd") \
	X(VPRORVQ, "vprorvq") \
	X(VPROTB, "vprotb") \
	X(VPROTD, "vprotd") \
	X(VPROTQ, "vprotq") \
	X(VPROTW, "vprotw") \
	X(VPSCATTERDD, "vpscatterdd") \
	X(VPSCATTERDQ, "vpscatterdq") \
	X(VPSCATTERQD, "vpscatterqd") \
	X(VPSCATTERQQ, "vpscatterqq") \
	X(VPSHAB, "vpshab") \
	X(VPSHAD, "vpshad") \
	X(VPSHAQ, "vpshaq") \
	X(VPSHAW, "vpshaw") \
	X(VPSHLB, "vpshlb") \
	X(VPSHLD, "vpshld") \
	X(VPSHLDD, "vpshldd") \
	X(VPSHLDQ, "vpshldq") \
	X(VPSHLDVD, "vpshldvd") \
	X(VPSHLDVQ, "vpshldvq") \
	X(VPSHLDVW, "vpshldvw") \
	X(VPSHLDW, "vpshldw") \
	X(VPSHLQ, "vpshlq") \
	X(VPSHLW, "vpshlw") \
	X(VPSHRDD, "vpshrdd") \
	X(VPSHRDQ, "vpshrdq") \
	X(VPSHRDVD, "vpshrdvd") \
	X(VPSHRDVQ, "vpshrdvq") \
	X(VPSHRDVW, "vpshrdvw") \
	X(VPSHRDW, "vpshrdw") \
	X(VPSHUFBITQMB, "vpshufbitqmb") \
	X(VPSLLV, "vpsllv") \
	X(VPSLLVW, "vpsllvw") \
	X(VPSRAQ, "vpsraq") \
	X(VPSRAVD, "vpsravd") \
	X(VPSRAVQ, "vpsravq") \
	X(VPSRAVW, "vpsravw") \
	X(VPSRLV, "vpsrlv") \
	X(VPSRLVW, "vpsrlvw") \
	X(VPTERNLOGD, "vpternlogd") \
	X(VPTERNLOGQ, "vpternlogq") \
	X(VPTESTMB, "vptestmb") \
	X(VPTESTMD, "vptestmd") \
	X(VPTESTMQ, "vptestmq") \
	X(VPTESTMW, "vptestmw") \
	X(VPTESTNMB, "vptestnmb") \
	X(VPTESTNMD, "vptestnmd") \
	X(VPTESTNMQ, "vptestnmq") \
	X(VPTESTNMW, "vptestnmw") \
	X(VRANGEPD, "vrangepd") \
	X(VRANGEPS, "vrangeps") \
	X(VRANGESD, "vrangesd") \
	X(VRANGESS, "vrangess") \
	X(VRCP14PD, "vrcp14pd") \
	X(VRCP14PS, "vrcp14ps") \
	X(VRCP14SD, "vrcp14sd") \
	X(VRCP14SS, "vrcp14ss") \
	X(VRCP28PD, "vrcp28pd") \
	X(VRCP28PS, "vrcp28ps") \
	X(VRCP28SD, "vrcp28sd") \
	X(VRCP28SS, "vrcp28ss") \
	X(VRCPPH, "vrcpph") \
	X(VRCPSH, "vrcpsh") \
	X(VREDUCEPD, "vreducepd") \
	X(VREDUCEPH, "vreduceph") \
	X(VREDUCEPS, "vreduceps") \
	X(VREDUCESD, "vreducesd") \
	X(VREDUCESH, "vreducesh") \
	X(VREDUCESS, "vreducess") \
	X(VRNDSCALEPD, "vrndscalepd") \
	X(VRNDSCALEPH, "vrndscaleph") \
	X(VRNDSCALEPS, "vrndscaleps") \
	X(VRNDSCALESD, "vrndscalesd") \
	X(VRNDSCALESH, "vrndscalesh") \
	X(VRNDSCALESS, "vrndscaless") \
	X(VRSQRT14PD, "vrsqrt14pd") \
	X(VRSQRT14PS, "vrsqrt14ps") \
	X(VRSQRT14SD, "vrsqrt14sd") \
	X(VRSQRT14SS, "vrsqrt14ss") \
	X(VRSQRT28PD, "vrsqrt28pd") \
	X(VRSQRT28PS, "vrsqrt28ps") \
	X(VRSQRT28SD, "vrsqrt28sd") \
	X(VRSQRT28SS, "vrsqrt28ss") \
	X(VRSQRTPH, "vrsqrtph") \
	X(VRSQRTSH, "vrsqrtsh") \
	X(VSCALEFPD, "vscalefpd") \
	X(VSCALEFPH, "vscalefph") \
	X(VSCALEFPS, "vscalefps") \
	X(VSCALEFSD, "vscalefsd") \
	X(VSCALEFSH, "vscalefsh") \
	X(VSCALEFSS, "vscalefss") \
	X(VSCATTERDPD, "vscatterdpd") \
	X(VSCATTERDPS, "vscatterdps") \
	X(VSCATTERPF0DPD, "vscatterpf0dpd") \
	X(VSCATTERPF0DPS, "vscatterpf0dps") \
	X(VSCATTERPF0QPD, "vscatterpf0qpd") \
	X(VSCATTERPF0QPS, "vscatterpf0qps") \
	X(VSCATTERPF1DPD, "vscatterpf1dpd") \
	X(VSCATTERPF1DPS, "vscatterpf1dps") \
	X(VSCATTERPF1QPD, "vscatterpf1qpd") \
	X(VSCATTERPF1QPS, "vscatterpf1qps") \
	X(VSCATTERQPD, "vscatterqpd") \
	X(VSCATTERQPS, "vscatterqps") \
	X(VSHUFF32X4, "vshuff32x4") \
	X(VSHUFF64X2, "vshuff64x2") \
	X(VSHUFI32X4, "vshufi32x4") \
	X(VSHUFI64X2, "vshufi64x2") \
	X(VSQRTPH, "vsqrtph") \
	X(VSQRTSH, "vsqrtsh") \
	X(VSUBPH, "vsubph") \
	X(VSUBSH, "vsubsh") \
	X(VTESTPD, "vtestpd") \
	X(VTESTPS, "vtestps") \
	X(VUCOMISH, "vucomish") \
	X(VZEROALL, "vzeroall") \
	X(VZEROUPPER, "vzeroupper") \
	X(WBINVD, "wbinvd") \
	X(WBNOINVD, "wbnoinvd") \
	X(WRFSBASE, "wrfsbase") \
	X(WRGSBASE, "wrgsbase") \
	X(WRMSR, "wrmsr") \
	X(WRPKRU, "wrpkru") \
	X(WRSS, "wrss") \
	X(WRUSS, "wruss") \
	X(XABORT, "xabort") \
	X(XADD, "xadd") \
	X(XBEGIN, "xbegin") \
	X(XCHG, "xchg") \
	X(XEND, "xend") \
	X(XGETBV, "xgetbv") \
	X(XLAT, "xlat") \
	X(XOR, "xor") \
	X(XORPD, "xorpd") \
	X(XORPS, "xorps") \
	X(XRESLDTRK, "xresldtrk") \
	X(XRSTOR, "xrstor") \
	X(XRSTORS, "xrstors") \
	X(XSAVE, "xsave") \
	X(XSAVEC, "xsavec") \
	X(XSAVEOPT, "xsaveopt") \
	X(XSAVES, "xsaves") \
	X(XSETBV, "xsetbv") \
	X(XSUSLDTRK, "xsusldtrk") \
	X(XTEST, "xtest")

enum vmexit_mnemonic {
#define VMEXIT_MNEMONIC_ENUM(m, s) VMEXIT_M_##m,
	VMEXIT_MNEMONICS(VMEXIT_MNEMONIC_ENUM)
#undef VMEXIT_MNEMONIC_ENUM
	VMEXIT_M_COUNT
};

/* Why an instruction is invalid (insn->invalid). */
enum vmexit_decode_invalid {
	VMEXIT_DECODE_OK = 0,
	VMEXIT_DECODE_UNDEFINED,  /* #UD: no such opcode/form */
	VMEXIT_DECODE_LOCK,       /* #UD: LOCK not allowed here */
	VMEXIT_DECODE_MODE,       /* #UD: invalid in this mode (e.g. 64-bit) */
	VMEXIT_DECODE_PREFIX,     /* #UD: a prefix that is not allowed (66,
				     F2, F3 or REX before VEX, ...) */
	VMEXIT_DECODE_REGISTER,   /* #UD: a register that does not exist
				     (CR1, segment register 6, ...) */
	VMEXIT_DECODE_TOO_LONG,   /* #GP(0): longer than 15 bytes */
	VMEXIT_DECODE_TRUNCATED,  /* the bytes ended before the instruction */
};

/* Which table the opcode byte is in (insn->map). */
enum vmexit_opcode_map {
	VMEXIT_MAP_ONEBYTE, VMEXIT_MAP_0F, VMEXIT_MAP_0F38, VMEXIT_MAP_0F3A,
	VMEXIT_MAP_3DNOW, VMEXIT_MAP_XOP8, VMEXIT_MAP_XOP9, VMEXIT_MAP_XOPA,
	VMEXIT_MAP_EVEX5, VMEXIT_MAP_EVEX6,
};

enum vmexit_encoding {
	VMEXIT_ENC_LEGACY, VMEXIT_ENC_VEX, VMEXIT_ENC_EVEX, VMEXIT_ENC_XOP,
};

/* Register classes of VMEXIT_OP_REG operands. */
enum vmexit_reg_class {
	VMEXIT_RC_GPR,   /* reg = enum vmexit_gpr, low "size" bytes */
	VMEXIT_RC_GPR8H, /* AH, CH, DH, BH: reg = 0..3, bits 15:8 */
	VMEXIT_RC_SEG,   /* reg = enum vmexit_seg */
	VMEXIT_RC_CR, VMEXIT_RC_DR, VMEXIT_RC_X87, VMEXIT_RC_MMX,
	VMEXIT_RC_XMM,   /* size 16, 32 or 64: xmm, ymm or zmm */
	VMEXIT_RC_MASK, VMEXIT_RC_BND,
	VMEXIT_RC_TMM,   /* AMX tiles tmm0-7, size 0 (set by TILECFG) */
};

enum vmexit_operand_kind {
	VMEXIT_OP_NONE, VMEXIT_OP_REG, VMEXIT_OP_MEM, VMEXIT_OP_IMM,
	VMEXIT_OP_REL,  /* imm is the signed offset from the next instruction */
	VMEXIT_OP_FAR,  /* imm is the offset, imm2 the selector */
};

/* Access bits of operands and memory operands. */
#define VMEXIT_ACC_R 1u
#define VMEXIT_ACC_W 2u
#define VMEXIT_ACC_RW 3u

/* struct vmexit_mem.base/index when there is none, and RIP-relative. */
#define VMEXIT_DECODE_NOREG 0xff
#define VMEXIT_DECODE_RIP 0xfe

/* struct vmexit_mem.flags */
#define VMEXIT_MEM_VSIB 1u     /* index is vector register "index" */
#define VMEXIT_MEM_INDEX_AL 2u /* XLAT: the index is AL, zero-extended */
#define VMEXIT_MEM_REG_ADDR 4u /* MOVDIR64B, ENQCMD, ENQCMDS: ES:[reg], the
				  register ModRM.reg names (base), not the
				  ModRM memory operand */

/* A memory operand.  Its linear address is the segment base plus the
 * effective address (vmexit_insn_ea()), truncated to asize bytes. */
struct vmexit_mem {
	uint8_t seg;    /* enum vmexit_seg: the default or the override */
	uint8_t base;   /* enum vmexit_gpr, VMEXIT_DECODE_NOREG or _RIP */
	uint8_t index;  /* enum vmexit_gpr or VMEXIT_DECODE_NOREG */
	uint8_t scale;  /* 1, 2, 4 or 8 */
	uint8_t asize;  /* address size in bytes: 2, 4 or 8 */
	uint8_t access; /* VMEXIT_ACC_* (0: not accessed: LEA, prefetch,
			   NOP, BNDMK/BNDCL/BNDCU/BNDCN; CLFLUSH,
			   CLFLUSHOPT and CLWB are a read: they are
			   checked as a byte load) */
	uint8_t flags;  /* VMEXIT_MEM_* */
	uint8_t pad;
	uint16_t width; /* bytes accessed (0 if variable, as XSAVE) */
	int64_t disp;   /* sign-extended displacement */
};

struct vmexit_operand {
	uint8_t kind;   /* enum vmexit_operand_kind */
	uint8_t rclass; /* enum vmexit_reg_class, for VMEXIT_OP_REG */
	uint8_t reg;    /* register number, for VMEXIT_OP_REG */
	uint8_t mem;    /* index into insn->mem[], for VMEXIT_OP_MEM */
	uint8_t access; /* VMEXIT_ACC_* */
	uint8_t size;   /* bytes */
};

/* insn->flags */
#define VMEXIT_INSN_MODRM     (1u << 0)
#define VMEXIT_INSN_SIB       (1u << 1)
#define VMEXIT_INSN_MEM       (1u << 2)  /* reads or writes memory: some
						mem[i].access != 0 (not LEA,
						NOP r/m, prefetch, BNDCL) */
#define VMEXIT_INSN_STRING    (1u << 3)
#define VMEXIT_INSN_IO        (1u << 4)
#define VMEXIT_INSN_REP       (1u << 5)  /* REP/REPE on a string insn */
#define VMEXIT_INSN_REPNE     (1u << 6)  /* REPNE on CMPS/SCAS */
#define VMEXIT_INSN_LOCK      (1u << 7)
#define VMEXIT_INSN_RIPREL    (1u << 8)
#define VMEXIT_INSN_BRANCH    (1u << 9)
#define VMEXIT_INSN_STACK     (1u << 10) /* implicit stack access */
#define VMEXIT_INSN_EMULATED  (1u << 11) /* see vmexit_insn_emulated() */
#define VMEXIT_INSN_VFORM     (1u << 12) /* VEX/EVEX form of an SSE insn */

/* Prefix bytes seen (insn->prefixes). */
#define VMEXIT_PFX_66   (1u << 0)
#define VMEXIT_PFX_67   (1u << 1)
#define VMEXIT_PFX_LOCK (1u << 2)
#define VMEXIT_PFX_F2   (1u << 3)
#define VMEXIT_PFX_F3   (1u << 4)
#define VMEXIT_PFX_SEG  (1u << 5) /* a segment override (see seg_prefix) */
#define VMEXIT_PFX_REX  (1u << 6) /* a REX prefix that takes effect */

#define VMEXIT_INSN_MAX_OPS 5

struct vmexit_insn {
	uint8_t length;     /* bytes, 1..15 (when invalid: bytes examined) */
	uint8_t mode;       /* enum vmexit_decode_mode */
	uint8_t invalid;    /* enum vmexit_decode_invalid */
	uint8_t encoding;   /* enum vmexit_encoding */
	uint8_t map;        /* enum vmexit_opcode_map */
	uint8_t opcode;     /* the opcode byte in that map (3DNow!: imm8) */
	uint16_t mnemonic;  /* enum vmexit_mnemonic */
	uint8_t osize;      /* operand size in bytes: 1, 2, 4 or 8 */
	uint8_t asize;      /* address size in bytes: 2, 4 or 8 */
	uint8_t prefixes;   /* VMEXIT_PFX_* */
	uint8_t seg_prefix; /* last segment override byte (26, 2E, 36, 3E,
			       64, 65), also in 64-bit mode where only 64
			       and 65 take effect (and a later 26, 2E, 36
			       or 3E does not replace them); 0 if none */
	uint8_t mandatory;  /* the prefix that selected the form: 0, 0x66,
			       0xF3 or 0xF2 (VEX/EVEX: from pp) */
	uint8_t rex;        /* the REX byte (0x40-0x4F) if it took effect */
	/* ModRM fields; reg and rm include REX.R/B (and EVEX.R'). */
	uint8_t modrm, mod, reg, rm;
	uint8_t sib, scale, index, base; /* index/base include REX.X/B */
	/* VEX/EVEX/XOP fields */
	uint8_t vex_w, vex_l, vex_vvvv, vex_pp; /* vvvv already inverted */
	uint8_t evex_aaa, evex_z, evex_b, evex_ll;
	uint8_t disp_size;  /* bytes of displacement: 0, 1, 2, 4 or 8 */
	uint8_t imm_size;   /* bytes of the first immediate */
	uint8_t imm2_size;  /* bytes of the second (ENTER, EXTRQ, far ptr) */
	uint8_t noperands;
	uint8_t nmem;       /* memory operands in mem[] */
	uint8_t pad[3];
	uint32_t flags;     /* VMEXIT_INSN_* */
	int64_t disp;       /* sign-extended */
	uint64_t imm;       /* first immediate (sign-extended where the
			       instruction sign-extends it) */
	uint64_t imm2;      /* second immediate */
	/* Entries past noperands (and mem[] past nmem) are unspecified:
	 * vmexit_decode() may write them (its fast path can fill entries
	 * before it hands an instruction to the general path), but never
	 * reads them, and callers must not either. */
	struct vmexit_operand op[VMEXIT_INSN_MAX_OPS];
	/* Memory operands in operand order (MOVS: destination ES:rDI, then
	 * source); op[i].mem indexes this.  EVEX disp8 is stored as encoded,
	 * not multiplied by the tuple size N. */
	struct vmexit_mem mem[2];
};

/*
 * Decode the instruction at bytes[0..len).  Returns
 *   VMEXIT_DONE       a valid instruction; *out describes it;
 *   VMEXIT_EXCEPTION  the CPU would fault on these bytes: out->invalid is
 *                     the reason, the vector is #UD, or #GP(0) for
 *                     VMEXIT_DECODE_TOO_LONG (vmexit_decode_vector());
 *   VMEXIT_RETRY      the bytes ended first (VMEXIT_DECODE_TRUNCATED):
 *                     fetch more bytes and decode again;
 *   VMEXIT_ERR_CALLER bytes or out is NULL, or mode is not 16/32/64.
 * out->length is valid for VMEXIT_DONE.
 */
VMEXIT_API int vmexit_decode(const uint8_t *bytes, size_t len,
			     enum vmexit_decode_mode mode,
			     struct vmexit_insn *out);

/* The exception vector for an invalid instruction (6 = #UD, 13 = #GP). */
VMEXIT_API uint8_t vmexit_decode_vector(const struct vmexit_insn *insn);

/* The lower-case name of a mnemonic ("(bad)" if out of range). */
VMEXIT_API const char *vmexit_mnemonic_name(unsigned mnemonic);

/* The name as written for this encoding: "vmovdqu" for VEX MOVDQU. */
VMEXIT_API const char *vmexit_insn_name(const struct vmexit_insn *insn,
					char *buf, size_t size);

/*
 * The effective address of memory operand `which` (before adding the
 * segment base): base + index * scale + disp, truncated to the address
 * size; RIP-relative uses the address of the next instruction, rip being
 * this instruction's address.  gpr[] is indexed by enum vmexit_gpr.
 * Returns VMEXIT_DONE, or VMEXIT_ERR_CALLER if there is no such operand
 * (or it uses a vector index, VSIB).
 */
VMEXIT_API int vmexit_insn_ea(const struct vmexit_insn *insn, unsigned which,
			      const uint64_t gpr[16], uint64_t rip,
			      uint64_t *ea);

/*
 * Whether the instruction is one libvmexit's emulator handles (the list
 * of issue 4: MOV family, ALU operations, string operations, IN/OUT,
 * the SSE/AVX moves guests use on MMIO, ...).  For now this is a table of
 * mnemonics kept with the opcode tables; the emulator will own it.
 */
VMEXIT_API bool vmexit_insn_emulated(const struct vmexit_insn *insn);

#ifdef __cplusplus
}
#endif
#endif
