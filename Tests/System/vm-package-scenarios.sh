# shellcheck shell=bash
# The scenarios of vm-package-test.sh (sourced by it, after its servers and helpers are up): three
# power-ons of a Debian 13 arm64 box, each check one line. bash.

# ------------------------------------------------------------------------------------------
# 1. first: apt install, it plays; its journal; reboot, it plays again; languages; broken config
dvm_disk "$dvm_run/first.qcow2"
dvm_boot first
add_repository || dvm_die "cannot add the test repository to the guest"
install_log=$(dvm_ssh "apt-get update -q 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q wikichime 2>&1")
check $? "first: apt install wikichime from the signed test repository" "$(tail -n 3 <<<"$install_log")"
check "$(grep -c -E 'NO_PUBKEY|not signed|unauthenticated|^W: ' <<<"$install_log")" \
    "first: apt verified the repository's signature (no warning)"
for library in libgpiod3 libcurl4t64; do
    grep -q "Setting up $library" <<<"$install_log"; check $? "first: apt brought $library (Depends)"
done
wait_until 30 is_active
check $? "first: the service is active after install (Type=notify: READY reached)" \
    "$(dvm_ssh systemctl show -p Type,ActiveState,SubState,MainPID,StatusText wikichime.service)"
# Every library the binary loads is found, and each one it links directly (DT_NEEDED, read on the
# host) comes from a package it depends on.
missing=$(dvm_ssh 'ldd /usr/bin/wikichime | grep "not found"')
check "$([ -z "$missing" ] && echo 0 || echo 1)" "first: every shared library of /usr/bin/wikichime is found" "$missing"
dpkg-deb --fsys-tarfile "$deb" | tar -xOf - ./usr/bin/wikichime > "$dvm_run/wikichime.arm64"
needed=$(readelf -d "$dvm_run/wikichime.arm64" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | tr '\n' ' ')
owners=$(dvm_ssh "for soname in $needed; do path=\$(ldconfig -p | awk -v n=\"\$soname\" '\$1 == n { print \$NF; exit }'); dpkg -S \"\$(readlink -f \"\$path\")\" 2>/dev/null || dpkg -S \"\$path\"; done | cut -d: -f1 | sort -u")
depends=$(dvm_ssh "dpkg-query -W -f='\${Depends}' wikichime")
stray=$(for package in $owners; do grep -q -E "(^|[ ,|])$package( |,|$)" <<<"$depends" || echo "$package"; done)
[ -n "$owners" ] && [ -z "$stray" ]
check $? "first: the package of each library it links is in Depends" \
    "links: $needed; from: $(echo $owners)${stray:+; not in Depends: $stray}; Depends: $depends"
getent_line=$(dvm_ssh 'id wikichime')
grep -q audio <<<"$getent_line" && grep -q gpio <<<"$getent_line"
check $? "first: the system user wikichime is in the audio and gpio groups (sysusers.d)" "$getent_line"

config_out=$(dvm_ssh "wikichime config set stream_url $stream_url 2>&1")
check $? "first: wikichime config set stream_url (restart-only: says so)" "$config_out"
add_test_dropin && dvm_ssh systemctl restart wikichime.service
wait_until 60 is_playing
check $? "first: connected to the test stream and playing" "$(dvm_ssh wikichime status 2>&1 | sed -n '/stream/p;/audio /p')"
sleep 20
save_trace first-install
install_audio=$(audio_opened_after)
save_journal first-install
journal=$(dvm_ssh "journalctl -u wikichime.service -b -o json --output-fields=PRIORITY,MESSAGE")
priorities=$(python3 - "$journal" <<'PY'
import json, sys
lines = [json.loads(x) for x in sys.argv[1].splitlines() if x.strip()]
ours = [x for x in lines if "MESSAGE" in x and not str(x["MESSAGE"]).startswith(("Started", "Starting", "Stopp", "wikichime.service"))]
bad = [x for x in ours if str(x["MESSAGE"]).startswith("<")]
print(f"{len(ours)} lines; priorities: " + ", ".join(f"{p}×{sum(1 for x in ours if x.get('PRIORITY') == p)}"
      for p in sorted({x.get('PRIORITY') for x in ours})))
print("\n".join(f"[{x.get('PRIORITY')}] {x['MESSAGE']}" for x in ours[:12]))
sys.exit(1 if bad or not ours else 0)
PY
)
check $? "first: the journal has the service's lines at their priorities (no raw <N> prefix)" "$priorities"
denials=$(journal_denials)
check "$([ -z "$denials" ] && echo 0 || echo 1)" "first: no EPERM or SIGSYS from the sandbox in the journal" "$denials"

