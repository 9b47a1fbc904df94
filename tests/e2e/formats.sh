#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# Input formats (issue #11): Intel HEX, S-record and raw binaries give the
# same file as the ELF they came from; several inputs merge; verify takes
# them and a read-back; the parsers agree with objcopy's on generated files.
# Usage: tests/e2e/formats.sh BUILD_DIR
BUILD=${1:-build}
. tests/e2e/lib.sh
MKHEX=$BUILD/tools/mkhex
O=(-o "$T/out.dfu")

# same NAME ARGS...: converts and compares with fixtures/otp.dfu.
same() {
    local name=$1
    shift
    if "$BIN" -q "$@" -o "$T/same.dfu" 2>"$T/stderr" && cmp -s "$T/same.dfu" fixtures/otp.dfu; then
        ok
    else
        bad "$name: not the ELF's file ($(cat "$T/stderr"))"
    fi
}

# --- The same firmware in every format -----------------------------------------
same "objcopy -O ihex" fixtures/otp.hex
same "objcopy -O srec" fixtures/otp.srec
same "per-region binaries" fixtures/otp-flash.bin@0x08000000 fixtures/otp-otp.bin@0x1FF07800 \
    fixtures/otp-lock.bin@0x1FF07A00
REGIONS=(0x08000000:fixtures/otp-flash.bin 0x1FF07800:fixtures/otp-otp.bin 0x1FF07A00:fixtures/otp-lock.bin)
for len in 16 32 255; do
    "$MKHEX" "$T/l$len.hex" ihex --len $len "${REGIONS[@]}"
    same "Intel HEX, $len-byte records" "$T/l$len.hex"
    "$MKHEX" "$T/l$len.crlf.hex" ihex --len $len --crlf "${REGIONS[@]}"
    same "Intel HEX, $len-byte records, CRLF" "$T/l$len.crlf.hex"
done
for len in 16 32 250; do
    "$MKHEX" "$T/s$len.srec" srec --len $len "${REGIONS[@]}"
    same "S-record, $len-byte records" "$T/s$len.srec"
    "$MKHEX" "$T/s$len.crlf.srec" srec --len $len --crlf "${REGIONS[@]}"
    same "S-record, $len-byte records, CRLF" "$T/s$len.crlf.srec"
done
"$MKHEX" "$T/shuffled.hex" ihex --shuffle 7 "${REGIONS[@]}"
same "Intel HEX, records in any order" "$T/shuffled.hex"
tr 'A-F' 'a-f' <fixtures/otp.hex >"$T/lower.hex"
same "Intel HEX, lower case" "$T/lower.hex"
same "Intel HEX on standard input" - <fixtures/otp.hex
same "--format ihex" --format ihex fixtures/otp.hex
# A record written twice with the same bytes is taken once.
sed 2p fixtures/otp.hex >"$T/twice.hex"
same "a record repeated" "$T/twice.hex"
# Segment addresses (02 records) and S1/S2 records, below 1 MiB.
head -c 100 fixtures/otp-flash.bin >"$T/low.bin"
"$MKHEX" "$T/seg.hex" ihex --segment 0x00012340:"$T/low.bin"
"$MKHEX" "$T/s2.srec" srec --width 3 0x00012340:"$T/low.bin"
"$MKHEX" "$T/s1.srec" srec --width 2 0x00002340:"$T/low.bin"
LOW=(-m '@Flash /0x00000000/64*4Kg' --align 4)
"$BIN" -q "${LOW[@]}" "$T/low.bin@0x12340" -o "$T/low.dfu"
for f in seg.hex s2.srec; do
    "$BIN" -q "${LOW[@]}" "$T/$f" -o "$T/$f.dfu" && cmp -s "$T/$f.dfu" "$T/low.dfu" && ok || bad "$f"
done
"$BIN" -q "${LOW[@]}" "$T/s1.srec" -o "$T/s1.dfu" && "$BIN" verify "${LOW[@]}" "$T/s1.dfu" "$T/low.bin@0x2340" >/dev/null &&
    ok || bad "S1 records"
# The start address is reported, not programmed.
"$BIN" -v -n fixtures/otp.hex | grep -qx 'start address 0x08000045 (not programmed)' && ok ||
    bad "start address: $("$BIN" -v -n fixtures/otp.hex)"

