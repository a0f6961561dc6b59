/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Event injection policy: which event the guest gets on the next VM entry
 * and which exit windows to open, as a pure function of
 *
 *   - the per-vCPU event state the VMM keeps (pending NMI, PIC and APIC
 *     requests, the exception raised while handling this exit, the SVM
 *     NMI-masking bookkeeping),
 *   - the guest's interruptibility (STI / MOV-SS shadow, blocking by NMI,
 *     RFLAGS.IF),
 *   - what the last exit reported as in flight (VMX IDT-vectoring info,
 *     SVM EXITINTINFO), validated before use.
 *
 * The result is given in both entry encodings (VMX VM-entry
 * interruption-information, SDM Vol. 3, "VM-Entry Controls for Event
 * Injection"; SVM EVENTINJ, APM Vol. 2, "Event Injection"), together with
 * the state to keep for the next exit.  Nothing here touches a vCPU.
 *
 * Order (SDM Vol. 3, "Priority Among Concurrent Exceptions and
 * Interrupts"): an event whose delivery the exit interrupted, combined
 * with an exception raised while handling the exit, belongs to the
 * instruction that was executing and goes first; then NMI; then a
 * maskable interrupt: one held back from an earlier exit, then the PIC
 * (INTR line), then the local APIC.
 *
 * VMX is assumed to run with the "virtual NMIs" control set, so blocking
 * by NMI lives in the guest interruptibility state (VMEXIT_SHADOW_NMI_
 * BLOCKED).  SVM has no NMI blocking the VMM can see; it is tracked here
 * by the IRET-intercept method: NMIs are masked from injection until the
 * guest's IRET is intercepted, and after that the NMI stays held for as
 * long as the guest is still at that IRET (at least one entry), so a
 * second NMI cannot nest inside the first handler before its IRET ran.
 */
#ifndef VMEXIT_EVENT_H
#define VMEXIT_EVENT_H

#include <stdbool.h>
#include <stdint.h>

#include <vmexit/vmexit.h>
#include <vmexit/vcpu.h>

#ifdef __cplusplus
extern "C" {
#endif

enum vmexit_arch {
	VMEXIT_ARCH_VMX = 0,
	VMEXIT_ARCH_SVM = 1,
};

/* Raw interruption-information bits: VMX IDT-vectoring / entry
 * interruption info (32 bits; error code in a separate field), SVM
 * EXITINTINFO / EVENTINJ (64 bits; error code in bits 63:32). */
#define VMEXIT_INTINFO_VECTOR_MASK 0xffu
#define VMEXIT_INTINFO_TYPE_SHIFT 8
#define VMEXIT_INTINFO_TYPE_MASK (7u << 8)
#define VMEXIT_INTINFO_EV (1u << 11)
#define VMEXIT_INTINFO_VMX_IRET_NMI (1u << 12) /* exit intr info only */
#define VMEXIT_INTINFO_VALID (1u << 31)
/* Bits that must be zero in a VMX IDT-vectoring info (bit 12 is
 * "undefined" there and ignored). */
#define VMEXIT_INTINFO_VMX_RESERVED 0x7fffe000u
/* Bits that must be zero in SVM EXITINTINFO bits 31:0. */
#define VMEXIT_INTINFO_SVM_RESERVED 0x7ffff000u

/* SVM EVENTINJ types (APM Vol. 2, "Event Injection"). */
enum vmexit_svm_evtype {
	VMEXIT_SVM_EV_INTR = 0,
	VMEXIT_SVM_EV_NMI = 2,
	VMEXIT_SVM_EV_EXCEPTION = 3, /* also INT3, INTO, INT1 */
	VMEXIT_SVM_EV_SOFTINT = 4,   /* INTn */
};

/* Where the injected event came from; the VMM acknowledges that source
 * (clears its NMI latch, acks the PIC, moves the APIC vector from IRR to
 * ISR).  The returned state already reflects the consumption. */
enum vmexit_ev_source {
	VMEXIT_SRC_NONE = 0,
	VMEXIT_SRC_REINJECT, /* the event in flight at the exit */
	VMEXIT_SRC_EXC,      /* state.exc: raised while handling the exit */
	VMEXIT_SRC_DF,       /* #DF made from in-flight + state.exc */
	VMEXIT_SRC_NMI,
	VMEXIT_SRC_HELD,     /* state.held_vector */
	VMEXIT_SRC_EXTINT,   /* the PIC */
	VMEXIT_SRC_APIC,
};

/* What the VMM keeps per vCPU between exits.  Zero is "nothing pending". */
struct vmexit_event_state {
	/* Requests not yet accepted by the guest. */
	bool nmi_pending;
	bool extint_pending;  /* PIC asserts INTR; vector it would give */
	uint8_t extint_vector;
	bool apic_pending;    /* highest vector in IRR not masked by ISR */
	uint8_t apic_vector;  /* 16..255 */
	uint8_t tpr;          /* TPR[7:4] (= CR8), 0..15 */

	/* An event raised while handling this exit (e.g. vcpu->pending):
	 * an exception, or a software interrupt the emulator executed
	 * (insn_len 1..15). */
	bool exc_valid;
	struct vmexit_event exc;

	/* An interrupt the guest had accepted, whose delivery was cut
	 * short by an exception; it is offered again like a new request. */
	bool held_valid;
	uint8_t held_vector;

	/* SVM only (ignored for VMX).  nmi_masked: an NMI was injected and
	 * its handler has not reached IRET (the IRET intercept is armed).
	 * iret_shadow: the IRET was intercepted at iret_rip and has not yet
	 * been seen to complete. */
	bool nmi_masked;
	bool iret_shadow;
	uint64_t iret_rip;
};

/* Everything the policy looks at. */
struct vmexit_event_input {
	uint8_t arch;        /* enum vmexit_arch */
	bool cet;            /* the guest has CET: #CP is contributory */
	bool protected_mode; /* CR0.PE: error codes are pushed */
	struct vmexit_event_state state;

	/* Interruptibility at the exit. */
	uint32_t shadow;     /* enum vmexit_shadow bits */
	uint64_t rflags;
	uint64_t rip;

	/* What the exit reported.  intinfo: VMX IDT-vectoring information
	 * (bits 31:0), with its error code in intinfo_error; SVM
	 * EXITINTINFO (all 64 bits; intinfo_error is ignored).  insn_len:
	 * length of the instruction at RIP when the in-flight event is a
	 * software interrupt or exception (VMX: the VM-exit instruction
	 * length; SVM: from nRIP or decoding); 0 if unknown, in which case
	 * the software event is not re-injected and the instruction runs
	 * again (a fault in its delivery recurs the same way). */
	uint64_t intinfo;
	uint32_t intinfo_error;
	uint8_t insn_len;
	/* VMX: bit 12 of the exit interruption info or qualification ("NMI
	 * unblocking due to IRET").  Ignored when intinfo is valid. */
	bool iret_unblocked_nmi;
	/* SVM: the exit was the IRET intercept (exit code 0x74). */
	bool svm_iret_exit;
};

struct vmexit_event_output {
	/* The event to inject, if any, and where it came from. */
	bool inject;
	uint8_t source;      /* enum vmexit_ev_source */
	struct vmexit_event ev;

	/* VMX encodings: VM-entry interruption-information, exception error
	 * code and instruction length fields (0 when nothing is injected). */
	uint32_t vmx_intr_info;
	uint32_t vmx_error;
	uint32_t vmx_insn_len;

	/* SVM EVENTINJ.  For software events the return address must be
	 * the next instruction: with NRIPS write svm_next_rip to the VMCB
	 * nRIP field; without NRIPS set guest RIP to it before VMRUN. */
	uint64_t svm_eventinj;
	bool svm_set_next_rip;
	uint64_t svm_next_rip;

	/* Windows.  irq_window: exit as soon as a maskable interrupt can be
	 * delivered (VMX interrupt-window exiting; SVM V_IRQ with IGN_TPR,
	 * vector 0, and the VINTR intercept).  nmi_window: exit as soon as
	 * an NMI can be delivered (VMX NMI-window exiting; SVM has none:
	 * single-step the guest, the way KVM does). */
	bool irq_window;
	bool nmi_window;

	/* SVM extras. */
	bool svm_iret_intercept;  /* arm the IRET intercept */
	bool svm_v_irq;           /* V_IRQ to set */
	bool svm_v_ign_tpr;
	uint8_t svm_v_intr_vector;
	uint8_t svm_v_intr_prio;
	uint8_t svm_v_tpr;

	/* VMX: an APIC vector is pending but masked by TPR; the VMM may
	 * program the TPR threshold with this class. */
	bool tpr_masked;
	uint8_t tpr_threshold;

	/* Interruptibility to write back, and the state to keep. */
	uint32_t shadow;
	struct vmexit_event_state state;
};

/*
 * Decide the next entry.  Returns VMEXIT_DONE, VMEXIT_TRIPLE_FAULT when the
 * in-flight exception and the new one combine into a shutdown (out->inject
 * is false then; the VMM shuts the guest down), or VMEXIT_ERR_CALLER for
 * NULL pointers, malformed raw intinfo (reserved bits, an NMI type with a
 * vector other than 2, a hardware exception with vector 2 or 32 and up, an
 * error code on a vector or type that has none) or an inconsistent state.
 * On error *out is zeroed.
 */
VMEXIT_API int vmexit_event_decide(const struct vmexit_event_input *in,
				   struct vmexit_event_output *out);

/* Parse raw interruption information into an event (validated as above).
 * Returns VMEXIT_DONE with *valid false when the valid bit is clear. */
VMEXIT_API int vmexit_intinfo_vmx(uint32_t info, uint32_t error,
				  uint8_t insn_len, bool *valid,
				  struct vmexit_event *ev);
VMEXIT_API int vmexit_intinfo_svm(uint64_t info, uint8_t insn_len,
				  bool *valid, struct vmexit_event *ev);

/* Encode an event; VMEXIT_ERR_CALLER if it cannot be injected. */
VMEXIT_API int vmexit_event_to_vmx(const struct vmexit_event *ev,
				   uint32_t *info, uint32_t *error,
				   uint32_t *insn_len);
VMEXIT_API int vmexit_event_to_svm(const struct vmexit_event *ev,
				   uint64_t *eventinj);

#ifdef __cplusplus
}
#endif
#endif
