#!/bin/sh
# Removes what Board/install.sh installed: stops and disables the service, removes the binary, the
# unit, the modules-load.d entry and the board profiles. Keeps /etc/wikichime.conf and /var/lib/wikichime unless --purge, which also removes
# them and the wikichime user.
#
#   sudo Board/uninstall.sh [--purge]
#   Board/uninstall.sh --root DIR [--purge]   (tests)
set -eu
root=""
purge=no
while [ $# -gt 0 ]; do
    case "$1" in
        --root) root=${2%/}; shift 2 ;;
        --purge) purge=yes; shift ;;
        *) echo "uninstall.sh: unknown option $1 (use --purge, --root DIR)" >&2; exit 2 ;;
    esac
done
say() { echo "uninstall.sh: $*"; }
[ "$(id -u)" -eq 0 ] || { echo "uninstall.sh: run it as root: sudo $0" >&2; exit 1; }

if [ -z "$root" ]; then
    systemctl disable --now wikichime.service >/dev/null 2>&1 || true
else
    systemctl --root="$root" disable wikichime.service >/dev/null 2>&1 || true
fi
for path in /usr/local/bin/wikichime /etc/systemd/system/wikichime.service /etc/modules-load.d/wikichime.conf \
    /etc/wikichime.conf.dist; do
    [ -e "$root$path" ] && rm -f "$root$path" && say "removed $path"
done
rm -rf "$root/usr/share/wikichime"
[ -z "$root" ] && systemctl daemon-reload
if [ "$purge" = yes ]; then
    rm -f "$root/etc/wikichime.conf"
    rm -rf "$root/var/lib/wikichime"
    if grep -q "^wikichime:" "$root/etc/passwd" 2>/dev/null; then
        if [ -n "$root" ]; then userdel --root "$root" wikichime; else userdel wikichime; fi
        say "removed user wikichime"
    fi
    say "purged the config and the state"
else
    say "kept /etc/wikichime.conf and /var/lib/wikichime (use --purge to remove them)"
fi
