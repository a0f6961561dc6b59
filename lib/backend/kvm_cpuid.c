/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The KVM adapter's CPUID: KVM's supported table in, the library's guest
 * view (<vmexit/cpuid.h>) out through KVM_SET_CPUID2.  KVM then answers
 * the guest's CPUID in the kernel from that table, and itself keeps the
 * fields that follow the guest's state up to date (OSXSAVE from CR4, the
 * XSAVE area size from XCR0; KVM's API documentation, KVM_SET_CPUID2).
 */
#include <string.h>
#include <sys/ioctl.h>

#include <linux/kvm.h>

#include <vmexit/cpuid.h>
#include <vmexit/kvm.h>

#define HV_BASE 0x40000000u
#define HV_END 0x40000100u

/* struct kvm_cpuid2 ends in a flexible array: storage for it and its
 * entries, without allocating. */
union cpuid_table {
	struct kvm_cpuid2 h;
	uint8_t bytes[sizeof(struct kvm_cpuid2) +
		      VMEXIT_KVM_MAX_CPUID * sizeof(struct kvm_cpuid_entry2)];
};

int vmexit_kvm_supported_cpuid(int kvm_fd, struct vmexit_cpuid_entry *out,
			       unsigned max, unsigned *n)
{
	union cpuid_table t;

	if (!out || !n)
		return VMEXIT_ERR_CALLER;
	memset(&t, 0, sizeof(t));
	t.h.nent = VMEXIT_KVM_MAX_CPUID;
	if (ioctl(kvm_fd, KVM_GET_SUPPORTED_CPUID, &t) < 0)
		return VMEXIT_ERR_BACKEND;
	if (t.h.nent > VMEXIT_KVM_MAX_CPUID || t.h.nent > max)
		return VMEXIT_ERR_CALLER;
	for (unsigned i = 0; i < t.h.nent; i++) {
		const struct kvm_cpuid_entry2 *e = &t.h.entries[i];
		out[i] = (struct vmexit_cpuid_entry){
			.leaf = e->function,
			.subleaf = e->index,
			.r = { e->eax, e->ebx, e->ecx, e->edx } };
	}
	*n = t.h.nent;
	return VMEXIT_DONE;
}

static int add_entry(union cpuid_table *t, const struct vmexit_cpuid_config *cfg,
		     uint32_t leaf, uint32_t subleaf)
{
	struct vmexit_cpuid_regs r;
	struct kvm_cpuid_entry2 *e;

	if (t->h.nent >= VMEXIT_KVM_MAX_CPUID)
		return VMEXIT_ERR_CALLER;
	/* CR4 = 0 and XCR0 = x87: the reset values; KVM recomputes the
	 * fields that depend on them as the guest changes them. */
	int rc = vmexit_cpuid_query(cfg, leaf, subleaf, 0, 1, &r);
	if (rc != VMEXIT_DONE)
		return rc;
	e = &t->h.entries[t->h.nent++];
	memset(e, 0, sizeof(*e));
	e->function = leaf;
	e->index = subleaf;
	if (vmexit_cpuid_indexed(leaf))
		e->flags = KVM_CPUID_FLAG_SIGNIFCANT_INDEX;
	e->eax = r.eax;
	e->ebx = r.ebx;
	e->ecx = r.ecx;
	e->edx = r.edx;
	return VMEXIT_DONE;
}

int vmexit_kvm_set_cpuid(struct vmexit_kvm *k,
			 const struct vmexit_cpuid_config *cfg)
{
	union cpuid_table t;
	int rc;

	if (!k || !cfg || (cfg->nr_host && !cfg->host))
		return VMEXIT_ERR_CALLER;
	memset(&t.h, 0, sizeof(t.h));
	/* Every leaf and subleaf the host table has, but its hypervisor
	 * leaves: those are the library's (the signature leaf), and the
	 * VMM's own beyond it. */
	for (unsigned i = 0; i < cfg->nr_host; i++) {
		const struct vmexit_cpuid_entry *h = &cfg->host[i];
		if (h->leaf >= HV_BASE && h->leaf < HV_END)
			continue;
		rc = add_entry(&t, cfg, h->leaf, h->subleaf);
		if (rc != VMEXIT_DONE)
			return rc;
	}
	rc = add_entry(&t, cfg, HV_BASE, 0);
	if (rc != VMEXIT_DONE)
		return rc;
	return ioctl(k->vcpu_fd, KVM_SET_CPUID2, &t) < 0 ? VMEXIT_ERR_BACKEND
							 : VMEXIT_DONE;
}
