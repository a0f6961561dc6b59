/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The KVM adapter's exit decoding and dispatch on a hand-built kvm_run,
 * without /dev/kvm: KVM's record layout is the kernel's uapi, the expected
 * device accesses are written out by hand, and hostile values (offsets
 * past the page, counts that overflow, odd MMIO lengths, oversized
 * instruction byte counts) must be refused or clamped.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <linux/kvm.h>

#include <vmexit/kvm.h>
#include <vmexit/msr.h>

#define RUN_SIZE 4096

struct access {
	char kind; /* 'i' 'o' 'r' 'w' 'R' 'W' */
	uint64_t addr;
	unsigned size;
	uint64_t val;
};

struct rec {
	unsigned n;
	struct access a[64];
	bool fail;
};

static void log_access(struct rec *r, char kind, uint64_t addr,
		       unsigned size, uint64_t val)
{
	if (r->n < 64)
		r->a[r->n] = (struct access){ kind, addr, size, val };
	r->n++;
}

static int d_in(void *o, uint16_t port, unsigned size, uint32_t *val)
{
	struct rec *r = o;
	*val = 0xa0u + r->n;
	log_access(r, 'i', port, size, *val);
	return r->fail ? -1 : 0;
}

static int d_out(void *o, uint16_t port, unsigned size, uint32_t val)
{
	struct rec *r = o;
	log_access(r, 'o', port, size, val);
	return r->fail ? -1 : 0;
}

static int d_mr(void *o, uint64_t gpa, void *data, unsigned size)
{
	struct rec *r = o;
	memset(data, 0x40 + (int)r->n, size);
	log_access(r, 'r', gpa, size, 0);
	return r->fail ? -1 : 0;
}

static int d_mw(void *o, uint64_t gpa, const void *data, unsigned size)
{
	struct rec *r = o;
	uint64_t v = 0;
	memcpy(&v, data, size < 8 ? size : 8);
	log_access(r, 'w', gpa, size, v);
	return r->fail ? -1 : 0;
}

static int d_rdmsr(void *o, uint32_t msr, uint64_t *val)
{
	struct rec *r = o;
	*val = 0x1122334455667788ull;
	log_access(r, 'R', msr, 8, *val);
	return r->fail ? -1 : 0;
}

static int d_wrmsr(void *o, uint32_t msr, uint64_t val)
{
	struct rec *r = o;
	log_access(r, 'W', msr, 8, val);
	return r->fail ? -1 : 0;
}

static const struct vmexit_kvm_devices devs = {
	d_in, d_out, d_mr, d_mw, d_rdmsr, d_wrmsr,
};

struct fix {
	_Alignas(4096) uint8_t page[RUN_SIZE];
	struct vmexit_kvm k;
	struct vmexit_vcpu v;
	struct rec rec;
	int fd;
};

static struct kvm_run *setup(struct fix *f)
{
	memset(f->page, 0, sizeof(f->page));
	memset(&f->rec, 0, sizeof(f->rec));
	/* Any fd works: the capability probes fail and report "absent". */
	f->fd = open("/dev/null", O_RDWR);
	assert_true(f->fd >= 0);
	assert_int_equal(vmexit_kvm_init(&f->k, f->fd, f->fd, f->page,
					 RUN_SIZE, &devs, &f->rec),
			 VMEXIT_DONE);
	assert_int_equal(vmexit_vcpu_init(&f->v, &vmexit_kvm_ops, &f->k, NULL),
			 VMEXIT_DONE);
	return (struct kvm_run *)f->page;
}

static int decode_handle(struct fix *f, struct vmexit_kvm_exit *x)
{
	assert_int_equal(vmexit_kvm_decode_exit(&f->k, x), VMEXIT_DONE);
	vmexit_vcpu_begin(&f->v);
	return vmexit_kvm_handle_exit(&f->v, &f->k, x);
}

