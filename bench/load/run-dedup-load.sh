#!/usr/bin/env bash
# Webhook de-duplication under load: starts redis-server on a free loopback port (installing it
# from Debian when missing and running as root), runs bench/Apinator.WebhookDedupLoad against it
# (two app instances, a handler failing 10% of calls, a retrying sender that also duplicates 20%
# of deliveries), then stops that redis-server by its process id. Not run by the tests.
# Settings: DELIVERIES=5000 CONCURRENCY=32 EVENTS=1 (events per delivery) FAILURE_RATE=0.1
set -euo pipefail
cd "$(dirname "$0")/../.."
[ -x /usr/bin/redis-server ] || bash tests/redis/install-redis.sh

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
# Append-only, as exactly-once needs in production: done marks must outlive a Redis restart.
data=$(mktemp -d)
redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly yes --appendfsync everysec --dir "$data" >/dev/null &
redis_pid=$!
trap 'kill "$redis_pid" 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 50); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done

dotnet run -c Release --project bench/Apinator.WebhookDedupLoad -- \
  --redis "127.0.0.1:$port" --deliveries "${DELIVERIES:-5000}" --concurrency "${CONCURRENCY:-32}" \
  --events "${EVENTS:-1}" --failure-rate "${FAILURE_RATE:-0.1}"
