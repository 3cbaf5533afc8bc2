#!/usr/bin/env node
// A stand-in for Apinator's realtime service, strict about the parts the sample must get right:
//  - REST: every /apps/… call must carry X-Realtime-Key/-Timestamp/-Signature, where the signature is
//    hex HMAC-SHA256(secret, "{timestamp}\n{METHOD}\n{path}\n{body md5 or empty}") — checked here with
//    node:crypto, independently of the C# signer. POST /apps/{id}/events broadcasts to subscribers.
//  - WebSocket /app/{key}: Apinator's browser dialect (realtime: events, data always a JSON string),
//    channel auth verified on realtime:subscribe, presence, client events relayed.
// Anything the page gets wrong is refused the way a strict server would, and also printed as a
// {"type":"violation"} line so a test can assert there were none.
//
// CLI:   node apinator-standin.mjs '{"appId":"…","key":"…","secret":"…","port"?:0,"activityTimeout"?:120}'
//        prints {"type":"ready","port":N,"pid":P} once listening on 127.0.0.1, then one JSON line per
//        REST call, subscription, client event and violation. Stop it by its pid (SIGTERM).
// Module: startApinatorStandin(options) → {port, url, close(), events} for in-process tests.
import crypto from 'node:crypto';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import { WebSocketServer } from 'ws';

const CHANNEL = /^[A-Za-z0-9_\-=@,.;]{1,164}$/;
const MAX_CLOCK_SKEW_SECONDS = 300;

const hmacHex = (secret, text) => crypto.createHmac('sha256', secret).update(text, 'utf8').digest('hex');
const md5Hex = (bytes) => crypto.createHash('md5').update(bytes).digest('hex');

function sameText(a, b) {
  const left = Buffer.from(String(a), 'utf8');
  const right = Buffer.from(String(b), 'utf8');
  return left.length === right.length && crypto.timingSafeEqual(left, right);
}

