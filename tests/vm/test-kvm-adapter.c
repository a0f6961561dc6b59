/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The KVM adapter's vCPU ops against a real KVM, with the guest CPU as the
 * oracle: values the library writes must be the ones guest instructions
 * see, and values guest instructions produce must be the ones the library
 * reads.  Needs /dev/kvm (runs in the test VM; see tests/vm/).
 *
 * Each check prints "ok" or "not ok" with a name; the exit status is the
 * number of failures (0 = pass).
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <linux/kvm.h>

#include <vmexit/cpuid.h>
#include <vmexit/kvm.h>
#include <vmexit/msr.h>
#include <vmexit/x86.h>

#define RAM_SIZE 0x200000u
#define CODE 0x10000u   /* guest code */
#define PML4 0x20000u   /* page tables: PML4, PDPT, PD (2 MiB page) */
#define IDT 0x24000u
#define GDT 0x25000u
#define OUT 0x30000u    /* where guest code stores what it saw */
#define IN 0x31000u     /* where guest code loads from */
#define STACK 0x40000u

/*
 * Guest code, 64-bit, position independent (data at fixed addresses).
 * Each piece ends in HLT; no in-kernel irqchip, so HLT exits to us.
 */
__asm__(
	".pushsection .rodata\n"
	".code64\n"
	/* g_store_gprs: every GPR to OUT, in encoding order. */
	"g_store_gprs:\n"
	"  mov %rax, 0x30000\n  mov %rcx, 0x30008\n  mov %rdx, 0x30010\n"
	"  mov %rbx, 0x30018\n  mov %rsp, 0x30020\n  mov %rbp, 0x30028\n"
	"  mov %rsi, 0x30030\n  mov %rdi, 0x30038\n  mov %r8, 0x30040\n"
	"  mov %r9, 0x30048\n  mov %r10, 0x30050\n  mov %r11, 0x30058\n"
	"  mov %r12, 0x30060\n  mov %r13, 0x30068\n  mov %r14, 0x30070\n"
	"  mov %r15, 0x30078\n  hlt\n"
	/* g_load_gprs: every GPR but RSP from IN. */
	"g_load_gprs:\n"
	"  mov 0x31000, %rax\n  mov 0x31008, %rcx\n  mov 0x31010, %rdx\n"
	"  mov 0x31018, %rbx\n  mov 0x31028, %rbp\n"
	"  mov 0x31030, %rsi\n  mov 0x31038, %rdi\n  mov 0x31040, %r8\n"
	"  mov 0x31048, %r9\n  mov 0x31050, %r10\n  mov 0x31058, %r11\n"
	"  mov 0x31060, %r12\n  mov 0x31068, %r13\n  mov 0x31070, %r14\n"
	"  mov 0x31078, %r15\n  hlt\n"
	/* g_xmm_load: XMM0-15 from IN; HLT; then XMM0-15 to OUT. */
	"g_xmm:\n"
	"  movdqu 0x31000, %xmm0\n  movdqu 0x31010, %xmm1\n"
	"  movdqu 0x31020, %xmm2\n  movdqu 0x31030, %xmm3\n"
	"  movdqu 0x31040, %xmm4\n  movdqu 0x31050, %xmm5\n"
	"  movdqu 0x31060, %xmm6\n  movdqu 0x31070, %xmm7\n"
	"  movdqu 0x31080, %xmm8\n  movdqu 0x31090, %xmm9\n"
	"  movdqu 0x310a0, %xmm10\n  movdqu 0x310b0, %xmm11\n"
	"  movdqu 0x310c0, %xmm12\n  movdqu 0x310d0, %xmm13\n"
	"  movdqu 0x310e0, %xmm14\n  movdqu 0x310f0, %xmm15\n"
	"  hlt\n"
	"  movdqu %xmm0, 0x30000\n  movdqu %xmm1, 0x30010\n"
	"  movdqu %xmm2, 0x30020\n  movdqu %xmm3, 0x30030\n"
	"  movdqu %xmm4, 0x30040\n  movdqu %xmm5, 0x30050\n"
	"  movdqu %xmm6, 0x30060\n  movdqu %xmm7, 0x30070\n"
	"  movdqu %xmm8, 0x30080\n  movdqu %xmm9, 0x30090\n"
	"  movdqu %xmm10, 0x300a0\n  movdqu %xmm11, 0x300b0\n"
	"  movdqu %xmm12, 0x300c0\n  movdqu %xmm13, 0x300d0\n"
	"  movdqu %xmm14, 0x300e0\n  movdqu %xmm15, 0x300f0\n"
	"  hlt\n"
	/* g_ymm: YMM0/YMM15 from IN; HLT; YMM0/YMM15 to OUT. */
	"g_ymm:\n"
	"  vmovdqu 0x31000, %ymm0\n  vmovdqu 0x31020, %ymm15\n  hlt\n"
	"  vmovdqu %ymm0, 0x30000\n  vmovdqu %ymm15, 0x30020\n  hlt\n"
	/* g_dregs: DR0-3, DR7 to OUT. */
	"g_dregs:\n"
	"  mov %dr0, %rax\n  mov %rax, 0x30000\n  mov %dr1, %rax\n"
	"  mov %rax, 0x30008\n  mov %dr2, %rax\n  mov %rax, 0x30010\n"
	"  mov %dr3, %rax\n  mov %rax, 0x30018\n  mov %dr7, %rax\n"
	"  mov %rax, 0x30020\n  hlt\n"
	/* g_spin: where an injected event interrupts; hlt loop. */
	"g_spin:\n  hlt\n  jmp g_spin\n"
	/* g_exc: the exception handler: vector is in the gate's stub below;
	 * stores error code (or 0), CR2 and a marker to OUT. */
	"g_exc_err:\n"
	"  pop %rax\n  mov %rax, 0x30000\n  mov %cr2, %rax\n"
	"  mov %rax, 0x30008\n  mov (%rsp), %rax\n  mov %rax, 0x30028\n"
	"  movq $0x600d, 0x30010\n  hlt\n"
	"g_exc_noerr:\n"
	"  movq $0x1111, 0x30018\n  hlt\n"
	/* g_exc_db: DR6 to OUT+0x20, a marker to OUT+0x10. */
	"g_exc_db:\n"
	"  mov %dr6, %rax\n  mov %rax, 0x30020\n  movq $0x600d, 0x30010\n  hlt\n"
	/* g_cpuid: CPUID of each (leaf, subleaf) pair at IN, until leaf
	 * FFFFFFFFH, EAX..EDX of each to OUT. */
	"g_cpuid:\n"
	"  mov $0x31000, %esi\n  mov $0x30000, %edi\n"
	"1: mov (%rsi), %eax\n  cmp $0xffffffff, %eax\n  je 2f\n"
	"  mov 4(%rsi), %ecx\n  cpuid\n"
	"  mov %eax, (%rdi)\n  mov %ebx, 4(%rdi)\n  mov %ecx, 8(%rdi)\n"
	"  mov %edx, 12(%rdi)\n  add $8, %rsi\n  add $16, %rdi\n  jmp 1b\n"
	"2: hlt\n"
	/* g_msr: TSC_AUX = 0x42, read back to OUT+0x20, then a write with
	 * bits 63:32 set, which faults at g_msr_gp. */
	"g_msr:\n"
	"  mov $0xc0000103, %ecx\n  mov $0x42, %eax\n  xor %edx, %edx\n"
	"  wrmsr\n  xor %eax, %eax\n  rdmsr\n  mov %eax, 0x30020\n"
	"  mov $1, %edx\n"
	"g_msr_gp:\n  wrmsr\n  hlt\n"
	"g_end:\n"
	".popsection\n");

