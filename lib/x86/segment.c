/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Segment descriptor loading; see <vmexit/segment.h>.  The order of the
 * checks for each kind of load is the order of the instruction's
 * pseudo-code in SDM Vol. 2 (MOV, POP, LSS, JMP, CALL, RET, IRET, LLDT,
 * LTR), and for task switches the order of SDM Vol. 3, Table "Exception
 * Conditions Checked During a Task Switch", taken one segment at a time.
 */
#include "libc.h"

#include <vmexit/memory.h>
#include <vmexit/segment.h>
#include <vmexit/x86.h>

#include "x86/segment_internal.h"

/* The access-rights byte is byte 5 of a descriptor. */
#define AR_BYTE 5

void vmexit_desc_decode(uint64_t lo, uint64_t hi, bool wide,
			struct vmexit_segment *out)
{
	uint32_t limit = (uint32_t)(lo & 0xffff) |
			 (uint32_t)((lo >> 32) & 0xf0000);

	out->base = ((lo >> 16) & 0xffffff) | ((lo >> 32) & 0xff000000u);
	if (wide)
		out->base |= (hi & 0xffffffffull) << 32;
	/* Bits 47:40 are type, S, DPL, P; bits 55:52 AVL, L, D/B, G. */
	out->ar = (uint32_t)((lo >> 40) & 0xff) | (uint32_t)((lo >> 40) & 0xf000);
	/* "Segment Descriptors": with G set the limit counts 4-KByte units
	 * and the low 12 bits of an offset are not checked. */
	out->limit = (out->ar & VMEXIT_AR_G) ? (limit << 12) | 0xfff : limit;
}

bool vmexit_desc_is_wide(uint32_t ar)
{
	/* SDM Vol. 3, "Segment Descriptor Tables in IA-32e Mode": LDT and
	 * TSS descriptors and call, interrupt and trap gates are 16 bytes. */
	switch (ar & (VMEXIT_AR_S | VMEXIT_AR_TYPE_MASK)) {
	case VMEXIT_SYS_LDT:
	case VMEXIT_SYS_TSS_AVAIL:
	case VMEXIT_SYS_TSS_BUSY:
	case VMEXIT_SYS_CALLGATE:
	case VMEXIT_SYS_INTGATE:
	case VMEXIT_SYS_TRAPGATE:
		return true;
	}
	return false;
}

bool vmexit_desc_addr(const struct vmexit_sregs *s, uint16_t sel,
		      unsigned size, uint64_t *la)
{
	uint64_t base, limit;
	uint32_t off = sel & VMEXIT_SEL_INDEX_MASK;

	if (!s || !la || (size != 8 && size != 16))
		return false;
	if (sel & VMEXIT_SEL_TI) {
		/* A selector into an LDT that LDTR does not hold is outside
		 * every table (bhyve's desc_table_limit_check does the same). */
		const struct vmexit_segment *l = &s->seg[VMEXIT_SEG_LDTR];
		if ((l->ar & VMEXIT_AR_UNUSABLE) || !(l->ar & VMEXIT_AR_P))
			return false;
		base = l->base;
		limit = l->limit;
	} else {
		base = s->gdtr.base;
		limit = s->gdtr.limit;
	}
	if ((uint64_t)off + size - 1 > limit)
		return false;
	*la = base + off;
	return true;
}

int vmexit_desc_fetch(struct vmexit_vcpu *v, uint64_t la, unsigned size,
		      struct vmexit_desc *d)
{
	uint8_t buf[16];
	int rc;

	if (!v || !d || (size != 8 && size != 16))
		return VMEXIT_ERR_CALLER;
	memset(d, 0, sizeof(*d));
	/* SDM Vol. 3, "Access Rights": accesses to the GDT and LDT are
	 * implicit supervisor-mode accesses whatever the CPL. */
	rc = vmexit_read_linear(v, la, buf, size, VMEXIT_ACC_IMPLICIT);
	if (rc != VMEXIT_DONE)
		return rc;
	memcpy(&d->raw[0], buf, 8); /* little-endian host */
	if (size == 16)
		memcpy(&d->raw[1], buf + 8, 8);
	d->la = la;
	vmexit_desc_decode(d->raw[0], d->raw[1], size == 16, &d->seg);
	return VMEXIT_DONE;
}

