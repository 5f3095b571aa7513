#!/bin/sh
# Installs a wikichime binary built by hand, for systems that the Debian package does not fit
# (Raspberry Pi OS 12: see the README's "Raspberry Pi OS 12"); on Debian 13 / Pi OS 13 install the
# package instead. The binary, the systemd unit, the config (an edited /etc/wikichime.conf is
# never overwritten), board profiles, the sound core loaded at boot, the `wikichime` system user
# in the audio and gpio groups; then enables and starts the service. Safe to run again.
#
#   sudo Board/install.sh [--binary PATH] [--no-start]
#   Board/install.sh --root DIR ...   installs into DIR instead of / (tests; no service start)
set -eu

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
root=""
binary=""
start=yes

while [ $# -gt 0 ]; do
    case "$1" in
        --root) root=${2%/}; shift 2 ;;
        --binary) binary=$2; shift 2 ;;
        --no-start) start=no; shift ;;
        *) echo "install.sh: unknown option $1 (use --binary PATH, --no-start, --root DIR)" >&2; exit 2 ;;
    esac
done

say() { echo "install.sh: $*"; }
die() { echo "install.sh: $*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || die "run it as root: sudo $0"

# The binary: given, or the local release build.
if [ -z "$binary" ]; then
    for candidate in "$top/.build-release/wikichime-stripped" "$top/.build/release/wikichime"; do
        [ -x "$candidate" ] && binary=$candidate && break
    done
fi
[ -n "$binary" ] && [ -x "$binary" ] || die "no wikichime binary found: build it (swift build -c release) or pass --binary PATH"
config_source="$top/Config/wikichime.conf"
[ -f "$config_source" ] || config_source="$here/wikichime.conf"
[ -f "$config_source" ] || die "no wikichime.conf next to the script or in Config/"
unit_source="$here/wikichime.service"

# Copies $1 to $2 with mode $3 only when the content differs, atomically (temp file + rename).
place() {
    if [ -f "$2" ] && cmp -s "$1" "$2"; then return 0; fi
    mkdir -p "$(dirname "$2")"
    install -m "$3" "$1" "$2.new.$$"
    mv -f "$2.new.$$" "$2"
    say "installed $2"
}

place "$binary" "$root/usr/local/bin/wikichime" 0755
# The unit names the package's /usr/bin/wikichime; this one runs the binary installed here.
unit_tmp=$(mktemp)
trap 'rm -f "$unit_tmp"' EXIT
sed 's|^ExecStart=/usr/bin/wikichime |ExecStart=/usr/local/bin/wikichime |' "$unit_source" > "$unit_tmp"
grep -q '^ExecStart=/usr/local/bin/wikichime ' "$unit_tmp" || die "$unit_source has no ExecStart=/usr/bin/wikichime line"
place "$unit_tmp" "$root/etc/systemd/system/wikichime.service" 0644
# The sound core before the unit starts (Board/debian/modules-load.conf says why).
place "$here/debian/modules-load.conf" "$root/etc/modules-load.d/wikichime.conf" 0644

# The config: install it when absent; never replace one a person edited. The shipped version
# goes beside it as wikichime.conf.dist so that new keys can be looked up.
conf="$root/etc/wikichime.conf"
if [ ! -e "$conf" ]; then
    place "$config_source" "$conf" 0644
elif ! cmp -s "$config_source" "$conf"; then
    place "$config_source" "$conf.dist" 0644
    say "kept your edited $conf (the shipped one is $conf.dist)"
fi

if [ -d "$top/Board/boards" ] || [ -d "$here/boards" ]; then
    boards="$top/Board/boards"; [ -d "$boards" ] || boards="$here/boards"
    for profile in "$boards"/*; do
        [ -f "$profile" ] && place "$profile" "$root/usr/share/wikichime/boards/$(basename "$profile")" 0644
    done
fi

# The system user, in the groups that own /dev/snd/* (audio) and /dev/gpiochip* (gpio; Pi OS
# has it, plain Debian may not).
rootopt=""
[ -n "$root" ] && rootopt="--root $root"
# shellcheck disable=SC2086
getent_group() { if [ -n "$root" ]; then grep -q "^$1:" "$root/etc/group"; else getent group "$1" >/dev/null; fi; }
getent_user() { if [ -n "$root" ]; then grep -q "^$1:" "$root/etc/passwd"; else getent passwd "$1" >/dev/null; fi; }
for group in audio gpio; do
    # shellcheck disable=SC2086
    getent_group "$group" || { groupadd $rootopt --system "$group"; say "created group $group"; }
done
if getent_user wikichime; then
    # shellcheck disable=SC2086
    usermod $rootopt --append --groups audio,gpio wikichime
else
    # shellcheck disable=SC2086
    useradd $rootopt --system --user-group --groups audio,gpio --home-dir /var/lib/wikichime --no-create-home \
        --shell /usr/sbin/nologin --comment "wikichime service" wikichime
    say "created user wikichime"
fi

if [ -n "$root" ]; then
    systemctl --root="$root" enable wikichime.service >/dev/null 2>&1 || say "could not enable the unit in $root"
    exit 0
fi
systemctl daemon-reload
systemctl enable wikichime.service >/dev/null
if [ "$start" = yes ]; then
    systemctl restart wikichime.service
    say "wikichime is running: 'wikichime status', 'journalctl -u wikichime -f'"
else
    say "installed; start it with 'sudo systemctl start wikichime'"
fi
