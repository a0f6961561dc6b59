/* SPDX-License-Identifier: BSD-2-Clause */
/* SVM exit decoding; see <vmexit/exit.h>. */
#include "libc.h"

#include <vmexit/event.h>
#include <vmexit/exception.h>
#include <vmexit/exit.h>
#include <vmexit/vcpu.h>

/* Exit codes 0x60..0x8d (APM Vol. 2, Appendix C, "SVM Intercept Exit
 * Codes"); CR, DR and exception codes are ranges handled in code. */
static const uint8_t svm_misc[] = {
	[0x60 - 0x60] = VMEXIT_X_EXTINT,     [0x61 - 0x60] = VMEXIT_X_NMI,
	[0x62 - 0x60] = VMEXIT_X_SMI,        [0x63 - 0x60] = VMEXIT_X_INIT,
	[0x64 - 0x60] = VMEXIT_X_IRQ_WINDOW, [0x65 - 0x60] = VMEXIT_X_CR_ACCESS,
	[0x66 - 0x60] = VMEXIT_X_DESC_TABLE, [0x67 - 0x60] = VMEXIT_X_DESC_TABLE,
	[0x68 - 0x60] = VMEXIT_X_DESC_TABLE, [0x69 - 0x60] = VMEXIT_X_DESC_TABLE,
	[0x6a - 0x60] = VMEXIT_X_DESC_TABLE, [0x6b - 0x60] = VMEXIT_X_DESC_TABLE,
	[0x6c - 0x60] = VMEXIT_X_DESC_TABLE, [0x6d - 0x60] = VMEXIT_X_DESC_TABLE,
	[0x6e - 0x60] = VMEXIT_X_RDTSC,      [0x6f - 0x60] = VMEXIT_X_RDPMC,
	[0x70 - 0x60] = VMEXIT_X_OTHER_INSN, [0x71 - 0x60] = VMEXIT_X_OTHER_INSN,
	[0x72 - 0x60] = VMEXIT_X_CPUID,      [0x73 - 0x60] = VMEXIT_X_RSM,
	[0x74 - 0x60] = VMEXIT_X_IRET,       [0x75 - 0x60] = VMEXIT_X_OTHER_INSN,
	[0x76 - 0x60] = VMEXIT_X_INVD,       [0x77 - 0x60] = VMEXIT_X_PAUSE,
	[0x78 - 0x60] = VMEXIT_X_HLT,        [0x79 - 0x60] = VMEXIT_X_INVLPG,
	[0x7a - 0x60] = VMEXIT_X_VIRT_INSN,  [0x7b - 0x60] = VMEXIT_X_IO,
	[0x7c - 0x60] = VMEXIT_X_RDMSR,      [0x7d - 0x60] = VMEXIT_X_TASK_SWITCH,
	[0x7e - 0x60] = VMEXIT_X_UNKNOWN,    [0x7f - 0x60] = VMEXIT_X_SHUTDOWN,
	[0x80 - 0x60] = VMEXIT_X_VIRT_INSN,  [0x81 - 0x60] = VMEXIT_X_HYPERCALL,
	[0x82 - 0x60] = VMEXIT_X_VIRT_INSN,  [0x83 - 0x60] = VMEXIT_X_VIRT_INSN,
	[0x84 - 0x60] = VMEXIT_X_VIRT_INSN,  [0x85 - 0x60] = VMEXIT_X_VIRT_INSN,
	[0x86 - 0x60] = VMEXIT_X_VIRT_INSN,  [0x87 - 0x60] = VMEXIT_X_RDTSCP,
	[0x88 - 0x60] = VMEXIT_X_OTHER_INSN, [0x89 - 0x60] = VMEXIT_X_WBINVD,
	[0x8a - 0x60] = VMEXIT_X_MONITOR,    [0x8b - 0x60] = VMEXIT_X_MWAIT,
	[0x8c - 0x60] = VMEXIT_X_MWAIT,      [0x8d - 0x60] = VMEXIT_X_XSETBV,
};

#define SVM_EXIT_NPF 0x400u

bool vmexit_svm_nrip_valid(uint64_t code)
{
	return code <= 0x3f ||                    /* CR and DR access */
	       (code >= 0x43 && code <= 0x45) || /* INT3, INTO, BOUND */
	       (code >= 0x65 && code <= 0x7c) || /* CR0 selective .. MSR */
	       (code >= 0x80 && code <= 0x8d);   /* VMRUN .. XSETBV */
}

/* CR and DR intercepts: with decode assists EXITINFO1 bit 63 says the
 * instruction was a MOV and bits 3:0 name the GPR (APM Vol. 2, "Decode
 * Assists"); a CR0 write by LMSW or CLTS leaves bit 63 clear. */
