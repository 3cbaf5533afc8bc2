// Apinator's browser dialect of the Pusher protocol, as far as the chat page needs it. Written for
// this sample because Apinator's own client (@apinator/client) is not on the npm registry the
// project installs from; the wire facts follow Apinator's published client (apinator-io/sdk-js):
//   socket URL  {base}/app/{key}?protocol=7&client=js&version=…
//   frames      {"event","channel"?,"data"} with data always a JSON *string*, subscribe included
//   events      realtime:connection_established, realtime:subscribe, realtime:unsubscribe,
//               realtime:subscription_succeeded, realtime:subscription_error, realtime:member_added,
//               realtime:member_removed, realtime:ping, realtime:pong, realtime:error (4000–4004 fatal)
//   auth        POST JSON {"socket_id","channel_name"} to the app's endpoint → {"auth","channel_data"?}
// Apinator has no user sign-in and no encrypted channels, so neither exists here.
//
// A classic script that also loads with require(): the page gets `window.ApinatorDialect`, the Node
// tests (tests/node/realtime-dialect.test.mjs) get the same object, with no build step.
(function (root, factory) {
  const api = factory(root);
  if (typeof module === 'object' && module.exports) module.exports = api;
  else root.ApinatorDialect = api;
}(typeof globalThis !== 'undefined' ? globalThis : this, (root) => {
  'use strict';

  const VERSION = '1.0.0';
  const PRESENCE = 'presence-';
  const PRIVATE = 'private-';

  /** Codes 4000–4004 in a realtime:error (or a close frame) mean: do not try again. */
  const isFatalCode = (code) => typeof code === 'number' && code >= 4000 && code <= 4004;

  /** The socket URL Apinator's client connects to; `base` is e.g. wss://ws-eu.apinator.io. */
  function socketUrl(base, key, version = VERSION) {
    const trimmed = String(base).replace(/\/+$/, '');
    return `${trimmed}/app/${encodeURIComponent(key)}?protocol=7&client=js&version=${encodeURIComponent(version)}`;
  }

  /** Frame data is a JSON string; anything that does not parse is handed on as it came. */
  function decode(data) {
    if (typeof data !== 'string') return data;
    try {
      return JSON.parse(data);
    } catch {
      return data;
    }
  }

  const isObject = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);

  /** The member this socket joins as, from the auth answer; null unless it is what Apinator's client accepts. */
  function presenceSelf(channelData) {
    const parsed = typeof channelData === 'string' ? decode(channelData) : null;
    if (!isObject(parsed) || typeof parsed.user_id !== 'string' || parsed.user_id.length === 0 || !isObject(parsed.user_info)) return null;
    return { id: parsed.user_id, info: parsed.user_info };
  }

  class Emitter {
    constructor() {
      this._bindings = new Map();
    }

    bind(event, callback) {
      if (!this._bindings.has(event)) this._bindings.set(event, new Set());
      this._bindings.get(event).add(callback);
      return this;
    }

    unbind(event, callback) {
      if (callback) this._bindings.get(event)?.delete(callback);
      else this._bindings.delete(event);
      return this;
    }

    _emit(event, data) {
      for (const callback of [...(this._bindings.get(event) ?? [])]) {
        try {
          callback(data);
        } catch (error) {
          // A failing handler must not break the connection, but it must not vanish either.
          setTimeout(() => { throw error; });
        }
      }
    }
  }

  /** The people on a presence channel, keyed by user id. */
  class Members {
    constructor() {
      this._members = new Map();
      this.me = null;
    }

    get count() {
      return this._members.size;
    }

    get(id) {
      return this._members.has(id) ? { id, info: this._members.get(id) } : null;
    }

    each(callback) {
      for (const [id, info] of this._members) callback({ id, info });
    }

    toArray() {
      return [...this._members].map(([id, info]) => ({ id, info }));
    }

    _reset(presence) {
      this._members.clear();
      if (!isObject(presence) || !Array.isArray(presence.ids)) return;
      const hash = isObject(presence.hash) ? presence.hash : {};
      for (const id of presence.ids) {
        if (typeof id === 'string' && id.length > 0) this._members.set(id, isObject(hash[id]) ? hash[id] : {});
      }
    }

    _clear() {
      this._members.clear();
      this.me = null;
    }
  }

  class Channel extends Emitter {
    constructor(client, name) {
      super();
      this.name = name;
      this.subscribed = false;
      this._client = client;
    }

    get requiresAuth() {
      return this.name.startsWith(PRIVATE) || this.name.startsWith(PRESENCE);
    }

    /** Sends a client event to the channel's other subscribers; false when it could not be sent. */
    trigger(event, data) {
      if (!String(event).startsWith('client-')) throw new Error('Client events must start with "client-".');
      if (!this.requiresAuth) throw new Error('Client events can only be triggered on private and presence channels.');
      if (!this.subscribed) return false;
      return this._client._send(event, data, this.name);
    }

    _handle(event, data) {
      if (event === 'realtime:subscription_succeeded') {
        this.subscribed = true;
        this._emit(event, data);
      } else if (event === 'realtime:subscription_error') {
        this._refused(isObject(data) ? data : { type: 'SubscriptionError', error: String(data), status: null });
      } else {
        this._emit(event, data);
      }
    }

    _refused(error) {
      this.subscribed = false;
      this._emit('realtime:subscription_error', error);
    }

    _lost() {
      this.subscribed = false;
    }
  }

  class PresenceChannel extends Channel {
    constructor(client, name) {
      super(client, name);
      this.members = new Members();
      this._pendingSelf = null;
    }

    _handle(event, data) {
      if (event === 'realtime:subscription_succeeded') {
        this.members._reset(isObject(data) ? data.presence : null);
        this.members.me = this._pendingSelf;
        this.subscribed = true;
        this._emit(event, this.members);
      } else if (event === 'realtime:member_added') {
        // The same checks Apinator's client makes: a member is a user id and an info object.
        if (!isObject(data) || typeof data.user_id !== 'string' || data.user_id.length === 0 || !isObject(data.user_info)) return;
        this.members._members.set(data.user_id, data.user_info);
        this._emit(event, { id: data.user_id, info: data.user_info });
      } else if (event === 'realtime:member_removed') {
        if (!isObject(data) || typeof data.user_id !== 'string' || !this.members._members.has(data.user_id)) return;
        const info = this.members._members.get(data.user_id);
        this.members._members.delete(data.user_id);
        this._emit(event, { id: data.user_id, info });
      } else {
        super._handle(event, data);
      }
    }

    _refused(error) {
      this.members._clear();
      super._refused(error);
    }

    _lost() {
      this.members._clear();
      super._lost();
    }
  }

  /**
   * One connection to an Apinator-dialect server.
   * options: key, url (the socket base, e.g. wss://ws-eu.apinator.io) or cluster, authEndpoint,
   * authHeaders, maxReconnectAttempts (6), reconnectDelayMs (1000, doubled per attempt, ≤ 30 s),
   * pongTimeoutMs (30 000), and for tests WebSocket / fetch.
   * Events: state_change {previous,current}, connected {socket_id}, error {type,code,message,fatal}.
   * States: initialized, connecting, connected, unavailable (lost, retrying), failed (refused or gave up), disconnected.
   */
  class Client extends Emitter {
    constructor(options) {
      super();
      if (!options || !options.key) throw new Error('An app key is required.');
      const base = options.url || (options.cluster ? `wss://ws-${options.cluster}.apinator.io` : null);
      if (!base) throw new Error('A socket URL or a cluster is required.');
      this.options = {
        authEndpoint: '/realtime/auth',
        authHeaders: {},
        maxReconnectAttempts: 6,
        reconnectDelayMs: 1000,
        maxReconnectDelayMs: 30000,
        pongTimeoutMs: 30000,
        version: VERSION,
        ...options,
      };
      this.url = socketUrl(base, options.key, this.options.version);
      this.state = 'initialized';
      this.socketId = null;
      this.lastError = null;
      this.channels = new Map();
      this._WebSocket = options.WebSocket || root.WebSocket;
      this._fetch = options.fetch || ((...args) => root.fetch(...args));
      this._ws = null;
      this._attempts = 0;
      this._timers = { reconnect: null, activity: null, pong: null };
      this._activityTimeoutMs = 120000;
    }

    connect() {
      if (this.state === 'connecting' || this.state === 'connected') return this;
      this.lastError = null;
      this._attempts = 0;
      this._open();
      return this;
    }

    disconnect() {
      this._clearTimers(true);
      const ws = this._ws;
      this._ws = null;
      if (ws) ws.close(1000, 'client disconnect');
      this._setState('disconnected');
      return this;
    }

    subscribe(name) {
      if (this.channels.has(name)) return this.channels.get(name);
      if (name.startsWith('private-encrypted-')) throw new Error('Apinator has no end-to-end encrypted channels.');
      const channel = name.startsWith(PRESENCE) ? new PresenceChannel(this, name) : new Channel(this, name);
      this.channels.set(name, channel);
      if (this.state === 'connected') this._subscribe(channel);
      return channel;
    }

    unsubscribe(name) {
      const channel = this.channels.get(name);
      if (!channel) return this;
      this.channels.delete(name);
      channel._lost();
      if (this.state === 'connected') this._send('realtime:unsubscribe', { channel: name });
      return this;
    }

    channel(name) {
      return this.channels.get(name) ?? null;
    }

    _open() {
      this._setState('connecting');
      let ws;
      try {
        if (typeof this._WebSocket !== 'function') throw new Error('This browser has no WebSocket support.');
        ws = new this._WebSocket(this.url);
      } catch (error) {
        this._fail({ type: 'WebSocketError', code: null, message: error.message });
        return;
      }

      this._ws = ws;
      ws.onmessage = (event) => { if (ws === this._ws) this._receive(event.data); };
      ws.onclose = (event) => { if (ws === this._ws) this._closed(event); };
      ws.onerror = () => { /* a close event always follows */ };
    }

    _receive(raw) {
      this._resetActivity();
      let frame;
      try {
        frame = JSON.parse(typeof raw === 'string' ? raw : String(raw));
      } catch {
        this._emit('error', { type: 'ProtocolError', code: null, message: 'The server sent a frame that is not JSON.', fatal: false });
        return;
      }

      if (!isObject(frame) || typeof frame.event !== 'string') return;
      const data = decode(frame.data);
      switch (frame.event) {
        case 'realtime:connection_established':
          this._established(data);
          return;
        case 'realtime:ping':
          this._send('realtime:pong', {});
          return;
        case 'realtime:pong':
          return;
        case 'realtime:error':
          this._serverError(isObject(data) ? data : { message: String(data) });
          return;
        default:
          if (typeof frame.channel === 'string') this.channels.get(frame.channel)?._handle(frame.event, data);
      }
    }

    _established(data) {
      if (!isObject(data) || typeof data.socket_id !== 'string') {
        this._emit('error', { type: 'ProtocolError', code: null, message: 'connection_established carried no socket id.', fatal: false });
        return;
      }

      this.socketId = data.socket_id;
      this._attempts = 0;
      const seconds = Number(data.activity_timeout);
      this._activityTimeoutMs = (Number.isFinite(seconds) && seconds > 0 ? seconds : 120) * 1000;
      this._resetActivity();
      this._setState('connected');
      this._emit('connected', { socket_id: this.socketId });
      for (const channel of this.channels.values()) this._subscribe(channel);
    }

    _serverError(data) {
      const code = typeof data.code === 'number' ? data.code : null;
      const error = { type: 'RealtimeError', code, message: data.message || 'The realtime server reported an error.', fatal: isFatalCode(code) };
      if (error.fatal) this._fail(error);
      else this._emit('error', error);
    }

    _closed(event) {
      this._ws = null;
      this._clearTimers(false);
      for (const channel of this.channels.values()) channel._lost();
      if (isFatalCode(event && event.code)) {
        this._fail({ type: 'RealtimeError', code: event.code, message: event.reason || 'The realtime server closed the connection.' });
        return;
      }

      const wasConnected = this.state === 'connected';
      const error = {
        type: 'WebSocketError',
        code: event && typeof event.code === 'number' ? event.code : null,
        message: wasConnected ? 'The connection to the realtime server was lost.' : `The realtime server at ${this.url.split('?')[0]} could not be reached.`,
        fatal: false,
      };
      this.lastError = error;
      this._emit('error', error);
      if (this._attempts >= this.options.maxReconnectAttempts) {
        this._fail({ ...error, message: `${error.message} Gave up after ${this._attempts} retries.` });
        return;
      }

      const delay = Math.min(this.options.reconnectDelayMs * 2 ** this._attempts, this.options.maxReconnectDelayMs);
      this._attempts++;
      this._setState('unavailable');
      this._timers.reconnect = setTimeout(() => {
        this._timers.reconnect = null;
        this._open();
      }, delay);
    }

    _fail(error) {
      this.lastError = { ...error, fatal: true };
      this._clearTimers(true);
      const ws = this._ws;
      this._ws = null;
      if (ws) ws.close(1000, 'refused');
      for (const channel of this.channels.values()) channel._lost();
      this._emit('error', this.lastError);
      this._setState('failed');
    }

    async _subscribe(channel) {
      const socketId = this.socketId;
      const payload = { channel: channel.name };
      if (channel.requiresAuth) {
        let answer;
        try {
          answer = await this._authorize(socketId, channel.name);
        } catch (error) {
          if (this.socketId === socketId && this.channels.get(channel.name) === channel) {
            channel._refused({ type: 'AuthError', error: error.message, status: error.status ?? null });
          }
          return;
        }

        // The socket or the subscription changed while the app answered: that answer is stale.
        if (this.socketId !== socketId || this.state !== 'connected' || this.channels.get(channel.name) !== channel) return;
        if (!isObject(answer) || typeof answer.auth !== 'string') {
          channel._refused({ type: 'AuthError', error: 'The auth endpoint answered without "auth".', status: 200 });
          return;
        }

        payload.auth = answer.auth;
        if (channel instanceof PresenceChannel) {
          const self = presenceSelf(answer.channel_data);
          if (!self) {
            channel._refused({ type: 'AuthError', error: 'Presence channel_data needs a non-empty user_id and a user_info object.', status: 200 });
            return;
          }

          channel._pendingSelf = self;
        }

        if (typeof answer.channel_data === 'string') payload.channel_data = answer.channel_data;
      }

      this._send('realtime:subscribe', payload);
    }

    async _authorize(socketId, channelName) {
      let response;
      try {
        response = await this._fetch(this.options.authEndpoint, {
          method: 'POST',
          credentials: 'same-origin',
          headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...this.options.authHeaders },
          body: JSON.stringify({ socket_id: socketId, channel_name: channelName }),
        });
      } catch (cause) {
        throw Object.assign(new Error(`The auth endpoint could not be reached: ${cause.message}`), { status: 0 });
      }

      if (!response.ok) {
        let detail = '';
        try {
          const problem = await response.json();
          detail = problem.detail || problem.title || '';
        } catch { /* not a problem document */ }
        throw Object.assign(new Error(`Auth failed with ${response.status}${detail ? `: ${detail}` : ''}`), { status: response.status });
      }

      return response.json();
    }

    /** Every frame's data goes out as a JSON string: Apinator's servers expect it double-encoded. */
    _send(event, data, channel) {
      const ws = this._ws;
      if (!ws || ws.readyState !== 1) return false;
      const frame = channel === undefined ? { event, data: JSON.stringify(data) } : { event, channel, data: JSON.stringify(data) };
      ws.send(JSON.stringify(frame));
      return true;
    }

    /** After activity_timeout of silence, ping; no answer within pongTimeoutMs means the link is dead. */
    _resetActivity() {
      clearTimeout(this._timers.activity);
      clearTimeout(this._timers.pong);
      this._timers.pong = null;
      const ws = this._ws;
      if (!ws) return;
      this._timers.activity = setTimeout(() => {
        this._send('realtime:ping', {});
        this._timers.pong = setTimeout(() => { if (ws === this._ws) ws.close(); }, this.options.pongTimeoutMs);
      }, this._activityTimeoutMs);
    }

    _clearTimers(includingReconnect) {
      clearTimeout(this._timers.activity);
      clearTimeout(this._timers.pong);
      this._timers.activity = this._timers.pong = null;
      if (includingReconnect) {
        clearTimeout(this._timers.reconnect);
        this._timers.reconnect = null;
      }
    }

    _setState(current) {
      const previous = this.state;
      if (previous === current) return;
      this.state = current;
      if (current !== 'connected') this.socketId = null;
      this._emit('state_change', { previous, current });
    }
  }

  return { Client, Channel, PresenceChannel, Members, socketUrl, isFatalCode, VERSION };
}));
