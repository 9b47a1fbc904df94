# SPDX-License-Identifier: BSD-2-Clause
# elf2dfu — see README.md. `make check` and `make demo` install what is
# missing (scripts/deps.sh), then re-enter make so pkg-config sees it.

CC      ?= cc
BUILD   ?= build
PREFIX  ?= /usr/local
LIBDIR  ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
BINDIR  ?= $(PREFIX)/bin
DATADIR ?= $(PREFIX)/share
MANDIR  ?= $(DATADIR)/man
COMPLETIONDIR ?= $(DATADIR)/bash-completion/completions
CMAKEDIR ?= $(LIBDIR)/cmake/elf2dfu
DESTDIR ?=
SAN     ?=

PKGS      := libelf libisal
WARN      := -Wall -Wextra -Wpedantic -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes
CPPFLAGS  += -Iinclude -D_DEFAULT_SOURCE
CFLAGS    ?= -O2 -g
CFLAGS    += -std=c11 $(WARN) -pthread
LDFLAGS   += -pthread
ifeq ($(SAN),1)
CFLAGS    += -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
LDFLAGS   += -fsanitize=address,undefined
endif
ifeq ($(SAN),fuzz)
CFLAGS    += -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
LDFLAGS   += -fsanitize=fuzzer,address,undefined
endif
CLI_PKGS  := jansson
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) $(CLI_PKGS))
CLI_LIBS   = $(shell pkg-config --libs $(CLI_PKGS))
PKG_LIBS   = $(shell pkg-config --libs $(PKGS))
TEST_LIBS  = $(shell pkg-config --libs cmocka zlib)

