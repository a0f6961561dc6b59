/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The host CPU's AVX-512 state as a test oracle: run a few instruction
 * bytes natively between loading ZMM0-31 and k1-k7 from memory and
 * storing them back.
 */
#ifndef TESTS_HOST_AVX512_H
#define TESTS_HOST_AVX512_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ZMM0-31 and k0-k7 (k0 is neither loaded nor stored). */
struct host_zstate {
	uint8_t z[32][64];
	uint64_t k[8];
};

struct vmexit_vregs;

/* ZMMn (n < 32) of a struct vmexit_vregs, whole, as the test reads the
 * layout of <vmexit/vcpu.h>: YMM0-15 with their bits 511:256, ZMM16-31. */
void vregs_zmm_get(const struct vmexit_vregs *v, unsigned n, uint8_t z[64]);
void vregs_zmm_set(struct vmexit_vregs *v, unsigned n, const uint8_t z[64]);

/* Whether the host has AVX-512 F, BW and VL, enabled by the OS in XCR0. */
bool host_has_avx512(void);

/*
 * Run bytes insn[0..n) natively with RDI = rdi and the vector state *s,
 * then store the state back into *s.  The bytes must not use RSI or the
 * stack.  Returns 0, or the signal the bytes raised (SIGILL for #UD,
 * SIGSEGV for #GP or #PF), *s then unspecified.  Not reentrant.
 */
int host_avx512_run(const uint8_t *insn, size_t n, void *rdi, struct host_zstate *s);

/* The address the last run's SIGSEGV reported: CR2 for a #PF, NULL for
 * a #GP. */
void *host_avx512_fault_addr(void);

#endif
