/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test-kvm-diff (main.c describes the test): what its files share.  The
 * memory layout of both parts, the entries of the instruction,
 * task-switch and reviewed-exception tables, the VM and a vCPU state,
 * and what one file gives another:
 *   vm.c        the VM: KVM, the port devices, a state in and out, a run
 *   random.c    the random values, a stream a case and repetition
 *   report.c    comparing the two runs and printing the differences
 *   reviewed.c  the reviewed exceptions, reviewed[]
 *   icases.c    the instruction table, icases[]
 *   insn.c      part 1 and 1b: the machines, an instruction's two runs
 *   task.c      part 2: the task-switch table and a switch's two runs
 *   main.c      the test's description, prefault() and main()
 */
#ifndef TESTS_VM_KVM_DIFF_H
#define TESTS_VM_KVM_DIFF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <vmexit/decode.h>
#include <vmexit/kvm.h>
#include <vmexit/x86.h>

#define DEFAULT_SEED 0x6b766d64696666ull /* "kvmdiff" */
#define REPS_64 5 /* random operand sets per instruction, 64-bit mode */
#define REPS_32 3 /* ... in 32-bit protected mode */
#define REPS_MORE 2 /* ... in the other machines (imodes[]) */
#define REPS_TASK 4

#define RAM_SIZE 0x100000u

/* Part 1, instructions: guest-physical = linear (identity 2 MiB page). */
#define GDT 0x1000u
#define PML4 0x3000u     /* PML4, PDPT, PD at 3000H-5FFFH */
#define CODE 0x6000u     /* the instruction, then HLTs to the page end */
#define BRANCH 0x6800u   /* where the CALL/JMP cases go: a HLT */
#define DATA 0x8000u     /* operands and stack, random each run */
#define DATA_LEN 0x3000u
#define I_END 0xc000u    /* restored and compared: [0, I_END) */
#define FS_BASE 0x100u
#define GS_BASE 0x200u
/* Part 1b, faults: an IDT whose vector v goes to a HLT at HANDLERS + 16 v,
 * and a page table for 4-KByte pages over 0-2 MiB (FAULT_PT). */
#define IDT 0x2000u
#define HANDLERS 0x7000u
#define FAULT_PT 0xb000u
#define NR_VECTORS 32u

/* The other machines' page tables (A and D preset): PAE's PDPT in the
 * unused upper half of the PML4 page; past the compared areas, a PML5
 * over the PML4, and a PML4 and PDPT with a 1-GByte page at 0. */
#define PAE_PDPT (PML4 + 0x800)
#define PML5 0x19000u
#define PML4_1G 0x1a000u
#define PDPT_1G 0x1b000u

/* Virtual-8086 mode and CPL 3 end with OUT 80H, AL, not HLT (privileged),
 * through a TSS whose I/O bitmap allows ports 0-FFH ("I/O Permission Bit
 * Map").  A NOP comes first: under QEMU an OUT that is the first
 * instruction after VM entry shuts the nested guest down (seen, not
 * explained; after any other instruction it exits to KVM as it should). */
#define V86_TSS 0xe00u
#define V86_IOMAP 0x68u
#define V86_END "\x90\xe6\x80"
#define V86_PORT 0x80u /* which no case uses */

/* Part 2, task switches (below 64 KiB where 16-bit code runs). */
#define T_CODE 0xc000u   /* the instruction; task t's code at +100H*(t+1) */
#define T_FARPTR (T_CODE + 0x800u)
#define T_GDT 0x10000u
#define T_LDT 0x10800u
#define T_IDT 0x11000u
#define T_TSS 0x12000u   /* task t's TSS at +100H*t */
#define T_STACK 0x14000u /* stacks, 14000H-15FFFH */
#define T_DATA16 0x10000u /* base of the 16-bit data segment */
#define T_PD1 0x17000u   /* two identical 32-bit page directories */
#define T_PD2 0x18000u
#define T_END 0x19000u   /* restored and compared: [T_CODE, T_END) */