# The library, one folder per concern (load, map, device, plan, dfuse,
# check, io, export, core); its private headers are in src/.
LIB_SRC  := $(wildcard src/*/*.c)
LIB_SRC  := $(filter-out src/cli/%,$(LIB_SRC))
CLI_SRC  := $(wildcard src/cli/*.c)
UNIT_SRC := $(wildcard tests/unit/test_*.c)
TOOL_SRC := $(wildcard tests/tools/*.c)
TCOM_SRC := $(wildcard tests/common/*.c)
FUZZ_SRC := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_NAMES := $(FUZZ_SRC:tests/fuzz/fuzz_%.c=%)

LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/obj/%.o)
# Only E2D_API is exported (include/elf2dfu/api.h); position-independent
# for the shared library.
$(LIB_OBJ): CPPFLAGS += -Isrc -DE2D_BUILDING
$(LIB_OBJ): CFLAGS += -fvisibility=hidden -fPIC
CLI_OBJ  := $(CLI_SRC:%.c=$(BUILD)/obj/%.o)
LIB      := $(BUILD)/libelf2dfu.a
# The soname's number is the ABI's (E2D_VERSION_MAJOR in api.h).
VERSION  := $(shell sed -n 's/^\#define E2D_VERSION "\(.*\)"/\1/p' include/elf2dfu/api.h)
SOMAJOR  := $(shell sed -n 's/^\#define E2D_VERSION_MAJOR \([0-9]*\)/\1/p' include/elf2dfu/api.h)
SONAME   := libelf2dfu.so.$(SOMAJOR)
SHLIB    := $(BUILD)/libelf2dfu.so.$(VERSION)
BIN      := $(BUILD)/elf2dfu
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
TOOL_BIN := $(TOOL_SRC:tests/tools/%.c=$(BUILD)/tools/%)
TCOM_OBJ := $(TCOM_SRC:%.c=$(BUILD)/obj/%.o)
REPLAY_BIN := $(FUZZ_NAMES:%=$(BUILD)/replay/%)
FUZZ_BIN := $(FUZZ_NAMES:%=$(BUILD)/fuzz/%)
FUZZ_SECONDS ?= 60
BENCH_RUNS ?= 11

.PHONY: FORCE dist check-valgrind all deps deps-test check demo test unit e2e install-test corpus fuzz fuzz-build bench fixtures golden install uninstall clean

PACKAGE_FILES := $(BUILD)/elf2dfu.pc $(BUILD)/cmake/elf2dfu-config.cmake \
    $(BUILD)/cmake/elf2dfu-config-version.cmake

all: $(BIN) $(LIB) $(SHLIB) $(PACKAGE_FILES)

# What building needs (make demo), and what the tests need besides (make check).
deps:
	@./scripts/deps.sh

deps-test:
	@./scripts/deps.sh --test

# The full suite, plain and under ASan+UBSan; the code must also build
# warning-free with clang where it is installed.
check: deps-test
	@if command -v clang >/dev/null; then \
	    echo "== clang -Werror build"; \
	    $(MAKE) -s --no-print-directory all $(UNIT_BIN:build/%=build/clang/%) CC=clang BUILD=build/clang; fi
	@$(MAKE) --no-print-directory test BUILD=build
	@$(MAKE) --no-print-directory test BUILD=build/asan SAN=1
	@$(MAKE) --no-print-directory check-valgrind

# The end-to-end suites once more, every elf2dfu run under memcheck: zero
# errors and zero leaks, or it fails.
check-valgrind: deps-test $(BIN) $(TOOL_BIN) $(README_EXAMPLE)
	@VALGRIND=1 tests/e2e/malformed.sh $(BUILD)
	@VALGRIND=1 tests/e2e/run.sh $(BUILD)
	@VALGRIND=1 tests/e2e/hostile.sh $(BUILD)
	@VALGRIND=1 tests/e2e/devices.sh $(BUILD)
	@VALGRIND=1 tests/e2e/formats.sh $(BUILD)

test: unit corpus e2e $(if $(SAN),,install-test)

# make install into a staging directory, then programs built through
# pkg-config against it, and the CMake, Make and PlatformIO recipes; the
# source tarball and the Debian packages built from it (not under the
# sanitizers: the programs they build are ordinary ones).
install-test: $(BIN) $(LIB) $(SHLIB) $(PACKAGE_FILES)
	@tests/install/install.sh $(BUILD)
	@tests/install/buildsys.sh $(BUILD)
	@tests/install/debian.sh $(BUILD)

# The fuzzers' committed corpus (seeds and minimised crashers), replayed
# through the ordinary build: no libFuzzer runtime needed.
corpus: $(REPLAY_BIN)
	@set -e; for t in $(FUZZ_NAMES); do $(BUILD)/replay/$$t tests/corpus/$$t/*; done

# make fuzz FUZZ_SECONDS=N: each libFuzzer target for N seconds (clang).
# New inputs go to build/fuzz-corpus/; crashes to build/fuzz-artifacts/.
fuzz:
	@./scripts/deps.sh --fuzz
	@$(MAKE) --no-print-directory fuzz-build CC=clang BUILD=build/libfuzzer SAN=fuzz
	@set -e; for t in $(FUZZ_NAMES); do \
	    mkdir -p build/fuzz-corpus/$$t build/fuzz-artifacts/$$t; \
	    echo "== fuzz $$t for $(FUZZ_SECONDS) s"; \
	    build/libfuzzer/fuzz/$$t -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
	        -artifact_prefix=build/fuzz-artifacts/$$t/ build/fuzz-corpus/$$t tests/corpus/$$t; \
	done

fuzz-build: $(FUZZ_BIN)

# Timings against cp and objcopy, peak RSS, callgrind instruction count.
# Not part of check: numbers are not assertions.
bench:
	@./scripts/deps.sh --bench
	@$(MAKE) -s --no-print-directory all build/tools/mkelf build/tools/mkhex build/bench/libelf_floor
	@bench/bench.sh build $(BENCH_RUNS)

$(BUILD)/bench/libelf_floor: $(BUILD)/obj/bench/libelf_floor.o
	@mkdir -p $(dir $@)
	@$(CC) $(LDFLAGS) -o $@ $< $(PKG_LIBS)

unit: $(UNIT_BIN)
	@set -e; for t in $(UNIT_BIN); do echo "== $$t"; $$t; done

# The README's library example, compiled exactly as printed there.
README_EXAMPLE := $(BUILD)/readme/fw2dfu

$(BUILD)/readme/fw2dfu.c: README.md
	@mkdir -p $(dir $@)
	@awk '/^```c$$/ {on = 1; next} /^```$$/ {on = 0} on' $< >$@

$(README_EXAMPLE): $(BUILD)/readme/fw2dfu.c $(LIB)
	@$(CC) $(CPPFLAGS) $(PKG_CFLAGS) $(CFLAGS) -o $@ $< $(LDFLAGS) $(LIB) $(PKG_LIBS)

e2e: $(BIN) $(TOOL_BIN) $(README_EXAMPLE)
	@tests/e2e/malformed.sh $(BUILD)
	@tests/e2e/run.sh $(BUILD)
	@tests/e2e/hostile.sh $(BUILD)
	@tests/e2e/devices.sh $(BUILD)
	@tests/e2e/formats.sh $(BUILD)
	@tests/e2e/docs.sh $(BUILD)

demo: deps
	@$(MAKE) -s --no-print-directory all
	@echo "\$$ $(BIN) -v fixtures/otp.elf -o $(BUILD)/otp.dfu"
	@$(BIN) -v fixtures/otp.elf -o $(BUILD)/otp.dfu
	@echo
	@echo "\$$ $(BIN) inspect -d stm32f722xe $(BUILD)/otp.dfu"
	@$(BIN) inspect -d stm32f722xe $(BUILD)/otp.dfu
	@echo
	@echo "\$$ $(BIN) verify $(BUILD)/otp.dfu fixtures/otp.elf"
	@$(BIN) verify $(BUILD)/otp.dfu fixtures/otp.elf

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(CPPFLAGS) $(PKG_CFLAGS) $(CFLAGS) -MMD -MP -c $< -o $@

# Rebuilt whole: ar would keep members of sources that no longer exist.
$(LIB): $(LIB_OBJ)
	@mkdir -p $(dir $@)
	@rm -f $@
	@$(AR) rcs $@ $^

$(SHLIB): $(LIB_OBJ) src/libelf2dfu.map
	@echo "  LD      $@"
	@$(CC) $(LDFLAGS) -shared -Wl,-soname,$(SONAME) -Wl,--version-script=src/libelf2dfu.map \
	    -Wl,--no-undefined -o $@ $(LIB_OBJ) $(PKG_LIBS)
	@ln -sf $(notdir $@) $(BUILD)/$(SONAME)
	@ln -sf $(SONAME) $(BUILD)/libelf2dfu.so

# Files that name the install directories are remade when a directory
# changes: the stamp's content is the directories.
INSTALL_DIRS := $(PREFIX) $(BINDIR) $(LIBDIR) $(INCLUDEDIR) $(DATADIR) $(MANDIR) \
    $(COMPLETIONDIR) $(CMAKEDIR)
$(BUILD)/install-dirs: FORCE
	@mkdir -p $(dir $@)
	@echo '$(INSTALL_DIRS)' | cmp -s - $@ || echo '$(INSTALL_DIRS)' >$@

# Directories under the prefix are written relative to it, so that
# pkg-config --define-prefix can relocate the tree.
under_prefix = $(patsubst $(PREFIX)/%,$${prefix}/%,$(1))
$(BUILD)/elf2dfu.pc: elf2dfu.pc.in include/elf2dfu/api.h $(BUILD)/install-dirs
	@sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(call under_prefix,$(LIBDIR))|' \
	    -e 's|@INCLUDEDIR@|$(call under_prefix,$(INCLUDEDIR))|' -e 's|@VERSION@|$(VERSION)|' \
	    -e 's|@DATADIR@|$(call under_prefix,$(DATADIR))|' $< >$@

# The CMake package finds the prefix from its own place (relocatable), so
# every directory is written relative.
relative = $(shell realpath -m --relative-to=$(1) $(2))
$(BUILD)/cmake/%.cmake: cmake/%.cmake.in include/elf2dfu/api.h $(BUILD)/install-dirs
	@mkdir -p $(dir $@)
	@sed -e 's|@CMAKE_TO_PREFIX@|$(call relative,$(CMAKEDIR),$(PREFIX))|' \
	    -e 's|@INCLUDEDIR_REL@|$(call relative,$(PREFIX),$(INCLUDEDIR))|' \
	    -e 's|@BINDIR_REL@|$(call relative,$(PREFIX),$(BINDIR))|' \
	    -e 's|@LIBDIR_REL@|$(call relative,$(PREFIX),$(LIBDIR))|' \
	    -e 's|@VERSION@|$(VERSION)|' -e 's|@SOMAJOR@|$(SOMAJOR)|' $< >$@

FORCE:

$(BIN): $(CLI_OBJ) $(LIB)
	@echo "  LD      $@"
	@$(CC) $(LDFLAGS) -o $@ $(CLI_OBJ) $(LIB) $(PKG_LIBS) $(CLI_LIBS)

# Every allocation the library makes fails in turn: see test_nomem.c.
$(BUILD)/tests/test_nomem: LDFLAGS += -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc

$(BUILD)/tests/%: $(BUILD)/obj/tests/unit/%.o $(TCOM_OBJ) $(LIB)
	@mkdir -p $(dir $@)
	@$(CC) $(LDFLAGS) -o $@ $< $(TCOM_OBJ) $(LIB) $(PKG_LIBS) $(TEST_LIBS)

# Test-side tools use libelf directly, never libelf2dfu: an independent oracle.
$(BUILD)/tools/%: $(BUILD)/obj/tests/tools/%.o $(TCOM_OBJ)
	@mkdir -p $(dir $@)
	@$(CC) $(LDFLAGS) -o $@ $< $(TCOM_OBJ) $(PKG_LIBS) $(shell pkg-config --libs zlib)

$(BUILD)/replay/%: $(BUILD)/obj/tests/fuzz/fuzz_%.o $(BUILD)/obj/tests/fuzz/replay.o $(LIB)
	@mkdir -p $(dir $@)
	@$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

$(BUILD)/fuzz/%: $(BUILD)/obj/tests/fuzz/fuzz_%.o $(LIB)
	@mkdir -p $(dir $@)
	@$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

# Rebuilds the committed fixture ELFs; needs arm-none-eabi-gcc. Tests never do.
fixtures:
	@$(MAKE) --no-print-directory -C fixtures/src

# Regenerates the golden .dfu files from the committed fixtures. Review the
# diff before committing: these are what the e2e tests hold the tool to.
golden: $(BIN)
	@tests/e2e/golden.sh $(BUILD)

# Everything a user of the tool or the library expects where it expects
# it; DESTDIR stages it (packaging), PREFIX and the *DIR variables place it.
install: $(BIN) $(LIB) $(SHLIB) $(PACKAGE_FILES)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR)/pkgconfig $(DESTDIR)$(INCLUDEDIR)/elf2dfu
	install -m 755 $(BIN) $(DESTDIR)$(BINDIR)/elf2dfu
	install -m 644 $(SHLIB) $(DESTDIR)$(LIBDIR)/
	ln -sf $(notdir $(SHLIB)) $(DESTDIR)$(LIBDIR)/$(SONAME)
	ln -sf $(SONAME) $(DESTDIR)$(LIBDIR)/libelf2dfu.so
	install -m 644 $(LIB) $(DESTDIR)$(LIBDIR)/libelf2dfu.a
	install -m 644 include/elf2dfu/*.h $(DESTDIR)$(INCLUDEDIR)/elf2dfu/
	install -m 644 $(BUILD)/elf2dfu.pc $(DESTDIR)$(LIBDIR)/pkgconfig/elf2dfu.pc
	install -d $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(COMPLETIONDIR)
	install -m 644 doc/elf2dfu.1 $(DESTDIR)$(MANDIR)/man1/elf2dfu.1
	install -m 644 completion/elf2dfu.bash $(DESTDIR)$(COMPLETIONDIR)/elf2dfu
	install -d $(DESTDIR)$(CMAKEDIR) $(DESTDIR)$(DATADIR)/elf2dfu
	install -m 644 $(BUILD)/cmake/elf2dfu-config.cmake $(BUILD)/cmake/elf2dfu-config-version.cmake \
	    $(DESTDIR)$(CMAKEDIR)/
	install -m 644 make/elf2dfu.mk $(DESTDIR)$(DATADIR)/elf2dfu/elf2dfu.mk

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/elf2dfu
	rm -f $(DESTDIR)$(LIBDIR)/libelf2dfu.so* $(DESTDIR)$(LIBDIR)/libelf2dfu.a
	rm -f $(DESTDIR)$(LIBDIR)/pkgconfig/elf2dfu.pc
	rm -rf $(DESTDIR)$(INCLUDEDIR)/elf2dfu
	rm -f $(DESTDIR)$(MANDIR)/man1/elf2dfu.1 $(DESTDIR)$(COMPLETIONDIR)/elf2dfu
	rm -rf $(DESTDIR)$(CMAKEDIR) $(DESTDIR)$(DATADIR)/elf2dfu

# The source tarball of what git tracks, byte for byte the same on every
# run: names sorted, owner and modes normalised, every time the last
# commit's, gzip without a timestamp.
DIST := elf2dfu-$(VERSION)
dist:
	@git rev-parse --git-dir >/dev/null 2>&1 || { echo "make dist: needs a git checkout" >&2; exit 1; }
	@mkdir -p $(BUILD)
	@rm -f $(BUILD)/$(DIST).tar $(BUILD)/$(DIST).tar.gz
	@git ls-files -z | LC_ALL=C sort -z | \
	    tar --null --no-recursion --transform 'flags=r;s|^|$(DIST)/|' --sort=name --format=gnu \
	        --mtime=@$$(git log -1 --format=%ct) --owner=0 --group=0 --numeric-owner \
	        --mode=u+rw,go-w,a+rX -cf $(BUILD)/$(DIST).tar -T -
	@gzip -n -9 $(BUILD)/$(DIST).tar
	@echo $(BUILD)/$(DIST).tar.gz

clean:
	rm -rf build

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)
.SECONDARY:
