#!/usr/bin/env node
// Drives the MinimalApi sample's chat page in Debian's Chromium (playwright-core, system executable)
// with two users, and reports what each window showed as JSON lines on stdout, one per step:
//   {"step":"…","ok":true|false,"observed":…}
// The C# browser tests (tests/Apinator.Sample.BrowserTests) start the sample, run this script and
// assert on every line. Usage: node sample-chat.mjs <baseUrl> <screenshotDir> [pusher|apinator]
// The dialect says what the page must speak: pusher (pusher-js, user sign-in, webhook activity from
// Soketi) or apinator (realtime: frames with string data, no sign-in request).
import fs from 'node:fs';
import path from 'node:path';
import { expectIn, launch, newPage, report, signIn, texts } from './browser.mjs';

const [baseUrl, shotDir, dialect = 'pusher'] = process.argv.slice(2);
if (!baseUrl || !shotDir || !['pusher', 'apinator'].includes(dialect)) {
  console.error('usage: node sample-chat.mjs <baseUrl> <screenshotDir> [pusher|apinator]');
  process.exit(2);
}
fs.mkdirSync(shotDir, { recursive: true });

/** What the page put on the wire: socket URLs, frames sent, requests to the user sign-in endpoint. */
function watch(page) {
  const seen = { sockets: [], sent: [], userAuthRequests: 0 };
  page.on('request', (request) => { if (new URL(request.url()).pathname === '/realtime/user-auth') seen.userAuthRequests++; });
  page.on('websocket', (socket) => {
    seen.sockets.push(socket.url());
    socket.on('framesent', (frame) => seen.sent.push(typeof frame.payload === 'string' ? frame.payload : '<binary>'));
  });
  return seen;
}

/** Every sent frame in the dialect's shape; returns the offending frames (none is good). */
function offDialect(frames) {
  return frames.filter((raw) => {
    let frame;
    try { frame = JSON.parse(raw); } catch { return true; }
    if (dialect === 'apinator') return typeof frame.data !== 'string' || !/^(realtime:|client-)/.test(frame.event);
    return !/^(pusher:|client-)/.test(frame.event);
  });
}

let browser;
let failed = false;
try {
  browser = await launch();
  const a = await newPage(browser, { viewport: { width: 1280, height: 800 } });
  const b = await newPage(browser, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const wire = [watch(a), watch(b)];

  for (const [page, name] of [[a, 'alice'], [b, 'bob']]) failed ||= !await signIn(page, baseUrl, name);

  const both = (list) => list.includes('alice') && list.includes('bob');
  for (const [page, who] of [[a, 'alice'], [b, 'bob']]) {
    const ok = await expectIn(`presence-${who}`, page,
      () => { const m = [...document.querySelectorAll('#members li')].map((n) => n.textContent.trim()); return m.includes('alice') && m.includes('bob'); },
      null, () => texts(page, '#members li'));
    failed ||= !ok || !both(await texts(page, '#members li'));
  }

  await a.click('#message');
  await a.keyboard.type('hello fro', { delay: 30 });
  failed ||= !await expectIn('typing-seen-by-bob', b,
    () => document.getElementById('typing').textContent.includes('alice is typing'), null, () => b.textContent('#typing'));

  await a.keyboard.type('m alice', { delay: 10 });
  await a.click('#message-form button');
  for (const [page, who] of [[a, 'alice'], [b, 'bob']]) {
    failed ||= !await expectIn(`message-seen-by-${who}`, page,
      () => [...document.querySelectorAll('#messages li')].some((n) => n.textContent.includes('hello from alice')), null,
      () => texts(page, '#messages li'));
  }

  await b.click('#notify');
  failed ||= !await expectIn('notice-seen-by-bob', b,
    () => [...document.querySelectorAll('#notices li')].some((n) => n.textContent.includes('Hello bob')), null,
    () => texts(b, '#notices li'));

  await a.screenshot({ path: path.join(shotDir, 'alice-desktop.png'), fullPage: true });
  await b.screenshot({ path: path.join(shotDir, 'bob-phone.png'), fullPage: true });

  await b.click('#logout');
  failed ||= !await expectIn('bob-left-alice-list', a,
    () => { const m = [...document.querySelectorAll('#members li')].map((n) => n.textContent.trim()); return m.includes('alice') && !m.includes('bob'); },
    null, () => texts(a, '#members li'));

  if (dialect === 'pusher') {
    // Soketi sends webhooks to the sample; the Apinator stand-in does not.
    failed ||= !await expectIn('activity-shows-member-events', a,
      () => { const e = [...document.querySelectorAll('#activity li')].map((n) => n.dataset.event); return e.includes('member_added') && e.includes('member_removed'); },
      null, () => texts(a, '#activity li'));
  }

  const dialectShown = await a.evaluate(() => document.body.dataset.dialect);
  const userAuthRequests = wire.reduce((n, w) => n + w.userAuthRequests, 0);
  const sockets = wire.flatMap((w) => w.sockets);
  const offending = offDialect(wire.flatMap((w) => w.sent));
  const wireOk = dialectShown === dialect && offending.length === 0 && sockets.length >= 2
    && (dialect === 'apinator' ? userAuthRequests === 0 : userAuthRequests >= 2);
  report('wire', wireOk, { dialect: dialectShown, sockets, userAuthRequests, offending, sentEvents: [...new Set(wire.flatMap((w) => w.sent).map((raw) => { try { return JSON.parse(raw).event; } catch { return raw; } }))] });
  failed ||= !wireOk;

  await a.screenshot({ path: path.join(shotDir, 'alice-after-bob-left.png'), fullPage: true });
  report('screenshots', true, fs.readdirSync(shotDir).filter((f) => f.endsWith('.png')));
} catch (e) {
  failed = true;
  report('error', false, e && e.stack ? e.stack : String(e));
} finally {
  if (browser) await browser.close();
}
report('done', !failed, null);
process.exitCode = failed ? 1 : 0;
