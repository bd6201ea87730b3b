#!/usr/bin/env bash
# Makes sure what the TIMPANI executor's build and tests need is installed: gcc and the C library's
# headers build the helper that talks to the Linux scheduler, libtimpani and the test workload.
exec bash "$(dirname "${BASH_SOURCE[0]}")/install-packages.sh" install-timpani \
  gcc=gcc /usr/include/stdio.h=libc6-dev \
  -- "install gcc and the C library's headers by hand (Debian/Ubuntu: apt-get install gcc" \
  "libc6-dev) so that gcc is on PATH and /usr/include/stdio.h exists"
