/* SPDX-License-Identifier: BSD-2-Clause */
/* VMX exit decoding; see <vmexit/exit.h>. */
#include "libc.h"

#include <vmexit/event.h>
#include <vmexit/exit.h>
#include <vmexit/vcpu.h>

/*
 * Basic exit reasons (SDM Vol. 3, Appendix C, "VMX Basic Exit Reasons").
 * insn: the exit is caused by executing an instruction, so the VM-exit
 * instruction length is defined (SDM Vol. 3, "Information for VM Exits
 * Due to Instruction Execution").
 */
struct vmx_reason {
	uint8_t kind;
	uint8_t insn;
};

#define K(k) { VMEXIT_X_##k, 0 }
#define I(k) { VMEXIT_X_##k, 1 }
static const struct vmx_reason vmx_reasons[] = {
	[0] = K(EXCEPTION),   [1] = K(EXTINT),        [2] = K(SHUTDOWN),
	[3] = K(INIT),        [4] = K(SIPI),          [5] = K(SMI),
	[6] = K(SMI),         [7] = K(IRQ_WINDOW),    [8] = K(NMI_WINDOW),
	[9] = I(TASK_SWITCH), [10] = I(CPUID),        [11] = I(VIRT_INSN),
	[12] = I(HLT),        [13] = I(INVD),         [14] = I(INVLPG),
	[15] = I(RDPMC),      [16] = I(RDTSC),        [17] = I(RSM),
	[18] = I(HYPERCALL),  [19] = I(VIRT_INSN),    [20] = I(VIRT_INSN),
	[21] = I(VIRT_INSN),  [22] = I(VIRT_INSN),    [23] = I(VIRT_INSN),
	[24] = I(VIRT_INSN),  [25] = I(VIRT_INSN),    [26] = I(VIRT_INSN),
	[27] = I(VIRT_INSN),  [28] = I(CR_ACCESS),    [29] = I(DR_ACCESS),
	[30] = I(IO),         [31] = I(RDMSR),        [32] = I(WRMSR),
	[33] = K(ENTRY_FAILED), [34] = K(ENTRY_FAILED), [36] = I(MWAIT),
	[37] = K(MTF),        [39] = I(MONITOR),      [40] = I(PAUSE),
	[41] = K(ENTRY_FAILED), [43] = K(TPR_BELOW),  [44] = K(APIC_ACCESS),
	[46] = I(DESC_TABLE), [47] = I(DESC_TABLE),   [48] = K(NPF),
	[49] = K(EPT_MISCONFIG), [50] = I(VIRT_INSN), [51] = I(RDTSCP),
	[52] = K(PREEMPT_TIMER), [53] = I(VIRT_INSN), [54] = I(WBINVD),
	[55] = I(XSETBV),     [57] = I(OTHER_INSN),   [58] = I(OTHER_INSN),
	[59] = I(VIRT_INSN),  [60] = I(OTHER_INSN),   [61] = I(OTHER_INSN),
	[63] = I(OTHER_INSN), [64] = I(OTHER_INSN),   [67] = I(OTHER_INSN),
	[68] = I(OTHER_INSN),
};
#undef K
#undef I

#define NREASONS (sizeof(vmx_reasons) / sizeof(vmx_reasons[0]))

/* Exit-qualification layouts (SDM Vol. 3, "Exit Qualification for ..."). */
static void cr_access(uint64_t q, struct vmexit_exit *x)
{
	x->cr.cr = q & 0xf;
	x->cr.access = (q >> 4) & 3;
	x->cr.gpr_valid = x->cr.access <= VMEXIT_CR_MOV_FROM;
	x->cr.gpr = x->cr.gpr_valid ? (q >> 8) & 0xf : 0;
	if (x->cr.access == VMEXIT_CR_LMSW) {
		x->cr.lmsw_mem = (q >> 6) & 1;
		x->cr.lmsw_src = (uint16_t)(q >> 16);
	}
}