int vmexit_desc_type_bits(struct vmexit_vcpu *v, struct vmexit_desc *d,
			  uint8_t bits, bool set)
{
	uint8_t old, nv;
	int rc;

	if (!v || !d || (bits & ~VMEXIT_AR_TYPE_MASK))
		return VMEXIT_ERR_CALLER;
	old = (uint8_t)(d->raw[0] >> 40);
	nv = set ? (uint8_t)(old | bits) : (uint8_t)(old & ~bits);
	if (nv == old)
		return VMEXIT_DONE; /* the processor writes only on change */
	rc = vmexit_write_linear(v, d->la + AR_BYTE, &nv, 1,
				 VMEXIT_ACC_IMPLICIT);
	if (rc != VMEXIT_DONE)
		return rc;
	d->raw[0] = (d->raw[0] & ~(0xffull << 40)) | ((uint64_t)nv << 40);
	d->seg.ar = (d->seg.ar & ~0xffu) | nv;
	return VMEXIT_DONE;
}

/* ---- the checks ---- */

static bool fail(struct vmexit_fault *f, unsigned vector, uint32_t error)
{
	f->vector = (uint8_t)vector;
	f->has_error = true;
	f->error = error;
	f->cr2 = 0;
	return false;
}

/* "Error Code": the selector's index and TI, and EXT. */
static uint32_t sel_error(const struct vmexit_seg_req *r)
{
	return (uint32_t)(r->selector & 0xfffcu) | (r->ext ? 1u : 0u);
}

/* The fault for a bad selector or descriptor type: #TS in a task switch,
 * #GP for instructions. */
static unsigned bad_vector(const struct vmexit_seg_req *r)
{
	return r->kind == VMEXIT_LOAD_TASK ? VMEXIT_EXC_TS : VMEXIT_EXC_GP;
}

static bool bad(const struct vmexit_seg_req *r, struct vmexit_fault *f)
{
	return fail(f, bad_vector(r), sel_error(r));
}

static unsigned dpl_of(uint32_t ar)
{
	return (ar & VMEXIT_AR_DPL_MASK) >> VMEXIT_AR_DPL_SHIFT;
}

static bool is_code(uint32_t ar)
{
	return (ar & VMEXIT_AR_S) && (ar & VMEXIT_AR_TYPE_CODE);
}

static bool is_data(uint32_t ar)
{
	return (ar & VMEXIT_AR_S) && !(ar & VMEXIT_AR_TYPE_CODE);
}

static bool conforming(uint32_t ar)
{
	return is_code(ar) && (ar & VMEXIT_AR_TYPE_EC);
}

static bool canonical(uint64_t a, bool la57)
{
	unsigned bits = la57 ? 57 : 48;
	int64_t s = (int64_t)(a << (64 - bits)) >> (64 - bits);
	return (uint64_t)s == a;
}

/* A null selector: which loads allow it (the pseudo-code of each
 * instruction; "Null Segment Selectors"). */
static bool check_null(const struct vmexit_seg_req *r, struct vmexit_fault *f)
{
	unsigned rpl = r->selector & VMEXIT_SEL_RPL_MASK;
	uint32_t zero = r->ext ? 1u : 0u;

	switch (r->seg) {
	case VMEXIT_SEG_CS:
		/* Far JMP/CALL/RET/IRET: #GP(0); task switch: #TS. */
		return r->kind == VMEXIT_LOAD_TASK ? bad(r, f)
						   : fail(f, VMEXIT_EXC_GP, zero);
	case VMEXIT_SEG_SS:
		if (r->kind == VMEXIT_LOAD_TASK)
			return bad(r, f);
		/* "Segment Loading Instructions in IA-32e Mode": 64-bit
		 * mode allows a null SS below CPL 3 when RPL = CPL. */
		if (r->mode64 && r->cpl != 3 && rpl == r->cpl)
			return true;
		return fail(f, VMEXIT_EXC_GP, zero);
	case VMEXIT_SEG_TR:
		return fail(f, VMEXIT_EXC_GP, zero); /* LTR: #GP(0) */
	}
	return true; /* DS, ES, FS, GS, LDTR: load an unusable segment */
}

/* DS, ES, FS, GS: data or readable code; the DPL rule of "Privilege
 * Checking when Accessing Data Segments" unless conforming code.
 * MOV checks the type and DPL, then P; Table "Exception Conditions
 * Checked During a Task Switch" checks P before the DPL. */
static bool check_data(const struct vmexit_seg_req *r, uint32_t ar,
		       struct vmexit_fault *f)
{
	unsigned rpl = r->selector & VMEXIT_SEL_RPL_MASK, dpl = dpl_of(ar);
	bool task = r->kind == VMEXIT_LOAD_TASK;

