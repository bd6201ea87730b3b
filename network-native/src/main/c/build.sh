#!/usr/bin/env bash
# Compiles the PHAROS classifier into an eBPF object: build.sh OUTPUT.o
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="$1"
if ! command -v clang >/dev/null 2>&1; then
  echo "network-native: clang is missing, and it compiles the eBPF classifier (clang -target bpf);" >&2
  echo "run scripts/install-pharos.sh (it installs clang, libbpf-dev, bpftool, iproute2, iperf3)" >&2
  exit 1
fi
if [ ! -e /usr/include/bpf/bpf_helpers.h ]; then
  echo "network-native: libbpf's headers (/usr/include/bpf/bpf_helpers.h) are missing;" >&2
  echo "run scripts/install-pharos.sh (it installs libbpf-dev)" >&2
  exit 1
fi
mkdir -p "$(dirname "$out")"
# asm/types.h lives under the multiarch include folder on Debian
multiarch="$(gcc -print-multiarch 2>/dev/null || echo "$(uname -m)-linux-gnu")"
src="$here/pharos.bpf.c"
if [ -e "$out" ] && [ "$out" -nt "$src" ]; then
  exit 0
fi
clang -O2 -g -Wall -Werror -target bpf -I"/usr/include/$multiarch" -c "$src" -o "$out"
