/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * vmexit-run: a small VMM on KVM and libvmexit, the example to copy from.
 *
 *   vmexit-run [options] --kernel FILE        ELF or multiboot kernel
 *   vmexit-run [options] --flat FILE          flat binary
 *
 * Devices: COM1 (0x3f8) to stdout; QEMU's isa-debug-exit (port 0xf4, the
 * runner exits with (value << 1) | 1); a minimal QEMU fw_cfg (0x510
 * selector, 0x511 data: signature, id, RAM size, CPU count, command line);
 * KVM's in-kernel irqchip; a 4 KiB MMIO test device at 0xd0000000 that
 * stores what is written and returns it on reads; IA32_TSC_AUX through
 * KVM's MSR filter and the library's MSR policy, and MSR 0x13370000 (one
 * KVM does not know) in dev_rdmsr/dev_wrmsr, both by KVM's userspace MSR
 * exits.  CPUID is the library's policy.  Every port, MMIO and MSR access
 * goes through the KVM adapter.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <linux/kvm.h>

#include <vmexit/cpuid.h>
#include <vmexit/kvm.h>
#include <vmexit/msr.h>
#include <vmexit/x86.h>

/* Exit codes of the runner itself are even; the guest's are odd. */
enum { EXIT_USAGE = 2, EXIT_KVM = 4, EXIT_GUEST = 6 };

#define MMIO_TEST_BASE 0xd0000000ull
#define MMIO_TEST_SIZE 0x1000u
#define SCRATCH_MSR 0x13370000u
#define MB_INFO_ADDR 0x9000u   /* multiboot info, memory map, cmdline */
#define PT_ADDR 0x70000u       /* long-mode page tables for ELF64 */
#define GDT_ADDR 0x8000u

struct vm {
	uint8_t *ram;
	uint64_t ram_size;
	const char *cmdline;
	bool trace;
	bool exited;
	int exit_code;
	/* fw_cfg */
	uint16_t fw_sel;
	uint32_t fw_off;
	/* COM1 registers other than data, so probes read back */
	uint8_t uart[8];
	uint8_t mmio_test[MMIO_TEST_SIZE];
	uint64_t scratch_msr;
	/* The library's MSR policy: what the guest's CPU has, and the
	 * values of the MSRs the library owns. */
	struct vmexit_msr_config msr_cfg;
	struct vmexit_msr_state msr_state;
};

static const char *prog = "vmexit-run";

static void die(int code, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(code);
}

/* --- devices ------------------------------------------------------------ */

static void fw_cfg_item(const struct vm *m, uint16_t key, uint8_t *buf,
			uint32_t *len)
{
	uint64_t v;

	*len = 0;
	switch (key) {
	case 0x00: /* FW_CFG_SIGNATURE */
		memcpy(buf, "QEMU", 4);
		*len = 4;
		break;
	case 0x01: /* FW_CFG_ID: traditional interface only */
		v = 1;
		memcpy(buf, &v, 4);
		*len = 4;
		break;
	case 0x03: /* FW_CFG_RAM_SIZE */
		memcpy(buf, &m->ram_size, 8);
		*len = 8;
		break;
	case 0x05: /* FW_CFG_NB_CPUS */
		v = 1;
		memcpy(buf, &v, 2);
		*len = 2;
		break;
	case 0x16: /* FW_CFG_CMDLINE_SIZE, with the NUL */
		v = strlen(m->cmdline) + 1;
		memcpy(buf, &v, 4);
		*len = 4;
		break;
	case 0x17: /* FW_CFG_CMDLINE_DATA */
		*len = (uint32_t)strlen(m->cmdline) + 1;
		memcpy(buf, m->cmdline, *len);
		break;
	}
}

static int dev_pio_in(void *opaque, uint16_t port, unsigned size,
		      uint32_t *val)
{
	struct vm *m = opaque;

	*val = 0xffffffffu >> (32 - 8 * size); /* open bus */
	if (port >= 0x3f8 && port < 0x400) {
		/* LSR: transmitter empty, so guests never wait. */
		*val = port == 0x3fd ? 0x60 : m->uart[port - 0x3f8];
	} else if (port == 0x511) {
		uint8_t buf[4096];
		uint32_t len;
		fw_cfg_item(m, m->fw_sel, buf, &len);
		*val = m->fw_off < len ? buf[m->fw_off] : 0;
		m->fw_off++;
	} else if (port == 0x510) {
		*val = m->fw_sel;
	}
	return 0;
}