	if (!is_data(ar) && !(is_code(ar) && (ar & VMEXIT_AR_TYPE_WR)))
		return bad(r, f);
	if (task && !(ar & VMEXIT_AR_P))
		return fail(f, VMEXIT_EXC_NP, sel_error(r));
	if (!conforming(ar) && (rpl > dpl || r->cpl > dpl))
		return bad(r, f);
	if (!(ar & VMEXIT_AR_P))
		return fail(f, VMEXIT_EXC_NP, sel_error(r));
	return true;
}

/* SS: "Privilege Level Checking When Loading the SS Register": RPL and
 * DPL equal to CPL, a writable data segment; #SS if not present.  The
 * task-switch table checks type, P, DPL, then RPL. */
static bool check_stack(const struct vmexit_seg_req *r, uint32_t ar,
			struct vmexit_fault *f)
{
	unsigned rpl = r->selector & VMEXIT_SEL_RPL_MASK;
	bool writable = is_data(ar) && (ar & VMEXIT_AR_TYPE_WR);

	if (r->kind == VMEXIT_LOAD_TASK) {
		if (!writable)
			return bad(r, f);
		if (!(ar & VMEXIT_AR_P))
			return fail(f, VMEXIT_EXC_SS, sel_error(r));
		if (dpl_of(ar) != r->cpl || rpl != r->cpl)
			return bad(r, f);
		return true;
	}
	if (rpl != r->cpl || !writable || dpl_of(ar) != r->cpl)
		return bad(r, f);
	if (!(ar & VMEXIT_AR_P))
		return fail(f, VMEXIT_EXC_SS, sel_error(r));
	return true;
}

/* CS: JMP and CALL ("Direct Calls or Jumps to Code Segments") compare
 * with CPL; RET and IRET with the selector's RPL, the new CPL, which may
 * not be inner; a task switch with the RPL too.  In IA-32e mode L = 1
 * with D = 1 is reserved (#GP). */
static bool check_code(const struct vmexit_seg_req *r, uint32_t ar,
		       struct vmexit_fault *f)
{
	unsigned rpl = r->selector & VMEXIT_SEL_RPL_MASK, dpl = dpl_of(ar);
	unsigned against = r->kind == VMEXIT_LOAD_FAR ? r->cpl : rpl;

	if (!is_code(ar))
		return bad(r, f);
	if (r->kind == VMEXIT_LOAD_RET && rpl < r->cpl)
		return bad(r, f);
	if (conforming(ar) ? dpl > against
			   : (dpl != against ||
			      (r->kind == VMEXIT_LOAD_FAR && rpl > r->cpl)))
		return bad(r, f);
	if (r->lma && (ar & VMEXIT_AR_L) && (ar & VMEXIT_AR_DB))
		return bad(r, f);
	if (!(ar & VMEXIT_AR_P))
		return fail(f, VMEXIT_EXC_NP, sel_error(r));
	return true;
}

/* LDTR and TR: GDT only, the right system type, in IA-32e mode a zero
 * type field in the upper half and a canonical base (LLDT, LTR). */
static bool check_system(const struct vmexit_seg_req *r,
			 const struct vmexit_segment *d, uint64_t hi,
			 struct vmexit_fault *f)
{
	uint32_t type = d->ar & (VMEXIT_AR_S | VMEXIT_AR_TYPE_MASK);
	bool ok;

	if (r->selector & VMEXIT_SEL_TI)
		return bad(r, f);
	if (r->seg == VMEXIT_SEG_LDTR)
		ok = type == VMEXIT_SYS_LDT;
	else /* LTR takes an available TSS; 16-bit ones only outside IA-32e */
		ok = type == VMEXIT_SYS_TSS_AVAIL ||
		     (!r->lma && type == VMEXIT_SYS_TSS16_AVAIL);
	if (!ok)
		return bad(r, f);
	if (r->lma && (((hi >> 40) & 0x1f) != 0 || !canonical(d->base, r->la57)))
		return bad(r, f);
	if (!(d->ar & VMEXIT_AR_P))
		/* A task switch's LDT that is not present is #TS (Table
		 * "Exception Conditions Checked During a Task Switch"). */
		return fail(f, r->kind == VMEXIT_LOAD_TASK ? VMEXIT_EXC_TS
							   : VMEXIT_EXC_NP,
			    sel_error(r));
	return true;
}

