# shellcheck shell=bash
# The third power-on of vm-package-test.sh (sourced by vm-package-scenarios.sh): a new box set up
# by the Ansible playbook; the watchdog, kill -9, a hard reset, apt upgrade and apt purge. bash.

dvm_disk "$dvm_run/fleet.qcow2"
dvm_boot fleet

# ansible-core from PyPI, in a virtual environment kept with the image.
venv=$DVM_CACHE/ansible
if [ ! -x "$venv/bin/ansible-playbook" ]; then
    dvm_say "installing ansible-core from PyPI into $venv"
    { python3 -m venv "$venv" && "$venv/bin/pip" install -q ansible-core; } >"$dvm_run/pip.log" 2>&1 \
        || { rm -rf "$venv"; tail -5 "$dvm_run/pip.log" >&2; dvm_die "pip install ansible-core failed: is PyPI reachable?"; }
fi
cat > "$dvm_run/inventory.ini" <<INI
[boxes]
box ansible_host=127.0.0.1 ansible_port=$dvm_ssh_port ansible_user=root ansible_ssh_private_key_file=$dvm_key ansible_ssh_common_args='-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null'
INI
playbook() {
    ANSIBLE_HOST_KEY_CHECKING=False ANSIBLE_NOCOLOR=1 ANSIBLE_RETRY_FILES_ENABLED=False \
        "$venv/bin/ansible-playbook" -i "$dvm_run/inventory.ini" "$repo/Board/ansible/wikichime.yml" \
        -e "wikichime_repo_url=http://10.0.2.2:$repo_port" -e "wikichime_repo_key=$dvm_run/apt/wikichime-archive-keyring.gpg" \
        -e "{\"wikichime_config\": {\"stream_url\": \"$stream_url\", \"volume\": \"40\"}}" 2>&1
}
recap() { grep -A1 '^PLAY RECAP' <<<"$1" | tail -n 1; }
first_run=$(playbook)
status=$?
[ $status -eq 0 ] && grep -q 'failed=0' <<<"$(recap "$first_run")" && ! grep -q 'changed=0' <<<"$(recap "$first_run")"
check $? "fleet: the Ansible playbook installs the package and sets the config" "$(recap "$first_run")"
[ $status -eq 0 ] || tail -n 30 <<<"$first_run" | sed 's/^/       /'
second_run=$(playbook)
[ $? -eq 0 ] && grep -q 'changed=0 ' <<<"$(recap "$second_run")" && grep -q 'failed=0' <<<"$(recap "$second_run")"
check $? "fleet: a second run changes nothing" "$(recap "$second_run")"
comments=$(dvm_ssh "grep -c '^#' /etc/wikichime.conf")
[ "${comments:-0}" -gt 20 ] && dvm_ssh "grep -q '^volume = 40' /etc/wikichime.conf"
check $? "fleet: the config keeps its comments ($comments comment lines) and has the playbook's values"

# The state a button press leaves (newer than the config file: it wins), then the test drop-in.
add_test_dropin
dvm_ssh "printf '# wikichime state\nvolume = 35\nmuted = no\nchanged_at = %s.000\n' \$((\$(date +%s) + 5)) > /var/lib/wikichime/state && chown wikichime: /var/lib/wikichime/state && systemctl restart wikichime.service"
wait_until 60 is_playing
[ "$(field volume)" = 35 ]
check $? "fleet: the box plays, with the state file's volume (35) over the config's (40)" "volume $(field volume)"
state_sum=$(dvm_ssh md5sum /var/lib/wikichime/state)

restarts=$(unit NRestarts) wedged_at=$SECONDS
dvm_ssh 'systemctl kill -s SIGUSR2 --kill-whom=main wikichime.service'
wait_until 100 restarts_above "$restarts"
restarted=$? waited=$((SECONDS - wedged_at))
timeout_line=$(dvm_ssh "journalctl -u wikichime.service -b -o cat | grep -i 'watchdog timeout' | tail -n 1")
[ $restarted -eq 0 ] && [ -n "$timeout_line" ] && [ $waited -ge 14 ]
# The loop pings every 15 s: systemd's 30 s run out 15 to 30 s after the wedge.
check $? "fleet: the wedged loop is killed by systemd's watchdog and restarted (after $waited s)" "$timeout_line"
wait_until 60 is_playing && [ "$(field volume)" = 35 ]
check $? "fleet: it plays again after the watchdog, with the state's volume" "volume $(field volume)"