static int dev_pio_out(void *opaque, uint16_t port, unsigned size,
		       uint32_t val)
{
	struct vm *m = opaque;

	(void)size;
	if (port == 0x3f8 && !(m->uart[3] & 0x80)) {
		putchar((int)(val & 0xff));
		if ((val & 0xff) == '\n')
			fflush(stdout);
	} else if (port > 0x3f8 && port < 0x400) {
		m->uart[port - 0x3f8] = (uint8_t)val;
	} else if (port == 0xf4) {
		m->exited = true;
		m->exit_code = (int)(((val << 1) | 1) & 0xff);
	} else if (port == 0x510) {
		m->fw_sel = (uint16_t)val;
		m->fw_off = 0;
	}
	return 0;
}

static int dev_mmio_read(void *opaque, uint64_t gpa, void *data,
			 unsigned size)
{
	struct vm *m = opaque;

	if (gpa >= MMIO_TEST_BASE && gpa - MMIO_TEST_BASE <= MMIO_TEST_SIZE - size) {
		memcpy(data, m->mmio_test + (gpa - MMIO_TEST_BASE), size);
		return 0;
	}
	memset(data, 0xff, size); /* nothing there: all ones, like a PC */
	return 0;
}

static int dev_mmio_write(void *opaque, uint64_t gpa, const void *data,
			  unsigned size)
{
	struct vm *m = opaque;

	if (gpa >= MMIO_TEST_BASE && gpa - MMIO_TEST_BASE <= MMIO_TEST_SIZE - size)
		memcpy(m->mmio_test + (gpa - MMIO_TEST_BASE), data, size);
	return 0;
}

/* MSRs the library's policy does not own (the policy has IA32_TSC_AUX). */
static int dev_rdmsr(void *opaque, uint32_t msr, uint64_t *val)
{
	struct vm *m = opaque;

	if (msr != SCRATCH_MSR)
		return -1; /* #GP */
	*val = m->scratch_msr;
	return 0;
}

static int dev_wrmsr(void *opaque, uint32_t msr, uint64_t val)
{
	struct vm *m = opaque;

	if (msr != SCRATCH_MSR)
		return -1;
	m->scratch_msr = val;
	return 0;
}

static const struct vmexit_kvm_devices devices = {
	.pio_in = dev_pio_in,
	.pio_out = dev_pio_out,
	.mmio_read = dev_mmio_read,
	.mmio_write = dev_mmio_write,
	.rdmsr = dev_rdmsr,
	.wrmsr = dev_wrmsr,
};

/* --- loading ------------------------------------------------------------ */

struct image {
	uint8_t *data;
	size_t size;
};

static struct image read_file(const char *path)
{
	struct image im = { 0 };
	FILE *f = fopen(path, "rb");
	struct stat st;

	if (!f)
		die(EXIT_USAGE, "%s: %s", path, strerror(errno));
	if (fstat(fileno(f), &st) || !S_ISREG(st.st_mode))
		die(EXIT_USAGE, "%s: not a regular file", path);
	im.size = (size_t)st.st_size;
	im.data = malloc(im.size ? im.size : 1);
	if (!im.data || fread(im.data, 1, im.size, f) != im.size)
		die(EXIT_USAGE, "%s: cannot read", path);
	fclose(f);
	return im;
}

static void *guest_ptr(struct vm *m, uint64_t gpa, uint64_t len,
		       const char *what)
{
	if (gpa > m->ram_size || len > m->ram_size - gpa)
		die(EXIT_USAGE, "%s at 0x%" PRIx64 "+0x%" PRIx64
				" does not fit in guest RAM", what, gpa, len);
	return m->ram + gpa;
}

static uint32_t rd32(const uint8_t *p)
{
	uint32_t v;
	memcpy(&v, p, 4);
	return v;
}

static uint64_t rd64(const uint8_t *p)
{
	uint64_t v;
	memcpy(&v, p, 8);
	return v;
}

enum start_mode { START_REAL, START_PROT, START_LONG };

struct start {
	enum start_mode mode;
	uint64_t entry;
	uint32_t eax, ebx; /* multiboot handoff */
};

