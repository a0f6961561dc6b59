/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * For tests/test_decode_diff.c, which checks that the fast path of
 * vmexit_decode() (its templates, decode_tmpl.h) gives what its general
 * path (the reference) gives:
 * decode on one path only.  A header of its own, so that the test gets
 * this and none of the decoder's private names.
 */
#ifndef VMEXIT_DECODE_PATH_H
#define VMEXIT_DECODE_PATH_H

#include <stddef.h>
#include <stdint.h>

#include <vmexit/decode.h>

/* What the fast path returns when it declines an instruction. */
#define VMEXIT_DECODE_FAST_NO (-1)

/* fast = 0: the general path, with the return values of vmexit_decode();
 * fast = 1: the fast path, VMEXIT_DONE or VMEXIT_DECODE_FAST_NO (*out is
 * then unspecified).  bytes and out must not be NULL, mode must be 16, 32
 * or 64.  Not exported from the shared library (hidden, as everything
 * that is not VMEXIT_API). */
int vmexit_decode_path(const uint8_t *bytes, size_t len, unsigned mode,
		       struct vmexit_insn *out, int fast);

#endif
