#!/usr/bin/env node
// Signs one user in to the sample's page in Chromium when the realtime connection cannot work, and
// reports (JSON lines, as sample-chat.mjs) what the page shows: the connection pill's state and the
// error banner. Usage: node sample-connection-error.mjs <baseUrl> <state> <screenshot.png>
//   state: the pill state the page must reach, e.g. failed (refused) or unavailable (unreachable).
import fs from 'node:fs';
import path from 'node:path';
import { launch, newPage, report, signIn } from './browser.mjs';

const [baseUrl, state, shot] = process.argv.slice(2);
if (!baseUrl || !state || !shot) {
  console.error('usage: node sample-connection-error.mjs <baseUrl> <state> <screenshot.png>');
  process.exit(2);
}

let browser;
let failed = false;
try {
  browser = await launch();
  const page = await newPage(browser, { viewport: { width: 1280, height: 800 } });
  failed ||= !await signIn(page, baseUrl, 'alice', [state]);
  const banner = page.locator('#error');
  const shown = { state: await page.getAttribute('#connection', 'data-state'), pill: await page.textContent('#connection'), visible: await banner.isVisible(), banner: (await banner.textContent()).trim() };
  const ok = shown.state === state && shown.visible && shown.banner.length > 0;
  report('error-shown', ok, shown);
  failed ||= !ok;
  fs.mkdirSync(path.dirname(shot), { recursive: true });
  await page.screenshot({ path: shot, fullPage: true });
} catch (e) {
  failed = true;
  report('error', false, e && e.stack ? e.stack : String(e));
} finally {
  if (browser) await browser.close();
}
report('done', !failed, null);
process.exitCode = failed ? 1 : 0;
