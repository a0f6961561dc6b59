/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Demo guest, 32-bit protected mode with paging: a multiboot ELF32, run by
 *   vmexit-run --kernel prot32.elf --append demo-cmdline
 * Multiboot info and fw_cfg, MMIO of 1, 2, 4, 8 and 16 bytes (MOVQ and
 * MOVDQU from SSE), CPUID, RDMSR/WRMSR through an MSR filter, HLT woken by
 * the in-kernel local APIC's timer, paging with a page fault the guest
 * handles, and hardware task switches: JMP to a TSS, CALL to a TSS and back
 * by IRET, and #UD through a task gate.  PASS/FAIL lines on COM1, leaves
 * through isa-debug-exit with 0 when everything passed.
 */
#include "common.h"

#define CODE_SEL 0x08
#define DATA_SEL 0x10
#define TSS_MAIN 0x18
#define TSS_A 0x20
#define TSS_B 0x28
#define TSS_UD 0x30
#define LAPIC 0xfee00000
#define TIMER_VEC 0x40
#define FAULT_VA 0x40000000	/* PDE not present until the #PF handler */
#define FAULT_PA 0x00800000	/* ...which maps it to this RAM */
/* 32-bit TSS fields (SDM Vol. 3, "32-Bit Task-State Segment") */
#define TSS_LINK 0
#define TSS_ESP0 4
#define TSS_SS0 8
#define TSS_CR3 28
#define TSS_EIP 32
#define TSS_EFLAGS 36
#define TSS_ESP 56
#define TSS_ES 72
#define TSS_CS 76
#define TSS_SS 80
#define TSS_DS 84
#define TSS_FS 88
#define TSS_GS 92

	.section .text
	.globl _start
	.balign 4
mb_header:
	.long 0x1badb002, 0, -0x1badb002

_start:
	movl $stack_top, %esp
	movl %eax, mb_magic
	movl %ebx, mb_info
	movl $tss_main, %eax
	movl $gdt + TSS_MAIN, %edi
	call set_base
	movl $tss_a, %eax
	movl $gdt + TSS_A, %edi
	call set_base
	movl $tss_b, %eax
	movl $gdt + TSS_B, %edi
	call set_base
	movl $tss_ud, %eax
	movl $gdt + TSS_UD, %edi
	call set_base
	movl $pf_handler, %eax
	movl $idt + 14 * 8, %edi
	call set_gate
	movl $timer_handler, %eax
	movl $idt + TIMER_VEC * 8, %edi
	call set_gate
	lgdt gdt_ptr
	ljmp $CODE_SEL, $1f
1:	movw $DATA_SEL, %ax
	movw %ax, %ds
	movw %ax, %es
	movw %ax, %ss
	movw %ax, %fs
	movw %ax, %gs
	lidt idt_ptr
	movl $m_banner, %esi
	call puts

	/* 1. Multiboot handoff: magic, command line, memory map. */
	cmpl $0x2badb002, mb_magic
	jne 1f
	movl mb_info, %ebx
	movl (%ebx), %eax
	andl $0x45, %eax		/* mem, cmdline, mmap */
	cmpl $0x45, %eax
	jne 1f
	movl 16(%ebx), %esi
	movl $s_cmdline, %edi
	movl $13, %ecx
	repe cmpsb
1:	movl $m_multiboot, %esi
	call check

	/* 2. fw_cfg RAM size = 1 MiB + mem_upper KiB (two sources). */
	movw $FW_CFG_SEL, %dx
	movw $3, %ax
	outw %ax, %dx
	movw $FW_CFG_DATA, %dx
	movl $ramsize, %edi
	movl $8, %ecx
	rep insb
	movl mb_info, %ebx
	movl 8(%ebx), %eax
	addl $1024, %eax
	shll $10, %eax
	cmpl ramsize, %eax
	movl $m_fwcfg, %esi
	call check

	/* Paging: 4 MiB identity pages (CR4.PSE) except FAULT_VA. */
	movl $pgdir, %edi
	xorl %eax, %eax
	movl $0x83, %eax		/* P, RW, PS */
	movl $1024, %ecx
1:	stosl
	addl $0x400000, %eax
	loop 1b
	movl $0, pgdir + (FAULT_VA >> 22) * 4
	movl %cr4, %eax
	orl $0x10 | 0x200 | 0x400, %eax	/* PSE, OSFXSR, OSXMMEXCPT */
	movl %eax, %cr4
	movl $pgdir, %eax
	movl %eax, %cr3
	movl %cr0, %eax
	orl $0x80000000, %eax
	andl $~0x4, %eax		/* EM off for SSE */
	movl %eax, %cr0

	/* 3. MMIO of 1, 2 and 4 bytes, little endian. */
	movl $0x44332211, MMIO_TEST
	movb MMIO_TEST+1, %al
	cmpb $0x22, %al
	jne 1f
	movw MMIO_TEST+2, %ax
	cmpw $0x4433, %ax
	jne 1f
	movb $0x99, MMIO_TEST+3
	movw $0x7766, MMIO_TEST+4
	movl MMIO_TEST, %eax
	cmpl $0x99332211, %eax
	jne 1f
	movzwl MMIO_TEST+4, %eax
	cmpl $0x7766, %eax