/* The register each kind may load, so a caller mistake is not a check. */
static bool req_ok(const struct vmexit_seg_req *r)
{
	switch (r->kind) {
	case VMEXIT_LOAD_MOV:
		return r->seg <= VMEXIT_SEG_GS && r->seg != VMEXIT_SEG_CS;
	case VMEXIT_LOAD_FAR:
		return r->seg == VMEXIT_SEG_CS;
	case VMEXIT_LOAD_RET:
		return r->seg == VMEXIT_SEG_CS || r->seg == VMEXIT_SEG_SS;
	case VMEXIT_LOAD_LLDT:
		return r->seg == VMEXIT_SEG_LDTR;
	case VMEXIT_LOAD_LTR:
		return r->seg == VMEXIT_SEG_TR;
	case VMEXIT_LOAD_TASK:
		return r->seg <= VMEXIT_SEG_LDTR;
	}
	return false;
}

static bool is_null(uint16_t sel)
{
	return (sel & 0xfffcu) == 0;
}

bool vmexit_seg_check(const struct vmexit_seg_req *r,
		      const struct vmexit_segment *d, uint64_t hi,
		      struct vmexit_fault *f)
{
	if (!r || !f || !req_ok(r) || r->cpl > 3)
		return f ? fail(f, VMEXIT_EXC_GP, 0) : false;
	if (!d)
		return check_null(r, f);
	switch (r->seg) {
	case VMEXIT_SEG_CS:
		return check_code(r, d->ar, f);
	case VMEXIT_SEG_SS:
		return check_stack(r, d->ar, f);
	case VMEXIT_SEG_LDTR:
	case VMEXIT_SEG_TR:
		return check_system(r, d, hi, f);
	}
	return check_data(r, d->ar, f);
}

/* ---- the load ---- */

/* What a null selector loads: an unusable segment.  In 64-bit mode FS
 * and GS keep their base (Intel; "Segment Loading Instructions in
 * IA-32e Mode"), and a null SS keeps DPL = CPL, which is the CPL in the
 * VMX convention the vCPU uses. */
static void null_seg(const struct vmexit_seg_req *r,
		     const struct vmexit_segment *old, struct vmexit_segment *out)
{
	memset(out, 0, sizeof(*out));
	out->selector = r->selector;
	out->ar = VMEXIT_AR_UNUSABLE;
	if (r->mode64 && (r->seg == VMEXIT_SEG_FS || r->seg == VMEXIT_SEG_GS))
		out->base = old->base;
	if (r->seg == VMEXIT_SEG_SS)
		out->ar |= (uint32_t)r->cpl << VMEXIT_AR_DPL_SHIFT;
}

/* Real mode changes only selector and base; virtual-8086 mode loads the
 * whole vm86 segment (SDM Vol. 3, "Segment Loading in Virtual-8086
 * Mode"; access rights F3H as VMX requires of a vm86 guest). */
static void unprotected_seg(uint16_t sel, bool vm86,
			    const struct vmexit_segment *old,
			    struct vmexit_segment *out)
{
	*out = *old;
	out->selector = sel;
	out->base = (uint64_t)sel << 4;
	if (vm86) {
		out->limit = 0xffff;
		out->ar = 0xf3;
	}
}

/* Queue the fault for a bad selector (#GP, or #TS in a task switch). */
static int raise_bad(struct vmexit_vcpu *v, const struct vmexit_seg_req *r)
{
	struct vmexit_fault f;

	bad(r, &f);
	return vmexit_raise(v, &f);
}

/* The descriptor types far JMP and CALL dispatch on other than code
 * segments (the pseudo-code of "JMP" and "CALL": outside IA-32e mode a
 * call gate, task gate or TSS; in IA-32e mode only a 64-bit call gate).
 * Any other system type fails the code-segment type check, #GP(sel). */
static bool far_gate(const struct vmexit_seg_req *r, uint32_t ar)
{
	if (ar & VMEXIT_AR_S)
		return false;
	switch (ar & VMEXIT_AR_TYPE_MASK) {
	case VMEXIT_SYS_CALLGATE:
		return true;
	case VMEXIT_SYS_TSS16_AVAIL:
	case VMEXIT_SYS_TSS16_BUSY:
	case VMEXIT_SYS_CALLGATE16:
	case VMEXIT_SYS_TASKGATE:
	case VMEXIT_SYS_TSS_AVAIL:
	case VMEXIT_SYS_TSS_BUSY:
		return !r->lma;
	}
	return false;
}

