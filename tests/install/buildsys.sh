#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# The post-link step in other people's builds (issue #12): the installed
# CMake package, Make snippet and PlatformIO script, used as their users
# use them. The firmware builds need arm-none-eabi-gcc and say so when it
# is missing; the rest runs everywhere.
# Usage: tests/install/buildsys.sh BUILD_DIR
BUILD=${1:-build}
. tests/e2e/lib.sh
MAKE=${MAKE:-make}
PREFIX=$T/prefix
SRC=$PWD
if ! "$MAKE" -s --no-print-directory install BUILD="$BUILD" PREFIX="$PREFIX" >"$T/install.log" 2>&1; then
    bad "make install: $(tail -5 "$T/install.log")"
    e2e_summary buildsys
    exit 1
fi
export PATH=$PREFIX/bin:$PATH PKG_CONFIG_PATH=$PREFIX/lib/pkgconfig LD_LIBRARY_PATH=$PREFIX/lib
export CMAKE_PREFIX_PATH=$PREFIX
# Quiet configure and build; the log is shown when a step fails.
cmake_build() { # SRC_DIR BUILD_DIR [cmake options...]
    local src=$1 out=$2
    shift 2
    cmake -S "$src" -B "$out" "$@" >"$T/cmake.log" 2>&1 && cmake --build "$out" >>"$T/cmake.log" 2>&1
}

# --- CMake: the library target, versions, a move of the whole tree ----------
mkdir -p "$T/host"
cat >"$T/host/CMakeLists.txt" <<EOS
cmake_minimum_required(VERSION 3.20)
project(user CXX)
find_package(elf2dfu \${WANT} REQUIRED)
add_executable(user $SRC/tests/install/user.cpp)
target_link_libraries(user PRIVATE elf2dfu::elf2dfu)
EOS
VERSION=$(sed -n 's/^#define E2D_VERSION "\(.*\)"/\1/p' include/elf2dfu/api.h)
expect="$VERSION stm32f405xg: 325 bytes, 1 target(s), first element at 0x08000000"
cmake_build "$T/host" "$T/host-build" -DWANT=0.1 && [ "$("$T/host-build/user")" = "$expect" ] && ok ||
    bad "CMake: a program linked with elf2dfu::elf2dfu: $(tail -20 "$T/cmake.log")"
ldd "$T/host-build/user" | grep -q "libelf2dfu.so.0 => $PREFIX/lib/" && ok || bad "CMake: not the installed library"
for want in 0.99 1.0; do
    cmake -S "$T/host" -B "$T/host-$want" -DWANT=$want >"$T/cmake.log" 2>&1 &&
        bad "CMake: find_package(elf2dfu $want) accepted $VERSION" || ok
done
mv "$PREFIX" "$T/moved"
CMAKE_PREFIX_PATH=$T/moved LD_LIBRARY_PATH=$T/moved/lib cmake_build "$T/host" "$T/host-moved" &&
    [ "$(LD_LIBRARY_PATH=$T/moved/lib "$T/host-moved/user")" = "$expect" ] && ok ||
    bad "CMake: the installed tree moved elsewhere: $(tail -20 "$T/cmake.log")"
mv "$T/moved" "$PREFIX"

# --- CMake: elf2dfu_add_dfu runs after the link ------------------------------
# On a host program the step runs and fails the build with elf2dfu's reason.
mkdir -p "$T/wrong"
cat >"$T/wrong/CMakeLists.txt" <<EOS
cmake_minimum_required(VERSION 3.20)
project(wrong C)
find_package(elf2dfu REQUIRED)
file(WRITE \${CMAKE_BINARY_DIR}/main.c "int main(void) { return 0; }\n")
add_executable(hostprog \${CMAKE_BINARY_DIR}/main.c)
elf2dfu_add_dfu(hostprog DEVICE stm32f405rg OUTPUT out/host.dfu)
EOS
cmake_build "$T/wrong" "$T/wrong-build" && bad "CMake: a host program became a .dfu" ||
    { grep -q "hostprog: built for x86-64, not for a microcontroller" "$T/cmake.log" &&
        [ ! -e "$T/wrong-build/out/host.dfu" ] && ok || bad "CMake: wrong-architecture step: $(tail -20 "$T/cmake.log")"; }
