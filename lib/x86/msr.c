/* SPDX-License-Identifier: BSD-2-Clause */
/* MSR policy; see <vmexit/msr.h>. */
#include "libc.h"

#include <vmexit/msr.h>
#include <vmexit/x86.h>

void vmexit_msr_reset(struct vmexit_msr_state *s, bool bsp)
{
	if (!s)
		return;
	memset(s, 0, sizeof(*s));
	/* APIC enabled at FEE00000H; PAT 0007040600070406H (SDM Vol. 3,
	 * "IA32_APIC_BASE MSR", "PAT Initialization"). */
	s->apic_base = 0xfee00000ull | VMEXIT_APIC_BASE_EN |
		       (bsp ? VMEXIT_APIC_BASE_BSP : 0);
	s->pat = 0x0007040600070406ull;
}

static bool canonical(const struct vmexit_msr_config *cfg, uint64_t a)
{
	unsigned bits = cfg->la57 ? 57 : 48;
	int64_t s = (int64_t)(a << (64 - bits)) >> (64 - bits);

	return (uint64_t)s == a;
}

/* Memory types valid in PAT entries and MTRRs: UC 0, WC 1, WT 4, WP 5,
 * WB 6; PAT adds UC- 7 (SDM Vol. 3, "Memory Types That Can Be Encoded
 * With PAT"). */
static bool pat_ok(uint64_t pat)
{
	for (unsigned i = 0; i < 8; i++) {
		uint8_t t = (uint8_t)(pat >> (8 * i));
		if (t > 7 || t == 2 || t == 3)
			return false;
	}
	return true;
}

static bool mtrr_type_ok(const struct vmexit_msr_config *cfg, uint8_t t)
{
	return t == 0 || t == 4 || t == 5 || t == 6 || (t == 1 && cfg->mtrr_wc);
}

static uint64_t phys_mask(const struct vmexit_vcpu *v)
{
	unsigned w = v->cfg.maxphyaddr ? v->cfg.maxphyaddr : 52;
	return w >= 64 ? ~0ull : (1ull << w) - 1;
}

/*
 * APIC base: reserved bits 0-7 and 9, EXTD without x2APIC, base beyond
 * MAXPHYADDR; and the transitions SDM Vol. 3 "x2APIC State Transitions"
 * forbids: EXTD without EN, x2APIC straight to xAPIC, disabled straight
 * to x2APIC.  BSP is the processor's, not software's.
 */
static bool apic_base_ok(const struct vmexit_vcpu *v,
			 const struct vmexit_msr_config *cfg, uint64_t old,
			 uint64_t val)
{
	uint64_t ok = (phys_mask(v) & ~0xfffull) | VMEXIT_APIC_BASE_BSP |
		      VMEXIT_APIC_BASE_EN |
		      (cfg->x2apic ? VMEXIT_APIC_BASE_EXTD : 0);
	uint64_t mode = VMEXIT_APIC_BASE_EN | VMEXIT_APIC_BASE_EXTD;
	uint64_t from = old & mode, to = val & mode;

	if (val & ~ok)
		return false;
	if (to == VMEXIT_APIC_BASE_EXTD)
		return false;
	if (from == mode && to == VMEXIT_APIC_BASE_EN)
		return false;
	if (from == 0 && to == mode)
		return false;
	return true;
}

/*
 * EFER: bits the guest's CPU lacks are reserved; LMA is maintained by the
 * processor and a written value is ignored (SDM Vol. 4, IA32_EFER "IA-32e
 * Mode Active (R)"); LME cannot change while paging is on (SDM Vol. 3,
 * "Initializing IA-32e Mode").
 */
static int write_efer(struct vmexit_vcpu *v, const struct vmexit_msr_config *cfg,
		      uint64_t val)
{
	uint64_t old, cr0;
	int rc;

	if ((rc = vmexit_get_reg(v, VMEXIT_REG_EFER, &old)) != VMEXIT_DONE ||
	    (rc = vmexit_get_reg(v, VMEXIT_REG_CR0, &cr0)) != VMEXIT_DONE)
		return rc;
	if (val & ~(cfg->efer_mask | VMEXIT_EFER_LMA))
		return vmexit_raise_gp(v, 0);
	if ((cr0 & VMEXIT_CR0_PG) && ((old ^ val) & VMEXIT_EFER_LME))
		return vmexit_raise_gp(v, 0);
	val = (val & ~VMEXIT_EFER_LMA) | (old & VMEXIT_EFER_LMA);
	return vmexit_set_reg(v, VMEXIT_REG_EFER, val);
}