int seg_load_prepare(struct vmexit_vcpu *v, struct vmexit_seg_req *r,
		     bool gates, struct seg_prep *p)
{
	enum vmexit_cpu_mode mode;
	struct vmexit_fault f;
	unsigned size;
	uint64_t la;
	int rc;

	if (!v || !r || !p || !req_ok(r) || r->cpl > 3)
		return VMEXIT_ERR_CALLER;
	memset(p, 0, sizeof(*p));
	rc = vmexit_cpu_mode(v, &mode);
	if (rc != VMEXIT_DONE)
		return rc;
	r->lma = v->sregs.efer & VMEXIT_EFER_LMA;
	r->mode64 = mode == VMEXIT_MODE_LONG64;
	r->la57 = v->sregs.cr4 & VMEXIT_CR4_LA57;
	if ((mode == VMEXIT_MODE_REAL || mode == VMEXIT_MODE_VM86) &&
	    r->seg <= VMEXIT_SEG_GS && r->kind != VMEXIT_LOAD_TASK) {
		unprotected_seg(r->selector, mode == VMEXIT_MODE_VM86,
				&v->sregs.seg[r->seg], &p->out);
		return VMEXIT_DONE;
	}

	if (is_null(r->selector)) {
		if (!vmexit_seg_check(r, NULL, 0, &f))
			return vmexit_raise(v, &f);
		null_seg(r, &v->sregs.seg[r->seg], &p->out);
		return VMEXIT_DONE;
	}
	/* LLDT, LTR and a task's LDT name the GDT; TI = 1 is checked before
	 * the table limit, as the pseudo-code does. */
	if (r->seg >= VMEXIT_SEG_LDTR && (r->selector & VMEXIT_SEL_TI))
		return raise_bad(v, r);
	size = (r->lma && r->seg >= VMEXIT_SEG_LDTR) ? 16 : 8;
	if (!vmexit_desc_addr(&v->sregs, r->selector, size, &la))
		return raise_bad(v, r);
	rc = vmexit_desc_fetch(v, la, size, &p->d);
	if (rc != VMEXIT_DONE)
		return rc;
	p->have_desc = true;
	if (gates && r->kind == VMEXIT_LOAD_FAR && far_gate(r, p->d.seg.ar)) {
		p->gate = true;
		return VMEXIT_DONE;
	}
	if (!vmexit_seg_check(r, &p->d.seg, p->d.raw[1], &f))
		return vmexit_raise(v, &f);
	p->out = p->d.seg;
	p->out.selector = r->selector;
	if (r->kind == VMEXIT_LOAD_FAR) /* the new CS takes RPL = CPL */
		p->out.selector = (uint16_t)((r->selector & 0xfffcu) | r->cpl);
	return VMEXIT_DONE;
}

int seg_load_finish(struct vmexit_vcpu *v, const struct vmexit_seg_req *r,
		    struct seg_prep *p)
{
	int rc = VMEXIT_DONE;

	if (!v || !r || !p || p->gate)
		return VMEXIT_ERR_CALLER;
	if (!p->have_desc)
		return VMEXIT_DONE;
	/* "Segment Descriptors": the processor sets the accessed bit of a
	 * code or data descriptor it loads; LTR marks the TSS busy. */
	if (r->seg == VMEXIT_SEG_TR)
		rc = vmexit_desc_type_bits(v, &p->d, 0x2, true);
	else if (r->seg != VMEXIT_SEG_LDTR)
		rc = vmexit_desc_type_bits(v, &p->d, VMEXIT_AR_TYPE_ACCESSED,
					   true);
	if (rc == VMEXIT_DONE)
		p->out.ar = p->d.seg.ar;
	return rc;
}

int vmexit_seg_load(struct vmexit_vcpu *v, struct vmexit_seg_req *r,
		    struct vmexit_segment *out)
{
	struct seg_prep p;
	int rc;

	if (!v || !r || !out)
		return VMEXIT_ERR_CALLER;
	rc = seg_load_prepare(v, r, false, &p);
	if (rc == VMEXIT_DONE)
		rc = seg_load_finish(v, r, &p);
	if (rc == VMEXIT_DONE)
		*out = p.out;
	return rc;
}

int vmexit_load_seg(struct vmexit_vcpu *v, unsigned kind, unsigned seg,
		    uint16_t selector)
{
	struct vmexit_seg_req r;
	struct vmexit_segment s;
	unsigned cpl;
	int rc;

	if (kind > VMEXIT_LOAD_TASK || seg >= VMEXIT_NR_SEGS)
		return VMEXIT_ERR_CALLER;
	rc = vmexit_cpl(v, &cpl);
	if (rc != VMEXIT_DONE)
		return rc;
	memset(&r, 0, sizeof(r));
	r.kind = (uint8_t)kind;
	r.seg = (uint8_t)seg;
	r.selector = selector;
	r.cpl = (uint8_t)cpl;
	rc = vmexit_seg_load(v, &r, &s);
	return rc == VMEXIT_DONE ? vmexit_set_seg(v, seg, &s) : rc;
}
