#!/usr/bin/env bash
# Makes or updates a signed apt repository of wikichime packages, for boxes that `apt upgrade`
# from it (by hand, or through Board/ansible):
#
#   Board/apt-repo.sh --key SECRET_KEY_FILE [--url URL] OUT_DIR PACKAGE.deb...
#
# The .debs go into OUT_DIR/pool/main/<p>/<package>/ beside the ones already there (the
# repository keeps every version, so a box sees the newest); then the indices of suite `stable`
# are written anew from the whole pool: dists/stable/main/binary-{amd64,arm64}/Packages(.gz),
# dists/stable/Release, signed as InRelease (clear-signed) and Release.gpg (detached).
# SECRET_KEY_FILE is an armored OpenPGP secret key without a passphrase; it is imported into a
# temporary GNUPGHOME, removed at exit. The public key goes beside the pool as
# wikichime-archive-keyring.gpg (binary, for Signed-By:) and .asc. --url only changes the apt
# source printed at the end (default: file:// and OUT_DIR). Uses Debian's own tools
# (apt-ftparchive, gpg), installing apt-utils, gnupg and gpgv with apt-get when missing (as root,
# or through sudo). Tests/System/apt-repo-test.sh checks the result with apt-get.
set -euo pipefail

prog=apt-repo.sh
suite=stable
component=main
architectures=(amd64 arm64)
keyring_name=wikichime-archive-keyring
PACKAGES=(apt-utils gnupg gpgv)

say() { echo "$prog: $*"; }
die() { echo "$prog: $*" >&2; exit 1; }
usage() { echo "usage: $0 --key SECRET_KEY_FILE [--url URL] OUT_DIR PACKAGE.deb..." >&2; exit 2; }

key=""
url=""
while [ $# -gt 0 ]; do
    case $1 in
        --key) [ $# -ge 2 ] || usage; key=$2; shift 2 ;;
        --url) [ $# -ge 2 ] || usage; url=$2; shift 2 ;;
        --) shift; break ;;
        -*) echo "$prog: unknown option $1" >&2; usage ;;
        *) break ;;
    esac
