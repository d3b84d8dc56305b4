#!/bin/bash
# Measures how often ext4 loses a commit that its sync acknowledged when a disk error races it,
# and how often one the host would acknowledge (sync, then journal probe). As root, with
# e2fsprogs and a C compiler; docs/operations.md has this machine's figures.
#
#   tests/faults/fsync_race.sh [RUNS] [fsync]
set -euo pipefail
runs=${1:-100}
sync=${2:-fdatasync}
work=$(mktemp -d)
trap 'umount "$work/mnt" 2>/dev/null || true; rm -rf "$work"' EXIT
cc -O2 -o "$work/fsync_race" "$(dirname "$0")/fsync_race.c" -lpthread
mkdir "$work/mnt"
lostSynced=0
lostProbed=0
for run in $(seq 1 "$runs"); do
  rm -f "$work/disk.img"
  truncate -s 512M "$work/disk.img"
  mkfs.ext4 -q -F "$work/disk.img"
  mount -o loop,errors=remount-ro "$work/disk.img" "$work/mnt"
  device=$(losetup -j "$work/disk.img" | cut -d: -f1 | xargs basename)
  read -r synced probed < <("$work/fsync_race" "$work/mnt" "/sys/fs/ext4/$device/trigger_fs_error" "$sync")
  umount "$work/mnt"
  e2fsck -fy "$work/disk.img" >/dev/null 2>&1 || true
  mount -o loop "$work/disk.img" "$work/mnt"
  size=$(stat -c %s "$work/mnt/wal")
  umount "$work/mnt"
  if [ "$size" -lt "$synced" ]; then lostSynced=$((lostSynced + 1)); fi
  if [ "$size" -lt "$probed" ]; then lostProbed=$((lostProbed + 1)); fi
done
echo "$runs runs ($sync): a commit its sync acknowledged was lost in $lostSynced; one acknowledged after the journal probe too, in $lostProbed"