/* Copy PT_LOAD segments of an ELF32 or ELF64 file. */
static uint64_t load_elf(struct vm *m, const struct image *im, bool *is64)
{
	const uint8_t *d = im->data;

	if (im->size < 52 || memcmp(d, "\177ELF", 4) || d[5] != 1)
		die(EXIT_USAGE, "bad ELF: not a little-endian ELF file");
	*is64 = d[4] == 2;
	if (d[4] != 1 && d[4] != 2)
		die(EXIT_USAGE, "bad ELF: unknown class %u", d[4]);
	if (*is64 && im->size < 64)
		die(EXIT_USAGE, "bad ELF: truncated header");
	uint64_t entry = *is64 ? rd64(d + 24) : rd32(d + 24);
	uint64_t phoff = *is64 ? rd64(d + 32) : rd32(d + 28);
	uint16_t phentsize, phnum;
	memcpy(&phentsize, d + (*is64 ? 54 : 42), 2);
	memcpy(&phnum, d + (*is64 ? 56 : 44), 2);
	if (phentsize < (*is64 ? 56u : 32u) || phoff > im->size ||
	    (uint64_t)phnum * phentsize > im->size - phoff)
		die(EXIT_USAGE, "bad ELF: program headers out of the file");
	for (unsigned i = 0; i < phnum; i++) {
		const uint8_t *ph = d + phoff + (uint64_t)i * phentsize;
		if (rd32(ph) != 1) /* PT_LOAD */
			continue;
		uint64_t off = *is64 ? rd64(ph + 8) : rd32(ph + 4);
		uint64_t paddr = *is64 ? rd64(ph + 24) : rd32(ph + 12);
		uint64_t filesz = *is64 ? rd64(ph + 32) : rd32(ph + 16);
		uint64_t memsz = *is64 ? rd64(ph + 40) : rd32(ph + 20);
		if (off > im->size || filesz > im->size - off || filesz > memsz)
			die(EXIT_USAGE, "bad ELF: segment %u out of the file", i);
		uint8_t *dst = guest_ptr(m, paddr, memsz, "ELF segment");
		memcpy(dst, d + off, filesz);
		memset(dst + filesz, 0, memsz - filesz);
	}
	return entry;
}

/* Multiboot information the way QEMU's -kernel builds it (Multiboot
 * Specification 0.6.96, "Boot information format"): memory sizes, the
 * command line and a memory map. */
static uint32_t build_mbi(struct vm *m)
{
	uint8_t *mbi = guest_ptr(m, MB_INFO_ADDR, 0x1000, "multiboot info");
	uint32_t mmap_addr = MB_INFO_ADDR + 0x100;
	uint32_t cmd_addr = MB_INFO_ADDR + 0x200;
	uint32_t w[12] = { 0 };
	struct { uint32_t size; uint64_t base, len; uint32_t type; }
		__attribute__((packed)) map[2] = {
		{ 20, 0, 0x9fc00, 1 },
		{ 20, 0x100000, m->ram_size - 0x100000, 1 },
	};

	size_t cl = strlen(m->cmdline);
	if (cl > 0xdff)
		die(EXIT_USAGE, "command line too long");
	memcpy(mbi + 0x200, m->cmdline, cl + 1);
	memcpy(mbi + 0x100, map, sizeof(map));
	w[0] = 1u | 4u | 64u;  /* flags: mem_*, cmdline, mmap_* */
	w[1] = 640;            /* mem_lower, KiB */
	w[2] = (uint32_t)((m->ram_size - 0x100000) >> 10); /* mem_upper */
	w[4] = cmd_addr;
	w[11] = (uint32_t)sizeof(map);
	memcpy(mbi, w, sizeof(w));
	memcpy(mbi + 48, &mmap_addr, 4);
	return MB_INFO_ADDR;
}

/* A multiboot header in the first 8 KiB, 4-byte aligned (spec 3.1.1). */
static const uint8_t *find_multiboot(const struct image *im)
{
	for (size_t o = 0; o + 12 <= im->size && o < 8192; o += 4) {
		uint32_t magic = rd32(im->data + o);
		uint32_t flags = rd32(im->data + o + 4);
		uint32_t sum = rd32(im->data + o + 8);
		if (magic == 0x1badb002u && magic + flags + sum == 0)
			return im->data + o;
	}
	return NULL;
}

