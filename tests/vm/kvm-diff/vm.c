/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test-kvm-diff: the VM.  One vCPU under KVM with the library's KVM
 * adapter over it, the port devices the I/O cases talk to, a state set
 * and read back through the library's ops, and KVM_RUN to the next exit.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <linux/kvm.h>

#include <vmexit/kvm.h>

#include "kvm-diff.h"

struct vm vm;

/* What every run starts from: RAM from img[], registers from a state. */
uint8_t img[RAM_SIZE];
uint8_t mem_nat[T_END], mem_lib[T_END];

_Noreturn void fatal(const char *what)
{
	printf("test-kvm-diff: fatal: %s: %s\n", what, strerror(errno));
	exit(2);
}

static void on_alarm(int sig)
{
	(void)sig; /* only to interrupt KVM_RUN */
}

/* ---- the port devices of the I/O cases ------------------------------ */

struct pio_accesses pio, pio_nat;

static void pio_log(uint16_t port, unsigned size, bool out, uint32_t val)
{
	if (pio.n < PIO_MAX)
		pio.a[pio.n] = (struct pio_access){ port, (uint8_t)size, out, val };
	pio.n++;
}

static int pio_in(void *opaque, uint16_t port, unsigned size, uint32_t *val)
{
	uint64_t x = (pio.n + 1) * 0x9e3779b97f4a7c15ull ^ port;

	(void)opaque;
	*val = (uint32_t)(x >> 20) & (uint32_t)((1ull << (8 * size)) - 1);
	pio_log(port, size, false, *val);
	return 0;
}

static int pio_out(void *opaque, uint16_t port, unsigned size, uint32_t val)
{
	(void)opaque;
	pio_log(port, size, true, val);
	return 0;
}

static const struct vmexit_kvm_devices devices = {
	.pio_in = pio_in, .pio_out = pio_out,
};

void vm_open(void)
{
	struct kvm_cpuid2 *c;
	int sz;

	vm.kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (vm.kvm < 0)
		fatal("open /dev/kvm");
	vm.fd = ioctl(vm.kvm, KVM_CREATE_VM, 0);
	if (vm.fd < 0)
		fatal("KVM_CREATE_VM");
	/* VMX without unrestricted guest needs it; SVM ignores it. */
	ioctl(vm.fd, KVM_SET_TSS_ADDR, 0xfffbd000ul);
	vm.cpu = ioctl(vm.fd, KVM_CREATE_VCPU, 0);
	sz = ioctl(vm.kvm, KVM_GET_VCPU_MMAP_SIZE, 0);
	if (vm.cpu < 0 || sz <= 0)
		fatal("KVM_CREATE_VCPU");
	vm.run = mmap(NULL, (size_t)sz, PROT_READ | PROT_WRITE, MAP_SHARED,
		      vm.cpu, 0);
	vm.ram = mmap(NULL, RAM_SIZE, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (vm.run == MAP_FAILED || vm.ram == MAP_FAILED)
		fatal("mmap");

	/* The guest gets what KVM supports; the cases needing MOVBE,
	 * CMPXCHG16B or AVX run only if it is there. */
	c = calloc(1, sizeof(*c) + 256 * sizeof(c->entries[0]));
	if (!c)
		fatal("calloc");
	c->nent = 256;
	if (ioctl(vm.kvm, KVM_GET_SUPPORTED_CPUID, c) ||
	    ioctl(vm.cpu, KVM_SET_CPUID2, c))
		fatal("CPUID");
	bool xcr0_avx = false;
	struct vmexit_vcpu_config cfg = { .maxphyaddr = 36 };
	for (unsigned i = 0; i < c->nent; i++) {
		const struct kvm_cpuid_entry2 *e = &c->entries[i];
		/* The guest's MAXPHYADDR, for the reserved bits of its page
		 * walk ("CPUID—CPU Identification", leaf 80000008H). */
		if (e->function == 0x80000008)
			cfg.maxphyaddr = e->eax & 0xff;
		if (e->function == 1) {
			vm.cx16 = (e->ecx >> 13) & 1;
			vm.movbe = (e->ecx >> 22) & 1;
			vm.sse41 = (e->ecx >> 19) & 1;
			vm.xsave = (e->ecx >> 26) & 1;
			vm.avx = (e->ecx >> 28) & 1;
		}
		if (e->function == 0xd && e->index == 0)
			xcr0_avx = (e->eax >> 2) & 1;
		if (e->function == 7 && e->index == 0) {
			vm.smap = (e->ebx >> 20) & 1;
			vm.smep = (e->ebx >> 7) & 1;
			vm.la57 = (e->ecx >> 16) & 1;
			vm.avx2 = (e->ebx >> 5) & 1;
			vm.movdiri = (e->ecx >> 27) & 1;
			vm.movdir64b = (e->ecx >> 28) & 1;
			cfg.bmi1 = (e->ebx >> 3) & 1;
		}
		if (e->function == 0x80000001) {
			cfg.gbpages = vm.gbpages = (e->edx >> 26) & 1;
			cfg.lzcnt = (e->ecx >> 5) & 1;
		}
	}
	vm.avx = vm.avx && vm.xsave && xcr0_avx;
	vm.avx2 = vm.avx2 && vm.avx;
	free(c);

	if (vmexit_kvm_init(&vm.a, vm.fd, vm.cpu, vm.run, (size_t)sz, &devices,
			    NULL) ||
	    vmexit_kvm_add_ram(&vm.a, 0, RAM_SIZE, vm.ram, false) ||
	    vmexit_vcpu_init(&vm.v, &vmexit_kvm_ops, &vm.a, &cfg))
		fatal("adapter init");
	/* CR2 of an injected #PF written by KVM at delivery, not through
	 * KVM_SET_SREGS (insn.c, put_user()). */
	vm.payload = vmexit_kvm_exception_payload(&vm.a) == VMEXIT_DONE;
	vm.maxphyaddr = cfg.maxphyaddr;

	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm; /* no SA_RESTART: KVM_RUN returns EINTR */
	sigaction(SIGALRM, &sa, NULL);
}

/* Everything the tests set, through the library's ops. */
#define ALL_GROUPS (VMEXIT_G_REGS | VMEXIT_G_SREGS | VMEXIT_G_DREGS | \
		    VMEXIT_G_VREGS)