restarts=$(unit NRestarts) killed_at=$SECONDS
dvm_ssh 'systemctl kill -s SIGKILL --kill-whom=main wikichime.service'
wait_until 40 restarts_above "$restarts"
restarted=$? waited=$((SECONDS - killed_at))
wait_until 60 is_playing && [ $restarted -eq 0 ] && [ "$(field volume)" = 35 ]
check $? "fleet: kill -9 is restarted (after $waited s; RestartSec=5) and plays with the state's volume"
[ "$(dvm_ssh md5sum /var/lib/wikichime/state)" = "$state_sum" ]
check $? "fleet: the state file is the same after both"

# A power cut while `config set` rewrites the config (and the box reloads it) again and again.
dvm_ssh "setsid sh -c 'i=0; while :; do i=\$((i + 1)); wikichime config set volume \$((30 + i % 40)) >/dev/null 2>&1; done' </dev/null >/dev/null 2>&1 &"
sleep 8
writes=$(dvm_ssh "journalctl -u wikichime.service -b -o cat | grep -c -i reload")
monitor system_reset
sleep 5
dvm_boot_started=$SECONDS
until dvm_ssh true 2>/dev/null || [ $((SECONDS - dvm_boot_started)) -gt "$dvm_timeout" ]; do sleep 2; done
checked=$(dvm_ssh 'wikichime check-config 2>&1')
[ $? -eq 0 ] && dvm_ssh "grep -q '^stream_url = ' /etc/wikichime.conf && grep -q '^volume = [0-9]*$' /etc/wikichime.conf"
check $? "fleet: after a hard reset during config writes ($writes reloads logged) the config is whole" \
    "$checked; $(dvm_ssh 'ls -a /etc | grep wikichime | tr "\n" " "')"
dvm_ssh "grep -q '^volume = 35$' /var/lib/wikichime/state && grep -q '^changed_at = ' /var/lib/wikichime/state"
check $? "fleet: and so is the state file" "$(dvm_ssh cat /var/lib/wikichime/state)"
wait_until 90 is_active
check $? "fleet: the service is active again after the reset"

# apt upgrade: the edited config stays, the new one is offered beside it; the service restarts.
"$repo/Board/apt-repo.sh" --key "$dvm_run/archive-key.asc" "$dvm_run/apt" "$newer_deb" >>"$dvm_run/apt-repo.log" 2>&1 \
    || dvm_die "Board/apt-repo.sh failed to add the newer version"
pid_before=$(unit MainPID)
upgrade_log=$(dvm_ssh "apt-get update -q 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get upgrade -y -q -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold 2>&1")
[ $? -eq 0 ] && [ "$(dvm_ssh "dpkg-query -W -f='\${Version}' wikichime")" = "$newer_version" ]
check $? "fleet: apt upgrade installs $newer_version" "$(grep -i -E 'wikichime|conffile|Setting up' <<<"$upgrade_log" | tail -n 4)"
dvm_ssh "grep -q '^stream_url = ' /etc/wikichime.conf && grep -q 'added by the package test' /etc/wikichime.conf.dpkg-dist && ! grep -q 'added by the package test' /etc/wikichime.conf"
check $? "fleet: the edited /etc/wikichime.conf is kept; the new one is offered as wikichime.conf.dpkg-dist"
wait_until 60 is_active && [ "$(unit MainPID)" != "$pid_before" ]
check $? "fleet: the service was restarted by the upgrade"

# apt purge: nothing left.
dvm_ssh 'rm -rf /etc/systemd/system/wikichime.service.d && systemctl daemon-reload'
purge_log=$(dvm_ssh 'DEBIAN_FRONTEND=noninteractive apt-get purge -y -q wikichime 2>&1')
check $? "fleet: apt purge wikichime" "$(grep -v 'Reading database' <<<"$purge_log" | tail -n 2)"
left=$(dvm_ssh "find / -xdev \( -path /var/lib/apt -o -path /var/cache/apt -o -path /var/log -o -path /proc \) -prune -o -name '*wikichime*' -print | grep -v -E '^/etc/apt/sources.list.d/wikichime.sources$|^/usr/share/keyrings/wikichime-archive-keyring.gpg$'" 2>&1)
check "$([ -z "$left" ] && echo 0 || echo 1)" "fleet: no file of the package is left (but the apt source and key that the person added)" "$left"
users=$(dvm_ssh 'getent passwd wikichime; getent group wikichime')
check "$([ -z "$users" ] && echo 0 || echo 1)" "fleet: no user or group wikichime is left" "$users"
! dvm_ssh 'systemctl cat wikichime.service >/dev/null 2>&1'
check $? "fleet: no unit wikichime.service is left" "$(dvm_ssh 'systemctl list-unit-files "wikichime*" 2>&1 | head -n 3')"
dvm_poweroff
