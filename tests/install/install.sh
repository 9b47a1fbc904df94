#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# The library and the tool installed as a user meets them (issue #12):
# make install into a staging directory, then programs built only through
# pkg-config against what was installed, shared and static, C and C++.
# Usage: tests/install/install.sh BUILD_DIR
BUILD=${1:-build}
. tests/e2e/lib.sh
MAKE=${MAKE:-make}
ROOT=$T/root
PREFIX=/usr/local
LIBDIR=$ROOT$PREFIX/lib
INC=$ROOT$PREFIX/include
export PKG_CONFIG_PATH=$LIBDIR/pkgconfig PKG_CONFIG_SYSROOT_DIR=$ROOT
VERSION=$(sed -n 's/^#define E2D_VERSION "\(.*\)"/\1/p' include/elf2dfu/api.h)
MAJOR=${VERSION%%.*}

if ! "$MAKE" -s --no-print-directory install BUILD="$BUILD" DESTDIR="$ROOT" PREFIX="$PREFIX" \
    >"$T/install.log" 2>&1; then
    bad "make install: $(tail -5 "$T/install.log")"
    e2e_summary install
    exit 1
fi

# --- What lands where ---------------------------------------------------------
(cd "$ROOT" && find . -type f -o -type l | sort) >"$T/files"
{
    echo ./usr/local/bin/elf2dfu
    for h in include/elf2dfu/*.h; do echo "./usr/local/$h"; done
    echo ./usr/local/lib/libelf2dfu.a
    echo ./usr/local/lib/libelf2dfu.so
    echo "./usr/local/lib/libelf2dfu.so.$MAJOR"
    echo "./usr/local/lib/libelf2dfu.so.$VERSION"
    echo ./usr/local/lib/pkgconfig/elf2dfu.pc
    echo ./usr/local/lib/cmake/elf2dfu/elf2dfu-config.cmake
    echo ./usr/local/lib/cmake/elf2dfu/elf2dfu-config-version.cmake
    echo ./usr/local/share/elf2dfu/elf2dfu.mk
    echo ./usr/local/share/bash-completion/completions/elf2dfu
    echo ./usr/local/share/man/man1/elf2dfu.1
} | sort >"$T/expected"
diff -u "$T/expected" "$T/files" >"$T/diff" && ok || bad "installed files: $(cat "$T/diff")"
[ "$(readlink "$LIBDIR/libelf2dfu.so")" = "libelf2dfu.so.$MAJOR" ] &&
    [ "$(readlink "$LIBDIR/libelf2dfu.so.$MAJOR")" = "libelf2dfu.so.$VERSION" ] && ok ||
    bad "library symlinks: $(ls -l "$LIBDIR")"
readelf -d "$LIBDIR/libelf2dfu.so.$VERSION" | grep -q "Library soname: \[libelf2dfu.so.$MAJOR\]" &&
    ok || bad "soname: $(readelf -d "$LIBDIR/libelf2dfu.so.$VERSION" | grep -i soname)"
"$ROOT$PREFIX/bin/elf2dfu" --version | grep -q "^elf2dfu $VERSION\$" && ok ||
    bad "installed elf2dfu --version: $("$ROOT$PREFIX/bin/elf2dfu" --version 2>&1)"
[ "$(pkg-config --modversion elf2dfu)" = "$VERSION" ] && ok || bad "pkg-config --modversion"
MANPATH=$ROOT$PREFIX/share/man man -w elf2dfu 2>/dev/null | grep -q "^$ROOT$PREFIX/share/man/man1/elf2dfu.1" &&
    ok || bad "man elf2dfu does not find the installed page"

# --- The ABI: exactly the functions the public headers declare ---------------
# gcc -aux-info lists every function a translation unit declares, with the
# header that declares it: those of include/elf2dfu/ are the API.
echo '#include <elf2dfu/elf2dfu.h>' |
    gcc -std=c11 -fsyntax-only -aux-info "$T/aux" -I"$INC" -x c - 2>"$T/stderr" || bad "aux-info: $(cat "$T/stderr")"
grep "/include/elf2dfu/" "$T/aux" | sed 's/ *(.*//; s/.*[ *]//' | sort -u >"$T/declared"
nm -D --defined-only --format=posix "$LIBDIR/libelf2dfu.so.$VERSION" |
    awk '$2 != "A" {sub(/@.*/, "", $1); print $1}' | sort -u >"$T/exported"
[ "$(wc -l <"$T/declared")" -gt 80 ] && ok || bad "aux-info found only $(wc -l <"$T/declared") declarations"
diff -u "$T/declared" "$T/exported" >"$T/diff" && ok ||
    bad "exported symbols differ from the headers' functions (-declared +exported): $(cat "$T/diff")"
grep -v '^e2d_' "$T/exported" >"$T/unprefixed" && bad "unprefixed exports: $(cat "$T/unprefixed")" || ok
# The static library holds no unprefixed global either.
nm --defined-only --extern-only --format=posix "$LIBDIR/libelf2dfu.a" 2>/dev/null |
    awk 'NF >= 2 && $2 ~ /^[TDRBC]$/ && $1 !~ /^e2d_/ {print $1}' >"$T/unprefixed"
[ -s "$T/unprefixed" ] && bad "libelf2dfu.a: unprefixed globals: $(head "$T/unprefixed")" || ok

# --- Each header stands alone, in C and in C++ --------------------------------
for h in "$INC"/elf2dfu/*.h; do
    n=$(basename "$h")
    echo "#include <elf2dfu/$n>" | gcc -std=c11 -Wall -Wextra -Wpedantic -Werror -fsyntax-only \
        -I"$INC" -x c - 2>"$T/stderr" && ok || bad "$n alone in C: $(head -5 "$T/stderr")"
    echo "#include <elf2dfu/$n>" | g++ -std=c++11 -Wall -Wextra -Wpedantic -Werror -fsyntax-only \
        -I"$INC" -x c++ - 2>"$T/stderr" && ok || bad "$n alone in C++: $(head -5 "$T/stderr")"
done
# The sink and span types do not drag in the output file or the comparator.
for h in span.h export.h dfuse.h plan.h; do
    echo "#include <elf2dfu/$h>" | gcc -std=c11 -E -I"$INC" -x c - |
        grep -q '^# [0-9]* ".*elf2dfu/\(output\|compare\)\.h"' &&
        bad "$h includes output.h or compare.h" || ok
done

# --- The README's example, compiled by the command its first line gives ------
mkdir -p "$T/readme"
awk '/^```c$/ {on = 1; next} /^```$/ {on = 0} on' README.md >"$T/readme/fw2dfu.c"
cmd=$(sed -n '1s|^/\* fw2dfu.c: \(.*\) \*/$|\1|p' "$T/readme/fw2dfu.c")
case $cmd in
"cc fw2dfu.c \$(pkg-config --cflags --libs elf2dfu) -o fw2dfu") ok ;;
*) bad "README example: first line does not give the build command: $(head -1 "$T/readme/fw2dfu.c")" ;;
esac
(cd "$T/readme" && eval "$cmd") 2>"$T/stderr" && ok || bad "README example build: $(head -5 "$T/stderr")"
readelf -d "$T/readme/fw2dfu" 2>/dev/null | grep -q "NEEDED.*\[libelf2dfu.so.$MAJOR\]" && ok ||
    bad "README example does not use the shared library"
