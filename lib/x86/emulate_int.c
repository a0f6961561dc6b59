/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Integer instructions with a memory operand: moves, arithmetic and logic
 * (flags from lib/x86/flags.c), multiplication and division
 * (lib/x86/muldiv.c), exchanges, bit tests, conditional moves,
 * the stack (PUSH, POP, ENTER, LEAVE), and near and far CALL/JMP through
 * memory.
 * Each instruction's "Operation" section in SDM Vol. 2 is the reference.
 */
#include "libc.h"

#include "x86/emulate_internal.h"
#include "x86/segment_internal.h"

#define A(x) VMEXIT_ALU_##x

/* The ALU op as the guest's CPU vendor computes undefined flags. */
static unsigned vendor_op(const struct emul *e, unsigned op)
{
	return e->v->cfg.amd_flags ? op | VMEXIT_ALU_AMD : op;
}

/* ModRM.reg selects the operation of the group opcodes ("Opcode
 * Extensions for One- and Two-byte Opcodes by Group Number"). */
static const uint8_t group1[8] = { A(ADD), A(OR), A(ADC), A(SBB),
				   A(AND), A(SUB), A(XOR), A(CMP) };
static const uint8_t group2[8] = { A(ROL), A(ROR), A(RCL), A(RCR),
				   A(SHL), A(SHR), A(SHL), A(SAR) };

static unsigned size_of(const struct emul *e, const struct emul_op *op)
{
	return (op->flags & EMUL_BYTE) ? 1 : e->i.opsize;
}

/* Stack operations in 64-bit mode are 64-bit unless 66 makes them 16. */
static unsigned stack_opsize(const struct emul *e)
{
	if (e->mc.mode == VMEXIT_MODE_LONG64)
		return e->i.opsize_prefix ? 2 : 8;
	return e->i.opsize;
}

struct alu_ctx {
	unsigned op, size;
	uint64_t src;
};

static bool alu_fn(struct emul *e, const uint64_t old[2], uint64_t new[2],
		   void *ctx)
{
	const struct alu_ctx *c = ctx;
	uint64_t d = old[0];

	vmexit_alu(vendor_op(e, c->op), c->size, &d, c->src, &e->r.rflags);
	new[0] = d;
	return true;
}

static int alu_rm(struct emul *e, unsigned op, unsigned size, uint64_t src)
{
	struct alu_ctx c = { op, size, src };
	uint64_t d;
	int rc;

	if (op != A(CMP) && op != A(TEST) && op != A(BT))
		return emul_rmw(e, size, alu_fn, &c);
	/* CMP, TEST and BT only read the r/m operand ("Operation": no
	 * DEST <- ...): a read, not a read-modify-write, so a read-only
	 * page or segment takes them and a #PF reports a read.  LOCK is #UD
	 * on them, as on every form that does not write ("LOCK—Assert LOCK#
	 * Signal Prefix"). */
	if (e->i.lock)
		return vmexit_raise_ud(e->v);
	rc = emul_rm_read(e, size, &d);
	if (rc == VMEXIT_DONE)
		vmexit_alu(vendor_op(e, op), size, &d, src, &e->r.rflags);
	return rc;
}

/* 00-3B even/odd: op r/m, reg. */
static int h_alu_rm_reg(struct emul *e, const struct emul_op *op)
{
	unsigned size = size_of(e, op);
	return alu_rm(e, op->arg, size, emul_reg(e, e->i.reg, size));
}

/* 02-3B +2/+3: op reg, r/m. */
static int h_alu_reg_rm(struct emul *e, const struct emul_op *op)
{
	unsigned size = size_of(e, op);
	uint64_t src, dst = emul_reg(e, e->i.reg, size);
	int rc = emul_rm_read(e, size, &src);

	if (rc != VMEXIT_DONE)
		return rc;
	vmexit_alu(vendor_op(e, op->arg), size, &dst, src, &e->r.rflags);
	if (op->arg != A(CMP))
		emul_set_reg(e, e->i.reg, size, dst);
	return VMEXIT_DONE;
}

/* 80/81/82/83: op r/m, imm (the decoder sign-extends imm8 of 83). */
static int h_group1(struct emul *e, const struct emul_op *op)
{
	return alu_rm(e, group1[e->i.reg & 7], size_of(e, op), e->i.imm);
}

/* 84/85 TEST r/m, reg; F6/F7 /0 /1 TEST r/m, imm. */
static int h_test(struct emul *e, const struct emul_op *op)
{
	unsigned size = size_of(e, op);
	uint64_t src = op->opcode >= 0xf6 ? e->i.imm
					  : emul_reg(e, e->i.reg, size);
	return alu_rm(e, A(TEST), size, src);
}

/* F6/F7 /2 NOT, /3 NEG; FE/FF /0 INC, /1 DEC (arg is the ALU op). */
static int h_unary(struct emul *e, const struct emul_op *op)
{
	return alu_rm(e, op->arg, size_of(e, op), 0);
}

/* F6/F7 /4 MUL, /5 IMUL, /6 DIV, /7 IDIV ("MUL", "IMUL", "DIV", "IDIV"):
 * the r/m operand is only read; AL and AH for byte operands, rAX and rDX
 * otherwise (arg: the vmexit_muldiv_op).  #DE (a zero divisor, or a
 * quotient that does not fit) is a fault: nothing changes, RIP stays. */
static int h_muldiv(struct emul *e, const struct emul_op *op)
{
	unsigned size = size_of(e, op);
	uint64_t src, lo = emul_reg(e, VMEXIT_RAX, size);
	uint64_t hi = size == 1 ? (e->r.gpr[VMEXIT_RAX] >> 8) & 0xff
				: emul_reg(e, VMEXIT_RDX, size);
	int rc = emul_rm_read(e, size, &src);

	if (rc != VMEXIT_DONE)
		return rc;
	rc = vmexit_alu_muldiv(vendor_op(e, op->arg), size, &lo, &hi, src,
			       &e->r.rflags);
	if (rc == VMEXIT_EXCEPTION) {
		struct vmexit_fault f = { .vector = VMEXIT_EXC_DE };
		return vmexit_raise(e->v, &f);
	}
	if (size == 1) {
		emul_set_reg(e, VMEXIT_RAX, 2, lo | hi << 8);
	} else {
		emul_set_reg(e, VMEXIT_RAX, size, lo);
		emul_set_reg(e, VMEXIT_RDX, size, hi);
	}
	return rc;
}

/* 0F AF IMUL r, r/m; 69 IMUL r, r/m, imm16/32; 6B IMUL r, r/m, imm8 (the
 * decoder sign-extends both immediates): the signed product, truncated
 * to the operand size, to the register. */
static int h_imul(struct emul *e, const struct emul_op *op)
{
	unsigned size = e->i.opsize;
	uint64_t src, dst = op->map == EMUL_MAP_0F ? emul_reg(e, e->i.reg, size)
						    : e->i.imm;
	int rc = emul_rm_read(e, size, &src);

	if (rc != VMEXIT_DONE)
		return rc;
	vmexit_alu_muldiv(vendor_op(e, VMEXIT_MD_IMUL_TRUNC), size, &dst, NULL,
			  src, &e->r.rflags);
	emul_set_reg(e, e->i.reg, size, dst);
	return VMEXIT_DONE;
}

/* The ALU op of 0F BC, 0F BD and F3 0F B8 (arg): F3 0F BC and F3 0F BD
 * are TZCNT and LZCNT where the guest's CPUID has BMI1 and LZCNT, and BSF
 * and BSR, the F3 ignored, where it does not ("TZCNT", "LZCNT"). */
static unsigned bitscan_op(const struct emul *e, const struct emul_op *op)
{
	if (op->arg == A(TZCNT) && !e->v->cfg.bmi1)
		return A(BSF);
	if (op->arg == A(LZCNT) && !e->v->cfg.lzcnt)
		return A(BSR);
	return op->arg;
}

/* 0F BC BSF, 0F BD BSR, F3 0F B8 POPCNT, F3 0F BC TZCNT, F3 0F BD LZCNT
 * r, r/m.  A zero source leaves the destination of BSF and BSR as it
 * was, all 64 bits of it (lib/x86/flags.c). */
static int h_bitscan(struct emul *e, const struct emul_op *op)
{
	unsigned size = e->i.opsize, alu = bitscan_op(e, op);
	uint64_t src, dst = emul_reg(e, e->i.reg, size);
	int rc = emul_rm_read(e, size, &src);

	if (rc != VMEXIT_DONE)
		return rc;
	vmexit_alu(vendor_op(e, alu), size, &dst, src, &e->r.rflags);
	if ((alu != A(BSF) && alu != A(BSR)) || (src & emul_mask(size)))
		emul_set_reg(e, e->i.reg, size, dst);
	return VMEXIT_DONE;
}

/* C0/C1 by imm8, D0/D1 by 1, D2/D3 by CL (arg: 0 imm, 1 one, 2 CL). */
static int h_shift(struct emul *e, const struct emul_op *op)
{
	uint64_t count = op->arg == 0 ? e->i.imm & 0xff
			 : op->arg == 1 ? 1 : emul_reg(e, VMEXIT_RCX, 1);
	return alu_rm(e, group2[e->i.reg & 7], size_of(e, op), count);
}

/* 0F A4/A5 SHLD, 0F AC/AD SHRD (arg: the vmexit_shd_op). */
struct shd_ctx {
	unsigned op, size;
	uint64_t src;
	uint8_t count;
};

static bool shd_fn(struct emul *e, const uint64_t old[2], uint64_t new[2],
		   void *ctx)
{
	const struct shd_ctx *c = ctx;
	uint64_t d = old[0];

	vmexit_alu_shd(vendor_op(e, c->op), c->size, &d, c->src, c->count,
		       &e->r.rflags);
	new[0] = d;
	return true;
}

static int h_shd(struct emul *e, const struct emul_op *op)
{
	struct shd_ctx c = {
		.op = op->arg, .size = e->i.opsize,
		.src = emul_reg(e, e->i.reg, e->i.opsize),
		.count = (op->opcode & 1) ? (uint8_t)emul_reg(e, VMEXIT_RCX, 1)
					  : (uint8_t)e->i.imm,
	};
	return emul_rmw(e, c.size, shd_fn, &c);
}

/* 88/89 MOV r/m, reg. */
static int h_mov_store(struct emul *e, const struct emul_op *op)
{
	unsigned size = size_of(e, op);
	return emul_rm_write(e, size, emul_reg(e, e->i.reg, size));
}

/* 8A/8B MOV reg, r/m. */
static int h_mov_load(struct emul *e, const struct emul_op *op)
{
	unsigned size = size_of(e, op);
	uint64_t v;
	int rc = emul_rm_read(e, size, &v);

	if (rc == VMEXIT_DONE)
		emul_set_reg(e, e->i.reg, size, v);
	return rc;
}

/* D7 XLAT ("XLAT/XLATB—Table Look-up Translation"): AL from the byte at
 * DS:[rBX + AL] (the segment overridable), AL zero-extended and the sum
 * taken at the address size: the decoder's memory operand, whose index
 * is AL (emul_ea()). */
static int h_xlat(struct emul *e, const struct emul_op *op)
{
	uint64_t v;
	int rc = emul_rm_read(e, 1, &v);

	(void)op;
	if (rc == VMEXIT_DONE)
		emul_set_reg(e, VMEXIT_RAX, 1, v);
	return rc;
}

/* 0F C3 MOVNTI m32, r32 (m64, r64 with REX.W): the only forms there
 * are ("MOVNTI": "NP 0F C3 /r"), so in 16-bit code, where 66 would make
 * it #UD, it still stores a doubleword and not the 16-bit operand size's
 * word.  0F 38 F9 MOVDIRI is the same store ("MOVDIRI—Move Doubleword as
 * Direct Store": "NP 0F 38 F9 /r", REX.W for m64), made as a direct
 * store: one access of its size, which the emulator makes anyway. */
static int h_movnti(struct emul *e, const struct emul_op *op)
{
	unsigned size = e->i.rex_w ? 8 : 4;

	(void)op;
	return emul_rm_write(e, size, emul_reg(e, e->i.reg, size));
}

/* 66 0F 38 F8 MOVDIR64B r, m512 ("MOVDIR64B—Move 64 Bytes as Direct
 * Store"): the 64 bytes at m512 to ES:[r], r an offset of the address
 * size that no segment prefix overrides, as one 64-byte write (its write
 * atomicity: one device access).  The destination must be 64-byte
 * aligned (#GP(0)); the source need not be.  The manual orders only the
 * read before the store; the destination's checks, all #GP(0) (ES is
 * never SS), come first, as in Xen's x86_emulate, then its page walk
 * with the store. */
static int h_movdir64b(struct emul *e, const struct emul_op *op)
{
	uint64_t dst = emul_reg(e, e->i.reg, e->i.adsize);
	uint8_t buf[64];
	int rc = emul_check_aligned_at(e, VMEXIT_SEG_ES, dst, sizeof(buf), true,
				       sizeof(buf));

	(void)op;
	if (rc == VMEXIT_DONE)
		rc = emul_mem(e, e->i.seg, emul_ea(e), buf, sizeof(buf), false);
	return rc == VMEXIT_DONE
		       ? emul_mem(e, VMEXIT_SEG_ES, dst, buf, sizeof(buf), true)
		       : rc;
}

/* C6/C7 /0 MOV r/m, imm. */
static int h_mov_imm(struct emul *e, const struct emul_op *op)
{
	return emul_rm_write(e, size_of(e, op), e->i.imm);
}

/* A0-A3: MOV between the accumulator and seg:moffs. */
static int h_mov_moffs(struct emul *e, const struct emul_op *op)
{
	unsigned size = size_of(e, op);
	uint64_t v = emul_reg(e, VMEXIT_RAX, size);
	bool store = op->opcode >= 0xa2;
	int rc = emul_mem(e, e->i.seg, emul_ea(e), &v, size, store);

	if (rc == VMEXIT_DONE && !store)
		emul_set_reg(e, VMEXIT_RAX, size, v);
	return rc;
}

static uint64_t sign_extend(uint64_t v, unsigned size)
{
	unsigned shift = 64 - 8 * size;
	return (uint64_t)((int64_t)(v << shift) >> shift);
}

/* 0F B6/B7 MOVZX, 0F BE/BF MOVSX, 63 MOVSXD (arg: source size, and
 * bit 7 for sign extension). */
static int h_movx(struct emul *e, const struct emul_op *op)
{
	unsigned src_size = op->arg & 0x7f;
	uint64_t v = 0;
	int rc;

	if (src_size > e->i.opsize) /* MOVSXD r16, r/m16 */
		src_size = e->i.opsize;
	rc = emul_rm_read(e, src_size, &v);

	if (rc != VMEXIT_DONE)
		return rc;
	if (op->arg & 0x80)
		v = sign_extend(v, src_size);
	emul_set_reg(e, e->i.reg, e->i.opsize, v);
	return VMEXIT_DONE;
}

static uint64_t bswap(uint64_t v, unsigned size)
{
	uint64_t r = 0;
	for (unsigned b = 0; b < size; b++)
		r |= ((v >> (8 * b)) & 0xff) << (8 * (size - 1 - b));
	return r;
}

/* 0F 38 F0 MOVBE reg, m; 0F 38 F1 MOVBE m, reg. */
static int h_movbe(struct emul *e, const struct emul_op *op)
{
	unsigned size = e->i.opsize;
	uint64_t v = 0;
	int rc;

	if (op->opcode == 0xf1)
		return emul_rm_write(e, size, bswap(emul_reg(e, e->i.reg, size),
						    size));
	rc = emul_rm_read(e, size, &v);
	if (rc == VMEXIT_DONE)
		emul_set_reg(e, e->i.reg, size, bswap(v, size));
	return rc;
}

/* 86/87 XCHG: with a memory operand always locked ("XCHG"). */
struct xchg_ctx {
	unsigned size;
	uint64_t reg;
};

static bool xchg_fn(struct emul *e, const uint64_t old[2], uint64_t new[2],
		    void *ctx)
{
	const struct xchg_ctx *c = ctx;
	new[0] = c->reg;
	emul_set_reg(e, e->i.reg, c->size, old[0]);
	return true;
}

static int h_xchg(struct emul *e, const struct emul_op *op)
{
	struct xchg_ctx c = { size_of(e, op), 0 };

	c.reg = emul_reg(e, e->i.reg, c.size);
	if (e->i.mod != 3)
		e->i.lock = true;
	return emul_rmw(e, c.size, xchg_fn, &c);
}

/* 0F B0/B1 CMPXCHG: the destination is written back even when the
 * comparison fails, so a device sees the write ("CMPXCHG"). */
static bool cmpxchg_fn(struct emul *e, const uint64_t old[2],
		       uint64_t new[2], void *ctx)
{
	unsigned size = *(const unsigned *)ctx;
	uint64_t acc = emul_reg(e, VMEXIT_RAX, size);

	vmexit_alu(A(CMP), size, &acc, old[0], &e->r.rflags);
	if (e->r.rflags & VMEXIT_RFLAGS_ZF) {
		new[0] = emul_reg(e, e->i.reg, size);
	} else {
		new[0] = old[0];
		emul_set_reg(e, VMEXIT_RAX, size, old[0]);
	}
	return true;
}

static int h_cmpxchg(struct emul *e, const struct emul_op *op)
{
	unsigned size = size_of(e, op);
	return emul_rmw(e, size, cmpxchg_fn, &size);
}

/* 0F C0/C1 XADD. */
static bool xadd_fn(struct emul *e, const uint64_t old[2], uint64_t new[2],
		    void *ctx)
{
	unsigned size = *(const unsigned *)ctx;
	uint64_t sum = old[0];

	vmexit_alu(A(ADD), size, &sum, emul_reg(e, e->i.reg, size),
		   &e->r.rflags);
	emul_set_reg(e, e->i.reg, size, old[0]);
	new[0] = sum;
	return true;
}

static int h_xadd(struct emul *e, const struct emul_op *op)
{
	unsigned size = size_of(e, op);
	return emul_rmw(e, size, xadd_fn, &size);
}

/* 0F C7 /1 CMPXCHG8B m64 and, with REX.W, CMPXCHG16B m128: compare
 * EDX:EAX (RDX:RAX) with the operand; equal, store ECX:EBX (RCX:RBX) and
 * set ZF; else load the operand into EDX:EAX (RDX:RAX) and clear ZF.  The
 * operand is written back either way ("CMPXCHG8B/CMPXCHG16B").  The
 * halves are registers of `half` bytes, 4 or 8; "pair" is hi:lo as the
 * operand lies in memory. */
static void pair(const struct emul *e, unsigned hi, unsigned lo,
		 unsigned half, uint64_t out[2])
{
	if (half == 8) {
		out[0] = emul_reg(e, lo, 8);
		out[1] = emul_reg(e, hi, 8);
	} else {
		out[0] = emul_reg(e, lo, 4) | (emul_reg(e, hi, 4) << 32);
		out[1] = 0;
	}
}

static bool cxpair_fn(struct emul *e, const uint64_t old[2], uint64_t new[2],
		      void *ctx)
{
	unsigned half = *(const unsigned *)ctx;
	uint64_t want[2];

	pair(e, VMEXIT_RDX, VMEXIT_RAX, half, want);
	if (old[0] == want[0] && old[1] == want[1]) {
		e->r.rflags |= VMEXIT_RFLAGS_ZF;
		pair(e, VMEXIT_RCX, VMEXIT_RBX, half, new);
		return true;
	}
	e->r.rflags &= ~VMEXIT_RFLAGS_ZF;
	emul_set_reg(e, VMEXIT_RAX, half, old[0]);
	emul_set_reg(e, VMEXIT_RDX, half, half == 8 ? old[1] : old[0] >> 32);
	new[0] = old[0];
	new[1] = old[1];
	return true;
}

/* CMPXCHG16B demands a 16-byte aligned operand (#GP(0)); with LOCK on RAM
 * both widths are one atomic compare-exchange, through emul_rmw(). */
static int h_cmpxchg8b(struct emul *e, const struct emul_op *op)
{
	unsigned half = e->i.opsize == 8 ? 8 : 4;
	int rc;

	(void)op;
	if (half == 8) {
		rc = emul_check_aligned(e, 16, true, 16);
		if (rc != VMEXIT_DONE)
			return rc;
	}
	return emul_rmw(e, 2 * half, cxpair_fn, &half);
}

/* 0F A3/AB/B3/BB BT* r/m, reg: with a memory operand the bit offset is
 * signed and may address beyond it ("BT—Bit Test", "Bit(BitBase,
 * BitOffset)"): the operand used is at ea + (offset SAR log2(bits)) *
 * bytes.  0F BA /4-/7 with imm8 take the offset modulo the width. */
static int h_bt(struct emul *e, const struct emul_op *op)
{
	unsigned size = e->i.opsize, bits = 8 * size;
	uint64_t off;

	if (op->opcode == 0xba) {
		off = e->i.imm & (bits - 1);
	} else {
		int64_t s = (int64_t)sign_extend(emul_reg(e, e->i.reg, size),
						 size);
		if (e->i.mod != 3) {
			int64_t words = s >= 0 ? s / bits
					       : -((-s + bits - 1) / bits);
			e->ea_adjust = (uint64_t)(words * (int64_t)size);
		}
		off = (uint64_t)s & (bits - 1);
	}
	return alu_rm(e, op->arg, size, off);
}

/* 0F 90-9F SETcc r/m8. */
static int h_setcc(struct emul *e, const struct emul_op *op)
{
	(void)op;
	return emul_rm_write(e, 1, vmexit_cond(e->i.opcode, e->r.rflags));
}

/* 0F 40-4F CMOVcc reg, r/m: the source is read whatever the condition,
 * and a 32-bit destination is zero-extended even when it is not moved
 * ("CMOVcc"). */
static int h_cmovcc(struct emul *e, const struct emul_op *op)
{
	unsigned size = e->i.opsize;
	uint64_t v;
	int rc = emul_rm_read(e, size, &v);

	(void)op;
	if (rc != VMEXIT_DONE)
		return rc;
	if (!vmexit_cond(e->i.opcode, e->r.rflags))
		v = emul_reg(e, e->i.reg, size);
	emul_set_reg(e, e->i.reg, size, v);
	return VMEXIT_DONE;
}

