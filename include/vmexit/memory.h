/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Guest memory as the guest's own instructions see it: segmentation to a
 * linear address, the page walk to a guest-physical address, and copies
 * that cross pages and mix RAM with MMIO.
 *
 * Functions named *_probe or vmexit_translate report a fault in a
 * struct vmexit_fault and leave the vCPU alone; every other function queues
 * the fault on the vCPU (vmexit_raise) and returns VMEXIT_EXCEPTION.
 */
#ifndef VMEXIT_MEMORY_H
#define VMEXIT_MEMORY_H

#include <stddef.h>
#include <stdint.h>

#include <vmexit/vcpu.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Access kinds and modifiers. */
enum vmexit_access {
	VMEXIT_ACC_READ = 0,
	VMEXIT_ACC_WRITE = 1u << 0,
	VMEXIT_ACC_FETCH = 1u << 1,
	/* An implicit supervisor access (descriptor tables, TSS, IDT),
	 * whatever the CPL (SDM Vol. 3, "Access Rights"). */
	VMEXIT_ACC_IMPLICIT = 1u << 2,
	/* Check only: do not set accessed and dirty bits. */
	VMEXIT_ACC_NO_AD = 1u << 3,
	/* Not subject to CR0.AM/EFLAGS.AC alignment checking. */
	VMEXIT_ACC_NO_AC = 1u << 4,
	/* A cache-line flush or write-back (CLFLUSH, CLFLUSHOPT, CLWB):
	 * checked as a byte read, except that an execute-only code segment
	 * allows it (SDM Vol. 2, "CLFLUSH", "CLFLUSHOPT", "CLWB"). */
	VMEXIT_ACC_FLUSH = 1u << 5,
};

/* Largest linear access the copy functions take in one call: a range
 * touches at most two pages, so both can be checked before any byte
 * moves. */
#define VMEXIT_MAX_ACCESS 4096u

/* #PF error-code bits (SDM Vol. 3, "Page-Fault Exceptions"). */
#define VMEXIT_PFEC_P (1u << 0)
#define VMEXIT_PFEC_W (1u << 1)
#define VMEXIT_PFEC_U (1u << 2)
#define VMEXIT_PFEC_RSVD (1u << 3)
#define VMEXIT_PFEC_ID (1u << 4)
#define VMEXIT_PFEC_PK (1u << 5)

/*
 * Translate a linear address with the guest's current paging mode, CPL,
 * CR0.WP, CR4.SMEP/SMAP, EFER.NXE and EFLAGS.AC.  Sets accessed/dirty
 * bits (atomically, as the guest may be walking the same tables) only when
 * the translation succeeds, unless VMEXIT_ACC_NO_AD.
 * Returns VMEXIT_DONE, VMEXIT_EXCEPTION with *fault filled (#PF and CR2),
 * VMEXIT_UNHANDLED when a paging structure is not in RAM, or an error.
 */
VMEXIT_API int vmexit_translate(struct vmexit_vcpu *v, uint64_t la,
				unsigned acc, uint64_t *gpa,
				struct vmexit_fault *fault);

/*
 * vmexit_translate() for each page of [la, la + len) in order (one or
 * two; len <= VMEXIT_MAX_ACCESS, linear addresses wrapping at 4 GBytes
 * outside IA-32e mode): gpa[0] holds the first *first bytes, gpa[1] the
 * rest (0 when there is no second page).  Reports the first fault in
 * *fault; pass VMEXIT_ACC_NO_AD to leave the accessed and dirty flags
 * alone, e.g. to check an access before making it.
 */
VMEXIT_API int vmexit_translate_range(struct vmexit_vcpu *v, uint64_t la,
				      size_t len, unsigned acc,
				      uint64_t gpa[2], size_t *first,
				      struct vmexit_fault *fault);

/*
 * Segmentation (SDM Vol. 3, "Segment-Level Protection"; "Linear-Address
 * Translation" in 64-bit mode): type, limit (expand-up and expand-down),
 * canonical form in 64-bit mode, and alignment checking when CR0.AM,
 * EFLAGS.AC and CPL 3 (alignment `align`, 0 or 1 for none).  `offset` is
 * the effective address already reduced to the address size.  Faults are
 * #GP(0), or #SS(0) for the stack segment, or #AC(0).
 */
VMEXIT_API int vmexit_linear_probe(struct vmexit_vcpu *v, unsigned seg,
				   uint64_t offset, unsigned size,
				   unsigned acc, unsigned align,
				   uint64_t *la, struct vmexit_fault *fault);
VMEXIT_API int vmexit_linear(struct vmexit_vcpu *v, unsigned seg,
			     uint64_t offset, unsigned size, unsigned acc,
			     unsigned align, uint64_t *la);
/* Canonical for the current paging mode (48 or 57 bits). */
VMEXIT_API int vmexit_is_canonical(struct vmexit_vcpu *v, uint64_t la,
				   int *canonical);

/* Copies through the page walk; len <= VMEXIT_MAX_ACCESS.  Every page is
 * translated before any byte is accessed, so a fault leaves memory and
 * devices untouched.  Pages that are not RAM go to the MMIO callbacks. */
VMEXIT_API int vmexit_read_linear(struct vmexit_vcpu *v, uint64_t la,
				  void *buf, size_t len, unsigned acc);
VMEXIT_API int vmexit_write_linear(struct vmexit_vcpu *v, uint64_t la,
				   const void *buf, size_t len, unsigned acc);

/* Segment-relative copies: vmexit_linear() then the linear copy. */
VMEXIT_API int vmexit_read_seg(struct vmexit_vcpu *v, unsigned seg,
			       uint64_t offset, void *buf, size_t len,
			       unsigned acc, unsigned align);
VMEXIT_API int vmexit_write_seg(struct vmexit_vcpu *v, unsigned seg,
				uint64_t offset, const void *buf, size_t len,
				unsigned acc, unsigned align);

/* Guest-physical copies: RAM through map_gpa, the rest through MMIO
 * (one device access when len is a power of two up to 64, otherwise
 * naturally aligned power-of-two pieces). */
VMEXIT_API int vmexit_read_phys(struct vmexit_vcpu *v, uint64_t gpa,
				void *buf, size_t len);
VMEXIT_API int vmexit_write_phys(struct vmexit_vcpu *v, uint64_t gpa,
				 const void *buf, size_t len);

#ifdef __cplusplus
}
#endif
#endif