# --- Output names ------------------------------------------------------------------
for name in Project.axf fw.out fw.hex fw.ihex fw.s19 fw.srec fw.mot; do
    base=${name%.*}
    case $name in *.axf | *.out) cp fixtures/otp.elf "$T/$name" ;; *.hex | *.ihex) cp fixtures/otp.hex "$T/$name" ;; *) cp fixtures/otp.srec "$T/$name" ;; esac
    "$BIN" -q "$T/$name" && cmp -s "$T/$base.dfu" fixtures/otp.dfu && ok || bad "default output of $name"
    rm -f "$T/$base.dfu"
done
cp fixtures/otp-flash.bin "$T/flash.bin"
"$BIN" -q "$T/flash.bin@0x08000000" && [ -f "$T/flash.dfu" ] && ok || bad "default output of FILE.bin@ADDR"

# --- Several inputs, one image ---------------------------------------------------
"$BIN" -q fixtures/app.elf fixtures/app-4000.hex fixtures/otp-otp.bin@0x1FF07800 -o "$T/merge.dfu" &&
    cmp -s "$T/merge.dfu" "$GOLD/merge.dfu" && ok || bad "bootloader ELF + application HEX + OTP binary"
"$BIN" -v -n fixtures/app.elf fixtures/app-4000.hex fixtures/otp-otp.bin@0x1FF07800 >"$T/merge.txt" 2>&1
diff -u "$GOLD/merge.txt" "$T/merge.txt" >/dev/null && ok || bad "merge -v: $(diff -u "$GOLD/merge.txt" "$T/merge.txt")"
"$BIN" verify "$T/merge.dfu" fixtures/app.elf fixtures/app-4000.hex fixtures/otp-otp.bin@0x1FF07800 >/dev/null &&
    ok || bad "verify the merged file against its inputs"
expect_fail "two inputs give one byte" 1 "elf2dfu: fixtures/otp.hex line 2 at 0x08000000-0x08000093 overlaps fixtures/otp.elf segment 0 (.isr_vector .text) at 0x08000000-0x08000093: two inputs give these bytes (--allow-overlap takes them if they are equal)" \
    fixtures/otp.elf fixtures/otp.hex "${O[@]}"
"$BIN" -q --allow-overlap fixtures/otp.elf fixtures/otp.hex -o "$T/both.dfu" && cmp -s "$T/both.dfu" fixtures/otp.dfu &&
    ok || bad "--allow-overlap with equal bytes"
printf '\x01' >"$T/one.bin"
expect_fail "two inputs disagree" 1 "elf2dfu: fixtures/otp.elf segment 1 (.otp) and $T/one.bin@0x1FF07800 both give 0x1FF07800-0x1FF07800, with different bytes (0x53 and 0x01 at 0x1FF07800): which one is right?" \
    --allow-overlap fixtures/otp.elf "$T/one.bin@0x1FF07800" "${O[@]}"

# --- Usage -------------------------------------------------------------------------
expect_fail "binary without address" 1 "elf2dfu: $T/one.bin: not an ELF, Intel HEX or S-record file (no \\177ELF signature, no ':' or 'S' record at the start): for a raw binary give its address, FILE@0x08000000" \
    "$T/one.bin" "${O[@]}"
expect_fail "--format bin without address" 2 "elf2dfu: $T/one.bin: a raw binary needs its address: $T/one.bin@0x08000000"$'\n'"Try 'elf2dfu --help' for more information." \
    --format bin "$T/one.bin" "${O[@]}"
expect_fail "--format last" 2 "elf2dfu: --format Intel HEX: no input follows it"$'\n'"Try 'elf2dfu --help' for more information." \
    fixtures/otp.hex --format ihex "${O[@]}"
expect_fail "--format unknown" 2 "elf2dfu: --format: 'coff' is not elf, ihex, srec or bin"$'\n'"Try 'elf2dfu --help' for more information." \
    --format coff fixtures/otp.hex "${O[@]}"
expect_fail "bad address" 2 "elf2dfu: $T/one.bin@0x8000000g: '0x8000000g' is not an address (FILE@0x08000000 for a raw binary)"$'\n'"Try 'elf2dfu --help' for more information." \
    "$T/one.bin@0x8000000g" "${O[@]}"
expect_fail "a DfuSe file as input" 1 "elf2dfu: fixtures/otp.dfu: is already a DfuSe file: see 'elf2dfu inspect', or pass the .elf" \
    fixtures/otp.dfu "${O[@]}"
expect_fail "--format ihex on an ELF" 1 "elf2dfu: fixtures/otp.elf: line 1: expected a record (':') at the start of the line" \
    --format ihex fixtures/otp.elf "${O[@]}"

