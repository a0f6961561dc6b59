/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * MSR policy: RDMSR/WRMSR of the MSRs the library owns, with the checks
 * WRMSR makes (SDM Vol. 4, "Model-Specific Registers"; SDM Vol. 2,
 * "WRMSR"; AMD APM Vol. 2, "Model-Specific Registers").  A write the
 * processor would refuse queues #GP(0).  Any other MSR goes to the
 * backend's rdmsr/wrmsr op, or raises #GP, as the configuration says.
 */
#ifndef VMEXIT_MSR_H
#define VMEXIT_MSR_H

#include <stdbool.h>
#include <stdint.h>

#include <vmexit/vmexit.h>
#include <vmexit/vcpu.h>

#ifdef __cplusplus
extern "C" {
#endif

#define VMEXIT_MSR_TSC 0x10u
#define VMEXIT_MSR_APIC_BASE 0x1bu
#define VMEXIT_MSR_MTRRCAP 0xfeu
#define VMEXIT_MSR_SYSENTER_CS 0x174u
#define VMEXIT_MSR_SYSENTER_ESP 0x175u
#define VMEXIT_MSR_SYSENTER_EIP 0x176u
#define VMEXIT_MSR_MISC_ENABLE 0x1a0u
#define VMEXIT_MSR_PAT 0x277u
#define VMEXIT_MSR_MTRR_DEF_TYPE 0x2ffu
#define VMEXIT_MSR_EFER 0xc0000080u
#define VMEXIT_MSR_STAR 0xc0000081u
#define VMEXIT_MSR_LSTAR 0xc0000082u
#define VMEXIT_MSR_CSTAR 0xc0000083u
#define VMEXIT_MSR_SFMASK 0xc0000084u
#define VMEXIT_MSR_FS_BASE 0xc0000100u
#define VMEXIT_MSR_GS_BASE 0xc0000101u
#define VMEXIT_MSR_KERNEL_GS_BASE 0xc0000102u
#define VMEXIT_MSR_TSC_AUX 0xc0000103u

#define VMEXIT_APIC_BASE_BSP (1ull << 8)
#define VMEXIT_APIC_BASE_EXTD (1ull << 10)
#define VMEXIT_APIC_BASE_EN (1ull << 11)

/* What the guest's CPU has; fixed for the life of the VM. */
struct vmexit_msr_config {
	uint64_t efer_mask;      /* EFER bits the guest may set */
	bool rdtscp;             /* IA32_TSC_AUX exists */
	bool x2apic;             /* APIC base EXTD may be set */
	bool la57;               /* 57-bit canonical addresses */
	uint8_t mtrr_vcnt;       /* variable MTRRs */
	bool mtrr_fixed;         /* fixed-range MTRRs */
	bool mtrr_wc;            /* write-combining type */
	uint64_t misc_enable_writable; /* MISC_ENABLE bits a write may flip */
	bool unknown_to_vmm;     /* unknown MSRs to ops->rdmsr/wrmsr, not #GP */
};

/* Per-vCPU values of the MSRs the library owns and the vCPU cache does
 * not hold; the VMM keeps them and mirrors them into its VMCS/VMCB. */
struct vmexit_msr_state {
	uint64_t tsc_offset;     /* guest TSC = host TSC + offset */
	uint64_t apic_base;
	uint64_t pat;
	uint64_t tsc_aux;
	uint64_t sysenter_cs, sysenter_esp, sysenter_eip;
	uint64_t star, lstar, cstar, sfmask, kernel_gs_base;
	uint64_t mtrr_def_type;
	uint64_t misc_enable;
};

/* Power-on values (SDM Vol. 3, "Processor State After Reset"). */
VMEXIT_API void vmexit_msr_reset(struct vmexit_msr_state *s, bool bsp);

/* Read or write one MSR.  Returns VMEXIT_DONE, VMEXIT_EXCEPTION (#GP
 * queued), VMEXIT_UNHANDLED (unknown MSR, no backend op), or a backend
 * error.  host_tsc: the host TSC at the exit (for IA32_TSC). */
VMEXIT_API int vmexit_msr_read(struct vmexit_vcpu *v,
			       const struct vmexit_msr_config *cfg,
			       struct vmexit_msr_state *s, uint32_t msr,
			       uint64_t host_tsc, uint64_t *val);
VMEXIT_API int vmexit_msr_write(struct vmexit_vcpu *v,
				const struct vmexit_msr_config *cfg,
				struct vmexit_msr_state *s, uint32_t msr,
				uint64_t val, uint64_t host_tsc);

/* RDMSR / WRMSR as executed: ECX names the MSR, EDX:EAX the value. */
VMEXIT_API int vmexit_rdmsr(struct vmexit_vcpu *v,
			    const struct vmexit_msr_config *cfg,
			    struct vmexit_msr_state *s, uint64_t host_tsc);
VMEXIT_API int vmexit_wrmsr(struct vmexit_vcpu *v,
			    const struct vmexit_msr_config *cfg,
			    struct vmexit_msr_state *s, uint64_t host_tsc);

#ifdef __cplusplus
}
#endif
#endif
