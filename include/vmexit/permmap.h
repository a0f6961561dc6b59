/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Permission bitmaps the processor consults before exiting on RDMSR,
 * WRMSR, IN and OUT: the VMX MSR bitmap and I/O bitmaps A/B (SDM Vol. 3,
 * "MSR-Bitmap Address", "I/O-Bitmap Addresses") and the SVM MSR and I/O
 * permission maps (APM Vol. 2, "MSR Intercepts", "I/O Intercepts").  A set
 * bit means "exit".  The caller owns the (page-aligned) storage.
 */
#ifndef VMEXIT_PERMMAP_H
#define VMEXIT_PERMMAP_H

#include <stdbool.h>
#include <stdint.h>

#include <vmexit/vmexit.h>

#ifdef __cplusplus
extern "C" {
#endif

#define VMEXIT_VMX_MSR_BITMAP_SIZE 4096u
#define VMEXIT_SVM_MSRPM_SIZE 8192u
#define VMEXIT_VMX_IO_BITMAP_SIZE 8192u /* A (ports 0-7FFFH) then B */
#define VMEXIT_SVM_IOPM_SIZE 12288u

enum vmexit_permmap {
	VMEXIT_PM_VMX_MSR,
	VMEXIT_PM_SVM_MSR,
	VMEXIT_PM_VMX_IO,
	VMEXIT_PM_SVM_IO,
};

/* Size in bytes of a map, or 0 for an unknown kind. */
VMEXIT_API uint32_t vmexit_permmap_size(unsigned kind);
/* Intercept everything (the safe starting point). */
VMEXIT_API int vmexit_permmap_init(unsigned kind, uint8_t *map);

/* MSR: whether RDMSR / WRMSR of msr exits.  An MSR outside the ranges a
 * map covers always exits; trying to pass one through is
 * VMEXIT_ERR_CALLER. */
VMEXIT_API int vmexit_permmap_msr(unsigned kind, uint8_t *map, uint32_t msr,
				  bool exit_read, bool exit_write);
VMEXIT_API bool vmexit_permmap_msr_exits(unsigned kind, const uint8_t *map,
					 uint32_t msr, bool write);

/* I/O: whether an access to port exits. */
VMEXIT_API int vmexit_permmap_io(unsigned kind, uint8_t *map, uint16_t port,
				 bool exit);
/* An access of size bytes at port exits if any of its ports does, and
 * on VMX if it wraps past FFFFH (SDM Vol. 3, "I/O-Bitmap Addresses"). */
VMEXIT_API bool vmexit_permmap_io_exits(unsigned kind, const uint8_t *map,
					uint16_t port, unsigned size);

/* An MSR the VMM lets the guest touch directly. */
struct vmexit_msr_pass {
	uint32_t msr;
	bool read;   /* RDMSR does not exit */
	bool write;  /* WRMSR does not exit */
};

/* Build a whole MSR map: everything exits except the listed accesses. */
VMEXIT_API int vmexit_permmap_msr_build(unsigned kind, uint8_t *map,
					const struct vmexit_msr_pass *pass,
					unsigned n);

#ifdef __cplusplus
}
#endif
#endif