#include "lib/rflags.h" /* CF, PF, AF, ZF, SF, OF */
#define STATUS VMEXIT_RFLAGS_STATUS

/* ---- the instruction table (icases.c) ---------------------------------- */

enum { M64 = 1, M32 = 2, ALL = 3 };

/* Flags the SDM leaves undefined ("Flags Affected" of each instruction,
 * SDM Vol. 2); see undefined_flags(). */
enum {
	U_NONE,
	U_LOGIC, /* AND, OR, XOR, TEST: AF */
	U_MUL,   /* MUL, IMUL: SF, ZF, AF, PF */
	U_DIV,   /* DIV, IDIV: all six */
	U_BSF,   /* BSF, BSR: CF, OF, SF, AF, PF */
	U_CNT,   /* TZCNT, LZCNT: OF, SF, AF, PF */
	U_SHIFT, /* SHL/SAL, SHR */
	U_SAR,
	U_ROT,   /* ROL, ROR, RCL, RCR */
	U_SHD,   /* SHLD, SHRD */
	U_BT,    /* BT, BTS, BTR, BTC: OF, SF, AF, PF */
};

/* Where a shift or rotate count comes from. */
enum { C_NONE, C_ONE, C_CL, C_IMM /* the last byte of the encoding */ };

/* Small values for one register. */
enum {
	S_NONE,
	S_COUNT, /* REP count, 0-7 */
	S_INDEX, /* SIB index, 0-63 */
	S_BTOFF, /* BT* bit offset, signed, reaching +-256 bytes */
	S_CL16,  /* SHLD/SHRD r/m16 count in CL, 0-16 (icases.c) */
	S_PORT,  /* DX: a port, 0-FFH (the I/O bitmap's) or any; not 80H */
};

/* Set-up beyond random values. */
enum {
	K_NONE,
	K_EQ,     /* CMPXCHG: half the time rAX equals the operand */
	K_EQ8B,   /* CMPXCHG8B: ... EDX:EAX */
	K_EQ16B,  /* CMPXCHG16B: ... RDX:RAX */
	K_BRANCH, /* CALL/JMP r/m: the operand is BRANCH */
	K_FAR,    /* CALL/JMP m16:32: BRANCH and a code segment of the mode */
	K_STRCMP, /* CMPS/SCAS: equal elements where REPE/REPNE stop */
	K_DIV,    /* DIV: a divisor not 0, the high half below it */
	K_IDIV,   /* IDIV: a divisor not 0, the dividend sign-extended */
};

enum { N_NONE, N_MOVBE, N_CX16, N_AVX, N_SSE41, N_AVX2, N_MOVDIRI, N_MOVDIR64B };

struct icase {
	const char *name;
	const char *hex;
	uint8_t modes;  /* M64, M32 */
	uint8_t osz;    /* operand size in bytes */
	uint16_t areg;  /* GPRs holding an address in the data page */
	uint8_t sreg;   /* 1 + the GPR holding a small value, or 0 */
	uint8_t small;  /* S_*: which small value */
	uint8_t undef;  /* U_* */
	uint8_t cnt;    /* C_* */
	uint8_t kind;   /* K_* */
	uint8_t need;   /* N_*: the guest CPUID must have it */
	uint8_t align;  /* alignment of the addresses in areg (default 1) */
	uint8_t junk;   /* 16 or 32: random bits above the address size */
	uint8_t count;  /* RCX a REP count (S_COUNT) besides sreg */
	uint8_t vmask;  /* 1 + the YMM register whose element 0 (4 or 8
			   bytes) is selected as a VMASKMOV mask */
};

extern const struct icase icases[];
extern const size_t nr_icases;

/* ---- the task-switch table (task.c) ------------------------------------ */

