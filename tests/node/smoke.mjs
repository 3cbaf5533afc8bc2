#!/usr/bin/env node
// Manual dev check of the Node side of the e2e infrastructure (not part of CI).
// Starts Soketi + a local auth/webhook HTTP server, drives pusher-js via driver.mjs, the Node SDK via
// sdk.mjs and a raw socket via observer.mjs. Prints PASS/FAIL lines; exit code 1 on any failure.
// SMOKE_VERBOSE=1 echoes every child line to stderr.
import http from 'node:http';
import crypto from 'node:crypto';
import { createRequire } from 'node:module';
import { startSoketi, freePort, JsonProc, sdk, sleep } from './harness.mjs';

const require = createRequire(import.meta.url);
const PusherServer = require('pusher');

const t0 = Date.now();
let passed = 0, failed = 0;
const cleanup = [];
async function check(name, fn) {
  const t = Date.now();
  try {
    const note = await fn();
    passed++;
    console.log(`PASS ${name} (${Date.now() - t} ms)${note ? ' - ' + note : ''}`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${name}: ${e && e.message ? e.message : e}`);
  }
}
function assert(cond, msg) { if (!cond) throw new Error(msg); }
const eq = (a, b) => JSON.stringify(a) === JSON.stringify(b);

const masterKey = crypto.randomBytes(32).toString('base64');

// ---- auth + webhook server --------------------------------------------------------------------
const authRequests = [];
const webhooks = [];
let server; // pusher SDK, set once soketi's port is known
function readBody(req) {
  return new Promise((resolve) => { let b = ''; req.on('data', (d) => { b += d; }); req.on('end', () => resolve(b)); });
}
function userFrom(req) {
  const cookie = req.headers.cookie || '';
  const m = /(?:^|;\s*)user=([^;]+)/.exec(cookie);
  return req.headers['x-test-user'] || (m && decodeURIComponent(m[1])) || null;
}
const httpServer = http.createServer(async (req, res) => {
  const body = await readBody(req);
  if (req.url === '/webhook') {
    webhooks.push({ at: Date.now(), headers: req.headers, body });
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    return;
  }
  const form = Object.fromEntries(new URLSearchParams(body));
  authRequests.push({ url: req.url, method: req.method, headers: req.headers, form });
  const user = userFrom(req);
  const json = (status, obj) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(obj));
  if (req.method !== 'POST') return json(405, { error: 'POST only' });
  if (req.url === '/pusher/auth') {
    if (!user || form.channel_name?.includes('forbidden')) return json(403, { error: 'forbidden' });
    const presence = form.channel_name.startsWith('presence-') ? { user_id: user, user_info: { name: user.toUpperCase() } } : undefined;
    return json(200, server.authorizeChannel(form.socket_id, form.channel_name, presence));
  }
  if (req.url === '/pusher/user-auth') {
    if (!user || user === 'nobody') return json(403, { error: 'forbidden' });
    return json(200, server.authenticateUser(form.socket_id, { id: user, user_info: { name: user } }));
  }
  json(404, { error: 'not found' });
});
const authPort = await freePort();
await new Promise((r) => httpServer.listen(authPort, '127.0.0.1', r));
const authBase = `http://127.0.0.1:${authPort}`;
cleanup.push(() => httpServer.close());

// ---- soketi ---------------------------------------------------------------------------------------
let soketi;
await check('soketi starts and /ready answers OK', async () => {
  soketi = await startSoketi({
    webhooks: [{ url: `${authBase}/webhook`, event_types: ['channel_occupied', 'channel_vacated', 'member_added', 'member_removed', 'client_event'] }],
  });
  cleanup.push(() => soketi.stop());
  const root = await (await fetch(`${soketi.url}/`)).text();
  return `port ${soketi.port}, ready after ${soketi.readyMs} ms, GET / -> ${root}`;
});
if (!soketi) { console.log('0 passed, 1 failed'); process.exit(1); }
const sdkConfig = { appId: 'app-id', key: 'app-key', secret: 'app-secret', host: '127.0.0.1', port: soketi.port, useTLS: false, encryptionMasterKeyBase64: masterKey };
server = new PusherServer(sdkConfig);

const driverConfig = (extra = {}) => ({
  key: 'app-key', wsHost: '127.0.0.1', wsPort: soketi.port, forceTLS: false, cluster: 'mt1', enabledTransports: ['ws'],
  channelAuthorization: { endpoint: `${authBase}/pusher/auth`, transport: 'ajax' },
  userAuthentication: { endpoint: `${authBase}/pusher/user-auth`, transport: 'ajax' },
  ...extra,
});
const procs = [];
function driver(name, extra) {
  const d = new JsonProc('driver.mjs', driverConfig(extra), name);
  procs.push(d);
  return d;
}
cleanup.push(() => procs.forEach((p) => p.kill()));

try {
  // alice authenticates by cookie, bob by a custom header.
  const a = driver('alice', { cookie: 'user=alice; other=1' });
  const b = driver('bob', { authHeaders: { 'X-Test-User': 'bob' } });

  await check('driver connects and reports socket_id', async () => {
    const ca = await a.waitFor((l) => l.type === 'connected', 5000, 'connected');
    const cb = await b.waitFor((l) => l.type === 'connected', 5000, 'connected');
    assert(/^\d+\.\d+$/.test(ca.socket_id) && /^\d+\.\d+$/.test(cb.socket_id), 'bad socket ids');
    assert(a.lines.some((l) => l.type === 'state' && l.current === 'connected'), 'no state line');
    return `alice ${ca.socket_id}, bob ${cb.socket_id}`;
  });

  await check('public channel: subscribe + SDK trigger (via sdk.mjs) reaches driver', async () => {
    await a.cmd({ cmd: 'subscribe', channel: 'smoke-public' });
    await a.waitFor((l) => l.type === 'subscribed' && l.channel === 'smoke-public', 5000, 'subscribed');
    const r = await sdk({ op: 'trigger', config: sdkConfig, channels: ['smoke-public'], event: 'greet', data: { hello: 'world' } });
    assert(r.status === 200, `trigger status ${r.status} ${r.body}`);
    const ev = await a.waitFor((l) => l.type === 'event' && l.event === 'greet', 5000, 'event greet');
    assert(eq(ev.data, { hello: 'world' }), `data ${JSON.stringify(ev.data)}`);
    return `sdk answer ${JSON.stringify(r)}`;
  });

  await check('private channel: XHR auth with Cookie header, subscribe, trigger', async () => {
    await a.cmd({ cmd: 'subscribe', channel: 'private-smoke' });
    await a.waitFor((l) => l.type === 'subscribed' && l.channel === 'private-smoke', 5000, 'subscribed private');
    const req = authRequests.find((r) => r.form.channel_name === 'private-smoke');
    assert(req.headers.cookie === 'user=alice; other=1', `cookie seen: ${req.headers.cookie}`);
    assert(req.headers['content-type'] === 'application/x-www-form-urlencoded', `content-type ${req.headers['content-type']}`);
    await server.trigger('private-smoke', 'secret', 'plain string');
    const ev = await a.waitFor((l) => l.type === 'event' && l.event === 'secret', 5000, 'event secret');
    assert(ev.data === 'plain string', `data ${JSON.stringify(ev.data)}`);
    return `auth form ${JSON.stringify(req.form)}`;
  });

  await check('client event on private channel between two drivers', async () => {
    await b.cmd({ cmd: 'subscribe', channel: 'private-smoke' });
    await b.waitFor((l) => l.type === 'subscribed' && l.channel === 'private-smoke', 5000, 'bob subscribed');
    const req = authRequests.find((r) => r.form.channel_name === 'private-smoke' && r.headers['x-test-user'] === 'bob');
    assert(req, 'X-Test-User header not seen by auth server');
    const r = await a.cmd({ cmd: 'trigger', channel: 'private-smoke', event: 'client-ping', data: { n: 1 } });
    assert(r.ok === true, `trigger reply ${JSON.stringify(r)}`);
    const ev = await b.waitFor((l) => l.type === 'event' && l.event === 'client-ping', 5000, 'client-ping');
    assert(eq(ev.data, { n: 1 }), 'data');
    await sleep(200);
    assert(!a.lines.some((l) => l.type === 'event' && l.event === 'client-ping'), 'sender got its own client event');
  });

  await check('subscription error is reported with HTTP status', async () => {
    await a.cmd({ cmd: 'subscribe', channel: 'private-forbidden' });
    const e = await a.waitFor((l) => l.type === 'subscription_error' && l.channel === 'private-forbidden', 5000, 'subscription_error');
    assert(e.status === 403, `status ${e.status}`);
    return JSON.stringify(e);
  });

  await check('presence channel: members, member_added/removed, client event user_id', async () => {
    await a.cmd({ cmd: 'subscribe', channel: 'presence-smoke' });
    const sa = await a.waitFor((l) => l.type === 'subscribed' && l.channel === 'presence-smoke', 5000, 'alice presence');
    assert(sa.members.me.id === 'alice' && sa.members.count === 1, `alice members ${JSON.stringify(sa.members)}`);
    await b.cmd({ cmd: 'subscribe', channel: 'presence-smoke' });
    const sb = await b.waitFor((l) => l.type === 'subscribed' && l.channel === 'presence-smoke', 5000, 'bob presence');
    assert(sb.members.count === 2, `bob sees ${JSON.stringify(sb.members)}`);
    const added = await a.waitFor((l) => l.type === 'event' && l.event === 'pusher:member_added', 5000, 'member_added');
    assert(eq(added.data, { id: 'bob', info: { name: 'BOB' } }), `member_added ${JSON.stringify(added.data)}`);
    const m = await a.cmd({ cmd: 'members', channel: 'presence-smoke' });
    assert(m.count === 2 && m.members.map((x) => x.id).sort().join() === 'alice,bob', `members ${JSON.stringify(m)}`);
    await b.cmd({ cmd: 'trigger', channel: 'presence-smoke', event: 'client-wave', data: {} });
    const wave = await a.waitFor((l) => l.type === 'event' && l.event === 'client-wave', 5000, 'client-wave');
    assert(wave.user_id === 'bob', `user_id ${wave.user_id}`);
    await b.cmd({ cmd: 'unsubscribe', channel: 'presence-smoke' });
    const removed = await a.waitFor((l) => l.type === 'event' && l.event === 'pusher:member_removed', 5000, 'member_removed');
    assert(removed.data.id === 'bob', 'member_removed id');
    return `members reply ${JSON.stringify(m)}`;
  });

  await check('user sign-in + sendToUser', async () => {
    await a.cmd({ cmd: 'signin' });
    const s = await a.waitFor((l) => l.type === 'signin_success', 5000, 'signin_success');
    await a.waitFor((l) => l.type === 'user_subscribed', 5000, 'user_subscribed');
    const r = await sdk({ op: 'sendToUser', config: sdkConfig, user_id: 'alice', event: 'private-note', data: { for: 'alice' } });
    assert(r.status === 200, `sendToUser ${JSON.stringify(r)}`);
    const ue = await a.waitFor((l) => l.type === 'user_event' && l.event === 'private-note', 5000, 'user_event');
    assert(eq(ue.data, { for: 'alice' }), 'user event data');
    return `signin user_data ${s.user_data}`;
  });

  await check('user sign-in refused -> signin_error', async () => {
    const c = driver('nobody', { authHeaders: { 'X-Test-User': 'nobody' } });
    await c.waitFor((l) => l.type === 'connected', 5000, 'connected');
    await c.cmd({ cmd: 'signin' });
    const e = await c.waitFor((l) => l.type === 'signin_error', 5000, 'signin_error');
    assert(e.status === 403, `status ${e.status}`);
    c.kill();
  });

  await check('encrypted channel: pusher-js decrypts SDK event; observer frame decrypts via sdk.mjs', async () => {
    await a.cmd({ cmd: 'subscribe', channel: 'private-encrypted-smoke' });
    await a.waitFor((l) => l.type === 'subscribed' && l.channel === 'private-encrypted-smoke', 5000, 'encrypted subscribed');
    const o = new JsonProc('observer.mjs', { port: soketi.port, key: 'app-key' }, 'observer');
    procs.push(o);
    const { socket_id } = await o.waitFor((l) => l.type === 'connected', 5000, 'observer connected');
    const auth = await sdk({ op: 'authorizeChannel', config: sdkConfig, socket_id, channel: 'private-encrypted-smoke' });
    await o.cmd({ cmd: 'subscribe', channel: 'private-encrypted-smoke', auth: auth.auth });
    await o.waitFor((l) => l.type === 'frame' && l.raw.includes('subscription_succeeded'), 5000, 'observer subscribed');
    const r = await sdk({ op: 'encryptedTrigger', config: sdkConfig, channels: ['private-encrypted-smoke'], event: 'enc', data: { top: 'secret' } });
    assert(r.status === 200, `trigger ${JSON.stringify(r)}`);
    const ev = await a.waitFor((l) => l.type === 'event' && l.event === 'enc', 5000, 'enc event');
    assert(eq(ev.data, { top: 'secret' }), `driver data ${JSON.stringify(ev.data)}`);
    const frame = await o.waitFor((l) => l.type === 'frame' && l.raw.includes('"enc"'), 5000, 'enc frame');
    const payload = JSON.parse(JSON.parse(frame.raw).data);
    const d = await sdk({ op: 'decrypt', config: sdkConfig, channel: 'private-encrypted-smoke', data: payload });
    assert(d.ok && eq(d.json, { top: 'secret' }), `decrypt ${JSON.stringify(d)}`);
    o.kill();
    return `raw frame ${frame.raw.slice(0, 120)}...`;
  });

  await check('webhooks arrive promptly and validate with the SDK (via sdk.mjs)', async () => {
    const t = Date.now();
    const c = driver('carol', { authHeaders: { 'X-Test-User': 'carol' } });
    await c.waitFor((l) => l.type === 'connected', 5000, 'connected');
    await c.cmd({ cmd: 'subscribe', channel: 'smoke-hook' });
    await c.waitFor((l) => l.type === 'subscribed', 5000, 'subscribed');
    const subscribedAt = Date.now();
    for (let i = 0; i < 100 && !webhooks.some((w) => w.body.includes('smoke-hook')); i++) await sleep(20);
    const hook = webhooks.find((w) => w.body.includes('smoke-hook'));
    assert(hook, 'no channel_occupied webhook for smoke-hook');
    const v = await sdk({ op: 'webhook', config: sdkConfig, headers: hook.headers, body: hook.body });
    assert(v.valid === true && v.events[0].name === 'channel_occupied', `webhook check ${JSON.stringify(v)}`);
    c.kill();
    const kinds = [...new Set(webhooks.flatMap((w) => JSON.parse(w.body).events.map((e) => e.name)))];
    return `arrived ${hook.at - subscribedAt} ms after 'subscribed' (${hook.at - t} ms after start); kinds so far: ${kinds.join(',')}; ` +
      `headers ${JSON.stringify({ 'content-type': hook.headers['content-type'], 'x-pusher-key': hook.headers['x-pusher-key'], 'x-pusher-signature': hook.headers['x-pusher-signature'], 'user-agent': hook.headers['user-agent'] })}; body ${hook.body}`;
  });

  await check('driver: disconnect command, then quit exits', async () => {
    await a.cmd({ cmd: 'disconnect' });
    await a.waitFor((l) => l.type === 'disconnected', 5000, 'disconnected');
    await a.cmd({ cmd: 'quit' });
    const code = await new Promise((r) => (a.proc.exitCode !== null ? r(a.proc.exitCode) : a.proc.on('exit', r)));
    assert(code === 0, `exit code ${code}`);
    const stray = procs.flatMap((p) => p.lines.filter((l) => l.type === 'NON_JSON_STDOUT'));
    assert(stray.length === 0, `non-JSON stdout: ${JSON.stringify(stray)}`);
  });
} finally {
  for (const c of cleanup.reverse()) { try { c(); } catch { /* ignore */ } }
}
console.log(`total ${Date.now() - t0} ms`);
console.log(`${passed} passed, ${failed} failed`);
if (failed && process.env.SMOKE_VERBOSE) process.stderr.write(procs.map((p) => `--- ${p.name} stderr\n${p.stderr}`).join('\n'));
process.exit(failed ? 1 : 0);
