/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The KVM adapter: vCPU ops on a KVM vCPU fd, and KVM exits decoded from
 * the kvm_run page into the adapter's record.
 *
 * What KVM reports in kvm_run is written by the kernel, but the values in
 * it (ports, addresses, counts, offsets, instruction bytes) come from the
 * guest, so every offset and length is checked against the page.
 */
#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>

#include <linux/kvm.h>

#include <vmexit/kvm.h>
#include <vmexit/x86.h>

#include "backend/kvm_xsave.h"

/* XCR0 bits (the XSAVE image itself is backend/kvm_xsave.c's). */
#define XFEATURE_X87 (1ull << 0)
#define XFEATURE_SSE (1ull << 1)

static int kvm_ioctl(int fd, unsigned long req, void *arg)
{
	int r;

	do
		r = ioctl(fd, req, arg);
	while (r < 0 && (errno == EINTR || errno == EAGAIN));
	return r < 0 ? VMEXIT_ERR_BACKEND : VMEXIT_DONE;
}

static bool check_cap(const struct vmexit_kvm *k, long cap)
{
	return ioctl(k->vm_fd, KVM_CHECK_EXTENSION, cap) > 0;
}

static bool enable_cap(const struct vmexit_kvm *k, uint32_t cap, uint64_t arg)
{
	struct kvm_enable_cap c;

	memset(&c, 0, sizeof(c));
	c.cap = cap;
	c.args[0] = arg;
	return ioctl(k->vm_fd, KVM_ENABLE_CAP, &c) == 0;
}

int vmexit_kvm_init(struct vmexit_kvm *k, int vm_fd, int vcpu_fd, void *run,
		    size_t run_size, const struct vmexit_kvm_devices *dev,
		    void *dev_opaque)
{
	if (!k || vm_fd < 0 || vcpu_fd < 0 || !run ||
	    run_size < sizeof(struct kvm_run))
		return VMEXIT_ERR_CALLER;
	memset(k, 0, sizeof(*k));
	k->vm_fd = vm_fd;
	k->vcpu_fd = vcpu_fd;
	k->run = run;
	k->run_size = run_size;
	k->dev = dev;
	k->dev_opaque = dev_opaque;
	k->has_sregs2 = check_cap(k, KVM_CAP_SREGS2);
	k->has_debugregs = check_cap(k, KVM_CAP_DEBUGREGS);
	k->has_xsave = check_cap(k, KVM_CAP_XSAVE);
	k->has_xcrs = check_cap(k, KVM_CAP_XCRS);
	/* Without this KVM reports an emulation failure with no bytes, and
	 * the fallback cannot run (Linux 5.14+). */
	if (check_cap(k, KVM_CAP_EXIT_ON_EMULATION_FAILURE))
		k->emul_insn_bytes =
			enable_cap(k, KVM_CAP_EXIT_ON_EMULATION_FAILURE, 1);
	vmexit_xsave_layout(k->xsave_off);
	return VMEXIT_DONE;
}

int vmexit_kvm_exception_payload(struct vmexit_kvm *k)
{
	if (!k)
		return VMEXIT_ERR_CALLER;
	if (!check_cap(k, KVM_CAP_EXCEPTION_PAYLOAD) ||
	    !enable_cap(k, KVM_CAP_EXCEPTION_PAYLOAD, 1))
		return VMEXIT_UNHANDLED;
	k->exc_payload = true;
	return VMEXIT_DONE;
}

