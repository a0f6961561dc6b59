/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Exit decoding: the raw exit fields of VMX (exit reason, qualification,
 * interruption and IDT-vectoring information, instruction length and
 * information; SDM Vol. 3, "VM-Exit Information Fields" and "Exit
 * Qualification") or SVM (EXITCODE, EXITINFO1/2, EXITINTINFO, nRIP and
 * the fetched instruction bytes; APM Vol. 2, "#VMEXIT" and Appendix C)
 * become one normalized record.  Pure: nothing here touches a vCPU.
 *
 * Every raw field is untrusted.  Decoding never fails on strange values:
 * an exit code it does not know becomes VMEXIT_X_UNKNOWN with the raw
 * fields kept, and fields that do not fit their layout are clamped or
 * marked unknown.  The in-flight event is carried raw (intinfo) for
 * vmexit_event_decide(), which validates it.
 *
 * Instruction length: insn_len is 0 when the hardware gave none (VMX for
 * exits that do not define it; SVM without NRIPS, e.g. under QEMU's
 * emulated SVM, or for exits that do not save nRIP).  The dispatcher must
 * then decode the instruction at RIP.
 */
#ifndef VMEXIT_EXIT_H
#define VMEXIT_EXIT_H

#include <stdbool.h>
#include <stdint.h>

#include <vmexit/task.h>
#include <vmexit/vmexit.h>

