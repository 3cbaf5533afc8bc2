// Unit tests of the sample's Apinator dialect module (samples/MinimalApi/wwwroot/realtime-dialect.js)
// against a tiny in-process WebSocket server that plays the server side frame by frame.
// Run: node --test realtime-dialect.test.mjs   (the C# suite runs it too: DialectModuleTests)
import assert from 'node:assert/strict';
import http from 'node:http';
import { createRequire } from 'node:module';
import { after, before, describe, test } from 'node:test';
import { WebSocket, WebSocketServer } from 'ws';

const require = createRequire(import.meta.url);
const dialect = require('../../samples/MinimalApi/wwwroot/realtime-dialect.js');

const KEY = 'dialect-key';

/** Resolves with the first value of `list` (now or later) for which pred(value, index) holds. */
function waitIn(list, pred, what, timeoutMs = 5000) {
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + timeoutMs;
    const check = () => {
      const hit = list.find(pred);
      if (hit !== undefined) return resolve(hit);
      if (Date.now() > deadline) return reject(new Error(`timed out waiting for ${what}; saw ${JSON.stringify(list)}`));
      setTimeout(check, 5);
    };
    check();
  });
}

/** A WebSocket + HTTP server whose every connection the test drives by hand; POST /auth answers via `authAnswer`. */
class ScriptedServer {
  async start() {
    this.connections = [];
    this.authRequests = [];
    this.authAnswer = () => ({ status: 200, body: { auth: `${KEY}:signature` } });
    this.http = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => { body += chunk; });
      req.on('end', () => {
        this.authRequests.push({ method: req.method, url: req.url, contentType: req.headers['content-type'], body });
        const answer = this.authAnswer(JSON.parse(body));
        res.writeHead(answer.status, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(answer.body));
      });
    });
    this.wss = new WebSocketServer({ server: this.http });
    this.wss.on('connection', (ws, req) => {
      const connection = { ws, url: req.url, frames: [], closed: null };
      ws.on('message', (raw) => connection.frames.push(JSON.parse(raw.toString())));
      ws.on('close', (code) => { connection.closed = code; });
      this.connections.push(connection);
    });
    await new Promise((resolve) => this.http.listen(0, '127.0.0.1', resolve));
    this.port = this.http.address().port;
    return this;
  }

  get wsUrl() {
    return `ws://127.0.0.1:${this.port}`;
  }

  get authEndpoint() {
    return `http://127.0.0.1:${this.port}/auth`;
  }

  nextConnection() {
    return waitIn(this.connections, (c) => !c.taken && (c.taken = true), 'a connection');
  }

  async stop() {
    for (const c of this.connections) c.ws.terminate();
    await new Promise((resolve) => this.wss.close(resolve));
    await new Promise((resolve) => this.http.close(resolve));
  }
}

/** Sends a server frame the way Apinator does: data as a JSON string. */
function send(connection, event, data, channel) {
  connection.ws.send(JSON.stringify({ event, ...(channel ? { channel } : {}), data: JSON.stringify(data) }));
}

function client(server, options = {}) {
  const c = new dialect.Client({ key: KEY, url: server.wsUrl, authEndpoint: server.authEndpoint, WebSocket, ...options });
  c.states = [];
  c.errors = [];
  c.bind('state_change', ({ current }) => c.states.push(current));
  c.bind('error', (e) => c.errors.push(e));
  return c;
}

async function connected(server, options) {
  const c = client(server, options);
  c.connect();
  const connection = await server.nextConnection();
  send(connection, 'realtime:connection_established', { socket_id: '123.456', activity_timeout: 120 });
  await waitIn(c.states, (s) => s === 'connected', 'connected');
  return { c, connection };
}

