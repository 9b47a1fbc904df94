#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# Regenerates the golden files (make golden). Review `git diff` afterwards:
# the end-to-end tests hold the tool to exactly these bytes and lines.
set -eu
BIN=${1:-build}/elf2dfu
BUILD_DIR_TMP=$(mktemp -d)
trap 'rm -rf "$BUILD_DIR_TMP"' EXIT
for f in app odd lastsector otp options itcm toobig headers; do
    "$BIN" -q "fixtures/$f.elf" -o "fixtures/$f.dfu"
    "$BIN" -v -n "fixtures/$f.elf" >"tests/e2e/golden/$f.txt" 2>&1
done
grep -v '^#' tests/e2e/devices.list | while IFS='|' read -r name fixture unit options; do
    # shellcheck disable=SC2086
    "$BIN" -q $options "fixtures/$fixture.elf" -o "tests/e2e/golden/devices/$name.dfu"
    # shellcheck disable=SC2086
    "$BIN" -v -n $options "fixtures/$fixture.elf" >"tests/e2e/golden/devices/$name.txt" 2>&1
done
for f in tests/data/dfu-util/*.txt; do
    "$BIN" map -m "@$f" >"tests/e2e/golden/maps/$(basename "$f")" 2>&1
done
"$BIN" devices --json stm32f405rg >tests/e2e/golden/devices-f405.json
"$BIN" map -d stm32f767zi --bank dual --json >tests/e2e/golden/map-f767-dual.json
"$BIN" -n --json fixtures/otp.elf >tests/e2e/golden/convert-otp.json
"$BIN" -v -n fixtures/app.elf fixtures/app-4000.hex fixtures/otp-otp.bin@0x1FF07800 \
    >tests/e2e/golden/merge.txt 2>&1
# The README's list of parts is the table's.
"$BIN" devices >"$BUILD_DIR_TMP/devices.txt"
awk -v list="$BUILD_DIR_TMP/devices.txt" '
    /^<!-- devices:/ { print; print "```"; while ((getline l < list) > 0) print l; print "```"; skip = 1; next }
    /^<!-- end devices -->/ { skip = 0 }
    !skip' README.md >"$BUILD_DIR_TMP/README.md"
cat "$BUILD_DIR_TMP/README.md" >README.md
echo "golden files rewritten; review with git diff"