int vmexit_kvm_add_ram(struct vmexit_kvm *k, uint64_t gpa, uint64_t size,
		       void *hva, bool readonly)
{
	struct kvm_userspace_memory_region r;

	if (!k || !hva || !size || ((gpa | size | (uintptr_t)hva) & 0xfff) ||
	    gpa + size < gpa || k->nr_slots >= VMEXIT_KVM_MAX_SLOTS)
		return VMEXIT_ERR_CALLER;
	for (unsigned i = 0; i < k->nr_slots; i++) {
		const struct vmexit_kvm_slot *s = &k->slots[i];
		if (gpa < s->gpa + s->size && s->gpa < gpa + size)
			return VMEXIT_ERR_CALLER; /* overlap */
	}
	memset(&r, 0, sizeof(r));
	r.slot = k->nr_slots;
	r.flags = readonly ? KVM_MEM_READONLY : 0;
	r.guest_phys_addr = gpa;
	r.memory_size = size;
	r.userspace_addr = (uintptr_t)hva;
	if (kvm_ioctl(k->vm_fd, KVM_SET_USER_MEMORY_REGION, &r))
		return VMEXIT_ERR_BACKEND;
	k->slots[k->nr_slots++] = (struct vmexit_kvm_slot){
		.gpa = gpa, .size = size, .hva = hva, .readonly = readonly };
	return VMEXIT_DONE;
}

int vmexit_kvm_msr_exits(struct vmexit_kvm *k, const uint32_t *msrs,
			 unsigned n)
{
	/* One range per MSR with a single 0 bit: "deny", which with
	 * KVM_MSR_EXIT_REASON_FILTER means "ask userspace". */
	static const uint8_t deny;
	struct kvm_msr_filter f;

	if (!k || (n && !msrs) || n > KVM_MSR_FILTER_MAX_RANGES)
		return VMEXIT_ERR_CALLER;
	if (!check_cap(k, KVM_CAP_X86_USER_SPACE_MSR))
		return VMEXIT_UNHANDLED;
	uint64_t why = KVM_MSR_EXIT_REASON_UNKNOWN;
	if (n) {
		if (!check_cap(k, KVM_CAP_X86_MSR_FILTER))
			return VMEXIT_UNHANDLED;
		why |= KVM_MSR_EXIT_REASON_FILTER;
	}
	if (!enable_cap(k, KVM_CAP_X86_USER_SPACE_MSR, why))
		return VMEXIT_ERR_BACKEND;
	k->user_msr = true;
	if (!n)
		return VMEXIT_DONE;
	memset(&f, 0, sizeof(f));
	f.flags = KVM_MSR_FILTER_DEFAULT_ALLOW;
	for (unsigned i = 0; i < n; i++) {
		f.ranges[i].flags = KVM_MSR_FILTER_READ | KVM_MSR_FILTER_WRITE;
		f.ranges[i].nmsrs = 1;
		f.ranges[i].base = msrs[i];
		f.ranges[i].bitmap = (uint8_t *)(uintptr_t)&deny;
	}
	return kvm_ioctl(k->vm_fd, KVM_X86_SET_MSR_FILTER, &f);
}

int vmexit_kvm_msr_policy(struct vmexit_kvm *k,
			  const struct vmexit_msr_config *cfg,
			  struct vmexit_msr_state *state)
{
	if (!k || (cfg && !state))
		return VMEXIT_ERR_CALLER;
	k->msr_cfg = cfg;
	k->msr_state = cfg ? state : NULL;
	return VMEXIT_DONE;
}

/* --- registers --------------------------------------------------------- */

static int k_get_regs(void *b, struct vmexit_regs *r)
{
	struct vmexit_kvm *k = b;
	struct kvm_regs g;

	if (kvm_ioctl(k->vcpu_fd, KVM_GET_REGS, &g))
		return VMEXIT_ERR_BACKEND;
	const uint64_t gpr[VMEXIT_NR_GPRS] = {
		g.rax, g.rcx, g.rdx, g.rbx, g.rsp, g.rbp, g.rsi, g.rdi,
		g.r8, g.r9, g.r10, g.r11, g.r12, g.r13, g.r14, g.r15 };
	memcpy(r->gpr, gpr, sizeof(gpr));
	r->rip = g.rip;
	r->rflags = g.rflags;
	return VMEXIT_DONE;
}

