#!/usr/bin/env bash
# Installs Debian's redis-server for the many-instances webhook tests (a real Redis, started by the
# test fixture on a free loopback port). Idempotent: does nothing when /usr/bin/redis-server exists.
set -euo pipefail

if [ -x /usr/bin/redis-server ]; then
  echo "redis-server already installed: $(/usr/bin/redis-server --version 2>/dev/null || echo '?')"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "ERROR: /usr/bin/redis-server is missing and this script is not running as root;" >&2
  echo "       install it with: sudo apt-get update && sudo apt-get install -y --no-install-recommends redis-server" >&2
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "ERROR: /usr/bin/redis-server is missing and apt-get is not available (not Debian/Ubuntu?)" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# Where an init system runs, the package also starts a service on 6379; the tests never use it
# (each fixture starts its own server on a free port).
apt-get install -y -qq --no-install-recommends redis-server
if [ ! -x /usr/bin/redis-server ]; then
  echo "ERROR: apt-get finished but /usr/bin/redis-server is still missing" >&2
  exit 1
fi
echo "redis-server installed: $(/usr/bin/redis-server --version 2>/dev/null || echo '?')"