static void rep_outsw(void **state)
{
	static struct fix f;
	struct vmexit_kvm_exit x;
	struct kvm_run *run = setup(&f);
	(void)state;

	run->exit_reason = KVM_EXIT_IO;
	run->io.direction = KVM_EXIT_IO_OUT;
	run->io.size = 2;
	run->io.port = 0x3f8;
	run->io.count = 3;
	run->io.data_offset = 0x800;
	const uint8_t data[6] = { 0x34, 0x12, 0x78, 0x56, 0xbc, 0x9a };
	memcpy(f.page + 0x800, data, 6);
	assert_int_equal(decode_handle(&f, &x), VMEXIT_DONE);
	assert_int_equal(x.kind, VMEXIT_KVM_X_IO);
	assert_true(x.write);
	assert_int_equal(f.rec.n, 3);
	assert_int_equal(f.rec.a[0].val, 0x1234);
	assert_int_equal(f.rec.a[1].val, 0x5678);
	assert_int_equal(f.rec.a[2].val, 0x9abc);
	assert_int_equal(f.rec.a[2].addr, 0x3f8);
	assert_int_equal(f.rec.a[2].size, 2);
	close(f.fd);
}

static void rep_insb(void **state)
{
	static struct fix f;
	struct vmexit_kvm_exit x;
	struct kvm_run *run = setup(&f);
	(void)state;

	run->exit_reason = KVM_EXIT_IO;
	run->io.direction = KVM_EXIT_IO_IN;
	run->io.size = 1;
	run->io.port = 0x511;
	run->io.count = 4;
	run->io.data_offset = RUN_SIZE - 4; /* exactly fits */
	assert_int_equal(decode_handle(&f, &x), VMEXIT_DONE);
	const uint8_t want[4] = { 0xa0, 0xa1, 0xa2, 0xa3 };
	assert_memory_equal(f.page + RUN_SIZE - 4, want, 4);
	close(f.fd);
}

static void io_hostile(void **state)
{
	static struct fix f;
	struct vmexit_kvm_exit x;
	struct kvm_run *run = setup(&f);
	(void)state;

	run->exit_reason = KVM_EXIT_IO;
	run->io.size = 4;
	run->io.count = 2;
	run->io.data_offset = RUN_SIZE - 4; /* one element past the page */
	assert_int_equal(decode_handle(&f, &x), VMEXIT_ERR_BACKEND);
	run->io.count = 0x40000001u; /* count * size wraps in 32 bits */
	run->io.data_offset = 0x800;
	assert_int_equal(decode_handle(&f, &x), VMEXIT_ERR_BACKEND);
	run->io.data_offset = ~0ull;
	run->io.count = 1;
	assert_int_equal(decode_handle(&f, &x), VMEXIT_ERR_BACKEND);
	run->io.data_offset = 0x800;
	run->io.size = 3;
	assert_int_equal(decode_handle(&f, &x), VMEXIT_UNHANDLED);
	assert_int_equal(f.rec.n, 0);
	/* A failing device is a backend error, not a crash. */
	run->io.size = 1;
	f.rec.fail = true;
	assert_int_equal(decode_handle(&f, &x), VMEXIT_ERR_BACKEND);
	close(f.fd);
}

static void mmio_sizes(void **state)
{
	static struct fix f;
	struct vmexit_kvm_exit x;
	struct kvm_run *run = setup(&f);
	(void)state;

	run->exit_reason = KVM_EXIT_MMIO;
	run->mmio.phys_addr = 0xd0000010;
	run->mmio.len = 8;
	run->mmio.is_write = 1;
	memcpy(run->mmio.data, "\x11\x22\x33\x44\x55\x66\x77\x88", 8);
	assert_int_equal(decode_handle(&f, &x), VMEXIT_DONE);
	assert_int_equal(x.data, 0x8877665544332211ull);
	assert_int_equal(f.rec.n, 1);
	assert_int_equal(f.rec.a[0].size, 8);
	assert_int_equal(f.rec.a[0].val, 0x8877665544332211ull);

	/* A 3-byte fragment (KVM splits at page ends) goes as bytes. */
	f.rec.n = 0;
	run->mmio.len = 3;
	run->mmio.is_write = 0;
	assert_int_equal(decode_handle(&f, &x), VMEXIT_DONE);
	assert_int_equal(f.rec.n, 3);
	assert_int_equal(f.rec.a[2].addr, 0xd0000012);
	assert_int_equal(f.rec.a[2].size, 1);
	assert_memory_equal(run->mmio.data, "\x40\x41\x42", 3);

	f.rec.n = 0;
	run->mmio.len = 9;
	assert_int_equal(decode_handle(&f, &x), VMEXIT_ERR_BACKEND);
	run->mmio.len = 0;
	assert_int_equal(decode_handle(&f, &x), VMEXIT_ERR_BACKEND);
	assert_int_equal(f.rec.n, 0);
	close(f.fd);
}

