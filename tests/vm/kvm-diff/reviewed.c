/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test-kvm-diff: the reviewed exceptions, differences that are the test
 * machine's (QEMU's CPU model, KVM's instruction emulator) and not the
 * library's, each with its reason; report.c counts them apart.
 */
#include <vmexit/memory.h>

#include "kvm-diff.h"

/* EFLAGS.RF in the old TSS (A's, at T_TSS): EIP and EFLAGS are the
 * 8-byte word at T_TSS + 20H, RF its bit 32 + 16. */
#define OLD_EFLAGS_RF "mem[0x12020]", 1ull << 48
#define NO_RF "QEMU does not set RF in the EFLAGS image of a fault it " \
	"delivers itself (SDM Vol. 3, \"Instruction-Breakpoint Exception " \
	"Condition\"); #UD, which KVM injects, gets it"

/* A fault after a task switch's commit point ("Task Switching", step
 * 13). */
#define NEW_EIP "QEMU saves the old task's EIP; the fault is \"in the " \
	"context of the new task\", whose first instruction \"appears not " \
	"to have been executed\" (step 14)"

/* MMX writes set bits 79:64 of the register to ones (SDM Vol. 1, "MMX
 * Instructions and the x87 FPU Tag Word"); some of QEMU's MMX loads (all
 * in 32-bit code, REX.W 0F 6E in 64-bit code) write only bits 63:0. */
#define MMX_EXP "QEMU's MMX load leaves bits 79:64 of the register as they " \
	"were; the SDM sets them to ones (Vol. 1, \"MMX Instructions and the " \
	"x87 FPU Tag Word\")"

/* Part 1b's exceptions (cmp_fault()). */
#define RMW_W "QEMU reports a read-modify-write that faults on a page " \
	"that is not present (or has a reserved bit) as a read, W/R = 0; " \
	"the processor reports a write (QEMU's Launchpad bug 1783437)"
#define RSVD_P "QEMU's reserved-bit #PF has P = 0; the SDM: \"bit 3 of " \
	"the error code can be set only if bit 0 is also set\" " \
	"(\"Page-Fault Exceptions\")"
#define MMX_TAGS "QEMU's MMX instruction sets the x87 tags before its " \
	"memory access faults; a fault leaves no effect (SDM Vol. 3, " \
	"\"Faults\")"
#define RCX_CF "QEMU's RCL/RCR m leaves CF and OF changed when its store " \
	"faults; a fault leaves no effect (SDM Vol. 3, \"Faults\")"
#define STACK_SS "QEMU raises #GP for a non-canonical address through " \
	"SS; LEAVE and ENTER: \"#SS(0) If the stack address is in a " \
	"non-canonical form\""
#define INS_FIRST "the native side of INS is KVM's instruction emulator " \
	"(string I/O exits to it), which reads the port before the " \
	"destination faults; the library checks the destination first, as " \
	"Bochs (\"trigger any segment or page faults before reading from IO " \
	"port\"), so a faulting INS consumes no device data"
#define INS_BATCH "KVM's REP INS reads a batch (pio_in_emulated(): " \
	"min3(in_page, ..., count), bytes to the page end taken as elements) " \
	"and stores it as one access, so an element that fits before a page " \
	"that is not present is not stored; the iterations before the " \
	"faulting one complete (\"INS/INSB/INSW/INSD\", \"REP\")"
#define SPLIT_STORE "KVM's emulator stores the part of a page-crossing " \
	"INS element that is on the present page before the second page " \
	"faults; the library translates both pages first, as a fault leaves " \
	"the state before the instruction (SDM Vol. 3, \"Faults\")"
#define CMPS_ORDER "the SDM does not order CMPS's two reads; QEMU reads " \
	"ES:rDI first, the library DS:rSI, as the operation's SRC1 - SRC2 " \
	"(and Bochs) have it"

