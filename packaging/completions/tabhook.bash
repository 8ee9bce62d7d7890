# bash completion for tabhook                                       -*- shell-script -*-
# Installed as share/bash-completion/completions/tabhook. Kept in step with `tabhook <command> --help` by
# tests/e2e/package_completions.sh: every subcommand and every flag must be offered here.

_tabhook_paths() {
    # Manifest paths: directories and *.yaml / *.yml files.
    local f
    local -a found=()
    while IFS= read -r f; do
        if [[ -d $f || $f == *.yaml || $f == *.yml ]]; then found+=("$f"); fi
    done < <(compgen -f -- "$1")
    COMPREPLY=("${found[@]}")
    compopt -o filenames 2>/dev/null || true
}

_tabhook() {
    local cur=${COMP_WORDS[COMP_CWORD]} prev=""
    ((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
    # --flag=value: bash splits at '=' (COMP_WORDBREAKS), so the flag is one word further back.
    if [[ $cur == = ]]; then
        cur=""
    elif [[ $prev == = ]] && ((COMP_CWORD > 1)); then
        prev=${COMP_WORDS[COMP_CWORD - 2]}
    fi

    local commands="apply doctor drift events export plan run test validate"
    local network="--site --format --no-color -v --verbose --allow-literal-secrets --allow-server --cacert
        --connect-timeout-ms --request-timeout-ms --retry-attempts --retry-backoff-ms --retry-max-backoff-ms -h --help"

    local cmd="" i
    for ((i = 1; i < COMP_CWORD; i++)); do
        case ${COMP_WORDS[i]} in
        -* | =) ;;
        *)
            cmd=${COMP_WORDS[i]}
            break
            ;;
        esac
    done
    if [[ -z $cmd ]]; then
        mapfile -t COMPREPLY < <(compgen -W "$commands -h --help --version" -- "$cur")
        return
    fi

    local flags formats
    case $cmd in
    validate)
        flags="--offline --allow-literal-secrets --format -v --verbose --no-color -h --help"
        formats="text json github"
        ;;
    events)
        flags="--format --no-color -v --verbose -h --help"
        formats="text json"
        ;;
    plan)
        flags="$network --detailed-exitcode --out --allow-empty --allow-mass-delete"
        formats="text json markdown"
        ;;
    apply)
        flags="$network --plan --parallel --test --audit-log --lock-timeout --allow-empty --allow-mass-delete"
        formats="text json markdown"
        ;;
    test)
        flags="$network --parallel"
        formats="text json markdown"
        ;;
    drift)
        flags="$network"
        formats="text json markdown"
        ;;
    export)
        flags="$network --out --secrets-out --inline-urls"
        formats="text"
        ;;
    doctor)
        flags="$network --canary --record"
        formats="text json"
        ;;
    run)
        flags="$network --mode --interval --reenable-interval --listen --report --notify-url-file --pull --pull-timeout
            --lock-timeout --once --parallel --allow-empty --allow-mass-delete"
        formats="text"
        ;;
    *) return ;;
    esac

    case $prev in
    --format)
        mapfile -t COMPREPLY < <(compgen -W "$formats" -- "$cur")
        return
        ;;
    --test)
        mapfile -t COMPREPLY < <(compgen -W "changed all none" -- "$cur")
        return
        ;;
    --mode)
        mapfile -t COMPREPLY < <(compgen -W "observe enforce" -- "$cur")
        return
        ;;
    --parallel)
        mapfile -t COMPREPLY < <(compgen -W "auto 1 2 4 8 16 32 64" -- "$cur")
        return
        ;;
    --out | --plan | --audit-log | --cacert | --report | --notify-url-file | --secrets-out | --record)
        mapfile -t COMPREPLY < <(compgen -f -- "$cur")
        compopt -o filenames 2>/dev/null || true
        return
        ;;
    --site | --allow-server | --canary | --interval | --reenable-interval | --listen | --pull-timeout | --lock-timeout | \
        --connect-timeout-ms | --request-timeout-ms | --retry-attempts | --retry-backoff-ms | --retry-max-backoff-ms)
        COMPREPLY=() # a value only the user knows
        return
        ;;
    esac

    if [[ $cur == -* ]]; then
        mapfile -t COMPREPLY < <(compgen -W "$flags" -- "$cur")
        return
    fi
    [[ $cmd == events ]] && return
    _tabhook_paths "$cur"
}

complete -F _tabhook tabhook
