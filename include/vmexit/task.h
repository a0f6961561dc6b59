/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The hardware task switch (SDM Vol. 3, "Task Management"; AMD APM
 * Vol. 2, "Task Management"), for both TSS formats in both directions,
 * started by CALL, JMP, IRET or an IDT task gate.  VMX and SVM both exit
 * before the switch and leave all of it to software.
 *
 * The entry point takes a neutral description of the switch that any
 * exit decoder can fill:
 *
 *   field       VMX (exit reason 9)                SVM (#VMEXIT 7DH)
 *   selector    qualification bits 15:0            EXITINFO1 bits 15:0
 *   reason      qualification bits 31:30           EXITINFO2 bit 36 IRET,
 *               (0 CALL, 1 IRET, 2 JMP, 3 IDT)     bit 38 JMP; IDT if
 *                                                  EXITINTINFO is valid;
 *                                                  else CALL
 *   has_error   IDT-vectoring info bit 11          EXITINFO2 bit 44
 *   error       IDT-vectoring error code           EXITINFO2 bits 31:0
 *   ext         IDT-vectoring type is external     EXITINTINFO type is
 *               interrupt, NMI or hardware          INTR, NMI or exception
 *               exception (not INT n/INT3/INTO)     (not software int)
 *   event_type, IDT-vectoring info type and         EXITINTINFO type and
 *   vector      vector (reason IDT only)            vector (converted to
 *                                                  enum vmexit_event_type)
 *   insn_len    VM-exit instruction length for      next RIP - RIP (with
 *               CALL, JMP, IRET and software        NRIP save) for the same;
 *               interrupts; 0 for faults, NMI,      0 for faults, NMI and
 *               external interrupts                 interrupts
 *
 * The IDT-vectoring information (EXITINTINFO) must not be re-injected
 * after this call: event_consumed says the event was delivered (through
 * the switch) or replaced by the fault the switch raised.
 */
#ifndef VMEXIT_TASK_H
#define VMEXIT_TASK_H

#include <stdbool.h>
#include <stdint.h>

#include <vmexit/vcpu.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Why the switch happens; the VMX exit-qualification encoding. */
enum vmexit_ts_reason {
	VMEXIT_TS_CALL = 0,
	VMEXIT_TS_IRET = 1,
	VMEXIT_TS_JMP = 2,
	VMEXIT_TS_IDT = 3, /* an exception or interrupt through a task gate */
};

struct vmexit_task_switch {
	/* in */
	uint16_t selector;  /* the new TSS (for IRET: the old TSS's link) */
	uint8_t reason;     /* enum vmexit_ts_reason */
	bool has_error;     /* an error code to push (reason IDT only) */
	uint32_t error;
	bool ext;           /* EXT bit for the error codes of faults */
	uint8_t insn_len;   /* added to RIP for the EIP saved in the old TSS */
	uint8_t event_type; /* reason IDT: enum vmexit_event_type ... */
	uint8_t vector;     /* ... and vector of the event being delivered */
	/* out */
	bool event_consumed; /* do not re-inject the IDT-vectoring event */
};

/*
 * Perform the task switch on the vCPU's cached state.  Returns
 * VMEXIT_DONE; VMEXIT_EXCEPTION when a fault (in the old task's context
 * before the commit point, in the new one's after it) or the T-bit #DB
 * was queued; VMEXIT_TRIPLE_FAULT; VMEXIT_UNHANDLED outside protected
 * mode or when a descriptor table or TSS is not RAM/MMIO; or an error.
 */
VMEXIT_API int vmexit_task_switch(struct vmexit_vcpu *v,
				  struct vmexit_task_switch *ts);

#ifdef __cplusplus
}
#endif
#endif
