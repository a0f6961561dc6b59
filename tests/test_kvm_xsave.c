/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The KVM adapter's XSAVE image conversion (lib/backend/kvm_xsave.c),
 * against the host CPU: KVM's image is the standard format the XSAVE
 * instruction writes, so the host saves registers it loaded and the
 * library must read them back, and the host restores an image the
 * library wrote and must load the registers the library put there.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "backend/kvm_xsave.h"
#include "lib/host_avx512.h"

/* mov eax, 0E7H; xor edx, edx; xsave [rdi] (xrstor [rdi]): x87, SSE,
 * AVX and the three AVX-512 components. */
static const uint8_t xsave_code[] = { 0xb8, 0xe7, 0, 0, 0, 0x31, 0xd2, 0x0f, 0xae, 0x27 };
static const uint8_t xrstor_code[] = { 0xb8, 0xe7, 0, 0, 0, 0x31, 0xd2, 0x0f, 0xae, 0x2f };

static _Alignas(64) uint8_t img[VMEXIT_XSAVE_SIZE];

static uint64_t rng = 0x2545f4914f6cdd1dull;

static void random_bytes(void *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		rng ^= rng << 13;
		rng ^= rng >> 7;
		rng ^= rng << 17;
		((uint8_t *)p)[i] = (uint8_t)rng;
	}
}

static unsigned differences(const struct vmexit_vregs *v, const struct host_zstate *s)
{
	unsigned bad = 0;
	uint8_t z[64];

	for (unsigned r = 0; r < 32; r++) {
		vregs_zmm_get(v, r, z);
		bad += memcmp(z, s->z[r], 64) != 0;
	}
	for (unsigned k = 1; k < 8; k++)
		bad += v->k[k] != s->k[k];
	return bad;
}

static void test_layout(void **state)
{
	uint32_t off[8];
	(void)state;
	if (!host_has_avx512())
		skip();
	vmexit_xsave_layout(off);
	/* Where the host says (Intel: 576, 1088, 1152, 1664); no overlap,
	 * inside the image; the MPX components 3 and 4 are not moved. */
	assert_true(off[2] >= 576 && off[5] >= off[2] + 256 && off[6] >= off[5] + 64 &&
		    off[7] >= off[6] + 512 && off[7] + 1024 <= VMEXIT_XSAVE_SIZE);
	assert_int_equal(off[3] | off[4], 0);
}

static void test_against_host(void **state)
{
	uint32_t off[8];
	unsigned bad = 0, trials = 64;
	(void)state;
	if (!host_has_avx512()) {
		printf("host CPU: no AVX-512 with OS support; skipped\n");
		skip();
	}
	vmexit_xsave_layout(off);
	for (unsigned t = 0; t < trials; t++) {
		struct host_zstate s, s2;
		struct vmexit_vregs v;

		/* What the host saves, the library reads. */
		random_bytes(&s, sizeof(s));
		memset(img, 0xa5, sizeof(img));
		memset(img + 512, 0, 64); /* the XSAVE header */
		assert_int_equal(host_avx512_run(xsave_code, sizeof(xsave_code), img, &s), 0);
		memset(&v, 0xcc, sizeof(v));
		vmexit_xsave_get(img, off, &v);
		bad += differences(&v, &s);
		/* What the library writes, the host restores. */
		random_bytes(v.ymm, sizeof(v.ymm));
		random_bytes(v.zmm_hi256, sizeof(v.zmm_hi256));
		random_bytes(v.zmm_hi16, sizeof(v.zmm_hi16));
		random_bytes(v.k, sizeof(v.k));
		v.mxcsr = 0x1f80;
		v.xcr0 = 0xe7;
		vmexit_xsave_put(img, off, &v);
		random_bytes(&s2, sizeof(s2));
		assert_int_equal(host_avx512_run(xrstor_code, sizeof(xrstor_code), img, &s2), 0);
		bad += differences(&v, &s2);
	}
	printf("host CPU: %u XSAVE and XRSTOR round trips, %u registers differ\n", trials,
	       bad);
	assert_int_equal(bad, 0);
}

/* "XSAVE-Supported Features and State-Component Bitmaps": a component
 * whose XSTATE_BV bit is clear is in its initial state, whatever the
 * image holds there; one XCR0 does not enable is not written. */
static void test_init_state_and_disabled(void **state)
{
	static const uint32_t off[8] = { [2] = 576, [5] = 1088, [6] = 1152, [7] = 1664 };
	struct vmexit_vregs v;
	uint64_t bv = 0x3;
	(void)state;
	memset(img, 0x5a, sizeof(img));
	memcpy(img + 512, &bv, 8);
	vmexit_xsave_get(img, off, &v);
	for (unsigned r = 0; r < 16; r++) {
		for (unsigned b = 0; b < 16; b++)
			assert_int_equal(v.ymm[r][b], 0x5a);
		for (unsigned b = 16; b < 32; b++)
			assert_int_equal(v.ymm[r][b], 0);
		for (unsigned b = 0; b < 32; b++)
			assert_int_equal(v.zmm_hi256[r][b], 0);
		assert_int_equal(v.zmm_hi16[r][0] | v.zmm_hi16[r][63], 0);
	}
	assert_int_equal(v.k[1] | v.k[7], 0);
	memset(v.zmm_hi16, 0x11, sizeof(v.zmm_hi16));
	v.xcr0 = 0x7;
	vmexit_xsave_put(img, off, &v);
	memcpy(&bv, img + 512, 8);
	assert_int_equal(bv, 0x7);
	assert_int_equal(img[1664], 0x5a);
	v.xcr0 = 0xe7;
	vmexit_xsave_put(img, off, &v);
	memcpy(&bv, img + 512, 8);
	assert_int_equal(bv, 0xe7);
	assert_int_equal(img[1664], 0x11);
	assert_int_equal(img[1664 + 1023], 0x11);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_layout),
		cmocka_unit_test(test_against_host),
		cmocka_unit_test(test_init_state_and_disabled),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
