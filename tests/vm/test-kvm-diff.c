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
 *     operands for the vector moves; with 32-bit and PAE paging as well.
 *     Some of these machines fault nowhere, and must not: SMAP with
 *     RFLAGS.AC set, read-only pages with CR0.WP clear, and data pages
 *     whose accessed and dirty flags start clear for both runs to set.
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
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <linux/kvm.h>

#include <vmexit/decode.h>
#include <vmexit/emulate.h>
#include <vmexit/kvm.h>
#include <vmexit/memory.h>
#include <vmexit/task.h>
#include <vmexit/x86.h>

#define DEFAULT_SEED 0x6b766d64696666ull /* "kvmdiff" */
#define REPS_64 5 /* random operand sets per instruction, 64-bit mode */
#define REPS_32 3 /* ... in 32-bit protected mode */
#define REPS_MORE 2 /* ... in the other machines (imodes[]) */
#define REPS_TASK 4

#define RAM_SIZE 0x100000u

/* Part 1, instructions: guest-physical = linear (identity 2 MiB page). */
#define GDT 0x1000u
#define PML4 0x3000u     /* PML4, PDPT, PD at 3000H-5FFFH */
#define CODE 0x6000u     /* the instruction, then HLTs to the page end */
#define BRANCH 0x6800u   /* where the CALL/JMP cases go: a HLT */
#define DATA 0x8000u     /* operands and stack, random each run */
#define DATA_LEN 0x3000u
#define I_END 0xc000u    /* restored and compared: [0, I_END) */
#define FS_BASE 0x100u
#define GS_BASE 0x200u
/* Part 1b, faults: an IDT whose vector v goes to a HLT at HANDLERS + 16 v,
 * and a page table for 4-KByte pages over 0-2 MiB (FAULT_PT). */
#define IDT 0x2000u
#define HANDLERS 0x7000u
#define FAULT_PT 0xb000u
#define NR_VECTORS 32u

/* The other machines' page tables (A and D preset): PAE's PDPT in the
 * unused upper half of the PML4 page; past the compared areas, a PML5
 * over the PML4, and a PML4 and PDPT with a 1-GByte page at 0. */
#define PAE_PDPT (PML4 + 0x800)
#define PML5 0x19000u
#define PML4_1G 0x1a000u
#define PDPT_1G 0x1b000u

/* Virtual-8086 mode and CPL 3 end with OUT 80H, AL, not HLT (privileged),
 * through a TSS whose I/O bitmap allows ports 0-FFH ("I/O Permission Bit
 * Map").  A NOP comes first: under QEMU an OUT that is the first
 * instruction after VM entry shuts the nested guest down (seen, not
 * explained; after any other instruction it exits to KVM as it should). */
#define V86_TSS 0xe00u
#define V86_IOMAP 0x68u
#define V86_END "\x90\xe6\x80"
#define V86_PORT 0x80u /* which no case uses */

/* Part 2, task switches (below 64 KiB where 16-bit code runs). */
#define T_CODE 0xc000u   /* the instruction; task t's code at +100H*(t+1) */
#define T_FARPTR (T_CODE + 0x800u)
#define T_GDT 0x10000u
#define T_LDT 0x10800u
#define T_IDT 0x11000u
#define T_TSS 0x12000u   /* task t's TSS at +100H*t */
#define T_STACK 0x14000u /* stacks, 14000H-15FFFH */
#define T_DATA16 0x10000u /* base of the 16-bit data segment */
#define T_PD1 0x17000u   /* two identical 32-bit page directories */
#define T_PD2 0x18000u
#define T_END 0x19000u   /* restored and compared: [T_CODE, T_END) */

#include "lib/rflags.h"
#define STATUS VMEXIT_RFLAGS_STATUS

/* ---- the instruction table --------------------------------------------- */

enum { M64 = 1, M32 = 2, ALL = 3 };

/* Flags the SDM leaves undefined ("Flags Affected" of each instruction,
 * SDM Vol. 2); see undefined_flags(). */
enum {
	U_NONE,
	U_LOGIC, /* AND, OR, XOR, TEST: AF */
	U_SHIFT, /* SHL/SAL, SHR */
	U_SAR,
	U_ROT,   /* ROL, ROR, RCL, RCR */
	U_SHD,   /* SHLD, SHRD */
	U_BT,    /* BT, BTS, BTR, BTC: OF, SF, AF, PF */
};

/* Where a shift or rotate count comes from. */
enum { C_NONE, C_ONE, C_CL, C_IMM /* the last byte of the encoding */ };

/* Small values for one register. */
enum {
	S_NONE,
	S_COUNT, /* REP count, 0-7 */
	S_INDEX, /* SIB index, 0-63 */
	S_BTOFF, /* BT* bit offset, signed, reaching +-256 bytes */
	S_CL16,  /* SHLD/SHRD r/m16 count in CL, 0-16 (see below) */
	S_PORT,  /* DX: a port, 0-FFH (the I/O bitmap's) or any; not 80H */
};

/* Set-up beyond random values. */
enum {
	K_NONE,
	K_EQ,     /* CMPXCHG: half the time rAX equals the operand */
	K_EQ8B,   /* CMPXCHG8B: ... EDX:EAX */
	K_EQ16B,  /* CMPXCHG16B: ... RDX:RAX */
	K_BRANCH, /* CALL/JMP r/m: the operand is BRANCH */
	K_FAR,    /* CALL/JMP m16:32: BRANCH and a code segment of the mode */
	K_STRCMP, /* CMPS/SCAS: equal elements where REPE/REPNE stop */
};

enum { N_NONE, N_MOVBE, N_CX16, N_AVX, N_SSE41, N_AVX2, N_MOVDIRI, N_MOVDIR64B };

struct icase {
	const char *name;
	const char *hex;
	uint8_t modes;  /* M64, M32 */
	uint8_t osz;    /* operand size in bytes */
	uint16_t areg;  /* GPRs holding an address in the data page */
	uint8_t sreg;   /* 1 + the GPR holding a small value, or 0 */
	uint8_t small;  /* S_*: which small value */
	uint8_t undef;  /* U_* */
	uint8_t cnt;    /* C_* */
	uint8_t kind;   /* K_* */
	uint8_t need;   /* N_*: the guest CPUID must have it */
	uint8_t align;  /* alignment of the addresses in areg (default 1) */
	uint8_t junk;   /* 16 or 32: random bits above the address size */
	uint8_t count;  /* RCX a REP count (S_COUNT) besides sreg */
};

#define R(r) (1u << VMEXIT_##r)
#define SM(r, k) .sreg = 1 + VMEXIT_##r, .small = S_##k
#define RB R(RBX)
#define STR (R(RSI) | R(RDI))

/*
 * Encodings with their operands: ModRM 03/0B/13/1B/23/2B/33/3B is [rbx]
 * with reg 0-7; the RIP-relative and moffs addresses are fixed in the
 * bytes (CODE and DATA above): 6006H + 293AH = 8940H and so on.
 * SHLD/SHRD r/m16 counts stay <= 16: above, the SDM leaves the result
 * and every flag undefined ("SHLD", "SHRD": "If the count is greater than
 * the operand size, the result is undefined").
 */
#define I(n, h, m, o, a, ...) \
	{ .name = n, .hex = h, .modes = m, .osz = o, .areg = a, __VA_ARGS__ }

