/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * XSETBV: the XCR0 validity rules (SDM Vol. 2, "XSETBV—Set Extended
 * Control Register"; SDM Vol. 1, "Enabling the XSAVE Feature Set and
 * XSAVE-Enabled Features").  A bad value is answered with the exception
 * the instruction raises, never by stopping the guest.
 */
#ifndef VMEXIT_XSETBV_H
#define VMEXIT_XSETBV_H

#include <stdint.h>

#include <vmexit/vmexit.h>
#include <vmexit/vcpu.h>

#ifdef __cplusplus
extern "C" {
#endif

#define VMEXIT_XCR0_X87 (1ull << 0)
#define VMEXIT_XCR0_SSE (1ull << 1)
#define VMEXIT_XCR0_AVX (1ull << 2)
#define VMEXIT_XCR0_BNDREGS (1ull << 3)
#define VMEXIT_XCR0_BNDCSR (1ull << 4)
#define VMEXIT_XCR0_OPMASK (1ull << 5)
#define VMEXIT_XCR0_ZMM_HI256 (1ull << 6)
#define VMEXIT_XCR0_HI16_ZMM (1ull << 7)
#define VMEXIT_XCR0_PKRU (1ull << 9)
#define VMEXIT_XCR0_TILECFG (1ull << 17)
#define VMEXIT_XCR0_TILEDATA (1ull << 18)
#define VMEXIT_XCR0_AVX512 \
	(VMEXIT_XCR0_OPMASK | VMEXIT_XCR0_ZMM_HI256 | VMEXIT_XCR0_HI16_ZMM)

/*
 * Check an XSETBV.  allowed: the XCR0 bits the guest may enable (what
 * the host supports, cut down to what the guest's CPUID 0DH advertises).
 * Returns VMEXIT_DONE if XCR0 may be set to value, else VMEXIT_EXCEPTION
 * with *vector = #UD (CR4.OSXSAVE clear) or #GP (error code 0).
 */
VMEXIT_API int vmexit_xsetbv_check(uint32_t ecx, uint64_t value, unsigned cpl,
				   uint64_t cr4, uint64_t allowed,
				   uint8_t *vector);

/* XSETBV on a vCPU: reads ECX, EDX:EAX, CPL and CR4, raises the fault or
 * sets vregs.xcr0.  Does not advance RIP (the dispatcher does). */
VMEXIT_API int vmexit_xsetbv(struct vmexit_vcpu *v, uint64_t allowed);

#ifdef __cplusplus
}
#endif
#endif
