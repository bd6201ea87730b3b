#!/usr/bin/env bash
# Makes sure commands the tests run for real are installed, from Debian's packages:
#   scripts/install-packages.sh LABEL COMMAND=PACKAGE... [-- MANUAL INSTRUCTIONS]
# A COMMAND is looked for on PATH and in /usr/bin and /usr/sbin; one starting with / is that file.
# Does nothing when every command is there; otherwise installs the packages with apt-get (through
# sudo when not root), and fails with the manual instructions when it cannot.
set -euo pipefail

label="$1"
shift
commands=()
packages=()
manual="install them by hand"
while [ $# -gt 0 ]; do
  if [ "$1" = "--" ]; then
    shift
    manual="$*"
    break
  fi
  commands+=("${1%%=*}")
  packages+=("${1#*=}")
  shift
done

have() {
  case "$1" in
    /*) [ -e "$1" ] ;;
    *) command -v "$1" >/dev/null 2>&1 || [ -x "/usr/bin/$1" ] || [ -x "/usr/sbin/$1" ] ;;
  esac
}

missing=()
for c in "${commands[@]}"; do
  have "$c" || missing+=("$c")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "$label: already installed (${commands[*]})"
  exit 0
fi

sudo=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    sudo=(sudo)
  else
    echo "$label: ${missing[*]} missing and this user is not root and has no sudo;" >&2
    echo "$manual" >&2
    exit 1
  fi
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "$label: ${missing[*]} missing and apt-get is not available;" >&2
  echo "$manual" >&2
  exit 1
fi

if ! ${sudo[@]+"${sudo[@]}"} env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null \
  || ! ${sudo[@]+"${sudo[@]}"} env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null; then
  echo "$label: apt-get could not install ${packages[*]};" >&2
  echo "$manual" >&2
  exit 1
fi

for c in "${commands[@]}"; do
  if ! have "$c"; then
    echo "$label: apt-get finished but $c is still missing;" >&2
    echo "$manual" >&2
    exit 1
  fi
done
echo "$label: installed ${packages[*]} with apt-get"
