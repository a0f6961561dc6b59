/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * struct vmexit_vregs in and out of KVM's XSAVE image.  The legacy area:
 * FSW at byte 2, FTW at 4, MXCSR at 24, ST0-7 from 32, XMM0-15 from 160;
 * XSTATE_BV at 512 (SDM Vol. 1, "Legacy Region of an XSAVE Area", "XSAVE
 * Header"); the extended components where CPUID says.
 */
#include <string.h>

#include "backend/kvm_xsave.h"

#define XS_FSW 2
#define XS_FTW 4
#define XS_MXCSR 24
#define XS_ST 32
#define XS_XMM 160
#define XS_XSTATE_BV 512
#define XS_LEGACY_AND_HEADER 576

#define XFEATURE_X87 (1ull << 0)
#define XFEATURE_SSE (1ull << 1)
/* Extended components, by number */
#define XFEATURE_YMM_HI128 2
#define XFEATURE_OPMASK 5
#define XFEATURE_ZMM_HI256 6
#define XFEATURE_HI16_ZMM 7

/* The size of each extended component the library moves. */
static const uint32_t component_size[8] = {
	[XFEATURE_YMM_HI128] = 256, [XFEATURE_OPMASK] = 64, [XFEATURE_ZMM_HI256] = 512,
	[XFEATURE_HI16_ZMM] = 1024,
};

void vmexit_xsave_layout(uint32_t off[8])
{
	uint32_t a, b, c, d;

	memset(off, 0, 8 * sizeof(off[0]));
	__asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(0), "c"(0));
	if (a < 0xd)
		return;
	for (unsigned i = 2; i < 8; i++) {
		if (!component_size[i])
			continue;
		__asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d)
				 : "a"(0xd), "c"(i));
		if (a == component_size[i] && b >= XS_LEGACY_AND_HEADER &&
		    b <= VMEXIT_XSAVE_SIZE - a)
			off[i] = b;
	}
}

/* Bytes of component i for register r: its slice of len bytes. */
static uint8_t *slice(uint8_t *img, const uint32_t off[8], unsigned i,
		      unsigned r, unsigned len)
{
	return img + off[i] + (size_t)r * len;
}

/* Whether extended component i is in the image and bit i of mask set. */
static int has(const uint32_t off[8], uint64_t mask, unsigned i)
{
	return off[i] && ((mask >> i) & 1);
}

void vmexit_xsave_get(const uint8_t *img, const uint32_t off[8],
		      struct vmexit_vregs *v)
{
	uint8_t *m = (uint8_t *)(uintptr_t)img; /* only read */
	uint64_t bv;

	memset(v->ymm, 0, sizeof(v->ymm));
	memset(v->st, 0, sizeof(v->st));
	memset(v->k, 0, sizeof(v->k));
	memset(v->zmm_hi256, 0, sizeof(v->zmm_hi256));
	memset(v->zmm_hi16, 0, sizeof(v->zmm_hi16));
	v->fsw = 0;
	v->ftw = 0;
	memcpy(&v->mxcsr, img + XS_MXCSR, 4);
	memcpy(&bv, img + XS_XSTATE_BV, 8);
	if (bv & XFEATURE_X87) {
		memcpy(&v->fsw, img + XS_FSW, 2);
		v->ftw = img[XS_FTW];
		for (unsigned i = 0; i < 8; i++)
			memcpy(v->st[i], img + XS_ST + 16 * i, 10);
	}
	/* A component whose XSTATE_BV bit is clear is in its initial state:
	 * all zeros (SDM Vol. 1, "XSAVE-Supported Features and
	 * State-Component Bitmaps"). */
	for (unsigned r = 0; r < 16; r++) {
		if (bv & XFEATURE_SSE)
			memcpy(v->ymm[r], img + XS_XMM + 16 * r, 16);
		if (has(off, bv, XFEATURE_YMM_HI128))
			memcpy(v->ymm[r] + 16, slice(m, off, XFEATURE_YMM_HI128, r, 16), 16);
		if (has(off, bv, XFEATURE_ZMM_HI256))
			memcpy(v->zmm_hi256[r], slice(m, off, XFEATURE_ZMM_HI256, r, 32), 32);
		if (has(off, bv, XFEATURE_HI16_ZMM))
			memcpy(v->zmm_hi16[r], slice(m, off, XFEATURE_HI16_ZMM, r, 64), 64);
	}
	if (has(off, bv, XFEATURE_OPMASK))
		memcpy(v->k, slice(m, off, XFEATURE_OPMASK, 0, 64), 64);
}

void vmexit_xsave_put(uint8_t *img, const uint32_t off[8],
		      const struct vmexit_vregs *v)
{
	uint64_t bv;

	memcpy(img + XS_MXCSR, &v->mxcsr, 4);
	memcpy(&bv, img + XS_XSTATE_BV, 8);
	/* x87 in its initial state (XSTATE_BV[0] clear) has FCW 037FH, the
	 * rest zero; writing it makes the legacy area the state. */
	if (!(bv & XFEATURE_X87)) {
		memset(img, 0, XS_MXCSR);
		img[0] = 0x7f;
		img[1] = 0x03;
		memset(img + XS_ST, 0, 8 * 16);
	}
	memcpy(img + XS_FSW, &v->fsw, 2);
	img[XS_FTW] = v->ftw;
	for (unsigned i = 0; i < 8; i++)
		memcpy(img + XS_ST + 16 * i, v->st[i], 10);
	bv |= XFEATURE_X87 | XFEATURE_SSE;
	/* The extended components XCR0 enables are written whole and
	 * marked in use. */
	for (unsigned i = 2; i < 8; i++)
		if (component_size[i] && has(off, v->xcr0, i))
			bv |= 1ull << i;
	for (unsigned r = 0; r < 16; r++) {
		memcpy(img + XS_XMM + 16 * r, v->ymm[r], 16);
		if (has(off, v->xcr0, XFEATURE_YMM_HI128))
			memcpy(slice(img, off, XFEATURE_YMM_HI128, r, 16), v->ymm[r] + 16, 16);
		if (has(off, v->xcr0, XFEATURE_ZMM_HI256))
			memcpy(slice(img, off, XFEATURE_ZMM_HI256, r, 32), v->zmm_hi256[r], 32);
		if (has(off, v->xcr0, XFEATURE_HI16_ZMM))
			memcpy(slice(img, off, XFEATURE_HI16_ZMM, r, 64), v->zmm_hi16[r], 64);
	}
	if (has(off, v->xcr0, XFEATURE_OPMASK))
		memcpy(slice(img, off, XFEATURE_OPMASK, 0, 64), v->k, 64);
	memcpy(img + XS_XSTATE_BV, &bv, 8);
}
