/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Fuzz the KVM adapter's exit decoding and dispatch: the input is the
 * kvm_run page as KVM (from guest-chosen values) could have filled it.
 * Nothing may be read or written outside the page, whatever the offsets,
 * counts and lengths say.
 */
#include <string.h>

#include <linux/kvm.h>

#include <vmexit/kvm.h>

#include "fuzz.h"

#define RUN_SIZE 4096

static int f_in(void *o, uint16_t port, unsigned size, uint32_t *val)
{
	(void)o;
	*val = port ^ size;
	return 0;
}

static int f_out(void *o, uint16_t port, unsigned size, uint32_t val)
{
	(void)o;
	return (port ^ size ^ val) == 0xdead ? -1 : 0;
}

static int f_mr(void *o, uint64_t gpa, void *data, unsigned size)
{
	(void)o;
	memset(data, (int)gpa, size);
	return 0;
}

static int f_mw(void *o, uint64_t gpa, const void *data, unsigned size)
{
	(void)o;
	(void)data;
	return gpa == size ? -1 : 0;
}

static int f_rdmsr(void *o, uint32_t msr, uint64_t *val)
{
	(void)o;
	*val = msr;
	return msr & 1 ? -1 : 0;
}

static int f_wrmsr(void *o, uint32_t msr, uint64_t val)
{
	(void)o;
	return msr == val ? -1 : 0;
}

static const struct vmexit_kvm_devices devs = {
	f_in, f_out, f_mr, f_mw, f_rdmsr, f_wrmsr,
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static _Alignas(4096) uint8_t page[RUN_SIZE];
	struct vmexit_kvm k;
	struct vmexit_vcpu v;
	struct vmexit_kvm_exit x;

	memset(page, 0, sizeof(page));
	memcpy(page, data, size < RUN_SIZE ? size : RUN_SIZE);
	/* fds that are never real KVM: capability probes just fail. */
	memset(&k, 0, sizeof(k));
	k.vm_fd = k.vcpu_fd = -1;
	k.run = page;
	k.run_size = RUN_SIZE;
	k.dev = &devs;
	if (vmexit_vcpu_init(&v, &vmexit_kvm_ops, &k, NULL) != VMEXIT_DONE ||
	    vmexit_kvm_decode_exit(&k, &x) != VMEXIT_DONE)
		return 0;
	vmexit_vcpu_begin(&v);
	vmexit_kvm_handle_exit(&v, &k, &x);
	(void)vmexit_kvm_exit_name(x.kind);
	return 0;
}
