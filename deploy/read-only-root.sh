#!/usr/bin/env bash
# Read-only root against SD-card corruption: the system partition is mounted read-only under a RAM overlay
# (changes vanish at reboot); the kiosk's data (/var/lib/kiosk: hub database, outbox) lives on a partition
# of its own, mounted read-write with a journal and checked (fsck.repair=yes) at every boot.
#
#   sudo bash deploy/read-only-root.sh status
#   sudo bash deploy/read-only-root.sh enable [--data-device /dev/sda3]   # then reboot
#   sudo bash deploy/read-only-root.sh disable                            # then reboot (to update, edit…)
#
# --data-device: an empty partition to format as the data partition (label kiosk-data); the current
# /var/lib/kiosk is copied onto it. Without it, /var/lib/kiosk must already be a partition of its own.
# Raspberry Pi OS: the overlay is raspi-config's (overlayfs in the initramfs). Debian PC: an initramfs-tools
# script of ours (kiosk-overlay), switched off by /etc/kiosk/overlay-off on the real root.
set -euo pipefail

DATA=/var/lib/kiosk
LABEL=kiosk-data
HOOK=/etc/initramfs-tools/scripts/init-bottom/kiosk-overlay
OFF_FLAG=/etc/kiosk/overlay-off
LOWER=/run/kiosk-root-ro  # where the real root is visible while the overlay runs (Debian PC)

die() { printf 'read-only-root.sh: %s\n' "$*" >&2; exit 1; }
say() { printf '%s\n' "$*"; }

[ "$(id -u)" -eq 0 ] || die "run it as root (sudo)"
action=${1:-status}
shift || true
device=""
while [ $# -gt 0 ]; do
  case "$1" in
    --data-device) device=${2:-}; shift 2 ;;
    *) die "unknown option $1" ;;
  esac
done

pi=false
if command -v raspi-config >/dev/null 2>&1 && [ -f /boot/firmware/cmdline.txt ]; then pi=true; fi

overlay_active() { findmnt -n -o FSTYPE / | grep -q overlay; }
data_is_partition() { [ "$(findmnt -n -o TARGET --target "$DATA" 2>/dev/null)" = "$DATA" ]; }

status() {
  if overlay_active; then say "root: read-only under a RAM overlay (changes are lost at reboot)"; else
    say "root: read-write (no overlay)"; fi
  if data_is_partition; then say "data: $DATA is its own partition ($(findmnt -n -o SOURCE --target "$DATA"))"; else
    say "data: $DATA is on the root partition"; fi
  if grep -qw 'fsck.repair=yes' /proc/cmdline; then say "fsck: repairs at boot (fsck.repair=yes)"; else
    say "fsck: fsck.repair=yes is not on the kernel command line"; fi
}

add_cmdline() {  # add $1 to the kernel command line of the next boot
  if $pi; then
    grep -qw "$1" /boot/firmware/cmdline.txt || sed -i "1 s|\$| $1|" /boot/firmware/cmdline.txt
  else
    [ -f /etc/default/grub ] || die "no /etc/default/grub: add '$1' to the kernel command line by hand"
    if ! grep -q "^GRUB_CMDLINE_LINUX_DEFAULT=.*$1" /etc/default/grub; then
      sed -i "s|^GRUB_CMDLINE_LINUX_DEFAULT=\"\\(.*\\)\"|GRUB_CMDLINE_LINUX_DEFAULT=\"\\1 $1\"|" /etc/default/grub
      update-grub
    fi
  fi
}

