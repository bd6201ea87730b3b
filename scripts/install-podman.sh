#!/usr/bin/env bash
# Makes Podman ready for PICCOLO's container runtimes and their tests, on a machine without systemd
# or registry access:
#   scripts/install-podman.sh [DIR]
# - installs podman, runc, conmon, catatonit, netavark, iptables and busybox-static with apt-get
#   when missing (as scripts/install-packages.sh does);
# - writes DIR/containers.conf (runc, cgroupfs, events in a file, lowered ulimits): point
#   CONTAINERS_CONF at it for every podman command and for `podman system service`;
# - writes DIR/busybox-rootfs.tar, a root filesystem holding only a static busybox, and imports it
#   into Podman's default store as localhost/piccolo/busybox:1 (tests import the same file into
#   stores of their own).
# DIR defaults to ${PICCOLO_PODMAN_DIR:-${XDG_CONFIG_HOME:-~/.config}/piccolo/podman}. Does nothing
# that is already done, so a second run takes a fraction of a second.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
dir="${1:-${PICCOLO_PODMAN_DIR:-${XDG_CONFIG_HOME:-$HOME/.config}/piccolo/podman}}"
image="localhost/piccolo/busybox:1"
manual="install Podman 4.3 or later with runc, conmon, catatonit, netavark, iptables and a static busybox by hand (Debian/Ubuntu: apt-get install podman runc conmon catatonit netavark iptables busybox-static)"

bash "$here/install-packages.sh" install-podman \
  podman=podman runc=runc conmon=conmon catatonit=catatonit /usr/lib/podman/netavark=netavark \
  iptables=iptables busybox=busybox-static -- "$manual"

# Debian's plain busybox package is linked dynamically and would not run in an empty root.
busybox="$(command -v busybox || echo /bin/busybox)"
if ldd "$busybox" >/dev/null 2>&1; then
  if [ "$(id -u)" -ne 0 ] || ! env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -qq --no-install-recommends busybox-static >/dev/null; then
    echo "install-podman: $busybox is linked dynamically; $manual" >&2
    exit 1
  fi
  busybox="$(command -v busybox || echo /bin/busybox)"
fi

mkdir -p "$dir"
conf="$dir/containers.conf"
wanted_conf='# Written by scripts/install-podman.sh: Podman for PICCOLO on a machine without systemd.
[containers]
default_ulimits = ["nofile=1024:1024", "nproc=4096:4096"]

[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"'
if [ ! -f "$conf" ] || [ "$(cat "$conf")" != "$wanted_conf" ]; then
  printf '%s\n' "$wanted_conf" >"$conf"
fi
export CONTAINERS_CONF="$conf"

rootfs_tar="$dir/busybox-rootfs.tar"
if [ ! -s "$rootfs_tar" ] || [ "$busybox" -nt "$rootfs_tar" ]; then
  staging="$(mktemp -d)"
  trap 'rm -rf "$staging"' EXIT
  mkdir -p "$staging"/{bin,dev,etc,proc,sys,tmp,root}
  cp "$busybox" "$staging/bin/busybox"
  for applet in $("$staging/bin/busybox" --list); do
    [ "$applet" = busybox ] || ln -sf busybox "$staging/bin/$applet"
  done
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/sh\n' >"$staging/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$staging/etc/group"
  chmod 1777 "$staging/tmp"
  tar -C "$staging" --numeric-owner --owner=0 --group=0 -cf "$rootfs_tar.partial" .
  mv "$rootfs_tar.partial" "$rootfs_tar"
  podman image rm -f "$image" >/dev/null 2>&1 || true
fi

if ! podman image exists "$image"; then
  podman import --change 'CMD ["/bin/sh"]' "$rootfs_tar" "$image" >/dev/null
fi
echo "install-podman: ready: $image; CONTAINERS_CONF=$conf"
