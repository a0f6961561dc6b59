/* SPDX-License-Identifier: BSD-2-Clause */
/* Shared by the demo guests (included by the .S files). */
#define COM1 0x3f8
#define DEBUG_EXIT 0xf4
#define FW_CFG_SEL 0x510
#define FW_CFG_DATA 0x511
#define MMIO_TEST 0xd0000000
#define SCRATCH_MSR 0x13370000
#define MSR_TSC_AUX 0xc0000103
