// The Apinator chat sample: presence list, messages, typing indicator (client events), a private
// notification channel and the webhook activity feed. Plain JS, no build step. It speaks to the
// realtime server through realtime.js, which picks pusher-js or Apinator's dialect from /api/config.
'use strict';

const $ = (id) => document.getElementById(id);
let realtime = null;
let me = null;
let activityTimer = null;
const typingTimers = new Map();

function showError(message) {
  const banner = $('error');
  banner.textContent = message;
  banner.hidden = !message;
}

async function problemText(response) {
  try {
    const problem = await response.json();
    return problem.detail || problem.title || `HTTP ${response.status}`;
  } catch {
    return `HTTP ${response.status}`;
  }
}

async function api(path, options = {}) {
  let response;
  try {
    response = await fetch(path, { credentials: 'same-origin', ...options });
  } catch {
    throw new Error('The server cannot be reached. Is the sample still running?');
  }
  if (!response.ok) throw new Error(await problemText(response));
  return response.status === 204 || response.status === 202 ? null : response.json();
}

function el(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

function renderMembers(members) {
  const list = $('members');
  list.replaceChildren();
  for (const member of members) {
    const item = el('li', member.info && member.info.name ? member.info.name : member.id, member.id === me.id ? 'me' : undefined);
    item.dataset.userId = member.id;
    list.append(item);
  }
  $('member-count').textContent = `(${members.length})`;
}

function addMessage(data) {
  const item = el('li');
  item.append(el('span', data.user, 'user'), el('span', data.text, 'text'));
  $('messages').append(item);
  item.scrollIntoView({ block: 'end' });
}

function showTyping(user) {
  clearTimeout(typingTimers.get(user));
  typingTimers.set(user, setTimeout(() => { typingTimers.delete(user); renderTyping(); }, 3000));
  renderTyping();
}

function renderTyping() {
  const users = [...typingTimers.keys()];
  $('typing').textContent = users.length === 0 ? '' : `${users.join(', ')} ${users.length === 1 ? 'is' : 'are'} typing…`;
}

async function refreshActivity() {
  try {
    const entries = await api('/api/activity');
    const list = $('activity');
    list.replaceChildren(...entries.slice(0, 20).map((entry) => {
      const item = el('li');
      item.append(el('code', entry.event), document.createTextNode(` ${entry.channel}${entry.userId ? ' · ' + entry.userId : ''}`));
      item.dataset.event = entry.event;
      return item;
    }));
  } catch (error) {
    showError(`Activity: ${error.message}`);
  }
}

async function connect() {
  const config = await api('/api/config');
  realtime = await SampleRealtime.open(config);
  document.body.dataset.dialect = realtime.dialect;

  realtime.onState((current, reason) => {
    const pill = $('connection');
    pill.dataset.state = current;
    pill.textContent = current;
    if (current === 'unavailable') {
      showError('The realtime server cannot be reached; retrying…');
    } else if (current === 'failed') {
      showError(`The realtime connection failed: ${reason || 'the realtime server cannot be reached.'}`);
    } else if (current === 'connected') {
      showError('');
    }
  });
  realtime.onError((message) => showError(`Realtime connection error: ${message}`));

  const refused = (channel) => (status) => showError(`Subscribing to ${channel} was refused${status ? ` (${status})` : ''}.`);

  const chat = realtime.subscribe('presence-chat');
  chat.onMembers(renderMembers);
  chat.onRefused(refused('presence-chat'));
  chat.bind('message', addMessage);

  const typing = realtime.subscribe('private-chat');
  typing.bind('client-typing', (data) => { if (data && data.user && data.user !== me.name) showTyping(data.user); });
  typing.onRefused(refused('private-chat'));

  const notices = realtime.subscribe(`private-user-${me.id}`);
  $('notify-channel').textContent = `private-user-${me.id}`;
  notices.bind('notice', (data) => $('notices').prepend(el('li', data.text)));
  notices.onRefused(refused(`private-user-${me.id}`));

  realtime.connect();
  if (realtime.signIn) realtime.signIn();

  let lastTyping = 0;
  $('message').oninput = () => {
    const now = Date.now();
    if (now - lastTyping > 1000 && typing.subscribed) {
      lastTyping = now;
      typing.trigger('client-typing', { user: me.name });
    }
  };

  refreshActivity();
  activityTimer = setInterval(refreshActivity, 1500);
}

function enterApp(user) {
  me = user;
  $('signin').hidden = true;
  $('app').hidden = false;
  $('logout').hidden = false;
  $('whoami').hidden = false;
  $('whoami').textContent = `signed in as ${user.name}`;
  connect().catch((error) => showError(error.message));
}

$('signin-form').onsubmit = async (event) => {
  event.preventDefault();
  try {
    const user = await api('/login', { method: 'POST', body: new URLSearchParams({ name: $('name').value.trim() }) });
    showError('');
    enterApp(user);
  } catch (error) {
    showError(error.message);
  }
};

$('message-form').onsubmit = async (event) => {
  event.preventDefault();
  const input = $('message');
  try {
    await api('/api/messages', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ text: input.value }) });
    input.value = '';
  } catch (error) {
    showError(error.message);
  }
};

$('notify').onclick = async () => {
  try {
    await api('/api/notify', { method: 'POST' });
  } catch (error) {
    showError(error.message);
  }
};

$('logout').onclick = async () => {
  if (realtime) realtime.disconnect();
  clearInterval(activityTimer);
  try { await api('/logout', { method: 'POST' }); } catch { /* signing out locally is enough */ }
  location.reload();
};

api('/api/me').then(enterApp).catch(() => { /* not signed in yet */ });