function parseJson(text) {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

export async function startApinatorStandin(options) {
  const { appId, key, secret } = options;
  if (!appId || !key || !secret) throw new Error('appId, key and secret are required');
  const log = options.log ?? (() => {});
  const now = options.now ?? (() => Math.floor(Date.now() / 1000));
  const activityTimeout = options.activityTimeout ?? 120;
  const events = [];
  const record = (entry) => {
    events.push(entry);
    log(entry);
  };
  const violation = (detail, extra = {}) => record({ type: 'violation', detail, ...extra });

  /** channel name → Map(socket → member|null) */
  const channels = new Map();
  const sockets = new Set();

  const frame = (event, data, channel) => JSON.stringify(channel === undefined
    ? { event, data: typeof data === 'string' ? data : JSON.stringify(data) }
    : { event, channel, data: typeof data === 'string' ? data : JSON.stringify(data) });

  function members(name) {
    const hash = {};
    for (const member of channels.get(name)?.values() ?? []) if (member) hash[member.user_id] = member.user_info;
    const ids = Object.keys(hash);
    return { presence: { count: ids.length, ids, hash } };
  }

  function userStillThere(name, userId) {
    for (const member of channels.get(name)?.values() ?? []) if (member && member.user_id === userId) return true;
    return false;
  }

  function broadcast(name, text, except) {
    for (const socket of channels.get(name)?.keys() ?? []) if (socket !== except && socket.readyState === 1) socket.send(text);
  }

  function leave(socket, name) {
    const subscribers = channels.get(name);
    if (!subscribers || !subscribers.has(socket)) return;
    const member = subscribers.get(socket);
    subscribers.delete(socket);
    if (subscribers.size === 0) channels.delete(name);
    if (member && !userStillThere(name, member.user_id)) {
      broadcast(name, frame('realtime:member_removed', { user_id: member.user_id }, name));
      record({ type: 'member_removed', channel: name, user_id: member.user_id });
    }
  }

  function refuse(socket, name, status, error) {
    socket.send(frame('realtime:subscription_error', { type: 'AuthError', error, status }, name));
    record({ type: 'subscription_error', channel: name, status, error });
  }

  function subscribe(socket, data) {
    const name = data.channel;
    if (typeof name !== 'string' || !CHANNEL.test(name)) {
      socket.send(frame('realtime:error', { code: null, message: `Invalid channel name ${JSON.stringify(name)}` }));
      return violation('realtime:subscribe without a valid channel name', { data });
    }
    if (name.startsWith('private-encrypted-')) return refuse(socket, name, 400, 'Apinator has no end-to-end encrypted channels');

    let member = null;
    if (name.startsWith('private-') || name.startsWith('presence-')) {
      const presence = name.startsWith('presence-');
      const channelData = data.channel_data;
      if (typeof data.auth !== 'string') return refuse(socket, name, 401, 'auth is required for private and presence channels');
      if (presence && typeof channelData !== 'string') return refuse(socket, name, 400, 'channel_data (a JSON string) is required for presence channels');
      const signed = presence ? `${socket.id}:${name}:${channelData}` : `${socket.id}:${name}`;
      const expected = `${key}:${hmacHex(secret, signed)}`;
      if (!sameText(data.auth, expected)) return refuse(socket, name, 401, 'Invalid signature');
      if (presence) {
        const parsed = parseJson(channelData);
        // Apinator's client only joins with a non-empty user_id and a user_info object; hold the app to it.
        if (!parsed.ok || !isObject(parsed.value) || typeof parsed.value.user_id !== 'string' || parsed.value.user_id.length === 0
          || !isObject(parsed.value.user_info)) {
          return refuse(socket, name, 400, 'channel_data must be {"user_id":"…","user_info":{…}}');
        }
        member = { user_id: parsed.value.user_id, user_info: parsed.value.user_info };
      }
    }

    if (!channels.has(name)) channels.set(name, new Map());
    const subscribers = channels.get(name);
    const isNewUser = member && !userStillThere(name, member.user_id);
    subscribers.set(socket, member);
    socket.channels.add(name);
    socket.send(frame('realtime:subscription_succeeded', member ? members(name) : {}, name));
    record({ type: 'subscribed', channel: name, socket_id: socket.id, user_id: member?.user_id ?? null });
    if (isNewUser) broadcast(name, frame('realtime:member_added', member, name), socket);
  }

  function clientEvent(socket, message) {
    const name = message.channel;
    if (!(name?.startsWith('private-') || name?.startsWith('presence-'))) {
      socket.send(frame('realtime:error', { code: null, message: 'Client events are only allowed on private and presence channels' }));
      return violation('client event outside a private or presence channel', { channel: name });
    }
    if (!channels.get(name)?.has(socket)) {
      socket.send(frame('realtime:error', { code: null, message: `Not subscribed to ${name}` }));
      return violation('client event on a channel the socket is not subscribed to', { channel: name });
    }
    broadcast(name, frame(message.event, message.data, name), socket);
    record({ type: 'client_event', channel: name, event: message.event, socket_id: socket.id });
  }

  function receive(socket, raw) {
    const parsed = parseJson(raw.toString());
    if (!parsed.ok || !isObject(parsed.value) || typeof parsed.value.event !== 'string') {
      socket.send(frame('realtime:error', { code: null, message: 'Frames must be JSON objects with an event' }));
      return violation('frame is not a JSON object with an event', { raw: raw.toString().slice(0, 200) });
    }
    const message = parsed.value;
    // The dialect's defining rule: data travels as a JSON string, the subscribe message included.
    if (typeof message.data !== 'string') {
      socket.send(frame('realtime:error', { code: null, message: 'data must be a JSON string' }));
      return violation('data is not a string', { event: message.event });
    }
    const data = parseJson(message.data);
    switch (message.event) {
      case 'realtime:ping':
        socket.send(frame('realtime:pong', {}));
        return;
      case 'realtime:pong':
        return;
      case 'realtime:subscribe':
        if (!data.ok || !isObject(data.value)) return violation('realtime:subscribe data is not a JSON object string');
        return subscribe(socket, data.value);
      case 'realtime:unsubscribe':
        if (!data.ok || !isObject(data.value)) return violation('realtime:unsubscribe data is not a JSON object string');
        socket.channels.delete(data.value.channel);
        leave(socket, data.value.channel);
        record({ type: 'unsubscribed', channel: data.value.channel, socket_id: socket.id });
        return;
      default:
        if (message.event.startsWith('client-')) return clientEvent(socket, message);
        // pusher:… frames, user sign-in and anything else Apinator does not speak.
        socket.send(frame('realtime:error', { code: null, message: `Unsupported event ${message.event}` }));
        return violation(`unsupported event ${message.event}`);
    }
  }

  // REST ------------------------------------------------------------------------------------------
  function problem(res, status, title, detail, code) {
    res.writeHead(status, { 'Content-Type': 'application/problem+json' });
    res.end(JSON.stringify({ type: 'about:blank', title, status, detail, code }));
  }

  function json(res, status, body) {
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
  }

  function verify(req, path, body) {
    const header = (name) => req.headers[name.toLowerCase()];
    if (header('X-Realtime-Key') !== key) return 'X-Realtime-Key is missing or not the app key';
    const timestamp = header('X-Realtime-Timestamp');
    if (!/^\d+$/.test(timestamp ?? '')) return 'X-Realtime-Timestamp is missing or not Unix seconds';
    if (Math.abs(now() - Number(timestamp)) > MAX_CLOCK_SKEW_SECONDS) return 'X-Realtime-Timestamp is too far from the server clock';
    const bodyMd5 = body.length > 0 ? md5Hex(body) : '';
    const expected = hmacHex(secret, `${timestamp}\n${req.method}\n${path}\n${bodyMd5}`);
    if (!sameText(header('X-Realtime-Signature') ?? '', expected)) return 'X-Realtime-Signature does not match';
    if (body.length > 0 && !/^application\/json/i.test(header('Content-Type') ?? '')) return 'a body must be sent as application/json';
    return null;
  }

  function trigger(res, body) {
    const parsed = parseJson(body.toString('utf8'));
    if (!parsed.ok || !isObject(parsed.value)) return problem(res, 400, 'Invalid body', 'The body must be a JSON object.', 'invalid_body');
    const { name, data, channel, channels: many, socket_id: socketId } = parsed.value;
    if (typeof name !== 'string' || name.length === 0) return problem(res, 422, 'Invalid event', '"name" is required.', 'invalid_event');
    if (typeof data !== 'string') return problem(res, 422, 'Invalid data', '"data" must be a string.', 'invalid_data');
    if ((channel === undefined) === (many === undefined)) return problem(res, 422, 'Invalid channels', 'Give exactly one of "channel" and "channels".', 'invalid_channels');
    const targets = channel !== undefined ? [channel] : many;
    if (!Array.isArray(targets) || targets.some((c) => typeof c !== 'string' || !CHANNEL.test(c))) {
      return problem(res, 422, 'Invalid channels', 'Channel names use letters, digits and _ - = @ , . ;', 'invalid_channels');
    }
    let except = null;
    for (const socket of sockets) if (socket.id === socketId) except = socket;
    for (const target of targets) broadcast(target, frame(name, data, target), except);
    record({ type: 'trigger', channels: targets, event: name });
    return json(res, 200, {});
  }

  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const url = new URL(req.url, 'http://standin');
      const path = url.pathname;
      if (!path.startsWith('/apps/')) return problem(res, 404, 'Not found', `No route ${path}`, 'not_found');
      const failure = verify(req, path, body);
      record({ type: 'rest', method: req.method, path, verified: failure === null, ...(failure ? { failure } : {}) });
      if (failure) return problem(res, 401, 'Unauthorized', failure, 'invalid_signature');
      const [, , id, ...rest] = path.split('/');
      if (id !== String(appId)) return problem(res, 404, 'Unknown app', `No app ${id}`, 'app_not_found');
      const route = rest.map(decodeURIComponent);
      if (req.method === 'POST' && route.length === 1 && route[0] === 'events') return trigger(res, body);
      if (req.method === 'GET' && route.length === 1 && route[0] === 'channels') {
        const prefix = url.searchParams.get('filter_by_prefix') ?? '';
        return json(res, 200, {
          channels: [...channels].filter(([n]) => n.startsWith(prefix)).map(([n, s]) => ({ name: n, subscription_count: s.size })),
        });
      }
      if (req.method === 'GET' && route.length === 2 && route[0] === 'channels') {
        const subscribers = channels.get(route[1]);
        if (!subscribers) return problem(res, 404, 'Not found', `Channel ${route[1]} is not occupied`, 'channel_not_found');
        return json(res, 200, { name: route[1], occupied: true, subscription_count: subscribers.size });
      }
      return problem(res, 404, 'Not found', `No route ${req.method} ${path}`, 'not_found');
    });
  });

  // WebSocket -------------------------------------------------------------------------------------
  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    wss.handleUpgrade(req, socket, head, (ws) => {
      const url = new URL(req.url, 'http://standin');
      ws.id = `${crypto.randomInt(1, 2 ** 31)}.${crypto.randomInt(1, 2 ** 31)}`;
      ws.channels = new Set();
      const match = /^\/app\/([^/]+)$/.exec(url.pathname);
      const query = { protocol: url.searchParams.get('protocol'), client: url.searchParams.get('client'), version: url.searchParams.get('version') };
      record({ type: 'connection', path: url.pathname, ...query });
      if (!match || decodeURIComponent(match[1]) !== key) {
        ws.send(frame('realtime:error', { code: 4001, message: `App key ${match ? decodeURIComponent(match[1]) : '(none)'} does not exist` }));
        ws.close(4001, 'App does not exist');
        return;
      }
      if (query.protocol !== '7' || !query.client || !query.version) {
        violation('socket URL lacks protocol=7, client or version', { query });
        ws.send(frame('realtime:error', { code: 4007, message: 'Unsupported protocol version' }));
        ws.close(4007, 'Unsupported protocol version');
        return;
      }
      sockets.add(ws);
      ws.on('message', (raw) => receive(ws, raw));
      ws.on('close', () => {
        sockets.delete(ws);
        for (const name of ws.channels) leave(ws, name);
        record({ type: 'disconnected', socket_id: ws.id });
      });
      ws.send(frame('realtime:connection_established', { socket_id: ws.id, activity_timeout: activityTimeout }));
    });
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    events,
    sockets,
    close: () => new Promise((resolve) => {
      for (const socket of sockets) socket.terminate();
      wss.close();
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const config = JSON.parse(process.argv[2] ?? process.env.APINATOR_STANDIN_CONFIG ?? '{}');
  const print = (entry) => process.stdout.write(JSON.stringify(entry) + '\n');
  const standin = await startApinatorStandin({ ...config, log: print });
  print({ type: 'ready', port: standin.port, pid: process.pid });
  const stop = () => standin.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