static int k_set_regs(void *b, const struct vmexit_regs *r)
{
	struct vmexit_kvm *k = b;
	const uint64_t *x = r->gpr;
	struct kvm_regs g = {
		.rax = x[VMEXIT_RAX], .rbx = x[VMEXIT_RBX],
		.rcx = x[VMEXIT_RCX], .rdx = x[VMEXIT_RDX],
		.rsi = x[VMEXIT_RSI], .rdi = x[VMEXIT_RDI],
		.rsp = x[VMEXIT_RSP], .rbp = x[VMEXIT_RBP],
		.r8 = x[VMEXIT_R8], .r9 = x[VMEXIT_R9],
		.r10 = x[VMEXIT_R10], .r11 = x[VMEXIT_R11],
		.r12 = x[VMEXIT_R12], .r13 = x[VMEXIT_R13],
		.r14 = x[VMEXIT_R14], .r15 = x[VMEXIT_R15],
		.rip = r->rip, .rflags = r->rflags,
	};
	return kvm_ioctl(k->vcpu_fd, KVM_SET_REGS, &g);
}

/* KVM's unpacked segment <-> the VMX access-rights layout. */
static void seg_from_kvm(struct vmexit_segment *s, const struct kvm_segment *g)
{
	s->base = g->base;
	s->limit = g->limit;
	s->selector = g->selector;
	s->ar = (g->type & 0xfu) | (g->s ? VMEXIT_AR_S : 0) |
		((uint32_t)(g->dpl & 3) << VMEXIT_AR_DPL_SHIFT) |
		(g->present ? VMEXIT_AR_P : 0) | (g->avl ? VMEXIT_AR_AVL : 0) |
		(g->l ? VMEXIT_AR_L : 0) | (g->db ? VMEXIT_AR_DB : 0) |
		(g->g ? VMEXIT_AR_G : 0) |
		(g->unusable ? VMEXIT_AR_UNUSABLE : 0);
}

static void seg_to_kvm(struct kvm_segment *g, const struct vmexit_segment *s)
{
	memset(g, 0, sizeof(*g));
	g->base = s->base;
	g->limit = s->limit;
	g->selector = s->selector;
	g->type = s->ar & VMEXIT_AR_TYPE_MASK;
	g->s = !!(s->ar & VMEXIT_AR_S);
	g->dpl = (s->ar & VMEXIT_AR_DPL_MASK) >> VMEXIT_AR_DPL_SHIFT;
	g->present = !!(s->ar & VMEXIT_AR_P);
	g->avl = !!(s->ar & VMEXIT_AR_AVL);
	g->l = !!(s->ar & VMEXIT_AR_L);
	g->db = !!(s->ar & VMEXIT_AR_DB);
	g->g = !!(s->ar & VMEXIT_AR_G);
	g->unusable = !!(s->ar & VMEXIT_AR_UNUSABLE);
}

/* The part of kvm_sregs and kvm_sregs2 they share, by pointers, so one
 * pair of functions serves both ioctls. */
struct sregs_view {
	struct kvm_segment *seg[VMEXIT_NR_SEGS];
	struct kvm_dtable *gdt, *idt;
	__u64 *cr0, *cr2, *cr3, *cr4, *cr8, *efer;
};

#define SREGS_VIEW(x) { \
	.seg = { &(x).es, &(x).cs, &(x).ss, &(x).ds, &(x).fs, &(x).gs, \
		 &(x).ldt, &(x).tr }, \
	.gdt = &(x).gdt, .idt = &(x).idt, .cr0 = &(x).cr0, .cr2 = &(x).cr2, \
	.cr3 = &(x).cr3, .cr4 = &(x).cr4, .cr8 = &(x).cr8, .efer = &(x).efer }

