#!/usr/bin/env bash
# Makes sure etcd and etcdctl are installed: the connector tests start a real etcd server.
exec bash "$(dirname "${BASH_SOURCE[0]}")/install-packages.sh" install-etcd \
  etcd=etcd-server etcdctl=etcd-client \
  -- "install etcd 3.4 or later by hand (Debian/Ubuntu: apt-get install etcd-server etcd-client;" \
  "otherwise https://etcd.io/docs/latest/install/) so that etcd and etcdctl are on PATH"
