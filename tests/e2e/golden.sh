#!/usr/bin/env bash
# Regenerates the golden files (make golden). Review `git diff` afterwards:
# the end-to-end tests hold the tool to exactly these bytes and lines.
set -eu
BIN=${1:-build}/elf2dfu
for f in app odd lastsector otp options itcm toobig headers; do
    "$BIN" -q "fixtures/$f.elf" -o "fixtures/$f.dfu"
    "$BIN" -v -n "fixtures/$f.elf" >"tests/e2e/golden/$f.txt" 2>&1
done
echo "golden files rewritten; review with git diff"
