#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# End-to-end tests: the CLI on the committed fixtures (golden files, an
# independent decoder, dfu-suffix) and on every kind of bad input.
# Usage: tests/e2e/run.sh BUILD_DIR
BUILD=${1:-build}
. tests/e2e/lib.sh

# --- Good fixtures: golden .dfu, suffix check, every byte in place -------
GOOD="app odd lastsector otp options itcm toobig headers"
for f in $GOOD; do
    extra=()
    [ "$f" = itcm ] && extra=(--alias 0x00200000:0x08000000:0x80000)
    if ! "$BIN" -q "fixtures/$f.elf" -o "$T/$f.dfu"; then
        bad "$f: conversion failed"
        continue
    fi
    cmp -s "fixtures/$f.dfu" "$T/$f.dfu" && ok || bad "$f: differs from golden fixtures/$f.dfu"
    dfu-suffix -c "$T/$f.dfu" >/dev/null 2>&1 && ok || bad "$f: dfu-suffix -c rejects it"
    fwupdtool firmware-parse "$T/$f.dfu" dfuse >/dev/null 2>&1 && ok || bad "$f: fwupd rejects it"
    "$CHECK" "$T/$f.dfu" "fixtures/$f.elf" "${extra[@]}" >/dev/null && ok || bad "$f: dfucheck"
    "$BIN" -v -n "fixtures/$f.elf" >"$T/$f.txt" 2>&1
    diff -u "$GOLD/$f.txt" "$T/$f.txt" >/dev/null && ok ||
        bad "$f: -v output differs from $GOLD/$f.txt: $(diff -u "$GOLD/$f.txt" "$T/$f.txt")"
done

# --- One application, every kind of flash ----------------------------------
while IFS='|' read -r name fixture unit options; do
    G=$GOLD/devices/$name
    # shellcheck disable=SC2086
    if ! "$BIN" -q $options "fixtures/$fixture.elf" -o "$T/dev-$name.dfu"; then
        bad "$name: conversion failed"
        continue
    fi
    cmp -s "$G.dfu" "$T/dev-$name.dfu" && ok || bad "$name: differs from $G.dfu"
    "$CHECK" "$T/dev-$name.dfu" "fixtures/$fixture.elf" --align "$unit" >/dev/null && ok ||
        bad "$name: dfucheck"
    # shellcheck disable=SC2086
    "$BIN" -v -n $options "fixtures/$fixture.elf" >"$T/dev-$name.txt" 2>&1
    diff -u "$G.txt" "$T/dev-$name.txt" >/dev/null && ok ||
        bad "$name: -v output differs from $G.txt: $(diff -u "$G.txt" "$T/dev-$name.txt")"
done < <(grep -v '^#' tests/e2e/devices.list)

# The client checks can fail: a flipped byte breaks the CRC for both.
cp "$T/app.dfu" "$T/flipped.dfu"
printf '\x00' | dd of="$T/flipped.dfu" bs=1 seek=300 conv=notrunc status=none
fwupdtool firmware-parse "$T/flipped.dfu" dfuse >/dev/null 2>&1 && bad "fwupd accepts a bad CRC" || ok
"$CHECK" "$T/flipped.dfu" fixtures/app.elf >/dev/null 2>&1 && bad "dfucheck accepts a bad CRC" || ok

# Trimming: the headers fixture's first segment starts with the ELF headers.
"$BIN" -v -n fixtures/headers.elf | grep -q '^note: segment 0 (0x08000000, 788 bytes): 512 bytes not covered' &&
    ok || bad "headers: -v does not say the ELF headers were left out"
# OTP: the 480 zero bytes between block 0 and its lock byte are not written.
"$CHECK" "$T/otp.dfu" fixtures/otp.elf | grep -q '181 payload bytes in place, 11 fill bytes, 3 elements' &&
    ok || bad "otp: padding between OTP block and lock byte was written"
# Option bytes come last even though their alt (1) is lower than OTP's (2).
[ "$(od -An -tu1 -j $((11 + 274 + 8 + 152 + 6)) -N1 "$T/options.dfu" | tr -d ' ')" = 1 ] &&
    ok || bad "options: option-byte target is not last"

# ELF64 and big-endian inputs convert like ELF32 little-endian ones.
for variant in "" "--64" "--msb" "--64 --msb"; do
    # shellcheck disable=SC2086
    "$MKELF" "$T/gen.elf" $variant --seg 0x08000000:100:0x10 --seg 0x08000100:28:0x80:0x20000000 &&
        "$BIN" -q "$T/gen.elf" -o "$T/gen.dfu" && "$CHECK" "$T/gen.dfu" "$T/gen.elf" >/dev/null &&
        ok || bad "generated ELF ($variant) does not convert"
done

