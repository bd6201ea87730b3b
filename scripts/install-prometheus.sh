#!/usr/bin/env bash
# Makes sure prometheus and promtool are installed: the gateway tests scrape a running serve with a
# real Prometheus and check the alert rules with promtool.
exec bash "$(dirname "${BASH_SOURCE[0]}")/install-packages.sh" install-prometheus \
  prometheus=prometheus promtool=prometheus \
  -- "install Prometheus 2.x by hand (Debian/Ubuntu: apt-get install prometheus;" \
  "otherwise https://prometheus.io/download/) so that prometheus and promtool are on PATH"
