# shellcheck shell=bash
# wikichime_version TOP: the version the packages are named after, `Wikichime.version` in
# TOP/Sources/Platform/Version.swift; returns 1, saying why, when that line is not there.
wikichime_version() {
    local v
    v=$(sed -n 's/.*static let version = "\([^"]*\)".*/\1/p' "$1/Sources/Platform/Version.swift" | head -n1)
    [ -n "$v" ] || { echo "no 'static let version = \"…\"' in $1/Sources/Platform/Version.swift" >&2; return 1; }
    echo "$v"
}
