/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The exit dispatcher: routes a decoded exit record (<vmexit/exit.h>) to
 * the library's handlers and says what is left for the VMM.
 *
 *   task switch                       vmexit_task_switch()
 *   I/O, MMIO (NPF / EPT violation / EPT misconfig / APIC access)
 *                                     the emulator, through the vCPU's
 *                                     device callbacks
 *   CPUID, RDMSR/WRMSR, XSETBV        the policies
 *   RDTSC, RDTSCP                     the TSC offset in the MSR state
 *   exceptions                        reflected (CR2, error code, DR6)
 *   HLT, PAUSE, VMCALL/VMMCALL        RIP advanced; HLT and hypercalls
 *                                     handed to the VMM
 *   VMX/SVM instructions              #UD
 *   MONITOR/MWAIT                     NOP or #UD by configuration
 *   INVD/WBINVD                       NOP
 *   windows, IRET intercept, MTF      nothing: the VMM runs the event
 *                                     policy before every entry
 *
 * Event integration: an exception raised here is left in vcpu->pending.
 * Before entry the VMM calls vmexit_event_decide() with state.exc taken
 * from vcpu->pending and the record's intinfo (0 if intinfo_consumed),
 * clears vcpu->pending_valid, and injects what the policy returns: the
 * policy is what combines the two into #DF or a triple fault.
 */
#ifndef VMEXIT_DISPATCH_H
#define VMEXIT_DISPATCH_H

#include <stdbool.h>
#include <stdint.h>

#include <vmexit/cpuid.h>
#include <vmexit/exit.h>
#include <vmexit/msr.h>
#include <vmexit/vcpu.h>

#ifdef __cplusplus
extern "C" {
#endif

enum vmexit_action {
	VMEXIT_ACT_RESUME = 0,   /* run the event policy and enter */
	VMEXIT_ACT_HALT,         /* HLT retired: wait for an event */
	VMEXIT_ACT_HYPERCALL,    /* VMCALL/VMMCALL retired; args in GPRs */
	VMEXIT_ACT_INTERRUPT,    /* host interrupt, NMI, #MC, SMI, INIT, SIPI */
	VMEXIT_ACT_SHUTDOWN,     /* triple fault: stop or reset the guest */
	VMEXIT_ACT_ENTRY_FAILED, /* VM entry failed: raw reason in the record */
	VMEXIT_ACT_UNKNOWN,      /* not handled: raw fields in the record */
};

struct vmexit_dispatch_config {
	const struct vmexit_cpuid_config *cpuid;
	const struct vmexit_msr_config *msr;
	struct vmexit_msr_state *msr_state; /* this vCPU's */
	uint64_t xcr0_allowed;
	uint64_t host_tsc;       /* host TSC at the exit */
	bool mwait_nop;          /* MONITOR/MWAIT retire as NOPs, else #UD */
};

struct vmexit_dispatch_result {
	uint8_t action;          /* enum vmexit_action */
	bool intinfo_consumed;   /* a task switch delivered the in-flight
				    event: do not re-inject it */
};

/*
 * Handle one exit.  Returns the handler's status (VMEXIT_DONE,
 * VMEXIT_EXCEPTION, VMEXIT_TRIPLE_FAULT, VMEXIT_UNHANDLED with
 * vcpu->diag, or an error) and sets res->action.
 */
VMEXIT_API int vmexit_handle(struct vmexit_vcpu *v, const struct vmexit_exit *x,
			     const struct vmexit_dispatch_config *cfg,
			     struct vmexit_dispatch_result *res);

#ifdef __cplusplus
}
#endif
#endif