static void msr(void **state)
{
	static struct fix f;
	struct vmexit_kvm_exit x;
	struct kvm_run *run = setup(&f);
	(void)state;

	run->exit_reason = KVM_EXIT_X86_RDMSR;
	run->msr.index = 0x13370000;
	assert_int_equal(decode_handle(&f, &x), VMEXIT_DONE);
	assert_int_equal(run->msr.data, 0x1122334455667788ull);
	assert_int_equal(run->msr.error, 0);

	run->exit_reason = KVM_EXIT_X86_WRMSR;
	run->msr.data = 42;
	f.rec.fail = true; /* no such MSR: KVM must raise #GP */
	assert_int_equal(decode_handle(&f, &x), VMEXIT_EXCEPTION);
	assert_int_equal(run->msr.error, 1);
	assert_int_equal(f.rec.a[1].kind, 'W');
	assert_int_equal(f.rec.a[1].val, 42);
	close(f.fd);
}

/* With the library's MSR policy: the MSRs it owns are answered from its
 * state with WRMSR's checks, the others go to the devices. */
static void msr_policy(void **state)
{
	static struct fix f;
	struct vmexit_kvm_exit x;
	struct kvm_run *run = setup(&f);
	const struct vmexit_msr_config cfg = { .rdtscp = true,
					       .unknown_to_vmm = true };
	struct vmexit_msr_state st;
	(void)state;

	vmexit_msr_reset(&st, true);
	assert_int_equal(vmexit_kvm_msr_policy(&f.k, &cfg, NULL),
			 VMEXIT_ERR_CALLER);
	assert_int_equal(vmexit_kvm_msr_policy(&f.k, &cfg, &st), VMEXIT_DONE);
	run->exit_reason = KVM_EXIT_X86_WRMSR;
	run->msr.index = VMEXIT_MSR_TSC_AUX;
	run->msr.data = 0x89abcdefu;
	assert_int_equal(decode_handle(&f, &x), VMEXIT_DONE);
	assert_int_equal(run->msr.error, 0);
	assert_int_equal(st.tsc_aux, 0x89abcdefu);
	run->exit_reason = KVM_EXIT_X86_RDMSR;
	run->msr.data = 0;
	assert_int_equal(decode_handle(&f, &x), VMEXIT_DONE);
	assert_int_equal(run->msr.data, 0x89abcdefu);
	assert_int_equal(f.rec.n, 0); /* the devices never saw it */
	/* Not the library's: the device answers. */
	run->msr.index = 0x13370000;
	assert_int_equal(decode_handle(&f, &x), VMEXIT_DONE);
	assert_int_equal(run->msr.data, 0x1122334455667788ull);
	assert_int_equal(f.rec.n, 1);
	/* Policy off again: TSC_AUX goes to the device, which refuses. */
	assert_int_equal(vmexit_kvm_msr_policy(&f.k, NULL, NULL), VMEXIT_DONE);
	run->msr.index = VMEXIT_MSR_TSC_AUX;
	f.rec.fail = true;
	assert_int_equal(decode_handle(&f, &x), VMEXIT_EXCEPTION);
	assert_int_equal(run->msr.error, 1);
	assert_int_equal(run->msr.data, 0);
	assert_false(f.v.pending_valid); /* KVM raises the #GP, not us */
	close(f.fd);
}

