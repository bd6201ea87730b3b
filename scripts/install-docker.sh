#!/usr/bin/env bash
# Makes sure Debian's Docker daemon and command are installed: the Docker executor's tests run
# against a real dockerd as well as against Podman's Docker-compatible API. They start dockerd by
# hand (systemd is not PID 1 here) with a data root of their own and the host's firewall and
# bridges left alone; nothing is started here.
exec bash "$(dirname "${BASH_SOURCE[0]}")/install-packages.sh" install-docker \
  dockerd=docker.io /usr/bin/docker=docker.io containerd=containerd \
  -- "install Docker 20.10 or later by hand (Debian/Ubuntu: apt-get install docker.io) so that" \
  "dockerd and docker are on PATH"
