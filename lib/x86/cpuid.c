/* SPDX-License-Identifier: BSD-2-Clause */
/* CPUID policy; see <vmexit/cpuid.h>. */
#include "libc.h"

#include <vmexit/cpuid.h>
#include <vmexit/x86.h>

#define HV_BASE 0x40000000u
#define EXT_BASE 0x80000000u

/* Leaf 1 ECX / EDX and 80000001H ECX bits (SDM Vol. 2, CPUID, "Feature
 * Information"; APM Vol. 3, CPUID Fn8000_0001). */
#define L1_ECX_MONITOR (1u << 3)
#define L1_ECX_VMX (1u << 5)
#define L1_ECX_PDCM (1u << 15)
#define L1_ECX_OSXSAVE (1u << 27)
#define L1_ECX_HYPERVISOR (1u << 31)
#define L1_EDX_HTT (1u << 28)
#define E1_ECX_SVM (1u << 2)
#define E1_ECX_MONITORX (1u << 29)

bool vmexit_cpuid_indexed(uint32_t leaf)
{
	switch (leaf) {
	case 0x4: case 0x7: case 0xb: case 0xd: case 0xf: case 0x10:
	case 0x12: case 0x14: case 0x17: case 0x18: case 0x1d: case 0x1e:
	case 0x1f: case 0x20: case 0x23: case 0x8000001d: case 0x80000020:
		return true;
	default:
		return false;
	}
}

static bool host_lookup(const struct vmexit_cpuid_config *c, uint32_t leaf,
			uint32_t subleaf, struct vmexit_cpuid_regs *r)
{
	if (!vmexit_cpuid_indexed(leaf))
		subleaf = 0;
	for (unsigned i = 0; i < c->nr_host; i++)
		if (c->host[i].leaf == leaf && c->host[i].subleaf == subleaf) {
			*r = c->host[i].r;
			return true;
		}
	memset(r, 0, sizeof(*r));
	return false;
}

static uint32_t host_max(const struct vmexit_cpuid_config *c, uint32_t base)
{
	struct vmexit_cpuid_regs r;
	host_lookup(c, base, 0, &r);
	return r.eax;
}

/* Bits needed to number n things: ceil(log2(n)). */
static unsigned id_bits(unsigned n)
{
	unsigned b = 0;
	while ((1u << b) < n && b < 31)
		b++;
	return b;
}

/* Leaf 0BH / 1FH: SMT level, then core level, then invalid levels; EDX
 * is the x2APIC ID at every level (SDM Vol. 2, CPUID leaf 0BH). */
static void topology(const struct vmexit_cpuid_config *c, uint32_t sub,
		     struct vmexit_cpuid_regs *r)
{
	unsigned t = c->threads_per_core, n = t * c->cores_per_package;

	memset(r, 0, sizeof(*r));
	r->ecx = sub & 0xff;
	r->edx = c->apic_id;
	if (sub == 0) {
		r->eax = id_bits(t);
		r->ebx = t;
		r->ecx |= 1u << 8; /* SMT */
	} else if (sub == 1) {
		r->eax = id_bits(t) + id_bits(c->cores_per_package);
		r->ebx = n & 0xffff;
		r->ecx |= 2u << 8; /* core */
	}
}

/* XSAVE area size for a set of components: the end of the furthest one
 * (offset and size from leaf 0DH subleaf i), at least the legacy area and
 * header (SDM Vol. 1, "XSAVE-Supported Features and State-Component
 * Bitmaps"). */
static uint32_t xsave_size(const struct vmexit_cpuid_config *c, uint64_t xcr0)
{
	uint32_t size = 512 + 64;
	struct vmexit_cpuid_regs r;

	for (unsigned i = 2; i < 63; i++) {
		if (!((xcr0 >> i) & 1) || !host_lookup(c, 0xd, i, &r))
			continue;
		if (r.ebx + r.eax > size && r.ebx + r.eax >= r.ebx)
			size = r.ebx + r.eax;
	}
	return size;
}