struct tcase {
	const char *name;
	const char *hex;   /* at T_CODE, where RIP is */
	uint8_t reason;    /* enum vmexit_ts_reason */
	uint8_t target;    /* the task switched to */
	uint8_t cur;       /* the task running */
	uint8_t ev_type;   /* reason IDT: enum vmexit_event_type */
	uint8_t vector;
	bool has_error;
	uint16_t error;    /* and the selector in EAX that faults */
	bool paging;
	uint8_t bad;       /* TB_*: what makes the switch fault */
};

extern const struct tcase tcases[];
extern const size_t nr_tcases;

/* ---- the reviewed exceptions (reviewed.c) ------------------------------ */

/*
 * Reviewed exceptions: differences that are the test machine's deviation
 * from the SDM, not the library's.  One matches when the case name is
 * equal (or starts with what comes before a final "*"), the machine is
 * `mode` (if given), the field starts with `field` and only `bits`
 * differ; it is printed as REVIEWED and counted apart.
 */
struct reviewed {
	const char *name, *field;
	uint64_t bits;
	const char *why;
	const char *mode; /* the machine's name starts with it (FAULTS: see
			     there); NULL: any */
};

/* The machines of part 1b, FAULTS "x": those whose name has x in it. */
#define FAULTS "fault:"

/* The table; its last entry has a NULL name. */
extern const struct reviewed reviewed[];

/* ---- the VM (vm.c) ----------------------------------------------------- */

struct vm {
	int kvm, fd, cpu;
	struct kvm_run *run;
	uint8_t *ram;
	struct vmexit_kvm a;
	struct vmexit_vcpu v;
	bool movbe, cx16, xsave, avx, sse41, avx2, movdiri, movdir64b;
	unsigned maxphyaddr;
	bool smap, smep, la57, gbpages;
	bool payload; /* vmexit_kvm_exception_payload() took */
};

extern struct vm vm;

/* What every run starts from: RAM from img[], registers from a state. */
extern uint8_t img[RAM_SIZE];
extern uint8_t mem_nat[T_END], mem_lib[T_END];

struct state {
	struct vmexit_regs regs;
	struct vmexit_sregs sregs;
	struct vmexit_dregs dregs;
	uint8_t ymm[16][32];
	uint32_t mxcsr;
	uint64_t xcr0;
	uint8_t st[8][16]; /* x87/MMX, as struct vmexit_vregs has them */
	uint16_t fsw;
	uint8_t ftw;
};

/* The port accesses of a run in order, which both runs must make the
 * same: IN returns a value of the access's number and port. */
struct pio_access {
	uint16_t port;
	uint8_t size;
	bool out;
	uint32_t val;
};

#define PIO_MAX 32
struct pio_accesses {
	unsigned n;
	struct pio_access a[PIO_MAX];
};

/* The run's accesses (pio_in() and pio_out() log them); the native
 * run's, kept for the comparison. */
extern struct pio_accesses pio, pio_nat;

_Noreturn void fatal(const char *what);
void vm_open(void);
int set_state(const struct state *s);
int get_state(struct state *s);
uint32_t run_guest(void);
uint32_t run_serving_io(void);
const char *exit_name(uint32_t kind);

/* ---- random values (random.c) ------------------------------------------- */

extern uint64_t seed;

uint64_t rnd(void);
void reseed(unsigned part, unsigned idx, unsigned rep);
void fill_random(uint8_t *p, size_t n);

/* ---- reporting (report.c) ----------------------------------------------- */

extern bool cur_fault; /* a run of part 1b */
extern unsigned n_insn, n_task, n_differ, n_reviewed;
/* How many runs each rule of reviewed[] explained. */
void print_reviewed_rules(void);

