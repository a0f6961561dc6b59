/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * KVM exits: kvm_run decoded into the adapter's record, and the exits the
 * library handles dispatched through the vCPU ops.
 *
 * For IO and MMIO exits KVM has already decoded and (for strings) split
 * the instruction; it finishes it on the next KVM_RUN with what userspace
 * left in kvm_run.  So the handler only performs the device accesses and
 * must not touch registers (KVM's API documentation, "KVM_RUN": guest
 * state is consistent only after re-entry).
 */
#include <string.h>

#include <linux/kvm.h>

#include <vmexit/emulate.h>
#include <vmexit/kvm.h>
#include <vmexit/msr.h>
#include <vmexit/x86.h>

static const char *const exit_names[VMEXIT_KVM_X_NR] = {
	[VMEXIT_KVM_X_UNKNOWN] = "unknown",
	[VMEXIT_KVM_X_IO] = "io",
	[VMEXIT_KVM_X_MMIO] = "mmio",
	[VMEXIT_KVM_X_HLT] = "hlt",
	[VMEXIT_KVM_X_SHUTDOWN] = "shutdown",
	[VMEXIT_KVM_X_RDMSR] = "rdmsr",
	[VMEXIT_KVM_X_WRMSR] = "wrmsr",
	[VMEXIT_KVM_X_EMULATION] = "emulation-failure",
	[VMEXIT_KVM_X_INTERNAL] = "internal-error",
	[VMEXIT_KVM_X_FAIL_ENTRY] = "fail-entry",
	[VMEXIT_KVM_X_SYSTEM_EVENT] = "system-event",
	[VMEXIT_KVM_X_INTR] = "intr",
	[VMEXIT_KVM_X_DEBUG] = "debug",
};

const char *vmexit_kvm_exit_name(uint32_t kind)
{
	return kind < VMEXIT_KVM_X_NR ? exit_names[kind] : "invalid";
}

static void decode_emulation(const struct kvm_run *run,
			     struct vmexit_kvm_exit *x)
{
	x->kind = VMEXIT_KVM_X_EMULATION;
	/* The bytes are there only with KVM_CAP_EXIT_ON_EMULATION_FAILURE;
	 * ndata counts the u64 words flags, insn_size+bytes (3). */
	if (run->emulation_failure.ndata < 3 ||
	    !(run->emulation_failure.flags &
	      KVM_INTERNAL_ERROR_EMULATION_FLAG_INSTRUCTION_BYTES))
		return;
	unsigned n = run->emulation_failure.insn_size;
	if (n > sizeof(x->insn))
		n = sizeof(x->insn);
	memcpy(x->insn, run->emulation_failure.insn_bytes, n);
	x->insn_len = (uint8_t)n;
}

int vmexit_kvm_decode_exit(struct vmexit_kvm *k, struct vmexit_kvm_exit *x)
{
	if (!k || !x || !k->run || k->run_size < sizeof(struct kvm_run))
		return VMEXIT_ERR_CALLER;
	const struct kvm_run *run = k->run;
	memset(x, 0, sizeof(*x));
	x->reason = run->exit_reason;

	switch (run->exit_reason) {
	case KVM_EXIT_IO:
		x->kind = VMEXIT_KVM_X_IO;
		x->addr = run->io.port;
		x->size = run->io.size;
		x->count = run->io.count;
		x->write = run->io.direction == KVM_EXIT_IO_OUT;
		break;
	case KVM_EXIT_MMIO:
		x->kind = VMEXIT_KVM_X_MMIO;
		x->addr = run->mmio.phys_addr;
		x->size = run->mmio.len;
		x->write = run->mmio.is_write;
		if (x->write && x->size <= 8)
			memcpy(&x->data, run->mmio.data, x->size);
		break;
	case KVM_EXIT_HLT:
		x->kind = VMEXIT_KVM_X_HLT;
		break;
	case KVM_EXIT_SHUTDOWN:
		x->kind = VMEXIT_KVM_X_SHUTDOWN;
		break;
	case KVM_EXIT_X86_RDMSR:
	case KVM_EXIT_X86_WRMSR:
		x->write = run->exit_reason == KVM_EXIT_X86_WRMSR;
		x->kind = x->write ? VMEXIT_KVM_X_WRMSR : VMEXIT_KVM_X_RDMSR;
		x->addr = run->msr.index;
		x->data = run->msr.data;
		x->sub = run->msr.reason;
		break;
	case KVM_EXIT_INTERNAL_ERROR:
		x->sub = run->internal.suberror;
		if (x->sub == KVM_INTERNAL_ERROR_EMULATION)
			decode_emulation(run, x);
		else
			x->kind = VMEXIT_KVM_X_INTERNAL;
		break;
	case KVM_EXIT_FAIL_ENTRY:
		x->kind = VMEXIT_KVM_X_FAIL_ENTRY;
		x->sub = (uint32_t)run->fail_entry.hardware_entry_failure_reason;
		x->data = run->fail_entry.hardware_entry_failure_reason;
		break;
	case KVM_EXIT_SYSTEM_EVENT:
		x->kind = VMEXIT_KVM_X_SYSTEM_EVENT;
		x->sub = run->system_event.type;
		break;
	case KVM_EXIT_INTR:
		x->kind = VMEXIT_KVM_X_INTR;
		break;
	case KVM_EXIT_DEBUG:
		x->kind = VMEXIT_KVM_X_DEBUG;
		x->addr = run->debug.arch.pc;
		break;
	default:
		x->kind = VMEXIT_KVM_X_UNKNOWN;
		break;
	}
	return VMEXIT_DONE;
}

/* One element of a port access through the ops. */
static int pio_one(struct vmexit_vcpu *v, uint16_t port, unsigned size,
		   bool out, uint8_t *data)
{
	uint32_t val = 0;
	int rc;

	if (out) {
		memcpy(&val, data, size);
		rc = v->ops->pio_out ? v->ops->pio_out(v->backend, port, size, val)
				     : VMEXIT_ERR_BACKEND;
	} else {
		rc = v->ops->pio_in ? v->ops->pio_in(v->backend, port, size, &val)
				    : VMEXIT_ERR_BACKEND;
		memcpy(data, &val, size);
	}
	return rc == VMEXIT_DONE ? VMEXIT_DONE : VMEXIT_ERR_BACKEND;
}

static int handle_io(struct vmexit_vcpu *v, struct vmexit_kvm *k,
		     const struct vmexit_kvm_exit *x)
{
	const struct kvm_run *run = k->run;
	unsigned size = x->size;

	if (size != 1 && size != 2 && size != 4)
		return vmexit_unhandled(v, VMEXIT_WHY_EXIT, x->addr);
	/* KVM puts the data of all repetitions at data_offset in the run
	 * page; never trust the sum to stay inside it. */
	uint64_t off = run->io.data_offset;
	uint64_t bytes = (uint64_t)x->count * size;
	if (off > k->run_size || bytes > k->run_size - off)
		return VMEXIT_ERR_BACKEND;
	uint8_t *data = (uint8_t *)k->run + off;
	for (uint32_t i = 0; i < x->count; i++) {
		int rc = pio_one(v, (uint16_t)x->addr, size, x->write,
				 data + (uint64_t)i * size);
		if (rc != VMEXIT_DONE)
			return rc;
	}
	return VMEXIT_DONE;
}

/* KVM splits MMIO at page boundaries and at 8 bytes, so a fragment can
 * have any length 1-8; the ops take only powers of two, so an odd
 * fragment goes as bytes, lowest address first like a string move. */
static int handle_mmio(struct vmexit_vcpu *v, struct vmexit_kvm *k,
		       const struct vmexit_kvm_exit *x)
{
	struct kvm_run *run = k->run;
	unsigned len = x->size;

	if (len < 1 || len > 8)
		return VMEXIT_ERR_BACKEND;
	unsigned step = (len & (len - 1)) ? 1 : len;
	for (unsigned i = 0; i < len; i += step) {
		int rc;
		if (x->write)
			rc = v->ops->mmio_write
				     ? v->ops->mmio_write(v->backend, x->addr + i,
							  run->mmio.data + i, step)
				     : VMEXIT_ERR_BACKEND;
		else
			rc = v->ops->mmio_read
				     ? v->ops->mmio_read(v->backend, x->addr + i,
							 run->mmio.data + i, step)
				     : VMEXIT_ERR_BACKEND;
		if (rc != VMEXIT_DONE)
			return VMEXIT_ERR_BACKEND;
	}
	return VMEXIT_DONE;
}