static void xsave_leaf(const struct vmexit_cpuid_config *c, uint32_t sub,
		       uint64_t xcr0, struct vmexit_cpuid_regs *r)
{
	uint64_t allowed = c->xcr0_allowed;

	if (sub == 0) {
		allowed &= ((uint64_t)r->edx << 32) | r->eax;
		r->eax = (uint32_t)allowed;
		r->edx = (uint32_t)(allowed >> 32);
		r->ebx = xsave_size(c, xcr0 & allowed);
		r->ecx = xsave_size(c, allowed);
	} else if (sub == 1) {
		/* No supervisor components (IA32_XSS) are offered. */
		r->ebx = xsave_size(c, xcr0 & allowed);
		r->ecx = 0;
		r->edx = 0;
	} else if (sub >= 63 || !((allowed >> sub) & 1)) {
		memset(r, 0, sizeof(*r));
	}
}

static void hypervisor_leaf(const struct vmexit_cpuid_config *c, uint32_t leaf,
			    struct vmexit_cpuid_regs *r)
{
	uint32_t max = c->hv_max_leaf ? c->hv_max_leaf : HV_BASE;

	memset(r, 0, sizeof(*r));
	if (leaf != HV_BASE)
		return; /* the VMM fills its own leaves beyond */
	r->eax = max;
	memcpy(&r->ebx, c->signature, 4);
	memcpy(&r->ecx, c->signature + 4, 4);
	memcpy(&r->edx, c->signature + 8, 4);
}

static void leaf1(const struct vmexit_cpuid_config *c, uint64_t cr4,
		  struct vmexit_cpuid_regs *r)
{
	unsigned n = c->threads_per_core * c->cores_per_package;
	unsigned span = n > 1 ? 1u << id_bits(n) : 1;

	r->ecx |= L1_ECX_HYPERVISOR;
	if (!c->nested)
		r->ecx &= ~L1_ECX_VMX;
	if (!c->mwait)
		r->ecx &= ~L1_ECX_MONITOR;
	if (!c->pmu)
		r->ecx &= ~L1_ECX_PDCM;
	/* OSXSAVE mirrors CR4.OSXSAVE. */
	r->ecx &= ~L1_ECX_OSXSAVE;
	if (cr4 & VMEXIT_CR4_OSXSAVE)
		r->ecx |= L1_ECX_OSXSAVE;
	/* EBX[31:24] initial APIC ID, [23:16] addressable IDs. */
	r->ebx = (r->ebx & 0xffff) | ((c->apic_id & 0xff) << 24) |
		 ((span > 255 ? 255 : span) << 16);
	if (n > 1)
		r->edx |= L1_EDX_HTT;
	else
		r->edx &= ~L1_EDX_HTT;
}

static void leaf4(const struct vmexit_cpuid_config *c,
		  struct vmexit_cpuid_regs *r)
{
	unsigned level = (r->eax >> 5) & 7;
	unsigned share = level >= 3 ? c->threads_per_core * c->cores_per_package
				    : c->threads_per_core;

	if ((r->eax & 0x1f) == 0)
		return; /* no more caches */
	/* EAX[31:26] cores - 1, [25:14] logical processors sharing - 1. */
	r->eax = (r->eax & 0x3fff) | (((share - 1) & 0xfff) << 14) |
		 (((c->cores_per_package - 1u) & 0x3f) << 26);
}

static void extended(const struct vmexit_cpuid_config *c, uint32_t leaf,
		     struct vmexit_cpuid_regs *r)
{
	unsigned n = c->threads_per_core * c->cores_per_package;

	switch (leaf) {
	case 0x80000001:
		if (!c->nested)
			r->ecx &= ~E1_ECX_SVM;
		if (!c->mwait)
			r->ecx &= ~E1_ECX_MONITORX;
		break;
	case 0x80000008: /* ECX[7:0]: logical processors - 1 */
		r->ecx = (r->ecx & ~0xffu) | ((n - 1) & 0xff);
		break;
	case 0x8000000a: /* SVM features */
		if (!c->nested)
			memset(r, 0, sizeof(*r));
		break;
	case 0x8000001e: /* extended APIC ID, core ID, threads per core */
		r->eax = c->apic_id;
		r->ebx = (r->ebx & ~0xffffu) |
			 ((c->apic_id >> id_bits(c->threads_per_core)) & 0xff) |
			 (((c->threads_per_core - 1u) & 0xff) << 8);
		break;
	default:
		break;
	}
}

