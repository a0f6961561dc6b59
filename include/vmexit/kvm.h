/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The KVM adapter: the vCPU ops of <vmexit/vcpu.h> on a KVM vCPU file
 * descriptor, and KVM's exits (struct kvm_run) turned into one record.
 *
 * The VMM keeps creating the VM and vCPU itself (the example runner,
 * examples/vmexit-run.c, shows how); it hands the adapter the file
 * descriptors, the mapped kvm_run page, its RAM slots and its device
 * callbacks.  State moves in KVM's batches: KVM_GET/SET_REGS, SREGS2 (with
 * the PAE PDPTEs) or SREGS on older kernels, DEBUGREGS, XSAVE for vector
 * registers (SSE, AVX and AVX-512), VCPU_EVENTS for the interrupt shadow
 * and event injection.
 *
 * Linux only; the header itself needs no kernel headers.  The struct is
 * caller-owned storage (no allocation); its fields are read-only to the
 * caller after vmexit_kvm_init().
 */
#ifndef VMEXIT_KVM_H
#define VMEXIT_KVM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <vmexit/vcpu.h>

#ifdef __cplusplus
extern "C" {
#endif

/* RAM slots the adapter registers with KVM and resolves gpa -> hva in. */
#define VMEXIT_KVM_MAX_SLOTS 8

struct vmexit_kvm_slot {
	uint64_t gpa;
	uint64_t size;
	void *hva;
	bool readonly; /* writes are MMIO (KVM_MEM_READONLY) */
};

/*
 * What the VMM's devices do.  Every callback returns 0 on success and
 * anything else on failure; a NULL callback fails the access.  The
 * adapter never calls them with a size other than the ones listed in
 * struct vmexit_ops.
 */
struct vmexit_kvm_devices {
	int (*pio_in)(void *opaque, uint16_t port, unsigned size,
		      uint32_t *val);
	int (*pio_out)(void *opaque, uint16_t port, unsigned size,
		       uint32_t val);
	int (*mmio_read)(void *opaque, uint64_t gpa, void *data,
			 unsigned size);
	int (*mmio_write)(void *opaque, uint64_t gpa, const void *data,
			  unsigned size);
	/* MSRs KVM sends to userspace (see vmexit_kvm_msr_exits()). */
	int (*rdmsr)(void *opaque, uint32_t msr, uint64_t *val);
	int (*wrmsr)(void *opaque, uint32_t msr, uint64_t val);
};

/* The adapter's backend state: the "void *backend" of the vCPU ops. */
struct vmexit_kvm {
	int vm_fd;
	int vcpu_fd;
	void *run;       /* the vCPU's mapped struct kvm_run */
	size_t run_size; /* KVM_GET_VCPU_MMAP_SIZE */
	const struct vmexit_kvm_devices *dev;
	void *dev_opaque;

	unsigned nr_slots;
	struct vmexit_kvm_slot slots[VMEXIT_KVM_MAX_SLOTS];

	/* Capabilities found at init. */
	bool has_sregs2;      /* KVM_CAP_SREGS2: PDPTEs in and out */
	bool has_debugregs;   /* KVM_CAP_DEBUGREGS */
	bool has_xsave;       /* KVM_CAP_XSAVE */
	bool has_xcrs;        /* KVM_CAP_XCRS */
	bool emul_insn_bytes; /* KVM_CAP_EXIT_ON_EMULATION_FAILURE enabled */
	bool user_msr;        /* KVM_CAP_X86_USER_SPACE_MSR enabled */
	bool exc_payload;     /* KVM_CAP_EXCEPTION_PAYLOAD enabled */

	/* The library's MSR policy, if the VMM set one
	 * (vmexit_kvm_msr_policy()). */
	const struct vmexit_msr_config *msr_cfg;
	struct vmexit_msr_state *msr_state;

	/* Where XSAVE components 2 (YMM_Hi128) and 5-7 (opmask, ZMM_Hi256,
	 * Hi16_ZMM) are in KVM's standard-format image: the host's
	 * CPUID.(EAX=0DH,ECX=i).EBX, 0 where the host has none. */
	uint32_t xsave_off[8];
	uint64_t xcr0_read; /* XCR0 as last read, to write back only changes */
	/* KVM's XSAVE image is 4 KiB (struct kvm_xsave). */
	_Alignas(64) uint8_t xsave[4096];
};

/*
 * Set up the adapter for one vCPU.  vm_fd, vcpu_fd and run come from
 * KVM_CREATE_VM, KVM_CREATE_VCPU and mmap of the vCPU (run_size bytes).
 * Probes capabilities and enables instruction bytes on emulation failure.
 * Returns VMEXIT_DONE, VMEXIT_ERR_CALLER or VMEXIT_ERR_BACKEND.
 */
VMEXIT_API int vmexit_kvm_init(struct vmexit_kvm *k, int vm_fd, int vcpu_fd,
			       void *run, size_t run_size,
			       const struct vmexit_kvm_devices *dev,
			       void *dev_opaque);

/*
 * Queue #PF and #DB with their payload (CR2, the DR6 bits) and let KVM
 * write it when it delivers the exception, as the processor does: enables
 * KVM_CAP_EXCEPTION_PAYLOAD on the VM (a per-VM capability: the VMM's
 * own save and restore of vCPU events must then carry exception.pending
 * and the payload fields).  Without it the adapter writes CR2 or DR6
 * itself before it injects the exception, through KVM_SET_SREGS or
 * KVM_SET_DEBUGREGS; with it no register is written early, so a nested
 * hypervisor that intercepts the #PF sees CR2 unchanged, and KVM turns
 * the exception into #DF where one is already pending.  Returns
 * VMEXIT_DONE, or VMEXIT_UNHANDLED if KVM lacks the capability.
 */
VMEXIT_API int vmexit_kvm_exception_payload(struct vmexit_kvm *k);

/* Register RAM with KVM (KVM_SET_USER_MEMORY_REGION) and with the
 * adapter.  gpa, size and hva must be page aligned. */
VMEXIT_API int vmexit_kvm_add_ram(struct vmexit_kvm *k, uint64_t gpa,
				  uint64_t size, void *hva, bool readonly);

/*
 * Send RDMSR/WRMSR of these MSRs, and of every MSR KVM does not know, to
 * the VMM's rdmsr/wrmsr callbacks (KVM_CAP_X86_USER_SPACE_MSR with an MSR
 * filter).  n may be 0.  VMEXIT_UNHANDLED if the kernel lacks either.
 */
VMEXIT_API int vmexit_kvm_msr_exits(struct vmexit_kvm *k,
				    const uint32_t *msrs, unsigned n);

/* Largest CPUID table the adapter moves in or out of KVM. */
#define VMEXIT_KVM_MAX_CPUID 256

struct vmexit_cpuid_entry;  /* <vmexit/cpuid.h> */
struct vmexit_cpuid_config;

/* KVM's supported CPUID (KVM_GET_SUPPORTED_CPUID on the /dev/kvm fd) as
 * the host table of a struct vmexit_cpuid_config: up to max entries into
 * out, their number in *n.  VMEXIT_ERR_CALLER if max is too small. */
VMEXIT_API int vmexit_kvm_supported_cpuid(int kvm_fd,
					  struct vmexit_cpuid_entry *out,
					  unsigned max, unsigned *n);

/* Give the vCPU the guest CPUID the library's policy computes from cfg
 * (KVM_SET_CPUID2, before the first KVM_RUN): every leaf and subleaf of
 * cfg->host except its hypervisor leaves, and the library's 40000000H
 * signature leaf.  KVM answers CPUID in the kernel from this table. */
VMEXIT_API int vmexit_kvm_set_cpuid(struct vmexit_kvm *k,
				    const struct vmexit_cpuid_config *cfg);

struct vmexit_msr_config;  /* <vmexit/msr.h> */
struct vmexit_msr_state;

/*
 * Answer the MSR exits KVM sends to userspace with the library's MSR
 * policy (<vmexit/msr.h>): the MSRs the library owns are read and
 * written in *state with the checks WRMSR makes, and the rest go to the
 * devices' rdmsr/wrmsr when cfg->unknown_to_vmm says so.  Without a
 * policy every MSR exit goes to the devices.  cfg and state must outlive
 * the adapter; NULL cfg turns the policy off.
 */
VMEXIT_API int vmexit_kvm_msr_policy(struct vmexit_kvm *k,
				     const struct vmexit_msr_config *cfg,
				     struct vmexit_msr_state *state);

/* The vCPU ops; backend pointer is a struct vmexit_kvm. */
VMEXIT_API extern const struct vmexit_ops vmexit_kvm_ops;

/*
 * The KVM adapter's normalized exit record.
 *
 * It is not <vmexit/exit.h>'s struct vmexit_exit on purpose: that record
 * describes a hardware exit (VMX/SVM fields) that still needs its
 * instruction decoded and emulated, while what KVM hands to userspace has
 * already been through KVM's own emulator (an MMIO exit is one data
 * access, an IO exit the data of every repetition).  Only an emulation
 * failure still holds an instruction, and that goes to the library's
 * emulator (vmexit_kvm_emulate()).  A VMM on the bundled module or its own
 * VMX/SVM code uses vmexit_exit_from_vmx()/_svm() and vmexit_handle().
 */
enum vmexit_kvm_exit_kind {
	VMEXIT_KVM_X_UNKNOWN = 0, /* a KVM exit the adapter does not know */
	VMEXIT_KVM_X_IO,          /* port I/O, possibly a REP string */
	VMEXIT_KVM_X_MMIO,
	VMEXIT_KVM_X_HLT,
	VMEXIT_KVM_X_SHUTDOWN,    /* triple fault */
	VMEXIT_KVM_X_RDMSR,
	VMEXIT_KVM_X_WRMSR,
	VMEXIT_KVM_X_EMULATION,   /* KVM's emulator gave up: insn bytes */
	VMEXIT_KVM_X_INTERNAL,    /* any other internal error */
	VMEXIT_KVM_X_FAIL_ENTRY,  /* VM entry failed: hw_reason */
	VMEXIT_KVM_X_SYSTEM_EVENT,
	VMEXIT_KVM_X_INTR,        /* KVM_RUN interrupted by a signal */
	VMEXIT_KVM_X_DEBUG,
	VMEXIT_KVM_X_NR
};

struct vmexit_kvm_exit {
	uint32_t kind;     /* enum vmexit_kvm_exit_kind */
	uint32_t reason;   /* KVM_EXIT_* as KVM reported it */
	uint64_t addr;     /* IO: port; MMIO: gpa; MSR: index */
	uint32_t size;     /* IO: 1/2/4; MMIO: 1..8 bytes */
	uint32_t count;    /* IO: repetitions (REP INS/OUTS) */
	bool write;        /* IO out, MMIO write, WRMSR */
	uint64_t data;     /* MMIO/WRMSR value written */
	uint32_t sub;      /* internal suberror, entry hw_reason, event type */
	uint8_t insn[15];  /* EMULATION: the bytes KVM could not emulate */
	uint8_t insn_len;
};

/* Read the vCPU's kvm_run after KVM_RUN returned into *x.  Every field of
 * kvm_run is checked against the page before use. */
VMEXIT_API int vmexit_kvm_decode_exit(struct vmexit_kvm *k,
				      struct vmexit_kvm_exit *x);

/*
 * Handle what the library handles: port I/O, MMIO and MSR exits are
 * dispatched through the vCPU ops (so the VMM's device callbacks), and an
 * emulation failure goes to the library's emulator.  Returns VMEXIT_DONE
 * (re-enter), VMEXIT_UNHANDLED (see v->diag; left for the VMM: halt,
 * shutdown, entry failure, system events, unknown exits) or an error.
 * v must be the vCPU built on k's ops; call vmexit_vcpu_begin() before and
 * vmexit_vcpu_flush() after, as for any exit.
 */
VMEXIT_API int vmexit_kvm_handle_exit(struct vmexit_vcpu *v,
				      struct vmexit_kvm *k,
				      const struct vmexit_kvm_exit *x);

/*
 * The emulation-failure fallback: execute the instruction KVM could not
 * (insn/len: the bytes KVM reported, len may be 0) through libvmexit's
 * emulator, exactly as vmexit_emulate_at_rip() does: VMEXIT_DONE with RIP
 * advanced, VMEXIT_EXCEPTION with the guest's fault queued, or
 * VMEXIT_UNHANDLED with the bytes in v->diag.
 */
VMEXIT_API int vmexit_kvm_emulate(struct vmexit_vcpu *v,
				  const uint8_t *insn, unsigned len);

/* A short name for an exit kind ("io", "mmio", ...); never NULL. */
VMEXIT_API const char *vmexit_kvm_exit_name(uint32_t kind);

#ifdef __cplusplus
}
#endif
#endif
