/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * VMX control fields from the capability MSRs (SDM Vol. 3, Appendix A,
 * "VMX Capability Reporting Facility", and "Algorithms for Determining
 * VMX Capabilities"), and the CR0/CR4 fixed-bit checks ("VMX-Fixed Bits
 * in CR0" / "in CR4").
 */
#ifndef VMEXIT_VMX_CTL_H
#define VMEXIT_VMX_CTL_H

#include <stdbool.h>
#include <stdint.h>

#include <vmexit/vmexit.h>

#ifdef __cplusplus
extern "C" {
#endif

#define VMEXIT_MSR_VMX_BASIC 0x480u
#define VMEXIT_MSR_VMX_PINBASED_CTLS 0x481u
#define VMEXIT_MSR_VMX_PROCBASED_CTLS 0x482u
#define VMEXIT_MSR_VMX_EXIT_CTLS 0x483u
#define VMEXIT_MSR_VMX_ENTRY_CTLS 0x484u
#define VMEXIT_MSR_VMX_CR0_FIXED0 0x486u
#define VMEXIT_MSR_VMX_CR0_FIXED1 0x487u
#define VMEXIT_MSR_VMX_CR4_FIXED0 0x488u
#define VMEXIT_MSR_VMX_CR4_FIXED1 0x489u
#define VMEXIT_MSR_VMX_PROCBASED_CTLS2 0x48bu
#define VMEXIT_MSR_VMX_TRUE_PINBASED_CTLS 0x48du
#define VMEXIT_MSR_VMX_TRUE_PROCBASED_CTLS 0x48eu
#define VMEXIT_MSR_VMX_TRUE_EXIT_CTLS 0x48fu
#define VMEXIT_MSR_VMX_TRUE_ENTRY_CTLS 0x490u

/* IA32_VMX_BASIC[55]: the TRUE capability MSRs exist. */
#define VMEXIT_VMX_BASIC_TRUE_CTLS (1ull << 55)

enum vmexit_vmx_ctl {
	VMEXIT_VMX_CTL_PIN,
	VMEXIT_VMX_CTL_PROC,
	VMEXIT_VMX_CTL_PROC2,
	VMEXIT_VMX_CTL_EXIT,
	VMEXIT_VMX_CTL_ENTRY,
};

/* The capability MSRs as read on the host.  The TRUE ones are used only
 * when basic says they exist. */
struct vmexit_vmx_caps {
	uint64_t basic;
	uint64_t pin, proc, proc2, exit, entry;
	uint64_t true_pin, true_proc, true_exit, true_entry;
	uint64_t cr0_fixed0, cr0_fixed1, cr4_fixed0, cr4_fixed1;
};

/*
 * Compute one control field.  set: bits the caller needs 1; clear: bits
 * it needs 0; every other bit takes its default: 1 if the processor
 * requires it, else 1 for the "default1" bits (those the non-TRUE MSR
 * reports as fixed to 1), else 0.  Returns VMEXIT_DONE with *value, or
 * VMEXIT_ERR_CALLER with *bad naming the bits that cannot be honoured
 * (and *value 0).  Secondary controls are all 0 unless the primary
 * processor-based control bit 31 can be 1.
 */
VMEXIT_API int vmexit_vmx_ctl(const struct vmexit_vmx_caps *caps,
			      unsigned which, uint32_t set, uint32_t clear,
			      uint32_t *value, uint32_t *bad);

/*
 * CR0/CR4 against the fixed bits: a bit set in FIXED0 must be 1, a bit
 * clear in FIXED1 must be 0.  With unrestricted guest, CR0.PE and CR0.PG
 * may be 0, but PG = 1 still needs PE = 1 (SDM Vol. 3, "Checks on Guest
 * Control Registers, Debug Registers, and MSRs").  Returns true if
 * allowed; *bad gets the offending bits.
 */
VMEXIT_API bool vmexit_vmx_cr0_ok(const struct vmexit_vmx_caps *caps,
				  uint64_t cr0, bool unrestricted,
				  uint64_t *bad);
VMEXIT_API bool vmexit_vmx_cr4_ok(const struct vmexit_vmx_caps *caps,
				  uint64_t cr4, uint64_t *bad);

#ifdef __cplusplus
}
#endif
#endif
