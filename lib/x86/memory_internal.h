/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Guest memory access inside the library: the facts about the vCPU that
 * segmentation and the page walk need, derived once, and the access
 * functions of <vmexit/memory.h> taking them.
 *
 * The public functions derive the context on every call.  A caller that
 * makes several accesses with the same CR0, CR4, EFER, RFLAGS, CS and SS
 * (the emulator, which changes none of them before it commits) derives it
 * once and calls these instead: the checks are the same code.
 */
#ifndef VMEXIT_MEMORY_INTERNAL_H
#define VMEXIT_MEMORY_INTERNAL_H

#include <vmexit/memory.h>

struct mem_ctx {
	enum vmexit_cpu_mode mode;
	enum vmexit_paging_mode paging;
	unsigned cpl;
};

/* Fetch the general and system registers and derive the context
 * (lib/vcpu.c). */
int mem_ctx_init(struct vmexit_vcpu *v, struct mem_ctx *c);
/* vmexit_vcpu_fetch(v, VMEXIT_G_SHADOW) and (..., VMEXIT_G_DREGS)
 * without the caller checks, for the emulator's commit and its
 * breakpoints (lib/vcpu.c). */
int vcpu_fetch_shadow(struct vmexit_vcpu *v);
int vcpu_fetch_dregs(struct vmexit_vcpu *v);

/* vmexit_linear_probe(), vmexit_linear(), vmexit_translate(),
 * vmexit_translate_range() and the segment and linear copies, with the
 * context given (lib/x86/linear.c, paging.c, memory.c). */
int mem_linear_probe(struct vmexit_vcpu *v, const struct mem_ctx *c,
		     unsigned seg, uint64_t offset, unsigned size,
		     unsigned acc, unsigned align, uint64_t *la,
		     struct vmexit_fault *fault);
int mem_linear(struct vmexit_vcpu *v, const struct mem_ctx *c, unsigned seg,
	       uint64_t offset, unsigned size, unsigned acc, unsigned align,
	       uint64_t *la);
/* mem_translate() that also says, with VMEXIT_ACC_NO_AD, whether the
 * access would have set accessed or dirty flags: *ad_pending becomes
 * true then, and is left alone otherwise (so one flag serves the two
 * pages of an access).  When it stays false, the walk without
 * VMEXIT_ACC_NO_AD would change nothing, and need not be made. */
int mem_translate_ad(struct vmexit_vcpu *v, const struct mem_ctx *c,
		     uint64_t la, unsigned acc, uint64_t *gpa,
		     struct vmexit_fault *fault, bool *ad_pending);
static inline int mem_translate(struct vmexit_vcpu *v, const struct mem_ctx *c,
				uint64_t la, unsigned acc, uint64_t *gpa,
				struct vmexit_fault *fault)
{
	bool ad_pending;

	return mem_translate_ad(v, c, la, acc, gpa, fault, &ad_pending);
}
/* ad_pending as for mem_translate_ad(), or NULL. */
int mem_translate_range(struct vmexit_vcpu *v, const struct mem_ctx *c,
			uint64_t la, size_t len, unsigned acc,
			uint64_t gpa[2], size_t *first,
			struct vmexit_fault *fault, bool *ad_pending);
int mem_linear_copy(struct vmexit_vcpu *v, const struct mem_ctx *c,
		    uint64_t la, void *buf, size_t len, unsigned acc);
/* The translation half of mem_linear_copy(): mem_translate_range() with
 * the accessed and dirty flags set only once both pages passed, and a
 * fault raised. */
int mem_linear_translate(struct vmexit_vcpu *v, const struct mem_ctx *c,
			 uint64_t la, size_t len, unsigned acc,
			 uint64_t gpa[2], size_t *first);
/* The copy half of mem_linear_copy(): [0, first) of buf at gpa[0], the
 * rest at gpa[1], as mem_translate_range() gave them. */
int mem_phys_copy_range(struct vmexit_vcpu *v, const uint64_t gpa[2],
			size_t first, void *buf, size_t len, unsigned acc);
int mem_seg_copy(struct vmexit_vcpu *v, const struct mem_ctx *c,
		 unsigned seg, uint64_t offset, void *buf, size_t len,
		 unsigned acc, unsigned align);

/* The host address of [gpa, gpa + len) for reading when it lies in the
 * RAM window, else NULL (then ask mem_map_gpa()). */
static inline void *mem_ram_window(const struct vmexit_vcpu *v, uint64_t gpa,
				   uint64_t len)
{
	uint64_t off = gpa - v->ram.gpa;

	return off < v->ram.len && v->ram.len - off >= len
		       ? (uint8_t *)v->ram.hva + off
		       : NULL;
}

/* map_gpa through the vCPU's RAM window (struct vmexit_vcpu, ram): a
 * read inside the last RAM window returned for a read is answered from
 * it.  Writes always ask the backend, which may map them differently (a
 * write to ROM is MMIO).  Returns VMEXIT_DONE, VMEXIT_UNHANDLED without
 * the op, or VMEXIT_ERR_BACKEND.  Inline: every walk and device access
 * asks it. */
static inline int mem_map_gpa(struct vmexit_vcpu *v, uint64_t gpa,
			      bool write, struct vmexit_gpa_map *out)
{
	void *hva = write ? NULL : mem_ram_window(v, gpa, 1);

	if (hva) {
		out->hva = hva;
		out->len = v->ram.len - (gpa - v->ram.gpa);
		return VMEXIT_DONE;
	}
	if (!v->ops->map_gpa)
		return vmexit_unhandled(v, VMEXIT_WHY_NO_OP, gpa);
	out->hva = NULL;
	out->len = 0;
	if (v->ops->map_gpa(v->backend, gpa, write, out) != VMEXIT_DONE)
		return VMEXIT_ERR_BACKEND;
	/* RAM has len >= 1 by the contract of struct vmexit_gpa_map; a
	 * backend that breaks it gets no window. */
	if (!write && out->hva && out->len) {
		v->ram.gpa = gpa;
		v->ram.len = out->len;
		v->ram.hva = out->hva;
	}
	return VMEXIT_DONE;
}

/* After a device callback (MMIO, port I/O): the device may have changed
 * the memory map, so the RAM window is forgotten. */
static inline void mem_devices_ran(struct vmexit_vcpu *v)
{
	v->ram.len = 0;
}

#endif