# --- verify: every format, and a read-back --------------------------------------
for input in fixtures/otp.hex fixtures/otp.srec; do
    "$BIN" verify fixtures/otp.dfu "$input" >/dev/null && ok || bad "verify against $input"
done
# A read-back of the flash holds the firmware; the OTP was not read back.
{ cat fixtures/otp-flash.bin; head -c 4096 /dev/zero | tr '\0' '\377'; } >"$T/readback.bin"
"$BIN" verify --readback "$T/readback.bin@0x08000000" fixtures/otp-flash.bin@0x08000000 >"$T/rb.txt" &&
    [ "$(cat "$T/rb.txt")" = "$T/readback.bin@0x08000000: matches (148 bytes compared)" ] && ok ||
    bad "verify --readback: $(cat "$T/rb.txt")"
"$BIN" verify --readback "$T/readback.bin@0x08000000" fixtures/otp.elf >"$T/rb.txt"
[ $? = 1 ] && [ "$(cat "$T/rb.txt")" = "alt 2 0x1FF07800-0x1FF0781F (32 bytes) not read back: expected 53 4E 30 30 34 32 00 00 03 01 00 00 00 00 00 00 ...
alt 2 0x1FF07A00-0x1FF07A00 (1 byte) not read back: expected 00
$T/readback.bin@0x08000000: 2 differing ranges" ] && ok || bad "verify --readback, OTP not read: $(cat "$T/rb.txt")"
printf '\x00' | dd of="$T/readback.bin" bs=1 seek=16 conv=notrunc status=none
"$BIN" verify --readback "$T/readback.bin@0x08000000" --readback fixtures/otp-otp.bin@0x1FF07800 \
    --readback fixtures/otp-lock.bin@0x1FF07A00 fixtures/otp.elf >"$T/rb.txt"
[ $? = 1 ] && [ "$(head -1 "$T/rb.txt")" = "alt 0 0x08000010-0x08000010 (1 byte) changed: expected 41, found 00" ] &&
    [ "$(tail -1 "$T/rb.txt")" = "$T/readback.bin@0x08000000: 1 differing range" ] && ok ||
    bad "verify --readback, a changed byte: $(cat "$T/rb.txt")"
expect_fail "--readback without address" 2 "elf2dfu: --readback $T/readback.bin: give the address it was read from: $T/readback.bin@0x08000000"$'\n'"Try 'elf2dfu --help' for more information." \
    verify --readback "$T/readback.bin" fixtures/otp.elf

# --- extract --format srec: the same file back -------------------------------------
mkdir -p "$T/x"
"$BIN" extract --format srec -o "$T/x" fixtures/otp.dfu >/dev/null &&
    "$BIN" -q "$T/x/otp-alt0.srec" "$T/x/otp-alt2.srec" -o "$T/x.dfu" && cmp -s "$T/x.dfu" fixtures/otp.dfu &&
    ok || bad "extract --format srec and back"

# --- Against objcopy's reading of the same files -----------------------------------
# Random pieces, records in random order: what elf2dfu reads from a HEX or
# S-record file must be what objcopy reads (converted to the other format,
# and flattened to a binary).
if command -v objcopy >/dev/null; then
    MAP=(-m '@Flash /0x08000000/64*4Kg' --align 1)
    for seed in 1 2 3 4 5 6 7 8; do
        for fmt in ihex srec; do
            other=$([ $fmt = ihex ] && echo srec || echo ihex)
            "$MKHEX" "$T/r.$fmt" $fmt --random $seed:40:0x08000000:0x30000 --len $((seed * 29 % 250 + 1)) --shuffle $seed
            objcopy -I $fmt -O $other "$T/r.$fmt" "$T/r.$other"
            objcopy -I $fmt -O binary --gap-fill 0xFF "$T/r.$fmt" "$T/r.bin"
            low=$(objdump -h "$T/r.$other" | awk '$2 ~ /^\.sec/ {print $4; exit}')
            "$BIN" -q "${MAP[@]}" "$T/r.$fmt" -o "$T/r.dfu" 2>/dev/null &&
                "$BIN" verify "${MAP[@]}" "$T/r.dfu" "$T/r.$other" >/dev/null 2>&1 &&
                "$BIN" verify "${MAP[@]}" --readback "$T/r.bin@0x$low" "$T/r.$fmt" >/dev/null 2>&1 &&
                ok || bad "seed $seed, $fmt: elf2dfu and objcopy disagree"
        done
    done
else
    bad "objcopy (binutils) is needed for the differential test"
fi

e2e_summary formats
