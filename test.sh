#!/usr/bin/env bash
# Runs every test: unit, TestHost, end-to-end (Soketi + pusher-js + the Node SDK) and the sample's
# browser test (Debian's Chromium), the many-instances webhook tests (Debian's redis-server), and a
# Native AOT publish of tests/aot/AotApp (Debian's clang and zlib1g-dev).
# First run installs the npm packages (tests/node) and, as root on Debian, Chromium, redis-server
# and clang.
# Extra arguments go to `dotnet test` (e.g. --filter).
set -euo pipefail
cd "$(dirname "$0")"

command -v node >/dev/null || { echo "Node.js 20+ is required (apt-get install nodejs npm)" >&2; exit 1; }
[ -d tests/node/node_modules ] || (cd tests/node && npm ci --no-audit --no-fund)
[ -x /usr/bin/chromium ] || bash tests/node/install-chromium.sh
[ -x /usr/bin/redis-server ] || bash tests/redis/install-redis.sh
bash tests/aot/install-native-toolchain.sh

dotnet build Apinator.AspNetCore.sln -c Release
# One test assembly at a time: the suites that start servers and browsers get both cores.
dotnet test Apinator.AspNetCore.sln -c Release --no-build -m:1 "$@"