static const struct icase icases[] = {
	/* MOV ("MOV—Move") */
	I("mov m8,r8", "88 03", ALL, 1, RB),
	I("mov m8,ah", "88 23", ALL, 1, RB),
	I("mov m8,sil", "40 88 33", M64, 1, RB),
	I("mov m8,r15b", "44 88 3b", M64, 1, RB),
	I("mov m16,r16", "66 89 4b 10", ALL, 2, RB),
	I("mov m32,r32", "89 03", ALL, 4, RB),
	I("mov m64,r64", "48 89 53 f8", M64, 8, RB),
	I("mov r8,m8", "8a 0b", ALL, 1, RB),
	I("mov ah,m8", "8a 23", ALL, 1, RB),
	I("mov r16,m16", "66 8b 33", ALL, 2, RB),
	I("mov r32,m32", "8b 13", ALL, 4, RB),
	I("mov r64,m64", "4c 8b 43 08", M64, 8, RB),
	I("mov m8,imm8", "c6 03 5a", ALL, 1, RB),
	I("mov m16,imm16", "66 c7 03 34 12", ALL, 2, RB),
	I("mov m32,imm32", "c7 43 04 78 56 34 f2", ALL, 4, RB),
	I("mov m64,imm32", "48 c7 03 00 00 00 80", M64, 8, RB),
	I("mov al,moffs64", "a0 23 89 00 00 00 00 00 00", M64, 1, 0),
	I("mov rax,moffs64", "48 a1 28 89 00 00 00 00 00 00", M64, 8, 0),
	I("mov moffs64,al", "a2 31 89 00 00 00 00 00 00", M64, 1, 0),
	I("mov moffs64,ax", "66 a3 35 89 00 00 00 00 00 00", M64, 2, 0),
	I("mov eax,moffs32", "a1 40 89 00 00", M32, 4, 0),
	I("mov moffs32,al", "a2 41 89 00 00", M32, 1, 0),
	I("mov moffs32,ax", "66 a3 42 89 00 00", M32, 2, 0),
	I("mov [rip+d],r32", "89 05 3a 29 00 00", M64, 4, 0),
	I("mov r32,[rip+d]", "8b 0d fa 29 00 00", M64, 4, 0),
	I("mov [rip+d],imm32", "c7 05 f6 2a 00 00 78 56 34 12", M64, 4, 0),
	I("mov [disp32],r32", "89 05 40 89 00 00", M32, 4, 0),
	I("mov [b+i*4],r32", "89 04 8b", ALL, 4, RB, SM(RCX, INDEX)),
	I("mov r64,[b+i*2+8]", "48 8b 44 4b 08", M64, 8, RB, SM(RCX, INDEX)),
	I("mov r32,[b+r8*4]", "42 8b 04 83", M64, 4, RB, SM(R8, INDEX)),
	I("mov [r12],r32", "41 89 04 24", M64, 4, R(R12)),
	I("mov [r13+0],r32", "41 89 45 00", M64, 4, R(R13)),
	I("mov r32,[rsp-8]", "8b 44 24 f8", ALL, 4, 0),
	I("mov fs:m32,r32", "64 89 03", ALL, 4, RB),
	I("mov r64,gs:m64", "65 48 8b 03", M64, 8, RB),
	I("mov es:m32,r32 (64-bit: DS)", "26 89 03", M64, 4, RB),
	/* A null prefix after GS leaves GS in effect in 64-bit mode (APM
	 * Vol. 3, 1.2.4), which QEMU's CPU, the native side here, gets wrong
	 * (the last prefix wins); tests/test_decode.c checks it against the
	 * host CPU instead.  In 32-bit code the last one is SS. */
	I("mov gs:m32,r32 with a later ss (32-bit: SS)", "65 36 89 03", M32, 4, RB),
	I("mov [ebx],r32 (a32)", "67 89 03", M64, 4, RB, .junk = 32),
	I("mov [bx],r32 (a16)", "67 89 07", M32, 4, RB, .junk = 16),
	I("mov r32,[bp+si+16] (a16)", "67 8b 42 10", M32, 4, R(RBP),
	  SM(RSI, INDEX), .junk = 16),
	/* MOVZX, MOVSX, MOVSXD */
	I("movzx r32,m8", "0f b6 03", ALL, 1, RB),
	I("movzx r16,m8", "66 0f b6 0b", ALL, 1, RB),
	I("movzx r64,m16", "48 0f b7 13", M64, 2, RB),
	I("movsx r32,m8", "0f be 33", ALL, 1, RB),
	I("movsx r16,m8", "66 0f be 3b", ALL, 1, RB),
	I("movsx r32,m16", "0f bf 0b", ALL, 2, RB),
	I("movsx r64,m16", "48 0f bf 3b", M64, 2, RB),
	I("movsxd r64,m32", "48 63 03", M64, 4, RB),
	I("movsxd r32,m32", "63 0b", M64, 4, RB),
	I("movsxd r16,m16", "66 63 13", M64, 2, RB),
	/* MOVBE */
	I("movbe r32,m32", "0f 38 f0 03", ALL, 4, RB, .need = N_MOVBE),
	I("movbe r16,m16", "66 0f 38 f0 33", ALL, 2, RB, .need = N_MOVBE),
	I("movbe r64,m64", "4c 0f 38 f0 03", M64, 8, RB, .need = N_MOVBE),
	I("movbe m16,r16", "66 0f 38 f1 0b", ALL, 2, RB, .need = N_MOVBE),
	I("movbe m32,r32", "0f 38 f1 13", ALL, 4, RB, .need = N_MOVBE),
	I("movbe m64,r64", "48 0f 38 f1 13", M64, 8, RB, .need = N_MOVBE),
	/* XCHG, CMPXCHG, CMPXCHG8B/16B, XADD */
	I("xchg m8,r8", "86 03", ALL, 1, RB),
	I("xchg m16,r16", "66 87 33", ALL, 2, RB),
	I("xchg m32,r32", "87 0b", ALL, 4, RB),
	I("xchg m64,r64", "48 87 53 08", M64, 8, RB),
	I("cmpxchg m8,r8", "0f b0 0b", ALL, 1, RB, .kind = K_EQ),
	I("lock cmpxchg m16,r16", "f0 66 0f b1 3b", ALL, 2, RB, .kind = K_EQ),
	I("cmpxchg m32,r32", "0f b1 13", ALL, 4, RB, .kind = K_EQ),
	I("cmpxchg m64,r64", "48 0f b1 33", M64, 8, RB, .kind = K_EQ),
	I("cmpxchg8b m64", "0f c7 0b", ALL, 8, RB, .kind = K_EQ8B),
	I("lock cmpxchg8b m64", "f0 0f c7 0b", ALL, 8, RB, .kind = K_EQ8B),
	I("cmpxchg16b m128", "48 0f c7 0b", M64, 16, RB, .kind = K_EQ16B,
	  .need = N_CX16, .align = 16),
	I("xadd m8,r8", "0f c0 03", ALL, 1, RB),
	I("xadd m16,r16", "66 0f c1 0b", ALL, 2, RB),
	I("xadd m32,r32", "0f c1 13", ALL, 4, RB),
	I("lock xadd m64,r64", "f0 48 0f c1 33", M64, 8, RB),
	/* ADD, ADC, SUB, SBB, AND, OR, XOR, CMP, TEST */
	I("add m8,r8", "00 03", ALL, 1, RB),
	I("add m16,r16", "66 01 0b", ALL, 2, RB),
	I("add r32,m32", "03 13", ALL, 4, RB),
	I("add m64,r64", "48 01 33", M64, 8, RB),
	I("adc m8,ah", "10 23", ALL, 1, RB),
	I("adc m32,r32", "11 0b", ALL, 4, RB),
	I("adc r64,m64", "48 13 13", M64, 8, RB),
	I("adc r16,m16", "66 13 33", ALL, 2, RB),
	I("sub m8,r8", "28 0b", ALL, 1, RB),
	I("sub m32,r32", "29 13", ALL, 4, RB),
	I("sub r64,m64", "48 2b 03", M64, 8, RB),
	I("sub m16,r16", "66 29 33", ALL, 2, RB),
	I("sbb m8,r8", "18 03", ALL, 1, RB),
	I("sbb m32,r32", "19 0b", ALL, 4, RB),
	I("sbb r64,m64", "48 1b 13", M64, 8, RB),
	I("sbb ah,m8", "1a 23", ALL, 1, RB),
	I("and m8,r8", "20 03", ALL, 1, RB, .undef = U_LOGIC),
	I("and m16,r16", "66 21 0b", ALL, 2, RB, .undef = U_LOGIC),
	I("and r32,m32", "23 13", ALL, 4, RB, .undef = U_LOGIC),
	I("and m64,r64", "48 21 33", M64, 8, RB, .undef = U_LOGIC),
	I("or m8,r8", "08 0b", ALL, 1, RB, .undef = U_LOGIC),
	I("or m32,r32", "09 13", ALL, 4, RB, .undef = U_LOGIC),
	I("or r64,m64", "48 0b 03", M64, 8, RB, .undef = U_LOGIC),
	I("or r16,m16", "66 0b 33", ALL, 2, RB, .undef = U_LOGIC),
	I("xor m8,r8", "30 13", ALL, 1, RB, .undef = U_LOGIC),
	I("xor m32,r32", "31 0b", ALL, 4, RB, .undef = U_LOGIC),
	I("xor r64,m64", "48 33 03", M64, 8, RB, .undef = U_LOGIC),
	I("xor m16,r16", "66 31 33", ALL, 2, RB, .undef = U_LOGIC),
	I("cmp m8,r8", "38 03", ALL, 1, RB),
	I("cmp m32,r32", "39 0b", ALL, 4, RB),
	I("cmp r16,m16", "66 3b 13", ALL, 2, RB),
	I("cmp m64,r64", "48 39 33", M64, 8, RB),
	I("test m8,r8", "84 03", ALL, 1, RB, .undef = U_LOGIC),
	I("test m16,r16", "66 85 0b", ALL, 2, RB, .undef = U_LOGIC),
	I("test m32,r32", "85 13", ALL, 4, RB, .undef = U_LOGIC),
	I("test m64,r64", "48 85 33", M64, 8, RB, .undef = U_LOGIC),
	I("add m8,imm8", "80 03 7f", ALL, 1, RB),
	I("or m8,imm8", "80 0b 81", ALL, 1, RB, .undef = U_LOGIC),
	I("adc m8,imm8", "80 53 01 ff", ALL, 1, RB),
	I("sbb m32,imm8", "83 1b f0", ALL, 4, RB),
	I("and m16,imm16", "66 81 23 34 12", ALL, 2, RB, .undef = U_LOGIC),
	I("sub m32,imm32", "81 2b 78 56 34 12", ALL, 4, RB),
	I("xor m64,imm8", "48 83 33 01", M64, 8, RB, .undef = U_LOGIC),
	I("cmp m64,imm32", "48 81 3b 00 00 00 80", M64, 8, RB),
	I("add m32,imm8", "83 03 ff", ALL, 4, RB),
	I("cmp m8,imm8", "80 3b 80", ALL, 1, RB),
	I("test m8,imm8", "f6 03 55", ALL, 1, RB, .undef = U_LOGIC),
	I("test m16,imm16", "66 f7 03 00 80", ALL, 2, RB, .undef = U_LOGIC),
	I("test m32,imm32", "f7 03 ff ff 00 00", ALL, 4, RB, .undef = U_LOGIC),
	I("test m64,imm32", "48 f7 03 00 00 00 80", M64, 8, RB,
	  .undef = U_LOGIC),
	I("lock add m32,r32", "f0 01 03", ALL, 4, RB),
	I("lock sub m64,r64", "f0 48 29 0b", M64, 8, RB),
	I("lock adc m32,r32", "f0 11 13", ALL, 4, RB),
	I("lock xor m8,imm8", "f0 80 33 ff", ALL, 1, RB, .undef = U_LOGIC),
	I("lock or m16,imm8", "f0 66 83 0b 01", ALL, 2, RB, .undef = U_LOGIC),
	/* INC, DEC, NEG, NOT */
	I("inc m8", "fe 03", ALL, 1, RB),
	I("inc m16", "66 ff 03", ALL, 2, RB),
	I("inc m32", "ff 03", ALL, 4, RB),
	I("inc m64", "48 ff 03", M64, 8, RB),
	I("dec m8", "fe 0b", ALL, 1, RB),
	I("dec m16", "66 ff 0b", ALL, 2, RB),
	I("dec m32", "ff 0b", ALL, 4, RB),
	I("dec m64", "48 ff 0b", M64, 8, RB),
	I("neg m8", "f6 1b", ALL, 1, RB),
	I("neg m16", "66 f7 1b", ALL, 2, RB),
	I("neg m32", "f7 1b", ALL, 4, RB),
	I("neg m64", "48 f7 1b", M64, 8, RB),
	I("not m8", "f6 13", ALL, 1, RB),
	I("not m16", "66 f7 13", ALL, 2, RB),
	I("not m32", "f7 13", ALL, 4, RB),
	I("not m64", "48 f7 13", M64, 8, RB),
	I("lock inc m32", "f0 ff 03", ALL, 4, RB),
	I("lock dec m16", "f0 66 ff 0b", ALL, 2, RB),
	I("lock neg m64", "f0 48 f7 1b", M64, 8, RB),
	I("lock not m8", "f0 f6 13", ALL, 1, RB),
	/* SAL/SAR/SHL/SHR, ROL/ROR/RCL/RCR: by 1, CL and imm8 */
	I("shl m8,1", "d0 23", ALL, 1, RB, .undef = U_SHIFT, .cnt = C_ONE),
	I("shl m8,cl", "d2 23", ALL, 1, RB, .undef = U_SHIFT, .cnt = C_CL),
	I("shl m16,cl", "66 d3 23", ALL, 2, RB, .undef = U_SHIFT, .cnt = C_CL),
	I("shl m32,imm8", "c1 23 05", ALL, 4, RB, .undef = U_SHIFT,
	  .cnt = C_IMM),
	I("shl m64,cl", "48 d3 23", M64, 8, RB, .undef = U_SHIFT, .cnt = C_CL),
	I("sal m32,cl (/6)", "d3 33", ALL, 4, RB, .undef = U_SHIFT,
	  .cnt = C_CL),
	I("shr m32,1", "d1 2b", ALL, 4, RB, .undef = U_SHIFT, .cnt = C_ONE),
	I("shr m8,cl", "d2 2b", ALL, 1, RB, .undef = U_SHIFT, .cnt = C_CL),
	I("shr m16,cl", "66 d3 2b", ALL, 2, RB, .undef = U_SHIFT, .cnt = C_CL),
	I("shr m64,imm8", "48 c1 2b 3f", M64, 8, RB, .undef = U_SHIFT,
	  .cnt = C_IMM),
	I("shr m16,imm8 (17)", "66 c1 2b 11", ALL, 2, RB, .undef = U_SHIFT,
	  .cnt = C_IMM),
	I("sar m8,1", "d0 3b", ALL, 1, RB, .undef = U_SAR, .cnt = C_ONE),
	I("sar m8,cl", "d2 3b", ALL, 1, RB, .undef = U_SAR, .cnt = C_CL),
	I("sar m32,cl", "d3 3b", ALL, 4, RB, .undef = U_SAR, .cnt = C_CL),
	I("sar m64,1", "48 d1 3b", M64, 8, RB, .undef = U_SAR, .cnt = C_ONE),
	I("sar m16,imm8 (31)", "66 c1 3b 1f", ALL, 2, RB, .undef = U_SAR,
	  .cnt = C_IMM),
	I("rol m8,1", "d0 03", ALL, 1, RB, .undef = U_ROT, .cnt = C_ONE),
	I("rol m8,cl", "d2 03", ALL, 1, RB, .undef = U_ROT, .cnt = C_CL),
	I("rol m16,cl", "66 d3 03", ALL, 2, RB, .undef = U_ROT, .cnt = C_CL),
	I("rol m32,imm8", "c1 03 07", ALL, 4, RB, .undef = U_ROT, .cnt = C_IMM),
	I("rol m64,cl", "48 d3 03", M64, 8, RB, .undef = U_ROT, .cnt = C_CL),
	I("ror m32,1", "d1 0b", ALL, 4, RB, .undef = U_ROT, .cnt = C_ONE),
	I("ror m8,cl", "d2 0b", ALL, 1, RB, .undef = U_ROT, .cnt = C_CL),
	I("ror m16,imm8 (16)", "66 c1 0b 10", ALL, 2, RB, .undef = U_ROT,
	  .cnt = C_IMM),
	I("ror m64,imm8", "48 c1 0b 21", M64, 8, RB, .undef = U_ROT,
	  .cnt = C_IMM),
	I("rcl m8,1", "d0 13", ALL, 1, RB, .undef = U_ROT, .cnt = C_ONE),
	I("rcl m8,cl", "d2 13", ALL, 1, RB, .undef = U_ROT, .cnt = C_CL),
	I("rcl m16,cl", "66 d3 13", ALL, 2, RB, .undef = U_ROT, .cnt = C_CL),
	I("rcl m32,cl", "d3 13", ALL, 4, RB, .undef = U_ROT, .cnt = C_CL),
	I("rcl m64,imm8", "48 c1 13 05", M64, 8, RB, .undef = U_ROT,
	  .cnt = C_IMM),
	I("rcr m32,1", "d1 1b", ALL, 4, RB, .undef = U_ROT, .cnt = C_ONE),
	I("rcr m8,cl", "d2 1b", ALL, 1, RB, .undef = U_ROT, .cnt = C_CL),
	I("rcr m8,imm8 (9)", "c0 1b 09", ALL, 1, RB, .undef = U_ROT,
	  .cnt = C_IMM),
	I("rcr m16,cl", "66 d3 1b", ALL, 2, RB, .undef = U_ROT, .cnt = C_CL),
	I("rcr m64,cl", "48 d3 1b", M64, 8, RB, .undef = U_ROT, .cnt = C_CL),
	/* SHLD, SHRD */
	I("shld m32,r32,imm8", "0f a4 03 05", ALL, 4, RB, .undef = U_SHD,
	  .cnt = C_IMM),
	I("shld m16,r16,cl", "66 0f a5 0b", ALL, 2, RB, SM(RCX, CL16),
	  .undef = U_SHD, .cnt = C_CL),
	I("shld m64,r64,cl", "48 0f a5 13", M64, 8, RB, .undef = U_SHD,
	  .cnt = C_CL),
	I("shrd m32,r32,imm8", "0f ac 03 1f", ALL, 4, RB, .undef = U_SHD,
	  .cnt = C_IMM),
	I("shrd m16,r16,imm8", "66 0f ac 0b 03", ALL, 2, RB, .undef = U_SHD,
	  .cnt = C_IMM),
	I("shrd m16,r16,cl", "66 0f ad 0b", ALL, 2, RB, SM(RCX, CL16),
	  .undef = U_SHD, .cnt = C_CL),
	I("shrd m32,r32,cl", "0f ad 33", ALL, 4, RB, .undef = U_SHD,
	  .cnt = C_CL),
	I("shrd m64,r64,cl", "48 0f ad 13", M64, 8, RB, .undef = U_SHD,
	  .cnt = C_CL),
	/* BT, BTS, BTR, BTC: imm8 (modulo the width) and register (signed,
	 * reaching past the operand either way) */
	I("bt m32,imm8", "0f ba 23 05", ALL, 4, RB, .undef = U_BT),
	I("bts m16,imm8 (19)", "66 0f ba 2b 13", ALL, 2, RB, .undef = U_BT),
	I("btr m64,imm8", "48 0f ba 33 3f", M64, 8, RB, .undef = U_BT),
	I("btc m32,imm8 (33)", "0f ba 3b 21", ALL, 4, RB, .undef = U_BT),
	I("bt m32,r32", "0f a3 03", ALL, 4, RB, SM(RAX, BTOFF),
	  .undef = U_BT),
	I("bt m16,r16", "66 0f a3 3b", ALL, 2, RB, SM(RDI, BTOFF),
	  .undef = U_BT),
	I("bts m16,r16", "66 0f ab 0b", ALL, 2, RB, SM(RCX, BTOFF),
	  .undef = U_BT),
	I("btr m64,r64", "48 0f b3 13", M64, 8, RB, SM(RDX, BTOFF),
	  .undef = U_BT),
	I("btc m32,r32", "0f bb 33", ALL, 4, RB, SM(RSI, BTOFF),
	  .undef = U_BT),
	I("lock bts m64,r64", "f0 48 0f ab 03", M64, 8, RB, SM(RAX, BTOFF),
	  .undef = U_BT),
	I("lock btr m32,r32", "f0 0f b3 0b", ALL, 4, RB, SM(RCX, BTOFF),
	  .undef = U_BT),
	/* SETcc, CMOVcc */
	I("seto m8", "0f 90 03", ALL, 1, RB),
	I("setae m8", "0f 93 03", ALL, 1, RB),
	I("sete m8", "0f 94 03", ALL, 1, RB),
	I("seta m8", "0f 97 03", ALL, 1, RB),
	I("sets m8", "0f 98 03", ALL, 1, RB),
	I("setp m8", "0f 9a 03", ALL, 1, RB),
	I("setl m8", "0f 9c 43 01", ALL, 1, RB),
	I("setle m8", "0f 9e 03", ALL, 1, RB),
	I("setg m8", "0f 9f 03", ALL, 1, RB),
	I("cmove r32,m32", "0f 44 03", ALL, 4, RB),
	I("cmovno r32,m32", "0f 41 3b", ALL, 4, RB),
	I("cmovbe r32,m32", "0f 46 0b", ALL, 4, RB),
	I("cmova r16,m16", "66 0f 47 13", ALL, 2, RB),
	I("cmovns r16,m16", "66 0f 49 13", ALL, 2, RB),
	I("cmovp r32,m32", "0f 4a 33", ALL, 4, RB),
	I("cmovl r64,m64", "48 0f 4c 0b", M64, 8, RB),
	I("cmovg r64,m64", "4c 0f 4f 03", M64, 8, RB),
	/* PUSH, POP, LEAVE */
	I("push m64", "ff 33", M64, 8, RB),
	I("push m32", "ff 33", M32, 4, RB),
	I("push m16", "66 ff 33", ALL, 2, RB),
	I("push [rsp+8]", "ff 74 24 08", ALL, 8, 0),
	I("pop m64", "8f 03", M64, 8, RB),
	I("pop m32", "8f 03", M32, 4, RB),
	I("pop m16", "66 8f 03", ALL, 2, RB),
	I("pop [rsp+8]", "8f 44 24 08", ALL, 8, 0),
	I("push rax", "50", ALL, 8, 0),
	I("push r15", "41 57", M64, 8, 0),
	I("push ax", "66 50", ALL, 2, 0),
	I("push imm8", "6a 80", ALL, 8, 0),
	I("push imm32", "68 78 56 34 12", ALL, 8, 0),
	I("pop rcx", "59", ALL, 8, 0),
	I("pop r15", "41 5f", M64, 8, 0),
	I("pop dx", "66 5a", ALL, 2, 0),
	I("leave", "c9", ALL, 8, R(RBP)),
	I("leave (o16)", "66 c9", ALL, 2, R(RBP)),
	/* ENTER ("ENTER": level 0, 1 and above, whose frame pointers are
	 * copied from [rBP]) */
	I("enter 10h,0", "c8 10 00 00", ALL, 8, R(RBP)),
	I("enter 8,1", "c8 08 00 01", ALL, 8, R(RBP)),
	I("enter 100h,3", "c8 00 01 03", ALL, 8, R(RBP)),
	I("enter 10h,0 (o16)", "66 c8 10 00 00", ALL, 2, R(RBP)),
	I("enter 8,1 (o16)", "66 c8 08 00 01", ALL, 2, R(RBP)),
	I("enter 20h,2 (o16)", "66 c8 20 00 02", ALL, 2, R(RBP)),
	/* CALL, JMP near through memory */
	I("call m64", "ff 13", M64, 8, RB, .kind = K_BRANCH),
	I("jmp m64", "ff 23", M64, 8, RB, .kind = K_BRANCH),
	I("call m32", "ff 13", M32, 4, RB, .kind = K_BRANCH),
	I("jmp m32", "ff 23", M32, 4, RB, .kind = K_BRANCH),
	/* CALL, JMP far through memory (m16:32) to a code segment of the
	 * machine's kind (ibuild()) */
	I("call far m16:32", "ff 1b", ALL, 4, RB, .kind = K_FAR),
	I("jmp far m16:32", "ff 2b", ALL, 4, RB, .kind = K_FAR),
	I("call far m16:16", "66 ff 1b", ALL, 2, RB, .kind = K_FAR),
	/* IN, OUT, INS, OUTS (the port in DX or the instruction), with and
	 * without REP; the devices are pio_in() and pio_out() below */
	I("out dx,al", "ee", ALL, 1, 0, SM(RDX, PORT)),
	I("out dx,ax", "66 ef", ALL, 2, 0, SM(RDX, PORT)),
	I("out dx,eax", "ef", ALL, 4, 0, SM(RDX, PORT)),
	I("out 40h,al", "e6 40", ALL, 1, 0),
	I("in al,dx", "ec", ALL, 1, 0, SM(RDX, PORT)),
	I("in ax,dx", "66 ed", ALL, 2, 0, SM(RDX, PORT)),
	I("in eax,dx", "ed", ALL, 4, 0, SM(RDX, PORT)),
	I("in eax,70h", "e5 70", ALL, 4, 0),
	I("outsb", "6e", ALL, 1, R(RSI), SM(RDX, PORT)),
	I("outsd", "6f", ALL, 4, R(RSI), SM(RDX, PORT)),
	I("rep outsw", "f3 66 6f", ALL, 2, R(RSI), SM(RDX, PORT), .count = 1),
	I("insb", "6c", ALL, 1, R(RDI), SM(RDX, PORT)),
	I("insw", "66 6d", ALL, 2, R(RDI), SM(RDX, PORT)),
	I("rep insb", "f3 6c", ALL, 1, R(RDI), SM(RDX, PORT), .count = 1),
	I("rep insd", "f3 6d", ALL, 4, R(RDI), SM(RDX, PORT), .count = 1),
	/* MOVS, STOS, LODS, CMPS, SCAS, with and without REP; DF random */
	I("movsb", "a4", ALL, 1, STR),
	I("movsw", "66 a5", ALL, 2, STR),
	I("movsd", "a5", ALL, 4, STR),
	I("movsq", "48 a5", M64, 8, STR),
	I("movsb fs:", "64 a4", ALL, 1, STR),
	I("rep movsb", "f3 a4", ALL, 1, STR, SM(RCX, COUNT)),
	I("rep movsw", "f3 66 a5", ALL, 2, STR, SM(RCX, COUNT)),
	I("rep movsq", "f3 48 a5", M64, 8, STR, SM(RCX, COUNT)),
	I("rep movsb (a32)", "67 f3 a4", M64, 1, STR, SM(RCX, COUNT),
	  .junk = 32),
	I("rep movsd (a16)", "67 f3 a5", M32, 4, STR, SM(RCX, COUNT),
	  .junk = 16),
	I("stosb", "aa", ALL, 1, R(RDI)),
	I("stosw", "66 ab", ALL, 2, R(RDI)),
	I("rep stosd", "f3 ab", ALL, 4, R(RDI), SM(RCX, COUNT)),
	I("rep stosq", "f3 48 ab", M64, 8, R(RDI), SM(RCX, COUNT)),
	I("lodsb", "ac", ALL, 1, R(RSI)),
	I("lodsq", "48 ad", M64, 8, R(RSI)),
	I("rep lodsw", "f3 66 ad", ALL, 2, R(RSI), SM(RCX, COUNT)),
	I("cmpsb", "a6", ALL, 1, STR, .kind = K_STRCMP),
	I("cmpsq", "48 a7", M64, 8, STR, .kind = K_STRCMP),
	I("repe cmpsb", "f3 a6", ALL, 1, STR, SM(RCX, COUNT),
	  .kind = K_STRCMP),
	I("repe cmpsd", "f3 a7", ALL, 4, STR, SM(RCX, COUNT),
	  .kind = K_STRCMP),
	I("repne cmpsw", "f2 66 a7", ALL, 2, STR, SM(RCX, COUNT),
	  .kind = K_STRCMP),
	I("scasb", "ae", ALL, 1, R(RDI), .kind = K_STRCMP),
	I("scasq", "48 af", M64, 8, R(RDI), .kind = K_STRCMP),
	I("repe scasd", "f3 af", ALL, 4, R(RDI), SM(RCX, COUNT),
	  .kind = K_STRCMP),
	I("repne scasb", "f2 ae", ALL, 1, R(RDI), SM(RCX, COUNT),
	  .kind = K_STRCMP),
	I("repne scasq", "f2 48 af", M64, 8, R(RDI), SM(RCX, COUNT),
	  .kind = K_STRCMP),
	/* MMX MOVD/MOVQ: TOP becomes 0, every tag valid */
	I("movq m64,mm1", "0f 7f 0b", ALL, 8, RB),
	I("movq mm2,m64", "0f 6f 13", ALL, 8, RB),
	I("movd m32,mm3", "0f 7e 1b", ALL, 4, RB),
	I("movd mm4,m32", "0f 6e 23", ALL, 4, RB),
	I("movq m64,mm5 (REX.W 7E)", "48 0f 7e 2b", M64, 8, RB),
	I("movq mm6,m64 (REX.W 6E)", "48 0f 6e 33", M64, 8, RB),
	/* SSE and AVX moves, MOVNTI, CLFLUSH */
	I("movdqu m128,xmm0", "f3 0f 7f 03", ALL, 16, RB),
	I("movdqu xmm1,m128", "f3 0f 6f 0b", ALL, 16, RB),
	I("movdqu m128,xmm8", "f3 44 0f 7f 43 10", M64, 16, RB),
	I("movdqa m128,xmm3", "66 0f 7f 1b", ALL, 16, RB, .align = 16),
	I("movdqa xmm4,m128", "66 0f 6f 23", ALL, 16, RB, .align = 16),
	I("movaps m128,xmm0", "0f 29 03", ALL, 16, RB, .align = 16),
	I("movaps xmm2,m128", "0f 28 13", ALL, 16, RB, .align = 16),
	I("movapd m128,xmm7", "66 0f 29 3b", ALL, 16, RB, .align = 16),
	I("movups m128,xmm5", "0f 11 2b", ALL, 16, RB),
	I("movupd xmm6,m128", "66 0f 10 33", ALL, 16, RB),
	I("movd m32,xmm0", "66 0f 7e 03", ALL, 4, RB),
	I("movd xmm1,m32", "66 0f 6e 0b", ALL, 4, RB),
	I("movq m64,xmm2 (66 rex.w 7e)", "66 48 0f 7e 13", M64, 8, RB),
	I("movq xmm3,m64 (66 rex.w 6e)", "66 48 0f 6e 1b", M64, 8, RB),
	I("movq m64,xmm4 (d6)", "66 0f d6 23", ALL, 8, RB),
	I("movq xmm5,m64 (f3 7e)", "f3 0f 7e 2b", ALL, 8, RB),
	I("movntdq m128,xmm0", "66 0f e7 03", ALL, 16, RB, .align = 16),
	I("movntps m128,xmm1", "0f 2b 0b", ALL, 16, RB, .align = 16),
	I("movnti m32,r32", "0f c3 03", ALL, 4, RB),
	I("movnti m64,r64", "48 0f c3 0b", M64, 8, RB),
	I("clflush m8", "0f ae 3b", ALL, 1, RB),
	I("vmovdqu m256,ymm0", "c5 fe 7f 03", ALL, 32, RB, .need = N_AVX),
	I("vmovdqu ymm1,m256", "c5 fe 6f 0b", ALL, 32, RB, .need = N_AVX),
	I("vmovdqu m128,xmm2", "c5 fa 7f 13", ALL, 16, RB, .need = N_AVX),
	I("vmovdqu xmm3,m128", "c5 fa 6f 1b", ALL, 16, RB, .need = N_AVX),
	I("vmovaps m256,ymm4", "c5 fc 29 23", ALL, 32, RB, .need = N_AVX,
	  .align = 32),
	I("vmovaps ymm5,m256", "c5 fc 28 2b", ALL, 32, RB, .need = N_AVX,
	  .align = 32),
	I("vmovdqu m256,ymm8", "c5 7e 7f 03", M64, 32, RB, .need = N_AVX),
	I("vmovdqu ymm9,m256", "c4 61 7e 6f 0b", M64, 32, RB, .need = N_AVX),
	I("vmovd m32,xmm0", "c5 f9 7e 03", ALL, 4, RB, .need = N_AVX),
	I("vmovd xmm1,m32", "c5 f9 6e 0b", ALL, 4, RB, .need = N_AVX),
	I("vmovq xmm2,m64", "c5 fa 7e 13", ALL, 8, RB, .need = N_AVX),
	I("vmovq m64,xmm3", "c5 f9 d6 1b", ALL, 8, RB, .need = N_AVX),
	/* The streaming load and the direct stores ("MOVNTDQA", "MOVDIRI",
	 * "MOVDIR64B": ES:[rax] from [rbx], 64-byte aligned) */
	I("movntdqa xmm2,m128", "66 0f 38 2a 13", ALL, 16, RB, .need = N_SSE41,
	  .align = 16),
	I("vmovntdqa ymm1,m256", "c4 e2 7d 2a 0b", ALL, 32, RB, .need = N_AVX2,
	  .align = 32),
	I("movdiri m32,r32", "0f 38 f9 03", ALL, 4, RB, .need = N_MOVDIRI),
	I("movdiri m64,r64", "48 0f 38 f9 0b", M64, 8, RB, .need = N_MOVDIRI),
	I("movdir64b rax,m512", "66 0f 38 f8 03", ALL, 64, R(RAX) | RB,
	  .need = N_MOVDIR64B, .align = 64),
};

#define NR_ICASES (sizeof(icases) / sizeof(icases[0]))

/* ---- the task-switch table ---------------------------------------------- */

/* The tasks: A is the one running unless a case says otherwise. */
enum { TA, TB, TC, TD, NR_TASKS };

/*
 * GDT (T_GDT):                         IDT (T_IDT), task gates:
 *   08 code32 flat   10 data32 flat      #UD (6)  -> B     INT 80H -> B
 *   18 TSS A (32)    20 TSS B (32)       #NP (11) -> C     INT 81H -> C
 *   28 TSS C (16)    30 TSS D (32, LDT)  #GP (13) -> D
 *   38 gate -> B     40 gate -> C        LDT (T_LDT), used by D:
 *   48 gate -> D     50 LDT              04 data32 flat    0C code32 flat
 *   58 data, not present                 14 data, base 12345H, limit FFFH
 *   60 code16 base 0, limit FFFFH
 *   68 data16 base 10000H, limit FFFFH
 */
static const uint16_t tss_sel[NR_TASKS] = { 0x18, 0x20, 0x28, 0x30 };
#define T_GDT_LIMIT (14 * 8 - 1)
#define SEL_BAD 0x1238u /* past the GDT limit: #GP(1238H) */
#define SEL_NP 0x58u    /* not present: #NP(58H) */

struct tcase {
	const char *name;
	const char *hex;   /* at T_CODE, where RIP is */
	uint8_t reason;    /* enum vmexit_ts_reason */
	uint8_t target;    /* the task switched to */
	uint8_t cur;       /* the task running */
	uint8_t ev_type;   /* reason IDT: enum vmexit_event_type */
	uint8_t vector;
	bool has_error;
	uint16_t error;    /* and the selector in EAX that faults */
	bool paging;
	uint8_t bad;       /* TB_*: what makes the switch fault */
};

/* Switches that fault: before anything changes, from the old task, or
 * after the switch, in the new one; either way the fault goes to the
 * IDT's task gate for its vector (to D). */
enum {
	TB_NONE,
	TB_LIMIT, /* the new TSS's descriptor limit 5FH: #TS(sel) */
	TB_BUSY,  /* JMP/CALL to a busy TSS: #GP(sel) */
	TB_NP,    /* the new TSS not present: #NP(sel) */
	TB_AVAIL, /* IRET to a TSS that is not busy: #TS(sel) */
	/* Faults after the switch, in the new task B ("Task Switching",
	 * step 12: loading its segment registers): */
	TB_CS,    /* its CS a data segment: #TS(10H) */
	TB_SS,    /* its SS a code segment: #TS(08H) */
	TB_DS,    /* its DS a TSS: #TS(20H) */
	TB_LDT,   /* its LDT selector a TSS: #TS(20H) */
};

#define TS(n, h, r, t, c, ...) \
	{ .name = n, .hex = h, .reason = VMEXIT_TS_##r, .target = t, .cur = c, \
	  __VA_ARGS__ }
#define SWINT(v) .ev_type = VMEXIT_EV_SWINT, .vector = v
#define HWEXC(v) .ev_type = VMEXIT_EV_HWEXC, .vector = v
#define ERR(e) .has_error = true, .error = e
#define PG .paging = true
#define BAD(b) .bad = TB_##b

static const struct tcase tcases[] = {
	TS("jmp tss32", "ea 00 00 00 00 20 00", JMP, TB, TA),
	TS("call tss32", "9a 00 00 00 00 20 00", CALL, TB, TA),
	TS("jmp tss16", "ea 00 00 00 00 28 00", JMP, TC, TA),
	TS("call tss16", "9a 00 00 00 00 28 00", CALL, TC, TA),
	TS("call tss32 with ldt", "9a 00 00 00 00 30 00", CALL, TD, TA),
	TS("jmp task gate", "ea 00 00 00 00 38 00", JMP, TB, TA),
	TS("call task gate", "9a 00 00 00 00 38 00", CALL, TB, TA),
	TS("call task gate tss16", "9a 00 00 00 00 40 00", CALL, TC, TA),
	TS("jmp m16:32 tss", "ff 2d 00 c8 00 00", JMP, TD, TA),
	TS("call m16:32 task gate", "ff 1d 08 c8 00 00", CALL, TD, TA),
	TS("iret nt tss32", "cf", IRET, TA, TB),
	TS("iret nt to tss16", "cf", IRET, TC, TB),
	TS("iret nt from tss16", "cf", IRET, TA, TC),
	TS("int 80h task gate", "cd 80", IDT, TB, TA, SWINT(0x80)),
	TS("int 81h task gate tss16", "cd 81", IDT, TC, TA, SWINT(0x81)),
	TS("#UD task gate", "0f 0b", IDT, TB, TA, HWEXC(6)),
	TS("#GP(err) task gate", "8e d8", IDT, TD, TA, HWEXC(13),
	   ERR(SEL_BAD)),
	TS("#NP(err) task gate tss16", "8e c0", IDT, TC, TA, HWEXC(11),
	   ERR(SEL_NP)),
	TS("call tss32 paging", "9a 00 00 00 00 20 00", CALL, TB, TA, PG),
	TS("jmp tss16 paging", "ea 00 00 00 00 28 00", JMP, TC, TA, PG),
	TS("iret nt tss32 paging", "cf", IRET, TA, TB, PG),
	TS("#GP(err) task gate paging", "8e d8", IDT, TD, TA, HWEXC(13),
	   ERR(SEL_BAD), PG),
	/* "Task Switching", the checks before the old task is saved */
	TS("before commit: jmp tss32, limit 5fh", "ea 00 00 00 00 20 00",
	   JMP, TB, TA, BAD(LIMIT)),
	TS("before commit: call tss32, busy", "9a 00 00 00 00 20 00",
	   CALL, TB, TA, BAD(BUSY)),
	TS("before commit: jmp task gate, tss busy", "ea 00 00 00 00 38 00",
	   JMP, TB, TA, BAD(BUSY)),
	TS("before commit: jmp tss32, not present", "ea 00 00 00 00 20 00",
	   JMP, TB, TA, BAD(NP)),
	TS("before commit: iret nt, tss not busy", "cf", IRET, TA, TB,
	   BAD(AVAIL)),
	/* ... and those after the commit point, in the new task */
	TS("after commit: jmp tss32, new cs a data segment",
	   "ea 00 00 00 00 20 00", JMP, TB, TA, BAD(CS)),
	TS("after commit: call tss32, new ss a code segment",
	   "9a 00 00 00 00 20 00", CALL, TB, TA, BAD(SS)),
	TS("after commit: jmp tss32, new ds a tss", "ea 00 00 00 00 20 00",
	   JMP, TB, TA, BAD(DS)),
	TS("after commit: call tss32, new ldt a tss", "9a 00 00 00 00 20 00",
	   CALL, TB, TA, BAD(LDT)),
};

#define NR_TCASES (sizeof(tcases) / sizeof(tcases[0]))

/*
 * Reviewed exceptions: differences that are the test machine's deviation
 * from the SDM, not the library's.  One matches when the case name is
 * equal (or starts with what comes before a final "*"), the machine is
 * `mode` (if given), the field starts with `field` and only `bits`
 * differ; it is printed as REVIEWED and counted apart.
 */
struct reviewed {
	const char *name, *field;
	uint64_t bits;
	const char *why;
	const char *mode; /* the machine's name starts with it (FAULTS: see
			     there); NULL: any */
};

/* EFLAGS.RF in the old TSS (A's, at T_TSS): EIP and EFLAGS are the
 * 8-byte word at T_TSS + 20H, RF its bit 32 + 16. */
#define OLD_EFLAGS_RF "mem[0x12020]", 1ull << 48
#define NO_RF "QEMU does not set RF in the EFLAGS image of a fault it " \
	"delivers itself (SDM Vol. 3, \"Instruction-Breakpoint Exception " \
	"Condition\"); #UD, which KVM injects, gets it"

/* A fault after a task switch's commit point ("Task Switching", step
 * 13). */
#define NEW_EIP "QEMU saves the old task's EIP; the fault is \"in the " \
	"context of the new task\", whose first instruction \"appears not " \
	"to have been executed\" (step 14)"

/* MMX writes set bits 79:64 of the register to ones (SDM Vol. 1, "MMX
 * Instructions and the x87 FPU Tag Word"); some of QEMU's MMX loads (all
 * in 32-bit code, REX.W 0F 6E in 64-bit code) write only bits 63:0. */
#define MMX_EXP "QEMU's MMX load leaves bits 79:64 of the register as they " \
	"were; the SDM sets them to ones (Vol. 1, \"MMX Instructions and the " \
	"x87 FPU Tag Word\")"

/* Part 1b's exceptions (cmp_fault()). */
#define RMW_W "QEMU reports a read-modify-write that faults on a page " \
	"that is not present (or has a reserved bit) as a read, W/R = 0; " \
	"the processor reports a write (QEMU's Launchpad bug 1783437)"
#define RSVD_P "QEMU's reserved-bit #PF has P = 0; the SDM: \"bit 3 of " \
	"the error code can be set only if bit 0 is also set\" " \
	"(\"Page-Fault Exceptions\")"
#define MMX_TAGS "QEMU's MMX instruction sets the x87 tags before its " \
	"memory access faults; a fault leaves no effect (SDM Vol. 3, " \
	"\"Faults\")"
#define RCX_CF "QEMU's RCL/RCR m leaves CF and OF changed when its store " \
	"faults; a fault leaves no effect (SDM Vol. 3, \"Faults\")"
#define STACK_SS "QEMU raises #GP for a non-canonical address through " \
	"SS; LEAVE and ENTER: \"#SS(0) If the stack address is in a " \
	"non-canonical form\""
#define INS_FIRST "the native side of INS is KVM's instruction emulator " \
	"(string I/O exits to it), which reads the port before the " \
	"destination faults; the library checks the destination first, as " \
	"Bochs (\"trigger any segment or page faults before reading from IO " \
	"port\"), so a faulting INS consumes no device data"
#define INS_BATCH "KVM's REP INS reads a batch (pio_in_emulated(): " \
	"min3(in_page, ..., count), bytes to the page end taken as elements) " \
	"and stores it as one access, so an element that fits before a page " \
	"that is not present is not stored; the iterations before the " \
	"faulting one complete (\"INS/INSB/INSW/INSD\", \"REP\")"
#define SPLIT_STORE "KVM's emulator stores the part of a page-crossing " \
	"INS element that is on the present page before the second page " \
	"faults; the library translates both pages first, as a fault leaves " \
	"the state before the instruction (SDM Vol. 3, \"Faults\")"