#ifdef __cplusplus
extern "C" {
#endif

/* What happened, independent of VMX or SVM. */
enum vmexit_exit_kind {
	VMEXIT_X_UNKNOWN = 0,
	VMEXIT_X_ENTRY_FAILED, /* VMX entry failure; SVM VMEXIT_INVALID */
	VMEXIT_X_EXCEPTION,    /* exc.vector; NMI has its own kind */
	VMEXIT_X_NMI,
	VMEXIT_X_EXTINT,
	VMEXIT_X_SMI,
	VMEXIT_X_INIT,
	VMEXIT_X_SIPI,
	VMEXIT_X_SHUTDOWN,     /* VMX triple fault; SVM SHUTDOWN */
	VMEXIT_X_IRQ_WINDOW,   /* VMX interrupt window; SVM VINTR */
	VMEXIT_X_NMI_WINDOW,
	VMEXIT_X_TASK_SWITCH,
	VMEXIT_X_CPUID,
	VMEXIT_X_HLT,
	VMEXIT_X_INVD,
	VMEXIT_X_WBINVD,
	VMEXIT_X_INVLPG,
	VMEXIT_X_RDPMC,
	VMEXIT_X_RDTSC,
	VMEXIT_X_RDTSCP,
	VMEXIT_X_HYPERCALL,    /* VMCALL, VMMCALL */
	VMEXIT_X_VIRT_INSN,    /* other VMX/SVM instructions, GETSEC, ... */
	VMEXIT_X_CR_ACCESS,
	VMEXIT_X_DR_ACCESS,
	VMEXIT_X_IO,
	VMEXIT_X_RDMSR,
	VMEXIT_X_WRMSR,
	VMEXIT_X_MONITOR,
	VMEXIT_X_MWAIT,
	VMEXIT_X_PAUSE,
	VMEXIT_X_XSETBV,
	VMEXIT_X_DESC_TABLE,   /* SGDT/LGDT/... (VMX 46/47; SVM 0x66-0x6D) */
	VMEXIT_X_NPF,          /* EPT violation; SVM nested page fault */
	VMEXIT_X_EPT_MISCONFIG,
	VMEXIT_X_APIC_ACCESS,
	VMEXIT_X_TPR_BELOW,
	VMEXIT_X_MTF,
	VMEXIT_X_PREEMPT_TIMER,
	VMEXIT_X_IRET,         /* SVM IRET intercept */
	VMEXIT_X_RSM,
	VMEXIT_X_OTHER_INSN,   /* RDRAND, INVPCID, XSAVES, ... */
};

enum vmexit_cr_access {
	VMEXIT_CR_MOV_TO = 0,  /* the VMX encoding */
	VMEXIT_CR_MOV_FROM = 1,
	VMEXIT_CR_CLTS = 2,
	VMEXIT_CR_LMSW = 3,
	VMEXIT_CR_OTHER = 4,   /* SVM CR write without decode assists */
};

/* Segment numbers in enum vmexit_seg order; VMEXIT_EXIT_SEG_NONE when
 * the hardware did not report one. */
#define VMEXIT_EXIT_SEG_NONE 0xffu

struct vmexit_exit {
	uint8_t arch;          /* enum vmexit_arch */
	uint16_t kind;         /* enum vmexit_exit_kind */
	/* Raw values, always kept. */
	uint64_t raw_reason;   /* VMX exit reason; SVM EXITCODE */
	uint64_t raw_info1;    /* VMX exit qualification; SVM EXITINFO1 */
	uint64_t raw_info2;    /* VMX guest-physical address; SVM EXITINFO2 */

	/* Instruction at RIP: length (0: unknown, decode at RIP), the VMX
	 * instruction-information field, and any bytes the CPU fetched. */
	uint8_t insn_len;
	bool insn_info_valid;
	uint32_t insn_info;
	uint8_t insn_bytes_len;
	uint8_t insn_bytes[15];

	/* Event in flight (raw: VMX IDT-vectoring info or SVM EXITINTINFO)
	 * and the VMX "NMI unblocking due to IRET" bit. */
	uint64_t intinfo;
	uint32_t intinfo_error;
	bool iret_unblocked_nmi;

	struct {               /* VMEXIT_X_EXCEPTION / _NMI */
		uint8_t vector;
		uint8_t type;  /* enum vmexit_event_type */
		bool has_error;
		uint32_t error;
		bool has_cr2;  /* #PF: the faulting linear address */
		uint64_t cr2;
		uint64_t dr6;  /* #DB: DR6-format bits from the VMX qual */
	} exc;
	struct {               /* VMEXIT_X_CR_ACCESS */
		uint8_t cr;
		uint8_t access; /* enum vmexit_cr_access */
		bool gpr_valid;
		uint8_t gpr;
		bool lmsw_mem; /* LMSW with a memory operand */
		uint16_t lmsw_src;
		uint64_t lmsw_linear;
	} cr;
	struct {               /* VMEXIT_X_DR_ACCESS */
		uint8_t dr;
		bool write;
		bool gpr_valid;
		uint8_t gpr;
	} dr;
	struct {               /* VMEXIT_X_IO */
		uint16_t port;
		uint8_t size;  /* 1, 2 or 4 */
		bool in;
		bool string;
		bool rep;
		bool imm;      /* VMX: port was an immediate */
		uint8_t addr_size; /* 2, 4, 8; 0 if not reported */
		uint8_t seg;   /* string source segment, or _SEG_NONE */
		bool linear_valid;
		uint64_t linear; /* VMX guest-linear address of INS/OUTS */
	} io;
	struct {               /* VMEXIT_X_NPF / _EPT_MISCONFIG */
		uint64_t gpa;
		bool gla_valid;
		uint64_t gla;
		bool read, write, fetch;
		bool present;  /* the translation allowed some access */
		bool user;     /* SVM: user-mode access */
		bool rsvd;     /* SVM: reserved bit set */
		bool final;    /* access to the final guest-physical address */
		bool walk;     /* access to a guest paging structure */
	} npf;
	struct {               /* VMEXIT_X_TASK_SWITCH */
		uint16_t selector;
		uint8_t source; /* enum vmexit_ts_reason (<vmexit/task.h>) */
		bool has_error;
		uint32_t error;
		/* SVM: the RFLAGS.RF the outgoing TSS gets (EXITINFO2 bit
		 * 48); VMX saves it in the guest RFLAGS itself. */
		bool rf_valid;
		bool rf;
	} ts;
	struct {               /* VMEXIT_X_APIC_ACCESS */
		uint16_t offset;
		uint8_t type;  /* VMX access type, bits 15:12 */
	} apic;
	uint64_t linear;       /* INVLPG: the address, when reported */
};

/* VMX raw fields (SDM Vol. 3, "VM-Exit Information Fields"). */
struct vmexit_vmx_raw {
	uint32_t reason;
	uint64_t qual;
	uint64_t guest_linear;
	uint64_t guest_phys;
	uint32_t intr_info;    /* VM-exit interruption information */
	uint32_t intr_error;
	uint32_t idt_info;     /* IDT-vectoring information */
	uint32_t idt_error;
	uint32_t insn_len;
	uint32_t insn_info;
	bool io_insn_info;     /* IA32_VMX_BASIC[54]: INS/OUTS info given */
};

/* SVM raw fields (APM Vol. 2, "VMCB Layout, Control Area"). */
struct vmexit_svm_raw {
	uint64_t exitcode;
	uint64_t exitinfo1;
	uint64_t exitinfo2;
	uint64_t exitintinfo;
	uint64_t rip;
	uint64_t nrip;
	bool nrips;            /* CPUID 8000000AH:EDX[3] in use */
	bool decode_assists;   /* CPUID 8000000AH:EDX[7] in use */
	uint8_t insn_bytes_len; /* "number of bytes fetched" */
	uint8_t insn_bytes[15];
};

/* VMX basic exit reasons used by the decoder (SDM Vol. 3, Appendix C). */
#define VMEXIT_VMX_FAILED_ENTRY (1u << 31)

/* SVM exit codes (APM Vol. 2, Appendix C). */
#define VMEXIT_SVM_EXIT_EXCP_BASE 0x40u
#define VMEXIT_SVM_EXIT_INVALID UINT64_MAX

/* Decode; VMEXIT_DONE, or VMEXIT_ERR_CALLER for NULL pointers. */
VMEXIT_API int vmexit_exit_from_vmx(const struct vmexit_vmx_raw *raw,
				    struct vmexit_exit *out);
VMEXIT_API int vmexit_exit_from_svm(const struct vmexit_svm_raw *raw,
				    struct vmexit_exit *out);
/* Whether SVM saves nRIP for this exit code (APM Vol. 2, "Next
 * Sequential Instruction Pointer"; the list follows the seed SVM
 * backend: instruction, CR/DR, MSR and IOIO intercepts, and the trap-like
 * INT3/INTO/BOUND exceptions). */
VMEXIT_API bool vmexit_svm_nrip_valid(uint64_t exitcode);

#ifdef __cplusplus
}
#endif
#endif