make_data_partition() {
  [ -b "$device" ] || die "$device is not a block device"
  if findmnt -n -S "$device" >/dev/null; then die "$device is mounted: choose an unused partition"; fi
  existing=$(blkid -o value -s LABEL "$device" 2>/dev/null || true)
  fstype=$(blkid -o value -s TYPE "$device" 2>/dev/null || true)
  if [ -n "$fstype" ] && [ "$existing" != "$LABEL" ]; then
    die "$device already holds a $fstype file system (label '${existing}'): it is not formatted; wipe it yourself if it is the right one"
  fi
  [ -n "$fstype" ] || mkfs.ext4 -q -L "$LABEL" "$device"
  tmp=$(mktemp -d)
  mount "$device" "$tmp"
  if [ -d "$DATA" ]; then cp -a "$DATA/." "$tmp/"; fi
  sync
  umount "$tmp"
  rmdir "$tmp"
  grep -q "^LABEL=$LABEL " /etc/fstab ||
    echo "LABEL=$LABEL $DATA ext4 defaults,noatime,commit=5,errors=remount-ro 0 2" >>/etc/fstab
  systemctl stop kiosk-ui.service kiosk-hub.service 2>/dev/null || true
  mount "$DATA"
  say "data: $device formatted as '$LABEL' and mounted on $DATA (fsck at every boot: pass 2 in /etc/fstab)"
}

write_hook() {
  install -d /etc/initramfs-tools/scripts/init-bottom
  cat >"$HOOK" <<'HOOK'
#!/bin/sh
# kiosk-overlay (deploy/read-only-root.sh): mount the real root read-only under a tmpfs overlay, unless
# /etc/kiosk/overlay-off exists on it. The real root stays visible at /run/kiosk-root-ro.
PREREQ=""
prereqs() { echo "$PREREQ"; }
case "$1" in prereqs) prereqs; exit 0 ;; esac
[ -e "${rootmnt}/etc/kiosk/overlay-off" ] && exit 0
modprobe overlay 2>/dev/null || true
mkdir -p /run/kiosk-overlay /run/kiosk-root-ro
mount -t tmpfs -o mode=0755 tmpfs /run/kiosk-overlay || exit 0
mkdir -p /run/kiosk-overlay/upper /run/kiosk-overlay/work
mount -o remount,ro "${rootmnt}" && mount --move "${rootmnt}" /run/kiosk-root-ro || exit 0
if ! mount -t overlay -o lowerdir=/run/kiosk-root-ro,upperdir=/run/kiosk-overlay/upper,workdir=/run/kiosk-overlay/work overlay "${rootmnt}"; then
  mount --move /run/kiosk-root-ro "${rootmnt}"  # no overlay: boot read-write rather than not at all
  exit 0
fi
mkdir -p "${rootmnt}/run/kiosk-root-ro"
mount --move /run/kiosk-root-ro "${rootmnt}/run/kiosk-root-ro"
# fsck must not run on the read-only real root from the overlay's fstab.
sed -i 's|^\([^#[:space:]]\+[[:space:]]\+/[[:space:]].*\)[[:space:]][0-9][[:space:]]*$|\1 0|' "${rootmnt}/etc/fstab" 2>/dev/null || true
HOOK
  chmod 0755 "$HOOK"
  update-initramfs -u
}

case "$action" in
  status) status ;;
  enable)
    if $pi; then :; else
      command -v update-initramfs >/dev/null || die "needs initramfs-tools (apt-get install initramfs-tools)"
    fi
    if [ -n "$device" ]; then make_data_partition; fi
    data_is_partition || die "$DATA is on the root partition: its data would vanish at every reboot under the overlay. Give an empty partition: --data-device /dev/… (see README, Raspberry Pi)"
    add_cmdline fsck.repair=yes
    if $pi; then
      raspi-config nonint do_overlayfs 0
    else
      rm -f "$OFF_FLAG"
      write_hook
    fi
    say "read-only root: on at the next boot (sudo reboot). Data stays writable on $DATA."
    ;;
  disable)
    if $pi; then
      raspi-config nonint do_overlayfs 1
    elif overlay_active; then
      mount -o remount,rw "$LOWER"
      touch "$LOWER$OFF_FLAG"
      mount -o remount,ro "$LOWER"
    else
      touch "$OFF_FLAG"
    fi
    say "read-only root: off at the next boot (sudo reboot); rerun 'enable' after updating."
    ;;
  *) die "usage: read-only-root.sh status | enable [--data-device DEV] | disable" ;;
esac
