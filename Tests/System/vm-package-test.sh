#!/usr/bin/env bash
# System test of the box as people get it: the arm64 Debian package, installed with apt from a
# signed test repository into a real Debian 13 system (systemd as PID 1, udev, sshd) booted under
# qemu-system-aarch64 -M virt, and driven over SSH from the host as a person would. The service
# runs as shipped, in its sandbox; a test drop-in only adds `--trace` (to compare the notes with
# the sound) and WIKICHIME_TEST_HOOKS=1 (SIGUSR2 wedges the supervisor loop, for the watchdog).
# The stream comes from fixtures/paced-stream.py on the host (10.0.2.2 from the guest); the sound
# card (QEMU's Intel HDA) writes a WAV file on the host, checked by check-package-sound.py.
#
#   Tests/System/vm-package-test.sh [--deb dist/wikichime_VERSION_arm64.deb]
#
# Three power-ons of the same kind of box:
#   first   apt install; the service active (Type=notify: READY); the stream URL set with
#           `wikichime config set`; it plays (notes in the WAV at their traced times); its journal
#           lines at their priorities; reboot: it starts by itself and plays again;
#           `config set languages de` plays German without a restart; a broken config keeps the
#           last good settings
#   late    the same disk, booted with the sound card's driver held back: the service starts
#           with no card; the driver loaded afterwards; the box plays (the sandbox lets it in)
#   fleet   a new disk: the Ansible playbook installs and configures it (a second run changes
#           nothing); the watchdog restarts a wedged loop, `kill -9` is restarted, the state
#           survives both; a hard reset while the config is being rewritten leaves the files
#           whole; `apt upgrade` keeps the edited config and offers the new one; `apt purge`
#           leaves no file, user or unit behind
# GPIO is not part of it: Debian 13's kernels have no gpio-sim (vm-gpio-test.sh and
# vm-run-test.sh test the panel on Debian 12's kernel with the module built out of tree).
#
# Needs root (mmdebstrap, binfmt_misc); installs its host packages; the image is cached in
# /var/cache/wikichime-vm (DVM_CACHE; ~11 min to make once). Exit status: 0 every check passed,
# 1 a check failed, 2 the test could not run (it says why: never a silent pass).
set -uo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
here="$repo/Tests/System"
source "$here/debian-vm.sh"
started=$SECONDS

source "$repo/Board/lib/version.sh"
version=$(wikichime_version "$repo") || dvm_die "no version"
deb="$repo/dist/wikichime_${version}_arm64.deb"
while [ $# -gt 0 ]; do
    case $1 in
        --deb) deb=$2; shift 2 ;;
        *) dvm_die "usage: Tests/System/vm-package-test.sh [--deb PATH]" ;;
    esac
done
[ -f "$deb" ] || dvm_die "no package at $deb (sudo Board/cross-build.sh makes it)"

passed=0 failed=0
check() {  # check OK WHAT [DETAIL]: OK is 0 (a command's status) for a pass
    if [ "$1" = 0 ]; then passed=$((passed + 1)); echo "ok   - $2"
    else failed=$((failed + 1)); echo "FAIL - $2"; fi
    [ -n "${3:-}" ] && printf '%s\n' "$3" | sed 's/^/       /'
    return 0
}
# wait_until SECONDS COMMAND…: runs COMMAND every 2 s until it succeeds; fails after SECONDS.
wait_until() {
    local limit=$1; shift
    local until=$((SECONDS + limit))
    until "$@" >/dev/null 2>&1; do
        [ $SECONDS -lt $until ] || return 1
        sleep 2
    done
}
# The running box's status field NAME (`wikichime status --json`, read in the guest).
field() { dvm_ssh wikichime status --json 2>/dev/null | python3 -c "import json, sys; print(json.load(sys.stdin).get('$1', ''))"; }
unit() { dvm_ssh systemctl show -P "$1" wikichime.service; }
is_active() { [ "$(unit ActiveState)" = active ]; }
is_playing() { [ "$(field audio)" = playing ] && [ "$(field stream)" = connected ]; }
field_is() { [ "$(field "$1")" = "$2" ]; }
restarts_above() { [ "$(unit NRestarts)" -gt "$1" ]; }
played_above() { [ "$(field edits_played)" -gt "$1" ]; }
config_kept() { [[ "$(field config_state)" == "kept last good"* ]]; }
# Seconds from the start of the service's process to its first "playing on" line (the sound
# card opened): the notes before it were traced but had no card to play on.
audio_opened_after() {
    local start
    start=$(unit ExecMainStartTimestampMonotonic)
    dvm_ssh "journalctl -u wikichime.service -b -o json --output-fields=MESSAGE" | python3 -c '
import json, sys
start = int(sys.argv[1])
for line in sys.stdin:
    entry = json.loads(line)
    at = int(entry["__MONOTONIC_TIMESTAMP"])
    if at >= start and str(entry.get("MESSAGE", "")).startswith("playing on"):
        print(f"{(at - start) / 1e6:.1f}")
        break
else:
    print("-1")' "$start"
}
# Keeps the service's journal of this boot and its status, for reading after a failure.
save_journal() {
    dvm_ssh "journalctl -u wikichime.service -b -o short-monotonic --no-pager; wikichime status" >"$dvm_run/$1.journal.txt" 2>&1
}
monitor() { python3 -c 'import socket, sys; s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); s.sendall(sys.argv[2].encode() + b"\n"); s.recv(4096)' "$dvm_monitor" "$1"; }

