#!/usr/bin/env node
// Drives the MinimalApi sample's chat page in Debian's Chromium (playwright-core, system executable)
// with two users, and reports what each window showed as JSON lines on stdout, one per step:
//   {"step":"…","ok":true|false,"observed":…}
// The C# browser test (tests/Apinator.Sample.BrowserTests) starts the sample, runs this script and
// asserts on every line. Usage: node sample-chat.mjs <baseUrl> <screenshotDir>
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';

const [baseUrl, shotDir] = process.argv.slice(2);
if (!baseUrl || !shotDir) {
  console.error('usage: node sample-chat.mjs <baseUrl> <screenshotDir>');
  process.exit(2);
}
fs.mkdirSync(shotDir, { recursive: true });
const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const args = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const WAIT = 15000;

const report = (step, ok, observed) => process.stdout.write(JSON.stringify({ step, ok, observed }) + '\n');
const texts = (page, selector) => page.$$eval(selector, (nodes) => nodes.map((n) => n.textContent.trim()));

// Waits until `check` (run in the page) is true; reports the step either way and returns success.
async function expectIn(step, page, check, arg, observe) {
  let ok = true;
  try {
    await page.waitForFunction(check, arg, { timeout: WAIT, polling: 100 });
  } catch {
    ok = false;
  }
  report(step, ok, await observe());
  return ok;
}

let browser;
let failed = false;
try {
  browser = await chromium.launch({ executablePath, headless: true, args, timeout: 60000 });
  const a = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  const b = await (await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })).newPage();
  for (const page of [a, b]) page.on('pageerror', (e) => process.stderr.write(`page error: ${e.message}\n`));

  for (const [page, name] of [[a, 'alice'], [b, 'bob']]) {
    await page.goto(baseUrl);
    await page.fill('#name', name);
    await page.click('#signin-form button');
    const ok = await expectIn(`signin-${name}`, page, () => !document.getElementById('app').hidden
      && document.getElementById('connection').dataset.state === 'connected', null,
      async () => ({ connection: await page.textContent('#connection'), error: await page.textContent('#error') }));
    failed ||= !ok;
  }

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

  failed ||= !await expectIn('activity-shows-member-events', a,
    () => { const e = [...document.querySelectorAll('#activity li')].map((n) => n.dataset.event); return e.includes('member_added') && e.includes('member_removed'); },
    null, () => texts(a, '#activity li'));

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
