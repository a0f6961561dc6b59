# libvmexit build.  GNU make.
#
#   make                 libvmexit.a, libvmexit.so and the example programs
#   make check           every test, again under ASan+UBSan, the freestanding
#                        compile, fuzz corpus replay, the pkg-config consumer
#   make fuzz            libFuzzer targets (clang)
#   make fuzz-run FUZZ_SECONDS=N
#   make install PREFIX=/usr/local DESTDIR=   /   make uninstall
#   make deps            install packages with apt-get (root), then the demo
#
# Sources are found by wildcard: a new lib/x86/foo.c, tests/test_foo.c,
# fuzz/foo.c or examples/foo.c is built without touching this file.  A
# feature that needs more (a benchmark, a VM test) adds mk/<feature>.mk.

# The version is <vmexit/vmexit.h>'s (VMEXIT_VERSION_*), not repeated here.
vmexit_version_part = $(shell sed -n 's/^\#define VMEXIT_VERSION_$(1) \([0-9]*\)$$/\1/p' \
	include/vmexit/vmexit.h)
VERSION_MAJOR := $(call vmexit_version_part,MAJOR)
VERSION_MINOR := $(call vmexit_version_part,MINOR)
VERSION_PATCH := $(call vmexit_version_part,PATCH)
VERSION := $(VERSION_MAJOR).$(VERSION_MINOR).$(VERSION_PATCH)

CC ?= cc
FUZZ_CC ?= clang
PKG_CONFIG ?= pkg-config
PREFIX ?= /usr/local
LIBDIR ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
BINDIR ?= $(PREFIX)/bin
PCDIR ?= $(LIBDIR)/pkgconfig
DESTDIR ?=
FUZZ_SECONDS ?= 60

# Packages a fresh Debian/Ubuntu machine needs (make deps, .ci/run).
# Features append to DEPS_PACKAGES in their mk/*.mk.
DEPS_PACKAGES := build-essential clang llvm libclang-rt-dev pkg-config \
	libcmocka-dev libcapstone-dev libzydis-dev

WARN := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
	-Wmissing-prototypes -Wpointer-arith -Wvla
BASE_CFLAGS := -std=c11 -D_DEFAULT_SOURCE $(WARN) -Iinclude -Ilib -MMD -MP
OPT_CFLAGS ?= -O2 -g
SAN_FLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer

SONAME := libvmexit.so.$(VERSION_MAJOR)

