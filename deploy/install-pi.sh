#!/usr/bin/env bash
# Installs (or updates) the kiosk on Raspberry Pi OS Bookworm 64-bit (Pi 4/5) or Debian 12.
# Idempotent: run it again after `git pull` to update the code; the configuration is never overwritten.
#
#   sudo deploy/install-pi.sh            # from a clone of the repository
#   sudo KIOSK_ID=mediatheque-1 deploy/install-pi.sh
#
# What it does: Debian packages; the user `kiosk`; the code in /opt/kiosk/app and a virtualenv in
# /opt/kiosk/venv; /etc/kiosk/kiosk.toml from kiosk.example.toml when absent (pointing to the local hub,
# with a fresh kiosk token); the hub as a system unit; the touchscreen app as a user unit of `kiosk`, who
# logs in to the desktop automatically (see kiosk-ui.service for why).
set -euo pipefail

KIOSK_USER=kiosk
PREFIX=/opt/kiosk
APP=$PREFIX/app
VENV=$PREFIX/venv
CONF_DIR=/etc/kiosk
CONF=$CONF_DIR/kiosk.toml
DATA=/var/lib/kiosk
SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# This kiosk's id: lowercase letters, digits and dashes (default: derived from the host name).
KIOSK_ID=${KIOSK_ID:-$(hostname | tr '[:upper:]' '[:lower:]' | tr -c 'a-z0-9-' '-' | sed 's/^-*//; s/-*$//' | cut -c1-40)}
KIOSK_ID=${KIOSK_ID:-borne}

say() { printf '\n== %s\n' "$*"; }

if [ "$(id -u)" -ne 0 ]; then
  echo "install-pi.sh: run it as root: sudo $0" >&2
  exit 1
fi
if [ ! -f "$SRC/pyproject.toml" ] || [ ! -f "$SRC/deploy/kiosk.example.toml" ]; then
  echo "install-pi.sh: run it from a clone of the kiosk repository ($SRC is not one)" >&2
  exit 1
fi

say "Debian packages"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# python3-venv: the virtualenv; espeak-ng: offline French voice; libgl1, libgl1-mesa-dri, libmtdev1: Kivy's
# window and touch input; libusb-1.0-0: usb:// printers; cups-client: cups:// printers; rsync: the copy below.
apt-get install -y -qq --no-install-recommends \
  python3 python3-venv python3-pip espeak-ng libgl1 libgl1-mesa-dri libmtdev1 libusb-1.0-0 cups-client \
  rsync ca-certificates >/dev/null

say "User $KIOSK_USER"
if ! id -u "$KIOSK_USER" >/dev/null 2>&1; then
  useradd --create-home --shell /bin/bash --comment "Borne médiathèque" "$KIOSK_USER"
fi
KIOSK_HOME=$(getent passwd "$KIOSK_USER" | cut -d: -f6)
# lp: /dev/usb/lp0 printers; dialout: serial printers; plugdev: usb://; video, render, input: screen and touch.
for group in lp dialout plugdev video render input; do
  if getent group "$group" >/dev/null; then usermod -a -G "$group" "$KIOSK_USER"; fi
done

say "Code in $APP, virtualenv in $VENV"
install -d -m 0755 "$PREFIX"
if [ "$SRC" != "$APP" ]; then
  rsync -a --delete --exclude .git --exclude .venv --exclude __pycache__ --exclude '*.egg-info' \
    --exclude .pytest_cache --exclude /var "$SRC/" "$APP/"
fi
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install --quiet --upgrade pip
# Editable, so that lessons/ and assets/ stay beside the package (the kiosk finds them there).
"$VENV/bin/python" -m pip install --quiet -e "$APP"

