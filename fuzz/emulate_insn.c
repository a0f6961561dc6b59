/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * vmexit_emulate() and vmexit_can_emulate() with a struct vmexit_insn the
 * caller built: what the decoder makes of the input's first 15 bytes, with
 * the rest of the input XORed into the struct, so that the fields stay
 * near values the emulator takes and every one of them is sometimes out of
 * range.  The caller is not trusted either: whatever the struct says, no
 * crash, no undefined behaviour, and a documented status (the mock fails
 * nothing, so never a backend error).  The vCPU is the mock in the mode the input's byte 15 names, flat
 * segments, no paging, RAM at 0 and a device at 8000H.
 *
 * Input: 15 instruction bytes, 1 byte mode (bits 0-2: enum
 * vmexit_cpu_mode % 7; bits 6-7: the decode mode 16, 32 or 64, 64 for 3),
 * then up to sizeof(struct vmexit_insn) bytes XORed into the struct from
 * its start.
 */
#include <string.h>

#include <vmexit/decode.h>
#include <vmexit/emulate.h>
#include <vmexit/mock.h>

#include "fuzz.h"

#define RAM_SIZE 0x10000u
#define DEV 0x8000u

static uint8_t ram[RAM_SIZE];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum vmexit_decode_mode dmode[4] = {
		VMEXIT_DECODE_16, VMEXIT_DECODE_32, VMEXIT_DECODE_64,
		VMEXIT_DECODE_64,
	};
	static struct vmexit_mock m;
	struct vmexit_vcpu v;
	struct vmexit_insn in;
	uint8_t *raw = (uint8_t *)&in;
	uint64_t gpr[16] = { 0 }, ea;
	char name[64];

	if (size < 16)
		return 0;
	memset(&in, 0, sizeof(in));
	(void)vmexit_decode(data, 15, dmode[data[15] >> 6], &in);
	for (size_t i = 16; i < size && i - 16 < sizeof(in); i++)
		raw[i - 16] ^= data[i];

	memset(ram, 0, sizeof(ram));
	if (vmexit_mock_init(&m, ram, sizeof(ram)) != VMEXIT_DONE ||
	    vmexit_mock_set_mode(&m, (enum vmexit_cpu_mode)(data[15] & 7) % 7, 0,
				 0) != VMEXIT_DONE ||
	    vmexit_mock_add_mmio(&m, DEV, 0x1000, NULL, NULL) != VMEXIT_DONE)
		return 0;
	for (unsigned i = 0; i < 16; i++)
		m.regs.gpr[i] = gpr[i] = DEV + 0x100 * i;
	m.regs.rip = 0x1000;
	if (vmexit_vcpu_init(&v, &vmexit_mock_ops, &m, NULL) != VMEXIT_DONE)
		__builtin_trap();
	vmexit_vcpu_begin(&v);

	int rc = vmexit_emulate(&v, &in, NULL);
	/* The mock fails nothing: no backend error, no retry. */
	if (rc != VMEXIT_DONE && rc != VMEXIT_EXCEPTION && rc != VMEXIT_UNHANDLED &&
	    rc != VMEXIT_TRIPLE_FAULT && rc != VMEXIT_ERR_CALLER)
		__builtin_trap();
	if (rc == VMEXIT_DONE || rc == VMEXIT_EXCEPTION)
		(void)vmexit_vcpu_flush(&v);
	(void)vmexit_can_emulate(&in);
	(void)vmexit_insn_emulated(&in);
	(void)vmexit_insn_name(&in, name, sizeof(name));
	for (unsigned k = 0; k < 3; k++)
		(void)vmexit_insn_ea(&in, k, gpr, 0x1000, &ea);
	return 0;
}
