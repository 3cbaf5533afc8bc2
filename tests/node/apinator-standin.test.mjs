// The stand-in (apinator-standin.mjs) must be as strict as the browser test assumes: these tests
// drive it with the sample's dialect module and hand-signed REST calls.
// Run: node --test apinator-standin.test.mjs   (the C# suite runs it too: DialectModuleTests)
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import http from 'node:http';
import { createRequire } from 'node:module';
import { after, before, describe, test } from 'node:test';
import { WebSocket } from 'ws';
import { startApinatorStandin } from './apinator-standin.mjs';

const require = createRequire(import.meta.url);
const dialect = require('../../samples/MinimalApi/wwwroot/realtime-dialect.js');

const APP = { appId: '42', key: 'standin-key', secret: 'standin-secret' };
const hmac = (text, secret = APP.secret) => crypto.createHmac('sha256', secret).update(text).digest('hex');

function until(pred, what, timeoutMs = 5000) {
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + timeoutMs;
    const check = () => {
      const value = pred();
      if (value) return resolve(value);
      if (Date.now() > deadline) return reject(new Error(`timed out waiting for ${what}`));
      setTimeout(check, 5);
    };
    check();
  });
}

/** Signs a REST call the way PROTOCOL.md describes; `tamper` changes one input to prove it is checked. */
async function rest(standin, method, path, body, tamper = {}) {
  const text = body === undefined ? '' : JSON.stringify(body);
  const timestamp = String(tamper.timestamp ?? Math.floor(Date.now() / 1000));
  const md5 = text ? crypto.createHash('md5').update(text).digest('hex') : '';
  const signature = hmac(`${timestamp}\n${tamper.method ?? method}\n${tamper.path ?? path}\n${md5}`, tamper.secret);
  const response = await fetch(standin.url + path, {
    method,
    headers: {
      'X-Realtime-Key': tamper.key ?? APP.key,
      'X-Realtime-Timestamp': timestamp,
      'X-Realtime-Signature': signature,
      ...(text ? { 'Content-Type': 'application/json' } : {}),
    },
    body: text || undefined,
  });
  return { status: response.status, body: await response.json() };
}