extern const uint8_t g_store_gprs[], g_load_gprs[], g_xmm[], g_ymm[],
	g_dregs[], g_spin[], g_exc_err[], g_exc_noerr[], g_exc_db[], g_cpuid[],
	g_msr[],
	g_msr_gp[], g_end[];

static int failures;

static void check(int ok, const char *name)
{
	printf("%s %s\n", ok ? "ok" : "not ok", name);
	if (!ok)
		failures++;
}

struct t {
	int kvm, vm, cpu;
	struct kvm_run *run;
	uint8_t *ram;
	struct vmexit_kvm a;
	struct vmexit_vcpu v;
};

static void fatal(const char *what)
{
	printf("not ok %s: %s\n", what, strerror(errno));
	exit(100);
}

static uint64_t gaddr(const uint8_t *sym)
{
	return CODE + (uint64_t)(sym - g_store_gprs);
}

/* A fresh VM in 64-bit mode, set up through the library's ops. */
static void vm_new(struct t *t)
{
	memset(t, 0, sizeof(*t));
	t->kvm = open("/dev/kvm", O_RDWR);
	if (t->kvm < 0)
		fatal("open /dev/kvm");
	t->vm = ioctl(t->kvm, KVM_CREATE_VM, 0);
	if (t->vm < 0)
		fatal("KVM_CREATE_VM");
	ioctl(t->vm, KVM_SET_TSS_ADDR, 0xfffbd000ul);
	t->cpu = ioctl(t->vm, KVM_CREATE_VCPU, 0);
	if (t->cpu < 0)
		fatal("KVM_CREATE_VCPU");
	int sz = ioctl(t->kvm, KVM_GET_VCPU_MMAP_SIZE, 0);
	t->run = mmap(NULL, (size_t)sz, PROT_READ | PROT_WRITE, MAP_SHARED,
		      t->cpu, 0);
	t->ram = mmap(NULL, RAM_SIZE, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (t->run == MAP_FAILED || t->ram == MAP_FAILED)
		fatal("mmap");
	struct kvm_cpuid2 *c = calloc(1, sizeof(*c) + 256 * sizeof(c->entries[0]));
	c->nent = 256;
	if (ioctl(t->kvm, KVM_GET_SUPPORTED_CPUID, c) ||
	    ioctl(t->cpu, KVM_SET_CPUID2, c))
		fatal("CPUID");
	free(c);
	if (vmexit_kvm_init(&t->a, t->vm, t->cpu, t->run, (size_t)sz, NULL,
			    NULL) ||
	    vmexit_kvm_add_ram(&t->a, 0, RAM_SIZE, t->ram, false) ||
	    vmexit_vcpu_init(&t->v, &vmexit_kvm_ops, &t->a, NULL))
		fatal("adapter init");

	memcpy(t->ram + CODE, g_store_gprs, (size_t)(g_end - g_store_gprs));
	uint64_t *pt = (uint64_t *)(t->ram + PML4);
	pt[0] = (PML4 + 0x1000) | 3;
	pt[512] = (PML4 + 0x2000) | 3;
	pt[1024] = 0x83; /* 2 MiB page at 0 */
	uint64_t *gdt = (uint64_t *)(t->ram + GDT);
	gdt[1] = 0x00af9b000000ffffull;
	gdt[2] = 0x00cf93000000ffffull;

	struct vmexit_vcpu *v = &t->v;
	vmexit_vcpu_begin(v);
	if (vmexit_vcpu_fetch(v, VMEXIT_G_REGS | VMEXIT_G_SREGS))
		fatal("fetch");
	struct vmexit_sregs *s = &v->sregs;
	for (unsigned i = 0; i < 6; i++) {
		s->seg[i] = (struct vmexit_segment){
			.base = 0, .limit = 0xffffffff, .selector = 0x10,
			.ar = 0x3 | VMEXIT_AR_S | VMEXIT_AR_P | VMEXIT_AR_DB |
			      VMEXIT_AR_G };
	}
	s->seg[VMEXIT_SEG_CS].selector = 0x08;
	s->seg[VMEXIT_SEG_CS].ar = 0xb | VMEXIT_AR_S | VMEXIT_AR_P |
				   VMEXIT_AR_L | VMEXIT_AR_G;
	s->gdtr = (struct vmexit_dtable){ .base = GDT, .limit = 23 };
	s->idtr = (struct vmexit_dtable){ .base = IDT, .limit = 256 * 16 - 1 };
	s->cr3 = PML4;
	s->cr4 = VMEXIT_CR4_PAE | VMEXIT_CR4_OSFXSR | VMEXIT_CR4_OSXMMEXCPT;
	s->cr0 = VMEXIT_CR0_PE | VMEXIT_CR0_PG | VMEXIT_CR0_ET |
		 VMEXIT_CR0_NE | VMEXIT_CR0_MP;
	s->efer = VMEXIT_EFER_LME | VMEXIT_EFER_LMA;
	memset(&v->regs, 0, sizeof(v->regs));
	v->regs.rflags = 2;
	v->regs.gpr[VMEXIT_RSP] = STACK;
	vmexit_vcpu_mark_dirty(v, VMEXIT_G_REGS | VMEXIT_G_SREGS);
	if (vmexit_vcpu_flush(v))
		fatal("flush");
}

static void vm_free(struct t *t)
{
	close(t->cpu);
	close(t->vm);
	close(t->kvm);
	munmap(t->ram, RAM_SIZE);
}

/* Run to the next exit; 1 if it was HLT. */
static int run_to_hlt(struct t *t)
{
	struct vmexit_kvm_exit x;

	if (ioctl(t->cpu, KVM_RUN, 0))
		return 0;
	vmexit_kvm_decode_exit(&t->a, &x);
	vmexit_vcpu_begin(&t->v);
	if (x.kind != VMEXIT_KVM_X_HLT)
		printf("# exit %s reason %u\n", vmexit_kvm_exit_name(x.kind),
		       x.reason);
	return x.kind == VMEXIT_KVM_X_HLT;
}

static void set_rip(struct t *t, const uint8_t *sym)
{
	vmexit_set_reg(&t->v, VMEXIT_REG_RIP, gaddr(sym));
}

static uint64_t pattern(unsigned i)
{
	return 0x0123456789abcdefull * (i + 1) ^ ((uint64_t)i << 56);
}

static void test_gprs(void)
{
	struct t t;
	vm_new(&t);
	/* library -> guest */
	for (unsigned i = 0; i < VMEXIT_NR_GPRS; i++)
		vmexit_set_reg(&t.v, i, i == VMEXIT_RSP ? STACK : pattern(i));
	set_rip(&t, g_store_gprs);
	int ok = vmexit_vcpu_flush(&t.v) == VMEXIT_DONE && run_to_hlt(&t);
	for (unsigned i = 0; i < VMEXIT_NR_GPRS; i++) {
		uint64_t g;
		memcpy(&g, t.ram + OUT + 8 * i, 8);
		ok = ok && g == (i == VMEXIT_RSP ? STACK : pattern(i));
	}
	check(ok, "set_regs: the guest sees the 16 GPRs the library wrote");

	/* guest -> library */
	for (unsigned i = 0; i < VMEXIT_NR_GPRS; i++) {
		uint64_t p = ~pattern(i);
		memcpy(t.ram + IN + 8 * i, &p, 8);
	}
	set_rip(&t, g_load_gprs);
	ok = vmexit_vcpu_flush(&t.v) == VMEXIT_DONE && run_to_hlt(&t);
	for (unsigned i = 0; i < VMEXIT_NR_GPRS; i++) {
		uint64_t g = 0;
		if (i == VMEXIT_RSP)
			continue;
		ok = ok && vmexit_get_reg(&t.v, i, &g) == VMEXIT_DONE &&
		     g == ~pattern(i);
	}
	uint64_t rip = 0;
	vmexit_get_reg(&t.v, VMEXIT_REG_RIP, &rip);
	/* After HLT, RIP is past it (SDM Vol. 2A, "HLT"). */
	ok = ok && rip == gaddr(g_xmm);
	check(ok, "get_regs: the library reads the GPRs the guest loaded");
	vm_free(&t);
}

static void test_sregs(void)
{
	struct t t;
	struct vmexit_segment cs;
	uint64_t efer = 0, cr0 = 0;

	vm_new(&t);
	set_rip(&t, g_spin);
	vmexit_vcpu_flush(&t.v);
	int ok = run_to_hlt(&t);
	enum vmexit_cpu_mode mode = VMEXIT_MODE_REAL;
	ok = ok && vmexit_get_seg(&t.v, VMEXIT_SEG_CS, &cs) == VMEXIT_DONE &&
	     vmexit_get_reg(&t.v, VMEXIT_REG_EFER, &efer) == VMEXIT_DONE &&
	     vmexit_get_reg(&t.v, VMEXIT_REG_CR0, &cr0) == VMEXIT_DONE &&
	     vmexit_cpu_mode(&t.v, &mode) == VMEXIT_DONE;
	check(ok && mode == VMEXIT_MODE_LONG64 && cs.selector == 0x08 &&
		      (cs.ar & VMEXIT_AR_L) && (efer & VMEXIT_EFER_LMA) &&
		      (cr0 & VMEXIT_CR0_PG),
	      "sregs: 64-bit mode set through the library runs and reads back");
	vm_free(&t);
}

static void test_xmm(void)
{
	struct t t;
	vm_new(&t);
	for (unsigned i = 0; i < 32; i++) {
		uint64_t p = pattern(i);
		memcpy(t.ram + IN + 8 * i, &p, 8);
	}
	set_rip(&t, g_xmm);
	vmexit_vcpu_flush(&t.v);
	int ok = run_to_hlt(&t) &&
		 vmexit_vcpu_fetch(&t.v, VMEXIT_G_VREGS) == VMEXIT_DONE;
	for (unsigned i = 0; i < 16; i++)
		ok = ok && !memcmp(t.v.vregs.ymm[i], t.ram + IN + 16 * i, 16);
	check(ok, "get_vregs: XMM0-15 as the guest loaded them");

	for (unsigned i = 0; i < 16; i++)
		for (unsigned b = 0; b < 16; b++)
			t.v.vregs.ymm[i][b] = (uint8_t)(0xa0 + i + 7 * b);
	vmexit_vcpu_mark_dirty(&t.v, VMEXIT_G_VREGS);
	ok = vmexit_vcpu_flush(&t.v) == VMEXIT_DONE && run_to_hlt(&t);
	for (unsigned i = 0; i < 16; i++)
		for (unsigned b = 0; b < 16; b++)
			ok = ok && t.ram[OUT + 16 * i + b] ==
					   (uint8_t)(0xa0 + i + 7 * b);
	check(ok, "set_vregs: the guest stores the XMM0-15 the library wrote");
	vm_free(&t);
}

static int host_has_avx(void)
{
	uint32_t a, b, c, d;
	__asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d)
			 : "a"(1), "c"(0));
	return (c >> 28) & (c >> 26) & 1;
}