# --- Options ---------------------------------------------------------------
cp fixtures/app.elf "$T/fw.elf"
"$BIN" -q "$T/fw.elf" && cmp -s "$T/fw.dfu" fixtures/app.dfu && ok || bad "default output name fw.elf -> fw.dfu"
cp fixtures/app.elf "$T/firmware"
"$BIN" -q "$T/firmware" && [ -f "$T/firmware.dfu" ] && ok || bad "default output name firmware -> firmware.dfu"
"$BIN" fixtures/app.elf -o - 2>"$T/err" >"$T/stdout.dfu" && cmp -s "$T/stdout.dfu" fixtures/app.dfu &&
    grep -q '^alt 0 "Internal Flash"' "$T/err" && ok || bad "-o - writes the file to stdout, summary to stderr"
out=$("$BIN" -q fixtures/app.elf -o "$T/q.dfu" 2>&1)
[ -z "$out" ] && ok || bad "-q printed: $out"
"$BIN" -n fixtures/app.elf -o "$T/n.dfu" >/dev/null && [ ! -e "$T/n.dfu" ] && ok || bad "-n wrote a file"
"$BIN" fixtures/app.elf -o "$T/s.dfu" >"$T/summary" &&
    [ "$(cat "$T/summary")" = 'fixtures/app.elf for stm32f722xe (default; -d selects another):
alt 0 "Internal Flash": 1 element, 280 bytes (280 written), erases sector 0 (16 KiB)' ] &&
    ok || bad "summary: $(cat "$T/summary")"
"$BIN" -q --vid 0x1209 --pid 0x0001 --did 0x2200 fixtures/app.elf -o "$T/ids.dfu" &&
    [ "$(tail -c 16 "$T/ids.dfu" | od -An -tx1 -N6 | tr -d ' ')" = 002201000912 ] &&
    dfu-suffix -c "$T/ids.dfu" >/dev/null 2>&1 && ok || bad "--vid/--pid/--did"
"$BIN" -q --fill 0x00 fixtures/odd.elf -o "$T/fill.dfu" && "$CHECK" "$T/fill.dfu" fixtures/odd.elf --fill 0 >/dev/null &&
    ! cmp -s "$T/fill.dfu" fixtures/odd.dfu && ok || bad "--fill 0x00"
"$BIN" -q --align 32 fixtures/odd.elf -o "$T/a32.dfu" &&
    [ "$(od -An -tu4 -j $((11 + 274 + 4)) -N4 "$T/a32.dfu" | tr -d ' ')" = 16416 ] && ok || bad "--align 32"
"$BIN" -q -d stm32f722xc fixtures/app.elf -o "$T/xc.dfu" && cmp -s "$T/xc.dfu" fixtures/app.dfu && ok || bad "-d stm32f722xc"
"$BIN" -q -m '@Internal Flash  /0x08000000/04*016Kg,01*064Kg,03*128Kg' -m '@Option Bytes  /0x1FFF0000/01*048 e' \
    -m '@OTP Memory /0x1FF07800/01*528e' fixtures/otp.elf -o "$T/m.dfu" && cmp -s "$T/m.dfu" fixtures/otp.dfu &&
    ok || bad "-m with the F722's layout strings gives the golden file"
"$BIN" -q --allow-rdp2 fixtures/rdp2.elf -o "$T/rdp2.dfu" && ok || bad "--allow-rdp2"
"$BIN" --help | grep -q -- '--allow-rdp2' && ok || bad "--help"
# --help lists every command; each explains itself.
for c in inspect verify extract devices map; do
    "$BIN" --help | grep -q "^  $c " && ok || bad "--help does not list $c"
    "$BIN" "$c" --help | head -1 | grep -q "^Usage: elf2dfu $c " && ok || bad "$c --help"
done
"$BIN" -V | grep -q '^elf2dfu [0-9]' && ok || bad "-V"
"$BIN" --list-devices >"$T/list" && grep -q '^stm32f722xc ' "$T/list" && ok || bad "--list-devices"
echo sentinel >"$T/keep.dfu"
"$BIN" -q fixtures/rdp2.elf -o "$T/keep.dfu" 2>/dev/null
[ "$(cat "$T/keep.dfu")" = sentinel ] && ! compgen -G "$T/keep.dfu.tmp*" >/dev/null && ok ||
    bad "a failed run touched the existing output"
"$BIN" -q fixtures/app.elf -o "$T/keep.dfu" && cmp -s "$T/keep.dfu" fixtures/app.dfu && ok ||
    bad "a successful run did not replace the existing output"
"$BIN" -q --fill 0xFF fixtures/app.elf -o "$T/det1.dfu" && (bin=$(realpath "$BIN") && top=$PWD && cd "$T" && env -i "$bin" -q "$top/fixtures/app.elf" -o det2.dfu) &&
    cmp -s "$T/det1.dfu" "$T/det2.dfu" && ok || bad "output depends on directory or environment"

# --- inspect ----------------------------------------------------------------
for f in $GOOD; do
    "$BIN" inspect -d stm32f722xe "fixtures/$f.dfu" >"$T/insp.txt"
    rc=$?
    want="result: 0 errors, 0 warnings"
    [ "$f" = otp ] && want="result: 0 errors, 1 warning" # the fixture locks OTP block 0 on purpose
    [ $rc = 0 ] && grep -q "^$want" "$T/insp.txt" && ok || bad "inspect $f: exit $rc, $(tail -1 "$T/insp.txt")"
done
"$BIN" inspect -d stm32f722xe fixtures/otp.dfu >"$T/insp.txt"
diff -u "$GOLD/inspect-otp.txt" "$T/insp.txt" >/dev/null && ok || bad "inspect otp text: $(diff -u "$GOLD/inspect-otp.txt" "$T/insp.txt")"
"$BIN" inspect --json -d stm32f722xe fixtures/otp.dfu >"$T/insp.json"
diff -u "$GOLD/inspect-otp.json" "$T/insp.json" >/dev/null && ok || bad "inspect otp json: $(diff -u "$GOLD/inspect-otp.json" "$T/insp.json")"
# A target name that is not UTF-8 still gives a JSON document.
cp fixtures/app.dfu "$T/latin.dfu"
poke "$T/latin.dfu" 22 fffe
"$CHECK" --fix-crc "$T/latin.dfu"
"$BIN" inspect --json "$T/latin.dfu" | grep -q '"name": "??ternal Flash"' && ok || bad "inspect --json with a non-UTF-8 name"
"$BIN" inspect fixtures/app.dfu >"$T/insp.txt" && ! grep -q erases "$T/insp.txt" && grep -q '^result: 0 errors' "$T/insp.txt" &&
    ok || bad "inspect without a map"
# A file in dfuse-pack's conventions (DFUImageSize counting the suffix) inspects cleanly.
"$BIN" extract -o "$T" fixtures/app.dfu >/dev/null
dfuse-pack -b "0x08000000:$T/app-alt0-0x08000000.bin" "$T/pack.dfu" >/dev/null
"$BIN" inspect -d stm32f722xe "$T/pack.dfu" >"$T/insp.txt" && grep -q '^result: 0 errors, 0 warnings' "$T/insp.txt" &&
    ok || bad "dfuse-pack file: $(cat "$T/insp.txt")"
"$BIN" verify "$T/pack.dfu" fixtures/app.elf >/dev/null && ok || bad "verify dfuse-pack file against the ELF"
cp fixtures/app.dfu "$T/flipped.dfu"
printf '\x00' | dd of="$T/flipped.dfu" bs=1 seek=300 conv=notrunc status=none
"$BIN" inspect "$T/flipped.dfu" >/dev/null && bad "inspect exits 0 on a bad CRC" || ok
"$BIN" inspect "$T/flipped.dfu" | grep -q '^  error    offset 585: dwCRC is 0x3AA4DFB8, expected 0x.* \[crc\]$' &&
    ok || bad "inspect does not report the CRC"
expect_fail "inspect not DfuSe" 1 "elf2dfu: fixtures/app.elf: offset 0: signature is \"\\x7fELF\\x01\", expected \"DfuSe\" (not a DfuSe file)" inspect fixtures/app.elf
expect_fail "inspect usage" 2 "elf2dfu: inspect takes one DfuSe file"$'\n'"Try 'elf2dfu --help' for more information." inspect

# --- verify -----------------------------------------------------------------
for f in $GOOD; do
    "$BIN" verify "fixtures/$f.dfu" "fixtures/$f.elf" >"$T/ver.txt" && grep -q ': matches (' "$T/ver.txt" &&
        ok || bad "verify $f: $(cat "$T/ver.txt")"
done
"$BIN" verify fixtures/itcm.dfu fixtures/itcm.dfu >/dev/null && ok || bad "verify a .dfu against itself"
"$BIN" verify fixtures/otp.dfu fixtures/app.elf fixtures/otp.elf >/dev/null 2>&1 && bad "verify accepts overlapping inputs" || ok
cp fixtures/app.dfu "$T/one.dfu"
printf '\x5a' | dd of="$T/one.dfu" bs=1 seek=$((11 + 274 + 8 + 0x40)) conv=notrunc status=none
"$CHECK" --fix-crc "$T/one.dfu"
"$BIN" verify "$T/one.dfu" fixtures/app.elf >"$T/ver.txt"
[ $? = 1 ] && grep -q '^alt 0 0x08000040-0x08000040 (1 byte) changed: expected .., found 5A$' "$T/ver.txt" &&
    grep -q ': 1 differing range$' "$T/ver.txt" && ok || bad "verify single byte: $(cat "$T/ver.txt")"
"$BIN" verify fixtures/app.dfu fixtures/otp.elf >"$T/ver.txt"
[ $? = 1 ] && grep -q '^alt 2 0x1FF07800-0x1FF0781F (32 bytes) missing: expected 53 4E' "$T/ver.txt" &&
    ok || bad "verify missing segment: $(cat "$T/ver.txt")"
"$BIN" verify fixtures/otp.dfu fixtures/app.elf >"$T/ver.txt"
[ $? = 1 ] && grep -q '^alt 2 0x1FF07A00-0x1FF07A00 (1 byte) extra: found 00$' "$T/ver.txt" &&
    ok || bad "verify extra bytes: $(cat "$T/ver.txt")"
"$BIN" verify --json fixtures/otp.dfu fixtures/otp.elf >"$T/ver.json" &&
    grep -q '"match": true' "$T/ver.json" && ok || bad "verify --json"
expect_fail "verify bad CRC" 1 "elf2dfu: $T/flipped.dfu: not a valid DfuSe file: dwCRC is 0x3AA4DFB8, expected 0x6A238742 (the file is corrupt; every client refuses it) (see elf2dfu inspect)" verify "$T/flipped.dfu" fixtures/app.elf

# --- Flash commands and the conversion's JSON ------------------------------
# One dfu-util command per target, option bytes last with :will-reset, then
# a start at the flash base without -D (dfu-util refuses an address with a
# DfuSe file).
cmd="dfu-util -a 1 -s :will-reset -D $T/opt.dfu"
w=${#cmd} # the longest command: the comments start after it
"$BIN" -q --flash-hint -o "$T/opt.dfu" fixtures/options.elf >"$T/hint.txt" &&
    [ "$(cat "$T/hint.txt")" = "flash it with dfu-util 0.11, the device in its DFU bootloader:
  dfu-util -a 0 -D $T/opt.dfu
$(printf '  %-*s  # %s' $w "dfu-util -a 1 -s :will-reset -D $T/opt.dfu" "option bytes: the device resets")
$(printf '  %-*s  # %s' $w "dfu-util -a 0 -s 0x08000000:leave" "start the application")" ] && ok ||
    bad "--flash-hint with -q: $(cat "$T/hint.txt")"
# A name the shell would split is quoted; a file of OTP alone starts nothing.
"$BIN" -q --flash-hint -o "$T/it's otp.dfu" fixtures/otp-otp.bin@0x1FF07800 >"$T/hint.txt" &&
    [ "$(cat "$T/hint.txt")" = "flash it with dfu-util 0.11, the device in its DFU bootloader:
  dfu-util -a 2 -D '$T/it'\''s otp.dfu'  # OTP: written once, for ever" ] && ok ||
    bad "--flash-hint quoting: $(cat "$T/hint.txt")"
"$BIN" --flash-hint -o - fixtures/app.elf 2>"$T/stderr" | cmp -s - fixtures/app.dfu &&
    ! grep -q dfu-util "$T/stderr" && ok || bad "--flash-hint with -o -: $(cat "$T/stderr")"
"$BIN" -n --json fixtures/otp.elf >"$T/conv.json" 2>"$T/stderr"
diff -u "$GOLD/convert-otp.json" "$T/conv.json" >/dev/null && [ ! -s "$T/stderr" ] && ok ||
    bad "-n --json: $(diff -u "$GOLD/convert-otp.json" "$T/conv.json") $(cat "$T/stderr")"
"$BIN" --json -o "$T/j.dfu" fixtures/app.elf >"$T/conv.json" && cmp -s "$T/j.dfu" fixtures/app.dfu &&
    grep -q "^  \"output\": \"$T/j.dfu\",\$" "$T/conv.json" && ok || bad "--json: $(cat "$T/conv.json")"
"$BIN" --json fixtures/rdp2.elf -o "$T/j.dfu" >"$T/conv.json" 2>/dev/null
[ $? = 1 ] && [ "$(head -3 "$T/conv.json")" = '{
  "error": {
    "message": "segment 1 (.optbytes) sets read-out protection level 2 (0xCC at 0x1FFF0001): the chip could never be flashed or debugged again; pass --allow-rdp2 only if that is what you want",' ] &&
    [ "$(tail -n +4 "$T/conv.json")" = '    "file": "fixtures/rdp2.elf",
    "exit": 1
  }
}' ] && ok || bad "--json error document: $(cat "$T/conv.json")"
"$BIN" --json -o - fixtures/app.elf >"$T/conv.json" 2>"$T/stderr"
[ $? = 2 ] && grep -q '"message": "--json and -o -: both would go to standard output",' "$T/conv.json" &&
    grep -q '^elf2dfu: --json and -o -: both would go to standard output$' "$T/stderr" && ok ||
    bad "--json with -o -: $(cat "$T/conv.json" "$T/stderr")"

# --- extract ----------------------------------------------------------------
mkdir -p "$T/x"
"$BIN" extract -o "$T/x" fixtures/otp.dfu >"$T/names" &&
    [ "$(cat "$T/names")" = "$T/x/otp-alt0-0x08000000.bin
$T/x/otp-alt2-0x1FF07800.bin
$T/x/otp-alt2-0x1FF07A00.bin" ] && ok || bad "extract names: $(cat "$T/names")"
# Re-packed from the extracted binaries, the file programs the same memory.
"$MKELF" "$T/repack.elf" --seg-file "0x08000000:$T/x/otp-alt0-0x08000000.bin" \
    --seg-file "0x1FF07800:$T/x/otp-alt2-0x1FF07800.bin" --seg-file "0x1FF07A00:$T/x/otp-alt2-0x1FF07A00.bin" &&
    "$BIN" -q "$T/repack.elf" -o "$T/repack.dfu" && "$BIN" verify "$T/repack.dfu" fixtures/otp.dfu >/dev/null &&
    cmp -s "$T/repack.dfu" fixtures/otp.dfu && ok || bad "extract then re-pack"
"$BIN" extract --format ihex -o "$T/x" fixtures/lastsector.dfu >"$T/names" &&
    [ "$(cat "$T/names")" = "$T/x/lastsector-alt0.hex" ] && ok || bad "extract ihex names: $(cat "$T/names")"
# binutils reads the HEX back: both elements, the gap between them empty.
objcopy -I ihex -O binary --gap-fill 0xFF "$T/x/lastsector-alt0.hex" "$T/x/hex.bin" &&
    "$BIN" extract -o "$T/x" fixtures/lastsector.dfu >/dev/null &&
    cmp -s <(head -c 176 "$T/x/hex.bin") "$T/x/lastsector-alt0-0x08000000.bin" &&
    cmp -s <(tail -c 128 "$T/x/hex.bin") "$T/x/lastsector-alt0-0x08060000.bin" &&
    [ "$(stat -c %s "$T/x/hex.bin")" = $((0x60000 + 128)) ] && ok || bad "ihex contents (objcopy)"

# --- Usage errors: exit 2 ---------------------------------------------------
HINT="Try 'elf2dfu --help' for more information."
expect_fail "no input" 2 "elf2dfu: no input file"$'\n'"$HINT"
expect_fail "a missing second input" 1 "elf2dfu: b.elf: cannot open: No such file or directory" fixtures/app.elf b.elf
expect_fail "unknown option" 2 "elf2dfu: unknown option '--frob'"$'\n'"$HINT" --frob fixtures/app.elf -o "$T/out.dfu"
expect_fail "missing value" 2 "elf2dfu: option '-o' needs a value"$'\n'"$HINT" fixtures/app.elf -o
expect_fail "fill too big" 2 "elf2dfu: --fill: '0x100' is not a byte (0-255, or 0x00-0xFF)"$'\n'"$HINT" --fill 0x100 fixtures/app.elf -o "$T/out.dfu"
expect_fail "fill negative" 2 "elf2dfu: --fill: '-1' is not a byte (0-255, or 0x00-0xFF)"$'\n'"$HINT" --fill -1 fixtures/app.elf -o "$T/out.dfu"
expect_fail "align not power of 2" 2 "elf2dfu: --align: '12' is not a power of two from 1 to 65536"$'\n'"$HINT" --align 12 fixtures/app.elf -o "$T/out.dfu"
expect_fail "vid too big" 2 "elf2dfu: --vid: '0x10000' is not a 16-bit hexadecimal ID (0000-FFFF, 0x optional)"$'\n'"$HINT" --vid 0x10000 fixtures/app.elf -o "$T/out.dfu"
expect_fail "pid junk" 2 "elf2dfu: --pid: '12xz' is not a 16-bit hexadecimal ID (0000-FFFF, 0x optional)"$'\n'"$HINT" --pid 12xz fixtures/app.elf -o "$T/out.dfu"
expect_fail "-d and -m" 2 "elf2dfu: -d and -m exclude each other: give a device or layout strings"$'\n'"$HINT" \
    -d stm32f722xe -m '@F/0x08000000/1*1Kg' fixtures/app.elf -o "$T/out.dfu"
expect_fail "unknown device" 2 "elf2dfu: unknown device 'nosuch'
'elf2dfu devices' lists every part." -d nosuch fixtures/app.elf -o "$T/out.dfu"
expect_fail "misspelt device" 2 "elf2dfu: unknown device 'stm32f4O5rg'; nearest:
  stm32f405xg    STM32F4, Cortex-M4, 1 MiB flash
  stm32f415xg    STM32F4, Cortex-M4, 1 MiB flash
  stm32f205xg    STM32F2, Cortex-M3, 1 MiB flash
  stm32f215xg    STM32F2, Cortex-M3, 1 MiB flash
  stm32f405xe    STM32F4, Cortex-M4, 512 KiB flash
'elf2dfu devices' lists every part." -d stm32f4O5rg fixtures/app.elf -o "$T/out.dfu"
expect_fail "ambiguous device" 2 "elf2dfu: device 'f722' is ambiguous; it fits:
  stm32f722xc    STM32F72x/F73x, Cortex-M7, 256 KiB flash
  stm32f722xe    STM32F72x/F73x, Cortex-M7, 512 KiB flash
'elf2dfu devices' lists every part." -d f722 fixtures/app.elf -o "$T/out.dfu"
expect_fail "bad layout" 1 "elf2dfu: -m #2 (alt 1): layout string, column 20: expected a memory type letter a-g
  @O/0x1FFF0000/1*16Kq
                     ^" \
    -m '@F/0x08000000/1*1Kg' -m '@O/0x1FFF0000/1*16Kq' fixtures/app.elf -o "$T/out.dfu"

# --- Bad input: exit 1, one message, no output ------------------------------
O=(-o "$T/out.dfu")
expect_fail "missing file" 1 "elf2dfu: $T/missing.elf: cannot open: No such file or directory" "$T/missing.elf" "${O[@]}"
expect_fail "directory" 1 "elf2dfu: $T: is a directory, not a file" "$T" "${O[@]}"
printf 'not an elf\n' >"$T/text.elf"
expect_fail "not ELF" 1 "elf2dfu: $T/text.elf: not an ELF, Intel HEX or S-record file (no \\177ELF signature, no ':' or 'S' record at the start): for a raw binary give its address, FILE@0x08000000" "$T/text.elf" "${O[@]}"
: >"$T/empty.elf"
expect_fail "empty" 1 "elf2dfu: $T/empty.elf: empty file: nothing to convert" "$T/empty.elf" "${O[@]}"
expect_fail "object file" 1 "elf2dfu: fixtures/app.o: is a relocatable object (.o), not a linked executable: link it first and pass the .elf the linker writes" fixtures/app.o "${O[@]}"
ar rc "$T/lib.a" fixtures/app.o
expect_fail "archive" 1 "elf2dfu: $T/lib.a: is an archive (.a), not a linked executable: pass the .elf the linker wrote" "$T/lib.a" "${O[@]}"
expect_fail "a .dfu as input" 1 "elf2dfu: fixtures/app.dfu: is already a DfuSe file: see 'elf2dfu inspect', or pass the .elf" fixtures/app.dfu "${O[@]}"
printf ':020000040800F2\n:00000001FF\n' >"$T/fw.hex"
expect_fail "Intel HEX without data" 1 "elf2dfu: $T/fw.hex: no data records: nothing to program" "$T/fw.hex" "${O[@]}"
head -c 40 fixtures/app.elf >"$T/t40.elf"
expect_fail "truncated header" 1 "elf2dfu: $T/t40.elf: truncated ELF header (40 of 52 bytes)" "$T/t40.elf" "${O[@]}"
head -c 100 fixtures/app.elf >"$T/t100.elf"
expect_fail "truncated program headers" 1 "elf2dfu: $T/t100.elf: program header table (2 entries at offset 0x34) runs past the end of the file (100 bytes)" "$T/t100.elf" "${O[@]}"
head -c 4200 fixtures/app.elf >"$T/t4200.elf"
expect_fail "truncated segment" 1 "elf2dfu: $T/t4200.elf: section header table (11 entries at offset 0x2334) runs past the end of the file (4200 bytes): truncated file?" "$T/t4200.elf" "${O[@]}"
# Every cut of the file fails cleanly; sampled every 61 bytes (every 610
# under valgrind, where the malformed table covers each boundary).
size=$(stat -c %s fixtures/app.elf)
step=61
[ "${VALGRIND:-}" = 1 ] && step=610
for ((n = 1; n < size; n += step)); do
    head -c $n fixtures/app.elf >"$T/cut.elf"
    rm -f "$T/out.dfu"
    "$BIN" -q "$T/cut.elf" -o "$T/out.dfu" 2>"$T/stderr"
    rc=$?
    if [ $rc != 1 ] || [ -e "$T/out.dfu" ] || ! grep -q "^elf2dfu: $T/cut.elf: " "$T/stderr"; then
        bad "cut at $n bytes: exit $rc, $(cat "$T/stderr")"
    fi
done
ok

"$MKELF" "$T/seg.elf" --seg 0x08000000:64
cp "$T/seg.elf" "$T/past.elf"
poke "$T/past.elf" $((52 + 4)) 00100000
expect_fail "segment past end of file" 1 "elf2dfu: $T/past.elf: segment 0 (offset 0x1000, 64 bytes) runs past the end of the file ($(stat -c %s "$T/past.elf") bytes): truncated file?" "$T/past.elf" "${O[@]}"
cp "$T/seg.elf" "$T/phoff.elf"
poke "$T/phoff.elf" 28 00ffffff
expect_fail "program headers past end" 1 "elf2dfu: $T/phoff.elf: program header table (1 entry at offset 0xffffff00) runs past the end of the file ($(stat -c %s "$T/phoff.elf") bytes)" "$T/phoff.elf" "${O[@]}"
"$MKELF" "$T/seg64.elf" --64 --seg 0x08000000:64
cp "$T/seg64.elf" "$T/ovf.elf"
poke "$T/ovf.elf" $((64 + 8)) f0ffffffffffffff
expect_fail "p_offset + p_filesz overflows" 1 "elf2dfu: $T/ovf.elf: segment 0: offset 0xfffffffffffffff0 + size 0x40 overflows" "$T/ovf.elf" "${O[@]}"
"$MKELF" "$T/nophdr.elf"
expect_fail "no program headers" 1 "elf2dfu: $T/nophdr.elf: has no program headers, so nothing to load: is it a linked executable?" "$T/nophdr.elf" "${O[@]}"
"$MKELF" "$T/zero.elf" --seg 0x08000000:0
expect_fail "no loadable data" 1 "elf2dfu: $T/zero.elf: no loadable segment with data (PT_LOAD with p_filesz > 0): nothing to program" "$T/zero.elf" "${O[@]}"
"$MKELF" "$T/overlap.elf" --seg 0x08000000:64 --seg 0x08000020:64:0x40
expect_fail "overlapping segments" 1 "elf2dfu: $T/overlap.elf: segment 1 (.seg1) at 0x08000020-0x0800005F overlaps segment 0 (.seg0) at 0x08000000-0x0800003F" "$T/overlap.elf" "${O[@]}"
"$MKELF" "$T/far.elf" --64 --seg 0x100000000:16
expect_fail "above 4 GiB" 1 "elf2dfu: $T/far.elf: segment 0 (.seg0) at 0x100000000 (16 bytes) lies beyond 4 GiB: DfuSe addresses are 32-bit" "$T/far.elf" "${O[@]}"
expect_fail "load address in RAM" 1 "elf2dfu: fixtures/ram.elf: segment 1 (.data) at 0x20000000-0x20000003 is outside every writable memory of stm32f722xe; nearest is Option Bytes (alt 1) at 0x1FFF0000-0x1FFF002F; that is RAM: does the linker script lack 'AT> FLASH' for this section?" fixtures/ram.elf "${O[@]}"
"$MKELF" "$T/sram.elf" --seg 0x40000000:16
expect_fail "outside every region" 1 "elf2dfu: $T/sram.elf: segment 0 (.seg0) at 0x40000000-0x4000000F is outside every writable memory of stm32f722xe; nearest is Option Bytes (alt 1) at 0x1FFF0000-0x1FFF002F" "$T/sram.elf" "${O[@]}"
expect_fail "too big for F722xC" 1 "elf2dfu: fixtures/toobig.elf: image too big for Internal Flash of stm32f722xc (0x08000000-0x0803FFFF, 256 KiB): it reaches 0x0804B0BB, 45244 bytes too many; check -d or make the image smaller" -d stm32f722xc fixtures/toobig.elf "${O[@]}"
expect_fail "RDP level 2" 1 "elf2dfu: fixtures/rdp2.elf: segment 1 (.optbytes) sets read-out protection level 2 (0xCC at 0x1FFF0001): the chip could never be flashed or debugged again; pass --allow-rdp2 only if that is what you want" fixtures/rdp2.elf "${O[@]}"
expect_fail "unwritable output dir" 1 "elf2dfu: $T/nodir/out.dfu: cannot create the output file: No such file or directory" fixtures/app.elf -o "$T/nodir/out.dfu"
cp fixtures/app.elf "$T/same.elf"
expect_fail "output is the input" 1 "elf2dfu: $T/same.elf: the output would overwrite the input; choose another -o" "$T/same.elf" -o "$T/same.elf"
cmp -s "$T/same.elf" fixtures/app.elf && ok || bad "the input was modified"

# The README's library example, as printed: converts, and fails cleanly
# (every object freed, nothing left open) on an early error.
EXAMPLE=$BUILD/readme/fw2dfu
[ "${VALGRIND:-}" = 1 ] && EXAMPLE="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=all $EXAMPLE"
$EXAMPLE fixtures/app.elf "$T/readme.dfu" && cmp -s "$T/readme.dfu" fixtures/app.dfu && ok || bad "README example: conversion"
$EXAMPLE "$T/missing.elf" "$T/readme2.dfu" 2>"$T/stderr"
[ $? = 1 ] && [ "$(cat "$T/stderr")" = "$T/missing.elf: cannot open: No such file or directory" ] && [ ! -e "$T/readme2.dfu" ] &&
    ok || bad "README example: early error: $(cat "$T/stderr")"
$EXAMPLE fixtures/rdp2.elf "$T/readme3.dfu" 2>"$T/stderr"
[ $? = 1 ] && grep -q 'read-out protection level 2' "$T/stderr" && [ ! -e "$T/readme3.dfu" ] && ok || bad "README example: refusal"

# --- Output safety ------------------------------------------------------------
# (not under valgrind: its own writes and limits change what these provoke)
if [ "${VALGRIND:-}" != 1 ]; then
echo sentinel >"$T/keep.dfu"
# Past a file-size limit: a clean error, no partial file, the old one intact.
(ulimit -f 8; "$BIN" -q fixtures/toobig.elf -o "$T/keep.dfu" 2>"$T/stderr")
[ $? = 1 ] && [ "$(cat "$T/keep.dfu")" = sentinel ] && ! compgen -G "$T/keep.dfu.*" >/dev/null &&
    grep -q "^elf2dfu: $T/keep.dfu: cannot write the output file (307701 bytes): File too large$" "$T/stderr" &&
    ok || bad "file size limit: $(cat "$T/stderr"; ls "$T")"
# The same where the file system cannot reserve space (fallocate fails): the
# limit is then met by write(2), with the same outcome.
(ulimit -f 8; strace -o /dev/null -e trace=fallocate -e inject=fallocate:error=EOPNOTSUPP \
    "$BIN" -q fixtures/toobig.elf -o "$T/keep.dfu" 2>"$T/stderr")
[ $? = 1 ] && [ "$(cat "$T/keep.dfu")" = sentinel ] && ! compgen -G "$T/keep.dfu.*" >/dev/null &&
    grep -q "^elf2dfu: $T/keep.dfu: cannot write the output file: File too large$" "$T/stderr" &&
    ok || bad "file size limit, no fallocate: $(cat "$T/stderr"; ls "$T")"
# A full disk is found before the first byte is written.
strace -o "$T/trace" -e trace=fallocate,write -e inject=fallocate:error=ENOSPC \
    "$BIN" -q fixtures/toobig.elf -o "$T/keep.dfu" 2>"$T/stderr"
[ $? = 1 ] && [ "$(cat "$T/keep.dfu")" = sentinel ] && ! compgen -G "$T/keep.dfu.*" >/dev/null &&
    ! grep "^write(" "$T/trace" | grep -qv "^write(2," &&
    grep -q "^elf2dfu: $T/keep.dfu: cannot write the output file (307701 bytes): No space left on device$" "$T/stderr" &&
    ok || bad "disk full: $(cat "$T/stderr" "$T/trace"; ls "$T")"
# Killed in the middle of writing: nothing left behind, the old file intact.
(strace -o /dev/null -e trace=write,copy_file_range -e inject=write,copy_file_range:signal=KILL:when=2 \
    "$BIN" -q fixtures/toobig.elf -o "$T/keep.dfu"; true) 2>/dev/null
[ "$(cat "$T/keep.dfu")" = sentinel ] && ! compgen -G "$T/keep.dfu.*" >/dev/null &&
    ok || bad "killed during the write: $(ls "$T")"
# A character device is written, never replaced (renaming over /dev/null
# would replace the system's). A private node, so a regression breaks nothing.
if [ "$(id -u)" = 0 ] && mknod "$T/null" c 1 3 2>/dev/null; then
    "$BIN" -q fixtures/app.elf -o "$T/null" && [ -c "$T/null" ] && ! compgen -G "$T/null.*" >/dev/null &&
        ok || bad "-o to a character device: $(ls -l "$T/null")"
    rm -f "$T/null"
else
    echo "e2e: skipped: -o to a private character device (mknod needs root)"
fi
# A directory the user cannot write to (as root, run as nobody: root may
# write anywhere).
mkdir -p "$T/ro" && chmod 755 "$T" && chmod 555 "$T/ro" && cp fixtures/app.elf "$T/app.elf" && chmod 644 "$T/app.elf"
as_user=()
[ "$(id -u)" = 0 ] && as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
"${as_user[@]}" "$BIN" -q "$T/app.elf" -o "$T/ro/out.dfu" 2>"$T/stderr"
[ $? = 1 ] && [ -z "$(ls "$T/ro")" ] &&
    [ "$(cat "$T/stderr")" = "elf2dfu: $T/ro/out.dfu: cannot create the output file: Permission denied" ] &&
    ok || bad "read-only directory: $(cat "$T/stderr")"
chmod 700 "$T"
fi

e2e_summary e2e