static void load_kernel(struct vm *m, const char *path, struct start *st)
{
	struct image im = read_file(path);
	const uint8_t *mb = find_multiboot(&im);
	bool is64 = false;

	if (mb && (rd32(mb + 4) & (1u << 16))) {
		/* a.out kludge: the header gives the addresses. */
		if ((size_t)(mb - im.data) + 32 > im.size)
			die(EXIT_USAGE, "bad multiboot header");
		uint32_t hdr = rd32(mb + 12), load = rd32(mb + 16);
		uint32_t load_end = rd32(mb + 20), bss_end = rd32(mb + 24);
		uint64_t off = (uint64_t)(mb - im.data) - (hdr - load);
		uint64_t len = load_end ? load_end - load : im.size - off;
		if (hdr < load || off > im.size || len > im.size - off)
			die(EXIT_USAGE, "bad multiboot header addresses");
		memcpy(guest_ptr(m, load, len, "kernel"), im.data + off, len);
		if (bss_end > load + len)
			memset(guest_ptr(m, load + len, bss_end - load - len,
					 "bss"), 0, bss_end - load - len);
		st->entry = rd32(mb + 28);
	} else {
		st->entry = load_elf(m, &im, &is64);
	}
	free(im.data);
	if (mb) {
		st->mode = START_PROT;
		st->eax = 0x2badb002u;
		st->ebx = build_mbi(m);
	} else {
		st->mode = is64 ? START_LONG : START_PROT;
	}
}

/* --- CPU state at start ------------------------------------------------- */

static struct vmexit_segment flat_seg(uint16_t sel, uint32_t type, bool l)
{
	struct vmexit_segment s = {
		.base = 0, .limit = 0xffffffffu, .selector = sel,
		.ar = type | VMEXIT_AR_S | VMEXIT_AR_P | VMEXIT_AR_G |
		      (l ? VMEXIT_AR_L : VMEXIT_AR_DB),
	};
	return s;
}

static void setup_long_tables(struct vm *m)
{
	/* Identity map of the first 4 GiB with 2 MiB pages: PML4, PDPT and
	 * four page directories (SDM Vol. 3, "4-Level Paging"). */
	uint64_t *pml4 = guest_ptr(m, PT_ADDR, 6 * 4096, "page tables");
	uint64_t *pdpt = pml4 + 512, *pd = pml4 + 1024;

	memset(pml4, 0, 6 * 4096);
	pml4[0] = (PT_ADDR + 0x1000) | 3;
	for (uint64_t i = 0; i < 4; i++)
		pdpt[i] = (PT_ADDR + 0x2000 + i * 0x1000) | 3;
	for (uint64_t i = 0; i < 2048; i++)
		pd[i] = (i << 21) | 0x83;
}

static void setup_cpu(struct vmexit_vcpu *v, struct vm *m,
		      const struct start *st)
{
	struct vmexit_sregs *s = &v->sregs;
	struct vmexit_regs *r = &v->regs;

	if (vmexit_vcpu_fetch(v, VMEXIT_G_REGS | VMEXIT_G_SREGS))
		die(EXIT_KVM, "cannot read the vCPU state");
	memset(r, 0, sizeof(*r));
	r->rflags = VMEXIT_RFLAGS_FIXED;
	if (st->mode == START_REAL) {
		/* CS:IP with IP < 64 KiB; the other segments at 0. */
		uint16_t cs = (uint16_t)((st->entry >> 4) & 0xf000);
		for (unsigned i = 0; i < 6; i++) {
			s->seg[i].selector = 0;
			s->seg[i].base = 0;
		}
		s->seg[VMEXIT_SEG_CS].selector = cs;
		s->seg[VMEXIT_SEG_CS].base = (uint64_t)cs << 4;
		r->rip = st->entry - ((uint64_t)cs << 4);
		r->gpr[VMEXIT_RSP] = 0x7000;
	} else {
		bool l = st->mode == START_LONG;
		for (unsigned i = 0; i < 6; i++)
			s->seg[i] = flat_seg(0x10, VMEXIT_AR_TYPE_WR |
					     VMEXIT_AR_TYPE_ACCESSED, false);
		s->seg[VMEXIT_SEG_CS] = flat_seg(0x08, VMEXIT_AR_TYPE_CODE |
			VMEXIT_AR_TYPE_WR | VMEXIT_AR_TYPE_ACCESSED, l);
		/* A GDT matching the loaded selectors, for guests that
		 * reload them. */
		uint64_t *gdt = guest_ptr(m, GDT_ADDR, 24, "GDT");
		gdt[0] = 0;
		gdt[1] = l ? 0x00af9b000000ffffull : 0x00cf9b000000ffffull;
		gdt[2] = 0x00cf93000000ffffull;
		s->gdtr.base = GDT_ADDR;
		s->gdtr.limit = 23;
		s->cr0 = VMEXIT_CR0_PE | VMEXIT_CR0_ET;
		if (l) {
			setup_long_tables(m);
			s->cr3 = PT_ADDR;
			s->cr4 = VMEXIT_CR4_PAE;
			s->cr0 |= VMEXIT_CR0_PG;
			s->efer = VMEXIT_EFER_LME | VMEXIT_EFER_LMA;
		}
		r->rip = st->entry;
		r->gpr[VMEXIT_RAX] = st->eax;
		r->gpr[VMEXIT_RBX] = st->ebx;
	}
	vmexit_vcpu_mark_dirty(v, VMEXIT_G_REGS | VMEXIT_G_SREGS);
	if (vmexit_vcpu_flush(v))
		die(EXIT_KVM, "cannot set the vCPU state");
}