static void emulation_failure(void **state)
{
	static struct fix f;
	struct vmexit_kvm_exit x;
	struct kvm_run *run = setup(&f);
	(void)state;

	run->exit_reason = KVM_EXIT_INTERNAL_ERROR;
	run->emulation_failure.suberror = KVM_INTERNAL_ERROR_EMULATION;
	run->emulation_failure.ndata = 3;
	run->emulation_failure.flags =
		KVM_INTERNAL_ERROR_EMULATION_FLAG_INSTRUCTION_BYTES;
	run->emulation_failure.insn_size = 200; /* more than 15 */
	memset(run->emulation_failure.insn_bytes, 0x90, 15);
	run->emulation_failure.insn_bytes[0] = 0x66;
	/* The bytes are clamped to 15 and go to the emulator, which needs
	 * the registers: on this fake vCPU (no KVM behind the fd) fetching
	 * them fails, and that comes back as a backend error. */
	assert_int_equal(decode_handle(&f, &x), VMEXIT_ERR_BACKEND);
	assert_int_equal(x.kind, VMEXIT_KVM_X_EMULATION);
	assert_int_equal(x.insn_len, 15);
	assert_memory_equal(x.insn, run->emulation_failure.insn_bytes, 15);

	/* Without the flag there are no bytes. */
	run->emulation_failure.flags = 0;
	assert_int_equal(decode_handle(&f, &x), VMEXIT_ERR_BACKEND);
	assert_int_equal(x.insn_len, 0);

	/* Other internal errors are left to the VMM. */
	run->internal.suberror = KVM_INTERNAL_ERROR_DELIVERY_EV;
	assert_int_equal(decode_handle(&f, &x), VMEXIT_UNHANDLED);
	assert_int_equal(x.kind, VMEXIT_KVM_X_INTERNAL);
	assert_int_equal(f.v.diag.reason, VMEXIT_WHY_EXIT);
	close(f.fd);
}

static void left_to_vmm(void **state)
{
	static struct fix f;
	struct vmexit_kvm_exit x;
	struct kvm_run *run = setup(&f);
	(void)state;

	const struct { uint32_t reason, kind; } t[] = {
		{ KVM_EXIT_HLT, VMEXIT_KVM_X_HLT },
		{ KVM_EXIT_SHUTDOWN, VMEXIT_KVM_X_SHUTDOWN },
		{ KVM_EXIT_FAIL_ENTRY, VMEXIT_KVM_X_FAIL_ENTRY },
		{ KVM_EXIT_SYSTEM_EVENT, VMEXIT_KVM_X_SYSTEM_EVENT },
		{ 0xdead, VMEXIT_KVM_X_UNKNOWN },
	};
	for (unsigned i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		run->exit_reason = t[i].reason;
		assert_int_equal(decode_handle(&f, &x), VMEXIT_UNHANDLED);
		assert_int_equal(x.kind, t[i].kind);
		assert_string_not_equal(vmexit_kvm_exit_name(x.kind), "invalid");
	}
	run->exit_reason = KVM_EXIT_INTR;
	assert_int_equal(decode_handle(&f, &x), VMEXIT_RETRY);
	assert_string_equal(vmexit_kvm_exit_name(999), "invalid");
	assert_int_equal(f.rec.n, 0);
	close(f.fd);
}

static void caller_errors(void **state)
{
	static struct fix f;
	struct vmexit_kvm_exit x;
	(void)state;

	setup(&f);
	assert_int_equal(vmexit_kvm_init(&f.k, -1, 0, f.page, RUN_SIZE, NULL,
					 NULL), VMEXIT_ERR_CALLER);
	assert_int_equal(vmexit_kvm_init(&f.k, f.fd, f.fd, f.page, 16, NULL,
					 NULL), VMEXIT_ERR_CALLER);
	close(f.fd);
	setup(&f);
	assert_int_equal(vmexit_kvm_decode_exit(NULL, &x), VMEXIT_ERR_CALLER);
	assert_int_equal(vmexit_kvm_add_ram(&f.k, 0x1001, 0x1000, f.page,
					    false), VMEXIT_ERR_CALLER);
	/* A vCPU not built on this adapter is refused. */
	struct vmexit_vcpu other = f.v;
	other.backend = NULL;
	assert_int_equal(vmexit_kvm_handle_exit(&other, &f.k, &x),
			 VMEXIT_ERR_CALLER);
	close(f.fd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rep_outsw),
		cmocka_unit_test(rep_insb),
		cmocka_unit_test(io_hostile),
		cmocka_unit_test(mmio_sizes),
		cmocka_unit_test(msr),
		cmocka_unit_test(msr_policy),
		cmocka_unit_test(emulation_failure),
		cmocka_unit_test(left_to_vmm),
		cmocka_unit_test(caller_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
