/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Port I/O and the string instructions: IN/OUT, MOVS, STOS, LODS, CMPS,
 * SCAS, INS, OUTS, with REP/REPE/REPNE ("REP/REPE/REPZ/REPNE/REPNZ"), the
 * direction flag, and rCX/rSI/rDI sized by the address size.  Registers
 * are updated after every iteration, so a fault in the middle leaves them
 * showing the iterations done with RIP still on the instruction, as the
 * processor does; so does a device that fails in the middle, since the
 * iterations before it had their effect.
 */
#include "libc.h"

#include "x86/emulate_internal.h"

enum str_kind { S_MOVS, S_CMPS, S_STOS, S_LODS, S_SCAS, S_INS, S_OUTS };

/* A word of the TSS, read as the processor does: an implicit supervisor
 * access (to the I/O bitmap, which the exit may have named too). */
static int tss_read(struct emul *e, uint64_t la, uint16_t *val)
{
	int rc = emul_hint_linear(e, la, 2, VMEXIT_ACC_IMPLICIT);

	return rc == VMEXIT_DONE ? mem_linear_copy(e->v, &e->mc, la, val, 2,
						   VMEXIT_ACC_IMPLICIT)
				 : rc;
}

/* Protected-mode I/O permission ("Protection of I/O Address Space"):
 * with CPL > IOPL, or in virtual-8086 mode, every bit of the TSS I/O
 * bitmap for the accessed ports must be clear; a 16-bit TSS has no bitmap
 * and a bitmap past the TSS limit denies access.  #GP(0) otherwise. */
static int io_allowed(struct emul *e, uint16_t port, unsigned size)
{
	const struct vmexit_segment *tr = &e->v->sregs.seg[VMEXIT_SEG_TR];
	unsigned iopl = (e->r.rflags >> 12) & 3;
	uint16_t base, bits;
	uint32_t off;
	int rc;

	if (e->mc.mode == VMEXIT_MODE_REAL ||
	    (e->mc.mode != VMEXIT_MODE_VM86 && e->mc.cpl <= iopl))
		return VMEXIT_DONE;
	if ((tr->ar & VMEXIT_AR_TYPE_MASK) != VMEXIT_SYS_TSS_AVAIL &&
	    (tr->ar & VMEXIT_AR_TYPE_MASK) != VMEXIT_SYS_TSS_BUSY)
		return vmexit_raise_gp(e->v, 0);
	if (tr->limit < 103)
		return vmexit_raise_gp(e->v, 0);
	rc = tss_read(e, tr->base + 102, &base);
	if (rc != VMEXIT_DONE)
		return rc;
	off = (uint32_t)base + port / 8;
	if (off + 1 > tr->limit)
		return vmexit_raise_gp(e->v, 0);
	rc = tss_read(e, tr->base + off, &bits);
	if (rc != VMEXIT_DONE)
		return rc;
	if ((bits >> (port & 7)) & ((1u << size) - 1))
		return vmexit_raise_gp(e->v, 0);
	return VMEXIT_DONE;
}

/* After a port access: a failing device is a backend error; a done
 * one is matched against the I/O breakpoints. */
static int port_done(struct emul *e, int rc, uint16_t port, unsigned size)
{
	mem_devices_ran(e->v);
	if (rc != VMEXIT_DONE)
		return VMEXIT_ERR_BACKEND;
	emul_bp_io(e, port, size);
	return VMEXIT_DONE;
}

static int port_in(struct emul *e, uint16_t port, unsigned size,
		   uint32_t *val)
{
	int rc = io_allowed(e, port, size);

	if (rc != VMEXIT_DONE)
		return rc;
	if (!e->v->ops->pio_in)
		return vmexit_unhandled(e->v, VMEXIT_WHY_NO_OP, port);
	rc = emul_hint_require(e); /* the port access is an effect */
	if (rc != VMEXIT_DONE)
		return rc;
	*val = 0;
	return port_done(e, e->v->ops->pio_in(e->v->backend, port, size, val),
			 port, size);
}

static int port_out(struct emul *e, uint16_t port, unsigned size,
		    uint32_t val)
{
	int rc = io_allowed(e, port, size);

	if (rc != VMEXIT_DONE)
		return rc;
	if (!e->v->ops->pio_out)
		return vmexit_unhandled(e->v, VMEXIT_WHY_NO_OP, port);
	rc = emul_hint_require(e);
	if (rc != VMEXIT_DONE)
		return rc;
	return port_done(e, e->v->ops->pio_out(e->v->backend, port, size,
					       val & (uint32_t)emul_mask(size)),
			 port, size);
}