/* --- statistics ----------------------------------------------------------- */

struct stats {
	uint64_t count[VMEXIT_KVM_X_NR];
	uint64_t ns[VMEXIT_KVM_X_NR];
	uint64_t run_ns;
};

static uint64_t now_ns(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

static void print_stats(const struct stats *s)
{
	uint64_t total = 0;

	fprintf(stderr, "%-18s %10s %12s %10s\n", "exit", "count",
		"handler us", "avg us");
	for (unsigned i = 0; i < VMEXIT_KVM_X_NR; i++) {
		if (!s->count[i])
			continue;
		total += s->count[i];
		fprintf(stderr, "%-18s %10" PRIu64 " %12.1f %10.2f\n",
			vmexit_kvm_exit_name(i), s->count[i], s->ns[i] / 1e3,
			s->ns[i] / 1e3 / (double)s->count[i]);
	}
	fprintf(stderr, "%-18s %10" PRIu64 " %12s (in guest+KVM: %.1f us)\n",
		"total", total, "", s->run_ns / 1e3);
}

static void trace_exit(const struct vmexit_kvm_exit *x)
{
	fprintf(stderr, "exit %-12s", vmexit_kvm_exit_name(x->kind));
	switch (x->kind) {
	case VMEXIT_KVM_X_IO:
		fprintf(stderr, " port 0x%" PRIx64 " size %u count %u %s",
			x->addr, x->size, x->count, x->write ? "out" : "in");
		break;
	case VMEXIT_KVM_X_MMIO:
		fprintf(stderr, " gpa 0x%" PRIx64 " len %u %s", x->addr,
			x->size, x->write ? "write" : "read");
		break;
	case VMEXIT_KVM_X_RDMSR:
	case VMEXIT_KVM_X_WRMSR:
		fprintf(stderr, " msr 0x%" PRIx64, x->addr);
		break;
	case VMEXIT_KVM_X_EMULATION:
		fprintf(stderr, " insn");
		for (unsigned i = 0; i < x->insn_len; i++)
			fprintf(stderr, " %02x", x->insn[i]);
		break;
	default:
		fprintf(stderr, " kvm reason %u sub %u", x->reason, x->sub);
	}
	fputc('\n', stderr);
}

/* --- main ------------------------------------------------------------------ */

static void usage(FILE *f)
{
	fprintf(f,
"usage: %s [options] (--kernel FILE | --flat FILE)\n"
"  --kernel FILE    ELF32/ELF64 or multiboot kernel, loaded like QEMU -kernel\n"
"  --flat FILE      flat binary, loaded at --load (default 0x1000)\n"
"  --load ADDR      load address of a flat binary\n"
"  --entry ADDR     start address (default: the load address)\n"
"  --mode MODE      flat binary start mode: real (default), prot, long\n"
"  --append STR     kernel command line (multiboot, fw_cfg)\n"
"  --mem MiB        guest RAM (default 64)\n"
"  --stats          print a table of exits per reason at the end\n"
"  --trace          print every exit\n"
"  --help           this text\n"
"Exit status: the guest's (value << 1) | 1 from isa-debug-exit (port 0xf4);\n"
"0 when the guest halts; %d usage or load error; %d KVM error;\n"
"%d guest shut down or did something the runner cannot handle.\n",
		prog, EXIT_USAGE, EXIT_KVM, EXIT_GUEST);
}

static uint64_t parse_num(const char *s, const char *what)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 0);
	if (errno || !*s || *end)
		die(EXIT_USAGE, "bad %s: %s", what, s);
	return v;
}

