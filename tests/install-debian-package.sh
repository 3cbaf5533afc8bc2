#!/usr/bin/env bash
# Installs one of Debian's packages the tests need (browser downloads and other registries are not
# reachable here). Idempotent: does nothing when the binary (or, for a library's -dev package, the
# file it installs) already exists.
# Usage: install-debian-package.sh PACKAGE FILE   e.g. install-debian-package.sh chromium /usr/bin/chromium
#                                                      install-debian-package.sh zlib1g-dev /usr/include/zlib.h
set -euo pipefail
package="$1"
binary="$2"

# A program says its version; a library's file only that it is there.
version() { if [ -x "$binary" ]; then "$binary" --version 2>/dev/null | head -n 1 || echo '?'; else echo "$binary"; fi; }

if [ -e "$binary" ]; then
  echo "$package already installed: $(version)"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "ERROR: $binary is missing and this script is not running as root;" >&2
  echo "       install it with: sudo apt-get update && sudo apt-get install -y --no-install-recommends $package" >&2
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "ERROR: $binary is missing and apt-get is not available (not Debian/Ubuntu?)" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "$package"
if [ ! -e "$binary" ]; then
  echo "ERROR: apt-get finished but $binary is still missing" >&2
  exit 1
fi
echo "$package installed: $(version)"
