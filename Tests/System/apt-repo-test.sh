#!/usr/bin/env bash
# Checks Board/apt-repo.sh as a box uses its result: a throwaway signing key and tiny throwaway
# wikichime packages (0.1.0 and 0.1.1, amd64 and arm64, made here with dpkg-deb), two runs that
# add to one repository, then `apt-get update` / `apt-cache policy` / `apt-get download` in a
# throwaway apt configuration (nothing of this machine's apt is touched) against the repository
# served over HTTP on 127.0.0.1. A few seconds; no network beyond loopback once apt-utils and
# gnupg are installed.
#
#   Tests/System/apt-repo-test.sh
#
# Prints PASS or FAIL per check and "apt-repo: N passed, N failed". Exit status 0 when every check
# passed, 1 when one failed, 2 (with "DID NOT RUN: why") when it could not run.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
script="$here/../../Board/apt-repo.sh"
passed=0
failed=0

pass() { echo "PASS $*"; passed=$((passed + 1)); }
fail() { echo "FAIL $*"; failed=$((failed + 1)); }
check() { local what=$1; shift; if "$@"; then pass "$what"; else fail "$what"; fi; }
did_not_run() { echo "apt-repo: DID NOT RUN: $*" >&2; exit 2; }

for tool in dpkg-deb apt-get python3 gpg; do
    command -v "$tool" >/dev/null || did_not_run "no $tool"
done

t=$(mktemp -d)
server=""
cleanup() {
    if [ -n "$server" ]; then kill "$server" 2>/dev/null; wait "$server" 2>/dev/null || true; fi
    for home in "$t"/gnupg-*; do [ -d "$home" ] && GNUPGHOME=$home gpgconf --kill all 2>/dev/null; done
    rm -rf "$t"
}
trap cleanup EXIT

# A signing key as a release manager would make one: ed25519, no passphrase, armored.
make_key() {
    local name=$1 home="$t/gnupg-$1"
    mkdir -m 0700 "$home"
    GNUPGHOME=$home gpg --batch --quiet --passphrase '' --quick-gen-key "wikichime $name <test@invalid>" \
        ed25519 sign never 2>/dev/null || did_not_run "gpg could not make a key"
    GNUPGHOME=$home gpg --batch --export-secret-keys --armor > "$t/$name.key"
}

# A package named wikichime that installs one file; $3 tells builds of one version apart.
make_deb() {
    local version=$1 arch=$2 build=${3:-1} root="$t/deb/$1-$2-${3:-1}"
    mkdir -p "$root/DEBIAN" "$root/usr/share/doc/wikichime"
    printf 'Package: wikichime\nVersion: %s\nArchitecture: %s\nMaintainer: test <test@invalid>\nDescription: throwaway package for apt-repo-test\n' \
        "$version" "$arch" > "$root/DEBIAN/control"
    echo "$version $arch build $build" > "$root/usr/share/doc/wikichime/build"
    dpkg-deb --root-owner-group --build "$root" "$t/wikichime_${version}_${arch}_$build.deb" >/dev/null \
        || did_not_run "dpkg-deb could not build a test package"
}

make_key first
make_key second
for version in 0.1.0 0.1.1; do for arch in amd64 arm64; do make_deb "$version" "$arch"; done; done
make_deb 0.1.1 arm64 2
repo="$t/repo"
status=0
run() { "$script" "$@" >"$t/out" 2>&1 && status=0 || status=$?; }
pool="$repo/pool/main/w/wikichime"
packages() { cat "$repo/dists/stable/main/binary-$1/Packages"; }

# --- Making and adding to the repository ------------------------------------------------------
run --key "$t/first.key" "$repo" "$t/wikichime_0.1.0_arm64_1.deb" "$t/wikichime_0.1.0_amd64_1.deb"
if [ "$status" -ne 0 ] && grep -q "could not install\|apt-get update failed" "$t/out"; then
    cat "$t/out" >&2
    did_not_run "apt-repo.sh could not install what it needs"