describe('Apinator stand-in', () => {
  let standin;
  let authServer;
  let channelData = (user) => JSON.stringify({ user_id: user, user_info: { name: user } });
  const clients = [];

  before(async () => {
    standin = await startApinatorStandin(APP);
    // The app's auth endpoint, signing as the library does (the user comes from a header here).
    authServer = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => { body += c; });
      req.on('end', () => {
        const { socket_id: socketId, channel_name: channel } = JSON.parse(body);
        const user = req.headers['x-user'];
        const answer = channel.startsWith('presence-')
          ? { channel_data: channelData(user) }
          : {};
        const signed = answer.channel_data ? `${socketId}:${channel}:${answer.channel_data}` : `${socketId}:${channel}`;
        const secret = req.headers['x-wrong-secret'] ? 'wrong' : APP.secret;
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ auth: `${APP.key}:${hmac(signed, secret)}`, ...answer }));
      });
    });
    await new Promise((resolve) => authServer.listen(0, '127.0.0.1', resolve));
  });

  after(async () => {
    for (const c of clients) c.disconnect();
    await standin.close();
    await new Promise((resolve) => authServer.close(resolve));
  });

  async function connect(user, headers = {}, key = APP.key) {
    const c = new dialect.Client({
      key, url: `ws://127.0.0.1:${standin.port}`, WebSocket, reconnectDelayMs: 5, maxReconnectAttempts: 0,
      authEndpoint: `http://127.0.0.1:${authServer.address().port}/auth`, authHeaders: { 'X-User': user, ...headers },
    });
    clients.push(c);
    const settled = new Promise((resolve) => c.bind('state_change', ({ current }) => { if (current === 'connected' || current === 'failed') resolve(current); }));
    c.connect();
    assert.equal(await settled, key === APP.key ? 'connected' : 'failed');
    return c;
  }

  const subscribed = (channel) => new Promise((resolve, reject) => {
    channel.bind('realtime:subscription_succeeded', resolve);
    channel.bind('realtime:subscription_error', (e) => reject(new Error(JSON.stringify(e))));
  });

  test('presence, client events and a signed trigger between two people', async () => {
    const alice = await connect('alice');
    const bob = await connect('bob');
    const aliceChat = alice.subscribe('presence-chat');
    await subscribed(aliceChat);
    const bobChat = bob.subscribe('presence-chat');
    const added = new Promise((resolve) => aliceChat.bind('realtime:member_added', resolve));
    const bobMembers = await subscribed(bobChat);
    assert.deepEqual(bobMembers.toArray().map((m) => m.id).sort(), ['alice', 'bob']);
    assert.deepEqual(await added, { id: 'bob', info: { name: 'bob' } });

    const typing = new Promise((resolve) => bobChat.bind('client-typing', resolve));
    assert.equal(aliceChat.trigger('client-typing', { user: 'alice' }), true);
    assert.deepEqual(await typing, { user: 'alice' });

    const message = new Promise((resolve) => aliceChat.bind('message', resolve));
    const answer = await rest(standin, 'POST', `/apps/${APP.appId}/events`, { name: 'message', channel: 'presence-chat', data: '{"text":"hi"}' });
    assert.equal(answer.status, 200);
    assert.deepEqual(await message, { text: 'hi' });

    const channels = await rest(standin, 'GET', `/apps/${APP.appId}/channels`);
    assert.deepEqual(channels.body, { channels: [{ name: 'presence-chat', subscription_count: 2 }] });

    const removed = new Promise((resolve) => aliceChat.bind('realtime:member_removed', resolve));
    bob.disconnect();
    assert.equal((await removed).id, 'bob');
    assert.deepEqual(standin.events.filter((e) => e.type === 'violation'), []);
  });

  for (const [why, tamper] of [
    ['wrong secret', { secret: 'nope' }],
    ['query signed into the path', { path: `/apps/${APP.appId}/events?x=1` }],
    ['wrong method', { method: 'PUT' }],
    ['wrong key', { key: 'other' }],
    ['stale timestamp', { timestamp: Math.floor(Date.now() / 1000) - 3600 }],
  ]) {
    test(`REST refuses a bad signature: ${why}`, async () => {
      const answer = await rest(standin, 'POST', `/apps/${APP.appId}/events`, { name: 'x', channel: 'c', data: '{}' }, tamper);
      assert.equal(answer.status, 401);
      assert.equal(answer.body.status, 401);
    });
  }

  test('REST refuses data that is not a string', async () => {
    const answer = await rest(standin, 'POST', `/apps/${APP.appId}/events`, { name: 'x', channel: 'c', data: { a: 1 } });
    assert.equal(answer.status, 422);
  });

  test('a channel auth signed with the wrong secret is refused with subscription_error', async () => {
    const mallory = await connect('mallory', { 'X-Wrong-Secret': '1' });
    const error = await subscribed(mallory.subscribe('private-chat')).catch((e) => JSON.parse(e.message));
    assert.deepEqual(error, { type: 'AuthError', error: 'Invalid signature', status: 401 });
  });

  test('presence channel_data without a user_info object is refused', async () => {
    const original = channelData;
    channelData = (user) => JSON.stringify({ user_id: user });
    try {
      // The dialect module would refuse it itself; speak raw frames to reach the server's check.
      const socket = new WebSocket(`ws://127.0.0.1:${standin.port}/app/${APP.key}?protocol=7&client=js&version=1.0.0`);
      const frames = [];
      socket.on('message', (raw) => frames.push(JSON.parse(raw.toString())));
      const established = await until(() => frames.find((f) => f.event === 'realtime:connection_established'), 'connection_established');
      const socketId = JSON.parse(established.data).socket_id;
      const data = JSON.stringify({ user_id: 'eve' });
      socket.send(JSON.stringify({
        event: 'realtime:subscribe',
        data: JSON.stringify({ channel: 'presence-chat', auth: `${APP.key}:${hmac(`${socketId}:presence-chat:${data}`)}`, channel_data: data }),
      }));
      const refused = await until(() => frames.find((f) => f.event === 'realtime:subscription_error'), 'subscription_error');
      assert.equal(refused.channel, 'presence-chat');
      assert.match(JSON.parse(refused.data).error, /user_info/);
      socket.close();
    } finally {
      channelData = original;
    }
  });

  test('an unknown app key gets realtime:error 4001 and the client fails', async () => {
    const c = await connect('alice', {}, 'no-such-key');
    assert.equal(c.lastError.code, 4001);
    assert.match(c.lastError.message, /does not exist/);
  });

  test('pusher: frames and non-string data are violations', async () => {
    const socket = new WebSocket(`ws://127.0.0.1:${standin.port}/app/${APP.key}?protocol=7&client=js&version=1.0.0`);
    const frames = [];
    socket.on('message', (raw) => frames.push(JSON.parse(raw.toString())));
    await until(() => frames.length > 0, 'connection_established');
    const before = standin.events.filter((e) => e.type === 'violation').length;
    socket.send(JSON.stringify({ event: 'pusher:signin', data: '{}' }));
    socket.send(JSON.stringify({ event: 'realtime:subscribe', data: { channel: 'news' } }));
    await until(() => frames.filter((f) => f.event === 'realtime:error').length === 2, 'two realtime:error frames');
    const violations = standin.events.filter((e) => e.type === 'violation').slice(before).map((e) => e.detail);
    assert.deepEqual(violations, ['unsupported event pusher:signin', 'data is not a string']);
    socket.close();
  });
});