static void test_ymm(void)
{
	struct t t;

	if (!host_has_avx()) {
		printf("ok ymm # SKIP no AVX on this CPU\n");
		return;
	}
	vm_new(&t);
	/* Turn AVX on for the guest through the library: CR4.OSXSAVE and
	 * XCR0 = x87|SSE|AVX (SDM Vol. 1, "Enabling the XSAVE Feature Set"). */
	uint64_t cr4 = 0;
	vmexit_get_reg(&t.v, VMEXIT_REG_CR4, &cr4);
	vmexit_set_reg(&t.v, VMEXIT_REG_CR4, cr4 | VMEXIT_CR4_OSXSAVE);
	int ok = vmexit_vcpu_fetch(&t.v, VMEXIT_G_VREGS) == VMEXIT_DONE;
	t.v.vregs.xcr0 = 7;
	vmexit_vcpu_mark_dirty(&t.v, VMEXIT_G_VREGS);
	for (unsigned i = 0; i < 64; i++)
		t.ram[IN + i] = (uint8_t)(i * 3 + 1);
	set_rip(&t, g_ymm);
	ok = ok && vmexit_vcpu_flush(&t.v) == VMEXIT_DONE && run_to_hlt(&t) &&
	     vmexit_vcpu_fetch(&t.v, VMEXIT_G_VREGS) == VMEXIT_DONE &&
	     t.v.vregs.xcr0 == 7 &&
	     !memcmp(t.v.vregs.ymm[0], t.ram + IN, 32) &&
	     !memcmp(t.v.vregs.ymm[15], t.ram + IN + 32, 32);
	check(ok, "get_vregs: YMM0 and YMM15 (upper halves from XSAVE)");
	for (unsigned b = 0; b < 32; b++) {
		t.v.vregs.ymm[0][b] = (uint8_t)(0x5a ^ b);
		t.v.vregs.ymm[15][b] = (uint8_t)(0xc3 + b);
	}
	vmexit_vcpu_mark_dirty(&t.v, VMEXIT_G_VREGS);
	ok = vmexit_vcpu_flush(&t.v) == VMEXIT_DONE && run_to_hlt(&t);
	for (unsigned b = 0; b < 32; b++)
		ok = ok && t.ram[OUT + b] == (uint8_t)(0x5a ^ b) &&
		     t.ram[OUT + 32 + b] == (uint8_t)(0xc3 + b);
	check(ok, "set_vregs: the guest stores the YMM0/YMM15 the library wrote");
	vm_free(&t);
}

