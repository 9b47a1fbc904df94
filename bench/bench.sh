#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# make bench: elf2dfu against the floor references (cp of the raw payload,
# objcopy -O binary) on synthetic ELFs. Not a test: it prints numbers.
# Usage: bench/bench.sh BUILD_DIR [RUNS]
set -eu
BUILD=${1:-build}
RUNS=${2:-11}
BIN=$BUILD/elf2dfu
MKELF=$BUILD/tools/mkelf
MKHEX=$BUILD/tools/mkhex
FLOOR=$BUILD/bench/libelf_floor # libelf's own memory for the same file
W=$BUILD/bench
MAP='@Internal Flash /0x08000000/1024*128Kg' # 128 MiB: room for every case
OBJCOPY=$(command -v arm-none-eabi-objcopy || command -v objcopy)
mkdir -p "$W"

# name | mkelf arguments
CASES=(
    "64KiB|--seg 0x08000000:65536"
    "2MiB|--seg 0x08000000:2097152"
    "64MiB|--seg 0x08000000:67108864"
    "2MiB/1k-segs|--many 1000:0x08000000:2097:2104"
    "2MiB/100k-segs|--many 100000:0x08000000:21:24"
)

now() { echo "${EPOCHREALTIME/./}"; } # microseconds, no fork

median() { sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }

# time_runs OUTVAR CMD...: median wall time in microseconds over RUNS runs.
time_runs() {
    local -n out=$1
    shift
    local t0 t1 i
    : >"$W/times"
    for ((i = 0; i < RUNS; i++)); do
        t0=$(now)
        "$@" >/dev/null 2>&1
        t1=$(now)
        echo $((t1 - t0)) >>"$W/times"
    done
    out=$(median <"$W/times")
}

peak_rss_kib() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1; }

printf '%-15s %10s %9s %9s %9s %7s %7s %9s %7s %9s\n' case payload elf2dfu cp objcopy "/cp" "/objcp" "RSS KiB" "RSS/pl" "libelf"
for c in "${CASES[@]}"; do
    name=${c%%|*}
    args=${c#*|}
    elf="$W/${name//\//-}.elf"
    # shellcheck disable=SC2086
    [ -f "$elf" ] || "$MKELF" "$elf" $args
    "$OBJCOPY" -O binary "$elf" "$W/payload.bin"
    payload=$(stat -c %s "$W/payload.bin")
    "$BIN" -q -m "$MAP" "$elf" -o "$W/out.dfu" # warm the page cache
    time_runs t_e2d "$BIN" -q -m "$MAP" "$elf" -o "$W/out.dfu"
    time_runs t_cp cp "$W/payload.bin" "$W/copy.bin"
    # objcopy takes about 20 s per run on 100,000 sections: 3 runs are enough.
    [[ $name == *100k* ]] && { saved=$RUNS; RUNS=3; }
    time_runs t_oc "$OBJCOPY" -O binary "$elf" "$W/objcopy.bin"
    [[ $name == *100k* ]] && RUNS=$saved
    rss=$(peak_rss_kib "$BIN" -q -m "$MAP" "$elf" -o "$W/out.dfu")
    floor=$(peak_rss_kib "$FLOOR" "$elf")
    printf '%-15s %10d %7.1fms %7.1fms %7.1fms %7.2f %7.2f %9d %7.2f %9d\n' "$name" "$payload" \
        "$(echo "$t_e2d / 1000" | bc -l)" "$(echo "$t_cp / 1000" | bc -l)" "$(echo "$t_oc / 1000" | bc -l)" \
        "$(echo "$t_e2d / $t_cp" | bc -l)" "$(echo "$t_e2d / $t_oc" | bc -l)" "$rss" \
        "$(echo "$rss * 1024 / $payload" | bc -l)" "$floor"
done
echo "(median of $RUNS runs each; RSS/pl = peak RSS / payload size;"
echo " libelf = peak RSS KiB of a program that only opens the file with libelf and reads its headers)"

# Text inputs: the 64 MiB payload as Intel HEX (16-byte records, about
# 185 MB) and S-record (about 197 MB): against cp of the text and objcopy
# reading it (targets: within 3x cp, and HEX 10x faster than objcopy;
# peak RSS at most payload + 16 MiB).
echo
printf '%-15s %10s %9s %9s %9s %7s %7s %9s %7s\n' case text elf2dfu "cp text" objcopy "/cp" "/objcp" "RSS KiB" "RSS-pl"
[ -f "$W/payload64.bin" ] || head -c 67108864 /dev/urandom >"$W/payload64.bin"
for fmt in ihex srec; do
    text="$W/payload64.$fmt"
    [ -f "$text" ] || "$MKHEX" "$text" $fmt 0x08000000:"$W/payload64.bin"
    "$BIN" -q -m "$MAP" "$text" -o "$W/out.dfu" 2>/dev/null # warm the page cache
    time_runs t_e2d "$BIN" -q -m "$MAP" "$text" -o "$W/out.dfu"
    time_runs t_cp cp "$text" "$W/copy.txt"
    saved=$RUNS
    RUNS=3 # objcopy takes over a second
    time_runs t_oc "$OBJCOPY" -I $fmt -O binary "$text" "$W/objcopy.bin"
    RUNS=$saved
    rss=$(peak_rss_kib "$BIN" -q -m "$MAP" "$text" -o "$W/out.dfu")
    printf '%-15s %10d %7.1fms %7.1fms %7.1fms %7.2f %7.2f %9d %6dK\n' "64MiB $fmt" "$(stat -c %s "$text")" \
        "$(echo "$t_e2d / 1000" | bc -l)" "$(echo "$t_cp / 1000" | bc -l)" "$(echo "$t_oc / 1000" | bc -l)" \
        "$(echo "$t_e2d / $t_cp" | bc -l)" "$(echo "$t_e2d / $t_oc" | bc -l)" "$rss" "$((rss - 65536))"
done
rm -f "$W/copy.txt" "$W/objcopy.bin"

# inspect with a memory map: the dfu-util erase simulation must stay linear
# in elements and sectors (target: each under 0.2 s).
# name | mkelf arguments | layout of the device
INSPECT_CASES=(
    "65,536 elements|--many 65536:0x08000000:16:512|@Flash /0x08000000/131072*256Bg"
    "1 element, 262,144 sectors|--seg 0x08000000:16777216|@Flash /0x08000000/262144*64Bg"
)
echo
printf '%-28s %10s %9s\n' "inspect -m" "file" "time"
for c in "${INSPECT_CASES[@]}"; do
    IFS='|' read -r name args layout <<<"$c"
    elf="$W/inspect-${name//[^0-9a-z]/_}.elf"
    # shellcheck disable=SC2086
    [ -f "$elf" ] || "$MKELF" "$elf" $args
    "$BIN" -q -m "$layout" "$elf" -o "$W/inspect.dfu"
    time_runs t_insp "$BIN" inspect -m "$layout" "$W/inspect.dfu"
    printf '%-28s %10d %7.1fms\n' "$name" "$(stat -c %s "$W/inspect.dfu")" "$(echo "$t_insp / 1000" | bc -l)"
done

if command -v valgrind >/dev/null; then
    ir=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null "$BIN" -q -m "$MAP" "$W/2MiB.elf" \
        -o "$W/out.dfu" 2>&1 | sed -n 's/.*Collected : \([0-9]*\).*/\1/p')
    echo "instructions (callgrind, 2MiB case): $ir"
fi
