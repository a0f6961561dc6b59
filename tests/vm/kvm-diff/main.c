/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Differential test: the same starting vCPU state is run once by the CPU
 * under KVM ("native") and once through libvmexit on the KVM adapter
 * ("library"); then general, vector, segment, control and debug registers
 * and guest memory are compared.  Needs /dev/kvm (runs in the test VM;
 * see tests/vm/).
 *
 *  1. Instructions with a memory operand in RAM, and port I/O, from a
 *     table covering the emulator's families (lib/x86/emulate_*.c), on
 *     every machine of imodes[]: 64-bit mode with 4-level and 5-level
 *     paging and with a 1-GByte page; 32-bit protected mode without
 *     paging, with 32-bit paging and with PAE paging; compatibility mode
 *     with 32- and 16-bit code; 16-bit protected mode; real mode and
 *     virtual-8086 mode; real and 32-bit protected mode with DS, ES and
 *     SS at a base of their own.  The 16-bit machines run the 32-bit
 *     cases with 66 and 67 toggled (to16()).  Each run has random GPRs, status
 *     flags, vector registers and memory.  Native: the instruction and a
 *     HLT at CODE (OUT to V86_PORT where HLT is privileged), KVM_RUN to
 *     that exit, port I/O served by the devices (pio_in(), pio_out())
 *     on the way.  Library: vmexit_emulate_at_rip() must leave RIP on
 *     that HLT; after vmexit_vcpu_flush() KVM_RUN executes it, so both
 *     runs end past the same HLT and compare as they are, port accesses
 *     included.
 *  1b. The same cases made to fault (fmodes[]), with an IDT that sends
 *     every exception to a HLT of its own, so that both runs end in the
 *     handler and the vector, the error code on the stack and CR2 are
 *     compared; the library's exception goes in through
 *     vmexit_vcpu_flush() (KVM injects it).  The faults: data pages not
 *     present, read-only (CR0.WP) or with a reserved bit in their PTEs;
 *     non-canonical addresses; an access that crosses into a page that
 *     is not present; CPL 3 on supervisor pages and on read-only user
 *     pages; SMAP on user pages; the code page not present,
 *     execute-disable or user under SMEP (the library's own fetch);
 *     CR0.TS, CR0.EM, CR4.OSFXSR clear, XCR0 without AVX and misaligned
 *     operands for the vector moves; with 32-bit and PAE paging as well
 *     (CPL 3 there too).  Some of these machines fault nowhere, and must
 *     not: SMAP with RFLAGS.AC set, read-only pages with CR0.WP clear,
 *     and data pages whose accessed and dirty flags start clear for both
 *     runs to set.  And RFLAGS.TF set in 64- and 32-bit mode: the
 *     single-step #DB after the instruction (after one iteration of a
 *     REP string instruction), DR6 and the handler's EFLAGS image
 *     compared.
 *  2. Hardware task switches of each kind: JMP and CALL to a TSS and
 *     through a task gate, IRET with NT, INT n and exceptions with and
 *     without an error code through IDT task gates; 32- and 16-bit TSSes;
 *     paging off and on; an LDT; DR7 local breakpoints armed; and
 *     switches that fault before they begin (a TSS limit too small, a
 *     busy or absent TSS, IRET to one that is not busy) and that fault
 *     after the commit point (the new LDT, CS, SS or DS fails its checks),
 *     their fault going through the IDT's task gate to D.  Native:
 *     the guest executes (or faults) and the switch happens without us
 *     (in the test VM QEMU does it inside the nested guest: see
 *     prefault()).  Library: RIP on the same instruction,
 *     vmexit_task_switch() with what a VMX task-switch exit reports
 *     (<vmexit/task.h>), flush, KVM_RUN.  Each new task reads DR7 into
 *     EAX and halts; GPRs, EIP, EFLAGS, segment registers, TR, LDTR,
 *     GDTR, IDTR, control and debug registers and the whole task area
 *     (GDT, LDT, IDT, TSSes, stacks) are compared.
 *
 * Flags the SDM leaves undefined are masked for the instruction that
 * leaves them so and nowhere else (undefined_flags()).  Every other
 * difference is printed, one line each, and fails the test, unless it is
 * in reviewed[] (a deviation of the test machine from the SDM, with the
 * reason: QEMU's CPU model, or KVM's instruction emulator, which the
 * native side of string I/O is), where it is counted apart.
 *
 * Usage: test-kvm-diff [SEED [NAME]]: SEED (hex) seeds the random
 * operands (the default is printed), NAME runs only the cases whose name
 * contains it.  A difference line names the case and its repetition;
 * the same SEED and NAME run it again.
 *
 * The program is tests/vm/kvm-diff/, one file a concept; kvm-diff.h
 * lists them.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kvm-diff.h"

/*
 * Make every page of the test area present in KVM's nested page tables
 * before the first case.  Under QEMU the task switches of the nested
 * guest are done by QEMU itself (it does not take the TASK_SWITCH
 * intercept KVM sets), and a nested page fault in the middle of one, on a
 * page the guest touches for the first time, exits to KVM with the switch
 * half done; KVM then re-injects the event, or restarts the CALL, in the
 * half-switched state.  Seen without this: a shutdown when the error code
 * of an exception went to a fresh stack page, and a CALL restarted in the
 * new task when the new page directory was fresh.  Hardware takes the
 * intercept before it changes anything, so this is the test machine's
 * problem, not something to compare.
 */
