#!/usr/bin/env bash
# Installs (or updates in place) the kiosk on Raspberry Pi OS Bookworm 64-bit (Pi 4/5) or a Debian 12 PC.
#
#   sudo KIOSK_ID=mediatheque-1 bash deploy/install-pi.sh      # from a clone of the repository
#
# Order: everything is checked first (root, 64-bit, Debian 12, KIOSK_ID, the clone, the existing config);
# then the code and its pinned, hash-checked dependencies are built beside the running ones and swapped in;
# the configuration is written once, atomically, and never replaced afterwards. At the end it checks that
# the hub answers and the screen's units are active, and prints what to do next.
#
# Result: users `kiosk-hub` (the hub; alone to read /var/lib/kiosk/hub) and `kiosk` (the screen; no login
# shell); root-owned code in /opt/kiosk/app and /opt/kiosk/venv; /etc/kiosk/kiosk.toml (root:kiosk 0640);
# units kiosk-hub, kiosk-session (Weston kiosk-shell on tty1) and kiosk-ui; the hardware watchdog on.
set -euo pipefail

PREFIX=/opt/kiosk
APP=$PREFIX/app
VENV=$PREFIX/venv
CONF_DIR=/etc/kiosk
CONF=$CONF_DIR/kiosk.toml
MANIFEST=$CONF_DIR/installed-files.sha256
DATA=/var/lib/kiosk
HUB_USER=kiosk-hub
UI_USER=kiosk
UNITS=(kiosk-hub.service kiosk-session.service kiosk-ui.service)
SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ID_RE='^[a-z0-9][a-z0-9-]{0,39}$'

# What this script creates (the virtualenv, folders, copies) is read by the services' own users: a root
# shell's umask of 077 (hardened systems, `sudo -i` on some images) would leave it 0700 and them locked out.
# Files that must stay private get their mode explicitly below.
umask 022

say() { printf '\n== %s\n' "$*"; }
die() { printf 'install-pi.sh: %s\n' "$*" >&2; exit 1; }
note() { printf '   %s\n' "$*"; }

# --- 1. Check everything before writing anything ------------------------------------------------------
[ "$(id -u)" -eq 0 ] || die "run it as root: sudo KIOSK_ID=… bash $0"
arch=$(dpkg --print-architecture 2>/dev/null || echo unknown)
case "$arch" in
  arm64 | amd64) ;;
  armhf | armel | i386) die "this is a 32-bit system ($arch). Install Raspberry Pi OS (64-bit) or a 64-bit Debian 12: the pinned wheels exist for aarch64 and x86_64 only." ;;
  *) die "unsupported architecture '$arch' (64-bit arm64 or amd64 only)" ;;
esac
# shellcheck disable=SC1091
codename=$( . /etc/os-release 2>/dev/null && echo "${VERSION_CODENAME:-}")
[ "$codename" = bookworm ] || die "this is '${codename:-an unknown system}', not Debian 12 / Raspberry Pi OS Bookworm"
for file in pyproject.toml requirements.lock deploy/kiosk.example.toml deploy/debian-packages.txt \
  deploy/weston.ini deploy/pam-kiosk-session deploy/kiosk-watchdog.conf deploy/kiosk-admin \
  "${UNITS[@]/#/deploy/}"; do
  [ -f "$SRC/$file" ] || die "run it from a clone of the kiosk repository ($SRC/$file is missing)"
done
if [ -z "${KIOSK_ID:-}" ]; then
  KIOSK_ID=$(hostname | tr '[:upper:]' '[:lower:]' | tr -c 'a-z0-9-\n' '-' | sed 's/^-*//; s/-*$//' | cut -c1-40)
fi
[[ "${KIOSK_ID:-}" =~ $ID_RE ]] ||
  die "KIOSK_ID='${KIOSK_ID:-}' is not a kiosk id: 1 to 40 lowercase letters, digits or '-', starting with a letter or digit (e.g. KIOSK_ID=mediatheque-1)"
if [ -e "$CONF" ]; then
  grep -q '^\[kiosk\]' "$CONF" || die "$CONF exists but has no [kiosk] section: fix or move it away, then rerun"
fi
mapfile -t packages < <(grep -v '^#' "$SRC/deploy/debian-packages.txt" | sed '/^[[:space:]]*$/d')
missing=()
for pkg in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done

