/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Architectural constants shared by every part of the library: control and
 * flag register bits, exception vectors, and the segment access-rights
 * layout (the VMX guest-state layout, SDM Vol. 3, "Guest Register State").
 */
#ifndef VMEXIT_X86_H
#define VMEXIT_X86_H

#include <stdint.h>

/* Exception vectors (SDM Vol. 3, "Exception and Interrupt Reference"). */
enum vmexit_vector {
	VMEXIT_EXC_DE = 0,
	VMEXIT_EXC_DB = 1,
	VMEXIT_EXC_NMI = 2,
	VMEXIT_EXC_BP = 3,
	VMEXIT_EXC_OF = 4,
	VMEXIT_EXC_BR = 5,
	VMEXIT_EXC_UD = 6,
	VMEXIT_EXC_NM = 7,
	VMEXIT_EXC_DF = 8,
	VMEXIT_EXC_CSO = 9,
	VMEXIT_EXC_TS = 10,
	VMEXIT_EXC_NP = 11,
	VMEXIT_EXC_SS = 12,
	VMEXIT_EXC_GP = 13,
	VMEXIT_EXC_PF = 14,
	VMEXIT_EXC_MF = 16,
	VMEXIT_EXC_AC = 17,
	VMEXIT_EXC_MC = 18,
	VMEXIT_EXC_XM = 19,
	VMEXIT_EXC_VE = 20,
	VMEXIT_EXC_CP = 21,
	VMEXIT_EXC_HV = 28,
	VMEXIT_EXC_VC = 29,
	VMEXIT_EXC_SX = 30,
};

#define VMEXIT_CR0_PE (1ull << 0)
#define VMEXIT_CR0_MP (1ull << 1)
#define VMEXIT_CR0_EM (1ull << 2)
#define VMEXIT_CR0_TS (1ull << 3)
#define VMEXIT_CR0_ET (1ull << 4)
#define VMEXIT_CR0_NE (1ull << 5)
#define VMEXIT_CR0_WP (1ull << 16)
#define VMEXIT_CR0_AM (1ull << 18)
#define VMEXIT_CR0_NW (1ull << 29)
#define VMEXIT_CR0_CD (1ull << 30)
#define VMEXIT_CR0_PG (1ull << 31)

#define VMEXIT_CR4_VME (1ull << 0)
#define VMEXIT_CR4_PVI (1ull << 1)
#define VMEXIT_CR4_TSD (1ull << 2)
#define VMEXIT_CR4_DE (1ull << 3)
#define VMEXIT_CR4_PSE (1ull << 4)
#define VMEXIT_CR4_PAE (1ull << 5)
#define VMEXIT_CR4_MCE (1ull << 6)
#define VMEXIT_CR4_PGE (1ull << 7)
#define VMEXIT_CR4_PCE (1ull << 8)
#define VMEXIT_CR4_OSFXSR (1ull << 9)
#define VMEXIT_CR4_OSXMMEXCPT (1ull << 10)
#define VMEXIT_CR4_UMIP (1ull << 11)
#define VMEXIT_CR4_LA57 (1ull << 12)
#define VMEXIT_CR4_VMXE (1ull << 13)
#define VMEXIT_CR4_SMXE (1ull << 14)
#define VMEXIT_CR4_FSGSBASE (1ull << 16)
#define VMEXIT_CR4_PCIDE (1ull << 17)
#define VMEXIT_CR4_OSXSAVE (1ull << 18)
#define VMEXIT_CR4_SMEP (1ull << 20)
#define VMEXIT_CR4_SMAP (1ull << 21)
#define VMEXIT_CR4_PKE (1ull << 22)
#define VMEXIT_CR4_CET (1ull << 23)

#define VMEXIT_EFER_SCE (1ull << 0)
#define VMEXIT_EFER_LME (1ull << 8)
#define VMEXIT_EFER_LMA (1ull << 10)
#define VMEXIT_EFER_NXE (1ull << 11)
#define VMEXIT_EFER_SVME (1ull << 12)
#define VMEXIT_EFER_FFXSR (1ull << 14)

