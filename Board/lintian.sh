#!/usr/bin/env bash
# lintian on wikichime's packages, with the tags that remain and why they do (the overrides the
# package ships: Board/debian/lintian-overrides). Installs lintian when it is missing. Fails on
# an error or a warning; prints the informational tags too.
#
#   Board/lintian.sh dist/wikichime_VERSION_ARCH.deb…
set -euo pipefail
[ $# -gt 0 ] || { echo "usage: Board/lintian.sh PACKAGE.deb…" >&2; exit 2; }
# shellcheck source=lib/debian-packages.sh
source "$(dirname "$0")/lib/debian-packages.sh"
ensure_debian_packages lintian.sh lintian || exit 2
status=0
for deb in "$@"; do
    # Informational tags that stay, and why:
    #   hardening-no-bindnow, hardening-no-fortify-functions: the program is Swift, linked as the
    #     release link is measured (Board/dev.sh release); the C shims use no fortified functions
    #   binary-has-unneeded-section: none left (the build strips .comment), listed if it comes back
    report=$(lintian --display-info --pedantic --show-overrides --tag-display-limit 0 "$deb" 2>&1 | grep -v '^running with root privileges' || true)
    echo "lintian $(basename "$deb"):"
    if [ -n "$report" ]; then sed 's/^/    /' <<<"$report"; else echo "    (no tags)"; fi
    if grep -q -E '^[EW]: ' <<<"$report"; then status=1; fi
done
exit $status
