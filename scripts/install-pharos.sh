#!/usr/bin/env bash
# Makes sure what the PHAROS executor and its tests need is installed: clang builds the eBPF
# classifier (clang -target bpf) against libbpf's headers, tc and ip from iproute2 load it and set
# up bridges, veths and HTB, bpftool reads and writes its maps, and iperf3 measures the shaped
# rates between network namespaces.
exec bash "$(dirname "${BASH_SOURCE[0]}")/install-packages.sh" install-pharos \
  clang=clang /usr/include/bpf/bpf_helpers.h=libbpf-dev bpftool=bpftool \
  tc=iproute2 ip=iproute2 iperf3=iperf3 \
  -- "install clang 14 or later, libbpf-dev, bpftool, iproute2 and iperf3 by hand (Debian/Ubuntu:" \
  "apt-get install clang libbpf-dev bpftool iproute2 iperf3) so that clang, bpftool, tc, ip and" \
  "iperf3 are on PATH and /usr/include/bpf/bpf_helpers.h exists"