fi
check "the first run exits 0" test "$status" -eq 0
check "it names each file it wrote" grep -q "wrote $repo/dists/stable/InRelease" "$t/out"
check "it prints the deb822 source" grep -q "Signed-By: /usr/share/keyrings/wikichime-archive-keyring.gpg" "$t/out"
run --key "$t/first.key" --url http://box.invalid/apt "$repo" "$t/wikichime_0.1.1_amd64_1.deb" "$t/wikichime_0.1.1_arm64_1.deb"
check "the second run exits 0" test "$status" -eq 0
check "it prints the source with --url" grep -q "^URIs: http://box.invalid/apt$" "$t/out"
check "the pool keeps the old versions beside the new" \
    test "$(cd "$pool" && printf '%s ' *)" = "wikichime_0.1.0_amd64.deb wikichime_0.1.0_arm64.deb wikichime_0.1.1_amd64.deb wikichime_0.1.1_arm64.deb "
check "binary-amd64/Packages lists both amd64 versions and no arm64" \
    test "$(packages amd64 | grep -E '^(Version|Architecture):' | tr '\n' ' ')" \
    = "Architecture: amd64 Version: 0.1.0 Architecture: amd64 Version: 0.1.1 "
check "binary-arm64/Packages lists both arm64 versions" \
    test "$(packages arm64 | grep -c '^Architecture: arm64$')" = 2
check "Packages.gz is Packages, compressed" cmp -s <(gzip -dc "$repo/dists/stable/main/binary-amd64/Packages.gz") \
    "$repo/dists/stable/main/binary-amd64/Packages"
release="$repo/dists/stable/Release"
# apt-ftparchive writes the fields in alphabetical order.
check "Release says Architectures, Codename, Components, Label, Origin, Suite" test "$(grep -E \
    '^(Origin|Label|Suite|Codename|Architectures|Components):' "$release" | tr '\n' ' ')" \
    = "Architectures: amd64 arm64 Codename: stable Components: main Label: wikichime Origin: wikichime Suite: stable "
check "InRelease verifies with the published key" \
    gpgv --keyring "$repo/wikichime-archive-keyring.gpg" "$repo/dists/stable/InRelease" 2>/dev/null
check "Release.gpg verifies with the published key" \
    gpgv --keyring "$repo/wikichime-archive-keyring.gpg" "$repo/dists/stable/Release.gpg" "$release" 2>/dev/null
check "the .asc is the armored .gpg" cmp -s <(GNUPGHOME="$t/gnupg-first" gpg --dearmor < "$repo/wikichime-archive-keyring.asc") \
    "$repo/wikichime-archive-keyring.gpg"

cp "$repo/dists/stable/main/binary-amd64/Packages" "$t/Packages.before"
run --key "$t/first.key" "$repo" "$t/wikichime_0.1.1_amd64_1.deb"
check "adding a file that is already there exits 0" test "$status" -eq 0
check "... and says it kept it" grep -q "kept $pool/wikichime_0.1.1_amd64.deb" "$t/out"
check "the same pool gives the same Packages" cmp -s "$t/Packages.before" "$repo/dists/stable/main/binary-amd64/Packages"
cp "$repo/dists/stable/InRelease" "$t/InRelease.before"
run --key "$t/first.key" "$repo" "$t/wikichime_0.1.1_arm64_2.deb"
check "another build of a published version is refused (exit 1)" test "$status" -eq 1
check "... saying why" grep -q "already holds another build of wikichime 0.1.1 (arm64)" "$t/out"
run --key "$t/second.key" "$repo" "$t/wikichime_0.1.1_amd64_1.deb"
check "another signing key is refused (exit 1)" test "$status" -eq 1
check "... saying why" grep -q "boxes would refuse the repository" "$t/out"
make_deb 0.1.2 armhf
run --key "$t/first.key" "$repo" "$t/wikichime_0.1.2_armhf_1.deb"
check "an armhf package is refused (exit 1)" test "$status" -eq 1
mkdir -m 0700 "$t/gnupg-locked"
GNUPGHOME="$t/gnupg-locked" gpg --batch --quiet --passphrase secret --quick-gen-key 'locked <test@invalid>' \
    ed25519 sign never 2>/dev/null
