/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The abstract vCPU: a vtable of small, batched backend operations, and a
 * register cache in front of it.  The cache fetches a whole group of state
 * on first use (one backend call, not one per register), tracks what the
 * library changed, and writes back only the changed groups at one explicit
 * flush point.  Exceptions the library raises are queued on the vCPU and
 * handed to the backend at that flush as well.
 *
 * Lifetime of the cache: call vmexit_vcpu_begin() after every VM exit
 * (it forgets what was cached), handle the exit, then vmexit_vcpu_flush()
 * before the next entry.
 */
#ifndef VMEXIT_VCPU_H
#define VMEXIT_VCPU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <vmexit/vmexit.h>

#ifdef __cplusplus
extern "C" {
#endif

/* General registers in their instruction-encoding order. */
enum vmexit_gpr {
	VMEXIT_RAX, VMEXIT_RCX, VMEXIT_RDX, VMEXIT_RBX,
	VMEXIT_RSP, VMEXIT_RBP, VMEXIT_RSI, VMEXIT_RDI,
	VMEXIT_R8, VMEXIT_R9, VMEXIT_R10, VMEXIT_R11,
	VMEXIT_R12, VMEXIT_R13, VMEXIT_R14, VMEXIT_R15,
	VMEXIT_NR_GPRS
};

/* Register identifiers for vmexit_get_reg()/vmexit_set_reg(). */
enum vmexit_reg {
	/* 0-15 are the general registers of enum vmexit_gpr */
	VMEXIT_REG_RIP = 16,
	VMEXIT_REG_RFLAGS,
	VMEXIT_REG_CR0,
	VMEXIT_REG_CR2,
	VMEXIT_REG_CR3,
	VMEXIT_REG_CR4,
	VMEXIT_REG_CR8,
	VMEXIT_REG_EFER,
	VMEXIT_REG_PDPTE0,
	VMEXIT_REG_PDPTE1,
	VMEXIT_REG_PDPTE2,
	VMEXIT_REG_PDPTE3,
	VMEXIT_REG_DR0,
	VMEXIT_REG_DR1,
	VMEXIT_REG_DR2,
	VMEXIT_REG_DR3,
	VMEXIT_REG_DR6,
	VMEXIT_REG_DR7,
	VMEXIT_REG_INTR_SHADOW, /* enum vmexit_shadow bits */
	VMEXIT_NR_REGS
};

/* Segment registers in their instruction-encoding order, then the
 * system segments that share the same descriptor-cache format. */
enum vmexit_seg {
	VMEXIT_SEG_ES, VMEXIT_SEG_CS, VMEXIT_SEG_SS,
	VMEXIT_SEG_DS, VMEXIT_SEG_FS, VMEXIT_SEG_GS,
	VMEXIT_SEG_LDTR, VMEXIT_SEG_TR,
	VMEXIT_NR_SEGS
};

/* A segment register with its hidden part.  ar uses the VMX
 * access-rights layout of <vmexit/x86.h> including VMEXIT_AR_UNUSABLE. */
struct vmexit_segment {
	uint64_t base;
	uint32_t limit; /* byte granular: already expanded when G = 1 */
	uint32_t ar;
	uint16_t selector;
};

struct vmexit_dtable {
	uint64_t base;
	uint16_t limit;
};

enum vmexit_dtable_id { VMEXIT_GDTR, VMEXIT_IDTR };

/* Interruptibility (SDM Vol. 3, "Guest Non-Register State"). */
enum vmexit_shadow {
	VMEXIT_SHADOW_STI = 1u << 0,
	VMEXIT_SHADOW_MOVSS = 1u << 1,
	VMEXIT_SHADOW_NMI_BLOCKED = 1u << 3,
};

/* Register groups: the unit of fetching and writing back. */
struct vmexit_regs {
	uint64_t gpr[VMEXIT_NR_GPRS];
	uint64_t rip;
	uint64_t rflags;
};

struct vmexit_sregs {
	struct vmexit_segment seg[VMEXIT_NR_SEGS];
	struct vmexit_dtable gdtr, idtr;
	uint64_t cr0, cr2, cr3, cr4, cr8, efer;
	uint64_t pdpte[4]; /* PAE PDPTE registers, as loaded from CR3 */
};

struct vmexit_dregs {
	uint64_t dr[4];
	uint64_t dr6, dr7;
};

/* Vector state a data move to or from memory can touch. */
struct vmexit_vregs {
	uint8_t ymm[16][32]; /* low 16 bytes are XMMn */
	uint32_t mxcsr;
	uint64_t xcr0;
	/* x87 and MMX, as FXSAVE stores them (SDM Vol. 1, "FXSAVE"):
	 * ST(0)-ST(7) (10 bytes of each slot), the status word (TOP in bits
	 * 13:11, ES in bit 7) and the abridged tag word (bit n: physical
	 * register n valid).  MMn is the low 8 bytes of physical register n,
	 * which is ST((n - TOP) mod 8). */
	uint8_t st[8][16];
	uint16_t fsw;
	uint8_t ftw;
	/* AVX-512 state, as XSAVE components 5-7 hold it (SDM Vol. 1,
	 * "XSAVE-Supported Features and State-Component Bitmaps"): the
	 * opmask registers k0-k7, bits 511:256 of ZMM0-15 (ZMM_Hi256) and
	 * ZMM16-31 whole (Hi16_ZMM).  Zero where XCR0 does not enable them;
	 * a backend without AVX-512 state leaves them so. */
	uint64_t k[8];
	uint8_t zmm_hi256[16][32];
	uint8_t zmm_hi16[16][64];
};

/* Event types use the VMX entry-interruption encoding (SDM Vol. 3,
 * "VM-Entry Controls for Event Injection"); SVM EVENTINJ has the same
 * values for the types it shares. */
enum vmexit_event_type {
	VMEXIT_EV_EXTINT = 0,
	VMEXIT_EV_NMI = 2,
	VMEXIT_EV_HWEXC = 3,
	VMEXIT_EV_SWINT = 4,
	VMEXIT_EV_PRIV_SWEXC = 5, /* INT1 */
	VMEXIT_EV_SWEXC = 6,      /* INT3, INTO */
};

/* An event to deliver to the guest on the next entry. */
struct vmexit_event {
	uint8_t type;      /* enum vmexit_event_type */
	uint8_t vector;
	bool has_error;
	uint32_t error;
	uint8_t insn_len;  /* for software interrupts and exceptions */
	bool has_payload;
	uint64_t payload;  /* CR2 for #PF, DR6 bits for #DB */
};

/* Result of resolving a guest-physical address. */
struct vmexit_gpa_map {
	void *hva;    /* host pointer to RAM at gpa, or NULL: MMIO/unbacked */
	uint64_t len; /* bytes valid from hva (>= 1); for MMIO bytes to the
			 end of the region, or 0 if unknown */
};

/*
 * Backend operations.  Each returns VMEXIT_DONE or VMEXIT_ERR_BACKEND
 * (any other value is reported as a backend error as well).  An op may be
 * NULL where the backend cannot do it; the library then reports
 * VMEXIT_UNHANDLED for work that needs it.
 */
struct vmexit_ops {
	int (*get_regs)(void *b, struct vmexit_regs *r);
	int (*set_regs)(void *b, const struct vmexit_regs *r);
	int (*get_sregs)(void *b, struct vmexit_sregs *s);
	int (*set_sregs)(void *b, const struct vmexit_sregs *s);
	int (*get_dregs)(void *b, struct vmexit_dregs *d);
	int (*set_dregs)(void *b, const struct vmexit_dregs *d);
	int (*get_vregs)(void *b, struct vmexit_vregs *v);
	int (*set_vregs)(void *b, const struct vmexit_vregs *v);
	int (*get_shadow)(void *b, uint32_t *shadow);
	int (*set_shadow)(void *b, uint32_t shadow);

	/* Resolve a guest-physical address for an access of the given kind. */
	int (*map_gpa)(void *b, uint64_t gpa, bool write,
		       struct vmexit_gpa_map *out);
	/* Device accesses; size is 1, 2, 4, 8, 16, 32 or 64 bytes, and the
	 * access does not cross the region the device claims. */
	int (*mmio_read)(void *b, uint64_t gpa, void *data, unsigned size);
	int (*mmio_write)(void *b, uint64_t gpa, const void *data,
			  unsigned size);
	/* Port I/O; size is 1, 2 or 4. */
	int (*pio_in)(void *b, uint16_t port, unsigned size, uint32_t *val);
	int (*pio_out)(void *b, uint16_t port, unsigned size, uint32_t val);

	/* Deliver an event on the next entry (called from flush). */
	int (*queue_event)(void *b, const struct vmexit_event *ev);

	/* MSRs the library does not own itself; optional. */
	int (*rdmsr)(void *b, uint32_t msr, uint64_t *val);
	int (*wrmsr)(void *b, uint32_t msr, uint64_t val);
};

/* Things about the virtual CPU that are not in its registers. */
struct vmexit_vcpu_config {
	uint8_t maxphyaddr;      /* physical-address width; 0 means 52 */
	bool gbpages;            /* 1-GByte pages (CPUID 80000001H:EDX[26]) */
	bool cet;                /* #CP exists and is contributory */
	/* The guest CPU is AMD's: the emulator leaves the flags the
	 * manuals call undefined as AMD processors do (<vmexit/flags.h>),
	 * not as Intel's. */
	bool amd_flags;
	/* The guest's CPUID has BMI1 (07H:EBX[3]) and LZCNT (80000001H:
	 * ECX[5]): F3 0F BC and F3 0F BD are TZCNT and LZCNT; without them
	 * F3 is ignored and they are BSF and BSR ("TZCNT", "LZCNT"). */
	bool bmi1;
	bool lzcnt;
};

/* Groups in the cache. */
enum vmexit_group {
	VMEXIT_G_REGS = 1u << 0,
	VMEXIT_G_SREGS = 1u << 1,
	VMEXIT_G_DREGS = 1u << 2,
	VMEXIT_G_VREGS = 1u << 3,
	VMEXIT_G_SHADOW = 1u << 4,
};

/* Why the library could not handle something (VMEXIT_UNHANDLED). */
enum vmexit_reason {
	VMEXIT_WHY_NONE = 0,
	VMEXIT_WHY_NO_OP,          /* the backend lacks a needed op */
	VMEXIT_WHY_PT_NOT_RAM,     /* a paging structure is not in RAM */
	VMEXIT_WHY_DESC_NOT_RAM,   /* a descriptor table is not in RAM */
	VMEXIT_WHY_INSN,           /* instruction cannot be emulated */
	VMEXIT_WHY_ADDR_MISMATCH,  /* decoded address differs from exit's */
	VMEXIT_WHY_EXIT,           /* exit reason the library cannot handle */
	VMEXIT_WHY_MODE,           /* CPU mode not supported for this */
};

struct vmexit_diag {
	uint32_t reason;         /* enum vmexit_reason */
	uint8_t insn[15];
	uint8_t insn_len;
	uint64_t addr;           /* address involved, if any */
};

/*
 * The vCPU.  The caller owns the storage (no allocation by the library);
 * fields are public so it can live on the stack or inside the VMM's own
 * vCPU, but are changed only through the functions below.
 */
struct vmexit_vcpu {
	const struct vmexit_ops *ops;
	void *backend;
	struct vmexit_vcpu_config cfg;

	uint32_t valid; /* enum vmexit_group bits fetched this exit */
	uint32_t dirty; /* enum vmexit_group bits changed this exit */
	struct vmexit_regs regs;
	struct vmexit_sregs sregs;
	struct vmexit_dregs dregs;
	struct vmexit_vregs vregs;
	uint32_t shadow;

	bool pending_valid;
	struct vmexit_event pending;
	struct vmexit_diag diag;

	/* The last RAM window map_gpa returned for a read in this exit:
	 * [gpa, gpa + len) is at hva (len 0: none).  Reads inside it (page
	 * walks, instruction bytes, descriptors) need no backend call.  It
	 * assumes the guest-physical memory map changes within an exit only
	 * in a device callback, after which it is dropped; a VMM that
	 * remaps memory otherwise calls vmexit_vcpu_begin() again. */
	struct {
		uint64_t gpa, len;
		void *hva;
	} ram;
};

/* An exception as the library raises it. */
struct vmexit_fault {
	uint8_t vector;
	bool has_error;
	uint32_t error;
	uint64_t cr2; /* for #PF */
};

VMEXIT_API int vmexit_vcpu_init(struct vmexit_vcpu *v,
				const struct vmexit_ops *ops, void *backend,
				const struct vmexit_vcpu_config *cfg);
/* Forget cached state (registers, the RAM window) and any queued event;
 * call after every exit. */
VMEXIT_API int vmexit_vcpu_begin(struct vmexit_vcpu *v);
/* Write back changed groups, then hand a queued event to the backend. */
VMEXIT_API int vmexit_vcpu_flush(struct vmexit_vcpu *v);
/* Make sure the given groups are in the cache. */
VMEXIT_API int vmexit_vcpu_fetch(struct vmexit_vcpu *v, uint32_t groups);
/* Mark groups changed after writing v->regs etc. directly. */
VMEXIT_API void vmexit_vcpu_mark_dirty(struct vmexit_vcpu *v,
				       uint32_t groups);

VMEXIT_API int vmexit_get_reg(struct vmexit_vcpu *v, unsigned reg,
			      uint64_t *val);
VMEXIT_API int vmexit_set_reg(struct vmexit_vcpu *v, unsigned reg,
			      uint64_t val);
VMEXIT_API int vmexit_get_seg(struct vmexit_vcpu *v, unsigned seg,
			      struct vmexit_segment *out);
VMEXIT_API int vmexit_set_seg(struct vmexit_vcpu *v, unsigned seg,
			      const struct vmexit_segment *in);
VMEXIT_API int vmexit_get_dtable(struct vmexit_vcpu *v, unsigned which,
				 struct vmexit_dtable *out);
VMEXIT_API int vmexit_set_dtable(struct vmexit_vcpu *v, unsigned which,
				 const struct vmexit_dtable *in);

/*
 * Queue an exception for the guest.  If one is already queued in this
 * exit, the two are combined as the manual's double-fault table says
 * (see <vmexit/exception.h>); the result can be VMEXIT_TRIPLE_FAULT.
 * Returns VMEXIT_EXCEPTION when queued.  The error code is dropped when
 * the guest is in real mode, where delivery pushes none.
 */
VMEXIT_API int vmexit_raise(struct vmexit_vcpu *v,
			    const struct vmexit_fault *f);
/* Shorthand for exceptions with error code 0 or none. */
VMEXIT_API int vmexit_raise_gp(struct vmexit_vcpu *v, uint32_t error);
VMEXIT_API int vmexit_raise_ud(struct vmexit_vcpu *v);
/* Queue any event (used by event policy and task switch). */
VMEXIT_API int vmexit_queue_event(struct vmexit_vcpu *v,
				  const struct vmexit_event *ev);

/* Record why something is unhandled; returns VMEXIT_UNHANDLED. */
VMEXIT_API int vmexit_unhandled(struct vmexit_vcpu *v, uint32_t reason,
				uint64_t addr);

/* CPU and paging modes, derived from CR0, CR4, EFER, RFLAGS and CS. */
enum vmexit_cpu_mode {
	VMEXIT_MODE_REAL,
	VMEXIT_MODE_VM86,
	VMEXIT_MODE_PROT16,
	VMEXIT_MODE_PROT32,
	VMEXIT_MODE_COMPAT16, /* IA-32e compatibility mode, CS.D = 0 */
	VMEXIT_MODE_COMPAT32, /* IA-32e compatibility mode, CS.D = 1 */
	VMEXIT_MODE_LONG64,
};

enum vmexit_paging_mode {
	VMEXIT_PAGING_NONE,
	VMEXIT_PAGING_32,
	VMEXIT_PAGING_PAE,
	VMEXIT_PAGING_4LEVEL,
	VMEXIT_PAGING_5LEVEL,
};

VMEXIT_API int vmexit_cpu_mode(struct vmexit_vcpu *v,
			       enum vmexit_cpu_mode *mode);
VMEXIT_API int vmexit_paging_mode(struct vmexit_vcpu *v,
				  enum vmexit_paging_mode *mode);
/* Current privilege level: 0 in real mode, 3 in vm86, else SS.DPL
 * (the VMX convention; SDM Vol. 3, "Checks on Guest Segment Registers"). */
VMEXIT_API int vmexit_cpl(struct vmexit_vcpu *v, unsigned *cpl);

/* Pure helpers on already-fetched state. */
VMEXIT_API enum vmexit_cpu_mode vmexit_mode_of(uint64_t cr0, uint64_t efer,
					       uint64_t rflags,
					       uint32_t cs_ar);
VMEXIT_API enum vmexit_paging_mode vmexit_paging_of(uint64_t cr0,
						    uint64_t cr4,
						    uint64_t efer);
/* The CPL of vmexit_cpl() from the mode and SS's access rights. */
VMEXIT_API unsigned vmexit_cpl_of(enum vmexit_cpu_mode mode, uint32_t ss_ar);

#ifdef __cplusplus
}
#endif
#endif