# The core must compile freestanding; backends may use the host OS.
CORE_SRCS := $(sort $(wildcard lib/*.c lib/x86/*.c))
BACKEND_SRCS := $(sort $(wildcard lib/backend/*.c))
LIB_SRCS := $(CORE_SRCS) $(BACKEND_SRCS)
TEST_SRCS := $(sort $(wildcard tests/test_*.c))
# Code shared by the tests (oracles, guest builders).
TESTLIB_SRCS := $(sort $(wildcard tests/lib/*.c))
FUZZ_SRCS := $(sort $(wildcard fuzz/*.c))
EXAMPLE_SRCS := $(sort $(wildcard examples/*.c))

TEST_LIBS := $(shell $(PKG_CONFIG) --libs cmocka 2>/dev/null || echo -lcmocka) \
	-Wl,--as-needed -lcapstone -lZydis -Wl,--no-as-needed -lm

# Build variants: the normal build and the sanitizer build.
B := build/default
S := build/san

.PHONY: all lib examples tests check check-tests fuzz fuzz-run install \
	uninstall clean deps deps-install demo

all: lib examples

define variant
# $(1) = build dir, $(2) = extra CFLAGS, $(3) = extra LDFLAGS
$(1)/obj/%.o: %.c
	@mkdir -p $$(dir $$@)
	$$(CC) $$(BASE_CFLAGS) $$(OPT_CFLAGS) $(2) -fPIC -fvisibility=hidden \
		-DVMEXIT_BUILDING -c $$< -o $$@

$(1)/tobj/%.o: %.c
	@mkdir -p $$(dir $$@)
	$$(CC) $$(BASE_CFLAGS) $$(OPT_CFLAGS) $(2) -Itests -c $$< -o $$@

$(1)/libvmexit.a: $(LIB_SRCS:%.c=$(1)/obj/%.o)
	@rm -f $$@
	$$(AR) rcs $$@ $$^

$(1)/libvmexit.so.$(VERSION): $(LIB_SRCS:%.c=$(1)/obj/%.o)
	$$(CC) -shared $(3) -Wl,-soname,$(SONAME) -Wl,-z,defs -o $$@ $$^
	ln -sf libvmexit.so.$(VERSION) $(1)/$(SONAME)
	ln -sf $(SONAME) $(1)/libvmexit.so

$(1)/tests/%: $(1)/tobj/tests/%.o $(TESTLIB_SRCS:%.c=$(1)/tobj/%.o) \
		$(1)/libvmexit.a
	@mkdir -p $$(dir $$@)
	$$(CC) $(3) -o $$@ $$< $(TESTLIB_SRCS:%.c=$(1)/tobj/%.o) \
		$(1)/libvmexit.a $$(TEST_LIBS)

# Fuzz targets built with the ordinary compiler and a replay main(), so
# make check can feed them their corpus without libFuzzer.
$(1)/replay/%: $(1)/tobj/fuzz/%.o $(1)/tobj/fuzz/replay/main.o \
		$(1)/libvmexit.a
	@mkdir -p $$(dir $$@)
	$$(CC) $(3) -o $$@ $$^
endef

$(eval $(call variant,$(B),,))
$(eval $(call variant,$(S),$(SAN_FLAGS) -O1,$(SAN_FLAGS)))

$(B)/bin/%: $(B)/tobj/examples/%.o $(B)/libvmexit.a
	@mkdir -p $(dir $@)
	$(CC) -o $@ $^ $(EXAMPLE_LIBS)

TESTS := $(TEST_SRCS:tests/%.c=%)
FUZZ_TARGETS := $(FUZZ_SRCS:fuzz/%.c=%)
EXAMPLES := $(EXAMPLE_SRCS:examples/%.c=%)

lib: $(B)/libvmexit.a $(B)/libvmexit.so.$(VERSION)
examples: $(EXAMPLES:%=$(B)/bin/%)
tests: $(TESTS:%=$(B)/tests/%)

# Everything make check runs; mk/*.mk add steps to CHECK_STEPS as
# "name=command" pairs the runner executes in order.
CHECK_BUILD := lib examples $(TESTS:%=$(B)/tests/%) $(TESTS:%=$(S)/tests/%) \
	$(FUZZ_TARGETS:%=$(S)/replay/%)

-include mk/*.mk

check:
	@CC="$(CC)" FUZZ_CC="$(FUZZ_CC)" MAKE="$(MAKE)" \
		TESTS="$(TESTS)" FUZZ_TARGETS="$(FUZZ_TARGETS)" \
		CORE_SRCS="$(CORE_SRCS)" EXTRA_CHECKS="$(EXTRA_CHECKS)" \
		PKG_CONFIG="$(PKG_CONFIG)" \
		sh tests/check.sh

# Build everything check needs in one make run (called by tests/check.sh).
check-build: $(CHECK_BUILD)

fuzz: $(FUZZ_TARGETS:%=build/fuzz/%)

build/fuzz/%: fuzz/%.c $(LIB_SRCS) $(wildcard include/vmexit/*.h)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(BASE_CFLAGS) -O1 -g -Itests \
		-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
		-o $@ $< $(LIB_SRCS)

fuzz-run: fuzz
	@set -e; for t in $(FUZZ_TARGETS); do \
		mkdir -p build/fuzz/corpus/$$t; \
		echo "fuzz: $$t for $(FUZZ_SECONDS)s"; \
		build/fuzz/$$t -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
			build/fuzz/corpus/$$t fuzz/corpus/$$t; \
	done

vmexit.pc: vmexit.pc.in Makefile
	sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@LIBDIR@|$(LIBDIR)|g' \
		-e 's|@INCLUDEDIR@|$(INCLUDEDIR)|g' -e 's|@VERSION@|$(VERSION)|g' \
		$< > $@

INSTALLED_BINS ?= $(EXAMPLES)

install: lib examples vmexit.pc
	install -d $(DESTDIR)$(INCLUDEDIR)/vmexit $(DESTDIR)$(LIBDIR) \
		$(DESTDIR)$(PCDIR) $(DESTDIR)$(BINDIR)
	install -m 644 include/vmexit/*.h $(DESTDIR)$(INCLUDEDIR)/vmexit/
	install -m 644 $(B)/libvmexit.a $(DESTDIR)$(LIBDIR)/
	install -m 755 $(B)/libvmexit.so.$(VERSION) $(DESTDIR)$(LIBDIR)/
	ln -sf libvmexit.so.$(VERSION) $(DESTDIR)$(LIBDIR)/$(SONAME)
	ln -sf $(SONAME) $(DESTDIR)$(LIBDIR)/libvmexit.so
	install -m 644 vmexit.pc $(DESTDIR)$(PCDIR)/
	for p in $(INSTALLED_BINS); do \
		install -m 755 $(B)/bin/$$p $(DESTDIR)$(BINDIR)/; done
	@rm -f vmexit.pc

uninstall:
	rm -f $(addprefix $(DESTDIR)$(INCLUDEDIR)/vmexit/,$(notdir $(wildcard include/vmexit/*.h)))
	-rmdir $(DESTDIR)$(INCLUDEDIR)/vmexit
	rm -f $(DESTDIR)$(LIBDIR)/libvmexit.a $(DESTDIR)$(LIBDIR)/libvmexit.so \
		$(DESTDIR)$(LIBDIR)/$(SONAME) \
		$(DESTDIR)$(LIBDIR)/libvmexit.so.$(VERSION) \
		$(DESTDIR)$(PCDIR)/vmexit.pc
	for p in $(INSTALLED_BINS); do rm -f $(DESTDIR)$(BINDIR)/$$p; done

# make deps: install the packages (needs root), then run the demo.
deps: deps-install
	$(MAKE) demo

deps-install:
	@if [ "$$(id -u)" != 0 ]; then \
		echo "make deps: needs root (apt-get install)" >&2; exit 1; fi
	DEBIAN_FRONTEND=noninteractive apt-get update
	DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
		$(sort $(DEPS_PACKAGES))

# The demo; mk/*.mk may set DEMO_TARGET to something richer.
DEMO_TARGET ?= demo-mock
demo: $(DEMO_TARGET)

.PHONY: demo-mock
demo-mock: $(B)/bin/vmexit-mock-demo
	$(B)/bin/vmexit-mock-demo

clean:
	rm -rf build vmexit.pc

.SECONDARY:

-include $(shell find build -name '*.d' 2>/dev/null)