# Files this script owns outside /opt/kiosk: a person's edit is kept aside (and said), never lost silently.
declare -A OWNED=(
  [/etc/systemd/system/kiosk-hub.service]=deploy/kiosk-hub.service
  [/etc/systemd/system/kiosk-session.service]=deploy/kiosk-session.service
  [/etc/systemd/system/kiosk-ui.service]=deploy/kiosk-ui.service
  [/etc/systemd/system.conf.d/kiosk-watchdog.conf]=deploy/kiosk-watchdog.conf
  [/etc/pam.d/kiosk-session]=deploy/pam-kiosk-session
  [/usr/local/sbin/kiosk-admin]=deploy/kiosk-admin
)
staging=""
cleanup() { [ -z "$staging" ] || rm -rf "$staging" "$VENV.new" "$APP.new"; }
trap cleanup EXIT

# --- 2. Debian packages (only when some are missing: a rerun works offline) ---------------------------
say "Debian packages"
if [ ${#missing[@]} -gt 0 ]; then
  note "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  note "all present"
fi

# --- 3. Code and pinned dependencies, built beside the running ones, then swapped in -------------------
say "Code in $APP, virtualenv in $VENV (requirements.lock, hashes checked)"
install -d -o root -g root -m 0755 "$PREFIX"
staging=$(mktemp -d "$PREFIX/.staging.XXXXXX")
rm -rf "$APP.new" "$VENV.new"
# Modes are set, not copied: a clone made with umask 077 or in a private folder would otherwise give code
# that the hub's and the screen's users cannot read (world-readable, writable by root only).
rsync -a --delete --chown=root:root --chmod=Du=rwx,Dgo=rx,Fu+rw,Fgo-w,Fgo+r \
  --exclude .git --exclude .venv --exclude .lock-venv --exclude __pycache__ --exclude '*.egg-info' \
  --exclude .pytest_cache --exclude .mypy_cache --exclude .ruff_cache --exclude /var --exclude 'tests/**/artifacts' \
  "$SRC/" "$APP.new/"
if [ -f "$VENV/requirements.lock" ] && cmp -s "$VENV/requirements.lock" "$APP.new/requirements.lock"; then
  note "dependencies unchanged: the virtualenv is kept"
else
  /usr/bin/python3 -m venv "$VENV.new"
  "$VENV.new/bin/python" -m pip install --quiet --disable-pip-version-check --no-input --require-hashes \
    --only-binary=:all: --no-deps -r "$APP.new/requirements.lock"
  cp "$APP.new/requirements.lock" "$VENV.new/requirements.lock"
  # The app is imported from /opt/kiosk/app (lessons/ and assets/ beside the package): a .pth, no build.
  site=$("$VENV.new/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
  echo "$APP" >"$site/kiosk-app.pth"
  printf '#!%s\nimport sys\nfrom kiosk.cli import main\nsys.exit(main())\n' "$VENV/bin/python" >"$VENV.new/bin/kiosk"
  chmod 0755 "$VENV.new/bin/kiosk"
  chown -R root:root "$VENV.new"
  chmod -R go-w "$VENV.new"
fi
python=$VENV.new/bin/python
[ -x "$python" ] || python=$VENV/bin/python
# The new code must load, and the existing configuration (if any) must be valid for it, before the swap.
PYTHONPATH="$APP.new" "$python" -m kiosk --version >/dev/null
if [ -e "$CONF" ]; then
  PYTHONPATH="$APP.new" "$python" -m kiosk lessons check --config "$CONF" >/dev/null ||
    die "$CONF is not valid for this version (message above): nothing was changed; fix it and rerun"
fi
chmod -R go-w "$APP.new"
for dir in "$APP" "$VENV"; do
  [ -e "$dir.new" ] || continue
  if [ -e "$dir" ]; then mv "$dir" "$staging/$(basename "$dir").old"; fi
  mv "$dir.new" "$dir"
done
"$VENV/bin/python" -m compileall -q "$APP/kiosk" >/dev/null  # the units never write bytecode
note "$("$VENV/bin/python" -m kiosk --version)"

# --- 4. Users and data ---------------------------------------------------------------------------------
say "Users $HUB_USER (hub) and $UI_USER (screen)"
getent group "$UI_USER" >/dev/null || groupadd --system "$UI_USER"
if ! id -u "$UI_USER" >/dev/null 2>&1; then
  useradd --system --gid "$UI_USER" --home-dir "$DATA/ui" --no-create-home --shell /usr/sbin/nologin \
    --comment "Borne médiathèque (écran)" "$UI_USER"
else
  usermod --shell /usr/sbin/nologin "$UI_USER"  # an older install gave it a desktop login
fi
if ! id -u "$HUB_USER" >/dev/null 2>&1; then
  useradd --system --user-group --home-dir "$DATA/hub" --no-create-home --shell /usr/sbin/nologin \
    --comment "Borne médiathèque (hub)" "$HUB_USER"
fi
usermod -a -G "$UI_USER" "$HUB_USER"  # group kiosk reads /etc/kiosk/kiosk.toml
# GPU, sound, printers (lp: /dev/usb/lp0; dialout: serial; plugdev: usb://). Input comes through Weston.
for group in video render audio lp dialout plugdev; do
  if getent group "$group" >/dev/null; then usermod -a -G "$group" "$UI_USER"; fi
done
install -d -o root -g root -m 0755 "$DATA" /var/cache/kiosk
install -d -o "$HUB_USER" -g "$HUB_USER" -m 0700 "$DATA/hub" "$DATA/hub/kiosk-mediatheque" /var/cache/kiosk/hub
install -d -o "$UI_USER" -g "$UI_USER" -m 0700 "$DATA/ui" /var/cache/kiosk/ui
# An older install kept the hub database in /var/lib/kiosk itself, owned by the screen's user.
for old in "$DATA"/hub.sqlite3 "$DATA"/hub.sqlite3-wal "$DATA"/hub.sqlite3-shm "$DATA"/registrations.key; do
  if [ -e "$old" ]; then
    mv -n "$old" "$DATA/hub/kiosk-mediatheque/"
    note "moved $old to $DATA/hub/kiosk-mediatheque/ (the hub's own folder now)"
  fi
done
chown -R "$HUB_USER:$HUB_USER" "$DATA/hub"

# --- 5. Configuration: written once, atomically; then only reported ------------------------------------
say "Configuration $CONF"
install -d -o root -g "$UI_USER" -m 0750 "$CONF_DIR"
as_hub() { KIOSK_CONFIG=$1 bash "$APP/deploy/kiosk-admin" hub "${@:2}"; }
if [ ! -e "$CONF" ]; then
  tmp=$(mktemp "$CONF_DIR/.kiosk.toml.XXXXXX")
  sed -e "s|^id = \"demo\"|id = \"$KIOSK_ID\"|" \
      -e 's|^hub_url = ""|hub_url = "http://127.0.0.1:8470"|' \
      -e 's|^fullscreen = false|fullscreen = true|' \
      -e 's|^screen_width_mm = 344.0|screen_width_mm = 154.0|' \
      "$APP/deploy/kiosk.example.toml" >"$tmp"
  chown root:"$UI_USER" "$tmp"
  chmod 0640 "$tmp"
  # The kiosk's token for the local hub (`kiosk kiosks add` prints it once, first line).
  token=$(as_hub "$tmp" kiosks add "$KIOSK_ID" | head -n1)
  [[ "$token" =~ ^[A-Za-z0-9_-]{20,}$ ]] || die "kiosk kiosks add gave no token"
  sed -i "s|^hub_token = \"\"|hub_token = \"$token\"|" "$tmp"
  as_hub "$tmp" lessons check >/dev/null
  sync "$tmp"
  mv "$tmp" "$CONF"  # atomic: a power cut leaves the old state or the whole file, never half of it
  note "created for kiosk '$KIOSK_ID', with its token for the local hub"
else
  note "exists: kept as it is (KIOSK_ID is used only for a new file)"
  if grep -q '^data_dir = "/var/lib/kiosk"$' "$CONF"; then
    cp -p "$CONF" "$CONF.before-$(date +%Y%m%d-%H%M%S)"
    tmp=$(mktemp "$CONF_DIR/.kiosk.toml.XXXXXX")
    sed 's|^data_dir = "/var/lib/kiosk"$|data_dir = ""|' "$CONF" >"$tmp"
    chown root:"$UI_USER" "$tmp" && chmod 0640 "$tmp" && mv "$tmp" "$CONF"
    note "CHANGED one line: [hub] data_dir = \"\" (hub and screen now keep their data apart); copy kept beside it"
  fi
fi
chown root:"$UI_USER" "$CONF"
chmod 0640 "$CONF"

# --- 6. Units, session, watchdog -------------------------------------------------------------------------
say "systemd units and the kiosk session"
declare -A KNOWN=()
if [ -f "$MANIFEST" ]; then
  while read -r sum path; do KNOWN[$path]=$sum; done <"$MANIFEST"
fi
new_manifest=$(mktemp "$CONF_DIR/.manifest.XXXXXX")
for target in "${!OWNED[@]}"; do
  source_file="$APP/${OWNED[$target]}"
  if [ -e "$target" ] && ! cmp -s "$source_file" "$target"; then
    current=$(sha256sum "$target" | cut -d' ' -f1)
    if [ "${KNOWN[$target]:-}" != "$current" ]; then
      kept="$target.edited-$(date +%Y%m%d-%H%M%S)"
      cp -p "$target" "$kept"
      note "NOTE: $target was edited by hand; your version is kept as $kept (use a drop-in: systemctl edit)"
    fi
  fi
  mode=0644
  [[ "$target" == /usr/local/sbin/* ]] && mode=0755
  install -D -o root -g root -m "$mode" "$source_file" "$target.kiosk-new"
  mv "$target.kiosk-new" "$target"
  echo "$(sha256sum "$target" | cut -d' ' -f1) $target" >>"$new_manifest"
done
chmod 0644 "$new_manifest"
mv "$new_manifest" "$MANIFEST"
# The older install's desktop pieces: the user unit, its autostart in labwc, the desktop autologin.
rm -f /etc/systemd/user/kiosk-ui.service
for home in /home/"$UI_USER" "$(getent passwd "$UI_USER" | cut -d: -f6)"; do
  rm -f "$home/.config/systemd/user/graphical-session.target.wants/kiosk-ui.service"
  if [ -f "$home/.config/labwc/autostart" ] && grep -q 'install-pi.sh' "$home/.config/labwc/autostart"; then
    rm -f "$home/.config/labwc/autostart"
    note "removed $home/.config/labwc/autostart of the older install"
  fi
done
systemctl daemon-reload
for dm in lightdm gdm3 sddm; do
  if systemctl is-enabled --quiet "$dm.service" 2>/dev/null; then
    systemctl disable "$dm.service"
    note "disabled the desktop ($dm): the screen shows the kiosk session only (enable it again to get a desktop)"
  fi
done
systemctl set-default graphical.target >/dev/null
systemctl enable kiosk-hub.service kiosk-session.service kiosk-ui.service

# --- 7. Start and check ----------------------------------------------------------------------------------
say "Start and check"
systemctl restart kiosk-hub.service
listen=$("$VENV/bin/python" -c 'import sys; from kiosk.config import load_config; print(load_config(sys.argv[1]).hub.listen)' "$CONF")
port=${listen##*:}
if "$VENV/bin/python" - "$port" <<'CHECK'; then
import sys, time, urllib.request
url = f"http://127.0.0.1:{sys.argv[1]}/healthz"
for _ in range(60):
    try:
        with urllib.request.urlopen(url, timeout=2) as answer:
            if answer.status == 200:
                sys.exit(0)
    except OSError:
        time.sleep(1)
sys.exit(1)
CHECK
  note "hub answers on 127.0.0.1:$port"
else
  die "the hub does not answer on 127.0.0.1:$port: journalctl -u kiosk-hub -n 50"
fi
systemctl restart kiosk-session.service kiosk-ui.service || true
ui_state=inactive
for _ in $(seq 30); do
  ui_state=$(systemctl is-active kiosk-ui.service 2>/dev/null || true)
  [ "$ui_state" = active ] && break
  sleep 2
done
if [ "$ui_state" = active ]; then
  note "touchscreen app is up (kiosk-ui.service active)"
else
  note "WARNING: kiosk-ui.service is '$ui_state' (no screen connected?): journalctl -u kiosk-session -u kiosk-ui -n 50"
fi

say "Done. Next:"
cat <<NEXT
   1. Edit $CONF: [site] name, [printer] uri, screen_width_mm (154 for the official 7" display).
      Then: sudo systemctl restart kiosk-ui
   2. Test the printer: sudo kiosk-admin screen print test
   3. The advisor's account: sudo kiosk-admin hub users add conseiller --role advisor --password-stdin
   4. Optional, against SD-card corruption: sudo bash $APP/deploy/read-only-root.sh enable
   5. sudo reboot — the screen shows the kiosk only.
NEXT