int set_state(const struct state *s)
{
	struct vmexit_vcpu *v = &vm.v;

	vmexit_vcpu_begin(v);
	if (vmexit_vcpu_fetch(v, ALL_GROUPS) != VMEXIT_DONE)
		return -1;
	v->regs = s->regs;
	v->sregs = s->sregs;
	v->dregs = s->dregs;
	memcpy(v->vregs.ymm, s->ymm, sizeof(s->ymm));
	memcpy(v->vregs.st, s->st, sizeof(s->st));
	v->vregs.fsw = s->fsw;
	v->vregs.ftw = s->ftw;
	v->vregs.mxcsr = s->mxcsr;
	if (s->xcr0)
		v->vregs.xcr0 = s->xcr0;
	vmexit_vcpu_mark_dirty(v, ALL_GROUPS);
	return vmexit_vcpu_flush(v) == VMEXIT_DONE ? 0 : -1;
}

int get_state(struct state *s)
{
	struct vmexit_vcpu *v = &vm.v;

	vmexit_vcpu_begin(v);
	if (vmexit_vcpu_fetch(v, ALL_GROUPS) != VMEXIT_DONE)
		return -1;
	s->regs = v->regs;
	s->sregs = v->sregs;
	s->dregs = v->dregs;
	memcpy(s->ymm, v->vregs.ymm, sizeof(s->ymm));
	memcpy(s->st, v->vregs.st, sizeof(s->st));
	s->fsw = v->vregs.fsw;
	s->ftw = v->vregs.ftw;
	s->mxcsr = v->vregs.mxcsr;
	s->xcr0 = v->vregs.xcr0;
	return 0;
}

/* KVM_RUN once: the exit kind, or one of these. */
#define X_TIMEOUT VMEXIT_KVM_X_NR
#define X_ERROR (VMEXIT_KVM_X_NR + 1)

uint32_t run_guest(void)
{
	struct vmexit_kvm_exit x;
	int r, e;

	alarm(5);
	r = ioctl(vm.cpu, KVM_RUN, 0);
	e = errno;
	alarm(0);
	if (r < 0)
		return e == EINTR ? X_TIMEOUT : X_ERROR;
	if (vmexit_kvm_decode_exit(&vm.a, &x) != VMEXIT_DONE)
		return X_ERROR;
	return x.kind;
}

/* KVM_RUN, serving port I/O through the devices (KVM's own exits, as a
 * VMM would, with vmexit_kvm_handle_exit()), until another exit or the
 * OUT to V86_PORT that ends a run. */
uint32_t run_serving_io(void)
{
	for (unsigned k = 0; k < 4 * PIO_MAX; k++) {
		uint32_t x = run_guest();
		struct vmexit_kvm_exit e;

		if (x != VMEXIT_KVM_X_IO || vmexit_kvm_decode_exit(&vm.a, &e) ||
		    e.addr == V86_PORT)
			return x;
		vmexit_vcpu_begin(&vm.v);
		if (vmexit_kvm_handle_exit(&vm.v, &vm.a, &e) != VMEXIT_DONE ||
		    vmexit_vcpu_flush(&vm.v) != VMEXIT_DONE)
			return X_ERROR;
	}
	return X_TIMEOUT;
}

const char *exit_name(uint32_t kind)
{
	if (kind == X_TIMEOUT)
		return "timeout (no HLT within 5 s)";
	if (kind == X_ERROR)
		return "KVM_RUN failed";
	return vmexit_kvm_exit_name(kind);
}
