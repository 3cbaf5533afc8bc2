#!/usr/bin/env node
// pusher-js client driven over stdin/stdout with JSON lines (see README.md, "driver.mjs").
//
// Config: one JSON object as argv[2], or in env PUSHER_DRIVER_CONFIG.
//   {key, wsHost, wsPort, forceTLS:false, cluster:'mt1', enabledTransports:['ws'],
//    channelAuthorization:{endpoint, transport:'ajax', headers?}, userAuthentication:{endpoint, headers?},
//    authHeaders?: {...}   // added to both auth requests
//    cookie?: "a=b; c=d"   // sent as Cookie header on both auth requests
//    logToConsole?: bool   // pusher-js debug log, goes to stderr
//    ...any other pusher-js option}
// stdout: only JSON lines (events + replies). Diagnostics: stderr.
import Pusher from 'pusher-js';
import readline from 'node:readline';

// Nothing but protocol lines may reach stdout: route console output to stderr.
for (const m of ['log', 'info', 'warn', 'debug', 'error']) {
  console[m] = (...a) => process.stderr.write(a.map(x => (typeof x === 'string' ? x : safeJson(x))).join(' ') + '\n');
}
Pusher.log = (msg) => process.stderr.write(`[pusher-js] ${msg}\n`);

function safeJson(x) {
  try { return JSON.stringify(x); } catch { return String(x); }
}
function out(obj) {
  process.stdout.write(JSON.stringify(obj) + '\n');
}
function errInfo(e) {
  if (e == null) return null;
  if (e instanceof Error) return { name: e.name, message: e.message, ...(e.status !== undefined ? { status: e.status } : {}) };
  if (typeof e === 'object') {
    const r = {};
    for (const [k, v] of Object.entries(e)) r[k] = v instanceof Error ? errInfo(v) : v;
    return r;
  }
  return e;
}

const raw = process.argv[2] ?? process.env.PUSHER_DRIVER_CONFIG ?? '{}';
let config;
try {
  config = JSON.parse(raw);
} catch (e) {
  process.stderr.write(`driver: bad config JSON: ${e.message}\n`);
  process.exit(2);
}
if (!config.key) {
  process.stderr.write('driver: config.key is required\n');
  process.exit(2);
}

// --- Node XHR polyfill quirks -------------------------------------------------------------
// pusher-js (node build) sends ajax auth requests with the bundled `xmlhttprequest` polyfill,
// which silently refuses "unsafe" headers such as Cookie (prints a warning). Disable that check so
// Cookie / any header in channelAuthorization.headers / userAuthentication.headers is sent.
const runtime = Pusher.Runtime;
const origCreateXHR = runtime.createXHR;
runtime.createXHR = function (...args) {
  const xhr = origCreateXHR.apply(this, args);
  if (typeof xhr.setDisableHeaderCheck === 'function') xhr.setDisableHeaderCheck(true);
  return xhr;
};
// Report every auth request outcome on stderr (helps debugging failing tests).
const origGetAuthorizers = runtime.getAuthorizers;
runtime.getAuthorizers = function (...args) {
  const auths = origGetAuthorizers.apply(this, args);
  const wrapped = {};
  for (const [name, fn] of Object.entries(auths)) {
    wrapped[name] = (ctx, query, opts, type, cb) => {
      process.stderr.write(`driver: ${type} request to ${opts.endpoint}: ${query}\n`);
      fn(ctx, query, opts, type, (err, data) => {
        process.stderr.write(`driver: ${type} response: ${err ? 'error ' + (err.message || err) : safeJson(data)}\n`);
        cb(err, data);
      });
    };
  }
  return wrapped;
};

// --- Build pusher-js options ------------------------------------------------------------
const { key, authHeaders, cookie, logToConsole, ...rest } = config;
const extraHeaders = { ...(authHeaders || {}) };
if (cookie) extraHeaders.Cookie = cookie;
const options = {
  cluster: 'mt1',
  forceTLS: false,
  enabledTransports: ['ws'],
  enableStats: false,
  ...rest,
};
for (const k of ['channelAuthorization', 'userAuthentication']) {
  if (options[k] || Object.keys(extraHeaders).length) {
    options[k] = { transport: 'ajax', ...(options[k] || {}) };
    options[k].headers = { ...extraHeaders, ...(options[k].headers || {}) };
  }
}
if (logToConsole) Pusher.logToConsole = true;

const pusher = new Pusher(key, options);

// --- Connection / user events ---------------------------------------------------------------
pusher.connection.bind('state_change', ({ previous, current }) => {
  out({ type: 'state', current, previous });
  if (current === 'connected') out({ type: 'connected', socket_id: pusher.connection.socket_id });
  if (current === 'disconnected') out({ type: 'disconnected' });
});
pusher.connection.bind('error', (e) => out({ type: 'error', error: errInfo(e) }));
// The constructor already moved initialized -> connecting before we could bind: report it.
if (pusher.connection.state !== 'initialized') out({ type: 'state', current: pusher.connection.state, previous: 'initialized' });

