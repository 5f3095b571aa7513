# shellcheck shell=bash
# debian_mirror: the Debian archive this machine's apt uses (sourced, not run), for the trees
# that mmdebstrap makes (the cross build's, the system tests' VM images). WIKICHIME_DEBIAN_MIRROR
# overrides it. The first `deb` source that is not a security suite, from the deb822
# files in /etc/apt/sources.list.d/ or the one-line /etc/apt/sources.list; no host is named here,
# so a machine with its own mirror builds from it.
debian_mirror() {
    if [ -n "${WIKICHIME_DEBIAN_MIRROR:-}" ]; then echo "$WIKICHIME_DEBIAN_MIRROR"; return; fi
    local found
    found=$(
        {
            # deb822: paragraphs of "Field: value" lines.
            cat /etc/apt/sources.list.d/*.sources 2>/dev/null
            echo
        } | awk '
            /^[ \t]*$/ { if (types ~ /(^| )deb( |$)/ && uris != "" && suites !~ /security/ && uris !~ /security/) { print uris; exit }
                         types = ""; uris = ""; suites = ""; next }
            tolower($1) == "types:"  { types = $0; sub(/^[^:]*:[ \t]*/, "", types) }
            tolower($1) == "uris:"   { uris = $2 }
            tolower($1) == "suites:" { suites = $0 }'
    )
    if [ -z "$found" ]; then
        found=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null \
            | awk '$1 == "deb" { i = 2; if ($2 ~ /^\[/) { while (i <= NF && $i !~ /\]$/) i++; i++ }
                                 if ($(i + 1) !~ /security/ && $i !~ /security/) { print $i; exit } }')
    fi
    [ -n "$found" ] || { echo "no Debian mirror in /etc/apt/sources.list{,.d}: set WIKICHIME_DEBIAN_MIRROR" >&2; return 1; }
    echo "${found%/}"
}
