#!/usr/bin/env bash
# Compiles the TIMPANI helper, libtimpani and the test workload with gcc, for the Maven build.
#   build.sh SOURCE_DIR HELPER_OUT_DIR NATIVE_OUT_DIR
set -euo pipefail
src=$1 helper_dir=$2 out=$3
if ! command -v gcc >/dev/null 2>&1; then
  echo "scheduler-native needs gcc to build its helper and libtimpani: install it (Debian: apt-get install gcc libc6-dev)" >&2
  exit 1
fi
mkdir -p "$helper_dir" "$out/include"
flags=(-O2 -Wall -Wextra -Werror -Wno-format-truncation -std=gnu11)
gcc "${flags[@]}" -pthread -o "$helper_dir/timpani-helper" "$src/timpani-helper.c"
gcc "${flags[@]}" -fPIC -c -o "$out/timpani.o" "$src/timpani.c"
ar rcs "$out/libtimpani.a" "$out/timpani.o"
gcc -shared -o "$out/libtimpani.so" "$out/timpani.o" -lrt
cp "$src/timpani.h" "$src/timpani_record.h" "$out/include/"
gcc "${flags[@]}" -I"$src" -o "$out/timpani-workload" "$src/timpani-workload.c" "$out/libtimpani.a" -lrt
