#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# The documentation stays true to the tool (issue #12): the man page renders
# without a warning and names every option of every command's --help, as
# the README does; the bash completion offers commands, options, device
# names and files by kind; the README's examples print what it shows.
# Usage: tests/e2e/docs.sh BUILD_DIR
BUILD=${1:-build}
. tests/e2e/lib.sh
MAN=doc/elf2dfu.1
COMMANDS="inspect verify extract devices map"

# --- The man page -------------------------------------------------------------
LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$MAN" >"$T/man.txt" 2>"$T/stderr"
[ $? = 0 ] && [ ! -s "$T/stderr" ] && ok || bad "man --warnings: $(head -20 "$T/stderr")"
grep -q '^EXIT STATUS' "$T/man.txt" && grep -q '^EXAMPLES' "$T/man.txt" && ok ||
    bad "man page lacks EXIT STATUS or EXAMPLES"
grep -q "\"elf2dfu $(sed -n 's/^#define E2D_VERSION "\(.*\)"/\1/p' include/elf2dfu/api.h)\"" "$MAN" &&
    ok || bad "man page version is not the library's"
# Every option each command's --help shows, in the rendered page and the README.
options() { "$BIN" ${1:+"$1"} --help | grep -oE -- '(^  -[a-zA-Z],|--[a-z][a-z0-9-]*)' | sed 's/^  //; s/,$//' | sort -u; }
for c in "" $COMMANDS; do
    for o in $(options "$c"); do
        grep -q -- "$o\b" "$T/man.txt" && ok || bad "man page lacks ${c:-convert} $o"
        grep -q -- "$o\b" README.md && ok || bad "README lacks ${c:-convert} $o"
    done
    [ -z "$c" ] || { grep -q "^   $c\$" "$T/man.txt" && ok || bad "man page has no section for $c"; }
done

# --- Bash completion ---------------------------------------------------------
mkdir -p "$T/files/sub"
touch "$T/files/fw.elf" "$T/files/FW2.HEX" "$T/files/notes.txt" "$T/files/old.dfu" "$T/files/cal.bin"
cat >"$T/complete.sh" <<'EOS'
source completion/elf2dfu.bash
cd "$1"
shift
COMP_WORDS=(elf2dfu "$@")
COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
_elf2dfu
[ ${#COMPREPLY[@]} = 0 ] || printf '%s\n' "${COMPREPLY[@]}" | LC_ALL=C sort | tr '\n' ' '
EOS
# complete EXPECTED WORDS...: the completion of the last word is EXPECTED.
complete_is() {
    local expected=$1 got
    shift
    got=$(PATH="$PWD/$BUILD:$PATH" bash "$T/complete.sh" "$T/files" "$@" 2>&1)
    [ "$got" = "$expected" ] && ok || bad "completion of 'elf2dfu $*': '$got', expected '$expected'"
}
complete_is "FW2.HEX cal.bin devices extract fw.elf inspect map sub verify " ""
complete_is "stm32f405xe stm32f405xg " -d stm32f405
complete_is "stm32f405xe stm32f405xg " --device STM32F405
complete_is "gd32vf103x4 gd32vf103x6 gd32vf103x8 gd32vf103xb " -d gd32vf
complete_is "bin elf ihex srec " --format ""
complete_is "bin ihex srec " extract --format ""
complete_is "dual single " --bank ""
complete_is "old.dfu sub " inspect ""
complete_is "FW2.HEX cal.bin fw.elf old.dfu sub " verify ""
complete_is "" devices ""
complete_is "@FW2.HEX @cal.bin @fw.elf @notes.txt @old.dfu @sub " -m @
complete_is "sub " extract -o ""
complete_is "old.dfu sub " fw.elf -o ""
# Names with blanks stay whole.
mkdir -p "$T/files/my dir" && touch "$T/files/my fw.elf"
complete_is "my dir my fw.elf " my
rm -rf "$T/files/my dir" "$T/files/my fw.elf"
complete_is "cal.bin sub " verify --readback ""
complete_is "--flash-hint " --fl
complete_is "--readback " verify --re
# Every option of every command is offered, and no other command's.
for c in "" $COMMANDS; do
    got=$(PATH="$PWD/$BUILD:$PATH" bash "$T/complete.sh" "$T/files" $c -)
    want=$(options "$c" | LC_ALL=C sort | tr '\n' ' ')
    [ "$got" = "$want" ] && ok || bad "options of '${c:-convert}': '$got', expected '$want'"
done

# --- The README's examples, as printed ---------------------------------------
# Each "$ elf2dfu ..." example whose files the fixtures can stand for runs
# in a scratch directory where they have the README's names; what it
# prints (stderr, then stdout, as on a terminal) must be what the README
# shows. Examples shown condensed ("...") or with files no fixture stands
# for (boot.hex, broken.hex) are skipped; at least 11 must run.
R=$T/readme
mkdir -p "$R/bin"
cp -r fixtures "$R/fixtures"
cp fixtures/app.o "$R/firmware.o"
cp fixtures/app.elf "$R/fw.elf"
cp fixtures/toobig.elf "$R/big.elf"
cp fixtures/ram.elf "$R/no-at-flash.elf"
cp fixtures/multi-m33.elf "$R/blinky-l5.elf"
"$BIN" -q fixtures/otp.elf -o "$R/firmware.dfu"
ln -s "$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")" "$R/bin/elf2dfu"
awk -v dir="$R" '
    /^```/ { if (cmd != "") flush(); inblock = !inblock; next }
    inblock && /^\$ / { if (cmd != "") flush(); cmd = substr($0, 3); out = ""; next }
    inblock && cmd != "" { out = out $0 "\n" }
    function flush() {
        n++
        printf "%s", cmd > (dir "/ex" n ".cmd")
        printf "%s", out > (dir "/ex" n ".out")
        close(dir "/ex" n ".cmd"); close(dir "/ex" n ".out")
        cmd = ""
    }' README.md
ran=0
for f in "$R"/ex*.cmd; do
    cmd=$(cat "$f")
    case $cmd in elf2dfu*) ;; *) continue ;; esac
    grep -q '\.\.\.' "${f%.cmd}.out" && continue
    missing=
    for w in $cmd; do
        case $w in -* | elf2dfu | *[!a-zA-Z0-9._/@-]* | missing.elf) continue ;; esac
        [[ $w == *.* ]] || continue
        [ -e "$R/${w%@*}" ] || missing=$w
    done
    [ -z "$missing" ] || continue
    got=$(cd "$R" && PATH="$R/bin:$PATH" bash -c "$cmd" 2>&1)
    [ "$got" = "$(cat "${f%.cmd}.out")" ] && ok ||
        bad "README example '$cmd' prints: $(diff <(cat "${f%.cmd}.out") <(echo "$got") | head -10)"
    ran=$((ran + 1))
done
[ "$ran" -ge 11 ] && ok || bad "only $ran README examples ran (expected at least 11)"

e2e_summary docs
