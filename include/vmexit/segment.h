/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Segment descriptors: finding one in the GDT or LDT, decoding it, and the
 * checks each way of loading a segment register makes (SDM Vol. 3,
 * "Segment Descriptors", "Segment-Level Protection", "Privilege Checking
 * when Accessing Data Segments", "Privilege Level Checking When Loading
 * the SS Register"; Vol. 2, the pseudo-code of MOV, POP, LDS/LES/LFS/LGS/
 * LSS, JMP, CALL, RET, IRET, LLDT and LTR; "Task Switching" for the task
 * switch).
 *
 * Instruction-level checks are the caller's: #UD in real mode for LLDT and
 * LTR, #GP(0) when CPL > 0 for LLDT and LTR, reading the selector operand.
 * Gates (call, task, interrupt) are the caller's too: read the descriptor
 * with vmexit_desc_fetch() and dispatch on its type; vmexit_seg_load()
 * with VMEXIT_LOAD_FAR only takes code segments.
 */
#ifndef VMEXIT_SEGMENT_H
#define VMEXIT_SEGMENT_H

#include <stdbool.h>
#include <stdint.h>

#include <vmexit/vcpu.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The way a segment register is being loaded; each has its own rules. */
enum vmexit_load {
	/* MOV/POP to DS, ES, FS, GS and LDS/LES/LFS/LGS (seg = that
	 * register), or to SS and LSS (seg = VMEXIT_SEG_SS). */
	VMEXIT_LOAD_MOV,
	/* Far JMP or CALL straight to a code segment (seg = CS): the new CS
	 * gets RPL = CPL. */
	VMEXIT_LOAD_FAR,
	/* Far RET or IRET: CS (seg = CS) checked against its own RPL, the
	 * new CPL; then, returning outward, SS (seg = SS) with cpl = that
	 * new CPL. */
	VMEXIT_LOAD_RET,
	VMEXIT_LOAD_LLDT, /* seg = VMEXIT_SEG_LDTR */
	VMEXIT_LOAD_LTR,  /* seg = VMEXIT_SEG_TR; sets the busy bit */
	/* A task switch loading the new task's LDTR, CS, SS, DS, ES, FS or
	 * GS: faults are #TS, #NP or #SS (SDM Vol. 3, Table "Exception
	 * Conditions Checked During a Task Switch"); cpl = the new CS.RPL. */
	VMEXIT_LOAD_TASK,
};

/* One segment load. */
struct vmexit_seg_req {
	uint8_t kind;      /* enum vmexit_load */
	uint8_t seg;       /* enum vmexit_seg: the register being loaded */
	uint16_t selector;
	uint8_t cpl;       /* privilege level the checks compare against */
	bool ext;          /* EXT bit of error codes (event delivery) */
	/* Mode, filled in by vmexit_seg_load() from the vCPU; callers of
	 * vmexit_seg_check() set them. */
	bool lma;          /* IA-32e mode: 16-byte system descriptors */
	bool mode64;       /* 64-bit mode: null SS allowed below CPL 3 */
	bool la57;         /* CR4.LA57: 57-bit canonical system bases */
};

/* A descriptor as read from memory, and decoded. */
struct vmexit_desc {
	uint64_t raw[2];   /* raw[1] only for a 16-byte system descriptor */
	uint64_t la;       /* linear address it was read from */
	/* Decoded: base (64 bits for 16-byte descriptors), limit expanded
	 * by G, ar in the VMX layout of <vmexit/x86.h>, selector. */
	struct vmexit_segment seg;
};

/* Decode an 8-byte descriptor, or a 16-byte one when `wide` (the upper
 * 32 bits of the base come from hi). */
VMEXIT_API void vmexit_desc_decode(uint64_t lo, uint64_t hi, bool wide,
				   struct vmexit_segment *out);

/* Whether a descriptor of this access-rights type is 16 bytes long in
 * IA-32e mode (an LDT, TSS, call, interrupt or trap gate). */
VMEXIT_API bool vmexit_desc_is_wide(uint32_t ar);

/*
 * Where the descriptor `sel` names lives: the GDT, or the LDT when TI = 1
 * (which needs a usable, present LDTR).  `size` is 8 or 16.  Returns true
 * and the linear address if all `size` bytes are inside the table limit;
 * false if the selector is outside (the caller raises the fault its
 * instruction defines).  Pure: uses only the given state.
 */
VMEXIT_API bool vmexit_desc_addr(const struct vmexit_sregs *s, uint16_t sel,
				 unsigned size, uint64_t *la);

/*
 * Read the descriptor at `la` (from vmexit_desc_addr) as an implicit
 * supervisor access through the page walk; `size` 8 or 16.  A #PF is
 * queued on the vCPU (VMEXIT_EXCEPTION).
 */
VMEXIT_API int vmexit_desc_fetch(struct vmexit_vcpu *v, uint64_t la,
				 unsigned size, struct vmexit_desc *d);

/* Set bits in a descriptor's type field in memory (the accessed bit, or
 * the TSS busy bit), as the processor does: an implicit supervisor write
 * of the access-rights byte.  Clears them with set = false. */
VMEXIT_API int vmexit_desc_type_bits(struct vmexit_vcpu *v,
				     struct vmexit_desc *d, uint8_t bits,
				     bool set);

/*
 * The checks `r` needs on a descriptor already read, in the manual's
 * order.  Returns true if it may be loaded; otherwise false with *f set
 * to the exception and its selector error code.  For a null selector
 * (bits 15:2 clear) pass d = NULL: nothing is read for one, and it either
 * loads an unusable segment (true) or faults (SS, CS, TR).  `hi` is the
 * upper half of a 16-byte descriptor (its type field must be 0).  Pure.
 */
VMEXIT_API bool vmexit_seg_check(const struct vmexit_seg_req *r,
				 const struct vmexit_segment *d, uint64_t hi,
				 struct vmexit_fault *f);

/*
 * The whole load as the instruction does it, except writing the
 * register: null selector, table limit, descriptor read, the checks, and
 * the accessed (or, for LTR, busy) bit written to the descriptor.
 * Real mode and virtual-8086 mode loads compute the base from the
 * selector.  Fills r->lma and r->mode64 from the vCPU.  On VMEXIT_DONE
 * *out is the value to load (the caller writes it with vmexit_set_seg(),
 * possibly after checking a second segment as far RET does with SS);
 * faults are queued (VMEXIT_EXCEPTION).
 */
VMEXIT_API int vmexit_seg_load(struct vmexit_vcpu *v,
			       struct vmexit_seg_req *r,
			       struct vmexit_segment *out);

/*
 * vmexit_seg_load() and then the register write, for the common case
 * of one segment: MOV/POP/Lxx/LLDT/LTR at the current CPL.
 */
VMEXIT_API int vmexit_load_seg(struct vmexit_vcpu *v, unsigned kind,
			       unsigned seg, uint16_t selector);

#ifdef __cplusplus
}
#endif
#endif