GNUPGHOME="$t/gnupg-locked" gpg --batch --pinentry-mode loopback --passphrase secret --export-secret-keys \
    --armor > "$t/locked.key"
run --key "$t/locked.key" "$t/locked-repo" "$t/wikichime_0.1.1_amd64_1.deb"
check "a key with a passphrase is refused before anything is written" \
    test "$status" -eq 1 -a ! -e "$t/locked-repo"
# gpg deletes the output of a signature that fails: a probe written to /dev/null would remove it.
check "... and /dev/null is still the device" test -c /dev/null
check "a refused run leaves the repository as it was" cmp -s "$t/InRelease.before" "$repo/dists/stable/InRelease"
check "no work folder is left in dists/" test "$(ls -A "$repo/dists")" = stable

# --- apt, as a box sees the repository ----------------------------------------------------------
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -m http.server --bind 127.0.0.1 --directory "$repo" "$port" >"$t/http.log" 2>&1 &
server=$!
for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done

# A throwaway apt: its own sources, lists, cache, dpkg status and trusted keys; the architecture
# of a box. $1: a name for its folder; $2: the architecture; $3: the keyring of Signed-By.
apt_options() {
    local dir="$t/apt-$1"
    mkdir -p "$dir/lists/partial" "$dir/cache/archives/partial" "$dir/trusted.d" "$dir/download"
    : > "$dir/status"
    printf 'Types: deb\nURIs: http://127.0.0.1:%s\nSuites: stable\nComponents: main\nSigned-By: %s\n' \
        "$port" "$3" > "$dir/wikichime.sources"
    echo "-o Dir::Etc::sourcelist=$dir/wikichime.sources -o Dir::Etc::sourceparts=- -o Dir::State=$dir" \
        "-o Dir::State::lists=$dir/lists -o Dir::State::status=$dir/status -o Dir::Cache=$dir/cache" \
        "-o Dir::Etc::trusted=$dir/none.gpg -o Dir::Etc::trustedparts=$dir/trusted.d -o Dir::Etc::preferencesparts=-" \
        "-o APT::Architecture=$2 -o APT::Architectures=$2 -o Acquire::Languages=none" \
        "-o APT::Sandbox::User=$(id -un)"
}

for arch in amd64 arm64; do
    # shellcheck disable=SC2207 # options without spaces, one word each
    options=($(apt_options "$arch" "$arch" "$repo/wikichime-archive-keyring.gpg"))
    apt-get "${options[@]}" update >"$t/update-$arch" 2>&1 && status=0 || status=$?
    check "$arch: apt-get update exits 0" test "$status" -eq 0
    check "$arch: apt-get update has no warning (NO_PUBKEY, unsigned, failed)" \
        bash -c "! grep -E '^(W|E):|NO_PUBKEY|not signed|insecure' \"\$1\"" _ "$t/update-$arch"
    apt-cache "${options[@]}" policy wikichime >"$t/policy-$arch" 2>&1 || true
    check "$arch: apt-cache policy wikichime: candidate 0.1.1" grep -q "Candidate: 0.1.1$" "$t/policy-$arch"
    check "$arch: apt-cache policy wikichime: 0.1.0 still listed" grep -q "^ *0.1.0 500$" "$t/policy-$arch"
    (cd "$t/apt-$arch/download" && apt-get "${options[@]}" download wikichime >/dev/null 2>&1) || true
    check "$arch: apt-get download fetches the 0.1.1 package, checked against the signed index" \
        cmp -s "$t/apt-$arch/download/wikichime_0.1.1_$arch.deb" "$t/wikichime_0.1.1_${arch}_1.deb"
done

# shellcheck disable=SC2207
options=($(apt_options wrong-key amd64 "$t/wrong.gpg"))
GNUPGHOME="$t/gnupg-second" gpg --batch --export > "$t/wrong.gpg"
apt-get "${options[@]}" update >"$t/update-wrong" 2>&1 || true
check "a box holding another key refuses the repository (NO_PUBKEY)" grep -q "NO_PUBKEY" "$t/update-wrong"

echo "apt-repo: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