void report(const char *field, uint64_t bits, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void cmp64(const char *field, uint64_t nat, uint64_t lib, uint64_t mask);
void cmp_regs(const struct state *n, const struct state *l,
	      uint64_t gpr_mask, uint64_t flags);
void cmp_sregs(const struct state *n, const struct state *l);
void cmp_dregs(const struct state *n, const struct state *l);
void cmp_vregs(const struct state *n, const struct state *l, unsigned bytes);
void cmp_mem(uint32_t lo, uint32_t hi);
void case_begin(const char *name, const char *mode, unsigned rep);
void case_end(unsigned *counter);
unsigned parse_hex(const char *s, uint8_t *out, unsigned max);

/* ---- part 1: instructions (insn.c) -------------------------------------- */

/* The instruction-test machines: what istate() sets up, which cases of
 * the table run there (M64 or M32) and how often. */
enum {
	IM_64, IM_32, IM_32PG, IM_C32, IM_P16, IM_R16, IM_V86, IM_PAE, IM_C16,
	IM_LA57, IM_1G, IM_R16B, IM_32B, NR_IMODES
};

/* imodes[] is indexed by kind (fmodes[] names machines so). */
struct imode {
	const char *name;
	uint8_t kind, cases, reps;
	enum vmexit_decode_mode dmode;
};

extern const struct imode imodes[NR_IMODES];

/* Part 1b: how a case is made to fault (fmodes[]). */
enum {
	FK_NONE,
	FK_NP,    /* data pages not present */
	FK_RO,    /* data pages read-only, CR0.WP = 1 */
	FK_RSVD,  /* a reserved bit in the data pages' PTEs */
	FK_NC,    /* non-canonical address registers */
	FK_CROSS, /* the second data page not present, addresses near it */
	FK_USER,  /* CPL 3, data pages supervisor-only */
	FK_SMAP,  /* CPL 0, data pages user, CR4.SMAP = 1, RFLAGS.AC = 0 */
	FK_SMAP_AC, /* ... RFLAGS.AC = 1: no fault */
	FK_USER_RO, /* CPL 3, data pages user and read-only */
	FK_RO_NOWP, /* CPL 0, data pages read-only, CR0.WP = 0: no fault */
	FK_SMEP,  /* CPL 0, the code page user, CR4.SMEP = 1 */
	FK_AD,    /* no fault: the data pages' A and D flags clear */
	FK_CNP,   /* the code page not present */
	FK_CNX,   /* the code page execute-disable, EFER.NXE = 1 */
	FK_TS,    /* CR0.TS = 1: #NM for MMX, SSE and AVX */
	FK_EM,    /* CR0.EM = 1: #UD for MMX and SSE */
	FK_NOFX,  /* CR4.OSFXSR = 0: #UD for SSE */
	FK_XCR0,  /* XCR0 without AVX state: #UD for VEX */
	FK_ALIGN, /* address registers 8 bytes off 16: #GP(0) where the
		     instruction needs alignment */
	FK_TF,    /* RFLAGS.TF = 1: the single-step #DB after the
		     instruction (after one iteration of a REP string one) */
};

struct fmode {
	const char *name;
	uint8_t im;    /* the machine, imodes[] */
	uint8_t fault; /* FK_* */
};

/* The length of fmodes[]: its definition in insn.c must have as many
 * (another count is a conflicting type). */
#define NR_FMODES 29
extern const struct fmode fmodes[NR_FMODES];
bool fmode_here(const struct fmode *f);

/* Runs of part 1b that ended in an exception handler; runs of 32-bit
 * cases not made in 16-bit code, of ENTER with an operand size other
 * than the stack's (run_icase()). */
extern unsigned n_faulted, n_no16, n_enter_mixed;

bool feature(unsigned need);
bool machine_there(const struct imode *m);
void istate(struct state *s, const struct imode *m);
void ilayout(void);
void run_icase(const struct icase *c, unsigned idx, unsigned rep,
	       const struct imode *m, const struct fmode *f);

/* ---- part 2: task switches (task.c) ------------------------------------- */

void run_tcase(const struct tcase *c, unsigned idx, unsigned rep);

#endif
