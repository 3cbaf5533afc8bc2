// Trigger throughput of the Node server SDK ("pusher" on npm) against the TriggerBench sink.
// Run by Apinator.TriggerBench (SINK_URL, CONCURRENCY, TOTAL, WARMUP); prints one JSON line.
// The SDK is resolved from tests/node/node_modules (npm ci there if it is missing).
import { createRequire } from "node:module";
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, "../../tests/node/package.json"));
const Pusher = require("pusher");

const sink = new URL(process.env.SINK_URL ?? "http://127.0.0.1:6001");
const concurrency = Number(process.env.CONCURRENCY ?? 64);
const total = Number(process.env.TOTAL ?? 20000);
const warmup = Number(process.env.WARMUP ?? 2000);
const deadlineMs = Number(process.env.DEADLINE_MS ?? 60000);

// A keep-alive agent sized like the .NET clients' pool, so connections are reused as they are there.
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
const pusher = new Pusher({
  appId: "4242",
  key: "pk-bench",
  secret: "sk-bench-9d81e5b4c0a64f2e8b1d7c3a",
  host: sink.hostname,
  port: sink.port,
  useTLS: false,
  agent,
});

async function run(count) {
  let next = 0;
  let failed = 0;
  const deadline = Date.now() + deadlineMs;
  async function worker() {
    while (next < count && Date.now() < deadline) {
      next++;
      try {
        const response = await pusher.trigger("bench-channel", "bench-event", { n: 1 });
        await response.text();
      } catch {
        failed++;
      }
    }
  }
  const started = process.hrtime.bigint();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { done: next, failed, seconds };
}

await run(warmup);
const result = await run(total);
agent.destroy();
console.log(JSON.stringify({ client: "node pusher " + require("pusher/package.json").version, requests: result.done, failed: result.failed, seconds: result.seconds, rps: result.done / result.seconds }));
