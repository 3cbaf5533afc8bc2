#!/usr/bin/env bash
# Installs Debian's redis-server for the many-instances webhook tests (a real Redis, started by the
# test fixture on a free loopback port; where an init system runs, the package's own service on 6379
# is never used). Idempotent.
exec bash "$(dirname "$0")/../install-debian-package.sh" redis-server /usr/bin/redis-server