static void basic(const struct vmexit_cpuid_config *c, uint32_t leaf,
		  uint32_t sub, uint64_t cr4, uint64_t xcr0,
		  struct vmexit_cpuid_regs *r)
{
	switch (leaf) {
	case 0x1:
		leaf1(c, cr4, r);
		break;
	case 0x4:
		leaf4(c, r);
		break;
	case 0x5:
		if (!c->mwait)
			memset(r, 0, sizeof(*r));
		break;
	case 0xa:
		if (!c->pmu)
			memset(r, 0, sizeof(*r));
		break;
	case 0xb:
	case 0x1f:
		topology(c, sub, r);
		break;
	case 0xd:
		xsave_leaf(c, sub, xcr0, r);
		break;
	default:
		break;
	}
}

int vmexit_cpuid_query(const struct vmexit_cpuid_config *c, uint32_t leaf,
		       uint32_t sub, uint64_t cr4, uint64_t xcr0,
		       struct vmexit_cpuid_regs *r)
{
	if (!c || !r || (c->nr_host && !c->host) || c->threads_per_core == 0 ||
	    c->cores_per_package == 0)
		return VMEXIT_ERR_CALLER;
	if (leaf >= HV_BASE && leaf < HV_BASE + 0x100) {
		hypervisor_leaf(c, leaf, r);
		return VMEXIT_DONE;
	}
	if (leaf >= EXT_BASE) {
		if (leaf > host_max(c, EXT_BASE)) {
			memset(r, 0, sizeof(*r));
			return VMEXIT_DONE;
		}
		host_lookup(c, leaf, sub, r);
		extended(c, leaf, r);
		return VMEXIT_DONE;
	}
	/* A basic leaf above the maximum: Intel answers with the highest
	 * basic leaf (SDM Vol. 2, CPUID, "If a value entered for CPUID.EAX
	 * is higher than the maximum input value..."), AMD with zeros. */
	if (leaf > host_max(c, 0)) {
		struct vmexit_cpuid_regs v0;
		host_lookup(c, 0, 0, &v0);
		if (v0.ebx != 0x756e6547u) { /* "Genu" */
			memset(r, 0, sizeof(*r));
			return VMEXIT_DONE;
		}
		leaf = host_max(c, 0);
	}
	host_lookup(c, leaf, sub, r);
	basic(c, leaf, sub, cr4, xcr0, r);
	return VMEXIT_DONE;
}

int vmexit_cpuid(struct vmexit_vcpu *v, const struct vmexit_cpuid_config *c)
{
	struct vmexit_cpuid_regs r;
	uint64_t rax, rcx, cr4;
	int rc;

	if (!v)
		return VMEXIT_ERR_CALLER;
	if ((rc = vmexit_get_reg(v, VMEXIT_RAX, &rax)) != VMEXIT_DONE ||
	    (rc = vmexit_get_reg(v, VMEXIT_RCX, &rcx)) != VMEXIT_DONE ||
	    (rc = vmexit_get_reg(v, VMEXIT_REG_CR4, &cr4)) != VMEXIT_DONE ||
	    (rc = vmexit_vcpu_fetch(v, VMEXIT_G_VREGS)) != VMEXIT_DONE)
		return rc;
	rc = vmexit_cpuid_query(c, (uint32_t)rax, (uint32_t)rcx, cr4,
				v->vregs.xcr0, &r);
	if (rc != VMEXIT_DONE)
		return rc;
	if ((rc = vmexit_set_reg(v, VMEXIT_RAX, r.eax)) != VMEXIT_DONE ||
	    (rc = vmexit_set_reg(v, VMEXIT_RBX, r.ebx)) != VMEXIT_DONE ||
	    (rc = vmexit_set_reg(v, VMEXIT_RCX, r.ecx)) != VMEXIT_DONE)
		return rc;
	return vmexit_set_reg(v, VMEXIT_RDX, r.edx);
}
