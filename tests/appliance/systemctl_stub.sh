#!/bin/bash
# Test stand-in for systemctl in a chroot where no systemd runs (installed as /usr/local/sbin/systemctl).
# Offline verbs (enable, disable, set-default, is-enabled…) go to the real systemctl. `restart` of a unit
# runs the installed unit's own ExecStart as its User= with its Environment= lines, in the background;
# `is-active` says whether that process is alive. Every call is logged in /var/log/systemctl-stub.log.
echo "systemctl $*" >>/var/log/systemctl-stub.log
verb=$1
shift
start_unit() {
  local unit=/etc/systemd/system/$1 user cmd envs=()
  [ -f "$unit" ] || { echo "stub: no $unit" >&2; return 5; }
  stop_unit "$1"
  user=$(sed -n 's/^User=//p' "$unit" | tail -n1)
  cmd=$(sed -n 's/^ExecStart=//p' "$unit" | tail -n1)
  while read -r line; do
    # shellcheck disable=SC2206
    envs+=($line)
  done < <(sed -n 's/^Environment=//p' "$unit")
  for dir in $(sed -n 's/^StateDirectory=//p' "$unit"); do install -d -o "$user" -m 0700 "/var/lib/$dir"; done
  for dir in $(sed -n 's/^CacheDirectory=//p' "$unit"); do install -d -o "$user" -m 0700 "/var/cache/$dir"; done
  if [ "$1" = kiosk-hub.service ]; then
    # shellcheck disable=SC2086
    setsid runuser -u "$user" -- env "${envs[@]}" $cmd </dev/null >>"/var/log/$1.log" 2>&1 &
    echo $! >"/run/stub-$1.pid"
  else
    touch "/run/stub-$1.started"  # no screen here: the session and the UI are only marked started
  fi
}
stop_unit() {
  if [ -f "/run/stub-$1.pid" ]; then
    pkill -TERM -s "$(cat "/run/stub-$1.pid")" 2>/dev/null || true
    rm -f "/run/stub-$1.pid"
    sleep 1
  fi
}
case "$verb" in
  daemon-reload) exit 0 ;;
  start | restart)
    for unit in "$@"; do start_unit "$unit" || exit $?; done ;;
  stop)
    for unit in "$@"; do stop_unit "$unit"; done ;;
  is-active)
    for unit in "$@"; do
      [ "$unit" = --quiet ] && continue
      if [ -f "/run/stub-$unit.pid" ] && kill -0 "$(cat "/run/stub-$unit.pid")" 2>/dev/null; then echo active
      elif [ -f "/run/stub-$unit.started" ]; then echo active
      else echo inactive; exit 3; fi
    done ;;
  *) exec /usr/bin/systemctl "$verb" "$@" ;;
esac
