#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# The source tarball and the Debian packages (issue #12): make dist gives
# the same bytes twice and exactly what git tracks; from that tarball,
# dpkg-buildpackage builds elf2dfu, libelf2dfu0 and libelf2dfu-dev, which
# lintian passes without an error, holding what each should.
# Usage: tests/install/debian.sh BUILD_DIR
BUILD=${1:-build}
. tests/e2e/lib.sh
MAKE=${MAKE:-make}
VERSION=$(sed -n 's/^#define E2D_VERSION "\(.*\)"/\1/p' include/elf2dfu/api.h)
TARBALL=$BUILD/elf2dfu-$VERSION.tar.gz

if ! git rev-parse --git-dir >/dev/null 2>&1; then
    echo "debian: skipped: not a git checkout (make dist packs what git tracks)"
    exit 0
fi

# --- make dist ---------------------------------------------------------------
"$MAKE" -s --no-print-directory dist BUILD="$BUILD" >"$T/dist.log" 2>&1 && cp "$TARBALL" "$T/first.tar.gz" ||
    bad "make dist: $(cat "$T/dist.log")"
sleep 1 # a timestamp that leaked in would now differ
"$MAKE" -s --no-print-directory dist BUILD="$BUILD" >"$T/dist.log" 2>&1 && cmp -s "$TARBALL" "$T/first.tar.gz" &&
    ok || bad "make dist twice: different bytes"
tar tzf "$TARBALL" | LC_ALL=C sort >"$T/listed"
git ls-files | sed "s|^|elf2dfu-$VERSION/|" | LC_ALL=C sort >"$T/tracked"
diff -u "$T/tracked" "$T/listed" >"$T/diff" && ok || bad "tarball contents: $(head -20 "$T/diff")"
tar tzvf "$TARBALL" | awk '$2 != "0/0"' | head -3 >"$T/owners"
[ -s "$T/owners" ] && bad "tarball owners not normalised: $(cat "$T/owners")" || ok

# The license travels with the source: LICENSE in the tarball, the SPDX tag
# in every source file (a new file without it fails here).
tar xzf "$TARBALL" -O "elf2dfu-$VERSION/LICENSE" 2>/dev/null | grep -q '^BSD 2-Clause License$' &&
    ok || bad "the tarball has no BSD-2-Clause LICENSE"
git ls-files | grep -vE '^tests/(corpus|data)/|/golden/' |
    grep -E '(\.(c|h|cpp|ld|sh|bash|py|mk|cmake|in|1|ini|map)|/Makefile|^Makefile|CMakeLists\.txt|debian/rules|\.ci/run)$' |
    while read -r f; do head -3 "$f" | grep -q 'SPDX-License-Identifier: BSD-2-Clause' || echo "$f"; done >"$T/unlicensed"
[ -s "$T/unlicensed" ] && bad "source files without the SPDX line: $(head -5 "$T/unlicensed")" || ok

# --- Packages from the tarball -------------------------------------------------
mkdir -p "$T/pkg"
tar xzf "$TARBALL" -C "$T/pkg"
(cd "$T/pkg/elf2dfu-$VERSION" && DEB_BUILD_OPTIONS=nocheck dpkg-buildpackage -us -uc -b) >"$T/deb.log" 2>&1 &&
    ok || bad "dpkg-buildpackage: $(tail -30 "$T/deb.log")"
ARCH=$(dpkg --print-architecture)
MA=$(dpkg-architecture -qDEB_HOST_MULTIARCH)
lintian --fail-on none "$T/pkg/elf2dfu_${VERSION}-1_$ARCH.changes" >"$T/lintian.log" 2>&1
# The only expected tag: this is no upload to Debian, so no ITP bug is closed.
grep -E '^[EW]:' "$T/lintian.log" | grep -v ': initial-upload-closes-no-bugs ' >"$T/tags"
[ -s "$T/tags" ] && bad "lintian: $(cat "$T/tags")" || ok
grep -q '^E:' "$T/lintian.log" && bad "lintian errors: $(grep '^E:' "$T/lintian.log")" || ok

# contents PACKAGE PATH...: the package holds exactly these files.
contents() {
    local pkg=$1
    shift
    dpkg-deb -c "$T/pkg/${pkg}_${VERSION}-1_$ARCH.deb" 2>/dev/null | awk '$1 !~ /^d/ {print $6}' |
        sed 's|^\./|/|' | grep -v '^/usr/share/doc/' | LC_ALL=C sort >"$T/has"
    printf '%s\n' "$@" | LC_ALL=C sort >"$T/want"
    diff -u "$T/want" "$T/has" >"$T/diff" && ok || bad "$pkg contents: $(cat "$T/diff")"
}
contents elf2dfu /usr/bin/elf2dfu /usr/share/bash-completion/completions/elf2dfu \
    /usr/share/elf2dfu/elf2dfu.mk /usr/share/man/man1/elf2dfu.1.gz
contents libelf2dfu0 "/usr/lib/$MA/libelf2dfu.so.$VERSION" "/usr/lib/$MA/libelf2dfu.so.${VERSION%%.*}"
headers=()
for h in include/elf2dfu/*.h; do headers+=("/usr/$h"); done
contents libelf2dfu-dev "${headers[@]}" "/usr/lib/$MA/libelf2dfu.a" "/usr/lib/$MA/libelf2dfu.so" \
    "/usr/lib/$MA/pkgconfig/elf2dfu.pc" "/usr/lib/$MA/cmake/elf2dfu/elf2dfu-config.cmake" \
    "/usr/lib/$MA/cmake/elf2dfu/elf2dfu-config-version.cmake"
dpkg-deb -f "$T/pkg/libelf2dfu-dev_${VERSION}-1_$ARCH.deb" Depends | grep -q "libelf2dfu0 (= ${VERSION}-1)" &&
    ok || bad "libelf2dfu-dev does not depend on its library"
for p in elf2dfu libelf2dfu0 libelf2dfu-dev; do
    dpkg-deb --fsys-tarfile "$T/pkg/${p}_${VERSION}-1_$ARCH.deb" | tar xO "./usr/share/doc/$p/copyright" 2>/dev/null |
        grep -q '^License: BSD-2-Clause$' && ok || bad "$p: /usr/share/doc/$p/copyright does not name BSD-2-Clause"
done
# Unpacked, the tool runs and the pkg-config file names the multiarch paths.
for d in "$T"/pkg/*.deb; do dpkg -x "$d" "$T/root"; done
LD_LIBRARY_PATH=$T/root/usr/lib/$MA "$T/root/usr/bin/elf2dfu" --version | grep -q "^elf2dfu $VERSION$" && ok ||
    bad "packaged elf2dfu --version"
grep -L 'SPDX-License-Identifier: BSD-2-Clause' "$T/root/usr/lib/$MA/pkgconfig/elf2dfu.pc" \
    "$T/root/usr/lib/$MA/cmake/elf2dfu/elf2dfu-config.cmake" >"$T/unnamed"
[ -s "$T/unnamed" ] && bad "packaged files that name no license: $(cat "$T/unnamed")" || ok
grep -q "^libdir=\${prefix}/lib/$MA\$" "$T/root/usr/lib/$MA/pkgconfig/elf2dfu.pc" && ok ||
    bad "packaged elf2dfu.pc: $(cat "$T/root/usr/lib/$MA/pkgconfig/elf2dfu.pc")"

e2e_summary debian