pusher.bind('pusher:signin_success', (data) => {
  out({ type: 'signin_success', user_data: data && data.user_data });
  // pusher-js then subscribes to "#server-to-user-<id>"; report when that is done, because
  // a real Pusher only delivers sendToUser events after it.
  setImmediate(() => {
    const ch = pusher.user.serverToUserChannel;
    if (!ch) return;
    const report = () => out({ type: 'user_subscribed', channel: ch.name });
    if (ch.subscribed) report();
    else ch.bind('pusher:subscription_succeeded', report);
  });
});
pusher.user.bind('pusher:signin_error', (e) => out({ type: 'signin_error', status: e && e.status, error: errInfo(e) }));
pusher.user.bind_global((event, data) => {
  if (event.startsWith('pusher:') || event.startsWith('pusher_internal:')) return;
  out({ type: 'user_event', event, data });
});

// --- Channels -------------------------------------------------------------------------------
const bound = new WeakSet();

function membersOf(channel) {
  const m = channel.members;
  if (!m) return null;
  const list = [];
  m.each((member) => list.push({ id: member.id, info: member.info }));
  return { me: m.me ? { id: m.me.id, info: m.me.info } : null, members: list, count: m.count };
}

function bindChannel(channel) {
  if (bound.has(channel)) return;
  bound.add(channel);
  // Channel.handleEvent gets the raw message (with user_id for presence client events);
  // bind_global callbacks only get (event, data), so remember the current message's user_id.
  let currentUserId;
  const origHandle = channel.handleEvent.bind(channel);
  channel.handleEvent = (ev) => {
    currentUserId = ev && ev.user_id;
    try { return origHandle(ev); } finally { currentUserId = undefined; }
  };
  channel.bind_global((event, data) => {
    if (event === 'pusher:subscription_succeeded') {
      const line = { type: 'subscribed', channel: channel.name, data: channel.members ? undefined : data };
      if (channel.members) line.members = membersOf(channel);
      out(line);
      return;
    }
    if (event === 'pusher:subscription_error') {
      out({ type: 'subscription_error', channel: channel.name, status: data && data.status, error: errInfo(data) });
      return;
    }
    if (event.startsWith('pusher_internal:')) return;
    const line = { type: 'event', channel: channel.name, event, data };
    if (currentUserId !== undefined) line.user_id = currentUserId;
    out(line);
  });
}

// --- Commands -------------------------------------------------------------------------------
function handle(msg) {
  const id = msg.id;
  const reply = (extra) => out({ type: 'reply', id, ok: true, ...extra });
  const fail = (error) => out({ type: 'reply', id, ok: false, error: String(error) });
  try {
    switch (msg.cmd) {
      case 'subscribe': {
        const ch = pusher.subscribe(msg.channel);
        bindChannel(ch);
        return reply({ channel: msg.channel });
      }
      case 'unsubscribe':
        pusher.unsubscribe(msg.channel);
        return reply({ channel: msg.channel });
      case 'trigger': {
        const ch = pusher.channel(msg.channel);
        if (!ch) return fail(`not subscribed to ${msg.channel}`);
        const sent = ch.trigger(msg.event, msg.data);
        return out({ type: 'reply', id, ok: !!sent, sent: !!sent });
      }
      case 'signin':
        pusher.signin();
        return reply();
      case 'members': {
        const ch = pusher.channel(msg.channel);
        if (!ch) return fail(`not subscribed to ${msg.channel}`);
        if (!ch.members) return fail(`${msg.channel} is not a presence channel`);
        return reply({ channel: msg.channel, subscribed: ch.subscribed, ...membersOf(ch) });
      }
      case 'state':
        return reply({ state: pusher.connection.state, socket_id: pusher.connection.socket_id ?? null,
          channels: pusher.allChannels().map(c => ({ name: c.name, subscribed: c.subscribed })),
          user: pusher.user.user_data });
      case 'connect':
        pusher.connect();
        return reply();
      case 'disconnect':
        pusher.disconnect();
        return reply();
      case 'quit':
        reply();
        return quit(0);
      default:
        return fail(`unknown cmd ${msg.cmd}`);
    }
  } catch (e) {
    return fail(e && e.message ? e.message : e);
  }
}

let quitting = false;
function quit(code) {
  if (quitting) return;
  quitting = true;
  try { pusher.disconnect(); } catch { /* ignore */ }
  // stdout to a pipe is synchronous on Linux; give the close frame a moment to leave.
  setTimeout(() => process.exit(code), 50);
}

const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
rl.on('line', (line) => {
  if (!line.trim()) return;
  let msg;
  try {
    msg = JSON.parse(line);
  } catch (e) {
    out({ type: 'reply', id: null, ok: false, error: `bad JSON: ${e.message}` });
    return;
  }
  handle(msg);
});
rl.on('close', () => quit(0));
process.on('SIGTERM', () => quit(0));
process.on('SIGINT', () => quit(0));
