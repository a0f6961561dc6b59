/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Instruction emulation for what hardware leaves to software: the
 * instructions a guest aims at MMIO or I/O ports, performed with exact
 * architectural results through the library's segmentation and page walk,
 * and the backend's device callbacks where the target is not RAM.
 *
 * Results: VMEXIT_DONE (RIP advanced, registers changed in the vCPU
 * cache; flush before entry), VMEXIT_EXCEPTION (the instruction faulted
 * and the exception is queued; RIP unchanged), VMEXIT_UNHANDLED (the
 * instruction is not one the library emulates, or the address does not
 * agree with what the hardware reported; see vcpu->diag), or an error
 * (VMEXIT_ERR_BACKEND when a backend op or a device callback failed).
 *
 * The vector moves, whole-register and of one lane (PEXTR*, PINSR*,
 * EXTRACTPS, INSERTPS, VEXTRACTF128/I128, VINSERTF128/I128), and the
 * loads that replicate (the broadcasts, MOVDDUP, MOVSLDUP, MOVSHDUP),
 * come in their legacy SSE, VEX and EVEX (AVX-512) encodings, ZMM0-31
 * and the opmasks included: a masked EVEX move, and
 * VMASKMOVPS/PD and VPMASKMOVD/Q, touch only the active elements (each
 * run of them one access, so a device sees no byte the guest masked off)
 * and fault only on them, as "Memory Fault Suppression" (SDM Vol. 1) has
 * it; MASKMOVQ and MASKMOVDQU write only the selected bytes but check the
 * whole operand, as the processor was measured to.
 *
 * A REP string instruction that stops in the middle, whatever the status
 * (a fault, a failing device, an op that is missing), has its completed
 * iterations committed to the vCPU cache: their device and memory effects
 * happened, so RCX, RSI and RDI show them, RIP stays on the instruction
 * and RFLAGS.RF is set (as the processor saves it for an event between
 * iterations).  Flush, and re-executing the instruction resumes it.  A
 * failure in the first iteration, or outside a REP string instruction,
 * leaves the registers as they were.
 *
 * The data and I/O breakpoints DR7 enables are matched against the
 * accesses the instruction makes: those met give a trap-class #DB after
 * it (after the iteration that met them, for a REP string instruction)
 * with their DR6.Bn, one #DB with BS as well when TF was set.  So every
 * emulated instruction reads the debug registers (VMEXIT_G_DREGS) once,
 * where the backend has get_dregs (without it, no breakpoint is seen).
 *
 * Far JMP and CALL through memory (FF /5, FF /3) are emulated to a code
 * segment, conforming or not, in every mode, and so is m16:64 with REX.W
 * in 64-bit mode as Intel defines it (AMD reads m16:32 there).  A call
 * gate, task gate or TSS as the target is VMEXIT_UNHANDLED
 * (VMEXIT_WHY_INSN), with nothing changed: gates and task switches
 * belong to the gate and task-switch code (<vmexit/task.h>), not to the
 * emulator.  The new CS is loaded with the registers, and the
 * descriptor's accessed bit and the return address are written only
 * once every check has passed.
 */
#ifndef VMEXIT_EMULATE_H
#define VMEXIT_EMULATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <vmexit/memory.h> /* VMEXIT_ACC_* of xlat_acc */
#include <vmexit/vcpu.h>

#ifdef __cplusplus
extern "C" {
#endif

struct vmexit_insn; /* <vmexit/decode.h> */

/* What the exit reported about the access, if anything: the guest may
 * have rewritten the instruction (or its page tables) between the exit
 * and the emulation.  When given, the address (both addresses, when both
 * are valid) must fall inside one access the decoded instruction makes,
 * with its real width: a memory operand, an implicit stack access, BT's
 * operand past the bit base, the first iteration of a string
 * instruction.  Otherwise the instruction is refused (VMEXIT_UNHANDLED,
 * VMEXIT_WHY_ADDR_MISMATCH) before it has any effect: no write, device
 * access or port I/O is made before the named access.  A fault met on the
 * way is raised as the instruction's own (VMEXIT_EXCEPTION). */
struct vmexit_emul_hint {
	bool gpa_valid;
	bool la_valid;
	/* Both addresses valid, and the guest-physical one is the
	 * processor's translation of the linear one for an access of kind
	 * xlat_acc (VMEXIT_ACC_READ or _WRITE; a translation that allowed a
	 * write serves a read too): a VMX EPT violation with bits 7 and 8 of
	 * the exit qualification set ("Exit Qualification for EPT
	 * Violations").  The processor made its page walk, with its
	 * permission checks and accessed and dirty flags, before the access
	 * to that address exited ("VMX Support for Address Translation"), so
	 * the access the exit names, when the decoded instruction makes it
	 * at that linear address within one page, uses the translation as
	 * it stands and the page tables are not walked again for it. */
	bool xlat_valid;
	uint8_t xlat_acc;
	uint64_t gpa;
	uint64_t la;
};

/* Largest number of REP iterations done in one call; the rest runs when
 * the guest re-executes the instruction (RIP stays on it, with RFLAGS.RF
 * set as the processor sets it between iterations, so an instruction
 * breakpoint on it does not fire again), which lets the VMM deliver
 * interrupts in between, as the processor does. */
#define VMEXIT_EMUL_REP_MAX 4096u

/* Emulate a decoded instruction at CS:RIP.  hint may be NULL.  An insn
 * that vmexit_decode() could not have produced (a size, register number
 * or count out of range) is VMEXIT_ERR_CALLER. */
VMEXIT_API int vmexit_emulate(struct vmexit_vcpu *v,
			      const struct vmexit_insn *insn,
			      const struct vmexit_emul_hint *hint);

/* Decode in the current CPU mode and emulate.  bytes/len are the
 * instruction bytes the exit supplied (SVM decode assist, KVM internal
 * error); with bytes NULL they are fetched from CS:RIP through the page
 * walk.  The bytes used are kept in vcpu->diag for an unhandled report. */
VMEXIT_API int vmexit_emulate_at_rip(struct vmexit_vcpu *v,
				     const uint8_t *bytes, size_t len,
				     const struct vmexit_emul_hint *hint);

/* The first half of vmexit_emulate_at_rip(): fetch (or take the exit's
 * bytes) and decode at CS:RIP, raising the fetch or decode fault.  Used
 * for the length of an instruction the hardware did not report. */
VMEXIT_API int vmexit_decode_at_rip(struct vmexit_vcpu *v,
				    const uint8_t *bytes, size_t len,
				    struct vmexit_insn *out);

/* Whether the emulator has a form for this decoded instruction. */
VMEXIT_API bool vmexit_can_emulate(const struct vmexit_insn *insn);

#ifdef __cplusplus
}
#endif
#endif
