/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Multiplication and division of the accumulator (SDM Vol. 2A/2B, "MUL—
 * Unsigned Multiply", "IMUL—Signed Multiply", "DIV—Unsigned Divide",
 * "IDIV—Signed Divide"), in portable C: no 128-bit type and no division
 * by the compiler's runtime (the core is also built for 32-bit hosts and
 * freestanding), so products are formed from 32-bit halves and quotients
 * one bit at a time.
 *
 * Flags the manual leaves undefined.  Intel (measured on this project's
 * host by tests/test_flags_host.c, which compares them in Intel mode):
 * after a multiplication SF is the sign of the low half of the result, PF
 * its parity, ZF and AF are cleared; after a division every status flag
 * is left as it was.  AMD (VMEXIT_ALU_AMD; not measured here, but as
 * VirtualBox's IEM documents it for a Ryzen Threadripper 3990X, whose
 * Intel findings this host confirms): a multiplication leaves SF, ZF, AF
 * and PF as they were; a division sets AF and clears SF, ZF and PF,
 * leaving CF and OF.
 */
#include <vmexit/flags.h>
#include <vmexit/x86.h>

#include "x86/flags_internal.h"

/* hi:lo = a * b, unsigned. */
static void umul64(uint64_t a, uint64_t b, uint64_t *hi, uint64_t *lo)
{
	uint64_t a0 = (uint32_t)a, a1 = a >> 32, b0 = (uint32_t)b, b1 = b >> 32;
	uint64_t p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0;
	uint64_t mid = (p00 >> 32) + (uint32_t)p01 + (uint32_t)p10;

	*lo = mid << 32 | (uint32_t)p00;
	*hi = a1 * b1 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);
}

/* (hi:lo) / d and the remainder, for hi < d (the quotient then fits in
 * 64 bits): restoring division.  The partial remainder is below d before
 * each step, so twice it plus a bit may carry out of 64 bits; it is then
 * above d, and the wrapped difference is still the true one. */
static uint64_t udiv64(uint64_t hi, uint64_t lo, uint64_t d, uint64_t *rem)
{
	uint64_t q = 0;

	for (int i = 0; i < 64; i++) {
		bool carry = hi >> 63;

		hi = hi << 1 | lo >> 63;
		lo <<= 1;
		q <<= 1;
		if (carry || hi >= d) {
			hi -= d;
			q |= 1;
		}
	}
	*rem = hi;
	return q;
}

static uint64_t sext(uint64_t v, unsigned bits)
{
	return bits >= 64 ? v : (uint64_t)((int64_t)(v << (64 - bits)) >> (64 - bits));
}

/* The product of a and b (size bits each) as its two halves, each
 * size bits wide. */
static void product(bool sign, unsigned bits, uint64_t a, uint64_t b,
		    uint64_t *hi, uint64_t *lo)
{
	uint64_t m = ~0ull >> (64 - bits), ph, pl;

	if (sign) {
		a = sext(a, bits);
		b = sext(b, bits);
	}
	umul64(a, b, &ph, &pl);
	/* The signed product from the unsigned one of the same bits: each
	 * negative factor contributes 2^64 times the other too many. */
	if (sign)
		ph -= ((int64_t)a < 0 ? b : 0) + ((int64_t)b < 0 ? a : 0);
	if (bits == 64) {
		*hi = ph;
		*lo = pl;
	} else { /* the whole product is in pl */
		*hi = (pl >> bits) & m;
		*lo = pl & m;
	}
}

static uint64_t mul_flags(uint64_t fl, unsigned bits, uint64_t lo,
			  bool overflow, bool amd)
{
	fl &= ~(uint64_t)(amd ? VMEXIT_RFLAGS_CF | VMEXIT_RFLAGS_OF
			      : VMEXIT_RFLAGS_STATUS);
	if (overflow)
		fl |= VMEXIT_RFLAGS_CF | VMEXIT_RFLAGS_OF;
	if (amd)
		return fl;
	if ((lo >> (bits - 1)) & 1)
		fl |= VMEXIT_RFLAGS_SF;
	if (parity_even(lo))
		fl |= VMEXIT_RFLAGS_PF;
	return fl;
}

/* Quotient and remainder, or false for #DE ("DIV", "IDIV", Operation:
 * a zero divisor, or a quotient too large for its register). */
static bool quotient(bool sign, unsigned bits, uint64_t hi, uint64_t lo,
		     uint64_t d, uint64_t *q, uint64_t *r)
{
	uint64_t m = ~0ull >> (64 - bits);
	bool neg_n = false, neg_d = false;

	if (d == 0)
		return false;
	if (sign) {
		neg_n = (hi >> (bits - 1)) & 1;
		neg_d = (d >> (bits - 1)) & 1;
		if (neg_d)
			d = -sext(d, bits) & m;
		if (neg_n) { /* the magnitude of the 2*bits-wide hi:lo */
			lo = -lo & m;
			hi = (~hi + (lo == 0)) & m;
		}
	}
	/* The quotient fits in bits bits exactly when hi < d. */
	if (hi >= d)
		return false;
	*q = bits == 64 ? udiv64(hi, lo, d, r)
			: udiv64(0, hi << bits | lo, d, r);
	if (sign) {
		uint64_t half = 1ull << (bits - 1);

		if (neg_n != neg_d ? *q > half : *q >= half)
			return false;
		if (neg_n != neg_d)
			*q = -*q & m;
		if (neg_n)
			*r = -*r & m;
	}
	return true;
}

int vmexit_alu_muldiv(unsigned op, unsigned size, uint64_t *lo, uint64_t *hi,
		      uint64_t src, uint64_t *rflags)
{
	unsigned base = op & ~VMEXIT_ALU_AMD, bits = size * 8;
	uint64_t m, a, h = 0, l, q, r;
	bool amd = (op & VMEXIT_ALU_AMD) != 0;
	bool sign = base == VMEXIT_MD_IMUL || base == VMEXIT_MD_IMUL_TRUNC ||
		    base == VMEXIT_MD_IDIV;

	if (!lo || !rflags || (size != 1 && size != 2 && size != 4 && size != 8) ||
	    base > VMEXIT_MD_IDIV || (base != VMEXIT_MD_IMUL_TRUNC && !hi))
		return VMEXIT_ERR_CALLER;
	m = ~0ull >> (64 - bits);
	a = *lo & m;
	src &= m;
	switch (base) {
	case VMEXIT_MD_MUL:
	case VMEXIT_MD_IMUL:
	case VMEXIT_MD_IMUL_TRUNC:
		product(sign, bits, a, src, &h, &l);
		*rflags = mul_flags(*rflags, bits, l,
				    sign ? h != (((l >> (bits - 1)) & 1) ? m : 0)
					 : h != 0, amd);
		*lo = l;
		if (base != VMEXIT_MD_IMUL_TRUNC)
			*hi = h;
		return VMEXIT_DONE;
	default:
		if (!quotient(sign, bits, *hi & m, a, src, &q, &r))
			return VMEXIT_EXCEPTION;
		*lo = q;
		*hi = r;
		if (amd)
			*rflags = (*rflags & ~(uint64_t)(VMEXIT_RFLAGS_SF |
							 VMEXIT_RFLAGS_ZF |
							 VMEXIT_RFLAGS_PF)) |
				  VMEXIT_RFLAGS_AF;
		return VMEXIT_DONE;
	}
}