dvm_prepare
dvm_run=$DVM_CACHE/package-test
rm -rf "$dvm_run"
mkdir -p "$dvm_run"
cleanup() {
    dvm_kill
    [ -n "${stream_pid:-}" ] && kill "$stream_pid" 2>/dev/null
    [ -n "${repo_pid:-}" ] && kill "$repo_pid" 2>/dev/null
}
trap cleanup EXIT

# The test repository, signed with a key made for this run, holding the package; and a newer
# version for the upgrade (the same binary; its shipped config gains a line, so that dpkg has a
# new conffile to offer beside the edited one).
export GNUPGHOME="$dvm_run/gnupg"
mkdir -m 0700 "$GNUPGHOME"
gpg --batch --quiet --passphrase '' --quick-gen-key 'wikichime test archive <test@wikichime.invalid>' ed25519 sign never \
    && gpg --batch --armor --export-secret-keys > "$dvm_run/archive-key.asc" || dvm_die "gpg could not make the test key"
newer_version="$version+upgrade1"
mkdir -p "$dvm_run/newer"
dpkg-deb -R "$deb" "$dvm_run/newer/root" || dvm_die "cannot unpack $deb"
sed -i "s/^Version: .*/Version: $newer_version/" "$dvm_run/newer/root/DEBIAN/control"
echo "# (a line added by the package test's newer version)" >> "$dvm_run/newer/root/etc/wikichime.conf"
newer_deb="$dvm_run/newer/wikichime_${newer_version}_arm64.deb"
dpkg-deb --root-owner-group -Zxz --build "$dvm_run/newer/root" "$newer_deb" >/dev/null || dvm_die "cannot pack the newer version"
"$repo/Board/apt-repo.sh" --key "$dvm_run/archive-key.asc" "$dvm_run/apt" "$deb" >"$dvm_run/apt-repo.log" 2>&1 \
    || { cat "$dvm_run/apt-repo.log" >&2; dvm_die "Board/apt-repo.sh failed"; }

# The host's servers, which the guest reaches at 10.0.2.2.
repo_port=$(dvm_free_port)
python3 -m http.server --bind 127.0.0.1 --directory "$dvm_run/apt" "$repo_port" >"$dvm_run/apt-http.log" 2>&1 &
repo_pid=$!
python3 "$here/fixtures/paced-stream.py" --port-file "$dvm_run/stream.port" --log "$dvm_run/stream.log" \
    >"$dvm_run/stream.err" 2>&1 &
stream_pid=$!
wait_until 20 test -s "$dvm_run/stream.port" || dvm_die "the test stream server did not start ($dvm_run/stream.err)"
stream_url="http://10.0.2.2:$(cat "$dvm_run/stream.port")/v2/stream/recentchange"

# The apt source a box is given: the repository's URL and its key.
add_repository() {
    dvm_scp "$dvm_run/apt/wikichime-archive-keyring.gpg" root@127.0.0.1:/usr/share/keyrings/ &&
    dvm_ssh "printf 'Types: deb\nURIs: http://10.0.2.2:$repo_port\nSuites: stable\nComponents: main\nSigned-By: /usr/share/keyrings/wikichime-archive-keyring.gpg\n' > /etc/apt/sources.list.d/wikichime.sources"
}
# The test's drop-in: the shipped ExecStart with --trace; the test hooks.
add_test_dropin() {
    dvm_ssh "mkdir -p /etc/systemd/system/wikichime.service.d && cat > /etc/systemd/system/wikichime.service.d/test.conf && systemctl daemon-reload" <<'UNIT'
[Service]
ExecStart=
ExecStart=/usr/bin/wikichime run --config /etc/wikichime.conf --trace /var/lib/wikichime/trace.jsonl
Environment=WIKICHIME_TEST_HOOKS=1
UNIT
}
save_trace() { dvm_scp root@127.0.0.1:/var/lib/wikichime/trace.jsonl "$dvm_run/$1.trace.jsonl"; }
journal_denials() { dvm_ssh "journalctl -b -o cat | grep -E -i 'Operation not permitted|SIGSYS|audit.*wikichime|EPERM' || true"; }

source "$here/vm-package-scenarios.sh"

dvm_say "$((SECONDS - started)) s in all; $passed passed, $failed failed"
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
