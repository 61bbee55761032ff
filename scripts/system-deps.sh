#!/usr/bin/env bash
# Installs the Debian packages the kiosk and its tests need, when they are missing.
# Root (or passwordless sudo) installs them with apt-get; otherwise it prints what to install and stops.
set -euo pipefail

# package -> a file that proves it is installed
declare -A need=(
  [python3-venv]=/usr/lib/python3/dist-packages/../../lib/python3*/ensurepip
  [xvfb]=/usr/bin/Xvfb
  [xauth]=/usr/bin/xauth
  [chromium]=/usr/bin/chromium
  [chromium-driver]=/usr/bin/chromedriver
  [espeak-ng]=/usr/bin/espeak-ng
  [libgl1-mesa-dri]=/usr/lib/*/dri/swrast_dri.so
  [libgl1]=/usr/lib/*/libGL.so.1
  [libmtdev1]=/usr/lib/*/libmtdev.so.1
  [zbar-tools]=/usr/bin/zbarimg
  # tests/ui/test_screen_fill.py: real XTest taps and xwininfo on a bare X screen.
  [libxtst6]=/usr/lib/*/libXtst.so.6
  # tests/appliance: the kiosk session under Weston's kiosk-shell (headless) with keys typed by xdotool,
  # the installer in a debootstrap Debian 12 root, the units checked by systemd-analyze.
  [weston]=/usr/bin/weston
  [xwayland]=/usr/bin/Xwayland
  [xdotool]=/usr/bin/xdotool
  [x11-utils]=/usr/bin/xwininfo
  [debootstrap]=/usr/sbin/debootstrap
  [systemd]=/usr/bin/systemd-analyze
)

missing=()
for pkg in "${!need[@]}"; do
  if [ "$pkg" = python3-venv ]; then
    python3 -c 'import ensurepip, venv' 2>/dev/null && continue
  else
    # shellcheck disable=SC2086
    compgen -G ${need[$pkg]} >/dev/null && continue
  fi
  missing+=("$pkg")
done

[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then SUDO=""; elif sudo -n true 2>/dev/null; then SUDO="sudo -n"; else
  echo "Missing Debian packages: ${missing[*]}" >&2
  echo "Install them with: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
echo "Installing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