1:	movl $m_mmio124, %esi
	call check

	/* 4. MMIO of 8 bytes (MMX MOVQ) and 16 bytes (MOVDQU, SSE2): the
	 * forms KVM's own emulator handles.  (MOVQ from an XMM register,
	 * 66 0F D6, it does not: see long64.S.) */
	movdqu pattern, %xmm0
	movq pattern, %mm0
	movq %mm0, MMIO_TEST+0x20
	movdqu %xmm0, MMIO_TEST+0x30
	movq MMIO_TEST+0x20, %mm1
	movdqu MMIO_TEST+0x30, %xmm2
	movdqu %xmm2, scratch16
	movq %mm1, scratch8
	emms
	movl $pattern, %esi
	movl $scratch16, %edi
	movl $16, %ecx
	repe cmpsb
	jne 1f
	movl $pattern, %esi
	movl $scratch8, %edi
	movl $8, %ecx
	repe cmpsb
1:	movl $m_mmio_sse, %esi
	call check

	/* 5. CPUID: leaf 1 reports an FPU and SSE2 (we just used it). */
	movl $1, %eax
	cpuid
	andl $(1 | 1 << 26), %edx
	cmpl $(1 | 1 << 26), %edx
	movl $m_cpuid, %esi
	call check

	/* 6. WRMSR/RDMSR of IA32_TSC_AUX, which the runner filters. */
	movl $MSR_TSC_AUX, %ecx
	movl $0x42, %eax
	xorl %edx, %edx
	wrmsr
	xorl %eax, %eax
	rdmsr
	cmpl $0x42, %eax
	movl $m_msr, %esi
	call check

	/* 7. A page fault the guest handles: map the page, retry. */
	movl $0, pf_count
	movl $0x5a5a5a5a, FAULT_VA + 0x123
	movl FAULT_VA + 0x123, %eax
	cmpl $0x5a5a5a5a, %eax
	jne 1f
	cmpl $1, pf_count
	jne 1f
	cmpl $FAULT_VA + 0x123, pf_cr2
	jne 1f
	cmpl $2, pf_error		/* write, not present, supervisor */
1:	movl $m_pf, %esi
	call check

	/* 8. HLT, woken by the local APIC timer (in-kernel irqchip). */
	movl $0, timer_hits
	movl $0x1ff, LAPIC + 0xf0	/* software enable, spurious 0xff */
	movl $0xb, LAPIC + 0x3e0	/* divide by 1 */
	movl $TIMER_VEC, LAPIC + 0x320	/* one shot */
	movl $100000, LAPIC + 0x380
	sti
	hlt
	cli
	cmpl $1, timer_hits
	movl $m_hlt, %esi
	call check

	/* 9. Task switches.  TR first: a switch saves into it. */
	movl $TSS_MAIN, %eax
	ltr %ax
	movl $0, task_trace
	ljmp $TSS_A, $0			/* JMP: A jumps back */
	lcall $TSS_B, $0		/* CALL: B returns with IRET */
	ud2				/* #UD: task gate; skipped by it */
	cmpl $0x321, task_trace
	jne 1f
	/* After the IRET the main task is not nested, its TSS busy. */
	pushfl
	popl %eax
	testl $0x4000, %eax		/* NT */
	jnz 1f
	movl gdt + TSS_MAIN + 4, %eax
	andl $0xf00, %eax
	cmpl $0xb00, %eax
1:	movl $m_task, %esi
	call check

	movb failed, %al
	movw $DEBUG_EXIT, %dx
	outb %al, %dx
	cli
	hlt

/* Task A, reached by JMP: records, jumps back to the main task. */
task_a:
	orl $0x1, task_trace
	ljmp $TSS_MAIN, $0
	jmp task_a

/* Task B, reached by CALL: NT is set and the link is the main task. */
task_b:
	pushfl
	popl %eax
	testl $0x4000, %eax
	jz 1f
	cmpw $TSS_MAIN, tss_b + TSS_LINK
	jne 1f
	orl $0x20, task_trace
1:	iret
	jmp task_b

/* #UD through a task gate: skip the 2-byte UD2 of the interrupted task. */
task_ud:
	movzwl tss_ud + TSS_LINK, %eax
	cmpl $TSS_MAIN, %eax
	jne 1f
	addl $2, tss_main + TSS_EIP
	orl $0x300, task_trace
1:	iret
	jmp task_ud

pf_handler:
	pushl %eax
	movl 4(%esp), %eax
	movl %eax, pf_error
	movl %cr2, %eax
	movl %eax, pf_cr2
	incl pf_count
	movl $(FAULT_PA | 0x83), pgdir + (FAULT_VA >> 22) * 4
	popl %eax
	addl $4, %esp
	iret