done
if [ -z "$key" ] || [ $# -lt 2 ]; then usage; fi
out=${1%/}
shift
debs=("$@")
[ -r "$key" ] || die "cannot read the key file $key"
for deb in "${debs[@]}"; do [ -f "$deb" ] || die "no such package file: $deb"; done

# shellcheck source=lib/debian-packages.sh
source "$(dirname "$0")/lib/debian-packages.sh"
ensure_debian_packages "$prog" "${PACKAGES[@]}" || exit 1

umask 022
work=$(mktemp -d)
export GNUPGHOME="$work/gnupg"
new=""
cleanup() {
    gpgconf --kill all >/dev/null 2>&1 || true
    rm -rf "$work"
    # Indices half made by a run that failed are not left beside the live ones.
    if [ -n "$new" ]; then rm -rf "$new"; fi
}
trap cleanup EXIT
mkdir -m 0700 "$GNUPGHOME"

# --- The signing key -------------------------------------------------------------------------
gpg --batch --quiet --import "$key" 2>"$work/import.log" \
    || { cat "$work/import.log" >&2; die "gpg could not import $key"; }
mapfile -t fingerprints < <(gpg --batch --with-colons --list-secret-keys \
    | awk -F: '$1 == "sec" { want = 1; next } want && $1 == "fpr" { print $10; want = 0 }')
[ ${#fingerprints[@]} -eq 1 ] \
    || die "$key holds ${#fingerprints[@]} secret keys; it must hold exactly one (gpg --export-secret-keys --armor FINGERPRINT)"
fingerprint=${fingerprints[0]}
signing=(gpg --batch --quiet --pinentry-mode loopback --passphrase "" --local-user "$fingerprint"
         --digest-algo SHA512)
# A key that cannot sign (a passphrase, no signing capability) stops the run before any change.
# (Never --output /dev/null: gpg deletes its output file when signing fails.)
echo probe | "${signing[@]}" --detach-sign --output "$work/probe.sig" 2>"$work/sign.log" \
    || { cat "$work/sign.log" >&2; die "gpg cannot sign with $fingerprint from $key: it must have no passphrase"; }

# Boxes trust the key they were given: signing with another would make `apt update` fail on all
# of them. Changing the key is a decision, taken by removing the old public key first.
if [ -f "$out/$keyring_name.gpg" ]; then
    trusted=$(gpg --batch --with-colons --show-keys "$out/$keyring_name.gpg" 2>/dev/null \
        | awk -F: '$1 == "pub" { want = 1; next } want && $1 == "fpr" { print $10; exit }')
    [ "$trusted" = "$fingerprint" ] || die "$out/$keyring_name.gpg is key ${trusted:-unreadable}, but $key is" \
        "$fingerprint: boxes would refuse the repository. To change keys, remove $out/$keyring_name.gpg" \
        "(and .asc) and give every box the new one"
fi

# --- The pool ------------------------------------------------------------------------------------
field() { dpkg-deb --field "$1" "$2" 2>/dev/null; }

# Debian's pool layout: lib* packages under their first four letters, the rest under one.
pool_dir() {
    case $1 in
        lib?*) echo "pool/$component/${1:0:4}/$1" ;;
        *) echo "pool/$component/${1:0:1}/$1" ;;
    esac
}

# First every check, then the copies: a refused run changes nothing.
declare -A source_of=()
mapfile -t sorted < <(printf '%s\n' "${debs[@]}" | LC_ALL=C sort -u)
targets=()
for deb in "${sorted[@]}"; do
    package=$(field "$deb" Package) || die "$deb is not a Debian package (dpkg-deb cannot read it)"
    version=$(field "$deb" Version)
    arch=$(field "$deb" Architecture)
    case " ${architectures[*]} all " in
        *" $arch "*) ;;
        *) die "$deb is for architecture '$arch'; this repository carries ${architectures[*]} and all" ;;
    esac
    # The name Debian gives it (no epoch), whatever the file was called.
    target="$(pool_dir "$package")/${package}_${version#*:}_${arch}.deb"
    if [ -n "${source_of[$target]:-}" ]; then
        cmp -s "$deb" "${source_of[$target]}" && continue
        die "$deb and ${source_of[$target]} are two different builds of $package $version ($arch)"
    fi
    if [ -e "$out/$target" ] && ! cmp -s "$deb" "$out/$target"; then
        die "$out/$target already holds another build of $package $version ($arch): a published version" \
            "must not change (boxes would fail its checksum); give the new build a higher version"
    fi
    source_of[$target]=$deb
    targets+=("$target")
done

for target in "${targets[@]}"; do
    if [ -e "$out/$target" ]; then
        say "kept $out/$target (already there, the same file)"
        continue
    fi
    mkdir -p "$out/$(dirname "$target")"
    cp "${source_of[$target]}" "$out/$target.tmp"
    chmod 0644 "$out/$target.tmp"
    mv "$out/$target.tmp" "$out/$target"
    say "wrote $out/$target"
done

# --- The indices, written beside the live ones and swapped in at the end -------------------------
new="$out/dists/.$suite.new"
rm -rf "$new"
mkdir -p "$new"
mapfile -t pool < <(cd "$out" && find pool -type f -name '*.deb' | LC_ALL=C sort)
for architecture in "${architectures[@]}"; do
    index="$new/$component/binary-$architecture"
    mkdir -p "$index"
    count=0
    : > "$index/Packages"
    for file in "${pool[@]}"; do
        case $(field "$out/$file" Architecture) in
            "$architecture" | all) ;;
            *) continue ;;
        esac
        # One package at a time, in sorted order: the index is the same for the same pool.
        (cd "$out" && apt-ftparchive packages "$file") >> "$index/Packages" \
            || die "apt-ftparchive could not read $out/$file"
        count=$((count + 1))
    done
    gzip -9 -n -c "$index/Packages" > "$index/Packages.gz"
    say "wrote $out/dists/$suite/$component/binary-$architecture/Packages and Packages.gz (packages: $count)"
