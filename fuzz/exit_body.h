/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The exit fuzzers (exit_vmx.c, exit_svm.c include this with
 * EXIT_FUZZ_SVM 0 or 1): random raw VMX or SVM exit fields through the
 * decoders, then the decoded in-flight event through the event policy.
 * Invariants: lengths within the architectural 15 bytes, I/O sizes 1/2/4,
 * known kinds only, raw fields kept, decoding deterministic.  Then the
 * record is dispatched on a mock vCPU whose code page holds the input
 * bytes: any status is fine, a crash or sanitizer report is not.
 */
#include <string.h>

#include <vmexit/dispatch.h>
#include <vmexit/event.h>
#include <vmexit/exit.h>
#include <vmexit/mock.h>

#include "fuzz.h"

static void check(int cond)
{
	if (!cond)
		__builtin_trap();
}

static uint64_t take(const uint8_t **p, size_t *n, unsigned bytes)
{
	uint64_t v = 0;
	for (unsigned i = 0; i < bytes; i++) {
		v = v << 8 | (*n ? **p : 0);
		if (*n) {
			(*p)++;
			(*n)--;
		}
	}
	return v;
}

static void decode(const uint8_t *p, size_t n, struct vmexit_exit *x)
{
	/* Bit 0 picks the architecture; each target fixes it. */
	uint8_t sel = (uint8_t)((take(&p, &n, 1) & ~1u) | EXIT_FUZZ_SVM);

	if (sel & 1) {
		struct vmexit_svm_raw r;
		memset(&r, 0, sizeof(r));
		r.exitcode = take(&p, &n, 8);
		if (sel & 2) /* mostly plausible codes */
			r.exitcode &= 0x4ff;
		r.exitinfo1 = take(&p, &n, 8);
		r.exitinfo2 = take(&p, &n, 8);
		r.exitintinfo = take(&p, &n, 8);
		r.rip = take(&p, &n, 8);
		r.nrip = r.rip + (take(&p, &n, 1) & 0x1f);
		r.nrips = sel & 4;
		r.decode_assists = sel & 8;
		r.insn_bytes_len = (uint8_t)take(&p, &n, 1);
		for (unsigned i = 0; i < 15; i++)
			r.insn_bytes[i] = (uint8_t)take(&p, &n, 1);
		check(vmexit_exit_from_svm(&r, x) == VMEXIT_DONE);
		check(x->raw_reason == r.exitcode);
	} else {
		struct vmexit_vmx_raw r;
		memset(&r, 0, sizeof(r));
		r.reason = (uint32_t)take(&p, &n, 4);
		if (sel & 2)
			r.reason &= 0x8000007f;
		r.qual = take(&p, &n, 8);
		r.guest_linear = take(&p, &n, 8);
		r.guest_phys = take(&p, &n, 8);
		r.intr_info = (uint32_t)take(&p, &n, 4);
		r.intr_error = (uint32_t)take(&p, &n, 4);
		r.idt_info = (uint32_t)take(&p, &n, 4);
		r.idt_error = (uint32_t)take(&p, &n, 4);
		r.insn_len = (uint32_t)take(&p, &n, 1);
		r.insn_info = (uint32_t)take(&p, &n, 4);
		r.io_insn_info = sel & 4;
		check(vmexit_exit_from_vmx(&r, x) == VMEXIT_DONE);
		check(x->raw_reason == r.reason);
	}
}

static int pio(void *o, uint64_t port, void *d, unsigned size, bool wr)
{
	(void)o;
	(void)port;
	if (!wr)
		memset(d, 0xab, size);
	return VMEXIT_DONE;
}

static void dispatch(const uint8_t *data, size_t size, struct vmexit_exit *x)
{
	static uint8_t ram[0x2000];
	static const struct vmexit_cpuid_entry host[] = {
		{ 0, 0, { 0xd, 0x756e6547, 0x6c65746e, 0x49656e69 } },
	};
	struct vmexit_mock m;
	struct vmexit_vcpu v;
	struct vmexit_vcpu_config vc = { 0 };
	struct vmexit_cpuid_config cc = { .host = host, .nr_host = 1,
					  .threads_per_core = 1,
					  .cores_per_package = 1 };
	struct vmexit_msr_config mc = { .efer_mask = 0xd01, .rdtscp = true };
	struct vmexit_msr_state ms;
	struct vmexit_dispatch_config dc = { .cpuid = &cc, .msr = &mc,
					     .msr_state = &ms,
					     .xcr0_allowed = 7 };
	struct vmexit_dispatch_result res;

	memset(ram, 0x90, sizeof(ram));
	memcpy(ram + 0x1000, data, size < 0x1000 ? size : 0x1000);
	if (vmexit_mock_init(&m, ram, sizeof(ram)) != VMEXIT_DONE ||
	    vmexit_mock_set_mode(&m, data[0] & 0x10 ? VMEXIT_MODE_REAL
						    : VMEXIT_MODE_PROT32,
				 0, 0) != VMEXIT_DONE)
		return;
	m.regs.rip = 0x1000;
	m.regs.gpr[VMEXIT_RSP] = 0x1800;
	m.pio = pio;
	vmexit_msr_reset(&ms, true);
	if (vmexit_vcpu_init(&v, &vmexit_mock_ops, &m, &vc) != VMEXIT_DONE ||
	    vmexit_vcpu_begin(&v) != VMEXIT_DONE)
		return;
	int rc = vmexit_handle(&v, x, &dc, &res);
	check(rc >= VMEXIT_ERR_CALLER && rc <= VMEXIT_TRIPLE_FAULT);
	check(res.action <= VMEXIT_ACT_UNKNOWN);
	if (rc >= 0)
		vmexit_vcpu_flush(&v);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vmexit_exit x, y;
	struct vmexit_event_input in;
	struct vmexit_event_output out;

	if (size == 0)
		return 0;
	decode(data, size, &x);
	decode(data, size, &y);
	check(memcmp(&x, &y, sizeof(x)) == 0);
	check(x.insn_len <= 15 && x.insn_bytes_len <= 15);
	check(x.kind <= VMEXIT_X_OTHER_INSN);
	if (x.kind == VMEXIT_X_IO)
		check(x.io.size == 1 || x.io.size == 2 || x.io.size == 4);
	if (x.kind == VMEXIT_X_CR_ACCESS)
		check(x.cr.cr < 16 && x.cr.access <= VMEXIT_CR_OTHER);
	if (x.kind == VMEXIT_X_ENTRY_FAILED)
		check(x.intinfo == 0);

	/* Whatever the exit says was in flight, the policy answers. */
	memset(&in, 0, sizeof(in));
	in.arch = x.arch;
	in.protected_mode = true;
	in.intinfo = x.intinfo;
	in.intinfo_error = x.intinfo_error;
	in.insn_len = x.insn_len;
	in.iret_unblocked_nmi = x.iret_unblocked_nmi;
	in.svm_iret_exit = x.kind == VMEXIT_X_IRET;
	int rc = vmexit_event_decide(&in, &out);
	check(rc == VMEXIT_DONE || rc == VMEXIT_ERR_CALLER);
	dispatch(data, size, &x);
	return 0;
}