static void dr_access(uint64_t q, struct vmexit_exit *x)
{
	x->dr.dr = q & 7;
	x->dr.write = !((q >> 4) & 1); /* 0 = MOV to DR */
	x->dr.gpr_valid = true;
	x->dr.gpr = (q >> 8) & 0xf;
}

static void io(const struct vmexit_vmx_raw *r, struct vmexit_exit *x)
{
	uint64_t q = r->qual;
	/* Size field: 0 = 1 byte, 1 = 2 bytes, 3 = 4 bytes; 2 is not
	 * used, taken here as 4 (only the low bits matter to a guest). */
	static const uint8_t size[4] = { 1, 2, 4, 4 };

	x->io.size = size[q & 3];
	x->io.in = (q >> 3) & 1;
	x->io.string = (q >> 4) & 1;
	x->io.rep = (q >> 5) & 1;
	x->io.imm = (q >> 6) & 1;
	x->io.port = (uint16_t)(q >> 16);
	x->io.seg = VMEXIT_EXIT_SEG_NONE;
	if (!x->io.string)
		return;
	x->io.linear_valid = true;
	x->io.linear = r->guest_linear;
	/* INS/OUTS instruction information when IA32_VMX_BASIC[54]: bits
	 * 9:7 address size (0/1/2 = 16/32/64), 17:15 segment (OUTS). */
	if (r->io_insn_info) {
		unsigned as = (r->insn_info >> 7) & 7;
		unsigned seg = (r->insn_info >> 15) & 7;
		x->io.addr_size = as <= 2 ? (uint8_t)(2u << as) : 0;
		if (!x->io.in && seg < 6)
			x->io.seg = (uint8_t)seg;
		else if (x->io.in)
			x->io.seg = VMEXIT_SEG_ES; /* INS always writes ES */
	}
}

static void ept_violation(const struct vmexit_vmx_raw *r, struct vmexit_exit *x)
{
	uint64_t q = r->qual;

	x->npf.gpa = r->guest_phys;
	x->npf.read = q & 1;
	x->npf.write = (q >> 1) & 1;
	x->npf.fetch = (q >> 2) & 1;
	x->npf.present = (q & 0x38) != 0; /* readable/writable/executable */
	x->npf.gla_valid = (q >> 7) & 1;
	if (x->npf.gla_valid) {
		x->npf.gla = r->guest_linear;
		x->npf.final = (q >> 8) & 1;
		x->npf.walk = !x->npf.final;
	}
	x->iret_unblocked_nmi = (q >> 12) & 1;
}

static void exception(const struct vmexit_vmx_raw *r, struct vmexit_exit *x)
{
	uint32_t ii = r->intr_info;

	x->exc.vector = ii & 0xff;
	x->exc.type = (ii >> 8) & 7;
	x->exc.has_error = (ii >> 11) & 1;
	x->exc.error = x->exc.has_error ? r->intr_error : 0;
	x->iret_unblocked_nmi = (ii >> 12) & 1;
	if (x->exc.type == VMEXIT_EV_NMI)
		x->kind = VMEXIT_X_NMI;
	/* #PF: the qualification is the faulting linear address; #DB: it
	 * holds DR6-format bits (SDM Vol. 3, "Exit Qualification for
	 * Debug Exceptions"). */
	if (x->exc.type == VMEXIT_EV_HWEXC && x->exc.vector == 14) {
		x->exc.has_cr2 = true;
		x->exc.cr2 = r->qual;
	} else if (x->exc.vector == 1) {
		x->exc.dr6 = r->qual & 0x1e00f;
	}
	/* INT3/INTO (and INT1) exits carry the instruction length. */
	if (x->exc.type >= VMEXIT_EV_SWINT && x->exc.type <= VMEXIT_EV_SWEXC &&
	    r->insn_len >= 1 && r->insn_len <= 15)
		x->insn_len = (uint8_t)r->insn_len;
}