static void test_dregs(void)
{
	struct t t;
	vm_new(&t);
	int ok = vmexit_vcpu_fetch(&t.v, VMEXIT_G_DREGS) == VMEXIT_DONE;
	const uint64_t dr[4] = { 0x1000, 0x2008, 0xdead0000, 0x7ffff000 };
	memcpy(t.v.dregs.dr, dr, sizeof(dr));
	/* L0/G1 enables on addresses the guest never touches. */
	t.v.dregs.dr7 = 0x400 | 0x1 | 0x8;
	vmexit_vcpu_mark_dirty(&t.v, VMEXIT_G_DREGS);
	set_rip(&t, g_dregs);
	ok = ok && vmexit_vcpu_flush(&t.v) == VMEXIT_DONE && run_to_hlt(&t);
	uint64_t g[5];
	memcpy(g, t.ram + OUT, sizeof(g));
	ok = ok && !memcmp(g, dr, sizeof(dr)) && g[4] == (0x400 | 0x1 | 0x8);
	check(ok, "set_dregs: the guest reads DR0-3 and DR7 the library wrote");
	vm_free(&t);
}

/* PAE paging: the PDPTE registers KVM_GET_SREGS2 reports are the four
 * entries at CR3 (SDM Vol. 3, "PDPTE Registers"), written by us. */
