/* SPDX-License-Identifier: BSD-2-Clause */
#define _GNU_SOURCE
#include "lib/host_avx512.h"

#include <setjmp.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>

#include <vmexit/vcpu.h>

_Static_assert(offsetof(struct host_zstate, k) == 2048, "the code addresses k at 2048");

static uint8_t *code;
static sigjmp_buf jump;
static volatile sig_atomic_t caught;
static void *volatile fault_addr;

static void on_signal(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	caught = sig;
	fault_addr = si->si_addr;
	siglongjmp(jump, 1);
}

void *host_avx512_fault_addr(void)
{
	return fault_addr;
}

void vregs_zmm_get(const struct vmexit_vregs *v, unsigned n, uint8_t z[64])
{
	if (n < 16) {
		memcpy(z, v->ymm[n], 32);
		memcpy(z + 32, v->zmm_hi256[n], 32);
	} else {
		memcpy(z, v->zmm_hi16[n - 16], 64);
	}
}

void vregs_zmm_set(struct vmexit_vregs *v, unsigned n, const uint8_t z[64])
{
	if (n < 16) {
		memcpy(v->ymm[n], z, 32);
		memcpy(v->zmm_hi256[n], z + 32, 32);
	} else {
		memcpy(v->zmm_hi16[n - 16], z, 64);
	}
}

bool host_has_avx512(void)
{
	unsigned a, b, c, d;
	uint32_t lo, hi;

	__asm__("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(0), "c"(0));
	if (a < 7)
		return false;
	__asm__("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(1), "c"(0));
	if (!(c & (1u << 27))) /* OSXSAVE */
		return false;
	__asm__("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
	if ((lo & 0xe6) != 0xe6)
		return false;
	__asm__("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(7), "c"(0));
	return (b & (1u << 16)) && (b & (1u << 30)) && (b & (1u << 31)); /* F, BW, VL */
}

/* vmovdqu64 zmmN, [rsi + 64 * N] or the store (disp8 N, scaled by 64). */
static uint8_t *zmm_move(uint8_t *p, unsigned n, bool store)
{
	*p++ = 0x62;
	*p++ = (uint8_t)((((~n >> 3) & 1) << 7) | 0x60 | (((~n >> 4) & 1) << 4) | 1);
	*p++ = 0xfe;
	*p++ = 0x48;
	*p++ = store ? 0x7f : 0x6f;
	*p++ = (uint8_t)(0x46 | (n & 7) << 3);
	*p++ = (uint8_t)n;
	return p;
}

/* kmovq kK, [rsi + 2048 + 8 * K] or the store. */
static uint8_t *kmov(uint8_t *p, unsigned k, bool store)
{
	uint32_t d = 2048 + 8 * k;

	*p++ = 0xc4;
	*p++ = 0xe1;
	*p++ = 0xf8;
	*p++ = store ? 0x91 : 0x90;
	*p++ = (uint8_t)(0x86 | k << 3);
	memcpy(p, &d, 4);
	return p + 4;
}

static uint8_t *state_moves(uint8_t *p, bool store)
{
	for (unsigned r = 0; r < 32; r++)
		p = zmm_move(p, r, store);
	for (unsigned k = 1; k < 8; k++)
		p = kmov(p, k, store);
	return p;
}

int host_avx512_run(const uint8_t *insn, size_t n, void *rdi, struct host_zstate *s)
{
	struct sigaction sa = { .sa_sigaction = on_signal, .sa_flags = SA_NODEFER | SA_SIGINFO };
	struct sigaction old_ill, old_segv;
	uint8_t *p;

	if (!code) {
		void *m = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (m == MAP_FAILED)
			return -1;
		code = m;
	}
	if (n > 256)
		return -1;
	p = state_moves(code, false);
	memcpy(p, insn, n);
	p = state_moves(p + n, true);
	memcpy(p, "\xc5\xf8\x77\xc3", 4); /* vzeroupper; ret */
	sigaction(SIGILL, &sa, &old_ill);
	sigaction(SIGSEGV, &sa, &old_segv);
	caught = 0;
	fault_addr = NULL;
	if (!sigsetjmp(jump, 1))
		((void (*)(void *, struct host_zstate *))(void *)code)(rdi, s);
	sigaction(SIGILL, &old_ill, NULL);
	sigaction(SIGSEGV, &old_segv, NULL);
	return caught;
}
