#!/usr/bin/env bash
# Debian packages the test suite drives for real (pre-commit, valgrind, cc).
# Installed when missing and we are root (as on CI); otherwise says what to install.
set -euo pipefail
pkgs=(build-essential git valgrind pre-commit neovim chromium)
need=()
for p in "${pkgs[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || need+=("$p"); done
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
  echo "installing test dependencies: ${need[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need[@]}" >/dev/null
else
  echo "missing Debian packages for the tests: ${need[*]} (sudo apt-get install ${need[*]})" >&2
fi
