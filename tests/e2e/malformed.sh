#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# The malformed-input table (tests/e2e/malformed.table): each broken input
# must give its exact message and exit status, print nothing on stdout,
# leave no output file, and (in the ASan build) not trip a sanitizer.
# Usage: tests/e2e/malformed.sh BUILD_DIR [--print]
BUILD=${1:-build}
. tests/e2e/lib.sh
PRINT=${2:-}

# Inputs the rows start from.
"$MKELF" "$T/m32.elf" --seg 0x08000000:64
"$MKELF" "$T/m64.elf" --64 --seg 0x08000000:64
cp fixtures/app.dfu "$T/app.dfu"

rows=0
while IFS='|' read -r kind name base pokes trunc fixcrc code msg; do
    case "$kind" in '' | \#*) continue ;; esac
    rows=$((rows + 1))
    in="$T/in-$name"
    case "$kind" in
    text) printf '%b' "$base" >"$in" ;; # the row holds the file, "\n" for line breaks
    elf | dfu)
        cp "$T/$base" "$in"
        IFS=';' read -ra edits <<<"$pokes"
        for e in "${edits[@]}"; do [ -n "$e" ] && poke "$in" "${e%%=*}" "${e#*=}"; done
        [ -n "$trunc" ] && truncate -s "$trunc" "$in"
        [ "$fixcrc" = crc ] && "$CHECK" --fix-crc "$in"
        ;;
    esac
    case "$kind" in
    elf | text) args=("$in" -o "$T/out.dfu") ;;
    dfu) args=(inspect "$in") ;;
    map) args=(-m "$base" fixtures/app.elf -o "$T/out.dfu") ;;
    esac
    if [ "$PRINT" = --print ]; then
        "$BIN" "${args[@]}" >/dev/null 2>"$T/stderr"
        echo "$name: exit $?: $(cat "$T/stderr")"
        continue
    fi
    if [ "$kind" = dfu ]; then
        # inspect reports format problems on stdout with exit 1; fatal ones on stderr.
        "$BIN" "${args[@]}" >"$T/stdout" 2>"$T/stderr"
        rc=$?
        got=$(grep -h -e '^  error' -e '^elf2dfu:' "$T/stdout" "$T/stderr" | head -1 | sed "s|$in|FILE|")
        [ "$rc" = "$code" ] && [ "$got" = "$msg" ] && ok ||
            bad "$name: exit $rc (expected $code)"$'\n'"  got:      $got"$'\n'"  expected: $msg"
    else
        # A layout error shows the string with a caret under the fault:
        # "\n" in the table stands for the line breaks.
        [ "$kind" = map ] && msg=$(printf '%b' "$msg")
        expect_fail "$name" "$code" "${msg//FILE/$in}" "${args[@]}"
    fi
done <tests/e2e/malformed.table
[ "$rows" -ge 40 ] && ok || bad "the table has $rows rows, fewer than 40"
e2e_summary "malformed inputs ($rows rows)"
