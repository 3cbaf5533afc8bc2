#!/usr/bin/env bash
# Load tests, all on 127.0.0.1 and bounded in time:
#   endpoints  wrk against MapApinatorChannelAuth, MapApinatorWebhooks<NoopHandler> and a bare endpoint
#              (bench/Apinator.LoadApp), printing requests/sec and the ratio to bare;
#   trigger    bench/Apinator.TriggerBench: ApinatorClient vs raw HttpClient vs the Node "pusher" SDK
#              against a local sink.
# Usage: bench/load/run-load.sh [endpoints|trigger|all]     (default: all)
# Environment: DURATION=10 (s per run) WARMUP=3 (s) THREADS=2 CONNECTIONS=32 ROUNDS=5
#              TRIGGER_ARGS="--total 20000 --concurrency 64 --rounds 5"
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
what=${1:-all}
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-3}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-32}
ROUNDS=${ROUNDS:-5}
TRIGGER_ARGS=${TRIGGER_ARGS:-"--total 20000 --concurrency 64 --rounds 5"}
# Must match bench/Apinator.LoadApp/Program.cs (LoadSettings).
KEY=pk-load
SECRET=sk-load-2f9c41d7

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# Prints the requests/sec wrk measured; fails on socket errors or non-2xx answers.
measure() { # script url seconds
  local out
  out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$3s" --timeout 5s -s "$here/$1" "$2")
  if grep -qE 'Non-2xx|Socket errors' <<<"$out"; then
    echo "wrk reported errors for $2:" >&2
    echo "$out" >&2
    return 1
  fi
  awk '/^Requests\/sec:/ { print $2 }' <<<"$out"
}

app=""
log=""

run_endpoints() {
  if ! command -v wrk >/dev/null; then
    echo "wrk is missing: installing it from Debian" >&2
    apt-get update -qq && apt-get install -y -qq wrk >/dev/null
  fi

  dotnet build "$root/bench/Apinator.LoadApp/Apinator.LoadApp.csproj" -c Release -nologo -v q
  local port base
  port=$(free_port)
  log=$(mktemp)
  base="http://127.0.0.1:$port"
  dotnet "$root/bench/Apinator.LoadApp/bin/Release/net10.0/Apinator.LoadApp.dll" --urls "$base" >"$log" 2>&1 &
  app=$!
  trap 'kill "$app" 2>/dev/null || true; wait "$app" 2>/dev/null || true; rm -f "$log"' EXIT
  for _ in $(seq 1 100); do
    curl -fs -o /dev/null -X POST "$base/bare" && break
    kill -0 "$app" 2>/dev/null || { cat "$log" >&2; return 1; }
    sleep 0.2
  done

  # A delivery signed now: its time_ms stays within the endpoint's 5-minute max age for the run.
  local time_ms
  time_ms=$(($(date +%s%N) / 1000000))
  export WEBHOOK_KEY=$KEY
  export WEBHOOK_BODY="{\"time_ms\":$time_ms,\"events\":[{\"name\":\"channel_occupied\",\"channel\":\"private-bench\"}]}"
  WEBHOOK_SIGNATURE=$(printf '%s' "$WEBHOOK_BODY" | openssl dgst -sha256 -hmac "$SECRET" -r | cut -d' ' -f1)
  export WEBHOOK_SIGNATURE

  # Each endpoint must answer 200 before it is measured: a fast 4xx would flatter it.
  curl -fs -o /dev/null -X POST -H 'Content-Type: application/x-www-form-urlencoded' \
    --data 'socket_id=123456.7890123&channel_name=private-bench' "$base/realtime/auth"
  curl -fs -o /dev/null -X POST -H 'Content-Type: application/json' -H "X-Pusher-Key: $WEBHOOK_KEY" \
    -H "X-Pusher-Signature: $WEBHOOK_SIGNATURE" --data "$WEBHOOK_BODY" "$base/webhooks/apinator"

  # name script path; each bare run receives the same request as the endpoint it is compared with.
  local runs=("bare-form auth.lua /bare" "auth auth.lua /realtime/auth" "bare-json webhook.lua /bare" "webhook webhook.lua /webhooks/apinator")
  local run name script path
  for run in "${runs[@]}"; do
    read -r name script path <<<"$run"
    measure "$script" "$base$path" "$WARMUP" >/dev/null
  done

  declare -A results=()
  local round rps
  for round in $(seq 1 "$ROUNDS"); do
    for run in "${runs[@]}"; do
      read -r name script path <<<"$run"
      rps=$(measure "$script" "$base$path" "$DURATION")
      results[$name]="${results[$name]:-} $rps"
      echo "round $round  $name  $rps req/s" >&2
    done
  done

  median() { tr ' ' '\n' <<<"$1" | grep -v '^$' | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
  # Each endpoint runs right after its bare twin, so the per-round ratio cancels most of the drift
  # of a shared machine; the table shows the median of those ratios.
  ratios() { paste -d' ' <(tr ' ' '\n' <<<"$1" | grep -v '^$') <(tr ' ' '\n' <<<"$2" | grep -v '^$') | awk '{ printf "%s ", $1 / $2 }'; }
  row() { # name, rps list, bare rps list
    local ratio
    ratio=$(median "$(ratios "$2" "$3")")
    awk -v name="$1" -v rps="$(median "$2")" -v ratio="$ratio" 'BEGIN { printf "| %s | %.0f | %.2f |\n", name, rps, ratio }'
  }
  echo
  echo "wrk -t$THREADS -c$CONNECTIONS, ${DURATION}s per run, $ROUNDS rounds (median requests/sec; median of per-round ratios), $(nproc) cores"
  echo "| endpoint | requests/sec | ratio to bare |"
  echo "|---|---:|---:|"
  row "bare (form request)" "${results[bare-form]}" "${results[bare-form]}"
  row "MapApinatorChannelAuth (private-bench, form)" "${results[auth]}" "${results[bare-form]}"
  row "bare (webhook request)" "${results[bare-json]}" "${results[bare-json]}"
  row "MapApinatorWebhooks<NoopHandler> (Pusher)" "${results[webhook]}" "${results[bare-json]}"

  kill "$app" 2>/dev/null || true
  wait "$app" 2>/dev/null || true
  trap - EXIT
  rm -f "$log"
}

run_trigger() {
  if [ ! -d "$root/tests/node/node_modules/pusher" ]; then
    echo "tests/node/node_modules is missing: npm ci there (for the Node SDK comparison)" >&2
    (cd "$root/tests/node" && npm ci --no-audit --no-fund) || echo "npm ci failed: the Node comparison will be skipped" >&2
  fi

  dotnet build "$root/bench/Apinator.TriggerBench/Apinator.TriggerBench.csproj" -c Release -nologo -v q
  # shellcheck disable=SC2086
  timeout 900 dotnet "$root/bench/Apinator.TriggerBench/bin/Release/net10.0/Apinator.TriggerBench.dll" $TRIGGER_ARGS
}

case "$what" in
  endpoints) run_endpoints ;;
  trigger) run_trigger ;;
  all) run_endpoints; run_trigger ;;
  *) echo "usage: $0 [endpoints|trigger|all]" >&2; exit 2 ;;
esac
