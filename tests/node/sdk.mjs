#!/usr/bin/env node
// One-shot CLI around the Node `pusher` server SDK, for interop tests (see README.md, "sdk.mjs").
// Reads one JSON request from argv[2] (or stdin when argv[2] is absent or "-"), prints one JSON line.
// Exit code: 0 when the operation ran (an HTTP error status still exits 0 and is reported in
// "status"), 1 when it threw ({"error": ...} is printed), 2 for a bad request.
import { createRequire } from 'node:module';
import crypto from 'node:crypto';

const require = createRequire(import.meta.url);
const Pusher = require('pusher');
const nacl = require('tweetnacl');

for (const m of ['log', 'info', 'warn', 'debug']) {
  console[m] = (...a) => process.stderr.write(a.join(' ') + '\n');
}

async function readRequest() {
  const arg = process.argv[2];
  if (arg !== undefined && arg !== '-') return arg;
  const chunks = [];
  for await (const c of process.stdin) chunks.push(c);
  return Buffer.concat(chunks).toString('utf8');
}

function makePusher(cfg = {}) {
  const opts = {
    appId: cfg.appId ?? 'app-id',
    key: cfg.key ?? 'app-key',
    secret: cfg.secret ?? 'app-secret',
    useTLS: cfg.useTLS ?? false,
  };
  if (cfg.host !== undefined) opts.host = cfg.host;
  if (cfg.port !== undefined) opts.port = String(cfg.port);
  if (cfg.cluster !== undefined) opts.cluster = cfg.cluster;
  if (cfg.timeout !== undefined) opts.timeout = cfg.timeout;
  if (cfg.encryptionMasterKeyBase64) opts.encryptionMasterKeyBase64 = cfg.encryptionMasterKeyBase64;
  return new Pusher(opts);
}

// Settles an SDK HTTP call into {status, body}; non-2xx answers reject with RequestError in the SDK.
async function http(promise) {
  try {
    const res = await promise;
    return { status: res.status, body: await res.text() };
  } catch (e) {
    if (e && e.name === 'PusherRequestError') {
      return { status: e.status ?? null, body: e.body ?? null, error: e.message };
    }
    throw e;
  }
}

// Same derivation as pusher's Pusher.prototype.channelSharedSecret: sha256(channelName || masterKey).
function sharedSecret(channel, masterKeyBase64) {
  if (!masterKeyBase64) throw new Error('config.encryptionMasterKeyBase64 is required');
  const master = Buffer.from(masterKeyBase64, 'base64');
  return crypto.createHash('sha256').update(Buffer.concat([Buffer.from(channel), master])).digest();
}

async function run(req) {
  const cfg = req.config || {};
  switch (req.op) {
    case 'trigger':
    case 'encryptedTrigger': {
      const pusher = makePusher(cfg);
      const params = {};
      if (req.socket_id) params.socket_id = req.socket_id;
      if (req.info) params.info = req.info;
      return http(pusher.trigger(req.channels ?? [req.channel], req.event, req.data, params));
    }
    case 'triggerBatch':
      // req.batch: [{channel, name, data, socket_id?, info?}]
      return http(makePusher(cfg).triggerBatch(req.batch));
    case 'sendToUser':
      return http(makePusher(cfg).sendToUser(req.user_id, req.event, req.data));
    case 'terminateUserConnections':
      return http(makePusher(cfg).terminateUserConnections(req.user_id));
    case 'get':
      // req.path e.g. "/channels", "/channels/presence-x/users"; req.params: query params
      return http(makePusher(cfg).get({ path: req.path, params: req.params || {} }));
    case 'authorizeChannel':
      return makePusher(cfg).authorizeChannel(req.socket_id, req.channel, req.presence_data);
    case 'authenticateUser':
      return makePusher(cfg).authenticateUser(req.socket_id, req.user_data);
    case 'sharedSecret':
      return { shared_secret: sharedSecret(req.channel, cfg.encryptionMasterKeyBase64).toString('base64') };
    case 'encrypt': {
      // What the SDK puts in "data" for an encrypted channel (the data is JSON.stringify'd first).
      const nonce = nacl.randomBytes(24);
      const box = nacl.secretbox(Buffer.from(JSON.stringify(req.data), 'utf8'), nonce,
        sharedSecret(req.channel, cfg.encryptionMasterKeyBase64));
      return { nonce: Buffer.from(nonce).toString('base64'), ciphertext: Buffer.from(box).toString('base64') };
    }
    case 'decrypt': {
      const payload = typeof req.data === 'string' ? JSON.parse(req.data) : req.data;
      const opened = nacl.secretbox.open(
        new Uint8Array(Buffer.from(payload.ciphertext, 'base64')),
        new Uint8Array(Buffer.from(payload.nonce, 'base64')),
        new Uint8Array(sharedSecret(req.channel, cfg.encryptionMasterKeyBase64)));
      if (!opened) return { ok: false, error: 'decryption failed' };
      const plaintext = Buffer.from(opened).toString('utf8');
      let json;
      try { json = JSON.parse(plaintext); } catch { /* not JSON */ }
      return json === undefined ? { ok: true, plaintext } : { ok: true, plaintext, json };
    }
    case 'webhook': {
      const headers = {};
      for (const [k, v] of Object.entries(req.headers || {})) headers[k.toLowerCase()] = v;
      const wh = makePusher(cfg).webhook({ headers, rawBody: req.body });
      const valid = wh.isValid();
      return { valid, events: valid ? wh.getEvents() : [], time: valid ? wh.getTime().getTime() : null };
    }
    default:
      throw Object.assign(new Error(`unknown op ${req.op}`), { usage: true });
  }
}

let req;
try {
  req = JSON.parse(await readRequest());
} catch (e) {
  process.stdout.write(JSON.stringify({ error: `bad request JSON: ${e.message}` }) + '\n');
  process.exit(2);
}
try {
  const result = await run(req);
  process.stdout.write(JSON.stringify(result) + '\n');
  process.exit(0);
} catch (e) {
  process.stdout.write(JSON.stringify({ error: e && e.message ? e.message : String(e) }) + '\n');
  process.exit(e && e.usage ? 2 : 1);
}