static void sregs_from_view(struct vmexit_sregs *s, const struct sregs_view *w)
{
	for (unsigned i = 0; i < VMEXIT_NR_SEGS; i++)
		seg_from_kvm(&s->seg[i], w->seg[i]);
	s->gdtr.base = w->gdt->base;
	s->gdtr.limit = w->gdt->limit;
	s->idtr.base = w->idt->base;
	s->idtr.limit = w->idt->limit;
	s->cr0 = *w->cr0;
	s->cr2 = *w->cr2;
	s->cr3 = *w->cr3;
	s->cr4 = *w->cr4;
	s->cr8 = *w->cr8;
	s->efer = *w->efer;
}

static void sregs_to_view(const struct sregs_view *w, const struct vmexit_sregs *s)
{
	for (unsigned i = 0; i < VMEXIT_NR_SEGS; i++)
		seg_to_kvm(w->seg[i], &s->seg[i]);
	w->gdt->base = s->gdtr.base;
	w->gdt->limit = s->gdtr.limit;
	w->idt->base = s->idtr.base;
	w->idt->limit = s->idtr.limit;
	*w->cr0 = s->cr0;
	*w->cr2 = s->cr2;
	*w->cr3 = s->cr3;
	*w->cr4 = s->cr4;
	*w->cr8 = s->cr8;
	*w->efer = s->efer;
}

static bool pae_paging(const struct vmexit_sregs *s)
{
	return vmexit_paging_of(s->cr0, s->cr4, s->efer) == VMEXIT_PAGING_PAE;
}

static int k_get_sregs(void *b, struct vmexit_sregs *s)
{
	struct vmexit_kvm *k = b;

	memset(s->pdpte, 0, sizeof(s->pdpte));
	if (k->has_sregs2) {
		struct kvm_sregs2 g;
		struct sregs_view w = SREGS_VIEW(g);
		if (kvm_ioctl(k->vcpu_fd, KVM_GET_SREGS2, &g))
			return VMEXIT_ERR_BACKEND;
		sregs_from_view(s, &w);
		if (g.flags & KVM_SREGS2_FLAGS_PDPTRS_VALID)
			memcpy(s->pdpte, g.pdptrs, sizeof(s->pdpte));
		return VMEXIT_DONE;
	}
	struct kvm_sregs g;
	struct sregs_view w = SREGS_VIEW(g);
	if (kvm_ioctl(k->vcpu_fd, KVM_GET_SREGS, &g))
		return VMEXIT_ERR_BACKEND;
	sregs_from_view(s, &w);
	return VMEXIT_DONE;
}

/* Both setters read first: KVM's structs carry state the library does not
 * own (APIC base, the pending-interrupt bitmap) that must survive. */
static int k_set_sregs(void *b, const struct vmexit_sregs *s)
{
	struct vmexit_kvm *k = b;

	if (k->has_sregs2) {
		struct kvm_sregs2 g;
		struct sregs_view w = SREGS_VIEW(g);
		if (kvm_ioctl(k->vcpu_fd, KVM_GET_SREGS2, &g))
			return VMEXIT_ERR_BACKEND;
		sregs_to_view(&w, s);
		/* KVM takes PDPTEs only while PAE paging is on; otherwise
		 * they do not exist (SDM Vol. 3, "PAE Paging"). */
		g.flags = 0;
		if (pae_paging(s)) {
			g.flags = KVM_SREGS2_FLAGS_PDPTRS_VALID;
			memcpy(g.pdptrs, s->pdpte, sizeof(g.pdptrs));
		}
		return kvm_ioctl(k->vcpu_fd, KVM_SET_SREGS2, &g);
	}
	struct kvm_sregs g;
	struct sregs_view w = SREGS_VIEW(g);
	if (kvm_ioctl(k->vcpu_fd, KVM_GET_SREGS, &g))
		return VMEXIT_ERR_BACKEND;
	sregs_to_view(&w, s);
	return kvm_ioctl(k->vcpu_fd, KVM_SET_SREGS, &g);
}