static void test_pae(void)
{
	struct t t;
	const uint32_t pdpt = 0x21000;

	vm_new(&t);
	if (!t.a.has_sregs2) {
		printf("ok pae # SKIP no KVM_CAP_SREGS2\n");
		vm_free(&t);
		return;
	}
	uint64_t e[4];
	for (unsigned i = 0; i < 4; i++) {
		e[i] = (0x22000 + 0x1000 * i) | 1;
		memcpy(t.ram + 0x22000 + 0x1000 * i, &(uint64_t){ 0x83 }, 8);
	}
	memcpy(t.ram + pdpt, e, sizeof(e));
	struct vmexit_sregs *s = &t.v.sregs;
	vmexit_vcpu_fetch(&t.v, VMEXIT_G_SREGS);
	for (unsigned i = 0; i < 6; i++)
		s->seg[i].ar &= ~VMEXIT_AR_L;
	s->seg[VMEXIT_SEG_CS].ar |= VMEXIT_AR_DB;
	s->efer = 0;
	s->cr3 = pdpt;
	memcpy(s->pdpte, e, sizeof(e));
	vmexit_vcpu_mark_dirty(&t.v, VMEXIT_G_SREGS);
	set_rip(&t, g_spin);
	int ok = vmexit_vcpu_flush(&t.v) == VMEXIT_DONE && run_to_hlt(&t);
	enum vmexit_paging_mode pm = VMEXIT_PAGING_NONE;
	uint64_t p[4] = { 0 };
	for (unsigned i = 0; i < 4; i++)
		ok = ok && vmexit_get_reg(&t.v, VMEXIT_REG_PDPTE0 + i, &p[i]) ==
				   VMEXIT_DONE;
	ok = ok && vmexit_paging_mode(&t.v, &pm) == VMEXIT_DONE &&
	     pm == VMEXIT_PAGING_PAE && !memcmp(p, e, sizeof(e));
	check(ok, "sregs2: PAE guest runs, PDPTEs read back as at CR3");
	vm_free(&t);
}

static void set_gate(struct t *t, unsigned vec, const uint8_t *handler)
{
	uint64_t h = gaddr(handler);
	uint8_t *g = t->ram + IDT + 16 * vec;
	memset(g, 0, 16);
	g[0] = (uint8_t)h;
	g[1] = (uint8_t)(h >> 8);
	g[2] = 0x08;
	g[5] = 0x8e;
	g[6] = (uint8_t)(h >> 16);
	g[7] = (uint8_t)(h >> 24);
}

