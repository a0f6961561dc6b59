/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * CPUID policy: the guest's view, computed from the host's CPUID table
 * and a per-vCPU configuration (SDM Vol. 2, "CPUID"; AMD APM Vol. 3,
 * "CPUID").  What changes from the host: the hypervisor-present bit and
 * the 40000000H leaves with a configurable signature; VMX/SVM, MONITOR/
 * MWAIT and the performance-monitoring leaf hidden unless enabled; APIC
 * IDs and logical-processor counts per vCPU, with leaf 0BH/1FH topology
 * synthesized; XSAVE sizes consistent with the XCR0 the guest may use.
 */
#ifndef VMEXIT_CPUID_H
#define VMEXIT_CPUID_H

#include <stdbool.h>
#include <stdint.h>

#include <vmexit/vmexit.h>
#include <vmexit/vcpu.h>

#ifdef __cplusplus
extern "C" {
#endif

struct vmexit_cpuid_regs {
	uint32_t eax, ebx, ecx, edx;
};

/* One row of the host table, as CPUID returned it for (leaf, subleaf). */
struct vmexit_cpuid_entry {
	uint32_t leaf, subleaf;
	struct vmexit_cpuid_regs r;
};

struct vmexit_cpuid_config {
	const struct vmexit_cpuid_entry *host;
	unsigned nr_host;
	uint32_t apic_id;          /* this vCPU's (x2)APIC ID */
	uint8_t threads_per_core;  /* >= 1 */
	uint16_t cores_per_package; /* >= 1 */
	bool pmu;                  /* leaf 0AH visible */
	bool nested;               /* VMX / SVM visible */
	bool mwait;                /* MONITOR/MWAIT and leaf 05H visible */
	uint64_t xcr0_allowed;     /* XSAVE components the guest may enable */
	char signature[12];        /* 40000000H EBX, ECX, EDX */
	uint32_t hv_max_leaf;      /* 40000000H EAX; 0 means 40000000H */
};

/* The guest's CPUID for (leaf, subleaf), given the guest's CR4 (for the
 * OSXSAVE bit) and XCR0 (for the XSAVE area size).  VMEXIT_ERR_CALLER for
 * a bad configuration; otherwise VMEXIT_DONE. */
VMEXIT_API int vmexit_cpuid_query(const struct vmexit_cpuid_config *cfg,
				  uint32_t leaf, uint32_t subleaf,
				  uint64_t cr4, uint64_t xcr0,
				  struct vmexit_cpuid_regs *out);

/* Whether the leaf's output depends on ECX (the subleaf): the leaves the
 * SDM lists with "ECX = n" inputs, and AMD's 8000001DH and 80000020H. */
VMEXIT_API bool vmexit_cpuid_indexed(uint32_t leaf);

/* CPUID as executed: EAX/ECX in, EAX..EDX out (upper halves cleared).
 * Does not advance RIP (the dispatcher does). */
VMEXIT_API int vmexit_cpuid(struct vmexit_vcpu *v,
			    const struct vmexit_cpuid_config *cfg);

#ifdef __cplusplus
}
#endif
#endif
