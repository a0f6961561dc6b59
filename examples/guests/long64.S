/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Demo guest, 64-bit: an ELF64 the runner starts in long mode (flat
 * 64-bit code segment, identity-mapped first 4 GiB), run by
 *   vmexit-run --kernel long64.elf [--append fallback]
 * fw_cfg command line through REP INSB, MMIO of 1, 2, 4, 8 and 16 bytes,
 * CPUID.  With "fallback" on the command line it does only a move KVM's
 * emulator cannot do (MOVQ from an XMM register to MMIO, 66 0F D6), which
 * reaches the VMM as an emulation failure and needs libvmexit's emulator;
 * with "avx", a VMOVDQU of 32 bytes to MMIO (see avx: below).  PASS/FAIL lines on COM1, isa-debug-exit with 0 when all
 * passed.
 */
#include "common.h"

	.code64
	.text
	.globl _start
_start:
	movq $stack_top, %rsp
	call setup_idt
	movl $MMIO_TEST, %ebx		/* MMIO above 2 GiB: by register */
	leaq m_banner(%rip), %rsi
	call puts

	/* fw_cfg command line: size, then the bytes by REP INSB. */
	movw $FW_CFG_SEL, %dx
	movw $0x16, %ax
	outw %ax, %dx
	movw $FW_CFG_DATA, %dx
	leaq cmdlen(%rip), %rdi
	movl $4, %ecx
	rep insb
	movw $FW_CFG_SEL, %dx
	movw $0x17, %ax
	outw %ax, %dx
	movw $FW_CFG_DATA, %dx
	leaq cmdline(%rip), %rdi
	movl cmdlen(%rip), %ecx
	andl $63, %ecx
	rep insb
	cmpl $0x6c6c6166, cmdline(%rip)	/* "fall" */
	je fallback
	cmpl $0x00787661, cmdline(%rip)	/* "avx" */
	je avx

	/* 1. The command line came through whole: length and NUL. */
	movl cmdlen(%rip), %ecx
	cmpl $1, %ecx
	jb 1f
	leaq cmdline(%rip), %rdi
	cmpb $0, -1(%rdi,%rcx)
1:	leaq m_cmdline(%rip), %rsi
	call check

	/* 2. MMIO of 1, 2, 4 and 8 bytes. */
	movabsq $0x8877665544332211, %rax
	movq %rax, (%rbx)
	cmpb $0x11, (%rbx)
	jne 1f
	cmpw $0x4433, 2(%rbx)
	jne 1f
	cmpl $0x88776655, 4(%rbx)
	jne 1f
	movb $0xaa, 7(%rbx)
	movq (%rbx), %rcx
	movabsq $0xaa77665544332211, %rax
	cmpq %rax, %rcx
1:	leaq m_mmio(%rip), %rsi
	call check

	/* 3. MMIO of 16 bytes: MOVDQU (SSE2, always there in long mode). */
	movq %cr4, %rax
	orq $0x600, %rax		/* OSFXSR, OSXMMEXCPT */
	movq %rax, %cr4
	movdqu pattern(%rip), %xmm0
	movdqu %xmm0, 0x10(%rbx)
	movdqu 0x10(%rbx), %xmm1
	pcmpeqb %xmm0, %xmm1
	pmovmskb %xmm1, %eax
	cmpl $0xffff, %eax
	leaq m_sse(%rip), %rsi
	call check

	/* 4. CPUID: long mode is reported (we are in it). */
	movl $0x80000001, %eax
	cpuid
	btl $29, %edx
	setc %al
	cmpb $1, %al
	leaq m_cpuid(%rip), %rsi
	call check

	/* 5. CPUID comes from libvmexit's policy: the hypervisor bit, and
	 * the library's signature at 40000000H ("libvmexit"). */
	movl $1, %eax
	cpuid
	btl $31, %ecx
	jnc 1f
	movl $0x40000000, %eax
	cpuid
	cmpl $0x7662696c, %ebx		/* "libv" */
	jne 1f
	cmpl $0x6978656d, %ecx		/* "mexi" */
	jne 1f
	cmpl $0x74, %edx		/* "t" */
1:	leaq m_cpuid_hv(%rip), %rsi
	call check
	jmp done

/* Moves KVM 6.1's emulator gives up on: they reach the VMM as an
 * emulation failure with the instruction bytes. */
fallback:
	movq %cr4, %rax
	orq $0x600, %rax		/* OSFXSR, OSXMMEXCPT */
	movq %rax, %cr4
	movdqu pattern(%rip), %xmm0
	movq %xmm0, 0x80(%rbx)		/* 66 0f d6 83 80 00 00 00 */
	movq 0x80(%rbx), %rax
	cmpq pattern(%rip), %rax
	leaq m_movq(%rip), %rsi
	call check
	jmp done

/* A VEX-encoded 32-byte move to MMIO.  KVM 6.1 does not even report
 * this one: its emulator decodes C5 as LDS, which is invalid in 64-bit
 * mode, and injects #UD into the guest (seen under nested KVM), so it
 * shows as "FAIL exception 6" from the handler below. */
avx:
	movl $1, %eax
	cpuid
	btl $28, %ecx			/* AVX */
	jnc no_avx
	btl $26, %ecx			/* XSAVE */
	jnc no_avx
	movq %cr4, %rax
	orq $0x40600, %rax		/* OSXSAVE, OSFXSR, OSXMMEXCPT */
	movq %rax, %cr4
	xorl %ecx, %ecx
	movl $7, %eax			/* x87, SSE, AVX */
	xorl %edx, %edx
	xsetbv
	vmovdqu pattern(%rip), %ymm0
	vmovdqu %ymm0, 0x40(%rbx)	/* c5 fe 7f 43 40 */
	vmovdqu 0x40(%rbx), %ymm1
	vpcmpeqb %ymm0, %ymm1, %ymm1
	vpmovmskb %ymm1, %eax
	cmpl $0xffffffff, %eax
	leaq m_avx(%rip), %rsi
	call check
	jmp done
no_avx:
	leaq m_noavx(%rip), %rsi
	call puts
	movb $1, failed(%rip)

done:
	movb failed(%rip), %al
	movw $DEBUG_EXIT, %dx
	outb %al, %dx
	cli
	hlt

/* An IDT whose 32 exception gates report the vector and leave, so a
 * fault shows as a FAIL line instead of a triple fault. */
setup_idt:
	leaq idt(%rip), %rdi
	leaq exc_stubs(%rip), %rax
	movl $32, %ecx
1:	movw %ax, (%rdi)
	movw $0x08, 2(%rdi)
	movw $0x8e00, 4(%rdi)
	movq %rax, %rdx
	shrq $16, %rdx
	movw %dx, 6(%rdi)
	shrq $16, %rdx
	movl %edx, 8(%rdi)
	movl $0, 12(%rdi)
	addq $16, %rdi
	addq $16, %rax
	loop 1b
	lidt idt_ptr(%rip)
	ret

	.balign 16
exc_stubs:
	.set vec, 0
	.rept 32
	.balign 16
	movl $vec, %edi
	jmp exception
	.set vec, vec + 1
	.endr

exception:
	leaq m_exc(%rip), %rsi
	call puts
	movl %edi, %eax
	movw $COM1, %dx
	movb $'0', %al
	addb %dil, %al			/* vectors 0-9 as a digit, else ':'.. */
	outb %al, %dx
	movb $' ', %al
	outb %al, %dx
	movq (%rsp), %rax		/* the faulting RIP, low 16 bits */
	movl $4, %ecx
1:	rolw $4, %ax
	pushq %rax
	andb $15, %al
	addb $'0', %al
	cmpb $'9', %al
	jbe 2f
	addb $7, %al
2:	outb %al, %dx
	popq %rax
	loop 1b
	movb $'\n', %al
	outb %al, %dx
	movb $1, failed(%rip)
	jmp done

/* check: ZF set = pass; rsi = message. */
check:
	pushfq
	pushq %rsi
	leaq m_prefix(%rip), %rsi
	call puts
	popq %rsi
	popfq
	pushq %rsi
	leaq m_pass(%rip), %rsi
	jz 1f
	movb $1, failed(%rip)
	leaq m_fail(%rip), %rsi
1:	call puts
	popq %rsi
	call puts
	leaq m_nl(%rip), %rsi
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

	.data
	.balign 32
pattern: .byte 0x0f, 0x1e, 0x2d, 0x3c, 0x4b, 0x5a, 0x69, 0x78
	.byte 0x87, 0x96, 0xa5, 0xb4, 0xc3, 0xd2, 0xe1, 0xf0
	.byte 0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef
	.byte 0xfe, 0xdc, 0xba, 0x98, 0x76, 0x54, 0x32, 0x10
m_banner: .asciz "long64: demo guest in 64-bit mode\n"
m_prefix: .asciz "long64: "
m_pass:	.asciz "PASS "
m_fail:	.asciz "FAIL "
m_nl:	.asciz "\n"
m_cmdline: .asciz "fw_cfg command line through rep insb"
m_mmio:	.asciz "MMIO of 1, 2, 4 and 8 bytes"
m_sse:	.asciz "MMIO of 16 bytes (MOVDQU)"
m_cpuid: .asciz "cpuid long mode bit"
m_cpuid_hv: .asciz "cpuid from libvmexit's policy (hypervisor bit, signature)"
m_avx:	.asciz "MMIO of 32 bytes (VMOVDQU) through the emulation fallback"
m_movq:	.asciz "MMIO MOVQ from XMM through the emulation fallback"
m_exc:	.asciz "long64: FAIL exception (vector as '0' + n, rip low 16 bits): "
m_noavx: .asciz "long64: FAIL no AVX in this CPU\n"

	.balign 8
idt_ptr: .word 32 * 16 - 1
	.quad idt

	.bss
	.balign 16
idt:	.fill 32 * 16, 1, 0
cmdlen:	.long 0
cmdline: .fill 64, 1, 0
failed:	.byte 0
	.balign 16
	.fill 4096, 1, 0
stack_top:
