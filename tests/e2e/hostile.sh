#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# Hostile use (issue #13): inputs that change underfoot, signals, broken
# DfuSe files for inspect, and the option and message corner cases. Each
# check failed on 5712d36.
# Usage: tests/e2e/hostile.sh BUILD_DIR
BUILD=${1:-build}
. tests/e2e/lib.sh
MKDFU=$BUILD/tools/mkdfu
O=(-o "$T/out.dfu")
HINT="Try 'elf2dfu --help' for more information."

# strace: LeakSanitizer stops the world with ptrace at exit, which fails
# under a tracer and turns the exit status into its own. Leaks on these
# paths are test_input's and the valgrind pass's to find.
NO_LEAK_CHECK=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0
traced() {
    ASAN_OPTIONS=$NO_LEAK_CHECK strace "$@"
}

# run_while FILE ACTION -- ARGS...: runs elf2dfu with ARGS, holds it for
# 0.6 s right after it maps FILE (strace delays that mmap's return), does
# ACTION to FILE meanwhile, and leaves exit status in $rc, stderr in $T/stderr.
# The action waits until the mapping shows in /proc: a slow start (ASan,
# a loaded machine) must not let it land before elf2dfu opened the file.
run_while() {
    local file=$1 action=$2 i c
    shift 3
    # (strace itself in the background, not a function: $! must be its pid)
    ASAN_OPTIONS=$NO_LEAK_CHECK strace -o /dev/null -P "$file" -e trace=mmap \
        -e inject=mmap:delay_exit=600000 "$BIN" "$@" >"$T/stdout" 2>"$T/stderr" &
    local pid=$!
    # strace forks short-lived children of its own to probe the kernel: look
    # at every child each time.
    for ((i = 0; i < 1000; i++)); do
        for c in $(pgrep -P $pid); do
            grep -qF "$file" "/proc/$c/maps" 2>/dev/null && break 2
        done
        sleep 0.01
    done
    # File times tick with the kernel's clock (a few ms): a change in the
    # same tick as elf2dfu's fstat would look like no change.
    sleep 0.05
    case "$action" in
    truncate) truncate -s 0 "$file" ;;
    overwrite) printf 'XXXXXXXX' | dd of="$file" bs=1 seek=300 conv=notrunc status=none ;;
    esac
    wait $pid
    rc=$?
}

# --- 1. Inputs that change while elf2dfu reads them -------------------------
if [ "${VALGRIND:-}" != 1 ]; then # valgrind and strace cannot share a process
    for action in truncate overwrite; do
        want="truncated by another program"
        [ $action = overwrite ] && want="another program wrote to it"
        cp fixtures/app.elf "$T/moving.elf"
        rm -f "$T/out.dfu"
        run_while "$T/moving.elf" $action -- -q "$T/moving.elf" -o "$T/out.dfu"
        [ $rc = 1 ] && [ ! -e "$T/out.dfu" ] &&
            [ "$(cat "$T/stderr")" = "elf2dfu: $T/moving.elf: changed while being read ($want); run again once it is complete" ] &&
            ok || bad "convert, input $action: exit $rc, $(cat "$T/stderr")"
        cp fixtures/otp.dfu "$T/moving.dfu"
        run_while "$T/moving.dfu" $action -- inspect "$T/moving.dfu"
        [ $rc = 1 ] && [ ! -s "$T/stdout" ] &&
            [ "$(cat "$T/stderr")" = "elf2dfu: $T/moving.dfu: changed while being read ($want); run again once it is complete" ] &&
            ok || bad "inspect, input $action: exit $rc, $(cat "$T/stderr")"
        cp fixtures/otp.dfu "$T/moving.dfu"
        run_while "$T/moving.dfu" $action -- verify "$T/moving.dfu" fixtures/otp.elf
        [ $rc = 1 ] && grep -q "^elf2dfu: $T/moving.dfu: changed while being read ($want)" "$T/stderr" &&
            ok || bad "verify, input $action: exit $rc, $(cat "$T/stderr")"
        cp fixtures/otp.dfu "$T/moving.dfu"
        mkdir -p "$T/xm" && rm -f "$T"/xm/*
        run_while "$T/moving.dfu" $action -- extract -o "$T/xm" "$T/moving.dfu"
        [ $rc = 1 ] && [ -z "$(ls "$T/xm")" ] && grep -q "changed while being read ($want)" "$T/stderr" &&
            ok || bad "extract, input $action: exit $rc, $(cat "$T/stderr"; ls "$T/xm")"
    done
    # With --json the truncation still ends in one error document.
    cp fixtures/otp.dfu "$T/moving.dfu"
    run_while "$T/moving.dfu" truncate -- inspect --json "$T/moving.dfu"
    [ $rc = 1 ] && grep -q '"message": "changed while being read (truncated by another program); run again once it is complete"' "$T/stdout" &&
        [ "$(grep -c '^{' "$T/stdout")" = 1 ] && ok || bad "inspect --json, input truncated: $(cat "$T/stdout")"

    # --- 5. A named temporary file is removed when a signal ends the run ----
    # Where O_TMPFILE is missing (FUSE, some network file systems) the output
    # is written under a name first. The n-th openat is the O_TMPFILE one;
    # strace makes it fail, then delivers the signal at the first write.
    mkdir -p "$T/sig"
    traced -o "$T/trace" -e trace=openat "$BIN" -q fixtures/app.elf -o "$T/sig/probe.dfu"
    n=$(grep -n O_TMPFILE "$T/trace" | head -1 | cut -d: -f1)
    for sig in INT TERM HUP; do
        echo sentinel >"$T/sig/out.dfu"
        # (in a subshell that exits normally: bash reports a child's death
        # by a signal on its own stderr)
        (traced -o /dev/null -e trace=openat,write -e inject=openat:error=EOPNOTSUPP:when="$n" \
            -e inject=write:signal=$sig:when=1 "$BIN" -q fixtures/app.elf -o "$T/sig/out.dfu"
            exit $?) 2>/dev/null
        rc=$?
        # A signal ignored where the suite runs (nohup, a background job
        # without job control) is ignored by elf2dfu too: the run completes.
        if (($(printf '%d' "0x$(awk '/^SigIgn:/ {print $2}' /proc/self/status)") >> ($(kill -l $sig) - 1) & 1)); then
            [ $rc = 0 ] && cmp -s "$T/sig/out.dfu" fixtures/app.dfu &&
                ! compgen -G "$T/sig/out.dfu.tmp.*" >/dev/null && ok ||
                bad "SIG$sig (ignored here) during the write: exit $rc, left $(ls "$T/sig")"
            continue
        fi
        [ $rc = $((128 + $(kill -l $sig))) ] && [ "$(cat "$T/sig/out.dfu")" = sentinel ] &&
            ! compgen -G "$T/sig/out.dfu.tmp.*" >/dev/null && ok ||
            bad "SIG$sig during the write: exit $rc, left $(ls "$T/sig")"
    done
    # The same run without the signal does use a named temporary file.
    traced -o "$T/trace" -e trace=openat -e inject=openat:error=EOPNOTSUPP:when="$n" \
        "$BIN" -q fixtures/app.elf -o "$T/sig/out.dfu" && grep -q 'out.dfu.tmp' "$T/trace" &&
        cmp -s "$T/sig/out.dfu" fixtures/app.dfu && ok || bad "named temporary file fallback"
fi

# --- 2. A write unit larger than a sector would erase sectors without payload -
"$MKELF" "$T/al.elf" --seg 0x08008000:16:0x11
expect_fail "--align 65536 over 16 KiB sectors" 1 "elf2dfu: $T/al.elf: the 65536-byte write unit pads the data at 0x08008000-0x0800800F into sector 0 of Internal Flash (0x08000000, 16 KiB), which holds none of it: dfu-util would erase that sector; use a write unit no larger than the sectors" \
    -v --align 65536 "$T/al.elf" "${O[@]}"
"$BIN" -v -n --align 16384 "$T/al.elf" | grep -q 'erases sector 2 (16 KiB)' && ok || bad "--align 16384 keeps to sector 2"

# --- 3. inspect finds what breaks every device, without -d or -m --------------
"$MKDFU" "$T/faults.dfu" "0:Internal Flash=0x08000100+16,0x08000000+0,0x08000000+32,0x08000108+8,0xFFFFFFF8+16"
"$BIN" inspect "$T/faults.dfu" >"$T/insp.txt"
rc=$?
for code in zero-length not-ascending overlap wraps-4gib; do
    grep -q "^  error    alt 0 0x[0-9A-F]\{8\}: .* \[$code\]$" "$T/insp.txt" && ok || bad "inspect without a map: no [$code]: $(cat "$T/insp.txt")"
done
[ $rc = 1 ] && grep -q '^result: 5 errors, 0 warnings, 0 notes$' "$T/insp.txt" && ok || bad "inspect faults: exit $rc, $(tail -1 "$T/insp.txt")"
grep -q '^  error    alt 0 0xFFFFFFF8: target 0 element 4 (0xFFFFFFF8, 16 bytes) runs past the end of the 4 GiB address space \[wraps-4gib\]$' "$T/insp.txt" &&
    ok || bad "wraps-4gib message: $(grep wraps "$T/insp.txt")"
# Two targets for one alt that write the same OTP bytes (dfu-util writes both).
"$MKDFU" "$T/twice.dfu" "2:OTP Memory=0x1FF07800+32/1" "0:Internal Flash=0x08000000+256" "2:OTP Memory=0x1FF07810+16/9"
for map in "" "-d stm32f722xe"; do
    # shellcheck disable=SC2086
    "$BIN" inspect $map "$T/twice.dfu" >"$T/insp.txt"
    [ $? = 1 ] && grep -q '^  error    alt 2 0x1FF07810: target 2 element 0 (0x1FF07810-0x1FF0781F) overlaps target 0 element 0 (0x1FF07800-0x1FF0781F): dfu-util writes those bytes twice, the second time over data \[overlap\]$' "$T/insp.txt" &&
        ok || bad "inspect $map: overlapping targets of one alt: $(cat "$T/insp.txt")"
done

# --- 4. verify pads by memory kind, as the converter does ----------------------
"$BIN" -q --fill 0 fixtures/otp.elf -o "$T/o0.dfu" && "$BIN" verify --fill 0 "$T/o0.dfu" fixtures/otp.elf >"$T/ver.txt" &&
    grep -q ': matches (181 bytes compared)$' "$T/ver.txt" && ok || bad "verify --fill 0 of its own output: $(cat "$T/ver.txt")"
"$BIN" verify --fill 0 fixtures/otp.dfu fixtures/otp.elf >/dev/null && bad "verify --fill 0 accepts 0xFF flash padding" || ok

# --- 6. Untrusted target names are printed escaped ---------------------------
"$MKDFU" "$T/esc.dfu" --name-hex "411b5b324a0a726573756c743a2030206572726f7273" "0=0x08000000+8"
"$BIN" inspect "$T/esc.dfu" >"$T/insp.txt"
grep -q '^target 0: alt 0 "A\\x1b\[2J\\x0aresult: 0 errors", 1 element, 8 bytes$' "$T/insp.txt" &&
    ! grep -q $'\x1b' "$T/insp.txt" && [ "$(grep -c '^result:' "$T/insp.txt")" = 1 ] && ok ||
    bad "target name escaping: $(cat -A "$T/insp.txt" | head -5)"

# --- 7. Option bytes of an unknown layout are refused unless asked ------------
"$MKELF" "$T/ob.elf" --seg 0x08000000:64 --seg 0x1FF80000:32:0xC0
OBMAP=(--align 8 -m '@Internal Flash /0x08000000/8*16Kg' -m '@Option Bytes /0x1FF80000/01*032 e')
expect_fail "option bytes, RDP unknown" 1 "elf2dfu: $T/ob.elf: segment 1 (.seg1) writes option bytes (Option Bytes, alt 1, at 0x1FF80000) whose layout is not known: read-out protection level 2, which locks the chip forever, cannot be ruled out; use -d with the part, or check the bytes and pass --allow-unchecked-option-bytes" \
    "${OBMAP[@]}" "$T/ob.elf" "${O[@]}"
"$BIN" -q --allow-unchecked-option-bytes "${OBMAP[@]}" "$T/ob.elf" -o "$T/ob.dfu" 2>"$T/stderr" && [ -s "$T/ob.dfu" ] &&
    [ "$(cat "$T/stderr")" = "elf2dfu: $T/ob.elf: warning: Option Bytes (alt 1): read-out protection byte unknown for this layout; option bytes not checked for level 2" ] &&
    ok || bad "--allow-unchecked-option-bytes: $(cat "$T/stderr")"

# --- 9. Numbers: decimal or 0x, never octal; USB IDs in hex -------------------
"$BIN" -q --vid 0483 --pid 0100 --did 2200 fixtures/app.elf -o "$T/ids.dfu" &&
    [ "$(tail -c 16 "$T/ids.dfu" | od -An -tx1 -N6 | tr -d ' ')" = 002200018304 ] && ok || bad "hex USB IDs without 0x"
"$BIN" -q --fill 010 fixtures/odd.elf -o "$T/f10.dfu" && "$CHECK" "$T/f10.dfu" fixtures/odd.elf --fill 10 >/dev/null &&
    ok || bad "--fill 010 is ten"
expect_fail "--align 010 is ten" 2 "elf2dfu: --align: '010' is not a power of two from 1 to 65536"$'\n'"$HINT" --align 010 fixtures/app.elf "${O[@]}"

# --- 10. --json: one document, also on failure --------------------------------
"$BIN" inspect --json "$T/missing.dfu" >"$T/out.json" 2>/dev/null
[ $? = 1 ] && [ "$(cat "$T/out.json")" = '{
  "error": {
    "message": "cannot open: No such file or directory",
    "file": "'"$T"'/missing.dfu",
    "exit": 1
  }
}' ] && ok || bad "inspect --json on a missing file: $(cat "$T/out.json")"
"$BIN" verify --json fixtures/app.dfu >"$T/out.json" 2>/dev/null
[ $? = 2 ] && grep -q '"message": "verify takes a DfuSe file and at least one input"' "$T/out.json" &&
    grep -q '"exit": 2' "$T/out.json" && ok || bad "verify --json usage error: $(cat "$T/out.json")"
"$BIN" inspect --json --frob fixtures/app.dfu >"$T/out.json" 2>/dev/null
[ $? = 2 ] && grep -q "\"message\": \"unknown option '--frob'\"" "$T/out.json" && ok || bad "--json with an unknown option: $(cat "$T/out.json")"

# --- 11. A failed write to standard output is an error ------------------------
for cmd in "inspect fixtures/otp.dfu" "inspect --json fixtures/otp.dfu" "verify fixtures/otp.dfu fixtures/otp.elf" \
    "extract -o $T/x11 fixtures/otp.dfu" "--help" "fixtures/app.elf -o $T/full.dfu"; do
    mkdir -p "$T/x11"
    # shellcheck disable=SC2086
    "$BIN" $cmd >/dev/full 2>"$T/stderr"
    rc=$?
    [ $rc = 1 ] && [ "$(cat "$T/stderr")" = "elf2dfu: standard output: write error: No space left on device" ] &&
        ok || bad "$cmd >/dev/full: exit $rc, $(cat "$T/stderr")"
done

# --- 12. extract and bad files; -n and the writer's limits; longer suffixes ----
cp fixtures/app.dfu "$T/bad.dfu"
poke "$T/bad.dfu" 300 00
mkdir -p "$T/x12"
expect_fail "extract from a file with a bad CRC" 1 "elf2dfu: $T/bad.dfu: dwCRC is 0x3AA4DFB8, expected 0x6A238742 (the file is corrupt; every client refuses it) (see elf2dfu inspect; --force extracts anyway)" \
    extract -o "$T/x12" "$T/bad.dfu"
[ -z "$(ls "$T/x12")" ] && ok || bad "extract wrote from a bad file: $(ls "$T/x12")"
"$BIN" extract --force -o "$T/x12" "$T/bad.dfu" >"$T/stdout" 2>"$T/stderr" && [ -s "$T/x12/bad-alt0-0x08000000.bin" ] &&
    grep -q '^elf2dfu: .*bad.dfu: warning: dwCRC is 0x3AA4DFB8, expected 0x6A238742 .*; extracting anyway (--force)$' "$T/stderr" &&
    ok || bad "extract --force: $(cat "$T/stderr")"
# 256 alternate settings, one segment each: DfuSe counts targets in a byte.
args=()
for ((i = 0; i < 256; i++)); do
    args+=(-m "@M$i /0x$(printf %08X $((0x10000000 + i * 0x1000)))/1*4Kg")
    segs+=(--seg "0x$(printf %08X $((0x10000000 + i * 0x1000))):8")
done
"$MKELF" "$T/256.elf" "${segs[@]}"
expect_fail "-n with 256 targets" 1 "elf2dfu: $T/256.elf: 256 targets: DfuSe allows at most 255" -n --align 4 "${args[@]}" "$T/256.elf" "${O[@]}"
# A 17-byte suffix, as the DFU spec allows: dfu-suffix and fwupd take it.
{ head -c -16 fixtures/app.dfu; printf '\0'; tail -c 16 fixtures/app.dfu; } >"$T/s17.dfu"
size=$(stat -c %s "$T/s17.dfu")
printf '\x11' | dd of="$T/s17.dfu" bs=1 seek=$((size - 5)) conv=notrunc status=none
"$CHECK" --fix-crc "$T/s17.dfu"
"$BIN" inspect "$T/s17.dfu" >"$T/insp.txt" && grep -q '^  warning  offset 585: bLength is 17: a suffix longer than the usual 16 bytes (dfu-util and fwupd accept it; other tools may not) \[suffix-length\]$' "$T/insp.txt" &&
    grep -q '^target 0: alt 0 "Internal Flash", 1 element, 280 bytes$' "$T/insp.txt" && ok || bad "17-byte suffix: $(cat "$T/insp.txt")"
"$BIN" verify "$T/s17.dfu" fixtures/app.elf >/dev/null && ok || bad "verify a file with a 17-byte suffix"

# --- 14. Messages ------------------------------------------------------------------
expect_fail "-o ''" 2 "elf2dfu: -o: the output file name is empty"$'\n'"$HINT" fixtures/app.elf -o ''
mkdir -p "$T/odir"
expect_fail "-o DIR/" 1 "elf2dfu: $T/odir/: ends with '/', so it names a directory: give a file name (such as $T/odir/firmware.dfu)" fixtures/app.elf -o "$T/odir/"
expect_fail "-o to a missing DIR/" 1 "elf2dfu: $T/nodir/: ends with '/', so it names a directory: give a file name (such as $T/nodir/firmware.dfu)" fixtures/app.elf -o "$T/nodir/"
ln -sf "$T/loop1" "$T/loop2" && ln -sf "$T/loop2" "$T/loop1"
expect_fail "-o to a symlink loop" 1 "elf2dfu: $T/loop1: is a loop of symbolic links: remove or fix them" fixtures/app.elf -o "$T/loop1"
"$MKELF" "$T/p0.elf" --seg 0:64:0x10:0x08000000 --seg 0:32:0x10:0x08000100
"$BIN" -q "$T/p0.elf" -o "$T/p0.dfu" 2>"$T/stderr" &&
    [ "$(cat "$T/stderr")" = "elf2dfu: $T/p0.elf: warning: every loadable segment has load address 0 (p_paddr unset): placing them at their run addresses (p_vaddr), as objcopy does" ] &&
    [ "$(od -An -tx4 -j $((11 + 274)) -N4 "$T/p0.dfu" | tr -d ' ')" = 08000000 ] &&
    ok || bad "p_paddr 0 everywhere: $(cat "$T/stderr")"
# Standard input and pipes are read into memory.
"$BIN" -q - -o "$T/stdin.dfu" <fixtures/app.elf && cmp -s "$T/stdin.dfu" fixtures/app.dfu && ok || bad "input from standard input"
cat fixtures/app.elf | "$BIN" -q - -o - >"$T/pipe.dfu" && cmp -s "$T/pipe.dfu" fixtures/app.dfu && ok || bad "a pipe in, standard output out"
"$BIN" -q <(cat fixtures/app.elf) -o "$T/fd.dfu" && cmp -s "$T/fd.dfu" fixtures/app.dfu && ok || bad "a pipe given by name"
expect_fail "standard input without -o" 2 "elf2dfu: reading standard input: name the output with -o FILE (-o - for standard output)"$'\n'"$HINT" - </dev/null
expect_fail "/proc/cpuinfo" 1 "elf2dfu: /proc/cpuinfo: not an ELF, Intel HEX or S-record file (no \\177ELF signature, no ':' or 'S' record at the start): for a raw binary give its address, FILE@0x08000000" /proc/cpuinfo "${O[@]}"
"$BIN" -v -n fixtures/otp.elf | grep -q '^  1    0x1FF07A00 0x1FF07A07          8  -        7$' && ok || bad "OTP elements show no sectors"
"$BIN" -v -n fixtures/odd.elf | grep -q '^note: segment 2 (0x08004003, 9 bytes): 1 byte not covered' && ok || bad "1 byte, not 1 bytes"

# --- 15. An allocated section outside every loadable segment is named -----------
"$MKELF" "$T/orphan.elf" --seg 0x08000000:64 --orphan 0x08001000:32
"$BIN" -q "$T/orphan.elf" -o "$T/orphan.dfu" 2>"$T/stderr" &&
    [ "$(cat "$T/stderr")" = "elf2dfu: $T/orphan.elf: warning: section .seg1 (32 bytes at file offset 0xb4) is allocated but in no loadable segment (PT_LOAD): not programmed" ] &&
    ok || bad "orphan section: $(cat "$T/stderr")"

# --- 16. A replaced output keeps its mode ----------------------------------------
echo old >"$T/mode.dfu" && chmod 600 "$T/mode.dfu"
"$BIN" -q fixtures/app.elf -o "$T/mode.dfu" && [ "$(stat -c %a "$T/mode.dfu")" = 600 ] && ok || bad "mode 600 lost"

# --- 17. verify takes any number of inputs ---------------------------------------
mapfile -t many < <(for i in $(seq 70); do echo fixtures/otp.dfu; done)
"$BIN" verify fixtures/otp.dfu "${many[@]}" >/dev/null && ok || bad "verify with 70 inputs"

# --- 18. Option errors name the option --------------------------------------------
expect_fail "-Dx" 2 "elf2dfu: unknown option '-D'"$'\n'"$HINT" -Dstm32f722xe fixtures/app.elf "${O[@]}"
expect_fail "--json=yes" 2 "elf2dfu: option '--json' takes no value"$'\n'"$HINT" inspect --json=yes fixtures/app.dfu
expect_fail "--verbose=1" 2 "elf2dfu: option '--verbose' takes no value"$'\n'"$HINT" --verbose=1 fixtures/app.elf "${O[@]}"
expect_fail "-v -Zx" 2 "elf2dfu: unknown option '-Z'"$'\n'"$HINT" --sync -Zx fixtures/app.elf "${O[@]}"
expect_fail "ambiguous --a" 2 "elf2dfu: option '--a' is ambiguous: give more of its name"$'\n'"$HINT" --a 8 fixtures/app.elf "${O[@]}"

e2e_summary hostile
