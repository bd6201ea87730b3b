#!/usr/bin/env bash
# Makes sure Chromium is installed: the simulator tests open a generated HTML report in headless
# Chromium and check the page it renders.
exec bash "$(dirname "${BASH_SOURCE[0]}")/install-packages.sh" install-chromium \
  chromium=chromium \
  -- "install Chromium by hand (Debian/Ubuntu: apt-get install chromium;" \
  "otherwise https://www.chromium.org/getting-involved/download-chromium/) so that chromium is on PATH"