/* FF /6 PUSH r/m; 50+r PUSH reg; 68/6A PUSH imm. */
static int h_push(struct emul *e, const struct emul_op *op)
{
	unsigned size = stack_opsize(e);
	uint64_t v = 0;
	int rc = VMEXIT_DONE;

	if (op->opcode == 0xff)
		rc = emul_rm_read(e, size, &v);
	else if (op->opcode == 0x68 || op->opcode == 0x6a)
		v = e->i.imm;
	else
		v = emul_reg(e, e->i.opreg, size);
	return rc == VMEXIT_DONE ? emul_push(e, size, v) : rc;
}

/* 8F /0 POP r/m: the address is computed after RSP is incremented, when
 * RSP is the base ("POP"); 58+r POP reg. */
static int h_pop(struct emul *e, const struct emul_op *op)
{
	unsigned size = stack_opsize(e);
	uint64_t v;
	int rc = emul_pop(e, size, &v);

	if (rc != VMEXIT_DONE)
		return rc;
	if (op->opcode == 0x8f)
		return emul_rm_write(e, size, v);
	emul_set_reg(e, e->i.opreg, size, v);
	return VMEXIT_DONE;
}

/* C9 LEAVE: RSP <- RBP, then POP RBP. */
static int h_leave(struct emul *e, const struct emul_op *op)
{
	unsigned ss = emul_stack_size(e);
	uint64_t v;
	int rc;

	(void)op;
	emul_set_reg(e, VMEXIT_RSP, ss, emul_reg(e, VMEXIT_RBP, ss));
	rc = emul_pop(e, stack_opsize(e), &v);
	if (rc == VMEXIT_DONE)
		emul_set_reg(e, VMEXIT_RBP, stack_opsize(e), v);
	return rc;
}

/* C8 ENTER imm16, imm8 ("ENTER—Make Stack Frame for Procedure
 * Parameters", Operation): push rBP; FrameTemp <- rSP; for a nesting
 * level L (imm8 MOD 32) above 0, L - 1 times rBP <- rBP - size and push
 * [SS:rBP], then push FrameTemp; rBP <- FrameTemp; rSP <- rSP -
 * AllocSize; and a write at the final rSP must be possible ("#SS(0) If the
 * new value of the SP or ESP register is outside the stack segment
 * limit", "#PF ... if a write using the final value of the stack pointer
 * ... would cause a page fault").  Only the forms whose operand size is
 * the stack-address size: for the others the manual's pseudo-code does
 * not say which register width each step uses (16-bit operands on a
 * 64-bit stack fall in none of its cases, and its final step contradicts
 * the description for 32-bit operands on a 16-bit stack). */
static int h_enter(struct emul *e, const struct emul_op *op)
{
	unsigned size = stack_opsize(e), level = e->i.imm2 & 31;
	uint64_t frame, v, sp;
	int rc;

	(void)op;
	if (size != emul_stack_size(e))
		return vmexit_unhandled(e->v, VMEXIT_WHY_INSN, e->r.rip);
	rc = emul_push(e, size, emul_reg(e, VMEXIT_RBP, size));
	frame = emul_reg(e, VMEXIT_RSP, size);
	for (unsigned k = 1; rc == VMEXIT_DONE && k < level; k++) {
		uint64_t bp = emul_reg(e, VMEXIT_RBP, size) - size;
		emul_set_reg(e, VMEXIT_RBP, size, bp);
		v = 0;
		rc = emul_mem(e, VMEXIT_SEG_SS, bp & emul_mask(size), &v, size,
			      false);
		if (rc == VMEXIT_DONE)
			rc = emul_push(e, size, v);
	}
	if (rc == VMEXIT_DONE && level > 0)
		rc = emul_push(e, size, frame);
	if (rc != VMEXIT_DONE)
		return rc;
	sp = (emul_reg(e, VMEXIT_RSP, size) - (e->i.imm & 0xffff)) &
	     emul_mask(size);
	rc = emul_probe_write(e, VMEXIT_SEG_SS, sp, size, 0);
	if (rc != VMEXIT_DONE)
		return rc;
	emul_set_reg(e, VMEXIT_RBP, size, frame);
	emul_set_sp(e, sp);
	return VMEXIT_DONE;
}

/* FF /2 CALL and FF /4 JMP near, through r/m.  The target must be
 * canonical in 64-bit mode and within CS's limit elsewhere (#GP(0)). */
/* A branch target in 64-bit mode must be canonical: #GP(0) ("JMP",
 * "CALL", 64-bit mode exceptions). */
static int require_canonical(struct emul *e, uint64_t target)
{
	int canonical;
	int rc = vmexit_is_canonical(e->v, target, &canonical);

	if (rc == VMEXIT_DONE && !canonical)
		rc = vmexit_raise_gp(e->v, 0);
	return rc;
}

static int h_branch(struct emul *e, const struct emul_op *op)
{
	unsigned size = e->mc.mode == VMEXIT_MODE_LONG64 ? 8 : e->i.opsize;
	uint64_t target;
	int rc = emul_rm_read(e, size, &target);

	if (rc != VMEXIT_DONE)
		return rc;
	if (e->mc.mode == VMEXIT_MODE_LONG64) {
		rc = require_canonical(e, target);
		if (rc != VMEXIT_DONE)
			return rc;
	} else if (target > e->v->sregs.seg[VMEXIT_SEG_CS].limit) {
		return vmexit_raise_gp(e->v, 0);
	}
	if (op->reg == 2) {
		rc = emul_push(e, size, (e->r.rip + e->i.len) & emul_mask(size));
		if (rc != VMEXIT_DONE)
			return rc;
	}
	e->r.rip = target;
	e->rip_set = true;
	return VMEXIT_DONE;
}

