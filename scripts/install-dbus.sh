#!/usr/bin/env bash
# Makes sure dbus-daemon is installed: the BlueChi tests start a private D-Bus of their own.
exec bash "$(dirname "${BASH_SOURCE[0]}")/install-packages.sh" install-dbus \
  dbus-daemon=dbus \
  -- "install D-Bus 1.12 or later by hand (Debian/Ubuntu: apt-get install dbus) so that" \
  "dbus-daemon is on PATH"
