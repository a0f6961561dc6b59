#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Seed corpus for fuzz/emulate.c: python3 fuzz/emulate_seeds.py [DIR]

Writes one file per seed into DIR (default fuzz/corpus/emulate), in the
input layout documented at the top of fuzz/emulate.c.  The field order and
sizes below must stay in step with parse() there.
"""
import os
import struct
import sys

# enum vmexit_cpu_mode
REAL, VM86, PROT16, PROT32, COMPAT16, COMPAT32, LONG64 = range(7)

# paging byte
PG_OFF, PG_32, PG_PAE = 0, 1, 2
PG_5LEVEL = 4

# cr0 / cr4 / efer input bits (fuzz/emulate.c cr0_bits[], cr4_bits[])
CR0_MP, CR0_EM, CR0_TS, CR0_NE, CR0_WP, CR0_AM, CR0_CD, CR0_NW = (1 << i for i in range(8))
CR4_VME, CR4_PVI, CR4_TSD, CR4_DE, CR4_PSE, CR4_PGE, CR4_OSFXSR, \
    CR4_OSXMMEXCPT, CR4_UMIP, CR4_FSGSBASE, CR4_PCIDE, CR4_OSXSAVE, \
    CR4_SMEP, CR4_SMAP, CR4_PKE, CR4_MCE = (1 << i for i in range(16))
EFER_SCE, EFER_NXE = 1, 2

# RFLAGS
CF, ZF, TF, IF, DF, AC = 1 << 0, 1 << 6, 1 << 8, 1 << 9, 1 << 10, 1 << 18
IOPL3 = 3 << 12

# run byte
EXIT_BYTES, NO_CODE, FLUSH, SECOND, HINT_GPA, HINT_LA = (1 << i for i in range(6))

# enum vmexit_mock_op
(GET_REGS, SET_REGS, GET_SREGS, SET_SREGS, GET_DREGS, SET_DREGS, GET_VREGS,
 SET_VREGS, GET_SHADOW, SET_SHADOW, MAP_GPA, MMIO_READ, MMIO_WRITE, PIO_IN,
 PIO_OUT, QUEUE_EVENT, RDMSR, WRMSR) = range(18)

# GPRs
RAX, RCX, RDX, RBX, RSP, RBP, RSI, RDI = range(8)
# segments
ES, CS, SS, DS, FS, GS, LDTR, TR = range(8)

# guest-physical layout
MMIO0 = 0x40000  # device 0 (page 64)
MMIO1 = 0x41000  # device 1 (page 65)

# leaf flags are XORed into P|RW|US
RO = 0x2       # clear RW
SUPER = 0x4    # clear US
NOTP = 0x1     # clear P
XD = 0x80      # map hi byte: XD
B51 = 0x40     # map hi byte: bit 51


def default_segs(mode, cpl):
    """fuzz/emulate.c default_segs(): (sel, base, limit, ar) per segment."""
    P = 0x90
    dpl = cpl << 5
    code, data = P | 0xb | dpl, P | 0x3 | dpl
    flat = 0x4000 | 0x8000
    limit = 0xffffffff
    csel, dsel = 0x08 | cpl, 0x10 | cpl
    if mode in (REAL, VM86):
        limit = 0xffff
        csel = dsel = 0
    elif mode == PROT16:
        limit = 0xffff
    elif mode in (PROT32, COMPAT32):
        code |= flat
        data |= flat
    elif mode == COMPAT16:
        code |= 0x8000
        data |= flat
    elif mode == LONG64:
        code |= 0x2000 | 0x8000
        data |= flat
    segs = [[dsel, 0, limit, data] for _ in range(6)]
    segs[CS] = [csel, 0, limit, code]
    segs.append([0, 0, 0xffff, 0x82])
    segs.append([0x18, 0, 0x67, 0x8b])
    return segs


class Seed:
    def __init__(self, mode, cpl=0, paging=PG_OFF, insn=b"", **kw):
        self.mode = mode
        self.cpl = cpl
        if mode in (REAL, VM86):
            self.eff_cpl = 0 if mode == REAL else 3
        else:
            self.eff_cpl = cpl
        self.paging = paging
        self.config = 0
        self.cr0 = self.cr4 = self.efer = self.shadow = 0
        self.rflags = 0
        self.rip = 0x1000
        self.gpr = [0] * 16
        self.cr3_low = 0
        self.pdpte_xor = [0] * 4
        self.xcr0 = 0
        self.mxcsr = 0x1f80
        self.ymm = bytes(range(0x40, 0x60))
        self.dr7 = 0
        self.gdt = (0, 0)  # XOR values
        self.idt = (0, 0)
        self.segs = default_segs(mode, self.eff_cpl)
        self.seg_want = {}
        self.maps = []
        self.regions = [(0, 0, 0), (0, 0, 0)]
        self.dev_bytes = bytes((0x5a + 7 * i) & 0xff for i in range(32))
        self.dev_fail = 0
        self.run = 0
        self.hint_map = 0
        self.hint_off = 0
        self.hint_gpa = self.hint_la = 0
        self.fail_ops = [0, 0]
        self.fail_after = 0
        self.insn = insn
        self.insn_len = len(insn)
        self.chunks = []
        for k, v in kw.items():
            if not hasattr(self, k):
                raise AttributeError(k)
            setattr(self, k, v)

    # helpers
    def seg(self, i, sel=None, base=None, limit=None, ar=None):
        want = self.seg_want.setdefault(i, list(self.segs[i]))
        for j, v in enumerate((sel, base, limit, ar)):
            if v is not None:
                want[j] = v
        return self

    def map(self, la, pfn, flags=0, level=0, ixor=0, hi=0):
        self.maps.append((la, pfn, flags, level, ixor, hi))
        return self

    def ram(self, gpa, data):
        page, off = gpa >> 12, gpa & 0xfff
        assert page < 24 and off + len(data) <= 0x1000 * (24 - page)
        while data:
            n = min(len(data), 255)
            self.chunks.append(struct.pack("<BBHB", page, 0, off, n) + data[:n])
            data = data[n:]
            off += n
            page += off >> 12
            off &= 0xfff
        return self

    def fill(self, gpa, n, byte):
        self.chunks.append(struct.pack("<BBHBB", gpa >> 12, 1, gpa & 0xfff, n, byte))
        return self

    def pack(self):
        out = bytearray()
        out += struct.pack("<BBBBHHBBIQ", self.mode, self.cpl, self.paging,
                           self.config, self.cr0, self.cr4, self.efer,
                           self.shadow, self.rflags, self.rip)
        out += struct.pack("<16Q", *[g & (2**64 - 1) for g in self.gpr])
        out += struct.pack("<H4BBI", self.cr3_low, *self.pdpte_xor, self.xcr0,
                           self.mxcsr)
        out += self.ymm
        out += struct.pack("<IQHQH", self.dr7, self.gdt[0], self.gdt[1],
                           self.idt[0], self.idt[1])
        for i in range(8):
            d = self.segs[i]
            w = self.seg_want.get(i, d)
            out += struct.pack("<QIIH", w[1] ^ d[1], w[2] ^ d[2], w[3] ^ d[3],
                               w[0] ^ d[0])
        maps = self.maps or [(0, 0, 0, 0, 0, 0)]
        assert len(maps) <= 6
        out += struct.pack("<B", len(maps) - 1)
        for i in range(6):
            m = maps[i] if i < len(maps) else (0, 0, 0, 0, 0, 0)
            out += struct.pack("<QHHBBB", *m)
        for r in self.regions:
            out += struct.pack("<BHH", *r)
        out += self.dev_bytes
        out += struct.pack("<IBBHQQIIBB", self.dev_fail, self.run,
                           self.hint_map, self.hint_off, self.hint_gpa,
                           self.hint_la, self.fail_ops[0], self.fail_ops[1],
                           self.fail_after, self.insn_len)
        out += self.insn.ljust(15, b"\0")[:15]
        assert len(out) == 543, len(out)
        for c in self.chunks:
            out += c
        if not self.chunks:
            out = out.rstrip(b"\0")  # the reader pads with zeros
        return bytes(out)


def paged(mode, paging=PG_OFF, **kw):
    """A guest with code at linear 0x1000 (page 1), data at 0x2000 (page 2),
    a stack page at 0x3000 (page 3) and device 0 at linear 0x10000."""
    s = Seed(mode, paging=paging, **kw)
    if mode in (COMPAT16, COMPAT32, LONG64) or paging:
        s.map(0x1000, 1).map(0x2000, 2).map(0x3000, 3).map(0x10000, MMIO0 >> 12)
        s.mmio_la = 0x10000
    else:
        s.mmio_la = MMIO0
    return s


def u64(*v):
    return b"".join(struct.pack("<Q", x) for x in v)


SEEDS = {}


def seed(name):
    def reg(f):
        SEEDS[name] = f
        return f
    return reg


# ---- every mode, paging off and on, MMIO loads and stores --------------

@seed("real-mov-mmio")
def _():
    s = Seed(REAL, insn=bytes.fromhex("8807"))          # mov [bx], al
    s.seg(DS, sel=MMIO0 >> 4, base=MMIO0)
    s.gpr[RBX], s.gpr[RAX] = 0x10, 0x42
    return s


@seed("vm86-out-bitmap-gp")
def _():
    s = Seed(VM86, insn=bytes.fromhex("ee"))
    s.gpr[RDX] = 0x3f8                                  # past the TSS limit
    return s


@seed("vm86-pg32-mov-mmio")
def _():
    s = paged(VM86, PG_32, insn=bytes.fromhex("8807"))
    s.seg(DS, sel=0x100, base=0x1000)
    s.gpr[RBX] = 0xf000                                 # linear 0x10000
    return s


@seed("prot16-pae-mov-mmio")
def _():
    s = paged(PROT16, PG_PAE, insn=bytes.fromhex("c7072211"))  # mov word [bx], imm
    s.seg(DS, base=0x10000)
    s.gpr[RBX] = 0x30
    return s


@seed("prot32-pg32-load")
def _():
    s = paged(PROT32, PG_32, insn=bytes.fromhex("a110000100"))  # mov eax, [0x10010]
    return s


@seed("prot32-pg32-pse-4m")
def _():
    s = Seed(PROT32, paging=PG_32, cr4=CR4_PSE, insn=bytes.fromhex("8903"))
    s.map(0x400000, 0, level=1)         # a 4-MByte page over all of RAM and MMIO
    s.rip = 0x401000
    s.gpr[RBX] = 0x400000 + MMIO0 + 0x10
    return s


@seed("prot32-pg32-ps-ignored")
def _():
    # PS without CR4.PSE: the "leaf" is walked as a page table
    s = Seed(PROT32, paging=PG_32, insn=bytes.fromhex("8903"))
    s.map(0x1000, 1).map(0x400000, 5, level=1)
    s.ram(0x5000, struct.pack("<I", MMIO0 | 7))
    s.gpr[RBX] = 0x400000
    return s


@seed("prot32-pae-movimm")
def _():
    s = paged(PROT32, PG_PAE, insn=bytes.fromhex("c70378563412"))  # mov dword [ebx], imm
    s.gpr[RBX] = 0x10ffc
    s.cr3_low = 0x40
    return s


@seed("prot32-pae-pdpte-rsvd")
def _():
    s = paged(PROT32, PG_PAE, insn=bytes.fromhex("8b03"))
    s.pdpte_xor = [0x06, 0, 0, 0]       # RW/US are reserved in a PDPTE
    s.run = EXIT_BYTES
    return s


@seed("compat16-mov-mmio")
def _():
    s = paged(COMPAT16, insn=bytes.fromhex("678803"))   # mov [ebx], al
    s.gpr[RBX] = 0x10000
    return s


@seed("compat32-add-mmio")
def _():
    s = paged(COMPAT32, insn=bytes.fromhex("0103"))     # add [ebx], eax
    s.gpr[RBX], s.gpr[RAX] = 0x10008, 5
    return s


@seed("long64-5level-load")
def _():
    s = Seed(LONG64, paging=PG_5LEVEL, insn=bytes.fromhex("488b03"))
    s.map(0x1000, 1).map(0xff00_0000_0000_0000 | 0x10000, MMIO0 >> 12)
    s.gpr[RBX] = 0xff00_0000_0001_0000
    return s


@seed("long64-1g-page")
def _():
    s = Seed(LONG64, config=4, insn=b"\x48\xa3" + struct.pack("<Q", 0x4000_0000 + MMIO0))  # mov [moffs64], rax
    s.map(0x4000_0000, 0, level=2)      # a 1-GByte page
    s.rip = 0x4000_1000
    return s


@seed("long64-2m-page-rsvd")
def _():
    s = Seed(LONG64, insn=bytes.fromhex("8b03"))
    s.map(0x1000, 1).map(0x200000, 0x200, flags=0x2000, level=1)  # bit 13 reserved
    s.gpr[RBX] = 0x200000
    return s


@seed("long64-gs-base-riprel")
def _():
    s = paged(LONG64, insn=bytes.fromhex("65488b0500f00000"))  # mov rax, gs:[rip+0xf000]
    s.seg(GS, base=0x0)
    return s


# ---- REP strings -------------------------------------------------------

@seed("prot32-rep-movsb-ram-mmio")
def _():
    s = Seed(PROT32, insn=bytes.fromhex("f3a4"))
    s.gpr[RSI], s.gpr[RDI], s.gpr[RCX] = 0x2000, MMIO0 + 0x10, 16
    s.ram(0x2000, bytes(range(1, 17)))
    return s


@seed("prot32-rep-movsw-df")
def _():
    s = Seed(PROT32, rflags=DF, insn=bytes.fromhex("66f3a5"))
    s.gpr[RSI], s.gpr[RDI], s.gpr[RCX] = MMIO0 + 0x20, 0x2020, 8
    return s


@seed("long64-rep-stosb-continue")
def _():
    # more than VMEXIT_EMUL_REP_MAX: the second run continues
    s = paged(LONG64, insn=bytes.fromhex("f3aa"), run=FLUSH | SECOND)
    s.gpr[RDI], s.gpr[RCX] = 0x10000, 5000
    s.regions = [(0, 0, 0x1000 ^ 0x2000), (0, 0, 0)]  # device 0 is 8 KiB
    s.map(0x11000, (MMIO0 >> 12) + 1)
    return s


@seed("long64-rep-movsq-pf-midway")
def _():
    s = paged(LONG64, insn=bytes.fromhex("f348a5"), run=FLUSH | SECOND)
    s.gpr[RSI], s.gpr[RDI], s.gpr[RCX] = 0x2fe0, 0x10000, 8  # source runs off page 2
    s.maps[2] = (0x3000, 3, NOTP, 0, 0, 0)
    return s


@seed("prot32-rep-insd-cpl3-bitmap")
def _():
    s = Seed(PROT32, cpl=3, insn=bytes.fromhex("f36d"))
    s.seg(TR, base=0x5000, limit=0x2067)
    s.ram(0x5000 + 102, struct.pack("<H", 0x68))
    s.gpr[RDX], s.gpr[RDI], s.gpr[RCX] = 0x61, 0x2000, 2
    return s


@seed("long64-rep-outsd")
def _():
    s = paged(LONG64, insn=bytes.fromhex("f36f"))
    s.gpr[RDX], s.gpr[RSI], s.gpr[RCX] = 0x3f8, 0x2000, 3
    return s


@seed("prot32-repe-cmpsb")
def _():
    s = Seed(PROT32, insn=bytes.fromhex("f3a6"))
    s.gpr[RSI], s.gpr[RDI], s.gpr[RCX] = 0x2000, MMIO0, 8
    s.ram(0x2000, s.dev_bytes[:3] + b"\0")
    return s


@seed("long64-repne-scasb")
def _():
    s = paged(LONG64, insn=bytes.fromhex("f2ae"))
    s.gpr[RDI], s.gpr[RCX], s.gpr[RAX] = 0x10000, 40, 0x5a + 7 * 5
    return s


@seed("prot16-lodsw-mmio")
def _():
    s = Seed(PROT16, insn=bytes.fromhex("ad"))
    s.seg(DS, base=MMIO0)
    s.gpr[RSI] = 0xffe
    return s


@seed("long64-rep-stos-tf")
def _():
    s = paged(LONG64, rflags=TF, insn=bytes.fromhex("f3ab"), run=FLUSH | SECOND)
    s.gpr[RDI], s.gpr[RCX] = 0x10000, 3
    return s


# ---- vector moves ------------------------------------------------------

@seed("long64-movdqu-load")
def _():
    s = paged(LONG64, cr4=CR4_OSFXSR, insn=bytes.fromhex("f30f6f00"))
    s.gpr[RAX] = 0x10000
    return s


@seed("long64-movdqu-ud")
def _():
    s = paged(LONG64, insn=bytes.fromhex("f30f6f00"))  # no CR4.OSFXSR
    s.gpr[RAX] = 0x10000
    return s


@seed("prot32-movdqa-unaligned")
def _():
    s = Seed(PROT32, cr4=CR4_OSFXSR, insn=bytes.fromhex("660f7f00"))
    s.gpr[RAX] = MMIO0 + 8
    return s


@seed("long64-mmx-movq-store-top3")
def _():
    # movq [rax], mm1 with TOP = 3: MM1 is ST(6)
    s = paged(LONG64, insn=bytes.fromhex("0f7f08"),
              ymm=bytes([0x03]) + bytes(range(0x41, 0x60)))
    s.gpr[RAX] = 0x10000
    return s


@seed("prot32-mmx-movd-load-mf")
def _():
    # movd mm2, [eax] with an x87 exception pending and CR0.NE: #MF
    s = Seed(PROT32, cr0=CR0_NE, insn=bytes.fromhex("0f6e10"),
             ymm=bytes([0x85]) + bytes(range(0x41, 0x60)))
    s.gpr[RAX] = MMIO0
    return s


@seed("long64-vmovdqu-ymm-load")
def _():
    s = paged(LONG64, cr4=CR4_OSXSAVE | CR4_OSFXSR, xcr0=7,
              insn=bytes.fromhex("c5fe6f00"))
    s.gpr[RAX] = 0x10020
    return s


@seed("long64-vmovdqu-ymm-store-cross")
def _():
    s = paged(LONG64, cr4=CR4_OSXSAVE | CR4_OSFXSR, xcr0=7,
              insn=bytes.fromhex("c5fe7f00"))
    s.gpr[RAX] = 0x2ff0                         # RAM page 2 into page 3
    return s


@seed("prot32-movd-ts-nm")
def _():
    s = Seed(PROT32, cr0=CR0_TS, cr4=CR4_OSFXSR, insn=bytes.fromhex("660f7e00"))
    s.gpr[RAX] = MMIO0
    return s


# ---- faults ------------------------------------------------------------

@seed("long64-pf-not-present")
def _():
    s = paged(LONG64, insn=bytes.fromhex("8903"))
    s.gpr[RBX] = 0x7000
    return s


@seed("prot32-pae-pf-wp")
def _():
    s = paged(PROT32, PG_PAE, cr0=CR0_WP, insn=bytes.fromhex("8903"))
    s.maps[1] = (0x2000, 2, RO, 0, 0, 0)
    s.gpr[RBX] = 0x2000
    return s


@seed("long64-pf-user-super")
def _():
    s = paged(LONG64, cpl=3, insn=bytes.fromhex("8b03"))
    s.maps[1] = (0x2000, 2, SUPER, 0, 0, 0)
    s.gpr[RBX] = 0x2004
    return s


@seed("long64-pf-nx-fetch")
def _():
    s = paged(LONG64, efer=EFER_NXE, insn=bytes.fromhex("90"))
    s.maps[0] = (0x1000, 1, 0, 0, 0, XD)
    return s


@seed("long64-smap")
def _():
    s = paged(LONG64, cr4=CR4_SMAP, insn=bytes.fromhex("8b03"))
    s.gpr[RBX] = 0x2000                          # user page, CPL 0, AC clear
    return s


@seed("prot32-gp-limit")
def _():
    s = Seed(PROT32, insn=bytes.fromhex("8b4304"))
    s.seg(DS, limit=0xfff)
    s.gpr[RBX] = 0xffe
    return s


@seed("prot32-expand-down")
def _():
    s = Seed(PROT32, insn=bytes.fromhex("8903"))
    s.seg(DS, base=MMIO0 - 0x1000, limit=0xfff, ar=0xc097)
    s.gpr[RBX] = 0x1000
    return s


@seed("prot32-unusable-es")
def _():
    s = Seed(PROT32, insn=bytes.fromhex("26893b"))
    s.seg(ES, ar=0x10000)
    return s


@seed("prot32-push-ss-fault")
def _():
    s = Seed(PROT32, insn=bytes.fromhex("50"))
    s.seg(SS, limit=0x100)
    s.gpr[RSP] = 0x200
    return s


@seed("prot32-ac-cpl3")
def _():
    s = Seed(PROT32, cpl=3, cr0=CR0_AM, rflags=AC, insn=bytes.fromhex("8b03"))
    s.gpr[RBX] = 0x2001
    return s


@seed("long64-lock-reg-ud")
def _():
    return paged(LONG64, insn=bytes.fromhex("f001c0"))


@seed("long64-noncanonical")
def _():
    s = paged(LONG64, insn=bytes.fromhex("8b03"))
    s.gpr[RBX] = 0x0000_8000_0000_0000
    return s


@seed("prot32-fetch-limit")
def _():
    s = Seed(PROT32, insn=bytes.fromhex("c70378563412"))
    s.seg(CS, limit=0x1003)
    return s


@seed("long64-fetch-crosses-unmapped")
def _():
    s = Seed(LONG64, insn=bytes.fromhex("c70378563412"))
    s.map(0x1000, 1)
    s.rip = 0x1ffd
    return s


# ---- backend and device failures ---------------------------------------

@seed("fail-get-sregs")
def _():
    s = paged(LONG64, insn=bytes.fromhex("488903"))
    s.fail_ops[0] = 1 << GET_SREGS
    return s


@seed("fail-map-gpa-late")
def _():
    s = paged(LONG64, insn=bytes.fromhex("488903"))
    s.gpr[RBX] = 0x2000
    s.fail_ops[0], s.fail_after = 1 << MAP_GPA, 6
    return s


@seed("fail-set-regs-flush")
def _():
    s = paged(LONG64, insn=bytes.fromhex("488903"), run=FLUSH | SECOND)
    s.gpr[RBX] = 0x10000
    s.fail_ops = [(1 << SET_REGS) | (1 << QUEUE_EVENT), 1 << MMIO_WRITE]
    return s


@seed("dev-fail-second-access")
def _():
    s = Seed(PROT32, insn=bytes.fromhex("f3a5"))
    s.gpr[RSI], s.gpr[RDI], s.gpr[RCX] = MMIO0, MMIO1, 4
    s.dev_fail = 0b10
    return s


@seed("pio-in-fail")
def _():
    s = Seed(PROT32, insn=bytes.fromhex("ed"), dev_fail=1)
    s.gpr[RDX] = 0x70
    return s


@seed("dev-small-region-split")
def _():
    # device 1 is 6 bytes at 0x21003: an 8-byte store runs past it
    s = Seed(PROT32, insn=bytes.fromhex("0f1100"), cr4=CR4_OSFXSR)
    s.regions = [(0, 0, 0), (0, 3, 0x1000 ^ 6)]
    s.gpr[RAX] = MMIO1 + 3
    return s


# ---- hints, exit bytes, odd instructions ------------------------------

@seed("hint-gpa-match")
def _():
    s = paged(LONG64, insn=bytes.fromhex("488903"), run=HINT_GPA | HINT_LA | EXIT_BYTES)
    s.gpr[RBX] = 0x10010
    s.hint_map, s.hint_off = 3, 0x10
    return s


@seed("hint-mismatch")
def _():
    s = paged(LONG64, insn=bytes.fromhex("488903"), run=HINT_GPA)
    s.gpr[RBX] = 0x10010
    s.hint_map, s.hint_gpa = 3, 0x5000
    return s


@seed("exit-bytes-only")
def _():
    s = paged(LONG64, insn=bytes.fromhex("c7430811223344"), run=EXIT_BYTES | NO_CODE)
    s.gpr[RBX] = 0x10000
    return s


@seed("exit-bytes-short-refetch")
def _():
    s = paged(LONG64, insn=bytes.fromhex("c7430811223344"), run=EXIT_BYTES)
    s.insn_len = 3
    s.gpr[RBX] = 0x10000
    return s


@seed("unhandled-cpuid")
def _():
    return paged(LONG64, insn=bytes.fromhex("0fa2"))


@seed("lock-cmpxchg-mmio")
def _():
    s = paged(LONG64, insn=bytes.fromhex("f0480fb10b"))
    s.gpr[RBX], s.gpr[RCX] = 0x10000, 7
    return s


@seed("lock-xadd-ram")
def _():
    s = paged(LONG64, insn=bytes.fromhex("f00fc103"))
    s.gpr[RBX], s.gpr[RAX] = 0x2008, 3
    return s


@seed("cmpxchg8b-mmio")
def _():
    s = Seed(PROT32, insn=bytes.fromhex("0fc70e"))
    s.gpr[RSI] = MMIO0
    return s


@seed("call-indirect-mmio")
def _():
    s = paged(LONG64, insn=bytes.fromhex("ff13"), run=FLUSH | SECOND)
    s.dev_bytes = struct.pack("<Q", 0x1000) + s.dev_bytes[8:]
    s.gpr[RBX], s.gpr[RSP] = 0x10000, 0x4000
    return s


@seed("movbe-store")
def _():
    s = paged(COMPAT32, insn=bytes.fromhex("0f38f103"))
    s.gpr[RBX], s.gpr[RAX] = 0x10000, 0x01020304
    return s


@seed("long64-movdir64b-ram-to-mmio")
def _():
    # movdir64b rax, [rbx]: 64 bytes from RAM to the device at ES:[rax]
    s = paged(LONG64, insn=bytes.fromhex("660f38f803"))
    s.gpr[RBX], s.gpr[RAX] = 0x10003, 0x10040
    return s


@seed("prot16-movdir64b-unaligned")
def _():
    # ES:[ax] not 64-byte aligned: #GP(0)
    s = Seed(PROT16, insn=bytes.fromhex("660f38f807"))
    s.seg(ES, base=MMIO0)
    s.gpr[RAX], s.gpr[RBX] = 0x20, 0x100
    return s


@seed("compat32-movdiri-second-run")
def _():
    s = paged(COMPAT32, insn=bytes.fromhex("0f38f903"), run=SECOND)
    s.gpr[RBX], s.gpr[RAX] = 0x10000, 0x01020304
    return s


@seed("long64-movntdqa-load")
def _():
    s = paged(LONG64, cr4=CR4_OSFXSR, insn=bytes.fromhex("660f382a03"))
    s.gpr[RBX] = 0x10010
    return s


@seed("long64-write-breakpoint-mmio")
def _():
    # mov [rbx], eax onto DR3, a 4-byte write breakpoint at device
    # offset 10H (map 3 plus dev_bytes[6..7]): a #DB trap with B3
    s = paged(LONG64, insn=bytes.fromhex("8903"))
    s.dr7 = 1 << 6 | 1 << 28 | 3 << 30
    s.dev_bytes = s.dev_bytes[:6] + bytes([0x10, 0x00]) + s.dev_bytes[8:]
    s.gpr[RBX], s.gpr[RAX] = 0x10012, 0x01020304
    return s


@seed("shadow-sti-mov")
def _():
    s = Seed(PROT32, shadow=1, insn=bytes.fromhex("8803"), run=FLUSH)
    s.gpr[RBX] = MMIO0
    return s


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "corpus", "emulate")
    os.makedirs(out, exist_ok=True)
    for name, f in SEEDS.items():
        with open(os.path.join(out, name), "wb") as fh:
            fh.write(f().pack())
    print(f"{len(SEEDS)} seeds in {out}")


if __name__ == "__main__":
    main()
