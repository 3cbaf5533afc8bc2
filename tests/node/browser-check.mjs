#!/usr/bin/env node
// Checks that playwright-core can drive Debian's Chromium headless: serves a tiny page on loopback,
// opens it, evaluates JS and writes a screenshot. Prints timings; exit 0 on success.
// Usage: node browser-check.mjs [screenshot.png]   (env CHROMIUM_PATH overrides /usr/bin/chromium)
import { chromium } from 'playwright-core';
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const shot = process.argv[2] || path.join(os.tmpdir(), 'browser-check.png');
if (!fs.existsSync(executablePath)) {
  console.error(`FAIL ${executablePath} not found - run ./install-chromium.sh (as root) first`);
  process.exit(1);
}

const html = `<!doctype html><html><head><title>browser-check</title>
<style>body{font-family:sans-serif;background:#123;color:#fff;display:flex;align-items:center;justify-content:center;height:100vh;margin:0}
h1{font-size:48px}</style></head><body><h1 id="msg">loading</h1>
<script>document.getElementById('msg').textContent = 'Hello from headless Chromium ' + navigator.userAgent.match(/Chrome\\/([\\d.]+)/)[1];</script>
</body></html>`;
const server = http.createServer((req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(html));
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const url = `http://127.0.0.1:${server.address().port}/`;

const t0 = Date.now();
let browser;
try {
  browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS, timeout: 60000 });
  const tLaunch = Date.now();
  const page = await browser.newPage({ viewport: { width: 800, height: 400 } });
  await page.goto(url);
  const text = await page.textContent('#msg');
  await page.screenshot({ path: shot });
  const tDone = Date.now();
  console.log(`browser version: ${browser.version()}`);
  console.log(`page text: ${text}`);
  console.log(`launch ${tLaunch - t0} ms, page+screenshot ${tDone - tLaunch} ms, total ${tDone - t0} ms`);
  console.log(`screenshot: ${shot} (${fs.statSync(shot).size} bytes)`);
  if (!text.startsWith('Hello from headless Chromium')) throw new Error(`unexpected page text: ${text}`);
  console.log('PASS browser-check');
} catch (e) {
  console.log(`FAIL browser-check: ${e && e.message ? e.message : e}`);
  process.exitCode = 1;
} finally {
  if (browser) await browser.close();
  server.close();
}
