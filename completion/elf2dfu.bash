# SPDX-License-Identifier: BSD-2-Clause
# bash completion for elf2dfu. Installed as
# $(COMPLETIONDIR)/elf2dfu, where bash-completion loads it on first use.
# Options come from the installed tool's own --help and device names from
# 'elf2dfu devices', so the completion cannot fall behind the tool.

# Files whose names end in one of the extensions (a regular expression,
# matched case-insensitively; empty: any file), and directories to walk
# into, each after prefix.
_elf2dfu_files()
{
    local ext=$1 prefix=$2 cur=$3 f nocase
    local IFS=$'\n'
    compopt -o filenames 2>/dev/null
    nocase=$(shopt -p nocasematch)
    shopt -s nocasematch
    for f in $(compgen -f -- "$cur"); do
        if [[ -d $f || -z $ext || $f =~ \.($ext)$ ]]; then
            COMPREPLY+=("$prefix$f")
        fi
    done
    eval "$nocase"
}

_elf2dfu_options()
{
    "$1" ${2:+"$2"} --help 2>/dev/null |
        grep -oE -- '(^  -[a-zA-Z],|--[a-z][a-z0-9-]*)' | sed 's/^  //; s/,$//' | sort -u
}

_elf2dfu()
{
    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]}
    local tool=${COMP_WORDS[0]} cmd="" firmware="elf|axf|out|hex|ihex|s19|srec|mot|bin"
    COMPREPLY=()

    case ${COMP_WORDS[1]-} in
    inspect | verify | extract | devices | map) [[ $COMP_CWORD -gt 1 ]] && cmd=${COMP_WORDS[1]} ;;
    esac

    case $prev in
    -d | --device)
        COMPREPLY=($(compgen -W "$("$tool" devices 2>/dev/null | awk 'NR > 1 {print $1}')" \
            -- "${cur,,}"))
        return
        ;;
    -m | --map)
        # @FILE: a saved 'dfu-util -l' listing, whatever its name.
        [[ $cur == @* ]] && _elf2dfu_files "" @ "${cur#@}"
        return
        ;;
    --format)
        if [[ $cmd == extract ]]; then
            COMPREPLY=($(compgen -W "bin ihex srec" -- "$cur"))
        else
            COMPREPLY=($(compgen -W "elf ihex srec bin" -- "$cur"))
        fi
        return
        ;;
    --bank)
        COMPREPLY=($(compgen -W "single dual" -- "$cur"))
        return
        ;;
    -o | --output | --output-dir)
        if [[ $cmd == extract ]]; then
            compopt -o filenames 2>/dev/null
            mapfile -t COMPREPLY < <(compgen -d -- "$cur")
        else
            _elf2dfu_files "dfu" "" "$cur"
        fi
        return
        ;;
    --readback)
        _elf2dfu_files "bin" "" "$cur"
        return
        ;;
    --fill | --align | --alias | --vid | --pid | --did)
        return
        ;;
    esac

    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$(_elf2dfu_options "$tool" "$cmd")" -- "$cur"))
        return
    fi
    case $cmd in
    "")
        [[ $COMP_CWORD -eq 1 ]] &&
            COMPREPLY=($(compgen -W "inspect verify extract devices map" -- "$cur"))
        _elf2dfu_files "$firmware" "" "$cur"
        ;;
    inspect | extract) _elf2dfu_files "dfu" "" "$cur" ;;
    verify) _elf2dfu_files "dfu|$firmware" "" "$cur" ;;
    esac
}
complete -F _elf2dfu elf2dfu
