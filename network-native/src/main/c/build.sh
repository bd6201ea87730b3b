#!/usr/bin/env bash
# Compiles the PHAROS classifier into an eBPF object: build.sh OUTPUT.o
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="$1"
if ! command -v clang >/dev/null 2>&1; then
  # a build for the demo or the dry run needs no classifier; the tests' build installs clang first
  echo "network-native: clang is missing, so the eBPF classifier is not built; the PHAROS executor" >&2
  echo "says so when used. scripts/install-pharos.sh installs clang, libbpf-dev, bpftool, iproute2." >&2
  exit 0
fi
if [ ! -e /usr/include/bpf/bpf_helpers.h ]; then
  echo "network-native: libbpf's headers (/usr/include/bpf/bpf_helpers.h) are missing, so the eBPF" >&2
  echo "classifier is not built; scripts/install-pharos.sh installs them (libbpf-dev)." >&2
  exit 0
fi
mkdir -p "$(dirname "$out")"
# asm/types.h lives under the multiarch include folder on Debian
multiarch="$(gcc -print-multiarch 2>/dev/null || echo "$(uname -m)-linux-gnu")"
src="$here/pharos.bpf.c"
if [ -e "$out" ] && [ "$out" -nt "$src" ]; then
  exit 0
fi
clang -O2 -g -Wall -Werror -target bpf -I"/usr/include/$multiarch" -c "$src" -o "$out"