say "Configuration $CONF"
install -d -o "$KIOSK_USER" -g "$KIOSK_USER" -m 0750 "$DATA"
install -d -o root -g "$KIOSK_USER" -m 0750 "$CONF_DIR"
if [ ! -e "$CONF" ]; then
  tmp=$(mktemp)
  sed -e "s|^id = \"demo\"|id = \"$KIOSK_ID\"|" \
      -e 's|^hub_url = ""|hub_url = "http://127.0.0.1:8470"|' \
      -e "s|^data_dir = \"\"|data_dir = \"$DATA\"|" \
      -e 's|^fullscreen = false|fullscreen = true|' \
      -e 's|^screen_width_mm = 344.0|screen_width_mm = 154.0|' \
      "$APP/deploy/kiosk.example.toml" >"$tmp"
  install -o root -g "$KIOSK_USER" -m 0640 "$tmp" "$CONF"
  rm -f "$tmp"
  # The kiosk's token for the local hub (printed once on stdout by `kiosk kiosks add`).
  token=$(runuser -u "$KIOSK_USER" -- "$VENV/bin/kiosk" kiosks add --config "$CONF" "$KIOSK_ID")
  sed -i "s|^hub_token = \"\"|hub_token = \"$token\"|" "$CONF"
  echo "Created $CONF for kiosk '$KIOSK_ID'. Edit [site] name and [printer] uri, then reboot."
else
  echo "$CONF exists: kept as it is."
fi
# Stops here with one clear line if the configuration or a lesson is wrong.
runuser -u "$KIOSK_USER" -- "$VENV/bin/kiosk" lessons check --config "$CONF"

say "Hub: system unit kiosk-hub.service"
install -m 0644 "$APP/deploy/kiosk-hub.service" /etc/systemd/system/kiosk-hub.service
systemctl daemon-reload
systemctl enable kiosk-hub.service
systemctl restart kiosk-hub.service

say "Touchscreen: user unit kiosk-ui.service of $KIOSK_USER"
install -d -m 0755 /etc/systemd/user
install -m 0644 "$APP/deploy/kiosk-ui.service" /etc/systemd/user/kiosk-ui.service
wants="$KIOSK_HOME/.config/systemd/user/graphical-session.target.wants"
install -d -o "$KIOSK_USER" -g "$KIOSK_USER" "$KIOSK_HOME/.config" "$KIOSK_HOME/.config/systemd" \
  "$KIOSK_HOME/.config/systemd/user" "$wants" "$KIOSK_HOME/.config/labwc"
ln -sfn /etc/systemd/user/kiosk-ui.service "$wants/kiosk-ui.service"
chown -h "$KIOSK_USER:$KIOSK_USER" "$wants/kiosk-ui.service"
# labwc (Pi OS Bookworm's desktop) runs this file when the session starts. It replaces the system-wide
# autostart, so no desktop panel is started: the kiosk app is the only thing on screen.
cat >"$KIOSK_HOME/.config/labwc/autostart" <<'AUTOSTART'
# Written by deploy/install-pi.sh: start the kiosk app inside this Wayland session.
systemctl --user import-environment WAYLAND_DISPLAY DISPLAY XDG_RUNTIME_DIR XDG_SESSION_TYPE
systemctl --user start kiosk-ui.service
AUTOSTART
chown "$KIOSK_USER:$KIOSK_USER" "$KIOSK_HOME/.config/labwc/autostart"

say "Desktop autologin as $KIOSK_USER"
LIGHTDM=/etc/lightdm/lightdm.conf
if [ -f "$LIGHTDM" ]; then
  if grep -Eq '^[#[:space:]]*autologin-user=' "$LIGHTDM"; then
    sed -i -E "s|^[#[:space:]]*autologin-user=.*|autologin-user=$KIOSK_USER|" "$LIGHTDM"
  else
    sed -i "/^\[Seat:\*\]/a autologin-user=$KIOSK_USER" "$LIGHTDM"
  fi
  echo "lightdm logs $KIOSK_USER in at boot (raspi-config > System > Boot: Desktop Autologin)."
else
  echo "No lightdm: log in as $KIOSK_USER on the desktop and kiosk-ui.service starts with the session."
fi
# Restart the app now if kiosk's desktop session is running (new code); otherwise at next boot.
if runuser -u "$KIOSK_USER" -- env XDG_RUNTIME_DIR="/run/user/$(id -u "$KIOSK_USER")" \
  systemctl --user is-active --quiet kiosk-ui.service 2>/dev/null; then
  runuser -u "$KIOSK_USER" -- env XDG_RUNTIME_DIR="/run/user/$(id -u "$KIOSK_USER")" \
    systemctl --user restart kiosk-ui.service
fi

say "Done. Reboot to start the kiosk: sudo reboot"
