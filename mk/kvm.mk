# The KVM adapter's extras: the runner's links, the demo guests, the test
# VM and make check-vm / make run.

# qemu + busybox + cpio: the test VM; xz-utils: compressed modules.
DEPS_PACKAGES += qemu-system-x86 busybox-static cpio xz-utils

VM_DIR := build/vm
# Downloads (the Debian kernel package) live here and survive make clean
# only if you move them; a second run does not fetch again.
VM_CACHE ?= $(VM_DIR)/cache
VM_PAYLOAD := $(VM_DIR)/payload

# Programs for the VM's initramfs, which has no libc: linked statically.
VM_TESTS := $(patsubst tests/vm/%.c,%,$(wildcard tests/vm/*.c))

$(VM_DIR)/obj/%.o: tests/vm/%.c
	@mkdir -p $(dir $@)
	$(CC) $(BASE_CFLAGS) $(OPT_CFLAGS) -Itests -c $< -o $@

$(VM_PAYLOAD)/%: $(VM_DIR)/obj/%.o $(B)/libvmexit.a
	@mkdir -p $(dir $@)
	$(CC) -static -o $@ $^

$(VM_PAYLOAD)/vm-payload.sh: tests/vm/vm-payload.sh
	@mkdir -p $(dir $@)
	cp $< $@

VM_PAYLOAD_FILES = $(VM_TESTS:%=$(VM_PAYLOAD)/%) $(VM_PAYLOAD)/vm-payload.sh

.PHONY: check-vm vm-payload
vm-payload: $(VM_PAYLOAD_FILES)

# Not part of make check: CI runs it after make check.
check-vm: vm-payload
	sh tests/vm/check-vm.sh $(VM_PAYLOAD) $(VM_CACHE) $(VM_DIR)/check-vm.log