struct opts {
	const char *kernel, *flat;
	uint64_t load, entry, mem_mb;
	bool has_entry, stats;
	enum start_mode mode;
};

static void parse_args(int argc, char **argv, struct opts *o, struct vm *m)
{
	static const struct option lo[] = {
		{ "kernel", 1, 0, 'k' }, { "flat", 1, 0, 'f' },
		{ "load", 1, 0, 'l' },   { "entry", 1, 0, 'e' },
		{ "mode", 1, 0, 'M' },   { "append", 1, 0, 'a' },
		{ "mem", 1, 0, 'm' },    { "stats", 0, 0, 's' },
		{ "trace", 0, 0, 't' },  { "help", 0, 0, 'h' },
		{ 0, 0, 0, 0 } };
	int c;

	o->load = 0x1000;
	o->mem_mb = 64;
	while ((c = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		switch (c) {
		case 'k': o->kernel = optarg; break;
		case 'f': o->flat = optarg; break;
		case 'l': o->load = parse_num(optarg, "load address"); break;
		case 'e':
			o->entry = parse_num(optarg, "entry address");
			o->has_entry = true;
			break;
		case 'M':
			if (!strcmp(optarg, "real")) o->mode = START_REAL;
			else if (!strcmp(optarg, "prot")) o->mode = START_PROT;
			else if (!strcmp(optarg, "long")) o->mode = START_LONG;
			else die(EXIT_USAGE, "bad mode: %s (real, prot, long)",
				 optarg);
			break;
		case 'a': m->cmdline = optarg; break;
		case 'm': o->mem_mb = parse_num(optarg, "memory size"); break;
		case 's': o->stats = true; break;
		case 't': m->trace = true; break;
		case 'h': usage(stdout); exit(0);
		default: usage(stderr); exit(EXIT_USAGE);
		}
	}
	if (optind != argc || !o->kernel == !o->flat) {
		usage(stderr);
		exit(EXIT_USAGE);
	}
	/* fw_cfg and the multiboot info keep it in a page. */
	if (strlen(m->cmdline) > 0xdff)
		die(EXIT_USAGE, "--append: command line too long");
	if (o->mem_mb < 2 || o->mem_mb > 3072)
		die(EXIT_USAGE, "--mem must be 2..3072 MiB");
}

struct kvm_vm {
	int kvm, vm, cpu;
	void *run;
	size_t run_size;
};

/* The guest's CPUID is the library's policy over what KVM supports: one
 * CPU, no nested virtualization, MONITOR/MWAIT or PMU, and the library's
 * hypervisor signature at 40000000H. */
/* The vCPU configuration follows the CPUID the guest sees: AMD's
 * undefined flags for an AMD vendor, the physical-address width and
 * 1-GByte pages for its page walk, BMI1 and LZCNT for what F3 0F BC/BD
 * are. */
static void set_cpuid(int kvm_fd, struct vmexit_kvm *a,
		      struct vmexit_vcpu_config *vc)
{
	static struct vmexit_cpuid_entry host[VMEXIT_KVM_MAX_CPUID];
	struct vmexit_cpuid_config cfg = {
		.host = host, .threads_per_core = 1, .cores_per_package = 1,
		.signature = "libvmexit\0\0",
	};

	if (vmexit_kvm_supported_cpuid(kvm_fd, host, VMEXIT_KVM_MAX_CPUID,
				       &cfg.nr_host) != VMEXIT_DONE)
		die(EXIT_KVM, "KVM_GET_SUPPORTED_CPUID: %s", strerror(errno));
	/* The XSAVE components KVM supports: leaf 0DH subleaf 0 EDX:EAX. */
	bool amd = false;
	for (unsigned i = 0; i < cfg.nr_host; i++) {
		if (host[i].leaf == 0xd && host[i].subleaf == 0)
			cfg.xcr0_allowed = (uint64_t)host[i].r.edx << 32 |
					   host[i].r.eax;
		if (host[i].leaf == 0)
			amd = host[i].r.ebx == 0x68747541u; /* "Auth" */
	}
	if (vmexit_kvm_set_cpuid(a, &cfg) != VMEXIT_DONE)
		die(EXIT_KVM, "cannot set CPUID: %s", strerror(errno));
	struct vmexit_cpuid_regs l7 = { 0 }, x1 = { 0 }, x8 = { 0 };
	(void)vmexit_cpuid_query(&cfg, 7, 0, 0, 1, &l7);
	(void)vmexit_cpuid_query(&cfg, 0x80000001, 0, 0, 1, &x1);
	(void)vmexit_cpuid_query(&cfg, 0x80000008, 0, 0, 1, &x8);
	*vc = (struct vmexit_vcpu_config){
		.maxphyaddr = (uint8_t)x8.eax, .gbpages = (x1.edx >> 26) & 1,
		.amd_flags = amd, .bmi1 = (l7.ebx >> 3) & 1,
		.lzcnt = (x1.ecx >> 5) & 1,
	};
}

static void open_kvm(struct kvm_vm *k)
{
	k->kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (k->kvm < 0)
		die(EXIT_KVM, "/dev/kvm: %s", strerror(errno));
	if (ioctl(k->kvm, KVM_GET_API_VERSION, 0) != KVM_API_VERSION)
		die(EXIT_KVM, "/dev/kvm: unsupported API version");
	k->vm = ioctl(k->kvm, KVM_CREATE_VM, 0);
	if (k->vm < 0)
		die(EXIT_KVM, "KVM_CREATE_VM: %s", strerror(errno));
	/* Intel without unrestricted guest needs these for real mode;
	 * QEMU's addresses, just below the BIOS. */
	ioctl(k->vm, KVM_SET_TSS_ADDR, 0xfffbd000ul);
	uint64_t ident = 0xfeffc000;
	ioctl(k->vm, KVM_SET_IDENTITY_MAP_ADDR, &ident);
	if (ioctl(k->vm, KVM_CREATE_IRQCHIP, 0))
		die(EXIT_KVM, "KVM_CREATE_IRQCHIP: %s", strerror(errno));
	k->cpu = ioctl(k->vm, KVM_CREATE_VCPU, 0);
	if (k->cpu < 0)
		die(EXIT_KVM, "KVM_CREATE_VCPU: %s", strerror(errno));
	int sz = ioctl(k->kvm, KVM_GET_VCPU_MMAP_SIZE, 0);
	if (sz <= 0)
		die(EXIT_KVM, "KVM_GET_VCPU_MMAP_SIZE: %s", strerror(errno));
	k->run_size = (size_t)sz;
	k->run = mmap(NULL, k->run_size, PROT_READ | PROT_WRITE, MAP_SHARED,
		      k->cpu, 0);
	if (k->run == MAP_FAILED)
		die(EXIT_KVM, "mmap kvm_run: %s", strerror(errno));
}

/* Returns the runner's exit status. */
static int run_loop(struct vmexit_vcpu *v, struct vmexit_kvm *a,
		    struct vm *m, struct stats *s)
{
	struct vmexit_kvm_exit x;

	for (;;) {
		uint64_t t0 = now_ns();
		if (ioctl(a->vcpu_fd, KVM_RUN, 0) && errno != EINTR)
			die(EXIT_KVM, "KVM_RUN: %s", strerror(errno));
		uint64_t t1 = now_ns();
		s->run_ns += t1 - t0;
		vmexit_kvm_decode_exit(a, &x);
		if (m->trace)
			trace_exit(&x);
		vmexit_vcpu_begin(v);
		int rc = vmexit_kvm_handle_exit(v, a, &x);
		if (rc == VMEXIT_DONE || rc == VMEXIT_EXCEPTION ||
		    rc == VMEXIT_RETRY)
			rc = vmexit_vcpu_flush(v);
		s->count[x.kind]++;
		s->ns[x.kind] += now_ns() - t1;
		if (m->exited)
			return m->exit_code;
		if (rc == VMEXIT_DONE)
			continue;
		switch (x.kind) {
		case VMEXIT_KVM_X_HLT:
			return 0;
		case VMEXIT_KVM_X_SHUTDOWN: {
			uint64_t rip = 0;
			vmexit_get_reg(v, VMEXIT_REG_RIP, &rip);
			die(EXIT_GUEST, "guest shut down (triple fault) at "
				       "rip 0x%" PRIx64, rip);
			break;
		}
		case VMEXIT_KVM_X_EMULATION: {
			char hex[3 * 15 + 1] = "";
			for (unsigned i = 0; i < x.insn_len && i < 15; i++)
				snprintf(hex + 3 * i, 4, " %02x", x.insn[i]);
			die(EXIT_GUEST, "KVM cannot emulate%s%s, and libvmexit "
				       "did not: %s", hex,
			    x.insn_len ? "" : " (no instruction bytes)",
			    vmexit_strerror(rc));
			break;
		}
		case VMEXIT_KVM_X_FAIL_ENTRY:
			die(EXIT_GUEST, "VM entry failed, hardware reason 0x%"
				       PRIx64, x.data);
			break;
		default:
			die(EXIT_GUEST, "unhandled %s exit (KVM reason %u, "
				       "sub %u): %s", vmexit_kvm_exit_name(x.kind),
			    x.reason, x.sub, vmexit_strerror(rc));
		}
	}
}

int main(int argc, char **argv)
{
	static struct vm m;
	static struct vmexit_kvm a;
	struct vmexit_vcpu v;
	struct kvm_vm k;
	struct opts o = { 0 };
	struct start st = { 0 };
	struct stats s = { 0 };

	m.cmdline = "";
	parse_args(argc, argv, &o, &m);
	m.ram_size = o.mem_mb << 20;
	m.ram = mmap(NULL, m.ram_size, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (m.ram == MAP_FAILED)
		die(EXIT_USAGE, "cannot allocate %" PRIu64 " MiB", o.mem_mb);

	if (o.kernel) {
		load_kernel(&m, o.kernel, &st);
	} else {
		struct image im = read_file(o.flat);
		memcpy(guest_ptr(&m, o.load, im.size, "flat binary"), im.data,
		       im.size);
		free(im.data);
		st.mode = o.mode;
		st.entry = o.has_entry ? o.entry : o.load;
		if (st.mode == START_REAL && st.entry >= 0x100000)
			die(EXIT_USAGE, "real-mode entry must be below 1 MiB");
	}

	open_kvm(&k);
	if (vmexit_kvm_init(&a, k.vm, k.cpu, k.run, k.run_size, &devices, &m) ||
	    vmexit_kvm_add_ram(&a, 0, m.ram_size, m.ram, false))
		die(EXIT_KVM, "cannot set up the KVM adapter: %s",
		    strerror(errno));
	struct vmexit_vcpu_config vcfg;
	set_cpuid(k.kvm, &a, &vcfg);
	/* IA32_TSC_AUX through the library's MSR policy; MSRs KVM does not
	 * know go to the devices (dev_rdmsr). */
	m.msr_cfg = (struct vmexit_msr_config){ .rdtscp = true,
						.unknown_to_vmm = true };
	vmexit_msr_reset(&m.msr_state, true);
	vmexit_kvm_msr_policy(&a, &m.msr_cfg, &m.msr_state);
	const uint32_t msrs[] = { VMEXIT_MSR_TSC_AUX };
	if (vmexit_kvm_msr_exits(&a, msrs, 1) != VMEXIT_DONE)
		fprintf(stderr, "%s: note: no userspace MSR exits in this "
				"kernel\n", prog);
	/* CR2 and DR6 written by KVM when it delivers the exception the
	 * library queued; older kernels: by the adapter before. */
	(void)vmexit_kvm_exception_payload(&a);
	if (vmexit_vcpu_init(&v, &vmexit_kvm_ops, &a, &vcfg))
		die(EXIT_KVM, "cannot set up the vCPU");
	setup_cpu(&v, &m, &st);

	int rc = run_loop(&v, &a, &m, &s);
	fflush(stdout);
	if (o.stats)
		print_stats(&s);
	return rc;
}
