# The KVM adapter's extras: the demo guests, the test VM, make check-vm
# and make run (the README's demo, also what make deps ends with).

# qemu + busybox + cpio: the test VM; xz-utils, zstd: compressed modules.
DEPS_PACKAGES += qemu-system-x86 busybox-static cpio xz-utils zstd

# --- the demo guests: examples/guests/*.S with the system toolchain -------
# real.S: flat binary at 0x1000, started in real mode.
# prot32.S: multiboot ELF32, started in protected mode like QEMU -kernel.
# long64.S: ELF64, started in long mode.
LD ?= ld
GUEST_DIR := $(B)/guests
GUEST_SRCS := $(wildcard examples/guests/*.S)
GUEST_NAMES := $(GUEST_SRCS:examples/guests/%.S=%)
GUESTS := $(patsubst %,$(GUEST_DIR)/%.bin,$(filter real,$(GUEST_NAMES))) \
	$(patsubst %,$(GUEST_DIR)/%.elf,$(filter-out real,$(GUEST_NAMES)))

$(GUEST_DIR)/%.o: examples/guests/%.S examples/guests/common.h
	@mkdir -p $(dir $@)
	$(CC) $(if $(filter long64,$*),-m64,-m32) -Iexamples/guests -c $< -o $@

$(GUEST_DIR)/real.bin: $(GUEST_DIR)/real.o
	$(LD) -m elf_i386 -Ttext=0x1000 --oformat=binary -o $@ $<

$(GUEST_DIR)/%.elf: $(GUEST_DIR)/%.o
	$(LD) $(if $(filter long64,$*),-m elf_x86_64,-m elf_i386) \
		-Ttext=0x100000 -z max-page-size=4096 -o $@ $<

examples: $(GUESTS)

# --- the test VM -----------------------------------------------------------
VM_DIR := build/vm
# Downloads (Debian's kernel package): a second run does not fetch again.
VM_CACHE ?= $(VM_DIR)/cache
VM_PAYLOAD := $(VM_DIR)/payload

# Programs for the VM's initramfs, which has no libc: linked statically.
# Each tests/vm/*.c is one; test-kvm-diff is the files of tests/vm/kvm-diff/
# (the wildcard does not look into it).
KVM_DIFF_OBJS := $(patsubst tests/vm/%.c,$(VM_DIR)/obj/%.o, \
	$(sort $(wildcard tests/vm/kvm-diff/*.c)))
VM_TESTS := $(patsubst tests/vm/%.c,%,$(wildcard tests/vm/*.c)) test-kvm-diff

$(VM_DIR)/obj/%.o: tests/vm/%.c
	@mkdir -p $(dir $@)
	$(CC) $(BASE_CFLAGS) $(OPT_CFLAGS) -Itests -c $< -o $@

$(VM_PAYLOAD)/test-kvm-diff: $(KVM_DIFF_OBJS) $(B)/libvmexit.a
	@mkdir -p $(dir $@)
	$(CC) -static -o $@ $^

$(VM_PAYLOAD)/vmexit-run: $(B)/tobj/examples/vmexit-run.o $(B)/libvmexit.a
	@mkdir -p $(dir $@)
	$(CC) -static -o $@ $^

$(VM_PAYLOAD)/%: $(VM_DIR)/obj/%.o $(B)/libvmexit.a
	@mkdir -p $(dir $@)
	$(CC) -static -o $@ $^

$(VM_PAYLOAD)/vm-payload.sh: tests/vm/vm-payload.sh
	@mkdir -p $(dir $@)
	cp $< $@

$(VM_PAYLOAD)/guests/%: $(GUEST_DIR)/%
	@mkdir -p $(dir $@)
	cp $< $@

VM_PAYLOAD_FILES = $(VM_TESTS:%=$(VM_PAYLOAD)/%) $(VM_PAYLOAD)/vmexit-run \
	$(VM_PAYLOAD)/vm-payload.sh $(GUESTS:$(GUEST_DIR)/%=$(VM_PAYLOAD)/guests/%)

.PHONY: check-vm vm-payload run
vm-payload: $(VM_PAYLOAD_FILES)

# Not part of make check: CI runs it after make check.
check-vm: vm-payload
	sh tests/vm/check-vm.sh tests $(VM_PAYLOAD) $(VM_CACHE) $(VM_DIR)/check-vm.log

# The demo: every guest through the runner with its exit table, on
# /dev/kvm when this host has one, else inside the test VM.
run: vm-payload
	sh tests/vm/check-vm.sh demo $(VM_PAYLOAD) $(VM_CACHE) $(VM_DIR)/run.log

DEMO_TARGET := run