static int k_get_dregs(void *b, struct vmexit_dregs *d)
{
	struct vmexit_kvm *k = b;
	struct kvm_debugregs g;

	if (!k->has_debugregs ||
	    kvm_ioctl(k->vcpu_fd, KVM_GET_DEBUGREGS, &g))
		return VMEXIT_ERR_BACKEND;
	memcpy(d->dr, g.db, sizeof(d->dr));
	d->dr6 = g.dr6;
	d->dr7 = g.dr7;
	return VMEXIT_DONE;
}

static int k_set_dregs(void *b, const struct vmexit_dregs *d)
{
	struct vmexit_kvm *k = b;
	struct kvm_debugregs g;

	if (!k->has_debugregs)
		return VMEXIT_ERR_BACKEND;
	memset(&g, 0, sizeof(g));
	memcpy(g.db, d->dr, sizeof(g.db));
	g.dr6 = d->dr6;
	g.dr7 = d->dr7;
	return kvm_ioctl(k->vcpu_fd, KVM_SET_DEBUGREGS, &g);
}

static int get_xcr0(struct vmexit_kvm *k, uint64_t *xcr0)
{
	struct kvm_xcrs x;

	*xcr0 = XFEATURE_SSE | XFEATURE_X87; /* x87|SSE: what a CPU without XSAVE has */
	if (!k->has_xcrs)
		return VMEXIT_DONE;
	if (kvm_ioctl(k->vcpu_fd, KVM_GET_XCRS, &x))
		return VMEXIT_ERR_BACKEND;
	for (uint32_t i = 0; i < x.nr_xcrs && i < KVM_MAX_XCRS; i++)
		if (x.xcrs[i].xcr == 0)
			*xcr0 = x.xcrs[i].value;
	return VMEXIT_DONE;
}

static int k_get_vregs(void *b, struct vmexit_vregs *v)
{
	struct vmexit_kvm *k = b;

	if (!k->has_xsave ||
	    kvm_ioctl(k->vcpu_fd, KVM_GET_XSAVE, k->xsave) ||
	    get_xcr0(k, &v->xcr0))
		return VMEXIT_ERR_BACKEND;
	k->xcr0_read = v->xcr0;
	vmexit_xsave_get(k->xsave, k->xsave_off, v);
	return VMEXIT_DONE;
}

static int k_set_vregs(void *b, const struct vmexit_vregs *v)
{
	struct vmexit_kvm *k = b;

	/* Re-read so x87 and the other components go back unchanged. */
	if (!k->has_xsave || kvm_ioctl(k->vcpu_fd, KVM_GET_XSAVE, k->xsave))
		return VMEXIT_ERR_BACKEND;
	vmexit_xsave_put(k->xsave, k->xsave_off, v);
	if (kvm_ioctl(k->vcpu_fd, KVM_SET_XSAVE, k->xsave))
		return VMEXIT_ERR_BACKEND;
	if (v->xcr0 != k->xcr0_read) {
		struct kvm_xcrs x;
		memset(&x, 0, sizeof(x));
		x.nr_xcrs = 1;
		x.xcrs[0].xcr = 0;
		x.xcrs[0].value = v->xcr0;
		if (!k->has_xcrs || kvm_ioctl(k->vcpu_fd, KVM_SET_XCRS, &x))
			return VMEXIT_ERR_BACKEND;
		k->xcr0_read = v->xcr0;
	}
	return VMEXIT_DONE;
}

/* --- interruptibility and events ----------------------------------------- */

static int k_get_shadow(void *b, uint32_t *shadow)
{
	struct vmexit_kvm *k = b;
	struct kvm_vcpu_events e;

	if (kvm_ioctl(k->vcpu_fd, KVM_GET_VCPU_EVENTS, &e))
		return VMEXIT_ERR_BACKEND;
	*shadow = 0;
	if (e.interrupt.shadow & KVM_X86_SHADOW_INT_STI)
		*shadow |= VMEXIT_SHADOW_STI;
	if (e.interrupt.shadow & KVM_X86_SHADOW_INT_MOV_SS)
		*shadow |= VMEXIT_SHADOW_MOVSS;
	if (e.nmi.masked)
		*shadow |= VMEXIT_SHADOW_NMI_BLOCKED;
	return VMEXIT_DONE;
}

