/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * KVM's XSAVE image (struct kvm_xsave: 4 KiB in the standard, not the
 * compacted, format of SDM Vol. 1, "XSAVE Area") and struct vmexit_vregs.
 * Private to the KVM adapter and its test.
 */
#ifndef VMEXIT_KVM_XSAVE_H
#define VMEXIT_KVM_XSAVE_H

#include <stdint.h>

#include <vmexit/vcpu.h>

#define VMEXIT_XSAVE_SIZE 4096u

/* Where components 2 (YMM_Hi128) and 5-7 (opmask, ZMM_Hi256, Hi16_ZMM)
 * are: the host's CPUID.(EAX=0DH,ECX=i).EBX, which KVM's image follows;
 * 0 where the host lacks one or it would not fit. */
void vmexit_xsave_layout(uint32_t off[8]);

/* The vector registers from an image (xcr0 not touched): a component
 * whose XSTATE_BV bit is clear is in its initial state, zeros. */
void vmexit_xsave_get(const uint8_t *img, const uint32_t off[8],
		      struct vmexit_vregs *v);

/* The vector registers into an image that holds the vCPU's current
 * state (other components stay): x87, SSE, and the YMM and AVX-512
 * components v->xcr0 enables, their XSTATE_BV bits set. */
void vmexit_xsave_put(uint8_t *img, const uint32_t off[8],
		      const struct vmexit_vregs *v);

#endif