/* FS and GS bases live in the segment cache. */
static int seg_base(struct vmexit_vcpu *v, unsigned seg, bool write,
		    uint64_t *val)
{
	struct vmexit_segment s;
	int rc = vmexit_get_seg(v, seg, &s);

	if (rc != VMEXIT_DONE || !write) {
		if (rc == VMEXIT_DONE)
			*val = s.base;
		return rc;
	}
	s.base = *val;
	return vmexit_set_seg(v, seg, &s);
}

/* The plain storage MSRs: where they live in the state. */
static uint64_t *slot(struct vmexit_msr_state *s, uint32_t msr)
{
	switch (msr) {
	case VMEXIT_MSR_SYSENTER_CS: return &s->sysenter_cs;
	case VMEXIT_MSR_SYSENTER_ESP: return &s->sysenter_esp;
	case VMEXIT_MSR_SYSENTER_EIP: return &s->sysenter_eip;
	case VMEXIT_MSR_STAR: return &s->star;
	case VMEXIT_MSR_LSTAR: return &s->lstar;
	case VMEXIT_MSR_CSTAR: return &s->cstar;
	case VMEXIT_MSR_SFMASK: return &s->sfmask;
	case VMEXIT_MSR_KERNEL_GS_BASE: return &s->kernel_gs_base;
	case VMEXIT_MSR_PAT: return &s->pat;
	case VMEXIT_MSR_APIC_BASE: return &s->apic_base;
	case VMEXIT_MSR_MTRR_DEF_TYPE: return &s->mtrr_def_type;
	case VMEXIT_MSR_MISC_ENABLE: return &s->misc_enable;
	default: return NULL;
	}
}

/* Whether a value may be written to a storage MSR. */
static bool store_ok(const struct vmexit_vcpu *v,
		     const struct vmexit_msr_config *cfg,
		     const struct vmexit_msr_state *s, uint32_t msr,
		     uint64_t val)
{
	switch (msr) {
	case VMEXIT_MSR_SYSENTER_ESP:
	case VMEXIT_MSR_SYSENTER_EIP:
	case VMEXIT_MSR_LSTAR:
	case VMEXIT_MSR_CSTAR:
	case VMEXIT_MSR_KERNEL_GS_BASE:
		return canonical(cfg, val); /* WRMSR: #GP if not canonical */
	case VMEXIT_MSR_SFMASK:
		return (val >> 32) == 0;    /* bits 63:32 reserved */
	case VMEXIT_MSR_PAT:
		return pat_ok(val);
	case VMEXIT_MSR_APIC_BASE:
		return apic_base_ok(v, cfg, s->apic_base, val);
	case VMEXIT_MSR_MTRR_DEF_TYPE:
		/* Type in 7:0, FE 10 (with fixed MTRRs), E 11. */
		return !(val & ~(0x8ffull | (cfg->mtrr_fixed ? 0x400 : 0))) &&
		       mtrr_type_ok(cfg, (uint8_t)val);
	case VMEXIT_MSR_MISC_ENABLE:
		return !((val ^ s->misc_enable) & ~cfg->misc_enable_writable);
	default:
		return true;
	}
}

static int unknown(struct vmexit_vcpu *v, const struct vmexit_msr_config *cfg,
		   uint32_t msr, bool write, uint64_t *val)
{
	int rc;

	if (!cfg->unknown_to_vmm)
		return vmexit_raise_gp(v, 0);
	if (write ? !v->ops->wrmsr : !v->ops->rdmsr)
		return vmexit_unhandled(v, VMEXIT_WHY_NO_OP, msr);
	rc = write ? v->ops->wrmsr(v->backend, msr, *val)
		   : v->ops->rdmsr(v->backend, msr, val);
	return rc == VMEXIT_DONE ? VMEXIT_DONE : VMEXIT_ERR_BACKEND;
}