static void test_events(void)
{
	struct t t;

	vm_new(&t);
	set_gate(&t, VMEXIT_EXC_GP, g_exc_err);
	set_gate(&t, VMEXIT_EXC_PF, g_exc_err);
	set_gate(&t, VMEXIT_EXC_NMI, g_exc_noerr);
	set_rip(&t, g_spin);
	int ok = vmexit_vcpu_flush(&t.v) == VMEXIT_DONE && run_to_hlt(&t);

	/* #GP(0x1234) raised by the library. */
	ok = ok && vmexit_raise_gp(&t.v, 0x1234) == VMEXIT_EXCEPTION &&
	     vmexit_vcpu_flush(&t.v) == VMEXIT_DONE && run_to_hlt(&t);
	uint64_t o[3];
	memcpy(o, t.ram + OUT, sizeof(o));
	check(ok && o[0] == 0x1234 && o[2] == 0x600d,
	      "queue_event: #GP with error code reaches the guest's handler");

	/* #PF with CR2 as payload. */
	memset(t.ram + OUT, 0, 32);
	set_rip(&t, g_spin);
	struct vmexit_fault f = { .vector = VMEXIT_EXC_PF, .has_error = true,
				  .error = 0x6, .cr2 = 0xdeadb123 };
	ok = vmexit_vcpu_flush(&t.v) == VMEXIT_DONE &&
	     vmexit_raise(&t.v, &f) == VMEXIT_EXCEPTION &&
	     vmexit_vcpu_flush(&t.v) == VMEXIT_DONE && run_to_hlt(&t);
	memcpy(o, t.ram + OUT, sizeof(o));
	check(ok && o[0] == 0x6 && o[1] == 0xdeadb123 && o[2] == 0x600d,
	      "queue_event: #PF delivers its error code and CR2");

	/* NMI. */
	set_rip(&t, g_spin);
	struct vmexit_event ev = { .type = VMEXIT_EV_NMI, .vector = 2 };
	ok = vmexit_vcpu_flush(&t.v) == VMEXIT_DONE &&
	     vmexit_queue_event(&t.v, &ev) == VMEXIT_DONE &&
	     vmexit_vcpu_flush(&t.v) == VMEXIT_DONE && run_to_hlt(&t);
	uint64_t marker;
	memcpy(&marker, t.ram + OUT + 0x18, 8);
	uint32_t shadow = 0;
	ok = ok && marker == 0x1111 &&
	     vmexit_get_reg(&t.v, VMEXIT_REG_INTR_SHADOW, &(uint64_t){ 0 }) ==
		     VMEXIT_DONE;
	shadow = t.v.shadow;
	/* NMI delivery blocks further NMIs until IRET (SDM Vol. 3, "NMI
	 * Handling"); the handler never IRETs. */
	check(ok && (shadow & VMEXIT_SHADOW_NMI_BLOCKED),
	      "queue_event: NMI delivered; get_shadow shows NMIs blocked");
	vm_free(&t);
}

/* The payload of #PF and #DB, both ways the adapter can deliver it:
 * written by the adapter before the injection, or (with
 * vmexit_kvm_exception_payload()) given to KVM with the pending
 * exception, so that CR2 is still the old one until the exception is
 * delivered.  DR6 keeps BT and BD and loses B0-B3 (SDM Vol. 3, "Debug
 * Status Register (DR6)"). */
