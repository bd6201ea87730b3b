#!/usr/bin/env bash
# Makes sure etcd and etcdctl are installed: the connector tests start a real etcd server.
# Does nothing when both are already there; otherwise installs Debian's etcd-server and
# etcd-client with apt-get (through sudo when not root).
set -euo pipefail

have() {
  command -v "$1" >/dev/null 2>&1 || [ -x "/usr/bin/$1" ]
}

if have etcd && have etcdctl; then
  echo "install-etcd: etcd already installed ($(command -v etcd || echo /usr/bin/etcd))"
  exit 0
fi

manual="install etcd 3.4 or later by hand (Debian/Ubuntu: apt-get install etcd-server etcd-client;
otherwise https://etcd.io/docs/latest/install/) so that etcd and etcdctl are on PATH"

sudo=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    sudo=(sudo)
  else
    echo "install-etcd: etcd is not installed and this user is not root and has no sudo;" >&2
    echo "$manual" >&2
    exit 1
  fi
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-etcd: etcd is not installed and apt-get is not available;" >&2
  echo "$manual" >&2
  exit 1
fi

if ! ${sudo[@]+"${sudo[@]}"} env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null \
  || ! ${sudo[@]+"${sudo[@]}"} env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -qq --no-install-recommends etcd-server etcd-client >/dev/null; then
  echo "install-etcd: apt-get could not install etcd-server and etcd-client;" >&2
  echo "$manual" >&2
  exit 1
fi

if ! have etcd || ! have etcdctl; then
  echo "install-etcd: apt-get finished but etcd or etcdctl is still missing;" >&2
  echo "$manual" >&2
  exit 1
fi
echo "install-etcd: installed $(etcd --version | head -n 1) with apt-get"
