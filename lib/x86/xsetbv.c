/* SPDX-License-Identifier: BSD-2-Clause */
/* XSETBV validation; see <vmexit/xsetbv.h>. */
#include <vmexit/x86.h>
#include <vmexit/xsetbv.h>

/* The pairs and groups of XCR0 that must be enabled together, and what
 * they depend on (SDM Vol. 2, XSETBV "Operation" and "Protected Mode
 * Exceptions"). */
static bool xcr0_consistent(uint64_t x)
{
	uint64_t avx512 = x & VMEXIT_XCR0_AVX512;
	uint64_t mpx = x & (VMEXIT_XCR0_BNDREGS | VMEXIT_XCR0_BNDCSR);
	uint64_t amx = x & (VMEXIT_XCR0_TILECFG | VMEXIT_XCR0_TILEDATA);

	if (!(x & VMEXIT_XCR0_X87))
		return false; /* x87 state can never be disabled */
	if ((x & VMEXIT_XCR0_AVX) && !(x & VMEXIT_XCR0_SSE))
		return false; /* AVX needs SSE */
	if (avx512 && avx512 != VMEXIT_XCR0_AVX512)
		return false; /* the three AVX-512 components together */
	if (avx512 && !(x & VMEXIT_XCR0_AVX))
		return false; /* ... and on top of AVX (and so SSE) */
	if (mpx && mpx != (VMEXIT_XCR0_BNDREGS | VMEXIT_XCR0_BNDCSR))
		return false; /* MPX BNDREGS and BNDCSR together */
	if (amx && amx != (VMEXIT_XCR0_TILECFG | VMEXIT_XCR0_TILEDATA))
		return false; /* AMX TILECFG and TILEDATA together */
	return true;
}

int vmexit_xsetbv_check(uint32_t ecx, uint64_t value, unsigned cpl,
			uint64_t cr4, uint64_t allowed, uint8_t *vector)
{
	if (!vector)
		return VMEXIT_ERR_CALLER;
	*vector = 0;
	if (!(cr4 & VMEXIT_CR4_OSXSAVE)) {
		*vector = VMEXIT_EXC_UD;
		return VMEXIT_EXCEPTION;
	}
	/* CPL > 0, an XCR other than XCR0 (XCR1 is read-only through
	 * XGETBV), a bit beyond what is supported, or an inconsistent
	 * combination: #GP(0). */
	if (cpl != 0 || ecx != 0 || (value & ~allowed) ||
	    !xcr0_consistent(value)) {
		*vector = VMEXIT_EXC_GP;
		return VMEXIT_EXCEPTION;
	}
	return VMEXIT_DONE;
}

int vmexit_xsetbv(struct vmexit_vcpu *v, uint64_t allowed)
{
	uint64_t rcx, rax, rdx, cr4;
	unsigned cpl;
	uint8_t vector;
	int rc;

	if (!v)
		return VMEXIT_ERR_CALLER;
	if ((rc = vmexit_get_reg(v, VMEXIT_RCX, &rcx)) != VMEXIT_DONE ||
	    (rc = vmexit_get_reg(v, VMEXIT_RAX, &rax)) != VMEXIT_DONE ||
	    (rc = vmexit_get_reg(v, VMEXIT_RDX, &rdx)) != VMEXIT_DONE ||
	    (rc = vmexit_get_reg(v, VMEXIT_REG_CR4, &cr4)) != VMEXIT_DONE ||
	    (rc = vmexit_cpl(v, &cpl)) != VMEXIT_DONE)
		return rc;
	uint64_t value = (rdx << 32) | (uint32_t)rax;
	rc = vmexit_xsetbv_check((uint32_t)rcx, value, cpl, cr4, allowed,
				 &vector);
	if (rc == VMEXIT_EXCEPTION) {
		struct vmexit_fault f = { .vector = vector,
					  .has_error = vector == VMEXIT_EXC_GP };
		return vmexit_raise(v, &f);
	}
	if ((rc = vmexit_vcpu_fetch(v, VMEXIT_G_VREGS)) != VMEXIT_DONE)
		return rc;
	v->vregs.xcr0 = value;
	vmexit_vcpu_mark_dirty(v, VMEXIT_G_VREGS);
	return VMEXIT_DONE;
}