static int k_set_shadow(void *b, uint32_t shadow)
{
	struct vmexit_kvm *k = b;
	struct kvm_vcpu_events e;

	if (kvm_ioctl(k->vcpu_fd, KVM_GET_VCPU_EVENTS, &e))
		return VMEXIT_ERR_BACKEND;
	e.interrupt.shadow = 0;
	if (shadow & VMEXIT_SHADOW_STI)
		e.interrupt.shadow |= KVM_X86_SHADOW_INT_STI;
	if (shadow & VMEXIT_SHADOW_MOVSS)
		e.interrupt.shadow |= KVM_X86_SHADOW_INT_MOV_SS;
	e.nmi.masked = !!(shadow & VMEXIT_SHADOW_NMI_BLOCKED);
	e.flags = KVM_VCPUEVENT_VALID_SHADOW;
	return kvm_ioctl(k->vcpu_fd, KVM_SET_VCPU_EVENTS, &e);
}

/* Without KVM_CAP_EXCEPTION_PAYLOAD (vmexit_kvm_exception_payload() not
 * called) the payload goes where the CPU would have put it before
 * delivery: CR2 for #PF (SDM Vol. 3, "Page-Fault Exception"), DR6 for
 * #DB, whose B0-B3 a debug exception may clear while "the remaining
 * contents of the DR6 register are never cleared by the processor" (SDM
 * Vol. 3, "Debug Status Register (DR6)"): BD, BS and BT stay. */
static int deliver_payload(struct vmexit_kvm *k, const struct vmexit_event *ev)
{
	if (!ev->has_payload || ev->type != VMEXIT_EV_HWEXC || k->exc_payload)
		return VMEXIT_DONE;
	if (ev->vector == VMEXIT_EXC_PF) {
		struct vmexit_sregs s;
		if (k_get_sregs(k, &s))
			return VMEXIT_ERR_BACKEND;
		s.cr2 = ev->payload;
		return k_set_sregs(k, &s);
	}
	if (ev->vector == VMEXIT_EXC_DB) {
		struct vmexit_dregs d;
		if (k_get_dregs(k, &d))
			return VMEXIT_ERR_BACKEND;
		d.dr6 = (d.dr6 & ~0xfull) | ev->payload;
		return k_set_dregs(k, &d);
	}
	return VMEXIT_DONE;
}

static int k_queue_event(void *b, const struct vmexit_event *ev)
{
	struct vmexit_kvm *k = b;
	struct kvm_vcpu_events e;
	bool pending = k->exc_payload && ev->type == VMEXIT_EV_HWEXC;

	if (deliver_payload(k, ev) ||
	    kvm_ioctl(k->vcpu_fd, KVM_GET_VCPU_EVENTS, &e))
		return VMEXIT_ERR_BACKEND;
	e.flags = 0; /* leave NMI-pending, SIPI, shadow and SMM alone */
	switch (ev->type) {
	case VMEXIT_EV_HWEXC:
	case VMEXIT_EV_SWEXC:
	case VMEXIT_EV_PRIV_SWEXC:
		if (ev->vector >= 32 || ev->vector == VMEXIT_EXC_NMI)
			return VMEXIT_ERR_BACKEND;
		/* With exception payloads a hardware exception goes in
		 * pending, not injected: KVM delivers the payload of a
		 * pending exception only.  KVM takes RIP at the instruction
		 * for INT3/INTO and computes the length itself. */
		e.exception.injected = !pending;
		e.exception.pending = pending;
		e.exception.nr = ev->vector;
		e.exception.has_error_code = ev->has_error;
		e.exception.error_code = ev->error;
		if (pending) {
			e.exception_has_payload = ev->has_payload;
			e.exception_payload = ev->payload;
			e.flags = KVM_VCPUEVENT_VALID_PAYLOAD;
		}
		break;
	case VMEXIT_EV_NMI:
		e.nmi.injected = 1;
		break;
	case VMEXIT_EV_EXTINT:
	case VMEXIT_EV_SWINT:
		e.interrupt.injected = 1;
		e.interrupt.nr = ev->vector;
		e.interrupt.soft = ev->type == VMEXIT_EV_SWINT;
		break;
	default:
		return VMEXIT_ERR_BACKEND;
	}
	return kvm_ioctl(k->vcpu_fd, KVM_SET_VCPU_EVENTS, &e);
}