static int msr_access(struct vmexit_vcpu *v, const struct vmexit_msr_config *cfg,
		  struct vmexit_msr_state *s, uint32_t msr, bool write,
		  uint64_t *val, uint64_t host_tsc)
{
	uint64_t *p = slot(s, msr);

	if (p) {
		if (!write) {
			*val = *p;
			return VMEXIT_DONE;
		}
		if (!store_ok(v, cfg, s, msr, *val))
			return vmexit_raise_gp(v, 0);
		if (msr == VMEXIT_MSR_APIC_BASE) /* BSP is read-only */
			*val = (*val & ~VMEXIT_APIC_BASE_BSP) |
			       (*p & VMEXIT_APIC_BASE_BSP);
		*p = *val;
		return VMEXIT_DONE;
	}
	switch (msr) {
	case VMEXIT_MSR_TSC:
		if (write)
			s->tsc_offset = *val - host_tsc;
		else
			*val = host_tsc + s->tsc_offset;
		return VMEXIT_DONE;
	case VMEXIT_MSR_TSC_AUX:
		if (!cfg->rdtscp || (write && (*val >> 32)))
			return vmexit_raise_gp(v, 0);
		if (write)
			s->tsc_aux = *val;
		else
			*val = s->tsc_aux;
		return VMEXIT_DONE;
	case VMEXIT_MSR_MTRRCAP: /* read-only: VCNT, FIX (8), WC (10) */
		if (write)
			return vmexit_raise_gp(v, 0);
		*val = cfg->mtrr_vcnt | (cfg->mtrr_fixed ? 1ull << 8 : 0) |
		       (cfg->mtrr_wc ? 1ull << 10 : 0);
		return VMEXIT_DONE;
	case VMEXIT_MSR_EFER:
		if (write)
			return write_efer(v, cfg, *val);
		return vmexit_get_reg(v, VMEXIT_REG_EFER, val);
	case VMEXIT_MSR_FS_BASE:
	case VMEXIT_MSR_GS_BASE:
		if (write && !canonical(cfg, *val))
			return vmexit_raise_gp(v, 0);
		return seg_base(v, msr == VMEXIT_MSR_FS_BASE ? VMEXIT_SEG_FS
							     : VMEXIT_SEG_GS,
				write, val);
	default:
		return unknown(v, cfg, msr, write, val);
	}
}

int vmexit_msr_read(struct vmexit_vcpu *v, const struct vmexit_msr_config *cfg,
		    struct vmexit_msr_state *s, uint32_t msr, uint64_t host_tsc,
		    uint64_t *val)
{
	if (!v || !cfg || !s || !val)
		return VMEXIT_ERR_CALLER;
	*val = 0;
	return msr_access(v, cfg, s, msr, false, val, host_tsc);
}

int vmexit_msr_write(struct vmexit_vcpu *v, const struct vmexit_msr_config *cfg,
		     struct vmexit_msr_state *s, uint32_t msr, uint64_t val,
		     uint64_t host_tsc)
{
	if (!v || !cfg || !s)
		return VMEXIT_ERR_CALLER;
	return msr_access(v, cfg, s, msr, true, &val, host_tsc);
}

int vmexit_rdmsr(struct vmexit_vcpu *v, const struct vmexit_msr_config *cfg,
		 struct vmexit_msr_state *s, uint64_t host_tsc)
{
	uint64_t rcx, val;
	int rc;

	if (!v)
		return VMEXIT_ERR_CALLER;
	if ((rc = vmexit_get_reg(v, VMEXIT_RCX, &rcx)) != VMEXIT_DONE)
		return rc;
	rc = vmexit_msr_read(v, cfg, s, (uint32_t)rcx, host_tsc, &val);
	if (rc != VMEXIT_DONE)
		return rc;
	/* EDX:EAX; the upper halves of RAX and RDX are cleared. */
	if ((rc = vmexit_set_reg(v, VMEXIT_RAX, (uint32_t)val)) != VMEXIT_DONE)
		return rc;
	return vmexit_set_reg(v, VMEXIT_RDX, val >> 32);
}

int vmexit_wrmsr(struct vmexit_vcpu *v, const struct vmexit_msr_config *cfg,
		 struct vmexit_msr_state *s, uint64_t host_tsc)
{
	uint64_t rcx, rax, rdx;
	int rc;

	if (!v)
		return VMEXIT_ERR_CALLER;
	if ((rc = vmexit_get_reg(v, VMEXIT_RCX, &rcx)) != VMEXIT_DONE ||
	    (rc = vmexit_get_reg(v, VMEXIT_RAX, &rax)) != VMEXIT_DONE ||
	    (rc = vmexit_get_reg(v, VMEXIT_RDX, &rdx)) != VMEXIT_DONE)
		return rc;
	return vmexit_msr_write(v, cfg, s, (uint32_t)rcx,
				(rdx << 32) | (uint32_t)rax, host_tsc);
}
