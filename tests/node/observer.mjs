#!/usr/bin/env node
// Raw Pusher-protocol WebSocket observer (see README.md, "observer.mjs").
// Config: one JSON object as argv[2] (or env OBSERVER_CONFIG):
//   {url?: "ws://127.0.0.1:6001/app/app-key?protocol=7&client=js&version=8.0.0",
//    host?: "127.0.0.1", port?: 6001, key?: "app-key",   // used to build url when url is absent
//    autoPong?: true,                                      // answer pusher:ping with pusher:pong
//    channels?: [{channel, auth?, channel_data?}]}         // subscribed right after connecting
// stdout: {"type":"connected","socket_id"} first, then {"type":"frame","raw"} for every frame
// received (the connection_established frame included), {"type":"reply",...} for commands,
// {"type":"closed","code","reason"} at the end. Diagnostics on stderr.
import WebSocket from 'ws';
import readline from 'node:readline';

const out = (o) => process.stdout.write(JSON.stringify(o) + '\n');
let config;
try {
  config = JSON.parse(process.argv[2] ?? process.env.OBSERVER_CONFIG ?? '{}');
} catch (e) {
  process.stderr.write(`observer: bad config JSON: ${e.message}\n`);
  process.exit(2);
}
const url = config.url ??
  `ws://${config.host ?? '127.0.0.1'}:${config.port ?? 6001}/app/${config.key ?? 'app-key'}?protocol=7&client=js&version=8.0.0`;
const autoPong = config.autoPong !== false;

let socketId = null;
const pending = []; // commands received before the connection was established
const ws = new WebSocket(url);

function send(obj) {
  ws.send(typeof obj === 'string' ? obj : JSON.stringify(obj));
}
function subscribeMsg(c) {
  const data = { channel: c.channel };
  if (c.auth !== undefined) data.auth = c.auth;
  if (c.channel_data !== undefined) data.channel_data = typeof c.channel_data === 'string' ? c.channel_data : JSON.stringify(c.channel_data);
  return { event: 'pusher:subscribe', data };
}

ws.on('message', (buf, isBinary) => {
  const raw = isBinary ? buf.toString('base64') : buf.toString('utf8');
  let msg = null;
  try { msg = JSON.parse(raw); } catch { /* not JSON */ }
  if (msg && msg.event === 'pusher:connection_established' && socketId === null) {
    try { socketId = JSON.parse(msg.data).socket_id; } catch { socketId = msg.data && msg.data.socket_id; }
    out({ type: 'connected', socket_id: socketId });
    out({ type: 'frame', raw });
    for (const c of config.channels || []) send(subscribeMsg(c));
    while (pending.length) handle(pending.shift());
    return;
  }
  out({ type: 'frame', raw, ...(isBinary ? { binary: true } : {}) });
  if (autoPong && msg && msg.event === 'pusher:ping') send({ event: 'pusher:pong', data: {} });
});
ws.on('close', (code, reason) => {
  out({ type: 'closed', code, reason: reason.toString() });
  process.exit(0);
});
ws.on('error', (e) => {
  process.stderr.write(`observer: websocket error: ${e.message}\n`);
  out({ type: 'error', error: e.message });
});

function handle(m) {
  const reply = (extra) => out({ type: 'reply', id: m.id, ok: true, ...extra });
  try {
    switch (m.cmd) {
      case 'subscribe': send(subscribeMsg(m)); return reply({ channel: m.channel });
      case 'unsubscribe': send({ event: 'pusher:unsubscribe', data: { channel: m.channel } }); return reply({ channel: m.channel });
      case 'trigger': send({ event: m.event, channel: m.channel, data: m.data }); return reply();
      case 'signin': send({ event: 'pusher:signin', data: { auth: m.auth, user_data: typeof m.user_data === 'string' ? m.user_data : JSON.stringify(m.user_data) } }); return reply();
      case 'ping': send({ event: 'pusher:ping', data: {} }); return reply();
      case 'send': send(m.raw); return reply(); // raw frame text, sent as-is
      case 'close': ws.close(m.code ?? 1000, m.reason ?? ''); return reply();
      case 'quit': reply(); ws.terminate(); return process.exit(0);
      default: return out({ type: 'reply', id: m.id, ok: false, error: `unknown cmd ${m.cmd}` });
    }
  } catch (e) {
    return out({ type: 'reply', id: m.id, ok: false, error: e.message });
  }
}

const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
rl.on('line', (line) => {
  if (!line.trim()) return;
  let m;
  try { m = JSON.parse(line); } catch (e) { out({ type: 'reply', id: null, ok: false, error: `bad JSON: ${e.message}` }); return; }
  if (m.cmd === 'quit' || socketId !== null) handle(m); else pending.push(m);
});
rl.on('close', () => { try { ws.terminate(); } catch { /* ignore */ } process.exit(0); });
