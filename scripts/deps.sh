#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Installs the Debian packages elf2dfu needs. Idempotent: does nothing (and
# needs no root) when everything is already there.
#   deps.sh           to build (make, make demo)
#   deps.sh --test    to build and run every test (make check)
#   deps.sh --fuzz    to build the libFuzzer targets (make fuzz)
#   deps.sh --bench   to run the benchmark (make bench)
set -eu

BUILD_PKGS="make gcc pkg-config libelf-dev libisal-dev libjansson-dev"
# dfu-util (dfu-suffix) and fwupd (fwupdtool) are the real DfuSe clients the
# end-to-end tests check the output against. strace (fault injection),
# procps (pgrep) and util-linux (setpriv) serve the output-safety and
# hostile-input tests; valgrind runs the end-to-end suites under memcheck;
# binutils' objcopy is the reference the HEX and S-record readers are
# compared with. g++ builds the install test's C++ program; man-db renders
# the man page with its warnings on; cmake and python3 run the CMake package
# and the PlatformIO script as their users do; dpkg-dev, debhelper and
# lintian build and check the Debian packages.
TEST_PKGS="zlib1g-dev libcmocka-dev g++ man-db cmake python3 dpkg-dev debhelper lintian dfu-util fwupd strace procps util-linux valgrind binutils"

case "${1:-}" in
"") PKGS="$BUILD_PKGS" ;;
--test) PKGS="$BUILD_PKGS $TEST_PKGS" ;;
# make fuzz needs clang's libFuzzer runtime; make bench needs valgrind
# (callgrind), GNU time, and the test tools.
--fuzz) PKGS="$BUILD_PKGS zlib1g-dev clang libclang-rt-14-dev" ;;
--bench) PKGS="$BUILD_PKGS zlib1g-dev valgrind time binutils bc" ;;
*)
    echo "usage: deps.sh [--test | --fuzz | --bench]" >&2
    exit 2
    ;;
esac

missing=""
for p in $PKGS; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $p"
    fi
done
[ -z "$missing" ] && exit 0

echo "deps.sh: installing:$missing" >&2
if [ "$(id -u)" -eq 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
else
    echo "deps.sh: need root or sudo to install:$missing" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