#define CMPS_ORDER "the SDM does not order CMPS's two reads; QEMU reads " \
	"ES:rDI first, the library DS:rSI, as the operation's SRC1 - SRC2 " \
	"(and Bochs) have it"
/* The machines of part 1b, FAULTS "x": those whose name has x in it. */
#define FAULTS "fault:"

static const struct reviewed reviewed[] = {
	{ "*", "#PF error code, read-modify-write, not present",
	  VMEXIT_PFEC_W, RMW_W, NULL },
	{ "*", "#PF error code, read-modify-write, reserved bit",
	  VMEXIT_PFEC_W | VMEXIT_PFEC_P, RMW_W "; " RSVD_P, NULL },
	{ "*", "#PF error code, read-modify-write, supervisor page",
	  VMEXIT_PFEC_W, RMW_W, NULL },
	{ "*", "#PF error code, read-modify-write, SMAP", VMEXIT_PFEC_W, RMW_W,
	  NULL },
	{ "*", "#PF error code, reserved bit", VMEXIT_PFEC_P, RSVD_P, NULL },
	/* CPL 3 runs start with RF = 0 (put_fault()): the EFLAGS image at
	 * RSP0 - 18H of a fault QEMU delivers itself lacks it. */
	{ "*", "mem[0xa7e8]", VMEXIT_RFLAGS_RF, NO_RF, FAULTS "64-bit, CPL 3" },
	/* A REP string instruction faulting after its first iteration:
	 * QEMU has cleared the RF it started with by then. */
	{ "rep*", "mem[", VMEXIT_RFLAGS_RF, NO_RF, FAULTS "page crossing" },
	{ "movq m*", "ftw", 0xff, MMX_TAGS, FAULTS }, /* and movq mm, */
	{ "movd m*", "ftw", 0xff, MMX_TAGS, FAULTS }, /* movd mm, */
	{ "rc*", "rflags", VMEXIT_RFLAGS_CF | VMEXIT_RFLAGS_OF, RCX_CF,
	  FAULTS "read-only" },
	{ "rc*", "mem[", VMEXIT_RFLAGS_CF | VMEXIT_RFLAGS_OF, RCX_CF,
	  FAULTS "read-only" },
	/* At CPL 3 the image lacks RF as well (NO_RF, above). */
	{ "rc*", "mem[0xa7e8]", VMEXIT_RFLAGS_CF | VMEXIT_RFLAGS_OF |
	  VMEXIT_RFLAGS_RF, RCX_CF "; " NO_RF, FAULTS "CPL 3, read-only" },
	/* 32-bit: the EFLAGS image is the high half of a word. */
	{ "rc*", "mem[", (VMEXIT_RFLAGS_CF | VMEXIT_RFLAGS_OF) << 32, RCX_CF,
	  FAULTS "read-only" },
	{ "leave*", "vector", 1, STACK_SS, FAULTS "non-canonical" },
	{ "enter*", "vector", 1, STACK_SS, FAULTS "non-canonical" },
	{ "ins*", "port accesses", ~0ull, INS_FIRST, FAULTS },
	{ "rep ins*", "port accesses", ~0ull, INS_FIRST, FAULTS },
	{ "rep ins*", "rcx", ~0ull, INS_BATCH, FAULTS "page crossing" },
	{ "rep ins*", "rdi", ~0ull, INS_BATCH, FAULTS "page crossing" },
	{ "rep ins*", "mem[", ~0ull, INS_BATCH, FAULTS "page crossing" },
	{ "ins*", "mem[", ~0ull, SPLIT_STORE, FAULTS "page crossing" },
	{ "cmps*", "cr2", ~0ull, CMPS_ORDER, FAULTS },
	{ "repe cmps*", "cr2", ~0ull, CMPS_ORDER, FAULTS },
	{ "repne cmps*", "cr2", ~0ull, CMPS_ORDER, FAULTS },
	{ "movq mm2,m64", "st2[79:64]", 0xffff, MMX_EXP, NULL },
	{ "movd mm4,m32", "st4[79:64]", 0xffff, MMX_EXP, NULL },
	{ "movq mm6,m64 (REX.W 6E)", "st6[79:64]", 0xffff, MMX_EXP, NULL },
	{ "#GP(err) task gate", OLD_EFLAGS_RF, NO_RF, NULL },
	{ "#GP(err) task gate paging", OLD_EFLAGS_RF, NO_RF, NULL },
	{ "#NP(err) task gate tss16", OLD_EFLAGS_RF, NO_RF, NULL },
	{ "before commit: *", OLD_EFLAGS_RF, NO_RF, NULL },
	/* B's TSS, at T_TSS + 100H, for the IRET from B */
	{ "before commit: iret*", "mem[0x12120]", 1ull << 48, NO_RF, NULL },
	/* ... and where B faults after the commit point: EIP and EFLAGS. */
	{ "after commit: *", "mem[0x12120]", 1ull << 48 | 0xffffffffull,
	  NO_RF "; " NEW_EIP, NULL },
	{ NULL, NULL, 0, NULL, NULL },
};

/* ---- the VM ------------------------------------------------------------- */

static struct {
	int kvm, fd, cpu;
	struct kvm_run *run;
	uint8_t *ram;
	struct vmexit_kvm a;
	struct vmexit_vcpu v;
	bool movbe, cx16, xsave, avx, sse41, avx2, movdiri, movdir64b;
	unsigned maxphyaddr;
	bool smap, smep, la57, gbpages;
} vm;

/* What every run starts from: RAM from img[], registers from a state. */
static uint8_t img[RAM_SIZE];
static uint8_t mem_nat[T_END], mem_lib[T_END];

struct state {
	struct vmexit_regs regs;
	struct vmexit_sregs sregs;
	struct vmexit_dregs dregs;
	uint8_t ymm[16][32];
	uint32_t mxcsr;
	uint64_t xcr0;
	uint8_t st[8][16]; /* x87/MMX, as struct vmexit_vregs has them */
	uint16_t fsw;
	uint8_t ftw;
};

static void fatal(const char *what)
{
	printf("test-kvm-diff: fatal: %s: %s\n", what, strerror(errno));
	exit(2);
}

static void on_alarm(int sig)
{
	(void)sig; /* only to interrupt KVM_RUN */
}

/* ---- the port devices of the I/O cases ------------------------------ */

/* The port accesses of a run in order, which both runs must make the
 * same: IN returns a value of the access's number and port. */
struct pio_access {
	uint16_t port;
	uint8_t size;
	bool out;
	uint32_t val;
};

#define PIO_MAX 32
static struct {
	unsigned n;
	struct pio_access a[PIO_MAX];
} pio, pio_nat;

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

static void vm_open(void)
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
		}
		if (e->function == 0x80000001)
			cfg.gbpages = vm.gbpages = (e->edx >> 26) & 1;
	}
	vm.avx = vm.avx && vm.xsave && xcr0_avx;
	vm.avx2 = vm.avx2 && vm.avx;
	free(c);

	if (vmexit_kvm_init(&vm.a, vm.fd, vm.cpu, vm.run, (size_t)sz, &devices,
			    NULL) ||
	    vmexit_kvm_add_ram(&vm.a, 0, RAM_SIZE, vm.ram, false) ||
	    vmexit_vcpu_init(&vm.v, &vmexit_kvm_ops, &vm.a, &cfg))
		fatal("adapter init");
	vm.maxphyaddr = cfg.maxphyaddr;

	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm; /* no SA_RESTART: KVM_RUN returns EINTR */
	sigaction(SIGALRM, &sa, NULL);
}

/* Everything the tests set, through the library's ops. */
#define ALL_GROUPS (VMEXIT_G_REGS | VMEXIT_G_SREGS | VMEXIT_G_DREGS | \
		    VMEXIT_G_VREGS)

static int set_state(const struct state *s)
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

static int get_state(struct state *s)
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

static uint32_t run_guest(void)
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
static uint32_t run_serving_io(void)
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

static const char *exit_name(uint32_t kind)
{
	if (kind == X_TIMEOUT)
		return "timeout (no HLT within 5 s)";
	if (kind == X_ERROR)
		return "KVM_RUN failed";
	return vmexit_kvm_exit_name(kind);
}

/* ---- random values ------------------------------------------------------ */

static uint64_t seed = DEFAULT_SEED;
static uint64_t rng;