static uint64_t host_tsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (uint64_t)hi << 32 | lo;
}

/* One MSR access through the library's policy, or straight to the
 * devices without one. */
static int msr_access(struct vmexit_vcpu *v, struct vmexit_kvm *k,
		      const struct vmexit_kvm_exit *x, uint64_t *val)
{
	uint32_t msr = (uint32_t)x->addr;

	if (k->msr_cfg && x->write)
		return vmexit_msr_write(v, k->msr_cfg, k->msr_state, msr,
					*val, host_tsc());
	if (k->msr_cfg)
		return vmexit_msr_read(v, k->msr_cfg, k->msr_state, msr,
				       host_tsc(), val);
	if (x->write)
		return v->ops->wrmsr ? v->ops->wrmsr(v->backend, msr, *val)
				     : VMEXIT_ERR_BACKEND;
	return v->ops->rdmsr ? v->ops->rdmsr(v->backend, msr, val)
			     : VMEXIT_ERR_BACKEND;
}

/* KVM raises #GP itself when userspace sets msr.error, and leaves RIP on
 * the instruction (KVM's API documentation, "KVM_EXIT_X86_RDMSR /
 * KVM_EXIT_X86_WRMSR"): that is the fault RDMSR/WRMSR raise for an MSR
 * that does not exist or a value WRMSR refuses (SDM Vol. 2B, "RDMSR",
 * "WRMSR").  So the #GP(0) the policy queued is handed to KVM that way,
 * not injected a second time at the flush. */
static int handle_msr(struct vmexit_vcpu *v, struct vmexit_kvm *k,
		      const struct vmexit_kvm_exit *x)
{
	struct kvm_run *run = k->run;
	uint64_t val = x->write ? x->data : 0;
	int rc = msr_access(v, k, x, &val);

	if (rc == VMEXIT_EXCEPTION && v->pending_valid &&
	    v->pending.vector == VMEXIT_EXC_GP)
		v->pending_valid = false;
	if (!x->write)
		run->msr.data = rc == VMEXIT_DONE ? val : 0;
	/* A device that refused, or an MSR nobody handles: #GP as well. */
	run->msr.error = rc != VMEXIT_DONE;
	return rc == VMEXIT_DONE ? VMEXIT_DONE : VMEXIT_EXCEPTION;
}

int vmexit_kvm_emulate(struct vmexit_vcpu *v, const uint8_t *insn,
		       unsigned len)
{
	if (!v || (len && !insn))
		return VMEXIT_ERR_CALLER;
	/* KVM leaves RIP on the instruction it gave up on, so this is the
	 * instruction at CS:RIP; its bytes are the ones KVM fetched, and
	 * when they are missing or too few the library fetches them. */
	return vmexit_emulate_at_rip(v, len ? insn : NULL, len, NULL);
}

int vmexit_kvm_handle_exit(struct vmexit_vcpu *v, struct vmexit_kvm *k,
			   const struct vmexit_kvm_exit *x)
{
	if (!v || !k || !x || v->backend != k || !v->ops)
		return VMEXIT_ERR_CALLER;
	switch (x->kind) {
	case VMEXIT_KVM_X_IO:
		return handle_io(v, k, x);
	case VMEXIT_KVM_X_MMIO:
		return handle_mmio(v, k, x);
	case VMEXIT_KVM_X_RDMSR:
	case VMEXIT_KVM_X_WRMSR:
		return handle_msr(v, k, x);
	case VMEXIT_KVM_X_EMULATION:
		return vmexit_kvm_emulate(v, x->insn, x->insn_len);
	case VMEXIT_KVM_X_INTR:
		return VMEXIT_RETRY;
	default:
		return vmexit_unhandled(v, VMEXIT_WHY_EXIT, x->reason);
	}
}