LD_LIBRARY_PATH=$LIBDIR "$T/readme/fw2dfu" fixtures/app.elf "$T/readme.dfu" 2>"$T/stderr" &&
    cmp -s "$T/readme.dfu" fixtures/app.dfu && ok || bad "README example run: $(cat "$T/stderr")"

# --- C++, shared and static ---------------------------------------------------
expect="$VERSION stm32f405xg: 325 bytes, 1 target(s), first element at 0x08000000"
# shellcheck disable=SC2046
g++ -std=c++11 -Wall -Wextra -Werror -o "$T/user" tests/install/user.cpp \
    $(pkg-config --cflags --libs elf2dfu) 2>"$T/stderr" && ok || bad "C++ shared build: $(head -5 "$T/stderr")"
out=$(LD_LIBRARY_PATH=$LIBDIR "$T/user" 2>&1)
[ "$out" = "$expect" ] && ok || bad "C++ shared run: $out"
# --static lists the private dependencies: the archive links with nothing else.
# shellcheck disable=SC2046
g++ -std=c++11 -Wall -Wextra -Werror -o "$T/user-static" tests/install/user.cpp \
    $(pkg-config --static --cflags --libs elf2dfu | sed 's/-lelf2dfu\b/-l:libelf2dfu.a/') \
    2>"$T/stderr" && ok || bad "C++ static build: $(head -5 "$T/stderr")"
readelf -d "$T/user-static" | grep -q 'NEEDED.*libelf2dfu' && bad "static build needs the .so" || ok
out=$("$T/user-static" 2>&1)
[ "$out" = "$expect" ] && ok || bad "C++ static run: $out"

# --- make uninstall takes it all away -----------------------------------------
"$MAKE" -s --no-print-directory uninstall BUILD="$BUILD" DESTDIR="$ROOT" PREFIX="$PREFIX" \
    >"$T/uninstall.log" 2>&1 || bad "make uninstall: $(tail -5 "$T/uninstall.log")"
left=$(cd "$ROOT" && find . -type f -o -type l)
[ -z "$left" ] && ok || bad "make uninstall left: $left"

e2e_summary install