/* FF /3 CALL and FF /5 JMP far, through m16:16, m16:32 or, in 64-bit
 * mode with REX.W, m16:64 (the pseudo-code of "CALL" and "JMP").  Intel
 * takes REX.W as m16:64; AMD ignores it and reads m16:32 (AMD64 APM
 * Vol. 3, "CALL (Far)", "JMP (Far)"): this follows Intel.
 *
 * Real-address and virtual-8086 mode: CS <- selector with base
 * selector << 4 (lib/x86/segment.c), IP/EIP <- offset, #GP(0) if it is
 * beyond the CS limit.  The pseudo-code of CALL says "DEST[31:16] is
 * not zero" there, which is the limit check for the real-mode limit
 * FFFFH; the limit is what the processor compares.
 *
 * Protected, compatibility and 64-bit mode, a code segment: the null
 * selector, table limit, type, DPL/RPL, L/D and present checks are
 * vmexit_seg_load()'s for VMEXIT_LOAD_FAR, in two steps so that nothing
 * is written before every check has passed.  Call gates, task gates
 * and TSSs are the task-switch and gate code's: VMEXIT_UNHANDLED.
 *
 * Order, as the pseudo-code has it: the operand read, the descriptor
 * checks, for CALL "stack not large enough for return address" (#SS(0),
 * or the push's #PF), the new EIP against the new CS limit unless the
 * target is 64-bit code, then canonical.  Only then (and once the
 * exit's address is known to be one of the accesses) are the accessed
 * bit and the stack written, and CS and RIP go to the vCPU with the
 * GPRs in commit().  The accessed bit is written before the pushes: it
 * is the one write that may still fault (#PF on the GDT), while the
 * pushes were probed and can fail only by a backend or device error. */
static int h_far(struct emul *e, const struct emul_op *op)
{
	bool call = op->reg == 3, lma, target64;
	unsigned size = e->i.opsize, ss = emul_stack_size(e);
	uint64_t ea = emul_ea(e), off = 0, sp, ret = 0, cs = 0;
	uint16_t sel = 0;
	struct vmexit_seg_req r;
	struct seg_prep p;
	int rc;

	/* The offset, then the selector after it (each its own access, so
	 * each has its own #AC alignment: "Alignment Checking" lists the
	 * 32-bit far pointer at 2 and the 48-bit one at 4). */
	rc = emul_mem(e, e->i.seg, ea, &off, size, false);
	if (rc == VMEXIT_DONE)
		rc = emul_mem(e, e->i.seg, (ea + size) & emul_mask(e->i.adsize),
			      &sel, 2, false);
	if (rc != VMEXIT_DONE)
		return rc;

	memset(&r, 0, sizeof(r));
	r.kind = VMEXIT_LOAD_FAR;
	r.seg = VMEXIT_SEG_CS;
	r.selector = sel;
	r.cpl = (uint8_t)e->mc.cpl;
	rc = seg_load_prepare(e->v, &r, true, &p);
	if (rc != VMEXIT_DONE)
		return rc;
	if (p.gate)
		return vmexit_unhandled(e->v, VMEXIT_WHY_INSN, e->r.rip);

	lma = e->v->sregs.efer & VMEXIT_EFER_LMA;
	target64 = lma && (p.out.ar & VMEXIT_AR_L);
	if (call) {
		/* Both return-address slots, as the two pushes will write
		 * them (each wraps at the stack-address size). */
		sp = e->r.gpr[VMEXIT_RSP];
		for (unsigned k = 1; k <= 2; k++) {
			rc = emul_probe_write(e, VMEXIT_SEG_SS,
					      (sp - k * size) & emul_mask(ss),
					      size, size);
			if (rc != VMEXIT_DONE)
				return rc;
		}
	}
	/* The offset was read at the operand size, which is the pseudo-
	 * code's "tempEIP AND 0000FFFFH" for 16 bits.  CALL to a
	 * compatibility-mode target keeps 32 bits of it; JMP does not,
	 * so a REX.W offset above 4 GiB fails the limit check. */
	if (call && lma && !target64)
		off &= 0xffffffffull;
	if (!target64 && off > p.out.limit)
		return vmexit_raise_gp(e->v, 0);
	if (lma) {
		rc = require_canonical(e, off);
		if (rc != VMEXIT_DONE)
			return rc;
	}

	/* Every access the exit could name (the operand, the stack slots,
	 * probed above) has been announced: an exit address none of them
	 * covered refuses the instruction here, before its first write. */
	rc = emul_hint_require(e);
	if (rc == VMEXIT_DONE)
		rc = seg_load_finish(e->v, &r, &p);
	if (rc != VMEXIT_DONE)
		return rc;
	if (call) {
		/* Push(CS), "padded with 16 (48) high-order bits", then
		 * Push(EIP) (RIP, IP) at the operand size. */
		cs = e->v->sregs.seg[VMEXIT_SEG_CS].selector;
		ret = (e->r.rip + e->i.len) & emul_mask(size);
		rc = emul_push(e, size, cs);
		if (rc == VMEXIT_DONE)
			rc = emul_push(e, size, ret);
		if (rc != VMEXIT_DONE)
			return rc;
	}
	e->r.rip = off;
	e->rip_set = true;
	e->seg_set = true;
	e->seg_reg = VMEXIT_SEG_CS;
	e->seg_val = p.out;
	return VMEXIT_DONE;
}

#define ALU_ROW(F, k, base, aluop, lock)                                    \
	F(k, 0, base + 0, -1, 0, EMUL_BYTE | ANY | lock, aluop, h_alu_rm_reg) \
	F(k, 0, base + 1, -1, 0, ANY | lock, aluop, h_alu_rm_reg)           \
	F(k, 0, base + 2, -1, 0, EMUL_BYTE | ANY, aluop, h_alu_reg_rm)      \
	F(k, 0, base + 3, -1, 0, ANY, aluop, h_alu_reg_rm)

