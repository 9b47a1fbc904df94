#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# Devices (issue #10): the table, maps pasted from real bootloaders, and
# the checks that catch an image built for another part.
# Usage: tests/e2e/devices.sh BUILD_DIR
BUILD=${1:-build}
. tests/e2e/lib.sh
O=(-o "$T/out.dfu")
DATA=tests/data/dfu-util

# expect_warn NAME 'STDERR' ARGS...: succeeds, writes the file, and says
# exactly this on stderr.
expect_warn() {
    local name=$1 msg=$2
    shift 2
    rm -f "$T"/out.dfu
    if ! "$BIN" "$@" >"$T/stdout" 2>"$T/stderr"; then
        bad "$name: failed: $(head -c 300 "$T/stderr")"
    elif [ "$(cat "$T/stderr")" != "$msg" ]; then
        bad "$name: message"$'\n'"  got:      $(cat "$T/stderr")"$'\n'"  expected: $msg"
    elif [ ! -s "$T/out.dfu" ]; then
        bad "$name: no output file"
    else
        ok
    fi
}

# --- Real dfu-util listings --------------------------------------------------
# Each parses to its golden map (tests/e2e/golden/maps; make golden).
for f in "$DATA"/*.txt; do
    name=$(basename "$f" .txt)
    "$BIN" map -m "@$f" >"$T/map.txt" 2>&1
    diff -u "$GOLD/maps/$name.txt" "$T/map.txt" >/dev/null && ok ||
        bad "map of $f: $(diff -u "$GOLD/maps/$name.txt" "$T/map.txt")"
done
# Standard input, and CRLF line ends, read the same.
"$BIN" map -m @- <"$DATA/l432kc.txt" >"$T/map.txt" 2>&1
diff -u "$GOLD/maps/l432kc.txt" "$T/map.txt" >/dev/null && ok || bad "map -m @-: $(cat "$T/map.txt")"
sed 's/$/\r/' "$DATA/f401cc.txt" >"$T/crlf.txt"
"$BIN" map -m "@$T/crlf.txt" >"$T/map.txt" 2>&1
diff -u "$GOLD/maps/f401cc.txt" "$T/map.txt" >/dev/null && ok || bad "CRLF listing: $(cat "$T/map.txt")"
# A pasted listing gives the suffix its bootloader's IDs (GD32VF103: 28e9:0189, ver=1000).
"$MKELF" "$T/rv.elf" --machine 243 --seg 0x08000000:64
"$BIN" -q -m "@$DATA/gd32vf103cb.txt" "$T/rv.elf" -o "$T/rv.dfu" &&
    [ "$(tail -c 16 "$T/rv.dfu" | od -An -tx1 -N6 | tr -d ' ')" = 00108901e928 ] && ok ||
    bad "IDs from the listing: $(tail -c 16 "$T/rv.dfu" | od -An -tx1)"
# The STM32G0B1's ROM names three alts "Internal Flash" with one layout.
printf '@Internal Flash  /0x08000000/256*02Kg\n%.0s' 1 2 3 >"$T/g0b1.txt"
expect_warn "repeated alts" "elf2dfu: note: the memory map fits STM32F0, STM32F1 connectivity line, STM32F3, STM32G0, STM32G4, STM32L4, STM32L5, STM32C0: write unit 8 bytes, the largest of theirs
elf2dfu: note: alt 1 repeats alt 0's memory (the STM32G0B1/G0C1 ROM reports its alts so): the image goes to alt 0
elf2dfu: note: alt 2 repeats alt 0's memory (the STM32G0B1/G0C1 ROM reports its alts so): the image goes to alt 0" \
    -m "@$T/g0b1.txt" fixtures/multi-m0.elf "${O[@]}"
"$BIN" inspect "$T/out.dfu" | grep -q '^target 0: alt 0 "Internal Flash", 2 elements' && ok ||
    bad "repeated alts: the image is not in alt 0"
# Two devices in one listing: which one is meant cannot be guessed.
cat "$DATA/f401cc.txt" "$DATA/l432kc.txt" >"$T/two.txt"
expect_fail "two devices" 1 "elf2dfu: $T/two.txt: line 16: a second device: keep the lines of one (dfu-util -d VID:PID -l lists only that one)" \
    -m "@$T/two.txt" fixtures/app.elf "${O[@]}"
printf 'Found DFU: [0483:df11] ver=2200, devnum=5, cfg=1, intf=0, alt=0, name="@Internal Flash  /0x08000000/04*016Kx", serial="1"\n' >"$T/bad.txt"
expect_fail "bad listing" 1 "elf2dfu: $T/bad.txt: line 1: alt 0: layout string, column 37: expected a memory type letter a-g
  Found DFU: [0483:df11] ver=2200, devnum=5, cfg=1, intf=0, alt=0, name=\"@Internal Flash  /0x08000000/04*016Kx\", serial=\"1\"
                                                                                                             ^" \
    -m "@$T/bad.txt" fixtures/app.elf "${O[@]}"

# --- The device table ----------------------------------------------------------
# The README lists what the table has (make golden writes the list).
awk '/^<!-- devices:/ {on = 1; next} /^<!-- end devices -->/ {on = 0} on && !/^```/' README.md >"$T/readme-devices.txt"
"$BIN" devices | diff -u "$T/readme-devices.txt" - >"$T/diff" && ok ||
    bad "README's list of parts differs from 'elf2dfu devices' (make golden): $(head -20 "$T/diff")"
"$BIN" devices >"$T/devices.txt" && [ "$(grep -c '^stm32\|^gd32\|^at32\|^apm32' "$T/devices.txt")" -ge 60 ] &&
    ok || bad "devices: $(wc -l <"$T/devices.txt") lines"
# A pattern is taken as -d takes a name: both vendors' F405RG fit "f405rg".
"$BIN" devices f405rg >"$T/one.txt" && [ "$(awk 'NR > 1 {print $1}' "$T/one.txt" | tr '\n' ' ')" = "stm32f405xg gd32f405xg " ] &&
    ok || bad "devices f405rg: $(cat "$T/one.txt")"
expect_fail "devices, no match" 2 "elf2dfu: nosuch: no known part matches" devices nosuch
"$BIN" devices --json stm32f405rg >"$T/d.json" &&
    diff -u "$GOLD/devices-f405.json" "$T/d.json" >/dev/null && ok || bad "devices --json: $(diff -u "$GOLD/devices-f405.json" "$T/d.json")"
"$BIN" map -d stm32f767zi --bank dual --json >"$T/m.json" &&
    diff -u "$GOLD/map-f767-dual.json" "$T/m.json" >/dev/null && ok || bad "map --json: $(diff -u "$GOLD/map-f767-dual.json" "$T/m.json")"
expect_fail "--bank on a part with one organisation" 2 "elf2dfu: stm32f405xg has one flash organisation, which no option bit changes: --bank dual does not apply to it
Try 'elf2dfu --help' for more information." \
    -d stm32f405rg --bank dual fixtures/app.elf "${O[@]}"
# The part's own flash, not its die's (which its ROM reports).
expect_fail "image too big for the part" 1 "elf2dfu: fixtures/toobig.elf: warning: the vector table at 0x08000000 sets the stack pointer to 0x20040000, outside the RAM of stm32f401xb (0x20000000-0x2000FFFF): built for another part?
elf2dfu: fixtures/toobig.elf: image too big for Internal Flash of stm32f401xb (0x08000000-0x0801FFFF, 128 KiB): it reaches 0x0804B0BB, 176316 bytes too many; check -d or make the image smaller" \
    -d stm32f401cb fixtures/toobig.elf "${O[@]}"

# --- An image built for another part -------------------------------------------
"$MKELF" "$T/x86.elf" --64 --machine 62 --seg 0x08000000:64
expect_fail "x86-64 program" 1 "elf2dfu: $T/x86.elf: built for x86-64, not for a microcontroller: pass the firmware's ELF (from arm-none-eabi-gcc or the like), not a program for a computer" \
    "$T/x86.elf" "${O[@]}"
"$MKELF" "$T/rv64.elf" --64 --machine 243 --seg 0x08000000:64
expect_fail "RV64" 1 "elf2dfu: $T/rv64.elf: built for 64-bit RISC-V (RV64): parts with a DfuSe bootloader are 32-bit; wrong file?" \
    -d gd32vf103cb "$T/rv64.elf" "${O[@]}"
expect_fail "RISC-V image for an STM32" 1 "elf2dfu: $T/rv.elf: built for RISC-V, but stm32f722xe is an Arm part (Cortex-M7): wrong file, or wrong -d?" \
    "$T/rv.elf" "${O[@]}"
expect_fail "Arm image for a GD32VF103" 1 "elf2dfu: fixtures/multi-m4.elf: built for Arm (ARMv7E-M), but gd32vf103xb is a RISC-V part (Bumblebee (RV32IMAC)): wrong file, or wrong -d?" \
    -d gd32vf103cb fixtures/multi-m4.elf "${O[@]}"
"$MKELF" "$T/a7.elf" --arm-arch 10:A --seg 0x08000000:64
expect_fail "A profile" 1 "elf2dfu: $T/a7.elf: built for ARMv7-A, not for a Cortex-M (the M profile): check -mcpu (-mcpu=cortex-m4 and the like)" \
    "$T/a7.elf" "${O[@]}"
expect_fail "v8.1-M on a Cortex-M33" 1 "elf2dfu: fixtures/multi-m55.elf: built for ARMv8.1-M Mainline, which stm32u575xi's Cortex-M33 (ARMv8-M Mainline) cannot run: wrong file, or wrong -d?" \
    -d stm32u575zi fixtures/multi-m55.elf "${O[@]}"
expect_fail "v8-M on a Cortex-M4" 1 "elf2dfu: fixtures/multi-m33.elf: built for ARMv8-M Mainline, which stm32f405xg's Cortex-M4 (ARMv7E-M) cannot run: wrong file, or wrong -d?" \
    -d stm32f405rg fixtures/multi-m33.elf "${O[@]}"
expect_fail "v7E-M on a Cortex-M0" 1 "elf2dfu: fixtures/multi-m4.elf: built for ARMv7E-M, which stm32f072xb's Cortex-M0 (ARMv6-M) cannot run: wrong file, or wrong -d?" \
    -d stm32f072rb fixtures/multi-m4.elf "${O[@]}"
expect_warn "v6-M on the default Cortex-M7" "elf2dfu: fixtures/multi-m0.elf: warning: built for ARMv6-M, which stm32f722xe's Cortex-M7 (ARMv7E-M) runs, but images for it are usually built for another part: check -d" \
    -q fixtures/multi-m0.elf "${O[@]}"
expect_warn "an H7 image without -d" "elf2dfu: fixtures/axi.elf: warning: the vector table at 0x08000000 sets the stack pointer to 0x24080000, outside the RAM of stm32f722xe (0x20000000-0x2003FFFF): built for another part?" \
    -q fixtures/axi.elf "${O[@]}"
expect_warn "the H7 image with -d" "" -q -d stm32h743zi fixtures/axi.elf "${O[@]}"
printf '\x00\x10\x00\x20\x00\x01\x00\x08' >"$T/vt.bin"
head -c 248 /dev/zero >>"$T/vt.bin"
"$MKELF" "$T/even.elf" --arm-arch 13:M --seg-file "0x08000000:$T/vt.bin"
expect_warn "reset vector without the Thumb bit" "elf2dfu: $T/even.elf: warning: the vector table at 0x08000000 has reset vector 0x08000100 without the Thumb bit: a Cortex-M faults on it; is this a vector table?" \
    -q "$T/even.elf" "${O[@]}"
printf '\x00\x10\x00\x20\x01\x00\x10\x08' | dd of="$T/vt.bin" conv=notrunc status=none
"$MKELF" "$T/far.elf" --arm-arch 13:M --seg-file "0x08000000:$T/vt.bin"
expect_warn "reset vector outside the image" "elf2dfu: $T/far.elf: warning: the vector table at 0x08000000 has reset vector 0x08100001, outside the image: the part would start code that is not in this file" \
    -q "$T/far.elf" "${O[@]}"

# --- Refusals that name what is near -------------------------------------------
expect_fail "read-only memory" 1 "elf2dfu: fixtures/app.elf: segment 0 (.isr_vector ... .rodata) at 0x08000000 is in read-only memory (Flash, alt 0); the nearest writable memory is Flash (alt 0) at 0x08008000-0x0801FFFF" \
    -q --align 8 -m '@Flash /0x08000000/2*16Ka,6*16Kg' fixtures/app.elf "${O[@]}"
"$MKELF" "$T/keil.elf" --comment "Component: ARM Compiler 5.06 update 7 (build 960) Tool: armlink [4d3601]" --seg 0x08000000:64 --seg 0x20000000:8
expect_fail "RAM hint, armlink" 1 "elf2dfu: $T/keil.elf: segment 1 (.seg1) at 0x20000000-0x20000007 is outside every writable memory of stm32f722xe; nearest is Option Bytes (alt 1) at 0x1FFF0000-0x1FFF002F; that is RAM: in the scatter file, does this execution region sit in a load region in RAM? RW data must be in a load region in flash (LR_IROM1)" \
    "$T/keil.elf" "${O[@]}"
"$MKELF" "$T/iar.elf" --comment "IAR ELF Linker V9.30.1.335/W64 for ARM" --seg 0x08000000:64 --seg 0x20000000:8
expect_fail "RAM hint, IAR" 1 "elf2dfu: $T/iar.elf: segment 1 (.seg1) at 0x20000000-0x20000007 is outside every writable memory of stm32f722xe; nearest is Option Bytes (alt 1) at 0x1FFF0000-0x1FFF002F; that is RAM: does the linker configuration (.icf) lack 'initialize by copy' for this data, so that its initial values are placed in flash?" \
    "$T/iar.elf" "${O[@]}"
expect_fail "RAM hint, GNU ld" 1 "elf2dfu: fixtures/ram.elf: segment 1 (.data) at 0x20000000-0x20000003 is outside every writable memory of stm32f722xe; nearest is Option Bytes (alt 1) at 0x1FFF0000-0x1FFF002F; that is RAM: does the linker script lack 'AT> FLASH' for this section?" \
    fixtures/ram.elf "${O[@]}"
# Read-out protection level 2 is refused for every part (test_plan checks
# each one); here the message for a part other than the default.
printf '\xaa\xcc\xff\xff%.0s' 1 2 3 4 | head -c 16 >"$T/ob.bin"
poke "$T/ob.bin" 0 aacc
"$MKELF" "$T/rdp2-f4.elf" --seg 0x08000000:64 --seg-file "0x1FFFC000:$T/ob.bin"
expect_fail "RDP level 2 on an F405" 1 "elf2dfu: $T/rdp2-f4.elf: segment 1 (.seg1) sets read-out protection level 2 (0xCC at 0x1FFFC001): the chip could never be flashed or debugged again; pass --allow-rdp2 only if that is what you want" \
    -d stm32f405rg "$T/rdp2-f4.elf" "${O[@]}"

e2e_summary devices