timer_handler:
	incl timer_hits
	movl $0, LAPIC + 0xb0		/* EOI */
	iret

/* Descriptor base (eax) into the descriptor at edi. */
set_base:
	movw %ax, 2(%edi)
	shrl $16, %eax
	movb %al, 4(%edi)
	movb %ah, 7(%edi)
	ret

/* Gate offset (eax) into the gate at edi. */
set_gate:
	movw %ax, (%edi)
	shrl $16, %eax
	movw %ax, 6(%edi)
	ret

/* check: ZF set = pass; esi = message. */
check:
	pushfl
	pushl %esi
	movl $m_prefix, %esi
	call puts
	popl %esi
	popfl
	pushl %esi
	movl $m_pass, %esi
	jz 1f
	movb $1, failed
	movl $m_fail, %esi
1:	call puts
	popl %esi
	call puts
	movl $m_nl, %esi
	call puts
	ret

puts:
	movw $COM1, %dx
1:	lodsb
	testb %al, %al
	jz 2f
	outb %al, %dx
	jmp 1b
2:	ret

	.section .data
	.balign 8
gdt:
	.quad 0
	.quad 0x00cf9b000000ffff	/* 0x08 code */
	.quad 0x00cf93000000ffff	/* 0x10 data */
	/* TSS descriptors, limit 0x67, type 9 (available), P; the bases
	 * are filled in at start (a linker cannot split an address). */
	.rept 4
	.word 0x67, 0
	.byte 0, 0x89, 0, 0
	.endr
gdt_end:
gdt_ptr: .word gdt_end - gdt - 1
	.long gdt

#define IGATE(h) .word 0, CODE_SEL, 0x8e00, 0	/* offset set at start */
idt:
	.fill 6, 8, 0
	.word 0, TSS_UD, 0x8500, 0	/* 6: #UD through a task gate */
	.fill 7, 8, 0
	IGATE(pf_handler)		/* 14: #PF */
	.fill TIMER_VEC - 15, 8, 0
	IGATE(timer_handler)
idt_end:
idt_ptr: .word idt_end - idt - 1
	.long idt

/* TSS of a task that starts at eip on its own stack, in this address
 * space (CR3 is filled in at the first switch from the main task: all
 * share pgdir, so it is set here). */
#define TSS(name, eip, stack) \
	.balign 128; name: .long 0, 0, 0, 0, 0, 0, 0, pgdir, eip, 2; \
	.long 0, 0, 0, 0, stack, 0, 0, 0; \
	.long DATA_SEL, CODE_SEL, DATA_SEL, DATA_SEL, DATA_SEL, DATA_SEL, 0; \
	.long 0
	TSS(tss_main, 0, 0)
	TSS(tss_a, task_a, stack_a)
	TSS(tss_b, task_b, stack_b)
	TSS(tss_ud, task_ud, stack_ud)

	.balign 16
pattern: .byte 0x0f, 0x1e, 0x2d, 0x3c, 0x4b, 0x5a, 0x69, 0x78
	.byte 0x87, 0x96, 0xa5, 0xb4, 0xc3, 0xd2, 0xe1, 0xf0
s_cmdline: .asciz "demo-cmdline"
m_banner: .asciz "prot32: demo guest in 32-bit protected mode\n"
m_prefix: .asciz "prot32: "
m_pass:	.asciz "PASS "
m_fail:	.asciz "FAIL "
m_nl:	.asciz "\n"
m_multiboot: .asciz "multiboot magic, info, command line"
m_fwcfg: .asciz "fw_cfg RAM size matches multiboot mem_upper"
m_mmio124: .asciz "MMIO of 1, 2 and 4 bytes"
m_mmio_sse: .asciz "MMIO of 8 and 16 bytes (MMX MOVQ, SSE MOVDQU)"
m_cpuid: .asciz "cpuid leaf 1 FPU and SSE2"
m_msr:	.asciz "wrmsr/rdmsr IA32_TSC_AUX through the MSR filter"
m_pf:	.asciz "page fault handled by the guest"
m_hlt:	.asciz "hlt woken by the local APIC timer"
m_task:	.asciz "task switch by JMP, CALL/IRET and #UD task gate"

	.section .bss
	.balign 4096
pgdir:	.fill 1024, 4, 0
	.fill 1024, 1, 0
stack_a:
	.fill 1024, 1, 0
stack_b:
	.fill 1024, 1, 0
stack_ud:
	.fill 4096, 1, 0
stack_top:
	.balign 16
scratch16: .fill 16, 1, 0
scratch8: .fill 8, 1, 0
ramsize: .quad 0
mb_magic: .long 0
mb_info: .long 0
pf_count: .long 0
pf_cr2:	.long 0
pf_error: .long 0
timer_hits: .long 0
task_trace: .long 0
failed:	.byte 0