static unsigned io_size(const struct emul *e, const struct emul_op *op)
{
	return (op->flags & EMUL_BYTE) ? 1 : (e->i.opsize == 2 ? 2 : 4);
}

/* E4-E7 with imm8, EC-EF with DX. */
static int h_io(struct emul *e, const struct emul_op *op)
{
	unsigned size = io_size(e, op);
	uint16_t port = (op->opcode & 0x08) ? (uint16_t)e->r.gpr[VMEXIT_RDX]
					    : (uint16_t)(e->i.imm & 0xff);
	uint32_t v;
	int rc;

	if (op->opcode & 0x02)
		return port_out(e, port, size,
				(uint32_t)emul_reg(e, VMEXIT_RAX, size));
	rc = port_in(e, port, size, &v);
	if (rc == VMEXIT_DONE)
		emul_set_reg(e, VMEXIT_RAX, size, v);
	return rc;
}

static int one_iteration(struct emul *e, unsigned kind, unsigned size)
{
	unsigned ad = e->i.adsize;
	uint64_t si = emul_reg(e, VMEXIT_RSI, ad), di = emul_reg(e, VMEXIT_RDI, ad);
	uint64_t a = 0, b = 0;
	uint32_t v32;
	int rc = VMEXIT_DONE;

	switch (kind) {
	case S_MOVS:
		rc = emul_mem(e, e->i.seg, si, &a, size, false);
		if (rc == VMEXIT_DONE)
			rc = emul_mem(e, VMEXIT_SEG_ES, di, &a, size, true);
		break;
	case S_STOS:
		a = emul_reg(e, VMEXIT_RAX, size);
		rc = emul_mem(e, VMEXIT_SEG_ES, di, &a, size, true);
		break;
	case S_LODS:
		rc = emul_mem(e, e->i.seg, si, &a, size, false);
		if (rc == VMEXIT_DONE)
			emul_set_reg(e, VMEXIT_RAX, size, a);
		break;
	case S_CMPS: /* [rSI] - [ES:rDI] */
		rc = emul_mem(e, e->i.seg, si, &a, size, false);
		if (rc == VMEXIT_DONE)
			rc = emul_mem(e, VMEXIT_SEG_ES, di, &b, size, false);
		if (rc == VMEXIT_DONE)
			vmexit_alu(VMEXIT_ALU_CMP, size, &a, b, &e->r.rflags);
		break;
	case S_SCAS: /* rAX - [ES:rDI] */
		a = emul_reg(e, VMEXIT_RAX, size);
		rc = emul_mem(e, VMEXIT_SEG_ES, di, &b, size, false);
		if (rc == VMEXIT_DONE)
			vmexit_alu(VMEXIT_ALU_CMP, size, &a, b, &e->r.rflags);
		break;
	case S_INS:
		rc = io_allowed(e, (uint16_t)e->r.gpr[VMEXIT_RDX], size);
		/* The destination is checked before the port is read, so a
		 * faulting INS does not consume device data, and neither
		 * does one whose destination is not the access the exit
		 * named. */
		if (rc == VMEXIT_DONE)
			rc = emul_probe_write(e, VMEXIT_SEG_ES, di, size, size);
		if (rc == VMEXIT_DONE)
			rc = port_in(e, (uint16_t)e->r.gpr[VMEXIT_RDX], size,
				     &v32);
		if (rc == VMEXIT_DONE) {
			a = v32;
			rc = emul_mem(e, VMEXIT_SEG_ES, di, &a, size, true);
		}
		break;
	case S_OUTS:
		rc = io_allowed(e, (uint16_t)e->r.gpr[VMEXIT_RDX], size);
		if (rc == VMEXIT_DONE)
			rc = emul_mem(e, e->i.seg, si, &a, size, false);
		if (rc == VMEXIT_DONE)
			rc = port_out(e, (uint16_t)e->r.gpr[VMEXIT_RDX], size,
				      (uint32_t)a);
		break;
	}
	if (rc != VMEXIT_DONE)
		return rc;

	/* Advance the index registers by the direction flag. */
	uint64_t step = (e->r.rflags & VMEXIT_RFLAGS_DF) ? -(uint64_t)size
							  : size;
	bool uses_si = kind == S_MOVS || kind == S_LODS || kind == S_CMPS ||
		       kind == S_OUTS;
	bool uses_di = kind != S_LODS && kind != S_OUTS;
	if (uses_si)
		emul_set_reg(e, VMEXIT_RSI, ad, si + step);
	if (uses_di)
		emul_set_reg(e, VMEXIT_RDI, ad, di + step);
	return VMEXIT_DONE;
}