/* --- memory and devices -------------------------------------------------- */

static int k_map_gpa(void *b, uint64_t gpa, bool write,
		     struct vmexit_gpa_map *out)
{
	const struct vmexit_kvm *k = b;

	out->hva = NULL;
	out->len = 0;
	for (unsigned i = 0; i < k->nr_slots && i < VMEXIT_KVM_MAX_SLOTS; i++) {
		const struct vmexit_kvm_slot *s = &k->slots[i];
		if (gpa < s->gpa || gpa - s->gpa >= s->size)
			continue;
		if (write && s->readonly) {
			/* A write to ROM is an MMIO write to the VMM. */
			out->len = s->size - (gpa - s->gpa);
			return VMEXIT_DONE;
		}
		out->hva = (uint8_t *)s->hva + (gpa - s->gpa);
		out->len = s->size - (gpa - s->gpa);
		return VMEXIT_DONE;
	}
	return VMEXIT_DONE;
}

#define DEV_CALL(k, fn, ...) \
	((k)->dev && (k)->dev->fn && \
			 (k)->dev->fn((k)->dev_opaque, __VA_ARGS__) == 0 \
		 ? VMEXIT_DONE : VMEXIT_ERR_BACKEND)

static int k_mmio_read(void *b, uint64_t gpa, void *data, unsigned size)
{
	struct vmexit_kvm *k = b;
	return DEV_CALL(k, mmio_read, gpa, data, size);
}

static int k_mmio_write(void *b, uint64_t gpa, const void *data,
			unsigned size)
{
	struct vmexit_kvm *k = b;
	return DEV_CALL(k, mmio_write, gpa, data, size);
}

static int k_pio_in(void *b, uint16_t port, unsigned size, uint32_t *val)
{
	struct vmexit_kvm *k = b;
	return DEV_CALL(k, pio_in, port, size, val);
}

static int k_pio_out(void *b, uint16_t port, unsigned size, uint32_t val)
{
	struct vmexit_kvm *k = b;
	return DEV_CALL(k, pio_out, port, size, val);
}

static int k_rdmsr(void *b, uint32_t msr, uint64_t *val)
{
	struct vmexit_kvm *k = b;
	return DEV_CALL(k, rdmsr, msr, val);
}

static int k_wrmsr(void *b, uint32_t msr, uint64_t val)
{
	struct vmexit_kvm *k = b;
	return DEV_CALL(k, wrmsr, msr, val);
}

const struct vmexit_ops vmexit_kvm_ops = {
	.get_regs = k_get_regs,
	.set_regs = k_set_regs,
	.get_sregs = k_get_sregs,
	.set_sregs = k_set_sregs,
	.get_dregs = k_get_dregs,
	.set_dregs = k_set_dregs,
	.get_vregs = k_get_vregs,
	.set_vregs = k_set_vregs,
	.get_shadow = k_get_shadow,
	.set_shadow = k_set_shadow,
	.map_gpa = k_map_gpa,
	.mmio_read = k_mmio_read,
	.mmio_write = k_mmio_write,
	.pio_in = k_pio_in,
	.pio_out = k_pio_out,
	.queue_event = k_queue_event,
	.rdmsr = k_rdmsr,
	.wrmsr = k_wrmsr,
};