cat >"$T/wrong/CMakeLists.txt" <<EOS
cmake_minimum_required(VERSION 3.20)
project(wrong C)
find_package(elf2dfu REQUIRED)
elf2dfu_add_dfu(nosuchtarget)
EOS
cmake -S "$T/wrong" -B "$T/wrong-build2" >"$T/cmake.log" 2>&1 && bad "CMake: elf2dfu_add_dfu on no target" ||
    { grep -q "elf2dfu_add_dfu: no target named 'nosuchtarget'" "$T/cmake.log" && ok || bad "CMake: $(tail "$T/cmake.log")"; }

# --- The Make snippet ----------------------------------------------------------
mkdir -p "$T/mk"
cp fixtures/multi-m4.elf "$T/mk/app.elf"
printf 'ELF2DFU_DEVICE = stm32f405rg\ninclude $(shell pkg-config --variable=elf2dfu_mk elf2dfu)\nall: app.dfu\n' \
    >"$T/mk/Makefile"
"$BIN" -q -d stm32f405rg fixtures/multi-m4.elf -o "$T/expected.dfu"
"$MAKE" -s -C "$T/mk" >"$T/make.log" 2>&1 && cmp -s "$T/mk/app.dfu" "$T/expected.dfu" && ok ||
    bad "Make snippet: $(cat "$T/make.log")"
"$MAKE" -s -C "$T/mk" >"$T/make.log" 2>&1 && [ ! -s "$T/make.log" ] && ok || bad "Make snippet: not up to date: $(cat "$T/make.log")"

# --- PlatformIO: the extra script under a stand-in for SCons' environment ----
if command -v python3 >/dev/null; then
    mkdir -p "$T/pio/.pio/build/disco"
    cp fixtures/multi-m4.elf "$T/pio/.pio/build/disco/firmware.elf"
    python3 - "$SRC/examples/platformio/elf2dfu_post.py" "$T/pio/.pio/build/disco" >"$T/pio.log" 2>&1 <<'EOS'
import subprocess, sys
script, build_dir = sys.argv[1], sys.argv[2]
class Board:
    def get(self, key, default=None):
        return {"build.mcu": "stm32f407vgt6"}.get(key, default)
class Env:
    actions = []
    def BoardConfig(self): return Board()
    def GetProjectOption(self, name, default=None): return default
    def VerboseAction(self, command, message): return (command, message)
    def AddPostAction(self, target, action): self.actions.append((target, action))
    def subst(self, s):
        return s.replace("$BUILD_DIR", build_dir).replace("${PROGNAME}", "firmware")
env = Env()
exec(open(script).read(), {"Import": lambda name: None, "env": env})
assert len(env.actions) == 1, env.actions
target, (command, message) = env.actions[0]
assert env.subst(target).endswith("/firmware.elf"), target
print(env.subst(message))
sys.exit(subprocess.call(env.subst(command), shell=True))
EOS
    [ $? = 0 ] && grep -q "^Writing $T/pio/.pio/build/disco/firmware.dfu$" "$T/pio.log" &&
        "$BIN" verify -d stm32f407vg "$T/pio/.pio/build/disco/firmware.dfu" fixtures/multi-m4.elf >/dev/null &&
        ok || bad "PlatformIO script: $(cat "$T/pio.log")"
else
    echo "buildsys: skipped: the PlatformIO script (python3 is not installed)"
fi

# --- Firmware built with arm-none-eabi-gcc, through CMake and Make -----------
if command -v arm-none-eabi-gcc >/dev/null; then
    cp -r examples "$T/examples"
    cmake_build "$T/examples/cmake" "$T/fw-cmake" -DCMAKE_TOOLCHAIN_FILE="$T/examples/cmake/arm-none-eabi.cmake" &&
        [ -s "$T/fw-cmake/blinky.dfu" ] &&
        "$BIN" verify -d stm32f405rg "$T/fw-cmake/blinky.dfu" "$T/fw-cmake/blinky.elf" >/dev/null &&
        ok || bad "CMake firmware build: $(tail -20 "$T/cmake.log")"
    "$MAKE" -s -C "$T/examples/make" >"$T/make.log" 2>&1 && [ -s "$T/examples/make/blinky.dfu" ] &&
        "$BIN" verify -d stm32f405rg "$T/examples/make/blinky.dfu" "$T/examples/make/blinky.elf" >/dev/null &&
        ok || bad "Make firmware build: $(cat "$T/make.log")"
    # Both build the same firmware into the same file.
    cmp -s "$T/fw-cmake/blinky.dfu" "$T/examples/make/blinky.dfu" && ok ||
        bad "CMake and Make built different .dfu files"
else
    echo "buildsys: skipped: firmware builds through CMake and Make (arm-none-eabi-gcc is not installed)"
fi

e2e_summary buildsys
