/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Demo guest, real mode: flat binary at 0x1000, started by
 *   vmexit-run --flat real.bin --load 0x1000 --mode real
 * Port I/O (OUT/IN, REP OUTSB, REP INSB from fw_cfg), CPUID, RDMSR/WRMSR
 * through userspace MSR exits, #GP from an unknown MSR taken through the
 * IVT.  Prints PASS/FAIL lines on COM1, leaves through isa-debug-exit with
 * 0 (runner exit status 1) when every check passed, 1 otherwise.
 */
#include "common.h"

	.code16
	.text
	.globl _start
_start:
	cli
	xorw %ax, %ax
	movw %ax, %ds
	movw %ax, %es
	movw %ax, %ss
	movw $0x7000, %sp
	movb $0, failed

	/* #GP handler in the IVT (SDM Vol. 3, "Interrupt Vector Table"). */
	movw $gp_handler, 13*4
	movw $0, 13*4+2

	/* 1. REP OUTSB: the banner goes out as one string instruction. */
	movw $banner, %si
	movw $banner_end - banner, %cx
	movw $COM1, %dx
	cld
	rep outsb

	/* 2. fw_cfg signature through REP INSB. */
	movw $FW_CFG_SEL, %dx
	xorw %ax, %ax
	outw %ax, %dx
	movw $FW_CFG_DATA, %dx
	movw $sigbuf, %di
	movw $4, %cx
	rep insb
	cmpl $0x554d4551, sigbuf	/* "QEMU" */
	movw $m_fwcfg, %si
	call check

	/* 3. IN from COM1's line status: THR empty (bit 5). */
	movw $COM1+5, %dx
	inb %dx, %al
	testb $0x20, %al
	setnz %al
	cmpb $1, %al
	movw $m_in, %si
	call check

	/* 4. CPUID leaf 0: a vendor this runner can meet. */
	xorl %eax, %eax
	cpuid
	cmpl $0x68747541, %ebx		/* "Auth" */
	je 1f
	cmpl $0x756e6547, %ebx		/* "Genu" */
1:	movw $m_cpuid, %si
	call check

	/* 5. WRMSR/RDMSR of the runner's scratch MSR. */
	movl $SCRATCH_MSR, %ecx
	movl $0x55667788, %eax
	movl $0x11223344, %edx
	wrmsr
	xorl %eax, %eax
	xorl %edx, %edx
	rdmsr
	cmpl $0x55667788, %eax
	jne 1f
	cmpl $0x11223344, %edx
1:	movw $m_msr, %si
	call check

	/* 6. RDMSR of an MSR nobody has: #GP, handled by the guest. */
	movb $0, gp_seen
	movl $SCRATCH_MSR+1, %ecx
	rdmsr
	cmpb $1, gp_seen
	movw $m_gp, %si
	call check

	/* Leave: 0 if all passed. */
	movb failed, %al
	movw $DEBUG_EXIT, %dx
	outb %al, %dx
	hlt
	jmp .

/* The #GP skips the 2-byte RDMSR that raised it. */
gp_handler:
	pushw %bp
	movw %sp, %bp
	addw $2, 2(%bp)
	movb $1, gp_seen
	popw %bp
	iret

/* check: ZF set = pass.  Prints "real: PASS <msg>" or FAIL. */
check:
	pushf
	pushw %si
	movw $m_prefix, %si
	call puts
	popw %si
	popf
	jz 1f
	movb $1, failed
	pushw %si
	movw $m_fail, %si
	call puts
	popw %si
	jmp 2f
1:	pushw %si
	movw $m_pass, %si
	call puts
	popw %si
2:	call puts
	movw $m_nl, %si
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
banner:	.ascii "real: demo guest in real mode\n"
banner_end:
m_prefix: .asciz "real: "
m_pass:	.asciz "PASS "
m_fail:	.asciz "FAIL "
m_nl:	.asciz "\n"
m_fwcfg: .asciz "fw_cfg signature by rep insb"
m_in:	.asciz "in from COM1 line status"
m_cpuid: .asciz "cpuid vendor"
m_msr:	.asciz "wrmsr/rdmsr scratch MSR"
m_gp:	.asciz "#GP from an unknown MSR"
	.balign 4
sigbuf:	.long 0
failed:	.byte 0
gp_seen: .byte 0
