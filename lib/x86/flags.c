/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The emulator's ALU: results and status flags of the integer arithmetic,
 * logic, shift, rotate and bit-test instructions, for 8-, 16-, 32- and
 * 64-bit operands, in portable C.  Each instruction's "Flags Affected"
 * paragraph in the SDM Vol. 2 is the specification; the comment on each
 * function says what the manual leaves undefined and what we return there.
 *
 * Undefined flags.  Where the SDM says "undefined", hardware is still
 * deterministic, but Intel and AMD differ.  Intel behaviour (the default)
 * follows the measurements on Core i7-6700K / i9-10980XE that VirtualBox's
 * IEM documents (not re-measured here: no Intel host was available); AMD
 * behaviour (VMEXIT_ALU_AMD) was measured on an AMD EPYC family 19h host
 * by tests/test_flags_host.c, which compares every flag, undefined ones
 * included, in the mode of the host's vendor.
 *
 * The core is freestanding: no libc, no state; everything is computed
 * from the arguments.
 */
#include <vmexit/flags.h>
#include <vmexit/x86.h>

#include "x86/flags_internal.h"

#define CF VMEXIT_RFLAGS_CF
#define PF VMEXIT_RFLAGS_PF
#define AF VMEXIT_RFLAGS_AF
#define ZF VMEXIT_RFLAGS_ZF
#define SF VMEXIT_RFLAGS_SF
#define OF VMEXIT_RFLAGS_OF

/* One operation in flight: operands already truncated to the size. */
struct alu {
	unsigned bits;  /* 8, 16, 32, 64 */
	uint64_t mask;  /* all ones in the operand */
	uint64_t sign;  /* the operand's most significant bit */
	uint64_t d, s;  /* destination and source */
	uint64_t fl;    /* RFLAGS, updated in place */
	bool amd;       /* undefined flags as AMD leaves them */
};

static void put(struct alu *a, uint64_t flag, bool on)
{
	a->fl = on ? (a->fl | flag) : (a->fl & ~flag);
}

static bool msb(const struct alu *a, uint64_t v)
{
	return (v & a->sign) != 0;
}

/* Bit n-2, the one a 1-bit left shift moves into the sign. */
static bool msb2(const struct alu *a, uint64_t v)
{
	return ((v >> (a->bits - 2)) & 1) != 0;
}

/* ZF, SF and PF from the result, which every arithmetic op sets alike. */
static uint64_t szp(struct alu *a, uint64_t r)
{
	r &= a->mask;
	put(a, ZF, r == 0);
	put(a, SF, msb(a, r));
	put(a, PF, parity_even(r));
	return r;
}

/*
 * Addition r = x + y (+ carry in).  The carry into each bit position i+1
 * is majority(x_i, y_i, carry_i), and carry_i = r_i ^ x_i ^ y_i, which
 * gives the whole carry vector without a wider type; CF is the carry out
 * of the top bit, OF says the signs of both inputs agree and differ from
 * the result's, AF is the carry out of bit 3.
 */
static uint64_t add_flags(struct alu *a, uint64_t x, uint64_t y, uint64_t r)
{
	uint64_t carries = (x & y) | ((x | y) & ~r);

	put(a, CF, msb(a, carries));
	put(a, AF, ((x ^ y ^ r) & 0x10) != 0);
	put(a, OF, msb(a, (x ^ r) & (y ^ r)));
	return szp(a, r);
}

/* Subtraction r = x - y (- borrow in), the same way with borrows. */
static uint64_t sub_flags(struct alu *a, uint64_t x, uint64_t y, uint64_t r)
{
	uint64_t borrows = (~x & y) | ((~x | y) & r);

	put(a, CF, msb(a, borrows));
	put(a, AF, ((x ^ y ^ r) & 0x10) != 0);
	put(a, OF, msb(a, (x ^ y) & (x ^ r)));
	return szp(a, r);
}

/* AND, OR, XOR, TEST: "The OF and CF flags are cleared; the SF, ZF, and PF
 * flags are set according to the result. The state of the AF flag is
 * undefined."  Intel and AMD both clear AF. */
static uint64_t logic_flags(struct alu *a, uint64_t r)
{
	put(a, CF, false);
	put(a, OF, false);
	put(a, AF, false);
	return szp(a, r);
}