/* splitmix64 */
static uint64_t rnd(void)
{
	uint64_t z = (rng += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* Each case and repetition has its own stream, so one reruns alone. */
static void reseed(unsigned part, unsigned idx, unsigned rep)
{
	rng = seed ^ ((uint64_t)part << 56) ^ ((uint64_t)idx << 24) ^ rep;
	rnd();
}

static void fill_random(uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i += 8) {
		uint64_t x = rnd();
		memcpy(p + i, &x, n - i < 8 ? n - i : 8);
	}
}

static uint64_t mask_of(unsigned bytes)
{
	return bytes >= 8 ? ~0ull : (1ull << (8 * bytes)) - 1;
}

/* ---- reporting ---------------------------------------------------------- */

static const char *cur_name;
static const char *cur_mode;
static bool cur_fault; /* a run of part 1b */
static unsigned cur_rep, cur_diffs, cur_reviewed;
static unsigned n_insn, n_task, n_differ, n_reviewed;

static bool name_matches(const char *pattern, const char *name)
{
	size_t n = strlen(pattern);

	return n && pattern[n - 1] == '*' ? !strncmp(pattern, name, n - 1)
					  : !strcmp(pattern, name);
}

static bool mode_matches(const char *mode)
{
	size_t n = strlen(FAULTS);

	if (!mode)
		return true;
	if (!strncmp(mode, FAULTS, n))
		return cur_fault && strstr(cur_mode, mode + n);
	return !strncmp(mode, cur_mode, strlen(mode));
}

static const struct reviewed *find_reviewed(const char *field,
					    uint64_t bits)
{
	for (const struct reviewed *r = reviewed; r->name; r++)
		if (name_matches(r->name, cur_name) && mode_matches(r->mode) &&
		    !strncmp(r->field, field, strlen(r->field)) &&
		    !(bits & ~r->bits))
			return r;
	return NULL;
}

/* One difference; bits are the ones that differ (~0 when not a value). */
static void report(const char *field, uint64_t bits, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void report(const char *field, uint64_t bits, const char *fmt, ...)
{
	const struct reviewed *r = find_reviewed(field, bits);
	va_list ap;

	printf("test-kvm-diff: %s %s [%s] #%u: %s: ",
	       r ? "REVIEWED" : "DIFF", cur_name, cur_mode, cur_rep, field);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	if (r)
		printf(" (%s)", r->why);
	printf("\n");
	if (r)
		cur_reviewed++;
	else
		cur_diffs++;
}

static void cmp64(const char *field, uint64_t nat, uint64_t lib,
		  uint64_t mask)
{
	if ((nat ^ lib) & mask)
		report(field, (nat ^ lib) & mask,
		       "native 0x%" PRIx64 " library 0x%" PRIx64, nat, lib);
}

static const char *const gpr_name[16] = {
	"rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
	"r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15",
};
static const char *const seg_name[VMEXIT_NR_SEGS] = {
	"es", "cs", "ss", "ds", "fs", "gs", "ldtr", "tr",
};

/* gpr_mask: bits compared in RAX-RDI; flags: bits compared in RFLAGS. */
static void cmp_regs(const struct state *n, const struct state *l,
		     uint64_t gpr_mask, uint64_t flags)
{
	for (unsigned i = 0; i < 16; i++)
		cmp64(gpr_name[i], n->regs.gpr[i], l->regs.gpr[i],
		      i < 8 ? gpr_mask : ~0ull);
	cmp64("rip", n->regs.rip, l->regs.rip, ~0ull);
	cmp64("rflags", n->regs.rflags, l->regs.rflags, flags);
}

/* A segment register holding a null selector is unusable, and then only
 * its selector means something (SDM Vol. 3, "Segment Loading
 * Instructions in IA-32e Mode" and, for VMX, "Guest Register State":
 * the other fields of an unusable segment are undefined). */
static void cmp_seg(unsigned i, const struct vmexit_segment *n,
		    const struct vmexit_segment *l)
{
	char f[32];
	bool nu = n->ar & VMEXIT_AR_UNUSABLE, lu = l->ar & VMEXIT_AR_UNUSABLE;

	snprintf(f, sizeof(f), "%s.selector", seg_name[i]);
	cmp64(f, n->selector, l->selector, ~0ull);
	if (nu && lu)
		return;
	snprintf(f, sizeof(f), "%s.base", seg_name[i]);
	cmp64(f, n->base, l->base, ~0ull);
	snprintf(f, sizeof(f), "%s.limit", seg_name[i]);
	cmp64(f, n->limit, l->limit, ~0ull);
	snprintf(f, sizeof(f), "%s.ar", seg_name[i]);
	cmp64(f, n->ar, l->ar, ~0ull);
}

static void cmp_sregs(const struct state *n, const struct state *l)
{
	const struct vmexit_sregs *a = &n->sregs, *b = &l->sregs;

	for (unsigned i = 0; i < VMEXIT_NR_SEGS; i++)
		cmp_seg(i, &a->seg[i], &b->seg[i]);
	cmp64("gdtr.base", a->gdtr.base, b->gdtr.base, ~0ull);
	cmp64("gdtr.limit", a->gdtr.limit, b->gdtr.limit, ~0ull);
	cmp64("idtr.base", a->idtr.base, b->idtr.base, ~0ull);
	cmp64("idtr.limit", a->idtr.limit, b->idtr.limit, ~0ull);
	cmp64("cr0", a->cr0, b->cr0, ~0ull);
	cmp64("cr2", a->cr2, b->cr2, ~0ull);
	cmp64("cr3", a->cr3, b->cr3, ~0ull);
	cmp64("cr4", a->cr4, b->cr4, ~0ull);
	cmp64("efer", a->efer, b->efer, ~0ull);
}

static void cmp_dregs(const struct state *n, const struct state *l)
{
	static const char *const name[4] = { "dr0", "dr1", "dr2", "dr3" };

	for (unsigned i = 0; i < 4; i++)
		cmp64(name[i], n->dregs.dr[i], l->dregs.dr[i], ~0ull);
	cmp64("dr7", n->dregs.dr7, l->dregs.dr7, ~0ull);
}

static void cmp_vregs(const struct state *n, const struct state *l,
		      unsigned bytes)
{
	char f[32];

	for (unsigned i = 0; i < 16; i++)
		for (unsigned q = 0; q < bytes / 8; q++) {
			uint64_t a, b;
			memcpy(&a, n->ymm[i] + 8 * q, 8);
			memcpy(&b, l->ymm[i] + 8 * q, 8);
			snprintf(f, sizeof(f), "ymm%u[%u:%u]", i, 64 * q + 63,
				 64 * q);
			cmp64(f, a, b, ~0ull);
		}
	cmp64("mxcsr", n->mxcsr, l->mxcsr, ~0ull);
	cmp64("xcr0", n->xcr0, l->xcr0, ~0ull);
	/* x87/MMX: the 80 bits of each ST slot, the status and tag words */
	for (unsigned i = 0; i < 8; i++) {
		uint64_t a, b;
		memcpy(&a, n->st[i], 8);
		memcpy(&b, l->st[i], 8);
		snprintf(f, sizeof(f), "st%u[63:0]", i);
		cmp64(f, a, b, ~0ull);
		a = (uint64_t)n->st[i][8] | (uint64_t)n->st[i][9] << 8;
		b = (uint64_t)l->st[i][8] | (uint64_t)l->st[i][9] << 8;
		snprintf(f, sizeof(f), "st%u[79:64]", i);
		cmp64(f, a, b, ~0ull);
	}
	cmp64("fsw", n->fsw, l->fsw, ~0ull);
	cmp64("ftw", n->ftw, l->ftw, ~0ull);
}

/* Memory, by 8-byte words; at most 8 lines, then a count. */
static void cmp_mem(uint32_t lo, uint32_t hi)
{
	unsigned words = 0;
	char f[32];

	for (uint32_t a = lo; a < hi; a += 8) {
		uint64_t x, y;
		if (!memcmp(mem_nat + a, mem_lib + a, 8))
			continue;
		if (++words > 8)
			continue;
		memcpy(&x, mem_nat + a, 8);
		memcpy(&y, mem_lib + a, 8);
		snprintf(f, sizeof(f), "mem[0x%x]", a);
		cmp64(f, x, y, ~0ull);
	}
	if (words > 8)
		report("mem", ~0ull, "%u more 8-byte words differ", words - 8);
}

static void case_begin(const char *name, const char *mode, unsigned rep)
{
	cur_name = name;
	cur_mode = mode;
	cur_rep = rep;
	cur_diffs = cur_reviewed = 0;
}

static void case_end(unsigned *counter)
{
	(*counter)++;
	if (cur_diffs)
		n_differ++;
	else if (cur_reviewed)
		n_reviewed++;
}

static unsigned parse_hex(const char *s, uint8_t *out, unsigned max)
{
	unsigned n = 0;

	while (*s && n < max) {
		char *end;
		if (*s == ' ') {
			s++;
			continue;
		}
		out[n++] = (uint8_t)strtoul(s, &end, 16);
		s = end;
	}
	return n;
}

/* ---- part 1: instructions ----------------------------------------------- */

/*
 * The flags the SDM leaves undefined after this instruction with these
 * operands, from the "Flags Affected" section of each instruction in SDM
 * Vol. 2 (the masked count is the count AND 1FH, or 3FH with REX.W):
 *  - "AND—Logical AND", "OR—Logical Inclusive OR", "XOR—Logical
 *    Exclusive OR", "TEST—Logical Compare": "The state of the AF flag is
 *    undefined."
 *  - "SAL/SAR/SHL/SHR—Shift": a masked count of 0 affects no flag;
 *    otherwise "the AF flag is undefined", "the OF flag is affected only
 *    for 1-bit shifts; otherwise, it is undefined", and CF "is undefined
 *    for SHL and SHR instructions where the count is greater than or
 *    equal to the size (in bits) of the destination operand" (not SAR).
 *  - "RCL/RCR/ROL/ROR—Rotate": "If the masked count is 0, the flags are
 *    not affected. If the masked count is 1, then the OF flag is
 *    affected, otherwise (masked count is greater than 1) the OF flag is
 *    undefined."
 *  - "SHLD—Double Precision Shift Left", "SHRD—Double Precision Shift
 *    Right": a count of 0 affects no flag; "For shifts greater than 1
 *    bit, the OF flag is undefined. If a shift occurs, the AF flag is
 *    undefined. ... If the count is greater than the operand size, the
 *    flags are undefined" (all six; only 16-bit operands get there, and
 *    the table keeps them out since the result is undefined too).
 *  - "BT—Bit Test", "BTC", "BTR", "BTS": "The OF, SF, AF, and PF flags
 *    are undefined."
 * Every other instruction in the table defines every flag it changes.
 */
static uint64_t undefined_flags(const struct icase *c, const uint8_t *bytes,
				unsigned len, const struct state *s)
{
	unsigned bits = 8u * c->osz, count = 0, m;

	switch (c->undef) {
	case U_NONE: return 0;
	case U_LOGIC: return AF;
	case U_BT: return OF | SF | AF | PF;
	default: break;
	}
	if (c->cnt == C_ONE)
		count = 1;
	else if (c->cnt == C_CL)
		count = (uint8_t)s->regs.gpr[VMEXIT_RCX];
	else if (c->cnt == C_IMM)
		count = bytes[len - 1];
	m = count & (bits == 64 ? 63u : 31u);
	if (m == 0)
		return 0;
	switch (c->undef) {
	case U_SHIFT: return AF | (m != 1 ? OF : 0) | (m >= bits ? CF : 0);
	case U_SAR: return AF | (m != 1 ? OF : 0);
	case U_ROT: return m != 1 ? OF : 0;
	case U_SHD: return m > bits ? STATUS : AF | (m != 1 ? OF : 0);
	default: return 0;
	}
}

static bool feature(unsigned need)
{
	switch (need) {
	case N_MOVBE: return vm.movbe;
	case N_CX16: return vm.cx16;
	case N_AVX: return vm.avx;
	case N_SSE41: return vm.sse41;
	case N_AVX2: return vm.avx2;
	case N_MOVDIRI: return vm.movdiri;
	case N_MOVDIR64B: return vm.movdir64b;
	default: return true;
	}
}

/* The instruction-test machines: what istate() sets up, which cases of
 * the table run there (M64 or M32) and how often. */
enum {
	IM_64, IM_32, IM_32PG, IM_C32, IM_P16, IM_R16, IM_V86, IM_PAE, IM_C16,
	IM_LA57, IM_1G, IM_R16B, IM_32B,
};

/* imodes[] is indexed by kind (fmodes[] names machines so). */
struct imode {
	const char *name;
	uint8_t kind, cases, reps;
	enum vmexit_decode_mode dmode;
};

/* One machine at its kind's index, with the decode mode of its code. */
#define IMODE(k, name, cases, reps, bits) \
	[IM_##k] = { name, IM_##k, cases, reps, VMEXIT_DECODE_##bits }
static const struct imode imodes[] = {
	IMODE(64, "64-bit", M64, REPS_64, 64),
	IMODE(32, "32-bit", M32, REPS_32, 32),
	IMODE(32PG, "32-bit paging", M32, REPS_MORE, 32),
	IMODE(C32, "compatibility", M32, REPS_MORE, 32),
	IMODE(P16, "16-bit protected", M32, REPS_MORE, 16),
	IMODE(R16, "real", M32, REPS_MORE, 16),
	IMODE(V86, "virtual-8086", M32, REPS_MORE, 16),
	IMODE(PAE, "PAE paging", M32, REPS_MORE, 32),
	IMODE(C16, "compatibility, 16-bit", M32, REPS_MORE, 16),
	IMODE(LA57, "64-bit, 5-level paging", M64, REPS_MORE, 64),
	IMODE(1G, "64-bit, 1-GByte page", M64, REPS_MORE, 64),
	IMODE(R16B, "real, segment bases", M32, REPS_MORE, 16),
	IMODE(32B, "32-bit, segment bases", M32, REPS_MORE, 32),
};

/* The base of DS, ES and SS: DATA_BASE in the machines "segment bases",
 * where the registers hold offsets from it (ibuild()), else 0. */
#define DATA_BASE 0x7000u
static uint64_t data_base(const struct imode *m)
{
	return m->kind == IM_R16B || m->kind == IM_32B ? DATA_BASE : 0;
}

static bool is64(const struct imode *m)
{
	return m->dmode == VMEXIT_DECODE_64;
}

/* Whether the machine has the paging feature it needs (CPUID). */
static bool machine_there(const struct imode *m)
{
	return (m->kind != IM_LA57 || vm.la57) && (m->kind != IM_1G || vm.gbpages);
}

/* The instruction-test machine m: 64-bit mode with 4-level paging;
 * 32-bit protected mode without paging, or with 32-bit paging (a 4-MByte
 * page at 0, CR4.PSE); compatibility mode (4-level paging, a 32-bit code
 * segment); 16-bit protected mode (16-bit code and stack segments); real
 * and virtual-8086 mode (segments of base selector * 16 and limit FFFFH;
 * virtual-8086 mode at CPL 3 with IOPL 0).  Flat segments elsewhere, FS
 * and GS with a base so that overrides show. */
static void istate(struct state *s, const struct imode *m)
{
	struct vmexit_sregs *r = &s->sregs;
	bool m64 = is64(m);
	bool lma = m64 || m->kind == IM_C32 || m->kind == IM_C16;

	memset(s, 0, sizeof(*s));
	for (unsigned i = 0; i < 6; i++)
		r->seg[i] = (struct vmexit_segment){
			.base = 0, .limit = 0xffffffff, .selector = 0x10,
			.ar = 0x3 | VMEXIT_AR_S | VMEXIT_AR_P | VMEXIT_AR_DB |
			      VMEXIT_AR_G };
	r->seg[VMEXIT_SEG_FS].base = FS_BASE;
	r->seg[VMEXIT_SEG_GS].base = GS_BASE;
	r->seg[VMEXIT_SEG_CS] = (struct vmexit_segment){
		.limit = 0xffffffff, .selector = m64 ? 0x08 : 0x18,
		.ar = 0xb | VMEXIT_AR_S | VMEXIT_AR_P | VMEXIT_AR_G |
		      (m64 ? VMEXIT_AR_L : VMEXIT_AR_DB) };
	if (m->kind == IM_P16 || m->kind == IM_C16) {
		r->seg[VMEXIT_SEG_CS].ar &= ~(uint32_t)VMEXIT_AR_DB;
		r->seg[VMEXIT_SEG_SS].ar &= ~(uint32_t)VMEXIT_AR_DB;
	}
	if (m->kind == IM_R16 || m->kind == IM_V86 || m->kind == IM_R16B) {
		/* "Real-Address Mode Operation": base = selector * 16;
		 * limit FFFFH and present read/write data (CS: readable
		 * code), as reset leaves them.  Virtual-8086 mode: the same
		 * bases and limits, every segment DPL 3 read/write data, as
		 * VM entry requires ("Checks on Guest Segment Registers"). */
		for (unsigned i = 0; i < 6; i++) {
			struct vmexit_segment *g = &r->seg[i];
			g->selector = (uint16_t)(g->base >> 4);
			g->base = (uint64_t)g->selector << 4;
			g->limit = 0xffff;
			g->ar = (i == VMEXIT_SEG_CS ? 0xb : 0x3) | VMEXIT_AR_S |
				VMEXIT_AR_P;
			if (m->kind == IM_V86)
				g->ar = 0x3 | VMEXIT_AR_S | VMEXIT_AR_P |
					3u << VMEXIT_AR_DPL_SHIFT;
		}
	}
	/* DS, ES and SS at DATA_BASE: in real mode as selector 700H has it,
	 * in protected mode in the descriptor cache only (no run reloads
	 * them). */
	if (data_base(m)) {
		static const unsigned segs[] = { VMEXIT_SEG_DS, VMEXIT_SEG_ES,
						 VMEXIT_SEG_SS };
		for (unsigned i = 0; i < 3; i++) {
			r->seg[segs[i]].base = DATA_BASE;
			if (m->kind == IM_R16B)
				r->seg[segs[i]].selector = DATA_BASE >> 4;
		}
	}
	r->seg[VMEXIT_SEG_LDTR] = (struct vmexit_segment){
		.ar = VMEXIT_AR_UNUSABLE };
	r->seg[VMEXIT_SEG_TR] = (struct vmexit_segment){
		.base = 0, .limit = 0x67, .selector = 0x20,
		.ar = VMEXIT_SYS_TSS_BUSY | VMEXIT_AR_P };
	if (m->kind == IM_V86) {
		/* An available TSS type: QEMU's I/O permission check takes
		 * only type 9 (its check_io(): "TSS must be a valid 32 bit
		 * one"), where the processor holds TR busy. */
		r->seg[VMEXIT_SEG_TR].base = V86_TSS;
		r->seg[VMEXIT_SEG_TR].limit = V86_IOMAP + 256 / 8;
		r->seg[VMEXIT_SEG_TR].ar = VMEXIT_SYS_TSS_AVAIL | VMEXIT_AR_P;
	}
	r->gdtr = (struct vmexit_dtable){ .base = GDT, .limit = 7 * 8 - 1 };
	/* No IDT: an unexpected fault is a triple fault, a SHUTDOWN exit. */
	r->idtr = (struct vmexit_dtable){ .base = 0, .limit = 0 };
	r->cr0 = VMEXIT_CR0_PE | VMEXIT_CR0_ET | VMEXIT_CR0_NE | VMEXIT_CR0_MP;
	if (m->kind == IM_R16)
		r->cr0 &= ~(uint64_t)VMEXIT_CR0_PE;
	r->cr4 = VMEXIT_CR4_OSFXSR | VMEXIT_CR4_OSXMMEXCPT;
	if (vm.xsave)
		r->cr4 |= VMEXIT_CR4_OSXSAVE;
	if (m->kind == IM_32PG) {
		/* The PD of the 4-level tables serves: its first entry
		 * (E3H) is, read as 4 bytes, a 4-MByte page at 0. */
		r->cr0 |= VMEXIT_CR0_PG;
		r->cr3 = PML4 + 0x2000;
		r->cr4 |= VMEXIT_CR4_PSE;
	}
	if (m->kind == IM_PAE) {
		/* PAE_PDPT's one entry: the PD of the 4-level tables, whose
		 * first entry is a 2-MByte page at 0; the PDPTE registers
		 * hold it as MOV to CR3 would have loaded it. */
		r->cr0 |= VMEXIT_CR0_PG;
		r->cr3 = PAE_PDPT;
		r->cr4 |= VMEXIT_CR4_PAE;
		r->pdpte[0] = (PML4 + 0x2000) | 1;
	}
	if (lma) {
		r->cr0 |= VMEXIT_CR0_PG;
		r->cr3 = m->kind == IM_LA57 ? PML5 : m->kind == IM_1G ? PML4_1G
									: PML4;
		r->cr4 |= VMEXIT_CR4_PAE;
		if (m->kind == IM_LA57)
			r->cr4 |= VMEXIT_CR4_LA57;
		r->efer = VMEXIT_EFER_LME | VMEXIT_EFER_LMA;
	}
	s->dregs.dr7 = 0x400;
	s->mxcsr = 0x1f80;
	s->xcr0 = vm.avx ? 7 : 0;
	s->regs.rflags = VMEXIT_RFLAGS_FIXED;
	if (m->kind == IM_V86)
		s->regs.rflags |= VMEXIT_RFLAGS_VM;
}

static void put8(uint32_t at, uint64_t v)
{
	memcpy(img + at, &v, 8);
}

/* The fixed part of the instruction area: GDT, page tables (A and D
 * preset, so neither side's page walk writes them), code page of HLTs. */
static void ilayout(void)
{
	uint64_t *pt = (uint64_t *)(img + PML4);
	uint64_t *gdt = (uint64_t *)(img + GDT);

	memset(img, 0, I_END);
	pt[0] = (PML4 + 0x1000) | 0x23;
	pt[512] = (PML4 + 0x2000) | 0x23;
	pt[1024] = 0xe3; /* 2 MiB page at 0: P RW A D PS */
	put8(PAE_PDPT, (PML4 + 0x2000) | 1); /* PDPTE: P, nothing else */
	put8(PML5, PML4 | 0x23);
	put8(PML4_1G, PDPT_1G | 0x23);
	put8(PDPT_1G, 0xe3); /* 1 GiB page at 0 */
	gdt[1] = 0x00af9b000000ffffull; /* 08 code64 */
	gdt[2] = 0x00cf93000000ffffull; /* 10 data */
	gdt[3] = 0x00cf9b000000ffffull; /* 18 code32 */
	gdt[5] = 0x00cff3000000ffffull; /* 2B user data */
	gdt[6] = 0x00affb000000ffffull; /* 33 user code64 */
	memset(img + CODE, 0xf4, 0x1000);
	/* The I/O bitmap of V86_TSS: zero (allowed) for ports 0-FFH, then
	 * the FFH byte that ends it. */
	img[V86_TSS + 0x66] = V86_IOMAP;
	img[V86_TSS + V86_IOMAP + 256 / 8] = 0xff;
}

/* An address register: somewhere in the middle of the data page, so
 * displacements, BT offsets and string steps stay inside it. */
static uint64_t data_addr(unsigned align)
{
	uint64_t off = 0x800 + rnd() % 0x1000;
	return DATA + (off & ~(uint64_t)(align ? align - 1 : 0));
}

static uint64_t small_value(unsigned kind, unsigned osz, bool m64)
{
	int64_t v;

	switch (kind) {
	case S_COUNT: return rnd() % 8;
	case S_INDEX: return rnd() % 64;
	case S_CL16: return rnd() % 17;
	case S_PORT: {
		uint64_t port = (rnd() & 1) ? rnd() % 0x100 : rnd() % 0x10000;
		return port == V86_PORT ? port + 1 : port;
	}
	case S_BTOFF:
		/* Half the time near the operand, else up to +-256 bytes
		 * away; above the operand size, random bits the
		 * instruction must ignore. */
		if (rnd() & 1)
			v = (int64_t)(rnd() % (32u * osz)) - 16 * (int64_t)osz;
		else
			v = (int64_t)(rnd() % 4096) - 2048;
		return (m64 ? rnd() & ~mask_of(osz) : 0) |
		       ((uint64_t)v & mask_of(osz));
	default: return 0;
	}
}

/* Linear address of memory operand 0, or 0 if none (or not in DATA).
 * Only FS and GS have a base here. */
static uint64_t operand_la(const struct vmexit_insn *d, const struct state *s,
			   unsigned size)
{
	uint64_t ea;

	if (d->nmem == 0 ||
	    vmexit_insn_ea(d, 0, s->regs.gpr, CODE, &ea) != VMEXIT_DONE)
		return 0;
	/* In 64-bit mode only FS and GS have a base. */
	if (d->mode != 64 || d->mem[0].seg == VMEXIT_SEG_FS ||
	    d->mem[0].seg == VMEXIT_SEG_GS)
		ea += s->sregs.seg[d->mem[0].seg & 7].base;
	if (ea < DATA || ea + size > DATA + DATA_LEN)
		return 0;
	return ea;
}

static void put_data(uint64_t la, const void *p, unsigned n)
{
	if (la)
		memcpy(img + la, p, n);
}

/* Part 1b: how a case is made to fault (fmodes[]). */
enum {
	FK_NONE,
	FK_NP,    /* data pages not present */
	FK_RO,    /* data pages read-only, CR0.WP = 1 */
	FK_RSVD,  /* a reserved bit in the data pages' PTEs */
	FK_NC,    /* non-canonical address registers */
	FK_CROSS, /* the second data page not present, addresses near it */
	FK_USER,  /* CPL 3, data pages supervisor-only */
	FK_SMAP,  /* CPL 0, data pages user, CR4.SMAP = 1, RFLAGS.AC = 0 */
	FK_SMAP_AC, /* ... RFLAGS.AC = 1: no fault */
	FK_USER_RO, /* CPL 3, data pages user and read-only */
	FK_RO_NOWP, /* CPL 0, data pages read-only, CR0.WP = 0: no fault */
	FK_SMEP,  /* CPL 0, the code page user, CR4.SMEP = 1 */
	FK_AD,    /* no fault: the data pages' A and D flags clear */
	FK_CNP,   /* the code page not present */
	FK_CNX,   /* the code page execute-disable, EFER.NXE = 1 */
	FK_TS,    /* CR0.TS = 1: #NM for MMX, SSE and AVX */
	FK_EM,    /* CR0.EM = 1: #UD for MMX and SSE */
	FK_NOFX,  /* CR4.OSFXSR = 0: #UD for SSE */
	FK_XCR0,  /* XCR0 without AVX state: #UD for VEX */
	FK_ALIGN, /* address registers 8 bytes off 16: #GP(0) where the
		     instruction needs alignment */
};

static bool cpl3(unsigned fault)
{
	return fault == FK_USER || fault == FK_USER_RO;
}

/* Whether a run ends with OUT to V86_PORT rather than HLT: where HLT is
 * privileged. */
static bool ends_with_out(const struct imode *m, unsigned fault)
{
	return m->kind == IM_V86 || cpl3(fault);
}

/* Random operands for one run of c; the instruction goes to img.  The
 * address registers of part 1b's faults that place them (FK_CROSS,
 * FK_ALIGN) are placed here, before the operands are written there. */
static void ibuild(const struct icase *c, const struct vmexit_insn *d,
		   const uint8_t *bytes, unsigned len, const struct imode *m,
		   unsigned fault, struct state *s)
{
	uint64_t *g = s->regs.gpr;
	bool m64 = is64(m);

	istate(s, m);
	for (unsigned i = 0; i < 16; i++)
		g[i] = m64 ? rnd() : (i < 8 ? (uint32_t)rnd() : 0);
	s->regs.rflags |= rnd() & (STATUS | VMEXIT_RFLAGS_DF);
	s->regs.rip = CODE;
	g[VMEXIT_RSP] = DATA + 0x2000 + (rnd() % 0x800 & ~7ull) - data_base(m);
	for (unsigned i = 0; i < 16; i++) {
		if (!(c->areg & (1u << i)))
			continue;
		g[i] = data_addr(c->align) - data_base(m);
		/* FK_CROSS: 1-7 bytes below the second data page. */
		if (fault == FK_CROSS)
			g[i] = DATA + 0x1000 - 1 - rnd() % 7;
		else if (fault == FK_ALIGN)
			g[i] = (g[i] & ~15ull) | 8;
		if (c->junk == 32 && m64)
			g[i] |= rnd() << 32;
		else if (c->junk == 16)
			g[i] |= (uint64_t)(uint32_t)rnd() & 0xffff0000u;
	}
	if (c->count)
		g[VMEXIT_RCX] = small_value(S_COUNT, 0, m64);
	if (c->sreg) {
		uint64_t *r = &g[c->sreg - 1];
		if (c->small == S_CL16)
			*r = (*r & ~0xffull) | small_value(S_CL16, 0, m64);
		else
			*r = small_value(c->small, c->osz, m64);
	}
	/* Virtual-8086 mode has no IDT here, so its ports stay inside the
	 * I/O bitmap, below V86_PORT (the CPL 3 fault machine takes the
	 * others, #GP). */
	if (c->small == S_PORT && m->kind == IM_V86)
		g[VMEXIT_RDX] &= 0x7f;
	/* Shift counts in CL: half the time one of the interesting ones. */
	if (c->cnt == C_CL && c->small != S_CL16 && (rnd() & 1)) {
		static const uint8_t edge[] = { 0, 1, 2, 7, 8, 9, 15, 16, 17,
						31, 32, 33, 63, 64, 0xff };
		g[VMEXIT_RCX] = (g[VMEXIT_RCX] & ~0xffull) |
				edge[rnd() % sizeof(edge)];
	}
	for (unsigned i = 0; i < 16; i++)
		fill_random(s->ymm[i], vm.avx ? 32 : 16);
	/* x87: random registers, TOP and condition codes, some tags; no
	 * exception flags, so that no x87 exception is pending. */
	for (unsigned i = 0; i < 8; i++)
		fill_random(s->st[i], 10);
	s->fsw = (uint16_t)(rnd() & 0x4700);
	s->ftw = (uint8_t)rnd();

	memset(img + CODE, 0xf4, 0x1000);
	memcpy(img + CODE, bytes, len);
	if (ends_with_out(m, fault)) {
		memcpy(img + CODE + len, V86_END, 3);
		memcpy(img + BRANCH, V86_END, 3);
	}
	fill_random(img + DATA, DATA_LEN);

	/* Operands worth having: edge values, equal compares, targets. */
	unsigned osz = c->osz <= 8 ? c->osz : 8;
	uint64_t la = operand_la(d, s, c->osz), v;
	if (c->kind == K_NONE && c->osz <= 8 && (rnd() % 4) == 0) {
		const uint64_t sign = 1ull << (8 * osz - 1);
		const uint64_t edge[] = { 0, 1, mask_of(osz), sign, sign - 1 };
		v = edge[rnd() % 5];
		put_data(la, &v, osz);
	}
	if (la && (rnd() & 1)) {
		switch (c->kind) {
		case K_EQ:
			memcpy(&g[VMEXIT_RAX], img + la, osz);
			break;
		case K_EQ8B: /* the low halves; the upper ones are ignored */
			memcpy(&g[VMEXIT_RAX], img + la, 4);
			memcpy(&g[VMEXIT_RDX], img + la + 4, 4);
			break;
		case K_EQ16B:
			memcpy(&g[VMEXIT_RAX], img + la, 8);
			memcpy(&g[VMEXIT_RDX], img + la + 8, 8);
			break;
		default:
			break;
		}
	}
	if (c->kind == K_BRANCH) {
		v = BRANCH;
		put_data(la, &v, osz);
	}
	if (c->kind == K_FAR) {
		/* The offset, then a selector: 0 (base 0) in real and
		 * virtual-8086 mode, else the GDT's 64-bit or 32-bit code
		 * segment. */
		uint16_t sel = m->kind == IM_R16 || m->kind == IM_V86 ? 0
			       : m64 ? 0x08 : 0x18;
		v = BRANCH;
		put_data(la, &v, osz);
		if (la)
			memcpy(img + la + osz, &sel, 2);
	}
	if (c->kind == K_STRCMP) {
		/* REPE stops at the first difference: make the first j
		 * elements equal; REPNE at the first equal: make element j
		 * equal.  Non-REP forms: element 0 equal half the time. */
		bool repne = d->flags & VMEXIT_INSN_REPNE;
		bool scas = d->opcode == 0xae || d->opcode == 0xaf;
		bool rep = d->flags & (VMEXIT_INSN_REP | VMEXIT_INSN_REPNE);
		uint64_t count = rep ? g[VMEXIT_RCX] : 1;
		uint64_t j = rnd() % (count + 1);
		int64_t step = (s->regs.rflags & VMEXIT_RFLAGS_DF)
				       ? -(int64_t)c->osz : c->osz;
		for (uint64_t k = 0; k <= j && k < count; k++) {
			if (repne && k != j)
				continue;
			if (!repne && k == j)
				break;
			uint64_t off = (uint64_t)(step * (int64_t)k);
			const void *src = scas ? (const void *)&g[VMEXIT_RAX]
					       : img + data_base(m) + g[VMEXIT_RSI] + off;
			memcpy(img + data_base(m) + g[VMEXIT_RDI] + off, src, c->osz);
		}
	}
}

/* Part 1b: where a case is made to fault (fmodes[]). */

struct fmode {
	const char *name;
	uint8_t im;    /* the machine, imodes[] */
	uint8_t fault; /* FK_* */
};

static const struct fmode fmodes[] = {
	{ "64-bit, data pages not present", IM_64, FK_NP },
	{ "64-bit, data pages read-only", IM_64, FK_RO },
	{ "64-bit, reserved bit in the data PTEs", IM_64, FK_RSVD },
	{ "64-bit, non-canonical address registers", IM_64, FK_NC },
	{ "64-bit, page crossing into one not present", IM_64, FK_CROSS },
	{ "64-bit, CPL 3, supervisor data pages", IM_64, FK_USER },
	{ "64-bit, SMAP, user data pages", IM_64, FK_SMAP },
	{ "64-bit, SMAP, user data pages, RFLAGS.AC", IM_64, FK_SMAP_AC },
	{ "64-bit, CPL 3, read-only user data pages", IM_64, FK_USER_RO },
	{ "64-bit, read-only data pages, CR0.WP clear", IM_64, FK_RO_NOWP },
	{ "64-bit, SMEP, user code page", IM_64, FK_SMEP },
	{ "64-bit, accessed and dirty flags clear", IM_64, FK_AD },
	{ "32-bit paging, data pages not present", IM_32PG, FK_NP },
	{ "32-bit paging, data pages read-only", IM_32PG, FK_RO },
	{ "32-bit paging, accessed and dirty flags clear", IM_32PG, FK_AD },
	{ "PAE paging, data pages not present", IM_PAE, FK_NP },
	{ "64-bit, code page not present", IM_64, FK_CNP },
	{ "64-bit, code page execute-disable", IM_64, FK_CNX },
	{ "64-bit, CR0.TS", IM_64, FK_TS },
	{ "64-bit, CR0.EM", IM_64, FK_EM },
	{ "64-bit, CR4.OSFXSR clear", IM_64, FK_NOFX },
	{ "64-bit, XCR0 without AVX", IM_64, FK_XCR0 },
	{ "64-bit, misaligned vector operands", IM_64, FK_ALIGN },
	{ "32-bit, CR0.TS", IM_32, FK_TS },
};

/* Every vector to its HLT through interrupt gates of the mode ("IDT
 * Descriptors", "64-Bit Mode IDT"). */
static void put_idt(struct state *s, bool m64)
{
	for (unsigned v = 0; v < NR_VECTORS; v++) {
		uint64_t off = HANDLERS + 16 * v, hi = 0;
		uint64_t lo = (off & 0xffff) | (uint64_t)(m64 ? 0x08 : 0x18) << 16 |
			      0x8e00ull << 32 | (off >> 16 & 0xffff) << 48;
		memcpy(img + IDT + (m64 ? 16 : 8) * v, &lo, 8);
		if (m64)
			memcpy(img + IDT + 16 * v + 8, &hi, 8);
	}
	memset(img + HANDLERS, 0xf4, 16 * NR_VECTORS);
	s->sregs.idtr.base = IDT;
	s->sregs.idtr.limit = (uint16_t)((m64 ? 16 : 8) * NR_VECTORS - 1);
}

/* A page table over 0-2 MiB (0-4 MiB for 32-bit paging) of 4-KByte pages
 * at FAULT_PT in place of the large page at 0: P RW A D, and U/S where
 * user. */
static void put_fault_pt(bool wide, bool user)
{
	uint64_t *pd = (uint64_t *)(img + PML4 + 0x2000);
	uint64_t f = 0x63 | (user ? 4u : 0u);

	for (unsigned i = 0; i < 1024; i++) {
		if (wide && i < 512) {
			uint64_t e = (uint64_t)i << 12 | f;
			memcpy(img + FAULT_PT + 8 * i, &e, 8);
		} else if (!wide) {
			uint32_t e = (uint32_t)(i << 12 | f);
			memcpy(img + FAULT_PT + 4 * i, &e, 4);
		}
	}
	/* A non-leaf entry: P RW A U/S, so that the leaves decide; for
	 * 32-bit paging its low 4 bytes are PDE 0, the high 4 PDE 1. */
	pd[0] = FAULT_PT | 0x27;
}

/* Change the flags of the PTE of the page at a: clear `clear`, set
 * `set`. */
static void pte_flags(bool wide, uint32_t a, uint64_t clear, uint64_t set)
{
	unsigned size = wide ? 8 : 4;
	uint8_t *p = img + FAULT_PT + size * (a >> 12);
	uint64_t e = 0;

	memcpy(&e, p, size);
	e = (e & ~clear) | set;
	memcpy(p, &e, size);
}

/* ... of both data pages. */
static void data_ptes(bool wide, uint64_t clear, uint64_t set)
{
	pte_flags(wide, DATA, clear, set);
	pte_flags(wide, DATA + 0x1000, clear, set);
}

/* CPL 3: user code and stack segments (GDT 33H and 2BH in 64-bit mode;
 * in 32-bit mode the flat ones with DPL 3 in the cache), and the TSS the
 * switch to CPL 0 takes its stack from (RSP0 or ESP0 at V86_TSS + 4, SS0
 * at + 8), with the I/O bitmap of V86_TSS for the OUT that ends the run. */
static void put_user(struct state *s, bool m64)
{
	struct vmexit_sregs *r = &s->sregs;
	uint64_t sp0 = DATA + 0x2800;
	uint16_t ss0 = 0x10;

	for (unsigned i = 0; i < 6; i++) {
		r->seg[i].selector |= 3;
		r->seg[i].ar |= 3u << VMEXIT_AR_DPL_SHIFT;
	}
	if (m64) {
		r->seg[VMEXIT_SEG_CS].selector = 0x33;
		r->seg[VMEXIT_SEG_SS].selector = 0x2b;
		memcpy(img + V86_TSS + 4, &sp0, 8);
	} else {
		/* The GDT is read only for the switch to CPL 0: CS 18H from
		 * the IDT, SS0 10H from the TSS. */
		uint32_t esp0 = (uint32_t)sp0;
		memcpy(img + V86_TSS + 4, &esp0, 4);
		memcpy(img + V86_TSS + 8, &ss0, 2);
	}
	/* An available TSS type, as for virtual-8086 mode: QEMU aborts
	 * ("invalid tss type") when it switches stacks through a cached TR
	 * that is a busy 32-bit TSS, as the processor's is.  KVM returns TR
	 * busy, and the adapter's CR2 for an injected #PF writes it back
	 * (KVM_SET_SREGS), so 32-bit CPL 3 is not among fmodes[]. */
	r->seg[VMEXIT_SEG_TR] = (struct vmexit_segment){
		.base = V86_TSS, .limit = V86_IOMAP + 256 / 8, .selector = 0x20,
		.ar = VMEXIT_SYS_TSS_AVAIL | VMEXIT_AR_P };
}

/* The fault of part 1b on top of a case's state (fmodes[]): the PTEs of
 * the two data pages below the stack page (4-KByte pages through
 * FAULT_PT), the address registers, the CPL or CR4.SMAP.  FK_NONE
 * restores the 2-MByte page the other runs use.  No segment-limit
 * faults: QEMU does not check the limits of data segments, so the
 * native side cannot judge them (tests/test_emulate_families.c and
 * test_linear.c check them by hand); nor #AC, which QEMU does not
 * raise. */
static void put_fault(struct state *s, const struct icase *c,
		      const struct imode *m, unsigned fault)
{
	uint64_t *pd = (uint64_t *)(img + PML4 + 0x2000);
	uint64_t *upper = (uint64_t *)(img + PML4); /* PML4E 0, PDPTE 0 */
	bool wide = m->kind != IM_32PG, m64 = is64(m);

	pd[0] = 0xe3;
	upper[0] &= ~4ull;
	upper[512] &= ~4ull;
	if (fault == FK_NONE)
		return;
	put_idt(s, m64);
	/* CPL 3 runs on user pages but for the data; under SMAP only the
	 * data pages are user, as the IDT, the stack and the handlers are
	 * reached by supervisor accesses that SMAP would refuse. */
	if (fault != FK_NC) {
		put_fault_pt(wide, cpl3(fault));
		upper[0] |= 4;
		upper[512] |= 4;
	}
	switch (fault) {
	case FK_NP:
		data_ptes(wide, 1, 0);
		break;
	case FK_CROSS:
		/* The first data page present, the second not (the address
		 * registers near it: ibuild()). */
		pte_flags(wide, DATA + 0x1000, 1, 0);
		break;
	case FK_RO:
		data_ptes(wide, 2, 0);
		s->sregs.cr0 |= VMEXIT_CR0_WP;
		break;
	case FK_RSVD:
		data_ptes(wide, 0, 1ull << 51);
		break;
	case FK_USER:    /* supervisor pages */
	case FK_USER_RO: /* read-only user pages */
		data_ptes(wide, fault == FK_USER ? 4 : 2, 0);
		put_user(s, m64);
		break;
	case FK_SMAP:
	case FK_SMAP_AC:
		data_ptes(wide, 0, 4);
		s->sregs.cr4 |= VMEXIT_CR4_SMAP;
		s->regs.rflags &= ~(uint64_t)VMEXIT_RFLAGS_AC;
		if (fault == FK_SMAP_AC)
			s->regs.rflags |= VMEXIT_RFLAGS_AC;
		break;
	case FK_RO_NOWP:
		data_ptes(wide, 2, 0);
		break;
	case FK_SMEP:
		pte_flags(wide, CODE, 0, 4);
		s->sregs.cr4 |= VMEXIT_CR4_SMEP;
		break;
	case FK_AD:
		data_ptes(wide, 0x60, 0);
		break;
	case FK_CNP:
		pte_flags(wide, CODE, 1, 0);
		break;
	case FK_CNX:
		pte_flags(wide, CODE, 0, 1ull << 63);
		s->sregs.efer |= VMEXIT_EFER_NXE;
		break;
	case FK_TS:
		s->sregs.cr0 |= VMEXIT_CR0_TS;
		break;
	case FK_EM:
		s->sregs.cr0 |= VMEXIT_CR0_EM;
		break;
	case FK_NOFX:
		s->sregs.cr4 &= ~(uint64_t)(VMEXIT_CR4_OSFXSR | VMEXIT_CR4_OSXMMEXCPT);
		break;
	case FK_XCR0:
		s->xcr0 = 3; /* x87 and SSE */
		break;
	case FK_ALIGN: /* ibuild() */
		break;
	case FK_NC:
		/* Bit 63 set in an address near 0: bits 63:47 differ, so
		 * the address is not canonical ("Canonical Addressing"). */
		for (unsigned i = 0; i < 16; i++)
			if (c->areg & (1u << i))
				s->regs.gpr[i] |= 1ull << 63;
		break;
	}
	/* The exception frame stays on the stack page: 40H bytes above its
	 * start, off the data page below it. */
	s->regs.gpr[VMEXIT_RSP] += 0x100;
	/* RF starts set: a fault's EFLAGS image has RF = 1, which QEMU
	 * leaves out when it delivers the fault itself (NO_RF) but keeps
	 * when it finds it set; KVM's injection of the library's fault sets
	 * it.  Where the library sets it is checked in tests/
	 * test_emulate.c.  Not at CPL 3: there QEMU keeps an RF it started
	 * with past the instruction, to the OUT's exit, where the library
	 * has cleared it as the instruction completed; the EFLAGS image is
	 * reviewed[] instead, at its fixed place below RSP0. */
	if (!cpl3(fault))
		s->regs.rflags |= VMEXIT_RFLAGS_RF;
}

/* Runs of part 1b that ended in an exception handler. */
static unsigned n_faulted;

/* The port accesses of the two runs. */
static void cmp_pio(void)
{
	char f[32];

	cmp64("port accesses", pio_nat.n, pio.n, ~0ull);
	for (unsigned i = 0; i < pio.n && i < pio_nat.n && i < PIO_MAX; i++) {
		const struct pio_access *a = &pio_nat.a[i], *b = &pio.a[i];
		snprintf(f, sizeof(f), "port access %u", i);
		if (a->port != b->port || a->size != b->size || a->out != b->out ||
		    a->val != b->val)
			report(f, ~0ull, "native %s %#x/%u %#x library %s %#x/%u %#x",
			       a->out ? "out" : "in", a->port, a->size, a->val,
			       b->out ? "out" : "in", b->port, b->size, b->val);
	}
}

/* The vector whose handler a run ended in, or -1. */
static int64_t handler_vector(const struct state *s)
{
	uint64_t off = s->regs.rip - 1 - HANDLERS;

	return off < 16 * NR_VECTORS ? (int64_t)(off / 16) : -1;
}

/* The exception both runs took, as fields of their own (for reviewed[]):
 * the vector, and the error code on the handler's stack, named by the
 * fault and whether the instruction reads and writes its operand.  Both
 * are then taken out of the comparison of RIP and memory. */
static void cmp_fault(const struct fmode *f, const struct vmexit_insn *d,
		      const struct state *nat, struct state *lib)
{
	int64_t v = handler_vector(nat), vl = handler_vector(lib);
	uint64_t sp = nat->regs.gpr[VMEXIT_RSP], a = 0, b = 0;
	char field[80];

	if (v < 0 || vl < 0)
		return;
	cmp64("vector", (uint64_t)v, (uint64_t)vl, ~0ull);
	lib->regs.rip = nat->regs.rip;
	if (lib->regs.gpr[VMEXIT_RSP] != sp ||
	    !(v == VMEXIT_EXC_PF || v == VMEXIT_EXC_GP || v == VMEXIT_EXC_SS) ||
	    sp > I_END - 8)
		return;
	memcpy(&a, mem_nat + sp, 8);
	memcpy(&b, mem_lib + sp, 8);
	bool rmw = d->nmem && d->mem[0].access == VMEXIT_ACC_RW;
	snprintf(field, sizeof(field), "%s error code%s%s",
		 v == VMEXIT_EXC_PF ? "#PF" : v == VMEXIT_EXC_GP ? "#GP" : "#SS",
		 rmw ? ", read-modify-write" : "",
		 f->fault == FK_NP || f->fault == FK_CROSS ? ", not present"
		 : f->fault == FK_RSVD ? ", reserved bit"
		 : f->fault == FK_USER ? ", supervisor page"
		 : f->fault == FK_SMAP ? ", SMAP"
		 : f->fault == FK_RO ? ", read-only" : "");
	cmp64(field, a, b, ~0ull);
	memcpy(mem_lib + sp, mem_nat + sp, 8);
}

/* Whether two decodes are the same instruction with the same operands
 * (the 16-bit form of a 32-bit case, to16()). */
static bool same_insn(const struct vmexit_insn *a, const struct vmexit_insn *b,
		      bool osize)
{
	if (a->mnemonic != b->mnemonic || a->mandatory != b->mandatory ||
	    a->encoding != b->encoding || a->noperands != b->noperands ||
	    a->nmem != b->nmem || a->asize != b->asize ||
	    (osize && a->osize != b->osize))
		return false;
	for (unsigned i = 0; i < a->noperands && i < VMEXIT_INSN_MAX_OPS; i++)
		if (a->op[i].kind != b->op[i].kind ||
		    a->op[i].size != b->op[i].size ||
		    a->op[i].rclass != b->op[i].rclass ||
		    a->op[i].reg != b->op[i].reg)
			return false;
	for (unsigned i = 0; i < a->nmem && i < 2; i++)
		if (a->mem[i].width != b->mem[i].width ||
		    a->mem[i].seg != b->mem[i].seg ||
		    a->mem[i].base != b->mem[i].base ||
		    a->mem[i].index != b->mem[i].index)
			return false;
	return true;
}

/* The bytes of a 32-bit case for 16-bit code: 66 and 67 toggled, so
 * that operand and address size stay those of the 32-bit case.  Where
 * 66 selects the form (a mandatory 66, or MOVAPS that 66 makes MOVAPD)
 * only 67 is toggled, and then the operands' sizes must agree without
 * the operand size.  Returns the length, or 0 if neither is the same
 * instruction (then the case does not run in 16-bit code). */
static unsigned to16(const uint8_t *in, unsigned len,
		     const struct vmexit_insn *d32, uint8_t out[15])
{
	for (unsigned pass = 0; pass < 2; pass++) {
		bool has66 = false, has67 = false;
		unsigned n = 0, k = 0;
		struct vmexit_insn d;

		for (; k < len; k++) {
			uint8_t b = in[k];
			if (b == 0x66)
				has66 = true;
			else if (b == 0x67)
				has67 = true;
			else if (b == 0x26 || b == 0x2e || b == 0x36 ||
				 b == 0x3e || b == 0x64 || b == 0x65 ||
				 b == 0xf0 || b == 0xf2 || b == 0xf3)
				out[n++] = b;
			else
				break;
		}
		if (pass == 1 && has66)
			out[n++] = 0x66;
		if (pass == 0 && !has66)
			out[n++] = 0x66;
		if (!has67)
			out[n++] = 0x67;
		if (n + (len - k) > 15)
			continue;
		memcpy(out + n, in + k, len - k);
		n += len - k;
		if (vmexit_decode(out, n, VMEXIT_DECODE_16, &d) == VMEXIT_DONE &&
		    d.length == n && same_insn(d32, &d, pass == 0))
			return n;
	}
	return 0;
}

/* Runs of 32-bit cases not made in 16-bit code, of ENTER with an operand
 * size other than the stack's (run_icase()). */
static unsigned n_no16, n_enter_mixed;

static void run_icase(const struct icase *c, unsigned idx, unsigned rep,
		      const struct imode *m, const struct fmode *f)
{
	struct state s, nat, lib;
	struct vmexit_insn d;
	uint8_t bytes[15], b16[15];
	unsigned len = parse_hex(c->hex, bytes, sizeof(bytes));
	bool m64 = is64(m);
	uint32_t x;
	int rc;

	case_begin(c->name, f ? f->name : m->name, rep);
	cur_fault = f != NULL;
	/* The table must hold only what the library claims to emulate. */
	if (vmexit_decode(bytes, len, m64 ? VMEXIT_DECODE_64 : VMEXIT_DECODE_32,
			  &d) != VMEXIT_DONE || d.length != len ||
	    !vmexit_can_emulate(&d)) {
		report("table", ~0ull, "%s does not decode to %u bytes the "
		       "emulator claims", c->hex, len);
		case_end(&n_insn);
		return;
	}
	if (m->dmode == VMEXIT_DECODE_16) {
		/* Not run in 16-bit code, where the native side cannot judge
		 * them:
		 * - VEX: #UD in real mode (the exception tables of "VEX
		 *   Encoded Instructions"), and in 16-bit protected mode
		 *   QEMU takes C4/C5 as VEX only with a 32-bit code segment
		 *   (its "CODE32(s) && !VM86(s)" test), so it raises #UD
		 *   where the SDM has VEX;
		 * - MOVBE: QEMU sizes it by 66 alone ("PREFIX_DATA ? MO_16
		 *   : MO_32"), a doubleword in 16-bit code without 66,
		 *   where the operand size is 16 bits ("MOVBE—Move Data
		 *   After Swapping Bytes": MOVBE r16, m16); tests/
		 *   test_emulate_families.c checks it by hand.
		 * Nor do cases without the same instruction in 16-bit code
		 * (to16()). */
		if (d.encoding == VMEXIT_ENC_VEX || d.mnemonic == VMEXIT_M_MOVBE) {
			n_no16++;
			return;
		}
		len = to16(bytes, len, &d, b16);
		if (!len) {
			n_no16++;
			return;
		}
		memcpy(bytes, b16, len);
		if (vmexit_decode(bytes, len, m->dmode, &d) != VMEXIT_DONE)
			return; /* to16() decoded it */
	}
	/* Absolute addresses (moffs, disp32, RIP-relative) name DATA as a
	 * linear address: not where DS has its base elsewhere. */
	if (data_base(m) && d.nmem && !c->areg && d.mem[0].seg != VMEXIT_SEG_SS &&
	    !(d.flags & VMEXIT_INSN_STACK))
		return;
	/* ENTER with an operand size other than the stack-address size is
	 * not emulated (lib/x86/emulate_int.c, h_enter(): the manual leaves
	 * its register widths open), so not compared. */
	unsigned stack = m64 ? 8 : m->dmode == VMEXIT_DECODE_16 ? 2 : 4;
	if (d.mnemonic == VMEXIT_M_ENTER && d.osize != stack) {
		n_enter_mixed++;
		return;
	}
	/* VEX ignores CR0.EM (its exception classes in "Exception
	 * Classifications of AVX Instructions" list EM for legacy SSE
	 * only, as Bochs's avx_ok has it); QEMU raises #UD for it. */
	if (f && f->fault == FK_EM && d.encoding == VMEXIT_ENC_VEX)
		return;
	/* QEMU does not translate CLFLUSH's address, so its faults are
	 * not there to compare (tests/test_emulate.c checks them). */
	if (f && (d.mnemonic == VMEXIT_M_CLFLUSH ||
		  d.mnemonic == VMEXIT_M_CLFLUSHOPT || d.mnemonic == VMEXIT_M_CLWB))
		return;
	if (f)
		reseed(16 + (unsigned)(f - fmodes), idx, rep);
	else
		/* Seed parts 1 and 2 for the 64- and 32-bit machines; 3 is
		 * the task switches'; 4 on for the other machines. */
		reseed(m - imodes < 2 ? 1 + (unsigned)(m - imodes)
				      : 2 + (unsigned)(m - imodes), idx, rep);
	ibuild(c, &d, bytes, len, m, f ? f->fault : FK_NONE, &s);
	put_fault(&s, c, m, f ? f->fault : FK_NONE);
	uint64_t undef = undefined_flags(c, bytes, len, &s);
	uint64_t rip = c->kind == K_BRANCH || c->kind == K_FAR ? BRANCH
							       : CODE + len;

	/* Native. */
	/* The run's end: the HLT after the instruction or OUT where HLT is
	 * privileged; in part 1b also an exception handler's HLT. */
	uint32_t end = ends_with_out(m, f ? f->fault : FK_NONE)
			       ? VMEXIT_KVM_X_IO : VMEXIT_KVM_X_HLT;
	memcpy(vm.ram, img, I_END);
	if (set_state(&s))
		fatal("set_state");
	pio.n = 0;
	x = run_serving_io();
	pio_nat = pio;
	uint32_t x_nat = x;
	if (f && x == VMEXIT_KVM_X_HLT)
		x = end;
	if (x != end || get_state(&nat)) {
		report("native", ~0ull, "exit %s instead of %s", exit_name(x),
		       exit_name(end));
		case_end(&n_insn);
		return;
	}
	memcpy(mem_nat, vm.ram, I_END);
	if (handler_vector(&nat) >= 0)
		n_faulted++;

	/* Library. */
	memcpy(vm.ram, img, I_END);
	if (set_state(&s))
		fatal("set_state");
	pio.n = 0;
	vmexit_vcpu_begin(&vm.v);
	rc = vmexit_emulate_at_rip(&vm.v, NULL, 0, NULL);
	/* A fault stays queued: the flush hands it to KVM. */
	bool faulted = f && rc == VMEXIT_EXCEPTION && vm.v.pending_valid;
	if (faulted)
		rip = CODE;
	else if (rc != VMEXIT_DONE || vm.v.pending_valid) {
		report("library", ~0ull,
		       "vmexit_emulate_at_rip: %s (why %u%s%s)",
		       vmexit_strerror(rc), vm.v.diag.reason,
		       vm.v.pending_valid ? ", event queued, vector " : "",
		       vm.v.pending_valid ? (vm.v.pending.vector == 6 ? "#UD"
					     : vm.v.pending.vector == 13 ? "#GP"
					     : "other") : "");
		case_end(&n_insn);
		return;
	}
	cmp64("rip after emulation", rip, vm.v.regs.rip, ~0ull);
	/* KVM reads TR back busy (as the processor holds it); where the
	 * machine has it available for QEMU (V86_TSS, put_user()), a flush
	 * of the segment registers (a far CALL's CS) would make QEMU's I/O
	 * check refuse the OUT that ends the run.  Only that bit goes back;
	 * TR is compared afterwards like every register. */
	struct vmexit_segment *tr = &vm.v.sregs.seg[VMEXIT_SEG_TR];
	if ((vm.v.dirty & VMEXIT_G_SREGS) &&
	    (tr->ar ^ s.sregs.seg[VMEXIT_SEG_TR].ar) == 2)
		tr->ar = s.sregs.seg[VMEXIT_SEG_TR].ar;
	if (vmexit_vcpu_flush(&vm.v) != VMEXIT_DONE)
		fatal("flush");
	x = run_serving_io();
	uint32_t x_lib = x;
	if (f && x == VMEXIT_KVM_X_HLT)
		x = end;
	if (x != end || get_state(&lib)) {
		report("library", ~0ull,
		       "exit %s after the emulation instead of %s",
		       exit_name(x), exit_name(end));
		case_end(&n_insn);
		return;
	}
	memcpy(mem_lib, vm.ram, I_END);

	cmp64("exit", x_nat, x_lib, ~0ull);
	cmp_pio();
	if (f)
		cmp_fault(f, &d, &nat, &lib);
	cmp_regs(&nat, &lib, ~0ull, ~undef);
	cmp_sregs(&nat, &lib);
	cmp_dregs(&nat, &lib);
	cmp_vregs(&nat, &lib, vm.avx ? 32 : 16);
	cmp_mem(0, I_END);
	case_end(&n_insn);
}

/* ---- part 2: task switches ---------------------------------------------- */

static void put_desc(uint32_t table, unsigned idx, uint32_t base,
		     uint32_t limit, uint8_t access, uint8_t flags)
{
	uint64_t d = (limit & 0xffffull) | ((uint64_t)(base & 0xffffff) << 16) |
		     ((uint64_t)access << 40) |
		     ((uint64_t)((limit >> 16) & 0xf) << 48) |
		     ((uint64_t)(flags & 0xf) << 52) |
		     ((uint64_t)(base >> 24) << 56);
	memcpy(img + table + 8 * idx, &d, 8);
}

static void put_task_gate(uint32_t table, unsigned idx, uint16_t tss)
{
	uint64_t d = ((uint64_t)tss << 16) | (0x85ull << 40);
	memcpy(img + table + 8 * idx, &d, 8);
}

static void w16(uint32_t a, uint32_t x) { memcpy(img + a, &x, 2); }
static void w32(uint32_t a, uint32_t x) { memcpy(img + a, &x, 4); }

/* The segments each task runs with (see the GDT above). */
struct task_segs {
	uint16_t es, cs, ss, ds, fs, gs, ldt;
};

static const struct task_segs task_segs[NR_TASKS] = {
	[TA] = { 0x10, 0x08, 0x10, 0x10, 0x10, 0x10, 0 },
	[TB] = { 0x10, 0x08, 0x10, 0x10, 0x10, 0, 0 },
	[TC] = { 0x10, 0x60, 0x68, 0x10, 0, 0, 0 },
	[TD] = { 0x10, 0x0c, 0x04, 0x04, 0x14, 0, 0x50 },
};

static uint32_t task_eip(unsigned t) { return T_CODE + 0x100u * (t + 1); }

/* A stack pointer for task t: in its own 512-byte slice of T_STACK (for
 * C relative to its 16-bit segment's base). */
static uint32_t task_esp(unsigned t)
{
	uint32_t top = T_STACK + 0x400u * (t + 1) - 0x40 -
		       (uint32_t)(rnd() % 0x80) * 4;
	return t == TC ? top - T_DATA16 : top;
}

/* EFLAGS a TSS holds: random status, DF, IF, IOPL, NT, and for a 32-bit
 * TSS also AC and ID (never TF, RF, VM, VIF, VIP). */
static uint32_t task_eflags(bool tss32)
{
	uint32_t f = (uint32_t)rnd() &
		     (STATUS | VMEXIT_RFLAGS_DF | VMEXIT_RFLAGS_IF |
		      VMEXIT_RFLAGS_IOPL | VMEXIT_RFLAGS_NT |
		      (tss32 ? VMEXIT_RFLAGS_AC | VMEXIT_RFLAGS_ID : 0));
	return f | VMEXIT_RFLAGS_FIXED;
}

/* Task t's TSS: random everywhere, then the fields it is loaded from. */
static void put_tss(unsigned t)
{
	uint32_t b = T_TSS + 0x100u * t;
	const struct task_segs *g = &task_segs[t];

	fill_random(img + b, 0x100);
	if (t == TC) {
		w16(b + 0x0e, task_eip(t));
		w16(b + 0x10, task_eflags(false));
		for (unsigned i = 0; i < 8; i++)
			w16(b + 0x12 + 2 * i, (uint32_t)rnd());
		w16(b + 0x12 + 2 * VMEXIT_RSP, task_esp(t));
		w16(b + 0x22, g->es);
		w16(b + 0x24, g->cs);
		w16(b + 0x26, g->ss);
		w16(b + 0x28, g->ds);
		w16(b + 0x2a, g->ldt);
		return;
	}
	w32(b + 0x1c, t == TA ? T_PD1 : T_PD2);
	w32(b + 0x20, task_eip(t));
	w32(b + 0x24, task_eflags(true));
	for (unsigned i = 0; i < 8; i++)
		w32(b + 0x28 + 4 * i, (uint32_t)rnd());
	w32(b + 0x28 + 4 * VMEXIT_RSP, task_esp(t));
	w16(b + 0x48, g->es);
	w16(b + 0x4c, g->cs);
	w16(b + 0x50, g->ss);
	w16(b + 0x54, g->ds);
	w16(b + 0x58, g->fs);
	w16(b + 0x5c, g->gs);
	w16(b + 0x60, g->ldt);
	/* T (debug trap) clear; the I/O map base stays random. */
	img[b + 0x64] &= (uint8_t)~1u;
}

/* The hidden part of a segment register as a load from the GDT/LDT
 * above gives it (accessed bits are preset there). */
static struct vmexit_segment seg_of(uint16_t sel)
{
	const uint32_t code = 0xb | VMEXIT_AR_S | VMEXIT_AR_P;
	const uint32_t data = 0x3 | VMEXIT_AR_S | VMEXIT_AR_P;
	struct vmexit_segment s = { .selector = sel, .limit = 0xffffffff };

	switch (sel) {
	case 0x08: case 0x0c: s.ar = code | VMEXIT_AR_DB | VMEXIT_AR_G; break;
	case 0x10: case 0x04: s.ar = data | VMEXIT_AR_DB | VMEXIT_AR_G; break;
	case 0x60: s.ar = code; s.limit = 0xffff; break;
	case 0x68: s.ar = data; s.limit = 0xffff; s.base = T_DATA16; break;
	default: s = (struct vmexit_segment){ .selector = sel,
					      .ar = VMEXIT_AR_UNUSABLE };
	}
	return s;
}

static void tbuild(const struct tcase *c, struct state *s)
{
	struct vmexit_sregs *r = &s->sregs;
	unsigned cur = c->cur;
	const struct task_segs *g = &task_segs[cur];
	uint8_t bytes[15];
	unsigned len = parse_hex(c->hex, bytes, sizeof(bytes));
	bool iret = c->reason == VMEXIT_TS_IRET;

	memset(img + T_CODE, 0, T_END - T_CODE);
	/* Code: the instruction at T_CODE; each task's entry reads DR7
	 * (MOV EAX, DR7, which KVM can only answer right when the
	 * CPU's value is synced) and halts. */
	memset(img + T_CODE, 0xf4, 0x1000);
	memcpy(img + T_CODE, bytes, len);
	for (unsigned t = 0; t < NR_TASKS; t++)
		memcpy(img + task_eip(t), "\x0f\x21\xf8\xf4", 4);
	/* Far pointers for the m16:32 forms: TSS D, task gate to D. */
	w32(T_FARPTR, 0);
	w16(T_FARPTR + 4, 0x30);
	w32(T_FARPTR + 8, 0);
	w16(T_FARPTR + 12, 0x48);

	put_desc(T_GDT, 1, 0, 0xfffff, 0x9b, 0xc);
	put_desc(T_GDT, 2, 0, 0xfffff, 0x93, 0xc);
	put_desc(T_GDT, 3, T_TSS + 0x000, 0x67, 0x89, 0);
	put_desc(T_GDT, 4, T_TSS + 0x100, 0x67, 0x89, 0);
	put_desc(T_GDT, 5, T_TSS + 0x200, 0x2b, 0x81, 0);
	put_desc(T_GDT, 6, T_TSS + 0x300, 0x67, 0x89, 0);
	put_task_gate(T_GDT, 7, 0x20);
	put_task_gate(T_GDT, 8, 0x28);
	put_task_gate(T_GDT, 9, 0x30);
	put_desc(T_GDT, 10, T_LDT, 0x17, 0x82, 0);
	put_desc(T_GDT, 11, 0, 0xfffff, 0x13, 0xc);
	put_desc(T_GDT, 12, 0, 0xffff, 0x9b, 0);
	put_desc(T_GDT, 13, T_DATA16, 0xffff, 0x93, 0);
	put_desc(T_LDT, 0, 0, 0xfffff, 0x93, 0xc);
	put_desc(T_LDT, 1, 0, 0xfffff, 0x9b, 0xc);
	put_desc(T_LDT, 2, 0x12345, 0xfff, 0x93, 0x4);
	put_task_gate(T_IDT, 6, 0x20);
	put_task_gate(T_IDT, 10, 0x30);
	put_task_gate(T_IDT, 11, 0x28);
	put_task_gate(T_IDT, 13, 0x30);
	put_task_gate(T_IDT, 0x80, 0x20);
	put_task_gate(T_IDT, 0x81, 0x28);
	for (unsigned i = 0; i < 1024; i++) { /* 4 MiB pages, P RW A D PS */
		w32(T_PD1 + 4 * i, (i << 22) | 0xe3);
		w32(T_PD2 + 4 * i, (i << 22) | 0xe3);
	}
	fill_random(img + T_STACK, 0x2000);
	for (unsigned t = 0; t < NR_TASKS; t++)
		put_tss(t);
	/* The running task is busy; for IRET the one it returns to is
	 * too, and it is the running task's link. */
	img[T_GDT + tss_sel[cur] + 5] |= 2;
	if (iret) {
		img[T_GDT + tss_sel[c->target] + 5] |= 2;
		w16(T_TSS + 0x100u * cur, tss_sel[c->target]);
	}
	/* The target's descriptor made to fail a check (TB_*). */
	uint8_t *tgt = img + T_GDT + tss_sel[c->target];
	switch (c->bad) {
	case TB_LIMIT:
		tgt[0] = 0x5f;
		break;
	case TB_BUSY:
		tgt[5] |= 2;
		break;
	case TB_NP:
		tgt[5] &= 0x7f;
		break;
	case TB_AVAIL:
		tgt[5] &= (uint8_t)~2u;
		break;
	case TB_CS:
		w16(T_TSS + 0x100u * TB + 0x4c, 0x10);
		break;
	case TB_SS:
		w16(T_TSS + 0x100u * TB + 0x50, 0x08);
		break;
	case TB_DS:
		w16(T_TSS + 0x100u * TB + 0x54, 0x20);
		break;
	case TB_LDT:
		w16(T_TSS + 0x100u * TB + 0x60, 0x20);
		break;
	}

	/* The running task's registers. */
	memset(s, 0, sizeof(*s));
	for (unsigned i = 0; i < 8; i++)
		s->regs.gpr[i] = (uint32_t)rnd();
	s->regs.gpr[VMEXIT_RSP] = task_esp(cur);
	if (c->has_error)
		s->regs.gpr[VMEXIT_RAX] =
			(s->regs.gpr[VMEXIT_RAX] & 0xffff0000u) | c->error;
	/* Random status, DF, IF, IOPL, NT (set for IRET).  AC and ID stay
	 * clear: a switch to a 16-bit TSS does not say what becomes of
	 * them (SDM Vol. 3, "16-Bit Task-State Segment (TSS)"). */
	s->regs.rflags = (task_eflags(false) & ~VMEXIT_RFLAGS_NT) |
			 (iret ? VMEXIT_RFLAGS_NT : rnd() & VMEXIT_RFLAGS_NT);
	s->regs.rip = T_CODE;
	r->seg[VMEXIT_SEG_ES] = seg_of(g->es);
	r->seg[VMEXIT_SEG_CS] = seg_of(g->cs);
	r->seg[VMEXIT_SEG_SS] = seg_of(g->ss);
	r->seg[VMEXIT_SEG_DS] = seg_of(g->ds);
	r->seg[VMEXIT_SEG_FS] = seg_of(g->fs);
	r->seg[VMEXIT_SEG_GS] = seg_of(g->gs);
	r->seg[VMEXIT_SEG_LDTR] = (struct vmexit_segment){
		.ar = VMEXIT_AR_UNUSABLE };
	r->seg[VMEXIT_SEG_TR] = (struct vmexit_segment){
		.selector = tss_sel[cur], .base = T_TSS + 0x100u * cur,
		.limit = cur == TC ? 0x2b : 0x67,
		.ar = VMEXIT_AR_P | (cur == TC ? VMEXIT_SYS_TSS16_BUSY
					       : VMEXIT_SYS_TSS_BUSY) };
	r->gdtr = (struct vmexit_dtable){ .base = T_GDT, .limit = T_GDT_LIMIT };
	r->idtr = (struct vmexit_dtable){ .base = T_IDT, .limit = 0x7ff };
	r->cr0 = VMEXIT_CR0_PE | VMEXIT_CR0_ET | VMEXIT_CR0_NE;
	if (c->paging) {
		r->cr0 |= VMEXIT_CR0_PG;
		r->cr3 = cur == TA ? T_PD1 : T_PD2;
		r->cr4 = VMEXIT_CR4_PSE;
	}
	/* Local breakpoints L0 and L1 and global G2, on addresses nothing
	 * touches: a task switch clears L0-L3 (SDM Vol. 3, "Debug Control
	 * Register (DR7)"). */
	s->dregs.dr[0] = 0xdead0000;
	s->dregs.dr[1] = 0xdead1000;
	s->dregs.dr[2] = 0xdead2000;
	s->dregs.dr7 = 0x400 | 0x1 | 0x4 | 0x20;
	s->mxcsr = 0x1f80;
}

static void run_tcase(const struct tcase *c, unsigned idx, unsigned rep)
{
	struct state s, nat, lib;
	uint8_t bytes[15];
	unsigned len = parse_hex(c->hex, bytes, sizeof(bytes));
	bool fault = c->reason == VMEXIT_TS_IDT &&
		     c->ev_type == VMEXIT_EV_HWEXC;
	uint32_t x;
	int rc;

	case_begin(c->name, c->paging ? "32-bit paging" : "32-bit", rep);
	reseed(3, idx, rep);
	tbuild(c, &s);

	memcpy(vm.ram + T_CODE, img + T_CODE, T_END - T_CODE);
	if (set_state(&s))
		fatal("set_state");
	x = run_guest();
	if (x != VMEXIT_KVM_X_HLT || get_state(&nat)) {
		report("native", ~0ull, "exit %s instead of HLT", exit_name(x));
		case_end(&n_task);
		return;
	}
	memcpy(mem_nat + T_CODE, vm.ram + T_CODE, T_END - T_CODE);

	/* What a VMX or SVM task-switch exit reports (<vmexit/task.h>). */
	struct vmexit_task_switch ts = {
		.selector = tss_sel[c->target],
		.reason = c->reason,
		.has_error = c->has_error,
		.error = c->error,
		.ext = fault,
		.insn_len = fault ? 0 : (uint8_t)len,
		.event_type = c->ev_type,
		.vector = c->vector,
	};
	memcpy(vm.ram + T_CODE, img + T_CODE, T_END - T_CODE);
	if (set_state(&s))
		fatal("set_state");
	vmexit_vcpu_begin(&vm.v);
	/* A fault delivered through a task gate saves RF = 1 in the old
	 * TSS (SDM Vol. 3, "Instruction-Breakpoint Exception Condition":
	 * RF is 1 in the EFLAGS image of any fault-class exception but an
	 * instruction breakpoint), and a VMX task-switch exit reports
	 * RFLAGS with RF as it would be saved there (SDM Vol. 3, "Saving
	 * RIP, RSP, RFLAGS, and SSP"): the library gets what the exit
	 * gives. */
	if (fault)
		vmexit_set_reg(&vm.v, VMEXIT_REG_RFLAGS,
			       s.regs.rflags | VMEXIT_RFLAGS_RF);
	rc = vmexit_task_switch(&vm.v, &ts);
	/* A switch that faults leaves its fault queued; the flush hands it
	 * to KVM, which delivers it through the IDT. */
	if (c->bad && rc == VMEXIT_EXCEPTION && vm.v.pending_valid) {
		rc = VMEXIT_DONE;
	} else if (c->bad) {
		report("library", ~0ull, "vmexit_task_switch: %s, no fault",
		       vmexit_strerror(rc));
		case_end(&n_task);
		return;
	} else if (rc != VMEXIT_DONE || vm.v.pending_valid ||
		 (c->reason == VMEXIT_TS_IDT && !ts.event_consumed)) {
		report("library", ~0ull, "vmexit_task_switch: %s%s%s",
		       vmexit_strerror(rc),
		       vm.v.pending_valid ? ", event queued" : "",
		       c->reason == VMEXIT_TS_IDT && !ts.event_consumed
			       ? ", IDT event not consumed" : "");
		case_end(&n_task);
		return;
	}
	if (vmexit_vcpu_flush(&vm.v) != VMEXIT_DONE)
		fatal("flush");
	x = run_guest();
	if (x != VMEXIT_KVM_X_HLT || get_state(&lib)) {
		report("library", ~0ull,
		       "exit %s after the switch instead of HLT", exit_name(x));
		case_end(&n_task);
		return;
	}
	memcpy(mem_lib + T_CODE, vm.ram + T_CODE, T_END - T_CODE);

	/* "When the general-purpose registers are loaded or saved from a
	 * 16-bit TSS, the upper 16 bits of the registers are modified and
	 * not maintained" (SDM Vol. 3, "16-Bit Task-State Segment (TSS)"). */
	cmp_regs(&nat, &lib, c->target == TC ? 0xffff : ~0ull, ~0ull);
	cmp_sregs(&nat, &lib);
	cmp_dregs(&nat, &lib);
	cmp_mem(T_CODE, T_END);
	case_end(&n_task);
}

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
	       "CMPXCHG16B,%s AVX,%s SSE4.1,%s AVX2,%s MOVDIRI,%s MOVDIR64B\n",
	       seed, vm.movbe ? "" : " no", vm.cx16 ? "" : " no",
	       vm.avx ? "" : " no", vm.sse41 ? "" : " no", vm.avx2 ? "" : " no",
	       vm.movdiri ? "" : " no", vm.movdir64b ? "" : " no");

	prefault();
	ilayout();
	/* The page tables past the compared areas, which no run changes
	 * (A and D preset), go to guest memory once. */
	memcpy(vm.ram + PML5, img + PML5, PDPT_1G + 0x1000 - PML5);
	unsigned per_mode[sizeof(imodes) / sizeof(imodes[0])];
	for (size_t m = 0; m < sizeof(imodes) / sizeof(imodes[0]); m++) {
		unsigned before = n_insn;
		for (unsigned i = 0; i < NR_ICASES; i++) {
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
		/* Bit 51 is reserved only below MAXPHYADDR 52. */
		if ((f->fault == FK_RSVD && vm.maxphyaddr > 51) ||
		    ((f->fault == FK_SMAP || f->fault == FK_SMAP_AC) && !vm.smap) ||
		    (f->fault == FK_SMEP && !vm.smep))
			continue;
		for (unsigned i = 0; i < NR_ICASES; i++) {
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
	for (unsigned i = 0; i < NR_TCASES; i++) {
		if (only && !strstr(tcases[i].name, only))
			continue;
		for (unsigned r = 0; r < REPS_TASK; r++)
			run_tcase(&tcases[i], i, r);
	}

	if (n_reviewed)
		printf("test-kvm-diff: %u more differ only in reviewed "
		       "exceptions\n", n_reviewed);
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