done

(cd "$new" && apt-ftparchive \
    -o APT::FTPArchive::Release::Origin=wikichime \
    -o APT::FTPArchive::Release::Label=wikichime \
    -o APT::FTPArchive::Release::Suite="$suite" \
    -o APT::FTPArchive::Release::Codename="$suite" \
    -o APT::FTPArchive::Release::Architectures="${architectures[*]}" \
    -o APT::FTPArchive::Release::Components="$component" \
    -o APT::FTPArchive::Release::Description="wikichime: Listen to Wikipedia as a box" \
    -o APT::FTPArchive::Release::MD5=false \
    -o APT::FTPArchive::Release::SHA1=false \
    release .) > "$work/Release" || die "apt-ftparchive could not write the Release file"
mv "$work/Release" "$new/Release"
say "wrote $out/dists/$suite/Release"

"${signing[@]}" --clearsign --output "$new/InRelease" "$new/Release" 2>"$work/sign.log" \
    || { cat "$work/sign.log" >&2; die "gpg could not sign with $fingerprint from $key"; }
say "wrote $out/dists/$suite/InRelease (signed by $fingerprint)"
"${signing[@]}" --armor --detach-sign --output "$new/Release.gpg" "$new/Release" 2>"$work/sign.log" \
    || { cat "$work/sign.log" >&2; die "gpg could not sign with $fingerprint from $key"; }
say "wrote $out/dists/$suite/Release.gpg"

# --- The public key, and a check of the signatures against it, as apt will make it -------------
gpg --batch --export --export-options export-minimal "$fingerprint" > "$work/$keyring_name.gpg"
gpg --batch --export --export-options export-minimal --armor "$fingerprint" > "$work/$keyring_name.asc"
verify() {
    gpgv --keyring "$work/$keyring_name.gpg" "$@" >/dev/null 2>"$work/gpgv.log" \
        || { cat "$work/gpgv.log" >&2; die "$1 does not verify against the exported public key"; }
}
verify "$new/InRelease"
verify "$new/Release.gpg" "$new/Release"
for extension in gpg asc; do
    if ! cmp -s "$work/$keyring_name.$extension" "$out/$keyring_name.$extension"; then
        mv "$work/$keyring_name.$extension" "$out/$keyring_name.$extension"
        chmod 0644 "$out/$keyring_name.$extension"
        say "wrote $out/$keyring_name.$extension"
    fi
done

# Two renames put the new indices in place: a client never reads a half-written file (one that
# reads in that instant may find none, and its next `apt update` works).
old="$out/dists/.$suite.old"
rm -rf "$old"
[ -d "$out/dists/$suite" ] && mv "$out/dists/$suite" "$old"
mv "$new" "$out/dists/$suite"
rm -rf "$old"

absolute=$(cd "$out" && pwd)
cat <<EOF

$prog: the repository is $out: serve that folder as it is (any web server), or copy it.
To use it on a box (Debian 13 / Raspberry Pi OS 13), as root:

  install -m 0644 $keyring_name.gpg /usr/share/keyrings/    # from $out
  cat > /etc/apt/sources.list.d/wikichime.sources <<'SOURCE'
Types: deb
URIs: ${url:-file://$absolute}
Suites: $suite
Components: $component
Signed-By: /usr/share/keyrings/$keyring_name.gpg
SOURCE
  apt update && apt install wikichime

or for many boxes: ansible-playbook -i INVENTORY Board/ansible/wikichime.yml \\
  -e wikichime_repo_url=${url:-URL} -e wikichime_repo_key=$absolute/$keyring_name.gpg
EOF