static void task_switch(uint64_t q, struct vmexit_exit *x, uint32_t idt)
{
	x->ts.selector = (uint16_t)q;
	x->ts.source = (q >> 30) & 3;
	/* A task switch through a gate while delivering an exception with
	 * an error code: the code is in the IDT-vectoring error field. */
	if (x->ts.source == VMEXIT_TS_IDT && (idt & VMEXIT_INTINFO_VALID) &&
	    (idt & VMEXIT_INTINFO_EV)) {
		x->ts.has_error = true;
		x->ts.error = (uint32_t)x->intinfo_error;
	}
}

int vmexit_exit_from_vmx(const struct vmexit_vmx_raw *r, struct vmexit_exit *x)
{
	unsigned basic;

	if (!r || !x)
		return VMEXIT_ERR_CALLER;
	memset(x, 0, sizeof(*x));
	x->arch = VMEXIT_ARCH_VMX;
	x->raw_reason = r->reason;
	x->raw_info1 = r->qual;
	x->raw_info2 = r->guest_phys;
	x->intinfo = r->idt_info;
	x->intinfo_error = (r->idt_info & VMEXIT_INTINFO_EV) ? r->idt_error : 0;

	basic = r->reason & 0xffff;
	/* Reasons 33, 34 and 41 come only with bit 31; either one means
	 * the entry failed. */
	if ((r->reason & VMEXIT_VMX_FAILED_ENTRY) ||
	    (basic < NREASONS &&
	     vmx_reasons[basic].kind == VMEXIT_X_ENTRY_FAILED)) {
		/* Bit 31: the entry failed; only the basic reason and the
		 * qualification mean anything (SDM Vol. 3, "VM-Entry
		 * Failures During or After Loading Guest State"). */
		x->kind = VMEXIT_X_ENTRY_FAILED;
		x->intinfo = 0;
		x->intinfo_error = 0;
		return VMEXIT_DONE;
	}
	if (basic >= NREASONS || vmx_reasons[basic].kind == VMEXIT_X_UNKNOWN)
		return VMEXIT_DONE; /* kind UNKNOWN, raw fields kept */
	x->kind = vmx_reasons[basic].kind;
	if (vmx_reasons[basic].insn && r->insn_len >= 1 && r->insn_len <= 15)
		x->insn_len = (uint8_t)r->insn_len;
	/* An exit during delivery of a software event also defines the
	 * length (of the INT n / INT3 / INTO / INT1). */
	if ((r->idt_info & VMEXIT_INTINFO_VALID) &&
	    ((r->idt_info >> 8) & 7) >= VMEXIT_EV_SWINT &&
	    ((r->idt_info >> 8) & 7) <= VMEXIT_EV_SWEXC &&
	    r->insn_len >= 1 && r->insn_len <= 15)
		x->insn_len = (uint8_t)r->insn_len;
	if (vmx_reasons[basic].insn && x->kind != VMEXIT_X_IO) {
		x->insn_info_valid = true;
		x->insn_info = r->insn_info;
	}

	switch (x->kind) {
	case VMEXIT_X_EXCEPTION:
		exception(r, x);
		break;
	case VMEXIT_X_TASK_SWITCH:
		task_switch(r->qual, x, r->idt_info);
		break;
	case VMEXIT_X_CR_ACCESS:
		cr_access(r->qual, x);
		if (x->cr.access == VMEXIT_CR_LMSW && x->cr.lmsw_mem)
			x->cr.lmsw_linear = r->guest_linear;
		break;
	case VMEXIT_X_DR_ACCESS:
		dr_access(r->qual, x);
		break;
	case VMEXIT_X_IO:
		io(r, x);
		break;
	case VMEXIT_X_NPF:
		ept_violation(r, x);
		break;
	case VMEXIT_X_EPT_MISCONFIG:
		x->npf.gpa = r->guest_phys;
		break;
	case VMEXIT_X_APIC_ACCESS:
		x->apic.offset = r->qual & 0xfff;
		x->apic.type = (r->qual >> 12) & 0xf;
		break;
	case VMEXIT_X_INVLPG:
		x->linear = r->qual;
		break;
	default:
		break;
	}
	return VMEXIT_DONE;
}
