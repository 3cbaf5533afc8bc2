#!/usr/bin/env bash
# Installs Debian's Chromium for the browser e2e tests (Playwright drives it; browser downloads are
# not possible here). Idempotent: does nothing when /usr/bin/chromium already exists.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
  echo "chromium already installed: $(/usr/bin/chromium --version 2>/dev/null || echo '?')"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "ERROR: /usr/bin/chromium is missing and this script is not running as root;" >&2
  echo "       install it with: sudo apt-get update && sudo apt-get install -y --no-install-recommends chromium" >&2
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "ERROR: /usr/bin/chromium is missing and apt-get is not available (not Debian/Ubuntu?)" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends chromium
if [ ! -x /usr/bin/chromium ]; then
  echo "ERROR: apt-get finished but /usr/bin/chromium is still missing" >&2
  exit 1
fi
echo "chromium installed: $(/usr/bin/chromium --version 2>/dev/null || echo '?')"