static void prefault(void)
{
	static const uint8_t touch[] = {
		0xbf, 0x00, 0x00, 0x00, 0x00,       /* mov edi, 0 */
		0x8a, 0x07,                         /* 1: mov al, [edi] */
		0x88, 0x07,                         /* mov [edi], al */
		0x81, 0xc7, 0x00, 0x10, 0x00, 0x00, /* add edi, 1000H */
		0x81, 0xff, 0x00, 0x90, 0x01, 0x00, /* cmp edi, T_END */
		0x72, 0xee,                         /* jb 1b */
		0xf4,                               /* hlt */
	};
	struct state s;
	uint32_t x;

	_Static_assert(T_END == 0x19000, "the cmp above");
	ilayout();
	memcpy(img + T_CODE, touch, sizeof(touch));
	memcpy(vm.ram, img, T_END);
	istate(&s, &imodes[IM_32]);
	s.regs.rip = T_CODE;
	if (set_state(&s))
		fatal("set_state");
	x = run_guest();
	if (x != VMEXIT_KVM_X_HLT) {
		printf("test-kvm-diff: fatal: prefault: exit %s\n",
		       exit_name(x));
		exit(2);
	}
}

int main(int argc, char **argv)
{
	const char *only = argc > 2 ? argv[2] : NULL;

	setvbuf(stdout, NULL, _IONBF, 0);
	if (argc > 1)
		seed = strtoull(argv[1], NULL, 16);
	vm_open();
	printf("test-kvm-diff: seed 0x%" PRIx64 "; guest has%s MOVBE,%s "
	       "CMPXCHG16B,%s AVX,%s SSE4.1,%s AVX2,%s MOVDIRI,%s MOVDIR64B,%s "
	       "BMI1,%s LZCNT\n",
	       seed, vm.movbe ? "" : " no", vm.cx16 ? "" : " no",
	       vm.avx ? "" : " no", vm.sse41 ? "" : " no", vm.avx2 ? "" : " no",
	       vm.movdiri ? "" : " no", vm.movdir64b ? "" : " no",
	       vm.v.cfg.bmi1 ? "" : " no", vm.v.cfg.lzcnt ? "" : " no");

	prefault();
	ilayout();
	/* The page tables past the compared areas, which no run changes
	 * (A and D preset), go to guest memory once. */
	memcpy(vm.ram + PML5, img + PML5, PDPT_1G + 0x1000 - PML5);
	unsigned per_mode[sizeof(imodes) / sizeof(imodes[0])];
	for (size_t m = 0; m < sizeof(imodes) / sizeof(imodes[0]); m++) {
		unsigned before = n_insn;
		for (unsigned i = 0; i < nr_icases; i++) {
			const struct icase *c = &icases[i];
			if (!(c->modes & imodes[m].cases) ||
			    !machine_there(&imodes[m]) || !feature(c->need) ||
			    (only && !strstr(c->name, only)))
				continue;
			for (unsigned r = 0; r < imodes[m].reps; r++)
				run_icase(c, i, r, &imodes[m], NULL);
		}
		per_mode[m] = n_insn - before;
	}
	unsigned before_faults = n_insn;
	unsigned f_runs[sizeof(fmodes) / sizeof(fmodes[0])] = { 0 };
	unsigned f_faulted[sizeof(fmodes) / sizeof(fmodes[0])] = { 0 };
	for (size_t k = 0; k < sizeof(fmodes) / sizeof(fmodes[0]); k++) {
		const struct fmode *f = &fmodes[k];
		unsigned runs0 = n_insn, faulted0 = n_faulted;
		if (!fmode_here(f))
			continue;
		for (unsigned i = 0; i < nr_icases; i++) {
			const struct icase *c = &icases[i];
			if (!(c->modes & imodes[f->im].cases) ||
			    !feature(c->need) ||
			    (only && !strstr(c->name, only)))
				continue;
			run_icase(c, i, 0, &imodes[f->im], f);
		}
		f_runs[k] = n_insn - runs0;
		f_faulted[k] = n_faulted - faulted0;
	}
	for (unsigned i = 0; i < nr_tcases; i++) {
		if (only && !strstr(tcases[i].name, only))
			continue;
		for (unsigned r = 0; r < REPS_TASK; r++)
			run_tcase(&tcases[i], i, r);
	}

	if (n_reviewed)
		printf("test-kvm-diff: %u more differ only in reviewed "
		       "exceptions\n", n_reviewed);
	print_reviewed_rules();
	printf("test-kvm-diff: instructions compared by machine:");
	for (size_t m = 0; m < sizeof(imodes) / sizeof(imodes[0]); m++)
		printf("%s %s %u", m ? "," : "", imodes[m].name, per_mode[m]);
	printf("; %u runs of 32-bit cases left out of 16-bit code (VEX, "
	       "MOVBE, no 16-bit form), %u of ENTER with an operand size "
	       "other than the stack's\n", n_no16, n_enter_mixed);
	printf("test-kvm-diff: %u instructions made to fault compared, %u of "
	       "them faulted natively:", n_insn - before_faults, n_faulted);
	for (size_t k = 0; k < sizeof(fmodes) / sizeof(fmodes[0]); k++)
		printf("%s %s %u/%u", k ? ";" : "", fmodes[k].name,
		       f_faulted[k], f_runs[k]);
	printf("\n");
	printf("test-kvm-diff: %u instructions and %u task switches compared, "
	       "%u differ\n", n_insn, n_task, n_differ);
	return n_differ ? 1 : 0;
}
