/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The only C library the core uses: memcpy, memset and memcmp.  A hosted
 * build takes them from <string.h>; a freestanding build (a kernel, a
 * bare-metal monitor) must provide these three symbols.
 */
#ifndef VMEXIT_LIBC_H
#define VMEXIT_LIBC_H

#include <stddef.h>

#if __STDC_HOSTED__
#include <string.h>
#else
void *memcpy(void *restrict dst, const void *restrict src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
#endif

#endif