const struct reviewed reviewed[] = {
	{ "*", "#PF error code, read-modify-write, not present",
	  VMEXIT_PFEC_W, RMW_W, NULL },
	{ "*", "#PF error code, read-modify-write, reserved bit",
	  VMEXIT_PFEC_W | VMEXIT_PFEC_P, RMW_W "; " RSVD_P, NULL },
	{ "*", "#PF error code, read-modify-write, supervisor page",
	  VMEXIT_PFEC_W, RMW_W, NULL },
	{ "*", "#PF error code, read-modify-write, SMAP", VMEXIT_PFEC_W, RMW_W,
	  NULL },
	{ "*", "#PF error code, reserved bit", VMEXIT_PFEC_P, RSVD_P, NULL },
	/* CPL 3 runs start with RF = 0 (put_fault()): the EFLAGS image at
	 * RSP0 - 18H of a fault QEMU delivers itself lacks it. */
	{ "*", "mem[0xa7e8]", VMEXIT_RFLAGS_RF, NO_RF, FAULTS "64-bit, CPL 3" },
	/* A REP string instruction faulting after its first iteration:
	 * QEMU has cleared the RF it started with by then. */
	{ "rep*", "mem[", VMEXIT_RFLAGS_RF, NO_RF, FAULTS "page crossing" },
	{ "movq m*", "ftw", 0xff, MMX_TAGS, FAULTS }, /* and movq mm, */
	{ "movd m*", "ftw", 0xff, MMX_TAGS, FAULTS }, /* movd mm, */
	{ "rc*", "rflags", VMEXIT_RFLAGS_CF | VMEXIT_RFLAGS_OF, RCX_CF,
	  FAULTS "read-only" },
	{ "rc*", "mem[", VMEXIT_RFLAGS_CF | VMEXIT_RFLAGS_OF, RCX_CF,
	  FAULTS "read-only" },
	/* At CPL 3 the image lacks RF as well (NO_RF, above). */
	{ "rc*", "mem[0xa7e8]", VMEXIT_RFLAGS_CF | VMEXIT_RFLAGS_OF |
	  VMEXIT_RFLAGS_RF, RCX_CF "; " NO_RF, FAULTS "CPL 3, read-only" },
	/* 32-bit: the EFLAGS image is the high half of a word. */
	{ "rc*", "mem[", (VMEXIT_RFLAGS_CF | VMEXIT_RFLAGS_OF) << 32, RCX_CF,
	  FAULTS "read-only" },
	/* 32-bit CPL 3: the image at RSP0 - 10H, its RF (NO_RF), with the
	 * CF and OF of RCL/RCR on read-only pages (RCX_CF). */
	{ "*", "mem[0xa7f0]", VMEXIT_RFLAGS_RF << 32, NO_RF,
	  FAULTS "paging, CPL 3" },
	{ "rc*", "mem[0xa7f0]", (VMEXIT_RFLAGS_CF | VMEXIT_RFLAGS_OF |
				 VMEXIT_RFLAGS_RF) << 32, RCX_CF "; " NO_RF,
	  FAULTS "paging, CPL 3, read-only" },
	{ "leave*", "vector", 1, STACK_SS, FAULTS "non-canonical" },
	{ "enter*", "vector", 1, STACK_SS, FAULTS "non-canonical" },
	{ "ins*", "port accesses", ~0ull, INS_FIRST, FAULTS },
	{ "rep ins*", "port accesses", ~0ull, INS_FIRST, FAULTS },
	{ "rep ins*", "rcx", ~0ull, INS_BATCH, FAULTS "page crossing" },
	{ "rep ins*", "rdi", ~0ull, INS_BATCH, FAULTS "page crossing" },
	{ "rep ins*", "mem[", ~0ull, INS_BATCH, FAULTS "page crossing" },
	{ "ins*", "mem[", ~0ull, SPLIT_STORE, FAULTS "page crossing" },
	{ "cmps*", "cr2", ~0ull, CMPS_ORDER, FAULTS },
	{ "repe cmps*", "cr2", ~0ull, CMPS_ORDER, FAULTS },
	{ "repne cmps*", "cr2", ~0ull, CMPS_ORDER, FAULTS },
	{ "movq mm2,m64", "st2[79:64]", 0xffff, MMX_EXP, NULL },
	{ "movd mm4,m32", "st4[79:64]", 0xffff, MMX_EXP, NULL },
	{ "movq mm6,m64 (REX.W 6E)", "st6[79:64]", 0xffff, MMX_EXP, NULL },
	{ "#GP(err) task gate", OLD_EFLAGS_RF, NO_RF, NULL },
	{ "#GP(err) task gate paging", OLD_EFLAGS_RF, NO_RF, NULL },
	{ "#NP(err) task gate tss16", OLD_EFLAGS_RF, NO_RF, NULL },
	{ "before commit: *", OLD_EFLAGS_RF, NO_RF, NULL },
	/* B's TSS, at T_TSS + 100H, for the IRET from B */
	{ "before commit: iret*", "mem[0x12120]", 1ull << 48, NO_RF, NULL },
	/* ... and where B faults after the commit point: EIP and EFLAGS. */
	{ "after commit: *", "mem[0x12120]", 1ull << 48 | 0xffffffffull,
	  NO_RF "; " NEW_EIP, NULL },
	{ NULL, NULL, 0, NULL, NULL },
};
