/* SPDX-License-Identifier: BSD-2-Clause */
/* What every fuzz target defines.  Built with libFuzzer by make fuzz, and
 * with fuzz/replay/main.c by make check to replay fuzz/corpus/<target>/. */
#ifndef VMEXIT_FUZZ_H
#define VMEXIT_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
