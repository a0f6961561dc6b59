/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libvmexit: what a hypervisor does after a VM exit.
 *
 * This is the base header every other public header includes: the version,
 * the status codes every entry point returns, and the export macro.
 */
#ifndef VMEXIT_VMEXIT_H
#define VMEXIT_VMEXIT_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Before 1.0 a minor version may change the ABI (the SONAME stays
 * libvmexit.so.0): 0.2 added the x87 state to struct vmexit_vregs and
 * renumbered mnemonics, register classes and operand codes. */
#define VMEXIT_VERSION_MAJOR 0
#define VMEXIT_VERSION_MINOR 2
#define VMEXIT_VERSION_PATCH 0
/* One number that compares: 0x00MMmmpp. */
#define VMEXIT_VERSION \
	((VMEXIT_VERSION_MAJOR << 16) | (VMEXIT_VERSION_MINOR << 8) | \
	 VMEXIT_VERSION_PATCH)

/* Symbols are hidden unless marked; the library build defines
 * VMEXIT_BUILDING so only the API is exported from the shared object. */
#if defined(VMEXIT_BUILDING) && defined(__GNUC__)
#define VMEXIT_API __attribute__((visibility("default")))
#else
#define VMEXIT_API
#endif

/*
 * Status of every entry point.  An instruction that faults inside the guest
 * is not an error: the architecturally correct exception is queued on the
 * vCPU and VMEXIT_EXCEPTION is returned.  Negative values are errors.
 */
enum vmexit_status {
	VMEXIT_DONE = 0,           /* completed; state is in the vCPU cache */
	VMEXIT_EXCEPTION = 1,      /* an exception was queued for the guest */
	VMEXIT_RETRY = 2,          /* nothing changed; re-enter and retry */
	VMEXIT_UNHANDLED = 3,      /* cannot be handled; see vcpu->diag */
	VMEXIT_TRIPLE_FAULT = 4,   /* the guest must be shut down */
	VMEXIT_ERR_BACKEND = -1,   /* a backend op or callback failed */
	VMEXIT_ERR_CALLER = -2,    /* the caller passed bad arguments */
};

/* VMEXIT_VERSION of the library actually linked. */
VMEXIT_API uint32_t vmexit_version(void);
/* A short constant English description; never NULL. */
VMEXIT_API const char *vmexit_strerror(int status);

#ifdef __cplusplus
}
#endif
#endif
