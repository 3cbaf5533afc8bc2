// Helpers shared by smoke.mjs (and usable by other Node-side checks):
// free ports, starting/stopping Soketi, and a JSON-lines child process wrapper.
import { spawn } from 'node:child_process';
import net from 'node:net';
import readline from 'node:readline';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const here = path.dirname(fileURLToPath(import.meta.url));

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts Soketi on a fresh port and waits for GET /ready to answer "OK".
 * opts.webhooks: array as in SOKETI_DEFAULT_APP_WEBHOOKS; opts.env: extra env vars.
 * Returns {port, url, proc, readyMs, stop()}; stop() sends SIGKILL (Soketi ignores SIGTERM for seconds).
 */
export async function startSoketi(opts = {}) {
  const port = opts.port ?? await freePort();
  const metricsPort = await freePort();
  const env = {
    ...process.env,
    SOKETI_HOST: '127.0.0.1',
    SOKETI_PORT: String(port),
    SOKETI_METRICS_ENABLED: 'false',
    // The /usage server starts even with metrics disabled (default 0.0.0.0:9601): keep it on loopback, own port.
    SOKETI_METRICS_HOST: '127.0.0.1',
    SOKETI_METRICS_SERVER_PORT: String(metricsPort),
    SOKETI_DEFAULT_APP_ID: opts.appId ?? 'app-id',
    SOKETI_DEFAULT_APP_KEY: opts.key ?? 'app-key',
    SOKETI_DEFAULT_APP_SECRET: opts.secret ?? 'app-secret',
    SOKETI_DEFAULT_APP_USER_AUTHENTICATION: 'true',
    SOKETI_DEFAULT_APP_ENABLE_CLIENT_MESSAGES: 'true',
    // With user authentication on, Soketi closes (4009) sockets not signed in within this many ms (default 30000).
    SOKETI_USER_AUTHENTICATION_TIMEOUT: String(opts.userAuthTimeoutMs ?? 600000),
    SOKETI_WEBHOOKS_BATCHING: 'false',
    ...(opts.webhooks ? { SOKETI_DEFAULT_APP_WEBHOOKS: JSON.stringify(opts.webhooks) } : {}),
    ...(opts.env ?? {}),
  };
  const t0 = Date.now();
  const proc = spawn(process.execPath, [path.join(here, 'node_modules/@soketi/soketi/bin/server.js'), 'start'], {
    cwd: here, env, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  proc.stdout.on('data', (d) => { log += d; });
  proc.stderr.on('data', (d) => { log += d; });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (opts.timeoutMs ?? 30000);
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`soketi exited early (${proc.exitCode}):\n${log}`);
    try {
      const r = await fetch(`${url}/ready`);
      if (r.status === 200 && (await r.text()) === 'OK') break;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) { proc.kill('SIGKILL'); throw new Error(`soketi not ready:\n${log}`); }
    await sleep(50);
  }
  return {
    port, url, proc, readyMs: Date.now() - t0, log: () => log,
    stop() { if (proc.exitCode === null) proc.kill('SIGKILL'); },
  };
}

/** A child process that speaks JSON lines on stdin/stdout (driver.mjs, observer.mjs). */
export class JsonProc {
  constructor(script, arg, name = script) {
    this.name = name;
    this.lines = [];
    this.waiters = [];
    this.nextId = 1;
    this.stderr = '';
    this.proc = spawn(process.execPath, [path.join(here, script), JSON.stringify(arg)], {
      cwd: here, stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.proc.stderr.on('data', (d) => { this.stderr += d; });
    readline.createInterface({ input: this.proc.stdout }).on('line', (line) => {
      let obj;
      try { obj = JSON.parse(line); } catch { obj = { type: 'NON_JSON_STDOUT', line }; }
      this.lines.push(obj);
      if (process.env.SMOKE_VERBOSE) process.stderr.write(`  [${this.name}] ${line}\n`);
      for (const w of [...this.waiters]) if (w.pred(obj)) { this.waiters.splice(this.waiters.indexOf(w), 1); w.resolve(obj); }
    });
  }
  /** Resolves with the first line (already seen or future) that matches pred. */
  waitFor(pred, timeoutMs = 5000, what = 'line') {
    const seen = this.lines.find(pred);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const w = { pred, resolve };
      this.waiters.push(w);
      setTimeout(() => {
        const i = this.waiters.indexOf(w);
        if (i >= 0) { this.waiters.splice(i, 1); reject(new Error(`${this.name}: timeout waiting for ${what}`)); }
      }, timeoutMs);
    });
  }
  cmd(obj, timeoutMs = 5000) {
    const id = this.nextId++;
    this.proc.stdin.write(JSON.stringify({ id, ...obj }) + '\n');
    return this.waitFor((l) => l.type === 'reply' && l.id === id, timeoutMs, `reply to ${obj.cmd}`);
  }
  kill() { if (this.proc.exitCode === null) this.proc.kill('SIGKILL'); }
}

/** Runs sdk.mjs once with a request object; resolves with the parsed JSON answer. */
export function sdk(request) {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [path.join(here, 'sdk.mjs'), JSON.stringify(request)], { cwd: here });
    let o = '', e = '';
    p.stdout.on('data', (d) => { o += d; });
    p.stderr.on('data', (d) => { e += d; });
    p.on('close', (code) => {
      try { resolve({ code, ...JSON.parse(o) }); } catch { reject(new Error(`sdk.mjs rc=${code} out=${o} err=${e}`)); }
    });
  });
}