/* A4-AF and 6C-6F (arg: enum str_kind). */
static int h_string(struct emul *e, const struct emul_op *op)
{
	unsigned kind = op->arg, size = (op->flags & EMUL_BYTE) ? 1
				  : (kind >= S_INS ? io_size(e, op)
						   : e->i.opsize);
	unsigned ad = e->i.adsize;
	bool rep = e->i.rep || e->i.repne;
	bool conditional = kind == S_CMPS || kind == S_SCAS;
	uint64_t count = rep ? emul_reg(e, VMEXIT_RCX, ad) : 1;
	/* With TF set, the single-step trap follows every iteration; a
	 * data or I/O breakpoint's trap follows the iteration that met it
	 * ("Data Memory and I/O Breakpoint Exception Conditions"). */
	uint64_t budget = (e->r.rflags & VMEXIT_RFLAGS_TF) ? 1
			  : VMEXIT_EMUL_REP_MAX;

	/* REP INS and OUTS with a count of 0 still check the I/O
	 * permission: the SDM's "REP" loop would test the count first and
	 * run no iteration, but the permission check belongs to the
	 * instruction, not to an iteration, and Bochs, QEMU and KVM's
	 * instruction emulator (test-kvm-diff's native side) all make it
	 * first and raise #GP(0). */
	if (count == 0 && (kind == S_INS || kind == S_OUTS)) {
		int rc = io_allowed(e, (uint16_t)e->r.gpr[VMEXIT_RDX], size);
		if (rc != VMEXIT_DONE)
			return rc;
	}
	while (count) {
		int rc;
		if (budget-- == 0 || e->bps.hits) {
			e->stop_early = true;
			return VMEXIT_DONE;
		}
		rc = one_iteration(e, kind, size);
		/* An exit names an access of the first iteration (the one
		 * before any is kept). */
		if (rc == VMEXIT_DONE && !e->keep_progress)
			rc = emul_hint_require(e);
		if (rc != VMEXIT_DONE)
			return rc;
		if (!rep)
			return VMEXIT_DONE;
		emul_set_reg(e, VMEXIT_RCX, ad, --count);
		/* From here on a failure keeps the iterations done. */
		e->keep_progress = true;
		if (conditional) {
			bool zf = e->r.rflags & VMEXIT_RFLAGS_ZF;
			if (e->i.rep ? !zf : zf) /* REPE ends on ZF=0 */
				return VMEXIT_DONE;
		}
	}
	return VMEXIT_DONE;
}

#define ANY EMUL_ANYPFX
#define B EMUL_BYTE

/* In (map, opcode) order, which emul_lookup() relies on. */
#define STRING_FORMS(F, k)                                                  \
	F(k, 0, 0x6c, -1, 0, B | ANY, S_INS, h_string)                      \
	F(k, 0, 0x6d, -1, 0, ANY, S_INS, h_string)                          \
	F(k, 0, 0x6e, -1, 0, B | ANY, S_OUTS, h_string)                     \
	F(k, 0, 0x6f, -1, 0, ANY, S_OUTS, h_string)                         \
	F(k, 0, 0xa4, -1, 0, B | ANY, S_MOVS, h_string)                     \
	F(k, 0, 0xa5, -1, 0, ANY, S_MOVS, h_string)                         \
	F(k, 0, 0xa6, -1, 0, B | ANY, S_CMPS, h_string)                     \
	F(k, 0, 0xa7, -1, 0, ANY, S_CMPS, h_string)                         \
	F(k, 0, 0xaa, -1, 0, B | ANY, S_STOS, h_string)                     \
	F(k, 0, 0xab, -1, 0, ANY, S_STOS, h_string)                         \
	F(k, 0, 0xac, -1, 0, B | ANY, S_LODS, h_string)                     \
	F(k, 0, 0xad, -1, 0, ANY, S_LODS, h_string)                         \
	F(k, 0, 0xae, -1, 0, B | ANY, S_SCAS, h_string)                     \
	F(k, 0, 0xaf, -1, 0, ANY, S_SCAS, h_string)                         \
	F(k, 0, 0xe4, -1, 0, B | ANY, 0, h_io)                              \
	F(k, 0, 0xe5, -1, 0, ANY, 0, h_io)                                  \
	F(k, 0, 0xe6, -1, 0, B | ANY, 0, h_io)                              \
	F(k, 0, 0xe7, -1, 0, ANY, 0, h_io)                                  \
	F(k, 0, 0xec, -1, 0, B | ANY, 0, h_io)                              \
	F(k, 0, 0xed, -1, 0, ANY, 0, h_io)                                  \
	F(k, 0, 0xee, -1, 0, B | ANY, 0, h_io)                              \
	F(k, 0, 0xef, -1, 0, ANY, 0, h_io)

EMUL_TABLE(emul_string_table, STRING_FORMS);