static void test_payloads(bool with_cap)
{
	const char *how = with_cap ? "with KVM_CAP_EXCEPTION_PAYLOAD" : "written first";
	char name[160];
	struct t t;

	vm_new(&t);
	if (with_cap && vmexit_kvm_exception_payload(&t.a) != VMEXIT_DONE) {
		printf("ok # skip payloads: no KVM_CAP_EXCEPTION_PAYLOAD\n");
		vm_free(&t);
		return;
	}
	set_gate(&t, VMEXIT_EXC_PF, g_exc_err);
	set_gate(&t, VMEXIT_EXC_DB, g_exc_db);
	memset(t.ram + OUT, 0, 48);
	set_rip(&t, g_spin);
	struct vmexit_fault f = { .vector = VMEXIT_EXC_PF, .has_error = true,
				  .error = 0x2, .cr2 = 0xfeed5000 };
	int ok = vmexit_vcpu_fetch(&t.v, VMEXIT_G_SREGS) == VMEXIT_DONE;
	t.v.sregs.cr2 = 0x1234;
	vmexit_vcpu_mark_dirty(&t.v, VMEXIT_G_SREGS);
	ok = ok && vmexit_vcpu_flush(&t.v) == VMEXIT_DONE &&
	     vmexit_raise(&t.v, &f) == VMEXIT_EXCEPTION &&
	     vmexit_vcpu_flush(&t.v) == VMEXIT_DONE;
	vmexit_vcpu_begin(&t.v);
	ok = ok && vmexit_vcpu_fetch(&t.v, VMEXIT_G_SREGS) == VMEXIT_DONE;
	uint64_t cr2_before = t.v.sregs.cr2;
	vmexit_vcpu_begin(&t.v);
	ok = ok && run_to_hlt(&t);
	uint64_t o[5];
	memcpy(o, t.ram + OUT, sizeof(o));
	snprintf(name, sizeof(name), "payload %s: #PF handler sees CR2 %#llx "
		 "(CR2 before entry %#llx)", how, (unsigned long long)o[1],
		 (unsigned long long)cr2_before);
	check(ok && o[0] == 0x2 && o[1] == 0xfeed5000 && o[2] == 0x600d &&
	      cr2_before == (with_cap ? 0x1234 : 0xfeed5000), name);

	/* #DB with BS over DR6 = BT | BD | B1 */
	memset(t.ram + OUT, 0, 48);
	set_rip(&t, g_spin);
	ok = vmexit_vcpu_fetch(&t.v, VMEXIT_G_DREGS) == VMEXIT_DONE;
	t.v.dregs.dr6 = 0xffff0ff0 | VMEXIT_DR6_BT | (1u << 13) | 0x2;
	vmexit_vcpu_mark_dirty(&t.v, VMEXIT_G_DREGS);
	struct vmexit_event db = { .type = VMEXIT_EV_HWEXC, .vector = VMEXIT_EXC_DB,
				   .has_payload = true, .payload = VMEXIT_DR6_BS };
	ok = ok && vmexit_vcpu_flush(&t.v) == VMEXIT_DONE &&
	     vmexit_queue_event(&t.v, &db) == VMEXIT_DONE &&
	     vmexit_vcpu_flush(&t.v) == VMEXIT_DONE && run_to_hlt(&t);
	memcpy(o, t.ram + OUT, sizeof(o));
	snprintf(name, sizeof(name), "payload %s: #DB handler sees DR6 %#llx", how,
		 (unsigned long long)o[4]);
	check(ok && o[2] == 0x600d && (o[4] & 0xffff) ==
	      (0x0ff0 | VMEXIT_DR6_BT | VMEXIT_DR6_BS | (1u << 13)), name);
	vm_free(&t);
}

static void test_map_gpa(void)
{
	struct t t;
	struct vmexit_gpa_map m;
	static uint8_t rom[0x1000] __attribute__((aligned(4096)));

	vm_new(&t);
	int ok = vmexit_kvm_add_ram(&t.a, 0x100000000ull, sizeof(rom), rom,
				    true) == VMEXIT_DONE;
	ok = ok && vmexit_kvm_ops.map_gpa(&t.a, 0x1234, false, &m) == 0 &&
	     m.hva == t.ram + 0x1234 && m.len == RAM_SIZE - 0x1234;
	ok = ok && vmexit_kvm_ops.map_gpa(&t.a, RAM_SIZE, false, &m) == 0 &&
	     m.hva == NULL;
	ok = ok && vmexit_kvm_ops.map_gpa(&t.a, 0x100000010ull, false, &m) == 0 &&
	     m.hva == rom + 0x10;
	ok = ok && vmexit_kvm_ops.map_gpa(&t.a, 0x100000010ull, true, &m) == 0 &&
	     m.hva == NULL;
	check(ok, "map_gpa: RAM, unbacked and read-only slots");
	check(vmexit_kvm_add_ram(&t.a, 0x1000, 0x1000, rom, false) ==
		      VMEXIT_ERR_CALLER,
	      "add_ram: overlapping slot refused");
	vm_free(&t);
}

/* The guest's CPUID is the library's policy: what the guest executes
 * equals vmexit_cpuid_query() over KVM's supported table, for every leaf
 * of that table, and the features the policy hides are hidden. */
