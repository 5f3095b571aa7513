# shellcheck shell=bash
# ensure_debian_packages WHO PACKAGE…: installs with apt-get the Debian packages of the list that
# are not installed (as root, or through sudo), saying so on stderr as "WHO: installing …".
# Returns 1, having said why, when the archive cannot be reached or the install fails; the
# caller decides what that means (dev.sh stops; a system test says DID NOT RUN). Sourced by the
# scripts of Board/ and Tests/System/, which all need packages this way.
ensure_debian_packages() {
    local who=$1; shift
    local missing=() package sudo=""
    for package in "$@"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    [ "$(id -u)" -eq 0 ] || sudo=sudo
    echo "$who: installing ${missing[*]}" >&2
    $sudo apt-get -o DPkg::Lock::Timeout=600 update -qq \
        || { echo "$who: apt-get update failed: is the Debian archive reachable?" >&2; return 1; }
    DEBIAN_FRONTEND=noninteractive $sudo apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends \
        "${missing[@]}" >/dev/null \
        || { echo "$who: could not install ${missing[*]}: is the Debian archive reachable?" >&2; return 1; }
}