dvm_ssh 'systemctl reboot' 2>/dev/null
sleep 10
dvm_boot_started=$SECONDS
until dvm_ssh true 2>/dev/null || [ $((SECONDS - dvm_boot_started)) -gt "$dvm_timeout" ]; do sleep 2; done
wait_until 60 is_playing
check $? "first: after a reboot the service started by itself and plays" \
    "$(dvm_ssh 'systemctl show -p ActiveState,NRestarts wikichime.service; journalctl --list-boots --no-pager | tail -n 2')"
sleep 10
pid_before=$(unit MainPID)
config_out=$(dvm_ssh 'wikichime config set languages de 2>&1')
check $? "first: wikichime config set languages de" "$config_out"
wait_until 20 field_is languages de
check $? "first: wikichime status shows languages de" "$(dvm_ssh wikichime status 2>&1 | grep -i -E 'languages|stream')"
sleep 15
save_trace first-reboot
reboot_audio=$(audio_opened_after)
german=$(python3 -c 'import json, sys; t = [json.loads(l) for l in open(sys.argv[1])]; print(sum(1 for x in t if x["wiki"] == "dewiki" and x.get("midi") is not None and not x["dropped"]))' "$dvm_run/first-reboot.trace.jsonl")
[ "$(unit MainPID)" = "$pid_before" ] && [ "${german:-0}" -ge 5 ]
check $? "first: German edits play without a restart (same process; $german German notes played)"

dvm_ssh "echo 'volume = loud' >> /etc/wikichime.conf && systemctl reload wikichime.service"
wait_until 20 config_kept
state=$(field config_state)
played_before=$(field edits_played)
# German notes come every other ~12 s segment of the stream.
wait_until 30 played_above "${played_before:-0}"
[[ $state == "kept last good"* ]] && [ "$(field languages)" = de ] && [ "$(field edits_played)" -gt "${played_before:-0}" ] \
    && [ "$(unit MainPID)" = "$pid_before" ]
check $? "first: a broken config keeps the last good settings and the box plays on" "config_state: $state"
warning=$(dvm_ssh "journalctl -u wikichime.service -b -p warning -o cat | grep -i 'loud' | tail -n 1")
check "$([ -n "$warning" ] && echo 0 || echo 1)" "first: the broken line is in the journal at warning or higher" "$warning"
dvm_ssh "sed -i '/^volume = loud$/d' /etc/wikichime.conf && systemctl reload wikichime.service"
save_journal first-reboot
dvm_poweroff
sound=$(python3 "$here/check-package-sound.py" "$dvm_wav" "install=$dvm_run/first-install.trace.jsonl" \
    "reboot=$dvm_run/first-reboot.trace.jsonl" --after "install=$install_audio" --after "reboot=$reboot_audio")
check $? "first: the notes of both boots are in the sound card's output at their traced times" "$sound"

# ------------------------------------------------------------------------------------------
# 2. late: the sound card's driver comes after the service started
dvm_boot late modprobe.blacklist=snd_hda_intel
wait_until 60 is_active
check $? "late: the service is active with no sound card"
dvm_ssh 'test ! -e /dev/snd/pcmC0D0p'
check $? "late: no sound card yet" "$(dvm_ssh 'wikichime status 2>&1 | grep -i audio')"
sleep 5
dvm_ssh 'modprobe snd_hda_intel'
wait_until 60 is_playing
check $? "late: the card loaded after the service started plays (the sandbox lets it in)" \
    "$(dvm_ssh 'wikichime status 2>&1 | grep -i -E "audio|stream"; ls -l /dev/snd/ | head -n 4')"
sleep 20
save_trace late
late_audio=$(audio_opened_after)
save_journal late
denials=$(journal_denials)
check "$([ -z "$denials" ] && echo 0 || echo 1)" "late: no EPERM from the device cgroup in the journal" "$denials"
# A card opened with the configuration libasound read before it existed is a bare hw device,
# which underran thousands of times here (2 843 in ~50 s); the card's own `default`, a few.
underruns=$(field underruns)
[ "${underruns:-9999}" -lt 200 ]
check $? "late: the card is opened as the system defines it (underruns: $underruns, against thousands as a bare hw device)"
dvm_poweroff
sound=$(python3 "$here/check-package-sound.py" "$dvm_wav" "late=$dvm_run/late.trace.jsonl" --after "late=$late_audio")
check $? "late: the notes after the card came are in its output at their traced times" "$sound"

# ------------------------------------------------------------------------------------------
# 3. fleet: Ansible, the watchdog, kill -9, a hard reset, apt upgrade, apt purge
source "$here/vm-package-fleet.sh"