static void cr_dr(const struct vmexit_svm_raw *r, struct vmexit_exit *x)
{
	uint64_t c = r->exitcode;
	bool mov = r->decode_assists && (r->exitinfo1 >> 63);
	uint8_t gpr = r->exitinfo1 & 0xf;

	if (c <= 0x1f) {
		x->kind = VMEXIT_X_CR_ACCESS;
		x->cr.cr = c & 0xf;
		x->cr.access = c < 0x10 ? VMEXIT_CR_MOV_FROM : VMEXIT_CR_MOV_TO;
		if (c >= 0x10 && !mov)
			x->cr.access = VMEXIT_CR_OTHER;
		x->cr.gpr_valid = mov;
		x->cr.gpr = mov ? gpr : 0;
	} else {
		x->kind = VMEXIT_X_DR_ACCESS;
		x->dr.dr = c & 0xf;
		x->dr.write = c >= 0x30;
		/* DR intercepts report the GPR with decode assists. */
		x->dr.gpr_valid = r->decode_assists;
		x->dr.gpr = r->decode_assists ? gpr : 0;
	}
}

/* IOIO EXITINFO1 (APM Vol. 2, "IOIO Intercepts"): 0 IN, 2 STR, 3 REP,
 * 6:4 SZ32/16/8, 9:7 A64/32/16, 12:10 SEG, 31:16 port.  EXITINFO2 is the
 * next RIP, always saved for IOIO. */
static void ioio(const struct vmexit_svm_raw *r, struct vmexit_exit *x)
{
	uint64_t i = r->exitinfo1;
	unsigned sz = (i >> 4) & 7, as = (i >> 7) & 7, seg = (i >> 10) & 7;

	x->io.in = i & 1;
	x->io.string = (i >> 2) & 1;
	x->io.rep = (i >> 3) & 1;
	/* One bit is set in each one-hot field; a malformed value is
	 * taken at its lowest set bit. */
	x->io.size = (sz & 1) ? 1 : (sz & 2) ? 2 : 4;
	x->io.addr_size = (as & 1) ? 2 : (as & 2) ? 4 : (as & 4) ? 8 : 0;
	x->io.port = (uint16_t)(i >> 16);
	x->io.seg = VMEXIT_EXIT_SEG_NONE;
	if (x->io.string && r->decode_assists && seg < 6)
		x->io.seg = (uint8_t)seg;
	if (r->exitinfo2 > r->rip && r->exitinfo2 - r->rip <= 15)
		x->insn_len = (uint8_t)(r->exitinfo2 - r->rip);
}

/* Nested page fault: EXITINFO1 is a #PF-style error code plus bit 32
 * (final guest-physical access) and bit 33 (guest page-table access);
 * EXITINFO2 the guest-physical address (APM Vol. 2, "Nested Page Fault"). */
static void npf(const struct vmexit_svm_raw *r, struct vmexit_exit *x)
{
	uint64_t e = r->exitinfo1;

	x->kind = VMEXIT_X_NPF;
	x->npf.gpa = r->exitinfo2;
	x->npf.present = e & 1;
	x->npf.write = (e >> 1) & 1;
	x->npf.user = (e >> 2) & 1;
	x->npf.rsvd = (e >> 3) & 1;
	x->npf.fetch = (e >> 4) & 1;
	x->npf.read = !x->npf.write && !x->npf.fetch;
	x->npf.final = (e >> 32) & 1;
	x->npf.walk = (e >> 33) & 1;
}

static void exception(const struct vmexit_svm_raw *r, struct vmexit_exit *x)
{
	unsigned v = (unsigned)(r->exitcode - VMEXIT_SVM_EXIT_EXCP_BASE);

	x->kind = VMEXIT_X_EXCEPTION;
	x->exc.vector = (uint8_t)v;
	x->exc.type = (v == 3 || v == 4) ? VMEXIT_EV_SWEXC : VMEXIT_EV_HWEXC;
	if (v == 2) {
		x->kind = VMEXIT_X_NMI;
		x->exc.type = VMEXIT_EV_NMI;
	}
	/* Exceptions with an error code report it in EXITINFO1; #PF adds
	 * the faulting address in EXITINFO2 (APM Vol. 2, "Exception
	 * Intercepts"). */
	if (vmexit_exc_has_error(v)) {
		x->exc.has_error = true;
		x->exc.error = (uint32_t)r->exitinfo1;
	}
	if (v == 14) {
		x->exc.has_cr2 = true;
		x->exc.cr2 = r->exitinfo2;
	}
}

