#!/usr/bin/env bash
# Packs a built wikichime binary as a Debian package, with dpkg-deb: the binary in /usr/bin, the
# unit in /usr/lib/systemd/system, /etc/wikichime.conf as a conffile, the board profiles in
# /usr/share/wikichime/boards, the man page, the system user (sysusers.d), the sound core loaded
# at boot (modules-load.d) and the GPIO chips given to the gpio group (udev). Maintainer scripts
# and the rest: Board/debian/.
#
#   Board/make-deb.sh --arch arm64|amd64 --binary PATH [--out DIR] [--version VERSION]
#
# Depends is computed from the binary: each shared library it needs (its DT_NEEDED entries) is
# mapped to the Debian 13 package that ships it, and the newest glibc symbol version it uses
# becomes libc6's lower bound; a library not in the table below stops the build (say which
# package ships it before adding it). The system test installs the package with apt on Debian 13
# and checks each library resolves to one of these packages (Tests/System/vm-package-test.sh).
# Writes OUT/wikichime_VERSION_ARCH.deb (default OUT: dist/) and prints its path.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
die() { echo "make-deb.sh: $*" >&2; exit 1; }

arch="" binary="" out="$top/dist" version=""
while [ $# -gt 0 ]; do
    case $1 in
        --arch) arch=$2; shift 2 ;;
        --binary) binary=$2; shift 2 ;;
        --out) out=$2; shift 2 ;;
        --version) version=$2; shift 2 ;;
        *) die "usage: Board/make-deb.sh --arch arm64|amd64 --binary PATH [--out DIR] [--version VERSION]" ;;
    esac
done
case $arch in
    arm64) machine=AArch64 ;;
    amd64) machine="Advanced Micro Devices X86-64" ;;
    *) die "--arch must be arm64 or amd64" ;;
esac
[ -x "$binary" ] || die "no executable binary at '$binary' (--binary)"
if [ -z "$version" ]; then
    # shellcheck source=lib/version.sh
    source "$top/Board/lib/version.sh"
    version=$(wikichime_version "$top") || exit 1
fi
command -v dpkg-deb >/dev/null && command -v readelf >/dev/null || die "needs dpkg-deb and readelf (binutils)"
readelf -h "$binary" | grep -q "Machine: *$machine" || die "$binary is not a $arch binary"

# Depends, from what the binary links.
declare -A ships=(
    [libasound.so.2]="libasound2t64 | libasound2"
    [libgpiod.so.3]="libgpiod3"
    [libcurl.so.4]="libcurl4t64 | libcurl4"
)
depends=() glibc_needed=no
for library in $(readelf -d "$binary" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | sort -u); do
    case $library in
        libc.so.6|libm.so.6|ld-linux-aarch64.so.1|ld-linux-x86-64.so.2) glibc_needed=yes ;;
        *) [ -n "${ships[$library]:-}" ] || die "$binary needs $library, which is not in make-deb.sh's table of Debian packages"
           depends+=("${ships[$library]}") ;;
    esac
done
if [ $glibc_needed = yes ]; then
    glibc=$(readelf --dyn-syms -W "$binary" | grep -o '@GLIBC_[0-9.]*' | sed 's/@GLIBC_//' | sort -uV | tail -n 1)
    [ -n "$glibc" ] || die "cannot read the glibc symbol versions of $binary"
    depends=("libc6 (>= $glibc)" "${depends[@]}")
fi
# TLS to the stream needs the CA bundle; the postinst makes the user with systemd-sysusers.
depends+=("ca-certificates" "systemd | systemd-standalone-sysusers | systemd-sysusers")

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
root="$stage/root"
install -D -m 0755 "$binary" "$root/usr/bin/wikichime"
install -D -m 0644 "$top/Board/wikichime.service" "$root/usr/lib/systemd/system/wikichime.service"
install -D -m 0644 "$top/Config/wikichime.conf" "$root/etc/wikichime.conf"
for profile in "$top"/Board/boards/*.board; do
    install -D -m 0644 "$profile" "$root/usr/share/wikichime/boards/$(basename "$profile")"
done
install -D -m 0644 "$top/Board/debian/sysusers.conf" "$root/usr/lib/sysusers.d/wikichime.conf"
install -D -m 0644 "$top/Board/debian/modules-load.conf" "$root/usr/lib/modules-load.d/wikichime.conf"
install -D -m 0644 "$top/Board/debian/gpio.rules" "$root/usr/lib/udev/rules.d/60-wikichime-gpio.rules"
install -D -m 0644 "$top/Board/debian/lintian-overrides" "$root/usr/share/lintian/overrides/wikichime"
mkdir -p "$root/usr/share/man/man1" "$root/usr/share/doc/wikichime"
gzip -9n < "$top/Board/wikichime.1" > "$root/usr/share/man/man1/wikichime.1.gz"
install -m 0644 "$top/Board/debian/copyright" "$root/usr/share/doc/wikichime/copyright"
commit=$(git -C "$top" rev-parse --short HEAD 2>/dev/null || echo unknown)
# Reproducible: the date of the last commit, not of the build.
when=$(git -C "$top" log -1 --format=%ct 2>/dev/null || echo 0)
sed -e "s/@VERSION@/$version/" -e "s/@COMMIT@/$commit/" -e "s/@DATE@/$(LC_ALL=C date -u -R -d "@$when")/" \
    "$top/Board/debian/changelog.in" | gzip -9n > "$root/usr/share/doc/wikichime/changelog.gz"
chmod 0644 "$root/usr/share/man/man1/wikichime.1.gz" "$root/usr/share/doc/wikichime/changelog.gz"

mkdir -p "$root/DEBIAN"
size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
depends_line=$(IFS=,; echo "${depends[*]}" | sed 's/,/, /g')
sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$arch/" -e "s/@SIZE@/$size/" -e "s/@DEPENDS@/$depends_line/" \
    "$top/Board/debian/control.in" > "$root/DEBIAN/control"
install -m 0644 "$top/Board/debian/conffiles" "$root/DEBIAN/conffiles"
for script in postinst prerm postrm; do install -m 0755 "$top/Board/debian/$script" "$root/DEBIAN/$script"; done
(cd "$root" && find . -path ./DEBIAN -prune -o -path ./etc -prune -o -type f -printf '%P\0' | sort -z | xargs -0 md5sum) \
    > "$root/DEBIAN/md5sums"
chmod 0644 "$root/DEBIAN/md5sums"
find "$root" -type d -exec chmod 0755 {} +
find "$root" -exec touch -h -d "@$when" {} +

mkdir -p "$out"
deb="$out/wikichime_${version}_$arch.deb"
SOURCE_DATE_EPOCH=$when dpkg-deb --root-owner-group -Zxz --build "$root" "$deb.tmp" >/dev/null || die "dpkg-deb failed"
mv "$deb.tmp" "$deb"
echo "make-deb.sh: wrote $deb ($(stat -c %s "$deb") bytes; Depends: $depends_line)" >&2
echo "$deb"
