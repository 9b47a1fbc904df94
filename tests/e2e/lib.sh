# SPDX-License-Identifier: BSD-2-Clause
# Shared by the end-to-end scripts: paths, counters and checks.
# Source it with BUILD set; call e2e_summary NAME at the end.
set -u
BIN=$BUILD/elf2dfu
CHECK=$BUILD/tools/dfucheck
MKELF=$BUILD/tools/mkelf
GOLD=tests/e2e/golden
T=$(mktemp -d)
trap 'chmod -R u+w "$T"; rm -rf "$T"' EXIT

# VALGRIND=1: every elf2dfu run goes through memcheck; each run's report
# lands in $T/vg/ and e2e_summary fails on any error or leak.
if [ "${VALGRIND:-}" = 1 ]; then
    mkdir -p "$T/vg"
    chmod 777 "$T/vg"
    cat >"$T/elf2dfu-vg" <<EOS
#!/bin/sh
exec valgrind -q --leak-check=full --show-leak-kinds=all --errors-for-leak-kinds=all \\
    --log-file=$T/vg/%p.log "$PWD/$BIN" "\$@"
EOS
    chmod 755 "$T/elf2dfu-vg"
    BIN=$T/elf2dfu-vg
fi
pass=0
fail=0

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

# expect_fail NAME EXIT 'STDERR' ARGS...: exact exit code and message, and
# no output file (nor a temporary one) left behind.
expect_fail() {
    local name=$1 code=$2 msg=$3
    shift 3
    rm -f "$T"/out.dfu*
    "$BIN" "$@" >"$T/stdout" 2>"$T/stderr"
    local rc=$?
    if [ "$rc" != "$code" ]; then
        bad "$name: exit $rc, expected $code ($(head -c 300 "$T/stderr"))"
    elif [ "$(cat "$T/stderr")" != "$msg" ]; then
        bad "$name: message"$'\n'"  got:      $(cat "$T/stderr")"$'\n'"  expected: $msg"
    elif [ -s "$T/stdout" ]; then
        bad "$name: printed on stdout: $(head -c 200 "$T/stdout")"
    elif compgen -G "$T/out.dfu*" >/dev/null; then
        bad "$name: left an output file: $(ls "$T"/out.dfu*)"
    else
        ok
    fi
}

# poke FILE OFFSET HEXBYTES: overwrite bytes (given in file order).
poke() {
    local file=$1 off=$2 hex=$3 esc="" i
    for ((i = 0; i < ${#hex}; i += 2)); do esc="$esc\\x${hex:i:2}"; done
    printf "$esc" | dd of="$file" bs=1 seek="$off" conv=notrunc status=none
}

e2e_summary() {
    if [ "${VALGRIND:-}" = 1 ]; then
        local logs
        logs=$(find "$T/vg" -name '*.log' -size +0 | head -5)
        if [ -n "$logs" ]; then
            # shellcheck disable=SC2086
            bad "valgrind reported errors or leaks: $(head -40 $logs)"
        else
            ok
        fi
        echo "$1 (valgrind, $(find "$T/vg" -name '*.log' | wc -l) runs): $pass passed, $fail failed"
    else
        echo "$1: $pass passed, $fail failed"
    fi
    [ "$fail" = 0 ]
}