describe('realtime dialect module', () => {
  let server;
  before(async () => { server = await new ScriptedServer().start(); });
  after(async () => { await server.stop(); });

  test('connects to /app/{key} with protocol 7, client js and a version, and reads the double-encoded socket id', async () => {
    const { c, connection } = await connected(server);
    const url = new URL(connection.url, 'ws://x');
    assert.equal(url.pathname, `/app/${KEY}`);
    assert.equal(url.searchParams.get('protocol'), '7');
    assert.equal(url.searchParams.get('client'), 'js');
    assert.equal(url.searchParams.get('version'), dialect.VERSION);
    assert.equal(c.socketId, '123.456');
    assert.deepEqual(c.states, ['connecting', 'connected']);
    c.disconnect();
    assert.equal(c.state, 'disconnected');
  });

  test('builds the cloud URL from a cluster', () => {
    const c = new dialect.Client({ key: 'k', cluster: 'eu', WebSocket });
    assert.equal(c.url, `wss://ws-eu.apinator.io/app/k?protocol=7&client=js&version=${dialect.VERSION}`);
  });

  test('a private channel POSTs JSON {socket_id, channel_name} to the auth endpoint and subscribes with data as a string', async () => {
    const { c, connection } = await connected(server);
    const channel = c.subscribe('private-chat');
    const subscribe = await waitIn(connection.frames, (f) => f.event === 'realtime:subscribe', 'realtime:subscribe');
    const auth = server.authRequests.at(-1);
    assert.equal(auth.method, 'POST');
    assert.match(auth.contentType, /^application\/json/);
    assert.deepEqual(JSON.parse(auth.body), { socket_id: '123.456', channel_name: 'private-chat' });
    assert.equal(typeof subscribe.data, 'string', 'subscribe data is a JSON string');
    assert.equal(subscribe.channel, undefined, 'the channel travels inside data only');
    assert.deepEqual(JSON.parse(subscribe.data), { channel: 'private-chat', auth: `${KEY}:signature` });

    const succeeded = new Promise((resolve) => channel.bind('realtime:subscription_succeeded', resolve));
    send(connection, 'realtime:subscription_succeeded', {}, 'private-chat');
    await succeeded;
    assert.equal(channel.subscribed, true);
    c.disconnect();
  });

  test('a public channel subscribes without asking the app', async () => {
    const { c, connection } = await connected(server);
    const before = server.authRequests.length;
    c.subscribe('news');
    const subscribe = await waitIn(connection.frames, (f) => f.event === 'realtime:subscribe', 'realtime:subscribe');
    assert.deepEqual(JSON.parse(subscribe.data), { channel: 'news' });
    assert.equal(server.authRequests.length, before);
    c.disconnect();
  });

  test('presence: members from subscription_succeeded, then member_added and member_removed', async () => {
    server.authAnswer = () => ({ status: 200, body: { auth: `${KEY}:p`, channel_data: '{"user_id":"alice","user_info":{"name":"Alice"}}' } });
    const { c, connection } = await connected(server);
    const chat = c.subscribe('presence-chat');
    const seen = [];
    chat.bind('realtime:subscription_succeeded', (members) => seen.push(['succeeded', members.toArray()]));
    chat.bind('realtime:member_added', (m) => seen.push(['added', m]));
    chat.bind('realtime:member_removed', (m) => seen.push(['removed', m]));
    const subscribe = await waitIn(connection.frames, (f) => f.event === 'realtime:subscribe', 'realtime:subscribe');
    assert.deepEqual(JSON.parse(subscribe.data), {
      channel: 'presence-chat', auth: `${KEY}:p`, channel_data: '{"user_id":"alice","user_info":{"name":"Alice"}}',
    });

    send(connection, 'realtime:subscription_succeeded', { presence: { count: 1, ids: ['alice'], hash: { alice: { name: 'Alice' } } } }, 'presence-chat');
    send(connection, 'realtime:member_added', { user_id: 'bob', user_info: { name: 'Bob' } }, 'presence-chat');
    send(connection, 'realtime:member_added', { user_id: 'mallory' }, 'presence-chat'); // no user_info: ignored
    send(connection, 'realtime:member_removed', { user_id: 'alice' }, 'presence-chat');
    await waitIn(seen, (s) => s[0] === 'removed', 'member_removed');

    assert.deepEqual(seen, [
      ['succeeded', [{ id: 'alice', info: { name: 'Alice' } }]],
      ['added', { id: 'bob', info: { name: 'Bob' } }],
      ['removed', { id: 'alice', info: { name: 'Alice' } }],
    ]);
    assert.deepEqual(chat.members.toArray(), [{ id: 'bob', info: { name: 'Bob' } }]);
    assert.equal(chat.members.count, 1);
    assert.deepEqual(chat.members.me, { id: 'alice', info: { name: 'Alice' } });
    c.disconnect();
  });

  for (const [why, channelData] of [
    ['user_info missing', '{"user_id":"alice"}'],
    ['user_info not an object', '{"user_id":"alice","user_info":"Alice"}'],
    ['user_id empty', '{"user_id":"","user_info":{}}'],
    ['no channel_data', undefined],
  ]) {
    test(`presence channel_data refused like Apinator's client does: ${why}`, async () => {
      server.authAnswer = () => ({ status: 200, body: { auth: `${KEY}:p`, ...(channelData ? { channel_data: channelData } : {}) } });
      const { c, connection } = await connected(server);
      const chat = c.subscribe('presence-chat');
      const error = await new Promise((resolve) => chat.bind('realtime:subscription_error', resolve));
      assert.equal(error.type, 'AuthError');
      assert.match(error.error, /user_id.*user_info/);
      assert.equal(chat.subscribed, false);
      assert.equal(connection.frames.filter((f) => f.event === 'realtime:subscribe').length, 0, 'nothing was sent to the server');
      c.disconnect();
    });
  }

  test('an auth endpoint that refuses becomes a subscription_error with its status', async () => {
    server.authAnswer = () => ({ status: 403, body: { title: 'Forbidden', detail: 'You may not do that.' } });
    const { c } = await connected(server);
    const channel = c.subscribe('private-user-bob');
    const error = await new Promise((resolve) => channel.bind('realtime:subscription_error', resolve));
    assert.deepEqual(error, { type: 'AuthError', error: 'Auth failed with 403: You may not do that.', status: 403 });
    c.disconnect();
  });

  test('a realtime:subscription_error from the server reaches the channel, parsed', async () => {
    server.authAnswer = () => ({ status: 200, body: { auth: `${KEY}:x` } });
    const { c, connection } = await connected(server);
    const channel = c.subscribe('private-chat');
    await waitIn(connection.frames, (f) => f.event === 'realtime:subscribe', 'realtime:subscribe');
    const error = new Promise((resolve) => channel.bind('realtime:subscription_error', resolve));
    send(connection, 'realtime:subscription_error', { type: 'AuthError', error: 'Invalid signature', status: 401 }, 'private-chat');
    assert.deepEqual(await error, { type: 'AuthError', error: 'Invalid signature', status: 401 });
    assert.equal(channel.subscribed, false);
    c.disconnect();
  });

  test('client events go out as {event, channel, data: string} and come in parsed', async () => {
    server.authAnswer = () => ({ status: 200, body: { auth: `${KEY}:x` } });
    const { c, connection } = await connected(server);
    const channel = c.subscribe('private-chat');
    assert.equal(channel.trigger('client-typing', { user: 'alice' }), false, 'not sent before the subscription succeeded');
    await waitIn(connection.frames, (f) => f.event === 'realtime:subscribe', 'realtime:subscribe');
    send(connection, 'realtime:subscription_succeeded', {}, 'private-chat');
    await new Promise((resolve) => channel.bind('realtime:subscription_succeeded', resolve));

    assert.equal(channel.trigger('client-typing', { user: 'alice' }), true);
    const sent = await waitIn(connection.frames, (f) => f.event === 'client-typing', 'client-typing');
    assert.deepEqual(sent, { event: 'client-typing', channel: 'private-chat', data: '{"user":"alice"}' });

    const received = new Promise((resolve) => channel.bind('client-typing', resolve));
    send(connection, 'client-typing', { user: 'bob' }, 'private-chat');
    assert.deepEqual(await received, { user: 'bob' });
    assert.throws(() => channel.trigger('typing', {}), /client-/);
    assert.throws(() => c.subscribe('news').trigger('client-x', {}), /private and presence/);
    c.disconnect();
  });

  test('answers realtime:ping with realtime:pong', async () => {
    const { c, connection } = await connected(server);
    send(connection, 'realtime:ping', {});
    const pong = await waitIn(connection.frames, (f) => f.event === 'realtime:pong', 'realtime:pong');
    assert.equal(typeof pong.data, 'string');
    c.disconnect();
  });

  test('pings after activity_timeout of silence, and reconnects when no pong comes', async () => {
    const c = client(server, { pongTimeoutMs: 100, reconnectDelayMs: 10 });
    c.connect();
    const first = await server.nextConnection();
    send(first, 'realtime:connection_established', { socket_id: '1.1', activity_timeout: 1 });
    const ping = await waitIn(first.frames, (f) => f.event === 'realtime:ping', 'realtime:ping');
    assert.deepEqual(ping, { event: 'realtime:ping', data: '{}' });
    // No pong: the client gives the link up and opens a new one.
    const second = await server.nextConnection();
    send(second, 'realtime:connection_established', { socket_id: '2.2', activity_timeout: 120 });
    await waitIn(c.states, (s, i) => s === 'connected' && c.states.indexOf('unavailable') < i, 'connected again');
    assert.equal(c.socketId, '2.2');
    c.disconnect();
  });

  test('a pong keeps the connection', async () => {
    const c = client(server, { pongTimeoutMs: 300 });
    c.connect();
    const connection = await server.nextConnection();
    send(connection, 'realtime:connection_established', { socket_id: '3.3', activity_timeout: 1 });
    await waitIn(connection.frames, (f) => f.event === 'realtime:ping', 'realtime:ping');
    send(connection, 'realtime:pong', {});
    // The next ping only comes after another quiet activity_timeout, so the link survived the first.
    await waitIn(connection.frames, (f) => f.event === 'realtime:ping' && f !== connection.frames.find((g) => g.event === 'realtime:ping'), 'a second ping', 4000);
    assert.equal(c.state, 'connected');
    assert.equal(connection.closed, null);
    c.disconnect();
  });

  for (const code of [4000, 4001, 4002, 4003, 4004]) {
    test(`realtime:error ${code} is fatal: failed state, the reason kept, no reconnect`, async () => {
      const { c, connection } = await connected(server, { reconnectDelayMs: 1 });
      send(connection, 'realtime:error', { code, message: `refused with ${code}` });
      await waitIn(c.states, (s) => s === 'failed', 'failed');
      assert.deepEqual(c.lastError, { type: 'RealtimeError', code, message: `refused with ${code}`, fatal: true });
      assert.equal(c.errors.at(-1).code, code);
      assert.equal(c._timers.reconnect, null, 'no reconnect is scheduled');
      assert.equal(c.socketId, null);
      c.disconnect();
    });
  }

  test('a non-fatal realtime:error is reported and the connection stays', async () => {
    const { c, connection } = await connected(server);
    send(connection, 'realtime:error', { code: 4301, message: 'Too many client events' });
    await waitIn(c.errors, (e) => e.code === 4301, 'error 4301');
    assert.equal(c.errors[0].fatal, false);
    assert.equal(c.state, 'connected');
    c.disconnect();
  });

  test('a close frame with a fatal code fails too', async () => {
    const { c, connection } = await connected(server, { reconnectDelayMs: 1 });
    connection.ws.close(4003, 'App disabled');
    await waitIn(c.states, (s) => s === 'failed', 'failed');
    assert.equal(c.lastError.code, 4003);
    assert.equal(c.lastError.message, 'App disabled');
  });

  test('an unreachable server: unavailable while retrying, then failed with the reason', async () => {
    const dead = await new ScriptedServer().start();
    await dead.stop();
    const c = client(dead, { reconnectDelayMs: 5, maxReconnectAttempts: 2 });
    c.connect();
    await waitIn(c.states, (s) => s === 'failed', 'failed');
    assert.deepEqual(c.states, ['connecting', 'unavailable', 'connecting', 'unavailable', 'connecting', 'failed']);
    assert.equal(c.lastError.type, 'WebSocketError');
    assert.match(c.lastError.message, /could not be reached\. Gave up after 2 retries\./);
    assert.ok(c.errors.length >= 3, 'every failed attempt was reported');
  });

  test('resubscribes its channels after a reconnect', async () => {
    server.authAnswer = () => ({ status: 200, body: { auth: `${KEY}:x` } });
    const { c, connection } = await connected(server, { reconnectDelayMs: 5 });
    const channel = c.subscribe('private-chat');
    await waitIn(connection.frames, (f) => f.event === 'realtime:subscribe', 'realtime:subscribe');
    send(connection, 'realtime:subscription_succeeded', {}, 'private-chat');
    await new Promise((resolve) => channel.bind('realtime:subscription_succeeded', resolve));
    connection.ws.close(1001, 'going away');
    const again = await server.nextConnection();
    assert.equal(channel.subscribed, false);
    send(again, 'realtime:connection_established', { socket_id: '9.9', activity_timeout: 120 });
    const subscribe = await waitIn(again.frames, (f) => f.event === 'realtime:subscribe', 'realtime:subscribe again');
    assert.equal(JSON.parse(subscribe.data).channel, 'private-chat');
    assert.deepEqual(JSON.parse(server.authRequests.at(-1).body), { socket_id: '9.9', channel_name: 'private-chat' });
    c.disconnect();
  });

  test('refuses encrypted channels, which Apinator does not have', () => {
    const c = client(server);
    assert.throws(() => c.subscribe('private-encrypted-chat'), /encrypted/);
  });
});