static uint64_t cf_in(const struct alu *a)
{
	return a->fl & CF;
}

static uint64_t op_add(struct alu *a)
{
	return add_flags(a, a->d, a->s, a->d + a->s);
}

static uint64_t op_adc(struct alu *a)
{
	return add_flags(a, a->d, a->s, a->d + a->s + cf_in(a));
}

static uint64_t op_sub(struct alu *a)
{
	return sub_flags(a, a->d, a->s, a->d - a->s);
}

static uint64_t op_sbb(struct alu *a)
{
	return sub_flags(a, a->d, a->s, a->d - a->s - cf_in(a));
}

static uint64_t op_and(struct alu *a)
{
	return logic_flags(a, a->d & a->s);
}

static uint64_t op_or(struct alu *a)
{
	return logic_flags(a, a->d | a->s);
}

static uint64_t op_xor(struct alu *a)
{
	return logic_flags(a, a->d ^ a->s);
}

static uint64_t op_cmp(struct alu *a)
{
	sub_flags(a, a->d, a->s, a->d - a->s);
	return a->d;
}

static uint64_t op_test(struct alu *a)
{
	logic_flags(a, a->d & a->s);
	return a->d;
}

/* INC and DEC: flags of ADD/SUB with 1, except that CF is preserved. */
static uint64_t op_inc(struct alu *a)
{
	uint64_t cf = cf_in(a);
	uint64_t r = add_flags(a, a->d, 1, a->d + 1);

	put(a, CF, cf != 0);
	return r;
}

static uint64_t op_dec(struct alu *a)
{
	uint64_t cf = cf_in(a);
	uint64_t r = sub_flags(a, a->d, 1, a->d - 1);

	put(a, CF, cf != 0);
	return r;
}

/* NEG is 0 - dst: "The CF flag set to 0 if the source operand is 0;
 * otherwise it is set to 1", which the borrow of 0 - x gives. */
static uint64_t op_neg(struct alu *a)
{
	return sub_flags(a, 0, a->d, 0 - a->d);
}

static uint64_t op_not(struct alu *a)
{
	return ~a->d & a->mask;
}

/* The count of shifts and rotates: "masked to 5 bits (or 6 bits if in
 * 64-bit mode and REX.W is used)" (SDM Vol. 2B, "SAL/SAR/SHL/SHR"). */
static unsigned count_of(const struct alu *a, uint64_t raw)
{
	return (unsigned)(raw & (a->bits == 64 ? 63 : 31));
}

/*
 * Shifts (SDM Vol. 2B, "SAL/SAR/SHL/SHR—Shift", Flags Affected): a zero
 * count affects no flag; otherwise CF is the last bit shifted out, OF is
 * defined only for a 1-bit shift, AF is undefined, and CF is undefined for
 * SHL/SHR when the count reaches the operand width (8/16-bit operands,
 * where the 5-bit count can exceed it).
 *
 * Undefined cases, as hardware does them:
 *  - AF: Intel clears it, AMD sets it.
 *  - CF when count > width (8/16-bit only): 0 for SHL/SHR, as if the
 *    operand were shifted in a wide register (measured on AMD; assumed for
 *    Intel, not measured).  SAR's CF is the sign, which the manual defines.
 *  - OF for counts > 1: Intel computes it from the first 1-bit step (SHL:
 *    the two top bits of dst; SHR: the sign of dst; SAR: 0); AMD from the
 *    last (SHL: top bit of the result XOR CF; SHR and SAR: 0).
 */
static void shift_common(struct alu *a, uint64_t r, bool cf)
{
	szp(a, r);
	put(a, CF, cf);
	put(a, AF, a->amd);
}

static uint64_t op_shl(struct alu *a)
{
	unsigned c = count_of(a, a->s);
	uint64_t r;
	bool cf;

	if (c == 0)
		return a->d;
	r = c >= a->bits ? 0 : (a->d << c) & a->mask;
	cf = c <= a->bits && ((a->d >> (a->bits - c)) & 1);
	shift_common(a, r, cf);
	if (a->amd)
		put(a, OF, msb(a, r) != cf);
	else
		put(a, OF, msb(a, a->d) != msb2(a, a->d));
	return r;
}