/* Task switch: EXITINFO1 the new TSS selector; EXITINFO2 bit 36 IRET,
 * bit 38 JMP, bit 44 error code valid, bit 48 RF, 31:0 the error code.  A switch
 * through a task gate is the one with an event in EXITINTINFO; the rest
 * are CALLs (APM Vol. 2, "Task Switch Intercept"). */
static void task_switch(const struct vmexit_svm_raw *r, struct vmexit_exit *x)
{
	uint64_t i2 = r->exitinfo2;

	x->ts.selector = (uint16_t)r->exitinfo1;
	if ((i2 >> 36) & 1)
		x->ts.source = VMEXIT_TS_IRET;
	else if ((i2 >> 38) & 1)
		x->ts.source = VMEXIT_TS_JMP;
	else if (r->exitintinfo & VMEXIT_INTINFO_VALID)
		x->ts.source = VMEXIT_TS_IDT;
	else
		x->ts.source = VMEXIT_TS_CALL;
	x->ts.has_error = (i2 >> 44) & 1;
	x->ts.error = x->ts.has_error ? (uint32_t)i2 : 0;
	/* Bit 48: "the value of EFLAGS.RF that would be saved in the
	 * outgoing TSS if the task switch were not intercepted". */
	x->ts.rf_valid = true;
	x->ts.rf = (i2 >> 48) & 1;
}

static void classify(const struct vmexit_svm_raw *r, struct vmexit_exit *x)
{
	uint64_t c = r->exitcode;

	if (c <= 0x3f)
		cr_dr(r, x);
	else if (c <= 0x5f)
		exception(r, x);
	else if (c - 0x60 < sizeof(svm_misc))
		x->kind = svm_misc[c - 0x60];
	else if (c >= 0x90 && c <= 0x9f) { /* CR write traps (SEV-ES) */
		x->kind = VMEXIT_X_CR_ACCESS;
		x->cr.cr = c & 0xf;
		x->cr.access = VMEXIT_CR_OTHER;
	}
	else if (c == SVM_EXIT_NPF)
		npf(r, x);
	else if (c == VMEXIT_SVM_EXIT_INVALID)
		x->kind = VMEXIT_X_ENTRY_FAILED;
}

int vmexit_exit_from_svm(const struct vmexit_svm_raw *r, struct vmexit_exit *x)
{
	if (!r || !x)
		return VMEXIT_ERR_CALLER;
	memset(x, 0, sizeof(*x));
	x->arch = VMEXIT_ARCH_SVM;
	x->raw_reason = r->exitcode;
	x->raw_info1 = r->exitinfo1;
	x->raw_info2 = r->exitinfo2;
	x->intinfo = r->exitintinfo;
	x->intinfo_error = (uint32_t)(r->exitintinfo >> 32);
	classify(r, x);
	if (x->kind == VMEXIT_X_ENTRY_FAILED) {
		x->intinfo = 0;
		x->intinfo_error = 0;
		return VMEXIT_DONE;
	}

	/* nRIP only where the NRIPS rule says it is saved, and only when
	 * it is a plausible length (in 16-bit code IP wraps; hostile or
	 * stale values are ignored, leaving the length to decoding). */
	if (r->nrips && vmexit_svm_nrip_valid(r->exitcode) &&
	    r->nrip > r->rip && r->nrip - r->rip <= 15)
		x->insn_len = (uint8_t)(r->nrip - r->rip);

	switch (x->kind) {
	case VMEXIT_X_IO:
		ioio(r, x);
		break;
	case VMEXIT_X_RDMSR:
		if (r->exitinfo1 == 1) /* EXITINFO1: 0 RDMSR, 1 WRMSR */
			x->kind = VMEXIT_X_WRMSR;
		break;
	case VMEXIT_X_TASK_SWITCH:
		task_switch(r, x);
		break;
	case VMEXIT_X_INVLPG:
		if (r->decode_assists)
			x->linear = r->exitinfo1;
		break;
	case VMEXIT_X_CR_ACCESS:
		if (r->exitcode == 0x65) /* selective CR0 write: no MOV info */
			x->cr.access = VMEXIT_CR_OTHER;
		break;
	default:
		break;
	}
	/* The fetched instruction bytes come with #NPF and #PF intercepts
	 * under decode assists (APM Vol. 2, "Decode Assists"). */
	if (r->decode_assists && (r->exitcode == SVM_EXIT_NPF ||
				  r->exitcode == VMEXIT_SVM_EXIT_EXCP_BASE + 14)) {
		x->insn_bytes_len = r->insn_bytes_len <= 15 ? r->insn_bytes_len
							    : 15;
		memcpy(x->insn_bytes, r->insn_bytes, x->insn_bytes_len);
	}
	return VMEXIT_DONE;
}
