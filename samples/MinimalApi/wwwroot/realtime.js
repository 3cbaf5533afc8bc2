// One small face for the two browser dialects, so app.js does not care which one it talks:
//  - "pusher":   pusher-js (the local Soketi, Pusher Channels, Sockudo, Skubber), loaded only then;
//  - "apinator": the sample's own realtime-dialect.js (Apinator's realtime: protocol).
// SampleRealtime.open(config) → { dialect, onState(cb(state, reason)), onError(cb(message)),
//   subscribe(name) → { bind, onMembers(cb([{id, info}])), onRefused(cb(status)), trigger, subscribed },
//   connect(), signIn (a function, or null where the dialect has no user sign-in), disconnect() }.
(function (root) {
  'use strict';

  const CHANNEL_AUTH = '/realtime/auth';
  const USER_AUTH = '/realtime/user-auth';

  function loadScript(src) {
    return new Promise((resolve, reject) => {
      const script = document.createElement('script');
      script.src = src;
      script.onload = resolve;
      script.onerror = () => reject(new Error(`${src} could not be loaded.`));
      document.head.append(script);
    });
  }

  const describe = (error) => (error.code ? `${error.message} (code ${error.code})` : error.message);

  async function pusherDialect(config) {
    if (!root.Pusher) await loadScript('/lib/pusher.min.js');
    const pusher = new root.Pusher(config.key, {
      cluster: config.cluster || 'mt1',
      wsHost: config.wsHost || undefined,
      wsPort: config.wsPort || undefined,
      wssPort: config.wsPort || undefined,
      forceTLS: config.forceTls,
      enabledTransports: ['ws', 'wss'],
      channelAuthorization: { endpoint: CHANNEL_AUTH, transport: 'ajax' },
      userAuthentication: { endpoint: USER_AUTH, transport: 'ajax' },
    });
    const members = (channel) => {
      const list = [];
      channel.members.each((member) => list.push({ id: member.id, info: member.info }));
      return list;
    };

    return {
      dialect: 'pusher',
      onState: (callback) => pusher.connection.bind('state_change', ({ current }) => callback(current, null)),
      onError: (callback) => pusher.connection.bind('error', (error) => {
        const detail = error && error.error && error.error.data ? error.error.data.message : null;
        if (detail) callback(detail);
      }),
      subscribe(name) {
        const channel = pusher.subscribe(name);
        return {
          bind: (event, callback) => channel.bind(event, callback),
          onMembers(callback) {
            const changed = () => callback(members(channel));
            for (const event of ['pusher:subscription_succeeded', 'pusher:member_added', 'pusher:member_removed']) channel.bind(event, changed);
          },
          onRefused: (callback) => channel.bind('pusher:subscription_error', (status) => callback(status && status.status)),
          trigger: (event, data) => channel.trigger(event, data),
          get subscribed() { return channel.subscribed; },
        };
      },
      connect: () => pusher.connect(),
      signIn: () => pusher.signin(),
      disconnect: () => pusher.disconnect(),
    };
  }

  function apinatorDialect(config) {
    if (!config.webSocketUrl) throw new Error('No Apinator socket address is configured: set Apinator:Cluster, Apinator:BaseAddress or Apinator:Client:WebSocketUrl.');
    const client = new root.ApinatorDialect.Client({ key: config.key, url: config.webSocketUrl, authEndpoint: CHANNEL_AUTH });
    return {
      dialect: 'apinator',
      onState: (callback) => client.bind('state_change', ({ current }) =>
        callback(current, current === 'failed' && client.lastError ? describe(client.lastError) : null)),
      // Only what the server said; unreachable sockets show up as the unavailable/failed states.
      onError: (callback) => client.bind('error', (error) => { if (error.type === 'RealtimeError' && !error.fatal) callback(describe(error)); }),
      subscribe(name) {
        const channel = client.subscribe(name);
        return {
          bind: (event, callback) => channel.bind(event, callback),
          onMembers(callback) {
            const changed = () => callback(channel.members.toArray());
            for (const event of ['realtime:subscription_succeeded', 'realtime:member_added', 'realtime:member_removed']) channel.bind(event, changed);
          },
          onRefused: (callback) => channel.bind('realtime:subscription_error', (error) => callback(error && error.status)),
          trigger: (event, data) => channel.trigger(event, data),
          get subscribed() { return channel.subscribed; },
        };
      },
      connect: () => client.connect(),
      // Apinator's protocol has no user sign-in.
      signIn: null,
      disconnect: () => client.disconnect(),
    };
  }

  root.SampleRealtime = {
    open: (config) => (config.dialect === 'apinator' ? Promise.resolve().then(() => apinatorDialect(config)) : pusherDialect(config)),
  };
}(window));