static uint64_t op_shr(struct alu *a)
{
	unsigned c = count_of(a, a->s);
	uint64_t r;

	if (c == 0)
		return a->d;
	r = c >= a->bits ? 0 : a->d >> c;
	shift_common(a, r, c <= a->bits && ((a->d >> (c - 1)) & 1));
	/* Defined for c == 1: "the OF flag is set to the most-significant
	 * bit of the original operand". */
	put(a, OF, (c == 1 || !a->amd) && msb(a, a->d));
	return r;
}

static uint64_t op_sar(struct alu *a)
{
	unsigned c = count_of(a, a->s);
	uint64_t fill = msb(a, a->d) ? a->mask : 0;
	uint64_t r;
	bool cf;

	if (c == 0)
		return a->d;
	if (c >= a->bits) {
		/* Every bit, the last one out included, is the sign. */
		r = fill;
		cf = fill != 0;
	} else {
		r = ((a->d >> c) | (fill << (a->bits - c))) & a->mask;
		cf = (a->d >> (c - 1)) & 1;
	}
	shift_common(a, r, cf);
	put(a, OF, false); /* "cleared for all 1-bit shifts" */
	return r;
}

/*
 * Rotates (SDM Vol. 2B, "RCL/RCR/ROL/ROR—Rotate", Flags Affected): "If the
 * masked count is 0, the flags are not affected. If the masked count is 1,
 * then the OF flag is affected, otherwise (masked count is greater than 1)
 * the OF flag is undefined."  CF is affected whenever the masked count is
 * not 0 -- for ROL/ROR even when an 8/16-bit rotate by a multiple of the
 * width leaves the value as it was.  SF, ZF, AF and PF are never touched.
 *
 * Undefined OF for counts > 1: Intel computes it as for a 1-bit rotate of
 * the original operand (the first step); AMD as the 1-bit formula applied
 * to the final result (the last step).
 */
static uint64_t rotl(const struct alu *a, uint64_t v, unsigned c)
{
	c &= a->bits - 1;
	if (c == 0)
		return v;
	return ((v << c) | (v >> (a->bits - c))) & a->mask;
}

static uint64_t op_rol(struct alu *a)
{
	unsigned c = count_of(a, a->s);
	uint64_t r = rotl(a, a->d, c);

	if (c == 0)
		return a->d;
	put(a, CF, r & 1);
	if (a->amd)
		put(a, OF, msb(a, r) != (r & 1));
	else
		put(a, OF, msb(a, a->d) != msb2(a, a->d));
	return r;
}

static uint64_t op_ror(struct alu *a)
{
	unsigned c = count_of(a, a->s);
	uint64_t r = rotl(a, a->d, (a->bits - (c & (a->bits - 1))));

	if (c == 0)
		return a->d;
	put(a, CF, msb(a, r));
	if (a->amd)
		put(a, OF, msb(a, r) != msb2(a, r));
	else
		put(a, OF, msb(a, a->d) != (a->d & 1));
	return r;
}

/*
 * RCL and RCR rotate the width+1 bit quantity CF:dst.  8- and 16-bit
 * operands take the masked count modulo 9 and 17 ("tempCOUNT").  When
 * tempCOUNT is 0 but the masked count is not (9, 18, 27, 17), Intel changes
 * nothing; AMD leaves CF and the value but still writes OF (undefined,
 * since the masked count is not 1) as its last-step formula gives.
 */
static unsigned rc_count(const struct alu *a, unsigned c)
{
	return a->bits < 32 ? c % (a->bits + 1) : c;
}

static uint64_t op_rcl(struct alu *a)
{
	unsigned c = count_of(a, a->s);
	unsigned t = rc_count(a, c);
	uint64_t cf = cf_in(a), r = a->d;

	if (c == 0 || (t == 0 && !a->amd))
		return a->d;
	if (t != 0) {
		r = (a->d << t) | (cf << (t - 1));
		if (t > 1)
			r |= a->d >> (a->bits + 1 - t);
		r &= a->mask;
		cf = (a->d >> (a->bits - t)) & 1;
	}
	put(a, CF, cf);
	if (a->amd)
		put(a, OF, msb(a, r) != cf);
	else
		put(a, OF, msb(a, a->d) != msb2(a, a->d));
	return r;
}

static uint64_t op_rcr(struct alu *a)
{
	unsigned c = count_of(a, a->s);
	unsigned t = rc_count(a, c);
	uint64_t cf = cf_in(a), r = a->d;
	bool intel_of = msb(a, a->d) != (cf != 0);

	if (c == 0 || (t == 0 && !a->amd))
		return a->d;
	if (t != 0) {
		r = (a->d >> t) | (cf << (a->bits - t));
		if (t > 1)
			r |= a->d << (a->bits + 1 - t);
		r &= a->mask;
		cf = (a->d >> (t - 1)) & 1;
	}
	put(a, CF, cf);
	/* Defined for count 1: "OF <- MSB(DEST) XOR CF" before rotating,
	 * which is also the top two bits of the result. */
	put(a, OF, a->amd ? msb(a, r) != msb2(a, r) : intel_of);
	return r;
}

/*
 * BT, BTS, BTR, BTC (SDM Vol. 2A, "BT—Bit Test"): "The CF flag contains
 * the value of the selected bit ... The ZF flag is unaffected. The OF, SF,
 * AF, and PF flags are undefined."  Both vendors leave the undefined ones
 * unchanged, and so do we.
 */
static uint64_t bit_test(struct alu *a)
{
	uint64_t bit = 1ull << (a->s & (a->bits - 1));

	put(a, CF, (a->d & bit) != 0);
	return bit;
}

static uint64_t op_bt(struct alu *a)
{
	bit_test(a);
	return a->d;
}

static uint64_t op_bts(struct alu *a)
{
	return a->d | bit_test(a);
}

static uint64_t op_btr(struct alu *a)
{
	return a->d & ~bit_test(a);
}

static uint64_t op_btc(struct alu *a)
{
	return a->d ^ bit_test(a);
}

/* The zero bits of src below its lowest 1 and above its highest 1 (the
 * operand width for a zero src): TZCNT and LZCNT, and BSF and BSR's index
 * (the lowest 1 is bit tz, the highest bit width - 1 - lz). */
static uint64_t trailing_zeros(const struct alu *a)
{
	uint64_t r = 0;

	while (r < a->bits && !((a->s >> r) & 1))
		r++;
	return r;
}

static uint64_t leading_zeros(const struct alu *a)
{
	uint64_t r = 0;

	while (r < a->bits && !((a->s >> (a->bits - 1 - r)) & 1))
		r++;
	return r;
}

/* The five flags the bit counts and scans clear, and ZF as given. */
static void clear_but_zf(struct alu *a, bool zf)
{
	a->fl &= ~(CF | PF | AF | ZF | SF | OF);
	put(a, ZF, zf);
}

/*
 * BSF, BSR ("BSF—Bit Scan Forward", "BSR—Bit Scan Reverse"): the index of
 * the lowest or highest set bit of src; ZF = (src == 0), and then "the
 * content of the destination operand is undefined"; CF, OF, SF, AF and
 * PF are undefined.  Hardware (measured on this project's Intel host;
 * AMD documents the destination the same way): a zero src leaves the
 * destination unchanged, and the flags are those of a result of the
 * index (0 for a zero src): PF its parity, CF, OF, SF and AF clear.
 */
static uint64_t scan(struct alu *a, uint64_t index)
{
	clear_but_zf(a, a->s == 0);
	put(a, PF, parity_even(a->s ? index : 0));
	return a->s ? index : a->d;
}

static uint64_t op_bsf(struct alu *a)
{
	return scan(a, trailing_zeros(a));
}

static uint64_t op_bsr(struct alu *a)
{
	return scan(a, a->bits - 1 - leading_zeros(a));
}

/* POPCNT ("POPCNT—Return the Count of Number of Bits Set to 1"): ZF =
 * (src == 0), the other five cleared. */
static uint64_t op_popcnt(struct alu *a)
{
	uint64_t r = 0;

	for (uint64_t v = a->s; v; v &= v - 1)
		r++;
	clear_but_zf(a, r == 0);
	return r;
}

/* TZCNT, LZCNT ("TZCNT—Count the Number of Trailing Zero Bits", "LZCNT—
 * Count the Number of Leading Zero Bits"): the count, the operand width
 * for a zero src; CF = (src == 0), ZF = (result == 0); OF, SF, AF and PF
 * undefined, and cleared by hardware (measured on this project's Intel
 * host). */
static uint64_t count(struct alu *a, uint64_t r)
{
	clear_but_zf(a, r == 0);
	put(a, CF, a->s == 0);
	return r;
}

static uint64_t op_tzcnt(struct alu *a)
{
	return count(a, trailing_zeros(a));
}

static uint64_t op_lzcnt(struct alu *a)
{
	return count(a, leading_zeros(a));
}

/* The operations by enum vmexit_alu_op. */
static uint64_t (*const alu_ops[VMEXIT_ALU_NR_OPS])(struct alu *) = {
	[VMEXIT_ALU_ADD] = op_add,   [VMEXIT_ALU_ADC] = op_adc,
	[VMEXIT_ALU_SUB] = op_sub,   [VMEXIT_ALU_SBB] = op_sbb,
	[VMEXIT_ALU_AND] = op_and,   [VMEXIT_ALU_OR] = op_or,
	[VMEXIT_ALU_XOR] = op_xor,   [VMEXIT_ALU_CMP] = op_cmp,
	[VMEXIT_ALU_TEST] = op_test, [VMEXIT_ALU_INC] = op_inc,
	[VMEXIT_ALU_DEC] = op_dec,   [VMEXIT_ALU_NEG] = op_neg,
	[VMEXIT_ALU_NOT] = op_not,   [VMEXIT_ALU_SHL] = op_shl,
	[VMEXIT_ALU_SHR] = op_shr,   [VMEXIT_ALU_SAR] = op_sar,
	[VMEXIT_ALU_ROL] = op_rol,   [VMEXIT_ALU_ROR] = op_ror,
	[VMEXIT_ALU_RCL] = op_rcl,   [VMEXIT_ALU_RCR] = op_rcr,
	[VMEXIT_ALU_BT] = op_bt,     [VMEXIT_ALU_BTS] = op_bts,
	[VMEXIT_ALU_BTR] = op_btr,   [VMEXIT_ALU_BTC] = op_btc,
	[VMEXIT_ALU_BSF] = op_bsf,   [VMEXIT_ALU_BSR] = op_bsr,
	[VMEXIT_ALU_POPCNT] = op_popcnt, [VMEXIT_ALU_TZCNT] = op_tzcnt,
	[VMEXIT_ALU_LZCNT] = op_lzcnt,
};

/* Set up *a for an operand of size bytes; false if size is not 1/2/4/8. */
static bool alu_init(struct alu *a, unsigned op, unsigned size, uint64_t d,
		     uint64_t s, uint64_t rflags)
{
	if (size != 1 && size != 2 && size != 4 && size != 8)
		return false;
	a->bits = size * 8;
	a->mask = ~0ull >> (64 - a->bits);
	a->sign = 1ull << (a->bits - 1);
	a->d = d & a->mask;
	a->s = s & a->mask;
	a->fl = rflags;
	a->amd = (op & VMEXIT_ALU_AMD) != 0;
	return true;
}

int vmexit_alu(unsigned op, unsigned size, uint64_t *dst, uint64_t src,
	       uint64_t *rflags)
{
	unsigned base = op & ~VMEXIT_ALU_AMD;
	struct alu a;

	if (!dst || !rflags || base >= VMEXIT_ALU_NR_OPS ||
	    !alu_init(&a, op, size, *dst, src, *rflags))
		return VMEXIT_ERR_CALLER;
	*dst = alu_ops[base](&a) & a.mask;
	*rflags = a.fl;
	return VMEXIT_DONE;
}

/*
 * SHLD/SHRD (SDM Vol. 2B, "SHLD—Double Precision Shift Left", "SHRD—
 * Double Precision Shift Right"): the count is masked to 5 bits (6 with
 * REX.W); 0 affects nothing.  CF is the last bit shifted out of dst, SF,
 * ZF and PF follow the result, OF is a 1-bit shift's sign change and is
 * undefined for more, AF is undefined.  "If the count is greater than the
 * operand size, the result is undefined" and so are all the flags: only
 * 16-bit operands can get there (counts 17-31).
 *
 * Hardware in the undefined cases:
 *  - AF: Intel clears, AMD sets (as for the plain shifts).
 *  - OF for counts > 1: Intel as for the first 1-bit step; AMD the sign
 *    change of the last step, except 16-bit SHLD by 16 or more, where AMD
 *    gives bit 0 of dst for 16 and 0 above (measured).
 *  - 16-bit counts > 16: both shift a 48-bit dst:src:x (SHLD) or
 *    x:src:dst (SHRD) where x is dst on Intel and src on AMD; Intel takes
 *    CF from that wide value, AMD from dst alone (0 once it is empty).
 *    Measured on AMD; the Intel side is VirtualBox's Skylake finding, and
 *    sandpile.org notes that Intel changed it between generations.
 */
static uint64_t bit(uint64_t v, unsigned n)
{
	return (v >> n) & 1;
}

/* The 16-bit case shifts a 48-bit value whose third part is dst (Intel)
 * or src (AMD). */
static uint64_t shd_filler(const struct alu *a)
{
	return a->amd ? a->s : a->d;
}

/* SHLD's dst after k 1-bit steps (0 <= k <= masked count). */
static uint64_t shld_after(const struct alu *a, unsigned k)
{
	if (k == 0)
		return a->d;
	if (a->bits == 16)
		return ((a->d << 32 | a->s << 16 | shd_filler(a)) >> (32 - k)) &
		       0xffff;
	return ((a->d << k) | (a->s >> (a->bits - k))) & a->mask;
}

/* The bit SHLD's k-th step (k >= 1) shifts out. */
static bool shld_out(const struct alu *a, unsigned k)
{
	if (a->bits == 16)
		return bit(a->d << 32 | a->s << 16 | shd_filler(a), 48 - k);
	return bit(a->d, a->bits - k);
}

static uint64_t shrd_after(const struct alu *a, unsigned k)
{
	if (k == 0)
		return a->d;
	if (a->bits == 16)
		return ((shd_filler(a) << 32 | a->s << 16 | a->d) >> k) & 0xffff;
	return ((a->d >> k) | (a->s << (a->bits - k))) & a->mask;
}

static bool shrd_out(const struct alu *a, unsigned k)
{
	if (a->bits == 16)
		return bit(shd_filler(a) << 32 | a->s << 16 | a->d, k - 1);
	return bit(a->d, k - 1);
}

int vmexit_alu_shd(unsigned op, unsigned size, uint64_t *dst, uint64_t src,
		   uint8_t count, uint64_t *rflags)
{
	unsigned base = op & ~VMEXIT_ALU_AMD;
	bool left = base == VMEXIT_SHD_SHLD;
	uint64_t (*after)(const struct alu *, unsigned) =
		left ? shld_after : shrd_after;
	struct alu a;
	unsigned c;
	uint64_t r;
	bool cf;

	if (!dst || !rflags || base > VMEXIT_SHD_SHRD ||
	    !alu_init(&a, op, size, *dst, src, *rflags) || size == 1)
		return VMEXIT_ERR_CALLER;
	c = count_of(&a, count);
	if (c == 0)
		return VMEXIT_DONE;
	r = after(&a, c);
	cf = left ? shld_out(&a, c) : shrd_out(&a, c);
	if (a.amd && c > a.bits)
		cf = false;
	szp(&a, r);
	put(&a, CF, cf);
	put(&a, AF, a.amd);
	if (a.amd && left && c >= a.bits)
		put(&a, OF, c == a.bits && (a.d & 1)); /* measured */
	else if (a.amd)
		put(&a, OF, msb(&a, r) != msb(&a, after(&a, c - 1)));
	else
		put(&a, OF, msb(&a, after(&a, 1)) != msb(&a, a.d));
	*dst = r;
	*rflags = a.fl;
	return VMEXIT_DONE;
}

/*
 * Condition codes (SDM Vol. 1, Appendix B "EFLAGS Condition Codes"): even
 * codes test a predicate, odd ones its negation.
 */
bool vmexit_cond(unsigned cc, uint64_t rflags)
{
	bool sf = (rflags & SF) != 0, of = (rflags & OF) != 0;
	bool zf = (rflags & ZF) != 0, cf = (rflags & CF) != 0;
	bool v;

	switch ((cc >> 1) & 7) {
	case 0: v = of; break;
	case 1: v = cf; break;
	case 2: v = zf; break;
	case 3: v = cf || zf; break;
	case 4: v = sf; break;
	case 5: v = (rflags & PF) != 0; break;
	case 6: v = sf != of; break;
	default: v = zf || sf != of; break;
	}
	return v != ((cc & 1) != 0);
}