#define ANY EMUL_ANYPFX
#define LK EMUL_LOCK
#define M EMUL_MEMONLY
#define B EMUL_BYTE

/* In (map, opcode) order, which emul_lookup() relies on (checked by
 * tests/test_emulate.c); the forms of one opcode in any order, as they
 * never match the same instruction. */
#define INT_FORMS(F, k)                                                     \
	/* one-byte map */                                                  \
	ALU_ROW(F, k, 0x00, A(ADD), LK) ALU_ROW(F, k, 0x08, A(OR), LK)      \
	ALU_ROW(F, k, 0x10, A(ADC), LK) ALU_ROW(F, k, 0x18, A(SBB), LK)     \
	ALU_ROW(F, k, 0x20, A(AND), LK) ALU_ROW(F, k, 0x28, A(SUB), LK)     \
	ALU_ROW(F, k, 0x30, A(XOR), LK) ALU_ROW(F, k, 0x38, A(CMP), 0)      \
	F(k, 0, 0x63, -1, 0, EMUL_64 | ANY, 0x84, h_movx)                   \
	F(k, 0, 0x68, -1, 0, ANY, 0, h_push)                                \
	F(k, 0, 0x69, -1, 0, ANY, 0, h_imul)                                \
	F(k, 0, 0x6a, -1, 0, ANY, 0, h_push)                                \
	F(k, 0, 0x6b, -1, 0, ANY, 0, h_imul)                                \
	F(k, 0, 0x80, -1, 0, B | LK | ANY, 0, h_group1)                     \
	F(k, 0, 0x81, -1, 0, LK | ANY, 0, h_group1)                         \
	/* 82: 80 again outside 64-bit mode; the decoder makes it #UD in    \
	 * 64-bit mode ("Opcode Map", i64). */                              \
	F(k, 0, 0x82, -1, 0, B | LK | ANY, 0, h_group1)                     \
	F(k, 0, 0x83, -1, 0, LK | ANY, 0, h_group1)                         \
	F(k, 0, 0x84, -1, 0, B | ANY, 0, h_test)                            \
	F(k, 0, 0x85, -1, 0, ANY, 0, h_test)                                \
	F(k, 0, 0x86, -1, 0, B | LK | ANY, 0, h_xchg)                       \
	F(k, 0, 0x87, -1, 0, LK | ANY, 0, h_xchg)                           \
	F(k, 0, 0x88, -1, 0, B | ANY, 0, h_mov_store)                       \
	F(k, 0, 0x89, -1, 0, ANY, 0, h_mov_store)                           \
	F(k, 0, 0x8a, -1, 0, B | ANY, 0, h_mov_load)                        \
	F(k, 0, 0x8b, -1, 0, ANY, 0, h_mov_load)                            \
	F(k, 0, 0x8f, 0, 0, ANY, 0, h_pop)                                  \
	F(k, 0, 0xa0, -1, 0, B | ANY, 0, h_mov_moffs)                       \
	F(k, 0, 0xa1, -1, 0, ANY, 0, h_mov_moffs)                           \
	F(k, 0, 0xa2, -1, 0, B | ANY, 0, h_mov_moffs)                       \
	F(k, 0, 0xa3, -1, 0, ANY, 0, h_mov_moffs)                           \
	F(k, 0, 0xc0, -1, 0, B | ANY, 0, h_shift)                           \
	F(k, 0, 0xc1, -1, 0, ANY, 0, h_shift)                               \
	F(k, 0, 0xc6, 0, 0, B | ANY, 0, h_mov_imm)                          \
	F(k, 0, 0xc7, 0, 0, ANY, 0, h_mov_imm)                              \
	F(k, 0, 0xc8, -1, 0, ANY, 0, h_enter)                               \
	F(k, 0, 0xc9, -1, 0, ANY, 0, h_leave)                               \
	F(k, 0, 0xd0, -1, 0, B | ANY, 1, h_shift)                           \
	F(k, 0, 0xd1, -1, 0, ANY, 1, h_shift)                               \
	F(k, 0, 0xd2, -1, 0, B | ANY, 2, h_shift)                           \
	F(k, 0, 0xd3, -1, 0, ANY, 2, h_shift)                               \
	F(k, 0, 0xd7, -1, 0, B | ANY, 0, h_xlat)                            \
	F(k, 0, 0xf6, 0, 0, B | ANY, 0, h_test)                             \
	F(k, 0, 0xf6, 1, 0, B | ANY, 0, h_test)                             \
	F(k, 0, 0xf6, 2, 0, B | LK | ANY, A(NOT), h_unary)                  \
	F(k, 0, 0xf6, 3, 0, B | LK | ANY, A(NEG), h_unary)                  \
	F(k, 0, 0xf6, 4, 0, B | ANY, VMEXIT_MD_MUL, h_muldiv)               \
	F(k, 0, 0xf6, 5, 0, B | ANY, VMEXIT_MD_IMUL, h_muldiv)              \
	F(k, 0, 0xf6, 6, 0, B | ANY, VMEXIT_MD_DIV, h_muldiv)               \
	F(k, 0, 0xf6, 7, 0, B | ANY, VMEXIT_MD_IDIV, h_muldiv)              \
	F(k, 0, 0xf7, 0, 0, ANY, 0, h_test)                                 \
	F(k, 0, 0xf7, 1, 0, ANY, 0, h_test)                                 \
	F(k, 0, 0xf7, 2, 0, LK | ANY, A(NOT), h_unary)                      \
	F(k, 0, 0xf7, 3, 0, LK | ANY, A(NEG), h_unary)                      \
	F(k, 0, 0xf7, 4, 0, ANY, VMEXIT_MD_MUL, h_muldiv)                   \
	F(k, 0, 0xf7, 5, 0, ANY, VMEXIT_MD_IMUL, h_muldiv)                  \
	F(k, 0, 0xf7, 6, 0, ANY, VMEXIT_MD_DIV, h_muldiv)                   \
	F(k, 0, 0xf7, 7, 0, ANY, VMEXIT_MD_IDIV, h_muldiv)                  \
	F(k, 0, 0xfe, 0, 0, B | LK | ANY, A(INC), h_unary)                  \
	F(k, 0, 0xfe, 1, 0, B | LK | ANY, A(DEC), h_unary)                  \
	F(k, 0, 0xff, 0, 0, LK | ANY, A(INC), h_unary)                      \
	F(k, 0, 0xff, 1, 0, LK | ANY, A(DEC), h_unary)                      \
	F(k, 0, 0xff, 2, 0, ANY, 0, h_branch)                               \
	F(k, 0, 0xff, 3, 0, M | ANY, 0, h_far)                              \
	F(k, 0, 0xff, 4, 0, ANY, 0, h_branch)                               \
	F(k, 0, 0xff, 5, 0, M | ANY, 0, h_far)                              \
	F(k, 0, 0xff, 6, 0, ANY, 0, h_push)                                 \
	/* 0F */                                                            \
	F(k, 1, 0xa3, -1, 0, ANY, A(BT), h_bt)                              \
	F(k, 1, 0xa4, -1, 0, ANY, VMEXIT_SHD_SHLD, h_shd)                   \
	F(k, 1, 0xa5, -1, 0, ANY, VMEXIT_SHD_SHLD, h_shd)                   \
	F(k, 1, 0xab, -1, 0, LK | ANY, A(BTS), h_bt)                        \
	F(k, 1, 0xac, -1, 0, ANY, VMEXIT_SHD_SHRD, h_shd)                   \
	F(k, 1, 0xad, -1, 0, ANY, VMEXIT_SHD_SHRD, h_shd)                   \
	F(k, 1, 0xaf, -1, 0, ANY, 0, h_imul)                                \
	F(k, 1, 0xb0, -1, 0, B | LK | ANY, 0, h_cmpxchg)                    \
	F(k, 1, 0xb1, -1, 0, LK | ANY, 0, h_cmpxchg)                        \
	F(k, 1, 0xb3, -1, 0, LK | ANY, A(BTR), h_bt)                        \
	F(k, 1, 0xb6, -1, 0, ANY, 1, h_movx)                                \
	F(k, 1, 0xb7, -1, 0, ANY, 2, h_movx)                                \
	F(k, 1, 0xb8, -1, 0xf3, 0, A(POPCNT), h_bitscan)                    \
	F(k, 1, 0xba, 4, 0, ANY, A(BT), h_bt)                               \
	F(k, 1, 0xba, 5, 0, LK | ANY, A(BTS), h_bt)                         \
	F(k, 1, 0xba, 6, 0, LK | ANY, A(BTR), h_bt)                         \
	F(k, 1, 0xba, 7, 0, LK | ANY, A(BTC), h_bt)                         \
	F(k, 1, 0xbb, -1, 0, LK | ANY, A(BTC), h_bt)                        \
	F(k, 1, 0xbc, -1, 0, 0, A(BSF), h_bitscan)                          \
	F(k, 1, 0xbc, -1, 0x66, 0, A(BSF), h_bitscan)                       \
	F(k, 1, 0xbc, -1, 0xf2, 0, A(BSF), h_bitscan)                       \
	F(k, 1, 0xbc, -1, 0xf3, 0, A(TZCNT), h_bitscan)                     \
	F(k, 1, 0xbd, -1, 0, 0, A(BSR), h_bitscan)                          \
	F(k, 1, 0xbd, -1, 0x66, 0, A(BSR), h_bitscan)                       \
	F(k, 1, 0xbd, -1, 0xf2, 0, A(BSR), h_bitscan)                       \
	F(k, 1, 0xbd, -1, 0xf3, 0, A(LZCNT), h_bitscan)                     \
	F(k, 1, 0xbe, -1, 0, ANY, 0x81, h_movx)                             \
	F(k, 1, 0xbf, -1, 0, ANY, 0x82, h_movx)                             \
	F(k, 1, 0xc0, -1, 0, B | LK | ANY, 0, h_xadd)                       \
	F(k, 1, 0xc1, -1, 0, LK | ANY, 0, h_xadd)                           \
	F(k, 1, 0xc3, -1, 0, M, 0, h_movnti)                                \
	F(k, 1, 0xc7, 1, 0, M | LK | ANY, 0, h_cmpxchg8b)                   \
	/* 0F 38 */                                                         \
	F(k, 2, 0xf0, -1, 0, M, 0, h_movbe)                                 \
	F(k, 2, 0xf0, -1, 0x66, M, 0, h_movbe)                              \
	F(k, 2, 0xf1, -1, 0, M, 0, h_movbe)                                 \
	F(k, 2, 0xf1, -1, 0x66, M, 0, h_movbe)                              \
	F(k, 2, 0xf8, -1, 0x66, M, 0, h_movdir64b)                          \
	F(k, 2, 0xf9, -1, 0, M, 0, h_movnti)

EMUL_TABLE(emul_int_table, INT_FORMS);

/* SETcc, CMOVcc and PUSH/POP reg are sixteen and eight opcodes each; the
 * dispatcher maps them here by range. */
const struct emul_op emul_setcc_op = { 1, 0x90, -1, 0, ANY, 0, h_setcc };
const struct emul_op emul_cmovcc_op = { 1, 0x40, -1, 0, ANY, 0, h_cmovcc };
const struct emul_op emul_push_reg_op = { 0, 0x50, -1, 0, ANY, 0, h_push };
const struct emul_op emul_pop_reg_op = { 0, 0x58, -1, 0, ANY, 0, h_pop };
