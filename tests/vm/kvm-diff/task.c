/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test-kvm-diff, part 2: hardware task switches (tcases[]), each run
 * natively and through vmexit_task_switch() from the same tasks
 * (tbuild()), then the registers and the whole task area compared.
 */
#include <string.h>

#include <vmexit/task.h>

#include "kvm-diff.h"

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

const struct tcase tcases[] = {
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

const size_t nr_tcases = sizeof(tcases) / sizeof(tcases[0]);

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

void run_tcase(const struct tcase *c, unsigned idx, unsigned rep)
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