static void test_cpuid(void)
{
	static struct vmexit_cpuid_entry host[VMEXIT_KVM_MAX_CPUID];
	struct vmexit_cpuid_config cfg = {
		.host = host, .threads_per_core = 1, .cores_per_package = 1,
		.signature = "libvmexit\0\0",
	};
	struct t t;

	vm_new(&t);
	int ok = vmexit_kvm_supported_cpuid(t.kvm, host, VMEXIT_KVM_MAX_CPUID,
					    &cfg.nr_host) == VMEXIT_DONE &&
		 vmexit_kvm_set_cpuid(&t.a, &cfg) == VMEXIT_DONE;
	/* Room at IN and OUT (4 KiB each) for 255 queries. */
	unsigned n = 0;
	uint32_t q[2 * 256];
	for (unsigned i = 0; i < cfg.nr_host && n < 255; i++) {
		if (host[i].leaf >= 0x40000000u && host[i].leaf < 0x40000100u)
			continue;
		q[2 * n] = host[i].leaf;
		q[2 * n++ + 1] = host[i].subleaf;
	}
	q[2 * n] = 0x40000000u;
	q[2 * n++ + 1] = 0;
	q[2 * n] = 0xffffffffu;
	memcpy(t.ram + IN, q, 8 * (n + 1));
	set_rip(&t, g_cpuid);
	ok = ok && vmexit_vcpu_flush(&t.v) == VMEXIT_DONE && run_to_hlt(&t);
	uint64_t cr4 = 0;
	ok = ok && vmexit_get_reg(&t.v, VMEXIT_REG_CR4, &cr4) == VMEXIT_DONE;
	unsigned differ = 0;
	for (unsigned i = 0; ok && i < n; i++) {
		struct vmexit_cpuid_regs want, got;
		memcpy(&got, t.ram + OUT + 16 * i, 16);
		vmexit_cpuid_query(&cfg, q[2 * i], q[2 * i + 1], cr4, 1, &want);
		if (memcmp(&want, &got, 16)) {
			differ++;
			printf("# cpuid %08x.%u: guest %08x %08x %08x %08x, "
			       "policy %08x %08x %08x %08x\n", q[2 * i],
			       q[2 * i + 1], got.eax, got.ebx, got.ecx, got.edx,
			       want.eax, want.ebx, want.ecx, want.edx);
		}
	}
	printf("# cpuid: %u leaves compared, %u differ\n", n, differ);
	check(ok && differ == 0,
	      "set_cpuid: the guest's CPUID is the library's policy");
	/* What the guest saw, independent of the policy's code. */
	struct vmexit_cpuid_regs l1 = { 0 }, e1 = { 0 }, hv;
	for (unsigned i = 0; i < n; i++) {
		if (q[2 * i] == 1)
			memcpy(&l1, t.ram + OUT + 16 * i, 16);
		if (q[2 * i] == 0x80000001u)
			memcpy(&e1, t.ram + OUT + 16 * i, 16);
	}
	memcpy(&hv, t.ram + OUT + 16 * (n - 1), 16);
	check(ok && (l1.ecx >> 31) && !(l1.ecx & (1u << 5)) &&
		      !(e1.ecx & (1u << 2)) && !(l1.ecx & (1u << 3)) &&
		      !memcmp(&hv.ebx, "libv", 4) &&
		      !memcmp(&hv.ecx, "mexi", 4) && !memcmp(&hv.edx, "t\0\0", 4),
	      "set_cpuid: hypervisor bit and signature; VMX, SVM, MONITOR hidden");
	vm_free(&t);
}

/* Run until HLT, handling every exit through the adapter as a VMM does. */
static int run_handled(struct t *t)
{
	struct vmexit_kvm_exit x;

	for (unsigned n = 0; n < 100; n++) {
		if (ioctl(t->cpu, KVM_RUN, 0))
			return 0;
		vmexit_kvm_decode_exit(&t->a, &x);
		if (x.kind == VMEXIT_KVM_X_HLT)
			return 1;
		vmexit_vcpu_begin(&t->v);
		int rc = vmexit_kvm_handle_exit(&t->v, &t->a, &x);
		if (rc != VMEXIT_DONE && rc != VMEXIT_EXCEPTION) {
			printf("# exit %s: %s\n", vmexit_kvm_exit_name(x.kind),
			       vmexit_strerror(rc));
			return 0;
		}
		if (vmexit_vcpu_flush(&t->v) != VMEXIT_DONE)
			return 0;
	}
	return 0;
}

/* RDMSR/WRMSR exits answered by the library's MSR policy: the value
 * lands in the policy's state, and the write WRMSR refuses raises #GP(0)
 * in the guest exactly once, on the instruction. */
static void test_msr_policy(void)
{
	const uint32_t msrs[] = { VMEXIT_MSR_TSC_AUX };
	const struct vmexit_msr_config cfg = { .rdtscp = true };
	struct vmexit_msr_state st;
	struct t t;

	vm_new(&t);
	vmexit_msr_reset(&st, true);
	if (vmexit_kvm_msr_exits(&t.a, msrs, 1) != VMEXIT_DONE) {
		printf("ok msr policy # SKIP no userspace MSR exits\n");
		vm_free(&t);
		return;
	}
	set_gate(&t, VMEXIT_EXC_GP, g_exc_err);
	int ok = vmexit_kvm_msr_policy(&t.a, &cfg, &st) == VMEXIT_DONE;
	set_rip(&t, g_msr);
	ok = ok && vmexit_vcpu_flush(&t.v) == VMEXIT_DONE && run_handled(&t);
	uint64_t o[6];
	memcpy(o, t.ram + OUT, sizeof(o));
	check(ok && st.tsc_aux == 0x42 && o[4] == 0x42,
	      "msr policy: WRMSR/RDMSR of TSC_AUX through the library's state");
	check(ok && o[0] == 0 && o[2] == 0x600d && o[5] == gaddr(g_msr_gp) &&
		      st.tsc_aux == 0x42,
	      "msr policy: a refused WRMSR raises #GP(0) on the instruction");
	vm_free(&t);
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	test_gprs();
	test_sregs();
	test_xmm();
	test_ymm();
	test_dregs();
	test_pae();
	test_events();
	test_payloads(false);
	test_payloads(true);
	test_map_gpa();
	test_cpuid();
	test_msr_policy();
	printf("%d failed\n", failures);
	return failures ? 1 : 0;
}
