#!/usr/bin/env bash
# Compiles the TIMPANI helper, libtimpani and the test workload with gcc, for the Maven build.
#   build.sh SOURCE_DIR HELPER_OUT_DIR NATIVE_OUT_DIR
set -euo pipefail
src=$1 helper_dir=$2 out=$3
if ! command -v gcc >/dev/null 2>&1; then
  # a build for the demo or the dry run needs no helper; the tests' build installs gcc first
  echo "scheduler-native: gcc is missing, so the TIMPANI helper is not built; the TIMPANI executor" >&2
  echo "and 'piccolo schedule apply' say so when used. scripts/install-timpani.sh installs gcc." >&2
  exit 0
fi
mkdir -p "$helper_dir" "$out/include"
flags=(-O2 -Wall -Wextra -Werror -Wno-format-truncation -std=gnu11)
gcc "${flags[@]}" -pthread -o "$helper_dir/timpani-helper" "$src/timpani-helper.c"
gcc "${flags[@]}" -fPIC -c -o "$out/timpani.o" "$src/timpani.c"
ar rcs "$out/libtimpani.a" "$out/timpani.o"
gcc -shared -o "$out/libtimpani.so" "$out/timpani.o" -lrt
cp "$src/timpani.h" "$src/timpani_record.h" "$out/include/"
gcc "${flags[@]}" -I"$src" -o "$out/timpani-workload" "$src/timpani-workload.c" "$out/libtimpani.a" -lrt
# the same, linked statically, for containers whose root filesystem has no C library (busybox)
gcc "${flags[@]}" -static -I"$src" -o "$out/timpani-workload-static" "$src/timpani-workload.c" "$out/libtimpani.a" -lrt
