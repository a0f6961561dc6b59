/* SPDX-License-Identifier: BSD-2-Clause */
/* VMX control computation; see <vmexit/vmx_ctl.h>. */
#include <vmexit/vmx_ctl.h>
#include <vmexit/x86.h>

/* Primary processor-based control 31: "activate secondary controls". */
#define PROC_SECONDARY (1u << 31)

/* Which MSR reports a field, and which reports its default1 bits.  The
 * capability MSRs put the allowed-0 settings (bit set: must be 1) in bits
 * 31:0 and the allowed-1 settings (bit clear: must be 0) in 63:32. */
static void caps_of(const struct vmexit_vmx_caps *c, unsigned which,
		    uint64_t *msr, uint64_t *dflt)
{
	bool tru = (c->basic & VMEXIT_VMX_BASIC_TRUE_CTLS) != 0;

	switch (which) {
	case VMEXIT_VMX_CTL_PIN:
		*dflt = c->pin;
		*msr = tru ? c->true_pin : c->pin;
		break;
	case VMEXIT_VMX_CTL_PROC:
		*dflt = c->proc;
		*msr = tru ? c->true_proc : c->proc;
		break;
	case VMEXIT_VMX_CTL_EXIT:
		*dflt = c->exit;
		*msr = tru ? c->true_exit : c->exit;
		break;
	case VMEXIT_VMX_CTL_ENTRY:
		*dflt = c->entry;
		*msr = tru ? c->true_entry : c->entry;
		break;
	default: /* secondary: no TRUE MSR, no default1 class */
		*dflt = 0;
		*msr = c->proc2 & 0xffffffff00000000ull;
		/* The field exists only if the primary bit 31 may be 1. */
		if (!((c->proc >> 32) & PROC_SECONDARY))
			*msr = 0;
		break;
	}
}

int vmexit_vmx_ctl(const struct vmexit_vmx_caps *caps, unsigned which,
		   uint32_t set, uint32_t clear, uint32_t *value,
		   uint32_t *bad)
{
	uint64_t msr, dflt;
	uint32_t must1, may1, flexible, defaults;

	if (!caps || !value || !bad || which > VMEXIT_VMX_CTL_ENTRY)
		return VMEXIT_ERR_CALLER;
	caps_of(caps, which, &msr, &dflt);
	must1 = (uint32_t)msr;
	may1 = (uint32_t)(msr >> 32);
	/* Wanted 1 but may not be; wanted 0 but must be 1; both. */
	*bad = (set & ~may1) | (clear & must1) | (set & clear);
	*value = 0;
	if (*bad)
		return VMEXIT_ERR_CALLER;
	/* SDM Vol. 3, "Algorithms for Determining VMX Capabilities": a bit
	 * software does not care about is set to its default, 1 for the
	 * default1 class (fixed to 1 in the non-TRUE MSR), else 0. */
	flexible = must1 ^ may1;
	defaults = flexible & (uint32_t)dflt & ~clear;
	*value = must1 | set | defaults;
	return VMEXIT_DONE;
}

static bool fixed_ok(uint64_t val, uint64_t fixed0, uint64_t fixed1,
		     uint64_t *bad)
{
	uint64_t b = (fixed0 & ~val) | (val & ~fixed1);

	if (bad)
		*bad = b;
	return b == 0;
}

bool vmexit_vmx_cr0_ok(const struct vmexit_vmx_caps *caps, uint64_t cr0,
		       bool unrestricted, uint64_t *bad)
{
	uint64_t fixed0;
	bool ok;

	if (!caps) {
		if (bad)
			*bad = 0;
		return false;
	}
	fixed0 = caps->cr0_fixed0;
	if (unrestricted)
		fixed0 &= ~(VMEXIT_CR0_PE | VMEXIT_CR0_PG);
	ok = fixed_ok(cr0, fixed0, caps->cr0_fixed1, bad);
	if ((cr0 & VMEXIT_CR0_PG) && !(cr0 & VMEXIT_CR0_PE)) {
		if (bad)
			*bad |= VMEXIT_CR0_PG;
		ok = false;
	}
	return ok;
}

bool vmexit_vmx_cr4_ok(const struct vmexit_vmx_caps *caps, uint64_t cr4,
		       uint64_t *bad)
{
	if (!caps) {
		if (bad)
			*bad = 0;
		return false;
	}
	return fixed_ok(cr4, caps->cr4_fixed0, caps->cr4_fixed1, bad);
}