#define VMEXIT_RFLAGS_CF (1ull << 0)
#define VMEXIT_RFLAGS_FIXED (1ull << 1) /* always 1 */
#define VMEXIT_RFLAGS_PF (1ull << 2)
#define VMEXIT_RFLAGS_AF (1ull << 4)
#define VMEXIT_RFLAGS_ZF (1ull << 6)
#define VMEXIT_RFLAGS_SF (1ull << 7)
#define VMEXIT_RFLAGS_TF (1ull << 8)
#define VMEXIT_RFLAGS_IF (1ull << 9)
#define VMEXIT_RFLAGS_DF (1ull << 10)
#define VMEXIT_RFLAGS_OF (1ull << 11)
#define VMEXIT_RFLAGS_IOPL (3ull << 12)
#define VMEXIT_RFLAGS_NT (1ull << 14)
#define VMEXIT_RFLAGS_RF (1ull << 16)
#define VMEXIT_RFLAGS_VM (1ull << 17)
#define VMEXIT_RFLAGS_AC (1ull << 18)
#define VMEXIT_RFLAGS_VIF (1ull << 19)
#define VMEXIT_RFLAGS_VIP (1ull << 20)
#define VMEXIT_RFLAGS_ID (1ull << 21)
/* The six status flags. */
#define VMEXIT_RFLAGS_STATUS \
	(VMEXIT_RFLAGS_CF | VMEXIT_RFLAGS_PF | VMEXIT_RFLAGS_AF | \
	 VMEXIT_RFLAGS_ZF | VMEXIT_RFLAGS_SF | VMEXIT_RFLAGS_OF)

#define VMEXIT_DR6_BD (1ull << 13)
#define VMEXIT_DR6_BS (1ull << 14)
#define VMEXIT_DR6_BT (1ull << 15)

/*
 * Segment access rights, VMX layout (SDM Vol. 3, "Guest Register State"):
 * the descriptor's bits 40-47 and 52-55 shifted down by 40, plus the
 * "unusable" bit 16 that VMX defines for a segment holding a null selector.
 */
#define VMEXIT_AR_TYPE_MASK 0x000fu
#define VMEXIT_AR_TYPE_ACCESSED 0x0001u /* code/data: accessed */
#define VMEXIT_AR_TYPE_WR 0x0002u       /* data: writable; code: readable */
#define VMEXIT_AR_TYPE_EC 0x0004u /* data: expand-down; code: conforming */
#define VMEXIT_AR_TYPE_CODE 0x0008u
#define VMEXIT_AR_S 0x0010u             /* code or data (not system) */
#define VMEXIT_AR_DPL_SHIFT 5
#define VMEXIT_AR_DPL_MASK 0x0060u
#define VMEXIT_AR_P 0x0080u
#define VMEXIT_AR_AVL 0x1000u
#define VMEXIT_AR_L 0x2000u
#define VMEXIT_AR_DB 0x4000u
#define VMEXIT_AR_G 0x8000u
#define VMEXIT_AR_UNUSABLE 0x10000u

/* System descriptor types (S = 0). */
#define VMEXIT_SYS_TSS16_AVAIL 0x1u
#define VMEXIT_SYS_LDT 0x2u
#define VMEXIT_SYS_TSS16_BUSY 0x3u
#define VMEXIT_SYS_CALLGATE16 0x4u
#define VMEXIT_SYS_TASKGATE 0x5u
#define VMEXIT_SYS_INTGATE16 0x6u
#define VMEXIT_SYS_TRAPGATE16 0x7u
#define VMEXIT_SYS_TSS_AVAIL 0x9u   /* 32-bit, or 64-bit in long mode */
#define VMEXIT_SYS_TSS_BUSY 0xbu
#define VMEXIT_SYS_CALLGATE 0xcu
#define VMEXIT_SYS_INTGATE 0xeu
#define VMEXIT_SYS_TRAPGATE 0xfu

/* Selector fields. */
#define VMEXIT_SEL_RPL_MASK 0x3u
#define VMEXIT_SEL_TI 0x4u
#define VMEXIT_SEL_INDEX_MASK 0xfff8u

#endif
